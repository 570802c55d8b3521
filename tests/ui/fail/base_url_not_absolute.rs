use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "api.demo.com/v1")]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
