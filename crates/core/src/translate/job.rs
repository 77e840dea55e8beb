//! Which parts of an article are sent for translation. Prose blocks (headings,
//! paragraphs, quotes, list items) are; image placeholders and code are not:
//! an image's address and a program's text must come through byte for byte, so
//! their "translation" is the original, given without a request.

use crate::article::Article;
use crate::document::BlockKind;

use super::Segment;

/// The segments to translate, and the blocks answered without a request (id, text).
pub fn segments_for(article: &Article) -> (Vec<Segment>, Vec<(String, String)>) {
    let mut send = Vec::new();
    let mut keep = Vec::new();
    for block in &article.blocks {
        match block.kind {
            BlockKind::Image | BlockKind::Code => keep.push((block.id.clone(), block.text.clone())),
            _ => send.push(Segment { id: block.id.clone(), text: block.text.clone() }),
        }
    }
    (send, keep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::prepare;
    use crate::convert::tests::converter;
    use crate::convert::ConfigChoice;
    use crate::document::import_text;

    #[test]
    fn images_and_code_are_kept_and_prose_is_sent() {
        let doc = import_text("# 標題\n\n段落。\n\n![圖](a.png)\n\n```\nlet x = 1;\n```\n", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let (send, keep) = segments_for(&article);
        let sent: Vec<&str> = send.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(sent, ["標題", "段落。"]);
        let kept: Vec<&str> = keep.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(kept, ["![圖](a.png)", "let x = 1;"]);
    }
}
