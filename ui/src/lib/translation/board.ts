// The translation column's state: one status per block, the running job, and the counts the
// toolbar shows. It is plain TypeScript with no IPC and no Svelte, so every rule about how
// events change a block is unit-tested (board.test.ts); the Translator (translator.svelte.ts)
// only calls the shell and feeds what comes back in here.
//
// Rules:
// - Every block of the open document has an entry; a block starts, and after any reset returns
//   to, "pending".
// - One job at a time. `start` hands out a token and `apply` ignores events carrying any other
//   token, so a cancelled job's late events (a Channel can still deliver a few) or events for a
//   document that is no longer open never touch the column.
// - Cancelling keeps what is finished (cached, done, failed) and returns what was still in
//   flight to pending, partial text included: a half-streamed sentence is not a translation.
// - A "partial" event carries the block's text so far (it replaces, it does not append).
import type { BlockStatus, MissingTerm, ProviderKind, TranslationEvent, TranslationFailure } from "../ipc";

export interface BlockTranslation {
  readonly status: BlockStatus;
  /** The translation for cached/done, the text streamed so far while translating, else "". */
  readonly text: string;
  /** Why the block failed; null unless the status is "failed". */
  readonly error: TranslationFailure | null;
  /** Which provider made the translation (the web chain's engine), when the shell said. */
  readonly by?: ProviderKind | null;
  /** Already in the target language: the original, kept as it is, never sent. */
  readonly kept?: boolean;
  /** Glossary terms that apply to the row whose rendering the translation lacks. */
  readonly missingTerms?: readonly MissingTerm[];
  /**
   * Present when the user edited the row: what the provider made ("" when it had nothing). The
   * row's `text` is then the user's.
   */
  readonly machine?: string;
}

export const PENDING: BlockTranslation = Object.freeze({ status: "pending", text: "", error: null });

/** What the shell reported when the last job ended. */
export interface JobSummary {
  done: number;
  cached: number;
  failed: number;
  requests: number;
  cancelled: boolean;
}

export interface Progress {
  /** Blocks in the document. */
  total: number;
  /** Blocks with a translation (cached or done). */
  translated: number;
  failed: number;
  translating: number;
  /** A job has started and not yet finished or been cancelled. */
  running: boolean;
  /** The last job was stopped (by the user or the shell) before it finished. */
  stopped: boolean;
  /** The shell's summary of the last job that finished, if any since the last reset. */
  last: JobSummary | null;
}

/** Identifies one job to `apply`; a new token is handed out by every `start`. */
export type JobToken = number;

export class TranslationBoard {
  readonly #entries: Map<string, BlockTranslation>;
  #order: readonly string[] = [];
  #counts: Record<BlockStatus, number> = { pending: 0, cached: 0, translating: 0, done: 0, failed: 0 };
  #token: JobToken = 0;
  #running = false;
  #stopped = false;
  #last: JobSummary | null = null;
  /** Entries a retry overwrote when it started, to put back if the job never starts. */
  #beforeStart = new Map<string, BlockTranslation>();

  /**
   * `entries` is the map the board writes into; the app passes a reactive map so that a row
   * re-renders only when its own entry changes.
   */
  constructor(entries: Map<string, BlockTranslation> = new Map()) {
    this.#entries = entries;
  }

  /** Every block's entry, keyed by block id. */
  get entries(): ReadonlyMap<string, BlockTranslation> {
    return this.#entries;
  }

  get(id: string): BlockTranslation {
    return this.#entries.get(id) ?? PENDING;
  }

  get running(): boolean {
    return this.#running;
  }

  progress(): Progress {
    return {
      total: this.#order.length,
      translated: this.#counts.cached + this.#counts.done,
      failed: this.#counts.failed,
      translating: this.#counts.translating,
      running: this.#running,
      stopped: this.#stopped,
      last: this.#last,
    };
  }

  /** The ids of failed blocks, in document order. */
  failedIds(): string[] {
    return this.#order.filter((id) => this.get(id).status === "failed");
  }

  /** A new document (or a new profile or target language): every block pending, no job. */
  reset(order: readonly string[]): void {
    this.#endJob();
    this.#stopped = false;
    this.#last = null;
    this.#order = [...order];
    this.#entries.clear();
    this.#counts = { pending: 0, cached: 0, translating: 0, done: 0, failed: 0 };
    for (const id of this.#order) this.#put(id, PENDING);
  }

  /**
   * The same document with possibly different blocks (a re-conversion): entries of blocks that
   * are still there are kept, new blocks are pending. A running job keeps running.
   */
  retain(order: readonly string[]): void {
    const kept = new Map(this.#order.map((id) => [id, this.get(id)]));
    this.#order = [...order];
    this.#entries.clear();
    this.#counts = { pending: 0, cached: 0, translating: 0, done: 0, failed: 0 };
    for (const id of this.#order) this.#put(id, kept.get(id) ?? PENDING);
  }

  /**
   * Begins a job and returns its token. `retryIds` (a retry of failed blocks) are shown as
   * translating at once, so the click visibly does something before the first event arrives.
   * Throws if a job is running: the caller must cancel it first.
   */
  start(retryIds: readonly string[] | null = null): JobToken {
    if (this.#running) throw new Error("a translation job is already running");
    this.#token += 1;
    this.#running = true;
    this.#stopped = false;
    this.#beforeStart.clear();
    for (const id of retryIds ?? []) {
      if (!this.#entries.has(id)) continue;
      this.#beforeStart.set(id, this.get(id));
      this.#put(id, { status: "translating", text: "", error: null });
    }
    return this.#token;
  }

  /** The job could not be started (the shell refused it): undo what `start` showed. */
  abandon(token: JobToken): void {
    if (token !== this.#token || !this.#running) return;
    for (const [id, entry] of this.#beforeStart) {
      if (this.get(id).status === "translating") this.#put(id, entry);
    }
    this.#endJob();
  }

  /** Stops the running job: blocks still in flight go back to pending; finished ones stay. */
  cancel(): void {
    if (!this.#running) return;
    this.#endJob();
    this.#stopped = true;
    this.#returnInFlightToPending();
  }

  /**
   * Applies one event of the job `token`. Returns true when the progress changed (a status
   * changed or the job ended); false when the event was ignored or only streamed text.
   */
  apply(token: JobToken, event: TranslationEvent): boolean {
    if (token !== this.#token || !this.#running) return false;
    if (event.type === "finished") {
      this.#endJob();
      this.#stopped = event.cancelled;
      this.#last = {
        done: event.done,
        cached: event.cached,
        failed: event.failed,
        requests: event.requests,
        cancelled: event.cancelled,
      };
      // The shell ends every block it started; anything still spinning would spin forever.
      this.#returnInFlightToPending();
      return true;
    }
    if (event.type === "cachedRows") {
      // The cache pass's rows, sent together: each as its own "cached" event would be.
      let changed = false;
      for (const row of event.rows) changed = this.apply(token, { type: "cached", ...row }) || changed;
      return changed;
    }
    if (!this.#entries.has(event.id)) return false;
    const before = this.get(event.id);
    switch (event.type) {
      case "cached":
      case "done":
        this.#put(event.id, {
          status: event.type,
          text: event.text,
          error: null,
          ...(event.by ? { by: event.by } : {}),
          ...(event.missingTerms?.length ? { missingTerms: event.missingTerms } : {}),
        });
        break;
      case "kept":
        this.#put(event.id, { status: "done", text: event.text, error: null, kept: true });
        break;
      case "translating":
        this.#put(event.id, { status: "translating", text: "", error: null });
        break;
      case "partial":
        // Streamed text never overwrites a finished translation.
        if (before.status === "cached" || before.status === "done") return false;
        this.#put(event.id, { status: "translating", text: event.text, error: null });
        break;
      case "failed":
        // A block dropped by a cancellation has not failed; it simply is not translated.
        this.#put(
          event.id,
          event.error.kind === "cancelled" ? PENDING : { status: "failed", text: "", error: event.error },
        );
        break;
    }
    return this.get(event.id).status !== before.status;
  }

  /**
   * The user's own text for a row: it shows `text`, keeps `machine` (what the provider made, ""
   * for none) for the "edited" mark, and counts as translated. `missingTerms` are the glossary's
   * check of the new text. Not while a job is translating the row.
   */
  edit(id: string, text: string, machine: string, missingTerms: readonly MissingTerm[] = []): boolean {
    const before = this.#entries.get(id);
    if (!before || before.status === "translating") return false;
    this.#put(id, {
      status: before.status === "cached" ? "cached" : "done",
      text,
      error: null,
      ...(before.by ? { by: before.by } : {}),
      ...(missingTerms.length ? { missingTerms } : {}),
      machine,
    });
    return true;
  }

  /** Undoes an edit: the machine version again ("" for none: the row is pending again). */
  unedit(id: string, machine: string, missingTerms: readonly MissingTerm[] = []): boolean {
    const before = this.#entries.get(id);
    if (!before || before.machine === undefined) return false;
    if (machine === "") {
      this.#put(id, PENDING);
      return true;
    }
    this.#put(id, {
      status: before.status,
      text: machine,
      error: null,
      ...(before.by ? { by: before.by } : {}),
      ...(missingTerms.length ? { missingTerms } : {}),
    });
    return true;
  }

  /** The glossary's check of a row's translation (`text`, as checked), when it still shows that text. */
  setMissing(id: string, text: string, missingTerms: readonly MissingTerm[]): boolean {
    const before = this.#entries.get(id);
    if (!before || before.text !== text || (before.status !== "done" && before.status !== "cached")) return false;
    const { missingTerms: _old, ...rest } = before;
    this.#put(id, missingTerms.length ? { ...rest, missingTerms } : rest);
    return true;
  }

  /** Rows the user edited, in document order. */
  editedIds(): string[] {
    return this.#order.filter((id) => this.get(id).machine !== undefined);
  }

  #endJob(): void {
    this.#running = false;
    // Invalidate the token, so nothing the ended job still sends is applied.
    this.#token += 1;
    this.#beforeStart.clear();
  }

  #returnInFlightToPending(): void {
    if (this.#counts.translating === 0) return;
    for (const id of this.#order) {
      if (this.get(id).status === "translating") this.#put(id, PENDING);
    }
  }

  #put(id: string, entry: BlockTranslation): void {
    const before = this.#entries.get(id);
    if (before) this.#counts[before.status] -= 1;
    this.#counts[entry.status] += 1;
    this.#entries.set(id, entry);
  }
}
