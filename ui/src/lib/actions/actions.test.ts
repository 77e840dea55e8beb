// @vitest-environment jsdom
// The action table drives the keyboard: every key of every action runs that action and no other,
// where the action applies; a disabled action runs nothing (and the webview keeps the keys it
// should); the help overlay's rows come from the same table.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ACTIONS, bindActions, helpGroups, type Handler, type KeyActionId } from "./actions";
import { keyText, type Shortcut } from "./shortcuts";
import { t } from "../i18n/i18n.svelte";

type Spies = Record<KeyActionId, { run: ReturnType<typeof vi.fn>; enabled: () => boolean }>;

/** A handler for every action, each a spy; `disabled` ones say they cannot run. */
function bound(disabled: KeyActionId[] = []) {
  const spies = {} as Spies;
  for (const spec of ACTIONS) {
    if ("byRow" in spec) continue;
    spies[spec.id] = { run: vi.fn(), enabled: () => !disabled.includes(spec.id) };
  }
  return { spies, actions: bindActions(spies as Record<KeyActionId, Handler>) };
}

/** Presses `shortcut` on `target` (the body by default) and hands the key press to `actions`. */
function press(actions: ReturnType<typeof bound>["actions"], shortcut: Shortcut, target: Element = document.body, meta = false) {
  const e = new KeyboardEvent("keydown", {
    key: shortcut.key ?? "¡",
    code: shortcut.code ?? "",
    ctrlKey: shortcut.mod === true && !meta,
    metaKey: shortcut.mod === true && meta,
    altKey: shortcut.alt === true,
    shiftKey: shortcut.shift === true,
    bubbles: true,
    cancelable: true,
  });
  const listener = (ev: Event) => actions.keydown(ev as KeyboardEvent);
  window.addEventListener("keydown", listener);
  target.dispatchEvent(e);
  window.removeEventListener("keydown", listener);
  return e;
}

const ran = (spies: Spies) => (Object.keys(spies) as KeyActionId[]).filter((id) => spies[id].run.mock.calls.length > 0);

afterEach(() => {
  document.body.innerHTML = "";
});

describe("the action table", () => {
  const keyed = ACTIONS.filter((spec) => !("byRow" in spec));

  it("runs each action from each of its keys, with Ctrl or Cmd, and nothing else", () => {
    for (const spec of keyed) {
      for (const shortcut of spec.keys) {
        for (const meta of shortcut.mod ? [false, true] : [false]) {
          const { spies, actions } = bound();
          press(actions, shortcut, document.body, meta);
          expect(ran(spies), `${spec.id} from ${keyText(shortcut, false)}`).toEqual([spec.id]);
        }
      }
    }
  });

  it("ignores key presses that are no action, or that something else already took", () => {
    const { spies, actions } = bound();
    press(actions, { key: "q" });
    press(actions, { key: "o", mod: true, alt: true });
    press(actions, { key: "x", mod: true });
    const taken = new KeyboardEvent("keydown", { key: "o", ctrlKey: true, cancelable: true });
    taken.preventDefault();
    actions.keydown(taken);
    expect(ran(spies)).toEqual([]);
  });

  it("runs nothing for a disabled action; the webview keeps the key only where the table says", () => {
    const { spies, actions } = bound(["translate", "clear", "copy", "next"]);
    // Ctrl+T is taken even so: it never does something else.
    expect(press(actions, { key: "t", mod: true }).defaultPrevented).toBe(true);
    // Escape, Ctrl+C (a mouse selection) and the arrows keep their usual meaning.
    expect(press(actions, { key: "Escape" }).defaultPrevented).toBe(false);
    expect(press(actions, { key: "c", mod: true }).defaultPrevented).toBe(false);
    expect(press(actions, { key: "ArrowDown" }).defaultPrevented).toBe(false);
    expect(ran(spies)).toEqual([]);
    expect(actions.run("translate")).toBe(false);
    expect(actions.run("open")).toBe(true);
    expect(ran(spies)).toEqual(["open"]);
  });

  it("takes the key of an enabled action from the webview, except Ctrl+V, which it only watches", () => {
    const { spies, actions } = bound();
    expect(press(actions, { key: "Escape" }).defaultPrevented).toBe(true);
    expect(press(actions, { key: "v", mod: true }).defaultPrevented).toBe(false);
    expect(ran(spies)).toEqual(["paste", "clear"]);
  });

  it("applies each action where it belongs: fields keep their keys, menus their arrows", () => {
    document.body.innerHTML = `<input id="field"><div role="menu"><button id="item">Item</button></div>`;
    const field = document.getElementById("field")!;
    const item = document.getElementById("item")!;
    const { spies, actions } = bound();
    for (const key of ["o", "a", "c", "v"]) press(actions, { key, mod: true }, field);
    press(actions, { key: "j" }, field);
    press(actions, { key: "ArrowDown" }, item);
    expect(ran(spies)).toEqual([]);
    // Find and Settings work from a field too; Ctrl+O works from a menu.
    press(actions, { key: "f", mod: true }, field);
    press(actions, { key: ",", mod: true }, field);
    press(actions, { key: "o", mod: true }, item);
    expect(ran(spies).sort()).toEqual(["find", "open", "settings"]);
  });

  it("lists every listed key of every action in the help, under the action's name", () => {
    const groups = helpGroups(false);
    for (const spec of ACTIONS) {
      const entry = groups.flatMap((g) => g.entries).find((e) => e.description === t(spec.label));
      expect(entry, spec.id).toBeDefined();
      for (const shortcut of spec.keys) {
        if (shortcut.unlisted) expect(entry!.keys).not.toContain(keyText(shortcut, false));
        else expect(entry!.keys, spec.id).toContain(keyText(shortcut, false));
      }
    }
    // Actions that share a name share a row.
    expect(groups.flatMap((g) => g.entries).find((e) => e.keys.includes("Alt+1"))?.keys).toEqual(["Alt+1", "Alt+2", "Alt+3"]);
    expect(groups.map((g) => g.title)).toEqual(["Documents", "Rows", "Copying", "View"]);
  });
});
