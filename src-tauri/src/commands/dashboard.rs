//! The dashboard the app opens on, and the lists behind its tiles.

use tagledger_core::dashboard::{self, Dashboard, DueForAudit};
use tagledger_core::register::AssetRow;

use super::Ctx;
use crate::error::CommandResult;

/// Lists behind a tile show at most this many rows; the tile's count says how many.
const LIST_LIMIT: usize = 500;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn summary(ctx: Ctx) -> CommandResult<Dashboard> {
    ctx.read(|conn| dashboard::summary(conn, today())).await
}

pub async fn warranty_ending(ctx: Ctx, days: u32) -> CommandResult<Vec<AssetRow>> {
    ctx.read(move |conn| dashboard::warranty_ending(conn, today(), u64::from(days.min(3650)), LIST_LIMIT)).await
}

pub async fn due_for_audit(ctx: Ctx) -> CommandResult<Vec<DueForAudit>> {
    ctx.read(|conn| dashboard::due_for_audit(conn, today(), LIST_LIMIT)).await
}
