//! The register: pages, counts, one asset, its history, and the asset operations.

use tagledger_core::assets::{self, Asset, AssetInput, BulkUpdate};
use tagledger_core::events::{self, Event};
use tagledger_core::register::{self, AssetFilter, AssetPage, PageRequest};

use super::Ctx;
use crate::error::CommandResult;

pub async fn list(ctx: Ctx, request: PageRequest) -> CommandResult<AssetPage> {
    ctx.read(move |conn| register::page(conn, &request)).await
}

pub async fn count(ctx: Ctx, filter: AssetFilter) -> CommandResult<i64> {
    ctx.read(move |conn| register::count(conn, &filter)).await
}

pub async fn ids(ctx: Ctx, filter: AssetFilter) -> CommandResult<Vec<i64>> {
    ctx.read(move |conn| register::ids(conn, &filter)).await
}

pub async fn get(ctx: Ctx, id: i64) -> CommandResult<Asset> {
    ctx.read(move |conn| assets::get(conn, id)).await
}

pub async fn lookup(ctx: Ctx, code: String) -> CommandResult<Option<Asset>> {
    ctx.read(move |conn| assets::lookup(conn, &code)).await
}

pub async fn history(ctx: Ctx, id: i64) -> CommandResult<Vec<Event>> {
    ctx.read(move |conn| events::history(conn, "asset", id)).await
}

pub async fn create(ctx: Ctx, input: AssetInput) -> CommandResult<Asset> {
    ctx.write(move |tx, change| assets::create(tx, change, &input)).await
}

pub async fn update(ctx: Ctx, id: i64, input: AssetInput) -> CommandResult<Asset> {
    ctx.write(move |tx, change| assets::update(tx, change, id, &input)).await
}

pub async fn bulk_update(ctx: Ctx, ids: Vec<i64>, update: BulkUpdate) -> CommandResult<u32> {
    ctx.write(move |tx, change| Ok(assets::bulk_update(tx, change, &ids, &update)? as u32)).await
}

pub async fn retire(ctx: Ctx, id: i64, reason: String) -> CommandResult<Asset> {
    ctx.write(move |tx, change| assets::retire(tx, change, id, &reason)).await
}
