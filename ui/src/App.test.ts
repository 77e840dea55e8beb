// @vitest-environment jsdom
// The window wired together against a fake shell: shortcuts reach the reader, the copy formats
// and the reader preferences reach the shell, and the toast says what happened.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testArticle } from "./lib/testing/article";
import type { ArticleBlock } from "./lib/ipc";

const calls: [string, Record<string, unknown> | undefined][] = [];
let failSavingPrefs = false;
/** Per-test answers of the fake shell, by command name (cleared after each test). */
const answers = new Map<string, (args?: Record<string, unknown>) => unknown>();

function sample() {
  const blocks = ["臺灣的軟體", "第一段", "第二段", "第三段"].map((text, i): ArticleBlock => ({
    id: `b${i}`,
    kind: i === 0 ? "heading" : "paragraph",
    level: i === 0 ? 1 : 0,
    text,
    simplified: text.replace("臺灣的軟體", "台湾的软件"),
    changes: [],
  }));
  return testArticle(blocks, { title: "臺灣的軟體" });
}

vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {
    onmessage: unknown = null;
  },
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    const answer = answers.get(cmd);
    if (answer) return answer(args);
    switch (cmd) {
      case "open_sample":
        return sample();
      case "launch_path":
        return null;
      case "article_rest":
        return [];
      case "get_translation_settings":
        throw { kind: "internal", message: "no settings in tests" };
      case "get_reader_prefs":
        return {
          columns: [
            { column: "original", visible: true },
            { column: "simplified", visible: true },
            { column: "translation", visible: true },
          ],
          layout: "auto",
          theme: "dark",
          fontFamily: "",
          fontSize: 17,
          copyFormat: "citation",
          uiLanguage: "system",
        };
      case "set_reader_prefs":
        if (failSavingPrefs) throw { kind: "internal", message: "disk full" };
        return args?.prefs;
      case "copy_as":
        return "copied";
      case "export_document":
        return "/home/me/article.md";
      default:
        return null;
    }
  }),
}));

/** What the page's first script asked for early (app/early.ts) in a test; none by default. */
const early = vi.hoisted(() => ({ open: undefined as Promise<unknown> | undefined, prefs: undefined as Promise<unknown> | undefined }));
vi.mock("./lib/app/early", () => ({
  takeEarlyOpen: () => early.open,
  takeEarlyPrefs: () => early.prefs,
  takeEarlySettings: () => undefined,
}));

vi.mock("@tauri-apps/api/webview", () => ({
  getCurrentWebview: () => ({ onDragDropEvent: async () => () => {} }),
}));

const { default: App } = await import("./App.svelte");
const { setLocale } = await import("./lib/i18n/i18n.svelte");

beforeAll(() => {
  // jsdom lays nothing out: no size changes to observe, no modal dialogs.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.open = false;
  };
});

afterEach(() => {
  early.open = undefined;
  early.prefs = undefined;
  calls.length = 0;
  failSavingPrefs = false;
  answers.clear();
  setLocale("en");
});

const last = (cmd: string) => calls.filter((c) => c[0] === cmd).at(-1)?.[1];
const key = (k: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(window, { key: k, ...init });

async function started() {
  const view = render(App);
  await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(4));
  // The stored theme is applied to <html>.
  await waitFor(() => expect(document.documentElement.dataset.theme).toBe("dark"));
  return view;
}

describe("App", () => {
  it("moves with j/k, selects all with Ctrl+A and copies in the default format with Ctrl+C", async () => {
    await started();
    await key("j");
    await waitFor(() => expect(screen.getByTestId("selection-bar").textContent).toContain("1 row selected"));
    await key("j");
    await key("J", { shiftKey: true });
    await waitFor(() => expect(screen.getByTestId("selection-bar").textContent).toContain("2 rows selected"));
    await key("a", { ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("selection-bar").textContent).toContain("4 rows selected"));
    expect(screen.getByTestId("copy-selection").textContent).toContain("Citation");
    await key("c", { ctrlKey: true });
    await waitFor(() => expect(last("copy_as")).toEqual({ blockIds: ["b0", "b1", "b2", "b3"], format: "citation" }));
    await waitFor(() => expect(screen.getByTestId("copied-toast").textContent).toContain("Copied 4 paragraphs as Citation"));
    await key("Escape");
    await waitFor(() => expect(screen.queryByTestId("selection-bar")).toBeNull());
  });

  it("hides a column with Alt+2 and saves the preference; refuses to hide the last one", async () => {
    await started();
    expect(document.querySelectorAll("[data-testid='cell-simplified']")).toHaveLength(4);
    await key("2", { altKey: true, code: "Digit2" });
    await waitFor(() => expect(document.querySelectorAll("[data-testid='cell-simplified']")).toHaveLength(0));
    const saved = last("set_reader_prefs") as { prefs: { columns: { column: string; visible: boolean }[] } };
    expect(saved.prefs.columns.find((c) => c.column === "simplified")?.visible).toBe(false);
    await key("1", { altKey: true, code: "Digit1" });
    await key("3", { altKey: true, code: "Digit3" });
    await waitFor(() => expect(screen.getByTestId("copied-toast").textContent).toContain("At least one column stays visible"));
    expect(document.querySelectorAll("[data-testid='cell-translation']")).toHaveLength(4);
  });

  it("switches the layout with Alt+L (auto → columns → interleaved)", async () => {
    await started();
    const reader = () => screen.getByTestId("reader-scroll");
    expect(reader().dataset.layout).toBe("columns");
    await key("l", { altKey: true, code: "KeyL" });
    await key("l", { altKey: true, code: "KeyL" });
    await waitFor(() => expect(reader().dataset.layout).toBe("interleaved"));
    expect(screen.getByTestId("layout-current").textContent).toBe("Interleaved");
    expect((last("set_reader_prefs") as { prefs: { layout: string } }).prefs.layout).toBe("interleaved");
  });

  it("puts a refused preference back and says why", async () => {
    await started();
    failSavingPrefs = true;
    await key("=", { ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("error-toast").textContent).toContain("disk full"));
    expect(screen.getByTestId("reader-scroll").style.getPropertyValue("--reading-size")).toBe("17px");
  });

  it("exports through the menu and shows where the file went", async () => {
    await started();
    await fireEvent.click(screen.getByTestId("export-menu"));
    await fireEvent.click(screen.getByTestId("export-html"));
    await waitFor(() => expect(last("export_document")).toEqual({ format: "citation", file: "html" }));
    await waitFor(() => expect(screen.getByTestId("copied-toast").textContent).toContain("/home/me/article.md"));
  });

  it("opens the shortcut list with F1 and the settings with Ctrl+,", async () => {
    await started();
    await key("F1");
    await waitFor(() => expect(screen.getByTestId("help-dialog").textContent).toContain("Keyboard shortcuts"));
    await fireEvent.click(screen.getByTestId("help-close"));
    await waitFor(() => expect(screen.queryByTestId("help-dialog")).toBeNull());
    await key(",", { ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("settings-reading")).toBeTruthy());
    expect(screen.getByTestId<HTMLSelectElement>("settings-copy-format").value).toBe("citation");
  });

  it("Done in Settings saves an edited profile address instead of dropping it, and stays open on one it cannot save", async () => {
    const libre = {
      name: "Libre", kind: "libretranslate", baseUrl: "", model: null, temperature: null, systemPrompt: null, stream: false,
      region: null, concurrency: null, requestsPerSecond: null, timeoutSeconds: null, keyPlace: null, proxyPassword: false,
    };
    let stored = {
      profiles: [libre], defaultProfile: "Libre", targetLanguage: "en",
      kinds: [{ kind: "libretranslate", label: "LibreTranslate", needsKey: false, defaultBaseUrl: "https://libretranslate.com", concurrency: 2, requestsPerSecond: 2 }],
      keychain: { state: "available", detail: null }, keyFile: "/k.json", translationChosen: true, offlineOnly: false,
      proxy: { mode: "system" }, proxyPassword: false,
    };
    answers.set("get_translation_settings", () => stored);
    answers.set("find_local_servers", () => []);
    answers.set("save_profile", (args) => {
      const profile = (args as { profile: typeof libre }).profile;
      stored = { ...stored, profiles: [{ ...libre, ...profile }] };
      return stored;
    });
    await started();
    await key(",", { ctrlKey: true });
    const address = await waitFor(() => screen.getByTestId<HTMLInputElement>("profile-base-url"));
    await fireEvent.input(address, { target: { value: "not an address" } });
    await fireEvent.click(screen.getByText("Done"));
    await waitFor(() => expect(screen.getByTestId("settings-error").textContent).toContain("cannot be saved as they are"));
    expect(screen.getByTestId("settings-dialog")).toBeTruthy();
    expect(last("save_profile")).toBeUndefined();
    await fireEvent.input(address, { target: { value: "http://127.0.0.1:5000" } });
    await fireEvent.click(screen.getByText("Done"));
    await waitFor(() => expect(screen.queryByTestId("settings-dialog")).toBeNull());
    expect((last("save_profile") as { profile: { baseUrl: string } }).profile.baseUrl).toBe("http://127.0.0.1:5000");
  });

  it("offers a Traditional article only the conversions that read Traditional, in words rather than codes", async () => {
    await started();
    const picker = screen.getByTestId<HTMLSelectElement>("config-select");
    const options = [...picker.options].map((o) => o.textContent);
    expect(options.slice(0, 6)).toEqual([
      "Auto: Taiwan → Simplified",
      "Taiwan usage → Simplified (tw2sp)",
      "Taiwan Traditional → Simplified (tw2s)",
      "Hong Kong Traditional → Simplified (hk2s)",
      "Hong Kong usage → Simplified (hk2sp)",
      "Traditional → Simplified (t2s)",
    ]);
    expect(options).toHaveLength(11);
    expect(options.some((o) => o?.includes("(s2t"))).toBe(false);
  });

  it("Set up translation opens Settings straight at the provider form, a new profile named by its service", async () => {
    answers.set("get_translation_settings", () => ({
      profiles: [], defaultProfile: null, targetLanguage: "en",
      kinds: [{ kind: "libretranslate", label: "LibreTranslate (self-hosted or libretranslate.com)", needsKey: false, defaultBaseUrl: "https://libretranslate.com", concurrency: 2, requestsPerSecond: 2 }],
      keychain: { state: "available", detail: null }, keyFile: "/k.json", translationChosen: true, offlineOnly: false,
      proxy: { mode: "system" }, proxyPassword: false,
    }));
    answers.set("find_local_servers", () => []);
    await started();
    await fireEvent.click(await waitFor(() => screen.getByTestId("setup-translation")));
    const name = await waitFor(() => screen.getByTestId<HTMLInputElement>("profile-name"));
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(name.value).toBe("LibreTranslate");
  });

  it("finds text in any column with Ctrl+F: 软件 finds the row whose original says 軟體, Enter steps, Esc closes", async () => {
    await started();
    await key("f", { ctrlKey: true });
    const input = await waitFor(() => screen.getByTestId<HTMLInputElement>("find-input"));
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: "软件" } });
    await waitFor(() => expect(screen.getByTestId("find-count").textContent?.trim()).toBe("1 of 1"));
    await fireEvent.input(input, { target: { value: "第" } });
    await waitFor(() => expect(screen.getByTestId("find-count").textContent?.trim()).toBe("1 of 3"));
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(screen.getByTestId("find-count").textContent?.trim()).toBe("2 of 3");
    await fireEvent.keyDown(input, { key: "Enter", shiftKey: true });
    await fireEvent.keyDown(input, { key: "Enter", shiftKey: true });
    expect(screen.getByTestId("find-count").textContent?.trim()).toBe("3 of 3");
    await fireEvent.input(input, { target: { value: "nowhere" } });
    expect(screen.getByTestId("find-count").textContent?.trim()).toBe("No match");
    await fireEvent.keyDown(input, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("find-bar")).toBeNull());
    expect(document.title).toBe("臺灣的軟體 — 对照 Duizhao");
  });

  it.each(["zh-Hans", "zh-Hant"] as const)("shows no English outside the article in %s (main window, Settings, help, library)", async (ui) => {
    answers.set("get_reader_prefs", () => ({
      columns: [
        { column: "original", visible: true },
        { column: "simplified", visible: true },
        { column: "translation", visible: true },
      ],
      layout: "auto", theme: "dark", fontFamily: "", fontSize: 17, copyFormat: "citation", uiLanguage: ui,
    }));
    answers.set("get_translation_settings", () => ({
      profiles: [{ name: "DeepL", kind: "deepl", baseUrl: "", model: null, temperature: null, systemPrompt: null, stream: false,
        region: null, concurrency: null, requestsPerSecond: null, timeoutSeconds: null, keyPlace: null, proxyPassword: false }],
      defaultProfile: "DeepL", targetLanguage: "en",
      kinds: [{ kind: "deepl", label: "DeepL", needsKey: true, defaultBaseUrl: "https://api-free.deepl.com", concurrency: 2, requestsPerSecond: 5 }],
      keychain: { state: "unavailable", detail: "zbus error: no bus" }, keyFile: "/k.json", translationChosen: true, offlineOnly: false,
      proxy: { mode: "system" }, proxyPassword: false,
    }));
    answers.set("find_local_servers", () => []);
    await started();
    await waitFor(() => expect(document.documentElement.lang).toBe(ui));
    // The target languages are named in the interface's language, so they are in its lang too.
    const targets = [...screen.getByTestId<HTMLSelectElement>("target-select").options];
    expect(targets.find((o) => o.value === "ja")?.textContent).toMatch(ui === "zh-Hans" ? /^日语$/ : /^日[語文]$/);
    expect(targets.every((o) => !o.hasAttribute("lang"))).toBe(true);
    // Words a Chinese reader may see untranslated: names of things, formats, keycaps (Home, End,
    // Delete), and the article's own text.
    const allowed = new Set(["deepl", "csv", "tsv", "utf", "big5", "opencc", "duizhao", "enter", "shift", "esc", "ctrl", "cmd", "alt", "api", "url",
      "english", "tw2sp", "key", "json", "txt", "html", "epub", "docx", "markdown", "libretranslate", "ollama", "http", "https", "socks5",
      "word", "sample", "hant", "hans", "studio", "llama", "cpp", "linux", "gnome", "keyring", "kwallet", "noto", "serif", "cjk",
      "free", "com", "home", "end", "delete"]);
    const englishIn = (root: Element) => {
      const found = new Set<string>();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        // The article and the profiles' own names are user content.
        if (el?.closest("[data-cell-text], [data-testid='doc-title'], .name, code, details")) continue;
        for (const word of node.textContent?.match(/[A-Za-z]{3,}/g) ?? []) if (!allowed.has(word.toLowerCase())) found.add(word);
      }
      for (const el of root.querySelectorAll<HTMLElement>("[title], [aria-label], [placeholder]")) {
        for (const attr of ["title", "aria-label", "placeholder"]) {
          for (const word of el.getAttribute(attr)?.match(/[A-Za-z]{3,}/g) ?? []) if (!allowed.has(word.toLowerCase())) found.add(`${attr}:${word}`);
        }
      }
      return [...found];
    };
    expect(englishIn(document.body)).toEqual([]);
    await key(",", { ctrlKey: true });
    const dialog = await waitFor(() => screen.getByTestId("settings-dialog"));
    await waitFor(() => expect(screen.getByTestId("profile-name")).toBeTruthy());
    expect(englishIn(dialog)).toEqual([]);
    // The help overlay and the library (an entry's own title and file name are user content).
    await fireEvent.click(screen.getByTestId("settings-close"));
    await waitFor(() => expect(screen.queryByTestId("settings-dialog")).toBeNull());
    await key("F1");
    expect(englishIn(await waitFor(() => screen.getByTestId("help-dialog")))).toEqual([]);
    await fireEvent.click(screen.getByTestId("help-close"));
    await waitFor(() => expect(screen.queryByTestId("help-dialog")).toBeNull());
    answers.set("library_list", () => [
      { id: "e1", title: "舊文章", source: "/docs/old.txt", url: null, format: "text", config: null, profile: "DeepL", target: "en",
        openedAt: Date.now() - 60_000, addedAt: Date.now() - 60_000, blocks: 2, translated: 1 },
    ]);
    await key("o", { ctrlKey: true, shiftKey: true });
    const library = await waitFor(() => screen.getByTestId("library-panel"));
    await waitFor(() => expect(screen.getAllByTestId("library-entry")).toHaveLength(1));
    const entry = screen.getByTestId("library-entry");
    const userContent = ["舊文章", "old.txt", "/docs/old.txt"];
    expect(englishIn(library).filter((w) => !userContent.some((u) => u.includes(w.replace(/^[a-z-]+:/, ""))))).toEqual([]);
    expect(entry.textContent).toContain("舊文章");
  });

  it("saves 'citations quote the original' from Reading settings", async () => {
    await started();
    await key(",", { ctrlKey: true });
    const box = await waitFor(() => screen.getByTestId<HTMLInputElement>("settings-citation-original"));
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    await waitFor(() =>
      expect((last("set_reader_prefs") as { prefs: { citationWithOriginal: boolean } }).prefs.citationWithOriginal).toBe(true),
    );
  });

  it("reopens a library entry with Ctrl+Shift+O: all three columns at once, no translation request", async () => {
    await started();
    const stored = { ...sample(), title: "舊文章", blocks: sample().blocks.slice(0, 2) };
    answers.set("library_list", () => [
      {
        id: "e1",
        title: "舊文章",
        source: "/docs/old.txt",
        url: null,
        format: "text",
        config: null,
        profile: null,
        target: "en",
        openedAt: Date.now() - 60_000,
        addedAt: Date.now() - 60_000,
        blocks: 2,
        translated: 2,
      },
    ]);
    answers.set("library_open", () => ({
      article: stored,
      translations: { b0: "Taiwan's software", b1: "Paragraph one" },
      profile: null,
      target: "en",
    }));
    await key("O", { ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(screen.getAllByTestId("library-entry")).toHaveLength(1));
    // Keys inside the panel do not reach the reader behind it.
    await key("j");
    expect(screen.queryByTestId("selection-bar")).toBeNull();
    await fireEvent.click(screen.getByTestId("library-open"));
    await waitFor(() => expect(screen.getByTestId("doc-title").textContent).toBe("舊文章"));
    await waitFor(() =>
      expect([...document.querySelectorAll("[data-testid='cell-translation']")].map((c) => c.textContent?.trim())).toEqual([
        "Taiwan's software",
        "Paragraph one",
      ]),
    );
    expect(last("library_open")).toEqual({ id: "e1" });
    expect(calls.some(([cmd]) => cmd === "translate_document")).toBe(false);
    await waitFor(() => expect(screen.queryByTestId("library-panel")).toBeNull());
  });

  it("opens the library from the toolbar button", async () => {
    await started();
    answers.set("library_list", () => []);
    await fireEvent.click(screen.getByTestId("open-library"));
    await waitFor(() => expect(screen.getByTestId("library-empty")).toBeTruthy());
  });

  it("shows the early document once the stored preferences are in, drawn with them, asking for neither again", async () => {
    let prefsRead!: (prefs: unknown) => void;
    early.open = Promise.resolve(sample());
    early.prefs = new Promise((resolve) => (prefsRead = resolve));
    render(App);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryAllByTestId("row")).toHaveLength(0);
    prefsRead({
      columns: [
        { column: "original", visible: true },
        { column: "simplified", visible: true },
        { column: "translation", visible: true },
      ],
      layout: "auto", theme: "dark", fontFamily: "", fontSize: 23, copyFormat: "citation", uiLanguage: "system",
    });
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(4));
    expect(screen.getByTestId("reader-scroll").style.getPropertyValue("--reading-size")).toBe("23px");
    expect(calls.map(([cmd]) => cmd)).not.toContain("get_reader_prefs");
    expect(calls.map(([cmd]) => cmd).filter((cmd) => cmd === "open_sample" || cmd === "launch_path")).toEqual([]);
  });

  it("opens a web page from the address popover, saying it is fetching meanwhile", async () => {
    await started();
    let finish!: (a: unknown) => void;
    answers.set("open_url", () => new Promise((r) => (finish = r)));
    await key("l", { ctrlKey: true });
    const input = await waitFor(() => screen.getByTestId<HTMLInputElement>("url-input"));
    await fireEvent.input(input, { target: { value: "example.com/news" } });
    await fireEvent.click(screen.getByTestId("url-open"));
    await waitFor(() => expect(screen.getByTestId("opening").textContent).toContain("Fetching page"));
    expect(screen.getByTestId("url-progress")).toBeTruthy();
    // The document shown before stays, complete, while the page is fetched.
    expect(screen.getByTestId("doc-title").textContent).toBe("臺灣的軟體");
    // Asked for once the document before has its rest (asked for after its first paint).
    await waitFor(() => expect(last("open_url")).toEqual({ url: "https://example.com/news", config: undefined }));
    finish({ ...sample(), title: "新聞", source: "https://example.com/news" });
    await waitFor(() => expect(screen.getByTestId("doc-title").textContent).toBe("新聞"));
    await waitFor(() => expect(screen.queryByTestId("opening")).toBeNull());
    await waitFor(() => expect(screen.queryByTestId("open-url-panel")).toBeNull());
  });

  it("shows a failed fetch next to the address and keeps the document", async () => {
    await started();
    answers.set("open_url", () => Promise.reject({ kind: "http_status", message: "The server answered 404 Not Found." }));
    await fireEvent.click(screen.getByTestId("open-url-button"));
    const input = await waitFor(() => screen.getByTestId<HTMLInputElement>("url-input"));
    await fireEvent.input(input, { target: { value: "https://example.com/missing" } });
    await fireEvent.click(screen.getByTestId("url-open"));
    await waitFor(() => expect(screen.getByTestId("url-error").textContent).toContain("404"));
    expect(screen.getByTestId("doc-title").textContent).toBe("臺灣的軟體");
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });

  it("opens a pasted web address as a page; a failure goes to the banner with its kind", async () => {
    await started();
    answers.set("open_url", () => Promise.reject({ kind: "timeout", message: "No answer within 20 s." }));
    const paste = new Event("paste", { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(paste, "clipboardData", { value: { getData: () => "  https://example.com/a  " } });
    window.dispatchEvent(paste);
    await waitFor(() => expect(screen.getByTestId("error-banner").dataset.kind).toBe("timeout"));
    expect(screen.getByTestId("error-banner").textContent).toContain("The site took too long to answer");
    expect(last("open_url")).toEqual({ url: "https://example.com/a", config: undefined });
    expect(calls.some(([cmd]) => cmd === "open_text")).toBe(false);
    expect(screen.getByTestId("doc-title").textContent).toBe("臺灣的軟體");
  });

  it("shows a page's byline, date and host without a link, and goes to a chapter from the Chapters menu", async () => {
    await started();
    answers.set("open_url", () => ({
      ...sample(),
      title: "電子書",
      format: "epub",
      meta: { url: "https://www.example.com.tw/books/1", byline: "張三", published: "2024-03-01" },
      chapters: [
        { title: "第一章", firstBlock: 0 },
        { title: "第三章", firstBlock: 3 },
      ],
    }));
    await key("l", { ctrlKey: true });
    const input = await waitFor(() => screen.getByTestId<HTMLInputElement>("url-input"));
    await fireEvent.input(input, { target: { value: "https://www.example.com.tw/books/1" } });
    await fireEvent.click(screen.getByTestId("url-open"));
    await waitFor(() => expect(screen.getByTestId("doc-title").textContent).toBe("電子書"));
    expect(screen.getByTestId("doc-format").textContent).toBe("EPUB");
    expect(screen.getByTestId("doc-byline").textContent).toBe("By 張三");
    expect(screen.getByTestId("doc-published").textContent).toContain("2024-03-01");
    const host = screen.getByTestId("doc-host");
    expect(host.textContent).toBe("example.com.tw");
    // Never a link: nothing in the toolbar navigates.
    expect(host.closest("a")).toBeNull();
    expect(screen.getByTestId("toolbar").querySelector("a[href]")).toBeNull();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await fireEvent.click(screen.getByTestId("copy-address"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("https://www.example.com.tw/books/1"));
    await waitFor(() => expect(screen.getByTestId("copied-toast").textContent).toContain("Address copied"));

    await fireEvent.click(screen.getByTestId("chapters-menu"));
    const items = await waitFor(() => screen.getAllByTestId("chapter-item"));
    expect(items.map((i) => i.textContent)).toEqual(["第一章", "第三章"]);
    await fireEvent.click(items[1]);
    await waitFor(() => expect(screen.getByTestId("selection-bar").textContent).toContain("1 row selected"));
    const rows = screen.getAllByTestId("row");
    expect(rows[3].getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(document.activeElement).toBe(rows[3]));
    // j continues from the chapter's row.
    await key("k");
    await waitFor(() => expect(screen.getAllByTestId("row")[2].getAttribute("aria-selected")).toBe("true"));
  });

  it("has no Chapters menu for a document without chapters", async () => {
    await started();
    expect(screen.queryByTestId("chapters-menu")).toBeNull();
    expect(screen.queryByTestId("doc-byline")).toBeNull();
    expect(screen.queryByTestId("doc-host")).toBeNull();
  });

  it("switches the interface to Traditional Chinese from Reading settings; the columns keep their lang tags", async () => {
    await started();
    const header = () => screen.getByTestId("column-header-translation");
    const langs = () => [...document.querySelectorAll("[data-testid^='column-header-'] [lang]")].map((e) => e.getAttribute("lang"));
    const before = langs();
    expect(screen.getByTestId("translate").textContent).toBe("Translate");
    expect(header().textContent).toContain("Translation");
    expect(screen.getByTestId("open-file").textContent).toBe("Open file…");
    await key(",", { ctrlKey: true });
    const picker = await waitFor(() => screen.getByTestId<HTMLSelectElement>("settings-ui-language"));
    expect([...picker.options].map((o) => o.value)).toEqual(["system", "en", "zh-Hans", "zh-Hant"]);
    expect(picker.options[0].textContent).toContain("English");
    await fireEvent.change(picker, { target: { value: "zh-Hant" } });
    await waitFor(() => expect(screen.getByTestId("translate").textContent).toBe("翻譯"));
    expect((last("set_reader_prefs") as { prefs: { uiLanguage: string } }).prefs.uiLanguage).toBe("zh-Hant");
    expect(header().textContent).toContain("譯文");
    expect(screen.getByTestId("column-header-original").textContent).toContain("原文");
    expect(screen.getByTestId("open-file").textContent).toBe("開啟檔案…");
    expect(screen.getByTestId("settings-reading").textContent).toContain("介面語言");
    expect(document.documentElement.lang).toBe("zh-Hant");
    // The reading columns' language tags do not follow the interface.
    expect(langs()).toEqual(before);
    expect(screen.getAllByTestId("row")[0].querySelector("[data-testid='cell-original']")?.getAttribute("lang")).toBe("zh-Hant-TW");
  });

  it("starts in the stored interface language (Simplified Chinese)", async () => {
    answers.set("get_reader_prefs", () => ({
      columns: [
        { column: "original", visible: true },
        { column: "simplified", visible: true },
        { column: "translation", visible: true },
      ],
      layout: "auto",
      theme: "dark",
      fontFamily: "",
      fontSize: 17,
      copyFormat: "citation",
      uiLanguage: "zh-Hans",
    }));
    await started();
    await waitFor(() => expect(screen.getByTestId("translate").textContent).toBe("翻译"));
    expect(screen.getByTestId("column-header-translation").textContent).toContain("译文");
    expect(screen.getByTestId("open-library").textContent).toBe("文库");
    const pending = document.querySelector("[data-testid='cell-translation'] .pending");
    expect(pending?.textContent).toBe("尚未翻译");
    expect(pending?.getAttribute("lang")).toBe("zh-Hans");
    await key("j");
    await waitFor(() => expect(screen.getByTestId("selection-bar").textContent).toContain("已选择 1 行"));
  });
});
