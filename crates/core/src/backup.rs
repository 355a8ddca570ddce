//! Backups: a consistent copy of the open register (SQLite's online backup API, safe
//! while the app reads and writes), rolling daily backups in the data folder, looking
//! inside a backup before restoring it, and restoring with a safety copy first.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::{store, Error, Result};

/// What a backup file holds, shown before restoring it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    pub path: String,
    /// When the file was last written (UTC).
    pub modified: Option<DateTime<Utc>>,
    pub size_bytes: u64,
    pub schema_version: i64,
    pub organisation: String,
    pub asset_count: i64,
    pub event_count: i64,
    /// The newest change recorded in its event log.
    pub last_change: Option<String>,
}

/// Copies the database behind `conn` to `dest` while others keep using it, then checks
/// the copy. The copy is written beside `dest` and renamed, so a failure (disk full)
/// never leaves a half-written backup with the right name.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<BackupInfo> {
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let result = (|| -> Result<()> {
        {
            // Owner-only, like the register itself: a backup holds the same data.
            store::create_private(&partial)?;
            let mut copy = Connection::open(&partial)?;
            let backup = Backup::new(conn, &mut copy)?;
            // Pages in steps, pausing briefly so the app's own writes are not starved.
            backup.run_to_completion(1024, Duration::from_millis(2), None)?;
        }
        // A backup is one self-contained file: no -wal beside it.
        let copy = Connection::open(&partial)?;
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        quick_check(&copy)?;
        drop(copy);
        std::fs::rename(&partial, dest)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result?;
    // Checked just above, before the rename.
    describe(dest)
}

/// SQLite's quick integrity check: an error naming the first problem if there is one.
pub fn quick_check(conn: &Connection) -> Result<()> {
    let result: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if result == "ok" {
        Ok(())
    } else {
        Err(Error::Corrupt(result))
    }
}

/// Looks inside a backup (read-only; the file is not changed): what it is, and what it
/// holds. A file that is not a Tagledger database, is damaged, or comes from a newer
/// version is refused with that reason.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    describe_with(path, true)
}

/// [`inspect`] without the integrity check, which reads the whole file: for listing
/// backups that were checked when they were made.
pub fn describe(path: &Path) -> Result<BackupInfo> {
    describe_with(path, false)
}

fn describe_with(path: &Path, check: bool) -> Result<BackupInfo> {
    if !path.exists() {
        return Err(Error::not_found(format!("backup file {}", path.display())));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != store::APPLICATION_ID {
        return Err(Error::NotADatabase { path: path.display().to_string() });
    }
    let schema_version = store::schema_version(&conn)?;
    if schema_version > store::schema_version_supported() {
        return Err(Error::NewerSchema { found: schema_version, supported: store::schema_version_supported() });
    }
    if check {
        quick_check(&conn)?;
    }
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let organisation: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = 'organisation_name'", [], |r| r.get(0))
        .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
    let metadata = std::fs::metadata(path)?;
    Ok(BackupInfo {
        path: path.display().to_string(),
        modified: metadata.modified().ok().map(DateTime::<Utc>::from),
        size_bytes: metadata.len(),
        schema_version,
        organisation: organisation.unwrap_or_default(),
        asset_count: count("SELECT count(*) FROM assets")?,
        event_count: count("SELECT count(*) FROM events")?,
        last_change: conn.query_row("SELECT max(at) FROM events", [], |r| r.get(0))?,
    })
}

/// The name of the automatic backup for a day.
fn daily_name(day: NaiveDate) -> String {
    format!("tagledger-{day}.db")
}

/// Makes today's automatic backup in `dir` if there is none yet, and deletes the oldest
/// beyond `keep`. Returns the new backup, if one was made.
pub fn rolling_backup(conn: &Connection, dir: &Path, today: NaiveDate, keep: usize) -> Result<Option<BackupInfo>> {
    std::fs::create_dir_all(dir)?;
    let target = dir.join(daily_name(today));
    let made = if target.exists() { None } else { Some(backup_to(conn, &target)?) };
    let mut daily = daily_backups(dir)?;
    // Newest first (the date is in the name).
    daily.sort_by(|a, b| b.cmp(a));
    for old in daily.into_iter().skip(keep.max(1)) {
        std::fs::remove_file(old)?;
    }
    Ok(made)
}

/// The automatic backups in `dir`, newest first.
pub fn daily_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let day = name.strip_prefix("tagledger-").and_then(|n| n.strip_suffix(".db"));
        if day.is_some_and(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()) {
            out.push(path);
        }
    }
    out.sort_by(|a, b| b.cmp(a));
    Ok(out)
}

/// A byte-for-byte copy of a database file and its write-ahead log, if any.
fn copy_files(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::copy(from, to)?;
    let wal = |p: &Path| PathBuf::from(format!("{}-wal", p.display()));
    if wal(from).exists() {
        std::fs::copy(wal(from), wal(to))?;
    }
    Ok(())
}

/// Replaces the database at `target` with the backup at `source`, after writing a safety
/// copy of the current database to `safety`. Nothing else may have `target` open. The
/// backup is checked first; if anything fails, `target` is left as it was (the copy
/// goes through SQLite's backup API into the target, one transaction).
pub fn restore(source: &Path, target: &Path, safety: &Path) -> Result<BackupInfo> {
    let info = inspect(source)?;
    if target.exists() {
        let current = Connection::open(target)?;
        if let Err(e) = backup_to(&current, safety) {
            // A damaged register (the usual reason to restore) cannot pass the check a
            // backup gets: keep its bytes as they are instead.
            drop(current);
            copy_files(target, safety).map_err(|io| Error::Io(std::io::Error::other(format!("{e}; {io}"))))?;
        }
    }
    {
        let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut to = Connection::open(target)?;
        let backup = Backup::new(&from, &mut to)?;
        backup.run_to_completion(4096, Duration::from_millis(0), None)?;
    }
    // Bring an older backup up to this version's schema, and check the result.
    let conn = store::open_existing(target)?;
    quick_check(&conn)?;
    Ok(info)
}
