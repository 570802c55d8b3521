use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility",
    auth = oauth2(scopes = ["read"]))]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
