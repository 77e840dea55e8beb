// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const stored: unknown[] = [];
vi.mock("../ipc", () => ({
  storeFirstScreen: (screen: unknown) => {
    stored.push(screen);
    return Promise.resolve();
  },
}));

const { comparable, copyFirstScreen, settleFirstScreen } = await import("./firstScreen");

/** #app with `rows` rows, the i-th `top` px from the window's top (jsdom lays nothing out). */
function page(rows: number, rowHeight: number, shown?: string, builtIn = false) {
  document.documentElement.setAttribute("lang", "en");
  document.documentElement.dataset.desktop = "linux";
  document.body.innerHTML =
    (shown === undefined ? "" : `<div id="first-screen" inert aria-hidden="true">${shown}</div>`) +
    `<div id="app"><div class="reader" data-rows-from="0" data-rows-to="${rows}"><div class="rows" style="padding-top: 0px; padding-bottom: 300px;">` +
    Array.from({ length: rows }, (_, i) => `<div data-testid="row" data-block-id="b${i}" data-index="${i}">段落 ${i}</div>`).join("") +
    "</div></div></div>";
  document.querySelectorAll<HTMLElement>("#app [data-testid=row]").forEach((row, i) => {
    row.getBoundingClientRect = () => ({ top: i * rowHeight }) as DOMRect;
  });
  const shownEl = document.getElementById("first-screen");
  if (shownEl) shownEl.dataset.htmlAttributes = JSON.stringify([["lang", "en"], ["data-desktop", "linux"]]);
  if (shownEl && builtIn) shownEl.dataset.builtIn = "";
}

beforeEach(() => {
  stored.length = 0;
  vi.stubGlobal("innerHeight", 500);
});
afterEach(() => vi.unstubAllGlobals());

describe("the first screen's copy", () => {
  it("keeps only the rows that start inside the window, and <html>'s attributes", () => {
    page(10, 120);
    const copy = copyFirstScreen(document.getElementById("app")!);
    expect(copy.body.match(/data-index=/g)).toHaveLength(5); // tops 0..480 < 500
    expect(copy.body).not.toContain("data-testid");
    expect(copy.body).not.toContain("段落 5");
    expect(copy.htmlAttributes).toEqual([["lang", "en"], ["data-desktop", "linux"]]);
    // The live page is left whole.
    expect(document.querySelectorAll("[data-testid=row]")).toHaveLength(10);
  });

  it("compares without the reader's virtual range, which shows nowhere on the screen", () => {
    const a = '<div data-rows-from="0" data-rows-to="7"><div style="padding-top: 0px; padding-bottom: 561px;">x</div></div>';
    const b = '<div data-rows-from="0" data-rows-to="6"><div style="padding-top: 0px; padding-bottom: 614.5px;">x</div></div>';
    expect(comparable(a)).toBe(comparable(b));
    expect(comparable(a)).not.toBe(comparable(a.replace(">x<", ">y<")));
  });

  it("a copy shown that matches the live screen is removed and not stored again", () => {
    page(3, 100);
    const live = copyFirstScreen(document.getElementById("app")!).body;
    page(3, 100, live.replace('data-rows-to="3"', 'data-rows-to="2"'));
    expect(settleFirstScreen(true)).toBe("matched");
    expect(document.getElementById("first-screen")).toBeNull();
    expect(stored).toHaveLength(0);
  });

  it("a copy that differs is removed and the live screen stored; none shown: stored", () => {
    page(3, 100, "<div>an older screen</div>");
    expect(settleFirstScreen(true)).toBe("stored");
    expect(document.getElementById("first-screen")).toBeNull();
    expect(stored).toHaveLength(1);
    page(3, 100);
    expect(settleFirstScreen(true)).toBe("stored");
    expect(stored).toHaveLength(2);
  });

  it("another document than the sample: the copy is removed, nothing stored", () => {
    page(3, 100, "<div>the sample</div>");
    expect(settleFirstScreen(false)).toBe("none");
    expect(document.getElementById("first-screen")).toBeNull();
    expect(stored).toHaveLength(0);
  });

  it("a screen built into the app matches with rows past the window, which it was drawn without", () => {
    // Drawn by the build: all ten rows of the reader's first range; the window shows five.
    page(10, 120);
    vi.stubGlobal("innerHeight", 10_000);
    const drawn = copyFirstScreen(document.getElementById("app")!).body;
    vi.stubGlobal("innerHeight", 500);
    expect(drawn.match(/data-block-id=/g)).toHaveLength(10);
    page(10, 120, drawn, true);
    expect(settleFirstScreen(true)).toBe("matched");
    expect(performance.getEntriesByName("duizhao:first-screen-built-in")).toHaveLength(1);
    expect(stored).toHaveLength(0);
    // The same rows past the window in a stored copy: not what the live page keeps, so stored.
    page(10, 120, drawn);
    expect(settleFirstScreen(true)).toBe("stored");
    // A built-in screen whose visible rows differ: stored.
    page(10, 120, drawn.replace("段落 2", "段落 二"), true);
    expect(settleFirstScreen(true)).toBe("stored");
    expect(stored).toHaveLength(2);
  });
});
