//! End-to-end: the real Tagledger window, on a temporary database, driven as a user
//! would drive it. Screenshots land in tests/artifacts/.

use std::path::Path;

use anyhow::{ensure, Result};
use serde_json::json;
use tagledger_e2e::{cli, stand_in_viewer, App, ENTER};

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
    cli(&db, &["demo", "--stock-items", "0", "--assets", "40", "--people", "20", "--seed", "9"])?;

    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-register]")?.click()?; // the app opens on the dashboard
    ensure!(app.title()? == "Tagledger", "window title");
    // The demo's 40 assets less its 2 disposed ones, which leave the active register.
    app.wait_until("38 active assets in the total", |a| Ok(total(a)? == Some(38)))?;
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
    app.wait_until("the full register again", |a| Ok(total(a)? == Some(39)))?;

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

    // Bulk edit: select three rows (the third with shift-click), set their status. Two
    // are checked out: marking them lost ends their check-outs.
    app.wait_for("[data-testid=nav-register]")?.click()?;
    app.wait_until("41 active assets", |a| Ok(total(a)? == Some(41)))?;
    app.wait_for("[data-testid=asset-row][data-tag=AT-000002] .c-check")?.click()?;
    app.exec(
        "document.querySelector('[data-testid=asset-row][data-tag=AT-000004] .c-check')
            .dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true })); return true;",
        json!([]),
    )?;
    ensure!(app.wait_for("[data-testid=bulk-bar]")?.text()?.contains("3 selected"), "three rows selected");
    app.select("[data-testid=bulk-status]", "Lost / stolen")?;
    app.wait_for("[data-testid=bulk-apply]")?.click()?;
    app.wait_for("[data-testid=confirm-ok]")?.click()?;
    app.wait_gone("[data-testid=bulk-bar]")?;
    for tag in ["AT-000002", "AT-000003", "AT-000004"] {
        ensure!(cli(&db, &["asset", "show", tag])?.contains("status  lost_stolen"), "{tag} is lost");
    }

    // Export the register (the native dialog is bypassed with a preset path).
    let export = dir.path().join("export.csv");
    app.exec("window.__TAGLEDGER_EXPORT_PATH__ = arguments[0]; return true;", json!([export]))?;
    app.wait_for("[data-testid=export-button]")?.click()?;
    app.wait_until("the export file", |_| Ok(export.exists()))?;
    let exported = std::fs::read_to_string(&export)?;
    ensure!(exported.lines().count() == 42, "header + 41 active rows, got {}", exported.lines().count());
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

/// Runs a program and returns its stdout; zbarimg's "nothing found" is not a failure.
fn run(program: &str, args: &[&str]) -> Result<String> {
    let out = std::process::Command::new(program).args(args).output()?;
    ensure!(
        out.status.success() || program == "zbarimg",
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What zbarimg reads on page 1 of a PDF rendered at 300 dpi, as a printer would.
fn barcodes_on_page_1(pdf: &Path) -> Result<String> {
    let prefix = pdf.with_extension("");
    let prefix = prefix.to_str().unwrap();
    run("pdftoppm", &["-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", pdf.to_str().unwrap(), prefix])?;
    run("zbarimg", &["-q", &format!("{prefix}.png")])
}

#[test]
fn labels_and_the_register_report_print_from_the_register() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("print.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "40", "--people", "20"])?;
    // The system's PDF viewer is a stand-in that keeps a copy of what it was asked to open.
    let (viewed, env) = stand_in_viewer(dir.path())?;
    let app = App::launch_with_env(&db, &env)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-register]")?.click()?; // the app opens on the dashboard
    app.wait_until("40 assets", |a| Ok(total(a)? == Some(40)))?;

    // Select three assets and open the print dialog.
    app.wait_for("[data-testid=asset-row][data-tag=AT-000001] .c-check")?.click()?;
    app.exec(
        "document.querySelector('[data-testid=asset-row][data-tag=AT-000003] .c-check')
            .dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true })); return true;",
        json!([]),
    )?;
    // Ctrl+P prints labels for the selection.
    app.wait_for("[data-testid=search]")?.send_keys("\u{E009}p")?;
    app.wait_for("[data-testid=print-dialog]")?;
    let summary = |a: &App| -> Result<(Option<String>, Option<String>)> {
        let s = a.wait_for("[data-testid=print-summary]")?;
        Ok((s.attr("data-labels")?, s.attr("data-pages")?))
    };
    app.wait_until("3 labels on 1 sheet", |a| Ok(summary(a)? == (Some("3".into()), Some("1".into()))))?;

    // Avery L7163, two copies each, starting at the third label of a used sheet, QR as a URL.
    app.select("[data-testid=print-template]", "Avery L7163 — A4, 2 × 7, 99.1 × 38.1 mm")?;
    let copies = app.wait_for("[data-testid=print-copies]")?;
    copies.clear()?;
    copies.send_keys("2")?;
    app.exec("document.querySelectorAll('[data-testid=print-slot]')[2].click(); return true;", json!([]))?;
    app.wait_for("[data-testid=print-qr-url]")?.click()?;
    let pattern = app.wait_for("[data-testid=print-qr-pattern]")?;
    pattern.clear()?;
    pattern.send_keys("https://assets.example.org/a/{tag}")?;
    app.wait_until("6 labels", |a| Ok(summary(a)?.0.as_deref() == Some("6")))?;
    let items: i64 =
        app.wait_for("[data-testid=print-preview-page]")?.attr("data-items")?.unwrap_or_default().parse()?;
    ensure!(items > 100, "the preview draws the labels' bars and modules ({items} items)");
    ensure!(app.find_all("[data-testid=print-warning]")?.is_empty(), "no density warnings on L7163");
    app.screenshot("13-print-labels")?;

    // Save the PDF (the native dialog is bypassed with a preset path) and scan it.
    let pdf = dir.path().join("labels.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=print-save]")?.click()?;
    app.wait_gone("[data-testid=print-dialog]")?;
    ensure!(pdf.exists(), "the labels were saved");
    // Kept beside the screenshots, to be looked at.
    std::fs::copy(&pdf, tagledger_e2e::repo_root().join("tests/artifacts/13-labels.pdf"))?;
    let decoded = barcodes_on_page_1(&pdf)?;
    // zbarimg reports identical Code 128 symbols in one image once; QR codes each time.
    for tag in ["AT-000001", "AT-000002", "AT-000003"] {
        ensure!(decoded.contains(&format!("CODE-128:{tag}\n")), "{tag}'s barcode scans:\n{decoded}");
        let qr = format!("QR-Code:https://assets.example.org/a/{tag}\n");
        ensure!(decoded.matches(&qr).count() == 2, "two copies of {tag}, QR holding the URL:\n{decoded}");
    }

    // The choices are remembered: the dialog opens on L7163 with the URL pattern.
    app.wait_for("[data-testid=asset-row][data-tag=AT-000005]")?;
    app.exec(
        "document.querySelector('[data-testid=asset-row][data-tag=AT-000005]')
            .dispatchEvent(new MouseEvent('dblclick', { bubbles: true })); return true;",
        json!([]),
    )?;
    app.wait_for("[data-testid=asset-detail][data-tag=AT-000005] [data-testid=print-label]")?.click()?;
    app.wait_until("1 label of AT-000005", |a| Ok(summary(a)?.0.as_deref() == Some("1")))?;
    let template = app.exec("return document.querySelector('[data-testid=print-template]').value;", json!([]))?;
    ensure!(template == "avery-l7163", "remembered template, got {template}");
    // Open in the system viewer: the stand-in receives a PDF whose barcode scans.
    app.wait_for("[data-testid=print-open]")?.click()?;
    app.wait_until("the viewer to receive the PDF", |_| Ok(viewed.exists()))?;
    app.wait_gone("[data-testid=print-dialog]")?;
    ensure!(barcodes_on_page_1(&viewed)?.contains("CODE-128:AT-000005"), "the opened PDF scans");

    // Bad input: a QR pattern without {tag} is explained, nothing is printed.
    app.wait_for("[data-testid=print-label]")?.click()?;
    let pattern = app.wait_for("[data-testid=print-qr-pattern]")?;
    pattern.clear()?;
    pattern.send_keys("https://assets.example.org/")?;
    let error = app.wait_for("[data-testid=print-error]")?.text()?;
    ensure!(error.contains("{tag}"), "clear error: {error}");
    ensure!(app.wait_for("[data-testid=print-save]")?.attr("disabled")?.is_some(), "cannot print while wrong");
    pattern.send_keys("\u{E00C}")?; // Escape closes the dialog
    app.wait_gone("[data-testid=print-dialog]")?;

    // Create an asset and print its label at once.
    app.wait_for("[data-testid=new-asset]")?.click()?;
    app.wait_for("input[name=name]")?.send_keys("Łukasz's new dock")?;
    app.select("select[name=categoryId]", "Docking stations")?;
    app.select("select[name=locationId]", "London HQ › North Tower › IT Store")?;
    app.wait_for("[data-testid=save-and-print]")?.click()?;
    app.wait_for("[data-testid=print-dialog]")?;
    app.wait_until("the new asset's label", |a| Ok(summary(a)?.0.as_deref() == Some("1")))?;
    ensure!(app.find("[data-testid=asset-detail][data-tag=AT-000041]")?.is_some(), "the new asset is open behind");
    app.wait_for("[data-testid=print-qr-pattern]")?.send_keys("\u{E00C}")?;
    app.wait_gone("[data-testid=print-dialog]")?;

    // The register report of the current filter.
    let report = dir.path().join("register.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([report]))?;
    app.wait_for("[data-testid=report-button]")?.click()?;
    app.wait_until("the report file", |_| Ok(report.exists()))?;
    let text = run("pdftotext", &["-layout", report.to_str().unwrap(), "-"])?;
    ensure!(text.contains("Asset register") && text.contains("By category"), "report headings:\n{text}");
    ensure!(text.contains("Page 1 of") && text.contains("AT-000041"), "numbered pages and every asset");

    // A custom template in settings: one that cannot fit is explained, then saved.
    app.wait_for("[data-testid=nav-settings]")?.click()?;
    app.wait_for("[data-testid=new-template]")?.click()?;
    app.wait_for("input[name=templateName]")?.send_keys("Office sheet")?;
    let rows = app.wait_for("input[name=rows]")?;
    rows.clear()?;
    rows.send_keys("9")?;
    app.wait_for("[data-testid=save-template]")?.click()?;
    let error = app.wait_for("[data-testid=template-error]")?.text()?;
    ensure!(error.contains("9 rows need"), "the page is too short: {error}");
    let rows = app.wait_for("input[name=rows]")?;
    rows.clear()?;
    rows.send_keys("7")?;
    app.wait_for("[data-testid=save-template]")?.click()?;
    app.wait_for("[data-testid=label-template][data-key=custom-office-sheet]")?;
    app.screenshot("14-label-templates")?;
    let out = dir.path().join("office.pdf");
    cli(&db, &["labels", "--template", "Office sheet", "--tags", "AT-000007", "--out", out.to_str().unwrap()])?;
    ensure!(barcodes_on_page_1(&out)?.contains("CODE-128:AT-000007"), "the custom template prints from the CLI");
    Ok(())
}

/// Waits until Settings lists today's automatic backup (made in the background at
/// start-up), revisiting the page so the list is read again.
fn wait_for_daily_backup(app: &App) -> Result<()> {
    app.wait_until("the daily backup in settings", |a| {
        a.wait_for("[data-testid=nav-register]")?.click()?;
        a.wait_for("[data-testid=nav-settings]")?.click()?;
        a.wait_for("[data-testid=backups]")?;
        Ok(a.find("[data-testid=daily-backup]")?.is_some())
    })
}

#[test]
fn backups_are_made_daily_and_a_backup_restores_from_settings() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("live.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "20", "--people", "10"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-register]")?.click()?; // the app opens on the dashboard
    app.wait_until("20 assets", |a| Ok(total(a)? == Some(20)))?;

    // Today's automatic backup is made in the background at start-up.
    wait_for_daily_backup(&app)?;

    // Back up now to a file (the native dialog is bypassed with a preset path).
    let copy = dir.path().join("before-import.db");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([copy]))?;
    app.wait_for("[data-testid=backup-now]")?.click()?;
    app.wait_until("the backup file", |_| Ok(copy.exists()))?;
    ensure!(cli(&copy, &["check"])?.contains("is sound"), "the backup is a sound database");

    // The register changes (another program imports), then the backup is restored.
    let csv = dir.path().join("one.csv");
    std::fs::write(&csv, "tag,name,category,location,status\nNEW-1,New laptop,Laptops,London HQ,deployable\n")?;
    cli(&db, &["import", "assets", csv.to_str().unwrap()])?;
    app.exec("window.__TAGLEDGER_OPEN_PATH__ = arguments[0]; return true;", json!([copy]))?;
    app.wait_for("[data-testid=restore-file]")?.click()?;
    let question = app.wait_for("[data-testid=confirm-text]")?.text()?;
    ensure!(
        question.contains("20 assets") && question.contains("21 assets"),
        "says what is replaced by what: {question}"
    );
    app.screenshot("15-restore-backup")?;
    app.wait_for("[data-testid=confirm-ok]")?.click()?;
    app.wait_for("[data-testid=toast]")?;
    app.wait_for("[data-testid=nav-register]")?.click()?;
    app.wait_until("20 assets after the restore", |a| Ok(total(a)? == Some(20)))?;
    ensure!(!cli(&db, &["asset", "show", "NEW-1"]).is_ok_and(|o| o.contains("New laptop")), "the import is gone");
    Ok(())
}

/// Damages one page of the database behind the app's back: the root page of an index the
/// register does not read at start-up, so the file still opens but fails its check.
fn damage_an_index_page(db: &Path) -> Result<()> {
    let script = "import sqlite3,sys
p=sys.argv[1]
c=sqlite3.connect(p)
c.execute('PRAGMA journal_mode=DELETE')
root=c.execute(\"select rootpage from sqlite_master where name='assets_supplier_id'\").fetchone()[0]
size=c.execute('PRAGMA page_size').fetchone()[0]
c.close()
b=bytearray(open(p,'rb').read())
o=(root-1)*size
b[o:o+12]=bytes([13,255,255,255,255,0,0,0,0,0,0,0])
open(p,'wb').write(b)";
    let status = std::process::Command::new("python3").args(["-c", script]).arg(db).status()?;
    ensure!(status.success(), "damage the file");
    Ok(())
}

/// Assets in the active register (all but the disposed), read straight from the file.
fn active_assets(db: &Path) -> Result<i64> {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM assets WHERE status <> 'disposed'\").fetchone()[0])"])
        .arg(db)
        .output()?;
    ensure!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
}

#[test]
fn a_damaged_register_offers_its_latest_backup_and_is_restored() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("damaged.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "3000", "--people", "20"])?;
    // One app-data folder for both runs, so the second finds the first one's backup.
    let data_home = [("XDG_DATA_HOME", dir.path().join("data").display().to_string())];

    // A first run on the sound register makes today's automatic backup.
    {
        let app = App::launch_with_env(&db, &data_home)?;
        app.wait_ready()?;
        wait_for_daily_backup(&app)?;
    }
    let active = active_assets(&db)?;
    damage_an_index_page(&db)?;
    ensure!(cli(&db, &["check"]).is_err(), "the CLI finds the damage too");

    // The damage shows as soon as the register reads it; the way out is on that screen.
    let app = App::launch_with_env(&db, &data_home)?;
    app.wait_ready()?;
    let screen = app.wait_for("[data-testid=database-error]")?.text()?;
    ensure!(screen.contains("damaged"), "says the file is damaged: {screen}");
    let latest = app.wait_for("[data-testid=restore-latest]")?;
    ensure!(latest.text()?.contains("3,000 assets"), "offers the latest backup: {}", latest.text()?);
    app.screenshot("16-damaged-register")?;
    latest.click()?;
    app.wait_for("[data-testid=confirm-ok]")?.click()?;
    app.wait_for("[data-testid=nav-register]")?.click()?;
    app.wait_until("every active asset after the restore", |a| Ok(total(a)? == Some(active)))?;
    ensure!(app.find("[data-testid=damaged-banner]")?.is_none(), "no warning once restored");
    ensure!(cli(&db, &["check"])?.contains("is sound"), "the register is sound again");
    Ok(())
}
