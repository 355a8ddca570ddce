//! ABC/XYZ classification, FIFO stock ageing with slow and dead stock, and stockout
//! analysis, on small hand-computed data.

use chrono::NaiveDate;
use tagledger_core::classification::{self, Abc, Thresholds, Xyz};
use tagledger_core::purchasing::{self, LineInput, OrderInput};
use tagledger_core::reorder::{self, OfferInput, ReorderInput};
use tagledger_core::scorecard::Period;
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey, StockoutCause};
use tagledger_core::stock_analysis::{self, IdleStatus, Preventable, SuggestedAction};
use tagledger_core::{reference, Change, Connection, Error};

use super::fixture;

fn on(date: &str) -> Change {
    Change { actor: "tester".into(), at: format!("{date}T10:00:00Z").parse().unwrap() }
}

fn d(date: &str) -> NaiveDate {
    date.parse().unwrap()
}

fn item(conn: &mut Connection, sku: &str, category: Option<i64>) -> i64 {
    let input =
        StockItemInput { sku: sku.into(), name: format!("Item {sku}"), category_id: category, ..Default::default() };
    tagledger_core::write(conn, |tx| stock::create_item(tx, &on("2025-01-01"), &input)).unwrap().id
}

fn receive(conn: &mut Connection, date: &str, item: i64, location: i64, qty: i64, cost: Option<&str>) {
    let input = Receipt {
        stock: StockKey::ours(item, location),
        quantity: qty,
        unit_cost: cost.map(str::to_string),
        currency: cost.map(|_| "EUR".to_string()),
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

fn supplier(conn: &mut Connection, name: &str) -> i64 {
    tagledger_core::write(conn, |tx| reference::create_supplier(tx, &on("2025-01-01"), name, None, None, None)).unwrap()
}

fn offer(conn: &mut Connection, item: i64, supplier: i64, price: &str, lead_days: i64) {
    let input = OfferInput {
        item_id: item,
        supplier_id: supplier,
        price: price.into(),
        currency: Some("EUR".into()),
        lead_time_days: lead_days,
        min_order_qty: 1,
        pack_size: 1,
        preferred: true,
        ..Default::default()
    };
    tagledger_core::write(conn, |tx| reorder::create_offer(tx, &on("2025-01-01"), &input)).unwrap();
}

/// Issues `series[m]` on the 15th of each month of 2026.
fn issue_monthly(conn: &mut Connection, item: i64, location: i64, series: [i64; 12]) {
    for (m, qty) in series.iter().enumerate() {
        if *qty > 0 {
            issue(conn, &format!("2026-{:02}-15", m + 1), item, location, *qty);
        }
    }
}

#[test]
fn abc_by_value_xyz_by_variability_and_the_matrix() {
    let mut f = fixture();
    let room = f.ids.room;
    let acme = supplier(&mut f.conn, "Acme");
    let conn = &mut f.conn;
    // Values over 2026 (total €12,000.00): P1 6,000 (50%), P2 3,600 (cum 80% exactly:
    // A), P3 1,200 (90%), P4 600 (95% exactly: B), P5 360 (98%), P6 240 (100%).
    let ids: Vec<i64> = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"].iter().map(|s| item(conn, s, None)).collect();
    for (i, id) in ids.iter().enumerate() {
        let cost = ["40.00", "30.00", "10.00", "5.00", "3.00", "2.00"].get(i).copied();
        receive(conn, "2025-11-01", *id, room, 1000, cost);
    }
    // P1's preferred offer (50.00) wins over its receipt cost (40.00).
    offer(conn, ids[0], acme, "50.00", 10);
    // A later receipt of P2 at 30.00 after an earlier dearer one: the last receipt counts.
    receive(conn, "2025-11-02", ids[1], room, 1, Some("30.00"));
    // Steady 10 a month: CV 0 (X).
    issue_monthly(conn, ids[0], room, [10; 12]);
    // 0, 20, 0, 20…: mean 10, σ 10, CV exactly 1.0 (Y).
    issue_monthly(conn, ids[1], room, [0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20]);
    // 120 in one month: mean 10, σ √1100 = 33.166…, CV 3.3166 (Z).
    issue_monthly(conn, ids[2], room, [0, 0, 0, 0, 0, 120, 0, 0, 0, 0, 0, 0]);
    // 5, 15, 5, 15…: mean 10, σ 5, CV exactly 0.5 (X).
    issue_monthly(conn, ids[3], room, [5, 15, 5, 15, 5, 15, 5, 15, 5, 15, 5, 15]);
    issue_monthly(conn, ids[4], room, [10; 12]);
    issue_monthly(conn, ids[5], room, [10; 12]);
    // P7 has no price; P8 is never issued. An issue before the twelve months does not count.
    issue(conn, "2026-03-15", ids[6], room, 12);
    issue(conn, "2025-12-31", ids[0], room, 500);

    let c = classification::classify(conn, d("2026-12-31")).unwrap();
    let got: Vec<(&str, i64, i64, Abc, Xyz)> =
        c.items.iter().map(|i| (i.item.sku.as_str(), i.annual_qty, i.annual_value_minor, i.abc, i.xyz)).collect();
    assert_eq!(
        got,
        [
            ("P1", 120, 600_000, Abc::A, Xyz::X),
            ("P2", 120, 360_000, Abc::A, Xyz::Y),
            ("P3", 120, 120_000, Abc::B, Xyz::Z),
            ("P4", 120, 60_000, Abc::B, Xyz::X),
            ("P5", 120, 36_000, Abc::C, Xyz::X),
            ("P6", 120, 24_000, Abc::C, Xyz::X),
        ]
    );
    assert_eq!(c.items[0].unit_cost_minor, 5_000, "the preferred offer's price");
    assert_eq!(c.items[1].monthly_qty, [0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20]);
    assert_eq!(c.items[1].cumulative_share, 0.8);
    assert_eq!(c.items[2].share, 0.1);
    assert_eq!(c.items[1].cv, 1.0);
    assert_eq!(c.items[3].cv, 0.5);
    assert!((c.items[2].cv - 1100f64.sqrt() / 10.0).abs() < 1e-12, "{}", c.items[2].cv);
    assert_eq!(c.unpriced.len(), 1);
    assert_eq!((c.unpriced[0].item.sku.as_str(), c.unpriced[0].annual_qty, c.unpriced[0].xyz), ("P7", 12, Xyz::Z));
    assert_eq!(c.no_demand.iter().map(|i| i.sku.as_str()).collect::<Vec<_>>(), ["P8"]);

    let counts: Vec<i64> = c.matrix.iter().map(|m| m.items).collect();
    // AX AY AZ / BX BY BZ / CX CY CZ
    assert_eq!(counts, [1, 1, 0, 1, 0, 1, 2, 0, 0]);
    assert_eq!(c.cell(Abc::C, Xyz::X).value[0].minor, 60_000);
    assert_eq!(c.cell(Abc::B, Xyz::Z).value[0].minor, 120_000);
    assert!(c.cell(Abc::A, Xyz::Z).value.is_empty());

    // Stricter thresholds: A only to 50%, X only to 0.4.
    let t = Thresholds { a_percent: 50, b_percent: 90, x_cv: 0.4, y_cv: 1.0 };
    tagledger_core::write(conn, |tx| classification::set_thresholds(tx, &on("2026-12-31"), &t)).unwrap();
    let c = classification::classify(conn, d("2026-12-31")).unwrap();
    let classes: Vec<(Abc, Xyz)> = c.items.iter().map(|i| (i.abc, i.xyz)).collect();
    assert_eq!(
        classes,
        [(Abc::A, Xyz::X), (Abc::B, Xyz::Y), (Abc::B, Xyz::Z), (Abc::C, Xyz::Y), (Abc::C, Xyz::X), (Abc::C, Xyz::X)]
    );
    let logged: i64 = conn
        .query_row("SELECT count(*) FROM events WHERE entity = 'classification_thresholds'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(logged, 1);
}

#[test]
fn thresholds_must_be_in_order() {
    let mut f = fixture();
    assert_eq!(classification::thresholds(&f.conn).unwrap(), Thresholds::default());
    let bad = Thresholds { a_percent: 95, b_percent: 90, x_cv: 0.0, y_cv: 1.0 };
    let err = tagledger_core::write(&mut f.conn, |tx| classification::set_thresholds(tx, &on("2026-01-01"), &bad))
        .unwrap_err();
    let Error::Invalid(fields) = err else { panic!("{err:?}") };
    let fields: Vec<(&str, &str)> = fields.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
    assert_eq!(fields, [("bPercent", "must be above the A threshold (95%)"), ("xCv", "must be above 0")]);
    let bad = Thresholds { a_percent: 80, b_percent: 100, x_cv: 0.5, y_cv: 0.5 };
    let err = tagledger_core::write(&mut f.conn, |tx| classification::set_thresholds(tx, &on("2026-01-01"), &bad))
        .unwrap_err();
    let Error::Invalid(fields) = err else { panic!("{err:?}") };
    assert_eq!(fields.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["bPercent", "yCv"]);
    assert_eq!(classification::thresholds(&f.conn).unwrap(), Thresholds::default(), "nothing was saved");
}

#[test]
fn ageing_assigns_what_is_left_to_the_latest_receipts() {
    let mut f = fixture();
    let (room, other) = (f.ids.room, f.ids.other_room);
    let acme = supplier(&mut f.conn, "Acme");
    let conn = &mut f.conn;
    let as_of = d("2026-12-31");
    let toner = item(conn, "TON", None);
    // 400, 200 and 30 days before 2026-12-31.
    receive(conn, "2025-11-26", toner, room, 10, Some("1.00"));
    receive(conn, "2026-06-14", toner, room, 10, Some("2.00"));
    receive(conn, "2026-12-01", toner, room, 10, Some("3.00"));
    issue(conn, "2026-12-10", toner, room, 15);

    // Slow, with an offer and stock under a year old: return it (received 200 days ago).
    let cable = item(conn, "CAB", None);
    offer(conn, cable, acme, "4.00", 5);
    receive(conn, "2026-06-14", cable, room, 4, Some("4.00"));
    // Dead, but the other room issued it lately: transfer there.
    let mouse = item(conn, "MOU", None);
    receive(conn, "2025-06-01", mouse, room, 3, Some("10.00"));
    receive(conn, "2025-06-01", mouse, other, 5, Some("10.00"));
    issue(conn, "2025-07-01", mouse, room, 1);
    issue(conn, "2026-11-15", mouse, other, 2);
    // Dead, no offer, issued nowhere lately: dispose.
    let tape = item(conn, "TAP", None);
    receive(conn, "2025-01-10", tape, room, 2, Some("7.50"));
    // Received after as_of: not there yet.
    receive(conn, "2027-01-05", tape, room, 9, Some("7.50"));

    let a = stock_analysis::ageing(conn, as_of).unwrap();
    let row = a.items.iter().find(|r| r.item.sku == "TON").unwrap();
    assert_eq!(row.on_hand, 15);
    let qty: Vec<i64> = row.buckets.iter().map(|b| b.quantity).collect();
    assert_eq!(qty, [10, 0, 5, 0]);
    assert_eq!(row.buckets[0].value[0].minor, 3_000, "10 × 3.00");
    assert_eq!(row.buckets[2].value[0].minor, 1_000, "5 × 2.00");
    assert_eq!(row.total.value[0].minor, 4_000);
    assert_eq!(row.oldest_age_days, 200);
    assert_eq!(row.last_issue_on, Some(d("2026-12-10")));

    let tape_row = a.items.iter().find(|r| r.item.sku == "TAP").unwrap();
    assert_eq!((tape_row.on_hand, tape_row.oldest_age_days), (2, 720));
    // Totals: TON 10/5, CAB 4 at 200 days, MOU 2 + 3 at 578 days, TAP 2 at 720 days.
    let totals: Vec<i64> = a.buckets.iter().map(|b| b.quantity).collect();
    assert_eq!(totals, [10, 0, 9, 7]);
    assert_eq!(a.buckets[3].value[0].minor, 5 * 1_000 + 2 * 750);

    let slow: Vec<(&str, &str, i64, IdleStatus, SuggestedAction)> = a
        .slow
        .iter()
        .map(|s| (s.item.sku.as_str(), s.location_name.as_str(), s.idle_days, s.status, s.action.clone()))
        .collect();
    assert_eq!(
        slow,
        [
            ("TAP", "London HQ › North Tower › IT Store", 720, IdleStatus::Dead, SuggestedAction::Dispose),
            (
                "MOU",
                "London HQ › North Tower › IT Store",
                548,
                IdleStatus::Dead,
                SuggestedAction::Transfer {
                    location_id: other,
                    location_name: "Kraków Office › Main Building › Open Plan".into()
                }
            ),
            ("CAB", "London HQ › North Tower › IT Store", 200, IdleStatus::Slow, SuggestedAction::ReturnToSupplier),
        ]
    );
    // The other room's mice were issued 46 days ago: neither slow nor dead.
    assert!(!a.slow.iter().any(|s| s.location_id == other));
}

#[test]
fn stockout_durations_groups_and_what_would_have_prevented_them() {
    let mut f = fixture();
    let (room, laptops) = (f.ids.room, f.ids.laptops);
    let acme = supplier(&mut f.conn, "Acme");
    let conn = &mut f.conn;
    let toner = item(conn, "TON", Some(laptops));
    let mouse = item(conn, "MOU", None);
    offer(conn, toner, acme, "20.00", 10);
    // Toner: 90 issued in the 90 days before 2026-03-01 (1 a day), lead time 10 days,
    // so lead-time demand is 10; a reorder point of 5 is below it.
    receive(conn, "2025-12-01", toner, room, 90, Some("20.00"));
    issue(conn, "2025-12-15", toner, room, 45);
    issue(conn, "2026-02-27", toner, room, 45); // empties the shelf: a stockout on 2026-02-27
    let input = ReorderInput {
        item_id: toner,
        location_id: room,
        reorder_point: 5,
        safety_stock: 0,
        order_up_to: 20,
        ..Default::default()
    };
    tagledger_core::write(conn, |tx| reorder::set_reorder(tx, &on("2026-01-01"), &input)).unwrap();
    receive(conn, "2026-03-09", toner, room, 20, Some("20.00"));
    // Mouse: no offer, no rule; out from 2026-03-20 to the end of the period.
    receive(conn, "2026-03-01", mouse, room, 1, None);
    issue(conn, "2026-03-20", mouse, room, 1);
    let outs: Vec<i64> = conn
        .prepare("SELECT id FROM stockouts ORDER BY at")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(outs.len(), 2);
    tagledger_core::write(conn, |tx| {
        stock::set_stockout_cause(tx, &on("2026-03-10"), outs[0], StockoutCause::ReorderPointTooLow, "")?;
        stock::set_stockout_cause(tx, &on("2026-03-21"), outs[1], StockoutCause::DemandSpike, "")
    })
    .unwrap();

    let a = stock_analysis::stockout_analysis(conn, Period::new(d("2026-01-01"), d("2026-03-31"))).unwrap();
    let got: Vec<(&str, i64, bool, Option<Preventable>)> =
        a.stockouts.iter().map(|s| (s.item.sku.as_str(), s.duration_days, s.ongoing, s.preventable)).collect();
    assert_eq!(got, [("TON", 10, false, Some(Preventable::ReorderPointBelowLeadTimeDemand)), ("MOU", 11, true, None)]);
    assert_eq!(a.stockouts[0].restocked_on, Some(d("2026-03-09")));
    assert_eq!((a.stockouts[0].reorder_point, a.stockouts[0].lead_time_demand), (5, Some(10.0)));
    assert_eq!(a.stockouts[0].supplier.as_deref(), Some("Acme"));
    let groups = |g: &[stock_analysis::StockoutGroup]| -> Vec<(String, i64, i64, i64)> {
        g.iter().map(|g| (g.label.clone(), g.count, g.total_days, g.preventable)).collect()
    };
    assert_eq!(groups(&a.by_cause), [("Demand spike".into(), 1, 11, 0), ("Reorder point too low".into(), 1, 10, 1)]);
    assert_eq!(groups(&a.by_category), [("No category".into(), 1, 11, 0), ("Laptops".into(), 1, 10, 1)]);
    assert_eq!(groups(&a.by_supplier), [("No preferred supplier".into(), 1, 11, 0), ("Acme".into(), 1, 10, 1)]);

    // Ink: an order sent 2026-04-01, promised 2026-04-10, still open when the shelf
    // emptied on 2026-04-20: preventable by a better supplier, whatever the reorder point.
    let ink = item(conn, "INK", Some(laptops));
    offer(conn, ink, acme, "8.00", 0);
    let order = tagledger_core::write(conn, |tx| {
        let input = OrderInput {
            supplier_id: acme,
            deliver_to_id: room,
            lines: vec![LineInput {
                item_id: Some(ink),
                quantity: 5,
                promised_on: Some(d("2026-04-10")),
                ..Default::default()
            }],
            ..Default::default()
        };
        let order = purchasing::create_order(tx, &on("2026-04-01"), &input)?;
        purchasing::approve(tx, &on("2026-04-01"), order.id)?;
        purchasing::send(tx, &on("2026-04-01"), order.id, d("2026-04-01"))
    })
    .unwrap();
    receive(conn, "2026-04-02", ink, room, 1, Some("8.00"));
    issue(conn, "2026-04-20", ink, room, 1);
    let a = stock_analysis::stockout_analysis(conn, Period::new(d("2026-04-01"), d("2026-04-30"))).unwrap();
    assert_eq!(a.stockouts.len(), 1);
    let late = &a.stockouts[0];
    assert_eq!(
        (late.preventable, late.late_order_number.as_deref()),
        (Some(Preventable::LatePurchaseOrder), Some(order.number.as_str()))
    );
    assert_eq!((late.duration_days, late.ongoing), (10, true), "out from 04-20 to the end of the period");

    // A reorder point at the lead-time demand (10) would have been enough: not preventable.
    let input = ReorderInput { reorder_point: 10, ..input };
    tagledger_core::write(conn, |tx| reorder::set_reorder(tx, &on("2026-04-01"), &input)).unwrap();
    let a = stock_analysis::stockout_analysis(conn, Period::new(d("2026-01-01"), d("2026-03-31"))).unwrap();
    assert_eq!(a.stockouts[0].preventable, None);
    // A period before both has none.
    let a = stock_analysis::stockout_analysis(conn, Period::new(d("2025-01-01"), d("2025-12-31"))).unwrap();
    assert!(a.stockouts.is_empty() && a.by_item.is_empty());
}

#[test]
fn buffer_stock_goes_where_it_avoids_most_stockouts_per_money() {
    let mut f = fixture();
    let room = f.ids.room;
    let acme = supplier(&mut f.conn, "Acme");
    let conn = &mut f.conn;
    let as_of = d("2026-06-30");
    for (sku, price, safety_stock) in [("TON", "2.00", 2), ("CAB", "10.00", 2), ("MOU", "3.00", 10)] {
        let id = item(conn, sku, None);
        offer(conn, id, acme, price, 4);
        receive(conn, "2026-01-01", id, room, 1000, Some(price));
        // 2 every other day for 90 days: mean 1 a day, σ 1 (E[q²] = 2).
        for k in 0..45 {
            issue(conn, &(as_of - chrono::Duration::days(2 * k)).to_string(), id, room, 2);
        }
        // 73 a cycle: 365 ÷ 73 = 5 cycles a year.
        let rule = ReorderInput {
            item_id: id,
            location_id: room,
            reorder_point: 10,
            safety_stock,
            order_up_to: 83,
            ..Default::default()
        };
        tagledger_core::write(conn, |tx| reorder::set_reorder(tx, &on("2026-01-01"), &rule)).unwrap();
    }

    let p = stock_analysis::buffer_priorities(conn, as_of).unwrap();
    let ton = &p.extra[0];
    assert_eq!((ton.item.sku.as_str(), ton.daily_mean, ton.daily_std_dev), ("TON", 1.0, 1.0));
    assert_eq!(ton.cycles_per_year, 5.0);
    // σ√L = 2, so z = 2 ÷ 2 = 1: 5 × (1 − Φ(1)) = 5 × 0.1586553 = 0.7932763 a year;
    // one more unit: 5 × (Φ(1.5) − Φ(1)) = 5 × 0.0918481 = 0.4592403, per 2.00.
    assert!((ton.expected_stockouts - 0.793_276_3).abs() < 1e-6, "{}", ton.expected_stockouts);
    assert!((ton.avoided_per_unit - 0.459_240_3).abs() < 1e-6, "{}", ton.avoided_per_unit);
    assert!((ton.avoided_per_100_minor - 0.229_620_1).abs() < 1e-6, "{}", ton.avoided_per_100_minor);
    // The same risk at 10.00 a unit buys a fifth as much.
    assert_eq!(p.extra[1].item.sku, "CAB");
    assert!((p.extra[1].avoided_per_100_minor - 0.045_924_0).abs() < 1e-6);
    // 95% needs ⌈1.645 × 2⌉ = 4: MOU's 10 are 6 too many (18.00); TON and CAB's 2 are not.
    let lean: Vec<(&str, i64, i64, i64)> =
        p.leaner.iter().map(|l| (l.item.sku.as_str(), l.needed, l.excess, l.excess_value.minor)).collect();
    assert_eq!(lean, [("MOU", 4, 6, 1_800)]);
}
