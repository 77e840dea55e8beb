// The reader preferences of this window. Loaded once at start (defaults when the shell cannot
// answer, e.g. in tests), changed optimistically: the new value shows at once and the whole
// object is saved; if the shell refuses it, the previous value comes back and `onerror` says why.
import * as ipc from "../ipc";
import type { ReaderPrefs } from "../ipc";
import { DEFAULT_PREFS, normalizePrefs } from "./prefs";
import { t } from "../i18n/i18n.svelte";

export type PrefsApi = Pick<typeof ipc, "getReaderPrefs" | "setReaderPrefs">;

export class Prefs {
  value = $state.raw<ReaderPrefs>(DEFAULT_PREFS);
  /** True once the stored preferences have been read (or reading them failed). */
  loaded = $state(false);

  #api: PrefsApi;
  #onerror: (message: string) => void;
  /** Saves run one after another, so the last change is the one that stays. */
  #queue: Promise<unknown> = Promise.resolve();
  #generation = 0;
  /** The load in progress: a change asked for before it ends applies to what it loads. */
  #loading: Promise<void> | null = null;

  constructor(api: PrefsApi = ipc, onerror: (message: string) => void = () => {}) {
    this.#api = api;
    this.#onerror = onerror;
  }

  set onerror(handler: (message: string) => void) {
    this.#onerror = handler;
  }

  /** Reads the stored preferences; `early`: that reading, already asked for (app/early.ts). */
  load(early?: Promise<ReaderPrefs>): Promise<void> {
    this.#loading = (async () => {
      try {
        this.value = normalizePrefs(await (early ?? this.#api.getReaderPrefs()));
      } catch {
        // Keep the defaults: the reader works without stored preferences.
      } finally {
        this.loaded = true;
      }
    })();
    return this.#loading;
  }

  /** Applies `change` now and saves the whole object; resolves to false if it was refused. */
  update(change: Partial<ReaderPrefs> | ((prefs: ReaderPrefs) => ReaderPrefs)): Promise<boolean> {
    // Before the stored preferences are in, a change would save the defaults over them.
    if (!this.loaded && this.#loading) return this.#loading.then(() => this.update(change));
    const previous = this.value;
    const next = typeof change === "function" ? change(previous) : { ...previous, ...change };
    if (next === previous) return Promise.resolve(true);
    this.value = next;
    const generation = ++this.#generation;
    const save = this.#queue.then(async () => {
      try {
        const saved = await this.#api.setReaderPrefs(next);
        // A later change already shows; it will be saved after this one.
        if (generation === this.#generation && saved) this.value = normalizePrefs(saved);
        return true;
      } catch (e) {
        if (generation === this.#generation) this.value = previous;
        this.#onerror(`${t("view.saveFailed")}: ${ipc.errorMessage(e)}`);
        return false;
      }
    });
    this.#queue = save;
    return save;
  }
}
