// Articles for tests: a Taiwan article converted with tw2sp, with the given blocks and any
// fields overridden. One place, so a new Article field needs one default here.
import type { Article, ArticleBlock } from "../ipc";

export function testArticle(blocks: ArticleBlock[], overrides: Partial<Article> = {}): Article {
  return {
    title: "測試",
    source: "sample",
    encoding: "UTF-8",
    bom: false,
    declaredEncoding: null,
    regionEvidence: [],
    format: "text",
    meta: { url: null, byline: null, published: null },
    chapters: [],
    script: "traditional",
    region: "taiwan",
    config: "tw2sp",
    configAuto: true,
    note: null,
    blocks,
    ...overrides,
  };
}
