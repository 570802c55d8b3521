//! Workflows: FluxTurn's canvas stored as given, validated on save (warnings) and on activation
//! (errors), its triggers registered while it is active, and executions queued, run by the
//! workers (see [`runner`]) and kept with each node's run data.

pub mod local;
pub mod runner;
pub mod store;
pub mod webhook;

use crate::app::AppState;
use crate::error::ServiceError;
use crate::storage;
use crate::triggers::{self, CreateTrigger};
use fluxturn_core::FieldError;
use fluxturn_workflow::canvas::{node_type, Canvas, Node};
use fluxturn_workflow::validate::{self, Problem};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::time::{Duration, SystemTime};
use store::{NewExecution, StoredExecution, StoredWorkflow};

/// The statuses a workflow can have.
pub const STATUSES: [&str; 3] = ["draft", "active", "paused"];
/// How long `execute` waits for a manual run before answering with the run still going.
pub const MANUAL_WAIT: Duration = Duration::from_secs(300);

/// `POST /api/v1/workflow/create` and `PUT /api/v1/workflow/{id}`: FluxTurn's body. The canvas
/// may come as `canvas`, `workflow.canvas` or top-level `nodes`/`edges`; other keys (tags,
/// metadata, FluxTurn's `steps`…) are kept as given.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct WorkflowBody {
    /// Its name (required on create).
    #[serde(default)]
    pub name: Option<String>,
    /// What it does.
    #[serde(default)]
    pub description: Option<String>,
    /// `draft` (default), `active` (validates, then registers its triggers) or `paused`.
    #[serde(default)]
    pub status: Option<String>,
    /// `{nodes, edges}`: FluxTurn's React-Flow canvas.
    #[serde(default)]
    pub canvas: Option<Value>,
    /// `{canvas}`, as FluxTurn's API answers a workflow.
    #[serde(default)]
    pub workflow: Option<Value>,
    /// The canvas's nodes, when the body is a canvas itself.
    #[serde(default)]
    pub nodes: Option<Value>,
    /// The canvas's edges, when the body is a canvas itself.
    #[serde(default)]
    pub edges: Option<Value>,
    /// `executionTimeout` (seconds), `retryOnCrash` (bool).
    #[serde(default)]
    pub settings: Option<Map<String, Value>>,
    /// Any other key, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A workflow as the API shows it (FluxTurn's shape: the canvas also under `workflow.canvas`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WorkflowView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it does.
    pub description: Option<String>,
    /// `draft`, `active` or `paused`.
    pub status: String,
    /// Goes up with every canvas change.
    pub version: i64,
    /// The canvas, as stored.
    pub canvas: Value,
    /// `{canvas}`: where FluxTurn's frontend reads it.
    pub workflow: Value,
    /// Its settings.
    pub settings: Value,
    /// What must still be filled in or fixed before it can be activated (one entry per node and
    /// field); empty when it can run.
    pub problems: Vec<Problem>,
    /// Why the last activation failed.
    pub last_error: Option<String>,
    /// The other keys it was created with.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Map<String, Value>,
    /// Creation time.
    pub created_at: String,
    /// Last update.
    pub updated_at: String,
}

/// `GET /api/v1/workflow/list`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WorkflowPage {
    /// The workflows, newest first.
    pub workflows: Vec<WorkflowView>,
    /// How many there are.
    pub total: i64,
    /// The page (from 1).
    pub page: i64,
    /// The page size.
    pub limit: i64,
}

/// An execution as the API shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExecutionView {
    /// Its id.
    pub id: String,
    /// The workflow.
    pub workflow_id: String,
    /// The workflow's version it ran.
    pub workflow_version: i64,
    /// 1, 2, 3… per workflow.
    pub execution_number: i64,
    /// `manual`, `webhook`, `poll`, `schedule` or `retry`.
    pub mode: String,
    /// `queued`, `running`, `waiting`, `completed`, `failed`, `cancelled`, `timeout` or `crashed`.
    pub status: String,
    /// What the trigger emitted.
    pub trigger_data: Value,
    /// Each node: status, input, output, error, warnings, tries, duration.
    pub run_data: Value,
    /// The items of the last node that ran.
    pub output_data: Value,
    /// Why it failed.
    pub error: Option<String>,
    /// The execution this one retries.
    pub retry_of: Option<String>,
    /// When a worker took it.
    pub started_at: Option<String>,
    /// When it ended (`completed_at` in FluxTurn).
    pub completed_at: Option<String>,
    /// How long it ran.
    pub duration_ms: Option<i64>,
    /// When a `waiting` run goes on (RFC 3339).
    pub resume_at: Option<String>,
    /// When it was queued.
    pub created_at: String,
}

/// `GET /api/v1/workflow/executions` and `GET /api/v1/workflow/{id}/executions`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExecutionPage {
    /// The executions, newest first.
    pub executions: Vec<ExecutionView>,
    /// How many there are.
    pub total: i64,
    /// The page (from 1).
    pub page: i64,
    /// The page size.
    pub limit: i64,
}

/// `POST /api/v1/workflow/{id}/execute`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecuteBody {
    /// The trigger's output for this run: an object (one item) or a list (one item each).
    #[serde(default)]
    pub input_data: Option<Value>,
}

/// The view of an execution.
pub fn execution_view(e: StoredExecution) -> ExecutionView {
    ExecutionView {
        id: e.id,
        workflow_id: e.workflow_id,
        workflow_version: e.workflow_version,
        execution_number: e.execution_number,
        mode: e.mode,
        status: e.status,
        trigger_data: e.trigger_data,
        run_data: e.run_data,
        output_data: e.output_data,
        error: e.error,
        retry_of: e.retry_of,
        started_at: e.started_at,
        completed_at: e.finished_at,
        duration_ms: e.duration_ms,
        resume_at: e.resume_at.map(|at| {
            humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_secs(at.max(0) as u64)).to_string()
        }),
        created_at: e.created_at,
    }
}

fn field_error(field: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::InvalidConfiguration { errors: vec![FieldError { field: field.into(), message: message.into() }] }
}

/// The canvas of a body, if it holds one.
fn canvas_of(body: &WorkflowBody) -> Result<Option<Value>, ServiceError> {
    let candidate = if let Some(canvas) = &body.canvas {
        Some(canvas.clone())
    } else if let Some(canvas) = body.workflow.as_ref().and_then(|w| w.get("canvas")) {
        Some(canvas.clone())
    } else if body.nodes.is_some() || body.edges.is_some() {
        Some(
            json!({"nodes": body.nodes.clone().unwrap_or(json!([])), "edges": body.edges.clone().unwrap_or(json!([]))}),
        )
    } else {
        None
    };
    if let Some(canvas) = &candidate {
        Canvas::from_value(canvas.clone()).map_err(|e| field_error("canvas", e.to_string()))?;
    }
    Ok(candidate)
}

/// The parsed canvas of a stored workflow, legacy names mapped to the current ones.
pub fn canvas(workflow: &StoredWorkflow) -> Result<Canvas, ServiceError> {
    Canvas::from_value(workflow.canvas.clone()).map_err(|e| {
        ServiceError::Internal(format!("workflow {} holds a canvas that no longer reads: {e}", workflow.id))
    })
}

/// `canvas` as it is validated, registered and run: the actions, triggers and fields it names by
/// an alias (FluxTurn's template names, see `fluxturn_workflow::aliases`) named by their ids.
/// The stored canvas stays as given.
pub fn resolved(state: &AppState, canvas: &Canvas) -> Canvas {
    fluxturn_workflow::aliases::resolve(canvas, |name| state.catalogue.definition(name))
}

/// Everything to fix before `workflow` can run: the canvas's problems (aliases resolved first),
/// and the connector nodes with no connection to use.
pub async fn problems(state: &AppState, canvas: &Canvas) -> Result<Vec<Problem>, ServiceError> {
    let canvas = &resolved(state, canvas);
    let mut problems = validate::validate(canvas, &CatalogueView(state));
    for node in &canvas.nodes {
        let connector_node =
            matches!(node.node_type.as_str(), node_type::CONNECTOR_ACTION | node_type::CONNECTOR_TRIGGER);
        let Some(connector) = node.connector().filter(|_| connector_node) else { continue };
        if state.catalogue.registry().definition(connector).is_none() {
            continue;
        }
        if let Err(message) = runner::connection_for(state, node, connector).await? {
            problems.push(Problem {
                node: Some(node.id.clone()),
                label: Some(node.label().into()),
                field: None,
                message,
            });
        }
    }
    Ok(problems)
}

/// The validator's view of the registry.
struct CatalogueView<'a>(&'a AppState);

impl validate::Catalogue for CatalogueView<'_> {
    fn connectors(&self) -> Vec<String> {
        self.0.catalogue.registry().entries().iter().map(|e| e.name.to_owned()).collect()
    }

    fn actions(&self, connector: &str) -> Option<Vec<String>> {
        let definition = self.0.catalogue.registry().definition(connector)?;
        Some(definition.supported_actions.iter().map(|a| a.id.clone()).collect())
    }

    fn triggers(&self, connector: &str) -> Option<Vec<String>> {
        let definition = self.0.catalogue.registry().definition(connector)?;
        Some(definition.supported_triggers.iter().map(|t| t.id.clone()).collect())
    }

    fn check_input(&self, connector: &str, action: &str, input: &Map<String, Value>) -> Vec<(String, String)> {
        let input = Value::Object(input.clone());
        self.0.catalogue.validate_input(connector, action, &input).into_iter().map(|e| (e.field, e.message)).collect()
    }
}

/// The problems as field errors (`field` is the node's label, then the parameter).
fn as_field_errors(problems: &[Problem]) -> Vec<FieldError> {
    problems
        .iter()
        .map(|p| FieldError {
            field: match (&p.label, &p.field) {
                (Some(label), Some(field)) => format!("nodes.{label}.{field}"),
                (Some(label), None) => format!("nodes.{label}"),
                _ => "canvas".into(),
            },
            message: p.message.clone(),
        })
        .collect()
}

/// The API's view of a stored workflow (its problems computed now).
pub async fn view(state: &AppState, w: StoredWorkflow) -> Result<WorkflowView, ServiceError> {
    let problems = match Canvas::from_value(w.canvas.clone()) {
        Ok(canvas) => problems(state, &canvas).await?,
        Err(error) => vec![Problem { node: None, label: None, field: None, message: error.to_string() }],
    };
    Ok(WorkflowView {
        workflow: json!({"canvas": w.canvas}),
        id: w.id,
        name: w.name,
        description: w.description,
        status: w.status,
        version: w.version,
        canvas: w.canvas,
        settings: w.settings,
        problems,
        last_error: w.last_error,
        extra: w.extra.as_object().cloned().unwrap_or_default(),
        created_at: w.created_at,
        updated_at: w.updated_at,
    })
}

fn check_status(status: &str) -> Result<(), ServiceError> {
    if STATUSES.contains(&status) {
        Ok(())
    } else {
        Err(field_error("status", format!("`{status}` is not a status: use draft, active or paused")))
    }
}

/// Creates a workflow (a draft unless `status` says `active`).
pub async fn create(state: &AppState, body: WorkflowBody) -> Result<WorkflowView, ServiceError> {
    let name = body.name.clone().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let name = name.ok_or_else(|| field_error("name", "give the workflow a name"))?;
    let status = body.status.clone().unwrap_or_else(|| "draft".into());
    check_status(&status)?;
    let canvas = canvas_of(&body)?.unwrap_or_else(|| json!({"nodes": [], "edges": []}));
    let now = storage::now();
    let mut workflow = StoredWorkflow {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        description: body.description.clone(),
        status: "draft".into(),
        version: 1,
        canvas,
        settings: Value::Object(body.settings.clone().unwrap_or_default()),
        extra: Value::Object(body.extra),
        last_error: None,
        created_at: now.clone(),
        updated_at: now,
    };
    store::insert(&state.pool, &workflow).await?;
    if status != "draft" {
        workflow = set_status(state, workflow, &status).await?;
    }
    tracing::info!(id = %workflow.id, "workflow created");
    view(state, workflow).await
}

/// The workflow `id`.
pub async fn load(state: &AppState, id: &str) -> Result<StoredWorkflow, ServiceError> {
    store::get(&state.pool, id).await?.ok_or_else(|| ServiceError::WorkflowNotFound { id: id.to_owned() })
}

/// The page number, the page size and the row offset a list asks for: page 1 and 20 rows by default, at most 200
/// rows, and an offset that saturates, so a page far past the end is simply empty rather than an overflow.
fn page_window(page: Option<i64>, limit: Option<i64>) -> (i64, i64, i64) {
    let (page, limit) = (page.unwrap_or(1).max(1), limit.unwrap_or(20).clamp(1, 200));
    (page, limit, (page - 1).saturating_mul(limit))
}

/// A page of workflows.
pub async fn list(
    state: &AppState,
    status: Option<&str>,
    page: Option<i64>,
    limit: Option<i64>,
) -> Result<WorkflowPage, ServiceError> {
    if let Some(status) = status {
        check_status(status)?;
    }
    let (page, limit, offset) = page_window(page, limit);
    let (rows, total) = store::list(&state.pool, status, limit, offset).await?;
    let mut workflows = Vec::with_capacity(rows.len());
    for row in rows {
        workflows.push(view(state, row).await?);
    }
    Ok(WorkflowPage { workflows, total, page, limit })
}

/// Applies an update: a new canvas bumps the version (and re-registers the triggers of an active
/// workflow); `status` activates (after validation) or deactivates.
pub async fn update(state: &AppState, id: &str, body: WorkflowBody) -> Result<WorkflowView, ServiceError> {
    let mut workflow = load(state, id).await?;
    if let Some(status) = &body.status {
        check_status(status)?;
    }
    if let Some(name) = &body.name {
        let name = name.trim();
        if name.is_empty() {
            return Err(field_error("name", "give the workflow a name"));
        }
        workflow.name = name.to_owned();
    }
    if body.description.is_some() {
        workflow.description = body.description.clone();
    }
    if let Some(settings) = &body.settings {
        workflow.settings = Value::Object(settings.clone());
    }
    if let Some(extra) = workflow.extra.as_object_mut() {
        extra.extend(body.extra.clone());
    }
    let new_canvas = canvas_of(&body)?.filter(|canvas| *canvas != workflow.canvas);
    let was_active = workflow.status == "active";
    if let Some(canvas) = new_canvas.clone() {
        if was_active {
            // The new canvas must pass before the running one is replaced.
            let parsed = Canvas::from_value(canvas.clone()).map_err(|e| field_error("canvas", e.to_string()))?;
            let problems = problems(state, &parsed).await?;
            if !problems.is_empty() {
                return Err(ServiceError::WorkflowInvalid { errors: as_field_errors(&problems) });
            }
        }
        workflow.canvas = canvas;
        workflow.version += 1;
    }
    workflow.updated_at = storage::now();
    store::update(&state.pool, &workflow).await?;
    let wanted = body.status.clone().unwrap_or_else(|| workflow.status.clone());
    if new_canvas.is_some() && was_active && wanted == "active" {
        deactivate(state, &workflow).await?;
        workflow.status = "draft".into();
    }
    if wanted != workflow.status {
        workflow = set_status(state, workflow, &wanted).await?;
    }
    view(state, workflow).await
}

/// Moves a workflow to `status`: `active` validates and registers its triggers (a failure
/// registers nothing and leaves it as it was), anything else removes them.
async fn set_status(
    state: &AppState,
    mut workflow: StoredWorkflow,
    status: &str,
) -> Result<StoredWorkflow, ServiceError> {
    if status == "active" {
        let canvas = resolved(state, &canvas(&workflow)?);
        let problems = problems(state, &canvas).await?;
        if !problems.is_empty() {
            return Err(ServiceError::WorkflowInvalid { errors: as_field_errors(&problems) });
        }
        if let Err(error) = activate(state, &workflow, &canvas).await {
            deactivate(state, &workflow).await?;
            workflow.last_error = Some(error.public_message());
            store::update(&state.pool, &workflow).await?;
            return Err(error);
        }
        workflow.last_error = None;
    } else if workflow.status == "active" {
        deactivate(state, &workflow).await?;
    }
    workflow.status = status.to_owned();
    workflow.updated_at = storage::now();
    store::update(&state.pool, &workflow).await?;
    tracing::info!(id = %workflow.id, status, "workflow status changed");
    Ok(workflow)
}

/// Registers the trigger of an active workflow: a connector trigger with its connection, a
/// schedule; manual and webhook triggers need no registration.
async fn activate(state: &AppState, workflow: &StoredWorkflow, canvas: &Canvas) -> Result<(), ServiceError> {
    for node in canvas.nodes.iter().filter(|n| n.is_trigger()) {
        let params = node.params();
        let request = match node.node_type.as_str() {
            node_type::CONNECTOR_TRIGGER => {
                let connector = node.connector().unwrap_or_default();
                let connection = runner::connection_for(state, node, connector)
                    .await?
                    .map_err(|message| field_error(&format!("nodes.{}", node.label()), message))?;
                let mut config = params.clone();
                // `pollInterval`, or the `pollingInterval` field of the database connectors' forms
                // (which stays in their configuration).
                let interval = config
                    .remove("pollInterval")
                    .or_else(|| config.get("pollingInterval").cloned())
                    .and_then(|v| v.as_u64())
                    .map(|v| v as u32);
                CreateTrigger {
                    connector_id: Some(connection),
                    trigger: node.trigger().unwrap_or_default().to_owned(),
                    config,
                    poll_interval_secs: interval,
                }
            }
            node_type::SCHEDULE_TRIGGER => {
                let mut config = Map::new();
                for key in ["schedule", "cron", "timezone"] {
                    if let Some(value) = params.get(key) {
                        config.insert(key.into(), value.clone());
                    }
                }
                CreateTrigger {
                    connector_id: None,
                    trigger: triggers::SCHEDULE.into(),
                    config,
                    poll_interval_secs: None,
                }
            }
            _ => continue,
        };
        triggers::create_for(state, request, Some((&workflow.id, &node.id)), SystemTime::now()).await?;
    }
    Ok(())
}

/// Removes the trigger registrations of a workflow (unsubscribing at the providers).
async fn deactivate(state: &AppState, workflow: &StoredWorkflow) -> Result<(), ServiceError> {
    for registration in triggers::store::of_workflow(&state.pool, &workflow.id).await? {
        triggers::delete(state, &registration.id).await?;
    }
    Ok(())
}

/// Deletes a workflow: its triggers first (unsubscribed), then it and its executions.
pub async fn delete(state: &AppState, id: &str) -> Result<(), ServiceError> {
    let workflow = load(state, id).await?;
    deactivate(state, &workflow).await?;
    store::delete(&state.pool, id).await?;
    Ok(())
}

/// Queues a run of workflow `id` from its trigger with `input` and waits for it (up to
/// [`MANUAL_WAIT`]); answers the execution as it stands.
pub async fn execute(state: &AppState, id: &str, body: ExecuteBody) -> Result<ExecutionView, ServiceError> {
    let workflow = load(state, id).await?;
    let canvas = canvas(&workflow)?;
    let trigger = fluxturn_workflow::graph::plan(&canvas, None)
        .map_err(|e| ServiceError::WorkflowInvalid {
            errors: vec![FieldError { field: "canvas".into(), message: e.to_string() }],
        })?
        .trigger
        .id
        .clone();
    let input = body.input_data.unwrap_or_else(|| json!({}));
    let new = NewExecution {
        workflow_id: &workflow.id,
        workflow_version: workflow.version,
        mode: "manual",
        trigger_node: Some(&trigger),
        trigger_data: &input,
        retry_of: None,
    };
    let execution_id = runner::enqueue(state, &new).await?;
    runner::wait_for(state, &execution_id, MANUAL_WAIT).await
}

/// One execution.
pub async fn execution(state: &AppState, id: &str) -> Result<ExecutionView, ServiceError> {
    let found = store::get_execution(&state.pool, id).await?;
    found.map(execution_view).ok_or_else(|| ServiceError::ExecutionNotFound { id: id.to_owned() })
}

/// A page of executions (of one workflow, of one status).
pub async fn executions(
    state: &AppState,
    workflow_id: Option<&str>,
    status: Option<&str>,
    page: Option<i64>,
    limit: Option<i64>,
) -> Result<ExecutionPage, ServiceError> {
    if let Some(id) = workflow_id {
        load(state, id).await?;
    }
    let (page, limit, offset) = page_window(page, limit);
    let (rows, total) = store::executions(&state.pool, workflow_id, status, limit, offset).await?;
    Ok(ExecutionPage { executions: rows.into_iter().map(execution_view).collect(), total, page, limit })
}

/// Queues a new run of a finished execution, with the same trigger data.
pub async fn retry(state: &AppState, id: &str) -> Result<ExecutionView, ServiceError> {
    let old = store::get_execution(&state.pool, id)
        .await?
        .ok_or_else(|| ServiceError::ExecutionNotFound { id: id.into() })?;
    if matches!(old.status.as_str(), "queued" | "running" | "waiting") {
        return Err(ServiceError::Conflict {
            reason: format!("execution `{id}` is still {}: retry it once it has ended", old.status),
        });
    }
    let workflow = load(state, &old.workflow_id).await?;
    let new = NewExecution {
        workflow_id: &workflow.id,
        workflow_version: workflow.version,
        mode: "retry",
        trigger_node: old.trigger_node.as_deref(),
        trigger_data: &old.trigger_data,
        retry_of: Some(id),
    };
    let execution_id = runner::enqueue(state, &new).await?;
    execution(state, &execution_id).await
}

/// Cancels a queued or running execution (a running one stops at its next node).
pub async fn cancel(state: &AppState, id: &str) -> Result<ExecutionView, ServiceError> {
    let found = store::get_execution(&state.pool, id)
        .await?
        .ok_or_else(|| ServiceError::ExecutionNotFound { id: id.into() })?;
    if !store::cancel(&state.pool, id).await? {
        return Err(ServiceError::Conflict {
            reason: format!("execution `{id}` has already ended ({})", found.status),
        });
    }
    state.executions.cancelled(id);
    execution(state, id).await
}

/// `GET /api/v1/workflow/{id}/webhook-url`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WebhookUrl {
    /// Where to send requests that start the workflow (its webhook trigger, or its connector
    /// trigger's registration); `null` when its trigger takes none.
    #[serde(rename = "webhookUrl")]
    pub webhook_url: Option<String>,
    /// The trigger node's type.
    #[serde(rename = "triggerType")]
    pub trigger_type: Option<String>,
    /// Why there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The URL that starts workflow `id`.
pub async fn webhook_url(state: &AppState, id: &str) -> Result<WebhookUrl, ServiceError> {
    let workflow = load(state, id).await?;
    let canvas = canvas(&workflow)?;
    let trigger: Option<&Node> = canvas.nodes.iter().find(|n| n.is_trigger());
    let trigger_type = trigger.map(|n| n.node_type.clone());
    let url = match trigger.map(|n| n.node_type.as_str()) {
        Some(node_type::WEBHOOK_TRIGGER) => Some(format!("{}/api/v1/webhook/{}", state.public_url, workflow.id)),
        Some(node_type::CONNECTOR_TRIGGER) => triggers::store::of_workflow(&state.pool, &workflow.id)
            .await?
            .iter()
            .find(|r| r.kind == triggers::store::Kind::Webhook)
            .map(|r| triggers::webhook_url(state, r)),
        _ => None,
    };
    let message = url.is_none().then(|| match trigger_type.as_deref() {
        Some(node_type::CONNECTOR_TRIGGER) => "the URL is made when the workflow is activated".to_owned(),
        _ => "this workflow's trigger takes no webhook".to_owned(),
    });
    Ok(WebhookUrl { webhook_url: url, trigger_type, message })
}

/// `POST /api/v1/workflow/import`: a FluxTurn template file (or an export) becomes a draft
/// workflow; its `problems` list what must still be filled in.
pub async fn import(state: &AppState, document: Value) -> Result<WorkflowView, ServiceError> {
    let canvas = Canvas::find(&document).map_err(|e| field_error("canvas", e.to_string()))?;
    let name = document.get("name").and_then(Value::as_str).unwrap_or("Imported workflow").to_owned();
    let description = document.get("description").and_then(Value::as_str).map(str::to_owned);
    let mut extra = Map::new();
    for key in ["category", "tags", "required_connectors", "metadata"] {
        if let Some(value) = document.get(key) {
            extra.insert(key.into(), value.clone());
        }
    }
    let body = WorkflowBody {
        name: Some(name),
        description,
        canvas: Some(serde_json::to_value(&canvas).map_err(|e| ServiceError::Internal(e.to_string()))?),
        // An export's settings (`retryOnCrash`, `executionTimeout`…) come back with it.
        settings: document.get("settings").and_then(Value::as_object).cloned(),
        extra,
        ..WorkflowBody::default()
    };
    create(state, body).await
}
