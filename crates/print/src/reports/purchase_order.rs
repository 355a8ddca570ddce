//! The purchase order as it goes to the supplier: who orders what from whom, where it is
//! to be delivered, the lines with their prices and promised dates, the charges, the
//! total and an "Approved by" sign-off.
//!
//! Amounts are integer minor units of the order's one currency, formatted with
//! [`format_money`]; a cancelled line shows only what was received of it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{format_count, format_money, Block, Column, Report, Table};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseOrderReportLine {
    pub line_no: i64,
    /// The stock item's SKU or the asset model's name.
    pub sku_or_model: String,
    pub description: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    /// YYYY-MM-DD, when the supplier promised a date.
    pub promised_on: Option<String>,
    pub line_total_minor: i64,
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseOrderReport {
    pub organisation: String,
    /// Already formatted, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    /// "PO-000123".
    pub number: String,
    /// The status as people read it, e.g. "Sent".
    pub status: String,
    pub supplier: String,
    /// The supplier's contact, email and phone, whichever are known, one per line.
    pub supplier_contact: Vec<String>,
    /// "London HQ › North Tower › IT Store".
    pub deliver_to: String,
    /// YYYY-MM-DD; `None` until the order is sent.
    pub ordered_on: Option<String>,
    /// ISO 4217 code of every amount on the order.
    pub currency: String,
    pub lines: Vec<PurchaseOrderReportLine>,
    pub goods_total_minor: i64,
    pub freight_minor: i64,
    pub other_charges_minor: i64,
    pub total_minor: i64,
    pub notes: String,
    /// Who approved it in Tagledger; `None` for a draft.
    pub approved_by: Option<String>,
}

pub const TITLE: &str = "Purchase order";

pub fn build(order: &PurchaseOrderReport) -> Report {
    let money = |minor: i64| format_money(minor, &order.currency);
    let filters = vec![
        ("Number".to_string(), order.number.clone()),
        ("Status".to_string(), order.status.clone()),
        ("Ordered on".to_string(), order.ordered_on.clone().unwrap_or_else(|| "not yet sent".into())),
        ("Currency".to_string(), order.currency.clone()),
    ];
    let mut supplier = vec![order.supplier.clone()];
    supplier.extend(order.supplier_contact.iter().filter(|c| !c.trim().is_empty()).cloned());
    let mut blocks = vec![Block::Table(Table {
        columns: vec![Column::wrapped("Supplier", 1.0), Column::wrapped("Deliver to", 1.0)],
        rows: vec![vec![supplier.join("\n"), order.deliver_to.clone()]],
        totals: None,
    })];
    blocks.push(Block::Heading("Lines".into()));
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::right("Line", 0.5),
            Column::wrapped("SKU / model", 1.6),
            Column::wrapped("Description", 2.6),
            Column::right("Qty", 0.7),
            Column::right("Unit price", 1.2),
            Column::left("Promised", 1.1),
            Column::right("Line total", 1.3),
        ],
        rows: order
            .lines
            .iter()
            .map(|l| {
                let description = if l.cancelled {
                    format!("{} (cancelled)", l.description).trim_start().to_string()
                } else {
                    l.description.clone()
                };
                vec![
                    l.line_no.to_string(),
                    l.sku_or_model.clone(),
                    description,
                    format_count(l.quantity),
                    money(l.unit_price_minor),
                    l.promised_on.clone().unwrap_or_default(),
                    money(l.line_total_minor),
                ]
            })
            .collect(),
        totals: Some(vec![
            String::new(),
            "Goods total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            money(order.goods_total_minor),
        ]),
    }));
    blocks.push(Block::Table(Table {
        columns: vec![Column::left("Charges", 5.0), Column::right("Amount", 1.3)],
        rows: vec![
            vec!["Freight".into(), money(order.freight_minor)],
            vec!["Other charges".into(), money(order.other_charges_minor)],
        ],
        totals: Some(vec!["Total".into(), money(order.total_minor)]),
    }));
    if !order.notes.trim().is_empty() {
        blocks.push(Block::Heading("Notes".into()));
        blocks.push(Block::Paragraph(order.notes.clone()));
    }
    blocks.push(Block::Heading("Approval".into()));
    blocks.push(Block::Paragraph(match &order.approved_by {
        Some(who) => format!("Approved in Tagledger by {who}."),
        None => "Not yet approved.".into(),
    }));
    blocks.push(Block::SignOff(vec!["Approved by".into()]));
    Report {
        organisation: order.organisation.clone(),
        title: format!("{TITLE} {}", order.number),
        generated_at: order.generated_at.clone(),
        filters,
        blocks,
        landscape: false,
    }
}

pub fn render(order: &PurchaseOrderReport) -> Vec<u8> {
    crate::report::render(&build(order))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> PurchaseOrderReport {
        PurchaseOrderReport {
            organisation: "Northwind".into(),
            generated_at: "2026-03-02 09:00 UTC".into(),
            number: "PO-000007".into(),
            status: "Draft".into(),
            supplier: "CDW".into(),
            supplier_contact: vec!["Ann Lee".into(), String::new()],
            deliver_to: "London HQ".into(),
            ordered_on: None,
            currency: "GBP".into(),
            lines: vec![PurchaseOrderReportLine {
                line_no: 1,
                sku_or_model: "KB-01".into(),
                description: "Keyboard".into(),
                quantity: 1200,
                unit_price_minor: 1250,
                promised_on: None,
                line_total_minor: 1_500_000,
                cancelled: true,
            }],
            goods_total_minor: 1_500_000,
            freight_minor: 0,
            other_charges_minor: 5,
            total_minor: 1_500_005,
            notes: " ".into(),
            approved_by: None,
        }
    }

    #[test]
    fn a_draft_says_so_and_blank_notes_and_contacts_are_left_out() {
        let report = build(&order());
        assert_eq!(report.title, "Purchase order PO-000007");
        assert!(report.filters.contains(&("Ordered on".into(), "not yet sent".into())));
        assert!(!report.blocks.contains(&Block::Heading("Notes".into())));
        assert!(report.blocks.contains(&Block::Paragraph("Not yet approved.".into())));
        let Block::Table(parties) = &report.blocks[0] else { panic!("the parties come first") };
        assert_eq!(parties.rows[0], ["CDW\nAnn Lee", "London HQ"]);
        let Block::Table(lines) = &report.blocks[2] else { panic!("the lines follow their heading") };
        assert_eq!(lines.rows[0], ["1", "KB-01", "Keyboard (cancelled)", "1,200", "£12.50", "", "£15,000.00"]);
        let Block::Table(charges) = &report.blocks[3] else { panic!("charges under the lines") };
        assert_eq!(charges.totals, Some(vec!["Total".to_string(), "£15,000.05".to_string()]));
    }
}
