//! Buying stock before it runs out: what suppliers offer for each stock item, the
//! reorder rules per item and location, the textbook formulas behind them, and the
//! reorder suggestions that feed draft purchase orders.
//!
//! Rules:
//! - An item has at most one preferred offer; making an offer preferred takes the flag
//!   from the item's other offer in the same transaction. One offer per item and
//!   supplier. Offer changes are events on the stock item.
//! - Demand is what was issued (`issue` movements, any owner: using consignment stock
//!   is demand too) at one location, per UTC calendar day of the movement's timestamp,
//!   over a window of days ending on a given date. Days without issues count as zero
//!   demand, so σ is the population standard deviation over every day of the window.
//! - [`computed_parameters`] proposes safety stock, reorder point, EOQ and order-up-to
//!   from the ledger and the offers, each with its working written out; it never saves.
//!   Safety stock = ⌈z × σ × √L⌉, reorder point = ⌈avg × L⌉ + safety stock,
//!   EOQ = round(√(2 × annual demand × order cost ÷ (unit cost × holding rate))) and
//!   order-up-to = reorder point + max(EOQ, 1), so one order of about EOQ units lifts
//!   stock from the reorder point and always at least one unit. L is the preferred
//!   offer's lead time, else the item's shortest; the unit cost is the preferred
//!   offer's price. The order cost is in the organisation's default currency (the
//!   reorder settings table stores no currency of its own).
//! - [`suggestions`]: available = our own on hand (consignment stock is the supplier's
//!   and is not counted) + on order − reserved. On order is what open orders (approved,
//!   sent, partially received) still owe on lines not cancelled, delivered to that
//!   location; draft orders are shown apart as `on_draft` and do not count. A rule
//!   whose available is at or below its reorder point is suggested: order-up-to −
//!   available (at least one), raised to the preferred offer's minimum order quantity
//!   and rounded up to whole packs. The list is computed with a fixed handful of
//!   queries whatever its length.
//! - [`draft_lines`] turns picked suggestions into purchase order lines, sorted so that
//!   lines of one supplier, delivery location and currency are adjacent (one draft
//!   order each); creating the orders is the purchasing module's job.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assets::Money;
use crate::stock::MAX_QUANTITY;
use crate::validate::{check_currency, format_money, parse_money, Checks};
use crate::{events, reference, settings, Change, Error, Result};

/// The longest lead time an offer may quote: ten years.
pub const MAX_LEAD_TIME_DAYS: i64 = 3650;
/// The demand window when none is given: a year of history.
pub const DEFAULT_DEMAND_WINDOW_DAYS: i64 = 365;
/// The service level a new rule starts from: 95.00%.
pub const DEFAULT_SERVICE_LEVEL_BP: i64 = 9500;

// ---- supplier offers ----------------------------------------------------------------

/// What the offer form submits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OfferInput {
    pub item_id: i64,
    pub supplier_id: i64,
    /// The supplier's own part number, if any.
    pub supplier_sku: String,
    /// The unit price as typed ("12.50").
    pub price: String,
    /// Blank means the organisation's default currency.
    pub currency: Option<String>,
    pub lead_time_days: i64,
    pub min_order_qty: i64,
    /// Units per pack: orders are rounded up to whole packs.
    pub pack_size: i64,
    pub preferred: bool,
}

/// A supplier's offer for a stock item, with the names the screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub id: i64,
    pub item_id: i64,
    pub item_sku: String,
    pub item_name: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_sku: String,
    pub price: Money,
    pub lead_time_days: i64,
    pub min_order_qty: i64,
    pub pack_size: i64,
    pub preferred: bool,
}

const SELECT_OFFER: &str = "SELECT o.id, o.item_id, i.sku, i.name, o.supplier_id, s.name, o.supplier_sku,
        o.price_minor, o.currency, o.lead_time_days, o.min_order_qty, o.pack_size, o.preferred
     FROM supplier_offers o
     JOIN stock_items i ON i.id = o.item_id
     JOIN suppliers s ON s.id = o.supplier_id";

fn offer_row(r: &Row) -> rusqlite::Result<Offer> {
    Ok(Offer {
        id: r.get(0)?,
        item_id: r.get(1)?,
        item_sku: r.get(2)?,
        item_name: r.get(3)?,
        supplier_id: r.get(4)?,
        supplier_name: r.get(5)?,
        supplier_sku: r.get(6)?,
        price: Money { minor: r.get(7)?, currency: r.get(8)? },
        lead_time_days: r.get(9)?,
        min_order_qty: r.get(10)?,
        pack_size: r.get(11)?,
        preferred: r.get(12)?,
    })
}

pub fn offer(conn: &Connection, id: i64) -> Result<Offer> {
    conn.prepare_cached(&format!("{SELECT_OFFER} WHERE o.id = ?1"))?
        .query_row([id], offer_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("supplier offer {id}")))
}

/// An item's offers: the preferred one first, then by supplier name.
pub fn offers_for_item(conn: &Connection, item_id: i64) -> Result<Vec<Offer>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT_OFFER} WHERE o.item_id = ?1 ORDER BY o.preferred DESC, s.name, o.id"))?;
    let rows = stmt.query_map([item_id], offer_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Everything a supplier offers, by item SKU.
pub fn offers_for_supplier(conn: &Connection, supplier_id: i64) -> Result<Vec<Offer>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_OFFER} WHERE o.supplier_id = ?1 ORDER BY i.sku, o.id"))?;
    let rows = stmt.query_map([supplier_id], offer_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

struct ValidOffer {
    supplier_sku: String,
    price_minor: i64,
    currency: String,
}

fn validate_offer(conn: &Connection, id: Option<i64>, input: &OfferInput) -> Result<ValidOffer> {
    let mut checks = Checks::default();
    if !conn.prepare_cached("SELECT 1 FROM stock_items WHERE id = ?1")?.exists([input.item_id])? {
        checks.push("itemId", format!("stock item {} does not exist", input.item_id));
    }
    let supplier: Option<String> = conn
        .prepare_cached("SELECT name FROM suppliers WHERE id = ?1")?
        .query_row([input.supplier_id], |r| r.get(0))
        .optional()?;
    match &supplier {
        None => checks.push("supplierId", format!("supplier {} does not exist", input.supplier_id)),
        Some(name) => {
            let taken = conn
                .prepare_cached(
                    "SELECT 1 FROM supplier_offers WHERE item_id = ?1 AND supplier_id = ?2 AND id IS NOT ?3",
                )?
                .exists(params![input.item_id, input.supplier_id, id])?;
            if taken {
                checks.push("supplierId", format!("{name} already has an offer for this item; change that one"));
            }
        }
    }
    let supplier_sku = checks.optional_text("supplierSku", Some(&input.supplier_sku)).unwrap_or_default();
    let price_minor = match input.price.trim() {
        "" => {
            checks.push("price", "is required");
            0
        }
        price => parse_money(price).map_err(|e| checks.push("price", e)).unwrap_or(0),
    };
    let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => check_currency(c).map_err(|e| checks.push("currency", e)).unwrap_or_default(),
        None => settings::load(conn)?.default_currency,
    };
    if !(0..=MAX_LEAD_TIME_DAYS).contains(&input.lead_time_days) {
        checks.push("leadTimeDays", format!("must be between 0 and {MAX_LEAD_TIME_DAYS} days"));
    }
    check_count(&mut checks, "minOrderQty", input.min_order_qty, 1);
    check_count(&mut checks, "packSize", input.pack_size, 1);
    checks.into_result()?;
    Ok(ValidOffer { supplier_sku, price_minor, currency })
}

/// A whole quantity at least `min`, within what stock can hold.
fn check_count(checks: &mut Checks, field: &str, value: i64, min: i64) {
    if value < min {
        checks.push(field, format!("must be at least {min}"));
    } else if value > MAX_QUANTITY {
        checks.push(field, "is implausibly large");
    }
}

/// The offer as the item's history records it.
fn logged_offer(offer: &Offer) -> serde_json::Value {
    serde_json::json!({
        "offerId": offer.id,
        "supplier": offer.supplier_name,
        "supplierSku": offer.supplier_sku,
        "price": format_money(offer.price.minor),
        "currency": offer.price.currency,
        "leadTimeDays": offer.lead_time_days,
        "minOrderQty": offer.min_order_qty,
        "packSize": offer.pack_size,
        "preferred": offer.preferred,
    })
}

/// Takes the preferred flag from the item's other offer, if one has it, and records
/// that on the item's history.
fn clear_other_preferred(tx: &Transaction, change: &Change, item_id: i64, keep: Option<i64>) -> Result<()> {
    let other: Option<i64> = tx
        .prepare_cached("SELECT id FROM supplier_offers WHERE item_id = ?1 AND preferred = 1 AND id IS NOT ?2")?
        .query_row(params![item_id, keep], |r| r.get(0))
        .optional()?;
    let Some(other) = other else { return Ok(()) };
    let before = offer(tx, other)?;
    tx.prepare_cached("UPDATE supplier_offers SET preferred = 0 WHERE id = ?1")?.execute([other])?;
    let after = offer(tx, other)?;
    events::append(
        tx,
        change,
        "stock_item",
        item_id,
        "offer changed",
        Some(&logged_offer(&before)),
        Some(&logged_offer(&after)),
    )
}

pub fn create_offer(tx: &Transaction, change: &Change, input: &OfferInput) -> Result<Offer> {
    let v = validate_offer(tx, None, input)?;
    if input.preferred {
        clear_other_preferred(tx, change, input.item_id, None)?;
    }
    tx.prepare_cached(
        "INSERT INTO supplier_offers (item_id, supplier_id, supplier_sku, price_minor, currency, lead_time_days,
             min_order_qty, pack_size, preferred)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        input.item_id,
        input.supplier_id,
        v.supplier_sku,
        v.price_minor,
        v.currency,
        input.lead_time_days,
        input.min_order_qty,
        input.pack_size,
        input.preferred
    ])?;
    let created = offer(tx, tx.last_insert_rowid())?;
    events::append(tx, change, "stock_item", created.item_id, "offer added", None, Some(&logged_offer(&created)))?;
    Ok(created)
}

/// Changes an offer. It stays with its item: an offer for another item is a new offer.
pub fn update_offer(tx: &Transaction, change: &Change, id: i64, input: &OfferInput) -> Result<Offer> {
    let before = offer(tx, id)?;
    if input.item_id != before.item_id {
        return Err(Error::invalid("itemId", "an offer cannot move to another item; add a new offer there"));
    }
    let v = validate_offer(tx, Some(id), input)?;
    if input.preferred {
        clear_other_preferred(tx, change, input.item_id, Some(id))?;
    }
    tx.prepare_cached(
        "UPDATE supplier_offers SET supplier_id = ?2, supplier_sku = ?3, price_minor = ?4, currency = ?5,
             lead_time_days = ?6, min_order_qty = ?7, pack_size = ?8, preferred = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        input.supplier_id,
        v.supplier_sku,
        v.price_minor,
        v.currency,
        input.lead_time_days,
        input.min_order_qty,
        input.pack_size,
        input.preferred
    ])?;
    let after = offer(tx, id)?;
    let (b, a) = (logged_offer(&before), logged_offer(&after));
    if a != b {
        events::append(tx, change, "stock_item", after.item_id, "offer changed", Some(&b), Some(&a))?;
    }
    Ok(after)
}

/// Removes an offer. Removing the preferred one leaves the item with none preferred.
pub fn delete_offer(tx: &Transaction, change: &Change, id: i64) -> Result<()> {
    let before = offer(tx, id)?;
    tx.prepare_cached("DELETE FROM supplier_offers WHERE id = ?1")?.execute([id])?;
    events::append(tx, change, "stock_item", before.item_id, "offer removed", Some(&logged_offer(&before)), None)
}

// ---- reorder settings ---------------------------------------------------------------

/// What the reorder rule form submits for one item at one location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReorderInput {
    pub item_id: i64,
    pub location_id: i64,
    pub reorder_point: i64,
    pub safety_stock: i64,
    pub order_up_to: i64,
    /// Stock set aside (e.g. for announced new starters): not available to suggestions.
    pub reserved: i64,
    /// Target service level in basis points: 9500 is 95.00%.
    pub service_level_bp: i64,
    /// The cost of placing one order as typed, in the default currency; blank if unknown.
    pub order_cost: Option<String>,
    /// The yearly cost of holding one unit, in basis points of its unit cost.
    pub holding_rate_bp: Option<i64>,
}

impl Default for ReorderInput {
    fn default() -> Self {
        ReorderInput {
            item_id: 0,
            location_id: 0,
            reorder_point: 0,
            safety_stock: 0,
            order_up_to: 0,
            reserved: 0,
            service_level_bp: DEFAULT_SERVICE_LEVEL_BP,
            order_cost: None,
            holding_rate_bp: None,
        }
    }
}

/// A saved reorder rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReorderSetting {
    pub item_id: i64,
    pub location_id: i64,
    /// "London HQ › North Tower › IT Store".
    pub location_name: String,
    pub reorder_point: i64,
    pub safety_stock: i64,
    pub order_up_to: i64,
    pub reserved: i64,
    pub service_level_bp: i64,
    /// In the organisation's default currency.
    pub order_cost: Option<Money>,
    pub holding_rate_bp: Option<i64>,
    pub updated_at: String,
}

/// An item's reorder rules, by location name.
pub fn reorder_settings(conn: &Connection, item_id: i64) -> Result<Vec<ReorderSetting>> {
    let currency = settings::load(conn)?.default_currency;
    let mut stmt = conn.prepare_cached(
        "SELECT location_id, reorder_point, safety_stock, order_up_to, reserved, service_level_bp, order_cost_minor,
                holding_rate_bp, updated_at
         FROM reorder_settings WHERE item_id = ?1",
    )?;
    let rows = stmt
        .query_map([item_id], |r| {
            Ok(ReorderSetting {
                item_id,
                location_id: r.get(0)?,
                location_name: String::new(),
                reorder_point: r.get(1)?,
                safety_stock: r.get(2)?,
                order_up_to: r.get(3)?,
                reserved: r.get(4)?,
                service_level_bp: r.get(5)?,
                order_cost: Money::from_columns(r.get(6)?, Some(currency.clone())),
                holding_rate_bp: r.get(7)?,
                updated_at: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for mut setting in rows {
        setting.location_name = reference::location_full_name(conn, setting.location_id)?;
        out.push(setting);
    }
    out.sort_by(|a, b| a.location_name.cmp(&b.location_name));
    Ok(out)
}

fn reorder_setting(conn: &Connection, item_id: i64, location_id: i64) -> Result<Option<ReorderSetting>> {
    Ok(reorder_settings(conn, item_id)?.into_iter().find(|s| s.location_id == location_id))
}

/// The rule as the item's history records it (without its timestamp, which the event has).
fn logged_setting(s: &ReorderSetting) -> serde_json::Value {
    serde_json::json!({
        "locationId": s.location_id,
        "location": s.location_name,
        "reorderPoint": s.reorder_point,
        "safetyStock": s.safety_stock,
        "orderUpTo": s.order_up_to,
        "reserved": s.reserved,
        "serviceLevelBp": s.service_level_bp,
        "orderCost": s.order_cost.as_ref().map(|m| format_money(m.minor)),
        "holdingRateBp": s.holding_rate_bp,
    })
}

/// Field errors for a service level outside 50.00%–99.99%.
pub(crate) fn check_service_level(checks: &mut Checks, field: &str, bp: i64) {
    if !(5000..=9999).contains(&bp) {
        checks.push(field, "must be between 50.00% and 99.99%");
    }
}

/// An order cost as typed: blank is none.
fn check_order_cost(checks: &mut Checks, field: &str, value: Option<&str>) -> Option<i64> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    parse_money(value).map_err(|e| checks.push(field, e)).ok()
}

fn check_holding_rate(checks: &mut Checks, field: &str, bp: Option<i64>) {
    if bp.is_some_and(|bp| !(0..=100_000).contains(&bp)) {
        checks.push(field, "must be between 0% and 1000% a year");
    }
}

/// Creates or replaces the reorder rule of an item at a location.
pub fn set_reorder(tx: &Transaction, change: &Change, input: &ReorderInput) -> Result<ReorderSetting> {
    let mut checks = Checks::default();
    if !tx.prepare_cached("SELECT 1 FROM stock_items WHERE id = ?1")?.exists([input.item_id])? {
        checks.push("itemId", format!("stock item {} does not exist", input.item_id));
    }
    if !tx.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([input.location_id])? {
        checks.push("locationId", format!("location {} does not exist", input.location_id));
    }
    check_count(&mut checks, "reorderPoint", input.reorder_point, 0);
    check_count(&mut checks, "safetyStock", input.safety_stock, 0);
    check_count(&mut checks, "orderUpTo", input.order_up_to, 0);
    check_count(&mut checks, "reserved", input.reserved, 0);
    if input.order_up_to < input.reorder_point && input.order_up_to >= 0 {
        checks.push("orderUpTo", "must be at least the reorder point");
    }
    check_service_level(&mut checks, "serviceLevelBp", input.service_level_bp);
    let order_cost = check_order_cost(&mut checks, "orderCost", input.order_cost.as_deref());
    check_holding_rate(&mut checks, "holdingRateBp", input.holding_rate_bp);
    checks.into_result()?;
    let before = reorder_setting(tx, input.item_id, input.location_id)?;
    tx.prepare_cached(
        "INSERT INTO reorder_settings (item_id, location_id, reorder_point, safety_stock, order_up_to, reserved,
             service_level_bp, order_cost_minor, holding_rate_bp, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (item_id, location_id) DO UPDATE SET reorder_point = excluded.reorder_point,
             safety_stock = excluded.safety_stock, order_up_to = excluded.order_up_to, reserved = excluded.reserved,
             service_level_bp = excluded.service_level_bp, order_cost_minor = excluded.order_cost_minor,
             holding_rate_bp = excluded.holding_rate_bp, updated_at = excluded.updated_at",
    )?
    .execute(params![
        input.item_id,
        input.location_id,
        input.reorder_point,
        input.safety_stock,
        input.order_up_to,
        input.reserved,
        input.service_level_bp,
        order_cost,
        input.holding_rate_bp,
        change.timestamp()
    ])?;
    let after = reorder_setting(tx, input.item_id, input.location_id)?.expect("just written");
    let logged_before = before.as_ref().map(logged_setting);
    let logged_after = logged_setting(&after);
    if logged_before.as_ref() != Some(&logged_after) {
        events::append(
            tx,
            change,
            "stock_item",
            input.item_id,
            "reorder settings changed",
            logged_before.as_ref(),
            Some(&logged_after),
        )?;
    }
    Ok(after)
}

/// Removes the reorder rule of an item at a location: it is no longer suggested there.
pub fn clear_reorder(tx: &Transaction, change: &Change, item_id: i64, location_id: i64) -> Result<()> {
    let before = reorder_setting(tx, item_id, location_id)?.ok_or_else(|| {
        Error::not_found(format!("reorder settings of stock item {item_id} at location {location_id}"))
    })?;
    tx.prepare_cached("DELETE FROM reorder_settings WHERE item_id = ?1 AND location_id = ?2")?
        .execute([item_id, location_id])?;
    events::append(tx, change, "stock_item", item_id, "reorder settings cleared", Some(&logged_setting(&before)), None)
}

// ---- demand -------------------------------------------------------------------------

/// What was issued of an item at a location over a window of days.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemandStats {
    pub item_id: i64,
    pub location_id: i64,
    /// First day of the window.
    pub from: NaiveDate,
    /// Last day of the window (inclusive).
    pub to: NaiveDate,
    /// Days in the window.
    pub days: i64,
    /// Units issued over the window.
    pub total: i64,
    /// Days on which something was issued.
    pub days_with_issues: i64,
    pub average_daily: f64,
    /// Population standard deviation of daily demand over every day of the window.
    pub std_dev_daily: f64,
    /// Average daily demand × 365.
    pub annual: f64,
}

/// Demand for an item at a location over the `days` days ending on `to`: one indexed
/// range of the ledger, summed per day.
pub fn demand_stats(
    conn: &Connection,
    item_id: i64,
    location_id: i64,
    to: NaiveDate,
    days: i64,
) -> Result<DemandStats> {
    if !(1..=MAX_LEAD_TIME_DAYS).contains(&days) {
        return Err(Error::invalid("windowDays", format!("must be between 1 and {MAX_LEAD_TIME_DAYS} days")));
    }
    let from = to - Days::new(days as u64 - 1);
    let until = to + Days::new(1);
    // Timestamps are RFC 3339 UTC, so a day's movements sort between "YYYY-MM-DD" and
    // the next day's date, and their first ten characters are their day.
    let mut stmt = conn.prepare_cached(
        "SELECT -sum(quantity) FROM stock_movements INDEXED BY stock_movements_by_item_at
         WHERE item_id = ?1 AND at >= ?2 AND at < ?3 AND location_id = ?4 AND kind = 'issue'
         GROUP BY substr(at, 1, 10)",
    )?;
    let daily = stmt
        .query_map(params![item_id, from.to_string(), until.to_string(), location_id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let total: i64 = daily.iter().sum();
    let n = days as f64;
    let mean = total as f64 / n;
    // Two passes around the mean (numerically steadier than Σx² − n·mean²); the days
    // without issues each contribute mean².
    let quiet_days = (days - daily.len() as i64) as f64;
    let squares: f64 = daily.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() + quiet_days * mean * mean;
    Ok(DemandStats {
        item_id,
        location_id,
        from,
        to,
        days,
        total,
        days_with_issues: daily.len() as i64,
        average_daily: mean,
        std_dev_daily: (squares / n).sqrt(),
        annual: mean * 365.0,
    })
}

/// The z-score of a service level given in basis points (9500 → 1.645): the inverse of
/// the standard normal CDF, by Acklam's rational approximation (relative error below
/// 1.2 × 10⁻⁹). Levels outside (0, 100%) are clamped to 0.01% and 99.99%.
pub fn z_for_service_level(bp: i64) -> f64 {
    inverse_normal_cdf(bp.clamp(1, 9999) as f64 / 10_000.0)
}

fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.38357751867269e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
    const LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

// ---- computed parameters ------------------------------------------------------------

/// What the formulas are computed from, as the rule form holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ParameterInputs {
    pub service_level_bp: i64,
    /// The cost of placing one order as typed, in the default currency; blank if unknown.
    pub order_cost: Option<String>,
    /// The yearly cost of holding one unit, in basis points of its unit cost.
    pub holding_rate_bp: Option<i64>,
    /// Days of history to learn demand from; blank means a year.
    pub window_days: Option<i64>,
}

impl Default for ParameterInputs {
    fn default() -> Self {
        ParameterInputs {
            service_level_bp: DEFAULT_SERVICE_LEVEL_BP,
            order_cost: None,
            holding_rate_bp: None,
            window_days: None,
        }
    }
}

/// Where the lead time came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadTime {
    pub days: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    /// Whether it is the preferred offer's (else the item's shortest).
    pub preferred: bool,
}

/// One computed value and how it was reached, e.g. "1.645 × 2.10 × √7 = 9.14 → 10".
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Formula {
    pub value: i64,
    /// The value before rounding.
    pub exact: f64,
    pub working: String,
}

/// Proposed reorder parameters with everything they were computed from. A value that
/// cannot be computed is `None`, and `missing` says why in words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComputedParameters {
    pub demand: DemandStats,
    pub service_level_bp: i64,
    pub z: f64,
    pub lead_time: Option<LeadTime>,
    /// The preferred offer's price.
    pub unit_cost: Option<Money>,
    pub order_cost: Option<Money>,
    pub holding_rate_bp: Option<i64>,
    pub safety_stock: Option<Formula>,
    pub reorder_point: Option<Formula>,
    pub eoq: Option<Formula>,
    pub order_up_to: Option<Formula>,
    pub missing: Vec<String>,
}

/// Rounds up, ignoring floating-point noise below 10⁻⁹ (2.0000000000004 is 2, not 3).
pub fn ceil_clean(x: f64) -> i64 {
    ((x * 1e9).round() / 1e9).ceil() as i64
}

/// Sorts an item's offers (as `o`) so that the first gives its lead time: the preferred
/// offer, else the shortest lead time (the cheapest among equals).
const LEAD_TIME_ORDER: &str = "o.preferred DESC, o.lead_time_days, o.price_minor, o.id";

/// The lead time of every item that has an offer, chosen as [`computed_parameters`]
/// chooses it, in one query.
pub fn lead_times(conn: &Connection) -> Result<HashMap<i64, LeadTime>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT item_id, lead_time_days, supplier_id, supplier_name, preferred FROM (
             SELECT o.item_id, o.lead_time_days, o.supplier_id, s.name AS supplier_name, o.preferred,
                    row_number() OVER (PARTITION BY o.item_id ORDER BY {LEAD_TIME_ORDER}) AS rank
             FROM supplier_offers o JOIN suppliers s ON s.id = o.supplier_id)
         WHERE rank = 1"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            LeadTime { days: r.get(1)?, supplier_id: r.get(2)?, supplier_name: r.get(3)?, preferred: r.get(4)? },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Proposes safety stock, reorder point, EOQ and order-up-to for an item at a location
/// from its demand up to `as_of` and its offers. Saves nothing.
pub fn computed_parameters(
    conn: &Connection,
    item_id: i64,
    location_id: i64,
    as_of: NaiveDate,
    inputs: &ParameterInputs,
) -> Result<ComputedParameters> {
    let mut checks = Checks::default();
    if !conn.prepare_cached("SELECT 1 FROM stock_items WHERE id = ?1")?.exists([item_id])? {
        checks.push("itemId", format!("stock item {item_id} does not exist"));
    }
    if !conn.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([location_id])? {
        checks.push("locationId", format!("location {location_id} does not exist"));
    }
    check_service_level(&mut checks, "serviceLevelBp", inputs.service_level_bp);
    let order_cost_minor = check_order_cost(&mut checks, "orderCost", inputs.order_cost.as_deref());
    check_holding_rate(&mut checks, "holdingRateBp", inputs.holding_rate_bp);
    let window = inputs.window_days.unwrap_or(DEFAULT_DEMAND_WINDOW_DAYS);
    if !(1..=MAX_LEAD_TIME_DAYS).contains(&window) {
        checks.push("windowDays", format!("must be between 1 and {MAX_LEAD_TIME_DAYS} days"));
    }
    checks.into_result()?;

    let demand = demand_stats(conn, item_id, location_id, as_of, window)?;
    let z = z_for_service_level(inputs.service_level_bp);
    let offer: Option<(LeadTime, Money)> = conn
        .prepare_cached(&format!(
            "SELECT o.lead_time_days, o.supplier_id, s.name, o.preferred, o.price_minor, o.currency
             FROM supplier_offers o JOIN suppliers s ON s.id = o.supplier_id
             WHERE o.item_id = ?1
             ORDER BY {LEAD_TIME_ORDER} LIMIT 1"
        ))?
        .query_row([item_id], |r| {
            Ok((
                LeadTime { days: r.get(0)?, supplier_id: r.get(1)?, supplier_name: r.get(2)?, preferred: r.get(3)? },
                Money { minor: r.get(4)?, currency: r.get(5)? },
            ))
        })
        .optional()?;
    let currency = settings::load(conn)?.default_currency;
    let order_cost = order_cost_minor.map(|minor| Money { minor, currency });
    let unit_cost = offer.as_ref().filter(|(lead, _)| lead.preferred).map(|(_, price)| price.clone());
    let lead_time = offer.map(|(lead, _)| lead);
    let mut missing = Vec::new();

    let (avg, sigma) = (demand.average_daily, demand.std_dev_daily);
    let (safety_stock, reorder_point) = match &lead_time {
        None => {
            missing.push(
                "no supplier offers this item, so there is no lead time: add an offer to compute safety stock and \
                 the reorder point"
                    .to_string(),
            );
            (None, None)
        }
        Some(lead) => {
            let l = lead.days as f64;
            let exact = z * sigma * l.sqrt();
            let ss = ceil_clean(exact);
            let safety = Formula {
                value: ss,
                exact,
                working: format!("{z:.3} × {sigma:.2} × √{} = {exact:.2} → {ss}", lead.days),
            };
            let cycle = avg * l;
            let cycle_units = ceil_clean(cycle);
            let rp = cycle_units + ss;
            let reorder = Formula {
                value: rp,
                exact: cycle + exact,
                working: format!("{avg:.2} × {} = {cycle:.2} → {cycle_units}; {cycle_units} + {ss} = {rp}", lead.days),
            };
            (Some(safety), Some(reorder))
        }
    };

    let eoq = match (&order_cost, inputs.holding_rate_bp, &unit_cost) {
        (None, _, _) | (_, None, _) => {
            missing.push("give an order cost and a holding rate to compute the economic order quantity".to_string());
            None
        }
        (_, _, None) => {
            missing.push("no offer is preferred, so there is no unit cost for the economic order quantity".to_string());
            None
        }
        (Some(order), Some(_), Some(unit)) if order.currency != unit.currency => {
            missing.push(format!(
                "the preferred offer is in {} and the order cost in {}, so the economic order quantity cannot be \
                 computed",
                unit.currency, order.currency
            ));
            None
        }
        (Some(_), Some(0), _) | (_, _, Some(Money { minor: 0, .. })) => {
            missing.push(
                "holding one unit costs nothing (zero unit cost or holding rate), so EOQ is unbounded".to_string(),
            );
            None
        }
        (Some(order), Some(rate_bp), Some(unit)) => {
            let rate = rate_bp as f64 / 10_000.0;
            let (s, c) = (order.minor as f64 / 100.0, unit.minor as f64 / 100.0);
            let exact = (2.0 * demand.annual * s / (c * rate)).sqrt();
            let value = exact.round() as i64;
            Some(Formula {
                value,
                exact,
                working: format!(
                    "√(2 × {:.2} × {} / ({} × {rate})) = {exact:.2} → {value}",
                    demand.annual,
                    format_money(order.minor),
                    format_money(unit.minor)
                ),
            })
        }
    };

    let order_up_to = match (&reorder_point, &eoq) {
        (Some(rp), Some(q)) => {
            let value = rp.value + q.value.max(1);
            Some(Formula {
                value,
                exact: value as f64,
                working: format!("{} + max({}, 1) = {value}", rp.value, q.value),
            })
        }
        _ => {
            missing.push("order-up-to needs both the reorder point and the economic order quantity".to_string());
            None
        }
    };

    Ok(ComputedParameters {
        demand,
        service_level_bp: inputs.service_level_bp,
        z,
        lead_time,
        unit_cost,
        order_cost,
        holding_rate_bp: inputs.holding_rate_bp,
        safety_stock,
        reorder_point,
        eoq,
        order_up_to,
        missing,
    })
}

// ---- suggestions --------------------------------------------------------------------

/// An item at a location at or below its reorder point, and what to order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReorderSuggestion {
    pub item_id: i64,
    pub item_sku: String,
    pub item_name: String,
    pub unit: String,
    pub location_id: i64,
    /// "London HQ › North Tower › IT Store".
    pub location_name: String,
    /// Our own stock here; consignment stock is the supplier's and does not count.
    pub on_hand: i64,
    /// Still owed by approved, sent or partially received orders delivering here.
    pub on_order: i64,
    /// On draft orders: not counted, shown so nobody orders twice.
    pub on_draft: i64,
    pub reserved: i64,
    /// on hand + on order − reserved.
    pub available: i64,
    pub reorder_point: i64,
    pub safety_stock: i64,
    pub order_up_to: i64,
    /// Reorder point − available: how urgent it is.
    pub shortfall: i64,
    pub suggested_qty: i64,
    /// `None` when no offer is preferred.
    pub supplier_id: Option<i64>,
    pub supplier_name: Option<String>,
    pub unit_price: Option<Money>,
    pub min_order_qty: i64,
    pub pack_size: i64,
    pub lead_time_days: Option<i64>,
    /// When an order placed on `as_of` would arrive, at the quoted lead time.
    pub expected_on: Option<NaiveDate>,
    /// suggested quantity × unit price.
    pub line_value: Option<Money>,
}

/// Outstanding quantity per item and delivery location on open (`on_order`) and draft
/// (`on_draft`) orders, as a CTE named `orders`.
const ORDERS_CTE: &str = "orders AS (
         SELECT l.item_id, o.deliver_to_id AS location_id,
                sum(CASE WHEN o.status = 'draft' THEN 0 ELSE max(l.quantity - l.received_qty, 0) END) AS on_order,
                sum(CASE WHEN o.status = 'draft' THEN max(l.quantity - l.received_qty, 0) ELSE 0 END) AS on_draft
         FROM purchase_orders o
         JOIN purchase_order_lines l ON l.order_id = o.id
         WHERE o.status IN ('draft', 'approved', 'sent', 'partially_received')
           AND l.item_id IS NOT NULL AND l.cancelled = 0
         GROUP BY l.item_id, o.deliver_to_id
     )";

/// Every reorder rule at or below its reorder point on `as_of` — at one location, or
/// everywhere — the most urgent (furthest below) first, then by SKU.
pub fn suggestions(conn: &Connection, as_of: NaiveDate, location_id: Option<i64>) -> Result<Vec<ReorderSuggestion>> {
    let names: HashMap<i64, String> = reference::locations(conn)?.into_iter().map(|l| (l.id, l.full_name)).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "WITH {ORDERS_CTE},
         levels AS (
             SELECT r.item_id, r.location_id, r.reorder_point, r.safety_stock, r.order_up_to, r.reserved,
                    ifnull(b.on_hand, 0) AS on_hand, ifnull(d.on_order, 0) AS on_order,
                    ifnull(d.on_draft, 0) AS on_draft,
                    ifnull(b.on_hand, 0) + ifnull(d.on_order, 0) - r.reserved AS available
             FROM reorder_settings r
             LEFT JOIN stock_balances b
                    ON b.item_id = r.item_id AND b.location_id = r.location_id AND b.owner_key = 0
             LEFT JOIN orders d ON d.item_id = r.item_id AND d.location_id = r.location_id
             WHERE ?1 IS NULL OR r.location_id = ?1
         )
         SELECT v.item_id, i.sku, i.name, i.unit, v.location_id, v.on_hand, v.on_order, v.on_draft, v.reserved,
                v.available, v.reorder_point, v.safety_stock, v.order_up_to,
                p.supplier_id, s.name, p.price_minor, p.currency, p.min_order_qty, p.pack_size, p.lead_time_days
         FROM levels v
         JOIN stock_items i ON i.id = v.item_id
         LEFT JOIN supplier_offers p ON p.item_id = v.item_id AND p.preferred = 1
         LEFT JOIN suppliers s ON s.id = p.supplier_id
         WHERE v.available <= v.reorder_point
         ORDER BY v.reorder_point - v.available DESC, i.sku, v.location_id"
    ))?;
    let rows = stmt.query_map([location_id], |r| {
        let available: i64 = r.get(9)?;
        let reorder_point: i64 = r.get(10)?;
        let order_up_to: i64 = r.get(12)?;
        let min_order_qty: i64 = r.get::<_, Option<i64>>(17)?.unwrap_or(1);
        let pack_size: i64 = r.get::<_, Option<i64>>(18)?.unwrap_or(1);
        let lead_time_days: Option<i64> = r.get(19)?;
        let suggested_qty = order_quantity(order_up_to - available, min_order_qty, pack_size);
        let unit_price = Money::from_columns(r.get(15)?, r.get(16)?);
        let line_value = unit_price
            .as_ref()
            .and_then(|p| Some(Money { minor: p.minor.checked_mul(suggested_qty)?, currency: p.currency.clone() }));
        let location_id: i64 = r.get(4)?;
        Ok(ReorderSuggestion {
            item_id: r.get(0)?,
            item_sku: r.get(1)?,
            item_name: r.get(2)?,
            unit: r.get(3)?,
            location_id,
            location_name: names.get(&location_id).cloned().unwrap_or_default(),
            on_hand: r.get(5)?,
            on_order: r.get(6)?,
            on_draft: r.get(7)?,
            reserved: r.get(8)?,
            available,
            reorder_point,
            safety_stock: r.get(11)?,
            order_up_to,
            shortfall: reorder_point - available,
            suggested_qty,
            supplier_id: r.get(13)?,
            supplier_name: r.get(14)?,
            unit_price,
            min_order_qty,
            pack_size,
            lead_time_days,
            expected_on: lead_time_days.and_then(|d| as_of.checked_add_days(Days::new(d.max(0) as u64))),
            line_value,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What to order to cover `need` units: at least one (the rule is at or below its
/// reorder point), at least the minimum order quantity, in whole packs.
pub fn order_quantity(need: i64, min_order_qty: i64, pack_size: i64) -> i64 {
    let pack = pack_size.max(1);
    let wanted = need.max(min_order_qty).max(1);
    (wanted + pack - 1) / pack * pack
}

// ---- draft lines --------------------------------------------------------------------

/// A purchase order line to draft from a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftLine {
    pub item_id: i64,
    /// Where the order delivers to.
    pub location_id: i64,
    pub supplier_id: i64,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub currency: String,
}

/// Turns the picked suggestions (item, location) into order lines at the preferred
/// offer's price, sorted by supplier, location, currency and SKU so that each draft
/// order's lines are adjacent. Refused, naming them, when a pick is no longer
/// suggested or has no preferred supplier to order from.
pub fn draft_lines(conn: &Connection, as_of: NaiveDate, picks: &[(i64, i64)]) -> Result<Vec<DraftLine>> {
    let wanted: HashSet<(i64, i64)> = picks.iter().copied().collect();
    let mut chosen: Vec<ReorderSuggestion> =
        suggestions(conn, as_of, None)?.into_iter().filter(|s| wanted.contains(&(s.item_id, s.location_id))).collect();
    let found: HashSet<(i64, i64)> = chosen.iter().map(|s| (s.item_id, s.location_id)).collect();
    let mut problems: Vec<String> = Vec::new();
    let mut gone: Vec<(i64, i64)> = wanted.difference(&found).copied().collect();
    gone.sort_unstable();
    for (item, location) in gone {
        problems.push(format!("stock item {item} at location {location} is no longer at or below its reorder point"));
    }
    for s in chosen.iter().filter(|s| s.supplier_id.is_none()) {
        problems.push(format!("{} at {} has no preferred supplier", s.item_sku, s.location_name));
    }
    if !problems.is_empty() {
        return Err(Error::Conflict { field: None, message: problems.join("; ") });
    }
    chosen.sort_by(|a, b| {
        (a.supplier_id, a.location_id, a.unit_price.as_ref().map(|p| &p.currency), &a.item_sku).cmp(&(
            b.supplier_id,
            b.location_id,
            b.unit_price.as_ref().map(|p| &p.currency),
            &b.item_sku,
        ))
    });
    Ok(chosen
        .into_iter()
        .map(|s| {
            let price = s.unit_price.expect("a preferred offer has a price");
            DraftLine {
                item_id: s.item_id,
                location_id: s.location_id,
                supplier_id: s.supplier_id.expect("checked above"),
                quantity: s.suggested_qty,
                unit_price_minor: price.minor,
                currency: price.currency,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_quantities_meet_the_minimum_in_whole_packs() {
        assert_eq!(order_quantity(7, 1, 1), 7);
        assert_eq!(order_quantity(7, 10, 1), 10, "raised to the minimum order");
        assert_eq!(order_quantity(7, 1, 5), 10, "two packs of five");
        assert_eq!(order_quantity(11, 12, 5), 15, "minimum 12 is three packs of five");
        assert_eq!(order_quantity(0, 1, 1), 1, "at the reorder point, order something");
    }

    #[test]
    fn ceilings_ignore_floating_point_noise() {
        assert_eq!(ceil_clean(0.1 * 3.0 * 10.0), 3, "0.1 × 3 × 10 is 3.0000000000000004 in f64");
        assert_eq!(ceil_clean(3.01), 4);
    }
}
