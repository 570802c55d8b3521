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
    /// Send a message
    #[action(aliases = ["sendMessage", "send_message"])]
    async fn send_message(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// Send a file, under an explicit id
    #[action(id = "file_send", aliases = ["file_send"])]
    async fn send_file(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// A message arrived
    #[trigger(webhook, aliases = ["new_message"])]
    async fn new_message(&self, config: Send, request: WebhookRequest) -> Result<Vec<serde_json::Value>> {
        let _ = config;
        Ok(vec![request.json()?])
    }
}

fn main() {}
