// Every keyboard shortcut of the window: what a key press means (matchShortcut, unit-tested
// without a DOM) and how the help overlay lists it. The app decides where each action applies
// (e.g. row moves only outside text fields and menus).
import { t } from "../i18n/i18n.svelte";

export type Action =
  | "open"
  | "open-url"
  | "library"
  | "paste"
  | "translate"
  | "stop"
  | "copy"
  | "copy-menu"
  | "export"
  | "select-all"
  | "clear"
  | "next"
  | "previous"
  | "extend-next"
  | "extend-previous"
  | "first"
  | "last"
  | "toggle-original"
  | "toggle-simplified"
  | "toggle-translation"
  | "cycle-layout"
  | "font-larger"
  | "font-smaller"
  | "font-reset"
  | "settings"
  | "find"
  | "help";

export interface KeyLike {
  key: string;
  /** The physical key: Alt+digit gives other characters in `key` on macOS. */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The action a key press asks for, or null. Ctrl and Cmd are both the command key. */
export function matchShortcut(e: KeyLike): Action | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (e.shiftKey) {
      if (key === "c") return "copy-menu";
      if (key === "o") return "library";
      if (key === "+" || key === "=") return "font-larger";
      return null;
    }
    switch (key) {
      case "o":
        return "open";
      case "l":
        return "open-url";
      case "v":
        return "paste";
      case "t":
        return "translate";
      case ".":
        return "stop";
      case "c":
        return "copy";
      case "e":
        return "export";
      case "a":
        return "select-all";
      case ",":
        return "settings";
      case "f":
        return "find";
      case "=":
      case "+":
        return "font-larger";
      case "-":
        return "font-smaller";
      case "0":
        return "font-reset";
    }
    return null;
  }
  if (e.altKey && !mod && !e.shiftKey) {
    switch (e.code) {
      case "Digit1":
        return "toggle-original";
      case "Digit2":
        return "toggle-simplified";
      case "Digit3":
        return "toggle-translation";
      case "KeyL":
        return "cycle-layout";
    }
    return null;
  }
  if (mod || e.altKey) return null;
  switch (key) {
    case "F1":
    case "?":
      return "help";
    case "Escape":
      return e.shiftKey ? null : "clear";
    case "j":
    case "ArrowDown":
      return e.shiftKey ? "extend-next" : "next";
    case "k":
    case "ArrowUp":
      return e.shiftKey ? "extend-previous" : "previous";
    case "Home":
      return e.shiftKey ? null : "first";
    case "End":
      return e.shiftKey ? null : "last";
  }
  return null;
}

/** Actions that move through the rows; they never apply inside a text field or a menu. */
export const ROW_ACTIONS: ReadonlySet<Action> = new Set([
  "next",
  "previous",
  "extend-next",
  "extend-previous",
  "first",
  "last",
]);

export interface HelpEntry {
  keys: string[];
  description: string;
}

export interface HelpGroup {
  title: string;
  entries: HelpEntry[];
}

/**
 * The help overlay's table, in the UI language (call it in markup or $derived). `mac` writes the
 * command key as ⌘ and Alt as ⌥.
 */
export function helpGroups(mac: boolean): HelpGroup[] {
  const cmd = (k: string) => (mac ? `⌘${k}` : `Ctrl+${k}`);
  const alt = (k: string) => (mac ? `⌥${k}` : `Alt+${k}`);
  const click = t("shortcuts.key.click");
  return [
    {
      title: t("shortcuts.group.documents"),
      entries: [
        { keys: [cmd("O")], description: t("shortcuts.openFile") },
        { keys: [cmd("V")], description: t("shortcuts.paste") },
        { keys: [cmd("L")], description: t("shortcuts.openUrl") },
        { keys: [mac ? "⇧⌘O" : "Ctrl+Shift+O"], description: t("shortcuts.library") },
        { keys: [cmd("T")], description: t("shortcuts.translate") },
        { keys: [cmd(".")], description: t("shortcuts.stop") },
        { keys: [cmd("E")], description: t("shortcuts.export") },
        { keys: [cmd("F")], description: t("shortcuts.find") },
      ],
    },
    {
      title: t("shortcuts.group.rows"),
      entries: [
        { keys: ["J", "↓"], description: t("shortcuts.next") },
        { keys: ["K", "↑"], description: t("shortcuts.previous") },
        { keys: ["Shift+J", "Shift+↓"], description: t("shortcuts.extend", { up: "Shift+K, Shift+↑" }) },
        { keys: ["Home", "End"], description: t("shortcuts.firstLast") },
        { keys: [click], description: t("shortcuts.selectRow") },
        { keys: [`Shift+${click}`], description: t("shortcuts.selectRange") },
        { keys: [mac ? `⌘${click}` : `Ctrl+${click}`, "Space"], description: t("shortcuts.toggleRow") },
        { keys: [cmd("A")], description: t("shortcuts.selectAll") },
        { keys: ["Esc"], description: t("shortcuts.clear") },
      ],
    },
    {
      title: t("shortcuts.group.copying"),
      entries: [
        { keys: [cmd("C")], description: t("shortcuts.copy") },
        { keys: [mac ? "⇧⌘C" : "Ctrl+Shift+C"], description: t("shortcuts.copyAs") },
      ],
    },
    {
      title: t("shortcuts.group.view"),
      entries: [
        { keys: [alt("1"), alt("2"), alt("3")], description: t("shortcuts.toggleColumns") },
        { keys: [alt("L")], description: t("shortcuts.cycleLayout") },
        { keys: [cmd("+"), cmd("−")], description: t("shortcuts.fontSize") },
        { keys: [cmd("0")], description: t("shortcuts.fontReset") },
        { keys: [cmd(",")], description: t("shortcuts.settings") },
        { keys: ["?", "F1"], description: t("shortcuts.help") },
      ],
    },
  ];
}
