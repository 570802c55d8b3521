//! FluxTurn's `project_management` connectors: Notes, tasks and projects. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod notion;
