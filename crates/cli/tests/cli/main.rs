//! The `tagledger` binary, run as a user would: exit codes, messages, files.

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
    assert!(tagledger(&db, &["demo", "--assets", "60", "--people", "10"]).status.success());

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
    assert!(tagledger(&db, &["demo", "--assets", "50", "--people", "10"]).status.success());
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
