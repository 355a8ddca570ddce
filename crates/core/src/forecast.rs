//! Demand patterns and forecasts for stock items: demand history per day, week or month
//! (issues only), the biggest movers, a year-over-year overlay, and per-item forecasts
//! chosen by back-testing four methods on the item's own monthly history.
//!
//! Rules:
//! - Demand is what was issued: `issue` movements (consignment issues included), as a
//!   positive quantity. Receipts, transfers, adjustments, counts, returns and disposals
//!   are not demand. Months are UTC calendar months of the movement's timestamp.
//! - The month of `as_of` is not over yet, so an item's history is its complete months
//!   from its first issue (at most [`MAX_HISTORY_MONTHS`] back) to the month before
//!   `as_of`, zero-filled; the first forecast month is the month of `as_of`.
//! - Methods ([`Method`]): moving average of the last [`MA_WINDOW`] months; simple
//!   exponential smoothing with alpha chosen from [`SES_ALPHAS`] by in-sample SSE of
//!   one-step forecasts; Holt-Winters with additive seasonality (season 12, level, trend
//!   and season initialised from the first two seasons, alpha/beta/gamma chosen from a
//!   small grid by in-sample SSE); Croston with alpha [`CROSTON_ALPHA`] and the
//!   Syntetos–Boylan correction (× (1 − alpha/2)), which removes Croston's known upward
//!   bias. Every method's forecast is flat over the horizon except Holt-Winters'.
//! - Back-test: rolling origin, one step ahead, over the last [`BACKTEST_ORIGINS`] months
//!   (fewer for short histories); at each origin the method and its parameters are fitted
//!   on the months before it only. Errors are forecast − actual: MAPE (percent) over the
//!   non-zero actuals, MASE (mean absolute error ÷ the in-sample naive MAE of the whole
//!   history), bias (mean error) and RMSE.
//! - Choice: the eligible method with the lowest MASE when the history has a zero month,
//!   else the lowest MAPE; ties and missing figures go to the earlier method in
//!   [`Method::ALL`]. Holt-Winters is eligible only when every back-test origin has two
//!   full seasons (24 months) before it, which with at least 6 origins means 30 months of
//!   history. Croston is eligible only for intermittent demand (at least 30% zero
//!   months), where it is always considered. A user's override
//!   (`forecast_overrides`) wins over the back-test when that method can be computed.
//! - Range: an 80% band, forecast ± 1.28 × the back-test RMSE (the same width for every
//!   month of the horizon), never below zero; without a back-test the band is the
//!   forecast itself.
//!
//! Figures are f64 (statistics, not money). The maths is in small pure functions
//! ([`moving_average`], [`ses_level`], [`holt_winters`], [`croston`], [`backtest`],
//! [`accuracy`]) so the store functions only gather the series.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, Weekday};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{events, stock, Change, Error, Result};

/// Months in the moving average.
pub const MA_WINDOW: usize = 3;
/// The grid simple exponential smoothing picks its alpha from.
pub const SES_ALPHAS: [f64; 6] = [0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
/// Croston's smoothing constant for both demand sizes and intervals.
pub const CROSTON_ALPHA: f64 = 0.1;
/// Months in a Holt-Winters season.
pub const SEASON: usize = 12;
/// The most back-test origins (months) per item.
pub const BACKTEST_ORIGINS: usize = 12;
/// Fewest back-test origins Holt-Winters needs, each with two seasons before it.
pub const MIN_HW_ORIGINS: usize = 6;
/// Fewest months of training before a back-test origin.
pub const MIN_TRAINING: usize = 3;
/// A series with at least this share of zero months is intermittent.
pub const INTERMITTENT_ZERO_SHARE: f64 = 0.3;
/// z for a two-sided 80% band.
pub const BAND_Z: f64 = 1.28;
/// How far back an item's history reaches.
pub const MAX_HISTORY_MONTHS: u32 = 60;

const HW_ALPHAS: [f64; 3] = [0.2, 0.5, 0.8];
const HW_BETAS: [f64; 2] = [0.05, 0.2];
const HW_GAMMAS: [f64; 2] = [0.1, 0.3];

// ---- methods ------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    MovingAverage,
    ExponentialSmoothing,
    HoltWinters,
    Croston,
}

impl Method {
    /// In order of preference when two methods score the same.
    pub const ALL: [Method; 4] =
        [Method::MovingAverage, Method::ExponentialSmoothing, Method::HoltWinters, Method::Croston];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::MovingAverage => "moving_average",
            Method::ExponentialSmoothing => "exponential_smoothing",
            Method::HoltWinters => "holt_winters",
            Method::Croston => "croston",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Method::MovingAverage => "Moving average",
            Method::ExponentialSmoothing => "Exponential smoothing",
            Method::HoltWinters => "Holt-Winters",
            Method::Croston => "Croston",
        }
    }
}

/// The mean of the last `k` values (all of them when there are fewer; 0 for none): the
/// moving average's forecast for every month ahead.
pub fn moving_average(series: &[f64], k: usize) -> f64 {
    let tail = &series[series.len().saturating_sub(k.max(1))..];
    if tail.is_empty() {
        0.0
    } else {
        tail.iter().sum::<f64>() / tail.len() as f64
    }
}

/// Simple exponential smoothing's level after the series (the level starts at the first
/// value; 0 for none), which is its forecast for every month ahead, and the in-sample
/// SSE of its one-step forecasts (from the second value on).
pub fn ses_level(series: &[f64], alpha: f64) -> (f64, f64) {
    let Some((&first, rest)) = series.split_first() else { return (0.0, 0.0) };
    let mut level = first;
    let mut sse = 0.0;
    for &y in rest {
        sse += (y - level) * (y - level);
        level += alpha * (y - level);
    }
    (level, sse)
}

/// Simple exponential smoothing with the alpha of [`SES_ALPHAS`] whose in-sample SSE is
/// lowest (the first on a tie): (forecast, alpha).
pub fn ses(series: &[f64]) -> (f64, f64) {
    let mut best = (f64::INFINITY, 0.0, SES_ALPHAS[0]);
    for alpha in SES_ALPHAS {
        let (level, sse) = ses_level(series, alpha);
        if sse < best.0 {
            best = (sse, level, alpha);
        }
    }
    (best.1, best.2)
}

/// Holt-Winters' smoothing constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HwParams {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
}

/// Additive Holt-Winters (season [`SEASON`]) with the given constants: the forecasts
/// for `horizon` months after the series and the in-sample SSE of the one-step
/// forecasts from the second season on; `None` with fewer than two seasons.
///
/// Initialisation from the first two seasons: trend = (mean of season 2 − mean of
/// season 1) / 12; level at the end of season 1 = its mean + trend × 5.5 (its centre is
/// month 6.5); season index i = y_i − (mean of season 1 + trend × (i − 5.5)).
pub fn holt_winters(series: &[f64], p: HwParams, horizon: usize) -> Option<(Vec<f64>, f64)> {
    let m = SEASON;
    if series.len() < 2 * m {
        return None;
    }
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    let (first, second) = (mean(&series[..m]), mean(&series[m..2 * m]));
    let centre = (m as f64 - 1.0) / 2.0;
    let mut trend = (second - first) / m as f64;
    let mut level = first + trend * centre;
    let mut season: Vec<f64> =
        series[..m].iter().enumerate().map(|(i, y)| y - (first + trend * (i as f64 - centre))).collect();
    let mut sse = 0.0;
    for (t, &y) in series.iter().enumerate().skip(m) {
        let s = season[t % m];
        let predicted = level + trend + s;
        sse += (y - predicted) * (y - predicted);
        let previous = level;
        level = p.alpha * (y - s) + (1.0 - p.alpha) * (level + trend);
        trend = p.beta * (level - previous) + (1.0 - p.beta) * trend;
        season[t % m] = p.gamma * (y - level) + (1.0 - p.gamma) * s;
    }
    let n = series.len();
    let forecast = (1..=horizon).map(|h| level + h as f64 * trend + season[(n + h - 1) % m]).collect();
    Some((forecast, sse))
}

/// Holt-Winters with the constants of the grid whose in-sample SSE is lowest.
pub fn holt_winters_fitted(series: &[f64], horizon: usize) -> Option<(Vec<f64>, HwParams)> {
    let mut best: Option<(f64, Vec<f64>, HwParams)> = None;
    for alpha in HW_ALPHAS {
        for beta in HW_BETAS {
            for gamma in HW_GAMMAS {
                let p = HwParams { alpha, beta, gamma };
                let (forecast, sse) = holt_winters(series, p, horizon)?;
                if best.as_ref().is_none_or(|b| sse < b.0) {
                    best = Some((sse, forecast, p));
                }
            }
        }
    }
    best.map(|(_, forecast, p)| (forecast, p))
}

/// Croston's method with the Syntetos–Boylan correction: the smoothed size of the
/// non-zero demands over the smoothed interval between them, × (1 − alpha/2). Both start
/// from the first demand (its size, and its position counted from 1 as the interval) and
/// are smoothed at each later demand. 0 when there has been no demand.
pub fn croston(series: &[f64], alpha: f64) -> f64 {
    let mut state: Option<(f64, f64)> = None;
    let mut since = 0.0;
    for &y in series {
        since += 1.0;
        if y != 0.0 {
            state = Some(match state {
                None => (y, since),
                Some((size, interval)) => (size + alpha * (y - size), interval + alpha * (since - interval)),
            });
            since = 0.0;
        }
    }
    state.map_or(0.0, |(size, interval)| size / interval * (1.0 - alpha / 2.0))
}

/// A method's forecasts for `horizon` months after `series` and what it was fitted
/// with, or `None` when the series is too short for it.
pub fn forecast_with(method: Method, series: &[f64], horizon: usize) -> Option<(Vec<f64>, String)> {
    let flat = |value: f64| vec![value; horizon];
    Some(match method {
        Method::MovingAverage => (flat(moving_average(series, MA_WINDOW)), format!("k = {MA_WINDOW}")),
        Method::ExponentialSmoothing => {
            let (value, alpha) = ses(series);
            (flat(value), format!("alpha = {alpha}"))
        }
        Method::HoltWinters => {
            let (forecast, p) = holt_winters_fitted(series, horizon)?;
            (forecast, format!("alpha = {}, beta = {}, gamma = {}", p.alpha, p.beta, p.gamma))
        }
        Method::Croston => (flat(croston(series, CROSTON_ALPHA)), format!("alpha = {CROSTON_ALPHA}, SBA")),
    })
}

// ---- back-testing -------------------------------------------------------------------

/// How well a method's back-test forecasts matched what happened.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Accuracy {
    /// Mean absolute percentage error over the non-zero actuals; `None` without any.
    pub mape: Option<f64>,
    /// Mean absolute error over the in-sample naive MAE; `None` when that is 0.
    pub mase: Option<f64>,
    /// Mean of forecast − actual: positive means over-forecasting.
    pub bias: Option<f64>,
    pub rmse: Option<f64>,
}

/// The accuracy figures of `forecasts` against `actuals`, scaling MASE by `naive_mae`.
pub fn accuracy(forecasts: &[f64], actuals: &[f64], naive_mae: f64) -> Accuracy {
    if forecasts.is_empty() {
        return Accuracy::default();
    }
    let n = forecasts.len() as f64;
    let errors: Vec<f64> = forecasts.iter().zip(actuals).map(|(f, a)| f - a).collect();
    let percentages: Vec<f64> =
        errors.iter().zip(actuals).filter(|(_, a)| **a != 0.0).map(|(e, a)| (e / a).abs() * 100.0).collect();
    let mae = errors.iter().map(|e| e.abs()).sum::<f64>() / n;
    Accuracy {
        mape: (!percentages.is_empty()).then(|| percentages.iter().sum::<f64>() / percentages.len() as f64),
        mase: (naive_mae > 0.0).then(|| mae / naive_mae),
        bias: Some(errors.iter().sum::<f64>() / n),
        rmse: Some((errors.iter().map(|e| e * e).sum::<f64>() / n).sqrt()),
    }
}

/// The mean absolute change from one month to the next (the naive forecast's error).
pub fn naive_mae(series: &[f64]) -> f64 {
    if series.len() < 2 {
        return 0.0;
    }
    series.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (series.len() - 1) as f64
}

/// How many back-test origins a history of `n` months gets, and whether Holt-Winters can
/// take part (two seasons before every origin, at least [`MIN_HW_ORIGINS`] of them).
pub fn backtest_origins(n: usize) -> (usize, bool) {
    if n >= 2 * SEASON + MIN_HW_ORIGINS {
        ((n - 2 * SEASON).min(BACKTEST_ORIGINS), true)
    } else {
        (n.saturating_sub(MIN_TRAINING).min(BACKTEST_ORIGINS), false)
    }
}

/// Rolling-origin, one-step-ahead back-test of `method` over the last `origins` months:
/// the forecasts made at each origin from the months before it, or `None` when the
/// method cannot forecast from some origin's training months.
pub fn backtest(method: Method, series: &[f64], origins: usize) -> Option<Vec<f64>> {
    (series.len() - origins..series.len())
        .map(|origin| forecast_with(method, &series[..origin], 1).map(|(f, _)| f[0]))
        .collect()
}

/// Whether at least [`INTERMITTENT_ZERO_SHARE`] of the months had no demand.
pub fn is_intermittent(series: &[f64]) -> bool {
    !series.is_empty()
        && series.iter().filter(|y| **y == 0.0).count() as f64 >= INTERMITTENT_ZERO_SHARE * series.len() as f64
}

// ---- per-item results ---------------------------------------------------------------

/// Which error the choice was made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorMeasure {
    Mape,
    Mase,
}

/// One method's back-test and forecast for an item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodResult {
    pub method: Method,
    /// Whether the back-test may choose it.
    pub eligible: bool,
    /// What it was fitted with on the whole history ("alpha = 0.3"); blank when it could
    /// not be computed.
    pub parameters: String,
    pub mape: Option<f64>,
    pub mase: Option<f64>,
    pub bias: Option<f64>,
    pub rmse: Option<f64>,
    /// One value per month of the horizon; empty when it could not be computed.
    pub forecast: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

/// One month of demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemandPoint {
    /// The first day of the day, week (Monday) or month.
    pub start: NaiveDate,
    pub quantity: i64,
}

/// Everything the forecast screen shows of one item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemForecast {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    /// Complete months of demand, oldest first.
    pub history: Vec<DemandPoint>,
    /// The months forecast, starting with the month of `as_of`.
    pub months: Vec<NaiveDate>,
    pub intermittent: bool,
    pub measure: ErrorMeasure,
    /// Back-test origins (months) behind the error figures.
    pub origins: usize,
    pub methods: Vec<MethodResult>,
    /// What the back-test chose.
    pub best: Method,
    /// What the forecast uses: the override when there is one that can be computed,
    /// else `best`.
    pub chosen: Method,
    pub overridden: bool,
    /// The user's choice as saved, even when it cannot be used for this item.
    pub override_method: Option<Method>,
}

impl ItemForecast {
    pub fn chosen_result(&self) -> &MethodResult {
        self.methods.iter().find(|m| m.method == self.chosen).expect("every method has a result")
    }
}

/// A line of the every-item forecast table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemSummary {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub history_months: usize,
    pub intermittent: bool,
    pub chosen: Method,
    pub overridden: bool,
    pub mape: Option<f64>,
    pub mase: Option<f64>,
    pub bias: Option<f64>,
    pub forecast: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

impl From<&ItemForecast> for ItemSummary {
    fn from(f: &ItemForecast) -> ItemSummary {
        let chosen = f.chosen_result();
        ItemSummary {
            item_id: f.item_id,
            sku: f.sku.clone(),
            name: f.name.clone(),
            history_months: f.history.len(),
            intermittent: f.intermittent,
            chosen: f.chosen,
            overridden: f.overridden,
            mape: chosen.mape,
            mase: chosen.mase,
            bias: chosen.bias,
            forecast: chosen.forecast.clone(),
            lower: chosen.lower.clone(),
            upper: chosen.upper.clone(),
        }
    }
}

/// The methods' back-tests and forecasts on a monthly series, and the choice among them.
/// Pure: [`forecast_item`] and [`forecast_all`] only gather the series.
pub struct SeriesForecast {
    pub intermittent: bool,
    pub measure: ErrorMeasure,
    pub origins: usize,
    pub methods: Vec<MethodResult>,
    pub best: Method,
    pub chosen: Method,
    pub overridden: bool,
}

pub fn forecast_series(series: &[f64], horizon: usize, override_method: Option<Method>) -> SeriesForecast {
    let (origins, hw_possible) = backtest_origins(series.len());
    let intermittent = is_intermittent(series);
    let measure = if series.contains(&0.0) { ErrorMeasure::Mase } else { ErrorMeasure::Mape };
    let actuals = &series[series.len() - origins..];
    let scale = naive_mae(series);
    let methods: Vec<MethodResult> = Method::ALL
        .into_iter()
        .map(|method| {
            let computable = method != Method::HoltWinters || hw_possible;
            let eligible = match method {
                Method::HoltWinters => hw_possible,
                Method::Croston => intermittent,
                _ => true,
            };
            let fitted = if computable { forecast_with(method, series, horizon) } else { None };
            let Some((forecast, parameters)) = fitted else {
                return MethodResult {
                    method,
                    eligible: false,
                    parameters: String::new(),
                    mape: None,
                    mase: None,
                    bias: None,
                    rmse: None,
                    forecast: vec![],
                    lower: vec![],
                    upper: vec![],
                };
            };
            let tested = if origins > 0 { backtest(method, series, origins) } else { None };
            let acc = tested.map(|f| accuracy(&f, actuals, scale)).unwrap_or_default();
            let half = BAND_Z * acc.rmse.unwrap_or(0.0);
            MethodResult {
                method,
                eligible,
                parameters,
                mape: acc.mape,
                mase: acc.mase,
                bias: acc.bias,
                rmse: acc.rmse,
                lower: forecast.iter().map(|f| (f - half).max(0.0)).collect(),
                upper: forecast.iter().map(|f| f + half).collect(),
                forecast,
            }
        })
        .collect();
    let score = |m: &MethodResult| match measure {
        ErrorMeasure::Mape => m.mape,
        ErrorMeasure::Mase => m.mase,
    };
    let mut best = Method::MovingAverage;
    let mut best_score = f64::INFINITY;
    for m in methods.iter().filter(|m| m.eligible) {
        if let Some(s) = score(m) {
            if s < best_score {
                (best, best_score) = (m.method, s);
            }
        }
    }
    let usable = override_method.filter(|o| methods.iter().any(|m| m.method == *o && !m.forecast.is_empty()));
    SeriesForecast {
        intermittent,
        measure,
        origins,
        methods,
        best,
        chosen: usable.unwrap_or(best),
        overridden: usable.is_some(),
    }
}

// ---- demand history -----------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    Week,
    Month,
}

/// The first day of the bucket `day` falls in (weeks start on Monday).
pub fn bucket_start(bucket: Bucket, day: NaiveDate) -> NaiveDate {
    match bucket {
        Bucket::Day => day,
        Bucket::Week => day.week(Weekday::Mon).first_day(),
        Bucket::Month => day.with_day(1).expect("every month has a first day"),
    }
}

fn next_bucket(bucket: Bucket, start: NaiveDate) -> NaiveDate {
    match bucket {
        Bucket::Day => start + chrono::Days::new(1),
        Bucket::Week => start + chrono::Days::new(7),
        Bucket::Month => start + Months::new(1),
    }
}

/// Demand (issued quantity) of an item per bucket over the days `from..=to`, at one
/// location (with its own id, not the places inside it) or everywhere; every bucket
/// from the one holding `from` to the one holding `to` is listed, zero when nothing was
/// issued. Partial first and last buckets count only their days inside the range.
pub fn demand_history(
    conn: &Connection,
    item_id: i64,
    location_id: Option<i64>,
    bucket: Bucket,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DemandPoint>> {
    if to < from {
        return Ok(vec![]);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT substr(at, 1, 10), -sum(quantity) FROM stock_movements
         WHERE item_id = ?1 AND at >= ?2 AND at < ?3 AND kind = 'issue' AND (?4 IS NULL OR location_id = ?4)
         GROUP BY 1",
    )?;
    let end = to + chrono::Days::new(1);
    let days = stmt.query_map(params![item_id, from.to_string(), end.to_string(), location_id], |r| {
        Ok((r.get::<_, NaiveDate>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut by_bucket: HashMap<NaiveDate, i64> = HashMap::new();
    for day in days {
        let (day, quantity) = day?;
        *by_bucket.entry(bucket_start(bucket, day)).or_default() += quantity;
    }
    let mut points = Vec::new();
    let mut start = bucket_start(bucket, from);
    while start <= to {
        points.push(DemandPoint { start, quantity: by_bucket.get(&start).copied().unwrap_or(0) });
        start = next_bucket(bucket, start);
    }
    Ok(points)
}

/// An item whose demand changed most between the last three complete months and the
/// same months a year before.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Mover {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub recent: i64,
    pub year_before: i64,
    /// recent − year before.
    pub change: i64,
    /// The change as a percentage of the year before; `None` when that was nothing.
    pub change_percent: Option<f64>,
}

/// The `n` items whose demand over the three complete months before `as_of`'s month
/// moved most (in absolute units) against the same three months a year earlier, biggest
/// first (then by SKU), in one pass over the ledger.
pub fn biggest_movers(conn: &Connection, as_of: NaiveDate, n: u32) -> Result<Vec<Mover>> {
    let month = bucket_start(Bucket::Month, as_of);
    let recent_from = month - Months::new(3);
    let (prior_from, prior_to) = (recent_from - Months::new(12), month - Months::new(12));
    let mut stmt = conn.prepare_cached(
        "WITH demand AS (
             SELECT item_id, sum(CASE WHEN at >= ?1 THEN -quantity ELSE 0 END) AS recent,
                    sum(CASE WHEN at < ?4 THEN -quantity ELSE 0 END) AS prior
             FROM stock_movements
             WHERE kind = 'issue' AND ((at >= ?1 AND at < ?2) OR (at >= ?3 AND at < ?4))
             GROUP BY item_id
         )
         SELECT i.id, i.sku, i.name, d.recent, d.prior FROM demand d JOIN stock_items i ON i.id = d.item_id
         WHERE d.recent <> d.prior
         ORDER BY abs(d.recent - d.prior) DESC, i.sku
         LIMIT ?5",
    )?;
    let rows = stmt.query_map(
        params![recent_from.to_string(), month.to_string(), prior_from.to_string(), prior_to.to_string(), n],
        |r| {
            let (recent, year_before): (i64, i64) = (r.get(3)?, r.get(4)?);
            Ok(Mover {
                item_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                recent,
                year_before,
                change: recent - year_before,
                change_percent: (year_before != 0).then(|| (recent - year_before) as f64 / year_before as f64 * 100.0),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An item's monthly demand this calendar year (to the month of `as_of`) and the whole
/// year before, January first, for drawing one over the other.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearOverYear {
    pub year: i32,
    pub this_year: Vec<i64>,
    pub last_year: Vec<i64>,
}

pub fn year_over_year(conn: &Connection, item_id: i64, as_of: NaiveDate) -> Result<YearOverYear> {
    let year = as_of.year();
    let jan = |y| NaiveDate::from_ymd_opt(y, 1, 1).expect("1 January exists");
    let quantities = |points: Vec<DemandPoint>| points.into_iter().map(|p| p.quantity).collect();
    let last_end = jan(year) - chrono::Days::new(1);
    Ok(YearOverYear {
        year,
        this_year: quantities(demand_history(conn, item_id, None, Bucket::Month, jan(year), as_of)?),
        last_year: quantities(demand_history(conn, item_id, None, Bucket::Month, jan(year - 1), last_end)?),
    })
}

// ---- forecasts ----------------------------------------------------------------------

/// The months an item's history may cover before `as_of`: [first, end).
pub fn history_window(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    let end = bucket_start(Bucket::Month, as_of);
    (end - Months::new(MAX_HISTORY_MONTHS), end)
}

/// Zero-filled months from the first with demand to the month before `end` (`months`
/// sorted, from the first month with demand).
pub fn monthly_series(months: &[(NaiveDate, i64)], end: NaiveDate) -> Vec<DemandPoint> {
    let Some(&(mut month, _)) = months.first() else { return vec![] };
    let mut given = months.iter().peekable();
    let mut points = Vec::new();
    while month < end {
        let quantity = match given.peek() {
            Some((m, q)) if *m == month => {
                given.next();
                *q
            }
            _ => 0,
        };
        points.push(DemandPoint { start: month, quantity });
        month = month + Months::new(1);
    }
    points
}

fn build(
    item: (i64, String, String),
    history: Vec<DemandPoint>,
    as_of: NaiveDate,
    horizon: usize,
    override_method: Option<Method>,
) -> ItemForecast {
    let series: Vec<f64> = history.iter().map(|p| p.quantity as f64).collect();
    let f = forecast_series(&series, horizon, override_method);
    let first = bucket_start(Bucket::Month, as_of);
    ItemForecast {
        item_id: item.0,
        sku: item.1,
        name: item.2,
        history,
        months: (0..horizon as u32).map(|h| first + Months::new(h)).collect(),
        intermittent: f.intermittent,
        measure: f.measure,
        origins: f.origins,
        methods: f.methods,
        best: f.best,
        chosen: f.chosen,
        overridden: f.overridden,
        override_method,
    }
}

/// The method a user chose for an item, if any.
pub fn override_of(conn: &Connection, item_id: i64) -> Result<Option<Method>> {
    let method: Option<String> = conn
        .prepare_cached("SELECT method FROM forecast_overrides WHERE item_id = ?1")?
        .query_row([item_id], |r| r.get(0))
        .optional()?;
    Ok(method.and_then(|m| Method::parse(&m)))
}

/// One item's history, every method's back-test and forecast for `horizon` months from
/// the month of `as_of`, and the method used.
pub fn forecast_item(conn: &Connection, item_id: i64, as_of: NaiveDate, horizon: usize) -> Result<ItemForecast> {
    let item = stock::item(conn, item_id)?;
    let (from, end) = history_window(as_of);
    let days = demand_history(conn, item_id, None, Bucket::Month, from, end - chrono::Days::new(1))?;
    let months: Vec<(NaiveDate, i64)> =
        days.into_iter().skip_while(|p| p.quantity == 0).map(|p| (p.start, p.quantity)).collect();
    let history = monthly_series(&months, end);
    Ok(build((item.id, item.sku, item.name), history, as_of, horizon, override_of(conn, item_id)?))
}

/// Every stock item's forecast line (by SKU), from one grouped pass over the ledger:
/// the same figures as [`forecast_item`] gives each item.
pub fn forecast_all(conn: &Connection, as_of: NaiveDate, horizon: usize) -> Result<Vec<ItemSummary>> {
    let (from, end) = history_window(as_of);
    let mut by_item: HashMap<i64, Vec<(NaiveDate, i64)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, substr(at, 1, 7) || '-01', -sum(quantity) FROM stock_movements
         WHERE kind = 'issue' AND at >= ?1 AND at < ?2
         GROUP BY item_id, 2 ORDER BY item_id, 2",
    )?;
    let rows = stmt.query_map(params![from.to_string(), end.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, NaiveDate>(1)?, r.get::<_, i64>(2)?))
    })?;
    for row in rows {
        let (item, month, quantity) = row?;
        // Net demand of zero in a month (an issue reversed) is no demand.
        if quantity != 0 || by_item.contains_key(&item) {
            by_item.entry(item).or_default().push((month, quantity));
        }
    }
    let overrides: HashMap<i64, Method> = conn
        .prepare_cached("SELECT item_id, method FROM forecast_overrides")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|row| row.map(|(id, m)| Method::parse(&m).map(|m| (id, m))).transpose())
        .collect::<rusqlite::Result<_>>()?;
    let mut items = conn.prepare_cached("SELECT id, sku, name FROM stock_items ORDER BY sku, id")?;
    let items = items.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut summaries = Vec::new();
    for item in items {
        let item = item?;
        let history = monthly_series(by_item.get(&item.0).map_or(&[][..], Vec::as_slice), end);
        let overridden = overrides.get(&item.0).copied();
        summaries.push(ItemSummary::from(&build(item, history, as_of, horizon, overridden)));
    }
    Ok(summaries)
}

/// Sets (or with `None` clears) the method an item's forecast uses instead of the
/// back-test's choice, recording the change in the item's history.
pub fn set_override(tx: &Transaction, change: &Change, item_id: i64, method: Option<Method>) -> Result<()> {
    let item = stock::item(tx, item_id)?;
    let before = override_of(tx, item_id)?;
    if before == method {
        return Ok(());
    }
    match method {
        Some(m) => tx
            .prepare_cached(
                "INSERT INTO forecast_overrides (item_id, method, set_at, actor) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (item_id) DO UPDATE SET method = excluded.method, set_at = excluded.set_at,
                     actor = excluded.actor",
            )?
            .execute(params![item_id, m.as_str(), change.timestamp(), change.actor])?,
        None => tx.prepare_cached("DELETE FROM forecast_overrides WHERE item_id = ?1")?.execute([item_id])?,
    };
    let logged = |m: Option<Method>| serde_json::json!({ "forecastMethod": m.map(Method::as_str) });
    let action = if method.is_some() { "forecast method set" } else { "forecast method cleared" };
    events::append(tx, change, "stock_item", item.id, action, Some(&logged(before)), Some(&logged(method)))?;
    Ok(())
}

/// Parses a method's name as the CLI and imports write it ("holt_winters", "croston").
pub fn parse_method(text: &str) -> Result<Method> {
    let wanted = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    Method::parse(&wanted).ok_or_else(|| {
        Error::invalid(
            "method",
            format!("no forecasting method called '{text}'; use one of {}", Method::ALL.map(Method::as_str).join(", ")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
    }

    #[test]
    fn moving_average_of_the_last_three() {
        close(moving_average(&[10.0, 20.0, 30.0, 40.0], 3), 30.0);
        close(moving_average(&[5.0], 3), 5.0);
        close(moving_average(&[], 3), 0.0);
    }

    #[test]
    fn ses_level_and_sse_by_hand() {
        // alpha 0.5 on 10, 20, 30: level 10 → 15 → 22.5; errors 10 and 15.
        let (level, sse) = ses_level(&[10.0, 20.0, 30.0], 0.5);
        close(level, 22.5);
        close(sse, 100.0 + 225.0);
        // A rising series is best followed with the largest alpha of the grid.
        let (value, alpha) = ses(&[10.0, 20.0, 30.0]);
        assert_eq!(alpha, 0.9);
        close(value, 10.0 + 0.9 * 10.0 + 0.9 * (30.0 - 19.0));
    }

    #[test]
    fn croston_by_hand() {
        // Demands 3 (3rd month), 2 (4 months later), 4 (2 months later):
        // size 3 → 2.9 → 3.01; interval 3 → 3.1 → 2.99; × 0.95 (SBA).
        let series = [0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 2.0, 0.0, 4.0];
        close(croston(&series, 0.1), 3.01 / 2.99 * 0.95);
        close(croston(&[0.0, 0.0], 0.1), 0.0);
        // Trailing zeros change nothing until the next demand.
        close(croston(&[0.0, 4.0, 0.0, 0.0], 0.1), 4.0 / 2.0 * 0.95);
    }

    #[test]
    fn holt_winters_reproduces_a_clean_seasonal_trend() {
        // y = 100 + 2t + season: the initialisation is exact, so every one-step forecast
        // is too, and so is the forecast ahead, whatever the constants.
        let season = [5.0, -3.0, 8.0, 0.0, -6.0, 2.0, 4.0, -1.0, -7.0, 3.0, 1.0, -6.0];
        let y = |t: usize| 100.0 + 2.0 * t as f64 + season[t % 12];
        let series: Vec<f64> = (0..36).map(y).collect();
        let p = HwParams { alpha: 0.5, beta: 0.2, gamma: 0.3 };
        let (forecast, sse) = holt_winters(&series, p, 3).unwrap();
        close(sse, 0.0);
        for (h, f) in forecast.iter().enumerate() {
            close(*f, y(36 + h));
        }
        assert!(holt_winters(&series[..23], p, 1).is_none(), "needs two seasons");
    }

    #[test]
    fn accuracy_by_hand() {
        // Errors +2, +1, +1 against actuals 10, 0, 5; the naive MAE is given as 2.
        let a = accuracy(&[12.0, 1.0, 6.0], &[10.0, 0.0, 5.0], 2.0);
        close(a.mape.unwrap(), (20.0 + 20.0) / 2.0);
        close(a.mase.unwrap(), (4.0 / 3.0) / 2.0);
        close(a.bias.unwrap(), 4.0 / 3.0);
        close(a.rmse.unwrap(), 2.0_f64.sqrt());
        assert_eq!(accuracy(&[1.0], &[0.0], 0.0).mape, None);
        close(naive_mae(&[10.0, 0.0, 5.0]), 7.5);
    }

    #[test]
    fn origins_for_short_and_long_histories() {
        assert_eq!(backtest_origins(36), (12, true));
        assert_eq!(backtest_origins(31), (7, true));
        assert_eq!(backtest_origins(29), (12, false));
        assert_eq!(backtest_origins(8), (5, false));
        assert_eq!(backtest_origins(2), (0, false));
    }

    #[test]
    fn backtest_fits_on_the_months_before_each_origin() {
        let series = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(backtest(Method::MovingAverage, &series, 2).unwrap(), vec![2.0, 3.0]);
    }

    #[test]
    fn buckets_start_on_the_first_day_and_on_monday() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 19).unwrap(); // a Thursday
        assert_eq!(bucket_start(Bucket::Week, d), NaiveDate::from_ymd_opt(2026, 3, 16).unwrap());
        assert_eq!(bucket_start(Bucket::Month, d), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(bucket_start(Bucket::Day, d), d);
    }
}
