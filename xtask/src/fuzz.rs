//! `cargo xtask fuzz [--seconds N]`: runs every fuzz target in crates/core/fuzz for N
//! seconds each (libFuzzer via cargo-fuzz, nightly). A crash fails the run and leaves
//! the input in crates/core/fuzz/artifacts/<target>/.

use anyhow::{Context, Result};

use crate::cmd::cmd;
use crate::setup;

pub const TARGETS: &[&str] = &["import_csv", "label_template", "scan_file", "hiring_plan_csv"];

pub fn run(seconds: u64) -> Result<()> {
    setup::fuzzing()?;
    let fuzz_dir = crate::root().join("crates/core/fuzz");
    let fuzz_dir = fuzz_dir.to_str().context("the repository path is not UTF-8")?;
    for target in TARGETS {
        eprintln!("fuzzing {target} for {seconds} s");
        let time = format!("-max_total_time={seconds}");
        cmd(
            "cargo",
            &[
                "+nightly",
                "fuzz",
                "run",
                "--fuzz-dir",
                fuzz_dir,
                target,
                "--",
                &time,
                "-max_len=65536",
                "-print_final_stats=1",
            ],
        )
        .dir(crate::root())
        .run()?;
    }
    Ok(())
}
