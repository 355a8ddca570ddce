//! `policy` and `report policy`: versions of the inventory management policy, generated
//! from the live configuration, and their PDF.
//!
//! Rules: `policy generate` stores the next version (today's snapshot) with its
//! effective date and approver and lists what changed since the previous version;
//! `policy versions` lists them newest first; `report policy` writes the newest
//! version's PDF, or `--version N`'s. With no version yet it says how to make one.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use chrono::NaiveDate;
use tagledger_core::policy::{self, PolicyVersion};
use tagledger_core::{Change, Connection};

use crate::audit::parse_date;
use crate::stock::explain;
use crate::write_file;

#[derive(clap::Subcommand)]
pub enum PolicyWhat {
    /// Generate the next version of the policy from the live configuration.
    Generate {
        /// The day the version takes effect (not before the previous version's).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        effective: NaiveDate,
        /// Who approved it.
        #[arg(long, value_name = "NAME")]
        approver: String,
    },
    /// List the generated versions, newest first, with what each changed.
    Versions {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(conn: &mut Connection, what: PolicyWhat) -> Result<()> {
    match what {
        PolicyWhat::Generate { effective, approver } => {
            let change = Change::now(crate::actor());
            let v = tagledger_core::write(conn, |tx| policy::generate_version(tx, &change, effective, &approver))
                .map_err(explain)?;
            out!(
                "generated version {} of the policy, effective {}, approved by {}",
                v.version,
                v.effective_date,
                v.approver
            );
            print_changes(&v);
        }
        PolicyWhat::Versions { json } => {
            let versions = policy::versions(conn).map_err(explain)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&versions)?);
            } else if versions.is_empty() {
                out!("no policy version yet; make one with `tagledger policy generate --effective YYYY-MM-DD --approver NAME`");
            } else {
                for v in &versions {
                    out!(
                        "version {}  effective {}  approved by {}  generated {} by {}",
                        v.version,
                        v.effective_date,
                        v.approver,
                        v.generated_at,
                        v.actor
                    );
                    print_changes(v);
                }
            }
        }
    }
    Ok(())
}

fn print_changes(v: &PolicyVersion) {
    match v.previous_version {
        None => out!("  first version"),
        Some(previous) if v.changes.is_empty() => out!("  nothing changed since version {previous}"),
        Some(previous) => {
            out!("  changes since version {previous}:");
            for c in &v.changes {
                out!("  - {c}");
            }
        }
    }
}

/// `report policy`: the PDF of a version (default the newest).
pub fn report(conn: &Connection, version: Option<i64>, out: &Path) -> Result<()> {
    let id = match version {
        Some(n) => policy::version_id(conn, n).map_err(explain)?,
        None => match policy::latest_version_id(conn)? {
            Some(id) => id,
            None => bail!(
                "no policy version has been generated yet; run `tagledger policy generate --effective YYYY-MM-DD --approver NAME` first"
            ),
        },
    };
    let data = policy::report(conn, id).map_err(explain)?;
    write_file(out, &tagledger_print::reports::policy::render(&data))?;
    out!("wrote version {} of the policy (effective {}) to {}", data.version, data.effective_date, out.display());
    Ok(())
}

/// The arguments of `report policy`.
#[derive(clap::Args)]
pub struct ReportPolicyArgs {
    /// The version to print (default the newest).
    #[arg(long, value_name = "N")]
    pub version: Option<i64>,
    #[arg(long)]
    pub out: PathBuf,
}
