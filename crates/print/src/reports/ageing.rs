//! The stock ageing report: on-hand quantity and value in age buckets (by receipt date,
//! FIFO) with a bar chart, stock per item and location, and the slow and dead stock
//! list with a suggested action. Values are integer minor units summed per currency.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, format_totals, BarChart, Block, Column, Report, Table};

/// One age bucket over all stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgeingBucketRow {
    /// "0–90 days".
    pub label: String,
    pub quantity: i64,
    /// Value per currency, minor units.
    pub values: BTreeMap<String, i64>,
}

/// An item's own stock at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgeingItemRow {
    pub sku: String,
    pub name: String,
    pub location: String,
    pub on_hand: i64,
    /// Quantity in each bucket, in the order of the report's buckets.
    pub bucket_qty: Vec<i64>,
    pub values: BTreeMap<String, i64>,
    pub oldest_age_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlowStockRow {
    pub sku: String,
    pub name: String,
    pub location: String,
    pub on_hand: i64,
    pub values: BTreeMap<String, i64>,
    /// Days since the last issue here (or since the stock came in, if never issued).
    pub idle_days: i64,
    /// "Slow" or "Dead".
    pub status: String,
    /// The suggested action in words, e.g. "Transfer to Site › Annex".
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgeingReport {
    pub organisation: String,
    pub generated_at: String,
    /// YYYY-MM-DD.
    pub as_of: String,
    pub buckets: Vec<AgeingBucketRow>,
    pub items: Vec<AgeingItemRow>,
    pub slow: Vec<SlowStockRow>,
    /// How the action was chosen, printed under the list.
    pub rule: String,
}

pub const TITLE: &str = "Stock ageing";

pub fn build(input: &AgeingReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: TITLE.to_string(),
        generated_at: input.generated_at.clone(),
        filters: vec![("As of".to_string(), input.as_of.clone())],
        blocks: Vec::new(),
        landscape: true,
    };
    if input.items.is_empty() {
        report.blocks.push(Block::Paragraph(format!("No stock of our own on hand on {}.", input.as_of)));
        return report;
    }
    let mut total_qty = 0;
    let mut total_values: BTreeMap<String, i64> = BTreeMap::new();
    for b in &input.buckets {
        total_qty += b.quantity;
        for (currency, minor) in &b.values {
            *total_values.entry(currency.clone()).or_default() += minor;
        }
    }
    let mut summary = vec![("Units on hand".to_string(), format_count(total_qty))];
    summary.push(("Value".to_string(), format_totals(&total_values)));
    summary.push(("Slow or dead lines".to_string(), format_count(input.slow.len() as i64)));
    report.blocks.push(Block::Summary(summary));

    report.blocks.push(Block::Heading("Units by age".to_string()));
    report.blocks.push(Block::BarChart(BarChart {
        title: String::new(),
        bars: input.buckets.iter().map(|b| (b.label.clone(), b.quantity as f64)).collect(),
        unit: "units".to_string(),
    }));
    report.blocks.push(Block::Paragraph(
        "Stock is aged by receipt date, first in first out: what is left on hand is taken to be from the latest \
         receipts."
            .to_string(),
    ));
    report.blocks.push(Block::Table(Table {
        columns: vec![Column::left("Age", 2.0), Column::right("Units", 1.0), Column::right("Value", 2.0)],
        rows: input
            .buckets
            .iter()
            .map(|b| vec![b.label.clone(), format_count(b.quantity), format_totals(&b.values)])
            .collect(),
        totals: Some(vec!["Total".to_string(), format_count(total_qty), format_totals(&total_values)]),
    }));

    report.blocks.push(Block::Heading(format!("Slow and dead stock ({})", format_count(input.slow.len() as i64))));
    if input.slow.is_empty() {
        report.blocks.push(Block::Paragraph("Nothing has gone more than 180 days without an issue.".to_string()));
    } else {
        report.blocks.push(Block::Table(Table {
            columns: vec![
                Column::left("SKU", 1.0),
                Column::wrapped("Item", 2.0),
                Column::wrapped("Location", 2.0),
                Column::right("On hand", 0.8),
                Column::right("Value", 1.2),
                Column::right("Idle days", 0.8),
                Column::left("Status", 0.7),
                Column::wrapped("Suggested action", 2.2),
            ],
            rows: input
                .slow
                .iter()
                .map(|s| {
                    vec![
                        s.sku.clone(),
                        s.name.clone(),
                        s.location.clone(),
                        format_count(s.on_hand),
                        format_totals(&s.values),
                        format_count(s.idle_days),
                        s.status.clone(),
                        s.action.clone(),
                    ]
                })
                .collect(),
            totals: None,
        }));
    }
    report.blocks.push(Block::Paragraph(input.rule.clone()));

    report.blocks.push(Block::Heading("By item and location".to_string()));
    let mut columns = vec![
        Column::left("SKU", 1.0),
        Column::wrapped("Item", 2.0),
        Column::wrapped("Location", 2.0),
        Column::right("On hand", 0.8),
    ];
    for b in &input.buckets {
        columns.push(Column::right(b.label.clone(), 0.9));
    }
    columns.push(Column::right("Value", 1.2));
    columns.push(Column::right("Oldest (days)", 0.9));
    let rows = input
        .items
        .iter()
        .map(|r| {
            let mut row = vec![r.sku.clone(), r.name.clone(), r.location.clone(), format_count(r.on_hand)];
            row.extend(r.bucket_qty.iter().map(|q| format_count(*q)));
            row.push(format_totals(&r.values));
            row.push(format_count(r.oldest_age_days));
            row
        })
        .collect();
    report.blocks.push(Block::Table(Table { columns, rows, totals: None }));
    report
}

pub fn render(input: &AgeingReport) -> Vec<u8> {
    report::render(&build(input))
}
