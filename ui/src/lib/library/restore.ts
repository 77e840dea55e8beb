// Shows stored translations at once: a reopened library entry brings the translations finished
// before, and the translation column should show them without anyone pressing Translate.
//
// The board has no "put this text here" method: every change goes through a job, so that its
// counts, tokens and rules stay in one place. A restore is therefore a job that never reaches
// the shell: it starts, receives one "cached" event per stored translation (matched by block id:
// ids the open document does not have are ignored, so nothing lands on the wrong block), and is
// abandoned, which ends it without a "last run" summary. The blocks end up exactly as if the
// shell had answered them from its cache: status "cached", the text, no error.
import type { ProviderKind } from "../ipc";
import type { TranslationBoard } from "../translation/board";

/**
 * Marks the blocks in `translations` (block id → text) as cached with their texts and, from
 * `engines`, who made them (the row's "Translated by …"). Returns how many blocks now show a
 * stored translation. Does nothing (0) while a job runs: call it right after the document was
 * shown, when the column has just been reset.
 */
export function restoreTranslations(
  board: TranslationBoard,
  translations: Readonly<Record<string, string>>,
  engines: Readonly<Record<string, ProviderKind>> = {},
): number {
  if (board.running) return 0;
  const token = board.start();
  let restored = 0;
  for (const [id, text] of Object.entries(translations)) {
    // An empty text is no translation; the block stays pending.
    if (text === "" || !board.entries.has(id)) continue;
    board.apply(token, { type: "cached", id, text, by: engines[id] ?? null });
    restored += 1;
  }
  board.abandon(token);
  return restored;
}
