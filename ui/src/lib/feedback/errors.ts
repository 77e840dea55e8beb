// Turns whatever a command rejected with into the one error shape the UI shows. The headline
// is chosen by `kind` (never by matching message text); the core's message follows it, except
// for the kinds whose message is a platform's technical text: those get plain words by kind, and
// the message only under "Details".
import { errorMessage, isAppError, type AppError, type ErrorKind } from "../ipc";
import { hasKeyWithPrefix, type KeysWithPrefix } from "../i18n/i18n";
import { locale, t } from "../i18n/i18n.svelte";

export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return { kind: e.kind, message: e.message };
  return { kind: "internal", message: errorMessage(e) };
}

/**
 * Each kind's headline: the compiler checks that every `ErrorKind` the core can send has one (a
 * new kind without words fails svelte-check, not the user). Providers' kinds use the rows' short
 * words ("Bad API key"), which also head a banner well.
 */
const HEADLINES: { readonly [K in ErrorKind]: KeysWithPrefix<"error." | "failure."> } = {
  not_found: "error.not_found",
  is_directory: "error.is_directory",
  empty: "error.empty",
  binary: "error.binary",
  too_large: "error.too_large",
  invalid_encoding: "error.invalid_encoding",
  unreadable: "error.unreadable",
  bad_archive: "error.bad_archive",
  invalid_url: "error.invalid_url",
  network: "error.network",
  timeout: "error.timeout",
  redirect_loop: "error.redirect_loop",
  http_status: "error.http_status",
  not_html: "error.not_html",
  unknown_config: "error.unknown_config",
  conversion: "error.conversion",
  clipboard: "error.clipboard",
  no_document: "error.no_document",
  nothing_to_copy: "error.nothing_to_copy",
  export: "error.export",
  edit: "error.edit",
  internal: "error.internal",
  store: "error.store",
  settings: "error.settings",
  offline_only: "error.offline_only",
  no_profile: "error.no_profile",
  keychain: "error.keychain",
  keychain_unavailable: "error.keychain_unavailable",
  keychain_locked: "error.keychain_locked",
  key_file: "error.key_file",
  local_servers: "error.local_servers",
  unauthorized: "failure.unauthorized",
  forbidden: "failure.forbidden",
  quota_exceeded: "failure.quota_exceeded",
  rate_limited: "failure.rate_limited",
  server: "failure.server",
  bad_request: "failure.bad_request",
  unexpected_response: "failure.unexpected_response",
  provider: "failure.provider",
  misaligned: "failure.misaligned",
  truncated: "failure.truncated",
  config: "failure.config",
  cancelled: "failure.cancelled",
};

/**
 * The headline for an error `kind`, in the UI language (reactive: call it in markup or $derived).
 * A kind this UI does not know (a newer shell) gets the generic headline.
 */
export function errorHeadline(kind: ErrorKind | string): string {
  return t(isErrorKind(kind) ? HEADLINES[kind] : "error.internal");
}

/** Whether `kind` is one this UI has words for. */
export function isErrorKind(kind: string): kind is ErrorKind {
  return Object.hasOwn(HEADLINES, kind);
}

/**
 * The words under the headline: plain words in the UI language for kinds that have them
 * (`errorPlain.*`: no keychain, a locked keychain), with the shell's message as `detail` for a
 * "Details" disclosure. Otherwise the message itself in an English UI; in a Chinese one the
 * headline speaks the UI's language and the core's English message (the file, the host, the
 * server's words) is the detail, so no English sentence stands in a Chinese window.
 */
export function errorText(error: AppError): { text: string; detail: string | null } {
  const key = `errorPlain.${error.kind}`;
  if (hasKeyWithPrefix(key, "errorPlain.")) return { text: t(key), detail: error.message };
  if (locale() !== "en") return { text: "", detail: error.message };
  return { text: error.message, detail: null };
}
