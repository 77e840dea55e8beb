// The window's UI language, as reactive state. Components call `t(key, params)` in their markup
// or in $derived: reading the locale inside `t` makes them update when it changes, with nothing
// to subscribe to. The app sets the locale from the stored preference with `applyUiLanguage`
// (and again when it changes); "system" follows navigator.languages, also when the system's
// languages change while the app runs.
//
// The document element's `lang` is the UI locale, so screen readers and the webview's font
// fallback treat the interface as that language; the reading columns set their own `lang`.
import type { UiLanguage } from "../ipc";
import { CATALOGS, hasCatalog, loadCatalog } from "./catalogs";
import {
  interpolate,
  localeFor,
  splitTemplate,
  templateFor,
  translate,
  type Locale,
  type MessageArgs,
  type MessageKey,
  type MessagePart,
  type ParamValue,
} from "./i18n";

let current = $state<Locale>("en");
let preference: UiLanguage = "system";
let stopWatching: (() => void) | null = null;

function systemLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

/** The UI locale now (reactive). */
export function locale(): Locale {
  return current;
}

/** The locale last asked for (its catalog may still be loading). */
let wanted: Locale = "en";

/**
 * Shows the UI in `next` and marks the page as written in it: at once when its catalog is
 * loaded, else once it is (until then the UI stays in the language it was in, never half and
 * half). Resolves when `next` is shown, or another locale was asked for meanwhile.
 */
export function setLocale(next: Locale): Promise<void> {
  wanted = next;
  const show = () => {
    if (wanted !== next) return;
    current = next;
    if (typeof document !== "undefined") document.documentElement.lang = next;
  };
  if (hasCatalog(next)) {
    show();
    return Promise.resolve();
  }
  // A chunk of the app's own that cannot be read: the UI stays in the language it is in.
  return loadCatalog(next).then(show, (e) => console.error(`the ${next} interface catalog did not load`, e));
}

/** Loads the catalog the preference `pref` would show (so a first screen is drawn in it). */
export function loadCatalogFor(pref: UiLanguage): Promise<void> {
  return loadCatalog(localeFor(pref, systemLanguages())).catch(() => undefined);
}

/**
 * Applies the stored preference. With "system" the locale follows the system's languages, and
 * keeps following them (the `languagechange` event) until another preference is applied.
 */
export function applyUiLanguage(pref: UiLanguage): Locale {
  preference = pref;
  const next = localeFor(pref, systemLanguages());
  setLocale(next);
  if (pref === "system" && stopWatching === null && typeof window !== "undefined") {
    const onChange = () => {
      if (preference === "system") setLocale(localeFor("system", systemLanguages()));
    };
    window.addEventListener("languagechange", onChange);
    stopWatching = () => window.removeEventListener("languagechange", onChange);
  } else if (pref !== "system" && stopWatching !== null) {
    stopWatching();
    stopWatching = null;
  }
  return next;
}

/** The locale "system" would choose now (for the picker's "Same as the system (…)" option). */
export function systemLocale(): Locale {
  return localeFor("system", systemLanguages());
}

/** The message `key` in the current locale, with its `{placeholders}` filled from `params`. */
export function t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string {
  const params = args[0] as Readonly<Record<string, ParamValue>> | undefined;
  return translate(CATALOGS, current, key, params);
}

/**
 * The message split at the placeholders in `keep` (which the caller renders itself, e.g. as a
 * <kbd>); the other placeholders are filled from `params`.
 */
export function tParts<K extends MessageKey>(
  key: K,
  keep: readonly string[],
  params: Readonly<Record<string, ParamValue>> = {},
): MessagePart[] {
  const count = typeof params.count === "number" ? params.count : undefined;
  const template = templateFor(CATALOGS, current, key, count);
  return splitTemplate(template, keep).map((part) =>
    "text" in part ? { text: interpolate(current, part.text, params) } : part,
  );
}
