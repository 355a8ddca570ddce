//! The consignment usage statement: what we used of a supplier's consignment stock in a
//! period, per item with its price and value, then every issue and disposal behind it.
//! The supplier invoices from it. Amounts are integer minor units, summed per currency;
//! an item without a known price is listed as such and counted in no total.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, format_money, format_totals, Block, Column, Report, Table};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsignmentReport {
    pub organisation: String,
    /// Already formatted, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    pub supplier: String,
    /// YYYY-MM-DD, inclusive.
    pub from: String,
    pub to: String,
    pub items: Vec<ConsignmentItem>,
    pub movements: Vec<ConsignmentMovement>,
}

/// One item's usage in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsignmentItem {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub quantity: i64,
    /// `None`: price unknown.
    pub unit_price_minor: Option<i64>,
    pub currency: Option<String>,
    pub value_minor: Option<i64>,
    /// Where the price came from, e.g. "offer" or "last receipt".
    pub price_source: String,
}

/// One issue or disposal of consignment stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsignmentMovement {
    /// YYYY-MM-DD.
    pub date: String,
    pub sku: String,
    pub name: String,
    /// "issue" or "dispose".
    pub kind: String,
    /// Units used (positive).
    pub quantity: i64,
    pub location: String,
    /// A person, a department or cost centre; for a disposal, its reason.
    pub issued_to: String,
    pub reference: String,
}

pub fn title(supplier: &str) -> String {
    format!("Consignment usage — {supplier}")
}

pub fn build(input: &ConsignmentReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: title(&input.supplier),
        generated_at: input.generated_at.clone(),
        filters: vec![("Period".to_string(), format!("{} to {}", input.from, input.to))],
        blocks: Vec::new(),
        landscape: false,
    };
    if input.items.is_empty() {
        report.blocks.push(Block::Paragraph(format!(
            "Nothing of {}'s consignment stock was used between {} and {}.",
            input.supplier, input.from, input.to
        )));
        return report;
    }
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    let mut unpriced = 0;
    for item in &input.items {
        match (&item.value_minor, &item.currency) {
            (Some(value), Some(currency)) => *totals.entry(currency.clone()).or_default() += value,
            _ => unpriced += 1,
        }
    }
    let units: i64 = input.items.iter().map(|i| i.quantity).sum();
    let mut summary = vec![
        ("Items used".to_string(), format_count(input.items.len() as i64)),
        ("Units used".to_string(), format_count(units)),
        ("Value".to_string(), format_totals(&totals)),
    ];
    if unpriced > 0 {
        summary.push(("Items without a price".to_string(), format_count(unpriced)));
    }
    report.blocks.push(Block::Summary(summary));

    report.blocks.push(Block::Heading("Usage by item".to_string()));
    let mut explanation = "Prices are the supplier's offer for the item, else the unit cost of the last delivery \
                           of this consignment stock up to the end of the period."
        .to_string();
    if unpriced > 0 {
        explanation.push_str(" Items with no price are valued in no total.");
    }
    report.blocks.push(Block::Paragraph(explanation));
    report.blocks.push(Block::Table(item_table(&input.items, &totals, units)));

    report
        .blocks
        .push(Block::Heading(format!("Issues and disposals ({})", format_count(input.movements.len() as i64))));
    report.blocks.push(Block::Table(movement_table(&input.movements)));
    report
}

pub fn render(input: &ConsignmentReport) -> Vec<u8> {
    report::render(&build(input))
}

fn item_table(items: &[ConsignmentItem], totals: &BTreeMap<String, i64>, units: i64) -> Table {
    let columns = vec![
        Column::left("SKU", 1.0),
        Column::wrapped("Item", 2.2),
        Column::left("Unit", 0.7),
        Column::right("Used", 0.7),
        Column::right("Unit price", 1.1),
        Column::left("Price from", 0.9),
        Column::right("Value", 1.2),
    ];
    let rows = items
        .iter()
        .map(|i| {
            let money = |minor: Option<i64>| match (minor, &i.currency) {
                (Some(minor), Some(currency)) => format_money(minor, currency),
                _ => "price unknown".to_string(),
            };
            vec![
                i.sku.clone(),
                i.name.clone(),
                i.unit.clone(),
                format_count(i.quantity),
                money(i.unit_price_minor),
                i.price_source.clone(),
                money(i.value_minor),
            ]
        })
        .collect();
    let value = totals.iter().map(|(currency, minor)| format_money(*minor, currency)).collect::<Vec<_>>().join("\n");
    let totals = vec![
        "Total".to_string(),
        String::new(),
        String::new(),
        format_count(units),
        String::new(),
        String::new(),
        if value.is_empty() { "—".to_string() } else { value },
    ];
    Table { columns, rows, totals: Some(totals) }
}

fn movement_table(movements: &[ConsignmentMovement]) -> Table {
    let columns = vec![
        Column::left("Date", 0.9),
        Column::left("SKU", 0.9),
        Column::left("Kind", 0.7),
        Column::right("Used", 0.6),
        Column::wrapped("Location", 1.7),
        Column::wrapped("Issued to", 1.5),
        Column::left("Reference", 1.0),
    ];
    let rows = movements
        .iter()
        .map(|m| {
            vec![
                m.date.clone(),
                m.sku.clone(),
                m.kind.clone(),
                format_count(m.quantity),
                m.location.clone(),
                m.issued_to.clone(),
                m.reference.clone(),
            ]
        })
        .collect();
    Table { columns, rows, totals: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(sku: &str, quantity: i64, price: Option<(i64, &str)>) -> ConsignmentItem {
        ConsignmentItem {
            sku: sku.into(),
            name: format!("Item {sku}"),
            unit: "each".into(),
            quantity,
            unit_price_minor: price.map(|p| p.0),
            currency: price.map(|p| p.1.to_string()),
            value_minor: price.map(|p| p.0 * quantity),
            price_source: if price.is_some() { "offer".into() } else { "unknown".into() },
        }
    }

    #[test]
    fn totals_are_per_currency_and_unpriced_items_are_counted_apart() {
        let report = build(&ConsignmentReport {
            organisation: "Northwind".into(),
            generated_at: "2026-04-01 09:00 UTC".into(),
            supplier: "CDW".into(),
            from: "2026-03-01".into(),
            to: "2026-03-31".into(),
            items: vec![item("A", 3, Some((1_250, "EUR"))), item("B", 2, Some((999, "GBP"))), item("C", 5, None)],
            movements: vec![],
        });
        let Block::Summary(summary) = &report.blocks[0] else { panic!("{:?}", report.blocks[0]) };
        let summary: Vec<(&str, &str)> = summary.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            summary,
            [("Items used", "3"), ("Units used", "10"), ("Value", "€37.50 + £19.98"), ("Items without a price", "1")]
        );
        let Some(Block::Table(items)) = report.blocks.iter().find(|b| matches!(b, Block::Table(_))) else { panic!() };
        assert_eq!(items.rows[2][4..], ["price unknown", "unknown", "price unknown"]);
        assert_eq!(items.totals.as_ref().unwrap()[3..], ["10", "", "", "€37.50\n£19.98"]);
    }
}
