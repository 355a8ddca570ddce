//! Supplier scorecards: how well each supplier delivered the purchase order lines due in
//! a period — on time, in full, at the quoted lead time and price, without rejects —
//! as figures, a weighted score and a grade, with the lines behind every figure.
//!
//! Everything is computed from `purchase_order_lines`, which goods receipts keep up to
//! date (received and rejected quantities, last receipt, completion), so a scorecard
//! never sums receipts. The rules:
//!
//! - **Due in a period**: a line not cancelled, sent (`ordered_on` set), whose promised
//!   date falls in the period (both ends inclusive).
//! - **Not yet due**: a due line with nothing delivered whose promised date is on or
//!   after `as_of` (the day the figures are taken) — it can still arrive on time, so it
//!   is left out of every figure and only counted as not yet due. Every other due line
//!   counts; "lines due" below means these.
//! - **Delivered**: something arrived (`last_received_on` set).
//! - **On-time rate**: lines delivered whose last delivery came on or before the
//!   promised date ÷ lines due. An undelivered line promised before `as_of` is late.
//! - **In-full rate**: lines with accepted quantity ≥ ordered ÷ lines due.
//! - **OTIF rate**: lines complete (`completed_on`: the day accepted reached the ordered
//!   quantity) on or before the promised date ÷ lines due.
//! - **Lead time** of a delivered line: days from `ordered_on` to `completed_on`, else to
//!   `last_received_on`. Reported: its average and population standard deviation over
//!   delivered lines, and the average of (actual − quoted lead days) over delivered
//!   lines that have a quoted lead time (positive: slower than quoted).
//! - **Price variance**: Σ (unit price − quoted price) × quantity ÷ Σ quoted price ×
//!   quantity, in percent, over lines due that have a quoted price (positive: dearer
//!   than quoted). Undefined when that divisor is 0.
//! - **Rejected rate**: units rejected ÷ units delivered (accepted + rejected).
//!
//! Component scores (0–100): on time = on-time rate × 100; in full = in-full rate ×
//! 100; lead time = 100 − 10 × days slower than quoted on average (faster counts as 0);
//! price = 100 − 5 × percent above quoted (cheaper counts as 0); quality = 100 − 10 ×
//! percent of units rejected; each clamped to 0..100. A component that cannot be
//! measured (no quoted lead time delivered, no quoted price, nothing delivered) is left
//! out and the others keep their proportions: score = Σ weight × component ÷ Σ weight
//! over the measured components, which is Σ weight × component ÷ 100 when all are
//! measured. Weights are percentages from `scorecard_weights` ([`weights`]). The score
//! is rounded to one decimal and graded from that: A ≥ 90, B ≥ 75, C ≥ 60, else D. A
//! supplier with no lines due has no score (`None`), not 0.
//!
//! [`scorecards`] ranks every supplier in one aggregate query: per line it computes the
//! lead time once, and sums counts, lead times and their squares (for the standard
//! deviation) per supplier, reading the lines in the order of the index
//! `purchase_order_lines_scorecard (supplier_id, promised_on)`.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use tagledger_print::reports::scorecard::{ScorecardComponent, ScorecardLine, ScorecardMonth, ScorecardReport};
use ts_rs::TS;

use crate::validate::Checks;
use crate::{events, Change, Error, Result};

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Period {
        Period { from, to }
    }

    /// Refuses a period that ends before it starts.
    pub fn check(&self) -> Result<()> {
        if self.to < self.from {
            return Err(Error::invalid("to", format!("is before the start of the period ({})", self.from)));
        }
        Ok(())
    }

    /// The first day after the period: timestamps inside it are below this.
    pub fn end_exclusive(&self) -> NaiveDate {
        self.to.succ_opt().unwrap_or(self.to)
    }
}

// ---- weights ------------------------------------------------------------------------

/// How the score weighs its components, in percent; they add up to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Weights {
    pub on_time: i64,
    pub in_full: i64,
    pub lead_time: i64,
    pub price: i64,
    pub quality: i64,
}

impl Weights {
    fn total(&self) -> i64 {
        self.on_time + self.in_full + self.lead_time + self.price + self.quality
    }
}

pub fn weights(conn: &Connection) -> Result<Weights> {
    Ok(conn
        .prepare_cached("SELECT on_time, in_full, lead_time, price, quality FROM scorecard_weights WHERE id = 1")?
        .query_row([], |r| {
        Ok(Weights {
            on_time: r.get(0)?,
            in_full: r.get(1)?,
            lead_time: r.get(2)?,
            price: r.get(3)?,
            quality: r.get(4)?,
        })
    })?)
}

/// Sets the weights; each must be 0–100 and together exactly 100.
pub fn set_weights(tx: &Transaction, change: &Change, input: &Weights) -> Result<Weights> {
    let mut checks = Checks::default();
    for (field, value) in [
        ("onTime", input.on_time),
        ("inFull", input.in_full),
        ("leadTime", input.lead_time),
        ("price", input.price),
        ("quality", input.quality),
    ] {
        if !(0..=100).contains(&value) {
            checks.push(field, "must be a percentage from 0 to 100");
        }
    }
    if checks.0.is_empty() && input.total() != 100 {
        checks.push("total", format!("the weights add up to {}%; they must add up to 100%", input.total()));
    }
    checks.into_result()?;
    let before = weights(tx)?;
    tx.prepare_cached(
        "UPDATE scorecard_weights SET on_time = ?1, in_full = ?2, lead_time = ?3, price = ?4, quality = ?5
         WHERE id = 1",
    )?
    .execute(params![input.on_time, input.in_full, input.lead_time, input.price, input.quality])?;
    let after = weights(tx)?;
    if after != before {
        let json = |w: &Weights| serde_json::to_value(w).expect("weights serialize");
        events::append(tx, change, "scorecard_weights", 1, "updated", Some(&json(&before)), Some(&json(&after)))?;
    }
    Ok(after)
}

// ---- figures ------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub fn of(score: f64) -> Grade {
        if score >= 90.0 {
            Grade::A
        } else if score >= 75.0 {
            Grade::B
        } else if score >= 60.0 {
            Grade::C
        } else {
            Grade::D
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
}

/// Component scores, 0–100; `None` where the component could not be measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    pub on_time: Option<f64>,
    pub in_full: Option<f64>,
    pub lead_time: Option<f64>,
    pub price: Option<f64>,
    pub quality: Option<f64>,
}

impl Components {
    /// Σ weight × component ÷ Σ weight over the measured components, rounded to one
    /// decimal; `None` when nothing weighted was measured.
    fn score(&self, w: &Weights) -> Option<f64> {
        let parts = [
            (self.on_time, w.on_time),
            (self.in_full, w.in_full),
            (self.lead_time, w.lead_time),
            (self.price, w.price),
        ]
        .into_iter()
        .chain([(self.quality, w.quality)]);
        let (mut points, mut weight) = (0.0, 0);
        for (component, part_weight) in parts {
            if let Some(c) = component {
                points += c * part_weight as f64;
                weight += part_weight;
            }
        }
        (weight > 0).then(|| (points / weight as f64 * 10.0).round() / 10.0)
    }
}

/// One supplier's figures over a period (see the module doc for each definition).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Scorecard {
    pub supplier_id: i64,
    pub supplier_name: String,
    /// Lines due that count (promised in the period, and delivered or promised before
    /// `as_of`).
    pub lines_due: i64,
    /// Promised in the period on or after `as_of`, nothing delivered yet: in no figure.
    pub lines_not_yet_due: i64,
    pub lines_delivered: i64,
    pub lines_on_time: i64,
    pub lines_in_full: i64,
    pub lines_otif: i64,
    /// Fractions 0–1; `None` when no line is due.
    pub on_time_rate: Option<f64>,
    pub in_full_rate: Option<f64>,
    pub otif_rate: Option<f64>,
    pub avg_lead_days: Option<f64>,
    /// Population standard deviation of the lead times.
    pub lead_days_std_dev: Option<f64>,
    /// Average of actual − quoted lead days (positive: slower than quoted).
    pub avg_lead_days_vs_quote: Option<f64>,
    /// Delivered lines with a quoted lead time.
    pub lines_lead_quoted: i64,
    /// Percent; positive: dearer than quoted.
    pub price_variance_pct: Option<f64>,
    /// Lines due with a quoted price.
    pub lines_price_quoted: i64,
    pub quantity_received: i64,
    pub quantity_rejected: i64,
    /// Fraction 0–1 of units delivered that were rejected.
    pub rejected_rate: Option<f64>,
    pub components: Components,
    /// 0–100, one decimal; `None` when no line is due.
    pub score: Option<f64>,
    pub grade: Option<Grade>,
}

/// One month of a supplier's trend (by promised date).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthFigures {
    /// "2026-03".
    pub month: String,
    pub lines_due: i64,
    pub on_time_rate: Option<f64>,
    pub in_full_rate: Option<f64>,
    pub otif_rate: Option<f64>,
    pub score: Option<f64>,
}

/// The sums one group of lines (a supplier, a month) adds up to.
#[derive(Debug, Clone, Default, PartialEq)]
struct Sums {
    in_period: i64,
    due: i64,
    delivered: i64,
    on_time: i64,
    in_full: i64,
    otif: i64,
    lead_sum: i64,
    lead_squares: i64,
    vs_quote_sum: i64,
    vs_quote_lines: i64,
    price_difference: f64,
    price_quoted: f64,
    price_lines: i64,
    rejected: i64,
    received: i64,
}

/// The lines due in `?1..=?2` with their values computed once per line (`counted` is 0
/// for lines not yet due at `?3`). The ORDER BY keeps SQLite from flattening this into
/// the aggregate, which would compute the lead time once per sum that uses it; ordered
/// by supplier it comes straight from the index, so the grouping sorts nothing.
fn lines_due_sql(key: &str, filter: &str) -> String {
    format!(
        "SELECT {key} AS key,
                (last_received_on IS NOT NULL OR promised_on < ?3) AS counted,
                quantity, received_qty, rejected_qty, unit_price_minor, quoted_lead_days, promised_on,
                last_received_on, completed_on,
                CASE WHEN last_received_on IS NOT NULL OR promised_on < ?3 THEN quoted_price_minor END AS quoted_price,
                (unixepoch(coalesce(completed_on, last_received_on)) - unixepoch(ordered_on)) / 86400 AS lead
         FROM purchase_order_lines
         WHERE promised_on BETWEEN ?1 AND ?2 AND cancelled = 0 AND ordered_on IS NOT NULL {filter}
         ORDER BY {key}"
    )
}

/// Sums per `key` over the lines due. Lines not yet due have no receipt, so they add
/// nothing to any sum but `in_period` (and their quoted price is blanked above).
fn sums_sql(key: &str, filter: &str) -> String {
    format!(
        "SELECT key, count(*), sum(counted), sum(last_received_on IS NOT NULL), sum(last_received_on <= promised_on),
                sum(received_qty >= quantity), sum(completed_on <= promised_on),
                sum(lead), sum(lead * lead), sum(lead - quoted_lead_days), count(lead - quoted_lead_days),
                total((unit_price_minor - quoted_price) * quantity), total(quoted_price * quantity), count(quoted_price),
                sum(rejected_qty), sum(received_qty)
         FROM ({}) GROUP BY key ORDER BY key",
        lines_due_sql(key, filter)
    )
}

fn sums_row(r: &Row) -> rusqlite::Result<Sums> {
    let n = |i: usize| -> rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0)) };
    Ok(Sums {
        in_period: n(1)?,
        due: n(2)?,
        delivered: n(3)?,
        on_time: n(4)?,
        in_full: n(5)?,
        otif: n(6)?,
        lead_sum: n(7)?,
        lead_squares: n(8)?,
        vs_quote_sum: n(9)?,
        vs_quote_lines: n(10)?,
        price_difference: r.get(11)?,
        price_quoted: r.get(12)?,
        price_lines: n(13)?,
        rejected: n(14)?,
        received: n(15)?,
    })
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Sums {
    fn scorecard(&self, supplier_id: i64, supplier_name: String, weights: &Weights) -> Scorecard {
        let lead_mean = ratio(self.lead_sum, self.delivered);
        let lead_std_dev = lead_mean.map(|mean| {
            let variance = self.lead_squares as f64 / self.delivered as f64 - mean * mean;
            variance.max(0.0).sqrt()
        });
        let vs_quote = ratio(self.vs_quote_sum, self.vs_quote_lines);
        let price_variance = (self.price_quoted > 0.0).then(|| self.price_difference / self.price_quoted * 100.0);
        let rejected_rate = ratio(self.rejected, self.rejected + self.received);
        let (on_time, in_full, otif) =
            (ratio(self.on_time, self.due), ratio(self.in_full, self.due), ratio(self.otif, self.due));
        let clamp = |v: f64| v.clamp(0.0, 100.0);
        let components = Components {
            on_time: on_time.map(|r| r * 100.0),
            in_full: in_full.map(|r| r * 100.0),
            lead_time: vs_quote.map(|d| clamp(100.0 - 10.0 * d.max(0.0))),
            price: price_variance.map(|p| clamp(100.0 - 5.0 * p.max(0.0))),
            quality: rejected_rate.map(|r| clamp(100.0 - 10.0 * r * 100.0)),
        };
        let score = if self.due == 0 { None } else { components.score(weights) };
        Scorecard {
            supplier_id,
            supplier_name,
            lines_due: self.due,
            lines_not_yet_due: self.in_period - self.due,
            lines_delivered: self.delivered,
            lines_on_time: self.on_time,
            lines_in_full: self.in_full,
            lines_otif: self.otif,
            on_time_rate: on_time,
            in_full_rate: in_full,
            otif_rate: otif,
            avg_lead_days: lead_mean,
            lead_days_std_dev: lead_std_dev,
            avg_lead_days_vs_quote: vs_quote,
            lines_lead_quoted: self.vs_quote_lines,
            price_variance_pct: price_variance,
            lines_price_quoted: self.price_lines,
            quantity_received: self.received,
            quantity_rejected: self.rejected,
            rejected_rate,
            components,
            score,
            grade: score.map(Grade::of),
        }
    }
}

/// Every supplier with lines promised in `period`, best score first, then by name; a
/// supplier whose lines are all not yet due has no score and comes last. One aggregate
/// query over the lines.
pub fn scorecards(conn: &Connection, period: Period, as_of: NaiveDate) -> Result<Vec<Scorecard>> {
    period.check()?;
    let weights = weights(conn)?;
    let names: HashMap<i64, String> = conn
        .prepare_cached("SELECT id, name FROM suppliers")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&sums_sql("supplier_id", ""))?;
    let rows = stmt.query_map(params![period.from, period.to, as_of], |r| Ok((r.get::<_, i64>(0)?, sums_row(r)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (supplier, sums) = row?;
        let name = names.get(&supplier).cloned().unwrap_or_default();
        out.push(sums.scorecard(supplier, name, &weights));
    }
    out.sort_by(|a, b| {
        let score = |s: &Scorecard| s.score.unwrap_or(f64::NEG_INFINITY);
        score(b).total_cmp(&score(a)).then_with(|| a.supplier_name.cmp(&b.supplier_name))
    });
    Ok(out)
}

fn supplier_name(conn: &Connection, supplier_id: i64) -> Result<String> {
    conn.prepare_cached("SELECT name FROM suppliers WHERE id = ?1")?
        .query_row([supplier_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("supplier {supplier_id}")))
}

/// One supplier's scorecard; with no lines due, every figure is `None` or 0.
pub fn scorecard(conn: &Connection, supplier_id: i64, period: Period, as_of: NaiveDate) -> Result<Scorecard> {
    period.check()?;
    let name = supplier_name(conn, supplier_id)?;
    let sums = conn
        .prepare_cached(&sums_sql("supplier_id", "AND supplier_id = ?4"))?
        .query_row(params![period.from, period.to, as_of, supplier_id], sums_row)
        .optional()?
        .unwrap_or_default();
    Ok(sums.scorecard(supplier_id, name, &weights(conn)?))
}

/// "2026-03" for every month the period touches, in order.
fn months(period: Period) -> Vec<String> {
    let mut out = Vec::new();
    let (mut year, mut month) = (period.from.year(), period.from.month());
    while (year, month) <= (period.to.year(), period.to.month()) {
        out.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    }
    out
}

/// A supplier's figures per month of promised date, for every month the period touches
/// (a month with no line due has 0 lines and no rates).
pub fn monthly_trend(
    conn: &Connection,
    supplier_id: i64,
    period: Period,
    as_of: NaiveDate,
) -> Result<Vec<MonthFigures>> {
    period.check()?;
    supplier_name(conn, supplier_id)?;
    let weights = weights(conn)?;
    let mut stmt = conn.prepare_cached(&sums_sql("substr(promised_on, 1, 7)", "AND supplier_id = ?4"))?;
    let by_month: HashMap<String, Sums> = stmt
        .query_map(params![period.from, period.to, as_of, supplier_id], |r| Ok((r.get(0)?, sums_row(r)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(months(period)
        .into_iter()
        .map(|month| {
            let card =
                by_month.get(&month).cloned().unwrap_or_default().scorecard(supplier_id, String::new(), &weights);
            MonthFigures {
                month,
                lines_due: card.lines_due,
                on_time_rate: card.on_time_rate,
                in_full_rate: card.in_full_rate,
                otif_rate: card.otif_rate,
                score: card.score,
            }
        })
        .collect())
}

// ---- the lines behind a figure -------------------------------------------------------

/// Which lines a figure is made of, so every figure on screen can be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Measure {
    /// Every line due (that counts).
    Due,
    NotOnTime,
    NotInFull,
    NotOtif,
    /// Lines with units rejected.
    Rejected,
    /// Lines priced above their quote.
    PriceAbove,
}

impl Measure {
    fn condition(self) -> &'static str {
        match self {
            Measure::Due => "1",
            Measure::NotOnTime => "NOT ifnull(l.last_received_on <= l.promised_on, 0)",
            Measure::NotInFull => "l.received_qty < l.quantity",
            Measure::NotOtif => "NOT ifnull(l.completed_on <= l.promised_on, 0)",
            Measure::Rejected => "l.rejected_qty > 0",
            Measure::PriceAbove => "l.quoted_price_minor IS NOT NULL AND l.unit_price_minor > l.quoted_price_minor",
        }
    }
}

/// A purchase order line behind a scorecard figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineBehind {
    pub line_id: i64,
    pub order_id: i64,
    /// "PO-000123".
    pub order_number: String,
    pub line_no: i64,
    pub item_id: Option<i64>,
    pub model_id: Option<i64>,
    /// The stock item's SKU; `None` for an asset model's line.
    pub sku: Option<String>,
    /// The stock item's or the model's name.
    pub name: String,
    pub description: String,
    pub quantity: i64,
    /// Accepted.
    pub received_qty: i64,
    pub rejected_qty: i64,
    pub unit_price_minor: i64,
    pub quoted_price_minor: Option<i64>,
    pub currency: String,
    pub ordered_on: NaiveDate,
    pub promised_on: NaiveDate,
    pub last_received_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// Days from the promised date to completion, or to `as_of` while not complete;
    /// never negative.
    pub days_late: i64,
}

/// The lines of `supplier_id` due in `period` that make up `measure`, by promised date.
pub fn lines_behind(
    conn: &Connection,
    supplier_id: i64,
    period: Period,
    as_of: NaiveDate,
    measure: Measure,
) -> Result<Vec<LineBehind>> {
    period.check()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT l.id, l.order_id, o.number, l.line_no, l.item_id, l.model_id, i.sku, coalesce(i.name, m.name, ''),
                l.description, l.quantity, l.received_qty, l.rejected_qty, l.unit_price_minor, l.quoted_price_minor,
                o.currency, l.ordered_on, l.promised_on, l.last_received_on, l.completed_on
         FROM purchase_order_lines l
         JOIN purchase_orders o ON o.id = l.order_id
         LEFT JOIN stock_items i ON i.id = l.item_id
         LEFT JOIN models m ON m.id = l.model_id
         WHERE l.supplier_id = ?4 AND l.promised_on BETWEEN ?1 AND ?2 AND l.cancelled = 0
           AND l.ordered_on IS NOT NULL AND (l.last_received_on IS NOT NULL OR l.promised_on < ?3)
           AND {}
         ORDER BY l.promised_on, o.number, l.line_no",
        measure.condition()
    ))?;
    let rows = stmt.query_map(params![period.from, period.to, as_of, supplier_id], |r| {
        let promised_on: NaiveDate = r.get(16)?;
        let completed_on: Option<NaiveDate> = r.get(18)?;
        let end = completed_on.unwrap_or(as_of);
        Ok(LineBehind {
            line_id: r.get(0)?,
            order_id: r.get(1)?,
            order_number: r.get(2)?,
            line_no: r.get(3)?,
            item_id: r.get(4)?,
            model_id: r.get(5)?,
            sku: r.get(6)?,
            name: r.get(7)?,
            description: r.get(8)?,
            quantity: r.get(9)?,
            received_qty: r.get(10)?,
            rejected_qty: r.get(11)?,
            unit_price_minor: r.get(12)?,
            quoted_price_minor: r.get(13)?,
            currency: r.get(14)?,
            ordered_on: r.get(15)?,
            promised_on,
            last_received_on: r.get(17)?,
            completed_on,
            days_late: (end - promised_on).num_days().max(0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- the printed scorecard ----------------------------------------------------------

/// The most late or short lines the printed scorecard lists.
pub const MAX_REPORT_LINES: usize = 500;

/// The printed scorecard of one supplier: figures, components with their weights, the
/// monthly trend and the late or short lines (the first [`MAX_REPORT_LINES`]).
pub fn report(
    conn: &Connection,
    supplier_id: i64,
    period: Period,
    as_of: NaiveDate,
    organisation: &str,
    generated_at: &str,
) -> Result<ScorecardReport> {
    let card = scorecard(conn, supplier_id, period, as_of)?;
    let w = weights(conn)?;
    let c = card.components;
    let component = |name: &str, rule: &str, weight: i64, score: Option<f64>| ScorecardComponent {
        name: name.to_string(),
        rule: rule.to_string(),
        weight,
        score,
    };
    let components = vec![
        component("On time", "on-time rate × 100", w.on_time, c.on_time),
        component("In full", "in-full rate × 100", w.in_full, c.in_full),
        component("Lead time", "100 − 10 per day slower than quoted, on average", w.lead_time, c.lead_time),
        component("Price", "100 − 5 per percent above the quoted price", w.price, c.price),
        component("Quality", "100 − 10 per percent of units rejected", w.quality, c.quality),
    ];
    let months = monthly_trend(conn, supplier_id, period, as_of)?
        .into_iter()
        .map(|m| ScorecardMonth {
            month: m.month,
            lines_due: m.lines_due,
            on_time_rate: m.on_time_rate,
            in_full_rate: m.in_full_rate,
            otif_rate: m.otif_rate,
            score: m.score,
        })
        .collect();
    let behind = lines_behind(conn, supplier_id, period, as_of, Measure::NotOtif)?;
    let lines_total = behind.len() as i64;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let lines = behind
        .into_iter()
        .take(MAX_REPORT_LINES)
        .map(|l| ScorecardLine {
            order: l.order_number,
            line_no: l.line_no,
            item: match l.sku {
                Some(sku) => format!("{sku} {}", l.name),
                None if l.name.is_empty() => l.description,
                None => l.name,
            },
            quantity: l.quantity,
            received: l.received_qty,
            rejected: l.rejected_qty,
            promised_on: l.promised_on.to_string(),
            last_received_on: date(l.last_received_on),
            completed_on: date(l.completed_on),
            days_late: l.days_late,
        })
        .collect();
    Ok(ScorecardReport {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        supplier: card.supplier_name,
        from: period.from.to_string(),
        to: period.to.to_string(),
        as_of: as_of.to_string(),
        score: card.score,
        grade: card.grade.map(|g| g.as_str().to_string()),
        lines_due: card.lines_due,
        lines_not_yet_due: card.lines_not_yet_due,
        lines_delivered: card.lines_delivered,
        lines_on_time: card.lines_on_time,
        lines_in_full: card.lines_in_full,
        lines_otif: card.lines_otif,
        avg_lead_days: card.avg_lead_days,
        lead_days_std_dev: card.lead_days_std_dev,
        avg_lead_days_vs_quote: card.avg_lead_days_vs_quote,
        lines_lead_quoted: card.lines_lead_quoted,
        price_variance_pct: card.price_variance_pct,
        lines_price_quoted: card.lines_price_quoted,
        quantity_received: card.quantity_received,
        quantity_rejected: card.quantity_rejected,
        components,
        months,
        lines,
        lines_total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_lists_every_month_it_touches() {
        assert_eq!(
            months(Period::new(day("2025-11-15"), day("2026-02-01"))),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months(Period::new(day("2026-03-01"), day("2026-03-31"))), ["2026-03"]);
        assert!(Period::new(day("2026-03-02"), day("2026-03-01")).check().is_err());
    }

    #[test]
    fn grades_start_at_their_threshold() {
        let grades: Vec<Grade> = [90.0, 89.9, 75.0, 74.9, 60.0, 59.9, 0.0].into_iter().map(Grade::of).collect();
        assert_eq!(grades, [Grade::A, Grade::B, Grade::B, Grade::C, Grade::C, Grade::D, Grade::D]);
    }

    #[test]
    fn unmeasured_components_leave_the_others_in_proportion() {
        let w = Weights { on_time: 30, in_full: 25, lead_time: 15, price: 15, quality: 15 };
        let all = Components {
            on_time: Some(50.0),
            in_full: Some(100.0),
            lead_time: Some(80.0),
            price: Some(100.0),
            quality: Some(90.0),
        };
        // (1500 + 2500 + 1200 + 1500 + 1350) / 100
        assert_eq!(all.score(&w), Some(80.5));
        let some = Components { lead_time: None, price: None, ..all };
        // (1500 + 2500 + 1350) / 70 = 76.43
        assert_eq!(some.score(&w), Some(76.4));
        let none_weighted = Components { on_time: None, in_full: None, ..some };
        let only_quality_unweighted = Weights { on_time: 50, in_full: 50, lead_time: 0, price: 0, quality: 0 };
        assert_eq!(none_weighted.score(&only_quality_unweighted), None);
    }
}
