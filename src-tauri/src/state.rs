//! The open database behind the window. Two connections on one file: reads (scrolling
//! the register) never wait behind a long write (an import), thanks to WAL.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use tagledger_core::events::LogVerification;
use tagledger_core::{store, Connection};

use crate::error::{CommandError, CommandResult, ErrorCode};

pub struct Database {
    pub path: PathBuf,
    pub reader: Mutex<Connection>,
    pub writer: Mutex<Connection>,
}

impl Database {
    pub fn open(path: &Path, create: bool) -> tagledger_core::Result<Database> {
        let writer = if create { store::open(path)? } else { store::open_existing(path)? };
        let reader = store::open_existing(path)?;
        Ok(Database { path: path.to_path_buf(), reader: Mutex::new(reader), writer: Mutex::new(writer) })
    }
}

/// Shared by all commands. Cheap to clone into blocking tasks.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    /// The open database, or why the requested one could not be opened.
    pub database: RwLock<Result<Arc<Database>, (PathBuf, CommandError)>>,
    /// Set by `import_cancel`; checked by a running import between batches.
    pub cancel_import: AtomicBool,
    pub started: Instant,
    pub exit_when_ready: bool,
    pub actor: String,
    /// What the start-up integrity check found wrong with the register, if anything.
    pub damaged: Mutex<Option<String>>,
    /// The last check of the open register's event log (None until one has run).
    pub history: Mutex<Option<(PathBuf, LogVerification)>>,
}

impl AppState {
    pub fn new(path: PathBuf, started: Instant, exit_when_ready: bool) -> AppState {
        let database = open_database(&path, true);
        let actor =
            std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "local user".into());
        AppState(Arc::new(Inner {
            database: RwLock::new(database),
            cancel_import: AtomicBool::new(false),
            started,
            exit_when_ready,
            actor,
            damaged: Mutex::new(None),
            history: Mutex::new(None),
        }))
    }

    pub fn database(&self) -> CommandResult<Arc<Database>> {
        match &*self.0.database.read().expect("database lock poisoned") {
            Ok(db) => Ok(db.clone()),
            Err((path, e)) => Err(CommandError::new(
                ErrorCode::NoDatabase,
                format!("no database is open ({} could not be opened: {})", path.display(), e.message),
            )),
        }
    }

    /// Records a history check of the file at `path` (ignored if another file is open now).
    pub fn set_history(&self, path: &Path, outcome: LogVerification) {
        *self.0.history.lock().expect("history lock poisoned") = Some((path.to_path_buf(), outcome));
    }

    /// The last history check of the register that is open now.
    pub fn history(&self, path: &Path) -> Option<LogVerification> {
        match &*self.0.history.lock().expect("history lock poisoned") {
            Some((checked, outcome)) if checked == path => Some(outcome.clone()),
            _ => None,
        }
    }

    pub fn replace_database(&self, database: Result<Arc<Database>, (PathBuf, CommandError)>) {
        *self.0.database.write().expect("database lock poisoned") = database;
    }
}

pub fn open_database(path: &Path, create: bool) -> Result<Arc<Database>, (PathBuf, CommandError)> {
    if create {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
    Database::open(path, create).map(Arc::new).map_err(|e| (path.to_path_buf(), e.into()))
}
