//! The count sheet of a location: what is held there (ours and consigned, zero
//! balances too) and what has reorder rules there.

use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey};
use tagledger_core::{counting, reference, write};

use crate::{change, fixture};

#[test]
fn the_count_sheet_lists_held_consigned_and_planned_stock_by_sku() {
    let mut f = fixture();
    let c = change();
    let room = f.ids.room;
    write(&mut f.conn, |tx| {
        let item = |sku: &str, name: &str| {
            stock::create_item(tx, &c, &StockItemInput { sku: sku.into(), name: name.into(), ..Default::default() })
        };
        let keyboard = item("KB-01", "USB keyboard")?;
        let toner = item("TNR-59A", "HP 59A toner")?;
        let mouse = item("MS-01", "USB mouse")?;
        let cable = item("CB-01", "HDMI cable")?;
        let cdw = reference::create_supplier(tx, &c, "CDW", None, None, None)?;
        stock::receive(
            tx,
            &c,
            &Receipt { stock: StockKey::ours(keyboard.id, room), quantity: 5, ..Default::default() },
        )?;
        stock::receive(
            tx,
            &c,
            &Receipt { stock: StockKey::consigned(toner.id, room, cdw), quantity: 4, ..Default::default() },
        )?;
        // Issued to zero: still on the sheet, since an empty shelf is worth checking.
        stock::receive(tx, &c, &Receipt { stock: StockKey::ours(mouse.id, room), quantity: 1, ..Default::default() })?;
        stock::issue(
            tx,
            &c,
            &Issue {
                stock: StockKey::ours(mouse.id, room),
                quantity: 1,
                issued_to: Some("Finance".into()),
                reason: "replacement".into(),
                ..Default::default()
            },
        )?;
        // Never stocked here, but planned: reorder rules at this room.
        tx.execute(
            "INSERT INTO reorder_settings (item_id, location_id, reorder_point, safety_stock, order_up_to, updated_at)
             VALUES (?1, ?2, 2, 1, 10, '2026-01-01T00:00:00Z')",
            [cable.id, room],
        )?;
        // Elsewhere: not on this room's sheet.
        stock::receive(
            tx,
            &c,
            &Receipt { stock: StockKey::ours(keyboard.id, f.ids.other_room), quantity: 9, ..Default::default() },
        )?;
        Ok(())
    })
    .unwrap();
    let sheet = counting::count_sheet(&f.conn, room, false, "Org", "now").unwrap();
    let lines: Vec<_> = sheet.lines.iter().map(|l| (l.sku.as_str(), l.owner.as_str(), l.expected)).collect();
    assert_eq!(lines, [("CB-01", "Ours", 0), ("KB-01", "Ours", 5), ("MS-01", "Ours", 0), ("TNR-59A", "CDW", 4)]);
    assert!(sheet.location.ends_with(&reference::location_full_name(&f.conn, room).unwrap()));
    assert!(counting::count_sheet(&f.conn, 9999, false, "Org", "now").is_err());
}
