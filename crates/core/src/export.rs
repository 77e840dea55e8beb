//! Copy and export formats. For now: the chosen columns of chosen blocks as plain
//! text. Every copy the app makes goes through here, so the CLI and tests see
//! exactly what lands on the user's clipboard.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::article::Article;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Original,
    Simplified,
    Translation,
}

/// What a copy (or an export) of blocks produces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyFormat {
    /// The translation only.
    #[default]
    Translation,
    /// The original text only.
    Original,
    /// The Simplified conversion only.
    Simplified,
    /// Original then translation, per block.
    Bilingual,
    /// A Markdown table with one row per block.
    MarkdownTable,
    /// The translation (or original) as a quotation with its source: title, URL or
    /// file name, paragraph numbers, provider and model, date.
    Citation,
}

/// The chosen columns of the blocks whose ids are in `ids`, in document order
/// (whatever order `ids` is in). Blocks are separated by a blank line, so
/// paragraph breaks survive pasting; the columns of one block are separated by a
/// line break. `translations` holds the finished translations by block id;
/// untranslated (empty) cells are left out rather than leaving stray blank lines.
pub fn copy_text(
    article: &Article,
    translations: &HashMap<String, String>,
    ids: &[String],
    columns: &[Column],
) -> String {
    let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    article
        .blocks
        .iter()
        .filter(|b| wanted.contains(b.id.as_str()))
        .filter_map(|b| {
            let cells: Vec<&str> = columns
                .iter()
                .map(|c| match c {
                    Column::Original => b.text.as_str(),
                    Column::Simplified => b.simplified.as_str(),
                    Column::Translation => translations.get(&b.id).map_or("", String::as_str),
                })
                .filter(|t| !t.is_empty())
                .collect();
            (!cells.is_empty()).then(|| cells.join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::prepare;
    use crate::convert::{tests::converter, Config, ConfigChoice};
    use crate::document::import_text;

    fn article() -> Article {
        let doc = import_text("標題\n第一段軟體。\n第二段網路。\n第三段。", "clipboard").unwrap();
        prepare(doc, ConfigChoice::Fixed(Config::TW2SP), converter()).unwrap()
    }

    #[test]
    fn copy_follows_document_order_and_keeps_paragraph_breaks() {
        let a = article();
        let ids = vec![a.blocks[2].id.clone(), a.blocks[1].id.clone()];
        assert_eq!(copy_text(&a, &HashMap::new(), &ids, &[Column::Simplified]), "第一段软件。\n\n第二段网络。");
    }

    #[test]
    fn several_columns_are_stacked_per_block() {
        let a = article();
        let ids = vec![a.blocks[1].id.clone(), a.blocks[2].id.clone()];
        assert_eq!(
            copy_text(&a, &HashMap::new(), &ids, &[Column::Original, Column::Simplified]),
            "第一段軟體。\n第一段软件。\n\n第二段網路。\n第二段网络。"
        );
    }

    #[test]
    fn untranslated_column_copies_nothing_and_unknown_ids_are_ignored() {
        let a = article();
        assert_eq!(copy_text(&a, &HashMap::new(), &[a.blocks[1].id.clone()], &[Column::Translation]), "");
        assert_eq!(copy_text(&a, &HashMap::new(), &["nope".to_owned()], &[Column::Original]), "");
    }

    #[test]
    fn translations_are_copied_beside_the_original() {
        let a = article();
        let ids = vec![a.blocks[1].id.clone(), a.blocks[2].id.clone()];
        let translations = HashMap::from([(a.blocks[1].id.clone(), "Paragraph one: software.".to_owned())]);
        assert_eq!(
            copy_text(&a, &translations, &ids, &[Column::Original, Column::Translation]),
            "第一段軟體。\nParagraph one: software.\n\n第二段網路。"
        );
    }
}
