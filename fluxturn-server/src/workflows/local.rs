//! `fluxturn run FILE.json`: runs a workflow file once, here, against the connections stored in
//! the data directory, and reports each node: the local test run n8n users ask for. Nothing is
//! stored; nothing but the workflow's own actions calls out.

use super::runner::ServerActions;
use crate::app::AppState;
use fluxturn_workflow::canvas::Canvas;
use fluxturn_workflow::engine::{self, Execution, Settings};
use fluxturn_workflow::graph;
use fluxturn_workflow::item::items_from;
use serde_json::{json, Value};
use std::time::SystemTime;

/// Runs the workflow in `document` (any of the canvas shapes FluxTurn uses) once from its
/// trigger with `input` as the trigger's output.
pub async fn run(state: &AppState, document: &Value, input: Value) -> anyhow::Result<Execution> {
    let canvas = Canvas::find(document)?;
    let canvas = super::resolved(state, &canvas);
    let problems = super::problems(state, &canvas).await?;
    if !problems.is_empty() {
        let list: Vec<String> =
            problems.iter().map(|p| format!("  {}: {}", p.label.as_deref().unwrap_or("workflow"), p.message)).collect();
        tracing::warn!("the workflow has problems; running anyway:\n{}", list.join("\n"));
    }
    let plan = graph::plan(&canvas, None)?;
    let name = document.get("name").and_then(Value::as_str).unwrap_or("local run");
    let settings = Settings {
        workflow: json!({"id": "local", "name": name, "active": false}),
        execution: json!({"id": "local", "mode": "manual"}),
        now: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
        env: state.executions.limits.expression_env.clone(),
        execution_timeout: Some(state.executions.limits.execution_timeout),
        ..Settings::default()
    };
    let actions = ServerActions::new(state, None);
    Ok(engine::run(&plan, items_from(input), &actions, &settings).await)
}

/// The report printed for each node: its status, warnings, error and output.
pub fn report(execution: &Execution) -> String {
    let mut out = String::new();
    for node in &execution.nodes {
        out.push_str(&format!("== {} ({}) {:?}", node.label, node.node_type, node.status));
        if node.tries > 1 {
            out.push_str(&format!(" after {} tries", node.tries));
        }
        out.push_str(&format!(", {} ms\n", node.duration_ms));
        for warning in &node.warnings {
            out.push_str(&format!("   warning: {warning}\n"));
        }
        if let Some(error) = &node.error {
            out.push_str(&format!("   error: {error}\n"));
        }
        for (index, output) in node.output.iter().enumerate() {
            if output.is_empty() {
                continue;
            }
            let items: Vec<&Value> = output.iter().map(|i| &i.json).collect();
            let text = serde_json::to_string_pretty(&items).unwrap_or_default();
            out.push_str(&format!("   output {index}: {}\n", text.replace('\n', "\n   ")));
        }
    }
    out.push_str(&format!("== {:?}", execution.status));
    if let Some(error) = &execution.error {
        out.push_str(&format!(": {error}"));
    }
    out.push('\n');
    out
}
