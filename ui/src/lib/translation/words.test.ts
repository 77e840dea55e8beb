import { describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { describeLastJob, describeProgress, failureHeadline, languageLabel, targetOptions } from "./words";

describe("describeProgress", () => {
  it("counts translated blocks against all blocks", () => {
    expect(describeProgress({ total: 200, translated: 37, failed: 0 })).toBe("37 / 200 translated");
  });

  it("adds the failures when there are any", () => {
    expect(describeProgress({ total: 200, translated: 37, failed: 2 })).toBe("37 / 200 translated · 2 failed");
  });
});

describe("failureHeadline", () => {
  it.each([
    ["unauthorized", "Bad API key"],
    ["quota_exceeded", "Quota exhausted"],
    ["rate_limited", "Rate limited"],
    ["network", "Cannot reach the provider"],
    ["unexpected_response", "Unexpected response"],
    ["config", "Profile incomplete"],
  ])("names %s", (kind, headline) => {
    expect(failureHeadline(kind)).toBe(headline);
  });

  it("has a generic headline for a kind it does not know", () => {
    expect(failureHeadline("something_new")).toBe("Translation failed");
  });
});

describe("target languages", () => {
  it("offers the required languages under their own names", () => {
    const tags = targetOptions("en").map((l) => l.tag);
    for (const tag of ["en", "zh-Hant", "zh-Hans", "ja", "ko", "fr", "de", "es"]) expect(tags).toContain(tag);
    expect(languageLabel("zh-Hant")).toBe("繁體中文");
    expect(languageLabel("ja")).toBe("日本語");
  });

  it("names the languages in the interface's language for the picker", () => {
    expect(targetOptions("en").find((l) => l.tag === "ja")?.label).toBe("Japanese");
    setLocale("zh-Hans");
    expect(targetOptions("en").find((l) => l.tag === "en")?.label).toBe("英语");
    setLocale("zh-Hant");
    expect(targetOptions("en").find((l) => l.tag === "zh-Hant")?.label).toBe("繁體中文");
    setLocale("en");
  });

  it("keeps a target the settings hold but the list does not know", () => {
    const options = targetOptions("zh-Hant-HK");
    expect(options.at(-1)?.tag).toBe("zh-Hant-HK");
    expect(options.at(-1)?.label).toContain("Hong Kong");
    expect(targetOptions("en").filter((l) => l.tag === "en")).toHaveLength(1);
  });
});

describe("describeLastJob", () => {
  it("summarises the shell's report", () => {
    expect(describeLastJob({ done: 3, cached: 5, failed: 1, requests: 1, cancelled: false })).toBe(
      "Last run: 3 translated, 5 from the cache, 1 failed; 1 request.",
    );
    expect(describeLastJob(null)).toBe("");
  });
});
