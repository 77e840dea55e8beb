import { describe, expect, it, vi } from "vitest";
import type { AppError, Article, Config } from "../ipc";
import { Session, type SessionApi } from "./session.svelte";
import { nextPaint } from "./dom";
import { testArticle } from "../testing/article";
import { FIRST_SCREEN_BLOCKS } from "../bindings/constants";

function article(title: string, ids: string[], extra: Partial<Article> = {}): Article {
  return testArticle(
    ids.map((id) => ({ id, kind: "paragraph", level: 0, text: `原文 ${id}`, simplified: `原文 ${id}`, changes: [] })),
    { title, ...extra },
  );
}

const notFound: AppError = { kind: "not_found", message: "no such file: /x.txt" };

/** A fake shell: every command rejects unless a test overrides it. */
function fakeApi(overrides: Partial<SessionApi> = {}): SessionApi {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected ${name}`));
  return {
    openSample: vi.fn(async () => article("Sample", ["a", "b", "c"])),
    openPath: vi.fn(unexpected("openPath")),
    openText: vi.fn(unexpected("openText")),
    pickAndOpen: vi.fn(unexpected("pickAndOpen")),
    openClipboard: vi.fn(unexpected("openClipboard")),
    reconvert: vi.fn(unexpected("reconvert")),
    launchPath: vi.fn(async () => null),
    copyBlocks: vi.fn(async () => "copied"),
    copyAs: vi.fn(async () => "copied as"),
    exportDocument: vi.fn(async () => "/tmp/out.md"),
    openUrl: vi.fn(unexpected("openUrl")),
    libraryOpen: vi.fn(unexpected("libraryOpen")),
    ...overrides,
  };
}

async function started(api: SessionApi): Promise<Session> {
  const session = new Session(api);
  await session.start();
  return session;
}

/** A promise the test resolves by hand, to control the order in which commands finish. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("start", () => {
  it("opens the sample when no path was given", async () => {
    const api = fakeApi();
    const session = await started(api);
    expect(session.article?.title).toBe("Sample");
    expect(api.openSample).toHaveBeenCalledWith(undefined);
  });

  it("takes the open the page asked for early instead of asking again", async () => {
    const api = fakeApi();
    const session = new Session(api);
    await session.start(Promise.resolve(article("Early", ["e1"])));
    expect(session.article?.title).toBe("Early");
    expect(api.launchPath).not.toHaveBeenCalled();
    expect(api.openSample).not.toHaveBeenCalled();
  });

  it("shows a failed early open like any failed open", async () => {
    const session = new Session(fakeApi());
    await session.start(Promise.reject(notFound));
    expect(session.article).toBeNull();
    expect(session.error).toEqual(notFound);
  });

  it("opens the launch path instead of the sample when there is one", async () => {
    const api = fakeApi({
      launchPath: vi.fn(async () => "/news.txt"),
      openPath: vi.fn(async () => article("News", ["n"])),
    });
    const session = await started(api);
    expect(session.article?.title).toBe("News");
    expect(api.openPath).toHaveBeenCalledWith("/news.txt", undefined);
    expect(api.openSample).not.toHaveBeenCalled();
  });

  it("shows the error when the launch path cannot be opened", async () => {
    const api = fakeApi({
      launchPath: vi.fn(async () => "/x.txt"),
      openPath: vi.fn(() => Promise.reject(notFound)),
    });
    const session = await started(api);
    expect(session.article).toBeNull();
    expect(session.error).toEqual(notFound);
    expect(session.busy).toBe(false);
  });
});

describe("opening", () => {
  it("keeps the open document intact when opening another fails", async () => {
    const session = await started(fakeApi({ openPath: vi.fn(() => Promise.reject(notFound)) }));
    const before = session.article;
    session.clickRow("b");
    expect(await session.openPath("/x.txt")).toBe(false);
    expect(session.article).toBe(before);
    expect(session.selectedIds).toEqual(["b"]);
    expect(session.error?.kind).toBe("not_found");
  });

  it("keeps the open document when the file dialog is cancelled", async () => {
    const session = await started(fakeApi({ pickAndOpen: vi.fn(async () => null) }));
    const before = session.article;
    expect(await session.openFile()).toBe(false);
    expect(session.article).toBe(before);
    expect(session.error).toBeNull();
  });

  it("replaces the document, clears the selection and the error on success", async () => {
    const session = await started(
      fakeApi({
        openPath: vi.fn(() => Promise.reject(notFound)),
        openText: vi.fn(async () => article("Pasted", ["p"])),
      }),
    );
    session.clickRow("a");
    await session.openPath("/x.txt");
    expect(await session.openText("貼上")).toBe(true);
    expect(session.article?.title).toBe("Pasted");
    expect(session.selectedIds).toEqual([]);
    expect(session.error).toBeNull();
  });

  it("wraps a non-AppError rejection as an internal error", async () => {
    const session = await started(fakeApi({ openClipboard: vi.fn(() => Promise.reject(new Error("ipc down"))) }));
    await session.openClipboard();
    expect(session.error).toEqual({ kind: "internal", message: "ipc down" });
  });

  it("passes the picked conversion to later opens", async () => {
    const api = fakeApi({
      reconvert: vi.fn(async (config: string) => article("Sample", ["a"], { config: config as Config, configAuto: false })),
      openText: vi.fn(async () => article("Pasted", ["p"], { config: "hk2s", configAuto: false })),
    });
    const session = await started(api);
    await session.chooseConversion("hk2s");
    await session.openText("文字");
    expect(api.openText).toHaveBeenCalledWith("文字", "hk2s");
  });

  it("applies document commands in the order they were asked for", async () => {
    const slowOpen = deferred<Article>();
    const api = fakeApi({
      openPath: vi.fn(() => slowOpen.promise),
      reconvert: vi.fn(async (config: string) => article("Big", ["x"], { config: config as Config, configAuto: false })),
    });
    const session = await started(api);
    const opening = session.openPath("/big.txt");
    const reconverting = session.chooseConversion("t2s");
    // The re-conversion must wait: the shell is still opening the new file.
    await Promise.resolve();
    expect(api.reconvert).not.toHaveBeenCalled();
    expect(session.busy).toBe(true);
    slowOpen.resolve(article("Big", ["x"]));
    await Promise.all([opening, reconverting]);
    expect(api.reconvert).toHaveBeenCalledWith("t2s");
    expect(session.article?.config).toBe("t2s");
    expect(session.busy).toBe(false);
  });
});

describe("chooseConversion", () => {
  it("re-converts the document and keeps the selected rows that still exist", async () => {
    const session = await started(
      fakeApi({
        reconvert: vi.fn(async (config: string) =>
          article("Sample", ["a", "b"], { config: config as Config, configAuto: false }),
        ),
      }),
    );
    session.clickRow("b");
    session.clickRow("c", { toggle: true });
    expect(await session.chooseConversion("t2s")).toBe(true);
    expect(session.conversion).toBe("t2s");
    expect(session.selectedIds).toEqual(["b"]);
  });

  it("applies a choice made while the first document is still being opened to that document", async () => {
    const first = deferred<Article>();
    const api = fakeApi({
      reconvert: vi.fn(async (config: string) => article("Early", ["e1"], { config: config as Config, configAuto: false })),
    });
    const session = new Session(api, async () => {});
    const starting = session.start(first.promise);
    const choosing = session.chooseConversion("t2s");
    expect(api.reconvert).not.toHaveBeenCalled();
    first.resolve(article("Early", ["e1"]));
    await starting;
    expect(await choosing).toBe(true);
    expect(api.reconvert).toHaveBeenCalledWith("t2s");
    expect(session.conversion).toBe("t2s");
    expect(session.article?.config).toBe("t2s");
  });

  it("keeps a choice made with no document for the next open", async () => {
    const api = fakeApi();
    const session = new Session(api);
    expect(await session.chooseConversion("t2s")).toBe(true);
    expect(api.reconvert).not.toHaveBeenCalled();
    expect(session.conversion).toBe("t2s");
  });

  it("counts a re-conversion as the same document, unlike an open", async () => {
    const session = await started(
      fakeApi({
        reconvert: vi.fn(async (config: string) => article("Sample", ["a"], { config: config as Config, configAuto: false })),
        openText: vi.fn(async () => article("Pasted", ["p"])),
      }),
    );
    expect(session.opened).toBe(1);
    await session.chooseConversion("t2s");
    expect(session.opened).toBe(1);
    await session.openText("文字");
    expect(session.opened).toBe(2);
  });

  it("goes back to the previous choice and keeps the document when it fails", async () => {
    const unknown: AppError = { kind: "unknown_config", message: "unknown configuration: zz" };
    const session = await started(fakeApi({ reconvert: vi.fn(() => Promise.reject(unknown)) }));
    const before = session.article;
    expect(await session.chooseConversion("zz")).toBe(false);
    expect(session.conversion).toBe("auto");
    expect(session.article).toBe(before);
    expect(session.error).toEqual(unknown);
  });

  it("only remembers the choice when no document is open", async () => {
    const api = fakeApi({ openSample: vi.fn(() => Promise.reject(notFound)) });
    const session = await started(api);
    expect(await session.chooseConversion("s2t")).toBe(true);
    expect(session.conversion).toBe("s2t");
    expect(api.reconvert).not.toHaveBeenCalled();
  });
});

describe("selection and copy", () => {
  it("select-all and copy send the selected ids in document order", async () => {
    const api = fakeApi();
    const session = await started(api);
    session.clickRow("c");
    session.clickRow("a", { toggle: true });
    expect(await session.copy(session.selectedIds, ["simplified"])).toBe("copied");
    expect(api.copyBlocks).toHaveBeenCalledWith(["a", "c"], ["simplified"]);
    session.selectAll();
    expect(session.selectedIds).toEqual(["a", "b", "c"]);
    session.clearSelection();
    expect(session.selectedIds).toEqual([]);
  });

  it("a failed copy shows the error and resolves to null", async () => {
    const clipboard: AppError = { kind: "clipboard", message: "no clipboard service" };
    const session = await started(fakeApi({ copyBlocks: vi.fn(() => Promise.reject(clipboard)) }));
    expect(await session.copy(["a"], ["original"])).toBeNull();
    expect(session.error).toEqual(clipboard);
  });
});

describe("copy formats and export", () => {
  it("copies in a format and exports, passing the choices through", async () => {
    const api = fakeApi();
    const session = await started(api);
    expect(await session.copyAs(["c", "a"], "citation")).toBe("copied as");
    expect(api.copyAs).toHaveBeenCalledWith(["c", "a"], "citation");
    expect(await session.exportDocument("bilingual", "html")).toBe("/tmp/out.md");
    expect(api.exportDocument).toHaveBeenCalledWith("bilingual", "html");
  });

  it("rejects with an AppError and leaves the document and its error alone", async () => {
    const session = await started(
      fakeApi({
        copyAs: vi.fn(() => Promise.reject(new Error("unknown command copy_as"))),
        exportDocument: vi.fn(() => Promise.reject({ kind: "no_document", message: "nothing open" })),
      }),
    );
    await expect(session.copyAs(["a"], "translation")).rejects.toEqual({ kind: "internal", message: "unknown command copy_as" });
    await expect(session.exportDocument("translation", "text")).rejects.toEqual({ kind: "no_document", message: "nothing open" });
    expect(session.error).toBeNull();
    expect(session.article?.title).toBe("Sample");
  });
});

describe("web pages and the library", () => {
  it("shows a fetched page and says it is fetching until then", async () => {
    const page = deferred<Article>();
    const api = fakeApi({ openUrl: vi.fn(() => page.promise) });
    const session = await started(api);
    expect(session.opening).toBeNull();
    const opened = session.openUrl("https://example.com/a");
    await Promise.resolve();
    expect(session.opening).toBe("url");
    // The previous document stays, complete, while the page is fetched.
    expect(session.article?.title).toBe("Sample");
    page.resolve(article("Page", ["p1"]));
    await opened;
    expect(session.opening).toBeNull();
    expect(session.article?.title).toBe("Page");
    expect(api.openUrl).toHaveBeenCalledWith("https://example.com/a", undefined);
  });

  it("rejects a failed fetch with its AppError and keeps the document and the banner alone", async () => {
    const failure: AppError = { kind: "http_status", message: "The server answered 404 Not Found." };
    const api = fakeApi({ openUrl: vi.fn(async () => Promise.reject(failure)) });
    const session = await started(api);
    const before = session.article;
    await expect(session.openUrl("https://example.com/missing")).rejects.toEqual(failure);
    expect(session.article).toBe(before);
    expect(session.error).toBeNull();
    expect(session.opening).toBeNull();
    session.fail(failure);
    expect(session.error).toEqual(failure);
  });

  it("reopens a library entry: shows its article as another document and hands back the rest", async () => {
    const reopened = { article: article("Stored", ["s1", "s2"]), translations: { s1: "One" }, engines: {}, profile: "DeepL", target: "en", machine: {}, compare: {}, compareEngines: {}, compareProfile: null };
    const api = fakeApi({ libraryOpen: vi.fn(async () => reopened) });
    const session = await started(api);
    session.selectAll();
    const opened = session.opened;
    await expect(session.reopen("entry-1")).resolves.toBe(reopened);
    expect(api.libraryOpen).toHaveBeenCalledWith("entry-1");
    expect(session.article?.title).toBe("Stored");
    expect(session.opened).toBe(opened + 1);
    expect(session.selection.ids.size).toBe(0);
  });

  it("keeps the document when a reopen fails", async () => {
    const api = fakeApi({ libraryOpen: vi.fn(async () => Promise.reject({ kind: "store", message: "gone" })) });
    const session = await started(api);
    await expect(session.reopen("x")).rejects.toEqual({ kind: "store", message: "gone" });
    expect(session.article?.title).toBe("Sample");
    expect(session.error).toBeNull();
  });
});

describe("long articles arrive in two parts", () => {
  /** Settles every queued command (the rest is asked for after the first screen is shown). */
  async function idle(session: Session) {
    for (let i = 0; i < 20 && session.busy; i++) await new Promise((r) => setTimeout(r, 0));
  }
  /** A first screen as the shell answers a long document's open: `FIRST_SCREEN_BLOCKS` blocks (and
   * `blocksLeftOut` said where it left some out). */
  const firstIds = (prefix: string) => Array.from({ length: FIRST_SCREEN_BLOCKS }, (_, i) => `${prefix}${i}`);
  const a = firstIds("a");

  it("shows the first screen, then appends the rest the shell kept, as the same document", async () => {
    const rest = deferred<Article["blocks"]>();
    const tail = article("Long", ["d", "e"]).blocks;
    const api = fakeApi({
      launchPath: vi.fn(async () => "/long.md"),
      openPath: vi.fn(async () => article("Long", a, { blocksLeftOut: 2 })),
      articleRest: vi.fn(() => rest.promise),
    });
    const session = await started(api);
    expect(session.order).toEqual(a);
    await vi.waitFor(() => expect(api.articleRest).toHaveBeenCalledWith(FIRST_SCREEN_BLOCKS));
    expect(session.busy).toBe(true);
    session.clickRow("a1");
    const opened = session.opened;
    rest.resolve(tail);
    await idle(session);
    expect(session.order).toEqual([...a, "d", "e"]);
    expect(session.article?.title).toBe("Long");
    expect(session.article?.blocksLeftOut).toBeUndefined();
    expect(session.opened).toBe(opened);
    expect(session.selectedIds).toEqual(["a1"]);
    expect(session.busy).toBe(false);
  });

  it("asks for the rest only once the first screen has been painted", async () => {
    const painted = deferred<void>();
    const api = fakeApi({
      launchPath: vi.fn(async () => "/long.md"),
      openPath: vi.fn(async () => article("Long", a, { blocksLeftOut: 1 })),
      articleRest: vi.fn(async () => article("Long", ["d"]).blocks),
    });
    const session = new Session(api, () => painted.promise);
    await session.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(session.order).toEqual(a);
    expect(api.articleRest).not.toHaveBeenCalled();
    expect(session.busy).toBe(true);
    painted.resolve();
    await idle(session);
    expect(api.articleRest).toHaveBeenCalledWith(FIRST_SCREEN_BLOCKS);
    expect(session.order).toEqual([...a, "d"]);
  });

  it("asks nothing for a document shorter than an open's answer: it is whole, and not busy once shown", async () => {
    const painted = deferred<void>();
    const api = fakeApi({ articleRest: vi.fn(async () => []) });
    const session = new Session(api, () => painted.promise);
    await session.start();
    expect(session.order).toEqual(["a", "b", "c"]);
    // Not waiting for a paint to ask for a rest that cannot exist (the toolbar would show it
    // as busy meanwhile).
    expect(session.busy).toBe(false);
    painted.resolve();
    await idle(session);
    expect(api.articleRest).not.toHaveBeenCalled();
  });

  it("asks nothing for a document exactly as long as an open's answer: the shell left nothing out", async () => {
    const painted = deferred<void>();
    const api = fakeApi({
      launchPath: vi.fn(async () => "/sixty.md"),
      openPath: vi.fn(async () => article("Sixty", a)),
      articleRest: vi.fn(async () => []),
    });
    const session = new Session(api, () => painted.promise);
    await session.start();
    expect(session.order).toEqual(a);
    expect(session.busy).toBe(false);
    painted.resolve();
    await idle(session);
    expect(api.articleRest).not.toHaveBeenCalled();
  });

  it("waits for a paint even in a window that paints no frames, then goes on", async () => {
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", () => 0);
    try {
      let done = false;
      void nextPaint().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(100);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(150);
      expect(done).toBe(true);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it("does not ask for a rest once another document was shown", async () => {
    // A paste asked for while the sample opens runs before the sample's rest would be asked
    // for: the shell's open document is the pasted one by then, so that rest is not asked.
    const p = firstIds("p");
    const api = fakeApi({
      openSample: vi.fn(async () => article("Sample", a, { blocksLeftOut: 5 })),
      openText: vi.fn(async () => article("Pasted", p, { blocksLeftOut: 5 })),
      articleRest: vi.fn(async () => []),
    });
    const session = new Session(api);
    const starting = session.start();
    const pasted = session.openText("貼上");
    await starting;
    await pasted;
    await idle(session);
    // Only the pasted document's own rest is asked for (once), never the sample's.
    expect(api.articleRest).toHaveBeenCalledTimes(1);
    expect(session.article?.title).toBe("Pasted");
    expect(session.order).toEqual(p);
  });

  it("also completes a page by address and a re-conversion", async () => {
    const u = firstIds("u");
    const api = fakeApi({
      openUrl: vi.fn(async () => article("Page", u, { blocksLeftOut: 1 })),
      reconvert: vi.fn(async () => article("Page", u, { config: "t2s" as Config, configAuto: false, blocksLeftOut: 1 })),
      articleRest: vi.fn(async (from: number) => (from === FIRST_SCREEN_BLOCKS ? article("Page", ["more"]).blocks : [])),
    });
    const session = await started(api);
    await session.openUrl("https://example.com/a");
    await idle(session);
    expect(session.order).toEqual([...u, "more"]);
    await session.chooseConversion("t2s");
    await idle(session);
    expect(session.order).toEqual([...u, "more"]);
    expect(session.article?.config).toBe("t2s");
  });
});
