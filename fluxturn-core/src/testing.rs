//! A test kit (feature `testing`): connect a connector to a local mock server and call its
//! actions, in three lines.
//!
//! ```ignore
//! let server = MockServer::start().await;
//! Mock::given(method("POST")).and(path("/messages")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
//! let output = testing::execute::<Acme>(&server, json!({"apiKey": "ak_test"}), "send_message", json!({...})).await;
//! ```

use crate::connector::{ConnectContext, Connector, ConnectorSpec};
use crate::Result;
use serde_json::Value;
pub use wiremock::{self, matchers, Mock, MockServer, ResponseTemplate};

/// Connects `C` with these credentials (a JSON object) to the mock server.
///
/// Panics, with the connector's error, when the credentials are rejected: a test wants to stop.
pub fn connect<C: ConnectorSpec>(server: &MockServer, credentials: Value) -> C {
    try_connect::<C>(server, credentials)
        .unwrap_or_else(|e| panic!("could not connect `{}`: {e}", C::NAME))
}

/// Connects `C` to the mock server, returning the connector's error on rejected credentials.
pub fn try_connect<C: ConnectorSpec>(server: &MockServer, credentials: Value) -> Result<C> {
    let credentials = match credentials {
        Value::Object(map) => map,
        Value::Null => Default::default(),
        other => panic!("credentials must be a JSON object, got {other}"),
    };
    let ctx = ConnectContext::new::<C>(credentials)?.with_base_url(server.uri());
    C::connect(&ctx)
}

/// Connects `C` to the mock server and runs `action` with `input` through the generated dispatch.
pub async fn execute<C: ConnectorSpec + Connector>(
    server: &MockServer,
    credentials: Value,
    action: &str,
    input: Value,
) -> Result<Value> {
    connect::<C>(server, credentials)
        .execute(action, input)
        .await
}

/// The JSON body of every request the mock server received, in order.
pub async fn received_bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
        .collect()
}
