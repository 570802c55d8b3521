//! `fluxturn`: the FluxTurn server binary.
//!
//! For now it exports the definitions of every registered connector; the HTTP server grows
//! around the same registry.

mod export;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// FluxTurn: self-hosted workflow automation.
#[derive(Debug, Parser)]
#[command(name = "fluxturn", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print every registered connector definition as one JSON array.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Export { output } => export::run(connectors::registry(), output.as_deref()),
    }
}
