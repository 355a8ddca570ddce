//! The database file itself, settings, and app readiness.

use std::path::PathBuf;

use serde::Serialize;
use tagledger_core::events::LogVerification;
use tagledger_core::settings::{self, Settings};
use tagledger_core::{assets, store};
use ts_rs::TS;

use super::{blocking, Ctx};
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::open_database;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseStatus {
    /// The file in use, or the one that failed to open.
    pub path: String,
    pub open: bool,
    /// Why the database could not be opened (newer version, damaged, locked...).
    pub error: Option<CommandError>,
    pub schema_version: i64,
    pub asset_count: i64,
    /// The start-up integrity check found the file damaged: what it found.
    pub damaged: Option<String>,
    /// The last check of the event log's hash chain (None while it has not run yet).
    pub history: Option<LogVerification>,
}

pub async fn status(ctx: Ctx) -> CommandResult<DatabaseStatus> {
    let current = ctx.state.0.database.read().expect("database lock poisoned").clone();
    match current {
        Ok(db) => {
            let state = ctx.state.clone();
            blocking(move || {
                let conn = db.reader.lock().expect("reader lock poisoned");
                Ok(DatabaseStatus {
                    path: db.path.display().to_string(),
                    open: true,
                    error: None,
                    schema_version: store::schema_version(&conn)?,
                    asset_count: assets::count(&conn)?,
                    damaged: state.0.damaged.lock().expect("damaged lock poisoned").clone(),
                    history: state.history(&db.path),
                })
            })
            .await
        }
        Err((path, error)) => Ok(DatabaseStatus {
            path: path.display().to_string(),
            open: false,
            error: Some(error),
            schema_version: 0,
            asset_count: 0,
            damaged: None,
            history: None,
        }),
    }
}

async fn switch(ctx: Ctx, path: String, create: bool) -> CommandResult<DatabaseStatus> {
    let path = PathBuf::from(path.trim());
    if path.as_os_str().is_empty() {
        return Err(CommandError::new(ErrorCode::Invalid, "choose a database file"));
    }
    let opened = blocking(move || Ok(open_database(&path, create))).await?;
    // A file that fails to open leaves the current database in use.
    match opened {
        Ok(db) => {
            ctx.state.replace_database(Ok(db));
            // The start-up check was about the file that is no longer open.
            *ctx.state.0.damaged.lock().expect("damaged lock poisoned") = None;
            super::history::verify_in_background(ctx.app.clone(), ctx.state.clone());
        }
        Err((_, e)) => return Err(e),
    }
    status(ctx).await
}

pub async fn open(ctx: Ctx, path: String) -> CommandResult<DatabaseStatus> {
    switch(ctx, path, false).await
}

pub async fn create(ctx: Ctx, path: String) -> CommandResult<DatabaseStatus> {
    switch(ctx, path, true).await
}

/// Called once by the UI after its first render. With `--exit-when-ready` (the
/// benchmark), prints start-up time and memory as JSON and exits.
pub async fn ready(ctx: Ctx) -> CommandResult<()> {
    if ctx.state.0.exit_when_ready {
        let startup_ms = ctx.state.0.started.elapsed().as_secs_f64() * 1000.0;
        // Let the web view settle before measuring what the idle app holds.
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let memory = crate::memory::process_tree(std::process::id());
        let mb = |kb: u64| (kb as f64 / 1024.0).round();
        // idle_rss_mb is the proportional (PSS) sum over the app's processes: see memory.rs.
        println!(
            "{}",
            serde_json::json!({
                "startup_ms": startup_ms.round(),
                "idle_rss_mb": mb(memory.pss_kb),
                "idle_rss_sum_mb": mb(memory.rss_sum_kb),
                "app_processes": memory.processes,
            })
        );
        ctx.app.exit(0);
    }
    Ok(())
}

pub async fn get_settings(ctx: Ctx) -> CommandResult<Settings> {
    ctx.read(settings::load).await
}

pub async fn save_settings(ctx: Ctx, new: Settings) -> CommandResult<Settings> {
    ctx.write(move |tx, change| settings::save(tx, change, &new)).await
}

pub async fn peek_next_tag(ctx: Ctx) -> CommandResult<String> {
    ctx.read(settings::peek_next_tag).await
}
