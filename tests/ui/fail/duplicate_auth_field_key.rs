use fluxturn_core::prelude::*;

#[derive(Credentials)]
pub struct DemoCredentials {
    #[field(label = "API Key", secret)]
    pub api_key: Secret<String>,
    #[field(key = "apiKey", label = "Other key")]
    pub other: String,
}

fn main() {}
