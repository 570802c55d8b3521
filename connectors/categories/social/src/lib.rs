//! FluxTurn's `social` connectors: Social networks and video platforms. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod reddit;
pub mod twitter;
pub mod youtube;
