// Every catalog by locale. Kept apart from i18n.ts so that its pure functions can be tested
// with small made-up catalogs.
import type { Catalog, Locale } from "./i18n";
import { en } from "./messages/en";
import { zhHans } from "./messages/zh-Hans";
import { zhHant } from "./messages/zh-Hant";

export const CATALOGS: Readonly<Record<Locale, Catalog>> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};
