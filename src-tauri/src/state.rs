//! What the app holds between commands: the OpenCC converter and the library
//! (each opened once), the open document with its prepared article and the
//! translations finished so far, the translation jobs working on it, and the path
//! given at launch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use duizhao_core::article::{Article, ArticleBlock};
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
    /// The user's edits and the comparison column.
    shaped: Shaped,
}

/// What the reader did to the open document's translations (issue 14): the rows
/// they edited and the comparison column, a second profile's translations.
#[derive(Debug, Clone, Default)]
pub struct Shaped {
    /// Block id → what the provider made, for rows the user edited (their text is
    /// the row's translation); empty when the row had none.
    pub machine: HashMap<String, String>,
    /// Block id → the comparison column's translation.
    pub compare: HashMap<String, String>,
    pub compare_engines: HashMap<String, ProviderKind>,
    /// Who made `compare`.
    pub compare_by: Option<TranslatedBy>,
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
    pub shaped: Shaped,
}

/// The open document, as commands need it.
pub struct Current {
    pub article: Article,
    pub generation: u64,
    pub translations: HashMap<String, String>,
    pub engines: HashMap<String, ProviderKind>,
    pub translated_by: Option<TranslatedBy>,
    pub shaped: Shaped,
    pub library_id: Option<String>,
}

fn no_document() -> AppError {
    AppError::new(ErrorKind::NoDocument, "No document is open")
}

/// A document being read and prepared on a thread of its own (`commands::prepare_launch`).
pub type Preparing = tauri::async_runtime::JoinHandle<Result<(Document, Article), AppError>>;

pub struct AppState {
    converter: OnceLock<std::result::Result<Converter, AppError>>,
    library: OnceLock<std::result::Result<Arc<Library>, AppError>>,
    current: Mutex<Option<Open>>,
    generations: std::sync::atomic::AtomicU64,
    jobs: Mutex<HashMap<u32, CancellationToken>>,
    pub launch_path: Option<String>,
    /// The launch's first document, prepared from start-up on (`commands::prepare_launch`),
    /// for `open_first` to take once.
    launch: Mutex<Option<Preparing>>,
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
            launch: Mutex::new(None),
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

    /// Keeps the preparation of the launch's first document for `open_first`.
    pub fn begin_launch(&self, preparing: Preparing) {
        *self.launch.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(preparing);
    }

    /// The preparation `begin_launch` kept, once; `None` after that, or without one.
    pub fn take_launch(&self) -> Option<Preparing> {
        self.launch.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }

    /// The library if something opened it; never opens it.
    pub fn opened_library(&self) -> Option<Arc<Library>> {
        self.library.get().and_then(|l| l.as_ref().ok()).map(Arc::clone)
    }

    /// Milliseconds since the app started (start-up trace).
    pub fn since_start_ms(&self) -> u128 {
        self.started.elapsed().as_millis()
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
        let (translations, engines, translated_by, shaped) = known
            .map_or((HashMap::new(), HashMap::new(), None, Shaped::default()), |k| {
                (k.translations, k.engines, Some(k.by), k.shaped)
            });
        let recorded = translated_by.is_some();
        *current = Some(Open {
            document,
            article,
            translations,
            engines,
            generation,
            library_id,
            translated_by,
            recorded,
            shaped,
        });
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

    /// The open document's blocks from position `from` on (what an open's answer
    /// left out: `commands::first_screen`); empty when there are no more.
    pub fn blocks_from(&self, from: usize) -> Result<Vec<ArticleBlock>, AppError> {
        let current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let open = current.as_ref().ok_or_else(no_document)?;
        Ok(open.article.blocks.get(from..).map(<[ArticleBlock]>::to_vec).unwrap_or_default())
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
                shaped: o.shaped.clone(),
                library_id: o.library_id.clone(),
            })
            .ok_or_else(no_document)
    }

    /// A translation job is starting on the open document: translations made by
    /// another profile or into another language no longer belong to it (the UI
    /// resets its column for either change, and a citation must name who made them).
    ///
    /// `rows_only`: the job translates chosen rows again (with any profile): the
    /// column keeps its other rows and who made them, unless it is in another language.
    pub fn start_translation(&self, generation: u64, by: TranslatedBy, rows_only: bool) {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut().filter(|o| o.generation == generation) else { return };
        let same_language = open.translated_by.as_ref().is_some_and(|held| held.target == by.target);
        if rows_only && same_language {
            return;
        }
        if open.translated_by.as_ref() != Some(&by) {
            open.translations.clear();
            open.engines.clear();
            open.shaped.machine.clear();
            open.translated_by = Some(by);
            open.recorded = false;
        }
    }

    /// Records finished translations (id, text, by), if the document is still the one
    /// they were made for, and in the document's library entry (with who made them, the
    /// first time), all in one transaction. A translation already held (a cache hit of
    /// the same text) writes nothing.
    pub fn set_translations(&self, generation: u64, rows: &[(&str, &str, Option<ProviderKind>)]) {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut().filter(|o| o.generation == generation) else { return };
        let mut changed = Vec::with_capacity(rows.len());
        for &(id, text, by) in rows {
            match by {
                Some(by) => open.engines.insert(id.to_owned(), by),
                None => open.engines.remove(id),
            };
            // A new machine translation of an edited row (the user asked for it) replaces the edit.
            let was_edited = open.shaped.machine.remove(id).is_some();
            if !was_edited && open.translations.get(id).is_some_and(|held| held == text) {
                continue;
            }
            open.translations.insert(id.to_owned(), text.to_owned());
            changed.push((id, text, by.map(ProviderKind::name)));
        }
        if changed.is_empty() {
            return;
        }
        let (Some(doc), Some(by)) = (open.library_id.clone(), open.translated_by.clone()) else { return };
        let record = !open.recorded;
        open.recorded = true;
        drop(current);
        // The translation is in the cache already; losing it from the library only
        // means the next reopen asks the cache (or the provider) again.
        self.store(|library| {
            if record {
                library.set_translation_target(&doc, &by.profile, &by.target)?;
            }
            library.put_translations(&doc, &by.target, &changed)
        });
    }

    /// A comparison job is starting on the open document with `by`: a comparison
    /// made by another profile or into another language is dropped, here and in
    /// the library entry.
    pub fn start_compare(&self, generation: u64, by: TranslatedBy) {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut().filter(|o| o.generation == generation) else { return };
        if open.shaped.compare_by.as_ref() != Some(&by) {
            open.shaped.compare.clear();
            open.shaped.compare_engines.clear();
        }
        open.shaped.compare_by = Some(by.clone());
        let Some(doc) = open.library_id.clone() else { return };
        drop(current);
        self.store(|library| library.set_compare_profile(&doc, Some(&by.profile), &by.target));
    }

    /// Records finished translations (id, text, by) of the comparison column, and in the
    /// library entry, all in one transaction; one already held writes nothing.
    pub fn set_compare_translations(&self, generation: u64, rows: &[(&str, &str, Option<ProviderKind>)]) {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut().filter(|o| o.generation == generation) else { return };
        let Some(compare_by) = open.shaped.compare_by.clone() else { return };
        let mut changed = Vec::with_capacity(rows.len());
        for &(id, text, by) in rows {
            match by {
                Some(by) => open.shaped.compare_engines.insert(id.to_owned(), by),
                None => open.shaped.compare_engines.remove(id),
            };
            if open.shaped.compare.get(id).is_some_and(|held| held == text) {
                continue;
            }
            open.shaped.compare.insert(id.to_owned(), text.to_owned());
            changed.push((id, text, by.map(ProviderKind::name)));
        }
        let Some(doc) = open.library_id.clone().filter(|_| !changed.is_empty()) else { return };
        drop(current);
        self.store(|library| library.put_compares(&doc, &compare_by.target, &changed));
    }

    /// Closes the comparison column: its translations are dropped, here and in the library.
    pub fn clear_compare(&self) {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(open) = current.as_mut() else { return };
        let target = open.shaped.compare_by.take().map(|by| by.target);
        open.shaped.compare.clear();
        open.shaped.compare_engines.clear();
        let (Some(doc), Some(target)) = (open.library_id.clone(), target) else { return };
        drop(current);
        self.store(|library| library.set_compare_profile(&doc, None, &target));
    }

    /// Makes `text` the translation of row `id`, as the user's edit (kept in the
    /// library). Returns the row's machine version (empty when it had none). The
    /// machine version itself as the text undoes the edit.
    pub fn edit_translation(&self, id: &str, text: &str) -> Result<String, AppError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::new(
                ErrorKind::Edit,
                "An edited translation cannot be empty: undo the edit to get the machine translation back",
            ));
        }
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let open = current.as_mut().ok_or_else(no_document)?;
        if !open.article.blocks.iter().any(|b| b.id == id) {
            return Err(AppError::new(ErrorKind::NotFound, "That row is not in the open document"));
        }
        let by = open
            .translated_by
            .clone()
            .ok_or_else(|| AppError::new(ErrorKind::Edit, "Translate the document before editing its translation"))?;
        let machine = match open.shaped.machine.get(id) {
            Some(machine) => machine.clone(),
            None => open.translations.get(id).cloned().unwrap_or_default(),
        };
        if text == machine {
            drop(current);
            return self.revert_edit(id).map(Option::unwrap_or_default);
        }
        open.shaped.machine.insert(id.to_owned(), machine.clone());
        open.translations.insert(id.to_owned(), text.to_owned());
        let Some(doc) = open.library_id.clone() else { return Ok(machine) };
        let record = !open.recorded;
        open.recorded = true;
        drop(current);
        self.store(|library| {
            if record {
                library.set_translation_target(&doc, &by.profile, &by.target)?;
            }
            library.put_edit(&doc, &by.target, id, text)
        });
        Ok(machine)
    }

    /// Undoes the user's edit of row `id`: its machine version is its translation
    /// again (none, for a row that had none). Returns that version; `None` if the
    /// row was not edited.
    pub fn revert_edit(&self, id: &str) -> Result<Option<String>, AppError> {
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let open = current.as_mut().ok_or_else(no_document)?;
        let Some(machine) = open.shaped.machine.remove(id) else { return Ok(None) };
        if machine.is_empty() {
            open.translations.remove(id);
        } else {
            open.translations.insert(id.to_owned(), machine.clone());
        }
        let (Some(doc), Some(by)) = (open.library_id.clone(), open.translated_by.clone()) else {
            return Ok(Some(machine));
        };
        drop(current);
        self.store(|library| library.revert_edit(&doc, &by.target, id).map(|_| ()));
        Ok(Some(machine))
    }

    /// Writes to the library, if it opens; a failure is logged, not raised: the
    /// open document keeps the change for this session either way.
    fn store(&self, write: impl FnOnce(&Library) -> Result<(), duizhao_core::store::StoreError>) {
        let Ok(library) = self.library() else { return };
        if let Err(err) = write(&library) {
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
