//! Software licences: seats, compliance, and keys kept out of lists and the log.

use chrono::NaiveDate;
use tagledger_core::licences::{self, LicenceInput, SeatHolder};
use tagledger_core::{assets, dashboard, events, reference, write, Error};

use crate::{change, fixture, laptop};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const KEY: &str = "ABCDE-FGHIJ-KLMNO-PQRST-VWXYZ";

#[test]
fn seats_are_assigned_until_none_are_left_and_keys_stay_masked() {
    let mut f = fixture();
    let c = change();
    let ids = f.ids;
    let (licence, second_person, laptop_id) = write(&mut f.conn, |tx| {
        let product = licences::create_product(tx, &c, "Microsoft 365 E3", Some("Microsoft"))?;
        assert_eq!(licences::create_product(tx, &c, "microsoft 365 e3", None)?, product, "one product per name");
        let input = LicenceInput {
            product_id: Some(product),
            name: "M365 E3 2026".into(),
            licence_key: Some(KEY.into()),
            seats: Some(2),
            expiry_date: Some("2026-12-31".into()),
            cost: Some("4800.00".into()),
            renewal_cost: Some("5000.00".into()),
            ..Default::default()
        };
        let licence = licences::create(tx, &c, &input)?;
        let other = reference::create_person(
            tx,
            &c,
            &reference::Person { id: 0, name: "Ann".into(), email: None, department: None, employee_number: None },
        )?;
        let laptop_id = assets::create(tx, &c, &laptop(&ids, "Laptop"))?.id;
        Ok((licence, other, laptop_id))
    })
    .unwrap();
    assert_eq!(licence.key_masked.as_deref(), Some("••••-WXYZ"));
    assert_eq!(licence.key, None, "never in full unless revealed");
    assert_eq!(licence.cost.as_ref().map(|m| (m.minor, m.currency.as_str())), Some((480000, "EUR")));

    let today = day("2026-06-01");
    write(&mut f.conn, |tx| licences::assign_seat(tx, &c, licence.id, SeatHolder::Person(ids.person), today)).unwrap();
    let err = write(&mut f.conn, |tx| licences::assign_seat(tx, &c, licence.id, SeatHolder::Person(ids.person), today))
        .unwrap_err();
    assert!(err.to_string().contains("already holds a seat"), "{err}");
    let seat = write(&mut f.conn, |tx| licences::assign_seat(tx, &c, licence.id, SeatHolder::Asset(laptop_id), today))
        .unwrap();
    assert_eq!(seat.holder_name, "AT-000001 Laptop");
    let err =
        write(&mut f.conn, |tx| licences::assign_seat(tx, &c, licence.id, SeatHolder::Person(second_person), today))
            .unwrap_err();
    assert!(matches!(&err, Error::Conflict { .. }) && err.to_string().contains("all 2 seats"), "{err}");
    assert_eq!(licences::of_asset(&f.conn, laptop_id).unwrap().len(), 1);
    assert_eq!(events::history(&f.conn, "asset", laptop_id).unwrap()[0].action, "licence seat assigned");

    // The key is in no event, and revealing it is itself recorded.
    let log: String = f
        .conn
        .query_row("SELECT group_concat(ifnull(before, '') || ifnull(after, ''), ' ') FROM events", [], |r| r.get(0))
        .unwrap();
    assert!(!log.contains("ABCDE") && !log.contains("VWXYZ"), "no key material in the event log");
    let revealed = write(&mut f.conn, |tx| licences::reveal_key(tx, &c, licence.id)).unwrap();
    assert_eq!(revealed.as_deref(), Some(KEY));
    assert_eq!(events::history(&f.conn, "licence", licence.id).unwrap()[0].action, "key viewed");
    assert!(licences::list(&f.conn).unwrap().iter().all(|l| l.key.is_none()));
}

#[test]
fn compliance_finds_over_assigned_unused_and_expiring_licences() {
    let mut f = fixture();
    let c = change();
    let ids = f.ids;
    let today = day("2026-06-01");
    let (adobe, zoom) = write(&mut f.conn, |tx| {
        let product = licences::create_product(tx, &c, "Adobe Acrobat", None)?;
        let base = LicenceInput { product_id: Some(product), seats: Some(1), ..Default::default() };
        let adobe = licences::create(tx, &c, &LicenceInput { name: "Acrobat".into(), ..base.clone() })?;
        let zoom = licences::create(
            tx,
            &c,
            &LicenceInput { name: "Zoom".into(), seats: Some(10), expiry_date: Some("2026-07-15".into()), ..base },
        )?;
        licences::assign_seat(tx, &c, adobe.id, SeatHolder::Person(ids.person), today)?;
        Ok((adobe, zoom))
    })
    .unwrap();
    // A renewal for fewer seats than are in use: allowed, and flagged.
    let fewer = LicenceInput {
        product_id: Some(adobe.product_id),
        name: "Acrobat".into(),
        seats: Some(0),
        ..Default::default()
    };
    let updated = write(&mut f.conn, |tx| licences::update(tx, &c, adobe.id, &fewer)).unwrap();
    assert!(updated.over_assigned());

    let report = licences::compliance(&f.conn, today, 90).unwrap();
    let names = |l: &[licences::Licence]| l.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&report.over_assigned), ["Acrobat"]);
    assert_eq!(names(&report.unused), ["Zoom"]);
    assert_eq!(report.unused_seats, 10);
    assert_eq!(names(&report.expiring), ["Zoom"]);
    assert_eq!(zoom.days_to_expiry(today), Some(44));
    let d = dashboard::summary(&f.conn, today).unwrap();
    assert_eq!((d.licences_over_assigned, d.licences_expiring), (1, 1));
}

#[test]
fn licence_input_errors_name_their_fields() {
    let mut f = fixture();
    let c = change();
    let bad = LicenceInput {
        product_id: None,
        name: " ".into(),
        seats: Some(-1),
        purchase_date: Some("2026-05-01".into()),
        expiry_date: Some("2026-01-01".into()),
        cost: Some("lots".into()),
        ..Default::default()
    };
    let Err(Error::Invalid(errors)) = write(&mut f.conn, |tx| licences::create(tx, &c, &bad)) else {
        panic!("expected field errors")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "productId", "seats", "expiryDate", "cost"]);
}

#[test]
fn keys_are_masked_to_their_last_four_characters() {
    assert_eq!(licences::mask_key("ABCDE-12345-XYZW"), "••••-XYZW");
    assert_eq!(licences::mask_key("short"), "••••", "a short key shows nothing");
    assert_eq!(licences::mask_key("  ABCDEFGHIJ  "), "••••-GHIJ");
}
