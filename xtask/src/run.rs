//! `cargo xtask run`: build, then open the app on a demo database.

use anyhow::{bail, Result};

use crate::cmd::cmd;
use crate::root;

pub fn run() -> Result<()> {
    // Checked first: a build takes minutes and the window could not open after it.
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "Tagledger opens a window, and there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n\
             Run it from a desktop session, or under a virtual X display: `xvfb-run -a cargo xtask run`\n\
             (apt-get install xvfb). Without a display, `cargo xtask build` builds everything and the\n\
             CLI works: target/debug/tagledger --help"
        );
    }
    crate::build(false)?;
    let demo = root().join("target/demo/tagledger-demo.db");
    let demo_path = demo.to_string_lossy();
    if !demo.exists() {
        std::fs::create_dir_all(root().join("target/demo"))?;
        let made = cmd(
            root().join("target/debug/tagledger"),
            &["--db", &demo_path, "demo", "--assets", "5000", "--seed", "42"],
        )
        .run();
        if made.is_err() {
            // A half-filled register would be taken as the demo next time.
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{demo_path}{suffix}"));
            }
        }
        made?;
    }
    cmd(root().join("target/debug/tagledger-app"), &["--db", &demo_path]).run_inherited()
}
