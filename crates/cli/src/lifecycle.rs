//! `checkout`, `checkin`, `overdue`, `dispose` and `verify-log`: the asset lifecycle and
//! the event log's integrity, for scripts.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use tagledger_core::lifecycle::{
    self, CheckinInput, CheckoutInput, CheckoutTarget, Condition, DisposalInput, DisposalMethod,
};
use tagledger_core::{assets, events, reference, Change, Connection};

use crate::{actor, find_location, write_file};

#[derive(clap::Args)]
pub struct CheckoutArgs {
    /// The asset's tag (or serial number).
    tag: String,
    /// To a person: their email, employee number or name.
    #[arg(long, group = "target")]
    person: Option<String>,
    /// To a location: its name or full name.
    #[arg(long, group = "target")]
    location: Option<String>,
    /// With another asset (e.g. a dock with its laptop): that asset's tag.
    #[arg(long = "with", group = "target", value_name = "TAG")]
    with_asset: Option<String>,
    /// The check-out date (default today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    on: Option<String>,
    /// When it is expected back.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
    /// Also write the hand-over receipt PDF here.
    #[arg(long, value_name = "FILE")]
    receipt: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct CheckinArgs {
    tag: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    on: Option<String>,
    /// good, worn, damaged or faulty (damaged and faulty send it to repair).
    #[arg(long, value_parser = ["good", "worn", "damaged", "faulty"])]
    condition: Option<String>,
    /// Where it goes back to (default: where it is).
    #[arg(long)]
    location: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(clap::Args)]
pub struct DisposeArgs {
    tag: String,
    #[arg(long, value_parser = ["recycle", "resale", "donation", "destruction"])]
    method: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    on: Option<String>,
    /// What it was sold for, e.g. 150.00.
    #[arg(long, default_value = "")]
    proceeds: String,
    /// What disposing of it cost.
    #[arg(long, default_value = "")]
    cost: String,
    #[arg(long)]
    currency: Option<String>,
    /// The recycler's or destruction certificate's reference.
    #[arg(long)]
    certificate: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn asset_id(conn: &Connection, tag: &str) -> Result<i64> {
    Ok(assets::lookup(conn, tag)?.with_context(|| format!("no asset with tag or serial '{tag}'"))?.id)
}

pub(crate) fn find_person(conn: &Connection, who: &str) -> Result<i64> {
    let who = who.trim();
    let people = reference::people(conn)?;
    let exact: Vec<_> = people
        .iter()
        .filter(|p| {
            p.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(who))
                || p.employee_number.as_deref() == Some(who)
                || p.name.eq_ignore_ascii_case(who)
        })
        .collect();
    match exact.as_slice() {
        [one] => Ok(one.id),
        [] => bail!("no person with the email, employee number or name '{who}'"),
        many => bail!("{} people are called '{who}'; give their email instead", many.len()),
    }
}

pub fn checkout(conn: &mut Connection, args: CheckoutArgs) -> Result<()> {
    let id = asset_id(conn, &args.tag)?;
    let target = match (&args.person, &args.location, &args.with_asset) {
        (Some(p), _, _) => CheckoutTarget::Person(find_person(conn, p)?),
        (_, Some(l), _) => CheckoutTarget::Location(find_location(conn, l)?),
        (_, _, Some(t)) => CheckoutTarget::Asset(asset_id(conn, t)?),
        _ => bail!("say where it goes: --person, --location or --with"),
    };
    let input =
        CheckoutInput { target: Some(target), checked_out_on: args.on, expected_return_on: args.due, note: args.note };
    let change = Change::now(actor());
    let checkout = tagledger_core::write(conn, |tx| lifecycle::check_out(tx, &change, id, &input, today()))?;
    out!("checked out {} to {}", checkout.asset_tag, checkout.target_name);
    if let Some(file) = args.receipt {
        let generated_at = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
        let receipt = lifecycle::handover_receipt(conn, checkout.id, &generated_at)?;
        write_file(&file, &tagledger_print::reports::handover::render(&receipt))?;
        out!("wrote the hand-over receipt to {}", file.display());
    }
    Ok(())
}

pub fn checkin(conn: &mut Connection, args: CheckinArgs) -> Result<()> {
    let id = asset_id(conn, &args.tag)?;
    let condition = args.condition.as_deref().map(|c| match c {
        "worn" => Condition::Worn,
        "damaged" => Condition::Damaged,
        "faulty" => Condition::Faulty,
        _ => Condition::Good,
    });
    let location_id = args.location.as_deref().map(|l| find_location(conn, l)).transpose()?;
    let input = CheckinInput { checked_in_on: args.on, condition, note: args.note, location_id };
    let change = Change::now(actor());
    let asset = tagledger_core::write(conn, |tx| lifecycle::check_in(tx, &change, id, &input, today()))?;
    out!("checked in {}; it is now {}", asset.tag, asset.status.label().to_lowercase());
    Ok(())
}

pub fn overdue(conn: &Connection, json: bool) -> Result<()> {
    let today = today();
    let list = lifecycle::overdue(conn, today, usize::MAX >> 1)?;
    if json {
        let rows: Vec<_> =
            list.iter().map(|c| serde_json::json!({ "checkout": c, "daysOverdue": c.days_overdue(today) })).collect();
        out!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if list.is_empty() {
        out!("nothing is overdue");
    }
    for c in &list {
        out!(
            "{:<12} {:<30} {:<30} due {} ({} days overdue)",
            c.asset_tag,
            c.asset_name,
            c.target_name,
            c.expected_return_on.map(|d| d.to_string()).unwrap_or_default(),
            c.days_overdue(today)
        );
    }
    Ok(())
}

pub fn dispose(conn: &mut Connection, args: DisposeArgs) -> Result<()> {
    let id = asset_id(conn, &args.tag)?;
    let input = DisposalInput {
        method: DisposalMethod::parse(&args.method),
        disposed_on: args.on,
        proceeds: args.proceeds,
        disposal_cost: args.cost,
        currency: args.currency,
        certificate_reference: args.certificate,
        notes: args.note,
    };
    let change = Change::now(actor());
    let d = tagledger_core::write(conn, |tx| lifecycle::dispose(tx, &change, id, &input, today()))?;
    out!("disposed of {} on {} ({})", args.tag, d.disposed_on, d.method.as_str());
    Ok(())
}

/// Exits non-zero, naming the first broken link, when the log was edited.
pub fn verify_log(conn: &Connection, json: bool) -> Result<()> {
    let outcome = events::verify(conn, &|| false)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&outcome)?);
    }
    match &outcome.broken {
        Some(broken) => bail!("the history is broken at event {}: {}", broken.event_id, broken.message),
        None if !json => out!(
            "history intact: {} events verified; latest fingerprint {}",
            outcome.checked,
            outcome.head.as_deref().unwrap_or("(empty log)")
        ),
        None => {}
    }
    Ok(())
}
