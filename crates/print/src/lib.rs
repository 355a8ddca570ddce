//! Labels (Code 128, QR, ZPL) and PDF reports for Tagledger.
//!
//! Plain data in, bytes out: this crate knows nothing of SQLite or Tauri. Everything
//! that is drawn is first laid out as a [`page::Page`] — a display list in millimetres
//! with a top-left origin — which [`pdf`] turns into PDF and the app's preview draws as
//! SVG, so the preview is exactly what prints.
#![forbid(unsafe_code)]

pub mod barcode;
mod error;
pub mod font;
pub mod labels;
pub mod page;
pub mod pdf;
pub mod report;
pub mod reports;
pub mod zpl;

pub use error::{Error, Result};
