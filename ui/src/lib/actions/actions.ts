// Everything the window does on a key press, in one table: each action's id, its name (an i18n
// key), its keys, where the keys apply and whether the webview keeps them when the action cannot
// run. The table drives
//   - the keyboard: App binds a handler (and an `enabled` test) to every id with `bindActions`,
//     and sends the window's key presses to the result's `keydown`;
//   - the help overlay (`helpGroups`): one row per action, in table order; actions with the same
//     name share a row (Home and End, Alt+1/2/3, larger and smaller text);
//   - the keys written in buttons' and menus' tooltips (`shortcutText("open")` is "Ctrl+O").
// To add a shortcut: a row here (and its name in the three message catalogs), then its handler
// in App.svelte, which the compiler asks for. How one combination is matched and written is in
// shortcuts.ts.
import { t } from "../i18n/i18n.svelte";
import type { KeysWithPrefix } from "../i18n/i18n";
import { inControl, isFormField } from "../app/dom";
import { isMac, keyText, matches, type KeyLike, type Shortcut } from "./shortcuts";

export type HelpGroupId = "documents" | "rows" | "copying" | "view";

/**
 * Where an action's keys apply: "anywhere" (also while typing in a field), "outside-fields" (not
 * in a text field or a select, where Ctrl+A/C/V keep their editing meaning), "rows" (neither in
 * fields nor in menus, dialogs and radio groups, whose arrow keys are their own).
 */
export type Where = "anywhere" | "outside-fields" | "rows";

/**
 * Whether a matching key press is taken from the webview (preventDefault): "always" (even when
 * the action cannot run now, so Ctrl+T never does something else), "when-enabled" (otherwise the
 * webview keeps its meaning: Ctrl+C copies text selected with the mouse, Escape reaches others),
 * "never" (the action only watches the key: Ctrl+V must still produce its paste event).
 */
export type TakesKey = "always" | "when-enabled" | "never";

export interface ActionSpec {
  readonly id: string;
  /** What the action does, as the help overlay says it. */
  readonly label: KeysWithPrefix<"shortcuts.">;
  readonly group: HelpGroupId;
  readonly keys: readonly Shortcut[];
  /** Default "outside-fields". */
  readonly where?: Where;
  /** Default "always". */
  readonly takesKey?: TakesKey;
  /** Done by each row itself (a click, Space on a focused row): in the help, not in the keyboard. */
  readonly byRow?: true;
}

const cmd = (key: string, more: Partial<Shortcut> = {}): Shortcut => ({ key, mod: true, ...more });
const alt = (code: string): Shortcut => ({ code, alt: true });
const key = (name: string, more: Partial<Shortcut> = {}): Shortcut => ({ key: name, ...more });
const shift = (name: string): Shortcut => ({ key: name, shift: true });
const click = (more: Partial<Shortcut> = {}): Shortcut => ({ click: true, ...more });

/** The table, in the help overlay's order. */
export const ACTIONS = [
  // ---- Documents ----
  { id: "open", label: "shortcuts.openFile", group: "documents", keys: [cmd("o")] },
  { id: "paste", label: "shortcuts.paste", group: "documents", keys: [cmd("v")], takesKey: "never" },
  { id: "open-url", label: "shortcuts.openUrl", group: "documents", keys: [cmd("l")] },
  { id: "library", label: "shortcuts.library", group: "documents", keys: [cmd("o", { shift: true })] },
  { id: "translate", label: "shortcuts.translate", group: "documents", keys: [cmd("t")] },
  { id: "stop", label: "shortcuts.stop", group: "documents", keys: [cmd(".")] },
  { id: "export", label: "shortcuts.export", group: "documents", keys: [cmd("e")] },
  { id: "find", label: "shortcuts.find", group: "documents", keys: [cmd("f")], where: "anywhere" },

  // ---- Rows ----
  { id: "next", label: "shortcuts.next", group: "rows", keys: [key("j"), key("ArrowDown")], where: "rows", takesKey: "when-enabled" },
  { id: "previous", label: "shortcuts.previous", group: "rows", keys: [key("k"), key("ArrowUp")], where: "rows", takesKey: "when-enabled" },
  { id: "extend-next", label: "shortcuts.extend", group: "rows", keys: [shift("j"), shift("ArrowDown")], where: "rows", takesKey: "when-enabled" },
  { id: "extend-previous", label: "shortcuts.extendUp", group: "rows", keys: [shift("k"), shift("ArrowUp")], where: "rows", takesKey: "when-enabled" },
  { id: "first", label: "shortcuts.firstLast", group: "rows", keys: [key("Home")], where: "rows", takesKey: "when-enabled" },
  { id: "last", label: "shortcuts.firstLast", group: "rows", keys: [key("End")], where: "rows", takesKey: "when-enabled" },
  { id: "select-row", label: "shortcuts.selectRow", group: "rows", keys: [click()], byRow: true },
  { id: "select-range", label: "shortcuts.selectRange", group: "rows", keys: [click({ shift: true })], byRow: true },
  { id: "toggle-row", label: "shortcuts.toggleRow", group: "rows", keys: [click({ mod: true }), key(" ")], byRow: true },
  { id: "select-all", label: "shortcuts.selectAll", group: "rows", keys: [cmd("a")] },
  { id: "clear", label: "shortcuts.clear", group: "rows", keys: [key("Escape")], takesKey: "when-enabled" },

  // ---- Copying ----
  { id: "copy", label: "shortcuts.copy", group: "copying", keys: [cmd("c")], takesKey: "when-enabled" },
  { id: "copy-menu", label: "shortcuts.copyAs", group: "copying", keys: [cmd("c", { shift: true })], takesKey: "when-enabled" },

  // ---- View ----
  { id: "toggle-original", label: "shortcuts.toggleColumns", group: "view", keys: [alt("Digit1")] },
  { id: "toggle-simplified", label: "shortcuts.toggleColumns", group: "view", keys: [alt("Digit2")] },
  { id: "toggle-translation", label: "shortcuts.toggleColumns", group: "view", keys: [alt("Digit3")] },
  { id: "cycle-layout", label: "shortcuts.cycleLayout", group: "view", keys: [alt("KeyL")] },
  {
    id: "font-larger",
    label: "shortcuts.fontSize",
    group: "view",
    // "+" is Shift+= on many layouts: both, with or without Shift.
    keys: [cmd("+"), cmd("=", { unlisted: true }), cmd("+", { shift: true, unlisted: true }), cmd("=", { shift: true, unlisted: true })],
  },
  { id: "font-smaller", label: "shortcuts.fontSize", group: "view", keys: [cmd("-")] },
  { id: "font-reset", label: "shortcuts.fontReset", group: "view", keys: [cmd("0")] },
  { id: "settings", label: "shortcuts.settings", group: "view", keys: [cmd(",")], where: "anywhere" },
  { id: "help", label: "shortcuts.help", group: "view", keys: [key("?", { shift: "any" }), key("F1", { shift: "any" })] },
] as const satisfies readonly ActionSpec[];

type Spec = (typeof ACTIONS)[number];

/** Every action in the table. */
export type ActionId = Spec["id"];

/** The actions the window runs on a key press (the rest are the rows' own). */
export type KeyActionId = Exclude<Spec, { byRow: true }>["id"];

export interface Handler {
  run: () => void;
  /** False while the action cannot run (nothing selected, no document); always true if left out. */
  enabled?: () => boolean;
}

/** One row of the bound table: the spec with its handler. */
export interface Action extends ActionSpec {
  readonly id: KeyActionId;
  run: () => void;
  enabled: () => boolean;
}

export interface Actions {
  /** The bound table, in order. */
  readonly list: readonly Action[];
  /** Runs the action if it is enabled; true when it ran (buttons and menus call this). */
  run(id: KeyActionId): boolean;
  /** The window's keydown: runs the action the key press asks for, where it applies. */
  keydown(e: KeyboardEvent): void;
}

const SPECS: readonly ActionSpec[] = ACTIONS;
const BY_ID = new Map(SPECS.map((spec) => [spec.id, spec]));
const KEYED = SPECS.filter((spec) => !spec.byRow) as readonly (ActionSpec & { id: KeyActionId })[];

/** The action a key press asks for, or null (wherever it happened; see `Actions.keydown`). */
export function matchShortcut(e: KeyLike): KeyActionId | null {
  return KEYED.find((spec) => spec.keys.some((k) => matches(k, e)))?.id ?? null;
}

function applies(where: Where, target: EventTarget | null): boolean {
  if (where === "anywhere") return true;
  if (isFormField(target)) return false;
  return where !== "rows" || !inControl(target);
}

/** Joins the table with the window's handlers (one for every key action, as the type demands). */
export function bindActions(handlers: Readonly<Record<KeyActionId, Handler>>): Actions {
  const list: Action[] = KEYED.map((spec) => {
    const handler = handlers[spec.id];
    return { ...spec, run: handler.run, enabled: handler.enabled ?? (() => true) };
  });
  const byId = new Map(list.map((action) => [action.id, action]));
  return {
    list,
    run(id) {
      const action = byId.get(id);
      if (!action?.enabled()) return false;
      action.run();
      return true;
    },
    keydown(e) {
      if (e.defaultPrevented) return;
      const id = matchShortcut(e);
      const action = id === null ? undefined : byId.get(id);
      if (!action || !applies(action.where ?? "outside-fields", e.target)) return;
      const enabled = action.enabled();
      const takes = action.takesKey ?? "always";
      if (takes === "always" || (takes === "when-enabled" && enabled)) e.preventDefault();
      if (enabled) action.run();
    },
  };
}

/** The first listed key of an action as this platform writes it ("Ctrl+O", "⇧⌘C"), for tooltips. */
export function shortcutText(id: ActionId, mac = isMac): string {
  const listed = BY_ID.get(id)?.keys.find((k) => !k.unlisted);
  return listed ? keyText(listed, mac) : "";
}

export interface HelpEntry {
  keys: string[];
  description: string;
}

export interface HelpGroup {
  title: string;
  entries: HelpEntry[];
}

const GROUP_TITLES: Readonly<Record<HelpGroupId, KeysWithPrefix<"shortcuts.group.">>> = {
  documents: "shortcuts.group.documents",
  rows: "shortcuts.group.rows",
  copying: "shortcuts.group.copying",
  view: "shortcuts.group.view",
};

/**
 * The help overlay's table, in the UI language (call it in markup or $derived): the groups in
 * order, each with its actions' listed keys. `mac` writes the command key as ⌘ and Alt as ⌥.
 */
export function helpGroups(mac = isMac): HelpGroup[] {
  return (Object.keys(GROUP_TITLES) as HelpGroupId[]).map((group) => {
    const entries: HelpEntry[] = [];
    let previous: ActionSpec | undefined;
    for (const spec of SPECS) {
      if (spec.group !== group) continue;
      const keys = spec.keys.filter((k) => !k.unlisted).map((k) => keyText(k, mac));
      if (previous?.label === spec.label) entries[entries.length - 1].keys.push(...keys);
      else entries.push({ keys, description: t(spec.label) });
      previous = spec;
    }
    return { title: t(GROUP_TITLES[group]), entries };
  });
}
