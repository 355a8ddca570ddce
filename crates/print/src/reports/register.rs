//! The asset register: every asset matching the user's filter, with totals by category
//! and by location. Costs are summed per currency in integer minor units: amounts in
//! different currencies are never added together.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, format_money, BarChart, Block, Column, Report, Table};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterRow {
    pub tag: String,
    pub name: String,
    pub model: String,
    pub category: String,
    pub location: String,
    pub status: String,
    pub assignee: String,
    /// Purchase cost in integer minor units and its ISO 4217 currency.
    pub cost: Option<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterReport {
    pub organisation: String,
    /// Already formatted, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    /// The filter the rows were selected with, as (label, value), e.g. ("Status", "In use").
    pub filters: Vec<(String, String)>,
    pub rows: Vec<RegisterRow>,
}

pub const TITLE: &str = "Asset register";
pub const EMPTY: &str = "No assets match this filter.";
/// How many categories the bar chart shows before grouping the rest as "Other".
const CHART_BARS: usize = 20;

/// Assets and their costs per currency, for one category or location or all of them.
#[derive(Debug, Default)]
struct Tally {
    count: i64,
    cost: BTreeMap<String, i64>,
}

impl Tally {
    fn add(&mut self, row: &RegisterRow) {
        self.count += 1;
        if let Some((minor, currency)) = &row.cost {
            let sum = self.cost.entry(currency.trim().to_ascii_uppercase()).or_default();
            *sum = sum.saturating_add(*minor);
        }
    }

    /// One line per currency, in currency order.
    fn cost_lines(&self) -> String {
        self.cost.iter().map(|(currency, minor)| format_money(*minor, currency)).collect::<Vec<_>>().join("\n")
    }
}

pub fn build(input: &RegisterReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: TITLE.to_string(),
        generated_at: input.generated_at.clone(),
        filters: input.filters.clone(),
        blocks: Vec::new(),
        landscape: true,
    };
    if input.rows.is_empty() {
        report.blocks.push(Block::Paragraph(EMPTY.to_string()));
        return report;
    }

    let mut all = Tally::default();
    let mut without_cost = 0;
    let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_location: BTreeMap<&str, Tally> = BTreeMap::new();
    for row in &input.rows {
        all.add(row);
        without_cost += i64::from(row.cost.is_none());
        by_category.entry(or_placeholder(&row.category, "Uncategorised")).or_default().add(row);
        by_location.entry(or_placeholder(&row.location, "No location")).or_default().add(row);
    }

    let mut summary = vec![("Assets".to_string(), format_count(all.count))];
    summary.extend(
        all.cost.iter().map(|(currency, minor)| (format!("Total cost ({currency})"), format_money(*minor, currency))),
    );
    if without_cost > 0 {
        summary.push(("Without a cost".to_string(), format_count(without_cost)));
    }
    let by_category = sorted(by_category);
    let by_location = sorted(by_location);

    // The overview first: the asset list can run to hundreds of pages.
    report.blocks = vec![
        Block::Summary(summary),
        Block::Heading("Assets by category".to_string()),
        Block::BarChart(category_chart(&by_category)),
        Block::Heading("By category".to_string()),
        Block::Table(totals_table("Category", &by_category, &all)),
        Block::Heading("By location".to_string()),
        Block::Table(totals_table("Location", &by_location, &all)),
        Block::Heading(format!("Assets ({})", format_count(all.count))),
        Block::Table(assets_table(&input.rows, &all)),
    ];
    report
}

pub fn render(input: &RegisterReport) -> Vec<u8> {
    report::render(&build(input))
}

fn or_placeholder<'a>(value: &'a str, placeholder: &'a str) -> &'a str {
    if value.trim().is_empty() {
        placeholder
    } else {
        value
    }
}

/// Groups by count, largest first, then by name.
fn sorted(groups: BTreeMap<&str, Tally>) -> Vec<(&str, Tally)> {
    let mut groups: Vec<(&str, Tally)> = groups.into_iter().collect();
    groups.sort_by(|(a_name, a), (b_name, b)| b.count.cmp(&a.count).then_with(|| a_name.cmp(b_name)));
    groups
}

fn assets_table(rows: &[RegisterRow], all: &Tally) -> Table {
    let columns = vec![
        Column::left("Tag", 1.0),
        Column::wrapped("Name", 2.2),
        Column::wrapped("Model", 1.75),
        Column::left("Category", 1.3),
        Column::wrapped("Location", 1.85),
        Column::left("Status", 0.95),
        Column::left("Assigned to", 1.4),
        Column::right("Cost", 1.1),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.tag.clone(),
                r.name.clone(),
                r.model.clone(),
                r.category.clone(),
                r.location.clone(),
                r.status.clone(),
                r.assignee.clone(),
                r.cost.as_ref().map(|(minor, currency)| format_money(*minor, currency)).unwrap_or_default(),
            ]
        })
        .collect();
    let mut totals = vec![String::new(); 8];
    totals[0] = "Total".to_string();
    totals[1] = format!("{} assets", format_count(all.count));
    totals[7] = all.cost_lines();
    Table { columns, rows, totals: Some(totals) }
}

fn totals_table(what: &str, groups: &[(&str, Tally)], all: &Tally) -> Table {
    let columns = vec![
        Column::left(what, 3.0),
        Column::right("Assets", 1.0),
        Column::right("Share", 1.0),
        Column::right("Cost", 2.0),
    ];
    let rows = groups
        .iter()
        .map(|(name, tally)| {
            vec![name.to_string(), format_count(tally.count), share(tally.count, all.count), tally.cost_lines()]
        })
        .collect();
    let totals = vec!["Total".to_string(), format_count(all.count), share(all.count, all.count), all.cost_lines()];
    Table { columns, rows, totals: Some(totals) }
}

/// `part` of `whole` as a percentage with one decimal, rounded half up: "12.5%".
fn share(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return String::new();
    }
    let permille = (i128::from(part) * 2000 + i128::from(whole)) / (2 * i128::from(whole));
    format!("{}.{}%", permille / 10, permille % 10)
}

fn category_chart(by_category: &[(&str, Tally)]) -> BarChart {
    let mut bars: Vec<(String, f64)> = by_category.iter().map(|(name, t)| (name.to_string(), t.count as f64)).collect();
    if bars.len() > CHART_BARS {
        let other: f64 = bars.split_off(CHART_BARS - 1).iter().map(|(_, n)| n).sum();
        bars.push(("Other".to_string(), other));
    }
    BarChart { title: String::new(), bars, unit: String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(tag: &str, category: &str, location: &str, cost: Option<(i64, &str)>) -> RegisterRow {
        RegisterRow {
            tag: tag.into(),
            name: "ThinkPad T14".into(),
            model: "Lenovo T14 Gen 4".into(),
            category: category.into(),
            location: location.into(),
            status: "In use".into(),
            assignee: "Zoë Müller".into(),
            cost: cost.map(|(m, c)| (m, c.into())),
        }
    }

    fn input(rows: Vec<RegisterRow>) -> RegisterReport {
        RegisterReport {
            organisation: "Northwind".into(),
            generated_at: "2026-11-25 14:03 UTC".into(),
            filters: vec![],
            rows,
        }
    }

    #[test]
    fn no_rows_is_a_report_that_says_so() {
        let report = build(&input(vec![]));
        assert_eq!(report.blocks, vec![Block::Paragraph(EMPTY.into())]);
    }

    #[test]
    fn totals_are_per_currency_and_groups_sorted_by_count() {
        let report = build(&input(vec![
            row("A1", "Monitor", "Berlin", Some((10_000, "EUR"))),
            row("A2", "Laptop", "Berlin", Some((129_900, "EUR"))),
            row("A3", "Laptop", "", Some((99_999, "gbp"))),
            row("A4", "Laptop", "London", None),
        ]));
        let Block::Summary(summary) = &report.blocks[0] else { panic!("{:?}", report.blocks[0]) };
        assert_eq!(
            summary,
            &[
                ("Assets".to_string(), "4".to_string()),
                ("Total cost (EUR)".to_string(), "€1,399.00".to_string()),
                ("Total cost (GBP)".to_string(), "£999.99".to_string()),
                ("Without a cost".to_string(), "1".to_string()),
            ]
        );
        let Block::Table(by_category) = &report.blocks[4] else { panic!() };
        assert_eq!(by_category.rows[0], ["Laptop", "3", "75.0%", "€1,299.00\n£999.99"]);
        assert_eq!(by_category.rows[1], ["Monitor", "1", "25.0%", "€100.00"]);
        assert_eq!(by_category.totals.as_ref().unwrap()[3], "€1,399.00\n£999.99");
        let Block::Table(by_location) = &report.blocks[6] else { panic!() };
        let names: Vec<&str> = by_location.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(names, ["Berlin", "London", "No location"]);
    }

    #[test]
    fn shares_round_half_up() {
        assert_eq!(share(1, 3), "33.3%");
        assert_eq!(share(2, 3), "66.7%");
        assert_eq!(share(1, 8), "12.5%");
        assert_eq!(share(5, 5), "100.0%");
    }

    #[test]
    fn many_categories_are_charted_as_the_largest_and_other() {
        let rows: Vec<RegisterRow> = (0..30).map(|i| row(&format!("A{i}"), &format!("C{i:02}"), "", None)).collect();
        let report = build(&input(rows));
        let Block::BarChart(chart) = &report.blocks[2] else { panic!() };
        assert_eq!(chart.bars.len(), CHART_BARS);
        assert_eq!(chart.bars.last().unwrap(), &("Other".to_string(), 11.0));
    }
}
