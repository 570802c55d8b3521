use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility",
    auth = oauth2(authorization_url = "/oauth/authorize", token_url = "https://demo.com/oauth/token"))]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
