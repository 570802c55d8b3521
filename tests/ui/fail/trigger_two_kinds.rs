use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A message arrived
    #[trigger(webhook, gateway = open)]
    async fn message(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// A bare `gateway` names no method.
    #[trigger(gateway)]
    async fn reaction(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    async fn open(&self, _triggers: &[&str]) -> Result<GatewayConnection> {
        Err(ConnectorError::invalid_input("not here"))
    }
}

fn main() {}
