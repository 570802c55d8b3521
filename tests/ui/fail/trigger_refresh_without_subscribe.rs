use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A push arrived
    #[trigger(webhook, verify = "github", secret = "generated", refresh = renew_hook)]
    async fn pushed(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    async fn renew_hook(&self, _config: NoInput, subscription: Subscription) -> Result<Subscription> {
        Ok(subscription)
    }
}

fn main() {}
