//! Tagledger's domain and SQLite store.
//!
//! Everything the app and the CLI do to data goes through this crate: opening and
//! migrating a database file ([`store`]), reference data ([`reference`]), the asset
//! register ([`assets`], [`register`]), the append-only [`events`] log, CSV
//! [`import`]/[`export`], what labels and reports print ([`printing`]) and the [`demo`]
//! data generator.
//!
//! Architecture invariant: no Tauri, no UI. Read functions take `&Connection`; write
//! functions take the `&Transaction` their caller opened, so a caller can compose
//! several writes into one atomic change. Every write appends to the event log in the
//! same transaction.
//!
//! To add a domain area: a module with its types (DTOs derive `TS` so the UI gets
//! generated TypeScript), its reads and writes, a migration if the schema changes, and
//! tests in `tests/core/`.
#![forbid(unsafe_code)]

pub mod assets;
pub mod audits;
pub mod backup;
pub mod classification;
pub mod consignment;
pub mod costs;
pub mod counting;
pub mod dashboard;
pub mod demo;
mod demo_stock;
pub mod depreciation;
mod error;
pub mod events;
pub mod export;
pub mod forecast;
pub mod goals;
pub mod hiring;
pub mod import;
pub mod licences;
pub mod lifecycle;
pub mod policy;
pub mod printing;
pub mod purchasing;
pub mod reference;
pub mod register;
pub mod reorder;
pub mod replan;
pub mod scorecard;
pub mod settings;
pub mod status_labels;
pub mod stock;
pub mod stock_analysis;
pub mod store;
pub mod validate;

pub use error::{Error, FieldError, Result};
pub use events::Change;
pub use rusqlite::{Connection, Transaction};

/// Runs `f` in one IMMEDIATE transaction and commits it; any error rolls everything
/// back. IMMEDIATE takes the write lock up front, so a busy database fails at once
/// with a clear error instead of midway through.
pub fn write<T>(conn: &mut Connection, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}
