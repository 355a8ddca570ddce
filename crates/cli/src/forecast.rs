//! `forecast`: every stock item's chosen forecasting method, its back-test error and the
//! months ahead; with `--item`, one item's methods side by side; with `--set-method`,
//! the user's override of the back-test's choice.
//!
//! Rules:
//! - Forecasts are as of `--as-of` (default today): history is the complete months
//!   before its month, and the first month forecast is its month.
//! - Figures are rounded for the table only; `--json` gives them whole.
//! - `--set-method auto` clears the override; setting one is one write and changes
//!   nothing else.

use anyhow::Result;
use chrono::NaiveDate;
use tagledger_core::forecast::{self, ErrorMeasure, ItemForecast, ItemSummary, Method};
use tagledger_core::{Change, Connection};

use crate::audit::parse_date;
use crate::stock::find_item;

#[derive(clap::Args)]
pub struct ForecastArgs {
    /// One item (SKU or barcode): every method's back-test and forecast.
    #[arg(long, value_name = "SKU")]
    item: Option<String>,
    /// The day the forecast is made (default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Months ahead.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=24))]
    months: u32,
    /// With --item: the method to use instead of the back-test's choice
    /// (moving_average, exponential_smoothing, holt_winters, croston), or auto.
    #[arg(long, value_name = "METHOD", requires = "item")]
    set_method: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(conn: &mut Connection, args: ForecastArgs) -> Result<()> {
    let as_of = args.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let horizon = args.months as usize;
    let Some(code) = &args.item else {
        let all = forecast::forecast_all(conn, as_of, horizon)?;
        if args.json {
            out!("{}", serde_json::to_string_pretty(&all)?);
        } else {
            print_all(&all, as_of, horizon);
        }
        return Ok(());
    };
    let item = find_item(conn, code)?;
    if let Some(method) = &args.set_method {
        let method = match method.trim() {
            "auto" => None,
            name => Some(forecast::parse_method(name)?),
        };
        let change = Change::now(crate::actor());
        tagledger_core::write(conn, |tx| forecast::set_override(tx, &change, item.id, method))?;
    }
    let result = forecast::forecast_item(conn, item.id, as_of, horizon)?;
    if args.json {
        out!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        print_item(&result);
    }
    Ok(())
}

fn months_header(as_of: NaiveDate, horizon: usize) -> String {
    let first = forecast::bucket_start(forecast::Bucket::Month, as_of);
    (0..horizon as u32).map(|h| format!("{:>9}", (first + chrono::Months::new(h)).format("%Y-%m"))).collect()
}

fn percent(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{v:.1}%"))
}

fn figure(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{v:.2}"))
}

fn method_name(method: Method, overridden: bool) -> String {
    format!("{}{}", method.label(), if overridden { " *" } else { "" })
}

fn print_all(all: &[ItemSummary], as_of: NaiveDate, horizon: usize) {
    if all.is_empty() {
        out!("no stock items");
        return;
    }
    out!("{:<14} {:<28} {:<24} {:>7} {:>6}{}", "SKU", "Name", "Method", "MAPE", "MASE", months_header(as_of, horizon));
    for s in all {
        let ahead: String = s.forecast.iter().map(|f| format!("{f:>9.1}")).collect();
        out!(
            "{:<14} {:<28} {:<24} {:>7} {:>6}{ahead}",
            s.sku,
            truncate(&s.name, 28),
            method_name(s.chosen, s.overridden),
            percent(s.mape),
            figure(s.mase),
        );
    }
    if all.iter().any(|s| s.overridden) {
        out!("* chosen by a user instead of the back-test");
    }
}

fn print_item(f: &ItemForecast) {
    out!("{}  {}", f.sku, f.name);
    match (f.history.first(), f.history.last()) {
        (Some(first), Some(last)) => out!(
            "history: {} months ({} to {}){}; errors by {} over {} back-test months",
            f.history.len(),
            first.start.format("%Y-%m"),
            last.start.format("%Y-%m"),
            if f.intermittent { ", intermittent" } else { "" },
            match f.measure {
                ErrorMeasure::Mape => "MAPE",
                ErrorMeasure::Mase => "MASE (the history has months without demand)",
            },
            f.origins
        ),
        _ => out!("history: no demand yet"),
    }
    let months: String = f.months.iter().map(|m| format!("{:>22}", m.format("%Y-%m"))).collect();
    out!("{:<22} {:<8} {:>7} {:>6} {:>7}{months}", "method", "eligible", "MAPE", "MASE", "bias");
    for m in &f.methods {
        let ahead: String = (0..m.forecast.len())
            .map(|h| format!("{:>22}", format!("{:.1} ({:.1}–{:.1})", m.forecast[h], m.lower[h], m.upper[h])))
            .collect();
        let ahead = if m.forecast.is_empty() { "  not enough history".to_string() } else { ahead };
        out!(
            "{:<22} {:<8} {:>7} {:>6} {:>7}{ahead}",
            m.method.label(),
            if m.eligible { "yes" } else { "no" },
            percent(m.mape),
            figure(m.mase),
            figure(m.bias),
        );
    }
    if f.overridden {
        out!("chosen: {} (set by a user; the back-test chose {})", f.chosen.label(), f.best.label());
    } else {
        out!("chosen: {} (lowest back-test error)", f.chosen.label());
        if let Some(unused) = f.override_method {
            out!("note: the saved choice {} needs more history and is not used yet", unused.label());
        }
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}
