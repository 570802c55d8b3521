use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "comunication")]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
