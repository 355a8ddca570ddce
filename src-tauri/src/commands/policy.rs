//! Commands: the inventory management policy — its workspace, the live snapshot it
//! would print, generated versions and their PDF.

use std::path::Path;

use chrono::NaiveDate;
use tagledger_core::policy::{self, PolicySnapshot, PolicyVersion, PolicyWorkspace};
use tagledger_print::reports;

use super::Ctx;
use crate::error::CommandResult;

pub async fn workspace(ctx: Ctx) -> CommandResult<PolicyWorkspace> {
    ctx.read(policy::workspace).await
}

pub async fn set_workspace(ctx: Ctx, workspace: PolicyWorkspace) -> CommandResult<PolicyWorkspace> {
    ctx.write(move |tx, change| policy::set_workspace(tx, change, &workspace)).await
}

pub async fn preview(ctx: Ctx) -> CommandResult<PolicySnapshot> {
    ctx.read(|conn| policy::snapshot(conn, chrono::Local::now().date_naive())).await
}

pub async fn generate(ctx: Ctx, effective_date: NaiveDate, approver: String) -> CommandResult<PolicyVersion> {
    ctx.write(move |tx, change| policy::generate_version(tx, change, effective_date, &approver)).await
}

pub async fn versions(ctx: Ctx) -> CommandResult<Vec<PolicyVersion>> {
    ctx.read(policy::versions).await
}

/// Writes a version's PDF where the user chose; returns the path.
pub async fn save_pdf(ctx: Ctx, version_id: i64, path: String) -> CommandResult<String> {
    let pdf = ctx.read(move |conn| Ok(reports::policy::render(&policy::report(conn, version_id)?))).await?;
    super::print::write_file(Path::new(path.trim()), &pdf)
}
