//! Supplier scorecards computed from purchase order lines, and consignment usage
//! statements computed from the stock ledger. Purchase order lines are inserted with SQL
//! (the purchasing module keeps the same columns through goods receipts).

use chrono::NaiveDate;
use expect_test::expect;
use tagledger_core::consignment::{self, PriceSource};
use tagledger_core::scorecard::{self, Grade, Measure, Period, Scorecard, Weights};
use tagledger_core::stock::{self, Disposal, Issue, Receipt, StockItemInput, StockKey, Transfer};
use tagledger_core::{events, reference, write, Change, Connection, Error};

use crate::{change, fixture, Fixture};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Floats computed from hand-worked fractions agree to far more than any display shows.
#[track_caller]
fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap_or_else(|| panic!("expected {expected}, got None"));
    assert!((actual - expected).abs() < 1e-9, "expected {expected}, got {actual}");
}

// ---- scorecards ---------------------------------------------------------------------

/// A purchase order line as goods receipts leave it.
#[derive(Clone)]
struct Line {
    order: &'static str,
    supplier: i64,
    item: Option<i64>,
    model: Option<i64>,
    quantity: i64,
    unit_price: i64,
    quoted_price: Option<i64>,
    quoted_lead: Option<i64>,
    ordered_on: Option<&'static str>,
    promised_on: &'static str,
    received: i64,
    rejected: i64,
    last_received_on: Option<&'static str>,
    completed_on: Option<&'static str>,
    cancelled: bool,
}

impl Default for Line {
    fn default() -> Line {
        Line {
            order: "PO-1",
            supplier: 0,
            item: None,
            model: None,
            quantity: 1,
            unit_price: 1000,
            quoted_price: None,
            quoted_lead: None,
            ordered_on: Some("2026-01-01"),
            promised_on: "2026-01-10",
            received: 0,
            rejected: 0,
            last_received_on: None,
            completed_on: None,
            cancelled: false,
        }
    }
}

fn insert(conn: &Connection, line: &Line, location: i64) {
    conn.execute(
        "INSERT OR IGNORE INTO purchase_orders (number, supplier_id, status, currency, deliver_to_id, ordered_on,
             created_at, updated_at)
         VALUES (?1, ?2, 'sent', 'EUR', ?3, ?4, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        rusqlite::params![line.order, line.supplier, location, line.ordered_on],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO purchase_order_lines (order_id, line_no, supplier_id, item_id, model_id, quantity,
             unit_price_minor, quoted_price_minor, quoted_lead_days, promised_on, ordered_on, received_qty,
             rejected_qty, first_received_on, last_received_on, completed_on, cancelled)
         SELECT o.id, (SELECT count(*) + 1 FROM purchase_order_lines WHERE order_id = o.id), ?2, ?3, ?4, ?5, ?6, ?7,
                ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15
         FROM purchase_orders o WHERE o.number = ?1",
        rusqlite::params![
            line.order,
            line.supplier,
            line.item,
            line.model,
            line.quantity,
            line.unit_price,
            line.quoted_price,
            line.quoted_lead,
            line.promised_on,
            line.ordered_on,
            line.received,
            line.rejected,
            line.last_received_on,
            line.completed_on,
            line.cancelled
        ],
    )
    .unwrap();
}

struct Suppliers {
    f: Fixture,
    cdw: i64,
    dell: i64,
    hp: i64,
    idle: i64,
}

const AS_OF: &str = "2026-03-20";

fn q1() -> Period {
    Period::new(day("2026-01-01"), day("2026-03-31"))
}

/// CDW's lines in Q1 2026 (as of 2026-03-20), worked by hand:
///
/// | line | promised | delivered | ordered → done | quote | figure |
/// |------|----------|-----------|----------------|-------|--------|
/// | L1 | 01-12 | 10/10 on 01-10 | 01-02 → 01-10: 8 d | 10 d, €10.00 at €10.00 | on time, in full, OTIF |
/// | L2 | 02-10 | 4/4 + 1 rejected on 02-14 | 02-01 → 02-14: 13 d | 7 d, €20.00 at €21.00 | late, in full |
/// | L3 | 03-01 | 3/5 on 02-28 | 02-20 → 02-28: 8 d | none (a model line) | on time, short |
/// | L4 | 03-10 | nothing | — | 9 d, €30.00 at €30.00 | late (promised before as-of), short |
/// | L5 | 03-25 | nothing | — | €1.00 at €9.99 | not yet due: in no figure |
/// | L9 | 03-31 | 1/1 on 03-18 | 03-10 → 03-18: 8 d | none | on time, in full, OTIF (last day) |
///
/// Left out: a cancelled line, a draft line (never ordered), lines promised on
/// 2025-12-31 and 2026-04-01.
fn suppliers() -> Suppliers {
    let mut f = fixture();
    let c = change();
    let (cdw, dell, hp, idle, keyboard) = write(&mut f.conn, |tx| {
        let cdw = reference::create_supplier(tx, &c, "CDW", None, None, None)?;
        let dell = reference::create_supplier(tx, &c, "Dell", None, None, None)?;
        let hp = reference::create_supplier(tx, &c, "HP", None, None, None)?;
        let idle = reference::create_supplier(tx, &c, "Idle Ltd", None, None, None)?;
        let keyboard = stock::create_item(
            tx,
            &c,
            &StockItemInput { sku: "KB-01".into(), name: "USB keyboard".into(), ..Default::default() },
        )?;
        Ok((cdw, dell, hp, idle, keyboard.id))
    })
    .unwrap();
    let kb = Some(keyboard);
    let cdw_line = Line { supplier: cdw, item: kb, ..Default::default() };
    let lines = [
        Line {
            order: "PO-1",
            quantity: 10,
            quoted_price: Some(1000),
            quoted_lead: Some(10),
            ordered_on: Some("2026-01-02"),
            promised_on: "2026-01-12",
            received: 10,
            last_received_on: Some("2026-01-10"),
            completed_on: Some("2026-01-10"),
            ..cdw_line.clone()
        },
        Line {
            order: "PO-2",
            quantity: 4,
            unit_price: 2100,
            quoted_price: Some(2000),
            quoted_lead: Some(7),
            ordered_on: Some("2026-02-01"),
            promised_on: "2026-02-10",
            received: 4,
            rejected: 1,
            last_received_on: Some("2026-02-14"),
            completed_on: Some("2026-02-14"),
            ..cdw_line.clone()
        },
        Line {
            order: "PO-3",
            item: None,
            model: Some(f.ids.model),
            quantity: 5,
            unit_price: 500,
            ordered_on: Some("2026-02-20"),
            promised_on: "2026-03-01",
            received: 3,
            last_received_on: Some("2026-02-28"),
            ..cdw_line.clone()
        },
        Line {
            order: "PO-4",
            quantity: 2,
            unit_price: 3000,
            quoted_price: Some(3000),
            quoted_lead: Some(9),
            ordered_on: Some("2026-03-01"),
            promised_on: "2026-03-10",
            ..cdw_line.clone()
        },
        Line {
            order: "PO-5",
            unit_price: 999,
            quoted_price: Some(100),
            ordered_on: Some("2026-03-15"),
            promised_on: "2026-03-25",
            ..cdw_line.clone()
        },
        Line {
            order: "PO-9",
            ordered_on: Some("2026-03-10"),
            promised_on: "2026-03-31",
            received: 1,
            last_received_on: Some("2026-03-18"),
            completed_on: Some("2026-03-18"),
            ..cdw_line.clone()
        },
        // Each of these would change some figure if it counted.
        Line { order: "PO-2", promised_on: "2026-02-05", cancelled: true, ..cdw_line.clone() },
        Line { order: "PO-6", ordered_on: None, promised_on: "2026-02-05", ..cdw_line.clone() },
        Line {
            order: "PO-7",
            ordered_on: Some("2025-12-01"),
            promised_on: "2025-12-31",
            received: 1,
            rejected: 5,
            last_received_on: Some("2026-01-20"),
            completed_on: Some("2026-01-20"),
            ..cdw_line.clone()
        },
        Line { order: "PO-8", ordered_on: Some("2026-03-20"), promised_on: "2026-04-01", ..cdw_line.clone() },
        // Dell: one perfect line, cheaper and quicker than quoted.
        Line {
            order: "PO-10",
            supplier: dell,
            quantity: 3,
            unit_price: 450,
            quoted_price: Some(500),
            quoted_lead: Some(10),
            ordered_on: Some("2026-01-05"),
            promised_on: "2026-01-15",
            received: 3,
            last_received_on: Some("2026-01-14"),
            completed_on: Some("2026-01-14"),
            ..cdw_line.clone()
        },
        // HP: only a line not yet due.
        Line { order: "PO-11", supplier: hp, ordered_on: Some("2026-03-15"), promised_on: "2026-03-30", ..cdw_line },
    ];
    for line in &lines {
        insert(&f.conn, line, f.ids.room);
    }
    Suppliers { f, cdw, dell, hp, idle }
}

#[test]
fn a_scorecard_counts_each_figure_as_defined() {
    let s = suppliers();
    let card = scorecard::scorecard(&s.f.conn, s.cdw, q1(), day(AS_OF)).unwrap();
    assert_eq!(card.supplier_name, "CDW");
    let counts = (
        card.lines_due,
        card.lines_not_yet_due,
        card.lines_delivered,
        card.lines_on_time,
        card.lines_in_full,
        card.lines_otif,
    );
    assert_eq!(counts, (5, 1, 4, 3, 3, 2), "(due, not yet due, delivered, on time, in full, OTIF)");
    close(card.on_time_rate, 0.6);
    close(card.in_full_rate, 0.6);
    close(card.otif_rate, 0.4);
    // Lead times 8, 13, 8, 8: mean 37/4; variance 361/4 − (37/4)² = 75/16.
    close(card.avg_lead_days, 9.25);
    close(card.lead_days_std_dev, (75.0f64 / 16.0).sqrt());
    // L1 8 − 10 and L2 13 − 7; L4 has a quote but nothing delivered.
    close(card.avg_lead_days_vs_quote, 2.0);
    assert_eq!(card.lines_lead_quoted, 2);
    // (0 × 10 + 100 × 4 + 0 × 2) ÷ (1000 × 10 + 2000 × 4 + 3000 × 2); L5's €9.99 is not yet due.
    close(card.price_variance_pct, 400.0 / 24_000.0 * 100.0);
    assert_eq!(card.lines_price_quoted, 3);
    assert_eq!((card.quantity_received, card.quantity_rejected), (18, 1));
    close(card.rejected_rate, 1.0 / 19.0);

    let c = card.components;
    close(c.on_time, 60.0);
    close(c.in_full, 60.0);
    close(c.lead_time, 80.0);
    close(c.price, 100.0 - 5.0 * 400.0 / 240.0);
    close(c.quality, 100.0 - 1000.0 / 19.0);
    // Default weights 30/25/15/15/15: (1800 + 1500 + 1200 + 1375 + 710.53) ÷ 100 = 65.855.
    assert_eq!(card.score, Some(65.9));
    assert_eq!(card.grade, Some(Grade::C));
}

#[test]
fn scorecards_rank_every_supplier_with_lines_due_and_none_score_last() {
    let s = suppliers();
    let cards = scorecard::scorecards(&s.f.conn, q1(), day(AS_OF)).unwrap();
    let ranked: Vec<(&str, Option<f64>, Option<Grade>)> =
        cards.iter().map(|c| (c.supplier_name.as_str(), c.score, c.grade)).collect();
    assert_eq!(
        ranked,
        [("Dell", Some(100.0), Some(Grade::A)), ("CDW", Some(65.9), Some(Grade::C)), ("HP", None, None)],
        "Idle Ltd has no line in the period at all"
    );
    // The ranked list and the single scorecard are the same computation.
    assert_eq!(cards[1], scorecard::scorecard(&s.f.conn, s.cdw, q1(), day(AS_OF)).unwrap());

    let dell = &cards[0];
    close(dell.price_variance_pct, -10.0);
    close(dell.components.price, 100.0);
    close(dell.avg_lead_days_vs_quote, -1.0);
    close(dell.components.lead_time, 100.0);
    close(dell.rejected_rate, 0.0);

    let hp = &cards[2];
    assert_eq!((hp.lines_due, hp.lines_not_yet_due, hp.on_time_rate, hp.score), (0, 1, None, None));
    assert_eq!(hp.components, Default::default(), "nothing measured");

    let idle = scorecard::scorecard(&s.f.conn, s.idle, q1(), day(AS_OF)).unwrap();
    assert_eq!((idle.lines_due, idle.score, idle.grade, idle.avg_lead_days), (0, None, None, None));
    assert!(matches!(scorecard::scorecard(&s.f.conn, 999, q1(), day(AS_OF)), Err(Error::NotFound { .. })));
    let backwards = Period::new(day("2026-03-31"), day("2026-01-01"));
    assert!(matches!(scorecard::scorecards(&s.f.conn, backwards, day(AS_OF)), Err(Error::Invalid(_))));
}

#[test]
fn as_of_decides_when_an_undelivered_line_becomes_late() {
    let s = suppliers();
    // On its promised day L4 can still arrive on time; the day after, it is late.
    let on_the_day = scorecard::scorecard(&s.f.conn, s.cdw, q1(), day("2026-03-10")).unwrap();
    assert_eq!((on_the_day.lines_due, on_the_day.lines_not_yet_due, on_the_day.lines_on_time), (4, 2, 3));
    let day_after = scorecard::scorecard(&s.f.conn, s.cdw, q1(), day("2026-03-11")).unwrap();
    assert_eq!((day_after.lines_due, day_after.lines_not_yet_due, day_after.lines_on_time), (5, 1, 3));
    // By 2026-03-26 L5 (promised 03-25) is late too, and its €9.99 against €1.00 counts.
    let later = scorecard::scorecard(&s.f.conn, s.cdw, q1(), day("2026-03-26")).unwrap();
    assert_eq!((later.lines_due, later.lines_not_yet_due), (6, 0));
    close(later.price_variance_pct, (400.0 + 899.0) / (24_000.0 + 100.0) * 100.0);
}

#[test]
fn the_lines_behind_each_figure_are_those_it_counted() {
    let s = suppliers();
    let behind = |measure| -> Vec<(String, i64, String, i64)> {
        scorecard::lines_behind(&s.f.conn, s.cdw, q1(), day(AS_OF), measure)
            .unwrap()
            .into_iter()
            .map(|l| (l.order_number, l.line_no, l.promised_on.to_string(), l.days_late))
            .collect()
    };
    let line = |order: &str, promised: &str, late: i64| (order.to_string(), 1, promised.to_string(), late);
    assert_eq!(
        behind(Measure::Due),
        [
            line("PO-1", "2026-01-12", 0),
            line("PO-2", "2026-02-10", 4),
            line("PO-3", "2026-03-01", 19),
            line("PO-4", "2026-03-10", 10),
            line("PO-9", "2026-03-31", 0),
        ],
        "days late run to completion, or to the as-of date while incomplete"
    );
    assert_eq!(behind(Measure::NotOnTime), [line("PO-2", "2026-02-10", 4), line("PO-4", "2026-03-10", 10)]);
    assert_eq!(behind(Measure::NotInFull), [line("PO-3", "2026-03-01", 19), line("PO-4", "2026-03-10", 10)]);
    assert_eq!(
        behind(Measure::NotOtif),
        [line("PO-2", "2026-02-10", 4), line("PO-3", "2026-03-01", 19), line("PO-4", "2026-03-10", 10)]
    );
    assert_eq!(behind(Measure::Rejected), [line("PO-2", "2026-02-10", 4)]);
    assert_eq!(behind(Measure::PriceAbove), [line("PO-2", "2026-02-10", 4)]);

    let due = scorecard::lines_behind(&s.f.conn, s.cdw, q1(), day(AS_OF), Measure::Due).unwrap();
    assert_eq!(
        (due[0].sku.as_deref(), due[0].name.as_str(), due[0].currency.as_str()),
        (Some("KB-01"), "USB keyboard", "EUR")
    );
    assert_eq!((due[2].sku.as_deref(), due[2].name.as_str()), (None, "Latitude 5440"), "a model line");
    assert_eq!((due[2].quantity, due[2].received_qty, due[2].completed_on), (5, 3, None));
}

#[test]
fn the_monthly_trend_has_every_month_of_the_period() {
    let s = suppliers();
    let period = Period::new(day("2025-12-15"), day("2026-03-31"));
    let trend = scorecard::monthly_trend(&s.f.conn, s.cdw, period, day(AS_OF)).unwrap();
    let rows: Vec<(&str, i64, Option<f64>)> = trend.iter().map(|m| (m.month.as_str(), m.lines_due, m.score)).collect();
    assert_eq!(
        rows.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
        [("2025-12", 1), ("2026-01", 1), ("2026-02", 1), ("2026-03", 3)]
    );
    // January is L1 alone: every component 100.
    assert_eq!(trend[1].score, Some(100.0));
    // February is L2: on time 0, in full 100, lead 100 − 10 × 6 = 40, price 100 − 5 × 5 = 75, quality
    // 100 − 10 × 20 → 0: (0 + 2500 + 600 + 1125 + 0) ÷ 100.
    assert_eq!(trend[2].score, Some(42.3));
    close(trend[2].on_time_rate, 0.0);
    close(trend[2].in_full_rate, 1.0);
    // March: L3 and L9 on time, L9 alone in full and OTIF, L4 neither; L5 not yet due.
    close(trend[3].on_time_rate, 2.0 / 3.0);
    close(trend[3].otif_rate, 1.0 / 3.0);
    // December: PO-7 came late (01-20 for 12-31) but in full, with 5 of 6 units rejected and no
    // quotes: (30 × 0 + 25 × 100 + 15 × 0) ÷ 70, lead time and price unmeasured.
    assert_eq!(trend[0].score, Some(35.7));
    let hp = scorecard::monthly_trend(&s.f.conn, s.hp, q1(), day(AS_OF)).unwrap();
    assert_eq!(hp.iter().map(|m| (m.lines_due, m.score)).collect::<Vec<_>>(), [(0, None), (0, None), (0, None)]);
}

#[test]
fn weights_add_up_to_100_and_changing_them_is_logged() {
    let mut s = suppliers();
    let c = change();
    assert_eq!(
        scorecard::weights(&s.f.conn).unwrap(),
        Weights { on_time: 30, in_full: 25, lead_time: 15, price: 15, quality: 15 }
    );
    let fields = |err: Error| match err {
        Error::Invalid(errors) => errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>(),
        other => panic!("expected field errors, got {other:?}"),
    };
    let short = Weights { on_time: 30, in_full: 25, lead_time: 15, price: 15, quality: 5 };
    let err = write(&mut s.f.conn, |tx| scorecard::set_weights(tx, &c, &short)).unwrap_err();
    assert_eq!(fields(err), ["total: the weights add up to 90%; they must add up to 100%"]);
    let negative = Weights { on_time: 110, in_full: -10, lead_time: 0, price: 0, quality: 0 };
    let err = write(&mut s.f.conn, |tx| scorecard::set_weights(tx, &c, &negative)).unwrap_err();
    assert_eq!(
        fields(err),
        ["onTime: must be a percentage from 0 to 100", "inFull: must be a percentage from 0 to 100"]
    );

    let on_time_only = Weights { on_time: 100, in_full: 0, lead_time: 0, price: 0, quality: 0 };
    write(&mut s.f.conn, |tx| scorecard::set_weights(tx, &c, &on_time_only)).unwrap();
    assert_eq!(scorecard::weights(&s.f.conn).unwrap(), on_time_only);
    let history = events::history(&s.f.conn, "scorecard_weights", 1).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "updated");
    assert_eq!(history[0].before.as_ref().unwrap()["onTime"], 30);
    assert_eq!(history[0].after.as_ref().unwrap()["quality"], 0);
    // Setting the same weights again changes nothing and logs nothing.
    write(&mut s.f.conn, |tx| scorecard::set_weights(tx, &c, &on_time_only)).unwrap();
    assert_eq!(events::history(&s.f.conn, "scorecard_weights", 1).unwrap().len(), 1);

    let card: Scorecard = scorecard::scorecard(&s.f.conn, s.cdw, q1(), day(AS_OF)).unwrap();
    assert_eq!((card.score, card.grade), (Some(60.0), Some(Grade::C)), "the on-time rate alone");
    let dell = scorecard::scorecard(&s.f.conn, s.dell, q1(), day(AS_OF)).unwrap();
    assert_eq!(dell.grade, Some(Grade::A));
}

#[test]
fn the_printed_scorecard_carries_the_figures_and_the_late_or_short_lines() {
    let s = suppliers();
    let report = scorecard::report(&s.f.conn, s.cdw, q1(), day(AS_OF), "Northwind", "2026-03-20 09:00 UTC").unwrap();
    assert_eq!((report.supplier.as_str(), report.grade.as_deref(), report.score), ("CDW", Some("C"), Some(65.9)));
    assert_eq!((report.from.as_str(), report.to.as_str(), report.as_of.as_str()), ("2026-01-01", "2026-03-31", AS_OF));
    let components: Vec<(&str, i64)> = report.components.iter().map(|c| (c.name.as_str(), c.weight)).collect();
    assert_eq!(components, [("On time", 30), ("In full", 25), ("Lead time", 15), ("Price", 15), ("Quality", 15)]);
    assert_eq!(report.months.iter().map(|m| m.month.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02", "2026-03"]);
    assert_eq!(report.lines_total, 3);
    let lines: Vec<(&str, &str, i64)> =
        report.lines.iter().map(|l| (l.order.as_str(), l.item.as_str(), l.days_late)).collect();
    assert_eq!(
        lines,
        [("PO-2", "KB-01 USB keyboard", 4), ("PO-3", "Latitude 5440", 19), ("PO-4", "KB-01 USB keyboard", 10)]
    );
    let words = tagledger_print::reports::scorecard::figures_in_words(&report);
    assert_eq!(words[0], "On time: 60.0% (3 of 5 lines)");
    assert_eq!(words[5], "Price: 1.7% above quoted (3 lines with a quote)");
    assert_eq!(
        words[7],
        "Not yet due: 1 line (promised on or after 2026-03-20 and not yet delivered; left out of every figure)"
    );
}

// ---- consignment usage statements -----------------------------------------------------

struct Consigned {
    f: Fixture,
    supplier: i64,
    keyboard: i64,
    mouse: i64,
    cable: i64,
}

fn at(timestamp: &str) -> Change {
    Change { actor: "tester".into(), at: chrono::DateTime::parse_from_rfc3339(timestamp).unwrap().into() }
}

/// CDW's consignment stock in the IT Store: keyboards priced by CDW's offer (€18.50),
/// mice by their deliveries (€7.25 in February, €8.00 after the period), cables with no
/// price at all. Usage in March 2026, worked by hand:
/// - keyboards: 3 issued 03-01 00:00:00 and 1 disposed 03-31 23:59:59 (both ends of the
///   period) = 4 × €18.50 = €74.00; the issue on 02-28 23:59:59 is outside;
/// - mice: 1 issued 03-15 = €7.25; the issue on 04-01 00:00:00 is outside;
/// - cables: 1 issued 03-10, price unknown.
///
/// Not usage: our own keyboards issued in March, and a transfer of CDW's keyboards.
fn consigned() -> Consigned {
    let mut f = fixture();
    let c = change();
    let (supplier, other, keyboard, mouse, cable) = write(&mut f.conn, |tx| {
        let supplier = reference::create_supplier(tx, &c, "CDW", None, None, None)?;
        let other = reference::create_supplier(tx, &c, "Dell", None, None, None)?;
        let item = |sku: &str, name: &str| {
            stock::create_item(tx, &c, &StockItemInput { sku: sku.into(), name: name.into(), ..Default::default() })
                .map(|i| i.id)
        };
        Ok((supplier, other, item("KB-01", "USB keyboard")?, item("MS-02", "Mouse")?, item("CB-03", "USB-C cable")?))
    })
    .unwrap();
    f.conn
        .execute(
            "INSERT INTO supplier_offers (item_id, supplier_id, price_minor, currency, lead_time_days)
             VALUES (?1, ?2, 1850, 'EUR', 5), (?3, ?4, 999, 'EUR', 5)",
            rusqlite::params![keyboard, supplier, mouse, other],
        )
        .unwrap();
    let room = f.ids.room;
    let person = f.ids.person;
    let theirs = |item| StockKey::consigned(item, room, supplier);
    let receive = |tx: &rusqlite::Transaction, when: &str, key: StockKey, quantity: i64, cost: Option<&str>| {
        let receipt = Receipt {
            stock: key,
            quantity,
            unit_cost: cost.map(str::to_string),
            currency: Some("EUR".into()),
            ..Default::default()
        };
        stock::receive(tx, &at(when), &receipt).map(|_| ())
    };
    let issue = |tx: &rusqlite::Transaction, when: &str, issue: Issue| stock::issue(tx, &at(when), &issue).map(|_| ());
    write(&mut f.conn, |tx| {
        receive(tx, "2026-02-20T09:00:00Z", theirs(keyboard), 20, None)?;
        receive(tx, "2026-02-20T09:00:00Z", theirs(mouse), 10, Some("7.25"))?;
        receive(tx, "2026-02-20T09:00:00Z", theirs(cable), 4, None)?;
        receive(tx, "2026-02-20T09:00:00Z", StockKey::ours(keyboard, room), 5, Some("17.00"))?;
        receive(tx, "2026-04-02T09:00:00Z", theirs(mouse), 5, Some("8.00"))?;
        let to_person = |key, quantity| Issue {
            stock: key,
            quantity,
            person_id: Some(person),
            issued_to: Some("Finance".into()),
            reason: "new starter".into(),
            reference: Some("REQ-1".into()),
        };
        issue(tx, "2026-02-28T23:59:59Z", to_person(theirs(keyboard), 2))?;
        issue(tx, "2026-03-01T00:00:00Z", to_person(theirs(keyboard), 3))?;
        issue(tx, "2026-03-05T12:00:00Z", to_person(StockKey::ours(keyboard, room), 1))?;
        issue(
            tx,
            "2026-03-10T08:00:00Z",
            Issue {
                stock: theirs(cable),
                quantity: 1,
                issued_to: Some("Ops".into()),
                reason: "replacement".into(),
                ..Default::default()
            },
        )?;
        issue(
            tx,
            "2026-03-15T10:30:00Z",
            Issue {
                stock: theirs(mouse),
                quantity: 1,
                issued_to: Some("CC-4100, \"Ops\"".into()),
                reason: "broken".into(),
                ..Default::default()
            },
        )?;
        stock::transfer(
            tx,
            &at("2026-03-20T10:00:00Z"),
            &Transfer {
                item_id: keyboard,
                from_location_id: room,
                to_location_id: f.ids.other_room,
                owner_supplier_id: Some(supplier),
                quantity: 2,
                ..Default::default()
            },
        )?;
        stock::dispose(
            tx,
            &at("2026-03-31T23:59:59Z"),
            &Disposal { stock: theirs(keyboard), quantity: 1, reason: "dead on arrival".into(), ..Default::default() },
        )?;
        issue(
            tx,
            "2026-04-01T00:00:00Z",
            Issue {
                stock: theirs(mouse),
                quantity: 2,
                issued_to: Some("Ops".into()),
                reason: "x".into(),
                ..Default::default()
            },
        )?;
        Ok(())
    })
    .unwrap();
    Consigned { f, supplier, keyboard, mouse, cable }
}

fn march() -> Period {
    Period::new(day("2026-03-01"), day("2026-03-31"))
}

#[test]
fn a_usage_statement_prices_each_item_and_totals_per_currency() {
    let s = consigned();
    let statement = consignment::usage(&s.f.conn, s.supplier, march()).unwrap();
    assert_eq!(statement.supplier_name, "CDW");
    let lines: Vec<_> = statement
        .lines
        .iter()
        .map(|l| {
            (
                l.sku.as_str(),
                l.quantity,
                l.unit_price.as_ref().map(|p| (p.minor, p.currency.as_str())),
                l.price_source,
                l.value.as_ref().map(|v| v.minor),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("CB-03", 1, None, PriceSource::Unknown, None),
            ("KB-01", 4, Some((1850, "EUR")), PriceSource::Offer, Some(7400)),
            ("MS-02", 1, Some((725, "EUR")), PriceSource::LastReceipt, Some(725)),
        ]
    );
    assert_eq!(statement.totals.iter().map(|t| (t.minor, t.currency.as_str())).collect::<Vec<_>>(), [(8125, "EUR")]);
    assert_eq!(statement.lines_without_price, 1);
    let items: Vec<i64> = statement.movements.iter().map(|m| m.item_id).collect();
    assert_eq!(items, [s.keyboard, s.cable, s.mouse, s.keyboard], "oldest first, first and last day included");

    expect![[r#"
        date,sku,item,kind,quantity,unit,location,issued_to,reason,reference,unit_price,currency,value
        2026-03-01,KB-01,USB keyboard,issue,3,each,London HQ › North Tower › IT Store,"Zoë Müller, Finance",new starter,REQ-1,18.50,EUR,55.50
        2026-03-10,CB-03,USB-C cable,issue,1,each,London HQ › North Tower › IT Store,Ops,replacement,,,,
        2026-03-15,MS-02,Mouse,issue,1,each,London HQ › North Tower › IT Store,"CC-4100, ""Ops""",broken,,7.25,EUR,7.25
        2026-03-31,KB-01,USB keyboard,dispose,1,each,London HQ › North Tower › IT Store,,dead on arrival,,18.50,EUR,18.50
    "#]]
    .assert_eq(&consignment::usage_csv(&statement).replace("\r\n", "\n"));
    let csv = consignment::usage_csv(&statement);
    assert_eq!((csv.matches("\r\n").count(), csv.matches('\n').count()), (5, 5), "RFC 4180 line ends");
}

#[test]
fn another_period_or_supplier_sees_only_its_own_usage() {
    let s = consigned();
    // February holds the issue of 02-28 23:59:59; the mouse's April price is not yet known then.
    let february =
        consignment::usage(&s.f.conn, s.supplier, Period::new(day("2026-02-01"), day("2026-02-28"))).unwrap();
    let lines: Vec<(&str, i64)> = february.lines.iter().map(|l| (l.sku.as_str(), l.quantity)).collect();
    assert_eq!(lines, [("KB-01", 2)]);
    // In April the mouse is priced from its April delivery (€8.00).
    let april = consignment::usage(&s.f.conn, s.supplier, Period::new(day("2026-04-01"), day("2026-04-30"))).unwrap();
    let mice = &april.lines[0];
    assert_eq!((mice.item_id, mice.quantity, mice.value.as_ref().map(|v| v.minor)), (s.mouse, 2, Some(1600)));
    let dell = reference::suppliers(&s.f.conn).unwrap().into_iter().find(|x| x.name == "Dell").unwrap();
    let none = consignment::usage(&s.f.conn, dell.id, march()).unwrap();
    assert_eq!((none.lines.len(), none.movements.len(), none.totals.len()), (0, 0, 0));
    assert_eq!(consignment::usage_csv(&none).lines().count(), 1, "the header only");
    assert!(matches!(consignment::usage(&s.f.conn, 999, march()), Err(Error::NotFound { .. })));
}

#[test]
fn consigned_stock_on_hand_is_listed_by_owner_item_and_location() {
    let s = consigned();
    let rows: Vec<(String, String, String, i64)> = consignment::on_hand_by_owner(&s.f.conn)
        .unwrap()
        .into_iter()
        .map(|r| (r.supplier_name, r.sku, r.location_name, r.on_hand))
        .collect();
    let row = |sku: &str, location: &str, n: i64| ("CDW".to_string(), sku.to_string(), location.to_string(), n);
    assert_eq!(
        rows,
        [
            row("CB-03", "London HQ › North Tower › IT Store", 3),
            // 20 − 2 − 3 − 2 moved − 1 disposed, and the 2 moved.
            row("KB-01", "Kraków Office › Main Building › Open Plan", 2),
            row("KB-01", "London HQ › North Tower › IT Store", 12),
            // 10 + 5 − 1 − 2.
            row("MS-02", "London HQ › North Tower › IT Store", 12),
        ],
        "our own keyboards are not consignment stock"
    );
}

#[test]
fn the_printed_statement_lists_items_then_movements() {
    let s = consigned();
    let report = consignment::report(&s.f.conn, s.supplier, march(), "Northwind", "2026-04-01 09:00 UTC").unwrap();
    assert_eq!(
        (report.supplier.as_str(), report.from.as_str(), report.to.as_str()),
        ("CDW", "2026-03-01", "2026-03-31")
    );
    let items: Vec<(&str, Option<i64>, &str)> =
        report.items.iter().map(|i| (i.sku.as_str(), i.value_minor, i.price_source.as_str())).collect();
    assert_eq!(
        items,
        [("CB-03", None, "unknown"), ("KB-01", Some(7400), "offer"), ("MS-02", Some(725), "last receipt")]
    );
    let whom: Vec<&str> = report.movements.iter().map(|m| m.issued_to.as_str()).collect();
    assert_eq!(whom, ["Zoë Müller, Finance", "Ops", "CC-4100, \"Ops\"", "disposed: dead on arrival"]);
}
