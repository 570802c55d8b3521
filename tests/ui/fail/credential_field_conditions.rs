use fluxturn_core::prelude::*;

/// How the user signs in.
#[derive(Deserialize, JsonSchema)]
pub enum SignIn {
    /// A token
    #[serde(rename = "token")]
    Token,
    /// OAuth2
    #[serde(rename = "oauth2")]
    OAuth2,
}

#[derive(Credentials)]
pub struct DemoCredentials {
    #[field(label = "Sign in with")]
    auth_type: SignIn,
    /// Shown for one method, but not an `Option`: absent for the other.
    #[field(secret, show(authType = ["token"]))]
    token: Secret<String>,
    /// Required and optional at once.
    #[field(required, optional, show(authType = ["oauth2"]))]
    client_id: Option<String>,
    /// Required when shown, but never hidden.
    #[field(required)]
    region: Option<String>,
    /// Hidden instead of shown: the credentials form has no `hide`.
    #[field(hide(authType = ["token"]))]
    client_secret: Option<String>,
}

fn main() {}
