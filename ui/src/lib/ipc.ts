// The one bridge between the UI and the Rust shell. Components call these typed
// wrappers, never `invoke` directly, so every IPC name lives here. The shapes are
// not written here: they are generated from the Rust types into ./bindings/
// (src-tauri/src/bindings.rs; scripts/test.sh fails when they are stale) and
// re-exported, the error types (`AppError`, `ErrorKind`, `TranslationFailure`) too.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AppError,
  Article,
  ArticleBlock,
  Column,
  CopyFormat,
  FileFormat,
  FirstRunChoice,
  FirstScreen,
  KeyPlace,
  LibraryEntry,
  LocalServer,
  Profile,
  Proxy,
  ReaderPrefs,
  Renamed,
  Reopened,
  TranslationEvent,
  TranslationSettings,
  LogsShown,
  UpdateCheck,
  UpdateProgress,
} from "./bindings/types";

export type * from "./bindings/types";

/** `config`: an OpenCC configuration name, or "auto" / undefined to detect it. */
export const openSample = (config?: string) => invoke<Article>("open_sample", { config });
/** The file given at launch, or else the sample: the first document, in one call. */
export const openFirst = (config?: string) => invoke<Article>("open_first", { config });
export const openPath = (path: string, config?: string) =>
  invoke<Article>("open_path", { path, config });
export const openText = (text: string, config?: string) =>
  invoke<Article>("open_text", { text, config });
/** Shows the native file dialog; resolves to null when the user cancels. */
export const pickAndOpen = (config?: string) => invoke<Article | null>("pick_and_open", { config });
/** Reads the system clipboard's text in the shell and opens it as a new document. */
export const openClipboard = (config?: string) => invoke<Article>("open_clipboard", { config });
/** Converts the open document again with another configuration ("auto" to re-detect). */
export const reconvert = (config: string) => invoke<Article>("reconvert", { config });
/** The path given on the command line at launch, if any (opened at start-up). */
export const launchPath = () => invoke<string | null>("launch_path");
/**
 * Puts the chosen columns of the chosen blocks (in document order) on the clipboard as plain
 * text and resolves to that text. Blocks are separated by a blank line; several columns of one
 * block are separated by a line break. The translation column holds the translations finished so
 * far (the shell keeps them); untranslated blocks contribute nothing to it.
 */
export const copyBlocks = (blockIds: string[], columns: Column[]) =>
  invoke<string>("copy_blocks", { blockIds, columns });

/**
 * Tells the shell the first article has been painted. With DUIZHAO_TRACE_STARTUP=1 in its
 * environment the shell prints the time since start-up on stderr (bench/run.py),
 * and `pageMs`, the time since the page began loading, to tell WebKit's share from ours.
 */
export const markFirstPaint = () =>
  invoke<void>("mark_first_paint", {
    pageMs: Math.round(performance.now()),
    // The page's own marks ("duizhao:script", "duizhao:mounted", …), printed in the same trace.
    marks: performance
      .getEntriesByType("mark")
      .filter((m) => m.name.startsWith("duizhao:"))
      .map((m) => `${m.name.slice("duizhao:".length)} ${Math.round(m.startTime)}`)
      .join(", "),
  });

/**
 * Stores the copy of the first screen the live page painted (src-tauri/src/first_screen.rs),
 * served in index.html on the next launch that shows the sample. The shell keeps it only while
 * the sample opened at launch is the open document.
 */
export const storeFirstScreen = (screen: FirstScreen) => invoke<void>("store_first_screen", { screen });

/**
 * The open document's blocks from position `from` on. An open answers with the article's first
 * screen of blocks only; the session asks for the rest once those are drawn (empty when there is
 * no more), so a long article never crosses IPC whole before anything is on screen.
 */
export const articleRest = (from: number) => invoke<ArticleBlock[]>("article_rest", { from });

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

export function errorMessage(e: unknown): string {
  if (isAppError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

// ---- Translation (provider profiles, keys, jobs) ----------------------------------------

/** Where "Paste key from clipboard" stores a key. */
export type KeyStore = Exclude<KeyPlace, "session">;

export type BlockStatus = "pending" | "cached" | "translating" | "done" | "failed";

export const getTranslationSettings = () => invoke<TranslationSettings>("get_translation_settings");
/** Adds or replaces (by `previousName`, for renames) a profile. */
export const saveProfile = (profile: Profile, previousName: string | null) =>
  invoke<TranslationSettings>("save_profile", { profile, previousName });
export const deleteProfile = (name: string) => invoke<TranslationSettings>("delete_profile", { name });
export const setDefaultProfile = (name: string) => invoke<TranslationSettings>("set_default_profile", { name });
export const setTargetLanguage = (lang: string) => invoke<TranslationSettings>("set_target_language", { lang });
/**
 * Stores the text currently on the system clipboard as the profile's API key in `store` (the
 * OS keychain, or the key file — only after the user confirmed that), then clears the
 * clipboard. The key never enters the webview or IPC.
 */
export const setKeyFromClipboard = (name: string, store: KeyStore) =>
  invoke<TranslationSettings>("set_key_from_clipboard", { name, store });
/** Forgets the profile's key wherever it is stored (keychain and key file). */
export const deleteKey = (name: string) => invoke<TranslationSettings>("delete_key", { name });
/**
 * The first-run choice: "web" makes the free web engines the default profile (adding it back if
 * it was removed); "local" and "api" only record that the user chose (Settings opens next).
 */
export const chooseTranslation = (choice: FirstRunChoice) =>
  invoke<TranslationSettings>("choose_translation", { choice });
/** The network is back: the web engines' failures from while it was gone are forgotten. */
export const networkBack = () => invoke<void>("network_back");
/** Turns "fully offline" on or off. */
export const setOfflineOnly = (on: boolean) => invoke<TranslationSettings>("set_offline_only", { on });
/** Sets the app's proxy; it applies from the next request on. */
export const setProxy = (proxy: Proxy) => invoke<TranslationSettings>("set_proxy", { proxy });
/**
 * Stores the clipboard's text as the password of the app's proxy (`profile` null) or of a
 * profile's own, in `store`, then clears the clipboard: like an API key, it never enters the page.
 */
export const setProxyPasswordFromClipboard = (profile: string | null, store: KeyStore) =>
  invoke<TranslationSettings>("set_proxy_password_from_clipboard", { profile, store });
/** Forgets the password of the app's proxy (`profile` null) or of a profile's own. */
export const deleteProxyPassword = (profile: string | null) =>
  invoke<TranslationSettings>("delete_proxy_password", { profile });
/** Looks for local servers on this computer (at most about 1.5 s; none found is an empty list). */
export const findLocalServers = () => invoke<LocalServer[]>("find_local_servers");
/**
 * Makes `model` (null for LibreTranslate) of the server last found at `baseUrl` the default
 * profile: its existing profile, or a new one. No key is needed.
 */
export const useLocalServer = (baseUrl: string, model: string | null) =>
  invoke<TranslationSettings>("use_local_server", { baseUrl, model });
/** One tiny request with the profile; resolves to a sentence saying how it went. */
export const testConnection = (name: string) => invoke<string>("test_connection", { name });

/**
 * Translates the open document with `profile` (default profile when null) into the
 * settings' target language. `onlyIds` limits it to those blocks (retrying failed ones);
 * `visibleIds` go first. Events arrive on `onEvent`; resolves to the job id at once.
 * Cached blocks arrive as "cached" events without any request.
 */
export async function translateDocument(
  profile: string | null,
  visibleIds: string[],
  onlyIds: string[] | null,
  onEvent: (e: TranslationEvent) => void,
  options: TranslateOptions = {},
): Promise<number> {
  const channel = new Channel<TranslationEvent>();
  channel.onmessage = onEvent;
  const { fresh = false, column = "main" } = options;
  return invoke<number>("translate_document", { profile, visibleIds, onlyIds, onEvent: channel, fresh, column });
}

/**
 * `fresh`: past the cache (a re-translation; the answers are still cached). `column`: "compare"
 * fills the comparison column (a second profile's translations) and leaves the main one alone.
 */
export interface TranslateOptions {
  fresh?: boolean;
  column?: "main" | "compare";
}

// ---- A reader's own changes (src-tauri/src/revise.rs) ----

/**
 * Makes `text` the translation of row `blockId`, as the user's edit (kept in the library);
 * resolves to the row's machine version ("" when it had none). The machine version itself as
 * `text` undoes the edit.
 */
export const editTranslation = (blockId: string, text: string) =>
  invoke<string>("edit_translation", { blockId, text });
/** Undoes the edit of a row; resolves to its machine version again (null: it was not edited). */
export const revertEdit = (blockId: string) => invoke<string | null>("revert_edit", { blockId });
/** Closes the comparison column: its translations are dropped (also from the library entry). */
export const clearCompare = () => invoke<void>("clear_compare");
/** Stops a job at once; in-flight requests are dropped. */
export const cancelTranslation = (jobId: number) => invoke<void>("cancel_translation", { jobId });

// ---- Reader preferences (settings.json "reader"; see crates/core/src/prefs.rs) ----

export const getReaderPrefs = () => invoke<ReaderPrefs>("get_reader_prefs");
/** Saves the whole preferences object (validated by the shell); returns what was saved. */
export const setReaderPrefs = (prefs: ReaderPrefs) => invoke<ReaderPrefs>("set_reader_prefs", { prefs });

// ---- Copy and export (rendered by duizhao-core's export module in the shell) ----

/**
 * Renders the chosen blocks (document order, whatever order the ids are in) in `format`,
 * puts the result on the clipboard and returns it. Citations carry the document's title,
 * source, paragraph numbers, provider/model and today's date.
 */
export const copyAs = (blockIds: string[], format: CopyFormat) =>
  invoke<string>("copy_as", { blockIds, format });

/**
 * Exports the whole open document: asks for a file name with the native save dialog,
 * writes `format` as `file`, and returns the path written, or null if the user cancelled.
 */
export const exportDocument = (format: CopyFormat, file: FileFormat) =>
  invoke<string | null>("export_document", { format, file });

// ---- Library (SQLite; see crates/core/src/store/library.rs) ----

/** Entries whose title contains `query` (in either script), most recently opened first. */
export const libraryList = (query: string) => invoke<LibraryEntry[]>("library_list", { query });
/** Reopens an entry with its stored translations; sends no request to any provider. */
export const libraryOpen = (id: string) => invoke<Reopened>("library_open", { id });
export const libraryRemove = (id: string) => invoke<boolean>("library_remove", { id });
/**
 * Gives an entry the user's own title (empty: the document's own again); returns the entry as
 * listed now, and whether it is the open document (which now carries the title).
 */
export const libraryRename = (id: string, title: string) =>
  invoke<Renamed>("library_rename", { id, title });

// ---- Web pages (issue 5; see core::document's URL import) ----

/**
 * Fetches the page at `url` (http or https only) in the shell, extracts its article (title,
 * byline, date, main text; the address after redirects in `meta.url`) and opens it as the new
 * document, converted with `config` ("auto" / undefined to detect). Rejects with an AppError
 * whose kind is "invalid_url", "network", "timeout", "http_status", "not_html", "redirect_loop",
 * "too_large" or an import kind; the previously open document then stays open.
 */
export const openUrl = (url: string, config?: string) => invoke<Article>("open_url", { url, config });

// ---- Desktop integration and updates (issue 13; src-tauri/src/desktop.rs, updates.rs) ----

/**
 * The UI listens for files opened from outside (a second launch, Finder) now; resolves to the
 * paths that arrived before it did.
 */
export const desktopReady = () => invoke<string[]>("desktop_ready");
/** Reveals the log file in the file manager; resolves to its folder and whether that worked. */
export const showLogs = () => invoke<LogsShown>("show_logs");
/** Asks the update server whether there is a newer version; installs nothing. Rejects with an UpdateFailure. */
export const checkForUpdate = () => invoke<UpdateCheck>("check_for_update");
/**
 * Downloads the update the last check found, verifies its signature and installs it, reporting
 * progress on `onEvent`. Rejects with an UpdateFailure (a bad signature: reason "signature",
 * nothing installed).
 */
export function installUpdate(onEvent: (e: UpdateProgress) => void): Promise<void> {
  const channel = new Channel<UpdateProgress>();
  channel.onmessage = onEvent;
  return invoke<void>("install_update", { onEvent: channel });
}
/** Restarts the app (into the installed update). */
export const restartApp = () => invoke<void>("restart_app");

// ---- Glossary, estimates (issue 14; src-tauri/src/glossary.rs, translation.rs) ----

import type { GlossaryView, MissingTerm, TableFormat, Term, TranslationEstimate } from "./bindings/types";

/** The user's glossary, whether the starter list (English targets only) is on, and that list. */
export const getGlossary = () => invoke<GlossaryView>("get_glossary");
/**
 * Saves the user's terms and the starter switch. Rejects (kind "settings") naming the first row
 * without a source or a rendering; rows with the same source and region are merged.
 */
export const saveGlossary = (terms: Term[], starter: boolean) =>
  invoke<GlossaryView>("save_glossary", { terms, starter });
/**
 * Reads a CSV or TSV file (header row optional, in English or Chinese; UTF-8 with or without a
 * BOM, UTF-16, Big5/GB18030) into terms, validated; saves nothing. A bad row rejects (kind
 * "unreadable") naming its line, and nothing is imported.
 */
export const importGlossary = (path: string) => invoke<Term[]>("import_glossary", { path });
/** Writes the user's saved terms to `path` (UTF-8, a header row). */
export const exportGlossary = (path: string, format: TableFormat) =>
  invoke<void>("export_glossary", { path, format });
/** The open document's own terms (empty for none, or a document not in the library). */
export const getDocumentGlossary = () => invoke<Term[]>("get_document_glossary");
/** Replaces the open document's own terms (validated as saveGlossary's); returns what was stored. */
export const saveDocumentGlossary = (terms: Term[]) => invoke<Term[]>("save_document_glossary", { terms });
/** The glossary terms that apply to block `blockId` whose rendering `text` (an edited cell) lacks. */
export const checkTerms = (blockId: string, text: string) =>
  invoke<MissingTerm[]>("check_terms", { blockId, text });
/**
 * What translating the open document (or `onlyIds`) with `profile` (null: the default) would
 * send: characters, rows, cache hits (none when `fresh`), requests, estimated tokens, and the cost
 * in US dollars when the profile has prices (null otherwise). Sends nothing.
 */
export const estimateTranslation = (profile: string | null, onlyIds: string[] | null, fresh: boolean) =>
  invoke<TranslationEstimate>("estimate_translation", { profile, onlyIds, fresh });

// ---- Glossary files (issue 14; src-tauri/src/glossary_files.rs) ----

/**
 * Opens the system's file dialog for a CSV/TSV glossary and reads it (as importGlossary does;
 * saves nothing). Resolves to null when the user cancelled.
 */
export const importGlossaryFile = () => invoke<Term[] | null>("import_glossary_file");
/**
 * Asks where to save, then writes the user's saved terms there (a .tsv name writes TSV, a .csv
 * name CSV, else `format`). Resolves to the path written, or null when the user cancelled.
 */
export const exportGlossaryFile = (format: TableFormat) => invoke<string | null>("export_glossary_file", { format });
