// Which rows the reader shows on screen right now, so a translation job starts with them. Rows
// are in document order and laid out top to bottom, so a binary search finds the first one and
// only the rows on screen are measured, however long the document.

export interface Span {
  top: number;
  bottom: number;
}

/**
 * The indexes [from, to) of the items that overlap the band [top, bottom), given `count` items
 * whose spans (`spanAt`) are sorted and do not overlap.
 */
export function visibleRange(count: number, spanAt: (index: number) => Span, top: number, bottom: number): [number, number] {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spanAt(mid).bottom <= top) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < count && spanAt(end).top < bottom) end += 1;
  return [low, end];
}

/** The block ids of the rows inside `scroller`'s visible area, in document order. */
export function visibleRowIds(scroller: HTMLElement): string[] {
  const rows = scroller.querySelectorAll<HTMLElement>("[data-block-id]");
  const view = scroller.getBoundingClientRect();
  const [from, to] = visibleRange(rows.length, (i) => rows[i].getBoundingClientRect(), view.top, view.bottom);
  const ids: string[] = [];
  for (let i = from; i < to; i++) ids.push(rows[i].dataset.blockId ?? "");
  return ids.filter((id) => id !== "");
}
