//! Running tools: each command echoes itself to stderr and fails with its command line.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::root;

pub struct Cmd {
    command: Command,
    line: String,
}

/// `program args...`, run from the repository root unless [`Cmd::dir`] says otherwise.
pub fn cmd(program: impl AsRef<OsStr>, args: &[&str]) -> Cmd {
    let program = program.as_ref();
    let mut command = Command::new(program);
    command.args(args).current_dir(root());
    // Echoed relative to the repository root, where it runs: shorter to read.
    let shown = Path::new(program).strip_prefix(root()).unwrap_or(Path::new(program));
    let mut line = shown.to_string_lossy().into_owned();
    for arg in args {
        line.push(' ');
        line.push_str(arg);
    }
    Cmd { command, line }
}

impl Cmd {
    /// Runs in `dir`, relative to the repository root.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.command.current_dir(root().join(dir));
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs to completion. The tool's stdout goes to our stderr: xtask's own stdout
    /// carries only results (the benchmark's JSON), so it can be piped.
    pub fn run(mut self) -> Result<()> {
        eprintln!("$ {}", self.line);
        self.command.stdout(std::io::stderr());
        let status = self.command.status().with_context(|| format!("cannot start `{}`", self.line))?;
        if !status.success() {
            bail!("`{}` failed ({status})", self.line);
        }
        Ok(())
    }

    /// Runs with the terminal's stdin, stdout and stderr (an interactive program).
    pub fn run_inherited(mut self) -> Result<()> {
        eprintln!("$ {}", self.line);
        let status = self.command.status().with_context(|| format!("cannot start `{}`", self.line))?;
        if !status.success() {
            bail!("`{}` failed ({status})", self.line);
        }
        Ok(())
    }

    /// Runs to completion and returns its stdout; its stderr passes through.
    pub fn output(mut self) -> Result<String> {
        eprintln!("$ {}", self.line);
        let out =
            self.command.stderr(Stdio::inherit()).output().with_context(|| format!("cannot start `{}`", self.line))?;
        if !out.status.success() {
            bail!("`{}` failed ({})", self.line, out.status);
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Whether it runs and exits successfully, silently: for probing the machine.
    pub fn succeeds(mut self) -> bool {
        self.command.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    }
}
