//! FluxTurn's `ecommerce` connectors: Payments and shops. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod shopify;
pub mod stripe;
