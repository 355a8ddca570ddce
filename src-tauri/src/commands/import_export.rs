//! CSV import (dry run, then commit with progress and cancel) and export.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use serde::Serialize;
use tagledger_core::import::{self, ImportOptions, ImportReport};
use tagledger_core::register::AssetFilter;
use tagledger_core::{export, Error};
use tauri::Emitter;
use ts_rs::TS;

use super::{blocking, Ctx};
use crate::error::{CommandError, CommandResult};

/// Payload of the `import-progress` event.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// Rows imported; 0 when the report has errors (then nothing was written).
    pub imported: u32,
    pub report: ImportReport,
}

fn read_file(path: &str) -> CommandResult<(Vec<u8>, String)> {
    let path = PathBuf::from(path.trim());
    let bytes = std::fs::read(&path).map_err(|e| CommandError::from(Error::Io(e)))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((bytes, name))
}

pub async fn check(ctx: Ctx, path: String, options: ImportOptions) -> CommandResult<ImportReport> {
    let (bytes, name) = read_file(&path)?;
    ctx.read(move |conn| Ok(import::plan(conn, &bytes, &name, &options)?.report)).await
}

pub async fn commit(ctx: Ctx, path: String, options: ImportOptions) -> CommandResult<ImportOutcome> {
    let (bytes, name) = read_file(&path)?;
    let db = ctx.database()?;
    let change = ctx.change();
    ctx.state.0.cancel_import.store(false, Ordering::SeqCst);
    blocking(move || {
        let mut conn = db.writer.lock().expect("writer lock poisoned");
        // The file is checked again inside the write transaction, so what is committed
        // is exactly what was validated, even if the register changed since the dry run.
        let outcome = tagledger_core::write(&mut conn, |tx| {
            let plan = import::plan(tx, &bytes, &name, &options)?;
            if !plan.report.errors.is_empty() {
                return Ok(ImportOutcome { imported: 0, report: plan.report });
            }
            let mut progress = |done: u32, total: u32| {
                let _ = ctx.app.emit("import-progress", ImportProgress { done, total });
                !ctx.state.0.cancel_import.load(Ordering::SeqCst)
            };
            let imported = import::commit(tx, &change, &plan, &mut progress)?;
            Ok(ImportOutcome { imported, report: plan.report })
        })?;
        Ok(outcome)
    })
    .await
}

pub async fn cancel(ctx: Ctx) -> CommandResult<()> {
    ctx.state.0.cancel_import.store(true, Ordering::SeqCst);
    Ok(())
}

pub async fn export(ctx: Ctx, path: String, filter: AssetFilter) -> CommandResult<u64> {
    let path = PathBuf::from(path.trim());
    ctx.read(move |conn| {
        // Write beside the target and rename, so a failed export never leaves half a file.
        let partial = path.with_extension("csv.partial");
        let file = std::io::BufWriter::new(std::fs::File::create(&partial)?);
        let rows = export::write_csv(conn, &filter, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })?;
        std::fs::rename(&partial, &path)?;
        Ok(rows)
    })
    .await
}
