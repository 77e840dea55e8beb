import { describe, expect, it } from "vitest";
import { visibleRange } from "./visible";

// Rows of 40 px from y = 0: row i spans [40 i, 40 i + 40).
const rows = (i: number) => ({ top: i * 40, bottom: i * 40 + 40 });

describe("visibleRange", () => {
  it("finds the rows overlapping the band, partly visible ones included", () => {
    expect(visibleRange(100, rows, 100, 230)).toEqual([2, 6]);
  });

  it("starts at the first row when the band is at the top", () => {
    expect(visibleRange(100, rows, 0, 80)).toEqual([0, 2]);
  });

  it("is empty past the last row or for no rows", () => {
    expect(visibleRange(3, rows, 500, 800)).toEqual([3, 3]);
    expect(visibleRange(0, rows, 0, 800)).toEqual([0, 0]);
  });

  it("measures only rows near the band", () => {
    let measured = 0;
    visibleRange(100_000, (i) => (measured++, rows(i)), 2_000_000, 2_000_800);
    expect(measured).toBeLessThan(80);
  });
});
