//! A server started in-process on 127.0.0.1 with its own temporary data directory.

#![allow(dead_code, unused_imports)]

mod database;

pub use database::{database_url_in, postgres_database_in, postgres_server, required_postgres, tempdir, TestDir};

use fluxturn_server::app::{self, AppState};
use fluxturn_server::config::ServerConfig;
use fluxturn_server::oauth::ClientSettings;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub const TOKEN: &str = "test-token-0123456789";

pub struct TestServer {
    pub base: String,
    pub data_dir: PathBuf,
    pub state: Arc<AppState>,
    pub client: reqwest::Client,
    _dir: Option<TestDir>,
}

pub fn config(data_dir: PathBuf) -> ServerConfig {
    ServerConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url_in(&data_dir),
        data_dir,
        api_token: Some(TOKEN.to_owned()),
        encryption_key: None,
        public_url: None,
        frontend_url: None,
        executions: Default::default(),
    }
}

/// The configuration of instance `k` of several on one `database` (a `postgres://` URL): its own
/// data directory under `dir`, the shared database and encryption key.
pub fn instance_config(database: &str, dir: &TestDir, k: usize) -> ServerConfig {
    let mut config = config(dir.path().join(format!("instance{k}")));
    config.database_url = Some(database.to_owned());
    config.encryption_key = Some("00".repeat(32));
    config
}

/// `n` servers on one fresh database of PostgreSQL `postgres`, as instances behind a load
/// balancer ([`instance_config`]); the database goes with `dir`.
pub async fn instances_on(postgres: &str, dir: &TestDir, n: usize) -> Vec<TestServer> {
    let database = postgres_database_in(postgres, &dir.path().join("shared"));
    let mut instances = Vec::new();
    for k in 0..n {
        instances.push(TestServer::start_in(instance_config(&database, dir, k)).await);
    }
    instances
}

impl TestServer {
    pub async fn start() -> Self {
        let dir = tempdir();
        let mut server = Self::start_in(config(dir.path().join("data"))).await;
        server._dir = Some(dir);
        server
    }

    /// A server whose OAuth2 clients are `settings` (by connector), not the environment's.
    pub async fn start_with_oauth(settings: HashMap<String, ClientSettings>) -> Self {
        let dir = tempdir();
        let config = config(dir.path().join("data"));
        let started = app::start_with(&config, connectors::registry(), settings).await.unwrap();
        let mut server = Self::serve(started.state, config).await;
        server._dir = Some(dir);
        server
    }

    pub async fn start_in(config: ServerConfig) -> Self {
        Self::start_with_registry(config, connectors::registry()).await
    }

    /// A server on `config` whose connectors are `registry`'s (a test's own connectors).
    pub async fn start_with_registry(config: ServerConfig, registry: &'static fluxturn_core::Registry) -> Self {
        let started = app::start_with(&config, registry, HashMap::new()).await.unwrap();
        Self::serve(started.state, config).await
    }

    async fn serve(state: Arc<AppState>, config: ServerConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = fluxturn_server::api::router(state.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { base, data_dir: config.data_dir, state, client: reqwest::Client::new(), _dir: None }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self.client.get(self.url(path)).bearer_auth(TOKEN).send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
        let response = self.client.request(method, self.url(path)).bearer_auth(TOKEN).json(body).send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, body).await
    }

    /// Creates a `connector` configuration with `credentials`, pointed at `base_url`; returns its id.
    pub async fn connect(&self, connector: &str, credentials: Value, base_url: &str) -> String {
        let body = serde_json::json!({"connector_type": connector, "name": connector, "credentials": credentials,
                                      "config": {"base_url": base_url}});
        let (status, created) = self.post("/api/v1/connectors", &body).await;
        assert_eq!(status, 201, "{created}");
        created["id"].as_str().unwrap().to_owned()
    }

    /// Registers trigger `trigger` of connection `connection` with `config`
    /// (`POST /api/v1/triggers`, which must answer 201); returns the registration.
    pub async fn register_trigger(&self, connection: &str, trigger: &str, config: Value) -> Value {
        let body = serde_json::json!({"connector_id": connection, "trigger": trigger, "config": config});
        let (status, registered) = self.post("/api/v1/triggers", &body).await;
        assert_eq!(status, 201, "{registered}");
        registered
    }

    /// Creates an Acme configuration pointed at `base_url`; returns its id.
    pub async fn create_acme(&self, base_url: &str, api_key: &str) -> String {
        let body = serde_json::json!({
            "connector_type": "acme", "name": "My Acme",
            "credentials": { "apiKey": api_key }, "config": { "base_url": base_url }
        });
        let (status, created) = self.post("/api/v1/connectors", &body).await;
        assert_eq!(status, 201, "{created}");
        created["id"].as_str().unwrap().to_owned()
    }
}

/// FluxTurn's 40 workflow templates and its example workflow, `(file name, document)` sorted by
/// name: reference data read at run time (never copied into the project) from
/// `FLUXTURN_TEMPLATES_DIR`, else the shared folder beside the checkout, else `/work/shared`.
/// `None` (with the reason printed) when they are nowhere, unless `FLUXTURN_REQUIRE_TEMPLATES`
/// is set, which makes their absence a failure.
pub fn fluxturn_templates() -> Option<Vec<(String, Value)>> {
    let candidates: Vec<PathBuf> = match std::env::var("FLUXTURN_TEMPLATES_DIR") {
        Ok(dir) => vec![PathBuf::from(dir)],
        Err(_) => vec![
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/fluxturn-templates"),
            PathBuf::from("/work/shared/reference/fluxturn-templates"),
        ],
    };
    let Some((dir, entries)) = candidates.iter().find_map(|dir| Some((dir, std::fs::read_dir(dir).ok()?))) else {
        assert!(
            std::env::var("FLUXTURN_REQUIRE_TEMPLATES").is_err(),
            "FLUXTURN_REQUIRE_TEMPLATES is set and the templates are not at {candidates:?}"
        );
        println!("skipped: FluxTurn's templates are not at {candidates:?} (set FLUXTURN_TEMPLATES_DIR)");
        return None;
    };
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    assert!(!files.is_empty(), "no templates in {}", dir.display());
    Some(
        files
            .into_iter()
            .map(|p| {
                let text = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
            })
            .collect(),
    )
}

/// OpenAI's answer to a chat completion whose one choice says `content`.
pub fn chat_completion(content: &str) -> Value {
    serde_json::json!({
        "id": "chat-1", "object": "chat.completion", "created": 1, "model": "gpt-4",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]
    })
}
