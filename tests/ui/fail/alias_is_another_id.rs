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
    /// Send a message (an action's alias that is another action's id)
    #[action(aliases = ["send_message", "post"])]
    async fn message_send(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// Send it the old way
    #[action]
    async fn send_message(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// A message arrived (a trigger's alias that is another trigger's id; an action's id is fine)
    #[trigger(webhook, aliases = ["message", "send_message"])]
    async fn new_message(&self, config: Send, request: WebhookRequest) -> Result<Vec<serde_json::Value>> {
        let _ = config;
        Ok(vec![request.json()?])
    }

    /// Any message
    #[trigger(webhook)]
    async fn message(&self, config: Send, request: WebhookRequest) -> Result<Vec<serde_json::Value>> {
        let _ = config;
        Ok(vec![request.json()?])
    }
}

fn main() {}
