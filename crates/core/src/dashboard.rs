//! What the app opens on: the register at a glance, and the lists behind each tile
//! (warranties ending, assets due for audit). Every figure is one indexed query, so
//! the dashboard stays quick at a million assets; book value, which needs every
//! asset's cost, is computed separately ([`crate::depreciation`]) and shown when ready.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::assets::AssetStatus;
use crate::register::{self, AssetRow};
use crate::{audits, lifecycle, Result};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryCount {
    pub category_id: i64,
    pub name: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: AssetStatus,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub today: NaiveDate,
    /// Assets in the active register (not disposed).
    pub active: i64,
    /// Every status including disposed, in the lifecycle's order.
    pub by_status: Vec<StatusCount>,
    /// Active assets per category, most first.
    pub by_category: Vec<CategoryCount>,
    /// Active assets whose warranty ends within the next 30 / 90 days.
    pub warranty_ending_30: i64,
    pub warranty_ending_90: i64,
    pub overdue_checkouts: i64,
    /// Licences with more seats assigned than bought.
    pub licences_over_assigned: i64,
    /// Licences expiring within 90 days, or already expired.
    pub licences_expiring: i64,
    /// Auditable assets whose category's audit interval has passed since an audit last
    /// saw them, or that were never audited ([`audits::due_for_audit`]).
    pub due_for_audit: i64,
}

/// The counts behind the dashboard's tiles at `today`.
pub fn summary(conn: &Connection, today: NaiveDate) -> Result<Dashboard> {
    // Two index scans (about 50 and 75 ms at a million assets). One GROUP BY status,
    // category_id pass looks cheaper but sorts in a temporary B-tree: 0.4-0.6 s.
    let counts: Vec<(String, i64)> = conn
        .prepare_cached("SELECT status, count(*) FROM assets GROUP BY status")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let by_status: Vec<StatusCount> = AssetStatus::ALL
        .iter()
        .map(|&status| StatusCount {
            status,
            count: counts.iter().find(|(s, _)| s == status.as_str()).map_or(0, |(_, n)| *n),
        })
        .collect();
    let disposed = by_status.iter().find(|s| s.status == AssetStatus::Disposed).map_or(0, |s| s.count);
    let active = by_status.iter().map(|s| s.count).sum::<i64>() - disposed;
    let by_category = {
        let mut stmt = conn.prepare_cached(
            "SELECT c.id, c.name, counts.n FROM
                 (SELECT category_id, count(*) AS n FROM assets WHERE status <> 'disposed' GROUP BY category_id) counts
             JOIN categories c ON c.id = counts.category_id
             ORDER BY counts.n DESC, c.name",
        )?;
        let rows =
            stmt.query_map([], |r| Ok(CategoryCount { category_id: r.get(0)?, name: r.get(1)?, count: r.get(2)? }))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let warranty = |days: u64| -> Result<i64> {
        let until = today + chrono::Days::new(days);
        Ok(conn
            .prepare_cached(
                "SELECT count(*) FROM assets
                 WHERE warranty_end >= ?1 AND warranty_end <= ?2 AND status <> 'disposed'",
            )?
            .query_row(params![today, until], |r| r.get(0))?)
    };
    let licence_counts: (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE (SELECT count(*) FROM licence_seats s WHERE s.licence_id = l.id) > l.seats),
                count(*) FILTER (WHERE l.expiry_date <= ?1)
         FROM licences l",
        )?
        .query_row([today + chrono::Days::new(90)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Dashboard {
        today,
        active,
        by_status,
        by_category,
        warranty_ending_30: warranty(30)?,
        warranty_ending_90: warranty(90)?,
        overdue_checkouts: lifecycle::overdue_count(conn, today)?,
        due_for_audit: audits::due_for_audit(conn, today)?.iter().map(|d| d.due).sum(),
        licences_over_assigned: licence_counts.0,
        licences_expiring: licence_counts.1,
    })
}

/// Active assets whose warranty ends between today and `days` from now, soonest first.
pub fn warranty_ending(conn: &Connection, today: NaiveDate, days: u64, limit: usize) -> Result<Vec<AssetRow>> {
    let until = today + chrono::Days::new(days);
    let sql = format!(
        "SELECT {} FROM assets a LEFT JOIN people p ON p.id = a.assigned_to
         WHERE a.warranty_end >= ?1 AND a.warranty_end <= ?2 AND a.status <> 'disposed'
         ORDER BY a.warranty_end, a.id LIMIT ?3",
        register::ROW_COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![today, until, limit as i64], register::row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An asset due for audit and when an audit last saw it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueForAudit {
    pub asset: AssetRow,
    pub last_audited_on: Option<NaiveDate>,
}

/// The assets [`audits::due_for_audit`] counts, never-audited first, then longest since
/// their last audit.
pub fn due_for_audit(conn: &Connection, today: NaiveDate, limit: usize) -> Result<Vec<DueForAudit>> {
    // The ids come from the index alone (category, audit date, status), sorted there;
    // only those rows are read. Reading every due row and sorting took 0.7 s at a
    // million assets (docs/benchmarks.md).
    let sql = format!(
        "SELECT {}, a.last_audited_on FROM assets a LEFT JOIN people p ON p.id = a.assigned_to
         WHERE a.id IN (SELECT a.id FROM assets a
                        WHERE a.category_id = ?1 AND (a.last_audited_on IS NULL OR a.last_audited_on < ?2) AND {}
                        ORDER BY a.last_audited_on NULLS FIRST, a.id LIMIT ?3)
         ORDER BY a.last_audited_on NULLS FIRST, a.id",
        register::ROW_COLUMNS,
        audits::AUDITABLE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut all = Vec::new();
    for due in audits::due_for_audit(conn, today)? {
        let (category, cutoff) = (due.category_id, audits::audit_cutoff(today, due.interval_months));
        let rows = stmt.query_map(params![category, cutoff, limit as i64], |r| {
            Ok(DueForAudit { asset: register::row(r)?, last_audited_on: r.get(register::ROW_COLUMN_COUNT)? })
        })?;
        for row in rows {
            all.push(row?);
        }
    }
    all.sort_by(|a, b| a.last_audited_on.cmp(&b.last_audited_on).then(a.asset.id.cmp(&b.asset.id)));
    all.truncate(limit);
    Ok(all)
}
