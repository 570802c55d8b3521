//! Connector configurations: create, list, read, update, delete, test, execute.

use super::error::ApiError;
use super::json::ApiJson;
use crate::app::AppState;
use crate::connections::{self, ConfigView, CreateConfig, ExecuteRequest, UpdateConfig};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;
use std::sync::Arc;

/// `POST /api/v1/connectors`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    ApiJson(request): ApiJson<CreateConfig>,
) -> Result<(StatusCode, Json<ConfigView>), ApiError> {
    Ok((StatusCode::CREATED, Json(connections::create(&state, request).await?)))
}

/// `GET /api/v1/connectors`.
pub async fn list(State(state): State<Arc<AppState>>) -> Result<Json<Vec<ConfigView>>, ApiError> {
    Ok(Json(connections::list(&state).await?))
}

/// `GET /api/v1/connectors/{id}`.
pub async fn get(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<ConfigView>, ApiError> {
    Ok(Json(connections::get(&state, &id).await?))
}

/// `PUT /api/v1/connectors/{id}`.
pub async fn update(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<UpdateConfig>,
) -> Result<Json<ConfigView>, ApiError> {
    Ok(Json(connections::update(&state, &id, request).await?))
}

/// `DELETE /api/v1/connectors/{id}`.
pub async fn delete(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    connections::delete(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/connectors/{id}/test`.
pub async fn test(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    Ok(Json(connections::test(&state, &id).await?))
}

/// `POST /api/v1/connectors/{id}/execute`.
pub async fn execute(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ExecuteRequest>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(connections::execute(&state, &id, request).await?))
}
