//! The `tagledger` binary, run as a user would: exit codes, messages, files.

mod costs;
mod forecast;
mod hiring;
mod planning;
mod policy;
mod stock;

use std::path::Path;
use std::process::{Command, Output};

fn tagledger(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tagledger")).arg("--db").arg(db).args(args).output().expect("run tagledger")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn demo_export_import_and_show_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = tagledger(&db, &["demo", "--assets", "300", "--people", "40", "--seed", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created 300 demo assets"));

    // The same seed gives the same data.
    let again = dir.path().join("again.db");
    assert!(tagledger(&again, &["demo", "--assets", "300", "--people", "40", "--seed", "3"]).status.success());
    let show = |db: &Path| text(&tagledger(db, &["asset", "show", "AT-000123", "--json"]).stdout);
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&show(&db)).unwrap(), serde_json::from_str(&show(&again)).unwrap());
    assert_eq!(a["asset"]["serial"], b["asset"]["serial"]);
    assert_eq!(a["asset"]["tag"], "AT-000123");
    assert_eq!(a["history"][0]["action"], "created");

    let csv = dir.path().join("assets.csv");
    let out = tagledger(&db, &["export", "assets", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 301);

    // Importing the export into the same register fails on every tag and writes nothing.
    let out = tagledger(&db, &["import", "assets", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 2, column tag: tag AT-000001 is already in the register"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
}

#[test]
fn an_import_with_one_bad_row_changes_nothing_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    assert!(tagledger(&db, &["init"]).status.success());
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "tag,name,category,purchase_cost\nX-1,Dock,Docks,120\nX-2,Screen,Monitors,abc\n").unwrap();

    let out = tagledger(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing", "--dry-run"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("line 3, column purchase_cost: 'abc' is not an amount"),
        "{}",
        text(&out.stderr)
    );

    std::fs::write(&csv, "tag,name,category,purchase_cost\nX-1,Dock,Docks,120\nX-2,Screen,Monitors,99.5\n").unwrap();
    let out = tagledger(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("nothing was changed (dry run)"));
    assert!(!tagledger(&db, &["asset", "show", "X-1"]).status.success(), "a dry run writes nothing");

    let out = tagledger(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported 2 assets"));
    let shown = text(&tagledger(&db, &["asset", "show", "X-2"]).stdout);
    assert!(shown.contains("99.50 EUR") && shown.contains("Monitors"), "{shown}");
}

#[test]
fn missing_and_newer_databases_fail_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = tagledger(&dir.path().join("nope.db"), &["asset", "show", "A"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("database file"), "{}", text(&out.stderr));

    let db = dir.path().join("future.db");
    assert!(tagledger(&db, &["init"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let out = tagledger(&db, &["asset", "show", "A"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("newer version of Tagledger"), "{}", text(&out.stderr));

    let out = Command::new(env!("CARGO_BIN_EXE_tagledger")).arg("init").output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--db PATH is required"));
}

#[test]
fn labels_and_the_register_report_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("print.db");
    assert!(tagledger(&db, &["demo", "--stock-items", "0", "--assets", "60", "--people", "10"]).status.success());

    // PDF on a sheet template: every Code 128 on page 1 scans as the tag printed.
    let pdf = dir.path().join("labels.pdf");
    let out = tagledger(
        &db,
        &[
            "labels",
            "--template",
            "avery-l7160",
            "--tags",
            "AT-000001,AT-000002",
            "--copies",
            "2",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wrote 4 labels"), "{}", text(&out.stdout));
    let png = dir.path().join("labels");
    assert!(Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap()
        .success());
    let decoded = text(&Command::new("zbarimg").arg("-q").arg(png.with_extension("png")).output().unwrap().stdout);
    assert!(decoded.contains("CODE-128:AT-000001") && decoded.contains("CODE-128:AT-000002"), "{decoded}");

    // ZPL for a label printer, to a file and to a "printer" listening on 127.0.0.1.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let printer = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut got = String::new();
        std::io::Read::read_to_string(&mut stream, &mut got).unwrap();
        got
    });
    let zpl = dir.path().join("labels.zpl");
    let out = tagledger(
        &db,
        &[
            "labels",
            "--template",
            "thermal-2x1",
            "--tags",
            "AT-000003",
            "--format",
            "zpl",
            "--out",
            zpl.to_str().unwrap(),
            "--send",
            &address,
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sent = printer.join().unwrap();
    assert_eq!(sent, std::fs::read_to_string(&zpl).unwrap());
    assert!(sent.starts_with("^XA") && sent.contains("^FDAT-000003^FS"), "{sent}");

    // Bad input: clear messages, non-zero exit, no file.
    let bad = dir.path().join("bad.pdf");
    let unknown = tagledger(&db, &["labels", "--template", "avery-1", "--out", bad.to_str().unwrap()]);
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("no label template called \"avery-1\""), "{}", text(&unknown.stderr));
    let sheet_zpl =
        tagledger(&db, &["labels", "--template", "avery-l7160", "--format", "zpl", "--out", bad.to_str().unwrap()]);
    assert!(text(&sheet_zpl.stderr).contains("sheet template"), "{}", text(&sheet_zpl.stderr));
    let nothing = tagledger(
        &db,
        &["labels", "--template", "avery-l7160", "--search", "no-such-asset-anywhere", "--out", bad.to_str().unwrap()],
    );
    assert!(text(&nothing.stderr).contains("nothing to print"), "{}", text(&nothing.stderr));
    assert!(!bad.exists());

    // The register report of a filter.
    let report = dir.path().join("register.pdf");
    let out = tagledger(&db, &["report", "register", "--category", "laptops", "--out", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf_text = text(&Command::new("pdftotext").arg(&report).arg("-").output().unwrap().stdout);
    assert!(pdf_text.contains("Asset register") && pdf_text.contains("Category: Laptops"), "{pdf_text}");
    assert!(pdf_text.contains("Page 1 of"));
}

#[test]
fn backup_check_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    assert!(tagledger(&db, &["demo", "--stock-items", "0", "--assets", "50", "--people", "10"]).status.success());
    let copy = dir.path().join("copy.db");
    let out = tagledger(&db, &["backup", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("backed up 50 assets"));
    assert!(tagledger(&copy, &["check"]).status.success());

    // Change the live database, then restore: asked first, then done with a safety copy.
    let csv = dir.path().join("one.csv");
    std::fs::write(&csv, "tag,name,category,location,status\nNEW-1,New laptop,Laptops,London HQ,deployable\n").unwrap();
    assert!(tagledger(&db, &["import", "assets", csv.to_str().unwrap()]).status.success());
    let asked = tagledger(&db, &["restore", copy.to_str().unwrap()]);
    assert!(!asked.status.success() && text(&asked.stderr).contains("--yes"));
    assert!(text(&asked.stdout).contains("50 assets"), "shows what the backup holds first");
    let out = tagledger(&db, &["restore", copy.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&tagledger(&db, &["asset", "show", "NEW-1"]).stdout).contains("New laptop"));
    let safety: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("live.before-restore-"))
        .collect();
    assert_eq!(safety.len(), 1, "{safety:?}");

    // A damaged file is reported, not trusted.
    let mut bytes = std::fs::read(&copy).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 2..len / 2 + 4096] {
        *b = 0x5A;
    }
    std::fs::write(&copy, bytes).unwrap();
    let out = tagledger(&copy, &["check"]);
    assert!(!out.status.success(), "{}", text(&out.stdout));
}

/// A register with one laptop (LAP-1), one dock (DOCK-1) and one person, made through core.
fn small_register(db: &Path) {
    use tagledger_core::{assets::AssetInput, reference, store, Change};
    let mut conn = store::open(db).unwrap();
    let c = Change::now("setup");
    tagledger_core::write(&mut conn, |tx| {
        let laptops = reference::create_category(tx, &c, "Laptops", &[])?;
        let site = reference::create_location(tx, &c, None, "HQ")?;
        let store_room = reference::create_location(tx, &c, Some(site), "Store")?;
        reference::create_person(
            tx,
            &c,
            &reference::Person {
                id: 0,
                name: "Zoë Müller".into(),
                email: Some("zoe@example.org".into()),
                department: None,
                employee_number: None,
            },
        )?;
        for (tag, name) in [("LAP-1", "Laptop"), ("DOCK-1", "Dock")] {
            let input = AssetInput {
                tag: Some(tag.into()),
                name: name.into(),
                category_id: Some(laptops),
                location_id: Some(store_room),
                ..Default::default()
            };
            tagledger_core::assets::create(tx, &c, &input)?;
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn check_out_with_a_receipt_overdue_check_in_and_dispose() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("life.db");
    small_register(&db);
    let receipt = dir.path().join("receipt.pdf");
    let out = tagledger(
        &db,
        &["checkout", "LAP-1", "--person", "zoe@example.org", "--on", "2026-01-02", "--due", "2026-01-31", "--receipt"],
    );
    assert!(!out.status.success(), "--receipt needs a file");
    let out = tagledger(
        &db,
        &[
            "checkout",
            "LAP-1",
            "--person",
            "zoe@example.org",
            "--on",
            "2026-01-02",
            "--due",
            "2026-01-31",
            "--receipt",
            receipt.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("checked out LAP-1 to Zoë Müller"));
    assert!(std::fs::read(&receipt).unwrap().starts_with(b"%PDF"));
    let out = tagledger(&db, &["checkout", "DOCK-1", "--with", "LAP-1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = tagledger(&db, &["overdue", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "the dock has no due date");
    assert_eq!(rows[0]["checkout"]["assetTag"], "LAP-1");
    assert!(rows[0]["daysOverdue"].as_i64().unwrap() > 0);

    // Disposal of a checked-out asset is refused with what to do.
    let out = tagledger(&db, &["dispose", "LAP-1", "--method", "recycle"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("check it in before disposing of it"), "{}", text(&out.stderr));

    let out = tagledger(&db, &["checkin", "LAP-1", "--condition", "faulty", "--location", "HQ > Store"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("it is now in repair"), "{}", text(&out.stdout));
    let out =
        tagledger(&db, &["dispose", "LAP-1", "--method", "resale", "--proceeds", "120.00", "--certificate", "C-9"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&tagledger(&db, &["asset", "show", "LAP-1"]).stdout);
    assert!(shown.contains("status  disposed"), "{shown}");
    for action in ["checked out", "checked in", "disposed"] {
        assert!(shown.contains(action), "history has {action}:\n{shown}");
    }
}

#[test]
fn verify_log_passes_then_names_the_event_edited_behind_its_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    small_register(&db);
    let out = tagledger(&db, &["verify-log"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("history intact: 6 events verified"), "{}", text(&out.stdout));

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER events_append_only_update; UPDATE events SET actor = 'mallory' WHERE id = 4;")
        .unwrap();
    drop(conn);
    let out = tagledger(&db, &["verify-log", "--json"]);
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["broken"]["eventId"], 4);
    assert_eq!(report["checked"], 3);
    assert!(text(&out.stderr).contains("the history is broken at event 4: event 4 ("), "{}", text(&out.stderr));
}

/// Site › Block › Room 1 and Room 2, and an Elsewhere site; laptops (straight-line over
/// 36 months, 10% salvage, audited every 12 months) and a monitor (not depreciated):
/// LAP-1 and LAP-2 in Room 1, LAP-3 and MON-1 (serial SN-MON-1) in Room 2, OUT-1 Elsewhere.
fn audit_register(db: &Path) {
    use tagledger_core::assets::AssetInput;
    use tagledger_core::depreciation::{self, CategoryPolicyInput, DepreciationMethod};
    use tagledger_core::{reference, store, Change};
    let mut conn = store::open(db).unwrap();
    let c = Change::now("setup");
    tagledger_core::write(&mut conn, |tx| {
        let laptops = reference::create_category(tx, &c, "Laptops", &[])?;
        let monitors = reference::create_category(tx, &c, "Monitors", &[])?;
        let policy = CategoryPolicyInput {
            method: DepreciationMethod::StraightLine,
            useful_life_months: Some(36),
            salvage_percent: "10".into(),
            declining_factor_percent: None,
            audit_interval_months: Some(12),
        };
        depreciation::set_policy(tx, &c, laptops, &policy)?;
        let site = reference::create_location(tx, &c, None, "Site")?;
        let block = reference::create_location(tx, &c, Some(site), "Block")?;
        let room1 = reference::create_location(tx, &c, Some(block), "Room 1")?;
        let room2 = reference::create_location(tx, &c, Some(block), "Room 2")?;
        let elsewhere = reference::create_location(tx, &c, None, "Elsewhere")?;
        let assets = [
            ("LAP-1", None, laptops, room1, Some(("1200.00", "2025-01-15"))),
            ("LAP-2", None, laptops, room1, None),
            ("LAP-3", None, laptops, room2, None),
            ("MON-1", Some("SN-MON-1"), monitors, room2, Some(("300.00", "2025-03-01"))),
            ("OUT-1", None, laptops, elsewhere, None),
        ];
        for (tag, serial, category, location, bought) in assets {
            let input = AssetInput {
                tag: Some(tag.into()),
                serial: serial.map(Into::into),
                name: format!("{tag} device"),
                category_id: Some(category),
                location_id: Some(location),
                purchase_cost: bought.map(|(cost, _)| cost.into()),
                purchase_date: bought.map(|(_, on)| on.into()),
                purchase_currency: bought.map(|_| "EUR".into()),
                ..Default::default()
            };
            tagledger_core::assets::create(tx, &c, &input)?;
        }
        Ok(())
    })
    .unwrap();
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn a_full_audit_from_start_to_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    audit_register(&db);

    let due = json(&tagledger(&db, &["audit", "due", "--json"]));
    assert_eq!(due[0]["categoryName"], "Laptops");
    assert_eq!(due[0]["due"], 4, "{due}");

    let started = json(&tagledger(&db, &["audit", "start", "--name", "Spring", "--location", "Site", "--json"]));
    assert_eq!(started["expected"], 4, "LAP-1..3 and MON-1: {started}");
    assert_eq!(started["scope"], "Site; all categories");
    let id = started["id"].as_i64().unwrap().to_string();
    let id = id.as_str();

    // Right room, wrong room, a code the register does not know, an asset from elsewhere.
    let out = tagledger(&db, &["audit", "scan", id, "--room", "Room 1", "LAP-1", "NEW-99", "OUT-1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("LAP-1 LAP-1 device — found"), "{stdout}");
    assert!(stdout.contains("NEW-99 — not in the register"), "{stdout}");
    assert!(stdout.contains("OUT-1 OUT-1 device — out of scope: register says Elsewhere"), "{stdout}");
    let results = json(&tagledger(&db, &["audit", "scan", id, "--room", "Site > Block > Room 2", "LAP-2", "--json"]));
    assert_eq!(results[0]["outcome"], "moved");
    assert_eq!(results[0]["message"], "LAP-2 LAP-2 device — moved: register says Room 1");
    assert_eq!(results[0]["summary"]["moved"], 1);

    // A batch file with a bad line is refused whole, naming the line and column.
    let file = dir.path().join("scanner.txt");
    std::fs::write(&file, "# CS3070 export\nSN-MON-1,2026-01-02 10:11:12\nLAP 3\n").unwrap();
    let out = tagledger(&db, &["audit", "load", id, "--room", "Room 2", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 3, column 4: contains a space; a code is one word"), "{stderr}");
    assert!(stderr.contains("nothing was recorded"), "{stderr}");
    let shown = json(&tagledger(&db, &["audit", "show", id, "--json"]));
    assert_eq!((shown["summary"]["found"].as_i64(), shown["summary"]["missing"].as_i64()), (Some(1), Some(2)));
    // Not UTF-8: refused with what to do, nothing recorded.
    std::fs::write(&file, b"SN-MON-1\nLAP-\xff3\n").unwrap();
    let out = tagledger(&db, &["audit", "load", id, "--room", "Room 2", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("is not UTF-8 text (line 2"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("save it as UTF-8"), "{}", text(&out.stderr));

    std::fs::write(&file, "# CS3070 export\r\nSN-MON-1,2026-01-02 10:11:12\r\n\r\nLAP-1\r\n").unwrap();
    let out = tagledger(&db, &["audit", "load", id, "--room", "Room 2", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 scanned, 1 already scanned"), "{}", text(&out.stdout));

    let shown = json(&tagledger(&db, &["audit", "show", id, "--findings", "missing", "--json"]));
    let s = &shown["summary"];
    let counts: Vec<_> = ["expected", "found", "moved", "missing", "unexpected", "unresolved"]
        .iter()
        .map(|k| s[k].as_i64().unwrap())
        .collect();
    assert_eq!(counts, [4, 2, 1, 1, 2, 4], "{shown}");
    let missing = shown["findings"].as_array().unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["code"], "LAP-3");
    let listed = text(&tagledger(&db, &["audit", "show", id, "--findings", "moved"]).stdout);
    assert!(listed.contains("LAP-2") && listed.contains("scanned at Site › Block › Room 2"), "{listed}");
    assert!(!listed.contains("LAP-3"), "{listed}");

    // Resolutions: each must fit its finding.
    let out = tagledger(&db, &["audit", "resolve", id, "LAP-1", "--mark-lost"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("only a missing asset can be marked lost"), "{}", text(&out.stderr));
    let out = tagledger(&db, &["audit", "resolve", id, "LAP-2"]);
    assert!(!out.status.success(), "a resolution is required");
    let out = tagledger(&db, &["audit", "resolve", id, "LAP-2", "--update-location"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("resolved LAP-2 (moved): location updated"), "{}", text(&out.stdout));
    let asset = json(&tagledger(&db, &["asset", "show", "LAP-2", "--json"]));
    assert_eq!(asset["asset"]["locationName"], "Room 2", "was Room 1: {asset}");
    let out = tagledger(&db, &["audit", "resolve", id, "LAP-3", "--mark-lost", "--note", "not seen since March"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = tagledger(&db, &["audit", "resolve", id, "NEW-99", "--ignore"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--note: say why this finding is ignored"), "{}", text(&out.stderr));
    let out = tagledger(&db, &["audit", "resolve", id, "NEW-99", "--ignore", "--note", "a visitor's laptop"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = tagledger(&db, &["audit", "close", id, "--auditor", "Ana Auditor"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("signed off by Ana Auditor"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("1 unresolved"), "OUT-1: {}", text(&out.stdout));
    let audits = json(&tagledger(&db, &["audit", "list", "--json"]));
    assert_eq!(audits.as_array().unwrap().len(), 1);
    assert_eq!(audits[0]["auditor"], "Ana Auditor");
    // Closing audited LAP-1 and LAP-2; LAP-3 is lost now, and OUT-1 was out of scope.
    let due = json(&tagledger(&db, &["audit", "due", "--json"]));
    assert_eq!((due[0]["due"].as_i64(), due[0]["neverAudited"].as_i64()), (Some(1), Some(1)), "{due}");

    let report = dir.path().join("audit.pdf");
    let out = tagledger(&db, &["report", "audit", id, "--out", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(2 found, 1 moved, 1 missing, 2 unexpected)"), "{}", text(&out.stdout));
    let pdf = pdf_text(&report);
    for want in ["Physical audit", "Found (2)", "Moved (1)", "Missing (1)", "Unexpected (2)", "Ana Auditor"] {
        assert!(pdf.contains(want), "{want} in:\n{pdf}");
    }
    assert!(pdf.contains("Marked lost: not seen since March"), "{pdf}");
    // The note column wraps: look for its parts.
    for want in ["Location updated", "Not in the register;", "ignored: a visitor's laptop", "Out of scope; unresolved"]
    {
        assert!(pdf.contains(want), "{want} in:\n{pdf}");
    }
}

#[test]
fn audit_mistakes_exit_non_zero_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mistakes.db");
    audit_register(&db);
    let fails = |args: &[&str], message: &str| {
        let out = tagledger(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains(message), "{args:?}: {}", text(&out.stderr));
    };
    let report = dir.path().join("nope.pdf");
    fails(&["audit", "show", "99"], "audit 99 not found");
    fails(&["audit", "scan", "99", "--room", "Room 1", "LAP-1"], "audit 99 not found");
    fails(&["report", "audit", "99", "--out", report.to_str().unwrap()], "audit 99 not found");
    assert!(!report.exists());
    fails(&["audit", "start", "--name", "Everything"], "say what to audit: --location, --category or both");
    fails(&["audit", "start", "--name", "X", "--category", "Phones"], "no category called 'Phones'");
    fails(&["audit", "start", "--name", " ", "--category", "Laptops"], "--name: is required");

    let started = json(&tagledger(&db, &["audit", "start", "--name", "Block", "--location", "Block", "--json"]));
    let id = started["id"].as_i64().unwrap().to_string();
    let id = id.as_str();
    fails(&["audit", "scan", id, "--room", "Attic", "LAP-1"], "no location called 'Attic'");
    fails(&["audit", "scan", id, "--room", "Elsewhere", "LAP-1"], "Elsewhere is outside this audit's scope");
    // A bad code refuses the whole command: the good code before it is not recorded.
    fails(&["audit", "scan", id, "--room", "Room 1", "LAP-1", "BAD\u{7}"], "nothing was recorded");
    let shown = json(&tagledger(&db, &["audit", "show", id, "--json"]));
    assert_eq!(shown["summary"]["found"], 0, "{shown}");
    fails(
        &["audit", "resolve", id, "NOPE", "--ignore", "--note", "x"],
        "a finding with code NOPE in this audit not found",
    );

    assert!(tagledger(&db, &["audit", "scan", id, "--room", "Room 1", "LAP-1"]).status.success());
    fails(&["audit", "close", id, "--auditor", ""], "--auditor: is required");
    assert!(tagledger(&db, &["audit", "close", id, "--auditor", "Ana"]).status.success());
    fails(&["audit", "scan", id, "--room", "Room 1", "LAP-2"], "was closed on");
    let file = dir.path().join("late.txt");
    std::fs::write(&file, "LAP-2\n").unwrap();
    fails(&["audit", "load", id, "--room", "Room 1", file.to_str().unwrap()], "start a new audit to scan again");
    fails(&["audit", "close", id, "--auditor", "Ana"], "was closed on");
    let shown = json(&tagledger(&db, &["audit", "show", id, "--json"]));
    assert_eq!((shown["summary"]["found"].as_i64(), shown["summary"]["moved"].as_i64()), (Some(1), Some(0)));

    let out = tagledger(&db, &["depreciation", "totals", "--at", "31/12/2025"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("'31/12/2025' is not a date; use YYYY-MM-DD"), "{}", text(&out.stderr));
    fails(&["depreciation", "show", "NOPE"], "no asset with tag or serial 'NOPE'");
}

#[test]
fn depreciation_schedule_totals_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dep.db");
    audit_register(&db);

    // LAP-1: 1,200.00 less 10% salvage over 36 months, from January 2025.
    let out = tagledger(&db, &["depreciation", "show", "LAP-1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Straight-line over 36 months") && stdout.contains("120.00 EUR"), "{stdout}");
    let minor = |s: &str| -> i64 { s.replace('.', "").parse().unwrap_or_else(|_| panic!("{s} in {stdout}")) };
    let months: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|cols| cols.first().is_some_and(|c| c.len() == 10 && c.starts_with("20")))
        .collect();
    assert_eq!(months.len(), 36, "{stdout}");
    assert_eq!(months[0], ["2025-01-31", "30.00", "30.00", "1170.00"]);
    assert_eq!(months[35][0], "2027-12-31");
    assert_eq!(months.iter().map(|m| minor(m[1])).sum::<i64>(), 120_000 - 12_000, "sums to cost − salvage");
    assert_eq!(minor(months[35][2]), 108_000);
    assert_eq!(minor(months[35][3]), 12_000, "ends at salvage");

    let schedule = json(&tagledger(&db, &["depreciation", "show", "LAP-1", "--json"]));
    assert_eq!(schedule["lines"].as_array().unwrap().len(), 36);
    let out = tagledger(&db, &["depreciation", "show", "SN-MON-1"]);
    assert!(text(&out.stdout).contains("not depreciated"), "{}", text(&out.stdout));
    assert!(text(&tagledger(&db, &["depreciation", "show", "LAP-2"]).stdout).contains("no purchase cost"));

    // At the end of 2025: twelve months of LAP-1, MON-1 at cost.
    let totals = json(&tagledger(&db, &["depreciation", "totals", "--at", "2025-12-31", "--json"]));
    let rows = totals["categories"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{totals}");
    assert_eq!((rows[0]["categoryName"].as_str(), rows[0]["bookValueMinor"].as_i64()), (Some("Laptops"), Some(84_000)));
    assert_eq!(rows[0]["accumulatedMinor"], 36_000);
    assert_eq!(
        (rows[1]["categoryName"].as_str(), rows[1]["bookValueMinor"].as_i64()),
        (Some("Monitors"), Some(30_000))
    );
    let table = text(&tagledger(&db, &["depreciation", "totals", "--at", "2025-12-31"]).stdout);
    assert!(table.contains("840.00") && table.contains("360.00"), "{table}");
    // Before MON-1 was bought only LAP-1 counts.
    let early = json(&tagledger(&db, &["depreciation", "totals", "--at", "2025-02-28", "--json"]));
    assert_eq!(early["categories"].as_array().unwrap().len(), 1, "{early}");

    let report = dir.path().join("depreciation.pdf");
    let out = tagledger(&db, &["report", "depreciation", "--at", "2025-12-31", "--out", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("at 2025-12-31 (2 assets in 2 categories)"), "{}", text(&out.stdout));
    let pdf = pdf_text(&report);
    for want in ["Depreciation", "2025-12-31", "Laptops", "Straight-line", "840.00", "Monitors", "300.00", "LAP-1"] {
        assert!(pdf.contains(want), "{want} in:\n{pdf}");
    }
    // Today by default.
    let out = tagledger(&db, &["report", "depreciation", "--out", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let today = chrono::Local::now().date_naive().to_string();
    assert!(text(&out.stdout).contains(&format!("at {today}")), "{}", text(&out.stdout));
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    // `tagledger … | head -1`: stdout closes after the first line.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pipe.db");
    assert!(tagledger(&db, &["demo", "--stock-items", "0", "--assets", "2000", "--people", "20"]).status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tagledger"))
        .arg("--db")
        .arg(&db)
        .args(["depreciation", "totals"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is read
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "exit {:?}: {}", out.status, text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
}
