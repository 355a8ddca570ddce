//! The reports Tagledger prints, each built from plain data into a
//! [`Report`](crate::report::Report): `build` gives the layout input (for previews and
//! tests), `render` the PDF. To add one, add a module with an input struct deriving
//! serde and ts-rs (the app passes it from the UI), `build` and `render`.

pub mod audit;
pub mod depreciation;
pub mod handover;
pub mod register;
