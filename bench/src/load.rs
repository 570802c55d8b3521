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
    stats(latencies, failed, started.elapsed())
}

fn stats(mut latencies: Vec<Duration>, failed: usize, elapsed: Duration) -> LoadStats {
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let per_second = latencies.len() as f64 / elapsed.as_secs_f64();
    LoadStats { ok: latencies.len(), failed, per_second, p50: at(0.5), p99: at(0.99) }
}

/// Sends exactly `requests` JSON POSTs to `url` from `concurrency` closed-loop clients, the bodies
/// taken in turn from `bodies`; a request that fails, times out (after `timeout`) or answers
/// other than 2xx counts as failed. The side-by-side benchmark drives every system with it.
pub async fn run_count(
    url: &str,
    bodies: &[serde_json::Value],
    concurrency: usize,
    requests: usize,
    timeout: Duration,
) -> LoadStats {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let client =
        reqwest::Client::builder().pool_max_idle_per_host(concurrency).timeout(timeout).build().expect("client");
    let bodies: Arc<Vec<Vec<u8>>> =
        Arc::new(bodies.iter().map(|b| serde_json::to_vec(b).expect("a JSON body")).collect());
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, url, bodies, next) = (client.clone(), url.to_owned(), bodies.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let (mut latencies, mut failed) = (Vec::new(), 0);
            loop {
                let ticket = next.fetch_add(1, Ordering::Relaxed);
                if ticket >= requests {
                    break;
                }
                let sent = Instant::now();
                let response = client
                    .post(&url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(bodies[ticket % bodies.len()].clone())
                    .send()
                    .await;
                match response {
                    Ok(response) if response.status().is_success() => match response.bytes().await {
                        Ok(_) => latencies.push(sent.elapsed()),
                        Err(_) => failed += 1,
                    },
                    _ => failed += 1,
                }
            }
            (latencies, failed)
        }));
    }
    let (mut latencies, mut failed) = (Vec::with_capacity(requests), 0);
    for worker in workers {
        let (l, f) = worker.await.expect("worker");
        latencies.extend(l);
        failed += f;
    }
    stats(latencies, failed, started.elapsed())
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
