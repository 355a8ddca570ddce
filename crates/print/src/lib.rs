//! Labels (Code 128, QR) and PDF reports.
//!
//! This crate is deliberately empty until the print engine issue lands: it will take
//! plain data and return PDF/ZPL bytes, never touching SQLite or Tauri.
#![forbid(unsafe_code)]
