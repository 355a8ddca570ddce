//! The purchase order PDF as the supplier reads it: rendered, then read back with
//! `pdftotext -layout`.

use std::process::Command;

use tagledger_print::reports::purchase_order::{self, PurchaseOrderReport, PurchaseOrderReportLine};

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("po.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

fn line_starting<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no line \"{start}\" in\n{text}"))
}

/// The words of a line, however pdftotext spaced the columns.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

#[test]
fn the_order_shows_parties_lines_charges_total_notes_and_the_approver() {
    let order = PurchaseOrderReport {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-03-02 09:00 UTC".into(),
        number: "PO-000042".into(),
        status: "Sent".into(),
        supplier: "Büroservice Kraków".into(),
        supplier_contact: vec!["Łukasz Żółć".into(), "orders@example.pl".into()],
        deliver_to: "London HQ › North Tower › IT Store".into(),
        ordered_on: Some("2026-03-02".into()),
        currency: "EUR".into(),
        lines: vec![
            PurchaseOrderReportLine {
                line_no: 1,
                sku_or_model: "KB-01".into(),
                description: "USB keyboard".into(),
                quantity: 1_000,
                unit_price_minor: 1_999,
                promised_on: Some("2026-03-09".into()),
                line_total_minor: 1_999_000,
                cancelled: false,
            },
            PurchaseOrderReportLine {
                line_no: 2,
                sku_or_model: "Latitude 5440".into(),
                description: "Laptop".into(),
                quantity: 3,
                unit_price_minor: 129_900,
                promised_on: None,
                line_total_minor: 389_700,
                cancelled: false,
            },
        ],
        // 1,999,000 + 389,700 = 2,388,700; + 2,500 + 150 = 2,391,350.
        goods_total_minor: 2_388_700,
        freight_minor: 2_500,
        other_charges_minor: 150,
        total_minor: 2_391_350,
        notes: "Deliver to the loading bay before noon.".into(),
        approved_by: Some("Zoë Müller".into()),
    };
    let text = pdf_text(&purchase_order::render(&order));
    for expected in [
        "Northwind Trading Ltd",
        "Purchase order PO-000042",
        "Ordered on: 2026-03-02",
        "Büroservice Kraków",
        "Łukasz Żółć",
        "London HQ › North Tower › IT Store",
        "Deliver to the loading bay before noon.",
        "Approved in Tagledger by Zoë Müller.",
        "Approved by",
        "Signature",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(
        words(line_starting(&text, "Line ")),
        ["Line", "SKU", "/", "model", "Description", "Qty", "Unit", "price", "Promised", "Line", "total"]
    );
    assert_eq!(
        words(line_starting(&text, "1 ")),
        ["1", "KB-01", "USB", "keyboard", "1,000", "€19.99", "2026-03-09", "€19,990.00"]
    );
    assert_eq!(words(line_starting(&text, "2 ")), ["2", "Latitude", "5440", "Laptop", "3", "€1,299.00", "€3,897.00"]);
    assert_eq!(words(line_starting(&text, "Goods total")), ["Goods", "total", "€23,887.00"]);
    assert_eq!(words(line_starting(&text, "Freight")), ["Freight", "€25.00"]);
    assert_eq!(words(line_starting(&text, "Other charges")), ["Other", "charges", "€1.50"]);
    assert_eq!(words(line_starting(&text, "Total")), ["Total", "€23,913.50"]);
}
