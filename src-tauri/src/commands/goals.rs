//! Category goals (issue 7): each stock category's KPIs and the month-by-month actuals
//! measured against them.

use chrono::NaiveDate;
use tagledger_core::goals::{self, CategoryGoals, GoalReport, Goals};

use super::Ctx;
use crate::error::CommandResult;

/// Months shown when the caller does not say.
const DEFAULT_MONTHS: i64 = 6;

pub async fn category_goals(ctx: Ctx) -> CommandResult<Vec<CategoryGoals>> {
    ctx.read(goals::category_goals).await
}

pub async fn set_category_goals(ctx: Ctx, category_id: i64, goals: Goals) -> CommandResult<CategoryGoals> {
    ctx.write(move |tx, change| goals::set_goals(tx, change, category_id, &goals)).await
}

pub async fn goal_actuals(ctx: Ctx, as_of: Option<NaiveDate>, months: Option<i64>) -> CommandResult<GoalReport> {
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    // A negative or absurd count becomes 0, which core refuses with its field error.
    let months = usize::try_from(months.unwrap_or(DEFAULT_MONTHS)).unwrap_or(0);
    ctx.read(move |conn| goals::goal_actuals(conn, as_of, months)).await
}
