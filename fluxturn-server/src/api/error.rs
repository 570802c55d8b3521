//! Every API error, mapped to a status and a JSON body in one place.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use fluxturn_core::{ConnectorError, ErrorCode, FieldError};
use serde_json::{json, Value};

/// An error an API handler returns: `{"success": false, "error": {code, message, ...}}`.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: String,
    /// Human-readable message, free of secrets.
    pub message: String,
    /// Structured details (field errors, the upstream's status and body, ...).
    pub details: Value,
    /// Whether retrying later may succeed.
    pub retryable: bool,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self { status, code: code.to_owned(), message: message.into(), details: Value::Null, retryable: false }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 400: a body that is not JSON, or a request that makes no sense.
    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422 with one entry per offending field.
    pub fn validation(message: impl Into<String>, errors: Vec<FieldError>) -> Self {
        Self {
            details: json!({ "errors": errors }),
            ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", message)
        }
    }

    /// 500: logs the cause; the client sees a generic message.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal server error; the server log has the details",
        )
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::internal(format!("database: {error}"))
    }
}

impl From<ConnectorError> for ApiError {
    /// Connector errors keep their code and details; the status says whose fault it is:
    /// 422 for bad input, 424 when the upstream rejected the stored credentials, 429 when it
    /// throttled us, 504 on a timeout, 502 for other upstream failures.
    fn from(error: ConnectorError) -> Self {
        let status = match error.code {
            ErrorCode::InvalidInput | ErrorCode::InvalidCredentials => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Unauthorized | ErrorCode::Forbidden => StatusCode::FAILED_DEPENDENCY,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Timeout => StatusCode::GATEWAY_TIMEOUT,
            ErrorCode::Connection | ErrorCode::Upstream | ErrorCode::InvalidResponse => StatusCode::BAD_GATEWAY,
            ErrorCode::NotSupported => StatusCode::NOT_IMPLEMENTED,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let mut details = error.details;
        if let Value::Object(map) = &mut details {
            map.entry("upstream_status").or_insert(json!(error.status));
        }
        Self {
            status,
            code: error.code.as_str().to_owned(),
            message: error.message,
            details,
            retryable: error.retryable,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "code": self.code, "message": self.message, "retryable": self.retryable });
        if !self.details.is_null() {
            body["details"] = self.details;
        }
        let mut response = (self.status, axum::Json(json!({ "success": false, "error": body }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
