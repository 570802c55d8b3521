//! OAuth2 routes: authorization URL, the provider's callback, refresh, revoke, status.

use super::error::{ApiError, InternalErrorCause};
use super::json::JsonOf;
use super::openapi::failures::{failures, OAUTH, STORED, TOKEN};
use super::openapi::{params, public};
use crate::app::AppState;
use crate::error::ApiCode;
use crate::oauth::RefreshReason;
use aide::transform::TransformOperation;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::JsonSchema;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The tag of these operations.
const TAG: &str = "oauth";

/// Where to send the user (built by `OAuthService::authorization_url`).
#[derive(JsonSchema)]
pub struct AuthorizationUrl {
    /// The provider's authorization URL.
    pub url: String,
    /// The single-use `state` it carries.
    pub state: String,
    /// When the state expires (Unix seconds).
    pub expires_at: u64,
    /// Whether the URL carries a PKCE S256 challenge.
    pub pkce: bool,
}

/// A configuration's OAuth2 state (built by `OAuthService::status`).
#[derive(JsonSchema)]
pub struct OAuthStatus {
    /// `connected`, `not_connected`, `error`, `needs_reauthorization` or `revoked`.
    pub status: String,
    /// Whether calls can use a token now.
    pub connected: bool,
    /// The last failure, if any.
    pub error: Option<String>,
    /// When the access token expires (Unix seconds), if known.
    pub expires_at: Value,
    /// Whether a refresh token is stored.
    pub has_refresh_token: bool,
    /// The granted scopes, if the provider said.
    pub scope: Value,
}

/// The answer of `revoke`.
#[derive(JsonSchema)]
pub struct Revoked {
    /// Always `true`.
    pub success: bool,
    /// `revoked`.
    pub status: String,
}

/// The callback's answer when no frontend URL is configured.
#[derive(JsonSchema)]
pub struct Connected {
    /// Always `true` (a failure is an error response).
    pub success: bool,
    /// The configuration now connected.
    pub connector_id: Option<String>,
}

/// `GET /api/v1/connectors/{id}/oauth/url`.
pub async fn url(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<JsonOf<AuthorizationUrl>, ApiError> {
    Ok(JsonOf::new(state.oauth.authorization_url(&id).await?))
}

/// The docs of [`url`].
pub fn url_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("oauth_url").tag(TAG).summary(
        "The provider's authorization URL, with a single-use state (10 minutes) and a PKCE S256 challenge where the \
         connector declares it",
    );
    failures(params::configuration_id(op), [TOKEN, STORED, OAUTH].concat())
}

/// `GET /api/v1/connectors/oauth/callback`: public, authenticated by the single-use `state`.
/// Redirects to the frontend (`?oauth=success|error&connector_id=..&error=..`) when one is
/// configured, else answers with JSON.
pub async fn callback(State(state): State<Arc<AppState>>, Query(params): Query<HashMap<String, String>>) -> Response {
    let (id, outcome) = state.oauth.callback(&params).await;
    // Every failure of the callback is `oauth_failed`, whatever went wrong.
    let outcome = outcome.map_err(|error| ApiError {
        code: ApiCode::OAuthFailed,
        details: json!({ "connector_id": id }),
        retryable: false,
        ..ApiError::from(error)
    });
    let Some(frontend) = &state.frontend_url else {
        return match outcome {
            Ok(()) => Json(json!({ "success": true, "connector_id": id })).into_response(),
            Err(error) => error.into_response(),
        };
    };
    let mut target =
        url::Url::parse(frontend).unwrap_or_else(|_| url::Url::parse("http://localhost/").expect("static URL"));
    {
        let mut query = target.query_pairs_mut();
        query.append_pair("oauth", if outcome.is_ok() { "success" } else { "error" });
        if let Some(id) = &id {
            query.append_pair("connector_id", id);
        }
        if let Err(error) = &outcome {
            query.append_pair("error", &error.message);
        }
    }
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, target.to_string())]).into_response();
    if let Err(ApiError { internal_cause: Some(cause), .. }) = outcome {
        response.extensions_mut().insert(InternalErrorCause(cause));
    }
    response
}

/// The docs of [`callback`].
pub fn callback_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = public(op)
        .id("oauth_callback")
        .tag(TAG)
        .summary("The provider redirects here; the single-use state authenticates the request (no API token)")
        .response_with::<200, Json<Connected>, _>(|r| r.description("Connected (no FLUXTURN_FRONTEND_URL configured)"))
        .response_with::<303, (), _>(|r| {
            r.description("Back to FLUXTURN_FRONTEND_URL with `?oauth=success|error&connector_id=..&error=..`")
        });
    let op = params::query(op, "state", false, "The state of `GET .../oauth/url` (without it: 400)");
    let op = params::query(op, "code", false, "The provider's authorization code");
    let op = params::query(op, "error", false, "The provider's refusal");
    let op = params::query(op, "error_description", false, "The provider's words about it");
    failures(op, [ApiCode::OAuthFailed])
}

/// `POST /api/v1/connectors/{id}/oauth/refresh`.
pub async fn refresh(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<JsonOf<OAuthStatus>, ApiError> {
    state.oauth.refresh(&id, RefreshReason::Requested).await?;
    Ok(JsonOf::new(state.oauth.status(&id).await?))
}

/// The docs of [`refresh`].
pub fn refresh_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("oauth_refresh").tag(TAG).summary("Refresh the access token now");
    failures(params::configuration_id(op), [TOKEN, STORED, OAUTH, &[ApiCode::NeedsReauthorization]].concat())
}

/// `POST /api/v1/connectors/{id}/oauth/revoke`.
pub async fn revoke(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<JsonOf<Revoked>, ApiError> {
    Ok(JsonOf::new(state.oauth.revoke(&id).await?))
}

/// The docs of [`revoke`].
pub fn revoke_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("oauth_revoke").tag(TAG).summary("Forget the tokens (the configuration stays)");
    failures(params::configuration_id(op), [TOKEN, STORED, &[ApiCode::OAuthNotSupported]].concat())
}

/// `GET /api/v1/connectors/{id}/oauth/status`.
pub async fn status(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<JsonOf<OAuthStatus>, ApiError> {
    Ok(JsonOf::new(state.oauth.status(&id).await?))
}

/// The docs of [`status`].
pub fn status_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("oauth_status").tag(TAG).summary("Whether the configuration is connected, and until when");
    failures(params::configuration_id(op), [TOKEN, STORED, &[ApiCode::OAuthNotSupported]].concat())
}
