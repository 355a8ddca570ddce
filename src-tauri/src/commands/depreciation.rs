//! Depreciation: each category's rules, an asset's schedule and book value, and the
//! book value of the register by category.

use chrono::NaiveDate;
use serde::Serialize;
use tagledger_core::depreciation::{self, AssetDepreciation, CategoryPolicy, CategoryPolicyInput, CategoryTotals};
use ts_rs::TS;

use super::Ctx;
use crate::error::CommandResult;

/// An asset's depreciation as its detail panel shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssetBookValue {
    pub schedule: AssetDepreciation,
    /// The book value at the end of today, in the cost's currency.
    pub today_minor: i64,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn policies(ctx: Ctx) -> CommandResult<Vec<CategoryPolicy>> {
    ctx.read(depreciation::policies).await
}

pub async fn set_policy(ctx: Ctx, category_id: i64, input: CategoryPolicyInput) -> CommandResult<CategoryPolicy> {
    ctx.write(move |tx, change| depreciation::set_policy(tx, change, category_id, &input)).await
}

pub async fn of_asset(ctx: Ctx, id: i64) -> CommandResult<Option<AssetBookValue>> {
    ctx.read(move |conn| {
        let Some(schedule) = depreciation::asset_schedule(conn, id)? else { return Ok(None) };
        let today_minor = depreciation::book_value(conn, id, today())?.map_or(schedule.cost.minor, |m| m.minor);
        Ok(Some(AssetBookValue { schedule, today_minor }))
    })
    .await
}

/// Totals at the end of `at` (today when absent).
pub async fn totals(ctx: Ctx, at: Option<NaiveDate>) -> CommandResult<Vec<CategoryTotals>> {
    ctx.read(move |conn| depreciation::totals_at(conn, at.unwrap_or_else(today))).await
}
