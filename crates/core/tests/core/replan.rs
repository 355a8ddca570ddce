//! Reorder rules re-planned from forecasts, on a demand series whose forecast, back-test
//! error, safety stock and reorder point are worked out by hand.
//!
//! KB is issued at the IT Store 10, 20, 10, 20, 10, 20 (December 2025 to May 2026) and
//! at the Open Plan 5 a month; its forecast method is set to the moving average of three.
//! On 16 June 2026, with a 20-day lead time (15 days of June, 5 of July):
//! - IT Store forecast = (20 + 10 + 20) / 3 = 16.67 a month. Back-test origins are the
//!   last three months: forecasts 13.33, 16.67, 13.33 against 20, 10, 20, errors ∓6.67,
//!   so RMSE = 20/3.
//! - Kits: 31 IT starters in July × 2 = 62; the IT Store has 90 of the 120 issued, so it
//!   takes 75% = 46.5 in July.
//! - D_L = 16.67 × 15/30 + (16.67 + 46.5) × 5/31 = 8.333 + 10.188 = 18.52 → 19.
//! - σ_L = 6.667 × √(20 / 30.4375) = 5.404; SS = ⌈1.645 × 5.404 = 8.89⌉ = 9; ROP = 28.
//! - Order-up-to keeps the rule's gap of 20: 48.
//! - Open Plan: forecast 5, RMSE 0, so SS = 0; D_L = 2.5 + (5 + 15.5) × 5/31 = 5.81 → 6.

use chrono::{DateTime, NaiveDate, Utc};
use tagledger_core::forecast::{self, Method};
use tagledger_core::hiring::{self, KitInput, KitLineInput, PlanRow};
use tagledger_core::reorder::{self, OfferInput, ReorderInput, ReorderSetting};
use tagledger_core::replan::{self, RuleProposal};
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey};
use tagledger_core::{reference, Change, Connection, Error};

use super::{change, fixture, Fixture};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn on(date: NaiveDate) -> Change {
    Change {
        actor: "tester".into(),
        at: DateTime::<Utc>::from_naive_utc_and_offset(date.and_hms_opt(12, 0, 0).unwrap(), Utc),
    }
}

const AS_OF: (i32, u32, u32) = (2026, 6, 16);

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

struct Setup {
    f: Fixture,
    /// KB: rules at the IT Store (room) and the Open Plan (other room).
    kb: i64,
    /// An offer and a rule, but nothing ever issued.
    quiet: i64,
    /// Issued like KB at the IT Store, but no supplier offers it.
    no_offer: i64,
    /// Only two months of issues.
    fresh: i64,
}

fn new_item(conn: &mut Connection, sku: &str) -> i64 {
    tagledger_core::write(conn, |tx| {
        let input = StockItemInput { sku: sku.into(), name: format!("Item {sku}"), ..Default::default() };
        Ok(stock::create_item(tx, &change(), &input)?.id)
    })
    .unwrap()
}

/// Issues `series[i]` on the 10th of the i-th month from December 2025.
fn play(conn: &mut Connection, item: i64, location: i64, series: &[i64]) {
    let key = StockKey::ours(item, location);
    tagledger_core::write(conn, |tx| {
        stock::receive(tx, &on(day(2025, 11, 1)), &Receipt { stock: key, quantity: 1000, ..Default::default() })
    })
    .unwrap();
    for (i, &q) in series.iter().enumerate().filter(|(_, q)| **q > 0) {
        let date = day(2025, 12, 10) + chrono::Months::new(i as u32);
        let input =
            Issue { stock: key, quantity: q, issued_to: Some("IT".into()), reason: "use".into(), ..Default::default() };
        tagledger_core::write(conn, |tx| stock::issue(tx, &on(date), &input)).unwrap();
    }
}

fn rule(item_id: i64, location_id: i64) -> ReorderInput {
    ReorderInput {
        item_id,
        location_id,
        reorder_point: 5,
        safety_stock: 2,
        order_up_to: 25,
        reserved: 1,
        service_level_bp: 9500,
        order_cost: Some("12.50".into()),
        holding_rate_bp: Some(2500),
    }
}

fn setup() -> Setup {
    let mut f = fixture();
    let (room, other) = (f.ids.room, f.ids.other_room);
    let kb = new_item(&mut f.conn, "KB");
    let quiet = new_item(&mut f.conn, "QUIET");
    let no_offer = new_item(&mut f.conn, "NO-OFFER");
    let fresh = new_item(&mut f.conn, "FRESH");
    play(&mut f.conn, kb, room, &[10, 20, 10, 20, 10, 20]);
    play(&mut f.conn, kb, other, &[5, 5, 5, 5, 5, 5]);
    play(&mut f.conn, no_offer, room, &[10, 20, 10, 20, 10, 20]);
    play(&mut f.conn, fresh, room, &[0, 0, 0, 0, 4, 6]);
    tagledger_core::write(&mut f.conn, |tx| {
        let c = change();
        let cdw = reference::create_supplier(tx, &c, "CDW", None, None, None)?;
        let slow = reference::create_supplier(tx, &c, "Slowco", None, None, None)?;
        let offer = |item_id, supplier_id, lead_time_days, preferred| OfferInput {
            item_id,
            supplier_id,
            price: "10.00".into(),
            lead_time_days,
            min_order_qty: 1,
            pack_size: 1,
            preferred,
            ..Default::default()
        };
        // KB's lead time is the preferred offer's 20 days, not the shorter 3.
        reorder::create_offer(tx, &c, &offer(kb, cdw, 20, true))?;
        reorder::create_offer(tx, &c, &offer(kb, slow, 3, false))?;
        reorder::create_offer(tx, &c, &offer(quiet, cdw, 20, true))?;
        reorder::create_offer(tx, &c, &offer(fresh, cdw, 20, true))?;
        for (item, location) in [(kb, room), (kb, other), (quiet, room), (no_offer, room), (fresh, room)] {
            reorder::set_reorder(tx, &c, &rule(item, location))?;
        }
        forecast::set_override(tx, &c, kb, Some(Method::MovingAverage))?;
        forecast::set_override(tx, &c, no_offer, Some(Method::MovingAverage))?;
        let kit = KitInput {
            name: "Standard".into(),
            department: "*".into(),
            lines: vec![KitLineInput { item_id: kb, quantity: 2 }],
        };
        hiring::create_kit(tx, &c, &kit)?;
        hiring::set_plan(tx, &c, &[PlanRow { department: "IT".into(), month: day(2026, 7, 1), starters: 31 }])
    })
    .unwrap();
    Setup { f, kb, quiet, no_offer, fresh }
}

fn find(proposals: &[RuleProposal], item: i64, location: i64) -> &RuleProposal {
    proposals.iter().find(|p| p.item_id == item && p.location_id == location).expect("a proposal")
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} ≠ {b}");
}

fn rule_at(conn: &Connection, item: i64, location: i64) -> ReorderSetting {
    reorder::reorder_settings(conn, item).unwrap().into_iter().find(|s| s.location_id == location).unwrap()
}

fn reorder_events(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM events WHERE action = 'reorder settings changed'", [], |r| r.get(0)).unwrap()
}

#[test]
fn proposals_from_a_hand_worked_forecast() {
    let s = setup();
    let (room, other) = (s.f.ids.room, s.f.ids.other_room);
    let all = replan::proposals(&s.f.conn, as_of(), None, None).unwrap();
    assert_eq!(all.len(), 5, "one per rule");
    let skus: Vec<&str> = all.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(skus, ["FRESH", "KB", "KB", "NO-OFFER", "QUIET"], "by SKU");

    let p = find(&all, s.kb, room);
    assert_eq!(p.reason, None);
    assert_eq!(p.method, Some(Method::MovingAverage));
    assert!(p.overridden);
    assert_eq!(p.history_months, 6);
    assert_eq!(p.lead_time.as_ref().map(|l| (l.days, l.preferred)), Some((20, true)));
    close(p.rmse.unwrap(), 20.0 / 3.0);
    close(p.kit_share, 0.75);
    close(p.kit_demand, 7.5);
    let demand = p.lead_time_demand.as_ref().unwrap();
    close(demand.exact, 50.0 / 3.0 * 15.0 / 30.0 + (50.0 / 3.0 + 46.5) * 5.0 / 31.0);
    assert_eq!(demand.value, 19);
    assert_eq!(demand.working, "Jun 2026 16.67 × 15/30 + Jul 2026 (16.67 + 46.50 kits) × 5/31 = 18.52 → 19");
    let sigma = p.sigma.as_ref().unwrap();
    close(sigma.value, 20.0 / 3.0 * (20.0_f64 / 30.4375).sqrt());
    assert_eq!(sigma.working, "6.67 × √(20 ÷ 30.4375) = 5.40");
    let ss = p.safety_stock.as_ref().unwrap();
    assert_eq!(ss.value, 9);
    assert_eq!(ss.working, "1.645 × 5.40 = 8.89 → 9");
    let rp = p.reorder_point.as_ref().unwrap();
    assert_eq!((rp.value, rp.working.as_str()), (28, "19 + 9 = 28"));
    assert_eq!(p.order_up_to, Some(48), "keeps the gap of 20 above the reorder point");
    assert_eq!((p.current_safety_stock, p.current_reorder_point, p.current_order_up_to), (2, 5, 25));
    assert_eq!((p.safety_stock_change, p.reorder_point_change), (Some(7), Some(23)));
    assert!(p.changed);
    assert_eq!(p.location_name, "London HQ › North Tower › IT Store");

    let p = find(&all, s.kb, other);
    close(p.rmse.unwrap(), 0.0);
    close(p.kit_share, 0.25);
    assert_eq!(p.safety_stock.as_ref().unwrap().value, 0, "a perfect back-test needs no buffer");
    assert_eq!(p.lead_time_demand.as_ref().unwrap().value, 6, "2.5 + 20.5 × 5/31 = 5.81");
    assert_eq!(p.reorder_point.as_ref().unwrap().value, 6);

    let reason = |item| find(&all, item, room).reason.clone().unwrap_or_default();
    assert_eq!(reason(s.no_offer), "no supplier offers this item, so there is no lead time: add an offer");
    assert_eq!(reason(s.quiet), "nothing was issued here in the last 60 months, so there is no forecast");
    assert_eq!(reason(s.fresh), "only 2 months of demand here; the forecast's back-test needs at least 4");
    for item in [s.no_offer, s.quiet, s.fresh] {
        let p = find(&all, item, room);
        assert!(p.safety_stock.is_none() && p.reorder_point.is_none() && !p.changed);
    }

    // One location only; a service level for every rule replaces the rule's.
    let here = replan::proposals(&s.f.conn, as_of(), Some(other), Some(9900)).unwrap();
    assert_eq!(here.len(), 1);
    assert_eq!((here[0].service_level_bp, here[0].rule_service_level_bp), (9900, 9500));
    let at_99 = replan::proposals(&s.f.conn, as_of(), Some(room), Some(9900)).unwrap();
    // z(99%) = 2.326: 2.326 × 5.404 = 12.57 → 13; 19 + 13 = 32.
    assert_eq!(find(&at_99, s.kb, room).safety_stock.as_ref().unwrap().value, 13);
    assert_eq!(find(&at_99, s.kb, room).reorder_point.as_ref().unwrap().value, 32);
}

#[test]
fn without_kits_the_forecast_alone_is_the_demand() {
    let mut s = setup();
    tagledger_core::write(&mut s.f.conn, |tx| {
        hiring::set_plan(tx, &change(), &[PlanRow { department: "IT".into(), month: day(2026, 7, 1), starters: 0 }])
    })
    .unwrap();
    let all = replan::proposals(&s.f.conn, as_of(), Some(s.f.ids.room), None).unwrap();
    let p = find(&all, s.kb, s.f.ids.room);
    close(p.kit_demand, 0.0);
    // 16.67 × 15/30 + 16.67 × 5/31 = 8.33 + 2.69 = 11.02 → 12; 12 + 9 = 21.
    assert_eq!(p.lead_time_demand.as_ref().unwrap().value, 12);
    assert_eq!(p.reorder_point.as_ref().unwrap().value, 21);
}

#[test]
fn apply_writes_exactly_the_picked_rules() {
    let mut s = setup();
    let (room, other) = (s.f.ids.room, s.f.ids.other_room);
    let other_before = rule_at(&s.f.conn, s.kb, other);
    let events_before = reorder_events(&s.f.conn);
    let c = on(as_of());
    let saved =
        tagledger_core::write(&mut s.f.conn, |tx| replan::apply(tx, &c, &[(s.kb, room)], as_of(), None)).unwrap();
    assert_eq!(saved.len(), 1);
    let after = rule_at(&s.f.conn, s.kb, room);
    assert_eq!(saved[0], after);
    assert_eq!((after.safety_stock, after.reorder_point, after.order_up_to), (9, 28, 48));
    // Everything else of the rule is kept.
    assert_eq!(after.reserved, 1);
    assert_eq!(after.service_level_bp, 9500);
    assert_eq!(after.order_cost.as_ref().map(|m| m.minor), Some(1250));
    assert_eq!(after.holding_rate_bp, Some(2500));
    assert_eq!(rule_at(&s.f.conn, s.kb, other), other_before, "not picked, not touched");
    assert_eq!(reorder_events(&s.f.conn), events_before + 1);
    let (before, logged): (String, String) =
        s.f.conn
            .query_row(
                "SELECT before, after FROM events WHERE action = 'reorder settings changed' ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
    assert!(before.contains("\"reorderPoint\":5") && logged.contains("\"reorderPoint\":28"), "{before} → {logged}");

    // Now in line with the forecast: proposed again, nothing would change.
    let again = replan::proposals(&s.f.conn, as_of(), Some(room), None).unwrap();
    let p = find(&again, s.kb, room);
    assert!(!p.changed);
    assert_eq!((p.safety_stock_change, p.reorder_point_change), (Some(0), Some(0)));

    // A level given for every rule is saved with the values it produced.
    tagledger_core::write(&mut s.f.conn, |tx| replan::apply(tx, &c, &[(s.kb, room)], as_of(), Some(9900))).unwrap();
    let at_99 = rule_at(&s.f.conn, s.kb, room);
    assert_eq!(
        (at_99.service_level_bp, at_99.safety_stock, at_99.reorder_point, at_99.order_up_to),
        (9900, 13, 32, 52)
    );
}

#[test]
fn a_pick_without_a_proposal_refuses_the_whole_apply() {
    let mut s = setup();
    let room = s.f.ids.room;
    let rules_before: Vec<Vec<ReorderSetting>> =
        [s.kb, s.no_offer, s.fresh].iter().map(|&i| reorder::reorder_settings(&s.f.conn, i).unwrap()).collect();
    let events_before = reorder_events(&s.f.conn);
    let c = on(as_of());
    let picks = [(s.kb, room), (s.no_offer, room), (s.fresh, room), (s.quiet, s.f.ids.other_room)];
    let err = tagledger_core::write(&mut s.f.conn, |tx| replan::apply(tx, &c, &picks, as_of(), None)).unwrap_err();
    let Error::Conflict { message, .. } = err else { panic!("expected a conflict, got {err:?}") };
    assert_eq!(
        message,
        format!(
            "stock item {} has no reorder rule at location {}; FRESH at London HQ › North Tower › IT Store: only 2 \
             months of demand here; the forecast's back-test needs at least 4; NO-OFFER at London HQ › North Tower › \
             IT Store: no supplier offers this item, so there is no lead time: add an offer",
            s.quiet, s.f.ids.other_room
        )
    );
    let rules_after: Vec<Vec<ReorderSetting>> =
        [s.kb, s.no_offer, s.fresh].iter().map(|&i| reorder::reorder_settings(&s.f.conn, i).unwrap()).collect();
    assert_eq!(rules_after, rules_before, "KB's rule was not written either");
    assert_eq!(reorder_events(&s.f.conn), events_before);

    // Nothing picked, or a bad level: refused on the field.
    let err = tagledger_core::write(&mut s.f.conn, |tx| replan::apply(tx, &c, &[], as_of(), None)).unwrap_err();
    assert!(matches!(&err, Error::Invalid(e) if e[0].field == "picks"), "{err:?}");
    let err = replan::proposals(&s.f.conn, as_of(), Some(999), Some(4000)).unwrap_err();
    let Error::Invalid(errors) = err else { panic!("expected field errors") };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["locationId", "serviceLevelBp"]);
}

#[test]
fn no_rules_no_proposals() {
    let f = fixture();
    assert!(replan::proposals(&f.conn, as_of(), None, None).unwrap().is_empty());
}
