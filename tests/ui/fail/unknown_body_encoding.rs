use fluxturn_core::prelude::*;

/// A demo connector.
#[connector(name = "demo", category = "utility", base_url = "https://api.demo.com")]
pub struct Demo {
    http: Http,
}

#[actions]
impl Demo {
    /// Send a message
    #[action(http(method = "POST", endpoint = "/messages", body = "xml"))]
    async fn send(&self) -> Result<serde_json::Value>;
}

fn main() {}
