//! The side-by-side tables, in Markdown: each system's start, then per workload and concurrency
//! each system's executions per second, latency and peak memory, and FluxTurn's ratios against
//! the better n8n setting (the higher throughput, the lower memory).

use super::systems::System;
use super::workloads::Workload;
use super::{Measured, Started};

/// Throughput FluxTurn should reach, as a multiple of n8n's.
pub const THROUGHPUT_TARGET: f64 = 5.0;
/// Memory FluxTurn should stay under, as a fraction of n8n's.
pub const MEMORY_TARGET: f64 = 0.2;

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// Prints both tables.
pub fn print(systems: &[System], started: &[Started], measured: &[Measured], requests: usize, warmup: usize) {
    println!("| | {} |", systems.iter().map(|s| s.name()).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---|".repeat(systems.len()));
    let line = |label: &str, cell: &dyn Fn(&Started) -> String| {
        println!("| {label} | {} |", started.iter().map(cell).collect::<Vec<_>>().join(" | "));
    };
    line("start-up to first accepted webhook", &|s| format!("{:.2} s", s.startup.as_secs_f64()));
    line("RSS after start-up", &|s| mib(s.idle_kib));
    line("peak RSS, whole run", &|s| mib(s.peak_kib));
    println!();
    println!("{requests} requests per row after {warmup} of warm-up; executions/s · p50 / p99 latency · peak RSS");
    println!();
    let names = systems.iter().map(|s| s.name()).collect::<Vec<_>>().join(" | ");
    println!("| workload | clients | {names} | throughput ours/n8n | memory ours/n8n | targets (≥ {THROUGHPUT_TARGET}×, ≤ {MEMORY_TARGET}×) |");
    println!("|---|---|{}---|---|---|", "---|".repeat(systems.len()));
    let mut keys: Vec<(Workload, usize)> = Vec::new();
    for m in measured {
        if !keys.contains(&(m.workload, m.clients)) {
            keys.push((m.workload, m.clients));
        }
    }
    for (workload, clients) in keys {
        let of = |system: System| {
            measured.iter().find(|m| m.system == system && m.workload == workload && m.clients == clients)
        };
        let cells: Vec<String> = systems
            .iter()
            .map(|&s| match of(s) {
                Some(m) => format!(
                    "{:.0}/s · {:.1} / {:.1} ms · {}{}",
                    m.stats.per_second,
                    m.stats.p50.as_secs_f64() * 1e3,
                    m.stats.p99.as_secs_f64() * 1e3,
                    mib(m.peak_kib),
                    if m.stats.failed > 0 { format!(" · {} failed", m.stats.failed) } else { String::new() }
                ),
                None => "-".into(),
            })
            .collect();
        let n8n: Vec<&Measured> = [System::N8n, System::N8nNoSaving].into_iter().filter_map(of).collect();
        let (throughput, memory, verdict) = match (of(System::Fluxturn), n8n.is_empty()) {
            (Some(ours), false) => {
                let best = n8n.iter().map(|m| m.stats.per_second).fold(0.0, f64::max);
                let least = n8n.iter().map(|m| m.peak_kib).min().unwrap_or(1).max(1);
                let throughput = ours.stats.per_second / best.max(1e-9);
                let memory = ours.peak_kib as f64 / least as f64;
                let met = throughput >= THROUGHPUT_TARGET && memory <= MEMORY_TARGET;
                (format!("{throughput:.1}×"), format!("{memory:.3}×"), if met { "met" } else { "NOT met" }.to_owned())
            }
            _ => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "| {} | {clients} | {} | {throughput} | {memory} | {verdict} |",
            workload.describe(),
            cells.join(" | ")
        );
    }
}
