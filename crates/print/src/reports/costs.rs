//! The inventory cost report: holding, storage, freight, distribution, disposal and
//! stockout costs by category and month in the default currency, a chart of each kind
//! of cost per month, the stockouts with their recorded costs, and whatever was in
//! another currency listed apart.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, format_money, BarChart, Block, Column, LineChart, Report, Table};

/// The kinds of cost, in the order of [`CostMonthRow::by_kind`].
pub const KINDS: [&str; 6] = ["Holding", "Storage", "Freight", "Distribution", "Disposal", "Stockouts"];

/// One category's costs, one amount per month (minor units of the report's currency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostCategoryRow {
    pub category: String,
    pub monthly: Vec<i64>,
    pub total: i64,
}

/// One month's costs by kind, in the order of [`KINDS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostMonthRow {
    /// YYYY-MM.
    pub month: String,
    pub by_kind: Vec<i64>,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostStockoutLine {
    /// YYYY-MM-DD.
    pub date: String,
    pub sku: String,
    pub name: String,
    pub location: String,
    pub category: String,
    /// The recorded cost in minor units and its currency; `None` where none was recorded.
    pub cost_minor: Option<i64>,
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostsReport {
    pub organisation: String,
    pub generated_at: String,
    pub from: String,
    pub to: String,
    /// The default currency: every amount above is in it.
    pub currency: String,
    /// YYYY-MM, oldest first.
    pub months: Vec<String>,
    pub categories: Vec<CostCategoryRow>,
    pub by_month: Vec<CostMonthRow>,
    pub stockouts: Vec<CostStockoutLine>,
    /// Costs in other currencies, in words (never added to the totals).
    pub other_currencies: Vec<String>,
    /// How each kind of cost is worked out, printed under the summary.
    pub rules: String,
}

pub const TITLE: &str = "Inventory costs";

/// An amount without the currency sign, for dense tables.
fn amount(minor: i64) -> String {
    format_money(minor, "")
}

pub fn build(input: &CostsReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: TITLE.to_string(),
        generated_at: input.generated_at.clone(),
        filters: vec![
            ("Period".to_string(), format!("{} to {}", input.from, input.to)),
            ("Currency".to_string(), input.currency.clone()),
        ],
        blocks: Vec::new(),
        landscape: true,
    };
    let money = |minor: i64| format_money(minor, &input.currency);
    let mut kind_totals = [0i64; KINDS.len()];
    for m in &input.by_month {
        for (total, v) in kind_totals.iter_mut().zip(&m.by_kind) {
            *total += v;
        }
    }
    let grand: i64 = input.by_month.iter().map(|m| m.total).sum();
    let mut summary = vec![("Total".to_string(), money(grand))];
    summary.extend(KINDS.iter().zip(kind_totals).map(|(k, v)| (k.to_string(), money(v))));
    report.blocks.push(Block::Summary(summary));
    report.blocks.push(Block::Paragraph(input.rules.clone()));

    report.blocks.push(Block::Heading("Cost by kind".to_string()));
    report.blocks.push(Block::BarChart(BarChart {
        title: String::new(),
        bars: KINDS.iter().zip(kind_totals).map(|(k, v)| (k.to_string(), v as f64 / 100.0)).collect(),
        unit: input.currency.clone(),
    }));
    if input.by_month.len() > 1 {
        report.blocks.push(Block::LineChart(LineChart {
            title: format!("Cost by kind per month ({})", input.currency),
            x_labels: input.by_month.iter().map(|m| m.month.clone()).collect(),
            series: KINDS
                .iter()
                .enumerate()
                .map(|(k, name)| {
                    (name.to_string(), input.by_month.iter().map(|m| m.by_kind[k] as f64 / 100.0).collect())
                })
                .collect(),
        }));
    }

    report.blocks.push(Block::Heading("By kind and month".to_string()));
    let mut columns = vec![Column::left("Month", 1.0)];
    columns.extend(KINDS.iter().map(|k| Column::right(*k, 1.0)));
    columns.push(Column::right("Total", 1.1));
    let rows = input
        .by_month
        .iter()
        .map(|m| {
            let mut row = vec![m.month.clone()];
            row.extend(m.by_kind.iter().map(|v| amount(*v)));
            row.push(amount(m.total));
            row
        })
        .collect();
    let mut totals = vec!["Total".to_string()];
    totals.extend(kind_totals.iter().map(|v| amount(*v)));
    totals.push(amount(grand));
    report.blocks.push(Block::Table(Table { columns, rows, totals: Some(totals) }));

    report.blocks.push(Block::Heading("By category and month".to_string()));
    if input.categories.is_empty() {
        report.blocks.push(Block::Paragraph("No costs in this period.".to_string()));
    } else {
        let mut columns = vec![Column::wrapped("Category", 2.0)];
        columns.extend(input.months.iter().map(|m| Column::right(m.clone(), 1.0)));
        columns.push(Column::right("Total", 1.1));
        let rows = input
            .categories
            .iter()
            .map(|c| {
                let mut row = vec![c.category.clone()];
                row.extend(c.monthly.iter().map(|v| amount(*v)));
                row.push(amount(c.total));
                row
            })
            .collect();
        let mut totals = vec!["Total".to_string()];
        totals.extend(input.by_month.iter().map(|m| amount(m.total)));
        totals.push(amount(grand));
        report.blocks.push(Block::Table(Table { columns, rows, totals: Some(totals) }));
    }

    report.blocks.push(Block::Heading(format!("Stockouts ({})", format_count(input.stockouts.len() as i64))));
    if input.stockouts.is_empty() {
        report.blocks.push(Block::Paragraph("No stockouts in this period.".to_string()));
    } else {
        let columns = vec![
            Column::left("Date", 0.9),
            Column::left("SKU", 0.9),
            Column::wrapped("Item", 2.0),
            Column::wrapped("Location", 1.6),
            Column::wrapped("Category", 1.4),
            Column::right("Cost", 1.1),
        ];
        let rows = input
            .stockouts
            .iter()
            .map(|s| {
                let cost = match (s.cost_minor, &s.currency) {
                    (Some(minor), Some(currency)) => format_money(minor, currency),
                    _ => "not recorded".to_string(),
                };
                vec![s.date.clone(), s.sku.clone(), s.name.clone(), s.location.clone(), s.category.clone(), cost]
            })
            .collect();
        report.blocks.push(Block::Table(Table { columns, rows, totals: None }));
    }

    if !input.other_currencies.is_empty() {
        report.blocks.push(Block::Heading("In other currencies (not in the totals)".to_string()));
        report.blocks.push(Block::Paragraph(input.other_currencies.join("\n")));
    }
    report
}

pub fn render(input: &CostsReport) -> Vec<u8> {
    report::render(&build(input))
}
