//! The HTTP API: one router built from small modules, one `AppState`, one error type. Every route
//! is added with aide's `api_route`, so the OpenAPI document (`openapi`) is built with the router
//! and a route cannot be served without being documented.

pub mod auth;
pub mod configs;
pub mod cors;
pub mod definitions;
pub mod error;
pub mod error_log;
pub mod health;
pub mod json;
pub mod oauth;
pub mod oauth_page;
pub mod openapi;
pub mod operator;
pub mod triggers;
pub mod workflows;

use crate::app::AppState;
use crate::catalogue::AvailableConnector;
use aide::axum::routing::{get_with, post_with};
use aide::axum::ApiRouter;
use aide::openapi::OpenApi;
use axum::extract::DefaultBodyLimit;
use axum::{middleware, Extension, Router};
use fluxturn_core::ConnectorDefinition;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;

/// The catalogue routes, under both of FluxTurn's prefixes (`definitions` and `available`).
fn catalogue(state: &AppState) -> ApiRouter<Arc<AppState>> {
    let registry = state.catalogue.registry();
    let names: Vec<&str> = registry.names().collect();
    let with_icon: Vec<&str> = registry.entries().iter().filter(|e| e.icon().is_some()).map(|e| e.name).collect();
    let mut router = ApiRouter::new();
    for (prefix, tag) in
        [("/api/v1/connectors/definitions", "definitions"), ("/api/v1/connectors/available", "available")]
    {
        let by_type = format!("{prefix}/{{connector_type}}");
        // `available` serves each definition with FluxTurn's catalogue metadata.
        router = if tag == "available" {
            router
                .api_route(
                    prefix,
                    get_with(definitions::available, |op| definitions::list_docs::<AvailableConnector>(op, tag)),
                )
                .api_route(&by_type, get_with(definitions::available_one, |op| definitions::one_docs(op, tag, &names)))
        } else {
            router
                .api_route(
                    prefix,
                    get_with(definitions::list, |op| definitions::list_docs::<ConnectorDefinition>(op, tag)),
                )
                .api_route(&by_type, get_with(definitions::one, |op| definitions::one_docs(op, tag, &names)))
        };
        router = router
            .api_route(
                &format!("{by_type}/actions"),
                get_with(definitions::actions, |op| definitions::actions_docs(op, tag, &names)),
            )
            .api_route(
                &format!("{by_type}/triggers"),
                get_with(definitions::triggers, |op| definitions::triggers_docs(op, tag, &names)),
            )
            .api_route(
                &format!("{by_type}/icon"),
                get_with(definitions::icon, |op| definitions::icon_docs(op, tag, &with_icon)),
            );
    }
    router
}

/// The configuration routes; every one needs the API token. They reach the database and the
/// connectors, so their internal errors are logged (the catalogue's cannot fail that way, and
/// stays free of the extra layer).
fn configurations(state: &Arc<AppState>) -> ApiRouter<Arc<AppState>> {
    let catalogue = &state.catalogue;
    let definitions = catalogue.registry().definitions();
    let accepts_empty = |connector: &str, action: &str| {
        catalogue.validate_input(connector, action, &serde_json::Value::Object(Default::default())).is_empty()
    };
    ApiRouter::new()
        .api_route(
            "/api/v1/connectors",
            get_with(configs::list, configs::list_docs)
                .post_with(configs::create, |op| configs::create_docs(op, definitions)),
        )
        .api_route(
            "/api/v1/connectors/{id}",
            get_with(configs::get, configs::get_docs)
                .put_with(configs::update, configs::update_docs)
                .delete_with(configs::delete, configs::delete_docs),
        )
        .api_route("/api/v1/connectors/{id}/test", post_with(configs::test, configs::test_docs))
        .api_route(
            "/api/v1/connectors/{id}/execute",
            post_with(configs::execute, |op| configs::execute_docs(op, definitions, accepts_empty)),
        )
        .api_route("/api/v1/connectors/{id}/oauth/url", get_with(oauth::url, oauth::url_docs))
        .api_route("/api/v1/connectors/{id}/oauth/callback", post_with(oauth::callback_post, oauth::callback_post_docs))
        .api_route("/api/v1/connectors/{id}/oauth/refresh", post_with(oauth::refresh, oauth::refresh_docs))
        .api_route("/api/v1/connectors/{id}/oauth/revoke", post_with(oauth::revoke, oauth::revoke_docs))
        .api_route("/api/v1/connectors/{id}/oauth/status", get_with(oauth::status, oauth::status_docs))
        .api_route(
            "/api/v1/triggers",
            get_with(triggers::list, triggers::list_docs).post_with(triggers::create, triggers::create_docs),
        )
        .api_route(
            "/api/v1/triggers/{id}",
            get_with(triggers::get, triggers::get_docs).delete_with(triggers::delete, triggers::delete_docs),
        )
        .api_route("/api/v1/triggers/{id}/events", get_with(triggers::events, triggers::events_docs))
        .api_route("/api/v1/workflow/create", post_with(workflows::create, workflows::create_docs))
        .api_route("/api/v1/workflow/import", post_with(workflows::import, workflows::import_docs))
        .api_route("/api/v1/workflow/list", get_with(workflows::list, workflows::list_docs))
        .api_route("/api/v1/workflow/executions", get_with(workflows::all_executions, workflows::all_executions_docs))
        .api_route(
            "/api/v1/workflow/executions/{id}",
            get_with(workflows::get_execution, workflows::get_execution_docs),
        )
        .api_route("/api/v1/workflow/executions/{id}/retry", post_with(workflows::retry, workflows::retry_docs))
        .api_route("/api/v1/workflow/executions/{id}/cancel", post_with(workflows::cancel, workflows::cancel_docs))
        .api_route(
            "/api/v1/workflow/{id}",
            get_with(workflows::get, workflows::get_docs)
                .put_with(workflows::update, workflows::update_docs)
                .delete_with(workflows::delete, workflows::delete_docs),
        )
        .api_route("/api/v1/workflow/{id}/execute", post_with(workflows::execute, workflows::execute_docs))
        .api_route(
            "/api/v1/workflow/{id}/executions",
            get_with(workflows::workflow_executions, workflows::workflow_executions_docs),
        )
        .api_route("/api/v1/workflow/{id}/webhook-url", get_with(workflows::webhook_url, workflows::webhook_url_docs))
        .api_route("/api/v1/auth/me", get_with(operator::me, operator::me_docs))
        .api_route("/api/v1/auth/logout", post_with(operator::logout, operator::logout_docs))
        .api_route("/api/v1/organization/user/list", get_with(operator::organizations, operator::organizations_docs))
        .api_route("/api/v1/organization/projects", get_with(operator::projects, operator::projects_docs))
        .api_route("/api/v1/navigation/menu-data", get_with(operator::menu, operator::menu_docs))
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::require_token))
        .layer(middleware::from_fn(error_log::log_internal_errors))
}

/// The public routes a browser or the login form reaches without a token: the OAuth2 callbacks
/// (the single-use `state` authenticates them), one-click authorization, login and refresh.
fn public_routes() -> ApiRouter<Arc<AppState>> {
    let mut router = ApiRouter::new()
        .api_route(crate::oauth::CALLBACK_PATH, get_with(oauth::callback, oauth::callback_docs))
        .api_route("/api/v1/oauth/{provider}/authorize", get_with(oauth::authorize, oauth::authorize_docs))
        .api_route("/api/v1/auth/login", post_with(operator::login, operator::login_docs))
        .api_route("/api/v1/auth/refresh", post_with(operator::refresh, operator::refresh_docs))
        .api_route(
            "/api/v1/webhooks/{connector}/{id}",
            post_with(triggers::receive, |op| triggers::receive_docs(op, "POST"))
                .get_with(triggers::receive, |op| triggers::receive_docs(op, "GET"))
                .layer(DefaultBodyLimit::max(triggers::MAX_WEBHOOK_BYTES)),
        )
        .api_route(
            "/api/v1/webhook/{id}",
            post_with(workflows::receive, |op| workflows::receive_docs(op, "POST"))
                .get_with(workflows::receive, |op| workflows::receive_docs(op, "GET"))
                .put_with(workflows::receive, |op| workflows::receive_docs(op, "PUT"))
                .patch_with(workflows::receive, |op| workflows::receive_docs(op, "PATCH"))
                .delete_with(workflows::receive, |op| workflows::receive_docs(op, "DELETE"))
                .layer(DefaultBodyLimit::max(triggers::MAX_WEBHOOK_BYTES)),
        );
    for path in crate::oauth::PROVIDER_CALLBACK_PATHS {
        router = router
            .api_route(path, get_with(oauth::provider_callback, move |op| oauth::provider_callback_docs(op, path)));
    }
    router.layer(middleware::from_fn(error_log::log_internal_errors))
}

/// Every route, documented, and the document they make.
pub fn documented(state: &Arc<AppState>) -> (Router<Arc<AppState>>, OpenApi) {
    openapi::start();
    let mut api = OpenApi::default();
    let router = ApiRouter::new()
        .api_route("/healthz", get_with(health::healthz, health::healthz_docs))
        .api_route(openapi::PATH, get_with(openapi::serve, openapi::serve_docs))
        .merge(public_routes())
        .merge(catalogue(state))
        .merge(configurations(state))
        .finish_api_with(&mut api, openapi::describe);
    openapi::links::link_created_configuration(&mut api);
    openapi::drop_unreachable_schemas(&mut api);
    (router, api)
}

/// The whole API.
pub fn router(state: Arc<AppState>) -> Router {
    let (router, api) = documented(&state);
    let cors = cors::layer(state.frontend_url.as_deref());
    let router = router
        .layer(Extension(openapi::serialize(&api)))
        .fallback(
            |uri: axum::http::Uri| async move { error::ApiError::not_found(format!("no route `{}`", uri.path())) },
        )
        .layer(DefaultBodyLimit::max(json::MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        // Outermost but for tracing: preflights are answered before the token check runs.
        .layer(cors)
        .with_state(state);
    // A span per request costs ~10% of the catalogue's throughput: only when someone reads them
    // (`RUST_LOG=tower_http=debug`).
    if tracing::enabled!(target: "tower_http::trace", tracing::Level::DEBUG) {
        router.layer(tower_http::trace::TraceLayer::new_for_http())
    } else {
        router
    }
}
