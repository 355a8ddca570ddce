//! `classify` and the planning reports (`report ageing|stockouts`): ABC/XYZ classes of
//! the stock items, how old the stock on hand is, and why stock ran out.
//!
//! Rules: `classify` and `report ageing` are taken as of today unless `--as-of` says
//! otherwise; `report stockouts` covers the twelve months up to today unless `--from`
//! and `--to` say otherwise (both days included). Nothing here writes to the database.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;
use tagledger_core::classification::{self, Classification};
use tagledger_core::stock_analysis;
use tagledger_core::Connection;

use crate::audit::parse_date;
use crate::purchasing::PeriodArgs;
use crate::stock::{counted, explain, generated_at, money, organisation, today};
use crate::write_file;

#[derive(clap::Args)]
pub struct ClassifyArgs {
    /// The last day of the twelve months classified (default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    #[arg(long)]
    json: bool,
}

/// The planning reports, flattened into `report`.
#[derive(Subcommand)]
pub enum PlanningReportWhat {
    /// Stock on hand by age (FIFO by receipt date), with slow and dead stock.
    Ageing {
        /// The day the stock is aged at (default today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Stockouts in a period by cause, category, supplier and item, and what would have prevented them.
    Stockouts {
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn classify(conn: &Connection, args: ClassifyArgs) -> Result<()> {
    let c = classification::classify(conn, args.as_of.unwrap_or_else(today)).map_err(explain)?;
    if args.json {
        out!("{}", serde_json::to_string_pretty(&c)?);
    } else {
        print_classification(&c);
    }
    Ok(())
}

fn print_classification(c: &Classification) {
    let t = &c.thresholds;
    out!(
        "twelve months to {}: A to {}%, B to {}% of value; X to CV {}, Y to CV {}",
        c.as_of,
        t.a_percent,
        t.b_percent,
        t.x_cv,
        t.y_cv
    );
    out!("{:<14} {:<28} {:>8} {:>16} {:>7} {:>7} {:>6} class", "sku", "name", "qty", "value", "share", "cum", "cv");
    for i in &c.items {
        out!(
            "{:<14} {:<28} {:>8} {:>16} {:>6.1}% {:>6.1}% {:>6.2} {:?}{:?}",
            i.item.sku,
            i.item.name,
            i.annual_qty,
            money(i.annual_value_minor, &i.currency),
            i.share * 100.0,
            i.cumulative_share * 100.0,
            i.cv,
            i.abc,
            i.xyz
        );
    }
    out!("\nmatrix (items; value):");
    for row in c.matrix.chunks(3) {
        let cells: Vec<String> = row
            .iter()
            .map(|m| {
                let value: Vec<String> = m.value.iter().map(|v| money(v.minor, &v.currency)).collect();
                let value = if value.is_empty() { "-".to_string() } else { value.join(" + ") };
                format!("{:?}{:?} {} {value}", m.abc, m.xyz, m.items)
            })
            .collect();
        out!("  {}", cells.join("  |  "));
    }
    if !c.unpriced.is_empty() {
        let skus: Vec<&str> = c.unpriced.iter().map(|u| u.item.sku.as_str()).collect();
        out!("\nno price (not classed by value): {}", skus.join(", "));
    }
    if !c.no_demand.is_empty() {
        out!("no issues in the twelve months: {}", counted(c.no_demand.len(), "item", "items"));
    }
}

pub fn report(conn: &Connection, what: PlanningReportWhat) -> Result<()> {
    match what {
        PlanningReportWhat::Ageing { as_of, out } => report_ageing(conn, as_of.unwrap_or_else(today), &out),
        PlanningReportWhat::Stockouts { period, out } => report_stockouts(conn, &period, &out),
    }
}

fn report_ageing(conn: &Connection, as_of: NaiveDate, out: &Path) -> Result<()> {
    let data = stock_analysis::ageing_report(conn, as_of, &organisation(conn)?, &generated_at()).map_err(explain)?;
    write_file(out, &tagledger_print::reports::ageing::render(&data))?;
    out!(
        "wrote the stock ageing at {as_of} ({}, {} slow or dead) to {}",
        counted(data.items.len(), "stock line", "stock lines"),
        data.slow.len(),
        out.display()
    );
    Ok(())
}

fn report_stockouts(conn: &Connection, period: &PeriodArgs, out: &Path) -> Result<()> {
    let period = period.period()?;
    let data = stock_analysis::stockout_report(conn, period, &organisation(conn)?, &generated_at()).map_err(explain)?;
    write_file(out, &tagledger_print::reports::stockouts::render(&data))?;
    out!(
        "wrote the stockouts from {} to {} ({}) to {}",
        period.from,
        period.to,
        counted(data.stockouts.len(), "stockout", "stockouts"),
        out.display()
    );
    Ok(())
}
