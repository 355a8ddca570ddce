//! Crash safety, proven: a real `tagledger import` of 10,000 assets is killed with
//! SIGKILL at random moments; after every kill the database file must pass SQLite's
//! integrity and foreign-key checks and hold exactly the state before the import or
//! after all of it — never part of it. 20 kills by default, 100 with TAGLEDGER_SLOW=1
//! (`cargo xtask test --slow`). Figures go to target/reliability/crash.json.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const IMPORTED: i64 = 10_000;

fn tagledger(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tagledger"));
    c.arg("--db").arg(db);
    c
}

/// (assets, events) after checking the file is sound.
fn checked_state(db: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "integrity_check after a kill");
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0, "foreign keys after a kill");
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (count("SELECT count(*) FROM assets"), count("SELECT count(*) FROM events"))
}

/// xorshift64*: kill moments that differ per run but can be replayed from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn an_import_killed_at_random_moments_leaves_all_or_nothing() {
    let kills = if std::env::var_os("TAGLEDGER_SLOW").is_some() { 100 } else { 20 };
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    let out =
        tagledger(&base).args(["demo", "--stock-items", "0", "--assets", "200", "--people", "20"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // 10,000 valid new rows: the demo's own export with fresh tags.
    let export = dir.path().join("export.csv");
    assert!(tagledger(&base).arg("export").arg("assets").arg(&export).output().unwrap().status.success());
    let text = std::fs::read_to_string(&export).unwrap();
    let mut lines = text.lines();
    let mut csv = format!("{}\n", lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    for i in 0..IMPORTED as usize {
        let row = rows[i % rows.len()];
        let rest = row.split_once(',').unwrap().1;
        csv.push_str(&format!("CR-{i:06},{rest}\n"));
    }
    let csv_path = dir.path().join("big.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let (assets_before, events_before) = checked_state(&base);

    // One whole import, to know how long one takes (and that the file is valid).
    let work = dir.path().join("work.db");
    std::fs::copy(&base, &work).unwrap();
    let started = Instant::now();
    let out = tagledger(&work).arg("import").arg("assets").arg(&csv_path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = started.elapsed();
    assert_eq!(checked_state(&work), (assets_before + IMPORTED, events_before + IMPORTED));

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("crash test: {kills} kills, seed {seed}, a whole import takes {full:?}");
    let mut rng = Rng(seed);
    let (mut before, mut after) = (0, 0);
    for kill in 0..kills {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
        }
        std::fs::copy(&base, &work).unwrap();
        let mut child = tagledger(&work)
            .arg("import")
            .arg("assets")
            .arg(&csv_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere from start-up to just past the end of a whole import.
        let at = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 11 / 10 + 1));
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL on Unix: no destructor, no rollback, no flush runs.
        let _ = child.wait();
        let state = checked_state(&work);
        if state == (assets_before, events_before) {
            before += 1;
        } else if state == (assets_before + IMPORTED, events_before + IMPORTED) {
            after += 1;
        } else {
            panic!("kill {kill} at {at:?} (seed {seed}) left a partial import: {state:?}");
        }
    }
    eprintln!("crash test: {kills} kills survived: {before} left the state before the import, {after} after it");
    let figures = serde_json::json!({
        "kills": kills,
        "state_before_import": before,
        "state_after_import": after,
        "corrupt_or_partial": 0,
        "rows_per_import": IMPORTED,
        "whole_import_s": full.as_secs_f64(),
        "seed": seed,
    });
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/reliability");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("crash.json"), serde_json::to_string_pretty(&figures).unwrap()).unwrap();
}

/// (goods receipt lines, stock movements, events, units on hand) after checking the
/// file is sound.
fn receipt_state(db: &Path) -> (i64, i64, i64, i64) {
    checked_state(db);
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        count("SELECT count(*) FROM goods_receipt_lines"),
        count("SELECT count(*) FROM stock_movements"),
        count("SELECT count(*) FROM events"),
        count("SELECT ifnull(sum(on_hand), 0) FROM stock_balances"),
    )
}

/// A goods receipt is a batch of stock movements: 1,000 order lines received in one
/// `tagledger receive`, each putting stock on a shelf. Killed at random moments, it
/// leaves the whole receipt or none of it.
#[test]
fn a_goods_receipt_killed_at_random_moments_leaves_all_or_nothing() {
    use tagledger_core::purchasing::{self, LineInput, OrderInput};
    use tagledger_core::stock::{self, StockItemInput};
    use tagledger_core::{reference, Change};

    const LINES: i64 = 1_000;
    let kills = if std::env::var_os("TAGLEDGER_SLOW").is_some() { 100 } else { 20 };
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    {
        let mut conn = tagledger_core::store::open(&base).unwrap();
        let c = Change { actor: "crash-test".into(), at: "2026-03-01T09:00:00Z".parse().unwrap() };
        tagledger_core::write(&mut conn, |tx| {
            let store = reference::create_location(tx, &c, None, "Store")?;
            let supplier = reference::create_supplier(tx, &c, "CDW", None, None, None)?;
            let mut lines = Vec::new();
            for i in 0..LINES {
                let sku = format!("CR-{i:04}");
                let item = stock::create_item(
                    tx,
                    &c,
                    &StockItemInput { sku, name: format!("Part {i}"), ..Default::default() },
                )?;
                lines.push(LineInput {
                    item_id: Some(item.id),
                    quantity: 5,
                    unit_price: Some("1.25".into()),
                    ..Default::default()
                });
            }
            let order = purchasing::create_order(
                tx,
                &c,
                &OrderInput {
                    supplier_id: supplier,
                    deliver_to_id: store,
                    freight: Some("30.00".into()),
                    lines,
                    ..Default::default()
                },
            )?;
            purchasing::approve(tx, &c, order.id)?;
            purchasing::send(tx, &c, order.id, "2026-03-02".parse().unwrap())
        })
        .unwrap();
    }
    let before = receipt_state(&base);
    assert_eq!((before.0, before.1, before.3), (0, 0, 0));

    let receive = |db: &Path| {
        let mut c = tagledger(db);
        c.args(["receive", "PO-000001", "--on", "2026-03-05"]);
        c
    };
    let work = dir.path().join("work.db");
    std::fs::copy(&base, &work).unwrap();
    let started = Instant::now();
    let out = receive(&work).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = started.elapsed();
    let after = receipt_state(&work);
    assert_eq!((after.0, after.1, after.3), (LINES, LINES, LINES * 5));

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("receipt crash test: {kills} kills, seed {seed}, a whole receipt takes {full:?}");
    let mut rng = Rng(seed);
    let (mut none, mut all) = (0, 0);
    for kill in 0..kills {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
        }
        std::fs::copy(&base, &work).unwrap();
        let mut child = receive(&work).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let at = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 11 / 10 + 1));
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let state = receipt_state(&work);
        if state == before {
            none += 1;
        } else if state == after {
            all += 1;
        } else {
            panic!("kill {kill} at {at:?} (seed {seed}) left part of a goods receipt: {state:?}");
        }
    }
    eprintln!("receipt crash test: {kills} kills survived: {none} before the receipt, {all} after it");
    let figures = serde_json::json!({
        "kills": kills,
        "state_before_receipt": none,
        "state_after_receipt": all,
        "corrupt_or_partial": 0,
        "lines_per_receipt": LINES,
        "whole_receipt_s": full.as_secs_f64(),
        "seed": seed,
    });
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/reliability");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("crash-receipt.json"), serde_json::to_string_pretty(&figures).unwrap()).unwrap();
}

/// (count movements, stock movements, events, units on hand) after checking the file is
/// sound.
fn count_state(db: &Path) -> (i64, i64, i64, i64) {
    checked_state(db);
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        count("SELECT count(*) FROM stock_movements WHERE kind = 'count'"),
        count("SELECT count(*) FROM stock_movements"),
        count("SELECT count(*) FROM events"),
        count("SELECT ifnull(sum(on_hand), 0) FROM stock_balances"),
    )
}

/// A stock movement batch: a whole count of 1,000 shelves (`tagledger stock count
/// --file`, the same `stock::count_lines` the app's scan count posts). Killed at random
/// moments, it leaves every variance booked or none.
#[test]
fn a_stock_count_batch_killed_at_random_moments_leaves_all_or_nothing() {
    use tagledger_core::stock::{self, Receipt, StockItemInput, StockKey};
    use tagledger_core::{reference, Change};

    const LINES: i64 = 1_000;
    let kills = if std::env::var_os("TAGLEDGER_SLOW").is_some() { 100 } else { 20 };
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    let mut csv = String::from("sku,counted\n");
    {
        let mut conn = tagledger_core::store::open(&base).unwrap();
        let c = Change { actor: "crash-test".into(), at: "2026-03-01T09:00:00Z".parse().unwrap() };
        tagledger_core::write(&mut conn, |tx| {
            let store = reference::create_location(tx, &c, None, "Store")?;
            for i in 0..LINES {
                let sku = format!("CT-{i:04}");
                let item = stock::create_item(
                    tx,
                    &c,
                    &StockItemInput { sku: sku.clone(), name: format!("Part {i}"), ..Default::default() },
                )?;
                let receipt = Receipt { stock: StockKey::ours(item.id, store), quantity: 10, ..Default::default() };
                stock::receive(tx, &c, &receipt)?;
                csv.push_str(&format!("{sku},7\n"));
            }
            Ok(())
        })
        .unwrap();
    }
    let counts = dir.path().join("counts.csv");
    std::fs::write(&counts, csv).unwrap();
    let before = count_state(&base);
    assert_eq!((before.0, before.1, before.3), (0, LINES, LINES * 10));

    let count = |db: &Path| {
        let mut c = tagledger(db);
        c.args(["stock", "count", "--location", "Store", "--reference", "CS-CRASH", "--file"]).arg(&counts);
        c
    };
    let work = dir.path().join("work.db");
    std::fs::copy(&base, &work).unwrap();
    let started = Instant::now();
    let out = count(&work).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = started.elapsed();
    let after = count_state(&work);
    assert_eq!((after.0, after.1, after.3), (LINES, 2 * LINES, LINES * 7));

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("count crash test: {kills} kills, seed {seed}, a whole count takes {full:?}");
    let mut rng = Rng(seed);
    let (mut none, mut all) = (0, 0);
    for kill in 0..kills {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
        }
        std::fs::copy(&base, &work).unwrap();
        let mut child = count(&work).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let at = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 11 / 10 + 1));
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let state = count_state(&work);
        if state == before {
            none += 1;
        } else if state == after {
            all += 1;
        } else {
            panic!("kill {kill} at {at:?} (seed {seed}) left part of a stock count: {state:?}");
        }
    }
    eprintln!("count crash test: {kills} kills survived: {none} before the count, {all} after it");
    let figures = serde_json::json!({
        "kills": kills,
        "state_before_count": none,
        "state_after_count": all,
        "corrupt_or_partial": 0,
        "lines_per_count": LINES,
        "whole_count_s": full.as_secs_f64(),
        "seed": seed,
    });
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/reliability");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("crash-count.json"), serde_json::to_string_pretty(&figures).unwrap()).unwrap();
}
