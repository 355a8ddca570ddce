//! The inventory cost report as a reader gets it: rendered to PDF, read back with
//! `pdftotext -layout`, and every page rasterised with pdftoppm into
//! target/print-preview/costs-N.png (poppler-utils).

use std::path::Path;
use std::process::Command;

use tagledger_print::report::Block;
use tagledger_print::reports::costs::{self, CostCategoryRow, CostMonthRow, CostStockoutLine, CostsReport};

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// The PDF's text; the pages are also rasterised to target/print-preview/`name`-N.png.
fn read_back(pdf: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("costs.pdf");
    std::fs::write(&path, pdf).unwrap();
    let path = path.to_str().unwrap();
    run("pdftoppm", &["-r", "80", "-png", path, dir.path().join("page").to_str().unwrap()]);
    let preview = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/print-preview");
    std::fs::create_dir_all(&preview).unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap().path();
        let file = entry.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(number) = file.strip_prefix("page-").and_then(|f| f.strip_suffix(".png")) {
            let number: usize = number.parse().unwrap();
            std::fs::copy(&entry, preview.join(format!("{name}-{number}.png"))).unwrap();
        }
    }
    run("pdftotext", &["-layout", path, "-"])
}

fn words_of_line<'a>(text: &'a str, start: &str) -> Vec<&'a str> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        // A table row, not a chart's axis labels.
        .find(|w| w.len() > 2 && w.join(" ").starts_with(start.trim_end()))
        .unwrap_or_else(|| panic!("no line \"{start}\" in\n{text}"))
}

/// The figures of the core test's two-month example.
fn data() -> CostsReport {
    let month = |month: &str, by_kind: [i64; 6]| CostMonthRow {
        month: month.into(),
        by_kind: by_kind.to_vec(),
        total: by_kind.iter().sum(),
    };
    let category = |name: &str, monthly: [i64; 2]| CostCategoryRow {
        category: name.into(),
        monthly: monthly.to_vec(),
        total: monthly.iter().sum(),
    };
    CostsReport {
        organisation: "Northwind".into(),
        generated_at: "2026-03-01 09:00 UTC".into(),
        from: "2026-01-01".into(),
        to: "2026-02-28".into(),
        currency: "EUR".into(),
        months: vec!["2026-01".into(), "2026-02".into()],
        categories: vec![
            category("Laptops", [15907, 10802]),
            category("Monitors", [5949, 8703]),
            category("Unallocated storage", [5000, 0]),
        ],
        by_month: vec![
            month("2026-01", [356, 15000, 0, 0, 4000, 7500]),
            month("2026-02", [305, 15000, 0, 3000, 1200, 0]),
        ],
        stockouts: vec![
            CostStockoutLine {
                date: "2026-01-25".into(),
                sku: "TON-1".into(),
                name: "Toner black".into(),
                location: "IT Store".into(),
                category: "Laptops".into(),
                cost_minor: Some(7500),
                currency: Some("EUR".into()),
            },
            CostStockoutLine {
                date: "2026-02-25".into(),
                sku: "CAB-2".into(),
                name: "Cable".into(),
                location: "IT Store".into(),
                category: "Monitors".into(),
                cost_minor: None,
                currency: None,
            },
        ],
        other_currencies: vec!["2026-02 Stockouts, Monitors: $20.00".into()],
        rules: "Whole calendar months.".into(),
    }
}

#[test]
fn the_cost_report_prints_the_table_the_charts_and_the_stockouts() {
    let input = data();
    let report = costs::build(&input);
    assert!(report.landscape);
    let charts = report.blocks.iter().filter(|b| matches!(b, Block::BarChart(_) | Block::LineChart(_))).count();
    assert_eq!(charts, 2, "cost by kind, and by kind per month");

    let text = read_back(&costs::render(&input), "costs");
    assert!(text.contains("Inventory costs"), "{text}");
    assert!(text.contains("2026-01-01 to 2026-02-28"));
    // Summary: the grand total 46,361 minor units.
    assert!(text.contains("€463.61"), "{text}");
    // By kind and month, with totals.
    assert_eq!(
        words_of_line(&text, "2026-01 "),
        ["2026-01", "3.56", "150.00", "0.00", "0.00", "40.00", "75.00", "268.56"]
    );
    // By category and month, with totals.
    assert_eq!(words_of_line(&text, "Laptops "), ["Laptops", "159.07", "108.02", "267.09"]);
    assert_eq!(words_of_line(&text, "Unallocated storage"), ["Unallocated", "storage", "50.00", "0.00", "50.00"]);
    let totals: Vec<Vec<&str>> =
        text.lines().filter(|l| l.trim_start().starts_with("Total ")).map(|l| l.split_whitespace().collect()).collect();
    assert!(totals.contains(&vec!["Total", "268.56", "195.05", "463.61"]), "{totals:?}");
    assert!(totals.contains(&vec!["Total", "6.61", "300.00", "0.00", "30.00", "52.00", "75.00", "463.61"]));
    // The stockouts, with a cost or not.
    assert!(words_of_line(&text, "2026-01-25").ends_with(&["€75.00"]));
    assert!(words_of_line(&text, "2026-02-25").ends_with(&["not", "recorded"]));
    assert!(text.contains("2026-02 Stockouts, Monitors: $20.00"));
}

#[test]
fn an_empty_period_says_so() {
    let input = CostsReport { categories: vec![], stockouts: vec![], other_currencies: vec![], ..data() };
    let text = read_back(&costs::render(&input), "costs-empty");
    assert!(text.contains("No costs in this period."));
    assert!(text.contains("No stockouts in this period."));
    assert!(!text.contains("In other currencies"));
}
