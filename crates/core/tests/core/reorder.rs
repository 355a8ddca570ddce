//! Supplier offers, reorder rules, demand statistics, the reorder formulas and the
//! reorder suggestions, with values worked out by hand.

use chrono::NaiveDate;
use rusqlite::params;
use tagledger_core::reorder::{
    self, DraftLine, OfferInput, ParameterInputs, ReorderInput, ReorderSuggestion, DEFAULT_SERVICE_LEVEL_BP,
};
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey, Transfer};
use tagledger_core::{events, reference, write, Change, Connection, Error};

use crate::{change, fixture, Fixture};

struct Setup {
    f: Fixture,
    /// SKU KB-01.
    keyboard: i64,
    /// SKU MS-01.
    mouse: i64,
    cdw: i64,
    insight: i64,
}

fn setup() -> Setup {
    let mut f = fixture();
    let c = change();
    let (keyboard, mouse, cdw, insight) = write(&mut f.conn, |tx| {
        let item = |sku: &str, name: &str| {
            stock::create_item(tx, &c, &StockItemInput { sku: sku.into(), name: name.into(), ..Default::default() })
                .map(|i| i.id)
        };
        let keyboard = item("KB-01", "USB keyboard")?;
        let mouse = item("MS-01", "USB mouse")?;
        let cdw = reference::create_supplier(tx, &c, "CDW", None, None, None)?;
        let insight = reference::create_supplier(tx, &c, "Insight", None, None, None)?;
        Ok((keyboard, mouse, cdw, insight))
    })
    .unwrap();
    Setup { f, keyboard, mouse, cdw, insight }
}

fn offer_input(item_id: i64, supplier_id: i64, price: &str, lead_time_days: i64, preferred: bool) -> OfferInput {
    OfferInput {
        item_id,
        supplier_id,
        price: price.into(),
        lead_time_days,
        min_order_qty: 1,
        pack_size: 1,
        preferred,
        ..Default::default()
    }
}

fn add_offer(conn: &mut Connection, input: OfferInput) -> i64 {
    write(conn, |tx| reorder::create_offer(tx, &change(), &input)).unwrap().id
}

/// The fields an error names.
fn fields(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(errors) => errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// A change at noon UTC of the given day, so movements land on that day.
fn change_on(day: &str) -> Change {
    Change { actor: "tester".into(), at: format!("{day}T12:00:00Z").parse().unwrap() }
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An item's offers as "supplier price currency lead/moq/pack [preferred]".
fn offers_text(conn: &Connection, item: i64) -> Vec<String> {
    reorder::offers_for_item(conn, item)
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {} {}d/{}/{}{}",
                o.supplier_name,
                o.price.minor,
                o.price.currency,
                o.lead_time_days,
                o.min_order_qty,
                o.pack_size,
                if o.preferred { " preferred" } else { "" }
            )
        })
        .collect()
}

#[test]
fn offers_are_added_changed_and_removed_and_only_one_is_preferred() {
    let Setup { mut f, keyboard, cdw, insight, .. } = setup();
    let from_cdw = add_offer(&mut f.conn, offer_input(keyboard, cdw, "12.50", 7, true));
    let from_insight = add_offer(
        &mut f.conn,
        OfferInput {
            currency: Some("usd".into()),
            min_order_qty: 10,
            pack_size: 5,
            supplier_sku: " INS-KB ".into(),
            ..offer_input(keyboard, insight, "11.99", 3, false)
        },
    );
    // A blank currency is the default (EUR); a typed one is normalised.
    assert_eq!(offers_text(&f.conn, keyboard), ["CDW 1250 EUR 7d/1/1 preferred", "Insight 1199 USD 3d/10/5"]);
    assert_eq!(reorder::offer(&f.conn, from_insight).unwrap().supplier_sku, "INS-KB");

    // Making Insight preferred takes the flag from CDW in the same change.
    write(&mut f.conn, |tx| {
        reorder::update_offer(
            tx,
            &change(),
            from_insight,
            &OfferInput {
                currency: Some("USD".into()),
                min_order_qty: 10,
                pack_size: 5,
                ..offer_input(keyboard, insight, "11.49", 3, true)
            },
        )
    })
    .unwrap();
    assert_eq!(offers_text(&f.conn, keyboard), ["Insight 1149 USD 3d/10/5 preferred", "CDW 1250 EUR 7d/1/1"]);
    let by_supplier: Vec<_> =
        reorder::offers_for_supplier(&f.conn, cdw).unwrap().into_iter().map(|o| (o.id, o.item_sku)).collect();
    assert_eq!(by_supplier, [(from_cdw, "KB-01".to_string())]);

    write(&mut f.conn, |tx| reorder::delete_offer(tx, &change(), from_cdw)).unwrap();
    assert_eq!(offers_text(&f.conn, keyboard), ["Insight 1149 USD 3d/10/5 preferred"]);
    assert!(reorder::offers_for_supplier(&f.conn, cdw).unwrap().is_empty());

    // History, oldest first: the losing offer's change is recorded too.
    let history = events::history(&f.conn, "stock_item", keyboard).unwrap();
    let actions: Vec<_> = history.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["created", "offer added", "offer added", "offer changed", "offer changed", "offer removed"]);
    let lost = &history[2];
    assert_eq!(lost.before.as_ref().unwrap()["supplier"], "CDW");
    assert_eq!(lost.before.as_ref().unwrap()["preferred"], true);
    assert_eq!(lost.after.as_ref().unwrap()["preferred"], false);
    let repriced = &history[1];
    assert_eq!(repriced.before.as_ref().unwrap()["price"], "11.99");
    assert_eq!(repriced.after.as_ref().unwrap()["price"], "11.49");
    assert_eq!(history[0].before.as_ref().unwrap()["offerId"], from_cdw);
    assert!(history[0].after.is_none());
}

#[test]
fn offers_are_validated_field_by_field() {
    let Setup { mut f, keyboard, mouse, cdw, .. } = setup();
    add_offer(&mut f.conn, offer_input(keyboard, cdw, "12.50", 7, false));
    let attempt = |conn: &mut Connection, input: OfferInput| {
        fields(write(conn, |tx| reorder::create_offer(tx, &change(), &input)).unwrap_err())
    };
    assert_eq!(
        attempt(
            &mut f.conn,
            OfferInput {
                currency: Some("euro".into()),
                min_order_qty: 0,
                pack_size: 0,
                ..offer_input(999, 998, "-1", 3651, false)
            }
        ),
        [
            "itemId: stock item 999 does not exist",
            "supplierId: supplier 998 does not exist",
            "price: '-1' is negative; costs cannot be negative",
            "currency: 'EURO' is not an ISO 4217 currency code (e.g. EUR, USD, GBP)",
            "leadTimeDays: must be between 0 and 3650 days",
            "minOrderQty: must be at least 1",
            "packSize: must be at least 1",
        ]
    );
    assert_eq!(
        attempt(&mut f.conn, offer_input(keyboard, cdw, "", -1, false)),
        [
            "supplierId: CDW already has an offer for this item; change that one",
            "price: is required",
            "leadTimeDays: must be between 0 and 3650 days",
        ]
    );
    // Zero and the limits are fine; the same supplier may offer another item.
    let free = add_offer(&mut f.conn, offer_input(mouse, cdw, "0", 3650, false));
    assert_eq!(reorder::offer(&f.conn, free).unwrap().price.minor, 0);
    // An offer stays with its item.
    let moved =
        write(&mut f.conn, |tx| reorder::update_offer(tx, &change(), free, &offer_input(keyboard, cdw, "1", 1, false)));
    assert_eq!(fields(moved.unwrap_err()), ["itemId: an offer cannot move to another item; add a new offer there"]);
}

#[test]
fn reorder_settings_are_upserted_validated_listed_and_cleared() {
    let Setup { mut f, keyboard, .. } = setup();
    let (room, other_room) = (f.ids.room, f.ids.other_room);
    let input = ReorderInput {
        item_id: keyboard,
        location_id: room,
        reorder_point: 14,
        safety_stock: 8,
        order_up_to: 85,
        reserved: 2,
        service_level_bp: 9500,
        order_cost: Some("25".into()),
        holding_rate_bp: Some(2500),
    };
    write(&mut f.conn, |tx| reorder::set_reorder(tx, &change(), &input)).unwrap();
    write(&mut f.conn, |tx| {
        reorder::set_reorder(
            tx,
            &change(),
            &ReorderInput {
                item_id: keyboard,
                location_id: other_room,
                reorder_point: 3,
                order_up_to: 6,
                ..Default::default()
            },
        )
    })
    .unwrap();
    // Saving the same values again changes nothing worth an event.
    write(&mut f.conn, |tx| reorder::set_reorder(tx, &change(), &input)).unwrap();
    write(&mut f.conn, |tx| reorder::set_reorder(tx, &change(), &ReorderInput { reorder_point: 16, ..input.clone() }))
        .unwrap();

    let listed: Vec<String> = reorder::reorder_settings(&f.conn, keyboard)
        .unwrap()
        .iter()
        .map(|s| {
            let cost = s.order_cost.as_ref().map(|m| format!("{} {}", m.minor, m.currency)).unwrap_or("-".into());
            format!(
                "{}: rp {} ss {} up to {} reserved {} at {}bp, order cost {cost}, holding {:?}",
                s.location_name,
                s.reorder_point,
                s.safety_stock,
                s.order_up_to,
                s.reserved,
                s.service_level_bp,
                s.holding_rate_bp
            )
        })
        .collect();
    // Sorted by location name: Kraków before London.
    assert_eq!(
        listed,
        [
            "Kraków Office › Main Building › Open Plan: rp 3 ss 0 up to 6 reserved 0 at 9500bp, order cost -, holding None",
            "London HQ › North Tower › IT Store: rp 16 ss 8 up to 85 reserved 2 at 9500bp, order cost 2500 EUR, holding Some(2500)",
        ]
    );

    let bad = ReorderInput {
        item_id: keyboard,
        location_id: 999,
        reorder_point: 10,
        safety_stock: -1,
        order_up_to: 9,
        reserved: -2,
        service_level_bp: 4999,
        order_cost: Some("abc".into()),
        holding_rate_bp: Some(100_001),
    };
    assert_eq!(
        fields(write(&mut f.conn, |tx| reorder::set_reorder(tx, &change(), &bad)).unwrap_err()),
        [
            "locationId: location 999 does not exist",
            "safetyStock: must be at least 0",
            "reserved: must be at least 0",
            "orderUpTo: must be at least the reorder point",
            "serviceLevelBp: must be between 50.00% and 99.99%",
            "orderCost: 'abc' is not an amount (expected e.g. 1234.50)",
            "holdingRateBp: must be between 0% and 1000% a year",
        ]
    );
    let too_sure = ReorderInput { service_level_bp: 10_000, ..input.clone() };
    assert_eq!(
        fields(write(&mut f.conn, |tx| reorder::set_reorder(tx, &change(), &too_sure)).unwrap_err()),
        ["serviceLevelBp: must be between 50.00% and 99.99%"]
    );

    write(&mut f.conn, |tx| reorder::clear_reorder(tx, &change(), keyboard, other_room)).unwrap();
    assert_eq!(reorder::reorder_settings(&f.conn, keyboard).unwrap().len(), 1);
    let again = write(&mut f.conn, |tx| reorder::clear_reorder(tx, &change(), keyboard, other_room));
    assert!(matches!(again, Err(Error::NotFound { .. })));

    let history = events::history(&f.conn, "stock_item", keyboard).unwrap();
    let actions: Vec<_> = history.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "created",
            "reorder settings changed",
            "reorder settings changed",
            "reorder settings changed",
            "reorder settings cleared"
        ]
    );
    assert_eq!(history[1].before.as_ref().unwrap()["reorderPoint"], 14);
    assert_eq!(history[1].after.as_ref().unwrap()["reorderPoint"], 16);
    assert_eq!(history[1].after.as_ref().unwrap()["orderCost"], "25.00");
}

/// Keyboards at the IT store, issued on known days of March 2026 (and a few movements
/// that are not demand there): daily demand over 1–10 March is
/// [4, 0, 0, 0, 4, 0, 0, 0, 0, 6], total 14, mean 1.4; squared deviations
/// 2 × 2.6² + 4.6² + 7 × 1.4² = 13.52 + 21.16 + 13.72 = 48.4, so σ = √4.84 = 2.2.
fn march_ledger(f: &mut Fixture, keyboard: i64, supplier: i64) {
    let (room, other_room) = (f.ids.room, f.ids.other_room);
    let ours = StockKey::ours(keyboard, room);
    let consigned = StockKey::consigned(keyboard, room, supplier);
    let post = |conn: &mut Connection,
                day: &str,
                movement: &dyn Fn(&tagledger_core::Transaction, &Change) -> tagledger_core::Result<()>| {
        write(conn, |tx| movement(tx, &change_on(day))).unwrap();
    };
    let issue = |key: StockKey, quantity: i64| {
        move |tx: &tagledger_core::Transaction, c: &Change| {
            stock::issue(
                tx,
                c,
                &Issue {
                    stock: key,
                    quantity,
                    issued_to: Some("Finance".into()),
                    reason: "new starter".into(),
                    ..Default::default()
                },
            )
            .map(|_| ())
        }
    };
    post(&mut f.conn, "2026-02-01", &|tx, c| {
        stock::receive(tx, c, &Receipt { stock: ours, quantity: 100, ..Default::default() })?;
        stock::receive(tx, c, &Receipt { stock: consigned, quantity: 10, ..Default::default() })?;
        stock::receive(
            tx,
            c,
            &Receipt { stock: StockKey::ours(keyboard, other_room), quantity: 10, ..Default::default() },
        )
        .map(|_| ())
    });
    post(&mut f.conn, "2026-02-28", &issue(ours, 9)); // the day before the window
    post(&mut f.conn, "2026-03-01", &issue(ours, 3));
    post(&mut f.conn, "2026-03-01", &issue(ours, 1));
    post(&mut f.conn, "2026-03-05", &issue(ours, 2));
    // Using consignment stock is demand too.
    post(&mut f.conn, "2026-03-05", &issue(consigned, 2));
    // Not demand at the store: an issue elsewhere and a transfer out.
    post(&mut f.conn, "2026-03-06", &issue(StockKey::ours(keyboard, other_room), 5));
    post(&mut f.conn, "2026-03-07", &|tx, c| {
        stock::transfer(
            tx,
            c,
            &Transfer {
                item_id: keyboard,
                from_location_id: room,
                to_location_id: other_room,
                quantity: 7,
                ..Default::default()
            },
        )
        .map(|_| ())
    });
    // The last second of the window's last day counts; the next day does not.
    write(&mut f.conn, |tx| {
        let c = Change { actor: "tester".into(), at: "2026-03-10T23:59:59Z".parse().unwrap() };
        issue(ours, 6)(tx, &c)
    })
    .unwrap();
    post(&mut f.conn, "2026-03-11", &issue(ours, 8));
}

#[test]
fn demand_is_issues_per_day_over_the_whole_window() {
    let Setup { mut f, keyboard, cdw, .. } = setup();
    march_ledger(&mut f, keyboard, cdw);
    let d = reorder::demand_stats(&f.conn, keyboard, f.ids.room, date("2026-03-10"), 10).unwrap();
    assert_eq!(
        (d.from, d.to, d.days, d.total, d.days_with_issues),
        (date("2026-03-01"), date("2026-03-10"), 10, 14, 3)
    );
    assert!((d.average_daily - 1.4).abs() < 1e-9, "{}", d.average_daily);
    assert!((d.std_dev_daily - 2.2).abs() < 1e-9, "{}", d.std_dev_daily);
    assert!((d.annual - 511.0).abs() < 1e-9, "{}", d.annual);

    // A window of one day (10 March): 6 that day, no spread.
    let one = reorder::demand_stats(&f.conn, keyboard, f.ids.room, date("2026-03-10"), 1).unwrap();
    assert_eq!((one.total, one.average_daily, one.std_dev_daily), (6, 6.0, 0.0));
    // Nothing issued: zero demand, not an error. Window 2–4 March.
    let quiet = reorder::demand_stats(&f.conn, keyboard, f.ids.room, date("2026-03-04"), 3).unwrap();
    assert_eq!((quiet.total, quiet.average_daily, quiet.std_dev_daily), (0, 0.0, 0.0));
    // Elsewhere: only the 5 issued at the other room on 6 March, over 10 days.
    let there = reorder::demand_stats(&f.conn, keyboard, f.ids.other_room, date("2026-03-10"), 10).unwrap();
    assert_eq!(there.total, 5);
    // Days: [0,0,0,0,0,5,0,0,0,0], mean 0.5, variance (4.5² + 9 × 0.5²) / 10 = 2.25.
    assert!((there.std_dev_daily - 1.5).abs() < 1e-9);
    assert!(reorder::demand_stats(&f.conn, keyboard, f.ids.room, date("2026-03-10"), 0).is_err());
}

#[test]
fn z_follows_the_standard_normal_table() {
    let z = |bp| format!("{:.3}", reorder::z_for_service_level(bp));
    assert_eq!(z(5000), "0.000");
    assert_eq!(z(8000), "0.842");
    assert_eq!(z(9000), "1.282");
    assert_eq!(z(9500), "1.645");
    assert_eq!(z(9750), "1.960");
    assert_eq!(z(9900), "2.326");
    // The tail branch of the approximation.
    assert_eq!(z(9990), "3.090");
    assert_eq!(z(9999), "3.719");
    assert_eq!(z(100), "-2.326");
    assert!((reorder::z_for_service_level(9500) - 1.644_853_626_951_472_2).abs() < 1e-8);
}

#[test]
fn computed_parameters_show_their_working() {
    let Setup { mut f, keyboard, mouse, cdw, insight } = setup();
    march_ledger(&mut f, keyboard, cdw);
    // CDW is preferred (4 days, 20.00); Insight is quicker but not preferred.
    add_offer(&mut f.conn, offer_input(keyboard, cdw, "20.00", 4, true));
    add_offer(&mut f.conn, offer_input(keyboard, insight, "18.00", 2, false));
    let inputs = ParameterInputs {
        service_level_bp: 9500,
        order_cost: Some("25.00".into()),
        holding_rate_bp: Some(2500),
        window_days: Some(10),
    };
    let p = reorder::computed_parameters(&f.conn, keyboard, f.ids.room, date("2026-03-10"), &inputs).unwrap();
    let lead = p.lead_time.as_ref().unwrap();
    assert_eq!((lead.days, lead.supplier_name.as_str(), lead.preferred), (4, "CDW", true));
    assert_eq!(p.unit_cost.as_ref().map(|m| m.minor), Some(2000));
    let working = |f: &Option<reorder::Formula>| f.as_ref().map(|f| (f.value, f.working.clone())).unwrap();
    // z σ √L = 1.6449 × 2.2 × 2 = 7.237 → 8.
    assert_eq!(working(&p.safety_stock), (8, "1.645 × 2.20 × √4 = 7.24 → 8".to_string()));
    // 1.4 × 4 = 5.6 → 6, plus safety stock 8.
    assert_eq!(working(&p.reorder_point), (14, "1.40 × 4 = 5.60 → 6; 6 + 8 = 14".to_string()));
    // √(2 × 511 × 25 / (20 × 0.25)) = √5110 = 71.48 → 71.
    assert_eq!(working(&p.eoq), (71, "√(2 × 511.00 × 25.00 / (20.00 × 0.25)) = 71.48 → 71".to_string()));
    assert_eq!(working(&p.order_up_to), (85, "14 + max(71, 1) = 85".to_string()));
    assert!(p.missing.is_empty(), "{:?}", p.missing);

    // Without a preferred offer the shortest lead time is used and EOQ has no unit
    // cost; without an order cost there is no EOQ either way.
    add_offer(&mut f.conn, offer_input(mouse, insight, "5.00", 9, false));
    add_offer(&mut f.conn, offer_input(mouse, cdw, "4.00", 6, false));
    let p = reorder::computed_parameters(&f.conn, mouse, f.ids.room, date("2026-03-10"), &inputs).unwrap();
    let lead = p.lead_time.as_ref().unwrap();
    assert_eq!((lead.days, lead.supplier_name.as_str(), lead.preferred), (6, "CDW", false));
    // No mouse was ever issued, so no demand and nothing to cover.
    assert_eq!(working(&p.safety_stock), (0, "1.645 × 0.00 × √6 = 0.00 → 0".to_string()));
    assert_eq!(working(&p.reorder_point), (0, "0.00 × 6 = 0.00 → 0; 0 + 0 = 0".to_string()));
    assert!(p.eoq.is_none() && p.order_up_to.is_none());
    assert_eq!(
        p.missing,
        [
            "no offer is preferred, so there is no unit cost for the economic order quantity",
            "order-up-to needs both the reorder point and the economic order quantity",
        ]
    );

    let no_offers = setup();
    let p = reorder::computed_parameters(
        &no_offers.f.conn,
        no_offers.keyboard,
        no_offers.f.ids.room,
        date("2026-03-10"),
        &ParameterInputs::default(),
    )
    .unwrap();
    assert_eq!(p.service_level_bp, DEFAULT_SERVICE_LEVEL_BP);
    assert_eq!(p.demand.days, 365);
    assert!(p.lead_time.is_none() && p.safety_stock.is_none() && p.reorder_point.is_none());
    assert_eq!(
        p.missing,
        [
            "no supplier offers this item, so there is no lead time: add an offer to compute safety stock and the \
             reorder point",
            "give an order cost and a holding rate to compute the economic order quantity",
            "order-up-to needs both the reorder point and the economic order quantity",
        ]
    );
    let bad = ParameterInputs { service_level_bp: 10_000, window_days: Some(0), ..ParameterInputs::default() };
    assert_eq!(
        fields(
            reorder::computed_parameters(&no_offers.f.conn, no_offers.keyboard, 999, date("2026-03-10"), &bad)
                .unwrap_err()
        ),
        [
            "locationId: location 999 does not exist",
            "serviceLevelBp: must be between 50.00% and 99.99%",
            "windowDays: must be between 1 and 3650 days",
        ]
    );
}

/// Stock, rules, offers and orders for the suggestion tests:
/// - CAB-01 (store): rp 10, 4 on hand + 10 on a sent order = 14 → covered, not suggested.
/// - KB-01 (store): rp 10 up to 25, 2 ours + 5 consigned (not ours), 23 only on a
///   draft, 100 on order for the other room → available 2, order 23 from CDW at 15.00.
/// - MS-01 (store): rp 20 up to 40, 12 on hand, 5 reserved, 3 still owed on a
///   partially received order (10 − 7; a cancelled line and a received order don't
///   count) → available 10, need 30, MOQ 12 in packs of 8 → 32 from Insight at 4.99 USD.
/// - TN-01 (store): rp 5 up to 5, 5 on hand, no offer → at its point, order 1, no supplier.
/// - HD-01 (other room): rp 8 up to 12, none on hand → need 12, CDW MOQ 10 → 12.
struct Shop {
    s: Setup,
    cable: i64,
    toner: i64,
    disk: i64,
}

fn shop() -> Shop {
    let mut s = setup();
    let (room, other_room) = (s.f.ids.room, s.f.ids.other_room);
    let (keyboard, mouse, cdw, insight) = (s.keyboard, s.mouse, s.cdw, s.insight);
    let c = change();
    let (cable, toner, disk) = write(&mut s.f.conn, |tx| {
        let item = |sku: &str| {
            stock::create_item(
                tx,
                &c,
                &StockItemInput { sku: sku.into(), name: format!("{sku} name"), ..Default::default() },
            )
            .map(|i| i.id)
        };
        let (cable, toner, disk) = (item("CAB-01")?, item("TN-01")?, item("HD-01")?);
        let receive = |key: StockKey, quantity: i64| {
            stock::receive(tx, &c, &Receipt { stock: key, quantity, ..Default::default() })
        };
        receive(StockKey::ours(cable, room), 4)?;
        receive(StockKey::ours(keyboard, room), 2)?;
        receive(StockKey::consigned(keyboard, room, cdw), 5)?;
        receive(StockKey::ours(mouse, room), 12)?;
        receive(StockKey::ours(toner, room), 5)?;
        let rule = |item_id, location_id, reorder_point, order_up_to, reserved| {
            reorder::set_reorder(
                tx,
                &c,
                &ReorderInput {
                    item_id,
                    location_id,
                    reorder_point,
                    safety_stock: 2,
                    order_up_to,
                    reserved,
                    ..Default::default()
                },
            )
        };
        rule(cable, room, 10, 30, 0)?;
        rule(keyboard, room, 10, 25, 0)?;
        rule(mouse, room, 20, 40, 5)?;
        rule(toner, room, 5, 5, 0)?;
        rule(disk, other_room, 8, 12, 0)?;
        let offer = |input: OfferInput| reorder::create_offer(tx, &c, &input);
        offer(offer_input(cable, cdw, "3.00", 2, true))?;
        offer(offer_input(keyboard, cdw, "15.00", 5, true))?;
        offer(offer_input(keyboard, insight, "14.00", 5, false))?;
        offer(OfferInput {
            currency: Some("USD".into()),
            min_order_qty: 12,
            pack_size: 8,
            ..offer_input(mouse, insight, "4.99", 10, true)
        })?;
        offer(OfferInput { min_order_qty: 10, ..offer_input(disk, cdw, "80.00", 3, true) })?;
        Ok((cable, toner, disk))
    })
    .unwrap();
    // Orders straight into the tables (the purchasing module is written apart).
    let order = |conn: &Connection, number: &str, supplier: i64, status: &str, to: i64| -> i64 {
        conn.execute(
            "INSERT INTO purchase_orders (number, supplier_id, status, currency, deliver_to_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'EUR', ?4, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
            params![number, supplier, status, to],
        )
        .unwrap();
        conn.last_insert_rowid()
    };
    let line = |conn: &Connection,
                order: i64,
                no: i64,
                supplier: i64,
                item: i64,
                quantity: i64,
                received: i64,
                cancelled: bool| {
        conn.execute(
            "INSERT INTO purchase_order_lines (order_id, line_no, supplier_id, item_id, quantity, unit_price_minor,
                 received_qty, cancelled)
             VALUES (?1, ?2, ?3, ?4, ?5, 100, ?6, ?7)",
            params![order, no, supplier, item, quantity, received, cancelled],
        )
        .unwrap();
    };
    let conn = &s.f.conn;
    let sent = order(conn, "PO-1", cdw, "sent", room);
    line(conn, sent, 1, cdw, cable, 10, 0, false);
    let draft = order(conn, "PO-2", cdw, "draft", room);
    line(conn, draft, 1, cdw, keyboard, 23, 0, false);
    let elsewhere = order(conn, "PO-3", cdw, "approved", other_room);
    line(conn, elsewhere, 1, cdw, keyboard, 100, 0, false);
    let partial = order(conn, "PO-4", insight, "partially_received", room);
    line(conn, partial, 1, insight, mouse, 10, 7, false);
    line(conn, partial, 2, insight, mouse, 50, 0, true);
    let done = order(conn, "PO-5", insight, "received", room);
    line(conn, done, 1, insight, mouse, 10, 8, false);
    let cancelled = order(conn, "PO-6", insight, "cancelled", room);
    line(conn, cancelled, 1, insight, mouse, 40, 0, false);
    Shop { s, cable, toner, disk }
}

fn suggestion_text(s: &ReorderSuggestion) -> String {
    let supplier = match (&s.supplier_name, &s.unit_price, &s.line_value) {
        (Some(name), Some(price), Some(value)) => format!(
            "{name} {}×{} {} = {} {}, {}d → {}",
            s.suggested_qty,
            price.minor,
            price.currency,
            value.minor,
            value.currency,
            s.lead_time_days.unwrap(),
            s.expected_on.unwrap()
        ),
        _ => format!("{} from no preferred supplier", s.suggested_qty),
    };
    format!(
        "{} at {}: on hand {} + on order {} − reserved {} = {} (draft {}) vs rp {} (short {}), up to {}: {supplier}",
        s.item_sku,
        s.location_name,
        s.on_hand,
        s.on_order,
        s.reserved,
        s.available,
        s.on_draft,
        s.reorder_point,
        s.shortfall,
        s.order_up_to
    )
}

#[test]
fn suggestions_count_open_orders_not_drafts_consignment_or_reserved_stock() {
    let Shop { s, .. } = shop();
    let all: Vec<String> =
        reorder::suggestions(&s.f.conn, date("2026-03-10"), None).unwrap().iter().map(suggestion_text).collect();
    // Most urgent first; HD-01 and KB-01 are both 8 short, so by SKU. CAB-01 is covered
    // by its sent order.
    assert_eq!(
        all,
        [
            "MS-01 at London HQ › North Tower › IT Store: on hand 12 + on order 3 − reserved 5 = 10 (draft 0) vs rp 20 \
             (short 10), up to 40: Insight 32×499 USD = 15968 USD, 10d → 2026-03-20",
            "HD-01 at Kraków Office › Main Building › Open Plan: on hand 0 + on order 0 − reserved 0 = 0 (draft 0) vs rp \
             8 (short 8), up to 12: CDW 12×8000 EUR = 96000 EUR, 3d → 2026-03-13",
            "KB-01 at London HQ › North Tower › IT Store: on hand 2 + on order 0 − reserved 0 = 2 (draft 23) vs rp 10 \
             (short 8), up to 25: CDW 23×1500 EUR = 34500 EUR, 5d → 2026-03-15",
            "TN-01 at London HQ › North Tower › IT Store: on hand 5 + on order 0 − reserved 0 = 5 (draft 0) vs rp 5 \
             (short 0), up to 5: 1 from no preferred supplier",
        ]
    );
    let here: Vec<String> = reorder::suggestions(&s.f.conn, date("2026-03-10"), Some(s.f.ids.room))
        .unwrap()
        .iter()
        .map(|x| x.item_sku.clone())
        .collect();
    assert_eq!(here, ["MS-01", "KB-01", "TN-01"]);
}

#[test]
fn suggestions_change_as_stock_and_orders_change() {
    let Shop { mut s, cable, .. } = shop();
    let room = s.f.ids.room;
    let skus = |conn: &Connection| -> Vec<String> {
        reorder::suggestions(conn, date("2026-03-10"), Some(room)).unwrap().into_iter().map(|x| x.item_sku).collect()
    };
    // Receiving 7 of the sent order leaves 3 owed: 11 on hand + 3 = 14, still covered.
    s.f.conn.execute("UPDATE purchase_order_lines SET received_qty = 7 WHERE item_id = ?1", [cable]).unwrap();
    write(&mut s.f.conn, |tx| {
        stock::receive(
            tx,
            &change(),
            &Receipt { stock: StockKey::ours(cable, room), quantity: 7, ..Default::default() },
        )
    })
    .unwrap();
    assert_eq!(skus(&s.f.conn), ["MS-01", "KB-01", "TN-01"]);
    // Reserving 4 for new starters brings it to 10, at its reorder point: 30 − 10 = 20.
    write(&mut s.f.conn, |tx| {
        reorder::set_reorder(
            tx,
            &change(),
            &ReorderInput {
                item_id: cable,
                location_id: room,
                reorder_point: 10,
                order_up_to: 30,
                reserved: 4,
                ..Default::default()
            },
        )
    })
    .unwrap();
    let cab = reorder::suggestions(&s.f.conn, date("2026-03-10"), Some(room))
        .unwrap()
        .into_iter()
        .find(|x| x.item_sku == "CAB-01");
    let cab = cab.expect("at its reorder point");
    assert_eq!((cab.on_hand, cab.on_order, cab.reserved, cab.available, cab.suggested_qty), (11, 3, 4, 10, 20));
    // Over-delivery owes nothing, never a negative amount: 11 + 0 − 4 = 7, order 23.
    s.f.conn.execute("UPDATE purchase_order_lines SET received_qty = 12 WHERE item_id = ?1", [cable]).unwrap();
    let cab = reorder::suggestions(&s.f.conn, date("2026-03-10"), Some(room))
        .unwrap()
        .into_iter()
        .find(|x| x.item_sku == "CAB-01");
    assert_eq!(cab.map(|x| (x.on_order, x.available, x.suggested_qty)), Some((0, 7, 23)));
}

#[test]
fn draft_lines_follow_the_preferred_offers_grouped_by_supplier_and_place() {
    let Shop { s, cable, toner, disk } = shop();
    let (room, other_room) = (s.f.ids.room, s.f.ids.other_room);
    let lines =
        reorder::draft_lines(&s.f.conn, date("2026-03-10"), &[(s.mouse, room), (disk, other_room), (s.keyboard, room)])
            .unwrap();
    // CDW (created first) before Insight; within CDW the store (created first) before
    // the other room.
    assert_eq!(
        lines,
        [
            DraftLine {
                item_id: s.keyboard,
                location_id: room,
                supplier_id: s.cdw,
                quantity: 23,
                unit_price_minor: 1500,
                currency: "EUR".into()
            },
            DraftLine {
                item_id: disk,
                location_id: other_room,
                supplier_id: s.cdw,
                quantity: 12,
                unit_price_minor: 8000,
                currency: "EUR".into()
            },
            DraftLine {
                item_id: s.mouse,
                location_id: room,
                supplier_id: s.insight,
                quantity: 32,
                unit_price_minor: 499,
                currency: "USD".into()
            },
        ]
    );
    let refused = reorder::draft_lines(&s.f.conn, date("2026-03-10"), &[(toner, room), (cable, room)]).unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!(
            "stock item {cable} at location {room} is no longer at or below its reorder point; TN-01 at London HQ › \
             North Tower › IT Store has no preferred supplier"
        )
    );
    assert!(reorder::draft_lines(&s.f.conn, date("2026-03-10"), &[]).unwrap().is_empty());
}
