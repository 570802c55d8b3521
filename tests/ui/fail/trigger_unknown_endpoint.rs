use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions(webhooks(verify = "github", secret = "generated", endpoint = "connections"))]
impl Demo {
    /// A push arrived
    #[trigger(webhook)]
    async fn pushed(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }
}

fn main() {}
