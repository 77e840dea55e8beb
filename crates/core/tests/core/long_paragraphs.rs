//! A paragraph longer than one request may carry, through the whole job
//! (`job::start` + `Job::run`) against a real HTTP server: it is cut at
//! sentence ends, each piece fits the provider's budget, and the row gets one
//! translation joined from its pieces — once done, and from the cache the
//! second time.

use std::sync::{Arc, Mutex};

use duizhao_core::article::prepare;
use duizhao_core::convert::{ConfigChoice, Converter};
use duizhao_core::document::import_text;
use duizhao_core::job::{self, JobRequest, Reconvert};
use duizhao_core::settings::Profile;
use duizhao_core::store::Cache;
use duizhao_core::translate::plan::pieces;
use duizhao_core::translate::scheduler::BlockEvent;
use duizhao_core::translate::{Lang, Limits, ProviderKind};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::support::{Reply, TestServer};

const LONG: &str = "第一句說的是臺北的捷運。第二句說的是高雄的港口，還有旗津的渡輪！\
第三句「引號裡的話。」第四句沒有標點但是很長很長很長很長很長很長很長很長很長很長很長很長很長";

#[tokio::test]
async fn a_paragraph_over_the_budget_is_cut_at_sentence_ends_and_joined_into_its_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let converter = Converter::new(dir.path()).expect("converter");
    let article =
        prepare(import_text(&format!("標題\n\n{LONG}\n"), "clipboard").unwrap(), ConfigChoice::Auto, &converter)
            .expect("article");
    let limits = Limits { max_texts: 1, max_chars: 20, concurrency: 1, requests_per_second: 100.0 };
    let parts = pieces(LONG, limits.max_chars);
    assert!(parts.len() >= 3, "{parts:?}");
    // One request per piece (and one for the title), answered in order.
    let mut replies = vec![Reply::json(200, json!({ "translatedText": ["Title"] }))];
    replies.extend((0..parts.len()).map(|n| Reply::json(200, json!({ "translatedText": [format!(" Piece {n}. ")] }))));
    let server = TestServer::start(replies).await;
    let mut profile = Profile::new("local", ProviderKind::LibreTranslate);
    profile.base_url = server.url();
    profile.timeout_seconds = Some(5);
    let cache = Arc::new(Cache::open_in_memory().expect("cache"));
    let reconvert: Reconvert = Arc::new(|_, _| None);

    let run = || {
        let request = JobRequest {
            article: &article,
            profile: &profile,
            key: None,
            target: Lang::new("en"),
            source: None,
            only: None,
            limits: Some(limits),
            terms: Vec::new(),
            fresh: false,
        };
        let job = job::start(request, reqwest::Client::new(), Arc::clone(&cache), Arc::clone(&reconvert)).expect("job");
        let events: Arc<Mutex<Vec<BlockEvent>>> = Arc::default();
        let sink = {
            let events = Arc::clone(&events);
            Arc::new(move |event: BlockEvent| events.lock().unwrap().push(event))
        };
        async move {
            let summary = job.run(&[], CancellationToken::new(), sink).await;
            let events = std::mem::take(&mut *events.lock().unwrap());
            (summary, events)
        }
    };

    let (summary, events) = run().await;
    let long_id = &article.blocks[1].id;
    let expected: Vec<String> = (0..parts.len()).map(|n| format!("Piece {n}.")).collect();
    let done: Vec<(&String, &String)> = events
        .iter()
        .filter_map(|e| match e {
            BlockEvent::Done { id, translation, .. } => Some((id, translation)),
            _ => None,
        })
        .collect();
    assert_eq!(done.len(), 2, "one event per row, not per piece: {events:?}");
    assert!(done.contains(&(long_id, &expected.join(" "))), "{done:?}");
    assert!(
        events.iter().all(|e| !matches!(e, BlockEvent::Done { id, .. } if id.contains('\u{1f}'))),
        "no piece id leaks"
    );
    assert_eq!((summary.done, summary.failed), (2, 0), "{summary:?}");
    // What was sent: each piece on its own, within the budget, together the paragraph.
    let sent: Vec<String> =
        server.received().iter().map(|r| r.json()["q"][0].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(sent.len(), parts.len() + 1);
    assert!(sent.iter().all(|q| q.chars().count() <= limits.max_chars), "{sent:?}");
    assert_eq!(sent[1..].concat(), LONG);

    // Again: every piece from the cache, one cached row, no request.
    let before = server.received().len();
    let (summary, events) = run().await;
    assert_eq!(server.received().len(), before);
    assert_eq!(summary.cached, 2, "{summary:?}");
    assert!(
        events.iter().any(|e| matches!(e, BlockEvent::Cached { id, translation, .. } if id == long_id && *translation == expected.join(" "))),
        "{events:?}"
    );
}
