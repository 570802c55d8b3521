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
    #[trigger(webhook, verify = "github", secret = "generated", event_id = "X-GitHub-Delivery")]
    async fn bare_header(&self, config: Filter, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// A message arrived
    #[trigger(webhook, verify = "slack_v0", secret = "config.signingSecret", event_id = "body:event_id")]
    async fn pointer_without_slash(&self, config: Filter, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// A message arrived
    #[trigger(webhook, verify = "github", secret = "generated", event_id = "headers:X-GitHub-Delivery")]
    async fn plural(&self, config: Filter, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// A message arrived
    #[trigger(webhook, verify = "telegram", secret = "generated", event_id = "update_id")]
    async fn bare_name(&self, config: Filter, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }
}

fn main() {}
