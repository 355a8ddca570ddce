//! End-to-end: a full disk and a read-only file system under the real window. Both are
//! real: a small tmpfs that a filler file fills up, and a tmpfs remounted read-only
//! (the tests run as root, for whom file permissions alone would not stop a write).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{ensure, Context, Result};
use tagledger_e2e::{cli, App};

/// A tmpfs mounted for one test, unmounted when dropped (lazily: the app may still be
/// closing its files).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(path: &Path, size: &str) -> Result<Tmpfs> {
        std::fs::create_dir_all(path)?;
        let status =
            Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(path).status()?;
        ensure!(status.success(), "mount a {size} tmpfs at {} (the tests need root)", path.display());
        Ok(Tmpfs(path.to_path_buf()))
    }

    fn remount_read_only(&self) -> Result<()> {
        let status = Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).status()?;
        ensure!(status.success(), "remount {} read-only", self.0.display());
        Ok(())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes zeros until the file system has no room left; returns the bytes written.
fn fill_up(file: &Path) -> Result<u64> {
    let mut out = std::fs::File::create(file)?;
    let mut written = 0;
    for chunk in [1 << 20, 4096, 512] {
        let zeros = vec![0u8; chunk];
        while out.write_all(&zeros).is_ok() {
            written += chunk as u64;
        }
    }
    let _ = out.sync_all();
    Ok(written)
}

fn assets_in(db: &Path) -> Result<i64> {
    let out = cli(db, &["check"])?;
    ensure!(out.contains("is sound"), "the database is sound: {out}");
    let out = Command::new("python3")
        .args(["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM assets').fetchone()[0])"])
        .arg(db)
        .output()?;
    ensure!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
}

#[test]
fn a_full_disk_fails_the_import_with_a_clear_message_and_changes_nothing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let disk = Tmpfs::mount(&dir.path().join("disk"), "16m")?;
    let db = disk.0.join("live.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "20", "--people", "10"])?;
    ensure!(assets_in(&db)? == 20, "20 demo assets");

    // 3,000 rows: far more pages than any journal space left over from start-up.
    let csv = dir.path().join("big.csv");
    let mut text = String::from("tag,name,category,location,purchase_cost\n");
    for i in 1..=3000 {
        text.push_str(&format!(
            "FULL-{i:05},Spare dock number {i} with a longish name,Docking stations,IT Store,210.00\n"
        ));
    }
    std::fs::write(&csv, text)?;

    let app = App::launch(&db)?;
    app.wait_ready()?;
    app.wait_for("[data-testid=nav-import]")?.click()?;
    app.wait_for("[data-testid=import-path]")?.send_keys(&csv.to_string_lossy())?;
    app.wait_for("[data-testid=import-check]")?.click()?;
    app.wait_for("[data-testid=import-commit]")?;

    let filler = disk.0.join("filler");
    let filled = fill_up(&filler)?;
    ensure!(filled > 0, "the disk filled up");
    app.wait_for("[data-testid=import-commit]")?.click()?;
    let message = app.wait_for("[data-testid=import-failure]")?.text()?;
    ensure!(message.contains("The disk is full; nothing was changed"), "clear message: {message}");
    app.screenshot("reliability-01-disk-full")?;

    // Room again: nothing of the failed import is there, and the same import now works.
    std::fs::remove_file(&filler)?;
    ensure!(assets_in(&db)? == 20, "no asset of the failed import was written");
    app.wait_for("[data-testid=import-check]")?.click()?;
    app.wait_for("[data-testid=import-commit]")?.click()?;
    let done = app.wait_for("[data-testid=import-done]")?;
    ensure!(done.attr("data-count")?.as_deref() == Some("3000"), "3,000 imported once there is room");
    drop(app);
    ensure!(assets_in(&db)? == 3020, "the retried import is whole");
    Ok(())
}

#[test]
fn a_read_only_database_is_refused_with_a_clear_message_and_left_untouched() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let disk = Tmpfs::mount(&dir.path().join("disk"), "16m")?;
    let db = disk.0.join("shared.db");
    cli(&db, &["demo", "--stock-items", "0", "--assets", "5", "--people", "3"])?;
    let before = std::fs::read(&db).context("read the database")?;
    disk.remount_read_only()?;

    let app = App::launch(&db)?;
    app.wait_ready()?;
    let screen = app.wait_for("[data-testid=database-error]")?.text()?;
    ensure!(screen.contains("read-only; nothing was changed"), "message shown: {screen}");
    app.screenshot("reliability-02-read-only")?;
    drop(app);
    ensure!(std::fs::read(&db)? == before, "the file is unchanged");
    Ok(())
}
