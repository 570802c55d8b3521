//! Auth methods a connector declares in `#[connector(auth = ...)]`.

/// Where an API key goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlacement {
    /// In a header, optionally after a prefix (`Authorization: Bearer <key>`).
    Header {
        /// Header name.
        name: &'static str,
        /// Text put before the key (`"Bearer "`), or `""`.
        prefix: &'static str,
    },
    /// In a query parameter (`?key=<key>`).
    Query {
        /// Parameter name.
        name: &'static str,
    },
    /// In the base URL, through a `{field}` placeholder (Telegram's `/bot{botToken}`).
    Url,
}

/// One way a connector authenticates against its API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// No authentication.
    None,
    /// An API key from the credential field `field`.
    ApiKey {
        /// Where the key goes.
        placement: KeyPlacement,
        /// Credential field that holds the key.
        field: &'static str,
    },
    /// `Authorization: Bearer <token>` from the credential field `field`.
    BearerToken {
        /// Credential field that holds the token.
        field: &'static str,
    },
    /// HTTP basic auth from two credential fields.
    BasicAuth {
        /// Credential field that holds the user name.
        username: &'static str,
        /// Credential field that holds the password.
        password: &'static str,
    },
    /// OAuth2 authorization-code flow; the access token is sent as a bearer token.
    OAuth2 {
        /// Provider's authorization URL.
        authorization_url: &'static str,
        /// Provider's token URL.
        token_url: &'static str,
        /// Scopes requested.
        scopes: &'static [&'static str],
        /// Whether the provider supports PKCE (S256).
        pkce: bool,
        /// The shared provider it signs in through (`oauth2(provider = "google", ..)`): its
        /// connectors use one OAuth app, configured once.
        provider: Option<&'static OAuthProvider>,
    },
    /// The connector signs in itself with its own credential fields, over a protocol of its own
    /// (SMTP, IMAP): nothing goes on HTTP requests. FluxTurn's `auth_type: "custom"`.
    Custom,
}

/// An OAuth2 provider several connectors sign in through with ONE app: its endpoints, whether it
/// takes PKCE, the extra parameters its authorization URL needs, and the name the server's
/// client settings go by (`<NAME>_OAUTH_CLIENT_ID`, ...). Each connector still asks for its own
/// scopes.
///
/// ```
/// use fluxturn_core::auth::{providers, OAuthProvider};
/// assert_eq!(OAuthProvider::named("google"), Some(&providers::GOOGLE));
/// assert!(providers::GOOGLE.authorization_params.contains(&("access_type", "offline")));
/// ```
#[derive(Debug, PartialEq, Eq)]
pub struct OAuthProvider {
    /// The provider's name: `provider = "..."` in `#[connector]`, and the prefix of the server's
    /// client settings.
    pub name: &'static str,
    /// Where the user is sent to authorize.
    pub authorization_url: &'static str,
    /// Where the code is exchanged for tokens.
    pub token_url: &'static str,
    /// Whether the provider takes PKCE (S256).
    pub pkce: bool,
    /// Parameters added to every authorization URL.
    pub authorization_params: &'static [(&'static str, &'static str)],
}

impl OAuthProvider {
    /// The shared provider called `name`.
    pub fn named(name: &str) -> Option<&'static OAuthProvider> {
        providers::ALL.iter().copied().find(|p| p.name == name)
    }
}

/// The shared OAuth2 providers.
pub mod providers {
    use super::OAuthProvider;

    /// Google: one OAuth client for Sheets, Gmail, Drive, Calendar and the rest. Offline access
    /// with `prompt=consent`, so Google issues a refresh token on every consent (it sends one
    /// only on the first consent otherwise), and PKCE S256.
    pub const GOOGLE: OAuthProvider = OAuthProvider {
        name: "google",
        authorization_url: "https://accounts.google.com/o/oauth2/v2/auth",
        token_url: "https://oauth2.googleapis.com/token",
        pkce: true,
        authorization_params: &[("access_type", "offline"), ("prompt", "consent")],
    };

    /// Dropbox: PKCE S256, and `token_access_type=offline` so Dropbox issues a refresh token
    /// (its access tokens live four hours), with `force_reapprove=true` as FluxTurn asks.
    pub const DROPBOX: OAuthProvider = OAuthProvider {
        name: "dropbox",
        authorization_url: "https://www.dropbox.com/oauth2/authorize",
        token_url: "https://api.dropboxapi.com/oauth2/token",
        pkce: true,
        authorization_params: &[("token_access_type", "offline"), ("force_reapprove", "true")],
    };

    /// Reddit: `duration=permanent`, so Reddit issues a refresh token with the one-hour access
    /// token (a `temporary` grant has none). No PKCE; the token endpoint takes the client id and
    /// secret as HTTP Basic, as the server's OAuth client sends them.
    pub const REDDIT: OAuthProvider = OAuthProvider {
        name: "reddit",
        authorization_url: "https://www.reddit.com/api/v1/authorize",
        token_url: "https://www.reddit.com/api/v1/access_token",
        pkce: false,
        authorization_params: &[("duration", "permanent")],
    };

    /// Every shared provider.
    pub const ALL: &[&OAuthProvider] = &[&GOOGLE, &DROPBOX, &REDDIT];
}

/// Credential key under which the server stores an OAuth2 access token.
pub const OAUTH2_ACCESS_TOKEN: &str = "accessToken";

/// Credential key under which the server keeps the other fields of the provider's token
/// response, as a JSON object (Salesforce's `instance_url`, the host of the connection's API);
/// a connector reads them in its `PrepareHttp`.
pub const OAUTH2_TOKEN_FIELDS: &str = "oauthTokenFields";

impl AuthMethod {
    /// The FluxTurn `auth_type` name of this method.
    pub const fn type_name(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ApiKey { .. } => "api_key",
            Self::BearerToken { .. } => "bearer_token",
            Self::BasicAuth { .. } => "basic_auth",
            Self::OAuth2 { .. } => "oauth2",
            Self::Custom => "custom",
        }
    }

    /// The name `auth_types` shows for this kind of method.
    pub const fn label(&self) -> &'static str {
        match self {
            Self::None => "None",
            Self::ApiKey { .. } => "API Key",
            Self::BearerToken { .. } => "Bearer Token",
            Self::BasicAuth { .. } => "Basic Auth",
            Self::OAuth2 { .. } => "OAuth2",
            Self::Custom => "Custom",
        }
    }

    /// The shared provider of an OAuth2 method, if it names one.
    pub const fn oauth_provider(&self) -> Option<&'static OAuthProvider> {
        match self {
            Self::OAuth2 { provider, .. } => *provider,
            _ => None,
        }
    }

    /// Whether this is OAuth2 with PKCE (S256) declared.
    pub const fn uses_pkce(&self) -> bool {
        matches!(self, Self::OAuth2 { pkce: true, .. })
    }

    /// The credential fields this method reads.
    pub fn credential_keys(&self) -> Vec<&'static str> {
        match *self {
            Self::None | Self::Custom => vec![],
            Self::ApiKey { field, .. } | Self::BearerToken { field } => vec![field],
            Self::BasicAuth { username, password } => vec![username, password],
            Self::OAuth2 { .. } => vec![OAUTH2_ACCESS_TOKEN],
        }
    }
}
