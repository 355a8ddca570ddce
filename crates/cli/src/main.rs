//! `tagledger`: the command line over Tagledger's core, for automation and benchmarks.
//!
//! Every subcommand opens the database given with `--db`, does one thing, and exits 0 on
//! success or non-zero with a clear message on failure.
#![forbid(unsafe_code)]

mod bench;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use tagledger_core::import::ImportOptions;
use tagledger_core::register::AssetFilter;
use tagledger_core::{assets, demo, events, export, import, store, Change};

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
    /// Measure the register at scale and print the figures.
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        assets: u64,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
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
            println!("{} is ready (schema version {})", path.display(), store::schema_version(&conn)?);
        }
        Command::Demo { assets, people, seed } => {
            let path = db_path(cli.db)?;
            let mut conn = store::open(&path)?;
            if assets::count(&conn)? > 0 {
                bail!("{} already has assets; demo data goes into an empty database", path.display());
            }
            let change = Change::now(actor());
            let size = demo::DemoSize { assets, people };
            let started = std::time::Instant::now();
            tagledger_core::write(&mut conn, |tx| {
                demo::generate(tx, &change, seed, &size, &mut |done, total| {
                    eprint!("\rdemo: {done}/{total} assets");
                })
            })?;
            eprintln!();
            println!("created {assets} demo assets in {:.1} s", started.elapsed().as_secs_f64());
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
            let rows = export::write_csv(&conn, &AssetFilter::default(), out)?;
            println!("exported {rows} assets to {}", file.display());
        }
        Command::Asset { what: AssetWhat::Show { tag, json } } => {
            let conn = store::open_existing(&db_path(cli.db)?)?;
            let Some(asset) = assets::lookup(&conn, &tag)? else { bail!("no asset with tag or serial '{tag}'") };
            let history = events::history(&conn, "asset", asset.id)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "asset": asset, "history": history }))?
                );
            } else {
                print_asset(&asset, &history);
            }
        }
        Command::Bench { assets, json } => {
            let path = db_path(cli.db)?;
            let figures = bench::run(&path, assets)?;
            if json {
                println!("{}", serde_json::to_string(&figures)?);
            } else {
                println!("{}", serde_json::to_string_pretty(&figures)?);
            }
        }
    }
    Ok(())
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
        Some(n) => println!("imported {n} assets from {}", file.display()),
        None => println!("{} is valid; nothing was changed (dry run)", file.display()),
    }
    Ok(())
}

fn print_asset(asset: &assets::Asset, history: &[events::Event]) {
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            println!("{label:>16}  {value}");
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
    println!("\nhistory:");
    for e in history {
        println!("  {}  {:<12} {}", e.at, e.action, e.actor);
    }
}
