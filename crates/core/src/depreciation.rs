//! Depreciation: each category's policy (method, useful life, salvage value), an asset's
//! schedule and book value at a date, totals by category, and the depreciation report.
//!
//! All money is integer minor units in the asset's purchase currency; amounts in
//! different currencies are never added together. The rules, each tested below and in
//! `tests/core/depreciation.rs`:
//!
//! - **Periods** are whole calendar months, starting with the month of purchase (an
//!   asset bought on the 31st depreciates a full month in that month). A schedule has one
//!   line per month of useful life, dated the last day of its month.
//! - **Salvage** = cost × basis points / 10,000, rounded half up to the minor unit
//!   ([`salvage_minor`]). It never exceeds the cost.
//! - **Straight-line**: each month charges ⌊(cost − salvage) / life⌋, and the remainder
//!   minor units go one each to the first months, so the schedule sums exactly to
//!   cost − salvage and no two months differ by more than one minor unit.
//! - **Declining balance**: each month charges book value × factor / (100 × life),
//!   rounded half up to the minor unit (factor 200 is double declining). From the first
//!   month in which straight-line over the remaining months — ⌈(book − salvage) /
//!   months left⌉ — is at least as large, the asset switches to straight-line for good,
//!   spread as above. A charge never takes the book value below salvage, and the last
//!   month takes whatever is left, so the schedule sums exactly to cost − salvage.
//! - **None**: no schedule; the book value stays at cost until disposal.
//! - **Book value at a date** counts the months whose last day is on or before the date:
//!   cost before the first month ends, salvage once the last has, and zero from the day
//!   the asset was disposed of.
//!
//! Intermediate products are computed in i128, so no input in range can overflow.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use tagledger_print::reports::depreciation::{DepreciationAssetRow, DepreciationCategoryRow, DepreciationReport};
use ts_rs::TS;

use crate::assets::{self, AssetStatus, Money};
use crate::printing::MAX_REPORT_ROWS;
use crate::validate::Checks;
use crate::{events, Change, Error, Result};

/// The longest useful life a policy may have (50 years), as the schema allows.
pub const MAX_LIFE_MONTHS: i64 = 600;
/// The largest declining-balance factor, in percent (10× the straight-line rate).
pub const MAX_FACTOR_PERCENT: i64 = 1000;
/// Double declining balance.
pub const DEFAULT_FACTOR_PERCENT: i64 = 200;
/// The longest audit interval a policy may have (10 years).
pub const MAX_AUDIT_INTERVAL_MONTHS: i64 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DepreciationMethod {
    /// Not depreciated: the book value stays at cost.
    #[default]
    None,
    StraightLine,
    DecliningBalance,
}

impl DepreciationMethod {
    pub const ALL: [DepreciationMethod; 3] =
        [DepreciationMethod::None, DepreciationMethod::StraightLine, DepreciationMethod::DecliningBalance];

    /// The name stored in `category_policies.depreciation_method`.
    pub fn as_str(self) -> &'static str {
        match self {
            DepreciationMethod::None => "none",
            DepreciationMethod::StraightLine => "straight_line",
            DepreciationMethod::DecliningBalance => "declining_balance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DepreciationMethod::None => "None",
            DepreciationMethod::StraightLine => "Straight-line",
            DepreciationMethod::DecliningBalance => "Declining balance",
        }
    }

    /// Accepts our own names and the labels people write ("straight line", "DDB").
    pub fn parse(s: &str) -> Option<DepreciationMethod> {
        let key: String = s.trim().to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphabetic()).collect();
        Some(match key.as_str() {
            "none" | "" | "nodepreciation" => DepreciationMethod::None,
            "straightline" | "linear" | "sl" => DepreciationMethod::StraightLine,
            "decliningbalance" | "doubledecliningbalance" | "doubledeclining" | "reducingbalance" | "db" | "ddb" => {
                DepreciationMethod::DecliningBalance
            }
            _ => return None,
        })
    }
}

/// A category's depreciation and audit rules. Categories without a saved policy have the
/// default one: no depreciation, no audit interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryPolicy {
    pub category_id: i64,
    pub category_name: String,
    pub method: DepreciationMethod,
    /// Required unless the method is `None`; 1 to 600.
    pub useful_life_months: Option<i64>,
    /// Salvage value as a share of cost, in basis points (1000 = 10%).
    pub salvage_basis_points: i64,
    /// Declining balance: the multiple of the straight-line rate in percent (200 = double).
    pub declining_factor_percent: i64,
    /// How often assets of the category must be seen by a physical audit.
    pub audit_interval_months: Option<i64>,
}

impl CategoryPolicy {
    fn default_for(category_id: i64, category_name: String) -> CategoryPolicy {
        CategoryPolicy {
            category_id,
            category_name,
            method: DepreciationMethod::None,
            useful_life_months: None,
            salvage_basis_points: 0,
            declining_factor_percent: DEFAULT_FACTOR_PERCENT,
            audit_interval_months: None,
        }
    }

    /// The salvage share as a form shows it: 1000 → "10", 1250 → "12.5", 5 → "0.05".
    pub fn salvage_percent(&self) -> String {
        format_basis_points(self.salvage_basis_points)
    }

    /// The method as a report shows it: "Straight-line", "Declining balance (150%)",
    /// "Not depreciated".
    pub fn method_description(&self) -> String {
        match self.method {
            DepreciationMethod::None => "Not depreciated".to_string(),
            DepreciationMethod::StraightLine => self.method.label().to_string(),
            DepreciationMethod::DecliningBalance => {
                format!("{} ({}%)", self.method.label(), self.declining_factor_percent)
            }
        }
    }

    /// The depreciation plan for an asset of this category that cost `cost_minor`, or
    /// `None` when the category does not depreciate.
    fn plan(&self, cost_minor: i64) -> Option<Plan> {
        let life = self.useful_life_months.filter(|_| self.method != DepreciationMethod::None)?;
        Some(Plan::new(
            cost_minor,
            salvage_minor(cost_minor, self.salvage_basis_points),
            life,
            self.method,
            self.declining_factor_percent,
        ))
    }
}

/// What the policy form submits. Numbers are numbers; the salvage share is text as typed
/// ("10", "12.5", "7%"), so core reports a bad value as a field error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CategoryPolicyInput {
    pub method: DepreciationMethod,
    pub useful_life_months: Option<i64>,
    /// Percent of cost, at most two decimals; blank is 0.
    pub salvage_percent: String,
    /// Blank means 200 (double declining).
    pub declining_factor_percent: Option<i64>,
    pub audit_interval_months: Option<i64>,
}

const POLICY_SELECT: &str = "SELECT c.id, c.name, p.depreciation_method, p.useful_life_months,
        p.salvage_basis_points, p.declining_factor_percent, p.audit_interval_months
     FROM categories c LEFT JOIN category_policies p ON p.category_id = c.id";

fn policy_from_row(r: &rusqlite::Row) -> rusqlite::Result<CategoryPolicy> {
    let mut policy = CategoryPolicy::default_for(r.get(0)?, r.get(1)?);
    if let Some(method) = r.get::<_, Option<String>>(2)? {
        policy.method = DepreciationMethod::parse(&method).unwrap_or_default();
        policy.useful_life_months = r.get(3)?;
        policy.salvage_basis_points = r.get(4)?;
        policy.declining_factor_percent = r.get(5)?;
        policy.audit_interval_months = r.get(6)?;
    }
    Ok(policy)
}

/// Every category's policy, by category name; the default policy where none was saved.
pub fn policies(conn: &Connection) -> Result<Vec<CategoryPolicy>> {
    // Stock-only categories hold no assets, so they have nothing to depreciate or audit.
    let mut stmt = conn.prepare_cached(&format!("{POLICY_SELECT} WHERE c.kind <> 'stock' ORDER BY c.name, c.id"))?;
    let rows = stmt.query_map([], policy_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn policy(conn: &Connection, category_id: i64) -> Result<CategoryPolicy> {
    conn.prepare_cached(&format!("{POLICY_SELECT} WHERE c.id = ?1"))?
        .query_row([category_id], policy_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("category {category_id}")))
}

/// Validates and saves a category's policy; appends a `policy_updated` event on the
/// category when anything changed.
pub fn set_policy(
    tx: &Transaction,
    change: &Change,
    category_id: i64,
    input: &CategoryPolicyInput,
) -> Result<CategoryPolicy> {
    let before = policy(tx, category_id)?;
    let mut checks = Checks::default();
    let life = input.useful_life_months;
    match life {
        None if input.method != DepreciationMethod::None => {
            checks.push("usefulLifeMonths", format!("is required for {}", input.method.label().to_lowercase()))
        }
        Some(months) if !(1..=MAX_LIFE_MONTHS).contains(&months) => {
            checks.push("usefulLifeMonths", format!("must be between 1 and {MAX_LIFE_MONTHS} months"))
        }
        _ => {}
    }
    let salvage_basis_points =
        parse_percent(&input.salvage_percent).map_err(|e| checks.push("salvagePercent", e)).unwrap_or(0);
    let factor = input.declining_factor_percent.unwrap_or(DEFAULT_FACTOR_PERCENT);
    if !(1..=MAX_FACTOR_PERCENT).contains(&factor) {
        checks.push(
            "decliningFactorPercent",
            format!("must be between 1 and {MAX_FACTOR_PERCENT} percent (200 is double declining)"),
        );
    }
    if input.audit_interval_months.is_some_and(|m| !(1..=MAX_AUDIT_INTERVAL_MONTHS).contains(&m)) {
        checks.push("auditIntervalMonths", format!("must be between 1 and {MAX_AUDIT_INTERVAL_MONTHS} months"));
    }
    checks.into_result()?;

    let after = CategoryPolicy {
        method: input.method,
        useful_life_months: life,
        salvage_basis_points,
        declining_factor_percent: factor,
        audit_interval_months: input.audit_interval_months,
        ..before.clone()
    };
    if after == before {
        return Ok(after);
    }
    tx.prepare_cached(
        "INSERT INTO category_policies (category_id, depreciation_method, useful_life_months, salvage_basis_points,
             declining_factor_percent, audit_interval_months)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (category_id) DO UPDATE SET depreciation_method = excluded.depreciation_method,
             useful_life_months = excluded.useful_life_months, salvage_basis_points = excluded.salvage_basis_points,
             declining_factor_percent = excluded.declining_factor_percent,
             audit_interval_months = excluded.audit_interval_months",
    )?
    .execute(params![
        category_id,
        after.method.as_str(),
        after.useful_life_months,
        after.salvage_basis_points,
        after.declining_factor_percent,
        after.audit_interval_months
    ])?;
    let json = |p: &CategoryPolicy| serde_json::to_value(p).expect("policy serializes");
    events::append(tx, change, "category", category_id, "policy_updated", Some(&json(&before)), Some(&json(&after)))?;
    Ok(after)
}

/// "12.5" (percent, at most two decimals, an optional "%") → 1250 basis points; blank is 0.
fn parse_percent(value: &str) -> std::result::Result<i64, String> {
    let text = value.trim();
    let number = text.strip_suffix('%').unwrap_or(text).trim();
    if number.is_empty() {
        return Ok(0);
    }
    if number.starts_with('-') {
        return Err("cannot be negative".into());
    }
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) || whole.len() > 3 {
        return Err(format!("'{text}' is not a percentage (e.g. 10 or 12.5)"));
    }
    if fraction.len() > 2 {
        return Err("use at most two decimals".into());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().expect("at most three digits") };
    let fraction: i64 = format!("{fraction:0<2}").parse().expect("two digits");
    let basis_points = whole * 100 + fraction;
    if basis_points > 10_000 {
        return Err("cannot be more than 100%".into());
    }
    Ok(basis_points)
}

fn format_basis_points(basis_points: i64) -> String {
    let (whole, fraction) = (basis_points / 100, basis_points % 100);
    match fraction {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

// ---- the arithmetic ---------------------------------------------------------------

/// One month of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLine {
    /// The last day of the month.
    pub period: NaiveDate,
    pub depreciation_minor: i64,
    /// Depreciation up to and including this month.
    pub accumulated_minor: i64,
    /// Cost less accumulated depreciation at the end of this month.
    pub book_value_minor: i64,
}

/// Salvage value: `cost_minor` × `basis_points` / 10,000, rounded half up to the minor
/// unit. Basis points are clamped to 0–10,000, so salvage never exceeds the cost.
pub fn salvage_minor(cost_minor: i64, basis_points: i64) -> i64 {
    let cost = i128::from(cost_minor.max(0));
    let basis_points = i128::from(basis_points.clamp(0, 10_000));
    narrow(div_half_up(cost * basis_points, 10_000))
}

/// The month-by-month schedule of an asset bought on `start` (see the module docs for
/// the rules). `None` has no schedule (an empty Vec). The cost is taken as at least 0,
/// salvage as 0 to cost, the life as at least one month and the factor as at least 1%.
pub fn schedule(
    cost_minor: i64,
    salvage_minor: i64,
    start: NaiveDate,
    life_months: i64,
    method: DepreciationMethod,
    factor_percent: i64,
) -> Vec<ScheduleLine> {
    if method == DepreciationMethod::None {
        return Vec::new();
    }
    let plan = Plan::new(cost_minor, salvage_minor, life_months, method, factor_percent);
    let first = month_index(start);
    let mut accumulated = 0;
    plan.charges()
        .enumerate()
        .map(|(i, charge)| {
            accumulated += charge;
            ScheduleLine {
                period: month_end(first + i as i64),
                depreciation_minor: charge,
                accumulated_minor: accumulated,
                book_value_minor: plan.cost - accumulated,
            }
        })
        .collect()
}

/// An asset's depreciation, normalised: the inputs of [`schedule`] after clamping.
#[derive(Debug, Clone, Copy)]
struct Plan {
    cost: i64,
    salvage: i64,
    life: i64,
    method: DepreciationMethod,
    factor: i64,
}

impl Plan {
    fn new(cost: i64, salvage: i64, life: i64, method: DepreciationMethod, factor: i64) -> Plan {
        let cost = cost.max(0);
        Plan { cost, salvage: salvage.clamp(0, cost), life: life.max(1), method, factor: factor.max(1) }
    }

    fn charges(&self) -> Charges {
        Charges {
            book: self.cost,
            salvage: self.salvage,
            months_left: self.life,
            life: self.life,
            factor: self.factor,
            straight_line: self.method != DepreciationMethod::DecliningBalance,
        }
    }

    /// Depreciation over the first `months` months (clamped to 0..=life), without
    /// building the schedule: straight-line in closed form, declining balance month by
    /// month only until it switches to straight-line.
    fn accumulated_after(&self, months: i64) -> i64 {
        let mut charges = self.charges();
        let mut months = months.clamp(0, self.life);
        let mut accumulated = 0;
        while months > 0 && !charges.straight_line {
            accumulated += charges.next().expect("months are within the life");
            months -= 1;
        }
        accumulated + charges.straight_line_over(months)
    }
}

/// The monthly charges of a [`Plan`], in order.
struct Charges {
    book: i64,
    salvage: i64,
    months_left: i64,
    life: i64,
    factor: i64,
    /// Straight-line from the start, or since declining balance switched over.
    straight_line: bool,
}

impl Charges {
    /// The sum of the next `months` straight-line charges: the depreciable rest `d` over
    /// `n` months left is ⌊d / n⌋ a month plus one minor unit in each of the first
    /// `d mod n` months (what ⌈rest / months left⌉ month by month gives).
    fn straight_line_over(&self, months: i64) -> i64 {
        let months = months.clamp(0, self.months_left);
        if months == 0 {
            return 0;
        }
        let rest = self.book - self.salvage;
        let (each, extra) = (rest / self.months_left, rest % self.months_left);
        each * months + extra.min(months)
    }
}

impl Iterator for Charges {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        if self.months_left == 0 {
            return None;
        }
        let rest = self.book - self.salvage;
        // Straight-line over the months left, rounded up: the first months take the
        // remainder, and the last month takes all that is left.
        let straight = (rest + self.months_left - 1) / self.months_left;
        let charge = if self.straight_line {
            straight
        } else {
            let declining =
                narrow(div_half_up(i128::from(self.book) * i128::from(self.factor), 100 * i128::from(self.life)));
            if straight >= declining || declining >= rest {
                // Never below salvage; from here on the rest is spread evenly (all of it
                // now, when the declining charge would take the book to salvage or below).
                self.straight_line = true;
                straight.max(declining).min(rest)
            } else {
                declining
            }
        };
        self.book -= charge;
        self.months_left -= 1;
        Some(charge)
    }
}

/// `n / d` rounded half up, for `n >= 0`, `d > 0`.
fn div_half_up(n: i128, d: i128) -> i128 {
    (2 * n + d) / (2 * d)
}

/// Amounts computed here never exceed the cost they started from.
fn narrow(n: i128) -> i64 {
    i64::try_from(n).expect("a share of an i64 amount fits in i64")
}

/// Months since year 0: January 2025 is 2025 × 12.
fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The last day of the month `index` (see [`month_index`]).
fn month_end(index: i64) -> NaiveDate {
    let next = index + 1;
    let (year, month) = (next.div_euclid(12) as i32, next.rem_euclid(12) as u32 + 1);
    NaiveDate::from_ymd_opt(year, month, 1).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

/// Where `at` is in month terms: the index of the month after the last month that has
/// ended on or before `at`. A schedule starting in month `m` has depreciated
/// `cutoff − m` months (clamped to its life) at `at`.
fn month_cutoff(at: NaiveDate) -> i64 {
    let month_over = at.succ_opt().is_none_or(|next| next.day() == 1);
    month_index(at) + i64::from(month_over)
}

/// Depreciation from purchase to `at` of an asset bought in month `start_month`.
fn accumulated_at(plan: &Plan, start_month: i64, cutoff: i64) -> i64 {
    plan.accumulated_after(cutoff - start_month)
}

// ---- assets -----------------------------------------------------------------------

/// One asset's schedule with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssetDepreciation {
    pub asset_id: i64,
    pub tag: String,
    pub name: String,
    pub category_name: String,
    pub method: DepreciationMethod,
    pub cost: Money,
    pub salvage_minor: i64,
    /// The purchase date; the first period is its month.
    pub start: NaiveDate,
    pub useful_life_months: i64,
    pub lines: Vec<ScheduleLine>,
}

/// An asset's schedule; `None` when its category does not depreciate or the asset has
/// no purchase cost or date.
pub fn asset_schedule(conn: &Connection, asset_id: i64) -> Result<Option<AssetDepreciation>> {
    let asset = assets::get(conn, asset_id)?;
    let policy = policy(conn, asset.category_id)?;
    let (Some(cost), Some(start)) = (asset.purchase_cost, asset.purchase_date) else { return Ok(None) };
    let Some(plan) = policy.plan(cost.minor) else { return Ok(None) };
    Ok(Some(AssetDepreciation {
        asset_id,
        tag: asset.tag,
        name: asset.name,
        category_name: asset.category_name,
        method: plan.method,
        lines: schedule(plan.cost, plan.salvage, start, plan.life, plan.method, plan.factor),
        salvage_minor: plan.salvage,
        start,
        useful_life_months: plan.life,
        cost,
    }))
}

/// An asset's book value at the end of `at`: its cost before the first month of its
/// schedule has ended (and always, when its category does not depreciate), the book
/// value after the last month ended on or before `at`, salvage after the last month, and
/// zero once it has been disposed of (`disposed_on <= at`; a disposed asset with no
/// disposal date recorded counts as gone at any date). `None` when the asset has no
/// purchase cost or no purchase date.
pub fn book_value(conn: &Connection, asset_id: i64, at: NaiveDate) -> Result<Option<Money>> {
    let asset = assets::get(conn, asset_id)?;
    let (Some(cost), Some(start)) = (asset.purchase_cost, asset.purchase_date) else { return Ok(None) };
    if asset.status == AssetStatus::Disposed {
        let disposed_on: Option<NaiveDate> = conn
            .prepare_cached("SELECT disposed_on FROM disposals WHERE asset_id = ?1")?
            .query_row([asset_id], |r| r.get(0))
            .optional()?;
        if disposed_on.is_none_or(|on| on <= at) {
            return Ok(Some(Money { minor: 0, currency: cost.currency }));
        }
    }
    let policy = policy(conn, asset.category_id)?;
    let minor = match policy.plan(cost.minor) {
        Some(plan) => plan.cost - accumulated_at(&plan, month_index(start), month_cutoff(at)),
        None => cost.minor,
    };
    Ok(Some(Money { minor, currency: cost.currency }))
}

/// One category's assets in one currency at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryTotals {
    pub category_id: i64,
    pub category_name: String,
    pub currency: String,
    pub assets: i64,
    pub cost_minor: i64,
    pub accumulated_minor: i64,
    pub book_value_minor: i64,
}

/// The assets that count at a date (`?1`): with a cost, bought on or before it, and not
/// disposed of by then.
const HELD_AT: &str = "a.purchase_cost_minor IS NOT NULL AND a.purchase_date <= ?1
    AND (a.status <> 'disposed'
         OR EXISTS (SELECT 1 FROM disposals d WHERE d.asset_id = a.id AND d.disposed_on > ?1))";

/// Cost, accumulated depreciation and book value per category and currency at the end
/// of `at`, by category name then currency. Only assets with a purchase cost and a
/// purchase date on or before `at` count, and not those disposed of by then (nor those
/// marked disposed with no disposal date). Categories that do not depreciate carry their
/// assets at cost.
///
/// One pass over the assets with the policies in memory; each asset's depreciation is
/// computed in closed form (declining balance: a short loop until it turns straight-line).
pub fn totals_at(conn: &Connection, at: NaiveDate) -> Result<Vec<CategoryTotals>> {
    let policies: HashMap<i64, CategoryPolicy> = policies(conn)?.into_iter().map(|p| (p.category_id, p)).collect();
    let cutoff = month_cutoff(at);
    // Per category, its currencies in order seen (rarely more than one or two).
    let mut totals: HashMap<i64, Vec<CategoryTotals>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.category_id, a.purchase_date, a.purchase_cost_minor, a.purchase_currency
         FROM assets a WHERE {HELD_AT}"
    ))?;
    let mut rows = stmt.query([at])?;
    while let Some(row) = rows.next()? {
        let category_id: i64 = row.get(0)?;
        let Some(start_month) = row.get_ref(1)?.as_str().ok().and_then(purchase_month) else { continue };
        let cost: i64 = row.get(2)?;
        let currency = row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
        let Some(policy) = policies.get(&category_id) else { continue };
        let accumulated = policy.plan(cost).map_or(0, |plan| accumulated_at(&plan, start_month, cutoff));
        let list = totals.entry(category_id).or_default();
        let entry = match list.iter().position(|t| t.currency == currency) {
            Some(i) => &mut list[i],
            None => {
                list.push(CategoryTotals {
                    category_id,
                    category_name: policy.category_name.clone(),
                    currency: currency.to_string(),
                    assets: 0,
                    cost_minor: 0,
                    accumulated_minor: 0,
                    book_value_minor: 0,
                });
                list.last_mut().expect("just pushed")
            }
        };
        entry.assets += 1;
        entry.cost_minor += cost;
        entry.accumulated_minor += accumulated;
        entry.book_value_minor += cost - accumulated;
    }
    let mut out: Vec<CategoryTotals> = totals.into_values().flatten().collect();
    out.sort_by(|a, b| {
        a.category_name
            .to_lowercase()
            .cmp(&b.category_name.to_lowercase())
            .then(a.category_id.cmp(&b.category_id))
            .then(a.currency.cmp(&b.currency))
    });
    Ok(out)
}

/// The month index of a stored purchase date ("2025-01-15"), without a full date parse.
fn purchase_month(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        digits.iter().try_fold(0i64, |n, &b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
    };
    if bytes.get(4) != Some(&b'-') {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(month_index);
    }
    let (year, month) = (number(0..4)?, number(5..7)?);
    (1..=12).contains(&month).then_some(year * 12 + month - 1)
}

/// The depreciation report's data at `at`: totals by category and currency, and every
/// asset that counts (see [`totals_at`]) up to [`MAX_REPORT_ROWS`], by category and tag.
pub fn report(conn: &Connection, at: NaiveDate, organisation: &str, generated_at: &str) -> Result<DepreciationReport> {
    let policies: HashMap<i64, CategoryPolicy> = policies(conn)?.into_iter().map(|p| (p.category_id, p)).collect();
    let categories = totals_at(conn, at)?
        .into_iter()
        .map(|t| {
            let policy = &policies[&t.category_id];
            DepreciationCategoryRow {
                category: t.category_name,
                method: policy.method_description(),
                useful_life: match (policy.method, policy.useful_life_months) {
                    (DepreciationMethod::None, _) | (_, None) => String::new(),
                    (_, Some(1)) => "1 month".into(),
                    (_, Some(months)) => format!("{months} months"),
                },
                assets: t.assets,
                currency: t.currency,
                cost_minor: t.cost_minor,
                accumulated_minor: t.accumulated_minor,
                book_value_minor: t.book_value_minor,
            }
        })
        .collect();

    let cutoff = month_cutoff(at);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.tag, a.name, a.category_id, a.category_name, a.purchase_date, a.purchase_cost_minor,
                a.purchase_currency
         FROM assets a WHERE {HELD_AT}
         ORDER BY a.category_name, a.category_id, a.tag
         LIMIT ?2"
    ))?;
    let mut rows = stmt.query(params![at, MAX_REPORT_ROWS as i64])?;
    let mut assets = Vec::new();
    while let Some(row) = rows.next()? {
        let purchase_date: String = row.get(4)?;
        // Skipped exactly as `totals_at` skips them, so the list and the totals agree.
        let Some(start_month) = purchase_month(&purchase_date) else { continue };
        let Some(policy) = policies.get(&row.get::<_, i64>(2)?) else { continue };
        let cost: i64 = row.get(5)?;
        let accumulated = policy.plan(cost).map_or(0, |plan| accumulated_at(&plan, start_month, cutoff));
        assets.push(DepreciationAssetRow {
            tag: row.get(0)?,
            name: row.get(1)?,
            category: row.get(3)?,
            purchase_date,
            cost_minor: cost,
            currency: row.get(6)?,
            accumulated_minor: accumulated,
            book_value_minor: cost - accumulated,
        });
    }
    Ok(DepreciationReport {
        organisation: organisation.to_string(),
        generated_at: generated_at.to_string(),
        at: at.format("%Y-%m-%d").to_string(),
        categories,
        assets,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    use DepreciationMethod::{DecliningBalance, StraightLine};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn charges(lines: &[ScheduleLine]) -> Vec<i64> {
        lines.iter().map(|l| l.depreciation_minor).collect()
    }

    #[test]
    fn straight_line_gives_the_remainder_to_the_first_months() {
        // 1,200.00 over 36 months: 3,333 a month leaves 12 minor units, one each to the
        // first 12 months.
        let lines = schedule(120_000, 0, date("2025-01-15"), 36, StraightLine, 200);
        assert_eq!(lines.len(), 36);
        assert_eq!(charges(&lines), [vec![3_334; 12], vec![3_333; 24]].concat());
        assert_eq!(lines[0].period, date("2025-01-31"));
        assert_eq!(lines[1].period, date("2025-02-28"));
        assert_eq!(lines[13].period, date("2026-02-28"));
        assert_eq!(lines[35].period, date("2027-12-31"));
        assert_eq!(lines[0].book_value_minor, 116_666);
        assert_eq!(lines[11].accumulated_minor, 40_008);
        assert_eq!(lines[35].accumulated_minor, 120_000);
        assert_eq!(lines[35].book_value_minor, 0);
    }

    #[test]
    fn straight_line_stops_at_salvage() {
        // 999.99 with 10% salvage (100.00 after rounding 99.999 half up) over 7 months:
        // 899.99 = 7 × 128.57 + 0.00 → 12,857 × 7 = 89,999.
        assert_eq!(salvage_minor(99_999, 1_000), 10_000);
        let lines = schedule(99_999, 10_000, date("2024-02-29"), 7, StraightLine, 200);
        assert_eq!(charges(&lines), [12_857; 7]);
        assert_eq!(lines[0].period, date("2024-02-29"));
        assert_eq!(lines.last().unwrap().book_value_minor, 10_000);
    }

    #[test]
    fn double_declining_is_the_textbook_one() {
        // Cost 10,000.00, salvage 1,000.00, five periods: 40% of the book value each
        // period (4,000, 2,400, 1,440, 864), and the last period only down to salvage.
        let lines = schedule(1_000_000, 100_000, date("2025-01-01"), 5, DecliningBalance, 200);
        assert_eq!(charges(&lines), [400_000, 240_000, 144_000, 86_400, 29_600]);
        let book: Vec<i64> = lines.iter().map(|l| l.book_value_minor).collect();
        assert_eq!(book, [600_000, 360_000, 216_000, 129_600, 100_000]);
    }

    #[test]
    fn declining_balance_switches_to_straight_line_when_that_is_larger() {
        // 1,000.00 over 4 months, no salvage: 50%, 50% of the rest, then straight-line
        // (250.00 over 2 months = 125.00 each, equal to 50% of 250.00: the switch).
        let lines = schedule(100_000, 0, date("2025-01-01"), 4, DecliningBalance, 200);
        assert_eq!(charges(&lines), [50_000, 25_000, 12_500, 12_500]);
        // 150% declining over 6 months is 25% a month: 250.00, then 187.50; in month 3
        // straight-line (562.50 over 4 months, 140.63 rounded up) equals 25% of 562.50
        // (140.63 rounded half up), so it switches and spreads 421.87 over the last 3.
        let lines = schedule(100_000, 0, date("2025-01-01"), 6, DecliningBalance, 150);
        assert_eq!(charges(&lines), [25_000, 18_750, 14_063, 14_063, 14_062, 14_062]);
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(salvage_minor(5, 1_000), 1, "0.5 rounds up");
        assert_eq!(salvage_minor(4, 1_000), 0, "0.4 rounds down");
        assert_eq!(salvage_minor(15, 5_000), 8, "7.5 rounds up");
        assert_eq!(salvage_minor(12_345, 10_000), 12_345);
        assert_eq!(salvage_minor(0, 2_500), 0);
        // 333 × 200 / 1,200 = 55.5 → 56 in the first declining month.
        assert_eq!(schedule(333, 0, date("2025-01-01"), 12, DecliningBalance, 200)[0].depreciation_minor, 56);
    }

    #[test]
    fn no_method_has_no_schedule_and_degenerate_inputs_are_clamped() {
        assert!(schedule(100, 0, date("2025-01-01"), 12, DepreciationMethod::None, 200).is_empty());
        assert_eq!(charges(&schedule(100, 0, date("2025-01-01"), 0, StraightLine, 200)), [100]);
        assert_eq!(charges(&schedule(100, 500, date("2025-01-01"), 2, StraightLine, 200)), [0, 0]);
        assert_eq!(charges(&schedule(0, 0, date("2025-01-01"), 3, DecliningBalance, 200)), [0, 0, 0]);
    }

    #[test]
    fn months_are_counted_by_their_last_day() {
        let cutoff = |s: &str| month_cutoff(date(s)) - month_index(date("2025-01-15"));
        assert_eq!(cutoff("2025-01-15"), 0);
        assert_eq!(cutoff("2025-01-30"), 0);
        assert_eq!(cutoff("2025-01-31"), 1);
        assert_eq!(cutoff("2025-02-27"), 1);
        assert_eq!(cutoff("2025-02-28"), 2);
        assert_eq!(cutoff("2024-12-31"), 0);
        assert_eq!(month_end(month_index(date("2024-02-10"))), date("2024-02-29"));
        assert_eq!(month_end(month_index(date("2025-12-10"))), date("2025-12-31"));
        assert_eq!(purchase_month("2025-01-15"), Some(month_index(date("2025-01-15"))));
        assert_eq!(purchase_month("2025-13-01"), None);
        assert_eq!(purchase_month("junk"), None);
    }

    #[test]
    fn salvage_percentages_are_parsed_to_basis_points() {
        assert_eq!(parse_percent(""), Ok(0));
        assert_eq!(parse_percent("10"), Ok(1_000));
        assert_eq!(parse_percent(" 12.5 % "), Ok(1_250));
        assert_eq!(parse_percent("0.05"), Ok(5));
        assert_eq!(parse_percent("100"), Ok(10_000));
        assert_eq!(parse_percent(".5"), Ok(50));
        assert_eq!(parse_percent("100.01").unwrap_err(), "cannot be more than 100%");
        assert_eq!(parse_percent("1.234").unwrap_err(), "use at most two decimals");
        assert_eq!(parse_percent("-1").unwrap_err(), "cannot be negative");
        assert_eq!(parse_percent("ten").unwrap_err(), "'ten' is not a percentage (e.g. 10 or 12.5)");
        for bp in [0, 5, 50, 1_000, 1_250, 1_205, 10_000] {
            assert_eq!(parse_percent(&format_basis_points(bp)), Ok(bp), "{bp}");
        }
        assert_eq!(format_basis_points(1_250), "12.5");
    }

    #[test]
    fn methods_round_trip_and_parse_what_people_write() {
        for m in DepreciationMethod::ALL {
            assert_eq!(DepreciationMethod::parse(m.as_str()), Some(m));
            assert_eq!(DepreciationMethod::parse(m.label()), Some(m));
        }
        assert_eq!(DepreciationMethod::parse("Double declining balance"), Some(DecliningBalance));
        assert_eq!(DepreciationMethod::parse("sum of years"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        #[test]
        fn schedules_sum_to_cost_less_salvage(
            cost in 0i64..100_000_000_000,
            basis_points in 0i64..=10_000,
            life in 1i64..=600,
            factor in 1i64..=1_000,
            declining in any::<bool>(),
            day in 0i64..20_000,
        ) {
            let method = if declining { DecliningBalance } else { StraightLine };
            let start = date("2000-01-01") + chrono::Days::new(day as u64);
            let salvage = salvage_minor(cost, basis_points);
            prop_assert!((0..=cost).contains(&salvage));
            let lines = schedule(cost, salvage, start, life, method, factor);
            prop_assert_eq!(lines.len() as i64, life);
            prop_assert_eq!(lines.iter().map(|l| l.depreciation_minor).sum::<i64>(), cost - salvage);
            let plan = Plan::new(cost, salvage, life, method, factor);
            let mut book = cost;
            let mut previous_period = start.pred_opt().unwrap();
            for (i, line) in lines.iter().enumerate() {
                prop_assert!(line.depreciation_minor >= 0);
                prop_assert!(line.book_value_minor <= book, "book value never increases");
                prop_assert!(line.book_value_minor >= salvage, "book value never below salvage");
                prop_assert_eq!(line.book_value_minor + line.accumulated_minor, cost);
                prop_assert!(line.period > previous_period);
                prop_assert_eq!(line.period.succ_opt().unwrap().day(), 1);
                book = line.book_value_minor;
                previous_period = line.period;
                // The closed form the totals use agrees with the schedule, month by month.
                if i % 7 == 0 || i + 1 == lines.len() {
                    prop_assert_eq!(plan.accumulated_after(i as i64 + 1), line.accumulated_minor);
                }
            }
            prop_assert_eq!(book, salvage);
            prop_assert_eq!(plan.accumulated_after(0), 0);
            prop_assert_eq!(plan.accumulated_after(life + 5), cost - salvage);
            if !declining {
                let most = lines.iter().map(|l| l.depreciation_minor).max().unwrap();
                let least = lines.iter().map(|l| l.depreciation_minor).min().unwrap();
                prop_assert!(most - least <= 1, "straight-line months differ by at most one minor unit");
            }
        }
    }
}
