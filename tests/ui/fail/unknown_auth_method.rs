use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", auth = bearer(field = "token"))]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
