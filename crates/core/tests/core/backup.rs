use chrono::NaiveDate;
use tagledger_core::{assets, backup, store, write, Error};

use crate::{change, laptop, Ids};

/// A database file with `n` laptops and the fixture's reference data (copied out of
/// the in-memory fixture with the backup API itself).
fn register_file(dir: &std::path::Path, n: usize) -> (std::path::PathBuf, Ids) {
    let mut f = crate::fixture();
    let ids = f.ids;
    write(&mut f.conn, |tx| {
        for i in 0..n {
            assets::create(tx, &change(), &laptop(&ids, &format!("Laptop {i}")))?;
        }
        Ok(())
    })
    .unwrap();
    let path = dir.join("register.db");
    backup::backup_to(&f.conn, &path).unwrap();
    (path, ids)
}

#[test]
fn a_backup_taken_while_in_use_restores_exactly_with_a_safety_copy_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = register_file(dir.path(), 3);
    let mut conn = store::open(&path).unwrap();
    let copy = dir.path().join("backup.db");
    let info = backup::backup_to(&conn, &copy).unwrap();
    assert_eq!(info.asset_count, 3);
    assert!(info.event_count >= 3 && info.last_change.is_some());
    assert!(!dir.path().join("backup.partial").exists());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a backup is as private as the register");

    // More work after the backup, then restore: the register is as it was.
    write(&mut conn, |tx| assets::create(tx, &change(), &laptop(&ids, "After the backup")).map(|_| ())).unwrap();
    drop(conn);
    let safety = dir.path().join("before-restore.db");
    let restored = backup::restore(&copy, &path, &safety).unwrap();
    assert_eq!(restored.asset_count, 3);
    let conn = store::open(&path).unwrap();
    assert_eq!(assets::count(&conn).unwrap(), 3);
    assert_eq!(backup::inspect(&safety).unwrap().asset_count, 4, "the safety copy holds what was replaced");
}

#[test]
fn damaged_foreign_and_missing_backups_are_refused_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = register_file(dir.path(), 2);
    let not_db = dir.path().join("notes.db");
    std::fs::write(&not_db, b"this is not a database at all, just some text").unwrap();
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE x (y)").unwrap();
    let safety = dir.path().join("safety.db");
    for bad in [&not_db, &other, &dir.path().join("missing.db")] {
        assert!(backup::restore(bad, &path, &safety).is_err(), "{}", bad.display());
    }
    assert!(!safety.exists(), "nothing was touched before the backup was checked");
    assert_eq!(assets::count(&store::open(&path).unwrap()).unwrap(), 2);

    // A backup with a damaged page is found by the check.
    let copy = dir.path().join("copy.db");
    backup::backup_to(&store::open(&path).unwrap(), &copy).unwrap();
    let mut bytes = std::fs::read(&copy).unwrap();
    let page = 4096;
    for b in &mut bytes[page * 2..page * 2 + 200] {
        *b = 0xAB;
    }
    std::fs::write(&copy, bytes).unwrap();
    let err = backup::inspect(&copy).unwrap_err();
    assert!(matches!(err, Error::Corrupt(_) | Error::Sqlite(_)), "{err}");
}

#[test]
fn rolling_backups_make_one_a_day_and_keep_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = register_file(dir.path(), 1);
    let conn = store::open(&path).unwrap();
    let backups = dir.path().join("backups");
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    for d in 1..=5 {
        assert!(backup::rolling_backup(&conn, &backups, day(d), 3).unwrap().is_some());
    }
    assert!(backup::rolling_backup(&conn, &backups, day(5), 3).unwrap().is_none(), "one a day");
    let names: Vec<String> = backup::daily_backups(&backups)
        .unwrap()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["tagledger-2026-11-05.db", "tagledger-2026-11-04.db", "tagledger-2026-11-03.db"]);
}

#[test]
fn a_full_disk_fails_the_write_cleanly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = register_file(dir.path(), 2);
    let mut conn = store::open(&path).unwrap();
    // SQLite reports a full disk when the file may not grow: the same path as ENOSPC.
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    conn.pragma_update(None, "max_page_count", pages).unwrap();
    let err = write(&mut conn, |tx| {
        for i in 0..2_000 {
            assets::create(tx, &change(), &laptop(&ids, &format!("Bulk {i} with a long name to fill pages quickly")))?;
        }
        Ok(())
    })
    .unwrap_err();
    assert!(matches!(err, Error::DiskFull), "{err}");
    assert!(err.to_string().contains("nothing was changed"));
    assert_eq!(assets::count(&conn).unwrap(), 2);
}

#[test]
fn a_damaged_register_is_kept_byte_for_byte_when_a_backup_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = register_file(dir.path(), 40);
    let good = dir.path().join("good.db");
    backup::backup_to(&store::open(&path).unwrap(), &good).unwrap();
    // Damage the root page of an index: the file opens, but fails the check.
    let root: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT rootpage FROM sqlite_master WHERE name = 'assets_supplier_id'", [], |r| r.get(0))
        .unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let at = (root as usize - 1) * 4096;
    bytes[at..at + 8].copy_from_slice(&[13, 255, 255, 255, 255, 0, 0, 0]);
    std::fs::write(&path, &bytes).unwrap();
    assert!(backup::quick_check(&rusqlite::Connection::open(&path).unwrap()).is_err());

    let safety = dir.path().join("damaged-kept.db");
    backup::restore(&good, &path, &safety).unwrap();
    assert_eq!(std::fs::read(&safety).unwrap(), bytes, "the damaged file is kept as it was");
    let conn = store::open(&path).unwrap();
    backup::quick_check(&conn).unwrap();
    assert_eq!(assets::count(&conn).unwrap(), 40);
}
