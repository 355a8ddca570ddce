//! The supplier scorecard: one supplier's delivery figures over a period in plain words,
//! the weighted components of its score, the monthly trend and the purchase order lines
//! that were late or short. Figures arrive computed (core's `scorecard` module defines
//! them); this module only words and lays them out.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::report::{self, format_count, Block, Column, LineChart, Report, Table};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardReport {
    pub organisation: String,
    /// Already formatted, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    pub supplier: String,
    /// YYYY-MM-DD, inclusive.
    pub from: String,
    pub to: String,
    /// The day the figures were taken: undelivered lines promised before it count as late.
    pub as_of: String,
    /// 0–100; `None` when no line was due.
    pub score: Option<f64>,
    /// "A" to "D".
    pub grade: Option<String>,
    pub lines_due: i64,
    pub lines_not_yet_due: i64,
    pub lines_delivered: i64,
    pub lines_on_time: i64,
    pub lines_in_full: i64,
    pub lines_otif: i64,
    pub avg_lead_days: Option<f64>,
    pub lead_days_std_dev: Option<f64>,
    /// Actual minus quoted lead time, in days (positive: slower than quoted).
    pub avg_lead_days_vs_quote: Option<f64>,
    pub lines_lead_quoted: i64,
    /// Positive: dearer than quoted.
    pub price_variance_pct: Option<f64>,
    pub lines_price_quoted: i64,
    pub quantity_received: i64,
    pub quantity_rejected: i64,
    pub components: Vec<ScorecardComponent>,
    pub months: Vec<ScorecardMonth>,
    /// The late or short lines, possibly only the first of them.
    pub lines: Vec<ScorecardLine>,
    /// How many late or short lines there are in all.
    pub lines_total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardComponent {
    /// "On time".
    pub name: String,
    /// How the component is scored, e.g. "on-time rate × 100".
    pub rule: String,
    /// Percent; the weights add up to 100.
    pub weight: i64,
    /// 0–100; `None` when it could not be measured.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardMonth {
    /// "2026-03".
    pub month: String,
    pub lines_due: i64,
    /// Rates as fractions 0–1; `None` when no line was due that month.
    pub on_time_rate: Option<f64>,
    pub in_full_rate: Option<f64>,
    pub otif_rate: Option<f64>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardLine {
    /// "PO-000123".
    pub order: String,
    pub line_no: i64,
    /// "KB-01 USB keyboard", or a model's name.
    pub item: String,
    pub quantity: i64,
    pub received: i64,
    pub rejected: i64,
    /// YYYY-MM-DD.
    pub promised_on: String,
    pub last_received_on: Option<String>,
    pub completed_on: Option<String>,
    /// Days from the promised date to completion (or to the report's date while not
    /// complete); never negative.
    pub days_late: i64,
}

pub fn title(supplier: &str) -> String {
    format!("Supplier scorecard — {supplier}")
}

/// "50.0%" from a fraction.
fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

fn lines_word(n: i64) -> String {
    format!("{} {}", format_count(n), if n == 1 { "line" } else { "lines" })
}

/// "50.0% (1 of 2 lines)", or "no lines due" when there is nothing to divide by.
fn share(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "not measured (no lines due)".to_string();
    }
    format!("{} ({} of {})", percent(part as f64 / whole as f64), format_count(part), lines_word(whole))
}

fn days(value: f64) -> String {
    let value = if value.abs() < 0.05 { 0.0 } else { value };
    format!("{value:.1} {}", if value == 1.0 { "day" } else { "days" })
}

/// Every figure of the scorecard as a line of plain words.
pub fn figures_in_words(input: &ScorecardReport) -> Vec<String> {
    let mut out = vec![
        format!("On time: {}", share(input.lines_on_time, input.lines_due)),
        format!("In full: {}", share(input.lines_in_full, input.lines_due)),
        format!("On time in full (OTIF): {}", share(input.lines_otif, input.lines_due)),
    ];
    out.push(match (input.avg_lead_days, input.lead_days_std_dev) {
        (Some(avg), Some(sd)) => format!(
            "Lead time: {} on average, standard deviation {} ({} delivered)",
            days(avg),
            days(sd),
            lines_word(input.lines_delivered)
        ),
        _ => "Lead time: not measured (nothing delivered)".to_string(),
    });
    out.push(match input.avg_lead_days_vs_quote {
        Some(d) if d.abs() < 0.05 => {
            format!("Against quoted lead time: as quoted ({})", quoted(input.lines_lead_quoted))
        }
        Some(d) if d > 0.0 => {
            format!("Against quoted lead time: {} slower on average ({})", days(d), quoted(input.lines_lead_quoted))
        }
        Some(d) => {
            format!("Against quoted lead time: {} faster on average ({})", days(-d), quoted(input.lines_lead_quoted))
        }
        None => "Against quoted lead time: not measured (no delivered line has a quoted lead time)".to_string(),
    });
    out.push(match input.price_variance_pct {
        Some(p) if p.abs() < 0.05 => format!("Price: as quoted ({})", quoted(input.lines_price_quoted)),
        Some(p) if p > 0.0 => format!("Price: {p:.1}% above quoted ({})", quoted(input.lines_price_quoted)),
        Some(p) => format!("Price: {:.1}% below quoted ({})", -p, quoted(input.lines_price_quoted)),
        None => "Price: not measured (no line has a quoted price)".to_string(),
    });
    let arrived = input.quantity_received + input.quantity_rejected;
    out.push(if arrived == 0 {
        "Rejected: not measured (nothing received)".to_string()
    } else {
        format!(
            "Rejected: {} ({} of {} units delivered)",
            percent(input.quantity_rejected as f64 / arrived as f64),
            format_count(input.quantity_rejected),
            format_count(arrived)
        )
    });
    if input.lines_not_yet_due > 0 {
        out.push(format!(
            "Not yet due: {} (promised on or after {} and not yet delivered; left out of every figure)",
            lines_word(input.lines_not_yet_due),
            input.as_of
        ));
    }
    out
}

fn quoted(n: i64) -> String {
    format!("{} with a quote", lines_word(n))
}

fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_string(), |s| format!("{s:.1}"))
}

pub fn build(input: &ScorecardReport) -> Report {
    let mut report = Report {
        organisation: input.organisation.clone(),
        title: title(&input.supplier),
        generated_at: input.generated_at.clone(),
        filters: vec![
            ("Period".to_string(), format!("{} to {}", input.from, input.to)),
            ("As of".to_string(), input.as_of.clone()),
        ],
        blocks: Vec::new(),
        landscape: true,
    };
    let grade = input.grade.clone().unwrap_or_else(|| "—".to_string());
    report.blocks.push(Block::Summary(vec![
        ("Grade".to_string(), grade),
        ("Score".to_string(), score_text(input.score)),
        ("Lines due".to_string(), format_count(input.lines_due)),
        (
            "On time in full".to_string(),
            if input.lines_due == 0 { "—".into() } else { percent(input.lines_otif as f64 / input.lines_due as f64) },
        ),
    ]));
    if input.lines_due == 0 {
        report.blocks.push(Block::Paragraph(format!(
            "No purchase order line of {} was due between {} and {} (as of {}), so there is no score.",
            input.supplier, input.from, input.to, input.as_of
        )));
    }
    report.blocks.push(Block::Heading("Figures".to_string()));
    report.blocks.push(Block::Paragraph(figures_in_words(input).join("\n")));

    report.blocks.push(Block::Heading("Score".to_string()));
    let unmeasured: Vec<String> =
        input.components.iter().filter(|c| c.score.is_none()).map(|c| c.name.to_lowercase()).collect();
    if !unmeasured.is_empty() && input.score.is_some() {
        report.blocks.push(Block::Paragraph(format!(
            "Not measured: {}. The score weighs the measured components only, in proportion to their weights.",
            unmeasured.join(", ")
        )));
    }
    report.blocks.push(Block::Table(component_table(input)));

    report.blocks.push(Block::Heading("Monthly trend".to_string()));
    report.blocks.push(Block::LineChart(trend_chart(&input.months)));
    report.blocks.push(Block::Table(month_table(&input.months)));

    report.blocks.push(Block::Heading(format!("Late or short lines ({})", format_count(input.lines_total))));
    if input.lines_total == 0 {
        report
            .blocks
            .push(Block::Paragraph("None: every line due was delivered complete by its promised date.".into()));
        return report;
    }
    let listed = input.lines.len() as i64;
    if listed < input.lines_total {
        report.blocks.push(Block::Paragraph(format!(
            "The first {} of {} lines are listed, by promised date.",
            format_count(listed),
            format_count(input.lines_total)
        )));
    }
    report.blocks.push(Block::Table(line_table(&input.lines)));
    report
}

pub fn render(input: &ScorecardReport) -> Vec<u8> {
    report::render(&build(input))
}

fn component_table(input: &ScorecardReport) -> Table {
    let columns = vec![
        Column::left("Component", 1.4),
        Column::wrapped("How it is scored", 3.6),
        Column::right("Weight", 0.8),
        Column::right("Score", 0.8),
        Column::right("Points", 0.8),
    ];
    let rows = input
        .components
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.rule.clone(),
                format!("{}%", c.weight),
                c.score.map_or_else(|| "not measured".to_string(), |s| format!("{s:.1}")),
                c.score.map_or_else(String::new, |s| format!("{:.1}", s * c.weight as f64 / 100.0)),
            ]
        })
        .collect();
    let weights: i64 = input.components.iter().map(|c| c.weight).sum();
    let totals =
        vec!["Score".to_string(), String::new(), format!("{weights}%"), score_text(input.score), String::new()];
    Table { columns, rows, totals: Some(totals) }
}

/// On-time and OTIF percentages per month; a month with no line due leaves a gap.
fn trend_chart(months: &[ScorecardMonth]) -> LineChart {
    let series = |rate: fn(&ScorecardMonth) -> Option<f64>| -> Vec<f64> {
        months.iter().map(|m| rate(m).map_or(f64::NAN, |r| r * 100.0)).collect()
    };
    LineChart {
        title: "On time and OTIF, % of lines due".to_string(),
        x_labels: months.iter().map(|m| m.month.clone()).collect(),
        series: vec![
            ("OTIF %".to_string(), series(|m| m.otif_rate)),
            ("On time %".to_string(), series(|m| m.on_time_rate)),
        ],
    }
}

fn month_table(months: &[ScorecardMonth]) -> Table {
    let columns = vec![
        Column::left("Month", 1.0),
        Column::right("Lines due", 1.0),
        Column::right("On time", 1.0),
        Column::right("In full", 1.0),
        Column::right("OTIF", 1.0),
        Column::right("Score", 1.0),
    ];
    let rate = |r: Option<f64>| r.map_or_else(|| "—".to_string(), percent);
    let rows = months
        .iter()
        .map(|m| {
            vec![
                m.month.clone(),
                format_count(m.lines_due),
                rate(m.on_time_rate),
                rate(m.in_full_rate),
                rate(m.otif_rate),
                score_text(m.score),
            ]
        })
        .collect();
    Table { columns, rows, totals: None }
}

/// What went wrong with a line, in words: "not delivered", "short 2", "late", "3 rejected".
pub fn problem(line: &ScorecardLine) -> String {
    let mut out = Vec::new();
    if line.last_received_on.is_none() {
        out.push("not delivered".to_string());
    } else if line.received < line.quantity {
        out.push(format!("short {}", format_count(line.quantity - line.received)));
    }
    if line.days_late > 0 {
        out.push("late".to_string());
    }
    if line.rejected > 0 {
        out.push(format!("{} rejected", format_count(line.rejected)));
    }
    out.join(", ")
}

fn line_table(lines: &[ScorecardLine]) -> Table {
    let columns = vec![
        Column::left("Order", 1.1),
        Column::right("Line", 0.5),
        Column::wrapped("Item", 2.6),
        Column::right("Ordered", 0.8),
        Column::right("Received", 0.8),
        Column::right("Rejected", 0.8),
        Column::left("Promised", 1.0),
        Column::left("Last received", 1.0),
        Column::left("Completed", 1.0),
        Column::right("Days late", 0.8),
        Column::wrapped("Problem", 1.6),
    ];
    let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "—".to_string());
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                l.order.clone(),
                l.line_no.to_string(),
                l.item.clone(),
                format_count(l.quantity),
                format_count(l.received),
                format_count(l.rejected),
                l.promised_on.clone(),
                date(&l.last_received_on),
                date(&l.completed_on),
                format_count(l.days_late),
                problem(l),
            ]
        })
        .collect();
    Table { columns, rows, totals: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ScorecardReport {
        ScorecardReport {
            organisation: "Northwind".into(),
            generated_at: "2026-04-01 09:00 UTC".into(),
            supplier: "CDW".into(),
            from: "2026-01-01".into(),
            to: "2026-03-31".into(),
            as_of: "2026-04-01".into(),
            score: Some(80.0),
            grade: Some("B".into()),
            lines_due: 2,
            lines_not_yet_due: 0,
            lines_delivered: 2,
            lines_on_time: 1,
            lines_in_full: 2,
            lines_otif: 1,
            avg_lead_days: Some(11.0),
            lead_days_std_dev: Some(1.0),
            avg_lead_days_vs_quote: Some(1.0),
            lines_lead_quoted: 2,
            price_variance_pct: Some(-2.5),
            lines_price_quoted: 1,
            quantity_received: 99,
            quantity_rejected: 1,
            components: vec![],
            months: vec![],
            lines: vec![],
            lines_total: 0,
        }
    }

    #[test]
    fn figures_read_as_plain_words() {
        assert_eq!(
            figures_in_words(&input()),
            [
                "On time: 50.0% (1 of 2 lines)",
                "In full: 100.0% (2 of 2 lines)",
                "On time in full (OTIF): 50.0% (1 of 2 lines)",
                "Lead time: 11.0 days on average, standard deviation 1.0 day (2 lines delivered)",
                "Against quoted lead time: 1.0 day slower on average (2 lines with a quote)",
                "Price: 2.5% below quoted (1 line with a quote)",
                "Rejected: 1.0% (1 of 100 units delivered)",
            ]
        );
        let nothing = ScorecardReport {
            lines_due: 0,
            lines_not_yet_due: 1,
            lines_delivered: 0,
            lines_on_time: 0,
            lines_in_full: 0,
            lines_otif: 0,
            avg_lead_days: None,
            lead_days_std_dev: None,
            avg_lead_days_vs_quote: None,
            price_variance_pct: None,
            quantity_received: 0,
            quantity_rejected: 0,
            ..input()
        };
        assert_eq!(
            figures_in_words(&nothing),
            [
                "On time: not measured (no lines due)",
                "In full: not measured (no lines due)",
                "On time in full (OTIF): not measured (no lines due)",
                "Lead time: not measured (nothing delivered)",
                "Against quoted lead time: not measured (no delivered line has a quoted lead time)",
                "Price: not measured (no line has a quoted price)",
                "Rejected: not measured (nothing received)",
                "Not yet due: 1 line (promised on or after 2026-04-01 and not yet delivered; left out of every figure)",
            ]
        );
    }

    #[test]
    fn a_line_says_what_went_wrong() {
        let line = ScorecardLine {
            order: "PO-1".into(),
            line_no: 1,
            item: "KB-01 USB keyboard".into(),
            quantity: 10,
            received: 8,
            rejected: 2,
            promised_on: "2026-01-10".into(),
            last_received_on: Some("2026-01-12".into()),
            completed_on: None,
            days_late: 3,
        };
        assert_eq!(problem(&line), "short 2, late, 2 rejected");
        let undelivered = ScorecardLine { received: 0, rejected: 0, last_received_on: None, ..line.clone() };
        assert_eq!(problem(&undelivered), "not delivered, late");
    }

    #[test]
    fn months_without_lines_leave_gaps_in_the_trend() {
        let month = |m: &str, otif: Option<f64>| ScorecardMonth {
            month: m.into(),
            lines_due: otif.map_or(0, |_| 4),
            on_time_rate: otif.map(|r| (r + 0.25).min(1.0)),
            in_full_rate: otif,
            otif_rate: otif,
            score: None,
        };
        let chart = trend_chart(&[month("2026-01", Some(0.5)), month("2026-02", None), month("2026-03", Some(1.0))]);
        assert_eq!(chart.x_labels, ["2026-01", "2026-02", "2026-03"]);
        let (name, otif) = &chart.series[0];
        assert_eq!(name, "OTIF %");
        assert_eq!((otif[0], otif[2]), (50.0, 100.0));
        assert!(otif[1].is_nan());
        assert_eq!(chart.series[1].1[0], 75.0);
    }
}
