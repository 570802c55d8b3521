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
    },
    /// The connector signs in itself with its own credential fields, over a protocol of its own
    /// (SMTP, IMAP): nothing goes on HTTP requests. FluxTurn's `auth_type: "custom"`.
    Custom,
}

/// Credential key under which the server stores an OAuth2 access token.
pub const OAUTH2_ACCESS_TOKEN: &str = "accessToken";

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
