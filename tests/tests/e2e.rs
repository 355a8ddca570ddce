//! End-to-end: the real Tagledger window, on a temporary database, driven as a user
//! would drive it. Screenshots land in tests/artifacts/.

use std::path::Path;

use anyhow::{ensure, Result};
use serde_json::json;
use tagledger_e2e::{cli, App, ENTER};

fn rows(app: &App) -> Result<Vec<String>> {
    app.find_all("[data-testid=asset-row]")?.iter().map(|r| Ok(r.attr("data-tag")?.unwrap_or_default())).collect()
}

fn total(app: &App) -> Result<Option<i64>> {
    Ok(app.wait_for("[data-testid=total]")?.attr("data-count")?.and_then(|c| c.parse().ok()))
}

/// The harness itself: a window opens on a new database, whatever the UI shows.
#[test]
fn window_opens_on_a_temp_database() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("smoke.db");
    cli(&db, &["init"])?;
    let app = App::launch(&db)?;
    let title = app.title()?;
    ensure!(title == "Tagledger", "window title is {title:?}");
    let shot = app.screenshot("smoke")?;
    ensure!(std::fs::metadata(&shot)?.len() > 0, "screenshot written to {}", shot.display());
    Ok(())
}

#[test]
fn register_create_search_scan_edit_import_export() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("e2e.db");
    cli(&db, &["demo", "--assets", "40", "--people", "20", "--seed", "9"])?;

    let app = App::launch(&db)?;
    app.wait_ready()?;
    ensure!(app.title()? == "Tagledger", "window title");
    app.wait_until("40 assets in the total", |a| Ok(total(a)? == Some(40)))?;
    ensure!(rows(&app)?.first().map(String::as_str) == Some("AT-000001"), "sorted by tag");
    app.screenshot("01-register")?;

    // Create an asset through the form; a bad cost is refused beside its field first.
    app.wait_for("[data-testid=new-asset]")?.click()?;
    app.wait_for("input[name=name]")?.send_keys("Zoë's E2E laptop")?;
    app.select("select[name=categoryId]", "Laptops")?;
    app.select("select[name=locationId]", "London HQ › North Tower › IT Store")?;
    app.wait_for("input[name=serial]")?.send_keys("E2E-SERIAL-1")?;
    app.wait_for("input[name=purchaseCost]")?.send_keys("twelve")?;
    app.wait_for("[data-testid=save-asset]")?.click()?;
    let error = app.wait_for("[data-testid=field-error-purchaseCost]")?.text()?;
    ensure!(error.contains("'twelve' is not an amount"), "cost error shown: {error}");
    app.screenshot("02-form-field-error")?;
    let cost = app.wait_for("input[name=purchaseCost]")?;
    cost.clear()?;
    cost.send_keys("1299.00")?;
    app.wait_for("[data-testid=save-asset]")?.click()?;
    let detail = app.wait_for("[data-testid=asset-detail][data-tag=AT-000041]")?;
    ensure!(detail.text()?.contains("Zoë's E2E laptop"), "detail shows the new asset");
    app.wait_for("[data-testid=close-detail]")?.click()?;

    // Find it by search.
    let search = app.wait_for("[data-testid=search]")?;
    search.send_keys("e2e laptop")?;
    app.wait_until("search to narrow to the new asset", |a| Ok(rows(a)? == ["AT-000041"]))?;
    app.wait_until("the total to follow the search", |a| Ok(total(a)? == Some(1)))?;
    app.screenshot("03-search")?;
    search.clear()?;
    app.exec("const s = document.querySelector('[data-testid=search]'); s.dispatchEvent(new Event('input', {bubbles: true})); return true;", json!([]))?;
    app.wait_until("the full register again", |a| Ok(total(a)? == Some(41)))?;

    // A scanner types the tag and Enter in a burst, with focus outside any field.
    app.blur()?;
    app.type_fast(&format!("AT-000041{ENTER}"))?;
    app.wait_for("[data-testid=asset-detail][data-tag=AT-000041]")?;
    app.screenshot("04-scan-opens-detail")?;

    // Edit it and see the change in its history.
    app.wait_for("[data-testid=edit-asset]")?.click()?;
    let name = app.wait_for("input[name=name]")?;
    name.clear()?;
    name.send_keys("Renamed E2E laptop")?;
    app.wait_for("[data-testid=save-asset]")?.click()?;
    app.wait_until("an 'updated' history entry", |a| {
        Ok(a.find_all("[data-testid=history-entry][data-action=updated]")?.len() == 1)
    })?;
    let entry = app.wait_for("[data-testid=history-entry][data-action=updated]")?.text()?;
    ensure!(
        entry.contains("Zoë's E2E laptop") && entry.contains("Renamed E2E laptop"),
        "history shows before → after: {entry}"
    );
    ensure!(app.find_all("[data-testid=history-entry][data-action=created]")?.len() == 1, "created entry kept");
    app.screenshot("05-history")?;
    app.wait_for("[data-testid=close-detail]")?.click()?;

    // An unknown scanned tag offers to create the asset.
    app.blur()?;
    app.type_fast(&format!("NEW-777{ENTER}"))?;
    app.wait_for("[data-testid=scan-unknown]")?;
    app.wait_for("[data-testid=scan-create]")?.click()?;
    let tag = app.wait_for("input[name=tag]")?.attr("value")?;
    let typed = app.exec("return document.querySelector('input[name=tag]').value;", json!([]))?;
    ensure!(typed == "NEW-777" || tag.as_deref() == Some("NEW-777"), "the tag is filled in: {typed}");
    app.wait_for("[data-testid=cancel-asset]")?.click()?;
    app.wait_gone("input[name=tag]")?;

    // Import: one bad row is shown and nothing is imported; fixed, it imports.
    let csv = dir.path().join("import.csv");
    std::fs::write(&csv, "tag,name,category,location,purchase_cost\nIMP-1,Imported dock,Docking stations,IT Store,210.00\nIMP-2,Imported screen,Monitors,IT Store,-5\n")?;
    app.wait_for("[data-testid=nav-import]")?.click()?;
    app.wait_for("[data-testid=import-path]")?.send_keys(&csv.to_string_lossy())?;
    app.wait_for("[data-testid=import-check]")?.click()?;
    let errors = app.wait_for("[data-testid=import-error]")?;
    let text = errors.text()?;
    ensure!(text.contains('3') && text.contains("purchase_cost") && text.contains("negative"), "row error: {text}");
    ensure!(app.find_all("[data-testid=import-error]")?.len() == 1, "exactly one bad row");
    ensure!(app.find_all("[data-testid=import-commit]")?.is_empty(), "no import while errors remain");
    app.screenshot("06-import-errors")?;
    ensure!(cli(&db, &["asset", "show", "IMP-1"]).is_err(), "nothing was imported");

    std::fs::write(&csv, "tag,name,category,location,purchase_cost\nIMP-1,Imported dock,Docking stations,IT Store,210.00\nIMP-2,Imported screen,Monitors,IT Store,145\n")?;
    app.wait_for("[data-testid=import-check]")?.click()?;
    app.wait_for("[data-testid=import-commit]")?.click()?;
    let done = app.wait_for("[data-testid=import-done]")?;
    ensure!(done.attr("data-count")?.as_deref() == Some("2"), "two imported");
    app.screenshot("07-import-done")?;
    ensure!(cli(&db, &["asset", "show", "IMP-2"])?.contains("145.00"), "imported row is in the database");

    // Bulk edit: select three rows (the third with shift-click), set their status.
    app.wait_for("[data-testid=nav-register]")?.click()?;
    app.wait_until("43 assets", |a| Ok(total(a)? == Some(43)))?;
    app.wait_for("[data-testid=asset-row][data-tag=AT-000002] .c-check")?.click()?;
    app.exec(
        "document.querySelector('[data-testid=asset-row][data-tag=AT-000004] .c-check')
            .dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true })); return true;",
        json!([]),
    )?;
    ensure!(app.wait_for("[data-testid=bulk-bar]")?.text()?.contains("3 selected"), "three rows selected");
    app.select("[data-testid=bulk-status]", "In repair")?;
    app.wait_for("[data-testid=bulk-apply]")?.click()?;
    app.wait_for("[data-testid=confirm-ok]")?.click()?;
    app.wait_gone("[data-testid=bulk-bar]")?;
    for tag in ["AT-000002", "AT-000003", "AT-000004"] {
        ensure!(cli(&db, &["asset", "show", tag])?.contains("in_repair"), "{tag} is in repair");
    }

    // Export the register (the native dialog is bypassed with a preset path).
    let export = dir.path().join("export.csv");
    app.exec("window.__TAGLEDGER_EXPORT_PATH__ = arguments[0]; return true;", json!([export]))?;
    app.wait_for("[data-testid=export-button]")?.click()?;
    app.wait_until("the export file", |_| Ok(export.exists()))?;
    let exported = std::fs::read_to_string(&export)?;
    ensure!(exported.lines().count() == 44, "header + 43 rows, got {}", exported.lines().count());
    ensure!(exported.contains("Renamed E2E laptop") && exported.contains("IMP-2"), "export has our rows");
    app.wait_for("[data-testid=toast]")?;
    app.screenshot("08-exported")?;

    // The dark theme, chosen in settings, applies to the whole window.
    app.wait_for("[data-testid=nav-settings]")?.click()?;
    app.wait_for("[data-testid=theme-dark]")?.click()?;
    let theme = app.exec("return document.documentElement.dataset.theme;", json!([]))?;
    ensure!(theme == "dark", "dark theme applied: {theme}");
    app.wait_for("[data-testid=nav-register]")?.click()?;
    app.screenshot("12-dark-register")?;
    Ok(())
}

#[test]
fn a_database_from_a_newer_version_shows_a_clear_message_and_is_untouched() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("future.db");
    cli(&db, &["init"])?;
    set_user_version(&db, 999)?;
    let before = std::fs::read(&db)?;

    let app = App::launch(&db)?;
    app.wait_ready()?;
    let screen = app.wait_for("[data-testid=database-error]")?.text()?;
    ensure!(screen.contains("newer version of Tagledger"), "message shown: {screen}");
    app.screenshot("09-newer-database")?;
    drop(app);
    ensure!(std::fs::read(&db)? == before, "the file is unchanged");
    Ok(())
}

fn set_user_version(db: &Path, version: i64) -> Result<()> {
    // Through the CLI's own SQLite would need a command; a tiny Python call keeps this
    // test free of a rusqlite dependency. python3 is always there: the WebKit build
    // packages depend on it (through libglib2.0-dev-bin).
    let status = std::process::Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=DELETE'); c.execute(f'PRAGMA user_version={sys.argv[2]}'); c.commit()"])
        .arg(db)
        .arg(version.to_string())
        .status()?;
    ensure!(status.success(), "set user_version");
    Ok(())
}

#[test]
fn an_empty_register_guides_to_reference_data_and_the_first_asset() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("empty.db");
    cli(&db, &["init"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    ensure!(app.wait_for("[data-testid=empty-state]")?.text()?.contains("Your register is empty"), "empty state");
    app.screenshot("10-empty-register")?;

    app.wait_for("[data-testid=nav-reference]")?.click()?;
    app.wait_for("[data-testid=ref-tab-locations]")?.click()?;
    app.wait_for("[data-testid=add-site]")?.click()?;
    app.wait_for("[data-testid=confirm-input]")?.send_keys("Łódź Office")?;
    app.wait_for("[data-testid=confirm-ok]")?.click()?;
    app.wait_until("the site in the tree", |a| Ok(a.wait_for(".tree")?.text()?.contains("Łódź Office")))?;

    app.wait_for("[data-testid=ref-tab-categories]")?.click()?;
    app.wait_for("input[name=name]")?.send_keys("Tablets")?;
    app.wait_for("[data-testid=add-category]")?.click()?;
    app.wait_until("the category in the list", |a| Ok(a.wait_for("table.list")?.text()?.contains("Tablets")))?;
    app.screenshot("11-reference-data")?;

    app.wait_for("[data-testid=new-asset]")?.click()?;
    // The category form behind the dialog has a name field too: aim inside the dialog.
    app.wait_for(".modal input[name=name]")?.send_keys("First tablet")?;
    app.select("select[name=categoryId]", "Tablets")?;
    app.select("select[name=locationId]", "Łódź Office")?;
    app.wait_for("[data-testid=save-asset]")?.click()?;
    app.wait_for("[data-testid=asset-detail][data-tag=AT-000001]")?;
    app.wait_for("[data-testid=nav-register]")?.click()?;
    app.wait_until("one asset", |a| Ok(total(a)? == Some(1)))?;
    Ok(())
}
