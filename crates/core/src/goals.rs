//! Category goals: the KPIs a stock category is held to (target fill rate, maximum
//! stockouts a quarter, inventory turns, days of cover, maximum stock age) and the
//! actuals measured against them month by month.
//!
//! The goals live in `category_goals` (migration 0010), one row per category; a NULL
//! column means "no goal for this measure". Only a category that can hold stock (kind
//! 'stock' or 'both') has goals; [`set_goals`] with every goal `None` removes the row.
//!
//! **Actuals** ([`goal_actuals`]) are measured for every stock category with at least one
//! stock item, for each of the last `months` calendar months ending with the month of
//! `as_of`; that last month counts only up to `as_of` (month to date). Per month, over
//! the category's items and every location:
//!
//! - **Fill rate** = units issued ÷ (units issued + the unmet demand of the stockouts
//!   recorded in the month), in basis points rounded down; none when both are 0.
//!   Issues of consignment stock count: the user was served either way.
//! - **Stockouts**: the stockouts recorded in the month, and in its quarter up to the
//!   month's end (quarter to date).
//! - **Inventory turns** (a year, × 100, rounded down) = cost of goods issued in the
//!   month × 12 ÷ the average of the stock value at the month's opening and close. Only
//!   our own stock counts (consignment stock was never our inventory). Unit cost is the
//!   classification's rule ([`crate::classification`]): the preferred offer's price,
//!   else the last receipt's cost, as at the month's end (the opening at the end of the
//!   month before); only items priced in the default currency count, so currencies are
//!   never mixed. A month to date is scaled to the whole month (× days in the month ÷
//!   days counted). None when the opening and closing values are both 0.
//! - **Days of cover** at the month's end = units on hand then (ours and consigned, all
//!   can be issued) ÷ the average daily issues over the month's days counted; none in a
//!   month without issues.
//! - **Oldest stock age** at the month's end: the age of the oldest unit of our own
//!   stock on hand by FIFO, as [`crate::stock_analysis::ageing`] ages it; none without
//!   stock.
//!
//! A measure **misses** its goal when the fill rate is below the target, the quarter's
//! stockouts to date are above the maximum, the turns are below the target, the cover
//! is below the minimum or above the maximum, or the oldest stock is older than the
//! maximum age. A measure without a figure does not miss. Comparisons are exact (in
//! integers), so a figure exactly at its goal meets it.
//!
//! Reading is set-based: issues and stockouts per item and month in one query each,
//! then per month end one query for the on-hand quantities, one for unit costs and the
//! ageing's few queries — never a query per item.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::reference::CategoryKind;
use crate::validate::Checks;
use crate::{classification, events, settings, stock_analysis, Change, Error, Result};

/// The goals of one category as stored; `None` is no goal for that measure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Goals {
    /// Target fill rate (service level), in basis points: 9500 is 95%.
    pub fill_rate_bp: Option<i64>,
    pub max_stockouts_per_quarter: Option<i64>,
    /// Target inventory turns a year, × 100: 600 is 6 turns.
    pub target_turns_centi: Option<i64>,
    pub min_days_of_cover: Option<i64>,
    pub max_days_of_cover: Option<i64>,
    pub max_stock_age_days: Option<i64>,
}

/// A category with its goals, as the policy and the goals page list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryGoals {
    pub category_id: i64,
    pub category_name: String,
    pub goals: Goals,
}

/// Every category that can hold stock (kind 'stock' or 'both'), by name, with its goals
/// (all `None` where none are set).
pub fn category_goals(conn: &Connection) -> Result<Vec<CategoryGoals>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, g.fill_rate_bp, g.max_stockouts_per_quarter, g.target_turns_centi,
                g.min_days_of_cover, g.max_days_of_cover, g.max_stock_age_days
         FROM categories c LEFT JOIN category_goals g ON g.category_id = c.id
         WHERE c.kind IN ('stock', 'both')
         ORDER BY c.name, c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CategoryGoals {
            category_id: r.get(0)?,
            category_name: r.get(1)?,
            goals: Goals {
                fill_rate_bp: r.get(2)?,
                max_stockouts_per_quarter: r.get(3)?,
                target_turns_centi: r.get(4)?,
                min_days_of_cover: r.get(5)?,
                max_days_of_cover: r.get(6)?,
                max_stock_age_days: r.get(7)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The goals of one category (all `None` where none are set).
pub fn goals_of(conn: &Connection, category_id: i64) -> Result<Goals> {
    Ok(conn
        .prepare_cached(
            "SELECT fill_rate_bp, max_stockouts_per_quarter, target_turns_centi, min_days_of_cover,
                    max_days_of_cover, max_stock_age_days
             FROM category_goals WHERE category_id = ?1",
        )?
        .query_row([category_id], |r| {
            Ok(Goals {
                fill_rate_bp: r.get(0)?,
                max_stockouts_per_quarter: r.get(1)?,
                target_turns_centi: r.get(2)?,
                min_days_of_cover: r.get(3)?,
                max_days_of_cover: r.get(4)?,
                max_stock_age_days: r.get(5)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// Sets a stock category's goals; every goal `None` removes them.
pub fn set_goals(tx: &Transaction, change: &Change, category_id: i64, goals: &Goals) -> Result<CategoryGoals> {
    let (category_name, kind): (String, String) = tx
        .prepare_cached("SELECT name, kind FROM categories WHERE id = ?1")?
        .query_row([category_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("category {category_id}")))?;
    let mut checks = Checks::default();
    if CategoryKind::parse(&kind) == CategoryKind::Asset {
        checks.push("categoryId", format!("{category_name} holds assets only; goals are for stock categories"));
    }
    if goals.fill_rate_bp.is_some_and(|bp| !(0..=10_000).contains(&bp)) {
        checks.push("fillRateBp", "must be between 0% and 100%");
    }
    if goals.max_stockouts_per_quarter.is_some_and(|n| n < 0) {
        checks.push("maxStockoutsPerQuarter", "cannot be negative");
    }
    if goals.target_turns_centi.is_some_and(|t| t <= 0) {
        checks.push("targetTurnsCenti", "must be above 0");
    }
    if goals.min_days_of_cover.is_some_and(|d| d < 0) {
        checks.push("minDaysOfCover", "cannot be negative");
    }
    match (goals.min_days_of_cover, goals.max_days_of_cover) {
        (_, Some(max)) if max < 0 => checks.push("maxDaysOfCover", "cannot be negative"),
        (Some(min), Some(max)) if min > max => {
            checks.push("maxDaysOfCover", format!("must be at least the minimum ({min} days)"))
        }
        _ => {}
    }
    if goals.max_stock_age_days.is_some_and(|d| d <= 0) {
        checks.push("maxStockAgeDays", "must be above 0 days");
    }
    checks.into_result()?;

    let before = goals_of(tx, category_id)?;
    if before != *goals {
        if *goals == Goals::default() {
            tx.prepare_cached("DELETE FROM category_goals WHERE category_id = ?1")?.execute([category_id])?;
        } else {
            tx.prepare_cached(
                "INSERT INTO category_goals (category_id, fill_rate_bp, max_stockouts_per_quarter,
                     target_turns_centi, min_days_of_cover, max_days_of_cover, max_stock_age_days)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (category_id) DO UPDATE SET fill_rate_bp = excluded.fill_rate_bp,
                     max_stockouts_per_quarter = excluded.max_stockouts_per_quarter,
                     target_turns_centi = excluded.target_turns_centi,
                     min_days_of_cover = excluded.min_days_of_cover,
                     max_days_of_cover = excluded.max_days_of_cover,
                     max_stock_age_days = excluded.max_stock_age_days",
            )?
            .execute(params![
                category_id,
                goals.fill_rate_bp,
                goals.max_stockouts_per_quarter,
                goals.target_turns_centi,
                goals.min_days_of_cover,
                goals.max_days_of_cover,
                goals.max_stock_age_days
            ])?;
        }
        let json = |g: &Goals| serde_json::json!({ "goals": g });
        events::append(tx, change, "category", category_id, "goals_set", Some(&json(&before)), Some(&json(goals)))?;
    }
    Ok(CategoryGoals { category_id, category_name, goals: goals_of(tx, category_id)? })
}

// ---- actuals ------------------------------------------------------------------------

/// A measure a category is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GoalMeasure {
    FillRate,
    Stockouts,
    Turns,
    DaysOfCover,
    StockAge,
}

/// One category's figures for one month (see the module doc for the rules).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthActuals {
    /// The first day of the month.
    pub month: NaiveDate,
    /// The last day counted: the month's end, or `as_of` in its month.
    pub through: NaiveDate,
    pub issued: i64,
    pub demand_unmet: i64,
    pub fill_rate_bp: Option<i64>,
    pub stockouts: i64,
    pub stockouts_quarter_to_date: i64,
    /// Cost of our own stock issued, in the report's currency.
    pub cost_of_issues_minor: i64,
    pub opening_value_minor: i64,
    pub closing_value_minor: i64,
    /// Turns a year × 100, rounded down.
    pub turns_centi: Option<i64>,
    /// Units on hand at `through` (ours and consigned).
    pub on_hand: i64,
    pub days_of_cover: Option<f64>,
    pub oldest_stock_age_days: Option<i64>,
    /// The measures that missed their goal, in [`GoalMeasure`] order.
    pub missed: Vec<GoalMeasure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryActuals {
    pub category_id: i64,
    pub category_name: String,
    pub goals: Goals,
    /// Oldest month first.
    pub months: Vec<MonthActuals>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalReport {
    pub as_of: NaiveDate,
    /// The currency of every amount (the default currency); items priced in another
    /// currency are left out of the turns.
    pub currency: String,
    /// By category name.
    pub categories: Vec<CategoryActuals>,
}

/// At most this many months in one report.
pub const MAX_MONTHS: usize = 36;

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).expect("a quarter starts on a real day")
}

/// "YYYY-MM", as the ledger's timestamps begin.
fn month_key(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// The day after, as the exclusive bound of timestamps on or before `day`.
fn end_of(day: NaiveDate) -> String {
    day.succ_opt().unwrap_or(day).to_string()
}

/// Issues and stockouts of one item in one month.
#[derive(Default, Clone, Copy)]
struct Flow {
    issued: i64,
    own_issued: i64,
    stockouts: i64,
    unmet: i64,
}

/// The stock of every item at one moment: units on hand (all owners), our own units,
/// and their unit costs in the default currency.
struct Snapshot {
    on_hand: HashMap<i64, (i64, i64)>,
    costs: HashMap<i64, i64>,
}

impl Snapshot {
    fn read(conn: &Connection, day: NaiveDate, currency: &str) -> Result<Snapshot> {
        let on_hand = conn
            .prepare_cached(
                "SELECT item_id, sum(quantity), sum(CASE WHEN owner_supplier_id IS NULL THEN quantity ELSE 0 END)
                 FROM stock_movements WHERE at < ?1 GROUP BY item_id",
            )?
            .query_map([end_of(day)], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let costs = classification::unit_costs(conn, day)?
            .into_iter()
            .filter(|(_, price)| price.currency == currency)
            .map(|(item, price)| (item, price.minor))
            .collect();
        Ok(Snapshot { on_hand, costs })
    }

    /// Units on hand (all owners) of these items.
    fn units(&self, items: &[i64]) -> i64 {
        items.iter().filter_map(|i| self.on_hand.get(i)).map(|(all, _)| all).sum()
    }

    /// The value of our own stock of these items, at their unit costs.
    fn value(&self, items: &[i64]) -> i64 {
        items
            .iter()
            .filter_map(|i| Some(self.on_hand.get(i)?.1.max(0).saturating_mul(*self.costs.get(i)?)))
            .fold(0i64, i64::saturating_add)
    }
}

/// Category goals against the actuals of the last `months` months up to `as_of`.
pub fn goal_actuals(conn: &Connection, as_of: NaiveDate, months: usize) -> Result<GoalReport> {
    if !(1..=MAX_MONTHS).contains(&months) {
        return Err(Error::invalid("months", format!("must be 1 to {MAX_MONTHS} months")));
    }
    let currency = settings::load(conn)?.default_currency;
    let first = month_start(as_of)
        .checked_sub_months(Months::new(months as u32 - 1))
        .ok_or_else(|| Error::invalid("asOf", "is too early"))?;
    // (first day, last day counted) of each month, oldest first.
    let periods: Vec<(NaiveDate, NaiveDate)> = (0..months as u32)
        .map(|k| {
            let start = first + Months::new(k);
            let last = (start + Months::new(1)).pred_opt().expect("a month has a last day");
            (start, last.min(as_of))
        })
        .collect();

    // The stock categories with items, and their items.
    let mut items_of: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT i.category_id, i.id FROM stock_items i JOIN categories c ON c.id = i.category_id
         WHERE c.kind IN ('stock', 'both') ORDER BY i.id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (category, item) = row?;
        items_of.entry(category).or_default().push(item);
    }
    let categories: Vec<CategoryGoals> =
        category_goals(conn)?.into_iter().filter(|c| items_of.contains_key(&c.category_id)).collect();
    if categories.is_empty() {
        return Ok(GoalReport { as_of, currency, categories: Vec::new() });
    }

    // Issues and stockouts per item and month, from the first month's quarter on.
    let since = quarter_start(first).to_string();
    let until = end_of(as_of);
    let mut flows: HashMap<(i64, String), Flow> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, substr(at, 1, 7), -sum(quantity),
                -sum(CASE WHEN owner_supplier_id IS NULL THEN quantity ELSE 0 END)
         FROM stock_movements WHERE kind = 'issue' AND at >= ?1 AND at < ?2
         GROUP BY item_id, substr(at, 1, 7)",
    )?;
    for row in stmt.query_map(params![since, until], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))? {
        let (item, month, issued, own_issued): (i64, String, i64, i64) = row?;
        let flow = flows.entry((item, month)).or_default();
        flow.issued += issued;
        flow.own_issued += own_issued;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, substr(at, 1, 7), count(*), sum(demand_unmet) FROM stockouts
         WHERE at >= ?1 AND at < ?2 GROUP BY item_id, substr(at, 1, 7)",
    )?;
    for row in stmt.query_map(params![since, until], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))? {
        let (item, month, count, unmet): (i64, String, i64, i64) = row?;
        let flow = flows.entry((item, month)).or_default();
        flow.stockouts += count;
        flow.unmet += unmet;
    }
    let flow_of = |items: &[i64], month: NaiveDate| -> Flow {
        let key = month_key(month);
        let mut total = Flow::default();
        for item in items {
            if let Some(f) = flows.get(&(*item, key.clone())) {
                total.issued += f.issued;
                total.own_issued += f.own_issued;
                total.stockouts += f.stockouts;
                total.unmet += f.unmet;
            }
        }
        total
    };

    // The stock at the end of the month before the first, then at each month's end.
    let mut snapshots = vec![Snapshot::read(conn, first.pred_opt().unwrap_or(first), &currency)?];
    let mut oldest: Vec<HashMap<i64, i64>> = Vec::with_capacity(months);
    for (_, through) in &periods {
        snapshots.push(Snapshot::read(conn, *through, &currency)?);
        let mut by_item: HashMap<i64, i64> = HashMap::new();
        for row in stock_analysis::ageing(conn, *through)?.items {
            let age = by_item.entry(row.item.id).or_insert(row.oldest_age_days);
            *age = (*age).max(row.oldest_age_days);
        }
        oldest.push(by_item);
    }

    let mut out = Vec::with_capacity(categories.len());
    for category in categories {
        let items = &items_of[&category.category_id];
        let goals = &category.goals;
        let mut rows = Vec::with_capacity(months);
        for (k, (month, through)) in periods.iter().enumerate() {
            let flow = flow_of(items, *month);
            let quarter_to_date: i64 = std::iter::successors(Some(quarter_start(*month)), |m| {
                Some(*m + Months::new(1)).filter(|next| next <= month)
            })
            .map(|m| flow_of(items, m).stockouts)
            .sum();
            let days = (*through - *month).num_days() + 1;
            let days_in_month = ((*month + Months::new(1)) - *month).num_days();
            let (opening, closing) = (&snapshots[k], &snapshots[k + 1]);
            let cost_of_issues = items
                .iter()
                .filter_map(|i| {
                    let f = flows.get(&(*i, month_key(*month)))?;
                    Some(f.own_issued.saturating_mul(*closing.costs.get(i)?))
                })
                .fold(0i64, i64::saturating_add);
            let (opening_value, closing_value) = (opening.value(items), closing.value(items));
            // turns × 100 = cost × 12 × 100 ÷ ((opening + closing) ÷ 2), scaled to the whole month.
            let turns_centi = (opening_value + closing_value > 0).then(|| {
                let numerator = i128::from(cost_of_issues) * 2400 * i128::from(days_in_month);
                let denominator = i128::from(opening_value + closing_value) * i128::from(days);
                (numerator / denominator) as i64
            });
            let on_hand = closing.units(items);
            let served = flow.issued + flow.unmet;
            let fill_rate_bp = (served > 0).then(|| flow.issued * 10_000 / served);
            let days_of_cover = (flow.issued > 0).then(|| on_hand as f64 * days as f64 / flow.issued as f64);
            let oldest_stock_age_days = items.iter().filter_map(|i| oldest[k].get(i)).copied().max();

            let mut missed = Vec::new();
            if goals.fill_rate_bp.is_some_and(|target| served > 0 && flow.issued * 10_000 < target * served) {
                missed.push(GoalMeasure::FillRate);
            }
            if goals.max_stockouts_per_quarter.is_some_and(|max| quarter_to_date > max) {
                missed.push(GoalMeasure::Stockouts);
            }
            if let (Some(target), Some(turns)) = (goals.target_turns_centi, turns_centi) {
                if turns < target {
                    missed.push(GoalMeasure::Turns);
                }
            }
            // Cover = on hand × days ÷ issued, compared without dividing.
            let cover_scaled = i128::from(on_hand) * i128::from(days);
            let issued = i128::from(flow.issued);
            let below = goals.min_days_of_cover.is_some_and(|min| cover_scaled < i128::from(min) * issued);
            let above = goals.max_days_of_cover.is_some_and(|max| cover_scaled > i128::from(max) * issued);
            if flow.issued > 0 && (below || above) {
                missed.push(GoalMeasure::DaysOfCover);
            }
            if let (Some(max), Some(age)) = (goals.max_stock_age_days, oldest_stock_age_days) {
                if age > max {
                    missed.push(GoalMeasure::StockAge);
                }
            }
            rows.push(MonthActuals {
                month: *month,
                through: *through,
                issued: flow.issued,
                demand_unmet: flow.unmet,
                fill_rate_bp,
                stockouts: flow.stockouts,
                stockouts_quarter_to_date: quarter_to_date,
                cost_of_issues_minor: cost_of_issues,
                opening_value_minor: opening_value,
                closing_value_minor: closing_value,
                turns_centi,
                on_hand,
                days_of_cover,
                oldest_stock_age_days,
                missed,
            });
        }
        out.push(CategoryActuals {
            category_id: category.category_id,
            category_name: category.category_name,
            goals: category.goals,
            months: rows,
        });
    }
    Ok(GoalReport { as_of, currency, categories: out })
}

// ---- demo ---------------------------------------------------------------------------

/// Goals for the demo's stock families: tight service on what people wait for (toner,
/// keyboards, backup media), leaner stock and longer shelf life for breakdown spares.
pub(crate) fn seed_demo(tx: &Transaction, change: &Change) -> Result<()> {
    // (category, fill rate bp, max stockouts a quarter, turns × 100, min cover, max cover, max age)
    type Seed = (&'static str, i64, i64, i64, Option<i64>, Option<i64>, i64);
    const SEEDS: &[Seed] = &[
        ("Toner & ink", 9_800, 1, 800, Some(10), Some(45), 180),
        ("Keyboards & mice", 9_500, 2, 600, Some(14), Some(60), 365),
        ("Headsets & webcams", 9_500, 2, 400, Some(14), Some(90), 365),
        ("Cables & adapters", 9_500, 3, 400, Some(14), Some(90), 365),
        ("Backup media", 9_800, 1, 400, Some(14), Some(90), 365),
        ("IT supplies", 9_500, 3, 600, Some(7), Some(60), 365),
        ("Spare disks", 9_000, 2, 200, None, None, 730),
        ("Spare network kit", 9_000, 1, 100, None, None, 730),
        ("Laptop spares", 9_000, 2, 200, None, None, 540),
        ("Docking spares", 9_000, 2, 200, None, None, 540),
    ];
    let known: HashSet<i64> = category_goals(tx)?.into_iter().map(|c| c.category_id).collect();
    for (name, fill, stockouts, turns, min_cover, max_cover, age) in SEEDS {
        let Some(id) = crate::reference::find_id(tx, "categories", name)? else { continue };
        if !known.contains(&id) {
            continue;
        }
        let goals = Goals {
            fill_rate_bp: Some(*fill),
            max_stockouts_per_quarter: Some(*stockouts),
            target_turns_centi: Some(*turns),
            min_days_of_cover: *min_cover,
            max_days_of_cover: *max_cover,
            max_stock_age_days: Some(*age),
        };
        set_goals(tx, change, id, &goals)?;
    }
    Ok(())
}
