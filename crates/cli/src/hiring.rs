//! `hiring`: onboarding kits (what one new starter in a department needs) and the hiring
//! plan (new starters per department and month), imported from HR's CSV.
//!
//! Rules:
//! - `hiring import` checks the whole file first; any error is printed as
//!   `line N, column C: message`, the command fails and nothing is written. `--dry-run`
//!   checks only. Each month in the file replaces that month's plan.
//! - `hiring forecast --item SKU` shows the item's forecast, the planned starters' kit
//!   demand and their sum, month by month (see `tagledger_core::hiring` on double counting).
//! - `hiring plan` shows from `--from` (default this month) to `--to` (default eleven
//!   months later), by month and department.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chrono::{Months, NaiveDate};
use tagledger_core::hiring::{self, KitInput, KitLineInput};
use tagledger_core::{Change, Connection};

use crate::audit::parse_date;
use crate::stock::find_item;

#[derive(clap::Subcommand)]
pub enum HiringWhat {
    /// Add or delete an onboarding kit.
    Kit {
        #[command(subcommand)]
        what: KitWhat,
    },
    /// List the onboarding kits and their lines.
    Kits {
        #[arg(long)]
        json: bool,
    },
    /// Load HR's hiring plan: a CSV with department,month,starters (month as YYYY-MM).
    Import {
        file: PathBuf,
        /// Check the file and report; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show the hiring plan.
    Plan {
        /// The first month shown (any day of it; default this month).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// The last month shown (any day of it; default eleven months after --from).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        to: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// One item's forecast with the planned starters' kits beside it and added to it.
    Forecast {
        /// The item (SKU or barcode).
        #[arg(long, value_name = "SKU")]
        item: String,
        /// The day the forecast is made (default today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Months ahead.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=24))]
        months: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Subcommand)]
pub enum KitWhat {
    /// Create a kit: what one new starter in the department needs.
    Add {
        name: String,
        /// The department, or '*' for every department without its own kit.
        #[arg(long)]
        department: String,
        /// An item and how many of it one starter needs, e.g. HS-1:2 (repeat for more).
        #[arg(long = "line", value_name = "SKU:QTY", required = true)]
        lines: Vec<String>,
    },
    /// Delete a kit by name.
    Delete { name: String },
}

pub fn run(conn: &mut Connection, what: HiringWhat) -> Result<()> {
    match what {
        HiringWhat::Kit { what: KitWhat::Add { name, department, lines } } => {
            let lines = lines.iter().map(|l| kit_line(conn, l)).collect::<Result<Vec<_>>>()?;
            let input = KitInput { name, department, lines };
            let change = Change::now(crate::actor());
            let kit = tagledger_core::write(conn, |tx| hiring::create_kit(tx, &change, &input))?;
            out!("created kit {} for {} ({} lines)", kit.name, department_label(&kit.department), kit.lines.len());
        }
        HiringWhat::Kit { what: KitWhat::Delete { name } } => {
            let kits = hiring::kits(conn)?;
            let kit = kits
                .iter()
                .find(|k| k.name.eq_ignore_ascii_case(name.trim()))
                .with_context(|| format!("no kit called '{}'", name.trim()))?;
            let change = Change::now(crate::actor());
            tagledger_core::write(conn, |tx| hiring::delete_kit(tx, &change, kit.id))?;
            out!("deleted kit {}", kit.name);
        }
        HiringWhat::Kits { json } => {
            let kits = hiring::kits(conn)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&kits)?);
            } else if kits.is_empty() {
                out!("no onboarding kits");
            } else {
                for kit in &kits {
                    out!("{} ({})", kit.name, department_label(&kit.department));
                    for line in &kit.lines {
                        out!("  {:<14} {:<28} × {}", line.sku, line.name, line.quantity);
                    }
                }
            }
        }
        HiringWhat::Import { file, dry_run } => import(conn, &file, dry_run)?,
        HiringWhat::Forecast { item, as_of, months, json } => {
            let item = find_item(conn, &item)?;
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let f = hiring::forecast_with_hiring(conn, item.id, as_of, months as usize)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&f)?);
                return Ok(());
            }
            let figures = |values: &[f64]| values.iter().map(|v| format!("{v:>9.1}")).collect::<String>();
            out!("{}  {}  ({})", f.forecast.sku, f.forecast.name, f.forecast.chosen.label());
            out!(
                "{:<12}{}",
                "",
                f.forecast.months.iter().map(|m| format!("{:>9}", m.format("%Y-%m"))).collect::<String>()
            );
            out!("{:<12}{}", "forecast", figures(&f.forecast.chosen_result().forecast));
            out!("{:<12}{}", "kit demand", figures(&f.kit_demand));
            out!("{:<12}{}", "total", figures(&f.total));
        }
        HiringWhat::Plan { from, to, json } => {
            let from = hiring::month_of(from.unwrap_or_else(|| chrono::Local::now().date_naive()));
            let to = to.unwrap_or(from + Months::new(11));
            let rows = hiring::plan(conn, from, to)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&rows)?);
            } else if rows.is_empty() {
                out!("no starters planned from {} to {}", from.format("%Y-%m"), to.format("%Y-%m"));
            } else {
                out!("{:<8} {:<28} {:>8}", "Month", "Department", "Starters");
                for row in &rows {
                    out!("{:<8} {:<28} {:>8}", row.month.format("%Y-%m"), row.department, row.starters);
                }
            }
        }
    }
    Ok(())
}

fn department_label(department: &str) -> &str {
    if department == hiring::EVERY_DEPARTMENT {
        "every department"
    } else {
        department
    }
}

/// `SKU:QTY` as a kit line.
fn kit_line(conn: &Connection, text: &str) -> Result<KitLineInput> {
    let Some((sku, quantity)) = text.rsplit_once(':') else {
        bail!("'{text}' is not a kit line; use SKU:QTY, e.g. HS-1:2")
    };
    let quantity: i64 =
        quantity.trim().parse().with_context(|| format!("'{text}': '{quantity}' is not a whole number"))?;
    Ok(KitLineInput { item_id: find_item(conn, sku)?.id, quantity })
}

fn import(conn: &mut Connection, file: &std::path::Path, dry_run: bool) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8; save it as UTF-8", file.display()))?;
    let rows = match hiring::parse_plan_csv(&text) {
        Ok(rows) => rows,
        Err(errors) => {
            let mut stderr = std::io::stderr();
            for error in &errors {
                let _ = writeln!(stderr, "{error}");
            }
            bail!("{} error(s) in {}; nothing was imported", errors.len(), file.display());
        }
    };
    if dry_run {
        out!("{} is valid ({} rows); nothing was changed (dry run)", file.display(), rows.len());
        return Ok(());
    }
    let change = Change::now(crate::actor());
    let n = tagledger_core::write(conn, |tx| hiring::import_plan(tx, &change, &rows))?;
    out!("imported {n} plan rows from {}", file.display());
    Ok(())
}
