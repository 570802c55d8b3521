//! FluxTurn's `crm` connectors: Customer data. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod airtable;
