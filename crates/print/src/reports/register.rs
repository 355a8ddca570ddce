//! The asset register report: the assets of a filter, with totals by category and by
//! location.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{format_count, format_totals, BarChart, Block, Column, Report, Table};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterRow {
    pub tag: String,
    pub name: String,
    pub model: String,
    pub category: String,
    pub location: String,
    pub status: String,
    pub assignee: String,
    /// Purchase cost: minor units and ISO currency.
    pub cost: Option<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterReport {
    pub organisation: String,
    pub generated_at: String,
    pub filters: Vec<(String, String)>,
    pub rows: Vec<RegisterRow>,
}

#[derive(Default)]
struct Group {
    count: i64,
    cost: BTreeMap<String, i64>,
}

impl Group {
    fn add(&mut self, row: &RegisterRow) {
        self.count += 1;
        if let Some((minor, currency)) = &row.cost {
            *self.cost.entry(currency.clone()).or_default() += minor;
        }
    }
}

/// Groups rows by a key, largest group first (then by name).
fn grouped(rows: &[RegisterRow], key: impl Fn(&RegisterRow) -> &str) -> Vec<(String, Group)> {
    let mut groups: HashMap<&str, Group> = HashMap::new();
    for row in rows {
        groups.entry(key(row)).or_default().add(row);
    }
    let mut out: Vec<(String, Group)> =
        groups.into_iter().map(|(k, g)| (if k.is_empty() { "—".into() } else { k.to_string() }, g)).collect();
    out.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
    out
}

fn totals_table(first: &str, groups: &[(String, Group)], all: &Group) -> Table {
    Table {
        columns: vec![Column::left(first, 3.0), Column::right("Assets", 1.0), Column::right("Purchase cost", 2.0)],
        rows: groups
            .iter()
            .map(|(name, g)| vec![name.clone(), format_count(g.count), format_totals(&g.cost)])
            .collect(),
        totals: Some(vec!["Total".into(), format_count(all.count), format_totals(&all.cost)]),
    }
}

pub fn build(data: &RegisterReport) -> Report {
    let mut report = Report {
        organisation: data.organisation.clone(),
        title: "Asset register".into(),
        generated_at: data.generated_at.clone(),
        filters: data.filters.clone(),
        blocks: Vec::new(),
        landscape: true,
    };
    if data.rows.is_empty() {
        report.blocks.push(Block::Paragraph("No assets match this filter.".into()));
        return report;
    }
    let mut all = Group::default();
    for row in &data.rows {
        all.add(row);
    }
    let by_category = grouped(&data.rows, |r| &r.category);
    let by_location = grouped(&data.rows, |r| &r.location);

    let mut summary = vec![
        ("Assets".to_string(), format_count(all.count)),
        ("Categories".to_string(), format_count(by_category.len() as i64)),
        ("Locations".to_string(), format_count(by_location.len() as i64)),
    ];
    for (currency, minor) in &all.cost {
        summary.push((format!("Purchase cost ({currency})"), crate::report::format_money(*minor, currency)));
    }
    report.blocks.push(Block::Summary(summary));
    report.blocks.push(Block::BarChart(BarChart {
        title: "Assets by category".into(),
        bars: by_category.iter().take(15).map(|(name, g)| (name.clone(), g.count as f64)).collect(),
        unit: String::new(),
    }));
    report.blocks.push(Block::Heading("Totals by category".into()));
    report.blocks.push(Block::Table(totals_table("Category", &by_category, &all)));
    report.blocks.push(Block::Heading("Totals by location".into()));
    report.blocks.push(Block::Table(totals_table("Location", &by_location, &all)));
    report.blocks.push(Block::Heading(format!("Assets ({})", format_count(all.count))));
    report.blocks.push(Block::Table(Table {
        columns: vec![
            Column::left("Tag", 1.15),
            Column::wrapped("Name", 2.3),
            Column::left("Model", 1.6),
            Column::left("Category", 1.3),
            Column::wrapped("Location", 1.7),
            Column::left("Status", 1.1),
            Column::left("Assigned to", 1.5),
            Column::right("Cost", 1.1),
        ],
        rows: data
            .rows
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
                    r.cost.as_ref().map(|(m, c)| crate::report::format_money(*m, c)).unwrap_or_default(),
                ]
            })
            .collect(),
        totals: Some(vec![
            "Total".into(),
            format!("{} assets", format_count(all.count)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format_totals(&all.cost),
        ]),
    }));
    report
}

pub fn render(data: &RegisterReport) -> Vec<u8> {
    crate::report::render(&build(data))
}
