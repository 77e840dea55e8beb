import { describe, expect, it } from "vitest";
import type { ArticleBlock, BlockKind } from "../ipc";
import { paragraphNumbers } from "./paragraphs";

const block = (kind: BlockKind, text: string): ArticleBlock => ({ id: text, kind, level: 1, text, simplified: text, changes: [] });

describe("paragraphNumbers", () => {
  // The same cases as the core's export::tests::paragraphs_are_counted_without_the_title_row_and_images.
  const blocks = [block("heading", "標題"), block("image", "![照片](a.jpg)"), block("paragraph", "第一段。"), block("heading", "小標"), block("paragraph", "第二段。")];

  it("skips the title row and images, and counts subheadings", () => {
    expect(paragraphNumbers({ title: "標題", blocks })).toEqual([null, null, 1, 2, 3]);
  });

  it("counts a first heading that is not the title", () => {
    expect(paragraphNumbers({ title: "別的標題", blocks })).toEqual([1, null, 2, 3, 4]);
  });
});
