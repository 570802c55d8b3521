//! Instruction counts of the in-process figures. This binary runs itself (`--icount-child`) under
//! `valgrind --tool=callgrind`, which collects only inside `measure::counted_region` and writes
//! one profile each time that function returns; the child prints which side each region was.
//! Counts are the same from run to run, unlike times on a shared machine.

use crate::in_process::{figures, Fixtures};
use crate::measure::COUNTED_REGION;
use anyhow::{bail, Context};
use std::path::Path;
use std::process::Command;

/// The flag that makes this binary the measured child.
pub const CHILD_FLAG: &str = "--icount-child";

/// The environment variable naming a directory to keep the callgrind profiles in, one per
/// region, numbered in the order the child prints its `region` lines.
pub const PROFILES: &str = "FLUXTURN_BENCH_PROFILES";

/// Instructions per call of the two sides of one figure.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// FluxTurn's side.
    pub ours: f64,
    /// The baseline's side.
    pub baseline: f64,
}

impl Counts {
    /// FluxTurn's count over the baseline's.
    pub fn ratio(&self) -> f64 {
        self.ours / self.baseline
    }
}

/// Counts of every figure, in `in_process::figures` order, or why there are none.
pub enum Outcome {
    /// Counted.
    Counted(Vec<Counts>),
    /// Valgrind is missing outside CI.
    Skipped(String),
}

/// Runs the child under callgrind and reads its profiles. Without valgrind, fails under
/// `CI=true` and skips (with the reason) elsewhere.
pub fn count() -> anyhow::Result<Outcome> {
    let valgrind = std::env::var("VALGRIND").unwrap_or_else(|_| "valgrind".into());
    if Command::new(&valgrind).arg("--version").output().is_err() {
        let reason = format!("`{valgrind}` is not installed, so instructions were not counted");
        if std::env::var("CI").is_ok_and(|ci| ci == "true") {
            bail!("{reason}; CI needs it (apt-get install valgrind)");
        }
        return Ok(Outcome::Skipped(reason));
    }
    let dir = tempfile::tempdir()?;
    // `FLUXTURN_BENCH_PROFILES=DIR` keeps the profiles, for `callgrind_annotate --inclusive=yes`.
    let profiles = std::env::var_os(PROFILES).map_or_else(|| dir.path().to_owned(), Into::into);
    std::fs::create_dir_all(&profiles)?;
    for entry in std::fs::read_dir(&profiles)? {
        let path = entry?.path();
        if path.file_name().is_some_and(|name| name.to_string_lossy().starts_with("callgrind.out")) {
            std::fs::remove_file(path)?;
        }
    }
    let output = without_aslr(&valgrind)
        .arg("--tool=callgrind")
        .arg("--collect-atstart=no")
        .arg(format!("--toggle-collect={COUNTED_REGION}"))
        .arg(format!("--dump-after={COUNTED_REGION}"))
        .arg(format!("--callgrind-out-file={}", profiles.join("callgrind.out").display()))
        .arg(std::env::current_exe()?)
        .arg(CHILD_FLAG)
        .output()
        .context("running valgrind")?;
    if !output.status.success() {
        bail!("the child under callgrind failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr));
    }
    let labels = String::from_utf8(output.stdout)?;
    let totals = totals(&profiles)?;
    let regions: Vec<&str> = labels.lines().filter_map(|line| line.strip_prefix("region ")).collect();
    if regions.len() != totals.len() {
        bail!("{} regions ran but callgrind wrote {} profiles", regions.len(), totals.len());
    }
    let mut counts: Vec<Counts> = Vec::new();
    for (region, total) in regions.iter().zip(totals) {
        let fields: Vec<&str> = region.split_whitespace().collect();
        let [figure, side, calls] = fields[..] else { bail!("unexpected region line `{region}`") };
        let (figure, calls): (usize, f64) = (figure.parse()?, calls.parse()?);
        if counts.len() <= figure {
            counts.resize(figure + 1, Counts { ours: f64::NAN, baseline: f64::NAN });
        }
        match side {
            "ours" => counts[figure].ours = total as f64 / calls,
            "baseline" => counts[figure].baseline = total as f64 / calls,
            _ => {} // a warm-up region
        }
    }
    Ok(Outcome::Counted(counts))
}

/// A command running `program` with address-space randomization off (`setarch -R`, util-linux),
/// when `setarch` is there: with it on, where the heap lands moves a few instructions per call
/// (memcpy alignment, malloc bins) from run to run.
fn without_aslr(program: &str) -> Command {
    let setarch = Command::new("setarch").args(["-R", "true"]).output().is_ok_and(|out| out.status.success());
    if !setarch {
        eprintln!("setarch not found: instruction counts may move by a few per call between runs");
        return Command::new(program);
    }
    let mut command = Command::new("setarch");
    command.arg("-R").arg(program);
    command
}

/// The child: runs each side once to warm up, then the counted calls, naming each region on
/// stdout before it runs.
pub fn child_main() -> anyhow::Result<()> {
    let fixtures = Fixtures::new()?;
    for (index, mut figure) in figures(&fixtures).into_iter().enumerate() {
        let warm = figure.counted_calls.min(10);
        for (label, side) in [("ours", &mut figure.ours), ("baseline", &mut figure.baseline)] {
            println!("region {index} warm-up {warm}");
            side.run(warm);
            println!("region {index} {label} {}", figure.counted_calls);
            side.run(figure.counted_calls);
        }
    }
    Ok(())
}

/// The instruction total of every profile in `dir`, in the order they were dumped.
fn totals(dir: &Path) -> anyhow::Result<Vec<u64>> {
    let mut profiles: Vec<(u64, u64)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        // `callgrind.out.<n>` for the n-th dump; the final dump at exit has no number.
        let Some(number) = path.extension().and_then(|n| n.to_str()).and_then(|n| n.parse().ok()) else { continue };
        let text = std::fs::read_to_string(&path)?;
        let total = text
            .lines()
            .find_map(|line| line.strip_prefix("totals:").or_else(|| line.strip_prefix("summary:")))
            .with_context(|| format!("no totals in {}", path.display()))?;
        profiles.push((number, total.trim().parse()?));
    }
    profiles.sort_unstable();
    Ok(profiles.into_iter().map(|(_, total)| total).collect())
}
