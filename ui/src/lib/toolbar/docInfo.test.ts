import { describe, expect, it } from "vitest";
import {
  describeConversion,
  describeEncoding,
  describeEvidence,
  describeFormat,
  describeMeta,
  originalLang,
  scriptName,
} from "./docInfo";

describe("describeEncoding", () => {
  it("names a byte-order mark when the file had one", () => {
    expect(describeEncoding({ encoding: "UTF-8", bom: true, declaredEncoding: null })).toBe("UTF-8 · BOM");
  });

  it("shows the bare encoding otherwise", () => {
    expect(describeEncoding({ encoding: "Big5", bom: false, declaredEncoding: null })).toBe("Big5");
  });

  it("says what a page declared when its bytes were in another encoding", () => {
    expect(describeEncoding({ encoding: "UTF-8", bom: false, declaredEncoding: "GB18030" })).toBe(
      "UTF-8 · page said GB18030",
    );
  });
});

describe("describeEvidence", () => {
  it("lists the words the region was detected from", () => {
    expect(describeEvidence({ regionEvidence: ["數據", "網絡"] })).toBe("Detected from: 數據、網絡");
    expect(describeEvidence({ regionEvidence: [] })).toBeNull();
  });
});

describe("describeFormat", () => {
  it("spells out known formats and passes unknown ones through", () => {
    expect(describeFormat("markdown")).toBe("Markdown");
    expect(describeFormat("text")).toBe("Plain text");
    expect(describeFormat("epub")).toBe("EPUB");
    expect(describeFormat("docx")).toBe("Word");
    expect(describeFormat("rtf")).toBe("rtf");
  });
});

describe("describeConversion", () => {
  const base = {
    script: "traditional" as const,
    region: "taiwan" as const,
    config: "tw2sp" as const,
    configAuto: true,
    note: null,
  };

  it("describes an automatic Taiwan conversion", () => {
    expect(describeConversion(base)).toBe("Traditional · Taiwan usage → tw2sp (auto)");
  });

  it("describes mainland usage in Traditional script", () => {
    expect(describeConversion({ ...base, region: "mainland", config: "t2s" })).toBe(
      "Traditional · Mainland usage → t2s (auto)",
    );
  });

  it("says when the user chose the configuration", () => {
    expect(describeConversion({ ...base, region: "hong_kong", config: "hk2s", configAuto: false })).toBe(
      "Traditional · Hong Kong usage → hk2s (chosen)",
    );
  });

  it("leaves the region out when none was detected", () => {
    expect(describeConversion({ ...base, region: null, config: "t2s" })).toBe("Traditional → t2s (auto)");
  });

  it("prefers the core's note when there is one", () => {
    const note = "The text is already Simplified; nothing was converted.";
    expect(describeConversion({ ...base, script: "simplified", config: null, note })).toBe(note);
  });

  it("says nothing was converted when there is no configuration and no note", () => {
    expect(describeConversion({ ...base, script: "simplified", region: null, config: null })).toBe(
      "Simplified · not converted",
    );
  });
});

describe("language labels", () => {
  it("tags each script with its BCP 47 subtag and its own name", () => {
    expect(originalLang("traditional")).toBe("zh-Hant");
    expect(originalLang("simplified")).toBe("zh-Hans");
    expect(scriptName("traditional")).toBe("繁體");
    expect(scriptName("simplified")).toBe("简体");
  });

});

describe("describeMeta", () => {
  it("keeps the byline and date and shows only the host of the address", () => {
    expect(
      describeMeta({ url: "https://www.xn--fiqs8s.example/news/1?x=2", byline: " 王小明 ", published: "2024-05-01" }),
    ).toEqual({ byline: "王小明", published: "2024-05-01", host: "中国.example", url: "https://www.xn--fiqs8s.example/news/1?x=2" });
  });

  it("shows a timestamp by its day, as the page wrote it", () => {
    expect(describeMeta({ url: null, byline: null, published: "2024-03-18T09:30:00+08:00" }).published).toBe("2024-03-18");
    expect(describeMeta({ url: null, byline: null, published: "2024年3月18日" }).published).toBe("2024年3月18日");
  });

  it("treats missing or empty parts as unknown and never shows a non-web address as a host", () => {
    expect(describeMeta({ url: "javascript:alert(1)", byline: "", published: null })).toEqual({
      byline: null,
      published: null,
      host: null,
      url: "javascript:alert(1)",
    });
    expect(describeMeta(undefined)).toEqual({ byline: null, published: null, host: null, url: null });
  });
});
