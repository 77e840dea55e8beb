// The window's key combinations: which action a key press asks for (through the action table)
// and how the help overlay writes the keys on each platform.
import { describe, expect, it } from "vitest";
import { helpGroups, matchShortcut, shortcutText } from "./actions";
import { keyText, matches, type KeyLike } from "./shortcuts";

const k = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("matchShortcut", () => {
  it("reads command-key shortcuts with Ctrl or Cmd", () => {
    expect(matchShortcut(k("o", { ctrlKey: true }))).toBe("open");
    expect(matchShortcut(k("O", { metaKey: true }))).toBe("open");
    expect(matchShortcut(k("c", { ctrlKey: true }))).toBe("copy");
    expect(matchShortcut(k("C", { ctrlKey: true, shiftKey: true }))).toBe("copy-menu");
    expect(matchShortcut(k(",", { metaKey: true }))).toBe("settings");
    expect(matchShortcut(k("t", { ctrlKey: true }))).toBe("translate");
    expect(matchShortcut(k(".", { ctrlKey: true }))).toBe("stop");
    expect(matchShortcut(k("a", { ctrlKey: true }))).toBe("select-all");
    expect(matchShortcut(k("=", { ctrlKey: true }))).toBe("font-larger");
    expect(matchShortcut(k("+", { ctrlKey: true, shiftKey: true }))).toBe("font-larger");
    expect(matchShortcut(k("-", { ctrlKey: true }))).toBe("font-smaller");
    expect(matchShortcut(k("x", { ctrlKey: true }))).toBeNull();
    expect(matchShortcut(k("l", { ctrlKey: true }))).toBe("open-url");
    expect(matchShortcut(k("L", { metaKey: true }))).toBe("open-url");
    expect(matchShortcut(k("O", { ctrlKey: true, shiftKey: true }))).toBe("library");
    expect(matchShortcut(k("o", { metaKey: true, shiftKey: true }))).toBe("library");
    expect(matchShortcut(k("o", { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it("moves through rows with j/k and the arrows, extending with Shift", () => {
    expect(matchShortcut(k("j"))).toBe("next");
    expect(matchShortcut(k("ArrowDown"))).toBe("next");
    expect(matchShortcut(k("k"))).toBe("previous");
    expect(matchShortcut(k("ArrowUp"))).toBe("previous");
    expect(matchShortcut(k("J", { shiftKey: true }))).toBe("extend-next");
    expect(matchShortcut(k("ArrowUp", { shiftKey: true }))).toBe("extend-previous");
    expect(matchShortcut(k("Home"))).toBe("first");
    expect(matchShortcut(k("End"))).toBe("last");
    expect(matchShortcut(k("j", { ctrlKey: true }))).toBeNull();
  });

  it("toggles columns with Alt and the digit key, whatever character it types", () => {
    expect(matchShortcut(k("¡", { altKey: true, code: "Digit1" }))).toBe("toggle-original");
    expect(matchShortcut(k("2", { altKey: true, code: "Digit2" }))).toBe("toggle-simplified");
    expect(matchShortcut(k("3", { altKey: true, code: "Digit3" }))).toBe("toggle-translation");
    expect(matchShortcut(k("l", { altKey: true, code: "KeyL" }))).toBe("cycle-layout");
  });

  it("opens help with ? or F1 and clears with Escape", () => {
    expect(matchShortcut(k("?", { shiftKey: true }))).toBe("help");
    expect(matchShortcut(k("F1"))).toBe("help");
    expect(matchShortcut(k("Escape"))).toBe("clear");
    expect(matchShortcut(k("q"))).toBeNull();
  });

  it("lists every group for the help overlay, in the platform's notation", () => {
    const mac = helpGroups(true).flatMap((g) => g.entries.flatMap((e) => e.keys));
    const other = helpGroups(false).flatMap((g) => g.entries.flatMap((e) => e.keys));
    expect(mac).toContain("⌘C");
    expect(other).toContain("Ctrl+C");
    expect(other).toContain("Alt+1");
    expect(other).toContain("Ctrl+L");
    expect(other).toContain("Ctrl+Shift+O");
    expect(mac).toContain("⇧⌘O");
    expect(other).toContain("Ctrl+−");
    expect(other).not.toContain("Ctrl+=");
    expect(mac).toContain("⌥3");
  });
});

describe("keyText and matches", () => {
  it("writes combinations as each platform does", () => {
    expect(keyText({ key: "o", mod: true }, false)).toBe("Ctrl+O");
    expect(keyText({ key: "o", mod: true }, true)).toBe("⌘O");
    expect(keyText({ key: "c", mod: true, shift: true }, false)).toBe("Ctrl+Shift+C");
    expect(keyText({ key: "c", mod: true, shift: true }, true)).toBe("⇧⌘C");
    expect(keyText({ code: "Digit1", alt: true }, false)).toBe("Alt+1");
    expect(keyText({ code: "KeyL", alt: true }, true)).toBe("⌥L");
    expect(keyText({ key: "ArrowDown", shift: true }, true)).toBe("Shift+↓");
    expect(keyText({ key: "Escape" }, false)).toBe("Esc");
    expect(keyText({ key: " " }, false)).toBe("Space");
  });

  it("matches only the exact modifiers, except where Shift may be either", () => {
    expect(matches({ key: "o", mod: true }, k("o", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(matches({ key: "o", mod: true }, k("o", { metaKey: true }))).toBe(true);
    expect(matches({ key: "?", shift: "any" }, k("?", { shiftKey: true }))).toBe(true);
    expect(matches({ key: "?", shift: "any" }, k("?"))).toBe(true);
    expect(matches({ click: true }, k("Enter"))).toBe(false);
  });

  it("gives tooltips the first listed key of an action", () => {
    expect(shortcutText("open", false)).toBe("Ctrl+O");
    expect(shortcutText("library", true)).toBe("⇧⌘O");
    expect(shortcutText("font-larger", false)).toBe("Ctrl++");
    expect(shortcutText("copy-menu", false)).toBe("Ctrl+Shift+C");
  });
});
