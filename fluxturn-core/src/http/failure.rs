//! What a failed attempt becomes: a [`ConnectorError`] whose code classifies the HTTP status or
//! the transport error, whose message carries the upstream's own words, and from which every
//! secret is redacted; plus, for the retry loop, whether and when the attempt may be repeated.

use super::retry::{self, Failure, FailureKind};
use super::Http;
use crate::{ConnectorError, ErrorCode};
use serde_json::Value;
use std::time::Duration;

/// How much of an upstream error body is kept in an error's details.
const BODY_EXCERPT_CHARS: usize = 2_000;

/// A request that never got an answer: refused, timed out, cut off.
pub(crate) fn transport_failure(http: &Http, error: &reqwest::Error, timeout: Duration) -> Failure {
    // reqwest's message carries the URL, which may carry a secret (query key, path token).
    let (code, kind, message) = if error.is_timeout() {
        (
            ErrorCode::Timeout,
            FailureKind::MaybeProcessed,
            format!("the upstream did not answer within {} ms", timeout.as_millis()),
        )
    } else if error.is_connect() {
        (
            ErrorCode::Connection,
            FailureKind::NotSent,
            http.redact(&format!("could not connect to the upstream: {error}")),
        )
    } else {
        (
            ErrorCode::Connection,
            FailureKind::MaybeProcessed,
            http.redact(&format!("the request to the upstream failed: {error}")),
        )
    };
    Failure { error: ConnectorError::new(code, message), kind, retry_after: None }
}

/// A non-2xx answer, with the upstream's `Retry-After` when it sent one.
pub(crate) fn status_failure(http: &Http, status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Failure {
    let retry_after = headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(retry::parse_retry_after);
    Failure { error: status_error(http, status, body), kind: retry::kind_of_status(status), retry_after }
}

/// A failure that retrying cannot help (an invalid method or MIME type).
pub(crate) fn final_failure(error: ConnectorError) -> Failure {
    Failure { error, kind: FailureKind::Final, retry_after: None }
}

fn status_error(http: &Http, status: u16, body: &[u8]) -> ConnectorError {
    let code = match status {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        408 | 504 => ErrorCode::Timeout,
        429 => ErrorCode::RateLimited,
        400 | 409 | 422 => ErrorCode::InvalidInput,
        _ => ErrorCode::Upstream,
    };
    let excerpt: String = http.redact(&String::from_utf8_lossy(body)).chars().take(BODY_EXCERPT_CHARS).collect();
    let upstream_message = serde_json::from_str::<Value>(&excerpt).ok().and_then(|body| upstream_message(&body));
    let message = match upstream_message {
        Some(m) => format!("the upstream answered {status}: {m}"),
        None => format!("the upstream answered {status}"),
    };
    let retryable = matches!(status, 408 | 429 | 500..=599);
    ConnectorError::new(code, message)
        .with_status(status)
        .with_retryable(retryable)
        .with_details(serde_json::json!({ "upstream_status": status, "upstream_body": excerpt }))
}

/// The human message of a JSON error body, in the shapes APIs commonly use.
fn upstream_message(body: &Value) -> Option<String> {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    ["message", "error_description", "description", "detail"]
        .iter()
        .find_map(|k| body.get(k).and_then(text))
        .or_else(|| body.get("error").and_then(|e| text(e).or_else(|| e.get("message").and_then(text))))
        .or_else(|| body.pointer("/errors/0/message").and_then(text))
}

/// The last error, noting how many attempts were made.
pub(crate) fn give_up(mut error: ConnectorError, attempts: u32) -> ConnectorError {
    if attempts > 1 {
        error.message = format!("{} (gave up after {attempts} attempts)", error.message);
    }
    if let Value::Object(details) = &mut error.details {
        details.insert("attempts".into(), attempts.into());
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_messages_in_common_shapes() {
        use serde_json::json;
        assert_eq!(upstream_message(&json!({"message": "a"})).as_deref(), Some("a"));
        assert_eq!(upstream_message(&json!({"error": {"message": "b"}})).as_deref(), Some("b"));
        assert_eq!(upstream_message(&json!({"error": "c"})).as_deref(), Some("c"));
        assert_eq!(upstream_message(&json!({"errors": [{"message": "d"}]})).as_deref(), Some("d"));
    }

    #[test]
    fn giving_up_counts_the_attempts() {
        let error = ConnectorError::internal("boom").with_details(serde_json::json!({}));
        let error = give_up(error, 3);
        assert!(error.message.ends_with("(gave up after 3 attempts)"), "{}", error.message);
        assert_eq!(error.details["attempts"], 3);
        assert_eq!(give_up(ConnectorError::internal("once"), 1).message, "once");
    }
}
