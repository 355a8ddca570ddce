//! Consumables stock: the movement ledger, the balances it keeps, consignment stock and
//! stockouts.

use expect_test::expect;
use tagledger_core::stock::{
    self, Adjustment, Count, Disposal, Issue, MovementKind, Receipt, StockItemInput, StockKey, StockoutCause,
    SupplierReturn, Transfer,
};
use tagledger_core::{events, reference, write, Connection, Error};

use crate::{change, fixture, Fixture};

struct Stock {
    f: Fixture,
    keyboard: i64,
    supplier: i64,
}

fn setup() -> Stock {
    let mut f = fixture();
    let c = change();
    let (keyboard, supplier) = write(&mut f.conn, |tx| {
        let keyboard = stock::create_item(
            tx,
            &c,
            &StockItemInput {
                sku: "KB-01".into(),
                name: "USB keyboard".into(),
                barcode: Some("5012345678900".into()),
                ..Default::default()
            },
        )?;
        let supplier = reference::create_supplier(tx, &c, "CDW", None, None, None)?;
        Ok((keyboard.id, supplier))
    })
    .unwrap();
    Stock { f, keyboard, supplier }
}

fn receipt(key: StockKey, quantity: i64) -> Receipt {
    Receipt { stock: key, quantity, ..Default::default() }
}

fn issue_to_person(key: StockKey, quantity: i64, person: i64) -> Issue {
    Issue { stock: key, quantity, person_id: Some(person), reason: "new starter".into(), ..Default::default() }
}

/// The fields an error names, or its kind when it names none.
fn fields(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(errors) => errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The ledger of an item, newest first, one line per movement.
fn ledger_text(conn: &Connection, item: i64) -> String {
    stock::ledger(conn, item, None, 100)
        .unwrap()
        .iter()
        .map(|m| {
            let owner = m.owner_name.as_deref().map(|o| format!(" [{o}]")).unwrap_or_default();
            let to = m.person_name.clone().or(m.issued_to.clone()).map(|t| format!(" to {t}")).unwrap_or_default();
            let reason = m.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
            format!("{:+} {} at {}{owner}{to}{reason}\n", m.quantity, m.kind.as_str(), m.location_name)
        })
        .collect()
}

#[test]
fn receiving_and_issuing_keep_the_balance_and_the_ledger() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let here = StockKey::ours(keyboard, f.ids.room);
    let person = f.ids.person;
    write(&mut f.conn, |tx| {
        let received = stock::receive(
            tx,
            &c,
            &Receipt { unit_cost: Some("18.50".into()), reference: Some("PO-1001".into()), ..receipt(here, 10) },
        )?;
        assert_eq!(received.unit_cost.as_ref().map(|m| (m.minor, m.currency.as_str())), Some((1850, "EUR")));
        let issued = stock::issue(tx, &c, &issue_to_person(here, 3, person))?;
        assert_eq!(issued.stockout, None);
        stock::issue(
            tx,
            &c,
            &Issue {
                stock: here,
                quantity: 2,
                issued_to: Some("Finance (CC-4100)".into()),
                reason: "replacement".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();

    assert_eq!(stock::on_hand(&f.conn, &here).unwrap(), 5);
    assert_eq!(stock::item(&f.conn, keyboard).unwrap().on_hand, 5);
    let balances = stock::balances(&f.conn, keyboard).unwrap();
    assert_eq!(balances.len(), 1);
    assert_eq!(
        (balances[0].location_name.as_str(), balances[0].owned, balances[0].consigned),
        ("London HQ › North Tower › IT Store", 5, 0)
    );
    expect![[r#"
        -2 issue at IT Store to Finance (CC-4100) (replacement)
        -3 issue at IT Store to Zoë Müller (new starter)
        +10 receive at IT Store
    "#]]
    .assert_eq(&ledger_text(&f.conn, keyboard));
    let history = events::history(&f.conn, "stock_item", keyboard).unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["stock issued", "stock issued", "stock received", "created"]);
    assert_eq!(history[0].after.as_ref().unwrap()["onHand"], 5, "the event says what was left");
    assert_eq!(stock::verify_balances(&f.conn).unwrap(), []);
}

#[test]
fn issuing_more_than_is_on_hand_is_refused_and_the_shortfall_recorded_afterwards() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let here = StockKey::ours(keyboard, f.ids.room);
    write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(here, 3))).unwrap();
    let events_before = events::count(&f.conn).unwrap();

    let too_many = issue_to_person(here, 5, f.ids.person);
    let err = write(&mut f.conn, |tx| stock::issue(tx, &c, &too_many)).unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot issue 5 × KB-01 USB keyboard at London HQ › North Tower › IT Store: only 3 on hand"
    );
    assert_eq!(stock::on_hand(&f.conn, &here).unwrap(), 3, "nothing was issued");
    assert_eq!(stock::ledger(&f.conn, keyboard, Some(f.ids.room), 10).unwrap().len(), 1);
    assert_eq!(events::count(&f.conn).unwrap(), events_before);
    assert_eq!(stock::stockouts(&f.conn).unwrap(), []);

    // As the app does after the refusal: the unmet demand, in a transaction of its own.
    let stockout = write(&mut f.conn, |tx| stock::record_refused_issue(tx, &c, &too_many)).unwrap().unwrap();
    assert_eq!((stockout.demand_unmet, stockout.cause, stockout.location_name.as_str()), (2, None, "IT Store"));

    // Issuing the last three empties the shelf: a stockout with no demand unmet, at once.
    let issued = write(&mut f.conn, |tx| stock::issue(tx, &c, &issue_to_person(here, 3, f.ids.person))).unwrap();
    let emptied = issued.stockout.expect("reaching zero records a stockout");
    assert_eq!(emptied.demand_unmet, 0);

    let cause = write(&mut f.conn, |tx| {
        stock::set_stockout_cause(tx, &c, stockout.id, StockoutCause::LateSupplier, "PO-1002 a week late")
    })
    .unwrap();
    assert_eq!((cause.cause, cause.note.as_str()), (Some(StockoutCause::LateSupplier), "PO-1002 a week late"));
    let list: Vec<(i64, Option<StockoutCause>)> =
        stock::stockouts(&f.conn).unwrap().iter().map(|s| (s.demand_unmet, s.cause)).collect();
    assert_eq!(list, [(0, None), (2, Some(StockoutCause::LateSupplier))], "newest first");
    assert_eq!(events::history(&f.conn, "stock_item", keyboard).unwrap()[0].action, "stockout cause set");
}

#[test]
fn a_transfer_posts_two_legs_with_one_transfer_id() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let (room, other) = (f.ids.room, f.ids.other_room);
    write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(StockKey::ours(keyboard, room), 10))).unwrap();
    let move_4 = Transfer {
        item_id: keyboard,
        from_location_id: room,
        to_location_id: other,
        quantity: 4,
        reason: Some("Kraków new starters".into()),
        ..Default::default()
    };
    let (out, into) = write(&mut f.conn, |tx| stock::transfer(tx, &c, &move_4)).unwrap();
    assert_eq!((out.kind, out.quantity, out.location_id), (MovementKind::TransferOut, -4, room));
    assert_eq!((into.kind, into.quantity, into.location_id), (MovementKind::TransferIn, 4, other));
    assert_eq!(out.transfer_id, Some(out.id));
    assert_eq!(into.transfer_id, Some(out.id));
    let on_hand: Vec<(String, i64)> =
        stock::balances(&f.conn, keyboard).unwrap().iter().map(|b| (b.location_name.clone(), b.owned)).collect();
    assert_eq!(
        on_hand,
        [
            ("Kraków Office › Main Building › Open Plan".to_string(), 4),
            ("London HQ › North Tower › IT Store".into(), 6)
        ]
    );

    let err =
        write(&mut f.conn, |tx| stock::transfer(tx, &c, &Transfer { quantity: 7, ..move_4.clone() })).unwrap_err();
    assert!(err.to_string().starts_with("cannot transfer 7 × KB-01 USB keyboard at London HQ"), "{err}");
    let err = write(&mut f.conn, |tx| stock::transfer(tx, &c, &Transfer { to_location_id: room, ..move_4.clone() }))
        .unwrap_err();
    assert_eq!(fields(err), ["toLocationId: is where the stock already is"]);
    assert_eq!(stock::verify_balances(&f.conn).unwrap(), []);
}

#[test]
fn a_count_posts_its_variance_and_a_matching_count_posts_nothing() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let here = StockKey::ours(keyboard, f.ids.room);
    write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(here, 10))).unwrap();
    let count = |counted| Count { stock: here, counted: Some(counted), reference: Some("CS-7".into()), reason: None };

    let short = write(&mut f.conn, |tx| stock::count(tx, &c, &count(7))).unwrap().unwrap();
    assert_eq!((short.kind, short.quantity), (MovementKind::Count, -3));
    assert_eq!(stock::on_hand(&f.conn, &here).unwrap(), 7);

    assert_eq!(write(&mut f.conn, |tx| stock::count(tx, &c, &count(7))).unwrap(), None);
    assert_eq!(stock::ledger(&f.conn, keyboard, None, 10).unwrap().len(), 2, "no zero movement");
    let last = &events::history(&f.conn, "stock_item", keyboard).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), &last.after.as_ref().unwrap()["counted"]),
        ("stock counted, no variance", &7.into())
    );

    let found = write(&mut f.conn, |tx| stock::count(tx, &c, &count(9))).unwrap().unwrap();
    assert_eq!(found.quantity, 2);
    assert_eq!(stock::on_hand(&f.conn, &here).unwrap(), 9);

    let err = write(&mut f.conn, |tx| stock::count(tx, &c, &Count { counted: Some(-1), ..count(0) })).unwrap_err();
    assert_eq!(fields(err), ["counted: cannot be negative"]);
    let err = write(&mut f.conn, |tx| stock::count(tx, &c, &Count { counted: None, ..count(0) })).unwrap_err();
    assert_eq!(fields(err), ["counted: is required"]);
}

#[test]
fn an_adjustment_needs_a_reason_and_cannot_overdraw() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let here = StockKey::ours(keyboard, f.ids.room);
    write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(here, 2))).unwrap();

    let err =
        write(&mut f.conn, |tx| stock::adjust(tx, &c, &Adjustment { stock: here, quantity: 0, reason: "  ".into() }))
            .unwrap_err();
    assert_eq!(fields(err), ["quantity: must not be zero", "reason: is required"]);
    let err = write(&mut f.conn, |tx| {
        stock::adjust(tx, &c, &Adjustment { stock: here, quantity: -3, reason: "damaged".into() })
    })
    .unwrap_err();
    assert!(err.to_string().contains("cannot remove 3 × KB-01 USB keyboard") && err.to_string().contains("only 2"));

    let adjusted = write(&mut f.conn, |tx| {
        stock::adjust(tx, &c, &Adjustment { stock: here, quantity: -1, reason: "damaged in transit".into() })
    })
    .unwrap();
    assert_eq!((adjusted.quantity, adjusted.reason.as_deref()), (-1, Some("damaged in transit")));
    assert_eq!(stock::on_hand(&f.conn, &here).unwrap(), 1);
}

#[test]
fn returns_and_disposals_take_stock_out_with_their_costs() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let here = StockKey::ours(keyboard, f.ids.room);
    write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(here, 5))).unwrap();
    let returned = write(&mut f.conn, |tx| {
        stock::return_to_supplier(
            tx,
            &c,
            &SupplierReturn {
                stock: here,
                quantity: 1,
                reason: "dead on arrival".into(),
                reference: Some("RMA-9".into()),
            },
        )
    })
    .unwrap();
    assert_eq!((returned.kind, returned.quantity), (MovementKind::ReturnToSupplier, -1));
    let disposal = Disposal {
        stock: here,
        quantity: 2,
        reason: "spilled coffee".into(),
        disposal_cost: Some("5.00".into()),
        currency: Some("gbp".into()),
        ..Default::default()
    };
    let disposed = write(&mut f.conn, |tx| stock::dispose(tx, &c, &disposal)).unwrap();
    assert_eq!(disposed.disposal_cost.map(|m| (m.minor, m.currency)), Some((500, "GBP".to_string())));
    assert_eq!(disposed.unit_cost, None);
    assert_eq!(stock::on_hand(&f.conn, &here).unwrap(), 2);
    let err =
        write(&mut f.conn, |tx| stock::dispose(tx, &c, &Disposal { quantity: 3, ..disposal.clone() })).unwrap_err();
    assert!(err.to_string().starts_with("cannot dispose of 3 × KB-01"), "{err}");
    let err = write(&mut f.conn, |tx| {
        stock::dispose(
            tx,
            &c,
            &Disposal { reason: String::new(), disposal_cost: Some("-1".into()), ..disposal.clone() },
        )
    })
    .unwrap_err();
    assert_eq!(fields(err), ["reason: is required", "disposalCost: '-1' is negative; costs cannot be negative"]);
}

#[test]
fn consignment_stock_is_kept_apart_from_our_own() {
    let Stock { mut f, keyboard, supplier } = setup();
    let c = change();
    let ours = StockKey::ours(keyboard, f.ids.room);
    let theirs = StockKey::consigned(keyboard, f.ids.room, supplier);
    write(&mut f.conn, |tx| {
        stock::receive(tx, &c, &receipt(ours, 10))?;
        stock::receive(tx, &c, &receipt(theirs, 5))
    })
    .unwrap();
    let balance = &stock::balances(&f.conn, keyboard).unwrap()[0];
    assert_eq!((balance.owned, balance.consigned, balance.on_hand()), (10, 5, 15));
    assert_eq!(
        balance.consignment.iter().map(|b| (b.supplier_name.as_str(), b.on_hand)).collect::<Vec<_>>(),
        [("CDW", 5)]
    );

    let err = write(&mut f.conn, |tx| stock::issue(tx, &c, &issue_to_person(theirs, 6, f.ids.person))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot issue 6 × KB-01 USB keyboard at London HQ › North Tower › IT Store: only 5 of CDW's consignment stock on hand"
    );
    let issued = write(&mut f.conn, |tx| stock::issue(tx, &c, &issue_to_person(theirs, 5, f.ids.person))).unwrap();
    assert_eq!(issued.movement.owner_name.as_deref(), Some("CDW"), "usage owed to the supplier");
    assert_eq!(issued.stockout, None, "our own stock is still on the shelf");
    let balance = &stock::balances(&f.conn, keyboard).unwrap()[0];
    assert_eq!((balance.owned, balance.consigned), (10, 0));
    assert_eq!(stock::item(&f.conn, keyboard).unwrap().on_hand, 10);
    expect![[r#"
        -5 issue at IT Store [CDW] to Zoë Müller (new starter)
        +5 receive at IT Store [CDW]
        +10 receive at IT Store
    "#]]
    .assert_eq(&ledger_text(&f.conn, keyboard));
    assert_eq!(stock::verify_balances(&f.conn).unwrap(), []);
}

#[test]
fn the_ledger_refuses_update_and_delete() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(StockKey::ours(keyboard, f.ids.room), 4))).unwrap();
    for sql in ["UPDATE stock_movements SET quantity = 400", "DELETE FROM stock_movements"] {
        let err = f.conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("the stock ledger is append-only"), "{sql}: {err}");
    }
    // A balance edited behind the app's back is found.
    f.conn.execute("UPDATE stock_balances SET on_hand = 40", []).unwrap();
    let mismatches = stock::verify_balances(&f.conn).unwrap();
    assert_eq!(mismatches.iter().map(|m| (m.on_hand, m.ledger_sum)).collect::<Vec<_>>(), [(40, 4)]);
}

#[test]
fn bad_input_is_refused_field_by_field() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let nowhere = StockKey { item_id: 999, location_id: 998, owner_supplier_id: Some(997) };
    let err = write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(nowhere, 0))).unwrap_err();
    assert_eq!(
        fields(err),
        [
            "stock.itemId: stock item 999 does not exist",
            "stock.locationId: location 998 does not exist",
            "stock.ownerSupplierId: supplier 997 does not exist",
            "quantity: must be at least 1",
        ]
    );
    let here = StockKey::ours(keyboard, f.ids.room);
    let err = write(&mut f.conn, |tx| {
        stock::issue(tx, &c, &Issue { stock: here, quantity: -2, reason: "new starter".into(), ..Default::default() })
    })
    .unwrap_err();
    assert_eq!(
        fields(err),
        ["quantity: must be at least 1", "issuedTo: say whom it is for: a person, a department or a cost centre"]
    );
    let err = write(&mut f.conn, |tx| {
        stock::issue(tx, &c, &Issue { reason: String::new(), ..issue_to_person(here, 1, f.ids.person) })
    })
    .unwrap_err();
    assert_eq!(fields(err), ["reason: is required"]);

    let err = write(&mut f.conn, |tx| {
        stock::create_item(tx, &c, &StockItemInput { sku: " ".into(), name: "Mouse".into(), ..Default::default() })
    })
    .unwrap_err();
    assert_eq!(fields(err), ["sku: is required"]);
    let err = write(&mut f.conn, |tx| {
        stock::create_item(
            tx,
            &c,
            &StockItemInput {
                sku: "kb-01".into(),
                name: "Another keyboard".into(),
                barcode: Some("5012345678900".into()),
                category_id: Some(12345),
                ..Default::default()
            },
        )
    })
    .unwrap_err();
    assert_eq!(
        fields(err),
        [
            "categoryId: category 12345 does not exist",
            "sku: SKU kb-01 is already used by USB keyboard",
            "barcode: barcode 5012345678900 is already used by USB keyboard",
        ]
    );
}

#[test]
fn items_are_listed_edited_and_found_by_scanning() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let monitors = f.ids.monitors;
    let edited = write(&mut f.conn, |tx| {
        let mouse = stock::create_item(
            tx,
            &c,
            &StockItemInput { sku: "MS-01".into(), name: "Mouse".into(), ..Default::default() },
        )?;
        assert_eq!(mouse.unit, "each");
        stock::receive(tx, &c, &receipt(StockKey::ours(mouse.id, f.ids.room), 3))?;
        stock::receive(tx, &c, &receipt(StockKey::ours(mouse.id, f.ids.other_room), 4))?;
        stock::update_item(
            tx,
            &c,
            keyboard,
            &StockItemInput {
                sku: "KB-01".into(),
                name: "USB keyboard (UK)".into(),
                category_id: Some(monitors),
                unit: "box of 5".into(),
                barcode: Some("5012345678900".into()),
                notes: "Logitech K120".into(),
            },
        )
    })
    .unwrap();
    assert_eq!((edited.unit.as_str(), edited.category_name.as_deref()), ("box of 5", Some("Monitors")));
    let listed: Vec<(String, i64)> = stock::items(&f.conn).unwrap().into_iter().map(|i| (i.sku, i.on_hand)).collect();
    assert_eq!(listed, [("MS-01".to_string(), 7), ("KB-01".into(), 0)]);
    assert_eq!(stock::item_by_code(&f.conn, "5012345678900").unwrap().map(|i| i.id), Some(keyboard));
    assert_eq!(stock::item_by_code(&f.conn, " kb-01 ").unwrap().map(|i| i.id), Some(keyboard));
    assert_eq!(stock::item_by_code(&f.conn, "nothing").unwrap(), None);
    let history = events::history(&f.conn, "stock_item", keyboard).unwrap();
    assert_eq!(history[0].action, "updated");
    assert_eq!(history[0].after.as_ref().unwrap()["name"], "USB keyboard (UK)");
}

#[test]
fn the_stock_list_splits_ours_from_consigned_and_filters_by_sku_name_or_barcode() {
    let Stock { mut f, keyboard, supplier } = setup();
    let c = change();
    let (room, other) = (f.ids.room, f.ids.other_room);
    write(&mut f.conn, |tx| {
        let mouse = stock::create_item(
            tx,
            &c,
            &StockItemInput { sku: "MS-01".into(), name: "Mouse".into(), ..Default::default() },
        )?;
        stock::receive(tx, &c, &receipt(StockKey::ours(keyboard, room), 10))?;
        stock::receive(tx, &c, &receipt(StockKey::ours(keyboard, other), 2))?;
        stock::receive(tx, &c, &receipt(StockKey::consigned(keyboard, room, supplier), 5))?;
        stock::receive(tx, &c, &receipt(StockKey::consigned(mouse.id, other, supplier), 4))
    })
    .unwrap();
    let rows = |text: &str, limit| -> Vec<(String, i64, i64, i64)> {
        stock::item_rows(&f.conn, text, limit)
            .unwrap()
            .into_iter()
            .map(|r| (r.item.sku, r.owned, r.consigned, r.item.on_hand))
            .collect()
    };
    assert_eq!(rows("", 10), [("MS-01".to_string(), 0, 4, 4), ("KB-01".into(), 12, 5, 17)], "by name");
    assert_eq!(rows(" kb-0 ", 10), [("KB-01".to_string(), 12, 5, 17)], "SKU, any case");
    assert_eq!(rows("MOUS", 10), [("MS-01".to_string(), 0, 4, 4)], "name");
    assert_eq!(rows("1234567", 10), [("KB-01".to_string(), 12, 5, 17)], "part of the barcode");
    assert_eq!(rows("toner", 10), []);
    assert_eq!(rows("", 1).len(), 1, "at most the limit");
    // The row is the item with its split beside it, flat for the UI.
    let json = serde_json::to_value(&stock::item_rows(&f.conn, "KB", 1).unwrap()[0]).unwrap();
    assert_eq!(
        (&json["sku"], &json["onHand"], &json["owned"], &json["consigned"]),
        (&"KB-01".into(), &17.into(), &12.into(), &5.into())
    );

    let shelf: Vec<(String, Option<String>, i64)> =
        stock::stock_at(&f.conn, room).unwrap().into_iter().map(|s| (s.sku, s.owner_name, s.on_hand)).collect();
    assert_eq!(shelf, [("KB-01".to_string(), None, 10), ("KB-01".into(), Some("CDW".into()), 5)]);
    let shelf: Vec<(String, i64)> =
        stock::stock_at(&f.conn, other).unwrap().into_iter().map(|s| (s.sku, s.on_hand)).collect();
    assert_eq!(shelf, [("MS-01".to_string(), 4), ("KB-01".into(), 2)], "by item name");
}

#[test]
fn a_basket_issues_every_line_or_none_and_names_the_line_refused() {
    let Stock { mut f, keyboard, .. } = setup();
    let c = change();
    let (room, person) = (f.ids.room, f.ids.person);
    let mouse = write(&mut f.conn, |tx| {
        let mouse = stock::create_item(
            tx,
            &c,
            &StockItemInput { sku: "MS-01".into(), name: "Mouse".into(), ..Default::default() },
        )?;
        stock::receive(tx, &c, &receipt(StockKey::ours(keyboard, room), 7))?;
        stock::receive(tx, &c, &receipt(StockKey::ours(mouse.id, room), 2))?;
        Ok(mouse.id)
    })
    .unwrap();
    let (kb, ms) = (StockKey::ours(keyboard, room), StockKey::ours(mouse, room));
    let events_before = events::count(&f.conn).unwrap();

    // Line 2 asks for 3 mice of 2: nothing is issued, not even line 1's keyboard.
    let basket = [issue_to_person(kb, 1, person), issue_to_person(ms, 3, person)];
    let err = write(&mut f.conn, |tx| stock::issue_lines(tx, &c, &basket)).unwrap_err();
    let Error::Conflict { field: Some(field), message } = &err else { panic!("{err:?}") };
    assert_eq!(
        (field.as_str(), message.as_str()),
        (
            "lines.1.quantity",
            "line 2: cannot issue 3 × MS-01 Mouse at London HQ › North Tower › IT Store: only 2 on hand"
        )
    );
    assert_eq!((stock::on_hand(&f.conn, &kb).unwrap(), stock::on_hand(&f.conn, &ms).unwrap()), (7, 2));
    assert_eq!(events::count(&f.conn).unwrap(), events_before, "nothing written");
    // The app then records line 2's shortfall.
    assert_eq!(stock::line_field(field), Some((1, "quantity")));
    let stockout = write(&mut f.conn, |tx| stock::record_refused_issue(tx, &c, &basket[1])).unwrap().unwrap();
    assert_eq!((stockout.item_sku.as_str(), stockout.demand_unmet), ("MS-01", 1));

    // Field errors name their line too, so the form can show them there.
    let err = write(&mut f.conn, |tx| {
        stock::issue_lines(tx, &c, &[issue_to_person(kb, 1, person), issue_to_person(ms, 0, person)])
    })
    .unwrap_err();
    assert_eq!(fields(err), ["lines.1.quantity: must be at least 1"]);
    let err = write(&mut f.conn, |tx| stock::issue_lines(tx, &c, &[])).unwrap_err();
    assert_eq!(fields(err), ["lines: scan or add at least one item"]);

    // Both lines, in one go; the second empties the mice and records that stockout.
    let issued = write(&mut f.conn, |tx| {
        stock::issue_lines(tx, &c, &[issue_to_person(kb, 3, person), issue_to_person(ms, 2, person)])
    })
    .unwrap();
    let posted: Vec<(i64, bool)> = issued.iter().map(|i| (i.movement.quantity, i.stockout.is_some())).collect();
    assert_eq!(posted, [(-3, false), (-2, true)]);
    assert_eq!((stock::on_hand(&f.conn, &kb).unwrap(), stock::on_hand(&f.conn, &ms).unwrap()), (4, 0));
    assert_eq!(stock::verify_balances(&f.conn).unwrap(), []);
}

#[test]
fn a_scan_count_posts_each_lines_variance_in_one_go() {
    let Stock { mut f, keyboard, supplier } = setup();
    let c = change();
    let room = f.ids.room;
    let (kb, theirs) = (StockKey::ours(keyboard, room), StockKey::consigned(keyboard, room, supplier));
    write(&mut f.conn, |tx| {
        stock::receive(tx, &c, &receipt(kb, 7))?;
        stock::receive(tx, &c, &receipt(theirs, 5))
    })
    .unwrap();
    let counted = |stock, n| Count { stock, counted: Some(n), reference: Some("CS-9".into()), reason: None };

    // A bad line refuses the whole count.
    let err = write(&mut f.conn, |tx| stock::count_lines(tx, &c, &[counted(kb, 6), counted(theirs, -1)])).unwrap_err();
    assert_eq!(fields(err), ["lines.1.counted: cannot be negative"]);
    assert_eq!(stock::on_hand(&f.conn, &kb).unwrap(), 7, "line 1 was not posted");

    let posted = write(&mut f.conn, |tx| stock::count_lines(tx, &c, &[counted(kb, 6), counted(theirs, 5)])).unwrap();
    let variances: Vec<Option<i64>> = posted.iter().map(|m| m.as_ref().map(|m| m.quantity)).collect();
    assert_eq!(variances, [Some(-1), None], "a matching count posts no movement");
    assert_eq!((stock::on_hand(&f.conn, &kb).unwrap(), stock::on_hand(&f.conn, &theirs).unwrap()), (6, 5));
    expect![[r#"
        -1 count at IT Store
        +5 receive at IT Store [CDW]
        +7 receive at IT Store
    "#]]
    .assert_eq(&ledger_text(&f.conn, keyboard));
}

/// The reliability property: whatever sequence of movements is tried (the refused ones
/// skipped), every balance equals the sum of its ledger, matches a model kept beside it
/// and never goes below zero.
mod balances_equal_the_ledger {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        Receive { at: usize, consigned: bool, quantity: i64 },
        Issue { at: usize, consigned: bool, quantity: i64 },
        Transfer { from: usize, consigned: bool, quantity: i64 },
        Adjust { at: usize, consigned: bool, quantity: i64 },
        Count { at: usize, consigned: bool, counted: i64 },
    }

    fn op() -> impl Strategy<Value = Op> {
        let at = 0..2usize;
        prop_oneof![
            (at.clone(), any::<bool>(), 1..20i64).prop_map(|(at, consigned, quantity)| Op::Receive {
                at,
                consigned,
                quantity
            }),
            (at.clone(), any::<bool>(), 1..20i64).prop_map(|(at, consigned, quantity)| Op::Issue {
                at,
                consigned,
                quantity
            }),
            (at.clone(), any::<bool>(), 1..20i64).prop_map(|(from, consigned, quantity)| Op::Transfer {
                from,
                consigned,
                quantity
            }),
            (at.clone(), any::<bool>(), -20..20i64).prop_map(|(at, consigned, quantity)| Op::Adjust {
                at,
                consigned,
                quantity
            }),
            (at, any::<bool>(), 0..25i64).prop_map(|(at, consigned, counted)| Op::Count { at, consigned, counted }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn after_every_movement(ops in proptest::collection::vec(op(), 1..40)) {
            let Stock { mut f, keyboard, supplier } = setup();
            let c = change();
            let locations = [f.ids.room, f.ids.other_room];
            let key = |at: usize, consigned: bool| StockKey {
                item_id: keyboard,
                location_id: locations[at],
                owner_supplier_id: consigned.then_some(supplier),
            };
            let mut model: HashMap<StockKey, i64> = HashMap::new();
            for op in ops {
                let have = |model: &HashMap<StockKey, i64>, k: StockKey| model.get(&k).copied().unwrap_or(0);
                let (result, allowed): (Result<(), Error>, bool) = match op {
                    Op::Receive { at, consigned, quantity } => {
                        let k = key(at, consigned);
                        *model.entry(k).or_default() += quantity;
                        (write(&mut f.conn, |tx| stock::receive(tx, &c, &receipt(k, quantity)).map(drop)), true)
                    }
                    Op::Issue { at, consigned, quantity } => {
                        let k = key(at, consigned);
                        let allowed = quantity <= have(&model, k);
                        if allowed {
                            *model.entry(k).or_default() -= quantity;
                        }
                        let input = issue_to_person(k, quantity, f.ids.person);
                        (write(&mut f.conn, |tx| stock::issue(tx, &c, &input).map(drop)), allowed)
                    }
                    Op::Transfer { from, consigned, quantity } => {
                        let (out, into) = (key(from, consigned), key(1 - from, consigned));
                        let allowed = quantity <= have(&model, out);
                        if allowed {
                            *model.entry(out).or_default() -= quantity;
                            *model.entry(into).or_default() += quantity;
                        }
                        let input = Transfer {
                            item_id: keyboard,
                            from_location_id: out.location_id,
                            to_location_id: into.location_id,
                            owner_supplier_id: out.owner_supplier_id,
                            quantity,
                            ..Default::default()
                        };
                        (write(&mut f.conn, |tx| stock::transfer(tx, &c, &input).map(drop)), allowed)
                    }
                    Op::Adjust { at, consigned, quantity } => {
                        let k = key(at, consigned);
                        let allowed = quantity != 0 && have(&model, k) + quantity >= 0;
                        if allowed {
                            *model.entry(k).or_default() += quantity;
                        }
                        let input = Adjustment { stock: k, quantity, reason: "test".into() };
                        (write(&mut f.conn, |tx| stock::adjust(tx, &c, &input).map(drop)), allowed)
                    }
                    Op::Count { at, consigned, counted } => {
                        let k = key(at, consigned);
                        model.insert(k, counted);
                        let input = Count { stock: k, counted: Some(counted), ..Default::default() };
                        (write(&mut f.conn, |tx| stock::count(tx, &c, &input).map(drop)), true)
                    }
                };
                match result {
                    Ok(()) => prop_assert!(allowed, "{op:?} should have been refused"),
                    Err(Error::Conflict { .. } | Error::Invalid(_)) => prop_assert!(!allowed, "{op:?} was refused"),
                    Err(e) => prop_assert!(false, "{op:?} failed: {e}"),
                }
                prop_assert_eq!(stock::verify_balances(&f.conn).unwrap(), []);
                let lowest: i64 =
                    f.conn.query_row("SELECT ifnull(min(on_hand), 0) FROM stock_balances", [], |r| r.get(0)).unwrap();
                prop_assert!(lowest >= 0);
                for (k, expected) in &model {
                    prop_assert_eq!(stock::on_hand(&f.conn, k).unwrap(), *expected, "{:?} after {:?}", k, op);
                }
            }
        }
    }
}
