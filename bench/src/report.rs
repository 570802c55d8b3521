//! The table the benchmarks print: one row per figure, its baseline and their ratio; the
//! in-process rows with both the time and the instruction ratio, and the verdict of their limit.

use crate::callgrind::{self, Counts, Outcome};
use crate::in_process::{self, Limit};
use crate::measure;
use std::time::Duration;

/// One row of the table.
pub struct Row {
    /// What is measured.
    pub figure: String,
    /// FluxTurn's figure.
    pub ours: String,
    /// The baseline's figure.
    pub baseline: String,
    /// FluxTurn's figure over the baseline's (time, throughput, memory).
    pub ratio: String,
    /// Instructions per call, FluxTurn / baseline (in-process figures only).
    pub instructions: String,
    /// FluxTurn's instruction count over the baseline's.
    pub instruction_ratio: String,
    /// The target, and for the in-process figures whether it is met.
    pub target: String,
}

/// A row without instruction counts.
pub fn row(figure: &str, ours: String, baseline: String, ratio: f64, target: &str) -> Row {
    Row {
        figure: figure.into(),
        ours,
        baseline,
        ratio: format!("{ratio:.2}x"),
        instructions: "-".into(),
        instruction_ratio: "-".into(),
        target: target.into(),
    }
}

/// Prints the table in Markdown.
pub fn print_table(rows: &[Row]) {
    println!("| figure | FluxTurn | baseline | time ratio | instructions per call | instruction ratio | target |");
    println!("|---|---|---|---|---|---|---|");
    for r in rows {
        let Row { figure, ours, baseline, ratio, instructions, instruction_ratio, target } = r;
        println!("| {figure} | {ours} | {baseline} | {ratio} | {instructions} | {instruction_ratio} | {target} |");
    }
}

/// The in-process figures: timed (unless `timed` is false) and counted. Also returns the
/// figures whose instruction ratio crossed its CI gate.
pub fn in_process_rows(timed: bool, quick: bool) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    let fixtures = in_process::Fixtures::new()?;
    let mut figures = in_process::figures(&fixtures);
    let (rounds, budget) = if quick { (3, Duration::from_millis(20)) } else { (7, Duration::from_millis(100)) };
    let times: Vec<Option<(f64, f64)>> = figures
        .iter_mut()
        .map(|figure| timed.then(|| measure::time_pair(&mut figure.ours, &mut figure.baseline, rounds, budget)))
        .collect();
    let counts = match callgrind::count()? {
        Outcome::Counted(counts) => counts.into_iter().map(Some).collect(),
        Outcome::Skipped(reason) => {
            eprintln!("instruction counts skipped: {reason}");
            vec![None; figures.len()]
        }
    };
    let mut rows = Vec::new();
    let mut crossed = Vec::new();
    for ((figure, time), count) in figures.iter().zip(times).zip(counts) {
        let (ours, baseline, ratio) = match time {
            Some((ours, baseline)) => (
                fmt_ns(ours),
                format!("{} {}", fmt_ns(baseline), figure.baseline_name),
                format!("{:.2}x", ours / baseline),
            ),
            None => ("-".into(), figure.baseline_name.into(), "-".into()),
        };
        let (instructions, instruction_ratio, verdict) = match count {
            Some(count @ Counts { ours, baseline }) => {
                let ratio = count.ratio();
                if !figure.gate.met_by(ratio) {
                    crossed.push(format!("{}: {ratio:.3}x, gate {}", figure.name, figure.gate));
                }
                let verdict = match (figure.target.met_by(ratio), figure.gate.met_by(ratio)) {
                    (true, _) => ": met".to_owned(),
                    (false, true) => format!(": MISSED (CI gate {})", figure.gate),
                    (false, false) => format!(": MISSED, above the CI gate {}", figure.gate),
                };
                (format!("{ours:.0} / {baseline:.0}"), format!("{ratio:.3}x"), verdict)
            }
            None => ("-".into(), "-".into(), ": not counted".to_owned()),
        };
        rows.push(Row {
            figure: figure.name.into(),
            ours,
            baseline,
            ratio,
            instructions,
            instruction_ratio,
            target: match figure.target {
                Limit::Report => "report".into(),
                target => format!("instructions {target}{verdict}"),
            },
        });
    }
    Ok((rows, crossed))
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 10_000.0 {
        format!("{:.1} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}
