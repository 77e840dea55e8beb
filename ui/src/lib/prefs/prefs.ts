// Reader preferences as pure functions over the ReaderPrefs value the shell stores (see
// ipc.ts "Reader preferences"): defaults, the checks the shell applies, and the column edits
// the View menu makes. The store (prefs.svelte.ts) only calls these.
//
// The labels are functions, looked up in the UI language when called, so menus that call them
// in their markup follow a language change.
import type { Column, ColumnPref, CopyFormat, Layout, ReaderPrefs, Theme } from "../ipc";
import { t } from "../i18n/i18n.svelte";
import { DEFAULT_READER_PREFS, MAX_FONT_FAMILY_CHARS, MAX_FONT_SIZE, MIN_FONT_SIZE } from "../bindings/constants";

// The shell's limits and defaults (crates/core/src/prefs.rs), generated.
export { MAX_FONT_FAMILY_CHARS, MAX_FONT_SIZE, MIN_FONT_SIZE };

export const DEFAULT_PREFS: ReaderPrefs = Object.freeze(DEFAULT_READER_PREFS);

/** A column's name as a header or menu label ("Original"). */
export function columnLabel(column: Column): string {
  return t(`column.${column}`);
}

/** A column's name inside a sentence ("the original is empty"). */
export function columnInline(column: Column): string {
  return t(`column.${column}.inline`);
}

/** The copy formats in menu order. */
export const COPY_FORMAT_ORDER: readonly CopyFormat[] = [
  "translation",
  "original",
  "simplified",
  "bilingual",
  "markdown_table",
  "citation",
];

/** The copy formats in menu order, with the words the menu and the toast use. */
export function copyFormats(): { format: CopyFormat; label: string; hint: string }[] {
  return COPY_FORMAT_ORDER.map((format) => ({
    format,
    label: copyFormatLabel(format),
    hint: t(`copy.format.${format}.hint`),
  }));
}

export function copyFormatLabel(format: CopyFormat): string {
  return COPY_FORMAT_ORDER.includes(format) ? t(`copy.format.${format}`) : format;
}

export function layouts(): { layout: Layout; label: string }[] {
  return (["auto", "columns", "interleaved"] as const).map((layout) => ({ layout, label: t(`view.layout.${layout}`) }));
}

export function themes(): { theme: Theme; label: string }[] {
  return (["system", "light", "dark"] as const).map((theme) => ({ theme, label: t(`view.theme.${theme}`) }));
}

const ALL_COLUMNS: readonly Column[] = ["original", "simplified", "translation"];

/**
 * Why `family` cannot be used as a font family name, or null when it can. Mirrors the shell's
 * check: letters of any script, digits, spaces, hyphens and underscores, at most MAX_FONT_FAMILY_CHARS characters.
 */
export function fontFamilyProblem(family: string): string | null {
  if ([...family].length > MAX_FONT_FAMILY_CHARS) return t("view.font.invalidLength", { max: MAX_FONT_FAMILY_CHARS });
  const bad = [...family].find((c) => !/[\p{L}\p{N} _-]/u.test(c));
  if (bad !== undefined) return t("view.font.invalidChar", { char: bad });
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
