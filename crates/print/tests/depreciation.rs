//! The depreciation report as a reader gets it: rendered to PDF and read back with
//! `pdftotext -layout` (poppler-utils).

use std::process::Command;

use tagledger_print::reports::depreciation::{self, DepreciationAssetRow, DepreciationCategoryRow, DepreciationReport};

fn pdftotext(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("depreciation.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn line_starting<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no line \"{start}\" in\n{text}"))
}

/// The text from one heading to the next (or to the end).
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("no \"{from}\""));
    let rest = &text[start..];
    rest.find(to).map_or(rest, |end| &rest[..end])
}

/// 1,200 laptops (£1,200.00, 12 months into 36, 10% salvage: £360.00 depreciated each),
/// 300 monitors not depreciated (€249.50) and 100 phones in euros on double declining.
fn data() -> DepreciationReport {
    let category = |category: &str, method: &str, life: &str, assets: i64, currency: &str, cost: i64, acc: i64| {
        DepreciationCategoryRow {
            category: category.into(),
            method: method.into(),
            useful_life: life.into(),
            assets,
            currency: currency.into(),
            cost_minor: cost * assets,
            accumulated_minor: acc * assets,
            book_value_minor: (cost - acc) * assets,
        }
    };
    let mut assets = Vec::new();
    let mut push = |n: usize, prefix: &str, category: &str, currency: &str, cost: i64, acc: i64| {
        for i in 0..n {
            assets.push(DepreciationAssetRow {
                tag: format!("{prefix}-{:05}", i + 1),
                name: format!("{category} {}", i + 1),
                category: category.into(),
                purchase_date: "2025-01-15".into(),
                cost_minor: cost,
                currency: currency.into(),
                accumulated_minor: acc,
                book_value_minor: cost - acc,
            });
        }
    };
    push(1_200, "LT", "Laptops", "GBP", 120_000, 36_000);
    push(300, "MN", "Monitors", "EUR", 24_950, 0);
    push(100, "PH", "Phones", "EUR", 79_900, 52_381);
    DepreciationReport {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-01-02 09:00 UTC".into(),
        at: "2025-12-31".into(),
        categories: vec![
            category("Laptops", "Straight-line", "36 months", 1_200, "GBP", 120_000, 36_000),
            category("Monitors", "Not depreciated", "", 300, "EUR", 24_950, 0),
            category("Phones", "Declining balance (200%)", "24 months", 100, "EUR", 79_900, 52_381),
        ],
        assets,
    }
}

#[test]
fn the_report_shows_figures_and_totals_per_currency() {
    let data = data();
    let pdf = depreciation::render(&data);
    if let Ok(path) = std::env::var("TAGLEDGER_DEPRECIATION_PDF") {
        std::fs::write(path, &pdf).unwrap();
    }
    let pages = pdftotext(&pdf);
    let n = pages.len();
    assert!(n > 10, "{n} pages");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {n}", i + 1)), "page {} is numbered", i + 1);
        assert!(page.contains("Depreciation") && page.contains("Northwind Trading Ltd"));
    }
    let text = pages.join("\n");
    assert!(text.contains("Book value at: 2025-12-31"), "the date under the title");

    // Summary tiles: GBP 1,200 × 1,200.00 = 1,440,000.00, 432,000.00 depreciated; EUR
    // 300 × 249.50 + 100 × 799.00 = 154,750.00, 52,381.00 depreciated.
    for figure in ["£1,440,000.00", "£432,000.00", "£1,008,000.00", "€154,750.00", "€52,381.00", "€102,369.00"]
    {
        assert!(pages[0].contains(figure), "{figure} on the first page:\n{}", pages[0]);
    }
    assert!(pages[0].contains("1,600"), "the asset count");

    let by_category = section(&text, "By category", "Assets (1,600)");
    let laptops = line_starting(by_category, "Laptops");
    for expected in ["Straight-line", "36 months", "1,200", "£1,440,000.00", "£432,000.00", "£1,008,000.00"] {
        assert!(laptops.contains(expected), "{expected} in {laptops}");
    }
    let phones = line_starting(by_category, "Phones");
    for expected in ["Declining balance (200%)", "24 months", "100", "€79,900.00", "€52,381.00", "€27,519.00"] {
        assert!(phones.contains(expected), "{expected} in {phones}");
    }
    let total = line_starting(by_category, "Total");
    for expected in ["1,600", "€154,750.00", "€52,381.00", "€102,369.00"] {
        assert!(total.contains(expected), "{expected} in {total}");
    }
    // The second currency's totals are on the line under the first.
    let after_total = by_category.split(total).nth(1).unwrap();
    for expected in ["£1,440,000.00", "£432,000.00", "£1,008,000.00"] {
        assert!(after_total.contains(expected), "{expected} under {total}");
    }

    // Every asset is listed once, and the list ends with its totals.
    let asset_list = &text[text.find("Assets (1,600)").unwrap()..];
    for tag in ["LT-00001", "LT-01200", "MN-00300", "PH-00100"] {
        assert_eq!(asset_list.matches(tag).count(), 1, "{tag}");
    }
    let phone = line_starting(asset_list, "PH-00042");
    for expected in ["Phones 42", "Phones", "2025-01-15", "€799.00", "€523.81", "€275.19"] {
        assert!(phone.contains(expected), "{expected} in {phone}");
    }
    let total = line_starting(asset_list, "Total");
    assert!(total.contains("1,600 assets") && total.contains("€102,369.00"), "{total}");
    assert!(!text.contains("The first"), "not capped");
}

#[test]
fn a_capped_list_says_how_many_assets_it_leaves_out() {
    let mut data = data();
    data.assets.truncate(1_000);
    let text = pdftotext(&depreciation::render(&data)).join("\n");
    assert!(
        text.contains(
            "The first 1,000 of 1,600 assets are listed, by category and tag; the totals above include them all."
        ),
        "{}",
        &text[..text.len().min(4000)]
    );
    assert!(!text.contains("1,000 assets"), "no totals row for a partial list");
}

#[test]
fn an_empty_report_says_there_is_nothing_to_depreciate() {
    let data = DepreciationReport { categories: vec![], assets: vec![], ..data() };
    let text = pdftotext(&depreciation::render(&data)).join("\n");
    assert!(text.contains("No assets with a purchase cost and a purchase date on or before 2025-12-31."), "{text}");
}
