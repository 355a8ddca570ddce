//! End-to-end: an asset's life through the real window — check-out with a hand-over
//! receipt, overdue, check-in in bad condition.

use anyhow::{ensure, Context, Result};
use serde_json::json;
use tagledger_e2e::{cli, pdf_text, stand_in_viewer, App};

/// The first demo asset that is ready to deploy (the demo data is random but seeded).
fn deployable_tag(db: &std::path::Path) -> Result<String> {
    for n in 1..=40 {
        let tag = format!("AT-{n:06}");
        if cli(db, &["asset", "show", &tag])?.lines().any(|l| l.trim() == "status  deployable") {
            return Ok(tag);
        }
    }
    anyhow::bail!("no deployable asset in the demo data")
}

/// Picks the first real option of a <select> and returns its text.
fn pick_first(app: &App, css: &str) -> Result<String> {
    app.wait_for(css)?;
    let text = app.exec(
        "const s = document.querySelector(arguments[0]);
         s.selectedIndex = 1;
         s.dispatchEvent(new Event('change', { bubbles: true }));
         return s.options[1].textContent.trim();",
        json!([css]),
    )?;
    Ok(text.as_str().context("option text")?.to_string())
}

#[test]
fn check_out_with_a_receipt_then_check_in_damaged() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("lifecycle.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "40", "--people", "20", "--seed", "9"])?;
    let tag = deployable_tag(&db)?;
    let (viewed, env) = stand_in_viewer(dir.path())?;
    let app = App::launch_with_env(&db, &env)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-register]")?.click()?; // the app opens on the dashboard

    // Open the asset as a double-click on its row does.
    app.wait_for(&format!("[data-testid=asset-row][data-tag={tag}]"))?;
    app.exec(
        "document.querySelector(`[data-testid=asset-row][data-tag=${arguments[0]}]`)
            .dispatchEvent(new MouseEvent('dblclick', { bubbles: true })); return true;",
        json!([tag]),
    )?;
    app.wait_for(&format!("[data-testid=asset-detail][data-tag={tag}]"))?;
    ensure!(app.find("[data-testid=check-in]")?.is_none(), "a deployable asset offers check-out, not check-in");
    app.wait_for("[data-testid=check-out]")?.click()?;
    app.wait_for("[data-testid=lifecycle-dialog][data-mode=checkout]")?;
    let person = pick_first(&app, "[data-testid=checkout-person]")?;
    let person = person.split(" (").next().unwrap_or(&person).to_string();

    // Bad input first: back before it went out. Explained beside the field; nothing saved.
    app.set_value("[data-testid=checkout-date]", "2026-01-05")?;
    app.set_value("[data-testid=checkout-return]", "2026-01-01")?;
    app.wait_for("[data-testid=lifecycle-submit]")?.click()?;
    let error = app.wait_for("[data-testid=field-error-expectedReturnOn]")?.text()?;
    ensure!(error.contains("before the check-out date"), "field error: {error}");
    app.screenshot("lifecycle-01-checkout-error")?;
    ensure!(cli(&db, &["asset", "show", &tag])?.contains("status  deployable"), "nothing changed");

    // Due back at the end of January: long overdue by now.
    app.set_value("[data-testid=checkout-return]", "2026-01-31")?;
    app.set_value("[data-testid=lifecycle-note]", "New starter kit")?;
    app.wait_for("[data-testid=checkout-and-receipt]")?.click()?;
    if app.wait_gone("[data-testid=lifecycle-dialog]").is_err() {
        app.screenshot("lifecycle-debug")?;
        anyhow::bail!("dialog still open: {:?}", app.find("[data-testid=lifecycle-error]")?.map(|e| e.text()));
    }
    let banner = match app.wait_for("[data-testid=checked-out]") {
        Ok(b) => b,
        Err(e) => {
            app.screenshot("lifecycle-debug")?;
            return Err(e.context(cli(&db, &["asset", "show", &tag])?));
        }
    };
    ensure!(banner.text()?.contains(&person), "banner names {person}: {}", banner.text()?);
    let overdue: i64 = banner.attr("data-overdue")?.unwrap_or_default().parse()?;
    ensure!(overdue > 200, "overdue since 31 January, got {overdue} days");
    ensure!(banner.text()?.contains("overdue"), "overdue shown");
    app.screenshot("lifecycle-02-checked-out")?;
    let shown = cli(&db, &["asset", "show", &tag])?;
    ensure!(shown.contains("status  deployed") && shown.contains(&person), "deployed to {person}:\n{shown}");
    ensure!(shown.contains("checked out"), "history has the check-out:\n{shown}");

    // The hand-over receipt went to the PDF viewer.
    app.wait_until("the receipt to reach the viewer", |_| Ok(viewed.exists()))?;
    let receipt = pdf_text(&viewed)?;
    for expected in ["Equipment hand-over receipt", &person, &tag, "2026-01-31", "New starter kit", "Received by"] {
        ensure!(receipt.contains(expected), "receipt lacks {expected:?}:\n{receipt}");
    }

    // Check in, damaged: it goes to repair, and the check-out closes.
    app.wait_for("[data-testid=check-in]")?.click()?;
    app.wait_for("[data-testid=lifecycle-dialog][data-mode=checkin]")?;
    app.select("[data-testid=checkin-condition]", "Damaged (goes to repair)")?;
    app.set_value("[data-testid=lifecycle-note]", "Cracked hinge")?;
    app.screenshot("lifecycle-03-checkin")?;
    app.wait_for("[data-testid=lifecycle-submit]")?.click()?;
    app.wait_gone("[data-testid=lifecycle-dialog]")?;
    app.wait_gone("[data-testid=checked-out]")?;
    app.wait_until("the check-out row to close", |a| {
        Ok(a.find("[data-testid=checkout-row][data-open=false]")?.is_some())
    })?;
    let row = app.wait_for("[data-testid=checkout-row]")?.text()?;
    ensure!(row.contains("returned damaged"), "condition shown: {row}");
    app.screenshot("lifecycle-04-checked-in")?;
    let shown = cli(&db, &["asset", "show", &tag])?;
    ensure!(shown.contains("status  in_repair"), "in repair after a damaged return:\n{shown}");
    ensure!(shown.contains("checked in"), "history has the check-in");

    // Beyond repair: recorded as a repair, then disposed of (sold for parts). It leaves
    // the active register and keeps its history.
    app.wait_for("[data-testid=add-maintenance]")?.click()?;
    app.wait_for("[data-testid=maintenance-title]")?.send_keys("Hinge replacement quote")?;
    app.set_value("[data-testid=maintenance-cost]", "abc")?;
    app.wait_for("[data-testid=lifecycle-submit]")?.click()?;
    ensure!(app.wait_for("[data-testid=field-error-cost]")?.text()?.contains("not an amount"), "cost error shown");
    app.set_value("[data-testid=maintenance-cost]", "45.00")?;
    app.wait_for("[data-testid=lifecycle-submit]")?.click()?;
    app.wait_gone("[data-testid=lifecycle-dialog]")?;
    ensure!(app.wait_for("[data-testid=maintenance]")?.text()?.contains("Hinge replacement quote"), "repair listed");
    // Completed later at its final cost.
    app.wait_for("[data-testid=edit-maintenance]")?.click()?;
    ensure!(
        app.exec("return document.querySelector('[data-testid=maintenance-cost]').value;", json!([]))? == "45.00",
        "the form starts from the record"
    );
    app.set_value("[data-testid=maintenance-cost]", "52.50")?;
    app.wait_for("[data-testid=lifecycle-submit]")?.click()?;
    app.wait_gone("[data-testid=lifecycle-dialog]")?;
    app.wait_until("the new cost", |a| Ok(a.wait_for("[data-testid=maintenance]")?.text()?.contains("52.50")))?;
    let before: i64 = app.wait_for("[data-testid=total]")?.attr("data-count")?.unwrap_or_default().parse()?;
    app.wait_for("[data-testid=dispose-asset]")?.click()?;
    app.select("[data-testid=dispose-method]", "Sold")?;
    app.set_value("[data-testid=dispose-proceeds]", "120.00")?;
    app.set_value("[data-testid=dispose-certificate]", "RESALE-0042")?;
    app.wait_for("[data-testid=lifecycle-submit]")?.click()?;
    app.wait_gone("[data-testid=lifecycle-dialog]")?;
    ensure!(app.wait_for("[data-testid=disposal]")?.text()?.contains("RESALE-0042"), "disposal shown");
    app.wait_until("the total to drop by one", |a| {
        Ok(a.wait_for("[data-testid=total]")?.attr("data-count")?.and_then(|c| c.parse::<i64>().ok())
            == Some(before - 1))
    })?;
    app.screenshot("lifecycle-05-disposed")?;
    let shown = cli(&db, &["asset", "show", &tag])?;
    ensure!(shown.contains("status  disposed") && shown.contains("maintenance recorded"), "{shown}");
    Ok(())
}

/// Edits an event's actor the way someone with the file and Python would.
fn tamper_with_event(db: &std::path::Path, id: i64) -> Result<()> {
    let script = format!(
        "import sqlite3; c = sqlite3.connect({db:?}); \
         c.execute('DROP TRIGGER events_append_only_update'); \
         c.execute(\"UPDATE events SET actor = 'mallory' WHERE id = {id}\"); c.commit()",
        db = db.display().to_string()
    );
    let out = std::process::Command::new("python3").args(["-c", &script]).output()?;
    ensure!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    Ok(())
}

#[test]
fn an_edit_behind_the_apps_back_is_reported_at_its_event() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("history.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "40", "--people", "20", "--seed", "9"])?;

    // Intact: Settings says so once the background check has run.
    {
        let app = App::launch(&db)?;
        app.wait_ready()?;
        app.wait_for("[data-testid=nav-settings]")?.click()?;
        app.wait_for("[data-testid=history-status][data-state=intact]")?;
        ensure!(app.find("[data-testid=history-banner]")?.is_none(), "no banner on an intact log");
    }

    tamper_with_event(&db, 30)?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    let banner = app.wait_for("[data-testid=history-banner]")?.text()?;
    ensure!(banner.contains("event 30 (") && banner.contains("was changed after it was written"), "banner: {banner}");
    app.screenshot("history-01-banner")?;
    app.wait_for("[data-testid=history-banner] button")?.click()?;
    let status = app.wait_for("[data-testid=history-status][data-state=broken]")?;
    ensure!(status.attr("data-event")?.as_deref() == Some("30"), "broken at event 30");
    app.screenshot("history-02-settings")?;
    // Verify now gives the same answer.
    app.wait_for("[data-testid=verify-history]")?.click()?;
    app.wait_for("[data-testid=toast]")?;
    ensure!(
        app.wait_for("[data-testid=history-status]")?.attr("data-event")?.as_deref() == Some("30"),
        "still event 30"
    );
    Ok(())
}

#[test]
fn the_dashboard_opens_first_and_every_tile_leads_to_its_list() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dashboard.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "400", "--people", "40", "--seed", "5"])?;
    let overdue: serde_json::Value = serde_json::from_str(&cli(&db, &["overdue", "--json"])?)?;
    let overdue = overdue.as_array().context("overdue list")?.clone();
    ensure!(!overdue.is_empty(), "the demo has overdue loans");
    let app = App::launch(&db)?;
    app.wait_ready()?;

    let count = |css: &str| -> Result<i64> { Ok(app.wait_for(css)?.attr("data-count")?.unwrap_or_default().parse()?) };
    app.wait_for("[data-testid=dashboard]")?;
    let active = count("[data-testid=tile-active]")?;
    ensure!((350..400).contains(&active), "400 demo assets less the disposed: {active}");
    ensure!(count("[data-testid=tile-overdue]")? == overdue.len() as i64, "overdue tile matches the CLI");
    ensure!(count("[data-testid=tile-audit]")? > 0, "the demo has assets due for audit");
    app.screenshot("dashboard-01")?;

    // The overdue tile lists the loans; a row opens the asset.
    app.wait_for("[data-testid=tile-overdue]")?.click()?;
    app.wait_for("[data-testid=dashboard-list][data-kind=overdue]")?;
    let rows = app.find_all("[data-testid=dashboard-row]")?;
    ensure!(rows.len() == overdue.len(), "{} rows for {} overdue", rows.len(), overdue.len());
    let first = overdue[0]["checkout"]["assetTag"].as_str().context("tag")?.to_string();
    app.screenshot("dashboard-02-overdue")?;
    app.wait_for(&format!("[data-testid=dashboard-row][data-tag={first}]"))?.click()?;
    app.wait_for(&format!("[data-testid=asset-detail][data-tag={first}]"))?;
    ensure!(
        app.wait_for("[data-testid=checked-out]")?.attr("data-overdue")?.unwrap_or_default() != "0",
        "shown overdue"
    );

    // Due for audit and warranties list their assets too.
    app.wait_for("[data-testid=nav-dashboard]")?.click()?;
    app.wait_for("[data-testid=tile-audit]")?.click()?;
    app.wait_for("[data-testid=dashboard-list][data-kind=audit] [data-testid=dashboard-row]")?;
    app.wait_for("[data-testid=tile-warranty]")?.click()?;
    app.wait_for("[data-testid=dashboard-list][data-kind=warranty]")?;

    // A status bar opens the register filtered to that status, with the same count.
    app.exec(
        "document.querySelector('[data-testid=status-bar][data-status=deployed]').scrollIntoView({ block: 'center' }); return true;",
        json!([]),
    )?;
    let bar = app.wait_for("[data-testid=status-bar][data-status=deployed]")?;
    let deployed: i64 = bar.attr("data-count")?.unwrap_or_default().parse()?;
    bar.click()?;
    app.wait_until("the register filtered to deployed", |a| {
        Ok(a.wait_for("[data-testid=total]")?.attr("data-count")?.and_then(|c| c.parse().ok()) == Some(deployed))
    })?;
    app.screenshot("dashboard-03-filtered")?;
    Ok(())
}

#[test]
fn depreciation_rules_set_in_settings_give_book_values_and_a_report() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("depreciation.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "200", "--people", "20", "--seed", "9"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    // Laptops: a bad useful life is explained beside the field, then 48 months, 5%.
    app.wait_for("[data-testid=nav-settings]")?.click()?;
    app.wait_for("[data-testid=policy-row][data-category=Laptops] [data-testid=policy-edit]")?.click()?;
    app.select("[data-testid=policy-method]", "Straight-line")?;
    app.set_value("[data-testid=policy-life]", "0")?;
    app.wait_for("[data-testid=policy-save]")?.click()?;
    let error = app.wait_for("[data-testid=policy-error-life]")?.text()?;
    ensure!(error.contains("600") || error.contains("at least"), "useful life error: {error}");
    app.set_value("[data-testid=policy-life]", "48")?;
    app.set_value("[data-testid=policy-salvage]", "5")?;
    app.wait_for("[data-testid=policy-save]")?.click()?;
    let row = app.wait_for("[data-testid=policy-row][data-category=Laptops]")?.text()?;
    ensure!(row.contains("Straight-line") && row.contains("4 years") && row.contains("5%"), "saved: {row}");
    app.screenshot("depreciation-01-settings")?;

    // A laptop's detail shows its book value and schedule.
    app.wait_for("[data-testid=nav-register]")?.click()?;
    let tag = (1..=200)
        .map(|n| format!("AT-{n:06}"))
        .find(|tag| {
            cli(&db, &["asset", "show", tag])
                .is_ok_and(|s| s.contains("category  Laptops") && !s.contains("status  disposed"))
        })
        .context("a laptop in the demo")?;
    app.wait_for(&format!("[data-testid=asset-row][data-tag={tag}]"))?;
    app.exec(
        "document.querySelector(`[data-testid=asset-row][data-tag=${arguments[0]}]`)
            .dispatchEvent(new MouseEvent('dblclick', { bubbles: true })); return true;",
        json!([tag]),
    )?;
    app.wait_for(&format!("[data-testid=asset-detail][data-tag={tag}]"))?;
    app.wait_for("[data-testid=book-value]")?;
    app.wait_for("[data-testid=show-schedule]")?.click()?;
    let years = app.find_all("[data-testid=schedule] tbody tr")?.len();
    ensure!((4..=5).contains(&years), "48 months span 4 or 5 calendar years, got {years}");
    app.screenshot("depreciation-02-asset")?;

    // The dashboard's book value opens totals by category and the report PDF.
    app.wait_for("[data-testid=nav-dashboard]")?.click()?;
    app.wait_for("[data-testid=tile-book][data-ready=true]")?.click()?;
    app.wait_for("[data-testid=book-row][data-category=Laptops]")?;
    // At the end of last year instead of today.
    app.set_value("[data-testid=book-at]", "2025-12-31")?;
    app.wait_for("[data-testid=book-row][data-category=Laptops]")?;
    let pdf = dir.path().join("depreciation.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=depreciation-report]")?.click()?;
    app.wait_until("the depreciation report", |_| Ok(pdf.exists()))?;
    let text = pdf_text(&pdf)?;
    for expected in ["Depreciation", "Laptops", "Straight-line", "2025-12-31", &tag] {
        ensure!(text.contains(expected), "report lacks {expected:?}");
    }
    app.screenshot("depreciation-03-dashboard")?;
    Ok(())
}

#[test]
fn an_own_status_label_stands_for_its_status_until_the_status_changes() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("labels.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "40", "--people", "20", "--seed", "9"])?;
    let tag = deployable_tag(&db)?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    app.wait_for("[data-testid=nav-settings]")?.click()?;
    for name in ["Spare pool", "spare POOL"] {
        app.wait_for("[data-testid=status-label-name]")?.send_keys(name)?;
        app.select("[data-testid=status-label-meaning]", "means Ready to deploy")?;
        app.wait_for("[data-testid=add-status-label]")?.click()?;
    }
    let error = app.wait_for("[data-testid=status-label-error]")?.text()?;
    ensure!(error.contains("already a status called"), "duplicate refused: {error}");
    app.wait_for("[data-testid=status-label][data-name='Spare pool']")?;

    app.wait_for("[data-testid=nav-register]")?.click()?;
    app.wait_for(&format!("[data-testid=asset-row][data-tag={tag}]"))?;
    app.exec(
        "document.querySelector(`[data-testid=asset-row][data-tag=${arguments[0]}]`)
            .dispatchEvent(new MouseEvent('dblclick', { bubbles: true })); return true;",
        json!([tag]),
    )?;
    app.wait_for("[data-testid=edit-asset]")?.click()?;
    app.select("select[name=status]", "Ready to deploy — Spare pool")?;
    app.wait_for("[data-testid=save-asset]")?.click()?;
    app.wait_until("the pill to say Spare pool", |a| {
        Ok(a.wait_for("[data-testid=status-pill]")?.text()? == "Spare pool")
    })?;
    let row = app.wait_for(&format!("[data-testid=asset-row][data-tag={tag}]"))?.text()?;
    ensure!(row.contains("Spare pool"), "the register shows the label: {row}");
    let shown: serde_json::Value = serde_json::from_str(&cli(&db, &["asset", "show", &tag, "--json"])?)?;
    ensure!(shown["asset"]["statusLabel"] == "Spare pool" && shown["asset"]["status"] == "deployable", "{shown}");
    app.screenshot("labels-01-spare-pool")?;

    // Checked out, it is no longer in the spare pool.
    app.wait_for("[data-testid=check-out]")?.click()?;
    pick_first(&app, "[data-testid=checkout-person]")?;
    app.wait_for("[data-testid=lifecycle-submit]")?.click()?;
    app.wait_until("the pill to say Deployed", |a| Ok(a.wait_for("[data-testid=status-pill]")?.text()? == "Deployed"))?;
    Ok(())
}
