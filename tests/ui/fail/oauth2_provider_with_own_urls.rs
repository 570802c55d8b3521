use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility",
    auth = oauth2(provider = "google", token_url = "https://oauth2.googleapis.com/token", pkce, scopes = ["email"]))]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
