//! The hand-over receipt: what was handed to whom, when it is due back, and two
//! signatures. Printed at check-out and kept with the asset's paperwork.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{Block, Column, Report, Table};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverItem {
    pub tag: String,
    pub name: String,
    pub model: String,
    pub serial: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverReceipt {
    pub organisation: String,
    pub generated_at: String,
    /// The person, location or asset the equipment went to.
    pub recipient: String,
    pub checked_out_on: String,
    pub expected_return_on: Option<String>,
    pub handed_over_by: String,
    pub note: String,
    pub items: Vec<HandoverItem>,
}

pub const TITLE: &str = "Equipment hand-over receipt";

/// What the recipient agrees to; plain and short, since people actually sign it.
const TERMS: &str = "The recipient confirms receiving the equipment listed above in working order, \
will look after it, will report loss, theft or damage to IT straight away, and will return it \
when asked or when leaving the organisation.";

pub fn build(receipt: &HandoverReceipt) -> Report {
    let mut summary = vec![
        ("Handed to".to_string(), receipt.recipient.clone()),
        ("Date".to_string(), receipt.checked_out_on.clone()),
        ("Due back".to_string(), receipt.expected_return_on.clone().unwrap_or_else(|| "not set".into())),
        ("Handed over by".to_string(), receipt.handed_over_by.clone()),
    ];
    summary.retain(|(_, v)| !v.is_empty());
    let mut blocks = vec![Block::Summary(summary), Block::Heading("Equipment".into())];
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::left("Asset tag", 1.2),
            Column::wrapped("Name", 2.4),
            Column::wrapped("Model", 2.0),
            Column::left("Serial number", 1.6),
        ],
        rows: receipt
            .items
            .iter()
            .map(|i| vec![i.tag.clone(), i.name.clone(), i.model.clone(), i.serial.clone()])
            .collect(),
        totals: None,
    }));
    if !receipt.note.trim().is_empty() {
        blocks.push(Block::Heading("Note".into()));
        blocks.push(Block::Paragraph(receipt.note.clone()));
    }
    blocks.push(Block::Heading("Terms".into()));
    blocks.push(Block::Paragraph(TERMS.into()));
    blocks.push(Block::Spacer(4.0));
    blocks.push(Block::SignOff(vec!["Received by".into(), "Handed over by".into()]));
    Report {
        organisation: receipt.organisation.clone(),
        title: TITLE.into(),
        generated_at: receipt.generated_at.clone(),
        filters: Vec::new(),
        blocks,
        landscape: false,
    }
}

pub fn render(receipt: &HandoverReceipt) -> Vec<u8> {
    crate::report::render(&build(receipt))
}
