// Vitest setup (vite.config.ts, `test.setupFiles`): every interface catalog loaded before the
// tests, so a test switches language with `setLocale` and reads the result at once. The app
// loads the Chinese catalogs on demand (i18n/catalogs.ts); i18n.test.ts checks that path.
import { loadCatalog } from "../i18n/catalogs";

await Promise.all([loadCatalog("zh-Hans"), loadCatalog("zh-Hant")]);
