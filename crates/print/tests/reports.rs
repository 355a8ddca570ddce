//! The register and audit reports as a reader gets them: rendered to PDF, read back with
//! `pdftotext -layout`, and the first pages rasterised with pdftoppm into
//! target/print-preview/ to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;

use tagledger_print::reports::audit::{self, AuditLine, AuditResult};
use tagledger_print::reports::register::{self, RegisterReport, RegisterRow};

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// The PDF's text as `pdftotext -layout` reads it, one string per page. Pages `first` to
/// `last` are also rasterised at 80 dpi to target/print-preview/`name`-N.png.
fn read_back(pdf: &[u8], name: &str, first: usize, last: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let path = path.to_str().unwrap();

    let preview = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/print-preview");
    std::fs::create_dir_all(&preview).unwrap();
    let prefix: PathBuf = dir.path().join("page");
    let (f, l) = (first.to_string(), last.to_string());
    run("pdftoppm", &["-r", "80", "-png", "-f", &f, "-l", &l, path, prefix.to_str().unwrap()]);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap().path();
        let file = entry.file_name().unwrap().to_string_lossy().into_owned();
        // pdftoppm pads the page number to the width of the page count: page-001.png.
        if let Some(number) = file.strip_prefix("page-").and_then(|f| f.strip_suffix(".png")) {
            let number: usize = number.parse().unwrap();
            std::fs::copy(&entry, preview.join(format!("{name}-{number}.png"))).unwrap();
        }
    }

    let text = run("pdftotext", &["-layout", path, "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

const PEOPLE: [&str; 4] = ["Zoë Müller", "Łukasz Żółć", "José Núñez", ""];
const LOCATIONS: [&str; 3] = ["London HQ › North Tower › IT Store", "Kraków office", "Remote"];

/// Seven rows in every seven: three laptops (€1,299.00), two monitors (€249.50), a phone
/// (£799.00) and a docking station with no cost.
fn register_rows(n: usize) -> Vec<RegisterRow> {
    (0..n)
        .map(|i| {
            let (category, model, cost) = match i % 7 {
                0..=2 => ("Laptop", "ThinkPad T14 Gen 4", Some((129_900, "EUR"))),
                3 | 4 => ("Monitor", "Dell UltraSharp U2723QE", Some((24_950, "EUR"))),
                5 => ("Phone", "iPhone 15", Some((79_900, "GBP"))),
                _ => ("Docking station", "ThinkPad Universal USB-C Dock", None),
            };
            RegisterRow {
                tag: format!("AT-{:06}", i + 1),
                name: if i % 97 == 7 {
                    "Spare laptop kept for new starters in the second floor cupboard, with charger and bag".into()
                } else {
                    format!("{category} {}", i + 1)
                },
                model: model.into(),
                category: category.into(),
                location: LOCATIONS[i % 3].into(),
                status: if i % 11 == 0 { "In stock".into() } else { "Deployed".into() },
                assignee: PEOPLE[i % 4].into(),
                cost: cost.map(|(minor, currency)| (minor, currency.to_string())),
            }
        })
        .collect()
}

/// The text between two headings (or to the end).
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("no \"{from}\""));
    let rest = &text[start..];
    rest.find(to).map_or(rest, |end| &rest[..end])
}

fn line_starting<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no line \"{start}\" in\n{text}"))
}

#[test]
fn a_10000_row_register_has_numbered_pages_repeated_headers_and_right_totals() {
    let data = RegisterReport {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-11-25 14:03 UTC".into(),
        filters: vec![("Status".into(), "Any".into()), ("Location".into(), "All locations".into())],
        rows: register_rows(10_000),
    };
    let started = std::time::Instant::now();
    let pdf = register::render(&data);
    eprintln!(
        "10,000-row register: laid out and rendered in {:.2} s, {} KB",
        started.elapsed().as_secs_f64(),
        pdf.len() / 1024
    );
    let pages = read_back(&pdf, "register", 1, 3);
    let n = pages.len();
    assert!(n > 1, "{n} pages");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {n}", i + 1)), "page {} of {n} is numbered:\n{page}", i + 1);
        assert!(page.contains("Asset register") && page.contains("Northwind Trading Ltd"), "header on page {}", i + 1);
        assert!(page.contains("Generated 2026-11-25 14:03 UTC"), "generation time on page {}", i + 1);
    }
    // The asset table's header row is repeated on every page the table runs over.
    let table_pages: Vec<&String> = pages.iter().filter(|p| p.contains("AT-0")).collect();
    assert!(table_pages.len() > 100, "{} pages of assets", table_pages.len());
    for page in &table_pages {
        let header = line_starting(page, "Tag");
        assert!(header.contains("Name") && header.contains("Assigned to") && header.contains("Cost"), "{header}");
    }

    let text = pages.join("\n");
    assert!(text.contains("Status: Any"), "filters under the title");
    assert!(text.contains("10,000"), "the asset count");
    assert!(text.contains("€6,281,634.50") && text.contains("£1,140,972.00"), "totals per currency");

    // 10,000 = 7 × 1,428 + 4: rows 0–3 of each seven appear 1,429 times, 4–6 1,428 times.
    let by_category = section(&text, "By category", "By location");
    let laptops = line_starting(by_category, "Laptop");
    for expected in ["4,287", "42.9%", "€5,568,813.00"] {
        assert!(laptops.contains(expected), "{expected} in {laptops}");
    }
    let monitors = line_starting(by_category, "Monitor");
    for expected in ["2,857", "28.6%", "€712,821.50"] {
        assert!(monitors.contains(expected), "{expected} in {monitors}");
    }
    let phones = line_starting(by_category, "Phone");
    assert!(phones.contains("1,428") && phones.contains("£1,140,972.00"), "{phones}");
    assert!(line_starting(by_category, "Docking station").contains("1,428"));
    // Largest first; equal counts by name.
    let order: Vec<usize> =
        ["Laptop", "Monitor", "Docking station", "Phone"].iter().map(|c| by_category.find(c).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "sorted by count: {by_category}");
    let totals = line_starting(by_category, "Total");
    assert!(totals.contains("10,000") && totals.contains("€6,281,634.50"), "{totals}");

    let by_location = section(&text, "By location", "Assets (10,000)");
    assert!(line_starting(by_location, "London HQ › North Tower › IT Store").contains("3,334"));
    assert!(line_starting(by_location, "Kraków office").contains("3,333"));

    for name in ["Zoë Müller", "Łukasz Żółć", "José Núñez", "London HQ › North Tower › IT Store"] {
        assert!(text.contains(name), "{name} comes back out exactly");
    }
    assert!(text.contains("Spare laptop kept for"), "a wrapped name keeps its start");
    assert!(text.contains("AT-000001") && text.contains("AT-010000"), "first and last rows");
}

#[test]
fn an_empty_register_says_no_assets_match() {
    let data = RegisterReport {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-11-25 14:03 UTC".into(),
        filters: vec![("Status".into(), "Lost or stolen".into()), ("Location".into(), "Kraków office".into())],
        rows: vec![],
    };
    let pages = read_back(&register::render(&data), "register-empty", 1, 1);
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("No assets match this filter."), "{}", pages[0]);
    assert!(pages[0].contains("Status: Lost or stolen") && pages[0].contains("Location: Kraków office"));
    assert!(pages[0].contains("Page 1 of 1"));
}

fn audit_line(i: usize, expected: &str, found: &str, note: &str) -> AuditLine {
    AuditLine {
        tag: format!("AT-{i:06}"),
        name: format!("ThinkPad T14 Gen 4 #{i}"),
        expected_location: expected.into(),
        found_location: found.into(),
        note: note.into(),
    }
}

#[test]
fn the_audit_report_shows_scope_auditor_counts_and_sign_off() {
    let store = "London HQ › North Tower › IT Store";
    let audit = AuditResult {
        organisation: "Northwind Trading Ltd".into(),
        generated_at: "2026-11-25 14:03 UTC".into(),
        scope: "London HQ › North Tower; Laptops, Monitors".into(),
        auditor: "Łukasz Żółć".into(),
        started: "2026-11-24 09:00".into(),
        closed: Some("2026-11-25 13:40".into()),
        found: (1..=17).map(|i| audit_line(i, store, store, "")).collect(),
        moved: (100..103).map(|i| audit_line(i, store, "Floor 3, meeting room Zoë Müller booked", "")).collect(),
        missing: vec![
            audit_line(200, store, "", "Last assigned to José Núñez; asked by email on 2026-11-24"),
            audit_line(201, store, "", ""),
        ],
        unexpected: vec![],
    };
    let pages = read_back(&audit::render(&audit), "audit", 1, 2);
    let text = pages.join("\n");
    let n = pages.len();
    assert!(text.contains("Physical audit"));
    assert!(text.contains("London HQ › North Tower; Laptops, Monitors"), "the scope");
    assert!(text.contains("Łukasz Żółć"), "the auditor");
    assert!(text.contains("2026-11-24 09:00") && text.contains("2026-11-25 13:40"), "the dates");
    for heading in ["Found (17)", "Moved (3)", "Missing (2)", "Unexpected (0)"] {
        assert!(text.contains(heading), "{heading}");
    }
    for (label, count) in [("Found", "17"), ("Moved", "3"), ("Missing", "2"), ("Unexpected", "0")] {
        let bar = line_starting(section(&text, "Outcome", "Missing ("), label);
        assert!(bar.contains(count), "{label} {count}: {bar}");
    }
    assert!(text.contains("AT-000101") && text.contains("Floor 3"), "a moved asset and where it was found");
    assert!(text.contains("Last assigned to José Núñez"), "notes");
    assert!(text.contains("None."), "an empty outcome says so");
    let sign_off = section(&text, "Sign-off", "Page ");
    for label in ["Auditor", "IT asset manager", "Name", "Signature", "Date"] {
        assert!(sign_off.contains(label), "{label} in the sign-off:\n{sign_off}");
    }
    assert!(pages[n - 1].contains(&format!("Page {n} of {n}")));
}

#[test]
fn the_handover_receipt_names_the_recipient_the_equipment_and_both_signatures() {
    use tagledger_print::reports::handover::{self, HandoverItem, HandoverReceipt};
    let receipt = HandoverReceipt {
        organisation: "Example Ltd".into(),
        generated_at: "2026-11-25 10:00 UTC".into(),
        recipient: "Zoë Müller".into(),
        checked_out_on: "2026-11-25".into(),
        expected_return_on: Some("2027-11-24".into()),
        handed_over_by: "it-desk".into(),
        note: "New starter kit".into(),
        items: vec![HandoverItem {
            tag: "LAP-0042".into(),
            name: "Zoë's laptop".into(),
            model: "Latitude 5440".into(),
            serial: "SN-123".into(),
        }],
    };
    let pages = read_back(&handover::render(&receipt), "handover", 1, 1);
    assert_eq!(pages.len(), 1);
    let text = &pages[0];
    for expected in [
        "Equipment hand-over receipt",
        "Zoë Müller",
        "2027-11-24",
        "LAP-0042",
        "Latitude 5440",
        "SN-123",
        "New starter kit",
        "Received by",
        "Handed over by",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}
