//! The supplier scorecard and the consignment usage statement as a reader gets them:
//! rendered to PDF, read back with `pdftotext -layout`, and the first page rasterised
//! with pdftoppm into target/print-preview/ (poppler-utils).

use std::path::Path;
use std::process::Command;

use tagledger_print::reports::consignment::{self, ConsignmentItem, ConsignmentMovement, ConsignmentReport};
use tagledger_print::reports::scorecard::{self, ScorecardComponent, ScorecardLine, ScorecardMonth, ScorecardReport};

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// The PDF's text, one string per page. Every page is also rasterised at 80 dpi to
/// target/print-preview/`name`-N.png, which fails the test if poppler cannot draw it.
fn read_back(pdf: &[u8], name: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let path = path.to_str().unwrap();
    run("pdftoppm", &["-r", "80", "-png", path, dir.path().join("page").to_str().unwrap()]);
    let preview = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/print-preview");
    std::fs::create_dir_all(&preview).unwrap();
    let mut rendered = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap().path();
        let file = entry.file_name().unwrap().to_string_lossy().into_owned();
        // pdftoppm pads the page number to the width of the page count: page-01.png.
        if let Some(number) = file.strip_prefix("page-").and_then(|f| f.strip_suffix(".png")) {
            assert!(std::fs::metadata(&entry).unwrap().len() > 5_000, "{file} has something drawn on it");
            let number: usize = number.parse().unwrap();
            std::fs::copy(&entry, preview.join(format!("{name}-{number}.png"))).unwrap();
            rendered += 1;
        }
    }

    let text = run("pdftotext", &["-layout", path, "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    assert_eq!(rendered, pages.len(), "every page rendered");
    pages
}

fn line_starting<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no line \"{start}\" in\n{text}"))
}

/// The words of a line, so column spacing does not matter.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

fn scorecard_input() -> ScorecardReport {
    let component = |name: &str, rule: &str, weight: i64, score: Option<f64>| ScorecardComponent {
        name: name.into(),
        rule: rule.into(),
        weight,
        score,
    };
    let month = |month: &str, due: i64, on_time: Option<f64>, otif: Option<f64>, score: Option<f64>| ScorecardMonth {
        month: month.into(),
        lines_due: due,
        on_time_rate: on_time,
        in_full_rate: otif,
        otif_rate: otif,
        score,
    };
    let line = |order: &str, item: &str, quantity: i64, received: i64, promised: &str, last: Option<&str>, late| {
        ScorecardLine {
            order: order.into(),
            line_no: 1,
            item: item.into(),
            quantity,
            received,
            rejected: 0,
            promised_on: promised.into(),
            last_received_on: last.map(str::to_string),
            completed_on: (received == quantity).then(|| last.unwrap().to_string()),
            days_late: late,
        }
    };
    ScorecardReport {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-04-01 09:00 UTC".into(),
        supplier: "Łódź Components Sp. z o.o.".into(),
        from: "2026-01-01".into(),
        to: "2026-03-31".into(),
        as_of: "2026-03-20".into(),
        score: Some(77.5),
        grade: Some("B".into()),
        lines_due: 4,
        lines_not_yet_due: 1,
        lines_delivered: 3,
        lines_on_time: 2,
        lines_in_full: 3,
        lines_otif: 2,
        avg_lead_days: Some(9.5),
        lead_days_std_dev: Some(1.5),
        avg_lead_days_vs_quote: Some(2.0),
        lines_lead_quoted: 3,
        price_variance_pct: None,
        lines_price_quoted: 0,
        quantity_received: 49,
        quantity_rejected: 1,
        components: vec![
            component("On time", "on-time rate × 100", 30, Some(50.0)),
            component("In full", "in-full rate × 100", 25, Some(75.0)),
            component("Lead time", "100 − 10 per day slower than quoted, on average", 15, Some(80.0)),
            component("Price", "100 − 5 per percent above the quoted price", 15, None),
            component("Quality", "100 − 10 per percent of units rejected", 15, Some(80.0)),
        ],
        months: vec![
            month("2026-01", 2, Some(1.0), Some(1.0), Some(100.0)),
            month("2026-02", 0, None, None, None),
            month("2026-03", 2, Some(0.0), Some(0.0), Some(40.0)),
        ],
        lines: vec![
            line("PO-000017", "KB-01 USB keyboard", 10, 10, "2026-03-02", Some("2026-03-06"), 4),
            line("PO-000018", "Latitude 5440", 5, 0, "2026-03-10", None, 10),
        ],
        lines_total: 2,
    }
}

#[test]
fn the_scorecard_pdf_states_every_figure_the_components_the_trend_and_the_late_lines() {
    let pages = read_back(&scorecard::render(&scorecard_input()), "scorecard");
    let text = pages.join("\n");
    assert!(text.contains("Supplier scorecard — Łódź Components Sp. z o.o."), "{text}");
    assert!(text.contains("Period: 2026-01-01 to 2026-03-31") && text.contains("As of: 2026-03-20"), "{text}");
    assert!(pages[0].contains("Page 1 of"));
    for expected in [
        "On time: 50.0% (2 of 4 lines)",
        "In full: 75.0% (3 of 4 lines)",
        "On time in full (OTIF): 50.0% (2 of 4 lines)",
        "Lead time: 9.5 days on average, standard deviation 1.5 days (3 lines delivered)",
        "Against quoted lead time: 2.0 days slower on average (3 lines with a quote)",
        "Price: not measured (no line has a quoted price)",
        "Rejected: 2.0% (1 of 50 units delivered)",
        "Not yet due: 1 line",
        "Not measured: price. The score weighs the measured components only",
    ] {
        assert!(text.contains(expected), "\"{expected}\" in\n{text}");
    }
    // The grade and score tiles.
    assert!(text.contains("Grade") && text.contains("77.5"), "{text}");

    assert_eq!(
        words(line_starting(&text, "On time   ")),
        ["On", "time", "on-time", "rate", "×", "100", "30%", "50.0", "15.0"]
    );
    assert_eq!(
        words(line_starting(&text, "Price   ")),
        ["Price", "100", "−", "5", "per", "percent", "above", "the", "quoted", "price", "15%", "not", "measured"]
    );
    assert_eq!(words(line_starting(&text, "Score   ")), ["Score", "100%", "77.5"]);

    assert!(text.contains("OTIF %") && text.contains("On time %"), "the trend chart's legend");
    // The month table's rows (the chart's axis labels come first and hold no percentages).
    let month_row = |month: &str| {
        let row = text.lines().find(|l| l.trim_start().starts_with(month) && words(l).len() == 6);
        words(row.unwrap_or_else(|| panic!("no row for {month} in\n{text}")))
    };
    assert_eq!(month_row("2026-01"), ["2026-01", "2", "100.0%", "100.0%", "100.0%", "100.0"]);
    assert_eq!(month_row("2026-02"), ["2026-02", "0", "—", "—", "—", "—"]);

    assert!(text.contains("Late or short lines (2)"), "{text}");
    assert_eq!(
        words(line_starting(&text, "PO-000017")),
        [
            "PO-000017",
            "1",
            "KB-01",
            "USB",
            "keyboard",
            "10",
            "10",
            "0",
            "2026-03-02",
            "2026-03-06",
            "2026-03-06",
            "4",
            "late"
        ]
    );
    assert_eq!(
        words(line_starting(&text, "PO-000018")),
        [
            "PO-000018",
            "1",
            "Latitude",
            "5440",
            "5",
            "0",
            "0",
            "2026-03-10",
            "—",
            "—",
            "10",
            "not",
            "delivered,",
            "late"
        ]
    );
}

#[test]
fn a_supplier_with_nothing_due_gets_no_score_and_says_why() {
    let input = ScorecardReport {
        score: None,
        grade: None,
        lines_due: 0,
        lines_delivered: 0,
        lines_on_time: 0,
        lines_in_full: 0,
        lines_otif: 0,
        lines: vec![],
        lines_total: 0,
        ..scorecard_input()
    };
    let text = read_back(&scorecard::render(&input), "scorecard-empty").join("\n");
    assert!(
        text.contains("No purchase order line of Łódź Components Sp. z o.o. was due between 2026-01-01 and 2026-03-31"),
        "{text}"
    );
    assert!(text.contains("On time: not measured (no lines due)"));
    assert!(text.contains("Late or short lines (0)") && text.contains("None: every line due was delivered complete"));
}

#[test]
fn the_consignment_statement_pdf_totals_per_currency_and_lists_every_movement() {
    let item = |sku: &str, name: &str, quantity: i64, price: Option<i64>, source: &str| ConsignmentItem {
        sku: sku.into(),
        name: name.into(),
        unit: "each".into(),
        quantity,
        unit_price_minor: price,
        currency: price.map(|_| "EUR".to_string()),
        value_minor: price.map(|p| p * quantity),
        price_source: source.into(),
    };
    let movement = |date: &str, sku: &str, kind: &str, quantity: i64, whom: &str| ConsignmentMovement {
        date: date.into(),
        sku: sku.into(),
        name: String::new(),
        kind: kind.into(),
        quantity,
        location: "London HQ › IT Store".into(),
        issued_to: whom.into(),
        reference: "REQ-1".into(),
    };
    let input = ConsignmentReport {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-04-01 09:00 UTC".into(),
        supplier: "CDW".into(),
        from: "2026-03-01".into(),
        to: "2026-03-31".into(),
        items: vec![
            item("CB-03", "USB-C cable", 1, None, "unknown"),
            item("KB-01", "USB keyboard", 4, Some(1850), "offer"),
            item("MS-02", "Mouse", 1, Some(725), "last receipt"),
        ],
        movements: vec![
            movement("2026-03-01", "KB-01", "issue", 3, "Zoë Müller, Finance"),
            movement("2026-03-10", "CB-03", "issue", 1, "Ops"),
            movement("2026-03-15", "MS-02", "issue", 1, "CC-4100"),
            movement("2026-03-31", "KB-01", "dispose", 1, "disposed: dead on arrival"),
        ],
    };
    let text = read_back(&consignment::render(&input), "consignment").join("\n");
    assert!(text.contains("Consignment usage — CDW") && text.contains("Period: 2026-03-01 to 2026-03-31"), "{text}");
    assert!(text.contains("€81.25"), "the value tile: {text}");
    assert!(text.contains("Items with no price are valued in no total."));
    assert_eq!(
        words(line_starting(&text, "KB-01   ")),
        ["KB-01", "USB", "keyboard", "each", "4", "€18.50", "offer", "€74.00"]
    );
    assert_eq!(
        words(line_starting(&text, "CB-03   ")),
        ["CB-03", "USB-C", "cable", "each", "1", "price", "unknown", "unknown", "price", "unknown"]
    );
    assert_eq!(words(line_starting(&text, "Total")), ["Total", "6", "€81.25"]);
    assert!(text.contains("Issues and disposals (4)"));
    assert_eq!(
        words(line_starting(&text, "2026-03-31")),
        [
            "2026-03-31",
            "KB-01",
            "dispose",
            "1",
            "London",
            "HQ",
            "›",
            "IT",
            "Store",
            "disposed:",
            "dead",
            "on",
            "arrival",
            "REQ-1"
        ]
    );
}
