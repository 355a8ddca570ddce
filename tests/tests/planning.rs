//! End-to-end: the Planning screen on the CLI's demo stock (40 items, 24 months of
//! history played through core). KB-USB-UK's chart draws 24 months of demand and a
//! 6-month forecast with its band; the back-test picks exponential smoothing, which an
//! override to the moving average replaces; the ABC/XYZ matrix accounts for every
//! classified item; thresholds that cross are refused on their field; the ageing PDF
//! prints every age bucket.

use anyhow::{ensure, Result};
use serde_json::json;
use tagledger_e2e::{cli, pdf_text, App};

/// How many points a chart path joins ("M" then one "L" per further point).
fn points(d: &str) -> usize {
    d.matches(['M', 'L']).count()
}

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

fn attr(app: &App, css: &str, name: &str) -> Result<String> {
    Ok(app.wait_for(css)?.attr(name)?.unwrap_or_default())
}

#[test]
fn planning_forecasts_classifies_and_ages_the_demo_stock() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("planning.db");
    cli(
        &db,
        &["demo", "--assets", "20", "--people", "10", "--stock-items", "40", "--stock-months", "24", "--seed", "4"],
    )?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-planning]")?.click()?;
    app.wait_for("[data-testid=planning-tab-forecast]")?;

    // Pick the item by its SKU.
    app.wait_for("[data-testid=planning-item-search]")?.send_keys("KB-USB-UK")?;
    app.wait_for("[data-testid=planning-item-option][data-sku=KB-USB-UK]")?.click()?;
    let title = app.wait_for("[data-testid=planning-item-title]")?.text()?;
    ensure!(title.contains("KB-USB-UK") && title.contains("USB keyboard, UK layout"), "title: {title}");

    // 24 complete months of history; the forecast joins the last of them and runs 6
    // months; the band has an upper and a lower edge over those 6 months.
    let history = attr(&app, "[data-testid=chart-history]", "d")?;
    ensure!(points(&history) == 24, "history path: {history}");
    let forecast = attr(&app, "[data-testid=chart-forecast]", "d")?;
    ensure!(points(&forecast) == 7, "forecast path: {forecast}");
    let band = attr(&app, "[data-testid=chart-band]", "points")?;
    ensure!(band.split_whitespace().count() == 12, "band: {band}");

    // The back-test's choice (as the CLI's `forecast --item KB-USB-UK` reports it).
    ensure!(app.find_all("[data-testid=method-row]")?.len() == 4, "one row per method");
    app.wait_for("[data-testid=planning-chosen][data-method=exponential_smoothing][data-overridden=false]")?;
    let chosen = app.wait_for("[data-testid=planning-chosen-method]")?.text()?;
    ensure!(chosen == "Exponential smoothing", "chosen: {chosen}");
    let in_use = app.wait_for("[data-testid=method-row][data-method=exponential_smoothing]")?.text()?;
    ensure!(in_use.contains("In use"), "chosen row: {in_use}");
    screenshot(&app, "planning-forecast")?;

    // Override to the moving average: shown as overridden, and its row is in use.
    app.select("[data-testid=planning-method-select]", "Moving average")?;
    app.wait_for("[data-testid=planning-chosen][data-method=moving_average][data-overridden=true]")?;
    app.wait_for("[data-testid=planning-overridden]")?;
    let row = app.wait_for("[data-testid=method-row][data-method=moving_average]")?.text()?;
    ensure!(row.contains("In use"), "moving average row: {row}");
    ensure!(app.wait_for("[data-testid=planning-chosen-method]")?.text()? == "Moving average");
    screenshot(&app, "planning-forecast-overridden")?;

    // Year over year: twelve months of last year against this year's so far.
    app.wait_for("[data-testid=planning-yoy-toggle]")?.click()?;
    let last_year = attr(&app, "[data-testid=chart-last-year]", "d")?;
    ensure!(points(&last_year) == 12, "last year: {last_year}");
    app.wait_for("[data-testid=chart-this-year]")?;
    screenshot(&app, "planning-yoy")?;

    // Classification: the nine cells hold every classified item (all 40 demo items
    // were issued and priced in the last twelve months).
    app.wait_for("[data-testid=planning-tab-classification]")?.click()?;
    app.wait_for("[data-testid=abc-matrix]")?;
    let classified: usize = attr(&app, "[data-testid=classified-count]", "data-count")?.parse()?;
    let cells = app.find_all("[data-testid=matrix-cell]")?;
    ensure!(cells.len() == 9, "{} cells", cells.len());
    let mut in_cells = 0;
    for c in &cells {
        in_cells += c.attr("data-count")?.unwrap_or_default().parse::<usize>()?;
    }
    ensure!(classified == 40 && in_cells == classified, "classified {classified}, in the cells {in_cells}");
    ensure!(app.find_all("[data-testid=class-row]")?.len() == 40, "every item listed");
    // A cell's click lists just its items.
    let ax: usize = attr(&app, "[data-testid=matrix-cell][data-cell=AX]", "data-count")?.parse()?;
    app.wait_for("[data-testid=matrix-cell][data-cell=AX]")?.click()?;
    app.wait_until("the AX items only", |a| Ok(a.find_all("[data-testid=class-row]")?.len() == ax))?;
    screenshot(&app, "planning-classification")?;

    // Thresholds that cross are refused on the B field, saying why.
    app.wait_for("[data-testid=thresholds-edit]")?.click()?;
    let b = app.wait_for("[data-testid=threshold-bPercent]")?;
    b.clear()?;
    b.send_keys("70")?;
    app.wait_for("[data-testid=thresholds-save]")?.click()?;
    let error = app.wait_for("[data-testid=threshold-bPercent-error]")?.text()?;
    ensure!(error.contains("above the A threshold (80%)"), "B error: {error}");
    screenshot(&app, "planning-thresholds")?;

    // Ageing: bars per bucket, and the PDF prints every bucket.
    app.wait_for("[data-testid=planning-tab-ageing]")?.click()?;
    ensure!(app.wait_for("[data-testid=ageing-buckets]").is_ok());
    ensure!(app.find_all("[data-testid=ageing-bucket]")?.len() == 4, "four buckets");
    screenshot(&app, "planning-ageing")?;
    let pdf = dir.path().join("ageing.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=ageing-pdf]")?.click()?;
    app.wait_until("the ageing PDF", |_| Ok(pdf.exists()))?;
    let text = pdf_text(&pdf)?;
    for bucket in ["0–90 days", "91–180 days", "181–365 days", "Over 365 days"] {
        ensure!(text.contains(bucket), "ageing PDF lacks {bucket}:\n{text}");
    }

    // Stockouts of the last year.
    app.wait_for("[data-testid=planning-tab-stockouts]")?.click()?;
    app.wait_until("the stockout analysis", |a| {
        Ok(a.find("[data-testid=stockouts-list]")?.is_some() || a.find("[data-testid=planning-empty]")?.is_some())
    })?;
    screenshot(&app, "planning-stockouts")?;
    if app.find("[data-testid=stockouts-list]")?.is_some() {
        app.exec("document.querySelector('[data-testid=stockouts-list]').scrollIntoView(); return true;", json!([]))?;
        screenshot(&app, "planning-stockouts-list")?;
    }

    // Buffer stock: the demo's rules rank, best first (its bar is the full width).
    app.wait_for("[data-testid=planning-tab-buffer]")?.click()?;
    let first = app.wait_for("[data-testid=buffer-extra-row][data-rank='1']")?;
    ensure!(!first.attr("data-sku")?.unwrap_or_default().is_empty(), "the best candidate names its item");
    let width = app.exec(
        "return document.querySelector('[data-testid=buffer-extra-row][data-rank=\"1\"] .fill').style.width;",
        json!([]),
    )?;
    ensure!(width == json!("100%"), "the best candidate's bar is full: {width}");
    screenshot(&app, "planning-buffer")?;
    Ok(())
}

#[test]
fn planning_says_so_when_there_is_no_stock() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("empty.db");
    cli(&db, &["init"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-planning]")?.click()?;
    for tab in ["forecast", "classification", "ageing"] {
        app.wait_for(&format!("[data-testid=planning-tab-{tab}]"))?.click()?;
        let text = app.wait_for("[data-testid=planning-empty]")?.text()?;
        ensure!(text.starts_with("No stock movements yet"), "{tab}: {text}");
    }
    app.wait_for("[data-testid=planning-tab-stockouts]")?.click()?;
    let text = app.wait_for("[data-testid=planning-empty]")?.text()?;
    ensure!(text == "No stockouts in this period.", "stockouts: {text}");
    app.wait_for("[data-testid=planning-tab-buffer]")?.click()?;
    let text = app.wait_for("[data-testid=buffer-empty]")?.text()?;
    ensure!(text.starts_with("Nothing to rank yet"), "buffer: {text}");
    Ok(())
}
