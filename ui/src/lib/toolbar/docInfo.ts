// Words the UI shows about the open document: its encoding, format, and what the conversion
// did. Kept out of the components so each phrasing is unit-tested and shared by the toolbar
// and the column headers.
//
// Every phrase is looked up in the UI language when called (call them in markup or $derived,
// so they follow a language change).
import type { Article, DocMeta, Region, Script } from "../ipc";
import { t } from "../i18n/i18n.svelte";
import { urlHost } from "../open/url";

/** "UTF-8", "UTF-8 · BOM", or "UTF-8 · page said GB18030" when the page declared another one. */
export function describeEncoding(article: Pick<Article, "encoding" | "bom" | "declaredEncoding">): string {
  const encoding = article.bom ? t("doc.encoding.bom", { encoding: article.encoding }) : article.encoding;
  return article.declaredEncoding
    ? t("doc.encoding.declared", { encoding, declared: article.declaredEncoding })
    : encoding;
}

const FORMAT_KEYS = {
  text: "doc.format.text",
  markdown: "doc.format.markdown",
  html: "doc.format.html",
  docx: "doc.format.docx",
  epub: "doc.format.epub",
} as const;

export function describeFormat(format: string): string {
  return Object.prototype.hasOwnProperty.call(FORMAT_KEYS, format)
    ? t(FORMAT_KEYS[format as keyof typeof FORMAT_KEYS])
    : format;
}

const SCRIPTS = { traditional: "doc.script.traditional", simplified: "doc.script.simplified" } as const satisfies Record<Script, string>;
const REGIONS = {
  taiwan: "doc.region.taiwan",
  hong_kong: "doc.region.hong_kong",
  mainland: "doc.region.mainland",
} as const satisfies Record<Region, string>;

/** What the document says about itself, as the toolbar shows it; each part null when unknown. */
export interface MetaLine {
  byline: string | null;
  published: string | null;
  /** The web address's host (without "www."), for display only: it is never a link. */
  host: string | null;
  /** The whole address, for the tooltip and the copy button. */
  url: string | null;
}

/**
 * A publication date as a reader wants it: an ISO timestamp ("2024-03-18T09:30:00+08:00") by
 * its day as the page wrote it (the page's own offset, not converted), anything else as given.
 */
export function publishedDay(published: string | null): string | null {
  if (published === null) return null;
  const iso = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/.exec(published);
  return iso ? iso[1] : published;
}

/** The byline, date and host of a web page or e-book, trimmed; empty strings count as unknown. */
export function describeMeta(meta: DocMeta | null | undefined): MetaLine {
  const clean = (s: string | null | undefined) => (s && s.trim() !== "" ? s.trim() : null);
  const url = clean(meta?.url);
  return {
    byline: clean(meta?.byline),
    published: publishedDay(clean(meta?.published)),
    host: url ? urlHost(url) : null,
    url,
  };
}

/**
 * One line about the conversion, e.g. "Traditional · Taiwan usage → tw2sp (auto)". The core's
 * note, when it has one, explains the situation better than anything derived here (e.g. why a
 * Simplified text was left alone), so it wins.
 */
export function describeConversion(
  article: Pick<Article, "script" | "region" | "config" | "configAuto" | "note">,
): string {
  if (article.note) return article.note;
  const detected = [t(SCRIPTS[article.script]), article.region ? t(REGIONS[article.region]) : null]
    .filter(Boolean)
    .join(" · ");
  if (!article.config) return t("doc.conversion.none", { detected });
  return t(article.configAuto ? "doc.conversion.auto" : "doc.conversion.chosen", { detected, config: article.config });
}

/** The words the region was detected from, for the conversion's tooltip; null when none. */
export function describeEvidence(article: Pick<Article, "regionEvidence">): string | null {
  const words = article.regionEvidence ?? [];
  return words.length > 0 ? t("doc.region.evidence", { words: words.join("、") }) : null;
}

/** BCP 47 tag of the original column, so the webview picks the right CJK glyph forms. */
export function originalLang(script: Script): "zh-Hant" | "zh-Hans" {
  return script === "traditional" ? "zh-Hant" : "zh-Hans";
}

/** The script's own name, written in that script: 繁體 / 简体. */
export function scriptName(script: Script): string {
  return script === "traditional" ? "繁體" : "简体";
}

