//! CSV export of the register (the current filter), with the headers the importer
//! reads, so an export can be edited and imported into another database; and writing
//! any finished file (a PDF, ZPL) so a failure never leaves half of it.

use std::io::Write;

use rusqlite::Connection;

use crate::reference;
use crate::register::{for_each_asset, AssetFilter};
use crate::validate::format_money;
use crate::Result;

/// Writes `bytes` beside `path` and renames the result into place, so a failure (disk
/// full, no permission) never leaves a half-written file under the name the user chose.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path)).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

pub const HEADERS: [&str; 16] = [
    "tag",
    "serial",
    "name",
    "model",
    "manufacturer",
    "category",
    "location",
    "status",
    "assigned_to",
    "purchase_date",
    "purchase_cost",
    "currency",
    "supplier",
    "order_reference",
    "warranty_end",
    "notes",
];

/// Writes every asset matching `filter` as CSV; returns the number of rows written.
/// Custom fields become one column per field name after the fixed columns.
pub fn write_csv(conn: &Connection, filter: &AssetFilter, out: impl Write) -> Result<u64> {
    let locations: std::collections::HashMap<i64, String> =
        reference::locations(conn)?.into_iter().map(|l| (l.id, l.full_name)).collect();
    let manufacturers: std::collections::HashMap<i64, String> =
        reference::manufacturers(conn)?.into_iter().map(|m| (m.id, m.name)).collect();
    let model_manufacturer: std::collections::HashMap<i64, String> = reference::models(conn)?
        .into_iter()
        .filter_map(|m| Some((m.id, manufacturers.get(&m.manufacturer_id?)?.clone())))
        .collect();
    let people: std::collections::HashMap<i64, String> =
        reference::people(conn)?.into_iter().map(|p| (p.id, p.email.or(p.employee_number).unwrap_or(p.name))).collect();
    let mut custom: Vec<String> =
        reference::categories(conn)?.into_iter().flat_map(|c| c.fields).map(|f| f.name).collect();
    custom.sort();
    custom.dedup();

    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADERS.iter().copied().chain(custom.iter().map(String::as_str)))?;
    let mut rows = 0;
    for_each_asset(conn, filter, |a| {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let mut record = vec![
            a.tag.clone(),
            text(&a.serial),
            a.name.clone(),
            a.model_name.clone(),
            a.model_id.and_then(|m| model_manufacturer.get(&m).cloned()).unwrap_or_default(),
            a.category_name.clone(),
            a.location_id.and_then(|l| locations.get(&l).cloned()).unwrap_or_default(),
            a.status.as_str().to_string(),
            a.assigned_to.and_then(|p| people.get(&p).cloned()).unwrap_or_default(),
            a.purchase_date.map(|d| d.to_string()).unwrap_or_default(),
            a.purchase_cost.as_ref().map(|m| format_money(m.minor)).unwrap_or_default(),
            a.purchase_cost.as_ref().map(|m| m.currency.clone()).unwrap_or_default(),
            text(&a.supplier_name),
            text(&a.order_reference),
            a.warranty_end.map(|d| d.to_string()).unwrap_or_default(),
            a.notes.clone(),
        ];
        record.extend(custom.iter().map(|f| a.custom_fields.get(f).cloned().unwrap_or_default()));
        writer.write_record(&record)?;
        rows += 1;
        Ok(())
    })?;
    writer.flush()?;
    Ok(rows)
}
