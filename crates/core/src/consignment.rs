//! Consignment stock: stock a supplier owns but keeps at our sites, paid for only when
//! used. The usage statement says what we used of one supplier's stock in a period and
//! what it is worth, for the supplier to invoice from.
//!
//! Rules:
//! - **Usage** is every `issue` and `dispose` movement of the supplier's consignment
//!   stock (`stock_movements.owner_supplier_id`) whose timestamp falls on a day of the
//!   period, both ends included (timestamps are UTC, so are the days). Transfers
//!   between our sites, returns to the supplier and count corrections are not usage.
//! - **Unit price** of an item: the supplier's offer for it (`supplier_offers`), else the
//!   unit cost of the last delivery (`receive`) of that supplier's consignment stock of
//!   the item up to the end of the period, else unknown. Value = quantity × unit price,
//!   in integer minor units; an item of unknown price is valued in no total and counted
//!   in `lines_without_price`.
//! - Totals are per currency; amounts in different currencies are never added.
//!
//! [`usage_csv`] writes the statement's movements as RFC 4180 CSV (CRLF line ends,
//! quoted where needed) with money as plain decimals in the currency's minor units
//! ("12.34", "1500" for yen).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use tagledger_print::reports::consignment::{ConsignmentItem, ConsignmentMovement, ConsignmentReport};
use ts_rs::TS;

use crate::assets::Money;
use crate::scorecard::Period;
use crate::stock::MovementKind;
use crate::{reference, Error, Result};

/// Where a unit price on the statement came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PriceSource {
    /// The supplier's offer for the item.
    Offer,
    /// The unit cost of the last delivery of this consignment stock.
    LastReceipt,
    Unknown,
}

impl PriceSource {
    fn words(self) -> &'static str {
        match self {
            PriceSource::Offer => "offer",
            PriceSource::LastReceipt => "last receipt",
            PriceSource::Unknown => "unknown",
        }
    }
}

/// One item's usage in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// Units used (positive).
    pub quantity: i64,
    /// `None`: price unknown.
    pub unit_price: Option<Money>,
    pub price_source: PriceSource,
    pub value: Option<Money>,
}

/// One issue or disposal of the supplier's consignment stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageMovement {
    pub movement_id: i64,
    /// RFC 3339 UTC.
    pub at: String,
    pub date: NaiveDate,
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub kind: MovementKind,
    /// Units used (positive).
    pub quantity: i64,
    pub location_id: i64,
    /// "London HQ › North Tower › IT Store".
    pub location_name: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    /// A department or cost centre, in words.
    pub issued_to: Option<String>,
    pub reason: Option<String>,
    pub reference: Option<String>,
    pub unit_price: Option<Money>,
    pub value: Option<Money>,
}

impl UsageMovement {
    /// Whom it went to: the person and/or the department ("Zoë Müller, Finance").
    pub fn recipient(&self) -> String {
        [self.person_name.as_deref(), self.issued_to.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageStatement {
    pub supplier_id: i64,
    pub supplier_name: String,
    pub period: Period,
    /// Per item, by SKU.
    pub lines: Vec<UsageLine>,
    /// Oldest first.
    pub movements: Vec<UsageMovement>,
    /// Value per currency, in currency order.
    pub totals: Vec<Money>,
    /// Items used whose price is unknown (in no total).
    pub lines_without_price: i64,
}

/// The usage statement of `supplier_id`'s consignment stock over `period`.
pub fn usage(conn: &Connection, supplier_id: i64, period: Period) -> Result<UsageStatement> {
    period.check()?;
    let supplier_name: String = conn
        .prepare_cached("SELECT name FROM suppliers WHERE id = ?1")?
        .query_row([supplier_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("supplier {supplier_id}")))?;
    let (from, until) = (period.from.to_string(), period.end_exclusive().to_string());

    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.at, m.item_id, i.sku, i.name, i.unit, m.kind, -m.quantity, m.location_id, m.person_id, p.name,
                m.issued_to, m.reason, m.reference
         FROM stock_movements m
         JOIN stock_items i ON i.id = m.item_id
         LEFT JOIN people p ON p.id = m.person_id
         WHERE m.owner_supplier_id = ?1 AND m.at >= ?2 AND m.at < ?3 AND m.kind IN ('issue', 'dispose')
         ORDER BY m.at, m.id",
    )?;
    let mut movements = stmt
        .query_map(params![supplier_id, from, until], |r| {
            let at: String = r.get(1)?;
            let kind = if r.get::<_, String>(6)? == "issue" { MovementKind::Issue } else { MovementKind::Dispose };
            Ok(UsageMovement {
                movement_id: r.get(0)?,
                date: at.get(..10).and_then(|d| d.parse().ok()).unwrap_or(period.from),
                at,
                item_id: r.get(2)?,
                sku: r.get(3)?,
                name: r.get(4)?,
                unit: r.get(5)?,
                kind,
                quantity: r.get(7)?,
                location_id: r.get(8)?,
                location_name: String::new(),
                person_id: r.get(9)?,
                person_name: r.get(10)?,
                issued_to: r.get(11)?,
                reason: r.get(12)?,
                reference: r.get(13)?,
                unit_price: None,
                value: None,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let mut locations: HashMap<i64, String> = HashMap::new();
    let mut prices: HashMap<i64, (Option<Money>, PriceSource)> = HashMap::new();
    let mut lines: BTreeMap<(String, i64), UsageLine> = BTreeMap::new();
    for m in &mut movements {
        m.location_name = cached(&mut locations, m.location_id, || reference::location_full_name(conn, m.location_id))?;
        let (price, source) = cached(&mut prices, m.item_id, || unit_price(conn, supplier_id, m.item_id, &until))?;
        m.value = price.as_ref().map(|p| Money { minor: p.minor * m.quantity, currency: p.currency.clone() });
        m.unit_price = price.clone();
        let line = lines.entry((m.sku.clone(), m.item_id)).or_insert_with(|| UsageLine {
            item_id: m.item_id,
            sku: m.sku.clone(),
            name: m.name.clone(),
            unit: m.unit.clone(),
            quantity: 0,
            unit_price: price,
            price_source: source,
            value: None,
        });
        line.quantity += m.quantity;
    }
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    let mut lines_without_price = 0;
    let lines: Vec<UsageLine> = lines
        .into_values()
        .map(|mut line| {
            line.value = line
                .unit_price
                .as_ref()
                .map(|p| Money { minor: p.minor * line.quantity, currency: p.currency.clone() });
            match &line.value {
                Some(v) => *totals.entry(v.currency.clone()).or_default() += v.minor,
                None => lines_without_price += 1,
            }
            line
        })
        .collect();
    Ok(UsageStatement {
        supplier_id,
        supplier_name,
        period,
        lines,
        movements,
        totals: totals.into_iter().map(|(currency, minor)| Money { minor, currency }).collect(),
        lines_without_price,
    })
}

/// The value of `key`, looked up once.
fn cached<V: Clone>(map: &mut HashMap<i64, V>, key: i64, look_up: impl FnOnce() -> Result<V>) -> Result<V> {
    if let Some(value) = map.get(&key) {
        return Ok(value.clone());
    }
    let value = look_up()?;
    map.insert(key, value.clone());
    Ok(value)
}

/// The price of an item used from `supplier_id`'s consignment stock: its offer, else the
/// unit cost of the last receipt before `until` (exclusive), else unknown.
fn unit_price(conn: &Connection, supplier_id: i64, item_id: i64, until: &str) -> Result<(Option<Money>, PriceSource)> {
    let offer = conn
        .prepare_cached("SELECT price_minor, currency FROM supplier_offers WHERE item_id = ?1 AND supplier_id = ?2")?
        .query_row(params![item_id, supplier_id], |r| Ok(Money { minor: r.get(0)?, currency: r.get(1)? }))
        .optional()?;
    if let Some(offer) = offer {
        return Ok((Some(offer), PriceSource::Offer));
    }
    let received = conn
        .prepare_cached(
            "SELECT unit_cost_minor, currency FROM stock_movements
             WHERE item_id = ?1 AND owner_supplier_id = ?2 AND kind = 'receive' AND unit_cost_minor IS NOT NULL
               AND at < ?3
             ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![item_id, supplier_id, until], |r| Ok(Money { minor: r.get(0)?, currency: r.get(1)? }))
        .optional()?;
    Ok(match received {
        Some(cost) => (Some(cost), PriceSource::LastReceipt),
        None => (None, PriceSource::Unknown),
    })
}

/// Minor units as a plain decimal in the currency's minor unit: 1234 EUR is "12.34",
/// 1500 JPY is "1500". The number of decimals is read from the print crate's money
/// format so the CSV and the PDF cannot disagree.
pub fn decimal(minor: i64, currency: &str) -> String {
    let zero = tagledger_print::report::format_money(0, currency);
    let digits =
        zero.split_once('.').map_or(0, |(_, decimals)| decimals.chars().take_while(char::is_ascii_digit).count());
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10u64.pow(digits as u32);
    format!("{sign}{}.{:0digits$}", abs / scale, abs % scale)
}

pub const CSV_HEADERS: [&str; 13] = [
    "date",
    "sku",
    "item",
    "kind",
    "quantity",
    "unit",
    "location",
    "issued_to",
    "reason",
    "reference",
    "unit_price",
    "currency",
    "value",
];

/// The statement's movements as CSV: a header row, then one row per issue or disposal
/// with its unit price and value (blank when the price is unknown).
pub fn usage_csv(statement: &UsageStatement) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, record: &[String]| {
        writer.write_record(record).expect("writing CSV to memory cannot fail");
    };
    write(&mut writer, &CSV_HEADERS.map(str::to_string));
    for m in &statement.movements {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let money = |m: &Option<Money>| m.as_ref().map(|m| decimal(m.minor, &m.currency)).unwrap_or_default();
        write(
            &mut writer,
            &[
                m.date.to_string(),
                m.sku.clone(),
                m.name.clone(),
                m.kind.as_str().to_string(),
                m.quantity.to_string(),
                m.unit.clone(),
                m.location_name.clone(),
                m.recipient(),
                text(&m.reason),
                text(&m.reference),
                money(&m.unit_price),
                m.unit_price.as_ref().map(|p| p.currency.clone()).unwrap_or_default(),
                money(&m.value),
            ],
        );
    }
    let bytes = writer.into_inner().expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("the CSV is made of strings")
}

/// The printed usage statement.
pub fn report(
    conn: &Connection,
    supplier_id: i64,
    period: Period,
    organisation: &str,
    generated_at: &str,
) -> Result<ConsignmentReport> {
    let statement = usage(conn, supplier_id, period)?;
    let items = statement
        .lines
        .iter()
        .map(|l| ConsignmentItem {
            sku: l.sku.clone(),
            name: l.name.clone(),
            unit: l.unit.clone(),
            quantity: l.quantity,
            unit_price_minor: l.unit_price.as_ref().map(|p| p.minor),
            currency: l.unit_price.as_ref().map(|p| p.currency.clone()),
            value_minor: l.value.as_ref().map(|v| v.minor),
            price_source: l.price_source.words().to_string(),
        })
        .collect();
    let movements = statement
        .movements
        .iter()
        .map(|m| ConsignmentMovement {
            date: m.date.to_string(),
            sku: m.sku.clone(),
            name: m.name.clone(),
            kind: m.kind.as_str().to_string(),
            quantity: m.quantity,
            location: m.location_name.clone(),
            issued_to: match m.kind {
                MovementKind::Dispose => format!("disposed: {}", m.reason.clone().unwrap_or_default()),
                _ => m.recipient(),
            },
            reference: m.reference.clone().unwrap_or_default(),
        })
        .collect();
    Ok(ConsignmentReport {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        supplier: statement.supplier_name,
        from: period.from.to_string(),
        to: period.to.to_string(),
        items,
        movements,
    })
}

/// Consignment stock on hand: one supplier's item at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsignedStock {
    pub supplier_id: i64,
    pub supplier_name: String,
    pub item_id: i64,
    pub sku: String,
    pub item_name: String,
    pub unit: String,
    pub location_id: i64,
    pub location_name: String,
    pub on_hand: i64,
}

/// Every supplier's consignment stock on hand (balances above zero), by supplier, SKU
/// and location.
pub fn on_hand_by_owner(conn: &Connection) -> Result<Vec<ConsignedStock>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.owner_supplier_id, s.name, b.item_id, i.sku, i.name, i.unit, b.location_id, b.on_hand
         FROM stock_balances b
         JOIN suppliers s ON s.id = b.owner_supplier_id
         JOIN stock_items i ON i.id = b.item_id
         WHERE b.owner_key <> 0 AND b.on_hand > 0",
    )?;
    let mut rows = stmt
        .query_map([], |r| {
            Ok(ConsignedStock {
                supplier_id: r.get(0)?,
                supplier_name: r.get(1)?,
                item_id: r.get(2)?,
                sku: r.get(3)?,
                item_name: r.get(4)?,
                unit: r.get(5)?,
                location_id: r.get(6)?,
                location_name: String::new(),
                on_hand: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut locations: HashMap<i64, String> = HashMap::new();
    for row in &mut rows {
        row.location_name =
            cached(&mut locations, row.location_id, || reference::location_full_name(conn, row.location_id))?;
    }
    rows.sort_by(|a, b| {
        (&a.supplier_name, a.supplier_id, &a.sku, &a.location_name).cmp(&(
            &b.supplier_name,
            b.supplier_id,
            &b.sku,
            &b.location_name,
        ))
    });
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_a_plain_decimal_in_the_currency_minor_unit() {
        assert_eq!(decimal(1234, "EUR"), "12.34");
        assert_eq!(decimal(5, "GBP"), "0.05");
        assert_eq!(decimal(1500, "JPY"), "1500");
        assert_eq!(decimal(1234, "KWD"), "1.234");
        assert_eq!(decimal(-1234, "USD"), "-12.34");
    }
}
