//! Reference data the register points at: locations (a site > building > room tree),
//! categories with their custom field definitions, manufacturers, models, suppliers
//! and people.
//!
//! A category serves assets, stock items or both ([`CategoryKind`]): the asset form
//! offers the asset and both kinds, the stock item form the stock and both kinds. A kind
//! cannot be changed to one that would leave its current users outside it.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::Checks;
use crate::{events, Change, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    Site,
    Building,
    Room,
}

impl LocationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LocationKind::Site => "site",
            LocationKind::Building => "building",
            LocationKind::Room => "room",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "site" => LocationKind::Site,
            "building" => LocationKind::Building,
            _ => LocationKind::Room,
        }
    }

    /// The kind a child of this kind has; rooms have no children.
    fn child(self) -> Option<LocationKind> {
        match self {
            LocationKind::Site => Some(LocationKind::Building),
            LocationKind::Building => Some(LocationKind::Room),
            LocationKind::Room => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: LocationKind,
    pub name: String,
    /// "Site › Building › Room", for pickers and exports.
    pub full_name: String,
    pub depth: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Date,
    Choice,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Choice => "choice",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "number" => FieldType::Number,
            "date" => FieldType::Date,
            "choice" => FieldType::Choice,
            _ => FieldType::Text,
        }
    }
}

/// A custom field a category's assets carry, e.g. "RAM (GB)" on laptops.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldDefinition {
    pub name: String,
    pub field_type: FieldType,
    pub required: bool,
    /// Allowed values when `field_type` is `choice`.
    pub choices: Vec<String>,
}

/// What a category is for: assets, stock items (consumables and spares) or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CategoryKind {
    Asset,
    Stock,
    #[default]
    Both,
}

impl CategoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CategoryKind::Asset => "asset",
            CategoryKind::Stock => "stock",
            CategoryKind::Both => "both",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "asset" => CategoryKind::Asset,
            "stock" => CategoryKind::Stock,
            _ => CategoryKind::Both,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub kind: CategoryKind,
    pub fields: Vec<FieldDefinition>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    pub id: i64,
    pub name: String,
    pub manufacturer_id: Option<i64>,
    pub category_id: Option<i64>,
    pub model_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub department: Option<String>,
    pub employee_number: Option<String>,
}

/// All reference lists at once: what the register's filters and the asset form need.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceData {
    pub locations: Vec<Location>,
    pub categories: Vec<Category>,
    pub manufacturers: Vec<Named>,
    pub models: Vec<Model>,
    pub suppliers: Vec<Supplier>,
    pub people: Vec<Person>,
    pub status_labels: Vec<crate::status_labels::StatusLabel>,
}

pub fn load_all(conn: &Connection) -> Result<ReferenceData> {
    Ok(ReferenceData {
        locations: locations(conn)?,
        categories: categories(conn)?,
        manufacturers: manufacturers(conn)?,
        models: models(conn)?,
        suppliers: suppliers(conn)?,
        people: people(conn)?,
        status_labels: crate::status_labels::list(conn)?,
    })
}

// ---- locations --------------------------------------------------------------------

/// Locations in tree order (each parent before its children), with full names.
pub fn locations(conn: &Connection) -> Result<Vec<Location>> {
    let mut stmt = conn.prepare_cached("SELECT id, parent_id, kind, name FROM locations")?;
    let rows: Vec<(i64, Option<i64>, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut children: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        children.entry(row.1).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| rows[*a].3.to_lowercase().cmp(&rows[*b].3.to_lowercase()));
    }
    let mut out = Vec::with_capacity(rows.len());
    // Depth-first walk from the roots; an explicit stack keeps deep trees safe.
    let mut stack: Vec<(usize, String, u8)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|&i| (i, String::new(), 0)).collect())
        .unwrap_or_default();
    while let Some((i, prefix, depth)) = stack.pop() {
        let (id, parent_id, kind, name) = &rows[i];
        let full_name = if prefix.is_empty() { name.clone() } else { format!("{prefix} › {name}") };
        if let Some(kids) = children.get(&Some(*id)) {
            for &k in kids.iter().rev() {
                stack.push((k, full_name.clone(), depth + 1));
            }
        }
        out.push(Location {
            id: *id,
            parent_id: *parent_id,
            kind: LocationKind::parse(kind),
            name: name.clone(),
            full_name,
            depth,
        });
    }
    Ok(out)
}

pub fn create_location(tx: &Transaction, change: &Change, parent_id: Option<i64>, name: &str) -> Result<i64> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    checks.into_result()?;
    let (kind, parent_path) = match parent_id {
        None => (LocationKind::Site, "/".to_string()),
        Some(pid) => {
            let (kind, path): (String, String) = tx
                .query_row("SELECT kind, path FROM locations WHERE id = ?1", [pid], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| Error::invalid("parentId", "parent location does not exist"))?;
            let kind = LocationKind::parse(&kind)
                .child()
                .ok_or_else(|| Error::invalid("parentId", "rooms cannot contain other locations"))?;
            (kind, path)
        }
    };
    let duplicate: bool = tx.query_row(
        "SELECT count(*) > 0 FROM locations WHERE parent_id IS ?1 AND name = ?2",
        params![parent_id, name],
        |r| r.get(0),
    )?;
    if duplicate {
        return Err(Error::Conflict {
            field: Some("name".into()),
            message: format!("a location named '{name}' already exists there"),
        });
    }
    // The path needs the new row's id, so insert with a placeholder and set it after.
    tx.execute(
        "INSERT INTO locations (parent_id, kind, name, path) VALUES (?1, ?2, ?3, '?' || random())",
        params![parent_id, kind.as_str(), name],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute("UPDATE locations SET path = ?1 WHERE id = ?2", params![format!("{parent_path}{id}/"), id])?;
    let after = serde_json::json!({ "name": name, "kind": kind.as_str(), "parentId": parent_id });
    events::append(tx, change, "location", id, "created", None, Some(&after))?;
    Ok(id)
}

/// "Site › Building › Room" for one location, from its materialised path.
pub fn location_full_name(conn: &Connection, id: i64) -> Result<String> {
    let path: String = conn
        .prepare_cached("SELECT path FROM locations WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("location {id}")))?;
    let mut names = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT name FROM locations WHERE id = ?1")?;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        let id: i64 = part.parse().map_err(|_| Error::Corrupt(format!("bad location path {path}")))?;
        names.push(stmt.query_row([id], |r| r.get::<_, String>(0))?);
    }
    Ok(names.join(" › "))
}

/// The ids of a location and everything below it.
pub fn location_subtree(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id FROM locations l JOIN locations d
           ON d.path >= l.path AND d.path < l.path || '~' -- paths are digits and '/', all below '~'
         WHERE l.id = ?1",
    )?;
    let ids = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    if ids.is_empty() {
        return Err(Error::not_found(format!("location {id}")));
    }
    Ok(ids)
}

// ---- categories -------------------------------------------------------------------

pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let mut fields: HashMap<i64, Vec<FieldDefinition>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT category_id, name, field_type, required, choices FROM category_fields
         ORDER BY category_id, position, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            FieldDefinition {
                name: r.get(1)?,
                field_type: FieldType::parse(&r.get::<_, String>(2)?),
                required: r.get(3)?,
                choices: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
            },
        ))
    })?;
    for row in rows {
        let (category_id, field) = row?;
        fields.entry(category_id).or_default().push(field);
    }
    let mut stmt = conn.prepare_cached("SELECT id, name, kind FROM categories ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, kind) = row?;
        let kind = CategoryKind::parse(&kind);
        out.push(Category { id, name, kind, fields: fields.remove(&id).unwrap_or_default() });
    }
    Ok(out)
}

pub fn category(conn: &Connection, id: i64) -> Result<Category> {
    categories(conn)?.into_iter().find(|c| c.id == id).ok_or_else(|| Error::not_found(format!("category {id}")))
}

/// Creates a category for both assets and stock; see [`create_category_of_kind`].
pub fn create_category(tx: &Transaction, change: &Change, name: &str, fields: &[FieldDefinition]) -> Result<i64> {
    create_category_of_kind(tx, change, name, CategoryKind::Both, fields)
}

pub fn create_category_of_kind(
    tx: &Transaction,
    change: &Change,
    name: &str,
    kind: CategoryKind,
    fields: &[FieldDefinition],
) -> Result<i64> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    for (i, f) in fields.iter().enumerate() {
        checks.required_text(&format!("fields[{i}].name"), &f.name);
        if f.field_type == FieldType::Choice && f.choices.is_empty() {
            checks.push(&format!("fields[{i}].choices"), "a choice field needs at least one choice");
        }
    }
    checks.into_result()?;
    refuse_duplicate(tx, "categories", &name, "a category")?;
    tx.execute("INSERT INTO categories (name, kind) VALUES (?1, ?2)", params![name, kind.as_str()])?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO category_fields (category_id, name, field_type, required, choices, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, f) in fields.iter().enumerate() {
        insert.execute(params![
            id,
            f.name.trim(),
            f.field_type.as_str(),
            f.required,
            serde_json::to_string(&f.choices).expect("strings serialize"),
            position as i64
        ])?;
    }
    let after = serde_json::json!({ "name": name, "kind": kind.as_str(), "fields": fields });
    events::append(tx, change, "category", id, "created", None, Some(&after))?;
    Ok(id)
}

/// Renames a category and sets its kind. A category used by assets or models cannot
/// become stock-only, nor one used by stock items asset-only.
pub fn update_category(tx: &Transaction, change: &Change, id: i64, name: &str, kind: CategoryKind) -> Result<Category> {
    let before = category(tx, id)?;
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    let count = |sql: &str| -> Result<i64> { Ok(tx.prepare_cached(sql)?.query_row([id], |r| r.get(0))?) };
    if kind == CategoryKind::Stock && before.kind != CategoryKind::Stock {
        let assets = count("SELECT count(*) FROM assets WHERE category_id = ?1")?;
        let models = count("SELECT count(*) FROM models WHERE category_id = ?1")?;
        if assets + models > 0 {
            checks.push(
                "kind",
                format!("{}, so it cannot hold stock only", used_by(&[(assets, "asset"), (models, "model")])),
            );
        }
    }
    if kind == CategoryKind::Asset && before.kind != CategoryKind::Asset {
        let items = count("SELECT count(*) FROM stock_items WHERE category_id = ?1")?;
        if items > 0 {
            checks.push("kind", format!("{}, so it cannot hold assets only", used_by(&[(items, "stock item")])));
        }
    }
    checks.into_result()?;
    if let Some(other) = find_id(tx, "categories", &name)?.filter(|other| *other != id) {
        return Err(Error::Conflict {
            field: Some("name".into()),
            message: format!("a category named '{name}' already exists (category {other})"),
        });
    }
    if name == before.name && kind == before.kind {
        return Ok(before);
    }
    tx.execute("UPDATE categories SET name = ?2, kind = ?3 WHERE id = ?1", params![id, name, kind.as_str()])?;
    let logged = |name: &str, kind: CategoryKind| serde_json::json!({ "name": name, "kind": kind.as_str() });
    events::append(
        tx,
        change,
        "category",
        id,
        "updated",
        Some(&logged(&before.name, before.kind)),
        Some(&logged(&name, kind)),
    )?;
    category(tx, id)
}

/// "used by 3 assets and 1 model", from (count, noun) pairs, leaving out zeros.
fn used_by(counts: &[(i64, &str)]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| format!("{n} {noun}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    format!("used by {}", parts.join(" and "))
}

// ---- simple named lists -----------------------------------------------------------

/// Looks a row up by its (case-insensitive) name in one of the named reference tables.
pub fn find_id(conn: &Connection, table: &str, name: &str) -> Result<Option<i64>> {
    debug_assert!(["categories", "manufacturers", "models", "suppliers"].contains(&table));
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM {table} WHERE name = ?1"))?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?)
}

/// A name already taken in a named reference table is a conflict on the name field.
fn refuse_duplicate(conn: &Connection, table: &str, name: &str, what: &str) -> Result<()> {
    match find_id(conn, table, name)? {
        Some(_) => Err(Error::Conflict {
            field: Some("name".into()),
            message: format!("{what} named '{name}' already exists"),
        }),
        None => Ok(()),
    }
}

pub fn manufacturers(conn: &Connection) -> Result<Vec<Named>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM manufacturers ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok(Named { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn create_manufacturer(tx: &Transaction, change: &Change, name: &str) -> Result<i64> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    checks.into_result()?;
    if let Some(id) = find_id(tx, "manufacturers", &name)? {
        return Ok(id);
    }
    tx.execute("INSERT INTO manufacturers (name) VALUES (?1)", [&name])?;
    let id = tx.last_insert_rowid();
    events::append(tx, change, "manufacturer", id, "created", None, Some(&serde_json::json!({ "name": name })))?;
    Ok(id)
}

pub fn models(conn: &Connection) -> Result<Vec<Model>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, manufacturer_id, category_id, model_number FROM models ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok(Model {
            id: r.get(0)?,
            name: r.get(1)?,
            manufacturer_id: r.get(2)?,
            category_id: r.get(3)?,
            model_number: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn create_model(
    tx: &Transaction,
    change: &Change,
    name: &str,
    manufacturer_id: Option<i64>,
    category_id: Option<i64>,
    model_number: Option<&str>,
) -> Result<i64> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    let model_number = checks.optional_text("modelNumber", model_number);
    checks.into_result()?;
    refuse_duplicate(tx, "models", &name, "a model")?;
    tx.execute(
        "INSERT INTO models (name, manufacturer_id, category_id, model_number) VALUES (?1, ?2, ?3, ?4)",
        params![name, manufacturer_id, category_id, model_number],
    )?;
    let id = tx.last_insert_rowid();
    let after = serde_json::json!({
        "name": name, "manufacturerId": manufacturer_id, "categoryId": category_id, "modelNumber": model_number
    });
    events::append(tx, change, "model", id, "created", None, Some(&after))?;
    Ok(id)
}

pub fn suppliers(conn: &Connection) -> Result<Vec<Supplier>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, contact, email, phone FROM suppliers ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok(Supplier { id: r.get(0)?, name: r.get(1)?, contact: r.get(2)?, email: r.get(3)?, phone: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn create_supplier(
    tx: &Transaction,
    change: &Change,
    name: &str,
    contact: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<i64> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", name);
    let contact = checks.optional_text("contact", contact);
    let email = checks.optional_text("email", email);
    let phone = checks.optional_text("phone", phone);
    checks.into_result()?;
    refuse_duplicate(tx, "suppliers", &name, "a supplier")?;
    tx.execute(
        "INSERT INTO suppliers (name, contact, email, phone) VALUES (?1, ?2, ?3, ?4)",
        params![name, contact, email, phone],
    )?;
    let id = tx.last_insert_rowid();
    let after = serde_json::json!({ "name": name, "contact": contact, "email": email, "phone": phone });
    events::append(tx, change, "supplier", id, "created", None, Some(&after))?;
    Ok(id)
}

pub fn people(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, email, department, employee_number FROM people ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Person {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            department: r.get(3)?,
            employee_number: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn create_person(tx: &Transaction, change: &Change, person: &Person) -> Result<i64> {
    let mut checks = Checks::default();
    let name = checks.required_text("name", &person.name);
    let email = checks.optional_text("email", person.email.as_deref());
    if email.as_deref().is_some_and(|e| !e.contains('@')) {
        checks.push("email", "is not an email address");
    }
    let department = checks.optional_text("department", person.department.as_deref());
    let employee_number = checks.optional_text("employeeNumber", person.employee_number.as_deref());
    checks.into_result()?;
    tx.execute(
        "INSERT INTO people (name, email, department, employee_number) VALUES (?1, ?2, ?3, ?4)",
        params![name, email, department, employee_number],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => Error::Conflict {
            field: Some("email".into()),
            message: "someone with that email or employee number already exists".into(),
        },
        _ => e.into(),
    })?;
    let id = tx.last_insert_rowid();
    let after = serde_json::json!({
        "name": name, "email": email, "department": department, "employeeNumber": employee_number
    });
    events::append(tx, change, "person", id, "created", None, Some(&after))?;
    Ok(id)
}
