//! Any bytes as a batch scanner's file: the parser must never panic, every rejection
//! must name its line (and a column within it, when it has one), every code it accepts
//! must be one a scan accepts, and a load must scan every code of a valid file and
//! nothing of an invalid one. Every load is rolled back, so runs do not affect each other.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tagledger_core::audits::{self, AuditInput, AuditScope, MAX_CODE_CHARS};
use tagledger_core::{reference, store, Change, Connection, Error};

struct Audit {
    conn: Connection,
    id: i64,
    room: i64,
}

thread_local! {
    static AUDIT: std::cell::RefCell<Audit> = std::cell::RefCell::new(setup());
}

fn setup() -> Audit {
    let mut conn = store::open_in_memory().unwrap();
    let change = Change::now("fuzz");
    let (id, room) = tagledger_core::write(&mut conn, |tx| {
        let site = reference::create_location(tx, &change, None, "Site")?;
        let room = reference::create_location(tx, &change, Some(site), "Room")?;
        let input = AuditInput {
            name: "Fuzz".into(),
            scope: AuditScope { location_id: Some(site), category_ids: vec![] },
            notes: String::new(),
        };
        Ok((audits::start(tx, &change, &input)?.id, room))
    })
    .unwrap();
    Audit { conn, id, room }
}

fn check(text: &str) {
    let lines = text.lines().count();
    let parsed = audits::parse_scan_file(text);
    match &parsed {
        Ok(codes) => {
            for code in codes {
                assert!(code.line >= 1 && code.line <= lines, "line {} of {lines}", code.line);
                let c = code.code.as_str();
                assert!(!c.is_empty() && c.chars().count() <= MAX_CODE_CHARS, "{c:?}");
                assert!(!c.chars().any(|ch| ch.is_whitespace() || ch.is_control()), "{c:?}");
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.line >= 1 && e.line <= lines, "{e} (of {lines} lines)");
                let raw_len = text
                    .strip_prefix('\u{FEFF}')
                    .unwrap_or(text)
                    .lines()
                    .nth(e.line - 1)
                    .map_or(0, |l| l.chars().count());
                assert!(e.column <= raw_len, "{e}: column past the end of a {raw_len}-character line");
                assert!(e.to_string().starts_with(&format!("line {}", e.line)), "{e}");
            }
        }
    }
    AUDIT.with(|audit| {
        let mut audit = audit.borrow_mut();
        let (id, room) = (audit.id, audit.room);
        let result = tagledger_core::write(&mut audit.conn, |tx| {
            let change = Change::now("fuzz");
            match (audits::load_scan_file(tx, &change, id, text, room), &parsed) {
                (Ok(loaded), Ok(codes)) => assert_eq!(loaded.scanned + loaded.already_scanned, codes.len()),
                (Err(Error::Invalid(fields)), Err(errors)) => {
                    assert_eq!(fields.len(), errors.len());
                    assert!(fields.iter().all(|f| f.field.starts_with("line ")), "{fields:?}");
                    let scanned = audits::summary(tx, id)?.unexpected;
                    assert_eq!(scanned, 0, "a refused file scanned something");
                }
                // A file of only blank lines and comments.
                (Err(Error::Invalid(fields)), Ok(codes)) => {
                    assert!(codes.is_empty() && fields[0].field == "file", "{fields:?}")
                }
                (other, _) => panic!("unexpected result {:?}", other.map(|_| ())),
            }
            // Roll back: the next input starts from the same empty audit.
            Err::<(), _>(Error::Cancelled)
        });
        assert!(matches!(result, Err(Error::Cancelled)));
    });
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => check(text),
        // What an app reading a file in a legacy encoding would pass on.
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});
