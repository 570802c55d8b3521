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
    #[action(id = "Send")]
    fn send(self, input: Send, extra: u8) -> Result<()> {
        let _ = (input, extra);
        Ok(())
    }

    /// Again
    #[action(id = "Send", colour = "red")]
    async fn again(&self) -> Result<()> {
        Ok(())
    }
}

fn main() {}
