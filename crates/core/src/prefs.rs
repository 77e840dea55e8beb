//! Reader preferences: how the reader looks and what Ctrl/Cmd+C copies. Kept in
//! `settings.json` (field `reader`) beside the provider profiles, so they survive a
//! restart. Saving validates them; loading is lenient field by field (`lenient`):
//! a missing, unknown (a newer version's theme, say) or invalid value falls back to
//! its default, so a preference can never stop the settings — and with them
//! translation — from loading.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::export::{Column, CopyFormat};

pub const MIN_FONT_SIZE: u8 = 12;
pub const MAX_FONT_SIZE: u8 = 32;
pub const MAX_FONT_FAMILY_CHARS: usize = 64;

/// One column of the reader, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ColumnPref {
    pub column: Column,
    pub visible: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Columns when the window is wide enough, interleaved when it is not.
    #[default]
    Auto,
    Columns,
    Interleaved,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum UiLanguage {
    /// Follow the system language.
    #[default]
    #[serde(rename = "system")]
    System,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh-Hans")]
    Simplified,
    #[serde(rename = "zh-Hant")]
    Traditional,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase")]
pub struct ReaderPrefs {
    /// All three columns, each once, in display order.
    pub columns: Vec<ColumnPref>,
    pub layout: Layout,
    pub theme: Theme,
    /// A font family name put first in every column's stack; empty for the
    /// built-in CJK-first stacks.
    pub font_family: String,
    /// Reading text size in CSS pixels.
    pub font_size: u8,
    /// What Ctrl/Cmd+C copies.
    pub copy_format: CopyFormat,
    pub ui_language: UiLanguage,
    /// Translate a document as soon as it opens (with the profile in use).
    /// Off until the user has made the first-run choice, which turns it on.
    pub auto_translate: bool,
    /// Citations quote each original above its translation.
    pub citation_with_original: bool,
}

impl Default for ReaderPrefs {
    fn default() -> ReaderPrefs {
        ReaderPrefs {
            columns: [Column::Original, Column::Simplified, Column::Translation]
                .into_iter()
                .map(|column| ColumnPref { column, visible: true })
                .collect(),
            layout: Layout::Auto,
            theme: Theme::System,
            font_family: String::new(),
            font_size: 17,
            copy_format: CopyFormat::Translation,
            ui_language: UiLanguage::System,
            auto_translate: false,
            citation_with_original: false,
        }
    }
}

impl ReaderPrefs {
    /// Checks the values a hand-edited file or a buggy caller could get wrong.
    pub fn validate(&self) -> Result<(), String> {
        validate_columns(&self.columns)?;
        if !(MIN_FONT_SIZE..=MAX_FONT_SIZE).contains(&self.font_size) {
            return Err(format!("the font size must be between {MIN_FONT_SIZE} and {MAX_FONT_SIZE}"));
        }
        validate_font_family(&self.font_family)
    }

    /// The preferences in `value`, each field that is present and valid taken, every
    /// other field left at its default (a size out of range is brought into it).
    pub fn from_value_lenient(value: &serde_json::Value) -> ReaderPrefs {
        fn field<T: DeserializeOwned>(map: &serde_json::Map<String, serde_json::Value>, key: &str) -> Option<T> {
            map.get(key).and_then(|v| T::deserialize(v).ok())
        }
        let mut prefs = ReaderPrefs::default();
        let Some(map) = value.as_object() else { return prefs };
        if let Some(columns) = field::<Vec<ColumnPref>>(map, "columns").filter(|c| validate_columns(c).is_ok()) {
            prefs.columns = columns;
        }
        if let Some(layout) = field(map, "layout") {
            prefs.layout = layout;
        }
        if let Some(theme) = field(map, "theme") {
            prefs.theme = theme;
        }
        if let Some(family) = field::<String>(map, "fontFamily").filter(|f| validate_font_family(f).is_ok()) {
            prefs.font_family = family;
        }
        if let Some(size) = field::<f64>(map, "fontSize").filter(|s| s.is_finite()) {
            prefs.font_size = size.round().clamp(f64::from(MIN_FONT_SIZE), f64::from(MAX_FONT_SIZE)) as u8;
        }
        if let Some(format) = field(map, "copyFormat") {
            prefs.copy_format = format;
        }
        if let Some(language) = field(map, "uiLanguage") {
            prefs.ui_language = language;
        }
        if let Some(auto) = field(map, "autoTranslate") {
            prefs.auto_translate = auto;
        }
        if let Some(both) = field(map, "citationWithOriginal") {
            prefs.citation_with_original = both;
        }
        prefs
    }
}

/// `Settings::reader` is read with this: see `ReaderPrefs::from_value_lenient`.
pub fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ReaderPrefs, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(ReaderPrefs::from_value_lenient(&value))
}

fn validate_columns(columns: &[ColumnPref]) -> Result<(), String> {
    {
        let mut seen = Vec::new();
        for pref in columns {
            if pref.column == Column::Compare {
                return Err("the comparison column is shown beside the translation, not placed on its own".into());
            }
            if seen.contains(&pref.column) {
                return Err(format!("the column {:?} is listed twice", pref.column));
            }
            seen.push(pref.column);
        }
        if seen.len() != 3 {
            return Err("the column list must name original, simplified and translation once each".into());
        }
        if !columns.iter().any(|c| c.visible) {
            return Err("at least one column must be visible".into());
        }
    }
    Ok(())
}

fn validate_font_family(family: &str) -> Result<(), String> {
    if family.chars().count() > MAX_FONT_FAMILY_CHARS {
        return Err(format!("the font family must be at most {MAX_FONT_FAMILY_CHARS} characters"));
    }
    // The name goes into a CSS font-family list: letters (any script), digits,
    // spaces and hyphens are all a family name needs.
    if let Some(bad) = family.chars().find(|&c| !(c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')) {
        return Err(format!("the font family must not contain {bad:?}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_show_every_column() {
        let prefs = ReaderPrefs::default();
        prefs.validate().unwrap();
        assert!(prefs.columns.iter().all(|c| c.visible));
    }

    #[test]
    fn the_citation_choice_is_read_and_defaults_to_the_translation_alone() {
        assert!(!ReaderPrefs::default().citation_with_original);
        let prefs = ReaderPrefs::from_value_lenient(&serde_json::json!({ "citationWithOriginal": true }));
        assert!(prefs.citation_with_original);
        let wrong = ReaderPrefs::from_value_lenient(&serde_json::json!({ "citationWithOriginal": "yes" }));
        assert!(!wrong.citation_with_original);
    }

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        let mut prefs = ReaderPrefs::default();
        prefs.columns[1].column = Column::Original;
        assert!(prefs.validate().unwrap_err().contains("twice"));
        let mut prefs = ReaderPrefs::default();
        prefs.columns.pop();
        assert!(prefs.validate().unwrap_err().contains("once each"));
        let mut prefs = ReaderPrefs::default();
        prefs.columns[2].column = Column::Compare;
        assert!(prefs.validate().unwrap_err().contains("comparison"));
        let mut prefs = ReaderPrefs::default();
        prefs.columns.iter_mut().for_each(|c| c.visible = false);
        assert!(prefs.validate().unwrap_err().contains("visible"));
        let prefs = ReaderPrefs { font_size: 80, ..ReaderPrefs::default() };
        assert!(prefs.validate().unwrap_err().contains("between 12 and 32"));
        let prefs = ReaderPrefs { font_family: "x; color: red".into(), ..ReaderPrefs::default() };
        assert!(prefs.validate().unwrap_err().contains("';'"));
        let prefs = ReaderPrefs { font_family: "Noto Serif CJK TC".into(), ..ReaderPrefs::default() };
        prefs.validate().unwrap();
    }

    #[test]
    fn unknown_or_invalid_values_fall_back_to_their_defaults_one_by_one() {
        let value = serde_json::json!({
            "theme": "sepia",
            "layout": "interleaved",
            "fontSize": 80,
            "fontFamily": "x; color: red",
            "copyFormat": "citation",
            "columns": [{"column": "original", "visible": true}],
            "uiLanguage": 3
        });
        let prefs = ReaderPrefs::from_value_lenient(&value);
        assert_eq!(prefs.theme, Theme::System);
        assert_eq!(prefs.layout, Layout::Interleaved);
        assert_eq!(prefs.font_size, MAX_FONT_SIZE);
        assert_eq!(prefs.font_family, "");
        assert_eq!(prefs.copy_format, CopyFormat::Citation);
        assert_eq!(prefs.columns, ReaderPrefs::default().columns);
        assert_eq!(prefs.ui_language, UiLanguage::System);
        prefs.validate().unwrap();
        assert_eq!(ReaderPrefs::from_value_lenient(&serde_json::json!("nonsense")), ReaderPrefs::default());
    }

    #[test]
    fn a_partial_or_newer_file_still_loads() {
        let prefs: ReaderPrefs = serde_json::from_str(r#"{"theme":"dark","fontSize":20,"somethingNew":1}"#).unwrap();
        assert_eq!(prefs.theme, Theme::Dark);
        assert_eq!(prefs.font_size, 20);
        assert_eq!(prefs.columns, ReaderPrefs::default().columns);
        let json = serde_json::to_value(ReaderPrefs::default()).unwrap();
        assert_eq!(json["uiLanguage"], "system");
        assert_eq!(json["copyFormat"], "translation");
        assert_eq!(json["columns"][2]["column"], "translation");
    }
}
