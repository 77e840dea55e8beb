// Puts a reopened library entry on screen: the document, then the profile and target language
// it was last translated with, then its stored translations in the third column, so nothing
// needs a Translate press and no request is sent. The window calls `applyReopened` from the
// library panel's `onopened`; the steps are behind two small interfaces so the order is tested
// here without the shell (reopen.test.ts).
import type { Article, ProviderKind, Reopened, TranslationSettings } from "../ipc";
import { planReopen } from "./library";

/** What the window's session does with the reopened article. */
export type ShowArticle = (article: Article) => {
  /** The document's block ids in order. */
  order: readonly string[];
  /** The key that tells the translator this is another document (the session's `opened`). */
  key: unknown;
};

/** The parts of the Translator a reopen uses (`restore` puts stored texts in the column). */
export interface ReopenTranslator {
  readonly settings: Pick<TranslationSettings, "profiles"> | null;
  readonly profile: string | null;
  readonly target: string;
  setDocument(order: readonly string[], key: unknown): void;
  chooseProfile(name: string): void;
  chooseTarget(lang: string): Promise<boolean>;
  /**
   * Marks the blocks as cached with these texts; returns how many (see restore.ts). `machine`:
   * the rows the user edited, with what the provider made.
   */
  restore(
    translations: Readonly<Record<string, string>>,
    engines?: Readonly<Record<string, ProviderKind>>,
    machine?: Readonly<Record<string, string>>,
  ): number;
}

/** The comparison column's translator, as a reopen uses it. */
export interface ReopenCompare {
  readonly settings: Pick<TranslationSettings, "profiles"> | null;
  setDocument(order: readonly string[], key: unknown): void;
  chooseProfile(name: string | null): void;
  restore(translations: Readonly<Record<string, string>>, engines?: Readonly<Record<string, ProviderKind>>): number;
}

/**
 * Shows `reopened` and restores its translations. Resolves to the number of blocks restored (0
 * when the target language could not be switched back: the texts would be in the wrong
 * language for the column).
 */
export async function applyReopened(
  reopened: Reopened,
  showArticle: ShowArticle,
  translator: ReopenTranslator,
  compare: ReopenCompare | null = null,
): Promise<number> {
  // The document first, so it is on screen while the settings change.
  const { order, key } = showArticle(reopened.article);
  translator.setDocument(order, key);
  compare?.setDocument(order, key);
  const plan = planReopen(reopened, translator.settings, { profile: translator.profile, target: translator.target });
  if (plan.profile !== null) translator.chooseProfile(plan.profile);
  if (plan.target !== null && !(await translator.chooseTarget(plan.target))) return 0;
  const stored = reopened.target !== null;
  const restored = translator.restore(plan.translations, plan.engines, stored ? (reopened.machine ?? {}) : {});
  // The comparison column comes back when its profile still exists.
  const name = reopened.compareProfile ?? null;
  const exists = name !== null && (compare?.settings?.profiles.some((p) => p.name === name) ?? false);
  if (compare && stored && exists) {
    compare.chooseProfile(name);
    compare.restore(reopened.compare ?? {}, reopened.compareEngines ?? {});
  }
  return restored;
}
