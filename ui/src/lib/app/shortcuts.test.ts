import { describe, expect, it } from "vitest";
import { helpGroups, matchShortcut, type KeyLike } from "./shortcuts";

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
  });
});
