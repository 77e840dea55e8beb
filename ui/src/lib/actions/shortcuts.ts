// Key combinations: whether a key press is one (`matches`, unit-tested without a DOM) and how it
// is written for this platform (`keyText`: "Ctrl+O" or "⌘O"). Which combination does what is
// the action table's business (actions.ts); this file knows nothing of the app.
import { t } from "../i18n/i18n.svelte";
import { desktop } from "../app/platform";

/** One key combination of an action, as matched and as written in the help and tooltips. */
export interface Shortcut {
  /** `KeyboardEvent.key`, letters in lower case ("o", ",", "ArrowDown", "F1", " "). */
  key?: string;
  /** The physical key instead (`KeyboardEvent.code`): Alt+digit types other characters on macOS. */
  code?: string;
  /** A mouse click (listed in the help only; the rows handle clicks themselves). */
  click?: true;
  /** Ctrl or Cmd: both are the command key everywhere. */
  mod?: boolean;
  alt?: boolean;
  /** Whether Shift is held; "any" for keys that need it on some layouts only ("?"). */
  shift?: boolean | "any";
  /** Matched but not listed (Ctrl+= besides Ctrl++). */
  unlisted?: true;
}

/** The parts of a key press that matter here (KeyboardEvent has them all). */
export interface KeyLike {
  key: string;
  /** The physical key: Alt+digit gives other characters in `key` on macOS. */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export const isMac = desktop === "macos";

/** True when the key press is the combination: the same modifiers, no others. */
export function matches(shortcut: Shortcut, e: KeyLike): boolean {
  if (shortcut.click) return false;
  if ((shortcut.mod ?? false) !== (e.ctrlKey || e.metaKey)) return false;
  if ((shortcut.alt ?? false) !== e.altKey) return false;
  if (shortcut.shift !== "any" && (shortcut.shift ?? false) !== e.shiftKey) return false;
  if (shortcut.code !== undefined) return e.code === shortcut.code;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return key === shortcut.key;
}

/** Keys whose name is not the character they type. */
const KEY_NAMES: Readonly<Record<string, string>> = {
  ArrowDown: "↓",
  ArrowUp: "↑",
  Escape: "Esc",
  "-": "−",
};

function keyName(shortcut: Shortcut): string {
  if (shortcut.click) return t("shortcuts.key.click");
  // The space bar has no name on its key, so it is named in the UI language.
  if (shortcut.key === " ") return t("shortcuts.key.space");
  if (shortcut.code !== undefined) return shortcut.code.replace(/^(Digit|Key)/, "");
  const key = shortcut.key ?? "";
  return KEY_NAMES[key] ?? (key.length === 1 ? key.toUpperCase() : key);
}

/**
 * The combination as this platform writes it: "Ctrl+Shift+O" or "⇧⌘O", "Alt+1" or "⌥1",
 * "Shift+J" on both. `mac` is for tests.
 */
export function keyText(shortcut: Shortcut, mac = isMac): string {
  const name = keyName(shortcut);
  const shift = shortcut.shift === true;
  if (shortcut.mod) {
    if (mac) return `${shift ? "⇧" : ""}⌘${name}`;
    return `Ctrl+${shift ? "Shift+" : ""}${name}`;
  }
  if (shortcut.alt) return mac ? `⌥${name}` : `Alt+${name}`;
  return shift ? `Shift+${name}` : name;
}
