// @vitest-environment jsdom
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Article, LibraryEntry, Reopened } from "../ipc";
import { setLocale } from "../i18n/i18n.svelte";
import LibraryPanel from "./LibraryPanel.svelte";
import type { LibraryApi } from "./library";

const NOW = new Date(2026, 10, 29, 12, 0).getTime();

function entry(id: string, title: string, extra: Partial<LibraryEntry> = {}): LibraryEntry {
  return {
    id,
    title,
    source: `/docs/${id}.md`,
    url: null,
    format: "markdown",
    config: null,
    profile: null,
    target: null,
    openedAt: NOW - 5 * 60_000,
    addedAt: NOW - 5 * 60_000,
    blocks: 10,
    translated: 0,
    ...extra,
  };
}

const article = { title: "臺灣的夜市", blocks: [] } as unknown as Article;

/** A fake shell library: searching by title (also "汉" for "漢", as the shell's cross-script search does). */
function fakeApi(initial: LibraryEntry[]) {
  let stored = [...initial];
  const api = {
    libraryList: vi.fn(async (query: string) =>
      stored.filter((e) => query === "" || e.title.includes(query) || (query === "汉" && e.title.includes("漢"))),
    ),
    libraryOpen: vi.fn(async (_id: string): Promise<Reopened> => ({
      article,
      translations: { b1: "Night market" },
      engines: {},
      profile: "DeepL",
      target: "en",
      machine: {},
      compare: {},
      compareEngines: {},
      compareProfile: null,
    })),
    libraryRemove: vi.fn(async (id: string) => {
      const before = stored.length;
      stored = stored.filter((e) => e.id !== id);
      return stored.length < before;
    }),
    libraryRename: vi.fn(async (id: string, title: string) => {
      stored = stored.map((e) => (e.id === id ? { ...e, title: title.trim() || e.title } : e));
      return { entry: stored.find((e) => e.id === id)!, current: id === "a" };
    }),
  } satisfies LibraryApi;
  return api;
}

const three = () => [
  entry("a", "臺灣的夜市", {
    url: "https://www.example.com.tw/news/123",
    source: "https://www.example.com.tw/news/123",
    profile: "DeepL",
    target: "en",
    translated: 4,
  }),
  entry("b", "漢字的故事", { config: "tw2sp", source: "clipboard" }),
  entry("c", "香港茶餐廳", { openedAt: NOW - 3 * 24 * 3600_000 }),
];

async function renderPanel(entries: LibraryEntry[], extra: Record<string, unknown> = {}) {
  const api = fakeApi(entries);
  const onclose = vi.fn();
  const onopened = vi.fn();
  const onrenamed = vi.fn();
  const result = render(LibraryPanel, { open: true, onclose, onopened, onrenamed, api, now: () => NOW, searchDelayMs: 10, ...extra });
  await vi.waitFor(() => expect(api.libraryList).toHaveBeenCalled());
  await vi.waitFor(() => expect(screen.queryByText("Loading…")).toBeNull());
  return { api, onclose, onopened, onrenamed, ...result };
}

const ids = () => screen.queryAllByTestId("library-entry").map((li) => li.getAttribute("data-id"));
const focusedId = () => (document.activeElement?.closest("[data-testid='library-entry']") as HTMLElement | null)?.dataset.id;

afterEach(() => setLocale("en"));

describe("LibraryPanel", () => {
  it("renders nothing while closed", () => {
    render(LibraryPanel, { open: false, onclose: () => {}, onopened: () => {}, api: fakeApi([]) });
    expect(screen.queryByTestId("library-panel")).toBeNull();
  });

  it("lists entries with short source, relative date, conversion and progress", async () => {
    await renderPanel(three());
    const panel = screen.getByTestId("library-panel");
    expect(panel.getAttribute("aria-modal")).toBe("true");
    expect(ids()).toEqual(["a", "b", "c"]);
    const [a, b, c] = screen.getAllByTestId("library-entry").map((li) => li.textContent ?? "");
    expect(a).toContain("臺灣的夜市");
    expect(a).toContain("example.com.tw/news/123");
    expect(a).toContain("5 minutes ago");
    expect(a).toContain("Conversion: auto");
    expect(a).toContain("DeepL → English · 4 of 10 translated");
    expect(b).toContain("Clipboard");
    expect(b).toContain("Conversion: tw2sp");
    expect(b).toContain("Not translated");
    expect(c).toContain("c.md");
    expect(c).toContain("3 days ago");
    // The search field has the focus.
    expect(document.activeElement).toBe(screen.getByTestId("library-search"));
  });

  it("shows the empty state", async () => {
    await renderPanel([]);
    expect(screen.getByTestId("library-empty").textContent).toBe(
      "No documents yet — open a file, a web page or paste text",
    );
  });

  it("filters at once, then takes the shell's answer (which matches the other script too)", async () => {
    const { api } = await renderPanel(three());
    const search = screen.getByTestId("library-search");
    await fireEvent.input(search, { target: { value: "茶" } });
    expect(ids()).toEqual(["c"]);
    await vi.waitFor(() => expect(api.libraryList).toHaveBeenLastCalledWith("茶"));
    await fireEvent.input(search, { target: { value: "汉" } });
    await vi.waitFor(() => expect(api.libraryList).toHaveBeenLastCalledWith("汉"));
    await vi.waitFor(() => expect(ids()).toEqual(["b"]));
  });

  it("says when nothing matches", async () => {
    await renderPanel(three());
    await fireEvent.input(screen.getByTestId("library-search"), { target: { value: "東京" } });
    await vi.waitFor(() => expect(screen.getByTestId("library-no-results").textContent).toBe("No titles match “東京”."));
  });

  it("opens an entry on click, hands over what the shell returned and closes", async () => {
    const { api, onopened, onclose } = await renderPanel(three());
    await fireEvent.click(screen.getAllByTestId("library-open")[1]);
    await vi.waitFor(() => expect(onopened).toHaveBeenCalled());
    expect(api.libraryOpen).toHaveBeenCalledWith("b");
    expect(onopened.mock.calls[0][0]).toMatchObject({ article, translations: { b1: "Night market" } });
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it("shows why an entry could not be opened, and stays open", async () => {
    const { api, onopened, onclose } = await renderPanel(three());
    api.libraryOpen.mockRejectedValueOnce({ kind: "not_found", message: "No library entry b." });
    await fireEvent.click(screen.getAllByTestId("library-open")[1]);
    await vi.waitFor(() => expect(screen.getByTestId("library-error").textContent).toContain("No library entry b."));
    expect(screen.getByTestId("library-error").textContent).toContain("The document could not be reopened");
    expect(onopened).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();
  });

  it("removes an entry without asking and refreshes the list", async () => {
    const { api } = await renderPanel(three());
    const remove = screen.getAllByTestId("library-remove")[0];
    expect(remove.getAttribute("aria-label")).toBe("Remove “臺灣的夜市” from the library");
    await fireEvent.click(remove);
    expect(ids()).toEqual(["b", "c"]);
    await vi.waitFor(() => expect(api.libraryRemove).toHaveBeenCalledWith("a"));
    await vi.waitFor(() => expect(api.libraryList).toHaveBeenCalledTimes(2));
    expect(ids()).toEqual(["b", "c"]);
    expect(screen.getByTestId("library-status").textContent).toBe("Removed “臺灣的夜市” from the library.");
  });

  it("moves with the arrow keys, opens with Enter from the search, removes with Delete, closes with Escape", async () => {
    const { api, onopened, onclose } = await renderPanel(three());
    const search = screen.getByTestId("library-search");
    await fireEvent.keyDown(search, { key: "ArrowDown" });
    await vi.waitFor(() => expect(focusedId()).toBe("a"));
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    await vi.waitFor(() => expect(focusedId()).toBe("b"));
    await fireEvent.keyDown(document.activeElement!, { key: "End" });
    await vi.waitFor(() => expect(focusedId()).toBe("c"));
    await fireEvent.keyDown(document.activeElement!, { key: "Home" });
    await vi.waitFor(() => expect(focusedId()).toBe("a"));
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    expect(document.activeElement).toBe(search);

    // Backspace on an entry goes back to the search; it never removes anything.
    await fireEvent.keyDown(search, { key: "ArrowDown" });
    await vi.waitFor(() => expect(focusedId()).toBe("a"));
    await fireEvent.keyDown(document.activeElement!, { key: "Backspace" });
    expect(document.activeElement).toBe(search);
    expect(api.libraryRemove).not.toHaveBeenCalled();

    // Delete on an entry removes it; focus goes to the next one.
    await fireEvent.keyDown(search, { key: "ArrowDown" });
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    await vi.waitFor(() => expect(focusedId()).toBe("b"));
    await fireEvent.keyDown(document.activeElement!, { key: "Delete" });
    await vi.waitFor(() => expect(api.libraryRemove).toHaveBeenCalledWith("b"));
    await vi.waitFor(() => expect(focusedId()).toBe("c"));
    expect(onopened).not.toHaveBeenCalled();

    // Enter in the search opens the first entry.
    await fireEvent.keyDown(search, { key: "Enter" });
    await vi.waitFor(() => expect(api.libraryOpen).toHaveBeenCalledWith("a"));
    await vi.waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));

    onclose.mockClear();
    await fireEvent.keyDown(screen.getByTestId("library-panel"), { key: "Escape" });
    // Already closing after the open: the panel reports one close only.
    expect(onclose).toHaveBeenCalledTimes(0);
  });

  it("closes with Escape and with the close button", async () => {
    const { onclose } = await renderPanel(three());
    await fireEvent.keyDown(screen.getByTestId("library-search"), { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(1);
    const other = await renderPanel(three());
    await fireEvent.click(screen.getAllByTestId("library-close")[1]);
    expect(other.onclose).toHaveBeenCalledTimes(1);
  });

  it("keeps its keys from the window's shortcuts", async () => {
    await renderPanel(three());
    const onWindowKey = vi.fn();
    window.addEventListener("keydown", onWindowKey);
    try {
      await fireEvent.keyDown(screen.getByTestId("library-search"), { key: "a", ctrlKey: true });
      expect(onWindowKey).not.toHaveBeenCalled();
    } finally {
      window.removeEventListener("keydown", onWindowKey);
    }
  });

  it("speaks the UI language", async () => {
    setLocale("zh-Hant");
    await renderPanel([]);
    expect(screen.getByTestId("library-empty").textContent).toBe("還沒有文件——開啟檔案、網頁或貼上文字");
    expect(screen.getByTestId("library-search").getAttribute("placeholder")).toBe("搜尋標題…");
  });

  it("renames an entry in place: Enter saves, Escape keeps the old title, and the open document hears of it", async () => {
    const { api, onrenamed } = await renderPanel(three());
    const rename = () => screen.getAllByTestId("library-rename")[0];
    await fireEvent.click(rename());
    const field = screen.getByTestId<HTMLInputElement>("library-rename-input");
    expect(document.activeElement).toBe(field);
    expect(field.value).toBe("臺灣的夜市");
    await fireEvent.input(field, { target: { value: "士林夜市 採訪筆記" } });
    await fireEvent.keyDown(field, { key: "Enter" });
    await vi.waitFor(() => expect(api.libraryRename).toHaveBeenCalledWith("a", "士林夜市 採訪筆記"));
    await vi.waitFor(() => expect(screen.getAllByTestId("library-entry")[0].textContent).toContain("士林夜市 採訪筆記"));
    expect(onrenamed).toHaveBeenCalledWith(expect.objectContaining({ id: "a", title: "士林夜市 採訪筆記" }), true);
    await fireEvent.click(rename());
    const again = screen.getByTestId<HTMLInputElement>("library-rename-input");
    await fireEvent.input(again, { target: { value: "never saved" } });
    await fireEvent.keyDown(again, { key: "Escape" });
    expect(api.libraryRename).toHaveBeenCalledTimes(1);
    expect(screen.getAllByTestId("library-entry")[0].textContent).toContain("士林夜市 採訪筆記");
    // The panel is still open: Escape in the field only cancels the rename.
    expect(screen.getByTestId("library-panel")).toBeTruthy();
  });
});
