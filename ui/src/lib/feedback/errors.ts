// Turns whatever a command rejected with into the one error shape the UI shows. The headline
// is chosen by `kind` (never by matching message text); the core's message follows it.
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
