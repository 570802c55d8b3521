//! FluxTurn's `database` connectors: SQL databases, spoken to over their own protocols. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod mysql;
pub mod postgresql;
mod sql;
