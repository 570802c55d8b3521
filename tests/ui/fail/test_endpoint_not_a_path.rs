use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "https://api.demo.com", test_endpoint = "me")]
pub struct Demo {
    http: Http,
}

#[actions]
impl Demo {}

fn main() {}
