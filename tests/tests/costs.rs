//! End-to-end: the Planning › Costs tab on the CLI's demo stock. A storage cost set in
//! the window adds exactly its amount to every month's storage; a holding rate over
//! 100 % is refused on its field and a valid one applies; a stockout's cost entered
//! inline counts under stockouts; the dashboard's figures are the CLI's (`costs
//! --json`) for the same period; the saved PDF prints the same total.

use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};
use tagledger_e2e::{cli, pdf_text, App};

const FROM: &str = "2026-01-01";
const TO: &str = "2026-11-30";
const MONTHS: i64 = 11;

/// Dismisses the toasts (they would cover the page in a screenshot), then takes one.
fn screenshot(app: &App, name: &str) -> Result<()> {
    app.exec(
        "document.querySelectorAll('[data-testid=toast] button').forEach((b) => b.click()); return true;",
        json!([]),
    )?;
    app.wait_gone("[data-testid=toast]")?;
    app.screenshot(name)?;
    Ok(())
}

fn minor(app: &App, css: &str) -> Result<i64> {
    let value = app.wait_for(css)?.attr("data-minor")?.unwrap_or_default();
    value.parse().with_context(|| format!("{css} data-minor '{value}'"))
}

fn input_value(app: &App, css: &str) -> Result<String> {
    let v = app.exec("return document.querySelector(arguments[0]).value;", json!([css]))?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The CLI's report of the same period.
fn cli_report(db: &std::path::Path) -> Result<Value> {
    Ok(serde_json::from_str(&cli(db, &["costs", "--from", FROM, "--to", TO, "--json"])?)?)
}

/// An amount as the PDF's tables print it: 1234567 → "12,345.67".
fn amount(minor: i64) -> String {
    let whole = (minor / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{:02}", minor % 100)
}

/// Types `value` into the inline editor `css` (an input) and presses its Save.
fn enter(app: &App, css: &str, save: &str, value: &str) -> Result<()> {
    let input = app.wait_for(css)?;
    input.clear()?;
    input.send_keys(value)?;
    app.wait_for(save)?.click()?;
    Ok(())
}

#[test]
fn costs_dashboard_sets_costs_and_matches_the_cli_and_the_pdf() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("costs.db");
    cli(
        &db,
        &["demo", "--assets", "20", "--people", "10", "--stock-items", "40", "--stock-months", "24", "--seed", "4"],
    )?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-planning]")?.click()?;
    app.wait_for("[data-testid=planning-tab-costs]")?.click()?;
    app.set_value("[data-testid=costs-from]", FROM)?;
    app.set_value("[data-testid=costs-to]", TO)?;
    app.wait_for("[data-testid=costs-summary]")?;
    let before = cli_report(&db)?;
    app.wait_until("the period's figures", |a| {
        Ok(minor(a, "[data-testid=costs-total]")? == before["total"]["total"].as_i64().unwrap_or(-1))
    })?;
    let storage_before = minor(&app, "[data-testid=costs-kind-storage]")?;

    // A storage cost of €300.00 a month on the first stock room.
    let room = "[data-testid=costs-location]:first-of-type";
    let was = input_value(&app, &format!("{room} [data-testid=storage-input]"))?;
    let was_minor = if was.is_empty() { 0 } else { (was.parse::<f64>()? * 100.0).round() as i64 };
    enter(
        &app,
        &format!("{room} [data-testid=storage-input]"),
        &format!("{room} [data-testid=storage-save]"),
        "300.00",
    )?;
    let expected = storage_before + (30_000 - was_minor) * MONTHS;
    app.wait_until("storage with the new cost", |a| Ok(minor(a, "[data-testid=costs-kind-storage]")? == expected))?;

    // A holding rate over 100 % is refused on its field; 30 % applies.
    let rate = "[data-testid=costs-rate]:first-of-type";
    enter(&app, &format!("{rate} [data-testid=rate-input]"), &format!("{rate} [data-testid=rate-save]"), "150")?;
    let error = app.wait_for(&format!("{rate} [data-testid=rate-error]"))?.text()?;
    ensure!(error.contains("percentage from 0 to 100"), "rate error: {error}");
    enter(&app, &format!("{rate} [data-testid=rate-input]"), &format!("{rate} [data-testid=rate-save]"), "30")?;
    app.wait_for(&format!("{rate} [data-bp='3000']"))?;

    // A stockout's cost, entered inline.
    let stockouts = app.find_all("[data-testid=costs-stockout]")?.len();
    if stockouts > 0 {
        let row = "[data-testid=costs-stockout]:first-of-type";
        enter(
            &app,
            &format!("{row} [data-testid=stockout-cost-input]"),
            &format!("{row} [data-testid=stockout-cost-save]"),
            "80.00",
        )?;
        app.wait_for(&format!("{row}[data-minor='8000']"))?;
    }

    // The dashboard shows what the CLI computes for the same period.
    let after = cli_report(&db)?;
    ensure!(after["total"]["storage"].as_i64() == Some(expected), "CLI storage {}", after["total"]["storage"]);
    if stockouts > 0 {
        ensure!(
            after["stockouts"][0]["cost"]["minor"].as_i64() == Some(8000),
            "CLI stockouts {}",
            after["stockouts"][0]
        );
    }
    let total = after["total"]["total"].as_i64().context("total")?;
    app.wait_until("the new total", |a| Ok(minor(a, "[data-testid=costs-total]")? == total))?;
    for kind in ["holding", "storage", "freight", "distribution", "disposal", "stockouts"] {
        let shown = minor(&app, &format!("[data-testid=costs-kind-{kind}]"))?;
        ensure!(Some(shown) == after["total"][kind].as_i64(), "{kind}: shown {shown}, CLI {}", after["total"][kind]);
    }
    let rows = app.find_all("[data-testid=costs-row]")?.len();
    ensure!(rows == after["rows"].as_array().map_or(0, Vec::len), "{rows} rows");
    ensure!(app.find_all("[data-testid=costs-bar]")?.len() == MONTHS as usize, "a bar a month");
    app.exec("document.activeElement.blur(); document.querySelector('[data-testid=costs-from]').scrollIntoView({ block: 'center' }); return true;", json!([]))?;
    screenshot(&app, "planning-costs")?;
    app.exec("document.querySelector('[data-testid=costs-table]').scrollIntoView(); return true;", json!([]))?;
    screenshot(&app, "planning-costs-table")?;
    app.exec("document.querySelector('[data-testid=costs-rates]').scrollIntoView(); return true;", json!([]))?;
    screenshot(&app, "planning-costs-settings")?;

    // The PDF prints the same grand total.
    let pdf = dir.path().join("costs.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=costs-pdf]")?.click()?;
    app.wait_until("the costs PDF", |_| Ok(pdf.exists()))?;
    let text = pdf_text(&pdf)?;
    ensure!(text.contains("Inventory costs"), "{text}");
    let totals: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("Total ")).collect();
    ensure!(totals.iter().any(|l| l.trim_end().ends_with(&amount(total))), "no total {} in {totals:?}", amount(total));
    Ok(())
}
