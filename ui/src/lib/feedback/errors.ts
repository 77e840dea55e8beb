// Turns whatever a command rejected with into the one error shape the UI shows. The headline
// is chosen by `kind` (never by matching message text); the core's message follows it, except
// for the kinds whose message is a platform's technical text: those get plain words by kind, and
// the message only under "Details".
import { errorMessage, isAppError, type AppError } from "../ipc";
import { hasKeyWithPrefix } from "../i18n/i18n";
import { t } from "../i18n/i18n.svelte";

export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return { kind: e.kind, message: e.message };
  return { kind: "internal", message: errorMessage(e) };
}

/**
 * The banner's headline for an error `kind`, in the UI language (reactive: call it in markup or
 * $derived). Unknown kinds get the generic headline.
 */
export function errorHeadline(kind: string): string {
  const key = `error.${kind}`;
  return hasKeyWithPrefix(key, "error.") && key !== "error.dismiss" ? t(key) : t("error.internal");
}

/**
 * The words under the headline: plain words in the UI language for kinds that have them
 * (`errorPlain.*`: no keychain, a locked keychain), with the shell's message as `detail` for a
 * "Details" disclosure; otherwise the message itself.
 */
export function errorText(error: AppError): { text: string; detail: string | null } {
  const key = `errorPlain.${error.kind}`;
  return hasKeyWithPrefix(key, "errorPlain.") ? { text: t(key), detail: error.message } : { text: error.message, detail: null };
}
