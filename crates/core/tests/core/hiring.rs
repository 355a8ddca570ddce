//! Onboarding kits, the hiring plan (typed and imported from HR's CSV) and the kit demand
//! it adds to a forecast, on figures worked out by hand.

use chrono::{DateTime, Months, NaiveDate, Utc};
use tagledger_core::hiring::{self, KitInput, KitLineInput, PlanRow, RowError};
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey};
use tagledger_core::{Change, Connection, Error, FieldError};

use super::{change, fixture};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn new_item(conn: &mut Connection, sku: &str) -> i64 {
    tagledger_core::write(conn, |tx| {
        let input = StockItemInput { sku: sku.into(), name: format!("Item {sku}"), ..Default::default() };
        Ok(stock::create_item(tx, &change(), &input)?.id)
    })
    .unwrap()
}

fn kit_input(name: &str, department: &str, lines: &[(i64, i64)]) -> KitInput {
    KitInput {
        name: name.into(),
        department: department.into(),
        lines: lines.iter().map(|&(item_id, quantity)| KitLineInput { item_id, quantity }).collect(),
    }
}

fn create_kit(conn: &mut Connection, input: &KitInput) -> tagledger_core::Result<hiring::Kit> {
    tagledger_core::write(conn, |tx| hiring::create_kit(tx, &change(), input))
}

fn row(department: &str, month: NaiveDate, starters: i64) -> PlanRow {
    PlanRow { department: department.into(), month, starters }
}

fn set_plan(conn: &mut Connection, rows: &[PlanRow]) -> tagledger_core::Result<()> {
    tagledger_core::write(conn, |tx| hiring::set_plan(tx, &change(), rows))
}

fn event_actions(conn: &Connection, entity: &str) -> Vec<(i64, String)> {
    let mut stmt = conn.prepare("SELECT entity_id, action FROM events WHERE entity = ?1 ORDER BY id").unwrap();
    stmt.query_map([entity], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

fn field_errors(result: tagledger_core::Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid(errors)) => {
            errors.into_iter().map(|FieldError { field, message }| (field, message)).collect()
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn kits_are_created_listed_updated_and_deleted_with_events() {
    let mut f = fixture();
    let (headset, mouse) = (new_item(&mut f.conn, "HS-1"), new_item(&mut f.conn, "MS-1"));

    let every = create_kit(&mut f.conn, &kit_input("Standard", "*", &[(mouse, 1), (headset, 2)])).unwrap();
    let finance = create_kit(&mut f.conn, &kit_input(" Finance kit ", " Finance ", &[(mouse, 1)])).unwrap();
    assert_eq!((finance.name.as_str(), finance.department.as_str()), ("Finance kit", "Finance"));

    let kits = hiring::kits(&f.conn).unwrap();
    let shown: Vec<_> = kits
        .iter()
        .map(|k| {
            (k.name.as_str(), k.department.as_str(), k.lines.iter().map(|l| (l.sku.as_str(), l.quantity)).collect())
        })
        .collect();
    assert_eq!(
        shown,
        vec![("Standard", "*", vec![("HS-1", 2), ("MS-1", 1)]), ("Finance kit", "Finance", vec![("MS-1", 1)])]
    );
    assert_eq!(kits[0].lines[0].name, "Item HS-1");

    let updated = tagledger_core::write(&mut f.conn, |tx| {
        hiring::update_kit(tx, &change(), every.id, &kit_input("Standard", "*", &[(headset, 3)]))
    })
    .unwrap();
    assert_eq!(updated.lines.iter().map(|l| (l.item_id, l.quantity)).collect::<Vec<_>>(), vec![(headset, 3)]);

    tagledger_core::write(&mut f.conn, |tx| hiring::delete_kit(tx, &change(), finance.id)).unwrap();
    assert_eq!(hiring::kits(&f.conn).unwrap().iter().map(|k| k.id).collect::<Vec<_>>(), vec![every.id]);
    let lines: i64 = f.conn.query_row("SELECT count(*) FROM onboarding_kit_lines", [], |r| r.get(0)).unwrap();
    assert_eq!(lines, 1, "the deleted kit's line went with it");
    assert!(matches!(hiring::kit(&f.conn, finance.id), Err(Error::NotFound { .. })));

    assert_eq!(
        event_actions(&f.conn, "onboarding_kit"),
        vec![
            (every.id, "created".into()),
            (finance.id, "created".into()),
            (every.id, "updated".into()),
            (finance.id, "deleted".into())
        ]
    );
}

#[test]
fn kit_validation_reports_every_field_and_writes_nothing() {
    let mut f = fixture();
    let mouse = new_item(&mut f.conn, "MS-1");
    create_kit(&mut f.conn, &kit_input("Finance kit", "Finance", &[(mouse, 1)])).unwrap();

    let bad = kit_input("finance KIT", "FINANCE", &[(mouse, 0), (9999, 1), (mouse, 1001)]);
    assert_eq!(
        field_errors(create_kit(&mut f.conn, &bad)),
        vec![
            ("name".into(), "a kit called finance KIT already exists".into()),
            ("department".into(), "department FINANCE already has a kit (Finance kit)".into()),
            ("lines.0.quantity".into(), "must be at least 1".into()),
            ("lines.1.itemId".into(), "stock item 9999 does not exist".into()),
            ("lines.2.itemId".into(), "is already on line 1".into()),
            ("lines.2.quantity".into(), "must be at most 1000".into()),
        ]
    );
    assert_eq!(
        field_errors(create_kit(&mut f.conn, &kit_input(" ", "", &[]))),
        vec![
            ("name".into(), "is required".into()),
            ("department".into(), "is required".into()),
            ("lines".into(), "a kit needs at least one line".into()),
        ]
    );
    assert_eq!(hiring::kits(&f.conn).unwrap().len(), 1);
    // A kit may keep its own name and department when it is updated.
    let id = hiring::kits(&f.conn).unwrap()[0].id;
    tagledger_core::write(&mut f.conn, |tx| {
        hiring::update_kit(tx, &change(), id, &kit_input("Finance kit", "finance", &[(mouse, 2)]))
    })
    .unwrap();
}

#[test]
fn set_plan_replaces_the_months_given_and_refuses_days_other_than_the_first() {
    let mut f = fixture();
    let (jan, feb, mar) = (day(2026, 1, 1), day(2026, 2, 1), day(2026, 3, 1));
    set_plan(&mut f.conn, &[row("Finance", jan, 2), row("Sales", jan, 3), row("Sales", feb, 1)]).unwrap();
    // February is replaced wholesale (Sales goes, IT comes); January is untouched.
    set_plan(&mut f.conn, &[row("IT", feb, 4), row("IT", mar, 0)]).unwrap();
    assert_eq!(
        hiring::plan(&f.conn, day(2026, 1, 15), day(2026, 12, 31)).unwrap(),
        vec![row("Finance", jan, 2), row("Sales", jan, 3), row("IT", feb, 4), row("IT", mar, 0)]
    );
    assert_eq!(hiring::plan(&f.conn, feb, day(2026, 2, 28)).unwrap(), vec![row("IT", feb, 4)]);
    assert_eq!(
        event_actions(&f.conn, "hiring_plan"),
        vec![(202601, "set".into()), (202602, "set".into()), (202602, "set".into()), (202603, "set".into())]
    );

    let bad = [row("IT", day(2026, 4, 2), 1), row("", mar, -1), row("it", mar, 5), row("IT", mar, 6), row("*", mar, 1)];
    assert_eq!(
        field_errors(set_plan(&mut f.conn, &bad)),
        vec![
            ("rows.0.month".into(), "must be the first day of a month".into()),
            ("rows.1.department".into(), "is required".into()),
            ("rows.1.starters".into(), "must be between 0 and 100000".into()),
            ("rows.3.department".into(), "IT 2026-03 is already on row 3".into()),
            ("rows.4.department".into(), "'*' is only for kits; name the department".into()),
        ]
    );
    assert_eq!(hiring::plan(&f.conn, mar, mar).unwrap(), vec![row("IT", mar, 0)]);
}

#[test]
fn a_good_hr_file_imports_with_either_month_form_and_the_new_starters_header() {
    let mut f = fixture();
    let text = "\u{feff}Department,Month,New Starters\nFinance,2026-03,2\nSales,2026-03-01,5\n\nSales,2026-04,0\n";
    let rows = hiring::parse_plan_csv(text).unwrap();
    let (mar, apr) = (day(2026, 3, 1), day(2026, 4, 1));
    assert_eq!(rows, vec![row("Finance", mar, 2), row("Sales", mar, 5), row("Sales", apr, 0)]);
    let n = tagledger_core::write(&mut f.conn, |tx| hiring::import_plan(tx, &change(), &rows)).unwrap();
    assert_eq!(n, 3);
    assert_eq!(hiring::plan(&f.conn, mar, apr).unwrap(), rows);
}

#[test]
fn a_bad_hr_file_reports_every_error_together() {
    let text = "department,month,starters\n\
                Finance,2026-03,2\n\
                Sales,March,4\n\
                ,2026-03,-1\n\
                finance,2026-03-01,x\n\
                FINANCE,2026-03,1\n";
    let errors = hiring::parse_plan_csv(text).unwrap_err();
    let shown: Vec<String> = errors.iter().map(RowError::to_string).collect();
    assert_eq!(
        shown,
        vec![
            "line 3, column month: 'March' is not a month; use YYYY-MM",
            "line 4, column department: is required",
            "line 4, column starters: -1 is negative",
            "line 5, column starters: 'x' is not a whole number",
            "line 6, column department: FINANCE 2026-03 is already on line 2",
        ]
    );
    assert_eq!(
        hiring::parse_plan_csv("department,starters\nIT,1\n").unwrap_err(),
        vec![RowError { line: 1, column: None, message: "the file has no 'month' column".into() }]
    );
    assert_eq!(
        hiring::parse_plan_csv("department,month,starters\nIT,2026-03-15,1\nIT,2026-04\n")
            .unwrap_err()
            .iter()
            .map(RowError::to_string)
            .collect::<Vec<_>>(),
        vec![
            "line 2, column month: '2026-03-15' is not a month; use YYYY-MM",
            "line 3: has 2 fields but the header has 3",
        ]
    );
}

/// Headsets: the '*' kit has 1, Sales' own kit has 2; Finance uses the '*' kit; IT's own
/// kit has no headset, so IT starters need none (the '*' kit does not fill in).
fn kits_and_plan(conn: &mut Connection) -> (i64, i64) {
    let (headset, mouse) = (new_item(conn, "HS-1"), new_item(conn, "MS-1"));
    create_kit(conn, &kit_input("Standard", "*", &[(headset, 1), (mouse, 1)])).unwrap();
    create_kit(conn, &kit_input("Sales kit", "sales", &[(headset, 2)])).unwrap();
    create_kit(conn, &kit_input("IT kit", "IT", &[(mouse, 3)])).unwrap();
    set_plan(
        conn,
        &[
            row("Finance", day(2026, 3, 1), 2),
            row("Sales", day(2026, 3, 1), 5),
            row("IT", day(2026, 3, 1), 4),
            row("Sales", day(2026, 5, 1), 1),
            row("Finance", day(2026, 7, 1), 9),
        ],
    )
    .unwrap();
    (headset, mouse)
}

#[test]
fn kit_demand_uses_a_departments_own_kit_or_else_the_every_department_kit() {
    let mut f = fixture();
    let (headset, mouse) = kits_and_plan(&mut f.conn);
    // March headsets: Finance 2 × 1 + Sales 5 × 2 + IT 4 × 0 = 12; May: Sales 1 × 2 = 2.
    assert_eq!(
        hiring::kit_demand(&f.conn, headset, day(2026, 2, 17), 4).unwrap(),
        vec![(day(2026, 2, 1), 0), (day(2026, 3, 1), 12), (day(2026, 4, 1), 0), (day(2026, 5, 1), 2)]
    );
    // March mice: Finance 2 × 1 + Sales 5 × 0 + IT 4 × 3 = 14.
    assert_eq!(hiring::kit_demand(&f.conn, mouse, day(2026, 3, 1), 1).unwrap(), vec![(day(2026, 3, 1), 14)]);
    assert_eq!(hiring::kit_demand(&f.conn, mouse, day(2026, 3, 1), 0).unwrap(), vec![]);
}

#[test]
fn forecast_with_hiring_adds_exactly_the_kit_demand() {
    let mut f = fixture();
    let (headset, _) = kits_and_plan(&mut f.conn);
    // Six months of 6 headsets a month before March 2026: every method forecasts 6.
    let key = StockKey::ours(headset, f.ids.room);
    let at = |d: NaiveDate| Change {
        actor: "tester".into(),
        at: DateTime::<Utc>::from_naive_utc_and_offset(d.and_hms_opt(12, 0, 0).unwrap(), Utc),
    };
    tagledger_core::write(&mut f.conn, |tx| {
        stock::receive(tx, &at(day(2025, 8, 1)), &Receipt { stock: key, quantity: 100, ..Default::default() })?;
        for m in 0..6 {
            let issue = Issue {
                stock: key,
                quantity: 6,
                issued_to: Some("IT".into()),
                reason: "use".into(),
                ..Default::default()
            };
            stock::issue(tx, &at(day(2025, 9, 10) + Months::new(m)), &issue)?;
        }
        Ok(())
    })
    .unwrap();

    let with = hiring::forecast_with_hiring(&f.conn, headset, day(2026, 3, 20), 3).unwrap();
    assert_eq!(with.forecast.months, vec![day(2026, 3, 1), day(2026, 4, 1), day(2026, 5, 1)]);
    assert_eq!(with.forecast.chosen_result().forecast, vec![6.0, 6.0, 6.0]);
    assert_eq!(with.kit_demand, vec![12.0, 0.0, 2.0]);
    assert_eq!(with.total, vec![18.0, 6.0, 8.0]);
    // The baseline is the plain forecast, untouched by the plan.
    let plain = tagledger_core::forecast::forecast_item(&f.conn, headset, day(2026, 3, 20), 3).unwrap();
    assert_eq!(with.forecast, plain);
}

#[test]
fn the_kit_demand_table_lists_every_kit_item_by_month() {
    let mut f = fixture();
    kits_and_plan(&mut f.conn);
    // An item on no kit line is left out; one on a kit the plan never reaches shows zeros.
    new_item(&mut f.conn, "ZZ-UNUSED");
    let table = hiring::kit_demand_table(&f.conn, day(2026, 3, 9), 3).unwrap();
    assert_eq!(table.months, vec![day(2026, 3, 1), day(2026, 4, 1), day(2026, 5, 1)]);
    let shown: Vec<_> = table.items.iter().map(|i| (i.sku.as_str(), i.quantities.clone(), i.total)).collect();
    // Headsets as in kit_demand: 12, 0, 2. Mice: March 14 (above); May Sales 1 × 0 = 0.
    // Finance's 9 in July is outside the three months.
    assert_eq!(shown, vec![("HS-1", vec![12, 0, 2], 14), ("MS-1", vec![14, 0, 0], 14)]);
    // Every figure is what kit_demand gives the item alone.
    for item in &table.items {
        let alone: Vec<i64> = hiring::kit_demand(&f.conn, item.item_id, day(2026, 3, 1), 3)
            .unwrap()
            .into_iter()
            .map(|(_, q)| q)
            .collect();
        assert_eq!(alone, item.quantities);
    }
    assert!(hiring::kit_demand_table(&f.conn, day(2026, 3, 1), 0).unwrap().items.iter().all(|i| i.total == 0));
}
