//! A test kit (feature `testing`): connect a connector to a local mock server and call its
//! actions, in three lines.
//!
//! ```
//! use fluxturn_core::prelude::*;
//! use fluxturn_core::testing::{self, matchers::{method, path}, Mock, MockServer, ResponseTemplate};
//! use serde_json::json;
//!
//! /// Pings.
//! #[connector(name = "pinger", category = "utility", base_url = "https://pinger.example.com")]
//! pub struct Pinger { http: Http }
//!
//! #[actions]
//! impl Pinger {
//!     /// Ping the server
//!     #[action(http(method = "GET", endpoint = "/ping"))]
//!     async fn ping(&self) -> Result<serde_json::Value>;
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let server = MockServer::start().await;
//! Mock::given(method("GET")).and(path("/ping")).respond_with(ResponseTemplate::new(200).set_body_json(json!("pong"))).mount(&server).await;
//! let output = testing::execute::<Pinger>(&server, json!({}), "ping", json!({})).await.unwrap();
//! assert_eq!(output, json!("pong"));
//! # });
//! ```

use crate::connect::ConnectContext;
use crate::connector::{Connector, ConnectorSpec};
use crate::Result;
use serde_json::Value;
pub use wiremock::{self, matchers, Mock, MockServer, ResponseTemplate};

/// Connects `C` with these credentials (a JSON object) to the mock server.
///
/// Panics, with the connector's error, when the credentials are rejected: a test wants to stop.
pub fn connect<C: ConnectorSpec>(server: &MockServer, credentials: Value) -> C {
    try_connect::<C>(server, credentials).unwrap_or_else(|e| panic!("could not connect `{}`: {e}", C::NAME))
}

/// Connects `C` to the mock server, returning the connector's error on rejected credentials.
pub fn try_connect<C: ConnectorSpec>(server: &MockServer, credentials: Value) -> Result<C> {
    let credentials = match credentials {
        Value::Object(map) => map,
        Value::Null => Default::default(),
        other => panic!("credentials must be a JSON object, got {other}"),
    };
    ConnectContext::new(credentials).with_base_url(server.uri()).connect()
}

/// Connects `C` with a base URL template pointing at the mock server, for connectors whose base
/// URL carries credentials: `connect_at::<Telegram>(&format!("{}/bot{{botToken}}", server.uri()), creds)`
/// puts the token in the path exactly as the real base URL does.
pub fn connect_at<C: ConnectorSpec>(base_url_template: &str, credentials: Value) -> C {
    let Value::Object(credentials) = credentials else { panic!("credentials must be a JSON object") };
    ConnectContext::new(credentials)
        .with_base_url(base_url_template)
        .connect()
        .unwrap_or_else(|e| panic!("could not connect `{}`: {e}", C::NAME))
}

/// Connects `C` to the mock server and runs `action` with `input` through the generated dispatch.
pub async fn execute<C: ConnectorSpec + Connector>(
    server: &MockServer,
    credentials: Value,
    action: &str,
    input: Value,
) -> Result<Value> {
    connect::<C>(server, credentials).execute(action, input).await
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
