//! Cycle counts: the count sheet of a location — every item held there (ours and each
//! supplier's consignment stock, even at zero, since a zero balance is worth checking)
//! and every item with reorder rules there. Counts themselves are posted as `count`
//! movements by [`crate::stock::count`].

use rusqlite::Connection;

use tagledger_print::reports::count_sheet::{CountSheet, CountSheetLine};

use crate::{reference, Error, Result};

pub fn count_sheet(
    conn: &Connection,
    location_id: i64,
    blind: bool,
    organisation: &str,
    generated_at: &str,
) -> Result<CountSheet> {
    if !conn.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([location_id])? {
        return Err(Error::not_found(format!("location {location_id}")));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT i.sku, i.name, i.unit, ifnull(i.barcode, ''), ifnull(s.name, 'Ours'), ifnull(b.on_hand, 0)
         FROM (SELECT item_id, owner_key FROM stock_balances WHERE location_id = ?1
               UNION
               SELECT item_id, 0 FROM reorder_settings WHERE location_id = ?1) k
         JOIN stock_items i ON i.id = k.item_id
         LEFT JOIN stock_balances b ON b.item_id = k.item_id AND b.location_id = ?1 AND b.owner_key = k.owner_key
         LEFT JOIN suppliers s ON s.id = nullif(k.owner_key, 0)
         ORDER BY i.sku, k.owner_key",
    )?;
    let lines = stmt
        .query_map([location_id], |r| {
            Ok(CountSheetLine {
                sku: r.get(0)?,
                name: r.get(1)?,
                unit: r.get(2)?,
                barcode: r.get(3)?,
                owner: r.get(4)?,
                expected: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(CountSheet {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        location: reference::location_full_name(conn, location_id)?,
        blind,
        lines,
    })
}
