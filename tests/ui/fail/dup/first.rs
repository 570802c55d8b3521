use fluxturn_core::prelude::*;

/// A connector named `same`.
#[connector(name = "same", category = "utility")]
pub struct First;

#[actions]
impl First {}
