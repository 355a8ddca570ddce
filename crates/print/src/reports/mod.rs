//! The reports Tagledger prints, each built from plain data into a
//! [`Report`](crate::report::Report): `build` gives the layout input (for previews and
//! tests), `render` the PDF. To add one, add a module with an input struct deriving
//! serde and ts-rs (the app passes it from the UI), `build` and `render`.

pub mod ageing;
pub mod audit;
pub mod consignment;
pub mod costs;
pub mod count_sheet;
pub mod depreciation;
pub mod handover;
pub mod policy;
pub mod purchase_order;
pub mod register;
pub mod scorecard;
pub mod stockouts;
