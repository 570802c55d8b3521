use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A row was added
    #[trigger(polling, subscribe = add_hook, unsubscribe = remove_hook)]
    async fn new_row(&self, config: NoInput, cursor: Option<serde_json::Value>) -> Result<Polled<String>> {
        let _ = (config, cursor);
        Ok(Polled::default())
    }
}

fn main() {}
