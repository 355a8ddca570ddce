//! `tagledger`: the command line over Tagledger's core, for automation and benchmarks.
//!
//! Every subcommand opens the database given with `--db`, does one thing, and exits 0 on
//! success or non-zero with a clear message on failure.
#![forbid(unsafe_code)]

/// `println!` that ends the program quietly when stdout is closed (`tagledger … | head`)
/// instead of panicking, as command-line tools do.
macro_rules! out {
    () => {
        $crate::write_out(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::write_out(format_args!($($arg)*))
    };
}

mod audit;
mod bench;
mod costs;
mod forecast;
mod hiring;
mod lifecycle;
mod planning;
mod policy;
mod purchasing;
mod replan;
mod stock;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use tagledger_core::import::ImportOptions;
use tagledger_core::printing::{self, LabelJob};
use tagledger_core::register::AssetFilter;
use tagledger_core::{assets, backup, demo, events, export, import, reference, store, Change};
use tagledger_print::labels::LabelFields;

#[derive(Parser)]
#[command(name = "tagledger", version, about = "Tagledger: IT asset and inventory register")]
struct Cli {
    /// The database file to use.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty database (or bring an existing one up to date).
    Init,
    /// Fill an empty database with realistic demo data (deterministic for a seed).
    Demo {
        #[arg(long, default_value_t = 5_000)]
        assets: u64,
        #[arg(long, default_value_t = 300)]
        people: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Kinds of consumables and spares (up to about 150; 0 for none).
        #[arg(long, default_value_t = 150)]
        stock_items: u64,
        /// Months of stock history: issues, purchase orders and receipts.
        #[arg(long, default_value_t = 24)]
        stock_months: u32,
    },
    /// Import records from a CSV file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export records to a CSV file.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Look at assets.
    Asset {
        #[command(subcommand)]
        what: AssetWhat,
    },
    /// Check an asset out to a person, a location or another asset.
    Checkout(lifecycle::CheckoutArgs),
    /// Check an asset back in.
    Checkin(lifecycle::CheckinArgs),
    /// List check-outs past their expected return date.
    Overdue {
        #[arg(long)]
        json: bool,
    },
    /// Record how an asset left (recycled, sold, donated, destroyed).
    Dispose(lifecycle::DisposeArgs),
    /// Physical audits: start, scan, load a scanner's file, resolve findings, close.
    Audit {
        #[command(subcommand)]
        what: audit::AuditWhat,
    },
    /// Depreciation: an asset's schedule, and totals by category at a date.
    Depreciation {
        #[command(subcommand)]
        what: audit::DepreciationWhat,
    },
    /// Verify the event log's hash chain; fails naming the first broken link.
    VerifyLog {
        #[arg(long)]
        json: bool,
    },
    /// Print asset labels (Code 128 + QR) to a PDF or ZPL file, or to a Zebra printer.
    Labels(LabelsArgs),
    /// Consumables and spares: items, movements, stockouts, offers, reorder rules.
    Stock {
        #[command(subcommand)]
        what: stock::StockWhat,
    },
    /// Purchase orders: list, show, draft, approve, send, cancel, close.
    Po {
        #[command(subcommand)]
        what: purchasing::PoWhat,
    },
    /// Book in a delivery against a purchase order.
    Receive(purchasing::ReceiveArgs),
    /// Supplier scorecards: on time, in full, lead time, price and quality.
    Scorecard(purchasing::ScorecardArgs),
    /// Demand forecasts: each item's back-tested method and the months ahead.
    Forecast(forecast::ForecastArgs),
    /// Reorder rules recomputed from forecasts: `reorder from-forecast [--apply]`.
    Reorder {
        #[command(subcommand)]
        what: replan::ReorderWhat,
    },
    /// ABC/XYZ classes of the stock items over the last twelve months, and the matrix.
    Classify(planning::ClassifyArgs),
    /// Hiring plans as a demand driver: onboarding kits and new starters per month.
    Hiring {
        #[command(subcommand)]
        what: hiring::HiringWhat,
    },
    /// Inventory costs by category and month; set holding rates and storage costs.
    Costs(costs::CostsArgs),
    /// The inventory management policy: generate a version, list the versions.
    Policy {
        #[command(subcommand)]
        what: policy::PolicyWhat,
    },
    /// Write a PDF report.
    Report {
        #[command(subcommand)]
        what: ReportWhat,
    },
    /// Copy the database to FILE (consistent even while the app is using it).
    Backup { file: PathBuf },
    /// Replace the database with a backup, after saving a safety copy beside it.
    Restore {
        backup: PathBuf,
        /// Restore without being asked (the safety copy is still made).
        #[arg(long)]
        yes: bool,
    },
    /// Check the database file's integrity.
    Check,
    /// Measure the register at scale and print the figures.
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        assets: u64,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Which assets: every one, or those matching all the filters given.
#[derive(clap::Args, Default)]
struct FilterArgs {
    /// A category's name.
    #[arg(long)]
    category: Option<String>,
    /// A location's name or full name ("London HQ › North Tower"); includes what is inside it.
    #[arg(long)]
    location: Option<String>,
    /// A status: pending, deployable, deployed, in_repair, retired, lost_stolen, disposed.
    #[arg(long)]
    status: Option<String>,
    /// Free text, as in the app's search box.
    #[arg(long)]
    search: Option<String>,
}

#[derive(clap::Args)]
struct LabelsArgs {
    /// A template's key or name (built in: avery-l7160, avery-l7163, avery-5160,
    /// avery-5163, thermal-2x1, thermal-62x29; or a custom one saved in the app).
    #[arg(long)]
    template: String,
    #[command(flatten)]
    filter: FilterArgs,
    /// Only these tags, comma-separated, in this order (instead of a filter).
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
    /// Label positions to leave empty at the start of the first sheet.
    #[arg(long, default_value_t = 0)]
    skip: u32,
    /// Labels per asset.
    #[arg(long, default_value_t = 1)]
    copies: u32,
    /// What the labels show, comma-separated (default: the template's own choice).
    #[arg(long, value_delimiter = ',', value_parser = ["barcode", "qr", "tag", "name", "organisation"])]
    fields: Vec<String>,
    /// The QR code's content: a pattern with {tag}, e.g. https://assets.example.org/a/{tag}
    /// (default: the app's setting, else the tag itself).
    #[arg(long)]
    qr_pattern: Option<String>,
    #[arg(long, value_enum, default_value_t = LabelFormat::Pdf)]
    format: LabelFormat,
    /// The file to write.
    #[arg(long, required_unless_present = "send")]
    out: Option<PathBuf>,
    /// Send ZPL to a network label printer at HOST[:PORT] (port 9100 by default).
    #[arg(long, value_name = "HOST[:PORT]")]
    send: Option<String>,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum LabelFormat {
    Pdf,
    Zpl,
}

#[derive(Subcommand)]
enum ReportWhat {
    /// The asset register: every asset matching the filters, with totals by category and location.
    Register {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        out: PathBuf,
    },
    /// A physical audit: its findings by outcome, with a sign-off block.
    Audit {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Cost, accumulated depreciation and book value by category and asset at a date.
    Depreciation {
        /// The date the book values are at (default today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = audit::parse_date)]
        at: Option<chrono::NaiveDate>,
        #[arg(long)]
        out: PathBuf,
    },
    #[command(flatten)]
    Stock(purchasing::StockReportWhat),
    #[command(flatten)]
    Planning(planning::PlanningReportWhat),
    #[command(flatten)]
    Costs(costs::CostsReportWhat),
    /// A version of the inventory management policy (default the newest).
    Policy(policy::ReportPolicyArgs),
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Assets, with Tagledger's or Snipe-IT's column headers.
    Assets {
        file: PathBuf,
        /// Check the file and report errors without changing anything.
        #[arg(long)]
        dry_run: bool,
        /// Create missing categories, locations, models, suppliers and people.
        #[arg(long)]
        create_missing: bool,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Every asset, in tag order.
    Assets { file: PathBuf },
}

#[derive(Subcommand)]
enum AssetWhat {
    /// Show one asset (by tag or serial number) and its history.
    Show {
        tag: String,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tagledger: {e:#}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn write_out(line: std::fmt::Arguments) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(line).and_then(|()| stdout.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader has what it wanted; nothing left to say.
            std::process::exit(0);
        }
        eprintln!("tagledger: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

fn actor() -> String {
    std::env::var("USER").unwrap_or_else(|_| "cli".into())
}

fn db_path(cli_db: Option<PathBuf>) -> Result<PathBuf> {
    cli_db.context("--db PATH is required (the database file to use)")
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init => {
            let path = db_path(cli.db)?;
            let conn = store::open(&path)?;
            out!("{} is ready (schema version {})", path.display(), store::schema_version(&conn)?);
        }
        Command::Demo { assets, people, seed, stock_items, stock_months } => {
            let path = db_path(cli.db)?;
            let mut conn = store::open(&path)?;
            if assets::count(&conn)? > 0 {
                bail!("{} already has assets; demo data goes into an empty database", path.display());
            }
            let change = Change::now(actor());
            let size = demo::DemoSize { assets, people, stock_items, stock_months };
            let started = std::time::Instant::now();
            tagledger_core::write(&mut conn, |tx| {
                demo::generate(tx, &change, seed, &size, &mut |done, total| {
                    eprint!("\rdemo: {done}/{total} assets");
                })
            })?;
            eprintln!();
            out!("created {assets} demo assets in {:.1} s", started.elapsed().as_secs_f64());
        }
        Command::Import { what: ImportWhat::Assets { file, dry_run, create_missing } } => {
            let path = db_path(cli.db)?;
            import_assets(&path, &file, dry_run, create_missing)?;
        }
        Command::Export { what: ExportWhat::Assets { file } } => {
            let conn = store::open_existing(&db_path(cli.db)?)?;
            let out = std::io::BufWriter::new(
                std::fs::File::create(&file).with_context(|| format!("cannot write {}", file.display()))?,
            );
            let everything = AssetFilter { include_disposed: true, ..Default::default() };
            let rows = export::write_csv(&conn, &everything, out)?;
            out!("exported {rows} assets to {}", file.display());
        }
        Command::Asset { what: AssetWhat::Show { tag, json } } => {
            let conn = store::open_existing(&db_path(cli.db)?)?;
            let Some(asset) = assets::lookup(&conn, &tag)? else { bail!("no asset with tag or serial '{tag}'") };
            let history = events::history(&conn, "asset", asset.id)?;
            let checkout = tagledger_core::lifecycle::open_checkout(&conn, asset.id)?;
            if json {
                let value = serde_json::json!({ "asset": asset, "checkout": checkout, "history": history });
                out!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                print_asset(&asset, checkout.as_ref(), &history);
            }
        }
        Command::Backup { file } => {
            let conn = store::open_existing(&db_path(cli.db)?)?;
            let info = backup::backup_to(&conn, &file)?;
            out!("backed up {} assets to {}", info.asset_count, file.display());
        }
        Command::Restore { backup: from, yes } => {
            let path = db_path(cli.db)?;
            let info = backup::inspect(&from)?;
            out!(
                "{}: {} assets, {} recorded changes, last change {}",
                from.display(),
                info.asset_count,
                info.event_count,
                info.last_change.as_deref().unwrap_or("never")
            );
            if !yes {
                bail!("add --yes to replace {} with this backup (a safety copy is made first)", path.display());
            }
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let safety = path.with_file_name(format!(
                "{}.before-restore-{stamp}.db",
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            backup::restore(&from, &path, &safety)?;
            out!("restored {}; the replaced database is kept as {}", path.display(), safety.display());
        }
        Command::Check => {
            let path = db_path(cli.db)?;
            let conn = store::open_existing(&path)?;
            let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
            if result != "ok" || broken > 0 {
                bail!("{} is damaged: {result}; {broken} broken references", path.display());
            }
            out!("{} is sound (integrity and references checked)", path.display());
        }
        Command::Checkout(args) => lifecycle::checkout(&mut store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::Checkin(args) => lifecycle::checkin(&mut store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::Overdue { json } => lifecycle::overdue(&store::open_existing(&db_path(cli.db)?)?, json)?,
        Command::Dispose(args) => lifecycle::dispose(&mut store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::VerifyLog { json } => lifecycle::verify_log(&store::open_existing(&db_path(cli.db)?)?, json)?,
        Command::Audit { what } => audit::run(&mut store::open_existing(&db_path(cli.db)?)?, what)?,
        Command::Depreciation { what } => audit::run_depreciation(&store::open_existing(&db_path(cli.db)?)?, what)?,
        Command::Labels(args) => {
            let conn = store::open_existing(&db_path(cli.db)?)?;
            labels(&conn, args)?;
        }
        Command::Report { what: ReportWhat::Register { filter, out } } => {
            let conn = store::open_existing(&db_path(cli.db)?)?;
            let filter = asset_filter(&conn, &filter)?;
            let generated_at = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
            let data = printing::register_report(&conn, &filter, generated_at)?;
            let pdf = tagledger_print::reports::register::render(&data);
            write_file(&out, &pdf)?;
            out!("wrote the register report of {} assets to {}", data.rows.len(), out.display());
        }
        Command::Report { what: ReportWhat::Audit { id, out } } => {
            audit::report_audit(&store::open_existing(&db_path(cli.db)?)?, id, &out)?
        }
        Command::Report { what: ReportWhat::Depreciation { at, out } } => {
            audit::report_depreciation(&store::open_existing(&db_path(cli.db)?)?, at, &out)?
        }
        Command::Report { what: ReportWhat::Stock(what) } => {
            purchasing::report(&store::open_existing(&db_path(cli.db)?)?, what)?
        }
        Command::Stock { what } => stock::run(&mut store::open_existing(&db_path(cli.db)?)?, what)?,
        Command::Po { what } => purchasing::run(&mut store::open_existing(&db_path(cli.db)?)?, what)?,
        Command::Receive(args) => purchasing::receive(&mut store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::Scorecard(args) => purchasing::scorecards(&store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::Classify(args) => planning::classify(&store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::Hiring { what } => hiring::run(&mut store::open_existing(&db_path(cli.db)?)?, what)?,
        Command::Forecast(args) => forecast::run(&mut store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::Reorder { what } => replan::run(&mut store::open_existing(&db_path(cli.db)?)?, what)?,
        Command::Report { what: ReportWhat::Planning(what) } => {
            planning::report(&store::open_existing(&db_path(cli.db)?)?, what)?
        }
        Command::Report { what: ReportWhat::Costs(what) } => {
            costs::report(&store::open_existing(&db_path(cli.db)?)?, what)?
        }
        Command::Costs(args) => costs::run(&mut store::open_existing(&db_path(cli.db)?)?, args)?,
        Command::Report { what: ReportWhat::Policy(args) } => {
            policy::report(&store::open_existing(&db_path(cli.db)?)?, args.version, &args.out)?
        }
        Command::Policy { what } => policy::run(&mut store::open_existing(&db_path(cli.db)?)?, what)?,
        Command::Bench { assets, json } => {
            let path = db_path(cli.db)?;
            let figures = bench::run(&path, assets)?;
            if json {
                out!("{}", serde_json::to_string(&figures)?);
            } else {
                out!("{}", serde_json::to_string_pretty(&figures)?);
            }
        }
    }
    Ok(())
}

/// Resolves the filter's names to ids; an unknown name is an error, not an empty result.
fn asset_filter(conn: &rusqlite::Connection, args: &FilterArgs) -> Result<AssetFilter> {
    let mut filter = AssetFilter::default();
    if let Some(name) = &args.category {
        let categories = reference::categories(conn)?;
        let found = categories.iter().find(|c| c.name.eq_ignore_ascii_case(name.trim()));
        filter.category_id = Some(found.with_context(|| format!("no category called '{name}'"))?.id);
    }
    if let Some(name) = &args.location {
        filter.location_id = Some(find_location(conn, name)?);
    }
    if let Some(status) = &args.status {
        filter.status =
            Some(assets::AssetStatus::parse(status).with_context(|| format!("no status called '{status}'"))?);
    }
    filter.text = args.search.clone();
    Ok(filter)
}

/// A location by full name ("London HQ › North Tower", or with " > ") or by its own name.
fn find_location(conn: &rusqlite::Connection, name: &str) -> Result<i64> {
    let locations = reference::locations(conn)?;
    let wanted = name.trim().replace(" > ", " › ");
    if let Some(full) = locations.iter().find(|l| l.full_name.eq_ignore_ascii_case(&wanted)) {
        return Ok(full.id);
    }
    let by_name: Vec<_> = locations.iter().filter(|l| l.name.eq_ignore_ascii_case(&wanted)).collect();
    match by_name.as_slice() {
        [one] => Ok(one.id),
        [] => bail!("no location called '{name}'"),
        // Two rooms called "Room 1" in different buildings: never guess which.
        many => bail!(
            "{} locations are called '{name}' ({}); give the full name",
            many.len(),
            many.iter().map(|l| l.full_name.as_str()).collect::<Vec<_>>().join("; ")
        ),
    }
}

fn labels(conn: &rusqlite::Connection, args: LabelsArgs) -> Result<()> {
    let settings = printing::label_settings(conn)?;
    let template = printing::template(conn, &args.template)?;
    let mut ids = Vec::new();
    for tag in &args.tags {
        let asset = assets::lookup(conn, tag.trim())?.with_context(|| format!("no asset with tag '{tag}'"))?;
        ids.push(asset.id);
    }
    let fields = if args.fields.is_empty() {
        template.fields
    } else {
        let has = |f: &str| args.fields.iter().any(|x| x == f);
        LabelFields {
            barcode: has("barcode"),
            qr: has("qr"),
            tag_text: has("tag"),
            name: has("name"),
            organisation: has("organisation"),
        }
    };
    let job = LabelJob {
        template: template.key.clone(),
        ids,
        filter: asset_filter(conn, &args.filter)?,
        fields,
        qr_pattern: args.qr_pattern.unwrap_or(settings.qr_pattern),
        skip: args.skip,
        copies: args.copies,
    };
    let prepared = printing::prepare(conn, &job)?;
    let count = prepared.labels.len() as u32 * prepared.options.copies;
    let warnings = if args.format == LabelFormat::Zpl || args.send.is_some() {
        let (zpl, warnings) = tagledger_print::zpl::render(&prepared.template, &prepared.options, &prepared.labels)?;
        if let Some(out) = &args.out {
            write_file(out, zpl.as_bytes())?;
            out!("wrote {count} labels as ZPL to {}", out.display());
        }
        if let Some(address) = &args.send {
            tagledger_print::zpl::send(address, &zpl)?;
            out!("sent {count} labels to {address}");
        }
        warnings
    } else {
        let (pdf, warnings) = tagledger_print::labels::pdf(&prepared.template, &prepared.options, &prepared.labels)?;
        let out = args.out.as_ref().context("--out FILE is required for PDF")?;
        write_file(out, &pdf)?;
        out!("wrote {count} labels on {} to {}", prepared.template.name, out.display());
        warnings
    };
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

/// Writes a finished file where the user asked (see [`export::write_file`]).
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    export::write_file(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

fn import_assets(db: &Path, file: &Path, dry_run: bool, create_missing: bool) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut conn = store::open_existing(db)?;
    let options = ImportOptions { create_missing };
    let source = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let change = Change::now(actor());
    let mut stderr = std::io::stderr();
    let imported = tagledger_core::write(&mut conn, |tx| {
        let plan = import::plan(tx, &bytes, &source, &options)?;
        for error in &plan.report.errors {
            let _ = writeln!(stderr, "{error}");
        }
        for new in &plan.report.will_create {
            let _ = writeln!(stderr, "will create {new}");
        }
        if !plan.report.errors.is_empty() {
            return Err(tagledger_core::Error::Import(format!(
                "{} error(s) in {}; nothing was imported",
                plan.report.errors.len(),
                file.display()
            )));
        }
        if dry_run {
            return Ok(None);
        }
        Ok(Some(import::commit(tx, &change, &plan, &mut |_, _| true)?))
    })?;
    match imported {
        Some(n) => out!("imported {n} assets from {}", file.display()),
        None => out!("{} is valid; nothing was changed (dry run)", file.display()),
    }
    Ok(())
}

fn print_asset(
    asset: &assets::Asset,
    checkout: Option<&tagledger_core::lifecycle::Checkout>,
    history: &[events::Event],
) {
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            out!("{label:>16}  {value}");
        }
    };
    line("tag", &asset.tag);
    line("name", &asset.name);
    line("serial", asset.serial.as_deref().unwrap_or(""));
    line("model", &asset.model_name);
    line("category", &asset.category_name);
    line("location", &asset.location_name);
    line("status", asset.status.as_str());
    line("assigned to", asset.assigned_to_name.as_deref().unwrap_or(""));
    if let Some(c) = checkout {
        let due = c.expected_return_on.map(|d| format!(", due back {d}")).unwrap_or_default();
        line("checked out", &format!("to {} since {}{due}", c.target_name, c.checked_out_on));
    }
    line("purchase date", &asset.purchase_date.map(|d| d.to_string()).unwrap_or_default());
    let cost = asset
        .purchase_cost
        .as_ref()
        .map(|m| format!("{} {}", tagledger_core::validate::format_money(m.minor), m.currency))
        .unwrap_or_default();
    line("purchase cost", &cost);
    line("supplier", asset.supplier_name.as_deref().unwrap_or(""));
    line("warranty end", &asset.warranty_end.map(|d| d.to_string()).unwrap_or_default());
    for (name, value) in &asset.custom_fields {
        line(name, value);
    }
    line("notes", &asset.notes);
    out!("\nhistory:");
    for e in history {
        out!("  {}  {:<12} {}", e.at, e.action, e.actor);
    }
}
