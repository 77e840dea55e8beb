//! Glossaries: source terms and the renderings a reader wants for them.
//!
//! A `Term` is a source (one or more alternatives separated by "/", e.g.
//! "川普/特朗普"), a target rendering (alternatives by "/" too: "National
//! People's Congress/NPC" is satisfied by either), an optional note for the
//! model, and an optional region ("tw", "hk", "cn"; none: any) that limits it
//! to articles whose detected region is that one. Three lists make a job's
//! terms (`crate::job::glossary_terms`): the open document's own (stored with
//! its library entry), the user's global glossary (`GlobalGlossary`, the file
//! `glossary.json` in the config directory, written atomically, never inside
//! `settings.json`: a translator's list can run to thousands of rows, and a
//! broken import must not touch the settings), and the starter list written
//! for this app (`starter`, switchable, for English targets only).
//!
//! What happens with them is the translate layer's business (LLMs are told
//! the terms found in each batch; every row's translation is checked
//! afterwards); this module only parses, validates, stores, matches and checks:
//! - `Matcher`: which terms occur in a text (leftmost-longest, so 立法院長 is
//!   one term, not 立法院 inside it; each source alternative also in its
//!   Traditional/Simplified variants, which the caller supplies);
//! - `missing`: which terms' renderings a translation lacks (case-insensitive
//!   for Latin letters, whitespace normalised);
//! - `parse_table` / `write_table`: the CSV/TSV files translators exchange
//!   (RFC 4180 quoting, an optional header row in English or Chinese).

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Term {
    /// The source term; alternatives of one term separated by "/" ("川普/特朗普").
    pub source: String,
    /// The rendering wanted; alternatives separated by "/" satisfy the check alike.
    pub target: String,
    /// A word for the model and the reader ("Taiwan's cabinet").
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub note: Option<String>,
    /// "tw", "hk" or "cn": the term applies only to articles of that region; absent or null: any.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub region: Option<String>,
}

/// A list of terms (a document's own, or the user's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Glossary {
    pub terms: Vec<Term>,
}

/// A term whose rendering a row's translation lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingTerm {
    pub source: String,
    pub target: String,
    pub note: Option<String>,
}

impl From<&Term> for MissingTerm {
    fn from(term: &Term) -> MissingTerm {
        MissingTerm { source: term.source.clone(), target: term.target.clone(), note: term.note.clone() }
    }
}

/// The regions a term may name.
pub const REGIONS: [&str; 3] = ["tw", "hk", "cn"];

/// The most terms one glossary may hold (a large professional list is a few thousand).
pub const MAX_TERMS: usize = 20_000;

/// What can go wrong with a glossary. Messages name the row (1-based, as a
/// spreadsheet shows it) or the file line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GlossaryError {
    #[error("glossary row {row}: {reason}")]
    InvalidRow { row: usize, reason: String },
    #[error("{path}, line {line}: {reason}; nothing was imported")]
    BadLine { path: String, line: usize, reason: String },
    #[error("cannot import {path}: {reason}")]
    Unreadable { path: String, reason: String, kind: ErrorKind },
    #[error("too many terms ({count}); a glossary holds at most {MAX_TERMS}")]
    TooMany { count: usize },
    #[error("cannot read the glossary file {path}: {reason} (the file was left as it is; fix or remove it)")]
    Malformed { path: String, reason: String },
    #[error("cannot save the glossary to {path}: {reason}")]
    Write { path: String, reason: String },
}

impl GlossaryError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            GlossaryError::InvalidRow { .. } | GlossaryError::TooMany { .. } => ErrorKind::Settings,
            GlossaryError::BadLine { .. } => ErrorKind::Unreadable,
            GlossaryError::Unreadable { kind, .. } => *kind,
            GlossaryError::Malformed { .. } | GlossaryError::Write { .. } => ErrorKind::Settings,
        }
    }
}

/// Collapses runs of whitespace to one space and trims.
fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A term's source alternatives, trimmed, without empty ones.
pub fn alternatives(text: &str) -> Vec<&str> {
    text.split('/').map(str::trim).filter(|alt| !alt.is_empty()).collect()
}

/// Checks and tidies a list: every row needs a source and a target (the error
/// names the first row without); a region must be one of `REGIONS`; spaces are
/// normalised; rows with the same source alternatives (in any order) and
/// region are one term: the later row wins, in the first one's place.
pub fn validate(terms: Vec<Term>) -> Result<Vec<Term>, GlossaryError> {
    if terms.len() > MAX_TERMS {
        return Err(GlossaryError::TooMany { count: terms.len() });
    }
    let mut out: Vec<Term> = Vec::with_capacity(terms.len());
    let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
    for (index, term) in terms.into_iter().enumerate() {
        let row = index + 1;
        let source = alternatives(&normalize_space(&term.source)).join("/");
        let target = normalize_space(&term.target);
        if source.is_empty() {
            return Err(GlossaryError::InvalidRow { row, reason: "the source term is empty".into() });
        }
        if target.is_empty() || alternatives(&target).is_empty() {
            return Err(GlossaryError::InvalidRow { row, reason: format!("{source}: the rendering is empty") });
        }
        let note = term.note.map(|note| normalize_space(&note)).filter(|note| !note.is_empty());
        let region = match term.region.map(|r| r.trim().to_ascii_lowercase()).filter(|r| !r.is_empty()) {
            None => None,
            Some(region) if REGIONS.contains(&region.as_str()) => Some(region),
            Some(region) => {
                return Err(GlossaryError::InvalidRow {
                    row,
                    reason: format!("{source}: unknown region {region:?} (use tw, hk, cn or leave it empty)"),
                })
            }
        };
        let mut sorted: Vec<&str> = alternatives(&source);
        sorted.sort_unstable();
        let key = (sorted.join("/"), region.clone());
        let term = Term { source, target, note, region };
        match seen.get(&key) {
            Some(&at) => out[at] = term,
            None => {
                seen.insert(key, out.len());
                out.push(term);
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Matching and checking

/// Which terms occur in a text. Built once per job from the terms that apply
/// (region-filtered) and a function giving each source alternative's other
/// script forms (the job's: OpenCC t2s, see `job::term_matcher`), so a term
/// written 臺灣 also matches 台湾 in the Simplified column.
pub struct Matcher {
    terms: Vec<Term>,
    /// Pattern index → term index.
    owner: Vec<usize>,
    automaton: Option<AhoCorasick>,
}

impl Matcher {
    pub fn new(terms: Vec<Term>, variants: &dyn Fn(&str) -> Vec<String>) -> Matcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut owner = Vec::new();
        let mut known: HashMap<String, usize> = HashMap::new();
        for (index, term) in terms.iter().enumerate() {
            for alternative in alternatives(&term.source) {
                let mut forms = vec![alternative.to_owned()];
                forms.extend(variants(alternative));
                for form in forms {
                    let form = form.trim().to_owned();
                    // The first term with a form keeps it (a document's own terms come first).
                    if form.is_empty() || known.contains_key(&form) {
                        continue;
                    }
                    known.insert(form.clone(), index);
                    patterns.push(form);
                    owner.push(index);
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok()
        };
        Matcher { terms, owner, automaton }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// The terms occurring in any of `texts` (a block's original and its
    /// Simplified conversion), each once, in the order they were given.
    pub fn terms_in(&self, texts: &[&str]) -> Vec<&Term> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let mut found = vec![false; self.terms.len()];
        for text in texts {
            for hit in automaton.find_iter(*text) {
                found[self.owner[hit.pattern().as_usize()]] = true;
            }
        }
        self.terms.iter().zip(found).filter(|(_, found)| *found).map(|(term, _)| term).collect()
    }
}

/// The terms of `terms` that apply to an article of `region` ("tw", "hk",
/// "cn"; `None`: unknown). A term of another region does not apply; where a
/// source has a term for the article's region and one for any region, the
/// regional one wins. In an article of unknown region a regional term applies
/// unless its source has terms for several regions (they would contradict
/// each other; the region-free one, if any, applies).
pub fn for_region(terms: &[Term], region: Option<&str>) -> Vec<Term> {
    let mut regions_of: HashMap<&str, usize> = HashMap::new();
    for term in terms.iter().filter(|term| term.region.is_some()) {
        *regions_of.entry(term.source.as_str()).or_default() += 1;
    }
    let applies = |term: &Term| match (&term.region, region) {
        (None, _) => true,
        (Some(_), None) => regions_of.get(term.source.as_str()).is_some_and(|&count| count == 1),
        (Some(own), Some(region)) => own == region,
    };
    let regional: std::collections::HashSet<&str> = terms
        .iter()
        .filter(|term| term.region.is_some() && region.is_some() && applies(term))
        .map(|term| term.source.as_str())
        .collect();
    terms
        .iter()
        .filter(|term| applies(term))
        .filter(|term| term.region.is_some() || !regional.contains(term.source.as_str()))
        .cloned()
        .collect()
}

/// Lowercased (for Latin letters and the like), whitespace collapsed, for comparing renderings.
fn comparable(text: &str) -> String {
    normalize_space(&text.to_lowercase())
}

/// The terms whose rendering (none of its "/" alternatives) `translation` contains.
pub fn missing(terms: &[&Term], translation: &str) -> Vec<MissingTerm> {
    let translation = comparable(translation);
    terms
        .iter()
        .filter(|term| !alternatives(&term.target).iter().any(|alt| translation.contains(&comparable(alt))))
        .map(|term| MissingTerm::from(*term))
        .collect()
}

/// How a term is named to a model: "川普 → Trump (note)".
pub fn instruction(term: &Term) -> String {
    match &term.note {
        Some(note) => format!("{} → {} ({note})", term.source, term.target),
        None => format!("{} → {}", term.source, term.target),
    }
}

/// What a set of terms contributes to a cache key: each term's source and
/// rendering (and note, which the model is told too), sorted, so the same
/// terms in another order key the same; empty when there are none.
pub fn cache_part(terms: &[&Term]) -> String {
    let mut parts: Vec<String> = terms
        .iter()
        .map(|term| format!("{}\u{1f}{}\u{1f}{}", term.source, term.target, term.note.as_deref().unwrap_or_default()))
        .collect();
    parts.sort_unstable();
    parts.dedup();
    parts.join("\u{1e}")
}

// ---------------------------------------------------------------------------
// The global glossary file

/// The global glossary's file name in the config directory.
pub const GLOSSARY_FILE_NAME: &str = "glossary.json";

/// The user's glossary and whether the starter list is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalGlossary {
    /// Whether `starter()` is used (English targets only).
    #[serde(default = "yes")]
    pub starter: bool,
    #[serde(default)]
    pub terms: Vec<Term>,
}

fn yes() -> bool {
    true
}

impl Default for GlobalGlossary {
    fn default() -> GlobalGlossary {
        GlobalGlossary { starter: true, terms: Vec::new() }
    }
}

impl GlobalGlossary {
    /// Reads `<dir>/glossary.json`; a missing file is the default (starter on, no terms).
    /// A damaged file is an error and is left as it is.
    pub fn load(dir: &Path) -> Result<GlobalGlossary, GlossaryError> {
        let path = dir.join(GLOSSARY_FILE_NAME);
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(GlobalGlossary::default()),
            Err(error) => return Err(GlossaryError::Malformed { path: shown, reason: error.to_string() }),
        };
        serde_json::from_str(&text).map_err(|error| GlossaryError::Malformed { path: shown, reason: error.to_string() })
    }

    /// Validates the terms and writes the file atomically.
    pub fn save(self, dir: &Path) -> Result<GlobalGlossary, GlossaryError> {
        let saved = GlobalGlossary { starter: self.starter, terms: validate(self.terms)? };
        let path = dir.join(GLOSSARY_FILE_NAME);
        let write_error = |reason: String| GlossaryError::Write { path: path.display().to_string(), reason };
        std::fs::create_dir_all(dir).map_err(|e| write_error(e.to_string()))?;
        let mut json = serde_json::to_string_pretty(&saved).map_err(|e| write_error(e.to_string()))?;
        json.push('\n');
        crate::fs::write_atomically(&path, json.as_bytes()).map_err(|e| write_error(e.to_string()))?;
        Ok(saved)
    }
}

// ---------------------------------------------------------------------------
// CSV and TSV

/// A table file's field separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    Csv,
    Tsv,
}

impl TableFormat {
    fn separator(self) -> char {
        match self {
            TableFormat::Csv => ',',
            TableFormat::Tsv => '\t',
        }
    }
}

/// Header names recognised for each column, in English and Chinese (both scripts).
const HEADERS: [(&str, &[&str]); 4] = [
    ("source", &["source", "term", "source term", "原文", "源", "來源", "来源", "術語", "术语", "詞語", "词语"]),
    ("target", &["target", "translation", "rendering", "譯文", "译文", "翻譯", "翻译", "譯名", "译名", "目標", "目标"]),
    ("note", &["note", "notes", "comment", "備註", "备注", "說明", "说明", "註釋", "注释"]),
    ("region", &["region", "地區", "地区", "區域", "区域"]),
];

/// Reads a glossary file: CSV or TSV (by extension, else by content), UTF-8
/// with or without a BOM, UTF-16 with a BOM, or a legacy Chinese encoding
/// (`document::decode`). A bad row is an error naming its line; nothing is
/// imported then.
pub fn import_file(path: &Path) -> Result<Vec<Term>, GlossaryError> {
    let shown = path.display().to_string();
    let unreadable = |error: crate::document::ImportError| GlossaryError::Unreadable {
        path: shown.clone(),
        reason: error.to_string(),
        kind: error.kind(),
    };
    let bytes = crate::document::read_file(path).map_err(unreadable)?;
    if bytes.is_empty() {
        return Err(GlossaryError::Unreadable {
            path: shown,
            reason: "the file is empty".into(),
            kind: ErrorKind::Empty,
        });
    }
    let text = crate::document::decode(&bytes, None).map_err(unreadable)?.text;
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let format = match extension.as_str() {
        "tsv" | "tab" => TableFormat::Tsv,
        "csv" => TableFormat::Csv,
        _ => sniff(&text),
    };
    parse_table(&text, format).map_err(|(line, reason)| GlossaryError::BadLine { path: shown, line, reason })
}

/// Tabs in the first line mean TSV, else CSV.
fn sniff(text: &str) -> TableFormat {
    let first = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
    if first.contains('\t') {
        TableFormat::Tsv
    } else {
        TableFormat::Csv
    }
}

/// One record and the line it starts on.
type Record = (usize, Vec<String>);

/// Splits `text` into records (RFC 4180: fields in double quotes may hold the
/// separator, line breaks and doubled quotes). Error: (line, reason).
fn records(text: &str, separator: char) -> Result<Vec<Record>, (usize, String)> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    // Whether the field began with a quote (then only a separator or a line end may follow its closing quote).
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
                out.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            _ if was_quoted => {
                return Err((line, format!("text after a closing quote ({c:?}); double a quote inside quotes")));
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err((start, "a quoted field is never closed".into()));
    }
    if !field.is_empty() || !fields.is_empty() || was_quoted {
        fields.push(field);
        out.push((start, fields));
    }
    Ok(out)
}

/// Reads a CSV or TSV table into terms. Columns: source, target, note, region,
/// in that order unless a header row names them (in English or Chinese, in any
/// order). Blank lines are skipped. Error: (line, reason), naming the first bad row.
pub fn parse_table(text: &str, format: TableFormat) -> Result<Vec<Term>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rows = records(text, format.separator())?;
    let mut rows = rows.into_iter().filter(|(_, fields)| fields.iter().any(|f| !f.trim().is_empty())).peekable();
    // Column positions: source, target, note, region.
    let mut columns: [Option<usize>; 4] = [Some(0), Some(1), Some(2), Some(3)];
    if let Some((_, first)) = rows.peek() {
        let named: Vec<Option<usize>> = HEADERS
            .iter()
            .map(|(_, names)| first.iter().position(|cell| names.contains(&cell.trim().to_lowercase().as_str())))
            .collect();
        if named[0].is_some() && named[1].is_some() {
            columns = [named[0], named[1], named[2], named[3]];
            rows.next();
        }
    }
    let mut terms = Vec::new();
    for (line, fields) in rows {
        let cell = |column: Option<usize>| {
            column.and_then(|at| fields.get(at)).map(|value| value.trim().to_owned()).filter(|v| !v.is_empty())
        };
        let source = cell(columns[0]).ok_or((line, "the source term (first column) is empty".to_owned()))?;
        let target = cell(columns[1]).ok_or((line, format!("{source}: the rendering (second column) is empty")))?;
        let region = cell(columns[3]).map(|r| r.to_ascii_lowercase());
        if let Some(region) = &region {
            if !REGIONS.contains(&region.as_str()) {
                return Err((line, format!("{source}: unknown region {region:?} (use tw, hk, cn or leave it empty)")));
            }
        }
        terms.push(Term { source, target, note: cell(columns[2]), region });
    }
    if terms.len() > MAX_TERMS {
        return Err((1, format!("too many terms ({}); a glossary holds at most {MAX_TERMS}", terms.len())));
    }
    Ok(terms)
}

/// Writes terms as a table with an English header row, UTF-8 (CSV with RFC
/// 4180 quoting; TSV with tabs and line breaks inside fields turned into spaces).
pub fn write_table(terms: &[Term], format: TableFormat) -> String {
    let cell = |value: &str| match format {
        TableFormat::Csv if value.contains([',', '"', '\n', '\r']) => format!("\"{}\"", value.replace('"', "\"\"")),
        TableFormat::Csv => value.to_owned(),
        TableFormat::Tsv => value.replace(['\t', '\n', '\r'], " "),
    };
    let separator = format.separator().to_string();
    let mut out = ["source", "target", "note", "region"].join(&separator);
    out.push_str("\r\n");
    for term in terms {
        let row = [
            cell(&term.source),
            cell(&term.target),
            cell(term.note.as_deref().unwrap_or_default()),
            cell(term.region.as_deref().unwrap_or_default()),
        ];
        out.push_str(&row.join(&separator));
        out.push_str("\r\n");
    }
    out
}

// ---------------------------------------------------------------------------
// The starter list

/// A starter row: source, rendering, note, region.
type Starter = (&'static str, &'static str, Option<&'static str>, Option<&'static str>);

/// Names and institutions readers of Taiwan, Hong Kong and mainland news meet,
/// with the renderings Reuters, AP, the BBC, Focus Taiwan (CNA) and the South
/// China Morning Post use. Written for this app, for English targets only
/// (`crate::job::glossary_terms` leaves it out for any other target). Sources
/// are given once, in Traditional script; matching also finds their Simplified
/// forms. A region is given only where one word names different bodies in
/// different places (證監會: Hong Kong's SFC, the mainland's CSRC): an
/// institution of one place (行政院, 立法會) keeps its rendering in news from
/// anywhere, so it has none.
const STARTER: &[Starter] = &[
    // People.
    ("川普/特朗普", "Trump", Some("Donald Trump: 川普 in Taiwan, 特朗普 in Hong Kong and the mainland"), None),
    ("拜登", "Biden", None, None),
    ("習近平", "Xi Jinping", None, None),
    ("賴清德", "Lai Ching-te", None, None),
    ("蔡英文", "Tsai Ing-wen", None, None),
    ("李家超", "John Lee", Some("Hong Kong's Chief Executive"), None),
    // Taiwan.
    ("立委/立法委員", "legislator/lawmaker", Some("a member of Taiwan's Legislative Yuan"), None),
    ("行政院", "Executive Yuan", Some("Taiwan's cabinet"), None),
    ("行政院長", "Premier", None, None),
    ("立法院", "Legislative Yuan", Some("Taiwan's parliament"), None),
    ("立法院長", "Legislative Speaker/speaker of the Legislative Yuan", None, None),
    ("司法院", "Judicial Yuan", None, None),
    ("監察院", "Control Yuan", None, None),
    ("考試院", "Examination Yuan", None, None),
    ("總統府", "Presidential Office", None, None),
    ("陸委會/大陸委員會", "Mainland Affairs Council", None, None),
    ("海基會", "Straits Exchange Foundation", None, None),
    ("國民黨", "Kuomintang/KMT", None, None),
    ("民進黨", "Democratic Progressive Party/DPP", None, None),
    ("民眾黨", "Taiwan People's Party/TPP", None, None),
    ("金管會", "Financial Supervisory Commission", None, None),
    ("國安局", "National Security Bureau", None, None),
    ("海巡署", "Coast Guard Administration", None, None),
    ("中研院", "Academia Sinica", None, None),
    ("健保", "National Health Insurance", None, None),
    ("中央社", "Central News Agency/CNA", None, None),
    ("捷運", "MRT", Some("metro system in Taiwan"), None),
    ("高鐵", "high-speed rail", None, None),
    ("罷免", "recall", None, None),
    ("公投", "referendum", None, None),
    ("新北", "New Taipei", None, None),
    ("台中/臺中", "Taichung", None, None),
    ("高雄", "Kaohsiung", None, None),
    ("花蓮", "Hualien", None, None),
    ("金門", "Kinmen", None, None),
    ("澎湖", "Penghu", None, None),
    ("九二共識", "1992 Consensus", None, None),
    // Hong Kong.
    ("港府", "Hong Kong government/Hong Kong's government", None, None),
    ("特首", "Chief Executive", Some("the head of the Hong Kong or Macau government"), None),
    ("立法會", "Legislative Council/LegCo", None, None),
    ("行政會議", "Executive Council", None, None),
    ("港鐵", "MTR", None, None),
    ("廉署/廉政公署", "Independent Commission Against Corruption/ICAC", None, None),
    ("中聯辦", "Liaison Office", Some("Beijing's Liaison Office in Hong Kong"), None),
    ("港澳辦", "Hong Kong and Macau Affairs Office/Hong Kong and Macao Affairs Office", None, None),
    (
        "國安法/港區國安法",
        "National Security Law/National Security Act",
        Some("in Taiwan news 國安法 can be Taiwan's own National Security Act"),
        None,
    ),
    ("基本法", "Basic Law", None, None),
    ("證監會", "Securities and Futures Commission", None, Some("hk")),
    ("大灣區", "Greater Bay Area", None, None),
    ("一國兩制", "one country, two systems", None, None),
    // The mainland.
    ("國台辦", "Taiwan Affairs Office", None, None),
    ("海協會", "Association for Relations Across the Taiwan Straits/ARATS", None, None),
    ("人大/全國人大", "National People's Congress/NPC", None, None),
    ("人大常委會", "NPC Standing Committee", None, None),
    ("政協/全國政協", "Chinese People's Political Consultative Conference/CPPCC", None, None),
    ("國務院", "State Council", None, None),
    ("中共", "Communist Party", Some("the Chinese Communist Party"), None),
    ("政治局", "Politburo", None, None),
    ("政治局常委", "Politburo Standing Committee", None, None),
    ("中紀委", "Central Commission for Discipline Inspection", None, None),
    ("發改委", "National Development and Reform Commission/NDRC", None, None),
    ("證監會", "China Securities Regulatory Commission", None, Some("cn")),
    ("解放軍", "People's Liberation Army/PLA", None, None),
    ("兩會", "two sessions", Some("the annual NPC and CPPCC meetings"), None),
    ("一帶一路", "Belt and Road", None, None),
    ("新華社", "Xinhua", None, None),
    ("兩岸", "cross-strait", None, None),
    ("台海/臺海", "Taiwan Strait", None, None),
];

/// The starter list (see `STARTER`), for English targets.
pub fn starter() -> Vec<Term> {
    STARTER
        .iter()
        .map(|(source, target, note, region)| Term {
            source: (*source).to_owned(),
            target: (*target).to_owned(),
            note: note.map(str::to_owned),
            region: region.map(str::to_owned),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(source: &str, target: &str) -> Term {
        Term { source: source.into(), target: target.into(), note: None, region: None }
    }

    #[test]
    fn validation_names_the_row_and_merges_duplicates() {
        let error = validate(vec![term("川普", "Trump"), term("立委", " ")]).unwrap_err();
        assert_eq!(error, GlossaryError::InvalidRow { row: 2, reason: "立委: the rendering is empty".into() });
        assert!(error.to_string().contains("row 2"), "{error}");
        let error = validate(vec![term(" / ", "x")]).unwrap_err();
        assert!(matches!(error, GlossaryError::InvalidRow { row: 1, .. }), "{error:?}");
        let merged =
            validate(vec![term("川普 / 特朗普", "Trump"), term("捷運", "MRT"), term("特朗普/川普", "Donald  Trump")])
                .unwrap();
        assert_eq!(merged, vec![term("特朗普/川普", "Donald Trump"), term("捷運", "MRT")]);
        let mut regional = term("證監會", "SFC");
        regional.region = Some("HK".into());
        let kept = validate(vec![term("證監會", "CSRC"), regional]).unwrap();
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[1].region.as_deref(), Some("hk"));
        let mut bad = term("a", "b");
        bad.region = Some("jp".into());
        assert!(validate(vec![bad]).is_err());
    }

    #[test]
    fn matching_is_leftmost_longest_over_both_scripts_and_variants() {
        let terms = vec![
            term("立法院", "Legislative Yuan"),
            term("立法院長", "Legislative Speaker"),
            term("川普/特朗普", "Trump"),
        ];
        let variants =
            |alt: &str| if alt == "特朗普" { vec!["特朗普".to_owned(), "特朗普x".to_owned()] } else { vec![] };
        let matcher = Matcher::new(terms, &variants);
        let found: Vec<&str> = matcher.terms_in(&["立法院長說，川普"]).iter().map(|t| t.target.as_str()).collect();
        assert_eq!(found, ["Legislative Speaker", "Trump"]);
        let found: Vec<&str> =
            matcher.terms_in(&["沒有", "立法院今天和特朗普x"]).iter().map(|t| t.target.as_str()).collect();
        assert_eq!(found, ["Legislative Yuan", "Trump"]);
        assert!(matcher.terms_in(&["什麼都沒有"]).is_empty());
        assert!(Matcher::new(vec![], &variants).is_empty());
    }

    #[test]
    fn a_rendering_is_found_case_insensitively_with_spaces_normalised_and_alternatives() {
        let npc = term("人大", "National People's Congress/NPC");
        let mrt = term("捷運", "MRT");
        assert!(missing(&[&npc, &mrt], "the  national people's\ncongress took the mrt").is_empty());
        assert!(missing(&[&npc], "The NPC met.").is_empty());
        assert_eq!(missing(&[&npc, &mrt], "The NPC took the metro."), vec![MissingTerm::from(&mrt)]);
    }

    #[test]
    fn region_filtering_prefers_the_regional_term() {
        let mut hk = term("證監會", "Securities and Futures Commission");
        hk.region = Some("hk".into());
        let mut cn = term("證監會", "China Securities Regulatory Commission");
        cn.region = Some("cn".into());
        let any = term("證監會", "securities regulator");
        let terms = vec![any.clone(), hk.clone(), cn.clone()];
        assert_eq!(for_region(&terms, Some("hk")), vec![hk.clone()]);
        assert_eq!(for_region(&terms, Some("tw")), vec![any.clone()]);
        assert_eq!(for_region(&terms, None), vec![any.clone()], "two regions disagree: neither applies");
        assert_eq!(for_region(&[hk.clone()], None), vec![hk.clone()], "one regional term applies anywhere unknown");
    }

    #[test]
    fn tables_read_quotes_headers_in_chinese_and_report_the_bad_line() {
        let csv =
            "\u{feff}譯文,原文,備註\r\n\"Trump\",川普,\"a \"\"quoted\"\", note\"\r\n\r\nMRT,捷運,\"two\nlines\"\r\n";
        let terms = parse_table(csv, TableFormat::Csv).unwrap();
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].source, "川普");
        assert_eq!(terms[0].target, "Trump");
        assert_eq!(terms[0].note.as_deref(), Some("a \"quoted\", note"));
        assert_eq!(terms[1].note.as_deref(), Some("two\nlines"));
        // No header: source, target, note, region.
        let tsv = "立委\tlegislator\n證監會\tSFC\t\tHK\n";
        let terms = parse_table(tsv, TableFormat::Tsv).unwrap();
        assert_eq!(terms[1].region.as_deref(), Some("hk"));
        // The bad row's line, counting the lines of a quoted field before it.
        let bad = "source,target\n川普,\"Trump\nDonald\"\n立委,\n";
        assert_eq!(parse_table(bad, TableFormat::Csv).unwrap_err().0, 4);
        assert_eq!(parse_table("a,\"b\"c\n", TableFormat::Csv).unwrap_err().0, 1);
        assert_eq!(parse_table("a,\"b\n", TableFormat::Csv).unwrap_err().0, 1);
    }

    #[test]
    fn written_tables_read_back_the_same() {
        let mut tricky = term("川普, 特朗普", "\"Trump\"");
        tricky.note = Some("line\nbreak".into());
        tricky.region = Some("tw".into());
        let terms = vec![tricky, term("捷運", "MRT")];
        assert_eq!(parse_table(&write_table(&terms, TableFormat::Csv), TableFormat::Csv).unwrap(), terms);
        let back = parse_table(&write_table(&terms, TableFormat::Tsv), TableFormat::Tsv).unwrap();
        assert_eq!(back[0].note.as_deref(), Some("line break"));
        assert_eq!(back[1], terms[1]);
    }

    #[test]
    fn the_starter_list_is_valid_and_in_traditional_script() {
        let list = starter();
        assert!((40..=80).contains(&list.len()), "{}", list.len());
        let valid = validate(list.clone()).unwrap();
        assert_eq!(valid.len(), list.len(), "no two starter rows are one term");
        assert!(list.iter().any(|t| t.source == "川普/特朗普" && t.target == "Trump"));
    }

    #[test]
    fn the_cache_part_ignores_order() {
        let (a, b) = (term("川普", "Trump"), term("捷運", "MRT"));
        assert_eq!(cache_part(&[&a, &b]), cache_part(&[&b, &a]));
        assert_ne!(cache_part(&[&a]), cache_part(&[&a, &b]));
        assert_eq!(cache_part(&[]), "");
    }
}
