// Every keyboard shortcut of the window: what a key press means (matchShortcut, unit-tested
// without a DOM) and how the help overlay lists it. The app decides where each action applies
// (e.g. row moves only outside text fields and menus).

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

/** The help overlay's table. `mac` writes the command key as ⌘ and Alt as ⌥. */
export function helpGroups(mac: boolean): HelpGroup[] {
  const cmd = (k: string) => (mac ? `⌘${k}` : `Ctrl+${k}`);
  const alt = (k: string) => (mac ? `⌥${k}` : `Alt+${k}`);
  return [
    {
      title: "Documents",
      entries: [
        { keys: [cmd("O")], description: "Open a file" },
        { keys: [cmd("V")], description: "Open the clipboard's text (or web address) as a new document" },
        { keys: [cmd("L")], description: "Open a web page" },
        { keys: [mac ? "⇧⌘O" : "Ctrl+Shift+O"], description: "Show the library" },
        { keys: [cmd("T")], description: "Translate the document" },
        { keys: [cmd(".")], description: "Stop translating" },
        { keys: [cmd("E")], description: "Export the document to a file" },
      ],
    },
    {
      title: "Rows",
      entries: [
        { keys: ["J", "↓"], description: "Next row (selects it)" },
        { keys: ["K", "↑"], description: "Previous row (selects it)" },
        { keys: ["Shift+J", "Shift+↓"], description: "Extend the selection down (Shift+K, Shift+↑: up)" },
        { keys: ["Home", "End"], description: "First or last row" },
        { keys: ["Click"], description: "Select a row" },
        { keys: ["Shift+Click"], description: "Select every row up to this one" },
        { keys: [mac ? "⌘Click" : "Ctrl+Click", "Space"], description: "Add or remove a row" },
        { keys: [cmd("A")], description: "Select all rows" },
        { keys: ["Esc"], description: "Clear the selection" },
      ],
    },
    {
      title: "Copying",
      entries: [
        { keys: [cmd("C")], description: "Copy the selected rows in the default format (or the text selected with the mouse)" },
        { keys: [mac ? "⇧⌘C" : "Ctrl+Shift+C"], description: "Copy the selected rows as… (choose a format)" },
      ],
    },
    {
      title: "View",
      entries: [
        { keys: [alt("1"), alt("2"), alt("3")], description: "Show or hide the original, Simplified, translation column" },
        { keys: [alt("L")], description: "Switch layout: auto, columns, interleaved" },
        { keys: [cmd("+"), cmd("−")], description: "Larger or smaller text" },
        { keys: [cmd("0")], description: "Default text size" },
        { keys: [cmd(",")], description: "Settings" },
        { keys: ["?", "F1"], description: "This list" },
      ],
    },
  ];
}
