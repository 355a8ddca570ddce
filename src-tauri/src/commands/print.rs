//! Labels and PDF reports: preview, save to a file, open in the system's viewer, or
//! send ZPL to a label printer. Layout and rendering happen in tagledger_print on a
//! blocking thread; these handlers only move bytes to where the user asked.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tagledger_core::printing::{self, LabelJob, LabelSettings, PreparedLabels};
use tagledger_core::register::AssetFilter;
use tagledger_core::scorecard::Period;
use tagledger_core::{audits, consignment, counting, depreciation, lifecycle, purchasing, scorecard, stock_analysis};
use tagledger_core::{export, Error};
use tagledger_print::labels::{self, LabelTemplate};
use tagledger_print::page::Page;
use tagledger_print::reports;
use tagledger_print::zpl;
use tauri::Manager;
use ts_rs::TS;

use super::Ctx;
use crate::error::{CommandError, CommandResult, ErrorCode};

/// What the print dialog shows before anything is printed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelPreview {
    pub template: LabelTemplate,
    /// The first sheet (or label), exactly as it will print.
    pub first_page: Page,
    pub page_count: u32,
    pub label_count: u32,
    pub warnings: Vec<String>,
}

/// What a print run produced.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintOutcome {
    /// The file written, when there is one.
    pub path: Option<String>,
    pub label_count: u32,
    pub page_count: u32,
    pub warnings: Vec<String>,
}

pub async fn templates(ctx: Ctx) -> CommandResult<Vec<LabelTemplate>> {
    ctx.read(printing::templates).await
}

pub async fn save_template(ctx: Ctx, template: LabelTemplate) -> CommandResult<LabelTemplate> {
    ctx.write(move |tx, change| printing::save_template(tx, change, &template)).await
}

pub async fn delete_template(ctx: Ctx, key: String) -> CommandResult<()> {
    ctx.write(move |tx, change| printing::delete_template(tx, change, &key)).await
}

pub async fn settings(ctx: Ctx) -> CommandResult<LabelSettings> {
    ctx.read(printing::label_settings).await
}

pub async fn preview(ctx: Ctx, job: LabelJob) -> CommandResult<LabelPreview> {
    ctx.read(move |conn| {
        let PreparedLabels { template, options, labels } = printing::prepare(conn, &job)?;
        let sheets = labels::sheets(&template, &options, &labels)?;
        let page_count = sheets.pages.len() as u32;
        let first_page = sheets.pages.into_iter().next().expect("a batch has at least one page");
        Ok(LabelPreview {
            template,
            first_page,
            page_count,
            label_count: sheets.label_count,
            warnings: sheets.warnings,
        })
    })
    .await
}

/// Renders a job to PDF and remembers its template and QR pattern for next time.
async fn label_pdf(ctx: &Ctx, job: LabelJob) -> CommandResult<(Vec<u8>, PrintOutcome)> {
    let remembered = job.clone();
    let rendered = ctx
        .read(move |conn| {
            let PreparedLabels { template, options, labels } = printing::prepare(conn, &job)?;
            let sheets = labels::sheets(&template, &options, &labels)?;
            let pdf = sheets.to_pdf(&template);
            let outcome = PrintOutcome {
                path: None,
                label_count: sheets.label_count,
                page_count: sheets.pages.len() as u32,
                warnings: sheets.warnings,
            };
            Ok((pdf, outcome))
        })
        .await?;
    remember(ctx, remembered, None).await?;
    Ok(rendered)
}

async fn remember(ctx: &Ctx, job: LabelJob, printer_address: Option<String>) -> CommandResult<()> {
    ctx.write(move |tx, change| {
        let current = printing::label_settings(tx)?;
        let new = LabelSettings {
            template: job.template.clone(),
            qr_pattern: job.qr_pattern.clone(),
            printer_address: printer_address.unwrap_or(current.printer_address),
        };
        printing::save_label_settings(tx, change, &new)?;
        // The fields chosen become the template's own.
        let mut template = printing::template(tx, &job.template)?;
        if template.fields != job.fields {
            template.fields = job.fields;
            printing::save_template(tx, change, &template)?;
        }
        Ok(())
    })
    .await
}

pub async fn save_labels_pdf(ctx: Ctx, job: LabelJob, path: String) -> CommandResult<PrintOutcome> {
    let (pdf, outcome) = label_pdf(&ctx, job).await?;
    let path = write_file(Path::new(path.trim()), &pdf)?;
    Ok(PrintOutcome { path: Some(path), ..outcome })
}

pub async fn open_labels_pdf(ctx: Ctx, job: LabelJob) -> CommandResult<PrintOutcome> {
    let (pdf, outcome) = label_pdf(&ctx, job).await?;
    let path = write_file(&print_folder(&ctx)?.join(timestamped("labels", "pdf")), &pdf)?;
    open_in_viewer(Path::new(&path))?;
    Ok(PrintOutcome { path: Some(path), ..outcome })
}

async fn label_zpl(ctx: &Ctx, job: LabelJob) -> CommandResult<(String, PrintOutcome)> {
    ctx.read(move |conn| {
        let PreparedLabels { template, options, labels } = printing::prepare(conn, &job)?;
        let (zpl, warnings) = zpl::render(&template, &options, &labels)?;
        let count = labels.len() as u32 * options.copies;
        Ok((zpl, PrintOutcome { path: None, label_count: count, page_count: count, warnings }))
    })
    .await
}

pub async fn save_labels_zpl(ctx: Ctx, job: LabelJob, path: String) -> CommandResult<PrintOutcome> {
    let remembered = job.clone();
    let (zpl, outcome) = label_zpl(&ctx, job).await?;
    let path = write_file(Path::new(path.trim()), zpl.as_bytes())?;
    remember(&ctx, remembered, None).await?;
    Ok(PrintOutcome { path: Some(path), ..outcome })
}

pub async fn send_labels_zpl(ctx: Ctx, job: LabelJob, address: String) -> CommandResult<PrintOutcome> {
    let remembered = job.clone();
    let (zpl, outcome) = label_zpl(&ctx, job).await?;
    let to = address.clone();
    super::blocking(move || zpl::send(&to, &zpl).map_err(|e| CommandError::from(Error::from(e)))).await?;
    remember(&ctx, remembered, Some(address)).await?;
    Ok(outcome)
}

/// Which PDF report to make; each is built in core and laid out by tagledger_print.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReportRequest {
    /// The asset register of a filter.
    Register { filter: AssetFilter },
    /// The hand-over receipt of a check-out, with signature lines.
    #[serde(rename_all = "camelCase")]
    Handover { checkout_id: i64 },
    /// A physical audit's findings with totals and sign-off.
    #[serde(rename_all = "camelCase")]
    Audit { audit_id: i64 },
    /// Cost, accumulated depreciation and book value at a date (default today).
    Depreciation {
        #[ts(type = "string | null")]
        at: Option<chrono::NaiveDate>,
    },
    /// A purchase order as it goes to the supplier.
    #[serde(rename_all = "camelCase")]
    PurchaseOrder { order_id: i64 },
    /// A supplier's scorecard over a period, taken today.
    #[serde(rename_all = "camelCase")]
    Scorecard {
        supplier_id: i64,
        #[ts(type = "string")]
        from: chrono::NaiveDate,
        #[ts(type = "string")]
        to: chrono::NaiveDate,
    },
    /// What was used of a supplier's consignment stock over a period.
    #[serde(rename_all = "camelCase")]
    Consignment {
        supplier_id: i64,
        #[ts(type = "string")]
        from: chrono::NaiveDate,
        #[ts(type = "string")]
        to: chrono::NaiveDate,
    },
    /// The count sheet of a location; blind leaves out the expected quantities.
    #[serde(rename_all = "camelCase")]
    CountSheet { location_id: i64, blind: bool },
    /// How old the stock on hand is at a date, with slow and dead stock.
    #[serde(rename_all = "camelCase")]
    Ageing {
        #[ts(type = "string")]
        as_of: chrono::NaiveDate,
    },
    /// The stockouts of a period, their durations, causes and preventability.
    Stockouts {
        #[ts(type = "string")]
        from: chrono::NaiveDate,
        #[ts(type = "string")]
        to: chrono::NaiveDate,
    },
    /// Inventory costs by category and month over the months of a period.
    Costs {
        #[ts(type = "string")]
        from: chrono::NaiveDate,
        #[ts(type = "string")]
        to: chrono::NaiveDate,
    },
}

impl ReportRequest {
    fn file_stem(&self) -> &'static str {
        match self {
            ReportRequest::Register { .. } => "asset-register",
            ReportRequest::Handover { .. } => "hand-over-receipt",
            ReportRequest::Audit { .. } => "audit-report",
            ReportRequest::Depreciation { .. } => "depreciation",
            ReportRequest::PurchaseOrder { .. } => "purchase-order",
            ReportRequest::Scorecard { .. } => "supplier-scorecard",
            ReportRequest::Consignment { .. } => "consignment-usage",
            ReportRequest::CountSheet { .. } => "count-sheet",
            ReportRequest::Ageing { .. } => "stock-ageing",
            ReportRequest::Stockouts { .. } => "stockouts",
            ReportRequest::Costs { .. } => "inventory-costs",
        }
    }
}

async fn report_pdf(ctx: &Ctx, request: ReportRequest) -> CommandResult<Vec<u8>> {
    let generated_at = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
    ctx.read(move |conn| {
        Ok(match request {
            ReportRequest::Register { filter } => {
                reports::register::render(&printing::register_report(conn, &filter, generated_at)?)
            }
            ReportRequest::Handover { checkout_id } => {
                reports::handover::render(&lifecycle::handover_receipt(conn, checkout_id, &generated_at)?)
            }
            ReportRequest::Audit { audit_id } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                reports::audit::render(&audits::report(conn, audit_id, &organisation, &generated_at)?)
            }
            ReportRequest::Depreciation { at } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                let at = at.unwrap_or_else(|| chrono::Local::now().date_naive());
                reports::depreciation::render(&depreciation::report(conn, at, &organisation, &generated_at)?)
            }
            ReportRequest::PurchaseOrder { order_id } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                reports::purchase_order::render(&purchasing::order_report(
                    conn,
                    order_id,
                    &organisation,
                    &generated_at,
                )?)
            }
            ReportRequest::Scorecard { supplier_id, from, to } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                let today = chrono::Local::now().date_naive();
                let card =
                    scorecard::report(conn, supplier_id, Period::new(from, to), today, &organisation, &generated_at)?;
                reports::scorecard::render(&card)
            }
            ReportRequest::Consignment { supplier_id, from, to } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                let period = Period::new(from, to);
                reports::consignment::render(&consignment::report(
                    conn,
                    supplier_id,
                    period,
                    &organisation,
                    &generated_at,
                )?)
            }
            ReportRequest::CountSheet { location_id, blind } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                reports::count_sheet::render(&counting::count_sheet(
                    conn,
                    location_id,
                    blind,
                    &organisation,
                    &generated_at,
                )?)
            }
            ReportRequest::Ageing { as_of } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                reports::ageing::render(&stock_analysis::ageing_report(conn, as_of, &organisation, &generated_at)?)
            }
            ReportRequest::Costs { from, to } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                let period = Period::new(from, to);
                reports::costs::render(&tagledger_core::costs::report(conn, period, &organisation, &generated_at)?)
            }
            ReportRequest::Stockouts { from, to } => {
                let organisation = tagledger_core::settings::load(conn)?.organisation_name;
                let period = Period::new(from, to);
                reports::stockouts::render(&stock_analysis::stockout_report(
                    conn,
                    period,
                    &organisation,
                    &generated_at,
                )?)
            }
        })
    })
    .await
}

/// Writes a report's PDF where the user chose; returns the path.
pub async fn save_report(ctx: Ctx, request: ReportRequest, path: String) -> CommandResult<String> {
    let pdf = report_pdf(&ctx, request).await?;
    write_file(Path::new(path.trim()), &pdf)
}

/// Writes a report's PDF to the cache folder and opens it in the system's viewer.
pub async fn open_report(ctx: Ctx, request: ReportRequest) -> CommandResult<String> {
    let stem = request.file_stem();
    let pdf = report_pdf(&ctx, request).await?;
    let path = write_file(&print_folder(&ctx)?.join(timestamped(stem, "pdf")), &pdf)?;
    open_in_viewer(Path::new(&path))?;
    Ok(path)
}

/// Writes a finished file where the user asked (see [`export::write_file`]).
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> CommandResult<String> {
    if path.as_os_str().is_empty() {
        return Err(CommandError::new(ErrorCode::Invalid, "choose where to save the file"));
    }
    export::write_file(path, bytes)
        .map_err(|e| CommandError::new(ErrorCode::Io, format!("cannot write {}: {e}", path.display())))?;
    Ok(path.to_string_lossy().into_owned())
}

/// Files opened in the viewer live in the app's cache folder (the OS clears it).
fn print_folder(ctx: &Ctx) -> CommandResult<PathBuf> {
    let dir = ctx.app.path().app_cache_dir().unwrap_or_else(|_| std::env::temp_dir().join("tagledger")).join("print");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CommandError::new(ErrorCode::Io, format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}

fn timestamped(what: &str, extension: &str) -> String {
    format!("{what}-{}.{extension}", chrono::Local::now().format("%Y%m%d-%H%M%S-%3f"))
}

/// Opens a file in the program the desktop uses for its type (the PDF viewer, from
/// which the user prints with the printer's own dialog).
fn open_in_viewer(path: &Path) -> CommandResult<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let mut child = command.arg(path).spawn().map_err(|e| {
        CommandError::new(
            ErrorCode::Io,
            format!("cannot open a PDF viewer ({e}); the file is saved at {}", path.display()),
        )
    })?;
    // Reap the opener when it exits, without making the user wait for it.
    std::thread::spawn(move || child.wait());
    Ok(())
}
