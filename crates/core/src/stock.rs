//! Consumables and spares: stock items, the movement ledger per item and location, the
//! on-hand balances it keeps, consignment stock and stockouts.
//!
//! Every movement ([`receive`], [`issue`], [`transfer`], [`adjust`], [`count`],
//! [`return_to_supplier`], [`dispose`]) appends one row to the ledger
//! (`stock_movements`, append-only), changes the balance of its item, location and owner
//! (`stock_balances`) and appends an event to the item's history, all in the caller's
//! transaction. Reading stock therefore never sums the ledger; [`verify_balances`]
//! does, to prove the two agree.
//!
//! Stock is ours or, as consignment stock, a supplier's: a [`StockKey`] names item,
//! location and owner, and each owner's stock has its own balance, so issuing
//! consignment stock is a record of usage owed to that supplier.
//!
//! Stockouts: an issue that empties its location records a stockout (demand unmet 0) in
//! its own transaction. An issue asking for more than is on hand is refused and writes
//! nothing — the refusal rolls the caller's transaction back — so the caller records the
//! shortfall afterwards in a transaction of its own with [`record_refused_issue`] (or
//! [`record_stockout`]).
//!
//! To add a kind of movement: a value of [`MovementKind`] (and of the `kind` CHECK in a
//! new migration), an input type, and a function that validates it and calls `post`.

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assets::Money;
use crate::validate::{check_currency, parse_money, Checks};
use crate::{events, reference, settings, Change, Error, Result};

/// The most one movement may move: far beyond any real stock room, and small enough
/// that balances summed over millions of movements stay inside i64.
pub const MAX_QUANTITY: i64 = 1_000_000_000;

// ---- stock items --------------------------------------------------------------------

/// What the stock item form submits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct StockItemInput {
    pub sku: String,
    pub name: String,
    pub category_id: Option<i64>,
    /// "each", "box of 10", "m"...; blank means "each".
    pub unit: String,
    /// What a scanner reads off the shelf label or the box, if not the SKU.
    pub barcode: Option<String>,
    pub notes: String,
}

/// A stock item with its total on hand (every location, ours and consigned).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockItem {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub unit: String,
    pub barcode: Option<String>,
    pub notes: String,
    pub created_at: String,
    pub on_hand: i64,
}

const SELECT_ITEM: &str = "SELECT i.id, i.sku, i.name, i.category_id, c.name, i.unit, i.barcode, i.notes, i.created_at,
        (SELECT ifnull(sum(b.on_hand), 0) FROM stock_balances b WHERE b.item_id = i.id)
     FROM stock_items i
     LEFT JOIN categories c ON c.id = i.category_id";

fn item_row(r: &Row) -> rusqlite::Result<StockItem> {
    Ok(StockItem {
        id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        category_id: r.get(3)?,
        category_name: r.get(4)?,
        unit: r.get(5)?,
        barcode: r.get(6)?,
        notes: r.get(7)?,
        created_at: r.get(8)?,
        on_hand: r.get(9)?,
    })
}

pub fn item(conn: &Connection, id: i64) -> Result<StockItem> {
    conn.prepare_cached(&format!("{SELECT_ITEM} WHERE i.id = ?1"))?
        .query_row([id], item_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("stock item {id}")))
}

/// Every stock item by name, with its total on hand.
pub fn items(conn: &Connection) -> Result<Vec<StockItem>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_ITEM} ORDER BY i.name, i.id"))?;
    let rows = stmt.query_map([], item_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The item a scanner read: its barcode, or else its SKU.
pub fn item_by_code(conn: &Connection, code: &str) -> Result<Option<StockItem>> {
    let code = code.trim();
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT_ITEM} WHERE i.barcode = ?1 OR i.sku = ?1 ORDER BY i.barcode = ?1 DESC LIMIT 1"
        ))?
        .query_row([code], item_row)
        .optional()?)
}

struct ValidItem {
    sku: String,
    name: String,
    category_id: Option<i64>,
    unit: String,
    barcode: Option<String>,
    notes: String,
}

fn validate_item(conn: &Connection, id: Option<i64>, input: &StockItemInput) -> Result<ValidItem> {
    let mut checks = Checks::default();
    let sku = checks.required_text("sku", &input.sku);
    let name = checks.required_text("name", &input.name);
    let unit = match checks.optional_text("unit", Some(&input.unit)) {
        Some(unit) => unit,
        None => "each".to_string(),
    };
    let barcode = checks.optional_text("barcode", input.barcode.as_deref());
    let notes = checks.long_text("notes", &input.notes);
    if let Some(category) = input.category_id {
        let kind: Option<String> = conn
            .prepare_cached("SELECT kind FROM categories WHERE id = ?1")?
            .query_row([category], |r| r.get(0))
            .optional()?;
        if kind.as_deref() == Some("asset") {
            checks.push("categoryId", "is a category for assets only; choose a stock category");
        } else if kind.is_none() {
            checks.push("categoryId", format!("category {category} does not exist"));
        }
    }
    // `sku` compares without case (the column's collation), as people type SKUs.
    let holder = |sql: &str, value: &str| -> Result<Option<String>> {
        Ok(conn.prepare_cached(sql)?.query_row(params![value, id], |r| r.get(0)).optional()?)
    };
    if !sku.is_empty() {
        if let Some(other) = holder("SELECT name FROM stock_items WHERE sku = ?1 AND id IS NOT ?2", &sku)? {
            checks.push("sku", format!("SKU {sku} is already used by {other}"));
        }
    }
    if let Some(barcode) = &barcode {
        if let Some(other) = holder("SELECT name FROM stock_items WHERE barcode = ?1 AND id IS NOT ?2", barcode)? {
            checks.push("barcode", format!("barcode {barcode} is already used by {other}"));
        }
    }
    checks.into_result()?;
    Ok(ValidItem { sku, name, category_id: input.category_id, unit, barcode, notes })
}

/// The item as its history records it: what the form edits.
fn logged_item(item: &StockItem) -> serde_json::Value {
    serde_json::json!({
        "sku": item.sku,
        "name": item.name,
        "category": item.category_name,
        "unit": item.unit,
        "barcode": item.barcode,
        "notes": item.notes,
    })
}

pub fn create_item(tx: &Transaction, change: &Change, input: &StockItemInput) -> Result<StockItem> {
    let v = validate_item(tx, None, input)?;
    tx.prepare_cached(
        "INSERT INTO stock_items (sku, name, category_id, unit, barcode, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![v.sku, v.name, v.category_id, v.unit, v.barcode, v.notes, change.timestamp()])?;
    let created = item(tx, tx.last_insert_rowid())?;
    events::append(tx, change, "stock_item", created.id, "created", None, Some(&logged_item(&created)))?;
    Ok(created)
}

pub fn update_item(tx: &Transaction, change: &Change, id: i64, input: &StockItemInput) -> Result<StockItem> {
    let before = item(tx, id)?;
    let v = validate_item(tx, Some(id), input)?;
    tx.prepare_cached(
        "UPDATE stock_items SET sku = ?2, name = ?3, category_id = ?4, unit = ?5, barcode = ?6, notes = ?7
         WHERE id = ?1",
    )?
    .execute(params![id, v.sku, v.name, v.category_id, v.unit, v.barcode, v.notes])?;
    let after = item(tx, id)?;
    let (b, a) = (logged_item(&before), logged_item(&after));
    if a != b {
        events::append(tx, change, "stock_item", id, "updated", Some(&b), Some(&a))?;
    }
    Ok(after)
}

// ---- movements ----------------------------------------------------------------------

/// Which stock a movement is about: an item at a location, ours or a supplier's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct StockKey {
    pub item_id: i64,
    pub location_id: i64,
    /// `None` for our own stock; a supplier for consignment stock they own.
    pub owner_supplier_id: Option<i64>,
}

impl StockKey {
    pub fn ours(item_id: i64, location_id: i64) -> StockKey {
        StockKey { item_id, location_id, owner_supplier_id: None }
    }

    pub fn consigned(item_id: i64, location_id: i64, supplier_id: i64) -> StockKey {
        StockKey { item_id, location_id, owner_supplier_id: Some(supplier_id) }
    }

    fn owner_key(&self) -> i64 {
        self.owner_supplier_id.unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    Receive,
    Issue,
    TransferOut,
    TransferIn,
    Adjust,
    Count,
    ReturnToSupplier,
    Dispose,
}

impl MovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Receive => "receive",
            MovementKind::Issue => "issue",
            MovementKind::TransferOut => "transfer_out",
            MovementKind::TransferIn => "transfer_in",
            MovementKind::Adjust => "adjust",
            MovementKind::Count => "count",
            MovementKind::ReturnToSupplier => "return_to_supplier",
            MovementKind::Dispose => "dispose",
        }
    }

    fn parse(s: &str) -> Option<MovementKind> {
        Some(match s {
            "receive" => MovementKind::Receive,
            "issue" => MovementKind::Issue,
            "transfer_out" => MovementKind::TransferOut,
            "transfer_in" => MovementKind::TransferIn,
            "adjust" => MovementKind::Adjust,
            "count" => MovementKind::Count,
            "return_to_supplier" => MovementKind::ReturnToSupplier,
            "dispose" => MovementKind::Dispose,
            _ => return None,
        })
    }

    /// The event log's action for a movement of this kind.
    fn action(self) -> &'static str {
        match self {
            MovementKind::Receive => "stock received",
            MovementKind::Issue => "stock issued",
            MovementKind::TransferOut => "stock transferred out",
            MovementKind::TransferIn => "stock transferred in",
            MovementKind::Adjust => "stock adjusted",
            MovementKind::Count => "stock counted",
            MovementKind::ReturnToSupplier => "stock returned to supplier",
            MovementKind::Dispose => "stock disposed",
        }
    }
}

/// One line of the ledger, with the names the screens show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockMovement {
    pub id: i64,
    pub item_id: i64,
    pub location_id: i64,
    pub location_name: String,
    pub owner_supplier_id: Option<i64>,
    pub owner_name: Option<String>,
    pub kind: MovementKind,
    /// Signed: positive into the location, negative out of it.
    pub quantity: i64,
    pub unit_cost: Option<Money>,
    pub disposal_cost: Option<Money>,
    pub reason: Option<String>,
    /// A department or cost centre, in words.
    pub issued_to: Option<String>,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub reference: Option<String>,
    /// The id of a transfer's outgoing leg, on both legs.
    pub transfer_id: Option<i64>,
    pub at: String,
    pub actor: String,
}

const SELECT_MOVEMENT: &str = "SELECT m.id, m.item_id, m.location_id, l.name, m.owner_supplier_id, s.name, m.kind,
        m.quantity, m.unit_cost_minor, m.disposal_cost_minor, m.currency, m.reason, m.issued_to, m.person_id, p.name,
        m.reference, m.transfer_id, m.at, m.actor
     FROM stock_movements m
     JOIN locations l ON l.id = m.location_id
     LEFT JOIN suppliers s ON s.id = m.owner_supplier_id
     LEFT JOIN people p ON p.id = m.person_id";

fn movement_row(r: &Row) -> rusqlite::Result<StockMovement> {
    let kind: String = r.get(6)?;
    let kind = MovementKind::parse(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(6, Type::Text, format!("unknown movement kind {kind}").into())
    })?;
    let currency: Option<String> = r.get(10)?;
    Ok(StockMovement {
        id: r.get(0)?,
        item_id: r.get(1)?,
        location_id: r.get(2)?,
        location_name: r.get(3)?,
        owner_supplier_id: r.get(4)?,
        owner_name: r.get(5)?,
        kind,
        quantity: r.get(7)?,
        unit_cost: Money::from_columns(r.get(8)?, currency.clone()),
        disposal_cost: Money::from_columns(r.get(9)?, currency),
        reason: r.get(11)?,
        issued_to: r.get(12)?,
        person_id: r.get(13)?,
        person_name: r.get(14)?,
        reference: r.get(15)?,
        transfer_id: r.get(16)?,
        at: r.get(17)?,
        actor: r.get(18)?,
    })
}

/// The ledger of an item, newest first: at one location, or at all of them.
pub fn ledger(conn: &Connection, item_id: i64, location_id: Option<i64>, limit: u32) -> Result<Vec<StockMovement>> {
    let rows = match location_id {
        Some(location) => conn
            .prepare_cached(&format!(
                "{SELECT_MOVEMENT} WHERE m.item_id = ?1 AND m.location_id = ?2 ORDER BY m.id DESC LIMIT ?3"
            ))?
            .query_map(params![item_id, location, limit], movement_row)?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare_cached(&format!("{SELECT_MOVEMENT} WHERE m.item_id = ?1 ORDER BY m.id DESC LIMIT ?2"))?
            .query_map(params![item_id, limit], movement_row)?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

/// On hand of one item at one location for one owner (0 where there never was any).
pub fn on_hand(conn: &Connection, key: &StockKey) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT on_hand FROM stock_balances WHERE item_id = ?1 AND location_id = ?2 AND owner_key = ?3",
        )?
        .query_row(params![key.item_id, key.location_id, key.owner_key()], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// A supplier's consignment stock at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsignedBalance {
    pub supplier_id: i64,
    pub supplier_name: String,
    pub on_hand: i64,
}

/// An item's stock at one location, ours and consigned apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LocationBalance {
    pub location_id: i64,
    /// "London HQ › North Tower › IT Store".
    pub location_name: String,
    pub owned: i64,
    /// All suppliers' consignment stock here.
    pub consigned: i64,
    pub consignment: Vec<ConsignedBalance>,
}

impl LocationBalance {
    pub fn on_hand(&self) -> i64 {
        self.owned + self.consigned
    }
}

/// Where an item is stocked: every location that has (or had) a balance, by name.
pub fn balances(conn: &Connection, item_id: i64) -> Result<Vec<LocationBalance>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.location_id, b.owner_supplier_id, s.name, b.on_hand
         FROM stock_balances b
         LEFT JOIN suppliers s ON s.id = b.owner_supplier_id
         WHERE b.item_id = ?1
         ORDER BY b.location_id, b.owner_key",
    )?;
    let rows = stmt
        .query_map([item_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, Option<String>>(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, Option<i64>, Option<String>, i64)>>>()?;
    let mut out: Vec<LocationBalance> = Vec::new();
    for (location_id, supplier, supplier_name, on_hand) in rows {
        if out.last().is_none_or(|b| b.location_id != location_id) {
            out.push(LocationBalance {
                location_id,
                location_name: reference::location_full_name(conn, location_id)?,
                owned: 0,
                consigned: 0,
                consignment: Vec::new(),
            });
        }
        let balance = out.last_mut().expect("pushed above");
        match supplier {
            None => balance.owned += on_hand,
            Some(supplier_id) => {
                balance.consigned += on_hand;
                balance.consignment.push(ConsignedBalance {
                    supplier_id,
                    supplier_name: supplier_name.unwrap_or_default(),
                    on_hand,
                });
            }
        }
    }
    out.sort_by(|a, b| a.location_name.cmp(&b.location_name));
    Ok(out)
}

/// A balance that is not the sum of its movements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BalanceMismatch {
    pub item_id: i64,
    pub location_id: i64,
    pub owner_supplier_id: Option<i64>,
    pub on_hand: i64,
    pub ledger_sum: i64,
}

/// Every (item, location, owner) whose balance differs from the sum of its ledger —
/// empty unless someone wrote to the file outside Tagledger. Reads the whole ledger.
pub fn verify_balances(conn: &Connection) -> Result<Vec<BalanceMismatch>> {
    let mut stmt = conn.prepare(
        "WITH sums AS (
             SELECT item_id, location_id, ifnull(owner_supplier_id, 0) AS owner_key, sum(quantity) AS total
             FROM stock_movements GROUP BY 1, 2, 3
         ),
         keys AS (
             SELECT item_id, location_id, owner_key FROM sums
             UNION SELECT item_id, location_id, owner_key FROM stock_balances
         )
         SELECT k.item_id, k.location_id, nullif(k.owner_key, 0), ifnull(b.on_hand, 0), ifnull(s.total, 0)
         FROM keys k
         LEFT JOIN stock_balances b USING (item_id, location_id, owner_key)
         LEFT JOIN sums s USING (item_id, location_id, owner_key)
         WHERE ifnull(b.on_hand, 0) <> ifnull(s.total, 0)
         ORDER BY 1, 2, 3",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(BalanceMismatch {
            item_id: r.get(0)?,
            location_id: r.get(1)?,
            owner_supplier_id: r.get(2)?,
            on_hand: r.get(3)?,
            ledger_sum: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- movement inputs ----------------------------------------------------------------

/// Stock arriving: a delivery, or stock found that was never booked in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Receipt {
    pub stock: StockKey,
    pub quantity: i64,
    /// As typed ("12.50"); blank when unknown (consignment stock is paid when used).
    pub unit_cost: Option<String>,
    /// Blank means the organisation's default currency.
    pub currency: Option<String>,
    /// Purchase order or delivery note number.
    pub reference: Option<String>,
    pub reason: Option<String>,
}

/// Stock handed out to a person, or to a department or cost centre.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Issue {
    pub stock: StockKey,
    pub quantity: i64,
    pub person_id: Option<i64>,
    /// A department or cost centre in words ("Finance", "CC-4100"); with a person, a
    /// further note on whose budget it is.
    pub issued_to: Option<String>,
    /// Why: "new starter", "replacement", "broken"... Demand analysis groups by it.
    pub reason: String,
    pub reference: Option<String>,
}

/// Stock moving between two locations, same owner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Transfer {
    pub item_id: i64,
    pub from_location_id: i64,
    pub to_location_id: i64,
    pub owner_supplier_id: Option<i64>,
    pub quantity: i64,
    pub reason: Option<String>,
    pub reference: Option<String>,
}

/// A correction of the balance by a signed quantity, with its reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Adjustment {
    pub stock: StockKey,
    /// Signed: positive adds stock, negative removes it.
    pub quantity: i64,
    pub reason: String,
}

/// What a count found on the shelf.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Count {
    pub stock: StockKey,
    pub counted: Option<i64>,
    /// The count sheet.
    pub reference: Option<String>,
    /// Why the count differs, when it does and it is known.
    pub reason: Option<String>,
}

/// Stock sent back: faulty, over-delivered, or consignment stock the supplier takes back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SupplierReturn {
    pub stock: StockKey,
    pub quantity: i64,
    pub reason: String,
    /// The supplier's return authorisation (RMA) number.
    pub reference: Option<String>,
}

/// Stock thrown away or recycled, with what that cost.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
// Named apart from `lifecycle::Disposal` in the UI's generated types.
#[ts(rename = "StockDisposal")]
pub struct Disposal {
    pub stock: StockKey,
    pub quantity: i64,
    pub reason: String,
    /// The cost of disposing of it (recycling fee, collection), as typed.
    pub disposal_cost: Option<String>,
    pub currency: Option<String>,
    pub reference: Option<String>,
}

/// A movement ready to post: validated, and its stock known to suffice.
struct Posting {
    id: Option<i64>,
    stock: StockKey,
    kind: MovementKind,
    quantity: i64,
    unit_cost: Option<i64>,
    disposal_cost: Option<i64>,
    currency: Option<String>,
    reason: Option<String>,
    issued_to: Option<String>,
    person_id: Option<i64>,
    reference: Option<String>,
    transfer_id: Option<i64>,
}

impl Posting {
    fn new(stock: StockKey, kind: MovementKind, quantity: i64) -> Posting {
        Posting {
            id: None,
            stock,
            kind,
            quantity,
            unit_cost: None,
            disposal_cost: None,
            currency: None,
            reason: None,
            issued_to: None,
            person_id: None,
            reference: None,
            transfer_id: None,
        }
    }
}

/// Appends the movement to the ledger, moves the balance by its quantity and appends
/// the event, in the caller's transaction.
fn post(tx: &Transaction, change: &Change, p: Posting) -> Result<StockMovement> {
    let kind = p.kind;
    let key = p.stock;
    tx.prepare_cached(
        "INSERT INTO stock_movements (id, item_id, location_id, owner_supplier_id, kind, quantity, unit_cost_minor,
             disposal_cost_minor, currency, reason, issued_to, person_id, reference, transfer_id, at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        p.id,
        key.item_id,
        key.location_id,
        key.owner_supplier_id,
        kind.as_str(),
        p.quantity,
        p.unit_cost,
        p.disposal_cost,
        p.currency,
        p.reason,
        p.issued_to,
        p.person_id,
        p.reference,
        p.transfer_id,
        change.timestamp(),
        change.actor
    ])?;
    let id = tx.last_insert_rowid();
    // The CHECK on on_hand is the last line of defence: callers refuse an overdraw first
    // with a message that says what is on hand. (Not an upsert: SQLite checks the row an
    // INSERT proposes, negative for an outgoing movement, before it finds the conflict.)
    let updated: Option<i64> = tx
        .prepare_cached(
            "UPDATE stock_balances SET on_hand = on_hand + ?4
             WHERE item_id = ?1 AND location_id = ?2 AND owner_key = ?3
             RETURNING on_hand",
        )?
        .query_row(params![key.item_id, key.location_id, key.owner_key(), p.quantity], |r| r.get(0))
        .optional()?;
    let on_hand = match updated {
        Some(on_hand) => on_hand,
        None => {
            tx.prepare_cached(
                "INSERT INTO stock_balances (item_id, location_id, owner_key, owner_supplier_id, on_hand)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                key.item_id,
                key.location_id,
                key.owner_key(),
                key.owner_supplier_id,
                p.quantity
            ])?;
            p.quantity
        }
    };
    let movement = tx.prepare_cached(&format!("{SELECT_MOVEMENT} WHERE m.id = ?1"))?.query_row([id], movement_row)?;
    let mut after = serde_json::to_value(&movement).expect("a movement serializes");
    after["onHand"] = on_hand.into();
    events::append(tx, change, "stock_item", key.item_id, kind.action(), None, Some(&after))?;
    Ok(movement)
}

fn check_quantity(checks: &mut Checks, field: &str, quantity: i64) {
    if quantity < 1 {
        checks.push(field, "must be at least 1");
    } else if quantity > MAX_QUANTITY {
        checks.push(field, "is implausibly large");
    }
}

/// Field errors for an item, location or owner that does not exist. `prefix` names the
/// nested input ("stock.") so the form can show the error at its field.
fn check_key(conn: &Connection, checks: &mut Checks, prefix: &str, key: &StockKey) -> Result<()> {
    if !conn.prepare_cached("SELECT 1 FROM stock_items WHERE id = ?1")?.exists([key.item_id])? {
        checks.push(&format!("{prefix}itemId"), format!("stock item {} does not exist", key.item_id));
    }
    check_location(conn, checks, &format!("{prefix}locationId"), key.location_id)?;
    if let Some(supplier) = key.owner_supplier_id {
        if !conn.prepare_cached("SELECT 1 FROM suppliers WHERE id = ?1")?.exists([supplier])? {
            checks.push(&format!("{prefix}ownerSupplierId"), format!("supplier {supplier} does not exist"));
        }
    }
    Ok(())
}

fn check_location(conn: &Connection, checks: &mut Checks, field: &str, id: i64) -> Result<()> {
    if !conn.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([id])? {
        checks.push(field, format!("location {id} does not exist"));
    }
    Ok(())
}

/// A money amount as typed, with its currency (the default when blank).
fn check_amount(
    conn: &Connection,
    checks: &mut Checks,
    field: &str,
    amount: Option<&str>,
    currency: Option<&str>,
) -> Result<(Option<i64>, Option<String>)> {
    let Some(amount) = amount.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok((None, None));
    };
    let minor = parse_money(amount).map_err(|e| checks.push(field, e)).ok();
    let currency = match currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => check_currency(c).map_err(|e| checks.push("currency", e)).ok(),
        None => Some(settings::load(conn)?.default_currency),
    };
    Ok((minor, currency))
}

/// Refuses to take more out than is on hand, naming the item, place, owner and amounts.
fn require_on_hand(conn: &Connection, key: &StockKey, wanted: i64, doing: &str) -> Result<()> {
    let on_hand = on_hand(conn, key)?;
    if wanted <= on_hand {
        return Ok(());
    }
    let (sku, name): (String, String) =
        conn.query_row("SELECT sku, name FROM stock_items WHERE id = ?1", [key.item_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let location = reference::location_full_name(conn, key.location_id)?;
    let whose = match key.owner_supplier_id {
        None => String::new(),
        Some(id) => {
            let supplier: String = conn.query_row("SELECT name FROM suppliers WHERE id = ?1", [id], |r| r.get(0))?;
            format!(" of {supplier}'s consignment stock")
        }
    };
    Err(Error::Conflict {
        field: Some("quantity".into()),
        message: format!("cannot {doing} {wanted} × {sku} {name} at {location}: only {on_hand}{whose} on hand"),
    })
}

pub fn receive(tx: &Transaction, change: &Change, input: &Receipt) -> Result<StockMovement> {
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "stock.", &input.stock)?;
    check_quantity(&mut checks, "quantity", input.quantity);
    let (unit_cost, currency) =
        check_amount(tx, &mut checks, "unitCost", input.unit_cost.as_deref(), input.currency.as_deref())?;
    let reference = checks.optional_text("reference", input.reference.as_deref());
    let reason = checks.optional_text("reason", input.reason.as_deref());
    checks.into_result()?;
    post(
        tx,
        change,
        Posting {
            unit_cost,
            currency,
            reference,
            reason,
            ..Posting::new(input.stock, MovementKind::Receive, input.quantity)
        },
    )
}

/// An issue, and the stockout it caused if it emptied the location.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Issued {
    pub movement: StockMovement,
    pub stockout: Option<Stockout>,
}

/// Issues stock. More than is on hand (of that owner, at that location) is refused with
/// a conflict and nothing is written; see [`record_refused_issue`]. An issue that leaves
/// nothing of the item at the location (any owner) records a stockout with no demand
/// unmet, in the same transaction.
pub fn issue(tx: &Transaction, change: &Change, input: &Issue) -> Result<Issued> {
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "stock.", &input.stock)?;
    check_quantity(&mut checks, "quantity", input.quantity);
    if let Some(person) = input.person_id {
        if !tx.prepare_cached("SELECT 1 FROM people WHERE id = ?1")?.exists([person])? {
            checks.push("personId", format!("person {person} does not exist"));
        }
    }
    let issued_to = checks.optional_text("issuedTo", input.issued_to.as_deref());
    if input.person_id.is_none() && issued_to.is_none() {
        checks.push("issuedTo", "say whom it is for: a person, a department or a cost centre");
    }
    let reason = checks.required_text("reason", &input.reason);
    let reference = checks.optional_text("reference", input.reference.as_deref());
    checks.into_result()?;
    require_on_hand(tx, &input.stock, input.quantity, "issue")?;
    let movement = post(
        tx,
        change,
        Posting {
            issued_to,
            person_id: input.person_id,
            reason: Some(reason),
            reference,
            ..Posting::new(input.stock, MovementKind::Issue, -input.quantity)
        },
    )?;
    let left: i64 = tx
        .prepare_cached("SELECT ifnull(sum(on_hand), 0) FROM stock_balances WHERE item_id = ?1 AND location_id = ?2")?
        .query_row(params![input.stock.item_id, input.stock.location_id], |r| r.get(0))?;
    let stockout = if left == 0 {
        Some(record_stockout(tx, change, input.stock.item_id, input.stock.location_id, 0)?)
    } else {
        None
    };
    Ok(Issued { movement, stockout })
}

/// Moves stock between locations: two legs sharing one transfer id (the outgoing leg's
/// id), in the caller's transaction. Returns (out, in).
pub fn transfer(tx: &Transaction, change: &Change, input: &Transfer) -> Result<(StockMovement, StockMovement)> {
    let from = StockKey {
        item_id: input.item_id,
        location_id: input.from_location_id,
        owner_supplier_id: input.owner_supplier_id,
    };
    let to = StockKey { location_id: input.to_location_id, ..from };
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "", &from)?;
    check_location(tx, &mut checks, "toLocationId", input.to_location_id)?;
    if input.from_location_id == input.to_location_id {
        checks.push("toLocationId", "is where the stock already is");
    }
    check_quantity(&mut checks, "quantity", input.quantity);
    let reason = checks.optional_text("reason", input.reason.as_deref());
    let reference = checks.optional_text("reference", input.reference.as_deref());
    checks.into_result()?;
    require_on_hand(tx, &from, input.quantity, "transfer")?;
    let transfer_id: i64 = tx.query_row("SELECT ifnull(max(id), 0) + 1 FROM stock_movements", [], |r| r.get(0))?;
    let leg = |stock, kind, quantity| Posting {
        reason: reason.clone(),
        reference: reference.clone(),
        transfer_id: Some(transfer_id),
        ..Posting::new(stock, kind, quantity)
    };
    let out =
        post(tx, change, Posting { id: Some(transfer_id), ..leg(from, MovementKind::TransferOut, -input.quantity) })?;
    let into = post(tx, change, leg(to, MovementKind::TransferIn, input.quantity))?;
    Ok((out, into))
}

/// Corrects a balance by a signed quantity; the reason is required, and the balance
/// cannot go below zero.
pub fn adjust(tx: &Transaction, change: &Change, input: &Adjustment) -> Result<StockMovement> {
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "stock.", &input.stock)?;
    if input.quantity == 0 {
        checks.push("quantity", "must not be zero");
    } else {
        check_quantity(&mut checks, "quantity", input.quantity.saturating_abs());
    }
    let reason = checks.required_text("reason", &input.reason);
    checks.into_result()?;
    if input.quantity < 0 {
        require_on_hand(tx, &input.stock, -input.quantity, "remove")?;
    }
    post(
        tx,
        change,
        Posting { reason: Some(reason), ..Posting::new(input.stock, MovementKind::Adjust, input.quantity) },
    )
}

/// Sets the balance to what was counted; the ledger gets the variance (counted − on
/// hand) as a `count` movement. A count that matches posts no movement — the ledger
/// holds only changes of stock — but the item's history records that it was counted,
/// by whom and when. Returns the movement, if there was a variance.
pub fn count(tx: &Transaction, change: &Change, input: &Count) -> Result<Option<StockMovement>> {
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "stock.", &input.stock)?;
    let counted = match input.counted {
        None => {
            checks.push("counted", "is required");
            0
        }
        Some(n) if n < 0 => {
            checks.push("counted", "cannot be negative");
            0
        }
        Some(n) if n > MAX_QUANTITY => {
            checks.push("counted", "is implausibly large");
            0
        }
        Some(n) => n,
    };
    let reference = checks.optional_text("reference", input.reference.as_deref());
    let reason = checks.optional_text("reason", input.reason.as_deref());
    checks.into_result()?;
    let variance = counted - on_hand(tx, &input.stock)?;
    if variance == 0 {
        let after = serde_json::json!({
            "locationId": input.stock.location_id,
            "ownerSupplierId": input.stock.owner_supplier_id,
            "counted": counted,
            "reference": reference,
        });
        events::append(
            tx,
            change,
            "stock_item",
            input.stock.item_id,
            "stock counted, no variance",
            None,
            Some(&after),
        )?;
        return Ok(None);
    }
    let movement =
        post(tx, change, Posting { reason, reference, ..Posting::new(input.stock, MovementKind::Count, variance) })?;
    Ok(Some(movement))
}

pub fn return_to_supplier(tx: &Transaction, change: &Change, input: &SupplierReturn) -> Result<StockMovement> {
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "stock.", &input.stock)?;
    check_quantity(&mut checks, "quantity", input.quantity);
    let reason = checks.required_text("reason", &input.reason);
    let reference = checks.optional_text("reference", input.reference.as_deref());
    checks.into_result()?;
    require_on_hand(tx, &input.stock, input.quantity, "return")?;
    post(
        tx,
        change,
        Posting {
            reason: Some(reason),
            reference,
            ..Posting::new(input.stock, MovementKind::ReturnToSupplier, -input.quantity)
        },
    )
}

pub fn dispose(tx: &Transaction, change: &Change, input: &Disposal) -> Result<StockMovement> {
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "stock.", &input.stock)?;
    check_quantity(&mut checks, "quantity", input.quantity);
    let reason = checks.required_text("reason", &input.reason);
    let (disposal_cost, currency) =
        check_amount(tx, &mut checks, "disposalCost", input.disposal_cost.as_deref(), input.currency.as_deref())?;
    let reference = checks.optional_text("reference", input.reference.as_deref());
    checks.into_result()?;
    require_on_hand(tx, &input.stock, input.quantity, "dispose of")?;
    post(
        tx,
        change,
        Posting {
            disposal_cost,
            currency,
            reason: Some(reason),
            reference,
            ..Posting::new(input.stock, MovementKind::Dispose, -input.quantity)
        },
    )
}

// ---- stockouts ----------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StockoutCause {
    DemandSpike,
    LateSupplier,
    ReorderPointTooLow,
    CountError,
    Other,
}

impl StockoutCause {
    pub fn as_str(self) -> &'static str {
        match self {
            StockoutCause::DemandSpike => "demand_spike",
            StockoutCause::LateSupplier => "late_supplier",
            StockoutCause::ReorderPointTooLow => "reorder_point_too_low",
            StockoutCause::CountError => "count_error",
            StockoutCause::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<StockoutCause> {
        Some(match s {
            "demand_spike" => StockoutCause::DemandSpike,
            "late_supplier" => StockoutCause::LateSupplier,
            "reorder_point_too_low" => StockoutCause::ReorderPointTooLow,
            "count_error" => StockoutCause::CountError,
            "other" => StockoutCause::Other,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Stockout {
    pub id: i64,
    pub item_id: i64,
    pub item_sku: String,
    pub item_name: String,
    pub location_id: i64,
    pub location_name: String,
    pub at: String,
    /// How much was asked for and could not be issued; 0 when an issue emptied the shelf.
    pub demand_unmet: i64,
    /// `None` until someone looks into it.
    pub cause: Option<StockoutCause>,
    pub note: String,
    /// The purchase order that was due before the stockout and late, if there was one
    /// (its id and number), found when the stockout was recorded.
    pub late_order_id: Option<i64>,
    pub late_order_number: Option<String>,
}

const SELECT_STOCKOUT: &str = "SELECT o.id, o.item_id, i.sku, i.name, o.location_id, l.name, o.at, o.demand_unmet,
        o.cause, o.note, po.id, po.number
     FROM stockouts o
     JOIN stock_items i ON i.id = o.item_id
     JOIN locations l ON l.id = o.location_id
     LEFT JOIN purchase_order_lines pl ON pl.id = o.late_order_line_id
     LEFT JOIN purchase_orders po ON po.id = pl.order_id";

fn stockout_row(r: &Row) -> rusqlite::Result<Stockout> {
    Ok(Stockout {
        id: r.get(0)?,
        item_id: r.get(1)?,
        item_sku: r.get(2)?,
        item_name: r.get(3)?,
        location_id: r.get(4)?,
        location_name: r.get(5)?,
        at: r.get(6)?,
        demand_unmet: r.get(7)?,
        cause: r.get::<_, Option<String>>(8)?.as_deref().and_then(StockoutCause::parse),
        note: r.get(9)?,
        late_order_id: r.get(10)?,
        late_order_number: r.get(11)?,
    })
}

pub fn stockout(conn: &Connection, id: i64) -> Result<Stockout> {
    conn.prepare_cached(&format!("{SELECT_STOCKOUT} WHERE o.id = ?1"))?
        .query_row([id], stockout_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("stockout {id}")))
}

/// Every stockout, newest first.
pub fn stockouts(conn: &Connection) -> Result<Vec<Stockout>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_STOCKOUT} ORDER BY o.at DESC, o.id DESC"))?;
    let rows = stmt.query_map([], stockout_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that an item ran out at a location, with the demand that could not be met.
pub fn record_stockout(
    tx: &Transaction,
    change: &Change,
    item_id: i64,
    location_id: i64,
    demand_unmet: i64,
) -> Result<Stockout> {
    let mut checks = Checks::default();
    check_key(tx, &mut checks, "", &StockKey::ours(item_id, location_id))?;
    if !(0..=MAX_QUANTITY).contains(&demand_unmet) {
        checks.push("demandUnmet", "cannot be negative");
    }
    checks.into_result()?;
    // The late purchase order behind it, if any: what "late supplier" will point at.
    let late_line = crate::purchasing::late_line_for_stockout(tx, item_id, change.at.date_naive())?;
    tx.prepare_cached(
        "INSERT INTO stockouts (item_id, location_id, at, demand_unmet, late_order_line_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![item_id, location_id, change.timestamp(), demand_unmet, late_line])?;
    let recorded = stockout(tx, tx.last_insert_rowid())?;
    let after = serde_json::json!({
        "stockoutId": recorded.id,
        "locationId": location_id,
        "location": recorded.location_name,
        "demandUnmet": demand_unmet,
        "lateOrder": recorded.late_order_number,
    });
    events::append(tx, change, "stock_item", item_id, "stockout", None, Some(&after))?;
    Ok(recorded)
}

/// After [`issue`] refused `input` for want of stock (and rolled back), records the
/// shortfall as a stockout in the caller's new transaction. Returns `None` when the
/// stock is, by now, enough after all.
pub fn record_refused_issue(tx: &Transaction, change: &Change, input: &Issue) -> Result<Option<Stockout>> {
    let short = input.quantity - on_hand(tx, &input.stock)?;
    if short <= 0 {
        return Ok(None);
    }
    record_stockout(tx, change, input.stock.item_id, input.stock.location_id, short).map(Some)
}

/// Records why a stockout happened, once someone has looked into it.
pub fn set_stockout_cause(
    tx: &Transaction,
    change: &Change,
    id: i64,
    cause: StockoutCause,
    note: &str,
) -> Result<Stockout> {
    let before = stockout(tx, id)?;
    let mut checks = Checks::default();
    let note = checks.long_text("note", note);
    checks.into_result()?;
    tx.prepare_cached("UPDATE stockouts SET cause = ?2, note = ?3 WHERE id = ?1")?.execute(params![
        id,
        cause.as_str(),
        note
    ])?;
    let after = stockout(tx, id)?;
    events::append(
        tx,
        change,
        "stock_item",
        before.item_id,
        "stockout cause set",
        Some(&serde_json::json!({ "stockoutId": id, "cause": before.cause, "note": before.note })),
        Some(&serde_json::json!({ "stockoutId": id, "cause": after.cause, "note": after.note })),
    )?;
    Ok(after)
}

// ---- the screens' lists and baskets -------------------------------------------------

/// A stock item as the stock list shows it: its stock ours and consigned apart.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockItemRow {
    #[serde(flatten)]
    pub item: StockItem,
    /// Our own stock, at every location.
    pub owned: i64,
    /// Suppliers' consignment stock, at every location.
    pub consigned: i64,
}

/// Stock items whose SKU, name or barcode contains `text` (any case; every item when
/// blank), by name, at most `limit`.
pub fn item_rows(conn: &Connection, text: &str, limit: u32) -> Result<Vec<StockItemRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.sku, i.name, i.category_id, c.name, i.unit, i.barcode, i.notes, i.created_at,
                ifnull(sum(b.on_hand), 0), ifnull(sum(CASE WHEN b.owner_key = 0 THEN b.on_hand END), 0)
         FROM stock_items i
         LEFT JOIN categories c ON c.id = i.category_id
         LEFT JOIN stock_balances b ON b.item_id = i.id
         WHERE ?1 = '' OR instr(lower(i.sku), lower(?1)) OR instr(lower(i.name), lower(?1))
            OR instr(lower(ifnull(i.barcode, '')), lower(?1))
         GROUP BY i.id
         ORDER BY i.name, i.id
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![text.trim(), limit], |r| {
        let item = item_row(r)?;
        let owned: i64 = r.get(10)?;
        Ok(StockItemRow { consigned: item.on_hand - owned, owned, item })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One owner's stock of one item at a location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShelfStock {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// `None` for our own stock.
    pub owner_supplier_id: Option<i64>,
    pub owner_name: Option<String>,
    pub on_hand: i64,
}

/// What a location holds: every item and owner that has (or had) a balance there, by
/// item name, ours before consignment stock.
pub fn stock_at(conn: &Connection, location_id: i64) -> Result<Vec<ShelfStock>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.item_id, i.sku, i.name, i.unit, b.owner_supplier_id, s.name, b.on_hand
         FROM stock_balances b
         JOIN stock_items i ON i.id = b.item_id
         LEFT JOIN suppliers s ON s.id = b.owner_supplier_id
         WHERE b.location_id = ?1
         ORDER BY i.name, i.id, b.owner_key",
    )?;
    let rows = stmt.query_map([location_id], |r| {
        Ok(ShelfStock {
            item_id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            owner_supplier_id: r.get(4)?,
            owner_name: r.get(5)?,
            on_hand: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Issues a basket of lines — what the service desk scanned for one recipient — in the
/// caller's transaction: all of them, or none when one is refused (the error rolls the
/// transaction back). The error names its line: fields become `lines.1.quantity` and a
/// conflict's message starts "line 2: ". After a refusal for want of stock,
/// [`line_field`] on the error's field says which line to pass to
/// [`record_refused_issue`].
pub fn issue_lines(tx: &Transaction, change: &Change, lines: &[Issue]) -> Result<Vec<Issued>> {
    if lines.is_empty() {
        return Err(Error::invalid("lines", "scan or add at least one item"));
    }
    lines.iter().enumerate().map(|(i, line)| issue(tx, change, line).map_err(|e| on_line(i, e))).collect()
}

/// Posts a count of several items (a scan count at one location) in the caller's
/// transaction: each line's variance as a `count` movement, or nothing when one line is
/// refused, with the error naming the line as [`issue_lines`] does.
pub fn count_lines(tx: &Transaction, change: &Change, counts: &[Count]) -> Result<Vec<Option<StockMovement>>> {
    if counts.is_empty() {
        return Err(Error::invalid("lines", "scan or add at least one item"));
    }
    counts.iter().enumerate().map(|(i, line)| count(tx, change, line).map_err(|e| on_line(i, e))).collect()
}

/// The line (0-based) and the line's own field that a basket's error field names:
/// `lines.1.quantity` is line 1's `quantity`.
pub fn line_field(field: &str) -> Option<(usize, &str)> {
    let (index, rest) = field.strip_prefix("lines.")?.split_once('.')?;
    Some((index.parse().ok()?, rest))
}

/// The error of line `index` of a basket, as the whole basket's error.
fn on_line(index: usize, e: Error) -> Error {
    let field = |f: &str| format!("lines.{index}.{f}");
    match e {
        Error::Invalid(errors) => Error::Invalid(
            errors.into_iter().map(|e| crate::FieldError { field: field(&e.field), message: e.message }).collect(),
        ),
        Error::Conflict { field: f, message } => {
            Error::Conflict { field: f.as_deref().map(field), message: format!("line {}: {message}", index + 1) }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_causes_read_back_what_the_schema_stores() {
        use MovementKind::*;
        for kind in [Receive, Issue, TransferOut, TransferIn, Adjust, Count, ReturnToSupplier, Dispose] {
            assert_eq!(MovementKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str(), "the UI sees the stored name");
        }
        use StockoutCause::*;
        for cause in [DemandSpike, LateSupplier, ReorderPointTooLow, CountError, Other] {
            assert_eq!(StockoutCause::parse(cause.as_str()), Some(cause));
            assert_eq!(serde_json::to_value(cause).unwrap(), cause.as_str());
        }
    }

    #[test]
    fn the_schema_refuses_a_movement_with_the_wrong_sign_or_no_transfer_id() {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO locations (id, kind, name, path) VALUES (1, 'room', 'Store', '/1/');
             INSERT INTO stock_items (id, sku, name, created_at) VALUES (1, 'A', 'A', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
        let insert = |kind: &str, quantity: i64, transfer_id: Option<i64>| {
            conn.execute(
                "INSERT INTO stock_movements (item_id, location_id, kind, quantity, transfer_id, at, actor)
                 VALUES (1, 1, ?1, ?2, ?3, '2026-01-01T00:00:00Z', 'x')",
                params![kind, quantity, transfer_id],
            )
        };
        assert!(insert("issue", 3, None).is_err(), "an issue takes stock out");
        assert!(insert("receive", -3, None).is_err(), "a receipt brings stock in");
        assert!(insert("adjust", 0, None).is_err(), "no zero movements");
        assert!(insert("transfer_out", -3, None).is_err(), "a transfer leg needs its transfer id");
        assert!(insert("receive", 3, Some(1)).is_err(), "only transfers have a transfer id");
        assert!(insert("adjust", -3, None).is_ok());
    }
}
