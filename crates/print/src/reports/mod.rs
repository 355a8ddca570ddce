//! Reports built on the layout engine ([`crate::report`]) from plain data.

pub mod audit;
pub mod register;
