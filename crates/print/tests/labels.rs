//! Labels on paper: every built-in template is rendered to PDF, rasterised with
//! pdftoppm as a printer would, cut into single labels and decoded with zbarimg. Every
//! Code 128 and every QR code must read back as the tag printed in that position.
//! The PNGs stay in target/print-labels/ to be looked at.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use tagledger_print::labels::{self, built_in, LabelData, LabelFields, LabelOptions, LabelTemplate};
use tagledger_print::{zpl, Error};

fn artifacts(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/print-labels").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (apt-get install poppler-utils zbar-tools imagemagick)"));
    // zbarimg exits 4 when it finds nothing: that is a result, not a failure.
    assert!(
        out.status.success() || program == "zbarimg",
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn options(fields: LabelFields) -> LabelOptions {
    LabelOptions {
        fields,
        qr_pattern: "https://assets.example.org/a/{tag}".into(),
        skip: 0,
        copies: 1,
        organisation: "Northwind Trading Ltd".into(),
    }
}

fn assets(n: usize) -> Vec<LabelData> {
    const NAMES: [&str; 4] =
        ["ThinkPad T14 Gen 4 — Zoë Müller", "Łukasz Żółć's dock", "José Núñez", "Meeting room display"];
    (1..=n).map(|i| LabelData { tag: format!("AT-{i:06}"), name: NAMES[i % NAMES.len()].into() }).collect()
}

/// What zbarimg reads on each label position of page `page`, rendered at `dpi`.
fn decode_positions(pdf: &[u8], template: &LabelTemplate, page: usize, dpi: u32, dir: &Path) -> Vec<BTreeSet<String>> {
    let pdf_path = dir.join("labels.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    let prefix = dir.join(format!("page{page}-{dpi}dpi"));
    let p = page.to_string();
    run(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-png",
            "-f",
            &p,
            "-l",
            &p,
            "-singlefile",
            pdf_path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = prefix.with_extension("png");
    let px = |mm: f32| (mm * dpi as f32 / 25.4).round() as i64;
    // One ImageMagick call cuts every label out of the page (zbarimg misses QR codes
    // when one image holds many of them).
    let mut args: Vec<String> = vec![png.to_string_lossy().into()];
    for position in 0..template.labels_per_page() {
        let (x, y) = template.label_origin(position);
        args.extend([
            "(".into(),
            "-clone".into(),
            "0".into(),
            "-crop".into(),
            format!("{}x{}+{}+{}", px(template.label_width_mm), px(template.label_height_mm), px(x), px(y)),
            "+repage".into(),
            ")".into(),
        ]);
    }
    let pattern = dir.join(format!("label-{page}-{dpi}-%02d.png"));
    args.extend(["-delete".into(), "0".into(), pattern.to_string_lossy().into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run("convert", &args);
    (0..template.labels_per_page())
        .map(|i| {
            let file = dir.join(format!("label-{page}-{dpi}-{i:02}.png"));
            run("zbarimg", &["-q", file.to_str().unwrap()]).lines().map(str::to_string).collect()
        })
        .collect()
}

fn expected(tag: &str, fields: LabelFields) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    if fields.barcode {
        set.insert(format!("CODE-128:{tag}"));
    }
    if fields.qr {
        set.insert(format!("QR-Code:https://assets.example.org/a/{tag}"));
    }
    set
}

fn full_sheet_scans(key: &str) {
    let template = built_in(key).unwrap();
    let dir = artifacts(key);
    let per_page = template.labels_per_page() as usize;
    let labels = assets(per_page + 2);
    let options = options(template.fields);
    let (pdf, warnings) = labels::pdf(&template, &options, &labels).unwrap();
    assert!(warnings.is_empty(), "{key}: {warnings:?}");
    assert!(!String::from_utf8_lossy(&pdf).contains("/Image"), "{key}: labels must be vector, not images");
    let decoded = decode_positions(&pdf, &template, 1, 300, &dir);
    for (i, found) in decoded.iter().enumerate() {
        assert_eq!(found, &expected(&labels[i].tag, template.fields), "{key}, label {} ({})", i + 1, dir.display());
    }
    // The two that did not fit are on page 2, from the first position.
    let decoded = decode_positions(&pdf, &template, 2, 300, &dir);
    assert_eq!(decoded[0], expected(&labels[per_page].tag, template.fields));
    assert_eq!(decoded[1], expected(&labels[per_page + 1].tag, template.fields));
    assert!(decoded[2].is_empty());
}

#[test]
fn avery_l7160_scans() {
    full_sheet_scans("avery-l7160");
}

#[test]
fn avery_l7163_scans() {
    full_sheet_scans("avery-l7163");
}

#[test]
fn avery_5160_scans() {
    full_sheet_scans("avery-5160");
}

#[test]
fn avery_5163_scans() {
    full_sheet_scans("avery-5163");
}

fn thermal_scans(key: &str) {
    let template = built_in(key).unwrap();
    let dir = artifacts(key);
    let labels = assets(3);
    let (pdf, warnings) = labels::pdf(&template, &options(template.fields), &labels).unwrap();
    assert!(warnings.is_empty(), "{key}: {warnings:?}");
    // Label printers print at 203 or 300 dpi; the label must scan at both.
    for dpi in [203, 300] {
        for (page, label) in labels.iter().enumerate() {
            let decoded = decode_positions(&pdf, &template, page + 1, dpi, &dir);
            assert_eq!(decoded, vec![expected(&label.tag, template.fields)], "{key} at {dpi} dpi, page {}", page + 1);
        }
    }
}

#[test]
fn thermal_2x1_scans_at_203_and_300_dpi() {
    thermal_scans("thermal-2x1");
}

#[test]
fn thermal_62x29_scans_at_203_and_300_dpi() {
    thermal_scans("thermal-62x29");
}

#[test]
fn start_position_and_copies_fill_a_partly_used_sheet() {
    let template = built_in("avery-l7160").unwrap();
    let dir = artifacts("skip-and-copies");
    let labels = assets(3);
    let options = LabelOptions { skip: 5, copies: 2, ..options(template.fields) };
    let sheets = labels::sheets(&template, &options, &labels).unwrap();
    assert_eq!(sheets.label_count, 6);
    assert_eq!(sheets.pages.len(), 1);
    let (pdf, _) = labels::pdf(&template, &options, &labels).unwrap();
    let decoded = decode_positions(&pdf, &template, 1, 300, &dir);
    assert!(decoded[..5].iter().all(BTreeSet::is_empty), "the first five positions stay blank");
    for (i, label) in labels.iter().enumerate() {
        assert_eq!(decoded[5 + 2 * i], expected(&label.tag, template.fields));
        assert_eq!(decoded[6 + 2 * i], expected(&label.tag, template.fields));
    }
    assert!(decoded[11..].iter().all(BTreeSet::is_empty));
}

#[test]
fn only_the_chosen_fields_are_printed() {
    let template = built_in("avery-l7163").unwrap();
    let dir = artifacts("fields");
    let fields = LabelFields { qr: false, organisation: false, ..LabelFields::ALL };
    let options = LabelOptions { qr_pattern: String::new(), ..options(fields) };
    let labels = assets(1);
    let (pdf, _) = labels::pdf(&template, &options, &labels).unwrap();
    let decoded = decode_positions(&pdf, &template, 1, 300, &dir);
    assert_eq!(decoded[0], BTreeSet::from(["CODE-128:AT-000001".to_string()]));
    let pdf_path = dir.join("labels.pdf");
    let text = run("pdftotext", &[pdf_path.to_str().unwrap(), "-"]);
    assert!(text.contains("AT-000001") && text.contains("Łukasz Żółć"), "{text}");
    assert!(!text.contains("Northwind"), "the organisation was turned off: {text}");

    // QR only, holding the tag itself.
    let qr_only = LabelOptions {
        qr_pattern: String::new(),
        ..options_with(LabelFields { barcode: false, qr: true, tag_text: true, name: false, organisation: false })
    };
    let (pdf, _) = labels::pdf(&template, &qr_only, &labels).unwrap();
    let decoded = decode_positions(&pdf, &template, 1, 300, &dir);
    assert_eq!(decoded[0], BTreeSet::from(["QR-Code:AT-000001".to_string()]));
}

fn options_with(fields: LabelFields) -> LabelOptions {
    options(fields)
}

#[test]
fn long_names_are_shortened_to_the_label() {
    let template = built_in("avery-5160").unwrap();
    let long =
        LabelData { tag: "AT-000042".into(), name: "HP EliteBook 840 G10 with 64 GB and the docking station".into() };
    let sheets = labels::sheets(&template, &options(template.fields), &[long]).unwrap();
    let name = sheets.pages[0]
        .items
        .iter()
        .find_map(|item| match item {
            tagledger_print::page::Item::Text { text, .. } if text.starts_with("HP") => Some(text.clone()),
            _ => None,
        })
        .unwrap();
    assert!(name.ends_with('…') && name.len() < 40, "{name}");
}

#[test]
fn a_barcode_too_dense_for_the_printer_is_a_warning() {
    let template = built_in("thermal-2x1").unwrap();
    // A QR code beside the barcode leaves too little width on a 2 × 1 in label at 203 dpi.
    let crowded = options(LabelFields::ALL);
    let sheets = labels::sheets(&template, &crowded, &assets(50)).unwrap();
    assert_eq!(sheets.warnings.len(), 1, "{:?}", sheets.warnings);
    assert!(
        sheets.warnings[0].contains("too dense") && sheets.warnings[0].contains("203 dpi"),
        "{:?}",
        sheets.warnings
    );
    assert!(sheets.warnings[0].contains("49 more"), "{:?}", sheets.warnings);
}

#[test]
fn bad_input_gets_clear_errors() {
    let l7160 = built_in("avery-l7160").unwrap();
    let opts = options(LabelFields::ALL);

    let unknown = built_in("avery-9999").unwrap_err();
    assert!(matches!(unknown, Error::UnknownTemplate { .. }));
    assert!(unknown.to_string().contains("avery-l7160"), "names the ones there are: {unknown}");

    assert!(matches!(labels::pdf(&l7160, &opts, &[]), Err(Error::NothingToPrint)));

    let too_wide = LabelTemplate { columns: 4, name: "Too wide".into(), ..l7160.clone() };
    let err = labels::pdf(&too_wide, &opts, &assets(1)).unwrap_err();
    assert!(matches!(err, Error::TemplateDoesNotFit { .. }), "{err}");
    assert!(err.to_string().contains("210 mm wide"), "{err}");

    let overlapping = LabelTemplate { pitch_y_mm: 30.0, ..l7160.clone() };
    assert!(labels::pdf(&overlapping, &opts, &assets(1)).unwrap_err().to_string().contains("overlap"));

    let err = labels::pdf(&l7160, &opts, &[LabelData { tag: "PC-Ærø-1".into(), name: String::new() }]).unwrap_err();
    assert!(matches!(err, Error::UnencodableTag { .. }), "{err}");
    assert!(err.to_string().contains("PC-Ærø-1"), "{err}");

    let skip_too_far = LabelOptions { skip: 21, ..opts.clone() };
    assert!(labels::pdf(&l7160, &skip_too_far, &assets(1)).unwrap_err().to_string().contains("between 1 and 21"));
    let bad_pattern = LabelOptions { qr_pattern: "https://example.org/a/".into(), ..opts.clone() };
    assert!(labels::pdf(&l7160, &bad_pattern, &assets(1)).unwrap_err().to_string().contains("{tag}"));
    let no_copies = LabelOptions { copies: 0, ..opts };
    assert!(labels::pdf(&l7160, &no_copies, &assets(1)).is_err());

    let sheet_as_zpl = zpl::render(&l7160, &options(LabelFields::ALL), &assets(1)).unwrap_err();
    assert!(sheet_as_zpl.to_string().contains("sheet template"), "{sheet_as_zpl}");
}

#[test]
fn zpl_for_a_label_printer_reaches_a_network_printer() {
    let template = built_in("thermal-62x29").unwrap();
    let opts = LabelOptions { copies: 2, ..options(template.fields) };
    let labels = vec![
        LabelData { tag: "AT-000001".into(), name: "Zoë's ^XZ laptop".into() },
        LabelData { tag: "AT-000002".into(), name: "Dock".into() },
    ];
    let (zpl, warnings) = zpl::render(&template, &opts, &labels).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(zpl.matches("^XA").count(), 4, "two copies of two labels:\n{zpl}");
    assert!(zpl.contains("^PW732") && zpl.contains("^LL343"), "62 × 29 mm at 300 dpi:\n{zpl}");
    assert!(zpl.contains("^BCN,") && zpl.contains("^FDAT-000001^FS"), "{zpl}");
    assert!(zpl.contains("^BQN,2,") && zpl.contains("^FDMA,https://assets.example.org/a/AT-000002^FS"), "{zpl}");
    assert!(zpl.contains("Zoë's \\5EXZ laptop"), "field data is escaped:\n{zpl}");

    // A printer is a socket that takes the bytes: one the test owns on 127.0.0.1.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let printer = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut received = String::new();
        std::io::Read::read_to_string(&mut stream, &mut received).unwrap();
        received
    });
    zpl::send(&address, &zpl).unwrap();
    assert_eq!(printer.join().unwrap(), zpl);

    // Nobody listening: a clear error naming the printer.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let err = zpl::send(&closed, &zpl).unwrap_err().to_string();
    assert!(err.contains(&closed) && err.contains("cannot connect"), "{err}");
}
