//! What labels and reports print, read from the database: label templates (the built-in
//! ones, plus custom ones saved here), the user's label preferences, the label data of
//! a selection, and the register report's rows. Layout and rendering are
//! `tagledger_print`'s; this module only gathers plain data for it.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use tagledger_print::labels::{built_in_templates, LabelData, LabelFields, LabelOptions, LabelTemplate};
use tagledger_print::reports::register::{RegisterReport, RegisterRow};
use ts_rs::TS;

use crate::register::{self, AssetFilter, AssetRow};
use crate::settings::{get, put};
use crate::validate::Checks;
use crate::{events, reference, settings, Change, Error, Result};

/// The most labels one batch may hold: more is a mistake (a filter left too wide), and
/// would make a PDF nobody can print in one go.
pub const MAX_LABELS: usize = 10_000;
/// The most assets one register report may list.
pub const MAX_REPORT_ROWS: usize = 50_000;

/// Label preferences kept between print runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelSettings {
    /// The template used last (its key).
    pub template: String,
    /// Empty for "the QR code holds the tag", or a URL with `{tag}`.
    pub qr_pattern: String,
    /// A Zebra printer's "host" or "host:port", for ZPL sent over the network.
    pub printer_address: String,
}

pub fn label_settings(conn: &Connection) -> Result<LabelSettings> {
    Ok(LabelSettings {
        template: get(conn, "label_template")?.unwrap_or_else(|| "avery-l7160".into()),
        qr_pattern: get(conn, "label_qr_pattern")?.unwrap_or_default(),
        printer_address: get(conn, "label_printer_address")?.unwrap_or_default(),
    })
}

pub fn save_label_settings(tx: &Transaction, change: &Change, new: &LabelSettings) -> Result<LabelSettings> {
    let mut checks = Checks::default();
    let qr_pattern = checks.optional_text("qrPattern", Some(&new.qr_pattern)).unwrap_or_default();
    if !qr_pattern.is_empty() && !qr_pattern.contains("{tag}") {
        checks.push("qrPattern", "must contain {tag} where the asset tag goes");
    }
    if qr_pattern.chars().count() > 200 {
        checks.push("qrPattern", "use at most 200 characters: a long URL makes a dense QR code");
    }
    let printer_address = checks.optional_text("printerAddress", Some(&new.printer_address)).unwrap_or_default();
    if printer_address.contains(char::is_whitespace) {
        checks.push("printerAddress", "a printer address is a host name or IP address, with an optional :port");
    }
    checks.into_result()?;
    // The template must exist (it is chosen from a list, but the list may have changed).
    template(tx, &new.template)?;
    let before = label_settings(tx)?;
    let after = LabelSettings { template: new.template.clone(), qr_pattern, printer_address };
    if after == before {
        return Ok(after);
    }
    put(tx, "label_template", &after.template)?;
    put(tx, "label_qr_pattern", &after.qr_pattern)?;
    put(tx, "label_printer_address", &after.printer_address)?;
    let json = |s: &LabelSettings| serde_json::to_value(s).expect("settings serialize");
    events::append(tx, change, "settings", 0, "labels_updated", Some(&json(&before)), Some(&json(&after)))?;
    Ok(after)
}

/// Every template: the built-in ones (with the fields the user chose for them) first,
/// then custom ones by name.
pub fn templates(conn: &Connection) -> Result<Vec<LabelTemplate>> {
    let mut all = Vec::new();
    for mut t in built_in_templates() {
        if let Some(fields) = get(conn, &fields_key(&t.key))?.and_then(|j| serde_json::from_str(&j).ok()) {
            t.fields = fields;
        }
        all.push(t);
    }
    let mut stmt = conn.prepare_cached(&format!("SELECT {TEMPLATE_COLUMNS} FROM label_templates ORDER BY name"))?;
    let custom = stmt.query_map([], custom_template)?.collect::<rusqlite::Result<Vec<_>>>()?;
    all.extend(custom);
    Ok(all)
}

/// A template by key or name (case-insensitive).
pub fn template(conn: &Connection, key_or_name: &str) -> Result<LabelTemplate> {
    let all = templates(conn)?;
    let known = all.iter().map(|t| t.key.as_str()).collect::<Vec<_>>().join(", ");
    all.iter()
        .find(|t| t.key.eq_ignore_ascii_case(key_or_name) || t.name.eq_ignore_ascii_case(key_or_name))
        .cloned()
        .ok_or_else(|| tagledger_print::Error::UnknownTemplate { name: key_or_name.to_string(), known }.into())
}

fn fields_key(template_key: &str) -> String {
    format!("label_fields.{template_key}")
}

const TEMPLATE_COLUMNS: &str = "key, name, page_width_um, page_height_um, columns, rows, margin_left_um,
    margin_top_um, pitch_x_um, pitch_y_um, label_width_um, label_height_um, thermal, dpi, fields";

fn custom_template(r: &rusqlite::Row) -> rusqlite::Result<LabelTemplate> {
    let mm = |i: usize| -> rusqlite::Result<f32> { Ok(r.get::<_, i64>(i)? as f32 / 1000.0) };
    let fields: String = r.get(14)?;
    Ok(LabelTemplate {
        key: r.get(0)?,
        name: r.get(1)?,
        page_width_mm: mm(2)?,
        page_height_mm: mm(3)?,
        columns: r.get(4)?,
        rows: r.get(5)?,
        margin_left_mm: mm(6)?,
        margin_top_mm: mm(7)?,
        pitch_x_mm: mm(8)?,
        pitch_y_mm: mm(9)?,
        label_width_mm: mm(10)?,
        label_height_mm: mm(11)?,
        thermal: r.get(12)?,
        dpi: r.get(13)?,
        fields: serde_json::from_str(&fields).unwrap_or(LabelFields::ALL),
        built_in: false,
    })
}

/// Saves a template. For a built-in template only the choice of fields is kept (its
/// geometry is the manufacturer's); a custom one is validated whole and created, or
/// updated when `key` names an existing custom template.
pub fn save_template(tx: &Transaction, change: &Change, new: &LabelTemplate) -> Result<LabelTemplate> {
    let built_ins = built_in_templates();
    if let Some(built_in) = built_ins.iter().find(|t| t.key == new.key) {
        let before = template(tx, &new.key)?;
        put(tx, &fields_key(&new.key), &serde_json::to_string(&new.fields).expect("fields serialize"))?;
        let after = LabelTemplate { fields: new.fields, ..built_in.clone() };
        let json = |t: &LabelTemplate| serde_json::to_value(t.fields).expect("fields serialize");
        events::append(tx, change, "label_template", 0, "fields_updated", Some(&json(&before)), Some(&json(&after)))?;
        return Ok(after);
    }
    let mut checks = Checks::default();
    let name = checks.required_text("name", &new.name);
    checks.into_result()?;
    if built_ins.iter().any(|t| t.name.eq_ignore_ascii_case(&name) || t.key.eq_ignore_ascii_case(&name)) {
        return Err(Error::Conflict {
            field: Some("name".into()),
            message: format!("\"{name}\" is a built-in template's name"),
        });
    }
    let mut template = LabelTemplate { name: name.clone(), built_in: false, ..new.clone() };
    template.validate()?;
    let exists =
        !new.key.is_empty() && tx.prepare_cached("SELECT 1 FROM label_templates WHERE key = ?1")?.exists([&new.key])?;
    let clash: Option<String> = tx
        .prepare_cached("SELECT key FROM label_templates WHERE name = ?1 AND key <> ?2")?
        .query_row(params![name, new.key], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(Error::Conflict {
            field: Some("name".into()),
            message: format!("a template called \"{name}\" exists"),
        });
    }
    let before = if exists { Some(self::template(tx, &new.key)?) } else { None };
    if !exists {
        template.key = unique_key(tx, &name)?;
    }
    let um = |mm: f32| (f64::from(mm) * 1000.0).round() as i64;
    // One statement creates or updates (by key); the id is the event's subject.
    let id: i64 = tx
        .prepare_cached(&format!(
            "INSERT INTO label_templates ({TEMPLATE_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (key) DO UPDATE SET name = excluded.name, page_width_um = excluded.page_width_um,
                 page_height_um = excluded.page_height_um, columns = excluded.columns, rows = excluded.rows,
                 margin_left_um = excluded.margin_left_um, margin_top_um = excluded.margin_top_um,
                 pitch_x_um = excluded.pitch_x_um, pitch_y_um = excluded.pitch_y_um,
                 label_width_um = excluded.label_width_um, label_height_um = excluded.label_height_um,
                 thermal = excluded.thermal, dpi = excluded.dpi, fields = excluded.fields
             RETURNING id"
        ))?
        .query_row(
            params![
                template.key,
                template.name,
                um(template.page_width_mm),
                um(template.page_height_mm),
                template.columns,
                template.rows,
                um(template.margin_left_mm),
                um(template.margin_top_mm),
                um(template.pitch_x_mm),
                um(template.pitch_y_mm),
                um(template.label_width_mm),
                um(template.label_height_mm),
                template.thermal,
                template.dpi,
                serde_json::to_string(&template.fields).expect("fields serialize"),
            ],
            |r| r.get(0),
        )?;
    let action = if exists { "updated" } else { "created" };
    let after = self::template(tx, &template.key)?;
    let json = |t: &LabelTemplate| serde_json::to_value(t).expect("template serializes");
    events::append(tx, change, "label_template", id, action, before.as_ref().map(json).as_ref(), Some(&json(&after)))?;
    Ok(after)
}

/// "My 4×6 labels" → "custom-my-4-6-labels", numbered when taken.
fn unique_key(conn: &Connection, name: &str) -> Result<String> {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = format!("custom-{}", if slug.is_empty() { "template" } else { &slug });
    let mut key = base.clone();
    let mut n = 1;
    while conn.prepare_cached("SELECT 1 FROM label_templates WHERE key = ?1")?.exists([&key])? {
        n += 1;
        key = format!("{base}-{n}");
    }
    Ok(key)
}

/// Deletes a custom template; built-in ones stay.
pub fn delete_template(tx: &Transaction, change: &Change, key: &str) -> Result<()> {
    if built_in_templates().iter().any(|t| t.key == key) {
        return Err(Error::Conflict { field: None, message: "built-in templates cannot be deleted".into() });
    }
    let before = template(tx, key)?;
    let id: i64 = tx.prepare_cached("SELECT id FROM label_templates WHERE key = ?1")?.query_row([key], |r| r.get(0))?;
    tx.prepare_cached("DELETE FROM label_templates WHERE id = ?1")?.execute([id])?;
    let json = serde_json::to_value(&before).expect("template serializes");
    events::append(tx, change, "label_template", id, "deleted", Some(&json), None)?;
    Ok(())
}

fn label_of(row: AssetRow) -> LabelData {
    LabelData { tag: row.tag, name: row.name }
}

/// Label data for selected assets, in the order given.
pub fn labels_for_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<LabelData>> {
    if ids.len() > MAX_LABELS {
        return Err(too_many_labels(ids.len()));
    }
    Ok(register::rows_by_id(conn, ids)?.into_iter().map(label_of).collect())
}

/// Label data for every asset matching a filter, in tag order.
pub fn labels_for_filter(conn: &Connection, filter: &AssetFilter) -> Result<Vec<LabelData>> {
    match register::rows_in_tag_order(conn, filter, MAX_LABELS)? {
        Some(rows) => Ok(rows.into_iter().map(label_of).collect()),
        None => Err(too_many_labels(register::count(conn, filter)? as usize)),
    }
}

fn too_many_labels(n: usize) -> Error {
    Error::invalid(
        "selection",
        format!(
            "{n} assets is more than the {MAX_LABELS} labels one print run takes; narrow the filter or select fewer"
        ),
    )
}

/// The register report's data for a filter: every matching asset in tag order.
pub fn register_report(conn: &Connection, filter: &AssetFilter, generated_at: String) -> Result<RegisterReport> {
    let rows = match register::rows_in_tag_order(conn, filter, MAX_REPORT_ROWS)? {
        Some(rows) => rows,
        None => {
            let n = register::count(conn, filter)?;
            return Err(Error::invalid(
                "filter",
                format!("{n} assets is more than the {MAX_REPORT_ROWS} one register report lists; narrow the filter"),
            ));
        }
    };
    register_report_of(conn, rows, describe_filter(conn, filter)?, generated_at)
}

/// The register report's data for rows already fetched (the benchmark's fixed 10,000).
pub fn register_report_of(
    conn: &Connection,
    rows: Vec<AssetRow>,
    filters: Vec<(String, String)>,
    generated_at: String,
) -> Result<RegisterReport> {
    Ok(RegisterReport {
        organisation: settings::load(conn)?.organisation_name,
        generated_at,
        filters,
        rows: rows
            .into_iter()
            .map(|r| RegisterRow {
                tag: r.tag,
                name: r.name,
                model: r.model_name,
                category: r.category_name,
                location: r.location_name,
                status: r.status.label().into(),
                assignee: r.assigned_to_name.unwrap_or_default(),
                cost: r.purchase_cost.map(|m| (m.minor, m.currency)),
            })
            .collect(),
    })
}

/// A filter in words, for a report's header: ("Location", "London HQ › North Tower").
pub fn describe_filter(conn: &Connection, filter: &AssetFilter) -> Result<Vec<(String, String)>> {
    let name = |sql: &str, id: i64, what: &str| -> Result<String> {
        conn.prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found(format!("{what} {id}")))
    };
    let mut out = Vec::new();
    if let Some(id) = filter.category_id {
        out.push(("Category".into(), name("SELECT name FROM categories WHERE id = ?1", id, "category")?));
    }
    if let Some(id) = filter.location_id {
        let full = reference::locations(conn)?
            .into_iter()
            .find(|l| l.id == id)
            .map(|l| l.full_name)
            .ok_or_else(|| Error::not_found(format!("location {id}")))?;
        out.push(("Location".into(), format!("{full} (and everything inside)")));
    }
    if let Some(status) = filter.status {
        out.push(("Status".into(), status.label().into()));
    }
    if let Some(id) = filter.assigned_to {
        out.push(("Assigned to".into(), name("SELECT name FROM people WHERE id = ?1", id, "person")?));
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        out.push(("Search".into(), format!("“{text}”")));
    }
    if out.is_empty() {
        out.push(("Filter".into(), "All assets".into()));
    }
    Ok(out)
}

/// A print run as the user set it up: which assets, on which template, showing what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelJob {
    /// The template's key (or name).
    pub template: String,
    /// The selected assets, in order; when empty, every asset in `filter`.
    pub ids: Vec<i64>,
    pub filter: AssetFilter,
    pub fields: LabelFields,
    pub qr_pattern: String,
    pub skip: u32,
    pub copies: u32,
}

/// Everything the print engine needs for a job.
pub struct PreparedLabels {
    pub template: LabelTemplate,
    pub options: LabelOptions,
    pub labels: Vec<LabelData>,
}

/// Gathers a job's template, options and label data from the database.
pub fn prepare(conn: &Connection, job: &LabelJob) -> Result<PreparedLabels> {
    let template = template(conn, &job.template)?;
    let labels =
        if job.ids.is_empty() { labels_for_filter(conn, &job.filter)? } else { labels_for_ids(conn, &job.ids)? };
    let options = LabelOptions {
        fields: job.fields,
        qr_pattern: job.qr_pattern.trim().to_string(),
        skip: job.skip,
        copies: job.copies,
        organisation: settings::load(conn)?.organisation_name,
    };
    Ok(PreparedLabels { template, options, labels })
}
