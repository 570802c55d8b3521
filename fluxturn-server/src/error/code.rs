//! The catalogue of error codes: the stable, machine-readable `code` of every API error body.

use serde::{Serialize, Serializer};

/// The `code` an API error body carries. The HTTP status of each is chosen in one place,
/// `api::error`; [`ServiceError::code`](super::ServiceError::code) names the code of each
/// service failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiCode {
    /// `not_found`: no such connector type, configuration, action or route.
    NotFound,
    /// `credentials_unreadable`: the current encryption key cannot decrypt the stored credentials.
    CredentialsUnreadable,
    /// `validation_failed`: a body, configuration or action input is invalid, field by field.
    ValidationFailed,
    /// `oauth_not_supported`: the connector does not use OAuth2.
    OAuthNotSupported,
    /// `oauth_not_configured`: no OAuth2 client is known for the connector.
    OAuthNotConfigured,
    /// `needs_authorization`: an OAuth2 configuration was never authorized.
    NeedsAuthorization,
    /// `needs_reauthorization`: the OAuth2 token expired or was rejected and cannot be refreshed.
    NeedsReauthorization,
    /// `oauth_failed`: the OAuth2 callback could not complete the authorization.
    OAuthFailed,
    /// `unauthorized`: the request lacks the API token, or carries a wrong one.
    Unauthorized,
    /// `invalid_body`: the request body could not be read.
    InvalidBody,
    /// `invalid_json`: the request body is not JSON.
    InvalidJson,
    /// `body_too_large`: the request body is over the size limit.
    BodyTooLarge,
    /// `internal`: a failure inside the server; the server log has the details.
    Internal,
    /// A connector's own error code (`unauthorized`, `rate_limited`, `timeout`, ...).
    Connector(fluxturn_core::ErrorCode),
}

impl ApiCode {
    /// The snake_case name in JSON bodies.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::CredentialsUnreadable => "credentials_unreadable",
            Self::ValidationFailed => "validation_failed",
            Self::OAuthNotSupported => "oauth_not_supported",
            Self::OAuthNotConfigured => "oauth_not_configured",
            Self::NeedsAuthorization => "needs_authorization",
            Self::NeedsReauthorization => "needs_reauthorization",
            Self::OAuthFailed => "oauth_failed",
            Self::Unauthorized => "unauthorized",
            Self::InvalidBody => "invalid_body",
            Self::InvalidJson => "invalid_json",
            Self::BodyTooLarge => "body_too_large",
            Self::Internal => "internal",
            Self::Connector(code) => code.as_str(),
        }
    }
}

impl std::fmt::Display for ApiCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ApiCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
