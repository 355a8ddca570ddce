//! Reference data: locations, categories, models, suppliers, people, status labels.

use tagledger_core::assets::AssetStatus;
use tagledger_core::reference::{self, Category, CategoryKind, FieldDefinition, Person, ReferenceData};
use tagledger_core::status_labels::{self, StatusLabel};

use super::Ctx;
use crate::error::CommandResult;

pub async fn all(ctx: Ctx) -> CommandResult<ReferenceData> {
    ctx.read(reference::load_all).await
}

pub async fn create_location(ctx: Ctx, parent_id: Option<i64>, name: String) -> CommandResult<i64> {
    ctx.write(move |tx, change| reference::create_location(tx, change, parent_id, &name)).await
}

pub async fn create_category(
    ctx: Ctx,
    name: String,
    kind: Option<CategoryKind>,
    fields: Vec<FieldDefinition>,
) -> CommandResult<i64> {
    let kind = kind.unwrap_or_default();
    ctx.write(move |tx, change| reference::create_category_of_kind(tx, change, &name, kind, &fields)).await
}

pub async fn update_category(ctx: Ctx, id: i64, name: String, kind: CategoryKind) -> CommandResult<Category> {
    ctx.write(move |tx, change| reference::update_category(tx, change, id, &name, kind)).await
}

pub async fn create_model(
    ctx: Ctx,
    name: String,
    manufacturer: Option<String>,
    category_id: Option<i64>,
) -> CommandResult<i64> {
    ctx.write(move |tx, change| {
        let manufacturer_id = match manufacturer.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Some(reference::create_manufacturer(tx, change, m)?),
            None => None,
        };
        reference::create_model(tx, change, &name, manufacturer_id, category_id, None)
    })
    .await
}

pub async fn create_supplier(
    ctx: Ctx,
    name: String,
    contact: Option<String>,
    email: Option<String>,
) -> CommandResult<i64> {
    ctx.write(move |tx, change| {
        reference::create_supplier(tx, change, &name, contact.as_deref(), email.as_deref(), None)
    })
    .await
}

pub async fn create_person(ctx: Ctx, person: Person) -> CommandResult<i64> {
    ctx.write(move |tx, change| reference::create_person(tx, change, &person)).await
}

pub async fn create_status_label(ctx: Ctx, name: String, meaning: AssetStatus) -> CommandResult<StatusLabel> {
    ctx.write(move |tx, change| status_labels::create(tx, change, &name, meaning)).await
}

pub async fn rename_status_label(ctx: Ctx, id: i64, name: String) -> CommandResult<StatusLabel> {
    ctx.write(move |tx, change| status_labels::rename(tx, change, id, &name)).await
}

pub async fn delete_status_label(ctx: Ctx, id: i64) -> CommandResult<()> {
    ctx.write(move |tx, change| status_labels::delete(tx, change, id)).await
}
