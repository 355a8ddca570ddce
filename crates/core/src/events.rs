//! The append-only event log: every change to the register appends one event in the
//! same transaction as the change (triggers in the schema refuse UPDATE and DELETE).

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::Result;

/// Who makes a change and when. Passed in rather than read from the system clock so
/// tests and imports are deterministic.
#[derive(Debug, Clone)]
pub struct Change {
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl Change {
    pub fn now(actor: impl Into<String>) -> Self {
        Change { actor: actor.into(), at: Utc::now() }
    }

    pub fn timestamp(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// One entry of an asset's (or other entity's) history.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    #[ts(type = "Record<string, unknown> | null")]
    pub before: Option<serde_json::Value>,
    #[ts(type = "Record<string, unknown> | null")]
    pub after: Option<serde_json::Value>,
}

pub fn append(
    tx: &Transaction,
    change: &Change,
    entity: &str,
    entity_id: i64,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (at, actor, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    stmt.execute(params![
        change.timestamp(),
        change.actor,
        entity,
        entity_id,
        action,
        before.map(|v| v.to_string()),
        after.map(|v| v.to_string()),
    ])?;
    Ok(())
}

/// The history of one entity, newest first.
pub fn history(conn: &Connection, entity: &str, entity_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, entity, entity_id, action, before, after FROM events
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![entity, entity_id], |r| {
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(Event {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            action: r.get(5)?,
            before: json(r.get(6)?),
            after: json(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
}
