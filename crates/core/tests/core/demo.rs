//! The demo's stock: realistic enough to show every screen something, and consistent
//! with every rule the app enforces (it is made through the same core functions).

use tagledger_core::demo::{self, DemoSize};
use tagledger_core::{events, stock, store, write, Change, Connection};

fn demo(seed: u64, stock_items: u64, stock_months: u32) -> Connection {
    let mut conn = store::open_in_memory().unwrap();
    let change = Change { actor: "demo".into(), at: "2026-12-01T12:00:00Z".parse().unwrap() };
    let size = DemoSize { assets: 30, people: 15, stock_items, stock_months };
    write(&mut conn, |tx| demo::generate(tx, &change, seed, &size, &mut |_, _| {})).unwrap();
    conn
}

fn one(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn two_years_of_stock_history_keep_every_rule() {
    let conn = demo(7, 150, 24);
    assert_eq!(one(&conn, "SELECT count(*) FROM stock_items"), 147);
    assert_eq!(stock::verify_balances(&conn).unwrap(), [], "balances equal the ledger");
    assert!(events::verify(&conn, &|| false).unwrap().intact());
    // Every item has a preferred offer and reorder rules where it is kept.
    assert_eq!(one(&conn, "SELECT count(DISTINCT item_id) FROM supplier_offers WHERE preferred = 1"), 147);
    assert!(one(&conn, "SELECT count(*) FROM reorder_settings") >= 147);
    // Two years of use: thousands of issues, spread over every month.
    assert!(one(&conn, "SELECT count(*) FROM stock_movements WHERE kind = 'issue'") > 5_000);
    assert_eq!(one(&conn, "SELECT count(DISTINCT substr(at, 1, 7)) FROM stock_movements WHERE kind = 'issue'"), 24);
    // New-starter waves: September's keyboards outnumber June's.
    let month = |m: &str| {
        one(
            &conn,
            &format!(
                "SELECT -sum(quantity) FROM stock_movements m JOIN stock_items i ON i.id = m.item_id
                 WHERE m.kind = 'issue' AND i.sku LIKE 'KB-%' AND substr(m.at, 6, 2) = '{m}'"
            ),
        )
    };
    assert!(month("09") > month("06") * 3 / 2, "September {} vs June {}", month("09"), month("06"));
    // Purchasing: orders received, some in parts, some late, some short and closed.
    assert!(one(&conn, "SELECT count(*) FROM purchase_orders WHERE status = 'received'") > 100);
    assert!(one(&conn, "SELECT count(*) FROM purchase_orders WHERE status = 'closed'") > 0);
    assert!(one(&conn, "SELECT count(*) FROM purchase_order_lines WHERE last_received_on > promised_on") > 10);
    assert!(one(&conn, "SELECT count(*) FROM purchase_order_lines WHERE rejected_qty > 0") > 0);
    assert!(one(&conn, "SELECT count(*) FROM goods_receipts") > one(&conn, "SELECT count(*) FROM purchase_orders") / 2);
    // Stockouts happen, and older ones have a cause.
    assert!(one(&conn, "SELECT count(*) FROM stockouts WHERE cause IS NOT NULL") > 10);
    assert!(one(&conn, "SELECT count(*) FROM stockouts WHERE cause = 'late_supplier'") > 0);
    // Toner in London is the supplier's until used.
    assert!(
        one(&conn, "SELECT count(*) FROM stock_movements WHERE owner_supplier_id IS NOT NULL AND kind = 'issue'") > 0
    );
}

#[test]
fn the_same_seed_makes_the_same_stock() {
    let ledger = |conn: &Connection| -> Vec<(i64, i64, String, i64)> {
        let mut stmt =
            conn.prepare("SELECT item_id, location_id, kind, quantity FROM stock_movements ORDER BY id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
    };
    let (a, b) = (demo(3, 20, 4), demo(3, 20, 4));
    assert!(!ledger(&a).is_empty());
    assert_eq!(ledger(&a), ledger(&b));
    assert_eq!(one(&demo(3, 0, 24), "SELECT count(*) FROM stock_items"), 0);
}
