//! Reports as a reader gets them: rendered to PDF, read back with pdftotext, page 1
//! rasterised to target/print-reports/ to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;

use tagledger_print::reports::audit::{self, AuditLine, AuditResult};
use tagledger_print::reports::register::{self, RegisterReport, RegisterRow};

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/print-reports");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The PDF's text, pages separated by form feeds.
fn text_of(pdf: &[u8], name: &str) -> String {
    let path = out_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let png = out_dir().join(name);
    let status = Command::new("pdftoppm")
        .args(["-r", "70", "-png", "-f", "1", "-l", "2"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm (apt-get install poppler-utils)");
    assert!(status.success());
    let out = Command::new("pdftotext").args(["-layout"]).arg(&path).arg("-").output().expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

const PEOPLE: [&str; 4] = ["Zoë Müller", "Łukasz Żółć", "José Núñez", ""];
const CATEGORIES: [&str; 3] = ["Laptops", "Monitors", "Docking stations"];

fn rows(n: usize) -> Vec<RegisterRow> {
    (0..n)
        .map(|i| RegisterRow {
            tag: format!("AT-{:06}", i + 1),
            name: if i == 7 {
                "A very long asset name that will not fit in its column and has to wrap onto more lines".into()
            } else {
                format!("Asset {}", i + 1)
            },
            model: "Latitude 5440".into(),
            category: CATEGORIES[i % 3].into(),
            location: "London HQ › North Tower › IT Store".into(),
            status: "Deployed".into(),
            assignee: PEOPLE[i % 4].into(),
            cost: Some((10_000 * (i as i64 % 3 + 1), "EUR".into())),
        })
        .collect()
}

#[test]
fn a_10000_row_register_report_has_numbered_pages_repeated_headers_and_right_totals() {
    let data = RegisterReport {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-11-25 10:00 UTC".into(),
        filters: vec![("Filter".into(), "All assets".into())],
        rows: rows(10_000),
    };
    let started = std::time::Instant::now();
    let pdf = register::render(&data);
    eprintln!("10,000-row register report: {:.2} s, {} KB", started.elapsed().as_secs_f64(), pdf.len() / 1024);
    let text = text_of(&pdf, "register-10k");
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let n = pages.len();
    assert!(n > 100, "{n} pages");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {n}", i + 1)), "page {} is numbered", i + 1);
    }
    // The asset table's header repeats on every page it runs over.
    let with_header = pages.iter().filter(|p| p.contains("Tag") && p.contains("Assigned to")).count();
    assert!(with_header >= n - 2, "{with_header} of {n} pages have the table header");
    assert!(text.contains("10,000"));
    // 3,334 laptops (i % 3 == 0) at €100, 3,333 monitors at €200, 3,333 docks at €300.
    let laptops = text.lines().find(|l| l.trim_start().starts_with("Laptops") && l.contains('€')).unwrap();
    assert!(laptops.contains("3,334") && laptops.contains("€333,400.00"), "{laptops}");
    assert!(text.contains("€2,000,000.00") || text.contains("€1,999,900.00"), "grand total");
    for name in ["Zoë Müller", "Łukasz Żółć", "José Núñez"] {
        assert!(text.contains(name), "{name} prints as written");
    }
    assert!(text.contains("A very long asset name"), "wrapped names keep their start");
}

#[test]
fn an_empty_register_report_says_so() {
    let data = RegisterReport {
        organisation: "Org".into(),
        generated_at: "now".into(),
        filters: vec![("Status".into(), "Lost or stolen".into())],
        rows: vec![],
    };
    let text = text_of(&register::render(&data), "register-empty");
    assert!(text.contains("No assets match this filter."));
    assert!(text.contains("Status: Lost or stolen"));
    assert!(text.contains("Page 1 of 1"));
}

#[test]
fn the_audit_report_shows_scope_counts_lists_and_sign_off() {
    let line = |tag: &str, expected: &str, found: &str| AuditLine {
        tag: tag.into(),
        name: format!("Laptop {tag}"),
        expected_location: expected.into(),
        found_location: found.into(),
        note: String::new(),
    };
    let audit = AuditResult {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-11-25 10:00 UTC".into(),
        scope: "London HQ › North Tower; Laptops".into(),
        auditor: "Łukasz Żółć".into(),
        started: "2026-11-24".into(),
        closed: Some("2026-11-25".into()),
        found: (1..=12).map(|i| line(&format!("AT-{i:06}"), "IT Store", "IT Store")).collect(),
        moved: vec![line("AT-000100", "IT Store", "Floor 3")],
        missing: vec![line("AT-000200", "IT Store", ""), line("AT-000201", "IT Store", "")],
        unexpected: vec![],
    };
    let text = text_of(&audit::render(&audit), "audit");
    assert!(text.contains("Physical audit"));
    assert!(text.contains("Scope: London HQ › North Tower; Laptops"));
    assert!(text.contains("Auditor: Łukasz Żółć"));
    for heading in ["Found (12)", "Moved (1)", "Missing (2)", "Unexpected (0)"] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("AT-000100") && text.contains("Floor 3"));
    assert!(text.contains("None."), "an empty outcome says so");
    assert!(text.contains("IT asset manager") && text.contains("Signature"));
}
