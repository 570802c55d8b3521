use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

/// Input of the demo action.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Send {
    pub channel: String,
}

#[actions]
impl Demo {
    /// Send a message
    #[action]
    async fn send(&self, input: Send, text: String) -> Result<()> {
        let _ = (input, text);
        Ok(())
    }
}

fn main() {}
