//! What the app holds between commands: the OpenCC converter (opened once), the
//! open document with its prepared article and the translations finished so far,
//! the translation jobs working on it, and the path given at launch.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use duizhao_core::article::Article;
use duizhao_core::convert::{default_data_dir, Converter};
use duizhao_core::document::Document;
use tokio_util::sync::CancellationToken;

use crate::error::AppError;

/// The open document. `generation` changes with every open, so events of a job
/// started on an earlier document can never land on this one.
struct Open {
    document: Document,
    article: Article,
    translations: HashMap<String, String>,
    generation: u64,
}

pub struct AppState {
    converter: OnceLock<std::result::Result<Converter, AppError>>,
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

    /// Milliseconds from start-up to the first call; `None` on later calls.
    pub fn first_paint_ms(&self) -> Option<u128> {
        let mut elapsed = None;
        self.first_paint.call_once(|| elapsed = Some(self.started.elapsed().as_millis()));
        elapsed
    }

    /// Makes `article` the open document. Translation jobs on the previous one
    /// stop; a re-conversion of the same document keeps its translations.
    pub fn set_current(&self, document: Document, article: Article) {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let same = current.as_ref().is_some_and(|open| open.document == document);
        if same {
            let open = current.as_mut().expect("checked above");
            open.article = article;
            return;
        }
        self.cancel_jobs();
        let generation = self.generations.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        *current = Some(Open { document, article, translations: HashMap::new(), generation });
    }

    pub fn current_document(&self) -> Option<Document> {
        self.current.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|o| o.document.clone())
    }

    /// The open article, its finished translations, and its generation.
    pub fn current_with_translations(&self) -> Option<(Article, HashMap<String, String>, u64)> {
        let current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current.as_ref().map(|o| (o.article.clone(), o.translations.clone(), o.generation))
    }

    /// Records a finished translation, if the document is still the one it was made for.
    pub fn set_translation(&self, generation: u64, id: &str, text: &str) {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(open) = current.as_mut().filter(|o| o.generation == generation) {
            open.translations.insert(id.to_owned(), text.to_owned());
        }
    }

    pub fn add_job(&self, id: u32, token: CancellationToken) {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).insert(id, token);
    }

    /// Cancels the job; true if it was running.
    pub fn cancel_job(&self, id: u32) -> bool {
        let token = self.jobs.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
        token.map(|t| t.cancel()).is_some()
    }

    fn cancel_jobs(&self) {
        for (_, token) in self.jobs.lock().unwrap_or_else(|p| p.into_inner()).drain() {
            token.cancel();
        }
    }
}
