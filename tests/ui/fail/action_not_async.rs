use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    /// Send a message
    #[action]
    fn send(&self) -> Result<()> {
        Ok(())
    }
}

fn main() {}
