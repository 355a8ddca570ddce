//! Hiring plans as a demand driver: onboarding kits (what one new starter in a department
//! needs), the hiring plan (how many start in each department each month, typed in or
//! imported from HR's CSV) and the kit demand they make, shown beside an item's forecast
//! and added to it.
//!
//! Rules:
//! - A kit belongs to one department, or to every department (`*`). A department's own
//!   kit replaces the `*` kit entirely: when it lacks an item, that department needs none
//!   of it, even if the `*` kit lists it. Departments match without regard to case.
//! - Plan months are the first day of the month. [`set_plan`] refuses any other day
//!   (`rows.N.month`: "must be the first day of a month") rather than silently moving it;
//!   the CSV importer reads `YYYY-MM` or `YYYY-MM-01` only.
//! - [`set_plan`] replaces every row of each month it is given (departments missing from
//!   the new rows for that month are removed); other months are untouched. The plan's
//!   department is never `*`.
//! - Kit demand in a month = Σ over the plan's departments of starters × the quantity of
//!   the item in the department's kit (its own, else `*`).
//! - Double counting: new starters' past kits were issued, so they are already in the
//!   item's demand history and the baseline forecast carries their usual rate forward.
//!   [`forecast_with_hiring`] adds the planned starters' kits on top of the baseline
//!   unadjusted (no attempt to subtract the historical share, which the ledger cannot
//!   tell apart from other issues); the kit demand is kept as its own figure so the
//!   planner sees how much of the total it is and can judge the overlap.
//! - Writes log events: `onboarding_kit` (kit id) created/updated/deleted, and
//!   `hiring_plan` with the month as `YYYYMM` for its id, action `set`, before/after being
//!   that month's rows.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::forecast::{self, ItemForecast};
use crate::validate::Checks;
use crate::{events, Change, Error, Result};

/// The department a kit for every department is filed under.
pub const EVERY_DEPARTMENT: &str = "*";
/// Most of one item a single starter's kit may hold (the schema's check).
pub const MAX_KIT_QUANTITY: i64 = 1000;
/// Most starters in one department and month (the schema's check).
pub const MAX_STARTERS: i64 = 100_000;

// ---- kits ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KitLineInput {
    pub item_id: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KitInput {
    pub name: String,
    /// `*` for every department.
    pub department: String,
    pub lines: Vec<KitLineInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KitLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Kit {
    pub id: i64,
    pub name: String,
    pub department: String,
    /// By SKU.
    pub lines: Vec<KitLine>,
}

/// Every kit by department (`*` first, as it sorts before letters), with its lines.
pub fn kits(conn: &Connection) -> Result<Vec<Kit>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, department FROM onboarding_kits ORDER BY department, id")?;
    let heads = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    heads
        .into_iter()
        .map(|(id, name, department)| Ok(Kit { id, name, department, lines: kit_lines(conn, id)? }))
        .collect()
}

pub fn kit(conn: &Connection, id: i64) -> Result<Kit> {
    let head = conn
        .query_row("SELECT name, department FROM onboarding_kits WHERE id = ?1", [id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    let (name, department) = head.ok_or_else(|| Error::not_found(format!("onboarding kit {id}")))?;
    Ok(Kit { id, name, department, lines: kit_lines(conn, id)? })
}

fn kit_lines(conn: &Connection, kit_id: i64) -> Result<Vec<KitLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.item_id, i.sku, i.name, l.quantity FROM onboarding_kit_lines l
         JOIN stock_items i ON i.id = l.item_id WHERE l.kit_id = ?1 ORDER BY i.sku",
    )?;
    let lines = stmt
        .query_map([kit_id], |r| {
            Ok(KitLine { item_id: r.get(0)?, sku: r.get(1)?, name: r.get(2)?, quantity: r.get(3)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines)
}

/// The trimmed name and department, with every problem as a field error.
fn validate_kit(conn: &Connection, id: Option<i64>, input: &KitInput) -> Result<(String, String)> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", &input.name);
    let department = checks.required_text("department", &input.department);
    let holder = |sql: &str, value: &str| -> Result<Option<String>> {
        Ok(conn.query_row(sql, params![value, id], |r| r.get::<_, String>(0)).optional()?)
    };
    if !name.is_empty() && holder("SELECT name FROM onboarding_kits WHERE name = ?1 AND id IS NOT ?2", &name)?.is_some()
    {
        checks.push("name", format!("a kit called {name} already exists"));
    }
    if !department.is_empty() {
        if let Some(other) =
            holder("SELECT name FROM onboarding_kits WHERE department = ?1 AND id IS NOT ?2", &department)?
        {
            checks.push("department", format!("department {department} already has a kit ({other})"));
        }
    }
    if input.lines.is_empty() {
        checks.push("lines", "a kit needs at least one line");
    }
    let mut item_exists = conn.prepare_cached("SELECT 1 FROM stock_items WHERE id = ?1")?;
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (i, line) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("lines.{i}.{name}");
        if !item_exists.exists([line.item_id])? {
            checks.push(&field("itemId"), format!("stock item {} does not exist", line.item_id));
        } else if let Some(first) = seen.insert(line.item_id, i) {
            checks.push(&field("itemId"), format!("is already on line {}", first + 1));
        }
        if line.quantity < 1 {
            checks.push(&field("quantity"), "must be at least 1");
        } else if line.quantity > MAX_KIT_QUANTITY {
            checks.push(&field("quantity"), format!("must be at most {MAX_KIT_QUANTITY}"));
        }
    }
    checks.into_result()?;
    Ok((name, department))
}

fn insert_lines(tx: &Transaction, kit_id: i64, lines: &[KitLineInput]) -> Result<()> {
    let mut stmt =
        tx.prepare_cached("INSERT INTO onboarding_kit_lines (kit_id, item_id, quantity) VALUES (?1, ?2, ?3)")?;
    for line in lines {
        stmt.execute(params![kit_id, line.item_id, line.quantity])?;
    }
    Ok(())
}

pub fn create_kit(tx: &Transaction, change: &Change, input: &KitInput) -> Result<Kit> {
    let (name, department) = validate_kit(tx, None, input)?;
    tx.execute("INSERT INTO onboarding_kits (name, department) VALUES (?1, ?2)", params![name, department])?;
    let id = tx.last_insert_rowid();
    insert_lines(tx, id, &input.lines)?;
    let created = kit(tx, id)?;
    events::append(tx, change, "onboarding_kit", id, "created", None, Some(&json!(created)))?;
    Ok(created)
}

/// Replaces the kit's name, department and every line.
pub fn update_kit(tx: &Transaction, change: &Change, id: i64, input: &KitInput) -> Result<Kit> {
    let before = kit(tx, id)?;
    let (name, department) = validate_kit(tx, Some(id), input)?;
    tx.execute("UPDATE onboarding_kits SET name = ?1, department = ?2 WHERE id = ?3", params![name, department, id])?;
    tx.execute("DELETE FROM onboarding_kit_lines WHERE kit_id = ?1", [id])?;
    insert_lines(tx, id, &input.lines)?;
    let after = kit(tx, id)?;
    if after != before {
        let (b, a) = (json!(before), json!(after));
        events::append(tx, change, "onboarding_kit", id, "updated", Some(&b), Some(&a))?;
    }
    Ok(after)
}

pub fn delete_kit(tx: &Transaction, change: &Change, id: i64) -> Result<()> {
    let before = kit(tx, id)?;
    // The lines go with the kit (ON DELETE CASCADE).
    tx.execute("DELETE FROM onboarding_kits WHERE id = ?1", [id])?;
    events::append(tx, change, "onboarding_kit", id, "deleted", Some(&json!(before)), None)?;
    Ok(())
}

// ---- the plan -----------------------------------------------------------------------

/// New starters in one department in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    pub department: String,
    /// The first day of the month.
    pub month: NaiveDate,
    pub starters: i64,
}

/// The first day of `day`'s month.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

/// The plan for the months holding `from..=to`, by month then department.
pub fn plan(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<PlanRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT department, month, starters FROM hiring_plan WHERE month >= ?1 AND month <= ?2
         ORDER BY month, department",
    )?;
    let rows = stmt
        .query_map(params![month_of(from).to_string(), month_of(to).to_string()], |r| {
            Ok(PlanRow { department: r.get(0)?, month: r.get(1)?, starters: r.get(2)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn month_rows(conn: &Connection, month: NaiveDate) -> Result<Vec<PlanRow>> {
    plan(conn, month, month)
}

/// Replaces the plan of every month that appears in `rows` with the rows given for it.
pub fn set_plan(tx: &Transaction, change: &Change, rows: &[PlanRow]) -> Result<()> {
    let mut checks = Checks::default();
    let mut clean = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(String, NaiveDate), usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let field = |name: &str| format!("rows.{i}.{name}");
        let department = checks.required_text(&field("department"), &row.department);
        if department == EVERY_DEPARTMENT {
            checks.push(&field("department"), "'*' is only for kits; name the department");
        }
        if row.month.day() != 1 {
            checks.push(&field("month"), "must be the first day of a month");
        }
        if !(0..=MAX_STARTERS).contains(&row.starters) {
            checks.push(&field("starters"), format!("must be between 0 and {MAX_STARTERS}"));
        }
        if !department.is_empty() {
            if let Some(first) = seen.insert((department.to_lowercase(), row.month), i) {
                checks.push(
                    &field("department"),
                    format!("{department} {} is already on row {}", row.month.format("%Y-%m"), first + 1),
                );
            }
        }
        clean.push(PlanRow { department, month: row.month, starters: row.starters });
    }
    checks.into_result()?;

    let mut months: Vec<NaiveDate> = clean.iter().map(|r| r.month).collect();
    months.sort();
    months.dedup();
    let mut insert = tx.prepare_cached("INSERT INTO hiring_plan (department, month, starters) VALUES (?1, ?2, ?3)")?;
    for month in months {
        let before = month_rows(tx, month)?;
        tx.execute("DELETE FROM hiring_plan WHERE month = ?1", [month.to_string()])?;
        for row in clean.iter().filter(|r| r.month == month) {
            insert.execute(params![row.department, month.to_string(), row.starters])?;
        }
        let after = month_rows(tx, month)?;
        if after != before {
            let id = i64::from(month.year()) * 100 + i64::from(month.month());
            let (b, a) = (json!(before), json!(after));
            events::append(tx, change, "hiring_plan", id, "set", Some(&b), Some(&a))?;
        }
    }
    Ok(())
}

// ---- CSV from HR --------------------------------------------------------------------

/// One problem in an HR file, in the words the user needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// The header of the column at fault, if one is.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column {}: {}", self.line, c, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PlanColumn {
    Department,
    Month,
    Starters,
}

/// Header aliases, compared after lowercasing and dropping everything but letters and digits.
const PLAN_HEADERS: &[(PlanColumn, &str, &[&str])] = &[
    (PlanColumn::Department, "department", &["department", "dept"]),
    (PlanColumn::Month, "month", &["month"]),
    (PlanColumn::Starters, "starters", &["starters", "newstarters"]),
];

fn header_key(h: &str) -> String {
    h.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// `YYYY-MM` or `YYYY-MM-01` as the month's first day.
fn parse_month(value: &str) -> Option<NaiveDate> {
    let full = match value.len() {
        7 => format!("{value}-01"),
        10 if value.ends_with("-01") => value.to_string(),
        _ => return None,
    };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d").ok()
}

/// Reads HR's `department,month,starters` file (header required; `new_starters` is
/// accepted for `starters`), checking all of it: every error is returned, with its line
/// and column, and no rows unless there are none.
pub fn parse_plan_csv(text: &str) -> std::result::Result<Vec<PlanRow>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let error = |line: u64, column: Option<&str>, message: String| RowError {
        line,
        column: column.map(str::to_string),
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_string()).collect(),
        Err(e) => return Err(vec![error(1, None, format!("cannot read the header row: {e}"))]),
    };
    let mut columns: HashMap<PlanColumn, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let key = header_key(h);
        if let Some((col, _, _)) = PLAN_HEADERS.iter().find(|(_, _, aliases)| aliases.contains(&key.as_str())) {
            if columns.insert(*col, i).is_some() {
                errors.push(error(1, Some(h), "appears twice".into()));
            }
        }
    }
    for (col, name, _) in PLAN_HEADERS {
        if !columns.contains_key(col) {
            errors.push(error(1, None, format!("the file has no '{name}' column")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (dep_i, month_i, starters_i) =
        (columns[&PlanColumn::Department], columns[&PlanColumn::Month], columns[&PlanColumn::Starters]);

    let mut rows = Vec::new();
    let mut seen: HashMap<(String, NaiveDate), u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(error(line, None, format!("cannot read this row: {e}")));
                break;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // Blank lines are common at the end of hand-edited files.
        }
        if record.len() != headers.len() {
            let message = format!("has {} fields but the header has {}", record.len(), headers.len());
            errors.push(error(line, None, message));
            continue;
        }
        let before = errors.len();
        let department = record[dep_i].trim().to_string();
        let mut checks = Checks::default();
        checks.required_text("department", &department);
        if department == EVERY_DEPARTMENT {
            checks.push("department", "'*' is only for kits; name the department");
        }
        for e in checks.0 {
            errors.push(error(line, Some(&headers[dep_i]), e.message));
        }
        let month_text = record[month_i].trim();
        let month = parse_month(month_text);
        if month.is_none() {
            errors.push(error(line, Some(&headers[month_i]), format!("'{month_text}' is not a month; use YYYY-MM")));
        }
        let starters_text = record[starters_i].trim();
        let starters = match starters_text.parse::<i64>() {
            Ok(n) if (0..=MAX_STARTERS).contains(&n) => Some(n),
            Ok(n) if n < 0 => {
                errors.push(error(line, Some(&headers[starters_i]), format!("{n} is negative")));
                None
            }
            Ok(_) => {
                let message = format!("must be at most {MAX_STARTERS}");
                errors.push(error(line, Some(&headers[starters_i]), message));
                None
            }
            Err(_) => {
                let message = format!("'{starters_text}' is not a whole number");
                errors.push(error(line, Some(&headers[starters_i]), message));
                None
            }
        };
        let (Some(month), Some(starters)) = (month, starters) else { continue };
        if errors.len() > before {
            continue;
        }
        if let Some(first) = seen.insert((department.to_lowercase(), month), line) {
            let message = format!("{department} {} is already on line {first}", month.format("%Y-%m"));
            errors.push(error(line, Some(&headers[dep_i]), message));
            continue;
        }
        rows.push(PlanRow { department, month, starters });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Writes rows [`parse_plan_csv`] accepted: each month in the file replaces that month's
/// plan, as [`set_plan`] does. Returns the number of rows written.
pub fn import_plan(tx: &Transaction, change: &Change, rows: &[PlanRow]) -> Result<usize> {
    set_plan(tx, change, rows)?;
    Ok(rows.len())
}

// ---- kit demand ---------------------------------------------------------------------

/// The quantity of `item_id` the plan's starters need in each of `months` months from
/// `from_month`'s month (every month listed, zero when none).
pub fn kit_demand(
    conn: &Connection,
    item_id: i64,
    from_month: NaiveDate,
    months: usize,
) -> Result<Vec<(NaiveDate, i64)>> {
    let first = month_of(from_month);
    let all: Vec<NaiveDate> = (0..months as u32).map(|m| first + Months::new(m)).collect();
    let Some(end) = all.last().map(|last| *last + Months::new(1)) else { return Ok(vec![]) };
    // A department's own kit, else the '*' kit; the kit's department column compares
    // without case.
    let mut stmt = conn.prepare_cached(
        "SELECT p.month, sum(p.starters * l.quantity) FROM hiring_plan p
         JOIN onboarding_kit_lines l ON l.item_id = ?1 AND l.kit_id = coalesce(
             (SELECT id FROM onboarding_kits WHERE department = p.department),
             (SELECT id FROM onboarding_kits WHERE department = '*'))
         WHERE p.month >= ?2 AND p.month < ?3
         GROUP BY p.month",
    )?;
    let by_month: HashMap<NaiveDate, i64> = stmt
        .query_map(params![item_id, first.to_string(), end.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(all.into_iter().map(|m| (m, by_month.get(&m).copied().unwrap_or(0))).collect())
}

/// An item's forecast with the hiring plan's kit demand beside it and added to it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemForecastWithKits {
    pub forecast: ItemForecast,
    /// One value per month of the horizon (the months of `forecast.months`).
    pub kit_demand: Vec<f64>,
    /// The chosen method's forecast plus the kit demand, month by month (the forecast
    /// counts as zero where it could not be computed).
    pub total: Vec<f64>,
}

/// [`forecast::forecast_item`] plus the kit demand of the same months; see the module
/// docs for why this may count some starters twice.
pub fn forecast_with_hiring(
    conn: &Connection,
    item_id: i64,
    as_of: NaiveDate,
    horizon: usize,
) -> Result<ItemForecastWithKits> {
    let forecast = forecast::forecast_item(conn, item_id, as_of, horizon)?;
    let kit_demand: Vec<f64> = kit_demand(conn, item_id, as_of, horizon)?.into_iter().map(|(_, q)| q as f64).collect();
    let baseline = &forecast.chosen_result().forecast;
    let total = kit_demand.iter().enumerate().map(|(h, k)| baseline.get(h).copied().unwrap_or(0.0) + k).collect();
    Ok(ItemForecastWithKits { forecast, kit_demand, total })
}

/// One stock item's kit demand over a run of months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemKitDemand {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    /// One quantity per month, in the order of [`KitDemandTable::months`].
    pub quantities: Vec<i64>,
    pub total: i64,
}

/// The hiring plan's kit demand of every item some kit holds, month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KitDemandTable {
    /// First days of the months, oldest first.
    pub months: Vec<NaiveDate>,
    /// Items in some kit, by SKU (with zeros when the plan needs none of them).
    pub items: Vec<ItemKitDemand>,
}

/// [`kit_demand`] for every item on a kit's line, in one pass over the plan.
pub fn kit_demand_table(conn: &Connection, from_month: NaiveDate, months: usize) -> Result<KitDemandTable> {
    let first = month_of(from_month);
    let all: Vec<NaiveDate> = (0..months as u32).map(|m| first + Months::new(m)).collect();
    let end = first + Months::new(months as u32);
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.sku, i.name FROM stock_items i
         WHERE i.id IN (SELECT item_id FROM onboarding_kit_lines) ORDER BY i.sku, i.id",
    )?;
    let mut items = stmt
        .query_map([], |r| {
            Ok(ItemKitDemand {
                item_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                quantities: vec![0; months],
                total: 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.item_id, i)).collect();
    let by_month: HashMap<NaiveDate, usize> = all.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    // The same kit choice as kit_demand: a department's own kit, else the '*' kit.
    let mut stmt = conn.prepare_cached(
        "SELECT l.item_id, p.month, sum(p.starters * l.quantity) FROM hiring_plan p
         JOIN onboarding_kit_lines l ON l.kit_id = coalesce(
             (SELECT id FROM onboarding_kits WHERE department = p.department),
             (SELECT id FROM onboarding_kits WHERE department = '*'))
         WHERE p.month >= ?1 AND p.month < ?2
         GROUP BY l.item_id, p.month",
    )?;
    let rows = stmt.query_map(params![first.to_string(), end.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, NaiveDate>(1)?, r.get::<_, i64>(2)?))
    })?;
    for row in rows {
        let (item_id, month, quantity) = row?;
        if let (Some(&i), Some(&m)) = (index.get(&item_id), by_month.get(&month)) {
            items[i].quantities[m] = quantity;
            items[i].total += quantity;
        }
    }
    Ok(KitDemandTable { months: all, items })
}

// ---- demo ---------------------------------------------------------------------------

/// A standard kit for every department, an Engineering kit and a Sales kit (of the demo's
/// SKUs that exist), and six months of new starters from the month of `change.at`.
pub(crate) fn seed_demo(tx: &Transaction, change: &Change) -> Result<()> {
    type Seed = (&'static str, &'static str, &'static [(&'static str, i64)]);
    const KITS: &[Seed] = &[
        (
            "Standard starter kit",
            EVERY_DEPARTMENT,
            &[("KB-USB-UK", 1), ("MS-USB", 1), ("HS-USB-MONO", 1), ("MS-PAD", 1), ("CB-HDMI-2", 1)],
        ),
        (
            "Engineering kit",
            "Engineering",
            &[("KB-WL-UK", 1), ("MS-ERGO", 1), ("HS-USB-STEREO", 1), ("CB-HDMI-2", 2), ("DK-CABLE-TB", 1)],
        ),
        ("Sales kit", "Sales", &[("KB-USB-UK", 1), ("MS-WL", 1), ("HS-BT", 1), ("WC-HD", 1)]),
    ];
    // Starters per department in each of the six months.
    const PLAN: &[(&str, [i64; 6])] = &[
        ("Engineering", [3, 5, 2, 4, 6, 2]),
        ("Sales", [2, 1, 4, 2, 1, 3]),
        ("Finance", [1, 0, 1, 0, 2, 0]),
        ("Support", [2, 2, 0, 3, 1, 2]),
    ];
    let mut sku_id = tx.prepare_cached("SELECT id FROM stock_items WHERE sku = ?1")?;
    for (name, department, lines) in KITS {
        let mut input = KitInput { name: (*name).into(), department: (*department).into(), lines: vec![] };
        for (sku, quantity) in *lines {
            if let Some(item_id) = sku_id.query_row([sku], |r| r.get(0)).optional()? {
                input.lines.push(KitLineInput { item_id, quantity: *quantity });
            }
        }
        let exists = tx.query_row("SELECT 1 FROM onboarding_kits WHERE department = ?1", [department], |_| Ok(()));
        if !input.lines.is_empty() && exists.optional()?.is_none() {
            create_kit(tx, change, &input)?;
        }
    }
    let first = month_of(change.at.date_naive());
    let rows: Vec<PlanRow> = PLAN
        .iter()
        .flat_map(|(department, starters)| {
            starters.iter().enumerate().map(move |(m, &starters)| PlanRow {
                department: (*department).into(),
                month: first + Months::new(m as u32),
                starters,
            })
        })
        .collect();
    set_plan(tx, change, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stock::{self, StockItemInput};
    use chrono::TimeZone;

    #[test]
    fn the_demo_seed_makes_kits_of_the_skus_that_exist_and_six_months_of_plan() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let change = Change { actor: "demo".into(), at: chrono::Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap() };
        let keyboard = crate::write(&mut conn, |tx| {
            // Of the Sales kit's SKUs only KB-USB-UK exists, and none of the Engineering kit's.
            let input = StockItemInput { sku: "KB-USB-UK".into(), name: "USB keyboard".into(), ..Default::default() };
            let id = stock::create_item(tx, &change, &input)?.id;
            seed_demo(tx, &change)?;
            // Seeding again adds no second kit for a department.
            seed_demo(tx, &change)?;
            Ok(id)
        })
        .unwrap();
        let kits: Vec<(String, usize)> =
            kits(&conn).unwrap().into_iter().map(|k| (k.department, k.lines.len())).collect();
        assert_eq!(kits, vec![("*".to_string(), 1), ("Sales".to_string(), 1)]);
        // November: Engineering 3 + Finance 1 + Support 2 use the '*' kit (1 each), Sales 2
        // its own (1 each): 8. December: 5 + 0 + 2 + 1 = 8. January: 2 + 1 + 0 + 4 = 7.
        let demand: Vec<i64> =
            kit_demand(&conn, keyboard, change.at.date_naive(), 7).unwrap().into_iter().map(|(_, q)| q).collect();
        assert_eq!(demand, vec![8, 8, 7, 9, 10, 7, 0]);
    }
}
