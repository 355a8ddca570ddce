//! The organisation's own status labels over the fixed lifecycle statuses.

use chrono::NaiveDate;
use tagledger_core::assets::{self, AssetInput, AssetStatus};
use tagledger_core::lifecycle::{self, CheckoutInput, CheckoutTarget};
use tagledger_core::{register, status_labels, write, Error};

use crate::{change, fixture, laptop};

#[test]
fn a_label_sets_its_meaning_shows_in_the_register_and_falls_away_with_a_status_change() {
    let mut f = fixture();
    let c = change();
    let ids = f.ids;
    let spare = write(&mut f.conn, |tx| status_labels::create(tx, &c, "Spare pool", AssetStatus::Deployable)).unwrap();
    let imaging =
        write(&mut f.conn, |tx| status_labels::create(tx, &c, "Awaiting imaging", AssetStatus::Pending)).unwrap();
    let err = write(&mut f.conn, |tx| status_labels::create(tx, &c, "spare POOL", AssetStatus::Retired)).unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "names are unique: {err}");
    let err = write(&mut f.conn, |tx| status_labels::create(tx, &c, "In repair", AssetStatus::Retired)).unwrap_err();
    assert!(err.to_string().contains("already a status called"), "built-in names too: {err}");

    // The label's meaning wins over the status sent with it.
    let input =
        AssetInput { status: Some(AssetStatus::Retired), status_label_id: Some(imaging.id), ..laptop(&ids, "New") };
    let a = write(&mut f.conn, |tx| assets::create(tx, &c, &input)).unwrap();
    assert_eq!((a.status, a.status_label.as_deref()), (AssetStatus::Pending, Some("Awaiting imaging")));
    let relabel = AssetInput { status_label_id: Some(spare.id), ..input.clone() };
    let a = write(&mut f.conn, |tx| assets::update(tx, &c, a.id, &relabel)).unwrap();
    assert_eq!((a.status, a.status_label.as_deref()), (AssetStatus::Deployable, Some("Spare pool")));
    let page = register::page(&f.conn, &register::PageRequest { limit: 10, ..Default::default() }).unwrap();
    assert_eq!(page.rows[0].status_label.as_deref(), Some("Spare pool"));
    assert_eq!(
        status_labels::list(&f.conn).unwrap().iter().map(|l| (l.name.as_str(), l.assets)).collect::<Vec<_>>(),
        [("Awaiting imaging", 0), ("Spare pool", 1)],
        "pending before ready to deploy"
    );

    // Checked out: no longer in the spare pool.
    let out = CheckoutInput { target: Some(CheckoutTarget::Person(ids.person)), ..Default::default() };
    write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, a.id, &out, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()))
        .unwrap();
    let a = assets::get(&f.conn, a.id).unwrap();
    assert_eq!((a.status, a.status_label), (AssetStatus::Deployed, None));

    // Deleting a label leaves its assets with the built-in status.
    let b = write(&mut f.conn, |tx| {
        assets::create(tx, &c, &AssetInput { status_label_id: Some(spare.id), ..laptop(&ids, "B") })
    })
    .unwrap();
    write(&mut f.conn, |tx| status_labels::delete(tx, &c, spare.id)).unwrap();
    let b = assets::get(&f.conn, b.id).unwrap();
    assert_eq!((b.status, b.status_label), (AssetStatus::Deployable, None));
    let renamed = write(&mut f.conn, |tx| status_labels::rename(tx, &c, imaging.id, "Being imaged")).unwrap();
    assert_eq!(renamed.name, "Being imaged");
}
