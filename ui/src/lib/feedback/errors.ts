// Turns whatever a command rejected with into the one error shape the UI shows. The headline
// is chosen by `kind` (never by matching message text); the core's message follows it.
import { errorMessage, isAppError, type AppError } from "../ipc";

export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return { kind: e.kind, message: e.message };
  return { kind: "internal", message: errorMessage(e) };
}

const HEADLINES: Record<AppError["kind"], string> = {
  not_found: "File not found",
  is_directory: "That is a folder, not a file",
  empty: "Nothing to open",
  binary: "Not a text document",
  too_large: "The document is too large",
  invalid_encoding: "The text could not be decoded",
  unreadable: "The file could not be read",
  unknown_config: "Unknown conversion",
  conversion: "Conversion failed",
  clipboard: "The clipboard could not be used",
  no_document: "No document is open",
  internal: "Something went wrong",
};

export function errorHeadline(kind: string): string {
  return HEADLINES[kind as AppError["kind"]] ?? HEADLINES.internal;
}
