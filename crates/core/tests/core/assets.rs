use tagledger_core::assets::{self, AssetInput, AssetStatus, AssigneeChange, BulkUpdate};
use tagledger_core::register::{self, AssetFilter, PageRequest};
use tagledger_core::{events, settings, write, Error};

use crate::{change, fixture, laptop};

#[test]
fn create_generates_tags_from_prefix_and_padding_and_skips_taken_ones() {
    let mut f = fixture();
    let c = change();
    let tags = write(&mut f.conn, |tx| {
        let first = assets::create(tx, &c, &laptop(&f.ids, "First"))?;
        // Someone typed the next tag by hand; generation must skip it.
        let manual = assets::create(tx, &c, &AssetInput { tag: Some("AT-000002".into()), ..laptop(&f.ids, "Manual") })?;
        let third = assets::create(tx, &c, &laptop(&f.ids, "Third"))?;
        Ok([first.tag, manual.tag, third.tag])
    })
    .unwrap();
    assert_eq!(tags, ["AT-000001", "AT-000002", "AT-000003"]);

    let mut s = settings::load(&f.conn).unwrap();
    s.tag_prefix = "NW".into();
    s.tag_padding = 4;
    write(&mut f.conn, |tx| settings::save(tx, &c, &s)).unwrap();
    assert_eq!(settings::peek_next_tag(&f.conn).unwrap(), "NW0004");
}

#[test]
fn create_validates_every_field_and_writes_nothing_on_error() {
    let mut f = fixture();
    let c = change();
    let input = AssetInput {
        name: "  ".into(),
        purchase_cost: Some("-5".into()),
        purchase_date: Some("2024-13-01".into()),
        location_id: Some(9999),
        custom_fields: [("RAM (GB)".to_string(), "lots".to_string()), ("Colour".to_string(), "red".to_string())].into(),
        ..laptop(&f.ids, "")
    };
    let err = write(&mut f.conn, |tx| assets::create(tx, &c, &input)).unwrap_err();
    let Error::Invalid(fields) = err else { panic!("expected field errors, got {err:?}") };
    let got: Vec<(String, String)> = fields.into_iter().map(|e| (e.field, e.message)).collect();
    assert_eq!(
        got,
        [
            ("name", "is required"),
            ("purchaseDate", "'2024-13-01' is not a date (expected YYYY-MM-DD)"),
            ("purchaseCost", "'-5' is negative; costs cannot be negative"),
            ("customFields.Colour", "is not a field of this category"),
            ("customFields.RAM (GB)", "'lots' is not a number"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(assets::count(&f.conn).unwrap(), 0);
    assert_eq!(events::history(&f.conn, "asset", 1).unwrap().len(), 0);

    let missing_ref = AssetInput { location_id: Some(9999), ..laptop(&f.ids, "Ok") };
    let err = write(&mut f.conn, |tx| assets::create(tx, &c, &missing_ref)).unwrap_err();
    assert_eq!(err.to_string(), "locationId: location 9999 does not exist");
}

#[test]
fn required_custom_fields_and_choices_are_enforced() {
    let mut f = fixture();
    let c = change();
    let mut input = laptop(&f.ids, "No RAM");
    input.custom_fields = [("OS".to_string(), "windows 11".to_string())].into();
    let err = write(&mut f.conn, |tx| assets::create(tx, &c, &input)).unwrap_err();
    assert_eq!(err.to_string(), "customFields.RAM (GB): is required");
    input.custom_fields.insert("RAM (GB)".into(), "32".into());
    let asset = write(&mut f.conn, |tx| assets::create(tx, &c, &input)).unwrap();
    assert_eq!(asset.custom_fields.get("OS").map(String::as_str), Some("Windows 11"), "choice normalised");
    input.custom_fields.insert("OS".into(), "BeOS".into());
    let err = write(&mut f.conn, |tx| assets::update(tx, &c, asset.id, &input)).unwrap_err();
    assert_eq!(err.to_string(), "customFields.OS: must be one of: Windows 11, macOS");
}

#[test]
fn duplicate_tags_are_refused_case_insensitively() {
    let mut f = fixture();
    let c = change();
    write(&mut f.conn, |tx| assets::create(tx, &c, &AssetInput { tag: Some("LAP-1".into()), ..laptop(&f.ids, "A") }))
        .unwrap();
    let err = write(&mut f.conn, |tx| {
        assets::create(tx, &c, &AssetInput { tag: Some("lap-1".into()), ..laptop(&f.ids, "B") })
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "tag: tag lap-1 is already used by another asset");
}

#[test]
fn update_records_only_changed_fields_in_the_event_log() {
    let mut f = fixture();
    let c = change();
    let asset = write(&mut f.conn, |tx| assets::create(tx, &c, &laptop(&f.ids, "Old name"))).unwrap();
    let mut input = laptop(&f.ids, "New name");
    input.purchase_cost = Some("1,299.50".into());
    let updated = write(&mut f.conn, |tx| assets::update(tx, &c, asset.id, &input)).unwrap();
    assert_eq!(updated.tag, asset.tag, "a blank tag on edit keeps the tag");
    assert_eq!(updated.purchase_cost.as_ref().map(|m| (m.minor, m.currency.as_str())), Some((129_950, "EUR")));

    let history = events::history(&f.conn, "asset", asset.id).unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["updated", "created"]);
    let (before, after) = (history[0].before.clone().unwrap(), history[0].after.clone().unwrap());
    let mut keys: Vec<&String> = after.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["name", "purchaseCost"]);
    assert_eq!(before["name"], "Old name");
    assert_eq!(after["purchaseCost"]["minor"], 129_950);
    assert_eq!(history[0].actor, "tester");
    assert_eq!(history[0].at, "2026-01-02T03:04:05Z");
}

#[test]
fn the_event_log_refuses_updates_and_deletes() {
    let mut f = fixture();
    let c = change();
    write(&mut f.conn, |tx| assets::create(tx, &c, &laptop(&f.ids, "A"))).unwrap();
    let err = f.conn.execute("UPDATE events SET actor = 'mallory'", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = f.conn.execute("DELETE FROM events", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn bulk_update_changes_every_selected_asset_with_one_event_each() {
    let mut f = fixture();
    let c = change();
    let ids: Vec<i64> = write(&mut f.conn, |tx| {
        (0..5).map(|i| assets::create(tx, &c, &laptop(&f.ids, &format!("L{i}"))).map(|a| a.id)).collect()
    })
    .unwrap();
    let update = BulkUpdate {
        status: Some(AssetStatus::InRepair),
        location_id: Some(f.ids.other_room),
        assignee: Some(AssigneeChange::Person(f.ids.person)),
    };
    let changed = write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &ids[..3], &update)).unwrap();
    assert_eq!(changed, 3);
    let a = assets::get(&f.conn, ids[0]).unwrap();
    assert_eq!(
        (a.status, a.location_name.as_str(), a.assigned_to_name.as_deref()),
        (AssetStatus::InRepair, "Open Plan", Some("Zoë Müller"))
    );
    assert_eq!(assets::get(&f.conn, ids[4]).unwrap().status, AssetStatus::Deployable, "unselected untouched");
    assert_eq!(events::history(&f.conn, "asset", ids[0]).unwrap()[0].action, "bulk updated");

    let unassign = BulkUpdate { assignee: Some(AssigneeChange::Nobody), ..Default::default() };
    write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &ids[..1], &unassign)).unwrap();
    let a = assets::get(&f.conn, ids[0]).unwrap();
    assert_eq!((a.assigned_to, a.location_name.as_str()), (None, "Open Plan"), "only the assignee changed");

    // A bad location refuses the whole batch.
    let bad = BulkUpdate { location_id: Some(424242), ..Default::default() };
    assert!(write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &ids, &bad)).is_err());
}

#[test]
fn retire_keeps_the_asset_and_its_history() {
    let mut f = fixture();
    let c = change();
    let asset = write(&mut f.conn, |tx| assets::create(tx, &c, &laptop(&f.ids, "Old laptop"))).unwrap();
    let retired = write(&mut f.conn, |tx| assets::retire(tx, &c, asset.id, "battery swollen")).unwrap();
    assert_eq!(retired.status, AssetStatus::Retired);
    let history = events::history(&f.conn, "asset", asset.id).unwrap();
    assert_eq!(history[0].action, "retired");
    assert_eq!(history[0].after.as_ref().unwrap()["reason"], "battery swollen");
    let err = write(&mut f.conn, |tx| assets::retire(tx, &c, asset.id, "again")).unwrap_err();
    assert_eq!(err.to_string(), "AT-000001 is already retired");
}

#[test]
fn lookup_finds_by_tag_case_insensitively_then_by_serial() {
    let mut f = fixture();
    let c = change();
    write(&mut f.conn, |tx| {
        assets::create(tx, &c, &AssetInput { serial: Some("5CG1234XYZ".into()), ..laptop(&f.ids, "A") })
    })
    .unwrap();
    assert_eq!(assets::lookup(&f.conn, "at-000001").unwrap().unwrap().name, "A");
    assert_eq!(assets::lookup(&f.conn, " 5CG1234XYZ ").unwrap().unwrap().tag, "AT-000001");
    assert!(assets::lookup(&f.conn, "AT-999999").unwrap().is_none());
}

#[test]
fn search_stays_in_sync_after_updates() {
    let mut f = fixture();
    let c = change();
    let a = write(&mut f.conn, |tx| assets::create(tx, &c, &laptop(&f.ids, "Finance laptop"))).unwrap();
    let search = |conn: &tagledger_core::Connection, text: &str| -> Vec<String> {
        let request = PageRequest {
            filter: AssetFilter { text: Some(text.into()), ..Default::default() },
            limit: 50,
            ..Default::default()
        };
        register::page(conn, &request).unwrap().rows.into_iter().map(|r| r.tag).collect()
    };
    assert_eq!(search(&f.conn, "financ"), ["AT-000001"]);
    assert_eq!(search(&f.conn, "latitude 54"), ["AT-000001"], "model name is searchable");
    write(&mut f.conn, |tx| assets::update(tx, &c, a.id, &laptop(&f.ids, "Sales laptop"))).unwrap();
    assert!(search(&f.conn, "finance").is_empty());
    assert_eq!(search(&f.conn, "sales"), ["AT-000001"]);
    assert_eq!(search(&f.conn, "AT-000001"), ["AT-000001"]);
    assert_eq!(search(&f.conn, "000001"), ["AT-000001"]);
    assert!(search(&f.conn, "\"unbalanced OR (").is_empty(), "FTS syntax is taken literally");
}
