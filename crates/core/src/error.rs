use serde::Serialize;
use ts_rs::TS;

/// A problem with one input field, shown next to that field in forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

/// Everything that can go wrong in core. Messages are lowercase, without a final period,
/// and say what the user can do about it where that is known.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("{message}")]
    Conflict { field: Option<String>, message: String },
    #[error(
        "this database was written by a newer version of Tagledger (schema {found}, this app knows up to {supported}); update Tagledger to open it"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("{path} is not a Tagledger database")]
    NotADatabase { path: String },
    #[error("the database is busy in another program; close it there and try again")]
    Busy,
    #[error("the database file is read-only; nothing was changed")]
    ReadOnly,
    #[error("the database file is damaged: {0}")]
    Corrupt(String),
    #[error("the disk is full; nothing was changed")]
    DiskFull,
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error("{0}")]
    Import(String),
    /// Labels or a report could not be laid out (bad template, unprintable tag...).
    #[error("{0}")]
    Print(#[from] tagledger_print::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }
}

impl From<rusqlite::Error> for Error {
    // SQLite reports environment trouble (busy, read-only, full, corrupt) as codes on a
    // generic error; name them so users get a message they can act on.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy,
            Some(C::ReadOnly) => Error::ReadOnly,
            Some(C::DiskFull) => Error::DiskFull,
            Some(C::DatabaseCorrupt) => Error::Corrupt(e.to_string()),
            Some(C::NotADatabase) => Error::Corrupt("the file is not a SQLite database".into()),
            _ => Error::Sqlite(e),
        }
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        Error::Import(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
