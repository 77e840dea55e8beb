//! What the app holds between commands: the OpenCC converter and the library
//! (each opened once), the open document with its prepared article and the
//! translations finished so far, the translation jobs working on it, and the path
//! given at launch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use duizhao_core::article::Article;
use duizhao_core::convert::Converter;
use duizhao_core::document::Document;
use duizhao_core::paths::default_data_dir;
use duizhao_core::store::Library;
use duizhao_core::translate::ProviderKind;
use tokio_util::sync::CancellationToken;

use crate::error::AppError;
use duizhao_core::error::ErrorKind;

/// The open document. `generation` changes with every open, so events of a job
/// started on an earlier document can never land on this one.
struct Open {
    document: Document,
    article: Article,
    translations: HashMap<String, String>,
    /// Which provider made each translation, where known (the `web` chain's engine).
    engines: HashMap<String, ProviderKind>,
    generation: u64,
    /// The document's library entry (none for the sample, or if the library
    /// could not be opened).
    library_id: Option<String>,
    /// Who made `translations`, for citations and the library.
    translated_by: Option<TranslatedBy>,
    /// Whether `translated_by` is in the library entry yet: it is written with the
    /// first translation it made, so a job that translates nothing (stopped, every
    /// block failed) never hides the entry's earlier translations.
    recorded: bool,
}

/// The profile and target language of the open document's translations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslatedBy {
    pub profile: String,
    pub target: String,
}

/// What a reopened library entry brings: its translations, who made each, and
/// the profile and language they were made with.
pub struct Known {
    pub translations: HashMap<String, String>,
    pub engines: HashMap<String, ProviderKind>,
    pub by: TranslatedBy,
}

/// The open document, as commands need it.
pub struct Current {
    pub article: Article,
    pub generation: u64,
    pub translations: HashMap<String, String>,
    pub engines: HashMap<String, ProviderKind>,
    pub translated_by: Option<TranslatedBy>,
}

fn no_document() -> AppError {
    AppError::new(ErrorKind::NoDocument, "No document is open")
}

pub struct AppState {
    converter: OnceLock<std::result::Result<Converter, AppError>>,
    library: OnceLock<std::result::Result<Arc<Library>, AppError>>,
    current: Mutex<Option<Open>>,
    generations: std::sync::atomic::AtomicU64,
    jobs: Mutex<HashMap<u32, CancellationToken>>,
    pub launch_path: Option<String>,
    started: std::time::Instant,
    first_paint: std::sync::Once,
}

impl AppState {
    pub fn new(launch_path: Option<String>) -> AppState {
        AppState {
            converter: OnceLock::new(),
            library: OnceLock::new(),
            current: Mutex::new(None),
            generations: std::sync::atomic::AtomicU64::new(0),
            jobs: Mutex::new(HashMap::new()),
            launch_path,
            started: std::time::Instant::now(),
            first_paint: std::sync::Once::new(),
        }
    }

    /// The converter, created on first use (the first start writes OpenCC's
    /// dictionaries to the data directory).
    pub fn converter(&self) -> Result<&Converter, AppError> {
        self.converter
            .get_or_init(|| Converter::new(&default_data_dir()).map_err(AppError::from))
            .as_ref()
            .map_err(|e| AppError::new(e.kind, e.message.clone()))
    }

    /// The library, opened on first use (in the same database file as the cache).
    pub fn library(&self) -> Result<Arc<Library>, AppError> {
        self.library
            .get_or_init(|| Library::open_default().map(Arc::new).map_err(AppError::from))
            .as_ref()
            .map(Arc::clone)
            .map_err(|e| AppError::new(e.kind, e.message.clone()))
    }

    /// Milliseconds from start-up to the first call; `None` on later calls.
    pub fn first_paint_ms(&self) -> Option<u128> {
        let mut elapsed = None;
        self.first_paint.call_once(|| elapsed = Some(self.started.elapsed().as_millis()));
        elapsed
    }

    /// Makes `article` the open document, with the translations it already has
    /// (from the library). Translation jobs on the previous one stop. A
    /// re-conversion (`reconverted`) of the same document keeps its translations;
    /// anything else starts the translation column afresh, as the UI does.
    pub fn set_current(
        &self,
        document: Document,
        article: Article,
        library_id: Option<String>,
        known: Option<Known>,
        reconverted: bool,
    ) {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let same = current.as_ref().is_some_and(|open| open.document == document);
        if same && reconverted {
            let open = current.as_mut().expect("checked above");
            open.article = article;
            open.library_id = library_id.or(open.library_id.take());
            return;
        }
        self.cancel_jobs();
        let generation = self.generations.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let (translations, engines, translated_by) =
            known.map_or((HashMap::new(), HashMap::new(), None), |k| (k.translations, k.engines, Some(k.by)));
        let recorded = translated_by.is_some();
        *current =
            Some(Open { document, article, translations, engines, generation, library_id, translated_by, recorded });
    }

    /// The open document is library entry `library_id`, renamed: citations and
    /// exports use the new title from now on.
    pub fn retitle(&self, library_id: &str, title: &str) -> bool {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut().filter(|o| o.library_id.as_deref() == Some(library_id)) else {
            return false;
        };
        open.document.title = title.to_owned();
        open.article.title = title.to_owned();
        true
    }

    pub fn current_document(&self) -> Result<Document, AppError> {
        let current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        current.as_ref().map(|o| o.document.clone()).ok_or_else(no_document)
    }

    /// A copy of the open document and what belongs to it, or the error every
    /// command that needs one gives when none is open.
    pub fn current(&self) -> Result<Current, AppError> {
        let current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        current
            .as_ref()
            .map(|o| Current {
                article: o.article.clone(),
                generation: o.generation,
                translations: o.translations.clone(),
                engines: o.engines.clone(),
                translated_by: o.translated_by.clone(),
            })
            .ok_or_else(no_document)
    }

    /// A translation job is starting on the open document: translations made by
    /// another profile or into another language no longer belong to it (the UI
    /// resets its column for either change, and a citation must name who made them).
    pub fn start_translation(&self, generation: u64, by: TranslatedBy) {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut().filter(|o| o.generation == generation) else { return };
        if open.translated_by.as_ref() != Some(&by) {
            open.translations.clear();
            open.engines.clear();
            open.translated_by = Some(by);
            open.recorded = false;
        }
    }

    /// Records a finished translation, if the document is still the one it was
    /// made for, and in the document's library entry (with who made it, the first
    /// time). A translation already held (a cache hit of the same text) writes nothing.
    pub fn set_translation(&self, generation: u64, id: &str, text: &str, by: Option<ProviderKind>) {
        let engine = by;
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut().filter(|o| o.generation == generation) else { return };
        match by {
            Some(by) => open.engines.insert(id.to_owned(), by),
            None => open.engines.remove(id),
        };
        if open.translations.get(id).is_some_and(|held| held == text) {
            return;
        }
        open.translations.insert(id.to_owned(), text.to_owned());
        let (Some(doc), Some(by)) = (open.library_id.clone(), open.translated_by.clone()) else { return };
        let record = !open.recorded;
        open.recorded = true;
        drop(current);
        let Ok(library) = self.library() else { return };
        // The translation is in the cache already; losing it from the library only
        // means the next reopen asks the cache (or the provider) again.
        let stored = if record { library.set_translation_target(&doc, &by.profile, &by.target) } else { Ok(()) }
            .and_then(|()| library.put_translation(&doc, &by.target, id, text, engine.map(ProviderKind::name)));
        if let Err(err) = stored {
            eprintln!("duizhao: {err}");
        }
    }

    pub fn add_job(&self, id: u32, token: CancellationToken) {
        self.jobs.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id, token);
    }

    /// Cancels the job; true if it was running.
    pub fn cancel_job(&self, id: u32) -> bool {
        let token = self.jobs.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id);
        token.map(|t| t.cancel()).is_some()
    }

    fn cancel_jobs(&self) {
        for (_, token) in self.jobs.lock().unwrap_or_else(std::sync::PoisonError::into_inner).drain() {
            token.cancel();
        }
    }
}
