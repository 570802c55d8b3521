//! Workflows, FluxTurn's routes (`/api/v1/workflow/...`), and the public URL a workflow's
//! webhook trigger listens on (`/api/v1/webhook/{workflow}`).

use super::error::ApiError;
use super::json::ApiJson;
use super::openapi::failures::{failures, BODY, STORAGE, TOKEN};
use super::openapi::{params, public};
use crate::app::AppState;
use crate::error::ApiCode;
use crate::workflows::webhook::{self, Refusal};
use crate::workflows::{
    self, ExecuteBody, ExecutionPage, ExecutionView, WebhookUrl, WorkflowBody, WorkflowPage, WorkflowView,
};
use aide::transform::TransformOperation;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::Json;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// The tag of these operations.
const TAG: &str = "workflows";

/// Paging and filtering for the lists.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListQuery {
    /// Only this status.
    pub status: Option<String>,
    /// The page, from 1.
    pub page: Option<i64>,
    /// The page size (1 to 200, default 20).
    pub limit: Option<i64>,
}

fn query(query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>) -> Result<ListQuery, ApiError> {
    query.map(|Query(q)| q).map_err(|rejection| {
        let message = rejection.body_text();
        ApiError::validation(
            format!("invalid query: {message}"),
            vec![fluxturn_core::FieldError { field: "query".into(), message }],
        )
    })
}

fn list_params<'t>(op: TransformOperation<'t>, statuses: &str) -> TransformOperation<'t> {
    let op = params::query(op, "status", false, statuses);
    let op = params::query(op, "page", false, "The page, from 1");
    params::query(op, "limit", false, "The page size (1 to 200, default 20)")
}

fn workflow_id(op: TransformOperation<'_>) -> TransformOperation<'_> {
    params::path(op, "id", "The workflow's id")
}

fn execution_id(op: TransformOperation<'_>) -> TransformOperation<'_> {
    params::path(op, "id", "The execution's id")
}

/// `POST /api/v1/workflow/create`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<WorkflowBody>,
) -> Result<(StatusCode, Json<WorkflowView>), ApiError> {
    Ok((StatusCode::CREATED, Json(workflows::create(&state, body).await?)))
}

/// The docs of [`create`].
pub fn create_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .id("workflows_create")
        .tag(TAG)
        .summary("Create a workflow from FluxTurn's canvas (a draft; `status: active` validates and activates it)")
        .response_with::<201, Json<WorkflowView>, _>(|r| {
            r.description("Created; `problems` lists what is left to fill in")
        });
    let op = failures(op, ApiCode::connector_codes());
    failures(op, [TOKEN, BODY, &[ApiCode::NotFound, ApiCode::CredentialsUnreadable], STORAGE].concat())
}

/// `GET /api/v1/workflow/list`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<WorkflowPage>, ApiError> {
    let q = query(q)?;
    Ok(Json(workflows::list(&state, q.status.as_deref(), q.page, q.limit).await?))
}

/// The docs of [`list`].
pub fn list_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op =
        list_params(op.id("workflows_list").tag(TAG).summary("The workflows, newest first"), "draft, active or paused");
    failures(op, [TOKEN, &[ApiCode::ValidationFailed], STORAGE].concat())
}

/// `GET /api/v1/workflow/{id}`.
pub async fn get(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<WorkflowView>, ApiError> {
    let workflow = workflows::load(&state, &id).await?;
    Ok(Json(workflows::view(&state, workflow).await?))
}

/// The docs of [`get`].
pub fn get_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op =
        workflow_id(op.id("workflows_get").tag(TAG).summary("One workflow, its canvas also under `workflow.canvas`"));
    failures(op, [TOKEN, &[ApiCode::NotFound], STORAGE].concat())
}

/// `PUT /api/v1/workflow/{id}`.
pub async fn update(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<WorkflowBody>,
) -> Result<Json<WorkflowView>, ApiError> {
    Ok(Json(workflows::update(&state, &id, body).await?))
}

/// The docs of [`update`].
pub fn update_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workflow_id(op.id("workflows_update").tag(TAG).summary(
        "Update a workflow: a new canvas bumps its version; `status: active` validates (422, one entry per node and field) and registers its trigger, `draft`/`paused` removes it",
    ));
    let op = failures(op, ApiCode::connector_codes());
    failures(op, [TOKEN, BODY, &[ApiCode::NotFound, ApiCode::CredentialsUnreadable], STORAGE].concat())
}

/// `DELETE /api/v1/workflow/{id}`.
pub async fn delete(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    workflows::delete(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The docs of [`delete`].
pub fn delete_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workflow_id(
        op.id("workflows_delete").tag(TAG).summary("Delete a workflow, its trigger (unsubscribed) and its executions"),
    )
    .response_with::<204, (), _>(|r| r.description("Deleted"));
    let op = failures(op, ApiCode::connector_codes());
    failures(op, [TOKEN, &[ApiCode::NotFound, ApiCode::CredentialsUnreadable], STORAGE].concat())
}

/// `POST /api/v1/workflow/{id}/execute`.
pub async fn execute(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ExecuteBody>,
) -> Result<Json<ExecutionView>, ApiError> {
    Ok(Json(workflows::execute(&state, &id, body).await?))
}

/// The docs of [`execute`].
pub fn execute_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workflow_id(op.id("workflows_execute").tag(TAG).summary(
        "Run a workflow now with `input_data` as its trigger's output; answers the execution once it has ended",
    ));
    failures(op, [TOKEN, BODY, &[ApiCode::NotFound], STORAGE].concat())
}

/// `GET /api/v1/workflow/{id}/executions`.
pub async fn workflow_executions(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ExecutionPage>, ApiError> {
    let q = query(q)?;
    Ok(Json(workflows::executions(&state, Some(&id), q.status.as_deref(), q.page, q.limit).await?))
}

/// The docs of [`workflow_executions`].
pub fn workflow_executions_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workflow_id(op.id("workflows_executions").tag(TAG).summary("A workflow's executions, newest first"));
    let op = list_params(op, "queued, running, completed, failed, cancelled, timeout or crashed");
    failures(op, [TOKEN, &[ApiCode::NotFound, ApiCode::ValidationFailed], STORAGE].concat())
}

/// `GET /api/v1/workflow/executions`.
pub async fn all_executions(
    State(state): State<Arc<AppState>>,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ExecutionPage>, ApiError> {
    let q = query(q)?;
    Ok(Json(workflows::executions(&state, None, q.status.as_deref(), q.page, q.limit).await?))
}

/// The docs of [`all_executions`].
pub fn all_executions_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("executions_list").tag(TAG).summary("Every execution, newest first");
    let op = list_params(op, "queued, running, completed, failed, cancelled, timeout or crashed");
    failures(op, [TOKEN, &[ApiCode::ValidationFailed], STORAGE].concat())
}

/// `GET /api/v1/workflow/executions/{id}`.
pub async fn get_execution(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ExecutionView>, ApiError> {
    Ok(Json(workflows::execution(&state, &id).await?))
}

/// The docs of [`get_execution`].
pub fn get_execution_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = execution_id(op.id("executions_get").tag(TAG).summary("One execution with every node's run data"));
    failures(op, [TOKEN, &[ApiCode::NotFound], STORAGE].concat())
}

/// `POST /api/v1/workflow/executions/{id}/retry`.
pub async fn retry(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ExecutionView>), ApiError> {
    Ok((StatusCode::CREATED, Json(workflows::retry(&state, &id).await?)))
}

/// The docs of [`retry`].
pub fn retry_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = execution_id(
        op.id("executions_retry").tag(TAG).summary("Queue a new run of an ended execution with the same trigger data"),
    )
    .response_with::<201, Json<ExecutionView>, _>(|r| r.description("Queued"));
    failures(op, [TOKEN, &[ApiCode::NotFound, ApiCode::Conflict], STORAGE].concat())
}

/// `POST /api/v1/workflow/executions/{id}/cancel`.
pub async fn cancel(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ExecutionView>, ApiError> {
    Ok(Json(workflows::cancel(&state, &id).await?))
}

/// The docs of [`cancel`].
pub fn cancel_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = execution_id(
        op.id("executions_cancel")
            .tag(TAG)
            .summary("Cancel a queued or running execution (a running one stops before its next action)"),
    );
    failures(op, [TOKEN, &[ApiCode::NotFound, ApiCode::Conflict], STORAGE].concat())
}

/// `GET /api/v1/workflow/{id}/webhook-url`.
pub async fn webhook_url(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<WebhookUrl>, ApiError> {
    Ok(Json(workflows::webhook_url(&state, &id).await?))
}

/// The docs of [`webhook_url`].
pub fn webhook_url_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workflow_id(
        op.id("workflows_webhook_url").tag(TAG).summary("The URL that starts the workflow, when its trigger takes one"),
    );
    failures(op, [TOKEN, &[ApiCode::NotFound], STORAGE].concat())
}

/// `POST /api/v1/workflow/import`.
pub async fn import(
    State(state): State<Arc<AppState>>,
    ApiJson(document): ApiJson<Value>,
) -> Result<(StatusCode, Json<WorkflowView>), ApiError> {
    Ok((StatusCode::CREATED, Json(workflows::import(&state, document).await?)))
}

/// The docs of [`import`].
pub fn import_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .id("workflows_import")
        .tag(TAG)
        .summary(
            "Import a FluxTurn template file (or an exported workflow) as a draft; `problems` lists what to fill in",
        )
        .response_with::<201, Json<WorkflowView>, _>(|r| r.description("Imported as a draft"));
    failures(op, [TOKEN, BODY, STORAGE].concat())
}

/// `/api/v1/webhook/{id}`: a request to a workflow's webhook trigger.
pub async fn receive(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let incoming = super::triggers::incoming(&state, method, &uri, &headers, body)?;
    match webhook::receive(&state, &id, incoming).await {
        Ok(answer) => Ok((StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK), Json(answer.body))),
        Err(Refusal::NotFound(message)) => Err(ApiError::new(ApiCode::NotFound, message)),
        Err(Refusal::Method(message)) => Err(ApiError::new(ApiCode::MethodNotAllowed, message)),
        Err(Refusal::Unauthorized(message)) => Err(ApiError::new(ApiCode::Unauthorized, message)),
        Err(Refusal::Service(error)) => Err(error.into()),
    }
}

/// The docs of [`receive`] for `method`.
pub fn receive_docs<'t>(op: TransformOperation<'t>, method: &str) -> TransformOperation<'t> {
    let op = public(op)
        .id(&format!("workflow_webhook_{}", method.to_lowercase()))
        .tag(TAG)
        .summary("Start an active workflow through its webhook trigger (its method and authentication checked)")
        .response_with::<200, Json<Value>, _>(|r| {
            r.description("The trigger's `responseBody` (`onReceived`), or the last node's output (`lastNode`)")
        });
    let op = workflow_id(op);
    failures(
        op,
        [
            &[
                ApiCode::NotFound,
                ApiCode::MethodNotAllowed,
                ApiCode::Unauthorized,
                ApiCode::BodyTooLarge,
                ApiCode::InvalidBody,
            ][..],
            STORAGE,
        ]
        .concat(),
    )
}
