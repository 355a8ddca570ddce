//! End-to-end: Planning → Reorder from forecast on the CLI's demo stock (40 items with
//! reorder rules and 24 months of history). A row whose values change shows old → new;
//! applying it alone (after the confirmation) saves its new reorder point, which
//! Purchasing → Reorder and the CLI then show, while the other rules stay as they were.
//! Without any reorder rule the tab says how to add one.

use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};
use tagledger_e2e::{cli, App};

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

/// The item's reorder rules as the CLI reports them: (location, reorder point, safety stock).
fn rules(db: &std::path::Path, sku: &str) -> Result<Vec<(String, i64, i64)>> {
    let shown: Value = serde_json::from_str(&cli(db, &["stock", "show", sku, "--json"])?)?;
    let rules = shown["reorderRules"].as_array().context("reorderRules")?;
    Ok(rules
        .iter()
        .map(|r| {
            (
                r["locationName"].as_str().unwrap_or_default().to_string(),
                r["reorderPoint"].as_i64().unwrap_or(-1),
                r["safetyStock"].as_i64().unwrap_or(-1),
            )
        })
        .collect())
}

#[test]
fn reorder_points_are_recomputed_from_the_forecast_and_applied() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("replan.db");
    cli(
        &db,
        &["demo", "--assets", "20", "--people", "10", "--stock-items", "40", "--stock-months", "24", "--seed", "4"],
    )?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-planning]")?.click()?;
    app.wait_for("[data-testid=planning-tab-reorder]")?.click()?;
    app.wait_for("[data-testid=replan-table]")?;
    let rows = app.find_all("[data-testid=replan-row]")?;
    ensure!(!rows.is_empty(), "every demo rule has a row");

    // The first row the forecast would change: its reorder point reads old → new.
    let row = app.wait_for("[data-testid=replan-row][data-changed=true]")?;
    let sku = row.attr("data-sku")?.unwrap_or_default();
    let name = row.attr("data-name")?.unwrap_or_default();
    let location = row.attr("data-location")?.unwrap_or_default();
    let new_point: i64 = row.attr("data-new-reorder-point")?.unwrap_or_default().parse()?;
    let before = rules(&db, &sku)?;
    let old = before.iter().find(|r| r.0 == location).context("the rule at the row's location")?;
    let css = format!("[data-testid=replan-row][data-sku='{sku}'][data-location='{location}']");
    let cell = app.wait_for(&format!("{css} [data-testid=replan-rp]"))?.text()?;
    ensure!(cell.starts_with(&format!("{} → {}", old.1, new_point)), "reorder point cell: {cell}");
    ensure!(app.find_all("[data-testid=replan-level-cell]")?.len() == rows.len(), "a service level per rule");

    // Its working opens beside it.
    app.wait_for(&format!("{css} [data-testid=replan-working-toggle]"))?.click()?;
    let working = app.wait_for("[data-testid=replan-working]")?.text()?;
    ensure!(working.contains("√(") && working.contains(&format!("= {new_point}")), "working: {working}");
    screenshot(&app, "replan-table")?;

    // Apply that one rule: the confirmation summarises, the toast confirms.
    app.wait_for(&format!("{css} [data-testid=replan-pick]"))?.click()?;
    let apply = app.wait_for("[data-testid=replan-apply]")?;
    ensure!(apply.text()? == "Apply 1 change", "button: {}", apply.text()?);
    apply.click()?;
    let text = app.wait_for("[data-testid=confirm-text]")?.text()?;
    ensure!(text.contains("Safety stock, reorder point and order-up-to"), "confirmation: {text}");
    screenshot(&app, "replan-confirm")?;
    app.wait_for("[data-testid=confirm-ok]")?.click()?;
    let toast = app.wait_for("[data-testid=toast]")?.text()?;
    ensure!(toast.contains("1 reorder rule updated"), "toast: {toast}");
    // The list refreshes: the rule is now in line with the forecast.
    app.wait_for(&format!("{css}[data-changed=false]"))?;
    screenshot(&app, "replan-applied")?;

    // The CLI sees the new reorder point there, and nothing else of the item moved.
    let after = rules(&db, &sku)?;
    for (b, a) in before.iter().zip(&after) {
        if b.0 == location {
            ensure!(a.1 == new_point, "{sku} at {location}: reorder point {} ≠ {new_point}", a.1);
        } else {
            ensure!(a == b, "{sku} at {}: changed from {b:?} to {a:?}", b.0);
        }
    }

    // Purchasing → Reorder shows it on the item's rules.
    app.wait_for("[data-testid=nav-purchasing]")?.click()?;
    app.wait_for("[data-testid=purchasing-tab-reorder]")?.click()?;
    app.select("[data-testid=reorder-item-select]", &format!("{sku} · {name}"))?;
    let rule = app.wait_for(&format!("[data-testid=rule-row][data-location='{location}']"))?;
    ensure!(rule.attr("data-reorder-point")?.as_deref() == Some(new_point.to_string().as_str()), "rule row");
    screenshot(&app, "replan-purchasing-rule")?;
    Ok(())
}

#[test]
fn without_reorder_rules_the_tab_says_how_to_add_one() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("empty.db");
    cli(&db, &["init"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-planning]")?.click()?;
    app.wait_for("[data-testid=planning-tab-reorder]")?.click()?;
    let text = app.wait_for("[data-testid=replan-empty]")?.text()?;
    ensure!(text.contains("No item has a reorder rule yet.") && text.contains("Purchasing → Reorder"), "{text}");
    screenshot(&app, "replan-empty")?;
    // Its button goes there.
    app.wait_for("[data-testid=replan-to-rules]")?.click()?;
    app.wait_for("[data-testid=reorder-item-select]")?;
    Ok(())
}
