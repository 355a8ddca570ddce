use tagledger_core::import::{self, ImportOptions};
use tagledger_core::register::AssetFilter;
use tagledger_core::{assets, events, export, write, Error};

use crate::{change, fixture, Fixture};

fn check(f: &Fixture, csv: &str, create_missing: bool) -> Vec<String> {
    let plan = import::plan(&f.conn, csv.as_bytes(), "test.csv", &ImportOptions { create_missing }).unwrap();
    plan.report.errors.iter().map(ToString::to_string).collect()
}

fn import_file(f: &mut Fixture, csv: &str, create_missing: bool) -> tagledger_core::Result<u32> {
    let c = change();
    write(&mut f.conn, |tx| {
        let plan = import::plan(tx, csv.as_bytes(), "test.csv", &ImportOptions { create_missing })?;
        import::commit(tx, &c, &plan, &mut |_, _| true)
    })
}

const GOOD: &str = "tag,name,category,model,location,status,assigned_to,purchase_date,purchase_cost,currency,RAM (GB)\n\
AT-100,Zoë's laptop,Laptops,Latitude 5440,London HQ › North Tower › IT Store,deployed,zoe@example.org,2024-03-01,1299.00,EUR,16\n\
AT-101,\"Spare, boxed\",Monitors,,IT Store,in stock,,,,,\n";

#[test]
fn a_valid_file_imports_every_row_with_an_event_each() {
    let mut f = fixture();
    assert_eq!(check(&f, GOOD, false), Vec::<String>::new());
    assert_eq!(import_file(&mut f, GOOD, false).unwrap(), 2);
    let a = assets::lookup(&f.conn, "AT-100").unwrap().unwrap();
    assert_eq!(a.assigned_to_name.as_deref(), Some("Zoë Müller"));
    assert_eq!(a.purchase_cost.map(|m| m.minor), Some(129_900));
    assert_eq!(a.custom_fields.get("RAM (GB)").map(String::as_str), Some("16"));
    let b = assets::lookup(&f.conn, "AT-101").unwrap().unwrap();
    assert_eq!(
        (b.name.as_str(), b.status.as_str(), b.location_name.as_str()),
        ("Spare, boxed", "deployable", "IT Store")
    );
    let history = events::history(&f.conn, "asset", a.id).unwrap();
    assert_eq!(history[0].action, "imported");
    assert_eq!(history[0].after.as_ref().unwrap()["source"], "test.csv");
}

#[test]
fn bad_rows_are_reported_by_line_and_column_and_nothing_is_written() {
    let mut f = fixture();
    let csv = "tag,name,category,location,purchase_date,purchase_cost,RAM (GB)\n\
AT-1,Good,Laptops,IT Store,2024-01-01,10,8\n\
AT-2,Bad date,Laptops,IT Store,2024-02-30,10,8\n\
AT-3,Negative,Laptops,IT Store,,-4,8\n\
AT-1,Duplicate,Laptops,IT Store,,,8\n\
AT-5,Unknown cat,Tablets,IT Store,,,\n\
AT-6,Unknown place,Laptops,Basement,,,8\n\
AT-7,Text cost,Laptops,,,ten,8\n\
AT-8,Too few\n\
AT-9,No RAM,Laptops,,,,\n";
    let errors = check(&f, csv, false);
    assert_eq!(
        errors,
        [
            "line 3, column purchase_date: '2024-02-30' is not a date (expected YYYY-MM-DD)",
            "line 4, column purchase_cost: '-4' is negative; costs cannot be negative",
            "line 5, column tag: tag AT-1 is also on line 2",
            "line 6, column category: unknown category 'Tablets' (create it first, or import with \"create missing\")",
            "line 7, column location: unknown location 'Basement' (create it first, or import with \"create missing\")",
            "line 8, column purchase_cost: 'ten' is not an amount (expected e.g. 1234.50)",
            "line 9: has 2 fields but the header has 7",
            "line 10, column RAM (GB): is required",
        ]
    );
    let err = import_file(&mut f, csv, false).unwrap_err();
    assert!(err.to_string().contains("8 error(s)"), "{err}");
    assert_eq!(assets::count(&f.conn).unwrap(), 0, "nothing imported");
}

#[test]
fn tags_already_in_the_register_and_bad_encoding_are_errors() {
    let mut f = fixture();
    import_file(&mut f, GOOD, false).unwrap();
    assert_eq!(check(&f, GOOD, false)[0], "line 2, column tag: tag AT-100 is already in the register");
    let mut latin1 = b"tag,name,category\nAT-9,Caf".to_vec();
    latin1.extend([0xE9, b',']);
    latin1.extend(b"Monitors\n");
    let plan = import::plan(&f.conn, &latin1, "x.csv", &ImportOptions::default()).unwrap();
    assert_eq!(plan.report.errors[0].to_string(), "line 2, column name: is not valid UTF-8; save the file as UTF-8");
}

#[test]
fn snipe_it_exports_with_a_bom_import_with_create_missing() {
    let mut f = fixture();
    let csv = "\u{feff}ID,Company,Asset Name,Asset Tag,Model,Model No.,Category,Manufacturer,Serial,Purchase Date,Purchase Cost,Order Number,Supplier,Location,Status,Warranty Expires,Notes\n\
1,Acme,Reception iPad,SN-0001,iPad Air 5,A2588,Tablets,Apple,DMPX123,2023-05-04,649.00,PO-77,Insight,Madrid Office/Torre Norte/Planta 4,Ready to Deploy,2025-05-04,front desk\n\
2,Acme,Boardroom screen,SN-0002,P2423D,,Monitors,Dell,CN0X1,2022-01-01,\"1,049.99\",,Insight,IT Store,Archived,,\n";
    assert_eq!(check(&f, csv, false).len(), 5, "{:?}", check(&f, csv, false));
    let plan = import::plan(&f.conn, csv.as_bytes(), "snipe.csv", &ImportOptions { create_missing: true }).unwrap();
    assert!(plan.report.errors.is_empty(), "{:?}", plan.report.errors);
    assert_eq!(plan.report.ignored_columns, ["ID", "Company", "Model No."]);
    assert_eq!(
        plan.report.will_create,
        [
            "category: Tablets",
            "location: Madrid Office › Torre Norte › Planta 4",
            "model: P2423D",
            "model: iPad Air 5",
            "supplier: Insight"
        ]
    );
    assert_eq!(import_file(&mut f, csv, true).unwrap(), 2);
    let ipad = assets::lookup(&f.conn, "SN-0001").unwrap().unwrap();
    assert_eq!(
        (ipad.category_name.as_str(), ipad.model_name.as_str(), ipad.location_name.as_str(), ipad.status.as_str()),
        ("Tablets", "iPad Air 5", "Planta 4", "deployable")
    );
    assert_eq!(assets::lookup(&f.conn, "SN-0002").unwrap().unwrap().purchase_cost.unwrap().minor, 104_999);
}

#[test]
fn a_cancelled_import_rolls_back_completely() {
    let mut f = fixture();
    let mut csv = String::from("name,category\n");
    for i in 0..1200 {
        csv.push_str(&format!("Monitor {i},Monitors\n"));
    }
    let c = change();
    let events_before = events::count(&f.conn).unwrap();
    let result = write(&mut f.conn, |tx| {
        let plan = import::plan(tx, csv.as_bytes(), "big.csv", &ImportOptions::default())?;
        import::commit(tx, &c, &plan, &mut |done, _| done < 1000)
    });
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert_eq!(assets::count(&f.conn).unwrap(), 0);
    assert_eq!(events::count(&f.conn).unwrap(), events_before, "no event of the import remains");
}

#[test]
fn an_export_imports_back_into_an_empty_register_unchanged() {
    let mut f = fixture();
    import_file(&mut f, GOOD, false).unwrap();
    let mut out = Vec::new();
    assert_eq!(export::write_csv(&f.conn, &AssetFilter::default(), &mut out).unwrap(), 2);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("tag,serial,name,model,manufacturer,category,location,status,assigned_to"));

    let mut g = fixture();
    assert_eq!(import_file(&mut g, &text, false).unwrap(), 2);
    let a = |conn: &tagledger_core::Connection| {
        let mut x = assets::lookup(conn, "AT-100").unwrap().unwrap();
        x.created_at.clear();
        x.updated_at.clear();
        x
    };
    assert_eq!(a(&f.conn), a(&g.conn));
}

#[test]
fn empty_and_headerless_files_are_clear_errors() {
    let f = fixture();
    assert!(import::plan(&f.conn, b"", "e.csv", &ImportOptions::default()).is_err());
    assert_eq!(check(&f, "name,category\n", false), ["line 2: the file has a header but no rows"]);
    assert_eq!(
        check(&f, "foo,bar\n1,2\n", false),
        ["line 1: the file has no 'name' column", "line 1: the file has no 'category' column"]
    );
}
