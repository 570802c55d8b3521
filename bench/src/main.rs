//! `fluxturn-bench`: how close FluxTurn comes to the limit of its own stack. Every figure is
//! measured next to its baseline in the same run and reported as a ratio; the in-process figures
//! also by instruction count under callgrind, which the targets are judged by.
//!
//! `cargo run --release -p fluxturn-bench [-- --quick]`; `bench/run.sh` adds the build-cost rows.
//! `-- --icount-only` counts instructions only and fails when a ratio crosses its gate (CI);
//! `-- --instances` measures executions per second with 1, 2 and 3 instances on PostgreSQL;
//! `-- --vs-n8n` runs FluxTurn and n8n side by side (`bench/vs-n8n.sh`).

mod callgrind;
mod fixture;
mod in_process;
mod instances;
mod load;
mod measure;
mod process;
mod report;
mod vs_n8n;
mod workflows;

use fluxturn_server::app::{self, AppState};
use fluxturn_server::catalogue::Catalogue;
use fluxturn_server::config::ServerConfig;
use load::{LoadStats, Target};
use report::{print_table, row, Row};
use serde_json::json;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN: &str = "bench-token";

/// A server process started by [`spawn_server`]; killed when dropped.
struct ServerProcess {
    process: process::Watched,
    base: String,
}

/// Starts this binary as a server (`--serve-synthetic DIR`) and waits for it to say `ready`;
/// returns the time that took and what seeding did.
fn spawn_server(dir: &std::path::Path) -> anyhow::Result<(Duration, String, ServerProcess)> {
    use std::io::BufRead;
    let started = Instant::now();
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .arg("--serve-synthetic")
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut seed = String::new();
    loop {
        let line = lines.next().ok_or_else(|| anyhow::anyhow!("the server process exited before it was ready"))??;
        if let Some(report) = line.strip_prefix("seeded ") {
            seed = report.to_owned();
        }
        if let Some(base) = line.strip_prefix("ready ") {
            return Ok((
                started.elapsed(),
                seed,
                ServerProcess { process: process::Watched::new(child), base: base.to_owned() },
            ));
        }
    }
}

/// The server side of [`spawn_server`]: 500 synthetic connectors, seeded and served.
async fn serve_synthetic(dir: PathBuf) -> anyhow::Result<()> {
    let mut definitions = fixture::synthetic_definitions(500);
    definitions.push(<fixture::Bench as fluxturn_core::ConnectorSpec>::definition());
    let started = app::start_serving(&config(&dir), &fixture::REGISTRY, &definitions, HashMap::new()).await?;
    println!("seeded {} inserted, {} unchanged", started.seed.inserted, started.seed.unchanged);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("ready http://{}", listener.local_addr()?);
    axum::serve(listener, fluxturn_server::api::router(started.state)).await?;
    Ok(())
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    format!("http://{address}")
}

fn config(dir: &std::path::Path) -> ServerConfig {
    ServerConfig {
        bind: "127.0.0.1:0".parse().expect("address"),
        data_dir: dir.to_owned(),
        database_url: None,
        api_token: Some(TOKEN.into()),
        encryption_key: None,
        public_url: None,
        frontend_url: None,
        executions: Default::default(),
    }
}

/// The same state serving another catalogue.
fn with_catalogue(state: &AppState, catalogue: Catalogue) -> Arc<AppState> {
    Arc::new(AppState {
        catalogue,
        pool: state.pool.clone(),
        cipher: state.cipher.clone(),
        api_token_digest: state.api_token_digest,
        instances: state.instances.clone(),
        oauth: state.oauth.clone(),
        operator: state.operator.clone(),
        frontend_url: None,
        public_url: state.public_url.clone(),
        gateways: Default::default(),
        executions: Default::default(),
    })
}

fn fmt_stats(stats: &LoadStats) -> String {
    format!("{:.0} req/s (p50 {:.3} ms, p99 {:.3} ms)", stats.per_second, ms(stats.p50), ms(stats.p99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// FluxTurn's benchmarks. Without a mode flag: the in-process figures (instruction counts under
/// callgrind) and the HTTP load, start-up and memory rows, as one Markdown table.
#[derive(Debug, clap::Parser)]
#[command(name = "fluxturn-bench", version)]
struct Cli {
    /// Shorter runs, for a quick look (not for the figures BENCHMARKS.md records).
    #[arg(long)]
    quick: bool,
    /// Counts instructions only, and fails when a ratio crosses its CI gate.
    #[arg(long, group = "mode")]
    icount_only: bool,
    /// Executions per second with 1, 2 and 3 instances on PostgreSQL
    /// (`FLUXTURN_BENCH_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432).
    #[arg(long, group = "mode")]
    instances: bool,
    /// FluxTurn and n8n side by side (`bench/vs-n8n.sh` installs n8n and runs this).
    #[arg(long, group = "mode")]
    vs_n8n: bool,
    #[command(flatten)]
    n8n: vs_n8n::Args,
    /// Serves the synthetic catalogue from DIR (what the start-up and memory rows spawn).
    #[arg(long, value_name = "DIR", group = "mode", hide = true)]
    serve_synthetic: Option<PathBuf>,
    /// Runs the measured regions under callgrind (what `--icount-only` spawns).
    #[arg(long = "icount-child", group = "mode", hide = true)]
    icount_child: bool,
}

fn main() -> anyhow::Result<()> {
    let cli = <Cli as clap::Parser>::parse();
    if cli.icount_child {
        return callgrind::child_main();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    if let Some(dir) = cli.serve_synthetic {
        return runtime.block_on(serve_synthetic(dir));
    }
    if cli.icount_only {
        let (rows, crossed) = report::in_process_rows(false, true)?;
        print_table(&rows);
        if !crossed.is_empty() {
            anyhow::bail!("instruction ratio above its CI gate: {}", crossed.join("; "));
        }
        return Ok(());
    }
    if cli.vs_n8n {
        return runtime.block_on(vs_n8n::run(vs_n8n::Options::new(cli.n8n, cli.quick)?));
    }
    if cli.instances {
        let rows = runtime.block_on(instances::rows(cli.quick))?;
        print_table(&rows);
        return Ok(());
    }
    let (mut rows, _) = report::in_process_rows(true, cli.quick)?;
    runtime.block_on(load_rows(&mut rows, cli.quick))?;
    print_table(&rows);
    Ok(())
}

/// The figures measured over HTTP, and start-up and memory.
async fn load_rows(rows: &mut Vec<Row>, quick: bool) -> anyhow::Result<()> {
    let load_time = Duration::from_secs(if quick { 2 } else { 5 });
    let concurrency = 16;
    let dir = tempfile::tempdir()?;
    let started = app::start_with(&config(dir.path()), &fixture::REGISTRY, HashMap::new()).await?;

    // 2. Definitions throughput: our route against an axum route returning the same bytes.
    for (label, definitions) in [
        ("definitions (1 connector)", None),
        ("definitions (500 synthetic)", Some(fixture::synthetic_definitions(500))),
    ] {
        let state = match &definitions {
            None => started.state.clone(),
            Some(definitions) => with_catalogue(&started.state, Catalogue::serving(&fixture::REGISTRY, definitions)?),
        };
        let bytes = state.catalogue.list().json.clone();
        let ours_url = serve(fluxturn_server::api::router(state)).await;
        let static_router = axum::Router::new().route(
            "/api/v1/connectors/definitions",
            axum::routing::get(move || {
                let bytes = bytes.clone();
                async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], bytes) }
            }),
        );
        let static_url = serve(static_router).await;
        let path = "/api/v1/connectors/definitions";
        let (ours, baseline) = load::run_pair(
            &Target { url: format!("{ours_url}{path}"), body: None, token: None },
            &Target { url: format!("{static_url}{path}"), body: None, token: None },
            concurrency,
            load_time,
            4,
        )
        .await;
        rows.push(row(
            &format!("{label}: GET throughput"),
            fmt_stats(&ours),
            fmt_stats(&baseline),
            ours.per_second / baseline.per_second,
            ">= 0.9x",
        ));
    }

    // 3. Execute overhead: POST /execute (validate, decrypt-once, dispatch, upstream call) against
    //    the same upstream request sent directly.
    let upstream = serve(fixture::upstream()).await;
    let server = serve(fluxturn_server::api::router(started.state.clone())).await;
    let client = reqwest::Client::new();
    let id = &fixture::connect(&client, &server, TOKEN, &upstream).await?;
    let message = json!({"channel": "general", "text": "Hello", "count": 1});
    let direct = Target { url: format!("{upstream}/messages"), body: Some(message.clone()), token: None };
    let through = Target {
        url: format!("{server}/api/v1/connectors/{id}/execute"),
        body: Some(json!({"action": "send", "parameters": message})),
        token: Some(TOKEN.into()),
    };
    let added = |a: Duration, b: Duration| ms(a.saturating_sub(b));
    // One request at a time: what each step adds, without queueing on the two cores.
    let (ours, baseline) = load::run_pair(&through, &direct, 1, load_time, 4).await;
    assert!(ours.failed == 0 && ours.ok > 0, "execute failed: {ours:?}");
    rows.push(Row {
        ratio: format!("{:.2}x p50", ms(ours.p50) / ms(baseline.p50).max(1e-9)),
        ..row(
            "execute: added latency p50 / p99, one client",
            format!(
                "{:.3} ms / {:.3} ms added ({})",
                added(ours.p50, baseline.p50),
                added(ours.p99, baseline.p99),
                fmt_stats(&ours)
            ),
            fmt_stats(&baseline),
            0.0,
            "p50 <= 0.3 ms added",
        )
    });
    // 16 clients: throughput, where the server, the upstream and the load generator share two cores.
    let (ours, baseline) = load::run_pair(&through, &direct, concurrency, load_time, 4).await;
    assert!(ours.failed == 0 && ours.ok > 0, "execute failed under load: {ours:?}");
    // Workflows: the engine per node, and webhook → action executions per second.
    workflows::overhead_rows(&started.state, id, if quick { 20 } else { 200 }, rows).await?;
    workflows::executions_rows(&started.state, &server, TOKEN, concurrency, load_time, &ours, rows).await?;
    rows.push(row(
        &format!("execute: throughput, {concurrency} clients"),
        fmt_stats(&ours),
        fmt_stats(&baseline),
        ours.per_second / baseline.per_second,
        "report",
    ));

    // 4. Start-up and memory of a separate server process with 500 synthetic connectors: from
    //    spawn to ready on a fresh SQLite file, then a second start on the same file; its RSS
    //    idle and its peak under the execute load.
    let data = tempfile::tempdir()?;
    let (first, first_seed, child) = spawn_server(data.path())?;
    drop(child);
    let (second, second_seed, child) = spawn_server(data.path())?;
    rows.push(row(
        "start-up, 500 connectors: process spawn to ready",
        format!("{:.0} ms fresh SQLite file ({first_seed})", ms(first)),
        format!("{:.0} ms second start ({second_seed})", ms(second)),
        ms(second) / ms(first).max(1e-9),
        "report",
    ));
    let idle = child.process.rss_kib();
    let id = fixture::connect(&client, &child.base, TOKEN, &upstream).await?;
    let through = Target { url: format!("{}/api/v1/connectors/{id}/execute", child.base), ..through };
    let loaded = load::run(&through, concurrency, load_time).await;
    assert!(loaded.failed == 0 && loaded.ok > 0, "execute failed in the server process: {loaded:?}");
    let peak = child.process.peak_rss_kib();
    rows.push(row(
        "server RSS, 500 connectors",
        format!("{:.1} MiB peak under the execute load ({:.0} req/s)", peak as f64 / 1024.0, loaded.per_second),
        format!("{:.1} MiB idle after start-up", idle as f64 / 1024.0),
        peak as f64 / idle.max(1) as f64,
        "report",
    ));
    Ok(())
}
