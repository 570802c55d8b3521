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
    #[action(id = "send")]
    async fn send(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// Send it again
    #[action(id = "send")]
    async fn send_again(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }
}

fn main() {}
