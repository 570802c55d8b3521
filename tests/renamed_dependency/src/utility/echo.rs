//! The echo connector.

use flux::prelude::*;

/// Echoes what it is given.
#[connector(crate = "flux", name = "echo", category = "utility", auth = bearer_token, credentials = EchoCredentials)]
pub struct Echo;

/// The echo service's token.
#[derive(Credentials)]
#[fluxturn(crate = "flux")]
pub struct EchoCredentials {
    /// Any token.
    #[field(secret)]
    pub token: Secret<String>,
}

/// What to echo.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
#[fluxturn(crate = "flux")]
pub struct Say {
    /// The words.
    #[field(label = "Words")]
    pub words: String,
}

#[actions(crate = "flux")]
impl Echo {
    /// Echoes the words.
    #[action]
    async fn say(&self, input: Say) -> Result<Say> {
        Ok(input)
    }
}
