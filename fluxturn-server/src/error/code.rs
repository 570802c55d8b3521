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
    /// `webhook_unverified`: a webhook delivery failed its provider signature check.
    WebhookUnverified,
    /// `invalid_body`: the request body could not be read.
    InvalidBody,
    /// `invalid_json`: the request body is not JSON.
    InvalidJson,
    /// `body_too_large`: the request body is over the size limit.
    BodyTooLarge,
    /// `internal`: a failure inside the server; the server log has the details.
    Internal,
    /// `conflict`: the request does not fit the resource's state (cancelling a finished
    /// execution, retrying a running one).
    Conflict,
    /// `method_not_allowed`: a workflow's webhook takes another HTTP method.
    MethodNotAllowed,
    /// A connector's own error code (`unauthorized`, `rate_limited`, `timeout`, ...).
    Connector(fluxturn_core::ErrorCode),
}

impl ApiCode {
    /// The server's own codes; with [`ApiCode::every`] the connectors' too.
    pub const SERVER: [Self; 16] = [
        Self::NotFound,
        Self::CredentialsUnreadable,
        Self::ValidationFailed,
        Self::OAuthNotSupported,
        Self::OAuthNotConfigured,
        Self::NeedsAuthorization,
        Self::NeedsReauthorization,
        Self::OAuthFailed,
        Self::Unauthorized,
        Self::WebhookUnverified,
        Self::InvalidBody,
        Self::InvalidJson,
        Self::BodyTooLarge,
        Self::Internal,
        Self::Conflict,
        Self::MethodNotAllowed,
    ];

    /// Every code an API error body can carry: the server's, then each connector code.
    pub fn every() -> impl Iterator<Item = Self> {
        Self::SERVER.into_iter().chain(fluxturn_core::ErrorCode::ALL.map(Self::Connector))
    }

    /// The codes a connector call can end with (`ConnectorError` passed through).
    pub fn connector_codes() -> impl Iterator<Item = Self> {
        fluxturn_core::ErrorCode::ALL.into_iter().map(Self::Connector)
    }

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
            Self::WebhookUnverified => "webhook_unverified",
            Self::InvalidBody => "invalid_body",
            Self::InvalidJson => "invalid_json",
            Self::BodyTooLarge => "body_too_large",
            Self::Internal => "internal",
            Self::Conflict => "conflict",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Connector(code) => code.as_str(),
        }
    }
}

/// A compile-time reminder: a new code must be added to [`ApiCode::SERVER`] too (the test below
/// checks that the list holds every arm).
#[cfg(test)]
fn position(code: ApiCode) -> usize {
    match code {
        ApiCode::NotFound => 0,
        ApiCode::CredentialsUnreadable => 1,
        ApiCode::ValidationFailed => 2,
        ApiCode::OAuthNotSupported => 3,
        ApiCode::OAuthNotConfigured => 4,
        ApiCode::NeedsAuthorization => 5,
        ApiCode::NeedsReauthorization => 6,
        ApiCode::OAuthFailed => 7,
        ApiCode::Unauthorized => 8,
        ApiCode::WebhookUnverified => 9,
        ApiCode::InvalidBody => 10,
        ApiCode::InvalidJson => 11,
        ApiCode::BodyTooLarge => 12,
        ApiCode::Internal => 13,
        ApiCode::Conflict => 14,
        ApiCode::MethodNotAllowed => 15,
        ApiCode::Connector(_) => usize::MAX,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_list_holds_every_server_code_once_in_order() {
        for (index, code) in ApiCode::SERVER.into_iter().enumerate() {
            assert_eq!(position(code), index, "{code}");
        }
    }
}
