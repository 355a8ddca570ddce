//! `tagledger bench`: builds (or reuses) a large register and measures what users feel:
//! page loads at every sort, search, the scanner's tag lookup, CSV import against a
//! bare insert loop, the dashboard, book value, audits (in transactions rolled back),
//! event-log verification and licence compliance. Prints figures; timings are
//! percentiles over repeated runs, or medians of three for the long ones.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use rusqlite::OptionalExtension;
use serde::Serialize;
use tagledger_core::assets::AssetStatus;
use tagledger_core::audits::{self, AuditInput, AuditScope, ScanOutcome};
use tagledger_core::import::ImportOptions;
use tagledger_core::register::{self, AssetFilter, PageRequest, SortDirection, SortKey};
use tagledger_core::scorecard::{self, Period};
use tagledger_core::stock::{self, StockKey};
use tagledger_core::{
    assets, dashboard, demo, depreciation, events, export, import, licences, store, Change, Connection,
};

#[derive(Serialize)]
pub struct Figures {
    assets: i64,
    page_p95_ms: f64,
    search_p95_ms: f64,
    tag_lookup_p95_ms: f64,
    count_p95_ms: f64,
    import_100k_s: f64,
    bare_insert_100k_s: f64,
    import_ratio: f64,
    demo_build_s: Option<f64>,
    /// 1,000 Avery L7160 labels (Code 128 + QR + text) to PDF bytes, median of 3.
    labels_1000_s: f64,
    /// The register report of 10,000 assets to PDF bytes, median of 3.
    report_10k_rows_s: f64,
    /// The dashboard's counts (`dashboard::summary`).
    dashboard_p95_ms: f64,
    /// The first 500 assets due for audit, as the dashboard tile opens them.
    due_for_audit_p95_ms: f64,
    /// Licence compliance (over-assigned, unused, expiring within 90 days).
    licence_compliance_p95_ms: f64,
    /// Cost, depreciation and book value per category over the whole register, median of 3.
    book_value_totals_s: f64,
    /// Starting an audit of the first site (copying the assets it expects), median of 3,
    /// each in a transaction that is then rolled back.
    audit_start_site_s: f64,
    /// Assets in that audit's scope.
    audit_expected: i64,
    /// One scan of an expected asset in its room, in that audit (rolled back).
    audit_scan_p95_ms: f64,
    /// Recomputing the event log's whole hash chain, median of 3.
    verify_log_s: f64,
    /// Events in the log.
    events: i64,
    /// Supplier scorecards (`scorecard::scorecards`) over a year of 1,000,000 purchase
    /// order lines from 40 suppliers, in a database of their own; median of 3.
    scorecard_1m_lines_s: f64,
    /// `stock::on_hand` of 1,000 random item × location keys (5,000 items × 10
    /// locations) beside a ledger of 10,000,000 stock movements, in a database of their own.
    on_hand_p95_ms: f64,
    /// `forecast::forecast_all`: back-test four methods and forecast 3 months for 5,000
    /// items with 36 months of demand each, in a database of its own; median of 3.
    forecast_all_s: f64,
    pages: Vec<PageFigure>,
    searches: Vec<PageFigure>,
}

#[derive(Serialize)]
struct PageFigure {
    case: String,
    p50_ms: f64,
    p95_ms: f64,
}

const PAGE: u32 = 200;
/// Timed repetitions per case; enough that a p95 is not set by two scheduler hiccups.
const RUNS: usize = 100;

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    (samples[i] * 1000.0).round() / 1000.0
}

fn time_ms(f: &mut dyn FnMut() -> Result<()>) -> Result<f64> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed().as_secs_f64() * 1000.0)
}

fn measure(case: String, runs: usize, f: &mut dyn FnMut() -> Result<()>) -> Result<PageFigure> {
    f()?; // Warm the statement cache and pages once, as a running app would be.
    let mut samples = (0..runs).map(|_| time_ms(f)).collect::<Result<Vec<_>>>()?;
    Ok(PageFigure { case, p50_ms: percentile(&mut samples, 0.5), p95_ms: percentile(&mut samples, 0.95) })
}

pub fn run(path: &Path, assets_wanted: u64) -> Result<Figures> {
    let mut conn = store::open(path)?;
    let mut demo_build_s = None;
    if assets::count(&conn)? == 0 {
        eprintln!("bench: building a {assets_wanted}-asset register (once)...");
        let start = Instant::now();
        let change = Change::now("bench");
        let size = demo::DemoSize { assets: assets_wanted, people: 3_000, stock_items: 0, stock_months: 0 };
        tagledger_core::write(&mut conn, |tx| {
            demo::generate(tx, &change, 7, &size, &mut |done, total| eprint!("\rbench: {done}/{total}"))
        })?;
        eprintln!();
        demo_build_s = Some(start.elapsed().as_secs_f64());
    }
    let total = assets::count(&conn)?;

    eprintln!("bench: pages");
    let category = first_id(&conn, "SELECT id FROM categories WHERE name = 'Monitors'")?;
    let site = first_id(&conn, "SELECT id FROM locations WHERE parent_id IS NULL ORDER BY id")?;
    let person = first_id(&conn, "SELECT assigned_to FROM assets WHERE assigned_to IS NOT NULL LIMIT 1")?;
    let cases: Vec<(&str, SortKey, SortDirection, AssetFilter)> = vec![
        ("tag asc", SortKey::Tag, SortDirection::Asc, AssetFilter::default()),
        ("name desc", SortKey::Name, SortDirection::Desc, AssetFilter::default()),
        (
            "model asc, category filter",
            SortKey::Model,
            SortDirection::Asc,
            AssetFilter { category_id: Some(category), ..Default::default() },
        ),
        (
            "location asc, site subtree filter",
            SortKey::Location,
            SortDirection::Asc,
            AssetFilter { location_id: Some(site), ..Default::default() },
        ),
        (
            "purchase date desc, status filter",
            SortKey::PurchaseDate,
            SortDirection::Desc,
            AssetFilter { status: Some(AssetStatus::InRepair), ..Default::default() },
        ),
        ("cost asc", SortKey::Cost, SortDirection::Asc, AssetFilter::default()),
        (
            "category desc, lost/stolen + category",
            SortKey::Category,
            SortDirection::Desc,
            AssetFilter { status: Some(AssetStatus::LostStolen), category_id: Some(category), ..Default::default() },
        ),
        (
            "status asc, assignee filter",
            SortKey::Status,
            SortDirection::Asc,
            AssetFilter { assigned_to: Some(person), ..Default::default() },
        ),
    ];
    let mut pages = Vec::new();
    for (name, sort, direction, filter) in cases {
        let mut request = PageRequest { filter: filter.clone(), sort, direction, after: None, limit: PAGE };
        let matching = register::count(&conn, &filter)?;
        pages.push(measure(format!("{name}: first page"), RUNS, &mut || {
            register::page(&conn, &request).map(|_| ())?;
            Ok(())
        })?);
        request.after = register::cursor_at(&conn, &request, matching as u64 / 2)?;
        pages.push(measure(format!("{name}: page at row {}", matching / 2), RUNS, &mut || {
            register::page(&conn, &request).map(|_| ())?;
            Ok(())
        })?);
    }

    eprintln!("bench: search");
    let serial: String = conn.query_row("SELECT substr(serial, 1, 6) FROM assets WHERE id = 4242", [], |r| r.get(0))?;
    let mut searches = Vec::new();
    for text in ["latitude", "thinkpad x1", "charger", serial.as_str(), "AT-000777", "macbook pro 14", "pa-4"] {
        let request = PageRequest {
            filter: AssetFilter { text: Some(text.into()), ..Default::default() },
            limit: PAGE,
            ..Default::default()
        };
        searches.push(measure(format!("search '{text}'"), RUNS, &mut || {
            register::page(&conn, &request).map(|_| ())?;
            Ok(())
        })?);
    }

    eprintln!("bench: counts");
    let mut count_samples = Vec::new();
    for filter in [
        AssetFilter::default(),
        AssetFilter { category_id: Some(category), ..Default::default() },
        AssetFilter { location_id: Some(site), ..Default::default() },
        AssetFilter { text: Some("latitude".into()), ..Default::default() },
    ] {
        for _ in 0..5 {
            count_samples.push(time_ms(&mut || register::count(&conn, &filter).map(|_| ()).map_err(Into::into))?);
        }
    }

    eprintln!("bench: tag lookups");
    let mut lookups = Vec::new();
    let mut rng = demo::Rng::new(99);
    for _ in 0..2_000 {
        let n = rng.below(total.max(1) as u64) + 1;
        let tag = format!("AT-{n:06}");
        let start = Instant::now();
        let found = assets::lookup(&conn, &tag)?;
        lookups.push(start.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(found.is_some(), "tag {tag} not found");
    }

    eprintln!("bench: dashboard, due for audit, licence compliance");
    let today = chrono::Local::now().date_naive();
    let dashboard = measure("dashboard".into(), RUNS, &mut || {
        dashboard::summary(&conn, today)?;
        Ok(())
    })?;
    let due = measure("due for audit".into(), RUNS, &mut || {
        anyhow::ensure!(!dashboard::due_for_audit(&conn, today, 500)?.is_empty(), "nothing due for audit");
        Ok(())
    })?;
    let compliance = measure("licence compliance".into(), RUNS, &mut || {
        licences::compliance(&conn, today, 90)?;
        Ok(())
    })?;

    eprintln!("bench: book value totals");
    let book_value_totals_s = median_of_3(&mut || Ok(depreciation::totals_at(&conn, today)?.len()))?;

    eprintln!("bench: audit of a site (rolled back)");
    let (audit_start_site_s, audit_expected, mut scans) = audit_figures(&mut conn, site, total)?;

    eprintln!("bench: event log verification");
    let events = events::count(&conn)?;
    let verify_log_s = median_of_3(&mut || {
        let verification = events::verify(&conn, &|| false)?;
        anyhow::ensure!(verification.intact(), "the bench's event log is broken: {:?}", verification.broken);
        Ok(verification.checked as usize)
    })?;

    eprintln!("bench: 1,000 labels and a 10,000-row register report");
    let (labels_1000_s, report_10k_rows_s) = print_figures(&conn)?;

    eprintln!("bench: scorecards over 1,000,000 order lines, on hand beside 10,000,000 movements");
    let (scorecard_1m_lines_s, on_hand_p95_ms) = supply_figures(path.parent().unwrap_or(Path::new(".")))?;

    eprintln!("bench: forecasts of 5,000 items × 36 months");
    let forecast_all_s = forecast_figure(path.parent().unwrap_or(Path::new(".")))?;

    eprintln!("bench: import of 100,000 rows");
    let (import_s, bare_s) = import_vs_bare(path.parent().unwrap_or(Path::new(".")))?;

    let worst = |figures: &[PageFigure]| figures.iter().map(|f| f.p95_ms).fold(0.0, f64::max);
    Ok(Figures {
        assets: total,
        page_p95_ms: worst(&pages),
        search_p95_ms: worst(&searches),
        tag_lookup_p95_ms: percentile(&mut lookups, 0.95),
        count_p95_ms: percentile(&mut count_samples, 0.95),
        import_100k_s: (import_s * 100.0).round() / 100.0,
        bare_insert_100k_s: (bare_s * 100.0).round() / 100.0,
        import_ratio: ((import_s / bare_s) * 100.0).round() / 100.0,
        demo_build_s: demo_build_s.map(|s| s.round()),
        labels_1000_s,
        report_10k_rows_s,
        dashboard_p95_ms: dashboard.p95_ms,
        due_for_audit_p95_ms: due.p95_ms,
        licence_compliance_p95_ms: compliance.p95_ms,
        book_value_totals_s,
        audit_start_site_s,
        audit_expected,
        audit_scan_p95_ms: percentile(&mut scans, 0.95),
        verify_log_s,
        events,
        scorecard_1m_lines_s,
        on_hand_p95_ms,
        forecast_all_s,
        pages,
        searches,
    })
}

fn first_id(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

/// Imports a 100k-row CSV through the real importer, and inserts the same rows with a
/// bare prepared-statement loop, each into a fresh database with the same reference
/// data and schema (so indexes and search triggers cost the same on both sides).
fn import_vs_bare(dir: &Path) -> Result<(f64, f64)> {
    const ROWS: u64 = 100_000;
    let work = dir.join("bench-import");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let change = Change::now("bench");
    let fresh = |name: &str, assets: u64| -> Result<Connection> {
        let mut conn = store::open(&work.join(name))?;
        let size = demo::DemoSize { assets, people: 300, stock_items: 0, stock_months: 0 };
        tagledger_core::write(&mut conn, |tx| demo::generate(tx, &change, 11, &size, &mut |_, _| {}))?;
        Ok(conn)
    };
    let source = fresh("source.db", ROWS)?;
    let csv_path = work.join("assets.csv");
    export::write_csv(
        &source,
        &AssetFilter { include_disposed: true, ..Default::default() },
        std::io::BufWriter::new(std::fs::File::create(&csv_path)?),
    )?;
    let bytes = std::fs::read(&csv_path)?;

    let mut target = fresh("import.db", 0)?;
    let start = Instant::now();
    let imported = tagledger_core::write(&mut target, |tx| {
        let plan = import::plan(tx, &bytes, "assets.csv", &ImportOptions::default())?;
        if let Some(e) = plan.report.errors.first() {
            return Err(tagledger_core::Error::Import(e.to_string()));
        }
        import::commit(tx, &change, &plan, &mut |_, _| true)
    })?;
    let import_s = start.elapsed().as_secs_f64();
    anyhow::ensure!(imported as u64 == ROWS, "imported {imported} rows, expected {ROWS}");

    // The baseline reads the same rows (already resolved to ids) and inserts them.
    let mut rows_stmt = source.prepare(
        "SELECT tag, serial, name, model_id, model_name, category_id, category_name, location_id, location_name,
                status, assigned_to, purchase_date, purchase_cost_minor, purchase_currency, supplier_id,
                order_reference, warranty_end, notes, custom_fields, created_at, updated_at FROM assets",
    )?;
    let rows: Vec<Vec<rusqlite::types::Value>> = rows_stmt
        .query_map([], |r| (0..21).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect())?
        .collect::<rusqlite::Result<_>>()?;
    drop(rows_stmt);
    let mut bare = fresh("bare.db", 0)?;
    let start = Instant::now();
    let tx = bare.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO assets (tag, serial, name, model_id, model_name, category_id, category_name, location_id,
                 location_name, status, assigned_to, purchase_date, purchase_cost_minor, purchase_currency,
                 supplier_id, order_reference, warranty_end, notes, custom_fields, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
        )?;
        for row in &rows {
            insert.execute(rusqlite::params_from_iter(row))?;
        }
    }
    tx.commit()?;
    let bare_s = start.elapsed().as_secs_f64();
    drop((source, target, bare));
    let _ = std::fs::remove_dir_all(&work);
    Ok((import_s, bare_s))
}

/// Median seconds of three runs of `f`, which says how much it produced (never nothing).
fn median_of_3(f: &mut dyn FnMut() -> Result<usize>) -> Result<f64> {
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        anyhow::ensure!(f()? > 0, "produced nothing");
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok((times[1] * 1000.0).round() / 1000.0)
}

/// Starts an audit of `site` three times, each in a transaction rolled back afterwards
/// (median seconds and the assets expected), then times scans of expected assets in
/// their own rooms in one more started audit, also rolled back: the database is left as
/// it was.
fn audit_figures(conn: &mut Connection, site: i64, total: i64) -> Result<(f64, i64, Vec<f64>)> {
    let change = Change::now("bench");
    let input = AuditInput {
        name: "Bench audit".into(),
        scope: AuditScope { location_id: Some(site), category_ids: vec![] },
        notes: String::new(),
    };
    let mut expected = 0;
    let start_s = median_of_3(&mut || {
        let tx = conn.transaction()?;
        let started = audits::start(&tx, &change, &input)?;
        expected = started.expected;
        tx.rollback()?;
        Ok(started.expected as usize)
    })?;

    let tx = conn.transaction()?;
    let audit = audits::start(&tx, &change, &input)?;
    let mut candidate = tx.prepare(
        "SELECT a.tag, e.location_id FROM audit_expected e JOIN assets a ON a.id = e.asset_id
         WHERE e.audit_id = ?1 AND e.asset_id = ?2 AND e.location_id IS NOT NULL",
    )?;
    let mut rng = demo::Rng::new(7);
    let mut scans = Vec::new();
    // One warm-up scan, then the timed ones.
    while scans.len() <= RUNS {
        let id = rng.below(total.max(1) as u64) as i64 + 1;
        let Some((tag, room)) = candidate
            .query_row(rusqlite::params![audit.id, id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .optional()?
        else {
            continue;
        };
        let start = Instant::now();
        let result = audits::scan(&tx, &change, audit.id, &tag, room)?;
        scans.push(start.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(result.outcome == ScanOutcome::Found, "{tag} scanned in its own room: {:?}", result.outcome);
    }
    drop(candidate);
    tx.rollback()?;
    scans.remove(0);
    Ok((start_s, expected, scans))
}

/// Median seconds of three runs of each print job, on the register's first assets.
fn print_figures(conn: &Connection) -> Result<(f64, f64)> {
    use tagledger_core::printing;
    use tagledger_print::labels::{self, LabelData, LabelOptions};
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM assets ORDER BY id LIMIT 10000")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let rows = register::rows_by_id(conn, &ids)?;
    let template = labels::built_in("avery-l7160")?;
    let options = LabelOptions {
        fields: template.fields,
        qr_pattern: "https://assets.example.org/a/{tag}".into(),
        skip: 0,
        copies: 1,
        organisation: "Northwind Trading Ltd".into(),
    };
    let label_data: Vec<LabelData> =
        rows.iter().take(1000).map(|r| LabelData { tag: r.tag.clone(), name: r.name.clone() }).collect();
    let report = printing::register_report_of(conn, rows, vec![], "bench".into())?;
    let labels_s = median_of_3(&mut || Ok(labels::pdf(&template, &options, &label_data)?.0.len()))?;
    let report_s = median_of_3(&mut || Ok(tagledger_print::reports::register::render(&report).len()))?;
    Ok((labels_s, report_s))
}

/// The supply-side figures, each over a database of its own built with bulk SQL under
/// `dir`/bench-supply (removed afterwards): seconds for the year's supplier scorecards
/// over 1,000,000 order lines (median of 3), and the p95 of 1,000 on-hand lookups in ms.
fn supply_figures(dir: &Path) -> Result<(f64, f64)> {
    let work = dir.join("bench-supply");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let figures = scorecard_figure(&work.join("scorecard.db"))
        .and_then(|scorecard_s| Ok((scorecard_s, on_hand_figure(&work.join("stock.db"))?)));
    let _ = std::fs::remove_dir_all(&work);
    figures
}

/// A new database with the current schema, set for a bulk load: no rollback journal, no
/// fsync, no foreign-key checks (the generated rows are consistent by construction).
fn bulk_database(path: &Path) -> Result<Connection> {
    let conn = store::open(path)?;
    conn.query_row("PRAGMA journal_mode = OFF", [], |_| Ok(()))?;
    conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;")?;
    Ok(conn)
}

/// 40 suppliers, 100,000 orders of 10 lines ordered over 2025-01-01..2026-01-15
/// (day 379), quoted 3–30 days; per supplier 4–20% of lines late by 1–9 days (the rest
/// up to 2 days early), 4% short, 3% with a unit rejected, 10% dearer than quoted; lines
/// that would arrive after day 379 not yet delivered. Dates come from a table of days,
/// and a line's numbers from a hash of its index, so the load is a single INSERT.
const SCORECARD_LINES: &str = "
CREATE TEMP TABLE days (n INTEGER PRIMARY KEY, d TEXT NOT NULL);
WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 499)
INSERT INTO days SELECT n, date('2025-01-01', '+' || n || ' days') FROM k;
BEGIN;
INSERT INTO locations (id, kind, name, path) VALUES (1, 'site', 'Bench site', '/1/');
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 40)
INSERT INTO suppliers (id, name) SELECT n, 'Supplier ' || n FROM k;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 100)
INSERT INTO stock_items (id, sku, name, created_at) SELECT n, 'SKU-' || n, 'Item ' || n, '2025-01-01T00:00:00Z' FROM k;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 100000)
INSERT INTO purchase_orders (id, number, supplier_id, status, currency, deliver_to_id, ordered_on, created_at, updated_at)
SELECT n, 'PO-' || n, n % 40 + 1, 'sent', 'EUR', 1, (SELECT d FROM days WHERE days.n = k.n % 380),
       '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'
FROM k;
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 999999),
hashed AS (SELECT i, i / 10 + 1 AS o, (i * 2654435761) % 1000003 AS h FROM k),
shaped AS (
    SELECT i, o, o % 40 + 1 AS supplier, o % 380 AS day, 3 + o % 28 AS lead, 1 + h % 20 AS qty, (h / 100) % 100 AS h2,
           CASE WHEN h % 100 < (o % 40 % 5) * 4 + 4 THEN 1 + h % 9 ELSE -(h % 3) END AS late
    FROM hashed
),
timed AS (
    SELECT *, day + lead + late AS arrived, day + lead + late > 379 AS pending, h2 < 4 AND qty > 1 AS short
    FROM shaped
)
INSERT INTO purchase_order_lines (order_id, line_no, supplier_id, item_id, quantity, unit_price_minor,
    quoted_price_minor, quoted_lead_days, promised_on, ordered_on, received_qty, rejected_qty, first_received_on,
    last_received_on, completed_on)
SELECT o, i % 10 + 1, supplier, i % 100 + 1, qty, 1000 + (i % 100) * 10 + CASE WHEN h2 >= 90 THEN 50 ELSE 0 END,
       1000 + (i % 100) * 10, lead,
       (SELECT d FROM days WHERE n = day + lead),
       (SELECT d FROM days WHERE n = day),
       CASE WHEN pending THEN 0 WHEN short THEN qty - 1 ELSE qty END,
       CASE WHEN NOT pending AND h2 BETWEEN 4 AND 6 THEN 1 ELSE 0 END,
       CASE WHEN NOT pending THEN (SELECT d FROM days WHERE n = arrived) END,
       CASE WHEN NOT pending THEN (SELECT d FROM days WHERE n = arrived) END,
       CASE WHEN NOT pending AND NOT short THEN (SELECT d FROM days WHERE n = arrived) END
FROM timed;
COMMIT;
";

fn scorecard_figure(path: &Path) -> Result<f64> {
    let start = Instant::now();
    let conn = bulk_database(path)?;
    conn.execute_batch(SCORECARD_LINES)?;
    let lines: i64 = conn.query_row("SELECT count(*) FROM purchase_order_lines", [], |r| r.get(0))?;
    anyhow::ensure!(lines == 1_000_000, "{lines} purchase order lines generated");
    eprintln!("bench: 1,000,000 order lines in {:.1} s", start.elapsed().as_secs_f64());
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    let year = Period::new(day(2025, 1, 1), day(2025, 12, 31));
    median_of_3(&mut || {
        let cards = scorecard::scorecards(&conn, year, day(2026, 1, 15))?;
        anyhow::ensure!(cards.iter().all(|c| c.score.is_some()), "every supplier has lines due");
        Ok(cards.len())
    })
}

/// 5,000 items × 10 locations, 200 movements each (a receipt of 500, then every fourth a
/// receipt of 20 and the others issues of 1–5, 1.75 days apart), and the balances they
/// leave. The keys × pattern cross join writes the ledger in key order, as a busy
/// store room's ledger grows, with no per-row functions.
const STOCK_LEDGER: &str = "
CREATE TEMP TABLE pattern (j INTEGER PRIMARY KEY, kind TEXT NOT NULL, quantity INTEGER NOT NULL, at TEXT NOT NULL);
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 199)
INSERT INTO pattern
SELECT j, CASE WHEN j % 4 = 0 THEN 'receive' ELSE 'issue' END,
       CASE WHEN j = 0 THEN 500 WHEN j % 4 = 0 THEN 20 ELSE -(1 + j % 5) END,
       strftime('%Y-%m-%dT%H:%M:%SZ', 1735689600 + j * 151200, 'unixepoch')
FROM k;
BEGIN;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 10)
INSERT INTO locations (id, kind, name, path) SELECT n, 'site', 'Store ' || n, '/' || n || '/' FROM k;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 5000)
INSERT INTO stock_items (id, sku, name, created_at) SELECT n, 'SKU-' || n, 'Item ' || n, '2025-01-01T00:00:00Z' FROM k;
CREATE TEMP TABLE keys (id INTEGER PRIMARY KEY, item INTEGER NOT NULL, location INTEGER NOT NULL);
INSERT INTO keys (item, location) SELECT i.id, l.id FROM stock_items i CROSS JOIN locations l ORDER BY i.id, l.id;
INSERT INTO stock_movements (item_id, location_id, kind, quantity, at, actor)
SELECT k.item, k.location, p.kind, p.quantity, p.at, 'bench' FROM keys k CROSS JOIN pattern p;
INSERT INTO stock_balances (item_id, location_id, owner_key, on_hand)
SELECT item, location, 0, (SELECT sum(quantity) FROM pattern) FROM keys;
COMMIT;
";

fn on_hand_figure(path: &Path) -> Result<f64> {
    let start = Instant::now();
    let conn = bulk_database(path)?;
    conn.execute_batch(STOCK_LEDGER)?;
    let movements: i64 = conn.query_row("SELECT count(*) FROM stock_movements", [], |r| r.get(0))?;
    anyhow::ensure!(movements == 10_000_000, "{movements} stock movements generated");
    let expected: i64 = conn.query_row("SELECT sum(quantity) FROM pattern", [], |r| r.get(0))?;
    eprintln!("bench: 10,000,000 stock movements in {:.1} s", start.elapsed().as_secs_f64());
    let mut rng = demo::Rng::new(3);
    let mut samples = Vec::new();
    // One warm-up lookup (the statement cache), then the timed ones.
    while samples.len() <= 1_000 {
        let key = StockKey::ours(rng.below(5_000) as i64 + 1, rng.below(10) as i64 + 1);
        let start = Instant::now();
        let on_hand = stock::on_hand(&conn, &key)?;
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(on_hand == expected, "{key:?}: {on_hand} on hand, expected {expected}");
    }
    samples.remove(0);
    Ok(percentile(&mut samples, 0.95))
}

/// 5,000 items with one issue a month over 2023-01..2025-12: four in five issue every
/// month around a level of their own with a yearly pattern, a slow trend and a little
/// wobble; every fifth is a spare issued in its first month and then about one month in four.
const FORECAST_LEDGER: &str = "
CREATE TEMP TABLE months (m INTEGER PRIMARY KEY, at TEXT NOT NULL);
WITH RECURSIVE k(m) AS (SELECT 0 UNION ALL SELECT m + 1 FROM k WHERE m < 35)
INSERT INTO months SELECT m, strftime('%Y-%m-%dT10:00:00Z', date('2023-01-15', '+' || m || ' months')) FROM k;
BEGIN;
INSERT INTO locations (id, kind, name, path) VALUES (1, 'site', 'Bench site', '/1/');
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 5000)
INSERT INTO stock_items (id, sku, name, created_at)
SELECT n, printf('SKU-%05d', n), 'Item ' || n, '2023-01-01T00:00:00Z' FROM k;
INSERT INTO stock_movements (item_id, location_id, kind, quantity, at, actor)
SELECT id, 1, 'issue', -q, at, 'bench' FROM (
    SELECT i.id, m.at,
           CASE WHEN i.id % 5 = 0 THEN
                    CASE WHEN m.m = 0 OR (i.id * 2654435761 + m.m * 40503) % 1000003 % 4 = 0 THEN 1 + (i.id + m.m) % 5
                    ELSE 0 END
                ELSE 10 + i.id % 40 + ((i.id + m.m) % 12) * (i.id % 7) / 2 + m.m / 6 + (i.id * 31 + m.m * 17) % 5
           END AS q
    FROM stock_items i CROSS JOIN months m
) WHERE q > 0;
COMMIT;
";

/// Seconds for `forecast::forecast_all` over [`FORECAST_LEDGER`] as of 2026-01-15
/// (median of 3), in `dir`/bench-forecast (removed afterwards).
fn forecast_figure(dir: &Path) -> Result<f64> {
    use tagledger_core::forecast::{self, Method};
    let work = dir.join("bench-forecast");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let figure = (|| {
        let conn = bulk_database(&work.join("forecast.db"))?;
        conn.execute_batch(FORECAST_LEDGER)?;
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).expect("a real date");
        median_of_3(&mut || {
            let all = forecast::forecast_all(&conn, as_of, 3)?;
            anyhow::ensure!(all.len() == 5_000, "{} items forecast", all.len());
            anyhow::ensure!(all.iter().all(|s| s.history_months == 36), "every item has 36 months");
            for method in [Method::HoltWinters, Method::Croston] {
                anyhow::ensure!(all.iter().any(|s| s.chosen == method), "no item chose {method:?}");
            }
            Ok(all.len())
        })
    })();
    let _ = std::fs::remove_dir_all(&work);
    figure
}

#[cfg(test)]
mod tests {
    /// The two supply figures alone, without the register benchmark around them:
    /// `cargo test -p tagledger-cli supply_figures -- --ignored --nocapture` (SQLite is
    /// optimised even in debug builds, so the figures match a release build's).
    #[test]
    #[ignore = "builds 1,000,000 order lines and 10,000,000 movements (about a minute)"]
    fn supply_figures() {
        let dir = tempfile::tempdir().unwrap();
        let (scorecard_s, on_hand_p95_ms) = super::supply_figures(dir.path()).unwrap();
        eprintln!("scorecard_1m_lines_s: {scorecard_s}, on_hand_p95_ms: {on_hand_p95_ms}");
    }

    /// The forecast figure alone: `cargo test -p tagledger-cli --release forecast_figure
    /// -- --ignored --nocapture` (the forecasting is Rust, so time it optimised).
    #[test]
    #[ignore = "builds 5,000 items × 36 months of demand and forecasts them"]
    fn forecast_figure() {
        let dir = tempfile::tempdir().unwrap();
        let forecast_all_s = super::forecast_figure(dir.path()).unwrap();
        eprintln!("forecast_all_s: {forecast_all_s}");
    }
}
