//! The event log's hash chain, checked in the background when a register opens and on
//! request from Settings. A broken chain means someone edited the file behind the
//! app's back; the UI says where.

use tagledger_core::events::{self, LogVerification};
use tagledger_core::store;

use super::{blocking, Ctx};
use crate::error::CommandResult;
use crate::state::AppState;

/// Checks the open register's history on its own thread and connection, then stores
/// the outcome and emits `history-checked`. Stops early if another register is opened.
pub fn verify_in_background(app: tauri::AppHandle, state: AppState) {
    std::thread::spawn(move || {
        let Ok(db) = state.database() else { return };
        if let Some(outcome) = verify_file(&state, &db.path) {
            let _ = tauri::Emitter::emit(&app, "history-checked", outcome);
        }
    });
}

/// Runs the check on a private connection; `None` when it was cancelled or failed to
/// run (a damaged file is reported by the integrity check instead).
pub(crate) fn verify_file(state: &AppState, path: &std::path::Path) -> Option<LogVerification> {
    let conn = store::open_existing(path).ok()?;
    // A one-pass scan needs no cache; a small one keeps the idle app's memory down.
    let _ = conn.pragma_update(None, "cache_size", -2048);
    let switched = || state.database().map(|db| db.path != path).unwrap_or(true);
    let outcome = match events::verify(&conn, &switched) {
        Ok(outcome) => outcome,
        Err(tagledger_core::Error::Cancelled) => return None,
        Err(e) => {
            eprintln!("tagledger: could not verify the history of {}: {e}", path.display());
            return None;
        }
    };
    if let Some(broken) = &outcome.broken {
        eprintln!("tagledger: the history of {} is broken: {}", path.display(), broken.message);
    }
    state.set_history(path, outcome.clone());
    Some(outcome)
}

/// Verifies the whole history now (Settings › History).
pub async fn verify(ctx: Ctx) -> CommandResult<LogVerification> {
    let db = ctx.database()?;
    let state = ctx.state.clone();
    blocking(move || {
        let conn = db.reader.lock().expect("reader lock poisoned");
        let outcome = events::verify(&conn, &|| false)?;
        state.set_history(&db.path, outcome.clone());
        Ok(outcome)
    })
    .await
}
