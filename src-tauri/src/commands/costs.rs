//! Commands: inventory costs (issue 7) — the cost report of a period, the cost settings
//! (holding rates per category, storage cost per location), and the costs of transfers
//! and stockouts.

use tagledger_core::costs::{self, CostReport, CostSettings, TransferCost};
use tagledger_core::scorecard::Period;

use super::Ctx;
use crate::error::CommandResult;

pub async fn report(ctx: Ctx, period: Period) -> CommandResult<CostReport> {
    ctx.read(move |conn| costs::cost_report(conn, period)).await
}

pub async fn settings(ctx: Ctx) -> CommandResult<CostSettings> {
    ctx.read(costs::cost_settings).await
}

pub async fn set_default_holding_rate(ctx: Ctx, rate_bp: i64) -> CommandResult<CostSettings> {
    ctx.write(move |tx, change| {
        costs::set_default_holding_rate(tx, change, rate_bp)?;
        costs::cost_settings(tx)
    })
    .await
}

pub async fn set_holding_rate(ctx: Ctx, category_id: i64, rate_bp: Option<i64>) -> CommandResult<CostSettings> {
    ctx.write(move |tx, change| {
        costs::set_holding_rate(tx, change, category_id, rate_bp)?;
        costs::cost_settings(tx)
    })
    .await
}

pub async fn set_storage_cost(
    ctx: Ctx,
    location_id: i64,
    amount: Option<String>,
    currency: Option<String>,
) -> CommandResult<CostSettings> {
    ctx.write(move |tx, change| {
        costs::set_storage_cost(tx, change, location_id, amount.as_deref(), currency.as_deref())?;
        costs::cost_settings(tx)
    })
    .await
}

pub async fn transfers(ctx: Ctx, period: Period) -> CommandResult<Vec<TransferCost>> {
    ctx.read(move |conn| costs::transfers(conn, period)).await
}

pub async fn set_transfer_cost(
    ctx: Ctx,
    transfer_id: i64,
    amount: Option<String>,
    currency: Option<String>,
) -> CommandResult<()> {
    ctx.write(move |tx, change| {
        costs::set_transfer_cost(tx, change, transfer_id, amount.as_deref(), currency.as_deref()).map(|_| ())
    })
    .await
}

pub async fn set_stockout_cost(
    ctx: Ctx,
    stockout_id: i64,
    amount: Option<String>,
    currency: Option<String>,
) -> CommandResult<()> {
    ctx.write(move |tx, change| {
        costs::set_stockout_cost(tx, change, stockout_id, amount.as_deref(), currency.as_deref()).map(|_| ())
    })
    .await
}
