//! Opening a database file: connection settings, the schema-version guard and the
//! numbered migrations.
//!
//! Migrations are SQL files in `crates/core/migrations/`, embedded in the binary and
//! applied in order; `PRAGMA user_version` records how many have run. A shipped
//! migration is never edited: a schema change is a new file appended to [`MIGRATIONS`].

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Result};

/// `PRAGMA application_id` of Tagledger databases ("TGLD"), so we never migrate some
/// other program's SQLite file.
pub const APPLICATION_ID: i32 = 0x5447_4C44;

/// One schema change: a SQL file, and optionally a Rust step run after it in the same
/// transaction, for what SQL cannot do (hashing the existing event log).
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
    pub then: Option<fn(&rusqlite::Transaction) -> Result<()>>,
}

/// Every migration, in order. The schema version of a database is the number applied.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001_asset_register", sql: include_str!("../migrations/0001_asset_register.sql"), then: None },
    Migration { name: "0002_label_templates", sql: include_str!("../migrations/0002_label_templates.sql"), then: None },
    Migration {
        name: "0003_asset_lifecycle",
        sql: include_str!("../migrations/0003_asset_lifecycle.sql"),
        then: Some(crate::events::chain_existing_events),
    },
    Migration { name: "0004_licences", sql: include_str!("../migrations/0004_licences.sql"), then: None },
    Migration { name: "0005_status_labels", sql: include_str!("../migrations/0005_status_labels.sql"), then: None },
    Migration { name: "0006_stock", sql: include_str!("../migrations/0006_stock.sql"), then: None },
    Migration { name: "0007_purchasing", sql: include_str!("../migrations/0007_purchasing.sql"), then: None },
    Migration { name: "0008_forecasts", sql: include_str!("../migrations/0008_forecasts.sql"), then: None },
    Migration { name: "0009_hiring_plan", sql: include_str!("../migrations/0009_hiring_plan.sql"), then: None },
    Migration { name: "0010_goals_and_costs", sql: include_str!("../migrations/0010_goals_and_costs.sql"), then: None },
    Migration { name: "0011_policy", sql: include_str!("../migrations/0011_policy.sql"), then: None },
];

pub fn schema_version_supported() -> i64 {
    MIGRATIONS.len() as i64
}

/// Opens (creating if absent) a Tagledger database and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    create_private(path)?;
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(Error::from)
    .and_then(|conn| prepare(conn, &path.display().to_string()))
    // SQLite says only "unable to open database file" when the file or its file system
    // is read-only (WAL needs to write beside it): name the cause the user can act on.
    .map_err(|e| if matches!(e, Error::Sqlite(_)) && !writable(path) { Error::ReadOnly } else { e })
}

/// Whether the file can be opened for writing; only asked after SQLite failed to open it.
fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok()
}

/// Creates a missing database file readable by its owner only: a register lists who has
/// what, which is nobody else's business. SQLite gives its -wal and -shm files the same
/// permissions.
pub(crate) fn create_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Opens an existing database only; a missing file is an error rather than a new,
/// empty register (the user probably mistyped the path).
pub fn open_existing(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(Error::not_found(format!("database file {}", path.display())));
    }
    open(path)
}

/// An in-memory database with the current schema, for tests.
pub fn open_in_memory() -> Result<Connection> {
    prepare(Connection::open_in_memory()?, ":memory:")
}

fn prepare(mut conn: Connection, name: &str) -> Result<Connection> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // Check what the file is before anything writes to it: a newer or foreign database
    // must be left exactly as it was.
    let version = schema_version(&conn)?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let has_tables: bool = conn.query_row("SELECT count(*) > 0 FROM sqlite_master", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (app_id != 0 || has_tables) {
        return Err(Error::NotADatabase { path: name.to_string() });
    }
    let supported = schema_version_supported();
    if version > supported {
        return Err(Error::NewerSchema { found: version, supported });
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    // WAL lets the UI read while a long import writes; NORMAL sync is durable across
    // application crashes, which is what WAL guarantees.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        // Some filesystems (network shares) cannot do WAL; fall back silently to the
        // rollback journal, which is still transactional.
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // 64 MiB of page cache per connection. At a million assets 16 MiB saved only ~5 MB
    // of idle memory but made broad searches ~30% slower (docs/benchmarks.md).
    conn.pragma_update(None, "cache_size", -65536)?;
    migrate(&mut conn, version, supported)?;
    crate::register::install_deadline_handler(&mut conn);
    Ok(conn)
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies migrations `from+1..=to`, each in its own transaction with its version bump,
/// so a crash mid-upgrade leaves a database at a well-defined earlier version.
fn migrate(conn: &mut Connection, from: i64, to: i64) -> Result<()> {
    for (index, migration) in MIGRATIONS.iter().enumerate().take(to as usize).skip(from as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(migration.sql)?;
        if let Some(step) = migration.then {
            step(&tx)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Migrates only up to `version` — for tests that build a database as an earlier
/// release left it.
pub fn open_at_version(path: &Path, version: i64) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let from = schema_version(&conn)?;
    migrate(&mut conn, from, version)?;
    Ok(conn)
}
