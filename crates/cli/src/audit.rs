//! `audit`, `depreciation`, `report audit` and `report depreciation`: physical audits
//! (start, scan, load a scanner's file, resolve, close) and depreciation figures, for
//! scripts, over the same core as the app.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use clap::Subcommand;
use tagledger_core::audits::{self, AuditInput, AuditScope, Finding, FindingClass, Resolution};
use tagledger_core::validate::format_money;
use tagledger_core::{assets, depreciation, reference, settings, Change, Connection, Error};

use crate::{actor, find_location, write_file};

#[derive(Subcommand)]
pub enum AuditWhat {
    /// Start an audit of a location (and everything inside it), of categories, or both.
    Start(StartArgs),
    /// Every audit, newest first, with its counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One audit's counts; with --findings, its findings of one kind.
    Show {
        id: i64,
        /// List these findings too.
        #[arg(long, value_enum, value_name = "KIND")]
        findings: Option<FindingKind>,
        #[arg(long)]
        json: bool,
    },
    /// Record codes (tags or serial numbers) read in a room, in order.
    Scan(ScanArgs),
    /// Record every code in a batch scanner's file (one per line); a file with a bad line
    /// is refused whole.
    Load(LoadArgs),
    /// Settle one finding, named by its tag (or the unknown code scanned).
    Resolve(ResolveArgs),
    /// Close an audit with the auditor's name; scanned assets get today as their last audit.
    Close {
        id: i64,
        #[arg(long)]
        auditor: String,
    },
    /// Per category with an audit interval: how many assets are due for an audit.
    Due {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FindingKind {
    All,
    Found,
    Moved,
    Missing,
    Unexpected,
}

impl FindingKind {
    fn class(self) -> Option<FindingClass> {
        match self {
            FindingKind::All => None,
            FindingKind::Found => Some(FindingClass::Found),
            FindingKind::Moved => Some(FindingClass::Moved),
            FindingKind::Missing => Some(FindingClass::Missing),
            FindingKind::Unexpected => Some(FindingClass::Unexpected),
        }
    }
}

#[derive(clap::Args)]
pub struct StartArgs {
    #[arg(long)]
    name: String,
    /// A location's name or full name ("Site > Block"); the audit covers what is inside it.
    #[arg(long)]
    location: Option<String>,
    /// A category's name; repeat for several (default: every category).
    #[arg(long = "category", value_name = "NAME")]
    categories: Vec<String>,
    #[arg(long, default_value = "")]
    notes: String,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ScanArgs {
    id: i64,
    /// Where the codes were read: a location's name or full name, inside the audit's scope.
    #[arg(long, value_name = "LOCATION")]
    room: String,
    /// Tags or serial numbers, scanned in this order.
    #[arg(required = true, value_name = "CODE")]
    codes: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct LoadArgs {
    id: i64,
    /// Where the codes were read: a location's name or full name, inside the audit's scope.
    #[arg(long, value_name = "LOCATION")]
    room: String,
    /// UTF-8 text, one code per line, optionally followed by a comma or tab and a
    /// timestamp; blank lines and lines starting with # are skipped.
    file: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("resolution").required(true))]
pub struct ResolveArgs {
    id: i64,
    /// The finding's tag, or the unknown code as scanned.
    code: String,
    /// A moved or out-of-scope asset: the register takes the location it was scanned at.
    #[arg(long, group = "resolution")]
    update_location: bool,
    /// A missing asset becomes lost or stolen.
    #[arg(long, group = "resolution")]
    mark_lost: bool,
    /// An unknown code: the asset has since been added to the register with it.
    #[arg(long, group = "resolution")]
    asset_added: bool,
    /// Any finding; --note says why.
    #[arg(long, group = "resolution")]
    ignore: bool,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Subcommand)]
pub enum DepreciationWhat {
    /// One asset's month-by-month schedule.
    Show {
        /// The asset's tag (or serial number).
        tag: String,
        #[arg(long)]
        json: bool,
    },
    /// Cost, accumulated depreciation and book value by category and currency.
    Totals {
        /// The date the book values are at (default today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        at: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

/// A date as the command line takes it.
pub fn parse_date(value: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| format!("'{value}' is not a date; use YYYY-MM-DD"))
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn generated_at() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A core error with its fields named as the command line names them.
fn explain(e: Error) -> anyhow::Error {
    match e {
        Error::Invalid(errors) => {
            let parts: Vec<String> = errors
                .iter()
                .map(|e| match e.field.as_str() {
                    // "location 5 does not exist", "Site › Annex is outside this audit's scope (…)".
                    "locationId" | "scope" | "scope.locationId" | "scope.categoryIds" => e.message.clone(),
                    "name" | "notes" | "note" | "auditor" => format!("--{}: {}", e.field, e.message),
                    field => format!("{field}: {}", e.message),
                })
                .collect();
            anyhow!(parts.join("; "))
        }
        e => e.into(),
    }
}

pub fn run(conn: &mut Connection, what: AuditWhat) -> Result<()> {
    match what {
        AuditWhat::Start(args) => start(conn, args),
        AuditWhat::List { json } => list(conn, json),
        AuditWhat::Show { id, findings, json } => show(conn, id, findings, json),
        AuditWhat::Scan(args) => scan(conn, args),
        AuditWhat::Load(args) => load(conn, args),
        AuditWhat::Resolve(args) => resolve(conn, args),
        AuditWhat::Close { id, auditor } => close(conn, id, &auditor),
        AuditWhat::Due { json } => due(conn, json),
    }
}

fn find_category(conn: &Connection, name: &str) -> Result<i64> {
    let categories = reference::categories(conn)?;
    let found = categories.iter().find(|c| c.name.eq_ignore_ascii_case(name.trim()));
    Ok(found.with_context(|| format!("no category called '{name}'"))?.id)
}

fn start(conn: &mut Connection, args: StartArgs) -> Result<()> {
    if args.location.is_none() && args.categories.is_empty() {
        bail!("say what to audit: --location, --category or both");
    }
    let location_id = args.location.as_deref().map(|l| find_location(conn, l)).transpose()?;
    let category_ids = args.categories.iter().map(|c| find_category(conn, c)).collect::<Result<Vec<_>>>()?;
    let input = AuditInput { name: args.name, scope: AuditScope { location_id, category_ids }, notes: args.notes };
    let change = Change::now(actor());
    let summary = tagledger_core::write(conn, |tx| audits::start(tx, &change, &input)).map_err(explain)?;
    if args.json {
        out!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        out!(
            "started audit {} \"{}\" ({}): {} assets expected",
            summary.id,
            summary.name,
            summary.scope,
            summary.expected
        );
    }
    Ok(())
}

fn list(conn: &Connection, json: bool) -> Result<()> {
    let all = audits::list(conn)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if all.is_empty() {
        out!("no audits yet");
    }
    for a in &all {
        let state = match &a.closed_at {
            Some(closed) => format!("closed {}", closed.get(..10).unwrap_or(closed)),
            None => "open".to_string(),
        };
        out!(
            "{:>4}  {:<30} {:<14} {} expected, {} found, {} moved, {} missing, {} unexpected; {} unresolved  ({})",
            a.id,
            a.name,
            state,
            a.expected,
            a.found,
            a.moved,
            a.missing,
            a.unexpected,
            a.unresolved,
            a.scope
        );
    }
    Ok(())
}

fn show(conn: &Connection, id: i64, kind: Option<FindingKind>, json: bool) -> Result<()> {
    let summary = audits::summary(conn, id)?;
    let findings = kind.map(|k| audits::findings(conn, id, k.class())).transpose()?;
    if json {
        let mut value = serde_json::json!({ "summary": summary });
        if let Some(findings) = &findings {
            value["findings"] = serde_json::to_value(findings)?;
        }
        out!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let line = |label: &str, value: &str| out!("{label:>12}  {value}");
    line("audit", &format!("{} \"{}\"", summary.id, summary.name));
    line("scope", &summary.scope);
    line("started", &format!("{} by {}", summary.started_at, summary.started_by));
    match (&summary.closed_at, &summary.auditor) {
        (Some(at), Some(auditor)) => line("closed", &format!("{at} by {auditor}")),
        (Some(at), None) => line("closed", at),
        _ => line("closed", "not yet"),
    }
    if !summary.notes.is_empty() {
        line("notes", &summary.notes);
    }
    line("expected", &summary.expected.to_string());
    line("found", &summary.found.to_string());
    line("moved", &summary.moved.to_string());
    line("missing", &summary.missing.to_string());
    line("unexpected", &summary.unexpected.to_string());
    line("unresolved", &summary.unresolved.to_string());
    if let Some(findings) = findings {
        out!();
        if findings.is_empty() {
            out!("no findings of that kind");
        }
        for f in &findings {
            print_finding(f);
        }
    }
    Ok(())
}

fn print_finding(f: &Finding) {
    let mut details = Vec::new();
    if let Some(expected) = &f.expected_location {
        details.push(format!("expected at {expected}"));
    }
    if let Some(found) = &f.found_location {
        details.push(format!("scanned at {found}"));
    }
    if f.class == FindingClass::Unexpected {
        details.push(if f.out_of_scope { "out of scope" } else { "not in the register" }.to_string());
    }
    match (&f.resolution, f.note.as_str()) {
        (Some(r), "") => details.push(r.replace('_', " ")),
        (Some(r), note) => details.push(format!("{}: {note}", r.replace('_', " "))),
        (None, _) if f.class != FindingClass::Found => details.push("unresolved".into()),
        (None, _) => {}
    }
    out!("{:<10}  {:<14} {:<28} {}", f.class.as_str(), f.code, f.name.as_deref().unwrap_or(""), details.join("; "));
}

fn scan(conn: &mut Connection, args: ScanArgs) -> Result<()> {
    let room = find_location(conn, &args.room)?;
    let change = Change::now(actor());
    // One transaction: a bad code refuses the whole command, so a script can rerun it.
    let results = tagledger_core::write(conn, |tx| {
        let mut results = Vec::with_capacity(args.codes.len());
        for code in &args.codes {
            match audits::scan(tx, &change, args.id, code, room) {
                Ok(result) => results.push(result),
                Err(Error::Invalid(errors)) if errors.iter().all(|e| e.field == "code") => {
                    let problem = errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ");
                    return Err(Error::invalid(format!("code '{code}'"), problem));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(results)
    })
    .map_err(|e| match args.codes.len() {
        1 => explain(e),
        _ => anyhow!("{}; nothing was recorded", explain(e)),
    })?;
    if args.json {
        out!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(());
    }
    for r in &results {
        out!("{}", r.message);
    }
    if let Some(last) = results.last() {
        print_counts(&last.summary);
    }
    Ok(())
}

fn print_counts(s: &audits::AuditSummary) {
    out!(
        "audit {}: {} of {} expected scanned ({} found, {} moved), {} missing, {} unexpected",
        s.id,
        s.found + s.moved,
        s.expected,
        s.found,
        s.moved,
        s.missing,
        s.unexpected
    );
}

fn load(conn: &mut Connection, args: LoadArgs) -> Result<()> {
    let file = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {file}"))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            bail!("{file} is not UTF-8 text (line {line} has a byte that is not); save it as UTF-8 and load it again");
        }
    };
    let room = find_location(conn, &args.room)?;
    let change = Change::now(actor());
    let loaded = tagledger_core::write(conn, |tx| audits::load_scan_file(tx, &change, args.id, &text, room));
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(Error::Invalid(errors)) if errors.iter().all(|e| e.field.starts_with("line ")) => {
            for e in &errors {
                // Core says field "line 3", message "column 4: contains a space…".
                if e.message.starts_with("column ") {
                    eprintln!("{}, {}", e.field, e.message);
                } else {
                    eprintln!("{}: {}", e.field, e.message);
                }
            }
            bail!("{file} has errors (above); nothing was recorded");
        }
        Err(Error::Invalid(errors)) if errors.iter().any(|e| e.field == "file") => {
            bail!("{file} {}", errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))
        }
        Err(e) => return Err(explain(e)),
    };
    if args.json {
        out!("{}", serde_json::to_string_pretty(&loaded)?);
        return Ok(());
    }
    out!("loaded {file}: {} scanned, {} already scanned", loaded.scanned, loaded.already_scanned);
    print_counts(&loaded.summary);
    Ok(())
}

fn resolve(conn: &mut Connection, args: ResolveArgs) -> Result<()> {
    let resolution = if args.update_location {
        Resolution::UpdateLocation
    } else if args.mark_lost {
        Resolution::MarkLost
    } else if args.asset_added {
        Resolution::AssetAdded
    } else {
        Resolution::Ignore
    };
    let change = Change::now(actor());
    let finding =
        tagledger_core::write(conn, |tx| audits::resolve(tx, &change, args.id, &args.code, resolution, &args.note))
            .map_err(explain)?;
    let how = finding.resolution.as_deref().unwrap_or("resolved").replace('_', " ");
    out!("resolved {} ({}): {how}", finding.code, finding.class.as_str());
    Ok(())
}

fn close(conn: &mut Connection, id: i64, auditor: &str) -> Result<()> {
    let change = Change::now(actor());
    let s = tagledger_core::write(conn, |tx| audits::close(tx, &change, id, auditor)).map_err(explain)?;
    out!(
        "closed audit {} \"{}\" signed off by {}: {} found, {} moved, {} missing, {} unexpected; {} unresolved",
        s.id,
        s.name,
        s.auditor.as_deref().unwrap_or(auditor),
        s.found,
        s.moved,
        s.missing,
        s.unexpected,
        s.unresolved
    );
    Ok(())
}

fn due(conn: &Connection, json: bool) -> Result<()> {
    let due = audits::due_for_audit(conn, today())?;
    if json {
        out!("{}", serde_json::to_string_pretty(&due)?);
        return Ok(());
    }
    if due.is_empty() {
        out!("no category has an audit interval");
    }
    for d in &due {
        out!(
            "{:<30} every {:>3} months: {} due ({} never audited)",
            d.category_name,
            d.interval_months,
            d.due,
            d.never_audited
        );
    }
    Ok(())
}

// ---- reports -------------------------------------------------------------------------

pub fn report_audit(conn: &Connection, id: i64, out: &Path) -> Result<()> {
    let organisation = settings::load(conn)?.organisation_name;
    let data = audits::report(conn, id, &organisation, &generated_at())?;
    write_file(out, &tagledger_print::reports::audit::render(&data))?;
    out!(
        "wrote the audit report ({} found, {} moved, {} missing, {} unexpected) to {}",
        data.found.len(),
        data.moved.len(),
        data.missing.len(),
        data.unexpected.len(),
        out.display()
    );
    Ok(())
}

pub fn report_depreciation(conn: &Connection, at: Option<NaiveDate>, out: &Path) -> Result<()> {
    let at = at.unwrap_or_else(today);
    let organisation = settings::load(conn)?.organisation_name;
    let data = depreciation::report(conn, at, &organisation, &generated_at())?;
    write_file(out, &tagledger_print::reports::depreciation::render(&data))?;
    let assets: i64 = data.categories.iter().map(|c| c.assets).sum();
    let mut categories: Vec<&str> = data.categories.iter().map(|c| c.category.as_str()).collect();
    categories.dedup();
    out!(
        "wrote the depreciation report at {at} ({assets} assets in {} categories) to {}",
        categories.len(),
        out.display()
    );
    Ok(())
}

// ---- depreciation --------------------------------------------------------------------

pub fn run_depreciation(conn: &Connection, what: DepreciationWhat) -> Result<()> {
    match what {
        DepreciationWhat::Show { tag, json } => show_schedule(conn, &tag, json),
        DepreciationWhat::Totals { at, json } => totals(conn, at.unwrap_or_else(today), json),
    }
}

fn show_schedule(conn: &Connection, tag: &str, json: bool) -> Result<()> {
    let asset = assets::lookup(conn, tag)?.with_context(|| format!("no asset with tag or serial '{tag}'"))?;
    let schedule = depreciation::asset_schedule(conn, asset.id)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&schedule)?);
        return Ok(());
    }
    let Some(s) = schedule else {
        if asset.purchase_cost.is_none() || asset.purchase_date.is_none() {
            out!("{} has no purchase cost or purchase date, so it has no depreciation schedule", asset.tag);
        } else {
            out!("{} is not depreciated: the category {} has no depreciation method", asset.tag, asset.category_name);
        }
        return Ok(());
    };
    let policy = depreciation::policy(conn, asset.category_id)?;
    let currency = &s.cost.currency;
    let money = |minor: i64| format!("{} {currency}", format_money(minor));
    let line = |label: &str, value: &str| out!("{label:>14}  {value}");
    line("asset", &format!("{} {}", s.tag, s.name));
    line("category", &s.category_name);
    line("method", &format!("{} over {} months", policy.method_description(), s.useful_life_months));
    line("purchase date", &s.start.to_string());
    line("cost", &money(s.cost.minor));
    line("salvage", &money(s.salvage_minor));
    if let Some(book) = depreciation::book_value(conn, asset.id, today())? {
        line("book value now", &format!("{} {}", format_money(book.minor), book.currency));
    }
    out!();
    out!("{:<12} {:>14} {:>14} {:>14}", "period end", "depreciation", "accumulated", "book value");
    for l in &s.lines {
        out!(
            "{:<12} {:>14} {:>14} {:>14}",
            l.period.to_string(),
            format_money(l.depreciation_minor),
            format_money(l.accumulated_minor),
            format_money(l.book_value_minor)
        );
    }
    let total: i64 = s.lines.iter().map(|l| l.depreciation_minor).sum();
    out!("{:<12} {:>14}  ({currency})", "total", format_money(total));
    Ok(())
}

fn totals(conn: &Connection, at: NaiveDate, json: bool) -> Result<()> {
    let totals = depreciation::totals_at(conn, at)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&serde_json::json!({ "at": at, "categories": totals }))?);
        return Ok(());
    }
    if totals.is_empty() {
        out!("no assets with a purchase cost and a purchase date on or before {at}");
        return Ok(());
    }
    out!("book values at {at}");
    out!(
        "{:<30} {:<8} {:>7} {:>16} {:>16} {:>16}",
        "category",
        "currency",
        "assets",
        "cost",
        "accumulated",
        "book value"
    );
    for t in &totals {
        out!(
            "{:<30} {:<8} {:>7} {:>16} {:>16} {:>16}",
            t.category_name,
            t.currency,
            t.assets,
            format_money(t.cost_minor),
            format_money(t.accumulated_minor),
            format_money(t.book_value_minor)
        );
    }
    Ok(())
}
