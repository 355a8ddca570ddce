//! Check-out and check-in, maintenance and disposal of one asset.

use chrono::NaiveDate;
use serde::Serialize;
use tagledger_core::assets::Asset;
use tagledger_core::lifecycle::{
    self, CheckinInput, Checkout, CheckoutInput, Disposal, DisposalInput, Maintenance, MaintenanceInput,
};
use ts_rs::TS;

use super::Ctx;
use crate::error::CommandResult;

/// The lifecycle side of an asset's detail panel.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssetLifecycle {
    /// The open check-out, if the asset is out.
    pub open: Option<Checkout>,
    pub checkouts: Vec<Checkout>,
    pub maintenance: Vec<Maintenance>,
    pub disposal: Option<Disposal>,
}

/// Dates default to the user's local today, not UTC's.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn check_out(ctx: Ctx, id: i64, input: CheckoutInput) -> CommandResult<Checkout> {
    ctx.write(move |tx, change| lifecycle::check_out(tx, change, id, &input, today())).await
}

pub async fn check_in(ctx: Ctx, id: i64, input: CheckinInput) -> CommandResult<Asset> {
    ctx.write(move |tx, change| lifecycle::check_in(tx, change, id, &input, today())).await
}

pub async fn of_asset(ctx: Ctx, id: i64) -> CommandResult<AssetLifecycle> {
    ctx.read(move |conn| {
        let checkouts = lifecycle::checkouts_of(conn, id)?;
        Ok(AssetLifecycle {
            open: checkouts.iter().find(|c| c.checked_in_on.is_none()).cloned(),
            checkouts,
            maintenance: lifecycle::maintenance_of(conn, id)?,
            disposal: lifecycle::disposal(conn, id)?,
        })
    })
    .await
}

/// At most this many overdue check-outs are listed; the count says if there are more.
const OVERDUE_SHOWN: usize = 500;

pub async fn overdue(ctx: Ctx) -> CommandResult<Vec<Checkout>> {
    ctx.read(move |conn| lifecycle::overdue(conn, today(), OVERDUE_SHOWN)).await
}

pub async fn add_maintenance(ctx: Ctx, asset_id: i64, input: MaintenanceInput) -> CommandResult<Maintenance> {
    ctx.write(move |tx, change| lifecycle::add_maintenance(tx, change, asset_id, &input, today())).await
}

pub async fn update_maintenance(ctx: Ctx, id: i64, input: MaintenanceInput) -> CommandResult<Maintenance> {
    ctx.write(move |tx, change| lifecycle::update_maintenance(tx, change, id, &input, today())).await
}

pub async fn dispose(ctx: Ctx, id: i64, input: DisposalInput) -> CommandResult<Disposal> {
    ctx.write(move |tx, change| lifecycle::dispose(tx, change, id, &input, today())).await
}
