// Reader preferences as pure functions over the ReaderPrefs value the shell stores (see
// ipc.ts "Reader preferences"): defaults, the checks the shell applies, and the column edits
// the View menu makes. The store (prefs.svelte.ts) only calls these.
import type { Column, ColumnPref, CopyFormat, Layout, ReaderPrefs, Theme } from "../ipc";

export const MIN_FONT_SIZE = 12;
export const MAX_FONT_SIZE = 32;
export const MAX_FONT_FAMILY_CHARS = 64;

export const DEFAULT_PREFS: ReaderPrefs = Object.freeze({
  columns: [
    { column: "original", visible: true },
    { column: "simplified", visible: true },
    { column: "translation", visible: true },
  ],
  layout: "auto",
  theme: "system",
  fontFamily: "",
  fontSize: 17,
  copyFormat: "translation",
  uiLanguage: "system",
}) as ReaderPrefs;

export const COLUMN_LABELS: Record<Column, string> = {
  original: "Original",
  simplified: "Simplified",
  translation: "Translation",
};

/** The copy formats in menu order, with the words the menu and the toast use. */
export const COPY_FORMATS: readonly { format: CopyFormat; label: string; hint: string }[] = [
  { format: "translation", label: "Translation", hint: "The translation only" },
  { format: "original", label: "Original", hint: "The original text only" },
  { format: "simplified", label: "Simplified", hint: "The Simplified conversion only" },
  { format: "bilingual", label: "Bilingual", hint: "Original, then translation, per paragraph" },
  { format: "markdown_table", label: "Markdown table", hint: "One table row per paragraph" },
  { format: "citation", label: "Citation", hint: "A quotation with title, source, paragraphs and date" },
];

export function copyFormatLabel(format: CopyFormat): string {
  return COPY_FORMATS.find((f) => f.format === format)?.label ?? format;
}

export const LAYOUTS: readonly { layout: Layout; label: string }[] = [
  { layout: "auto", label: "Auto" },
  { layout: "columns", label: "Columns" },
  { layout: "interleaved", label: "Interleaved" },
];

export const THEMES: readonly { theme: Theme; label: string }[] = [
  { theme: "system", label: "System" },
  { theme: "light", label: "Light" },
  { theme: "dark", label: "Dark" },
];

const ALL_COLUMNS: readonly Column[] = ["original", "simplified", "translation"];

/**
 * Why `family` cannot be used as a font family name, or null when it can. Mirrors the shell's
 * check: letters of any script, digits, spaces, hyphens and underscores, at most 64 characters.
 */
export function fontFamilyProblem(family: string): string | null {
  if ([...family].length > MAX_FONT_FAMILY_CHARS) return `At most ${MAX_FONT_FAMILY_CHARS} characters.`;
  const bad = [...family].find((c) => !/[\p{L}\p{N} _-]/u.test(c));
  if (bad !== undefined) return `“${bad}” cannot be part of a font name: use letters, digits, spaces, - and _.`;
  return null;
}

export function clampFontSize(size: number): number {
  if (!Number.isFinite(size)) return DEFAULT_PREFS.fontSize;
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(size)));
}

/**
 * Repairs whatever the shell sent (or failed to send) into a usable value: every column once,
 * in the given order, missing ones appended; at least one visible; sizes in range.
 */
export function normalizePrefs(input: Partial<ReaderPrefs> | null | undefined): ReaderPrefs {
  const p = { ...DEFAULT_PREFS, ...(input ?? {}) };
  const seen = new Set<Column>();
  const columns: ColumnPref[] = [];
  for (const c of Array.isArray(p.columns) ? p.columns : []) {
    if (ALL_COLUMNS.includes(c?.column) && !seen.has(c.column)) {
      seen.add(c.column);
      columns.push({ column: c.column, visible: c.visible !== false });
    }
  }
  for (const column of ALL_COLUMNS) if (!seen.has(column)) columns.push({ column, visible: true });
  if (!columns.some((c) => c.visible)) columns[0] = { ...columns[0], visible: true };
  return {
    ...p,
    columns,
    fontSize: clampFontSize(p.fontSize),
    fontFamily: typeof p.fontFamily === "string" && fontFamilyProblem(p.fontFamily) === null ? p.fontFamily : "",
  };
}

/** The visible columns in display order. */
export function visibleColumns(prefs: Pick<ReaderPrefs, "columns">): Column[] {
  return prefs.columns.filter((c) => c.visible).map((c) => c.column);
}

/** Shows or hides `column`; hiding the last visible column is refused (same value back). */
export function setColumnVisible(prefs: ReaderPrefs, column: Column, visible: boolean): ReaderPrefs {
  const columns = prefs.columns.map((c) => (c.column === column ? { ...c, visible } : c));
  if (!columns.some((c) => c.visible)) return prefs;
  return { ...prefs, columns };
}

export function toggleColumn(prefs: ReaderPrefs, column: Column): ReaderPrefs {
  const current = prefs.columns.find((c) => c.column === column)?.visible ?? false;
  return setColumnVisible(prefs, column, !current);
}

/** Moves `column` one place left (-1) or right (+1); at an end, the same value back. */
export function moveColumn(prefs: ReaderPrefs, column: Column, delta: -1 | 1): ReaderPrefs {
  const from = prefs.columns.findIndex((c) => c.column === column);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= prefs.columns.length) return prefs;
  const columns = [...prefs.columns];
  [columns[from], columns[to]] = [columns[to], columns[from]];
  return { ...prefs, columns };
}
