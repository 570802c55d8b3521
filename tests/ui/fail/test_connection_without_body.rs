use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "https://api.demo.example")]
pub struct Demo {
    http: Http,
}

#[actions]
impl Demo {
    #[test_connection]
    async fn me(&self) -> Result<()>;
}

fn main() {}
