//! End-to-end: the purchasing acceptance test, in the real window. A stock item with a
//! preferred supplier (7 days' lead time) and a reorder rule runs below its reorder
//! point; its suggestion becomes a draft order, which is approved, sent on 2026-03-02
//! (promised 2026-03-09), received in two parts (6 on 2026-03-05, 6 on 2026-03-12, after
//! the promise), so the supplier's scorecard for March shows the line late — on screen
//! and in the scorecard PDF — and the stock on hand went up by 12.

use anyhow::{ensure, Result};
use serde_json::json;
use tagledger_e2e::{cli, pdf_text, App, ENTER};

/// One asset, so the import creates the store and the supplier.
const REGISTER: &str = "tag,name,category,location,supplier\n\
PUR-1,Store laptop,Laptops,Head Office › IT Store,Acme Supplies\n";
const STORE: &str = "Head Office › IT Store";

/// Waits for a toast that contains `text`.
fn toast(app: &App, text: &str) -> Result<()> {
    app.wait_until(&format!("a toast saying {text:?}"), |a| {
        Ok(a.find_all("[data-testid=toast]")?.iter().any(|t| t.text().is_ok_and(|t| t.contains(text))))
    })
}

/// Dismisses the toasts (they would cover the table in a screenshot), then takes one.
fn screenshot(app: &App, name: &str) -> Result<()> {
    app.exec(
        "document.querySelectorAll('[data-testid=toast] button').forEach((b) => b.click()); return true;",
        json!([]),
    )?;
    app.wait_gone("[data-testid=toast]")?;
    app.screenshot(name)?;
    Ok(())
}

/// Types into an input after clearing what it holds.
fn fill(app: &App, css: &str, text: &str) -> Result<()> {
    let input = app.wait_for(css)?;
    input.clear()?;
    input.send_keys(text)
}

#[test]
fn a_reorder_suggestion_is_ordered_received_late_and_scored() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("purchasing.db");
    let csv = dir.path().join("register.csv");
    std::fs::write(&csv, REGISTER)?;
    cli(&db, &["init"])?;
    cli(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    // A stock item with 3 on hand in the store.
    app.wait_for("[data-testid=nav-stock]")?.click()?;
    app.wait_for("[data-testid=new-stock-item]")?.click()?;
    app.wait_for("[data-testid=stock-item-sku]")?.send_keys("TON-01")?;
    app.wait_for("[data-testid=stock-item-name]")?.send_keys("Toner cartridge")?;
    app.wait_for("[data-testid=save-stock-item]")?.click()?;
    app.wait_gone("[data-testid=stock-item-form]")?;
    app.wait_for("[data-testid=stock-item-detail][data-sku=TON-01]")?;
    app.wait_for("[data-testid=stock-action-receive]")?.click()?;
    app.select("[data-testid=stock-location]", STORE)?;
    app.wait_for("[data-testid=stock-quantity]")?.send_keys("3")?;
    app.wait_for("[data-testid=stock-movement-submit]")?.click()?;
    app.wait_gone("[data-testid=stock-movement-dialog]")?;
    app.wait_for(&format!("[data-testid=balance-row][data-location='{STORE}'][data-owned='3']"))?;

    // Purchasing: nothing to reorder until the item has an offer and a rule.
    app.wait_for("[data-testid=nav-purchasing]")?.click()?;
    app.wait_for("[data-testid=reorder-empty]")?;
    app.select("[data-testid=reorder-item-select]", "TON-01 · Toner cartridge")?;
    app.wait_for("[data-testid=reorder-item][data-sku=TON-01]")?;
    app.wait_for("[data-testid=offers-empty]")?;
    app.wait_for("[data-testid=add-offer]")?.click()?;
    app.select("[data-testid=offer-supplier]", "Acme Supplies")?;
    app.wait_for("[data-testid=offer-price]")?.send_keys("25.00")?;
    app.wait_for("[data-testid=offer-lead-time]")?.send_keys("7")?;
    // The item's first offer starts preferred.
    ensure!(app.exec("return document.querySelector('[data-testid=offer-preferred]').checked;", json!([]))? == true);
    app.wait_for("[data-testid=offer-save]")?.click()?;
    app.wait_for("[data-testid=offer-row][data-supplier='Acme Supplies'][data-preferred=true]")?;

    // A rule without an order-up-to is refused at its field.
    app.wait_for("[data-testid=add-rule]")?.click()?;
    app.select("[data-testid=rule-location]", STORE)?;
    app.wait_for("[data-testid=rule-reorder-point]")?.send_keys("5")?;
    app.wait_for("[data-testid=rule-save]")?.click()?;
    let refused = app.wait_for("[data-testid=rule-error-orderUpTo]")?.text()?;
    ensure!(refused == "This field is required", "order-up-to error: {refused}");
    app.wait_for("[data-testid=rule-order-up-to]")?.send_keys("15")?;
    // With no issues yet the working shows zero demand; the lead time is the offer's.
    app.wait_for("[data-testid=rule-compute]")?.click()?;
    let safety = app.wait_for("[data-testid=formula-safety-stock]")?.text()?;
    ensure!(safety.contains("1.645 × 0.00 × √7 = 0.00 → 0"), "safety stock working: {safety}");
    app.exec("document.querySelector('[data-testid=rule-computed]').scrollIntoView(); return true;", json!([]))?;
    screenshot(&app, "purchasing-01-rule")?;
    app.wait_for("[data-testid=rule-save]")?.click()?;
    app.wait_for(&format!(
        "[data-testid=rule-row][data-location='{STORE}'][data-reorder-point='5'][data-order-up-to='15']"
    ))?;
    screenshot(&app, "purchasing-02-item-setup")?;

    // The suggestion: 3 available at a reorder point of 5, so order up to 15: 12.
    app.wait_for("[data-testid=reorder-item-back]")?.click()?;
    let row = app
        .wait_for(&format!(
            "[data-testid=suggestion-row][data-sku=TON-01][data-location='{STORE}'][data-suggested='12']"
        ))?
        .text()?;
    ensure!(row.contains("Acme Supplies") && row.contains("€300.00"), "suggestion row: {row}");
    app.wait_for("[data-testid=suggestion-row][data-sku=TON-01] [data-testid=suggestion-pick]")?.click()?;
    app.wait_for("[data-testid=reorder-picked]")?;
    screenshot(&app, "purchasing-03-reorder")?;
    app.wait_for("[data-testid=create-drafts]")?.click()?;
    toast(&app, "1 draft purchase order created")?;

    // The draft opens: approve it, send it on 2026-03-02 (promised + 7 days).
    app.wait_for("[data-testid=po-detail][data-status=draft]")?;
    app.wait_for("[data-testid=po-line][data-sku=TON-01][data-ordered='12']")?;
    app.wait_for("[data-testid=po-approve]")?.click()?;
    app.wait_for("[data-testid=po-detail][data-status=approved]")?;
    app.wait_for("[data-testid=po-send]")?.click()?;
    app.set_value("[data-testid=po-ordered-on]", "2026-03-02")?;
    app.wait_for("[data-testid=po-send-confirm]")?.click()?;
    app.wait_for("[data-testid=po-detail][data-status=sent]")?;
    app.wait_for("[data-testid=po-line][data-sku=TON-01][data-promised='2026-03-09']")?;

    // Half arrives on 2026-03-05, the rest on 2026-03-12: three days after the promise.
    app.wait_for("[data-testid=po-receive]")?.click()?;
    app.set_value("[data-testid=receive-date]", "2026-03-05")?;
    fill(&app, "[data-testid=receive-line][data-sku=TON-01] [data-testid=receive-accepted]", "6")?;
    app.wait_for("[data-testid=receive-submit]")?.click()?;
    app.wait_gone("[data-testid=receive-dialog]")?;
    app.wait_for("[data-testid=po-detail][data-status=partially_received]")?;
    app.wait_for("[data-testid=po-line][data-sku=TON-01][data-received='6'][data-outstanding='6']")?;
    app.wait_for("[data-testid=po-receive]")?.click()?;
    app.set_value("[data-testid=receive-date]", "2026-03-12")?;
    let rest = app.exec(
        "return document.querySelector('[data-testid=receive-line][data-sku=TON-01] [data-testid=receive-accepted]').value;",
        json!([]),
    )?;
    ensure!(rest == "6", "the rest is offered by default: {rest}");
    app.wait_for("[data-testid=receive-submit]")?.click()?;
    app.wait_gone("[data-testid=receive-dialog]")?;
    app.wait_for("[data-testid=po-detail][data-status=received]")?;
    app.wait_for("[data-testid=po-line][data-sku=TON-01][data-received='12'][data-completed='2026-03-12']")?;
    ensure!(app.find_all("[data-testid=po-receipt]")?.len() == 2, "two receipts");
    screenshot(&app, "purchasing-04-order")?;

    // March's scorecard: the one line came late, in full.
    app.wait_for("[data-testid=purchasing-tab-suppliers]")?.click()?;
    app.set_value("[data-testid=scorecard-from]", "2026-03-01")?;
    app.set_value("[data-testid=scorecard-to]", "2026-03-31")?;
    app.wait_for("[data-testid=scorecard-row][data-supplier='Acme Supplies'] td")?.click()?;
    app.wait_for("[data-testid=scorecard-detail]")?;
    let text = |id: &str| -> Result<String> { app.wait_for(&format!("[data-testid={id}]"))?.text() };
    let figures = [
        (text("scorecard-on-time-value")?, text("scorecard-on-time-sub")?),
        (text("scorecard-in-full-value")?, text("scorecard-in-full-sub")?),
        (text("scorecard-otif-value")?, text("scorecard-otif-sub")?),
    ];
    let expected = [("0.0%", "0 of 1 line"), ("100.0%", "1 of 1 line"), ("0.0%", "0 of 1 line")]
        .map(|(v, s)| (v.to_string(), s.to_string()));
    ensure!(figures == expected, "on time, in full, OTIF: {figures:?}");
    // The figure opens the line behind it: 3 days late.
    app.wait_for("[data-testid=scorecard-on-time]")?.click()?;
    app.wait_for(
        "[data-testid=scorecard-lines][data-measure=notOnTime] [data-testid=scorecard-line][data-days-late='3']",
    )?;
    app.wait_for("[data-testid=chart-point][data-series=onTimeRate][data-month='2026-03'][data-rate='0']")?;
    screenshot(&app, "purchasing-05-scorecard")?;
    app.exec("document.querySelector('[data-testid=scorecard-chart]').scrollIntoView(); return true;", json!([]))?;
    screenshot(&app, "purchasing-06-trend")?;

    // The printed scorecard says the same.
    let pdf = dir.path().join("scorecard.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=scorecard-pdf]")?.click()?;
    app.wait_until("the scorecard file", |_| Ok(pdf.exists()))?;
    let text = pdf_text(&pdf)?;
    for expected in [
        "Supplier scorecard — Acme Supplies",
        "On time: 0.0% (0 of 1 line)",
        "In full: 100.0% (1 of 1 line)",
        "On time in full (OTIF): 0.0% (0 of 1 line)",
    ] {
        ensure!(text.contains(expected), "the scorecard PDF lacks {expected:?}:\n{text}");
    }

    // The store holds 12 more than before: 3 + 12.
    // (Stock comes back on the item it showed.)
    app.wait_for("[data-testid=nav-stock]")?.click()?;
    app.wait_for("[data-testid=stock-item-detail][data-sku=TON-01]")?;
    app.wait_for(&format!("[data-testid=balance-row][data-location='{STORE}'][data-owned='15']"))?;
    let receipts: Vec<String> = app
        .find_all("[data-testid=ledger-row][data-kind=receive]")?
        .iter()
        .map(|r| r.attr("data-quantity").map(Option::unwrap_or_default))
        .collect::<Result<_>>()?;
    ensure!(receipts == ["6", "6", "3"], "receipts in the ledger, newest first: {receipts:?}");
    Ok(())
}

/// An order for an asset model, typed into the order form: refused at the line without
/// its price, then received with serials scanned into the serials box. The assets it
/// creates carry their serials and the landed cost (price + freight share), and their
/// labels print from the receipt.
#[test]
fn an_asset_order_is_received_with_scanned_serials_and_labelled() -> Result<()> {
    const MODELS: &str = "tag,name,category,model,location,supplier\n\
PUR-1,Store laptop,Laptops,ThinkPad T14,Head Office › IT Store,Acme Supplies\n";
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("assets.db");
    let csv = dir.path().join("register.csv");
    std::fs::write(&csv, MODELS)?;
    cli(&db, &["init"])?;
    cli(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    app.wait_for("[data-testid=nav-purchasing]")?.click()?;
    app.wait_for("[data-testid=new-order]")?.click()?;
    app.select("[data-testid=order-supplier]", "Acme Supplies")?;
    app.select("[data-testid=order-deliver-to]", STORE)?;
    app.select("[data-testid=order-line-kind]", "Asset model")?;
    app.select("[data-testid=order-line-model]", "ThinkPad T14")?;
    fill(&app, "[data-testid=order-line-qty]", "2")?;
    app.wait_for("[data-testid=order-freight]")?.send_keys("20.00")?;
    app.wait_for("[data-testid=order-save]")?.click()?;
    // An asset model has no offer to take a price from.
    let refused = app.wait_for("[data-testid=order-form] .line-error")?.text()?;
    ensure!(refused == "Line 1: This field is required", "line error: {refused}");
    app.wait_for("[data-testid=order-line-price]")?.send_keys("900.00")?;
    app.wait_for("[data-testid=order-save]")?.click()?;
    app.wait_gone("[data-testid=order-form]")?;
    app.wait_for("[data-testid=po-detail][data-status=draft]")?;
    ensure!(app.wait_for("[data-testid=po-total]")?.text()? == "€1,820.00", "2 × 900.00 + 20.00 freight");

    app.wait_for("[data-testid=po-approve]")?.click()?;
    app.wait_for("[data-testid=po-send]")?.click()?;
    app.wait_for("[data-testid=po-send-confirm]")?.click()?;
    app.wait_for("[data-testid=po-detail][data-status=sent]")?;
    app.wait_for("[data-testid=po-receive]")?.click()?;
    // The scanner types each serial and Enter into the focused serials box.
    app.wait_for("[data-testid=receive-serials]")?.click()?;
    app.type_fast(&format!("SN-A1{ENTER}SN-A2{ENTER}"))?;
    app.wait_for("[data-testid=receive-dialog]")?;
    let serials = app.exec("return document.querySelector('[data-testid=receive-serials]').value;", json!([]))?;
    ensure!(serials == "SN-A1\nSN-A2\n", "one serial a line: {serials:?}");
    app.wait_for("[data-testid=receive-submit]")?.click()?;
    app.wait_gone("[data-testid=receive-dialog]")?;
    app.wait_for("[data-testid=po-detail][data-status=received]")?;

    let created = app.wait_for("[data-testid=received-assets][data-count='2']")?.text()?;
    ensure!(created.starts_with("2 assets created:"), "notice: {created}");
    let tags: Vec<String> = app
        .find_all("[data-testid=po-receipt] li .mono")?
        .last()
        .map(|e| e.text())
        .transpose()?
        .unwrap_or_default()
        .split(", ")
        .map(str::to_string)
        .collect();
    ensure!(tags.len() == 2, "two new tags on the receipt: {tags:?}");
    let first = cli(&db, &["asset", "show", &tags[0]])?;
    for expected in ["serial  SN-A1", "model  ThinkPad T14", "status  deployable", "purchase cost  910.00 EUR"] {
        ensure!(first.contains(expected), "{} lacks {expected:?}:\n{first}", tags[0]);
    }
    ensure!(cli(&db, &["asset", "show", &tags[1]])?.contains("serial  SN-A2"), "second serial");
    screenshot(&app, "purchasing-07-assets-received")?;

    // Their labels print through the usual dialog, for exactly these two.
    app.wait_for("[data-testid=received-print-labels]")?.click()?;
    app.wait_for("[data-testid=print-dialog]")?;
    app.wait_for("[data-testid=print-summary][data-labels='2']")?;
    Ok(())
}

/// Consignment stock used from a supplier's shelf shows on its usage statement, valued
/// at the last delivery's cost, and saves as CSV and PDF; the score weights refuse a
/// set that does not add up to 100.
#[test]
fn consignment_usage_is_stated_and_weights_must_add_up() -> Result<()> {
    const PEOPLE: &str = "tag,name,category,location,supplier,assigned_to\n\
PUR-1,Store laptop,Laptops,Head Office › IT Store,Acme Supplies,Ann Lee\n";
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("consignment.db");
    let csv = dir.path().join("register.csv");
    std::fs::write(&csv, PEOPLE)?;
    cli(&db, &["init"])?;
    cli(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    // Acme keeps 10 cables on our shelf; we use 3.
    app.wait_for("[data-testid=nav-stock]")?.click()?;
    app.wait_for("[data-testid=new-stock-item]")?.click()?;
    app.wait_for("[data-testid=stock-item-sku]")?.send_keys("CBL-01")?;
    app.wait_for("[data-testid=stock-item-name]")?.send_keys("USB-C cable")?;
    app.wait_for("[data-testid=save-stock-item]")?.click()?;
    app.wait_gone("[data-testid=stock-item-form]")?;
    app.wait_for("[data-testid=stock-action-receive]")?.click()?;
    app.select("[data-testid=stock-location]", STORE)?;
    app.select("[data-testid=stock-owner]", "Acme Supplies's consignment stock")?;
    app.wait_for("[data-testid=stock-quantity]")?.send_keys("10")?;
    app.wait_for("[data-testid=stock-unit-cost]")?.send_keys("4.50")?;
    app.wait_for("[data-testid=stock-movement-submit]")?.click()?;
    app.wait_gone("[data-testid=stock-movement-dialog]")?;
    app.wait_for("[data-testid=stock-action-issue]")?.click()?;
    app.select("[data-testid=stock-location]", STORE)?;
    app.select("[data-testid=stock-owner]", "Acme Supplies's consignment stock")?;
    app.wait_for("[data-testid=stock-quantity]")?.send_keys("3")?;
    app.select("[data-testid=stock-person]", "Ann Lee")?;
    app.wait_for("[data-testid=stock-reason]")?.send_keys("new starter")?;
    app.wait_for("[data-testid=stock-movement-submit]")?.click()?;
    app.wait_gone("[data-testid=stock-movement-dialog]")?;

    app.wait_for("[data-testid=nav-purchasing]")?.click()?;
    app.wait_for("[data-testid=purchasing-tab-consignment]")?.click()?;
    app.wait_for("[data-testid=consigned-row][data-supplier='Acme Supplies'][data-sku=CBL-01][data-on-hand='7']")?;
    // A period around today: the issue was just now.
    app.set_value("[data-testid=usage-from]", "2020-01-01")?;
    app.set_value("[data-testid=usage-to]", "2099-12-31")?;
    app.wait_for("[data-testid=usage-line][data-sku=CBL-01][data-quantity='3']")?;
    ensure!(app.wait_for("[data-testid=usage-total]")?.text()? == "€13.50", "3 × 4.50 from the last delivery");
    screenshot(&app, "purchasing-08-consignment")?;

    let saved = dir.path().join("usage.csv");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([saved]))?;
    app.wait_for("[data-testid=usage-csv]")?.click()?;
    app.wait_until("the CSV file", |_| Ok(saved.exists()))?;
    let text = std::fs::read_to_string(&saved)?;
    let lines: Vec<&str> = text.split("\r\n").collect();
    ensure!(
        lines.first()
            == Some(&"date,sku,item,kind,quantity,unit,location,issued_to,reason,reference,unit_price,currency,value"),
        "header: {text}"
    );
    ensure!(
        lines.len() == 3
            && lines[1].ends_with(
                ",CBL-01,USB-C cable,issue,3,each,Head Office › IT Store,Ann Lee,new starter,,4.50,EUR,13.50"
            )
            && lines[2].is_empty(),
        "one movement, CRLF-terminated: {text:?}"
    );
    let pdf = dir.path().join("usage.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=usage-pdf]")?.click()?;
    app.wait_until("the PDF file", |_| Ok(pdf.exists()))?;
    let text = pdf_text(&pdf)?;
    ensure!(text.contains("Acme Supplies") && text.contains("CBL-01"), "usage PDF:\n{text}");

    // Weights of 90% in all are refused, saying so; 100% is saved.
    app.wait_for("[data-testid=purchasing-tab-suppliers]")?.click()?;
    app.wait_for("[data-testid=weights-toggle]")?.click()?;
    app.wait_for("[data-testid=weights-total][data-total='100']")?;
    let on_time = app.wait_for("[data-testid=weights-onTime]")?.attr("value")?.unwrap_or_default();
    let lowered = on_time.parse::<i64>()? - 10;
    fill(&app, "[data-testid=weights-onTime]", &lowered.to_string())?;
    app.wait_for("[data-testid=weights-total][data-total='90']")?;
    app.wait_for("[data-testid=weights-save]")?.click()?;
    let refused = app.wait_for("[data-testid=weights-error]")?.text()?;
    ensure!(refused == "The weights add up to 90%; they must add up to 100%", "weights refusal: {refused}");
    fill(&app, "[data-testid=weights-onTime]", &on_time)?;
    app.wait_for("[data-testid=weights-save]")?.click()?;
    app.wait_gone("[data-testid=weights]")?;
    toast(&app, "Score weights saved")?;
    Ok(())
}
