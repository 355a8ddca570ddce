//! Physical audits: scope and expected assets, scanning by keyboard and by file,
//! classification, resolutions, closing, the report's data and "due for audit".

use chrono::NaiveDate;
use expect_test::{expect, Expect};
use tagledger_core::assets::{self, AssetInput, AssetStatus, BulkUpdate};
use tagledger_core::audits::{
    self, AuditInput, AuditScope, AuditSummary, Finding, FindingClass, Resolution, ScanOutcome,
};
use tagledger_core::{events, reference, store, write, Change, Connection, Error};

use crate::{change, fixture, laptop, Fixture, Ids};

fn at(rfc3339: &str) -> Change {
    Change { actor: "tester".into(), at: chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().into() }
}

/// The fixture plus a second room inside London HQ's North Tower.
struct Site {
    f: Fixture,
    building: i64,
    floor3: i64,
}

fn site() -> Site {
    let mut f = fixture();
    let c = change();
    let building = reference::locations(&f.conn).unwrap().into_iter().find(|l| l.name == "North Tower").unwrap().id;
    let floor3 = write(&mut f.conn, |tx| reference::create_location(tx, &c, Some(building), "Floor 3")).unwrap();
    Site { f, building, floor3 }
}

fn asset(conn: &mut Connection, input: AssetInput) -> i64 {
    write(conn, |tx| assets::create(tx, &change(), &input)).unwrap().id
}

fn tagged(ids: &Ids, tag: &str, name: &str) -> AssetInput {
    AssetInput { tag: Some(tag.into()), ..laptop(ids, name) }
}

fn set_status(conn: &mut Connection, id: i64, status: AssetStatus) {
    let update = BulkUpdate { status: Some(status), ..Default::default() };
    write(conn, |tx| assets::bulk_update(tx, &change(), &[id], &update)).unwrap();
}

fn start(conn: &mut Connection, name: &str, location_id: Option<i64>, category_ids: Vec<i64>) -> AuditSummary {
    let input = AuditInput { name: name.into(), scope: AuditScope { location_id, category_ids }, notes: String::new() };
    write(conn, |tx| audits::start(tx, &change(), &input)).unwrap()
}

fn scan(conn: &mut Connection, audit: i64, code: &str, location: i64) -> Result<audits::ScanResult, Error> {
    write(conn, |tx| audits::scan(tx, &change(), audit, code, location))
}

fn counts(s: &AuditSummary) -> [i64; 6] {
    [s.expected, s.found, s.moved, s.missing, s.unexpected, s.unresolved]
}

fn last_audited(conn: &Connection, tag: &str) -> Option<String> {
    conn.query_row("SELECT last_audited_on FROM assets WHERE tag = ?1", [tag], |r| r.get(0)).unwrap()
}

fn check_findings(findings: &[Finding], expect: Expect) {
    let text: String = findings
        .iter()
        .map(|f| {
            format!(
                "{:<10} {:<7} asset={:<5} expected={} found={}{}{}\n",
                format!("{:?}", f.class),
                f.code,
                f.asset_id.map_or("-".into(), |id| id.to_string()),
                f.expected_location.as_deref().unwrap_or("-"),
                f.found_location.as_deref().unwrap_or("-"),
                if f.out_of_scope { " out-of-scope" } else { "" },
                f.resolution.as_ref().map_or(String::new(), |r| format!(" [{r}: {}]", f.note)),
            )
        })
        .collect();
    expect.assert_eq(&text);
}

fn conflict(err: Error) -> String {
    match err {
        Error::Conflict { message, .. } => message,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// The issue's scenario: three laptops expected in London HQ; one found in its room,
/// one scanned in another room of the scope, one not scanned, and an unknown tag.
struct Scenario {
    s: Site,
    audit: i64,
    lap: [i64; 3],
    lost: i64,
    monitor: i64,
    krakow: i64,
}

fn scenario() -> Scenario {
    let mut s = site();
    let ids = s.f.ids;
    let conn = &mut s.f.conn;
    let lap = [
        asset(conn, AssetInput { serial: Some("SN-ALPHA".into()), ..tagged(&ids, "LAP-1", "Alpha") }),
        asset(conn, tagged(&ids, "LAP-2", "Bravo")),
        asset(conn, tagged(&ids, "LAP-3", "Charlie")),
    ];
    // A fourth laptop in the room, lost before the audit: not expected.
    let lost = asset(conn, tagged(&ids, "LAP-4", "Delta"));
    set_status(conn, lost, AssetStatus::LostStolen);
    // In the room but of another category, and a laptop at another site: out of scope.
    let monitor = asset(
        conn,
        AssetInput {
            tag: Some("MON-1".into()),
            name: "Dell U2723".into(),
            category_id: Some(ids.monitors),
            location_id: Some(ids.room),
            ..Default::default()
        },
    );
    let krakow = asset(conn, AssetInput { location_id: Some(ids.other_room), ..tagged(&ids, "LAP-9", "Kilo") });
    let audit = start(conn, "London Q1", Some(ids.site), vec![ids.laptops]).id;
    Scenario { s, audit, lap, lost, monitor, krakow }
}

/// The scenario with its three scans done.
fn scanned() -> Scenario {
    let mut sc = scenario();
    let (room, floor3, audit) = (sc.s.f.ids.room, sc.s.floor3, sc.audit);
    let conn = &mut sc.s.f.conn;
    assert_eq!(scan(conn, audit, "LAP-1", room).unwrap().outcome, ScanOutcome::Found);
    assert_eq!(scan(conn, audit, "LAP-2", floor3).unwrap().outcome, ScanOutcome::Moved);
    assert_eq!(scan(conn, audit, "NEW-77", room).unwrap().outcome, ScanOutcome::Unknown);
    sc
}

#[test]
fn acceptance_found_moved_missing_and_unexpected_are_counted_and_listed() {
    let mut sc = scenario();
    let (room, floor3, audit) = (sc.s.f.ids.room, sc.s.floor3, sc.audit);
    let started = audits::summary(&sc.s.f.conn, audit).unwrap();
    assert_eq!(started.scope, "London HQ; Laptops");
    assert_eq!(counts(&started), [3, 0, 0, 3, 0, 3], "the lost laptop, the monitor and Kraków's are not expected");

    let conn = &mut sc.s.f.conn;
    let found = scan(conn, audit, "LAP-1", room).unwrap();
    assert_eq!(found.outcome, ScanOutcome::Found);
    assert_eq!(found.message, "LAP-1 Alpha — found");
    assert_eq!(found.expected_location.as_deref(), Some("London HQ › North Tower › IT Store"));
    assert_eq!(counts(&found.summary), [3, 1, 0, 2, 0, 2]);

    // Scanners type in any case; the scan is stored under the asset's tag.
    let moved = scan(conn, audit, " lap-2 ", floor3).unwrap();
    assert_eq!((moved.outcome, moved.code.as_str()), (ScanOutcome::Moved, "LAP-2"));
    assert_eq!(moved.message, "LAP-2 Bravo — moved: register says IT Store");
    assert_eq!((moved.asset_id, moved.tag.as_deref()), (Some(sc.lap[1]), Some("LAP-2")));

    let unknown = scan(conn, audit, "NEW-77", room).unwrap();
    assert_eq!(unknown.outcome, ScanOutcome::Unknown);
    assert_eq!(unknown.message, "NEW-77 — not in the register");
    assert_eq!((unknown.asset_id, unknown.tag, unknown.expected_location), (None, None, None));
    assert_eq!(counts(&unknown.summary), [3, 1, 1, 1, 1, 3]);

    let all = audits::findings(conn, audit, None).unwrap();
    check_findings(
        &all,
        expect![[r#"
            Found      LAP-1   asset=1     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › IT Store
            Moved      LAP-2   asset=2     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › Floor 3
            Unexpected NEW-77  asset=-     expected=- found=London HQ › North Tower › IT Store
            Missing    LAP-3   asset=3     expected=London HQ › North Tower › IT Store found=-
        "#]],
    );
    let missing = audits::findings(conn, audit, Some(FindingClass::Missing)).unwrap();
    assert_eq!(missing.iter().map(|f| f.asset_id).collect::<Vec<_>>(), [Some(sc.lap[2])]);
    // The summary and the findings agree class by class.
    let s = audits::summary(conn, audit).unwrap();
    for (class, count) in [
        (FindingClass::Found, s.found),
        (FindingClass::Moved, s.moved),
        (FindingClass::Missing, s.missing),
        (FindingClass::Unexpected, s.unexpected),
    ] {
        assert_eq!(audits::findings(conn, audit, Some(class)).unwrap().len() as i64, count, "{class:?}");
    }
}

#[test]
fn registered_assets_the_audit_did_not_expect_are_out_of_scope_and_say_why() {
    let mut sc = scanned();
    let (ids, audit) = (sc.s.f.ids, sc.audit);
    let conn = &mut sc.s.f.conn;
    let other_site = scan(conn, audit, "LAP-9", ids.room).unwrap();
    assert_eq!(other_site.outcome, ScanOutcome::OutOfScope);
    assert_eq!(other_site.message, "LAP-9 Kilo — out of scope: register says Open Plan");
    assert_eq!(other_site.expected_location.as_deref(), Some("Kraków Office › Main Building › Open Plan"));
    let other_category = scan(conn, audit, "MON-1", ids.room).unwrap();
    assert_eq!(other_category.message, "MON-1 Dell U2723 — out of scope: Monitors are not in this audit");
    let lost = scan(conn, audit, "LAP-4", ids.room).unwrap();
    assert_eq!(lost.message, "LAP-4 Delta — not expected: register says lost or stolen");
    asset(conn, tagged(&ids, "LAP-5", "Echo"));
    let late = scan(conn, audit, "LAP-5", ids.room).unwrap();
    assert_eq!(late.message, "LAP-5 Echo — not expected: added to the register after the audit started");
    assert_eq!(counts(&late.summary), [3, 1, 1, 1, 5, 7]);

    let unexpected = audits::findings(conn, audit, Some(FindingClass::Unexpected)).unwrap();
    check_findings(
        &unexpected,
        expect![[r#"
            Unexpected NEW-77  asset=-     expected=- found=London HQ › North Tower › IT Store
            Unexpected LAP-9   asset=6     expected=Kraków Office › Main Building › Open Plan found=London HQ › North Tower › IT Store out-of-scope
            Unexpected MON-1   asset=5     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › IT Store out-of-scope
            Unexpected LAP-4   asset=4     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › IT Store out-of-scope
            Unexpected LAP-5   asset=7     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › IT Store out-of-scope
        "#]],
    );
    assert_eq!((sc.krakow, sc.monitor, sc.lost), (6, 5, 4));
}

#[test]
fn a_code_scanned_again_by_tag_or_serial_changes_nothing() {
    let mut sc = scanned();
    let (room, floor3, audit) = (sc.s.f.ids.room, sc.s.floor3, sc.audit);
    let conn = &mut sc.s.f.conn;
    let events_before = events::count(conn).unwrap();
    let before = audits::summary(conn, audit).unwrap();
    for (code, location) in [("LAP-1", floor3), ("lap-1", room), ("SN-ALPHA", floor3)] {
        let again = scan(conn, audit, code, location).unwrap();
        assert_eq!(again.outcome, ScanOutcome::AlreadyScanned, "{code}");
        assert_eq!(again.message, "LAP-1 Alpha — already scanned in IT Store");
        assert_eq!(again.summary, before);
    }
    let again = scan(conn, audit, "new-77", floor3).unwrap();
    assert_eq!(
        (again.outcome, again.message.as_str()),
        (ScanOutcome::AlreadyScanned, "NEW-77 — already scanned in IT Store")
    );
    assert_eq!(events::count(conn).unwrap(), events_before, "no event for a repeated scan");
    assert_eq!(
        audits::findings(conn, audit, Some(FindingClass::Found)).unwrap()[0].found_location.as_deref(),
        Some("London HQ › North Tower › IT Store")
    );
}

#[test]
fn scans_refuse_bad_codes_and_locations_outside_the_scope() {
    let mut sc = scenario();
    let (ids, audit) = (sc.s.f.ids, sc.audit);
    let conn = &mut sc.s.f.conn;
    let long = "X".repeat(65);
    for (code, error) in [
        ("   ", "code: is required"),
        ("LAP 1", "code: contains a space; a code is one word"),
        ("LAP\u{7}1", "code: contains a control character (U+0007)"),
        (long.as_str(), "code: is too long (65 characters, at most 64)"),
    ] {
        let err = scan(conn, audit, code, ids.room).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err:?}");
        assert_eq!(err.to_string(), error);
    }
    let err = scan(conn, audit, "LAP-1", ids.other_room).unwrap_err();
    assert_eq!(
        err.to_string(),
        "locationId: Kraków Office › Main Building › Open Plan is outside this audit's scope (London HQ)"
    );
    let err = scan(conn, audit, "LAP-1", 9999).unwrap_err();
    assert_eq!(err.to_string(), "locationId: location 9999 does not exist");
    assert!(matches!(scan(conn, 9999, "LAP-1", ids.room).unwrap_err(), Error::NotFound { .. }));
    assert_eq!(audits::summary(conn, audit).unwrap().found, 0);
}

#[test]
fn found_means_at_the_expected_location_or_inside_it() {
    let mut s = site();
    let ids = s.f.ids;
    let conn = &mut s.f.conn;
    // Registered at the building (no room known), in a room, and with no location.
    let at_building = asset(conn, AssetInput { location_id: Some(s.building), ..tagged(&ids, "B-1", "Building") });
    asset(conn, tagged(&ids, "R-1", "Room"));
    asset(conn, AssetInput { location_id: None, ..tagged(&ids, "N-1", "Nowhere") });
    let audit = start(conn, "Laptops everywhere", None, vec![ids.laptops]).id;
    assert_eq!(audits::summary(conn, audit).unwrap().scope, "All locations; Laptops");
    // Moving an asset after the start does not change what the audit expects.
    let update = BulkUpdate { location_id: Some(ids.other_room), ..Default::default() };
    write(conn, |tx| assets::bulk_update(tx, &change(), &[at_building], &update)).unwrap();

    assert_eq!(scan(conn, audit, "B-1", s.floor3).unwrap().outcome, ScanOutcome::Found, "a room inside the building");
    let coarse = scan(conn, audit, "R-1", s.building).unwrap();
    assert_eq!(coarse.outcome, ScanOutcome::Moved, "the building is coarser than the register's room");
    let nowhere = scan(conn, audit, "N-1", ids.other_room).unwrap();
    assert_eq!(
        (nowhere.outcome, nowhere.message.as_str()),
        (ScanOutcome::Moved, "N-1 Nowhere — moved: register says no location")
    );
    assert_eq!(counts(&nowhere.summary), [3, 1, 2, 0, 0, 2]);
}

#[test]
fn each_resolution_changes_the_asset_through_its_history() {
    let mut sc = scanned();
    let (ids, floor3, audit) = (sc.s.f.ids, sc.s.floor3, sc.audit);
    let conn = &mut sc.s.f.conn;
    scan(conn, audit, "LAP-9", ids.room).unwrap();
    let resolve = |conn: &mut Connection, code: &str, r: Resolution, note: &str| {
        write(conn, |tx| audits::resolve(tx, &change(), audit, code, r, note))
    };

    // Resolutions that do not fit their finding are refused, and change nothing.
    let misfits = [
        ("LAP-1", Resolution::UpdateLocation, "LAP-1 was found where the register has it; there is no location to update"),
        ("LAP-2", Resolution::MarkLost, "LAP-2 was scanned in this audit; only a missing asset can be marked lost"),
        ("LAP-3", Resolution::UpdateLocation, "LAP-3 was not scanned, so there is no location to update it to; mark it lost or ignore it"),
        ("NEW-77", Resolution::UpdateLocation, "NEW-77 is not in the register; add the asset, then resolve it as added"),
        ("LAP-9", Resolution::AssetAdded, "LAP-9 was already in the register; only a code the register did not know can be resolved by adding an asset"),
        ("NEW-77", Resolution::AssetAdded, "no asset has the tag or serial NEW-77 yet; add it, then resolve this again"),
    ];
    for (code, resolution, message) in misfits {
        assert_eq!(conflict(resolve(conn, code, resolution, "").unwrap_err()), message);
    }
    let err = resolve(conn, "LAP-1", Resolution::Ignore, " ").unwrap_err();
    assert_eq!(err.to_string(), "note: say why this finding is ignored");
    assert!(matches!(resolve(conn, "NOPE", Resolution::Ignore, "x").unwrap_err(), Error::NotFound { .. }));
    assert_eq!(audits::summary(conn, audit).unwrap().unresolved, 4);

    // Moved: the register takes the room it was scanned in.
    let f = resolve(conn, "lap-2", Resolution::UpdateLocation, "").unwrap();
    assert_eq!((f.class, f.resolution.as_deref()), (FindingClass::Moved, Some("location_updated")));
    assert_eq!(assets::get(conn, sc.lap[1]).unwrap().location_id, Some(floor3));
    let history = events::history(conn, "asset", sc.lap[1]).unwrap();
    assert_eq!(history[0].after.as_ref().unwrap()["locationId"], floor3);
    let err = resolve(conn, "LAP-2", Resolution::Ignore, "twice").unwrap_err();
    assert_eq!(conflict(err), "LAP-2 is already resolved (location updated)");

    // Missing: lost or stolen.
    resolve(conn, "LAP-3", Resolution::MarkLost, "not in the cupboard either").unwrap();
    assert_eq!(assets::get(conn, sc.lap[2]).unwrap().status, AssetStatus::LostStolen);
    let history = events::history(conn, "asset", sc.lap[2]).unwrap();
    assert_eq!(history[0].after.as_ref().unwrap()["status"], "lost_stolen");

    // Out of scope: the asset moves into the room it was scanned in, and stays unexpected.
    resolve(conn, "LAP-9", Resolution::UpdateLocation, "transferred from Kraków").unwrap();
    assert_eq!(assets::get(conn, sc.krakow).unwrap().location_id, Some(ids.room));

    // Unknown: the user adds the asset with that tag, then links it.
    let new = asset(conn, AssetInput { location_id: Some(ids.room), ..tagged(&ids, "NEW-77", "Foxtrot") });
    let f = resolve(conn, "NEW-77", Resolution::AssetAdded, "").unwrap();
    assert_eq!((f.asset_id, f.tag.as_deref(), f.out_of_scope), (Some(new), Some("NEW-77"), false));

    // Found: only a note.
    resolve(conn, "LAP-1", Resolution::Ignore, "sticker peeling").unwrap();

    let s = audits::summary(conn, audit).unwrap();
    assert_eq!(counts(&s), [3, 1, 1, 1, 2, 0], "resolutions keep the classes and settle every finding");
    check_findings(
        &audits::findings(conn, audit, None).unwrap(),
        expect![[r#"
            Found      LAP-1   asset=1     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › IT Store [ignored: sticker peeling]
            Moved      LAP-2   asset=2     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › Floor 3 [location_updated: ]
            Unexpected NEW-77  asset=7     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › IT Store [asset_added: ]
            Unexpected LAP-9   asset=6     expected=London HQ › North Tower › IT Store found=London HQ › North Tower › IT Store out-of-scope [location_updated: transferred from Kraków]
            Missing    LAP-3   asset=3     expected=London HQ › North Tower › IT Store found=- [marked_lost: not in the cupboard either]
        "#]],
    );
    let actions: Vec<String> = events::history(conn, "audit", audit).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions.iter().filter(|a| *a == "resolved").count(), 5);
    assert_eq!(actions.last().map(String::as_str), Some("started"));
}

#[test]
fn closing_records_the_audit_date_of_scanned_expected_assets_and_freezes_the_audit() {
    let mut sc = scanned();
    let (room, audit) = (sc.s.f.ids.room, sc.audit);
    let conn = &mut sc.s.f.conn;
    scan(conn, audit, "LAP-9", room).unwrap();
    let close = |conn: &mut Connection, auditor: &str| {
        write(conn, |tx| audits::close(tx, &at("2026-02-03T16:00:00Z"), audit, auditor))
    };
    assert_eq!(close(conn, "  ").unwrap_err().to_string(), "auditor: is required");

    let closed = close(conn, "Zoë Müller").unwrap();
    assert_eq!(closed.closed_at.as_deref(), Some("2026-02-03T16:00:00Z"));
    assert_eq!(closed.auditor.as_deref(), Some("Zoë Müller"));
    assert_eq!(counts(&closed), [3, 1, 1, 1, 2, 4], "open findings may remain");
    let dates: Vec<Option<String>> =
        ["LAP-1", "LAP-2", "LAP-3", "LAP-9", "LAP-4"].iter().map(|t| last_audited(conn, t)).collect();
    let day = Some("2026-02-03".to_string());
    assert_eq!(dates, [day.clone(), day, None, None, None], "found and moved only");

    let refused = "the audit \"London Q1\" was closed on 2026-02-03; start a new audit to scan again";
    assert_eq!(conflict(scan(conn, audit, "LAP-3", room).unwrap_err()), refused);
    let err = write(conn, |tx| audits::load_scan_file(tx, &change(), audit, "LAP-3\n", room)).unwrap_err();
    assert_eq!(conflict(err), refused);
    let err = write(conn, |tx| audits::resolve(tx, &change(), audit, "LAP-3", Resolution::MarkLost, "")).unwrap_err();
    assert_eq!(conflict(err), refused);
    assert_eq!(conflict(close(conn, "Someone").unwrap_err()), refused);
    assert_eq!(audits::summary(conn, audit).unwrap(), closed);
    let history = events::history(conn, "audit", audit).unwrap();
    assert_eq!(history[0].action, "closed");
    assert_eq!(history[0].after.as_ref().unwrap()["assetsAudited"], 2);
}

#[test]
fn a_scanner_file_with_errors_is_refused_whole_naming_its_lines() {
    let mut sc = scenario();
    let (ids, audit) = (sc.s.f.ids, sc.audit);
    let conn = &mut sc.s.f.conn;
    let events_before = events::count(conn).unwrap();
    let file = "LAP-1,2026-01-02 10:00\nLAP 2\n,2026-01-02\nLAP-3\nLAP-\u{1}4\n";
    let err = write(conn, |tx| audits::load_scan_file(tx, &change(), audit, file, ids.room)).unwrap_err();
    let Error::Invalid(fields) = err else { panic!("expected field errors, got {err:?}") };
    let got: Vec<String> = fields.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
    assert_eq!(
        got,
        [
            "line 2: column 4: contains a space; a code is one word",
            "line 3: column 1: there is no code before the separator",
            "line 5: column 5: contains a control character (U+0001)",
        ]
    );
    assert_eq!(counts(&audits::summary(conn, audit).unwrap()), [3, 0, 0, 3, 0, 3], "nothing scanned");
    assert_eq!(events::count(conn).unwrap(), events_before);

    let err =
        write(conn, |tx| audits::load_scan_file(tx, &change(), audit, "# only a comment\n\n", ids.room)).unwrap_err();
    assert_eq!(err.to_string(), "file: has no codes (only blank lines and # comments)");
    let err = write(conn, |tx| audits::load_scan_file(tx, &change(), audit, "LAP-1\n", ids.other_room)).unwrap_err();
    assert!(err.to_string().starts_with("locationId: Kraków Office › Main Building › Open Plan is outside"), "{err}");
}

#[test]
fn a_scanner_file_is_scanned_in_one_go_counting_repeats() {
    let mut sc = scenario();
    let (ids, floor3, audit) = (sc.s.f.ids, sc.s.floor3, sc.audit);
    let conn = &mut sc.s.f.conn;
    scan(conn, audit, "LAP-2", floor3).unwrap();
    let file = "\u{FEFF}# CS3070 export\r\nLAP-1,2026-01-02 10:00:01\r\nlap-1,2026-01-02 10:00:02\r\n\r\nLAP-2\t2026-01-02 10:00:03\r\nNEW-1\r\nLAP-9\r\n";
    let loaded = write(conn, |tx| audits::load_scan_file(tx, &change(), audit, file, ids.room)).unwrap();
    assert_eq!((loaded.scanned, loaded.already_scanned), (3, 2), "LAP-1, NEW-1, LAP-9; a repeat and an earlier scan");
    assert_eq!(counts(&loaded.summary), [3, 1, 1, 1, 2, 4]);
    let history = events::history(conn, "audit", audit).unwrap();
    assert_eq!(history[0].action, "scan_file_loaded");
    assert_eq!(history[0].after.as_ref().unwrap()["codes"], 5);
}

#[test]
fn audits_are_stored_and_resume_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.tagledger");
    let mut conn = store::open(&path).unwrap();
    let c = change();
    let (room, category) = write(&mut conn, |tx| {
        let site = reference::create_location(tx, &c, None, "Depot")?;
        let room = reference::create_location(tx, &c, Some(site), "Cage")?;
        let category = reference::create_category(tx, &c, "Docks", &[])?;
        for tag in ["D-1", "D-2"] {
            let input = AssetInput {
                tag: Some(tag.into()),
                name: "Dock".into(),
                category_id: Some(category),
                location_id: Some(room),
                ..Default::default()
            };
            assets::create(tx, &c, &input)?;
        }
        Ok((room, category))
    })
    .unwrap();
    let first = write(&mut conn, |tx| {
        audits::start(
            tx,
            &at("2026-01-01T09:00:00Z"),
            &AuditInput {
                name: "Depot".into(),
                scope: AuditScope { location_id: Some(room), category_ids: vec![] },
                notes: "yearly".into(),
            },
        )
    })
    .unwrap();
    scan(&mut conn, first.id, "D-1", room).unwrap();
    let second = write(&mut conn, |tx| {
        audits::start(
            tx,
            &at("2026-01-05T09:00:00Z"),
            &AuditInput {
                name: "Docks".into(),
                scope: AuditScope { location_id: None, category_ids: vec![category, category] },
                notes: String::new(),
            },
        )
    })
    .unwrap();
    drop(conn);

    let mut conn = store::open(&path).unwrap();
    let resumed = scan(&mut conn, first.id, "D-2", room).unwrap();
    assert_eq!(counts(&resumed.summary), [2, 2, 0, 0, 0, 0]);
    let list = audits::list(&conn).unwrap();
    let rows: Vec<(i64, &str, &str, [i64; 6])> =
        list.iter().map(|a| (a.id, a.name.as_str(), a.scope.as_str(), counts(a))).collect();
    assert_eq!(
        rows,
        [
            (second.id, "Docks", "All locations; Docks", [2, 0, 0, 2, 0, 2]),
            (first.id, "Depot", "Depot › Cage; all categories", [2, 2, 0, 0, 0, 0]),
        ],
        "newest first"
    );
    assert_eq!(list[0].category_ids, [category], "duplicates dropped");
    assert_eq!(list[1].notes, "yearly");
    assert_eq!(list[1].started_at, "2026-01-01T09:00:00Z");
}

#[test]
fn starting_an_audit_needs_a_name_and_a_real_scope() {
    let mut f = fixture();
    let input = |name: &str, location_id, category_ids| AuditInput {
        name: name.into(),
        scope: AuditScope { location_id, category_ids },
        notes: String::new(),
    };
    let err = write(&mut f.conn, |tx| audits::start(tx, &change(), &input(" ", None, vec![]))).unwrap_err();
    assert_eq!(err.to_string(), "name: is required; scope: choose a location, one or more categories, or both");
    let err = write(&mut f.conn, |tx| audits::start(tx, &change(), &input("X", Some(999), vec![f.ids.laptops, 998])))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "scope.locationId: location 999 does not exist; scope.categoryIds: category 998 does not exist"
    );
    assert!(audits::list(&f.conn).unwrap().is_empty());
    let both = write(&mut f.conn, |tx| {
        audits::start(tx, &change(), &input("Both", Some(f.ids.room), vec![f.ids.monitors, f.ids.laptops]))
    })
    .unwrap();
    assert_eq!(both.scope, "London HQ › North Tower › IT Store; Laptops, Monitors");
    assert_eq!(both.category_ids, [f.ids.laptops, f.ids.monitors]);
    assert_eq!((both.started_by.as_str(), both.closed_at.as_deref()), ("tester", None));
}

#[test]
fn the_report_lists_every_finding_with_its_resolution() {
    let mut sc = scanned();
    let (room, audit) = (sc.s.f.ids.room, sc.audit);
    let conn = &mut sc.s.f.conn;
    scan(conn, audit, "LAP-9", room).unwrap();
    write(conn, |tx| audits::resolve(tx, &change(), audit, "LAP-2", Resolution::UpdateLocation, "")).unwrap();
    write(conn, |tx| audits::resolve(tx, &change(), audit, "NEW-77", Resolution::Ignore, "visitor's laptop")).unwrap();
    let open = audits::report(conn, audit, "Northwind", "2026-01-03 09:00 UTC").unwrap();
    assert_eq!((open.auditor.as_str(), open.closed.as_deref()), ("not yet signed off", None));
    write(conn, |tx| audits::close(tx, &change(), audit, "Zoë Müller")).unwrap();
    let report = audits::report(conn, audit, "Northwind", "2026-01-03 09:00 UTC").unwrap();
    let lines = |lines: &[tagledger_print::reports::audit::AuditLine]| -> String {
        lines
            .iter()
            .map(|l| format!("{} | {} | {} | {} | {}\n", l.tag, l.name, l.expected_location, l.found_location, l.note))
            .collect()
    };
    let text = format!(
        "{} / {} / {} / {} / {:?}\nfound:\n{}moved:\n{}missing:\n{}unexpected:\n{}",
        report.organisation,
        report.scope,
        report.auditor,
        report.started,
        report.closed,
        lines(&report.found),
        lines(&report.moved),
        lines(&report.missing),
        lines(&report.unexpected)
    );
    expect![[r#"
        Northwind / London HQ; Laptops / Zoë Müller / 2026-01-02 03:04 UTC / Some("2026-01-02 03:04 UTC")
        found:
        LAP-1 | Alpha | London HQ › North Tower › IT Store | London HQ › North Tower › IT Store | 
        moved:
        LAP-2 | Bravo | London HQ › North Tower › IT Store | London HQ › North Tower › Floor 3 | Location updated
        missing:
        LAP-3 | Charlie | London HQ › North Tower › IT Store |  | Unresolved
        unexpected:
        LAP-9 | Kilo | Kraków Office › Main Building › Open Plan | London HQ › North Tower › IT Store | Out of scope; unresolved
        NEW-77 |  |  | London HQ › North Tower › IT Store | Not in the register; ignored: visitor's laptop
    "#]]
    .assert_eq(&text);
    let pdf = tagledger_print::reports::audit::render(&report);
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn due_for_audit_counts_never_and_long_ago_audited_assets_per_policy() {
    let mut s = site();
    let ids = s.f.ids;
    let conn = &mut s.f.conn;
    conn.execute("INSERT INTO category_policies (category_id, audit_interval_months) VALUES (?1, 12)", [ids.laptops])
        .unwrap();
    let old = asset(conn, tagged(&ids, "OLD", "Audited long ago"));
    let recent = asset(conn, tagged(&ids, "RECENT", "Audited recently"));
    asset(conn, tagged(&ids, "NEVER", "Never audited"));
    let lost = asset(conn, tagged(&ids, "LOST", "Lost"));
    let disposed = asset(conn, tagged(&ids, "GONE", "Disposed"));
    asset(
        conn,
        AssetInput {
            tag: Some("MON".into()),
            name: "Monitor".into(),
            category_id: Some(ids.monitors),
            location_id: Some(ids.room),
            ..Default::default()
        },
    );
    set_status(conn, lost, AssetStatus::LostStolen);
    // Disposal has its own flow elsewhere; the status is all that matters here.
    conn.execute("UPDATE assets SET status = 'disposed' WHERE id = ?1", [disposed]).unwrap();

    // Two audits, closed on different days, each scanning one laptop.
    for (id, when) in [(old, "2024-12-01T10:00:00Z"), (recent, "2025-06-01T10:00:00Z")] {
        let audit = start(conn, when, Some(ids.room), vec![]).id;
        let tag = assets::get(conn, id).unwrap().tag;
        scan(conn, audit, &tag, ids.room).unwrap();
        write(conn, |tx| audits::close(tx, &at(when), audit, "Auditor")).unwrap();
    }
    assert_eq!(last_audited(conn, "OLD").as_deref(), Some("2024-12-01"));

    let due = |today: &str| -> Vec<(String, i64, i64, i64)> {
        audits::due_for_audit(conn, today.parse::<NaiveDate>().unwrap())
            .unwrap()
            .into_iter()
            .map(|d| (d.category_name, d.interval_months, d.due, d.never_audited))
            .collect()
    };
    let laptops = |due, never| vec![("Laptops".to_string(), 12, due, never)];
    assert_eq!(due("2026-01-02"), laptops(2, 1), "OLD and NEVER; the lost and disposed ones are not counted");
    assert_eq!(
        due("2025-12-01"),
        laptops(1, 1),
        "audited exactly twelve months ago is not yet older than the interval"
    );
    assert_eq!(due("2025-12-02"), laptops(2, 1));
    assert_eq!(due("2026-06-02"), laptops(3, 1));
}
