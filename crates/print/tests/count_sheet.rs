//! The count sheet as a counter gets it: read back with pdftotext.

use std::process::Command;

use tagledger_print::reports::count_sheet::{self, CountSheet, CountSheetLine};

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn sheet(blind: bool) -> CountSheet {
    CountSheet {
        organisation: "Northwind".into(),
        generated_at: "2026-12-01 10:00 UTC".into(),
        location: "London HQ › North Tower › IT Store".into(),
        blind,
        lines: vec![
            CountSheetLine {
                sku: "KB-01".into(),
                name: "USB keyboard".into(),
                unit: "each".into(),
                barcode: "5012345678900".into(),
                owner: "Ours".into(),
                expected: 17,
            },
            CountSheetLine {
                sku: "TNR-59A".into(),
                name: "HP 59A toner".into(),
                unit: "each".into(),
                barcode: String::new(),
                owner: "CDW".into(),
                expected: 4,
            },
        ],
    }
}

#[test]
fn the_sheet_lists_every_line_with_a_blank_to_count_into() {
    let text = pdf_text(&count_sheet::render(&sheet(false)));
    assert!(text.contains("Stock count sheet"), "{text}");
    assert!(text.contains("IT Store"), "{text}");
    let keyboard = text.lines().find(|l| l.contains("KB-01")).expect("keyboard line");
    assert!(keyboard.contains("5012345678900") && keyboard.contains("17") && keyboard.contains("____"), "{keyboard}");
    let toner = text.lines().find(|l| l.contains("TNR-59A")).expect("toner line");
    assert!(toner.contains("CDW") && toner.contains(" 4 "), "{toner}");
    assert!(text.contains("Counted by") && text.contains("Checked by"), "{text}");
}

#[test]
fn a_blind_sheet_leaves_the_expected_quantity_out() {
    let text = pdf_text(&count_sheet::render(&sheet(true)));
    assert!(!text.contains("Expected"), "{text}");
    let keyboard = text.lines().find(|l| l.contains("KB-01")).expect("keyboard line");
    assert!(!keyboard.contains("17"), "{keyboard}");
    assert!(text.contains("blind count"), "{text}");
}
