//! Software licences: products, licences with a number of seats, and the people or
//! assets holding them; compliance (over-assigned, unused seats, expiring).
//!
//! A licence key is a secret the organisation paid for: lists carry only a masked form
//! ([`mask_key`]), the full key is returned only when asked for ([`licence`] with
//! `reveal`), and the event log records that a key was set or changed, never the key.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assets::Money;
use crate::validate::{check_currency, parse_date, parse_money, Checks};
use crate::{events, settings, Change, Error, Result};

/// How a key shows in lists: its last four characters, the rest hidden.
pub fn mask_key(key: &str) -> String {
    let chars: Vec<char> = key.trim().chars().collect();
    if chars.len() <= 8 {
        return "••••".to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("••••-{tail}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SoftwareProduct {
    pub id: i64,
    pub name: String,
    pub publisher: Option<String>,
}

pub fn products(conn: &Connection) -> Result<Vec<SoftwareProduct>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, publisher FROM software_products ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok(SoftwareProduct { id: r.get(0)?, name: r.get(1)?, publisher: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates a product, or returns the existing one of that name.
pub fn create_product(tx: &Transaction, change: &Change, name: &str, publisher: Option<&str>) -> Result<i64> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    let publisher = checks.optional_text("publisher", publisher);
    checks.into_result()?;
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM software_products WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO software_products (name, publisher) VALUES (?1, ?2)")?
        .execute(params![name, publisher])?;
    let id = tx.last_insert_rowid();
    let after = serde_json::json!({ "name": name, "publisher": publisher });
    events::append(tx, change, "software_product", id, "created", None, Some(&after))?;
    Ok(id)
}

/// What the licence form submits; amounts and dates as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LicenceInput {
    pub product_id: Option<i64>,
    pub name: String,
    /// `None` on update keeps the stored key; `Some("")` removes it.
    pub licence_key: Option<String>,
    pub seats: Option<i64>,
    pub purchase_date: Option<String>,
    pub expiry_date: Option<String>,
    pub cost: Option<String>,
    pub renewal_cost: Option<String>,
    pub currency: Option<String>,
    pub supplier_id: Option<i64>,
    pub notes: String,
}

/// A licence with its seat counts. `key` is only filled when revealed on purpose.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Licence {
    pub id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub name: String,
    pub key_masked: Option<String>,
    pub key: Option<String>,
    pub seats: i64,
    pub assigned: i64,
    pub purchase_date: Option<NaiveDate>,
    pub expiry_date: Option<NaiveDate>,
    pub cost: Option<Money>,
    pub renewal_cost: Option<Money>,
    pub supplier_id: Option<i64>,
    pub supplier_name: Option<String>,
    pub notes: String,
}

impl Licence {
    pub fn available(&self) -> i64 {
        (self.seats - self.assigned).max(0)
    }

    pub fn over_assigned(&self) -> bool {
        self.assigned > self.seats
    }

    /// Days until expiry at `today` (negative once expired).
    pub fn days_to_expiry(&self, today: NaiveDate) -> Option<i64> {
        self.expiry_date.map(|d| (d - today).num_days())
    }
}

const SELECT_LICENCE: &str = "SELECT l.id, l.product_id, p.name, l.name, l.licence_key, l.seats,
        (SELECT count(*) FROM licence_seats s WHERE s.licence_id = l.id),
        l.purchase_date, l.expiry_date, l.cost_minor, l.renewal_cost_minor, l.currency, l.supplier_id, su.name, l.notes
     FROM licences l
     JOIN software_products p ON p.id = l.product_id
     LEFT JOIN suppliers su ON su.id = l.supplier_id";

fn licence_row(r: &Row, reveal: bool) -> rusqlite::Result<Licence> {
    let key: Option<String> = r.get(4)?;
    let currency: Option<String> = r.get(11)?;
    Ok(Licence {
        id: r.get(0)?,
        product_id: r.get(1)?,
        product_name: r.get(2)?,
        name: r.get(3)?,
        key_masked: key.as_deref().map(mask_key),
        key: if reveal { key } else { None },
        seats: r.get(5)?,
        assigned: r.get(6)?,
        purchase_date: r.get(7)?,
        expiry_date: r.get(8)?,
        cost: Money::from_columns(r.get(9)?, currency.clone()),
        renewal_cost: Money::from_columns(r.get(10)?, currency),
        supplier_id: r.get(12)?,
        supplier_name: r.get(13)?,
        notes: r.get(14)?,
    })
}

/// One licence; its key in full only with `reveal` (the caller records that it did).
pub fn licence(conn: &Connection, id: i64, reveal: bool) -> Result<Licence> {
    conn.prepare_cached(&format!("{SELECT_LICENCE} WHERE l.id = ?1"))?
        .query_row([id], |r| licence_row(r, reveal))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("licence {id}")))
}

/// Every licence, by product then name, keys masked.
pub fn list(conn: &Connection) -> Result<Vec<Licence>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_LICENCE} ORDER BY p.name, l.name, l.id"))?;
    let rows = stmt.query_map([], |r| licence_row(r, false))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reveals a licence's key and records in the log that it was viewed (not the key).
pub fn reveal_key(tx: &Transaction, change: &Change, id: i64) -> Result<Option<String>> {
    let licence = licence(tx, id, true)?;
    if licence.key.is_some() {
        events::append(tx, change, "licence", id, "key viewed", None, None)?;
    }
    Ok(licence.key)
}

struct ValidLicence {
    product_id: i64,
    name: String,
    key: Option<Option<String>>,
    seats: i64,
    purchase_date: Option<NaiveDate>,
    expiry_date: Option<NaiveDate>,
    cost: Option<i64>,
    renewal_cost: Option<i64>,
    currency: Option<String>,
    supplier_id: Option<i64>,
    notes: String,
}

fn validate(conn: &Connection, input: &LicenceInput) -> Result<ValidLicence> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", &input.name);
    let key = input.licence_key.as_deref().map(|k| {
        let k = k.trim();
        if k.is_empty() {
            None
        } else {
            checks.check_value("licenceKey", k);
            Some(k.to_string())
        }
    });
    let product_id = match input.product_id {
        None => {
            checks.push("productId", "choose the software product");
            0
        }
        Some(id) => {
            if !conn.prepare_cached("SELECT 1 FROM software_products WHERE id = ?1")?.exists([id])? {
                checks.push("productId", format!("product {id} does not exist"));
            }
            id
        }
    };
    let seats = match input.seats {
        None => {
            checks.push("seats", "is required");
            0
        }
        Some(n) if !(0..=10_000_000).contains(&n) => {
            checks.push("seats", "must be between 0 and 10,000,000");
            0
        }
        Some(n) => n,
    };
    let mut date = |field: &str, value: &Option<String>| {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        parse_date(value).map_err(|e| checks.push(field, e)).ok()
    };
    let purchase_date = date("purchaseDate", &input.purchase_date);
    let expiry_date = date("expiryDate", &input.expiry_date);
    if let (Some(p), Some(e)) = (purchase_date, expiry_date) {
        if e < p {
            checks.push("expiryDate", "is before the purchase date");
        }
    }
    let mut amount = |field: &str, value: &Option<String>| {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        parse_money(value).map_err(|e| checks.push(field, e)).ok()
    };
    let cost = amount("cost", &input.cost);
    let renewal_cost = amount("renewalCost", &input.renewal_cost);
    let currency = if cost.is_some() || renewal_cost.is_some() {
        match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => check_currency(c).map_err(|e| checks.push("currency", e)).ok(),
            None => Some(settings::load(conn)?.default_currency),
        }
    } else {
        None
    };
    if let Some(id) = input.supplier_id {
        if !conn.prepare_cached("SELECT 1 FROM suppliers WHERE id = ?1")?.exists([id])? {
            checks.push("supplierId", format!("supplier {id} does not exist"));
        }
    }
    let notes = checks.long_text("notes", &input.notes);
    checks.into_result()?;
    Ok(ValidLicence {
        product_id,
        name,
        key,
        seats,
        purchase_date,
        expiry_date,
        cost,
        renewal_cost,
        currency,
        supplier_id: input.supplier_id,
        notes,
    })
}

/// The licence as the event log records it: everything but the key, which is only
/// said to be set.
fn logged(l: &Licence) -> serde_json::Value {
    let mut value = serde_json::to_value(l).expect("licence serializes");
    let map = value.as_object_mut().expect("licence is an object");
    map.remove("key");
    map.remove("keyMasked");
    map.remove("assigned");
    map.insert("keySet".into(), serde_json::Value::Bool(l.key_masked.is_some()));
    value
}

pub fn create(tx: &Transaction, change: &Change, input: &LicenceInput) -> Result<Licence> {
    let v = validate(tx, input)?;
    tx.prepare_cached(
        "INSERT INTO licences (product_id, name, licence_key, seats, purchase_date, expiry_date, cost_minor,
             renewal_cost_minor, currency, supplier_id, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        v.product_id,
        v.name,
        v.key.flatten(),
        v.seats,
        v.purchase_date,
        v.expiry_date,
        v.cost,
        v.renewal_cost,
        v.currency,
        v.supplier_id,
        v.notes
    ])?;
    let created = licence(tx, tx.last_insert_rowid(), false)?;
    events::append(tx, change, "licence", created.id, "created", None, Some(&logged(&created)))?;
    Ok(created)
}

/// Updates a licence. Fewer seats than are assigned is allowed (a renewal for fewer
/// users): the compliance view then shows it over-assigned until seats are released.
pub fn update(tx: &Transaction, change: &Change, id: i64, input: &LicenceInput) -> Result<Licence> {
    let before = licence(tx, id, true)?;
    let v = validate(tx, input)?;
    let key = match v.key {
        None => before.key.clone(),
        Some(key) => key,
    };
    tx.prepare_cached(
        "UPDATE licences SET product_id = ?2, name = ?3, licence_key = ?4, seats = ?5, purchase_date = ?6,
             expiry_date = ?7, cost_minor = ?8, renewal_cost_minor = ?9, currency = ?10, supplier_id = ?11, notes = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        v.product_id,
        v.name,
        key,
        v.seats,
        v.purchase_date,
        v.expiry_date,
        v.cost,
        v.renewal_cost,
        v.currency,
        v.supplier_id,
        v.notes
    ])?;
    let after = licence(tx, id, true)?;
    let mut after_log = logged(&after);
    if after.key != before.key {
        after_log["keyChanged"] = serde_json::Value::Bool(true);
    }
    events::append(tx, change, "licence", id, "updated", Some(&logged(&before)), Some(&after_log))?;
    Ok(Licence { key: None, ..after })
}

/// Who or what holds a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum SeatHolder {
    Person(i64),
    Asset(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Seat {
    pub id: i64,
    pub licence_id: i64,
    pub holder: SeatHolder,
    /// "Zoë Müller" or "LAP-0042 Latitude 5440".
    pub holder_name: String,
    pub assigned_on: NaiveDate,
}

fn seat_row(r: &Row) -> rusqlite::Result<Seat> {
    let (person, asset): (Option<i64>, Option<i64>) = (r.get(2)?, r.get(3)?);
    let holder = match (person, asset) {
        (Some(p), _) => SeatHolder::Person(p),
        (_, Some(a)) => SeatHolder::Asset(a),
        _ => unreachable!("the schema requires a holder"),
    };
    Ok(Seat { id: r.get(0)?, licence_id: r.get(1)?, holder, holder_name: r.get(4)?, assigned_on: r.get(5)? })
}

const SELECT_SEAT: &str = "SELECT s.id, s.licence_id, s.person_id, s.asset_id,
        coalesce(p.name, a.tag || ' ' || a.name), s.assigned_on
     FROM licence_seats s
     LEFT JOIN people p ON p.id = s.person_id
     LEFT JOIN assets a ON a.id = s.asset_id";

/// The seats of a licence, in the order they were assigned.
pub fn seats(conn: &Connection, licence_id: i64) -> Result<Vec<Seat>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_SEAT} WHERE s.licence_id = ?1 ORDER BY s.id"))?;
    let rows = stmt.query_map([licence_id], seat_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The licences an asset holds a seat of.
pub fn of_asset(conn: &Connection, asset_id: i64) -> Result<Vec<Licence>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_LICENCE} WHERE l.id IN (SELECT licence_id FROM licence_seats WHERE asset_id = ?1) ORDER BY p.name, l.name"
    ))?;
    let rows = stmt.query_map([asset_id], |r| licence_row(r, false))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Gives one seat to a person or an asset. Refused when every seat is taken or the
/// holder already has one.
pub fn assign_seat(
    tx: &Transaction,
    change: &Change,
    licence_id: i64,
    holder: SeatHolder,
    today: NaiveDate,
) -> Result<Seat> {
    let licence = licence(tx, licence_id, false)?;
    let (person, asset) = match holder {
        SeatHolder::Person(id) => {
            if !tx.prepare_cached("SELECT 1 FROM people WHERE id = ?1")?.exists([id])? {
                return Err(Error::invalid("holder", format!("person {id} does not exist")));
            }
            (Some(id), None)
        }
        SeatHolder::Asset(id) => {
            let status: Option<String> = tx
                .prepare_cached("SELECT status FROM assets WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            match status.as_deref() {
                None => return Err(Error::invalid("holder", format!("asset {id} does not exist"))),
                Some("disposed") => return Err(Error::invalid("holder", "that asset has been disposed of")),
                Some(_) => {}
            }
            (None, Some(id))
        }
    };
    if licence.assigned >= licence.seats {
        return Err(Error::Conflict {
            field: None,
            message: format!(
                "all {} seats of {} are assigned; release one or record more seats first",
                licence.seats, licence.name
            ),
        });
    }
    let taken: bool = tx
        .prepare_cached("SELECT 1 FROM licence_seats WHERE licence_id = ?1 AND (person_id IS ?2 AND asset_id IS ?3)")?
        .exists(params![licence_id, person, asset])?;
    if taken {
        return Err(Error::Conflict {
            field: Some("holder".into()),
            message: "already holds a seat of this licence".into(),
        });
    }
    tx.prepare_cached(
        "INSERT INTO licence_seats (licence_id, person_id, asset_id, assigned_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![licence_id, person, asset, today])?;
    let seat =
        tx.prepare_cached(&format!("{SELECT_SEAT} WHERE s.id = ?1"))?.query_row([tx.last_insert_rowid()], seat_row)?;
    let after = serde_json::json!({ "holder": seat.holder_name, "assignedOn": seat.assigned_on });
    events::append(tx, change, "licence", licence_id, "seat assigned", None, Some(&after))?;
    if let SeatHolder::Asset(id) = holder {
        let after = serde_json::json!({ "licence": licence.name });
        events::append(tx, change, "asset", id, "licence seat assigned", None, Some(&after))?;
    }
    Ok(seat)
}

pub fn release_seat(tx: &Transaction, change: &Change, seat_id: i64) -> Result<()> {
    let seat = tx
        .prepare_cached(&format!("{SELECT_SEAT} WHERE s.id = ?1"))?
        .query_row([seat_id], seat_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("seat {seat_id}")))?;
    tx.prepare_cached("DELETE FROM licence_seats WHERE id = ?1")?.execute([seat_id])?;
    let before = serde_json::json!({ "holder": seat.holder_name, "assignedOn": seat.assigned_on });
    events::append(tx, change, "licence", seat.licence_id, "seat released", Some(&before), None)?;
    if let SeatHolder::Asset(id) = seat.holder {
        let name: String = tx.query_row("SELECT name FROM licences WHERE id = ?1", [seat.licence_id], |r| r.get(0))?;
        events::append(
            tx,
            change,
            "asset",
            id,
            "licence seat released",
            Some(&serde_json::json!({ "licence": name })),
            None,
        )?;
    }
    Ok(())
}

/// What the compliance view lists.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Compliance {
    /// More seats assigned than bought: a licensing breach to fix.
    pub over_assigned: Vec<Licence>,
    /// Seats bought and not assigned: money to recover at renewal.
    pub unused: Vec<Licence>,
    /// Expiring within the window (or already expired), soonest first.
    pub expiring: Vec<Licence>,
    pub unused_seats: i64,
}

pub fn compliance(conn: &Connection, today: NaiveDate, expiring_within_days: i64) -> Result<Compliance> {
    let all = list(conn)?;
    let horizon = today + chrono::Days::new(expiring_within_days.max(0) as u64);
    let over_assigned = all.iter().filter(|l| l.over_assigned()).cloned().collect();
    let unused: Vec<Licence> = all.iter().filter(|l| l.available() > 0).cloned().collect();
    let unused_seats = unused.iter().map(Licence::available).sum();
    let mut expiring: Vec<Licence> = all.into_iter().filter(|l| l.expiry_date.is_some_and(|d| d <= horizon)).collect();
    expiring.sort_by_key(|l| l.expiry_date);
    Ok(Compliance { over_assigned, unused, expiring, unused_seats })
}
