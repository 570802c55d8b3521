use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

/// Input of the demo actions.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Send {
    pub channel: String,
}

#[actions]
impl Demo {
    /// Send a message (one alias listed twice)
    #[action(aliases = ["send_message", "sendMessage", "send_message"])]
    async fn message_send(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// Send a direct message (an alias another action has)
    #[action(aliases = ["sendMessage"])]
    async fn dm_send(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// A message arrived (two triggers claiming one alias)
    #[trigger(webhook, aliases = ["message"])]
    async fn new_message(&self, config: Send, request: WebhookRequest) -> Result<Vec<serde_json::Value>> {
        let _ = config;
        Ok(vec![request.json()?])
    }

    /// A direct message arrived
    #[trigger(webhook, aliases = ["message"])]
    async fn new_dm(&self, config: Send, request: WebhookRequest) -> Result<Vec<serde_json::Value>> {
        let _ = config;
        Ok(vec![request.json()?])
    }
}

fn main() {}
