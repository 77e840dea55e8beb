import { afterEach, describe, expect, it, vi } from "vitest";
import {
  formatNumber,
  interpolate,
  hasKeyWithPrefix,
  isMessageKey,
  localeFor,
  resolveSystemLocale,
  splitTemplate,
  translate,
  type Catalog,
  type Locale,
} from "./i18n";
import { applyUiLanguage, locale, setLocale, systemLocale, t, tParts } from "./i18n.svelte";

describe("resolveSystemLocale", () => {
  it.each([
    [["zh-TW"], "zh-Hant"],
    [["zh-HK"], "zh-Hant"],
    [["zh-MO"], "zh-Hant"],
    [["zh-Hant"], "zh-Hant"],
    [["zh-Hant-CN"], "zh-Hant"],
    [["zh_TW"], "zh-Hant"],
    [["yue-HK"], "zh-Hant"],
    [["zh-CN"], "zh-Hans"],
    [["zh-SG"], "zh-Hans"],
    [["zh-Hans"], "zh-Hans"],
    [["zh-Hans-HK"], "zh-Hans"],
    [["zh"], "zh-Hans"],
    [["ZH-tw"], "zh-Hant"],
    [["en-US"], "en"],
    [["fr-FR", "de"], "en"],
    [["fr-FR", "zh-TW", "en"], "zh-Hant"],
    [["en-GB", "zh-CN"], "en"],
    [[], "en"],
  ] as [string[], Locale][])("%j → %s", (languages, expected) => {
    expect(resolveSystemLocale(languages)).toBe(expected);
  });

  it("copes with no languages at all", () => {
    expect(resolveSystemLocale(undefined)).toBe("en");
    expect(resolveSystemLocale(null)).toBe("en");
  });
});

describe("localeFor", () => {
  it("uses an explicit preference and resolves 'system'", () => {
    expect(localeFor("zh-Hant", ["en-US"])).toBe("zh-Hant");
    expect(localeFor("en", ["zh-CN"])).toBe("en");
    expect(localeFor("system", ["zh-HK"])).toBe("zh-Hant");
  });
});

const tiny = {
  en: { hello: "Hello, {name}!", rows: { one: "{count} row", other: "{count} rows" }, onlyEn: "English only" },
  "zh-Hans": { hello: "你好，{name}！", rows: "{count} 行" },
  "zh-Hant": { hello: "你好，{name}！", rows: "{count} 列" },
} as unknown as Record<Locale, Catalog>;

describe("translate", () => {
  it("fills placeholders", () => {
    expect(translate(tiny, "en", "hello", { name: "Ada" })).toBe("Hello, Ada!");
    expect(translate(tiny, "zh-Hant", "hello", { name: "小明" })).toBe("你好，小明！");
  });

  it("chooses English plural forms by count", () => {
    expect(translate(tiny, "en", "rows", { count: 1 })).toBe("1 row");
    expect(translate(tiny, "en", "rows", { count: 0 })).toBe("0 rows");
    expect(translate(tiny, "en", "rows", { count: 2 })).toBe("2 rows");
    expect(translate(tiny, "zh-Hans", "rows", { count: 1 })).toBe("1 行");
  });

  it("groups digits of numbers", () => {
    expect(translate(tiny, "en", "rows", { count: 12345 })).toBe("12,345 rows");
  });

  it("falls back to English, then to the key", () => {
    expect(translate(tiny, "zh-Hans", "onlyEn")).toBe("English only");
    expect(translate(tiny, "zh-Hans", "missing.key")).toBe("missing.key");
  });
});

describe("interpolate", () => {
  it("leaves placeholders without a value visible", () => {
    expect(interpolate("en", "{a} and {b}", { a: "x" })).toBe("x and {b}");
  });

  it("inserts values literally, even ones that look like placeholders", () => {
    expect(interpolate("en", "{a}", { a: "{b} $& $1" })).toBe("{b} $& $1");
  });
});

describe("splitTemplate", () => {
  it("cuts at the kept placeholders only", () => {
    expect(splitTemplate("Paste with {shortcut}, {who}.", ["shortcut"])).toEqual([
      { text: "Paste with " },
      { param: "shortcut" },
      { text: ", {who}." },
    ]);
    expect(splitTemplate("{shortcut}", ["shortcut"])).toEqual([{ param: "shortcut" }]);
  });
});

describe("isMessageKey", () => {
  it("knows the English keys", () => {
    expect(isMessageKey("library.title")).toBe(true);
    expect(isMessageKey("no.such.key")).toBe(false);
    expect(isMessageKey("toString")).toBe(false);
  });
});

describe("the reactive locale", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLocale("en");
  });

  it("translates with the current locale and marks the document's language", () => {
    vi.stubGlobal("document", { documentElement: { lang: "" } });
    setLocale("zh-Hant");
    expect(locale()).toBe("zh-Hant");
    expect(document.documentElement.lang).toBe("zh-Hant");
    expect(t("settings.title")).toBe("設定");
    expect(t("selection.count", { count: 3 })).toBe("已選取 3 列");
    setLocale("zh-Hans");
    expect(t("settings.title")).toBe("设置");
    setLocale("en");
    expect(t("selection.count", { count: 1 })).toBe("1 row selected");
    expect(t("library.noResults", { query: "漢" })).toBe("No titles match “漢”.");
  });

  it("follows the system's languages for 'system', also when they change", () => {
    const listeners: Record<string, () => void> = {};
    const nav = { languages: ["zh-TW", "en"], language: "zh-TW" };
    vi.stubGlobal("navigator", nav);
    vi.stubGlobal("document", { documentElement: { lang: "" } });
    vi.stubGlobal("window", {
      addEventListener: (name: string, fn: () => void) => (listeners[name] = fn),
      removeEventListener: (name: string) => delete listeners[name],
    });
    expect(applyUiLanguage("system")).toBe("zh-Hant");
    expect(systemLocale()).toBe("zh-Hant");
    nav.languages = ["zh-CN"];
    listeners.languagechange?.();
    expect(locale()).toBe("zh-Hans");
    expect(applyUiLanguage("en")).toBe("en");
    expect(listeners.languagechange).toBeUndefined();
    expect(document.documentElement.lang).toBe("en");
  });

  it("splits a message around markup placeholders", () => {
    setLocale("en");
    expect(tParts("empty.hint", ["shortcut"])).toEqual([
      { text: "Open a file, paste Chinese text with " },
      { param: "shortcut" },
      { text: ", or drop a file on the window." },
    ]);
  });
});

// Compile-time checks (svelte-check type-checks this file): parameters are required exactly
// where a message has placeholders.
export function typeChecks() {
  t("settings.title");
  t("library.noResults", { query: "x" });
  t("selection.count", { count: 2 });
  // @ts-expect-error a message with placeholders needs its parameters
  t("library.noResults");
  // @ts-expect-error a plural needs a numeric count
  t("selection.count", { count: "2" });
  // @ts-expect-error unknown keys do not compile
  t("no.such.key");
}

describe("catalogs loaded on demand", () => {
  // Fresh copies of the modules: the test setup has loaded every catalog into the shared ones.
  async function fresh() {
    vi.resetModules();
    const catalogs = await import("./catalogs");
    const i18n = await import("./i18n.svelte");
    return { ...catalogs, ...i18n };
  }

  it("stays in the shown language until the new one's catalog is in, then switches whole", async () => {
    const { hasCatalog, locale, setLocale, t } = await fresh();
    expect(hasCatalog("zh-Hant")).toBe(false);
    const switching = setLocale("zh-Hant");
    expect(locale()).toBe("en");
    expect(t("common.copied")).toBe("Copied");
    await switching;
    expect(hasCatalog("zh-Hant")).toBe(true);
    expect(locale()).toBe("zh-Hant");
    expect(t("common.copied")).not.toBe("Copied");
  });

  it("shows the last language asked for when an earlier one's catalog arrives after it", async () => {
    const { locale, setLocale } = await fresh();
    const toChinese = setLocale("zh-Hans");
    await setLocale("en");
    await toChinese;
    expect(locale()).toBe("en");
  });

  it("loads the catalog a preference would show", async () => {
    const { hasCatalog, loadCatalogFor } = await fresh();
    await loadCatalogFor("zh-Hans");
    expect(hasCatalog("zh-Hans")).toBe(true);
    expect(hasCatalog("zh-Hant")).toBe(false);
  });
});

describe("hasKeyWithPrefix", () => {
  it("accepts existing keys with the prefix only", () => {
    expect(hasKeyWithPrefix("error.network", "error.")).toBe(true);
    expect(hasKeyWithPrefix("error.nope", "error.")).toBe(false);
    expect(hasKeyWithPrefix("library.title", "error.")).toBe(false);
    const key: string = "error.timeout";
    if (hasKeyWithPrefix(key, "error.")) expect(t(key)).toBe("The site took too long to answer");
  });
});

describe("formatNumber", () => {
  it("writes every number as the locale's Intl.NumberFormat does, with or without the shortcut", () => {
    for (const loc of ["en", "zh-Hans", "zh-Hant"] as const) {
      const intl = new Intl.NumberFormat(loc);
      for (let n = -1200; n <= 1200; n += 1) expect(formatNumber(loc, n)).toBe(intl.format(n));
      for (const n of [12345, 1234567, 2.5, -0.75]) expect(formatNumber(loc, n)).toBe(intl.format(n));
    }
  });
});
