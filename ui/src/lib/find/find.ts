// Find in the document (Ctrl/Cmd+F), as data: which rows hold the query in any column, and where
// in a cell's text it stands. A row matches when its original, its converted text or its
// translation holds the query, so a query in either script finds a Chinese paragraph: 软件 is in
// the Simplified column of the row whose original says 軟體, and 軟體 in the original. Letters
// match regardless of case, and full-width forms as their ASCII ones (ＡＩ finds AI).
// Pure functions, unit-tested in find.test.ts; the bar and the highlights use them.

/** Folds a text for matching without changing its length: lower case, full-width ASCII to ASCII. */
export function fold(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    // U+FF01–U+FF5E are the full-width forms of U+0021–U+007E, one UTF-16 unit each.
    const narrow = code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ch;
    const lower = narrow.toLowerCase();
    // Keep the length: a character whose lower case is longer (İ) stays as it is.
    out += lower.length === narrow.length ? lower : narrow;
  }
  return out;
}

/** Where `query` stands in `text`: [start, end) offsets in UTF-16 units, not overlapping. */
export function matchOffsets(text: string, query: string): [number, number][] {
  const needle = fold(query.trim());
  if (needle === "") return [];
  const haystack = fold(text);
  const found: [number, number][] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    found.push([at, at + needle.length]);
  }
  return found;
}

export interface FindableBlock {
  id: string;
  text: string;
  simplified: string;
}

/** The indexes of the rows whose original, converted text or translation holds `query`. */
export function findRows(
  blocks: readonly FindableBlock[],
  translation: (id: string) => string | undefined,
  query: string,
): number[] {
  const needle = fold(query.trim());
  if (needle === "") return [];
  const rows: number[] = [];
  blocks.forEach((block, index) => {
    const texts = [block.text, block.simplified, translation(block.id) ?? ""];
    if (texts.some((text) => fold(text).includes(needle))) rows.push(index);
  });
  return rows;
}

/**
 * The match to show first: the first row at or after `from` (the reader's cursor), wrapping to
 * the first; -1 when there is none.
 */
export function firstFrom(rows: readonly number[], from: number): number {
  if (rows.length === 0) return -1;
  const at = rows.findIndex((row) => row >= from);
  return at >= 0 ? at : 0;
}

/** One step forward (+1) or back (-1) through the matches, wrapping around. */
export function step(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}
