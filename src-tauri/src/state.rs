//! What the app holds between commands: the OpenCC converter (opened once), the
//! open document and its prepared article, and the path given at launch.

use std::sync::{Mutex, OnceLock};

use duizhao_core::article::Article;
use duizhao_core::convert::{default_data_dir, Converter};
use duizhao_core::document::Document;

use crate::error::AppError;

pub struct AppState {
    converter: OnceLock<std::result::Result<Converter, AppError>>,
    current: Mutex<Option<(Document, Article)>>,
    pub launch_path: Option<String>,
    started: std::time::Instant,
    first_paint: std::sync::Once,
}

impl AppState {
    pub fn new(launch_path: Option<String>) -> AppState {
        AppState {
            converter: OnceLock::new(),
            current: Mutex::new(None),
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

    pub fn set_current(&self, document: Document, article: Article) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some((document, article));
    }

    pub fn current_document(&self) -> Option<Document> {
        self.current.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|(d, _)| d.clone())
    }

    pub fn current_article(&self) -> Option<Article> {
        self.current.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|(_, a)| a.clone())
    }
}
