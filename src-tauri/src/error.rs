//! The one error type the UI receives: `{ code, message, field?, fields }`.

use serde::Serialize;
use tagledger_core::{Error, FieldError};
use ts_rs::TS;

/// What kind of failure, for the UI to branch on (e.g. show field errors in a form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    Invalid,
    NotFound,
    Conflict,
    NewerSchema,
    NotADatabase,
    Busy,
    ReadOnly,
    Corrupt,
    DiskFull,
    Cancelled,
    Import,
    Print,
    Io,
    NoDatabase,
    Internal,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    /// The first field at fault, if the error is about input.
    pub field: Option<String>,
    /// Every field at fault, for forms that show all problems at once.
    pub fields: Vec<FieldError>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError { code, message: message.into(), field: None, fields: Vec::new() }
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        let code = match &e {
            Error::Invalid(fields) => {
                return CommandError {
                    code: ErrorCode::Invalid,
                    message,
                    field: fields.first().map(|f| f.field.clone()),
                    fields: fields.clone(),
                }
            }
            Error::Conflict { field: Some(field), .. } => {
                return CommandError {
                    code: ErrorCode::Conflict,
                    fields: vec![FieldError::new(field.clone(), message.clone())],
                    message,
                    field: Some(field.clone()),
                }
            }
            Error::Conflict { field: None, .. } => ErrorCode::Conflict,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::NewerSchema { .. } => ErrorCode::NewerSchema,
            Error::NotADatabase { .. } => ErrorCode::NotADatabase,
            Error::Busy => ErrorCode::Busy,
            Error::ReadOnly => ErrorCode::ReadOnly,
            Error::Corrupt(_) => ErrorCode::Corrupt,
            Error::DiskFull => ErrorCode::DiskFull,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Import(_) => ErrorCode::Import,
            Error::Print(_) => ErrorCode::Print,
            Error::Io(_) => ErrorCode::Io,
            Error::Sqlite(_) => ErrorCode::Internal,
        };
        CommandError::new(code, message)
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
