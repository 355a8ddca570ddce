//! Backups of the open register: now (to a file the user picked), the automatic daily
//! ones, looking inside a backup, and restoring one (after a safety copy).

use std::path::{Path, PathBuf};

use serde::Serialize;
use tagledger_core::backup::{self, BackupInfo};
use tagledger_core::store;
use tauri::Manager;
use ts_rs::TS;

use super::database::{status, DatabaseStatus};
use super::{blocking, Ctx};
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::open_database;

/// Automatic daily backups kept per database.
pub const KEEP_DAILY: usize = 7;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Backups {
    /// Where the automatic backups of this database are kept.
    pub folder: String,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
}

/// `<app data>/backups/<database file name>/`: each register has its own series.
pub fn folder_for(app: &tauri::AppHandle, database: &Path) -> PathBuf {
    let base = app.path().app_data_dir().unwrap_or_else(|_| std::env::temp_dir().join("tagledger"));
    let name = database.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "tagledger".into());
    base.join("backups").join(name)
}

pub async fn backup_now(ctx: Ctx, path: String) -> CommandResult<BackupInfo> {
    let dest = PathBuf::from(path.trim());
    if dest.as_os_str().is_empty() {
        return Err(CommandError::new(ErrorCode::Invalid, "choose where to save the backup"));
    }
    let db = ctx.database()?;
    if dest == db.path {
        return Err(CommandError::new(ErrorCode::Invalid, "a backup cannot replace the database it copies"));
    }
    // Its own connection: the backup reads while the app's reader and writer carry on.
    blocking(move || {
        let conn = store::open_existing(&db.path)?;
        Ok(backup::backup_to(&conn, &dest)?)
    })
    .await
}

/// The register in use, or the one that failed to open (a damaged file is exactly what
/// backups are for).
fn register_path(ctx: &Ctx) -> PathBuf {
    match &*ctx.state.0.database.read().expect("database lock poisoned") {
        Ok(db) => db.path.clone(),
        Err((path, _)) => path.clone(),
    }
}

pub async fn list(ctx: Ctx) -> CommandResult<Backups> {
    let folder = folder_for(&ctx.app, &register_path(&ctx));
    blocking(move || {
        // Described, not re-checked: each was checked when it was made, and checking
        // seven full copies would read gigabytes every time Settings opens.
        let backups = backup::daily_backups(&folder)?.iter().filter_map(|p| backup::describe(p).ok()).collect();
        Ok(Backups { folder: folder.display().to_string(), backups })
    })
    .await
}

pub async fn inspect(_ctx: Ctx, path: String) -> CommandResult<BackupInfo> {
    blocking(move || Ok(backup::inspect(Path::new(path.trim()))?)).await
}

/// Closes the register, keeps a safety copy of it, copies the backup over it and opens
/// it again. If the restore fails, the register is reopened as it was.
pub async fn restore(ctx: Ctx, path: String) -> CommandResult<DatabaseStatus> {
    let source = PathBuf::from(path.trim());
    let target = register_path(&ctx);
    let folder = folder_for(&ctx.app, &target);
    // Close our connections: the restore writes the file underneath them.
    ctx.state.replace_database(Err((
        target.clone(),
        CommandError::new(ErrorCode::Busy, "the database is being restored from a backup"),
    )));
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let safety = folder.join(format!("before-restore-{stamp}.db"));
    let reopen_target = target.clone();
    let result = blocking(move || {
        std::fs::create_dir_all(&folder).map_err(|e| CommandError::from(tagledger_core::Error::Io(e)))?;
        backup::restore(&source, &target, &safety).map_err(CommandError::from)
    })
    .await;
    ctx.state.replace_database(open_database(&reopen_target, false));
    result?;
    // The restored file was checked as it was copied in; its history is checked now.
    *ctx.state.0.damaged.lock().expect("damaged lock poisoned") = None;
    super::history::verify_in_background(ctx.app.clone(), ctx.state.clone());
    status(ctx).await
}

/// At start-up, off the UI thread: a quick integrity check of the register, then
/// today's automatic backup (never a backup of a damaged file).
pub fn check_and_back_up(app: tauri::AppHandle, state: crate::state::AppState) {
    std::thread::spawn(move || {
        let Ok(db) = state.database() else { return };
        let Ok(conn) = store::open_existing(&db.path) else { return };
        // Whole-file reads need no page cache; a small one keeps the idle app lean.
        let _ = conn.pragma_update(None, "cache_size", -2048);
        if let Err(e) = backup::quick_check(&conn) {
            let message = e.to_string();
            eprintln!("tagledger: {} failed its integrity check: {message}", db.path.display());
            *state.0.damaged.lock().expect("damaged lock poisoned") = Some(message.clone());
            let _ = tauri::Emitter::emit(&app, "database-damaged", message);
            return;
        }
        let folder = folder_for(&app, &db.path);
        let today = chrono::Local::now().date_naive();
        if let Err(e) = backup::rolling_backup(&conn, &folder, today, KEEP_DAILY) {
            eprintln!("tagledger: automatic backup to {} failed: {e}", folder.display());
        }
        drop(conn);
        if let Some(outcome) = super::history::verify_file(&state, &db.path) {
            let _ = tauri::Emitter::emit(&app, "history-checked", outcome);
        }
    });
}
