use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// Send a message
    #[action]
    async fn send(&mut self) -> Result<()> {
        Ok(())
    }

    /// Send without a receiver
    #[action]
    async fn broadcast() -> Result<()> {
        Ok(())
    }
}

fn main() {}
