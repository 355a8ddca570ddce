//! End-to-end: consumables stock through the real window — an item created with its
//! barcode, received, issued at the service desk by scanning, an over-issue refused at
//! its quantity and listed as a stockout, and a scan count posting its variance.

use anyhow::{ensure, Result};
use tagledger_e2e::{cli, App, ENTER};

/// One asset, so the import creates the store and the person stock is issued to.
const REGISTER: &str = "tag,name,category,location,assigned_to\n\
STK-1,Ann's laptop,Laptops,Head Office › IT Store,Ann Lee\n";
const BARCODE: &str = "5012345678900";
const STORE: &str = "Head Office › IT Store";

/// Waits for a toast that contains `text`.
fn toast(app: &App, text: &str) -> Result<()> {
    app.wait_until(&format!("a toast saying {text:?}"), |a| {
        Ok(a.find_all("[data-testid=toast]")?.iter().any(|t| t.text().is_ok_and(|t| t.contains(text))))
    })
}

/// What the open item's page says is on hand in all.
fn on_hand(app: &App) -> Result<i64> {
    Ok(app.wait_for("[data-testid=stock-on-hand]")?.attr("data-count")?.unwrap_or_default().parse()?)
}

#[test]
fn an_item_is_received_issued_by_scanning_runs_short_and_is_counted() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("stock.db");
    let csv = dir.path().join("register.csv");
    std::fs::write(&csv, REGISTER)?;
    cli(&db, &["init"])?;
    cli(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    // No stock yet: the page offers a new item; a blank SKU is explained at its field.
    app.wait_for("[data-testid=nav-stock]")?.click()?;
    app.wait_for("[data-testid=stock-empty]")?;
    app.wait_for("[data-testid=stock-empty-new]")?.click()?;
    app.wait_for("[data-testid=stock-item-name]")?.send_keys("USB keyboard")?;
    app.wait_for("[data-testid=stock-item-barcode]")?.send_keys(BARCODE)?;
    app.wait_for("[data-testid=save-stock-item]")?.click()?;
    let error = app.wait_for("[data-testid=stock-item-error-sku]")?.text()?;
    ensure!(error == "This field is required", "SKU error: {error}");
    app.wait_for("[data-testid=stock-item-sku]")?.send_keys("KB-01")?;
    app.wait_for("[data-testid=save-stock-item]")?.click()?;
    app.wait_gone("[data-testid=stock-item-form]")?;

    // The new item opens; receive 10 into the store.
    app.wait_for("[data-testid=stock-item-detail][data-sku=KB-01]")?;
    ensure!(on_hand(&app)? == 0, "nothing on hand yet");
    app.wait_for("[data-testid=stock-action-receive]")?.click()?;
    app.select("[data-testid=stock-location]", STORE)?;
    app.wait_for("[data-testid=stock-quantity]")?.send_keys("10")?;
    app.wait_for("[data-testid=stock-reference]")?.send_keys("PO-1001")?;
    app.wait_for("[data-testid=stock-movement-submit]")?.click()?;
    app.wait_gone("[data-testid=stock-movement-dialog]")?;
    toast(&app, "Received 10 × KB-01 USB keyboard at IT Store")?;
    app.wait_until("10 on hand", |a| Ok(on_hand(a)? == 10))?;

    // The service desk: three scans of the barcode into the scan box make one line of 3.
    app.wait_for("[data-testid=stock-tab-issue]")?.click()?;
    app.select("[data-testid=issue-location]", STORE)?;
    app.wait_for("[data-testid=issue-scan]")?.click()?;
    for n in 1..=3 {
        app.type_fast(&format!("{BARCODE}{ENTER}"))?;
        app.wait_for(&format!("[data-testid=issue-line][data-sku=KB-01][data-quantity='{n}']"))?;
    }
    ensure!(app.find_all("[data-testid=issue-line]")?.len() == 1, "one line per item");
    app.select("[data-testid=issue-person]", "Ann Lee")?;
    app.wait_for("[data-testid=issue-reason]")?.send_keys("new starter")?;
    app.screenshot("stock-01-issue")?;
    app.wait_for("[data-testid=issue-post]")?.click()?;
    toast(&app, "Issued 3 × KB-01 USB keyboard to Ann Lee")?;
    app.wait_for("[data-testid=issue-empty]")?;

    // The list shows 7 left; a scan with no field focused opens the item.
    app.wait_for("[data-testid=stock-tab-items]")?.click()?;
    let row = app.wait_for("[data-testid=stock-row][data-sku=KB-01][data-on-hand='7']")?.text()?;
    ensure!(row.contains("USB keyboard") && row.contains(BARCODE), "row: {row}");
    app.screenshot("stock-02-list")?;
    app.blur()?;
    app.type_fast(&format!("{BARCODE}{ENTER}"))?;
    app.wait_for("[data-testid=stock-item-detail][data-sku=KB-01]")?;
    ensure!(on_hand(&app)? == 7, "7 on hand after issuing 3");

    // Twelve is more than is here: the refusal shows at the quantity, nothing is issued,
    // and the 5 that could not be had are recorded as a stockout.
    app.wait_for("[data-testid=stock-action-issue]")?.click()?;
    app.wait_for("[data-testid=stock-quantity]")?.send_keys("12")?;
    app.select("[data-testid=stock-person]", "Ann Lee")?;
    app.wait_for("[data-testid=stock-reason]")?.send_keys("replacement")?;
    app.wait_for("[data-testid=stock-movement-submit]")?.click()?;
    let refused = app.wait_for("[data-testid=stock-error-quantity]")?.text()?;
    ensure!(
        refused == "Cannot issue 12 × KB-01 USB keyboard at Head Office › IT Store: only 7 on hand; the shortfall of 5 is recorded as a stockout",
        "refusal: {refused}"
    );
    ensure!(app.wait_for("[data-testid=stock-movement-error]")?.text()? == "Nothing was issued.", "form says so");
    app.screenshot("stock-03-over-issue")?;
    app.wait_for("[data-testid=stock-movement-dialog] button[aria-label=Cancel]")?.click()?;
    app.wait_gone("[data-testid=stock-movement-dialog]")?;
    ensure!(on_hand(&app)? == 7, "nothing issued");

    app.wait_for("[data-testid=stock-tab-stockouts]")?.click()?;
    app.wait_for("[data-testid=stockout-row][data-sku=KB-01][data-demand='5']")?;
    ensure!(app.find_all("[data-testid=stockout-row]")?.len() == 1, "one stockout");
    app.select("[data-testid=stockout-cause]", "Demand spike")?;
    app.wait_for("[data-testid=stockout-row][data-sku=KB-01][data-cause=demand_spike]")?;
    app.screenshot("stock-04-stockouts")?;

    // A count: one scan, then 6 typed over it; the review shows −1 before posting.
    app.wait_for("[data-testid=stock-tab-count]")?.click()?;
    app.select("[data-testid=count-location]", STORE)?;
    app.wait_for("[data-testid=count-scan]")?.click()?;
    app.type_fast(&format!("{BARCODE}{ENTER}"))?;
    app.wait_for("[data-testid=count-line][data-sku=KB-01][data-counted='1']")?;
    app.set_value("[data-testid=count-line-qty]", "6")?;
    app.wait_for("[data-testid=count-line][data-sku=KB-01][data-counted='6']")?;
    app.wait_for("[data-testid=count-review]")?.click()?;
    app.wait_for("[data-testid=count-summary][data-variances='1']")?;
    app.wait_for("[data-testid=count-variance][data-sku=KB-01][data-variance='-1']")?;
    app.screenshot("stock-05-count-review")?;
    app.wait_for("[data-testid=count-post]")?.click()?;
    toast(&app, "Count posted at IT Store: 1 variance (−1)")?;
    app.wait_for("[data-testid=count-empty]")?;

    // The ledger, newest first: the count's −1, the issue's −3, the receipt's +10.
    app.wait_for("[data-testid=stock-tab-items]")?.click()?;
    // (A cell, as a user clicks: WebKit's driver will not click a table row itself.)
    app.wait_for("[data-testid=stock-row][data-sku=KB-01][data-on-hand='6'] td")?.click()?;
    app.wait_until("6 on hand", |a| Ok(on_hand(a)? == 6))?;
    let mut ledger = Vec::new();
    for row in app.find_all("[data-testid=ledger-row]")? {
        ledger.push((row.attr("data-kind")?.unwrap_or_default(), row.attr("data-quantity")?.unwrap_or_default()));
    }
    let expected = [("count", "-1"), ("issue", "-3"), ("receive", "10")].map(|(k, q)| (k.to_string(), q.to_string()));
    ensure!(ledger == expected, "ledger: {ledger:?}");
    let issued = app.find_all("[data-testid=ledger-row][data-kind=issue]")?[0].text()?;
    ensure!(
        issued.contains("Ann Lee") && issued.contains("new starter") && issued.contains("−3"),
        "issue row: {issued}"
    );
    app.screenshot("stock-06-item")?;
    Ok(())
}
