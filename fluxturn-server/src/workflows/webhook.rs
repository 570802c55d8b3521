//! The WEBHOOK_TRIGGER node: `/api/v1/webhook/{workflow}` starts an active workflow with the
//! request as its item, after the node's method and authentication checks (FluxTurn's
//! `httpMethod`, `authType` none/basic/bearer/header with `authData`), and answers at once
//! (`responseMode: onReceived`, with `responseCode` and `responseBody`) or with the last node's
//! output (`lastNode`).

use super::store::NewExecution;
use super::{canvas, load, runner};
use crate::app::AppState;
use crate::error::ServiceError;
use base64::Engine;
use fluxturn_core::WebhookRequest;
use fluxturn_workflow::canvas::node_type;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// How long a `lastNode` webhook waits for its run.
pub const LAST_NODE_WAIT: Duration = Duration::from_secs(60);

/// What to answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The status.
    pub status: u16,
    /// The body.
    pub body: Value,
}

/// Why a request starts nothing.
#[derive(Debug)]
pub enum Refusal {
    /// No active workflow with a webhook trigger at this id.
    NotFound(String),
    /// The method is not the node's.
    Method(String),
    /// The authentication failed.
    Unauthorized(String),
    /// Anything else.
    Service(ServiceError),
}

impl From<ServiceError> for Refusal {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::WorkflowNotFound { id } => {
                Self::NotFound(format!("no active workflow `{id}` takes webhooks"))
            }
            other => Self::Service(other),
        }
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Compares two secrets by their digests, so the time taken says nothing about them.
fn same_secret(given: Option<&str>, expected: &str) -> bool {
    given.is_some_and(|given| digest(given) == digest(expected)) && !expected.is_empty()
}

/// Starts workflow `id` with `request`; answers as its webhook node says.
pub async fn receive(state: &AppState, id: &str, request: WebhookRequest) -> Result<Answer, Refusal> {
    let workflow = load(state, id).await?;
    let not_found = || Refusal::NotFound(format!("no active workflow `{id}` takes webhooks"));
    if workflow.status != "active" {
        return Err(not_found());
    }
    let canvas = canvas(&workflow)?;
    let node = canvas.nodes.iter().find(|n| n.node_type == node_type::WEBHOOK_TRIGGER).ok_or_else(not_found)?;
    let params = node.params();
    let text = |key: &str, default: &str| params.get(key).and_then(Value::as_str).unwrap_or(default).to_owned();
    let method = text("httpMethod", "POST").to_uppercase();
    if method != "ALL" && method != request.method {
        return Err(Refusal::Method(format!("this webhook takes {method}, not {}", request.method)));
    }
    authenticate(&text("authType", "none"), params.get("authData").unwrap_or(&Value::Null), &request)?;
    let item = item(&request);
    let new = NewExecution {
        workflow_id: &workflow.id,
        workflow_version: workflow.version,
        mode: "webhook",
        trigger_node: Some(&node.id),
        trigger_data: &item,
        retry_of: None,
    };
    let execution = runner::enqueue(state, &new).await?;
    if text("responseMode", "onReceived") == "lastNode" {
        let done = runner::wait_for(state, &execution, LAST_NODE_WAIT).await?;
        let status = if done.status == "completed" { 200 } else { 500 };
        let body = match done.output_data.as_array().map(Vec::as_slice) {
            Some([one]) => one.get("json").cloned().unwrap_or(Value::Null),
            Some(many) => Value::Array(many.iter().map(|i| i.get("json").cloned().unwrap_or(Value::Null)).collect()),
            None => json!({"executionId": done.id, "status": done.status, "error": done.error}),
        };
        return Ok(Answer { status, body });
    }
    let status = params.get("responseCode").and_then(Value::as_u64).filter(|c| (200..600).contains(c)).unwrap_or(200);
    let body = match params.get("responseBody") {
        Some(Value::String(text)) => serde_json::from_str(text).unwrap_or(Value::String(text.clone())),
        Some(other) => other.clone(),
        None => json!({"success": true}),
    };
    Ok(Answer { status: status as u16, body })
}

/// FluxTurn's authentication types.
fn authenticate(kind: &str, data: &Value, request: &WebhookRequest) -> Result<(), Refusal> {
    let header =
        |name: &str| request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let field = |key: &str| data.get(key).and_then(Value::as_str).unwrap_or_default();
    let refused = |why: &str| Err(Refusal::Unauthorized(why.to_owned()));
    match kind {
        "none" | "" => Ok(()),
        "basic" => {
            let given = header("authorization")
                .and_then(|h| h.strip_prefix("Basic "))
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()).ok())
                .and_then(|b| String::from_utf8(b).ok());
            let expected = format!("{}:{}", field("username"), field("password"));
            if same_secret(given.as_deref(), &expected) {
                Ok(())
            } else {
                refused("basic authentication failed")
            }
        }
        "bearer" => {
            let given = header("authorization").and_then(|h| h.strip_prefix("Bearer ")).map(str::trim);
            if same_secret(given, field("token")) {
                Ok(())
            } else {
                refused("bearer token missing or wrong")
            }
        }
        "header" => {
            let name = field("headerName");
            if name.is_empty() {
                return refused("the webhook's header authentication names no header");
            }
            if same_secret(header(name), field("headerValue")) {
                Ok(())
            } else {
                Err(Refusal::Unauthorized(format!("header `{name}` missing or wrong")))
            }
        }
        other => Err(Refusal::Unauthorized(format!(
            "authentication type `{other}` is not supported: use none, basic, bearer or header"
        ))),
    }
}

/// The trigger's item: FluxTurn's webhook data.
fn item(request: &WebhookRequest) -> Value {
    let mut headers = Map::new();
    for (name, value) in &request.headers {
        headers.insert(name.clone(), Value::String(value.clone()));
    }
    let mut query = Map::new();
    for (name, value) in &request.query {
        query.insert(name.clone(), Value::String(value.clone()));
    }
    let body = serde_json::from_slice::<Value>(&request.body).unwrap_or_else(|_| {
        let text = String::from_utf8_lossy(&request.body).into_owned();
        match form_urlencoded::parse(text.as_bytes()).collect::<Vec<_>>() {
            pairs if !pairs.is_empty() && text.contains('=') && !text.contains(' ') => {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.into_owned(), Value::String(v.into_owned()))).collect())
            }
            _ => Value::String(text),
        }
    });
    json!({
        "method": request.method,
        "headers": headers,
        "query": query,
        "body": body,
        "path": request.path,
        "userAgent": request.headers.iter().find(|(k, _)| k == "user-agent").map(|(_, v)| v.clone()),
        "timestamp": humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string(),
    })
}
