//! The HTTP API: one router built from small modules, one `AppState`, one error type.

pub mod auth;
pub mod configs;
pub mod definitions;
pub mod error;
pub mod error_log;
pub mod json;
pub mod oauth;
pub mod openapi;

use crate::app::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use serde_json::json;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;

/// The catalogue routes, under both of FluxTurn's prefixes (`definitions` and `available`).
fn catalogue() -> Router<Arc<AppState>> {
    let mut router = Router::new();
    for prefix in ["/api/v1/connectors/definitions", "/api/v1/connectors/available"] {
        router = router
            .route(prefix, get(definitions::list))
            .route(&format!("{prefix}/{{connector_type}}"), get(definitions::one))
            .route(&format!("{prefix}/{{connector_type}}/actions"), get(definitions::actions))
            .route(&format!("{prefix}/{{connector_type}}/triggers"), get(definitions::triggers))
            .route(&format!("{prefix}/{{connector_type}}/icon"), get(definitions::icon));
    }
    router
}

/// The configuration routes; every one needs the API token. They reach the database and the
/// connectors, so their internal errors are logged (the catalogue's cannot fail that way, and
/// stays free of the extra layer).
fn configurations(state: &Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/connectors", get(configs::list).post(configs::create))
        .route("/api/v1/connectors/{id}", get(configs::get).put(configs::update).delete(configs::delete))
        .route("/api/v1/connectors/{id}/test", post(configs::test))
        .route("/api/v1/connectors/{id}/execute", post(configs::execute))
        .route("/api/v1/connectors/{id}/oauth/url", get(oauth::url))
        .route("/api/v1/connectors/{id}/oauth/refresh", post(oauth::refresh))
        .route("/api/v1/connectors/{id}/oauth/revoke", post(oauth::revoke))
        .route("/api/v1/connectors/{id}/oauth/status", get(oauth::status))
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::require_token))
        .layer(middleware::from_fn(error_log::log_internal_errors))
}

/// The whole API.
pub fn router(state: Arc<AppState>) -> Router {
    let router = Router::new()
        .route("/healthz", get(|| async { Json(json!({ "status": "ok" })) }))
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route(
            crate::oauth::CALLBACK_PATH,
            get(oauth::callback).layer(middleware::from_fn(error_log::log_internal_errors)),
        )
        .merge(catalogue())
        .merge(configurations(&state))
        .fallback(
            |uri: axum::http::Uri| async move { error::ApiError::not_found(format!("no route `{}`", uri.path())) },
        )
        .layer(DefaultBodyLimit::max(json::MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .with_state(state);
    // A span per request costs ~10% of the catalogue's throughput: only when someone reads them
    // (`RUST_LOG=tower_http=debug`).
    if tracing::enabled!(target: "tower_http::trace", tracing::Level::DEBUG) {
        router.layer(tower_http::trace::TraceLayer::new_for_http())
    } else {
        router
    }
}
