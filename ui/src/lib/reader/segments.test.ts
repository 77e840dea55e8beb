import { describe, expect, it } from "vitest";
import { segmentText } from "./segments";

describe("segmentText", () => {
  it("returns the whole text as one plain run when nothing changed", () => {
    expect(segmentText("简体文字", [])).toEqual([{ text: "简体文字" }]);
  });

  it("marks changed runs and keeps the text between them", () => {
    expect(
      segmentText("台湾的软件产业", [
        { start: 0, end: 2, original: "臺灣" },
        { start: 3, end: 5, original: "軟體" },
      ]),
    ).toEqual([
      { text: "台湾", original: "臺灣" },
      { text: "的" },
      { text: "软件", original: "軟體" },
      { text: "产业" },
    ]);
  });

  it("accepts changes in any order", () => {
    const segments = segmentText("发展软件", [
      { start: 2, end: 4, original: "軟體" },
      { start: 0, end: 1, original: "發" },
    ]);
    expect(segments.map((s) => s.text)).toEqual(["发", "展", "软件"]);
  });

  it("counts offsets in code points, not UTF-16 units", () => {
    // 𠮷 is one code point but two UTF-16 units; the change after it must still land on 软.
    const segments = segmentText("𠮷软件", [{ start: 1, end: 3, original: "軟體" }]);
    expect(segments).toEqual([{ text: "𠮷" }, { text: "软件", original: "軟體" }]);
  });

  it("keeps replacements whose original has a different length", () => {
    expect(segmentText("内存", [{ start: 0, end: 2, original: "記憶體" }])).toEqual([
      { text: "内存", original: "記憶體" },
    ]);
  });

  it("skips overlapping and out-of-range spans without losing text", () => {
    const segments = segmentText("一二三", [
      { start: 0, end: 2, original: "x" },
      { start: 1, end: 3, original: "y" },
      { start: 5, end: 9, original: "z" },
    ]);
    expect(segments.map((s) => s.text).join("")).toBe("一二三");
    expect(segments[0]).toEqual({ text: "一二", original: "x" });
  });

  it("returns no runs for empty text", () => {
    expect(segmentText("", [])).toEqual([]);
  });
});
