// The first screen kept as static HTML (src-tauri/src/first_screen.rs). A launch that shows the
// sample is served with the stored copy of its first screen in #first-screen, above #app: WebKit
// paints it while this script loads. When the live interface has painted the same screen under
// it, `settleFirstScreen` removes the copy (nothing visible changes) and, when no copy was shown
// or the one shown differs from what the live page drew, sends a new one to be stored.
import { storeFirstScreen, type FirstScreen } from "../ipc";

const ROW = "[data-testid=row]";
/** A row in a copy (which has no test ids). */
const COPIED_ROW = "[data-block-id]";

/**
 * The screen `app` shows, as static HTML: its DOM with only the rows the window shows, without
 * ids and test ids, and <html>'s attributes (language, desktop, theme), which the stylesheet
 * reads.
 */
export function copyFirstScreen(app: HTMLElement, root: HTMLElement = document.documentElement): FirstScreen {
  const copy = app.cloneNode(true) as HTMLElement;
  const copies = copy.querySelectorAll(ROW);
  app.querySelectorAll(ROW).forEach((row, i) => {
    if (row.getBoundingClientRect().top >= window.innerHeight) copies[i]?.remove();
  });
  // Nothing in the copy answers to what finds the live interface's elements (its ids, the
  // test ids WebDriver looks for), in the moment both are in the page.
  for (const el of copy.querySelectorAll("[id], [data-testid]")) {
    el.removeAttribute("id");
    el.removeAttribute("data-testid");
  }
  return {
    htmlAttributes: [...root.attributes].map((a): [string, string] => [a.name, a.value]),
    body: copy.innerHTML,
  };
}

/**
 * `body` without what differs between two paintings of the same screen and shows nowhere on
 * it: which rows past the window's bottom the reader drew (they depend on whether its fonts
 * had loaded when it measured the rows, which they have when a copy was shown first) and the
 * padding standing in for the rest (Reader.svelte's virtual range).
 */
export function comparable(body: string): string {
  return body.replace(/ data-rows-(?:from|to)="\d+"/g, "").replace(/padding-bottom: [\d.]+px;?/g, "");
}

/**
 * What `shown` showed of the window: its HTML, but for a screen built into the app, without
 * the rows past as many as `live` (the live screen's copy) has. The build drew that one
 * without a layout (ui/scripts/prerender-first-screen.mjs), so it holds every row of the
 * reader's first range, where a stored copy holds those the window showed.
 */
function shownPart(shown: HTMLElement, live: string): string {
  if (shown.dataset.builtIn === undefined) return shown.innerHTML;
  const rows = parse(live).content.querySelectorAll(COPIED_ROW).length;
  const part = parse(shown.innerHTML);
  part.content.querySelectorAll(COPIED_ROW).forEach((row, i) => {
    if (i >= rows) row.remove();
  });
  return part.innerHTML;
}

/** `html` parsed into a template (whose content runs and loads nothing). */
function parse(html: string): HTMLTemplateElement {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template;
}

/**
 * Called once, in the frame after the live interface painted the first document. Removes the
 * stored copy if one was shown; for the sample, stores the live screen when it differs from
 * the copy shown (or none was). Says which of these it did.
 */
export function settleFirstScreen(isSample: boolean): "matched" | "stored" | "none" {
  const shown = document.getElementById("first-screen");
  shown?.remove();
  if (shown?.dataset.builtIn !== undefined) performance.mark("duizhao:first-screen-built-in");
  const app = document.getElementById("app");
  if (!isSample || !app) return "none";
  const live = copyFirstScreen(app);
  const same =
    shown !== null &&
    comparable(shownPart(shown, live.body)) === comparable(live.body) &&
    shown.dataset.htmlAttributes === JSON.stringify(live.htmlAttributes);
  if (same) return "matched";
  void storeFirstScreen(live).catch(() => undefined);
  return "stored";
}
