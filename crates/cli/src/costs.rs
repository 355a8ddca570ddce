//! `costs` and `report costs`: inventory costs by category and month (holding, storage,
//! freight, distribution, disposal, stockouts), and the cost settings (issue 7).
//!
//! Rules: both cover the twelve months up to today unless `--from` and `--to` say
//! otherwise, taken in whole calendar months (see `tagledger_core::costs`).
//! `costs holding-rate CATEGORY PERCENT` sets a category's yearly holding rate
//! (`default` as the category sets the rate of every category without its own; a blank
//! percentage returns the category to the default); `costs storage LOCATION AMOUNT` sets
//! what a location costs a month (blank removes it).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use tagledger_core::costs::{self, CostBreakdown, CostKind, CostReport};
use tagledger_core::{reference, Change, Connection};

use crate::purchasing::PeriodArgs;
use crate::stock::{counted, explain, generated_at, money, organisation};
use crate::write_file;

/// The cost report, flattened into `report`.
#[derive(Subcommand)]
pub enum CostsReportWhat {
    /// Inventory costs by category and month, by kind, and the stockouts with their costs.
    Costs {
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
pub struct CostsArgs {
    #[command(subcommand)]
    what: Option<CostsWhat>,
    #[command(flatten)]
    period: PeriodArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CostsWhat {
    /// Set a category's yearly holding rate in percent ("default" for every category without its own).
    HoldingRate {
        category: String,
        /// e.g. 25 or 12.5; blank returns the category to the default.
        percent: String,
    },
    /// Set what a location costs a month (blank removes it).
    Storage {
        location: String,
        /// e.g. 450.00
        amount: String,
        /// Default: the organisation's currency.
        #[arg(long)]
        currency: Option<String>,
    },
}

pub fn report(conn: &Connection, what: CostsReportWhat) -> Result<()> {
    let CostsReportWhat::Costs { period, out } = what;
    report_costs(conn, &period, &out)
}

fn report_costs(conn: &Connection, period: &PeriodArgs, out: &Path) -> Result<()> {
    let period = period.period()?;
    let data = costs::report(conn, period, &organisation(conn)?, &generated_at()).map_err(explain)?;
    write_file(out, &tagledger_print::reports::costs::render(&data))?;
    let total: i64 = data.by_month.iter().map(|m| m.total).sum();
    out!(
        "wrote the inventory costs from {} to {} ({} in {}, {}) to {}",
        data.from,
        data.to,
        money(total, &data.currency),
        counted(data.categories.len(), "row", "rows"),
        counted(data.stockouts.len(), "stockout", "stockouts"),
        out.display()
    );
    Ok(())
}

pub fn run(conn: &mut Connection, args: CostsArgs) -> Result<()> {
    match args.what {
        None => show(conn, &args.period, args.json),
        Some(CostsWhat::HoldingRate { category, percent }) => {
            let rate = match percent.trim() {
                "" => None,
                p => Some(costs::parse_percent_bp(p).map_err(anyhow::Error::msg)?),
            };
            let change = Change::now(crate::actor());
            if category.trim().eq_ignore_ascii_case("default") {
                let Some(rate) = rate else { bail!("give the default rate in percent, e.g. 25") };
                tagledger_core::write(conn, |tx| costs::set_default_holding_rate(tx, &change, rate))
                    .map_err(explain)?;
                out!("the default holding rate is now {} a year", percent_words(rate));
                return Ok(());
            }
            let id = reference::categories(conn)?
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(category.trim()))
                .with_context(|| format!("no category called '{category}'"))?
                .id;
            tagledger_core::write(conn, |tx| costs::set_holding_rate(tx, &change, id, rate)).map_err(explain)?;
            match rate {
                Some(rate) => out!("{category}: holding rate {} a year", percent_words(rate)),
                None => out!("{category}: back to the default holding rate"),
            }
            Ok(())
        }
        Some(CostsWhat::Storage { location, amount, currency }) => {
            let id = crate::find_location(conn, &location)?;
            let change = Change::now(crate::actor());
            let set = tagledger_core::write(conn, |tx| {
                costs::set_storage_cost(tx, &change, id, Some(&amount), currency.as_deref())
            })
            .map_err(explain)?;
            match set {
                Some(m) => out!("{location}: storage {} a month", money(m.minor, &m.currency)),
                None => out!("{location}: no storage cost"),
            }
            Ok(())
        }
    }
}

/// 2500 → "25%", 1250 → "12.5%".
fn percent_words(bp: i64) -> String {
    let whole = bp / 100;
    match bp % 100 {
        0 => format!("{whole}%"),
        f if f % 10 == 0 => format!("{whole}.{}%", f / 10),
        f => format!("{whole}.{f:02}%"),
    }
}

fn show(conn: &Connection, period: &PeriodArgs, json: bool) -> Result<()> {
    let r = costs::cost_report(conn, period.period()?).map_err(explain)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_report(&r);
    }
    Ok(())
}

fn amount(minor: i64) -> String {
    tagledger_print::report::format_money(minor, "")
}

fn print_report(r: &CostReport) {
    out!("inventory costs {} to {}, in {} (whole months)", r.from, r.to, r.currency);
    let kinds = |b: &CostBreakdown| -> String {
        CostKind::ALL.iter().map(|k| format!("{:>12}", amount(b.get(*k)))).collect::<Vec<_>>().join("")
    };
    let header: String = CostKind::ALL.iter().map(|k| format!("{:>12}", k.words().to_lowercase())).collect();
    out!("{:<9}{header}{:>13}", "month", "total");
    for (month, b) in r.months.iter().zip(&r.month_totals) {
        out!("{month:<9}{}{:>13}", kinds(b), amount(b.total));
    }
    out!("{:<9}{}{:>13}", "total", kinds(&r.total), amount(r.total.total));

    out!("\nby category and month:");
    let months: String = r.months.iter().map(|m| format!("{m:>12}")).collect();
    out!("{:<28}{months}{:>13}", "category", "total");
    for row in &r.rows {
        let cells: String = row.months.iter().map(|b| format!("{:>12}", amount(b.total))).collect();
        out!("{:<28}{cells}{:>13}", row.category, amount(row.total.total));
    }
    let cells: String = r.month_totals.iter().map(|b| format!("{:>12}", amount(b.total))).collect();
    out!("{:<28}{cells}{:>13}", "total", amount(r.total.total));

    if !r.stockouts.is_empty() {
        out!("\nstockouts:");
        for s in &r.stockouts {
            let cost =
                s.cost.as_ref().map(|m| money(m.minor, &m.currency)).unwrap_or_else(|| "no cost recorded".into());
            out!("{} {:<12} {:<28} {:<20} {cost}", s.on, s.item_sku, s.item_name, s.location_name);
        }
    }
    if !r.other_currencies.is_empty() {
        out!("\nin other currencies (not in the totals):");
        for o in &r.other_currencies {
            out!(
                "{} {} {}: {}",
                o.month,
                o.kind.words().to_lowercase(),
                o.label,
                money(o.cost.minor, &o.cost.currency)
            );
        }
    }
}
