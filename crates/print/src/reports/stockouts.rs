//! The stockout report: how often and for how long stock ran out in a period, by cause,
//! category, supplier and item (with a bar chart by cause), and every stockout with
//! what would have prevented it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, BarChart, Block, Column, Report, Table};

/// Stockouts that share a cause, a category, a supplier or an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockoutGroupRow {
    pub label: String,
    pub count: i64,
    /// Days out of stock, summed.
    pub days: i64,
    pub preventable: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockoutLine {
    /// YYYY-MM-DD.
    pub date: String,
    pub sku: String,
    pub name: String,
    pub location: String,
    pub cause: String,
    pub days: i64,
    /// Still out at the end of the period.
    pub ongoing: bool,
    /// What would have prevented it, in words; empty if nothing shown.
    pub preventable: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockoutReport {
    pub organisation: String,
    pub generated_at: String,
    pub from: String,
    pub to: String,
    pub by_cause: Vec<StockoutGroupRow>,
    pub by_category: Vec<StockoutGroupRow>,
    pub by_supplier: Vec<StockoutGroupRow>,
    pub by_item: Vec<StockoutGroupRow>,
    pub stockouts: Vec<StockoutLine>,
    /// How duration and "preventable" are judged, printed under the summary.
    pub rules: String,
}

pub const TITLE: &str = "Stockouts";

fn group_table(first: &str, rows: &[StockoutGroupRow]) -> Table {
    let columns = vec![
        Column::wrapped(first, 3.0),
        Column::right("Stockouts", 1.0),
        Column::right("Days out", 1.0),
        Column::right("Preventable", 1.0),
    ];
    let body = rows
        .iter()
        .map(|r| vec![r.label.clone(), format_count(r.count), format_count(r.days), format_count(r.preventable)])
        .collect();
    Table { columns, rows: body, totals: None }
}

pub fn build(input: &StockoutReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: TITLE.to_string(),
        generated_at: input.generated_at.clone(),
        filters: vec![("Period".to_string(), format!("{} to {}", input.from, input.to))],
        blocks: Vec::new(),
        landscape: true,
    };
    if input.stockouts.is_empty() {
        report.blocks.push(Block::Paragraph(format!("No stockouts from {} to {}.", input.from, input.to)));
        return report;
    }
    let count = input.stockouts.len() as i64;
    let days: i64 = input.stockouts.iter().map(|s| s.days).sum();
    let preventable = input.stockouts.iter().filter(|s| !s.preventable.is_empty()).count() as i64;
    report.blocks.push(Block::Summary(vec![
        ("Stockouts".to_string(), format_count(count)),
        ("Days out of stock".to_string(), format_count(days)),
        ("Preventable".to_string(), format_count(preventable)),
    ]));
    report.blocks.push(Block::Paragraph(input.rules.clone()));
    report.blocks.push(Block::Heading("By cause".to_string()));
    report.blocks.push(Block::BarChart(BarChart {
        title: String::new(),
        bars: input.by_cause.iter().map(|g| (g.label.clone(), g.count as f64)).collect(),
        unit: "stockouts".to_string(),
    }));
    report.blocks.push(Block::Table(group_table("Cause", &input.by_cause)));
    report.blocks.push(Block::Heading("By category".to_string()));
    report.blocks.push(Block::Table(group_table("Category", &input.by_category)));
    report.blocks.push(Block::Heading("By supplier".to_string()));
    report.blocks.push(Block::Table(group_table("Preferred supplier", &input.by_supplier)));
    report.blocks.push(Block::Heading("By item".to_string()));
    report.blocks.push(Block::Table(group_table("Item", &input.by_item)));

    report.blocks.push(Block::Heading(format!("Every stockout ({})", format_count(count))));
    let columns = vec![
        Column::left("Date", 0.9),
        Column::left("SKU", 0.9),
        Column::wrapped("Item", 1.8),
        Column::wrapped("Location", 1.8),
        Column::left("Cause", 1.2),
        Column::right("Days", 0.6),
        Column::wrapped("Preventable by", 2.4),
    ];
    let rows = input
        .stockouts
        .iter()
        .map(|s| {
            let days = if s.ongoing { format!("{}+", format_count(s.days)) } else { format_count(s.days) };
            vec![
                s.date.clone(),
                s.sku.clone(),
                s.name.clone(),
                s.location.clone(),
                s.cause.clone(),
                days,
                s.preventable.clone(),
            ]
        })
        .collect();
    report.blocks.push(Block::Table(Table { columns, rows, totals: None }));
    report
}

pub fn render(input: &StockoutReport) -> Vec<u8> {
    report::render(&build(input))
}
