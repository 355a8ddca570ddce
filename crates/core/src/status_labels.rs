//! The organisation's own status labels ("Awaiting imaging", "Spare pool", "At Dell
//! for repair"). Each stands for one fixed status, so the lifecycle rules keep working
//! on the meaning while people see their own words. A change of status that does not
//! pick a label drops the old one (a trigger in migration 0005).

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::assets::AssetStatus;
use crate::validate::Checks;
use crate::{events, Change, Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusLabel {
    pub id: i64,
    pub name: String,
    pub meaning: AssetStatus,
    /// Assets carrying it now.
    pub assets: i64,
}

/// Every label, in the lifecycle's order of meanings, then by name.
pub fn list(conn: &Connection) -> Result<Vec<StatusLabel>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.name, l.meaning,
                (SELECT count(*) FROM assets a WHERE a.status_label_id = l.id)
         FROM status_labels l ORDER BY l.name",
    )?;
    let mut labels = stmt
        .query_map([], |r| {
            let meaning: String = r.get(2)?;
            Ok(StatusLabel {
                id: r.get(0)?,
                name: r.get(1)?,
                meaning: AssetStatus::parse(&meaning).unwrap_or(AssetStatus::Pending),
                assets: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    labels.sort_by_key(|l| AssetStatus::ALL.iter().position(|s| *s == l.meaning));
    Ok(labels)
}

fn get(conn: &Connection, id: i64) -> Result<StatusLabel> {
    list(conn)?.into_iter().find(|l| l.id == id).ok_or_else(|| Error::not_found(format!("status label {id}")))
}

fn check_name(conn: &Connection, name: &str, own: Option<i64>) -> Result<String> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    checks.into_result()?;
    let taken: Option<i64> = conn
        .prepare_cached("SELECT id FROM status_labels WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))
        .optional()?;
    let builtin = AssetStatus::ALL.iter().any(|s| s.label().eq_ignore_ascii_case(&name));
    if taken.is_some_and(|id| Some(id) != own) || builtin {
        return Err(Error::Conflict {
            field: Some("name".into()),
            message: format!("there is already a status called {name}"),
        });
    }
    Ok(name)
}

pub fn create(tx: &Transaction, change: &Change, name: &str, meaning: AssetStatus) -> Result<StatusLabel> {
    let name = check_name(tx, name, None)?;
    tx.prepare_cached("INSERT INTO status_labels (name, meaning) VALUES (?1, ?2)")?
        .execute(params![name, meaning.as_str()])?;
    let label = get(tx, tx.last_insert_rowid())?;
    let after = serde_json::json!({ "name": label.name, "meaning": meaning.as_str() });
    events::append(tx, change, "status_label", label.id, "created", None, Some(&after))?;
    Ok(label)
}

pub fn rename(tx: &Transaction, change: &Change, id: i64, name: &str) -> Result<StatusLabel> {
    let before = get(tx, id)?;
    let name = check_name(tx, name, Some(id))?;
    tx.prepare_cached("UPDATE status_labels SET name = ?2 WHERE id = ?1")?.execute(params![id, name])?;
    events::append(
        tx,
        change,
        "status_label",
        id,
        "renamed",
        Some(&serde_json::json!({ "name": before.name })),
        Some(&serde_json::json!({ "name": name })),
    )?;
    get(tx, id)
}

/// Deletes a label; assets carrying it keep their status under its built-in name.
pub fn delete(tx: &Transaction, change: &Change, id: i64) -> Result<()> {
    let label = get(tx, id)?;
    tx.prepare_cached("UPDATE assets SET status_label_id = NULL WHERE status_label_id = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM status_labels WHERE id = ?1")?.execute([id])?;
    let before = serde_json::json!({ "name": label.name, "meaning": label.meaning.as_str(), "assets": label.assets });
    events::append(tx, change, "status_label", id, "deleted", Some(&before), None)?;
    Ok(())
}
