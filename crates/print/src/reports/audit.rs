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

/// The lines of one outcome. `found` and `expected` say which location columns it has:
/// where the asset was scanned, and where the register had it.
fn lines_table(lines: &[AuditLine], found: Option<&str>, expected: Option<&str>) -> Table {
    let mut columns = vec![Column::left("Tag", 1.0), Column::wrapped("Name", 2.1)];
    columns.extend(expected.map(|title| Column::wrapped(title, 2.1)));
    columns.extend(found.map(|title| Column::wrapped(title, 2.1)));
    columns.push(Column::wrapped("Note", 2.0));
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![l.tag.clone(), l.name.clone()];
            if expected.is_some() {
                row.push(l.expected_location.clone());
            }
            if found.is_some() {
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
    // Most in need of action first.
    type Section<'a> = (&'a str, &'a str, &'a [AuditLine], Option<&'a str>, Option<&'a str>);
    let sections: [Section; 4] = [
        ("Missing", "In the register for this scope but not scanned.", &audit.missing, None, Some("Expected at")),
        (
            "Moved",
            "Scanned somewhere other than where the register had them.",
            &audit.moved,
            Some("Found at"),
            Some("Expected at"),
        ),
        (
            "Unexpected",
            "Scanned but not expected in this scope (or not in the register).",
            &audit.unexpected,
            Some("Found at"),
            Some("Registered at"),
        ),
        ("Found", "Scanned where the register expected them.", &audit.found, Some("Location"), None),
    ];
    for (title, explanation, lines, found, expected) in sections {
        blocks.push(Block::Heading(format!("{title} ({})", format_count(lines.len() as i64))));
        if lines.is_empty() {
            blocks.push(Block::Paragraph("None.".into()));
        } else {
            blocks.push(Block::Paragraph(explanation.into()));
            blocks.push(Block::Table(lines_table(lines, found, expected)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(tag: &str) -> AuditLine {
        AuditLine {
            tag: tag.into(),
            name: "ThinkPad".into(),
            expected_location: "IT Store".into(),
            found_location: "Floor 3".into(),
            note: String::new(),
        }
    }

    fn audit() -> AuditResult {
        AuditResult {
            organisation: "Northwind".into(),
            generated_at: "2026-11-25 14:03 UTC".into(),
            scope: "London HQ".into(),
            auditor: "Zoë Müller".into(),
            started: "2026-11-24".into(),
            closed: None,
            found: vec![line("A1"), line("A2")],
            moved: vec![line("A3")],
            missing: vec![],
            unexpected: vec![line("A4")],
        }
    }

    #[test]
    fn every_outcome_has_a_heading_with_its_count_and_empty_ones_say_none() {
        let report = build(&audit());
        let headings: Vec<&str> = report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["Missing (0)", "Moved (1)", "Unexpected (1)", "Found (2)", "Sign-off"]);
        let missing = report.blocks.iter().position(|b| b == &Block::Heading("Missing (0)".into())).unwrap();
        assert_eq!(report.blocks[missing + 1], Block::Paragraph("None.".into()));
        assert_eq!(report.blocks.last(), Some(&Block::SignOff(vec!["Auditor".into(), "IT asset manager".into()])));
        assert!(report.filters.contains(&("Closed".into(), "not yet closed".into())));
    }

    #[test]
    fn moved_lines_show_both_locations() {
        let report = build(&audit());
        let table = report
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.rows[0][0] == "A3" => Some(t),
                _ => None,
            })
            .unwrap();
        let titles: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Tag", "Name", "Expected at", "Found at", "Note"]);
        assert_eq!(table.rows[0], ["A3", "ThinkPad", "IT Store", "Floor 3", ""]);
    }
}
