//! `fluxturn-bench --vs-n8n`: FluxTurn and n8n side by side on this machine, in one run, driven by
//! one load generator ([`crate::load::run_count`]) against one local upstream: executions per
//! second, p50/p99 latency and peak resident memory per workload and concurrency, and start-up
//! time to the first accepted webhook. `bench/vs-n8n.sh` installs n8n and runs it.
//!
//! Flags: `--fluxturn PATH` (the release binary), `--n8n DIR` (n8n's install folder),
//! `--requests N` measured after `--warmup N` per workload and concurrency, `--clients 1,8,32`,
//! `--systems fluxturn,n8n,n8n-nosave`, `--work DIR` (keeps the servers' folders and logs there).

mod systems;
mod table;
mod workloads;

use crate::load::{self, LoadStats};
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::time::Duration;
use systems::{Programs, System};
use workloads::Workload;

/// How long one request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What to run.
pub struct Options {
    programs: Programs,
    requests: usize,
    warmup: usize,
    clients: Vec<usize>,
    systems: Vec<System>,
    work: Option<PathBuf>,
}

impl Options {
    /// Reads the flags (see the module's documentation); `--quick` shortens the defaults.
    pub fn from_args(args: &[String]) -> anyhow::Result<Self> {
        let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
        let number = |name: &str, default: usize| -> anyhow::Result<usize> {
            value(name).map_or(Ok(default), |v| v.parse().with_context(|| format!("{name} takes a number, not `{v}`")))
        };
        let quick = args.iter().any(|a| a == "--quick");
        let clients = value("--clients").unwrap_or_else(|| "1,8,32".into());
        let clients = clients
            .split(',')
            .map(|c| c.trim().parse::<usize>().ok().filter(|c| *c > 0))
            .collect::<Option<Vec<_>>>()
            .with_context(|| format!("--clients takes numbers above 0 separated by commas, not `{clients}`"))?;
        let systems = match value("--systems") {
            None => System::ALL.to_vec(),
            Some(list) => list
                .split(',')
                .map(|s| match s.trim() {
                    "fluxturn" => Ok(System::Fluxturn),
                    "n8n" => Ok(System::N8n),
                    "n8n-nosave" => Ok(System::N8nNoSaving),
                    other => bail!("unknown system `{other}` in --systems: use fluxturn, n8n or n8n-nosave"),
                })
                .collect::<anyhow::Result<_>>()?,
        };
        let n8n = value("--n8n").map(PathBuf::from);
        if systems.iter().any(|s| *s != System::Fluxturn) && n8n.is_none() {
            bail!("--n8n DIR is needed: the folder n8n is installed in (bench/vs-n8n.sh installs it)");
        }
        Ok(Self {
            programs: Programs {
                fluxturn: value("--fluxturn").map_or_else(|| PathBuf::from("target/release/fluxturn"), PathBuf::from),
                n8n: n8n.unwrap_or_default(),
            },
            requests: number("--requests", if quick { 200 } else { 2000 })?,
            warmup: number("--warmup", if quick { 50 } else { 200 })?,
            clients,
            systems,
            work: value("--work").map(PathBuf::from),
        })
    }
}

/// One load run of one system.
pub struct Measured {
    system: System,
    workload: Workload,
    clients: usize,
    stats: LoadStats,
    /// Peak resident memory during the warm-up and the run, KiB.
    peak_kib: u64,
}

/// One system's start.
pub struct Started {
    startup: Duration,
    /// Resident memory right after the first accepted webhook, KiB.
    idle_kib: u64,
    /// Peak resident memory over the whole run, KiB.
    peak_kib: u64,
}

/// Runs every system through every workload and prints the tables.
pub async fn run(options: Options) -> anyhow::Result<()> {
    let upstream = crate::serve(workloads::upstream()).await;
    let temporary = tempfile::tempdir()?;
    let work = options.work.clone().unwrap_or_else(|| temporary.path().to_owned());
    let bodies = Workload::bodies();
    let (mut measured, mut started) = (Vec::new(), Vec::new());
    for &system in &options.systems {
        let folder = work.join(system.name().replace([' ', ','], ""));
        eprintln!("{}: preparing and starting in {}", system.name(), folder.display());
        let running = systems::start(system, &options.programs, &folder, &upstream).await?;
        let idle_kib = running.process.rss_kib();
        let mut peak_kib = running.process.peak_rss_kib();
        for (workload, url) in Workload::ALL.into_iter().zip(&running.urls) {
            check(system, workload, url, &bodies).await?;
            for &clients in &options.clients {
                running.process.reset_peak();
                let warm = load::run_count(url, &bodies, clients, options.warmup, REQUEST_TIMEOUT).await;
                let stats = load::run_count(url, &bodies, clients, options.requests, REQUEST_TIMEOUT).await;
                let peak = running.process.peak_rss_kib();
                peak_kib = peak_kib.max(peak);
                eprintln!(
                    "{}: {} × {clients}: {:.1}/s, p50 {:.1} ms, p99 {:.1} ms, peak {:.0} MiB ({} failed, {} in warm-up)",
                    system.name(),
                    workload.name(),
                    stats.per_second,
                    stats.p50.as_secs_f64() * 1e3,
                    stats.p99.as_secs_f64() * 1e3,
                    peak as f64 / 1024.0,
                    stats.failed,
                    warm.failed
                );
                measured.push(Measured { system, workload, clients, stats, peak_kib: peak });
            }
        }
        started.push(Started { startup: running.startup, idle_kib, peak_kib });
    }
    table::print(&options.systems, &started, &measured, options.requests, options.warmup);
    Ok(())
}

/// Sends each body once and checks the answer: both systems must do the same work.
async fn check(system: System, workload: Workload, url: &str, bodies: &[serde_json::Value]) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build()?;
    for body in bodies {
        let response = client.post(url).json(body).send().await?;
        let status = response.status();
        let answer: serde_json::Value = response.json().await.unwrap_or_default();
        if !status.is_success() || !workload.answered(body, &answer) {
            bail!(
                "{} answered `{}` to {body} with {status} {answer}: not the workload's answer",
                system.name(),
                workload.name()
            );
        }
    }
    Ok(())
}
