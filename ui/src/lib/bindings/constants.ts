// Generated from the Rust types by src-tauri/src/bindings.rs (`cargo nextest run`): do not edit.
// The limits the core validates with and the defaults it starts from.
// scripts/test.sh fails when this file differs from what the Rust code generates.
import type { ConfigInfo, ReaderPrefs } from "./types";

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

/** How many blocks an open answers with at most; the rest is asked for (`article_rest`). */
export const FIRST_SCREEN_BLOCKS = 60;

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

/** The OpenCC configurations the shell converts with, in the picker's order (`Config::ALL`). */
export const CONVERSION_CONFIGS: readonly ConfigInfo[] = [
  {
    "name": "tw2sp",
    "label": "Traditional (Taiwan) → Simplified, with mainland phrases"
  },
  {
    "name": "tw2s",
    "label": "Traditional (Taiwan) → Simplified"
  },
  {
    "name": "hk2s",
    "label": "Traditional (Hong Kong) → Simplified"
  },
  {
    "name": "hk2sp",
    "label": "Traditional (Hong Kong) → Simplified, with mainland phrases"
  },
  {
    "name": "t2s",
    "label": "Traditional → Simplified"
  },
  {
    "name": "s2t",
    "label": "Simplified → Traditional (OpenCC standard)"
  },
  {
    "name": "s2tw",
    "label": "Simplified → Traditional (Taiwan)"
  },
  {
    "name": "s2twp",
    "label": "Simplified → Traditional (Taiwan), with Taiwan phrases"
  },
  {
    "name": "s2hk",
    "label": "Simplified → Traditional (Hong Kong)"
  },
  {
    "name": "s2hkp",
    "label": "Simplified → Traditional (Hong Kong), with Hong Kong phrases"
  },
  {
    "name": "t2tw",
    "label": "Traditional (OpenCC standard) → Taiwan forms"
  },
  {
    "name": "t2hk",
    "label": "Traditional (OpenCC standard) → Hong Kong forms"
  },
  {
    "name": "tw2t",
    "label": "Traditional (Taiwan) → OpenCC standard"
  },
  {
    "name": "hk2t",
    "label": "Traditional (Hong Kong) → OpenCC standard"
  },
  {
    "name": "t2jp",
    "label": "Traditional → Japanese Shinjitai"
  },
  {
    "name": "jp2t",
    "label": "Japanese Shinjitai → Traditional"
  }
];
