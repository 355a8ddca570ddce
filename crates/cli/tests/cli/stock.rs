//! `stock`, `po`, `receive`, `scorecard` and the stock reports, run as a user would.

use std::path::Path;

use super::{json, pdf_text, tagledger, text};

/// Locations Site › Store and Site › Annex, suppliers Acme Supplies and Consign Co, Ana
/// Example and the monitor model Dell P2425: what the CLI cannot create itself.
fn stock_register(db: &Path) {
    use tagledger_core::reference::{self, Person};
    use tagledger_core::{store, Change};
    let mut conn = store::open(db).unwrap();
    let c = Change::now("setup");
    tagledger_core::write(&mut conn, |tx| {
        let site = reference::create_location(tx, &c, None, "Site")?;
        reference::create_location(tx, &c, Some(site), "Store")?;
        reference::create_location(tx, &c, Some(site), "Annex")?;
        reference::create_supplier(tx, &c, "Acme Supplies", None, Some("orders@acme.example"), None)?;
        reference::create_supplier(tx, &c, "Consign Co", None, None, None)?;
        let ana = Person {
            id: 0,
            name: "Ana Example".into(),
            email: Some("ana@example.org".into()),
            department: None,
            employee_number: None,
        };
        reference::create_person(tx, &c, &ana)?;
        let monitors = reference::create_category(tx, &c, "Monitors", &[])?;
        reference::create_model(tx, &c, "Dell P2425", None, Some(monitors), None)?;
        Ok(())
    })
    .unwrap();
}

/// Runs a command that must succeed and returns its stdout.
fn ok(db: &Path, args: &[&str]) -> String {
    let out = tagledger(db, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Runs a command that must fail with exit code 1 and returns its stderr.
fn fails(db: &Path, args: &[&str]) -> String {
    let out = tagledger(db, args);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out.stdout));
    text(&out.stderr)
}

/// Runs a command that clap refuses (exit code 2, its usage error) and returns its stderr.
fn misused(db: &Path, args: &[&str]) -> String {
    let out = tagledger(db, args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stdout));
    text(&out.stderr)
}

#[test]
fn reorder_to_purchase_order_to_receipts_to_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("flow.db");
    stock_register(&db);
    let db = db.as_path();

    ok(db, &["stock", "add", "--sku", "TON-1", "--name", "Toner black"]);
    let out = ok(
        db,
        &[
            "stock",
            "offer",
            "TON-1",
            "--supplier",
            "acme supplies",
            "--price",
            "12.50",
            "--lead-days",
            "7",
            "--preferred",
        ],
    );
    assert_eq!(
        out,
        "added Acme Supplies's offer for TON-1 Toner black: 12.50 EUR, lead 7 days, min 1, pack 1, preferred\n"
    );
    let out =
        ok(db, &["stock", "reorder", "TON-1", "--location", "Store", "--point", "5", "--safety", "2", "--up-to", "12"]);
    assert_eq!(out, "TON-1 at Site › Store: reorder at 5, safety stock 2, order up to 12, reserved 0\n");
    let out = ok(db, &["stock", "receive", "TON-1", "2", "--location", "Store", "--cost", "12.00"]);
    assert_eq!(out, "received 2 × TON-1 Toner black at Store (ours); 2 on hand there\n");

    // 2 available at a reorder point of 5: order up to 12, so 10 at 12.50.
    let suggested = json(&tagledger(db, &["stock", "suggestions", "--json"]));
    let list = suggested.as_array().unwrap();
    assert_eq!(list.len(), 1, "{suggested}");
    assert_eq!(list[0]["itemSku"], "TON-1");
    assert_eq!((list[0]["available"].as_i64(), list[0]["suggestedQty"].as_i64()), (Some(2), Some(10)));
    assert_eq!(list[0]["supplierName"], "Acme Supplies");
    assert_eq!(list[0]["lineValue"]["minor"], 12_500);

    let out = ok(db, &["po", "from-suggestions", "--all"]);
    assert_eq!(out, "drafted PO-000001 to Acme Supplies for delivery to Site › Store: 1 line, 125.00 EUR\n");
    let suggested = json(&tagledger(db, &["stock", "suggestions", "--json"]));
    assert_eq!(suggested[0]["onDraft"], 10, "a draft is shown, not counted: {suggested}");
    assert_eq!(ok(db, &["po", "approve", "po-000001"]), "approved PO-000001\n");
    // Sent on 2 March with a quoted lead time of 7 days: promised for 9 March.
    let out = ok(db, &["po", "send", "PO-000001", "--on", "2026-03-02"]);
    assert_eq!(out, "sent PO-000001 on 2026-03-02; promised 2026-03-09\n");
    let suggested = json(&tagledger(db, &["stock", "suggestions", "--json"]));
    assert_eq!(suggested, serde_json::json!([]), "10 on order lifts available to 12");

    let out = ok(db, &["receive", "PO-000001", "--on", "2026-03-05", "--line", "1:6", "--note", "DN-1"]);
    assert_eq!(
        out,
        "received GR-000001 against PO-000001 on 2026-03-05 at Site › Store: line 1 TON-1 6 accepted; \
         PO-000001 is now partially received\n"
    );
    // No --line: the 4 still outstanding.
    let out = ok(db, &["receive", "PO-000001", "--on", "2026-03-12"]);
    assert_eq!(
        out,
        "received GR-000002 against PO-000001 on 2026-03-12 at Site › Store: line 1 TON-1 4 accepted; \
         PO-000001 is now received\n"
    );
    let shown = json(&tagledger(db, &["po", "show", "PO-000001", "--json"]));
    assert_eq!(shown["order"]["status"], "received");
    let line = &shown["order"]["lines"][0];
    assert_eq!((line["receivedQty"].as_i64(), line["outstandingQty"].as_i64()), (Some(10), Some(0)));
    assert_eq!((line["promisedOn"].as_str(), line["completedOn"].as_str()), (Some("2026-03-09"), Some("2026-03-12")));
    assert_eq!(shown["receipts"].as_array().unwrap().len(), 2);
    assert_eq!(shown["receipts"][0]["deliveryNote"], "DN-1");
    let item = json(&tagledger(db, &["stock", "show", "TON-1", "--json"]));
    assert_eq!(item["balances"][0]["owned"], 12, "2 + 6 + 4: {item}");
    assert_eq!(item["ledger"].as_array().unwrap().len(), 3);
    let table = ok(db, &["po", "show", "PO-000001"]);
    assert!(table.contains("GR-000002 on 2026-03-12 at Site › Store: line 1 4 accepted"), "{table}");
    let listed = json(&tagledger(db, &["po", "list", "--status", "received", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(json(&tagledger(db, &["po", "list", "--status", "sent", "--json"])), serde_json::json!([]));

    // Promised 9 March, complete 12 March: in full, not on time. Lead time 10 days, 3
    // slower than quoted. Score = (30 × 0 + 25 × 100 + 15 × 70 + 15 × 100 + 15 × 100) ÷ 100.
    let march = ["--from", "2026-03-01", "--to", "2026-03-31"];
    let cards = json(&tagledger(db, &[&["scorecard", "--json"][..], &march].concat()));
    let card = &cards["suppliers"][0];
    assert_eq!(cards["suppliers"].as_array().unwrap().len(), 1, "{cards}");
    assert_eq!(card["supplierName"], "Acme Supplies");
    assert_eq!(card["linesDue"], 1);
    assert_eq!(card["onTimeRate"].as_f64(), Some(0.0));
    assert_eq!(card["inFullRate"].as_f64(), Some(1.0));
    assert_eq!(card["otifRate"].as_f64(), Some(0.0));
    assert_eq!(card["avgLeadDays"].as_f64(), Some(10.0));
    assert_eq!(card["avgLeadDaysVsQuote"].as_f64(), Some(3.0));
    assert_eq!(card["score"].as_f64(), Some(65.5));
    assert_eq!(card["grade"], "C");
    let one = json(&tagledger(db, &[&["scorecard", "--supplier", "Acme Supplies", "--json"][..], &march].concat()));
    assert_eq!(one["scorecard"]["score"].as_f64(), Some(65.5));
    assert_eq!(one["months"].as_array().unwrap().len(), 1, "{one}");
    let words = ok(db, &[&["scorecard", "--supplier", "Acme Supplies"][..], &march].concat());
    assert!(words.contains("grade C, score 65.5") && words.contains("On time: 0.0% (0 of 1 line)"), "{words}");
    let ranking = ok(db, &[&["scorecard"][..], &march].concat());
    assert!(ranking.contains("Acme Supplies") && ranking.contains("65.5"), "{ranking}");
    // February: nothing was due.
    let feb = json(&tagledger(db, &["scorecard", "--from", "2026-02-01", "--to", "2026-02-28", "--json"]));
    assert_eq!(feb["suppliers"], serde_json::json!([]));

    let pdf = dir.path().join("scorecard.pdf");
    let out = ok(db, &[&["report", "scorecard", "Acme Supplies", "--out", pdf.to_str().unwrap()][..], &march].concat());
    assert!(out.contains("(grade C)"), "{out}");
    let words = pdf_text(&pdf);
    for want in ["Supplier scorecard", "Acme Supplies", "On time: 0.0% (0 of 1 line)", "In full: 100.0% (1 of 1 line)"]
    {
        assert!(words.contains(want), "{want} in:\n{words}");
    }
    let pdf = dir.path().join("po.pdf");
    let out = ok(db, &["report", "po", "PO-000001", "--out", pdf.to_str().unwrap()]);
    assert!(out.starts_with("wrote PO-000001 (1 line, 125.00 EUR)"), "{out}");
    let words = pdf_text(&pdf);
    for want in ["PO-000001", "TON-1", "Acme Supplies", "125.00"] {
        assert!(words.contains(want), "{want} in:\n{words}");
    }
    let pdf = dir.path().join("count.pdf");
    let out = ok(db, &["report", "count-sheet", "Store", "--out", pdf.to_str().unwrap()]);
    assert!(out.starts_with("wrote the count sheet of Site › Store (1 line)"), "{out}");
    let words = pdf_text(&pdf);
    let row = |words: &str| words.lines().find(|l| l.contains("TON-1")).unwrap_or_default().to_string();
    assert!(row(&words).contains("Toner black") && row(&words).contains(" 12 "), "{words}");
    assert!(words.contains("Expect"), "{words}");
    // A blind sheet leaves the expected quantity (12) for the counter to find.
    let out = ok(db, &["report", "count-sheet", "Site > Store", "--blind", "--out", pdf.to_str().unwrap()]);
    assert!(out.starts_with("wrote the blind count sheet of Site › Store"), "{out}");
    let words = pdf_text(&pdf);
    assert!(row(&words).contains("Toner black") && !row(&words).contains(" 12 "), "{words}");
    assert!(!words.contains("Expect"), "{words}");
}

#[test]
fn orders_by_hand_rejections_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orders.db");
    stock_register(&db);
    let db = db.as_path();
    ok(db, &["stock", "add", "--sku", "KB-1", "--name", "Keyboard", "--barcode", "4006381333931"]);
    ok(db, &["stock", "offer", "KB-1", "--supplier", "Acme Supplies", "--price", "20", "--lead-days", "5"]);

    let err = fails(db, &["po", "create", "--supplier", "Acme Supplies", "--deliver-to", "Store", "--line", "KB-1"]);
    assert!(err.contains("--line 'KB-1': write SKU:QTY or SKU:QTY:PRICE"), "{err}");
    let err = fails(db, &["po", "create", "--supplier", "Nobody", "--deliver-to", "Store", "--line", "KB-1:2"]);
    assert!(err.contains("no supplier called 'Nobody'"), "{err}");
    let err = fails(db, &["po", "create", "--supplier", "Acme Supplies", "--deliver-to", "Store", "--line", "ZZ:2"]);
    assert!(err.contains("no stock item with SKU or barcode 'ZZ' nor asset model called 'ZZ'"), "{err}");

    // The barcode finds the item; a blank price takes the offer (20.00); one at 18.00.
    let out = ok(
        db,
        &[
            "po",
            "create",
            "--supplier",
            "Acme Supplies",
            "--deliver-to",
            "Site > Store",
            "--line",
            "4006381333931:3",
            "--line",
            "KB-1:2:18.00",
            "--freight",
            "15.00",
        ],
    );
    assert_eq!(out, "drafted PO-000001 to Acme Supplies for delivery to Site › Store: 2 lines, 111.00 EUR\n");
    let err = fails(db, &["receive", "PO-000001", "--line", "1:3"]);
    assert!(err.contains("PO-000001 is a draft: approve and send it before receiving"), "{err}");
    ok(db, &["po", "approve", "PO-000001"]);
    ok(db, &["po", "send", "PO-000001", "--on", "2026-04-01"]);
    let err = fails(db, &["receive", "PO-000001", "--on", "2026-03-31", "--line", "1:3"]);
    assert!(err.contains("received on: is before PO-000001 was sent (2026-04-01)"), "{err}");
    let err = fails(db, &["receive", "PO-000001", "--on", "2026-04-03", "--line", "1:2:1"]);
    assert!(err.contains("line 1 rejection reason: is required"), "{err}");
    let err = fails(db, &["receive", "PO-000001", "--on", "2026-04-03", "--line", "7:1"]);
    assert!(err.contains("PO-000001 has no line 7"), "{err}");

    // Line 1: 2 accepted, 1 rejected as damaged (the reason may hold colons).
    let out = ok(
        db,
        &["receive", "PO-000001", "--on", "2026-04-03", "--line", "1:2:1:damaged: box crushed", "--location", "Annex"],
    );
    assert!(out.contains("line 1 KB-1 2 accepted, 1 rejected; PO-000001 is now partially received"), "{out}");
    // Its share of the 15.00 freight: accepted value 40.00 of 96.00 → ⌊15.00 × 40 ÷ 96⌋ = 6.25.
    assert!(out.contains("freight on this receipt: 6.25 EUR"), "{out}");
    let item = json(&tagledger(db, &["stock", "show", "KB-1", "--json"]));
    assert_eq!(item["balances"][0]["locationName"], "Site › Annex");
    assert_eq!(item["balances"][0]["owned"], 2, "rejected units are never stocked: {item}");

    let err = fails(db, &["po", "cancel", "PO-000001", "--reason", "too slow"]);
    assert!(err.contains("PO-000001 is partially received"), "{err}");
    assert_eq!(ok(db, &["po", "close", "PO-000001"]), "closed PO-000001; 3 units no longer expected\n");
    let shown = json(&tagledger(db, &["po", "show", "PO-000001", "--json"]));
    assert_eq!(shown["order"]["lines"][1]["outstandingQty"], 0, "closing gives up the rest");

    ok(db, &["po", "create", "--supplier", "Acme Supplies", "--deliver-to", "Store", "--line", "KB-1:1"]);
    assert_eq!(ok(db, &["po", "cancel", "PO-000002", "--reason", "ordered twice"]), "cancelled PO-000002\n");
    let cancelled = json(&tagledger(db, &["po", "list", "--status", "cancelled", "--json"]));
    assert_eq!(cancelled.as_array().unwrap().len(), 1);
    assert_eq!(cancelled[0]["number"], "PO-000002");
    let err = misused(db, &["po", "list", "--status", "lost"]);
    assert!(err.contains("'lost' is not a status"), "{err}");
    let err = fails(db, &["po", "show", "PO-000099"]);
    assert!(err.contains("not found"), "{err}");

    // An asset model line: received units become assets, with the serials given.
    let err =
        fails(db, &["po", "create", "--supplier", "Acme Supplies", "--deliver-to", "Store", "--line", "Dell P2425:2"]);
    assert!(err.contains("line 1 unit price: is required"), "{err}");
    ok(db, &["po", "create", "--supplier", "Acme Supplies", "--deliver-to", "Store", "--line", "dell p2425:2:250.00"]);
    ok(db, &["po", "approve", "PO-000003"]);
    ok(db, &["po", "send", "PO-000003", "--on", "2026-05-04"]);
    let err = fails(db, &["receive", "PO-000003", "--on", "2026-05-06", "--serials", "1:SN-1"]);
    assert!(err.contains("give one serial number per accepted unit (2) or none; 1 given"), "{err}");
    let out = ok(db, &["receive", "PO-000003", "--on", "2026-05-06", "--serials", "1:SN-1,SN-2"]);
    assert!(out.contains("line 1 Dell P2425 2 accepted; PO-000003 is now received"), "{out}");
    assert!(out.contains("new assets from line 1: AT-000001 (SN-1), AT-000002 (SN-2)"), "{out}");
    let asset = json(&tagledger(db, &["asset", "show", "SN-2", "--json"]));
    assert_eq!(
        (asset["asset"]["tag"].as_str(), asset["asset"]["name"].as_str()),
        (Some("AT-000002"), Some("Dell P2425"))
    );
    assert_eq!(asset["asset"]["purchaseCost"]["minor"], 25_000);
}

#[test]
fn issues_stockouts_movements_and_consignment_usage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stock.db");
    stock_register(&db);
    let db = db.as_path();
    ok(db, &["stock", "add", "--sku", "KB-1", "--name", "Keyboard"]);
    ok(db, &["stock", "receive", "KB-1", "3", "--location", "Store"]);

    // More than is on hand: refused, nothing issued, and the 2 short recorded.
    let err = fails(
        db,
        &[
            "stock",
            "issue",
            "KB-1",
            "5",
            "--location",
            "Store",
            "--person",
            "ana@example.org",
            "--reason",
            "new starter",
        ],
    );
    assert!(
        err.contains(
            "cannot issue 5 × KB-1 Keyboard at Site › Store: only 3 on hand; the shortfall of 2 is recorded as a stockout"
        ),
        "{err}"
    );
    let stockouts = json(&tagledger(db, &["stock", "stockouts", "--json"]));
    assert_eq!(stockouts.as_array().unwrap().len(), 1, "{stockouts}");
    assert_eq!((stockouts[0]["itemSku"].as_str(), stockouts[0]["demandUnmet"].as_i64()), (Some("KB-1"), Some(2)));
    assert_eq!(stockouts[0]["locationName"], "Store");
    let err = misused(db, &["stock", "issue", "KB-1", "1", "--location", "Store", "--reason", "x"]);
    assert!(err.contains("--person <PERSON>|--to <DEPT>"), "a recipient is required: {err}");

    let out = ok(
        db,
        &["stock", "issue", "KB-1", "2", "--location", "Store", "--person", "Ana Example", "--reason", "new starter"],
    );
    assert_eq!(out, "issued 2 × KB-1 Keyboard to Ana Example (new starter)\n1 left at Store\n");
    let out = ok(db, &["stock", "issue", "KB-1", "1", "--location", "Store", "--to", "Finance", "--reason", "broken"]);
    assert_eq!(out, "issued 1 × KB-1 Keyboard to Finance (broken)\nnone left at Store: recorded as a stockout\n");
    let stockouts = json(&tagledger(db, &["stock", "stockouts", "--json"]));
    assert_eq!(stockouts[0]["demandUnmet"], 0, "newest first: the issue that emptied the shelf");

    // Other movements, each with what is on hand after it.
    ok(db, &["stock", "receive", "KB-1", "10", "--location", "Store", "--cost", "20.00", "--reference", "DN-7"]);
    let out = ok(db, &["stock", "transfer", "KB-1", "4", "--from", "Store", "--to", "Annex"]);
    assert_eq!(out, "moved 4 × KB-1 Keyboard (ours) from Store to Annex\n");
    let out = ok(db, &["stock", "adjust", "KB-1", "-1", "--location", "Annex", "--reason", "dropped"]);
    assert_eq!(out, "adjusted KB-1 Keyboard at Annex by -1 (ours); 3 on hand there\n");
    let out = ok(db, &["stock", "count", "KB-1", "5", "--location", "Store"]);
    assert_eq!(out, "counted 5 × KB-1 Keyboard at Site › Store: 6 expected, variance -1 booked\n");
    let out = ok(db, &["stock", "count", "KB-1", "5", "--location", "Store"]);
    assert_eq!(out, "counted 5 × KB-1 Keyboard at Site › Store: as expected, no variance\n");
    // A whole count from a file is checked first: one bad line and nothing is counted.
    let sheet = db.with_file_name("count.csv");
    std::fs::write(&sheet, "sku,counted\nKB-1,4\nNOPE,1\nKB-1,x\n").unwrap();
    let err = fails(db, &["stock", "count", "--location", "Store", "--file", sheet.to_str().unwrap()]);
    assert!(err.contains("2 problem(s); nothing was counted"), "{err}");
    assert!(err.contains("line 3, column sku: no stock item with SKU or barcode 'NOPE'"), "{err}");
    assert!(err.contains("line 4, column counted: 'x' is not a whole number of 0 or more"), "{err}");
    std::fs::write(&sheet, "sku,counted\nKB-1,5\n").unwrap();
    let out = ok(db, &["stock", "count", "--location", "Store", "--file", sheet.to_str().unwrap()]);
    assert!(out.starts_with("counted 1 line(s) from ") && out.ends_with(": 0 variance(s) booked\n"), "{out}");
    let err = fails(db, &["stock", "adjust", "KB-1", "-9", "--location", "Annex", "--reason", "lost"]);
    assert!(err.contains("cannot remove 9 × KB-1 Keyboard at Site › Annex: only 3 on hand"), "{err}");
    let err = fails(db, &["stock", "receive", "KB-1", "0", "--location", "Store"]);
    assert!(err.contains("quantity: must be at least 1"), "{err}");
    let err = fails(db, &["stock", "receive", "NOPE", "1", "--location", "Store"]);
    assert!(err.contains("no stock item with SKU or barcode 'NOPE'"), "{err}");
    let shown = ok(db, &["stock", "show", "KB-1"]);
    assert!(shown.contains("on hand  8 (8 ours, 0 consigned)"), "{shown}");
    assert!(shown.contains("at 20.00 EUR; ref DN-7"), "{shown}");

    // Consignment: Consign Co's cables, 10 delivered at 4.00, 4 used.
    ok(db, &["stock", "add", "--sku", "CAB-1", "--name", "HDMI cable"]);
    let out = ok(
        db,
        &["stock", "receive", "CAB-1", "10", "--location", "Store", "--consigned-by", "Consign Co", "--cost", "4.00"],
    );
    assert_eq!(out, "received 10 × CAB-1 HDMI cable at Store (Consign Co's consignment stock); 10 on hand there\n");
    let err = fails(db, &["stock", "issue", "CAB-1", "1", "--location", "Store", "--to", "IT", "--reason", "spare"]);
    assert!(err.contains("only 0 on hand"), "our own stock of it is none: {err}");
    let out = ok(
        db,
        &[
            "stock",
            "issue",
            "CAB-1",
            "4",
            "--location",
            "Store",
            "--consigned-by",
            "Consign Co",
            "--person",
            "Ana Example",
            "--reason",
            "replacement",
        ],
    );
    assert_eq!(
        out,
        "issued 4 × CAB-1 HDMI cable of Consign Co's consignment stock to Ana Example (replacement)\n6 left at Store\n"
    );
    let items = json(&tagledger(db, &["stock", "list", "--json"]));
    let cable = items.as_array().unwrap().iter().find(|i| i["sku"] == "CAB-1").unwrap();
    assert_eq!((cable["owned"].as_i64(), cable["consigned"].as_i64()), (Some(0), Some(6)));

    // Usage is by the movement's day: a period around today holds it.
    let today = chrono::Utc::now().date_naive();
    let (from, to) = ((today - chrono::Days::new(1)).to_string(), (today + chrono::Days::new(1)).to_string());
    let (pdf, csv) = (dir.path().join("usage.pdf"), dir.path().join("usage.csv"));
    let out = ok(
        db,
        &[
            "report",
            "consignment",
            "Consign Co",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.contains("(4 units of 1 item)") && out.contains("wrote 1 usage line as CSV"), "{out}");
    let rows = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = rows.lines().collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[0],
        "date,sku,item,kind,quantity,unit,location,issued_to,reason,reference,unit_price,currency,value"
    );
    // The price is the last delivery's, 4.00: 4 × 4.00 = 16.00.
    assert_eq!(
        rows[1],
        format!("{today},CAB-1,HDMI cable,issue,4,each,Site › Store,Ana Example,replacement,,4.00,EUR,16.00")
    );
    let words = pdf_text(&pdf);
    assert!(words.contains("Consign Co") && words.contains("CAB-1") && words.contains("16.00"), "{words}");
    let err = fails(
        db,
        &["report", "consignment", "Consign Co", "--from", &to, "--to", &from, "--out", pdf.to_str().unwrap()],
    );
    assert!(err.contains("is before --from"), "{err}");
}
