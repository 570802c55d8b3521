//! The public catalogue: definitions (FluxTurn's `/definitions` and `/available` paths) and icons.

use super::error::ApiError;
use crate::app::AppState;
use crate::connector_types;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fluxturn_core::ConnectorDefinition;
use std::sync::Arc;

/// Every definition, from the bytes serialized at start-up; 304 when the ETag matches.
pub async fn list(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let (body, etag) = state.catalogue.list();
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|candidate| candidate.trim() == etag || candidate.trim() == "*"));
    let common = [(header::ETAG, etag.to_owned()), (header::CACHE_CONTROL, "no-cache".to_owned())];
    if matches {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (common, [(header::CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

fn find(state: &AppState, connector_type: &str) -> Result<&'static ConnectorDefinition, ApiError> {
    Ok(connector_types::definition(state.catalogue.registry(), connector_type)?)
}

/// One definition.
pub async fn one(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Json<&'static ConnectorDefinition>, ApiError> {
    find(&state, &connector_type).map(Json)
}

/// A connector's actions.
pub async fn actions(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(&find(&state, &connector_type)?.supported_actions).into_response())
}

/// A connector's triggers.
pub async fn triggers(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(&find(&state, &connector_type)?.supported_triggers).into_response())
}

/// A connector's SVG icon.
pub async fn icon(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Response, ApiError> {
    find(&state, &connector_type)?;
    let entry =
        state.catalogue.registry().get(&connector_type).ok_or_else(|| ApiError::not_found("unknown connector"))?;
    let svg = entry.icon().ok_or_else(|| ApiError::not_found(format!("connector `{connector_type}` has no icon")))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg)
        .into_response())
}
