//! The append-only event log: every change to the register appends one event in the
//! same transaction as the change (triggers in the schema refuse UPDATE and DELETE).
//!
//! The log is a hash chain: each event stores sha256 over the previous event's hash and
//! its own content ([`event_hash`]), so [`verify`] finds the first event that was
//! edited, or the gap where one was deleted, by someone who went around the app. A
//! rewrite of the whole chain from some event onwards cannot be told from the real
//! thing by the file alone; a backup or an exported head hash can.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
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
    // The caller's write transaction holds the lock, so the last event cannot change
    // between reading it and appending after it.
    let last: Option<(i64, Vec<u8>)> = tx
        .prepare_cached("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default())))
        .optional()?;
    let (id, previous) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, Vec::new()),
    };
    let row = EventRow {
        id,
        at: change.timestamp(),
        actor: change.actor.clone(),
        entity: entity.to_string(),
        entity_id,
        action: action.to_string(),
        before: before.map(|v| v.to_string()),
        after: after.map(|v| v.to_string()),
    };
    let hash = event_hash(&previous, &row);
    tx.prepare_cached(
        "INSERT INTO events (id, at, actor, entity, entity_id, action, before, after, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        row.id,
        row.at,
        row.actor,
        row.entity,
        row.entity_id,
        row.action,
        row.before,
        row.after,
        hash
    ])?;
    Ok(())
}

/// An event exactly as stored: the hash covers these values, byte for byte.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// sha256 over a version prefix, the previous event's hash (empty for the first event)
/// and every column, each length-prefixed so no two different events encode alike.
pub fn event_hash(previous: &[u8], row: &EventRow) -> [u8; 32] {
    fn text(h: &mut Sha256, s: &str) {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    fn optional(h: &mut Sha256, s: Option<&str>) {
        match s {
            None => h.update([0]),
            Some(s) => {
                h.update([1]);
                text(h, s);
            }
        }
    }
    let mut h = Sha256::new();
    h.update(b"tagledger event v1\0");
    h.update((previous.len() as u64).to_le_bytes());
    h.update(previous);
    h.update(row.id.to_le_bytes());
    text(&mut h, &row.at);
    text(&mut h, &row.actor);
    text(&mut h, &row.entity);
    h.update(row.entity_id.to_le_bytes());
    text(&mut h, &row.action);
    optional(&mut h, row.before.as_deref());
    optional(&mut h, row.after.as_deref());
    h.finalize().into()
}

const SELECT_ROWS: &str = "SELECT id, at, actor, entity, entity_id, action, before, after, hash FROM events";

fn event_row(r: &rusqlite::Row) -> rusqlite::Result<(EventRow, Option<Vec<u8>>)> {
    Ok((
        EventRow {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            action: r.get(5)?,
            before: r.get(6)?,
            after: r.get(7)?,
        },
        r.get(8)?,
    ))
}

/// Migration 0003's Rust step: hashes the events written before the log was chained,
/// in id order, then restores the append-only guard and requires a hash from now on.
pub(crate) fn chain_existing_events(tx: &Transaction) -> Result<()> {
    let mut previous = Vec::new();
    let mut after_id = 0_i64;
    let mut select = tx.prepare(&format!("{SELECT_ROWS} WHERE id > ?1 ORDER BY id LIMIT 10000"))?;
    let mut update = tx.prepare("UPDATE events SET hash = ?2 WHERE id = ?1")?;
    loop {
        // In batches, so a million events are never all in memory and the table is not
        // updated under a running SELECT.
        let batch: Vec<(EventRow, Option<Vec<u8>>)> =
            select.query_map([after_id], event_row)?.collect::<rusqlite::Result<_>>()?;
        let Some((last, _)) = batch.last() else { break };
        after_id = last.id;
        for (row, _) in &batch {
            let hash = event_hash(&previous, row);
            update.execute(params![row.id, hash])?;
            previous = hash.to_vec();
        }
    }
    tx.execute_batch(
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN
             SELECT RAISE(ABORT, 'the event log is append-only');
         END;
         CREATE TRIGGER events_hash_required BEFORE INSERT ON events WHEN new.hash IS NULL BEGIN
             SELECT RAISE(ABORT, 'an event must carry its hash');
         END;",
    )?;
    Ok(())
}

/// Why the chain breaks at an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The event's content (or hash) is not what was written.
    Altered,
    /// Events before this one were deleted: the ids jump.
    Deleted,
    /// The event has no hash at all.
    Unhashed,
}

/// The first place where the log is not what the app wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrokenLink {
    pub event_id: i64,
    pub kind: BreakKind,
    pub message: String,
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogVerification {
    /// Events checked (all of them when intact; up to the broken one otherwise).
    pub checked: i64,
    pub total: i64,
    /// Hex sha256 of the last event: write it down (or keep a backup) to detect a
    /// rewritten tail later.
    pub head: Option<String>,
    pub broken: Option<BrokenLink>,
}

impl LogVerification {
    pub fn intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// Recomputes the chain from the first event and reports the first broken link.
/// `cancelled` is polled every few thousand events so a background check can stop.
pub fn verify(conn: &Connection, cancelled: &dyn Fn() -> bool) -> Result<LogVerification> {
    let total = count(conn)?;
    let mut stmt = conn.prepare(&format!("{SELECT_ROWS} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut previous: Vec<u8> = Vec::new();
    let mut expected_id = 1_i64;
    let mut checked = 0_i64;
    while let Some(r) = rows.next()? {
        let (row, stored) = event_row(r)?;
        let broken = |kind, message| {
            Ok(LogVerification {
                checked,
                total,
                head: None,
                broken: Some(BrokenLink { event_id: row.id, kind, message }),
            })
        };
        if row.id != expected_id {
            let missing = if row.id == expected_id + 1 {
                format!("event {expected_id} was deleted")
            } else {
                format!("events {expected_id} to {} were deleted", row.id - 1)
            };
            return broken(BreakKind::Deleted, format!("{missing} (the log jumps to event {})", row.id));
        }
        let Some(stored) = stored else {
            return broken(
                BreakKind::Unhashed,
                format!("event {} has no hash: it was added outside Tagledger", row.id),
            );
        };
        let hash = event_hash(&previous, &row);
        if stored.as_slice() != hash.as_slice() {
            return broken(
                BreakKind::Altered,
                format!(
                    "event {} ({} {} {}, {}) was changed after it was written",
                    row.id, row.action, row.entity, row.entity_id, row.at
                ),
            );
        }
        previous = stored;
        expected_id += 1;
        checked += 1;
        if checked % 4096 == 0 && cancelled() {
            return Err(crate::Error::Cancelled);
        }
    }
    let head = (!previous.is_empty()).then(|| previous.iter().map(|b| format!("{b:02x}")).collect());
    Ok(LogVerification { checked, total, head, broken: None })
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
