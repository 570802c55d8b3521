use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "https://api.demo.com")]
pub struct Demo { http: Http }

/// Input of the demo action.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Send {
    pub channel: String,
}

#[actions]
impl Demo {
    /// Send a message
    #[action(http(method = "POST", endpoint = "/channels/{channelId}/messages"))]
    async fn send(&self, input: Send) -> Result<serde_json::Value>;
}

fn main() {}
