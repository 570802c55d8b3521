use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", icon = "icons/nowhere.svg")]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
