// The one bridge between the UI and the Rust shell. Components call these typed
// wrappers, never `invoke` directly, so every IPC name and shape lives here and
// mirrors src-tauri/src/commands.rs (and the core types it returns) one to one.
import { invoke } from "@tauri-apps/api/core";

/** The kinds of block the core's segmenter produces (core::document::BlockKind). */
export type BlockKind = "heading" | "paragraph" | "quote" | "list_item" | "image" | "code";

/** One character run that the conversion changed, as offsets into `simplified`. */
export interface Change {
  /** Character (Unicode scalar) offset into `simplified`, inclusive. */
  start: number;
  /** Character offset into `simplified`, exclusive. */
  end: number;
  /** The text of the original that this run replaced (may differ in length). */
  original: string;
}

export interface ArticleBlock {
  /** Stable id derived from the block's content (and its occurrence number). */
  id: string;
  kind: BlockKind;
  /** Heading level 1–6 for headings, 0 otherwise. */
  level: number;
  /** The original text (for images: `![alt](src)`). */
  text: string;
  /** The OpenCC conversion of `text` (equal to `text` for Simplified input). */
  simplified: string;
  changes: Change[];
}

export type Script = "traditional" | "simplified";
export type Region = "taiwan" | "hong_kong";

export interface Article {
  title: string;
  /** The file path, or "clipboard" / "sample" for those sources. */
  source: string;
  /** Encoding the bytes were decoded from: "UTF-8", "UTF-16LE", "UTF-16BE", "Big5", "GB18030". */
  encoding: string;
  /** True when the file began with a byte-order mark. */
  bom: boolean;
  /** "text", "markdown" or "html". */
  format: string;
  script: Script;
  /** Region whose vocabulary was detected, when any. */
  region: Region | null;
  /** OpenCC configuration used, e.g. "tw2sp"; null when nothing was converted. */
  config: string | null;
  /** True when the configuration was chosen automatically. */
  configAuto: boolean;
  /** A sentence for the user about the conversion (e.g. why nothing was converted). */
  note: string | null;
  blocks: ArticleBlock[];
}

export interface ConfigInfo {
  /** OpenCC's name, e.g. "tw2sp". */
  name: string;
  /** What it does, in words, e.g. "Traditional (Taiwan) → Simplified, with phrases". */
  label: string;
}

/** The error every command rejects with. The UI branches on `kind`, never on `message`. */
export interface AppError {
  kind:
    | "not_found"
    | "is_directory"
    | "empty"
    | "binary"
    | "too_large"
    | "invalid_encoding"
    | "unreadable"
    | "unknown_config"
    | "conversion"
    | "clipboard"
    | "no_document"
    | "internal";
  message: string;
}

export type Column = "original" | "simplified" | "translation";

/** `config`: an OpenCC configuration name, or "auto" / undefined to detect it. */
export const openSample = (config?: string) => invoke<Article>("open_sample", { config });
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
export const listConfigs = () => invoke<ConfigInfo[]>("list_configs");
/** The path given on the command line at launch, if any (opened at start-up). */
export const launchPath = () => invoke<string | null>("launch_path");
/**
 * Puts the chosen columns of the chosen blocks (in document order) on the clipboard as plain
 * text and resolves to that text. Blocks are separated by a blank line; several columns of one
 * block are separated by a line break. The translation column is empty until translation lands.
 */
export const copyBlocks = (blockIds: string[], columns: Column[]) =>
  invoke<string>("copy_blocks", { blockIds, columns });

/**
 * Tells the shell the first article has been painted. With DUIZHAO_TRACE_STARTUP=1 in its
 * environment the shell prints the time since start-up on stderr (scripts/measure-startup.py),
 * and `pageMs`, the time since the page began loading, to tell WebKit's share from ours.
 */
export const markFirstPaint = () =>
  invoke<void>("mark_first_paint", { pageMs: Math.round(performance.now()) });

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

export function errorMessage(e: unknown): string {
  if (isAppError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
