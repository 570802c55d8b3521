//! OAuth2 routes: authorization URL, the provider's callback, refresh, revoke, status.

use super::error::{ApiError, InternalErrorCause};
use super::json::{ApiJson, JsonOf};
use super::oauth_page::{self, wants_html, Ending};
use super::openapi::failures::{failures, BODY, OAUTH, STORED, TOKEN};
use super::openapi::{params, public};
use crate::app::AppState;
use crate::error::ApiCode;
use crate::oauth::RefreshReason;
use aide::transform::TransformOperation;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::JsonSchema;
use serde::Deserialize;
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
    /// The same (the name FluxTurn's frontend reads).
    pub authorization_url: String,
    /// Where the provider will send the browser back: this server's callback, or the
    /// frontend's page (from `config.redirect_uri`), which posts the code to
    /// `POST /api/v1/connectors/{id}/oauth/callback`.
    pub redirect_uri: String,
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

/// The callback's answer when no frontend URL is configured, and the posted callback's.
#[derive(serde::Serialize, JsonSchema)]
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

/// `GET /api/v1/connectors/oauth/callback` (and FluxTurn's per-provider paths): public,
/// authenticated by the single-use `state`. A browser (`Accept: text/html`) gets the page of
/// `oauth_page`, which tells the popup's opener or goes back to the frontend; an API client is
/// redirected to the frontend (`?oauth=success|error&connector_id=..&error=..`) when one is
/// configured, else answered with JSON.
pub async fn callback(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let (id, outcome) = state.oauth.callback(&params).await;
    ending(&state, &headers, id, outcome)
}

/// The same for FluxTurn's `/api/oauth/{provider}/callback` paths (the state says which
/// configuration it is; the provider segment is not needed).
pub async fn provider_callback(
    State(state): State<Arc<AppState>>,
    Path(_provider): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    callback(State(state), headers, Query(params)).await
}

/// How a public OAuth2 browser route answers its outcome (see [`callback`]).
fn ending(
    state: &AppState,
    headers: &HeaderMap,
    id: Option<String>,
    outcome: Result<(), crate::error::ServiceError>,
) -> Response {
    // Every failure of the public routes is `oauth_failed`, whatever went wrong.
    let outcome = outcome.map_err(|error| ApiError {
        code: ApiCode::OAuthFailed,
        details: json!({ "connector_id": id }),
        retryable: false,
        ..ApiError::from(error)
    });
    let back = state.frontend_url.as_deref().map(|frontend| {
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
        target.to_string()
    });
    let mut response = if wants_html(headers) {
        let error = outcome.as_ref().err().map(|e| e.message.as_str());
        let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
        let origin = state.frontend_url.as_deref().and_then(crate::oauth::origin_of);
        oauth_page::page(&Ending { connector_id: id.as_deref(), error }, origin.as_deref(), back.as_deref(), status)
    } else {
        match (&back, &outcome) {
            (Some(back), _) => (StatusCode::SEE_OTHER, [(header::LOCATION, back.clone())]).into_response(),
            (None, Ok(())) => Json(json!({ "success": true, "connector_id": id })).into_response(),
            (None, Err(_)) => return outcome.unwrap_err().into_response(),
        }
    };
    if let Err(ApiError { internal_cause: Some(cause), .. }) = outcome {
        response.extensions_mut().insert(InternalErrorCause(cause));
    }
    response
}

/// The browser routes' answers, documented once.
fn browser_answers(op: TransformOperation<'_>) -> TransformOperation<'_> {
    public(op)
        .response_with::<200, Json<Connected>, _>(|r| {
            r.description(
                "Connected: JSON (no FLUXTURN_FRONTEND_URL configured), or for `Accept: text/html` a page that posts \
                 `{type: 'oauth_success', credentialId}` to its opener",
            )
        })
        .response_with::<303, (), _>(|r| {
            r.description("Back to FLUXTURN_FRONTEND_URL with `?oauth=success|error&connector_id=..&error=..`")
        })
}

/// The docs of [`callback`].
pub fn callback_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = browser_answers(op)
        .id("oauth_callback")
        .tag(TAG)
        .summary("The provider redirects here; the single-use state authenticates the request (no API token)");
    failures(callback_params(op), [ApiCode::OAuthFailed])
}

/// The docs of [`provider_callback`] at `path`.
pub fn provider_callback_docs<'t>(op: TransformOperation<'t>, path: &str) -> TransformOperation<'t> {
    let id = if path.starts_with("/api/v1/") { "oauth_provider_callback_v1" } else { "oauth_provider_callback" };
    let op = browser_answers(op)
        .id(id)
        .tag(TAG)
        .summary("FluxTurn's per-provider redirect URI: the same as /api/v1/connectors/oauth/callback");
    failures(params::provider(callback_params(op)), [ApiCode::OAuthFailed])
}

fn callback_params(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = params::query(op, "state", false, "The state of `GET .../oauth/url` (without it: 400)");
    let op = params::query(op, "code", false, "The provider's authorization code");
    let op = params::query(op, "error", false, "The provider's refusal");
    params::query(op, "error_description", false, "The provider's words about it")
}

/// `POST /api/v1/connectors/{id}/oauth/callback`'s body: what the provider gave FluxTurn's
/// `/oauth/callback` page.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostedCallback {
    /// The provider's authorization code.
    pub code: String,
    /// The state of `GET .../oauth/url`.
    pub state: String,
    /// A PKCE verifier the client made; used only when the server keeps none for this state.
    #[serde(default)]
    pub code_verifier: Option<String>,
}

/// `POST /api/v1/connectors/{id}/oauth/callback`.
pub async fn callback_post(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PostedCallback>,
) -> Result<Json<Connected>, ApiError> {
    let posted = state.oauth.callback_posted(&id, &body.code, &body.state, body.code_verifier.as_deref()).await;
    posted.map_err(|error| ApiError {
        code: ApiCode::OAuthFailed,
        details: json!({ "connector_id": id }),
        retryable: false,
        ..ApiError::from(error)
    })?;
    Ok(Json(Connected { success: true, connector_id: Some(id) }))
}

/// The docs of [`callback_post`].
pub fn callback_post_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("oauth_callback_post").tag(TAG).summary(
        "Finish the authorization with the code and state the provider handed the frontend's /oauth/callback page",
    );
    failures(params::configuration_id(op), [TOKEN, BODY, &[ApiCode::OAuthFailed]].concat())
}

/// `GET /api/v1/oauth/{provider}/authorize`'s query, as FluxTurn's one-click button sends it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OneClick {
    /// The configuration just created for this authorization.
    pub credential_id: Option<String>,
    /// FluxTurn's user id (ignored: there is one operator).
    pub user_id: Option<String>,
    /// The connector type (checked against the configuration's when given).
    pub connector_type: Option<String>,
}

/// `GET /api/v1/oauth/{provider}/authorize`: public (a popup cannot send the token). Redirects to
/// the provider when the configuration is new (see `OAuthService::authorize_new`).
pub async fn authorize(
    State(state): State<Arc<AppState>>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    Query(query): Query<OneClick>,
) -> Response {
    let outcome = async {
        let id = query.credential_id.as_deref().filter(|id| !id.is_empty()).ok_or_else(|| {
            crate::error::ServiceError::AuthorizationFailed { reason: "`credentialId` is missing".into() }
        })?;
        if let Some(connector) = query.connector_type.as_deref().filter(|c| !c.is_empty()) {
            if !state.catalogue.registry().names().any(|name| name == connector) {
                return Err(crate::error::ServiceError::AuthorizationFailed {
                    reason: format!("unknown connectorType `{connector}`"),
                });
            }
        }
        state.oauth.authorize_new(&provider, id).await
    }
    .await;
    match outcome {
        Ok(url) => (StatusCode::SEE_OTHER, [(header::LOCATION, url)]).into_response(),
        Err(error) => ending(&state, &headers, query.credential_id.clone(), Err(error)),
    }
}

/// The docs of [`authorize`].
pub fn authorize_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = public(op)
        .id("oauth_authorize")
        .tag(TAG)
        .summary(
            "FluxTurn's one-click authorization (no API token): only for a configuration created in the last 10 minutes \
             and never connected",
        )
        .response_with::<303, (), _>(|r| r.description("To the provider's authorization page"));
    failures(params::provider(op), [ApiCode::OAuthFailed])
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
