// Words the UI shows about translation: target language names, the headline of each failure
// kind, and the progress line. Kept out of the components so each phrasing is unit-tested.
import type { ErrorKind, ProviderKind } from "../ipc";
import { PROVIDERS } from "../bindings/providers";
import { errorHeadline, isErrorKind } from "../feedback/errors";
import type { JobSummary, Progress } from "./board";
import { hasKeyWithPrefix, languageNamesIn } from "../i18n/i18n";
import { locale, t } from "../i18n/i18n.svelte";

export interface Language {
  /** BCP 47 tag, as the settings store it. */
  tag: string;
  /** The language's own name for itself, so a reader finds it without knowing English. */
  label: string;
}

export const TARGET_LANGUAGES: readonly Language[] = [
  { tag: "en", label: "English" },
  { tag: "zh-Hant", label: "繁體中文" },
  { tag: "zh-Hans", label: "简体中文" },
  { tag: "ja", label: "日本語" },
  { tag: "ko", label: "한국어" },
  { tag: "fr", label: "Français" },
  { tag: "de", label: "Deutsch" },
  { tag: "es", label: "Español" },
  { tag: "it", label: "Italiano" },
  { tag: "pt", label: "Português" },
  { tag: "ru", label: "Русский" },
  { tag: "vi", label: "Tiếng Việt" },
];

/**
 * The picker's options, named in the interface's language ("英语" in a Chinese interface): the
 * known languages, plus the current one if settings hold another.
 */
export function targetOptions(current: string): Language[] {
  const known = TARGET_LANGUAGES.map((l) => ({ tag: l.tag, label: languageName(l.tag) }));
  if (current === "" || TARGET_LANGUAGES.some((l) => l.tag === current)) return known;
  return [...known, { tag: current, label: languageName(current) }];
}

/** A language's own name for itself ("日本語"), as column headers show it; the tag if unknown. */
export function languageLabel(tag: string): string {
  return TARGET_LANGUAGES.find((l) => l.tag === tag)?.label ?? tag;
}

/** A language's name in the interface's language ("Japanese", "日语"); its own name if unknown. */
export function languageName(tag: string): string {
  try {
    const name = languageNamesIn(locale()).of(tag);
    if (name && name !== tag) return name;
  } catch {
    // An unusual tag, or a webview without Intl.DisplayNames.
  }
  return languageLabel(tag);
}

/**
 * The headline of a block's failure, in the UI language: the rows' short words for a provider's
 * failure ("Cannot reach the provider" rather than the banner's "The site could not be reached"),
 * else the kind's headline.
 */
export function failureHeadline(kind: ErrorKind | string): string {
  const key = `failure.${kind}`;
  if (hasKeyWithPrefix(key, "failure.") && key !== "failure.other") return t(key);
  return isErrorKind(kind) ? errorHeadline(kind) : t("failure.other");
}

/** "37 / 200 translated · 2 failed"; the failed part only when something failed. */
export function describeProgress(progress: Pick<Progress, "total" | "translated" | "failed">): string {
  const parts = [t("translation.progress", { translated: progress.translated, total: progress.total })];
  if (progress.failed > 0) parts.push(t("translation.progress.failed", { failed: progress.failed }));
  return parts.join(" · ");
}

/** A longer account of the last job, for a tooltip. */
export function describeLastJob(last: JobSummary | null): string {
  if (last === null) return "";
  const details =
    last.failed > 0
      ? t("translation.lastRun.detailsFailed", { done: last.done, cached: last.cached, failed: last.failed })
      : t("translation.lastRun.details", { done: last.done, cached: last.cached });
  return t(last.cancelled ? "translation.lastRun.stopped" : "translation.lastRun", { details, count: last.requests });
}

/** How Settings lists a provider kind (the kind's own name for one this build does not know). */
export function kindLabel(kind: ProviderKind): string {
  return PROVIDERS[kind]?.label ?? kind;
}

/**
 * "Translated by Google Translate" for a row the web chain's engine translated; null when unknown.
 * The service is the provider row's (brand names, not translated); LLMs and the chain have none.
 */
export function translatedBy(kind: ProviderKind | null | undefined): string | null {
  const name = kind ? PROVIDERS[kind]?.service : undefined;
  return name ? t("reader.translatedBy", { engine: name }) : null;
}
