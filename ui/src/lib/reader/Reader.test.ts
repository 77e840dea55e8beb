// @vitest-environment jsdom
// The reader as a component: only rows near the viewport are drawn however long the document,
// every visible column is drawn in the user's order with its language, and the layout switches
// between side-by-side columns and interleaved cells.
import { render } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { tick } from "svelte";
import type { Article, ArticleBlock, Column } from "../ipc";
import { emptySelection } from "../selection/selection";
import Reader from "./Reader.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import { testArticle } from "../testing/article";

function article(n: number): Article {
  const blocks: ArticleBlock[] = Array.from({ length: n }, (_, i) => ({
    id: `b${i}`,
    kind: "paragraph",
    level: 0,
    text: `第${i}段：臺灣的軟體。`,
    simplified: `第${i}段：台湾的软件。`,
    changes: [],
  }));
  return testArticle(blocks, { source: "clipboard", region: "hong_kong", config: "hk2s" });
}

function props(overrides: Record<string, unknown> = {}) {
  return {
    article: article(5),
    selection: emptySelection,
    translations: new Map(),
    targetLang: "ja",
    canRetry: true,
    copiedKey: null,
    columns: ["original", "simplified", "translation"] as Column[],
    layout: "columns" as const,
    fontSize: 17,
    fontFamily: "",
    onselect: vi.fn(),
    oncopy: vi.fn(),
    onretry: vi.fn(),
    compare: new Map(),
    compareName: "Claude",
    canRetryCompare: true,
    canEdit: true,
    onretrycompare: vi.fn(),
    onedit: vi.fn(async () => null),
    onrevert: vi.fn(),
    onretranslate: vi.fn(),
    onaddterm: vi.fn(),
    ...overrides,
  };
}

const rows = (c: HTMLElement) => [...c.querySelectorAll<HTMLElement>("[data-testid='row']")];

describe("Reader", () => {
  it("shows a shorter new document in place of the old one (no stale rows)", async () => {
    const view = render(Reader, props({ article: article(9) }));
    await tick();
    expect(rows(view.container)).toHaveLength(9);
    const next = { ...article(2), title: "新文件" };
    next.blocks = next.blocks.map((b, i) => ({ ...b, id: `n${i}`, text: `新的第${i}段。` }));
    await view.rerender(props({ article: next }));
    await tick();
    const shown = rows(view.container);
    expect(shown).toHaveLength(2);
    expect(shown[1].textContent).toContain("新的第1段。");
  });

  it("numbers paragraphs in the gutter as citations do: not the title row, not images", async () => {
    setLocale("en");
    const base = article(4);
    const blocks: ArticleBlock[] = [
      { ...base.blocks[0], kind: "heading", level: 1, text: "標題" },
      { ...base.blocks[1], kind: "image", text: "![照片](a.jpg)" },
      base.blocks[2],
      { ...base.blocks[3], kind: "heading", level: 2, text: "小標" },
    ];
    const { container } = render(Reader, props({ article: { ...base, title: "標題", blocks } }));
    await tick();
    const gutters = rows(container).map((r) => r.querySelector<HTMLElement>("[data-testid='gutter']")!);
    expect(gutters.map((g) => g.textContent)).toEqual(["", "", "1", "2"]);
    expect(gutters.map((g) => g.getAttribute("aria-label"))).toEqual(["Title", "Image", "Row 1", "Row 2"]);
    expect(rows(container)[2].querySelector("[data-testid='copy-original']")?.getAttribute("aria-label")).toBe("Copy original of Row 1");
  });

  it("draws only the rows near the viewport of a long document", async () => {
    const { container } = render(Reader, props({ article: article(5000) }));
    await tick();
    const drawn = rows(container);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(80);
    expect(drawn[0].getAttribute("aria-rowindex")).toBe("2");
    const grid = container.querySelector("[role='grid']")!;
    expect(grid.getAttribute("aria-rowcount")).toBe("5001");
    // The rows not drawn are stood for by padding, so the scroll range is the whole document's.
    const group = container.querySelector<HTMLElement>("[role='rowgroup']")!;
    expect(parseFloat(group.style.paddingBottom)).toBeGreaterThan(100_000);
  });

  it("draws a new document's first screen alone, and the rows around it once it is painted", async () => {
    const { container } = render(Reader, props({ article: article(5000) }));
    await tick();
    const first = rows(container).length;
    expect(first).toBeGreaterThan(0);
    // A frame, then a task after it: the margins of a screen above and below follow.
    await vi.waitFor(() => expect(rows(container).length).toBeGreaterThan(first));
    await tick();
    const after = rows(container).length;
    expect(after).toBeGreaterThan(first);
    expect(after).toBeLessThan(80);
  });

  it("draws the visible columns in the user's order, each with its language", async () => {
    const { container } = render(Reader, props({ columns: ["translation", "original"] }));
    await tick();
    const cells = [...rows(container)[0].querySelectorAll<HTMLElement>("[role='gridcell']")];
    expect(cells.map((c) => c.dataset.column)).toEqual(["translation", "original"]);
    expect(cells.map((c) => c.lang)).toEqual(["ja", "zh-Hant-HK"]);
    const elements = [...container.querySelectorAll<HTMLElement>("[role='columnheader']")];
    const headers = elements.map((h) => h.textContent ?? "");
    expect(headers).toHaveLength(3);
    expect(headers[1]).toContain("Translation");
    // The language tag is for hovering, not read in the header's text.
    expect(headers[2]).not.toContain("zh-Hant-HK");
    expect(elements[2].title).toBe("Language tag: zh-Hant-HK");
    expect(container.querySelector("[data-testid='cell-simplified']")).toBeNull();
  });

  it("names the converted column by what it holds, and never says the same word twice", async () => {
    const simplifiedToTraditional = testArticle(article(2).blocks, { script: "simplified", region: null, config: "s2twp" });
    const view = render(Reader, props({ article: simplifiedToTraditional }));
    await tick();
    const header = () => view.container.querySelector<HTMLElement>("[data-testid='column-header-simplified']")!;
    expect(header().textContent?.replace(/\s+/g, " ").trim()).toBe("Traditional 繁體");
    expect(header().dataset.lang).toBe("zh-Hant");
    expect(view.container.querySelector<HTMLElement>("[data-testid='cell-simplified']")!.lang).toBe("zh-Hant");
    setLocale("zh-Hans");
    await view.rerender(props({ article: article(2) }));
    await tick();
    // 简体 · 简体 once read so: the script is said once.
    expect(header().textContent?.replace(/\s+/g, " ").trim()).toBe("简体");
    setLocale("en");
  });

  it("switches to interleaved cells, labelled, without the header row", async () => {
    const view = render(Reader, props());
    await tick();
    const grid = view.container.querySelector<HTMLElement>("[data-testid='reader-scroll']")!;
    expect(grid.dataset.layout).toBe("columns");
    expect(view.container.querySelector("[role='columnheader']")).not.toBeNull();
    await view.rerender(props({ layout: "interleaved" }));
    await tick();
    expect(grid.dataset.layout).toBe("interleaved");
    expect(view.container.querySelector("[role='columnheader']")).toBeNull();
    const cells = [...rows(view.container)[0].querySelectorAll<HTMLElement>("[role='gridcell']")];
    expect(cells.map((c) => c.dataset.label)).toEqual([
      "Original · 繁體",
      "Simplified · 简体",
      "Translation · 日本語",
    ]);
    // The label is generated content: the cell's text is the block's text only.
    expect(cells[1].textContent?.trim()).toBe("第0段：台湾的软件。");
  });

  it("puts each column's font stack, the user's family first, and the size on the reader", async () => {
    const { container } = render(Reader, props({ fontFamily: "LXGW WenKai", fontSize: 20 }));
    await tick();
    const grid = container.querySelector<HTMLElement>("[data-testid='reader-scroll']")!;
    expect(grid.style.getPropertyValue("--reading-size")).toBe("20px");
    expect(grid.style.getPropertyValue("--font-original")).toMatch(/^"LXGW WenKai", "Noto Serif CJK HK"/);
    expect(grid.style.getPropertyValue("--font-simplified")).toMatch(/^"LXGW WenKai", "Noto Serif CJK SC"/);
    expect(grid.style.getPropertyValue("--font-translation")).toMatch(/^"LXGW WenKai", "Noto Serif CJK JP"/);
  });

  it("reports clicks with their modifiers, and shows the selection on the rows", async () => {
    const onselect = vi.fn();
    const view = render(Reader, props({ onselect }));
    await tick();
    const [, second, third] = rows(view.container);
    second.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    third.dispatchEvent(new MouseEvent("click", { bubbles: true, shiftKey: true }));
    third.dispatchEvent(new MouseEvent("click", { bubbles: true, ctrlKey: true }));
    expect(onselect.mock.calls).toEqual([
      ["b1", { extend: false, toggle: false }],
      ["b2", { extend: true, toggle: false }],
      ["b2", { extend: false, toggle: true }],
    ]);
    await view.rerender(props({ onselect, selection: { ids: new Set(["b1", "b2"]), anchor: "b1" } }));
    await tick();
    expect(rows(view.container).map((r) => r.getAttribute("aria-selected"))).toEqual(["false", "true", "true", "false", "false"]);
  });

  it("does not select a row when a click ends a drag (a text selection)", async () => {
    const onselect = vi.fn();
    const { container } = render(Reader, props({ onselect }));
    await tick();
    const row = rows(container)[1];
    row.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, clientX: 10, clientY: 10 }));
    row.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: 160, clientY: 60 }));
    expect(onselect).not.toHaveBeenCalled();
  });

  it("keeps text selection inside the column the drag started in", async () => {
    const { container } = render(Reader, props());
    await tick();
    const cell = rows(container)[0].querySelector<HTMLElement>("[data-column='translation']")!;
    cell.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, button: 0 }));
    await tick();
    const unselectable = [...rows(container)[2].querySelectorAll<HTMLElement>(".cell.unselectable")].map((c) => c.dataset.column);
    expect(unselectable).toEqual(["original", "simplified"]);
  });

  it("moves the cursor with select, extend and focus-only modes, past the rows drawn", async () => {
    const onselect = vi.fn();
    const view = render(Reader, props({ article: article(3000), onselect }));
    await tick();
    const reader = view.component as unknown as { move: (d: string, m?: string) => void };
    reader.move("next");
    expect(onselect).toHaveBeenLastCalledWith("b0", {});
    reader.move("next");
    expect(onselect).toHaveBeenLastCalledWith("b1", {});
    reader.move("next", "extend");
    expect(onselect).toHaveBeenLastCalledWith("b2", { extend: true });
    reader.move("last");
    expect(onselect).toHaveBeenLastCalledWith("b2999", {});
    await new Promise((r) => setTimeout(r, 50));
    const grid = view.container.querySelector<HTMLElement>("[data-testid='reader-scroll']")!;
    // The last row is drawn now (the window moved to the end of the document).
    expect(Number(grid.dataset.rowsTo)).toBe(3000);
    expect(view.container.querySelector("[data-index='2999']")).not.toBeNull();
    const calls = onselect.mock.calls.length;
    reader.move("previous", "focus");
    expect(onselect.mock.calls.length).toBe(calls);
  });
});
