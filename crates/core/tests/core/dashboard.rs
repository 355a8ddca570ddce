//! The dashboard's figures and the lists behind its tiles.

use chrono::NaiveDate;
use tagledger_core::assets::{self, AssetInput, AssetStatus, BulkUpdate};
use tagledger_core::lifecycle::{self, CheckoutInput, CheckoutTarget, DisposalInput, DisposalMethod};
use tagledger_core::{dashboard, write};

use crate::{change, fixture, laptop};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_dashboard_counts_what_needs_attention_and_lists_it() {
    let mut f = fixture();
    let c = change();
    let today = day("2026-06-01");
    let ids = f.ids;
    let made: Vec<i64> = write(&mut f.conn, |tx| {
        let mut made = Vec::new();
        // Warranty ends: in 10 days, in 60 days, in 200 days, already ended.
        for (i, end) in ["2026-06-11", "2026-07-31", "2026-12-18", "2026-05-01"].iter().enumerate() {
            let input = AssetInput { warranty_end: Some(end.to_string()), ..laptop(&ids, &format!("Laptop {i}")) };
            made.push(assets::create(tx, &c, &input)?.id);
        }
        let monitor = AssetInput {
            name: "Monitor".into(),
            category_id: Some(ids.monitors),
            model_id: None,
            custom_fields: Default::default(),
            ..laptop(&ids, "")
        };
        made.push(assets::create(tx, &c, &monitor)?.id);
        Ok(made)
    })
    .unwrap();
    // Laptops are audited yearly; one was seen last month, one 13 months ago, two never.
    f.conn
        .execute_batch(&format!(
            "INSERT INTO category_policies (category_id, audit_interval_months) VALUES ({}, 12);
             UPDATE assets SET last_audited_on = '2026-05-01' WHERE id = {};
             UPDATE assets SET last_audited_on = '2025-05-01' WHERE id = {};",
            ids.laptops, made[0], made[1]
        ))
        .unwrap();
    // One overdue loan; one disposed asset (which leaves every active figure).
    let loan = CheckoutInput {
        target: Some(CheckoutTarget::Person(ids.person)),
        checked_out_on: Some("2026-05-01".into()),
        expected_return_on: Some("2026-05-15".into()),
        note: String::new(),
    };
    write(&mut f.conn, |tx| lifecycle::check_out(tx, &c, made[0], &loan, today)).unwrap();
    let gone = DisposalInput { method: Some(DisposalMethod::Recycle), ..Default::default() };
    write(&mut f.conn, |tx| lifecycle::dispose(tx, &c, made[2], &gone, today)).unwrap();
    let repair = BulkUpdate { status: Some(AssetStatus::InRepair), ..Default::default() };
    write(&mut f.conn, |tx| assets::bulk_update(tx, &c, &[made[4]], &repair)).unwrap();

    let d = dashboard::summary(&f.conn, today).unwrap();
    assert_eq!(d.active, 4);
    let count = |s| d.by_status.iter().find(|x| x.status == s).unwrap().count;
    assert_eq!(
        [
            count(AssetStatus::Deployed),
            count(AssetStatus::Deployable),
            count(AssetStatus::InRepair),
            count(AssetStatus::Disposed)
        ],
        [1, 2, 1, 1]
    );
    let categories: Vec<_> = d.by_category.iter().map(|c| (c.name.as_str(), c.count)).collect();
    assert_eq!(categories, [("Laptops", 3), ("Monitors", 1)]);
    assert_eq!((d.warranty_ending_30, d.warranty_ending_90), (1, 2));
    assert_eq!(d.overdue_checkouts, 1);
    // Laptops: made[1] (13 months ago) and made[3] (never); made[2] is disposed.
    assert_eq!(d.due_for_audit, 2);

    let ending: Vec<_> =
        dashboard::warranty_ending(&f.conn, today, 90, 10).unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ending, [made[0], made[1]], "soonest first");
    let due = dashboard::due_for_audit(&f.conn, today, 10).unwrap();
    let due: Vec<_> = due.iter().map(|d| (d.asset.id, d.last_audited_on)).collect();
    assert_eq!(due, [(made[3], None), (made[1], Some(day("2025-05-01")))], "never audited first");
}
