//! Purchase orders and goods receipts: the order's life, receiving in parts, over- and
//! under-delivery, rejections, cancelled lines, landed cost, assets from model lines,
//! returns and the late line behind a stockout.

use chrono::NaiveDate;
use tagledger_core::assets::{self, AssetStatus, Money};
use tagledger_core::purchasing::{
    self, GoodsReceipt, LineInput, LineReturn, OrderFilter, OrderInput, OrderStatus, PurchaseOrder, ReceiptInput,
    ReceiptLineInput,
};
use tagledger_core::stock::{self, MovementKind, StockItemInput, StockKey};
use tagledger_core::{events, reference, write, Error, Result, Transaction};

use crate::{change, fixture, Fixture};

struct Setup {
    f: Fixture,
    supplier: i64,
    keyboard: i64,
    toner: i64,
    mouse: i64,
}

/// A supplier (CDW, quoting the keyboard at £12.50 with 7 days' lead time) and three
/// stock items. The organisation's default currency is EUR.
fn setup() -> Setup {
    let mut f = fixture();
    let c = change();
    let (supplier, keyboard, toner, mouse) = write(&mut f.conn, |tx| {
        let supplier = reference::create_supplier(tx, &c, "CDW", Some("Ann Lee"), Some("orders@cdw.example"), None)?;
        let item = |sku: &str, name: &str| -> Result<i64> {
            Ok(stock::create_item(
                tx,
                &c,
                &StockItemInput { sku: sku.into(), name: name.into(), ..Default::default() },
            )?
            .id)
        };
        Ok((supplier, item("KB-01", "USB keyboard")?, item("TN-01", "Toner")?, item("MS-01", "Mouse")?))
    })
    .unwrap();
    f.conn
        .execute(
            "INSERT INTO supplier_offers (item_id, supplier_id, price_minor, currency, lead_time_days, preferred)
             VALUES (?1, ?2, 1250, 'GBP', 7, 1)",
            [keyboard, supplier],
        )
        .unwrap();
    Setup { f, supplier, keyboard, toner, mouse }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn item_line(item: i64, quantity: i64, price: Option<&str>) -> LineInput {
    LineInput { item_id: Some(item), quantity, unit_price: price.map(Into::into), ..Default::default() }
}

fn model_line(model: i64, quantity: i64, price: &str) -> LineInput {
    LineInput { model_id: Some(model), quantity, unit_price: Some(price.into()), ..Default::default() }
}

fn order_input(s: &Setup, lines: Vec<LineInput>) -> OrderInput {
    OrderInput { supplier_id: s.supplier, deliver_to_id: s.f.ids.room, lines, ..Default::default() }
}

fn run<T>(s: &mut Setup, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    write(&mut s.f.conn, f)
}

/// Creates, approves and sends the order on 2026-03-02.
fn sent(s: &mut Setup, input: OrderInput) -> PurchaseOrder {
    let c = change();
    run(s, |tx| {
        let order = purchasing::create_order(tx, &c, &input)?;
        purchasing::approve(tx, &c, order.id)?;
        purchasing::send(tx, &c, order.id, d("2026-03-02"))
    })
    .unwrap()
}

fn accept(order_line_id: i64, accepted_qty: i64) -> ReceiptLineInput {
    ReceiptLineInput { order_line_id, accepted_qty, ..Default::default() }
}

fn receipt(order: &PurchaseOrder, on: &str, lines: Vec<ReceiptLineInput>) -> ReceiptInput {
    ReceiptInput { order_id: order.id, received_on: d(on), lines, ..Default::default() }
}

fn receive(s: &mut Setup, input: &ReceiptInput) -> Result<GoodsReceipt> {
    let c = change();
    run(s, |tx| purchasing::receive(tx, &c, input))
}

fn order(s: &Setup, id: i64) -> PurchaseOrder {
    purchasing::order(&s.f.conn, id).unwrap()
}

/// The message of a conflict.
fn conflict(err: Error) -> String {
    match err {
        Error::Conflict { message, .. } => message,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// "field: message" of each field error.
fn fields(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(errors) => errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn on_hand(s: &Setup, item: i64) -> i64 {
    stock::on_hand(&s.f.conn, &StockKey::ours(item, s.f.ids.room)).unwrap()
}

fn count(s: &Setup, table: &str) -> i64 {
    s.f.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn an_order_goes_from_draft_to_closed_with_an_event_for_each_step() {
    let mut s = setup();
    let c = change();
    let model = s.f.ids.model;
    let input = OrderInput {
        freight: Some("15.00".into()),
        other_charges: Some("5".into()),
        notes: "Deliver to the loading bay".into(),
        lines: vec![
            // No price: the offer's £12.50, quoted with 7 days' lead time.
            item_line(s.keyboard, 10, None),
            LineInput { promised_on: Some(d("2026-03-20")), ..model_line(model, 2, "999.00") },
        ],
        ..order_input(&s, vec![])
    };
    let draft = run(&mut s, |tx| purchasing::create_order(tx, &c, &input)).unwrap();
    assert_eq!((draft.number.as_str(), draft.status), ("PO-000001", OrderStatus::Draft));
    assert_eq!(draft.currency, "GBP", "a blank currency is the offer's, not the default EUR");
    assert_eq!(draft.deliver_to_name, "London HQ › North Tower › IT Store");
    let [keyboard, laptop] = &draft.lines[..] else { panic!("two lines") };
    assert_eq!(
        (keyboard.line_no, keyboard.sku_or_model.as_str(), keyboard.unit_price_minor, keyboard.quoted_price_minor),
        (1, "KB-01", 1250, Some(1250))
    );
    assert_eq!((keyboard.quoted_lead_days, keyboard.promised_on), (Some(7), None));
    assert_eq!(
        (laptop.sku_or_model.as_str(), laptop.unit_price_minor, laptop.quoted_lead_days),
        ("Latitude 5440", 99_900, None)
    );
    // 10 × 12.50 + 2 × 999.00 = 2,123.00; + 15.00 freight + 5.00 other charges.
    assert_eq!((draft.goods_total_minor, draft.total_minor), (212_300, 214_300));
    assert_eq!((keyboard.outstanding_qty, laptop.outstanding_qty), (10, 2));

    let approved = run(&mut s, |tx| purchasing::approve(tx, &c, draft.id)).unwrap();
    assert_eq!((approved.status, approved.approved_by.as_deref()), (OrderStatus::Approved, Some("tester")));
    let sent = run(&mut s, |tx| purchasing::send(tx, &c, draft.id, d("2026-03-02"))).unwrap();
    assert_eq!((sent.status, sent.ordered_on), (OrderStatus::Sent, Some(d("2026-03-02"))));
    // Ordered on 2 March + 7 days quoted; the laptops keep the date typed on the line.
    assert_eq!(sent.lines[0].promised_on, Some(d("2026-03-09")));
    assert_eq!(sent.lines[1].promised_on, Some(d("2026-03-20")));
    let line_ordered_on: Vec<String> =
        s.f.conn
            .prepare("SELECT ordered_on FROM purchase_order_lines ORDER BY line_no")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
    assert_eq!(line_ordered_on, ["2026-03-02", "2026-03-02"]);

    let (kb, lap) = (sent.lines[0].id, sent.lines[1].id);
    receive(&mut s, &receipt(&sent, "2026-03-05", vec![accept(kb, 4)])).unwrap();
    assert_eq!(order(&s, draft.id).status, OrderStatus::PartiallyReceived);
    receive(&mut s, &receipt(&sent, "2026-03-10", vec![accept(kb, 6), accept(lap, 2)])).unwrap();
    let received = order(&s, draft.id);
    assert_eq!(received.status, OrderStatus::Received);
    assert_eq!(received.lines.iter().map(|l| l.outstanding_qty).sum::<i64>(), 0);
    let closed = run(&mut s, |tx| purchasing::close(tx, &c, draft.id)).unwrap();
    assert_eq!(closed.status, OrderStatus::Closed);

    let mut history = events::history(&s.f.conn, "purchase_order", draft.id).unwrap();
    history.reverse();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["created", "approved", "sent", "goods received", "goods received", "closed"]);
    assert_eq!(history[1].before.as_ref().unwrap()["status"], "draft");
    assert_eq!(history[1].after.as_ref().unwrap()["approvedBy"], "tester");
    assert_eq!(history[3].after.as_ref().unwrap()["receipt"], "GR-000001");
    assert_eq!(history[4].after.as_ref().unwrap()["status"], "received");

    let next = run(&mut s, |tx| purchasing::create_order(tx, &c, &input)).unwrap();
    assert_eq!(next.number, "PO-000002");
    assert_eq!(purchasing::order_by_number(&s.f.conn, "po-000002").unwrap().id, next.id);
}

#[test]
fn every_refused_transition_names_the_status_and_changes_nothing() {
    let mut s = setup();
    let c = change();
    let input = order_input(&s, vec![item_line(s.keyboard, 10, None)]);
    let draft = run(&mut s, |tx| purchasing::create_order(tx, &c, &input)).unwrap();
    let id = draft.id;
    let line = draft.lines[0].id;
    let events_before = events::count(&s.f.conn).unwrap();
    let refused = |s: &mut Setup, f: &dyn Fn(&Transaction) -> Result<PurchaseOrder>| conflict(run(s, f).unwrap_err());
    assert_eq!(
        refused(&mut s, &|tx| purchasing::send(tx, &c, id, d("2026-03-02"))),
        "PO-000001 is a draft: approve it before sending"
    );
    assert_eq!(
        refused(&mut s, &|tx| purchasing::close(tx, &c, id)),
        "PO-000001 is a draft: nothing was received against it; cancel it instead"
    );
    assert_eq!(
        refused(&mut s, &|tx| purchasing::cancel_line(tx, &c, line)),
        "PO-000001 is a draft: edit its lines instead"
    );
    assert_eq!(
        conflict(receive(&mut s, &receipt(&draft, "2026-03-05", vec![accept(line, 1)])).unwrap_err()),
        "PO-000001 is a draft: approve and send it before receiving"
    );
    assert_eq!(events::count(&s.f.conn).unwrap(), events_before, "no refusal wrote an event");

    run(&mut s, |tx| purchasing::approve(tx, &c, id)).unwrap();
    assert_eq!(
        refused(&mut s, &|tx| purchasing::approve(tx, &c, id)),
        "PO-000001 is approved: it was approved already"
    );
    assert_eq!(
        refused(&mut s, &|tx| purchasing::update_order(tx, &c, id, &input)),
        "PO-000001 is approved: only a draft can be edited"
    );
    assert_eq!(
        conflict(receive(&mut s, &receipt(&draft, "2026-03-05", vec![accept(line, 1)])).unwrap_err()),
        "PO-000001 is approved: send it, with the day it was ordered, before receiving against it"
    );
    run(&mut s, |tx| purchasing::send(tx, &c, id, d("2026-03-02"))).unwrap();
    assert_eq!(
        refused(&mut s, &|tx| purchasing::send(tx, &c, id, d("2026-03-03"))),
        "PO-000001 is sent: it was sent already"
    );
    assert_eq!(
        fields(receive(&mut s, &receipt(&draft, "2026-03-01", vec![accept(line, 1)])).unwrap_err()),
        ["receivedOn: is before PO-000001 was sent (2026-03-02)"]
    );
    receive(&mut s, &receipt(&draft, "2026-03-05", vec![accept(line, 4)])).unwrap();
    assert_eq!(
        refused(&mut s, &|tx| purchasing::cancel(tx, &c, id, "found cheaper")),
        "PO-000001 is partially received: goods were received against it; close it instead"
    );
    assert_eq!(order(&s, id).status, OrderStatus::PartiallyReceived);
    assert_eq!(order(&s, id).ordered_on, Some(d("2026-03-02")), "the refused second send changed nothing");

    // A draft can be cancelled, with a reason; then it goes nowhere.
    let other = run(&mut s, |tx| purchasing::create_order(tx, &c, &input)).unwrap();
    let oid = other.id;
    assert_eq!(fields(run(&mut s, |tx| purchasing::cancel(tx, &c, oid, "  ")).unwrap_err()), ["reason: is required"]);
    let cancelled = run(&mut s, |tx| purchasing::cancel(tx, &c, oid, "found cheaper")).unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(cancelled.lines[0].outstanding_qty, 0, "a cancelled order expects nothing");
    assert_eq!(
        refused(&mut s, &|tx| purchasing::approve(tx, &c, oid)),
        "PO-000002 is cancelled: only a draft can be approved"
    );
    assert_eq!(
        refused(&mut s, &|tx| purchasing::cancel(tx, &c, oid, "again")),
        "PO-000002 is cancelled: it cannot be cancelled"
    );
    let history = events::history(&s.f.conn, "purchase_order", oid).unwrap();
    assert_eq!(history[0].action, "cancelled");
    assert_eq!(history[0].after.as_ref().unwrap()["reason"], "found cheaper");
}

#[test]
fn orders_are_checked_field_by_field() {
    let mut s = setup();
    let c = change();
    let model = s.f.ids.model;
    let bad = OrderInput {
        supplier_id: 999,
        currency: Some("euro".into()),
        freight: Some("-3".into()),
        lines: vec![
            LineInput { item_id: Some(s.keyboard), model_id: Some(model), quantity: 1, ..Default::default() },
            model_line(model, 0, "1.00"),
            LineInput { model_id: Some(model), quantity: 1, ..Default::default() },
        ],
        ..order_input(&s, vec![])
    };
    assert_eq!(
        fields(run(&mut s, |tx| purchasing::create_order(tx, &c, &bad)).unwrap_err()),
        [
            "supplierId: supplier 999 does not exist",
            "freight: '-3' is negative; costs cannot be negative",
            "currency: 'EURO' is not an ISO 4217 currency code (e.g. EUR, USD, GBP)",
            "lines.0.itemId: choose a stock item or an asset model",
            "lines.0.unitPrice: is required",
            "lines.1.quantity: must be at least 1",
            "lines.2.unitPrice: is required",
        ]
    );
    // No offer for toner; the keyboard's offer is in GBP, not the EUR asked for.
    let no_price = OrderInput {
        currency: Some("EUR".into()),
        ..order_input(&s, vec![item_line(s.toner, 1, None), item_line(s.keyboard, 1, None)])
    };
    assert_eq!(
        fields(run(&mut s, |tx| purchasing::create_order(tx, &c, &no_price)).unwrap_err()),
        [
            "lines.0.unitPrice: is required: this supplier has no offer for the item",
            "lines.1.unitPrice: the supplier's offer is in GBP; type the price in EUR",
        ]
    );
    let empty = order_input(&s, vec![]);
    assert_eq!(
        fields(run(&mut s, |tx| purchasing::create_order(tx, &c, &empty)).unwrap_err()),
        ["lines: add at least one line"]
    );
    assert_eq!(count(&s, "purchase_orders"), 0);

    // Typed in EUR, the keyboard keeps its quoted lead time but no quoted price.
    let typed =
        OrderInput { currency: Some("eur".into()), ..order_input(&s, vec![item_line(s.keyboard, 2, Some("11.00"))]) };
    let draft = run(&mut s, |tx| purchasing::create_order(tx, &c, &typed)).unwrap();
    assert_eq!(draft.currency, "EUR");
    assert_eq!((draft.lines[0].quoted_price_minor, draft.lines[0].quoted_lead_days), (None, Some(7)));

    // Editing a draft replaces its lines.
    let edited = order_input(&s, vec![item_line(s.toner, 3, Some("40.00")), item_line(s.mouse, 5, Some("8.00"))]);
    let updated = run(&mut s, |tx| purchasing::update_order(tx, &c, draft.id, &edited)).unwrap();
    let lines: Vec<(i64, &str, i64)> =
        updated.lines.iter().map(|l| (l.line_no, l.sku_or_model.as_str(), l.quantity)).collect();
    assert_eq!(lines, [(1, "TN-01", 3), (2, "MS-01", 5)]);
    // The default currency, EUR: no line has an offer from CDW.
    assert_eq!((updated.currency.as_str(), updated.goods_total_minor), ("EUR", 16_000));
    assert_eq!(count(&s, "purchase_order_lines"), 2);
    assert_eq!(events::history(&s.f.conn, "purchase_order", draft.id).unwrap()[0].action, "updated");
}

#[test]
fn two_receipts_complete_a_line_on_the_second_date_and_put_stock_on_hand() {
    let mut s = setup();
    let input = order_input(&s, vec![item_line(s.keyboard, 10, None)]);
    let po = sent(&mut s, input);
    let line = po.lines[0].id;
    assert_eq!(po.lines[0].promised_on, Some(d("2026-03-09")));

    let first = receive(&mut s, &receipt(&po, "2026-03-05", vec![accept(line, 4)])).unwrap();
    assert_eq!(first.number, "GR-000001");
    assert_eq!(first.location_name, "London HQ › North Tower › IT Store", "blank location: the order's");
    assert_eq!(order(&s, po.id).lines[0].completed_on, None);
    // The second delivery is late (promised 9 March): the line completes on its date.
    let second = receive(&mut s, &receipt(&po, "2026-03-12", vec![accept(line, 6)])).unwrap();
    assert_eq!(second.number, "GR-000002");
    let l = &order(&s, po.id).lines[0];
    assert_eq!((l.received_qty, l.outstanding_qty, l.completed_on), (10, 0, Some(d("2026-03-12"))));
    let dates: (String, String) = s
        .f
        .conn
        .query_row("SELECT first_received_on, last_received_on FROM purchase_order_lines WHERE id = ?1", [line], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(dates, ("2026-03-05".to_string(), "2026-03-12".to_string()));

    assert_eq!(on_hand(&s, s.keyboard), 10);
    assert_eq!(stock::verify_balances(&s.f.conn).unwrap(), []);
    let ledger = stock::ledger(&s.f.conn, s.keyboard, None, 10).unwrap();
    let movements: Vec<String> = ledger
        .iter()
        .map(|m| {
            let cost = m.unit_cost.as_ref().map(|c| format!("{} {}", c.minor, c.currency)).unwrap_or_default();
            format!("{:+} {:?} ({:?}) at {cost}", m.quantity, m.reference, m.reason)
        })
        .collect();
    assert_eq!(
        movements,
        [
            r#"+6 Some("PO-000001") (Some("goods receipt GR-000002")) at 1250 GBP"#,
            r#"+4 Some("PO-000001") (Some("goods receipt GR-000001")) at 1250 GBP"#,
        ]
    );
    assert_eq!(second.lines[0].movement_id, Some(ledger[0].id));
    let receipts = purchasing::receipts(&s.f.conn, po.id).unwrap();
    assert_eq!(receipts.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["GR-000001", "GR-000002"]);
    assert_eq!(receipts[1], second);
}

#[test]
fn over_delivery_within_ten_percent_is_accepted_and_beyond_is_refused() {
    let mut s = setup();
    let input = order_input(&s, vec![item_line(s.keyboard, 10, None), item_line(s.toner, 5, Some("30.00"))]);
    let po = sent(&mut s, input);
    let (kb, tn) = (po.lines[0].id, po.lines[1].id);
    let events_before = events::count(&s.f.conn).unwrap();

    let err = receive(&mut s, &receipt(&po, "2026-03-05", vec![accept(kb, 12)])).unwrap_err();
    assert_eq!(
        fields(err),
        ["lines.0.acceptedQty: line 1 (KB-01): 10 ordered, 0 accepted before; at most 11 can be accepted in all (10% over), so at most 11 more"]
    );
    // 10% of 5 is half a unit: no toner over-delivery at all.
    let err = receive(&mut s, &receipt(&po, "2026-03-05", vec![accept(kb, 11), accept(tn, 6)])).unwrap_err();
    assert_eq!(
        fields(err),
        ["lines.1.acceptedQty: line 2 (TN-01): 5 ordered, 0 accepted before; at most 5 can be accepted in all (10% over), so at most 5 more"]
    );
    assert_eq!((on_hand(&s, s.keyboard), count(&s, "goods_receipts")), (0, 0), "a refusal writes nothing");
    assert_eq!(events::count(&s.f.conn).unwrap(), events_before);

    receive(&mut s, &receipt(&po, "2026-03-05", vec![accept(kb, 11), accept(tn, 2)])).unwrap();
    let after = order(&s, po.id);
    assert_eq!((after.lines[0].received_qty, after.lines[0].outstanding_qty), (11, 0));
    assert_eq!(after.lines[0].completed_on, Some(d("2026-03-05")));
    assert_eq!(after.status, OrderStatus::PartiallyReceived, "the toner is still 3 short");
    assert_eq!(on_hand(&s, s.keyboard), 11);
}

#[test]
fn rejected_units_need_a_reason_are_counted_and_are_not_stocked() {
    let mut s = setup();
    let input = order_input(&s, vec![item_line(s.keyboard, 10, None)]);
    let po = sent(&mut s, input);
    let line = po.lines[0].id;
    let damaged = ReceiptLineInput { order_line_id: line, accepted_qty: 8, rejected_qty: 2, ..Default::default() };
    let err = receive(&mut s, &receipt(&po, "2026-03-05", vec![damaged.clone()])).unwrap_err();
    assert_eq!(fields(err), ["lines.0.rejectionReason: is required"]);

    let with_reason = ReceiptLineInput { rejection_reason: Some("cracked casing".into()), ..damaged };
    let gr = receive(&mut s, &receipt(&po, "2026-03-05", vec![with_reason])).unwrap();
    assert_eq!(
        (gr.lines[0].accepted_qty, gr.lines[0].rejected_qty, gr.lines[0].rejection_reason.as_deref()),
        (8, 2, Some("cracked casing"))
    );
    let after = order(&s, po.id);
    let l = &after.lines[0];
    assert_eq!((l.received_qty, l.rejected_qty, l.outstanding_qty, l.completed_on), (8, 2, 2, None));
    assert_eq!(after.status, OrderStatus::PartiallyReceived);
    assert_eq!(on_hand(&s, s.keyboard), 8, "only accepted units are stocked");

    // A delivery of nothing but rejects is still a delivery.
    let rejects = ReceiptLineInput {
        order_line_id: line,
        rejected_qty: 2,
        rejection_reason: Some("wrong layout".into()),
        ..Default::default()
    };
    let gr = receive(&mut s, &receipt(&po, "2026-03-06", vec![rejects])).unwrap();
    assert_eq!((gr.lines[0].landed_unit_cost_minor, gr.lines[0].movement_id), (None, None));
    assert_eq!(order(&s, po.id).lines[0].rejected_qty, 4);
    assert_eq!(on_hand(&s, s.keyboard), 8);
}

#[test]
fn a_cancelled_line_refuses_receipts_and_the_order_can_still_be_received() {
    let mut s = setup();
    let c = change();
    let input = order_input(&s, vec![item_line(s.keyboard, 10, None), item_line(s.toner, 5, Some("30.00"))]);
    let po = sent(&mut s, input);
    let (kb, tn) = (po.lines[0].id, po.lines[1].id);
    receive(&mut s, &receipt(&po, "2026-03-05", vec![accept(kb, 4)])).unwrap();

    let after = run(&mut s, |tx| purchasing::cancel_line(tx, &c, tn)).unwrap();
    assert_eq!(after.status, OrderStatus::PartiallyReceived, "the keyboards are still 6 short");
    let toner = &after.lines[1];
    assert_eq!((toner.cancelled, toner.outstanding_qty, toner.line_total_minor), (true, 0, 0));
    assert_eq!(after.goods_total_minor, 12_500, "10 × 12.50; nothing of the cancelled toner");
    assert_eq!(
        conflict(run(&mut s, |tx| purchasing::cancel_line(tx, &c, tn)).unwrap_err()),
        "line 2 of PO-000001 is cancelled already"
    );
    let err = receive(&mut s, &receipt(&po, "2026-03-06", vec![accept(kb, 6), accept(tn, 5)])).unwrap_err();
    assert_eq!(fields(err), ["lines.1.orderLineId: line 2 (TN-01) was cancelled: nothing more is expected on it"]);
    assert_eq!(on_hand(&s, s.keyboard), 4, "the keyboards of the refused receipt were not stocked");

    receive(&mut s, &receipt(&po, "2026-03-06", vec![accept(kb, 6)])).unwrap();
    assert_eq!(order(&s, po.id).status, OrderStatus::Received, "every line not cancelled is complete");
    assert_eq!(
        conflict(run(&mut s, |tx| purchasing::cancel_line(tx, &c, kb)).unwrap_err()),
        "PO-000001 is received: its lines cannot be cancelled"
    );

    // Cancelling the one open line of an order with receipts completes the order.
    let input = order_input(&s, vec![item_line(s.keyboard, 2, None), item_line(s.mouse, 3, Some("8.00"))]);
    let po = sent(&mut s, input);
    receive(&mut s, &receipt(&po, "2026-03-05", vec![accept(po.lines[0].id, 2)])).unwrap();
    let mouse = po.lines[1].id;
    assert_eq!(run(&mut s, |tx| purchasing::cancel_line(tx, &c, mouse)).unwrap().status, OrderStatus::Received);
    let history = events::history(&s.f.conn, "purchase_order", po.id).unwrap();
    assert_eq!(
        (history[0].action.as_str(), &history[0].after.as_ref().unwrap()["givenUp"]),
        ("line cancelled", &3.into())
    );

    // With nothing received, the last line is not cancelled alone.
    let input = order_input(&s, vec![item_line(s.keyboard, 2, None)]);
    let po = sent(&mut s, input);
    let only = po.lines[0].id;
    assert_eq!(
        conflict(run(&mut s, |tx| purchasing::cancel_line(tx, &c, only)).unwrap_err()),
        "line 1 of PO-000003 is its last line and nothing was received: cancel the order instead"
    );
}

#[test]
fn freight_is_allocated_by_accepted_value_and_sums_exactly() {
    let mut s = setup();
    let input = OrderInput {
        currency: Some("EUR".into()),
        ..order_input(&s, vec![item_line(s.keyboard, 3, Some("3.33")), item_line(s.toner, 1, Some("0.01"))])
    };
    let po = sent(&mut s, input);
    let gr = receive(
        &mut s,
        &ReceiptInput {
            freight: Some("10.00".into()),
            ..receipt(&po, "2026-03-05", vec![accept(po.lines[0].id, 3), accept(po.lines[1].id, 1)])
        },
    )
    .unwrap();
    // Values 999 and 1 of 1000: shares 999 and 1. Landed: 333 + 999/3 = 666, 1 + 1/1 = 2.
    let shares: Vec<(i64, Option<i64>)> =
        gr.lines.iter().map(|l| (l.freight_share_minor, l.landed_unit_cost_minor)).collect();
    assert_eq!(shares, [(999, Some(666)), (1, Some(2))]);
    assert_eq!(gr.freight_minor, 1000);
    let movement = &stock::ledger(&s.f.conn, s.keyboard, None, 1).unwrap()[0];
    assert_eq!(movement.unit_cost, Some(Money { minor: 666, currency: "EUR".into() }), "stocked at landed cost");

    // Equal values 2 and 2 over freight 10.01: 500.5 each, the extra cent to the earlier
    // line; its 501 over 2 units is 250.5, rounded half up to 251.
    let input = OrderInput {
        currency: Some("EUR".into()),
        ..order_input(&s, vec![item_line(s.mouse, 2, Some("0.01")), item_line(s.toner, 1, Some("0.02"))])
    };
    let po = sent(&mut s, input);
    let gr = receive(
        &mut s,
        &ReceiptInput {
            freight: Some("10.01".into()),
            ..receipt(&po, "2026-03-05", vec![accept(po.lines[0].id, 2), accept(po.lines[1].id, 1)])
        },
    )
    .unwrap();
    let shares: Vec<(i64, Option<i64>)> =
        gr.lines.iter().map(|l| (l.freight_share_minor, l.landed_unit_cost_minor)).collect();
    assert_eq!(shares, [(501, Some(1 + 251)), (500, Some(2 + 500))]);
}

#[test]
fn the_orders_charges_are_shared_by_its_receipts_and_the_last_takes_the_rest() {
    let mut s = setup();
    // Charges 0.70 + 0.30 = 100 over goods worth 3 × 10.00 = 3000.
    let input = OrderInput {
        freight: Some("0.70".into()),
        other_charges: Some("0.30".into()),
        ..order_input(&s, vec![item_line(s.keyboard, 3, Some("10.00"))])
    };
    let po = sent(&mut s, input);
    let line = po.lines[0].id;
    let mut carried = Vec::new();
    for day in ["2026-03-03", "2026-03-04", "2026-03-05"] {
        let gr = receive(&mut s, &receipt(&po, day, vec![accept(line, 1)])).unwrap();
        carried.push((gr.freight_minor, gr.lines[0].landed_unit_cost_minor));
    }
    // ⌊100 × 1000/3000⌋ = 33; ⌊100 × 2000/3000⌋ − 33 = 33; the last: 100 − 66 = 34.
    assert_eq!(carried, [(33, Some(1033)), (33, Some(1033)), (34, Some(1034))]);
}

#[test]
fn receiving_a_model_line_creates_tagged_assets_and_refusals_write_nothing() {
    let mut s = setup();
    let model = s.f.ids.model;
    let input = OrderInput { currency: Some("EUR".into()), ..order_input(&s, vec![model_line(model, 3, "1299.00")]) };
    let po = sent(&mut s, input);
    let line = po.lines[0].id;
    let with_serials = |accepted: i64, serials: &[&str]| ReceiptLineInput {
        order_line_id: line,
        accepted_qty: accepted,
        serials: serials.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let events_before = events::count(&s.f.conn).unwrap();
    let refused =
        |s: &mut Setup, l: ReceiptLineInput| fields(receive(s, &receipt(&po, "2026-03-05", vec![l])).unwrap_err());
    assert_eq!(
        refused(&mut s, with_serials(2, &["SN-1", "SN-1"])),
        ["lines.0.serials: serial number SN-1 is given twice"]
    );
    assert_eq!(
        refused(&mut s, with_serials(2, &["SN-1"])),
        ["lines.0.serials: line 1 (Latitude 5440): give one serial number per accepted unit (2) or none; 1 given"]
    );
    assert_eq!((assets::count(&s.f.conn).unwrap(), count(&s, "goods_receipts")), (0, 0));
    assert_eq!(events::count(&s.f.conn).unwrap(), events_before);

    let gr = receive(&mut s, &receipt(&po, "2026-03-05", vec![with_serials(2, &["SN-1", "SN-2"])])).unwrap();
    let received: Vec<(&str, Option<&str>)> =
        gr.lines[0].assets.iter().map(|a| (a.tag.as_str(), a.serial.as_deref())).collect();
    // The refusals above did not use up tag numbers.
    assert_eq!(received, [("AT-000001", Some("SN-1")), ("AT-000002", Some("SN-2"))]);
    let asset = assets::get(&s.f.conn, gr.lines[0].assets[0].id).unwrap();
    assert_eq!(
        (asset.model_id, asset.category_name.as_str(), asset.location_id, asset.status),
        (Some(model), "Laptops", Some(s.f.ids.room), AssetStatus::Deployable)
    );
    assert_eq!((asset.name.as_str(), asset.purchase_date), ("Latitude 5440", Some(d("2026-03-05"))));
    assert_eq!(asset.purchase_cost, Some(Money { minor: 129_900, currency: "EUR".into() }));
    assert_eq!((asset.supplier_name.as_deref(), asset.order_reference.as_deref()), (Some("CDW"), Some("PO-000001")));
    assert_eq!(events::history(&s.f.conn, "asset", asset.id).unwrap()[0].action, "created");

    assert_eq!(
        refused(&mut s, with_serials(1, &["SN-2"])),
        ["lines.0.serials: serial number SN-2 of Latitude 5440 is already registered as AT-000002"]
    );
    assert_eq!(assets::count(&s.f.conn).unwrap(), 2);
    let gr = receive(&mut s, &receipt(&po, "2026-03-06", vec![with_serials(1, &[])])).unwrap();
    assert_eq!(gr.lines[0].assets, [purchasing::ReceivedAsset { id: 3, tag: "AT-000003".into(), serial: None }]);
    assert_eq!(order(&s, po.id).status, OrderStatus::Received);
    assert_eq!(count(&s, "goods_receipt_assets"), 3);
    assert_eq!(purchasing::receipts(&s.f.conn, po.id).unwrap()[0].lines[0].assets.len(), 2);
}

#[test]
fn accepted_stock_can_be_returned_to_the_supplier_up_to_what_was_accepted() {
    let mut s = setup();
    let c = change();
    let model = s.f.ids.model;
    let input = order_input(&s, vec![item_line(s.keyboard, 10, None), model_line(model, 1, "999.00")]);
    let po = sent(&mut s, input);
    let (kb, lap) = (po.lines[0].id, po.lines[1].id);
    receive(&mut s, &receipt(&po, "2026-03-05", vec![accept(kb, 10), accept(lap, 1)])).unwrap();
    let room = s.f.ids.room;
    let back = |line: i64, quantity: i64| LineReturn {
        order_line_id: line,
        quantity,
        location_id: room,
        reason: "faulty keys".into(),
    };
    let movement = run(&mut s, |tx| purchasing::return_to_supplier(tx, &c, &back(kb, 3))).unwrap();
    assert_eq!(
        (movement.kind, movement.quantity, movement.reference.as_deref(), movement.reason.as_deref()),
        (MovementKind::ReturnToSupplier, -3, Some("PO-000001"), Some("faulty keys"))
    );
    assert_eq!((on_hand(&s, s.keyboard), order(&s, po.id).lines[0].returned_qty), (7, 3));
    assert_eq!(
        fields(run(&mut s, |tx| purchasing::return_to_supplier(tx, &c, &back(kb, 8))).unwrap_err()),
        ["quantity: only 7 of line 1 of PO-000001 can be returned (10 accepted, 3 returned before)"]
    );
    assert_eq!(
        conflict(run(&mut s, |tx| purchasing::return_to_supplier(tx, &c, &back(lap, 1))).unwrap_err()),
        "line 2 of PO-000001 is an asset model: return the assets from their own records"
    );
    assert_eq!((on_hand(&s, s.keyboard), order(&s, po.id).lines[0].returned_qty), (7, 3));
    let history = events::history(&s.f.conn, "purchase_order", po.id).unwrap();
    assert_eq!(
        (history[0].action.as_str(), &history[0].after.as_ref().unwrap()["returnedQty"]),
        ("returned to supplier", &3.into())
    );
}

#[test]
fn a_stockout_is_linked_to_the_earliest_line_promised_before_it_and_not_yet_complete() {
    let mut s = setup();
    let c = change();
    // Promised 9 March (ordered 2 March + 7 days).
    let input = order_input(&s, vec![item_line(s.keyboard, 10, None)]);
    let early = sent(&mut s, input);
    let later_line = LineInput { promised_on: Some(d("2026-03-20")), ..item_line(s.keyboard, 5, None) };
    let input = order_input(&s, vec![later_line]);
    let later = sent(&mut s, input);
    // Drafts and cancelled lines are not to blame, however early their promise.
    let draft_line = LineInput { promised_on: Some(d("2026-03-01")), ..item_line(s.keyboard, 5, None) };
    let draft_input = order_input(&s, vec![draft_line]);
    run(&mut s, |tx| purchasing::create_order(tx, &c, &draft_input)).unwrap();
    let cancelled_line = LineInput { promised_on: Some(d("2026-03-01")), ..item_line(s.keyboard, 5, None) };
    let input = order_input(&s, vec![cancelled_line, item_line(s.toner, 1, Some("1.00"))]);
    let cancelled = sent(&mut s, input);
    let cancelled_id = cancelled.lines[0].id;
    run(&mut s, |tx| purchasing::cancel_line(tx, &c, cancelled_id)).unwrap();

    let late = |s: &Setup, on: &str| purchasing::late_line_for_stockout(&s.f.conn, s.keyboard, d(on)).unwrap();
    assert_eq!(late(&s, "2026-03-09"), None, "due that day, not late yet");
    assert_eq!(late(&s, "2026-03-10"), Some(early.lines[0].id));
    receive(&mut s, &receipt(&early, "2026-03-12", vec![accept(early.lines[0].id, 10)])).unwrap();
    assert_eq!(late(&s, "2026-03-12"), Some(early.lines[0].id), "delivered that day, perhaps after the shelf emptied");
    assert_eq!(late(&s, "2026-03-13"), None);
    assert_eq!(late(&s, "2026-03-11"), Some(early.lines[0].id), "a past stockout still finds it");
    assert_eq!(late(&s, "2026-03-21"), Some(later.lines[0].id));
    assert_eq!(purchasing::late_line_for_stockout(&s.f.conn, s.mouse, d("2026-03-21")).unwrap(), None);

    // A stockout recorded then names the late order; one with no late order names none.
    let (keyboard, mouse, room) = (s.keyboard, s.mouse, s.f.ids.room);
    let on =
        |day: &str| tagledger_core::Change { actor: "ann".into(), at: format!("{day}T10:00:00Z").parse().unwrap() };
    let (late_stockout, no_order) = run(&mut s, |tx| {
        Ok((
            stock::record_stockout(tx, &on("2026-03-21"), keyboard, room, 2)?,
            stock::record_stockout(tx, &on("2026-03-21"), mouse, room, 1)?,
        ))
    })
    .unwrap();
    assert_eq!(late_stockout.late_order_number.as_deref(), Some(later.number.as_str()));
    assert_eq!(late_stockout.late_order_id, Some(later.id));
    assert_eq!((no_order.late_order_id, no_order.late_order_number), (None, None));
}

#[test]
fn lists_and_on_order_lines_come_with_their_totals() {
    let mut s = setup();
    let c = change();
    let draft_input = order_input(&s, vec![item_line(s.toner, 2, Some("40.00"))]);
    let draft = run(&mut s, |tx| purchasing::create_order(tx, &c, &draft_input)).unwrap();
    let input = OrderInput {
        freight: Some("5.00".into()),
        ..order_input(&s, vec![item_line(s.keyboard, 10, None), item_line(s.keyboard, 4, Some("12.00"))])
    };
    let open = sent(&mut s, input);
    receive(&mut s, &receipt(&open, "2026-03-05", vec![accept(open.lines[0].id, 3)])).unwrap();
    let gone_input = order_input(&s, vec![item_line(s.keyboard, 1, None)]);
    let gone = run(&mut s, |tx| {
        let o = purchasing::create_order(tx, &c, &gone_input)?;
        purchasing::cancel(tx, &c, o.id, "duplicate")
    })
    .unwrap();

    let all = purchasing::orders(&s.f.conn, &OrderFilter::default()).unwrap();
    let rows: Vec<(&str, OrderStatus, i64, i64, i64, i64)> = all
        .iter()
        .map(|o| (o.number.as_str(), o.status, o.line_count, o.goods_total_minor, o.total_minor, o.outstanding_qty))
        .collect();
    assert_eq!(
        rows,
        [
            ("PO-000003", OrderStatus::Cancelled, 1, 1250, 1250, 0),
            // 10 × 12.50 + 4 × 12.00 = 173.00, + 5.00 freight; 7 + 4 still expected.
            ("PO-000002", OrderStatus::PartiallyReceived, 2, 17_300, 17_800, 11),
            ("PO-000001", OrderStatus::Draft, 1, 8000, 8000, 2),
        ]
    );
    assert_eq!(all[1].deliver_to_name, "IT Store");
    assert_eq!(all[1].next_promised_on, Some(d("2026-03-09")));
    let open_only = purchasing::orders(&s.f.conn, &OrderFilter { open_only: true, ..Default::default() }).unwrap();
    assert_eq!(open_only.iter().map(|o| o.id).collect::<Vec<_>>(), [open.id, draft.id]);
    let cancelled =
        purchasing::orders(&s.f.conn, &OrderFilter { status: Some(OrderStatus::Cancelled), ..Default::default() })
            .unwrap();
    assert_eq!(cancelled.iter().map(|o| o.id).collect::<Vec<_>>(), [gone.id]);
    let other_supplier =
        purchasing::orders(&s.f.conn, &OrderFilter { supplier_id: Some(s.supplier + 1), ..Default::default() })
            .unwrap();
    assert_eq!(other_supplier, []);

    // On order for the keyboard: the sent order's two lines, not the cancelled order's.
    let on_order = purchasing::open_lines_for_item(&s.f.conn, s.keyboard).unwrap();
    let lines: Vec<(&str, i64, i64)> =
        on_order.iter().map(|o| (o.order_number.as_str(), o.line.line_no, o.line.outstanding_qty)).collect();
    assert_eq!(lines, [("PO-000002", 1, 7), ("PO-000002", 2, 4)]);
}

#[test]
fn the_report_carries_what_the_pdf_prints() {
    let mut s = setup();
    let input = OrderInput {
        freight: Some("15.00".into()),
        notes: "Loading bay".into(),
        ..order_input(&s, vec![item_line(s.keyboard, 10, None)])
    };
    let po = sent(&mut s, input);
    let report = purchasing::order_report(&s.f.conn, po.id, "Northwind", "2026-03-02 09:00 UTC").unwrap();
    assert_eq!(
        (report.number.as_str(), report.status.as_str(), report.supplier.as_str(), report.currency.as_str()),
        ("PO-000001", "Sent", "CDW", "GBP")
    );
    assert_eq!(report.supplier_contact, ["Ann Lee", "orders@cdw.example"]);
    assert_eq!(report.deliver_to, "London HQ › North Tower › IT Store");
    assert_eq!((report.ordered_on.as_deref(), report.approved_by.as_deref()), (Some("2026-03-02"), Some("tester")));
    assert_eq!(report.lines[0].promised_on.as_deref(), Some("2026-03-09"));
    assert_eq!((report.goods_total_minor, report.freight_minor, report.total_minor), (12_500, 1500, 14_000));
    let pdf = tagledger_print::reports::purchase_order::render(&report);
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn picked_reorder_suggestions_become_one_draft_per_supplier_and_location() {
    let mut s = setup();
    let c = change();
    let room = s.f.ids.room;
    let (keyboard, toner, mouse) = (s.keyboard, s.toner, s.mouse);
    let drafts = run(&mut s, |tx| {
        let other = reference::create_supplier(tx, &c, "Bechtle", None, None, None)?;
        // Keyboard from CDW (the setup's offer); toner and mouse from Bechtle in packs.
        tx.execute(
            "INSERT INTO supplier_offers (item_id, supplier_id, price_minor, currency, lead_time_days, pack_size, preferred)
             VALUES (?1, ?3, 8900, 'GBP', 3, 1, 1), (?2, ?3, 990, 'GBP', 3, 5, 1)",
            [toner, mouse, other],
        )?;
        for item in [keyboard, toner, mouse] {
            tx.execute(
                "INSERT INTO reorder_settings (item_id, location_id, reorder_point, safety_stock, order_up_to, updated_at)
                 VALUES (?1, ?2, 4, 2, 12, '2026-01-01T00:00:00Z')",
                [item, room],
            )?;
        }
        purchasing::drafts_from_suggestions(tx, &c, d("2026-03-02"), &[(keyboard, room), (toner, room), (mouse, room)])
    })
    .unwrap();
    type Draft = (String, OrderStatus, Vec<(String, i64, i64)>);
    let summary: Vec<Draft> = drafts
        .iter()
        .map(|o| {
            (
                o.supplier_name.clone(),
                o.status,
                o.lines.iter().map(|l| (l.sku_or_model.clone(), l.quantity, l.unit_price_minor)).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("CDW".to_string(), OrderStatus::Draft, vec![("KB-01".to_string(), 12, 1250)]),
            (
                "Bechtle".to_string(),
                OrderStatus::Draft,
                // Nothing on hand: up to 12; the mouse rounded up to whole packs of 5.
                vec![("MS-01".to_string(), 15, 990), ("TN-01".to_string(), 12, 8900)]
            ),
        ]
    );
    // Now on a draft, the suggestion says so and a second pick adds no new draft silently.
    let suggestions = tagledger_core::reorder::suggestions(&s.f.conn, d("2026-03-02"), None).unwrap();
    assert!(suggestions.iter().all(|x| x.on_draft > 0), "{suggestions:?}");
    let err = run(&mut s, |tx| purchasing::drafts_from_suggestions(tx, &c, d("2026-03-02"), &[])).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
}
