use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

/// Configuration of the demo trigger.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Filter {
    /// The channel to watch
    pub channel: String,
    /// The signing secret of the app
    pub signing_secret: Option<String>,
}

#[actions]
impl Demo {
    /// A message arrived
    #[trigger(webhook, verify = "slack_v1", secret = "config.signingSecret")]
    async fn typo(&self, config: Filter, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// A message arrived
    #[trigger(webhook, verify = "hmac_sha256", secret = "config.signingSecret")]
    async fn unsupported(&self, config: Filter, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }
}

fn main() {}
