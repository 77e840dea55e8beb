//! The scheduler: runs a document's blocks through one provider, fast and
//! within the provider's limits, and never loses or misaligns a block.
//!
//! - Blocks already in the cache are answered from it (no request); identical
//!   texts are translated once and the answer given to every block that has it.
//! - The blocks the caller marks as visible go first, then the rest in order;
//!   `plan_batches` packs them within the provider's text and character limits.
//! - At most `concurrency` requests are in flight, and request starts are spaced
//!   by `1 / requests_per_second`. A 429 pauses *all* starts until its Retry-After
//!   (or the back-off) has passed, so one rate-limit answer does not become many.
//! - Retryable failures (429, 529, 5xx, resets, timeouts, malformed answers) are
//!   retried with exponential back-off and jitter, honouring the provider's wait,
//!   for a bounded number of attempts; others fail their blocks at once.
//! - A server that cannot be reached at all (connection refused, unknown
//!   host) fails the whole job at once with that one error: the batches still
//!   queued are not sent, so a dead endpoint costs one round of connection
//!   attempts, not a retry storm.
//! - A misaligned LLM answer splits the batch in halves, down to single blocks,
//!   rather than shifting any text onto another block. So does an answer cut
//!   off by the model's output limit (`Truncated`); a single block still cut
//!   off is cut at sentence ends (`plan::pieces`, half its length, twice at
//!   most), its pieces sent one by one and joined back; one that cannot be
//!   completed fails with `Truncated`, never shown as if complete.
//! - A chat model's batches carry the job's `Guide`: context (title, previous
//!   paragraph) and the glossary terms found in the batch; the terms a
//!   segment brings are part of its cache key (`TranslationCache::get_keyed`),
//!   so a changed glossary never answers from a stale row.
//! - `fresh`: the cache is not read (results are still written).
//! - Cancelling stops every in-flight request at once.
//!
//! Results are reported per block through `on_event` as they happen and each
//! completed translation is written to the cache immediately, so a crash keeps
//! everything already translated.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use std::future::Future;
use std::pin::Pin;

use super::plan::{joiner, pieces, plan_batches, split_batch};
use super::{
    translate_batch_guided, Delta, Guidance, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError,
};
use crate::glossary::MissingTerm;

/// Where finished translations are kept between runs (the SQLite cache in the
/// app and CLI; a map in tests). Keyed by the block's text: the implementation
/// adds the provider, model, languages and options to the key.
pub trait TranslationCache: Send + Sync {
    fn get(&self, text: &str) -> Option<String>;
    fn put(&self, text: &str, translation: &str);

    /// The translation and, when it was recorded, which provider made it.
    fn get_by(&self, text: &str) -> Option<(String, Option<ProviderKind>)> {
        self.get(text).map(|translation| (translation, None))
    }

    /// Keeps a translation with the provider that made it (a `web` chain's engine).
    fn put_by(&self, text: &str, translation: &str, by: ProviderKind) {
        let _ = by;
        self.put(text, translation);
    }

    /// `get_by` for a text sent with `extra` (the glossary terms it brought,
    /// `glossary::cache_part`): a different `extra` is a different entry; an
    /// empty one is the text's plain entry.
    fn get_keyed(&self, text: &str, extra: &str) -> Option<(String, Option<ProviderKind>)> {
        if extra.is_empty() {
            self.get_by(text)
        } else {
            self.get_by(&format!("{text}\u{0}{extra}"))
        }
    }

    /// `put_by` for a text sent with `extra` (see `get_keyed`).
    fn put_keyed(&self, text: &str, extra: &str, translation: &str, by: ProviderKind) {
        if extra.is_empty() {
            self.put_by(text, translation, by);
        } else {
            self.put_by(&format!("{text}\u{0}{extra}"), translation, by);
        }
    }
    /// `put_keyed` for a batch's answers, `(text, extra, translation)` each, all
    /// made by `by`: the SQLite cache writes them in one transaction (one sync
    /// instead of one per block, which was most of a short job's time).
    fn put_keyed_all(&self, entries: &[(&str, &str, &str)], by: ProviderKind) {
        for (text, extra, translation) in entries {
            self.put_keyed(text, extra, translation, by);
        }
    }
}

/// What a job adds to a chat model's batches (`Guidance`), and what it adds
/// to their cache keys.
pub trait Guide: Send + Sync {
    /// The guidance for one batch: context and the glossary terms of its segments.
    fn guidance(&self, batch: &[Segment]) -> Guidance;
    /// What one segment brings to its cache key (`glossary::cache_part`); empty: nothing.
    fn cache_part(&self, segment: &Segment) -> String;
}

/// No cache: every run translates everything.
pub struct NoCache;

impl TranslationCache for NoCache {
    fn get(&self, _text: &str) -> Option<String> {
        None
    }
    fn put(&self, _text: &str, _translation: &str) {}
}

/// What happened to a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockEvent {
    /// Answered from the cache; no request was made for it.
    Cached {
        id: String,
        translation: String,
        /// Which provider made it, when the cache recorded that.
        by: Option<ProviderKind>,
        /// Glossary terms whose rendering the translation lacks (filled by
        /// `crate::job`; the scheduler leaves it empty).
        missing: Vec<MissingTerm>,
    },
    /// A request carrying this block has been sent.
    Translating {
        id: String,
    },
    /// Streamed text so far (LLM providers).
    Partial {
        id: String,
        text: String,
    },
    Done {
        id: String,
        translation: String,
        /// Which provider translated it: the profile's kind, or for the `web`
        /// chain the engine that answered; `None` for a block with nothing to
        /// translate.
        by: Option<ProviderKind>,
        /// Glossary terms whose rendering the translation lacks (as for `Cached`).
        missing: Vec<MissingTerm>,
    },
    Failed {
        id: String,
        error: TranslateError,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts per batch, the first one included.
    pub max_attempts: u32,
    /// Back-off before the second attempt; doubled for each further one.
    pub base_delay: Duration,
    /// No single wait is longer than this (a provider asking for more fails the batch).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 5, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(60) }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub done: usize,
    pub cached: usize,
    pub failed: usize,
    /// HTTP requests started (including retries).
    pub requests: usize,
    /// Rate-limit answers received (each was waited out and retried).
    pub rate_limited: usize,
    pub cancelled: bool,
}

pub struct Scheduler {
    pub client: reqwest::Client,
    pub config: ProviderConfig,
    pub limits: Limits,
    pub source: Option<Lang>,
    pub target: Lang,
    pub retry: RetryPolicy,
    /// Applied to every translation before it is cached and reported (e.g. the
    /// OpenCC pass that keeps a Traditional Chinese target Traditional; see
    /// `job::script_guard`).
    pub finish: Option<Finish>,
    /// Context and glossary terms for a chat model's batches; `None`: none.
    pub guide: Option<Arc<dyn Guide>>,
    /// Translate past the cache: it is not read (results are still written).
    pub fresh: bool,
}

/// A last transformation of each translation.
pub type Finish = Arc<dyn Fn(&str) -> String + Send + Sync>;

type EventSink = Arc<dyn Fn(BlockEvent) + Send + Sync>;

/// Spaces request starts and holds them during a provider-requested pause.
///
/// A limit of `rps` requests per second is kept without slack: starts are spaced
/// exactly `1 / rps` apart, and a start is also at least `WINDOW_MARGIN` more than
/// one window (`burst / rps`, one second when `rps` is a whole number) after the
/// start `burst` places before it. Only that second rule carries a margin: a
/// server counting a sliding window sees requests arrive a little unevenly (the
/// first ones open their connections, later ones reuse them), so the request that
/// opens a new window must not arrive a hair early; requests inside one window
/// cannot be punished and go at the limit. (Every interval used to be 5% longer,
/// which cost every job 5% of its time; now a job of one window pays nothing and a
/// long one `WINDOW_MARGIN` per window.)
struct Pacer {
    interval: Duration,
    /// How many starts one window admits, and how long the window is; 0 when unpaced.
    burst: usize,
    window: Duration,
    state: Mutex<PacerState>,
}

struct PacerState {
    next_start: Instant,
    /// The last `burst` start slots, oldest first.
    recent: VecDeque<Instant>,
}

/// How much later than one window the start that opens the next window is.
const WINDOW_MARGIN: Duration = Duration::from_millis(50);

impl Pacer {
    fn new(requests_per_second: f64) -> Pacer {
        let paced = requests_per_second > 0.0 && requests_per_second.is_finite();
        let (interval, burst, window) = if paced {
            // Whole requests per window: 10 rps is 10 per second, 0.5 rps 1 per 2 s.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "finite, positive, floored")]
            let burst = (requests_per_second.floor() as usize).max(1);
            #[allow(clippy::cast_precision_loss, reason = "a small count")]
            let window = Duration::from_secs_f64(burst as f64 / requests_per_second);
            (Duration::from_secs_f64(1.0 / requests_per_second), burst, window)
        } else {
            (Duration::ZERO, 0, Duration::ZERO)
        };
        let state = PacerState { next_start: Instant::now(), recent: VecDeque::with_capacity(burst) };
        Pacer { interval, burst, window, state: Mutex::new(state) }
    }

    /// Reserves the next start slot and returns when it is.
    fn reserve(&self) -> Instant {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut slot = state.next_start.max(Instant::now());
        if self.burst > 0 && state.recent.len() == self.burst {
            if let Some(&oldest) = state.recent.front() {
                slot = slot.max(oldest + self.window + WINDOW_MARGIN);
            }
            state.recent.pop_front();
        }
        if self.burst > 0 {
            state.recent.push_back(slot);
        }
        state.next_start = slot + self.interval;
        slot
    }

    /// Nobody starts before `until` (a 429's Retry-After).
    fn pause_until(&self, until: Instant) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.next_start = state.next_start.max(until);
    }
}

struct Shared {
    scheduler: Scheduler,
    pacer: Pacer,
    /// Batches not started yet, in the order they should start.
    queue: Mutex<VecDeque<Vec<Segment>>>,
    cache: Arc<dyn TranslationCache>,
    cancel: CancellationToken,
    on_event: EventSink,
    /// Block ids sharing each distinct text: one translation serves them all.
    owners: HashMap<String, Vec<String>>,
    requests: AtomicUsize,
    rate_limited: AtomicUsize,
    done: AtomicUsize,
    failed: AtomicUsize,
}

impl Scheduler {
    /// Translates `blocks`; `visible` ids go first. Returns when every block is
    /// done or failed, or soon after `cancel` fires.
    pub async fn run(
        self,
        blocks: Vec<Segment>,
        visible: &[String],
        cache: Arc<dyn TranslationCache>,
        cancel: CancellationToken,
        on_event: EventSink,
    ) -> Summary {
        // One request segment per distinct text; its id is the first block that has it.
        let mut owners: HashMap<String, Vec<String>> = HashMap::new();
        let mut distinct: Vec<Segment> = Vec::new();
        let mut first_id_of_text: HashMap<String, String> = HashMap::new();
        let mut cached = 0;
        for block in blocks {
            if block.text.trim().is_empty() {
                on_event(BlockEvent::Done { id: block.id, translation: String::new(), by: None, missing: Vec::new() });
                continue;
            }
            if let Some(first) = first_id_of_text.get(&block.text) {
                owners.entry(first.clone()).or_default().push(block.id);
                continue;
            }
            let extra = self.guide.as_ref().map(|guide| guide.cache_part(&block)).unwrap_or_default();
            if let Some((translation, by)) = (!self.fresh).then(|| cache.get_keyed(&block.text, &extra)).flatten() {
                cached += 1;
                on_event(BlockEvent::Cached { id: block.id, translation, by, missing: Vec::new() });
                continue;
            }
            first_id_of_text.insert(block.text.clone(), block.id.clone());
            owners.insert(block.id.clone(), vec![block.id.clone()]);
            distinct.push(block);
        }
        let ordered = order_visible_first(distinct, visible);
        let batches = plan_batches(ordered, &self.limits);
        let concurrency = self.limits.concurrency.max(1);
        let shared = Arc::new(Shared {
            pacer: Pacer::new(self.limits.requests_per_second),
            queue: Mutex::new(batches.into()),
            scheduler: self,
            cache,
            cancel: cancel.clone(),
            on_event,
            owners,
            requests: AtomicUsize::new(0),
            rate_limited: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
        });
        // `concurrency` workers take batches from the front of one queue, so the
        // planned order (visible blocks first) is the order requests start in.
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..concurrency {
            tasks.spawn(worker(Arc::clone(&shared)));
        }
        while tasks.join_next().await.is_some() {}
        Summary {
            done: shared.done.load(Ordering::SeqCst),
            cached,
            failed: shared.failed.load(Ordering::SeqCst),
            requests: shared.requests.load(Ordering::SeqCst),
            rate_limited: shared.rate_limited.load(Ordering::SeqCst),
            cancelled: cancel.is_cancelled(),
        }
    }
}

/// Visible blocks first (in the order given), then the rest in document order.
fn order_visible_first(segments: Vec<Segment>, visible: &[String]) -> Vec<Segment> {
    if visible.is_empty() {
        return segments;
    }
    let rank: HashMap<&str, usize> = visible.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let (mut first, rest): (Vec<Segment>, Vec<Segment>) =
        segments.into_iter().partition(|s| rank.contains_key(s.id.as_str()));
    first.sort_by_key(|s| rank[s.id.as_str()]);
    first.extend(rest);
    first
}

/// Takes batches from the queue until it is empty (or the run is cancelled).
async fn worker(shared: Arc<Shared>) {
    loop {
        if shared.cancel.is_cancelled() {
            return;
        }
        let next = shared.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front();
        let Some(batch) = next else { return };
        run_batch(&shared, batch).await;
    }
}

/// Caches and reports finished translations (a batch's, or one cut segment's):
/// all are in the cache before any is reported.
fn deliver(shared: &Shared, finished: Vec<(&Segment, String)>, by: ProviderKind) {
    let finished: Vec<(&Segment, String, String)> = finished
        .into_iter()
        .map(|(segment, translation)| {
            let translation = match &shared.scheduler.finish {
                Some(finish) => finish(&translation),
                None => translation,
            };
            let extra = shared.scheduler.guide.as_ref().map(|guide| guide.cache_part(segment)).unwrap_or_default();
            (segment, extra, translation)
        })
        .collect();
    let entries: Vec<(&str, &str, &str)> = finished
        .iter()
        .map(|(segment, extra, translation)| (segment.text.as_str(), extra.as_str(), translation.as_str()))
        .collect();
    shared.cache.put_keyed_all(&entries, by);
    for (segment, _, translation) in finished {
        report(shared, &segment.id, |id| BlockEvent::Done {
            id,
            translation: translation.clone(),
            by: Some(by),
            missing: Vec::new(),
        });
        shared.done.fetch_add(shared.owners.get(&segment.id).map_or(1, Vec::len), Ordering::SeqCst);
    }
}

/// A segment's translation made of its pieces' (`translate_cut`), and who made it.
type CutFuture<'a> = Pin<Box<dyn Future<Output = Result<(String, ProviderKind), TranslateError>> + Send + 'a>>;

/// How many times a single segment cut off by the model is halved before it fails.
const MAX_CUTS: u32 = 2;

/// Runs one batch to completion: retries, splits on misalignment and
/// truncation, cuts a single truncated segment, reports.
async fn run_batch(shared: &Shared, batch: Vec<Segment>) {
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        match attempt_batch(shared, &batch, false).await {
            Ok((translations, by)) => {
                deliver(shared, batch.iter().zip(translations).collect(), by);
                return;
            }
            Err(TranslateError::Cancelled) => return,
            Err(TranslateError::Truncated { .. }) if batch.len() == 1 => {
                match translate_cut(shared, &batch[0], 1).await {
                    Ok((translation, by)) => deliver(shared, vec![(&batch[0], translation)], by),
                    Err(TranslateError::Cancelled) => {}
                    Err(error) => fail_batch(shared, &batch, error),
                }
                return;
            }
            Err(TranslateError::Misaligned { .. } | TranslateError::Truncated { .. }) if batch.len() > 1 => {
                // Both halves go to the front, in order: they keep their place.
                let (a, b) = split_batch(batch);
                let mut queue = shared.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                queue.push_front(b);
                queue.push_front(a);
                return;
            }
            Err(error) => {
                let wait = backoff(&shared.scheduler.retry, attempt, &error);
                let retry = error.is_retryable() && attempt < shared.scheduler.retry.max_attempts && wait.is_some();
                if !retry {
                    if error.is_unreachable() {
                        // Nobody is there: what is still queued would only fail the same way.
                        let queued: Vec<Vec<Segment>> =
                            shared.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).drain(..).collect();
                        for rest in queued {
                            fail_batch(shared, &rest, error.clone());
                        }
                    }
                    fail_batch(shared, &batch, error);
                    return;
                }
                let wait = wait.expect("checked above");
                if matches!(error, TranslateError::RateLimited { .. }) {
                    shared.rate_limited.fetch_add(1, Ordering::SeqCst);
                    // Everyone waits, not just this batch: the provider said "slow down".
                    shared.pacer.pause_until(Instant::now() + wait);
                }
                tokio::select! {
                    _ = shared.cancel.cancelled() => return,
                    _ = tokio::time::sleep(wait) => {}
                }
            }
        }
    }
}

/// A single segment the model cut off again and again: cut at sentence ends
/// into pieces of about half its length (`plan::pieces`), each sent alone
/// (with retries), a piece cut off in turn halved again up to `MAX_CUTS`
/// times, and their translations joined back as `Job::run` joins a long
/// paragraph's. No piece is reported or cached on its own.
fn translate_cut<'a>(shared: &'a Shared, segment: &'a Segment, depth: u32) -> CutFuture<'a> {
    Box::pin(async move {
        let truncated = TranslateError::Truncated { expected: 1, got: 0 };
        let length = segment.text.chars().count();
        let parts = pieces(&segment.text, length.div_ceil(2));
        if depth > MAX_CUTS || parts.len() < 2 {
            return Err(truncated);
        }
        let mut texts = Vec::with_capacity(parts.len());
        let mut by = shared.scheduler.config.kind;
        for (n, text) in parts.into_iter().enumerate() {
            let piece = [Segment { id: format!("{}\u{1e}{n}", segment.id), text }];
            let mut attempt = 0;
            let (translation, piece_by) = loop {
                attempt += 1;
                match attempt_batch(shared, &piece, true).await {
                    Ok((mut translations, piece_by)) => break (translations.pop().unwrap_or_default(), piece_by),
                    Err(TranslateError::Truncated { .. }) => break translate_cut(shared, &piece[0], depth + 1).await?,
                    Err(error) => {
                        let wait = backoff(&shared.scheduler.retry, attempt, &error);
                        let retry =
                            error.is_retryable() && attempt < shared.scheduler.retry.max_attempts && wait.is_some();
                        let Some(wait) = wait.filter(|_| retry) else { return Err(error) };
                        if matches!(error, TranslateError::RateLimited { .. }) {
                            shared.rate_limited.fetch_add(1, Ordering::SeqCst);
                            shared.pacer.pause_until(Instant::now() + wait);
                        }
                        tokio::select! {
                            _ = shared.cancel.cancelled() => return Err(TranslateError::Cancelled),
                            _ = tokio::time::sleep(wait) => {}
                        }
                    }
                }
            };
            texts.push(translation);
            by = piece_by;
        }
        let joined = texts.iter().map(|text| text.trim()).collect::<Vec<_>>().join(joiner(&shared.scheduler.target));
        Ok((joined, by))
    })
}

/// One request, paced; cancellable at any await. `quiet`: the segments are
/// pieces of one (`translate_cut`), so nothing is reported for them.
async fn attempt_batch(
    shared: &Shared,
    batch: &[Segment],
    quiet: bool,
) -> Result<(Vec<String>, ProviderKind), TranslateError> {
    let slot = shared.pacer.reserve();
    tokio::select! {
        _ = shared.cancel.cancelled() => return Err(TranslateError::Cancelled),
        _ = tokio::time::sleep_until(slot) => {}
    }
    if !quiet {
        for segment in batch {
            report(shared, &segment.id, |id| BlockEvent::Translating { id });
        }
    }
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let s = &shared.scheduler;
    let mut on_delta = |delta: Delta| {
        if !quiet {
            report(shared, &delta.id, |id| BlockEvent::Partial { id, text: delta.text_so_far.clone() });
        }
    };
    let guidance = s.guide.as_ref().map(|guide| guide.guidance(batch)).unwrap_or_default();
    tokio::select! {
        _ = shared.cancel.cancelled() => Err(TranslateError::Cancelled),
        result = translate_batch_guided(&s.client, &s.config, batch, s.source.as_ref(), &s.target, &guidance, &mut on_delta) => result,
    }
}

/// Sends an event for every block that shares the segment's text.
fn report(shared: &Shared, segment_id: &str, event: impl Fn(String) -> BlockEvent) {
    match shared.owners.get(segment_id) {
        Some(ids) => ids.iter().for_each(|id| (shared.on_event)(event(id.clone()))),
        None => (shared.on_event)(event(segment_id.to_owned())),
    }
}

fn fail_batch(shared: &Shared, batch: &[Segment], error: TranslateError) {
    for segment in batch {
        report(shared, &segment.id, |id| BlockEvent::Failed { id, error: error.clone() });
        shared.failed.fetch_add(shared.owners.get(&segment.id).map_or(1, Vec::len), Ordering::SeqCst);
    }
}

/// How long to wait before attempt `attempt + 1`: the provider's Retry-After when
/// it gave one, else exponential back-off with ±25% jitter. `None` when the wait
/// would exceed `max_delay` (retrying that late helps nobody).
fn backoff(policy: &RetryPolicy, attempt: u32, error: &TranslateError) -> Option<Duration> {
    let exponential = policy.base_delay.saturating_mul(1u32 << (attempt - 1).min(16));
    let jitter = 0.75 + fastrand::f64() * 0.5;
    let wait = match error.retry_after() {
        Some(asked) => asked,
        None => exponential.mul_f64(jitter),
    };
    (wait <= policy.max_delay).then_some(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: &str) -> Segment {
        Segment { id: id.to_owned(), text: format!("text of {id}") }
    }

    #[test]
    fn visible_blocks_go_first_in_the_given_order() {
        let ordered = order_visible_first(vec![seg("a"), seg("b"), seg("c"), seg("d")], &["c".into(), "b".into()]);
        let ids: Vec<&str> = ordered.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a", "d"]);
    }

    #[test]
    fn backoff_honours_retry_after_and_gives_up_beyond_the_cap() {
        let policy = RetryPolicy::default();
        let asked = TranslateError::RateLimited { retry_after: Some(Duration::from_secs(3)) };
        assert_eq!(backoff(&policy, 1, &asked), Some(Duration::from_secs(3)));
        let too_long = TranslateError::RateLimited { retry_after: Some(Duration::from_secs(3600)) };
        assert_eq!(backoff(&policy, 1, &too_long), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_when_no_wait_was_given() {
        let policy =
            RetryPolicy { max_attempts: 5, base_delay: Duration::from_millis(100), max_delay: Duration::from_secs(60) };
        let error = TranslateError::Server { status: 503, retry_after: None };
        for attempt in 1..=4u32 {
            let wait = backoff(&policy, attempt, &error).unwrap();
            let nominal = 100.0 * f64::from(1u32 << (attempt - 1));
            let ms = wait.as_secs_f64() * 1000.0;
            assert!(ms >= nominal * 0.75 - 1.0 && ms <= nominal * 1.25 + 1.0, "attempt {attempt}: {ms} ms");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_pacer_spaces_starts_and_honours_a_pause() {
        let pacer = Pacer::new(10.0);
        let t0 = Instant::now();
        let slots: Vec<Duration> = (0..3).map(|_| pacer.reserve() - t0).collect();
        assert_eq!(slots, [Duration::ZERO, Duration::from_millis(100), Duration::from_millis(200)]);
        pacer.pause_until(t0 + Duration::from_secs(2));
        assert_eq!(pacer.reserve() - t0, Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn the_start_that_opens_a_new_window_keeps_a_margin_and_the_rest_keep_the_limit() {
        let pacer = Pacer::new(10.0);
        let t0 = Instant::now();
        let slots: Vec<Duration> = (0..21).map(|_| pacer.reserve() - t0).collect();
        // The first window: exactly at the limit, no slack.
        assert_eq!(slots[9], Duration::from_millis(900));
        // The eleventh start is one window and the margin after the first, the ones after it
        // at the limit again, until the next window.
        assert_eq!(slots[10], Duration::from_secs(1) + WINDOW_MARGIN);
        assert_eq!(slots[11], Duration::from_millis(1100) + WINDOW_MARGIN);
        assert_eq!(slots[20], Duration::from_secs(2) + WINDOW_MARGIN * 2);
        // Never more than ten starts in any second.
        for (i, slot) in slots.iter().enumerate().skip(10) {
            assert!(*slot > slots[i - 10] + Duration::from_secs(1), "start {i}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_rate_below_one_per_second_spaces_every_start_by_its_window() {
        let pacer = Pacer::new(0.5);
        let t0 = Instant::now();
        let slots: Vec<Duration> = (0..3).map(|_| pacer.reserve() - t0).collect();
        assert_eq!(
            slots,
            [Duration::ZERO, Duration::from_secs(2) + WINDOW_MARGIN, Duration::from_secs(4) + WINDOW_MARGIN * 2]
        );
        let unpaced = Pacer::new(0.0);
        assert_eq!(unpaced.reserve(), unpaced.reserve());
    }
}
