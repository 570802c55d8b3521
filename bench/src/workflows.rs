//! The workflow figures: the engine's overhead per node against calling the connector directly,
//! and executions per second of a webhook → one action workflow against a local upstream.

use crate::load::{self, LoadStats, Target};
use crate::report::{row, Row};
use fluxturn_server::app::AppState;
use fluxturn_server::connections::{self, ExecuteRequest};
use fluxturn_server::workflows::runner::{self, ServerActions};
use fluxturn_workflow::canvas::Canvas;
use fluxturn_workflow::engine::{self, Settings, Status};
use fluxturn_workflow::graph;
use fluxturn_workflow::item::items_from;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Nodes in the chain of the overhead figure.
const CHAIN: usize = 10;

fn chain() -> Canvas {
    let mut nodes = vec![json!({"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}})];
    let mut edges = Vec::new();
    for i in 0..CHAIN {
        let id = format!("a{i}");
        nodes.push(json!({"id": id, "type": "CONNECTOR_ACTION", "data": {"label": format!("Send {i}"),
            "connectorType": "bench", "actionId": "send",
            "actionParams": {"channel": "general", "text": "{{ $json.text ?? 'Hello' }}", "count": 1}}}));
        let source = if i == 0 { "t".to_owned() } else { format!("a{}", i - 1) };
        edges.push(json!({"source": source, "target": id}));
    }
    Canvas::find(&json!({"nodes": nodes, "edges": edges})).expect("a canvas")
}

/// The engine running a chain of `CHAIN` actions against the same number of direct calls of the
/// connector (validation, decryption cache and dispatch included in both), alternating.
pub async fn overhead_rows(
    state: &Arc<AppState>,
    config_id: &str,
    rounds: usize,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    let canvas = chain();
    let plan = graph::plan(&canvas, None)?;
    let settings = Settings::default();
    let message = json!({"channel": "general", "text": "Hello", "count": 1});
    let (mut engine_time, mut direct_time) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..CHAIN {
            let request = ExecuteRequest { action: "send".into(), parameters: message.clone() };
            connections::execute(state, config_id, request).await?;
        }
        direct_time += start.elapsed();
        let start = Instant::now();
        let actions = ServerActions::new(state, None);
        let execution = engine::run(&plan, items_from(json!({})), &actions, &settings).await;
        engine_time += start.elapsed();
        anyhow::ensure!(execution.status == Status::Completed, "the chain failed: {:?}", execution.error);
    }
    let per_node = |total: Duration| total.as_secs_f64() * 1e3 / (rounds * CHAIN) as f64;
    let (ours, baseline) = (per_node(engine_time), per_node(direct_time));
    rows.push(row(
        &format!("workflow engine: per action node ({CHAIN}-node chain)"),
        format!("{ours:.3} ms per node ({:.3} ms added)", ours - baseline),
        format!("{baseline:.3} ms per direct connector call"),
        ours / baseline.max(1e-9),
        "report",
    ));
    Ok(())
}

/// A webhook → one action workflow under load: requests accepted per second, and executions
/// completed per second by the workers, against the execute route's throughput.
pub async fn executions_rows(
    state: &Arc<AppState>,
    server: &str,
    token: &str,
    concurrency: usize,
    duration: Duration,
    execute_route: &LoadStats,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let id = crate::fixture::create_workflow(&client, server, token, "bench hook", crate::fixture::webhook_to_send())
        .await?;
    let workers = tokio::spawn(runner::run_forever(state.clone()));
    let target =
        Target { url: format!("{server}/api/v1/webhook/{id}"), body: Some(json!({"text": "Hello"})), token: None };
    let start = Instant::now();
    let accepted = load::run(&target, concurrency, duration).await;
    anyhow::ensure!(accepted.failed == 0 && accepted.ok > 0, "webhook failed under load: {accepted:?}");
    // The executions the load queued, run to the end.
    let completed = loop {
        let page: Value = client
            .get(format!("{server}/api/v1/workflow/{id}/executions?limit=1&status=completed"))
            .bearer_auth(token)
            .send()
            .await?
            .json()
            .await?;
        let done = page["total"].as_u64().unwrap_or(0) as usize;
        if done >= accepted.ok || start.elapsed() > duration * 20 {
            break done;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let elapsed = start.elapsed().as_secs_f64();
    workers.abort();
    anyhow::ensure!(completed == accepted.ok, "{completed} of {} executions completed", accepted.ok);
    let per_second = completed as f64 / elapsed;
    rows.push(row(
        &format!("workflow: webhook → 1 action, {concurrency} clients"),
        format!(
            "{per_second:.0} executions/s completed ({:.0} webhooks/s accepted, p50 {:.3} ms)",
            accepted.per_second,
            accepted.p50.as_secs_f64() * 1e3
        ),
        format!("{:.0} req/s execute route", execute_route.per_second),
        per_second / execute_route.per_second.max(1e-9),
        "report",
    ));
    Ok(())
}
