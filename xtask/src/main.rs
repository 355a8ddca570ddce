//! `cargo xtask`: set-up, build, test and benchmark automation for Tagledger.
//!
//! Kept to std + anyhow + serde_json so it compiles before any system package exists:
//! `cargo xtask run` is the first thing a new developer types.

mod bench;
mod cmd;
mod fuzz;
mod run;
mod setup;
mod test;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cmd::cmd;

const USAGE: &str = "usage: cargo xtask <command>

  setup              install what is missing: Debian packages, npm packages, tauri-driver
  build [--release]  build the UI and the app and CLI binaries
  run                build, then open the app on a demo database (target/demo/)
  test [--slow]      every check CI runs, in CI's order
  bench [--assets N] the benchmark at N assets (default 1,000,000); JSON on stdout
  fuzz [--seconds N] every fuzz target for N seconds each (default 60; nightly + cargo-fuzz)
  bindings           regenerate the UI's TypeScript bindings (ui/src/bindings)";

fn main() {
    if let Err(e) = dispatch() {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

fn dispatch() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    match args.first().map(String::as_str) {
        Some("setup") => setup::install(setup::Needs::Test),
        Some("build") => build(flag("--release")),
        Some("run") => run::run(),
        Some("test") => test::run(flag("--slow")),
        Some("bench") => {
            let assets = match args.iter().position(|a| a == "--assets") {
                Some(i) => args
                    .get(i + 1)
                    .and_then(|n| n.replace(['_', ','], "").parse().ok())
                    .with_context(|| format!("--assets takes a number of assets\n\n{USAGE}"))?,
                None => 1_000_000,
            };
            bench::run(assets)
        }
        Some("fuzz") => {
            let seconds = match args.iter().position(|a| a == "--seconds") {
                Some(i) => args
                    .get(i + 1)
                    .and_then(|n| n.parse().ok())
                    .with_context(|| format!("--seconds takes a number\n\n{USAGE}"))?,
                None => 60,
            };
            fuzz::run(seconds)
        }
        Some("bindings") => cmd("cargo", &["test", "-p", "tagledger-app", "--lib", "bindings", "--", "--nocapture"])
            .env("UPDATE_BINDINGS", "1")
            .run(),
        Some("help" | "--help" | "-h") => {
            eprintln!("{USAGE}");
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}

/// The repository root: xtask/ is one of its folders.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}

/// Builds ui/dist, which the app embeds at compile time: it must exist before any
/// cargo build of the app (clippy and tests included).
pub fn build_ui() -> Result<()> {
    cmd("npm", &["run", "build"]).dir("ui").run()
}

pub fn build(release: bool) -> Result<()> {
    setup::install(setup::Needs::Build)?;
    build_ui()?;
    let mut args = vec!["build", "-p", "tagledger-app", "-p", "tagledger-cli"];
    if release {
        args.push("--release");
    }
    cmd("cargo", &args).run()
}
