use fluxturn_core::prelude::*;

#[connector(name = "demo", category = "utility")]
pub struct Demo;

#[actions]
impl Demo {
    #[action]
    async fn send(&self) -> Result<()> {
        Ok(())
    }
}

fn main() {}
