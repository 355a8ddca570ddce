//! Software licences, their seats and compliance.

use tagledger_core::licences::{self, Compliance, Licence, LicenceInput, Seat, SeatHolder, SoftwareProduct};

use super::Ctx;
use crate::error::CommandResult;

/// Licences expiring within this many days are listed as expiring.
const EXPIRING_WITHIN_DAYS: i64 = 90;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn products(ctx: Ctx) -> CommandResult<Vec<SoftwareProduct>> {
    ctx.read(licences::products).await
}

pub async fn create_product(ctx: Ctx, name: String, publisher: Option<String>) -> CommandResult<i64> {
    ctx.write(move |tx, change| licences::create_product(tx, change, &name, publisher.as_deref())).await
}

pub async fn list(ctx: Ctx) -> CommandResult<Vec<Licence>> {
    ctx.read(licences::list).await
}

pub async fn get(ctx: Ctx, id: i64) -> CommandResult<Licence> {
    ctx.read(move |conn| licences::licence(conn, id, false)).await
}

pub async fn reveal_key(ctx: Ctx, id: i64) -> CommandResult<Option<String>> {
    ctx.write(move |tx, change| licences::reveal_key(tx, change, id)).await
}

pub async fn create(ctx: Ctx, input: LicenceInput) -> CommandResult<Licence> {
    ctx.write(move |tx, change| licences::create(tx, change, &input)).await
}

pub async fn update(ctx: Ctx, id: i64, input: LicenceInput) -> CommandResult<Licence> {
    ctx.write(move |tx, change| licences::update(tx, change, id, &input)).await
}

pub async fn seats(ctx: Ctx, id: i64) -> CommandResult<Vec<Seat>> {
    ctx.read(move |conn| licences::seats(conn, id)).await
}

pub async fn assign_seat(ctx: Ctx, id: i64, holder: SeatHolder) -> CommandResult<Seat> {
    ctx.write(move |tx, change| licences::assign_seat(tx, change, id, holder, today())).await
}

pub async fn release_seat(ctx: Ctx, seat_id: i64) -> CommandResult<()> {
    ctx.write(move |tx, change| licences::release_seat(tx, change, seat_id)).await
}

pub async fn compliance(ctx: Ctx) -> CommandResult<Compliance> {
    ctx.read(|conn| licences::compliance(conn, today(), EXPIRING_WITHIN_DAYS)).await
}

pub async fn of_asset(ctx: Ctx, asset_id: i64) -> CommandResult<Vec<Licence>> {
    ctx.read(move |conn| licences::of_asset(conn, asset_id)).await
}
