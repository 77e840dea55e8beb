import { describe, expect, it } from "vitest";
import { columnLang, fontStack, isCjk, originalLangTag } from "./lang";

describe("column languages", () => {
  it("tags the original by script and region", () => {
    expect(originalLangTag({ script: "traditional", region: "taiwan" })).toBe("zh-Hant-TW");
    expect(originalLangTag({ script: "traditional", region: "hong_kong" })).toBe("zh-Hant-HK");
    expect(originalLangTag({ script: "traditional", region: null })).toBe("zh-Hant");
    expect(originalLangTag({ script: "simplified", region: "taiwan" })).toBe("zh-Hans");
  });

  it("tags the Simplified and translation columns", () => {
    const a = { script: "traditional" as const, region: "taiwan" as const };
    expect(columnLang("simplified", { ...a, config: "tw2sp" }, "en")).toBe("zh-Hans");
    // Nothing converted: the column holds the original's script.
    expect(columnLang("simplified", { script: "simplified", region: null, config: null }, "en")).toBe("zh-Hans");
    // What the configuration writes, not the column's name: s2twp writes Traditional.
    expect(columnLang("simplified", { script: "simplified", region: null, config: "s2twp" }, "en")).toBe("zh-Hant");
    expect(columnLang("simplified", { ...a, config: "t2jp" }, "en")).toBe("ja");
    expect(columnLang("translation", a, "ja")).toBe("ja");
    expect(columnLang("translation", a, "")).toBe("en");
  });
});

describe("font stacks", () => {
  it("puts the region's CJK fonts first", () => {
    expect(fontStack("zh-Hant-TW")).toMatch(/^"Noto Serif CJK TC"/);
    expect(fontStack("zh-Hant-HK")).toMatch(/^"Noto Serif CJK HK"/);
    expect(fontStack("zh-Hant")).toMatch(/^"Noto Serif CJK TC"/);
    expect(fontStack("zh-Hans", "", "windows")).toContain('"Microsoft YaHei"');
    expect(fontStack("zh-Hans")).not.toContain("CJK TC");
    expect(fontStack("ja")).toMatch(/^"Noto Serif CJK JP"/);
    expect(fontStack("en", "", "macos")).toMatch(/^Charter/);
    expect(fontStack("en").endsWith("serif")).toBe(true);
  });

  it("names on Linux only fonts Linux ships, picking the same ones first", () => {
    for (const lang of ["zh-Hant-TW", "zh-Hant-HK", "zh-Hans", "ja", "ko", "en"]) {
      const linux = fontStack(lang, "", "linux");
      expect(linux).not.toMatch(/PingFang|Microsoft|Hiragino|Yu Mincho|Apple|Malgun|Charter|Georgia|Iowan/);
      expect(linux.split(", ")[0]).toBe(fontStack(lang, "", "windows").split(", ")[0].replace("Charter", '"Noto Serif"'));
      expect(linux.endsWith("serif")).toBe(true);
    }
    expect(fontStack("en", "", "linux")).toBe('"Noto Serif", "DejaVu Serif", "Noto Serif CJK SC", serif');
    // The user's own choice is kept wherever it comes from.
    expect(fontStack("en", "Georgia", "linux")).toMatch(/^Georgia, "Noto Serif"/);
  });

  it("puts the user's family first, once", () => {
    expect(fontStack("zh-Hans", "LXGW WenKai")).toMatch(/^"LXGW WenKai", "Noto Serif CJK SC"/);
    expect(fontStack("en", "Georgia").match(/Georgia/g)).toHaveLength(1);
  });

  it("knows which languages are CJK", () => {
    expect(isCjk("zh-Hant-TW")).toBe(true);
    expect(isCjk("ko")).toBe(true);
    expect(isCjk("en")).toBe(false);
    expect(isCjk("de")).toBe(false);
  });
});
