use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A push arrived
    #[trigger(webhook, verify = "github", secret = "generated", subscribe = add_hook, unsubscribe = remove_hook)]
    async fn pushed(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// Returns the hook's id instead of a `Subscription`.
    async fn add_hook(&self, _config: NoInput, _context: SubscribeContext) -> Result<String> {
        Ok("h1".into())
    }

    async fn remove_hook(&self, _config: NoInput, _subscription: Subscription) -> Result<()> {
        Ok(())
    }
}

fn main() {}
