//! What a client is configured with.

use super::RetryPolicy;
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
