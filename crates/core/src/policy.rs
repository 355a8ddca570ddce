//! The inventory management policy: the workspace (responsibilities as a RACI table,
//! protocols, counting cycles, free-text sections) and the versions generated from the
//! live configuration, each kept with what changed since the previous one.
//!
//! Rules:
//! - The workspace is saved whole ([`set_workspace`]), validated, in one transaction
//!   with one event. Until it is first saved, [`workspace`] answers the defaults: the
//!   roles IT manager, Stores clerk, Service desk, Finance and Procurement, a RACI table
//!   over the six activities, protocol texts, and counting every 30/90/365 days for
//!   A/B/C items.
//! - Every activity has exactly one Accountable role and at least one Responsible one.
//! - [`snapshot`] gathers everything the policy prints from the live configuration:
//!   the goals of the categories that hold stock or have goals, classification thresholds and class counts, reorder rules per
//!   category, the suppliers with offers for each category's items with their scorecard
//!   grade over the twelve months up to the day, cost assumptions and the workspace.
//! - [`generate_version`] stores the snapshot as the next version (1, 2, …); it needs an
//!   approver and an effective date no earlier than the previous version's. A version's
//!   changes are [`changes`] between its snapshot and the previous one's: configuration
//!   only (goals, thresholds, rules, suppliers and their grades, costs, workspace), never
//!   the day's class counts, which move with demand.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::classification::{self, Abc, Thresholds};
use crate::goals::{self, Goals};
use crate::scorecard::{self, Grade, Period};
use crate::validate::Checks;
use crate::{consignment, events, reference, settings, Change, Error, Result};
use tagledger_print::reports::policy as print;

// ---- workspace ----------------------------------------------------------------------

/// What a RACI table covers, in the order the policy lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Ordering,
    Receiving,
    Issuing,
    Counting,
    Disposal,
    PolicyReview,
}

impl Activity {
    pub const ALL: [Activity; 6] = [
        Activity::Ordering,
        Activity::Receiving,
        Activity::Issuing,
        Activity::Counting,
        Activity::Disposal,
        Activity::PolicyReview,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Activity::Ordering => "ordering",
            Activity::Receiving => "receiving",
            Activity::Issuing => "issuing",
            Activity::Counting => "counting",
            Activity::Disposal => "disposal",
            Activity::PolicyReview => "policy_review",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Activity::Ordering => "Ordering",
            Activity::Receiving => "Receiving",
            Activity::Issuing => "Issuing",
            Activity::Counting => "Counting",
            Activity::Disposal => "Disposal",
            Activity::PolicyReview => "Policy review",
        }
    }

    fn from_key(key: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// A role's part in an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub enum Duty {
    R,
    A,
    C,
    I,
}

impl Duty {
    pub const ALL: [Duty; 4] = [Duty::R, Duty::A, Duty::C, Duty::I];

    pub fn letter(self) -> &'static str {
        match self {
            Duty::R => "R",
            Duty::A => "A",
            Duty::C => "C",
            Duty::I => "I",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Duty::R => "Responsible",
            Duty::A => "Accountable",
            Duty::C => "Consulted",
            Duty::I => "Informed",
        }
    }

    fn from_letter(letter: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|d| d.letter() == letter)
    }
}

/// One activity's row of the RACI table: a duty (or none) per role, in role order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RaciRow {
    pub activity: Activity,
    pub duties: Vec<Option<Duty>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProtocolKind {
    Receiving,
    Counting,
    Disposal,
    Consignment,
}

impl ProtocolKind {
    pub const ALL: [ProtocolKind; 4] =
        [ProtocolKind::Receiving, ProtocolKind::Counting, ProtocolKind::Disposal, ProtocolKind::Consignment];

    pub fn key(self) -> &'static str {
        match self {
            ProtocolKind::Receiving => "receiving",
            ProtocolKind::Counting => "counting",
            ProtocolKind::Disposal => "disposal",
            ProtocolKind::Consignment => "consignment",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProtocolKind::Receiving => "Receiving",
            ProtocolKind::Counting => "Counting",
            ProtocolKind::Disposal => "Disposal and data wiping",
            ProtocolKind::Consignment => "Consignment stock",
        }
    }

    fn from_key(key: &str) -> Option<ProtocolKind> {
        ProtocolKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Protocol {
    pub kind: ProtocolKind,
    pub text: String,
}

/// How often the items of each ABC class are counted, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountingCycles {
    pub a_days: i64,
    pub b_days: i64,
    pub c_days: i64,
}

impl Default for CountingCycles {
    fn default() -> Self {
        CountingCycles { a_days: 30, b_days: 90, c_days: 365 }
    }
}

impl CountingCycles {
    pub fn days(&self, abc: Abc) -> i64 {
        match abc {
            Abc::A => self.a_days,
            Abc::B => self.b_days,
            Abc::C => self.c_days,
        }
    }
}

/// A free-text section of the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicySection {
    pub title: String,
    pub body: String,
}

/// Everything about the policy that people write rather than the system measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyWorkspace {
    /// The RACI table's columns, in order.
    pub roles: Vec<String>,
    /// One row per activity, in [`Activity::ALL`] order.
    pub raci: Vec<RaciRow>,
    /// One per kind, in [`ProtocolKind::ALL`] order.
    pub protocols: Vec<Protocol>,
    pub counting: CountingCycles,
    pub sections: Vec<PolicySection>,
    /// False while nobody has saved the workspace: these are the defaults. Ignored on save.
    #[serde(default)]
    pub saved: bool,
}

pub const DEFAULT_ROLES: [&str; 5] = ["IT manager", "Stores clerk", "Service desk", "Finance", "Procurement"];

fn default_raci() -> Vec<RaciRow> {
    use Duty::*;
    // Columns: IT manager, Stores clerk, Service desk, Finance, Procurement.
    let table: [(Activity, [Option<Duty>; 5]); 6] = [
        (Activity::Ordering, [Some(A), Some(C), Some(I), Some(C), Some(R)]),
        (Activity::Receiving, [Some(I), Some(R), None, Some(I), Some(A)]),
        (Activity::Issuing, [Some(A), Some(R), Some(R), None, None]),
        (Activity::Counting, [Some(A), Some(R), None, Some(I), None]),
        (Activity::Disposal, [Some(A), Some(R), Some(C), Some(I), None]),
        (Activity::PolicyReview, [Some(A), Some(C), Some(C), Some(C), Some(R)]),
    ];
    table.into_iter().map(|(activity, duties)| RaciRow { activity, duties: duties.to_vec() }).collect()
}

fn default_protocol(kind: ProtocolKind) -> &'static str {
    match kind {
        ProtocolKind::Receiving => {
            "Check each delivery against its purchase order on the day it arrives: count it, inspect it for \
             damage and book it in by scanning. Reject damaged or wrong items with a reason and return them to \
             the supplier. Serialised items get an asset tag before they leave the stock room."
        }
        ProtocolKind::Counting => {
            "Count each stock room on the cycle its items' ABC class sets, shelf by shelf on a blind count \
             sheet. A variance above 5% (or any variance on an A item) is recounted by a second person before \
             it is posted."
        }
        ProtocolKind::Disposal => {
            "Stock that is damaged, obsolete or older than its category's maximum age is disposed of with the \
             reason recorded. Devices and media that held data are wiped to NIST SP 800-88 or destroyed, and \
             the certificate is kept with the disposal record, before they leave the site."
        }
        ProtocolKind::Consignment => {
            "Consignment stock belongs to the supplier until it is issued. It is scanned in and out like our \
             own stock, and the usage statement goes to the supplier every month; the supplier invoices from it."
        }
    }
}

fn default_workspace() -> PolicyWorkspace {
    PolicyWorkspace {
        roles: DEFAULT_ROLES.iter().map(|r| r.to_string()).collect(),
        raci: default_raci(),
        protocols: ProtocolKind::ALL
            .into_iter()
            .map(|kind| Protocol { kind, text: default_protocol(kind).to_string() })
            .collect(),
        counting: CountingCycles::default(),
        sections: Vec::new(),
        saved: false,
    }
}

/// The workspace as saved, or the defaults until it is first saved.
pub fn workspace(conn: &Connection) -> Result<PolicyWorkspace> {
    let saved = settings::get(conn, "policy_workspace_saved")?.is_some();
    if !saved {
        return Ok(default_workspace());
    }
    let roles: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM policy_roles ORDER BY position, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut raci: Vec<RaciRow> =
        Activity::ALL.into_iter().map(|activity| RaciRow { activity, duties: vec![None; roles.len()] }).collect();
    let mut stmt = conn.prepare_cached("SELECT activity, role_id, duty FROM policy_raci")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        let (activity, role, duty) = row?;
        let (Some(activity), Some(column)) =
            (Activity::from_key(&activity), roles.iter().position(|(id, _)| *id == role))
        else {
            continue;
        };
        raci[activity as usize].duties[column] = Duty::from_letter(&duty);
    }
    let mut protocols: Vec<Protocol> =
        ProtocolKind::ALL.into_iter().map(|kind| Protocol { kind, text: String::new() }).collect();
    let mut stmt = conn.prepare_cached("SELECT kind, body FROM policy_protocols")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (kind, body) = row?;
        if let Some(kind) = ProtocolKind::from_key(&kind) {
            protocols[kind as usize].text = body;
        }
    }
    let mut counting = CountingCycles::default();
    let mut stmt = conn.prepare_cached("SELECT abc, every_days FROM policy_counting_cycles")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        match row? {
            (abc, days) if abc == "A" => counting.a_days = days,
            (abc, days) if abc == "B" => counting.b_days = days,
            (_, days) => counting.c_days = days,
        }
    }
    let sections = conn
        .prepare_cached("SELECT title, body FROM policy_sections ORDER BY position, id")?
        .query_map([], |r| Ok(PolicySection { title: r.get(0)?, body: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(PolicyWorkspace {
        roles: roles.into_iter().map(|(_, n)| n).collect(),
        raci,
        protocols,
        counting,
        sections,
        saved,
    })
}

const MAX_ROLES: usize = 12;
const MAX_SECTIONS: usize = 50;

/// Checks a workspace as typed; returns it trimmed, rows in canonical order.
pub fn validate_workspace(input: &PolicyWorkspace) -> Result<PolicyWorkspace> {
    let mut checks = Checks::default();
    let mut roles = Vec::new();
    if input.roles.is_empty() {
        checks.push("roles", "name at least one role");
    } else if input.roles.len() > MAX_ROLES {
        checks.push("roles", format!("at most {MAX_ROLES} roles"));
    }
    let mut seen = BTreeSet::new();
    for (i, role) in input.roles.iter().enumerate() {
        let field = format!("roles.{i}");
        let name = checks.required_text(&field, role);
        if !name.is_empty() && !seen.insert(name.to_lowercase()) {
            checks.push(&field, format!("{name} is listed twice"));
        }
        roles.push(name);
    }
    let mut raci = Vec::new();
    for activity in Activity::ALL {
        let field = format!("raci.{}", activity.key());
        let rows: Vec<&RaciRow> = input.raci.iter().filter(|r| r.activity == activity).collect();
        let Some(row) = rows.first() else {
            checks.push(&field, format!("{} has no row in the table", activity.label()));
            continue;
        };
        if rows.len() > 1 {
            checks.push(&field, format!("{} has more than one row", activity.label()));
        }
        if row.duties.len() != roles.len() {
            checks.push(&field, format!("has {} cells for {} roles", row.duties.len(), roles.len()));
            continue;
        }
        let accountable = row.duties.iter().filter(|d| **d == Some(Duty::A)).count();
        if accountable != 1 {
            checks.push(&field, format!("{} needs exactly one Accountable role (has {accountable})", activity.label()));
        }
        if !row.duties.contains(&Some(Duty::R)) {
            checks.push(&field, format!("{} needs at least one Responsible role", activity.label()));
        }
        raci.push(RaciRow { activity, duties: row.duties.clone() });
    }
    let mut protocols = Vec::new();
    for kind in ProtocolKind::ALL {
        let field = format!("protocols.{}", kind.key());
        let text = input.protocols.iter().find(|p| p.kind == kind).map(|p| p.text.as_str()).unwrap_or("");
        protocols.push(Protocol { kind, text: checks.long_text(&field, text) });
    }
    for (field, days) in [
        ("counting.aDays", input.counting.a_days),
        ("counting.bDays", input.counting.b_days),
        ("counting.cDays", input.counting.c_days),
    ] {
        if !(1..=730).contains(&days) {
            checks.push(field, "must be between 1 and 730 days");
        }
    }
    if input.sections.len() > MAX_SECTIONS {
        checks.push("sections", format!("at most {MAX_SECTIONS} sections"));
    }
    let mut sections = Vec::new();
    let mut titles = BTreeSet::new();
    for (i, section) in input.sections.iter().enumerate() {
        let title = checks.required_text(&format!("sections.{i}.title"), &section.title);
        if !title.is_empty() && !titles.insert(title.to_lowercase()) {
            checks.push(&format!("sections.{i}.title"), format!("another section is called {title}"));
        }
        let body = checks.long_text(&format!("sections.{i}.body"), &section.body);
        sections.push(PolicySection { title, body });
    }
    checks.into_result()?;
    Ok(PolicyWorkspace { roles, raci, protocols, counting: input.counting, sections, saved: true })
}

/// Replaces the workspace with `input`, validated; one event records before and after.
pub fn set_workspace(tx: &Transaction, change: &Change, input: &PolicyWorkspace) -> Result<PolicyWorkspace> {
    let new = validate_workspace(input)?;
    let before = workspace(tx)?;
    tx.execute_batch(
        "DELETE FROM policy_raci; DELETE FROM policy_roles; DELETE FROM policy_protocols;
         DELETE FROM policy_counting_cycles; DELETE FROM policy_sections;",
    )?;
    let mut ids = Vec::new();
    for (position, name) in new.roles.iter().enumerate() {
        tx.prepare_cached("INSERT INTO policy_roles (position, name) VALUES (?1, ?2)")?
            .execute(params![position as i64, name])?;
        ids.push(tx.last_insert_rowid());
    }
    for row in &new.raci {
        for (column, duty) in row.duties.iter().enumerate() {
            if let Some(duty) = duty {
                tx.prepare_cached("INSERT INTO policy_raci (activity, role_id, duty) VALUES (?1, ?2, ?3)")?
                    .execute(params![row.activity.key(), ids[column], duty.letter()])?;
            }
        }
    }
    for p in &new.protocols {
        tx.prepare_cached("INSERT INTO policy_protocols (kind, body) VALUES (?1, ?2)")?
            .execute(params![p.kind.key(), p.text])?;
    }
    for abc in Abc::ALL {
        tx.prepare_cached("INSERT INTO policy_counting_cycles (abc, every_days) VALUES (?1, ?2)")?
            .execute(params![format!("{abc:?}"), new.counting.days(abc)])?;
    }
    for (position, s) in new.sections.iter().enumerate() {
        tx.prepare_cached("INSERT INTO policy_sections (position, title, body) VALUES (?1, ?2, ?3)")?
            .execute(params![position as i64, s.title, s.body])?;
    }
    settings::put(tx, "policy_workspace_saved", "1")?;
    let after = workspace(tx)?;
    if after != before {
        let json = |w: &PolicyWorkspace| serde_json::to_value(w).expect("workspace serializes");
        events::append(tx, change, "policy_workspace", 0, "updated", Some(&json(&before)), Some(&json(&after)))?;
    }
    Ok(after)
}

// ---- snapshot -----------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyCategory {
    pub name: String,
    pub goals: Goals,
}

/// How many items each class holds on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClassCounts {
    pub a: i64,
    pub b: i64,
    pub c: i64,
    /// Items with demand but no price, or no demand at all.
    pub unclassified: i64,
}

/// The reorder rules of one category's items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryReorder {
    pub category: String,
    pub items: i64,
    /// Items with a reorder rule at one location or more.
    pub items_with_rules: i64,
    pub rules: i64,
    pub min_service_level_bp: Option<i64>,
    pub max_service_level_bp: Option<i64>,
}

/// A supplier with offers for a category's items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovedSupplier {
    pub category: String,
    pub supplier: String,
    pub items_offered: i64,
    /// Items this supplier is the preferred one for.
    pub preferred_items: i64,
    /// Over the twelve months up to the snapshot; `None` with no lines due.
    pub grade: Option<Grade>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NamedRate {
    pub name: String,
    pub holding_rate_bp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorageCost {
    pub location: String,
    pub monthly_minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostAssumptions {
    /// Yearly holding rate of stock value where a category has none of its own.
    pub holding_rate_bp: i64,
    pub category_rates: Vec<NamedRate>,
    pub storage: Vec<StorageCost>,
}

/// Everything the policy prints, taken from the live configuration on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicySnapshot {
    pub organisation: String,
    pub as_of: NaiveDate,
    pub categories: Vec<PolicyCategory>,
    pub thresholds: Thresholds,
    pub classes: ClassCounts,
    pub reorder: Vec<CategoryReorder>,
    pub suppliers: Vec<ApprovedSupplier>,
    pub costs: CostAssumptions,
    pub workspace: PolicyWorkspace,
}

pub const DEFAULT_HOLDING_RATE_BP: i64 = 2500;
const UNCATEGORISED: &str = "Uncategorised";

/// The live configuration as the policy would print it on `as_of`.
pub fn snapshot(conn: &Connection, as_of: NaiveDate) -> Result<PolicySnapshot> {
    let organisation = settings::load(conn)?.organisation_name;
    // Categories that hold stock or have goals: a stock-capable category nothing is
    // stocked in and nobody set goals for says nothing in a policy.
    let stocked: BTreeSet<i64> = conn
        .prepare_cached("SELECT DISTINCT category_id FROM stock_items WHERE category_id IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let categories = goals::category_goals(conn)?
        .into_iter()
        .filter(|c| stocked.contains(&c.category_id) || c.goals != Goals::default())
        .map(|c| PolicyCategory { name: c.category_name, goals: c.goals })
        .collect();
    let classification = classification::classify(conn, as_of)?;
    let count = |abc: Abc| classification.items.iter().filter(|i| i.abc == abc).count() as i64;
    let classes = ClassCounts {
        a: count(Abc::A),
        b: count(Abc::B),
        c: count(Abc::C),
        unclassified: (classification.unpriced.len() + classification.no_demand.len()) as i64,
    };

    let reorder = conn
        .prepare_cached(
            "SELECT ifnull(c.name, ?1), count(DISTINCT i.id), count(DISTINCT r.item_id), count(r.item_id),
                    min(r.service_level_bp), max(r.service_level_bp)
             FROM stock_items i
             LEFT JOIN categories c ON c.id = i.category_id
             LEFT JOIN reorder_settings r ON r.item_id = i.id
             GROUP BY c.id ORDER BY c.id IS NULL, c.name",
        )?
        .query_map([UNCATEGORISED], |r| {
            Ok(CategoryReorder {
                category: r.get(0)?,
                items: r.get(1)?,
                items_with_rules: r.get(2)?,
                rules: r.get(3)?,
                min_service_level_bp: r.get(4)?,
                max_service_level_bp: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let from = as_of.checked_sub_months(Months::new(12)).and_then(|d| d.succ_opt()).unwrap_or(as_of);
    let cards: BTreeMap<i64, (Option<Grade>, Option<f64>)> =
        scorecard::scorecards(conn, Period::new(from, as_of), as_of)?
            .into_iter()
            .map(|s| (s.supplier_id, (s.grade, s.score)))
            .collect();
    let suppliers = conn
        .prepare_cached(
            "SELECT ifnull(c.name, ?1), s.id, s.name, count(*), sum(o.preferred)
             FROM supplier_offers o
             JOIN stock_items i ON i.id = o.item_id
             JOIN suppliers s ON s.id = o.supplier_id
             LEFT JOIN categories c ON c.id = i.category_id
             GROUP BY c.id, s.id ORDER BY c.id IS NULL, c.name, s.name",
        )?
        .query_map([UNCATEGORISED], |r| {
            let supplier: i64 = r.get(1)?;
            let (grade, score) = cards.get(&supplier).copied().unwrap_or((None, None));
            Ok(ApprovedSupplier {
                category: r.get(0)?,
                supplier: r.get(2)?,
                items_offered: r.get(3)?,
                preferred_items: r.get(4)?,
                grade,
                score,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let holding_rate_bp =
        settings::get(conn, "holding_rate_bp")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_HOLDING_RATE_BP);
    let category_rates = conn
        .prepare_cached(
            "SELECT c.name, r.holding_rate_bp FROM category_cost_rates r JOIN categories c ON c.id = r.category_id
             ORDER BY c.name",
        )?
        .query_map([], |r| Ok(NamedRate { name: r.get(0)?, holding_rate_bp: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let rows: Vec<(i64, i64, String)> = conn
        .prepare_cached("SELECT location_id, monthly_minor, currency FROM location_storage_costs")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut storage = Vec::new();
    for (location, monthly_minor, currency) in rows {
        storage.push(StorageCost { location: reference::location_full_name(conn, location)?, monthly_minor, currency });
    }
    storage.sort_by(|a, b| a.location.cmp(&b.location));

    Ok(PolicySnapshot {
        organisation,
        as_of,
        categories,
        thresholds: classification.thresholds,
        classes,
        reorder,
        suppliers,
        costs: CostAssumptions { holding_rate_bp, category_rates, storage },
        workspace: workspace(conn)?,
    })
}

// ---- versions -----------------------------------------------------------------------

/// One thing that changed between two versions, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyChange {
    /// "Goals", "Responsibilities", "Sections", …
    pub area: String,
    /// "Toner & ink: max stockouts per quarter 2 → 1".
    pub text: String,
}

impl std::fmt::Display for PolicyChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {}", self.area, self.text)
    }
}

/// A generated version, with what changed since the one before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyVersion {
    pub id: i64,
    pub version: i64,
    pub effective_date: NaiveDate,
    pub approver: String,
    /// "2026-11-25 14:03 UTC".
    pub generated_at: String,
    pub actor: String,
    /// `None` for the first version.
    pub previous_version: Option<i64>,
    pub changes: Vec<PolicyChange>,
}

struct StoredVersion {
    id: i64,
    version: i64,
    effective_date: NaiveDate,
    approver: String,
    generated_at: String,
    actor: String,
    snapshot: PolicySnapshot,
}

fn stored_versions(conn: &Connection, up_to: Option<i64>) -> Result<Vec<StoredVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, effective_date, approver, generated_at, actor, snapshot FROM policy_versions
         WHERE ?1 IS NULL OR version <= ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([up_to], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, effective_date, approver, generated_at, actor, json) = row?;
        let snapshot = serde_json::from_str(&json)
            .map_err(|e| Error::Corrupt(format!("policy version {version} cannot be read: {e}")))?;
        out.push(StoredVersion { id, version, effective_date, approver, generated_at, actor, snapshot });
    }
    Ok(out)
}

fn with_changes(previous: Option<&StoredVersion>, v: &StoredVersion) -> PolicyVersion {
    PolicyVersion {
        id: v.id,
        version: v.version,
        effective_date: v.effective_date,
        approver: v.approver.clone(),
        generated_at: v.generated_at.clone(),
        actor: v.actor.clone(),
        previous_version: previous.map(|p| p.version),
        changes: previous.map(|p| changes(&p.snapshot, &v.snapshot)).unwrap_or_default(),
    }
}

/// Every version, newest first, each with its changes.
pub fn versions(conn: &Connection) -> Result<Vec<PolicyVersion>> {
    let stored = stored_versions(conn, None)?;
    let mut out: Vec<PolicyVersion> =
        stored.iter().enumerate().map(|(i, v)| with_changes(i.checked_sub(1).map(|p| &stored[p]), v)).collect();
    out.reverse();
    Ok(out)
}

fn version_number(conn: &Connection, id: i64) -> Result<i64> {
    conn.prepare_cached("SELECT version FROM policy_versions WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("policy version {id}")))
}

/// A version and its snapshot, with the one before it for its changes.
fn stored_pair(conn: &Connection, id: i64) -> Result<(Option<StoredVersion>, StoredVersion)> {
    let number = version_number(conn, id)?;
    let mut stored = stored_versions(conn, Some(number))?;
    let current = stored.pop().expect("the version itself is stored");
    Ok((stored.pop(), current))
}

pub fn version(conn: &Connection, id: i64) -> Result<PolicyVersion> {
    let (previous, current) = stored_pair(conn, id)?;
    Ok(with_changes(previous.as_ref(), &current))
}

/// The id of a version by its number.
pub fn version_id(conn: &Connection, version: i64) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM policy_versions WHERE version = ?1")?
        .query_row([version], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("policy version {version}")))
}

/// The newest version's id, if any version was generated.
pub fn latest_version_id(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM policy_versions ORDER BY version DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Takes today's snapshot and stores it as the next version.
pub fn generate_version(
    tx: &Transaction,
    change: &Change,
    effective_date: NaiveDate,
    approver: &str,
) -> Result<PolicyVersion> {
    let mut checks = Checks::default();
    let approver = checks.required_text("approver", approver);
    let previous: Option<(i64, NaiveDate)> = tx
        .prepare_cached("SELECT version, effective_date FROM policy_versions ORDER BY version DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((number, date)) = previous {
        if effective_date < date {
            checks.push("effectiveDate", format!("is before version {number}'s effective date ({date})"));
        }
    }
    checks.into_result()?;
    let snapshot = snapshot(tx, change.at.date_naive())?;
    let number = previous.map_or(1, |(n, _)| n + 1);
    let generated_at = change.at.format("%Y-%m-%d %H:%M UTC").to_string();
    tx.prepare_cached(
        "INSERT INTO policy_versions (version, effective_date, approver, generated_at, actor, snapshot)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        number,
        effective_date,
        approver,
        generated_at,
        change.actor,
        serde_json::to_string(&snapshot).expect("snapshot serializes")
    ])?;
    let id = tx.last_insert_rowid();
    events::append(
        tx,
        change,
        "policy_version",
        id,
        "generated",
        None,
        Some(&serde_json::json!({ "version": number, "effectiveDate": effective_date, "approver": approver })),
    )?;
    version(tx, id)
}

// ---- changes ------------------------------------------------------------------------

fn percent_bp(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{}%", bp / 100)
    } else {
        let s = format!("{:.2}", bp as f64 / 100.0);
        format!("{}%", s.trim_end_matches('0'))
    }
}

fn turns(centi: i64) -> String {
    if centi % 100 == 0 {
        format!("{}", centi / 100)
    } else {
        let s = format!("{:.2}", centi as f64 / 100.0);
        s.trim_end_matches('0').to_string()
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

fn or_none(value: Option<String>) -> String {
    value.unwrap_or_else(|| "none".to_string())
}

/// Each goal measure: its name and its value in words.
fn goal_measures(g: &Goals) -> [(&'static str, Option<String>); 6] {
    [
        ("target fill rate", g.fill_rate_bp.map(percent_bp)),
        ("max stockouts per quarter", g.max_stockouts_per_quarter.map(|n| n.to_string())),
        ("target turns a year", g.target_turns_centi.map(turns)),
        ("min days of cover", g.min_days_of_cover.map(|n| n.to_string())),
        ("max days of cover", g.max_days_of_cover.map(|n| n.to_string())),
        ("max stock age", g.max_stock_age_days.map(days)),
    ]
}

fn service_levels(r: &CategoryReorder) -> String {
    match (r.min_service_level_bp, r.max_service_level_bp) {
        (Some(lo), Some(hi)) if lo == hi => percent_bp(lo),
        (Some(lo), Some(hi)) => format!("{}–{}", percent_bp(lo), percent_bp(hi)),
        _ => "none".to_string(),
    }
}

fn money(minor: i64, currency: &str) -> String {
    format!("{} {currency}", consignment::decimal(minor, currency))
}

fn grade(g: Option<Grade>) -> String {
    g.map_or("ungraded".to_string(), |g| g.as_str().to_string())
}

/// Who holds `duty` in one RACI row, as a list of role names ("nobody" when none).
fn holders(roles: &[String], row: Option<&RaciRow>, duty: Duty) -> String {
    let names: Vec<&str> = row
        .map(|r| r.duties.iter().zip(roles).filter(|(d, _)| **d == Some(duty)).map(|(_, name)| name.as_str()).collect())
        .unwrap_or_default();
    if names.is_empty() {
        "nobody".to_string()
    } else {
        names.join(", ")
    }
}

/// What changed in the configuration from `previous` to `current`, in words, in the
/// order the policy prints its sections. The day's class counts are not compared.
pub fn changes(previous: &PolicySnapshot, current: &PolicySnapshot) -> Vec<PolicyChange> {
    let mut out = Vec::new();
    let mut push = |area: &str, text: String| out.push(PolicyChange { area: area.to_string(), text });

    // Responsibilities.
    let (pw, cw) = (&previous.workspace, &current.workspace);
    for role in &cw.roles {
        if !pw.roles.contains(role) {
            push("Responsibilities", format!("Role added: {role}"));
        }
    }
    for role in &pw.roles {
        if !cw.roles.contains(role) {
            push("Responsibilities", format!("Role removed: {role}"));
        }
    }
    for activity in Activity::ALL {
        let before = pw.raci.iter().find(|r| r.activity == activity);
        let after = cw.raci.iter().find(|r| r.activity == activity);
        for duty in Duty::ALL {
            let (b, a) = (holders(&pw.roles, before, duty), holders(&cw.roles, after, duty));
            if b != a {
                push("Responsibilities", format!("{}: {} {b} → {a}", activity.label(), duty.label()));
            }
        }
    }

    // Categories and goals.
    let goals_of = |s: &PolicySnapshot| -> BTreeMap<String, Goals> {
        s.categories.iter().map(|c| (c.name.clone(), c.goals.clone())).collect()
    };
    let (pg, cg) = (goals_of(previous), goals_of(current));
    for (name, goals) in &cg {
        let Some(before) = pg.get(name) else {
            push("Goals", format!("Category added: {name}"));
            continue;
        };
        for ((measure, b), (_, a)) in goal_measures(before).into_iter().zip(goal_measures(goals)) {
            if b != a {
                push("Goals", format!("{name}: {measure} {} → {}", or_none(b), or_none(a)));
            }
        }
    }
    for name in pg.keys().filter(|n| !cg.contains_key(*n)) {
        push("Goals", format!("Category removed: {name}"));
    }

    // Classification thresholds.
    let (pt, ct) = (&previous.thresholds, &current.thresholds);
    if pt.a_percent != ct.a_percent {
        push("Classification", format!("A class up to {}% → {}% of value", pt.a_percent, ct.a_percent));
    }
    if pt.b_percent != ct.b_percent {
        push("Classification", format!("B class up to {}% → {}% of value", pt.b_percent, ct.b_percent));
    }
    if pt.x_cv != ct.x_cv {
        push("Classification", format!("X class up to CV {} → {}", pt.x_cv, ct.x_cv));
    }
    if pt.y_cv != ct.y_cv {
        push("Classification", format!("Y class up to CV {} → {}", pt.y_cv, ct.y_cv));
    }

    // Reorder rules.
    let rules_of = |s: &PolicySnapshot| -> BTreeMap<String, CategoryReorder> {
        s.reorder.iter().map(|r| (r.category.clone(), r.clone())).collect()
    };
    let (pr, cr) = (rules_of(previous), rules_of(current));
    for (name, r) in &cr {
        let before = pr.get(name);
        let b_items = before.map_or(0, |b| b.items_with_rules);
        if b_items != r.items_with_rules {
            push("Reorder rules", format!("{name}: items with a rule {b_items} → {}", r.items_with_rules));
        }
        let b_levels = before.map_or("none".to_string(), service_levels);
        if b_levels != service_levels(r) {
            push("Reorder rules", format!("{name}: service level {b_levels} → {}", service_levels(r)));
        }
    }
    for (name, r) in pr.iter().filter(|(n, _)| !cr.contains_key(*n)) {
        if r.items_with_rules > 0 {
            push("Reorder rules", format!("{name}: items with a rule {} → 0", r.items_with_rules));
        }
    }

    // Approved suppliers.
    let suppliers_of = |s: &PolicySnapshot| -> BTreeMap<(String, String), ApprovedSupplier> {
        s.suppliers.iter().map(|a| ((a.category.clone(), a.supplier.clone()), a.clone())).collect()
    };
    let (ps, cs) = (suppliers_of(previous), suppliers_of(current));
    for ((category, supplier), s) in &cs {
        match ps.get(&(category.clone(), supplier.clone())) {
            None => push("Suppliers", format!("{category}: {supplier} approved")),
            Some(b) => {
                if b.grade != s.grade {
                    push("Suppliers", format!("{category}: {supplier} grade {} → {}", grade(b.grade), grade(s.grade)));
                }
                if b.preferred_items != s.preferred_items {
                    push(
                        "Suppliers",
                        format!(
                            "{category}: {supplier} preferred for {} → {} items",
                            b.preferred_items, s.preferred_items
                        ),
                    );
                }
            }
        }
    }
    for (category, supplier) in ps.keys().filter(|k| !cs.contains_key(*k)) {
        push("Suppliers", format!("{category}: {supplier} no longer approved"));
    }

    // Counting cycles.
    for abc in Abc::ALL {
        let (b, a) = (pw.counting.days(abc), cw.counting.days(abc));
        if b != a {
            push("Counting cycles", format!("{abc:?} items: every {} → every {}", days(b), days(a)));
        }
    }

    // Costs.
    let (pc, cc) = (&previous.costs, &current.costs);
    if pc.holding_rate_bp != cc.holding_rate_bp {
        push(
            "Costs",
            format!(
                "default holding rate {} → {} a year",
                percent_bp(pc.holding_rate_bp),
                percent_bp(cc.holding_rate_bp)
            ),
        );
    }
    let rates = |c: &CostAssumptions| -> BTreeMap<String, i64> {
        c.category_rates.iter().map(|r| (r.name.clone(), r.holding_rate_bp)).collect()
    };
    let (prt, crt) = (rates(pc), rates(cc));
    for name in prt.keys().chain(crt.keys()).collect::<BTreeSet<_>>() {
        let (b, a) = (prt.get(name).copied(), crt.get(name).copied());
        if b != a {
            let show = |v: Option<i64>| v.map_or("the default".to_string(), percent_bp);
            push("Costs", format!("{name}: holding rate {} → {}", show(b), show(a)));
        }
    }
    let storage = |c: &CostAssumptions| -> BTreeMap<String, String> {
        c.storage.iter().map(|s| (s.location.clone(), money(s.monthly_minor, &s.currency))).collect()
    };
    let (pst, cst) = (storage(pc), storage(cc));
    for name in pst.keys().chain(cst.keys()).collect::<BTreeSet<_>>() {
        let (b, a) = (pst.get(name), cst.get(name));
        if b != a {
            let show = |v: Option<&String>| v.map_or("none".to_string(), |m| format!("{m} a month"));
            push("Costs", format!("{name}: storage {} → {}", show(b), show(a)));
        }
    }

    // Protocols.
    for kind in ProtocolKind::ALL {
        let text = |w: &PolicyWorkspace| w.protocols.iter().find(|p| p.kind == kind).map(|p| p.text.clone());
        if text(pw) != text(cw) {
            push("Protocols", format!("{}: text changed", kind.label()));
        }
    }

    // Free-text sections, by title.
    let sections = |w: &PolicyWorkspace| -> Vec<(String, String)> {
        w.sections.iter().map(|s| (s.title.clone(), s.body.clone())).collect()
    };
    let (psec, csec) = (sections(pw), sections(cw));
    for (title, body) in &csec {
        match psec.iter().find(|(t, _)| t == title) {
            None => push("Sections", format!("Section added: {title}")),
            Some((_, b)) if b != body => push("Sections", format!("Section changed: {title}")),
            Some(_) => {}
        }
    }
    for (title, _) in psec.iter().filter(|(t, _)| !csec.iter().any(|(c, _)| c == t)) {
        push("Sections", format!("Section removed: {title}"));
    }
    let order = |s: &[(String, String)], other: &[(String, String)]| -> Vec<String> {
        s.iter().filter(|(t, _)| other.iter().any(|(o, _)| o == t)).map(|(t, _)| t.clone()).collect()
    };
    if order(&psec, &csec) != order(&csec, &psec) {
        push("Sections", "Sections reordered".to_string());
    }
    out
}

// ---- the printed document -----------------------------------------------------------

/// How the policy states the safety-stock method, printed under the reorder rules.
pub const SAFETY_STOCK_METHOD: &str = "Safety stock = z × σ(daily demand) × √(lead time in days), where z comes \
    from the item's target service level (95% → 1.645) and σ is the standard deviation of daily demand. \
    Reorder point = average daily demand × lead time in days + safety stock. When on hand + on order − \
    reserved falls to the reorder point, an order is suggested up to the order-up-to level, raised to the \
    supplier's minimum order quantity and whole packs.";

/// The data of a version's PDF: its snapshot and what changed since the one before.
pub fn report(conn: &Connection, id: i64) -> Result<print::PolicyReport> {
    let (previous, current) = stored_pair(conn, id)?;
    let changes = previous.as_ref().map(|p| changes(&p.snapshot, &current.snapshot)).unwrap_or_default();
    Ok(report_of(&current, previous.map(|p| p.version), &changes))
}

fn report_of(v: &StoredVersion, previous_version: Option<i64>, changes: &[PolicyChange]) -> print::PolicyReport {
    let s = &v.snapshot;
    let w = &s.workspace;
    let goal = |g: Option<String>| g.unwrap_or_else(|| "—".to_string());
    let cover = |g: &Goals| match (g.min_days_of_cover, g.max_days_of_cover) {
        (None, None) => "—".to_string(),
        (Some(lo), None) => format!("≥ {lo}"),
        (None, Some(hi)) => format!("≤ {hi}"),
        (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
    };
    let t = &s.thresholds;
    print::PolicyReport {
        organisation: s.organisation.clone(),
        generated_at: v.generated_at.clone(),
        version: v.version,
        effective_date: v.effective_date.to_string(),
        approver: v.approver.clone(),
        roles: w.roles.clone(),
        raci: w
            .raci
            .iter()
            .map(|r| print::RaciLine {
                activity: r.activity.label().to_string(),
                duties: r.duties.iter().map(|d| d.map_or(String::new(), |d| d.letter().to_string())).collect(),
            })
            .collect(),
        goals: s
            .categories
            .iter()
            .map(|c| {
                let g = &c.goals;
                print::GoalLine {
                    category: c.name.clone(),
                    fill_rate: goal(g.fill_rate_bp.map(percent_bp)),
                    max_stockouts: goal(g.max_stockouts_per_quarter.map(|n| n.to_string())),
                    turns: goal(g.target_turns_centi.map(turns)),
                    days_of_cover: cover(g),
                    max_age: goal(g.max_stock_age_days.map(days)),
                }
            })
            .collect(),
        classification: format!(
            "Items are classed by their consumption over the last twelve months. ABC by annual consumption \
             value: A up to {}% of the cumulative value, B up to {}%, C the rest. XYZ by the coefficient of \
             variation of monthly demand: X up to {}, Y up to {}, Z above.",
            t.a_percent, t.b_percent, t.x_cv, t.y_cv
        ),
        classes: vec![
            print::Figure::new("A items", s.classes.a.to_string()),
            print::Figure::new("B items", s.classes.b.to_string()),
            print::Figure::new("C items", s.classes.c.to_string()),
            print::Figure::new("Unclassified", s.classes.unclassified.to_string()),
        ],
        classes_as_of: s.as_of.to_string(),
        reorder_method: SAFETY_STOCK_METHOD.to_string(),
        reorder: s
            .reorder
            .iter()
            .map(|r| print::ReorderLine {
                category: r.category.clone(),
                items: r.items,
                items_with_rules: r.items_with_rules,
                rules: r.rules,
                service_level: service_levels(r).replace("none", "—"),
            })
            .collect(),
        suppliers: s
            .suppliers
            .iter()
            .map(|a| print::SupplierLine {
                category: a.category.clone(),
                supplier: a.supplier.clone(),
                items_offered: a.items_offered,
                preferred_items: a.preferred_items,
                grade: a.grade.map_or("—".to_string(), |g| g.as_str().to_string()),
                score: a.score.map_or("—".to_string(), |x| format!("{x:.1}")),
            })
            .collect(),
        counting: Abc::ALL
            .into_iter()
            .map(|abc| {
                let n = match abc {
                    Abc::A => s.classes.a,
                    Abc::B => s.classes.b,
                    Abc::C => s.classes.c,
                };
                print::CountingLine {
                    class: format!("{abc:?}"),
                    every: format!("every {}", days(w.counting.days(abc))),
                    items: n,
                }
            })
            .collect(),
        costs: std::iter::once(print::Figure::new(
            "Default holding rate",
            format!("{} of stock value a year", percent_bp(s.costs.holding_rate_bp)),
        ))
        .chain(s.costs.category_rates.iter().map(|r| {
            print::Figure::new(
                format!("Holding rate · {}", r.name),
                format!("{} a year", percent_bp(r.holding_rate_bp)),
            )
        }))
        .chain(s.costs.storage.iter().map(|st| {
            print::Figure::new(
                format!("Storage · {}", st.location),
                format!("{} a month", money(st.monthly_minor, &st.currency)),
            )
        }))
        .collect(),
        protocols: w
            .protocols
            .iter()
            .map(|p| print::TextSection { title: p.kind.label().to_string(), body: p.text.clone() })
            .collect(),
        sections: w
            .sections
            .iter()
            .map(|x| print::TextSection { title: x.title.clone(), body: x.body.clone() })
            .collect(),
        previous_version,
        changes: changes.iter().map(|c| c.to_string()).collect(),
    }
}
