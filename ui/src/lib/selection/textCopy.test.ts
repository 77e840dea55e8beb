// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { columnSelectionText } from "./textCopy";

function row(n: number): string {
  return `<div class="row"><div class="gutter">${n}</div>
    <div data-column="original"><div data-cell-text>原文${n}<mark>甲</mark>乙</div><button>copy</button></div>
    <div data-column="simplified"><div data-cell-text>简体${n}</div></div>
    <div data-column="translation"><div data-cell-text>Translation ${n}</div></div></div>`;
}

let root: HTMLElement;

beforeEach(() => {
  document.body.innerHTML = `<p id="outside">elsewhere</p><div id="reader">${row(1)}${row(2)}${row(3)}</div>`;
  root = document.getElementById("reader")!;
});

function text(column: string, n: number): Text {
  const el = root.querySelectorAll(`[data-column="${column}"] [data-cell-text]`)[n - 1];
  return el.firstChild as Text;
}

describe("columnSelectionText", () => {
  it("keeps a drag down one column to that column", () => {
    const range = document.createRange();
    range.setStart(text("translation", 1), 3);
    range.setEnd(text("translation", 3), 5);
    expect(columnSelectionText(range, root)).toBe("nslation 1\n\nTranslation 2\n\nTrans");
  });

  it("copies exactly the selected part of one cell, marks included", () => {
    const range = document.createRange();
    range.setStart(text("original", 2), 2);
    const cell = root.querySelectorAll('[data-column="original"] [data-cell-text]')[1];
    range.setEnd(cell.lastChild!, 1);
    expect(columnSelectionText(range, root)).toBe("2甲乙");
  });

  it("follows the column the drag started in, even when it ends in another", () => {
    const range = document.createRange();
    range.setStart(text("simplified", 1), 0);
    range.setEnd(text("translation", 2), 4);
    expect(columnSelectionText(range, root)).toBe("简体1\n\n简体2");
  });

  it("leaves selections outside the reader to the webview", () => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("outside")!);
    expect(columnSelectionText(range, root)).toBeNull();
    range.collapse(true);
    expect(columnSelectionText(range, root)).toBeNull();
  });
});
