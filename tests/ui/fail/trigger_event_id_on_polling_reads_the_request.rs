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
    #[trigger(polling, event_id = "header:X-Request-Id")]
    async fn message(&self, config: Filter, cursor: Option<serde_json::Value>) -> Result<Polled<String>> {
        let _ = (config, cursor);
        Ok(Polled::default())
    }
}

fn main() {}
