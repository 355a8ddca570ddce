//! Reading the register: keyset-paginated, sorted and filtered pages, counts for a
//! filter, and streaming every row of a filter (for export).
//!
//! Why keyset pagination: an OFFSET of 900,000 makes SQLite walk 900,000 rows, while a
//! cursor of (sort value, id) lets every page start with one index seek. Each sort has
//! its own `(value, id)` index (see migration 0001).

use rusqlite::types::Value;
use std::time::{Duration, Instant};

use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assets::{AssetStatus, Money};
use crate::reference::location_subtree;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    #[default]
    Tag,
    Name,
    Model,
    Category,
    Location,
    Status,
    PurchaseDate,
    Cost,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Tag,
        SortKey::Name,
        SortKey::Model,
        SortKey::Category,
        SortKey::Location,
        SortKey::Status,
        SortKey::PurchaseDate,
        SortKey::Cost,
    ];

    /// The SQL expression sorted on; each matches an index expression exactly.
    fn expr(self) -> &'static str {
        match self {
            SortKey::Tag => "a.tag",
            SortKey::Name => "a.name",
            SortKey::Model => "a.model_name",
            SortKey::Category => "a.category_name",
            SortKey::Location => "a.location_name",
            SortKey::Status => "a.status",
            SortKey::PurchaseDate => "a.purchase_date_key",
            SortKey::Cost => "a.cost_key",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SortDirection {
    #[default]
    Asc,
    Desc,
}

/// What the register shows; every field narrows the list, `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssetFilter {
    pub category_id: Option<i64>,
    /// Includes every location below this one.
    pub location_id: Option<i64>,
    pub status: Option<AssetStatus>,
    pub assigned_to: Option<i64>,
    /// Free text over tag, serial, name, model and notes (prefix match per word).
    pub text: Option<String>,
    /// Disposed assets leave the active register: they are listed only when asked for
    /// (this flag, or the disposed status filter).
    pub include_disposed: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PageRequest {
    pub filter: AssetFilter,
    pub sort: SortKey,
    pub direction: SortDirection,
    /// The `nextCursor` of the previous page; `None` for the first page.
    pub after: Option<String>,
    /// Rows per page (1–500).
    pub limit: u32,
}

/// One line of the register table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssetRow {
    pub id: i64,
    pub tag: String,
    pub serial: Option<String>,
    pub name: String,
    pub model_name: String,
    pub category_name: String,
    pub location_name: String,
    pub status: AssetStatus,
    pub assigned_to_name: Option<String>,
    pub purchase_date: Option<chrono::NaiveDate>,
    pub purchase_cost: Option<Money>,
    /// The organisation's own name for the status, when one was chosen.
    pub status_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssetPage {
    pub rows: Vec<AssetRow>,
    /// Pass as `after` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A parsed cursor: the sort value and id of the last row of the previous page.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor(serde_json::Value, i64);

/// The WHERE clause and its parameters for a filter.
struct Where {
    sql: String,
    params: Vec<Value>,
}

/// How a query should use the indexes.
#[derive(Clone, Copy, PartialEq)]
enum Plan {
    /// Let SQLite choose (counts, and sorted pages whose scan ran over budget).
    Planner,
    /// Walk the sort's index and stop after one page: the category, location and status
    /// filters are written as `+column` so SQLite cannot start from their indexes.
    SortedScan,
}

/// Builds the filter's WHERE clause for a query sorted by `sort` (if any).
///
/// A filter on the sorted column itself is also written against the sort key (e.g.
/// `category_name = 'Monitors'` when sorting by category), so the sort index seeks
/// straight to the matching rows instead of scanning past every other category.
fn where_clause(
    conn: &Connection,
    filter: &AssetFilter,
    sort: Option<(SortKey, SortDirection, Option<&Value>)>,
    plan: Plan,
) -> Result<Where> {
    let sort_key = sort.map(|(key, _, _)| key);
    let plus = if plan == Plan::SortedScan { "+" } else { "" };
    let mut terms = Vec::new();
    let mut params = Vec::new();
    if let Some(id) = filter.category_id {
        terms.push(format!("{plus}a.category_id = ?"));
        params.push(Value::Integer(id));
        if sort_key == Some(SortKey::Category) {
            let name: String = conn
                .prepare_cached("SELECT name FROM categories WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found(format!("category {id}")))?;
            terms.push("a.category_name = ?".into());
            params.push(Value::Text(name));
        }
    }
    if let Some(id) = filter.location_id {
        let ids = location_subtree(conn, id)?;
        if ids.len() == 1 {
            terms.push(format!("{plus}a.location_id = ?"));
            params.push(Value::Integer(ids[0]));
        } else {
            terms.push(format!("{plus}a.location_id IN (SELECT value FROM json_each(?))"));
            params.push(Value::Text(serde_json::to_string(&ids).expect("ids serialize")));
        }
        if let Some((SortKey::Location, direction, cursor)) = sort {
            // Only the names at or after the cursor: SQLite walks an IN list value by
            // value, and names before the cursor would be walked for nothing.
            let after_cursor = match (cursor, direction) {
                (Some(_), SortDirection::Asc) => " AND name >= ? COLLATE NOCASE",
                (Some(_), SortDirection::Desc) => " AND name <= ? COLLATE NOCASE",
                (None, _) => "",
            };
            terms.push(format!(
                "a.location_name IN (SELECT name FROM locations WHERE id IN (SELECT value FROM json_each(?)){after_cursor})"
            ));
            params.push(Value::Text(serde_json::to_string(&ids).expect("ids serialize")));
            if let Some(cursor) = cursor {
                params.push(cursor.clone());
            }
        }
    }
    if let Some(status) = filter.status {
        let plus = if sort_key == Some(SortKey::Status) { "" } else { plus };
        terms.push(format!("{plus}a.status = ?"));
        params.push(Value::Text(status.as_str().into()));
    } else if !filter.include_disposed {
        // Every index the register uses carries the status, so this is checked in the
        // index without reading rows.
        terms.push("+a.status <> 'disposed'".into());
    }
    if let Some(person) = filter.assigned_to {
        // A person holds a handful of assets: their index is always the best start.
        terms.push("a.assigned_to = ?".into());
        params.push(Value::Integer(person));
    }
    if let Some(query) = filter.text.as_deref().and_then(fts_query) {
        // In a sorted scan the matches are a set the index walk checks each row against;
        // otherwise SQLite may start from the matches.
        terms.push(format!("{plus}a.id IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH ?)"));
        params.push(Value::Text(query));
    }
    let sql = if terms.is_empty() { String::new() } else { format!("WHERE {}", terms.join(" AND ")) };
    Ok(Where { sql, params })
}

/// Turns what the user typed into an FTS5 query: every word must match as a prefix.
/// Quoting each word means FTS operators typed by the user are taken literally.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

pub(crate) const ROW_COLUMNS: &str = "a.id, a.tag, a.serial, a.name, a.model_name, a.category_name, a.location_name,
    a.status, p.name, a.purchase_date, a.purchase_cost_minor, a.purchase_currency,
    (SELECT name FROM status_labels WHERE id = a.status_label_id)";

/// How many columns [`ROW_COLUMNS`] selects: a query may add its own after them.
pub(crate) const ROW_COLUMN_COUNT: usize = 13;

pub(crate) fn row(r: &Row) -> rusqlite::Result<AssetRow> {
    let status: String = r.get(7)?;
    let cost: Option<i64> = r.get(10)?;
    let currency: Option<String> = r.get(11)?;
    Ok(AssetRow {
        id: r.get(0)?,
        tag: r.get(1)?,
        serial: r.get(2)?,
        name: r.get(3)?,
        model_name: r.get(4)?,
        category_name: r.get(5)?,
        location_name: r.get(6)?,
        status: AssetStatus::parse(&status).unwrap_or(AssetStatus::Pending),
        assigned_to_name: r.get(8)?,
        purchase_date: r.get(9)?,
        purchase_cost: Money::from_columns(cost, currency),
        status_label: r.get(12)?,
    })
}

fn sort_value(row: &AssetRow, key: SortKey) -> serde_json::Value {
    use serde_json::Value as J;
    match key {
        SortKey::Tag => J::from(row.tag.clone()),
        SortKey::Name => J::from(row.name.clone()),
        SortKey::Model => J::from(row.model_name.clone()),
        SortKey::Category => J::from(row.category_name.clone()),
        SortKey::Location => J::from(row.location_name.clone()),
        SortKey::Status => J::from(row.status.as_str()),
        SortKey::PurchaseDate => J::from(row.purchase_date.map(|d| d.to_string()).unwrap_or_default()),
        SortKey::Cost => J::from(row.purchase_cost.as_ref().map_or(-1, |m| m.minor)),
    }
}

/// How long the sorted-index walk may run before the page is fetched with SQLite's own
/// plan instead. A walk is slow only when few rows match the filter, and then SQLite's
/// plan (filter index, then sort the few matches) is fast: the two cover each other.
const SORTED_SCAN_BUDGET: Duration = Duration::from_millis(8);

/// Below this many text matches, sorting the matches beats walking the sort index.
const FEW_TEXT_MATCHES: i64 = 5_000;

thread_local! {
    /// When set, queries on this thread are interrupted after this instant.
    static DEADLINE: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
}

/// Installs the handler that enforces [`DEADLINE`]; done once when a connection opens.
/// The handler runs on the querying thread, so a thread-local deadline needs no locking.
pub(crate) fn install_deadline_handler(conn: &mut Connection) {
    conn.progress_handler(1_000, Some(|| DEADLINE.get().is_some_and(|d| Instant::now() > d)))
        .expect("progress handler installs");
}

/// One page of the register.
pub fn page(conn: &Connection, request: &PageRequest) -> Result<AssetPage> {
    if let Some(query) = request.filter.text.as_deref().and_then(fts_query) {
        // Text search: count the matches up to a small limit (cheap, FTS stops early)
        // and pick the plan from that rather than by trial.
        let matches: i64 = conn
            .prepare_cached("SELECT count(*) FROM (SELECT rowid FROM assets_fts WHERE assets_fts MATCH ?1 LIMIT ?2)")?
            .query_row(rusqlite::params![query, FEW_TEXT_MATCHES], |r| r.get(0))?;
        let plan = if matches < FEW_TEXT_MATCHES { Plan::Planner } else { Plan::SortedScan };
        return page_with_plan(conn, request, plan);
    }
    DEADLINE.set(Some(Instant::now() + SORTED_SCAN_BUDGET));
    let first_try = page_with_plan(conn, request, Plan::SortedScan);
    DEADLINE.set(None);
    match first_try {
        Err(Error::Sqlite(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) => {
            page_with_plan(conn, request, Plan::Planner)
        }
        other => other,
    }
}

fn page_with_plan(conn: &Connection, request: &PageRequest, plan: Plan) -> Result<AssetPage> {
    let limit = request.limit.clamp(1, 500);
    let cursor = match &request.after {
        None => None,
        Some(cursor) => {
            let invalid = || Error::invalid("after", "the page cursor is not valid");
            let Cursor(value, id) = serde_json::from_str(cursor).map_err(|_| invalid())?;
            let value = match value {
                serde_json::Value::String(s) => Value::Text(s),
                serde_json::Value::Number(n) => Value::Integer(n.as_i64().ok_or_else(invalid)?),
                _ => return Err(invalid()),
            };
            Some((value, id))
        }
    };
    let sort = (request.sort, request.direction, cursor.as_ref().map(|(value, _)| value));
    let mut filter = where_clause(conn, &request.filter, Some(sort), plan)?;
    let expr = request.sort.expr();
    let (cmp, dir) = match request.direction {
        SortDirection::Asc => (">", "ASC"),
        SortDirection::Desc => ("<", "DESC"),
    };
    if let Some((value, id)) = cursor {
        let keyset = format!("({expr}, a.id) {cmp} (?, ?)");
        filter.sql =
            if filter.sql.is_empty() { format!("WHERE {keyset}") } else { format!("{} AND {keyset}", filter.sql) };
        filter.params.push(value);
        filter.params.push(Value::Integer(id));
    }
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM assets a LEFT JOIN people p ON p.id = a.assigned_to
         {} ORDER BY {expr} {dir}, a.id {dir} LIMIT {limit}",
        filter.sql
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(filter.params), row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let next_cursor = match rows.last() {
        Some(last) if rows.len() == limit as usize => {
            Some(serde_json::to_string(&Cursor(sort_value(last, request.sort), last.id)).expect("cursor serializes"))
        }
        _ => None,
    };
    Ok(AssetPage { rows, next_cursor })
}

/// The cursor that starts a page at row `offset` of a sorted, filtered list — for
/// jumping deep into the register. Uses OFFSET once, so it is slower than paging on.
pub fn cursor_at(conn: &Connection, request: &PageRequest, offset: u64) -> Result<Option<String>> {
    let filter = where_clause(conn, &request.filter, Some((request.sort, request.direction, None)), Plan::Planner)?;
    let expr = request.sort.expr();
    let dir = match request.direction {
        SortDirection::Asc => "ASC",
        SortDirection::Desc => "DESC",
    };
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM assets a LEFT JOIN people p ON p.id = a.assigned_to
         {} ORDER BY {expr} {dir}, a.id {dir} LIMIT 1 OFFSET {offset}",
        filter.sql
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query_map(params_from_iter(filter.params), row)?;
    Ok(match rows.next().transpose()? {
        Some(r) => Some(serde_json::to_string(&Cursor(sort_value(&r, request.sort), r.id)).expect("cursor serializes")),
        None => None,
    })
}

/// How many assets match a filter (the register's live total).
pub fn count(conn: &Connection, filter: &AssetFilter) -> Result<i64> {
    let filter = where_clause(conn, filter, None, Plan::Planner)?;
    let sql = format!("SELECT count(*) FROM assets a {}", filter.sql);
    Ok(conn.prepare_cached(&sql)?.query_row(params_from_iter(filter.params), |r| r.get(0))?)
}

/// The ids of every asset matching a filter (for "select all in this filter").
pub fn ids(conn: &Connection, filter: &AssetFilter) -> Result<Vec<i64>> {
    let filter = where_clause(conn, filter, None, Plan::Planner)?;
    let sql = format!("SELECT a.id FROM assets a {} ORDER BY a.id", filter.sql);
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt.query_map(params_from_iter(filter.params), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Calls `each` for every asset matching the filter, in tag order, streaming rather
/// than collecting so an export of a million rows stays small in memory.
pub fn for_each_asset(
    conn: &Connection,
    filter: &AssetFilter,
    mut each: impl FnMut(&crate::assets::Asset) -> Result<()>,
) -> Result<()> {
    let filter = where_clause(conn, filter, None, Plan::Planner)?;
    let sql = format!("{} {} ORDER BY a.tag", crate::assets::SELECT_ASSET, filter.sql);
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(filter.params))?;
    while let Some(r) = rows.next()? {
        each(&crate::assets::from_row(r)?)?;
    }
    Ok(())
}

/// Up to `limit` rows matching a filter, in tag order (for reports). Returns `None` when
/// more than `limit` match, so a caller can ask for a narrower filter rather than
/// silently printing part of it.
pub fn rows_in_tag_order(conn: &Connection, filter: &AssetFilter, limit: usize) -> Result<Option<Vec<AssetRow>>> {
    let filter = where_clause(conn, filter, None, Plan::Planner)?;
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM assets a LEFT JOIN people p ON p.id = a.assigned_to {} ORDER BY a.tag LIMIT {}",
        filter.sql,
        limit + 1
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(filter.params), row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows.len() <= limit).then_some(rows))
}

/// The rows of the given assets, in the order of `ids` (a selection, as the user made
/// it); one query however many there are. Unknown ids are an error.
pub fn rows_by_id(conn: &Connection, ids: &[i64]) -> Result<Vec<AssetRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM assets a LEFT JOIN people p ON p.id = a.assigned_to
         WHERE a.id IN (SELECT value FROM json_each(?1))"
    );
    let json = serde_json::to_string(ids).expect("ids serialize");
    let mut stmt = conn.prepare_cached(&sql)?;
    let found: std::collections::HashMap<i64, AssetRow> =
        stmt.query_map([json], row)?.map(|r| r.map(|row| (row.id, row))).collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| found.get(id).cloned().ok_or_else(|| Error::not_found(format!("asset {id}")))).collect()
}
