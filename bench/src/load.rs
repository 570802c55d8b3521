//! A closed-loop load generator: `concurrency` workers, each sending the next request when the
//! previous one is answered, for a fixed time. The same generator drives FluxTurn and its
//! baselines, so their ratio is meaningful on a noisy machine.

use std::time::{Duration, Instant};

/// What one load run measured.
#[derive(Debug, Clone, Copy)]
pub struct LoadStats {
    /// Requests answered with a 2xx (or 304).
    pub ok: usize,
    /// Requests that failed.
    pub failed: usize,
    /// Answered requests per second.
    pub per_second: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th-percentile latency.
    pub p99: Duration,
}

/// One request to send, again and again.
#[derive(Clone)]
pub struct Target {
    /// Full URL.
    pub url: String,
    /// JSON body (POST) or none (GET).
    pub body: Option<serde_json::Value>,
    /// Bearer token.
    pub token: Option<String>,
}

/// Runs the load and collects latencies.
pub async fn run(target: &Target, concurrency: usize, duration: Duration) -> LoadStats {
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build().expect("client");
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, target) = (client.clone(), target.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failed = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let mut request = match &target.body {
                    Some(body) => client.post(&target.url).json(body),
                    None => client.get(&target.url),
                };
                if let Some(token) = &target.token {
                    request = request.bearer_auth(token);
                }
                match request.send().await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    _ => failed += 1,
                }
            }
            (latencies, failed)
        }));
    }
    let mut latencies = Vec::new();
    let mut failed = 0;
    for worker in workers {
        let (l, f) = worker.await.expect("worker");
        latencies.extend(l);
        failed += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    LoadStats { ok: latencies.len(), failed, per_second: latencies.len() as f64 / elapsed, p50: at(0.5), p99: at(0.99) }
}

/// Runs `ours` and `baseline` in alternating slices (`slices` each, `duration` in all per side),
/// so that a slow moment of the machine falls on both sides alike; returns both merged.
pub async fn run_pair(
    ours: &Target,
    baseline: &Target,
    concurrency: usize,
    duration: Duration,
    slices: u32,
) -> (LoadStats, LoadStats) {
    let slice = duration / slices;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..slices {
        a.push(run(ours, concurrency, slice).await);
        b.push(run(baseline, concurrency, slice).await);
    }
    (merge(&a, slice), merge(&b, slice))
}

/// Totals of several equal-length runs; latencies are the slices' medians of p50 and p99.
fn merge(runs: &[LoadStats], slice: Duration) -> LoadStats {
    let ok: usize = runs.iter().map(|r| r.ok).sum();
    let failed: usize = runs.iter().map(|r| r.failed).sum();
    let median = |mut values: Vec<Duration>| {
        values.sort();
        values[values.len() / 2]
    };
    LoadStats {
        ok,
        failed,
        per_second: ok as f64 / (slice.as_secs_f64() * runs.len() as f64),
        p50: median(runs.iter().map(|r| r.p50).collect()),
        p99: median(runs.iter().map(|r| r.p99).collect()),
    }
}
