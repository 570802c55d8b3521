//! The one error type every connector call returns.

use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// `Result` with [`ConnectorError`] as its error.
pub type Result<T, E = ConnectorError> = std::result::Result<T, E>;

/// A stable, machine-readable error class. Serialized in snake_case (`"unauthorized"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input did not match the action's input type.
    InvalidInput,
    /// A required credential is missing or malformed.
    InvalidCredentials,
    /// The upstream rejected the credentials (401).
    Unauthorized,
    /// The credentials lack a permission (403).
    Forbidden,
    /// The upstream resource, or the requested action/trigger, does not exist.
    NotFound,
    /// The upstream throttled us (429).
    RateLimited,
    /// The upstream did not answer in time.
    Timeout,
    /// The upstream could not be reached.
    Connection,
    /// The upstream answered with an error we could not classify more precisely.
    Upstream,
    /// The upstream answered with a body we could not decode.
    InvalidResponse,
    /// The connector does not support what was asked (e.g. no test-connection call).
    NotSupported,
    /// A bug or an unexpected state inside FluxTurn.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order: what the API documents a connector call may answer.
    pub const ALL: [Self; 12] = [
        Self::InvalidInput,
        Self::InvalidCredentials,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::RateLimited,
        Self::Timeout,
        Self::Connection,
        Self::Upstream,
        Self::InvalidResponse,
        Self::NotSupported,
        Self::Internal,
    ];

    /// The snake_case name used in JSON bodies and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::RateLimited => "rate_limited",
            Self::Timeout => "timeout",
            Self::Connection => "connection",
            Self::Upstream => "upstream",
            Self::InvalidResponse => "invalid_response",
            Self::NotSupported => "not_supported",
            Self::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A structured connector error: what went wrong (`code`), in words (`message`), the HTTP
/// status that best describes it, whether retrying may help, and details (e.g. per-field errors
/// or the trimmed upstream body).
///
/// ```
/// use fluxturn_core::{ConnectorError, ErrorCode};
/// let err = ConnectorError::new(ErrorCode::NotFound, "no such channel");
/// assert_eq!(err.status, 404);
/// assert!(!err.retryable);
/// assert_eq!(err.to_string(), "not_found: no such channel");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectorError {
    /// The error class.
    pub code: ErrorCode,
    /// A human-readable message, free of secrets.
    pub message: String,
    /// The HTTP status that describes the error (the upstream's, or the closest fit).
    pub status: u16,
    /// Whether the same call may succeed if retried later.
    pub retryable: bool,
    /// Structured details: field errors, the upstream's (trimmed) body, valid ids, ...
    #[serde(skip_serializing_if = "Value::is_null")]
    pub details: Value,
}

impl ConnectorError {
    /// An error of class `code` with the default status and retryability of that class.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let (status, retryable) = match code {
            ErrorCode::InvalidInput => (422, false),
            ErrorCode::InvalidCredentials => (400, false),
            ErrorCode::Unauthorized => (401, false),
            ErrorCode::Forbidden => (403, false),
            ErrorCode::NotFound => (404, false),
            ErrorCode::RateLimited => (429, true),
            ErrorCode::Timeout => (504, true),
            ErrorCode::Connection => (502, true),
            ErrorCode::Upstream => (502, false),
            ErrorCode::InvalidResponse => (502, false),
            ErrorCode::NotSupported => (501, false),
            ErrorCode::Internal => (500, false),
        };
        Self { code, message: message.into(), status, retryable, details: Value::Null }
    }

    /// Replaces the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Replaces the retryable flag.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    /// Attaches structured details.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// An `invalid_input` error.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    /// An `invalid_credentials` error.
    pub fn invalid_credentials(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidCredentials, message)
    }

    /// An `internal` error.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ConnectorError {}
