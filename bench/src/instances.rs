//! Executions per second of a webhook → one action workflow with 1, 2 and 3 instances on one
//! PostgreSQL database, and with one instance on SQLite, measured in one run against the same
//! local upstream (`fluxturn-bench --instances`). Every instance is in this process, so they
//! share its two worker threads: the figure is what the shared database allows, not more cores.

use crate::report::{row, Row};
use crate::{config, fixture, serve, TOKEN};
use fluxturn_server::app;
use fluxturn_server::workflows::runner;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Clients sending the deliveries.
const CLIENTS: usize = 16;

/// The rows; PostgreSQL's are left out, with the reason, when there is none.
pub async fn rows(quick: bool) -> anyhow::Result<Vec<Row>> {
    let deliveries = if quick { 600 } else { 3000 };
    let upstream = serve(fixture::upstream()).await;
    let dir = tempfile::tempdir()?;
    let sqlite = run(vec![config(&dir.path().join("sqlite"))], &upstream, deliveries).await?;
    let mut rows = vec![row(
        "webhook → 1 action: executions/s, 1 instance on SQLite",
        format!("{sqlite:.0} executions/s ({deliveries} deliveries, {CLIENTS} clients)"),
        "-".into(),
        1.0,
        "report",
    )];
    let server =
        std::env::var("FLUXTURN_BENCH_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    for n in 1..=3 {
        let url = format!("{}/fluxturn_bench_{}_{n}", server.trim_end_matches('/'), std::process::id());
        let configs = (0..n)
            .map(|k| {
                let mut config = config(&dir.path().join(format!("pg{n}-{k}")));
                config.database_url = Some(url.clone());
                config.encryption_key = Some("22".repeat(32));
                config
            })
            .collect();
        let measured = run(configs, &upstream, deliveries).await;
        if let Err(error) = drop_database(&server, &url).await {
            eprintln!("could not drop the bench database {url}: {error}");
        }
        match measured {
            Ok(per_second) => rows.push(row(
                &format!(
                    "webhook → 1 action: executions/s, {n} instance{} on PostgreSQL",
                    if n > 1 { "s" } else { "" }
                ),
                format!("{per_second:.0} executions/s"),
                format!("{sqlite:.0} executions/s, 1 instance on SQLite"),
                per_second / sqlite.max(1e-9),
                "report",
            )),
            Err(error) if n == 1 => {
                println!("PostgreSQL rows skipped: {error:#}");
                break;
            }
            Err(error) => return Err(error),
        }
    }
    Ok(rows)
}

/// Drops the bench database `url` on PostgreSQL `server`, even while connections of a run that
/// failed half-way are still open (`WITH (FORCE)`), so no run leaves its database behind.
async fn drop_database(server: &str, url: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let name = url.rsplit('/').next().unwrap_or_default();
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&format!("{}/postgres", server.trim_end_matches('/'))).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut admin).await?;
    admin.close().await?;
    Ok(())
}

/// Starts an instance per configuration (one database), queues `deliveries` webhook requests
/// round robin over them and returns executions completed per second, from the first request to
/// the last execution.
async fn run(
    configs: Vec<fluxturn_server::config::ServerConfig>,
    upstream: &str,
    deliveries: usize,
) -> anyhow::Result<f64> {
    let (mut states, mut bases) = (Vec::new(), Vec::new());
    for config in &configs {
        std::fs::create_dir_all(&config.data_dir)?;
        let started = app::start_with(config, &fixture::REGISTRY, HashMap::new()).await?;
        bases.push(serve(fluxturn_server::api::router(started.state.clone())).await);
        states.push(started.state);
    }
    let client = reqwest::Client::new();
    fixture::connect(&client, &bases[0], TOKEN, upstream).await?;
    let id = fixture::create_workflow(&client, &bases[0], TOKEN, "bench hook", fixture::webhook_to_send()).await?;
    let workers: Vec<_> = states.iter().map(|state| tokio::spawn(runner::run_forever(state.clone()))).collect();
    let start = Instant::now();
    let mut senders = tokio::task::JoinSet::new();
    for client_index in 0..CLIENTS {
        let (client, bases, id) = (client.clone(), bases.clone(), id.clone());
        senders.spawn(async move {
            let mut k = client_index;
            while k < deliveries {
                let url = format!("{}/api/v1/webhook/{id}", bases[k % bases.len()]);
                let sent = client.post(url).json(&json!({"text": format!("Hello {k}")})).send().await?;
                anyhow::ensure!(sent.status().is_success(), "a delivery got {}", sent.status());
                k += CLIENTS;
            }
            Ok(())
        });
    }
    while let Some(sent) = senders.join_next().await {
        sent??;
    }
    let completed = loop {
        let page: Value = client
            .get(format!("{}/api/v1/workflow/{id}/executions?limit=1&status=completed", bases[0]))
            .bearer_auth(TOKEN)
            .send()
            .await?
            .json()
            .await?;
        let done = page["total"].as_u64().unwrap_or(0) as usize;
        if done >= deliveries || start.elapsed() > Duration::from_secs(300) {
            break done;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let elapsed = start.elapsed().as_secs_f64();
    for worker in workers {
        worker.abort();
    }
    for state in &states {
        state.pool.close().await;
    }
    anyhow::ensure!(completed == deliveries, "{completed} of {deliveries} executions completed");
    Ok(completed as f64 / elapsed)
}
