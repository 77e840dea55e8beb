// The catalogs by locale. English is always here (the default, and what a message missing from
// another catalog falls back to); the Chinese ones are chunks of their own, loaded when the
// interface is first shown in them (`loadCatalog`), so the first screen's script does not
// carry them (74 KB of its 315 KB, 6–8 ms of every launch before the first statement). Kept apart
// from i18n.ts so that its pure functions can be tested with small made-up catalogs.
import type { Catalog, Catalogs, Locale } from "./i18n";
import { en } from "./messages/en";

/** The catalogs loaded so far. */
export const CATALOGS: Catalogs = { en };

const LOADERS: Record<Exclude<Locale, "en">, () => Promise<Catalog>> = {
  "zh-Hans": () => import("./messages/zh-Hans").then((m) => m.zhHans),
  "zh-Hant": () => import("./messages/zh-Hant").then((m) => m.zhHant),
};

const loading = new Map<Locale, Promise<void>>();

/** True when `locale`'s catalog is loaded (English always is). */
export function hasCatalog(locale: Locale): boolean {
  return CATALOGS[locale] !== undefined;
}

/** Loads `locale`'s catalog, once; a failed load may be tried again. */
export function loadCatalog(locale: Locale): Promise<void> {
  if (locale === "en" || hasCatalog(locale)) return Promise.resolve();
  let pending = loading.get(locale);
  if (pending === undefined) {
    pending = LOADERS[locale]().then((catalog) => {
      CATALOGS[locale] = catalog;
    });
    loading.set(locale, pending);
    pending.catch(() => loading.delete(locale));
  }
  return pending;
}
