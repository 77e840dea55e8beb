// The UI's languages as plain TypeScript (no Svelte, no DOM): the locales, how the system
// language picks one, and how a message is looked up and filled in. The reactive current locale
// and the `t` components call live in i18n.svelte.ts; the words themselves in messages/*.ts.
//
// Rules:
// - English (messages/en.ts) is the source of truth: its keys are the MessageKey type, and the
//   Chinese catalogs are typed so that a missing or extra key does not compile (and a test checks
//   the keys and the placeholders of every message once more).
// - A message is a string with `{name}` placeholders, or, where English needs a plural, an object
//   `{ one, other }` chosen by the `count` parameter (Intl.PluralRules; Chinese uses only `other`).
// - Numbers are written with the locale's digit grouping; a placeholder without a value stays
//   visible as `{name}`, so a forgotten parameter is noticed rather than silently dropped.
import type { UiLanguage } from "../ipc";
import { en } from "./messages/en";

export type Locale = "en" | "zh-Hans" | "zh-Hant";

export const LOCALES: readonly Locale[] = ["en", "zh-Hans", "zh-Hant"];

/** Each locale's name in its own language, for the language picker. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: "English",
  "zh-Hans": "简体中文",
  "zh-Hant": "繁體中文",
};

/** Plural forms; `one` is used only where the language has that category (English). */
export interface PluralMessage {
  readonly one?: string;
  readonly other: string;
}

export type Message = string | PluralMessage;

export type MessageKey = keyof typeof en;

/** A catalog for another language: exactly English's keys, each a message. */
export type Catalog = { readonly [K in MessageKey]: Message };

/** Catalogs by locale: English always, the others once loaded. */
export type Catalogs = { en: Catalog } & Partial<Record<Locale, Catalog>>;

/** `{a} and {b}` → "a" | "b". */
type PlaceholdersIn<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | PlaceholdersIn<Rest> : never;

type PlaceholdersOf<M> = M extends string
  ? PlaceholdersIn<M>
  : M extends { readonly other: infer O }
    ? "count" | PlaceholdersIn<O> | (M extends { readonly one: infer One } ? PlaceholdersIn<One> : never)
    : never;

/** The placeholder names of a message of the English catalog. */
export type ParamName<K extends MessageKey> = PlaceholdersOf<(typeof en)[K]>;

export type ParamValue = string | number;

/** The parameters a message takes: `count` is a number, the others text or numbers. */
export type Params<K extends MessageKey> = { [P in ParamName<K>]: P extends "count" ? number : ParamValue };

/** `t(key)` for messages without placeholders, `t(key, params)` for the others. */
export type MessageArgs<K extends MessageKey> = [ParamName<K>] extends [never] ? [] : [params: Params<K>];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The keys that start with `prefix`, e.g. KeysWithPrefix<"error."> for the error headlines. */
export type KeysWithPrefix<P extends string> = Extract<MessageKey, `${P}${string}`>;

/**
 * Narrows a key built at run time (e.g. `error.${kind}`) to the keys with that prefix, so that
 * `t` knows which parameters it takes: `if (hasKeyWithPrefix(key, "error.")) t(key)`.
 */
export function hasKeyWithPrefix<P extends string>(key: string, prefix: P): key is KeysWithPrefix<P> {
  return key.startsWith(prefix) && isMessageKey(key);
}

/**
 * The UI locale for the system's preferred languages (navigator.languages, best first): the first
 * Chinese or English entry decides. Taiwan, Hong Kong, Macau and any Traditional-script tag mean
 * Traditional; other Chinese (mainland, Singapore, bare "zh", Simplified-script tags) mean
 * Simplified; anything else, or nothing, English.
 */
export function resolveSystemLocale(languages: readonly string[] | undefined | null): Locale {
  for (const raw of languages ?? []) {
    const tag = raw.trim().replace(/_/g, "-").toLowerCase();
    const [language, ...subtags] = tag.split("-");
    if (language === "en") return "en";
    if (language !== "zh" && language !== "cmn" && language !== "yue") continue;
    if (subtags.includes("hant")) return "zh-Hant";
    if (subtags.includes("hans")) return "zh-Hans";
    if (subtags.some((s) => s === "tw" || s === "hk" || s === "mo")) return "zh-Hant";
    // Cantonese is written in Traditional characters unless a script says otherwise.
    return language === "yue" ? "zh-Hant" : "zh-Hans";
  }
  return "en";
}

/** The locale a stored preference means ("system" follows the system's languages). */
export function localeFor(pref: UiLanguage, systemLanguages: readonly string[] | undefined | null): Locale {
  return pref === "system" ? resolveSystemLocale(systemLanguages) : isLocale(pref) ? pref : "en";
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
const pluralRules = new Map<Locale, Intl.PluralRules>();
const languageNames = new Map<Locale, Intl.DisplayNames>();

function cached<T>(cache: Map<Locale, T>, locale: Locale, make: () => T): T {
  let value = cache.get(locale);
  if (value === undefined) {
    value = make();
    cache.set(locale, value);
  }
  return value;
}

/** Names of languages in `locale` ("Japanese", "日语"), one formatter per locale: making one costs milliseconds at start-up. */
export function languageNamesIn(locale: Locale): Intl.DisplayNames {
  return cached(languageNames, locale, () => new Intl.DisplayNames([locale], { type: "language" }));
}

export function formatNumber(locale: Locale, n: number): string {
  // Whole numbers under a thousand read the same in every interface language (ASCII digits, no
  // grouping), and most numbers on screen are those (row numbers): no formatter to make for
  // them at start-up, where making one costs milliseconds.
  if (Number.isInteger(n) && Math.abs(n) < 1000) return String(n);
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(n);
}

/** Picks the plural form of `message` for `count` in `locale`. */
export function pluralForm(locale: Locale, message: PluralMessage, count: number): string {
  const category = cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(count);
  return category === "one" && message.one !== undefined ? message.one : message.other;
}

/** Fills `{name}` placeholders; numbers are formatted for the locale. */
export function interpolate(locale: Locale, template: string, params: Readonly<Record<string, ParamValue>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
    const value = params[name];
    return typeof value === "number" ? formatNumber(locale, value) : String(value);
  });
}

/** The message's text in `locale`, before interpolation (English when the catalog lacks it). */
export function templateFor(
  catalogs: Readonly<Catalogs>,
  locale: Locale,
  key: string,
  count: number | undefined,
): string {
  const message: Message | undefined =
    (catalogs[locale] as Record<string, Message> | undefined)?.[key] ?? (catalogs.en as Record<string, Message>)[key];
  if (message === undefined) return key;
  if (typeof message === "string") return message;
  return pluralForm(locale, message, count ?? 0);
}

/** Looks up `key` in `locale` and fills in `params`. */
export function translate(
  catalogs: Readonly<Catalogs>,
  locale: Locale,
  key: string,
  params?: Readonly<Record<string, ParamValue>>,
): string {
  const count = typeof params?.count === "number" ? params.count : undefined;
  return interpolate(locale, templateFor(catalogs, locale, key, count), params);
}

/** A piece of a message split at its placeholders, for components that render a value as markup. */
export type MessagePart = { text: string } | { param: string };

/**
 * Splits a filled-in template at the placeholders listed in `keep`, e.g. to put a shortcut in a
 * <kbd>: "Paste with {shortcut}." → [{text: "Paste with "}, {param: "shortcut"}, {text: "."}].
 */
export function splitTemplate(template: string, keep: readonly string[]): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    if (!keep.includes(match[1])) continue;
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ param: match[1] });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** The placeholder names written in a message (all its forms), for checking catalogs against each other. */
export function placeholders(message: Message): Set<string> {
  const texts = typeof message === "string" ? [message] : [message.other, ...(message.one ? [message.one] : [])];
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\{(\w+)\}/g)) names.add(m[1]);
  return names;
}
