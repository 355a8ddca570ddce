//! End-to-end: the Policy page on the CLI's demo data. One RACI cell changes (a
//! second Accountable role is refused on its row first), version 1 is generated and
//! its PDF saved: it carries the changed RACI row and the demo's categories. A section
//! is added and version 2 lists exactly that change, on screen and in its PDF.

use anyhow::{ensure, Result};
use serde_json::json;
use tagledger_e2e::{cli, pdf_text, App};

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

/// The words of the PDF line that starts with `start`.
fn words_of(text: &str, start: &str) -> Vec<String> {
    text.lines()
        .find(|l| l.trim_start().starts_with(start))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

fn generate(app: &App, effective: &str, approver: &str, pdf: &std::path::Path) -> Result<()> {
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=policy-generate]")?.click()?;
    app.wait_for("[data-testid=policy-generate-dialog]")?;
    app.set_value("[data-testid=policy-effective]", effective)?;
    let who = app.wait_for("[data-testid=policy-approver]")?;
    who.clear()?;
    who.send_keys(approver)?;
    app.wait_for("[data-testid=policy-generate-submit]")?.click()?;
    app.wait_gone("[data-testid=policy-generate-dialog]")?;
    app.wait_until("the policy PDF", |_| Ok(pdf.exists()))?;
    Ok(())
}

#[test]
fn the_policy_is_edited_generated_and_printed() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("policy.db");
    cli(
        &db,
        &["demo", "--assets", "20", "--people", "10", "--stock-items", "40", "--stock-months", "12", "--seed", "4"],
    )?;
    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-policy]")?.click()?;
    app.wait_for("[data-testid=raci]")?;
    app.wait_for("[data-testid=policy-defaults]")?;
    app.wait_for("[data-testid=policy-no-versions]")?;
    ensure!(app.find_all("[data-testid=raci-row]")?.len() == 6, "one row per activity");

    // A second Accountable role for receiving is flagged on its row.
    app.select("[data-testid=raci-receiving-0]", "A · Accountable")?;
    let problem = app.wait_for("[data-testid=raci-error-receiving]")?.text()?;
    ensure!(problem.contains("Only one role can be Accountable"), "row error: {problem}");
    app.select("[data-testid=raci-receiving-0]", "I · Informed")?;
    app.wait_gone("[data-testid=raci-error-receiving]")?;

    // The service desk is now consulted on receiving (roles: IT manager, Stores clerk,
    // Service desk, Finance, Procurement).
    app.select("[data-testid=raci-receiving-2]", "C · Consulted")?;
    app.wait_for("[data-testid=policy-save]:not([disabled])")?;
    screenshot(&app, "policy-01-workspace")?;

    let v1 = dir.path().join("policy-v1.pdf");
    generate(&app, "2027-01-01", "Dana Ops", &v1)?;
    app.wait_for("[data-testid=policy-version][data-version='1']")?;
    ensure!(app.find("[data-testid=policy-defaults]")?.is_none(), "the workspace was saved");
    let text = pdf_text(&v1)?;
    ensure!(text.contains("Inventory management policy — version 1"), "{text}");
    ensure!(text.contains("Dana Ops") && text.contains("2027-01-01"), "{text}");
    let receiving = words_of(&text, "Receiving  ");
    ensure!(receiving == ["Receiving", "I", "R", "C", "I", "A"], "RACI row {receiving:?} in\n{text}");
    ensure!(text.contains("Toner & ink"), "the demo's categories are in the policy:\n{text}");
    ensure!(text.contains("This is the first version of the policy."), "{text}");

    // Add a section and generate version 2: exactly that change is listed.
    app.wait_for("[data-testid=policy-add-section]")?.click()?;
    app.wait_for("[data-testid=policy-section-title-0]")?.send_keys("Security")?;
    app.wait_for("[data-testid=policy-section-body-0]")?.send_keys("Stock rooms stay locked; badge access only.")?;
    let v2 = dir.path().join("policy-v2.pdf");
    generate(&app, "2027-02-01", "Dana Ops", &v2)?;
    app.wait_for("[data-testid=policy-version][data-version='2']")?;
    let listed = app.wait_for("[data-testid=policy-version-changes]")?.text()?;
    ensure!(listed.trim() == "Sections · Section added: Security", "changes on screen: {listed:?}");
    let text = pdf_text(&v2)?;
    ensure!(text.contains("Changes since version 1"), "{text}");
    ensure!(text.contains("Sections · Section added: Security"), "{text}");
    ensure!(text.contains("Stock rooms stay locked; badge access only."), "{text}");
    std::fs::copy(&v2, tagledger_e2e::repo_root().join("tests/artifacts/policy-v2.pdf"))?;
    app.exec(
        "document.querySelector('[data-testid=policy-versions]').scrollIntoView({ block: 'center' }); return true;",
        json!([]),
    )?;
    screenshot(&app, "policy-02-versions")?;
    Ok(())
}
