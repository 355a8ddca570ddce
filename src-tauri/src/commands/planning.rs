//! The Planning screen: an item's demand history and forecast (with every method's
//! back-test, the year-over-year overlay and the user's override of the method), the
//! biggest movers, the ABC/XYZ classification and its thresholds, stock ageing with
//! slow and dead stock, and the stockout analysis of a period.
//!
//! Everything is taken as of today; forecasts run [`HORIZON`] months ahead, from the
//! current month (which is not over yet, so it is forecast, not history).

use chrono::NaiveDate;
use serde::Serialize;
use tagledger_core::classification::{self, Classification, Thresholds};
use tagledger_core::forecast::{self, ItemForecast, Method, Mover, YearOverYear};
use tagledger_core::hiring;
use tagledger_core::scorecard::Period;
use tagledger_core::stock_analysis::{self, Ageing, BufferPriorities, StockoutAnalysis};
use tagledger_core::Connection;
use ts_rs::TS;

use super::Ctx;
use crate::error::CommandResult;

/// Months forecast ahead, the current month first.
pub const HORIZON: usize = 6;

/// How many movers the list shows.
const MOVERS: u32 = 10;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An item's forecast with this year's and last year's demand beside each other, and
/// the hiring plan's kit demand beside and added to the forecast.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ForecastView {
    pub forecast: ItemForecast,
    pub year_over_year: YearOverYear,
    /// The hiring plan's kit demand in each month of `forecast.months`.
    pub kit_demand: Vec<f64>,
    /// The chosen method's forecast plus the kit demand, month by month.
    pub total: Vec<f64>,
}

fn forecast_view(conn: &Connection, item_id: i64, as_of: NaiveDate) -> tagledger_core::Result<ForecastView> {
    let with_kits = hiring::forecast_with_hiring(conn, item_id, as_of, HORIZON)?;
    Ok(ForecastView {
        forecast: with_kits.forecast,
        year_over_year: forecast::year_over_year(conn, item_id, as_of)?,
        kit_demand: with_kits.kit_demand,
        total: with_kits.total,
    })
}

pub async fn item_forecast(ctx: Ctx, item_id: i64) -> CommandResult<ForecastView> {
    ctx.read(move |conn| forecast_view(conn, item_id, today())).await
}

/// Sets (or with `None` clears) an item's forecast method; returns the new forecast.
pub async fn set_forecast_method(ctx: Ctx, item_id: i64, method: Option<Method>) -> CommandResult<ForecastView> {
    ctx.write(move |tx, change| {
        forecast::set_override(tx, change, item_id, method)?;
        forecast_view(tx, item_id, today())
    })
    .await
}

pub async fn biggest_movers(ctx: Ctx) -> CommandResult<Vec<Mover>> {
    ctx.read(move |conn| forecast::biggest_movers(conn, today(), MOVERS)).await
}

pub async fn classification(ctx: Ctx) -> CommandResult<Classification> {
    ctx.read(move |conn| classification::classify(conn, today())).await
}

pub async fn set_thresholds(ctx: Ctx, thresholds: Thresholds) -> CommandResult<Thresholds> {
    ctx.write(move |tx, change| classification::set_thresholds(tx, change, &thresholds)).await
}

pub async fn ageing(ctx: Ctx, as_of: Option<NaiveDate>) -> CommandResult<Ageing> {
    ctx.read(move |conn| stock_analysis::ageing(conn, as_of.unwrap_or_else(today))).await
}

pub async fn buffer_priorities(ctx: Ctx, as_of: Option<NaiveDate>) -> CommandResult<BufferPriorities> {
    ctx.read(move |conn| stock_analysis::buffer_priorities(conn, as_of.unwrap_or_else(today))).await
}

pub async fn stockouts(ctx: Ctx, period: Period) -> CommandResult<StockoutAnalysis> {
    ctx.read(move |conn| stock_analysis::stockout_analysis(conn, period)).await
}
