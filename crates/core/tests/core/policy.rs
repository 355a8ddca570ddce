//! The policy workspace (defaults, validation, saving), the snapshot of the live
//! configuration, version numbering and the changes between versions.

use chrono::NaiveDate;
use tagledger_core::policy::{self, Activity, Duty, PolicySection, PolicyWorkspace, ProtocolKind};
use tagledger_core::reorder::{self, OfferInput, ReorderInput};
use tagledger_core::stock::{self, StockItemInput};
use tagledger_core::{events, reference, Change, Connection, Error};

use super::fixture;

fn on(date: &str) -> Change {
    Change { actor: "tester".into(), at: format!("{date}T10:00:00Z").parse().unwrap() }
}

fn d(date: &str) -> NaiveDate {
    date.parse().unwrap()
}

fn fields(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(errors) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        e => panic!("expected a validation error, got {e}"),
    }
}

fn save(conn: &mut Connection, w: &PolicyWorkspace) -> Result<PolicyWorkspace, Error> {
    tagledger_core::write(conn, |tx| policy::set_workspace(tx, &on("2026-03-01"), w))
}

fn generate(
    conn: &mut Connection,
    date: &str,
    effective: &str,
    approver: &str,
) -> Result<policy::PolicyVersion, Error> {
    tagledger_core::write(conn, |tx| policy::generate_version(tx, &on(date), d(effective), approver))
}

fn role(w: &PolicyWorkspace, name: &str) -> usize {
    w.roles.iter().position(|r| r == name).unwrap()
}

fn row(w: &mut PolicyWorkspace, activity: Activity) -> &mut Vec<Option<Duty>> {
    &mut w.raci.iter_mut().find(|r| r.activity == activity).unwrap().duties
}

#[test]
fn an_unsaved_workspace_has_the_standard_roles_and_protocols() {
    let f = fixture();
    let w = policy::workspace(&f.conn).unwrap();
    assert!(!w.saved);
    assert_eq!(w.roles, ["IT manager", "Stores clerk", "Service desk", "Finance", "Procurement"]);
    let activities: Vec<Activity> = w.raci.iter().map(|r| r.activity).collect();
    assert_eq!(activities, Activity::ALL);
    for r in &w.raci {
        assert_eq!(r.duties.iter().filter(|d| **d == Some(Duty::A)).count(), 1, "{:?}", r.activity);
        assert!(r.duties.contains(&Some(Duty::R)), "{:?}", r.activity);
    }
    // Receiving: the stores clerk does it, procurement is accountable.
    assert_eq!(w.raci[1].duties[role(&w, "Stores clerk")], Some(Duty::R));
    assert_eq!(w.raci[1].duties[role(&w, "Procurement")], Some(Duty::A));
    let kinds: Vec<ProtocolKind> = w.protocols.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, ProtocolKind::ALL);
    assert!(w.protocols[2].text.contains("NIST SP 800-88"));
    assert_eq!((w.counting.a_days, w.counting.b_days, w.counting.c_days), (30, 90, 365));
    assert!(w.sections.is_empty());
    // The defaults are valid as they stand.
    policy::validate_workspace(&w).unwrap();
}

#[test]
fn a_saved_workspace_reads_back_and_logs_one_event() {
    let mut f = fixture();
    let mut w = policy::workspace(&f.conn).unwrap();
    w.roles.push("Security officer".into());
    for r in &mut w.raci {
        r.duties.push(None);
    }
    *row(&mut w, Activity::Disposal).last_mut().unwrap() = Some(Duty::C);
    w.counting.a_days = 14;
    w.sections = vec![
        PolicySection { title: "Scope".into(), body: "All IT stock rooms.".into() },
        PolicySection { title: "  Security ".into(), body: "Badge access only.\nNo visitors.".into() },
    ];
    let events_before = events::count(&f.conn).unwrap();
    let saved = save(&mut f.conn, &w).unwrap();
    assert_eq!(events::count(&f.conn).unwrap(), events_before + 1);
    let read = policy::workspace(&f.conn).unwrap();
    assert_eq!(read, saved);
    assert!(read.saved);
    assert_eq!(read.roles.len(), 6);
    assert_eq!(read.raci[4].duties[5], Some(Duty::C));
    assert_eq!(read.counting.a_days, 14);
    assert_eq!(read.sections[1].title, "Security");
    // Saving the same again changes nothing and logs nothing.
    save(&mut f.conn, &read).unwrap();
    assert_eq!(events::count(&f.conn).unwrap(), events_before + 1);
}

#[test]
fn the_workspace_is_validated_whole() {
    let mut f = fixture();
    let mut w = policy::workspace(&f.conn).unwrap();
    let it = role(&w, "IT manager");
    let clerk = role(&w, "Stores clerk");
    // Two accountable roles for receiving; nobody responsible for counting.
    row(&mut w, Activity::Receiving)[it] = Some(Duty::A);
    row(&mut w, Activity::Counting)[clerk] = Some(Duty::I);
    w.roles[3] = "procurement".into();
    w.counting.c_days = 0;
    w.sections = vec![
        PolicySection { title: "Scope".into(), body: String::new() },
        PolicySection { title: "scope".into(), body: String::new() },
        PolicySection { title: " ".into(), body: String::new() },
    ];
    let got = fields(save(&mut f.conn, &w).unwrap_err());
    assert_eq!(
        got,
        [
            ("roles.4".to_string(), "Procurement is listed twice".to_string()),
            ("raci.receiving".to_string(), "Receiving needs exactly one Accountable role (has 2)".to_string()),
            ("raci.counting".to_string(), "Counting needs at least one Responsible role".to_string()),
            ("counting.cDays".to_string(), "must be between 1 and 730 days".to_string()),
            ("sections.1.title".to_string(), "another section is called scope".to_string()),
            ("sections.2.title".to_string(), "is required".to_string()),
        ]
    );
    // A row that does not match the roles is refused, and nothing was saved.
    let mut w = policy::workspace(&f.conn).unwrap();
    row(&mut w, Activity::Issuing).pop();
    let got = fields(save(&mut f.conn, &w).unwrap_err());
    assert_eq!(got, [("raci.issuing".to_string(), "has 4 cells for 5 roles".to_string())]);
    assert!(!policy::workspace(&f.conn).unwrap().saved);
}

#[test]
fn versions_are_numbered_need_an_approver_and_never_go_back_in_time() {
    let mut f = fixture();
    let got = fields(generate(&mut f.conn, "2026-03-01", "2026-03-01", "  ").unwrap_err());
    assert_eq!(got, [("approver".to_string(), "is required".to_string())]);

    let v1 = generate(&mut f.conn, "2026-03-01", "2026-04-01", "Dana Ops").unwrap();
    assert_eq!((v1.version, v1.effective_date, v1.approver.as_str()), (1, d("2026-04-01"), "Dana Ops"));
    assert_eq!(v1.generated_at, "2026-03-01 10:00 UTC");
    assert_eq!(v1.previous_version, None);
    assert!(v1.changes.is_empty());

    let got = fields(generate(&mut f.conn, "2026-03-02", "2026-03-31", "Dana Ops").unwrap_err());
    assert_eq!(got, [("effectiveDate".to_string(), "is before version 1's effective date (2026-04-01)".to_string())]);

    // The same effective date is allowed (a correction on the day).
    let v2 = generate(&mut f.conn, "2026-03-02", "2026-04-01", "Dana Ops").unwrap();
    assert_eq!((v2.version, v2.previous_version), (2, Some(1)));
    assert!(v2.changes.is_empty(), "nothing changed: {:?}", v2.changes);
    let v3 = generate(&mut f.conn, "2026-03-03", "2026-05-01", "Lee Finance").unwrap();
    let listed: Vec<i64> = policy::versions(&f.conn).unwrap().iter().map(|v| v.version).collect();
    assert_eq!(listed, [3, 2, 1]);
    assert_eq!(policy::version(&f.conn, v3.id).unwrap(), v3);
    assert_eq!(policy::version_id(&f.conn, 2).unwrap(), v2.id);
    assert_eq!(policy::latest_version_id(&f.conn).unwrap(), Some(v3.id));
    assert!(matches!(policy::version(&f.conn, 999), Err(Error::NotFound { .. })));
}

fn stock_setup(conn: &mut Connection, laptops: i64, room: i64) -> (i64, i64) {
    let c = on("2026-01-01");
    tagledger_core::write(conn, |tx| {
        let toner = reference::create_category(tx, &c, "Toner & ink", &[])?;
        let item = stock::create_item(
            tx,
            &c,
            &StockItemInput {
                sku: "TNR-59A".into(),
                name: "HP 59A toner".into(),
                category_id: Some(toner),
                ..Default::default()
            },
        )?
        .id;
        let acme = reference::create_supplier(tx, &c, "Acme Supplies", None, None, None)?;
        let bolt = reference::create_supplier(tx, &c, "Bolt Office", None, None, None)?;
        for (supplier, preferred) in [(acme, true), (bolt, false)] {
            reorder::create_offer(
                tx,
                &c,
                &OfferInput {
                    item_id: item,
                    supplier_id: supplier,
                    price: "80.00".into(),
                    currency: Some("EUR".into()),
                    lead_time_days: 5,
                    min_order_qty: 1,
                    pack_size: 1,
                    preferred,
                    ..Default::default()
                },
            )?;
        }
        reorder::set_reorder(
            tx,
            &c,
            &ReorderInput {
                item_id: item,
                location_id: room,
                reorder_point: 4,
                safety_stock: 2,
                order_up_to: 10,
                service_level_bp: 9500,
                ..Default::default()
            },
        )?;
        tx.execute(
            "INSERT INTO category_goals (category_id, fill_rate_bp, max_stockouts_per_quarter) VALUES (?1, 9500, 2)",
            [toner],
        )?;
        tx.execute("INSERT INTO category_cost_rates (category_id, holding_rate_bp) VALUES (?1, 3000)", [laptops])?;
        Ok((toner, item))
    })
    .unwrap()
}

#[test]
fn the_snapshot_gathers_the_live_configuration() {
    let mut f = fixture();
    let (laptops, room) = (f.ids.laptops, f.ids.room);
    stock_setup(&mut f.conn, laptops, room);
    let s = policy::snapshot(&f.conn, d("2026-03-01")).unwrap();
    // Laptops and Monitors hold no stock and have no goals: not in the policy.
    let names: Vec<&str> = s.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Toner & ink"]);
    let toner = &s.categories[0];
    assert_eq!((toner.goals.fill_rate_bp, toner.goals.max_stockouts_per_quarter), (Some(9500), Some(2)));
    let rules: Vec<(&str, i64, i64, Option<i64>)> =
        s.reorder.iter().map(|r| (r.category.as_str(), r.items, r.items_with_rules, r.min_service_level_bp)).collect();
    assert_eq!(rules, [("Toner & ink", 1, 1, Some(9500))]);
    let suppliers: Vec<(&str, &str, i64, i64)> = s
        .suppliers
        .iter()
        .map(|a| (a.category.as_str(), a.supplier.as_str(), a.items_offered, a.preferred_items))
        .collect();
    assert_eq!(suppliers, [("Toner & ink", "Acme Supplies", 1, 1), ("Toner & ink", "Bolt Office", 1, 0)]);
    // No order lines due: no grade.
    assert_eq!(s.suppliers[0].grade, None);
    assert_eq!(s.costs.holding_rate_bp, 2500);
    assert_eq!(s.costs.category_rates.len(), 1);
    assert_eq!((s.costs.category_rates[0].name.as_str(), s.costs.category_rates[0].holding_rate_bp), ("Laptops", 3000));
    // The item was never issued: unclassified.
    assert_eq!((s.classes.a, s.classes.b, s.classes.c, s.classes.unclassified), (0, 0, 0, 1));
}

#[test]
fn a_new_version_lists_exactly_what_changed() {
    let mut f = fixture();
    let (laptops, room) = (f.ids.laptops, f.ids.room);
    let (toner, _) = stock_setup(&mut f.conn, laptops, room);
    generate(&mut f.conn, "2026-03-01", "2026-03-01", "Dana Ops").unwrap();

    // Three changes: a goal, who is responsible for receiving, a new section.
    f.conn.execute("UPDATE category_goals SET max_stockouts_per_quarter = 1 WHERE category_id = ?1", [toner]).unwrap();
    let mut w = policy::workspace(&f.conn).unwrap();
    let (it, clerk, procurement) = (role(&w, "IT manager"), role(&w, "Stores clerk"), role(&w, "Procurement"));
    row(&mut w, Activity::Receiving)[clerk] = Some(Duty::I);
    row(&mut w, Activity::Receiving)[procurement] = Some(Duty::R);
    // Procurement was accountable; the IT manager takes that over.
    row(&mut w, Activity::Receiving)[it] = Some(Duty::A);
    w.sections.push(PolicySection { title: "Security".into(), body: "Stock rooms stay locked.".into() });
    save(&mut f.conn, &w).unwrap();

    let v2 = generate(&mut f.conn, "2026-03-02", "2026-03-15", "Dana Ops").unwrap();
    let got: Vec<String> = v2.changes.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        got,
        [
            "Responsibilities · Receiving: Responsible Stores clerk → Procurement",
            "Responsibilities · Receiving: Accountable Procurement → IT manager",
            "Responsibilities · Receiving: Informed IT manager, Finance → Stores clerk, Finance",
            "Goals · Toner & ink: max stockouts per quarter 2 → 1",
            "Sections · Section added: Security",
        ]
    );

    // The PDF's data carries the changes and the RACI table of version 2.
    let r = policy::report(&f.conn, v2.id).unwrap();
    assert_eq!(r.version, 2);
    assert_eq!(r.previous_version, Some(1));
    assert_eq!(r.changes.len(), 5);
    assert_eq!(r.raci[1].activity, "Receiving");
    assert_eq!(r.raci[1].duties, ["A", "I", "", "I", "R"]);
    let toner_goals = r.goals.iter().find(|g| g.category == "Toner & ink").unwrap();
    assert_eq!((toner_goals.fill_rate.as_str(), toner_goals.max_stockouts.as_str()), ("95%", "1"));
}

#[test]
fn changes_cover_thresholds_counting_costs_protocols_and_removed_sections() {
    let mut f = fixture();
    let mut w = policy::workspace(&f.conn).unwrap();
    w.sections.push(PolicySection { title: "Scope".into(), body: "All rooms.".into() });
    save(&mut f.conn, &w).unwrap();
    let before = policy::snapshot(&f.conn, d("2026-03-01")).unwrap();
    let mut after = before.clone();
    after.thresholds.a_percent = 75;
    after.workspace.counting.b_days = 60;
    after.costs.holding_rate_bp = 2000;
    after.workspace.protocols[0].text.push_str(" Photos of damage are attached.");
    after.workspace.sections.clear();
    let got: Vec<String> = policy::changes(&before, &after).iter().map(|c| c.to_string()).collect();
    assert_eq!(
        got,
        [
            "Classification · A class up to 80% → 75% of value",
            "Counting cycles · B items: every 90 days → every 60 days",
            "Costs · default holding rate 25% → 20% a year",
            "Protocols · Receiving: text changed",
            "Sections · Section removed: Scope",
        ]
    );
    assert!(policy::changes(&before, &before).is_empty());
}
