import { afterEach, describe, expect, it, vi } from "vitest";
import type { LibraryEntry } from "../ipc";
import { setLocale } from "../i18n/i18n.svelte";
import {
  debounce,
  describeConversion,
  describeSource,
  describeTranslation,
  fileName,
  filterByTitle,
  indexAfterRemoval,
  moveIndex,
  planReopen,
  relativeTime,
} from "./library";

function entry(extra: Partial<LibraryEntry> = {}): LibraryEntry {
  return {
    id: "e1",
    title: "臺灣的夜市",
    source: "/home/me/文章/夜市.md",
    url: null,
    format: "markdown",
    config: null,
    profile: null,
    target: null,
    openedAt: 0,
    addedAt: 0,
    blocks: 40,
    translated: 0,
    ...extra,
  };
}

afterEach(() => setLocale("en"));

describe("describeSource", () => {
  it("shows a file by its name, with the path for the tooltip", () => {
    expect(describeSource(entry())).toEqual({ kind: "file", text: "夜市.md", full: "/home/me/文章/夜市.md" });
    expect(describeSource(entry({ source: "C:\\Users\\me\\Docs\\news.html" })).text).toBe("news.html");
  });

  it("shows a web page by host and path", () => {
    expect(
      describeSource(entry({ source: "https://www.example.com.tw/news/123/", url: "https://www.example.com.tw/news/123/" })),
    ).toEqual({ kind: "url", text: "example.com.tw/news/123", full: "https://www.example.com.tw/news/123/" });
    // The address after redirects wins over what was typed.
    expect(describeSource(entry({ source: "http://short.example/x", url: "https://long.example/article" })).text).toBe(
      "long.example/article",
    );
  });

  it("names the clipboard and the sample in the UI language", () => {
    expect(describeSource(entry({ source: "clipboard" }))).toEqual({ kind: "clipboard", text: "Clipboard", full: "" });
    setLocale("zh-Hant");
    expect(describeSource(entry({ source: "clipboard" })).text).toBe("剪貼簿");
    setLocale("zh-Hans");
    expect(describeSource(entry({ source: "clipboard" })).text).toBe("剪贴板");
    expect(describeSource(entry({ source: "sample" })).text).toBe("示例");
  });

  it("copes with odd paths", () => {
    expect(fileName("/trailing/slash/")).toBe("slash");
    expect(fileName("plain.txt")).toBe("plain.txt");
  });
});

describe("relativeTime", () => {
  const now = new Date(2026, 10, 29, 15, 30).getTime();
  const at = (...args: [number, number, number, number, number]) => new Date(...args).getTime();

  it.each([
    [now - 20_000, "just now"],
    [now + 60_000, "just now"],
    [now - 5 * 60_000, "5 minutes ago"],
    [now - 60 * 60_000, "1 hour ago"],
    [at(2026, 10, 29, 9, 0), "6 hours ago"],
    [at(2026, 10, 28, 22, 0), "yesterday"],
    [at(2026, 10, 25, 9, 0), "4 days ago"],
    [at(2026, 10, 3, 9, 0), "Nov 3"],
    [at(2025, 11, 24, 9, 0), "Dec 24, 2025"],
  ])("%s → %s", (ms, expected) => {
    expect(relativeTime(ms, now, "en")).toBe(expected);
  });

  it("says a few hours ago rather than yesterday shortly after midnight", () => {
    const early = new Date(2026, 10, 29, 1, 0).getTime();
    expect(relativeTime(new Date(2026, 10, 28, 23, 0).getTime(), early, "en")).toBe("2 hours ago");
  });

  it("speaks Chinese", () => {
    setLocale("zh-Hans");
    expect(relativeTime(now - 10_000, now, "zh-Hans")).toBe("刚刚");
    expect(relativeTime(now - 5 * 60_000, now, "zh-Hans")).toBe("5分钟前");
    expect(relativeTime(at(2026, 10, 28, 9, 0), now, "zh-Hans")).toBe("昨天");
    setLocale("zh-Hant");
    expect(relativeTime(now - 10_000, now, "zh-Hant")).toBe("剛剛");
    expect(relativeTime(at(2026, 10, 26, 9, 0), now, "zh-Hant")).toBe("3 天前");
  });
});

describe("describeConversion", () => {
  it("shows the configuration or auto", () => {
    expect(describeConversion("tw2sp")).toBe("Conversion: tw2sp");
    expect(describeConversion(null)).toBe("Conversion: auto");
    setLocale("zh-Hant");
    expect(describeConversion(null)).toBe("轉換：自動");
  });
});

describe("describeTranslation", () => {
  it("names profile, target and progress", () => {
    expect(describeTranslation(entry({ profile: "DeepL", target: "en", translated: 12, blocks: 40 }))).toBe(
      "DeepL → English · 12 of 40 translated",
    );
    expect(describeTranslation(entry({ profile: null, target: "ja", translated: 40, blocks: 40 }))).toBe(
      "→ Japanese · 40 of 40 translated",
    );
  });

  it("says when nothing is translated", () => {
    expect(describeTranslation(entry())).toBe("Not translated");
    expect(describeTranslation(entry({ profile: "DeepL", target: "en", translated: 0 }))).toBe("Not translated");
    setLocale("zh-Hans");
    expect(describeTranslation(entry({ profile: "DeepL", target: "en", translated: 1200, blocks: 1500 }))).toBe(
      "DeepL → 英语 · 已翻译 1,200 / 1,500",
    );
  });
});

describe("filterByTitle", () => {
  const list = [entry({ id: "1", title: "臺灣的夜市" }), entry({ id: "2", title: "Ｔａｉｐｅｉ Notes" }), entry({ id: "3", title: "香港茶餐廳" })];

  it("keeps everything for an empty query", () => {
    expect(filterByTitle(list, "  ").map((e) => e.id)).toEqual(["1", "2", "3"]);
  });

  it("matches part of a title, ignoring case and full-width forms", () => {
    expect(filterByTitle(list, "夜市").map((e) => e.id)).toEqual(["1"]);
    expect(filterByTitle(list, "taipei").map((e) => e.id)).toEqual(["2"]);
    expect(filterByTitle(list, " 茶 ").map((e) => e.id)).toEqual(["3"]);
    expect(filterByTitle(list, "東京")).toEqual([]);
  });
});

describe("moveIndex", () => {
  it("moves by one, clamping at the end and leaving to the search field at the top", () => {
    expect(moveIndex(-1, "ArrowDown", 3)).toBe(0);
    expect(moveIndex(0, "ArrowDown", 3)).toBe(1);
    expect(moveIndex(2, "ArrowDown", 3)).toBe(2);
    expect(moveIndex(1, "ArrowUp", 3)).toBe(0);
    expect(moveIndex(0, "ArrowUp", 3)).toBe(-1);
  });

  it("jumps to the ends and by pages", () => {
    expect(moveIndex(5, "Home", 20)).toBe(0);
    expect(moveIndex(5, "End", 20)).toBe(19);
    expect(moveIndex(5, "PageDown", 20)).toBe(13);
    expect(moveIndex(15, "PageDown", 20)).toBe(19);
    expect(moveIndex(-1, "PageDown", 20)).toBe(8);
    expect(moveIndex(10, "PageUp", 20)).toBe(2);
    expect(moveIndex(3, "PageUp", 20)).toBe(0);
  });

  it("ignores other keys and empty lists", () => {
    expect(moveIndex(0, "Enter", 3)).toBeNull();
    expect(moveIndex(0, "a", 3)).toBeNull();
    expect(moveIndex(-1, "ArrowDown", 0)).toBeNull();
  });
});

describe("indexAfterRemoval", () => {
  it("focuses the next entry, or the one before at the end, or nothing", () => {
    expect(indexAfterRemoval(1, 3)).toBe(1);
    expect(indexAfterRemoval(3, 3)).toBe(2);
    expect(indexAfterRemoval(0, 0)).toBe(-1);
  });
});

describe("planReopen", () => {
  const settings = { profiles: [{ name: "DeepL" }, { name: "GPT" }] } as Parameters<typeof planReopen>[1];

  it("picks the entry's profile and target again and restores its translations", () => {
    expect(
      planReopen({ profile: "GPT", target: "ja", translations: { a: "こんにちは" }, engines: { a: "edge" } }, settings, {
        profile: "DeepL",
        target: "en",
      }),
    ).toEqual({ profile: "GPT", target: "ja", translations: { a: "こんにちは" }, engines: { a: "edge" } });
  });

  it("changes nothing that is already so", () => {
    expect(planReopen({ profile: "DeepL", target: "en", translations: { a: "Hi" }, engines: {} }, settings, { profile: "DeepL", target: "en" })).toEqual(
      { profile: null, target: null, translations: { a: "Hi" }, engines: {} },
    );
  });

  it("keeps the current profile when the entry's is gone, and restores nothing without a target", () => {
    expect(planReopen({ profile: "Removed", target: "en", translations: { a: "Hi" }, engines: {} }, settings, { profile: "DeepL", target: "en" }).profile).toBeNull();
    expect(planReopen({ profile: null, target: null, translations: {}, engines: { a: "edge" } }, null, { profile: null, target: "en" })).toEqual({
      profile: null,
      target: null,
      translations: {},
      engines: {},
    });
  });
});

describe("debounce", () => {
  it("runs once, with the last arguments, after calls pause", () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn();
      const search = debounce(fn, 150);
      search("a");
      vi.advanceTimersByTime(100);
      search("ab");
      vi.advanceTimersByTime(149);
      expect(fn).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(fn).toHaveBeenCalledExactlyOnceWith("ab");
      search("abc");
      search.cancel();
      vi.advanceTimersByTime(500);
      expect(fn).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
