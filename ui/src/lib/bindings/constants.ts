// Generated from the Rust types by src-tauri/src/bindings.rs (`cargo nextest run`): do not edit.
// The limits the core validates with and the defaults it starts from.
// scripts/test.sh fails when this file differs from what the Rust code generates.
import type { ReaderPrefs } from "./types";

/** The longest profile name, in characters (`settings::MAX_PROFILE_NAME_CHARS`). */
export const MAX_PROFILE_NAME_CHARS = 64;

/** A profile's lowest LLM temperature. */
export const MIN_TEMPERATURE = 0.0;

/** A profile's highest LLM temperature. */
export const MAX_TEMPERATURE = 2.0;

/** The fewest requests in flight a profile may ask for. */
export const MIN_CONCURRENCY = 1;

/** The shortest request timeout a profile may set, in seconds. */
export const MIN_TIMEOUT_SECONDS = 1;

/** The smallest reading text size, in CSS px. */
export const MIN_FONT_SIZE = 12;

/** The largest reading text size, in CSS px. */
export const MAX_FONT_SIZE = 32;

/** The longest font family name, in characters. */
export const MAX_FONT_FAMILY_CHARS = 64;

/** The longest title a library entry may be given. */
export const MAX_TITLE_CHARS = 200;

/** What a new manual proxy bypasses: this computer. */
export const DEFAULT_BYPASS = "localhost, 127.0.0.1, ::1";

/** The schemes a manual proxy's address may use. */
export const PROXY_SCHEMES = ["http", "https", "socks5", "socks5h"] as const;

/** The reader preferences of a new install (`ReaderPrefs::default`). */
export const DEFAULT_READER_PREFS: ReaderPrefs = {
  "columns": [
    {
      "column": "original",
      "visible": true
    },
    {
      "column": "simplified",
      "visible": true
    },
    {
      "column": "translation",
      "visible": true
    }
  ],
  "layout": "auto",
  "theme": "system",
  "fontFamily": "",
  "fontSize": 17,
  "copyFormat": "translation",
  "uiLanguage": "system",
  "autoTranslate": false,
  "citationWithOriginal": false
};
