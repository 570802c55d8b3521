use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", auth = oauth2(provider = "gogle", scopes = ["email"]))]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
