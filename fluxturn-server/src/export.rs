//! `fluxturn export`: every definition as one JSON array, for CI diffs and the frontend.

use anyhow::Context;
use fluxturn_core::Registry;
use std::io::Write;
use std::path::Path;

/// The export document: every definition, in registry order, pretty-printed.
pub fn export_json(registry: &Registry) -> anyhow::Result<String> {
    serde_json::to_string_pretty(registry.definitions()).context("could not serialize the definitions")
}

/// Writes the export to `output`, or to standard output.
pub fn run(registry: &Registry, output: Option<&Path>) -> anyhow::Result<()> {
    let json = export_json(registry)?;
    match output {
        Some(path) => std::fs::write(path, json + "\n").with_context(|| format!("could not write {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{json}").context("could not write to standard output")
        }
    }
}
