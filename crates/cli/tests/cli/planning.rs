//! `classify`, `report ageing` and `report stockouts`, run as a user would, on a
//! database built through core.

use std::path::Path;

use super::{json, pdf_text, tagledger, text};

/// Site › Store holds toner (TON-1, preferred offer 5.00 from Acme Supplies, 10 days)
/// and cable (CAB-1, received at 2.00). In 2026 toner is issued 10 a month (120 units,
/// €600.00) and cable 100 in June (€200.00); toner ran out on 2026-12-20 and was
/// received again on 2026-12-28. What is on hand at 2026-12-31: 20 toner received
/// 2026-12-28 (3 days old) and 380 cables received 2025-11-01 (425 days old).
fn planning_register(db: &Path) {
    use tagledger_core::reference;
    use tagledger_core::reorder::{self, OfferInput};
    use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey};
    use tagledger_core::{store, Change};
    let mut conn = store::open(db).unwrap();
    let on = |date: &str| Change { actor: "setup".into(), at: format!("{date}T10:00:00Z").parse().unwrap() };
    tagledger_core::write(&mut conn, |tx| {
        let c = on("2025-10-01");
        let site = reference::create_location(tx, &c, None, "Site")?;
        let store_room = reference::create_location(tx, &c, Some(site), "Store")?;
        let acme = reference::create_supplier(tx, &c, "Acme Supplies", None, None, None)?;
        let item = |sku: &str, name: &str| {
            let input = StockItemInput { sku: sku.into(), name: name.into(), ..Default::default() };
            stock::create_item(tx, &c, &input).map(|i| i.id)
        };
        let (toner, cable) = (item("TON-1", "Toner black")?, item("CAB-1", "USB cable")?);
        let offer = OfferInput {
            item_id: toner,
            supplier_id: acme,
            price: "5.00".into(),
            currency: Some("EUR".into()),
            lead_time_days: 10,
            min_order_qty: 1,
            pack_size: 1,
            preferred: true,
            ..Default::default()
        };
        reorder::create_offer(tx, &c, &offer)?;
        let receive = |date: &str, item: i64, quantity: i64, cost: &str| {
            let input = Receipt {
                stock: StockKey::ours(item, store_room),
                quantity,
                unit_cost: Some(cost.into()),
                currency: Some("EUR".into()),
                ..Default::default()
            };
            stock::receive(tx, &on(date), &input)
        };
        let issue = |date: &str, item: i64, quantity: i64| {
            let input = Issue {
                stock: StockKey::ours(item, store_room),
                quantity,
                issued_to: Some("IT".into()),
                reason: "use".into(),
                ..Default::default()
            };
            stock::issue(tx, &on(date), &input)
        };
        receive("2025-11-01", toner, 120, "4.00")?;
        receive("2025-11-01", cable, 480, "2.00")?;
        for month in 1..=12 {
            issue(&format!("2026-{month:02}-20"), toner, 10)?;
        }
        issue("2026-06-10", cable, 100)?;
        receive("2026-12-28", toner, 20, "4.00")?;
        Ok(())
    })
    .unwrap();
}

#[test]
fn classify_and_the_planning_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("planning.db");
    planning_register(&db);
    let db = db.as_path();

    let c = json(&tagledger(db, &["classify", "--as-of", "2026-12-31", "--json"]));
    let items = c["items"].as_array().unwrap();
    let got: Vec<(&str, i64, &str, &str)> = items
        .iter()
        .map(|i| {
            (
                i["item"]["sku"].as_str().unwrap(),
                i["annualValueMinor"].as_i64().unwrap(),
                i["abc"].as_str().unwrap(),
                i["xyz"].as_str().unwrap(),
            )
        })
        .collect();
    // Toner 600.00 of 800.00 is 75% (A), steady (X); cable brings it to 100% (C) in
    // one month of twelve (CV √11 ≈ 3.32: Z).
    assert_eq!(got, [("TON-1", 60_000, "A", "X"), ("CAB-1", 20_000, "C", "Z")]);
    assert_eq!(c["matrix"][0]["items"], 1, "AX");
    assert_eq!(c["matrix"][8]["items"], 1, "CZ");
    let shown = text(&tagledger(db, &["classify", "--as-of", "2026-12-31"]).stdout);
    assert!(shown.contains("A to 80%, B to 95%"), "{shown}");
    let toner = shown.lines().find(|l| l.starts_with("TON-1")).unwrap_or_else(|| panic!("{shown}"));
    assert!(toner.contains("600.00 EUR") && toner.contains("75.0%") && toner.ends_with("AX"), "{toner}");

    let ageing = dir.path().join("ageing.pdf");
    let out = tagledger(db, &["report", "ageing", "--as-of", "2026-12-31", "--out", ageing.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(2 stock lines, 1 slow or dead)"), "{}", text(&out.stdout));
    let pdf = pdf_text(&ageing);
    let words = |start: &str| -> Vec<Vec<String>> {
        pdf.lines()
            .filter(|l| l.trim_start().starts_with(start))
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    };
    assert!(pdf.contains("Stock ageing"), "{pdf}");
    // The table rows after the chart's bars: 20 toner at 4.00, 380 cables at 2.00.
    assert_eq!(words("0–90 days").last().unwrap(), &["0–90", "days", "20", "€80.00"]);
    assert_eq!(words("Over 365 days").last().unwrap(), &["Over", "365", "days", "380", "€760.00"]);
    // Cable: last issued 2026-06-10 (204 days), no offer, nothing issued elsewhere.
    let cable = words("CAB-1");
    assert!(cable[0].ends_with(&["204".into(), "Slow".into(), "Dispose".into()]), "{cable:?}");

    let report = dir.path().join("stockouts.pdf");
    let out = tagledger(
        db,
        &["report", "stockouts", "--from", "2026-01-01", "--to", "2026-12-31", "--out", report.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(1 stockout)"), "{}", text(&out.stdout));
    let pdf = pdf_text(&report);
    // Out from 2026-12-20 to the receipt on 2026-12-28: 8 days. The 90 days before it
    // issued 30 (a third of one a day) × 10 days' lead time = 3.33 > reorder point 0.
    let row = pdf.lines().find(|l| l.trim_start().starts_with("2026-12-20")).unwrap_or_else(|| panic!("{pdf}"));
    assert!(row.contains("TON-1") && row.contains(" 8 ") && row.contains("a higher reorder point"), "{row}");
    assert!(pdf.contains("Acme Supplies"), "{pdf}");
    assert!(pdf.contains("Not yet investigated"), "{pdf}");

    let out = tagledger(db, &["report", "stockouts", "--from", "2026-12-31", "--to", "2026-01-01", "--out", "x.pdf"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("is before --from"), "{}", text(&out.stderr));
}
