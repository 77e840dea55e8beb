import { describe, expect, it } from "vitest";
import { findRows, firstFrom, fold, matchOffsets, step } from "./find";

const blocks = [
  { id: "a", text: "臺灣的軟體", simplified: "台湾的软件" },
  { id: "b", text: "網路資訊", simplified: "网络信息" },
  { id: "c", text: "ＡＩ 與軟體", simplified: "AI 与软件" },
  { id: "d", text: "天氣", simplified: "天气" },
];
const translations: Record<string, string> = { a: "Taiwan's software", d: "The Weather" };
const translation = (id: string) => translations[id];

describe("find", () => {
  it("finds a row by a query in either script, or in its translation", () => {
    expect(findRows(blocks, translation, "软件")).toEqual([0, 2]);
    expect(findRows(blocks, translation, "軟體")).toEqual([0, 2]);
    expect(findRows(blocks, translation, "weather")).toEqual([3]);
    expect(findRows(blocks, translation, "ai")).toEqual([0, 2]); // "Taiwan's" holds "ai" too
    expect(findRows(blocks, translation, "  ")).toEqual([]);
    expect(findRows(blocks, translation, "不在")).toEqual([]);
  });

  it("folds case and full-width letters without changing a text's length", () => {
    expect(fold("ＡＩ Soft")).toBe("ai soft");
    expect(fold("İstanbul").length).toBe("İstanbul".length);
    expect(matchOffsets("ＡＩ 與 ai", "AI")).toEqual([
      [0, 2],
      [5, 7],
    ]);
    expect(matchOffsets("aaaa", "aa")).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it("starts at the first match from the rows on screen and steps around", () => {
    expect(firstFrom([0, 2, 7], 1)).toBe(1);
    expect(firstFrom([0, 2, 7], 8)).toBe(0);
    expect(firstFrom([], 0)).toBe(-1);
    expect(step(2, 3, 1)).toBe(0);
    expect(step(0, 3, -1)).toBe(2);
    expect(step(-1, 3, -1)).toBe(2);
    expect(step(0, 0, 1)).toBe(-1);
  });
});
