//! Glossaries through whole jobs (`job::start` + `Job::run`) against local
//! servers: a chat model is told the terms found in each batch and the cache
//! key carries them (a changed term misses, an unrelated one still hits); a
//! machine translation engine is sent nothing extra and its cache is not
//! touched by the glossary; every row is checked for the terms' renderings;
//! the per-document glossary is stored with its library entry; CSV/TSV files
//! import in their encodings or name the bad line.

use std::sync::{Arc, Mutex};

use duizhao_core::article::{prepare, Article};
use duizhao_core::convert::{Config, ConfigChoice, Converter};
use duizhao_core::document::import_text;
use duizhao_core::glossary::{self, GlobalGlossary, Glossary, GlossaryError, MissingTerm, Term};
use duizhao_core::job::{self, JobRequest, Reconvert};
use duizhao_core::settings::Profile;
use duizhao_core::store::{Cache, Library};
use duizhao_core::translate::scheduler::{BlockEvent, Summary};
use duizhao_core::translate::{Lang, Limits, ProviderKind, Secret};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::support::{Reply, TestServer};

pub fn term(source: &str, target: &str) -> Term {
    Term { source: source.into(), target: target.into(), note: None, region: None }
}

/// An article, and OpenCC for the job's term variants.
pub fn article(text: &str) -> (Article, Reconvert, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let converter = Arc::new(Converter::new(dir.path()).expect("converter"));
    let article = prepare(import_text(text, "clipboard").unwrap(), ConfigChoice::Auto, &converter).expect("article");
    let reconvert: Reconvert = Arc::new(move |config, text| converter.convert(config, text).ok());
    (article, reconvert, dir)
}

pub struct Run {
    pub summary: Summary,
    pub events: Vec<BlockEvent>,
}

impl Run {
    /// The rows' (translation, missing terms) of Done and Cached events, by block id.
    pub fn row(&self, id: &str) -> Option<(String, Vec<MissingTerm>, bool)> {
        self.events.iter().find_map(|event| match event {
            BlockEvent::Done { id: at, translation, missing, .. } if at == id => {
                Some((translation.clone(), missing.clone(), false))
            }
            BlockEvent::Cached { id: at, translation, missing, .. } if at == id => {
                Some((translation.clone(), missing.clone(), true))
            }
            _ => None,
        })
    }
}

/// Runs one job and collects its events.
pub async fn run_job(
    article: &Article,
    profile: &Profile,
    terms: Vec<Term>,
    cache: &Arc<Cache>,
    reconvert: &Reconvert,
    limits: Option<Limits>,
) -> Run {
    let request = JobRequest {
        article,
        profile,
        key: Some(Secret::new("test-key-7c1f")),
        target: Lang::new("en"),
        source: None,
        only: None,
        limits,
        terms,
        fresh: false,
    };
    let job = job::start(request, reqwest::Client::new(), Arc::clone(cache), Arc::clone(reconvert)).expect("job");
    let events: Arc<Mutex<Vec<BlockEvent>>> = Arc::default();
    let sink = {
        let events = Arc::clone(&events);
        Arc::new(move |event: BlockEvent| events.lock().unwrap().push(event))
    };
    let summary = job.run(&[], CancellationToken::new(), sink).await;
    let events = std::mem::take(&mut *events.lock().unwrap());
    Run { summary, events }
}

fn completion(content: &str) -> Reply {
    Reply::json(
        200,
        json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": content }, "finish_reason": "stop" }] }),
    )
}

fn openai_profile(server: &TestServer) -> Profile {
    let mut profile = Profile::new("chat", ProviderKind::OpenAi);
    profile.base_url = format!("{}/v1", server.url());
    profile.model = Some("test-model".into());
    profile.stream = false;
    profile.context = false;
    profile.timeout_seconds = Some(5);
    profile
}

const TEXT: &str = "川普今天抵達台北。\n";

#[tokio::test]
async fn glossary_terms_reach_a_chat_model_and_key_its_cache() {
    let (article, reconvert, _dir) = article(TEXT);
    let id = article.blocks[0].id.clone();
    let server = TestServer::start([
        completion("<seg id=\"1\">Trump arrived in Taipei today.</seg>"),
        completion("<seg id=\"1\">Trump arrived in Taipei today.</seg>"),
    ])
    .await;
    let profile = openai_profile(&server);
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let terms = vec![term("川普", "Trump"), term("捷運", "MRT")];

    let first = run_job(&article, &profile, terms.clone(), &cache, &reconvert, None).await;
    let (translation, missing, cached) = first.row(&id).expect("a row");
    assert_eq!((translation.as_str(), missing.len(), cached), ("Trump arrived in Taipei today.", 0, false));
    let sent = server.received()[0].json()["messages"][1]["content"].as_str().unwrap().to_owned();
    assert!(sent.contains("川普 → Trump"), "the term found is told: {sent}");
    assert!(!sent.contains("MRT"), "a term not in the batch is not: {sent}");

    // The same text, an unrelated term added: the cache answers.
    let mut more = terms.clone();
    more.push(term("立委", "legislator"));
    let again = run_job(&article, &profile, more, &cache, &reconvert, None).await;
    assert_eq!(again.row(&id).map(|row| row.2), Some(true), "{:?}", again.events);
    assert_eq!(server.received().len(), 1);

    // The term that applies changed: never the stale row.
    let changed = vec![term("川普", "Donald Trump")];
    let fresh = run_job(&article, &profile, changed, &cache, &reconvert, None).await;
    let (_, missing, cached) = fresh.row(&id).expect("a row");
    assert!(!cached, "a changed term must not answer from the cache");
    assert_eq!(server.received().len(), 2);
    let sent = server.received()[1].json()["messages"][1]["content"].as_str().unwrap().to_owned();
    assert!(sent.contains("川普 → Donald Trump"), "{sent}");
    // The model ignored it: the row says so.
    assert_eq!(missing, vec![MissingTerm { source: "川普".into(), target: "Donald Trump".into(), note: None }]);
}

#[tokio::test]
async fn a_machine_translation_engine_gets_no_terms_its_cache_ignores_them_and_rows_are_checked() {
    let (article, reconvert, _dir) = article(TEXT);
    let id = article.blocks[0].id.clone();
    let server =
        TestServer::start([Reply::json(200, json!({ "translatedText": ["Chuanpu arrived in Taipei today."] }))]).await;
    let mut profile = Profile::new("libre", ProviderKind::LibreTranslate);
    profile.base_url = server.url();
    profile.timeout_seconds = Some(5);
    let cache = Arc::new(Cache::open_in_memory().unwrap());

    let first = run_job(&article, &profile, vec![term("川普", "Trump")], &cache, &reconvert, None).await;
    let (_, missing, _) = first.row(&id).expect("a row");
    assert_eq!(missing, vec![MissingTerm { source: "川普".into(), target: "Trump".into(), note: None }]);
    let sent = server.only_request().body_text();
    assert!(!sent.contains("Trump"), "nothing of the glossary is sent: {sent}");

    // Another glossary: the same cache entry, still checked against the terms of now.
    let again = run_job(&article, &profile, vec![term("台北", "Taipei")], &cache, &reconvert, None).await;
    let (_, missing, cached) = again.row(&id).expect("a row");
    assert!(cached && missing.is_empty(), "{:?}", again.events);
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_term_in_simplified_matches_a_traditional_text_and_regions_filter() {
    // 陆委会 (Simplified) in a Taiwan text written 陸委會.
    let (article, reconvert, _dir) = article("陸委會今天表示，捷運的軟體與網路將更新。\n");
    assert_eq!(job::glossary_region(&article), Some("tw"), "{:?}", article.region);
    let mut hk_only = term("捷運", "Mass Transit");
    hk_only.region = Some("hk".into());
    let terms = vec![term("陆委会", "Mainland Affairs Council"), hk_only];
    let id = &article.blocks[0].id;
    let missing =
        job::check_terms(&article, &terms, &reconvert, id, "The council said the metro software will be updated.");
    assert_eq!(missing.iter().map(|m| m.target.as_str()).collect::<Vec<_>>(), ["Mainland Affairs Council"]);
    let missing = job::check_terms(&article, &terms, &reconvert, id, "The Mainland Affairs Council said …");
    assert!(missing.is_empty(), "{missing:?}");
    assert!(job::check_terms(&article, &terms, &reconvert, "no such block", "x").is_empty());
}

/// The terms' other script forms come from t2s, which opening a Traditional or a Simplified
/// article has loaded already (detection converts with it): s2t, whose phrase dictionary is
/// 25 MB in memory and ~50 ms to load, was loaded for the terms alone, on the way to a job's
/// first request. A Simplified term still finds a Traditional original (through its Simplified
/// column) and a Traditional term a Simplified one (through its t2s form).
#[test]
fn matching_terms_opens_no_conversion_beyond_the_articles() {
    for (text, expected) in [
        ("陸委會今天表示，捷運的軟體與網路將更新。\n", ["Mainland Affairs Council", "MRT"]),
        ("陆委会今天表示，捷运的软件与网络将更新。\n", ["Mainland Affairs Council", "MRT"]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let converter = Arc::new(Converter::new(dir.path()).unwrap());
        let article = prepare(import_text(text, "clipboard").unwrap(), ConfigChoice::Auto, &converter).unwrap();
        let opened_by_the_article = converter.opened();
        let shared = Arc::clone(&converter);
        let reconvert: Reconvert = Arc::new(move |config, text| shared.convert(config, text).ok());
        let global = GlobalGlossary {
            starter: true,
            terms: vec![term("陆委会", "Mainland Affairs Council"), term("捷運", "MRT")],
        };
        let terms = job::glossary_terms(&global, &[], &Lang::new("en"));
        let matcher = job::term_matcher(&article, &terms, &reconvert);
        let block = &article.blocks[0];
        let found: Vec<&str> =
            matcher.terms_in(&[&block.text, &block.simplified]).iter().map(|t| t.target.as_str()).collect();
        for target in expected {
            assert!(found.contains(&target), "{text}: {target} not found in {found:?}");
        }
        assert_eq!(converter.opened(), opened_by_the_article, "{text}");
        assert!(!converter.opened().contains(&Config::S2T), "{text}");
    }
}

#[test]
fn the_starter_list_is_for_english_targets_and_the_document_comes_first() {
    let global = GlobalGlossary { starter: true, terms: vec![term("立委", "lawmaker")] };
    let document = [term("立委", "legislator")];
    let en = job::glossary_terms(&global, &document, &Lang::new("en-US"));
    assert_eq!(en[0], document[0]);
    assert_eq!(en[1], global.terms[0]);
    assert!(en.len() > 40, "the starter list is added");
    let ja = job::glossary_terms(&global, &document, &Lang::new("ja"));
    assert_eq!(ja.len(), 2, "no starter list for Japanese");
    let off = GlobalGlossary { starter: false, ..global };
    assert_eq!(job::glossary_terms(&off, &[], &Lang::new("en")).len(), 1);
}

#[test]
fn the_global_glossary_is_its_own_file_and_a_damaged_one_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(GlobalGlossary::load(dir.path()).unwrap(), GlobalGlossary::default());
    let saved = GlobalGlossary { starter: false, terms: vec![term("捷運", "MRT"), term("捷運", "metro")] }
        .save(dir.path())
        .unwrap();
    assert_eq!(saved.terms, vec![term("捷運", "metro")], "duplicates merged");
    assert_eq!(GlobalGlossary::load(dir.path()).unwrap(), saved);
    let refused = GlobalGlossary { starter: true, terms: vec![term("a", "b"), term("", "c")] }.save(dir.path());
    assert!(matches!(refused, Err(GlossaryError::InvalidRow { row: 2, .. })), "{refused:?}");
    assert_eq!(GlobalGlossary::load(dir.path()).unwrap(), saved, "a refused save changes nothing");
    let path = dir.path().join(glossary::GLOSSARY_FILE_NAME);
    std::fs::write(&path, "{ not json").unwrap();
    assert!(matches!(GlobalGlossary::load(dir.path()), Err(GlossaryError::Malformed { .. })));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
}

#[test]
fn a_document_keeps_its_own_terms_in_the_library() {
    let library = Library::open_in_memory().unwrap();
    let document = import_text("川普今天抵達台北。\n", "clipboard").unwrap();
    let id = library.remember(&document, None, "").unwrap();
    assert_eq!(library.glossary(&id).unwrap(), None);
    let (stored, found) = library
        .set_glossary(&id, &Glossary { terms: vec![term(" 川普 ", "Trump"), term("川普", "Donald Trump")] })
        .unwrap();
    assert!(found);
    assert_eq!(stored.terms, vec![term("川普", "Donald Trump")]);
    assert_eq!(library.glossary(&id).unwrap(), Some(stored));
    assert!(library.set_glossary(&id, &Glossary { terms: vec![term("川普", "")] }).is_err());
    let (_, found) = library.set_glossary("no such entry", &Glossary::default()).unwrap();
    assert!(!found);
    library.set_glossary(&id, &Glossary::default()).unwrap();
    assert_eq!(library.glossary(&id).unwrap(), None, "an empty list removes them");
}

#[test]
fn glossary_files_import_in_their_encodings_or_name_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-16LE with a BOM, tab-separated (a spreadsheet's "Unicode text"), Chinese header.
    let text = "原文\t譯文\t備註\r\n川普\tTrump\t美國總統\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = dir.path().join("terms.txt");
    std::fs::write(&path, utf16).unwrap();
    let terms = glossary::import_file(&path).unwrap();
    assert_eq!(terms, vec![Term { note: Some("美國總統".into()), ..term("川普", "Trump") }]);
    // UTF-8 with a BOM, CSV by extension, quotes and no header.
    let path = dir.path().join("terms.csv");
    std::fs::write(&path, "\u{feff}捷運,\"MRT, Taipei\"\n立委,legislator\n").unwrap();
    assert_eq!(glossary::import_file(&path).unwrap()[0].target, "MRT, Taipei");
    // A bad row: its line, and nothing imported.
    std::fs::write(&path, "source,target\n捷運,MRT\n立委,\n").unwrap();
    let error = glossary::import_file(&path).unwrap_err();
    assert!(matches!(error, GlossaryError::BadLine { line: 3, .. }), "{error:?}");
    assert!(error.to_string().contains("line 3"), "{error}");
    let missing = glossary::import_file(&dir.path().join("nope.csv")).unwrap_err();
    assert_eq!(missing.kind(), duizhao_core::error::ErrorKind::NotFound);
}

#[tokio::test]
async fn fresh_translates_past_the_cache_and_keeps_the_new_answer() {
    let (article, reconvert, _dir) = article(TEXT);
    let id = article.blocks[0].id.clone();
    let server = TestServer::start([
        Reply::json(200, json!({ "translatedText": ["Old."] })),
        Reply::json(200, json!({ "translatedText": ["New."] })),
    ])
    .await;
    let mut profile = Profile::new("libre", ProviderKind::LibreTranslate);
    profile.base_url = server.url();
    profile.timeout_seconds = Some(5);
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let run = |fresh: bool| {
        let request = JobRequest {
            article: &article,
            profile: &profile,
            key: None,
            target: Lang::new("en"),
            source: None,
            only: None,
            limits: None,
            terms: Vec::new(),
            fresh,
        };
        let job = job::start(request, reqwest::Client::new(), Arc::clone(&cache), Arc::clone(&reconvert)).unwrap();
        let events: Arc<Mutex<Vec<BlockEvent>>> = Arc::default();
        let sink = {
            let events = Arc::clone(&events);
            Arc::new(move |event: BlockEvent| events.lock().unwrap().push(event))
        };
        async move {
            job.run(&[], CancellationToken::new(), sink).await;
            let events = std::mem::take(&mut *events.lock().unwrap());
            Run { summary: Summary::default(), events }
        }
    };
    assert_eq!(run(false).await.row(&id).map(|r| (r.0, r.2)), Some(("Old.".into(), false)));
    assert_eq!(run(false).await.row(&id).map(|r| (r.0, r.2)), Some(("Old.".into(), true)));
    assert_eq!(run(true).await.row(&id).map(|r| (r.0, r.2)), Some(("New.".into(), false)), "past the cache");
    assert_eq!(run(false).await.row(&id).map(|r| (r.0, r.2)), Some(("New.".into(), true)), "the new answer is kept");
    assert_eq!(server.received().len(), 2);
}
