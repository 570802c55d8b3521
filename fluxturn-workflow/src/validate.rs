//! Checking a canvas before it runs: on save the problems are warnings, on activation errors
//! (one per node and field). What is checked: one trigger, no cycle, edges between existing
//! nodes, node types the engine runs, that a RUN_CODE node has code, connectors, actions and
//! triggers that exist (with "did you mean"), literal parameters against the action's input
//! schema (a field holding an expression is checked when it has a value, at run time), and
//! `{{placeholders}}` a template left to fill.

use crate::canvas::{node_type, Canvas, Node};
use crate::expr;
use crate::graph::{self, GraphError};
use serde::Serialize;
use serde_json::{Map, Value};

/// What the validator needs to know about the connectors.
pub trait Catalogue {
    /// Every connector's name.
    fn connectors(&self) -> Vec<String>;
    /// The action ids of `connector`, or `None` if there is no such connector.
    fn actions(&self, connector: &str) -> Option<Vec<String>>;
    /// The trigger ids of `connector`, or `None` if there is no such connector.
    fn triggers(&self, connector: &str) -> Option<Vec<String>>;
    /// The problems of `input` (only literal fields) for `action` of `connector`, each as
    /// `(field, message)`; fields missing from `input` because they hold expressions elsewhere are
    /// not reported (the caller removes expression fields before asking).
    fn check_input(&self, connector: &str, action: &str, input: &Map<String, Value>) -> Vec<(String, String)>;
}

/// One problem, pinned to a node (and a field) where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// The node's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The node's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

impl Problem {
    fn workflow(message: impl Into<String>) -> Self {
        Self { node: None, label: None, field: None, message: message.into() }
    }

    fn node(node: &Node, field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            node: Some(node.id.clone()),
            label: Some(node.label().to_owned()),
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// The node types the engine runs.
pub const SUPPORTED: [&str; 14] = [
    node_type::MANUAL_TRIGGER,
    node_type::WEBHOOK_TRIGGER,
    node_type::SCHEDULE_TRIGGER,
    node_type::CONNECTOR_TRIGGER,
    node_type::CONNECTOR_ACTION,
    node_type::IF_CONDITION,
    node_type::FILTER,
    node_type::SWITCH,
    node_type::MERGE,
    node_type::SPLIT,
    node_type::SET,
    node_type::WAIT,
    node_type::HTTP_REQUEST,
    node_type::RUN_CODE,
];

/// Every problem of `canvas`; empty when it can be activated.
pub fn validate(canvas: &Canvas, catalogue: &dyn Catalogue) -> Vec<Problem> {
    let mut problems = Vec::new();
    match graph::plan(canvas, None) {
        Ok(_) => {}
        Err(error @ GraphError::SeveralTriggers(..)) => {
            problems.push(Problem::workflow(error.to_string()));
            // Each trigger's own part may still hold a cycle.
            for trigger in graph::triggers(canvas) {
                if let Err(error @ GraphError::Cycle(_)) = graph::plan(canvas, Some(&trigger.id)) {
                    problems.push(Problem::workflow(error.to_string()));
                }
            }
        }
        Err(error) => problems.push(Problem::workflow(error.to_string())),
    }
    for node in &canvas.nodes {
        check_node(node, catalogue, &mut problems);
    }
    problems.dedup();
    problems
}

fn check_node(node: &Node, catalogue: &dyn Catalogue, problems: &mut Vec<Problem>) {
    let kind = node.node_type.as_str();
    if !SUPPORTED.contains(&kind) {
        let known = closest(kind, SUPPORTED.iter().map(|s| s.to_string()));
        problems.push(Problem::node(node, None, format!("node type `{kind}` is not supported{known}")));
        return;
    }
    let params = node.params();
    for (field, value) in &params {
        for placeholder in placeholders(value) {
            problems.push(Problem::node(
                node,
                Some(field),
                format!("`{{{{{placeholder}}}}}` is a placeholder to fill in: replace it with a value or an expression such as `{{{{ $json.{placeholder} }}}}`"),
            ));
        }
    }
    if kind == node_type::RUN_CODE
        && params.get("code").and_then(Value::as_str).is_none_or(|code| code.trim().is_empty())
    {
        problems.push(Problem::node(node, Some("code"), "write the code to run"));
    }
    let (is_action, is_trigger) = (kind == node_type::CONNECTOR_ACTION, kind == node_type::CONNECTOR_TRIGGER);
    if !is_action && !is_trigger {
        return;
    }
    let Some(connector) = node.connector() else {
        problems.push(Problem::node(node, None, "choose a connector for this node"));
        return;
    };
    let (ids, what, id) = if is_action {
        (catalogue.actions(connector), "action", node.action())
    } else {
        (catalogue.triggers(connector), "trigger", node.trigger())
    };
    let Some(ids) = ids else {
        let hint = closest(connector, catalogue.connectors());
        problems.push(Problem::node(node, None, format!("there is no connector `{connector}`{hint}")));
        return;
    };
    let Some(id) = id else {
        problems.push(Problem::node(node, None, format!("choose the {what} of `{connector}` this node runs")));
        return;
    };
    if !ids.iter().any(|known| known == id) {
        let hint = closest(id, ids);
        problems.push(Problem::node(node, None, format!("`{connector}` has no {what} `{id}`{hint}")));
        return;
    }
    if is_action {
        // Fields holding expressions get their values at run time: only literals are checked now.
        let literal: Map<String, Value> = params.into_iter().filter(|(_, v)| !holds_expression(v)).collect();
        let expression_fields: Vec<String> =
            node.params().into_iter().filter(|(_, v)| holds_expression(v)).map(|(k, _)| k).collect();
        for (field, message) in catalogue.check_input(connector, id, &literal) {
            if expression_fields.iter().any(|f| field == *f || field.starts_with(&format!("{f}."))) {
                continue;
            }
            problems.push(Problem::node(node, Some(&field), message));
        }
    }
}

/// Whether a value holds an expression anywhere.
fn holds_expression(value: &Value) -> bool {
    match value {
        Value::String(text) => expr::is_expression(text),
        Value::Array(values) => values.iter().any(holds_expression),
        Value::Object(map) => map.values().any(holds_expression),
        _ => false,
    }
}

/// The `{{name}}` placeholders in a value: an expression that is one bare name no expression
/// root starts with (`{{messages}}`, `{{YOUR_CHANNEL_ID}}`).
pub fn placeholders(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_placeholders(value, &mut found);
    found
}

fn collect_placeholders(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            for body in expr::expressions(text) {
                let name = body.trim();
                let bare = !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !name.starts_with(|c: char| c.is_ascii_digit());
                let root = name == "trigger" || name.starts_with("node_") || matches!(name, "true" | "false" | "null");
                if bare && !root && !found.iter().any(|f| f == name) {
                    found.push(name.to_owned());
                }
            }
        }
        Value::Array(values) => values.iter().for_each(|v| collect_placeholders(v, found)),
        Value::Object(map) => map.values().for_each(|v| collect_placeholders(v, found)),
        _ => {}
    }
}

/// "; did you mean `x`?" for the closest of `candidates`, or nothing.
fn closest(wanted: &str, candidates: impl IntoIterator<Item = String>) -> String {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}
