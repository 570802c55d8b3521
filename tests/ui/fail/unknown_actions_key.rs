use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions(crates = "fluxturn_core")]
impl Demo {}

fn main() {}
