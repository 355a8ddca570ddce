//! `hiring`, run as a user would: kits, HR's plan file (dry run, real, bad) and the plan.

use chrono::{DateTime, Months, NaiveDate, Utc};
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey};
use tagledger_core::{reference, store, Change};

use super::{json, tagledger, text};

#[test]
fn kits_and_an_hr_plan_import_with_dry_run_and_row_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hiring.db");
    {
        let mut conn = store::open(&db).unwrap();
        let c = Change::now("setup");
        tagledger_core::write(&mut conn, |tx| {
            for sku in ["HS-1", "MS-1"] {
                stock::create_item(
                    tx,
                    &c,
                    &StockItemInput { sku: sku.into(), name: format!("Item {sku}"), ..Default::default() },
                )?;
            }
            Ok(())
        })
        .unwrap();
    }

    let out = tagledger(
        &db,
        &["hiring", "kit", "add", "Standard", "--department", "*", "--line", "HS-1:2", "--line", "MS-1:1"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "created kit Standard for every department (2 lines)\n");
    let out = tagledger(&db, &["hiring", "kit", "add", "Bad", "--department", "IT", "--line", "HS-1:0"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("lines.0.quantity: must be at least 1"), "{}", text(&out.stderr));
    let kits = json(&tagledger(&db, &["hiring", "kits", "--json"]));
    assert_eq!(kits.as_array().unwrap().len(), 1);
    assert_eq!(kits[0]["department"], "*");
    assert_eq!(kits[0]["lines"][0]["sku"], "HS-1");
    assert_eq!(kits[0]["lines"][0]["quantity"], 2);

    let csv = dir.path().join("plan.csv");
    let csv_arg = csv.to_str().unwrap();
    std::fs::write(&csv, "department,month,starters\nFinance,2026-03,2\nSales,2026-13,1\nIT,2026-04,-3\n").unwrap();
    for args in [vec!["hiring", "import", csv_arg, "--dry-run"], vec!["hiring", "import", csv_arg]] {
        let out = tagledger(&db, &args);
        assert!(!out.status.success());
        assert_eq!(
            text(&out.stderr),
            format!(
                "line 3, column month: '2026-13' is not a month; use YYYY-MM\n\
                 line 4, column starters: -3 is negative\n\
                 tagledger: 2 error(s) in {csv_arg}; nothing was imported\n"
            )
        );
    }
    let plan = ["hiring", "plan", "--from", "2026-01-01", "--json"];
    assert_eq!(json(&tagledger(&db, &plan)), serde_json::json!([]), "a bad file writes nothing");

    std::fs::write(&csv, "department,month,new_starters\nFinance,2026-03,2\nSales,2026-04-01,1\n").unwrap();
    let out = tagledger(&db, &["hiring", "import", csv_arg, "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{csv_arg} is valid (2 rows); nothing was changed (dry run)\n"));
    assert_eq!(json(&tagledger(&db, &plan)), serde_json::json!([]), "a dry run writes nothing");

    let out = tagledger(&db, &["hiring", "import", csv_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("imported 2 plan rows from {csv_arg}\n"));
    assert_eq!(
        json(&tagledger(&db, &plan)),
        serde_json::json!([
            { "department": "Finance", "month": "2026-03-01", "starters": 2 },
            { "department": "Sales", "month": "2026-04-01", "starters": 1 },
        ])
    );
    let out = tagledger(&db, &["hiring", "plan", "--from", "2026-03-15", "--to", "2026-03-31"]);
    assert_eq!(
        text(&out.stdout),
        "Month    Department                   Starters\n2026-03  Finance                             2\n"
    );
}

#[test]
fn hiring_forecast_shows_the_kit_demand_beside_the_forecast_and_added() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hiring.db");
    let on = |d: NaiveDate| Change {
        actor: "setup".into(),
        at: DateTime::<Utc>::from_naive_utc_and_offset(d.and_hms_opt(9, 0, 0).unwrap(), Utc),
    };
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    {
        // Six months of 6 headsets a month before March 2026: the forecast is 6 a month.
        let mut conn = store::open(&db).unwrap();
        tagledger_core::write(&mut conn, |tx| {
            let c = on(day(2025, 8, 1));
            let site = reference::create_location(tx, &c, None, "Site")?;
            let input = StockItemInput { sku: "HS-1".into(), name: "Headset".into(), ..Default::default() };
            let key = StockKey::ours(stock::create_item(tx, &c, &input)?.id, site);
            stock::receive(tx, &c, &Receipt { stock: key, quantity: 100, ..Default::default() })?;
            for m in 0..6 {
                let issue = Issue {
                    stock: key,
                    quantity: 6,
                    issued_to: Some("IT".into()),
                    reason: "use".into(),
                    ..Default::default()
                };
                stock::issue(tx, &on(day(2025, 9, 10) + Months::new(m)), &issue)?;
            }
            Ok(())
        })
        .unwrap();
    }
    let add = ["hiring", "kit", "add", "Standard", "--department", "*", "--line", "HS-1:2"];
    assert!(tagledger(&db, &add).status.success());
    let csv = dir.path().join("plan.csv");
    std::fs::write(&csv, "department,month,starters\nFinance,2026-03,2\n").unwrap();
    assert!(tagledger(&db, &["hiring", "import", csv.to_str().unwrap()]).status.success());

    // March: 2 starters × 2 headsets = 4 on top of the forecast 6.
    let args = ["hiring", "forecast", "--item", "HS-1", "--as-of", "2026-03-20", "--months", "2"];
    let out = tagledger(&db, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().skip(1).map(str::to_string).collect();
    assert_eq!(
        lines,
        vec![
            "              2026-03  2026-04",
            "forecast          6.0      6.0",
            "kit demand        4.0      0.0",
            "total            10.0      6.0",
        ]
    );
    let j = json(&tagledger(&db, &[&args[..], &["--json"]].concat()));
    assert_eq!(j["kitDemand"], serde_json::json!([4.0, 0.0]));
    assert_eq!(j["total"], serde_json::json!([10.0, 6.0]));
}
