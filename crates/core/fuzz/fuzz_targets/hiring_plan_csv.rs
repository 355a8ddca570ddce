//! Any bytes as HR's hiring-plan CSV: the parser must never panic, every rejection must
//! name a line of the file, and an accepted plan must be one `import_plan` writes whole
//! (each import is rolled back, so runs do not affect each other).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tagledger_core::hiring::{self, MAX_STARTERS};
use tagledger_core::{store, Change, Connection, Error};

thread_local! {
    static DB: std::cell::RefCell<Connection> = std::cell::RefCell::new(store::open_in_memory().unwrap());
}

fn check(text: &str) {
    // csv counts a lone '\r' as a line end too; allow for it in the line bound.
    let lines = text.split(['\n', '\r']).count() as u64 + 1;
    match hiring::parse_plan_csv(text) {
        Ok(rows) => {
            for row in &rows {
                assert!((0..=MAX_STARTERS).contains(&row.starters), "{row:?}");
                assert!(!row.department.trim().is_empty(), "{row:?}");
                assert_eq!(hiring::month_of(row.month), row.month, "{row:?}");
            }
            DB.with(|db| {
                let mut conn = db.borrow_mut();
                let result = tagledger_core::write(&mut conn, |tx| {
                    hiring::import_plan(tx, &Change::now("fuzz"), &rows)?;
                    Err::<(), _>(Error::Cancelled)
                });
                assert!(matches!(result, Err(Error::Cancelled)), "an accepted plan failed to import: {result:?}");
            });
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(e.line >= 1 && e.line <= lines, "{e} (file of about {lines} lines)");
                assert!(e.to_string().starts_with(&format!("line {}", e.line)), "{e}");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => check(text),
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});
