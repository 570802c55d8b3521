//! Start-up: open the database, seed the definitions, load the keys, build the state, serve.

use crate::api;
use crate::catalogue::Catalogue;
use crate::config::ServerConfig;
use crate::crypto::CredentialCipher;
use crate::instances::InstanceCache;
use crate::oauth::{self, ClientSettings, OAuthService};
use crate::operator::Operator;
use crate::secret_file;
use crate::storage::Db;
use crate::storage::{self, definitions::SeedReport};
use anyhow::Context;
use base64::Engine;
use fluxturn_core::Registry;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// Everything the handlers share.
pub struct AppState {
    /// The definitions, serialized, and the input validators.
    pub catalogue: Catalogue,
    /// The database.
    pub pool: Db,
    /// Encrypts credentials at rest.
    pub cipher: CredentialCipher,
    /// SHA-256 of the API token.
    pub api_token_digest: [u8; 32],
    /// Connected instances per configuration.
    pub instances: Arc<InstanceCache>,
    /// OAuth2 flows and token refresh.
    pub oauth: OAuthService,
    /// Single-operator mode: FluxTurn's login sessions, and its one organization and project.
    pub operator: Operator,
    /// Where the OAuth2 callback sends the browser.
    pub frontend_url: Option<String>,
    /// The URL this server is reached at (webhook URLs are built on it).
    pub public_url: String,
    /// The open gateway connections (Discord's Gateway).
    pub gateways: crate::triggers::gateway::Gateways,
    /// The execution queue's signals and the workers' limits.
    pub executions: crate::workflows::runner::Executions,
}

/// A started server: its state and what seeding did.
pub struct Started {
    /// The shared state.
    pub state: Arc<AppState>,
    /// Seeding's counts.
    pub seed: SeedReport,
    /// Configurations whose credentials the current key cannot decrypt.
    pub undecryptable: usize,
}

/// Opens the data directory and database, seeds, loads keys and token; OAuth2 clients from the
/// `<NAME>_OAUTH_*` environment variables.
pub async fn start(config: &ServerConfig, registry: &'static Registry) -> anyhow::Result<Started> {
    start_with(config, registry, oauth::settings_from_env(registry)).await
}

/// [`start`] with the OAuth2 client settings given.
pub async fn start_with(
    config: &ServerConfig,
    registry: &'static Registry,
    oauth_clients: HashMap<String, ClientSettings>,
) -> anyhow::Result<Started> {
    start_serving(config, registry, registry.definitions(), oauth_clients).await
}

/// [`start_with`] seeding and serving `definitions` (benchmarks with synthetic catalogues);
/// connecting still goes through the registry.
pub async fn start_serving(
    config: &ServerConfig,
    registry: &'static Registry,
    definitions: &[fluxturn_core::ConnectorDefinition],
    oauth_clients: HashMap<String, ClientSettings>,
) -> anyhow::Result<Started> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("could not create the data directory {}", config.data_dir.display()))?;
    let pool = storage::open(&config.database_url()).await?;
    let catalogue = Catalogue::serving(registry, definitions)?;
    let seed = storage::definitions::seed_definitions(&pool, definitions)
        .await
        .context("seeding the connector definitions failed")?;
    tracing::info!(
        inserted = seed.inserted,
        updated = seed.updated,
        unchanged = seed.unchanged,
        deactivated = seed.deactivated,
        newer = seed.newer,
        "seeded connector definitions"
    );
    let interrupted = crate::triggers::store::interrupted_subscriptions(&pool).await?;
    if interrupted > 0 {
        tracing::warn!(
            count = interrupted,
            "{interrupted} trigger registration(s) were being registered with their provider when the server stopped; \
             they show the error and what to do"
        );
    }
    let cipher = CredentialCipher::load(config.encryption_key.as_deref(), &config.data_dir)?;
    let undecryptable = count_undecryptable(&pool, &cipher).await?;
    if undecryptable > 0 {
        tracing::error!(
            count = undecryptable,
            "{undecryptable} connector configuration(s) hold credentials the current encryption key cannot decrypt \
             (FLUXTURN_ENCRYPTION_KEY changed, or the key file was replaced); they fail on use until their credentials are re-entered or the old key restored"
        );
    }
    let token = api_token(config)?;
    let instances = Arc::new(InstanceCache::default());
    let oauth = OAuthService::new(
        registry,
        pool.clone(),
        cipher.clone(),
        instances.clone(),
        oauth_clients,
        config.public_url(),
        config.frontend_url.as_deref(),
    )?;
    let operator = Operator::load(pool.clone()).await?;
    let state = AppState {
        catalogue,
        pool,
        cipher,
        api_token_digest: api::auth::token_digest(&token),
        instances,
        oauth,
        operator,
        frontend_url: config.frontend_url.clone(),
        public_url: config.public_url(),
        gateways: Default::default(),
        executions: crate::workflows::runner::Executions::new(config.executions.limits()),
    };
    Ok(Started { state: Arc::new(state), seed, undecryptable })
}

/// How many stored configurations the cipher cannot decrypt.
pub async fn count_undecryptable(pool: &Db, cipher: &CredentialCipher) -> anyhow::Result<usize> {
    let configs = storage::configs::list(pool).await?;
    Ok(configs.iter().filter(|c| cipher.decrypt(&c.id, &c.credentials).is_err()).count())
}

/// `FLUXTURN_API_TOKEN`, or the token in the data directory, generated (and printed) on first start.
fn api_token(config: &ServerConfig) -> anyhow::Result<String> {
    if let Some(token) = config.api_token.as_deref().filter(|t| !t.trim().is_empty()) {
        return Ok(token.trim().to_owned());
    }
    let path = config.data_dir.join("api-token");
    let existed = secret_file::exists(&path);
    let token = secret_file::read_or_create(&path, || {
        let mut bytes = [0u8; 32];
        aes_gcm::aead::rand_core::RngCore::fill_bytes(&mut aes_gcm::aead::OsRng, &mut bytes);
        format!("ft_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    })?;
    if !existed {
        println!(
            "Generated an API token (kept in {}; set FLUXTURN_API_TOKEN to choose your own):\n  {token}",
            path.display()
        );
    }
    Ok(token)
}

/// Serves until SIGINT or SIGTERM, finishing the requests in flight, then closes every connected
/// instance.
pub async fn serve(config: ServerConfig, registry: &'static Registry) -> anyhow::Result<()> {
    let started = start(&config, registry).await?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("could not listen on {}", config.bind))?;
    let address: SocketAddr = listener.local_addr()?;
    println!("FluxTurn is listening on http://{address} (data in {})", config.data_dir.display());
    tracing::info!(%address, "listening");
    let runner = tokio::spawn(crate::triggers::runner::run_forever(started.state.clone()));
    let gateways = tokio::spawn(crate::triggers::gateway::run_forever(started.state.clone()));
    let workers = tokio::spawn(crate::workflows::runner::run_forever(started.state.clone()));
    let served =
        axum::serve(listener, api::router(started.state.clone())).with_graceful_shutdown(shutdown_signal()).await;
    runner.abort();
    gateways.abort();
    workers.abort();
    crate::triggers::gateway::stop(&started.state).await;
    started.state.instances.close_all().await;
    tracing::info!("stopped");
    Ok(served?)
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
