import type { Article } from "../ipc";

/**
 * Each block's paragraph number (1-based) as a reader counts them, for the gutter: `null` for the
 * title row (a first heading whose text is the document's title) and for image rows; every other
 * block counts. The same rule as the core's `export::paragraph_numbers_of`, which numbers "¶N" in
 * citations, tables and exports, so a citation's ¶4 is the row whose gutter reads 4. Why: the title is
 * cited by name and a photo is not text, so neither should make the first paragraph "¶2".
 */
export function paragraphNumbers(article: Pick<Article, "title" | "blocks">): (number | null)[] {
  let next = 0;
  return article.blocks.map((block, index) => {
    const title = index === 0 && block.kind === "heading" && block.text.trim() === article.title.trim();
    if (title || block.kind === "image") return null;
    next += 1;
    return next;
  });
}
