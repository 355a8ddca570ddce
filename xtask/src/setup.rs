//! Installing what a fresh Debian machine lacks: Debian packages, the UI's npm
//! packages, and tauri-driver for the end-to-end tests.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::{cmd, root};

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
const TEST_PACKAGES: &[&str] = &["xvfb", "webkit2gtk-driver", "poppler-utils", "zbar-tools", "imagemagick"];

pub fn install(needs: Needs) -> Result<()> {
    let mut wanted: Vec<&str> = BUILD_PACKAGES.to_vec();
    if needs >= Needs::Test {
        wanted.extend(TEST_PACKAGES);
    }
    debian_packages(&wanted)?;
    npm_packages()?;
    if needs >= Needs::Test {
        tauri_driver()?;
    }
    Ok(())
}

fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn debian_packages(wanted: &[&str]) -> Result<()> {
    let missing: Vec<&str> = wanted.iter().copied().filter(|p| !is_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if Command::new("apt-get").arg("--version").stdout(Stdio::null()).status().is_err() {
        bail!(
            "missing system packages {missing:?}, and apt-get is not available: install them with your package manager"
        );
    }
    eprintln!("installing Debian packages: {}", missing.join(" "));
    let root_user = cmd("id", &["-u"]).output().map(|o| o.trim() == "0").unwrap_or(false);
    let sudo: &[&str] = if root_user { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let full: Vec<&str> = sudo
            .iter()
            .chain(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"].iter())
            .chain(args)
            .copied()
            .collect();
        cmd(full[0], &full[1..]).run()
    };
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)
}

fn npm_packages() -> Result<()> {
    let ui = root().join("ui");
    let installed = ui.join("node_modules/.package-lock.json");
    let lock = ui.join("package-lock.json");
    let stale = match (std::fs::metadata(&installed), std::fs::metadata(&lock)) {
        (Ok(i), Ok(l)) => l.modified()? > i.modified()?,
        _ => true,
    };
    if stale {
        if lock.exists() {
            cmd("npm", &["ci", "--no-audit", "--no-fund"]).dir("ui").run()?;
        } else {
            cmd("npm", &["install", "--no-audit", "--no-fund"]).dir("ui").run()?;
        }
    }
    Ok(())
}

pub fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(name)
}

fn tauri_driver() -> Result<()> {
    let on_path =
        Command::new("tauri-driver").arg("--help").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    if on_path || cargo_bin("tauri-driver").exists() {
        return Ok(());
    }
    cmd("cargo", &["install", "tauri-driver", "--locked", "--version", "^2"]).run()
}

/// A private X display for running the window without a desktop.
pub struct Xvfb {
    pub display: String,
    child: Child,
}

impl Xvfb {
    /// Starts Xvfb unless a display is already available.
    pub fn start_if_needed() -> Result<Option<Xvfb>> {
        if std::env::var_os("DISPLAY").is_some() {
            return Ok(None);
        }
        let number = (90..200)
            .find(|n| !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
            .context("no free X display")?;
        let display = format!(":{number}");
        let child = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Xvfb (install the xvfb package)")?;
        for _ in 0..100 {
            if std::path::Path::new(&format!("/tmp/.X11-unix/X{number}")).exists() {
                return Ok(Some(Xvfb { display, child }));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        bail!("Xvfb did not start on {display}")
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
