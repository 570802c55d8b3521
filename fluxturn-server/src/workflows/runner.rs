//! The workers: a pool of tasks that claim queued executions atomically and run them with the
//! engine, calling connector actions through the stored connections. At start-up the
//! executions a crash left `running` become `crashed` (and are queued again when their workflow
//! says `retryOnCrash`); finished executions are pruned by age and count.

use super::store::{self, Finished, NewExecution};
use super::{execution, ExecutionView};
use crate::app::AppState;
use crate::connections::{self, ExecuteRequest};
use crate::error::ServiceError;
use fluxturn_workflow::canvas::{Canvas, Node};
use fluxturn_workflow::engine::{self, ActionCall, Actions, Answer, BoxFuture, Settings, Status, StepError};
use fluxturn_workflow::graph;
use fluxturn_workflow::item::items_from;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Notify;

/// How the workers run: their number, limits and pruning.
#[derive(Debug, Clone)]
pub struct ExecutionLimits {
    /// Executions run at once.
    pub workers: usize,
    /// A run's time limit when its workflow sets none (`settings.executionTimeout`, seconds).
    pub execution_timeout: Duration,
    /// Finished executions older than this are deleted.
    pub max_age: Duration,
    /// At most this many finished executions are kept.
    pub max_count: i64,
    /// The environment variables expressions may read (`$env.NAME`), with their values.
    pub expression_env: BTreeMap<String, String>,
}

impl Default for ExecutionLimits {
    /// 4 workers, 1 hour per run, n8n's pruning defaults (336 hours, 10,000 executions), no `$env`.
    fn default() -> Self {
        Self {
            workers: 4,
            execution_timeout: Duration::from_secs(3600),
            max_age: Duration::from_secs(336 * 3600),
            max_count: 10_000,
            expression_env: BTreeMap::new(),
        }
    }
}

/// The queue's signals: work queued, an execution finished or cancelled.
#[derive(Default)]
pub struct Executions {
    /// This process's id, the owner of the leases on the executions it runs.
    pub instance: String,
    queued: Notify,
    /// One signal per execution someone waits for (a `lastNode` webhook), so that an execution
    /// finishing wakes its own waiters, not every waiter.
    finished: Mutex<HashMap<String, Arc<Notify>>>,
    cancelled: Mutex<HashSet<String>>,
    /// The limits the workers run with.
    pub limits: ExecutionLimits,
}

impl Executions {
    /// Signals with `limits`.
    pub fn new(limits: ExecutionLimits) -> Self {
        Self { limits, instance: uuid::Uuid::new_v4().to_string(), ..Self::default() }
    }

    /// Wakes a worker: something was queued.
    pub fn wake(&self) {
        self.queued.notify_one();
    }

    /// Records that `id` was cancelled, so its worker stops it.
    pub fn cancelled(&self, id: &str) {
        self.cancelled.lock().expect("not poisoned").insert(id.to_owned());
        self.ended(id);
    }

    /// Wakes whoever waits for execution `id`.
    fn ended(&self, id: &str) {
        if let Some(signal) = self.finished.lock().expect("not poisoned").get(id) {
            signal.notify_waiters();
        }
    }

    /// The signal of execution `id`, held until the returned guard is dropped.
    fn watch(&self, id: &str) -> Watch<'_> {
        let signal = self.finished.lock().expect("not poisoned").entry(id.to_owned()).or_default().clone();
        Watch { executions: self, id: id.to_owned(), signal }
    }

    fn is_cancelled(&self, id: &str) -> bool {
        self.cancelled.lock().expect("not poisoned").contains(id)
    }
}

/// A waiter's hold on an execution's signal; the last one to go removes it.
struct Watch<'e> {
    executions: &'e Executions,
    id: String,
    signal: Arc<Notify>,
}

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        let mut finished = self.executions.finished.lock().expect("not poisoned");
        // The map's reference and this one: no other waiter holds it.
        if Arc::strong_count(&self.signal) == 2 {
            finished.remove(&self.id);
        }
    }
}

/// Queues an execution and wakes a worker; returns its id.
pub async fn enqueue(state: &AppState, new: &NewExecution<'_>) -> Result<String, ServiceError> {
    let mut conn = state.pool.acquire().await?;
    let id = store::enqueue(&mut conn, new).await?;
    state.executions.wake();
    Ok(id)
}

/// Waits until execution `id` has ended (or `limit` passed); answers it as it stands.
pub async fn wait_for(state: &AppState, id: &str, limit: Duration) -> Result<ExecutionView, ServiceError> {
    let deadline = Instant::now() + limit;
    let watch = state.executions.watch(id);
    loop {
        let finished = watch.signal.notified();
        let current = execution(state, id).await?;
        if !matches!(current.status.as_str(), "queued" | "running") || Instant::now() >= deadline {
            return Ok(current);
        }
        // A notification, or a look every 200 ms (another instance may run it).
        let _ = tokio::time::timeout(Duration::from_millis(200), finished).await;
    }
}

/// At start-up: executions a crash left running become `crashed`; those of workflows with
/// `retryOnCrash` are queued again. Returns how many crashed. On SQLite this instance is the only
/// one, so every running execution is a crashed one; on PostgreSQL only those whose lease ran
/// out (the others are running on another instance).
pub async fn recover(state: &AppState) -> Result<usize, ServiceError> {
    let expired_by = match crate::storage::dialect(&state.pool) {
        crate::storage::Dialect::Sqlite => None,
        crate::storage::Dialect::Postgres => Some(unix_now()),
    };
    recover_crashed(state, expired_by).await
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// How often an instance renews its executions' leases and looks for other instances' expired
/// ones (a third of the lease).
const LEASE_RENEWAL: Duration = Duration::from_secs(store::EXECUTION_LEASE_SECS as u64 / 3);

/// Renews this instance's leases; on PostgreSQL, also marks crashed the executions of instances
/// that died (their leases ran out). Returns how many crashed.
pub async fn keep_leases(state: &AppState) -> Result<usize, ServiceError> {
    let now = unix_now();
    store::renew_leases(&state.pool, &state.executions.instance, now + store::EXECUTION_LEASE_SECS).await?;
    match crate::storage::dialect(&state.pool) {
        crate::storage::Dialect::Sqlite => Ok(0),
        crate::storage::Dialect::Postgres => recover_expired(state, now).await,
    }
}

/// Marks crashed the running executions whose lease ran out by `now` (Unix seconds: the instance
/// running them died), and queues again those of workflows with `retryOnCrash`; how many crashed.
pub async fn recover_expired(state: &AppState, now: i64) -> Result<usize, ServiceError> {
    recover_crashed(state, Some(now)).await
}

/// Marks crashed the running executions (all, or those whose lease ran out by `expired_by`), and
/// queues again those of workflows with `retryOnCrash`.
async fn recover_crashed(state: &AppState, expired_by: Option<i64>) -> Result<usize, ServiceError> {
    let crashed = store::mark_crashed(&state.pool, expired_by).await?;
    for execution in &crashed {
        tracing::warn!(execution = %execution.id, workflow = %execution.workflow_id, "execution crashed with the server");
        let Some(workflow) = store::get(&state.pool, &execution.workflow_id).await? else { continue };
        if workflow.settings.get("retryOnCrash").and_then(Value::as_bool) == Some(true) {
            let new = NewExecution {
                workflow_id: &workflow.id,
                workflow_version: workflow.version,
                mode: "retry",
                trigger_node: execution.trigger_node.as_deref(),
                trigger_data: &execution.trigger_data,
                retry_of: Some(&execution.id),
            };
            enqueue(state, &new).await?;
        }
    }
    Ok(crashed.len())
}

/// Runs the workers until the process ends, pruning once an hour.
pub async fn run_forever(state: Arc<AppState>) {
    if let Err(error) = recover(&state).await {
        tracing::error!(%error, "marking crashed executions failed");
    }
    let workers: Vec<_> =
        (0..state.executions.limits.workers.max(1)).map(|_| tokio::spawn(work(state.clone()))).collect();
    let mut tick = tokio::time::interval(LEASE_RENEWAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_prune = None::<Instant>;
    loop {
        tick.tick().await;
        if let Err(error) = keep_leases(&state).await {
            tracing::error!(%error, "renewing the execution leases failed");
        }
        if last_prune.is_none_or(|at| at.elapsed() >= Duration::from_secs(3600)) {
            last_prune = Some(Instant::now());
            if let Err(error) = prune_now(&state).await {
                tracing::error!(%error, "pruning executions failed");
            }
        }
        if workers.iter().all(|w| w.is_finished()) {
            return;
        }
    }
}

/// Deletes the finished executions past the age and count limits.
pub async fn prune_now(state: &AppState) -> Result<u64, ServiceError> {
    let limits = &state.executions.limits;
    let before = SystemTime::now().checked_sub(limits.max_age).unwrap_or(SystemTime::UNIX_EPOCH);
    let before = humantime::format_rfc3339_millis(before).to_string();
    let pruned = store::prune(&state.pool, &before, limits.max_count).await?;
    if pruned > 0 {
        tracing::info!(pruned, "old executions pruned");
    }
    Ok(pruned)
}

/// One worker: claim, run, repeat; sleep until woken when the queue is empty.
async fn work(state: Arc<AppState>) {
    loop {
        let woken = state.executions.queued.notified();
        match run_next(&state).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(error) => tracing::error!(%error, "running an execution failed"),
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), woken).await;
    }
}

/// Claims and runs the oldest queued execution (or waiting one that is due); whether there was one.
pub async fn run_next(state: &AppState) -> Result<bool, ServiceError> {
    run_next_at(state, SystemTime::now()).await
}

/// [`run_next`] as if it were `now` (a waiting run is due when its time has come by `now`).
pub async fn run_next_at(state: &AppState, now: SystemTime) -> Result<bool, ServiceError> {
    let now_secs = now.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let lease_until = now_secs.max(unix_now()) + store::EXECUTION_LEASE_SECS;
    let Some(claimed) = store::claim_for(&state.pool, now_secs, &state.executions.instance, lease_until).await? else {
        return Ok(false);
    };
    let started = Instant::now();
    let outcome = run_claimed(state, &claimed).await;
    let (status, run_data, output, error, resume_at) = match outcome {
        Ok(execution) => {
            let output = execution.last_output().map(|items| json!(items)).unwrap_or(json!([]));
            let status = match execution.status {
                Status::Completed => "completed",
                Status::Failed => "failed",
                Status::Timeout => "timeout",
                Status::Waiting => "waiting",
            };
            (status, json!(execution.nodes), output, execution.error, execution.resume_at.map(|at| at as i64))
        }
        Err(error) => ("failed", json!([]), json!([]), Some(error.public_message()), None),
    };
    let status = if state.executions.is_cancelled(&claimed.id) { "cancelled" } else { status };
    let done = Finished {
        status,
        run_data: &run_data,
        output_data: &output,
        error: error.as_deref(),
        duration_ms: claimed.duration_ms.unwrap_or(0) + started.elapsed().as_millis() as i64,
        resume_at,
    };
    store::finish(&state.pool, &claimed.id, &done).await?;
    state.executions.cancelled.lock().expect("not poisoned").remove(&claimed.id);
    state.executions.ended(&claimed.id);
    tracing::info!(execution = %claimed.id, status, "execution finished");
    Ok(true)
}

async fn run_claimed(state: &AppState, claimed: &store::StoredExecution) -> Result<engine::Execution, ServiceError> {
    let workflow = super::load(state, &claimed.workflow_id).await?;
    let canvas: Canvas = super::resolved(state, &super::canvas(&workflow)?);
    let plan = graph::plan(&canvas, claimed.trigger_node.as_deref()).map_err(|e| ServiceError::WorkflowInvalid {
        errors: vec![fluxturn_core::FieldError { field: "canvas".into(), message: e.to_string() }],
    })?;
    let limits = &state.executions.limits;
    let timeout = workflow
        .settings
        .get("executionTimeout")
        .and_then(Value::as_u64)
        .filter(|s| *s > 0)
        .map(Duration::from_secs)
        .unwrap_or(limits.execution_timeout);
    let settings = Settings {
        workflow: json!({"id": workflow.id, "name": workflow.name, "active": workflow.status == "active"}),
        execution: json!({"id": claimed.id, "mode": claimed.mode}),
        now: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
        env: limits.expression_env.clone(),
        execution_timeout: Some(timeout),
        ..Settings::default()
    };
    let actions = ServerActions::new(state, Some(&claimed.id));
    // A run that waited goes on from what it had done.
    let previous: Vec<engine::NodeRun> = match &claimed.run_data {
        Value::Null => Vec::new(),
        data => serde_json::from_value(data.clone()).map_err(|e| {
            ServiceError::Internal(format!("execution {} holds run data that no longer reads: {e}", claimed.id))
        })?,
    };
    Ok(engine::resume(&plan, items_from(claimed.trigger_data.clone()), &actions, &settings, previous).await)
}

/// Connector actions through the stored connections, as `POST /connectors/{id}/execute` runs them.
pub struct ServerActions<'s> {
    state: &'s AppState,
    execution: Option<&'s str>,
    /// The connection found for each connection named, or for each connector whose nodes name
    /// none, so a run looks them up once, not once per node and item.
    connections: Mutex<BTreeMap<String, String>>,
}

impl<'s> ServerActions<'s> {
    /// The actions of execution `execution` (stopped when it is cancelled), or of a local run.
    pub fn new(state: &'s AppState, execution: Option<&'s str>) -> Self {
        Self { state, execution, connections: Mutex::new(BTreeMap::new()) }
    }

    /// The connection of `node`, found once per run.
    async fn connection(&self, node: &Node, connector: &str) -> Result<String, StepError> {
        let key = match named_connection(node) {
            Some(id) => format!("{connector}/{id}"),
            None => connector.to_owned(),
        };
        if let Some(id) = self.connections.lock().expect("not poisoned").get(&key) {
            return Ok(id.clone());
        }
        let id = match connection_for(self.state, node, connector).await {
            Ok(Ok(id)) => id,
            Ok(Err(message)) => return Err(StepError::new(message)),
            Err(error) => return Err(StepError::new(error.public_message())),
        };
        self.connections.lock().expect("not poisoned").insert(key, id.clone());
        Ok(id)
    }
}

impl Actions for ServerActions<'_> {
    fn run<'a>(&'a self, call: ActionCall<'a>) -> BoxFuture<'a, Result<Answer, StepError>> {
        Box::pin(async move {
            if self.execution.is_some_and(|id| self.state.executions.is_cancelled(id)) {
                return Err(StepError::new("the execution was cancelled"));
            }
            let connection = self.connection(call.node, call.connector).await?;
            let input = coerce(self.state, call.connector, call.action, call.input);
            let request = ExecuteRequest { action: call.action.to_owned(), parameters: input };
            match connections::execute(self.state, &connection, request).await {
                Ok(answer) => Ok(answer.get("data").cloned().unwrap_or(Value::Null).into()),
                // The upstream did what was asked (2xx) and answered in a shape the action did
                // not expect: the step keeps that answer, with a warning, and never fails after
                // the side effect happened.
                Err(ServiceError::Connector(error))
                    if error.code == fluxturn_core::ErrorCode::InvalidResponse
                        && error.details.get("upstream_body").is_some() =>
                {
                    let warning = format!(
                        "`{}` answered in a shape `{}` does not expect ({}); the step keeps the answer as sent",
                        call.connector, call.action, error.message
                    );
                    Ok(Answer { value: error.details["upstream_body"].clone(), warning: Some(warning) })
                }
                Err(error) => Err(StepError::new(error.public_message())),
            }
        })
    }
}

/// An expression keeps its value's type (`{{ $json.chat.id }}` is a number), and FluxTurn's
/// templates rely on the value becoming what the field takes: a number or boolean given to a
/// text field becomes its text, a numeric text given to a number field its number, `"true"`
/// and `"false"` given to a boolean field a boolean. Nothing else changes; the input schema
/// still judges the result.
fn coerce(state: &AppState, connector: &str, action: &str, input: Value) -> Value {
    let Value::Object(mut fields) = input else { return input };
    let Some(definition) = state.catalogue.registry().definition(connector) else { return Value::Object(fields) };
    let Some(action) = definition.action(action) else { return Value::Object(fields) };
    for (name, field) in &action.input_schema {
        let Some(value) = fields.get_mut(name) else { continue };
        let coerced =
            match (field.field_type.as_str(), &*value) {
                ("string" | "select", Value::Number(n)) => Some(Value::String(n.to_string())),
                ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
                ("number", Value::String(text)) => text.trim().parse::<i64>().map(Value::from).ok().or_else(|| {
                    text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)
                }),
                ("boolean", Value::String(text)) => match text.trim() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ => None,
                },
                _ => None,
            };
        if let Some(coerced) = coerced {
            *value = coerced;
        }
    }
    Value::Object(fields)
}

/// The connection a node names (`credentialId`, `connectionId` or `connectorConfigId`).
fn named_connection(node: &Node) -> Option<&str> {
    ["credentialId", "connectionId", "connectorConfigId"]
        .iter()
        .find_map(|key| node.data.get(*key).and_then(Value::as_str))
        .map(str::trim)
        .filter(|id| !id.is_empty())
}

/// The connection a connector node uses: the one it names, else the only one of its connector.
/// `Ok(Err(message))` says what the user must do.
pub async fn connection_for(
    state: &AppState,
    node: &Node,
    connector: &str,
) -> Result<Result<String, String>, ServiceError> {
    if let Some(id) = named_connection(node) {
        let found: Option<String> = sqlx::query_scalar("SELECT connector_type FROM connector_configs WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.pool)
            .await?;
        return Ok(match found {
            Some(kind) if kind == connector => Ok(id.to_owned()),
            Some(kind) => Err(format!("connection `{id}` is a {kind} connection, not {connector}")),
            None => Err(format!("connection `{id}` does not exist (any more): choose another {connector} connection")),
        });
    }
    let mine: Vec<String> = sqlx::query_scalar("SELECT id FROM connector_configs WHERE connector_type = $1 LIMIT 10")
        .bind(connector)
        .fetch_all(&state.pool)
        .await?;
    Ok(match mine.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("there is no {connector} connection: create one (POST /api/v1/connectors), then run again")),
        many => {
            Err(format!("there are {} {connector} connections: choose one in the node (`credentialId`)", many.len()))
        }
    })
}
