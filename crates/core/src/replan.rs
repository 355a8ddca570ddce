//! Reorder rules re-planned from forecasts: safety stock and reorder point recomputed
//! from the forecast demand over the supplier's lead time and the forecast's own error,
//! shown beside the rule's current values, and written for the rules the user picks.
//!
//! Rules:
//! - Every reorder rule (an item at a location) gets a proposal. Demand is forecast per
//!   item *and location*: the location's own monthly issues (its own id, not the places
//!   inside it) go through the methods, back-test and choice of [`forecast`] (the item's
//!   override of the method included), over the same history window.
//! - Lead time L: the preferred offer's, else the item's shortest, as
//!   [`reorder::computed_parameters`] takes it ([`reorder::lead_times`]).
//! - Lead-time demand D_L: forecast months start with the month of `as_of`; each month's
//!   forecast is spread evenly over its days and the L days `as_of .. as_of + L` are
//!   summed. The hiring plan's kit demand (as [`crate::hiring::kit_demand`] counts it) is
//!   added the same way, at the location's share of the item's issues over the history
//!   window, so an item kept at several stores does not get every kit at each of them.
//! - σ_L: the chosen method's back-test RMSE is the error of one month's forecast. Over L
//!   days it is scaled with the square root of time, σ_L = RMSE × √(L ÷ 30.4375), where
//!   30.4375 = 365.25 ÷ 12 is the average month (errors of independent periods add up in
//!   variance, not in size).
//! - Safety stock = ⌈z × σ_L⌉ with z from the rule's service level (or from the level
//!   given for every rule, which applying then saves on the rule); reorder point =
//!   ⌈D_L⌉ + safety stock. Order-up-to keeps the rule's order quantity: new reorder point
//!   + (current order-up-to − current reorder point).
//! - No proposal, and a reason in words, when the item has no offer (no lead time), no
//!   issues at the location within the history window, or too few months of them for a
//!   back-test.
//! - [`apply`] recomputes the picked proposals and writes them through
//!   [`reorder::set_reorder`] (which records each changed rule on the item's history),
//!   keeping every other field of the rule. A pick without a rule or a proposal refuses
//!   the whole apply, naming each, and nothing is written.
//! - [`proposals`] runs a fixed handful of queries whatever the number of rules; only the
//!   forecasting itself is per rule.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::forecast::{self, Method};
use crate::reorder::{self, Formula, LeadTime, ReorderInput, ReorderSetting};
use crate::validate::{format_money, Checks};
use crate::{reference, Change, Error, Result};

/// Days in the average month (365.25 ÷ 12): σ of a month's forecast error is scaled to
/// the lead time by √(L ÷ this).
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// Months of history a back-test needs (it starts after [`forecast::MIN_TRAINING`]).
const MIN_BACKTEST_MONTHS: usize = forecast::MIN_TRAINING + 1;

/// A figure that is not a whole number, with how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub value: f64,
    pub working: String,
}

/// One reorder rule's current values and what the forecast proposes instead.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleProposal {
    pub item_id: i64,
    pub sku: String,
    pub item_name: String,
    pub unit: String,
    pub location_id: i64,
    /// "London HQ › North Tower › IT Store".
    pub location_name: String,
    /// The level the proposal uses: the rule's own, or the one given for every rule.
    pub service_level_bp: i64,
    /// The rule's saved level, which a level given for every rule replaces.
    pub rule_service_level_bp: i64,
    pub z: f64,
    pub lead_time: Option<LeadTime>,
    /// The forecasting method used (the back-test's choice or the item's override).
    pub method: Option<Method>,
    pub overridden: bool,
    /// Complete months of demand at this location behind the forecast.
    pub history_months: usize,
    /// The chosen method's back-test RMSE: the error of one month's forecast.
    pub rmse: Option<f64>,
    /// This location's share of the item's issues, which its kit demand is taken at.
    pub kit_share: f64,
    /// The hiring plan's kits within the lead-time demand (already in it).
    pub kit_demand: f64,
    /// Forecast demand over the lead time, kits included; its value is rounded up.
    pub lead_time_demand: Option<Formula>,
    /// σ of the forecast error over the lead time.
    pub sigma: Option<Estimate>,
    pub current_safety_stock: i64,
    pub current_reorder_point: i64,
    pub current_order_up_to: i64,
    pub safety_stock: Option<Formula>,
    pub reorder_point: Option<Formula>,
    pub order_up_to: Option<i64>,
    /// New − current.
    pub safety_stock_change: Option<i64>,
    pub reorder_point_change: Option<i64>,
    /// Whether applying would change the rule.
    pub changed: bool,
    /// Why there is no proposal.
    pub reason: Option<String>,
}

/// A rule picked to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplanPick {
    pub item_id: i64,
    pub location_id: i64,
}

/// A reorder rule as saved: what a proposal replaces and what applying keeps.
struct Rule {
    item_id: i64,
    sku: String,
    name: String,
    unit: String,
    location_id: i64,
    reorder_point: i64,
    safety_stock: i64,
    order_up_to: i64,
    reserved: i64,
    service_level_bp: i64,
    order_cost_minor: Option<i64>,
    holding_rate_bp: Option<i64>,
}

/// The first day of the next month.
fn next_month(month: NaiveDate) -> NaiveDate {
    month + Months::new(1)
}

/// The L days `as_of .. as_of + days` by month, from the month of `as_of`: (first day of
/// the month, days of the lead time in it, days in the month). Empty for no days.
pub fn lead_time_months(as_of: NaiveDate, days: i64) -> Vec<(NaiveDate, i64, i64)> {
    let mut out = Vec::new();
    let mut start = as_of;
    let end = as_of + Days::new(days.max(0) as u64);
    while start < end {
        let month = forecast::bucket_start(forecast::Bucket::Month, start);
        let following = next_month(month);
        let stop = following.min(end);
        out.push((month, (stop - start).num_days(), (following - month).num_days()));
        start = stop;
    }
    out
}

fn month_label(month: NaiveDate) -> String {
    month.format("%b %Y").to_string()
}

/// Sums the monthly rates (forecast, kits) over the lead time's days, with the working.
fn lead_time_demand(as_of: NaiveDate, days: i64, forecast: &[f64], kits: &[f64]) -> (Formula, f64) {
    let months = lead_time_months(as_of, days);
    let mut total = 0.0;
    let mut kit_total = 0.0;
    let mut terms = Vec::with_capacity(months.len());
    for (i, (month, inside, length)) in months.iter().enumerate() {
        let base = forecast.get(i).copied().unwrap_or(0.0);
        let kit = kits.get(i).copied().unwrap_or(0.0);
        let fraction = *inside as f64 / *length as f64;
        total += (base + kit) * fraction;
        kit_total += kit * fraction;
        let rate = if kit > 0.0 { format!("({base:.2} + {kit:.2} kits)") } else { format!("{base:.2}") };
        terms.push(format!("{} {rate} × {inside}/{length}", month_label(*month)));
    }
    if terms.len() > 6 {
        let last = terms.pop().expect("more than six");
        let hidden = terms.len() - 3;
        terms.truncate(3);
        terms.push(format!("… {hidden} more months …"));
        terms.push(last);
    }
    let value = reorder::ceil_clean(total);
    let working = if terms.is_empty() {
        "no lead time, so no demand during it: 0".to_string()
    } else {
        format!("{} = {total:.2} → {value}", terms.join(" + "))
    };
    (Formula { value, exact: total, working }, kit_total)
}

/// Whole months from `from`'s month to `to`'s month.
fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to.year() as i64 * 12 + to.month() as i64) - (from.year() as i64 * 12 + from.month() as i64)
}

fn rules(conn: &Connection, location_id: Option<i64>, only: Option<&HashSet<(i64, i64)>>) -> Result<Vec<Rule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.item_id, i.sku, i.name, i.unit, r.location_id, r.reorder_point, r.safety_stock, r.order_up_to,
                r.reserved, r.service_level_bp, r.order_cost_minor, r.holding_rate_bp
         FROM reorder_settings r JOIN stock_items i ON i.id = r.item_id
         WHERE ?1 IS NULL OR r.location_id = ?1",
    )?;
    let rows = stmt.query_map([location_id], |r| {
        Ok(Rule {
            item_id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            location_id: r.get(4)?,
            reorder_point: r.get(5)?,
            safety_stock: r.get(6)?,
            order_up_to: r.get(7)?,
            reserved: r.get(8)?,
            service_level_bp: r.get(9)?,
            order_cost_minor: r.get(10)?,
            holding_rate_bp: r.get(11)?,
        })
    })?;
    let mut out = Vec::new();
    for rule in rows {
        let rule = rule?;
        if only.is_none_or(|wanted| wanted.contains(&(rule.item_id, rule.location_id))) {
            out.push(rule);
        }
    }
    Ok(out)
}

/// Issued quantity per month (the month's first day), oldest first.
type MonthlyIssues = Vec<(NaiveDate, i64)>;

/// Monthly issues per (item, location) of the items in `items` over the history window,
/// each sorted by month.
fn monthly_issues(
    conn: &Connection,
    from: NaiveDate,
    end: NaiveDate,
    items: &HashSet<i64>,
) -> Result<HashMap<(i64, i64), MonthlyIssues>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, location_id, substr(at, 1, 7) || '-01', -sum(quantity) FROM stock_movements
         WHERE kind = 'issue' AND at >= ?1 AND at < ?2
           AND item_id IN (SELECT item_id FROM reorder_settings)
         GROUP BY item_id, location_id, 3 ORDER BY item_id, location_id, 3",
    )?;
    let rows = stmt.query_map(params![from.to_string(), end.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, NaiveDate>(2)?, r.get::<_, i64>(3)?))
    })?;
    let mut out: HashMap<(i64, i64), MonthlyIssues> = HashMap::new();
    for row in rows {
        let (item, location, month, quantity) = row?;
        if items.contains(&item) {
            out.entry((item, location)).or_default().push((month, quantity));
        }
    }
    Ok(out)
}

/// Kit demand per item and month for the months `first..end`: a department's own kit,
/// else the `*` kit, as [`crate::hiring::kit_demand`] counts it for one item.
fn kit_demand_by_item(conn: &Connection, first: NaiveDate, end: NaiveDate) -> Result<HashMap<(i64, NaiveDate), i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.item_id, p.month, sum(p.starters * l.quantity) FROM hiring_plan p
         JOIN onboarding_kit_lines l ON l.kit_id = coalesce(
             (SELECT id FROM onboarding_kits WHERE department = p.department),
             (SELECT id FROM onboarding_kits WHERE department = '*'))
         WHERE p.month >= ?1 AND p.month < ?2
         GROUP BY l.item_id, p.month",
    )?;
    let rows = stmt.query_map(params![first.to_string(), end.to_string()], |r| {
        Ok(((r.get::<_, i64>(0)?, r.get::<_, NaiveDate>(1)?), r.get::<_, i64>(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn overrides(conn: &Connection) -> Result<HashMap<i64, Method>> {
    let mut stmt = conn.prepare_cached("SELECT item_id, method FROM forecast_overrides")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (item, method) = row?;
        if let Some(m) = Method::parse(&method) {
            out.insert(item, m);
        }
    }
    Ok(out)
}

fn check_inputs(conn: &Connection, location_id: Option<i64>, service_level_bp: Option<i64>) -> Result<()> {
    let mut checks = Checks::default();
    if let Some(id) = location_id {
        if !conn.prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?.exists([id])? {
            checks.push("locationId", format!("location {id} does not exist"));
        }
    }
    if let Some(bp) = service_level_bp {
        reorder::check_service_level(&mut checks, "serviceLevelBp", bp);
    }
    checks.into_result()
}

/// Every rule's proposal, with the saved rule behind it.
fn plan(
    conn: &Connection,
    as_of: NaiveDate,
    location_id: Option<i64>,
    service_level_bp: Option<i64>,
    only: Option<&HashSet<(i64, i64)>>,
) -> Result<Vec<(Rule, RuleProposal)>> {
    check_inputs(conn, location_id, service_level_bp)?;
    let rules = rules(conn, location_id, only)?;
    if rules.is_empty() {
        return Ok(vec![]);
    }
    let names: HashMap<i64, String> = reference::locations(conn)?.into_iter().map(|l| (l.id, l.full_name)).collect();
    let leads = reorder::lead_times(conn)?;
    let overrides = overrides(conn)?;
    let (from, end) = forecast::history_window(as_of);
    let items: HashSet<i64> = rules.iter().map(|r| r.item_id).collect();
    let issues = monthly_issues(conn, from, end, &items)?;
    let mut item_totals: HashMap<i64, i64> = HashMap::new();
    for ((item, _), months) in &issues {
        *item_totals.entry(*item).or_default() += months.iter().map(|(_, q)| q).sum::<i64>();
    }
    let first_month = forecast::bucket_start(forecast::Bucket::Month, as_of);
    let longest = rules.iter().filter_map(|r| leads.get(&r.item_id)).map(|l| l.days).max().unwrap_or(0);
    let kit_end = next_month(forecast::bucket_start(forecast::Bucket::Month, as_of + Days::new(longest as u64)));
    let kits = kit_demand_by_item(conn, first_month, kit_end)?;

    let mut out = Vec::with_capacity(rules.len());
    for rule in rules {
        let level = service_level_bp.unwrap_or(rule.service_level_bp);
        let z = reorder::z_for_service_level(level);
        let lead = leads.get(&rule.item_id).cloned();
        // Net demand of zero in a month (an issue reversed) is no demand, so the history
        // starts at the first month with some.
        let months: Vec<(NaiveDate, i64)> = issues
            .get(&(rule.item_id, rule.location_id))
            .map(|m| m.iter().copied().skip_while(|(_, q)| *q == 0).collect())
            .unwrap_or_default();
        let here: i64 = months.iter().map(|(_, q)| q).sum();
        let total = item_totals.get(&rule.item_id).copied().unwrap_or(0);
        let kit_share = if total > 0 { here as f64 / total as f64 } else { 0.0 };
        let history = forecast::monthly_series(&months, end);
        let series: Vec<f64> = history.iter().map(|p| p.quantity as f64).collect();
        let mut proposal = RuleProposal {
            item_id: rule.item_id,
            sku: rule.sku.clone(),
            item_name: rule.name.clone(),
            unit: rule.unit.clone(),
            location_id: rule.location_id,
            location_name: names.get(&rule.location_id).cloned().unwrap_or_default(),
            service_level_bp: level,
            rule_service_level_bp: rule.service_level_bp,
            z,
            lead_time: lead.clone(),
            method: None,
            overridden: false,
            history_months: history.len(),
            rmse: None,
            kit_share,
            kit_demand: 0.0,
            lead_time_demand: None,
            sigma: None,
            current_safety_stock: rule.safety_stock,
            current_reorder_point: rule.reorder_point,
            current_order_up_to: rule.order_up_to,
            safety_stock: None,
            reorder_point: None,
            order_up_to: None,
            safety_stock_change: None,
            reorder_point_change: None,
            changed: false,
            reason: None,
        };
        let Some(lead) = lead else {
            proposal.reason = Some("no supplier offers this item, so there is no lead time: add an offer".into());
            out.push((rule, proposal));
            continue;
        };
        if series.is_empty() {
            proposal.reason = Some(format!(
                "nothing was issued here in the last {} months, so there is no forecast",
                forecast::MAX_HISTORY_MONTHS
            ));
            out.push((rule, proposal));
            continue;
        }
        let horizon =
            if lead.days > 0 { months_between(as_of, as_of + Days::new(lead.days as u64 - 1)) as usize + 1 } else { 1 };
        let f = forecast::forecast_series(&series, horizon, overrides.get(&rule.item_id).copied());
        let chosen = f.methods.iter().find(|m| m.method == f.chosen).expect("every method has a result");
        proposal.method = Some(f.chosen);
        proposal.overridden = f.overridden;
        proposal.rmse = chosen.rmse;
        let Some(rmse) = chosen.rmse else {
            proposal.reason = Some(format!(
                "only {} months of demand here; the forecast's back-test needs at least {MIN_BACKTEST_MONTHS}",
                series.len()
            ));
            out.push((rule, proposal));
            continue;
        };
        let kit_rates: Vec<f64> = (0..horizon as u32)
            .map(|h| {
                let month = first_month + Months::new(h);
                kits.get(&(rule.item_id, month)).copied().unwrap_or(0) as f64 * kit_share
            })
            .collect();
        let (demand, kit_demand) = lead_time_demand(as_of, lead.days, &chosen.forecast, &kit_rates);
        let sigma = rmse * (lead.days as f64 / DAYS_PER_MONTH).sqrt();
        let sigma = Estimate {
            value: sigma,
            working: format!("{rmse:.2} × √({} ÷ {DAYS_PER_MONTH}) = {sigma:.2}", lead.days),
        };
        let exact = z * sigma.value;
        let ss = reorder::ceil_clean(exact);
        let rp = demand.value + ss;
        let out_level = rp + (rule.order_up_to - rule.reorder_point).max(0);
        proposal.kit_demand = kit_demand;
        proposal.safety_stock =
            Some(Formula { value: ss, exact, working: format!("{z:.3} × {:.2} = {exact:.2} → {ss}", sigma.value) });
        proposal.reorder_point = Some(Formula {
            value: rp,
            exact: demand.exact + exact,
            working: format!("{} + {ss} = {rp}", demand.value),
        });
        proposal.order_up_to = Some(out_level);
        proposal.safety_stock_change = Some(ss - rule.safety_stock);
        proposal.reorder_point_change = Some(rp - rule.reorder_point);
        proposal.changed = ss != rule.safety_stock
            || rp != rule.reorder_point
            || out_level != rule.order_up_to
            || level != rule.service_level_bp;
        proposal.lead_time_demand = Some(demand);
        proposal.sigma = Some(sigma);
        out.push((rule, proposal));
    }
    out.sort_by(|(_, a), (_, b)| {
        (&a.sku, &a.location_name, a.location_id).cmp(&(&b.sku, &b.location_name, b.location_id))
    });
    Ok(out)
}

/// Every reorder rule's proposal on `as_of` — at one location, or everywhere — by SKU
/// and location. `service_level_bp` replaces every rule's own level when given.
pub fn proposals(
    conn: &Connection,
    as_of: NaiveDate,
    location_id: Option<i64>,
    service_level_bp: Option<i64>,
) -> Result<Vec<RuleProposal>> {
    Ok(plan(conn, as_of, location_id, service_level_bp, None)?.into_iter().map(|(_, p)| p).collect())
}

/// Recomputes the picked rules' proposals on `as_of` and saves their safety stock,
/// reorder point and order-up-to (and the service level, when one was given for every
/// rule), keeping the rest of each rule. Refused, naming each, when a pick has no rule or
/// no proposal; then nothing is written. Returns the rules as saved.
pub fn apply(
    tx: &Transaction,
    change: &Change,
    picks: &[(i64, i64)],
    as_of: NaiveDate,
    service_level_bp: Option<i64>,
) -> Result<Vec<ReorderSetting>> {
    if picks.is_empty() {
        return Err(Error::invalid("picks", "pick at least one rule to change"));
    }
    let wanted: HashSet<(i64, i64)> = picks.iter().copied().collect();
    let planned = plan(tx, as_of, None, service_level_bp, Some(&wanted))?;
    let found: HashSet<(i64, i64)> = planned.iter().map(|(r, _)| (r.item_id, r.location_id)).collect();
    let mut problems = Vec::new();
    let mut gone: Vec<(i64, i64)> = wanted.difference(&found).copied().collect();
    gone.sort_unstable();
    for (item, location) in gone {
        problems.push(format!("stock item {item} has no reorder rule at location {location}"));
    }
    for (_, p) in &planned {
        if let Some(reason) = &p.reason {
            problems.push(format!("{} at {}: {reason}", p.sku, p.location_name));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Conflict { field: None, message: problems.join("; ") });
    }
    let mut saved = Vec::with_capacity(planned.len());
    for (rule, p) in planned {
        let (Some(ss), Some(rp), Some(out)) = (&p.safety_stock, &p.reorder_point, p.order_up_to) else {
            unreachable!("a proposal without a reason has its values")
        };
        let input = ReorderInput {
            item_id: rule.item_id,
            location_id: rule.location_id,
            reorder_point: rp.value,
            safety_stock: ss.value,
            order_up_to: out,
            reserved: rule.reserved,
            service_level_bp: p.service_level_bp,
            order_cost: rule.order_cost_minor.map(format_money),
            holding_rate_bp: rule.holding_rate_bp,
        };
        saved.push(reorder::set_reorder(tx, change, &input)?);
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn lead_time_days_fall_into_their_months() {
        // 16 June + 20 days: 15 days of June (16th–30th), 5 of July.
        assert_eq!(lead_time_months(day(2026, 6, 16), 20), vec![(day(2026, 6, 1), 15, 30), (day(2026, 7, 1), 5, 31)]);
        assert_eq!(lead_time_months(day(2026, 6, 16), 0), vec![]);
        assert_eq!(lead_time_months(day(2026, 2, 1), 28), vec![(day(2026, 2, 1), 28, 28)]);
    }

    #[test]
    fn lead_time_demand_spreads_each_month_over_its_days() {
        let (f, kits) = lead_time_demand(day(2026, 6, 16), 20, &[30.0, 31.0], &[0.0, 62.0]);
        // 30 × 15/30 + (31 + 62) × 5/31 = 15 + 15 = 30.
        assert!((f.exact - 30.0).abs() < 1e-9, "{}", f.exact);
        assert_eq!(f.value, 30);
        assert!((kits - 10.0).abs() < 1e-9);
        assert_eq!(f.working, "Jun 2026 30.00 × 15/30 + Jul 2026 (31.00 + 62.00 kits) × 5/31 = 30.00 → 30");
    }
}
