//! The inventory management policy document, generated from a policy version snapshot,
//! with what changed since the previous version.
//!
//! Sections, in order: responsibilities (the RACI table), categories and goals,
//! classification, reorder rules and the safety-stock method, approved suppliers with
//! their grades, counting cycles, costs, protocols, the free-text sections, and the
//! changes since the previous version (or "First version").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, Block, Column, Report, Table};

/// One activity's row of the RACI table: a letter (or blank) per role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RaciLine {
    pub activity: String,
    pub duties: Vec<String>,
}

/// A category's goals, each already in words ("95%", "—" for none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalLine {
    pub category: String,
    pub fill_rate: String,
    pub max_stockouts: String,
    pub turns: String,
    pub days_of_cover: String,
    pub max_age: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReorderLine {
    pub category: String,
    pub items: i64,
    pub items_with_rules: i64,
    pub rules: i64,
    pub service_level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupplierLine {
    pub category: String,
    pub supplier: String,
    pub items_offered: i64,
    pub preferred_items: i64,
    pub grade: String,
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountingLine {
    /// "A".
    pub class: String,
    /// "every 30 days".
    pub every: String,
    /// Items in the class on the day of the snapshot.
    pub items: i64,
}

/// A label and its value in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Figure {
    pub label: String,
    pub value: String,
}

impl Figure {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Figure {
        Figure { label: label.into(), value: value.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextSection {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyReport {
    pub organisation: String,
    /// When the version was generated, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    pub version: i64,
    /// YYYY-MM-DD.
    pub effective_date: String,
    pub approver: String,
    /// The RACI table's columns.
    pub roles: Vec<String>,
    pub raci: Vec<RaciLine>,
    pub goals: Vec<GoalLine>,
    /// The classification rules in words.
    pub classification: String,
    pub classes: Vec<Figure>,
    /// YYYY-MM-DD: the day the class counts were taken.
    pub classes_as_of: String,
    pub reorder_method: String,
    pub reorder: Vec<ReorderLine>,
    pub suppliers: Vec<SupplierLine>,
    pub counting: Vec<CountingLine>,
    pub costs: Vec<Figure>,
    pub protocols: Vec<TextSection>,
    pub sections: Vec<TextSection>,
    /// `None` for the first version.
    pub previous_version: Option<i64>,
    /// "Goals · Toner & ink: max stockouts per quarter 2 → 1".
    pub changes: Vec<String>,
}

pub const TITLE: &str = "Inventory management policy";

fn heading(report: &mut Report, text: &str) {
    report.blocks.push(Block::Heading(text.to_string()));
}

fn none_paragraph(report: &mut Report, text: &str) {
    report.blocks.push(Block::Paragraph(text.to_string()));
}

pub fn build(input: &PolicyReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: format!("{TITLE} — version {}", input.version),
        generated_at: input.generated_at.clone(),
        filters: vec![
            ("Version".to_string(), input.version.to_string()),
            ("Effective".to_string(), input.effective_date.clone()),
            ("Approved by".to_string(), input.approver.clone()),
            ("Generated".to_string(), input.generated_at.clone()),
        ],
        blocks: Vec::new(),
        landscape: false,
    };

    heading(&mut report, "1. Responsibilities");
    report.blocks.push(Block::Paragraph(
        "R: responsible (does the work) · A: accountable (one per activity, signs it off) · C: consulted · I: informed."
            .to_string(),
    ));
    let role_width = if input.roles.len() > 6 { 0.8 } else { 1.0 };
    let mut columns = vec![Column::left("Activity", 1.6)];
    columns.extend(input.roles.iter().map(|r| Column::wrapped(r.clone(), role_width)));
    let rows = input
        .raci
        .iter()
        .map(|r| std::iter::once(r.activity.clone()).chain(r.duties.iter().cloned()).collect())
        .collect();
    report.blocks.push(Block::Table(Table { columns, rows, totals: None }));

    heading(&mut report, "2. Categories and goals");
    if input.goals.is_empty() {
        none_paragraph(&mut report, "No stock categories.");
    } else {
        let columns = vec![
            Column::wrapped("Category", 2.0),
            Column::right("Fill rate", 1.0),
            Column::right("Max stockouts / quarter", 1.3),
            Column::right("Turns a year", 1.0),
            Column::right("Days of cover", 1.0),
            Column::right("Max stock age", 1.1),
        ];
        let rows = input
            .goals
            .iter()
            .map(|g| {
                vec![
                    g.category.clone(),
                    g.fill_rate.clone(),
                    g.max_stockouts.clone(),
                    g.turns.clone(),
                    g.days_of_cover.clone(),
                    g.max_age.clone(),
                ]
            })
            .collect();
        report.blocks.push(Block::Table(Table { columns, rows, totals: None }));
    }

    heading(&mut report, "3. Classification");
    report.blocks.push(Block::Paragraph(input.classification.clone()));
    report.blocks.push(Block::Paragraph(format!("Class counts on {}:", input.classes_as_of)));
    report.blocks.push(Block::Summary(input.classes.iter().map(|f| (f.label.clone(), f.value.clone())).collect()));

    heading(&mut report, "4. Reorder rules and safety stock");
    report.blocks.push(Block::Paragraph(input.reorder_method.clone()));
    if input.reorder.is_empty() {
        none_paragraph(&mut report, "No stock items.");
    } else {
        let columns = vec![
            Column::wrapped("Category", 2.2),
            Column::right("Items", 0.8),
            Column::right("Items with a rule", 1.2),
            Column::right("Rules", 0.8),
            Column::right("Service level", 1.2),
        ];
        let rows = input
            .reorder
            .iter()
            .map(|r| {
                vec![
                    r.category.clone(),
                    format_count(r.items),
                    format_count(r.items_with_rules),
                    format_count(r.rules),
                    r.service_level.clone(),
                ]
            })
            .collect();
        report.blocks.push(Block::Table(Table { columns, rows, totals: None }));
    }

    heading(&mut report, "5. Approved suppliers");
    if input.suppliers.is_empty() {
        none_paragraph(&mut report, "No supplier has an offer for a stock item.");
    } else {
        report.blocks.push(Block::Paragraph(
            "A supplier is approved for a category when it has an offer for one of its items. Grades are the \
             supplier scorecard's over the twelve months up to the version (A ≥ 90, B ≥ 75, C ≥ 60, else D)."
                .to_string(),
        ));
        let columns = vec![
            Column::wrapped("Category", 1.8),
            Column::wrapped("Supplier", 1.8),
            Column::right("Items offered", 1.0),
            Column::right("Preferred for", 1.0),
            Column::right("Grade", 0.7),
            Column::right("Score", 0.7),
        ];
        let rows = input
            .suppliers
            .iter()
            .map(|s| {
                vec![
                    s.category.clone(),
                    s.supplier.clone(),
                    format_count(s.items_offered),
                    format_count(s.preferred_items),
                    s.grade.clone(),
                    s.score.clone(),
                ]
            })
            .collect();
        report.blocks.push(Block::Table(Table { columns, rows, totals: None }));
    }

    heading(&mut report, "6. Counting cycles");
    let columns = vec![Column::left("Class", 1.0), Column::left("Counted", 2.0), Column::right("Items now", 1.0)];
    let rows = input.counting.iter().map(|c| vec![c.class.clone(), c.every.clone(), format_count(c.items)]).collect();
    report.blocks.push(Block::Table(Table { columns, rows, totals: None }));

    heading(&mut report, "7. Cost assumptions");
    let columns = vec![Column::wrapped("Assumption", 2.0), Column::wrapped("Value", 2.0)];
    let rows = input.costs.iter().map(|f| vec![f.label.clone(), f.value.clone()]).collect();
    report.blocks.push(Block::Table(Table { columns, rows, totals: None }));

    heading(&mut report, "8. Protocols");
    for p in &input.protocols {
        let body = if p.body.trim().is_empty() { "(not written yet)" } else { p.body.as_str() };
        report.blocks.push(Block::Paragraph(format!("{}\n{body}", p.title)));
    }

    for (number, s) in (9..).zip(&input.sections) {
        heading(&mut report, &format!("{number}. {}", s.title));
        report.blocks.push(Block::Paragraph(s.body.clone()));
    }

    match input.previous_version {
        None => {
            heading(&mut report, "First version");
            none_paragraph(&mut report, "This is the first version of the policy.");
        }
        Some(previous) => {
            heading(&mut report, &format!("Changes since version {previous}"));
            if input.changes.is_empty() {
                none_paragraph(&mut report, "Nothing changed.");
            } else {
                let columns = vec![Column::wrapped("Change", 1.0)];
                let rows = input.changes.iter().map(|c| vec![c.clone()]).collect();
                report.blocks.push(Block::Table(Table { columns, rows, totals: None }));
            }
        }
    }
    report
}

pub fn render(input: &PolicyReport) -> Vec<u8> {
    report::render(&build(input))
}
