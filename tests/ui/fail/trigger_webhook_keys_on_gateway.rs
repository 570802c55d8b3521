use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A message arrived over the gateway: nothing to verify, nothing to subscribe, no headers.
    #[trigger(
        gateway = open,
        verify = "github",
        secret = "generated",
        event_id = "header:X-Delivery",
        subscribe = add,
        unsubscribe = remove,
        refresh = renew
    )]
    async fn message(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    async fn open(&self, _triggers: &[&str]) -> Result<GatewayConnection> {
        Err(ConnectorError::invalid_input("not here"))
    }
}

fn main() {}
