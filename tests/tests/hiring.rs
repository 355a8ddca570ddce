//! End-to-end: the hiring plan as a demand driver, on the CLI's demo stock. A kit for
//! every department holds 2 × KB-USB-UK; 5 Engineering starters next month make a kit
//! demand of 10 keyboards that month (0 this month), which the kit demand table lists
//! and KB-USB-UK's forecast chart draws apart, with the total = forecast + 10. An HR
//! file with one bad row shows that row's error and changes nothing; the corrected file
//! replaces next month's plan (7 + 3 starters: 20 keyboards) once confirmed. Last, the
//! policy PDF is generated (issue 7's end-to-end: plan → kit demand → policy).

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

fn attr(app: &App, css: &str, name: &str) -> Result<String> {
    Ok(app.wait_for(css)?.attr(name)?.unwrap_or_default())
}

/// Waits until the element matching `css` has `data-value` equal to `want`.
fn wait_value(app: &App, css: &str, want: &str) -> Result<()> {
    let mut last = String::new();
    app.wait_until(&format!("{css} to be {want}"), |a| {
        last = match a.find(css)? {
            Some(e) => e.attr("data-value")?.unwrap_or_default(),
            None => "(missing)".into(),
        };
        Ok(last == want)
    })
    .with_context(|| format!("{css} is {last}"))
}

#[test]
fn hiring_plan_feeds_the_forecast() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("hiring.db");
    cli(
        &db,
        &["demo", "--assets", "20", "--people", "10", "--stock-items", "40", "--stock-months", "24", "--seed", "4"],
    )?;
    // The demo comes with kits and a plan; this test starts from none, as a team does on
    // its first day with the hiring plan (tables without history triggers: no event is
    // touched, so the log still verifies).
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             c.executescript('DELETE FROM hiring_plan; DELETE FROM onboarding_kit_lines; DELETE FROM onboarding_kits;'); \
             c.commit()",
        ])
        .arg(&db)
        .status()?;
    ensure!(status.success(), "clear the demo's kits and plan");
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-planning]")?.click()?;
    app.wait_for("[data-testid=planning-tab-hiring]")?.click()?;

    // Nothing planned yet: each part says what to do.
    app.wait_for("[data-testid=kits-empty]")?;
    app.wait_for("[data-testid=hiring-plan-empty]")?;
    app.wait_for("[data-testid=kit-demand-empty]")?;
    screenshot(&app, "hiring-empty")?;

    // A kit for every department: 2 × KB-USB-UK per starter.
    app.wait_for("[data-testid=kit-add]")?.click()?;
    app.wait_for("[data-testid=kit-name]")?.send_keys("Standard starter kit")?;
    ensure!(
        app.exec("return document.querySelector('[data-testid=kit-every-department]').checked;", json!([]))?
            == json!(true)
    );
    app.wait_for("[data-testid=kit-line-item]")?.send_keys("KB-USB-UK")?;
    app.wait_for("[data-testid=kit-item-option][data-sku=KB-USB-UK]")?.click()?;
    let quantity = app.wait_for("[data-testid=kit-line-quantity]")?;
    quantity.clear()?;
    quantity.send_keys("2")?;
    app.wait_for("[data-testid=kit-save]")?.click()?;
    let kit = app.wait_for("[data-testid=kit-row][data-name='Standard starter kit']")?.text()?;
    ensure!(kit.contains("Every department") && kit.contains("2 × KB-USB-UK"), "kit row: {kit}");

    // Engineering: 5 starters next month, saved with Ctrl+S.
    app.wait_for("[data-testid=hiring-department-name]")?.send_keys("Engineering")?;
    app.wait_for("[data-testid=hiring-department-add]")?.click()?;
    app.wait_for("[data-testid=hiring-grid-row][data-department=Engineering]")?;
    let cells = app.find_all("[data-testid=plan-cell][data-department=Engineering]")?;
    ensure!(cells.len() == 12, "{} months in the grid", cells.len());
    let this_month = cells[0].attr("data-month")?.unwrap_or_default();
    let next_month = cells[1].attr("data-month")?.unwrap_or_default();
    cells[1].click()?;
    cells[1].send_keys("5")?;
    app.wait_for("[data-testid=hiring-unsaved]")?;
    cells[1].send_keys("\u{E009}s\u{E000}")?;
    app.wait_gone("[data-testid=hiring-unsaved]")?;

    // The kit demand table: 5 × 2 = 10 keyboards next month, none this month.
    let row = "[data-testid=kit-demand-row][data-sku=KB-USB-UK]";
    wait_value(&app, &format!("{row} [data-testid=kit-demand-value][data-month='{next_month}']"), "10")?;
    ensure!(
        attr(&app, &format!("{row} [data-testid=kit-demand-value][data-month='{this_month}']"), "data-value")? == "0"
    );
    screenshot(&app, "hiring-plan")?;

    // Its link opens KB-USB-UK's forecast, where the kit demand is its own series.
    let open = format!("{row} [data-testid=kit-demand-open]");
    app.exec("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return true;", json!([open]))?;
    app.wait_for(&open)?.click()?;
    let title = app.wait_for("[data-testid=planning-item-title]")?.text()?;
    ensure!(title.contains("KB-USB-UK"), "title: {title}");
    wait_value(&app, &format!("[data-testid=chart-kit][data-month='{next_month}']"), "10")?;
    ensure!(
        app.find_all("[data-testid=chart-kit]")?.len() == 1,
        "one month of kit demand is drawn (this month has none)"
    );
    let legend = app.wait_for("[data-testid=chart-kit-legend]")?.text()?;
    ensure!(legend == "Kit demand (hiring plan)", "legend: {legend}");
    app.wait_for("[data-testid=chart-total]")?;
    app.exec("document.querySelector('[data-testid=planning-chart]').scrollIntoView(); return true;", json!([]))?;
    screenshot(&app, "hiring-forecast-chart")?;
    // The table's kit line and total: total = the forecast (as shown, one decimal) + 10.
    wait_value(&app, &format!("[data-testid=kit-demand-cell][data-month='{next_month}']"), "10")?;
    let total: f64 =
        attr(&app, &format!("[data-testid=total-cell][data-month='{next_month}']"), "data-value")?.parse()?;
    let baseline_cells = app.find_all("[data-testid=forecast-row-baseline] td.num")?;
    let baseline: f64 = baseline_cells[1].text()?.parse()?;
    ensure!((total - 10.0 - baseline).abs() <= 0.05 + 1e-9, "total {total}, forecast {baseline}");
    let point: f64 =
        attr(&app, &format!("[data-testid=chart-total-point][data-month='{next_month}']"), "data-value")?.parse()?;
    ensure!((point - total).abs() < 1e-9, "chart total {point}, table total {total}");
    app.exec("document.querySelector('[data-testid=forecast-months]').scrollIntoView(); return true;", json!([]))?;
    screenshot(&app, "hiring-forecast")?;

    // An HR file with one bad row: its line and column are shown, nothing is written.
    let csv = dir.path().join("hr.csv");
    let next = &next_month[..7];
    std::fs::write(&csv, format!("department,month,starters\nEngineering,{next},7\nSales,{next}-15,3\n"))?;
    app.exec("window.__TAGLEDGER_OPEN_PATH__ = arguments[0]; return true;", json!([csv]))?;
    app.wait_for("[data-testid=planning-tab-hiring]")?.click()?;
    app.wait_for("[data-testid=hiring-import]")?.click()?;
    let error = app.wait_for("[data-testid=hiring-import-error][data-line='3'][data-column=month]")?.text()?;
    ensure!(error.contains("is not a month; use YYYY-MM"), "row error: {error}");
    ensure!(app.find_all("[data-testid=hiring-import-error]")?.len() == 1, "exactly one row error");
    ensure!(app.find("[data-testid=hiring-import-confirm]")?.is_none(), "a bad file cannot be imported");
    screenshot(&app, "hiring-import-error")?;
    app.wait_for("[data-testid=hiring-preview-close]")?.click()?;
    ensure!(app.find_all("[data-testid=hiring-grid-row]")?.len() == 1, "no Sales row was added");
    let five = app.exec(
        "return document.querySelector(`[data-testid=plan-cell][data-department=Engineering][data-month='${arguments[0]}']`).value;",
        json!([next_month]),
    )?;
    ensure!(five == json!("5"), "Engineering next month: {five}");
    wait_value(&app, &format!("{row} [data-testid=kit-demand-value][data-month='{next_month}']"), "10")?;

    // Corrected, it previews two rows and is written only on "Import": 7 + 3 starters.
    std::fs::write(&csv, format!("department,month,starters\nEngineering,{next},7\nSales,{next},3\n"))?;
    app.wait_for("[data-testid=hiring-import]")?.click()?;
    app.wait_for("[data-testid=hiring-preview][data-rows='2'][data-errors='0']")?;
    wait_value(&app, &format!("{row} [data-testid=kit-demand-value][data-month='{next_month}']"), "10")?;
    app.wait_for("[data-testid=hiring-import-confirm]")?.click()?;
    app.wait_gone("[data-testid=hiring-preview]")?;
    app.wait_for("[data-testid=hiring-grid-row][data-department=Sales]")?;
    wait_value(&app, &format!("{row} [data-testid=kit-demand-value][data-month='{next_month}']"), "20")?;
    screenshot(&app, "hiring-imported")?;

    // The last step: the policy PDF is generated from the same live configuration.
    app.wait_for("[data-testid=nav-policy]")?.click()?;
    let pdf = dir.path().join("policy.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=policy-generate]")?.click()?;
    app.wait_for("[data-testid=policy-generate-dialog]")?;
    app.set_value("[data-testid=policy-effective]", &next_month)?;
    let approver = app.wait_for("[data-testid=policy-approver]")?;
    approver.clear()?;
    approver.send_keys("Hiring Lead")?;
    app.wait_for("[data-testid=policy-generate-submit]")?.click()?;
    app.wait_until("the policy PDF", |_| Ok(pdf.exists()))?;
    let text = tagledger_e2e::pdf_text(&pdf)?;
    ensure!(text.contains("Inventory management policy — version 1"), "{text}");
    ensure!(text.contains("Hiring Lead") && text.contains("Toner & ink"), "approver and categories:\n{text}");
    Ok(())
}
