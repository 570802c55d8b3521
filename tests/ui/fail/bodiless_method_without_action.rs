use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "https://api.demo.example")]
pub struct Demo {
    http: Http,
}

#[actions]
impl Demo {
    // A helper without a body and without #[action(http(...))] would panic at run time.
    async fn helper(&self) -> Result<()>;
}

fn main() {}
