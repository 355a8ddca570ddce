//! Physical audits: start one for a scope, scan into it (scanner or a batch file),
//! resolve what it found, close it.

use std::path::PathBuf;

use tagledger_core::audits::{
    self, AuditInput, AuditSummary, Finding, FindingClass, LoadResult, Resolution, ScanResult,
};
use tagledger_core::Error;

use super::{blocking, Ctx};
use crate::error::CommandResult;

pub async fn list(ctx: Ctx) -> CommandResult<Vec<AuditSummary>> {
    ctx.read(audits::list).await
}

pub async fn start(ctx: Ctx, input: AuditInput) -> CommandResult<AuditSummary> {
    ctx.write(move |tx, change| audits::start(tx, change, &input)).await
}

pub async fn summary(ctx: Ctx, id: i64) -> CommandResult<AuditSummary> {
    ctx.read(move |conn| audits::summary(conn, id)).await
}

pub async fn scan(ctx: Ctx, id: i64, code: String, location_id: i64) -> CommandResult<ScanResult> {
    ctx.write(move |tx, change| audits::scan(tx, change, id, &code, location_id)).await
}

/// Reads a batch scanner's file (UTF-8 text) and records every code in it, or none.
pub async fn load_file(ctx: Ctx, id: i64, path: String, location_id: i64) -> CommandResult<LoadResult> {
    let path = PathBuf::from(path.trim());
    let text = blocking(move || {
        let bytes = std::fs::read(&path).map_err(Error::Io)?;
        String::from_utf8(bytes).map_err(|_| {
            Error::invalid(
                "file",
                format!("{} is not UTF-8 text; save the scanner's export as UTF-8 and load it again", path.display()),
            )
            .into()
        })
    })
    .await?;
    ctx.write(move |tx, change| audits::load_scan_file(tx, change, id, &text, location_id)).await
}

pub async fn findings(ctx: Ctx, id: i64, only: Option<FindingClass>) -> CommandResult<Vec<Finding>> {
    ctx.read(move |conn| audits::findings(conn, id, only)).await
}

pub async fn resolve(ctx: Ctx, id: i64, code: String, resolution: Resolution, note: String) -> CommandResult<Finding> {
    ctx.write(move |tx, change| audits::resolve(tx, change, id, &code, resolution, &note)).await
}

pub async fn close(ctx: Ctx, id: i64, auditor: String) -> CommandResult<AuditSummary> {
    ctx.write(move |tx, change| audits::close(tx, change, id, &auditor)).await
}
