//! What a client is built from: [`HttpConfig`], everything resolved, and the [`HttpOptions`]
//! (timeouts, retries) within it.

use super::redact::Redactor;
use super::{RetryPolicy, TokenRefresher, WireAuth};
use crate::meta::RateLimitMeta;
use std::sync::Arc;
use std::time::Duration;

/// Timeouts and retries of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    /// How long one attempt may take.
    pub request_timeout: Duration,
    /// How long a request may take, retries and waits included.
    pub overall_timeout: Duration,
    /// When to retry.
    pub retry: RetryPolicy,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            overall_timeout: Duration::from_secs(120),
            retry: RetryPolicy::default(),
        }
    }
}

/// Everything an [`Http`](super::Http) client is built from, already resolved: no template
/// left in the base URL, no credential to look up. A connection gets it from its context
/// (`ConnectContext::http_config`); a client for something else, such as URLs that carry their
/// own token, changes what differs (`auth: None`).
///
/// Its `Debug` shows no secret: the base URL is redacted and the auth names only where it goes.
#[derive(Clone)]
pub struct HttpConfig {
    /// The connector's name, for logs.
    pub connector: &'static str,
    /// What relative paths are joined to (a trailing `/` is ignored).
    pub base_url: String,
    /// What goes on every request; `None` sends none.
    pub auth: Option<WireAuth>,
    /// Values removed from every error and log line (the secret credentials). The auth's
    /// secret and refreshed tokens are added by the client.
    pub secrets: Vec<String>,
    /// Client-side rate limits: a request waits for its turn.
    pub rate_limits: RateLimitMeta,
    /// Timeouts and retries.
    pub options: HttpOptions,
    /// Gets a new OAuth2 access token when the upstream rejects the current one.
    pub token_refresher: Option<Arc<dyn TokenRefresher>>,
    /// Headers sent with every request (an API version header).
    pub headers: &'static [(&'static str, &'static str)],
}

impl std::fmt::Debug for HttpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redactor = Redactor::new(self.secrets.iter().cloned().chain(self.auth.iter().map(|a| a.secret().into())));
        f.debug_struct("HttpConfig")
            .field("connector", &self.connector)
            .field("base_url", &redactor.redact(&self.base_url))
            .field("auth", &self.auth)
            .field("secrets", &self.secrets.len())
            .field("rate_limits", &self.rate_limits)
            .field("options", &self.options)
            .field("token_refresher", &self.token_refresher.is_some())
            .field("headers", &self.headers)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let config = HttpConfig {
            connector: "telegram",
            base_url: "https://api.telegram.org/bot123:abc".into(),
            auth: Some(WireAuth::bearer("tok_secret")),
            secrets: vec!["123:abc".into()],
            rate_limits: RateLimitMeta::default(),
            options: HttpOptions::default(),
            token_refresher: None,
            headers: &[],
        };
        let debug = format!("{config:?}");
        assert!(debug.contains("bot[redacted]"), "{debug}");
        assert!(!debug.contains("123:abc") && !debug.contains("tok_secret"), "{debug}");
    }
}
