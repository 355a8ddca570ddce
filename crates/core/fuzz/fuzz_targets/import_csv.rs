//! Any bytes as a CSV import: the importer must never panic, must reject a bad file
//! with errors that name their line (and column), and must write nothing unless the
//! whole file is valid. Every run is rolled back, so runs do not affect each other.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tagledger_core::import::{self, ImportOptions};
use tagledger_core::{store, Change, Connection, Error};

thread_local! {
    static DB: std::cell::RefCell<Connection> = std::cell::RefCell::new(store::open_in_memory().unwrap());
}

fuzz_target!(|data: &[u8]| {
    DB.with(|db| {
        let mut conn = db.borrow_mut();
        let before: i64 = conn.query_row("SELECT count(*) FROM assets", [], |r| r.get(0)).unwrap();
        for create_missing in [false, true] {
            let options = ImportOptions { create_missing };
            let result = tagledger_core::write(&mut conn, |tx| {
                let plan = import::plan(tx, data, "fuzz.csv", &options)?;
                for error in &plan.report.errors {
                    assert!(error.line >= 1, "an error without a line: {error}");
                    assert!(error.to_string().starts_with("line "), "{error}");
                }
                if plan.report.errors.is_empty() && plan.report.rows > 0 {
                    let change = Change::now("fuzz".to_string());
                    let written = import::commit(tx, &change, &plan, &mut |_, _| true)?;
                    assert_eq!(written, plan.report.rows);
                }
                // Roll back: the next input starts from the same empty register.
                Err::<(), _>(Error::Cancelled)
            });
            assert!(result.is_err());
            let after: i64 = conn.query_row("SELECT count(*) FROM assets", [], |r| r.get(0)).unwrap();
            assert_eq!(before, after, "a rolled-back import left rows behind");
        }
    });
});
