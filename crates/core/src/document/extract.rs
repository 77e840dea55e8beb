//! Reader mode: finds the article in a web page (title, byline, date, body) and
//! leaves navigation, ads, comments, related links and footers behind.
//!
//! A readability-style scorer written for Chinese text: paragraphs score by
//! length and clause punctuation (，。、 count as commas; there are no spaces to
//! count words by) and pass their score to five levels of ancestors (less each
//! level up); a container's total is cut by its link density and moved by its
//! class/id and tag (`<article>`, `itemprop=articleBody`). From the best
//! container: when three of the next four candidates score close to it, the
//! article is cut into sibling boxes (steps, cards) and their common ancestor is
//! taken; the choice moves up to an ancestor that scores higher, or whose only
//! child it is, but never into an element named like furniture ("sidebar").
//! That container and its similar siblings are segmented with the ordinary HTML
//! rules, minus furniture inside them. A page with too little article-like text
//! (a notice, a list) is segmented whole instead, so nothing is lost. Only
//! iterative traversals: hostile pages nest deeply.
//!
//! Measured on 110 real pages against Mozilla Readability's articles (token F1,
//! beside trafilatura): `scripts/extract-eval.sh`; eight of them are held to a
//! floor by `tests/core/extract_corpus.rs`.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::segment::{self, collapse_whitespace, Counts};
use super::{BlockKind, Meta, RawBlock, Segmented};

/// Below this many characters of article text, the page is segmented whole.
const MIN_ARTICLE_CHARS: usize = 140;
/// Shorter runs of text are not paragraphs for scoring (captions, labels, links).
const MIN_PARAGRAPH_CHARS: usize = 20;
/// A paragraph's score reaches this many levels: its container and four above.
const ANCESTOR_LEVELS: usize = 5;

/// A web page's article, or the whole page when it has none.
pub(crate) fn extract_article(text: &str, base: Option<&url::Url>) -> Segmented {
    let html = Html::parse_document(text);
    let mut meta = page_meta(&html);
    let title = page_title(&html);
    let counts = segment::count_text(html.tree.root());
    let blocks = choose(&html, &counts).map(|nodes| segment::segment_nodes(&nodes, Some(&counts), base));
    let chars = |blocks: &[RawBlock]| -> usize {
        blocks.iter().filter(|b| b.kind != BlockKind::Image).map(|b| b.text.chars().count()).sum()
    };
    match blocks {
        Some(blocks) if chars(&blocks) >= MIN_ARTICLE_CHARS => {
            let blocks = tidy(blocks, title.as_deref(), &mut meta);
            Segmented { title, blocks, meta }
        }
        _ => {
            let mut whole = segment::segment_parsed_html(&html, base);
            whole.title = title.or(whole.title);
            whole.meta = meta;
            whole
        }
    }
}

fn element_named<'a>(root: NodeRef<'a, Node>, name: &str) -> Option<NodeRef<'a, Node>> {
    root.descendants().find(|n| n.value().as_element().is_some_and(|e| e.name() == name))
}

const POSITIVE: &[&str] =
    &["article", "content", "entry", "main", "post", "text", "story", "body", "blog", "news-body", "articlebody"];

fn hints_article(e: &scraper::node::Element) -> bool {
    let hint = format!("{} {}", e.attr("class").unwrap_or(""), e.attr("id").unwrap_or("")).to_ascii_lowercase();
    POSITIVE.iter().any(|p| hint.contains(p)) || e.attr("itemprop").is_some_and(|p| p.contains("articleBody"))
}

/// Never a candidate and never scored into one: hidden, dropped, or furniture
/// by its class/id unless it also says "article".
fn excluded(e: &scraper::node::Element) -> bool {
    segment::DROPPED.contains(&e.name()) || segment::hints_boilerplate(e) && !hints_article(e)
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "figure",
    "form",
    "hr",
    "li",
    "address",
];

fn initial_score(e: &scraper::node::Element) -> f64 {
    let mut score: f64 = match e.name() {
        "article" | "main" => 10.0,
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    if e.attr("itemprop").is_some_and(|p| p.contains("articleBody")) {
        score += 25.0;
    }
    if hints_article(e) {
        score += 25.0;
    }
    if segment::hints_boilerplate(e) {
        score -= 25.0;
    }
    score
}

/// The article's container and its siblings that belong with it, in page order.
fn choose<'a>(html: &'a Html, counts: &Counts) -> Option<Vec<NodeRef<'a, Node>>> {
    let body = element_named(html.tree.root(), "body")?;
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut add = |node: NodeRef<'_, Node>, (chars, commas): (usize, usize)| {
        if chars < MIN_PARAGRAPH_CHARS {
            return;
        }
        let score = 1.0 + commas as f64 + (chars as f64 / 100.0).min(3.0);
        for (level, ancestor) in std::iter::once(node).chain(node.ancestors()).take(ANCESTOR_LEVELS).enumerate() {
            let Some(e) = ancestor.value().as_element() else { break };
            let share = match level {
                0 => score,
                1 => score / 2.0,
                _ => score / (level as f64 * 3.0),
            };
            *scores.entry(ancestor.id()).or_insert_with(|| initial_score(e)) += share;
            if ancestor.id() == body.id() {
                break;
            }
        }
    };
    let mut skipping = 0usize;
    for edge in body.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                let Some(e) = node.value().as_element() else { continue };
                if skipping > 0 || excluded(e) {
                    skipping += 1;
                    continue;
                }
                let count = |n: NodeRef<'_, Node>| counts.get(&n.id()).copied().unwrap_or((0, 0, 0));
                match e.name() {
                    // A paragraph scores for its parent and grandparent.
                    "p" | "pre" | "td" | "blockquote" => {
                        if let Some(parent) = node.parent() {
                            let (chars, _, commas) = count(node);
                            add(parent, (chars, commas));
                        }
                    }
                    _ => {}
                }
                // Text written straight into a container (between `<br>`s) is a
                // paragraph of that container.
                if matches!(e.name(), "div" | "section" | "article" | "main" | "td" | "body") {
                    let (mut chars, mut commas) = (0, 0);
                    for child in node.children() {
                        let is_block =
                            child.value().as_element().is_some_and(|c| BLOCK_TAGS.contains(&c.name()) || excluded(c));
                        if is_block {
                            add(node, (chars, commas));
                            (chars, commas) = (0, 0);
                        } else {
                            let (c, _, k) = count(child);
                            chars += c;
                            commas += k;
                        }
                    }
                    add(node, (chars, commas));
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if node.value().as_element().is_some() && skipping > 0 {
                    skipping -= 1;
                }
            }
        }
    }
    let link_density = |id: NodeId| -> f64 {
        let (chars, linked, _) = counts.get(&id).copied().unwrap_or((0, 0, 0));
        if chars == 0 {
            0.0
        } else {
            linked as f64 / chars as f64
        }
    };
    let final_score = |id: NodeId| scores.get(&id).map(|s| s * (1.0 - link_density(id)));
    let mut ranked: Vec<(NodeId, f64)> = scores.keys().filter_map(|&id| final_score(id).map(|s| (id, s))).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let &(top_id, mut top_score) = ranked.first()?;
    let mut top = html.tree.get(top_id)?;
    // An article cut into sibling boxes (steps, cards, one `<div>` per
    // paragraph group) has several near-best candidates: their common ancestor
    // is the article.
    let rivals: Vec<NodeRef<'_, Node>> = ranked[1..ranked.len().min(5)]
        .iter()
        .filter(|(_, s)| *s >= top_score * 0.75)
        .filter_map(|&(id, _)| html.tree.get(id))
        .collect();
    if rivals.len() >= 3 {
        for ancestor in top.ancestors().take_while(|a| a.id() != body.id()) {
            if ancestor.value().as_element().is_some_and(segment::hints_boilerplate) {
                break;
            }
            let holds = rivals.iter().filter(|r| r.ancestors().any(|a| a.id() == ancestor.id())).count();
            if holds >= 3 {
                top = ancestor;
                top_score = final_score(ancestor.id()).unwrap_or(0.0).max(top_score);
                break;
            }
        }
    }
    // Up the tree while the ancestors keep most of the score, to one that
    // scores higher (it holds more of the article).
    for ancestor in top.ancestors().take_while(|a| a.id() != body.id()) {
        let Some(score) = final_score(ancestor.id()) else { continue };
        if score < top_score / 3.0 || ancestor.value().as_element().is_some_and(segment::hints_boilerplate) {
            break;
        }
        if score > top_score {
            top = ancestor;
            top_score = score;
            break;
        }
    }
    // A lone child stands for its parent.
    while let Some(parent) = top.parent().filter(|p| p.id() != body.id() && p.value().is_element()) {
        let furniture = parent.value().as_element().is_some_and(segment::hints_boilerplate);
        if furniture || parent.children().filter(|c| c.value().is_element()).count() != 1 {
            break;
        }
        top = parent;
    }
    let Some(parent) = top.parent().filter(|_| top.id() != body.id()) else { return Some(vec![top]) };
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = top.value().as_element().and_then(|e| e.attr("class")).unwrap_or("");
    let mut chosen = Vec::new();
    for sibling in parent.children() {
        if sibling.id() == top.id() {
            chosen.push(sibling);
            continue;
        }
        let Some(e) = sibling.value().as_element() else { continue };
        if excluded(e) {
            continue;
        }
        let bonus = if !top_class.is_empty() && e.attr("class") == Some(top_class) { top_score * 0.2 } else { 0.0 };
        let score = final_score(sibling.id()).unwrap_or(f64::MIN) + bonus;
        let include = score >= threshold
            || e.name() == "p" && {
                let (chars, _, _) = counts.get(&sibling.id()).copied().unwrap_or((0, 0, 0));
                let density = link_density(sibling.id());
                let text = segment::text_of(sibling);
                let text = text.trim_end();
                chars > 80 && density < 0.25
                    || chars > 0 && density == 0.0 && (text.ends_with('。') || text.ends_with(". "))
            };
        if include {
            chosen.push(sibling);
        }
    }
    Some(chosen)
}

/// Title first (when the article's own heading is not it), datelines out.
fn tidy(mut blocks: Vec<RawBlock>, title: Option<&str>, meta: &mut Meta) -> Vec<RawBlock> {
    // A short line of date and reporter before the first real paragraph is
    // metadata, not text to read.
    let first_prose = blocks
        .iter()
        .position(|b| b.kind == BlockKind::Paragraph && b.text.chars().count() >= 40)
        .unwrap_or(blocks.len())
        .min(4);
    let mut index = 0;
    blocks.retain(|b| {
        let before_prose = index < first_prose;
        index += 1;
        if !before_prose || b.kind != BlockKind::Paragraph {
            return true;
        }
        match dateline(&b.text) {
            Some((date, byline)) => {
                meta.published.get_or_insert(date);
                if let Some(byline) = byline {
                    meta.byline.get_or_insert(byline);
                }
                false
            }
            None => true,
        }
    });
    if let Some(title) = title {
        let has_title = blocks.iter().take(3).any(|b| b.kind == BlockKind::Heading && same_text(&b.text, title));
        if !has_title {
            blocks.insert(0, RawBlock { kind: BlockKind::Heading, level: 1, text: title.to_owned() });
        }
    }
    blocks
}

fn same_text(a: &str, b: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squash(a) == squash(b)
}

/// "2024/05/20 14:05　寶島新聞網　記者王志明" → ("2024-05-20", Some("王志明")).
fn dateline(text: &str) -> Option<(String, Option<String>)> {
    if text.chars().count() > 80 || text.contains('。') {
        return None;
    }
    let date = find_date(text)?;
    let byline = ["記者", "记者", "作者", "撰文", "編輯", "编辑"].iter().find_map(|key| {
        let (_, after) = text.split_once(key)?;
        let name: String = after
            .trim_start_matches([':', '：', ' ', '　', '／', '/'])
            .chars()
            .take_while(|&c| segment::is_cjk(c) && !"，。、：；／　（）「」".contains(c) || c.is_alphabetic())
            .take(12)
            .collect();
        (!name.is_empty()).then_some(name)
    });
    Some((date, byline))
}

/// The first "YYYY/MM/DD", "YYYY-MM-DD", "YYYY.MM.DD" or "YYYY年M月D日" in `text`, as ISO.
pub(crate) fn find_date(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let digits = |from: usize, max: usize| -> (u32, usize) {
        let mut value = 0u32;
        let mut n = 0;
        while n < max {
            match chars.get(from + n).and_then(|c| c.to_digit(10)) {
                Some(d) => value = value * 10 + d,
                None => break,
            }
            n += 1;
        }
        (value, n)
    };
    for start in 0..chars.len() {
        if start > 0 && chars.get(start - 1).is_some_and(char::is_ascii_digit) {
            continue;
        }
        let (year, n) = digits(start, 4);
        if n != 4 || !(1900..=2100).contains(&year) {
            continue;
        }
        let sep = start + 4;
        if !chars.get(sep).is_some_and(|c| matches!(c, '/' | '-' | '.' | '年')) {
            continue;
        }
        let (month, m) = digits(sep + 1, 2);
        if m == 0 || !(1..=12).contains(&month) {
            continue;
        }
        let sep2 = sep + 1 + m;
        if !chars.get(sep2).is_some_and(|c| matches!(c, '/' | '-' | '.' | '月')) {
            continue;
        }
        let (day, d) = digits(sep2 + 1, 2);
        if d == 0 || !(1..=31).contains(&day) {
            continue;
        }
        return Some(format!("{year:04}-{month:02}-{day:02}"));
    }
    None
}

/// The page's own title: `og:title`, `<title>` without the site's name, or `<h1>`.
fn page_title(html: &Html) -> Option<String> {
    let root = html.tree.root();
    let og = root.descendants().filter_map(|n| n.value().as_element()).find_map(|e| {
        (e.name() == "meta" && matches!(e.attr("property").or(e.attr("name")), Some("og:title" | "twitter:title")))
            .then(|| e.attr("content").map(collapse_whitespace))
            .flatten()
            .filter(|t| !t.is_empty())
    });
    let headings: Vec<String> = root
        .descendants()
        .filter(|n| n.value().as_element().is_some_and(|e| matches!(e.name(), "h1" | "h2")))
        .take(20)
        .map(|n| collapse_whitespace(&segment::text_of(n)))
        .filter(|t| !t.is_empty())
        .collect();
    let full = segment::document_title(html);
    let parts: Vec<String> = full.as_deref().map(split_title).unwrap_or_default();
    // A part of <title> that is also the page's headline or og:title is the title.
    if let Some(part) = parts.iter().find(|p| og.as_deref() == Some(p.as_str()) || headings.contains(p)) {
        return Some(part.clone());
    }
    if let Some(og) = og {
        return Some(split_title(&og).into_iter().next().unwrap_or(og));
    }
    if let Some(longest) = parts.iter().max_by_key(|p| p.chars().count()) {
        return Some(longest.clone());
    }
    headings.into_iter().next()
}

/// "headline | section - site" → ["headline", "section", "site"].
fn split_title(title: &str) -> Vec<String> {
    let mut parts = vec![title.to_owned()];
    for sep in [" | ", " - ", " – ", " — ", " -- ", " :: ", " » ", "｜", "_", " · "] {
        parts = parts.iter().flat_map(|p| p.split(sep).map(str::to_owned).collect::<Vec<_>>()).collect();
    }
    parts.into_iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
}

/// Byline and publication date from the page's metadata and markup.
fn page_meta(html: &Html) -> Meta {
    let mut meta = Meta::default();
    let mut byline_by_class = None;
    let mut time = None;
    for node in html.tree.root().descendants() {
        let Some(e) = node.value().as_element() else { continue };
        let content = || e.attr("content").map(collapse_whitespace).filter(|c| !c.is_empty() && c.len() <= 200);
        let key = e.attr("property").or(e.attr("name")).unwrap_or("").to_ascii_lowercase();
        if e.name() == "meta" {
            match key.as_str() {
                "author" | "article:author" | "dc.creator" | "byl" => {
                    if let Some(c) = content().filter(|c| !c.starts_with("http")) {
                        meta.byline.get_or_insert(c);
                    }
                }
                "article:published_time"
                | "pubdate"
                | "publishdate"
                | "publish-date"
                | "date"
                | "dc.date"
                | "dc.date.issued"
                | "og:published_time" => {
                    if let Some(c) = content() {
                        meta.published.get_or_insert(c);
                    }
                }
                _ => {}
            }
        }
        let itemprop = e.attr("itemprop").unwrap_or("");
        if itemprop == "datePublished" {
            if let Some(value) = e.attr("content").or(e.attr("datetime")).map(collapse_whitespace) {
                meta.published.get_or_insert(value);
            }
        }
        let text = || Some(collapse_whitespace(&segment::text_of(node))).filter(|t| !t.is_empty() && t.len() <= 100);
        if itemprop == "author" || e.attr("rel") == Some("author") {
            if let Some(name) = e.attr("content").map(collapse_whitespace).or_else(text) {
                byline_by_class.get_or_insert(name);
            }
        }
        let class = e.attr("class").unwrap_or("").to_ascii_lowercase();
        if class.split_whitespace().any(|c| c == "author" || c == "byline" || c == "vcard") {
            if let Some(name) = text() {
                byline_by_class.get_or_insert(name);
            }
        }
        if e.name() == "time" && time.is_none() {
            time = e.attr("datetime").map(collapse_whitespace).filter(|t| !t.is_empty());
        }
        if class.split_whitespace().any(|c| c == "published" || c == "date-published") && time.is_none() {
            time = e.attr("title").or(e.attr("datetime")).map(collapse_whitespace).filter(|t| !t.is_empty());
        }
    }
    if meta.byline.is_none() {
        meta.byline = byline_by_class;
    }
    if meta.published.is_none() {
        meta.published = time;
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found_in_common_chinese_forms() {
        assert_eq!(find_date("2024/05/20 14:05　寶島新聞網"), Some("2024-05-20".into()));
        assert_eq!(find_date("發表於2023年10月5日"), Some("2023-10-05".into()));
        assert_eq!(find_date("電話 12345/6/7"), None);
        assert_eq!(find_date("第2024期"), None);
    }

    #[test]
    fn title_drops_the_site_name() {
        assert_eq!(split_title("杭州西湖景区推出夜游新线路_旅游频道_江南网")[0], "杭州西湖景区推出夜游新线路");
        assert_eq!(split_title("標題 | 網站").len(), 2);
    }

    #[test]
    fn dateline_gives_date_and_reporter() {
        assert_eq!(
            dateline("2024/05/20 14:05　寶島新聞網　記者王志明"),
            Some(("2024-05-20".into(), Some("王志明".into())))
        );
        assert_eq!(dateline("2024年5月20日，氣象署表示今年雨量偏少。"), None);
    }
}
