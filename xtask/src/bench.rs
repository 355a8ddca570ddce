//! `cargo xtask bench`: the CLI's register benchmark plus the real app's start-up time
//! and idle memory on the same database, merged into one JSON object on stdout.
//! Progress goes to stderr.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::cmd::cmd;
use crate::{build_ui, root, setup};

pub fn run(assets: u64) -> Result<()> {
    setup::install(setup::Needs::Test)?;
    build_ui()?;
    cmd("cargo", &["build", "--release", "-p", "tagledger-cli", "-p", "tagledger-app"]).run()?;

    // A fresh database every time: one left from an older build could have an older schema.
    let dir = TempDir::new()?;
    let db = dir.0.join("bench.db");
    let db = db.to_string_lossy();
    let cli = root().join("target/release/tagledger");
    let figures = cmd(cli, &["--db", &db, "bench", "--assets", &assets.to_string(), "--json"]).output()?;
    let mut figures: Value = serde_json::from_str(figures.trim()).context("`tagledger bench` printed no JSON")?;

    // Start-up and memory of the real app on the same database, under a display.
    let xvfb = Xvfb::start_if_needed()?;
    let mut app = cmd(root().join("target/release/tagledger-app"), &["--db", &db, "--exit-when-ready"]);
    if let Some(x) = &xvfb {
        app = app.env("DISPLAY", &x.display);
    }
    let printed = app.output()?;
    let app_figures: Value = printed
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<Value>(l).ok().filter(Value::is_object))
        .with_context(|| format!("the app printed no figures: {printed}"))?;

    let all = figures.as_object_mut().context("`tagledger bench` printed JSON that is not an object")?;
    all.extend(app_figures.as_object().cloned().unwrap_or_default());
    all.insert("machine".into(), machine().into());
    println!("{}", serde_json::to_string_pretty(&figures)?);
    Ok(())
}

/// e.g. "Linux 6.1.0-18-amd64 x86_64, 2 cores, Intel(R) Xeon(R) Processor".
fn machine() -> String {
    let run = |program: &str, args: &[&str]| cmd(program, args).output().map(|s| s.trim().to_string());
    let uname = run("uname", &["-srm"]).unwrap_or_default();
    let cores = run("nproc", &[]).unwrap_or_default();
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, model)| model.trim());
    format!("{uname}, {cores} cores, {cpu}")
}

/// A directory under the system's temp folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let path = std::env::temp_dir().join(format!("tagledger-bench-{}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        eprintln!("bench database in {}", path.display());
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A private X display for the app's window, killed on drop.
struct Xvfb {
    display: String,
    child: Child,
}

impl Xvfb {
    /// Starts Xvfb on a free display number unless a display is already set.
    fn start_if_needed() -> Result<Option<Xvfb>> {
        if std::env::var_os("DISPLAY").is_some() {
            return Ok(None);
        }
        let socket = |n: u32| PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        for n in 90..200 {
            if socket(n).exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
                continue;
            }
            let display = format!(":{n}");
            eprintln!("$ Xvfb {display} -screen 0 1280x800x24 -nolisten tcp");
            let mut child = Command::new("Xvfb")
                .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("cannot start Xvfb (apt-get install xvfb)")?;
            for _ in 0..100 {
                if child.try_wait()?.is_some() {
                    break; // Lost a race for this display number: try the next one.
                }
                if socket(n).exists() {
                    return Ok(Some(Xvfb { display, child }));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        bail!("could not start Xvfb on any display from :90 to :199")
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
