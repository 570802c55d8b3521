use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(
    name = "demo",
    category = "utility",
    base_url = "https://api.demo.example/{apiKey}",
    rate_limit(requests_per_minute = 60, requests_per_minute = 30),
    auth = api_key(url, url),
    credentials = DemoCredentials,
)]
pub struct Demo {
    http: Http,
}

#[derive(Credentials)]
pub struct DemoCredentials {
    /// The key.
    #[field(secret, secret)]
    api_key: Secret<String>,
}

#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Config {}

#[actions]
impl Demo {
    /// Reads.
    #[action(idempotent, idempotent)]
    async fn read(&self) -> Result<()> {
        Ok(())
    }

    /// Fires.
    #[trigger(webhook, webhook)]
    async fn fired(&self, config: Config, request: WebhookRequest) -> Result<Vec<serde_json::Value>> {
        let _ = (config, request);
        Ok(Vec::new())
    }
}

fn main() {}
