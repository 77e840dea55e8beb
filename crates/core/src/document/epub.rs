//! EPUB e-books: `META-INF/container.xml` names the package document (OPF),
//! whose spine gives the reading order; each XHTML chapter is segmented with
//! the HTML rules (scripts, styles and the rest dropped; no reader-mode
//! extraction: a chapter is all text). Chapter titles come from the EPUB 3
//! navigation document or the EPUB 2 NCX, else the chapter's first heading;
//! chapters without text are skipped. Title, author and date from the OPF.

use std::collections::HashMap;

use roxmltree::Node;

use super::archive::{self, Archive};
use super::{encoding, finish, segment, BlockKind, Chapter, Format, ImportError, Meta, RawBlock, Segmented};

const FORMAT: &str = "EPUB";

pub(crate) fn import(bytes: &[u8], source: &str, name: &str) -> Result<super::Document, ImportError> {
    let mut zip = Archive::open(bytes, FORMAT)?;
    let container =
        zip.require("META-INF/container.xml", "META-INF/container.xml (which names the book's contents)")?;
    let container = archive::xml_text(container, FORMAT, "META-INF/container.xml")?;
    let container = archive::parse_xml(&container, FORMAT, "META-INF/container.xml")?;
    let opf_path = container
        .descendants()
        .filter(|n| n.tag_name().name() == "rootfile")
        .find_map(|n| n.attribute("full-path"))
        .map(str::to_owned)
        .ok_or_else(|| ImportError::Corrupt {
            format: FORMAT,
            reason: "its META-INF/container.xml names no package document".into(),
        })?;
    let opf = zip.require(&opf_path, &format!("package document {opf_path}"))?;
    let opf = archive::xml_text(opf, FORMAT, &opf_path)?;
    let opf = archive::parse_xml(&opf, FORMAT, &opf_path)?;
    let package = Package::read(&opf, &opf_path)?;
    let titles = package.toc_titles(&mut zip);

    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut chapters = Vec::new();
    for (number, path) in package.spine.iter().enumerate() {
        let Some(item) = package.manifest.get(path) else { continue };
        if !item.is_xhtml() {
            continue;
        }
        let bytes = zip.require(path, &format!("chapter {path} (listed in its spine)"))?;
        let text = decode_chapter(&bytes)?;
        super::check_nesting(&text)?;
        let segmented = segment::segment_html(&text);
        if segmented.blocks.is_empty() {
            continue;
        }
        let title = titles
            .get(path)
            .cloned()
            .or_else(|| segmented.blocks.iter().find(|b| b.kind == BlockKind::Heading).map(|b| b.text.clone()))
            .or(segmented.title)
            .unwrap_or_else(|| format!("{}", number + 1));
        chapters.push(Chapter { title, first_block: blocks.len() });
        blocks.extend(segmented.blocks);
    }
    archive::check_text_total(&blocks, FORMAT)?;
    let meta = Meta { url: None, byline: package.creator, published: package.date };
    let segmented = Segmented { title: package.title, blocks, meta };
    finish(segmented, chapters, source, name, "UTF-8", false, Format::Epub)
}

/// XHTML chapters are UTF-8 (or UTF-16 with a BOM) by the standard; a declared
/// legacy encoding is honoured too. `<title/>` is opened and closed, since the
/// HTML parser would otherwise read the whole chapter as the title.
fn decode_chapter(bytes: &[u8]) -> Result<String, ImportError> {
    let declared = encoding::html_declared_encoding(bytes).or_else(|| xml_declared_encoding(bytes));
    let decoded = encoding::decode(bytes, declared)?;
    Ok(decoded.text.replace("<title/>", "<title></title>"))
}

/// `<?xml version="1.0" encoding="big5"?>`.
fn xml_declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(200))?).into_owned();
    let decl = head.strip_prefix("<?xml")?.split("?>").next()?;
    let (_, after) = decl.split_once("encoding")?;
    let value = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next()?;
    let value = value.get(1..)?.split(quote).next()?;
    encoding::encoding_for_label(value)
}

struct Item {
    media_type: String,
}

impl Item {
    fn is_xhtml(&self) -> bool {
        matches!(self.media_type.as_str(), "application/xhtml+xml" | "text/html" | "application/x-dtbook+xml")
    }
}

struct Package {
    title: Option<String>,
    creator: Option<String>,
    date: Option<String>,
    /// Path in the archive → item.
    manifest: HashMap<String, Item>,
    /// Paths in reading order.
    spine: Vec<String>,
    /// The EPUB 3 navigation document and the EPUB 2 NCX, when present.
    nav: Option<String>,
    ncx: Option<String>,
}

impl Package {
    fn read(opf: &roxmltree::Document<'_>, opf_path: &str) -> Result<Package, ImportError> {
        let root = opf.root_element();
        let section = |name: &str| root.children().find(|n| n.tag_name().name() == name);
        let metadata = section("metadata");
        let field = |name: &str| {
            metadata?
                .descendants()
                .filter(|n| n.tag_name().name() == name)
                .filter_map(|n| n.text())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .find(|t| !t.is_empty())
        };
        let base = parent_dir(opf_path);
        let mut by_id: HashMap<&str, String> = HashMap::new();
        let mut manifest = HashMap::new();
        let (mut nav, mut ncx_by_type) = (None, None);
        let manifest_node = section("manifest")
            .ok_or_else(|| ImportError::MissingPart { format: FORMAT, part: format!("manifest in {opf_path}") })?;
        for item in manifest_node.children().filter(|n| n.tag_name().name() == "item") {
            let (Some(id), Some(href)) = (item.attribute("id"), item.attribute("href")) else { continue };
            let path = resolve(&base, href);
            let media_type = item.attribute("media-type").unwrap_or("").to_ascii_lowercase();
            let properties = item.attribute("properties").unwrap_or("");
            if properties.split_whitespace().any(|p| p == "nav") {
                nav = Some(path.clone());
            }
            if media_type == "application/x-dtbncx+xml" {
                ncx_by_type = Some(path.clone());
            }
            by_id.insert(id, path.clone());
            manifest.insert(path, Item { media_type });
        }
        let spine_node = section("spine").ok_or_else(|| ImportError::MissingPart {
            format: FORMAT,
            part: format!("spine (reading order) in {opf_path}"),
        })?;
        let mut spine = Vec::new();
        for itemref in spine_node.children().filter(|n| n.tag_name().name() == "itemref") {
            let Some(idref) = itemref.attribute("idref") else { continue };
            let path = by_id.get(idref).ok_or_else(|| ImportError::Corrupt {
                format: FORMAT,
                reason: format!("its spine names {idref:?}, which its manifest does not list"),
            })?;
            spine.push(path.clone());
        }
        let ncx = spine_node.attribute("toc").and_then(|id| by_id.get(id).cloned()).or(ncx_by_type);
        Ok(Package { title: field("title"), creator: field("creator"), date: field("date"), manifest, spine, nav, ncx })
    }

    /// Chapter path → title, from the navigation document, else the NCX. A
    /// table of contents that cannot be read only costs the titles.
    fn toc_titles(&self, zip: &mut Archive<'_>) -> HashMap<String, String> {
        let mut titles = HashMap::new();
        if let Some(nav) = &self.nav {
            if let Ok(Some(bytes)) = zip.read(nav) {
                let text = String::from_utf8_lossy(&bytes);
                // Too deep to parse quickly: the book still opens, with titles
                // from the NCX or the chapters' own headings.
                if segment::nests_deeper_than(&text, segment::MAX_HTML_DEPTH) {
                    return self.ncx_titles(zip);
                }
                let html = scraper::Html::parse_document(&text);
                let base = parent_dir(nav);
                let tocs: Vec<_> = html
                    .tree
                    .root()
                    .descendants()
                    .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "nav"))
                    .collect();
                let toc = tocs
                    .iter()
                    .find(|n| {
                        n.value().as_element().and_then(|e| e.attr("epub:type")).is_some_and(|t| t.contains("toc"))
                    })
                    .or(tocs.first());
                for a in toc.into_iter().flat_map(ego_tree::NodeRef::descendants) {
                    let Some(href) = a.value().as_element().filter(|e| e.name() == "a").and_then(|e| e.attr("href"))
                    else {
                        continue;
                    };
                    let title = segment::collapse_whitespace(&segment::text_of(a));
                    if !title.is_empty() {
                        titles.entry(resolve(&base, href)).or_insert(title);
                    }
                }
            }
        }
        if titles.is_empty() {
            titles = self.ncx_titles(zip);
        }
        titles
    }

    /// Chapter path → title, from the EPUB 2 NCX.
    fn ncx_titles(&self, zip: &mut Archive<'_>) -> HashMap<String, String> {
        let mut titles = HashMap::new();
        let Some(ncx) = &self.ncx else { return titles };
        let Ok(Some(bytes)) = zip.read(ncx) else { return titles };
        let Ok(text) = archive::xml_text(bytes, FORMAT, ncx) else { return titles };
        let Ok(xml) = archive::parse_xml(&text, FORMAT, ncx) else { return titles };
        let base = parent_dir(ncx);
        for point in xml.descendants().filter(|n| n.tag_name().name() == "navPoint") {
            let label = point
                .children()
                .find(|n| n.tag_name().name() == "navLabel")
                .and_then(|l| l.descendants().find(|n| n.tag_name().name() == "text"))
                .and_then(|t| t.text());
            let src = point
                .children()
                .find(|n: &Node<'_, '_>| n.tag_name().name() == "content")
                .and_then(|c| c.attribute("src"));
            if let (Some(label), Some(src)) = (label, src) {
                let label = segment::collapse_whitespace(label);
                if !label.is_empty() {
                    titles.entry(resolve(&base, src)).or_insert(label);
                }
            }
        }
        titles
    }
}

/// "OEBPS/content.opf" → "OEBPS/".
fn parent_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path.get(..=i).unwrap_or("").to_owned(),
        None => String::new(),
    }
}

/// A manifest or link address, relative to `base`, as a path in the archive:
/// fragment and query dropped, percent-escapes decoded, "." and ".." resolved.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or("");
    let href = percent_decode(href);
    let joined =
        if let Some(absolute) = href.strip_prefix('/') { absolute.to_owned() } else { format!("{base}{href}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i), bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (Some(b'%'), Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (Some(&b), _, _) => {
                out.push(b);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_resolve_inside_the_archive() {
        assert_eq!(resolve("OEBPS/", "Text/chapter%203.xhtml#p1"), "OEBPS/Text/chapter 3.xhtml");
        assert_eq!(resolve("OEBPS/Text/", "../Images/a.jpg"), "OEBPS/Images/a.jpg");
        assert_eq!(resolve("", "../../x.xhtml"), "x.xhtml");
        assert_eq!(percent_decode("%E6%98%A5%zz%"), "春%zz%");
    }

    #[test]
    fn xml_declaration_encoding_is_read() {
        assert_eq!(xml_declared_encoding(b"<?xml version='1.0' encoding='big5'?><html/>"), Some(encoding_rs::BIG5));
        assert_eq!(xml_declared_encoding(b"<html/>"), None);
    }
}
