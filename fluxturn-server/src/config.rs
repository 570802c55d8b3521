//! The server's configuration: flags and `FLUXTURN_*` environment variables, parsed once.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How `fluxturn serve` (and `validate`) find their data and listen.
#[derive(Debug, Clone, Args)]
pub struct ServerConfig {
    /// Address to listen on.
    #[arg(long, env = "FLUXTURN_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// Directory for the SQLite database, the encryption key and the API token; created on first start.
    #[arg(long, env = "FLUXTURN_DATA_DIR", default_value = "./fluxturn-data")]
    pub data_dir: PathBuf,

    /// Database URL: `sqlite://path/to/file.db` or a file path (one instance), or
    /// `postgres://user@host:5432/database` (any number of instances); default: `fluxturn.db` in
    /// the data directory.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Bearer token the API requires; default: generated on first start and kept in the data directory.
    #[arg(long, env = "FLUXTURN_API_TOKEN", hide_env_values = true)]
    pub api_token: Option<String>,

    /// 32-byte key encrypting credentials at rest, as base64 or 64 hex digits; default: a key file
    /// created (mode 0600) in the data directory.
    #[arg(long, env = "FLUXTURN_ENCRYPTION_KEY", hide_env_values = true)]
    pub encryption_key: Option<String>,

    /// The URL this server is reached at, for OAuth2 redirect URIs; default `http://<bind>`.
    #[arg(long, env = "FLUXTURN_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Where the OAuth2 callback sends the browser afterwards (`?oauth=success|error&...` is
    /// appended); without it the callback answers with JSON.
    #[arg(long, env = "FLUXTURN_FRONTEND_URL")]
    pub frontend_url: Option<String>,

    /// How workflow executions run and how long they are kept.
    #[command(flatten)]
    pub executions: ExecutionArgs,
}

/// The workers' flags.
#[derive(Debug, Clone, Args)]
pub struct ExecutionArgs {
    /// Workflow executions run at once.
    #[arg(long = "workers", env = "FLUXTURN_WORKERS", default_value_t = 4)]
    pub workers: usize,

    /// A workflow run's time limit in seconds, when the workflow sets none (`executionTimeout`).
    #[arg(long = "execution-timeout", env = "FLUXTURN_EXECUTION_TIMEOUT", default_value_t = 3600)]
    pub execution_timeout_secs: u64,

    /// Finished executions older than this many hours are deleted (n8n's default, 336).
    #[arg(long = "executions-max-age", env = "FLUXTURN_EXECUTIONS_MAX_AGE", default_value_t = 336)]
    pub max_age_hours: u64,

    /// At most this many finished executions are kept (n8n's default, 10000).
    #[arg(long = "executions-max-count", env = "FLUXTURN_EXECUTIONS_MAX_COUNT", default_value_t = 10_000)]
    pub max_count: i64,

    /// Environment variables expressions may read as `$env.NAME`, comma-separated; no other
    /// variable is visible to them.
    #[arg(long = "expression-env", env = "FLUXTURN_EXPRESSION_ENV", value_delimiter = ',')]
    pub expression_env: Vec<String>,
}

impl Default for ExecutionArgs {
    /// The flags' defaults.
    fn default() -> Self {
        Self {
            workers: 4,
            execution_timeout_secs: 3600,
            max_age_hours: 336,
            max_count: 10_000,
            expression_env: Vec::new(),
        }
    }
}

impl ExecutionArgs {
    /// The workers' limits, with the allow-listed variables' values read now.
    pub fn limits(&self) -> crate::workflows::runner::ExecutionLimits {
        let expression_env = self
            .expression_env
            .iter()
            .map(|name| name.trim())
            .filter(|name| !name.is_empty())
            .filter_map(|name| std::env::var(name).ok().map(|value| (name.to_owned(), value)))
            .collect();
        crate::workflows::runner::ExecutionLimits {
            workers: self.workers.max(1),
            execution_timeout: std::time::Duration::from_secs(self.execution_timeout_secs.max(1)),
            max_age: std::time::Duration::from_secs(self.max_age_hours.saturating_mul(3600)),
            max_count: self.max_count.max(0),
            expression_env,
        }
    }
}

impl ServerConfig {
    /// The public base URL (no trailing slash).
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.bind)).trim_end_matches('/').to_owned()
    }

    /// `DATABASE_URL`, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("fluxturn.db").display()))
    }
}
