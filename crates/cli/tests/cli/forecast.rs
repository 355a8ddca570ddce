//! `forecast`, run as a user would, over a ledger built through core.

use std::path::Path;

use chrono::{DateTime, Months, NaiveDate, Utc};
use tagledger_core::forecast::{self, Method};
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey};
use tagledger_core::{reference, store, Change};

use super::{json, tagledger, text};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn on(date: NaiveDate) -> Change {
    Change {
        actor: "setup".into(),
        at: DateTime::<Utc>::from_naive_utc_and_offset(date.and_hms_opt(9, 0, 0).unwrap(), Utc),
    }
}

const SEASONAL_PATTERN: [i64; 12] = [20, 16, 22, 26, 30, 28, 23, 18, 32, 12, 8, 5];
const SPARE: [i64; 24] = [5, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 5, 0, 4, 0, 3, 0, 0, 0, 4, 0, 4, 0];

/// SEAS-1 (36 months of a yearly pattern on a slow rise, to December 2025), SPARE-1 (24
/// months of intermittent demand) and FLAT-1 (6 every month for the last six months),
/// each issued on the 10th of its months.
fn forecast_register(db: &Path) -> Vec<i64> {
    let mut conn = store::open(db).unwrap();
    let c = on(day(2022, 12, 1));
    tagledger_core::write(&mut conn, |tx| {
        let site = reference::create_location(tx, &c, None, "Site")?;
        let mut series: Vec<(&str, &str, NaiveDate, Vec<i64>)> = vec![
            ("SEAS-1", "Toner", day(2023, 1, 10), (0..36).map(|t| SEASONAL_PATTERN[t % 12] + t as i64 / 4).collect()),
            ("SPARE-1", "Fuser", day(2024, 1, 10), SPARE.to_vec()),
            ("FLAT-1", "Paper", day(2025, 7, 10), vec![6; 6]),
        ];
        let mut ids = Vec::new();
        for (sku, name, first, quantities) in series.drain(..) {
            let input = StockItemInput { sku: sku.into(), name: name.into(), ..Default::default() };
            let item = stock::create_item(tx, &c, &input)?.id;
            let key = StockKey::ours(item, site);
            stock::receive(tx, &c, &Receipt { stock: key, quantity: 10_000, ..Default::default() })?;
            for (i, quantity) in quantities.into_iter().enumerate().filter(|(_, q)| *q > 0) {
                let issue = Issue {
                    stock: key,
                    quantity,
                    issued_to: Some("IT".into()),
                    reason: "use".into(),
                    ..Default::default()
                };
                stock::issue(tx, &on(first + Months::new(i as u32)), &issue)?;
            }
            ids.push(item);
        }
        Ok(ids)
    })
    .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = tagledger(db, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn forecast_table_item_detail_override_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("forecast.db");
    let ids = forecast_register(&db);
    let db = db.as_path();
    let as_of = ["--as-of", "2026-01-15"];

    let table = ok(db, &["forecast", as_of[0], as_of[1]]);
    let lines: Vec<&str> = table.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(header, ["SKU", "Name", "Method", "MAPE", "MASE", "2026-01", "2026-02", "2026-03"], "{table}");
    // By SKU. FLAT-1: every method forecasts 6 without error; the tie goes to the moving
    // average, and MASE has no scale (the naive forecast never errs either).
    let row = |sku: &str| lines.iter().find(|l| l.starts_with(sku)).unwrap().split_whitespace().collect::<Vec<_>>();
    assert_eq!(row("FLAT-1"), ["FLAT-1", "Paper", "Moving", "average", "0.0%", "-", "6.0", "6.0", "6.0"], "{table}");
    assert_eq!(row("SEAS-1")[2], "Holt-Winters", "{table}");
    assert_eq!(row("SPARE-1")[2..3], ["Croston"], "{table}");
    assert_eq!(lines.len(), 4, "no override, no footnote: {table}");

    // JSON is core's forecast_all as it is.
    let mut conn = store::open_existing(db).unwrap();
    let expected = forecast::forecast_all(&conn, day(2026, 1, 15), 3).unwrap();
    assert_eq!(
        json(&tagledger(db, &["forecast", "--json", as_of[0], as_of[1]])),
        serde_json::to_value(&expected).unwrap()
    );
    let croston = forecast::croston(&SPARE.map(|q| q as f64), forecast::CROSTON_ALPHA);
    let spare = &expected.iter().find(|s| s.sku == "SPARE-1").unwrap();
    assert_eq!(spare.forecast, vec![croston; 3]);

    // One item: every method, the chosen one, a longer horizon.
    let detail = ok(db, &["forecast", "--item", "seas-1", "--months", "4", as_of[0], as_of[1]]);
    assert!(
        detail.starts_with("SEAS-1  Toner\nhistory: 36 months (2023-01 to 2025-12); errors by MAPE over 12"),
        "{detail}"
    );
    for method in ["Moving average", "Exponential smoothing", "Holt-Winters", "Croston"] {
        assert!(detail.lines().any(|l| l.starts_with(method)), "{method}: {detail}");
    }
    assert!(
        detail.contains("2026-04") && detail.trim_end().ends_with("chosen: Holt-Winters (lowest back-test error)"),
        "{detail}"
    );
    let spare_detail = ok(db, &["forecast", "--item", "SPARE-1", as_of[0], as_of[1]]);
    assert!(spare_detail.contains("24 months (2024-01 to 2025-12), intermittent; errors by MASE"), "{spare_detail}");
    let hw = spare_detail.lines().find(|l| l.starts_with("Holt-Winters")).unwrap();
    assert!(hw.contains("not enough history"), "{hw}");

    // Override, shown in the table and the item's history; then back to automatic.
    let set = ok(db, &["forecast", "--item", "SEAS-1", "--set-method", "moving-average", as_of[0], as_of[1]]);
    assert!(set.contains("chosen: Moving average (set by a user; the back-test chose Holt-Winters)"), "{set}");
    let table = ok(db, &["forecast", as_of[0], as_of[1]]);
    assert!(
        table.contains("Moving average *") && table.trim_end().ends_with("* chosen by a user instead of the back-test"),
        "{table}"
    );
    drop(conn);
    conn = store::open_existing(db).unwrap();
    assert_eq!(forecast::override_of(&conn, ids[0]).unwrap(), Some(Method::MovingAverage));
    ok(db, &["forecast", "--item", "SEAS-1", "--set-method", "auto", as_of[0], as_of[1]]);
    assert_eq!(forecast::override_of(&conn, ids[0]).unwrap(), None);

    // Mistakes: exit 1 with a message, or clap's usage error.
    let out = tagledger(db, &["forecast", "--item", "NOPE-9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no stock item with SKU or barcode 'NOPE-9'"), "{}", text(&out.stderr));
    let out = tagledger(db, &["forecast", "--item", "SEAS-1", "--set-method", "arima"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no forecasting method called 'arima'"), "{}", text(&out.stderr));
    assert_eq!(forecast::override_of(&conn, ids[0]).unwrap(), None, "a refused method writes nothing");
    let out = tagledger(db, &["forecast", "--set-method", "croston"]);
    assert_eq!(out.status.code(), Some(2), "--set-method needs --item: {}", text(&out.stderr));
}
