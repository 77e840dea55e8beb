// The state of one window: the open document, the conversion the user picked, the row
// selection, whether a command is running, and the last error. Components read it and call its
// methods; only this class calls the IPC wrappers that change the document, so the rules below
// hold everywhere:
// - Commands that change the document run one after another, in the order they were asked
//   for. The shell keeps "the open document" too, so letting a slow open finish after a later
//   re-conversion would leave the two sides showing different documents.
// - A failed command leaves the displayed document exactly as it was and sets `error`.
// - A cancelled file dialog (null) changes nothing.
import * as ipc from "../ipc";
import type { AppError, Article, Column, CopyFormat, FileFormat, Reopened } from "../ipc";
import { toAppError } from "../feedback/errors";
import { nextPaint } from "./dom";
import {
  clearSelection,
  clickRow,
  emptySelection,
  retainExisting,
  selectAll,
  selectedInOrder,
  type ClickModifiers,
  type Selection,
} from "../selection/selection";

/** The IPC wrappers the session uses; tests pass fakes. */
export type SessionApi = Pick<
  typeof ipc,
  | "openSample"
  | "openPath"
  | "openText"
  | "pickAndOpen"
  | "openClipboard"
  | "reconvert"
  | "launchPath"
  | "copyBlocks"
  | "copyAs"
  | "exportDocument"
  | "openUrl"
  | "libraryOpen"
> &
  // Optional so a fake shell without it serves whole articles (as every open did before).
  Partial<Pick<typeof ipc, "articleRest">>;

export const AUTO = "auto";

/** What is being opened, for the toolbar's progress words. */
export type OpeningKind = "file" | "url" | "clipboard" | "text" | "library";

export class Session {
  article = $state.raw<Article | null>(null);
  /** The conversion picked in the toolbar ("auto" to detect); later opens use it too. */
  conversion = $state(AUTO);
  error = $state.raw<AppError | null>(null);
  selection = $state.raw<Selection>(emptySelection);
  /**
   * How many documents have been opened. A re-conversion shows the same document again and
   * leaves it alone, so whatever belongs to one document (its translations) can reset on it.
   */
  opened = $state(0);
  #running = $state(0);
  /** The opens asked for and not yet settled, oldest first. */
  #opening = $state.raw<{ kind: OpeningKind }[]>([]);

  #api: SessionApi;
  #painted: () => Promise<void>;
  #queue: Promise<unknown> = Promise.resolve();
  #orderCache: { article: Article | null; order: string[] } = { article: null, order: [] };

  /** `painted`: resolves once what was just shown is on screen (tests pass their own). */
  constructor(api: SessionApi = ipc, painted: () => Promise<void> = nextPaint) {
    this.#api = api;
    this.#painted = painted;
  }

  /** True while any command is queued or running. */
  get busy(): boolean {
    return this.#running > 0;
  }

  /**
   * What the latest unsettled open is fetching or reading, or null. The displayed document stays
   * as it was until the new one is complete, and stays on failure.
   */
  get opening(): OpeningKind | null {
    return this.#opening.at(-1)?.kind ?? null;
  }

  /** Block ids of the open document in document order. */
  get order(): string[] {
    if (this.#orderCache.article !== this.article) {
      this.#orderCache = { article: this.article, order: this.article?.blocks.map((b) => b.id) ?? [] };
    }
    return this.#orderCache.order;
  }

  /** The selected block ids in document order. */
  get selectedIds(): string[] {
    return selectedInOrder(this.selection, this.order);
  }

  /**
   * Opens the document given on the command line, or the built-in sample.
   * `early`: that open, already asked for by the page's first script (app/early.ts).
   */
  async start(early?: Promise<Article>): Promise<void> {
    await this.#open(
      early
        ? () => early
        : async (config) => {
            const path = await this.#api.launchPath();
            return path ? this.#api.openPath(path, config) : this.#api.openSample(config);
          },
      "file",
    );
  }

  openFile(): Promise<boolean> {
    return this.#open((config) => this.#api.pickAndOpen(config), "file");
  }

  openPath(path: string): Promise<boolean> {
    return this.#open((config) => this.#api.openPath(path, config), "file");
  }

  openText(text: string): Promise<boolean> {
    return this.#open((config) => this.#api.openText(text, config), "text");
  }

  /** The shell reads the clipboard; a web address alone on it opens that page. */
  openClipboard(): Promise<boolean> {
    return this.#open((config) => this.#api.openClipboard(config), "clipboard");
  }

  /**
   * Fetches the web page at `url` and shows its article. Rejects with the AppError (for the
   * address field to show next to the address) without touching `error`; the document shown
   * before stays, complete, either way until the new one is ready.
   */
  async openUrl(url: string): Promise<void> {
    try {
      const article = await this.#serial(
        () => this.#api.openUrl(url, this.conversion === AUTO ? undefined : this.conversion),
        "url",
      );
      this.#show(article, { keepSelection: false });
      this.#completeLater(article);
    } catch (e) {
      throw toAppError(e);
    }
  }

  /**
   * Reopens library entry `id`: shows its article and resolves to everything the shell stored
   * with it (the caller puts the translations in the column: library/reopen.ts). Rejects with
   * the AppError, leaving the open document as it was and `error` alone (the library panel
   * shows the failure).
   */
  async reopen(id: string): Promise<Reopened> {
    try {
      const reopened = await this.#serial(() => this.#api.libraryOpen(id), "library");
      this.#show(reopened.article, { keepSelection: false });
      return reopened;
    } catch (e) {
      throw toAppError(e);
    }
  }

  /** Shows `e` in the error banner (for failures the caller did not show elsewhere). */
  fail(e: unknown): void {
    this.error = toAppError(e);
  }

  /**
   * Re-converts the open document with `config`. Without a document the choice is only kept
   * for the next open. On failure the picker goes back to what it showed before.
   */
  async chooseConversion(config: string): Promise<boolean> {
    const previous = this.conversion;
    this.conversion = config;
    // No document and none on its way: the next open uses the choice.
    if (this.article === null && this.#opening.length === 0) return true;
    try {
      // After an open in progress (the picker is complete from the first frame, so a choice
      // can come while the first document is still being prepared): it applies to that one.
      const article = await this.#serial(() => (this.article ? this.#api.reconvert(config) : Promise.resolve(null)));
      if (article === null) return true;
      this.#show(article, { keepSelection: true });
      this.#completeLater(article);
      return true;
    } catch (e) {
      this.conversion = previous;
      this.error = toAppError(e);
      return false;
    }
  }

  /** Puts `columns` of `blockIds` on the clipboard; resolves to the copied text, or null on error. */
  async copy(blockIds: string[], columns: Column[]): Promise<string | null> {
    try {
      return await this.#track(() => this.#api.copyBlocks(blockIds, columns));
    } catch (e) {
      this.error = toAppError(e);
      return null;
    }
  }

  /**
   * Renders `blockIds` in `format` and puts the result on the clipboard; resolves to the text.
   * Rejects with an AppError: the caller says what failed (a toast), the document is untouched.
   */
  async copyAs(blockIds: string[], format: CopyFormat): Promise<string> {
    try {
      return await this.#track(() => this.#api.copyAs(blockIds, format));
    } catch (e) {
      throw toAppError(e);
    }
  }

  /** Exports the whole document; resolves to the path written, or null if the user cancelled. */
  async exportDocument(format: CopyFormat, file: FileFormat): Promise<string | null> {
    try {
      return await this.#track(() => this.#api.exportDocument(format, file));
    } catch (e) {
      throw toAppError(e);
    }
  }

  clickRow(id: string, modifiers: ClickModifiers = {}): void {
    this.selection = clickRow(this.selection, this.order, id, modifiers);
  }

  selectAll(): void {
    this.selection = selectAll(this.selection, this.order);
  }

  clearSelection(): void {
    this.selection = clearSelection();
  }

  dismissError(): void {
    this.error = null;
  }

  async #open(
    request: (config: string | undefined) => Promise<Article | null>,
    kind: OpeningKind,
  ): Promise<boolean> {
    try {
      const article = await this.#serial(() => request(this.conversion === AUTO ? undefined : this.conversion), kind);
      if (article === null) return false;
      this.#show(article, { keepSelection: false });
      this.#completeLater(article);
      return true;
    } catch (e) {
      this.error = toAppError(e);
      return false;
    }
  }

  #show(article: Article, { keepSelection }: { keepSelection: boolean }): void {
    this.article = article;
    this.error = null;
    this.selection = keepSelection ? retainExisting(this.selection, this.order) : clearSelection();
    if (!keepSelection) this.opened += 1;
    // The picker shows what the document was really converted with.
    if (article.configAuto) this.conversion = AUTO;
    else if (article.config) this.conversion = article.config;
  }

  /**
   * An open answers with the article's first screen of blocks; once they are painted, the rest is
   * asked for (queued like every document command, so `busy` holds until it is in) and appended,
   * unless another document or conversion has been shown meanwhile. The rows already drawn stay;
   * the selection is kept. (Asked for before the paint, a long article's rest — 5.6 MB of JSON
   * for 1 MB of text — was parsed and laid out ahead of its first screen.)
   */
  #completeLater(first: Article): void {
    const rest = this.#api.articleRest;
    // Nothing left out (the sample; most articles): nothing is asked, nor shown as busy meanwhile.
    if (!rest || !first.blocksLeftOut) return;
    void this.#serial(async () => {
      // Another document shown meanwhile (a paste queued behind this open): nothing to ask.
      if (this.article !== first) return [];
      await this.#painted();
      return this.article === first ? rest(first.blocks.length) : [];
    }).then(
      (blocks) => {
        if (blocks.length === 0 || this.article !== first) return;
        // Whole now: nothing is left out any more.
        this.article = { ...first, blocks: [...first.blocks, ...blocks], blocksLeftOut: undefined };
      },
      (e) => {
        if (this.article === first) this.error = toAppError(e);
      },
    );
  }

  /** Runs `job` after every document command asked for before it has settled. */
  #serial<T>(job: () => Promise<T>, opening?: OpeningKind): Promise<T> {
    const run = this.#track(() => this.#queue.then(job, job));
    this.#queue = run.catch(() => undefined);
    if (opening === undefined) return run;
    const entry = { kind: opening };
    this.#opening = [...this.#opening, entry];
    const settle = () => (this.#opening = this.#opening.filter((e) => e !== entry));
    run.then(settle, settle);
    return run;
  }

  async #track<T>(job: () => Promise<T>): Promise<T> {
    this.#running += 1;
    try {
      return await job();
    } finally {
      this.#running -= 1;
    }
  }
}
