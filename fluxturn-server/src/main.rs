//! `fluxturn`: the FluxTurn server binary.

use clap::{Parser, Subcommand};
use fluxturn_server::config::ServerConfig;
use std::path::PathBuf;
use std::process::ExitCode;

/// FluxTurn: self-hosted workflow automation.
///
/// Environment: FLUXTURN_BIND, FLUXTURN_DATA_DIR, FLUXTURN_API_TOKEN, FLUXTURN_ENCRYPTION_KEY,
/// DATABASE_URL, RUST_LOG (e.g. `RUST_LOG=fluxturn=debug,info`).
#[derive(Debug, Parser)]
#[command(name = "fluxturn", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (embedded SQLite in the data directory by default).
    Serve(ServerConfig),
    /// Print every registered connector definition as one JSON array.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check the registry and that every stored credential can be decrypted.
    Validate(ServerConfig),
    /// Print the OAuth2 environment variables every registered oauth2 connector needs.
    EnvExample,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let result = match cli.command {
        Command::Export { output } => {
            fluxturn_server::export::run(connectors::registry(), output.as_deref()).map(|()| ExitCode::SUCCESS)
        }
        Command::Serve(config) => runtime()
            .and_then(|rt| rt.block_on(fluxturn_server::app::serve(config, connectors::registry())))
            .map(|()| ExitCode::SUCCESS),
        Command::Validate(config) => runtime().and_then(|rt| rt.block_on(validate(config))),
        Command::EnvExample => {
            print!("{}", fluxturn_server::oauth::env_example(connectors::registry()));
            Ok(ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

async fn validate(config: ServerConfig) -> anyhow::Result<ExitCode> {
    let validation = fluxturn_server::validate::run(&config, connectors::registry()).await?;
    for note in &validation.notes {
        println!("{note}");
    }
    for problem in &validation.problems {
        println!("problem: {problem}");
    }
    Ok(if validation.problems.is_empty() {
        println!("ok");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
