//! FluxTurn's `forms` connectors: Forms and surveys. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod google_forms;
pub mod jotform;
