//! The three workloads, written once for each system: the same nodes doing the same work, so that
//! a request costs each engine one execution of equivalent workflows.
//!
//! 1. `floor`: webhook → respond (the trigger's item is the answer);
//! 2. `http`: webhook → one HTTP request to the local upstream → respond with its answer;
//! 3. `branch`: webhook → IF `body.n > 5` → GET `/a` or GET `/b` → SET `{branch, value * 2}` →
//!    respond.
//!
//! Both systems answer with the last node's output once the run has finished (FluxTurn's and
//! n8n's webhook `responseMode: lastNode`), so every answered request is one finished execution.

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

/// One workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// webhook → respond.
    Floor,
    /// webhook → HTTP request → respond.
    Http,
    /// webhook → IF → one of two HTTP requests → SET → respond.
    Branch,
}

impl Workload {
    /// Every workload, in the order reported.
    pub const ALL: [Workload; 3] = [Workload::Floor, Workload::Http, Workload::Branch];

    /// The name in the table (and the n8n webhook's path).
    pub fn name(self) -> &'static str {
        match self {
            Workload::Floor => "floor",
            Workload::Http => "http",
            Workload::Branch => "branch",
        }
    }

    /// What it does, for the table.
    pub fn describe(self) -> &'static str {
        match self {
            Workload::Floor => "webhook → respond",
            Workload::Http => "webhook → HTTP request → respond",
            Workload::Branch => "webhook → IF → HTTP (2 branches) → SET → respond",
        }
    }

    /// FluxTurn's canvas (`{nodes, edges}`), calling `upstream`.
    pub fn fluxturn_canvas(self, upstream: &str) -> Value {
        let hook = json!({"id": "hook", "type": "WEBHOOK_TRIGGER", "data": {"label": "Webhook",
            "config": {"httpMethod": "POST", "responseMode": "lastNode"}}});
        let http = |id: &str, path: &str| {
            json!({"id": id, "type": "HTTP_REQUEST", "data": {"label": format!("GET /{path}"),
                "config": {"url": format!("{upstream}/{path}"), "method": "GET"}}})
        };
        let edge = |source: &str, target: &str, handle: Option<&str>| {
            let mut edge = json!({"id": format!("{source}-{target}"), "source": source, "target": target});
            if let Some(handle) = handle {
                edge["sourceHandle"] = json!(handle);
            }
            edge
        };
        match self {
            Workload::Floor => json!({"nodes": [hook], "edges": []}),
            Workload::Http => json!({"nodes": [hook, http("a", "a")], "edges": [edge("hook", "a", None)]}),
            Workload::Branch => json!({
                "nodes": [
                    hook,
                    {"id": "if", "type": "IF_CONDITION", "data": {"label": "n > 5", "conditions": {
                        "combinator": "and",
                        "conditions": [{"leftValue": "{{ $json.body.n }}", "rightValue": 5,
                                        "operator": {"type": "number", "operation": "gt"}}]}}},
                    http("a", "a"),
                    http("b", "b"),
                    {"id": "set", "type": "SET", "data": {"label": "Shape", "mode": "manual",
                        "includeOtherFields": false,
                        "fields": [{"name": "branch", "type": "string", "value": "{{ $json.branch }}"},
                                   {"name": "value", "type": "number", "value": "{{ $json.value * 2 }}"}]}}
                ],
                "edges": [edge("hook", "if", None), edge("if", "a", Some("true")), edge("if", "b", Some("false")),
                          edge("a", "set", None), edge("b", "set", None)]
            }),
        }
    }

    /// n8n's workflow (the import format of n8n 1.x), calling `upstream`; its webhook's path is
    /// [`Workload::name`].
    pub fn n8n_workflow(self, upstream: &str) -> Value {
        let id = format!("fluxbench{:0>7}", self.name());
        let mut nodes = vec![json!({
            "id": uuid(self, 1), "name": "Webhook", "type": "n8n-nodes-base.webhook", "typeVersion": 2,
            "position": [0, 0], "webhookId": uuid(self, 0),
            "parameters": {"httpMethod": "POST", "path": self.name(), "responseMode": "lastNode", "options": {}}
        })];
        let http = |n: u8, name: &str, path: &str| {
            json!({"id": uuid(self, n), "name": name, "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2,
                   "position": [400, 200 * i64::from(n)], "parameters": {"url": format!("{upstream}/{path}"), "options": {}}})
        };
        let to = |node: &str| json!([{"node": node, "type": "main", "index": 0}]);
        let connections = match self {
            Workload::Floor => json!({}),
            Workload::Http => {
                nodes.push(http(2, "GET a", "a"));
                json!({"Webhook": {"main": [to("GET a")]}})
            }
            Workload::Branch => {
                nodes.push(json!({"id": uuid(self, 5), "name": "IF", "type": "n8n-nodes-base.if", "typeVersion": 2.2,
                    "position": [200, 0], "parameters": {"conditions": {
                        "options": {"caseSensitive": true, "leftValue": "", "typeValidation": "strict", "version": 2},
                        "conditions": [{"id": uuid(self, 6), "leftValue": "={{ $json.body.n }}", "rightValue": 5,
                                        "operator": {"type": "number", "operation": "gt"}}],
                        "combinator": "and"}, "options": {}}}));
                nodes.push(http(2, "GET a", "a"));
                nodes.push(http(3, "GET b", "b"));
                nodes.push(
                    json!({"id": uuid(self, 7), "name": "Shape", "type": "n8n-nodes-base.set", "typeVersion": 3.4,
                    "position": [600, 0], "parameters": {"assignments": {"assignments": [
                        {"id": uuid(self, 8), "name": "branch", "value": "={{ $json.branch }}", "type": "string"},
                        {"id": uuid(self, 9), "name": "value", "value": "={{ $json.value * 2 }}", "type": "number"}]},
                        "options": {}}}),
                );
                json!({"Webhook": {"main": [to("IF")]}, "IF": {"main": [to("GET a"), to("GET b")]},
                       "GET a": {"main": [to("Shape")]}, "GET b": {"main": [to("Shape")]}})
            }
        };
        json!({"id": id, "name": format!("bench {}", self.name()), "active": false, "nodes": nodes,
               "connections": connections, "settings": {"executionOrder": "v1"}, "pinData": {}})
    }

    /// The request bodies, sent in turn: `n` from 0 to 9, so that IF takes each branch.
    pub fn bodies() -> Vec<Value> {
        (0..10).map(|n| json!({"n": n, "text": "Hello"})).collect()
    }

    /// Whether `answer` is this workload's answer to `body`: the same work was done.
    pub fn answered(self, body: &Value, answer: &Value) -> bool {
        let n = body["n"].as_i64().unwrap_or_default();
        match self {
            Workload::Floor => answer["body"]["n"].as_i64() == Some(n),
            Workload::Http => *answer == upstream_answer("a"),
            Workload::Branch => {
                let branch = if n > 5 { "a" } else { "b" };
                let value = upstream_answer(branch)["value"].as_i64().unwrap_or_default() * 2;
                answer["branch"] == branch && answer["value"].as_f64() == Some(value as f64)
            }
        }
    }
}

/// A stable UUID-shaped id for node `n` of a workload's n8n workflow.
fn uuid(workload: Workload, n: u8) -> String {
    let w = Workload::ALL.iter().position(|w| *w == workload).unwrap_or_default();
    format!("f1f1f1f1-0000-4000-8000-{w:04}{n:08}")
}

/// What the upstream answers at `/{branch}`.
fn upstream_answer(branch: &str) -> Value {
    json!({"branch": branch, "value": if branch == "a" { 21 } else { 4 }})
}

/// The local upstream both systems call: `GET /a` and `GET /b` answer small JSON objects.
pub fn upstream() -> Router {
    Router::new()
        .route("/a", get(|| async { Json(upstream_answer("a")) }))
        .route("/b", get(|| async { Json(upstream_answer("b")) }))
}
