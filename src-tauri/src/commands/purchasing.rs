//! Buying stock: supplier offers and reorder rules per stock item, the reorder
//! suggestions and the draft orders made from them, purchase orders through their
//! statuses, and goods receipts.
//!
//! Dates that depend on "today" (the suggestions' expected arrival, the drafts made
//! from them) use the local calendar day, as the user reads it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tagledger_core::purchasing::{
    self, GoodsReceipt, OnOrder, OrderFilter, OrderInput, OrderSummary, PurchaseOrder, ReceiptInput,
};
use tagledger_core::reorder::{
    self, ComputedParameters, Offer, OfferInput, ParameterInputs, ReorderInput, ReorderSetting, ReorderSuggestion,
};
use ts_rs::TS;

use super::Ctx;
use crate::error::CommandResult;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A reorder suggestion picked for ordering: an item at a location.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuggestionPick {
    pub item_id: i64,
    pub location_id: i64,
}

/// An order with everything received against it, for its detail page.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderDetail {
    pub order: PurchaseOrder,
    /// In the order they were received.
    pub receipts: Vec<GoodsReceipt>,
}

// ---- reorder suggestions ------------------------------------------------------------

pub async fn suggestions(ctx: Ctx, location_id: Option<i64>) -> CommandResult<Vec<ReorderSuggestion>> {
    ctx.read(move |conn| reorder::suggestions(conn, today(), location_id)).await
}

/// One draft per preferred supplier and delivery location, all in one write.
pub async fn drafts_from_suggestions(ctx: Ctx, picks: Vec<SuggestionPick>) -> CommandResult<Vec<PurchaseOrder>> {
    let picks: Vec<(i64, i64)> = picks.iter().map(|p| (p.item_id, p.location_id)).collect();
    ctx.write(move |tx, change| purchasing::drafts_from_suggestions(tx, change, today(), &picks)).await
}

// ---- offers and reorder rules -------------------------------------------------------

pub async fn item_offers(ctx: Ctx, item_id: i64) -> CommandResult<Vec<Offer>> {
    ctx.read(move |conn| reorder::offers_for_item(conn, item_id)).await
}

pub async fn supplier_offers(ctx: Ctx, supplier_id: i64) -> CommandResult<Vec<Offer>> {
    ctx.read(move |conn| reorder::offers_for_supplier(conn, supplier_id)).await
}

pub async fn create_offer(ctx: Ctx, input: OfferInput) -> CommandResult<Offer> {
    ctx.write(move |tx, change| reorder::create_offer(tx, change, &input)).await
}

pub async fn update_offer(ctx: Ctx, id: i64, input: OfferInput) -> CommandResult<Offer> {
    ctx.write(move |tx, change| reorder::update_offer(tx, change, id, &input)).await
}

pub async fn delete_offer(ctx: Ctx, id: i64) -> CommandResult<()> {
    ctx.write(move |tx, change| reorder::delete_offer(tx, change, id)).await
}

pub async fn reorder_settings(ctx: Ctx, item_id: i64) -> CommandResult<Vec<ReorderSetting>> {
    ctx.read(move |conn| reorder::reorder_settings(conn, item_id)).await
}

pub async fn set_reorder(ctx: Ctx, input: ReorderInput) -> CommandResult<ReorderSetting> {
    ctx.write(move |tx, change| reorder::set_reorder(tx, change, &input)).await
}

pub async fn clear_reorder(ctx: Ctx, item_id: i64, location_id: i64) -> CommandResult<()> {
    ctx.write(move |tx, change| reorder::clear_reorder(tx, change, item_id, location_id)).await
}

/// Demand up to today.
pub async fn computed_parameters(
    ctx: Ctx,
    item_id: i64,
    location_id: i64,
    inputs: ParameterInputs,
) -> CommandResult<ComputedParameters> {
    ctx.read(move |conn| reorder::computed_parameters(conn, item_id, location_id, today(), &inputs)).await
}

// ---- purchase orders ----------------------------------------------------------------

pub async fn orders(ctx: Ctx, filter: OrderFilter) -> CommandResult<Vec<OrderSummary>> {
    ctx.read(move |conn| purchasing::orders(conn, &filter)).await
}

pub async fn order(ctx: Ctx, id: i64) -> CommandResult<OrderDetail> {
    ctx.read(move |conn| {
        Ok(OrderDetail { order: purchasing::order(conn, id)?, receipts: purchasing::receipts(conn, id)? })
    })
    .await
}

pub async fn on_order(ctx: Ctx, item_id: i64) -> CommandResult<Vec<OnOrder>> {
    ctx.read(move |conn| purchasing::open_lines_for_item(conn, item_id)).await
}

pub async fn create_order(ctx: Ctx, input: OrderInput) -> CommandResult<PurchaseOrder> {
    ctx.write(move |tx, change| purchasing::create_order(tx, change, &input)).await
}

pub async fn update_order(ctx: Ctx, id: i64, input: OrderInput) -> CommandResult<PurchaseOrder> {
    ctx.write(move |tx, change| purchasing::update_order(tx, change, id, &input)).await
}

pub async fn approve(ctx: Ctx, id: i64) -> CommandResult<PurchaseOrder> {
    ctx.write(move |tx, change| purchasing::approve(tx, change, id)).await
}

pub async fn send(ctx: Ctx, id: i64, ordered_on: NaiveDate) -> CommandResult<PurchaseOrder> {
    ctx.write(move |tx, change| purchasing::send(tx, change, id, ordered_on)).await
}

pub async fn cancel(ctx: Ctx, id: i64, reason: String) -> CommandResult<PurchaseOrder> {
    ctx.write(move |tx, change| purchasing::cancel(tx, change, id, &reason)).await
}

pub async fn cancel_line(ctx: Ctx, line_id: i64) -> CommandResult<PurchaseOrder> {
    ctx.write(move |tx, change| purchasing::cancel_line(tx, change, line_id)).await
}

pub async fn close(ctx: Ctx, id: i64) -> CommandResult<PurchaseOrder> {
    ctx.write(move |tx, change| purchasing::close(tx, change, id)).await
}

pub async fn receive(ctx: Ctx, input: ReceiptInput) -> CommandResult<GoodsReceipt> {
    ctx.write(move |tx, change| purchasing::receive(tx, change, &input)).await
}
