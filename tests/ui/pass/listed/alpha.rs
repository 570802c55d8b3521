use fluxturn_core::prelude::*;

/// The alpha connector.
#[connector(name = "alpha", category = "utility")]
pub struct Alpha;

#[actions]
impl Alpha {}
