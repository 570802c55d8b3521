use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A push arrived
    #[trigger(webhook, verify = "github", secret = "generated", subscribe = add_hook)]
    async fn pushed(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    async fn add_hook(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        Ok(Subscription::new(context.webhook_url))
    }
}

fn main() {}
