//! The policy document as a reader gets it: rendered to PDF and read back with
//! `pdftotext -layout` (poppler-utils).

use std::process::Command;

use tagledger_print::report::Block;
use tagledger_print::reports::policy::{
    self, CountingLine, Figure, GoalLine, PolicyReport, RaciLine, ReorderLine, SupplierLine, TextSection,
};

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The words of the line that starts with `start`, so column spacing does not matter.
fn words_of(text: &str, start: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line \"{start}\" in\n{text}"));
    line.split_whitespace().map(str::to_string).collect()
}

fn raci(activity: &str, duties: [&str; 5]) -> RaciLine {
    RaciLine { activity: activity.into(), duties: duties.iter().map(|d| d.to_string()).collect() }
}

fn version_1() -> PolicyReport {
    PolicyReport {
        organisation: "Northwind".into(),
        generated_at: "2026-03-01 10:00 UTC".into(),
        version: 1,
        effective_date: "2026-04-01".into(),
        approver: "Dana Ops".into(),
        roles: ["IT manager", "Stores clerk", "Service desk", "Finance", "Procurement"].map(String::from).to_vec(),
        raci: vec![
            raci("Ordering", ["A", "C", "I", "C", "R"]),
            raci("Receiving", ["I", "R", "", "I", "A"]),
            raci("Issuing", ["A", "R", "R", "", ""]),
            raci("Counting", ["A", "R", "", "I", ""]),
            raci("Disposal", ["A", "R", "C", "I", ""]),
            raci("Policy review", ["A", "C", "C", "C", "R"]),
        ],
        goals: vec![GoalLine {
            category: "Toner & ink".into(),
            fill_rate: "97.5%".into(),
            max_stockouts: "2".into(),
            turns: "6".into(),
            days_of_cover: "14–45".into(),
            max_age: "365 days".into(),
        }],
        classification: "ABC by annual consumption value: A up to 80%.".into(),
        classes: vec![Figure::new("A items", "12"), Figure::new("B items", "20")],
        classes_as_of: "2026-03-01".into(),
        reorder_method: "Safety stock = z × σ(daily demand) × √(lead time in days).".into(),
        reorder: vec![ReorderLine {
            category: "Toner & ink".into(),
            items: 8,
            items_with_rules: 6,
            rules: 7,
            service_level: "95%".into(),
        }],
        suppliers: vec![SupplierLine {
            category: "Toner & ink".into(),
            supplier: "Acme Supplies".into(),
            items_offered: 8,
            preferred_items: 5,
            grade: "B".into(),
            score: "82.5".into(),
        }],
        counting: vec![CountingLine { class: "A".into(), every: "every 30 days".into(), items: 12 }],
        costs: vec![Figure::new("Default holding rate", "25% of stock value a year")],
        protocols: vec![TextSection { title: "Receiving".into(), body: "Scan every delivery in.".into() }],
        sections: vec![TextSection { title: "Scope".into(), body: "All IT stock rooms.".into() }],
        previous_version: None,
        changes: vec![],
    }
}

#[test]
fn the_policy_prints_its_version_goals_and_raci_table() {
    let input = version_1();
    let text = pdftotext(&policy::render(&input));
    assert!(text.contains("Inventory management policy — version 1"), "{text}");
    for (label, value) in [("Effective", "2026-04-01"), ("Approved by", "Dana Ops")] {
        assert!(text.contains(label) && text.contains(value), "{label} {value} in\n{text}");
    }
    assert_eq!(words_of(&text, "Receiving  "), ["Receiving", "I", "R", "I", "A"]);
    assert_eq!(words_of(&text, "Policy review"), ["Policy", "review", "A", "C", "C", "C", "R"]);
    assert_eq!(words_of(&text, "Toner & ink  "), ["Toner", "&", "ink", "97.5%", "2", "6", "14–45", "365", "days"]);
    assert!(text.contains("Acme Supplies"));
    assert!(text.contains("every 30 days"));
    assert!(text.contains("9. Scope"));
    assert!(text.contains("This is the first version of the policy."));
    assert!(!text.contains("Changes since"));
}

#[test]
fn a_later_version_lists_its_changes_last() {
    let mut input = version_1();
    input.version = 2;
    input.previous_version = Some(1);
    input.changes = vec![
        "Goals · Toner & ink: max stockouts per quarter 2 → 1".into(),
        "Sections · Section added: Security".into(),
    ];
    let report = policy::build(&input);
    assert_eq!(report.blocks.iter().rev().nth(1), Some(&Block::Heading("Changes since version 1".into())));
    let text = pdftotext(&policy::render(&input));
    assert!(text.contains("Changes since version 1"), "{text}");
    assert!(text.contains("Goals · Toner & ink: max stockouts per quarter 2 → 1"), "{text}");
    assert!(text.contains("Sections · Section added: Security"), "{text}");
    assert!(!text.contains("first version"));
    if let Ok(dir) = std::env::var("POLICY_PDF_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("policy-v2.pdf"), policy::render(&input)).unwrap();
    }
}
