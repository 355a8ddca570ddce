//! `cargo xtask test`: every check CI runs, in CI's order (CI runs exactly this, through
//! .ci/run). Stops at the first failure and prints how long each step took.

use std::time::Instant;

use anyhow::{bail, Result};

use crate::cmd::cmd;
use crate::{build_ui, setup};

type Step<'a> = (&'static str, Box<dyn Fn() -> Result<()> + 'a>);

pub fn run(slow: bool) -> Result<()> {
    let mut steps: Vec<Step> = vec![
        (
            "set-up (Debian packages, npm, rustfmt/clippy, tauri-driver)",
            Box::new(|| setup::install(setup::Needs::Test)),
        ),
        ("rustfmt", Box::new(|| cmd("cargo", &["fmt", "--all", "--", "--check"]).run())),
        // ui/dist is embedded by the app at compile time: built before any cargo build.
        ("UI build", Box::new(build_ui)),
        ("svelte-check", Box::new(|| cmd("npm", &["run", "check"]).dir("ui").run())),
        ("UI unit tests (vitest)", Box::new(|| cmd("npm", &["test"]).dir("ui").run())),
        (
            "clippy",
            Box::new(|| cmd("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]).run()),
        ),
        (
            "unit and integration tests (with the bindings check)",
            Box::new(|| {
                let tests = cmd("cargo", &["test", "--workspace", "--exclude", "tagledger-e2e"]);
                if slow { tests.env("TAGLEDGER_SLOW", "1") } else { tests }.run()
            }),
        ),
        (
            // The harness in tests/ starts its own Xvfb and tauri-driver.
            "end-to-end tests (the real window under Xvfb)",
            Box::new(|| {
                // The same package selection and targets as the step before, so cargo
                // resolves the same features and reuses its artefacts: `-p tagledger-app
                // -p tagledger-cli` alone rebuilt ~110 crates (Tauri, GTK, WebKit), 6.5 min.
                cmd("cargo", &["build", "--workspace", "--exclude", "tagledger-e2e", "--all-targets"]).run()?;
                cmd("cargo", &["test", "-p", "tagledger-e2e", "--", "--test-threads=1"]).run()
            }),
        ),
    ];
    if slow {
        // 60 s per target: finds shallow crashes; long campaigns are `cargo xtask fuzz`.
        steps.push(("fuzzing (60 s per target)", Box::new(|| crate::fuzz::run(60))));
    }

    let mut timings = Vec::new();
    let mut failure = None;
    for (name, step) in &steps {
        eprintln!("\n== {name}");
        let start = Instant::now();
        let result = step();
        timings.push((*name, start.elapsed().as_secs_f64()));
        if let Err(e) = result {
            failure = Some((*name, e));
            break;
        }
    }

    eprintln!("\n== timings");
    for (name, seconds) in &timings {
        eprintln!("{seconds:>8.1} s  {name}");
    }
    eprintln!("{:>8.1} s  total", timings.iter().map(|(_, s)| s).sum::<f64>());
    if let Some((name, e)) = failure {
        bail!("FAILED: {name}: {e:#}");
    }
    eprintln!("all checks passed");
    Ok(())
}
