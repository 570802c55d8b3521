use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// A record was added
    #[trigger(polling, endpoint = "connection")]
    async fn added(&self, config: NoInput, cursor: Option<serde_json::Value>) -> Result<Polled<String>> {
        let _ = (config, cursor);
        Ok(Polled::default())
    }
}

fn main() {}
