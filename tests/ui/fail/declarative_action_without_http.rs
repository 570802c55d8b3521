use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo { http: Http }

#[actions]
impl Demo {
    /// Send a message
    #[action]
    async fn send(&self) -> Result<serde_json::Value>;
}

fn main() {}
