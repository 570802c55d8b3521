use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "https://api.demo.com/bot{botToken}",
    auth = api_key(url, field = "apiKey"), credentials = DemoCredentials)]
pub struct Demo { http: Http }

#[derive(Credentials)]
pub struct DemoCredentials {
    #[field(label = "API Key", secret)]
    pub api_key: Secret<String>,
}

#[actions]
impl Demo {}

fn main() {}
