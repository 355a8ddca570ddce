//! Installing what a fresh Debian 12 machine lacks: Debian packages, the UI's npm
//! packages, and (for tests) rustfmt, clippy and tauri-driver. Everything is checked
//! first, so a second run installs nothing.

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::cmd::cmd;
use crate::root;

/// What the machine must be able to do; `Test` includes `Build`.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
pub enum Needs {
    Build,
    Test,
}

const BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "pkg-config",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "fonts-dejavu-core",
];
/// A virtual display, WebKit's WebDriver, PDF and barcode checks, and ImageMagick's
/// `import` for screenshots of the display.
const TEST_PACKAGES: &[&str] = &["xvfb", "webkit2gtk-driver", "poppler-utils", "zbar-tools", "imagemagick"];

pub fn install(needs: Needs) -> Result<()> {
    let mut wanted = BUILD_PACKAGES.to_vec();
    if needs >= Needs::Test {
        wanted.extend(TEST_PACKAGES);
    }
    debian_packages(&wanted)?;
    npm_packages()?;
    if needs >= Needs::Test {
        rust_components()?;
        tauri_driver()?;
    }
    Ok(())
}

fn is_installed(package: &str) -> bool {
    std::process::Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn debian_packages(wanted: &[&str]) -> Result<()> {
    let missing: Vec<&str> = wanted.iter().copied().filter(|p| !is_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !cmd("apt-get", &["--version"]).succeeds() {
        bail!("missing system packages ({}) and no apt-get: install them with your package manager", missing.join(" "));
    }
    eprintln!("installing Debian packages: {}", missing.join(" "));
    let is_root = cmd("id", &["-u"]).output().is_ok_and(|uid| uid.trim() == "0");
    // sudo drops most of the environment, so DEBIAN_FRONTEND goes through `env`.
    let apt = |args: &[&str]| {
        let mut line = if is_root { vec![] } else { vec!["sudo"] };
        line.extend(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        line.extend(args);
        cmd(line[0], &line[1..]).run()
    };
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn npm_packages() -> Result<()> {
    if !cmd("npm", &["--version"]).succeeds() {
        bail!("npm is not installed: install Node.js 20 or newer (https://nodejs.org or NodeSource's Debian packages)");
    }
    let ui = root().join("ui");
    let lock = ui.join("package-lock.json");
    // npm writes node_modules/.package-lock.json on every install: its age is the install's.
    let installed = std::fs::metadata(ui.join("node_modules/.package-lock.json")).and_then(|m| m.modified());
    if lock.exists() {
        let stale = match installed {
            Ok(installed) => std::fs::metadata(&lock)?.modified()? > installed,
            Err(_) => true,
        };
        if stale {
            cmd("npm", &["ci", "--no-audit", "--no-fund"]).dir("ui").run()?;
        }
    } else if !ui.join("node_modules").exists() {
        cmd("npm", &["install", "--no-audit", "--no-fund"]).dir("ui").run()?;
    }
    Ok(())
}

/// rustfmt and clippy, which a minimal rustup profile leaves out.
fn rust_components() -> Result<()> {
    let missing: Vec<&str> = [("fmt", "rustfmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(sub, _)| !cmd("cargo", &[sub, "--version"]).succeeds())
        .map(|(_, component)| component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !cmd("rustup", &["--version"]).succeeds() {
        bail!("cargo {} is missing and rustup is not available to add it", missing.join(" and cargo "));
    }
    let mut args = vec!["component", "add"];
    args.extend(missing);
    cmd("rustup", &args).run()
}

/// Where `cargo install` puts binaries.
fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(name)
}

fn tauri_driver() -> Result<()> {
    if cmd("tauri-driver", &["--help"]).succeeds() || cargo_bin("tauri-driver").exists() {
        return Ok(());
    }
    cmd("cargo", &["install", "tauri-driver", "--locked", "--version", "^2"]).run()
}

/// What `cargo xtask fuzz` needs: a nightly toolchain (libFuzzer's sanitizer flags are
/// nightly-only) and cargo-fuzz. Installed on first use only, never for plain tests.
pub fn fuzzing() -> Result<()> {
    if !cmd("cargo", &["+nightly", "--version"]).succeeds() {
        cmd("rustup", &["toolchain", "install", "nightly", "--profile", "minimal"]).run()?;
    }
    if cmd("cargo", &["fuzz", "--version"]).succeeds() || cargo_bin("cargo-fuzz").exists() {
        return Ok(());
    }
    cmd("cargo", &["install", "cargo-fuzz", "--locked"]).run()
}
