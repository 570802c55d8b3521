//! The two systems as separate processes: FluxTurn's `fluxturn serve` on its embedded SQLite
//! default, and n8n 1.x (`node …/n8n start`) on its SQLite default, with or without execution
//! saving. Each is prepared with the three workflows while stopped (n8n) or on a first start
//! (FluxTurn), then started again and timed from spawn to its first accepted webhook.

use super::workloads::Workload;
use crate::process::{free_port, Watched};
use crate::{fixture, TOKEN};
use anyhow::{bail, Context};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a system may take to accept its first webhook.
const START_LIMIT: Duration = Duration::from_secs(180);

/// A system compared (`--systems fluxturn,n8n,n8n-nosave`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum System {
    /// FluxTurn, its defaults (SQLite, every execution stored).
    Fluxturn,
    /// n8n with its defaults (SQLite, every execution saved).
    N8n,
    /// n8n with execution saving off, its documented fastest setting.
    #[value(name = "n8n-nosave")]
    N8nNoSaving,
}

impl System {
    /// The name in the table.
    pub fn name(self) -> &'static str {
        match self {
            System::Fluxturn => "FluxTurn",
            System::N8n => "n8n",
            System::N8nNoSaving => "n8n, saving off",
        }
    }
}

/// Where the programs are.
pub struct Programs {
    /// The `fluxturn` release binary.
    pub fluxturn: PathBuf,
    /// The folder n8n is installed in (`node_modules/n8n` under it).
    pub n8n: PathBuf,
}

/// A system started and accepting webhooks.
pub struct Running {
    /// The server process.
    pub process: Watched,
    /// Each workload's webhook URL, in [`Workload::ALL`]'s order.
    pub urls: Vec<String>,
    /// From spawn to the first accepted webhook.
    pub startup: Duration,
}

/// Prepares `system` in `dir` with the workflows calling `upstream`, then starts it and waits
/// for its first accepted webhook.
pub async fn start(system: System, programs: &Programs, dir: &Path, upstream: &str) -> anyhow::Result<Running> {
    std::fs::create_dir_all(dir)?;
    match system {
        System::Fluxturn => fluxturn(&programs.fluxturn, dir, upstream).await,
        System::N8n | System::N8nNoSaving => n8n(&programs.n8n, dir, upstream, system == System::N8nNoSaving).await,
    }
}

fn fluxturn_command(binary: &Path, dir: &Path, port: u16) -> anyhow::Result<Command> {
    let mut command = Command::new(binary);
    command
        .arg("serve")
        .env("FLUXTURN_BIND", format!("127.0.0.1:{port}"))
        .env("FLUXTURN_DATA_DIR", dir.join("data"))
        .env("FLUXTURN_API_TOKEN", TOKEN)
        .env_remove("DATABASE_URL")
        .stdout(log(dir, "fluxturn.log")?)
        .stderr(log(dir, "fluxturn.err")?);
    Ok(command)
}

async fn fluxturn(binary: &Path, dir: &Path, upstream: &str) -> anyhow::Result<Running> {
    // First start: create the workflows through the API.
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let mut first = Watched::new(fluxturn_command(binary, dir, port)?.spawn().context("starting fluxturn")?);
    let client = reqwest::Client::new();
    wait_until(&mut first, || client.get(format!("{base}/healthz")).send(), "fluxturn to serve").await?;
    let mut ids = Vec::new();
    for workload in Workload::ALL {
        let name = format!("bench {}", workload.name());
        ids.push(fixture::create_workflow(&client, &base, TOKEN, &name, workload.fluxturn_canvas(upstream)).await?);
    }
    drop(first);
    // The start measured: the workflows are in the database.
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let urls: Vec<String> = ids.iter().map(|id| format!("{base}/api/v1/webhook/{id}")).collect();
    let started = Instant::now();
    let mut process = Watched::new(fluxturn_command(binary, dir, port)?.spawn().context("starting fluxturn")?);
    let startup = first_webhook(&mut process, &urls[0], started).await?;
    Ok(Running { process, urls, startup })
}

/// n8n's settings here: the machine's loopback, no telemetry, no task runner process (the Code
/// node's; none of the workloads has one), no version or template look-ups (no internet here).
fn n8n_command(install: &Path, dir: &Path, port: u16, saving: bool) -> anyhow::Result<Command> {
    let mut command = Command::new("node");
    command
        .arg(install.join("node_modules/n8n/bin/n8n"))
        .env("N8N_USER_FOLDER", dir)
        .env("N8N_PORT", port.to_string())
        .env("N8N_LISTEN_ADDRESS", "127.0.0.1")
        .env("N8N_DIAGNOSTICS_ENABLED", "false")
        .env("N8N_PERSONALIZATION_ENABLED", "false")
        .env("N8N_RUNNERS_ENABLED", "false")
        .env("N8N_VERSION_NOTIFICATIONS_ENABLED", "false")
        .env("N8N_TEMPLATES_ENABLED", "false")
        .env_remove("DB_TYPE")
        .stdout(log(dir, "n8n.log")?)
        .stderr(log(dir, "n8n.err")?);
    if !saving {
        command
            .env("EXECUTIONS_DATA_SAVE_ON_SUCCESS", "none")
            .env("EXECUTIONS_DATA_SAVE_ON_ERROR", "none")
            .env("EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS", "false");
    }
    Ok(command)
}

async fn n8n(install: &Path, dir: &Path, upstream: &str, no_saving: bool) -> anyhow::Result<Running> {
    // Import and activate while stopped, with n8n's own CLI.
    let file = dir.join("workflows.json");
    let workflows: Vec<Value> = Workload::ALL.iter().map(|w| w.n8n_workflow(upstream)).collect();
    std::fs::write(&file, serde_json::to_vec_pretty(&workflows)?)?;
    let cli = |args: &[&str]| -> anyhow::Result<()> {
        let output = n8n_command(install, dir, free_port()?, !no_saving)?
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .with_context(|| format!("running n8n {}", args.join(" ")))?;
        if !output.status.success() {
            bail!(
                "n8n {} failed: {}{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    };
    cli(&["import:workflow", &format!("--input={}", file.display())])?;
    cli(&["update:workflow", "--all", "--active=true"])?;
    let port = free_port()?;
    let urls: Vec<String> =
        Workload::ALL.iter().map(|w| format!("http://127.0.0.1:{port}/webhook/{}", w.name())).collect();
    let started = Instant::now();
    let mut command = n8n_command(install, dir, port, !no_saving)?;
    let mut process = Watched::new(command.arg("start").spawn().context("starting n8n")?);
    let startup = first_webhook(&mut process, &urls[0], started).await?;
    Ok(Running { process, urls, startup })
}

fn log(dir: &Path, name: &str) -> anyhow::Result<std::fs::File> {
    Ok(std::fs::OpenOptions::new().create(true).append(true).open(dir.join(name))?)
}

/// Sends the floor workload's request every 10 ms until one is answered with a 2xx; the time
/// from `started`.
async fn first_webhook(process: &mut Watched, url: &str, started: Instant) -> anyhow::Result<Duration> {
    let client = reqwest::Client::new();
    let body = Workload::bodies()[0].clone();
    wait_until(process, || client.post(url).json(&body).send(), "the first accepted webhook").await?;
    Ok(started.elapsed())
}

async fn wait_until<F, Fut>(process: &mut Watched, mut request: F, what: &str) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = reqwest::Result<reqwest::Response>>,
{
    let deadline = Instant::now() + START_LIMIT;
    loop {
        if let Ok(response) = request().await {
            if response.status().is_success() {
                return Ok(());
            }
        }
        if !process.alive() {
            bail!("the server exited while waiting for {what}: see its log in the run's folder");
        }
        if Instant::now() > deadline {
            bail!("no answer after {START_LIMIT:?} waiting for {what} (process {})", process.id());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
