//! `fluxturn-bench --vs-n8n`: FluxTurn and n8n side by side on this machine, in one run, driven by
//! one load generator ([`crate::load::run_count`]) against one local upstream: executions per
//! second, p50/p99 latency and peak resident memory per workload and concurrency, and start-up
//! time to the first accepted webhook. `bench/vs-n8n.sh` installs n8n and runs it.
//!
//! Flags ([`Args`], `fluxturn-bench --help`): `--fluxturn PATH` (the release binary), `--n8n DIR`
//! (n8n's install folder), `--requests N` measured after `--warmup N` per workload and
//! concurrency, `--clients 1,8,32`, `--systems fluxturn,n8n,n8n-nosave`, `--work DIR` (keeps the
//! servers' folders and logs there).

mod systems;
mod table;
mod workloads;

use crate::load::{self, LoadStats};
use anyhow::bail;
use std::path::PathBuf;
use std::time::Duration;
use systems::{Programs, System};
use workloads::Workload;

/// How long one request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The flags of `--vs-n8n`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The `fluxturn` release binary to run.
    #[arg(long, value_name = "PATH", default_value = "target/release/fluxturn", requires = "vs_n8n")]
    fluxturn: PathBuf,
    /// The folder n8n is installed in (`bench/vs-n8n.sh` installs it); needed unless
    /// `--systems fluxturn`.
    #[arg(long, value_name = "DIR", requires = "vs_n8n")]
    n8n: Option<PathBuf>,
    /// Requests measured per workload and client count [default: 2000, 200 with --quick].
    #[arg(long, value_name = "N", requires = "vs_n8n")]
    requests: Option<usize>,
    /// Requests sent before each measurement [default: 200, 50 with --quick].
    #[arg(long, value_name = "N", requires = "vs_n8n")]
    warmup: Option<usize>,
    /// Concurrent clients, one measurement each.
    #[arg(long, value_name = "N,N,..", value_delimiter = ',', default_value = "1,8,32", requires = "vs_n8n",
          value_parser = at_least_one)]
    clients: Vec<usize>,
    /// The systems to run.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "fluxturn,n8n,n8n-nosave", requires = "vs_n8n")]
    systems: Vec<System>,
    /// Keeps the servers' folders and logs in DIR (a temporary folder otherwise).
    #[arg(long, value_name = "DIR", requires = "vs_n8n")]
    work: Option<PathBuf>,
}

/// A count of clients: a number above 0.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{text}` is not a number above 0")),
    }
}

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
    /// The run `args` ask for; `quick` shortens the defaults.
    pub fn new(args: Args, quick: bool) -> anyhow::Result<Self> {
        if args.systems.iter().any(|s| *s != System::Fluxturn) && args.n8n.is_none() {
            bail!("--n8n DIR is needed: the folder n8n is installed in (bench/vs-n8n.sh installs it)");
        }
        Ok(Self {
            programs: Programs { fluxturn: args.fluxturn, n8n: args.n8n.unwrap_or_default() },
            requests: args.requests.unwrap_or(if quick { 200 } else { 2000 }),
            warmup: args.warmup.unwrap_or(if quick { 50 } else { 200 }),
            clients: args.clients,
            systems: args.systems,
            work: args.work,
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
