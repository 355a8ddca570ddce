//! Commands: the hiring plan as a demand driver — onboarding kits, new starters per
//! department and month (typed into a grid or imported from HR's CSV after a dry run),
//! and the kit demand they make per item and month.
//!
//! The CSV import takes two steps so nothing is written until the user has seen the
//! file's rows or errors: [`preview_import`] reads and checks the file the user picked
//! and returns either; [`import`] writes the rows that preview showed.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use tagledger_core::hiring::{self, RowError};
use tagledger_core::Error;
use ts_rs::TS;

pub use tagledger_core::hiring::{Kit, KitDemandTable, KitInput, PlanRow};

use super::{blocking, Ctx};
use crate::error::CommandResult;

fn this_month() -> NaiveDate {
    hiring::month_of(chrono::Local::now().date_naive())
}

pub async fn kits(ctx: Ctx) -> CommandResult<Vec<Kit>> {
    ctx.read(hiring::kits).await
}

pub async fn create_kit(ctx: Ctx, input: KitInput) -> CommandResult<Kit> {
    ctx.write(move |tx, change| hiring::create_kit(tx, change, &input)).await
}

pub async fn update_kit(ctx: Ctx, id: i64, input: KitInput) -> CommandResult<Kit> {
    ctx.write(move |tx, change| hiring::update_kit(tx, change, id, &input)).await
}

pub async fn delete_kit(ctx: Ctx, id: i64) -> CommandResult<()> {
    ctx.write(move |tx, change| hiring::delete_kit(tx, change, id)).await
}

/// The plan of the months holding `from` (default: this month) and the `months` - 1 after it.
pub async fn plan(ctx: Ctx, from: Option<NaiveDate>, months: u32) -> CommandResult<Vec<PlanRow>> {
    let from = hiring::month_of(from.unwrap_or_else(this_month));
    let to = from + chrono::Months::new(months.max(1) - 1);
    ctx.read(move |conn| hiring::plan(conn, from, to)).await
}

/// Replaces the plan of every month the rows name, in one transaction.
pub async fn set_plan(ctx: Ctx, rows: Vec<PlanRow>) -> CommandResult<Vec<PlanRow>> {
    ctx.write(move |tx, change| {
        hiring::set_plan(tx, change, &rows)?;
        let (Some(first), Some(last)) = (rows.iter().map(|r| r.month).min(), rows.iter().map(|r| r.month).max()) else {
            return Ok(vec![]);
        };
        hiring::plan(tx, first, last)
    })
    .await
}

/// What an HR file would import: its rows when every line is good, else every error.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanImportPreview {
    pub path: String,
    pub rows: Vec<PlanRow>,
    pub errors: Vec<RowError>,
    /// The months the rows replace, oldest first.
    pub months: Vec<NaiveDate>,
}

/// Reads and checks HR's CSV at `path`; writes nothing.
pub async fn preview_import(_ctx: Ctx, path: String) -> CommandResult<PlanImportPreview> {
    let path = path.trim().to_string();
    blocking(move || {
        let file = PathBuf::from(&path);
        let bytes = std::fs::read(&file).map_err(Error::Io)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::invalid(
                "file",
                format!("{} is not UTF-8 text; save HR's file as UTF-8 CSV and try again", file.display()),
            )
        })?;
        let (rows, errors) = match hiring::parse_plan_csv(&text) {
            Ok(rows) => (rows, vec![]),
            Err(errors) => (vec![], errors),
        };
        let mut months: Vec<NaiveDate> = rows.iter().map(|r| r.month).collect();
        months.sort();
        months.dedup();
        Ok(PlanImportPreview { path, rows, errors, months })
    })
    .await
}

/// Writes the rows a preview accepted (each month in them replaces that month's plan);
/// returns how many were written.
pub async fn import(ctx: Ctx, rows: Vec<PlanRow>) -> CommandResult<u32> {
    ctx.write(move |tx, change| Ok(hiring::import_plan(tx, change, &rows)? as u32)).await
}

/// The kit demand of every item on a kit, over `months` months from this month.
pub async fn kit_demand(ctx: Ctx, months: u32) -> CommandResult<KitDemandTable> {
    ctx.read(move |conn| hiring::kit_demand_table(conn, this_month(), months.min(120) as usize)).await
}
