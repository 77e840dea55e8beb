//! What chat models get besides the segments, and answers cut off by their
//! output limit, for each chat kind (OpenAI-compatible, Anthropic, Gemini)
//! against the local server (`support`):
//! - context: the document's title and the paragraph before a batch reach the
//!   request, marked as context, and are absent when the profile turns it off;
//! - truncation: a batch cut off is split and every row completes; a single
//!   segment cut off is cut at sentence ends and joined back; one that stays
//!   cut off fails with kind `truncated` while the others are done.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use duizhao_core::error::ErrorKind;
use duizhao_core::settings::Profile;
use duizhao_core::store::Cache;
use duizhao_core::translate::scheduler::{BlockEvent, NoCache, RetryPolicy, Scheduler};
use duizhao_core::translate::{Lang, Limits, ProviderConfig, ProviderKind, Secret, Segment};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use crate::glossary::{article, run_job};
use crate::support::{Reply, TestServer};

const KINDS: [ProviderKind; 3] = [ProviderKind::OpenAi, ProviderKind::Anthropic, ProviderKind::Gemini];

/// The kind's base URL on the test server.
fn base_url(kind: ProviderKind, server: &TestServer) -> String {
    match kind {
        ProviderKind::Gemini => format!("{}/v1beta", server.url()),
        _ => format!("{}/v1", server.url()),
    }
}

/// An answer in the kind's shape; `cut`: stopped by the output limit.
fn answer(kind: ProviderKind, content: &str, cut: bool) -> Reply {
    let body = match kind {
        ProviderKind::OpenAi => json!({ "choices": [{ "index": 0,
            "message": { "role": "assistant", "content": content },
            "finish_reason": if cut { "length" } else { "stop" } }] }),
        ProviderKind::Anthropic => json!({ "id": "msg_01", "type": "message", "role": "assistant",
            "content": [{ "type": "text", "text": content }],
            "stop_reason": if cut { "max_tokens" } else { "end_turn" } }),
        _ => json!({ "candidates": [{ "content": { "role": "model", "parts": [{ "text": content }] },
            "finishReason": if cut { "MAX_TOKENS" } else { "STOP" }, "index": 0 }] }),
    };
    Reply::json(200, body)
}

fn tagged(texts: &[&str]) -> String {
    texts.iter().enumerate().map(|(i, text)| format!("<seg id=\"{}\">{text}</seg>", i + 1)).collect()
}

/// The user message a request carried, in the kind's shape.
fn user_message(kind: ProviderKind, body: &Value) -> String {
    let text = match kind {
        ProviderKind::OpenAi => &body["messages"][1]["content"],
        ProviderKind::Anthropic => &body["messages"][0]["content"],
        _ => &body["contents"][0]["parts"][0]["text"],
    };
    text.as_str().unwrap_or_default().to_owned()
}

fn profile(kind: ProviderKind, server: &TestServer, context: bool) -> Profile {
    let mut profile = Profile::new("chat", kind);
    profile.base_url = base_url(kind, server);
    profile.model = Some("test-model".into());
    profile.stream = false;
    profile.context = context;
    profile.timeout_seconds = Some(5);
    profile
}

const DOCUMENT: &str = "颱風來襲\n\n第一段說的是颱風的路徑。\n\n第二段說的是停班停課。\n";

#[tokio::test]
async fn the_title_and_previous_paragraph_reach_each_chat_model_as_context_unless_turned_off() {
    let (article, reconvert, _dir) = article(DOCUMENT);
    assert_eq!(article.title, "颱風來襲");
    // One block per request, in order: the previous paragraph is never in the batch.
    let limits = Limits { max_texts: 1, max_chars: 6_000, concurrency: 1, requests_per_second: 100.0 };
    for kind in KINDS {
        for context in [true, false] {
            let replies = ["Typhoon", "The first.", "The second."].map(|text| answer(kind, &tagged(&[text]), false));
            let server = TestServer::start(replies).await;
            let cache = Arc::new(Cache::open_in_memory().unwrap());
            let run =
                run_job(&article, &profile(kind, &server, context), Vec::new(), &cache, &reconvert, Some(limits)).await;
            assert_eq!((run.summary.done, run.summary.failed), (3, 0), "{kind:?}: {:?}", run.events);
            let last = user_message(kind, &server.received()[2].json());
            assert!(last.contains("<seg id=\"1\">第二段說的是停班停課。</seg>"), "{kind:?}: {last}");
            if context {
                assert!(last.contains("do not translate it"), "{kind:?}: {last}");
                assert!(last.contains("<context kind=\"title\">颱風來襲</context>"), "{kind:?}: {last}");
                assert!(
                    last.contains("<context kind=\"previous paragraph\">第一段說的是颱風的路徑。</context>"),
                    "{kind:?}: {last}"
                );
            } else {
                assert!(
                    !last.contains("<context") && !last.contains("第一段") && !last.contains("颱風來襲"),
                    "{kind:?}: {last}"
                );
            }
        }
    }
}

#[tokio::test]
async fn context_is_part_of_a_chat_models_cache_fingerprint() {
    let mut with = Profile::new("chat", ProviderKind::OpenAi);
    with.model = Some("m".into());
    let without = Profile { context: false, ..with.clone() };
    assert_ne!(with.cache_fingerprint(), without.cache_fingerprint());
    let deepl = Profile::new("mt", ProviderKind::DeepL);
    assert_eq!(deepl.cache_fingerprint(), Profile { context: false, ..deepl.clone() }.cache_fingerprint());
    // Settings written before the field read as on.
    let old: Profile = serde_json::from_str(r#"{"name":"x","kind":"openai","model":"m"}"#).unwrap();
    assert!(old.context && old.price_input.is_none());
}

fn scheduler(kind: ProviderKind, server: &TestServer) -> Scheduler {
    let mut config = ProviderConfig::new(kind, &base_url(kind, server));
    config.api_key = Some(Secret::new("test-key-5d2e"));
    config.model = Some("test-model".into());
    config.stream = false;
    config.timeout = Duration::from_secs(5);
    Scheduler {
        client: reqwest::Client::new(),
        config,
        limits: Limits { max_texts: 20, max_chars: 6_000, concurrency: 1, requests_per_second: 100.0 },
        source: None,
        target: Lang::new("en"),
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        },
        finish: None,
        guide: None,
        fresh: false,
    }
}

async fn run(scheduler: Scheduler, texts: &[&str]) -> Vec<BlockEvent> {
    let segments: Vec<Segment> =
        texts.iter().enumerate().map(|(i, text)| Segment { id: format!("b{i}"), text: (*text).into() }).collect();
    let events: Arc<Mutex<Vec<BlockEvent>>> = Arc::default();
    let sink = {
        let events = Arc::clone(&events);
        Arc::new(move |event: BlockEvent| events.lock().unwrap().push(event))
    };
    scheduler.run(segments, &[], Arc::new(NoCache), CancellationToken::new(), sink).await;
    let events = std::mem::take(&mut *events.lock().unwrap());
    events
}

fn done(events: &[BlockEvent], id: &str) -> Option<String> {
    events.iter().find_map(|event| match event {
        BlockEvent::Done { id: at, translation, .. } if at == id => Some(translation.clone()),
        _ => None,
    })
}

fn failed(events: &[BlockEvent], id: &str) -> Option<ErrorKind> {
    events.iter().find_map(|event| match event {
        BlockEvent::Failed { id: at, error } if at == id => Some(error.kind()),
        _ => None,
    })
}

#[tokio::test]
async fn a_batch_cut_off_by_the_output_limit_is_split_and_every_row_completes() {
    for kind in KINDS {
        let server = TestServer::start([
            answer(kind, "<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good ni", true),
            answer(kind, &tagged(&["Good morning"]), false),
            answer(kind, &tagged(&["Good night"]), false),
        ])
        .await;
        let events = run(scheduler(kind, &server), &["早安", "晚安"]).await;
        assert_eq!(done(&events, "b0").as_deref(), Some("Good morning"), "{kind:?}: {events:?}");
        assert_eq!(done(&events, "b1").as_deref(), Some("Good night"), "{kind:?}: {events:?}");
        assert_eq!(server.received().len(), 3, "{kind:?}");
    }
}

#[tokio::test]
async fn a_single_segment_cut_off_is_cut_at_sentence_ends_and_joined_back() {
    for kind in KINDS {
        let server = TestServer::start([
            answer(kind, "<seg id=\"1\">The first sentence. The sec", true),
            answer(kind, &tagged(&["The first sentence."]), false),
            answer(kind, &tagged(&["The second sentence."]), false),
        ])
        .await;
        let events = run(scheduler(kind, &server), &["第一句話在這裡。第二句話在這裡。"]).await;
        assert_eq!(
            done(&events, "b0").as_deref(),
            Some("The first sentence. The second sentence."),
            "{kind:?}: {events:?}"
        );
        let pieces: Vec<String> = server.received()[1..].iter().map(|r| user_message(kind, &r.json())).collect();
        assert!(
            pieces[0].contains(">第一句話在這裡。</seg>") && pieces[1].contains(">第二句話在這裡。</seg>"),
            "{pieces:?}"
        );
        // No piece's id or text leaks out as a row of its own.
        assert!(events.iter().all(|event| !format!("{event:?}").contains('\u{1e}')), "{events:?}");
    }
}

#[tokio::test]
async fn a_segment_that_stays_cut_off_fails_as_truncated_and_the_others_are_done() {
    for kind in KINDS {
        let cut = || answer(kind, "<seg id=\"1\">Lo", true);
        // The batch, then its halves: the short one answers; the long one, its
        // half and that half's half are cut off each time.
        let server = TestServer::start([cut(), answer(kind, &tagged(&["Short."]), false), cut(), cut(), cut()]).await;
        let events = run(scheduler(kind, &server), &["短。", "長長長長長長長長"]).await;
        assert_eq!(done(&events, "b0").as_deref(), Some("Short."), "{kind:?}: {events:?}");
        assert_eq!(failed(&events, "b1"), Some(ErrorKind::Truncated), "{kind:?}: {events:?}");
        assert_eq!(done(&events, "b1"), None, "never shown complete");
        assert_eq!(server.received().len(), 5, "{kind:?}");
    }
}

#[tokio::test]
async fn the_glossary_terms_in_a_batch_reach_each_chat_model() {
    let (article, reconvert, _dir) = article("川普今天抵達台北，搭乘捷運。\n");
    let terms = vec![
        crate::glossary::term("川普", "Trump"),
        duizhao_core::glossary::Term { note: Some("Taipei's metro".into()), ..crate::glossary::term("捷運", "MRT") },
        crate::glossary::term("立委", "legislator"),
    ];
    for kind in KINDS {
        let server =
            TestServer::start([answer(kind, &tagged(&["Trump arrived in Taipei by MRT today."]), false)]).await;
        let cache = Arc::new(Cache::open_in_memory().unwrap());
        let run = run_job(&article, &profile(kind, &server, false), terms.clone(), &cache, &reconvert, None).await;
        assert_eq!((run.summary.done, run.summary.failed), (1, 0), "{kind:?}: {:?}", run.events);
        let sent = user_message(kind, &server.only_request().json());
        assert!(
            sent.contains("- 川普 → Trump\n") && sent.contains("- 捷運 → MRT (Taipei's metro)\n"),
            "{kind:?}: {sent}"
        );
        assert!(!sent.contains("立委"), "a term not in the batch is not sent: {sent}");
    }
}
