//! Consumables stock: items, their balances and ledger, the movements, the service
//! desk's scanned basket, scan counts and stockouts.
//!
//! An issue refused for want of stock rolls its write back, so the shortfall is
//! recorded as a stockout in a second write (`stock::record_refused_issue`), and the
//! refusal the user sees says so.

use serde::Serialize;
use tagledger_core::stock::{
    self, Adjustment, Count, Disposal, Issue, Issued, LocationBalance, Receipt, ShelfStock, StockItem, StockItemInput,
    StockItemRow, StockMovement, Stockout, StockoutCause, SupplierReturn, Transfer,
};
use ts_rs::TS;

use super::Ctx;
use crate::error::{CommandError, CommandResult, ErrorCode};

/// The stock list shows at most this many items; the filter finds the others.
const ITEMS_SHOWN: u32 = 500;
/// The item detail shows this many of the newest movements.
const LEDGER_SHOWN: u32 = 200;

/// One stock item with where it is and what happened to it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockItemDetail {
    pub item: StockItem,
    pub balances: Vec<LocationBalance>,
    /// Newest first: the newest 200.
    pub ledger: Vec<StockMovement>,
    /// Older movements exist beyond those listed.
    pub more: bool,
}

pub async fn items(ctx: Ctx, text: String) -> CommandResult<Vec<StockItemRow>> {
    ctx.read(move |conn| stock::item_rows(conn, &text, ITEMS_SHOWN)).await
}

pub async fn detail(ctx: Ctx, id: i64) -> CommandResult<StockItemDetail> {
    ctx.read(move |conn| {
        let mut ledger = stock::ledger(conn, id, None, LEDGER_SHOWN + 1)?;
        let more = ledger.len() > LEDGER_SHOWN as usize;
        ledger.truncate(LEDGER_SHOWN as usize);
        Ok(StockItemDetail { item: stock::item(conn, id)?, balances: stock::balances(conn, id)?, ledger, more })
    })
    .await
}

pub async fn item_by_code(ctx: Ctx, code: String) -> CommandResult<Option<StockItem>> {
    ctx.read(move |conn| stock::item_by_code(conn, &code)).await
}

pub async fn create_item(ctx: Ctx, input: StockItemInput) -> CommandResult<StockItem> {
    ctx.write(move |tx, change| stock::create_item(tx, change, &input)).await
}

pub async fn update_item(ctx: Ctx, id: i64, input: StockItemInput) -> CommandResult<StockItem> {
    ctx.write(move |tx, change| stock::update_item(tx, change, id, &input)).await
}

pub async fn at_location(ctx: Ctx, location_id: i64) -> CommandResult<Vec<ShelfStock>> {
    ctx.read(move |conn| stock::stock_at(conn, location_id)).await
}

pub async fn receive(ctx: Ctx, input: Receipt) -> CommandResult<StockMovement> {
    ctx.write(move |tx, change| stock::receive(tx, change, &input)).await
}

pub async fn issue(ctx: Ctx, input: Issue) -> CommandResult<Issued> {
    let attempt = input.clone();
    match ctx.write(move |tx, change| stock::issue(tx, change, &attempt)).await {
        Err(refused) if refused.code == ErrorCode::Conflict && refused.field.as_deref() == Some("quantity") => {
            Err(record_shortfall(&ctx, refused, input).await)
        }
        issued => issued,
    }
}

/// The basket: every line in one write, or none.
pub async fn issue_lines(ctx: Ctx, lines: Vec<Issue>) -> CommandResult<Vec<Issued>> {
    let attempt = lines.clone();
    match ctx.write(move |tx, change| stock::issue_lines(tx, change, &attempt)).await {
        Err(refused) if refused.code == ErrorCode::Conflict => {
            let short = refused.field.as_deref().and_then(stock::line_field).filter(|(_, field)| *field == "quantity");
            let line = short.and_then(|(index, _)| lines.get(index).cloned());
            match line {
                Some(line) => Err(record_shortfall(&ctx, refused, line).await),
                None => Err(refused),
            }
        }
        issued => issued,
    }
}

/// After an issue refused for want of stock: records the shortfall as a stockout in a
/// write of its own and says so in the refusal. Failing to record it must not hide the
/// refusal, so that failure is only logged.
async fn record_shortfall(ctx: &Ctx, mut refused: CommandError, line: Issue) -> CommandError {
    match ctx.write(move |tx, change| stock::record_refused_issue(tx, change, &line)).await {
        Ok(Some(stockout)) => {
            let note = format!("; the shortfall of {} is recorded as a stockout", stockout.demand_unmet);
            refused.message.push_str(&note);
            for field in &mut refused.fields {
                field.message.push_str(&note);
            }
        }
        Ok(None) => {}
        Err(e) => eprintln!("tagledger: could not record the stockout of a refused issue: {}", e.message),
    }
    refused
}

/// Returns the outgoing and the incoming leg.
pub async fn transfer(ctx: Ctx, input: Transfer) -> CommandResult<(StockMovement, StockMovement)> {
    ctx.write(move |tx, change| stock::transfer(tx, change, &input)).await
}

pub async fn adjust(ctx: Ctx, input: Adjustment) -> CommandResult<StockMovement> {
    ctx.write(move |tx, change| stock::adjust(tx, change, &input)).await
}

pub async fn count(ctx: Ctx, input: Count) -> CommandResult<Option<StockMovement>> {
    ctx.write(move |tx, change| stock::count(tx, change, &input)).await
}

pub async fn count_lines(ctx: Ctx, counts: Vec<Count>) -> CommandResult<Vec<Option<StockMovement>>> {
    ctx.write(move |tx, change| stock::count_lines(tx, change, &counts)).await
}

pub async fn return_to_supplier(ctx: Ctx, input: SupplierReturn) -> CommandResult<StockMovement> {
    ctx.write(move |tx, change| stock::return_to_supplier(tx, change, &input)).await
}

pub async fn dispose(ctx: Ctx, input: Disposal) -> CommandResult<StockMovement> {
    ctx.write(move |tx, change| stock::dispose(tx, change, &input)).await
}

pub async fn stockouts(ctx: Ctx) -> CommandResult<Vec<Stockout>> {
    ctx.read(stock::stockouts).await
}

pub async fn set_stockout_cause(ctx: Ctx, id: i64, cause: StockoutCause, note: String) -> CommandResult<Stockout> {
    ctx.write(move |tx, change| stock::set_stockout_cause(tx, change, id, cause, &note)).await
}
