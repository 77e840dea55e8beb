// Paints the find matches in the rows on screen with the CSS Custom Highlight API: no element is
// added to the article's text, so copying, selecting and the virtualized rows are untouched. A
// cell's text may be split over several nodes (change marks), so matches are found in the cell's
// whole text and mapped back to its text nodes. "find" marks every match drawn, "find-current"
// those of the current row. Where the API is missing, the current row is still selected and
// scrolled to; only the marks are not drawn.
import { matchOffsets } from "./find";

const ALL = "find";
const CURRENT = "find-current";

type HighlightRegistry = Map<string, unknown>;
type HighlightCtor = new (...ranges: Range[]) => unknown;

function registry(): { highlights: HighlightRegistry; Highlight: HighlightCtor } | null {
  const css = globalThis.CSS as unknown as { highlights?: HighlightRegistry } | undefined;
  const Highlight = (globalThis as unknown as { Highlight?: HighlightCtor }).Highlight;
  return css?.highlights && Highlight ? { highlights: css.highlights, Highlight } : null;
}

/** Whether this webview can draw the marks. */
export function canHighlight(): boolean {
  return registry() !== null;
}

/** The ranges of `query` in one cell: its text nodes in order, matches mapped back onto them. */
function rangesIn(cell: Element, query: string): Range[] {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    text += (node as Text).data;
  }
  const ranges: Range[] = [];
  for (const [start, end] of matchOffsets(text, query)) {
    const range = document.createRange();
    let offset = 0;
    let started = false;
    for (const node of nodes) {
      const next = offset + node.data.length;
      if (!started && start < next) {
        range.setStart(node, start - offset);
        started = true;
      }
      if (started && end <= next) {
        range.setEnd(node, end - offset);
        break;
      }
      offset = next;
    }
    if (started) ranges.push(range);
  }
  return ranges;
}

/**
 * Marks `query` in the cells of the rows drawn under `root`; the row with `data-index` equal to
 * `current` gets the current-match colour. An empty query clears the marks.
 */
export function paintMatches(root: Element | null | undefined, query: string, current: number): void {
  const api = registry();
  if (!api) return;
  const all: Range[] = [];
  const mine: Range[] = [];
  if (root && query.trim() !== "") {
    for (const row of root.querySelectorAll<HTMLElement>("[data-testid='row']")) {
      const isCurrent = Number(row.dataset.index) === current;
      for (const cell of row.querySelectorAll("[data-cell-text]")) {
        for (const range of rangesIn(cell, query)) (isCurrent ? mine : all).push(range);
      }
    }
  }
  api.highlights.set(ALL, new api.Highlight(...all));
  api.highlights.set(CURRENT, new api.Highlight(...mine));
}

/** Removes every mark. */
export function clearMatches(): void {
  const api = registry();
  api?.highlights.delete(ALL);
  api?.highlights.delete(CURRENT);
}
