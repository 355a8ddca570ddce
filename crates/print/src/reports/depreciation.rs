//! The depreciation report: cost, accumulated depreciation and book value at a date, by
//! category and per asset. Amounts are integer minor units, summed per currency: amounts
//! in different currencies are never added together.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, format_money, BarChart, Block, Column, Report, Table};

/// One category's assets in one currency (a category bought in two currencies has two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DepreciationCategoryRow {
    pub category: String,
    /// The method as people read it, e.g. "Declining balance (200%)".
    pub method: String,
    /// E.g. "36 months"; empty when the category does not depreciate.
    pub useful_life: String,
    pub assets: i64,
    pub currency: String,
    pub cost_minor: i64,
    pub accumulated_minor: i64,
    pub book_value_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DepreciationAssetRow {
    pub tag: String,
    pub name: String,
    pub category: String,
    /// YYYY-MM-DD.
    pub purchase_date: String,
    pub cost_minor: i64,
    pub currency: String,
    pub accumulated_minor: i64,
    pub book_value_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DepreciationReport {
    pub organisation: String,
    /// Already formatted, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    /// The date the book values are at, formatted, e.g. "2026-12-31".
    pub at: String,
    pub categories: Vec<DepreciationCategoryRow>,
    /// The assets the category rows count, possibly only the first of them (the report
    /// says so when there are fewer here than the categories count).
    pub assets: Vec<DepreciationAssetRow>,
}

pub const TITLE: &str = "Depreciation";
/// How many categories a bar chart shows before grouping the rest as "Other".
const CHART_BARS: usize = 20;

/// Amounts per currency, in currency order.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    cost: i64,
    accumulated: i64,
    book_value: i64,
}

impl Sums {
    fn add(&mut self, cost: i64, accumulated: i64, book_value: i64) {
        self.cost = self.cost.saturating_add(cost);
        self.accumulated = self.accumulated.saturating_add(accumulated);
        self.book_value = self.book_value.saturating_add(book_value);
    }
}

/// One line per currency: "£1,200.00\n€300.00".
fn lines(sums: &BTreeMap<String, Sums>, amount: impl Fn(&Sums) -> i64) -> String {
    sums.iter().map(|(currency, s)| format_money(amount(s), currency)).collect::<Vec<_>>().join("\n")
}

pub fn build(input: &DepreciationReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: TITLE.to_string(),
        generated_at: input.generated_at.clone(),
        filters: vec![("Book value at".to_string(), input.at.clone())],
        blocks: Vec::new(),
        landscape: true,
    };
    if input.categories.is_empty() {
        report.blocks.push(Block::Paragraph(format!(
            "No assets with a purchase cost and a purchase date on or before {}.",
            input.at
        )));
        return report;
    }

    let mut by_currency: BTreeMap<String, Sums> = BTreeMap::new();
    let mut count = 0;
    for c in &input.categories {
        by_currency.entry(c.currency.clone()).or_default().add(c.cost_minor, c.accumulated_minor, c.book_value_minor);
        count += c.assets;
    }
    // Three tiles per currency, so the engine lays out one currency per row.
    let mut summary = Vec::new();
    for (currency, s) in &by_currency {
        summary.push((format!("Cost ({currency})"), format_money(s.cost, currency)));
        summary.push((format!("Accumulated depreciation ({currency})"), format_money(s.accumulated, currency)));
        summary.push((format!("Book value ({currency})"), format_money(s.book_value, currency)));
    }

    report.blocks.push(Block::Summary(summary));
    report.blocks.push(Block::Heading("Book value by category".to_string()));
    let several = by_currency.len() > 1;
    for currency in by_currency.keys() {
        report.blocks.push(Block::BarChart(book_value_chart(&input.categories, currency, several)));
    }
    report.blocks.push(Block::Heading("By category".to_string()));
    report.blocks.push(Block::Paragraph(
        "Book value is cost less depreciation to the end of the last whole month on or before the report date; \
         categories without a depreciation method are carried at cost."
            .to_string(),
    ));
    report.blocks.push(Block::Table(category_table(&input.categories, &by_currency, count)));

    report.blocks.push(Block::Heading(format!("Assets ({})", format_count(count))));
    let listed = input.assets.len() as i64;
    if listed < count {
        report.blocks.push(Block::Paragraph(format!(
            "The first {} of {} assets are listed, by category and tag; the totals above include them all.",
            format_count(listed),
            format_count(count)
        )));
    }
    report.blocks.push(Block::Table(asset_table(&input.assets, listed >= count)));
    report
}

pub fn render(input: &DepreciationReport) -> Vec<u8> {
    report::render(&build(input))
}

/// Book value per category in one currency, largest first, in major units (the chart
/// draws proportions; the tables carry the exact amounts).
fn book_value_chart(categories: &[DepreciationCategoryRow], currency: &str, titled: bool) -> BarChart {
    let scale = 10f64.powi(minor_digits(currency));
    let mut bars: Vec<(String, f64)> = categories
        .iter()
        .filter(|c| c.currency == currency)
        .map(|c| (c.category.clone(), c.book_value_minor as f64 / scale))
        .collect();
    bars.sort_by(|(a_name, a), (b_name, b)| b.total_cmp(a).then_with(|| a_name.cmp(b_name)));
    if bars.len() > CHART_BARS {
        let other: f64 = bars.split_off(CHART_BARS - 1).iter().map(|(_, v)| v).sum();
        bars.push(("Other".to_string(), other));
    }
    BarChart { title: if titled { currency.to_string() } else { String::new() }, bars, unit: currency.to_string() }
}

/// Decimal places of a currency's minor unit, read from [`format_money`] so the two
/// cannot disagree: "€0.00" has two, "0 JPY" none.
fn minor_digits(currency: &str) -> i32 {
    let zero = format_money(0, currency);
    zero.split_once('.').map_or(0, |(_, decimals)| decimals.chars().take_while(char::is_ascii_digit).count() as i32)
}

fn category_table(rows: &[DepreciationCategoryRow], by_currency: &BTreeMap<String, Sums>, count: i64) -> Table {
    let columns = vec![
        Column::wrapped("Category", 2.2),
        Column::left("Method", 1.8),
        Column::left("Useful life", 1.0),
        Column::right("Assets", 0.8),
        Column::right("Cost", 1.5),
        Column::right("Accumulated depreciation", 1.5),
        Column::right("Book value", 1.5),
    ];
    let body = rows
        .iter()
        .map(|r| {
            vec![
                r.category.clone(),
                r.method.clone(),
                r.useful_life.clone(),
                format_count(r.assets),
                format_money(r.cost_minor, &r.currency),
                format_money(r.accumulated_minor, &r.currency),
                format_money(r.book_value_minor, &r.currency),
            ]
        })
        .collect();
    let totals = vec![
        "Total".to_string(),
        String::new(),
        String::new(),
        format_count(count),
        lines(by_currency, |s| s.cost),
        lines(by_currency, |s| s.accumulated),
        lines(by_currency, |s| s.book_value),
    ];
    Table { columns, rows: body, totals: Some(totals) }
}

/// The asset list, with a totals row when it lists every asset (a partial list's sums
/// would contradict the category totals).
fn asset_table(rows: &[DepreciationAssetRow], complete: bool) -> Table {
    let columns = vec![
        Column::left("Tag", 1.0),
        Column::wrapped("Name", 2.4),
        Column::left("Category", 1.4),
        Column::left("Purchased", 0.9),
        Column::right("Cost", 1.3),
        Column::right("Accumulated", 1.3),
        Column::right("Book value", 1.3),
    ];
    let mut sums: BTreeMap<String, Sums> = BTreeMap::new();
    let body = rows
        .iter()
        .map(|r| {
            sums.entry(r.currency.clone()).or_default().add(r.cost_minor, r.accumulated_minor, r.book_value_minor);
            vec![
                r.tag.clone(),
                r.name.clone(),
                r.category.clone(),
                r.purchase_date.clone(),
                format_money(r.cost_minor, &r.currency),
                format_money(r.accumulated_minor, &r.currency),
                format_money(r.book_value_minor, &r.currency),
            ]
        })
        .collect();
    let totals = complete.then(|| {
        vec![
            "Total".to_string(),
            format!("{} assets", format_count(rows.len() as i64)),
            String::new(),
            String::new(),
            lines(&sums, |s| s.cost),
            lines(&sums, |s| s.accumulated),
            lines(&sums, |s| s.book_value),
        ]
    });
    Table { columns, rows: body, totals }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(name: &str, currency: &str, assets: i64, cost: i64, accumulated: i64) -> DepreciationCategoryRow {
        DepreciationCategoryRow {
            category: name.into(),
            method: "Straight-line".into(),
            useful_life: "36 months".into(),
            assets,
            currency: currency.into(),
            cost_minor: cost,
            accumulated_minor: accumulated,
            book_value_minor: cost - accumulated,
        }
    }

    fn asset(tag: &str, currency: &str, cost: i64, accumulated: i64) -> DepreciationAssetRow {
        DepreciationAssetRow {
            tag: tag.into(),
            name: "ThinkPad T14".into(),
            category: "Laptops".into(),
            purchase_date: "2025-01-15".into(),
            cost_minor: cost,
            currency: currency.into(),
            accumulated_minor: accumulated,
            book_value_minor: cost - accumulated,
        }
    }

    fn input() -> DepreciationReport {
        DepreciationReport {
            organisation: "Northwind".into(),
            generated_at: "2026-11-25 14:03 UTC".into(),
            at: "2025-12-31".into(),
            categories: vec![
                category("Laptops", "GBP", 2, 240_000, 80_000),
                category("Laptops", "EUR", 1, 100_000, 10_000),
                category("Monitors", "GBP", 1, 30_000, 5_000),
            ],
            assets: vec![
                asset("A1", "GBP", 120_000, 40_000),
                asset("A2", "GBP", 120_000, 40_000),
                asset("A3", "EUR", 100_000, 10_000),
                asset("A4", "GBP", 30_000, 5_000),
            ],
        }
    }

    #[test]
    fn nothing_to_report_says_so() {
        let report = build(&DepreciationReport { categories: vec![], assets: vec![], ..input() });
        assert_eq!(
            report.blocks,
            [Block::Paragraph("No assets with a purchase cost and a purchase date on or before 2025-12-31.".into())]
        );
    }

    #[test]
    fn totals_are_per_currency() {
        let report = build(&input());
        assert_eq!(report.filters, [("Book value at".to_string(), "2025-12-31".to_string())]);
        let Block::Summary(summary) = &report.blocks[0] else { panic!("{:?}", report.blocks[0]) };
        let summary: Vec<(&str, &str)> = summary.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            summary,
            [
                ("Cost (EUR)", "€1,000.00"),
                ("Accumulated depreciation (EUR)", "€100.00"),
                ("Book value (EUR)", "€900.00"),
                ("Cost (GBP)", "£2,700.00"),
                ("Accumulated depreciation (GBP)", "£850.00"),
                ("Book value (GBP)", "£1,850.00"),
            ]
        );
        let tables: Vec<&Table> = report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(
            tables[0].totals.as_ref().unwrap()[3..],
            ["4", "€1,000.00\n£2,700.00", "€100.00\n£850.00", "€900.00\n£1,850.00"]
        );
        assert_eq!(tables[1].rows[0][4..], ["£1,200.00", "£400.00", "£800.00"]);
        assert_eq!(tables[1].totals.as_ref().unwrap()[6], "€900.00\n£1,850.00");
    }

    #[test]
    fn one_chart_per_currency_largest_first_in_major_units() {
        let report = build(&input());
        let charts: Vec<&BarChart> = report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::BarChart(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(charts.len(), 2);
        assert_eq!((charts[0].title.as_str(), charts[0].unit.as_str()), ("EUR", "EUR"));
        assert_eq!(charts[1].bars, [("Laptops".to_string(), 1_600.0), ("Monitors".to_string(), 250.0)]);
        assert_eq!(minor_digits("JPY"), 0);
        assert_eq!(minor_digits("KWD"), 3);
        assert_eq!(minor_digits("gbp"), 2);
    }

    #[test]
    fn a_capped_asset_list_says_so_and_has_no_totals_row() {
        let mut capped = input();
        capped.assets.truncate(3);
        let report = build(&capped);
        let note = "The first 3 of 4 assets are listed, by category and tag; the totals above include them all.";
        assert!(report.blocks.contains(&Block::Paragraph(note.into())));
        let Some(Block::Table(assets)) = report.blocks.last() else { panic!() };
        assert_eq!(assets.rows.len(), 3);
        assert_eq!(assets.totals, None);
        assert!(!build(&input()).blocks.iter().any(|b| matches!(b, Block::Paragraph(p) if p.starts_with("The first"))));
    }
}
