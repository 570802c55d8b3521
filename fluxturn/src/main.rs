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
    /// Start something new in this workspace.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Run a workflow file once, here, against the connections stored in the data directory,
    /// and print each node's output (nothing is stored).
    Run {
        /// The workflow: a FluxTurn template or export (`{canvas}`, `{nodes, edges}` or `{workflow: {canvas}}`).
        file: PathBuf,
        /// The trigger's output, as JSON (an object is one item, a list one item each).
        #[arg(long, default_value = "{}")]
        input: String,
        #[command(flatten)]
        config: ServerConfig,
    },
}

/// What `fluxturn new` starts.
#[derive(Debug, Subcommand)]
enum New {
    /// A connector: its file (with `#[test_connection]` and an example action, or every action and
    /// trigger of a compat file) as the root of its crate connectors/catalogue/NAME, its test
    /// against a mock, its icon, and its lines in connectors/Cargo.toml and connectors/src/lib.rs.
    Connector(fluxturn_server::scaffold::NewConnector),
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
        Command::Run { file, input, config } => runtime().and_then(|rt| rt.block_on(run(config, file, input))),
        Command::New { what: New::Connector(args) } => match fluxturn_server::scaffold::run(&args) {
            Ok(written) => {
                for file in written {
                    println!("wrote {}: {}", file.path.display(), file.what);
                }
                println!("next: write the bodies, then `cargo test -p connectors`");
                Ok(ExitCode::SUCCESS)
            }
            Err(error) => Err(anyhow::anyhow!(error)),
        },
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

async fn run(config: ServerConfig, file: PathBuf, input: String) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let text = std::fs::read_to_string(&file).with_context(|| format!("could not read {}", file.display()))?;
    let document: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", file.display()))?;
    let input: serde_json::Value = serde_json::from_str(&input).context("--input is not JSON")?;
    let started = fluxturn_server::app::start(&config, connectors::registry()).await?;
    let execution = fluxturn_server::workflows::local::run(&started.state, &document, input).await?;
    print!("{}", fluxturn_server::workflows::local::report(&execution));
    Ok(if execution.status == fluxturn_workflow::engine::Status::Completed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
