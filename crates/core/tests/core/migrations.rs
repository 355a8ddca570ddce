//! Upgrades from every earlier schema version, with a register as that release could
//! have left it: rows in every table the version has. After the upgrade every row is
//! still there, the register, dashboard and asset detail read it, and the event log's
//! hash chain is intact (events written before the chain existed are hashed by the
//! upgrade).

use chrono::NaiveDate;
use tagledger_core::{assets, dashboard, events, register, stock, store, Change};

/// Rows a release at `version` could hold, added on top of those of earlier versions.
fn fill(conn: &rusqlite::Connection, version: i64) {
    let sql = match version {
        1 => {
            "INSERT INTO settings (key, value) VALUES ('organisation_name', 'Old Co'), ('tag_sequence', '2');
             INSERT INTO locations (id, parent_id, kind, name, path) VALUES
                 (1, NULL, 'site', 'HQ', '/1/'), (2, 1, 'building', 'Main', '/1/2/'), (3, 2, 'room', 'Store', '/1/2/3/');
             INSERT INTO categories (id, name) VALUES (1, 'Laptops'), (2, 'Monitors');
             INSERT INTO category_fields (category_id, name, field_type, required) VALUES (1, 'RAM (GB)', 'number', 0);
             INSERT INTO manufacturers (id, name) VALUES (1, 'Dell');
             INSERT INTO models (id, name, manufacturer_id, category_id) VALUES (1, 'Latitude 5440', 1, 1);
             INSERT INTO suppliers (id, name) VALUES (1, 'CDW');
             INSERT INTO people (id, name, email) VALUES (1, 'Zoë Müller', 'zoe@example.org');
             INSERT INTO assets (id, tag, serial, name, model_id, model_name, category_id, category_name, location_id,
                 location_name, status, assigned_to, purchase_date, purchase_cost_minor, purchase_currency, supplier_id,
                 warranty_end, custom_fields, created_at, updated_at)
             VALUES
                 (1, 'AT-000001', 'SN1', 'Zoë''s laptop', 1, 'Latitude 5440', 1, 'Laptops', 3, 'Store', 'deployed', 1,
                  '2024-03-01', 129900, 'EUR', 1, '2027-03-01', '{\"RAM (GB)\":\"16\"}', '2024-03-01T09:00:00Z', '2024-03-01T09:00:00Z'),
                 (2, 'AT-000002', NULL, 'Spare screen', NULL, '', 2, 'Monitors', 3, 'Store', 'deployable', NULL,
                  NULL, NULL, NULL, NULL, NULL, '{}', '2024-03-02T09:00:00Z', '2024-03-02T09:00:00Z');
             INSERT INTO events (at, actor, entity, entity_id, action, before, after) VALUES
                 ('2024-03-01T09:00:00Z', 'ann', 'asset', 1, 'created', NULL, '{\"tag\":\"AT-000001\"}'),
                 ('2024-03-02T09:00:00Z', 'ann', 'asset', 2, 'imported', NULL, '{\"tag\":\"AT-000002\"}'),
                 ('2024-04-01T09:00:00Z', 'bob', 'asset', 2, 'updated', '{\"notes\":\"\"}', '{\"notes\":\"boxed\"}');"
        }
        2 => {
            "INSERT INTO label_templates (key, name, page_width_um, page_height_um, columns, rows, margin_left_um,
                 margin_top_um, pitch_x_um, pitch_y_um, label_width_um, label_height_um, thermal, dpi, fields)
             VALUES ('custom-1', 'Our sheet', 210000, 297000, 2, 5, 10000, 10000, 95000, 55000, 90000, 50000, 0, 300,
                 '{\"barcode\":true,\"qr\":true,\"tagText\":true,\"name\":true,\"organisation\":false}');"
        }
        3 => {
            "INSERT INTO category_policies (category_id, depreciation_method, useful_life_months, salvage_basis_points,
                 audit_interval_months) VALUES (1, 'straight_line', 36, 1000, 12);
             INSERT INTO checkouts (asset_id, person_id, checked_out_on, expected_return_on, checked_out_by)
                 VALUES (1, 1, '2024-03-05', '2024-04-05', 'ann');
             INSERT INTO maintenance (asset_id, kind, title, started_on, completed_on, cost_minor, currency)
                 VALUES (2, 'repair', 'New stand', '2024-05-01', '2024-05-03', 2500, 'EUR');
             INSERT INTO audits (id, name, scope_location_id, started_at, started_by) VALUES (1, 'Spring', 1, '2024-06-01T09:00:00Z', 'ann');
             INSERT INTO audit_expected (audit_id, asset_id, location_id) VALUES (1, 1, 3), (1, 2, 3);
             INSERT INTO audit_scans (audit_id, code, asset_id, location_id, scanned_at) VALUES (1, 'AT-000002', 2, 3, '2024-06-01T09:05:00Z');
             UPDATE assets SET last_audited_on = '2024-06-01' WHERE id = 2;"
        }
        4 => {
            "INSERT INTO software_products (id, name) VALUES (1, 'Office');
             INSERT INTO licences (id, product_id, name, licence_key, seats, expiry_date) VALUES (1, 1, 'Office 2024', 'KEY-12345-ABCDE', 5, '2027-01-01');
             INSERT INTO licence_seats (licence_id, person_id, assigned_on) VALUES (1, 1, '2024-07-01');"
        }
        5 => "INSERT INTO status_labels (name, meaning) VALUES ('Spare pool', 'deployable');
              UPDATE assets SET status_label_id = 1 WHERE id = 2;",
        6 => {
            "INSERT INTO stock_items (id, sku, name, category_id, unit, barcode, created_at) VALUES
                 (1, 'KB-USB-UK', 'USB keyboard (UK)', NULL, 'each', '5012345678900', '2024-08-01T09:00:00Z'),
                 (2, 'TNR-59A', 'HP 59A toner', NULL, 'each', NULL, '2024-08-01T09:00:00Z');
             INSERT INTO stock_movements (item_id, location_id, owner_supplier_id, kind, quantity, unit_cost_minor,
                 currency, reason, issued_to, person_id, reference, at, actor) VALUES
                 (1, 3, NULL, 'receive', 10, 1850, 'EUR', NULL, NULL, NULL, 'PO-1001', '2024-08-02T09:00:00Z', 'ann'),
                 (1, 3, NULL, 'issue', -2, NULL, NULL, 'new starter', NULL, 1, NULL, '2024-08-05T09:00:00Z', 'ann'),
                 (2, 3, 1, 'receive', 4, NULL, NULL, 'consignment', NULL, NULL, NULL, '2024-08-02T09:30:00Z', 'ann'),
                 (2, 3, 1, 'issue', -4, NULL, NULL, 'replacement', 'Finance', NULL, NULL, '2024-08-09T14:00:00Z', 'bob');
             INSERT INTO stock_balances (item_id, location_id, owner_key, owner_supplier_id, on_hand) VALUES
                 (1, 3, 0, NULL, 8), (2, 3, 1, 1, 0);
             INSERT INTO stockouts (item_id, location_id, at, demand_unmet, cause, note) VALUES
                 (2, 3, '2024-08-09T14:00:00Z', 0, NULL, ''),
                 (2, 3, '2024-08-12T10:00:00Z', 3, 'late_supplier', 'PO-1002 a week late');"
        }
        7 => {
            "INSERT INTO supplier_offers (item_id, supplier_id, supplier_sku, price_minor, currency, lead_time_days,
                 min_order_qty, pack_size, preferred) VALUES (1, 1, 'LOG-K120', 1790, 'EUR', 5, 10, 5, 1);
             INSERT INTO reorder_settings (item_id, location_id, reorder_point, safety_stock, order_up_to, updated_at)
                 VALUES (1, 3, 6, 2, 20, '2024-09-01T09:00:00Z');
             INSERT INTO purchase_orders (id, number, supplier_id, status, currency, deliver_to_id, ordered_on,
                 approved_by, freight_minor, created_at, updated_at) VALUES
                 (1, 'PO-000001', 1, 'partially_received', 'EUR', 3, '2024-09-02', 'ann', 1500,
                  '2024-09-01T09:00:00Z', '2024-09-09T09:00:00Z');
             INSERT INTO purchase_order_lines (id, order_id, line_no, supplier_id, item_id, quantity, unit_price_minor,
                 quoted_price_minor, quoted_lead_days, promised_on, ordered_on, received_qty, rejected_qty,
                 first_received_on, last_received_on) VALUES
                 (1, 1, 1, 1, 1, 20, 1790, 1790, 5, '2024-09-07', '2024-09-02', 8, 2, '2024-09-09', '2024-09-09');
             INSERT INTO stock_movements (id, item_id, location_id, owner_supplier_id, kind, quantity, unit_cost_minor,
                 currency, reference, at, actor) VALUES
                 (100, 1, 3, NULL, 'receive', 8, 1977, 'EUR', 'PO-000001', '2024-09-09T09:00:00Z', 'ann');
             UPDATE stock_balances SET on_hand = on_hand + 8 WHERE item_id = 1 AND location_id = 3 AND owner_key = 0;
             INSERT INTO goods_receipts (id, number, order_id, received_on, location_id, freight_minor, created_at, actor)
                 VALUES (1, 'GR-000001', 1, '2024-09-09', 3, 0, '2024-09-09T09:00:00Z', 'ann');
             INSERT INTO goods_receipt_lines (receipt_id, order_line_id, accepted_qty, rejected_qty, rejection_reason,
                 freight_share_minor, landed_unit_cost_minor, movement_id) VALUES (1, 1, 8, 2, 'damaged box', 1500, 1977, 100);
             UPDATE stockouts SET late_order_line_id = 1 WHERE cause = 'late_supplier';"
        }
        8 => "INSERT INTO forecast_overrides (item_id, method, set_at, actor) VALUES (2, 'croston', '2024-10-01T09:00:00Z', 'ann');",
        9 => {
            "INSERT INTO onboarding_kits (id, name, department) VALUES (1, 'Standard desk kit', '*');
             INSERT INTO onboarding_kit_lines (kit_id, item_id, quantity) VALUES (1, 1, 1);
             INSERT INTO hiring_plan (department, month, starters) VALUES ('Sales', '2024-11-01', 4);"
        }
        10 => {
            "INSERT INTO category_goals (category_id, fill_rate_bp, max_stockouts_per_quarter, max_stock_age_days)
                 VALUES (2, 9500, 2, 365);
             INSERT INTO category_cost_rates (category_id, holding_rate_bp) VALUES (2, 2500);
             INSERT INTO location_storage_costs (location_id, monthly_minor, currency) VALUES (3, 40000, 'EUR');
             UPDATE stockouts SET cost_minor = 15000, cost_currency = 'EUR';"
        }
        11 => {
            "INSERT INTO policy_roles (id, position, name) VALUES (1, 0, 'IT manager'), (2, 1, 'Stores clerk');
             INSERT INTO policy_raci (activity, role_id, duty) VALUES ('receiving', 1, 'A'), ('receiving', 2, 'R');
             INSERT INTO policy_protocols (kind, body) VALUES ('receiving', 'Scan every delivery.');
             INSERT INTO policy_counting_cycles (abc, every_days) VALUES ('A', 30);
             INSERT INTO policy_sections (position, title, body) VALUES (0, 'Scope', 'All stock rooms.');
             INSERT INTO policy_versions (version, effective_date, approver, generated_at, actor, snapshot)
                 VALUES (1, '2024-12-01', 'Dana Ops', '2024-11-30 09:00 UTC', 'ann', '{}');"
        }
        _ => panic!("no fixture for schema version {version}: add one with the new migration"),
    };
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("fixture for version {version}: {e}"));
    // From version 3 on, events carry their hash: append through core as the app would.
    if version >= 3 {
        let change = Change { actor: "ann".into(), at: "2024-06-02T10:00:00Z".parse().unwrap() };
        let mut conn = rusqlite::Connection::open(conn.path().unwrap()).unwrap();
        tagledger_core::write(&mut conn, |tx| {
            events::append(tx, &change, "asset", 1, &format!("v{version} change"), None, Some(&serde_json::json!({})))
        })
        .unwrap();
    }
}

const TABLES: &[&str] = &[
    "locations",
    "categories",
    "category_fields",
    "models",
    "people",
    "assets",
    "label_templates",
    "category_policies",
    "checkouts",
    "maintenance",
    "audits",
    "audit_expected",
    "audit_scans",
    "software_products",
    "licences",
    "licence_seats",
    "status_labels",
    "stock_items",
    "stock_balances",
    "stock_movements",
    "stockouts",
    "supplier_offers",
    "reorder_settings",
    "purchase_orders",
    "purchase_order_lines",
    "goods_receipts",
    "goods_receipt_lines",
    "forecast_overrides",
    "onboarding_kits",
    "onboarding_kit_lines",
    "hiring_plan",
    "category_goals",
    "category_cost_rates",
    "location_storage_costs",
    "policy_roles",
    "policy_raci",
    "policy_protocols",
    "policy_counting_cycles",
    "policy_sections",
    "policy_versions",
];

fn counts(conn: &rusqlite::Connection) -> Vec<(String, i64)> {
    TABLES
        .iter()
        .filter_map(|t| {
            conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).ok().map(|n: i64| (t.to_string(), n))
        })
        .collect()
}

#[test]
fn every_earlier_release_upgrades_with_its_data_intact() {
    let latest = store::schema_version_supported();
    assert_eq!(latest, 11, "a new migration needs a fixture in fill() for its version");
    let dir = tempfile::tempdir().unwrap();
    for from in 1..latest {
        let path = dir.path().join(format!("release-{from}.db"));
        let before = {
            let conn = store::open_at_version(&path, 1).unwrap();
            fill(&conn, 1);
            drop(conn);
            for v in 2..=from {
                let conn = store::open_at_version(&path, v).unwrap();
                fill(&conn, v);
            }
            counts(&rusqlite::Connection::open(&path).unwrap())
        };
        let conn = store::open(&path).unwrap_or_else(|e| panic!("upgrade from {from}: {e}"));
        assert_eq!(store::schema_version(&conn).unwrap(), latest);
        let after = counts(&conn);
        for (table, n) in &before {
            let now = after.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
            assert_eq!(now, Some(*n), "{table} keeps its rows upgrading from version {from}");
        }
        let log = events::verify(&conn, &|| false).unwrap();
        assert!(log.intact(), "history from version {from} verifies: {log:?}");
        assert!(log.total >= 3);
        let laptop = assets::get(&conn, 1).unwrap();
        assert_eq!((laptop.tag.as_str(), laptop.custom_fields["RAM (GB)"].as_str()), ("AT-000001", "16"));
        let page = register::page(&conn, &register::PageRequest { limit: 10, ..Default::default() }).unwrap();
        assert_eq!(page.rows.len(), 2, "the register lists both assets after upgrading from {from}");
        dashboard::summary(&conn, NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()).unwrap();
        assert_eq!(stock::verify_balances(&conn).unwrap(), [], "stock balances agree after upgrading from {from}");
    }
}

/// The newest version's fixture runs only once a later migration exists; check now that
/// it fits its schema, so the next upgrade test does not start from a broken fixture.
#[test]
fn the_latest_fixture_fits_the_latest_schema() {
    let latest = store::schema_version_supported();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latest.db");
    for v in 1..=latest {
        fill(&store::open_at_version(&path, v).unwrap(), v);
    }
    let conn = store::open(&path).unwrap();
    assert_eq!(stock::verify_balances(&conn).unwrap(), []);
    assert!(events::verify(&conn, &|| false).unwrap().intact());
}
