//! The asset lifecycle: allowed status changes, check-out/check-in, maintenance and
//! disposal, each recorded in the asset's history.

use chrono::NaiveDate;
use tagledger_core::assets::{self, AssetStatus, BulkUpdate};
use tagledger_core::lifecycle::{
    self, CheckinInput, CheckoutInput, CheckoutTarget, Condition, DisposalInput, DisposalMethod, MaintenanceInput,
    MaintenanceKind,
};
use tagledger_core::{events, write, Error};

use crate::{change, fixture, laptop, Fixture};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn new_laptop(f: &mut Fixture, name: &str) -> i64 {
    let c = change();
    let input = laptop(&f.ids, name);
    write(&mut f.conn, |tx| assets::create(tx, &c, &input)).unwrap().id
}

fn to_person(f: &Fixture, expected: Option<&str>) -> CheckoutInput {
    CheckoutInput {
        target: Some(CheckoutTarget::Person(f.ids.person)),
        checked_out_on: Some("2026-03-01".into()),
        expected_return_on: expected.map(Into::into),
        note: "new starter".into(),
    }
}

fn conflict(err: Error) -> String {
    match err {
        Error::Conflict { message, .. } => message,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn check_out_to_a_person_then_check_in_in_good_condition() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let input = to_person(&f, Some("2026-03-31"));
    let checkout = write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, id, &input, day("2026-03-02"))).unwrap();
    assert_eq!(checkout.target_name, "Zoë Müller");
    assert_eq!(checkout.expected_return_on, Some(day("2026-03-31")));
    let a = assets::get(&f.conn, id).unwrap();
    assert_eq!((a.status, a.assigned_to), (AssetStatus::Deployed, Some(f.ids.person)));
    let history = events::history(&f.conn, "asset", id).unwrap();
    assert_eq!(history[0].action, "checked out");
    assert_eq!(history[0].after.as_ref().unwrap()["checkedOutTo"], "Zoë Müller");

    // Overdue only after the expected return date.
    assert!(lifecycle::overdue(&f.conn, day("2026-03-31"), 10).unwrap().is_empty());
    let overdue = lifecycle::overdue(&f.conn, day("2026-04-05"), 10).unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].days_overdue(day("2026-04-05")), 5);
    assert_eq!(lifecycle::overdue_count(&f.conn, day("2026-04-05")).unwrap(), 1);

    let back = CheckinInput {
        checked_in_on: Some("2026-04-05".into()),
        condition: Some(Condition::Good),
        ..Default::default()
    };
    let a = write(&mut f.conn, |tx| lifecycle::check_in(tx, &c, id, &back, day("2026-04-05"))).unwrap();
    assert_eq!((a.status, a.assigned_to), (AssetStatus::Deployable, None));
    assert_eq!(lifecycle::overdue_count(&f.conn, day("2026-04-05")).unwrap(), 0);
    let all = lifecycle::checkouts_of(&f.conn, id).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].checked_in_on, all[0].condition), (Some(day("2026-04-05")), Some(Condition::Good)));
    assert_eq!(events::history(&f.conn, "asset", id).unwrap()[0].action, "checked in");
}

#[test]
fn a_damaged_return_goes_to_repair() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let input = to_person(&f, None);
    write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, id, &input, day("2026-03-02"))).unwrap();
    let back =
        CheckinInput { condition: Some(Condition::Damaged), note: "cracked screen".into(), ..Default::default() };
    let a = write(&mut f.conn, |tx| lifecycle::check_in(tx, &c, id, &back, day("2026-03-10"))).unwrap();
    assert_eq!(a.status, AssetStatus::InRepair);
}

#[test]
fn a_dock_checked_out_with_its_laptop_follows_its_person_and_place() {
    let mut f = fixture();
    let laptop_id = new_laptop(&mut f, "Laptop");
    let dock = new_laptop(&mut f, "Dock");
    let c = change();
    let to_room = CheckoutInput { target: Some(CheckoutTarget::Location(f.ids.other_room)), ..to_person(&f, None) };
    write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, laptop_id, &to_room, day("2026-03-02"))).unwrap();
    let with_laptop = CheckoutInput { target: Some(CheckoutTarget::Asset(laptop_id)), ..Default::default() };
    let checkout =
        write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, dock, &with_laptop, day("2026-03-02"))).unwrap();
    assert!(checkout.target_name.ends_with("Laptop"), "{}", checkout.target_name);
    assert_eq!(assets::get(&f.conn, dock).unwrap().location_id, Some(f.ids.other_room));
    assert_eq!(checkout.checked_out_on, day("2026-03-02"), "blank date is today");

    // The laptop cannot then go with its own dock.
    write(&mut f.conn, |tx| lifecycle::check_in(tx, &c, laptop_id, &CheckinInput::default(), day("2026-03-03")))
        .unwrap();
    let loop_ = CheckoutInput { target: Some(CheckoutTarget::Asset(dock)), ..Default::default() };
    let err = write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, laptop_id, &loop_, day("2026-03-03"))).unwrap_err();
    assert!(err.to_string().contains("is itself checked out to"), "{err}");
}

#[test]
fn check_out_input_is_validated_whole() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let bad = CheckoutInput {
        target: Some(CheckoutTarget::Person(999)),
        checked_out_on: Some("2026-03-05".into()),
        expected_return_on: Some("2026-03-01".into()),
        note: String::new(),
    };
    let Err(Error::Invalid(errors)) =
        write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, id, &bad, day("2026-03-05")))
    else {
        panic!("expected field errors")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["expectedReturnOn", "target"]);
    let future = CheckoutInput { checked_out_on: Some("2026-03-06".into()), ..to_person(&f, None) };
    let err = write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, id, &future, day("2026-03-05"))).unwrap_err();
    assert!(err.to_string().contains("checkedOutOn: cannot be in the future"), "{err}");
    assert_eq!(assets::get(&f.conn, id).unwrap().status, AssetStatus::Deployable, "nothing changed");
}

#[test]
fn only_a_deployable_asset_can_be_checked_out_and_only_a_deployed_one_checked_in() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let err = write(&mut f.conn, |tx| lifecycle::check_in(tx, &c, id, &CheckinInput::default(), day("2026-03-05")))
        .unwrap_err();
    assert_eq!(conflict(err), "AT-000001 is not checked out");
    let repair = BulkUpdate { status: Some(AssetStatus::InRepair), ..Default::default() };
    write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[id], &repair)).unwrap();
    let input = to_person(&f, None);
    let err = write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, id, &input, day("2026-03-05"))).unwrap_err();
    assert_eq!(conflict(err), "AT-000001 is in repair; only an asset that is ready to deploy can be checked out");
}

#[test]
fn status_rules_send_deploying_and_disposal_through_their_own_steps() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let to = |status| BulkUpdate { status: Some(status), ..Default::default() };
    let err = write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[id], &to(AssetStatus::Deployed))).unwrap_err();
    assert!(conflict(err).contains("use Check out"));
    let err = write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[id], &to(AssetStatus::Disposed))).unwrap_err();
    assert!(conflict(err).contains("use Dispose"));

    // Checked out: only check-in (or loss) changes the status; a retire is refused too.
    let input = to_person(&f, None);
    write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, id, &input, day("2026-03-05"))).unwrap();
    let err = write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[id], &to(AssetStatus::InRepair))).unwrap_err();
    assert_eq!(conflict(err), "AT-000001 is checked out to Zoë Müller; check it in first");
    let err = write(&mut f.conn, |tx| assets::retire(tx, &c, id, "old")).unwrap_err();
    assert!(conflict(err).contains("check it in first"));

    // Stolen from its user: allowed, and the check-out ends.
    write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[id], &to(AssetStatus::LostStolen))).unwrap();
    assert!(lifecycle::open_checkout(&f.conn, id).unwrap().is_none());
    // Found again.
    write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[id], &to(AssetStatus::Deployable))).unwrap();
    assert_eq!(assets::get(&f.conn, id).unwrap().status, AssetStatus::Deployable);
}

#[test]
fn disposal_records_how_the_asset_left_and_is_final() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let input = DisposalInput {
        method: Some(DisposalMethod::Resale),
        disposed_on: Some("2026-06-30".into()),
        proceeds: "150.00".into(),
        disposal_cost: "12.50".into(),
        currency: Some("gbp".into()),
        certificate_reference: Some("WEEE-2026-17".into()),
        notes: String::new(),
    };
    let d = write(&mut f.conn, |tx| lifecycle::dispose(tx, &c, id, &input, day("2026-07-01"))).unwrap();
    assert_eq!((d.proceeds.minor, d.disposal_cost.minor, d.proceeds.currency.as_str()), (15000, 1250, "GBP"));
    assert_eq!(lifecycle::disposal(&f.conn, id).unwrap(), Some(d));
    let a = assets::get(&f.conn, id).unwrap();
    assert_eq!(a.status, AssetStatus::Disposed);
    let history = events::history(&f.conn, "asset", id).unwrap();
    assert_eq!(history[0].action, "disposed");
    assert_eq!(history[0].after.as_ref().unwrap()["disposal"]["certificateReference"], "WEEE-2026-17");

    let err = write(&mut f.conn, |tx| lifecycle::dispose(tx, &c, id, &input, day("2026-07-01"))).unwrap_err();
    assert_eq!(conflict(err), "AT-000001 has already been disposed of");
    let back = BulkUpdate { status: Some(AssetStatus::Deployable), ..Default::default() };
    let err = write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[id], &back)).unwrap_err();
    assert!(conflict(err).contains("can no longer change"));
}

#[test]
fn disposal_input_errors_name_their_fields_and_a_checked_out_asset_is_refused() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let bad = DisposalInput { proceeds: "-5".into(), currency: Some("pounds".into()), ..Default::default() };
    let Err(Error::Invalid(errors)) = write(&mut f.conn, |tx| lifecycle::dispose(tx, &c, id, &bad, day("2026-07-01")))
    else {
        panic!("expected field errors")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["method", "proceeds", "currency"]);

    let input = to_person(&f, None);
    write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, id, &input, day("2026-03-05"))).unwrap();
    let ok = DisposalInput { method: Some(DisposalMethod::Recycle), ..Default::default() };
    let err = write(&mut f.conn, |tx| lifecycle::dispose(tx, &c, id, &ok, day("2026-07-01"))).unwrap_err();
    assert!(conflict(err).contains("check it in before disposing"));
}

#[test]
fn maintenance_is_recorded_and_completed_with_its_cost() {
    let mut f = fixture();
    let id = new_laptop(&mut f, "Laptop");
    let c = change();
    let input = MaintenanceInput {
        kind: MaintenanceKind::Repair,
        title: "Replace battery".into(),
        started_on: "2026-05-02".into(),
        ..Default::default()
    };
    let m = write(&mut f.conn, |tx| lifecycle::add_maintenance(tx, &c, id, &input, day("2026-05-02"))).unwrap();
    assert_eq!((m.completed_on, m.cost.clone()), (None, None));
    let done =
        MaintenanceInput { completed_on: Some("2026-05-09".into()), cost: Some("89.90".into()), ..input.clone() };
    let m = write(&mut f.conn, |tx| lifecycle::update_maintenance(tx, &c, m.id, &done, day("2026-05-10"))).unwrap();
    assert_eq!(m.cost.as_ref().map(|c| (c.minor, c.currency.as_str())), Some((8990, "EUR")), "default currency");
    assert_eq!(lifecycle::maintenance_of(&f.conn, id).unwrap(), vec![m]);
    let actions: Vec<_> = events::history(&f.conn, "asset", id).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(&actions[..2], ["maintenance updated", "maintenance recorded"]);

    let bad = MaintenanceInput { title: " ".into(), completed_on: Some("2026-05-01".into()), ..input };
    let Err(Error::Invalid(errors)) =
        write(&mut f.conn, |tx| lifecycle::add_maintenance(tx, &c, id, &bad, day("2026-05-10")))
    else {
        panic!("expected field errors")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["title", "completedOn"]);
}

#[test]
fn the_handover_receipt_lists_the_asset_and_what_goes_with_it() {
    let mut f = fixture();
    let laptop_id = new_laptop(&mut f, "Laptop");
    let dock = new_laptop(&mut f, "Dock");
    let c = change();
    let input = to_person(&f, Some("2026-12-31"));
    let checkout = write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, laptop_id, &input, day("2026-03-02"))).unwrap();
    let with = CheckoutInput { target: Some(CheckoutTarget::Asset(laptop_id)), ..Default::default() };
    write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, dock, &with, day("2026-03-02"))).unwrap();
    let receipt = lifecycle::handover_receipt(&f.conn, checkout.id, "now").unwrap();
    assert_eq!(receipt.recipient, "Zoë Müller");
    assert_eq!(receipt.expected_return_on.as_deref(), Some("2026-12-31"));
    assert_eq!(receipt.handed_over_by, "tester");
    let tags: Vec<_> = receipt.items.iter().map(|i| i.tag.as_str()).collect();
    assert_eq!(tags, ["AT-000001", "AT-000002"]);
}
