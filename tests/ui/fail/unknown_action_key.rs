use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// Send a message
    #[action(catgory = "Messages")]
    async fn send(&self) -> Result<()> {
        Ok(())
    }
}

fn main() {}
