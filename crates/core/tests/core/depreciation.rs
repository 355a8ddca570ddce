//! Depreciation on real assets: policies per category, an asset's schedule and book value
//! at a date, totals by category and currency, and the report's data.

use chrono::NaiveDate;
use tagledger_core::assets::{self, AssetInput, Money};
use tagledger_core::depreciation::{
    self, CategoryPolicy, CategoryPolicyInput, CategoryTotals, DepreciationMethod, ScheduleLine,
};
use tagledger_core::lifecycle::{self, DisposalInput, DisposalMethod};
use tagledger_core::{events, write, Error, FieldError};

use crate::{change, fixture, laptop, Fixture, Ids};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn bought(input: AssetInput, date: &str, cost: &str, currency: &str) -> AssetInput {
    AssetInput {
        purchase_date: Some(date.into()),
        purchase_cost: Some(cost.into()),
        purchase_currency: Some(currency.into()),
        ..input
    }
}

fn monitor(ids: &Ids, name: &str) -> AssetInput {
    AssetInput { name: name.into(), category_id: Some(ids.monitors), location_id: Some(ids.room), ..Default::default() }
}

fn create(f: &mut Fixture, input: AssetInput) -> i64 {
    write(&mut f.conn, |tx| assets::create(tx, &change(), &input)).unwrap().id
}

fn set(f: &mut Fixture, category_id: i64, input: CategoryPolicyInput) -> tagledger_core::Result<CategoryPolicy> {
    write(&mut f.conn, |tx| depreciation::set_policy(tx, &change(), category_id, &input))
}

/// Laptops: straight-line over 36 months to a 10% salvage value.
fn laptops_straight_line(f: &mut Fixture) {
    let laptops = f.ids.laptops;
    set(
        f,
        laptops,
        CategoryPolicyInput {
            method: DepreciationMethod::StraightLine,
            useful_life_months: Some(36),
            salvage_percent: "10".into(),
            ..Default::default()
        },
    )
    .unwrap();
}

fn dispose(f: &mut Fixture, id: i64, on: &str) {
    let input =
        DisposalInput { method: Some(DisposalMethod::Recycle), disposed_on: Some(on.into()), ..Default::default() };
    write(&mut f.conn, |tx| lifecycle::dispose(tx, &change(), id, &input, day("2026-07-01"))).unwrap();
}

fn fields(err: Error) -> Vec<FieldError> {
    match err {
        Error::Invalid(errors) => errors,
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn every_category_has_a_policy_and_the_default_is_no_depreciation() {
    let f = fixture();
    let all = depreciation::policies(&f.conn).unwrap();
    let names: Vec<&str> = all.iter().map(|p| p.category_name.as_str()).collect();
    assert_eq!(names, ["Laptops", "Monitors"]);
    assert_eq!(
        all[1],
        CategoryPolicy {
            category_id: f.ids.monitors,
            category_name: "Monitors".into(),
            method: DepreciationMethod::None,
            useful_life_months: None,
            salvage_basis_points: 0,
            declining_factor_percent: 200,
            audit_interval_months: None,
        }
    );
    assert_eq!(depreciation::policy(&f.conn, f.ids.laptops).unwrap(), all[0]);
    assert!(matches!(depreciation::policy(&f.conn, 999), Err(Error::NotFound { .. })));
}

#[test]
fn a_policy_is_validated_field_by_field_and_nothing_is_written_when_it_fails() {
    let mut f = fixture();
    let laptops = f.ids.laptops;
    let errors = fields(
        set(
            &mut f,
            laptops,
            CategoryPolicyInput {
                method: DepreciationMethod::DecliningBalance,
                useful_life_months: None,
                salvage_percent: "12.345".into(),
                declining_factor_percent: Some(0),
                audit_interval_months: Some(121),
            },
        )
        .unwrap_err(),
    );
    let errors: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("usefulLifeMonths", "is required for declining balance"),
            ("salvagePercent", "use at most two decimals"),
            ("decliningFactorPercent", "must be between 1 and 1000 percent (200 is double declining)"),
            ("auditIntervalMonths", "must be between 1 and 120 months"),
        ]
    );
    let errors = fields(
        set(
            &mut f,
            laptops,
            CategoryPolicyInput {
                method: DepreciationMethod::StraightLine,
                useful_life_months: Some(601),
                salvage_percent: "101".into(),
                ..Default::default()
            },
        )
        .unwrap_err(),
    );
    let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(named, ["usefulLifeMonths", "salvagePercent"]);
    assert_eq!(errors[0].message, "must be between 1 and 600 months");
    assert_eq!(errors[1].message, "cannot be more than 100%");
    let errors = fields(
        set(&mut f, laptops, CategoryPolicyInput { salvage_percent: "ten".into(), ..Default::default() }).unwrap_err(),
    );
    assert_eq!(errors, [FieldError::new("salvagePercent", "'ten' is not a percentage (e.g. 10 or 12.5)")]);

    assert!(matches!(set(&mut f, 999, CategoryPolicyInput::default()), Err(Error::NotFound { .. })));
    assert_eq!(depreciation::policy(&f.conn, laptops).unwrap().method, DepreciationMethod::None);
    let history = events::history(&f.conn, "category", laptops).unwrap();
    assert!(history.iter().all(|e| e.action != "policy_updated"), "nothing recorded");
}

#[test]
fn saving_a_policy_records_before_and_after_once() {
    let mut f = fixture();
    let laptops = f.ids.laptops;
    let input = CategoryPolicyInput {
        method: DepreciationMethod::DecliningBalance,
        useful_life_months: Some(24),
        salvage_percent: " 12.5 ".into(),
        declining_factor_percent: Some(150),
        audit_interval_months: Some(12),
    };
    let saved = set(&mut f, laptops, input.clone()).unwrap();
    assert_eq!(saved.salvage_basis_points, 1_250);
    assert_eq!(saved.salvage_percent(), "12.5");
    assert_eq!(saved.method_description(), "Declining balance (150%)");
    assert_eq!(depreciation::policy(&f.conn, laptops).unwrap(), saved);
    assert_eq!(depreciation::policies(&f.conn).unwrap()[0], saved);

    let history = events::history(&f.conn, "category", laptops).unwrap();
    assert_eq!(history[0].action, "policy_updated");
    let before = history[0].before.as_ref().unwrap();
    let after = history[0].after.as_ref().unwrap();
    assert_eq!(before["method"], "none");
    assert_eq!(after["method"], "declining_balance");
    assert_eq!(after["usefulLifeMonths"], 24);
    assert_eq!(after["salvageBasisPoints"], 1_250);
    assert_eq!(after["decliningFactorPercent"], 150);
    assert_eq!(after["auditIntervalMonths"], 12);

    // Saving the same again changes nothing and records nothing; a change is recorded.
    set(&mut f, laptops, input.clone()).unwrap();
    let count = |f: &Fixture| events::history(&f.conn, "category", laptops).unwrap().len();
    assert_eq!(count(&f), history.len());
    let none = CategoryPolicyInput { method: DepreciationMethod::None, audit_interval_months: Some(12), ..input };
    let saved = set(&mut f, laptops, none).unwrap();
    assert_eq!((saved.method, saved.useful_life_months), (DepreciationMethod::None, Some(24)));
    assert_eq!(count(&f), history.len() + 1);
}

#[test]
fn an_assets_schedule_and_book_value_follow_its_category() {
    let mut f = fixture();
    laptops_straight_line(&mut f);
    let ids = f.ids;
    let id = create(&mut f, bought(laptop(&ids, "ThinkPad"), "2025-01-15", "1200.00", "GBP"));

    // Salvage 120.00; 1,080.00 over 36 months is 30.00 a month, from January 2025.
    let s = depreciation::asset_schedule(&f.conn, id).unwrap().unwrap();
    assert_eq!((s.method, s.salvage_minor, s.useful_life_months), (DepreciationMethod::StraightLine, 12_000, 36));
    assert_eq!(s.cost, Money { minor: 120_000, currency: "GBP".into() });
    assert_eq!(s.start, day("2025-01-15"));
    assert_eq!((s.tag.as_str(), s.name.as_str(), s.category_name.as_str()), ("AT-000001", "ThinkPad", "Laptops"));
    assert_eq!(s.lines.len(), 36);
    assert_eq!(
        s.lines[0],
        ScheduleLine {
            period: day("2025-01-31"),
            depreciation_minor: 3_000,
            accumulated_minor: 3_000,
            book_value_minor: 117_000
        }
    );
    assert_eq!(s.lines[35].period, day("2027-12-31"));
    assert_eq!(s.lines.iter().map(|l| l.depreciation_minor).sum::<i64>(), 108_000);

    let value = |f: &Fixture, at: &str| depreciation::book_value(&f.conn, id, day(at)).unwrap().map(|m| m.minor);
    assert_eq!(value(&f, "2024-12-31"), Some(120_000), "cost before the start");
    assert_eq!(value(&f, "2025-01-30"), Some(120_000), "the first month has not ended");
    assert_eq!(value(&f, "2025-01-31"), Some(117_000));
    assert_eq!(value(&f, "2025-12-30"), Some(120_000 - 11 * 3_000));
    assert_eq!(value(&f, "2025-12-31"), Some(120_000 - 12 * 3_000));
    assert_eq!(value(&f, "2027-12-31"), Some(12_000), "salvage at the end");
    assert_eq!(value(&f, "2040-01-01"), Some(12_000));
    assert_eq!(
        depreciation::book_value(&f.conn, id, day("2026-06-30")).unwrap(),
        Some(Money { minor: 120_000 - 18 * 3_000, currency: "GBP".into() })
    );

    // Disposed of on 1 July 2026: the schedule's value until the day before, then nothing.
    dispose(&mut f, id, "2026-07-01");
    assert_eq!(value(&f, "2026-06-30"), Some(120_000 - 18 * 3_000));
    assert_eq!(value(&f, "2026-07-01"), Some(0));
    assert_eq!(value(&f, "2030-01-01"), Some(0));
    assert!(depreciation::asset_schedule(&f.conn, id).unwrap().is_some(), "the schedule is still there to read");

    assert!(matches!(depreciation::asset_schedule(&f.conn, 999), Err(Error::NotFound { .. })));
    assert!(matches!(depreciation::book_value(&f.conn, 999, day("2025-01-01")), Err(Error::NotFound { .. })));
}

#[test]
fn assets_that_cannot_be_depreciated_have_no_schedule() {
    let mut f = fixture();
    laptops_straight_line(&mut f);
    let ids = f.ids;
    // No cost: no schedule and no book value.
    let no_cost = create(&mut f, laptop(&ids, "No cost"));
    assert_eq!(depreciation::asset_schedule(&f.conn, no_cost).unwrap(), None);
    assert_eq!(depreciation::book_value(&f.conn, no_cost, day("2026-01-01")).unwrap(), None);
    // A cost but no purchase date: the schedule cannot start.
    let undated = create(
        &mut f,
        AssetInput {
            purchase_cost: Some("500".into()),
            purchase_currency: Some("GBP".into()),
            ..laptop(&ids, "Undated")
        },
    );
    assert_eq!(depreciation::asset_schedule(&f.conn, undated).unwrap(), None);
    assert_eq!(depreciation::book_value(&f.conn, undated, day("2026-01-01")).unwrap(), None);
    // A category without a method: carried at cost.
    let screen = create(&mut f, bought(monitor(&ids, "Screen"), "2020-03-01", "249.50", "EUR"));
    assert_eq!(depreciation::asset_schedule(&f.conn, screen).unwrap(), None);
    assert_eq!(
        depreciation::book_value(&f.conn, screen, day("2026-01-01")).unwrap(),
        Some(Money { minor: 24_950, currency: "EUR".into() })
    );
}

#[test]
fn declining_balance_on_a_real_asset_sums_to_cost_less_salvage() {
    let mut f = fixture();
    let monitors = f.ids.monitors;
    set(
        &mut f,
        monitors,
        CategoryPolicyInput {
            method: DepreciationMethod::DecliningBalance,
            useful_life_months: Some(24),
            salvage_percent: "5".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let ids = f.ids;
    let id = create(&mut f, bought(monitor(&ids, "Screen"), "2025-02-28", "333.33", "EUR"));
    let s = depreciation::asset_schedule(&f.conn, id).unwrap().unwrap();
    // Salvage 16.67 (16.6665 rounded half up); 200% / 24 months: 33,333 × 2 / 24 = 2,777.75 → 2,778.
    assert_eq!(s.salvage_minor, 1_667);
    assert_eq!(s.lines[0].depreciation_minor, 2_778);
    assert_eq!(s.lines[0].period, day("2025-02-28"));
    assert_eq!(s.lines.iter().map(|l| l.depreciation_minor).sum::<i64>(), 33_333 - 1_667);
    assert_eq!(s.lines.last().unwrap().book_value_minor, 1_667);
    // The book value at each month end is the schedule's.
    for line in &s.lines {
        let value = depreciation::book_value(&f.conn, id, line.period).unwrap().unwrap();
        assert_eq!(value.minor, line.book_value_minor, "{}", line.period);
    }
}

fn rows(totals: &[CategoryTotals]) -> Vec<(&str, &str, i64, i64, i64, i64)> {
    totals
        .iter()
        .map(|t| {
            assert_eq!(t.book_value_minor, t.cost_minor - t.accumulated_minor);
            (
                t.category_name.as_str(),
                t.currency.as_str(),
                t.assets,
                t.cost_minor,
                t.accumulated_minor,
                t.book_value_minor,
            )
        })
        .collect()
}

/// Laptops depreciate straight-line (36 months, 10% salvage), monitors not at all.
fn mixed_register(f: &mut Fixture) {
    laptops_straight_line(f);
    let ids = f.ids;
    // 30.00 a month from January 2025.
    create(f, bought(laptop(&ids, "L1"), "2025-01-15", "1200.00", "GBP"));
    // Salvage 60.00; 15.00 a month from June 2025.
    create(f, bought(laptop(&ids, "L2"), "2025-06-10", "600.00", "GBP"));
    // Salvage 100.00 (99.999 rounded); 899.99 over 36 months: 25.00 for 35 months, then 24.99.
    create(f, bought(laptop(&ids, "L3"), "2025-03-01", "999.99", "EUR"));
    // Bought after the date of the totals; no cost; no purchase date: none of them count.
    create(f, bought(laptop(&ids, "L4"), "2026-01-05", "500.00", "GBP"));
    create(f, laptop(&ids, "L5"));
    create(f, AssetInput { purchase_cost: Some("10".into()), ..laptop(&ids, "L6") });
    // Disposed of on 30 November 2025.
    let l7 = create(f, bought(laptop(&ids, "L7"), "2025-01-01", "1200.00", "GBP"));
    dispose(f, l7, "2025-11-30");
    create(f, bought(monitor(&ids, "M1"), "2024-05-05", "250.00", "GBP"));
}

#[test]
fn totals_are_per_category_and_currency_at_a_date() {
    let mut f = fixture();
    mixed_register(&mut f);

    let at_year_end = depreciation::totals_at(&f.conn, day("2025-12-31")).unwrap();
    assert_eq!(
        rows(&at_year_end),
        [
            // L3: 10 months of 25.00.
            ("Laptops", "EUR", 1, 99_999, 25_000, 74_999),
            // L1: 12 × 30.00; L2: 7 × 15.00 (June to December). L7 was disposed of.
            ("Laptops", "GBP", 2, 180_000, 36_000 + 10_500, 133_500),
            ("Monitors", "GBP", 1, 25_000, 0, 25_000),
        ]
    );
    assert!(at_year_end
        .iter()
        .all(|t| t.category_id == if t.category_name == "Laptops" { f.ids.laptops } else { f.ids.monitors }));

    // Before its disposal L7 still counts: 10 months of 30.00, like L1.
    let october = depreciation::totals_at(&f.conn, day("2025-10-31")).unwrap();
    assert_eq!(rows(&october)[1], ("Laptops", "GBP", 3, 300_000, 30_000 + 7_500 + 30_000, 232_500));
    // Nothing was bought yet.
    assert!(depreciation::totals_at(&f.conn, day("2024-01-01")).unwrap().is_empty());
    // The totals agree with each asset's own book value.
    for at in ["2025-06-15", "2025-12-31", "2027-02-28", "2030-01-01"] {
        let totals = depreciation::totals_at(&f.conn, day(at)).unwrap();
        let report = depreciation::report(&f.conn, day(at), "Northwind", "now").unwrap();
        let sum = |currency: &str| -> i64 {
            report.assets.iter().filter(|a| a.currency == currency).map(|a| a.book_value_minor).sum()
        };
        for currency in ["EUR", "GBP"] {
            let total: i64 = totals.iter().filter(|t| t.currency == currency).map(|t| t.book_value_minor).sum();
            assert_eq!(total, sum(currency), "{currency} at {at}");
        }
    }
}

#[test]
fn the_report_lists_categories_and_assets_at_the_date() {
    let mut f = fixture();
    mixed_register(&mut f);
    let report = depreciation::report(&f.conn, day("2025-12-31"), "Northwind", "2026-01-02 03:04 UTC").unwrap();
    assert_eq!((report.organisation.as_str(), report.at.as_str()), ("Northwind", "2025-12-31"));
    assert_eq!(report.generated_at, "2026-01-02 03:04 UTC");
    let categories: Vec<(&str, &str, &str, &str, i64)> = report
        .categories
        .iter()
        .map(|c| {
            (c.category.as_str(), c.method.as_str(), c.useful_life.as_str(), c.currency.as_str(), c.book_value_minor)
        })
        .collect();
    assert_eq!(
        categories,
        [
            ("Laptops", "Straight-line", "36 months", "EUR", 74_999),
            ("Laptops", "Straight-line", "36 months", "GBP", 133_500),
            ("Monitors", "Not depreciated", "", "GBP", 25_000),
        ]
    );
    let assets: Vec<(&str, &str, &str, i64, i64)> = report
        .assets
        .iter()
        .map(|a| {
            (a.name.as_str(), a.purchase_date.as_str(), a.currency.as_str(), a.accumulated_minor, a.book_value_minor)
        })
        .collect();
    assert_eq!(
        assets,
        [
            ("L1", "2025-01-15", "GBP", 36_000, 84_000),
            ("L2", "2025-06-10", "GBP", 10_500, 49_500),
            ("L3", "2025-03-01", "EUR", 25_000, 74_999),
            ("M1", "2024-05-05", "GBP", 0, 25_000),
        ]
    );
    let pdf = tagledger_print::reports::depreciation::render(&report);
    assert!(pdf.starts_with(b"%PDF"));
}

/// Timing on a large register, run by hand:
/// `TAGLEDGER_DEPRECIATION_DB=/path/to/copy.db cargo test -p tagledger-core --test core
/// depreciation::totals_on_a_large_register -- --ignored --nocapture`. The copy is
/// migrated and its category policies set as the demo data sets them.
#[test]
#[ignore = "needs a large database in TAGLEDGER_DEPRECIATION_DB"]
fn totals_on_a_large_register() {
    let path = std::env::var("TAGLEDGER_DEPRECIATION_DB").expect("TAGLEDGER_DEPRECIATION_DB");
    let mut conn = tagledger_core::store::open(std::path::Path::new(&path)).unwrap();
    let categories: Vec<(i64, String)> =
        depreciation::policies(&conn).unwrap().into_iter().map(|p| (p.category_id, p.category_name)).collect();
    write(&mut conn, |tx| {
        for (id, name) in &categories {
            let (method, life, salvage, factor) = match name.as_str() {
                "Laptops" | "Tablets" => (DepreciationMethod::StraightLine, 36, "10", 200),
                "Phones" | "Headsets" => (DepreciationMethod::DecliningBalance, 24, "5", 200),
                "Routers" | "Firewalls" | "Switches" => (DepreciationMethod::DecliningBalance, 60, "5", 150),
                "Servers" | "Storage" => (DepreciationMethod::DecliningBalance, 600, "0", 100),
                _ => (DepreciationMethod::StraightLine, 60, "0", 200),
            };
            let input = CategoryPolicyInput {
                method,
                useful_life_months: Some(life),
                salvage_percent: salvage.into(),
                declining_factor_percent: Some(factor),
                audit_interval_months: Some(12),
            };
            depreciation::set_policy(tx, &change(), *id, &input)?;
        }
        Ok(())
    })
    .unwrap();
    let count = assets::count(&conn).unwrap();
    for at in ["2024-06-30", "2026-12-31"] {
        let started = std::time::Instant::now();
        let totals = depreciation::totals_at(&conn, day(at)).unwrap();
        let totals_ms = started.elapsed().as_millis();
        let started = std::time::Instant::now();
        let report = depreciation::report(&conn, day(at), "Northwind", "now").unwrap();
        let report_ms = started.elapsed().as_millis();
        let counted: i64 = totals.iter().map(|t| t.assets).sum();
        eprintln!(
            "{count} assets, {counted} counted at {at}: totals_at {totals_ms} ms, report data {report_ms} ms \
             ({} categories, {} asset rows)",
            report.categories.len(),
            report.assets.len()
        );
    }
}
