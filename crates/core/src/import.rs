//! CSV import of assets: parse, map columns (Tagledger's headers and Snipe-IT's asset
//! export headers), validate every row, and only then commit — all rows in the caller's
//! one transaction, or none.
//!
//! The two phases are separate functions so the UI can show a dry run ([`plan`]) and
//! then commit exactly what was checked ([`commit`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assets::{self, AssetInput, AssetStatus, ValidAsset};
use crate::reference::{self, FieldDefinition};
use crate::{events, settings, Change, Error, Result};

/// The fields a CSV column can map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Tag,
    Serial,
    Name,
    Model,
    Manufacturer,
    Category,
    Location,
    Status,
    AssignedTo,
    PurchaseDate,
    PurchaseCost,
    Currency,
    Supplier,
    OrderReference,
    WarrantyEnd,
    Notes,
}

/// Header aliases, compared after lowercasing and dropping everything but letters and
/// digits: Tagledger's own export headers first, then Snipe-IT's.
const HEADERS: &[(Column, &[&str])] = &[
    (Column::Tag, &["tag", "assettag"]),
    (Column::Serial, &["serial", "serialnumber", "serialno"]),
    (Column::Name, &["name", "assetname"]),
    (Column::Model, &["model", "modelname"]),
    (Column::Manufacturer, &["manufacturer"]),
    (Column::Category, &["category"]),
    (Column::Location, &["location", "defaultlocation"]),
    (Column::Status, &["status", "statuslabel"]),
    (Column::AssignedTo, &["assignedto", "checkedoutto", "assignee", "user", "email", "username"]),
    (Column::PurchaseDate, &["purchasedate"]),
    (Column::PurchaseCost, &["purchasecost", "cost", "price"]),
    (Column::Currency, &["currency", "purchasecurrency"]),
    (Column::Supplier, &["supplier"]),
    (Column::OrderReference, &["orderreference", "ordernumber", "order"]),
    (Column::WarrantyEnd, &["warrantyend", "warrantyexpires", "warrantyexpiration"]),
    (Column::Notes, &["notes", "note", "comments"]),
];

fn header_key(h: &str) -> String {
    h.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportOptions {
    /// Create categories, locations, models, manufacturers, suppliers and people that do
    /// not exist yet, instead of reporting them as errors.
    pub create_missing: bool,
}

/// One problem in the file, in the words the user needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// The header of the column at fault, if one is.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column {}: {}", self.line, c, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What a dry run found; `errors` empty means the file can be committed as is.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub rows: u32,
    pub errors: Vec<ImportError>,
    /// Headers that map to nothing and will be ignored.
    pub ignored_columns: Vec<String>,
    /// Reference data the import would create (with `createMissing`), e.g. "category: Tablets".
    pub will_create: Vec<String>,
}

/// A reference a row points at: one that exists, or one the import will create.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ref {
    Existing(i64),
    New(NewRef),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum NewRef {
    Category(String),
    /// Path of names from the site down.
    Location(Vec<String>),
    /// Name, manufacturer name, category.
    Model(String, Option<String>, Box<Ref>),
    Supplier(String),
    Person(String),
}

impl PartialOrd for Ref {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ref {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (Ref::Existing(a), Ref::Existing(b)) => a.cmp(b),
            (Ref::Existing(_), Ref::New(_)) => std::cmp::Ordering::Less,
            (Ref::New(_), Ref::Existing(_)) => std::cmp::Ordering::Greater,
            (Ref::New(a), Ref::New(b)) => a.cmp(b),
        }
    }
}

impl NewRef {
    fn describe(&self) -> String {
        match self {
            NewRef::Category(n) => format!("category: {n}"),
            NewRef::Location(path) => format!("location: {}", path.join(" › ")),
            NewRef::Model(n, _, _) => format!("model: {n}"),
            NewRef::Supplier(n) => format!("supplier: {n}"),
            NewRef::Person(n) => format!("person: {n}"),
        }
    }
}

struct PlannedRow {
    asset: ValidAsset,
    category: Ref,
    model: Option<Ref>,
    location: Option<Ref>,
    supplier: Option<Ref>,
    person: Option<Ref>,
}

/// A validated file, ready for [`commit`] when `report.errors` is empty.
pub struct ImportPlan {
    pub report: ImportReport,
    rows: Vec<PlannedRow>,
    new_refs: BTreeSet<NewRef>,
    source: String,
}

/// Lookup tables of existing reference data, loaded once per import (no query per row).
struct Known {
    categories: HashMap<String, (i64, Vec<FieldDefinition>)>,
    models: HashMap<String, i64>,
    suppliers: HashMap<String, i64>,
    /// Full location names ("site › building › room", lowercased) and unique leaf names.
    locations: HashMap<String, Option<i64>>,
    /// Email, employee number and unique names, lowercased.
    people: HashMap<String, Option<i64>>,
    default_currency: String,
}

fn load_known(conn: &Connection) -> Result<Known> {
    let lower = |s: &str| s.trim().to_lowercase();
    let categories = reference::categories(conn)?.into_iter().map(|c| (lower(&c.name), (c.id, c.fields))).collect();
    let models = reference::models(conn)?.into_iter().map(|m| (lower(&m.name), m.id)).collect();
    let suppliers = reference::suppliers(conn)?.into_iter().map(|s| (lower(&s.name), s.id)).collect();
    let mut locations: HashMap<String, Option<i64>> = HashMap::new();
    for l in reference::locations(conn)? {
        locations.insert(lower(&l.full_name), Some(l.id));
        // A leaf name is a usable key only while it is unique.
        if l.full_name != l.name {
            locations.entry(lower(&l.name)).and_modify(|v| *v = None).or_insert(Some(l.id));
        }
    }
    let mut people: HashMap<String, Option<i64>> = HashMap::new();
    for p in reference::people(conn)? {
        for key in [p.email.as_deref(), p.employee_number.as_deref()].into_iter().flatten() {
            people.insert(lower(key), Some(p.id));
        }
        people.entry(lower(&p.name)).and_modify(|v| *v = None).or_insert(Some(p.id));
    }
    Ok(Known {
        categories,
        models,
        suppliers,
        locations,
        people,
        default_currency: settings::load(conn)?.default_currency,
    })
}

/// Splits "Site › Building › Room", "Site / Building / Room" or "Site > Building > Room".
fn location_path(value: &str) -> Vec<String> {
    value.split(['›', '/', '>']).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Validates a whole CSV file against the register without writing anything.
pub fn plan(conn: &Connection, bytes: &[u8], source: &str, options: &ImportOptions) -> Result<ImportPlan> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let known = load_known(conn)?;
    let mut report = ImportReport::default();
    let mut rows = Vec::new();
    let mut new_refs = BTreeSet::new();
    let plan_error = |line: u64, column: Option<&str>, message: String| ImportError {
        line,
        column: column.map(str::to_string),
        message,
    };

    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(Error::Import(format!("line 1: cannot read the header row: {e}"))),
    };
    if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
        return Err(Error::Import("line 1: the file is empty or has no header row".into()));
    }
    let header_text: Vec<String> = headers.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
    if let Some(i) = headers.iter().position(|h| std::str::from_utf8(h).is_err()) {
        report.errors.push(plan_error(1, Some(&header_text[i]), "is not valid UTF-8; save the file as UTF-8".into()));
    }
    let mut columns: HashMap<Column, usize> = HashMap::new();
    let mut extra: Vec<usize> = Vec::new();
    for (i, h) in header_text.iter().enumerate() {
        let key = header_key(h);
        match HEADERS.iter().find(|(_, aliases)| aliases.contains(&key.as_str())) {
            Some((col, _)) if !columns.contains_key(col) => {
                columns.insert(*col, i);
            }
            Some(_) => report.errors.push(plan_error(1, Some(h), "appears twice".into())),
            None => extra.push(i),
        }
    }
    for required in [Column::Name, Column::Category] {
        if !columns.contains_key(&required) {
            let name = if required == Column::Name { "name" } else { "category" };
            report.errors.push(plan_error(1, None, format!("the file has no '{name}' column")));
        }
    }
    if !report.errors.is_empty() {
        return Ok(ImportPlan { report, rows, new_refs, source: source.into() });
    }

    let mut tags_in_file: HashMap<String, u64> = HashMap::new();
    let mut tag_exists = conn.prepare_cached("SELECT 1 FROM assets WHERE tag = ?1")?;
    let mut used_extra: HashSet<usize> = HashSet::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                report.errors.push(plan_error(line, None, format!("cannot read this row: {e}")));
                break;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // Blank lines are common at the end of hand-edited files.
        }
        report.rows += 1;
        if record.len() != headers.len() {
            report.errors.push(plan_error(
                line,
                None,
                format!("has {} fields but the header has {}", record.len(), headers.len()),
            ));
            continue;
        }
        let mut row_errors = Vec::new();
        let mut text = |col: Column| -> Option<String> {
            let i = *columns.get(&col)?;
            match std::str::from_utf8(&record[i]) {
                Ok(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                Err(_) => {
                    row_errors.push(plan_error(
                        line,
                        Some(&header_text[i]),
                        "is not valid UTF-8; save the file as UTF-8".into(),
                    ));
                    None
                }
            }
        };
        let tag = text(Column::Tag);
        let serial = text(Column::Serial);
        let name = text(Column::Name).unwrap_or_default();
        let model_name = text(Column::Model);
        let manufacturer = text(Column::Manufacturer);
        let category_name = text(Column::Category);
        let location_name = text(Column::Location);
        let status_text = text(Column::Status);
        let assignee = text(Column::AssignedTo);
        let purchase_date = text(Column::PurchaseDate);
        let purchase_cost = text(Column::PurchaseCost);
        let currency = text(Column::Currency);
        let supplier_name = text(Column::Supplier);
        let order_reference = text(Column::OrderReference);
        let warranty_end = text(Column::WarrantyEnd);
        let notes = text(Column::Notes).unwrap_or_default();
        let col = |c: Column| columns.get(&c).map(|&i| header_text[i].as_str());
        let lower = |s: &str| s.trim().to_lowercase();

        // Resolve references, noting what the import would create.
        let mut refs =
            RowRefs { line, create_missing: options.create_missing, new_refs: &mut new_refs, errors: &mut row_errors };
        let category_fields = category_name.as_ref().and_then(|c| known.categories.get(&lower(c)));
        let category = match &category_name {
            None => {
                refs.error(col(Column::Category), "is required".into());
                None
            }
            Some(c) => refs.resolve(
                c,
                col(Column::Category),
                category_fields.map(|(id, _)| *id),
                NewRef::Category(c.clone()),
                "category",
            ),
        };
        let model = match (&model_name, &category) {
            (Some(m), Some(category)) => refs.resolve(
                m,
                col(Column::Model),
                known.models.get(&lower(m)).copied(),
                NewRef::Model(m.clone(), manufacturer.clone(), Box::new(category.clone())),
                "model",
            ),
            _ => None,
        };
        let location = location_name.as_ref().and_then(|l| {
            let path = location_path(l);
            let existing = known.locations.get(&lower(&path.join(" › "))).copied().flatten();
            if existing.is_none() && path.len() > 3 {
                refs.error(col(Column::Location), format!("'{l}' is deeper than site › building › room"));
                return None;
            }
            if existing.is_none() && path.len() == 1 && known.locations.get(&lower(l)) == Some(&None) {
                refs.error(
                    col(Column::Location),
                    format!("'{l}' names several locations; write its full path, e.g. Site › Building › {l}"),
                );
                return None;
            }
            refs.resolve(l, col(Column::Location), existing, NewRef::Location(path), "location")
        });
        let supplier = supplier_name.as_ref().and_then(|s| {
            refs.resolve(
                s,
                col(Column::Supplier),
                known.suppliers.get(&lower(s)).copied(),
                NewRef::Supplier(s.clone()),
                "supplier",
            )
        });
        let person = assignee.as_ref().and_then(|a| {
            if known.people.get(&lower(a)) == Some(&None) {
                refs.error(
                    col(Column::AssignedTo),
                    format!("'{a}' matches several people; use their email or employee number"),
                );
                return None;
            }
            refs.resolve(
                a,
                col(Column::AssignedTo),
                known.people.get(&lower(a)).copied().flatten(),
                NewRef::Person(a.clone()),
                "person",
            )
        });
        let status = match &status_text {
            None if person.is_some() => Some(AssetStatus::Deployed),
            None => Some(AssetStatus::Deployable),
            Some(s) => AssetStatus::parse(s).or_else(|| {
                refs.error(
                    col(Column::Status),
                    format!("unknown status '{s}' (use pending, deployable, deployed, in repair, retired, lost/stolen or disposed)"),
                );
                None
            }),
        };
        // Unmapped columns that name one of the category's custom fields fill it.
        let defs: &[FieldDefinition] = category_fields.map(|(_, f)| f.as_slice()).unwrap_or(&[]);
        let mut custom_fields = std::collections::BTreeMap::new();
        for &i in &extra {
            if let Some(def) = defs.iter().find(|d| header_key(&d.name) == header_key(&header_text[i])) {
                used_extra.insert(i);
                let value = String::from_utf8_lossy(&record[i]).trim().to_string();
                if !value.is_empty() {
                    custom_fields.insert(def.name.clone(), value);
                }
            }
        }
        let input = AssetInput {
            tag: tag.clone(),
            serial,
            name,
            model_id: None,
            // Ids are resolved at commit; a placeholder satisfies the required check.
            category_id: category_name.as_ref().map(|_| 0),
            location_id: None,
            status,
            status_label_id: None,
            assigned_to: None,
            purchase_date,
            purchase_cost,
            purchase_currency: currency,
            supplier_id: None,
            order_reference,
            warranty_end,
            notes,
            custom_fields,
        };
        let validated = assets::validate_input(&input, Some(defs), &known.default_currency);
        if let Err(field_errors) = &validated {
            for e in field_errors {
                let column = field_column(&e.field)
                    .and_then(col)
                    .map(str::to_string)
                    .or_else(|| e.field.strip_prefix("customFields.").map(str::to_string));
                row_errors.push(ImportError { line, column, message: e.message.clone() });
            }
        }
        if let Some(tag) = &tag {
            let key = tag.to_lowercase();
            if let Some(first) = tags_in_file.get(&key) {
                row_errors.push(plan_error(line, col(Column::Tag), format!("tag {tag} is also on line {first}")));
            } else {
                tags_in_file.insert(key, line);
                if tag_exists.exists([tag])? {
                    row_errors.push(plan_error(
                        line,
                        col(Column::Tag),
                        format!("tag {tag} is already in the register"),
                    ));
                }
            }
        }
        match (validated, category) {
            (Ok(asset), Some(category)) if row_errors.is_empty() => {
                rows.push(PlannedRow { asset, category, model, location, supplier, person });
            }
            _ => report.errors.extend(row_errors),
        }
        // A file with thousands of errors is the wrong file; stop listing after many.
        if report.errors.len() >= 1000 {
            report.errors.push(plan_error(line, None, "too many errors; stopped checking here".into()));
            break;
        }
    }
    if report.rows == 0 && report.errors.is_empty() {
        report.errors.push(plan_error(2, None, "the file has a header but no rows".into()));
    }
    report.ignored_columns =
        extra.iter().filter(|i| !used_extra.contains(i)).map(|&i| header_text[i].clone()).collect();
    report.will_create = new_refs.iter().map(NewRef::describe).collect();
    Ok(ImportPlan { report, rows, new_refs, source: source.into() })
}

/// Resolves one row's references, collecting its errors and what it would create.
struct RowRefs<'a> {
    line: u64,
    create_missing: bool,
    new_refs: &'a mut BTreeSet<NewRef>,
    errors: &'a mut Vec<ImportError>,
}

impl RowRefs<'_> {
    fn error(&mut self, column: Option<&str>, message: String) {
        self.errors.push(ImportError { line: self.line, column: column.map(str::to_string), message });
    }

    fn resolve(
        &mut self,
        value: &str,
        column: Option<&str>,
        existing: Option<i64>,
        new: NewRef,
        what: &str,
    ) -> Option<Ref> {
        match existing {
            Some(id) => Some(Ref::Existing(id)),
            None if self.create_missing => {
                self.new_refs.insert(new.clone());
                Some(Ref::New(new))
            }
            None => {
                self.error(
                    column,
                    format!("unknown {what} '{value}' (create it first, or import with \"create missing\")"),
                );
                None
            }
        }
    }
}

fn field_column(field: &str) -> Option<Column> {
    Some(match field {
        "tag" => Column::Tag,
        "serial" => Column::Serial,
        "name" => Column::Name,
        "categoryId" => Column::Category,
        "purchaseDate" => Column::PurchaseDate,
        "purchaseCost" => Column::PurchaseCost,
        "purchaseCurrency" => Column::Currency,
        "orderReference" => Column::OrderReference,
        "warrantyEnd" => Column::WarrantyEnd,
        "notes" => Column::Notes,
        _ => return None,
    })
}

/// Progress of a commit: called every few hundred rows with (done, total); returning
/// false cancels, which rolls the whole import back.
pub type Progress<'a> = &'a mut dyn FnMut(u32, u32) -> bool;

/// Writes a plan with no errors: creates the missing reference data, then every asset
/// with an "imported" event. Runs in the caller's transaction, so it is all or nothing.
pub fn commit(tx: &Transaction, change: &Change, plan: &ImportPlan, progress: Progress) -> Result<u32> {
    if !plan.report.errors.is_empty() {
        return Err(Error::Import(format!(
            "the file has {} error(s); fix them and check it again before importing",
            plan.report.errors.len()
        )));
    }
    let mut created: HashMap<NewRef, i64> = HashMap::new();
    for new in &plan.new_refs {
        let id = create_ref(tx, change, new, &mut created)?;
        created.insert(new.clone(), id);
    }
    let id_of = |r: &Ref| match r {
        Ref::Existing(id) => *id,
        Ref::New(new) => created[new],
    };
    let total = plan.rows.len() as u32;
    let source = serde_json::Value::String(plan.source.clone());
    for (i, row) in plan.rows.iter().enumerate() {
        let mut asset = row.asset.clone();
        asset.category_id = id_of(&row.category);
        asset.model_id = row.model.as_ref().map(id_of);
        asset.location_id = row.location.as_ref().map(id_of);
        asset.supplier_id = row.supplier.as_ref().map(id_of);
        asset.assigned_to = row.person.as_ref().map(id_of);
        let id = assets::insert(tx, change, &asset)?;
        // The event records what was written, built from the row already in memory
        // rather than read back, which keeps a large import fast.
        let mut after = serde_json::to_value(&asset).expect("asset serializes");
        after["source"] = source.clone();
        if asset.tag.is_none() {
            let tag: String =
                tx.prepare_cached("SELECT tag FROM assets WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
            after["tag"] = tag.into();
        }
        events::append(tx, change, "asset", id, "imported", None, Some(&after))?;
        let done = i as u32 + 1;
        if (done.is_multiple_of(500) || done == total) && !progress(done, total) {
            return Err(Error::Cancelled);
        }
    }
    Ok(total)
}

fn create_ref(tx: &Transaction, change: &Change, new: &NewRef, created: &mut HashMap<NewRef, i64>) -> Result<i64> {
    match new {
        NewRef::Category(name) => reference::create_category(tx, change, name, &[]),
        NewRef::Supplier(name) => reference::create_supplier(tx, change, name, None, None, None),
        NewRef::Person(name) => {
            let email = name.contains('@').then(|| name.clone());
            let person =
                reference::Person { id: 0, name: name.clone(), email, department: None, employee_number: None };
            reference::create_person(tx, change, &person)
        }
        NewRef::Model(name, manufacturer, category) => {
            let manufacturer_id = match manufacturer {
                Some(m) => Some(reference::create_manufacturer(tx, change, m)?),
                None => None,
            };
            let category_id = match category.as_ref() {
                Ref::Existing(id) => *id,
                Ref::New(c) => match created.get(c) {
                    Some(id) => *id,
                    None => {
                        let id = create_ref(tx, change, c, created)?;
                        created.insert(c.clone(), id);
                        id
                    }
                },
            };
            reference::create_model(tx, change, name, manufacturer_id, Some(category_id), None)
        }
        NewRef::Location(path) => {
            // Walk down the path, creating each level that is missing.
            let mut parent: Option<i64> = None;
            for name in path {
                let existing: Option<i64> = tx
                    .prepare_cached("SELECT id FROM locations WHERE parent_id IS ?1 AND name = ?2 COLLATE NOCASE")?
                    .query_row(rusqlite::params![parent, name], |r| r.get(0))
                    .ok();
                parent = Some(match existing {
                    Some(id) => id,
                    None => reference::create_location(tx, change, parent, name)?,
                });
            }
            parent.ok_or_else(|| Error::Import("empty location path".into()))
        }
    }
}
