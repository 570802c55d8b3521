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

    /// Database URL (`sqlite://path/to/file.db`); default: `fluxturn.db` in the data directory.
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
}

impl ServerConfig {
    /// The public base URL (no trailing slash).
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.bind)).trim_end_matches('/').to_owned()
    }

    /// The SQLite URL: `DATABASE_URL`, or the file in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("fluxturn.db").display()))
    }
}
