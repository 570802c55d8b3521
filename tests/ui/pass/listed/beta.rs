use fluxturn_core::prelude::*;

/// The beta connector.
#[connector(name = "beta", category = "utility")]
pub struct Beta;

#[actions]
impl Beta {}
