//! A translation job: which parts of an article are sent, what is done to the
//! answers, and `start`, the one place a job is put together — the app's
//! "Translate" and `duizhao translate`/`export --translate` both call it, so
//! they send the same blocks, the same source language and the same cache keys.
//!
//! Prose blocks (headings, paragraphs, quotes, list items) are sent; image
//! placeholders and code are not: an image's address and a program's text must
//! come through byte for byte, so their "translation" is the original, given
//! without a request. Blocks already in the target language are kept as they
//! are. Answers into Traditional Chinese go through OpenCC once more, because
//! providers (small LLMs, some LibreTranslate models) slip Simplified
//! characters into Traditional output.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio_util::sync::CancellationToken;

use crate::article::Article;
use crate::convert::Config;
use crate::document::BlockKind;
use crate::secret::Secret;
use crate::settings::Profile;
use crate::store::{Cache, StoredCache};
use crate::translate::plan::pieces;
use crate::translate::scheduler::{BlockEvent, Finish, RetryPolicy, Scheduler, Summary};
use crate::translate::{Lang, Limits, ProviderKind, Segment, TranslateError};

/// Converts text with an OpenCC configuration, for the script guard; `None`
/// when it cannot (the answer is then kept as the provider gave it).
pub type Reconvert = Arc<dyn Fn(Config, &str) -> Option<String> + Send + Sync>;

/// What a job is asked to do.
pub struct JobRequest<'a> {
    pub article: &'a Article,
    pub profile: &'a Profile,
    /// The profile's key, found by the caller (keychain, key file, environment).
    pub key: Option<Secret>,
    pub target: Lang,
    /// A source language the user gave (`--from`); else the article's own
    /// script is told when everything sent is Chinese (`known_source`).
    pub source: Option<Lang>,
    /// Only these blocks (a retry of failed rows, an export's selection); `None`: all.
    pub only: Option<&'a [String]>,
    /// Overrides of the profile's limits (the CLI's `--concurrency`, `--max-rps`).
    pub limits: Option<Limits>,
}

/// A job ready to run: what is sent, what is answered without a request, and
/// the scheduler and cache that will do it.
pub struct Job {
    pub segments: Vec<Segment>,
    pub kept: Vec<Kept>,
    scheduler: Scheduler,
    cache: Arc<StoredCache>,
}

/// Puts a job together: picks the blocks (`segments_for`, narrowed to `only`),
/// the provider's configuration with its key, the limits, the source, the
/// script guard and the cache (keyed by the profile's fingerprint and the
/// user's source only: the rest follows from the text). A provider that needs
/// a key and has none is refused here, once for the job, before any request.
pub fn start(
    request: JobRequest<'_>,
    client: reqwest::Client,
    cache: Arc<Cache>,
    reconvert: Reconvert,
) -> Result<Job, TranslateError> {
    let JobRequest { article, profile, key, target, source, only, limits } = request;
    if profile.kind.needs_key() && key.is_none() {
        return Err(TranslateError::Config {
            detail: format!("{} needs an API key: store one for profile {:?}", profile.kind.label(), profile.name),
        });
    }
    let config = profile.provider_config(key);
    let cache = Arc::new(StoredCache::new(cache, &config, source.clone(), target.clone(), profile.cache_fingerprint()));
    let (mut segments, mut kept) = segments_for(article, &target);
    if let Some(only) = only {
        segments.retain(|s| only.contains(&s.id));
        kept.retain(|k| only.contains(&k.id));
    }
    let finish: Option<Finish> = script_guard(&target)
        .map(|guard| Arc::new(move |text: &str| reconvert(guard, text).unwrap_or_else(|| text.to_owned())) as Finish);
    let source = source.or_else(|| known_source(article, &segments));
    let scheduler = Scheduler {
        client,
        config,
        limits: limits.unwrap_or_else(|| profile.limits()),
        source,
        target,
        retry: RetryPolicy::default(),
        finish,
    };
    Ok(Job { segments, kept, scheduler, cache })
}

impl Job {
    /// The source language told to the provider (`None`: it detects it).
    pub fn source(&self) -> Option<&Lang> {
        self.scheduler.source.as_ref()
    }

    /// Runs the job: cache hits first, then `visible` blocks, then the rest;
    /// every block gets its events on `on_event` (kept blocks are the caller's
    /// to report: they are in `kept`).
    ///
    /// A paragraph longer than one request may carry (`Limits::max_chars`) is
    /// cut at sentence ends (`plan::pieces`), its pieces translated like
    /// paragraphs of their own (and cached so), and their translations joined
    /// back into its one row — with a space for targets written with spaces;
    /// its row is done when every piece is, failed when one fails.
    pub async fn run(
        self,
        visible: &[String],
        cancel: CancellationToken,
        on_event: Arc<dyn Fn(BlockEvent) + Send + Sync>,
    ) -> Summary {
        let max_chars = self.scheduler.limits.max_chars;
        let joiner = if writes_without_spaces(&self.scheduler.target) { "" } else { " " };
        let mut sent = Vec::with_capacity(self.segments.len());
        let mut split: HashMap<String, usize> = HashMap::new();
        for segment in self.segments {
            let parts = pieces(&segment.text, max_chars);
            if parts.len() == 1 {
                sent.push(segment);
                continue;
            }
            split.insert(segment.id.clone(), parts.len());
            for (n, text) in parts.into_iter().enumerate() {
                sent.push(Segment { id: piece_id(&segment.id, n), text });
            }
        }
        if split.is_empty() {
            return self.scheduler.run(sent, visible, self.cache, cancel, on_event).await;
        }
        let visible: Vec<String> = visible
            .iter()
            .flat_map(|id| match split.get(id) {
                Some(&count) => (0..count).map(|n| piece_id(id, n)).collect(),
                None => vec![id.clone()],
            })
            .collect();
        let joined = Arc::new(Joiner { split, joiner, state: Mutex::default(), on_event });
        let sink = {
            let joined = Arc::clone(&joined);
            Arc::new(move |event: BlockEvent| joined.event(event))
        };
        let mut summary = self.scheduler.run(sent, &visible, self.cache, cancel, sink).await;
        // Rows, not pieces, are what the summary counts.
        let state = joined.state.lock().unwrap_or_else(PoisonError::into_inner);
        summary.done -= state.piece_done;
        summary.cached -= state.piece_cached;
        summary.failed -= state.piece_failed;
        summary.done += state.rows_done;
        summary.cached += state.rows_cached;
        summary.failed += state.rows_failed;
        summary
    }
}

/// The id of piece `n` of block `id` (a character no block id holds).
fn piece_id(id: &str, n: usize) -> String {
    format!("{id}\u{1f}{n}")
}

/// Chinese, Japanese and Thai are written without spaces between sentences.
fn writes_without_spaces(target: &Lang) -> bool {
    matches!(target.primary().as_str(), "zh" | "ja" | "th" | "lo" | "my" | "km")
}

/// Turns the pieces' events back into their rows' events.
struct Joiner {
    /// Block id → how many pieces it was cut into.
    split: HashMap<String, usize>,
    joiner: &'static str,
    state: Mutex<JoinState>,
    on_event: Arc<dyn Fn(BlockEvent) + Send + Sync>,
}

#[derive(Default)]
struct JoinState {
    /// Block id → each piece's translation, once it has one.
    texts: HashMap<String, Vec<Option<String>>>,
    /// Blocks with a failed piece (reported once), and whether every piece came from the cache.
    failed: std::collections::HashSet<String>,
    all_cached: HashMap<String, bool>,
    announced: std::collections::HashSet<String>,
    piece_done: usize,
    piece_cached: usize,
    piece_failed: usize,
    rows_done: usize,
    rows_cached: usize,
    rows_failed: usize,
}

impl Joiner {
    fn event(&self, event: BlockEvent) {
        let id = match &event {
            BlockEvent::Cached { id, .. }
            | BlockEvent::Translating { id }
            | BlockEvent::Partial { id, .. }
            | BlockEvent::Done { id, .. }
            | BlockEvent::Failed { id, .. } => id.clone(),
        };
        let Some((block, n)) =
            id.split_once('\u{1f}').and_then(|(b, n)| Some((b.to_owned(), n.parse::<usize>().ok()?)))
        else {
            return (self.on_event)(event);
        };
        let Some(&count) = self.split.get(&block) else { return (self.on_event)(event) };
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = None;
        match event {
            BlockEvent::Translating { .. } => {
                if state.announced.insert(block.clone()) {
                    out = Some(BlockEvent::Translating { id: block });
                }
            }
            // A piece's streamed text is not shown: the row fills when its pieces are done.
            BlockEvent::Partial { .. } => {}
            BlockEvent::Failed { error, .. } => {
                state.piece_failed += 1;
                if state.failed.insert(block.clone()) {
                    state.rows_failed += 1;
                    out = Some(BlockEvent::Failed { id: block, error });
                }
            }
            BlockEvent::Done { translation, by, .. } => {
                state.piece_done += 1;
                out = self.answer(&mut state, block, n, count, translation, by, false);
            }
            BlockEvent::Cached { translation, by, .. } => {
                state.piece_cached += 1;
                out = self.answer(&mut state, block, n, count, translation, by, true);
            }
        }
        drop(state);
        if let Some(event) = out {
            (self.on_event)(event);
        }
    }

    /// Records piece `n`'s translation; the row's event once every piece has one.
    #[allow(clippy::too_many_arguments)]
    fn answer(
        &self,
        state: &mut JoinState,
        block: String,
        n: usize,
        count: usize,
        translation: String,
        by: Option<ProviderKind>,
        cached: bool,
    ) -> Option<BlockEvent> {
        let all_cached = state.all_cached.entry(block.clone()).or_insert(true);
        *all_cached &= cached;
        let all_cached = *all_cached;
        let texts = state.texts.entry(block.clone()).or_insert_with(|| vec![None; count]);
        if let Some(slot) = texts.get_mut(n) {
            *slot = Some(translation);
        }
        if !texts.iter().all(Option::is_some) || state.failed.contains(&block) {
            return None;
        }
        let translation = texts.iter().flatten().map(|t| t.trim()).collect::<Vec<_>>().join(self.joiner);
        Some(if all_cached {
            state.rows_cached += 1;
            BlockEvent::Cached { id: block, translation, by }
        } else {
            state.rows_done += 1;
            BlockEvent::Done { id: block, translation, by }
        })
    }
}

/// The OpenCC configuration that guarantees a translation into `target` is in
/// Traditional script, in the target region's forms: s2hk for Hong Kong and
/// Macau, s2tw for Taiwan and plain Traditional; `None` for other targets.
/// (Not the phrase variants: the provider chose the words; only the script is
/// fixed.)
pub fn script_guard(target: &Lang) -> Option<Config> {
    if !target.is_traditional_chinese() {
        return None;
    }
    let tag = target.as_str().to_ascii_lowercase().replace('_', "-");
    Some(if tag.ends_with("-hk") || tag.ends_with("-mo") { Config::S2HK } else { Config::S2TW })
}

/// Why a block is answered without a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepReason {
    /// An image placeholder or code: it must come through byte for byte.
    NotProse,
    /// Already in the target language (`already::already_in`): the publisher's
    /// own words are better than a machine's.
    AlreadyInTarget,
}

/// A block answered without a request: its translation is its own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub text: String,
    pub reason: KeepReason,
}

/// The segments to translate into `target`, and the blocks answered without a request.
pub fn segments_for(article: &Article, target: &Lang) -> (Vec<Segment>, Vec<Kept>) {
    let mut send = Vec::new();
    let mut keep = Vec::new();
    for block in &article.blocks {
        let kept = |reason| Kept { id: block.id.clone(), text: block.text.clone(), reason };
        match block.kind {
            BlockKind::Image | BlockKind::Code => keep.push(kept(KeepReason::NotProse)),
            _ if crate::translate::already::already_in(&block.text, target) => {
                keep.push(kept(KeepReason::AlreadyInTarget));
            }
            _ => send.push(Segment { id: block.id.clone(), text: block.text.clone() }),
        }
    }
    (send, keep)
}

/// The language of what is sent, when the article says so: Traditional or
/// Simplified Chinese as detected, told to the provider instead of `auto`
/// (auto-detection takes a short Traditional line for Japanese). Only when
/// every segment holds Chinese characters: a block in another language (an
/// English notice sent for a Japanese target, say) must not be called Chinese,
/// and the scheduler has one source per job.
pub fn known_source(article: &Article, segments: &[Segment]) -> Option<Lang> {
    let chinese =
        |text: &str| text.chars().any(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3134F));
    if segments.is_empty() || !segments.iter().all(|s| chinese(&s.text)) {
        return None;
    }
    Some(Lang::new(match article.script {
        crate::convert::Script::Traditional => "zh-Hant",
        crate::convert::Script::Simplified => "zh-Hans",
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::prepare;
    use crate::convert::tests::converter;
    use crate::convert::ConfigChoice;
    use crate::document::import_text;

    #[test]
    fn traditional_targets_are_guarded_in_their_region_forms() {
        assert_eq!(script_guard(&Lang::new("zh-Hant")), Some(Config::S2TW));
        assert_eq!(script_guard(&Lang::new("zh-TW")), Some(Config::S2TW));
        assert_eq!(script_guard(&Lang::new("zh-HK")), Some(Config::S2HK));
        assert_eq!(script_guard(&Lang::new("zh-Hant-HK")), Some(Config::S2HK));
        assert_eq!(script_guard(&Lang::new("zh-Hans")), None);
        assert_eq!(script_guard(&Lang::new("en")), None);
    }

    #[test]
    fn the_guard_turns_simplified_slips_into_taiwan_traditional() {
        let config = script_guard(&Lang::new("zh-TW")).unwrap();
        assert_eq!(converter().convert(config, "這個软件的網路").unwrap(), "這個軟件的網路");
    }

    #[test]
    fn images_and_code_are_kept_and_prose_is_sent() {
        let doc = import_text("# 標題\n\n段落。\n\n![圖](a.png)\n\n```\nlet x = 1;\n```\n", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let (send, keep) = segments_for(&article, &Lang::new("en"));
        let sent: Vec<&str> = send.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(sent, ["標題", "段落。"]);
        let kept: Vec<&str> = keep.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(kept, ["![圖](a.png)", "let x = 1;"]);
        assert!(keep.iter().all(|k| k.reason == KeepReason::NotProse));
    }

    #[test]
    fn a_paragraph_already_in_the_target_language_is_kept_not_sent() {
        let notice = "This article is republished under licence. All rights reserved by the original publisher.";
        let doc = import_text(&format!("標題\n\n段落。\n\n{notice}\n"), "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let (send, keep) = segments_for(&article, &Lang::new("en"));
        assert_eq!(send.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["標題", "段落。"]);
        assert_eq!(keep.len(), 1);
        assert_eq!((keep[0].text.as_str(), keep[0].reason), (notice, KeepReason::AlreadyInTarget));
        // Into Japanese the English notice needs translating like the rest.
        let (send, keep) = segments_for(&article, &Lang::new("ja"));
        assert_eq!((send.len(), keep.len()), (3, 0));
    }

    #[test]
    fn the_source_is_told_only_when_everything_sent_is_chinese() {
        let doc =
            import_text("標題\n\n段落。\n\nThe company said the system is new and ready.\n", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let (into_english, _) = segments_for(&article, &Lang::new("en"));
        assert_eq!(known_source(&article, &into_english), Some(Lang::new("zh-Hant")));
        // Into Japanese the English block is sent too: no single source fits.
        let (into_japanese, _) = segments_for(&article, &Lang::new("ja"));
        assert_eq!(known_source(&article, &into_japanese), None);
        assert_eq!(known_source(&article, &[]), None);
        let simplified =
            prepare(import_text("标题\n\n简体段落。\n", "clipboard").unwrap(), ConfigChoice::Auto, converter())
                .unwrap();
        let (send, _) = segments_for(&simplified, &Lang::new("en"));
        assert_eq!(known_source(&simplified, &send), Some(Lang::new("zh-Hans")));
    }
}
