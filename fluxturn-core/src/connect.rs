//! Connecting an instance: the [`ConnectContext`] it is built from (the user's credentials and
//! the server's or a test's overrides), checked against the connector type before
//! [`ConnectorSpec::connect`] runs, and the [`HttpConfig`] its [`Http`] client is built from.

use crate::connector::ConnectorSpec;
use crate::fields::{Credentials, FromContext};
use crate::http::{fill_placeholders, Http, HttpConfig, HttpOptions, TokenRefresher, WireAuth};
use crate::meta::{ConnectorMeta, RateLimitMeta};
use crate::{ConnectorError, Result};
use serde_json::{Map, Value};
use std::sync::Arc;

/// What an instance is connected with: the stored credentials, and what replaces the
/// connector's declarations (base URL, rate limits) or the defaults (timeouts, retries, token
/// refresh). [`connect`](Self::connect) checks the credentials against a connector type and
/// builds the instance; [`Registry::connect`](crate::Registry::connect) does the same by name.
///
/// Its `Debug` names the credential keys, never their values.
///
/// ```
/// use fluxturn_core::prelude::*;
///
/// /// Says hello.
/// #[connector(name = "hello", category = "utility", base_url = "https://hello.example.com")]
/// pub struct Hello { http: Http }
///
/// #[actions]
/// impl Hello {}
///
/// let ctx = ConnectContext::new(Default::default()).with_base_url("http://localhost:8080");
/// let hello: Hello = ctx.connect().unwrap();
/// assert_eq!(hello.http_client().unwrap().base_url(), "http://localhost:8080");
/// ```
#[derive(Clone, Default)]
pub struct ConnectContext {
    /// The stored credential values, by key.
    pub credentials: Map<String, Value>,
    base_url: Option<String>,
    rate_limits: Option<RateLimitMeta>,
    http_options: HttpOptions,
    token_refresher: Option<Arc<dyn TokenRefresher>>,
    connector: Option<CheckedFor>,
}

/// The connector type the credentials were checked against: what its `Http` client needs.
#[derive(Clone)]
struct CheckedFor {
    meta: ConnectorMeta,
    secret_keys: Vec<String>,
}

impl ConnectContext {
    /// A context with these credentials, the declared base URL and rate limits, and the default
    /// timeouts and retries.
    pub fn new(credentials: Map<String, Value>) -> Self {
        Self { credentials, ..Self::default() }
    }

    /// Points the instance at another base URL (a self-hosted service, a mock server); it may
    /// hold `{field}` placeholders like a declared one.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Replaces the declared rate limits (a test against a local mock, a higher quota).
    pub fn with_rate_limits(mut self, rate_limits: RateLimitMeta) -> Self {
        self.rate_limits = Some(rate_limits);
        self
    }

    /// Uses these timeouts and retries.
    pub fn with_http_options(mut self, options: HttpOptions) -> Self {
        self.http_options = options;
        self
    }

    /// Refreshes an expired OAuth2 access token with `refresher` (set by the server).
    pub fn with_token_refresher(mut self, refresher: Arc<dyn TokenRefresher>) -> Self {
        self.token_refresher = Some(refresher);
        self
    }

    /// Connects an instance of `C`: checks that every credential these values require is present
    /// (a field shown only for another auth method than the chosen one is not required) and that
    /// the credentials read as `C`'s credentials type, then calls [`ConnectorSpec::connect`].
    pub fn connect<C: ConnectorSpec>(self) -> Result<C> {
        C::connect(&self.check::<C>()?)
    }

    /// This context, checked against `C` and remembering its declarations.
    fn check<C: ConnectorSpec>(mut self) -> Result<Self> {
        let fields = <C::Credentials as Credentials>::auth_fields();
        let missing: Vec<&str> = fields
            .iter()
            .filter(|f| f.is_required_for(&self.credentials) && is_blank(self.credentials.get(&f.key)))
            .map(|f| f.key.as_str())
            .collect();
        if let Some(first) = missing.first() {
            return Err(ConnectorError::invalid_credentials(format!(
                "{}: missing required credential field `{first}`",
                C::NAME
            ))
            .with_details(serde_json::json!({ "missing": missing })));
        }
        <C::Credentials as Credentials>::from_values(&self.credentials)?;
        let secret_keys = fields.iter().filter(|f| f.is_secret()).map(|f| f.key.clone()).collect();
        self.connector = Some(CheckedFor { meta: C::META, secret_keys });
        Ok(self)
    }

    /// The credential `key` as text, if present and not blank.
    pub fn credential(&self, key: &str) -> Option<String> {
        match self.credentials.get(key)? {
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// This context with the credential `key` replaced by `check(value)` (the value is `""` when
    /// the credential is missing): how a [`PrepareHttp`](crate::PrepareHttp) normalises a field
    /// the base URL is filled from, or refuses it with `check`'s error.
    pub fn map_credential(mut self, key: &str, check: impl FnOnce(&str) -> Result<String>) -> Result<Self> {
        let checked = check(&self.credential(key).unwrap_or_default())?;
        self.credentials.insert(key.to_owned(), Value::String(checked));
        Ok(self)
    }

    /// The values of every secret credential (for redaction); every value before the context
    /// is checked against a connector type, which alone knows which are secret.
    pub fn secret_values(&self) -> Vec<String> {
        match &self.connector {
            Some(checked) => checked.secret_keys.iter().filter_map(|k| self.credential(k)).collect(),
            None => self.credentials.keys().filter_map(|k| self.credential(k)).collect(),
        }
    }

    /// The configuration of the instance's [`Http`] client: the base URL with its `{field}`
    /// placeholders filled from the credentials, the first declared auth method whose
    /// credentials are present, the secrets to redact, the rate limits and options.
    pub fn http_config(&self) -> Result<HttpConfig> {
        let Some(CheckedFor { meta, .. }) = &self.connector else {
            return Err(ConnectorError::internal(
                "the connection context was not checked against a connector type: \
                 connect with `ConnectContext::connect::<C>()` or the registry, not `C::connect`",
            ));
        };
        let template = self.base_url.as_deref().or(meta.base_url).unwrap_or("");
        let base_url = fill_placeholders(template, |key| self.credential(key)).map_err(|key| {
            ConnectorError::invalid_credentials(format!(
                "{}: the base URL needs the credential field `{key}`, which is missing",
                meta.name
            ))
        })?;
        let auth = WireAuth::resolve(meta.name, meta.auth, |key| self.credential(key))?;
        Ok(HttpConfig {
            connector: meta.name,
            base_url,
            auth,
            secrets: self.secret_values(),
            rate_limits: self.rate_limits.unwrap_or(meta.rate_limits),
            options: self.http_options,
            token_refresher: self.token_refresher.clone(),
            headers: meta.headers,
        })
    }
}

impl std::fmt::Debug for ConnectContext {
    /// Names the credential keys, never their values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectContext")
            .field("connector", &self.connector.as_ref().map(|c| c.meta.name))
            .field("credential_keys", &self.credentials.keys().collect::<Vec<_>>())
            .field("base_url", &self.base_url)
            .field("rate_limits", &self.rate_limits)
            .field("http_options", &self.http_options)
            .field("token_refresher", &self.token_refresher.is_some())
            .finish_non_exhaustive()
    }
}

impl FromContext for Http {
    /// The client configured by [`ConnectContext::http_config`].
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        Http::new(ctx.http_config()?)
    }
}

fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn credentials(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn debug_shows_keys_but_no_value() {
        let ctx = ConnectContext::new(credentials(json!({"apiKey": "sk_live_123"}))).with_base_url("http://x");
        let debug = format!("{ctx:?}");
        assert!(debug.contains("apiKey") && debug.contains("http://x"), "{debug}");
        assert!(!debug.contains("sk_live_123"), "{debug}");
    }

    #[test]
    fn before_the_check_every_value_counts_as_secret_and_no_client_is_configured() {
        let ctx = ConnectContext::new(credentials(json!({"a": "one", "b": "", "c": 7})));
        assert_eq!(ctx.secret_values(), ["one", "7"]);
        assert_eq!(ctx.http_config().unwrap_err().code, crate::ErrorCode::Internal);
    }
}
