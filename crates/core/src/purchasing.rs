//! Purchase orders and goods receipts: buying stock items and assets from suppliers,
//! and booking in what arrives.
//!
//! An order moves draft → approved → sent → partially received → received → closed,
//! or is cancelled; every step is one function that checks the order's status first
//! (refusing with a conflict that names the status and what to do instead) and appends
//! an event ("purchase_order", id) in the caller's transaction:
//! - [`create_order`], [`update_order`] (drafts only; replaces the lines). A line is a
//!   stock item or an asset model; a blank unit price on a stock item line takes the
//!   supplier's offer, and the offer's price (when in the order's currency) and lead
//!   time are copied into `quoted_*` so scorecards compare with what was quoted then.
//! - [`approve`] (approved_by = the actor), [`send`] (sets `ordered_on` on the order and
//!   its lines; a line without a promised date is promised `ordered_on` + quoted lead
//!   time when that is known).
//! - [`cancel`] only while nothing was received; [`cancel_line`] gives up the
//!   undelivered rest of one line; [`close`] ends a received or partially received
//!   order, giving up its open back-orders (the lines stay uncancelled, so a scorecard
//!   still counts them as not delivered in full).
//!
//! Goods receipts ([`receive`]) are taken against a sent or partially received order.
//! An approved order that was never sent is refused rather than sent implicitly: its
//! `ordered_on`, from which lead times count, would have to be guessed. A line may
//! arrive in several receipts; accepted units may exceed the ordered quantity by at most
//! [`OVER_DELIVERY_TOLERANCE_PERCENT`] (rounded down: 10 → 11, 5 → 5); rejected units
//! need a reason and are never stocked; cancelled lines take no receipts. Accepted stock
//! items are received into our own stock at the receipt's location; accepted units of
//! an asset model become new assets (named after the model, generated tags, the given
//! serials or none, status deployable, the landed cost as purchase cost; the
//! category's custom fields are left for later, since the receiver does not know them). The line counters
//! (`received_qty`, `rejected_qty`, first/last received, `completed_on` = the day of
//! the receipt that brought accepted to the ordered quantity) and the order's status are
//! kept in the same transaction. Any refusal writes nothing.
//!
//! Landed cost. A receipt's freight is its own `freight` when given; otherwise it is
//! its share of the order's charges C (freight + other charges): with V the order's
//! goods value (ordered quantity × unit price; for a cancelled line, what was received
//! of it) and A(x) = min(C, ⌊C·x/V⌋), a receipt that brings the accepted goods value from
//! `b` to `a` carries A(a) − A(b), and the receipt that completes the order carries the
//! exact rest, C − A(b). Shares therefore never drift by rounding, and a receipt with
//! its own freight takes its own freight instead of a share. The receipt's freight is
//! then allocated over its lines in proportion to accepted value (accepted × unit
//! price; by accepted quantity if all of it is free), largest remainder first (ties to
//! the earlier line), so the shares sum exactly to the freight; lines with nothing
//! accepted get none. Landed unit cost = unit price + share ÷ accepted, rounded half up.
//!
//! Amounts are integer minor units in the order's currency.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use tagledger_print::reports::purchase_order::{PurchaseOrderReport, PurchaseOrderReportLine};
use ts_rs::TS;

use crate::assets::{self, AssetStatus, ValidAsset};
use crate::stock::{self, StockKey, StockMovement, MAX_QUANTITY};
use crate::validate::{check_currency, format_money, parse_money, Checks, MAX_MONEY_MINOR};
use crate::{events, reference, settings, Change, Error, Result};

/// How far above the ordered quantity accepted units may go, in percent.
pub const OVER_DELIVERY_TOLERANCE_PERCENT: i64 = 10;

/// The most lines one order may have: far beyond a real order, and it keeps the goods
/// total inside i64 whatever the lines hold.
pub const MAX_LINES: usize = 1_000;

// ---- status -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    Approved,
    Sent,
    PartiallyReceived,
    Received,
    Closed,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Draft,
        OrderStatus::Approved,
        OrderStatus::Sent,
        OrderStatus::PartiallyReceived,
        OrderStatus::Received,
        OrderStatus::Closed,
        OrderStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Approved => "approved",
            OrderStatus::Sent => "sent",
            OrderStatus::PartiallyReceived => "partially_received",
            OrderStatus::Received => "received",
            OrderStatus::Closed => "closed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Draft => "Draft",
            OrderStatus::Approved => "Approved",
            OrderStatus::Sent => "Sent",
            OrderStatus::PartiallyReceived => "Partially received",
            OrderStatus::Received => "Received",
            OrderStatus::Closed => "Closed",
            OrderStatus::Cancelled => "Cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Still expecting something: an order to work on, send or receive.
    pub fn is_open(self) -> bool {
        matches!(self, OrderStatus::Draft | OrderStatus::Approved | OrderStatus::Sent | OrderStatus::PartiallyReceived)
    }

    /// "is a draft", "is partially received": for messages that name the status.
    fn phrase(self) -> &'static str {
        match self {
            OrderStatus::Draft => "is a draft",
            OrderStatus::Approved => "is approved",
            OrderStatus::Sent => "is sent",
            OrderStatus::PartiallyReceived => "is partially received",
            OrderStatus::Received => "is received",
            OrderStatus::Closed => "is closed",
            OrderStatus::Cancelled => "is cancelled",
        }
    }
}

fn status_column(r: &Row, index: usize) -> rusqlite::Result<OrderStatus> {
    let status: String = r.get(index)?;
    OrderStatus::parse(&status).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, format!("unknown order status {status}").into())
    })
}

/// A refusal because of the order's status: "PO-000004 is a draft: approve it before sending".
fn refuse(order: &PurchaseOrder, what_to_do: &str) -> Error {
    Error::Conflict { field: None, message: format!("{} {}: {what_to_do}", order.number, order.status.phrase()) }
}

// ---- orders: types and reads --------------------------------------------------------

/// What the order form submits. Amounts are as typed ("12.50").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderInput {
    pub supplier_id: i64,
    pub deliver_to_id: i64,
    /// Blank: the currency of the supplier's offer for the first stock item line, else
    /// the organisation's default currency.
    pub currency: Option<String>,
    pub freight: Option<String>,
    pub other_charges: Option<String>,
    pub notes: String,
    pub lines: Vec<LineInput>,
}

/// One line of the order form: a stock item or an asset model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LineInput {
    pub item_id: Option<i64>,
    pub model_id: Option<i64>,
    pub description: String,
    pub quantity: i64,
    /// As typed; blank on a stock item line takes the supplier's offer price. Required
    /// for an asset model.
    pub unit_price: Option<String>,
    pub promised_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub id: i64,
    pub line_no: i64,
    pub item_id: Option<i64>,
    pub model_id: Option<i64>,
    /// The stock item's SKU or the model's name.
    pub sku_or_model: String,
    pub description: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    /// The supplier's offer when the line was made (its price only if in the order's currency).
    pub quoted_price_minor: Option<i64>,
    pub quoted_lead_days: Option<i64>,
    pub promised_on: Option<NaiveDate>,
    /// Accepted so far, over every receipt.
    pub received_qty: i64,
    pub rejected_qty: i64,
    pub returned_qty: i64,
    /// Still expected: 0 once the line is complete or cancelled, or the order is
    /// closed or cancelled.
    pub outstanding_qty: i64,
    /// The day accepted reached the ordered quantity.
    pub completed_on: Option<NaiveDate>,
    pub cancelled: bool,
    /// Quantity × unit price; for a cancelled line, only what was received of it.
    pub line_total_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseOrder {
    pub id: i64,
    /// "PO-000123".
    pub number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub status: OrderStatus,
    pub currency: String,
    pub deliver_to_id: i64,
    /// "London HQ › North Tower › IT Store".
    pub deliver_to_name: String,
    /// The day it went to the supplier; `None` until sent.
    pub ordered_on: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub freight_minor: i64,
    pub other_charges_minor: i64,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
    pub lines: Vec<OrderLine>,
    /// The sum of the line totals.
    pub goods_total_minor: i64,
    /// Goods + freight + other charges.
    pub total_minor: i64,
}

/// An order in a list, with its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub status: OrderStatus,
    pub currency: String,
    pub deliver_to_id: i64,
    /// The location's own name (the list does not spell out the whole path).
    pub deliver_to_name: String,
    pub ordered_on: Option<NaiveDate>,
    pub line_count: i64,
    pub goods_total_minor: i64,
    pub total_minor: i64,
    /// Units still expected over all lines (see [`OrderLine::outstanding_qty`]).
    pub outstanding_qty: i64,
    /// The earliest promised date of a line not yet complete nor cancelled.
    pub next_promised_on: Option<NaiveDate>,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub supplier_id: Option<i64>,
    /// Only draft, approved, sent and partially received orders.
    pub open_only: bool,
}

/// A line still expected for a stock item, with its order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OnOrder {
    pub order_id: i64,
    pub order_number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub status: OrderStatus,
    pub line: OrderLine,
}

const SELECT_ORDER: &str = "SELECT o.id, o.number, o.supplier_id, s.name, o.status, o.currency, o.deliver_to_id,
        o.ordered_on, o.approved_by, o.freight_minor, o.other_charges_minor, o.notes, o.created_at, o.updated_at
     FROM purchase_orders o
     JOIN suppliers s ON s.id = o.supplier_id";

const SELECT_LINE: &str = "SELECT l.id, l.line_no, l.item_id, l.model_id, coalesce(i.sku, m.name, ''), l.description,
        l.quantity, l.unit_price_minor, l.quoted_price_minor, l.quoted_lead_days, l.promised_on, l.received_qty,
        l.rejected_qty, l.returned_qty, l.completed_on, l.cancelled, o.status, o.id, o.number, o.supplier_id, s.name
     FROM purchase_order_lines l
     JOIN purchase_orders o ON o.id = l.order_id
     JOIN suppliers s ON s.id = o.supplier_id
     LEFT JOIN stock_items i ON i.id = l.item_id
     LEFT JOIN models m ON m.id = l.model_id";

fn order_row(r: &Row) -> rusqlite::Result<PurchaseOrder> {
    Ok(PurchaseOrder {
        id: r.get(0)?,
        number: r.get(1)?,
        supplier_id: r.get(2)?,
        supplier_name: r.get(3)?,
        status: status_column(r, 4)?,
        currency: r.get(5)?,
        deliver_to_id: r.get(6)?,
        deliver_to_name: String::new(),
        ordered_on: r.get(7)?,
        approved_by: r.get(8)?,
        freight_minor: r.get(9)?,
        other_charges_minor: r.get(10)?,
        notes: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        lines: Vec::new(),
        goods_total_minor: 0,
        total_minor: 0,
    })
}

/// A line with its order's id, number, status and supplier.
fn line_row(r: &Row) -> rusqlite::Result<OnOrder> {
    let quantity: i64 = r.get(6)?;
    let unit_price: i64 = r.get(7)?;
    let received: i64 = r.get(11)?;
    let cancelled: bool = r.get(15)?;
    let status = status_column(r, 16)?;
    let outstanding = if cancelled || matches!(status, OrderStatus::Closed | OrderStatus::Cancelled) {
        0
    } else {
        (quantity - received).max(0)
    };
    let billed = if cancelled { received } else { quantity };
    Ok(OnOrder {
        order_id: r.get(17)?,
        order_number: r.get(18)?,
        supplier_id: r.get(19)?,
        supplier_name: r.get(20)?,
        status,
        line: OrderLine {
            id: r.get(0)?,
            line_no: r.get(1)?,
            item_id: r.get(2)?,
            model_id: r.get(3)?,
            sku_or_model: r.get(4)?,
            description: r.get(5)?,
            quantity,
            unit_price_minor: unit_price,
            quoted_price_minor: r.get(8)?,
            quoted_lead_days: r.get(9)?,
            promised_on: r.get(10)?,
            received_qty: received,
            rejected_qty: r.get(12)?,
            returned_qty: r.get(13)?,
            outstanding_qty: outstanding,
            completed_on: r.get(14)?,
            cancelled,
            line_total_minor: billed.saturating_mul(unit_price),
        },
    })
}

pub fn order(conn: &Connection, id: i64) -> Result<PurchaseOrder> {
    let order = conn
        .prepare_cached(&format!("{SELECT_ORDER} WHERE o.id = ?1"))?
        .query_row([id], order_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("purchase order {id}")))?;
    complete_order(conn, order)
}

/// The order with that number ("po-000123" finds PO-000123).
pub fn order_by_number(conn: &Connection, number: &str) -> Result<PurchaseOrder> {
    let number = number.trim();
    let order = conn
        .prepare_cached(&format!("{SELECT_ORDER} WHERE o.number = ?1"))?
        .query_row([number], order_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("purchase order {number}")))?;
    complete_order(conn, order)
}

/// Adds the lines, totals and the delivery location's full name.
fn complete_order(conn: &Connection, mut order: PurchaseOrder) -> Result<PurchaseOrder> {
    order.deliver_to_name = reference::location_full_name(conn, order.deliver_to_id)?;
    order.lines = conn
        .prepare_cached(&format!("{SELECT_LINE} WHERE l.order_id = ?1 ORDER BY l.line_no"))?
        .query_map([order.id], line_row)?
        .map(|row| row.map(|on| on.line))
        .collect::<rusqlite::Result<_>>()?;
    order.goods_total_minor = order.lines.iter().map(|l| l.line_total_minor).fold(0, i64::saturating_add);
    order.total_minor =
        order.goods_total_minor.saturating_add(order.freight_minor).saturating_add(order.other_charges_minor);
    Ok(order)
}

/// Orders, newest first, with their totals: one query, however many orders.
pub fn orders(conn: &Connection, filter: &OrderFilter) -> Result<Vec<OrderSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.number, o.supplier_id, s.name, o.status, o.currency, o.deliver_to_id, d.name, o.ordered_on,
             count(l.id),
             ifnull(sum(CASE WHEN l.cancelled THEN l.received_qty ELSE l.quantity END * l.unit_price_minor), 0),
             o.freight_minor + o.other_charges_minor,
             ifnull(sum(CASE WHEN l.cancelled OR o.status IN ('closed', 'cancelled') THEN 0
                        ELSE max(l.quantity - l.received_qty, 0) END), 0),
             min(CASE WHEN NOT l.cancelled AND l.completed_on IS NULL THEN l.promised_on END),
             o.created_at
         FROM purchase_orders o
         JOIN suppliers s ON s.id = o.supplier_id
         JOIN locations d ON d.id = o.deliver_to_id
         LEFT JOIN purchase_order_lines l ON l.order_id = o.id
         WHERE (?1 IS NULL OR o.status = ?1)
           AND (?2 IS NULL OR o.supplier_id = ?2)
           AND (NOT ?3 OR o.status IN ('draft', 'approved', 'sent', 'partially_received'))
         GROUP BY o.id
         ORDER BY o.id DESC",
    )?;
    let rows =
        stmt.query_map(params![filter.status.map(OrderStatus::as_str), filter.supplier_id, filter.open_only], |r| {
            let goods: i64 = r.get(10)?;
            let charges: i64 = r.get(11)?;
            Ok(OrderSummary {
                id: r.get(0)?,
                number: r.get(1)?,
                supplier_id: r.get(2)?,
                supplier_name: r.get(3)?,
                status: status_column(r, 4)?,
                currency: r.get(5)?,
                deliver_to_id: r.get(6)?,
                deliver_to_name: r.get(7)?,
                ordered_on: r.get(8)?,
                line_count: r.get(9)?,
                goods_total_minor: goods,
                total_minor: goods.saturating_add(charges),
                outstanding_qty: r.get(12)?,
                next_promised_on: r.get(13)?,
                created_at: r.get(14)?,
            })
        })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What is on order for a stock item: lines of approved, sent or partially received
/// orders with something still outstanding, earliest promised first (unpromised last).
pub fn open_lines_for_item(conn: &Connection, item_id: i64) -> Result<Vec<OnOrder>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_LINE}
         WHERE l.item_id = ?1 AND NOT l.cancelled AND l.received_qty < l.quantity
           AND o.status IN ('approved', 'sent', 'partially_received')
         ORDER BY l.promised_on IS NULL, l.promised_on, o.id, l.line_no"
    ))?;
    let rows = stmt.query_map([item_id], line_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The line to blame for a stockout of `item_id` on `on`: a line of an order that was
/// not a draft nor cancelled, not itself cancelled, promised before `on` and not
/// complete before `on` (a delivery on the day itself may have come after the shelf
/// emptied). The earliest promised if several.
pub fn late_line_for_stockout(conn: &Connection, item_id: i64, on: NaiveDate) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT l.id FROM purchase_order_lines l
             JOIN purchase_orders o ON o.id = l.order_id
             WHERE l.item_id = ?1 AND NOT l.cancelled AND o.status NOT IN ('draft', 'cancelled')
               AND l.promised_on < ?2 AND (l.completed_on IS NULL OR l.completed_on >= ?2)
             ORDER BY l.promised_on, l.id
             LIMIT 1",
        )?
        .query_row(params![item_id, on], |r| r.get(0))
        .optional()?)
}

/// The order as the PDF prints it.
pub fn order_report(conn: &Connection, id: i64, organisation: &str, generated_at: &str) -> Result<PurchaseOrderReport> {
    let order = order(conn, id)?;
    let supplier_contact: Vec<String> = conn
        .prepare_cached("SELECT contact, email, phone FROM suppliers WHERE id = ?1")?
        .query_row([order.supplier_id], |r| {
            Ok([r.get::<_, Option<String>>(0)?, r.get(1)?, r.get(2)?].into_iter().flatten().collect())
        })?;
    Ok(PurchaseOrderReport {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        number: order.number,
        status: order.status.label().to_string(),
        supplier: order.supplier_name,
        supplier_contact,
        deliver_to: order.deliver_to_name,
        ordered_on: order.ordered_on.map(|d| d.to_string()),
        currency: order.currency,
        lines: order
            .lines
            .iter()
            .map(|l| PurchaseOrderReportLine {
                line_no: l.line_no,
                sku_or_model: l.sku_or_model.clone(),
                description: l.description.clone(),
                quantity: l.quantity,
                unit_price_minor: l.unit_price_minor,
                promised_on: l.promised_on.map(|d| d.to_string()),
                line_total_minor: l.line_total_minor,
                cancelled: l.cancelled,
            })
            .collect(),
        goods_total_minor: order.goods_total_minor,
        freight_minor: order.freight_minor,
        other_charges_minor: order.other_charges_minor,
        total_minor: order.total_minor,
        notes: order.notes,
        approved_by: order.approved_by,
    })
}

// ---- orders: writes -----------------------------------------------------------------

struct ValidLine {
    item_id: Option<i64>,
    model_id: Option<i64>,
    description: String,
    quantity: i64,
    unit_price: i64,
    quoted_price: Option<i64>,
    quoted_lead_days: Option<i64>,
    promised_on: Option<NaiveDate>,
}

struct ValidOrder {
    supplier_id: i64,
    deliver_to_id: i64,
    currency: String,
    freight: i64,
    other_charges: i64,
    notes: String,
    lines: Vec<ValidLine>,
}

/// What a supplier quotes for an item.
struct Offer {
    price: i64,
    currency: String,
    lead_days: i64,
}

fn offer(conn: &Connection, item_id: i64, supplier_id: i64) -> Result<Option<Offer>> {
    Ok(conn
        .prepare_cached(
            "SELECT price_minor, currency, lead_time_days FROM supplier_offers WHERE item_id = ?1 AND supplier_id = ?2",
        )?
        .query_row(params![item_id, supplier_id], |r| {
            Ok(Offer { price: r.get(0)?, currency: r.get(1)?, lead_days: r.get(2)? })
        })
        .optional()?)
}

fn exists(conn: &Connection, table: &str, id: i64) -> Result<bool> {
    Ok(conn.prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?.exists([id])?)
}

/// An optional amount as typed: blank is `None`.
fn typed_money(checks: &mut Checks, field: &str, value: Option<&str>) -> Option<i64> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    parse_money(value).map_err(|e| checks.push(field, e)).ok()
}

fn validate_order(conn: &Connection, input: &OrderInput) -> Result<ValidOrder> {
    let mut checks = Checks::default();
    let supplier_known = exists(conn, "suppliers", input.supplier_id)?;
    if !supplier_known {
        checks.push("supplierId", format!("supplier {} does not exist", input.supplier_id));
    }
    if !exists(conn, "locations", input.deliver_to_id)? {
        checks.push("deliverToId", format!("location {} does not exist", input.deliver_to_id));
    }
    let freight = typed_money(&mut checks, "freight", input.freight.as_deref()).unwrap_or(0);
    let other_charges = typed_money(&mut checks, "otherCharges", input.other_charges.as_deref()).unwrap_or(0);
    let notes = checks.long_text("notes", &input.notes);
    if input.lines.is_empty() {
        checks.push("lines", "add at least one line");
    } else if input.lines.len() > MAX_LINES {
        checks.push("lines", format!("an order has at most {MAX_LINES} lines"));
    }
    // The supplier's offers for the stock items on the order, by line.
    let mut offers = Vec::with_capacity(input.lines.len());
    for line in &input.lines {
        offers.push(match (line.item_id, supplier_known) {
            (Some(item), true) => offer(conn, item, input.supplier_id)?,
            _ => None,
        });
    }
    let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => check_currency(code).unwrap_or_else(|e| {
            checks.push("currency", e);
            String::new()
        }),
        None => match offers.iter().flatten().next() {
            Some(offer) => offer.currency.clone(),
            None => settings::load(conn)?.default_currency,
        },
    };
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, (line, offer)) in input.lines.iter().zip(&offers).enumerate() {
        let field = |name: &str| format!("lines.{i}.{name}");
        match (line.item_id, line.model_id) {
            (Some(item), None) => {
                if !exists(conn, "stock_items", item)? {
                    checks.push(&field("itemId"), format!("stock item {item} does not exist"));
                }
            }
            (None, Some(model)) => {
                if !exists(conn, "models", model)? {
                    checks.push(&field("modelId"), format!("model {model} does not exist"));
                }
            }
            _ => checks.push(&field("itemId"), "choose a stock item or an asset model"),
        }
        if line.quantity < 1 {
            checks.push(&field("quantity"), "must be at least 1");
        } else if line.quantity > MAX_QUANTITY {
            checks.push(&field("quantity"), "is implausibly large");
        }
        let description = checks.optional_text(&field("description"), Some(&line.description)).unwrap_or_default();
        let same_currency = offer.as_ref().filter(|o| o.currency == currency);
        let unit_price = match typed_money(&mut checks, &field("unitPrice"), line.unit_price.as_deref()) {
            Some(price) => price,
            None if line.unit_price.as_deref().is_some_and(|p| !p.trim().is_empty()) => 0,
            None => match (offer, same_currency) {
                (_, Some(offer)) => offer.price,
                (Some(offer), None) => {
                    checks.push(
                        &field("unitPrice"),
                        format!("the supplier's offer is in {}; type the price in {currency}", offer.currency),
                    );
                    0
                }
                (None, None) if line.model_id.is_some() => {
                    checks.push(&field("unitPrice"), "is required");
                    0
                }
                (None, None) => {
                    checks.push(&field("unitPrice"), "is required: this supplier has no offer for the item");
                    0
                }
            },
        };
        if line.quantity.checked_mul(unit_price).is_none_or(|total| total > MAX_MONEY_MINOR) {
            checks.push(&field("quantity"), "the line total is implausibly large");
        }
        lines.push(ValidLine {
            item_id: line.item_id,
            model_id: line.model_id,
            description,
            quantity: line.quantity,
            unit_price,
            quoted_price: same_currency.map(|o| o.price),
            quoted_lead_days: offer.as_ref().map(|o| o.lead_days),
            promised_on: line.promised_on,
        });
    }
    checks.into_result()?;
    Ok(ValidOrder {
        supplier_id: input.supplier_id,
        deliver_to_id: input.deliver_to_id,
        currency,
        freight,
        other_charges,
        notes,
        lines,
    })
}

fn insert_lines(tx: &Transaction, order_id: i64, supplier_id: i64, lines: &[ValidLine]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO purchase_order_lines (order_id, line_no, supplier_id, item_id, model_id, description, quantity,
             unit_price_minor, quoted_price_minor, quoted_lead_days, promised_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, l) in lines.iter().enumerate() {
        stmt.execute(params![
            order_id,
            i as i64 + 1,
            supplier_id,
            l.item_id,
            l.model_id,
            l.description,
            l.quantity,
            l.unit_price,
            l.quoted_price,
            l.quoted_lead_days,
            l.promised_on
        ])?;
    }
    Ok(())
}

/// The next number after the highest of a table's `PREFIX-NNNNNN` numbers.
fn next_number(tx: &Transaction, table: &str, prefix: &str) -> Result<String> {
    let last: i64 = tx.query_row(
        &format!(
            "SELECT ifnull(max(CAST(substr(number, {start}) AS INTEGER)), 0) FROM {table} WHERE number LIKE '{prefix}%'",
            start = prefix.len() + 1
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{:06}", last + 1))
}

/// The order as its history records it.
fn logged_order(order: &PurchaseOrder) -> serde_json::Value {
    serde_json::json!({
        "number": order.number,
        "status": order.status,
        "supplier": order.supplier_name,
        "deliverTo": order.deliver_to_name,
        "currency": order.currency,
        "orderedOn": order.ordered_on,
        "approvedBy": order.approved_by,
        "freightMinor": order.freight_minor,
        "otherChargesMinor": order.other_charges_minor,
        "notes": order.notes,
        "lines": order.lines.iter().map(|l| serde_json::json!({
            "lineNo": l.line_no,
            "skuOrModel": l.sku_or_model,
            "description": l.description,
            "quantity": l.quantity,
            "unitPriceMinor": l.unit_price_minor,
            "promisedOn": l.promised_on,
            "cancelled": l.cancelled,
        })).collect::<Vec<_>>(),
    })
}

/// Appends a status change to the order's history and returns the order as it is now.
fn log_transition(
    tx: &Transaction,
    change: &Change,
    before: &PurchaseOrder,
    action: &str,
    extra: serde_json::Value,
) -> Result<PurchaseOrder> {
    let after = order(tx, before.id)?;
    let mut logged = serde_json::json!({ "status": after.status });
    if let (Some(logged), serde_json::Value::Object(extra)) = (logged.as_object_mut(), extra) {
        logged.extend(extra);
    }
    let was = serde_json::json!({ "status": before.status });
    events::append(tx, change, "purchase_order", before.id, action, Some(&was), Some(&logged))?;
    Ok(after)
}

fn set_status(tx: &Transaction, change: &Change, id: i64, status: OrderStatus) -> Result<()> {
    tx.prepare_cached("UPDATE purchase_orders SET status = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
        id,
        status.as_str(),
        change.timestamp()
    ])?;
    Ok(())
}

/// A new draft order, numbered after the highest number so far.
pub fn create_order(tx: &Transaction, change: &Change, input: &OrderInput) -> Result<PurchaseOrder> {
    let v = validate_order(tx, input)?;
    let number = next_number(tx, "purchase_orders", "PO-")?;
    tx.prepare_cached(
        "INSERT INTO purchase_orders (number, supplier_id, status, currency, deliver_to_id, freight_minor,
             other_charges_minor, notes, created_at, updated_at)
         VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        number,
        v.supplier_id,
        v.currency,
        v.deliver_to_id,
        v.freight,
        v.other_charges,
        v.notes,
        change.timestamp()
    ])?;
    let id = tx.last_insert_rowid();
    insert_lines(tx, id, v.supplier_id, &v.lines)?;
    let created = order(tx, id)?;
    events::append(tx, change, "purchase_order", id, "created", None, Some(&logged_order(&created)))?;
    Ok(created)
}

/// Rewrites a draft: its header and all its lines (numbered afresh from 1).
pub fn update_order(tx: &Transaction, change: &Change, id: i64, input: &OrderInput) -> Result<PurchaseOrder> {
    let before = order(tx, id)?;
    if before.status != OrderStatus::Draft {
        return Err(refuse(&before, "only a draft can be edited"));
    }
    let v = validate_order(tx, input)?;
    tx.prepare_cached(
        "UPDATE purchase_orders SET supplier_id = ?2, currency = ?3, deliver_to_id = ?4, freight_minor = ?5,
             other_charges_minor = ?6, notes = ?7, updated_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        v.supplier_id,
        v.currency,
        v.deliver_to_id,
        v.freight,
        v.other_charges,
        v.notes,
        change.timestamp()
    ])?;
    // A draft has no receipts, stockout links or scorecard history, so its lines can go.
    tx.prepare_cached("DELETE FROM purchase_order_lines WHERE order_id = ?1")?.execute([id])?;
    insert_lines(tx, id, v.supplier_id, &v.lines)?;
    let after = order(tx, id)?;
    let (b, a) = (logged_order(&before), logged_order(&after));
    if a != b {
        events::append(tx, change, "purchase_order", id, "updated", Some(&b), Some(&a))?;
    }
    Ok(after)
}

/// Approves a draft; the actor is recorded as the approver.
pub fn approve(tx: &Transaction, change: &Change, id: i64) -> Result<PurchaseOrder> {
    let before = order(tx, id)?;
    match before.status {
        OrderStatus::Draft => {}
        OrderStatus::Approved => return Err(refuse(&before, "it was approved already")),
        _ => return Err(refuse(&before, "only a draft can be approved")),
    }
    tx.prepare_cached(
        "UPDATE purchase_orders SET status = 'approved', approved_by = ?2, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![id, change.actor, change.timestamp()])?;
    log_transition(tx, change, &before, "approved", serde_json::json!({ "approvedBy": change.actor }))
}

/// Records that an approved order went to the supplier on `ordered_on`. Lines without a
/// promised date are promised `ordered_on` + the quoted lead time, when one was quoted.
pub fn send(tx: &Transaction, change: &Change, id: i64, ordered_on: NaiveDate) -> Result<PurchaseOrder> {
    let before = order(tx, id)?;
    match before.status {
        OrderStatus::Approved => {}
        OrderStatus::Draft => return Err(refuse(&before, "approve it before sending")),
        OrderStatus::Cancelled => return Err(refuse(&before, "it cannot be sent")),
        _ => return Err(refuse(&before, "it was sent already")),
    }
    tx.prepare_cached("UPDATE purchase_orders SET status = 'sent', ordered_on = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, ordered_on, change.timestamp()])?;
    // date(d, NULL) is NULL, so a line without a quoted lead time keeps no promise.
    tx.prepare_cached(
        "UPDATE purchase_order_lines
         SET ordered_on = ?2, promised_on = coalesce(promised_on, date(?2, '+' || quoted_lead_days || ' days'))
         WHERE order_id = ?1",
    )?
    .execute(params![id, ordered_on])?;
    log_transition(tx, change, &before, "sent", serde_json::json!({ "orderedOn": ordered_on }))
}

fn has_receipts(conn: &Connection, order_id: i64) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM goods_receipts WHERE order_id = ?1")?.exists([order_id])?)
}

/// Cancels an order nothing was received against, with the reason in its history.
pub fn cancel(tx: &Transaction, change: &Change, id: i64, reason: &str) -> Result<PurchaseOrder> {
    let before = order(tx, id)?;
    match before.status {
        OrderStatus::Draft | OrderStatus::Approved | OrderStatus::Sent => {}
        OrderStatus::PartiallyReceived | OrderStatus::Received => {
            return Err(refuse(&before, "goods were received against it; close it instead"))
        }
        OrderStatus::Closed | OrderStatus::Cancelled => return Err(refuse(&before, "it cannot be cancelled")),
    }
    if has_receipts(tx, id)? {
        return Err(refuse(&before, "goods were received against it; close it instead"));
    }
    let mut checks = Checks::default();
    let reason = checks.required_text("reason", reason);
    checks.into_result()?;
    set_status(tx, change, id, OrderStatus::Cancelled)?;
    log_transition(tx, change, &before, "cancelled", serde_json::json!({ "reason": reason }))
}

/// Gives up the undelivered rest of one line of an approved, sent or partially received
/// order. If every other line is then complete (or cancelled) and something was
/// received, the order becomes received. The last open line of an order nothing was
/// received against cannot be cancelled alone: cancel the order.
pub fn cancel_line(tx: &Transaction, change: &Change, line_id: i64) -> Result<PurchaseOrder> {
    let order_id: i64 = tx
        .prepare_cached("SELECT order_id FROM purchase_order_lines WHERE id = ?1")?
        .query_row([line_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("purchase order line {line_id}")))?;
    let before = order(tx, order_id)?;
    match before.status {
        OrderStatus::Approved | OrderStatus::Sent | OrderStatus::PartiallyReceived => {}
        OrderStatus::Draft => return Err(refuse(&before, "edit its lines instead")),
        _ => return Err(refuse(&before, "its lines cannot be cancelled")),
    }
    let line = before.lines.iter().find(|l| l.id == line_id).expect("the line belongs to this order");
    let name = format!("line {} of {}", line.line_no, before.number);
    let conflict = |message: String| Error::Conflict { field: None, message };
    if line.cancelled {
        return Err(conflict(format!("{name} is cancelled already")));
    }
    if line.completed_on.is_some() {
        return Err(conflict(format!("{name} is complete: nothing is left to cancel")));
    }
    let received = has_receipts(tx, order_id)?;
    let others_open = before.lines.iter().any(|l| l.id != line_id && !l.cancelled && l.completed_on.is_none());
    let others_left = before.lines.iter().any(|l| l.id != line_id && !l.cancelled);
    if !received && !others_left {
        return Err(conflict(format!("{name} is its last line and nothing was received: cancel the order instead")));
    }
    tx.prepare_cached("UPDATE purchase_order_lines SET cancelled = 1 WHERE id = ?1")?.execute([line_id])?;
    let status = if received && !others_open { OrderStatus::Received } else { before.status };
    set_status(tx, change, order_id, status)?;
    log_transition(
        tx,
        change,
        &before,
        "line cancelled",
        serde_json::json!({
            "lineNo": line.line_no,
            "skuOrModel": line.sku_or_model,
            "givenUp": line.quantity - line.received_qty.min(line.quantity),
        }),
    )
}

/// Closes a received or partially received order; what is still outstanding is no
/// longer expected.
pub fn close(tx: &Transaction, change: &Change, id: i64) -> Result<PurchaseOrder> {
    let before = order(tx, id)?;
    match before.status {
        OrderStatus::Received | OrderStatus::PartiallyReceived => {}
        OrderStatus::Draft | OrderStatus::Approved | OrderStatus::Sent => {
            return Err(refuse(&before, "nothing was received against it; cancel it instead"))
        }
        OrderStatus::Closed => return Err(refuse(&before, "it was closed already")),
        OrderStatus::Cancelled => return Err(refuse(&before, "it cannot be closed")),
    }
    let given_up: i64 = before.lines.iter().map(|l| l.outstanding_qty).sum();
    set_status(tx, change, id, OrderStatus::Closed)?;
    log_transition(tx, change, &before, "closed", serde_json::json!({ "outstandingGivenUp": given_up }))
}

// ---- goods receipts -----------------------------------------------------------------

/// What the receiving form submits: one delivery against one order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReceiptInput {
    pub order_id: i64,
    pub received_on: NaiveDate,
    /// Blank: the order's deliver-to location.
    pub location_id: Option<i64>,
    pub delivery_note: Option<String>,
    /// This delivery's own freight, as typed; blank: its share of the order's charges.
    pub freight: Option<String>,
    pub lines: Vec<ReceiptLineInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReceiptLineInput {
    pub order_line_id: i64,
    pub accepted_qty: i64,
    pub rejected_qty: i64,
    /// Required when anything is rejected.
    pub rejection_reason: Option<String>,
    /// For an asset model line: none, or one per accepted unit.
    pub serials: Vec<String>,
}

/// An asset a receipt created, for printing its label at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedAsset {
    pub id: i64,
    pub tag: String,
    pub serial: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptLine {
    pub id: i64,
    pub order_line_id: i64,
    pub line_no: i64,
    pub sku_or_model: String,
    pub accepted_qty: i64,
    pub rejected_qty: i64,
    pub rejection_reason: Option<String>,
    /// This line's part of the receipt's freight.
    pub freight_share_minor: i64,
    /// What each accepted unit cost with its share of freight; `None` if none was accepted.
    pub landed_unit_cost_minor: Option<i64>,
    /// The stock movement that put a stock item on hand.
    pub movement_id: Option<i64>,
    /// The assets created from an asset model line, in tag order.
    pub assets: Vec<ReceivedAsset>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoodsReceipt {
    pub id: i64,
    /// "GR-000123".
    pub number: String,
    pub order_id: i64,
    pub order_number: String,
    pub received_on: NaiveDate,
    pub location_id: i64,
    pub location_name: String,
    pub delivery_note: Option<String>,
    pub freight_minor: i64,
    /// The order's currency.
    pub currency: String,
    pub created_at: String,
    pub actor: String,
    pub lines: Vec<ReceiptLine>,
}

/// A checked receipt line, ready to post.
struct PlannedLine<'o> {
    line: &'o OrderLine,
    accepted: i64,
    rejected: i64,
    reason: Option<String>,
    serials: Vec<String>,
    /// The model's category and name, for an asset model line.
    model: Option<(i64, String)>,
}

/// Shares of `total` in proportion to `weights`, by largest remainder (ties to the
/// earlier share), summing exactly to `total`. All shares are 0 if all weights are.
fn allocate(total: i64, weights: &[i128]) -> Vec<i64> {
    let sum: i128 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<i128> = weights.iter().map(|w| i128::from(total) * w).collect();
    let mut shares: Vec<i64> = exact.iter().map(|e| (e / sum) as i64).collect();
    let mut rest = total - shares.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Stable: equal remainders keep line order.
    order.sort_by_key(|&i| std::cmp::Reverse(exact[i] % sum));
    for i in order {
        if rest == 0 {
            break;
        }
        if weights[i] > 0 {
            shares[i] += 1;
            rest -= 1;
        }
    }
    shares
}

/// ⌊charges × value ÷ order value⌋, at most the charges.
fn charges_share(charges: i64, value: i128, order_value: i128) -> i64 {
    if order_value == 0 {
        return 0;
    }
    (i128::from(charges) * value / order_value).min(i128::from(charges)) as i64
}

/// Receives one delivery against a sent or partially received order; see the module
/// documentation for the rules. Returns the receipt with the assets it created.
pub fn receive(tx: &Transaction, change: &Change, input: &ReceiptInput) -> Result<GoodsReceipt> {
    let order = order(tx, input.order_id)?;
    match order.status {
        OrderStatus::Sent | OrderStatus::PartiallyReceived => {}
        OrderStatus::Draft => return Err(refuse(&order, "approve and send it before receiving")),
        OrderStatus::Approved => {
            return Err(refuse(&order, "send it, with the day it was ordered, before receiving against it"))
        }
        OrderStatus::Received => return Err(refuse(&order, "every line is complete; record more as a new order")),
        OrderStatus::Closed | OrderStatus::Cancelled => {
            return Err(refuse(&order, "nothing more can be received against it"))
        }
    }
    let mut checks = Checks::default();
    let location_id = input.location_id.unwrap_or(order.deliver_to_id);
    if !exists(tx, "locations", location_id)? {
        checks.push("locationId", format!("location {location_id} does not exist"));
    }
    if let Some(ordered_on) = order.ordered_on.filter(|d| input.received_on < *d) {
        checks.push("receivedOn", format!("is before {} was sent ({ordered_on})", order.number));
    }
    let delivery_note = checks.optional_text("deliveryNote", input.delivery_note.as_deref());
    let own_freight = typed_money(&mut checks, "freight", input.freight.as_deref());
    if input.lines.is_empty() {
        checks.push("lines", "add at least one line");
    }
    let mut seen_lines = HashSet::new();
    let mut seen_serials = HashSet::new();
    let mut planned = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("lines.{i}.{name}");
        let Some(line) = order.lines.iter().find(|x| x.id == l.order_line_id) else {
            checks.push(&field("orderLineId"), format!("line {} is not on {}", l.order_line_id, order.number));
            continue;
        };
        let name = format!("line {} ({})", line.line_no, line.sku_or_model);
        if !seen_lines.insert(line.id) {
            checks.push(&field("orderLineId"), format!("{name} is in this receipt twice"));
        }
        if line.cancelled {
            checks.push(&field("orderLineId"), format!("{name} was cancelled: nothing more is expected on it"));
            continue;
        }
        let mut quantity_ok = true;
        for (qty_field, qty) in [("acceptedQty", l.accepted_qty), ("rejectedQty", l.rejected_qty)] {
            if qty < 0 {
                checks.push(&field(qty_field), "cannot be negative");
                quantity_ok = false;
            } else if qty > MAX_QUANTITY {
                checks.push(&field(qty_field), "is implausibly large");
                quantity_ok = false;
            }
        }
        if quantity_ok && l.accepted_qty + l.rejected_qty == 0 {
            checks.push(&field("acceptedQty"), "say how many were accepted or rejected");
        }
        let limit = line.quantity + line.quantity * OVER_DELIVERY_TOLERANCE_PERCENT / 100;
        if quantity_ok && line.received_qty + l.accepted_qty > limit {
            checks.push(
                &field("acceptedQty"),
                format!(
                    "{name}: {} ordered, {} accepted before; at most {limit} can be accepted in all \
                     ({OVER_DELIVERY_TOLERANCE_PERCENT}% over), so at most {} more",
                    line.quantity,
                    line.received_qty,
                    (limit - line.received_qty).max(0)
                ),
            );
        }
        let reason = if l.rejected_qty > 0 {
            Some(checks.required_text(&field("rejectionReason"), l.rejection_reason.as_deref().unwrap_or("")))
        } else {
            None
        };
        let mut serials = Vec::with_capacity(l.serials.len());
        let mut model = None;
        match line.model_id {
            None if !l.serials.is_empty() => {
                checks.push(&field("serials"), format!("{name} is a stock item: it has no serial numbers"))
            }
            None => {}
            Some(model_id) => {
                let (category, model_name): (Option<i64>, String) =
                    tx.query_row("SELECT category_id, name FROM models WHERE id = ?1", [model_id], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?;
                match category {
                    Some(category) => model = Some((category, model_name.clone())),
                    None => checks.push(
                        &field("orderLineId"),
                        format!("{name}: model {model_name} has no category; give it one before receiving"),
                    ),
                }
                if !l.serials.is_empty() && l.serials.len() as i64 != l.accepted_qty {
                    checks.push(
                        &field("serials"),
                        format!(
                            "{name}: give one serial number per accepted unit ({}) or none; {} given",
                            l.accepted_qty,
                            l.serials.len()
                        ),
                    );
                }
                for serial in &l.serials {
                    let serial = checks.required_text(&field("serials"), serial);
                    if serial.is_empty() {
                        continue;
                    }
                    if !seen_serials.insert(serial.clone()) {
                        checks.push(&field("serials"), format!("serial number {serial} is given twice"));
                    }
                    let registered: Option<String> = tx
                        .prepare_cached("SELECT tag FROM assets WHERE model_id = ?1 AND serial = ?2 LIMIT 1")?
                        .query_row(params![model_id, serial], |r| r.get(0))
                        .optional()?;
                    if let Some(tag) = registered {
                        checks.push(
                            &field("serials"),
                            format!("serial number {serial} of {model_name} is already registered as {tag}"),
                        );
                    }
                    serials.push(serial);
                }
            }
        }
        planned.push(PlannedLine { line, accepted: l.accepted_qty, rejected: l.rejected_qty, reason, serials, model });
    }
    let accepted_any = planned.iter().any(|p| p.accepted > 0);
    if own_freight.is_some_and(|f| f > 0) && !accepted_any {
        checks.push("freight", "nothing was accepted to carry it");
    }
    checks.into_result()?;

    // Freight: the delivery's own, or its share of the order's charges.
    let price = |l: &OrderLine| i128::from(l.unit_price_minor);
    let value: Vec<i128> = planned.iter().map(|p| i128::from(p.accepted) * price(p.line)).collect();
    let completes = order.lines.iter().filter(|l| !l.cancelled).all(|l| {
        let now = planned.iter().filter(|p| p.line.id == l.id).map(|p| p.accepted).sum::<i64>();
        l.received_qty + now >= l.quantity
    });
    let freight = match own_freight {
        Some(freight) => freight,
        None => {
            let charges = order.freight_minor + order.other_charges_minor;
            let order_value: i128 = order
                .lines
                .iter()
                .map(|l| i128::from(if l.cancelled { l.received_qty } else { l.quantity }) * price(l))
                .sum();
            let before: i128 = order.lines.iter().map(|l| i128::from(l.received_qty) * price(l)).sum();
            let after = before + value.iter().sum::<i128>();
            let carried = charges_share(charges, before, order_value);
            let upto = if completes { charges } else { charges_share(charges, after, order_value) };
            (upto - carried).max(0)
        }
    };
    let weights = if value.iter().any(|v| *v > 0) {
        value.clone()
    } else {
        planned.iter().map(|p| i128::from(p.accepted)).collect()
    };
    let shares = allocate(freight, &weights);

    let number = next_number(tx, "goods_receipts", "GR-")?;
    tx.prepare_cached(
        "INSERT INTO goods_receipts (number, order_id, received_on, location_id, delivery_note, freight_minor,
             created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        number,
        order.id,
        input.received_on,
        location_id,
        delivery_note,
        freight,
        change.timestamp(),
        change.actor
    ])?;
    let receipt_id = tx.last_insert_rowid();
    let purchase_date = input.received_on;
    for (p, share) in planned.iter().zip(&shares) {
        let landed = (p.accepted > 0).then(|| p.line.unit_price_minor + (2 * share + p.accepted) / (2 * p.accepted));
        let movement_id = match (p.line.item_id, landed) {
            (Some(item_id), Some(landed)) => Some(
                stock::receive(
                    tx,
                    change,
                    &stock::Receipt {
                        stock: StockKey::ours(item_id, location_id),
                        quantity: p.accepted,
                        unit_cost: Some(format_money(landed)),
                        currency: Some(order.currency.clone()),
                        reference: Some(order.number.clone()),
                        reason: Some(format!("goods receipt {number}")),
                    },
                )?
                .id,
            ),
            _ => None,
        };
        tx.prepare_cached(
            "INSERT INTO goods_receipt_lines (receipt_id, order_line_id, accepted_qty, rejected_qty, rejection_reason,
                 freight_share_minor, landed_unit_cost_minor, movement_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            receipt_id,
            p.line.id,
            p.accepted,
            p.rejected,
            p.reason,
            share,
            landed,
            movement_id
        ])?;
        let receipt_line_id = tx.last_insert_rowid();
        if let (Some((category_id, model_name)), Some(landed)) = (&p.model, landed) {
            for k in 0..p.accepted as usize {
                let asset = ValidAsset {
                    tag: None,
                    serial: p.serials.get(k).cloned(),
                    name: model_name.clone(),
                    model_id: p.line.model_id,
                    category_id: *category_id,
                    location_id: Some(location_id),
                    status: AssetStatus::Deployable,
                    assigned_to: None,
                    purchase_date: Some(purchase_date),
                    purchase_cost_minor: Some(landed),
                    purchase_currency: Some(order.currency.clone()),
                    supplier_id: Some(order.supplier_id),
                    order_reference: Some(order.number.clone()),
                    warranty_end: None,
                    notes: String::new(),
                    custom_fields: BTreeMap::new(),
                };
                let asset_id = assets::insert(tx, change, &asset)?;
                let created = assets::get(tx, asset_id)?;
                events::append(tx, change, "asset", asset_id, "created", None, Some(&assets::snapshot(&created)))?;
                tx.prepare_cached("INSERT INTO goods_receipt_assets (receipt_line_id, asset_id) VALUES (?1, ?2)")?
                    .execute(params![receipt_line_id, asset_id])?;
            }
        }
        // Columns on the right of SET see the row as it was.
        tx.prepare_cached(
            "UPDATE purchase_order_lines
             SET received_qty = received_qty + ?2,
                 rejected_qty = rejected_qty + ?3,
                 first_received_on = min(ifnull(first_received_on, ?4), ?4),
                 last_received_on = max(ifnull(last_received_on, ?4), ?4),
                 completed_on = CASE WHEN completed_on IS NULL AND received_qty + ?2 >= quantity THEN ?4
                                ELSE completed_on END
             WHERE id = ?1",
        )?
        .execute(params![p.line.id, p.accepted, p.rejected, input.received_on])?;
    }
    let status = if completes { OrderStatus::Received } else { OrderStatus::PartiallyReceived };
    set_status(tx, change, order.id, status)?;
    let received = receipt(tx, receipt_id)?;
    let after = serde_json::json!({
        "status": status,
        "receipt": received.number,
        "receivedOn": received.received_on,
        "location": received.location_name,
        "deliveryNote": received.delivery_note,
        "freightMinor": received.freight_minor,
        "lines": received.lines.iter().map(|l| serde_json::json!({
            "lineNo": l.line_no,
            "skuOrModel": l.sku_or_model,
            "accepted": l.accepted_qty,
            "rejected": l.rejected_qty,
            "rejectionReason": l.rejection_reason,
            "landedUnitCostMinor": l.landed_unit_cost_minor,
            "assetTags": l.assets.iter().map(|a| a.tag.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let before = serde_json::json!({ "status": order.status });
    events::append(tx, change, "purchase_order", order.id, "goods received", Some(&before), Some(&after))?;
    Ok(received)
}

/// Receipts, with their lines and assets, where `filter` (on `r`) holds; three queries.
fn load_receipts(conn: &Connection, filter: &str, id: i64) -> Result<Vec<GoodsReceipt>> {
    let mut receipts: Vec<GoodsReceipt> = conn
        .prepare_cached(&format!(
            "SELECT r.id, r.number, r.order_id, o.number, r.received_on, r.location_id, r.delivery_note,
                 r.freight_minor, o.currency, r.created_at, r.actor
             FROM goods_receipts r JOIN purchase_orders o ON o.id = r.order_id
             WHERE {filter} ORDER BY r.received_on, r.id"
        ))?
        .query_map([id], |r| {
            Ok(GoodsReceipt {
                id: r.get(0)?,
                number: r.get(1)?,
                order_id: r.get(2)?,
                order_number: r.get(3)?,
                received_on: r.get(4)?,
                location_id: r.get(5)?,
                location_name: String::new(),
                delivery_note: r.get(6)?,
                freight_minor: r.get(7)?,
                currency: r.get(8)?,
                created_at: r.get(9)?,
                actor: r.get(10)?,
                lines: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut assets: HashMap<i64, Vec<ReceivedAsset>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT ga.receipt_line_id, a.id, a.tag, a.serial
         FROM goods_receipts r
         JOIN goods_receipt_lines gl ON gl.receipt_id = r.id
         JOIN goods_receipt_assets ga ON ga.receipt_line_id = gl.id
         JOIN assets a ON a.id = ga.asset_id
         WHERE {filter} ORDER BY a.id"
    ))?;
    for row in stmt.query_map([id], |r| {
        Ok((r.get::<_, i64>(0)?, ReceivedAsset { id: r.get(1)?, tag: r.get(2)?, serial: r.get(3)? }))
    })? {
        let (line, asset) = row?;
        assets.entry(line).or_default().push(asset);
    }
    let mut lines: HashMap<i64, Vec<ReceiptLine>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT gl.receipt_id, gl.id, gl.order_line_id, l.line_no, coalesce(i.sku, m.name, ''), gl.accepted_qty,
             gl.rejected_qty, gl.rejection_reason, gl.freight_share_minor, gl.landed_unit_cost_minor, gl.movement_id
         FROM goods_receipts r
         JOIN goods_receipt_lines gl ON gl.receipt_id = r.id
         JOIN purchase_order_lines l ON l.id = gl.order_line_id
         LEFT JOIN stock_items i ON i.id = l.item_id
         LEFT JOIN models m ON m.id = l.model_id
         WHERE {filter} ORDER BY gl.id"
    ))?;
    for row in stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ReceiptLine {
                id: r.get(1)?,
                order_line_id: r.get(2)?,
                line_no: r.get(3)?,
                sku_or_model: r.get(4)?,
                accepted_qty: r.get(5)?,
                rejected_qty: r.get(6)?,
                rejection_reason: r.get(7)?,
                freight_share_minor: r.get(8)?,
                landed_unit_cost_minor: r.get(9)?,
                movement_id: r.get(10)?,
                assets: Vec::new(),
            },
        ))
    })? {
        let (receipt, mut line) = row?;
        line.assets = assets.remove(&line.id).unwrap_or_default();
        lines.entry(receipt).or_default().push(line);
    }
    for receipt in &mut receipts {
        receipt.location_name = reference::location_full_name(conn, receipt.location_id)?;
        receipt.lines = lines.remove(&receipt.id).unwrap_or_default();
    }
    Ok(receipts)
}

pub fn receipt(conn: &Connection, id: i64) -> Result<GoodsReceipt> {
    load_receipts(conn, "r.id = ?1", id)?.pop().ok_or_else(|| Error::not_found(format!("goods receipt {id}")))
}

/// An order's receipts, in the order they were received.
pub fn receipts(conn: &Connection, order_id: i64) -> Result<Vec<GoodsReceipt>> {
    load_receipts(conn, "r.order_id = ?1", order_id)
}

// ---- returns ------------------------------------------------------------------------

/// Accepted stock sent back to the supplier against its order line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LineReturn {
    pub order_line_id: i64,
    pub quantity: i64,
    /// Where the stock is taken from.
    pub location_id: i64,
    pub reason: String,
}

/// Returns accepted units of a stock item line to the supplier: a `return_to_supplier`
/// movement (reference: the order number) and the line's `returned_qty`. At most what
/// was accepted less what was returned before; the stock must be on hand there.
pub fn return_to_supplier(tx: &Transaction, change: &Change, input: &LineReturn) -> Result<StockMovement> {
    let on = tx
        .prepare_cached(&format!("{SELECT_LINE} WHERE l.id = ?1"))?
        .query_row([input.order_line_id], line_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("purchase order line {}", input.order_line_id)))?;
    let line = &on.line;
    let name = format!("line {} of {}", line.line_no, on.order_number);
    let Some(item_id) = line.item_id else {
        return Err(Error::Conflict {
            field: Some("orderLineId".into()),
            message: format!("{name} is an asset model: return the assets from their own records"),
        });
    };
    let returnable = line.received_qty - line.returned_qty;
    let mut checks = Checks::default();
    if input.quantity < 1 {
        checks.push("quantity", "must be at least 1");
    } else if input.quantity > returnable {
        checks.push(
            "quantity",
            format!(
                "only {returnable} of {name} can be returned ({} accepted, {} returned before)",
                line.received_qty, line.returned_qty
            ),
        );
    }
    let reason = checks.required_text("reason", &input.reason);
    checks.into_result()?;
    let movement = stock::return_to_supplier(
        tx,
        change,
        &stock::SupplierReturn {
            stock: StockKey::ours(item_id, input.location_id),
            quantity: input.quantity,
            reason: reason.clone(),
            reference: Some(on.order_number.clone()),
        },
    )?;
    tx.prepare_cached("UPDATE purchase_order_lines SET returned_qty = returned_qty + ?2 WHERE id = ?1")?
        .execute(params![line.id, input.quantity])?;
    tx.prepare_cached("UPDATE purchase_orders SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![on.order_id, change.timestamp()])?;
    let after = serde_json::json!({
        "lineNo": line.line_no,
        "skuOrModel": line.sku_or_model,
        "quantity": input.quantity,
        "returnedQty": line.returned_qty + input.quantity,
        "reason": reason,
        "movementId": movement.id,
    });
    events::append(tx, change, "purchase_order", on.order_id, "returned to supplier", None, Some(&after))?;
    Ok(movement)
}

/// Turns the picked reorder suggestions (item, location) into draft purchase orders in
/// one step: one draft per preferred supplier, delivery location and currency, with
/// each line at the offer's price (blank price: the offer's, copied with its quote).
/// All or nothing: a pick no longer suggested, or without a preferred supplier, refuses
/// the lot (see [`crate::reorder::draft_lines`]).
pub fn drafts_from_suggestions(
    tx: &Transaction,
    change: &Change,
    as_of: NaiveDate,
    picks: &[(i64, i64)],
) -> Result<Vec<PurchaseOrder>> {
    if picks.is_empty() {
        return Err(Error::invalid("picks", "choose at least one suggestion"));
    }
    let lines = crate::reorder::draft_lines(tx, as_of, picks)?;
    let mut drafts = Vec::new();
    // draft_lines sorts by supplier, location and currency: each run is one order.
    for group in lines
        .chunk_by(|a, b| (a.supplier_id, a.location_id, &a.currency) == (b.supplier_id, b.location_id, &b.currency))
    {
        let first = &group[0];
        let input = OrderInput {
            supplier_id: first.supplier_id,
            deliver_to_id: first.location_id,
            currency: Some(first.currency.clone()),
            freight: None,
            other_charges: None,
            notes: "From reorder suggestions".into(),
            lines: group
                .iter()
                .map(|l| LineInput {
                    item_id: Some(l.item_id),
                    model_id: None,
                    description: String::new(),
                    quantity: l.quantity,
                    unit_price: None,
                    promised_on: None,
                })
                .collect(),
        };
        drafts.push(create_order(tx, change, &input)?);
    }
    Ok(drafts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_what_the_schema_stores() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str(), "the UI sees the stored name");
        }
    }

    #[test]
    fn allocation_sums_exactly_and_gives_the_remainder_to_the_largest_fractions() {
        // 1000 × (1, 2, 4) / 7 = 142.86, 285.71, 571.43: floors sum to 998, and the two
        // largest fractions (.86, .71) get the missing 2.
        assert_eq!(allocate(1000, &[1, 2, 4]), [143, 286, 571]);
        // Equal fractions: the earlier line first.
        assert_eq!(allocate(1000, &[1, 1, 1]), [334, 333, 333]);
        // Nothing accepted on the middle line: no share.
        assert_eq!(allocate(10, &[1, 0, 1]), [5, 0, 5]);
        assert_eq!(allocate(7, &[0, 0]), [0, 0]);
    }

    #[test]
    fn charges_shares_stop_at_the_charges() {
        assert_eq!(charges_share(100, 1000, 3000), 33);
        assert_eq!(charges_share(100, 4000, 3000), 100, "over-delivery carries no more than the charges");
        assert_eq!(charges_share(100, 5, 0), 0);
    }
}
