//! The [`Http`] client of one connector instance: built once, cloned cheaply, the starting point
//! of every [`Request`].

use super::auth::AuthState;
use super::rate_limit::RateLimits;
use super::redact::Redactor;
use super::{HttpConfig, HttpOptions, Request};
use crate::{ConnectorError, Result};
use std::sync::{Arc, RwLock};

/// A client bound to one connector instance: base URL, auth, rate limits, secrets to redact.
///
/// Cloning is cheap: clones share the connection pool, the limiters and the current token.
#[derive(Clone)]
pub struct Http {
    pub(super) inner: Arc<HttpInner>,
}

/// What the clones of one client share.
pub(super) struct HttpInner {
    pub(super) client: reqwest::Client,
    pub(super) connector: &'static str,
    pub(super) base_url: String,
    pub(super) auth: AuthState,
    pub(super) redactor: RwLock<Redactor>,
    pub(super) limits: RateLimits,
    pub(super) options: HttpOptions,
    pub(super) headers: &'static [(&'static str, &'static str)],
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("connector", &self.inner.connector)
            .field("base_url", &self.redact(&self.inner.base_url))
            .finish_non_exhaustive()
    }
}

impl AsRef<Http> for Http {
    /// The client itself, so generated code reads `Http` and [`PreparedHttp`](crate::PreparedHttp) fields alike.
    fn as_ref(&self) -> &Http {
        self
    }
}

impl Http {
    /// Builds a client from its configuration. The auth's secret joins the secrets redacted
    /// from every message.
    pub fn new(config: HttpConfig) -> Result<Self> {
        let mut redactor = Redactor::new(config.secrets);
        if let Some(auth) = &config.auth {
            redactor.add(auth.secret().to_owned());
        }
        let client = reqwest::Client::builder()
            .user_agent(concat!("fluxturn/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConnectorError::internal(format!("could not build the HTTP client: {e}")))?;
        Ok(Self {
            inner: Arc::new(HttpInner {
                client,
                connector: config.connector,
                base_url: config.base_url.trim_end_matches('/').to_owned(),
                auth: AuthState::new(config.auth, config.token_refresher),
                redactor: RwLock::new(redactor),
                limits: RateLimits::new(&config.rate_limits),
                options: config.options,
                headers: config.headers,
            }),
        })
    }

    /// The base URL requests are relative to (placeholders filled).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A request of `method` to `path` (relative to the base URL, or absolute).
    pub fn request(&self, method: &str, path: &str) -> Request {
        let url = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}/{}", self.inner.base_url, path.trim_start_matches('/'))
        };
        Request::new(self.clone(), method.to_ascii_uppercase(), url)
    }

    /// A `GET` request.
    pub fn get(&self, path: &str) -> Request {
        self.request("GET", path)
    }

    /// A `POST` request.
    pub fn post(&self, path: &str) -> Request {
        self.request("POST", path)
    }

    /// A `PUT` request.
    pub fn put(&self, path: &str) -> Request {
        self.request("PUT", path)
    }

    /// A `PATCH` request.
    pub fn patch(&self, path: &str) -> Request {
        self.request("PATCH", path)
    }

    /// A `DELETE` request.
    pub fn delete(&self, path: &str) -> Request {
        self.request("DELETE", path)
    }

    /// Removes every secret from a text (messages, bodies).
    pub fn redact(&self, text: &str) -> String {
        self.inner.redactor.read().map(|r| r.redact(text)).unwrap_or_else(|_| "[redacted]".to_owned())
    }

    /// Asks the refresher for a new access token and uses it from now on; the token is a
    /// secret before it is ever sent.
    pub(super) async fn refresh_token(&self) -> Result<()> {
        let Some(token) = self.inner.auth.fresh_token().await? else {
            return Ok(());
        };
        if let Ok(mut redactor) = self.inner.redactor.write() {
            redactor.add(token.clone());
        }
        self.inner.auth.use_token(&token);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::WireAuth;
    use crate::meta::RateLimitMeta;

    fn config(base_url: &str) -> HttpConfig {
        HttpConfig {
            connector: "telegram",
            base_url: base_url.into(),
            auth: Some(WireAuth::Query { name: "key".into(), value: "k_query".into() }),
            secrets: vec!["123:abc".into()],
            rate_limits: RateLimitMeta::default(),
            options: HttpOptions::default(),
            token_refresher: None,
            headers: &[],
        }
    }

    #[test]
    fn paths_join_the_base_url_without_a_double_slash() {
        let http = Http::new(config("https://api.telegram.org/bot123:abc/")).unwrap();
        assert_eq!(http.base_url(), "https://api.telegram.org/bot123:abc");
        assert_eq!(http.get("/getMe").url(), "https://api.telegram.org/bot123:abc/getMe");
        assert_eq!(http.get("https://other.example/x").url(), "https://other.example/x");
    }

    #[test]
    fn the_configured_secrets_and_the_auth_are_redacted() {
        let http = Http::new(config("https://api.telegram.org/bot123:abc")).unwrap();
        assert_eq!(http.redact("bot123:abc?key=k_query"), "bot[redacted]?key=[redacted]");
        assert!(!format!("{http:?}").contains("123:abc"));
    }
}
