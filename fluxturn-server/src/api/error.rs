//! Every API error, mapped to a status and a JSON body in one place.

use crate::error::{ApiCode, ServiceError};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use fluxturn_core::ErrorCode;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Value};

/// An error an API handler returns: `{"success": false, "error": {code, message, ...}}`.
#[derive(Debug)]
pub struct ApiError {
    /// Stable machine-readable code; it decides the HTTP status.
    pub code: ApiCode,
    /// Human-readable message, free of secrets.
    pub message: String,
    /// Structured details (field errors, the upstream's status and body, ...).
    pub details: Value,
    /// Whether retrying later may succeed.
    pub retryable: bool,
    /// The cause of a failure inside the server: logged (see `api::error_log`), never sent.
    pub internal_cause: Option<String>,
}

/// The cause of an internal error, carried on its response to the logging middleware.
#[derive(Debug, Clone)]
pub struct InternalErrorCause(pub String);

impl ApiError {
    /// An error with this code and message.
    pub fn new(code: ApiCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), details: Value::Null, retryable: false, internal_cause: None }
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ApiCode::NotFound, message)
    }

    /// 422 `validation_failed` with one entry per offending field.
    pub fn validation(message: impl Into<String>, errors: Vec<fluxturn_core::FieldError>) -> Self {
        Self { details: json!({ "errors": errors }), ..Self::new(ApiCode::ValidationFailed, message) }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        status(self.code)
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "Error")]
pub struct ErrorBody {
    /// Always `false`.
    #[schemars(extend("const" = false))]
    pub success: bool,
    /// The message again, at the top level: FluxTurn's frontend shows `message || error`.
    pub message: String,
    /// The HTTP status again, as FluxTurn's frontend reads it (`statusCode`).
    #[serde(rename = "statusCode")]
    pub status_code: u16,
    /// What went wrong.
    pub error: ErrorDetails,
}

/// The `error` of an error body.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorDetails {
    /// Stable machine-readable code (the responses of each operation list theirs).
    pub code: String,
    /// Human-readable message, free of secrets.
    pub message: String,
    /// Whether retrying later may succeed.
    pub retryable: bool,
    /// Field errors of a validation failure (`errors: [{field, message}]`), or a connector's
    /// details (the upstream's status and body, ...).
    #[serde(skip_serializing_if = "Value::is_null")]
    #[schemars(default, schema_with = "details_schema")]
    pub details: Value,
}

/// `details`: any object (a validation failure's holds `errors`).
fn details_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let errors = generator.subschema_for::<Vec<fluxturn_core::FieldError>>();
    schemars::json_schema!({ "type": "object", "properties": { "errors": errors } })
}

/// The HTTP status of each code. Connector errors say whose fault it is: 422 for bad input, 424
/// when the upstream rejected the stored credentials, 429 when it throttled us, 504 on a
/// timeout, 502 for other upstream failures.
pub fn status(code: ApiCode) -> StatusCode {
    match code {
        ApiCode::NotFound => StatusCode::NOT_FOUND,
        // The request is well formed; the configuration's connector type has no OAuth2.
        ApiCode::CredentialsUnreadable | ApiCode::OAuthNotSupported | ApiCode::Conflict => StatusCode::CONFLICT,
        ApiCode::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
        ApiCode::OAuthNotConfigured | ApiCode::OAuthFailed => StatusCode::BAD_REQUEST,
        ApiCode::NeedsAuthorization | ApiCode::NeedsReauthorization => StatusCode::FAILED_DEPENDENCY,
        ApiCode::Unauthorized | ApiCode::WebhookUnverified => StatusCode::UNAUTHORIZED,
        ApiCode::InvalidBody | ApiCode::InvalidJson => StatusCode::BAD_REQUEST,
        ApiCode::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ApiCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ApiCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ApiCode::Connector(code) => match code {
            ErrorCode::InvalidInput | ErrorCode::InvalidCredentials => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Unauthorized | ErrorCode::Forbidden => StatusCode::FAILED_DEPENDENCY,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Timeout => StatusCode::GATEWAY_TIMEOUT,
            ErrorCode::Connection | ErrorCode::Upstream | ErrorCode::InvalidResponse => StatusCode::BAD_GATEWAY,
            ErrorCode::NotSupported => StatusCode::NOT_IMPLEMENTED,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        },
    }
}

impl From<ServiceError> for ApiError {
    /// Validation failures list their fields under `details.errors`; connector errors keep their
    /// code, message, retryability and details, with the upstream's status added; a failure
    /// inside the server shows a generic message and keeps its cause for the log.
    fn from(error: ServiceError) -> Self {
        let code = error.code();
        let message = error.public_message();
        let internal_cause = error.internal_cause();
        let (details, retryable) = match error {
            ServiceError::Connector(error) => {
                let mut details = error.details;
                if let Value::Object(map) = &mut details {
                    map.entry("upstream_status").or_insert(json!(error.status));
                }
                (details, error.retryable)
            }
            other => (other.field_errors().map_or(Value::Null, |errors| json!({ "errors": errors })), false),
        };
        Self { code, message, details, retryable, internal_cause }
    }
}

/// Each route documents its own failures (`openapi::failures`): nothing is inferred from the type.
impl aide::OperationOutput for ApiError {
    type Inner = ErrorBody;
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let error = ErrorDetails {
            code: self.code.to_string(),
            message: self.message.clone(),
            retryable: self.retryable,
            details: self.details,
        };
        let body = ErrorBody { success: false, message: self.message, status_code: status.as_u16(), error };
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        if let Some(cause) = self.internal_cause {
            response.extensions_mut().insert(InternalErrorCause(cause));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::DecryptError;
    use fluxturn_core::{ConnectorError, FieldError};

    /// Status, code and message of a service error as a client sees them.
    fn seen(error: ServiceError) -> (u16, String, String) {
        let error = ApiError::from(error);
        (error.status().as_u16(), error.code.to_string(), error.message)
    }

    #[test]
    fn every_service_error_has_its_status_code_and_message() {
        let field = || vec![FieldError { field: "name".into(), message: "must not be empty".into() }];
        let cases = [
            (
                ServiceError::UnknownConnectorType { name: "nope".into(), known: Some(vec!["acme".into(), "b".into()]) },
                404,
                "not_found",
                "unknown connector type `nope`; known types: acme, b",
            ),
            (
                ServiceError::UnknownConnectorType { name: "nope".into(), known: None },
                404,
                "not_found",
                "unknown connector type `nope`",
            ),
            (
                ServiceError::ConfigurationNotFound { id: "c1".into() },
                404,
                "not_found",
                "no connector configuration with id `c1`",
            ),
            (
                ServiceError::UnknownAction { connector: "acme".into(), action: "fax".into(), valid: vec!["send".into()] },
                404,
                "not_found",
                "connector `acme` has no action `fax`; valid actions: send",
            ),
            (
                ServiceError::CredentialsUnreadable { id: "c1".into(), source: DecryptError::UnknownFormat(9) },
                409,
                "credentials_unreadable",
                "configuration `c1`: the stored credentials have an unknown format (version byte 9)",
            ),
            (ServiceError::InvalidConfiguration { errors: field() }, 422, "validation_failed", "invalid configuration"),
            (
                ServiceError::InvalidCredentials { message: "acme: missing apiKey".into(), errors: field() },
                422,
                "validation_failed",
                "acme: missing apiKey",
            ),
            (
                ServiceError::InvalidInput { action: "send".into(), errors: field() },
                422,
                "validation_failed",
                "invalid input for `send`",
            ),
            (
                ServiceError::OAuthNotSupported { connector: "acme".into() },
                409,
                "oauth_not_supported",
                "connector `acme` does not use OAuth2",
            ),
            (
                ServiceError::OAuthNotConfigured {
                    connector: "cloudy".into(),
                    client_id_variable: "CLOUDY_OAUTH_CLIENT_ID".into(),
                    client_secret_variable: "CLOUDY_OAUTH_CLIENT_SECRET".into(),
                },
                400,
                "oauth_not_configured",
                "no OAuth2 client for `cloudy`: set CLOUDY_OAUTH_CLIENT_ID and CLOUDY_OAUTH_CLIENT_SECRET, or give the configuration its own clientId/clientSecret",
            ),
            (
                ServiceError::NotAuthorizedYet { id: "c1".into() },
                424,
                "needs_authorization",
                "configuration `c1` is not authorized yet: send the user to GET /api/v1/connectors/c1/oauth/url",
            ),
            (
                ServiceError::NoRefreshToken,
                424,
                "needs_reauthorization",
                "the access token expired or was rejected and there is no refresh token; authorize again",
            ),
            (
                ServiceError::RefreshFailed { provider_answer: "the provider answered `invalid_grant`".into() },
                424,
                "needs_reauthorization",
                "refreshing the access token failed (the provider answered `invalid_grant`); authorize again",
            ),
            (ServiceError::AuthorizationFailed { reason: "no state".into() }, 400, "oauth_failed", "no state"),
            (
                ServiceError::Connector(ConnectorError::new(ErrorCode::RateLimited, "slow down")),
                429,
                "rate_limited",
                "slow down",
            ),
            (
                ServiceError::Connector(ConnectorError::new(ErrorCode::Unauthorized, "bad key")),
                424,
                "unauthorized",
                "bad key",
            ),
            (ServiceError::Storage(sqlx::Error::PoolClosed), 500, "internal", crate::error::INTERNAL_MESSAGE),
            (ServiceError::Internal("not JSON".into()), 500, "internal", crate::error::INTERNAL_MESSAGE),
        ];
        for (error, status, code, message) in cases {
            let shown = format!("{error:?}");
            assert_eq!(seen(error), (status, code.to_owned(), message.to_owned()), "{shown}");
        }
    }

    #[test]
    fn validation_details_connector_details_and_internal_causes() {
        let errors = vec![FieldError { field: "name".into(), message: "must not be empty".into() }];
        let validation = ApiError::from(ServiceError::InvalidConfiguration { errors });
        assert_eq!(validation.details, json!({ "errors": [{ "field": "name", "message": "must not be empty" }] }));
        let upstream = ConnectorError::new(ErrorCode::Timeout, "too slow").with_details(json!({ "body": "..." }));
        let timeout = ApiError::from(ServiceError::Connector(upstream));
        assert_eq!((timeout.details, timeout.retryable), (json!({ "body": "...", "upstream_status": 504 }), true));
        let internal = ApiError::from(ServiceError::Internal("configuration c1 is broken".into()));
        assert_eq!(internal.internal_cause.as_deref(), Some("configuration c1 is broken"));
        assert!(ApiError::from(ServiceError::NoRefreshToken).internal_cause.is_none());
    }
}
