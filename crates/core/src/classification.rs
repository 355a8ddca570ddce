//! Inventory classification: ABC by annual consumption value and XYZ by demand
//! variability, with the 3×3 ABC/XYZ matrix.
//!
//! The rules, over the twelve months up to `as_of` (month k, k = 0..11, is the span
//! (`as_of` − (k + 1) months, `as_of` − k months], so an `as_of` at a month's end gives
//! calendar months):
//!
//! - **Consumption** is what was issued (`issue` movements, our own stock and
//!   consignment stock alike); transfers, returns and disposals are not consumption.
//! - **Unit cost** is the preferred supplier offer's price, else the cost of the item's
//!   last receipt on or before `as_of`. An item with consumption but no price is listed
//!   apart ([`Classification::unpriced`]); an item with no consumption at all is listed
//!   apart too ([`Classification::no_demand`]) — neither has a class.
//! - **ABC**: annual value = annual quantity × unit cost (integer minor units). Items
//!   are ranked by value, largest first (ties by SKU), and each item's cumulative share
//!   includes its own value. An item is A while its cumulative share is ≤ the A
//!   threshold (default 80%), B while ≤ the B threshold (default 95%), else C; so an
//!   item that brings the cumulative share to exactly 80% is A. Amounts in different
//!   currencies are never added: each currency's items are ranked against that
//!   currency's total.
//! - **XYZ**: coefficient of variation (population standard deviation ÷ mean) of the
//!   twelve monthly quantities, months without issues counting as 0. X while CV ≤ the X
//!   threshold (default 0.5), Y while ≤ the Y threshold (default 1.0), else Z.
//!
//! Thresholds live in `settings` (`abc_a_percent`, `abc_b_percent`, `xyz_x_cv`,
//! `xyz_y_cv`) and change with [`set_thresholds`]. [`classify`] reads everything with
//! two set-based queries (prices, and issues summed per item and day), never one query
//! per item.

use std::collections::{BTreeMap, HashMap};

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assets::Money;
use crate::validate::Checks;
use crate::{events, settings, Change, Result};

// ---- thresholds ---------------------------------------------------------------------

/// Where the classes end: ABC in percent of the cumulative value, XYZ as coefficients
/// of variation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    /// A while the cumulative share is at most this (default 80).
    pub a_percent: i64,
    /// B while the cumulative share is at most this (default 95).
    pub b_percent: i64,
    /// X while the CV is at most this (default 0.5).
    pub x_cv: f64,
    /// Y while the CV is at most this (default 1.0).
    pub y_cv: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { a_percent: 80, b_percent: 95, x_cv: 0.5, y_cv: 1.0 }
    }
}

pub fn thresholds(conn: &Connection) -> Result<Thresholds> {
    let d = Thresholds::default();
    Ok(Thresholds {
        a_percent: settings::get(conn, "abc_a_percent")?.and_then(|v| v.parse().ok()).unwrap_or(d.a_percent),
        b_percent: settings::get(conn, "abc_b_percent")?.and_then(|v| v.parse().ok()).unwrap_or(d.b_percent),
        x_cv: settings::get(conn, "xyz_x_cv")?.and_then(|v| v.parse().ok()).unwrap_or(d.x_cv),
        y_cv: settings::get(conn, "xyz_y_cv")?.and_then(|v| v.parse().ok()).unwrap_or(d.y_cv),
    })
}

/// Sets the thresholds: 0 < A < B < 100 percent and 0 < X < Y.
pub fn set_thresholds(tx: &Transaction, change: &Change, input: &Thresholds) -> Result<Thresholds> {
    let mut checks = Checks::default();
    if !(1..=98).contains(&input.a_percent) {
        checks.push("aPercent", "must be a percentage above 0 and below the B threshold");
    }
    if !(2..=99).contains(&input.b_percent) {
        checks.push("bPercent", "must be a percentage below 100");
    } else if input.b_percent <= input.a_percent {
        checks.push("bPercent", format!("must be above the A threshold ({}%)", input.a_percent));
    }
    if !(input.x_cv.is_finite() && input.x_cv > 0.0) {
        checks.push("xCv", "must be above 0");
    }
    if !input.y_cv.is_finite() {
        checks.push("yCv", "must be a number");
    } else if input.y_cv <= input.x_cv {
        checks.push("yCv", format!("must be above the X threshold ({})", input.x_cv));
    }
    checks.into_result()?;
    let before = thresholds(tx)?;
    settings::put(tx, "abc_a_percent", &input.a_percent.to_string())?;
    settings::put(tx, "abc_b_percent", &input.b_percent.to_string())?;
    settings::put(tx, "xyz_x_cv", &input.x_cv.to_string())?;
    settings::put(tx, "xyz_y_cv", &input.y_cv.to_string())?;
    let after = thresholds(tx)?;
    if after != before {
        let json = |t: &Thresholds| serde_json::to_value(t).expect("thresholds serialize");
        events::append(
            tx,
            change,
            "classification_thresholds",
            0,
            "updated",
            Some(&json(&before)),
            Some(&json(&after)),
        )?;
    }
    Ok(after)
}

// ---- classes ------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub enum Abc {
    A,
    B,
    C,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub enum Xyz {
    X,
    Y,
    Z,
}

impl Abc {
    pub const ALL: [Abc; 3] = [Abc::A, Abc::B, Abc::C];
}

impl Xyz {
    pub const ALL: [Xyz; 3] = [Xyz::X, Xyz::Y, Xyz::Z];
}

/// A stock item as the lists name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemRef {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemClass {
    pub item: ItemRef,
    /// Units issued in the twelve months.
    pub annual_qty: i64,
    /// `annual_qty` × unit cost.
    pub unit_cost_minor: i64,
    pub annual_value_minor: i64,
    pub currency: String,
    /// This item's part of its currency's total value, 0..1.
    pub share: f64,
    /// The shares of this item and every item ranked above it.
    pub cumulative_share: f64,
    pub abc: Abc,
    /// The twelve monthly quantities, oldest first.
    pub monthly_qty: Vec<i64>,
    pub cv: f64,
    pub xyz: Xyz,
}

/// An item with consumption but no price: classed by variability only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnpricedItem {
    pub item: ItemRef,
    pub annual_qty: i64,
    pub cv: f64,
    pub xyz: Xyz,
}

/// One cell of the ABC/XYZ matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MatrixCell {
    pub abc: Abc,
    pub xyz: Xyz,
    pub items: i64,
    /// Annual value per currency, in currency order.
    pub value: Vec<Money>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Classification {
    pub as_of: NaiveDate,
    pub thresholds: Thresholds,
    /// Ranked by value within each currency, currencies in order.
    pub items: Vec<ItemClass>,
    /// All nine cells, AX, AY, AZ, BX, … CZ.
    pub matrix: Vec<MatrixCell>,
    pub unpriced: Vec<UnpricedItem>,
    pub no_demand: Vec<ItemRef>,
}

impl Classification {
    pub fn cell(&self, abc: Abc, xyz: Xyz) -> &MatrixCell {
        &self.matrix[abc as usize * 3 + xyz as usize]
    }
}

/// The start of each of the twelve months, oldest first, and the day after `as_of`.
fn month_bounds(as_of: NaiveDate) -> Vec<NaiveDate> {
    // Month k (oldest first) is (as_of − (12 − k) months, as_of − (11 − k) months].
    (0..=12u32).rev().map(|k| as_of.checked_sub_months(Months::new(k)).unwrap_or(as_of)).collect()
}

/// Population coefficient of variation; 0 for a series with mean 0 (no demand).
pub fn coefficient_of_variation(series: &[i64]) -> f64 {
    if series.is_empty() {
        return 0.0;
    }
    let n = series.len() as f64;
    let mean = series.iter().sum::<i64>() as f64 / n;
    if mean == 0.0 {
        return 0.0;
    }
    let variance = series.iter().map(|&q| (q as f64 - mean).powi(2)).sum::<f64>() / n;
    variance.sqrt() / mean
}

fn xyz_of(cv: f64, t: &Thresholds) -> Xyz {
    if cv <= t.x_cv {
        Xyz::X
    } else if cv <= t.y_cv {
        Xyz::Y
    } else {
        Xyz::Z
    }
}

/// Each stock item's unit cost at the end of `as_of`: the preferred supplier offer's
/// price, else the cost of its last receipt on or before `as_of`. Items with neither are
/// left out. One query for every item.
pub(crate) fn unit_costs(conn: &Connection, as_of: NaiveDate) -> Result<HashMap<i64, Money>> {
    let end = as_of.succ_opt().unwrap_or(as_of).to_string();
    let mut stmt = conn.prepare_cached(
        "WITH last_receipt AS (
             SELECT item_id, unit_cost_minor, currency,
                    row_number() OVER (PARTITION BY item_id ORDER BY at DESC, id DESC) AS rn
             FROM stock_movements
             WHERE kind = 'receive' AND unit_cost_minor IS NOT NULL AND at < ?1)
         SELECT i.id, ifnull(o.price_minor, r.unit_cost_minor), ifnull(o.currency, r.currency)
         FROM stock_items i
         LEFT JOIN supplier_offers o ON o.item_id = i.id AND o.preferred = 1
         LEFT JOIN last_receipt r ON r.item_id = i.id AND r.rn = 1",
    )?;
    let rows = stmt.query_map([&end], |r| Ok((r.get::<_, i64>(0)?, Money::from_columns(r.get(1)?, r.get(2)?))))?;
    let mut out = HashMap::new();
    for row in rows {
        if let (id, Some(price)) = row? {
            out.insert(id, price);
        }
    }
    Ok(out)
}

/// Classifies every stock item by its consumption in the twelve months up to `as_of`.
pub fn classify(conn: &Connection, as_of: NaiveDate) -> Result<Classification> {
    let t = thresholds(conn)?;
    let bounds = month_bounds(as_of);
    let end = as_of.succ_opt().unwrap_or(as_of).to_string();
    let start = bounds[0].succ_opt().unwrap_or(bounds[0]).to_string();

    // Every item with its price: the preferred offer, else the last receipt's cost.
    let mut prices = unit_costs(conn, as_of)?;
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.sku, i.name, c.name FROM stock_items i
         LEFT JOIN categories c ON c.id = i.category_id
         ORDER BY i.sku",
    )?;
    let items: Vec<(ItemRef, Option<Money>)> = stmt
        .query_map([], |r| Ok(ItemRef { id: r.get(0)?, sku: r.get(1)?, name: r.get(2)?, category: r.get(3)? }))?
        .map(|r| {
            r.map(|item| {
                let price = prices.remove(&item.id);
                (item, price)
            })
        })
        .collect::<rusqlite::Result<_>>()?;

    // Issues per item and day; the days fall into months here.
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, substr(at, 1, 10), -sum(quantity) FROM stock_movements
         WHERE kind = 'issue' AND at >= ?1 AND at < ?2
         GROUP BY item_id, substr(at, 1, 10)",
    )?;
    let mut monthly: HashMap<i64, Vec<i64>> = HashMap::new();
    let rows = stmt.query_map(params![start, end], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
    for row in rows {
        let (item, day, qty): (i64, String, i64) = row?;
        let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
        // The first bound is exclusive: month k holds days in (bounds[k], bounds[k + 1]].
        let month = bounds[1..].partition_point(|b| *b < day);
        if month < 12 {
            monthly.entry(item).or_insert_with(|| vec![0; 12])[month] += qty;
        }
    }

    let mut priced: BTreeMap<String, Vec<ItemClass>> = BTreeMap::new();
    let mut unpriced = Vec::new();
    let mut no_demand = Vec::new();
    for (item, price) in items {
        let Some(series) = monthly.remove(&item.id) else {
            no_demand.push(item);
            continue;
        };
        let annual_qty: i64 = series.iter().sum();
        if annual_qty <= 0 {
            no_demand.push(item);
            continue;
        }
        let cv = coefficient_of_variation(&series);
        let xyz = xyz_of(cv, &t);
        match price {
            None => unpriced.push(UnpricedItem { item, annual_qty, cv, xyz }),
            Some(price) => priced.entry(price.currency.clone()).or_default().push(ItemClass {
                item,
                annual_qty,
                unit_cost_minor: price.minor,
                annual_value_minor: annual_qty.saturating_mul(price.minor),
                currency: price.currency,
                share: 0.0,
                cumulative_share: 0.0,
                abc: Abc::C,
                monthly_qty: series,
                cv,
                xyz,
            }),
        }
    }

    let mut ranked = Vec::new();
    for (_, mut group) in priced {
        group.sort_by(|a, b| b.annual_value_minor.cmp(&a.annual_value_minor).then_with(|| a.item.sku.cmp(&b.item.sku)));
        let total: i128 = group.iter().map(|c| c.annual_value_minor as i128).sum();
        let mut cumulative: i128 = 0;
        for class in &mut group {
            cumulative += class.annual_value_minor as i128;
            // Compared in integers so an item at exactly 80% is exactly 80%.
            class.abc = if total == 0 || cumulative * 100 <= t.a_percent as i128 * total {
                Abc::A
            } else if cumulative * 100 <= t.b_percent as i128 * total {
                Abc::B
            } else {
                Abc::C
            };
            if total > 0 {
                class.share = class.annual_value_minor as f64 / total as f64;
                class.cumulative_share = cumulative as f64 / total as f64;
            }
        }
        ranked.extend(group);
    }

    let mut matrix = Vec::new();
    for abc in Abc::ALL {
        for xyz in Xyz::ALL {
            let mut items = 0;
            let mut value: BTreeMap<&str, i64> = BTreeMap::new();
            for c in ranked.iter().filter(|c| c.abc == abc && c.xyz == xyz) {
                items += 1;
                *value.entry(&c.currency).or_default() += c.annual_value_minor;
            }
            let value = value.into_iter().map(|(currency, minor)| Money { minor, currency: currency.into() }).collect();
            matrix.push(MatrixCell { abc, xyz, items, value });
        }
    }
    Ok(Classification { as_of, thresholds: t, items: ranked, matrix, unpriced, no_demand })
}
