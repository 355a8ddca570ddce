//! End-to-end: category kinds and goals on the CLI's demo stock. The demo's stock
//! families are stock-only, so Reference data refuses to make one asset-only (the error
//! shows on the kind); on Planning › Goals a goal of no stockouts a quarter, set on a
//! category that ran out this quarter, marks that month's stockouts cell as missed — after
//! an impossible fill rate was refused on its field.

use anyhow::{ensure, Context, Result};
use serde_json::json;
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

/// Scrolls the page so the element is in the middle of the window.
fn scroll_to(app: &App, css: &str) -> Result<()> {
    app.exec("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return true;", json!([css]))?;
    Ok(())
}

/// Replaces what an input holds with `text`: typed, or for an empty text cleared with
/// an `input` event (WebDriver's clear fires only `change`, which Svelte's binding
/// does not hear).
fn type_into(app: &App, css: &str, text: &str) -> Result<()> {
    app.set_value(css, "")?;
    if !text.is_empty() {
        app.wait_for(css)?.send_keys(text)?;
    }
    Ok(())
}

#[test]
fn goals_mark_the_months_that_missed_them() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("goals.db");
    cli(
        &db,
        &["demo", "--assets", "20", "--people", "10", "--stock-items", "40", "--stock-months", "24", "--seed", "4"],
    )?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    // The demo's toner family holds stock only, and cannot become asset-only: its items
    // would fall outside it.
    app.wait_for("[data-testid=nav-reference]")?.click()?;
    app.wait_for("[data-testid=ref-tab-categories]")?.click()?;
    let toner = r#"[data-testid=category-row][data-kind=stock]"#;
    app.wait_for(toner)?;
    let edit = app.exec(
        "const row = [...document.querySelectorAll('[data-testid=category-row]')]
             .find((r) => r.cells[0].textContent.trim() === 'Toner & ink');
         if (!row) return null;
         row.querySelector('[data-testid=category-edit]').click();
         return row.dataset.kind;",
        json!([]),
    )?;
    ensure!(edit == json!("stock"), "Toner & ink is stock-only: {edit}");
    app.select("[data-testid=category-edit-kind]", "Assets")?;
    app.wait_for("[data-testid=category-save]")?.click()?;
    let error = app.wait_for("[data-testid=category-kind-error]")?.text()?;
    ensure!(error.contains("cannot hold assets only") && error.contains("stock item"), "kind error: {error}");
    scroll_to(&app, "[data-testid=category-row][data-editing=true]")?;
    screenshot(&app, "reference-category-kind")?;

    // Planning › Goals, over twelve months.
    app.wait_for("[data-testid=nav-planning]")?.click()?;
    app.wait_for("[data-testid=planning-tab-goals]")?.click()?;
    app.wait_for("[data-testid=goals-category]")?;
    app.select("[data-testid=goals-months]", "12")?;
    app.wait_until("twelve months a category", |app| {
        Ok(app.find_all("[data-testid=goals-category]:first-of-type tbody tr")?.len() == 12)
    })?;

    // A category and month with stockouts so far in their quarter.
    let found = app.exec(
        "for (const section of document.querySelectorAll('[data-testid=goals-category]')) {
             for (const cell of section.querySelectorAll('td[data-measure=stockouts]')) {
                 if (Number(cell.dataset.qtd) > 0) {
                     section.querySelector('[data-testid=goals-edit]').click();
                     return [section.dataset.category, cell.closest('tr').dataset.month, Number(cell.dataset.qtd)];
                 }
             }
         }
         return null;",
        json!([]),
    )?;
    let found = found.as_array().context("the demo has a category with stockouts")?;
    let (category, month) = (found[0].as_str().unwrap_or_default(), found[1].as_str().unwrap_or_default());
    let cell = format!(
        r#"[data-testid=goals-category][data-category="{category}"] tr[data-month="{month}"] td[data-measure=stockouts]"#
    );

    // A fill rate above 100% is refused on its field.
    type_into(&app, "[data-testid=goal-fillRateBp]", "150")?;
    app.wait_for("[data-testid=goals-save]")?.click()?;
    let error = app.wait_for("[data-testid=goal-error-fillRateBp]")?.text()?;
    ensure!(error.contains("between 0% and 100%"), "fill rate error: {error}");
    screenshot(&app, "planning-goals-editor")?;

    // No stockouts at all a quarter: that month missed.
    type_into(&app, "[data-testid=goal-fillRateBp]", "")?;
    type_into(&app, "[data-testid=goal-maxStockoutsPerQuarter]", "0")?;
    app.wait_for("[data-testid=goals-save]")?.click()?;
    app.wait_gone("[data-testid=goals-form]")?;
    let missed = app.wait_for(&format!("{cell}[data-missed=true]"))?;
    let title = missed.attr("title")?.unwrap_or_default();
    ensure!(title.contains("Missed the goal: at most 0 a quarter"), "cell title: {title}");
    ensure!(missed.attr("class")?.unwrap_or_default().contains("missed"), "the cell is marked missed");
    let header = app.wait_for(&format!(r#"[data-testid=goals-category][data-category="{category}"] thead"#))?.text()?;
    ensure!(header.to_lowercase().contains("at most 0 a quarter"), "goal in the header: {header}");
    scroll_to(&app, &cell)?;
    screenshot(&app, "planning-goals")?;
    Ok(())
}
