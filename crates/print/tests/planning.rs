//! The stock ageing and stockout reports as a reader gets them: built (their blocks) and
//! rendered to PDF, read back with `pdftotext -layout` (poppler-utils).

use std::collections::BTreeMap;
use std::process::Command;

use tagledger_print::report::{BarChart, Block};
use tagledger_print::reports::ageing::{self, AgeingBucketRow, AgeingItemRow, AgeingReport, SlowStockRow};
use tagledger_print::reports::stockouts::{self, StockoutGroupRow, StockoutLine, StockoutReport};

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn eur(minor: i64) -> BTreeMap<String, i64> {
    [("EUR".to_string(), minor)].into()
}

fn line_with<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no line \"{start}\" in\n{text}"))
}

fn ageing_data() -> AgeingReport {
    let bucket = |label: &str, quantity: i64, minor: i64| AgeingBucketRow {
        label: label.into(),
        quantity,
        values: if minor == 0 { BTreeMap::new() } else { eur(minor) },
    };
    AgeingReport {
        organisation: "Northwind".into(),
        generated_at: "2026-12-31 09:00 UTC".into(),
        as_of: "2026-12-31".into(),
        buckets: vec![
            bucket("0–90 days", 10, 3_000),
            bucket("91–180 days", 0, 0),
            bucket("181–365 days", 5, 1_000),
            bucket("Over 365 days", 2, 1_500),
        ],
        items: vec![
            AgeingItemRow {
                sku: "TON-1".into(),
                name: "Toner black".into(),
                location: "HQ › Store".into(),
                on_hand: 15,
                bucket_qty: vec![10, 0, 5, 0],
                values: eur(4_000),
                oldest_age_days: 200,
            },
            AgeingItemRow {
                sku: "TAP-1".into(),
                name: "Backup tape".into(),
                location: "HQ › Store".into(),
                on_hand: 2,
                bucket_qty: vec![0, 0, 0, 2],
                values: eur(1_500),
                oldest_age_days: 720,
            },
        ],
        slow: vec![SlowStockRow {
            sku: "TAP-1".into(),
            name: "Backup tape".into(),
            location: "HQ › Store".into(),
            on_hand: 2,
            values: eur(1_500),
            idle_days: 720,
            status: "Dead".into(),
            action: "Dispose".into(),
        }],
        rule: "Slow: no issue for over 180 days.".into(),
    }
}

#[test]
fn ageing_report_has_buckets_a_chart_and_the_slow_list() {
    let data = ageing_data();
    let report = ageing::build(&data);
    let Block::Summary(summary) = &report.blocks[0] else { panic!("{:?}", report.blocks[0]) };
    assert_eq!(summary[0], ("Units on hand".to_string(), "17".to_string()));
    assert_eq!(summary[1], ("Value".to_string(), "€55.00".to_string()));
    let chart = report.blocks.iter().find_map(|b| match b {
        Block::BarChart(c) => Some(c),
        _ => None,
    });
    assert_eq!(
        chart,
        Some(&BarChart {
            title: String::new(),
            bars: vec![
                ("0–90 days".into(), 10.0),
                ("91–180 days".into(), 0.0),
                ("181–365 days".into(), 5.0),
                ("Over 365 days".into(), 2.0)
            ],
            unit: "units".into(),
        })
    );

    let text = pdftotext(&ageing::render(&data));
    assert!(text.contains("Stock ageing") && text.contains("As of: 2026-12-31"), "{text}");
    // The chart's bar comes first, then the table's row.
    let rows: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("181–365 days")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].trim_end().ends_with("5 units"), "{}", rows[0]);
    assert_eq!(rows[1].split_whitespace().collect::<Vec<_>>(), ["181–365", "days", "5", "€10.00"]);
    assert!(line_with(&text, "Total").contains("€55.00"), "{text}");
    let dead = line_with(&text, "TAP-1");
    assert!(dead.contains("720") && dead.contains("Dead") && dead.contains("Dispose"), "{dead}");
    assert!(text.contains("Slow and dead stock (1)"), "{text}");
}

#[test]
fn an_empty_ageing_says_so() {
    let data = AgeingReport { items: vec![], slow: vec![], ..ageing_data() };
    assert_eq!(ageing::build(&data).blocks, [Block::Paragraph("No stock of our own on hand on 2026-12-31.".into())]);
}

fn stockout_data() -> StockoutReport {
    let group = |label: &str, count: i64, days: i64, preventable: i64| StockoutGroupRow {
        label: label.into(),
        count,
        days,
        preventable,
    };
    StockoutReport {
        organisation: "Northwind".into(),
        generated_at: "2026-12-31 09:00 UTC".into(),
        from: "2026-01-01".into(),
        to: "2026-03-31".into(),
        by_cause: vec![group("Late supplier", 2, 17, 2), group("Demand spike", 1, 11, 0)],
        by_category: vec![group("Toner", 3, 28, 2)],
        by_supplier: vec![group("Acme Supplies", 3, 28, 2)],
        by_item: vec![group("TON-1 Toner black", 3, 28, 2)],
        stockouts: vec![
            StockoutLine {
                date: "2026-02-27".into(),
                sku: "TON-1".into(),
                name: "Toner black".into(),
                location: "HQ › Store".into(),
                cause: "Late supplier".into(),
                days: 10,
                ongoing: false,
                preventable: "a better supplier (late purchase order) PO-000001".into(),
            },
            StockoutLine {
                date: "2026-03-01".into(),
                sku: "TON-1".into(),
                name: "Toner black".into(),
                location: "HQ › Store".into(),
                cause: "Late supplier".into(),
                days: 7,
                ongoing: false,
                preventable: "a higher reorder point".into(),
            },
            StockoutLine {
                date: "2026-03-20".into(),
                sku: "TON-1".into(),
                name: "Toner black".into(),
                location: "HQ › Annex".into(),
                cause: "Demand spike".into(),
                days: 11,
                ongoing: true,
                preventable: String::new(),
            },
        ],
        rules: "A stockout lasts until the next receipt.".into(),
    }
}

#[test]
fn stockout_report_has_totals_groups_a_chart_and_every_stockout() {
    let data = stockout_data();
    let report = stockouts::build(&data);
    let Block::Summary(summary) = &report.blocks[0] else { panic!("{:?}", report.blocks[0]) };
    let summary: Vec<(&str, &str)> = summary.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(summary, [("Stockouts", "3"), ("Days out of stock", "28"), ("Preventable", "2")]);
    let charts: Vec<&BarChart> = report
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::BarChart(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(charts.len(), 1);
    assert_eq!(charts[0].bars, [("Late supplier".to_string(), 2.0), ("Demand spike".to_string(), 1.0)]);

    let text = pdftotext(&stockouts::render(&data));
    assert!(text.contains("Period: 2026-01-01 to 2026-03-31"), "{text}");
    let late: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("Late supplier"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(late[0], ["Late", "supplier", "2", "stockouts"], "the chart's bar");
    assert_eq!(late[1], ["Late", "supplier", "2", "17", "2"], "the table's row");
    assert!(line_with(&text, "Acme Supplies").contains("28"), "{text}");
    assert!(line_with(&text, "2026-03-20").contains("11+"), "ongoing is marked: {text}");
    assert!(text.contains("PO-000001"), "{text}");
}

#[test]
fn a_period_without_stockouts_says_so() {
    let data = StockoutReport { stockouts: vec![], ..stockout_data() };
    assert_eq!(
        stockouts::build(&data).blocks,
        [Block::Paragraph("No stockouts from 2026-01-01 to 2026-03-31.".into())]
    );
}
