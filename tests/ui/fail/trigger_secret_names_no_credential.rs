use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility", credentials = DemoCredentials)]
pub struct Demo;

/// The demo's credentials.
#[derive(Credentials)]
pub struct DemoCredentials {
    /// The app's auth token
    #[field(secret)]
    pub auth_token: Secret<String>,
}

#[actions]
impl Demo {
    /// A message arrived
    #[trigger(webhook, verify = "twilio", secret = "credentials.authTokn")]
    async fn message(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }
}

fn main() {}
