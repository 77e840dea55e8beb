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
//!
//! Glossary terms (`JobRequest::terms`, put together by `glossary_terms`)
//! apply to a row when a term's source occurs in its original or its
//! Simplified text (each source alternative also in its other script, through
//! `Reconvert`), filtered by the article's region. A chat model is told the
//! terms found in each batch (and, with the profile's `context` on, the title
//! and the paragraph before; `JobGuide`); machine translation engines are sent
//! nothing extra — protected placeholders survive some engines and not others
//! (the web engines and LibreTranslate rewrite or drop unknown markup), and
//! DeepL's glossaries are server-side objects with their own lifecycle and
//! language-pair limits, not yet worth their round trips —, so for them the
//! glossary is a check only. Every row (done or cached) is checked: the terms
//! that apply to it whose rendering its translation lacks come with its event
//! (`BlockEvent::Done/Cached { missing }`).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use tokio_util::sync::CancellationToken;

use crate::article::Article;
use crate::convert::{Config, Region, Script};
use crate::document::BlockKind;
use crate::glossary::{self, GlobalGlossary, Matcher, MissingTerm, Term};
use crate::secret::Secret;
use crate::settings::Profile;
use crate::store::{Cache, StoredCache};
use crate::translate::plan::{joiner, pieces, plan_batches};
use crate::translate::scheduler::{BlockEvent, Finish, Guide, RetryPolicy, Scheduler, Summary, TranslationCache};
use crate::translate::{prompt_text, Guidance, Lang, Limits, ProviderKind, Segment, TranslateError};

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
    /// The glossary terms for this job (`glossary_terms`): told to chat
    /// models, checked on every row.
    pub terms: Vec<Term>,
    /// Translate past the cache: it is not read (results are still written).
    pub fresh: bool,
}

/// A job ready to run: what is sent, what is answered without a request, and
/// the scheduler and cache that will do it.
pub struct Job {
    pub segments: Vec<Segment>,
    pub kept: Vec<Kept>,
    scheduler: Scheduler,
    cache: Arc<StoredCache>,
    /// The job's terms and each sent block's texts, for the check of every row.
    check: Arc<TermCheck>,
    /// Context and terms for a chat model; completed with the pieces' ids in `run`.
    guide: Option<JobGuide>,
    /// The prices the estimate uses.
    prices: Prices,
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
    let JobRequest { article, profile, key, target, source, only, limits, terms, fresh } = request;
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
    let finish: Option<Finish> = script_guard(&target).map(|guard| {
        let reconvert = Arc::clone(&reconvert);
        Arc::new(move |text: &str| reconvert(guard, text).unwrap_or_else(|| text.to_owned())) as Finish
    });
    let source = source.or_else(|| known_source(article, &segments));
    let matcher = Arc::new(term_matcher(article, &terms, &reconvert));
    let sent: HashSet<&str> = segments.iter().map(|s| s.id.as_str()).collect();
    let texts = article
        .blocks
        .iter()
        .filter(|block| sent.contains(block.id.as_str()))
        .map(|block| (block.id.clone(), (block.text.clone(), block.simplified.clone())))
        .collect();
    let check = Arc::new(TermCheck { matcher: Arc::clone(&matcher), texts });
    let guide = (profile.kind.meta().llm && (profile.context || !matcher.is_empty())).then(|| JobGuide {
        matcher,
        simplified: check.texts.iter().map(|(id, (_, simplified))| (id.clone(), simplified.clone())).collect(),
        reconvert: Arc::clone(&reconvert),
        title: profile.context.then(|| article.title.trim().to_owned()).filter(|title| !title.is_empty()),
        previous: if profile.context { previous_paragraphs(article) } else { HashMap::new() },
    });
    let scheduler = Scheduler {
        client,
        config,
        limits: limits.unwrap_or_else(|| profile.limits()),
        source,
        target,
        retry: RetryPolicy::default(),
        finish,
        guide: None,
        fresh,
    };
    let prices = Prices {
        llm: profile.kind.meta().llm,
        traditional: article.script == Script::Traditional,
        input: profile.price_input,
        output: profile.price_output,
        chars: profile.price_chars,
    };
    Ok(Job { segments, kept, scheduler, cache, check, guide, prices })
}

/// The terms for a job into `target`: the document's own first (they win
/// over the global list's for the same source), then the user's, then the
/// starter list when it is on and the target is English (it was written for
/// English renderings).
pub fn glossary_terms(global: &GlobalGlossary, document: &[Term], target: &Lang) -> Vec<Term> {
    let mut terms: Vec<Term> = document.iter().chain(&global.terms).cloned().collect();
    if global.starter && target.primary() == "en" {
        terms.extend(glossary::starter());
    }
    terms
}

/// The article's region as a glossary names it: "tw", "hk", "cn" (Simplified
/// text without a detected region counts as the mainland's); `None`: unknown.
pub fn glossary_region(article: &Article) -> Option<&'static str> {
    match (article.region, article.script) {
        (Some(Region::Taiwan), _) => Some("tw"),
        (Some(Region::HongKong), _) => Some("hk"),
        (Some(Region::Mainland), _) | (None, Script::Simplified) => Some("cn"),
        (None, Script::Traditional) => None,
    }
}

/// A matcher for the terms that apply to `article` (its region), each source
/// alternative also in its Simplified form (t2s).
///
/// Not in a Traditional form (s2t): the matcher looks at a block's original and
/// its Simplified conversion, so a Simplified source finds a Traditional original
/// through that conversion — which, unlike s2t, knows the article's regional
/// phrases (臺灣's 軟體 is 软件 there). s2t's phrase dictionary is 25 MB in memory
/// and ~50 ms to load, and it was loaded for this alone, on the way to every job's
/// first request, and kept for the rest of the session.
pub fn term_matcher(article: &Article, terms: &[Term], reconvert: &Reconvert) -> Matcher {
    let terms = glossary::for_region(terms, glossary_region(article));
    let variants = |alternative: &str| -> Vec<String> {
        reconvert(Config::T2S, alternative).filter(|form| form != alternative).into_iter().collect()
    };
    Matcher::new(terms, &variants)
}

/// The terms that apply to block `id` whose rendering `text` lacks (the
/// `check_terms` of an edited cell). A block not in the article has none.
pub fn check_terms(article: &Article, terms: &[Term], reconvert: &Reconvert, id: &str, text: &str) -> Vec<MissingTerm> {
    let Some(block) = article.blocks.iter().find(|block| block.id == id) else { return Vec::new() };
    let matcher = term_matcher(article, terms, reconvert);
    glossary::missing(&matcher.terms_in(&[&block.text, &block.simplified]), text)
}

/// The prose paragraph before each block (images, code and empty blocks
/// skipped), for a chat model's context.
fn previous_paragraphs(article: &Article) -> HashMap<String, String> {
    let mut previous: Option<&str> = None;
    let mut out = HashMap::new();
    for block in &article.blocks {
        if let Some(text) = previous {
            out.insert(block.id.clone(), text.to_owned());
        }
        if !matches!(block.kind, BlockKind::Image | BlockKind::Code) && !block.text.trim().is_empty() {
            previous = Some(&block.text);
        }
    }
    out
}

/// The terms a job checks each row against.
struct TermCheck {
    matcher: Arc<Matcher>,
    /// Block id → its original and Simplified text.
    texts: HashMap<String, (String, String)>,
}

impl TermCheck {
    fn missing(&self, id: &str, translation: &str) -> Vec<MissingTerm> {
        if self.matcher.is_empty() {
            return Vec::new();
        }
        let Some((text, simplified)) = self.texts.get(id) else { return Vec::new() };
        glossary::missing(&self.matcher.terms_in(&[text, simplified]), translation)
    }

    /// The event with its row's missing terms filled in.
    fn event(&self, event: BlockEvent) -> BlockEvent {
        match event {
            BlockEvent::Done { id, translation, by, .. } => {
                let missing = self.missing(&id, &translation);
                BlockEvent::Done { id, translation, by, missing }
            }
            BlockEvent::Cached { id, translation, by, .. } => {
                let missing = self.missing(&id, &translation);
                BlockEvent::Cached { id, translation, by, missing }
            }
            other => other,
        }
    }
}

/// What a chat model's batches carry (`Guide`): the document's title and each
/// batch's previous paragraph (the profile's `context`), and the terms found
/// in the batch's segments, which are also part of each segment's cache key.
struct JobGuide {
    matcher: Arc<Matcher>,
    /// Block id → its Simplified text (a piece's is converted when asked).
    simplified: HashMap<String, String>,
    reconvert: Reconvert,
    title: Option<String>,
    /// Segment id (blocks and pieces) → the paragraph before it.
    previous: HashMap<String, String>,
}

impl JobGuide {
    fn terms(&self, segment: &Segment) -> Vec<&Term> {
        if self.matcher.is_empty() {
            return Vec::new();
        }
        let converted;
        let simplified = match self.simplified.get(&segment.id) {
            Some(simplified) => simplified.as_str(),
            None => {
                converted = (self.reconvert)(Config::T2S, &segment.text).unwrap_or_default();
                converted.as_str()
            }
        };
        self.matcher.terms_in(&[&segment.text, simplified])
    }
}

impl Guide for JobGuide {
    fn guidance(&self, batch: &[Segment]) -> Guidance {
        let mut terms: Vec<Term> = Vec::new();
        for segment in batch {
            for term in self.terms(segment) {
                if !terms.contains(term) {
                    terms.push(term.clone());
                }
            }
        }
        let in_batch = |text: &String| batch.iter().any(|segment| segment.text == *text);
        let previous = batch.first().and_then(|first| self.previous.get(&first.id)).filter(|text| !in_batch(text));
        Guidance { title: self.title.clone(), previous: previous.cloned(), terms }
    }

    fn cache_part(&self, segment: &Segment) -> String {
        glossary::cache_part(&self.terms(segment))
    }
}

/// A profile's prices, for `Job::estimate`.
#[derive(Debug, Clone, Copy)]
struct Prices {
    llm: bool,
    /// The article is in Traditional script (its characters cost more tokens).
    traditional: bool,
    input: Option<f64>,
    output: Option<f64>,
    chars: Option<f64>,
}

/// What a job would send, before it is started (`Job::estimate`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TranslationEstimate {
    /// Characters sent (each distinct text once; cache hits and kept blocks not counted).
    pub chars: usize,
    /// Rows that would be sent.
    pub segments: usize,
    /// Rows the cache would answer (0 when `fresh`).
    pub cached: usize,
    /// Requests, as the provider's limits pack them (retries and splits not counted).
    pub requests: usize,
    /// Estimated input tokens, prompts included (chat models; 0 for the others).
    pub tokens_in: usize,
    /// Estimated output tokens (chat models; 0 for the others).
    pub tokens_out: usize,
    /// Estimated cost in US dollars, when the profile has its prices set.
    pub cost: Option<f64>,
}

/// Tenths of a token per CJK character: Traditional characters are rarer in
/// tokenizers' training text and cost more. Measured with OpenAI's cl100k_base
/// (tiktoken) on this repository's fixtures: 1.44–1.57 tokens per character of
/// Traditional text (seed article, 1,834 characters: 1.46), 0.97–1.13 of
/// Simplified; rounded up, since an estimate before spending money should not
/// come out low (newer tokenizers such as o200k need fewer; DeepSeek documents
/// 0.6 for its own).
fn cjk_tenths(traditional: bool) -> usize {
    if traditional {
        15
    } else {
        11
    }
}

/// Estimated tokens of a text sent to a chat model: each CJK character
/// `cjk_tenths` (Traditional or Simplified), any other character 0.3 token
/// (DeepSeek's published "1 English character ≈ 0.3 token"; OpenAI's "about
/// 4 characters per token" is 0.25, and cl100k gives 0.23 on the English prompt).
pub fn estimate_tokens(text: &str, traditional: bool) -> usize {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let other = text.chars().count() - cjk;
    (cjk * cjk_tenths(traditional)).div_ceil(10) + (other * 3).div_ceil(10)
}

/// Estimated tokens of the translation of `text` into `target`: into English
/// (and other languages written with spaces) 0.9 token per CJK character of
/// the source — measured: 0.78 (cl100k, the export tests' news article, 241
/// characters and their English translation), in line with the trade's 1,000
/// Chinese characters ≈ 600–700 English words at OpenAI's 100 tokens per 75
/// words —; into Chinese or Japanese as `estimate_tokens` counts the target's
/// script; the rest of the text 0.3 token a character.
pub fn estimate_output_tokens(text: &str, target: &Lang) -> usize {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let other = text.chars().count() - cjk;
    let tenths = if joiner(target).is_empty() { cjk_tenths(!target.is_simplified_chinese()) } else { 9 };
    (cjk * tenths).div_ceil(10) + (other * 3).div_ceil(10)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// Tokens a `<seg id="N">…</seg>` pair adds to an answer.
const SEG_TAG_TOKENS: usize = 10;

impl Job {
    /// The source language told to the provider (`None`: it detects it).
    pub fn source(&self) -> Option<&Lang> {
        self.scheduler.source.as_ref()
    }

    /// What running this job would send: the rows not answered by the cache
    /// (unless `fresh`), cut and deduplicated as `run` does, packed into
    /// requests by the provider's limits; for chat models the prompts' and
    /// answers' estimated tokens (`estimate_tokens`, `estimate_output_tokens`),
    /// and the cost when the profile has its prices (per million tokens for
    /// chat models, per million characters for the others).
    pub fn estimate(&self) -> TranslationEstimate {
        let limits = self.scheduler.limits;
        let guide = self.guide.as_ref();
        let mut pending: Vec<Segment> = Vec::new();
        // The texts already pending, each sent once (a Vec scan here made a 1 MB article's
        // estimate quadratic: ~120 ms of string comparisons for its 10,345 rows).
        let mut pending_texts: HashSet<String> = HashSet::new();
        let (mut segments, mut cached) = (0, 0);
        // Blank rows are answered without a request (the scheduler's empty translation).
        for segment in self.segments.iter().filter(|segment| !segment.text.trim().is_empty()) {
            let parts = pieces(&segment.text, limits.max_chars);
            let whole = parts.len() == 1;
            let mut all_cached = true;
            for (n, text) in parts.into_iter().enumerate() {
                let id = if whole { segment.id.clone() } else { piece_id(&segment.id, n) };
                let piece = Segment { id, text };
                if piece.text.trim().is_empty() {
                    continue;
                }
                let extra = guide.map(|guide| guide.cache_part(&piece)).unwrap_or_default();
                let hit = !self.scheduler.fresh && self.cache.get_keyed(&piece.text, &extra).is_some();
                all_cached &= hit;
                if !hit && pending_texts.insert(piece.text.clone()) {
                    pending.push(piece);
                }
            }
            if all_cached {
                cached += 1;
            } else {
                segments += 1;
            }
        }
        let chars: usize = pending.iter().map(|s| s.text.chars().count()).sum();
        let batches = plan_batches(pending, &limits);
        let requests = batches.len();
        let (mut tokens_in, mut tokens_out) = (0, 0);
        if self.prices.llm {
            let s = &self.scheduler;
            for batch in &batches {
                let guidance = guide.map(|guide| guide.guidance(batch)).unwrap_or_default();
                let prompt = prompt_text(&s.config, s.source.as_ref(), &s.target, batch, &guidance);
                tokens_in += estimate_tokens(&prompt, self.prices.traditional);
                tokens_out += batch
                    .iter()
                    .map(|segment| estimate_output_tokens(&segment.text, &s.target) + SEG_TAG_TOKENS)
                    .sum::<usize>();
            }
        }
        #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let cost = if self.prices.llm {
            match (self.prices.input, self.prices.output) {
                (Some(input), Some(output)) => {
                    Some((tokens_in as f64 * input + tokens_out as f64 * output) / 1_000_000.0)
                }
                _ => None,
            }
        } else {
            self.prices.chars.map(|price| chars as f64 * price / 1_000_000.0)
        };
        TranslationEstimate { chars, segments, cached, requests, tokens_in, tokens_out, cost }
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
        mut self,
        visible: &[String],
        cancel: CancellationToken,
        on_event: Arc<dyn Fn(BlockEvent) + Send + Sync>,
    ) -> Summary {
        let max_chars = self.scheduler.limits.max_chars;
        let joiner = joiner(&self.scheduler.target);
        // Every row's event carries the terms its translation lacks.
        let on_event: Arc<dyn Fn(BlockEvent) + Send + Sync> = {
            let check = Arc::clone(&self.check);
            Arc::new(move |event| on_event(check.event(event)))
        };
        let mut sent = Vec::with_capacity(self.segments.len());
        let mut split: HashMap<String, usize> = HashMap::new();
        for segment in self.segments {
            let parts = pieces(&segment.text, max_chars);
            if parts.len() == 1 {
                sent.push(segment);
                continue;
            }
            split.insert(segment.id.clone(), parts.len());
            let mut previous: Option<String> = None;
            for (n, text) in parts.into_iter().enumerate() {
                let id = piece_id(&segment.id, n);
                if let Some(guide) = &mut self.guide {
                    // A piece's previous paragraph is the piece before it (the first's, the block's).
                    match previous.take() {
                        Some(before) => guide.previous.insert(id.clone(), before),
                        None => {
                            guide.previous.get(&segment.id).cloned().and_then(|p| guide.previous.insert(id.clone(), p))
                        }
                    };
                }
                previous = Some(text.clone());
                sent.push(Segment { id, text });
            }
        }
        self.scheduler.guide = self.guide.map(|guide| Arc::new(guide) as Arc<dyn Guide>);
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
            BlockEvent::Cached { id: block, translation, by, missing: Vec::new() }
        } else {
            state.rows_done += 1;
            BlockEvent::Done { id: block, translation, by, missing: Vec::new() }
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

    fn estimate_of(article: &Article, profile: &Profile, cache: &Arc<Cache>, fresh: bool) -> TranslationEstimate {
        let request = JobRequest {
            article,
            profile,
            key: None,
            target: Lang::new("en"),
            source: None,
            only: None,
            limits: None,
            terms: Vec::new(),
            fresh,
        };
        let reconvert: Reconvert = Arc::new(|_, _| None);
        start(request, reqwest::Client::new(), Arc::clone(cache), reconvert).unwrap().estimate()
    }

    #[test]
    fn tokens_are_estimated_generously_by_script() {
        assert_eq!(estimate_tokens("臺灣的軟體產業很強大", true), 15);
        assert_eq!(estimate_tokens("台湾的软件产业很强大", false), 11);
        assert_eq!(estimate_tokens("Hello world", false), 4);
        assert_eq!(estimate_output_tokens("臺灣的軟體產業很強大", &Lang::new("en")), 9);
        assert_eq!(estimate_output_tokens("臺灣的軟體產業很強大", &Lang::new("zh-Hans")), 11);
        assert_eq!(estimate_output_tokens("台湾的软件产业很强大", &Lang::new("zh-TW")), 15);
    }

    #[test]
    fn the_estimate_counts_what_would_be_sent_and_prices_it() {
        let doc = import_text("標題\n\n第一段，臺灣的軟體。\n\n第二段。\n\n![圖](a.png)\n", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let cache = Arc::new(Cache::open_in_memory().unwrap());
        let mut chat = Profile::new("chat", ProviderKind::OpenAi);
        chat.model = Some("m".into());
        chat.context = false;
        let estimate = estimate_of(&article, &chat, &cache, false);
        assert_eq!((estimate.segments, estimate.cached, estimate.requests), (3, 0, 1), "{estimate:?}");
        assert_eq!(estimate.chars, 2 + 10 + 4, "the image is kept, not sent");
        assert!(estimate.tokens_in > estimate.chars, "the prompt counts too: {estimate:?}");
        assert!(estimate.tokens_out >= 3 * SEG_TAG_TOKENS, "{estimate:?}");
        assert_eq!(estimate.cost, None, "no prices set");
        chat.price_input = Some(1.0);
        chat.price_output = Some(2.0);
        let priced = estimate_of(&article, &chat, &cache, false);
        #[allow(clippy::cast_precision_loss)]
        let expected = (priced.tokens_in as f64 + 2.0 * priced.tokens_out as f64) / 1e6;
        assert!(priced.cost.is_some_and(|cost| (cost - expected).abs() < 1e-12), "{priced:?}");

        // A cached row is not sent, unless fresh.
        let config = chat.provider_config(None);
        let stored = StoredCache::new(Arc::clone(&cache), &config, None, Lang::new("en"), chat.cache_fingerprint());
        stored.put_by("第二段。", "Second.", ProviderKind::OpenAi);
        let after = estimate_of(&article, &chat, &cache, false);
        assert_eq!((after.segments, after.cached, after.chars), (2, 1, 12), "{after:?}");
        let fresh = estimate_of(&article, &chat, &cache, true);
        assert_eq!((fresh.segments, fresh.cached, fresh.chars), (3, 0, 16), "{fresh:?}");

        // A translation service: characters priced, no tokens.
        let mut mt = Profile::new("mt", ProviderKind::LibreTranslate);
        mt.price_chars = Some(20.0);
        let estimate = estimate_of(&article, &mt, &cache, false);
        assert_eq!((estimate.tokens_in, estimate.tokens_out), (0, 0));
        assert_eq!(estimate.cost, Some(16.0 * 20.0 / 1e6));
    }

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
