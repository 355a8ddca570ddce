//! `costs` (the table, the holding rate and storage setters) and `report costs`, run as
//! a user would, on a database built through core.

use std::path::Path;

use super::{json, pdf_text, tagledger, text};

/// Site › Store holds 10 toner (category Toner) received on 2026-01-01 at €10.00.
fn costs_register(db: &Path) {
    use tagledger_core::reference;
    use tagledger_core::stock::{self, Receipt, StockItemInput, StockKey};
    use tagledger_core::{store, Change};
    let mut conn = store::open(db).unwrap();
    let c = Change { actor: "setup".into(), at: "2026-01-01T10:00:00Z".parse().unwrap() };
    tagledger_core::write(&mut conn, |tx| {
        let site = reference::create_location(tx, &c, None, "Site")?;
        let store_room = reference::create_location(tx, &c, Some(site), "Store")?;
        let toner = reference::create_category(tx, &c, "Toner", &[])?;
        let input = StockItemInput {
            sku: "TON-1".into(),
            name: "Toner black".into(),
            category_id: Some(toner),
            ..Default::default()
        };
        let item = stock::create_item(tx, &c, &input)?.id;
        let receipt = Receipt {
            stock: StockKey::ours(item, store_room),
            quantity: 10,
            unit_cost: Some("10.00".into()),
            currency: Some("EUR".into()),
            ..Default::default()
        };
        stock::receive(tx, &c, &receipt)
    })
    .unwrap();
}

#[test]
fn costs_are_set_shown_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("costs.db");
    costs_register(&db);

    let out = tagledger(&db, &["costs", "holding-rate", "Toner", "120"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("must be between 0 % and 100 % a year"), "{}", text(&out.stderr));
    let out = tagledger(&db, &["costs", "storage", "Nowhere", "1.00"]);
    assert!(text(&out.stderr).contains("no location called 'Nowhere'"), "{}", text(&out.stderr));

    let out = tagledger(&db, &["costs", "holding-rate", "Toner", "12"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Toner: holding rate 12% a year"));
    let out = tagledger(&db, &["costs", "storage", "Store", "31.00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Store: storage 31.00 EUR a month"), "{}", text(&out.stdout));

    // January: holding 10 units × 31 days × €10.00 × 12 % ÷ (31 × 12) = €1.00; the
    // store's €31.00 all to Toner, the only stock there.
    let r = json(&tagledger(&db, &["costs", "--from", "2026-01-01", "--to", "2026-01-31", "--json"]));
    assert_eq!(r["rows"][0]["category"], "Toner");
    assert_eq!(r["rows"][0]["total"]["holding"], 100);
    assert_eq!(r["rows"][0]["total"]["storage"], 3100);
    assert_eq!(r["total"]["total"], 3200);
    let table = text(&tagledger(&db, &["costs", "--from", "2026-01-01", "--to", "2026-01-31"]).stdout);
    let row: Vec<&str> = table.lines().find(|l| l.starts_with("Toner")).unwrap().split_whitespace().collect();
    assert_eq!(row, ["Toner", "32.00", "32.00"], "{table}");

    let pdf = dir.path().join("costs.pdf");
    let out = tagledger(
        &db,
        &["report", "costs", "--from", "2026-01-01", "--to", "2026-02-28", "--out", pdf.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wrote the inventory costs from 2026-01-01 to 2026-02-28"));
    let printed = pdf_text(&pdf);
    // February: 10 × 28 × 1000 × 12 % ÷ (28 × 12) = €1.00 again, and €31.00 storage.
    assert!(printed.contains("€64.00"), "{printed}");
    let toner: Vec<&str> =
        printed.lines().find(|l| l.trim_start().starts_with("Toner")).unwrap().split_whitespace().collect();
    assert_eq!(toner, ["Toner", "32.00", "32.00", "64.00"]);
}
