use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", bse_url = "https://api.demo.com")]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
