//! End-to-end: a software licence through the real window — added with a key, seats
//! assigned until none is left, a renewal for fewer seats shows it over-assigned on the
//! Licences page and the dashboard.

use anyhow::{ensure, Result};
use serde_json::json;
use tagledger_e2e::{cli, App};

const KEY: &str = "E2E00-AAAAA-BBBBB-CCCCC-WXYZ9";

/// Picks option `index` of a <select> (1 = the first real choice).
fn pick(app: &App, css: &str, index: u32) -> Result<()> {
    app.wait_for(css)?;
    app.exec(
        "const s = document.querySelector(arguments[0]); s.selectedIndex = arguments[1];
         s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
        json!([css, index]),
    )?;
    Ok(())
}

#[test]
fn seats_run_out_and_a_smaller_renewal_shows_over_assigned() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("licences.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "40", "--people", "20", "--seed", "9"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-licences]")?.click()?;
    app.wait_for("[data-testid=licences]")?;

    // A new licence for a new product; a bad seat count is explained first.
    app.wait_for("[data-testid=new-licence]")?.click()?;
    app.select("[data-testid=licence-product]", "New product…")?;
    app.wait_for("[data-testid=licence-new-product]")?.send_keys("E2E Suite")?;
    app.wait_for("[data-testid=licence-name]")?.send_keys("E2E Suite 2026")?;
    app.wait_for("[data-testid=licence-seats]")?.send_keys("-2")?;
    app.wait_for("[data-testid=licence-key-input]")?.send_keys(KEY)?;
    app.set_value("[data-testid=licence-renewal]", "1200.00")?;
    app.wait_for("[data-testid=save-licence]")?.click()?;
    ensure!(app.wait_for("[data-testid=licence-error-seats]")?.text()?.contains("between 0"), "seat error shown");
    let seats = app.wait_for("[data-testid=licence-seats]")?;
    seats.clear()?;
    seats.send_keys("2")?;
    app.wait_for("[data-testid=save-licence]")?.click()?;
    app.wait_gone("[data-testid=licence-form]")?;

    // The list masks the key; revealing it shows it whole.
    let row = app.wait_for("[data-testid=licence-row][data-name='E2E Suite 2026']")?.text()?;
    ensure!(row.contains("••••-XYZ9") && !row.contains("AAAAA"), "masked: {row}");
    app.wait_for("[data-testid=licence-detail][data-name='E2E Suite 2026']")?;
    app.wait_for("[data-testid=reveal-key]")?.click()?;
    ensure!(app.wait_for("[data-testid=licence-key]")?.text()? == KEY, "revealed in full");

    // Two seats, two people; then the button says there is none left.
    for index in [1, 2] {
        pick(&app, "[data-testid=seat-person]", index)?;
        app.wait_for("[data-testid=assign-seat]")?.click()?;
        app.wait_until("the seat in the list", |a| Ok(a.find_all("[data-testid=seat]")?.len() == index as usize))?;
    }
    ensure!(app.wait_for("[data-testid=assign-seat]")?.attr("disabled")?.is_some(), "no free seat left");
    app.screenshot("licences-01-seats")?;

    // Renewed for one seat: over-assigned, on the page and on the dashboard.
    app.wait_for("[data-testid=edit-licence]")?.click()?;
    let seats = app.wait_for("[data-testid=licence-seats]")?;
    seats.clear()?;
    seats.send_keys("1")?;
    app.wait_for("[data-testid=save-licence]")?.click()?;
    app.wait_gone("[data-testid=licence-form]")?;
    app.wait_for("[data-testid=licence-row][data-name='E2E Suite 2026'][data-over=true]")?;
    app.wait_for("[data-testid=licence-filter-over]")?.click()?;
    app.wait_for("[data-testid=licence-row][data-name='E2E Suite 2026']")?;
    app.screenshot("licences-02-over-assigned")?;
    app.wait_for("[data-testid=nav-dashboard]")?.click()?;
    let tile = app.wait_for("[data-testid=tile-licences]")?;
    ensure!(tile.attr("data-over")?.unwrap_or_default().parse::<i64>()? >= 1, "the dashboard counts it");
    tile.click()?;
    app.wait_for("[data-testid=licence-row][data-name='E2E Suite 2026'][data-over=true]")?;

    // The key never reached the event log, and the log is intact.
    ensure!(cli(&db, &["verify-log"])?.starts_with("history intact"), "history intact");
    let log = std::process::Command::new("python3")
        .args(["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM events WHERE ifnull(after,'') LIKE '%AAAAA%' OR ifnull(before,'') LIKE '%AAAAA%'\").fetchone()[0])"])
        .arg(&db)
        .output()?;
    ensure!(String::from_utf8_lossy(&log.stdout).trim() == "0", "no key in the log");
    Ok(())
}
