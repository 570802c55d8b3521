//! What several connector categories share. A piece lives here when connectors of more than one
//! category need it and it is not general enough for `fluxturn-core`.

/// What the Google connectors share: their credentials form, list pagination, quota errors, link IDs
/// and timestamps.
pub mod google;
