// The window's translation side: the translation settings, the profile picked in the toolbar,
// and the one running job. It is the only caller of the translation IPC wrappers; the rules of
// the column itself (what each event does to a block, cancelling, counting) live in the
// TranslationBoard, which this class feeds.
// - Whatever makes the column's translations wrong for what is shown resets it to pending and
//   cancels a running job: another document, another profile, another target language.
// - A job stopped before the shell has even answered with its id is cancelled there as soon as
//   the id arrives, so no job is ever left running unseen.
// - Settings commands used by the dialog return their error instead of raising a banner: the
//   dialog shows it next to what the user just did.
import { SvelteMap } from "svelte/reactivity";
import * as ipc from "../ipc";
import type { AppError, KeyStore, LocalServer, Profile, ProviderKind, Proxy, TranslationEvent, TranslationSettings } from "../ipc";
import { toAppError } from "../feedback/errors";
import { TranslationBoard, type BlockTranslation, type JobToken, type Progress } from "./board";
import { restoreTranslations } from "../library/restore";
import { t } from "../i18n/i18n.svelte";

/** The IPC wrappers the translator uses; tests pass fakes. */
export type TranslatorApi = Pick<
  typeof ipc,
  | "getTranslationSettings"
  | "saveProfile"
  | "deleteProfile"
  | "setDefaultProfile"
  | "setTargetLanguage"
  | "setKeyFromClipboard"
  | "deleteKey"
  | "testConnection"
  | "setOfflineOnly"
  | "findLocalServers"
  | "useLocalServer"
  | "translateDocument"
  | "cancelTranslation"
  | "chooseTranslation"
  | "networkBack"
  | "setProxy"
  | "setProxyPasswordFromClipboard"
  | "deleteProxyPassword"
  | "editTranslation"
  | "revertEdit"
  | "clearCompare"
  | "checkTerms"
>;

/** Which column a Translator fills: the translation column, or the comparison beside it. */
export type TranslatorColumn = "main" | "compare";

export const DEFAULT_TARGET = "en";

type TranslatorHeadline = "translation.error.settings" | "translation.error.target" | "translation.error.start";

interface Job {
  token: JobToken;
  /** The shell's id, once `translateDocument` has resolved. */
  id: number | null;
}

export type TestResult = { ok: true; message: string } | { ok: false; error: AppError };

export class Translator {
  settings = $state.raw<TranslationSettings | null>(null);
  /** The profile picked in the toolbar (the default profile until the user picks another). */
  profile = $state<string | null>(null);
  progress = $state.raw<Progress>({ total: 0, translated: 0, failed: 0, translating: 0, running: false, stopped: false, last: null });
  /** Why loading the settings, starting a job or changing the target failed. */
  error = $state.raw<AppError | null>(null);
  /**
   * The user agreed, in Settings, to keep API keys in a file (not encrypted) because there is no
   * usable keychain. Asked again after a restart: it is a decision about a file on disk, and
   * worth seeing again.
   */
  keyFileConfirmed = $state(false);
  /**
   * The last job's failures were all network failures: the computer seems offline. The column
   * says so calmly and the failed rows are tried again when the connection is back (`resume`).
   */
  offline = $state(false);
  /**
   * The last job could not reach its server at all (connection refused, unknown host): said once
   * above the column, with the way to the profile, instead of the same error in every row.
   */
  unreachable = $state.raw<{ profile: string; host: string } | null>(null);
  /** What was being attempted when `error` happened (a message key; see `errorHeadline`). */
  #headline = $state<TranslatorHeadline>("translation.error.start");

  readonly column: TranslatorColumn;
  #api: TranslatorApi;
  #board: TranslationBoard;
  #job: Job | null = null;
  #order: readonly string[] = [];
  #documentKey: unknown = undefined;

  constructor(api: TranslatorApi = ipc, column: TranslatorColumn = "main") {
    this.#api = api;
    this.column = column;
    // A reactive map: a row re-renders only when its own block's entry changes.
    this.#board = new TranslationBoard(new SvelteMap<string, BlockTranslation>());
  }

  /** Every block's translation entry, keyed by block id. */
  get blocks(): ReadonlyMap<string, BlockTranslation> {
    return this.#board.entries;
  }

  /** The target language (BCP 47) the column is in, or will be. */
  get target(): string {
    return this.settings?.targetLanguage ?? DEFAULT_TARGET;
  }

  /** What was being attempted when `error` happened, as a headline in the UI language. */
  get errorHeadline(): string {
    return t(this.#headline);
  }

  get running(): boolean {
    return this.progress.running;
  }

  /** Whether the first-run choice (how to translate) is still to be made. */
  get needsChoice(): boolean {
    return this.settings !== null && !this.settings.translationChosen;
  }

  /**
   * The first-run choice. "web" makes the free web engines the profile in use; the others only
   * record the choice (the caller opens Settings). Resolves to the error, or null.
   */
  async choose(choice: "web" | "local" | "api"): Promise<AppError | null> {
    const error = await this.#update(() => this.#api.chooseTranslation(choice));
    if (error === null && choice === "web") {
      const web = this.settings?.profiles.find((p) => p.kind === "web");
      if (web && web.name !== this.profile) this.chooseProfile(web.name);
    }
    return error;
  }

  /**
   * The connection seems to be back: the shell forgets the web engines' failures and the failed
   * rows are translated again. Does nothing unless the column is `offline`.
   */
  async resume(visibleIds: string[]): Promise<void> {
    if (!this.offline || this.#board.running) return;
    this.offline = false;
    await this.#api.networkBack().catch(() => undefined);
    await this.retryFailed(visibleIds);
  }

  get hasProfiles(): boolean {
    return (this.settings?.profiles.length ?? 0) > 0;
  }

  /** Takes settings another Translator loaded (the comparison column follows the main one's). */
  adoptSettings(settings: TranslationSettings | null): void {
    if (settings !== null && settings !== this.settings) this.#adopt(settings);
  }

  /** Reads the settings; `early`: that reading, already asked for (app/early.ts). */
  async load(early?: Promise<TranslationSettings>): Promise<boolean> {
    try {
      this.#adopt(await (early ?? this.#api.getTranslationSettings()));
      return true;
    } catch (e) {
      this.#fail("translation.error.settings", e);
      return false;
    }
  }

  /**
   * Shows the blocks `order` of the document `key`. Another key is another document: the column
   * resets and a running job is cancelled. The same key (a re-conversion) keeps what is there.
   */
  setDocument(order: readonly string[], key: unknown): void {
    this.#order = [...order];
    if (key !== this.#documentKey) {
      this.#documentKey = key;
      this.#resetColumn();
    } else {
      this.#board.retain(order);
      this.#refresh();
    }
  }

  /**
   * Shows stored translations (block id → text) as cached, without any request: a reopened
   * library entry's. Returns how many blocks show one; 0 while a job runs.
   */
  restore(
    translations: Readonly<Record<string, string>>,
    engines: Readonly<Record<string, ProviderKind>> = {},
    machine: Readonly<Record<string, string>> = {},
  ): number {
    const restored = restoreTranslations(this.#board, translations, engines);
    for (const [id, version] of Object.entries(machine)) {
      const text = translations[id];
      if (text !== undefined && text !== "") this.#board.edit(id, text, version);
    }
    this.#refresh();
    return restored;
  }

  /**
   * Translates the document, blocks in `visibleIds` first. Rows the user edited are kept as
   * they are (`retranslate` replaces them when asked).
   */
  translate(visibleIds: string[]): Promise<void> {
    const edited = new Set(this.#board.editedIds());
    const only = edited.size === 0 ? null : this.#order.filter((id) => !edited.has(id));
    return this.#run(visibleIds, only, { show: false });
  }

  /**
   * Translates `ids` again past the cache, with `profile` (the toolbar's when null): a row the
   * user edited gets the new machine translation instead of the edit.
   */
  retranslate(ids: string[], profile: string | null = null): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return this.#run(ids, ids, { fresh: true, profile: profile ?? this.profile });
  }

  /**
   * Checks every translated row against the glossary again (after a term was added, or a
   * document reopened from the library): rows whose translation lacks a term's rendering are
   * marked. Nothing is translated.
   */
  async recheckTerms(): Promise<void> {
    const rows = this.#order
      .map((id) => [id, this.#board.get(id)] as const)
      .filter(([, entry]) => (entry.status === "done" || entry.status === "cached") && !entry.kept);
    await Promise.all(
      rows.map(async ([id, entry]) => {
        const missing = await this.#api.checkTerms(id, entry.text).catch(() => null);
        if (missing !== null) this.#board.setMissing(id, entry.text, missing);
      }),
    );
  }

  /** Rows the user edited, in document order. */
  get editedIds(): string[] {
    return this.#board.editedIds();
  }

  /**
   * Keeps `text` as the user's translation of row `id` (in the library too) and checks it
   * against the glossary. Resolves to the error, or null.
   */
  async edit(id: string, text: string): Promise<AppError | null> {
    if (this.#board.running && this.#board.get(id).status === "translating") {
      return { kind: "edit", message: "The row is being translated; edit it when it is done" };
    }
    try {
      const machine = await this.#api.editTranslation(id, text);
      const trimmed = text.trim();
      const missing = await this.#api.checkTerms(id, trimmed).catch(() => []);
      if (trimmed === machine) this.#board.unedit(id, machine, missing);
      else this.#board.edit(id, trimmed, machine, missing);
      this.#refresh();
      return null;
    } catch (e) {
      return toAppError(e);
    }
  }

  /** Undoes the user's edit of row `id`: the machine version again. Resolves to the error, or null. */
  async revertEdit(id: string): Promise<AppError | null> {
    try {
      const machine = await this.#api.revertEdit(id);
      if (machine !== null) {
        const missing = machine === "" ? [] : await this.#api.checkTerms(id, machine).catch(() => []);
        this.#board.unedit(id, machine, missing);
      }
      this.#refresh();
      return null;
    } catch (e) {
      return toAppError(e);
    }
  }

  /** Closes the comparison column: no profile, nothing shown, nothing kept in the library. */
  async close(): Promise<void> {
    await this.stop();
    this.profile = null;
    this.#resetColumn();
    await this.#api.clearCompare().catch(() => undefined);
  }

  /** Translates the failed blocks again, those in `visibleIds` first. */
  retryFailed(visibleIds: string[]): Promise<void> {
    const failed = this.#board.failedIds();
    if (failed.length === 0) return Promise.resolve();
    return this.#run(visibleIds, failed, {});
  }

  retryBlock(id: string): Promise<void> {
    return this.#run([id], [id], {});
  }

  /** Stops the running job; unfinished blocks go back to pending. */
  async stop(): Promise<void> {
    if (!this.#board.running) return;
    const job = this.#job;
    this.#job = null;
    this.#board.cancel();
    this.#refresh();
    if (job?.id != null) await this.#cancelInShell(job.id);
  }

  /** Picks the toolbar's profile; translations by another profile are cleared. */
  chooseProfile(name: string | null): void {
    if (name === this.profile) return;
    this.profile = name;
    this.#resetColumn();
  }

  /** Sets the target language; resolves to false (and sets `error`) if the shell refused it. */
  async chooseTarget(lang: string): Promise<boolean> {
    if (lang === this.target) return true;
    const error = await this.setTarget(lang);
    if (error) this.#fail("translation.error.target", error);
    return error === null;
  }

  dismissError(): void {
    this.error = null;
  }

  // ---- Settings commands for the dialog: each resolves to its error, or null. ----

  saveProfile(profile: Profile, previousName: string | null): Promise<AppError | null> {
    return this.#update(() => this.#api.saveProfile(profile, previousName), {
      renamed: previousName !== null && previousName !== profile.name ? [previousName, profile.name] : null,
    });
  }

  deleteProfile(name: string): Promise<AppError | null> {
    return this.#update(() => this.#api.deleteProfile(name));
  }

  makeDefault(name: string): Promise<AppError | null> {
    return this.#update(() => this.#api.setDefaultProfile(name));
  }

  /**
   * Stores the clipboard's key in `store`; the key file only once `keyFileConfirmed`, or to
   * replace a key the user put there before.
   */
  keyFromClipboard(name: string, store: KeyStore): Promise<AppError | null> {
    const inFile = this.settings?.profiles.some((p) => p.name === name && p.keyPlace === "file") ?? false;
    if (store === "file" && !this.keyFileConfirmed && !inFile) {
      return Promise.resolve({ kind: "key_file", message: "Keeping keys in a file needs the user's confirmation first" });
    }
    return this.#update(() => this.#api.setKeyFromClipboard(name, store));
  }

  confirmKeyFile(): void {
    this.keyFileConfirmed = true;
  }

  deleteKey(name: string): Promise<AppError | null> {
    return this.#update(() => this.#api.deleteKey(name));
  }

  setTarget(lang: string): Promise<AppError | null> {
    return this.#update(() => this.#api.setTargetLanguage(lang));
  }

  /** Sets the app's proxy: page fetches and every profile without its own use it from now on. */
  setProxy(proxy: Proxy): Promise<AppError | null> {
    return this.#update(() => this.#api.setProxy(proxy));
  }

  /**
   * Stores the clipboard's text as the password of the app's proxy (`owner` null) or of the
   * profile `owner`'s own; the key file only once `keyFileConfirmed`, as for keys.
   */
  proxyPasswordFromClipboard(owner: string | null, store: KeyStore): Promise<AppError | null> {
    if (store === "file" && !this.keyFileConfirmed) {
      return Promise.resolve({ kind: "key_file", message: "Keeping a password in a file needs the user's confirmation first" });
    }
    return this.#update(() => this.#api.setProxyPasswordFromClipboard(owner, store));
  }

  deleteProxyPassword(owner: string | null): Promise<AppError | null> {
    return this.#update(() => this.#api.deleteProxyPassword(owner));
  }

  setOfflineOnly(on: boolean): Promise<AppError | null> {
    return this.#update(() => this.#api.setOfflineOnly(on));
  }

  /** The local servers running on this computer, or why they could not be looked for. */
  async findLocalServers(): Promise<{ servers: LocalServer[] } | { error: AppError }> {
    try {
      return { servers: await this.#api.findLocalServers() };
    } catch (e) {
      return { error: toAppError(e) };
    }
  }

  /**
   * Makes a found server's model the default profile and the toolbar's: the next translation
   * uses it. Resolves to the profile's name, or the error.
   */
  async useLocalServer(server: LocalServer, model: string | null): Promise<{ name: string } | { error: AppError }> {
    const error = await this.#update(() => this.#api.useLocalServer(server.baseUrl, model));
    if (error) return { error };
    const name = this.settings?.defaultProfile ?? null;
    if (name === null) return { error: { kind: "internal", message: "The new profile is not the default" } };
    this.chooseProfile(name);
    return { name };
  }

  async testConnection(name: string): Promise<TestResult> {
    try {
      return { ok: true, message: await this.#api.testConnection(name) };
    } catch (e) {
      return { ok: false, error: toAppError(e) };
    }
  }

  async #update(
    command: () => Promise<TranslationSettings>,
    { renamed = null }: { renamed?: [string, string] | null } = {},
  ): Promise<AppError | null> {
    try {
      this.#adopt(await command(), renamed);
      return null;
    } catch (e) {
      return toAppError(e);
    }
  }

  /**
   * Takes new settings from the shell. The toolbar's profile follows a rename, falls back to
   * the default when its profile is gone, and the column resets when the profile in use or the
   * target language is no longer what it was translated with.
   */
  #adopt(settings: TranslationSettings, renamed: [string, string] | null = null): void {
    const previous = this.settings;
    const previousProfile = this.profile;
    this.settings = settings;

    let profile = this.profile;
    if (renamed && profile === renamed[0]) profile = renamed[1];
    if (profile === null || !settings.profiles.some((p) => p.name === profile)) {
      profile = settings.defaultProfile ?? settings.profiles[0]?.name ?? null;
    }
    // The comparison column has no profile until the user picks one, and loses a deleted one.
    if (this.column === "compare") {
      const kept = this.profile !== null && settings.profiles.some((p) => p.name === this.profile);
      profile = kept ? this.profile : null;
    }
    this.profile = profile;

    const targetChanged = previous !== null && previous.targetLanguage !== settings.targetLanguage;
    const profileReplaced =
      previousProfile !== null && profile !== previousProfile && !(renamed && previousProfile === renamed[0]);
    if (targetChanged || profileReplaced) this.#resetColumn();
  }

  /**
   * Starts a job on `onlyIds` (null: every row). `show`: the rows show as translating at once
   * (a retry; default when `onlyIds` is given). `fresh`: past the cache. `profile`: another
   * profile than the toolbar's for this job only.
   */
  async #run(
    visibleIds: string[],
    onlyIds: string[] | null,
    { show = onlyIds !== null, fresh = false, profile = this.profile }: { show?: boolean; fresh?: boolean; profile?: string | null },
  ): Promise<void> {
    if (this.#board.running || this.#order.length === 0) return;
    if (this.column === "compare" && profile === null) return;
    this.error = null;
    this.unreachable = null;
    const job: Job = { token: this.#board.start(show ? onlyIds : null), id: null };
    this.#job = job;
    this.#refresh();
    try {
      job.id = await this.#api.translateDocument(
        profile,
        visibleIds,
        onlyIds,
        (e: TranslationEvent) => this.#onEvent(job.token, e),
        { fresh, column: this.column },
      );
      // Stopped or reset while the shell was starting it: stop it there too.
      if (this.#job !== job) await this.#cancelInShell(job.id);
    } catch (e) {
      if (this.#job !== job) return;
      this.#job = null;
      this.#board.abandon(job.token);
      this.#fail("translation.error.start", e);
      this.#refresh();
    }
  }

  #fail(headline: TranslatorHeadline, e: unknown): void {
    this.error = toAppError(e);
    this.#headline = headline;
  }

  #onEvent(token: JobToken, event: TranslationEvent): void {
    if (!this.#board.apply(token, event)) return;
    this.#refresh();
    if (event.type === "finished") {
      const failures = this.#board.failedIds().map((id) => this.#board.entries.get(id)?.error);
      const allNetwork = failures.length > 0 && failures.every((error) => error?.kind === "network");
      const host = failures[0]?.unreachableHost ?? null;
      const web = this.settings?.profiles.find((p) => p.name === this.profile)?.kind === "web";
      // The web chain has three engines in three places: if none answers, the computer is offline.
      // Any other profile has one server: say which one did not answer.
      if (allNetwork && !web && host !== null && this.profile !== null && failures.every((e) => e?.unreachableHost === host)) {
        this.unreachable = { profile: this.profile, host };
        this.offline = false;
      } else {
        this.unreachable = null;
        this.offline = allNetwork;
      }
    }
  }

  #resetColumn(): void {
    const job = this.#job;
    const wasRunning = this.#board.running;
    this.#job = null;
    this.#board.reset(this.#order);
    this.error = null;
    this.offline = false;
    this.unreachable = null;
    this.#refresh();
    if (wasRunning && job?.id != null) void this.#cancelInShell(job.id);
  }

  async #cancelInShell(id: number): Promise<void> {
    // The column already ignores the job; a job the shell has finished meanwhile may refuse to
    // be cancelled, and that is no news for the user.
    await this.#api.cancelTranslation(id).catch(() => undefined);
  }

  #refresh(): void {
    this.progress = this.#board.progress();
  }
}
