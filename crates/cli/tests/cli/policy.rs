//! `policy generate`, `policy versions` and `report policy`, run as a user would.

use super::{json, pdf_text, tagledger, text};

/// A register with one stock category, "Toner & ink", whose goal is a 97.5% fill rate
/// and at most 2 stockouts a quarter.
fn policy_register(db: &std::path::Path) -> i64 {
    use tagledger_core::{reference, store, Change};
    let mut conn = store::open(db).unwrap();
    let c = Change { actor: "setup".into(), at: "2026-01-01T10:00:00Z".parse().unwrap() };
    tagledger_core::write(&mut conn, |tx| {
        let toner = reference::create_category(tx, &c, "Toner & ink", &[])?;
        tx.execute(
            "INSERT INTO category_goals (category_id, fill_rate_bp, max_stockouts_per_quarter) VALUES (?1, 9750, 2)",
            [toner],
        )?;
        Ok(toner)
    })
    .unwrap()
}

#[test]
fn versions_are_generated_listed_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("policy.db");
    let toner = policy_register(&db);
    let pdf = dir.path().join("policy.pdf");

    // Nothing to print before the first version.
    let out = tagledger(&db, &["report", "policy", "--out", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no policy version has been generated yet"), "{}", text(&out.stderr));
    assert!(!pdf.exists());

    let out = tagledger(&db, &["policy", "generate", "--effective", "2026-04-01", "--approver", ""]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("approver: is required"), "{}", text(&out.stderr));

    let out = tagledger(&db, &["policy", "generate", "--effective", "2026-04-01", "--approver", "Dana Ops"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("generated version 1 of the policy, effective 2026-04-01, approved by Dana Ops"),
        "{stdout}"
    );
    assert!(stdout.contains("first version"), "{stdout}");

    let out = tagledger(&db, &["report", "policy", "--out", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf1 = pdf_text(&pdf);
    assert!(pdf1.contains("Inventory management policy — version 1"), "{pdf1}");
    let goals: Vec<&str> = pdf1
        .lines()
        .find(|l| l.trim_start().starts_with("Toner & ink"))
        .unwrap_or_else(|| panic!("no goals row in\n{pdf1}"))
        .split_whitespace()
        .collect();
    assert_eq!(goals[..5], ["Toner", "&", "ink", "97.5%", "2"]);
    assert!(
        pdf1.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["Receiving", "I", "R", "I", "A"]),
        "{pdf1}"
    );

    // A goal changes; version 2 lists it, version 1 still prints as it was.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE category_goals SET max_stockouts_per_quarter = 1 WHERE category_id = ?1", [toner]).unwrap();
    drop(conn);
    let out = tagledger(&db, &["policy", "generate", "--effective", "2026-03-01", "--approver", "Dana Ops"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("is before version 1's effective date (2026-04-01)"), "{}", text(&out.stderr));
    let out = tagledger(&db, &["policy", "generate", "--effective", "2026-05-01", "--approver", "Lee Finance"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("- Goals · Toner & ink: max stockouts per quarter 2 → 1"),
        "{}",
        text(&out.stdout)
    );

    let versions = json(&tagledger(&db, &["policy", "versions", "--json"]));
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["approver"], "Lee Finance");
    assert_eq!(versions[0]["changes"][0]["text"], "Toner & ink: max stockouts per quarter 2 → 1");
    assert_eq!(versions[1]["version"], 1);

    let out = tagledger(&db, &["report", "policy", "--out", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wrote version 2 of the policy (effective 2026-05-01)"));
    let pdf2 = pdf_text(&pdf);
    assert!(pdf2.contains("Changes since version 1"), "{pdf2}");
    assert!(pdf2.contains("Goals · Toner & ink: max stockouts per quarter 2 → 1"), "{pdf2}");

    let old = dir.path().join("v1.pdf");
    let out = tagledger(&db, &["report", "policy", "--version", "1", "--out", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(pdf_text(&old).contains("This is the first version of the policy."));
    let out = tagledger(&db, &["report", "policy", "--version", "9", "--out", old.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("policy version 9 not found"), "{}", text(&out.stderr));
}
