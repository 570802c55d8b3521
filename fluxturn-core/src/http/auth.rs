//! The auth that goes on every request: resolved once from the connector's declared auth methods
//! and the user's credentials, and replaced when an expired OAuth2 access token is refreshed.

use crate::auth::{AuthMethod, KeyPlacement, OAUTH2_ACCESS_TOKEN};
use crate::{BoxFuture, ConnectorError, Result};
use std::sync::{Arc, RwLock};

/// Gets a fresh OAuth2 access token when the upstream rejects the current one (401). The server
/// implements it (token endpoint, storage); `Http` calls it once and retries the request.
pub trait TokenRefresher: Send + Sync + 'static {
    /// Refreshes the access token and returns the new one.
    fn refresh(&self) -> BoxFuture<'_, Result<String>>;
}

/// The auth that goes on every request, resolved from an auth method and the credentials.
/// Its `Debug` names where the secret goes, never the secret.
#[derive(Clone, PartialEq, Eq)]
pub enum WireAuth {
    /// A header, such as `Authorization: Bearer <token>` or `X-Api-Key: <key>`.
    Header {
        /// Header name.
        name: String,
        /// Header value, prefix included.
        value: String,
    },
    /// A query parameter, such as `?key=<key>`.
    Query {
        /// Parameter name.
        name: String,
        /// Parameter value.
        value: String,
    },
    /// HTTP basic auth.
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
}

impl std::fmt::Debug for WireAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Header { name, .. } => f.debug_struct("Header").field("name", name).finish_non_exhaustive(),
            Self::Query { name, .. } => f.debug_struct("Query").field("name", name).finish_non_exhaustive(),
            Self::Basic { .. } => f.debug_struct("Basic").finish_non_exhaustive(),
        }
    }
}

impl WireAuth {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: &str) -> Self {
        Self::Header { name: "Authorization".into(), value: format!("Bearer {token}") }
    }

    /// Resolves the auth of a connector named `connector` from its declared `methods` and a
    /// lookup of the credential values (`None` for a missing or blank one). With several
    /// methods, the first one whose credentials are all present wins; else OAuth2, when declared
    /// (a connection waiting for its authorization), else the first declared. `None` when the
    /// method puts nothing on requests (no auth, a key in the base URL, OAuth2 not authorized yet).
    pub fn resolve(
        connector: &str,
        methods: &[AuthMethod],
        credential: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>> {
        let required = |key: &str| {
            credential(key).ok_or_else(|| {
                ConnectorError::invalid_credentials(format!("{connector}: missing required credential field `{key}`"))
            })
        };
        let usable = methods.iter().find(|m| m.credential_keys().iter().all(|k| credential(k).is_some()));
        let awaiting_authorization = || methods.iter().find(|m| matches!(m, AuthMethod::OAuth2 { .. }));
        let Some(method) = usable.or_else(awaiting_authorization).or(methods.first()) else {
            return Ok(None);
        };
        Ok(match *method {
            AuthMethod::None | AuthMethod::Custom | AuthMethod::ApiKey { placement: KeyPlacement::Url, .. } => None,
            AuthMethod::ApiKey { placement: KeyPlacement::Header { name, prefix }, field } => {
                Some(Self::Header { name: name.to_owned(), value: format!("{prefix}{}", required(field)?) })
            }
            AuthMethod::ApiKey { placement: KeyPlacement::Query { name }, field } => {
                Some(Self::Query { name: name.to_owned(), value: required(field)? })
            }
            AuthMethod::BearerToken { field } => Some(Self::bearer(&required(field)?)),
            // Not authorized yet (the OAuth2 flow has not run): requests go without a token.
            AuthMethod::OAuth2 { .. } => credential(OAUTH2_ACCESS_TOKEN).map(|token| Self::bearer(&token)),
            AuthMethod::BasicAuth { username, password } => {
                Some(Self::Basic { username: required(username)?, password: required(password)? })
            }
        })
    }

    /// The secret part (header or query value, password), for redaction.
    pub(crate) fn secret(&self) -> &str {
        match self {
            Self::Header { value, .. } | Self::Query { value, .. } => value,
            Self::Basic { password, .. } => password,
        }
    }

    /// Puts the auth on a request.
    pub(crate) fn apply(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Header { name, value } => builder.header(name, value),
            Self::Query { name, value } => builder.query(&[(name, value)]),
            Self::Basic { username, password } => builder.basic_auth(username, Some(password)),
        }
    }
}

/// The auth of one client: the current wire auth, shared by its clones, and what refreshes it.
pub(crate) struct AuthState {
    current: RwLock<Option<WireAuth>>,
    refresher: Option<Arc<dyn TokenRefresher>>,
}

impl AuthState {
    /// Starts with `auth`; `refresher` gets new access tokens.
    pub(crate) fn new(auth: Option<WireAuth>, refresher: Option<Arc<dyn TokenRefresher>>) -> Self {
        Self { current: RwLock::new(auth), refresher }
    }

    /// What goes on the next request.
    pub(crate) fn current(&self) -> Option<WireAuth> {
        self.current.read().ok().and_then(|auth| auth.clone())
    }

    /// Whether a rejected token can be refreshed.
    pub(crate) fn can_refresh(&self) -> bool {
        self.refresher.is_some()
    }

    /// A new access token from the refresher; `None` without a refresher.
    pub(crate) async fn fresh_token(&self) -> Result<Option<String>> {
        match &self.refresher {
            Some(refresher) => refresher.refresh().await.map(Some),
            None => Ok(None),
        }
    }

    /// Sends `token` as the bearer token from now on.
    pub(crate) fn use_token(&self, token: &str) {
        if let Ok(mut auth) = self.current.write() {
            *auth = Some(WireAuth::bearer(token));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEARER: AuthMethod = AuthMethod::BearerToken { field: "token" };
    const BASIC: AuthMethod = AuthMethod::BasicAuth { username: "user", password: "pass" };

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_first_method_with_its_credentials_wins() {
        let auth = WireAuth::resolve("x", &[BEARER, BASIC], lookup(&[("user", "u"), ("pass", "p")])).unwrap();
        assert_eq!(auth, Some(WireAuth::Basic { username: "u".into(), password: "p".into() }));
    }

    #[test]
    fn without_any_credentials_an_oauth2_method_waits_for_its_authorization() {
        const OAUTH2: AuthMethod = AuthMethod::OAuth2 {
            authorization_url: "https://a",
            token_url: "https://t",
            scopes: &[],
            pkce: true,
            provider: None,
        };
        assert_eq!(WireAuth::resolve("x", &[BEARER, OAUTH2], lookup(&[])).unwrap(), None);
        let error = WireAuth::resolve("x", &[BEARER, BASIC], lookup(&[])).unwrap_err();
        assert_eq!(error.message, "x: missing required credential field `token`");
    }

    #[test]
    fn a_missing_field_of_the_only_method_is_named() {
        let error = WireAuth::resolve("acme", &[BASIC], lookup(&[("user", "u")])).unwrap_err();
        assert_eq!(error.message, "acme: missing required credential field `pass`");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let auth = WireAuth::bearer("sk_live_123");
        assert_eq!(auth.secret(), "Bearer sk_live_123");
        assert!(!format!("{auth:?}").contains("sk_live_123"));
    }
}
