use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", auth = api_key(field = "apiKey"), credentials = DemoCredentials)]
pub struct Demo;

#[derive(Credentials)]
pub struct DemoCredentials {
    #[field(label = "API Key", secret)]
    pub api_key: Secret<String>,
}

#[actions]
impl Demo {}

fn main() {}
