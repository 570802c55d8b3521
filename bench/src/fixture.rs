//! What the benchmarks run: a small connector (no rate limit, so the limit measured is ours),
//! its hand-written equivalent, a mock upstream, and synthetic catalogues.

use axum::routing::post;
use axum::{Json, Router};
use fluxturn_core::prelude::*;
use fluxturn_core::{ConnectorDefinition, ConnectorEntry, Registry};
use serde_json::Value;

/// A connector for benchmarks.
#[connector(name = "bench", category = "utility", base_url = "http://127.0.0.1:9")]
pub struct Bench {
    http: Http,
}

/// The input of `echo` and `send`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, Input)]
pub struct Message {
    /// Channel
    pub channel: String,
    /// Text
    pub text: String,
    /// Repeat count
    pub count: Option<u32>,
}

/// What `echo` returns.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Echoed {
    /// Channel
    pub channel: String,
    /// Text
    pub text: String,
    /// Length of the text
    pub length: usize,
}

/// The work of `echo`, shared by the generated dispatch and the hand-written baseline.
pub fn echo_impl(input: Message) -> Echoed {
    Echoed { length: input.text.len(), channel: input.channel, text: input.text }
}

#[actions]
impl Bench {
    /// Echo the message back
    #[action]
    async fn echo(&self, input: Message) -> Result<Echoed> {
        Ok(echo_impl(input))
    }

    /// Post the message upstream
    #[action(http(method = "POST", endpoint = "/messages"))]
    async fn send(&self, input: Message) -> Result<Value>;
}

/// The registry the benchmarks serve.
pub static ENTRIES: [ConnectorEntry; 1] = [ConnectorEntry::of::<Bench>()];
/// The registry the benchmarks serve.
pub static REGISTRY: Registry = Registry::new(&ENTRIES);

/// The hand-written dispatch `execute` is measured against: a `match` on the action id, serde
/// in and out, the same function called.
pub async fn hand_written(action: &str, input: Value) -> std::result::Result<Value, String> {
    match action {
        "echo" => {
            let input: Message = serde_json::from_value(input).map_err(|e| e.to_string())?;
            serde_json::to_value(echo_impl(input)).map_err(|e| e.to_string())
        }
        other => Err(format!("unknown action {other}")),
    }
}

/// `n` definitions: the bench connector's, renamed.
pub fn synthetic_definitions(n: usize) -> Vec<ConnectorDefinition> {
    let template = Bench::definition();
    (0..n)
        .map(|i| {
            let mut definition = template.clone();
            definition.name = format!("synthetic_{i:03}");
            definition.display_name = format!("Synthetic {i}");
            definition
        })
        .collect()
}

/// A mock upstream: `POST /messages` answers with a small JSON body.
pub fn upstream() -> Router {
    Router::new().route(
        "/messages",
        post(|Json(body): Json<Value>| async move {
            Json(serde_json::json!({ "id": "m_1", "channel": body["channel"], "ok": true }))
        }),
    )
}

/// Posts `body` to `url` with the API token and returns the `id` of what the server created.
pub async fn create(client: &reqwest::Client, url: &str, token: &str, body: &Value) -> anyhow::Result<String> {
    let created: Value = client.post(url).bearer_auth(token).json(body).send().await?.json().await?;
    match created["id"].as_str() {
        Some(id) => Ok(id.to_owned()),
        None => anyhow::bail!("POST {url} created nothing: {created}"),
    }
}

/// Stores the bench connector's connection to `upstream` on the server at `base`; its id.
pub async fn connect(client: &reqwest::Client, base: &str, token: &str, upstream: &str) -> anyhow::Result<String> {
    let body = serde_json::json!({"connector_type": "bench", "name": "bench", "config": {"base_url": upstream}});
    create(client, &format!("{base}/api/v1/connectors"), token, &body).await
}

/// Creates an active workflow called `name` with `canvas` (`{nodes, edges}`); its id.
pub async fn create_workflow(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    name: &str,
    canvas: Value,
) -> anyhow::Result<String> {
    let body = serde_json::json!({"name": name, "status": "active", "canvas": canvas});
    create(client, &format!("{base}/api/v1/workflow/create"), token, &body).await
}

/// The webhook → `send` canvas: each delivery posts its `text` upstream through the bench
/// connection.
pub fn webhook_to_send() -> Value {
    serde_json::json!({"nodes": [
        {"id": "hook", "type": "WEBHOOK_TRIGGER", "data": {"label": "Hook", "config": {"httpMethod": "POST"}}},
        {"id": "send", "type": "CONNECTOR_ACTION", "data": {"label": "Send", "connectorType": "bench", "actionId": "send",
            "actionParams": {"channel": "general", "text": "{{ $json.body.text }}", "count": 1}}}
    ], "edges": [{"source": "hook", "target": "send"}]})
}
