//! `stock …`, `report consignment` and `report count-sheet`: consumables and spares from
//! the command line — items, movements, stockouts, supplier offers, reorder rules and
//! suggestions — over the same core as the app.
//!
//! Rules:
//! - Items are named by SKU (or barcode), locations, suppliers and people by name as
//!   everywhere in the CLI; an ambiguous name is refused, never guessed.
//! - `--consigned-by SUPPLIER` makes a movement about that supplier's consignment stock;
//!   without it a movement is about our own stock.
//! - An issue refused for want of stock writes nothing; the shortfall is then recorded
//!   as a stockout in a second write (`record_refused_issue`), as the app does, and the
//!   command exits non-zero with core's message saying so.
//! - Each command is one write: a refusal changes nothing.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use clap::Subcommand;
use tagledger_core::reorder::{self, OfferInput, ReorderInput};
use tagledger_core::scorecard::Period;
use tagledger_core::stock::{
    self, Adjustment, Count, Issue, Receipt, StockItem, StockItemInput, StockKey, StockMovement, Transfer,
};
use tagledger_core::{consignment, counting, reference, settings, Change, Connection, Error};

use crate::lifecycle::find_person;
use crate::{actor, find_location, write_file};

/// The newest movements `stock show` lists.
const MOVEMENTS_SHOWN: u32 = 20;

#[derive(Subcommand)]
pub enum StockWhat {
    /// Every stock item with what is on hand, ours and consigned.
    List {
        /// Only items whose SKU, name or barcode contains this.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One item: balances per location and owner, offers, reorder rules, last 20 movements.
    Show {
        /// The item's SKU or barcode.
        sku: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a stock item.
    Add(AddArgs),
    /// Book stock in: a delivery without an order, or stock found.
    Receive(ReceiveArgs),
    /// Hand stock out to a person or a department; more than is on hand is refused and
    /// recorded as a stockout.
    Issue(IssueArgs),
    /// Move stock between locations.
    Transfer(TransferArgs),
    /// Correct a balance by a signed quantity (e.g. -2 for breakage), with a reason.
    Adjust(AdjustArgs),
    /// Record what a count found on the shelf; the variance goes to the ledger. With
    /// --file, a whole count (`sku,counted` lines) is checked first and posted in one
    /// transaction: all of it or none.
    Count(CountArgs),
    /// Every stockout, newest first.
    Stockouts {
        #[arg(long)]
        json: bool,
    },
    /// Record (or change) a supplier's offer for an item.
    Offer(OfferArgs),
    /// Set the reorder rule of an item at a location.
    Reorder(ReorderArgs),
    /// What is at or below its reorder point, and what to order.
    Suggestions {
        /// Only at this location.
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    sku: String,
    #[arg(long)]
    name: String,
    /// "each" (the default), "box of 10", "m"…
    #[arg(long, default_value = "")]
    unit: String,
    /// What a scanner reads, if not the SKU.
    #[arg(long)]
    barcode: Option<String>,
    /// A category's name.
    #[arg(long)]
    category: Option<String>,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(clap::Args)]
pub struct ReceiveArgs {
    sku: String,
    quantity: i64,
    #[arg(long)]
    location: String,
    /// The unit cost, e.g. 12.50.
    #[arg(long)]
    cost: Option<String>,
    /// Default: the organisation's currency.
    #[arg(long)]
    currency: Option<String>,
    /// The stock is this supplier's consignment stock.
    #[arg(long, value_name = "SUPPLIER")]
    consigned_by: Option<String>,
    /// A delivery note or order number.
    #[arg(long)]
    reference: Option<String>,
    #[arg(long)]
    reason: Option<String>,
}

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("recipient").required(true).multiple(true))]
pub struct IssueArgs {
    sku: String,
    quantity: i64,
    #[arg(long)]
    location: String,
    /// To a person: their email, employee number or name.
    #[arg(long, group = "recipient")]
    person: Option<String>,
    /// To a department or cost centre (with --person: whose budget it is).
    #[arg(long = "to", group = "recipient", value_name = "DEPT")]
    issued_to: Option<String>,
    /// Why: new starter, replacement, broken…
    #[arg(long)]
    reason: String,
    /// Issue this supplier's consignment stock.
    #[arg(long, value_name = "SUPPLIER")]
    consigned_by: Option<String>,
    #[arg(long)]
    reference: Option<String>,
}

#[derive(clap::Args)]
pub struct TransferArgs {
    sku: String,
    quantity: i64,
    #[arg(long, value_name = "LOCATION")]
    from: String,
    #[arg(long, value_name = "LOCATION")]
    to: String,
    #[arg(long, value_name = "SUPPLIER")]
    consigned_by: Option<String>,
    #[arg(long)]
    reason: Option<String>,
    #[arg(long)]
    reference: Option<String>,
}

#[derive(clap::Args)]
pub struct AdjustArgs {
    sku: String,
    /// Signed: 3 adds three, -2 removes two.
    #[arg(allow_negative_numbers = true)]
    quantity: i64,
    #[arg(long)]
    location: String,
    #[arg(long)]
    reason: String,
    #[arg(long, value_name = "SUPPLIER")]
    consigned_by: Option<String>,
}

#[derive(clap::Args)]
pub struct CountArgs {
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    sku: Option<String>,
    /// What is on the shelf.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    counted: Option<i64>,
    /// A CSV file of `sku,counted` lines (with that header): a whole count at --location.
    #[arg(long, value_name = "FILE")]
    file: Option<std::path::PathBuf>,
    #[arg(long)]
    location: String,
    #[arg(long, value_name = "SUPPLIER")]
    consigned_by: Option<String>,
    /// The count sheet's reference.
    #[arg(long)]
    reference: Option<String>,
    /// Why the count differs, if known.
    #[arg(long)]
    reason: Option<String>,
}

#[derive(clap::Args)]
pub struct OfferArgs {
    sku: String,
    #[arg(long)]
    supplier: String,
    /// The unit price, e.g. 12.50.
    #[arg(long)]
    price: String,
    /// Default: the organisation's currency.
    #[arg(long)]
    currency: Option<String>,
    #[arg(long, value_name = "DAYS")]
    lead_days: i64,
    /// Minimum order quantity.
    #[arg(long, default_value_t = 1)]
    moq: i64,
    /// Units per pack: orders are rounded up to whole packs.
    #[arg(long, default_value_t = 1)]
    pack: i64,
    /// Order from this supplier (takes the flag from the item's other offers).
    #[arg(long)]
    preferred: bool,
    /// The supplier's own part number.
    #[arg(long, default_value = "")]
    supplier_sku: String,
}

#[derive(clap::Args)]
pub struct ReorderArgs {
    sku: String,
    #[arg(long)]
    location: String,
    /// Order when what is available falls to this.
    #[arg(long, value_name = "N")]
    point: i64,
    #[arg(long, value_name = "N")]
    safety: i64,
    /// Order enough to bring what is available up to this.
    #[arg(long, value_name = "N")]
    up_to: i64,
    /// Stock set aside, not available (default: as the rule had it, else 0).
    #[arg(long, value_name = "N")]
    reserved: Option<i64>,
}

// ---- shared with the purchasing commands ----------------------------------------------

pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn generated_at() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()
}

pub(crate) fn organisation(conn: &Connection) -> Result<String> {
    Ok(settings::load(conn)?.organisation_name)
}

/// "1 line", "2 lines".
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "12.50 EUR", with the currency's own number of decimals.
pub(crate) fn money(minor: i64, currency: &str) -> String {
    format!("{} {currency}", consignment::decimal(minor, currency))
}

/// A core error with its fields in words: `stock.quantity` is "quantity", the second
/// line's `acceptedQty` is "line 2 accepted qty".
pub(crate) fn explain(e: Error) -> anyhow::Error {
    match e {
        Error::Invalid(errors) => {
            let parts: Vec<String> =
                errors.iter().map(|e| format!("{}: {}", field_words(&e.field), e.message)).collect();
            anyhow!(parts.join("; "))
        }
        e => e.into(),
    }
}

fn field_words(field: &str) -> String {
    let field = field.strip_prefix("stock.").unwrap_or(field);
    if let Some((index, rest)) = stock::line_field(field) {
        return format!("line {} {}", index + 1, field_words(rest));
    }
    let mut words = String::new();
    for c in field.chars() {
        if c.is_ascii_uppercase() {
            words.push(' ');
            words.push(c.to_ascii_lowercase());
        } else {
            words.push(c);
        }
    }
    words
}

/// A stock item by SKU or barcode.
pub(crate) fn find_item(conn: &Connection, code: &str) -> Result<StockItem> {
    stock::item_by_code(conn, code)?.with_context(|| format!("no stock item with SKU or barcode '{}'", code.trim()))
}

/// A supplier by name (any case).
pub(crate) fn find_supplier(conn: &Connection, name: &str) -> Result<i64> {
    let wanted = name.trim();
    let suppliers = reference::suppliers(conn)?;
    let found: Vec<_> = suppliers.iter().filter(|s| s.name.eq_ignore_ascii_case(wanted)).collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => bail!("no supplier called '{wanted}'"),
        many => bail!("{} suppliers are called '{wanted}'", many.len()),
    }
}

fn find_category(conn: &Connection, name: &str) -> Result<i64> {
    let categories = reference::categories(conn)?;
    let found = categories.iter().find(|c| c.name.eq_ignore_ascii_case(name.trim()));
    Ok(found.with_context(|| format!("no category called '{name}'"))?.id)
}

fn stock_key(conn: &Connection, item_id: i64, location: &str, consigned_by: Option<&str>) -> Result<StockKey> {
    let location_id = find_location(conn, location)?;
    Ok(match consigned_by {
        Some(supplier) => StockKey::consigned(item_id, location_id, find_supplier(conn, supplier)?),
        None => StockKey::ours(item_id, location_id),
    })
}

/// "ours" or "Acme's consignment stock".
fn owner_words(owner: Option<&str>) -> String {
    match owner {
        None => "ours".to_string(),
        Some(supplier) => format!("{supplier}'s consignment stock"),
    }
}

pub fn run(conn: &mut Connection, what: StockWhat) -> Result<()> {
    match what {
        StockWhat::List { search, json } => list(conn, search.as_deref().unwrap_or(""), json),
        StockWhat::Show { sku, json } => show(conn, &sku, json),
        StockWhat::Add(args) => add(conn, args),
        StockWhat::Receive(args) => receive(conn, args),
        StockWhat::Issue(args) => issue(conn, args),
        StockWhat::Transfer(args) => transfer(conn, args),
        StockWhat::Adjust(args) => adjust(conn, args),
        StockWhat::Count(args) => count(conn, args),
        StockWhat::Stockouts { json } => stockouts(conn, json),
        StockWhat::Offer(args) => offer(conn, args),
        StockWhat::Reorder(args) => set_reorder(conn, args),
        StockWhat::Suggestions { location, json } => suggestions(conn, location.as_deref(), json),
    }
}

// ---- reads ----------------------------------------------------------------------------

fn list(conn: &Connection, search: &str, json: bool) -> Result<()> {
    let rows = stock::item_rows(conn, search, u32::MAX)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if rows.is_empty() {
        out!("no stock items{}", if search.trim().is_empty() { "" } else { " match" });
        return Ok(());
    }
    out!("{:<16} {:<36} {:>9} {:>9}  unit", "sku", "name", "owned", "consigned");
    for r in &rows {
        out!("{:<16} {:<36} {:>9} {:>9}  {}", r.item.sku, r.item.name, r.owned, r.consigned, r.item.unit);
    }
    Ok(())
}

fn show(conn: &Connection, code: &str, json: bool) -> Result<()> {
    let item = find_item(conn, code)?;
    let balances = stock::balances(conn, item.id)?;
    let offers = reorder::offers_for_item(conn, item.id)?;
    let rules = reorder::reorder_settings(conn, item.id)?;
    let ledger = stock::ledger(conn, item.id, None, MOVEMENTS_SHOWN)?;
    if json {
        let value = serde_json::json!({
            "item": item, "balances": balances, "offers": offers, "reorderRules": rules, "ledger": ledger
        });
        out!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            out!("{label:>10}  {value}");
        }
    };
    line("sku", &item.sku);
    line("name", &item.name);
    line("unit", &item.unit);
    line("barcode", item.barcode.as_deref().unwrap_or(""));
    line("category", item.category_name.as_deref().unwrap_or(""));
    line("notes", &item.notes);
    let consigned: i64 = balances.iter().map(|b| b.consigned).sum();
    line("on hand", &format!("{} ({} ours, {consigned} consigned)", item.on_hand, item.on_hand - consigned));
    out!("\nbalances:");
    if balances.is_empty() {
        out!("  none yet");
    }
    for b in &balances {
        let consignment: Vec<String> =
            b.consignment.iter().map(|c| format!("{} {}", c.supplier_name, c.on_hand)).collect();
        let consignment = if consignment.is_empty() { String::new() } else { format!(" ({})", consignment.join(", ")) };
        out!("  {:<40} {:>7} ours {:>7} consigned{consignment}", b.location_name, b.owned, b.consigned);
    }
    if !offers.is_empty() {
        out!("\noffers:");
        for o in &offers {
            out!(
                "  {:<28} {:>14}  lead {} days, min {}, pack {}{}",
                o.supplier_name,
                money(o.price.minor, &o.price.currency),
                o.lead_time_days,
                o.min_order_qty,
                o.pack_size,
                if o.preferred { ", preferred" } else { "" }
            );
        }
    }
    if !rules.is_empty() {
        out!("\nreorder rules:");
        for r in &rules {
            out!(
                "  {:<40} point {}, safety {}, up to {}, reserved {}",
                r.location_name,
                r.reorder_point,
                r.safety_stock,
                r.order_up_to,
                r.reserved
            );
        }
    }
    out!("\nlast {MOVEMENTS_SHOWN} movements:");
    if ledger.is_empty() {
        out!("  none yet");
    }
    for m in &ledger {
        print_movement(m);
    }
    Ok(())
}

fn print_movement(m: &StockMovement) {
    let mut details = vec![m.location_name.clone()];
    if let Some(owner) = &m.owner_name {
        details.push(format!("{owner}'s consignment"));
    }
    let to: Vec<&str> = [m.person_name.as_deref(), m.issued_to.as_deref()].into_iter().flatten().collect();
    if !to.is_empty() {
        details.push(format!("to {}", to.join(", ")));
    }
    if let Some(cost) = &m.unit_cost {
        details.push(format!("at {}", money(cost.minor, &cost.currency)));
    }
    if let Some(reason) = &m.reason {
        details.push(reason.clone());
    }
    if let Some(reference) = &m.reference {
        details.push(format!("ref {reference}"));
    }
    out!("  {}  {:<18} {:>+7}  {}  ({})", m.at, m.kind.as_str(), m.quantity, details.join("; "), m.actor);
}

fn stockouts(conn: &Connection, json: bool) -> Result<()> {
    let all = stock::stockouts(conn)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if all.is_empty() {
        out!("no stockouts");
    }
    for o in &all {
        let unmet =
            if o.demand_unmet == 0 { "emptied by an issue".to_string() } else { format!("{} short", o.demand_unmet) };
        let cause = o.cause.map(|c| c.as_str().replace('_', " ")).unwrap_or_else(|| "cause not yet known".into());
        out!("{}  {:<16} {:<30} {:<24} {unmet}; {cause}", o.at, o.item_sku, o.item_name, o.location_name);
    }
    Ok(())
}

fn suggestions(conn: &Connection, location: Option<&str>, json: bool) -> Result<()> {
    let location_id = location.map(|l| find_location(conn, l)).transpose()?;
    let list = reorder::suggestions(conn, today(), location_id)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    if list.is_empty() {
        out!("nothing is at or below its reorder point");
        return Ok(());
    }
    for s in &list {
        let supplier = match (&s.supplier_name, &s.line_value) {
            (Some(name), Some(value)) => format!("from {name} for {}", money(value.minor, &value.currency)),
            (Some(name), None) => format!("from {name}"),
            _ => "no preferred supplier".to_string(),
        };
        let expected = s.expected_on.map(|d| format!(", expected {d}")).unwrap_or_default();
        let draft = if s.on_draft > 0 { format!(" ({} on draft orders)", s.on_draft) } else { String::new() };
        out!(
            "{:<16} {:<30} at {:<24} available {} (point {}): order {} {supplier}{expected}{draft}",
            s.item_sku,
            s.item_name,
            s.location_name,
            s.available,
            s.reorder_point,
            s.suggested_qty
        );
    }
    Ok(())
}

// ---- writes ---------------------------------------------------------------------------

fn add(conn: &mut Connection, args: AddArgs) -> Result<()> {
    let category_id = args.category.as_deref().map(|c| find_category(conn, c)).transpose()?;
    let input = StockItemInput {
        sku: args.sku,
        name: args.name,
        category_id,
        unit: args.unit,
        barcode: args.barcode,
        notes: args.notes,
    };
    let change = Change::now(actor());
    let item = tagledger_core::write(conn, |tx| stock::create_item(tx, &change, &input)).map_err(explain)?;
    out!("added {} {} ({})", item.sku, item.name, item.unit);
    Ok(())
}

/// What is left of the item at the location after a movement, every owner together.
fn left_at(conn: &Connection, item_id: i64, location_id: i64) -> Result<i64> {
    let balances = stock::balances(conn, item_id)?;
    Ok(balances.iter().find(|b| b.location_id == location_id).map_or(0, |b| b.on_hand()))
}

fn receive(conn: &mut Connection, args: ReceiveArgs) -> Result<()> {
    let item = find_item(conn, &args.sku)?;
    let key = stock_key(conn, item.id, &args.location, args.consigned_by.as_deref())?;
    let input = Receipt {
        stock: key,
        quantity: args.quantity,
        unit_cost: args.cost,
        currency: args.currency,
        reference: args.reference,
        reason: args.reason,
    };
    let change = Change::now(actor());
    let m = tagledger_core::write(conn, |tx| stock::receive(tx, &change, &input)).map_err(explain)?;
    out!(
        "received {} × {} {} at {} ({}); {} on hand there",
        m.quantity,
        item.sku,
        item.name,
        m.location_name,
        owner_words(m.owner_name.as_deref()),
        stock::on_hand(conn, &key)?
    );
    Ok(())
}

fn issue(conn: &mut Connection, args: IssueArgs) -> Result<()> {
    let item = find_item(conn, &args.sku)?;
    let key = stock_key(conn, item.id, &args.location, args.consigned_by.as_deref())?;
    let person_id = args.person.as_deref().map(|p| find_person(conn, p)).transpose()?;
    let input = Issue {
        stock: key,
        quantity: args.quantity,
        person_id,
        issued_to: args.issued_to,
        reason: args.reason,
        reference: args.reference,
    };
    let change = Change::now(actor());
    let issued = match tagledger_core::write(conn, |tx| stock::issue(tx, &change, &input)) {
        Ok(issued) => issued,
        Err(Error::Conflict { field: Some(field), message }) if field == "quantity" => {
            // The refusal rolled back; record the demand that went unmet in a write of its own.
            let recorded = tagledger_core::write(conn, |tx| stock::record_refused_issue(tx, &change, &input));
            match recorded {
                Ok(Some(stockout)) => {
                    bail!("{message}; the shortfall of {} is recorded as a stockout", stockout.demand_unmet)
                }
                Ok(None) => bail!("{message}"),
                Err(e) => bail!("{message} (and the stockout could not be recorded: {e})"),
            }
        }
        Err(e) => return Err(explain(e)),
    };
    let m = &issued.movement;
    let to: Vec<&str> = [m.person_name.as_deref(), m.issued_to.as_deref()].into_iter().flatten().collect();
    let whose = match &m.owner_name {
        Some(owner) => format!(" of {owner}'s consignment stock"),
        None => String::new(),
    };
    out!("issued {} × {} {}{whose} to {} ({})", -m.quantity, item.sku, item.name, to.join(", "), input.reason);
    match issued.stockout {
        Some(_) => out!("none left at {}: recorded as a stockout", m.location_name),
        None => out!("{} left at {}", left_at(conn, item.id, key.location_id)?, m.location_name),
    }
    Ok(())
}

fn transfer(conn: &mut Connection, args: TransferArgs) -> Result<()> {
    let item = find_item(conn, &args.sku)?;
    let from = stock_key(conn, item.id, &args.from, args.consigned_by.as_deref())?;
    let input = Transfer {
        item_id: item.id,
        from_location_id: from.location_id,
        to_location_id: find_location(conn, &args.to)?,
        owner_supplier_id: from.owner_supplier_id,
        quantity: args.quantity,
        reason: args.reason,
        reference: args.reference,
    };
    let change = Change::now(actor());
    let (out, into) = tagledger_core::write(conn, |tx| stock::transfer(tx, &change, &input)).map_err(explain)?;
    out!(
        "moved {} × {} {} ({}) from {} to {}",
        into.quantity,
        item.sku,
        item.name,
        owner_words(out.owner_name.as_deref()),
        out.location_name,
        into.location_name
    );
    Ok(())
}

fn adjust(conn: &mut Connection, args: AdjustArgs) -> Result<()> {
    let item = find_item(conn, &args.sku)?;
    let key = stock_key(conn, item.id, &args.location, args.consigned_by.as_deref())?;
    let input = Adjustment { stock: key, quantity: args.quantity, reason: args.reason };
    let change = Change::now(actor());
    let m = tagledger_core::write(conn, |tx| stock::adjust(tx, &change, &input)).map_err(explain)?;
    out!(
        "adjusted {} {} at {} by {:+} ({}); {} on hand there",
        item.sku,
        item.name,
        m.location_name,
        m.quantity,
        owner_words(m.owner_name.as_deref()),
        stock::on_hand(conn, &key)?
    );
    Ok(())
}

fn count(conn: &mut Connection, args: CountArgs) -> Result<()> {
    if let Some(file) = &args.file {
        return count_file(conn, file, &args);
    }
    let (Some(sku), Some(counted)) = (args.sku.as_deref(), args.counted) else {
        bail!("give a SKU and what was counted, or --file");
    };
    let item = find_item(conn, sku)?;
    let key = stock_key(conn, item.id, &args.location, args.consigned_by.as_deref())?;
    let input = Count { stock: key, counted: Some(counted), reference: args.reference, reason: args.reason };
    let change = Change::now(actor());
    let posted = tagledger_core::write(conn, |tx| stock::count(tx, &change, &input)).map_err(explain)?;
    let location = reference::location_full_name(conn, key.location_id)?;
    match posted {
        None => out!("counted {} × {} {} at {location}: as expected, no variance", counted, item.sku, item.name),
        Some(m) => out!(
            "counted {} × {} {} at {location}: {} expected, variance {:+} booked",
            counted,
            item.sku,
            item.name,
            counted - m.quantity,
            m.quantity
        ),
    }
    Ok(())
}

/// A whole count from a `sku,counted` CSV: every line is checked first (each problem
/// named by line and column), then all lines are posted in one transaction.
fn count_file(conn: &mut Connection, file: &std::path::Path, args: &CountArgs) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, header)) if header.trim().eq_ignore_ascii_case("sku,counted") => {}
        _ => bail!("{}: line 1 must be the header `sku,counted`", file.display()),
    }
    let mut counts = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in lines {
        let n = i + 1;
        let Some((sku, counted)) = line.split_once(',') else {
            problems.push(format!("line {n}: expected `sku,counted`"));
            continue;
        };
        let item = match stock::item_by_code(conn, sku)? {
            Some(item) => item,
            None => {
                problems.push(format!("line {n}, column sku: no stock item with SKU or barcode '{}'", sku.trim()));
                continue;
            }
        };
        match counted.trim().parse::<i64>() {
            Ok(c) if c >= 0 => {
                let key = stock_key(conn, item.id, &args.location, args.consigned_by.as_deref())?;
                counts.push(Count {
                    stock: key,
                    counted: Some(c),
                    reference: args.reference.clone(),
                    reason: args.reason.clone(),
                });
            }
            _ => problems
                .push(format!("line {n}, column counted: '{}' is not a whole number of 0 or more", counted.trim())),
        }
    }
    if !problems.is_empty() {
        bail!("{} has {} problem(s); nothing was counted:\n{}", file.display(), problems.len(), problems.join("\n"));
    }
    if counts.is_empty() {
        bail!("{} has no counts", file.display());
    }
    let change = Change::now(actor());
    let posted = tagledger_core::write(conn, |tx| stock::count_lines(tx, &change, &counts)).map_err(explain)?;
    let variances = posted.iter().flatten().count();
    out!("counted {} line(s) from {}: {variances} variance(s) booked", counts.len(), file.display());
    Ok(())
}

fn offer(conn: &mut Connection, args: OfferArgs) -> Result<()> {
    let item = find_item(conn, &args.sku)?;
    let supplier_id = find_supplier(conn, &args.supplier)?;
    let input = OfferInput {
        item_id: item.id,
        supplier_id,
        supplier_sku: args.supplier_sku,
        price: args.price,
        currency: args.currency,
        lead_time_days: args.lead_days,
        min_order_qty: args.moq,
        pack_size: args.pack,
        preferred: args.preferred,
    };
    // One offer per item and supplier: a second `stock offer` changes the first.
    let existing = reorder::offers_for_item(conn, item.id)?.into_iter().find(|o| o.supplier_id == supplier_id);
    let change = Change::now(actor());
    let saved = tagledger_core::write(conn, |tx| match &existing {
        Some(o) => reorder::update_offer(tx, &change, o.id, &input),
        None => reorder::create_offer(tx, &change, &input),
    })
    .map_err(explain)?;
    out!(
        "{} {}'s offer for {} {}: {}, lead {} days, min {}, pack {}{}",
        if existing.is_some() { "changed" } else { "added" },
        saved.supplier_name,
        item.sku,
        item.name,
        money(saved.price.minor, &saved.price.currency),
        saved.lead_time_days,
        saved.min_order_qty,
        saved.pack_size,
        if saved.preferred { ", preferred" } else { "" }
    );
    Ok(())
}

fn set_reorder(conn: &mut Connection, args: ReorderArgs) -> Result<()> {
    let item = find_item(conn, &args.sku)?;
    let location_id = find_location(conn, &args.location)?;
    // Keep what this command does not set (reserved, service level, costs) as it was.
    let before = reorder::reorder_settings(conn, item.id)?.into_iter().find(|r| r.location_id == location_id);
    let mut input = ReorderInput { item_id: item.id, location_id, ..Default::default() };
    if let Some(b) = &before {
        input.reserved = b.reserved;
        input.service_level_bp = b.service_level_bp;
        input.order_cost = b.order_cost.as_ref().map(|c| consignment::decimal(c.minor, &c.currency));
        input.holding_rate_bp = b.holding_rate_bp;
    }
    input.reorder_point = args.point;
    input.safety_stock = args.safety;
    input.order_up_to = args.up_to;
    if let Some(reserved) = args.reserved {
        input.reserved = reserved;
    }
    let change = Change::now(actor());
    let rule = tagledger_core::write(conn, |tx| reorder::set_reorder(tx, &change, &input)).map_err(explain)?;
    out!(
        "{} at {}: reorder at {}, safety stock {}, order up to {}, reserved {}",
        item.sku,
        rule.location_name,
        rule.reorder_point,
        rule.safety_stock,
        rule.order_up_to,
        rule.reserved
    );
    Ok(())
}

// ---- reports --------------------------------------------------------------------------

pub fn report_consignment(
    conn: &Connection,
    supplier: &str,
    period: Period,
    out: &Path,
    csv: Option<&Path>,
) -> Result<()> {
    let supplier_id = find_supplier(conn, supplier)?;
    let data = consignment::report(conn, supplier_id, period, &organisation(conn)?, &generated_at())?;
    write_file(out, &tagledger_print::reports::consignment::render(&data))?;
    let used: i64 = data.items.iter().map(|i| i.quantity).sum();
    out!(
        "wrote {}'s consignment usage from {} to {} ({used} units of {}) to {}",
        data.supplier,
        period.from,
        period.to,
        counted(data.items.len(), "item", "items"),
        out.display()
    );
    if let Some(csv) = csv {
        let statement = consignment::usage(conn, supplier_id, period)?;
        write_file(csv, consignment::usage_csv(&statement).as_bytes())?;
        out!("wrote {} as CSV to {}", counted(statement.movements.len(), "usage line", "usage lines"), csv.display());
    }
    Ok(())
}

pub fn report_count_sheet(conn: &Connection, location: &str, blind: bool, out: &Path) -> Result<()> {
    let location_id = find_location(conn, location)?;
    let sheet = counting::count_sheet(conn, location_id, blind, &organisation(conn)?, &generated_at())?;
    write_file(out, &tagledger_print::reports::count_sheet::render(&sheet))?;
    out!(
        "wrote the {}count sheet of {} ({}) to {}",
        if blind { "blind " } else { "" },
        sheet.location,
        counted(sheet.lines.len(), "line", "lines"),
        out.display()
    );
    Ok(())
}
