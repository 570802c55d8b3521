//! The engine: runs a [`Plan`] from its trigger's items. Each node runs once all its reachable
//! parents have finished, on the items of the parent outputs its edges take; a node whose inputs
//! are all empty is skipped, and so are its children unless another parent feeds them. Errors are
//! per node, with n8n's settings: `retryOnFail`, `maxTries`, `waitBetweenTries`, `onError`
//! (`stopWorkflow`, `continueRegularOutput`, `continueErrorOutput`) and a `timeout`.

use crate::canvas::{node_type, Node};
use crate::expr::{self, Context, Nodes};
use crate::graph::Plan;
use crate::item::{Item, Outputs};
use crate::nodes;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// A boxed, sendable future (what [`Actions::run`] returns).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One connector action call the engine asks for.
#[derive(Debug, Clone)]
pub struct ActionCall<'a> {
    /// The node (its label names it in errors).
    pub node: &'a Node,
    /// The connector (`slack`).
    pub connector: &'a str,
    /// The action (`send_message`).
    pub action: &'a str,
    /// The connection the node names (`data.credentialId`, `data.connectionId` or
    /// `data.connectorConfigId`), if it names one.
    pub connection: Option<&'a str>,
    /// The node's parameters for this item, expressions resolved.
    pub input: Value,
}

/// A failed step, as the run data shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct StepError {
    /// What went wrong, for the user (never a secret).
    pub message: String,
}

impl StepError {
    /// A step error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

/// What an action call answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The action's output.
    pub value: Value,
    /// Something the user should know although the call succeeded (an upstream answer that did
    /// not match the action's output type, kept as the upstream sent it).
    pub warning: Option<String>,
}

impl From<Value> for Answer {
    fn from(value: Value) -> Self {
        Self { value, warning: None }
    }
}

/// Runs connector actions for the engine: the server implements it with its stored
/// connections; tests with a mock.
pub trait Actions: Send + Sync {
    /// Runs one action call; its answer, or why it failed.
    fn run<'a>(&'a self, call: ActionCall<'a>) -> BoxFuture<'a, Result<Answer, StepError>>;
}

/// What a run can see and how long it may take.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `$workflow`.
    pub workflow: Value,
    /// `$execution`.
    pub execution: Value,
    /// `$now` (RFC 3339).
    pub now: String,
    /// The environment variables the operator allow-listed for `$env`.
    pub env: BTreeMap<String, String>,
    /// A node's time limit when it sets none (`timeout`, in ms, on the node).
    pub node_timeout: Duration,
    /// The whole run's time limit.
    pub execution_timeout: Option<Duration>,
}

impl Default for Settings {
    /// Nothing visible, 5 minutes per node, no limit for the run.
    fn default() -> Self {
        Self {
            workflow: Value::Object(Map::new()),
            execution: Value::Object(Map::new()),
            now: String::new(),
            env: BTreeMap::new(),
            node_timeout: Duration::from_secs(300),
            execution_timeout: None,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every reached node succeeded, was skipped, or failed with `onError` continuing.
    Completed,
    /// A node failed and stopped the run.
    Failed,
    /// The run's time limit passed.
    Timeout,
    /// A WAIT node paused the run until `resume_at`; [`resume`] goes on from there with the
    /// nodes that already ran.
    Waiting,
}

/// How one node ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// It ran.
    Success,
    /// Its inputs were all empty, so it did not run.
    Skipped,
    /// It failed (after its tries).
    Failed,
    /// It failed, and `onError` sent the error on as items.
    ContinuedOnError,
}

/// What one node did: the run data a user inspects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeRun {
    /// The node's id.
    pub node: String,
    /// Its label.
    pub label: String,
    /// Its type.
    #[serde(rename = "type")]
    pub node_type: String,
    /// How it ended.
    pub status: NodeStatus,
    /// The items it received.
    pub input: Vec<Item>,
    /// The items it sent, per output.
    pub output: Outputs,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Expressions that resolved to nothing, and other things worth a look.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// How many times it ran (more than 1 after retries).
    pub tries: u32,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
}

/// A finished run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Execution {
    /// How it ended.
    pub status: Status,
    /// Each reached node, in the order they ran (a failed run keeps what ran).
    pub nodes: Vec<NodeRun>,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// When a waiting run goes on (Unix seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume_at: Option<u64>,
}

impl Execution {
    /// The run data of node `id`.
    pub fn node(&self, id: &str) -> Option<&NodeRun> {
        self.nodes.iter().find(|n| n.node == id)
    }

    /// The first output of the last node that ran successfully (what a `lastNode` webhook
    /// response answers with).
    pub fn last_output(&self) -> Option<&[Item]> {
        self.nodes
            .iter()
            .rev()
            .find(|n| n.status == NodeStatus::Success)
            .and_then(|n| n.output.first())
            .map(Vec::as_slice)
    }
}

/// The outputs of the nodes that ran, as expressions find them (by id or label).
struct Ran<'r> {
    runs: &'r [NodeRun],
}

impl Ran<'_> {
    fn find(&self, name: &str) -> Option<&NodeRun> {
        self.runs.iter().find(|r| r.node == name).or_else(|| self.runs.iter().find(|r| r.label == name))
    }

    fn items(&self, name: &str) -> Option<&[Item]> {
        let run = self.find(name)?;
        Some(run.output.iter().find(|o| !o.is_empty()).map(Vec::as_slice).unwrap_or(&[]))
    }
}

impl Nodes for Ran<'_> {
    fn json(&self, name: &str) -> Option<Value> {
        self.items(name).map(|items| items.first().map(|i| i.json.clone()).unwrap_or(Value::Null))
    }

    fn all(&self, name: &str) -> Option<Vec<Value>> {
        self.items(name).map(|items| items.iter().map(|i| i.json.clone()).collect())
    }
}

/// Runs `plan` from the trigger's `items`.
pub async fn run(plan: &Plan<'_>, items: Vec<Item>, actions: &dyn Actions, settings: &Settings) -> Execution {
    resume(plan, items, actions, settings, Vec::new()).await
}

/// Goes on with a run that waited: the nodes in `previous` (what ran before the WAIT, the WAIT
/// included) keep their results and are not run again.
pub async fn resume(
    plan: &Plan<'_>,
    items: Vec<Item>,
    actions: &dyn Actions,
    settings: &Settings,
    previous: Vec<NodeRun>,
) -> Execution {
    let started = Instant::now();
    let deadline = settings.execution_timeout.map(|limit| started + limit);
    let mut runs: Vec<NodeRun> = Vec::with_capacity(plan.order.len());
    let mut index: HashMap<&str, usize> = HashMap::new();
    let trigger_json = items.first().map(|i| i.json.clone()).unwrap_or(Value::Object(Map::new()));
    for node in &plan.order {
        let node_started = Instant::now();
        if let Some(done) = previous.iter().find(|r| r.node == node.id && r.status != NodeStatus::Failed) {
            index.insert(node.id.as_str(), runs.len());
            runs.push(done.clone());
            continue;
        }
        if node.id == plan.trigger.id {
            index.insert(node.id.as_str(), runs.len());
            runs.push(record(node, NodeStatus::Success, Vec::new(), vec![items.clone()], node_started));
            continue;
        }
        let inputs: Vec<Vec<Item>> = plan
            .parents(&node.id)
            .map(|(parent, output)| {
                index.get(parent).and_then(|at| runs[*at].output.get(output)).cloned().unwrap_or_default()
            })
            .collect();
        if inputs.iter().all(Vec::is_empty) {
            index.insert(node.id.as_str(), runs.len());
            runs.push(record(node, NodeStatus::Skipped, Vec::new(), Vec::new(), node_started));
            continue;
        }
        let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if remaining == Some(Duration::ZERO) {
            return timed_out(runs, node);
        }
        if node.node_type == node_type::WAIT {
            let input: Vec<Item> = inputs.concat();
            match nodes::wait::until(node, std::time::SystemTime::now()) {
                Ok(resume_at) => {
                    // The WAIT passes its items on when the run resumes; it is recorded as done now.
                    runs.push(record(node, NodeStatus::Success, input.clone(), vec![input], node_started));
                    return Execution { status: Status::Waiting, nodes: runs, error: None, resume_at: Some(resume_at) };
                }
                Err(error) => {
                    let mut run = record(node, NodeStatus::Failed, input, Vec::new(), node_started);
                    run.error = Some(error.message.clone());
                    runs.push(run);
                    let message = format!("node `{}` failed: {}", node.label(), error.message);
                    return Execution { status: Status::Failed, nodes: runs, error: Some(message), resume_at: None };
                }
            }
        }
        let limit = node_timeout(node, settings).min(remaining.unwrap_or(Duration::MAX));
        let policy = ErrorPolicy::of(node);
        let mut tries = 0;
        let outcome = loop {
            tries += 1;
            let scope = Scope { trigger: &trigger_json, ran: Ran { runs: &runs }, settings };
            let attempt = tokio::time::timeout(limit, run_node(node, &inputs, &scope, actions)).await;
            let result = match attempt {
                Ok(result) => result,
                Err(_) if remaining.is_some_and(|r| r <= limit) => return timed_out(runs, node),
                Err(_) => Err(StepError::new(format!("`{}` took longer than {} ms", node.label(), limit.as_millis()))),
            };
            match result {
                Ok(done) => break Ok(done),
                Err(error) if tries < policy.tries => {
                    tracing::debug!(node = %node.id, tries, %error, "node failed, retrying");
                    tokio::time::sleep(policy.wait).await;
                }
                Err(error) => break Err(error),
            }
        };
        let input: Vec<Item> = inputs.concat();
        let mut run = match outcome {
            Ok(Done { output, warnings }) => {
                let mut run = record(node, NodeStatus::Success, input, output, node_started);
                run.warnings = warnings;
                run
            }
            Err(error) => match policy.on_error {
                OnError::Stop => {
                    let mut run = record(node, NodeStatus::Failed, input, Vec::new(), node_started);
                    run.error = Some(error.message.clone());
                    run.tries = tries;
                    runs.push(run);
                    let message = format!("node `{}` failed: {}", node.label(), error.message);
                    return Execution { status: Status::Failed, nodes: runs, error: Some(message), resume_at: None };
                }
                OnError::ContinueRegular | OnError::ContinueErrorOutput => {
                    let errors: Vec<Item> = input
                        .iter()
                        .map(|item| {
                            let mut json = item.json.as_object().cloned().unwrap_or_default();
                            json.insert("error".into(), Value::String(error.message.clone()));
                            Item { json: Value::Object(json), binary: item.binary.clone() }
                        })
                        .collect();
                    let output = match policy.on_error {
                        // The error output follows the node's regular ones (an action has one).
                        OnError::ContinueErrorOutput => {
                            let mut output = vec![Vec::new(); regular_outputs(node)];
                            output.push(errors);
                            output
                        }
                        _ => vec![errors],
                    };
                    let mut run = record(node, NodeStatus::ContinuedOnError, input, output, node_started);
                    run.error = Some(error.message);
                    run
                }
            },
        };
        run.tries = tries;
        index.insert(node.id.as_str(), runs.len());
        runs.push(run);
    }
    Execution { status: Status::Completed, nodes: runs, error: None, resume_at: None }
}

fn timed_out(mut runs: Vec<NodeRun>, node: &Node) -> Execution {
    let mut run = record(node, NodeStatus::Failed, Vec::new(), Vec::new(), Instant::now());
    run.error = Some("the execution's time limit passed".into());
    runs.push(run);
    Execution {
        status: Status::Timeout,
        nodes: runs,
        error: Some(format!("the execution's time limit passed while `{}` ran", node.label())),
        resume_at: None,
    }
}

fn record(node: &Node, status: NodeStatus, input: Vec<Item>, output: Outputs, started: Instant) -> NodeRun {
    NodeRun {
        node: node.id.clone(),
        label: node.label().to_owned(),
        node_type: node.node_type.clone(),
        status,
        input,
        output,
        error: None,
        warnings: Vec::new(),
        tries: u32::from(status != NodeStatus::Skipped),
        duration_ms: started.elapsed().as_millis() as u64,
    }
}

/// How many regular outputs a node type has (IF and FILTER two, the rest one).
fn regular_outputs(node: &Node) -> usize {
    match node.node_type.as_str() {
        node_type::IF_CONDITION | node_type::FILTER => 2,
        node_type::SWITCH => crate::conditions::switch_output_count(&Value::Object(node.params())),
        _ => 1,
    }
}

/// `timeout` (ms) on the node, else the default.
fn node_timeout(node: &Node, settings: &Settings) -> Duration {
    node.data
        .get("timeout")
        .and_then(Value::as_u64)
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
        .unwrap_or(settings.node_timeout)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnError {
    Stop,
    ContinueRegular,
    ContinueErrorOutput,
}

/// n8n's per-node error settings, read from `data`.
struct ErrorPolicy {
    tries: u32,
    wait: Duration,
    on_error: OnError,
}

impl ErrorPolicy {
    fn of(node: &Node) -> Self {
        let data = &node.data;
        let retry = data.get("retryOnFail").and_then(Value::as_bool).unwrap_or(false);
        // n8n's bounds: 1–5 tries (default 3), 0–5000 ms between them (default 1000).
        let tries =
            if retry { data.get("maxTries").and_then(Value::as_u64).unwrap_or(3).clamp(1, 5) as u32 } else { 1 };
        let wait =
            Duration::from_millis(data.get("waitBetweenTries").and_then(Value::as_u64).unwrap_or(1000).min(5000));
        let on_error = match data.get("onError").and_then(Value::as_str) {
            Some("continueRegularOutput" | "continue") => OnError::ContinueRegular,
            Some("continueErrorOutput" | "errorOutput") => OnError::ContinueErrorOutput,
            _ if data.get("continueOnFail").and_then(Value::as_bool) == Some(true) => OnError::ContinueRegular,
            _ => OnError::Stop,
        };
        Self { tries, wait, on_error }
    }
}

/// What expressions of one run can see, less the current item.
pub(crate) struct Scope<'s> {
    trigger: &'s Value,
    ran: Ran<'s>,
    settings: &'s Settings,
}

impl Scope<'_> {
    /// The node's parameters for `item` (the `index`-th of its input), expressions resolved;
    /// the warnings go to `warnings`.
    pub(crate) fn params(
        &self,
        node: &Node,
        item: &Item,
        index: usize,
        warnings: &mut Vec<String>,
    ) -> Result<Value, StepError> {
        self.render(node, &Value::Object(node.params()), item, index, warnings)
    }

    /// `value` with the expressions in it resolved for `item`.
    pub(crate) fn render(
        &self,
        node: &Node,
        value: &Value,
        item: &Item,
        index: usize,
        warnings: &mut Vec<String>,
    ) -> Result<Value, StepError> {
        let context = self.context(item, index);
        let rendered = expr::render_value(value, &context)
            .map_err(|error| StepError::new(format!("an expression of `{}` is not valid: {error}", node.label())))?;
        for warning in rendered.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        Ok(rendered.value)
    }

    /// `$trigger`, `$workflow` and `$execution` (what RUN_CODE's script sees of the run).
    pub(crate) fn run_values(&self) -> (&Value, &Value, &Value) {
        (self.trigger, &self.settings.workflow, &self.settings.execution)
    }

    fn context<'c>(&'c self, item: &'c Item, index: usize) -> Context<'c> {
        Context {
            json: &item.json,
            trigger: self.trigger,
            nodes: &self.ran,
            workflow: &self.settings.workflow,
            execution: &self.settings.execution,
            now: &self.settings.now,
            env: &self.settings.env,
            item_index: index,
        }
    }
}

/// A node's result: its outputs and warnings.
pub(crate) struct Done {
    pub(crate) output: Outputs,
    pub(crate) warnings: Vec<String>,
}

async fn run_node(
    node: &Node,
    inputs: &[Vec<Item>],
    scope: &Scope<'_>,
    actions: &dyn Actions,
) -> Result<Done, StepError> {
    let mut warnings = Vec::new();
    let output = match node.node_type.as_str() {
        node_type::CONNECTOR_ACTION => {
            let items = inputs.concat();
            vec![nodes::action::run(node, &items, scope, actions, &mut warnings).await?]
        }
        node_type::IF_CONDITION | node_type::FILTER => {
            nodes::flow::split_by_condition(node, &inputs.concat(), scope, &mut warnings)?
        }
        node_type::SWITCH => nodes::flow::switch(node, &inputs.concat(), scope, &mut warnings)?,
        node_type::MERGE => vec![nodes::flow::merge(node, inputs)?],
        node_type::SPLIT => vec![inputs.concat()],
        node_type::SET => vec![nodes::set::run(node, &inputs.concat(), scope, &mut warnings)?],
        node_type::HTTP_REQUEST => vec![nodes::http::run(node, &inputs.concat(), scope, &mut warnings).await?],
        node_type::RUN_CODE => vec![nodes::code::run(node, &inputs.concat(), scope, &mut warnings).await?],
        other if node_type::TRIGGERS.contains(&other) => {
            return Err(StepError::new(format!(
                "`{}` is a second trigger: a workflow starts at one trigger",
                node.label()
            )))
        }
        other => {
            return Err(StepError::new(format!(
                "`{}` is a {other} node, which this engine does not run yet",
                node.label()
            )))
        }
    };
    Ok(Done { output, warnings })
}

/// Turns an action's answer into FluxTurn's output item: `{success: true, …answer, executedAt,
/// connector, action}` (a text answer becomes `text`, an array's elements are spread by index,
/// as FluxTurn does), so expressions written for FluxTurn resolve.
pub fn fluxturn_output(answer: Value, connector: &str, action: &str, executed_at: &str) -> Value {
    let mut json = Map::new();
    json.insert("success".into(), Value::Bool(true));
    match answer {
        Value::Object(fields) => json.extend(fields),
        Value::String(text) => {
            json.insert("text".into(), Value::String(text));
        }
        Value::Array(values) => json.extend(values.into_iter().enumerate().map(|(i, v)| (i.to_string(), v))),
        Value::Null => {}
        other => {
            json.insert("value".into(), other);
        }
    }
    json.insert("executedAt".into(), Value::String(executed_at.to_owned()));
    json.insert("connector".into(), Value::String(connector.to_owned()));
    json.insert("action".into(), Value::String(action.to_owned()));
    Value::Object(json)
}
