import { describe, expect, it } from "vitest";
import { COMFORTABLE_COLUMN_PX, interleaveBelow, resolveLayout } from "./layout";

describe("resolveLayout", () => {
  it("interleaves automatically below 300 px per visible column", () => {
    expect(COMFORTABLE_COLUMN_PX).toBe(300);
    expect(interleaveBelow(3)).toBe(900);
    expect(resolveLayout("auto", 1400, 3)).toBe("columns");
    expect(resolveLayout("auto", 900, 3)).toBe("columns");
    expect(resolveLayout("auto", 899, 3)).toBe("interleaved");
    expect(resolveLayout("auto", 700, 2)).toBe("columns");
    expect(resolveLayout("auto", 599, 2)).toBe("interleaved");
  });

  it("keeps one column side by side and waits for a measured width", () => {
    expect(resolveLayout("auto", 300, 1)).toBe("columns");
    expect(resolveLayout("auto", 0, 3)).toBe("columns");
  });

  it("follows an explicit choice whatever the width", () => {
    expect(resolveLayout("columns", 500, 3)).toBe("columns");
    expect(resolveLayout("interleaved", 2000, 3)).toBe("interleaved");
  });
});
