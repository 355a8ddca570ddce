//! `reorder from-forecast`: every reorder rule's safety stock and reorder point
//! recomputed from its location's forecast and the supplier's lead time, beside the
//! saved values; with `--apply`, every rule that would change is saved in one write.
//!
//! Rules:
//! - As of `--as-of` (default today); `--location` limits the rules to one location
//!   (its full path or, when unique, its own name); `--service-level` (a percentage)
//!   replaces every rule's own level, and `--apply` then saves it on the rules too.
//! - `--apply` picks every rule with a proposal that differs from what is saved; rules
//!   without a proposal are listed with the reason and left alone.

use anyhow::Result;
use chrono::NaiveDate;
use tagledger_core::replan::{self, RuleProposal};
use tagledger_core::{Change, Connection};

use crate::audit::parse_date;

#[derive(clap::Subcommand)]
pub enum ReorderWhat {
    /// Safety stock and reorder points from the forecasts; --apply saves the changes.
    FromForecast(FromForecastArgs),
}

#[derive(clap::Args)]
pub struct FromForecastArgs {
    /// Only the rules at this location.
    #[arg(long, value_name = "LOCATION")]
    location: Option<String>,
    /// A service level in percent (e.g. 97.5) for every rule instead of its own.
    #[arg(long, value_name = "PERCENT")]
    service_level: Option<f64>,
    /// The day the forecast is made (default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Save every changed rule.
    #[arg(long)]
    apply: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(conn: &mut Connection, what: ReorderWhat) -> Result<()> {
    let ReorderWhat::FromForecast(args) = what;
    let as_of = args.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let location_id = args.location.as_deref().map(|name| crate::find_location(conn, name)).transpose()?;
    let level = args.service_level.map(|percent| (percent * 100.0).round() as i64);
    let proposals = replan::proposals(conn, as_of, location_id, level)?;
    if args.apply {
        let picks: Vec<(i64, i64)> =
            proposals.iter().filter(|p| p.reason.is_none() && p.changed).map(|p| (p.item_id, p.location_id)).collect();
        if picks.is_empty() {
            out!("every rule with a forecast is already in line with it; nothing saved");
            return Ok(());
        }
        let change = Change::now(crate::actor());
        let saved = tagledger_core::write(conn, |tx| replan::apply(tx, &change, &picks, as_of, level))?;
        if args.json {
            out!("{}", serde_json::to_string_pretty(&saved)?);
        } else {
            print(proposals.iter().filter(|p| picks.contains(&(p.item_id, p.location_id))));
            out!("saved {} reorder rule{}", saved.len(), if saved.len() == 1 { "" } else { "s" });
        }
        return Ok(());
    }
    if args.json {
        out!("{}", serde_json::to_string_pretty(&proposals)?);
    } else if proposals.is_empty() {
        out!("no reorder rules; add one with `tagledger stock reorder`");
    } else {
        print(proposals.iter());
    }
    Ok(())
}

fn print<'a>(proposals: impl Iterator<Item = &'a RuleProposal>) {
    out!(
        "{:<16} {:<36} {:>6} {:>5} {:>8} {:>6} {:>9} {:>9}",
        "sku",
        "location",
        "level",
        "lead",
        "demand",
        "sigma",
        "safety",
        "point"
    );
    for p in proposals {
        let head = format!(
            "{:<16} {:<36} {:>5.1}% {:>5}",
            p.sku,
            p.location_name,
            p.service_level_bp as f64 / 100.0,
            p.lead_time.as_ref().map_or("-".into(), |l| format!("{}d", l.days))
        );
        match (&p.reason, &p.lead_time_demand, &p.sigma, &p.safety_stock, &p.reorder_point) {
            (None, Some(d), Some(s), Some(ss), Some(rp)) => out!(
                "{head} {:>8.2} {:>6.2} {:>9} {:>9}{}",
                d.exact,
                s.value,
                format!("{}→{}", p.current_safety_stock, ss.value),
                format!("{}→{}", p.current_reorder_point, rp.value),
                if p.changed { "" } else { "  (unchanged)" }
            ),
            (reason, ..) => out!("{head}  no proposal: {}", reason.as_deref().unwrap_or("-")),
        }
    }
}
