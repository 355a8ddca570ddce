use tagledger_core::{store, Error};

#[test]
fn a_new_file_is_migrated_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let conn = store::open(&path).unwrap();
    assert_eq!(store::schema_version(&conn).unwrap(), store::schema_version_supported());
    use std::os::unix::fs::PermissionsExt;
    let permissions = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(permissions, 0o600, "only the owner may read the register");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert!(fk);
    // Reopening is a no-op.
    drop(conn);
    let conn = store::open_existing(&path).unwrap();
    assert_eq!(store::schema_version(&conn).unwrap(), store::schema_version_supported());
}

#[test]
fn every_migration_applies_from_the_previous_schema_with_data_in_it() {
    let dir = tempfile::tempdir().unwrap();
    for version in 1..=store::schema_version_supported() {
        let path = dir.path().join(format!("v{version}.db"));
        let conn = store::open_at_version(&path, version).unwrap();
        conn.execute("INSERT INTO categories (name) VALUES ('Laptops')", []).unwrap();
        drop(conn);
        let conn = store::open(&path).unwrap();
        assert_eq!(store::schema_version(&conn).unwrap(), store::schema_version_supported());
        let n: i64 = conn.query_row("SELECT count(*) FROM categories", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "data survives the upgrade from version {version}");
    }
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(store::open(&path).unwrap());
    let future = store::schema_version_supported() + 1;
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", future).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { found, .. } if found == future), "{err}");
    assert!(err.to_string().contains("newer version of Tagledger"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file must not change");
}

#[test]
fn foreign_and_damaged_files_are_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (x TEXT)").unwrap();
    assert!(matches!(store::open(&other).unwrap_err(), Error::NotADatabase { .. }));

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database at all, just some text that is long enough").unwrap();
    let err = store::open(&garbage).unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err:?}");

    let missing = dir.path().join("missing.db");
    assert!(matches!(store::open_existing(&missing).unwrap_err(), Error::NotFound { .. }));
}

#[test]
fn a_read_only_connection_refuses_writes_with_a_clear_error() {
    // SQLite itself enforces a read-only open, so this holds even when run as root.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    drop(store::open(&path).unwrap());
    let mut conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let result = tagledger_core::write(&mut conn, |tx| {
        tx.execute("INSERT INTO categories (name) VALUES ('x')", [])?;
        Ok(())
    });
    assert!(matches!(result, Err(Error::ReadOnly)), "{result:?}");
    assert_eq!(result.unwrap_err().to_string(), "the database file is read-only; nothing was changed");
}

#[test]
fn a_locked_database_reports_busy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let mut holder = store::open(&path).unwrap();
    let _lock = holder.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive).unwrap();
    let mut other = store::open(&path).unwrap();
    other.busy_timeout(std::time::Duration::from_millis(50)).unwrap();
    let result = tagledger_core::write(&mut other, |_| Ok(()));
    assert!(matches!(result, Err(Error::Busy)), "{result:?}");
}
