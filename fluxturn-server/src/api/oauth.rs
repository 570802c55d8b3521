//! OAuth2 routes: authorization URL, the provider's callback, refresh, revoke, status.

use super::error::{ApiError, InternalErrorCause};
use crate::app::AppState;
use crate::error::ApiCode;
use crate::oauth::RefreshReason;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// `GET /api/v1/connectors/{id}/oauth/url`.
pub async fn url(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.oauth.authorization_url(&id).await?))
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

/// `POST /api/v1/connectors/{id}/oauth/refresh`.
pub async fn refresh(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    state.oauth.refresh(&id, RefreshReason::Requested).await?;
    Ok(Json(state.oauth.status(&id).await?))
}

/// `POST /api/v1/connectors/{id}/oauth/revoke`.
pub async fn revoke(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.oauth.revoke(&id).await?))
}

/// `GET /api/v1/connectors/{id}/oauth/status`.
pub async fn status(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.oauth.status(&id).await?))
}
