// Words the UI shows about the open document: its encoding, format, and what the conversion
// did. Kept out of the components so each phrasing is unit-tested and shared by the toolbar
// and the column headers.
import type { Article, ConfigInfo, Region, Script } from "../ipc";

export function describeEncoding(article: Pick<Article, "encoding" | "bom">): string {
  return article.bom ? `${article.encoding} · BOM` : article.encoding;
}

const FORMATS: Record<string, string> = {
  text: "Plain text",
  markdown: "Markdown",
  html: "HTML",
};

export function describeFormat(format: string): string {
  return FORMATS[format] ?? format;
}

const SCRIPTS: Record<Script, string> = { traditional: "Traditional", simplified: "Simplified" };
const REGIONS: Record<Region, string> = { taiwan: "Taiwan usage", hong_kong: "Hong Kong usage" };

/**
 * One line about the conversion, e.g. "Traditional · Taiwan usage → tw2sp (auto)". The core's
 * note, when it has one, explains the situation better than anything derived here (e.g. why a
 * Simplified text was left alone), so it wins.
 */
export function describeConversion(
  article: Pick<Article, "script" | "region" | "config" | "configAuto" | "note">,
): string {
  if (article.note) return article.note;
  const detected = [SCRIPTS[article.script], article.region ? REGIONS[article.region] : null]
    .filter(Boolean)
    .join(" · ");
  if (!article.config) return `${detected} · not converted`;
  return `${detected} → ${article.config} (${article.configAuto ? "auto" : "chosen"})`;
}

/** BCP 47 tag of the original column, so the webview picks the right CJK glyph forms. */
export function originalLang(script: Script): "zh-Hant" | "zh-Hans" {
  return script === "traditional" ? "zh-Hant" : "zh-Hans";
}

/** The script's own name, written in that script: 繁體 / 简体. */
export function scriptName(script: Script): string {
  return script === "traditional" ? "繁體" : "简体";
}

/** The text of one option in the conversion picker. */
export function configOptionLabel(config: ConfigInfo): string {
  return `${config.name} — ${config.label}`;
}
