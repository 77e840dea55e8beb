//! `duizhao translate`: imports a document, then runs its blocks through a
//! provider with the core's scheduler and cache, exactly as the app does.
//!
//! The provider comes from a settings profile (`--profile`, else the default
//! profile; its key from the OS keychain, else the app's key file, else
//! `DUIZHAO_API_KEY`: `duizhao_keychain::Keys::find`) or is given
//! ad hoc (`--provider KIND --base-url URL`, key from `DUIZHAO_API_KEY`).
//! With "fully offline" on in the settings, a provider off this computer is
//! refused before any request (`Settings::allows_network`).
//! Exit status: 0 when every block was translated; 1 when some failed (listed
//! on stderr); 2 for bad input or settings.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use duizhao_core::article::{prepare, Article};
use duizhao_core::convert::ConfigChoice;
use duizhao_core::glossary::{self, GlobalGlossary, MissingTerm, Term};
use duizhao_core::job::{self, JobRequest, Reconvert};
use duizhao_core::net::{self, Proxy};
use duizhao_core::settings::{api_key_from_env, Profile, Settings};
use duizhao_core::store::Cache;
use duizhao_core::trace::trace;
use duizhao_core::translate::scheduler::BlockEvent;
use duizhao_core::translate::{Lang, Limits, ProviderKind, Secret, TranslateError};
use tokio_util::sync::CancellationToken;

use crate::{converter, import, import_json, import_options, write_stdout, Failure, Outcome, TranslateArgs};

/// Which provider translates, and how fast: shared by `translate` and `export`.
#[derive(clap::Args, Clone)]
pub(crate) struct ProviderArgs {
    /// Target language (BCP-47: en, zh-Hant, zh-Hans, ja, …); default: the settings' target language.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Source language; default: the provider detects it.
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// A provider profile from the settings (default: the default profile).
    #[arg(long, conflicts_with_all = ["provider", "base_url", "model"])]
    pub(crate) profile: Option<String>,
    /// An ad-hoc provider instead of a profile: web (the free web engines in turn),
    /// edge, google-web, transmart (one web engine), openai, deepl, google, azure,
    /// libretranslate, anthropic, gemini, baidu, youdao, tencent, volcengine, deeplx,
    /// custom (with --template). Its key, when it needs one, is read from
    /// DUIZHAO_API_KEY; a key pair (baidu, youdao, tencent, volcengine) as ID:SECRET.
    #[arg(long)]
    pub(crate) provider: Option<String>,
    /// The provider's base URL (with --provider; default: its public endpoint).
    /// For `web`, ENGINE=URL points one engine of the chain elsewhere (repeatable).
    #[arg(long, requires = "provider")]
    pub(crate) base_url: Vec<String>,
    /// The model (chat model APIs: openai, anthropic, gemini).
    #[arg(long)]
    pub(crate) model: Option<String>,
    /// The region (with --provider: tencent's X-TC-Region, default ap-beijing; azure's resource region).
    #[arg(long, requires = "provider")]
    pub(crate) region: Option<String>,
    /// With --provider custom: a JSON file describing the endpoint: {"method": "POST",
    /// "headers": {"Authorization": "Bearer {{key}}"}, "body": "{\"q\": \"{{texts}}\"}",
    /// "translations": "translations[*].text"}; the address is --base-url.
    #[arg(long, requires = "provider")]
    pub(crate) template: Option<std::path::PathBuf>,
    /// Requests in flight at once (overrides the profile).
    #[arg(long)]
    pub(crate) concurrency: Option<usize>,
    /// Requests started per second (overrides the profile).
    #[arg(long)]
    pub(crate) max_rps: Option<f64>,
    /// The proxy to go through: an address (http://, https://, socks5://, socks5h://;
    /// user:password@ allowed), "direct" for none, or "system". Default: the profile's
    /// or the settings' proxy, else the system's (HTTPS_PROXY, ALL_PROXY, NO_PROXY).
    #[arg(long)]
    pub(crate) proxy: Option<String>,
    /// A glossary file (CSV or TSV: source, target[, note[, region]], a header row optional):
    /// its terms come first, then the app's glossary (and its starter list, for English).
    /// Chat models are told the terms in each batch; every row is checked, and a row whose
    /// translation lacks a term's rendering is reported on standard error.
    #[arg(long, value_name = "FILE")]
    pub(crate) glossary: Option<std::path::PathBuf>,
    /// Translate past the cache (it is not read; the new translations are still kept).
    #[arg(long)]
    pub(crate) fresh: bool,
}

/// The HTTP client for `profile`: through `--proxy` when given (bypassing what
/// `NO_PROXY` lists), else the proxy the settings give the profile, with its
/// password from the keychain.
pub(crate) fn client_for(
    flag: Option<&str>,
    settings: &Settings,
    profile: Option<&Profile>,
) -> Result<reqwest::Client, Failure> {
    let (proxy, password) = proxy_for(flag, settings, profile)?;
    net::client_builder(&proxy, password.as_ref())
        .map_err(|e| Failure(e.0))?
        .build()
        .map_err(|e| Failure(format!("cannot start the HTTP client: {e}")))
}

/// The proxy and its password: `--proxy`, else the settings'.
pub(crate) fn proxy_for(
    flag: Option<&str>,
    settings: &Settings,
    profile: Option<&Profile>,
) -> Result<(Proxy, Option<Secret>), Failure> {
    if let Some(value) = flag {
        let bypass = std::env::var("NO_PROXY").or_else(|_| std::env::var("no_proxy")).unwrap_or_default();
        return net::parse_command_line(value, &bypass).map_err(|e| Failure(format!("--proxy: {e}")));
    }
    let (proxy, entry) = match profile {
        Some(profile) => (settings.proxy_for(profile).clone(), settings.proxy_entry_for(profile)),
        None => (settings.proxy.clone(), net::proxy_entry(None)),
    };
    let password =
        duizhao_keychain::Keys::new(&duizhao_core::paths::default_config_dir()).proxy_password(&proxy, &entry)?;
    Ok((proxy, password))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Bilingual,
}

pub(crate) fn run(args: TranslateArgs) -> Result<(), Failure> {
    trace("started");
    let format = match args.format.as_str() {
        "text" => Format::Text,
        "json" => Format::Json,
        "bilingual" => Format::Bilingual,
        other => return Err(Failure(format!("unknown output format {other:?} (expected text, json or bilingual)"))),
    };
    let choice = ConfigChoice::parse(&args.config)?;
    let options = import_options(args.encoding.as_deref())?;
    // The job's setup does not need the document: it is done meanwhile.
    let provider = args.provider.clone();
    let setup = std::thread::spawn(move || job_setup(&provider));
    let document = import(&args.source, options, args.provider.proxy.as_deref())?;
    let article = prepare(document, choice, converter()?)?;
    trace("document prepared");
    let setup = setup.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    trace("job set up");
    let translated = translate_with(&article, setup, None)?;
    let outcomes = &translated.outcomes;

    let out = match format {
        Format::Json => import_json(&article, Some(outcomes)) + "\n",
        Format::Text | Format::Bilingual => {
            let mut parts = Vec::new();
            for block in &article.blocks {
                let translation = match outcomes.get(&block.id) {
                    Some(Outcome::Done(text, _)) => text.as_str(),
                    _ => "",
                };
                parts.push(if format == Format::Bilingual {
                    format!("{}\n{translation}", block.text)
                } else {
                    translation.to_owned()
                });
            }
            parts.join("\n\n") + "\n"
        }
    };
    write_stdout(out.as_bytes())?;
    trace("output written");
    translated.report(&article, None)
}

/// The translations of an article's blocks, and who made them.
pub(crate) struct Translated {
    /// By block id; a block without an entry was not reached (cancelled).
    pub(crate) outcomes: HashMap<String, Outcome>,
    pub(crate) cancelled: bool,
    /// The profile used (an ad-hoc "command line" one with `--provider`).
    pub(crate) profile: Profile,
    /// The target language tag.
    pub(crate) target: String,
}

impl Translated {
    /// Lists the blocks (of `only`, or all) that were not translated on stderr;
    /// `Err` with an empty message (exit status 1) when there are any.
    pub(crate) fn report(&self, article: &Article, only: Option<&HashSet<String>>) -> Result<(), Failure> {
        let in_scope = |id: &String| only.is_none_or(|only| only.contains(id));
        let failed: Vec<(usize, &String)> = article
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| in_scope(&b.id))
            .filter_map(|(i, b)| match self.outcomes.get(&b.id) {
                Some(Outcome::Failed(error)) => Some((i + 1, error)),
                Some(Outcome::Done(..)) | None => None,
            })
            .collect();
        let missing = article.blocks.iter().filter(|b| in_scope(&b.id) && !self.outcomes.contains_key(&b.id)).count();
        if failed.is_empty() && missing == 0 {
            return Ok(());
        }
        let mut err = std::io::stderr().lock();
        for (row, error) in &failed {
            let _ = writeln!(err, "duizhao: block {row} not translated: {error}");
        }
        if self.cancelled || missing > 0 {
            let _ = writeln!(err, "duizhao: stopped before {missing} blocks were translated");
        }
        Err(Failure(String::new()))
    }
}

/// What a job needs that does not depend on the document: the profile and target, the HTTP
/// client (building it reads the system's certificates: 20–40 ms), the key, the limits, the
/// glossaries, the cache and the async runtime. `translate` puts it together on another
/// thread while the document is imported and converted.
pub(crate) struct JobSetup {
    profile: Profile,
    target: String,
    /// `--from`.
    source: Option<Lang>,
    fresh: bool,
    client: reqwest::Client,
    key: Option<Secret>,
    limits: Limits,
    file_terms: Vec<Term>,
    global: GlobalGlossary,
    cache: Arc<Cache>,
    runtime: tokio::runtime::Runtime,
}

/// The job's setup from the options (settings problems are errors, exit status 2).
pub(crate) fn job_setup(args: &ProviderArgs) -> Result<JobSetup, Failure> {
    let config_dir = duizhao_core::paths::default_config_dir();
    let (profile, target) = match &args.provider {
        Some(kind) => {
            let kind = ProviderKind::from_name(kind).ok_or_else(|| {
                let names: Vec<&str> = ProviderKind::ALL.iter().map(|k| k.name()).collect();
                Failure(format!("unknown provider kind {kind:?} (expected one of: {})", names.join(", ")))
            })?;
            let mut profile = Profile::new("command line", kind);
            if kind == ProviderKind::Web {
                for pair in &args.base_url {
                    let (engine, url) = pair.split_once('=').ok_or_else(|| {
                        Failure(format!("--base-url {pair:?}: with --provider web, give ENGINE=URL (e.g. edge=http://127.0.0.1:8080)"))
                    })?;
                    profile.engines.insert(engine.trim().to_ascii_lowercase(), url.trim().to_owned());
                }
            } else {
                match args.base_url.as_slice() {
                    [] => {}
                    [url] => profile.base_url = url.clone(),
                    _ => {
                        return Err(Failure(
                            "--base-url is given more than once (only --provider web takes several)".into(),
                        ))
                    }
                }
            }
            profile.model = args.model.clone();
            profile.region = args.region.clone();
            if let Some(path) = &args.template {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Failure(format!("--template {}: {e}", path.display())))?;
                let template = serde_json::from_str(&text).map_err(|e| {
                    Failure(format!(
                        "--template {}: not a template ({e}); see duizhao translate --help",
                        path.display()
                    ))
                })?;
                profile.template = Some(template);
            }
            profile.validate()?;
            let target = args.to.clone().ok_or_else(|| Failure("--to LANG is required with --provider".into()))?;
            (profile, target)
        }
        None => {
            let settings = Settings::load(&config_dir)?;
            let profile = match &args.profile {
                Some(name) => settings.profile(name).cloned().ok_or_else(|| {
                    Failure(format!("no provider profile named {name:?} in {}", config_dir.display()))
                })?,
                None => settings.default_profile().cloned().ok_or_else(|| {
                    Failure(format!(
                        "no provider profile is set up in {}; add one in the app's settings, or use --provider KIND --base-url URL",
                        config_dir.display()
                    ))
                })?,
            };
            let target = args.to.clone().unwrap_or_else(|| settings.target_language.as_str().to_owned());
            (profile, target)
        }
    };
    // "Fully offline" holds for an ad-hoc provider too. A settings file that
    // does not load leaves it off here: `--provider` works without settings.
    let offline = match &args.provider {
        Some(_) => Settings::load(&config_dir).unwrap_or_default(),
        None => Settings::load(&config_dir)?,
    };
    offline.allows_network(&profile)?;
    // Opening the cache (creating it, on a first run: several syncs) and building the HTTP
    // client take about as long as each other: one waits on the disk, the other on the CPU.
    let cache = std::thread::spawn(Cache::open_default);
    let client = client_for(args.proxy.as_deref(), &offline, Some(&profile))?;
    let key = match &args.provider {
        Some(_) => api_key_from_env(),
        None => duizhao_keychain::Keys::new(&config_dir).find(&profile, api_key_from_env())?.map(|(key, _)| key),
    };
    let mut limits = profile.limits();
    if let Some(n) = args.concurrency {
        limits.concurrency = n.max(1);
    }
    if let Some(rate) = args.max_rps {
        if !(rate > 0.0 && rate.is_finite()) {
            return Err(Failure(format!("--max-rps must be a positive number, not {rate}")));
        }
        limits.requests_per_second = rate;
    }
    let file_terms = match &args.glossary {
        Some(path) => {
            glossary::import_file(path).and_then(glossary::validate).map_err(|e| Failure(format!("--glossary: {e}")))?
        }
        None => Vec::new(),
    };
    // The app's glossary; with an ad-hoc provider a damaged one is left out rather than fatal.
    let global = match (&args.provider, GlobalGlossary::load(&config_dir)) {
        (_, Ok(global)) => global,
        (Some(_), Err(_)) => GlobalGlossary::default(),
        (None, Err(e)) => return Err(Failure(e.to_string())),
    };
    let cache = Arc::new(cache.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start the async runtime: {e}")))?;
    Ok(JobSetup {
        profile,
        target,
        source: args.from.as_deref().map(Lang::new),
        fresh: args.fresh,
        client,
        key,
        limits,
        file_terms,
        global,
        cache,
        runtime,
    })
}

/// Translates the article's blocks (those in `only`, or all) with the provider
/// the options choose, through the cache, exactly as the app does. Errors are
/// settings problems (exit status 2); failed blocks are in the outcomes.
pub(crate) fn translate_article(
    article: &Article,
    args: &ProviderArgs,
    only: Option<&HashSet<String>>,
) -> Result<Translated, Failure> {
    translate_with(article, job_setup(args)?, only)
}

/// `translate_article` with its setup done.
pub(crate) fn translate_with(
    article: &Article,
    setup: JobSetup,
    only: Option<&HashSet<String>>,
) -> Result<Translated, Failure> {
    let JobSetup { profile, target, source, fresh, client, key, limits, file_terms, global, cache, runtime } = setup;
    let target_tag = target.trim().to_owned();
    let only: Option<Vec<String>> = only.map(|ids| ids.iter().cloned().collect());
    // The script guard of a Traditional target and the other script's forms of glossary
    // terms convert with the run's converter (opened when first needed).
    let reconvert: Reconvert = Arc::new(|config, text| converter().ok()?.convert(config, text).ok());
    let terms = job::glossary_terms(&global, &file_terms, &Lang::new(&target));
    let request = JobRequest {
        article,
        profile: &profile,
        key,
        target: Lang::new(&target),
        source,
        only: only.as_deref(),
        limits: Some(limits),
        terms,
        fresh,
    };
    let kept_open = Arc::clone(&cache);
    let job = job::start(request, client, cache, reconvert).map_err(|e| {
        Failure(match e {
            TranslateError::Config { detail } => format!("{detail} in the app, or set DUIZHAO_API_KEY"),
            other => other.to_string(),
        })
    })?;
    let total = job.segments.len();
    let outcomes: Arc<Mutex<HashMap<String, Outcome>>> = Arc::default();
    for kept in &job.kept {
        outcomes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(kept.id.clone(), Outcome::Done(kept.text.clone(), None));
    }
    let progress = std::io::stderr().is_terminal();
    let missing: Arc<Mutex<HashMap<String, Vec<MissingTerm>>>> = Arc::default();
    let sink = {
        let outcomes = Arc::clone(&outcomes);
        let missing = Arc::clone(&missing);
        let finished = Arc::new(Mutex::new(0usize));
        let first_request = std::sync::Once::new();
        Arc::new(move |event: BlockEvent| {
            let (id, outcome) = match event {
                BlockEvent::Done { id, translation, by, missing: lacks }
                | BlockEvent::Cached { id, translation, by, missing: lacks } => {
                    if !lacks.is_empty() {
                        missing.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id.clone(), lacks);
                    }
                    (id, Outcome::Done(translation, by))
                }
                BlockEvent::Failed { id, error } => (id, Outcome::Failed(error.to_string())),
                BlockEvent::Translating { .. } => {
                    first_request.call_once(|| trace("first request sent"));
                    return;
                }
                BlockEvent::Partial { .. } => return,
            };
            outcomes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id, outcome);
            if progress {
                let mut finished = finished.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                *finished += 1;
                let _ = write!(std::io::stderr(), "\rtranslating: {}/{total} blocks", *finished);
            }
        })
    };
    let cancel = CancellationToken::new();
    trace("job started");
    let summary = runtime.block_on(async {
        let cancel_on_ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel_on_ctrl_c.cancel();
            }
        });
        job.run(&[], cancel, sink).await
    });
    trace("job done");
    // Nothing is left to wait for (a stuck name lookup of the web chain must not hold the exit).
    runtime.shutdown_background();
    // The database is not closed: closing checkpoints its WAL into the file (two syncs and
    // the WAL's deletion, 20–30 ms after the last answer) for nothing this process needs.
    // Every row is committed and synced in the WAL already (`synchronous = FULL`); the
    // next connection reads it there, and the next to close, or SQLite's auto-checkpoint,
    // moves it into the file.
    std::mem::forget(kept_open);
    if progress {
        let _ = writeln!(std::io::stderr());
    }
    // Rows whose translation lacks a glossary rendering, in document order.
    let missing = std::mem::take(&mut *missing.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    for (position, block) in article.blocks.iter().enumerate() {
        for term in missing.get(&block.id).into_iter().flatten() {
            let _ = writeln!(
                std::io::stderr(),
                "duizhao: block {}: the translation lacks the glossary's {} → {}",
                position + 1,
                term.source,
                term.target
            );
        }
    }
    let outcomes = std::mem::take(&mut *outcomes.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    Ok(Translated { outcomes, cancelled: summary.cancelled, profile, target: target_tag })
}
