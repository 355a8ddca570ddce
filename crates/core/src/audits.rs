//! Physical audits: choose a scope, scan every tag found there, reconcile what was
//! scanned with what the register expected, resolve each finding, and close the audit
//! with the auditor's name. Audits are stored as they go, so one can be resumed days
//! later; the audit report PDF is laid out by `tagledger_print::reports::audit` from
//! [`report`].
//!
//! # Scope and the expected assets
//! A scope is a location (with everything inside it), one or more categories, or both;
//! no categories means every category. When an audit starts, the assets it expects are
//! copied into `audit_expected` with the location the register had for each, so the
//! counts stay stable while findings are resolved (a resolution moves assets) and
//! while other people keep editing the register.
//!
//! An asset is expected when it is in the scope and *auditable*: every status except
//! disposed (it has left) and lost or stolen (nobody expects to find it; if it turns up
//! it is reported as unexpected, so the auditor sees the good news). Retired assets
//! are expected: they sit in a store waiting for disposal, which is exactly where kit
//! goes missing. Pending assets are expected too; one that has not been delivered yet
//! is a missing finding the auditor ignores with a note. [`due_for_audit`] uses the
//! same rule.
//!
//! # Classification
//! Each scan records the location being audited when it was read (a room, normally),
//! which must lie inside the scope's location when the scope has one. Then:
//! - **Found**: an expected asset scanned at the location the register had for it, or
//!   anywhere inside that location. A room has nothing inside it, so an asset
//!   registered in a room is found only in that room; one registered at a building
//!   (no room known) is found in any of its rooms. A scan at a coarser location than
//!   the register's (the building, for an asset registered in one of its rooms) is
//!   *moved*: the scan claims only the building, and updating the register to it would
//!   lose the room.
//! - **Moved**: an expected asset scanned anywhere else, including an asset the
//!   register had no location for.
//! - **Missing**: an expected asset nobody scanned.
//! - **Unexpected**: a code the register does not know (`out_of_scope` false), or a
//!   register asset the audit did not expect (`out_of_scope` true): registered in
//!   another location or category, lost or stolen, disposed, or added to the register
//!   after the audit started. Its expected location is where the register has it now.
//!
//! A code is the asset's tag, or its serial number (as [`assets::lookup`] reads it);
//! a scan stores the asset's tag, so one asset counts once however it was scanned,
//! and findings and resolutions are keyed by that tag (or by the unknown code).
//!
//! Closing sets `last_audited_on` for every expected asset that was scanned (found or
//! moved). Assets scanned out of scope were not what this audit certified, so their
//! date stays as it was.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Months, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tagledger_print::reports::audit::{AuditLine, AuditResult};
use ts_rs::TS;

use crate::assets::{self, Asset, AssetStatus, BulkUpdate};
use crate::validate::Checks;
use crate::{events, reference, Change, Error, FieldError, Result};

/// The longest code a scan accepts; tags and serial numbers are far shorter.
pub const MAX_CODE_CHARS: usize = 64;
/// The most lines a scanner file may have: more than any scanner holds, and a file
/// bigger than this is not a scanner's export.
pub const MAX_FILE_LINES: usize = 100_000;
/// A file full of mistakes is reported with its first errors; the rest are counted.
pub const MAX_FILE_ERRORS: usize = 100;

/// The statuses an audit expects to find (see the module docs).
pub(crate) const AUDITABLE: &str = "a.status NOT IN ('disposed', 'lost_stolen')";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditScope {
    /// This location and everything inside it; `None` for every location.
    pub location_id: Option<i64>,
    /// Empty for every category.
    pub category_ids: Vec<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditInput {
    pub name: String,
    pub scope: AuditScope,
    pub notes: String,
}

/// An audit with its live counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditSummary {
    pub id: i64,
    pub name: String,
    /// The scope in words: "London HQ › North Tower; Laptops, Monitors".
    pub scope: String,
    pub scope_location_id: Option<i64>,
    pub category_ids: Vec<i64>,
    pub notes: String,
    pub started_at: String,
    pub started_by: String,
    pub closed_at: Option<String>,
    pub auditor: Option<String>,
    /// Assets in scope when the audit started: found + moved + missing.
    pub expected: i64,
    pub found: i64,
    pub moved: i64,
    pub missing: i64,
    pub unexpected: i64,
    /// Moved, missing and unexpected findings without a resolution.
    pub unresolved: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScanOutcome {
    Found,
    Moved,
    /// Not in the register.
    Unknown,
    /// In the register but not expected by this audit.
    OutOfScope,
    /// Scanned before in this audit; nothing changed.
    AlreadyScanned,
}

/// What the audit screen shows after one scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanResult {
    pub outcome: ScanOutcome,
    /// The asset's tag when the code is in the register, else the code as scanned.
    pub code: String,
    pub asset_id: Option<i64>,
    pub tag: Option<String>,
    pub name: Option<String>,
    /// Where the audit expected the asset (or, when it was not expected, where the
    /// register has it), in full.
    pub expected_location: Option<String>,
    /// One line for the screen: "LAP-0042 Latitude 5440 — moved: register says IT Store".
    pub message: String,
    pub summary: AuditSummary,
}

/// One code read from a scanner's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanLine {
    /// 1-based.
    pub line: usize,
    pub code: String,
}

/// Why a line of a scanner's file was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanFileError {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters; 0 when the problem is the whole line or file.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ScanFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            0 => write!(f, "line {}: {}", self.line, self.message),
            column => write!(f, "line {}, column {column}: {}", self.line, self.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoadResult {
    /// Codes recorded by this load.
    pub scanned: usize,
    /// Codes scanned before, in this file or earlier in the audit.
    pub already_scanned: usize,
    pub summary: AuditSummary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingClass {
    Found,
    Moved,
    Missing,
    Unexpected,
}

impl FindingClass {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingClass::Found => "found",
            FindingClass::Moved => "moved",
            FindingClass::Missing => "missing",
            FindingClass::Unexpected => "unexpected",
        }
    }

    fn parse(s: &str) -> FindingClass {
        match s {
            "found" => FindingClass::Found,
            "moved" => FindingClass::Moved,
            "missing" => FindingClass::Missing,
            _ => FindingClass::Unexpected,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub class: FindingClass,
    /// The asset's tag, or the unknown code scanned; resolutions name a finding by it.
    pub code: String,
    pub asset_id: Option<i64>,
    pub tag: Option<String>,
    pub name: Option<String>,
    /// Where the audit expected it; for an unexpected register asset, where the
    /// register has it now.
    pub expected_location: Option<String>,
    /// Where it was scanned; `None` when missing.
    pub found_location: Option<String>,
    /// A register asset this audit did not expect.
    pub out_of_scope: bool,
    /// `location_updated`, `marked_lost`, `asset_added` or `ignored`.
    pub resolution: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// A moved or out-of-scope asset: the register takes the location it was scanned at.
    UpdateLocation,
    /// A missing asset becomes lost or stolen.
    MarkLost,
    /// An unknown code: the asset has just been added to the register with it.
    AssetAdded,
    /// Any finding, with a note saying why.
    Ignore,
}

impl Resolution {
    /// The value stored in `audit_resolutions` (and shown in [`Finding::resolution`]).
    fn stored(self) -> &'static str {
        match self {
            Resolution::UpdateLocation => "location_updated",
            Resolution::MarkLost => "marked_lost",
            Resolution::AssetAdded => "asset_added",
            Resolution::Ignore => "ignored",
        }
    }
}

/// A category whose audit policy some assets no longer meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditDue {
    pub category_id: i64,
    pub category_name: String,
    pub interval_months: i64,
    /// Auditable assets never audited or last audited before today − the interval.
    pub due: i64,
    /// Of those, the ones never audited.
    pub never_audited: i64,
}

// ---- starting and reading audits ---------------------------------------------------

/// Starts an audit and copies the assets it expects (see the module docs).
pub fn start(tx: &Transaction, change: &Change, input: &AuditInput) -> Result<AuditSummary> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", &input.name);
    let notes = checks.long_text("notes", &input.notes);
    let location_id = input.scope.location_id;
    let mut category_ids = input.scope.category_ids.clone();
    category_ids.sort_unstable();
    category_ids.dedup();
    if location_id.is_none() && category_ids.is_empty() {
        checks.push("scope", "choose a location, one or more categories, or both");
    }
    if let Some(id) = location_id {
        if !tx.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([id])? {
            checks.push("scope.locationId", format!("location {id} does not exist"));
        }
    }
    for &id in &category_ids {
        if !tx.prepare_cached("SELECT 1 FROM categories WHERE id = ?1")?.exists([id])? {
            checks.push("scope.categoryIds", format!("category {id} does not exist"));
        }
    }
    checks.into_result()?;

    tx.prepare_cached(
        "INSERT INTO audits (name, scope_location_id, started_at, started_by, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![name, location_id, change.timestamp(), change.actor, notes])?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached("INSERT INTO audit_categories (audit_id, category_id) VALUES (?1, ?2)")?;
    for &category_id in &category_ids {
        stmt.execute([id, category_id])?;
    }
    // One statement copies the expected assets, however many there are.
    let mut sql = format!(
        "INSERT INTO audit_expected (audit_id, asset_id, location_id)
         SELECT ?1, a.id, a.location_id FROM assets a WHERE {AUDITABLE}"
    );
    let mut values = vec![Value::Integer(id)];
    if let Some(location_id) = location_id {
        sql.push_str(
            " AND a.location_id IN (SELECT d.id FROM locations l JOIN locations d
                 ON d.path >= l.path AND d.path < l.path || '~' WHERE l.id = ?2)",
        );
        values.push(Value::Integer(location_id));
    }
    if !category_ids.is_empty() {
        sql.push_str(" AND a.category_id IN (SELECT category_id FROM audit_categories WHERE audit_id = ?1)");
    }
    let expected = tx.execute(&sql, params_from_iter(values))?;
    let after = json!({
        "name": name,
        "locationId": location_id,
        "categoryIds": category_ids,
        "notes": notes,
        "expected": expected,
    });
    events::append(tx, change, "audit", id, "started", None, Some(&after))?;
    summary(tx, id)
}

/// Every audit, newest first, with its counts.
pub fn list(conn: &Connection) -> Result<Vec<AuditSummary>> {
    summaries(conn, None)
}

pub fn summary(conn: &Connection, id: i64) -> Result<AuditSummary> {
    summaries(conn, Some(id))?.pop().ok_or_else(|| Error::not_found(format!("audit {id}")))
}

/// An audit's row.
struct Header {
    id: i64,
    name: String,
    scope_location_id: Option<i64>,
    /// The scope location's materialised path ("/1/4/").
    scope_path: Option<String>,
    started_at: String,
    started_by: String,
    closed_at: Option<String>,
    auditor: Option<String>,
    notes: String,
}

const HEADER_SQL: &str = "SELECT au.id, au.name, au.scope_location_id, l.path, au.started_at, au.started_by,
        au.closed_at, au.auditor, au.notes
     FROM audits au LEFT JOIN locations l ON l.id = au.scope_location_id";

fn header_of(r: &rusqlite::Row) -> rusqlite::Result<Header> {
    Ok(Header {
        id: r.get(0)?,
        name: r.get(1)?,
        scope_location_id: r.get(2)?,
        scope_path: r.get(3)?,
        started_at: r.get(4)?,
        started_by: r.get(5)?,
        closed_at: r.get(6)?,
        auditor: r.get(7)?,
        notes: r.get(8)?,
    })
}

fn header(conn: &Connection, id: i64) -> Result<Header> {
    conn.prepare_cached(&format!("{HEADER_SQL} WHERE au.id = ?1"))?
        .query_row([id], header_of)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("audit {id}")))
}

/// An audit that may still change: scans and resolutions are refused once it is closed.
fn open_header(conn: &Connection, id: i64) -> Result<Header> {
    let header = header(conn, id)?;
    if let Some(closed_at) = &header.closed_at {
        return Err(Error::Conflict {
            field: None,
            message: format!(
                "the audit \"{}\" was closed on {}; start a new audit to scan again",
                header.name,
                day_of(closed_at)
            ),
        });
    }
    Ok(header)
}

#[derive(Default, Clone, Copy)]
struct Counts {
    expected: i64,
    found: i64,
    moved: i64,
    unexpected: i64,
    /// Scanned findings (moved, unexpected) without a resolution.
    scans_unresolved: i64,
    /// Resolutions of missing assets (those whose code matches no scan).
    missing_resolved: i64,
}

/// How one scan classifies, over [`SCAN_JOINS`]: 'found', 'moved' or 'unexpected'.
/// Paths hold digits and '/', all below '~', so the range is "inside or equal".
const SCAN_CLASS: &str = "CASE WHEN e.asset_id IS NULL THEN 'unexpected'
         WHEN ls.path >= le.path AND ls.path < le.path || '~' THEN 'found'
         ELSE 'moved' END";
const SCAN_JOINS: &str = "FROM audit_scans s
     LEFT JOIN audit_expected e ON e.audit_id = s.audit_id AND e.asset_id = s.asset_id
     LEFT JOIN locations ls ON ls.id = s.location_id
     LEFT JOIN locations le ON le.id = e.location_id";

/// Counts per audit from three grouped queries, none of which visits an expected asset
/// more than once: the expected total, the scans by class, and the resolutions of
/// missing assets. Missing = expected − found − moved, since each expected asset is
/// scanned at most once.
fn counts(conn: &Connection, only: Option<i64>) -> Result<HashMap<i64, Counts>> {
    let (filter, values): (&str, Vec<i64>) = match only {
        Some(id) => ("= ?1", vec![id]),
        None => ("IS NOT NULL", vec![]),
    };
    let mut out: HashMap<i64, Counts> = HashMap::new();
    let sql = format!("SELECT audit_id, count(*) FROM audit_expected WHERE audit_id {filter} GROUP BY audit_id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(&values))?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().expected = r.get(1)?;
    }
    let sql = format!(
        "SELECT c.audit_id, sum(c.class = 'found'), sum(c.class = 'moved'), sum(c.class = 'unexpected'),
             sum(c.class <> 'found' AND r.code IS NULL)
         FROM (SELECT s.audit_id, s.code, {SCAN_CLASS} AS class {SCAN_JOINS} WHERE s.audit_id {filter}) c
         LEFT JOIN audit_resolutions r ON r.audit_id = c.audit_id AND r.code = c.code
         GROUP BY c.audit_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(&values))?;
    while let Some(r) = rows.next()? {
        let c = out.entry(r.get(0)?).or_default();
        (c.found, c.moved, c.unexpected, c.scans_unresolved) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    }
    let sql = format!(
        "SELECT r.audit_id, count(*) FROM audit_resolutions r
         WHERE r.audit_id {filter}
           AND NOT EXISTS (SELECT 1 FROM audit_scans s WHERE s.audit_id = r.audit_id AND s.code = r.code)
         GROUP BY r.audit_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(&values))?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().missing_resolved = r.get(1)?;
    }
    Ok(out)
}

/// Full location names ("London HQ › North Tower › IT Store"), each read once.
struct LocationNames<'c> {
    conn: &'c Connection,
    names: HashMap<i64, String>,
}

impl<'c> LocationNames<'c> {
    fn new(conn: &'c Connection) -> Self {
        LocationNames { conn, names: HashMap::new() }
    }

    fn get(&mut self, id: i64) -> Result<String> {
        if let Some(name) = self.names.get(&id) {
            return Ok(name.clone());
        }
        let name = reference::location_full_name(self.conn, id)?;
        self.names.insert(id, name.clone());
        Ok(name)
    }

    fn get_opt(&mut self, id: Option<i64>) -> Result<Option<String>> {
        id.map(|id| self.get(id)).transpose()
    }
}

fn summaries(conn: &Connection, only: Option<i64>) -> Result<Vec<AuditSummary>> {
    let headers: Vec<Header> = match only {
        Some(id) => vec![header(conn, id)?],
        None => conn
            .prepare_cached(&format!("{HEADER_SQL} ORDER BY au.started_at DESC, au.id DESC"))?
            .query_map([], header_of)?
            .collect::<rusqlite::Result<_>>()?,
    };
    let counts = counts(conn, only)?;
    let mut categories: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    let sql = format!(
        "SELECT ac.audit_id, c.id, c.name FROM audit_categories ac JOIN categories c ON c.id = ac.category_id
         WHERE ac.audit_id {} ORDER BY c.name COLLATE NOCASE, c.id",
        if only.is_some() { "= ?1" } else { "IS NOT NULL" }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(only))?;
    while let Some(r) = rows.next()? {
        categories.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?));
    }
    let mut names = LocationNames::new(conn);
    headers
        .into_iter()
        .map(|h| {
            let c = counts.get(&h.id).copied().unwrap_or_default();
            let cats = categories.remove(&h.id).unwrap_or_default();
            let missing = c.expected - c.found - c.moved;
            let location = names.get_opt(h.scope_location_id)?;
            let category_names: Vec<&str> = cats.iter().map(|(_, n)| n.as_str()).collect();
            Ok(AuditSummary {
                id: h.id,
                scope: scope_words(location.as_deref(), &category_names),
                name: h.name,
                scope_location_id: h.scope_location_id,
                category_ids: cats.iter().map(|(id, _)| *id).collect(),
                notes: h.notes,
                started_at: h.started_at,
                started_by: h.started_by,
                closed_at: h.closed_at,
                auditor: h.auditor,
                expected: c.expected,
                found: c.found,
                moved: c.moved,
                missing,
                unexpected: c.unexpected,
                unresolved: c.scans_unresolved + missing - c.missing_resolved,
            })
        })
        .collect()
}

/// "London HQ › North Tower; Laptops, Monitors", naming "all" for an open half.
fn scope_words(location: Option<&str>, categories: &[&str]) -> String {
    let location = location.unwrap_or("All locations");
    if categories.is_empty() {
        format!("{location}; all categories")
    } else {
        format!("{location}; {}", categories.join(", "))
    }
}

// ---- scanning ----------------------------------------------------------------------

/// Records one code read at `location_id` (the room being audited) and says what it
/// means. A code scanned before in this audit (by tag or serial, in any case) is
/// [`ScanOutcome::AlreadyScanned`] and changes nothing.
pub fn scan(tx: &Transaction, change: &Change, audit_id: i64, code: &str, location_id: i64) -> Result<ScanResult> {
    let header = open_header(tx, audit_id)?;
    let code = code.trim();
    if let Err(problem) = check_code(code) {
        return Err(Error::invalid("code", problem.message));
    }
    check_scan_location(tx, &header, location_id)?;
    let scanned = record_scan(tx, change, &header, code, location_id)?;
    if scanned.outcome != ScanOutcome::AlreadyScanned {
        let after = json!({
            "code": scanned.code,
            "assetId": scanned.asset.as_ref().map(|a| a.id),
            "locationId": location_id,
            "outcome": scanned.outcome,
        });
        events::append(tx, change, "audit", audit_id, "scanned", None, Some(&after))?;
    }
    let mut names = LocationNames::new(tx);
    let expected_location = names.get_opt(scanned.expected_location_id)?;
    let message = scan_message(tx, &header, &scanned)?;
    let Scanned { outcome, code, asset, .. } = scanned;
    Ok(ScanResult {
        outcome,
        code,
        asset_id: asset.as_ref().map(|a| a.id),
        tag: asset.as_ref().map(|a| a.tag.clone()),
        name: asset.map(|a| a.name),
        expected_location,
        message,
        summary: summary(tx, audit_id)?,
    })
}

/// What [`record_scan`] found out about one code.
struct Scanned {
    outcome: ScanOutcome,
    /// The asset's tag, or the unknown code.
    code: String,
    asset: Option<Asset>,
    /// The snapshot's location when the asset was expected, else its register location.
    expected_location_id: Option<i64>,
    /// For an already-scanned code: where it was scanned first.
    first_scanned_at: Option<i64>,
}

/// Checks that a scan's location exists and lies inside the audit's scope.
fn check_scan_location(conn: &Connection, header: &Header, location_id: i64) -> Result<()> {
    let path: String = conn
        .prepare_cached("SELECT path FROM locations WHERE id = ?1")?
        .query_row([location_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::invalid("locationId", format!("location {location_id} does not exist")))?;
    if let (Some(scope_path), Some(scope_id)) = (&header.scope_path, header.scope_location_id) {
        if !path.starts_with(scope_path.as_str()) {
            let mut names = LocationNames::new(conn);
            return Err(Error::invalid(
                "locationId",
                format!("{} is outside this audit's scope ({})", names.get(location_id)?, names.get(scope_id)?),
            ));
        }
    }
    Ok(())
}

/// Records a checked code at a checked location; appends no event (callers do).
fn record_scan(tx: &Transaction, change: &Change, header: &Header, code: &str, location_id: i64) -> Result<Scanned> {
    let asset = assets::lookup(tx, code)?;
    let code = asset.as_ref().map_or_else(|| code.to_string(), |a| a.tag.clone());
    let asset_id = asset.as_ref().map(|a| a.id);
    let expected: Option<(Option<i64>, Option<String>)> = match asset_id {
        Some(id) => tx
            .prepare_cached(
                "SELECT e.location_id, l.path FROM audit_expected e LEFT JOIN locations l ON l.id = e.location_id
                 WHERE e.audit_id = ?1 AND e.asset_id = ?2",
            )?
            .query_row([header.id, id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        None => None,
    };
    let expected_location_id = match &expected {
        Some((location, _)) => *location,
        None => asset.as_ref().and_then(|a| a.location_id),
    };
    // Scanned before under this code, or (for an asset) under its serial or old tag.
    let earlier: Option<(String, Option<i64>)> = tx
        .prepare_cached(
            // Two index seeks; an OR would make SQLite walk every scan of the audit.
            "SELECT code, location_id FROM audit_scans WHERE audit_id = ?1 AND code = ?2
             UNION ALL
             SELECT code, location_id FROM audit_scans WHERE audit_id = ?1 AND asset_id = ?3
             LIMIT 1",
        )?
        .query_row(params![header.id, code, asset_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((code, first_scanned_at)) = earlier {
        return Ok(Scanned {
            outcome: ScanOutcome::AlreadyScanned,
            code,
            asset,
            expected_location_id,
            first_scanned_at,
        });
    }
    tx.prepare_cached(
        "INSERT INTO audit_scans (audit_id, code, asset_id, location_id, scanned_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![header.id, code, asset_id, location_id, change.timestamp()])?;
    let outcome = match (&asset, &expected) {
        (None, _) => ScanOutcome::Unknown,
        (Some(_), None) => ScanOutcome::OutOfScope,
        (Some(_), Some((_, expected_path))) => {
            let scanned_path: String = tx
                .prepare_cached("SELECT path FROM locations WHERE id = ?1")?
                .query_row([location_id], |r| r.get(0))?;
            match expected_path {
                Some(p) if scanned_path.starts_with(p.as_str()) => ScanOutcome::Found,
                _ => ScanOutcome::Moved,
            }
        }
    };
    Ok(Scanned { outcome, code, asset, expected_location_id, first_scanned_at: None })
}

/// The screen's line for a scan: "LAP-0042 Latitude 5440 — moved: register says IT Store".
fn scan_message(conn: &Connection, header: &Header, scanned: &Scanned) -> Result<String> {
    let short_name = |id: Option<i64>| -> Result<String> {
        let Some(id) = id else { return Ok("no location".into()) };
        Ok(conn.prepare_cached("SELECT name FROM locations WHERE id = ?1")?.query_row([id], |r| r.get(0))?)
    };
    let who = match &scanned.asset {
        Some(a) => format!("{} {}", a.tag, a.name),
        None => scanned.code.clone(),
    };
    let what = match scanned.outcome {
        ScanOutcome::Found => "found".to_string(),
        ScanOutcome::Moved => format!("moved: register says {}", short_name(scanned.expected_location_id)?),
        ScanOutcome::Unknown => "not in the register".to_string(),
        ScanOutcome::AlreadyScanned => format!("already scanned in {}", short_name(scanned.first_scanned_at)?),
        ScanOutcome::OutOfScope => {
            let asset = scanned.asset.as_ref().expect("an out-of-scope scan is of a register asset");
            let (in_location, in_categories): (bool, bool) = conn
                .prepare_cached(
                    "SELECT ?2 IS NULL OR ifnull(l.path >= ?2 AND l.path < ?2 || '~', 0),
                            NOT EXISTS (SELECT 1 FROM audit_categories WHERE audit_id = ?1)
                            OR ?3 IN (SELECT category_id FROM audit_categories WHERE audit_id = ?1)
                     FROM (SELECT 1) LEFT JOIN locations l ON l.id = ?4",
                )?
                .query_row(params![header.id, header.scope_path, asset.category_id, asset.location_id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            if matches!(asset.status, AssetStatus::LostStolen | AssetStatus::Disposed) {
                format!("not expected: register says {}", asset.status.label().to_lowercase())
            } else if !in_location {
                format!("out of scope: register says {}", short_name(asset.location_id)?)
            } else if !in_categories {
                format!("out of scope: {} are not in this audit", asset.category_name)
            } else {
                "not expected: added to the register after the audit started".to_string()
            }
        }
    };
    Ok(format!("{who} — {what}"))
}

/// Reads a batch scanner's export and scans every code in it, in the caller's one
/// transaction. The whole file is checked first: any bad line refuses the file (one
/// field error per line, field "line N") and nothing is scanned.
pub fn load_scan_file(
    tx: &Transaction,
    change: &Change,
    audit_id: i64,
    text: &str,
    location_id: i64,
) -> Result<LoadResult> {
    let header = open_header(tx, audit_id)?;
    check_scan_location(tx, &header, location_id)?;
    let lines = parse_scan_file(text).map_err(|errors| {
        Error::Invalid(
            errors
                .into_iter()
                .map(|e| {
                    let message = match e.column {
                        0 => e.message,
                        column => format!("column {column}: {}", e.message),
                    };
                    FieldError::new(format!("line {}", e.line), message)
                })
                .collect(),
        )
    })?;
    if lines.is_empty() {
        return Err(Error::invalid("file", "has no codes (only blank lines and # comments)"));
    }
    let (mut scanned, mut already_scanned) = (0, 0);
    for line in &lines {
        match record_scan(tx, change, &header, &line.code, location_id)?.outcome {
            ScanOutcome::AlreadyScanned => already_scanned += 1,
            _ => scanned += 1,
        }
    }
    let after = json!({
        "locationId": location_id,
        "codes": lines.len(),
        "scanned": scanned,
        "alreadyScanned": already_scanned,
    });
    events::append(tx, change, "audit", audit_id, "scan_file_loaded", None, Some(&after))?;
    Ok(LoadResult { scanned, already_scanned, summary: summary(tx, audit_id)? })
}

/// A code's first problem: where (0-based, in characters) and what.
#[derive(Debug, PartialEq, Eq)]
struct CodeProblem {
    index: usize,
    message: String,
}

/// Invisible characters that are neither whitespace nor control characters but have no
/// business in a tag (a stray byte-order mark, zero-width spaces and joiners).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Checks a trimmed code: not empty, at most [`MAX_CODE_CHARS`] characters, no spaces,
/// control or invisible characters.
fn check_code(code: &str) -> std::result::Result<(), CodeProblem> {
    if code.is_empty() {
        return Err(CodeProblem { index: 0, message: "is required".into() });
    }
    for (index, c) in code.chars().enumerate() {
        let message = if c.is_control() {
            format!("contains a control character (U+{:04X})", c as u32)
        } else if c.is_whitespace() {
            "contains a space; a code is one word".to_string()
        } else if is_invisible(c) {
            format!("contains an invisible character (U+{:04X})", c as u32)
        } else if index == MAX_CODE_CHARS {
            format!("is too long ({} characters, at most {MAX_CODE_CHARS})", code.chars().count())
        } else {
            continue;
        };
        return Err(CodeProblem { index, message });
    }
    Ok(())
}

/// Parses a batch scanner's export: one code per line, optionally followed by a comma
/// or a tab and a timestamp (ignored). Blank lines and lines starting with `#` are
/// skipped; CRLF line ends and a leading UTF-8 byte-order mark are fine; spaces around
/// a code are trimmed. Refused, naming line and column: a separator with no code
/// before it, codes longer than [`MAX_CODE_CHARS`] characters, and codes with spaces,
/// control or invisible characters inside; a file of more than [`MAX_FILE_LINES`] lines
/// is refused as a whole. Never panics, on any input.
pub fn parse_scan_file(text: &str) -> std::result::Result<Vec<ScanLine>, Vec<ScanFileError>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut codes = Vec::new();
    let mut errors = Vec::new();
    // Bad lines past the first MAX_FILE_ERRORS: (the first one's line, how many).
    let mut more: Option<(usize, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if line > MAX_FILE_LINES {
            errors.push(ScanFileError {
                line,
                column: 0,
                // MAX_FILE_LINES, as people write it.
                message: "the file has more than 100,000 lines; split it into smaller files".into(),
            });
            return Err(errors);
        }
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.chars().count() - content.chars().count();
        let code = content.find([',', '\t']).map_or(content, |end| &content[..end]).trim_end();
        let problem = if code.is_empty() {
            Some(CodeProblem { index: 0, message: "there is no code before the separator".into() })
        } else {
            check_code(code).err()
        };
        match problem {
            None => codes.push(ScanLine { line, code: code.to_string() }),
            Some(_) if errors.len() >= MAX_FILE_ERRORS => {
                more.get_or_insert((line, 0)).1 += 1;
            }
            Some(problem) => {
                errors.push(ScanFileError { line, column: indent + problem.index + 1, message: problem.message })
            }
        }
    }
    if let Some((line, count)) = more {
        let lines = if count == 1 { "line has" } else { "lines have" };
        errors.push(ScanFileError {
            line,
            column: 0,
            message: format!("{count} more {lines} errors from here on; fix the ones above first"),
        });
    }
    if errors.is_empty() {
        Ok(codes)
    } else {
        Err(errors)
    }
}

// ---- findings and resolutions ------------------------------------------------------

/// Which findings [`findings_cte`] selects.
#[derive(Clone, Copy)]
enum FindingsOf {
    /// Every finding of audit ?1.
    Audit,
    /// The finding of audit ?1 whose code is ?2.
    Code,
}

/// A CTE `findings` with one row per scanned code and per expected asset not scanned:
/// (audit_id, seq, code, asset_id, expected_location_id, found_location_id, class).
fn findings_cte(of: FindingsOf) -> String {
    let (scans, expected) = match of {
        FindingsOf::Audit => ("s.audit_id = ?1", "e.audit_id = ?1"),
        FindingsOf::Code => ("s.audit_id = ?1 AND s.code = ?2", "e.audit_id = ?1 AND a.tag = ?2"),
    };
    format!(
        "WITH findings AS (
             SELECT s.audit_id, s.id AS seq, s.code, s.asset_id,
                    CASE WHEN e.asset_id IS NULL THEN reg.location_id ELSE e.location_id END AS expected_location_id,
                    s.location_id AS found_location_id, {SCAN_CLASS} AS class
             {SCAN_JOINS}
             LEFT JOIN assets reg ON reg.id = s.asset_id
             WHERE {scans}
             UNION ALL
             SELECT e.audit_id, NULL, a.tag, e.asset_id, e.location_id, NULL, 'missing'
             FROM audit_expected e JOIN assets a ON a.id = e.asset_id
             WHERE {expected}
               AND NOT EXISTS (SELECT 1 FROM audit_scans s WHERE s.audit_id = e.audit_id AND s.asset_id = e.asset_id)
         )"
    )
}

/// A finding with ids where [`Finding`] has names.
struct FindingRow {
    class: FindingClass,
    code: String,
    asset_id: Option<i64>,
    tag: Option<String>,
    name: Option<String>,
    expected_location_id: Option<i64>,
    found_location_id: Option<i64>,
    resolution: Option<String>,
    note: String,
}

impl FindingRow {
    /// A register asset the audit did not expect. An unknown code linked to the asset
    /// added for it stays "not in the register".
    fn out_of_scope(&self) -> bool {
        self.class == FindingClass::Unexpected
            && self.asset_id.is_some()
            && self.resolution.as_deref() != Some(Resolution::AssetAdded.stored())
    }

    fn into_finding(self, names: &mut LocationNames) -> Result<Finding> {
        Ok(Finding {
            out_of_scope: self.out_of_scope(),
            class: self.class,
            code: self.code,
            asset_id: self.asset_id,
            tag: self.tag,
            name: self.name,
            expected_location: names.get_opt(self.expected_location_id)?,
            found_location: names.get_opt(self.found_location_id)?,
            resolution: self.resolution,
            note: self.note,
        })
    }
}

const FINDING_SELECT: &str = "SELECT f.class, f.code, f.asset_id, a.tag, a.name, f.expected_location_id,
        f.found_location_id, r.resolution, ifnull(r.note, '')
     FROM findings f
     LEFT JOIN assets a ON a.id = f.asset_id
     LEFT JOIN audit_resolutions r ON r.audit_id = f.audit_id AND r.code = f.code";

fn finding_row(r: &rusqlite::Row) -> rusqlite::Result<FindingRow> {
    Ok(FindingRow {
        class: FindingClass::parse(&r.get::<_, String>(0)?),
        code: r.get(1)?,
        asset_id: r.get(2)?,
        tag: r.get(3)?,
        name: r.get(4)?,
        expected_location_id: r.get(5)?,
        found_location_id: r.get(6)?,
        resolution: r.get(7)?,
        note: r.get(8)?,
    })
}

/// An audit's findings, optionally of one class: scanned codes in scan order, then
/// missing assets by tag.
pub fn findings(conn: &Connection, audit_id: i64, class: Option<FindingClass>) -> Result<Vec<Finding>> {
    header(conn, audit_id)?;
    let sql = format!(
        "{} {FINDING_SELECT} WHERE ?2 IS NULL OR f.class = ?2
         ORDER BY f.seq IS NULL, f.seq, f.code COLLATE NOCASE",
        findings_cte(FindingsOf::Audit)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![audit_id, class.map(FindingClass::as_str)], finding_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut names = LocationNames::new(conn);
    rows.into_iter().map(|row| row.into_finding(&mut names)).collect()
}

fn finding_by_code(conn: &Connection, audit_id: i64, code: &str) -> Result<Option<FindingRow>> {
    let sql = format!("{} {FINDING_SELECT} ORDER BY f.seq IS NULL LIMIT 1", findings_cte(FindingsOf::Code));
    Ok(conn.prepare_cached(&sql)?.query_row(params![audit_id, code], finding_row).optional()?)
}

/// Why a resolution does not fit a finding, if it does not.
fn misfit(resolution: Resolution, row: &FindingRow) -> Option<String> {
    let code = &row.code;
    let unknown = row.class == FindingClass::Unexpected && row.asset_id.is_none();
    match (resolution, row.class) {
        (Resolution::Ignore, _) => None,
        (Resolution::UpdateLocation, FindingClass::Moved) => None,
        (Resolution::UpdateLocation, FindingClass::Unexpected) if !unknown => None,
        (Resolution::UpdateLocation, FindingClass::Found) => {
            Some(format!("{code} was found where the register has it; there is no location to update"))
        }
        (Resolution::UpdateLocation, FindingClass::Missing) => Some(format!(
            "{code} was not scanned, so there is no location to update it to; mark it lost or ignore it"
        )),
        (Resolution::UpdateLocation, FindingClass::Unexpected) => {
            Some(format!("{code} is not in the register; add the asset, then resolve it as added"))
        }
        (Resolution::MarkLost, FindingClass::Missing) => None,
        (Resolution::MarkLost, _) => {
            Some(format!("{code} was scanned in this audit; only a missing asset can be marked lost"))
        }
        (Resolution::AssetAdded, FindingClass::Unexpected) if unknown => None,
        (Resolution::AssetAdded, _) => Some(format!(
            "{code} was already in the register; only a code the register did not know can be resolved by adding an asset"
        )),
    }
}

/// Settles one finding (named by its code, see [`Finding::code`]). A finding is
/// resolved once; resolutions that change an asset go through [`assets::bulk_update`]
/// so the asset's history and the status rules apply.
pub fn resolve(
    tx: &Transaction,
    change: &Change,
    audit_id: i64,
    code: &str,
    resolution: Resolution,
    note: &str,
) -> Result<Finding> {
    open_header(tx, audit_id)?;
    let mut checks = Checks::default();
    let note = checks.long_text("note", note);
    if resolution == Resolution::Ignore && note.is_empty() {
        checks.push("note", "say why this finding is ignored");
    }
    checks.into_result()?;
    let code = code.trim();
    let row = finding_by_code(tx, audit_id, code)?
        .ok_or_else(|| Error::not_found(format!("a finding with code {code} in this audit")))?;
    if let Some(done) = &row.resolution {
        return Err(Error::Conflict {
            field: None,
            message: format!("{} is already resolved ({})", row.code, done.replace('_', " ")),
        });
    }
    if let Some(message) = misfit(resolution, &row) {
        return Err(Error::Conflict { field: Some("resolution".into()), message });
    }
    let mut asset_id = row.asset_id;
    match resolution {
        Resolution::UpdateLocation => {
            let id = row.asset_id.expect("a moved or out-of-scope finding has an asset");
            let update = BulkUpdate { location_id: row.found_location_id, ..Default::default() };
            assets::bulk_update(tx, change, &[id], &update)?;
        }
        Resolution::MarkLost => {
            let id = row.asset_id.expect("a missing finding has an asset");
            let update = BulkUpdate { status: Some(AssetStatus::LostStolen), ..Default::default() };
            assets::bulk_update(tx, change, &[id], &update)?;
        }
        Resolution::AssetAdded => {
            let asset = assets::lookup(tx, &row.code)?.ok_or_else(|| Error::Conflict {
                field: None,
                message: format!("no asset has the tag or serial {} yet; add it, then resolve this again", row.code),
            })?;
            let taken: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM audit_expected WHERE audit_id = ?1 AND asset_id = ?2)
                         OR EXISTS (SELECT 1 FROM audit_scans WHERE audit_id = ?1 AND asset_id = ?2)",
                )?
                .query_row([audit_id, asset.id], |r| r.get(0))?;
            if taken {
                return Err(Error::Conflict {
                    field: None,
                    message: format!(
                        "{} is {}, which this audit already knows; it is not a new asset",
                        row.code, asset.tag
                    ),
                });
            }
            tx.prepare_cached("UPDATE audit_scans SET asset_id = ?3 WHERE audit_id = ?1 AND code = ?2")?
                .execute(params![audit_id, row.code, asset.id])?;
            asset_id = Some(asset.id);
        }
        Resolution::Ignore => {}
    }
    tx.prepare_cached(
        "INSERT INTO audit_resolutions (audit_id, code, resolution, resolved_at, resolved_by, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![audit_id, row.code, resolution.stored(), change.timestamp(), change.actor, note])?;
    let after = json!({
        "code": row.code,
        "class": row.class,
        "resolution": resolution.stored(),
        "assetId": asset_id,
        "note": note,
    });
    events::append(tx, change, "audit", audit_id, "resolved", None, Some(&after))?;
    let row = finding_by_code(tx, audit_id, &row.code)?.expect("the finding just resolved exists");
    row.into_finding(&mut LocationNames::new(tx))
}

/// Closes an audit with the auditor's name and records the close date as the last
/// audit of every expected asset scanned in it. Open findings may remain; the report
/// lists them as unresolved.
pub fn close(tx: &Transaction, change: &Change, audit_id: i64, auditor: &str) -> Result<AuditSummary> {
    let header = open_header(tx, audit_id)?;
    let mut checks = Checks::default();
    let auditor = checks.required_text("auditor", auditor);
    checks.into_result()?;
    let closed_at = change.timestamp();
    let today = change.at.date_naive();
    tx.prepare_cached("UPDATE audits SET closed_at = ?2, auditor = ?3 WHERE id = ?1")?
        .execute(params![audit_id, closed_at, auditor])?;
    // max(): closing an older audit late must not make an asset look less recently seen.
    let audited = tx
        .prepare_cached(
            "UPDATE assets SET last_audited_on = max(ifnull(last_audited_on, ''), ?2)
             WHERE id IN (SELECT s.asset_id FROM audit_scans s
                          JOIN audit_expected e ON e.audit_id = s.audit_id AND e.asset_id = s.asset_id
                          WHERE s.audit_id = ?1)",
        )?
        .execute(params![audit_id, today])?;
    let summary = summary(tx, audit_id)?;
    let after = json!({
        "name": header.name,
        "auditor": auditor,
        "closedAt": closed_at,
        "lastAuditedOn": today,
        "assetsAudited": audited,
        "unresolved": summary.unresolved,
    });
    events::append(tx, change, "audit", audit_id, "closed", None, Some(&after))?;
    Ok(summary)
}

// ---- report and policy ---------------------------------------------------------------

/// The audit report's data: every finding by class, in tag order, with its resolution
/// in the note.
pub fn report(conn: &Connection, audit_id: i64, organisation: &str, generated_at: &str) -> Result<AuditResult> {
    let summary = summary(conn, audit_id)?;
    let mut all = findings(conn, audit_id, None)?;
    all.sort_by_cached_key(|f| f.code.to_lowercase());
    let mut result = AuditResult {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        scope: summary.scope,
        auditor: summary.auditor.unwrap_or_else(|| "not yet signed off".into()),
        started: report_time(&summary.started_at),
        closed: summary.closed_at.as_deref().map(report_time),
        found: vec![],
        moved: vec![],
        missing: vec![],
        unexpected: vec![],
    };
    for finding in all {
        let class = finding.class;
        let line = audit_line(finding);
        match class {
            FindingClass::Found => result.found.push(line),
            FindingClass::Moved => result.moved.push(line),
            FindingClass::Missing => result.missing.push(line),
            FindingClass::Unexpected => result.unexpected.push(line),
        }
    }
    Ok(result)
}

fn audit_line(f: Finding) -> AuditLine {
    let mut parts: Vec<String> = Vec::new();
    if f.class == FindingClass::Unexpected {
        parts.push(if f.out_of_scope { "Out of scope" } else { "Not in the register" }.into());
    }
    let resolution = match f.resolution.as_deref() {
        Some("location_updated") => Some("location updated"),
        Some("marked_lost") => Some("marked lost"),
        Some("asset_added") => Some("asset added"),
        Some("ignored") => Some("ignored"),
        Some(_) => Some("resolved"),
        None if f.class == FindingClass::Found => None,
        None => Some("unresolved"),
    };
    if let Some(resolution) = resolution {
        let resolution = match f.note.as_str() {
            "" => resolution.to_string(),
            note => format!("{resolution}: {note}"),
        };
        parts.push(resolution);
    } else if !f.note.is_empty() {
        parts.push(f.note.clone());
    }
    let mut note = parts.join("; ");
    if let Some(first) = note.get(..1) {
        note = first.to_uppercase() + &note[1..];
    }
    AuditLine {
        tag: f.tag.unwrap_or(f.code),
        name: f.name.unwrap_or_default(),
        expected_location: f.expected_location.unwrap_or_default(),
        found_location: f.found_location.unwrap_or_default(),
        note,
    }
}

/// "2026-01-02T03:04:05Z" → "2026-01-02 03:04 UTC"; anything else as stored.
fn report_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

fn day_of(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// Assets last audited before this date are due again under an interval of `months`.
/// Month arithmetic clamps to the month's end (31 March − 1 month = 28 or 29 February).
pub(crate) fn audit_cutoff(today: NaiveDate, months: i64) -> NaiveDate {
    u32::try_from(months).ok().and_then(|m| today.checked_sub_months(Months::new(m))).unwrap_or(NaiveDate::MIN)
}

/// Per category with an audit interval: how many auditable assets (see the module
/// docs) were never audited or last audited before `today` minus the interval. Two
/// index range counts per category on `assets_audit_due`; no per-asset queries.
pub fn due_for_audit(conn: &Connection, today: NaiveDate) -> Result<Vec<AuditDue>> {
    let policies: Vec<(i64, String, i64)> = conn
        .prepare_cached(
            "SELECT c.id, c.name, p.audit_interval_months FROM category_policies p
             JOIN categories c ON c.id = p.category_id
             WHERE p.audit_interval_months IS NOT NULL
             ORDER BY c.name COLLATE NOCASE, c.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut never_stmt = conn.prepare_cached(&format!(
        "SELECT count(*) FROM assets a WHERE a.category_id = ?1 AND a.last_audited_on IS NULL AND {AUDITABLE}"
    ))?;
    let mut overdue_stmt = conn.prepare_cached(&format!(
        "SELECT count(*) FROM assets a WHERE a.category_id = ?1 AND a.last_audited_on < ?2 AND {AUDITABLE}"
    ))?;
    policies
        .into_iter()
        .map(|(category_id, category_name, interval_months)| {
            let cutoff = audit_cutoff(today, interval_months);
            let never_audited: i64 = never_stmt.query_row([category_id], |r| r.get(0))?;
            let overdue: i64 = overdue_stmt.query_row(params![category_id, cutoff], |r| r.get(0))?;
            Ok(AuditDue { category_id, category_name, interval_months, due: never_audited + overdue, never_audited })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(usize, String)> {
        parse_scan_file(text).unwrap().into_iter().map(|l| (l.line, l.code)).collect()
    }

    fn errors(text: &str) -> Vec<String> {
        parse_scan_file(text).unwrap_err().iter().map(ToString::to_string).collect()
    }

    fn owned(pairs: &[(usize, &str)]) -> Vec<(usize, String)> {
        pairs.iter().map(|(l, c)| (*l, c.to_string())).collect()
    }

    #[test]
    fn scan_files_skip_blank_lines_and_comments_and_keep_line_numbers() {
        let text = "# exported by CS3070\nLAP-0001\n\n   \n  # indented comment\n  LAP-0002  \n";
        assert_eq!(codes(text), owned(&[(2, "LAP-0001"), (6, "LAP-0002")]));
        assert_eq!(codes(""), owned(&[]));
        assert_eq!(codes("\n\n# nothing\n"), owned(&[]));
    }

    #[test]
    fn scan_files_accept_a_bom_and_crlf_line_ends() {
        assert_eq!(codes("\u{FEFF}LAP-1\r\nLAP-2\r\n"), owned(&[(1, "LAP-1"), (2, "LAP-2")]));
        // The mark is not a character of the first line, so columns count from after it.
        assert_eq!(errors("\u{FEFF}A B"), ["line 1, column 2: contains a space; a code is one word"]);
        // Only at the start: inside a code it is an invisible character.
        assert_eq!(errors("LAP-1\nLAP\u{FEFF}2"), ["line 2, column 4: contains an invisible character (U+FEFF)"]);
    }

    #[test]
    fn scan_files_keep_the_code_of_timestamped_lines() {
        let text = "LAP-1,2026-01-02 10:11:12\nLAP-2\t2026-01-02T10:11:13Z\nLAP-3 , 2026-01-02\nLAP-4,\n";
        assert_eq!(codes(text), owned(&[(1, "LAP-1"), (2, "LAP-2"), (3, "LAP-3"), (4, "LAP-4")]));
    }

    #[test]
    fn scan_file_errors_name_line_and_column() {
        let long = "X".repeat(MAX_CODE_CHARS + 1);
        let text = format!("OK-1\nLAP 0002\n  ,2026-01-02\n{long}\nAB\u{7}C\t2026\nOK-2\n  Z\u{a0}Z,1\n");
        assert_eq!(
            errors(&text),
            [
                "line 2, column 4: contains a space; a code is one word",
                "line 3, column 3: there is no code before the separator",
                "line 4, column 65: is too long (65 characters, at most 64)",
                "line 5, column 3: contains a control character (U+0007)",
                "line 7, column 4: contains a space; a code is one word",
            ]
        );
        // Exactly the limit is fine.
        assert_eq!(codes(&"Y".repeat(MAX_CODE_CHARS)).len(), 1);
    }

    #[test]
    fn scan_files_report_their_first_errors_and_count_the_rest() {
        let text = "bad code\n".repeat(MAX_FILE_ERRORS + 5);
        let errors = parse_scan_file(&text).unwrap_err();
        assert_eq!(errors.len(), MAX_FILE_ERRORS + 1);
        assert_eq!(errors[MAX_FILE_ERRORS - 1].line, MAX_FILE_ERRORS);
        assert_eq!(
            errors[MAX_FILE_ERRORS].to_string(),
            "line 101: 5 more lines have errors from here on; fix the ones above first"
        );
    }

    #[test]
    fn scan_files_of_more_than_the_limit_are_refused() {
        let text = "A\n".repeat(MAX_FILE_LINES);
        assert_eq!(parse_scan_file(&text).unwrap().len(), MAX_FILE_LINES);
        let text = "A\n".repeat(MAX_FILE_LINES + 1);
        assert_eq!(errors(&text), ["line 100001: the file has more than 100,000 lines; split it into smaller files"]);
    }

    #[test]
    fn codes_are_checked_like_file_lines() {
        assert_eq!(check_code("LAP-0001"), Ok(()));
        assert_eq!(check_code("").unwrap_err().message, "is required");
        assert_eq!(
            check_code("a\tb").unwrap_err(),
            CodeProblem { index: 1, message: "contains a control character (U+0009)".into() }
        );
        assert_eq!(check_code("ab\u{200B}").unwrap_err().index, 2);
        assert_eq!(check_code(&"é".repeat(MAX_CODE_CHARS)), Ok(()), "characters, not bytes");
    }

    #[test]
    fn scopes_read_in_words() {
        assert_eq!(
            scope_words(Some("London HQ › North Tower"), &["Laptops", "Monitors"]),
            "London HQ › North Tower; Laptops, Monitors"
        );
        assert_eq!(scope_words(Some("London HQ"), &[]), "London HQ; all categories");
        assert_eq!(scope_words(None, &["Laptops"]), "All locations; Laptops");
    }

    #[test]
    fn due_counts_use_the_audit_due_index() {
        let conn = crate::store::open_in_memory().unwrap();
        for sql in [
            format!("SELECT count(*) FROM assets a WHERE a.category_id = 1 AND a.last_audited_on IS NULL AND {AUDITABLE}"),
            format!("SELECT count(*) FROM assets a WHERE a.category_id = 1 AND a.last_audited_on < '2026-01-01' AND {AUDITABLE}"),
        ] {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map([], |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(plan.iter().any(|p| p.contains("assets_audit_due")), "{plan:?}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn check_result(text: &str) {
            let total_lines = text.lines().count();
            match parse_scan_file(text) {
                Ok(lines) => {
                    let mut previous = 0;
                    for l in lines {
                        assert!(l.line > previous && l.line <= total_lines);
                        previous = l.line;
                        assert_eq!(check_code(&l.code), Ok(()));
                        assert!(!l.code.contains([',', '\t']) && !l.code.starts_with('#'));
                    }
                }
                Err(errors) => {
                    assert!(!errors.is_empty());
                    for e in errors {
                        assert!(e.line >= 1 && e.line <= total_lines.max(1), "{e}");
                        assert!(e.to_string().starts_with(&format!("line {}", e.line)));
                    }
                }
            }
        }

        proptest! {
            #[test]
            fn never_panics_on_any_string(text in any::<String>()) {
                check_result(&text);
            }

            #[test]
            fn never_panics_on_scanner_like_text(
                text in proptest::collection::vec(
                    prop_oneof![
                        Just("\n".to_string()), Just("\r\n".to_string()), Just(",".to_string()),
                        Just("\t".to_string()), Just("#".to_string()), Just(" ".to_string()),
                        Just("\u{FEFF}".to_string()), Just("\r".to_string()),
                        "[A-Z0-9-]{1,70}", "\\PC{0,3}",
                    ],
                    0..40,
                ).prop_map(|parts| parts.concat())
            ) {
                check_result(&text);
            }

            #[test]
            fn every_valid_code_is_read_back(codes in proptest::collection::vec("[A-Za-z0-9._/-]{1,64}", 1..20), crlf in any::<bool>()) {
                let end = if crlf { "\r\n" } else { "\n" };
                let text: String = codes.iter().map(|c| format!("{c},2026-01-02{end}")).collect();
                let read: Vec<String> = parse_scan_file(&text).unwrap().into_iter().map(|l| l.code).collect();
                prop_assert_eq!(read, codes);
            }
        }
    }
}
