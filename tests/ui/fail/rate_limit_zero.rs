use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", rate_limit(requests_per_minute = 0))]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
