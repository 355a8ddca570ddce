//! Suppliers as the purchasing screens judge them: scorecards over a period (ranking,
//! one supplier's figures and monthly trend, the order lines behind each figure), the
//! weights of the score, and consignment stock with its usage statement.
//!
//! Scorecards are taken as of today: a line promised today or later with nothing
//! delivered yet is not yet due.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use tagledger_core::consignment::{self, ConsignedStock, UsageStatement};
use tagledger_core::scorecard::{self, LineBehind, Measure, MonthFigures, Period, Scorecard, Weights};
use ts_rs::TS;

use super::print::write_file;
use super::Ctx;
use crate::error::CommandResult;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// One supplier's scorecard with its monthly trend.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardDetail {
    pub card: Scorecard,
    /// Every month the period touches, in order.
    pub trend: Vec<MonthFigures>,
}

pub async fn scorecards(ctx: Ctx, period: Period) -> CommandResult<Vec<Scorecard>> {
    ctx.read(move |conn| scorecard::scorecards(conn, period, today())).await
}

pub async fn scorecard(ctx: Ctx, supplier_id: i64, period: Period) -> CommandResult<ScorecardDetail> {
    ctx.read(move |conn| {
        let as_of = today();
        Ok(ScorecardDetail {
            card: scorecard::scorecard(conn, supplier_id, period, as_of)?,
            trend: scorecard::monthly_trend(conn, supplier_id, period, as_of)?,
        })
    })
    .await
}

pub async fn lines_behind(
    ctx: Ctx,
    supplier_id: i64,
    period: Period,
    measure: Measure,
) -> CommandResult<Vec<LineBehind>> {
    ctx.read(move |conn| scorecard::lines_behind(conn, supplier_id, period, today(), measure)).await
}

pub async fn weights(ctx: Ctx) -> CommandResult<Weights> {
    ctx.read(scorecard::weights).await
}

pub async fn set_weights(ctx: Ctx, weights: Weights) -> CommandResult<Weights> {
    ctx.write(move |tx, change| scorecard::set_weights(tx, change, &weights)).await
}

pub async fn consigned_stock(ctx: Ctx) -> CommandResult<Vec<ConsignedStock>> {
    ctx.read(consignment::on_hand_by_owner).await
}

pub async fn consignment_usage(ctx: Ctx, supplier_id: i64, period: Period) -> CommandResult<UsageStatement> {
    ctx.read(move |conn| consignment::usage(conn, supplier_id, period)).await
}

/// Writes the usage statement's movements as CSV where the user chose; returns the path.
pub async fn save_consignment_csv(ctx: Ctx, supplier_id: i64, period: Period, path: String) -> CommandResult<String> {
    let csv = ctx.read(move |conn| Ok(consignment::usage_csv(&consignment::usage(conn, supplier_id, period)?))).await?;
    write_file(Path::new(path.trim()), csv.as_bytes())
}
