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
import type { AppError, Article, Column, ConfigInfo, CopyFormat, FileFormat } from "../ipc";
import { toAppError } from "../feedback/errors";
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
  | "listConfigs"
  | "launchPath"
  | "copyBlocks"
  | "copyAs"
  | "exportDocument"
>;

export const AUTO = "auto";

export class Session {
  article = $state.raw<Article | null>(null);
  configs = $state.raw<ConfigInfo[]>([]);
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

  #api: SessionApi;
  #queue: Promise<unknown> = Promise.resolve();
  #orderCache: { article: Article | null; order: string[] } = { article: null, order: [] };

  constructor(api: SessionApi = ipc) {
    this.#api = api;
  }

  /** True while any command is queued or running. */
  get busy(): boolean {
    return this.#running > 0;
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

  /** Opens the document given on the command line, or the built-in sample, and lists configs. */
  async start(): Promise<void> {
    const configs = this.#track(() => this.#api.listConfigs()).then(
      (configs) => (this.configs = configs),
      (e) => (this.error = toAppError(e)),
    );
    await this.#open(async (config) => {
      const path = await this.#api.launchPath();
      return path ? this.#api.openPath(path, config) : this.#api.openSample(config);
    });
    await configs;
  }

  openFile(): Promise<boolean> {
    return this.#open((config) => this.#api.pickAndOpen(config));
  }

  openPath(path: string): Promise<boolean> {
    return this.#open((config) => this.#api.openPath(path, config));
  }

  openText(text: string): Promise<boolean> {
    return this.#open((config) => this.#api.openText(text, config));
  }

  openClipboard(): Promise<boolean> {
    return this.#open((config) => this.#api.openClipboard(config));
  }

  /**
   * Re-converts the open document with `config`. Without a document the choice is only kept
   * for the next open. On failure the picker goes back to what it showed before.
   */
  async chooseConversion(config: string): Promise<boolean> {
    const previous = this.conversion;
    this.conversion = config;
    if (this.article === null) return true;
    try {
      const article = await this.#serial(() => this.#api.reconvert(config));
      this.#show(article, { keepSelection: true });
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

  async #open(request: (config: string | undefined) => Promise<Article | null>): Promise<boolean> {
    try {
      const article = await this.#serial(() =>
        request(this.conversion === AUTO ? undefined : this.conversion),
      );
      if (article === null) return false;
      this.#show(article, { keepSelection: false });
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

  /** Runs `job` after every document command asked for before it has settled. */
  #serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#track(() => this.#queue.then(job, job));
    this.#queue = run.catch(() => undefined);
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
