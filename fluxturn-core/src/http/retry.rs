//! When a failed request is tried again, and after how long.
//!
//! - Failures before the request was sent (connection refused, DNS) and answers saying the
//!   upstream did not process it (429, 503) are retried for every method.
//! - Other 5xx, 408 and timeouts after sending are retried only when repeating the request
//!   cannot repeat its effect: idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) or a request
//!   marked [`Request::idempotent`](super::Request::idempotent) (the requests of a declarative
//!   action declared `idempotent` are).
//! - The wait is exponential with jitter (the `backon` crate), or the upstream's `Retry-After`.

use crate::ConnectorError;
use backon::{BackoffBuilder, ExponentialBuilder};
use std::time::{Duration, SystemTime};

/// How many times, and how patiently, a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: usize,
    /// Delay before the first retry (doubled each time, with jitter).
    pub min_delay: Duration,
    /// Longest delay between two attempts.
    pub max_delay: Duration,
    /// Longest `Retry-After` honoured; a longer one ends the retries with the error.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        min_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
        max_retry_after: Duration::ZERO,
    };

    /// The delays between attempts, from `backon`'s exponential backoff with jitter.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::new()
            .with_jitter()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .build()
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailureKind {
    /// The request never left (connect error): safe to send again.
    NotSent,
    /// The upstream says it did not process the request (429, 503).
    NotProcessed,
    /// The request may have had its effect (other 5xx, 408, timeout after sending).
    MaybeProcessed,
    /// Retrying cannot help (4xx, a body we cannot decode).
    Final,
}

/// One failed attempt.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: ConnectorError,
    pub kind: FailureKind,
    pub retry_after: Option<Duration>,
}

impl Failure {
    /// Whether this failure may be retried for a request that is (or is not) idempotent.
    pub(crate) fn retryable(&self, idempotent: bool) -> bool {
        match self.kind {
            FailureKind::NotSent | FailureKind::NotProcessed => true,
            FailureKind::MaybeProcessed => idempotent,
            FailureKind::Final => false,
        }
    }
}

/// The class of an HTTP error status.
pub(crate) fn kind_of_status(status: u16) -> FailureKind {
    match status {
        429 | 503 => FailureKind::NotProcessed,
        408 | 500..=599 => FailureKind::MaybeProcessed,
        _ => FailureKind::Final,
    }
}

/// Whether a method's effect does not change when it is repeated (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS")
}

/// A `Retry-After` value: delay-seconds, decimal seconds (Shopify sends `2.0`) or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Some(seconds) = value.parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0 && *s < 1e9) {
        return Some(Duration::from_secs_f64(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("1"), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("2.0"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1.0"), None);
        assert_eq!(parse_retry_after("NaN"), None);
    }

    #[test]
    fn delays_are_bounded_by_the_budget() {
        let policy = RetryPolicy { max_retries: 4, ..RetryPolicy::default() };
        let delays: Vec<Duration> = policy.delays().collect();
        assert_eq!(delays.len(), 4);
        assert!(delays.iter().all(|d| *d <= policy.max_delay * 2));
        assert_eq!(RetryPolicy::NONE.delays().count(), 0);
    }

    #[test]
    fn what_is_retried() {
        assert!(Failure { error: ConnectorError::internal("x"), kind: kind_of_status(503), retry_after: None }
            .retryable(false));
        assert!(!Failure { error: ConnectorError::internal("x"), kind: kind_of_status(500), retry_after: None }
            .retryable(false));
        assert!(Failure { error: ConnectorError::internal("x"), kind: kind_of_status(500), retry_after: None }
            .retryable(true));
        assert!(!Failure { error: ConnectorError::internal("x"), kind: kind_of_status(404), retry_after: None }
            .retryable(true));
    }
}
