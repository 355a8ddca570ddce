//! Reorder from forecast: every reorder rule's safety stock and reorder point recomputed
//! from its forecast and lead time (as of today), and the picked ones written.

use chrono::NaiveDate;
use tagledger_core::reorder::ReorderSetting;
use tagledger_core::replan::{self, ReplanPick, RuleProposal};

use super::Ctx;
use crate::error::CommandResult;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn proposals(
    ctx: Ctx,
    location_id: Option<i64>,
    service_level_bp: Option<i64>,
) -> CommandResult<Vec<RuleProposal>> {
    ctx.read(move |conn| replan::proposals(conn, today(), location_id, service_level_bp)).await
}

/// Recomputes and saves the picked rules in one write; nothing when any pick has no proposal.
pub async fn apply(
    ctx: Ctx,
    picks: Vec<ReplanPick>,
    service_level_bp: Option<i64>,
) -> CommandResult<Vec<ReorderSetting>> {
    let picks: Vec<(i64, i64)> = picks.iter().map(|p| (p.item_id, p.location_id)).collect();
    ctx.write(move |tx, change| replan::apply(tx, change, &picks, today(), service_level_bp)).await
}
