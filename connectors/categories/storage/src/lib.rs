//! FluxTurn's `storage` connectors: Files, folders, documents and spreadsheets. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod dropbox;
pub mod google_docs;
pub mod google_drive;
pub mod google_sheets;
