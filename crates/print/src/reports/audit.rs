//! The physical audit report: what was found where expected, found elsewhere, missing,
//! or not expected at all, with a sign-off block.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{format_count, BarChart, Block, Column, Report, Table};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditLine {
    pub tag: String,
    pub name: String,
    pub expected_location: String,
    pub found_location: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditResult {
    pub organisation: String,
    pub generated_at: String,
    /// "London HQ › North Tower; Laptops, Monitors".
    pub scope: String,
    pub auditor: String,
    pub started: String,
    pub closed: Option<String>,
    pub found: Vec<AuditLine>,
    pub moved: Vec<AuditLine>,
    pub missing: Vec<AuditLine>,
    pub unexpected: Vec<AuditLine>,
}

fn lines_table(lines: &[AuditLine], with_found: bool, with_expected: bool) -> Table {
    let mut columns = vec![Column::left("Tag", 1.1), Column::wrapped("Name", 2.2)];
    if with_expected {
        columns.push(Column::wrapped("Expected at", 2.0));
    }
    if with_found {
        columns.push(Column::wrapped("Found at", 2.0));
    }
    columns.push(Column::wrapped("Note", 2.0));
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![l.tag.clone(), l.name.clone()];
            if with_expected {
                row.push(l.expected_location.clone());
            }
            if with_found {
                row.push(l.found_location.clone());
            }
            row.push(l.note.clone());
            row
        })
        .collect();
    Table { columns, rows, totals: None }
}

pub fn build(audit: &AuditResult) -> Report {
    let mut filters = vec![
        ("Scope".to_string(), audit.scope.clone()),
        ("Auditor".to_string(), audit.auditor.clone()),
        ("Started".to_string(), audit.started.clone()),
    ];
    filters.push(("Closed".into(), audit.closed.clone().unwrap_or_else(|| "not yet closed".into())));
    let counts = [
        ("Found", audit.found.len()),
        ("Moved", audit.moved.len()),
        ("Missing", audit.missing.len()),
        ("Unexpected", audit.unexpected.len()),
    ];
    let expected = audit.found.len() + audit.moved.len() + audit.missing.len();
    let mut summary: Vec<(String, String)> = vec![("Expected in scope".into(), format_count(expected as i64))];
    summary.extend(counts.iter().map(|(k, v)| (k.to_string(), format_count(*v as i64))));
    let mut blocks = vec![
        Block::Summary(summary),
        Block::BarChart(BarChart {
            title: "Outcome".into(),
            bars: counts.iter().map(|(k, v)| (k.to_string(), *v as f64)).collect(),
            unit: "assets".into(),
        }),
    ];
    let sections: [(&str, &str, &[AuditLine], bool, bool); 4] = [
        ("Missing", "In the register for this scope but not scanned.", &audit.missing, false, true),
        ("Moved", "Scanned somewhere other than where the register had them.", &audit.moved, true, true),
        (
            "Unexpected",
            "Scanned but not expected in this scope (or not in the register).",
            &audit.unexpected,
            true,
            false,
        ),
        ("Found", "Scanned where the register expected them.", &audit.found, false, true),
    ];
    for (title, explanation, lines, with_found, with_expected) in sections {
        blocks.push(Block::Heading(format!("{title} ({})", format_count(lines.len() as i64))));
        if lines.is_empty() {
            blocks.push(Block::Paragraph("None.".into()));
        } else {
            blocks.push(Block::Paragraph(explanation.into()));
            blocks.push(Block::Table(lines_table(lines, with_found, with_expected)));
        }
    }
    blocks.push(Block::Heading("Sign-off".into()));
    blocks.push(Block::SignOff(vec!["Auditor".into(), "IT asset manager".into()]));
    Report {
        organisation: audit.organisation.clone(),
        title: "Physical audit".into(),
        generated_at: audit.generated_at.clone(),
        filters,
        blocks,
        landscape: false,
    }
}

pub fn render(audit: &AuditResult) -> Vec<u8> {
    crate::report::render(&build(audit))
}
