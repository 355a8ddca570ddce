//! `cargo xtask`: set-up, build, test and benchmark automation for Tagledger.
//!
//! Kept to std + anyhow + serde_json so it compiles before any system package exists:
//! `cargo xtask run` is the first thing a new developer types.

mod setup;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

const USAGE: &str =
    "usage: cargo xtask <run | test [--slow] | bench [--assets N] | bindings | setup | build [--release]>";

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    match args.first().map(String::as_str) {
        Some("setup") => setup::install(setup::Needs::Test),
        Some("build") => build(flag("--release")),
        Some("run") => run_app(),
        Some("test") => test(flag("--slow")),
        Some("bench") => {
            let assets = args
                .iter()
                .position(|a| a == "--assets")
                .and_then(|i| args.get(i + 1))
                .map_or(Ok(1_000_000), |n| n.parse())
                .context("--assets takes a number")?;
            bench(assets)
        }
        Some("bindings") => {
            cmd("cargo", &["test", "-p", "tagledger-app", "--lib", "bindings"]).env("UPDATE_BINDINGS", "1").run()
        }
        _ => bail!("{USAGE}"),
    }
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}

/// A command that echoes itself and fails with its command line on a non-zero exit.
pub struct Cmd {
    command: Command,
    line: String,
}

pub fn cmd(program: &str, args: &[&str]) -> Cmd {
    let mut command = Command::new(program);
    command.args(args).current_dir(root());
    Cmd { command, line: format!("{program} {}", args.join(" ")) }
}

impl Cmd {
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.command.current_dir(root().join(dir));
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn run(mut self) -> Result<()> {
        eprintln!("$ {}", self.line);
        // Progress of tools goes to stderr; xtask's own stdout carries only results
        // (the benchmark's JSON).
        self.command.stdout(std::io::stderr());
        let status = self.command.status().with_context(|| format!("cannot start `{}`", self.line))?;
        if !status.success() {
            bail!("`{}` failed ({status})", self.line);
        }
        Ok(())
    }

    pub fn output(mut self) -> Result<String> {
        eprintln!("$ {}", self.line);
        let out = self
            .command
            .stderr(std::process::Stdio::inherit())
            .output()
            .with_context(|| format!("cannot start `{}`", self.line))?;
        if !out.status.success() {
            bail!("`{}` failed ({})", self.line, out.status);
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

fn build_ui() -> Result<()> {
    cmd("npm", &["run", "build"]).dir("ui").run()
}

fn build(release: bool) -> Result<()> {
    setup::install(setup::Needs::Build)?;
    build_ui()?;
    let mut args = vec!["build", "-p", "tagledger-app", "-p", "tagledger-cli"];
    if release {
        args.push("--release");
    }
    cmd("cargo", &args).run()
}

fn run_app() -> Result<()> {
    build(false)?;
    let demo = root().join("target/demo/tagledger-demo.db");
    if !demo.exists() {
        std::fs::create_dir_all(demo.parent().expect("has parent"))?;
        let path = demo.to_string_lossy().into_owned();
        cmd("target/debug/tagledger", &["--db", &path, "demo", "--assets", "5000", "--seed", "42"]).run()?;
    }
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!("Tagledger needs a display to open its window (DISPLAY is not set); over SSH run `xvfb-run cargo xtask run`, or use the CLI: target/debug/tagledger --db {}", demo.display());
    }
    cmd("target/debug/tagledger-app", &["--db", &demo.to_string_lossy()]).run()
}

fn test(slow: bool) -> Result<()> {
    let mut timings: Vec<(&str, f64)> = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        eprintln!("\n== {name}");
        let start = Instant::now();
        let result = f().with_context(|| format!("FAILED: {name}"));
        timings.push((name, start.elapsed().as_secs_f64()));
        result
    };
    let result = (|| -> Result<()> {
        step("set-up (packages, npm, tauri-driver)", &mut || setup::install(setup::Needs::Test))?;
        step("rustfmt", &mut || cmd("cargo", &["fmt", "--all", "--", "--check"]).run())?;
        step("ui build", &mut build_ui)?;
        step("svelte-check", &mut || cmd("npm", &["run", "check"]).dir("ui").run())?;
        step("ui unit tests", &mut || cmd("npm", &["test"]).dir("ui").run())?;
        step("clippy", &mut || {
            cmd("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]).run()
        })?;
        step("unit and integration tests", &mut || {
            let tests = cmd("cargo", &["test", "--workspace", "--exclude", "tagledger-e2e"]);
            if slow { tests.env("TAGLEDGER_SLOW", "1") } else { tests }.run()
        })?;
        step("end-to-end tests (real window under Xvfb)", &mut || {
            cmd("cargo", &["build", "-p", "tagledger-app", "-p", "tagledger-cli"]).run()?;
            cmd("cargo", &["test", "-p", "tagledger-e2e", "--", "--test-threads=1"]).run()
        })
    })();
    eprintln!("\n== timings");
    for (name, seconds) in &timings {
        eprintln!("{seconds:>8.1} s  {name}");
    }
    result?;
    eprintln!("all checks passed");
    Ok(())
}

fn bench(assets: u64) -> Result<()> {
    setup::install(setup::Needs::Test)?;
    build_ui()?;
    cmd("cargo", &["build", "--release", "-p", "tagledger-cli", "-p", "tagledger-app"]).run()?;
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let db = dir.join(format!("bench-{assets}.db"));
    let db = db.to_string_lossy().into_owned();
    let figures =
        cmd("target/release/tagledger", &["--db", &db, "bench", "--assets", &assets.to_string(), "--json"]).output()?;
    let mut figures: serde_json::Value = serde_json::from_str(figures.trim()).context("bench output is not JSON")?;

    // Start-up and memory of the real app on the same database, under a display.
    let xvfb = setup::Xvfb::start_if_needed()?;
    let mut app = Command::new(root().join("target/release/tagledger-app"));
    app.args(["--db", &db, "--exit-when-ready"]);
    if let Some(x) = &xvfb {
        app.env("DISPLAY", &x.display);
    }
    eprintln!("$ target/release/tagledger-app --db {db} --exit-when-ready");
    let out = app.output().context("cannot start the app")?;
    let line = String::from_utf8_lossy(&out.stdout);
    let app_figures: serde_json::Value = line
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .with_context(|| format!("the app printed no figures: {line} {}", String::from_utf8_lossy(&out.stderr)))?;
    if let (Some(all), Some(app)) = (figures.as_object_mut(), app_figures.as_object()) {
        all.extend(app.clone());
        all.insert("machine".into(), machine().into());
    }
    println!("{}", serde_json::to_string_pretty(&figures)?);
    Ok(())
}

fn machine() -> String {
    let uname = cmd("uname", &["-srm"]).output().unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{}, {cores} cores, {cpu}", uname.trim())
}
