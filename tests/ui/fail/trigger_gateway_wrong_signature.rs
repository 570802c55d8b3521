use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A message arrived over the gateway
    #[trigger(gateway = open)]
    async fn message(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// Takes one trigger id instead of the slice of them.
    async fn open(&self, _trigger: &str) -> Result<GatewayConnection> {
        Err(ConnectorError::invalid_input("not here"))
    }
}

fn main() {}
