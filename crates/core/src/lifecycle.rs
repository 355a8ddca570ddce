//! An asset's life after it is registered: which status changes are allowed, check-out
//! to a person, a location or another asset and check-in, maintenance records, and
//! disposal. Every change appends to the asset's history in the caller's transaction.
//!
//! Status rules ([`check_transition`]):
//! - *Deployed* is reached only by [`check_out`] (which records who or where), and left
//!   only by [`check_in`] — or by being marked lost or stolen, which closes the
//!   check-out. An asset imported as deployed (no check-out record) may change freely.
//! - *Disposed* is reached only by [`dispose`] (which records how the asset left) and
//!   is final: the asset keeps its record and history but never changes status again.
//! - Among pending, ready to deploy, in repair, retired and lost or stolen, any change
//!   is allowed: each is a plausible real event (found again, sent to repair, ...).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use tagledger_print::reports::handover::{HandoverItem, HandoverReceipt};

use crate::assets::{self, Asset, AssetStatus, Money};
use crate::validate::{check_currency, parse_date, parse_money, Checks};
use crate::{reference, settings, Change, Error, Result};

// ---- status transitions -------------------------------------------------------------

/// Refuses a status change the rules above do not allow, saying what to do instead.
/// `open_checkout` names whom the asset is checked out to, if it is.
pub fn check_transition(asset: &Asset, to: AssetStatus, open_checkout: Option<&str>) -> Result<()> {
    use AssetStatus::*;
    let from = asset.status;
    if from == to {
        return Ok(());
    }
    let refuse = |message: String| Err(Error::Conflict { field: Some("status".into()), message });
    let tag = &asset.tag;
    match (from, to) {
        (Disposed, _) => refuse(format!("{tag} has been disposed of; its status can no longer change")),
        (_, Deployed) => {
            refuse(format!("{tag}: use Check out to deploy it, so the register knows who or where has it"))
        }
        (_, Disposed) => {
            refuse(format!("{tag}: use Dispose, so the register records how it left (method, date, proceeds)"))
        }
        (Deployed, LostStolen) => Ok(()),
        (Deployed, _) if open_checkout.is_some() => {
            refuse(format!("{tag} is checked out to {}; check it in first", open_checkout.unwrap_or_default()))
        }
        _ => Ok(()),
    }
}

/// Whom or what an asset is checked out to, in words, if it is.
pub(crate) fn open_checkout_target(conn: &Connection, asset_id: i64) -> Result<Option<String>> {
    Ok(open_checkout(conn, asset_id)?.map(|c| c.target_name))
}

/// Called after an asset is marked lost or stolen: an open check-out ends there.
pub(crate) fn close_on_loss(tx: &Transaction, change: &Change, asset_id: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE checkouts SET checked_in_on = ?2, checked_in_by = ?3, checkin_note = 'marked lost or stolen'
         WHERE asset_id = ?1 AND checked_in_on IS NULL",
    )?
    .execute(params![asset_id, change.at.date_naive(), change.actor])?;
    Ok(())
}

// ---- check-out and check-in -------------------------------------------------------

/// Where a checked-out asset went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum CheckoutTarget {
    Person(i64),
    Location(i64),
    /// Another asset it goes with (a dock with its laptop).
    Asset(i64),
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CheckoutInput {
    pub target: Option<CheckoutTarget>,
    /// YYYY-MM-DD; blank means today.
    pub checked_out_on: Option<String>,
    pub expected_return_on: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Good,
    Worn,
    Damaged,
    Faulty,
}

impl Condition {
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Good => "good",
            Condition::Worn => "worn",
            Condition::Damaged => "damaged",
            Condition::Faulty => "faulty",
        }
    }

    fn parse(s: &str) -> Option<Condition> {
        Some(match s {
            "good" => Condition::Good,
            "worn" => Condition::Worn,
            "damaged" => Condition::Damaged,
            "faulty" => Condition::Faulty,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CheckinInput {
    /// YYYY-MM-DD; blank means today.
    pub checked_in_on: Option<String>,
    pub condition: Option<Condition>,
    pub note: String,
    /// Where the asset goes back to; `None` leaves its location as it is.
    pub location_id: Option<i64>,
}

/// One check-out, open or closed, with the names the screens show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Checkout {
    pub id: i64,
    pub asset_id: i64,
    pub asset_tag: String,
    pub asset_name: String,
    pub target: CheckoutTarget,
    /// "Zoë Müller", "London HQ › North Tower › IT Store" or "LAP-0042 Latitude 5440".
    pub target_name: String,
    pub checked_out_on: NaiveDate,
    pub expected_return_on: Option<NaiveDate>,
    pub checked_out_by: String,
    pub note: String,
    pub checked_in_on: Option<NaiveDate>,
    pub checked_in_by: Option<String>,
    pub condition: Option<Condition>,
    pub checkin_note: Option<String>,
}

impl Checkout {
    /// Days past the expected return date at `today` (0 when not overdue).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        match (self.checked_in_on, self.expected_return_on) {
            (None, Some(due)) if due < today => (today - due).num_days(),
            _ => 0,
        }
    }
}

const SELECT_CHECKOUT: &str = "SELECT c.id, c.asset_id, a.tag, a.name, c.person_id, c.location_id, c.parent_asset_id,
        p.name, l.id, pa.tag || ' ' || pa.name,
        c.checked_out_on, c.expected_return_on, c.checked_out_by, c.note,
        c.checked_in_on, c.checked_in_by, c.condition, c.checkin_note
     FROM checkouts c
     JOIN assets a ON a.id = c.asset_id
     LEFT JOIN people p ON p.id = c.person_id
     LEFT JOIN locations l ON l.id = c.location_id
     LEFT JOIN assets pa ON pa.id = c.parent_asset_id";

fn checkout_row(conn: &Connection, r: &Row) -> rusqlite::Result<Checkout> {
    let (person, location, parent): (Option<i64>, Option<i64>, Option<i64>) = (r.get(4)?, r.get(5)?, r.get(6)?);
    let (target, target_name) = match (person, location, parent) {
        (Some(id), _, _) => (CheckoutTarget::Person(id), r.get::<_, Option<String>>(7)?.unwrap_or_default()),
        (_, Some(id), _) => (
            CheckoutTarget::Location(id),
            reference::location_full_name(conn, id).unwrap_or_else(|_| format!("location {id}")),
        ),
        (_, _, Some(id)) => (CheckoutTarget::Asset(id), r.get::<_, Option<String>>(9)?.unwrap_or_default()),
        _ => unreachable!("the schema requires exactly one target"),
    };
    Ok(Checkout {
        id: r.get(0)?,
        asset_id: r.get(1)?,
        asset_tag: r.get(2)?,
        asset_name: r.get(3)?,
        target,
        target_name,
        checked_out_on: r.get(10)?,
        expected_return_on: r.get(11)?,
        checked_out_by: r.get(12)?,
        note: r.get(13)?,
        checked_in_on: r.get(14)?,
        checked_in_by: r.get(15)?,
        condition: r.get::<_, Option<String>>(16)?.as_deref().and_then(Condition::parse),
        checkin_note: r.get(17)?,
    })
}

fn query_checkouts(conn: &Connection, sql_tail: &str, params: impl rusqlite::Params) -> Result<Vec<Checkout>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_CHECKOUT} {sql_tail}"))?;
    let rows = stmt.query_map(params, |r| checkout_row(conn, r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn open_checkout(conn: &Connection, asset_id: i64) -> Result<Option<Checkout>> {
    Ok(query_checkouts(conn, "WHERE c.asset_id = ?1 AND c.checked_in_on IS NULL", [asset_id])?.into_iter().next())
}

/// Every check-out of an asset, newest first.
pub fn checkouts_of(conn: &Connection, asset_id: i64) -> Result<Vec<Checkout>> {
    query_checkouts(conn, "WHERE c.asset_id = ?1 ORDER BY c.id DESC", [asset_id])
}

pub fn checkout(conn: &Connection, id: i64) -> Result<Checkout> {
    query_checkouts(conn, "WHERE c.id = ?1", [id])?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(format!("check-out {id}")))
}

/// Open check-outs whose expected return date is before `today`, longest overdue first.
pub fn overdue(conn: &Connection, today: NaiveDate, limit: usize) -> Result<Vec<Checkout>> {
    query_checkouts(
        conn,
        "WHERE c.checked_in_on IS NULL AND c.expected_return_on < ?1 ORDER BY c.expected_return_on, c.id LIMIT ?2",
        params![today, limit as i64],
    )
}

pub fn overdue_count(conn: &Connection, today: NaiveDate) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM checkouts WHERE checked_in_on IS NULL AND expected_return_on < ?1")?
        .query_row([today], |r| r.get(0))?)
}

/// A date field: blank means `default`; never after today.
fn date_or(checks: &mut Checks, field: &str, value: Option<&str>, default: NaiveDate, today: NaiveDate) -> NaiveDate {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => default,
        Some(v) => match parse_date(v) {
            Ok(d) if d > today => {
                checks.push(field, "cannot be in the future");
                default
            }
            Ok(d) => d,
            Err(e) => {
                checks.push(field, e);
                default
            }
        },
    }
}

/// Checks an asset out. Only an asset ready to deploy can go; it becomes deployed,
/// assigned to the person (or to whoever has the asset it goes with), and moves to the
/// location (or with the asset it goes with).
pub fn check_out(
    tx: &Transaction,
    change: &Change,
    asset_id: i64,
    input: &CheckoutInput,
    today: NaiveDate,
) -> Result<Checkout> {
    let before = assets::get(tx, asset_id)?;
    let mut checks = Checks::default();
    let on = date_or(&mut checks, "checkedOutOn", input.checked_out_on.as_deref(), today, today);
    let expected = match input.expected_return_on.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match parse_date(v) {
            Ok(d) if d < on => {
                checks.push("expectedReturnOn", "is before the check-out date");
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                checks.push("expectedReturnOn", e);
                None
            }
        },
    };
    let note = checks.long_text("note", &input.note);
    let Some(target) = input.target else {
        checks.push("target", "choose a person, a location or an asset");
        return Err(checks.into_result().unwrap_err());
    };
    // Where the asset ends up: (assigned person, location).
    let (assignee, location) = match target {
        CheckoutTarget::Person(id) => {
            if !tx.prepare_cached("SELECT 1 FROM people WHERE id = ?1")?.exists([id])? {
                checks.push("target", format!("person {id} does not exist"));
            }
            (Some(id), before.location_id)
        }
        CheckoutTarget::Location(id) => {
            if !tx.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([id])? {
                checks.push("target", format!("location {id} does not exist"));
            }
            (None, Some(id))
        }
        CheckoutTarget::Asset(id) => match assets::get(tx, id) {
            Err(Error::NotFound { .. }) => {
                checks.push("target", format!("asset {id} does not exist"));
                (None, before.location_id)
            }
            Err(e) => return Err(e),
            Ok(parent) => {
                if parent.id == asset_id {
                    checks.push("target", "an asset cannot be checked out to itself");
                } else if parent.status == AssetStatus::Disposed {
                    checks.push("target", format!("{} has been disposed of", parent.tag));
                } else if goes_with(tx, parent.id, asset_id)? {
                    checks.push("target", format!("{} is itself checked out to {}", parent.tag, before.tag));
                }
                (parent.assigned_to, parent.location_id)
            }
        },
    };
    checks.into_result()?;
    if before.status != AssetStatus::Deployable {
        return Err(Error::Conflict {
            field: None,
            message: format!(
                "{} is {}; only an asset that is ready to deploy can be checked out",
                before.tag,
                before.status.label().to_lowercase()
            ),
        });
    }
    tx.prepare_cached(
        "INSERT INTO checkouts (asset_id, person_id, location_id, parent_asset_id, checked_out_on,
             expected_return_on, checked_out_by, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        asset_id,
        matches!(target, CheckoutTarget::Person(_)).then_some(target_id(target)),
        matches!(target, CheckoutTarget::Location(_)).then_some(target_id(target)),
        matches!(target, CheckoutTarget::Asset(_)).then_some(target_id(target)),
        on,
        expected,
        change.actor,
        note,
    ])?;
    let id = tx.last_insert_rowid();
    set_deployment(tx, change, asset_id, AssetStatus::Deployed, assignee, location)?;
    let checkout = checkout(tx, id)?;
    let after = assets::get(tx, asset_id)?;
    let detail = serde_json::json!({
        "checkedOutTo": checkout.target_name,
        "checkedOutOn": on,
        "expectedReturnOn": expected,
        "note": checkout.note,
    });
    assets::record_change(tx, change, &before, &after, "checked out", detail)?;
    Ok(checkout)
}

fn target_id(target: CheckoutTarget) -> i64 {
    match target {
        CheckoutTarget::Person(id) | CheckoutTarget::Location(id) | CheckoutTarget::Asset(id) => id,
    }
}

/// Whether `asset` is (through a chain of open check-outs) checked out to `other`, so
/// checking `other` out to `asset` would make a loop.
fn goes_with(conn: &Connection, asset: i64, other: i64) -> Result<bool> {
    let mut stmt =
        conn.prepare_cached("SELECT parent_asset_id FROM checkouts WHERE asset_id = ?1 AND checked_in_on IS NULL")?;
    let mut current = asset;
    // A chain longer than this is not a real desk; stop rather than loop on bad data.
    for _ in 0..64 {
        match stmt.query_row([current], |r| r.get::<_, Option<i64>>(0)).optional()?.flatten() {
            Some(parent) if parent == other => return Ok(true),
            Some(parent) => current = parent,
            None => return Ok(false),
        }
    }
    Ok(false)
}

fn set_deployment(
    tx: &Transaction,
    change: &Change,
    asset_id: i64,
    status: AssetStatus,
    assignee: Option<i64>,
    location: Option<i64>,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE assets SET status = ?2, assigned_to = ?3, location_id = ?4,
             location_name = ifnull((SELECT name FROM locations WHERE id = ?4), ''), updated_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![asset_id, status.as_str(), assignee, location, change.timestamp()])?;
    Ok(())
}

/// Checks an asset back in: its check-out closes, it is unassigned, and it is ready to
/// deploy again — or in repair when it comes back damaged or faulty.
pub fn check_in(
    tx: &Transaction,
    change: &Change,
    asset_id: i64,
    input: &CheckinInput,
    today: NaiveDate,
) -> Result<Asset> {
    let before = assets::get(tx, asset_id)?;
    let open = open_checkout(tx, asset_id)?;
    let mut checks = Checks::default();
    let since = open.as_ref().map(|c| c.checked_out_on);
    let on = date_or(&mut checks, "checkedInOn", input.checked_in_on.as_deref(), today, today);
    if since.is_some_and(|s| on < s) {
        checks.push("checkedInOn", "is before the check-out date");
    }
    let note = checks.long_text("note", &input.note);
    if let Some(id) = input.location_id {
        if !tx.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([id])? {
            checks.push("locationId", format!("location {id} does not exist"));
        }
    }
    checks.into_result()?;
    if before.status != AssetStatus::Deployed {
        return Err(Error::Conflict { field: None, message: format!("{} is not checked out", before.tag) });
    }
    if let Some(open) = &open {
        tx.prepare_cached(
            "UPDATE checkouts SET checked_in_on = ?2, checked_in_by = ?3, condition = ?4, checkin_note = ?5 WHERE id = ?1",
        )?
        .execute(params![open.id, on, change.actor, input.condition.map(Condition::as_str), note])?;
    }
    let status = match input.condition {
        Some(Condition::Damaged | Condition::Faulty) => AssetStatus::InRepair,
        _ => AssetStatus::Deployable,
    };
    set_deployment(tx, change, asset_id, status, None, input.location_id.or(before.location_id))?;
    let after = assets::get(tx, asset_id)?;
    let detail = serde_json::json!({
        "checkedInFrom": open.map(|c| c.target_name),
        "checkedInOn": on,
        "condition": input.condition.map(Condition::as_str),
        "note": note,
    });
    assets::record_change(tx, change, &before, &after, "checked in", detail)?;
    Ok(after)
}

// ---- maintenance --------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceKind {
    Repair,
    Upgrade,
    Calibration,
    Inspection,
}

impl MaintenanceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MaintenanceKind::Repair => "repair",
            MaintenanceKind::Upgrade => "upgrade",
            MaintenanceKind::Calibration => "calibration",
            MaintenanceKind::Inspection => "inspection",
        }
    }

    pub fn parse(s: &str) -> Option<MaintenanceKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "repair" => MaintenanceKind::Repair,
            "upgrade" => MaintenanceKind::Upgrade,
            "calibration" => MaintenanceKind::Calibration,
            "inspection" => MaintenanceKind::Inspection,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MaintenanceInput {
    pub kind: MaintenanceKind,
    pub title: String,
    pub supplier_id: Option<i64>,
    /// YYYY-MM-DD.
    pub started_on: String,
    pub completed_on: Option<String>,
    /// Amount as typed; blank for none.
    pub cost: Option<String>,
    pub currency: Option<String>,
    pub notes: String,
}

impl Default for MaintenanceInput {
    fn default() -> Self {
        MaintenanceInput {
            kind: MaintenanceKind::Repair,
            title: String::new(),
            supplier_id: None,
            started_on: String::new(),
            completed_on: None,
            cost: None,
            currency: None,
            notes: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Maintenance {
    pub id: i64,
    pub asset_id: i64,
    pub kind: MaintenanceKind,
    pub title: String,
    pub supplier_id: Option<i64>,
    pub supplier_name: Option<String>,
    pub started_on: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub cost: Option<Money>,
    pub notes: String,
}

const SELECT_MAINTENANCE: &str = "SELECT m.id, m.asset_id, m.kind, m.title, m.supplier_id, s.name, m.started_on,
        m.completed_on, m.cost_minor, m.currency, m.notes
     FROM maintenance m LEFT JOIN suppliers s ON s.id = m.supplier_id";

fn maintenance_row(r: &Row) -> rusqlite::Result<Maintenance> {
    Ok(Maintenance {
        id: r.get(0)?,
        asset_id: r.get(1)?,
        kind: MaintenanceKind::parse(&r.get::<_, String>(2)?).unwrap_or(MaintenanceKind::Repair),
        title: r.get(3)?,
        supplier_id: r.get(4)?,
        supplier_name: r.get(5)?,
        started_on: r.get(6)?,
        completed_on: r.get(7)?,
        cost: Money::from_columns(r.get(8)?, r.get(9)?),
        notes: r.get(10)?,
    })
}

/// Maintenance of one asset, newest first.
pub fn maintenance_of(conn: &Connection, asset_id: i64) -> Result<Vec<Maintenance>> {
    let mut stmt = conn
        .prepare_cached(&format!("{SELECT_MAINTENANCE} WHERE m.asset_id = ?1 ORDER BY m.started_on DESC, m.id DESC"))?;
    let rows = stmt.query_map([asset_id], maintenance_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn get_maintenance(conn: &Connection, id: i64) -> Result<Maintenance> {
    conn.prepare_cached(&format!("{SELECT_MAINTENANCE} WHERE m.id = ?1"))?
        .query_row([id], maintenance_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("maintenance record {id}")))
}

struct ValidMaintenance {
    title: String,
    started_on: NaiveDate,
    completed_on: Option<NaiveDate>,
    cost: Option<(i64, String)>,
    notes: String,
}

fn validate_maintenance(conn: &Connection, input: &MaintenanceInput, today: NaiveDate) -> Result<ValidMaintenance> {
    let mut checks = Checks::default();
    let title = checks.required_text("title", &input.title);
    let started_on = date_or(&mut checks, "startedOn", Some(&input.started_on), today, today);
    if input.started_on.trim().is_empty() {
        checks.push("startedOn", "is required");
    }
    let completed_on = match input.completed_on.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match parse_date(v) {
            Ok(d) if d < started_on => {
                checks.push("completedOn", "is before the start date");
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                checks.push("completedOn", e);
                None
            }
        },
    };
    let cost = money_field(conn, &mut checks, "cost", input.cost.as_deref(), input.currency.as_deref())?;
    let notes = checks.long_text("notes", &input.notes);
    if let Some(id) = input.supplier_id {
        if !conn.prepare_cached("SELECT 1 FROM suppliers WHERE id = ?1")?.exists([id])? {
            checks.push("supplierId", format!("supplier {id} does not exist"));
        }
    }
    checks.into_result()?;
    Ok(ValidMaintenance { title, started_on, completed_on, cost, notes })
}

/// An optional amount with its currency (the organisation's default when blank).
fn money_field(
    conn: &Connection,
    checks: &mut Checks,
    field: &str,
    amount: Option<&str>,
    currency: Option<&str>,
) -> Result<Option<(i64, String)>> {
    let Some(amount) = amount.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    let minor = parse_money(amount).map_err(|e| checks.push(field, e)).ok();
    let currency = match currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => check_currency(c).map_err(|e| checks.push("currency", e)).ok(),
        None => Some(settings::load(conn)?.default_currency),
    };
    Ok(minor.zip(currency))
}

pub fn add_maintenance(
    tx: &Transaction,
    change: &Change,
    asset_id: i64,
    input: &MaintenanceInput,
    today: NaiveDate,
) -> Result<Maintenance> {
    let asset = assets::get(tx, asset_id)?;
    let valid = validate_maintenance(tx, input, today)?;
    tx.prepare_cached(
        "INSERT INTO maintenance (asset_id, kind, title, supplier_id, started_on, completed_on, cost_minor, currency, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        asset.id,
        input.kind.as_str(),
        valid.title,
        input.supplier_id,
        valid.started_on,
        valid.completed_on,
        valid.cost.as_ref().map(|c| c.0),
        valid.cost.as_ref().map(|c| c.1.clone()),
        valid.notes,
    ])?;
    let record = get_maintenance(tx, tx.last_insert_rowid())?;
    let after = serde_json::to_value(&record).expect("maintenance serializes");
    crate::events::append(tx, change, "asset", asset.id, "maintenance recorded", None, Some(&after))?;
    Ok(record)
}

/// Updates a maintenance record (typically to complete it with its final cost).
pub fn update_maintenance(
    tx: &Transaction,
    change: &Change,
    id: i64,
    input: &MaintenanceInput,
    today: NaiveDate,
) -> Result<Maintenance> {
    let before = get_maintenance(tx, id)?;
    let valid = validate_maintenance(tx, input, today)?;
    tx.prepare_cached(
        "UPDATE maintenance SET kind = ?2, title = ?3, supplier_id = ?4, started_on = ?5, completed_on = ?6,
             cost_minor = ?7, currency = ?8, notes = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        input.kind.as_str(),
        valid.title,
        input.supplier_id,
        valid.started_on,
        valid.completed_on,
        valid.cost.as_ref().map(|c| c.0),
        valid.cost.as_ref().map(|c| c.1.clone()),
        valid.notes,
    ])?;
    let after = get_maintenance(tx, id)?;
    let json = |m: &Maintenance| serde_json::to_value(m).expect("maintenance serializes");
    crate::events::append(
        tx,
        change,
        "asset",
        after.asset_id,
        "maintenance updated",
        Some(&json(&before)),
        Some(&json(&after)),
    )?;
    Ok(after)
}

// ---- disposal -----------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DisposalMethod {
    Recycle,
    Resale,
    Donation,
    Destruction,
}

impl DisposalMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            DisposalMethod::Recycle => "recycle",
            DisposalMethod::Resale => "resale",
            DisposalMethod::Donation => "donation",
            DisposalMethod::Destruction => "destruction",
        }
    }

    pub fn parse(s: &str) -> Option<DisposalMethod> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "recycle" | "recycling" => DisposalMethod::Recycle,
            "resale" | "sold" | "sale" => DisposalMethod::Resale,
            "donation" | "donated" => DisposalMethod::Donation,
            "destruction" | "destroyed" => DisposalMethod::Destruction,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DisposalInput {
    pub method: Option<DisposalMethod>,
    /// YYYY-MM-DD; blank means today.
    pub disposed_on: Option<String>,
    /// Amounts as typed; blank is zero.
    pub proceeds: String,
    pub disposal_cost: String,
    pub currency: Option<String>,
    pub certificate_reference: Option<String>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Disposal {
    pub asset_id: i64,
    pub method: DisposalMethod,
    pub disposed_on: NaiveDate,
    pub proceeds: Money,
    pub disposal_cost: Money,
    pub certificate_reference: Option<String>,
    pub notes: String,
}

pub fn disposal(conn: &Connection, asset_id: i64) -> Result<Option<Disposal>> {
    Ok(conn
        .prepare_cached(
            "SELECT asset_id, method, disposed_on, proceeds_minor, disposal_cost_minor, currency,
                    certificate_reference, notes
             FROM disposals WHERE asset_id = ?1",
        )?
        .query_row([asset_id], |r| {
            let currency: String = r.get(5)?;
            Ok(Disposal {
                asset_id: r.get(0)?,
                method: DisposalMethod::parse(&r.get::<_, String>(1)?).unwrap_or(DisposalMethod::Recycle),
                disposed_on: r.get(2)?,
                proceeds: Money { minor: r.get(3)?, currency: currency.clone() },
                disposal_cost: Money { minor: r.get(4)?, currency },
                certificate_reference: r.get(6)?,
                notes: r.get(7)?,
            })
        })
        .optional()?)
}

/// Records how an asset left the organisation. It leaves the active views but keeps its
/// record and history; it must be checked in first.
pub fn dispose(
    tx: &Transaction,
    change: &Change,
    asset_id: i64,
    input: &DisposalInput,
    today: NaiveDate,
) -> Result<Disposal> {
    let before = assets::get(tx, asset_id)?;
    let mut checks = Checks::default();
    let method = input.method.unwrap_or_else(|| {
        checks.push("method", "choose how the asset was disposed of");
        DisposalMethod::Recycle
    });
    let on = date_or(&mut checks, "disposedOn", input.disposed_on.as_deref(), today, today);
    if before.purchase_date.is_some_and(|p| on < p) {
        checks.push("disposedOn", "is before the purchase date");
    }
    let mut amount = |field: &str, value: &str| -> i64 {
        let value = value.trim();
        if value.is_empty() {
            return 0;
        }
        parse_money(value).map_err(|e| checks.push(field, e)).unwrap_or(0)
    };
    let proceeds = amount("proceeds", &input.proceeds);
    let cost = amount("disposalCost", &input.disposal_cost);
    let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => check_currency(c).map_err(|e| checks.push("currency", e)).unwrap_or_default(),
        None => before
            .purchase_cost
            .as_ref()
            .map(|m| m.currency.clone())
            .map_or_else(|| settings::load(tx).map(|s| s.default_currency), Ok)?,
    };
    let certificate = checks.optional_text("certificateReference", input.certificate_reference.as_deref());
    let notes = checks.long_text("notes", &input.notes);
    checks.into_result()?;
    match before.status {
        AssetStatus::Disposed => {
            return Err(Error::Conflict {
                field: None,
                message: format!("{} has already been disposed of", before.tag),
            })
        }
        AssetStatus::Deployed => {
            let to = open_checkout_target(tx, asset_id)?.unwrap_or_else(|| "someone".into());
            return Err(Error::Conflict {
                field: None,
                message: format!("{} is checked out to {to}; check it in before disposing of it", before.tag),
            });
        }
        _ => {}
    }
    tx.prepare_cached(
        "INSERT INTO disposals (asset_id, method, disposed_on, proceeds_minor, disposal_cost_minor, currency,
             certificate_reference, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![asset_id, method.as_str(), on, proceeds, cost, currency, certificate, notes])?;
    tx.prepare_cached("UPDATE assets SET status = 'disposed', assigned_to = NULL, updated_at = ?2 WHERE id = ?1")?
        .execute(params![asset_id, change.timestamp()])?;
    let record = disposal(tx, asset_id)?.expect("just inserted");
    let after = assets::get(tx, asset_id)?;
    let detail = serde_json::to_value(&record).expect("disposal serializes");
    assets::record_change(tx, change, &before, &after, "disposed", serde_json::json!({ "disposal": detail }))?;
    Ok(record)
}

// ---- hand-over receipt --------------------------------------------------------------

/// The hand-over receipt of a check-out: the asset, and whatever is checked out with it
/// (the dock and headset that go with a laptop).
pub fn handover_receipt(conn: &Connection, checkout_id: i64, generated_at: &str) -> Result<HandoverReceipt> {
    let checkout = checkout(conn, checkout_id)?;
    let mut items = Vec::new();
    let item = |a: &Asset| HandoverItem {
        tag: a.tag.clone(),
        name: a.name.clone(),
        model: a.model_name.clone(),
        serial: a.serial.clone().unwrap_or_default(),
    };
    items.push(item(&assets::get(conn, checkout.asset_id)?));
    let mut with = conn.prepare_cached(
        "SELECT asset_id FROM checkouts WHERE parent_asset_id = ?1 AND checked_in_on IS NULL ORDER BY id",
    )?;
    let ids = with.query_map([checkout.asset_id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    for id in ids {
        items.push(item(&assets::get(conn, id)?));
    }
    Ok(HandoverReceipt {
        organisation: settings::load(conn)?.organisation_name,
        generated_at: generated_at.to_string(),
        recipient: checkout.target_name,
        checked_out_on: checkout.checked_out_on.to_string(),
        expected_return_on: checkout.expected_return_on.map(|d| d.to_string()),
        handed_over_by: checkout.checked_out_by,
        note: checkout.note,
        items,
    })
}
