// What the library panel shows and how its list moves, as pure functions (unit-tested in
// library.test.ts): each entry's source in a few words, when it was opened, its conversion and
// how much of it is translated; the local title filter that answers while the shell is asked;
// the keyboard moves; and what reopening an entry should change in the translation settings.
// Words come from the i18n catalogs through `t`, so they follow the UI language.
import type * as ipc from "../ipc";
import type { LibraryEntry, ProviderKind, Reopened, TranslationSettings } from "../ipc";
import type { Locale } from "../i18n/i18n";
import { locale, t } from "../i18n/i18n.svelte";
import { shortUrl } from "../open/url";
import { languageName } from "../translation/words";

export type SourceKind = "file" | "url" | "clipboard" | "sample";

export interface SourceLabel {
  kind: SourceKind;
  /** A few words: the file name, the host and path, or "Clipboard". */
  text: string;
  /** The whole path or address, for a tooltip. */
  full: string;
}

/** The last part of a path, with either kind of separator. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== "");
  return parts[parts.length - 1] ?? path;
}

export function describeSource(entry: Pick<LibraryEntry, "source" | "url">): SourceLabel {
  const address = entry.url ?? (/^https?:\/\//i.test(entry.source) ? entry.source : null);
  if (address !== null) return { kind: "url", text: shortUrl(address), full: address };
  if (entry.source === "clipboard") return { kind: "clipboard", text: t("doc.source.clipboard"), full: "" };
  if (entry.source === "sample") return { kind: "sample", text: t("doc.source.sample"), full: "" };
  return { kind: "file", text: fileName(entry.source), full: entry.source };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole calendar days from `then` to `now` in local time (daylight saving changes included). */
function calendarDays(then: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(then)) / (24 * HOUR));
}

/**
 * When something happened, as people say it: "just now", "5 minutes ago", "3 hours ago",
 * "yesterday", "4 days ago", then the date ("Nov 3", or "Nov 3, 2025" in another year). Times in
 * the future (a clock set back) count as just now.
 */
export function relativeTime(ms: number, now: number, loc: Locale = locale()): string {
  const diff = now - ms;
  if (diff < MINUTE) return t("common.justNow");
  const rtf = new Intl.RelativeTimeFormat(loc, { numeric: "auto" });
  if (diff < HOUR) return rtf.format(-Math.floor(diff / MINUTE), "minute");
  const days = calendarDays(ms, now);
  if (days === 0 || diff < 6 * HOUR) return rtf.format(-Math.floor(diff / HOUR), "hour");
  if (days < 7) return rtf.format(-days, "day");
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(loc, sameYear ? { month: "short", day: "numeric" } : { dateStyle: "medium" }).format(ms);
}

/** Date and time in full, for a tooltip. */
export function absoluteTime(ms: number, loc: Locale = locale()): string {
  return new Intl.DateTimeFormat(loc, { dateStyle: "medium", timeStyle: "short" }).format(ms);
}

/** "Conversion: tw2sp", or "Conversion: auto" when the configuration was detected. */
export function describeConversion(config: string | null): string {
  return t("library.conversion", { config: config ?? t("library.conversion.auto") });
}

/**
 * How far the translation got: "DeepL → English · 12 of 40 translated", "→ English · …" when
 * the profile is unknown, or "Not translated".
 */
export function describeTranslation(
  entry: Pick<LibraryEntry, "profile" | "target" | "translated" | "blocks">,
): string {
  if (entry.target === null || entry.translated === 0) return t("library.notTranslated");
  const target = languageName(entry.target);
  const who =
    entry.profile !== null
      ? t("library.translatedWith", { profile: entry.profile, target })
      : t("library.translatedInto", { target });
  return `${who} · ${t("library.progress", { translated: entry.translated, total: entry.blocks })}`;
}

/** Folds case and compatibility forms (full-width letters, etc.) for matching titles. */
function fold(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase();
}

/**
 * The entries whose title contains `query` (ignoring case and white space around it). The shell
 * also matches across scripts; this only answers at once while its answer is on the way.
 */
export function filterByTitle<E extends Pick<LibraryEntry, "title">>(entries: readonly E[], query: string): E[] {
  const q = fold(query.trim());
  if (q === "") return [...entries];
  return entries.filter((e) => fold(e.title).includes(q));
}

/** How many entries a Page Up/Down moves. */
export const PAGE = 8;

/**
 * Where the focus goes for a key in a list of `length` entries from `index` (-1 is the search
 * field above the list): arrows move by one, Page Up/Down by a page, Home/End to the ends; Up
 * from the first entry goes back to the search field. Null for keys that do not move.
 */
export function moveIndex(index: number, key: string, length: number): number | null {
  if (length === 0) return null;
  const last = length - 1;
  switch (key) {
    case "ArrowDown":
      return Math.min(index + 1, last);
    case "ArrowUp":
      return index <= 0 ? -1 : index - 1;
    case "PageDown":
      return Math.min(Math.max(index, 0) + PAGE, last);
    case "PageUp":
      return index <= 0 ? -1 : Math.max(index - PAGE, 0);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}

/** The entry to focus after the one at `removed` went away: the next one, else the one before. */
export function indexAfterRemoval(removed: number, remaining: number): number {
  if (remaining === 0) return -1;
  return Math.min(removed, remaining - 1);
}

/** What reopening an entry changes besides the document. */
export interface ReopenPlan {
  /** The profile to pick in the toolbar, or null to keep the current one. */
  profile: string | null;
  /** The target language to switch to, or null to keep the current one. */
  target: string | null;
  /** The stored translations to show at once (only if the target language is theirs). */
  translations: Record<string, string>;
  /** Who made each of them, where recorded. */
  engines: Record<string, ProviderKind>;
}

/**
 * The last profile is picked again if it still exists; the stored translations are in the
 * entry's target language, so that language is chosen again too (if the change is refused, the
 * caller must not restore them: see reopen.ts).
 */
export function planReopen(
  reopened: Pick<Reopened, "profile" | "target" | "translations" | "engines">,
  settings: Pick<TranslationSettings, "profiles"> | null,
  current: { profile: string | null; target: string },
): ReopenPlan {
  const profileExists = reopened.profile !== null && (settings?.profiles.some((p) => p.name === reopened.profile) ?? false);
  return {
    profile: profileExists && reopened.profile !== current.profile ? reopened.profile : null,
    target: reopened.target !== null && reopened.target !== current.target ? reopened.target : null,
    translations: reopened.target === null ? {} : { ...reopened.translations },
    engines: reopened.target === null ? {} : { ...(reopened.engines ?? {}) },
  };
}

/** A function that runs `fn` once calls have paused for `ms`; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  call.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return call;
}

/** The IPC wrappers the library panel uses; tests (and a session that serialises opens) pass others. */
export type LibraryApi = Pick<typeof ipc, "libraryList" | "libraryOpen" | "libraryRemove" | "libraryRename">;
