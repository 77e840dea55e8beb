// The height of every row of a long document, for drawing only the rows near the viewport.
// Rows that have been on screen have a measured height; the others an estimate from their text
// length and the column width. Offsets are prefix sums, rebuilt lazily from the first row whose
// height changed, so measuring the few rows on screen costs O(rows below them) at most once
// per frame, and finding the row at a scroll position is a binary search.

export class RowHeights {
  #heights: Float64Array;
  #measured: Uint8Array;
  /** #prefix[i] is the top of row i; #prefix[count] the total height. Valid below #dirtyFrom. */
  #prefix: Float64Array;
  #dirtyFrom = 0;

  constructor(estimates: ArrayLike<number>) {
    this.#heights = Float64Array.from(estimates);
    this.#measured = new Uint8Array(estimates.length);
    this.#prefix = new Float64Array(estimates.length + 1);
  }

  get count(): number {
    return this.#heights.length;
  }

  height(index: number): number {
    return this.#heights[index] ?? 0;
  }

  isMeasured(index: number): boolean {
    return this.#measured[index] === 1;
  }

  /** How many rows have been measured (for tests and the measurement hooks). */
  get measuredCount(): number {
    let n = 0;
    for (let i = 0; i < this.#measured.length; i++) n += this.#measured[i];
    return n;
  }

  /**
   * Replaces the estimates. With `keepMeasured` the measured rows keep their heights (the text
   * changed, not the geometry); otherwise every row goes back to its estimate.
   */
  reestimate(estimates: ArrayLike<number>, keepMeasured: boolean): void {
    if (estimates.length !== this.count) throw new Error("reestimate: row count changed");
    for (let i = 0; i < this.count; i++) {
      if (keepMeasured && this.#measured[i]) continue;
      this.#heights[i] = estimates[i];
      this.#measured[i] = 0;
    }
    this.#dirtyFrom = 0;
  }

  /** Records the rendered height of row `index`; returns how much it changed. */
  measure(index: number, height: number): number {
    // A row that is not laid out (hidden, detached) reports 0: that is no measurement.
    if (index < 0 || index >= this.count || !(height > 0)) return 0;
    this.#measured[index] = 1;
    const delta = height - this.#heights[index];
    if (delta === 0) return 0;
    this.#heights[index] = height;
    if (index < this.#dirtyFrom) this.#dirtyFrom = index;
    return delta;
  }

  /** Forgets one row's measurement (its content changed while it was off screen). */
  forget(index: number, estimate: number): void {
    if (index < 0 || index >= this.count) return;
    this.#measured[index] = 0;
    if (this.#heights[index] !== estimate) {
      this.#heights[index] = estimate;
      if (index < this.#dirtyFrom) this.#dirtyFrom = index;
    }
  }

  #rebuild(): void {
    const n = this.count;
    if (this.#dirtyFrom > n) return;
    for (let i = this.#dirtyFrom; i < n; i++) this.#prefix[i + 1] = this.#prefix[i] + this.#heights[i];
    this.#dirtyFrom = n + 1;
  }

  /** The top of row `index` (index = count gives the total height). */
  offset(index: number): number {
    this.#rebuild();
    return this.#prefix[Math.max(0, Math.min(index, this.count))];
  }

  get total(): number {
    return this.offset(this.count);
  }

  /** The row that contains `y` (clamped to the first and last row); -1 without rows. */
  indexAt(y: number): number {
    const n = this.count;
    if (n === 0) return -1;
    this.#rebuild();
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#prefix[mid] <= y) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The rows [from, to) that overlap the band [top, bottom). */
  range(top: number, bottom: number): [number, number] {
    const n = this.count;
    if (n === 0 || bottom <= top) return [0, 0];
    const from = this.indexAt(Math.max(0, top));
    let to = this.indexAt(bottom) + 1;
    // A band that ends exactly on a row's top does not include that row.
    if (to - 1 > from && this.#prefix[to - 1] >= bottom) to -= 1;
    return [from, Math.min(n, to)];
  }
}

// ---- estimates ---------------------------------------------------------------------------

/** Width of `text` in em: CJK characters (and full-width forms) are 1 em, the rest about 0.55. */
export function textEm(text: string): number {
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Surrogate pairs (rare CJK extension characters, emoji): count the pair once, as 1 em.
    if (c >= 0xd800 && c <= 0xdbff) {
      em += 1;
      i += 1;
    } else if (c >= 0x2e80 || (c >= 0x1100 && c <= 0x11ff)) em += 1;
    else em += 0.55;
  }
  return em;
}

/** What an estimate needs to know about one cell's text, computed once per text. */
export interface TextSize {
  /** Width of the whole text in em. */
  em: number;
  /** Hard line breaks kept by the cell (white-space: pre-line). */
  breaks: number;
}

export function measureText(text: string): TextSize {
  let breaks = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) breaks += 1;
  return { em: textEm(text), breaks };
}

export interface CellGeometry {
  /** Width available to the text, in px. */
  textWidth: number;
  /** Font size in px (a heading's is larger). */
  fontSize: number;
  /** Line height as a multiple of the font size. */
  leading: number;
}

/** Estimated height in px of the text `size` set in `geometry` (at least one line). */
export function textHeight(size: TextSize, geometry: CellGeometry): number {
  const perLine = Math.max(1, geometry.textWidth / geometry.fontSize);
  // Each hard break ends a line early: on average half a line is lost per break.
  const lines = Math.max(1 + size.breaks, Math.ceil(size.em / perLine + size.breaks * 0.5));
  return lines * geometry.fontSize * geometry.leading;
}
