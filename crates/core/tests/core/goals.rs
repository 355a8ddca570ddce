//! Core tests: goals (issue 7) — category kinds, goal validation, and the month-by-month
//! actuals against the goals on small hand-computed data.

use chrono::NaiveDate;
use tagledger_core::assets::{self, AssetInput};
use tagledger_core::goals::{self, GoalMeasure, Goals};
use tagledger_core::reference::{self, CategoryKind};
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey};
use tagledger_core::{Change, Connection, Error};

use super::fixture;

fn on(date: &str) -> Change {
    Change { actor: "tester".into(), at: format!("{date}T10:00:00Z").parse().unwrap() }
}

fn d(date: &str) -> NaiveDate {
    date.parse().unwrap()
}

fn category(conn: &mut Connection, name: &str, kind: CategoryKind) -> i64 {
    tagledger_core::write(conn, |tx| reference::create_category_of_kind(tx, &on("2025-01-01"), name, kind, &[]))
        .unwrap()
}

fn item(conn: &mut Connection, sku: &str, category: i64) -> i64 {
    let input = StockItemInput {
        sku: sku.into(),
        name: format!("Item {sku}"),
        category_id: Some(category),
        ..Default::default()
    };
    tagledger_core::write(conn, |tx| stock::create_item(tx, &on("2025-01-01"), &input)).unwrap().id
}

fn receive(conn: &mut Connection, date: &str, item: i64, location: i64, qty: i64, cost: &str, currency: &str) {
    let input = Receipt {
        stock: StockKey::ours(item, location),
        quantity: qty,
        unit_cost: Some(cost.into()),
        currency: Some(currency.into()),
        ..Default::default()
    };
    tagledger_core::write(conn, |tx| stock::receive(tx, &on(date), &input)).unwrap();
}

fn issue(conn: &mut Connection, date: &str, item: i64, location: i64, qty: i64) {
    let input = Issue {
        stock: StockKey::ours(item, location),
        quantity: qty,
        issued_to: Some("IT".into()),
        reason: "use".into(),
        ..Default::default()
    };
    tagledger_core::write(conn, |tx| stock::issue(tx, &on(date), &input)).unwrap();
}

fn stockout(conn: &mut Connection, date: &str, item: i64, location: i64, unmet: i64) {
    tagledger_core::write(conn, |tx| stock::record_stockout(tx, &on(date), item, location, unmet)).unwrap();
}

fn set(conn: &mut Connection, category: i64, goals: &Goals) -> Result<goals::CategoryGoals, Error> {
    tagledger_core::write(conn, |tx| goals::set_goals(tx, &on("2026-01-01"), category, goals))
}

/// The fields of a validation error, in order.
fn fields(result: Result<impl std::fmt::Debug, Error>) -> Vec<String> {
    match result {
        Err(Error::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn events(conn: &Connection, entity_id: i64, action: &str) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM events WHERE entity = 'category' AND entity_id = ?1 AND action = ?2",
        rusqlite::params![entity_id, action],
        |r| r.get(0),
    )
    .unwrap()
}

// ---- category kind ------------------------------------------------------------------

#[test]
fn categories_carry_their_kind_and_refuse_a_kind_their_users_do_not_fit() {
    let mut f = fixture();
    let ids = f.ids;
    let toner = category(&mut f.conn, "Toner", CategoryKind::Stock);
    let kinds: Vec<(String, CategoryKind)> =
        reference::categories(&f.conn).unwrap().into_iter().map(|c| (c.name, c.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("Laptops".to_string(), CategoryKind::Both),
            ("Monitors".to_string(), CategoryKind::Both),
            ("Toner".to_string(), CategoryKind::Stock)
        ]
    );

    // Laptops has a model (and, below, an asset): it cannot become stock-only.
    let refused = tagledger_core::write(&mut f.conn, |tx| {
        reference::update_category(tx, &on("2026-01-01"), ids.laptops, "Laptops", CategoryKind::Stock)
    });
    assert_eq!(fields(refused), ["kind"]);
    // Monitors has an asset only.
    tagledger_core::write(&mut f.conn, |tx| {
        let screen = AssetInput {
            name: "Screen".into(),
            category_id: Some(ids.monitors),
            location_id: Some(ids.room),
            ..Default::default()
        };
        assets::create(tx, &on("2026-01-01"), &screen)
    })
    .unwrap();
    let refused = tagledger_core::write(&mut f.conn, |tx| {
        reference::update_category(tx, &on("2026-01-01"), ids.monitors, "Monitors", CategoryKind::Stock)
    });
    match refused {
        Err(Error::Invalid(e)) => assert_eq!(e[0].message, "used by 1 asset, so it cannot hold stock only"),
        other => panic!("{other:?}"),
    }
    // …but asset-only is fine, with a rename, and logged.
    let monitors = tagledger_core::write(&mut f.conn, |tx| {
        reference::update_category(tx, &on("2026-01-01"), ids.monitors, "Displays", CategoryKind::Asset)
    })
    .unwrap();
    assert_eq!((monitors.name.as_str(), monitors.kind), ("Displays", CategoryKind::Asset));
    assert_eq!(events(&f.conn, ids.monitors, "updated"), 1);

    // Toner has a stock item: it cannot become asset-only; both is fine.
    item(&mut f.conn, "TN-1", toner);
    let refused = tagledger_core::write(&mut f.conn, |tx| {
        reference::update_category(tx, &on("2026-01-01"), toner, "Toner", CategoryKind::Asset)
    });
    assert_eq!(fields(refused), ["kind"]);
    let both = tagledger_core::write(&mut f.conn, |tx| {
        reference::update_category(tx, &on("2026-01-01"), toner, "Toner", CategoryKind::Both)
    })
    .unwrap();
    assert_eq!(both.kind, CategoryKind::Both);

    // A name taken by another category is a conflict; an unchanged update logs nothing.
    let taken = tagledger_core::write(&mut f.conn, |tx| {
        reference::update_category(tx, &on("2026-01-01"), toner, "Laptops", CategoryKind::Both)
    });
    assert!(matches!(taken, Err(Error::Conflict { field: Some(ref f), .. }) if f == "name"), "{taken:?}");
    tagledger_core::write(&mut f.conn, |tx| {
        reference::update_category(tx, &on("2026-01-01"), toner, "Toner", CategoryKind::Both)
    })
    .unwrap();
    assert_eq!(events(&f.conn, toner, "updated"), 1);
}

// ---- goals --------------------------------------------------------------------------

#[test]
fn goals_are_validated_set_logged_and_cleared() {
    let mut f = fixture();
    let toner = category(&mut f.conn, "Toner", CategoryKind::Stock);
    let desks = category(&mut f.conn, "Desks", CategoryKind::Asset);

    let bad = Goals {
        fill_rate_bp: Some(10_001),
        max_stockouts_per_quarter: Some(-1),
        target_turns_centi: Some(0),
        min_days_of_cover: Some(10),
        max_days_of_cover: Some(5),
        max_stock_age_days: Some(0),
    };
    assert_eq!(
        fields(set(&mut f.conn, toner, &bad)),
        ["fillRateBp", "maxStockoutsPerQuarter", "targetTurnsCenti", "maxDaysOfCover", "maxStockAgeDays"]
    );
    let negative_cover = Goals { min_days_of_cover: Some(-1), max_days_of_cover: Some(-2), ..Goals::default() };
    assert_eq!(fields(set(&mut f.conn, toner, &negative_cover)), ["minDaysOfCover", "maxDaysOfCover"]);
    let fine = Goals { fill_rate_bp: Some(9_800), max_stockouts_per_quarter: Some(1), ..Goals::default() };
    assert_eq!(fields(set(&mut f.conn, desks, &fine)), ["categoryId"]);
    assert!(matches!(set(&mut f.conn, 999, &fine), Err(Error::NotFound { .. })));

    // The edges are allowed: 0% and 100%, no stockouts, min cover = max cover.
    let edges = Goals {
        fill_rate_bp: Some(10_000),
        max_stockouts_per_quarter: Some(0),
        target_turns_centi: Some(1),
        min_days_of_cover: Some(0),
        max_days_of_cover: Some(0),
        max_stock_age_days: Some(1),
    };
    assert_eq!(set(&mut f.conn, toner, &edges).unwrap().goals, edges);
    let saved = set(&mut f.conn, toner, &fine).unwrap();
    assert_eq!((saved.category_name.as_str(), &saved.goals), ("Toner", &fine));
    // Setting the same goals again changes nothing and logs nothing.
    set(&mut f.conn, toner, &fine).unwrap();
    assert_eq!(events(&f.conn, toner, "goals_set"), 2);
    let listed = goals::category_goals(&f.conn).unwrap();
    let names: Vec<&str> = listed.iter().map(|c| c.category_name.as_str()).collect();
    assert_eq!(names, ["Laptops", "Monitors", "Toner"], "asset-only Desks has no goals");
    assert_eq!(listed[2].goals, fine);

    // All empty removes the row.
    set(&mut f.conn, toner, &Goals::default()).unwrap();
    let rows: i64 = f.conn.query_row("SELECT count(*) FROM category_goals", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);
    assert_eq!(events(&f.conn, toner, "goals_set"), 3);
}

/// Toner (two items, one priced in USD) over January to March 2026; every figure below
/// is worked out by hand in the comments.
#[test]
fn actuals_month_by_month_against_the_goals() {
    let mut f = fixture();
    let room = f.ids.room;
    let toner = category(&mut f.conn, "Toner", CategoryKind::Stock);
    category(&mut f.conn, "Empty stock family", CategoryKind::Stock);
    let t1 = item(&mut f.conn, "TN-1", toner);
    let t2 = item(&mut f.conn, "TN-2", toner);

    receive(&mut f.conn, "2025-12-10", t1, room, 100, "10.00", "EUR");
    // January: 40 issued; 50 more arrive at 12.00.
    issue(&mut f.conn, "2026-01-10", t1, room, 40);
    receive(&mut f.conn, "2026-01-20", t1, room, 50, "12.00", "EUR");
    // February: 100 issued, two stockouts (30 + 10 unmet), 20 arrive.
    issue(&mut f.conn, "2026-02-05", t1, room, 100);
    stockout(&mut f.conn, "2026-02-06", t1, room, 30);
    stockout(&mut f.conn, "2026-02-15", t1, room, 10);
    receive(&mut f.conn, "2026-02-20", t1, room, 20, "12.00", "EUR");
    // March: TN-2 comes in dollars; 10 + 5 issued; one stockout of 5.
    receive(&mut f.conn, "2026-03-01", t2, room, 10, "5.00", "USD");
    issue(&mut f.conn, "2026-03-03", t1, room, 10);
    issue(&mut f.conn, "2026-03-10", t2, room, 5);
    stockout(&mut f.conn, "2026-03-25", t1, room, 5);
    // April is after `as_of` and must not count.
    issue(&mut f.conn, "2026-04-01", t1, room, 1);

    let goals = Goals {
        fill_rate_bp: Some(9_800),
        max_stockouts_per_quarter: Some(2),
        target_turns_centi: Some(500),
        min_days_of_cover: Some(10),
        max_days_of_cover: Some(60),
        max_stock_age_days: Some(45),
    };
    set(&mut f.conn, toner, &goals).unwrap();

    let report = goals::goal_actuals(&f.conn, d("2026-03-31"), 3).unwrap();
    assert_eq!(report.currency, "EUR");
    let names: Vec<&str> = report.categories.iter().map(|c| c.category_name.as_str()).collect();
    assert_eq!(names, ["Toner"], "categories without stock items are left out");
    let toner = &report.categories[0];
    assert_eq!(toner.goals, goals);
    let m = &toner.months;
    assert_eq!(m.iter().map(|m| m.month).collect::<Vec<_>>(), [d("2026-01-01"), d("2026-02-01"), d("2026-03-01")]);
    assert_eq!(m[2].through, d("2026-03-31"));

    // January: fill 40/40; opening 100 × 10.00, closing 110 × 12.00 (the last receipt's
    // cost), cost of issues 40 × 12.00 → 48000 × 12 ÷ 116000 = 4.9655 turns; cover
    // 110 × 31 ÷ 40 = 85.25 days; oldest unit (FIFO) from 10 December: 52 days.
    let jan = &m[0];
    assert_eq!((jan.issued, jan.demand_unmet, jan.fill_rate_bp), (40, 0, Some(10_000)));
    assert_eq!((jan.stockouts, jan.stockouts_quarter_to_date), (0, 0));
    assert_eq!(
        (jan.opening_value_minor, jan.closing_value_minor, jan.cost_of_issues_minor),
        (100_000, 132_000, 48_000)
    );
    assert_eq!(jan.turns_centi, Some(496));
    assert_eq!((jan.on_hand, jan.days_of_cover), (110, Some(85.25)));
    assert_eq!(jan.oldest_stock_age_days, Some(52));
    assert_eq!(jan.missed, [GoalMeasure::Turns, GoalMeasure::DaysOfCover, GoalMeasure::StockAge]);

    // February: fill 100/140 = 71.42%; 2 stockouts; 120000 × 12 ÷ ((132000 + 36000) ÷ 2)
    // = 17.14 turns; cover 30 × 28 ÷ 100 = 8.4 days; oldest from 20 January: 39 days.
    let feb = &m[1];
    assert_eq!((feb.issued, feb.demand_unmet, feb.fill_rate_bp), (100, 40, Some(7_142)));
    assert_eq!((feb.stockouts, feb.stockouts_quarter_to_date), (2, 2));
    assert_eq!(
        (feb.opening_value_minor, feb.closing_value_minor, feb.cost_of_issues_minor),
        (132_000, 36_000, 120_000)
    );
    assert_eq!(feb.turns_centi, Some(1_714));
    assert_eq!((feb.on_hand, feb.days_of_cover), (30, Some(8.4)));
    assert_eq!(feb.oldest_stock_age_days, Some(39));
    assert_eq!(feb.missed, [GoalMeasure::FillRate, GoalMeasure::DaysOfCover]);

    // March: fill 15/20 = 75%; 3 stockouts this quarter; the dollar item is left out of
    // the value: 12000 × 12 ÷ 30000 = 4.8 turns; cover (20 + 5) × 31 ÷ 15 = 51.67 days;
    // oldest from 20 February: 39 days.
    let mar = &m[2];
    assert_eq!((mar.issued, mar.demand_unmet, mar.fill_rate_bp), (15, 5, Some(7_500)));
    assert_eq!((mar.stockouts, mar.stockouts_quarter_to_date), (1, 3));
    assert_eq!((mar.opening_value_minor, mar.closing_value_minor, mar.cost_of_issues_minor), (36_000, 24_000, 12_000));
    assert_eq!(mar.turns_centi, Some(480));
    assert_eq!(mar.on_hand, 25);
    assert!((mar.days_of_cover.unwrap() - 25.0 * 31.0 / 15.0).abs() < 1e-9);
    assert_eq!(mar.oldest_stock_age_days, Some(39));
    assert_eq!(mar.missed, [GoalMeasure::FillRate, GoalMeasure::Stockouts, GoalMeasure::Turns]);

    // A month to date: as of 15 January, 40 issued over 15 days, cover 110 × 15 ÷ 40.
    // Turns scale to the whole month: 48000 × 12 × 31/15 ÷ 116000 = 10.26.
    let part = goals::goal_actuals(&f.conn, d("2026-01-15"), 1).unwrap();
    let jan = &part.categories[0].months[0];
    assert_eq!((jan.month, jan.through), (d("2026-01-01"), d("2026-01-15")));
    assert_eq!((jan.on_hand, jan.days_of_cover), (60, Some(60.0 * 15.0 / 40.0)));
    // On 15 January only the December receipt is known: cost 10.00, closing 60 × 10.00.
    assert_eq!((jan.opening_value_minor, jan.closing_value_minor, jan.cost_of_issues_minor), (100_000, 60_000, 40_000));
    assert_eq!(jan.turns_centi, Some(1_240), "40000 × 2400 × 31 ÷ (160000 × 15)");

    assert!(matches!(goals::goal_actuals(&f.conn, d("2026-03-31"), 0), Err(Error::Invalid(_))));
}

/// One month whose figures are whole numbers, so each goal can sit exactly on its
/// figure (met) and one step past it (missed).
#[test]
fn missed_is_exact_at_the_edges() {
    let mut f = fixture();
    let room = f.ids.room;
    let edge = category(&mut f.conn, "Edge", CategoryKind::Both);
    let e = item(&mut f.conn, "E-1", edge);
    receive(&mut f.conn, "2026-03-01", e, room, 60, "1.00", "EUR");
    issue(&mut f.conn, "2026-04-10", e, room, 30);
    stockout(&mut f.conn, "2026-04-11", e, room, 10);
    // April: fill 30/40 = 75%; 1 stockout; 3000 × 12 ÷ ((6000 + 3000) ÷ 2) = 8 turns;
    // cover 30 × 30 ÷ 30 = 30 days; oldest from 1 March: 60 days.
    let month =
        |conn: &Connection| goals::goal_actuals(conn, d("2026-04-30"), 1).unwrap().categories[0].months[0].clone();
    let april = month(&f.conn);
    assert_eq!(
        (april.fill_rate_bp, april.stockouts_quarter_to_date, april.turns_centi, april.days_of_cover),
        (Some(7_500), 1, Some(800), Some(30.0))
    );
    assert_eq!(april.oldest_stock_age_days, Some(60));

    let on_the_edge = Goals {
        fill_rate_bp: Some(7_500),
        max_stockouts_per_quarter: Some(1),
        target_turns_centi: Some(800),
        min_days_of_cover: Some(30),
        max_days_of_cover: Some(30),
        max_stock_age_days: Some(60),
    };
    set(&mut f.conn, edge, &on_the_edge).unwrap();
    assert_eq!(month(&f.conn).missed, []);

    let one_past = Goals {
        fill_rate_bp: Some(7_501),
        max_stockouts_per_quarter: Some(0),
        target_turns_centi: Some(801),
        min_days_of_cover: Some(31),
        max_days_of_cover: Some(40),
        max_stock_age_days: Some(59),
    };
    set(&mut f.conn, edge, &one_past).unwrap();
    assert_eq!(
        month(&f.conn).missed,
        [
            GoalMeasure::FillRate,
            GoalMeasure::Stockouts,
            GoalMeasure::Turns,
            GoalMeasure::DaysOfCover,
            GoalMeasure::StockAge
        ]
    );

    // Cover above the maximum misses too; with no goals nothing misses.
    set(&mut f.conn, edge, &Goals { max_days_of_cover: Some(29), ..Goals::default() }).unwrap();
    assert_eq!(month(&f.conn).missed, [GoalMeasure::DaysOfCover]);
    set(&mut f.conn, edge, &Goals::default()).unwrap();
    assert_eq!(month(&f.conn).missed, []);
}
