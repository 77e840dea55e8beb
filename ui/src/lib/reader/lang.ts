// The language each column declares and the font stack it reads in. The lang attribute lets
// the webview pick the right regional glyph forms (Taiwan and Hong Kong Traditional differ from
// each other, and from Simplified and Japanese, in many characters); the stacks put CJK fonts of
// the matching region first. The user's font family, when set, goes before all of them.
import type { Article, Column } from "../ipc";
import { convertedScript } from "../toolbar/configs";
import { desktop, type Desktop } from "../app/platform";

/** BCP 47 tag of the original column: script and region as detected by the core. */
export function originalLangTag(article: Pick<Article, "script" | "region">): string {
  if (article.script === "simplified") return "zh-Hans";
  if (article.region === "taiwan") return "zh-Hant-TW";
  if (article.region === "hong_kong") return "zh-Hant-HK";
  return "zh-Hant";
}

export function columnLang(
  column: Column,
  article: Pick<Article, "script" | "region"> & { config?: string | null },
  targetLang: string,
): string {
  switch (column) {
    case "original":
      return originalLangTag(article);
    case "simplified":
      // The converted column holds what its configuration writes (s2twp: Traditional).
      switch (convertedScript(article.config ?? null, article.script)) {
        case "traditional":
          return "zh-Hant";
        case "japanese":
          return "ja";
        case "simplified":
          return "zh-Hans";
      }
    case "translation":
    case "compare":
      return targetLang || "en";
  }
}

const SERIF_LATIN = [
  "Charter",
  "Bitstream Charter",
  "Iowan Old Style",
  "Georgia",
  "Noto Serif",
  "DejaVu Serif",
];

const STACKS: Record<string, string[]> = {
  "zh-Hant-TW": [
    "Noto Serif CJK TC",
    "Noto Sans CJK TC",
    "Source Han Serif TC",
    "Source Han Serif TW",
    "PingFang TC",
    "Microsoft JhengHei",
    "Noto Serif CJK HK",
  ],
  "zh-Hant-HK": [
    "Noto Serif CJK HK",
    "Noto Sans CJK HK",
    "Source Han Serif HC",
    "Source Han Serif HK",
    "PingFang HK",
    "Microsoft JhengHei",
    "Noto Serif CJK TC",
  ],
  "zh-Hans": [
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "PingFang SC",
    "Microsoft YaHei",
  ],
  ja: ["Noto Serif CJK JP", "Noto Sans CJK JP", "Source Han Serif JP", "Hiragino Mincho ProN", "Yu Mincho"],
  ko: ["Noto Serif CJK KR", "Noto Sans CJK KR", "Source Han Serif KR", "Apple SD Gothic Neo", "Malgun Gothic"],
};

/**
 * Fonts only Apple's or Microsoft's systems ship. Not named on Linux: WebKitGTK asks fontconfig
 * about every name in a stack, for every size and weight, and a missing one is costly there
 * (see app/platform.ts); the stacks still pick the same installed fonts without them.
 */
const NOT_ON_LINUX = new Set([
  "Charter",
  "Bitstream Charter",
  "Iowan Old Style",
  "Georgia",
  "PingFang TC",
  "PingFang HK",
  "PingFang SC",
  "Microsoft JhengHei",
  "Microsoft YaHei",
  "Hiragino Mincho ProN",
  "Yu Mincho",
  "Apple SD Gothic Neo",
  "Malgun Gothic",
]);

function stackKey(lang: string): string | null {
  const tag = lang.toLowerCase();
  if (tag.startsWith("zh")) {
    if (tag.includes("hk") || tag.includes("mo")) return "zh-Hant-HK";
    if (tag.includes("hant") || tag.includes("tw")) return "zh-Hant-TW";
    return "zh-Hans";
  }
  if (tag === "ja" || tag.startsWith("ja-")) return "ja";
  if (tag === "ko" || tag.startsWith("ko-")) return "ko";
  return null;
}

function quote(name: string): string {
  return /^[A-Za-z-]+$/.test(name) ? name : `"${name}"`;
}

/**
 * A CSS font-family value for text in `lang`. CJK languages get their region's fonts with Latin
 * serifs behind them (for digits and Latin words inside CJK text, the CJK font's own Latin
 * glyphs come first, which keeps the line even); Latin-script languages get the serif stack.
 * `userFamily` was checked by fontFamilyProblem (letters, digits, space, - and _ only); `on` is
 * for tests.
 */
export function fontStack(lang: string, userFamily = "", on: Desktop = desktop): string {
  const key = stackKey(lang);
  const all = key ? [...STACKS[key], ...SERIF_LATIN] : [...SERIF_LATIN, "Noto Serif CJK SC"];
  const names = on === "linux" ? all.filter((n) => !NOT_ON_LINUX.has(n)) : all;
  const user = userFamily.trim();
  const families = user ? [user, ...names.filter((n) => n !== user)] : names;
  return [...families.map(quote), "serif"].join(", ");
}

/** True when text in `lang` is set in CJK characters (taller line height, no hyphenation). */
export function isCjk(lang: string): boolean {
  return stackKey(lang) !== null;
}
