//! The count sheet: what to count at one location, with a blank column to write the
//! count in. A blind sheet leaves the expected quantity out, so counters count what is
//! there rather than confirm a number (the usual practice for cycle counts).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{Block, Column, Report, Table};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountSheetLine {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub barcode: String,
    /// "Ours" or the supplier whose consignment stock it is.
    pub owner: String,
    pub expected: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountSheet {
    pub organisation: String,
    pub generated_at: String,
    pub location: String,
    /// Leave the expected quantity off the sheet.
    pub blind: bool,
    pub lines: Vec<CountSheetLine>,
}

pub const TITLE: &str = "Stock count sheet";

pub fn build(sheet: &CountSheet) -> Report {
    let mut columns = vec![
        Column::left("SKU", 1.8),
        Column::wrapped("Item", 2.2),
        Column::left("Unit", 0.7),
        // EAN-13 and longer codes must print whole: counters match them by eye.
        Column::left("Barcode", 1.9),
        Column::wrapped("Owner", 1.1),
    ];
    if !sheet.blind {
        columns.push(Column::right("Expected", 1.2));
    }
    columns.push(Column::right("Counted", 1.1));
    columns.push(Column::left("Note", 1.4));
    let rows = sheet
        .lines
        .iter()
        .map(|l| {
            let mut row = vec![l.sku.clone(), l.name.clone(), l.unit.clone(), l.barcode.clone(), l.owner.clone()];
            if !sheet.blind {
                row.push(l.expected.to_string());
            }
            // The blank to write in: underscores print as a line to fill.
            row.push("________".into());
            row.push(String::new());
            row
        })
        .collect();
    // The location is in the header already (filters); a long path would crowd the tiles.
    let mut blocks = vec![Block::Summary(vec![
        ("Lines".into(), sheet.lines.len().to_string()),
        ("Sheet".into(), if sheet.blind { "blind count".into() } else { "with expected quantities".into() }),
    ])];
    if sheet.lines.is_empty() {
        blocks.push(Block::Paragraph("No stock is held or planned at this location.".into()));
    } else {
        blocks.push(Block::Table(Table { columns, rows, totals: None }));
    }
    blocks.push(Block::Paragraph(
        "Count every item on the shelf, including opened packs, in the item's unit. Write what you find, \
         not what you expect; note damaged stock separately."
            .into(),
    ));
    blocks.push(Block::Spacer(4.0));
    blocks.push(Block::SignOff(vec!["Counted by".into(), "Checked by".into()]));
    Report {
        organisation: sheet.organisation.clone(),
        title: TITLE.into(),
        generated_at: sheet.generated_at.clone(),
        filters: vec![("Location".into(), sheet.location.clone())],
        blocks,
        landscape: false,
    }
}

pub fn render(sheet: &CountSheet) -> Vec<u8> {
    crate::report::render(&build(sheet))
}
