//! Organisation-wide settings: organisation name, asset tag format, default currency.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{check_currency, Checks};
use crate::{events, Change, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub organisation_name: String,
    /// Generated asset tags are `tag_prefix` + a zero-padded sequence number.
    pub tag_prefix: String,
    pub tag_padding: u8,
    pub default_currency: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            organisation_name: "My organisation".into(),
            tag_prefix: "AT-".into(),
            tag_padding: 6,
            default_currency: "EUR".into(),
        }
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

pub(crate) fn put(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub fn load(conn: &Connection) -> Result<Settings> {
    let d = Settings::default();
    Ok(Settings {
        organisation_name: get(conn, "organisation_name")?.unwrap_or(d.organisation_name),
        tag_prefix: get(conn, "tag_prefix")?.unwrap_or(d.tag_prefix),
        tag_padding: get(conn, "tag_padding")?.and_then(|v| v.parse().ok()).unwrap_or(d.tag_padding),
        default_currency: get(conn, "default_currency")?.unwrap_or(d.default_currency),
    })
}

pub fn save(tx: &Transaction, change: &Change, new: &Settings) -> Result<Settings> {
    let mut checks = Checks::default();
    let organisation_name = checks.required_text("organisationName", &new.organisation_name);
    let tag_prefix = new.tag_prefix.trim().to_string();
    if tag_prefix.chars().count() > 20 || !tag_prefix.chars().all(|c| c.is_ascii_graphic()) {
        checks.push("tagPrefix", "use at most 20 letters, digits or symbols, without spaces");
    }
    if !(1..=12).contains(&new.tag_padding) {
        checks.push("tagPadding", "must be between 1 and 12 digits");
    }
    let default_currency = check_currency(&new.default_currency).unwrap_or_else(|e| {
        checks.push("defaultCurrency", e);
        String::new()
    });
    checks.into_result()?;
    let before = load(tx)?;
    let after = Settings { organisation_name, tag_prefix, tag_padding: new.tag_padding, default_currency };
    put(tx, "organisation_name", &after.organisation_name)?;
    put(tx, "tag_prefix", &after.tag_prefix)?;
    put(tx, "tag_padding", &after.tag_padding.to_string())?;
    put(tx, "default_currency", &after.default_currency)?;
    events::append(
        tx,
        change,
        "settings",
        0,
        "updated",
        Some(&serde_json::to_value(&before).expect("settings serialize")),
        Some(&serde_json::to_value(&after).expect("settings serialize")),
    )?;
    Ok(after)
}

/// Formats a tag from the configured prefix and padding.
pub fn format_tag(settings: &Settings, sequence: i64) -> String {
    format!("{}{:0width$}", settings.tag_prefix, sequence, width = settings.tag_padding as usize)
}

/// Reserves and returns the next free generated tag. The sequence lives in `settings`
/// so it never reuses a number, and skips tags someone entered by hand.
pub fn next_tag(tx: &Transaction) -> Result<String> {
    let (sequence, tag) = next_free(tx)?;
    put(tx, "tag_sequence", &sequence.to_string())?;
    Ok(tag)
}

/// The tag `next_tag` would give, without reserving it (shown as a placeholder).
pub fn peek_next_tag(conn: &Connection) -> Result<String> {
    Ok(next_free(conn)?.1)
}

fn next_free(conn: &Connection) -> Result<(i64, String)> {
    let settings = load(conn)?;
    let mut sequence: i64 = get(conn, "tag_sequence")?.and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut exists = conn.prepare_cached("SELECT 1 FROM assets WHERE tag = ?1")?;
    loop {
        sequence += 1;
        let tag = format_tag(&settings, sequence);
        if !exists.exists([&tag])? {
            return Ok((sequence, tag));
        }
    }
}
