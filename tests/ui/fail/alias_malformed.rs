use fluxturn_core::prelude::*;

/// Aliases written wrong.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
pub struct Send {
    /// A lone string, not a list
    #[field(aliases = "chan")]
    pub channel: String,
    /// An empty list
    #[field(aliases = [])]
    pub text: String,
    /// An empty name and a spaced one
    #[field(aliases = ["", "the thread"])]
    pub thread: Option<String>,
}

/// Credentials take no aliases.
#[derive(Credentials)]
pub struct Keys {
    #[field(secret, aliases = ["token"])]
    pub api_key: Secret<String>,
}

fn main() {}
