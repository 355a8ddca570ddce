use tagledger_core::assets::{self, AssetInput};
use tagledger_core::printing::{self, LabelJob, LabelSettings};
use tagledger_core::register::AssetFilter;
use tagledger_core::{events, write, Error};
use tagledger_print::labels::{LabelFields, LabelTemplate};

use crate::{change, fixture, laptop};

#[test]
fn built_in_templates_are_always_there_and_custom_ones_are_saved_exactly() {
    let mut f = fixture();
    let all = printing::templates(&f.conn).unwrap();
    let keys: Vec<&str> = all.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["avery-l7160", "avery-l7163", "avery-5160", "avery-5163", "thermal-2x1", "thermal-62x29"]);

    let custom = LabelTemplate {
        key: String::new(),
        name: "Brady 4 × 6 in".into(),
        built_in: false,
        columns: 2,
        rows: 3,
        margin_left_mm: 5.3,
        margin_top_mm: 10.0,
        pitch_x_mm: 101.6,
        pitch_y_mm: 90.0,
        label_width_mm: 99.1,
        label_height_mm: 88.9,
        ..all[0].clone()
    };
    let saved = write(&mut f.conn, |tx| printing::save_template(tx, &change(), &custom)).unwrap();
    assert_eq!(saved.key, "custom-brady-4-6-in");
    let again = printing::template(&f.conn, "brady 4 × 6 IN").unwrap();
    assert_eq!(again.margin_left_mm, 5.3, "lengths read back exactly");
    assert_eq!(again.label_height_mm, 88.9);
    assert!(!again.built_in);
    assert_eq!(printing::templates(&f.conn).unwrap().len(), 7);

    // Editing keeps the key; a name clash and a template that cannot fit are refused.
    let renamed = LabelTemplate { name: "Brady large".into(), ..saved.clone() };
    let renamed = write(&mut f.conn, |tx| printing::save_template(tx, &change(), &renamed)).unwrap();
    assert_eq!(renamed.key, saved.key);
    let clash =
        LabelTemplate {
            key: String::new(), name: "Avery L7160 — A4, 3 × 7, 63.5 × 38.1 mm".into(), ..custom.clone()
        };
    assert!(matches!(
        write(&mut f.conn, |tx| printing::save_template(tx, &change(), &clash)),
        Err(Error::Conflict { .. })
    ));
    let too_big = LabelTemplate { key: String::new(), name: "Too big".into(), rows: 4, ..custom.clone() };
    let err = write(&mut f.conn, |tx| printing::save_template(tx, &change(), &too_big)).unwrap_err();
    assert!(err.to_string().contains("4 rows need"), "{err}");
    assert_eq!(printing::templates(&f.conn).unwrap().len(), 7, "nothing was written");

    write(&mut f.conn, |tx| printing::delete_template(tx, &change(), &saved.key)).unwrap();
    assert!(printing::template(&f.conn, &saved.key).is_err());
    assert!(write(&mut f.conn, |tx| printing::delete_template(tx, &change(), "avery-l7160")).is_err());
    let history = events::history(&f.conn, "label_template", 1).unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["deleted", "updated", "created"]);
}

#[test]
fn the_fields_chosen_for_a_built_in_template_are_remembered() {
    let mut f = fixture();
    let mut l7163 = printing::template(&f.conn, "avery-l7163").unwrap();
    l7163.fields = LabelFields { qr: false, ..LabelFields::ALL };
    l7163.label_width_mm = 1.0; // geometry of a built-in template cannot change
    write(&mut f.conn, |tx| printing::save_template(tx, &change(), &l7163)).unwrap();
    let back = printing::template(&f.conn, "avery-l7163").unwrap();
    assert!(!back.fields.qr && back.fields.barcode);
    assert_eq!(back.label_width_mm, 99.1);
}

#[test]
fn label_settings_are_validated() {
    let mut f = fixture();
    assert_eq!(printing::label_settings(&f.conn).unwrap().template, "avery-l7160");
    let bad = LabelSettings {
        template: "avery-5160".into(),
        qr_pattern: "https://x.org/a/".into(),
        printer_address: String::new(),
    };
    let err = write(&mut f.conn, |tx| printing::save_label_settings(tx, &change(), &bad)).unwrap_err();
    assert!(err.to_string().contains("{tag}"), "{err}");
    let unknown = LabelSettings { template: "nope".into(), ..bad.clone() };
    assert!(write(&mut f.conn, |tx| printing::save_label_settings(tx, &change(), &unknown)).is_err());
    let good =
        LabelSettings { qr_pattern: "https://x.org/a/{tag}".into(), printer_address: " zebra:9100 ".into(), ..bad };
    write(&mut f.conn, |tx| printing::save_label_settings(tx, &change(), &good)).unwrap();
    let back = printing::label_settings(&f.conn).unwrap();
    assert_eq!((back.template.as_str(), back.printer_address.as_str()), ("avery-5160", "zebra:9100"));
}

#[test]
fn a_job_gathers_the_selection_in_order_or_the_whole_filter() {
    let mut f = fixture();
    let ids = f.ids;
    let made: Vec<i64> = write(&mut f.conn, |tx| {
        (1..=3).map(|i| assets::create(tx, &change(), &laptop(&ids, &format!("Laptop {i}"))).map(|a| a.id)).collect()
    })
    .unwrap();
    let job = LabelJob {
        template: "avery-l7160".into(),
        ids: vec![made[2], made[0]],
        filter: AssetFilter::default(),
        fields: LabelFields::ALL,
        qr_pattern: String::new(),
        skip: 0,
        copies: 1,
    };
    let prepared = printing::prepare(&f.conn, &job).unwrap();
    let names: Vec<&str> = prepared.labels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Laptop 3", "Laptop 1"]);
    let whole = printing::prepare(&f.conn, &LabelJob { ids: vec![], ..job.clone() }).unwrap();
    assert_eq!(whole.labels.len(), 3);
    assert!(printing::prepare(&f.conn, &LabelJob { ids: vec![999], ..job }).is_err());
}

#[test]
fn the_register_report_lists_the_filter_with_readable_filter_names() {
    let mut f = fixture();
    let ids = f.ids;
    write(&mut f.conn, |tx| {
        for (i, cost) in [("129900"), ("5000")].iter().enumerate() {
            let input = AssetInput {
                purchase_cost: Some(format!("{}.00", cost.parse::<i64>().unwrap() / 100)),
                purchase_currency: Some("EUR".into()),
                ..laptop(&ids, &format!("Laptop {i}"))
            };
            assets::create(tx, &change(), &input)?;
        }
        Ok(())
    })
    .unwrap();
    let filter = AssetFilter { location_id: Some(ids.site), ..Default::default() };
    let report = printing::register_report(&f.conn, &filter, "now".into()).unwrap();
    assert_eq!(report.rows.len(), 2);
    assert_eq!(report.rows[0].cost, Some((129_900, "EUR".into())));
    assert_eq!(report.filters, vec![("Location".to_string(), "London HQ (and everything inside)".to_string())]);
    let everything = printing::register_report(&f.conn, &AssetFilter::default(), "now".into()).unwrap();
    assert_eq!(everything.filters, vec![("Filter".to_string(), "All assets".to_string())]);
}

#[test]
fn template_names_and_printer_addresses_are_checked_like_every_other_input() {
    let mut f = fixture();
    let base = printing::template(&f.conn, "avery-l7160").unwrap();
    for bad in ["", "   ", "Sheet\u{7}", &"x".repeat(500)] {
        let t = LabelTemplate { key: String::new(), name: bad.into(), built_in: false, ..base.clone() };
        let err = write(&mut f.conn, |tx| printing::save_template(tx, &change(), &t)).unwrap_err();
        assert!(matches!(&err, Error::Invalid(fields) if fields[0].field == "name"), "{bad:?}: {err}");
    }
    let bad =
        LabelSettings { template: "avery-l7160".into(), qr_pattern: String::new(), printer_address: "zebra 1".into() };
    let err = write(&mut f.conn, |tx| printing::save_label_settings(tx, &change(), &bad)).unwrap_err();
    assert!(err.to_string().contains("printerAddress"), "{err}");
}
