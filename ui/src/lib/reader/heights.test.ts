import { describe, expect, it } from "vitest";
import { RowHeights, measureText, textEm, textHeight } from "./heights";

describe("RowHeights", () => {
  it("sums estimates into offsets and finds rows by position", () => {
    const h = new RowHeights([10, 20, 30, 40]);
    expect(h.offset(0)).toBe(0);
    expect(h.offset(2)).toBe(30);
    expect(h.total).toBe(100);
    expect(h.indexAt(-5)).toBe(0);
    expect(h.indexAt(0)).toBe(0);
    expect(h.indexAt(9.9)).toBe(0);
    expect(h.indexAt(10)).toBe(1);
    expect(h.indexAt(59)).toBe(2);
    expect(h.indexAt(60)).toBe(3);
    expect(h.indexAt(1e9)).toBe(3);
  });

  it("gives the rows overlapping a band", () => {
    const h = new RowHeights([10, 20, 30, 40]);
    expect(h.range(0, 10)).toEqual([0, 1]);
    expect(h.range(5, 31)).toEqual([0, 3]);
    expect(h.range(30, 60)).toEqual([2, 3]);
    expect(h.range(95, 500)).toEqual([3, 4]);
    expect(h.range(20, 20)).toEqual([0, 0]);
    expect(new RowHeights([]).range(0, 100)).toEqual([0, 0]);
  });

  it("takes measurements, reporting the change, and keeps offsets right", () => {
    const h = new RowHeights([10, 10, 10, 10]);
    expect(h.total).toBe(40);
    expect(h.measure(1, 25)).toBe(15);
    expect(h.measure(1, 25)).toBe(0);
    expect(h.isMeasured(1)).toBe(true);
    expect(h.offset(2)).toBe(35);
    expect(h.measure(3, 5)).toBe(-5);
    expect(h.total).toBe(50);
    expect(h.measure(0, 10)).toBe(0);
    expect(h.measuredCount).toBe(3);
    expect(h.measure(9, 10)).toBe(0);
  });

  it("re-estimates, keeping measurements only when asked", () => {
    const h = new RowHeights([10, 10, 10]);
    h.measure(0, 50);
    h.reestimate([20, 20, 20], true);
    expect(h.total).toBe(90);
    h.reestimate([20, 20, 20], false);
    expect(h.total).toBe(60);
    expect(h.isMeasured(0)).toBe(false);
    h.measure(2, 100);
    h.forget(2, 20);
    expect(h.total).toBe(60);
  });

  it("handles ten thousand rows quickly", () => {
    const n = 10_000;
    const h = new RowHeights(new Array(n).fill(100));
    const start = performance.now();
    for (let frame = 0; frame < 200; frame++) {
      for (let i = 0; i < 20; i++) h.measure(frame * 40 + i, 90 + (i % 7));
      h.range(frame * 4000, frame * 4000 + 900);
    }
    expect(performance.now() - start).toBeLessThan(500);
    expect(h.indexAt(h.offset(5000) + 1)).toBe(5000);
  });
});

describe("estimates", () => {
  it("counts CJK as one em and Latin as about half", () => {
    expect(textEm("臺北捷運")).toBe(4);
    expect(textEm("abcd")).toBeCloseTo(2.2);
    expect(textEm("𠀀")).toBe(1);
  });

  it("wraps text into lines of the column's width", () => {
    const g = { textWidth: 170, fontSize: 17, leading: 2 };
    expect(textHeight(measureText(""), g)).toBe(34);
    expect(textHeight(measureText("一二三四五六七八九十"), g)).toBe(34);
    expect(textHeight(measureText("一二三四五六七八九十一"), g)).toBe(68);
    expect(textHeight(measureText("一\n二\n三"), g)).toBe(34 * 3);
  });
});
