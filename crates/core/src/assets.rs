//! Assets: the individual, tagged things the register tracks, and the operations that
//! change them (create, update, bulk update, retire). Every operation appends to the
//! event log in the caller's transaction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::reference::{self, FieldDefinition, FieldType};
use crate::validate::{check_currency, parse_date, parse_money, Checks};
use crate::{events, lifecycle, settings, Change, Error, FieldError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssetStatus {
    /// Ordered or received but not yet ready to hand out.
    Pending,
    /// In stock, ready to deploy.
    Deployable,
    Deployed,
    InRepair,
    Retired,
    LostStolen,
    Disposed,
}

impl AssetStatus {
    pub const ALL: [AssetStatus; 7] = [
        AssetStatus::Pending,
        AssetStatus::Deployable,
        AssetStatus::Deployed,
        AssetStatus::InRepair,
        AssetStatus::Retired,
        AssetStatus::LostStolen,
        AssetStatus::Disposed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssetStatus::Pending => "pending",
            AssetStatus::Deployable => "deployable",
            AssetStatus::Deployed => "deployed",
            AssetStatus::InRepair => "in_repair",
            AssetStatus::Retired => "retired",
            AssetStatus::LostStolen => "lost_stolen",
            AssetStatus::Disposed => "disposed",
        }
    }

    /// The name people read (matches the UI's).
    pub fn label(self) -> &'static str {
        match self {
            AssetStatus::Pending => "Pending",
            AssetStatus::Deployable => "Ready to deploy",
            AssetStatus::Deployed => "Deployed",
            AssetStatus::InRepair => "In repair",
            AssetStatus::Retired => "Retired",
            AssetStatus::LostStolen => "Lost or stolen",
            AssetStatus::Disposed => "Disposed",
        }
    }

    /// Accepts our own names and the labels people (and Snipe-IT) use.
    pub fn parse(s: &str) -> Option<AssetStatus> {
        let key: String = s.trim().to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphabetic()).collect();
        Some(match key.as_str() {
            "pending" | "ordered" => AssetStatus::Pending,
            "deployable" | "readytodeploy" | "instock" | "available" => AssetStatus::Deployable,
            "deployed" | "inuse" | "assigned" => AssetStatus::Deployed,
            "inrepair" | "repair" | "outforrepair" | "broken" => AssetStatus::InRepair,
            "retired" | "archived" => AssetStatus::Retired,
            "loststolen" | "lost" | "stolen" => AssetStatus::LostStolen,
            "disposed" => AssetStatus::Disposed,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    /// Integer minor units (cents); never a float.
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: String,
}

impl Money {
    /// Money from its two nullable columns (amount, currency), stored together or not at all.
    pub(crate) fn from_columns(minor: Option<i64>, currency: Option<String>) -> Option<Money> {
        minor.zip(currency).map(|(minor, currency)| Money { minor, currency })
    }
}

/// An asset as the detail view shows it, with the names of what it points at.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Asset {
    pub id: i64,
    pub tag: String,
    pub serial: Option<String>,
    pub name: String,
    pub model_id: Option<i64>,
    pub model_name: String,
    pub category_id: i64,
    pub category_name: String,
    pub location_id: Option<i64>,
    pub location_name: String,
    pub status: AssetStatus,
    /// The organisation's own label for the status, if one was chosen.
    pub status_label_id: Option<i64>,
    pub status_label: Option<String>,
    pub assigned_to: Option<i64>,
    pub assigned_to_name: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub purchase_cost: Option<Money>,
    pub supplier_id: Option<i64>,
    pub supplier_name: Option<String>,
    pub order_reference: Option<String>,
    pub warranty_end: Option<NaiveDate>,
    pub notes: String,
    pub custom_fields: BTreeMap<String, String>,
    /// When a physical audit last saw it.
    pub last_audited_on: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the asset form (and the importer) submits. Text is as typed: core parses dates
/// and amounts so every problem comes back as a field error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssetInput {
    /// Blank means "generate the next tag".
    pub tag: Option<String>,
    pub serial: Option<String>,
    pub name: String,
    pub model_id: Option<i64>,
    pub category_id: Option<i64>,
    pub location_id: Option<i64>,
    pub status: Option<AssetStatus>,
    /// One of the organisation's status labels; its meaning becomes the status.
    pub status_label_id: Option<i64>,
    pub assigned_to: Option<i64>,
    /// YYYY-MM-DD.
    pub purchase_date: Option<String>,
    /// Amount as typed, e.g. "1299.00".
    pub purchase_cost: Option<String>,
    pub purchase_currency: Option<String>,
    pub supplier_id: Option<i64>,
    pub order_reference: Option<String>,
    pub warranty_end: Option<String>,
    pub notes: String,
    pub custom_fields: BTreeMap<String, String>,
}

/// A validated asset, ready to be written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidAsset {
    pub tag: Option<String>,
    pub serial: Option<String>,
    pub name: String,
    pub model_id: Option<i64>,
    pub category_id: i64,
    pub location_id: Option<i64>,
    pub status: AssetStatus,
    pub assigned_to: Option<i64>,
    pub purchase_date: Option<NaiveDate>,
    pub purchase_cost_minor: Option<i64>,
    pub purchase_currency: Option<String>,
    pub supplier_id: Option<i64>,
    pub order_reference: Option<String>,
    pub warranty_end: Option<NaiveDate>,
    pub notes: String,
    pub custom_fields: BTreeMap<String, String>,
}

/// Checks one input without touching the database: the importer validates a whole file
/// with this before writing anything. References (ids) are checked by [`check_references`].
pub fn validate_input(
    input: &AssetInput,
    category_fields: Option<&[FieldDefinition]>,
    default_currency: &str,
) -> std::result::Result<ValidAsset, Vec<FieldError>> {
    let mut checks = Checks::default();
    let tag = checks.optional_text("tag", input.tag.as_deref());
    if tag.as_deref().is_some_and(|t| t.chars().any(char::is_whitespace)) {
        checks.push("tag", "cannot contain spaces");
    }
    let serial = checks.optional_text("serial", input.serial.as_deref());
    let name = checks.required_text("name", &input.name);
    let category_id = input.category_id.unwrap_or_else(|| {
        checks.push("categoryId", "is required");
        0
    });
    let mut date = |field: &str, value: &Option<String>| {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        parse_date(value).map_err(|e| checks.push(field, e)).ok()
    };
    let purchase_date = date("purchaseDate", &input.purchase_date);
    let warranty_end = date("warrantyEnd", &input.warranty_end);
    let cost_text = input.purchase_cost.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let purchase_cost_minor = cost_text.and_then(|v| parse_money(v).map_err(|e| checks.push("purchaseCost", e)).ok());
    let purchase_currency = match purchase_cost_minor {
        None => None,
        Some(_) => {
            let code = input.purchase_currency.as_deref().filter(|c| !c.trim().is_empty()).unwrap_or(default_currency);
            check_currency(code).map_err(|e| checks.push("purchaseCurrency", e)).ok()
        }
    };
    let order_reference = checks.optional_text("orderReference", input.order_reference.as_deref());
    let notes = checks.long_text("notes", &input.notes);
    let custom_fields = match category_fields {
        Some(defs) => validate_custom_fields(&mut checks, defs, &input.custom_fields),
        None => BTreeMap::new(),
    };
    if !checks.0.is_empty() {
        return Err(checks.0);
    }
    Ok(ValidAsset {
        tag,
        serial,
        name,
        model_id: input.model_id,
        category_id,
        location_id: input.location_id,
        status: input.status.unwrap_or(AssetStatus::Deployable),
        assigned_to: input.assigned_to,
        purchase_date,
        purchase_cost_minor,
        purchase_currency,
        supplier_id: input.supplier_id,
        order_reference,
        warranty_end,
        notes,
        custom_fields,
    })
}

fn validate_custom_fields(
    checks: &mut Checks,
    defs: &[FieldDefinition],
    values: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for name in values.keys() {
        if !defs.iter().any(|d| &d.name == name) {
            checks.push(&format!("customFields.{name}"), "is not a field of this category");
        }
    }
    for def in defs {
        let field = format!("customFields.{}", def.name);
        let value = values.get(&def.name).map(|v| v.trim()).unwrap_or("");
        if value.is_empty() {
            if def.required {
                checks.push(&field, "is required");
            }
            continue;
        }
        let normalised = match def.field_type {
            FieldType::Text => {
                checks.check_value(&field, value);
                value.to_string()
            }
            FieldType::Number => match value.parse::<f64>() {
                // Custom numbers are measurements (GB, inches), not money; kept as typed.
                Ok(n) if n.is_finite() => value.to_string(),
                _ => {
                    checks.push(&field, format!("'{value}' is not a number"));
                    continue;
                }
            },
            FieldType::Date => match parse_date(value) {
                Ok(d) => d.to_string(),
                Err(e) => {
                    checks.push(&field, e);
                    continue;
                }
            },
            FieldType::Choice => match def.choices.iter().find(|c| c.eq_ignore_ascii_case(value)) {
                Some(c) => c.clone(),
                None => {
                    checks.push(&field, format!("must be one of: {}", def.choices.join(", ")));
                    continue;
                }
            },
        };
        out.insert(def.name.clone(), normalised);
    }
    out
}

/// Checks that the ids an asset points at exist (and that a tag is free), as field
/// errors. `own_id` is the asset being edited, whose own tag does not count as taken.
pub fn check_references(conn: &Connection, asset: &ValidAsset, own_id: Option<i64>) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    let exists = |table: &str, id: i64| -> Result<bool> {
        Ok(conn.prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?.exists([id])?)
    };
    let refs = [
        ("modelId", "models", asset.model_id, "model"),
        ("categoryId", "categories", Some(asset.category_id), "category"),
        ("locationId", "locations", asset.location_id, "location"),
        ("assignedTo", "people", asset.assigned_to, "person"),
        ("supplierId", "suppliers", asset.supplier_id, "supplier"),
    ];
    for (field, table, id, what) in refs {
        if let Some(id) = id {
            if !exists(table, id)? {
                errors.push(FieldError::new(field, format!("{what} {id} does not exist")));
            }
        }
    }
    if let Some(tag) = &asset.tag {
        let taken: Option<i64> =
            conn.prepare_cached("SELECT id FROM assets WHERE tag = ?1")?.query_row([tag], |r| r.get(0)).optional()?;
        if taken.is_some_and(|id| Some(id) != own_id) {
            errors.push(FieldError::new("tag", format!("tag {tag} is already used by another asset")));
        }
    }
    Ok(errors)
}

fn validate_for_write(conn: &Connection, input: &AssetInput, own_id: Option<i64>) -> Result<ValidAsset> {
    let settings = settings::load(conn)?;
    let fields = match input.category_id {
        Some(id) => reference::category(conn, id).ok().map(|c| c.fields),
        None => None,
    };
    let valid = validate_input(input, fields.as_deref(), &settings.default_currency).map_err(Error::Invalid)?;
    let errors = check_references(conn, &valid, own_id)?;
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(valid)
}

pub fn create(tx: &Transaction, change: &Change, input: &AssetInput) -> Result<Asset> {
    let mut valid = validate_for_write(tx, input, None)?;
    let label = status_label(tx, input, &mut valid)?;
    let id = insert(tx, change, &valid)?;
    set_status_label(tx, id, label)?;
    let asset = get(tx, id)?;
    events::append(tx, change, "asset", id, "created", None, Some(&snapshot(&asset)))?;
    Ok(asset)
}

/// Writes a validated asset (generating its tag if it has none) and returns its id.
/// The caller appends the event.
pub fn insert(tx: &Transaction, change: &Change, asset: &ValidAsset) -> Result<i64> {
    let tag = match &asset.tag {
        Some(tag) => tag.clone(),
        None => settings::next_tag(tx)?,
    };
    let now = change.timestamp();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO assets (tag, serial, name, model_id, model_name, category_id, category_name,
             location_id, location_name, status, assigned_to, purchase_date, purchase_cost_minor,
             purchase_currency, supplier_id, order_reference, warranty_end, notes, custom_fields,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ifnull((SELECT name FROM models WHERE id = ?4), ''),
             ?5, (SELECT name FROM categories WHERE id = ?5),
             ?6, ifnull((SELECT name FROM locations WHERE id = ?6), ''),
             ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
    )?;
    stmt.execute(params![
        tag,
        asset.serial,
        asset.name,
        asset.model_id,
        asset.category_id,
        asset.location_id,
        asset.status.as_str(),
        asset.assigned_to,
        asset.purchase_date,
        asset.purchase_cost_minor,
        asset.purchase_currency,
        asset.supplier_id,
        asset.order_reference,
        asset.warranty_end,
        asset.notes,
        serde_json::to_string(&asset.custom_fields).expect("strings serialize"),
        now,
    ])
    .map_err(|e| unique_tag_conflict(e, &tag))?;
    Ok(tx.last_insert_rowid())
}

fn unique_tag_conflict(e: rusqlite::Error, tag: &str) -> Error {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) && e.to_string().contains("assets.tag") {
        Error::invalid("tag", format!("tag {tag} is already used by another asset"))
    } else {
        e.into()
    }
}

pub fn update(tx: &Transaction, change: &Change, id: i64, input: &AssetInput) -> Result<Asset> {
    let before = get(tx, id)?;
    let mut valid = validate_for_write(tx, input, Some(id))?;
    let label = status_label(tx, input, &mut valid)?;
    check_status_change(tx, &before, valid.status)?;
    // A blank tag on edit keeps the current one rather than generating a new tag.
    let tag = valid.tag.take().unwrap_or_else(|| before.tag.clone());
    tx.prepare_cached(
        "UPDATE assets SET tag = ?2, serial = ?3, name = ?4,
             model_id = ?5, model_name = ifnull((SELECT name FROM models WHERE id = ?5), ''),
             category_id = ?6, category_name = (SELECT name FROM categories WHERE id = ?6),
             location_id = ?7, location_name = ifnull((SELECT name FROM locations WHERE id = ?7), ''),
             status = ?8, assigned_to = ?9, purchase_date = ?10, purchase_cost_minor = ?11,
             purchase_currency = ?12, supplier_id = ?13, order_reference = ?14, warranty_end = ?15,
             notes = ?16, custom_fields = ?17, updated_at = ?18
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        tag,
        valid.serial,
        valid.name,
        valid.model_id,
        valid.category_id,
        valid.location_id,
        valid.status.as_str(),
        valid.assigned_to,
        valid.purchase_date,
        valid.purchase_cost_minor,
        valid.purchase_currency,
        valid.supplier_id,
        valid.order_reference,
        valid.warranty_end,
        valid.notes,
        serde_json::to_string(&valid.custom_fields).expect("strings serialize"),
        change.timestamp(),
    ])
    .map_err(|e| unique_tag_conflict(e, &tag))?;
    set_status_label(tx, id, label)?;
    after_status_change(tx, change, &before, valid.status)?;
    let after = get(tx, id)?;
    append_diff(tx, change, &before, &after, "updated")?;
    Ok(after)
}

/// The label an input chose, if any; its meaning becomes the asset's status.
fn status_label(conn: &Connection, input: &AssetInput, valid: &mut ValidAsset) -> Result<Option<i64>> {
    let Some(id) = input.status_label_id else { return Ok(None) };
    let meaning: Option<String> = conn
        .prepare_cached("SELECT meaning FROM status_labels WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let meaning =
        meaning.ok_or_else(|| Error::invalid("statusLabelId", format!("status label {id} does not exist")))?;
    valid.status = AssetStatus::parse(&meaning).unwrap_or(valid.status);
    Ok(Some(id))
}

fn set_status_label(tx: &Transaction, id: i64, label: Option<i64>) -> Result<()> {
    tx.prepare_cached("UPDATE assets SET status_label_id = ?2 WHERE id = ?1")?.execute(params![id, label])?;
    Ok(())
}

/// Refuses a status change the lifecycle rules do not allow (see [`lifecycle`]).
fn check_status_change(conn: &Connection, before: &Asset, to: AssetStatus) -> Result<()> {
    if before.status == to {
        return Ok(());
    }
    let open = lifecycle::open_checkout_target(conn, before.id)?;
    lifecycle::check_transition(before, to, open.as_deref())
}

/// What a status change implies beyond the row: a lost asset's check-out ends.
fn after_status_change(tx: &Transaction, change: &Change, before: &Asset, to: AssetStatus) -> Result<()> {
    if to == AssetStatus::LostStolen && before.status != to {
        lifecycle::close_on_loss(tx, change, before.id)?;
    }
    Ok(())
}

/// Which person a bulk update assigns the selection to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "personId")]
pub enum AssigneeChange {
    Person(i64),
    Nobody,
}

/// A change applied to every selected asset; `None` leaves that field alone.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct BulkUpdate {
    pub status: Option<AssetStatus>,
    pub location_id: Option<i64>,
    pub assignee: Option<AssigneeChange>,
}

/// Applies one change to many assets; returns how many changed. All or nothing: the
/// caller's transaction holds every row's update and event.
pub fn bulk_update(tx: &Transaction, change: &Change, ids: &[i64], update: &BulkUpdate) -> Result<usize> {
    if update.status.is_none() && update.location_id.is_none() && update.assignee.is_none() {
        return Err(Error::invalid("update", "choose at least one field to change"));
    }
    if let Some(location_id) = update.location_id {
        if !tx.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([location_id])? {
            return Err(Error::invalid("locationId", format!("location {location_id} does not exist")));
        }
    }
    if let Some(AssigneeChange::Person(person)) = update.assignee {
        if !tx.prepare_cached("SELECT 1 FROM people WHERE id = ?1")?.exists([person])? {
            return Err(Error::invalid("assignedTo", format!("person {person} does not exist")));
        }
    }
    let mut stmt = tx.prepare_cached(
        "UPDATE assets SET
             status = ifnull(?2, status),
             location_id = CASE WHEN ?3 IS NULL THEN location_id ELSE ?3 END,
             location_name = CASE WHEN ?3 IS NULL THEN location_name
                                  ELSE (SELECT name FROM locations WHERE id = ?3) END,
             assigned_to = CASE ?4 WHEN 0 THEN assigned_to WHEN 1 THEN ?5 ELSE NULL END,
             updated_at = ?6
         WHERE id = ?1",
    )?;
    let (assign_mode, person) = match update.assignee {
        None => (0, None),
        Some(AssigneeChange::Person(p)) => (1, Some(p)),
        Some(AssigneeChange::Nobody) => (2, None),
    };
    let mut changed = 0;
    for &id in ids {
        let before = get(tx, id)?;
        if let Some(to) = update.status {
            check_status_change(tx, &before, to)?;
            after_status_change(tx, change, &before, to)?;
        }
        stmt.execute(params![
            id,
            update.status.map(AssetStatus::as_str),
            update.location_id,
            assign_mode,
            person,
            change.timestamp()
        ])?;
        let after = get(tx, id)?;
        if append_diff(tx, change, &before, &after, "bulk updated")? {
            changed += 1;
        }
    }
    Ok(changed)
}

/// Takes an asset out of service. It stays in the register with its history.
pub fn retire(tx: &Transaction, change: &Change, id: i64, reason: &str) -> Result<Asset> {
    let mut checks = Checks::default();
    let reason = checks.long_text("reason", reason);
    checks.into_result()?;
    let before = get(tx, id)?;
    if matches!(before.status, AssetStatus::Retired | AssetStatus::Disposed) {
        return Err(Error::Conflict {
            field: None,
            message: format!("{} is already {}", before.tag, before.status.as_str()),
        });
    }
    check_status_change(tx, &before, AssetStatus::Retired)?;
    tx.prepare_cached("UPDATE assets SET status = 'retired', assigned_to = NULL, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, change.timestamp()])?;
    let after = get(tx, id)?;
    let mut diff_after = diff(&snapshot(&before), &snapshot(&after));
    diff_after.1["reason"] = serde_json::Value::String(reason);
    events::append(tx, change, "asset", id, "retired", Some(&diff_after.0), Some(&diff_after.1))?;
    Ok(after)
}

/// The fields of an asset as the event log records them.
pub fn snapshot(asset: &Asset) -> serde_json::Value {
    let mut value = serde_json::to_value(asset).expect("asset serializes");
    let map = value.as_object_mut().expect("asset is an object");
    // Audit dates are recorded by the audit itself (one event when it closes).
    for derived in ["id", "createdAt", "updatedAt", "lastAuditedOn", "statusLabelId"] {
        map.remove(derived);
    }
    value
}

/// The fields that differ between two snapshots, as (before, after) objects.
fn diff(before: &serde_json::Value, after: &serde_json::Value) -> (serde_json::Value, serde_json::Value) {
    let (mut b, mut a) = (serde_json::Map::new(), serde_json::Map::new());
    if let (Some(before), Some(after)) = (before.as_object(), after.as_object()) {
        for (key, new) in after {
            let old = before.get(key).unwrap_or(&serde_json::Value::Null);
            if old != new {
                b.insert(key.clone(), old.clone());
                a.insert(key.clone(), new.clone());
            }
        }
    }
    (b.into(), a.into())
}

/// Appends an event for a lifecycle change: the changed fields, plus `detail` (the
/// check-out, disposal...) merged into the "after" side.
pub(crate) fn record_change(
    tx: &Transaction,
    change: &Change,
    before: &Asset,
    after: &Asset,
    action: &str,
    detail: serde_json::Value,
) -> Result<()> {
    let (b, mut a) = diff(&snapshot(before), &snapshot(after));
    if let (Some(a), serde_json::Value::Object(detail)) = (a.as_object_mut(), detail) {
        a.extend(detail);
    }
    events::append(tx, change, "asset", after.id, action, Some(&b), Some(&a))
}

/// Appends an event with only the changed fields; returns false (and appends nothing)
/// when nothing changed.
fn append_diff(tx: &Transaction, change: &Change, before: &Asset, after: &Asset, action: &str) -> Result<bool> {
    let (b, a) = diff(&snapshot(before), &snapshot(after));
    if a.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(false);
    }
    events::append(tx, change, "asset", after.id, action, Some(&b), Some(&a))?;
    Ok(true)
}

pub(crate) const SELECT_ASSET: &str = "SELECT a.id, a.tag, a.serial, a.name, a.model_id, a.model_name, a.category_id,
        a.category_name, a.location_id, a.location_name, a.status, a.assigned_to, p.name,
        a.purchase_date, a.purchase_cost_minor, a.purchase_currency, a.supplier_id, s.name,
        a.order_reference, a.warranty_end, a.notes, a.custom_fields, a.created_at, a.updated_at,
        a.status_label_id, sl.name, a.last_audited_on
     FROM assets a
     LEFT JOIN people p ON p.id = a.assigned_to
     LEFT JOIN suppliers s ON s.id = a.supplier_id
     LEFT JOIN status_labels sl ON sl.id = a.status_label_id";

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Asset> {
    let status: String = r.get(10)?;
    let cost: Option<i64> = r.get(14)?;
    let currency: Option<String> = r.get(15)?;
    Ok(Asset {
        id: r.get(0)?,
        tag: r.get(1)?,
        serial: r.get(2)?,
        name: r.get(3)?,
        model_id: r.get(4)?,
        model_name: r.get(5)?,
        category_id: r.get(6)?,
        category_name: r.get(7)?,
        location_id: r.get(8)?,
        location_name: r.get(9)?,
        status: AssetStatus::parse(&status).unwrap_or(AssetStatus::Pending),
        status_label_id: r.get(24)?,
        status_label: r.get(25)?,
        assigned_to: r.get(11)?,
        assigned_to_name: r.get(12)?,
        purchase_date: r.get(13)?,
        purchase_cost: Money::from_columns(cost, currency),
        supplier_id: r.get(16)?,
        supplier_name: r.get(17)?,
        order_reference: r.get(18)?,
        warranty_end: r.get(19)?,
        notes: r.get(20)?,
        custom_fields: serde_json::from_str(&r.get::<_, String>(21)?).unwrap_or_default(),
        last_audited_on: r.get(26)?,
        created_at: r.get(22)?,
        updated_at: r.get(23)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Asset> {
    conn.prepare_cached(&format!("{SELECT_ASSET} WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("asset {id}")))
}

/// The scanner path: an exact asset tag (case-insensitive), else an exact serial number.
pub fn lookup(conn: &Connection, code: &str) -> Result<Option<Asset>> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    let by_tag =
        conn.prepare_cached(&format!("{SELECT_ASSET} WHERE a.tag = ?1"))?.query_row([code], from_row).optional()?;
    if by_tag.is_some() {
        return Ok(by_tag);
    }
    Ok(conn
        .prepare_cached(&format!("{SELECT_ASSET} WHERE a.serial = ?1 ORDER BY a.id LIMIT 1"))?
        .query_row([code], from_row)
        .optional()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM assets", [], |r| r.get(0))?)
}
