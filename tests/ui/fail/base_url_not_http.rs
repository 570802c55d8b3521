use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "ftp://files.demo.com")]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
