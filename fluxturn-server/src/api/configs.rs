//! Connector configurations: create, list, read, update, delete, test, execute. Each handler's
//! `*_docs` beside it says what the OpenAPI document adds to what its types tell.

use super::error::ApiError;
use super::json::{ApiJson, JsonOf};
use super::openapi::failures::{failures, BODY, STORAGE, STORED, TOKEN};
use super::openapi::{bodies, params};
use crate::app::AppState;
use crate::connections::{self, ConfigList, ConfigView, CreateConfig, ExecuteRequest, UpdateConfig};
use crate::error::ApiCode;
use aide::transform::TransformOperation;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fluxturn_core::{ConnectorDefinition, ErrorCode};
use schemars::JsonSchema;
use serde_json::Value;
use std::sync::Arc;

/// The tag of these operations.
const TAG: &str = "configurations";

/// What "Test connection" answers (built by `connections::test`).
#[derive(JsonSchema)]
pub struct TestOutcome {
    /// Whether the connector's test call worked.
    pub success: bool,
    /// `connection works`, or the connector's error message.
    pub message: String,
    /// When (RFC 3339).
    pub tested_at: String,
    /// The connector's error (`code`, `message`, `status`, `retryable`, `details`), on failure.
    pub error: Option<Value>,
}

/// What a successful action answers (built by `connections::execute`).
#[derive(JsonSchema)]
pub struct ExecuteOutcome {
    /// Always `true` (a failure is an error response).
    #[schemars(extend("const" = true))]
    pub success: bool,
    /// The action's output (its `outputSchema` in the definition).
    pub data: Value,
}

/// `POST /api/v1/connectors`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    ApiJson(request): ApiJson<CreateConfig>,
) -> Result<(StatusCode, Json<ConfigView>), ApiError> {
    Ok((StatusCode::CREATED, Json(connections::create(&state, request).await?)))
}

/// The docs of [`create`]: one body per connector type, from `definitions`.
pub fn create_docs<'t>(op: TransformOperation<'t>, definitions: &[ConnectorDefinition]) -> TransformOperation<'t> {
    let op = op
        .id("configs_create")
        .tag(TAG)
        .summary("Create a connector configuration")
        .description(
            "Credentials are checked against the connector type's definition (only its keys; required ones not \
             blank), then encrypted. A body the document allows may still be refused with 422 when the connector \
             needs more than its fields say (one of several auth methods' credentials).",
        )
        .response_with::<201, Json<ConfigView>, _>(|r| r.description("Created; secret credentials masked"));
    let op = bodies::create(op, definitions);
    failures(op, [TOKEN, STORAGE, &[ApiCode::NotFound, ApiCode::Connector(ErrorCode::Internal)]].concat())
}

/// `GET /api/v1/connectors`.
pub async fn list(State(state): State<Arc<AppState>>) -> Result<Json<ConfigList>, ApiError> {
    Ok(Json(connections::list(&state).await?))
}

/// The docs of [`list`].
pub fn list_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("configs_list").tag(TAG).summary("Every configuration, secret credentials masked");
    failures(op, [TOKEN, STORAGE].concat())
}

/// `GET /api/v1/connectors/{id}`.
pub async fn get(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<ConfigView>, ApiError> {
    Ok(Json(connections::get(&state, &id).await?))
}

/// The docs of [`get`].
pub fn get_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = params::configuration_id(op.id("configs_get").tag(TAG).summary("One configuration"));
    failures(op, [TOKEN, STORAGE, &[ApiCode::NotFound]].concat())
}

/// `PUT /api/v1/connectors/{id}`.
pub async fn update(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<UpdateConfig>,
) -> Result<Json<ConfigView>, ApiError> {
    Ok(Json(connections::update(&state, &id, request).await?))
}

/// The docs of [`update`].
pub fn update_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("configs_update").tag(TAG).summary("Update a configuration").description(
        "A masked credential (`********`) keeps the stored value. The credentials must be those of the \
             configuration's connector type (else 422). Without new credentials, stored ones the current key \
             cannot decrypt answer 409.",
    );
    let op = bodies::update(params::configuration_id(op));
    failures(op, [TOKEN, BODY, STORED, &[ApiCode::ValidationFailed, ApiCode::Connector(ErrorCode::Internal)]].concat())
}

/// `DELETE /api/v1/connectors/{id}`.
pub async fn delete(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    connections::delete(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The docs of [`delete`].
pub fn delete_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = params::configuration_id(
        op.id("configs_delete")
            .tag(TAG)
            .summary("Delete a configuration, after removing its triggers' webhooks at the providers"),
    )
    .response_with::<204, (), _>(|r| r.description("Deleted"));
    // Removing a trigger's webhook calls the provider, and may fail as any connector call does.
    let op = failures(op, ApiCode::connector_codes());
    failures(op, [TOKEN, STORED].concat())
}

/// `POST /api/v1/connectors/{id}/test`.
pub async fn test(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<JsonOf<TestOutcome>, ApiError> {
    Ok(JsonOf::new(connections::test(&state, &id).await?))
}

/// The docs of [`test`].
pub fn test_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .id("configs_test")
        .tag(TAG)
        .summary("Test the connection and record the outcome")
        .description("The upstream's answer is the outcome (`success` true or false), not the status.");
    failures(params::configuration_id(op), [TOKEN, STORED, connecting()].concat())
}

/// `POST /api/v1/connectors/{id}/execute`.
pub async fn execute(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ExecuteRequest>,
) -> Result<JsonOf<ExecuteOutcome>, ApiError> {
    Ok(JsonOf::new(connections::execute(&state, &id, request).await?))
}

/// The docs of [`execute`]: one body per action input, from `definitions`; `accepts_empty` says
/// whether an action's input may be left out.
pub fn execute_docs<'t>(
    op: TransformOperation<'t>,
    definitions: &[ConnectorDefinition],
    accepts_empty: impl Fn(&str, &str) -> bool,
) -> TransformOperation<'t> {
    let op = op.id("configs_execute").tag(TAG).summary("Run an action").description(
        "The input is checked against the action's `jsonSchema` first (422, one entry per field). Upstream \
             failures keep their connector code: 424 when the upstream rejected the stored credentials, 429 when \
             it throttled, 504 on timeout, 502 when it failed or could not be reached, 501 when unsupported.",
    );
    let op = bodies::execute(params::configuration_id(op), definitions, accepts_empty);
    let connector: Vec<ApiCode> = ApiCode::connector_codes().collect();
    failures(op, [TOKEN, BODY, STORED, connecting(), &connector].concat())
}

/// What connecting a stored configuration can fail with: its OAuth2 token refreshed first (or
/// never authorized), its stored credentials checked again.
fn connecting() -> &'static [ApiCode] {
    &[
        ApiCode::NeedsAuthorization,
        ApiCode::NeedsReauthorization,
        ApiCode::OAuthNotConfigured,
        ApiCode::ValidationFailed,
        ApiCode::Connector(ErrorCode::Internal),
    ]
}
