//! End-to-end: a physical audit in the real window, as the acceptance test
//! describes it — one asset scanned in the wrong room, one missing, one unknown tag —
//! then resolved, closed, and its report read back from the PDF.

use anyhow::{ensure, Result};
use serde_json::json;
use tagledger_e2e::{cli, pdf_text, App, ENTER};

const REGISTER: &str = "tag,name,category,location,status\n\
AUD-1,Found laptop,Laptops,Test Site › Block A › Room 1,deployable\n\
AUD-2,Wandering laptop,Laptops,Test Site › Block A › Room 1,deployable\n\
AUD-3,Lost laptop,Laptops,Test Site › Block A › Room 1,deployable\n\
AUD-4,Elsewhere laptop,Laptops,Other Site › Block B › Room 9,deployable\n\
AUD-5,Other room laptop,Laptops,Test Site › Block A › Room 2,retired\n";

fn count(app: &App, class: &str) -> Result<i64> {
    Ok(app.wait_for(&format!("[data-testid=audit-count-{class}]"))?.attr("data-count")?.unwrap_or_default().parse()?)
}

#[test]
fn an_audit_finds_moved_missing_and_unexpected_and_its_report_says_so() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("audit.db");
    let csv = dir.path().join("register.csv");
    std::fs::write(&csv, REGISTER)?;
    cli(&db, &["init"])?;
    cli(&db, &["import", "assets", csv.to_str().unwrap(), "--create-missing"])?;
    let app = App::launch(&db)?;
    app.wait_ready()?;

    app.wait_for("[data-testid=nav-audits]")?.click()?;
    app.wait_for("[data-testid=audits-empty]")?;
    app.wait_for("[data-testid=new-audit]")?.click()?;
    let name = app.wait_for("[data-testid=audit-name]")?;
    name.clear()?;
    name.send_keys("Block A spring audit")?;
    app.select("[data-testid=audit-location]", "Test Site › Block A")?;
    app.wait_for("[data-testid=start-audit]")?.click()?;
    app.wait_for("[data-testid=audit-screen]")?;
    // Room 1's three and Room 2's retired one; not the other site's.
    app.wait_until("4 expected", |a| Ok(count(a, "expected")? == 4))?;

    // Room 1: the scanner types AUD-1 and Enter into the focused scan box.
    app.select("[data-testid=audit-room]", "Test Site › Block A › Room 1")?;
    app.wait_for("[data-testid=audit-scan]")?.click()?;
    app.type_fast(&format!("AUD-1{ENTER}"))?;
    app.wait_for("[data-testid=scan-result][data-outcome=found]")?;
    // Room 2: AUD-2 (registered in Room 1) and AUD-5, then a tag nobody registered.
    app.select("[data-testid=audit-room]", "Test Site › Block A › Room 2")?;
    app.wait_for("[data-testid=audit-scan]")?.click()?;
    app.type_fast(&format!("AUD-2{ENTER}"))?;
    app.wait_for("[data-testid=scan-result][data-outcome=moved]")?;
    app.type_fast(&format!("AUD-5{ENTER}"))?;
    app.wait_until("AUD-5 found", |a| Ok(count(a, "found")? == 2))?;
    app.type_fast(&format!("NOPE-404{ENTER}"))?;
    let result = app.wait_for("[data-testid=scan-result][data-outcome=unknown]")?.text()?;
    ensure!(result.contains("NOPE-404"), "the unknown tag is named: {result}");
    // A batch scanner's file: one bad line refuses the whole file, naming it.
    let batch = dir.path().join("batch.txt");
    std::fs::write(&batch, "# CS3070 export\nAUD-5\nBAD CODE\n")?;
    app.exec("window.__TAGLEDGER_OPEN_PATH__ = arguments[0]; return true;", json!([batch]))?;
    app.wait_for("[data-testid=audit-load-file]")?.click()?;
    app.wait_until("the file refused", |a| {
        Ok(a.find_all("[data-testid=toast]")?
            .iter()
            .any(|t| t.text().is_ok_and(|t| t.to_lowercase().contains("line 3"))))
    })?;
    std::fs::write(&batch, "# CS3070 export\r\nAUD-5,2026-11-25 10:01\r\n")?;
    app.wait_for("[data-testid=audit-load-file]")?.click()?;
    app.wait_until("the file loaded", |a| {
        Ok(a.find_all("[data-testid=toast]")?.iter().any(|t| t.text().is_ok_and(|t| t.contains("1 already scanned"))))
    })?;
    app.wait_for("[data-testid=audit-scan]")?.click()?;
    // A second read of the same tag changes nothing.
    app.type_fast(&format!("AUD-2{ENTER}"))?;
    app.wait_for("[data-testid=scan-result][data-outcome=already_scanned]")?;
    ensure!(
        [count(&app, "found")?, count(&app, "moved")?, count(&app, "missing")?, count(&app, "unexpected")?]
            == [2, 1, 1, 1],
        "live counts 2 found, 1 moved, 1 missing, 1 unexpected"
    );
    app.screenshot("audit-01-scanning")?;

    // Resolve the move: the register now has AUD-2 in Room 2.
    app.wait_for("[data-testid=audit-count-moved]")?.click()?;
    app.wait_for("[data-testid=finding][data-code=AUD-2] [data-testid=resolve-location]")?.click()?;
    app.wait_for("[data-testid=finding][data-code=AUD-2][data-resolution=location_updated]")?;
    ensure!(cli(&db, &["asset", "show", "AUD-2"])?.contains("location  Room 2"), "AUD-2 moved in the register");
    app.wait_for("[data-testid=audit-count-missing]")?.click()?;
    app.wait_for("[data-testid=finding][data-code=AUD-3][data-class=missing]")?;
    app.screenshot("audit-02-findings")?;

    // Close with the auditor's name; the report PDF says what was found.
    app.wait_for("[data-testid=close-audit]")?.click()?;
    app.wait_for("[data-testid=confirm-input]")?.send_keys("Ann Auditor")?;
    app.wait_for("[data-testid=confirm-ok]")?.click()?;
    app.wait_gone("[data-testid=close-audit]")?;
    let pdf = dir.path().join("audit.pdf");
    app.exec("window.__TAGLEDGER_SAVE_PATH__ = arguments[0]; return true;", json!([pdf]))?;
    app.wait_for("[data-testid=audit-report]")?.click()?;
    app.wait_until("the report file", |_| Ok(pdf.exists()))?;
    let text = pdf_text(&pdf)?;
    for expected in
        ["Moved (1)", "Missing (1)", "Unexpected (1)", "Found (2)", "AUD-2", "AUD-3", "NOPE-404", "Ann Auditor"]
    {
        ensure!(text.contains(expected), "report lacks {expected:?}:\n{text}");
    }
    app.screenshot("audit-03-closed")?;
    Ok(())
}
