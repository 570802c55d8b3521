use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

/// Not an input: no `#[derive(Input)]`.
#[derive(Deserialize, JsonSchema)]
pub struct Send {
    pub channel: String,
}

#[actions]
impl Demo {
    /// Send a message
    #[action]
    async fn send(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }
}

fn main() {}
