//! Research on stock: how old the stock on hand is (ageing, FIFO), which stock has gone
//! slow or dead and what to do with it, and why and for how long stock ran out.
//!
//! **Ageing** ([`ageing`]): our own stock (not consignment) on hand per item and
//! location at the end of `as_of`, summed from the ledger, is assigned to the movements
//! that brought stock in (receipts, and transfers in, adjustments and counts that added
//! stock), newest first: issues consume the oldest stock first (FIFO), so what is left
//! is from the latest arrivals. Age = `as_of` − the day it came in; buckets 0–90,
//! 91–180, 181–365 and over 365 days. Each part is valued at its movement's unit cost,
//! else at the item's last receipt cost; stock moved between locations starts its age
//! again on arrival (a simplification: transfers carry no receipt date).
//!
//! **Slow and dead stock**: idle days = `as_of` − the last issue of the item at that
//! location (or, if never issued there, the day its oldest remaining stock came in).
//! Over 180 idle days is slow, over 365 dead. The suggested action, first that applies:
//! 1. *Return to supplier* when a supplier offers the item and all of the stock is
//!    under a year old (a supplier takes back recent, current stock);
//! 2. *Transfer* to the location that issued the most of the item in the last 90 days,
//!    when another location issued it then;
//! 3. else *dispose*.
//!
//! **Stockouts** ([`stockout_analysis`]): the stockouts recorded in a period. Duration =
//! days from the stockout to the next receipt of the item at that location on or before
//! the period's end, else to the period's end (still out: `ongoing`). Preventable when
//! a late purchase order was due before it (`late_order_line_id`), or when the reorder
//! point (0 without a reorder rule) is below the lead-time demand: the average daily
//! issues at that location over the 90 days before the stockout (the issue that emptied
//! the shelf included) × the preferred offer's lead time; else not shown as preventable. Grouped by item, category, cause and the
//! item's preferred supplier.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use tagledger_print::reports::ageing::{AgeingBucketRow, AgeingItemRow, AgeingReport, SlowStockRow};
use tagledger_print::reports::stockouts::{StockoutGroupRow, StockoutLine, StockoutReport};
use ts_rs::TS;

use crate::assets::Money;
use crate::classification::ItemRef;
use crate::scorecard::Period;
use crate::{reference, reorder, Result};

// ---- ageing -------------------------------------------------------------------------

/// The age buckets, by their last day (the last is open).
pub const BUCKETS: [(&str, i64); 4] =
    [("0–90 days", 90), ("91–180 days", 180), ("181–365 days", 365), ("Over 365 days", i64::MAX)];

/// Idle days beyond which stock is slow, and dead.
pub const SLOW_DAYS: i64 = 180;
pub const DEAD_DAYS: i64 = 365;

fn bucket_of(age_days: i64) -> usize {
    BUCKETS.iter().position(|(_, last)| age_days <= *last).unwrap_or(BUCKETS.len() - 1)
}

/// Quantity and value per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Holding {
    pub quantity: i64,
    /// Value per currency, in currency order; stock without a known cost adds none.
    pub value: Vec<Money>,
}

impl Holding {
    fn add(&mut self, quantity: i64, cost: Option<&Money>) {
        self.quantity += quantity;
        let Some(cost) = cost else { return };
        let minor = quantity.saturating_mul(cost.minor);
        match self.value.iter_mut().find(|m| m.currency == cost.currency) {
            Some(m) => m.minor = m.minor.saturating_add(minor),
            None => {
                self.value.push(Money { minor, currency: cost.currency.clone() });
                self.value.sort_by(|a, b| a.currency.cmp(&b.currency));
            }
        }
    }

    fn merge(&mut self, other: &Holding) {
        self.quantity += other.quantity;
        for m in &other.value {
            match self.value.iter_mut().find(|v| v.currency == m.currency) {
                Some(v) => v.minor = v.minor.saturating_add(m.minor),
                None => {
                    self.value.push(m.clone());
                    self.value.sort_by(|a, b| a.currency.cmp(&b.currency));
                }
            }
        }
    }

    fn values(&self) -> BTreeMap<String, i64> {
        self.value.iter().map(|m| (m.currency.clone(), m.minor)).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgeingRow {
    pub item: ItemRef,
    pub location_id: i64,
    pub location_name: String,
    pub on_hand: i64,
    /// One per bucket of [`BUCKETS`].
    pub buckets: Vec<Holding>,
    pub total: Holding,
    pub oldest_age_days: i64,
    /// The last issue of this item here on or before `as_of`.
    pub last_issue_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IdleStatus {
    Slow,
    Dead,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SuggestedAction {
    ReturnToSupplier,
    Transfer {
        #[serde(rename = "locationId")]
        location_id: i64,
        #[serde(rename = "locationName")]
        location_name: String,
    },
    Dispose,
}

impl SuggestedAction {
    pub fn words(&self) -> String {
        match self {
            SuggestedAction::ReturnToSupplier => "Return to supplier".to_string(),
            SuggestedAction::Transfer { location_name, .. } => format!("Transfer to {location_name}"),
            SuggestedAction::Dispose => "Dispose".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlowStock {
    pub item: ItemRef,
    pub location_id: i64,
    pub location_name: String,
    pub on_hand: i64,
    pub value: Vec<Money>,
    pub idle_days: i64,
    pub status: IdleStatus,
    pub action: SuggestedAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Ageing {
    pub as_of: NaiveDate,
    /// One per bucket of [`BUCKETS`], over all rows.
    pub buckets: Vec<Holding>,
    /// By SKU, then location name.
    pub items: Vec<AgeingRow>,
    /// Dead before slow, then longest idle first.
    pub slow: Vec<SlowStock>,
}

/// A layer of stock that came in: when, how much, at what cost.
struct Layer {
    on: NaiveDate,
    quantity: i64,
    cost: Option<Money>,
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// Our own stock on hand at the end of `as_of`, aged by FIFO, and the slow and dead
/// stock among it.
pub fn ageing(conn: &Connection, as_of: NaiveDate) -> Result<Ageing> {
    let end = as_of.succ_opt().unwrap_or(as_of).to_string();
    let names: HashMap<i64, String> = reference::locations(conn)?.into_iter().map(|l| (l.id, l.full_name)).collect();
    let items: HashMap<i64, ItemRef> = conn
        .prepare_cached(
            "SELECT i.id, i.sku, i.name, c.name FROM stock_items i LEFT JOIN categories c ON c.id = i.category_id",
        )?
        .query_map([], |r| Ok(ItemRef { id: r.get(0)?, sku: r.get(1)?, name: r.get(2)?, category: r.get(3)? }))?
        .map(|r| r.map(|i| (i.id, i)))
        .collect::<rusqlite::Result<_>>()?;

    // On hand from the ledger, so a past `as_of` is right too.
    let on_hand: Vec<(i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT item_id, location_id, sum(quantity) FROM stock_movements
             WHERE owner_supplier_id IS NULL AND at < ?1
             GROUP BY item_id, location_id HAVING sum(quantity) > 0",
        )?
        .query_map([&end], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;

    // Every arrival of our own stock, newest first per item and location.
    let mut layers: HashMap<(i64, i64), Vec<Layer>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, location_id, at, quantity, unit_cost_minor, currency FROM stock_movements
         WHERE owner_supplier_id IS NULL AND quantity > 0 AND at < ?1
         ORDER BY item_id, location_id, at DESC, id DESC",
    )?;
    let rows = stmt.query_map([&end], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    for row in rows {
        let (item, location, at, quantity, cost, currency) = row?;
        let Some(on) = day(&at) else { continue };
        layers.entry((item, location)).or_default().push(Layer {
            on,
            quantity,
            cost: Money::from_columns(cost, currency),
        });
    }

    // The last receipt cost per item, for arrivals that carry no cost.
    let last_cost: HashMap<i64, Money> = conn
        .prepare_cached(
            "SELECT item_id, unit_cost_minor, currency FROM (
                 SELECT item_id, unit_cost_minor, currency,
                        row_number() OVER (PARTITION BY item_id ORDER BY at DESC, id DESC) AS rn
                 FROM stock_movements WHERE kind = 'receive' AND unit_cost_minor IS NOT NULL AND at < ?1)
             WHERE rn = 1",
        )?
        .query_map([&end], |r| Ok((r.get(0)?, Money { minor: r.get(1)?, currency: r.get(2)? })))?
        .collect::<rusqlite::Result<_>>()?;

    let last_issue: HashMap<(i64, i64), NaiveDate> = conn
        .prepare_cached(
            "SELECT item_id, location_id, max(at) FROM stock_movements
             WHERE kind = 'issue' AND at < ?1 GROUP BY item_id, location_id",
        )?
        .query_map([&end], |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, String>(2)?)))?
        .filter_map(|r| r.map(|(k, at)| day(&at).map(|d| (k, d))).transpose())
        .collect::<rusqlite::Result<_>>()?;

    // Who issued each item in the last 90 days, most first.
    let since = (as_of - Duration::days(89)).to_string();
    let mut recent: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, location_id, -sum(quantity) FROM stock_movements
         WHERE kind = 'issue' AND at >= ?1 AND at < ?2
         GROUP BY item_id, location_id ORDER BY item_id, 3 DESC, location_id",
    )?;
    for row in stmt.query_map(params![since, end], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))? {
        let (item, location, qty) = row?;
        recent.entry(item).or_default().push((location, qty));
    }
    let offered: HashSet<i64> = conn
        .prepare_cached("SELECT DISTINCT item_id FROM supplier_offers")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;

    let mut totals = vec![Holding::default(); BUCKETS.len()];
    let mut rows = Vec::new();
    let mut slow = Vec::new();
    for (item_id, location_id, quantity) in on_hand {
        let Some(item) = items.get(&item_id) else { continue };
        let mut buckets = vec![Holding::default(); BUCKETS.len()];
        let mut total = Holding::default();
        let mut left = quantity;
        let mut oldest = as_of;
        for layer in layers.get(&(item_id, location_id)).into_iter().flatten() {
            if left == 0 {
                break;
            }
            let take = left.min(layer.quantity);
            left -= take;
            oldest = layer.on;
            let cost = layer.cost.as_ref().or_else(|| last_cost.get(&item_id));
            let age = (as_of - layer.on).num_days();
            buckets[bucket_of(age)].add(take, cost);
            total.add(take, cost);
        }
        // More on hand than ever came in cannot happen with a consistent ledger; count
        // any rest as of today rather than lose it.
        if left > 0 {
            buckets[0].add(left, last_cost.get(&item_id));
            total.add(left, last_cost.get(&item_id));
        }
        for (t, b) in totals.iter_mut().zip(&buckets) {
            t.merge(b);
        }
        let oldest_age_days = (as_of - oldest).num_days();
        let last_issue_on = last_issue.get(&(item_id, location_id)).copied();
        let location_name = names.get(&location_id).cloned().unwrap_or_default();
        let idle_days = (as_of - last_issue_on.unwrap_or(oldest)).num_days();
        let status = match idle_days {
            d if d > DEAD_DAYS => Some(IdleStatus::Dead),
            d if d > SLOW_DAYS => Some(IdleStatus::Slow),
            _ => None,
        };
        if let Some(status) = status {
            let elsewhere = recent.get(&item_id).and_then(|v| v.iter().find(|(l, _)| *l != location_id));
            let action = if offered.contains(&item_id) && oldest_age_days < 365 {
                SuggestedAction::ReturnToSupplier
            } else if let Some((to, _)) = elsewhere {
                SuggestedAction::Transfer {
                    location_id: *to,
                    location_name: names.get(to).cloned().unwrap_or_default(),
                }
            } else {
                SuggestedAction::Dispose
            };
            slow.push(SlowStock {
                item: item.clone(),
                location_id,
                location_name: location_name.clone(),
                on_hand: quantity,
                value: total.value.clone(),
                idle_days,
                status,
                action,
            });
        }
        rows.push(AgeingRow {
            item: item.clone(),
            location_id,
            location_name,
            on_hand: quantity,
            buckets,
            total,
            oldest_age_days,
            last_issue_on,
        });
    }
    rows.sort_by(|a, b| a.item.sku.cmp(&b.item.sku).then_with(|| a.location_name.cmp(&b.location_name)));
    slow.sort_by(|a, b| {
        (b.status == IdleStatus::Dead)
            .cmp(&(a.status == IdleStatus::Dead))
            .then_with(|| b.idle_days.cmp(&a.idle_days))
            .then_with(|| a.item.sku.cmp(&b.item.sku))
    });
    Ok(Ageing { as_of, buckets: totals, items: rows, slow })
}

pub const AGEING_RULE: &str = "Slow: no issue at that location for over 180 days (or, if never issued there, \
     since its stock came in); dead: over 365 days. Suggested action, the first that applies: return to the \
     supplier when a supplier offers the item and all of the stock is under a year old; transfer to the location \
     that issued the most of it in the last 90 days; else dispose.";

/// The ageing as the PDF prints it.
pub fn ageing_report(
    conn: &Connection,
    as_of: NaiveDate,
    organisation: &str,
    generated_at: &str,
) -> Result<AgeingReport> {
    let a = ageing(conn, as_of)?;
    Ok(AgeingReport {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        as_of: as_of.to_string(),
        buckets: BUCKETS
            .iter()
            .zip(&a.buckets)
            .map(|((label, _), h)| AgeingBucketRow {
                label: label.to_string(),
                quantity: h.quantity,
                values: h.values(),
            })
            .collect(),
        items: a
            .items
            .iter()
            .map(|r| AgeingItemRow {
                sku: r.item.sku.clone(),
                name: r.item.name.clone(),
                location: r.location_name.clone(),
                on_hand: r.on_hand,
                bucket_qty: r.buckets.iter().map(|b| b.quantity).collect(),
                values: r.total.values(),
                oldest_age_days: r.oldest_age_days,
            })
            .collect(),
        slow: a
            .slow
            .iter()
            .map(|s| SlowStockRow {
                sku: s.item.sku.clone(),
                name: s.item.name.clone(),
                location: s.location_name.clone(),
                on_hand: s.on_hand,
                values: s.value.iter().map(|m| (m.currency.clone(), m.minor)).collect(),
                idle_days: s.idle_days,
                status: match s.status {
                    IdleStatus::Slow => "Slow".to_string(),
                    IdleStatus::Dead => "Dead".to_string(),
                },
                action: s.action.words(),
            })
            .collect(),
        rule: AGEING_RULE.to_string(),
    })
}

// ---- stockouts ----------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Preventable {
    /// A purchase order due before the stockout was late.
    LatePurchaseOrder,
    /// The reorder point was below the demand over the supplier's lead time.
    ReorderPointBelowLeadTimeDemand,
}

impl Preventable {
    pub fn words(self) -> &'static str {
        match self {
            Preventable::LatePurchaseOrder => "a better supplier (late purchase order)",
            Preventable::ReorderPointBelowLeadTimeDemand => "a higher reorder point (below lead-time demand)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnalysedStockout {
    pub id: i64,
    pub item: ItemRef,
    pub location_id: i64,
    pub location_name: String,
    pub on: NaiveDate,
    pub demand_unmet: i64,
    /// The recorded cause, as stored ("late_supplier"), `None` until someone looked.
    pub cause: Option<String>,
    pub supplier: Option<String>,
    /// The next receipt here on or before the period's end.
    pub restocked_on: Option<NaiveDate>,
    pub duration_days: i64,
    pub ongoing: bool,
    pub preventable: Option<Preventable>,
    pub late_order_number: Option<String>,
    /// The reorder point in force (0 without a reorder rule).
    pub reorder_point: i64,
    /// Average daily demand over the prior 90 days × the preferred lead time, if known.
    pub lead_time_demand: Option<f64>,
}

/// Stockouts sharing an item, category, cause or supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockoutGroup {
    pub label: String,
    pub count: i64,
    pub total_days: i64,
    pub preventable: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockoutAnalysis {
    pub period: Period,
    /// Oldest first.
    pub stockouts: Vec<AnalysedStockout>,
    /// Each list: most stockouts first, then most days, then by label.
    pub by_item: Vec<StockoutGroup>,
    pub by_category: Vec<StockoutGroup>,
    pub by_cause: Vec<StockoutGroup>,
    pub by_supplier: Vec<StockoutGroup>,
}

/// A cause in words, as the groups show it.
pub fn cause_words(cause: Option<&str>) -> &'static str {
    match cause {
        Some("demand_spike") => "Demand spike",
        Some("late_supplier") => "Late supplier",
        Some("reorder_point_too_low") => "Reorder point too low",
        Some("count_error") => "Count error",
        Some("other") => "Other",
        _ => "Not yet investigated",
    }
}

fn groups(stockouts: &[AnalysedStockout], key: impl Fn(&AnalysedStockout) -> String) -> Vec<StockoutGroup> {
    let mut by: BTreeMap<String, StockoutGroup> = BTreeMap::new();
    for s in stockouts {
        let label = key(s);
        let g = by.entry(label.clone()).or_insert(StockoutGroup { label, count: 0, total_days: 0, preventable: 0 });
        g.count += 1;
        g.total_days += s.duration_days;
        g.preventable += i64::from(s.preventable.is_some());
    }
    let mut out: Vec<StockoutGroup> = by.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| b.total_days.cmp(&a.total_days)));
    out
}

/// The stockouts recorded in `period`: how long each lasted and what would have
/// prevented it, grouped.
pub fn stockout_analysis(conn: &Connection, period: Period) -> Result<StockoutAnalysis> {
    period.check()?;
    let from = period.from.to_string();
    let end = period.end_exclusive().to_string();
    let names: HashMap<i64, String> = reference::locations(conn)?.into_iter().map(|l| (l.id, l.full_name)).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, i.id, i.sku, i.name, c.name, o.location_id, o.at, o.demand_unmet, o.cause, s.name,
                (SELECT min(m.at) FROM stock_movements m
                 WHERE m.item_id = o.item_id AND m.location_id = o.location_id AND m.kind = 'receive'
                   AND m.at > o.at AND m.at < ?2),
                po.number, ifnull(rs.reorder_point, 0), off.lead_time_days,
                (SELECT -ifnull(sum(m.quantity), 0) FROM stock_movements m
                 WHERE m.item_id = o.item_id AND m.location_id = o.location_id AND m.kind = 'issue'
                   AND m.at >= date(o.at, '-90 days') AND m.at <= o.at)
         FROM stockouts o
         JOIN stock_items i ON i.id = o.item_id
         LEFT JOIN categories c ON c.id = i.category_id
         LEFT JOIN supplier_offers off ON off.item_id = o.item_id AND off.preferred = 1
         LEFT JOIN suppliers s ON s.id = off.supplier_id
         LEFT JOIN reorder_settings rs ON rs.item_id = o.item_id AND rs.location_id = o.location_id
         LEFT JOIN purchase_order_lines pl ON pl.id = o.late_order_line_id
         LEFT JOIN purchase_orders po ON po.id = pl.order_id
         WHERE o.at >= ?1 AND o.at < ?2
         ORDER BY o.at, o.id",
    )?;
    let rows = stmt.query_map(params![from, end], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ItemRef { id: r.get(1)?, sku: r.get(2)?, name: r.get(3)?, category: r.get(4)? },
            r.get::<_, i64>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, i64>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<String>>(10)?,
            r.get::<_, Option<String>>(11)?,
            r.get::<_, i64>(12)?,
            r.get::<_, Option<i64>>(13)?,
            r.get::<_, i64>(14)?,
        ))
    })?;
    let mut stockouts = Vec::new();
    for row in rows {
        let (id, item, location_id, at, demand_unmet, cause, supplier, restock, late, reorder_point, lead, prior) =
            row?;
        let Some(on) = day(&at) else { continue };
        let restocked_on = restock.as_deref().and_then(day);
        let until = restocked_on.unwrap_or(period.to);
        let lead_time_demand = lead.map(|days| prior as f64 / 90.0 * days as f64);
        let preventable = if late.is_some() {
            Some(Preventable::LatePurchaseOrder)
        } else if lead_time_demand.is_some_and(|d| (reorder_point as f64) < d) {
            Some(Preventable::ReorderPointBelowLeadTimeDemand)
        } else {
            None
        };
        stockouts.push(AnalysedStockout {
            id,
            item,
            location_id,
            location_name: names.get(&location_id).cloned().unwrap_or_default(),
            on,
            demand_unmet,
            cause,
            supplier,
            restocked_on,
            duration_days: (until - on).num_days().max(0),
            ongoing: restocked_on.is_none(),
            preventable,
            late_order_number: late,
            reorder_point,
            lead_time_demand,
        });
    }
    Ok(StockoutAnalysis {
        period,
        by_item: groups(&stockouts, |s| format!("{} {}", s.item.sku, s.item.name)),
        by_category: groups(&stockouts, |s| s.item.category.clone().unwrap_or_else(|| "No category".into())),
        by_cause: groups(&stockouts, |s| cause_words(s.cause.as_deref()).to_string()),
        by_supplier: groups(&stockouts, |s| s.supplier.clone().unwrap_or_else(|| "No preferred supplier".into())),
        stockouts,
    })
}

pub const STOCKOUT_RULES: &str = "A stockout lasts until the next receipt of the item at that location, or to the \
     end of the period if none came (shown with +). Preventable: by a better supplier when a purchase order due \
     before it was late; by a higher reorder point when the reorder point was below the average daily issues of the \
     90 days before it times the preferred supplier's lead time.";

/// The analysis as the PDF prints it.
pub fn stockout_report(
    conn: &Connection,
    period: Period,
    organisation: &str,
    generated_at: &str,
) -> Result<StockoutReport> {
    let a = stockout_analysis(conn, period)?;
    let rows = |groups: &[StockoutGroup]| {
        groups
            .iter()
            .map(|g| StockoutGroupRow {
                label: g.label.clone(),
                count: g.count,
                days: g.total_days,
                preventable: g.preventable,
            })
            .collect()
    };
    Ok(StockoutReport {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        from: period.from.to_string(),
        to: period.to.to_string(),
        by_cause: rows(&a.by_cause),
        by_category: rows(&a.by_category),
        by_supplier: rows(&a.by_supplier),
        by_item: rows(&a.by_item),
        stockouts: a
            .stockouts
            .iter()
            .map(|s| StockoutLine {
                date: s.on.to_string(),
                sku: s.item.sku.clone(),
                name: s.item.name.clone(),
                location: s.location_name.clone(),
                cause: cause_words(s.cause.as_deref()).to_string(),
                days: s.duration_days,
                ongoing: s.ongoing,
                preventable: match (s.preventable, &s.late_order_number) {
                    (Some(Preventable::LatePurchaseOrder), Some(number)) => {
                        format!("{} {number}", Preventable::LatePurchaseOrder.words())
                    }
                    (Some(p), _) => p.words().to_string(),
                    (None, _) => String::new(),
                },
            })
            .collect(),
        rules: STOCKOUT_RULES.to_string(),
    })
}

// ---- buffer-stock priorities --------------------------------------------------------

/// The standard normal CDF, by Abramowitz and Stegun 7.1.26 (absolute error below
/// 1.5 × 10⁻⁷).
pub fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly =
        t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// Where one more unit of safety stock would avoid the most stockouts for its money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BufferCandidate {
    pub item: ItemRef,
    pub location_id: i64,
    pub location_name: String,
    pub safety_stock: i64,
    pub daily_mean: f64,
    pub daily_std_dev: f64,
    pub lead_time_days: i64,
    pub unit_price: Money,
    /// Replenishment cycles a year.
    pub cycles_per_year: f64,
    /// Expected stockouts a year with the current safety stock.
    pub expected_stockouts: f64,
    /// Stockouts a year one more unit of safety stock would avoid.
    pub avoided_per_unit: f64,
    /// `avoided_per_unit` per 100 minor units of the unit price: the ranking.
    pub avoided_per_100_minor: f64,
}

/// Safety stock beyond what the target service level needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeanCandidate {
    pub item: ItemRef,
    pub location_id: i64,
    pub location_name: String,
    pub safety_stock: i64,
    /// ⌈z × σ√L⌉ for the rule's service level.
    pub needed: i64,
    pub excess: i64,
    pub excess_value: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BufferPriorities {
    pub as_of: NaiveDate,
    /// Most stockouts avoided per money first; items gaining nothing are left out.
    pub extra: Vec<BufferCandidate>,
    /// Largest excess value first.
    pub leaner: Vec<LeanCandidate>,
}

/// Where extra safety stock pays most, and where stock can go leaner, from the last 90
/// days of issues.
pub fn buffer_priorities(conn: &Connection, as_of: NaiveDate) -> Result<BufferPriorities> {
    const DAYS: f64 = 90.0;
    let end = as_of.succ_opt().unwrap_or(as_of).to_string();
    let start = (as_of - Duration::days(89)).to_string();
    let names: HashMap<i64, String> = reference::locations(conn)?.into_iter().map(|l| (l.id, l.full_name)).collect();
    // Σ and Σ² of the daily issues per item and location; zero days add nothing.
    let mut stmt = conn.prepare_cached(
        "WITH daily AS (
             SELECT item_id, location_id, -sum(quantity) AS qty FROM stock_movements
             WHERE kind = 'issue' AND at >= ?1 AND at < ?2
             GROUP BY item_id, location_id, substr(at, 1, 10)),
         stats AS (
             SELECT item_id, location_id, sum(qty) AS total, sum(qty * qty) AS squares FROM daily
             GROUP BY item_id, location_id)
         SELECT i.id, i.sku, i.name, c.name, rs.location_id, rs.safety_stock,
                max(rs.order_up_to - rs.reorder_point, 1), rs.service_level_bp,
                o.lead_time_days, o.price_minor, o.currency, st.total, st.squares
         FROM reorder_settings rs
         JOIN stats st ON st.item_id = rs.item_id AND st.location_id = rs.location_id
         JOIN stock_items i ON i.id = rs.item_id
         LEFT JOIN categories c ON c.id = i.category_id
         JOIN supplier_offers o ON o.item_id = rs.item_id AND o.preferred = 1",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok((
            ItemRef { id: r.get(0)?, sku: r.get(1)?, name: r.get(2)?, category: r.get(3)? },
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, i64>(7)?,
            r.get::<_, i64>(8)?,
            Money { minor: r.get(9)?, currency: r.get(10)? },
            r.get::<_, i64>(11)?,
            r.get::<_, i64>(12)?,
        ))
    })?;
    let mut extra = Vec::new();
    let mut leaner = Vec::new();
    for row in rows {
        let (item, location_id, safety_stock, order_qty, service_bp, lead, price, total, squares) = row?;
        let mean = total as f64 / DAYS;
        let variance = (squares as f64 / DAYS - mean * mean).max(0.0);
        let sigma = variance.sqrt();
        let spread = sigma * (lead as f64).sqrt();
        let location_name = names.get(&location_id).cloned().unwrap_or_default();
        let needed = (reorder::z_for_service_level(service_bp) * spread).ceil().max(0.0) as i64;
        if safety_stock > needed {
            let excess = safety_stock - needed;
            leaner.push(LeanCandidate {
                item: item.clone(),
                location_id,
                location_name: location_name.clone(),
                safety_stock,
                needed,
                excess,
                excess_value: Money { minor: excess.saturating_mul(price.minor), currency: price.currency.clone() },
            });
        }
        if spread <= 0.0 {
            continue;
        }
        let cycles = mean * 365.0 / order_qty as f64;
        let now = normal_cdf(safety_stock as f64 / spread);
        let more = normal_cdf((safety_stock + 1) as f64 / spread);
        let avoided = cycles * (more - now);
        if avoided <= 0.0 {
            continue;
        }
        extra.push(BufferCandidate {
            item,
            location_id,
            location_name,
            safety_stock,
            daily_mean: mean,
            daily_std_dev: sigma,
            lead_time_days: lead,
            avoided_per_100_minor: avoided * 100.0 / price.minor.max(1) as f64,
            unit_price: price,
            cycles_per_year: cycles,
            expected_stockouts: cycles * (1.0 - now),
            avoided_per_unit: avoided,
        });
    }
    extra.sort_by(|a, b| {
        b.avoided_per_100_minor.total_cmp(&a.avoided_per_100_minor).then_with(|| a.item.sku.cmp(&b.item.sku))
    });
    leaner.sort_by(|a, b| b.excess_value.minor.cmp(&a.excess_value.minor).then_with(|| a.item.sku.cmp(&b.item.sku)));
    Ok(BufferPriorities { as_of, extra, leaner })
}
