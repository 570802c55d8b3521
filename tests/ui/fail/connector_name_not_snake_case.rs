use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "MyDemo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
