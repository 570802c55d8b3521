use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Send {
    // One mistake: the placeholder impl of `Input` keeps `send` below from failing as well.
    #[field(lable = "Channel")]
    pub channel: String,
}

#[actions]
impl Demo {
    /// Sends.
    #[action]
    async fn send(&self, input: Send) -> Result<()> {
        let _ = input;
        Ok(())
    }
}

fn main() {}
