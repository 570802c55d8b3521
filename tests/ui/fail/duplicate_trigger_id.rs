use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

/// Input of the demo action.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Send {
    pub channel: String,
}

#[actions]
impl Demo {
    /// A message arrived
    #[trigger(id = "message", webhook)]
    async fn message(&self, config: Send, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// A message arrived, polled
    #[trigger(id = "message", polling)]
    async fn message_polled(&self, config: Send, cursor: Option<serde_json::Value>) -> Result<Polled<String>> {
        let _ = (config, cursor);
        Ok(Polled::default())
    }
}

fn main() {}
