import { describe, expect, it } from "vitest";
import { CATALOGS, hasCatalog, loadCatalog } from "./catalogs";
import { LOCALES, placeholders, type Catalog, type Message } from "./i18n";
import { en } from "./messages/en";
import { zhHans } from "./messages/zh-Hans";
import { zhHant } from "./messages/zh-Hant";

/** Every catalog, read from its module (the app loads the Chinese ones on demand). */
const ALL: Record<(typeof LOCALES)[number], Catalog> = { en, "zh-Hans": zhHans, "zh-Hant": zhHant };

const englishKeys = Object.keys(en).sort();

function texts(message: Message): string[] {
  return typeof message === "string" ? [message] : [message.other, ...(message.one ? [message.one] : [])];
}

describe.each(LOCALES)("the %s catalog", (locale) => {
  const catalog = ALL[locale] as Record<string, Message>;

  it("has exactly the English keys", () => {
    expect(Object.keys(catalog).sort()).toEqual(englishKeys);
  });

  it("uses the same placeholders as English in every message", () => {
    const mismatched = englishKeys.filter((key) => {
      const want = [...placeholders(en[key as keyof typeof en])].sort();
      const got = [...placeholders(catalog[key])].sort();
      return want.join() !== got.join();
    });
    expect(mismatched).toEqual([]);
  });

  it("has no empty message and no unbalanced brace", () => {
    for (const [key, message] of Object.entries(catalog)) {
      for (const text of texts(message)) {
        expect(text.trim(), key).not.toBe("");
        expect(text.replace(/\{\w+\}/g, ""), key).not.toMatch(/[{}]/);
      }
    }
  });
});

describe("English plurals", () => {
  it("give both forms the count", () => {
    for (const [key, message] of Object.entries(en)) {
      if (typeof message === "string") continue;
      for (const text of texts(message)) expect(text, key).toContain("{count}");
    }
  });
});

// Words that give away the other script or the other region's usage.
const MAINLAND_ONLY = ["设置", "文件夹", "剪贴板", "粘贴", "默认", "缓存", "网络", "软件", "信息", "屏幕", "加载", "视频", "界面"];
const TAIWAN_ONLY = ["設定", "檔案", "剪貼簿", "貼上", "預設", "快取", "網路", "軟體", "訊息", "螢幕", "載入", "介面"];

describe("regional usage", () => {
  const all = (locale: "zh-Hans" | "zh-Hant") => Object.values(ALL[locale]).flatMap(texts).join("\n");

  it("zh-Hant is written with Taiwan's words", () => {
    const text = all("zh-Hant");
    expect(MAINLAND_ONLY.filter((w) => text.includes(w))).toEqual([]);
    for (const w of ["設定", "檔案", "複製", "翻譯", "貼上", "剪貼簿"]) expect(text).toContain(w);
  });

  it("zh-Hans is written with mainland words", () => {
    const text = all("zh-Hans");
    expect(TAIWAN_ONLY.filter((w) => text.includes(w))).toEqual([]);
    for (const w of ["设置", "文件", "复制", "翻译", "粘贴", "剪贴板"]) expect(text).toContain(w);
  });

  it("neither Chinese catalog falls back to an English sentence", () => {
    for (const locale of ["zh-Hans", "zh-Hant"] as const) {
      const english = Object.entries(ALL[locale]).filter(([, m]) =>
        texts(m).some((text) => /\b(the|and|or|to|is|not)\b/i.test(text.replace(/\{\w+\}/g, ""))),
      );
      expect(english.map(([k]) => k)).toEqual([]);
    }
  });
});

describe("loading", () => {
  it("gives each locale its own catalog, loaded once", async () => {
    await Promise.all([loadCatalog("zh-Hant"), loadCatalog("zh-Hant"), loadCatalog("zh-Hans")]);
    expect(hasCatalog("zh-Hant") && hasCatalog("zh-Hans")).toBe(true);
    expect(CATALOGS["zh-Hant"]).toBe(zhHant);
    expect(CATALOGS["zh-Hans"]).toBe(zhHans);
    expect(CATALOGS.en).toBe(en);
  });
});
