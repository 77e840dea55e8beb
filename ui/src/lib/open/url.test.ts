import { describe, expect, it } from "vitest";
import { checkUrlInput, decodePunycode, looksLikeUrl, shortUrl } from "./url";

describe("looksLikeUrl", () => {
  it.each([
    "https://example.com",
    "http://example.com/a/b?c=d#e",
    "https://news.example.com.tw/article/123",
    "HTTPS://EXAMPLE.COM/Path",
    "https://zh.wikipedia.org/wiki/%E5%B0%8D%E7%85%A7",
    "https://zh.wikipedia.org/wiki/對照",
    "https://例子.测试/路径",
    "https://xn--fsqu00a.xn--0zwm56d/",
    "http://localhost:8080/page",
    "http://127.0.0.1/x",
  ])("%s is a URL", (text) => {
    expect(looksLikeUrl(text)).toBe(text);
  });

  it("trims white space and a pair of brackets or quotes around the address", () => {
    expect(looksLikeUrl("  https://example.com/a \n")).toBe("https://example.com/a");
    expect(looksLikeUrl("<https://example.com/a>")).toBe("https://example.com/a");
    expect(looksLikeUrl("“https://example.com/a”")).toBe("https://example.com/a");
  });

  it.each([
    ["Chinese text containing a URL", "請參考 https://example.com 的說明"],
    ["Chinese text glued to a URL", "請參考https://example.com"],
    ["a URL followed by text", "https://example.com 這篇文章"],
    ["a URL with an ideographic space", "https://example.com\u3000說明"],
    ["two URLs on two lines", "https://a.example\nhttps://b.example"],
    ["a paragraph", "對照是一個閱讀工具。"],
    ["a host without a scheme", "example.com/article"],
    ["another scheme", "ftp://example.com/file"],
    ["a file URL", "file:///etc/passwd"],
    ["javascript", "javascript:alert(1)"],
    ["a scheme without a host", "https://"],
    ["credentials in the URL", "https://user:pass@example.com/"],
    ["empty text", "   "],
  ])("%s is not a URL-only paste", (_what, text) => {
    expect(looksLikeUrl(text)).toBeNull();
  });

  it("ignores enormous clipboard text", () => {
    expect(looksLikeUrl(`https://example.com/${"a".repeat(10000)}`)).toBeNull();
  });
});

describe("checkUrlInput", () => {
  it("accepts http and https addresses as written", () => {
    expect(checkUrlInput(" https://example.com/a ")).toEqual({ ok: true, url: "https://example.com/a" });
    expect(checkUrlInput("http://例子.测试/")).toEqual({ ok: true, url: "http://例子.测试/" });
  });

  it("adds https:// to a bare host name", () => {
    expect(checkUrlInput("example.com/article?id=1")).toEqual({ ok: true, url: "https://example.com/article?id=1" });
    expect(checkUrlInput("www.udn.com")).toEqual({ ok: true, url: "https://www.udn.com" });
    expect(checkUrlInput("localhost:8080/x")).toEqual({ ok: true, url: "https://localhost:8080/x" });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["https://example.com/a b", "spaces"],
    ["ftp://example.com/file", "scheme"],
    ["file:///home/me/a.txt", "scheme"],
    ["mailto:someone@example.com", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["hello", "malformed"],
    ["https://", "malformed"],
    ["http://user:pw@example.com", "malformed"],
  ])("%j is refused: %s", (input, problem) => {
    expect(checkUrlInput(input)).toEqual({ ok: false, problem });
  });
});

describe("shortUrl", () => {
  it("shows host and path without scheme, www. or trailing slash", () => {
    expect(shortUrl("https://www.example.com/news/2024/article/")).toBe("example.com/news/2024/article");
    expect(shortUrl("https://example.com/")).toBe("example.com");
    expect(shortUrl("https://example.com/a?b=c#d")).toBe("example.com/a");
  });

  it("decodes percent-escapes and Punycode host names", () => {
    expect(shortUrl("https://zh.wikipedia.org/wiki/%E5%B0%8D%E7%85%A7")).toBe("zh.wikipedia.org/wiki/對照");
    expect(shortUrl("https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84")).toBe("例子.测试/路径");
  });

  it("leaves anything that is not a web address alone", () => {
    expect(shortUrl("clipboard")).toBe("clipboard");
    expect(shortUrl("https://example.com/%E5%B0")).toBe("example.com/%E5%B0");
  });
});

describe("decodePunycode", () => {
  it.each(["中国", "测试", "例子", "臺灣", "bücher", "münchen-ost", "ドメイン名例"])("round-trips %s", (label) => {
    // The URL parser writes host names in Punycode (IDNA), as the shell's stored URLs are.
    const ascii = new URL(`https://${label}/`).hostname;
    expect(ascii.startsWith("xn--")).toBe(true);
    expect(decodePunycode(ascii.slice(4))).toBe(label);
  });

  it("refuses invalid input", () => {
    expect(decodePunycode("!!")).toBeNull();
  });
});
