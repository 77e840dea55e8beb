// Before a long translation job: whether to ask first, and how the estimate is worded. Pure
// functions (unit-tested in estimate.test.ts); EstimateDialog.svelte shows them.
import type { TranslationEstimate } from "../ipc";

/** More characters to send than this (about ten pages of Chinese) is a long job. */
export const CONFIRM_CHARS = 20_000;
/** An estimated cost above this (US dollars) is worth a look first. */
export const CONFIRM_COST = 0.5;

/** Whether the job is long or costly enough to ask before starting; a short one goes straight on. */
export function needsConfirmation(e: TranslationEstimate): boolean {
  return e.chars > CONFIRM_CHARS || (e.cost !== null && e.cost > CONFIRM_COST);
}

/** A cost in US dollars as the dialog shows it: cents, "< $0.01" for less, never "$0.00". */
export function dollars(cost: number): string {
  if (cost <= 0) return "$0";
  if (cost < 0.01) return "< $0.01";
  return `$${cost.toFixed(2)}`;
}

/** Whether the estimate counts tokens (a chat model) rather than characters only. */
export function countsTokens(e: TranslationEstimate): boolean {
  return e.tokensIn > 0 || e.tokensOut > 0;
}
