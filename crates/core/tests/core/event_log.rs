//! The event log's hash chain: intact after normal use and after migrating an old
//! database; every kind of tampering found at the exact event.

use tagledger_core::events::{self, BreakKind};
use tagledger_core::{assets, store, write};

use crate::{change, fixture, laptop};

fn never() -> bool {
    false
}

/// A database with events 1..n, then edited behind the app's back.
fn tampered(sql: &str) -> events::LogVerification {
    let mut f = fixture();
    let c = change();
    write(&mut f.conn, |tx| {
        for i in 0..5 {
            assets::create(tx, &c, &laptop(&f.ids, &format!("Laptop {i}")))?;
        }
        Ok(())
    })
    .unwrap();
    let intact = events::verify(&f.conn, &never).unwrap();
    assert!(intact.intact(), "{intact:?}");
    assert_eq!(intact.checked, intact.total);
    // What someone with the file and the sqlite3 shell can do: drop the guard, edit.
    f.conn
        .execute_batch(&format!(
            "DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete; {sql}"
        ))
        .unwrap();
    events::verify(&f.conn, &never).unwrap()
}

#[test]
fn normal_use_keeps_the_chain_intact_and_the_head_moves() {
    let mut f = fixture();
    let first = events::verify(&f.conn, &never).unwrap();
    assert!(first.intact());
    assert!(first.total > 0, "the fixture's reference data is logged");
    let c = change();
    write(&mut f.conn, |tx| assets::create(tx, &c, &laptop(&f.ids, "One more"))).unwrap();
    let second = events::verify(&f.conn, &never).unwrap();
    assert!(second.intact());
    assert_eq!(second.total, first.total + 1);
    assert_ne!(second.head, first.head);
    assert_eq!(second.head.as_deref().map(str::len), Some(64), "hex sha256");
}

#[test]
fn an_edited_event_is_reported_at_that_event() {
    let v = tampered("UPDATE events SET actor = 'mallory' WHERE id = 9");
    let broken = v.broken.expect("tampering must be found");
    assert_eq!(broken.event_id, 9);
    assert_eq!(broken.kind, BreakKind::Altered);
    assert!(broken.message.starts_with("event 9 ("), "{}", broken.message);
    assert_eq!(v.checked, 8, "events before the edit are fine");
}

#[test]
fn an_edit_with_a_forged_hash_is_still_found() {
    let v = tampered("UPDATE events SET after = '{}', hash = zeroblob(32) WHERE id = 9");
    assert_eq!(v.broken.unwrap().event_id, 9);
}

#[test]
fn an_edit_that_recomputes_its_own_hash_breaks_the_next_link() {
    // A forger who knows the hash function rewrites event 9 consistently with event 8;
    // event 10 was chained to the old event 9, so the break shows there.
    let mut f = fixture();
    let c = change();
    write(&mut f.conn, |tx| {
        for i in 0..3 {
            assets::create(tx, &c, &laptop(&f.ids, &format!("Laptop {i}")))?;
        }
        Ok(())
    })
    .unwrap();
    let row = |id: i64| {
        f.conn
            .query_row(
                "SELECT at, actor, entity, entity_id, action, before, after, hash FROM events WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        events::EventRow {
                            id,
                            at: r.get(0)?,
                            actor: r.get(1)?,
                            entity: r.get(2)?,
                            entity_id: r.get(3)?,
                            action: r.get(4)?,
                            before: r.get(5)?,
                            after: r.get(6)?,
                        },
                        r.get::<_, Vec<u8>>(7)?,
                    ))
                },
            )
            .unwrap()
    };
    let (_, previous) = row(8);
    let (mut forged, _) = row(9);
    forged.actor = "mallory".into();
    let hash = events::event_hash(&previous, &forged);
    f.conn.execute_batch("DROP TRIGGER events_append_only_update").unwrap();
    f.conn
        .execute("UPDATE events SET actor = ?1, hash = ?2 WHERE id = 9", rusqlite::params![forged.actor, hash])
        .unwrap();
    let broken = events::verify(&f.conn, &never).unwrap().broken.unwrap();
    assert_eq!((broken.event_id, broken.kind), (10, BreakKind::Altered));
}

#[test]
fn a_deleted_event_is_reported_where_the_ids_jump() {
    let v = tampered("DELETE FROM events WHERE id = 10");
    let broken = v.broken.unwrap();
    assert_eq!((broken.event_id, broken.kind), (11, BreakKind::Deleted));
    assert_eq!(broken.message, "event 10 was deleted (the log jumps to event 11)");

    let v = tampered("DELETE FROM events WHERE id IN (3, 4, 5)");
    assert_eq!(v.broken.unwrap().message, "events 3 to 5 were deleted (the log jumps to event 6)");
}

#[test]
fn an_event_inserted_without_a_hash_is_reported() {
    let v = tampered(
        "DROP TRIGGER events_hash_required;
         INSERT INTO events (at, actor, entity, entity_id, action) VALUES ('2026-01-01T00:00:00Z', 'x', 'asset', 1, 'created')",
    );
    let broken = v.broken.unwrap();
    assert_eq!(broken.kind, BreakKind::Unhashed);
    assert_eq!(broken.event_id, v.total);
}

#[test]
fn the_log_cannot_be_edited_or_appended_to_without_a_hash_through_sql() {
    let f = fixture();
    let err = f.conn.execute("UPDATE events SET actor = 'x' WHERE id = 1", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = f
        .conn
        .execute(
            "INSERT INTO events (at, actor, entity, entity_id, action) VALUES ('t', 'x', 'asset', 1, 'created')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("must carry its hash"), "{err}");
}

#[test]
fn migrating_a_database_from_before_the_chain_hashes_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    {
        let conn = store::open_at_version(&path, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO events (at, actor, entity, entity_id, action, after)
             VALUES ('2025-01-01T00:00:00Z', 'ann', 'category', 1, 'created', '{\"name\":\"Laptops\"}'),
                    ('2025-01-02T00:00:00Z', 'bob', 'asset', 1, 'created', NULL)",
        )
        .unwrap();
    }
    let mut conn = store::open(&path).unwrap();
    let v = events::verify(&conn, &never).unwrap();
    assert!(v.intact(), "{v:?}");
    assert_eq!(v.checked, 2);
    // The guard is back, and new events chain on from the migrated ones.
    assert!(conn.execute("UPDATE events SET actor = 'x'", []).is_err());
    let c = change();
    write(&mut conn, |tx| tagledger_core::reference::create_category(tx, &c, "Phones", &[])).unwrap();
    let v = events::verify(&conn, &never).unwrap();
    assert!(v.intact());
    assert_eq!(v.total, 3);
}

#[test]
fn verifying_can_be_cancelled() {
    let mut f = fixture();
    let c = change();
    write(&mut f.conn, |tx| {
        for i in 0..5000 {
            assets::create(tx, &c, &laptop(&f.ids, &format!("Laptop {i}")))?;
        }
        Ok(())
    })
    .unwrap();
    let err = events::verify(&f.conn, &|| true).unwrap_err();
    assert!(matches!(err, tagledger_core::Error::Cancelled));
}
