//! What can go wrong in the services (configurations, connections, OAuth2), in domain terms.
//! The services know nothing of HTTP: `api::error` gives each failure its status, once.

mod code;

pub use code::ApiCode;

use crate::crypto::DecryptError;
use fluxturn_core::{ConnectorError, ErrorCode, FieldError};

/// What a client is told about a failure inside the server; the cause goes to the log.
pub const INTERNAL_MESSAGE: &str = "internal server error; the server log has the details";

/// A failure of a service operation. Its `Display` is the message a client may read, except for
/// [`Storage`](Self::Storage) and [`Internal`](Self::Internal), whose `Display` is the cause
/// for the log (see [`public_message`](Self::public_message)). No variant holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No connector of this name is registered.
    #[error("unknown connector type `{name}`{}", known_types(known.as_deref()))]
    UnknownConnectorType {
        /// The name asked for.
        name: String,
        /// The registered names, when the message lists them (the OAuth2 routes never have).
        known: Option<Vec<String>>,
    },
    /// No configuration with this id is stored.
    #[error("no connector configuration with id `{id}`")]
    ConfigurationNotFound {
        /// The id asked for.
        id: String,
    },
    /// The connector has no action with this id.
    #[error("connector `{connector}` has no action `{action}`; valid actions: {}", valid.join(", "))]
    UnknownAction {
        /// The connector's name.
        connector: String,
        /// The action asked for.
        action: String,
        /// The connector's action ids.
        valid: Vec<String>,
    },
    /// The stored credentials cannot be read with the current encryption key.
    #[error("configuration `{id}`: {source}")]
    CredentialsUnreadable {
        /// The configuration's id.
        id: String,
        /// Why decryption failed.
        source: DecryptError,
    },
    /// The configuration's name, credential keys or settings are invalid.
    #[error("invalid configuration")]
    InvalidConfiguration {
        /// One entry per offending field.
        errors: Vec<FieldError>,
    },
    /// The connector rejected the credentials it was given (a required one missing or malformed).
    #[error("{message}")]
    InvalidCredentials {
        /// The connector's message.
        message: String,
        /// One entry per offending credential.
        errors: Vec<FieldError>,
    },
    /// An action's input does not match its JSON Schema.
    #[error("invalid input for `{action}`")]
    InvalidInput {
        /// The action id.
        action: String,
        /// One entry per violation.
        errors: Vec<FieldError>,
    },
    /// An OAuth2 operation on a connector that does not use OAuth2.
    #[error("connector `{connector}` does not use OAuth2")]
    OAuthNotSupported {
        /// The connector's name.
        connector: String,
    },
    /// Neither the server nor the configuration has an OAuth2 client for the connector.
    #[error(
        "no OAuth2 client for `{connector}`: set {client_id_variable} and {client_secret_variable}, or give the configuration its own clientId/clientSecret"
    )]
    OAuthNotConfigured {
        /// The connector's name.
        connector: String,
        /// The environment variable of the client id.
        client_id_variable: String,
        /// The environment variable of the client secret.
        client_secret_variable: String,
    },
    /// An OAuth2-only configuration that was never authorized.
    #[error("configuration `{id}` is not authorized yet: send the user to GET /api/v1/connectors/{id}/oauth/url")]
    NotAuthorizedYet {
        /// The configuration's id.
        id: String,
    },
    /// The access token expired or was rejected, and there is no refresh token.
    #[error("the access token expired or was rejected and there is no refresh token; authorize again")]
    NoRefreshToken,
    /// The provider refused to refresh the access token.
    #[error("refreshing the access token failed ({provider_answer}); authorize again")]
    RefreshFailed {
        /// What the provider answered, without secrets.
        provider_answer: String,
    },
    /// The OAuth2 callback could not complete the authorization: a missing, unknown, used or
    /// expired `state`, the provider's refusal, or a failed code exchange.
    #[error("{reason}")]
    AuthorizationFailed {
        /// What went wrong, without secrets.
        reason: String,
    },
    /// No trigger registration with this id (or not of this connector, or not a webhook).
    #[error("no active trigger registration `{id}`")]
    RegistrationNotFound {
        /// The id asked for.
        id: String,
    },
    /// The connector has no trigger with this id.
    #[error("connector `{connector}` has no trigger `{trigger}`; valid triggers: {}", if valid.is_empty() { "none".to_owned() } else { valid.join(", ") })]
    UnknownTrigger {
        /// The connector's name.
        connector: String,
        /// The trigger asked for.
        trigger: String,
        /// The connector's trigger ids.
        valid: Vec<String>,
    },
    /// The provider refused to remove a registration's webhook; the registration is kept and
    /// the removal retried.
    #[error("the webhook of trigger registration `{id}` could not be removed at the provider ({reason}); the registration is kept (status `deleting`) and the removal is retried")]
    UnsubscribeFailed {
        /// The registration.
        id: String,
        /// The provider's answer, without secrets.
        reason: String,
    },
    /// A webhook delivery failed its signature check, or cannot be checked.
    #[error("{reason}")]
    WebhookRejected {
        /// Why, without the secret.
        reason: String,
    },
    /// A login, refresh or session token was refused (single-operator mode).
    #[error("Unauthorized: {reason}")]
    NotSignedIn {
        /// Why, without the token.
        reason: String,
    },
    /// No workflow with this id.
    #[error("no workflow with id `{id}`")]
    WorkflowNotFound {
        /// The id asked for.
        id: String,
    },
    /// No execution with this id.
    #[error("no execution with id `{id}`")]
    ExecutionNotFound {
        /// The id asked for.
        id: String,
    },
    /// The workflow cannot be activated or run as it is: one entry per node and field.
    #[error("the workflow cannot run as it is: {}", summary(errors))]
    WorkflowInvalid {
        /// One entry per problem (`field` names the node, and the parameter when there is one).
        errors: Vec<FieldError>,
    },
    /// The request does not fit the current state (cancelling a finished execution…).
    #[error("{reason}")]
    Conflict {
        /// What does not fit, and what to do.
        reason: String,
    },
    /// The connector, or the upstream behind it, failed.
    #[error("{}", .0.message)]
    Connector(#[from] ConnectorError),
    /// The database failed.
    #[error("database: {0}")]
    Storage(#[from] sqlx::Error),
    /// Anything else that should not happen (credentials that are not JSON, a declared URL that
    /// is not a URL).
    #[error("{0}")]
    Internal(String),
}

/// The first problems of a workflow, for its message.
fn summary(errors: &[FieldError]) -> String {
    let shown: Vec<String> = errors.iter().take(3).map(|e| format!("{}: {}", e.field, e.message)).collect();
    let more = errors.len().saturating_sub(3);
    if more > 0 {
        format!("{} (and {more} more)", shown.join("; "))
    } else {
        shown.join("; ")
    }
}

/// `"; known types: a, b"`, or nothing when the names are not listed.
fn known_types(known: Option<&[String]>) -> String {
    known.map(|names| format!("; known types: {}", names.join(", "))).unwrap_or_default()
}

impl ServiceError {
    /// The code of this failure in API bodies.
    pub fn code(&self) -> ApiCode {
        match self {
            Self::UnknownConnectorType { .. }
            | Self::ConfigurationNotFound { .. }
            | Self::UnknownAction { .. }
            | Self::RegistrationNotFound { .. }
            | Self::UnknownTrigger { .. }
            | Self::WorkflowNotFound { .. }
            | Self::ExecutionNotFound { .. } => ApiCode::NotFound,
            Self::Conflict { .. } => ApiCode::Conflict,
            Self::WebhookRejected { .. } => ApiCode::WebhookUnverified,
            Self::UnsubscribeFailed { .. } => ApiCode::Connector(ErrorCode::Upstream),
            Self::CredentialsUnreadable { .. } => ApiCode::CredentialsUnreadable,
            Self::InvalidConfiguration { .. }
            | Self::InvalidCredentials { .. }
            | Self::InvalidInput { .. }
            | Self::WorkflowInvalid { .. } => ApiCode::ValidationFailed,
            Self::OAuthNotSupported { .. } => ApiCode::OAuthNotSupported,
            Self::OAuthNotConfigured { .. } => ApiCode::OAuthNotConfigured,
            Self::NotAuthorizedYet { .. } => ApiCode::NeedsAuthorization,
            Self::NoRefreshToken | Self::RefreshFailed { .. } => ApiCode::NeedsReauthorization,
            Self::AuthorizationFailed { .. } => ApiCode::OAuthFailed,
            Self::NotSignedIn { .. } => ApiCode::Unauthorized,
            Self::Connector(error) => ApiCode::Connector(error.code),
            Self::Storage(_) | Self::Internal(_) => ApiCode::Internal,
        }
    }

    /// The cause of a failure inside the server, for the log; `None` for every other failure.
    pub fn internal_cause(&self) -> Option<String> {
        matches!(self, Self::Storage(_) | Self::Internal(_)).then(|| self.to_string())
    }

    /// What a client may read: the `Display`, or [`INTERNAL_MESSAGE`] for a failure inside the
    /// server.
    pub fn public_message(&self) -> String {
        match self.internal_cause() {
            Some(_) => INTERNAL_MESSAGE.to_owned(),
            None => self.to_string(),
        }
    }

    /// The field errors of a validation failure.
    pub fn field_errors(&self) -> Option<&[FieldError]> {
        match self {
            Self::InvalidConfiguration { errors }
            | Self::InvalidCredentials { errors, .. }
            | Self::InvalidInput { errors, .. }
            | Self::WorkflowInvalid { errors } => Some(errors),
            _ => None,
        }
    }

    /// The same failure with the known connector types left out of its message (what the
    /// OAuth2 routes have always said).
    pub fn without_known_types(self) -> Self {
        match self {
            Self::UnknownConnectorType { name, .. } => Self::UnknownConnectorType { name, known: None },
            other => other,
        }
    }
}

impl From<ServiceError> for ConnectorError {
    /// What a connector's `Http` sees when refreshing its OAuth2 token failed: `unauthorized`,
    /// with the service's code under `details.oauth`. A connector error passes through as it is.
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Connector(error) => error,
            other => ConnectorError::new(ErrorCode::Unauthorized, other.public_message())
                .with_details(serde_json::json!({ "oauth": other.code() })),
        }
    }
}
