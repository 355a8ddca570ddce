//! `po …`, `receive`, `scorecard` and the stock reports (`report po|scorecard|
//! consignment|count-sheet`): buying stock and assets from suppliers, booking in what
//! arrives, and judging suppliers by how they delivered, over the same core as the app.
//!
//! Rules:
//! - Orders are named by number ("PO-000012", any case); order lines on the command line
//!   are `SKU:QTY[:PRICE]` (a stock item by SKU or barcode, else an asset model by name,
//!   which needs its price). A blank price takes the supplier's offer.
//! - `receive` names order lines by their line number; without `--line` it receives
//!   everything still outstanding, accepted in full.
//! - Periods (`--from`, `--to`, both days included) default to the twelve months up to
//!   today; a scorecard is taken as of today, so lines promised later and not yet
//!   delivered count as not yet due.
//! - Each command is one write: a refusal changes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::{Months, NaiveDate};
use clap::Subcommand;
use tagledger_core::purchasing::{
    self, LineInput, OrderFilter, OrderInput, OrderStatus, PurchaseOrder, ReceiptInput, ReceiptLineInput,
};
use tagledger_core::scorecard::{self, Period, Scorecard};
use tagledger_core::{reference, reorder, Change, Connection};

use crate::audit::parse_date;
use crate::stock::{counted, explain, find_item, find_supplier, generated_at, money, organisation, today};
use crate::{actor, find_location, write_file};

#[derive(Subcommand)]
pub enum PoWhat {
    /// Purchase orders, newest first.
    List {
        /// draft, approved, sent, partially_received, received, closed or cancelled.
        #[arg(long, value_parser = parse_status)]
        status: Option<OrderStatus>,
        /// Only this supplier's orders.
        #[arg(long)]
        supplier: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One order with its lines and receipts.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Draft an order.
    Create(CreateArgs),
    /// Draft orders from reorder suggestions: one per supplier and delivery location.
    FromSuggestions {
        /// Every suggestion that has a preferred supplier.
        #[arg(long, conflicts_with = "pick", required_unless_present = "pick")]
        all: bool,
        /// A suggestion, as SKU@LOCATION; repeat for several.
        #[arg(long, value_name = "SKU@LOCATION")]
        pick: Vec<String>,
    },
    /// Approve a draft (you are recorded as the approver).
    Approve { number: String },
    /// Record that an approved order went to the supplier.
    Send {
        number: String,
        /// The day it was sent (default today); lead times count from it.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Cancel an order nothing was received against.
    Cancel {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Close a received or partially received order: the rest is no longer expected.
    Close { number: String },
}

#[derive(clap::Args)]
pub struct CreateArgs {
    #[arg(long)]
    supplier: String,
    /// Where it is delivered: a location's name or full name.
    #[arg(long, value_name = "LOCATION")]
    deliver_to: String,
    /// SKU:QTY or SKU:QTY:PRICE (an asset model by name needs its price); repeat per line.
    #[arg(long = "line", required = true, value_name = "SKU:QTY[:PRICE]")]
    lines: Vec<String>,
    /// Default: the currency of the supplier's offer, else the organisation's.
    #[arg(long)]
    currency: Option<String>,
    #[arg(long)]
    freight: Option<String>,
    #[arg(long)]
    other_charges: Option<String>,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(clap::Args)]
pub struct ReceiveArgs {
    /// The purchase order's number.
    number: String,
    /// The day it arrived (default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    on: Option<NaiveDate>,
    /// Where it was received (default: the order's delivery location).
    #[arg(long)]
    location: Option<String>,
    /// This delivery's own freight (default: its share of the order's charges).
    #[arg(long)]
    freight: Option<String>,
    /// The delivery note's number.
    #[arg(long)]
    note: Option<String>,
    /// LINE_NO:ACCEPTED or LINE_NO:ACCEPTED:REJECTED:REASON; repeat per line (default:
    /// everything outstanding, accepted).
    #[arg(long = "line", value_name = "LINE_NO:ACCEPTED[:REJECTED:REASON]")]
    lines: Vec<String>,
    /// Serial numbers of an asset line's accepted units: LINE_NO:S1,S2,…
    #[arg(long, value_name = "LINE_NO:S1,S2,...")]
    serials: Vec<String>,
}

#[derive(clap::Args)]
pub struct PeriodArgs {
    /// The first day (default: twelve months before --to).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// The last day (default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    to: Option<NaiveDate>,
}

impl PeriodArgs {
    /// Both days included; twelve months up to today by default.
    pub fn period(&self) -> Result<Period> {
        let to = self.to.unwrap_or_else(today);
        let from = match self.from {
            Some(from) => from,
            None => to.checked_sub_months(Months::new(12)).and_then(|d| d.succ_opt()).context("--to is too early")?,
        };
        if to < from {
            bail!("--to {to} is before --from {from}");
        }
        Ok(Period::new(from, to))
    }
}

#[derive(clap::Args)]
pub struct ScorecardArgs {
    #[command(flatten)]
    period: PeriodArgs,
    /// One supplier's figures and monthly trend instead of the ranking.
    #[arg(long)]
    supplier: Option<String>,
    #[arg(long)]
    json: bool,
}

/// The stock and purchasing reports, flattened into `report`.
#[derive(Subcommand)]
pub enum StockReportWhat {
    /// A purchase order, to send to the supplier.
    Po {
        number: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// A supplier's scorecard: figures, score, monthly trend, late or short lines.
    Scorecard {
        supplier: String,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long)]
        out: PathBuf,
    },
    /// What was used of a supplier's consignment stock, for them to invoice.
    Consignment {
        supplier: String,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long)]
        out: PathBuf,
        /// Also write the usage lines as CSV here.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// What to count at a location, with a column to write the count in.
    CountSheet {
        location: String,
        /// Leave the expected quantities off the sheet.
        #[arg(long)]
        blind: bool,
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_status(value: &str) -> std::result::Result<OrderStatus, String> {
    let wanted = value.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    OrderStatus::parse(&wanted).ok_or_else(|| {
        let all: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("'{value}' is not a status; use one of {}", all.join(", "))
    })
}

fn find_order(conn: &Connection, number: &str) -> Result<PurchaseOrder> {
    purchasing::order_by_number(conn, number.trim()).map_err(explain)
}

pub fn run(conn: &mut Connection, what: PoWhat) -> Result<()> {
    match what {
        PoWhat::List { status, supplier, json } => list(conn, status, supplier.as_deref(), json),
        PoWhat::Show { number, json } => show(conn, &number, json),
        PoWhat::Create(args) => create(conn, args),
        PoWhat::FromSuggestions { all, pick } => from_suggestions(conn, all, &pick),
        PoWhat::Approve { number } => {
            let order = step(conn, &number, purchasing::approve)?;
            out!("approved {}", order.number);
            Ok(())
        }
        PoWhat::Send { number, on } => {
            let on = on.unwrap_or_else(today);
            let order = step(conn, &number, |tx, c, id| purchasing::send(tx, c, id, on))?;
            let promised: Vec<NaiveDate> = order.lines.iter().filter_map(|l| l.promised_on).collect();
            let due = match (promised.iter().min(), promised.iter().max()) {
                (Some(first), Some(last)) if first == last => format!("; promised {first}"),
                (Some(first), Some(last)) => format!("; promised {first} to {last}"),
                _ => String::new(),
            };
            out!("sent {} on {on}{due}", order.number);
            Ok(())
        }
        PoWhat::Cancel { number, reason } => {
            let order = step(conn, &number, |tx, c, id| purchasing::cancel(tx, c, id, &reason))?;
            out!("cancelled {}", order.number);
            Ok(())
        }
        PoWhat::Close { number } => {
            let order = step(conn, &number, purchasing::close)?;
            let open_lines = order.lines.iter().filter(|l| !l.cancelled);
            let given_up: i64 = open_lines.map(|l| (l.quantity - l.received_qty).max(0)).sum();
            out!("closed {}; {given_up} units no longer expected", order.number);
            Ok(())
        }
    }
}

// ---- orders ---------------------------------------------------------------------------

fn list(conn: &Connection, status: Option<OrderStatus>, supplier: Option<&str>, json: bool) -> Result<()> {
    let supplier_id = supplier.map(|s| find_supplier(conn, s)).transpose()?;
    let orders = purchasing::orders(conn, &OrderFilter { status, supplier_id, open_only: false })?;
    if json {
        out!("{}", serde_json::to_string_pretty(&orders)?);
        return Ok(());
    }
    if orders.is_empty() {
        out!("no purchase orders");
    }
    for o in &orders {
        let sent = o.ordered_on.map(|d| format!("sent {d}")).unwrap_or_default();
        let due = o.next_promised_on.map(|d| format!("; next due {d}")).unwrap_or_default();
        out!(
            "{:<10} {:<18} {:<24} to {:<20} {:<15} {:>9} {:>16}  {} outstanding{due}",
            o.number,
            o.status.label(),
            o.supplier_name,
            o.deliver_to_name,
            sent,
            counted(o.line_count as usize, "line", "lines"),
            money(o.total_minor, &o.currency),
            o.outstanding_qty
        );
    }
    Ok(())
}

fn show(conn: &Connection, number: &str, json: bool) -> Result<()> {
    let order = find_order(conn, number)?;
    let receipts = purchasing::receipts(conn, order.id)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&serde_json::json!({ "order": order, "receipts": receipts }))?);
        return Ok(());
    }
    let money = |minor: i64| money(minor, &order.currency);
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            out!("{label:>12}  {value}");
        }
    };
    line("order", &order.number);
    line("status", order.status.label());
    line("supplier", &order.supplier_name);
    line("deliver to", &order.deliver_to_name);
    line("sent", &order.ordered_on.map(|d| d.to_string()).unwrap_or_else(|| "not yet".into()));
    line("approved by", order.approved_by.as_deref().unwrap_or(""));
    line("goods", &money(order.goods_total_minor));
    if order.freight_minor != 0 {
        line("freight", &money(order.freight_minor));
    }
    if order.other_charges_minor != 0 {
        line("other", &money(order.other_charges_minor));
    }
    line("total", &money(order.total_minor));
    line("notes", &order.notes);
    out!();
    out!(
        "{:>4}  {:<16} {:<28} {:>6} {:>14} {:>14}  {:<11} {:>8} {:>8} {:>11}",
        "line",
        "sku/model",
        "description",
        "qty",
        "unit price",
        "total",
        "promised",
        "received",
        "rejected",
        "outstanding"
    );
    for l in &order.lines {
        let state = match (l.cancelled, l.completed_on) {
            (true, _) => "  cancelled".to_string(),
            (false, Some(on)) => format!("  complete {on}"),
            _ => String::new(),
        };
        out!(
            "{:>4}  {:<16} {:<28} {:>6} {:>14} {:>14}  {:<11} {:>8} {:>8} {:>11}{state}",
            l.line_no,
            l.sku_or_model,
            l.description,
            l.quantity,
            money(l.unit_price_minor),
            money(l.line_total_minor),
            l.promised_on.map(|d| d.to_string()).unwrap_or_default(),
            l.received_qty,
            l.rejected_qty,
            l.outstanding_qty
        );
    }
    if !receipts.is_empty() {
        out!("\nreceipts:");
    }
    for r in &receipts {
        let lines: Vec<String> = r
            .lines
            .iter()
            .map(|l| {
                let rejected =
                    if l.rejected_qty > 0 { format!(", {} rejected", l.rejected_qty) } else { String::new() };
                format!("line {} {} accepted{rejected}", l.line_no, l.accepted_qty)
            })
            .collect();
        let note = r.delivery_note.as_deref().map(|n| format!(" (note {n})")).unwrap_or_default();
        out!("  {} on {} at {}{note}: {}", r.number, r.received_on, r.location_name, lines.join("; "));
    }
    Ok(())
}

/// `SKU:QTY[:PRICE]` as an order line.
fn order_line(conn: &Connection, spec: &str) -> Result<LineInput> {
    let parts: Vec<&str> = spec.split(':').map(str::trim).collect();
    let (code, quantity, price) = match parts.as_slice() {
        [code, quantity] => (*code, *quantity, None),
        [code, quantity, price] => (*code, *quantity, Some(price.to_string())),
        _ => bail!("--line '{spec}': write SKU:QTY or SKU:QTY:PRICE"),
    };
    let quantity: i64 = quantity.parse().with_context(|| format!("--line '{spec}': '{quantity}' is not a quantity"))?;
    let (item_id, model_id) = match tagledger_core::stock::item_by_code(conn, code)? {
        Some(item) => (Some(item.id), None),
        None => {
            let models = reference::models(conn)?;
            let found: Vec<_> = models.iter().filter(|m| m.name.eq_ignore_ascii_case(code)).collect();
            match found.as_slice() {
                [one] => (None, Some(one.id)),
                [] => {
                    bail!("--line '{spec}': no stock item with SKU or barcode '{code}' nor asset model called '{code}'")
                }
                many => bail!("--line '{spec}': {} asset models are called '{code}'", many.len()),
            }
        }
    };
    Ok(LineInput { item_id, model_id, description: String::new(), quantity, unit_price: price, promised_on: None })
}

fn create(conn: &mut Connection, args: CreateArgs) -> Result<()> {
    let lines = args.lines.iter().map(|spec| order_line(conn, spec)).collect::<Result<Vec<_>>>()?;
    let input = OrderInput {
        supplier_id: find_supplier(conn, &args.supplier)?,
        deliver_to_id: find_location(conn, &args.deliver_to)?,
        currency: args.currency,
        freight: args.freight,
        other_charges: args.other_charges,
        notes: args.notes,
        lines,
    };
    let change = Change::now(actor());
    let order = tagledger_core::write(conn, |tx| purchasing::create_order(tx, &change, &input)).map_err(explain)?;
    print_draft(&order);
    Ok(())
}

fn print_draft(order: &PurchaseOrder) {
    out!(
        "drafted {} to {} for delivery to {}: {}, {}",
        order.number,
        order.supplier_name,
        order.deliver_to_name,
        counted(order.lines.len(), "line", "lines"),
        money(order.total_minor, &order.currency)
    );
}

fn from_suggestions(conn: &mut Connection, all: bool, picks: &[String]) -> Result<()> {
    let as_of = today();
    let mut chosen = Vec::new();
    if all {
        for s in reorder::suggestions(conn, as_of, None)? {
            // With --all, what cannot be ordered yet is said and left for later.
            if s.supplier_id.is_none() {
                eprintln!("{} at {} has no preferred supplier; left out", s.item_sku, s.location_name);
                continue;
            }
            chosen.push((s.item_id, s.location_id));
        }
        if chosen.is_empty() {
            bail!("nothing to order: no reorder suggestion has a preferred supplier");
        }
    }
    for pick in picks {
        let Some((sku, location)) = pick.split_once('@') else { bail!("--pick '{pick}': write SKU@LOCATION") };
        chosen.push((find_item(conn, sku)?.id, find_location(conn, location)?));
    }
    let change = Change::now(actor());
    let drafts = tagledger_core::write(conn, |tx| purchasing::drafts_from_suggestions(tx, &change, as_of, &chosen))
        .map_err(explain)?;
    for order in &drafts {
        print_draft(order);
    }
    Ok(())
}

/// One status change of an order, named by its number; returns the order as it is now.
fn step(
    conn: &mut Connection,
    number: &str,
    f: impl FnOnce(&tagledger_core::Transaction, &Change, i64) -> tagledger_core::Result<PurchaseOrder>,
) -> Result<PurchaseOrder> {
    let id = find_order(conn, number)?.id;
    let change = Change::now(actor());
    tagledger_core::write(conn, |tx| f(tx, &change, id)).map_err(explain)
}

// ---- goods receipts -------------------------------------------------------------------

fn line_no(spec: &str, value: &str) -> Result<i64> {
    value.trim().parse().with_context(|| format!("'{spec}': '{value}' is not a line number"))
}

fn count(spec: &str, value: &str) -> Result<i64> {
    value.trim().parse().with_context(|| format!("'{spec}': '{value}' is not a quantity"))
}

pub fn receive(conn: &mut Connection, args: ReceiveArgs) -> Result<()> {
    let order = find_order(conn, &args.number)?;
    let mut serials: HashMap<i64, Vec<String>> = HashMap::new();
    for spec in &args.serials {
        let Some((no, list)) = spec.split_once(':') else { bail!("--serials '{spec}': write LINE_NO:S1,S2,...") };
        let list = list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        serials.entry(line_no(spec, no)?).or_default().extend(list);
    }
    let by_no = |no: i64| {
        order.lines.iter().find(|l| l.line_no == no).with_context(|| format!("{} has no line {no}", order.number))
    };
    let mut lines = Vec::new();
    if args.lines.is_empty() {
        // Everything still expected, accepted in full.
        for l in order.lines.iter().filter(|l| l.outstanding_qty > 0) {
            lines.push((
                l.line_no,
                ReceiptLineInput { order_line_id: l.id, accepted_qty: l.outstanding_qty, ..Default::default() },
            ));
        }
        if lines.is_empty() {
            bail!("nothing is outstanding on {}", order.number);
        }
    }
    for spec in &args.lines {
        let parts: Vec<&str> = spec.splitn(4, ':').collect();
        let (no, accepted, rejected, reason) = match parts.as_slice() {
            [no, accepted] => (*no, *accepted, "0", None),
            [no, accepted, rejected] => (*no, *accepted, *rejected, None),
            [no, accepted, rejected, reason] => (*no, *accepted, *rejected, Some(reason.to_string())),
            _ => bail!("--line '{spec}': write LINE_NO:ACCEPTED or LINE_NO:ACCEPTED:REJECTED:REASON"),
        };
        let no = line_no(spec, no)?;
        let input = ReceiptLineInput {
            order_line_id: by_no(no)?.id,
            accepted_qty: count(spec, accepted)?,
            rejected_qty: count(spec, rejected)?,
            rejection_reason: reason,
            serials: Vec::new(),
        };
        lines.push((no, input));
    }
    for (no, list) in serials {
        let Some((_, line)) = lines.iter_mut().find(|(n, _)| *n == no) else {
            bail!("--serials for line {no}, which this receipt does not receive");
        };
        line.serials = list;
    }
    let input = ReceiptInput {
        order_id: order.id,
        received_on: args.on.unwrap_or_else(today),
        location_id: args.location.as_deref().map(|l| find_location(conn, l)).transpose()?,
        delivery_note: args.note,
        freight: args.freight,
        lines: lines.into_iter().map(|(_, l)| l).collect(),
    };
    let change = Change::now(actor());
    let receipt = tagledger_core::write(conn, |tx| purchasing::receive(tx, &change, &input)).map_err(explain)?;
    let after = purchasing::order(conn, order.id)?;
    let lines: Vec<String> = receipt
        .lines
        .iter()
        .map(|l| {
            let rejected = if l.rejected_qty > 0 { format!(", {} rejected", l.rejected_qty) } else { String::new() };
            format!("line {} {} {} accepted{rejected}", l.line_no, l.sku_or_model, l.accepted_qty)
        })
        .collect();
    out!(
        "received {} against {} on {} at {}: {}; {} is now {}",
        receipt.number,
        receipt.order_number,
        receipt.received_on,
        receipt.location_name,
        lines.join("; "),
        after.number,
        after.status.label().to_lowercase()
    );
    if receipt.freight_minor != 0 {
        out!("freight on this receipt: {}", money(receipt.freight_minor, &receipt.currency));
    }
    for l in receipt.lines.iter().filter(|l| !l.assets.is_empty()) {
        let tags: Vec<String> = l
            .assets
            .iter()
            .map(|a| match &a.serial {
                Some(serial) => format!("{} ({serial})", a.tag),
                None => a.tag.clone(),
            })
            .collect();
        out!("new assets from line {}: {}", l.line_no, tags.join(", "));
    }
    Ok(())
}

// ---- scorecards -----------------------------------------------------------------------

fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

pub fn scorecards(conn: &Connection, args: ScorecardArgs) -> Result<()> {
    let period = args.period.period()?;
    let as_of = today();
    if let Some(supplier) = &args.supplier {
        let supplier_id = find_supplier(conn, supplier)?;
        if args.json {
            let card = scorecard::scorecard(conn, supplier_id, period, as_of).map_err(explain)?;
            let months = scorecard::monthly_trend(conn, supplier_id, period, as_of).map_err(explain)?;
            let value = serde_json::json!({ "period": period, "asOf": as_of, "scorecard": card, "months": months });
            out!("{}", serde_json::to_string_pretty(&value)?);
            return Ok(());
        }
        // The printed scorecard's words, so screen, paper and terminal say the same.
        let report = scorecard::report(conn, supplier_id, period, as_of, &organisation(conn)?, &generated_at())
            .map_err(explain)?;
        let grade = report.grade.as_deref().unwrap_or("—");
        let score = report.score.map_or_else(|| "no score (no lines due)".to_string(), |s| format!("score {s:.1}"));
        out!("{} from {} to {} (as of {as_of}): grade {grade}, {score}", report.supplier, period.from, period.to);
        for words in tagledger_print::reports::scorecard::figures_in_words(&report) {
            out!("  {words}");
        }
        out!("\n{:<8} {:>6} {:>8} {:>8} {:>8} {:>6}", "month", "lines", "on time", "in full", "OTIF", "score");
        for m in &report.months {
            let score = m.score.map_or_else(|| "—".to_string(), |s| format!("{s:.1}"));
            out!(
                "{:<8} {:>6} {:>8} {:>8} {:>8} {:>6}",
                m.month,
                m.lines_due,
                rate(m.on_time_rate),
                rate(m.in_full_rate),
                rate(m.otif_rate),
                score
            );
        }
        return Ok(());
    }
    let cards = scorecard::scorecards(conn, period, as_of).map_err(explain)?;
    if args.json {
        let value = serde_json::json!({ "period": period, "asOf": as_of, "suppliers": cards });
        out!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    if cards.is_empty() {
        out!("no purchase order line was due from {} to {}", period.from, period.to);
        return Ok(());
    }
    out!("suppliers from {} to {} (as of {as_of}), best first", period.from, period.to);
    out!(
        "{:>4}  {:<28} {:>5} {:>6} {:>8} {:>8} {:>8} {:>9} {:>6}",
        "rank",
        "supplier",
        "grade",
        "lines",
        "on time",
        "in full",
        "OTIF",
        "lead days",
        "score"
    );
    for (rank, c) in cards.iter().enumerate() {
        print_ranked(rank + 1, c);
    }
    Ok(())
}

fn print_ranked(rank: usize, c: &Scorecard) {
    let grade = c.grade.map_or("—", |g| g.as_str());
    let lead = c.avg_lead_days.map_or_else(|| "—".to_string(), |d| format!("{d:.1}"));
    let score = c.score.map_or_else(|| "—".to_string(), |s| format!("{s:.1}"));
    out!(
        "{rank:>4}  {:<28} {grade:>5} {:>6} {:>8} {:>8} {:>8} {lead:>9} {score:>6}",
        c.supplier_name,
        c.lines_due,
        rate(c.on_time_rate),
        rate(c.in_full_rate),
        rate(c.otif_rate)
    );
}

// ---- reports --------------------------------------------------------------------------

pub fn report(conn: &Connection, what: StockReportWhat) -> Result<()> {
    match what {
        StockReportWhat::Po { number, out } => report_order(conn, &number, &out),
        StockReportWhat::Scorecard { supplier, period, out } => {
            report_scorecard(conn, &supplier, period.period()?, &out)
        }
        StockReportWhat::Consignment { supplier, period, out, csv } => {
            crate::stock::report_consignment(conn, &supplier, period.period()?, &out, csv.as_deref())
        }
        StockReportWhat::CountSheet { location, blind, out } => {
            crate::stock::report_count_sheet(conn, &location, blind, &out)
        }
    }
}

fn report_order(conn: &Connection, number: &str, out: &Path) -> Result<()> {
    let order = find_order(conn, number)?;
    let data = purchasing::order_report(conn, order.id, &organisation(conn)?, &generated_at())?;
    write_file(out, &tagledger_print::reports::purchase_order::render(&data))?;
    out!(
        "wrote {} ({}, {}) to {}",
        data.number,
        counted(data.lines.len(), "line", "lines"),
        money(data.total_minor, &data.currency),
        out.display()
    );
    Ok(())
}

fn report_scorecard(conn: &Connection, supplier: &str, period: Period, out: &Path) -> Result<()> {
    let supplier_id = find_supplier(conn, supplier)?;
    let data = scorecard::report(conn, supplier_id, period, today(), &organisation(conn)?, &generated_at())
        .map_err(explain)?;
    write_file(out, &tagledger_print::reports::scorecard::render(&data))?;
    let grade = data.grade.as_deref().map(|g| format!("grade {g}")).unwrap_or_else(|| "no score".into());
    out!("wrote {}'s scorecard from {} to {} ({grade}) to {}", data.supplier, period.from, period.to, out.display());
    Ok(())
}
