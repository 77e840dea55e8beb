// Generated from the Rust types by src-tauri/src/bindings.rs (`cargo nextest run`): do not edit.
// Every type a command takes or returns, sorted by name.
// scripts/test.sh fails when this file differs from what the Rust code generates.

/**
 * The error every command rejects with. The UI branches on `kind`, never on `message`.
 */
export type AppError = { kind: ErrorKind, message: string };

export type Article = {
  title: string,
  /**
   * The file path, the address, or "clipboard" / "sample" for those sources.
   */
  source: string,
  /**
   * The encoding the bytes were decoded from: "UTF-8", "UTF-16LE", "UTF-16BE", "Big5", "GB18030"…
   */
  encoding: string,
  /**
   * Whether the file began with a byte-order mark.
   */
  bom: boolean,
  /**
   * The encoding a page declared when its bytes were in `encoding` instead.
   */
  declaredEncoding: string | null,
  format: Format,
  /**
   * What the source says about itself (web pages, e-books).
   */
  meta: DocMeta,
  /**
   * E-book chapters; empty for other formats.
   */
  chapters: Array<Chapter>,
  script: Script,
  /**
   * The region whose vocabulary was detected, when any.
   */
  region: Region | null,
  /**
   * The words that decided the region, most frequent first (at most five).
   */
  regionEvidence: Array<string>,
  /**
   * The OpenCC configuration used; `None` when nothing was converted
   * (Simplified input under auto).
   */
  config: Config | null,
  /**
   * Whether the configuration was chosen automatically.
   */
  configAuto: boolean,
  /**
   * A sentence for the user about the conversion, when there is something to say.
   */
  note: string | null,
  blocks: Array<ArticleBlock>,
  /**
   * How many blocks an answer left out after `blocks` (the desktop shell answers an open
   * with the first screen of a long article and sends the rest when asked); absent when
   * `blocks` is the whole article.
   */
  blocksLeftOut?: number,
};

export type ArticleBlock = {
  /**
   * Stable id derived from the block's content (and its occurrence number).
   */
  id: string,
  kind: BlockKind,
  /**
   * Heading level 1–6 for headings, 0 otherwise.
   */
  level: number,
  /**
   * The original text (for images: `![alt](src)`).
   */
  text: string,
  /**
   * The OpenCC conversion of `text` (equal to `text` for Simplified input).
   */
  simplified: string,
  /**
   * The runs of `simplified` that the conversion changed.
   */
  changes: Array<Change>,
};

/**
 * The kinds of block the segmenter produces.
 */
export type BlockKind = "heading" | "paragraph" | "quote" | "list_item" | "image" | "code";

/**
 * One row of `TranslationEvent::CachedRows`: what `Cached` says of it.
 */
export type CachedRow = {
  id: string,
  text: string,
  by: ProviderKind | null,
  missingTerms?: Array<MissingTerm>,
};

/**
 * A run of the converted text that differs from the original.
 */
export type Change = {
  /**
   * Character (Unicode scalar value) offset into the converted text, inclusive.
   */
  start: number,
  /**
   * Character offset into the converted text, exclusive.
   */
  end: number,
  /**
   * The original text this run replaced.
   */
  original: string,
};

/**
 * A chapter of an e-book: its title and the index of its first block.
 */
export type Chapter = { title: string, firstBlock: number };

export type Column = "original" | "simplified" | "translation" | "compare";

/**
 * One column of the reader, in display order.
 */
export type ColumnPref = { column: Column, visible: boolean };

/**
 * Every OpenCC 1.4 configuration.
 */
export type Config =
  | "s2t"
  | "t2s"
  | "s2tw"
  | "tw2s"
  | "s2hk"
  | "hk2s"
  | "s2twp"
  | "tw2sp"
  | "s2hkp"
  | "hk2sp"
  | "t2tw"
  | "hk2t"
  | "t2hk"
  | "tw2t"
  | "t2jp"
  | "jp2t";

/**
 * An OpenCC configuration as the toolbar lists it (`Config::ALL`): the UI knows the list
 * without asking the shell, so the conversion picker is complete in the first frame.
 */
export type ConfigInfo = {
  /**
   * OpenCC's name, e.g. "tw2sp".
   */
  name: string,
  /**
   * What it does, in words, e.g. "Traditional (Taiwan) → Simplified, with phrases".
   */
  label: string,
};

/**
 * What a copy (or an export) of blocks produces.
 */
export type CopyFormat =
  | "translation"
  | "original"
  | "simplified"
  | "bilingual"
  | "markdown_table"
  | "citation";

/**
 * How to talk to a custom endpoint (kept in the profile, `settings.json`).
 */
export type CustomTemplate = {
  /**
   * "POST" (default), "PUT" or "GET" (a GET sends no body).
   */
  method: string,
  /**
   * Header name → value; values may hold `{{key}}`, `{{from}}`, `{{to}}`.
   */
  headers: { [key in string]: string },
  /**
   * The JSON body, as text, with placeholders in its strings.
   */
  body: string,
  /**
   * Where the translations are in the answer (`translations[*].text`).
   */
  translations: string,
};

/**
 * Facts about a document that a citation needs, when the source gives them.
 */
export type DocMeta = {
  /**
   * The address a web page was fetched from (after redirects).
   */
  url: string | null,
  byline: string | null,
  /**
   * The publication date as the source gives it (ISO 8601 where possible).
   */
  published: string | null,
};

/**
 * What went wrong: one closed list for every error a person sees. The UI has
 * words for each (`feedback/errors.ts`; the compiler checks that all have some).
 */
export type ErrorKind =
  | "not_found"
  | "is_directory"
  | "empty"
  | "binary"
  | "too_large"
  | "invalid_encoding"
  | "unreadable"
  | "bad_archive"
  | "invalid_url"
  | "network"
  | "timeout"
  | "redirect_loop"
  | "http_status"
  | "not_html"
  | "unknown_config"
  | "conversion"
  | "clipboard"
  | "no_document"
  | "nothing_to_copy"
  | "export"
  | "edit"
  | "internal"
  | "store"
  | "settings"
  | "offline_only"
  | "no_profile"
  | "keychain"
  | "keychain_unavailable"
  | "keychain_locked"
  | "key_file"
  | "local_servers"
  | "unauthorized"
  | "forbidden"
  | "quota_exceeded"
  | "rate_limited"
  | "server"
  | "bad_request"
  | "unexpected_response"
  | "provider"
  | "misaligned"
  | "truncated"
  | "config"
  | "cancelled";

/**
 * The kind of file a whole document is exported as.
 */
export type FileFormat = "markdown" | "text" | "html";

/**
 * How the user chose to translate on first run.
 */
export type FirstRunChoice = "web" | "local" | "api";

/**
 * The stored copy of the first screen.
 */
export type FirstScreen = {
  /**
   * `<html>`'s attributes when it was painted (lang, data-desktop, data-theme).
   */
  htmlAttributes: Array<[string, string]>,
  /**
   * The inner HTML of `#app`: only the rows the window shows, no ids or test ids.
   */
  body: string,
};

/**
 * What a document was read as.
 */
export type Format = "text" | "markdown" | "html" | "docx" | "epub";

/**
 * The user's glossary as Settings shows it.
 */
export type GlossaryView = {
  /**
   * The user's own terms.
   */
  terms: Array<Term>,
  /**
   * Whether the starter list is used (English targets only).
   */
  starter: boolean,
  /**
   * The starter list, for showing (read-only).
   */
  starterTerms: Array<Term>,
};

/**
 * Where a key is, or is to be stored (the wire names of `KeySource`).
 */
export type KeyPlace = "keychain" | "file" | "session";

/**
 * Whether the OS keychain can be used. `state` is what the UI branches on;
 * `detail` (the platform's own words, e.g. the DBus error) is for a
 * "details" disclosure only.
 */
export type KeychainState = { state: KeychainStatus, detail: string | null };

export type KeychainStatus = "available" | "unavailable" | "locked";

export type Layout = "auto" | "columns" | "interleaved";

/**
 * One row of the library, as the library screen shows it.
 */
export type LibraryEntry = {
  id: string,
  title: string,
  /**
   * Where it was opened from: a path, a URL, "clipboard", "sample".
   */
  source: string,
  url: string | null,
  format: Format,
  /**
   * The OpenCC configuration chosen by the user; `None` means automatic.
   */
  config: string | null,
  /**
   * The profile and target language of the last translation, if any.
   */
  profile: string | null,
  target: string | null,
  /**
   * Unix time in milliseconds.
   */
  openedAt: number,
  addedAt: number,
  blocks: number,
  /**
   * Finished translations for `target`.
   */
  translated: number,
};

/**
 * A local server as Settings lists it.
 */
export type LocalServer = {
  kind: ServerKind,
  /**
   * "Ollama", "LM Studio", "llama.cpp", "LibreTranslate".
   */
  label: string,
  /**
   * The kind of profile it becomes.
   */
  provider: ProviderKind,
  /**
   * The profile's base URL, e.g. "http://127.0.0.1:11434/v1".
   */
  baseUrl: string,
  /**
   * Its chat models (empty for LibreTranslate, which has none, or an LLM server with none installed).
   */
  models: Array<string>,
};

/**
 * Where the logs are, and whether the file manager was asked to show them.
 */
export type LogsShown = {
  /**
   * The folder holding `duizhao.log` (and its rotated copies).
   */
  folder: string,
  /**
   * The file manager was asked to show the log file; false when this system could not
   * (no file manager answering), in which case the UI shows the folder's path to copy.
   */
  revealed: boolean,
};

/**
 * A proxy the user typed in.
 */
export type ManualProxy = {
  /**
   * `http://host:port`, `https://host:port`, `socks5://host:port` (names
   * resolved here) or `socks5h://host:port` (names resolved by the proxy). A
   * bare `host:port` means `http://`. Never with a user name or password in
   * it: those are `username` and the keychain.
   */
  url: string,
  /**
   * Hosts reached directly, comma-separated: names (`example.com` also
   * covers its subdomains, `.example.com` only them), IP addresses and
   * networks (`10.0.0.0/8`), or `*` for everything.
   */
  bypass: string,
  /**
   * For a proxy that asks who is there; the password is in the keychain.
   */
  username: string | null,
};

/**
 * A term whose rendering a row's translation lacks.
 */
export type MissingTerm = { source: string, target: string, note: string | null };

/**
 * A profile as the UI sees it (camelCase); the settings file's shape is the core's.
 */
export type Profile = {
  name: string,
  kind: ProviderKind,
  /**
   * Empty: the kind's default endpoint.
   */
  baseUrl: string,
  model: string | null,
  temperature: number | null,
  systemPrompt: string | null,
  stream: boolean,
  /**
   * Azure resource region.
   */
  region: string | null,
  /**
   * Overrides of the kind's default limits.
   */
  concurrency: number | null,
  requestsPerSecond: number | null,
  timeoutSeconds: number | null,
  /**
   * The `web` chain's endpoint overrides (engine name → base URL); absent or empty: public ones.
   */
  engines?: { [key in string]: string },
  /**
   * The profile's own proxy; absent or null: the app's (`TranslationSettings.proxy`).
   */
  proxy?: Proxy | null,
  /**
   * The custom provider's template; absent or null for the other kinds.
   */
  template?: CustomTemplate | null,
  /**
   * Chat models: send the title and the previous paragraph as context; absent: on.
   */
  context?: boolean,
  /**
   * Chat models: US dollars per million input tokens (for estimates); absent or null: not set.
   */
  priceInput?: number | null,
  /**
   * Chat models: US dollars per million output tokens.
   */
  priceOutput?: number | null,
  /**
   * Translation services: US dollars per million characters.
   */
  priceChars?: number | null,
};

/**
 * A profile with where its key and its proxy's password are.
 */
export type ProfileView = {
  /**
   * Where the profile's key is; null: nowhere.
   */
  keyPlace: KeyPlace | null,
  /**
   * Whether a password is stored for the profile's own proxy.
   */
  proxyPassword: boolean,
  name: string,
  kind: ProviderKind,
  /**
   * Empty: the kind's default endpoint.
   */
  baseUrl: string,
  model: string | null,
  temperature: number | null,
  systemPrompt: string | null,
  stream: boolean,
  /**
   * Azure resource region.
   */
  region: string | null,
  /**
   * Overrides of the kind's default limits.
   */
  concurrency: number | null,
  requestsPerSecond: number | null,
  timeoutSeconds: number | null,
  /**
   * The `web` chain's endpoint overrides (engine name → base URL); absent or empty: public ones.
   */
  engines?: { [key in string]: string },
  /**
   * The profile's own proxy; absent or null: the app's (`TranslationSettings.proxy`).
   */
  proxy?: Proxy | null,
  /**
   * The custom provider's template; absent or null for the other kinds.
   */
  template?: CustomTemplate | null,
  /**
   * Chat models: send the title and the previous paragraph as context; absent: on.
   */
  context?: boolean,
  /**
   * Chat models: US dollars per million input tokens (for estimates); absent or null: not set.
   */
  priceInput?: number | null,
  /**
   * Chat models: US dollars per million output tokens.
   */
  priceOutput?: number | null,
  /**
   * Translation services: US dollars per million characters.
   */
  priceChars?: number | null,
};

/**
 * A provider as the UI knows it without asking the shell: one row of the
 * core's registry (`ProviderKind::meta`).
 */
export type ProviderInfo = {
  kind: ProviderKind,
  /**
   * How Settings lists it.
   */
  label: string,
  /**
   * What new profiles are named by ("DeepL · 127.0.0.1:8080").
   */
  shortName: string,
  /**
   * The service a citation or a row's "translated by" names; null for providers named
   * otherwise (an LLM server by its model, the web chain by its engines).
   */
  service: string | null,
  /**
   * A key is required (LibreTranslate and local LLM servers may run without).
   */
  needsKey: boolean,
  /**
   * A free web engine or their chain: no key, the text goes to a company's public translator.
   */
  web: boolean,
  /**
   * The public endpoint, used when a profile leaves the base URL empty.
   */
  defaultBaseUrl: string,
  /**
   * Batching and pacing defaults (a profile may override concurrency and rate).
   */
  limits: ProviderLimits,
  /**
   * A chat model API: a model is required; stream, temperature and system prompt apply.
   */
  llm: boolean,
  /**
   * Takes a region (Azure's resource region, Tencent's); its default, "" for none.
   */
  region: string | null,
  /**
   * The key is a pair kept as one entry, "ID:SECRET": the names of its two parts.
   */
  keyPair: [string, string] | null,
};

export type ProviderKind =
  | "openai"
  | "deepl"
  | "google"
  | "azure"
  | "libretranslate"
  | "web"
  | "edge"
  | "google-web"
  | "transmart"
  | "anthropic"
  | "gemini"
  | "baidu"
  | "youdao"
  | "tencent"
  | "volcengine"
  | "deeplx"
  | "custom";

/**
 * A provider kind as the profile form offers it (its defaults are the placeholders).
 */
export type ProviderKindInfo = {
  kind: ProviderKind,
  label: string,
  /**
   * Whether a key is required to use it.
   */
  needsKey: boolean,
  defaultBaseUrl: string,
  /**
   * Default limits, shown as placeholders in the profile form.
   */
  concurrency: number,
  requestsPerSecond: number,
};

/**
 * A provider's request limits (`translate::Limits`).
 */
export type ProviderLimits = {
  /**
   * Texts (segments) per request.
   */
  maxTexts: number,
  /**
   * Characters of text per request.
   */
  maxChars: number,
  /**
   * Requests in flight at once.
   */
  concurrency: number,
  /**
   * Requests started per second.
   */
  requestsPerSecond: number,
};

/**
 * The proxy requests go through.
 */
export type Proxy = { "mode": "system" } | { "mode": "direct" } | { "mode": "manual" } & ManualProxy;

export type ReaderPrefs = {
  /**
   * All three columns, each once, in display order.
   */
  columns: Array<ColumnPref>,
  layout: Layout,
  theme: Theme,
  /**
   * A font family name put first in every column's stack; empty for the
   * built-in CJK-first stacks.
   */
  fontFamily: string,
  /**
   * Reading text size in CSS pixels.
   */
  fontSize: number,
  /**
   * What Ctrl/Cmd+C copies.
   */
  copyFormat: CopyFormat,
  uiLanguage: UiLanguage,
  /**
   * Translate a document as soon as it opens (with the profile in use).
   * Off until the user has made the first-run choice, which turns it on.
   */
  autoTranslate: boolean,
  /**
   * Citations quote each original above its translation.
   */
  citationWithOriginal: boolean,
};

export type Region = "taiwan" | "hong_kong" | "mainland";

export type Renamed = {
  entry: LibraryEntry,
  /**
   * The open document is this entry and now carries the new title.
   */
  current: boolean,
};

/**
 * A library entry opened again: its article and its stored translations.
 */
export type Reopened = {
  article: Article,
  /**
   * Finished translations by block id, for `target`.
   */
  translations: { [key in string]: string },
  /**
   * Which provider made each, where recorded (the `web` chain's engine), by block id.
   */
  engines: { [key in string]: ProviderKind },
  profile: string | null,
  target: string | null,
  /**
   * Rows the user edited: block id → the machine version (empty: it had none).
   */
  machine: { [key in string]: string },
  /**
   * The comparison column: block id → translation, who made each, and its profile.
   */
  compare: { [key in string]: string },
  compareEngines: { [key in string]: ProviderKind },
  compareProfile: string | null,
};

export type Script = "traditional" | "simplified";

/**
 * Which local server software a candidate is, which decides the question it
 * is asked and the provider kind its profile uses.
 */
export type ServerKind = "ollama" | "lmstudio" | "llamacpp" | "libretranslate";

/**
 * A table file's field separator.
 */
export type TableFormat = "csv" | "tsv";

/**
 * One glossary entry.
 */
export type Term = {
  /**
   * The source term; alternatives of one term separated by "/" ("川普/特朗普").
   */
  source: string,
  /**
   * The rendering wanted; alternatives separated by "/" satisfy the check alike.
   */
  target: string,
  /**
   * A word for the model and the reader ("Taiwan's cabinet").
   */
  note?: string | null,
  /**
   * "tw", "hk" or "cn": the term applies only to articles of that region; absent or null: any.
   */
  region?: string | null,
};

export type Theme = "system" | "light" | "dark";

/**
 * Which column a job fills: the translation, or the comparison column (a
 * second profile's translations, kept apart from the main ones).
 */
export type TranslationColumn = "main" | "compare";

/**
 * What a job would send, before it is started (`Job::estimate`).
 */
export type TranslationEstimate = {
  /**
   * Characters sent (each distinct text once; cache hits and kept blocks not counted).
   */
  chars: number,
  /**
   * Rows that would be sent.
   */
  segments: number,
  /**
   * Rows the cache would answer (0 when `fresh`).
   */
  cached: number,
  /**
   * Requests, as the provider's limits pack them (retries and splits not counted).
   */
  requests: number,
  /**
   * Estimated input tokens, prompts included (chat models; 0 for the others).
   */
  tokensIn: number,
  /**
   * Estimated output tokens (chat models; 0 for the others).
   */
  tokensOut: number,
  /**
   * Estimated cost in US dollars, when the profile has its prices set.
   */
  cost: number | null,
};

/**
 * Streamed to the UI while a translation job runs (one Channel per job).
 */
export type TranslationEvent =
  | {
    "type": "cached",
    id: string,
    text: string,
    by: ProviderKind | null,
    missingTerms?: Array<MissingTerm>,
  }
  | { "type": "cachedRows", rows: Array<CachedRow> }
  | { "type": "translating", id: string }
  | { "type": "partial", id: string, text: string }
  | {
    "type": "done",
    id: string,
    text: string,
    by: ProviderKind | null,
    missingTerms?: Array<MissingTerm>,
  }
  | { "type": "failed", id: string, error: TranslationFailure }
  | { "type": "kept", id: string, text: string }
  | {
    "type": "finished",
    done: number,
    cached: number,
    failed: number,
    requests: number,
    cancelled: boolean,
  };

/**
 * Errors of one block, as a user should read them; `kind` is for branching.
 */
export type TranslationFailure = {
  kind: ErrorKind,
  message: string,
  /**
   * The `host:port` nobody answered on, when the server could not be reached
   * at all: the UI says so once for the job, not in every row.
   */
  unreachableHost: string | null,
};

export type TranslationSettings = {
  profiles: Array<ProfileView>,
  defaultProfile: string | null,
  /**
   * BCP-47 target language, e.g. "en", "zh-Hant", "ja".
   */
  targetLanguage: string,
  kinds: Array<ProviderKindInfo>,
  keychain: KeychainState,
  /**
   * Where keys go when the user chooses to keep them in a file.
   */
  keyFile: string,
  /**
   * Whether the first-run choice of how to translate has been made. Until
   * then the column asks, and nothing is sent anywhere on its own.
   */
  translationChosen: boolean,
  /**
   * "Fully offline": only profiles on this computer may be used.
   */
  offlineOnly: boolean,
  /**
   * The app's proxy: page fetches and every profile without one of its own.
   */
  proxy: Proxy,
  /**
   * Whether a password is stored for the app's proxy.
   */
  proxyPassword: boolean,
};

export type UiLanguage = "system" | "en" | "zh-Hans" | "zh-Hant";

/**
 * What a check found.
 */
export type UpdateCheck =
  | { "status": "upToDate", current: string }
  | {
    "status": "available",
    current: string,
    version: string,
    /**
     * The release notes, as plain text.
     */
    notes: string | null,
    /**
     * When it was published (RFC 3339), if the release says.
     */
    date: string | null,
  }
  | { "status": "notConfigured", current: string }
  | { "status": "offline", current: string };

/**
 * Why a check or an install failed; `detail` is the updater's own words, for "Details".
 */
export type UpdateFailure = { reason: UpdateFailureReason, detail: string };

export type UpdateFailureReason =
  | "network"
  | "signature"
  | "noBundle"
  | "install"
  | "nothingToInstall"
  | "other";

/**
 * What an install reports as it goes.
 */
export type UpdateProgress =
  | { "event": "downloading", downloaded: number, total: number | null }
  | { "event": "downloaded" };
