//! Inventory costs: the settings with their checks and events, and the cost report on a
//! small two-month example worked out by hand (holding, storage split by largest
//! remainder, distribution, disposal, stockouts, another currency kept apart), freight
//! from receipts.

use chrono::NaiveDate;
use tagledger_core::assets::Money;
use tagledger_core::costs::{self, CostBreakdown, CostKind};
use tagledger_core::lifecycle::{self, DisposalInput, DisposalMethod};
use tagledger_core::purchasing::{self, LineInput, OrderInput, ReceiptInput, ReceiptLineInput};
use tagledger_core::scorecard::Period;
use tagledger_core::stock::{self, Disposal, Issue, Receipt, StockItemInput, StockKey, Transfer};
use tagledger_core::{assets, events, write, Change, Connection, Error};

use super::{change, fixture, laptop};

fn on(date: &str) -> Change {
    Change { actor: "tester".into(), at: format!("{date}T10:00:00Z").parse().unwrap() }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn item(conn: &mut Connection, sku: &str, category: i64) -> i64 {
    let input = StockItemInput {
        sku: sku.into(),
        name: format!("Item {sku}"),
        category_id: Some(category),
        ..Default::default()
    };
    write(conn, |tx| stock::create_item(tx, &on("2025-12-01"), &input)).unwrap().id
}

fn receive(conn: &mut Connection, date: &str, item: i64, location: i64, qty: i64, cost: &str) {
    let input = Receipt {
        stock: StockKey::ours(item, location),
        quantity: qty,
        unit_cost: Some(cost.into()),
        ..Default::default()
    };
    write(conn, |tx| stock::receive(tx, &on(date), &input)).unwrap();
}

fn cell(months: &[CostBreakdown], m: usize) -> [i64; 7] {
    let b = months[m];
    [b.holding, b.storage, b.freight, b.distribution, b.disposal, b.stockouts, b.total]
}

fn fields(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn largest_remainder_parts_sum_exactly() {
    assert_eq!(costs::largest_remainder(100, &[1, 1, 1]), [34, 33, 33]);
    assert_eq!(costs::largest_remainder(10_000, &[230_000, 310_000]), [4259, 5741]);
    assert_eq!(costs::largest_remainder(7, &[0, 0]), [0, 0]);
    assert_eq!(costs::largest_remainder(1, &[1, 3]), [0, 1]);
    for total in [0, 1, 99, 12_345] {
        let parts = costs::largest_remainder(total, &[3, 7, 11, 13]);
        assert_eq!(parts.iter().sum::<i64>(), total);
    }
}

#[test]
fn percentages_parse_to_basis_points_without_floats() {
    assert_eq!(costs::parse_percent_bp("25"), Ok(2500));
    assert_eq!(costs::parse_percent_bp("12.5"), Ok(1250));
    assert_eq!(costs::parse_percent_bp(" 7.25 % "), Ok(725));
    assert!(costs::parse_percent_bp("-3").is_err());
    assert!(costs::parse_percent_bp("1.234").is_err());
    assert!(costs::parse_percent_bp("abc").is_err());
}

#[test]
fn settings_are_checked_by_field_and_every_change_is_an_event() {
    let mut f = fixture();
    let c = change();
    let ids = f.ids;
    let s = costs::cost_settings(&f.conn).unwrap();
    assert_eq!(s.default_holding_rate_bp, 2500);
    assert!(s.categories.iter().all(|r| r.holding_rate_bp.is_none() && r.effective_rate_bp == 2500));

    let err = write(&mut f.conn, |tx| costs::set_holding_rate(tx, &c, ids.laptops, Some(10_001))).unwrap_err();
    assert_eq!(fields(err), ["holdingRate"]);
    let err = write(&mut f.conn, |tx| costs::set_default_holding_rate(tx, &c, -1)).unwrap_err();
    assert_eq!(fields(err), ["holdingRate"]);
    let err =
        write(&mut f.conn, |tx| costs::set_storage_cost(tx, &c, ids.room, Some("12,x"), Some("euro"))).unwrap_err();
    assert_eq!(fields(err), ["monthly", "currency"]);
    let err = write(&mut f.conn, |tx| costs::set_holding_rate(tx, &c, 9_999, Some(100))).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }));
    let err = write(&mut f.conn, |tx| costs::set_transfer_cost(tx, &c, 9_999, Some("1"), None)).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }));

    write(&mut f.conn, |tx| {
        costs::set_default_holding_rate(tx, &c, 2000)?;
        costs::set_holding_rate(tx, &c, ids.laptops, Some(3000))?;
        costs::set_storage_cost(tx, &c, ids.room, Some("1,250.50"), None)?;
        // The same value again is no change and no event.
        costs::set_storage_cost(tx, &c, ids.room, Some("1250.50"), Some("eur"))
    })
    .unwrap();
    let s = costs::cost_settings(&f.conn).unwrap();
    assert_eq!(s.default_holding_rate_bp, 2000);
    let rate = |id: i64| s.categories.iter().find(|r| r.category_id == id).unwrap().clone();
    assert_eq!((rate(ids.laptops).holding_rate_bp, rate(ids.laptops).effective_rate_bp), (Some(3000), 3000));
    assert_eq!((rate(ids.monitors).holding_rate_bp, rate(ids.monitors).effective_rate_bp), (None, 2000));
    assert_eq!(s.locations.len(), 1);
    assert_eq!(s.locations[0].monthly, Some(Money { minor: 125_050, currency: "EUR".into() }));
    let storage = events::history(&f.conn, "location", ids.room).unwrap();
    assert_eq!(storage.iter().filter(|e| e.action == "storage cost set").count(), 1);
    assert_eq!(storage[0].after.as_ref().unwrap()["minor"], 125_050);
    assert_eq!(events::history(&f.conn, "category", ids.laptops).unwrap()[0].action, "holding rate set");

    // Blank returns the category to the default and removes the storage cost.
    write(&mut f.conn, |tx| {
        costs::set_holding_rate(tx, &c, ids.laptops, None)?;
        costs::set_storage_cost(tx, &c, ids.room, Some(" "), None)
    })
    .unwrap();
    let s = costs::cost_settings(&f.conn).unwrap();
    assert!(s.categories.iter().all(|r| r.effective_rate_bp == 2000));
    assert!(s.locations.is_empty());
}

/// Laptops (A, €10.00, rate 24 %) and Monitors (B, €5.00, the default 25 %) in the IT
/// Store (€100.00 a month); the Open Plan (€50.00 a month) is empty in January.
///
/// Unit-days: A Jan 10 × 31 − 5 × 16 (issued on the 16th) = 230; Feb at the store
/// 5 × 28 − 2 × 19 (2 moved on the 10th) = 102, at the Open Plan 2 × 19 = 38.
/// B Jan 20 × 31 = 620; Feb 20 × 28 − 1 × 9 (1 disposed on the 20th) = 551.
#[test]
fn a_two_month_example_worked_by_hand() {
    let mut f = fixture();
    let ids = f.ids;
    let c = change();
    let a = item(&mut f.conn, "A", ids.laptops);
    let b = item(&mut f.conn, "B", ids.monitors);
    receive(&mut f.conn, "2026-01-01", a, ids.room, 10, "10.00");
    receive(&mut f.conn, "2026-01-01", b, ids.room, 20, "5.00");
    let issue = Issue {
        stock: StockKey::ours(a, ids.room),
        quantity: 5,
        issued_to: Some("IT".into()),
        reason: "use".into(),
        ..Default::default()
    };
    write(&mut f.conn, |tx| stock::issue(tx, &on("2026-01-16"), &issue)).unwrap();
    let stockout = write(&mut f.conn, |tx| stock::record_stockout(tx, &on("2026-01-25"), a, ids.room, 3)).unwrap();
    let move_two = Transfer {
        item_id: a,
        from_location_id: ids.room,
        to_location_id: ids.other_room,
        quantity: 2,
        ..Default::default()
    };
    let (out, _) = write(&mut f.conn, |tx| stock::transfer(tx, &on("2026-02-10"), &move_two)).unwrap();
    let dispose = Disposal {
        stock: StockKey::ours(b, ids.room),
        quantity: 1,
        reason: "broken".into(),
        disposal_cost: Some("12.00".into()),
        ..Default::default()
    };
    write(&mut f.conn, |tx| stock::dispose(tx, &on("2026-02-20"), &dispose)).unwrap();
    let foreign = write(&mut f.conn, |tx| stock::record_stockout(tx, &on("2026-02-25"), b, ids.room, 1)).unwrap();
    let asset = write(&mut f.conn, |tx| assets::create(tx, &c, &laptop(&ids, "Old laptop"))).unwrap().id;
    let scrap = DisposalInput {
        method: Some(DisposalMethod::Recycle),
        disposed_on: Some("2026-01-20".into()),
        disposal_cost: "40.00".into(),
        ..Default::default()
    };
    write(&mut f.conn, |tx| lifecycle::dispose(tx, &c, asset, &scrap, d("2026-07-01"))).unwrap();

    write(&mut f.conn, |tx| {
        costs::set_holding_rate(tx, &c, ids.laptops, Some(2400))?;
        costs::set_storage_cost(tx, &c, ids.room, Some("100.00"), None)?;
        costs::set_storage_cost(tx, &c, ids.other_room, Some("50.00"), None)?;
        costs::set_transfer_cost(tx, &c, out.id, Some("30.00"), None)?;
        costs::set_stockout_cost(tx, &c, stockout.id, Some("75.00"), None)?;
        costs::set_stockout_cost(tx, &c, foreign.id, Some("20.00"), Some("USD"))
    })
    .unwrap();
    assert_eq!(events::history(&f.conn, "stock_item", a).unwrap()[0].action, "stockout cost set");

    // A period inside the months covers the whole months.
    let r = costs::cost_report(&f.conn, Period::new(d("2026-01-10"), d("2026-02-14"))).unwrap();
    assert_eq!(
        (r.from, r.to, r.months.clone()),
        (d("2026-01-01"), d("2026-02-28"), vec!["2026-01".into(), "2026-02".into()])
    );
    let names: Vec<&str> = r.rows.iter().map(|row| row.category.as_str()).collect();
    assert_eq!(names, ["Laptops", "Monitors", "Unallocated storage"]);
    let (laptops, monitors, unallocated) = (&r.rows[0], &r.rows[1], &r.rows[2]);
    assert!(unallocated.unallocated);

    // Holding: A Jan 230 × €10.00 × 24 % ÷ (31 × 12) = 148.39 → 148; Feb 140 × 1000 ×
    // 24 % ÷ (28 × 12) = 100. B Jan 620 × 500 × 25 % ÷ 372 = 208.33 → 208; Feb 551 ×
    // 500 × 25 % ÷ 336 = 204.99 → 205.
    // Storage Jan: 10,000 by values 230,000 : 310,000 = 4,259.26 : 5,740.74 → 4,259 and
    // 5,741 (the spare cent to the larger remainder); the empty Open Plan's 5,000 is
    // unallocated. Feb: 10,000 by 102,000 : 275,500 = 2,701.99 : 7,298.01 → 2,702 and
    // 7,298; the Open Plan's 5,000 all to Laptops (only A is there).
    // Asset disposal €40.00 (Jan, Laptops); stockout €75.00 (Jan, Laptops); transfer
    // €30.00 (Feb, Laptops); stock disposal €12.00 (Feb, Monitors).
    //                              hold  storage  frt  distr  disp  stockout total
    assert_eq!(cell(&laptops.months, 0), [148, 4259, 0, 0, 4000, 7500, 15907]);
    assert_eq!(cell(&laptops.months, 1), [100, 7702, 0, 3000, 0, 0, 10802]);
    assert_eq!(cell(&monitors.months, 0), [208, 5741, 0, 0, 0, 0, 5949]);
    assert_eq!(cell(&monitors.months, 1), [205, 7298, 0, 0, 1200, 0, 8703]);
    assert_eq!(cell(&unallocated.months, 0), [0, 5000, 0, 0, 0, 0, 5000]);
    assert_eq!(cell(&unallocated.months, 1), [0; 7]);
    // Each location's storage is spent exactly: 15,000 a month.
    assert_eq!(cell(&r.month_totals, 0), [356, 15000, 0, 0, 4000, 7500, 26856]);
    assert_eq!(cell(&r.month_totals, 1), [305, 15000, 0, 3000, 1200, 0, 19505]);
    assert_eq!(r.total.total, 46361);
    assert_eq!(laptops.total.total, 15907 + 10802);

    // The stockouts with their costs; the one in dollars is listed apart, not summed.
    let listed: Vec<(&str, Option<i64>)> =
        r.stockouts.iter().map(|s| (s.item_sku.as_str(), s.cost.as_ref().map(|m| m.minor))).collect();
    // B's disposal emptied nothing; the stockouts are the two recorded.
    assert_eq!(listed, [("A", Some(7500)), ("B", Some(2000))]);
    assert_eq!(r.other_currencies.len(), 1);
    let o = &r.other_currencies[0];
    assert_eq!((o.kind, o.month.as_str(), o.label.as_str()), (CostKind::Stockouts, "2026-02", "Monitors"));
    assert_eq!(o.cost, Money { minor: 2000, currency: "USD".into() });

    // The transfer list shows its cost; the print data carries the same figures.
    let moved = costs::transfers(&f.conn, Period::new(d("2026-02-01"), d("2026-02-28"))).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!((moved[0].quantity, moved[0].cost.as_ref().map(|m| m.minor)), (2, Some(3000)));
    let pdf = costs::report(&f.conn, Period::new(d("2026-01-01"), d("2026-02-28")), "Org", "now").unwrap();
    assert_eq!(pdf.categories[0].monthly, [15907, 10802]);
    assert_eq!(pdf.by_month[1].by_kind, [305, 15000, 0, 3000, 1200, 0]);
    assert_eq!(pdf.other_currencies, ["2026-02 Stockouts, Monitors: $20.00"]);

    // Only January: February's costs are not in it.
    let jan = costs::cost_report(&f.conn, Period::new(d("2026-01-01"), d("2026-01-31"))).unwrap();
    assert_eq!(jan.total.total, 26856);
    let err = costs::cost_report(&f.conn, Period::new(d("2026-02-01"), d("2026-01-31"))).unwrap_err();
    assert_eq!(fields(err), ["to"]);
}

#[test]
fn freight_comes_from_receipt_lines_under_the_items_category() {
    let mut f = fixture();
    let ids = f.ids;
    let c = change();
    let keyboard = item(&mut f.conn, "KB", ids.laptops);
    let toner = item(&mut f.conn, "TN", ids.monitors);
    let po = write(&mut f.conn, |tx| {
        let supplier = tagledger_core::reference::create_supplier(tx, &c, "CDW", None, None, None)?;
        let line = |item: i64, quantity: i64, price: &str| LineInput {
            item_id: Some(item),
            quantity,
            unit_price: Some(price.into()),
            ..Default::default()
        };
        let input = OrderInput {
            supplier_id: supplier,
            deliver_to_id: ids.room,
            currency: Some("EUR".into()),
            lines: vec![line(keyboard, 3, "3.33"), line(toner, 1, "0.01")],
            ..Default::default()
        };
        let order = purchasing::create_order(tx, &c, &input)?;
        purchasing::approve(tx, &c, order.id)?;
        purchasing::send(tx, &c, order.id, d("2026-03-02"))
    })
    .unwrap();
    let accept = |id: i64, qty: i64| ReceiptLineInput { order_line_id: id, accepted_qty: qty, ..Default::default() };
    let input = ReceiptInput {
        order_id: po.id,
        received_on: d("2026-03-05"),
        freight: Some("10.00".into()),
        lines: vec![accept(po.lines[0].id, 3), accept(po.lines[1].id, 1)],
        ..Default::default()
    };
    write(&mut f.conn, |tx| purchasing::receive(tx, &c, &input)).unwrap();
    // No holding at 0 %, no storage set: freight alone, 999 and 1 of the €10.00.
    write(&mut f.conn, |tx| costs::set_default_holding_rate(tx, &c, 0)).unwrap();
    let r = costs::cost_report(&f.conn, Period::new(d("2026-03-01"), d("2026-04-30"))).unwrap();
    assert_eq!(r.rows.len(), 2);
    assert_eq!(cell(&r.rows[0].months, 0), [0, 0, 999, 0, 0, 0, 999]);
    assert_eq!(cell(&r.rows[1].months, 0), [0, 0, 1, 0, 0, 0, 1]);
    assert_eq!(cell(&r.month_totals, 1), [0; 7]);
    assert_eq!(r.total.freight, 1000);
}
