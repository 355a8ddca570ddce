//! Inventory costs: holding (carrying) cost per category, storage per location,
//! freight from receipts, distribution from transfers, disposal, and the cost of
//! stockouts, by category and month.
//!
//! What is stored (migration 0010): a yearly holding rate per category
//! (`category_cost_rates`, basis points; the default for every other category is the
//! setting `holding_rate_bp`, 2500 = 25 % a year), what a stock room costs a month
//! (`location_storage_costs`), what a transfer cost (`transfer_costs`, keyed by the
//! transfer id both legs share) and what a stockout cost (`stockouts.cost_minor`).
//! Freight is on the receipt lines (`goods_receipt_lines.freight_share_minor`, the
//! receipt's freight split over its lines), disposal costs on `dispose` movements and
//! on asset disposals.
//!
//! The rules of [`cost_report`]:
//!
//! - The period is taken in **whole calendar months**, from the month of `from` to the
//!   month of `to`; every cost falls into the month of its date (UTC).
//! - **Stock value** is our own stock (consignment stock is the supplier's) on hand per
//!   item and location, valued at the unit cost the classification uses: the preferred
//!   supplier offer's price, else the cost of the item's last receipt up to the month's
//!   end. The *average* stock of a month is the on-hand quantity averaged over its days
//!   (the balance at the end of each day), so unit-days = Σ days × quantity.
//! - **Holding** of a category in a month = rate × Σ (unit cost × unit-days) ÷ (days in
//!   the month × 12), rounded once, half up, per category and month.
//! - **Storage**: each location's monthly cost is split over the categories in
//!   proportion to their stock value there that month (unit cost × unit-days); where no
//!   stock there is priced, in proportion to unit-days; the parts are rounded down and
//!   the minor units left over go to the largest remainders (ties: the lower category
//!   id), so the parts sum to the cost exactly. A location with no stock that month
//!   carries its cost as **unallocated**.
//! - **Freight**: the freight share of each receipt line, in the month received, under
//!   the category of the stock item or asset model received.
//! - **Distribution**: a transfer's recorded cost, in the month of the transfer, split
//!   over the categories of the items moved by quantity (largest remainder).
//! - **Disposal**: the disposal cost of `dispose` movements (under the item's category)
//!   and of asset disposals (under the asset's category), in the month disposed.
//! - **Stockouts**: the recorded cost of each stockout in the month it happened.
//!
//! Only amounts in the default currency are summed. Prices, storage costs, freight and
//! the rest in another currency are listed apart ([`CostReport::other_currencies`]) and
//! never added. Every amount is integer minor units; the totals are sums of the
//! cells, so they add up exactly. The report reads each source with one set-based query.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use tagledger_print::reports::costs::{CostCategoryRow, CostMonthRow, CostStockoutLine, CostsReport};
use ts_rs::TS;

use crate::assets::Money;
use crate::scorecard::Period;
use crate::validate::{check_currency, parse_money, Checks};
use crate::{events, settings, Change, Error, Result};

/// The holding rate of a category without its own: 25 % a year.
pub const DEFAULT_HOLDING_RATE_BP: i64 = 2500;
const HOLDING_RATE_KEY: &str = "holding_rate_bp";
/// The longest period a report covers.
pub const MAX_MONTHS: usize = 60;

// ---- settings -----------------------------------------------------------------------

/// A category's yearly holding rate: its own, or the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryRate {
    pub category_id: i64,
    pub category_name: String,
    /// The category's own rate in basis points (2500 = 25 % a year); `None` uses the default.
    pub holding_rate_bp: Option<i64>,
    /// The rate that applies.
    pub effective_rate_bp: i64,
}

/// A location that holds stock or has a storage cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LocationStorage {
    pub location_id: i64,
    pub location_name: String,
    /// What it costs a month; `None` when none was set.
    pub monthly: Option<Money>,
    /// Units of stock (ours and consigned) there now.
    pub on_hand: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostSettings {
    pub currency: String,
    pub default_holding_rate_bp: i64,
    /// Every category that can hold stock, by name.
    pub categories: Vec<CategoryRate>,
    /// Locations holding stock or with a storage cost, by name.
    pub locations: Vec<LocationStorage>,
}

pub fn default_holding_rate_bp(conn: &Connection) -> Result<i64> {
    Ok(settings::get(conn, HOLDING_RATE_KEY)?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_HOLDING_RATE_BP))
}

pub fn cost_settings(conn: &Connection) -> Result<CostSettings> {
    let currency = settings::load(conn)?.default_currency;
    let default = default_holding_rate_bp(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, r.holding_rate_bp FROM categories c
         LEFT JOIN category_cost_rates r ON r.category_id = c.id
         WHERE c.kind IN ('stock', 'both') OR r.category_id IS NOT NULL
         ORDER BY c.name, c.id",
    )?;
    let categories = stmt
        .query_map([], |r| {
            let own: Option<i64> = r.get(2)?;
            Ok(CategoryRate {
                category_id: r.get(0)?,
                category_name: r.get(1)?,
                holding_rate_bp: own,
                effective_rate_bp: own.unwrap_or(default),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "WITH held AS (SELECT location_id, sum(on_hand) AS units FROM stock_balances GROUP BY location_id)
         SELECT l.id, l.name, s.monthly_minor, s.currency, ifnull(h.units, 0)
         FROM locations l
         LEFT JOIN held h ON h.location_id = l.id
         LEFT JOIN location_storage_costs s ON s.location_id = l.id
         WHERE h.units > 0 OR s.location_id IS NOT NULL
         ORDER BY l.name, l.id",
    )?;
    let locations = stmt
        .query_map([], |r| {
            Ok(LocationStorage {
                location_id: r.get(0)?,
                location_name: r.get(1)?,
                monthly: Money::from_columns(r.get(2)?, r.get(3)?),
                on_hand: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CostSettings { currency, default_holding_rate_bp: default, categories, locations })
}

/// A percentage as typed ("25", "12.5", "7.25 %") in basis points, without floats.
pub fn parse_percent_bp(value: &str) -> std::result::Result<i64, String> {
    let cleaned = value.trim().trim_end_matches('%').trim();
    let err = || format!("'{}' is not a percentage (expected e.g. 25 or 12.5)", value.trim());
    let (whole, frac) = cleaned.split_once('.').unwrap_or((cleaned, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 3
    {
        return Err(err());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| err())? };
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| err())?;
    Ok(whole * 100 + frac)
}

fn check_rate(checks: &mut Checks, field: &str, rate_bp: i64) {
    if !(0..=10_000).contains(&rate_bp) {
        checks.push(field, "must be between 0 % and 100 % a year");
    }
}

/// Sets the holding rate of every category without its own.
pub fn set_default_holding_rate(tx: &Transaction, change: &Change, rate_bp: i64) -> Result<i64> {
    let mut checks = Checks::default();
    check_rate(&mut checks, "holdingRate", rate_bp);
    checks.into_result()?;
    let before = default_holding_rate_bp(tx)?;
    if before != rate_bp {
        settings::put(tx, HOLDING_RATE_KEY, &rate_bp.to_string())?;
        events::append(
            tx,
            change,
            "holding_rate",
            0,
            "updated",
            Some(&serde_json::json!({ "holdingRateBp": before })),
            Some(&serde_json::json!({ "holdingRateBp": rate_bp })),
        )?;
    }
    Ok(rate_bp)
}

/// Sets a category's own holding rate, or with `None` returns it to the default.
pub fn set_holding_rate(tx: &Transaction, change: &Change, category_id: i64, rate_bp: Option<i64>) -> Result<()> {
    let mut checks = Checks::default();
    if !tx.prepare_cached("SELECT 1 FROM categories WHERE id = ?1")?.exists([category_id])? {
        return Err(Error::not_found(format!("category {category_id}")));
    }
    if let Some(rate) = rate_bp {
        check_rate(&mut checks, "holdingRate", rate);
    }
    checks.into_result()?;
    let before: Option<i64> = tx
        .prepare_cached("SELECT holding_rate_bp FROM category_cost_rates WHERE category_id = ?1")?
        .query_row([category_id], |r| r.get(0))
        .optional()?;
    if before == rate_bp {
        return Ok(());
    }
    match rate_bp {
        Some(rate) => tx
            .prepare_cached(
                "INSERT INTO category_cost_rates (category_id, holding_rate_bp) VALUES (?1, ?2)
                 ON CONFLICT (category_id) DO UPDATE SET holding_rate_bp = excluded.holding_rate_bp",
            )?
            .execute(params![category_id, rate])?,
        None => tx.prepare_cached("DELETE FROM category_cost_rates WHERE category_id = ?1")?.execute([category_id])?,
    };
    events::append(
        tx,
        change,
        "category",
        category_id,
        "holding rate set",
        Some(&serde_json::json!({ "holdingRateBp": before })),
        Some(&serde_json::json!({ "holdingRateBp": rate_bp })),
    )?;
    Ok(())
}

/// An amount as typed and its currency (the default when blank); `None` for blank.
fn check_cost(
    conn: &Connection,
    checks: &mut Checks,
    field: &str,
    amount: Option<&str>,
    currency: Option<&str>,
) -> Result<Option<Money>> {
    let Some(amount) = amount.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(None);
    };
    let minor = parse_money(amount).map_err(|e| checks.push(field, e)).ok();
    let currency = match currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => check_currency(c).map_err(|e| checks.push("currency", e)).ok(),
        None => Some(settings::load(conn)?.default_currency),
    };
    Ok(minor.zip(currency).map(|(minor, currency)| Money { minor, currency }))
}

fn money_json(m: &Option<Money>) -> serde_json::Value {
    serde_json::to_value(m).expect("money serializes")
}

/// Sets what a location costs a month (rent share, shelving, insurance); a blank amount
/// removes it.
pub fn set_storage_cost(
    tx: &Transaction,
    change: &Change,
    location_id: i64,
    amount: Option<&str>,
    currency: Option<&str>,
) -> Result<Option<Money>> {
    if !tx.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([location_id])? {
        return Err(Error::not_found(format!("location {location_id}")));
    }
    let mut checks = Checks::default();
    let cost = check_cost(tx, &mut checks, "monthly", amount, currency)?;
    checks.into_result()?;
    let before: Option<Money> = tx
        .prepare_cached("SELECT monthly_minor, currency FROM location_storage_costs WHERE location_id = ?1")?
        .query_row([location_id], |r| Ok(Money { minor: r.get(0)?, currency: r.get(1)? }))
        .optional()?;
    if before == cost {
        return Ok(cost);
    }
    match &cost {
        Some(m) => tx
            .prepare_cached(
                "INSERT INTO location_storage_costs (location_id, monthly_minor, currency) VALUES (?1, ?2, ?3)
                 ON CONFLICT (location_id) DO UPDATE SET monthly_minor = excluded.monthly_minor,
                     currency = excluded.currency",
            )?
            .execute(params![location_id, m.minor, m.currency])?,
        None => {
            tx.prepare_cached("DELETE FROM location_storage_costs WHERE location_id = ?1")?.execute([location_id])?
        }
    };
    events::append(
        tx,
        change,
        "location",
        location_id,
        "storage cost set",
        Some(&money_json(&before)),
        Some(&money_json(&cost)),
    )?;
    Ok(cost)
}

/// Records what a transfer cost (courier, van); a blank amount removes it.
pub fn set_transfer_cost(
    tx: &Transaction,
    change: &Change,
    transfer_id: i64,
    amount: Option<&str>,
    currency: Option<&str>,
) -> Result<Option<Money>> {
    let item: Option<i64> = tx
        .prepare_cached("SELECT item_id FROM stock_movements WHERE id = ?1 AND kind = 'transfer_out'")?
        .query_row([transfer_id], |r| r.get(0))
        .optional()?;
    let Some(item_id) = item else {
        return Err(Error::not_found(format!("transfer {transfer_id}")));
    };
    let mut checks = Checks::default();
    let cost = check_cost(tx, &mut checks, "cost", amount, currency)?;
    checks.into_result()?;
    let before: Option<Money> = tx
        .prepare_cached("SELECT cost_minor, currency FROM transfer_costs WHERE transfer_id = ?1")?
        .query_row([transfer_id], |r| Ok(Money { minor: r.get(0)?, currency: r.get(1)? }))
        .optional()?;
    if before == cost {
        return Ok(cost);
    }
    match &cost {
        Some(m) => tx
            .prepare_cached(
                "INSERT INTO transfer_costs (transfer_id, cost_minor, currency) VALUES (?1, ?2, ?3)
                 ON CONFLICT (transfer_id) DO UPDATE SET cost_minor = excluded.cost_minor, currency = excluded.currency",
            )?
            .execute(params![transfer_id, m.minor, m.currency])?,
        None => tx.prepare_cached("DELETE FROM transfer_costs WHERE transfer_id = ?1")?.execute([transfer_id])?,
    };
    events::append(
        tx,
        change,
        "stock_item",
        item_id,
        "transfer cost set",
        Some(&serde_json::json!({ "transferId": transfer_id, "cost": before })),
        Some(&serde_json::json!({ "transferId": transfer_id, "cost": cost })),
    )?;
    Ok(cost)
}

/// Records what a stockout cost (expedited freight, lost work); a blank amount removes it.
pub fn set_stockout_cost(
    tx: &Transaction,
    change: &Change,
    stockout_id: i64,
    amount: Option<&str>,
    currency: Option<&str>,
) -> Result<Option<Money>> {
    let row: Option<(i64, Option<Money>)> = tx
        .prepare_cached("SELECT item_id, cost_minor, cost_currency FROM stockouts WHERE id = ?1")?
        .query_row([stockout_id], |r| Ok((r.get(0)?, Money::from_columns(r.get(1)?, r.get(2)?))))
        .optional()?;
    let Some((item_id, before)) = row else {
        return Err(Error::not_found(format!("stockout {stockout_id}")));
    };
    let mut checks = Checks::default();
    let cost = check_cost(tx, &mut checks, "cost", amount, currency)?;
    checks.into_result()?;
    if before == cost {
        return Ok(cost);
    }
    tx.prepare_cached("UPDATE stockouts SET cost_minor = ?2, cost_currency = ?3 WHERE id = ?1")?.execute(params![
        stockout_id,
        cost.as_ref().map(|m| m.minor),
        cost.as_ref().map(|m| m.currency.as_str())
    ])?;
    events::append(
        tx,
        change,
        "stock_item",
        item_id,
        "stockout cost set",
        Some(&serde_json::json!({ "stockoutId": stockout_id, "cost": before })),
        Some(&serde_json::json!({ "stockoutId": stockout_id, "cost": cost })),
    )?;
    Ok(cost)
}

/// A transfer of a period with its cost, as the cost screen lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferCost {
    pub transfer_id: i64,
    /// YYYY-MM-DD.
    pub on: String,
    pub item_sku: String,
    pub item_name: String,
    pub quantity: i64,
    pub from_location: String,
    pub to_location: String,
    pub cost: Option<Money>,
}

/// The transfers of a period, newest first, with their costs where recorded.
pub fn transfers(conn: &Connection, period: Period) -> Result<Vec<TransferCost>> {
    period.check()?;
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, substr(o.at, 1, 10), i.sku, i.name, -o.quantity, lf.name, lt.name, c.cost_minor, c.currency
         FROM stock_movements o
         JOIN stock_movements n ON n.transfer_id = o.id AND n.kind = 'transfer_in'
         JOIN stock_items i ON i.id = o.item_id
         JOIN locations lf ON lf.id = o.location_id
         JOIN locations lt ON lt.id = n.location_id
         LEFT JOIN transfer_costs c ON c.transfer_id = o.id
         WHERE o.kind = 'transfer_out' AND o.at >= ?1 AND o.at < ?2
         ORDER BY o.at DESC, o.id DESC",
    )?;
    let rows = stmt.query_map(params![period.from.to_string(), period.end_exclusive().to_string()], |r| {
        Ok(TransferCost {
            transfer_id: r.get(0)?,
            on: r.get(1)?,
            item_sku: r.get(2)?,
            item_name: r.get(3)?,
            quantity: r.get(4)?,
            from_location: r.get(5)?,
            to_location: r.get(6)?,
            cost: Money::from_columns(r.get(7)?, r.get(8)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- the report ---------------------------------------------------------------------

/// The kinds of cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CostKind {
    Holding,
    Storage,
    Freight,
    Distribution,
    Disposal,
    Stockouts,
}

impl CostKind {
    pub const ALL: [CostKind; 6] = [
        CostKind::Holding,
        CostKind::Storage,
        CostKind::Freight,
        CostKind::Distribution,
        CostKind::Disposal,
        CostKind::Stockouts,
    ];

    pub fn words(self) -> &'static str {
        match self {
            CostKind::Holding => "Holding",
            CostKind::Storage => "Storage",
            CostKind::Freight => "Freight",
            CostKind::Distribution => "Distribution",
            CostKind::Disposal => "Disposal",
            CostKind::Stockouts => "Stockouts",
        }
    }
}

/// Costs by kind, in minor units of the default currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostBreakdown {
    pub holding: i64,
    pub storage: i64,
    pub freight: i64,
    pub distribution: i64,
    pub disposal: i64,
    pub stockouts: i64,
    /// The sum of the six.
    pub total: i64,
}

impl CostBreakdown {
    pub fn get(&self, kind: CostKind) -> i64 {
        match kind {
            CostKind::Holding => self.holding,
            CostKind::Storage => self.storage,
            CostKind::Freight => self.freight,
            CostKind::Distribution => self.distribution,
            CostKind::Disposal => self.disposal,
            CostKind::Stockouts => self.stockouts,
        }
    }

    fn add(&mut self, kind: CostKind, minor: i64) {
        let cell = match kind {
            CostKind::Holding => &mut self.holding,
            CostKind::Storage => &mut self.storage,
            CostKind::Freight => &mut self.freight,
            CostKind::Distribution => &mut self.distribution,
            CostKind::Disposal => &mut self.disposal,
            CostKind::Stockouts => &mut self.stockouts,
        };
        *cell += minor;
        self.total += minor;
    }

    fn add_all(&mut self, other: &CostBreakdown) {
        for kind in CostKind::ALL {
            self.add(kind, other.get(kind));
        }
    }
}

/// One category's costs per month; or the storage no stock took (`unallocated`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryCostRow {
    /// `None` for items without a category, and for the unallocated row.
    pub category_id: Option<i64>,
    pub category: String,
    pub unallocated: bool,
    /// One per month of the report.
    pub months: Vec<CostBreakdown>,
    pub total: CostBreakdown,
}

/// A stockout of the period with its cost where recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockoutCost {
    pub stockout_id: i64,
    /// YYYY-MM-DD.
    pub on: String,
    pub item_sku: String,
    pub item_name: String,
    pub location_name: String,
    pub category: String,
    pub demand_unmet: i64,
    pub cause: Option<String>,
    pub cost: Option<Money>,
}

/// A cost in a currency other than the default, kept out of the sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OtherCurrencyCost {
    pub kind: CostKind,
    /// YYYY-MM.
    pub month: String,
    /// The category, or the location of a storage cost.
    pub label: String,
    pub cost: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostReport {
    /// The first day of the first month and the last day of the last.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    /// YYYY-MM, oldest first.
    pub months: Vec<String>,
    /// Categories by name; items without a category, then unallocated storage, last.
    pub rows: Vec<CategoryCostRow>,
    pub month_totals: Vec<CostBreakdown>,
    pub total: CostBreakdown,
    /// Stockouts of the period, oldest first.
    pub stockouts: Vec<StockoutCost>,
    pub other_currencies: Vec<OtherCurrencyCost>,
}

pub const COST_RULES: &str = "Whole calendar months. Holding: the category's yearly rate × its average stock value in \
     the month ÷ 12 (our own stock, averaged over the days; valued at the preferred offer's price, else the last \
     receipt cost). Storage: each location's monthly cost split over the categories in proportion to their stock \
     value there (largest remainder); a location without stock is unallocated. Freight: receipt lines' freight \
     shares in the month received. Distribution: recorded transfer costs, split by quantity. Disposal: disposal \
     costs of stock and assets. Stockouts: recorded stockout costs. Only the default currency is summed.";

const NO_CATEGORY: &str = "No category";
const UNALLOCATED: &str = "Unallocated storage";

/// The first day of each month of the period, and the first day after its last month.
fn month_starts(period: Period) -> Result<Vec<NaiveDate>> {
    period.check()?;
    let first = period.from.with_day(1).expect("day 1 exists");
    let last = period.to.with_day(1).expect("day 1 exists");
    let mut starts = vec![first];
    while *starts.last().expect("not empty") <= last {
        if starts.len() > MAX_MONTHS {
            return Err(Error::invalid("to", format!("the period is longer than {MAX_MONTHS} months")));
        }
        let next = starts.last().expect("not empty").checked_add_months(Months::new(1)).expect("date in range");
        starts.push(next);
    }
    Ok(starts)
}

fn days_in(starts: &[NaiveDate], m: usize) -> i64 {
    (starts[m + 1] - starts[m]).num_days()
}

/// `total` split over `weights` in proportion, rounded down, with what is left over
/// given one unit at a time to the largest remainders (ties: the earlier weight). The
/// parts sum to `total` exactly; all-zero weights give all-zero parts.
pub fn largest_remainder(total: i64, weights: &[i128]) -> Vec<i64> {
    let sum: i128 = weights.iter().sum();
    if sum <= 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<i64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total as i128 * w;
        parts.push((exact / sum) as i64);
        remainders.push((exact % sum, i));
    }
    let left = total - parts.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

/// `num ÷ den` rounded half up (both non-negative, `den` > 0).
fn round_div(num: i128, den: i128) -> i64 {
    ((num + den / 2) / den) as i64
}

/// The unit cost of each item for each month of the period, at the month's end, by the
/// one pricing rule ([`crate::classification::unit_costs`]: the preferred offer, else
/// the last receipt up to then). One query a month.
fn monthly_prices(conn: &Connection, starts: &[NaiveDate]) -> Result<HashMap<i64, Vec<Option<Money>>>> {
    let months = starts.len() - 1;
    let mut prices: HashMap<i64, Vec<Option<Money>>> = HashMap::new();
    for m in 0..months {
        let month_end = starts[m + 1].pred_opt().unwrap_or(starts[m + 1]);
        for (item, price) in crate::classification::unit_costs(conn, month_end)? {
            prices.entry(item).or_insert_with(|| vec![None; months])[m] = Some(price);
        }
    }
    Ok(prices)
}

/// An opening balance and the changes of each day after it.
type OpeningAndChanges = (i64, Vec<(NaiveDate, i64)>);

/// Per category, each month's (stock value, unit-days) at one location.
type StockByCategory = BTreeMap<Option<i64>, Vec<(i128, i128)>>;

/// Our own stock's unit-days per (item, location) and month: Σ over the month's days of
/// the balance at the end of the day.
fn unit_days(conn: &Connection, starts: &[NaiveDate]) -> Result<BTreeMap<(i64, i64), Vec<i64>>> {
    let months = starts.len() - 1;
    let first = starts[0].to_string();
    let end = starts[months].to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, location_id, NULL, sum(quantity) FROM stock_movements
         WHERE owner_supplier_id IS NULL AND at < ?1
         GROUP BY item_id, location_id HAVING sum(quantity) <> 0
         UNION ALL
         SELECT item_id, location_id, substr(at, 1, 10), sum(quantity) FROM stock_movements
         WHERE owner_supplier_id IS NULL AND at >= ?1 AND at < ?2
         GROUP BY item_id, location_id, substr(at, 1, 10)",
    )?;
    // (item, location) → opening balance and the day's changes.
    let mut stock: BTreeMap<(i64, i64), OpeningAndChanges> = BTreeMap::new();
    let rows = stmt.query_map(params![first, end], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, i64>(3)?))
    })?;
    for row in rows {
        let (item, location, day, qty) = row?;
        let entry = stock.entry((item, location)).or_default();
        match day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) {
            None => entry.0 += qty,
            Some(day) => entry.1.push((day, qty)),
        }
    }
    let mut out = BTreeMap::new();
    for (key, (opening, mut changes)) in stock {
        changes.sort();
        let mut balance = opening;
        let mut series = vec![0i64; months];
        let mut next = 0;
        for (m, days) in series.iter_mut().enumerate() {
            let n = days_in(starts, m);
            *days = balance * n;
            while next < changes.len() && changes[next].0 < starts[m + 1] {
                let (day, qty) = changes[next];
                // A change on day d counts from the end of day d to the month's end.
                let remaining = (starts[m + 1] - day).num_days();
                *days += qty * remaining;
                balance += qty;
                next += 1;
            }
        }
        if series.iter().any(|d| *d != 0) {
            out.insert(key, series);
        }
    }
    Ok(out)
}

/// Where the cells are gathered: category (`None` = none) → one breakdown per month.
struct Cells {
    months: usize,
    by_category: BTreeMap<Option<i64>, Vec<CostBreakdown>>,
    unallocated: Vec<CostBreakdown>,
}

impl Cells {
    fn add(&mut self, category: Option<i64>, month: usize, kind: CostKind, minor: i64) {
        let months = self.months;
        self.by_category.entry(category).or_insert_with(|| vec![CostBreakdown::default(); months])[month]
            .add(kind, minor);
    }
}

/// Inventory costs of the months of `period` by category and month; see the module
/// documentation for the rules.
pub fn cost_report(conn: &Connection, period: Period) -> Result<CostReport> {
    let starts = month_starts(period)?;
    let months = starts.len() - 1;
    let currency = settings::load(conn)?.default_currency;
    let first = starts[0].to_string();
    let end = starts[months].to_string();
    let month_label = |m: usize| starts[m].format("%Y-%m").to_string();
    let month_of = |day: &str| -> Option<usize> {
        let day = NaiveDate::parse_from_str(day.get(..10)?, "%Y-%m-%d").ok()?;
        let m = starts[1..].partition_point(|s| *s <= day);
        (day >= starts[0] && m < months).then_some(m)
    };

    let mut names: HashMap<i64, String> = HashMap::new();
    for row in conn.prepare_cached("SELECT id, name FROM categories")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (id, name) = row?;
        names.insert(id, name);
    }
    let name_of = |c: Option<i64>| c.and_then(|c| names.get(&c).cloned()).unwrap_or_else(|| NO_CATEGORY.to_string());
    let mut item_category: HashMap<i64, Option<i64>> = HashMap::new();
    for row in
        conn.prepare_cached("SELECT id, category_id FROM stock_items")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    {
        let (id, category) = row?;
        item_category.insert(id, category);
    }
    let default_rate = default_holding_rate_bp(conn)?;
    let mut rates: HashMap<i64, i64> = HashMap::new();
    for row in conn
        .prepare_cached("SELECT category_id, holding_rate_bp FROM category_cost_rates")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    {
        let (id, rate) = row?;
        rates.insert(id, rate);
    }
    let rate_of = |c: Option<i64>| c.and_then(|c| rates.get(&c).copied()).unwrap_or(default_rate);

    let mut cells = Cells { months, by_category: BTreeMap::new(), unallocated: vec![CostBreakdown::default(); months] };
    let mut other: Vec<OtherCurrencyCost> = Vec::new();

    // Holding and storage, from the stock's unit-days and value.
    let prices = monthly_prices(conn, &starts)?;
    let stock = unit_days(conn, &starts)?;
    // (category, month) → Σ unit cost × unit-days in the default currency.
    let mut value: BTreeMap<(Option<i64>, usize), i128> = BTreeMap::new();
    let mut other_value: BTreeMap<(Option<i64>, usize, String), i128> = BTreeMap::new();
    // location → category → per month (value, unit-days).
    let mut at_location: BTreeMap<i64, StockByCategory> = BTreeMap::new();
    for (&(item, location), series) in &stock {
        let category = item_category.get(&item).copied().flatten();
        let cells_here =
            at_location.entry(location).or_default().entry(category).or_insert_with(|| vec![(0, 0); months]);
        for (m, &days) in series.iter().enumerate() {
            cells_here[m].1 += days as i128;
            let Some(price) = prices.get(&item).and_then(|p| p[m].as_ref()) else { continue };
            let v = price.minor as i128 * days as i128;
            if price.currency == currency {
                *value.entry((category, m)).or_default() += v;
                cells_here[m].0 += v;
            } else {
                *other_value.entry((category, m, price.currency.clone())).or_default() += v;
            }
        }
    }
    for (&(category, m), &v) in &value {
        let holding = round_div(v.max(0) * rate_of(category) as i128, days_in(&starts, m) as i128 * 12 * 10_000);
        cells.add(category, m, CostKind::Holding, holding);
    }
    for ((category, m, cur), v) in other_value {
        let holding = round_div(v.max(0) * rate_of(category) as i128, days_in(&starts, m) as i128 * 12 * 10_000);
        if holding != 0 {
            other.push(OtherCurrencyCost {
                kind: CostKind::Holding,
                month: month_label(m),
                label: name_of(category),
                cost: Money { minor: holding, currency: cur },
            });
        }
    }

    let mut stmt = conn.prepare_cached(
        "SELECT s.location_id, l.name, s.monthly_minor, s.currency FROM location_storage_costs s
         JOIN locations l ON l.id = s.location_id WHERE s.monthly_minor > 0 ORDER BY s.location_id",
    )?;
    let storage = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (location, location_name, monthly, cur) in storage {
        if cur != currency {
            for m in 0..months {
                other.push(OtherCurrencyCost {
                    kind: CostKind::Storage,
                    month: month_label(m),
                    label: location_name.clone(),
                    cost: Money { minor: monthly, currency: cur.clone() },
                });
            }
            continue;
        }
        let empty = BTreeMap::new();
        let here = at_location.get(&location).unwrap_or(&empty);
        let categories: Vec<Option<i64>> = here.keys().copied().collect();
        for m in 0..months {
            let by_value: Vec<i128> = here.values().map(|s| s[m].0.max(0)).collect();
            let weights =
                if by_value.iter().any(|w| *w > 0) { by_value } else { here.values().map(|s| s[m].1.max(0)).collect() };
            if weights.iter().all(|w| *w == 0) {
                cells.unallocated[m].add(CostKind::Storage, monthly);
                continue;
            }
            for (category, part) in categories.iter().zip(largest_remainder(monthly, &weights)) {
                if part != 0 {
                    cells.add(*category, m, CostKind::Storage, part);
                }
            }
        }
    }

    // Freight, by the received item's or model's category.
    let mut stmt = conn.prepare_cached(
        "SELECT g.received_on, coalesce(si.category_id, md.category_id), po.currency, sum(gl.freight_share_minor)
         FROM goods_receipts g
         JOIN goods_receipt_lines gl ON gl.receipt_id = g.id
         JOIN purchase_order_lines pl ON pl.id = gl.order_line_id
         JOIN purchase_orders po ON po.id = pl.order_id
         LEFT JOIN stock_items si ON si.id = pl.item_id
         LEFT JOIN models md ON md.id = pl.model_id
         WHERE g.received_on >= ?1 AND g.received_on < ?2 AND gl.freight_share_minor > 0
         GROUP BY g.received_on, 2, po.currency",
    )?;
    let mut dated: Vec<(CostKind, String, Option<i64>, String, i64)> = Vec::new();
    for row in stmt.query_map(params![first, end], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))? {
        let (day, category, cur, minor) = row?;
        dated.push((CostKind::Freight, day, category, cur, minor));
    }

    // Disposal: stock disposals and asset disposals.
    let mut stmt = conn.prepare_cached(
        "SELECT substr(m.at, 1, 10), i.category_id, m.currency, sum(m.disposal_cost_minor)
         FROM stock_movements m JOIN stock_items i ON i.id = m.item_id
         WHERE m.kind = 'dispose' AND m.disposal_cost_minor > 0 AND m.at >= ?1 AND m.at < ?2
         GROUP BY 1, 2, 3
         UNION ALL
         SELECT d.disposed_on, a.category_id, d.currency, sum(d.disposal_cost_minor)
         FROM disposals d JOIN assets a ON a.id = d.asset_id
         WHERE d.disposal_cost_minor > 0 AND d.disposed_on >= ?1 AND d.disposed_on < ?2
         GROUP BY 1, 2, 3",
    )?;
    for row in stmt.query_map(params![first, end], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))? {
        let (day, category, cur, minor) = row?;
        dated.push((CostKind::Disposal, day, category, cur, minor));
    }

    // Stockouts, with the list.
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, substr(o.at, 1, 10), i.sku, i.name, l.name, i.category_id, o.demand_unmet, o.cause,
                o.cost_minor, o.cost_currency
         FROM stockouts o
         JOIN stock_items i ON i.id = o.item_id
         JOIN locations l ON l.id = o.location_id
         WHERE o.at >= ?1 AND o.at < ?2
         ORDER BY o.at, o.id",
    )?;
    let mut stockouts = Vec::new();
    for row in stmt.query_map(params![first, end], |r| {
        Ok((
            StockoutCost {
                stockout_id: r.get(0)?,
                on: r.get(1)?,
                item_sku: r.get(2)?,
                item_name: r.get(3)?,
                location_name: r.get(4)?,
                category: String::new(),
                demand_unmet: r.get(6)?,
                cause: r.get(7)?,
                cost: Money::from_columns(r.get(8)?, r.get(9)?),
            },
            r.get::<_, Option<i64>>(5)?,
        ))
    })? {
        let (mut s, category) = row?;
        s.category = name_of(category);
        if let Some(cost) = &s.cost {
            dated.push((CostKind::Stockouts, s.on.clone(), category, cost.currency.clone(), cost.minor));
        }
        stockouts.push(s);
    }

    for (kind, day, category, cur, minor) in dated {
        let Some(m) = month_of(&day) else { continue };
        if cur == currency {
            cells.add(category, m, kind, minor);
        } else {
            other.push(OtherCurrencyCost {
                kind,
                month: month_label(m),
                label: name_of(category),
                cost: Money { minor, currency: cur },
            });
        }
    }

    // Distribution: each transfer's cost split over its items' categories by quantity.
    let mut stmt = conn.prepare_cached(
        "SELECT c.transfer_id, c.cost_minor, c.currency, min(m.at), i.category_id, -sum(m.quantity)
         FROM transfer_costs c
         JOIN stock_movements m ON m.transfer_id = c.transfer_id AND m.kind = 'transfer_out'
         JOIN stock_items i ON i.id = m.item_id
         WHERE m.at >= ?1 AND m.at < ?2 AND c.cost_minor > 0
         GROUP BY c.transfer_id, i.category_id
         ORDER BY c.transfer_id, i.category_id",
    )?;
    let rows = stmt
        .query_map(params![first, end], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for group in rows.chunk_by(|a, b| a.0 == b.0) {
        let (_, cost, cur, at, _, _) = &group[0];
        let Some(m) = month_of(at) else { continue };
        let weights: Vec<i128> = group.iter().map(|g| g.5 as i128).collect();
        for (g, part) in group.iter().zip(largest_remainder(*cost, &weights)) {
            if cur == &currency {
                cells.add(g.4, m, CostKind::Distribution, part);
            } else {
                other.push(OtherCurrencyCost {
                    kind: CostKind::Distribution,
                    month: month_label(m),
                    label: name_of(g.4),
                    cost: Money { minor: part, currency: cur.clone() },
                });
            }
        }
    }

    // Rows, by category name; no category and unallocated last.
    let mut rows: Vec<CategoryCostRow> = cells
        .by_category
        .into_iter()
        .filter(|(_, months)| months.iter().any(|b| *b != CostBreakdown::default()))
        .map(|(category_id, months)| {
            let mut total = CostBreakdown::default();
            months.iter().for_each(|b| total.add_all(b));
            CategoryCostRow { category_id, category: name_of(category_id), unallocated: false, months, total }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.category_id.is_none().cmp(&b.category_id.is_none()).then_with(|| a.category.cmp(&b.category))
    });
    if cells.unallocated.iter().any(|b| b.total != 0) {
        let mut total = CostBreakdown::default();
        cells.unallocated.iter().for_each(|b| total.add_all(b));
        rows.push(CategoryCostRow {
            category_id: None,
            category: UNALLOCATED.to_string(),
            unallocated: true,
            months: cells.unallocated,
            total,
        });
    }
    let mut month_totals = vec![CostBreakdown::default(); months];
    let mut total = CostBreakdown::default();
    for row in &rows {
        for (t, b) in month_totals.iter_mut().zip(&row.months) {
            t.add_all(b);
        }
        total.add_all(&row.total);
    }
    other.sort_by(|a, b| (&a.month, a.kind, &a.label).cmp(&(&b.month, b.kind, &b.label)));
    Ok(CostReport {
        from: starts[0],
        to: starts[months].pred_opt().expect("date in range"),
        currency,
        months: (0..months).map(month_label).collect(),
        rows,
        month_totals,
        total,
        stockouts,
        other_currencies: other,
    })
}

/// The cost report as the PDF prints it.
pub fn report(conn: &Connection, period: Period, organisation: &str, generated_at: &str) -> Result<CostsReport> {
    let r = cost_report(conn, period)?;
    let money = |m: &Money| tagledger_print::report::format_money(m.minor, &m.currency);
    Ok(CostsReport {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        from: r.from.to_string(),
        to: r.to.to_string(),
        currency: r.currency.clone(),
        months: r.months.clone(),
        categories: r
            .rows
            .iter()
            .map(|row| CostCategoryRow {
                category: row.category.clone(),
                monthly: row.months.iter().map(|b| b.total).collect(),
                total: row.total.total,
            })
            .collect(),
        by_month: r
            .months
            .iter()
            .zip(&r.month_totals)
            .map(|(month, b)| CostMonthRow {
                month: month.clone(),
                by_kind: CostKind::ALL.iter().map(|k| b.get(*k)).collect(),
                total: b.total,
            })
            .collect(),
        stockouts: r
            .stockouts
            .iter()
            .map(|s| CostStockoutLine {
                date: s.on.clone(),
                sku: s.item_sku.clone(),
                name: s.item_name.clone(),
                location: s.location_name.clone(),
                category: s.category.clone(),
                cost_minor: s.cost.as_ref().map(|m| m.minor),
                currency: s.cost.as_ref().map(|m| m.currency.clone()),
            })
            .collect(),
        other_currencies: r
            .other_currencies
            .iter()
            .map(|o| format!("{} {}, {}: {}", o.month, o.kind.words(), o.label, money(&o.cost)))
            .collect(),
        rules: COST_RULES.to_string(),
    })
}

// ---- demo ---------------------------------------------------------------------------

/// Demo costs: holding rates for the stock categories, storage costs for the rooms that
/// hold stock, costs on the first transfers and on some stockouts.
pub(crate) fn seed_demo(tx: &Transaction, change: &Change) -> Result<()> {
    let categories: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM categories WHERE kind IN ('stock', 'both') ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, (id, _)) in categories.iter().enumerate() {
        // 20 %, 25 % (the default, left unset), 30 %, ...
        match i % 3 {
            0 => set_holding_rate(tx, change, *id, Some(2000))?,
            2 => set_holding_rate(tx, change, *id, Some(3000))?,
            _ => {}
        }
    }
    let rooms: Vec<i64> = tx
        .prepare("SELECT DISTINCT location_id FROM stock_balances ORDER BY location_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, room) in rooms.iter().enumerate() {
        let monthly = ["450.00", "300.00", "180.00", "120.00"][i % 4];
        set_storage_cost(tx, change, *room, Some(monthly), None)?;
    }
    let transfers: Vec<i64> = tx
        .prepare("SELECT id FROM stock_movements WHERE kind = 'transfer_out' ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, transfer) in transfers.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let cost = ["35.00", "60.00", "22.50"][(i / 2) % 3];
        set_transfer_cost(tx, change, *transfer, Some(cost), None)?;
    }
    let stockouts: Vec<i64> = tx
        .prepare("SELECT id FROM stockouts ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, stockout) in stockouts.iter().enumerate().filter(|(i, _)| i % 3 != 1) {
        let cost = ["250.00", "80.00", "1200.00"][i % 3];
        set_stockout_cost(tx, change, *stockout, Some(cost), None)?;
    }
    Ok(())
}
