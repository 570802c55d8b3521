//! FluxTurn's `analytics` connectors: Traffic and audience reports. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod google_analytics;
