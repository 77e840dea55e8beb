// What a mouse text selection in the reader copies: only the text of the column the selection
// started in. A drag from row 1 to row 3 of the translation column runs, in DOM order, through
// the other columns' cells of rows 1–3 as well; the webview would copy them too. The reader
// marks each cell with data-column and its text with data-cell-text; this module clips the
// selection to the text of that column's cells and joins them with blank lines, the same
// paragraph separation as the row copy. Plain text only: pasting never brings the change
// highlights or the reader's fonts along.

/** The cell (element with data-column) that contains `node`, inside `root`. */
function cellOf(node: Node | null, root: Element): HTMLElement | null {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  const cell = element?.closest<HTMLElement>("[data-column]") ?? null;
  return cell && root.contains(cell) ? cell : null;
}

/**
 * The text to copy for `range`, or null when the range is not (partly) in the reader's cells and
 * the webview should copy as usual.
 */
export function columnSelectionText(range: Range, root: Element): string | null {
  if (range.collapsed) return null;
  const startCell = cellOf(range.startContainer, root);
  const endCell = cellOf(range.endContainer, root);
  const column = startCell?.dataset.column ?? endCell?.dataset.column;
  if (column === undefined) {
    // Started and ended outside any cell (e.g. on the row numbers): copy the cells in between
    // only if the range reaches into the reader at all; otherwise leave it to the webview.
    if (!range.intersectsNode(root)) return null;
  }
  const parts: string[] = [];
  const texts = root.querySelectorAll<HTMLElement>(
    column === undefined ? "[data-column] [data-cell-text]" : `[data-column="${column}"] [data-cell-text]`,
  );
  for (const text of texts) {
    if (!range.intersectsNode(text)) continue;
    const clipped = text.ownerDocument.createRange();
    clipped.selectNodeContents(text);
    if (text.contains(range.startContainer)) clipped.setStart(range.startContainer, range.startOffset);
    if (text.contains(range.endContainer)) clipped.setEnd(range.endContainer, range.endOffset);
    const part = clipped.toString();
    if (part.trim() !== "") parts.push(part);
  }
  if (parts.length === 0) return column === undefined ? null : "";
  return parts.join("\n\n");
}
