//! A test kit (feature `testing`): connect a connector to a local mock server and call its
//! actions, in three lines; and deliver webhooks to its triggers exactly as the server does
//! ([`deliver`], with deliveries signed as each provider signs them by [`signed`]).
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
use crate::meta::TriggerMeta;
use crate::runtime::{unknown_id, ActionSet};
use crate::webhook::{receive, secret_for, verify, Rejection};
use crate::{Result, SignatureScheme, WebhookReply, WebhookRequest};
use bytes::Bytes;
use serde_json::{Map, Value};
use std::time::SystemTime;
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

/// The public URL the deliveries of [`signed`] are addressed to (Twilio signs the URL).
pub const DELIVERY_URL: &str = "https://flux.example.test/api/v1/webhooks/test-trigger";

/// A `POST` of `body` with `headers` to [`DELIVERY_URL`], signed with `secret` as the provider
/// of `scheme` signs it now: the headers [`verify::sign`] adds, over the bytes as given.
///
/// `secret` is what the trigger's secret holds, except for Discord, where signing needs the
/// private key: pass the 32-byte signing-key seed in hex and give the trigger
/// [`verify::discord_public_key`] of it. Panics on a secret the scheme cannot sign with.
pub fn signed<'a>(
    scheme: SignatureScheme,
    body: impl Into<Bytes>,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret: &str,
) -> WebhookRequest {
    signed_at(scheme, body, headers, secret, SystemTime::now())
}

/// [`signed`] at time `at`: a delivery signed in the past (a stale timestamp) or the future.
pub fn signed_at<'a>(
    scheme: SignatureScheme,
    body: impl Into<Bytes>,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret: &str,
    at: SystemTime,
) -> WebhookRequest {
    let mut request = WebhookRequest::post(body, headers);
    request.url = DELIVERY_URL.to_owned();
    verify::sign(scheme, &mut request, secret, at)
        .unwrap_or_else(|e| panic!("cannot sign a {scheme:?} delivery with this secret: {e}"));
    request
}

/// What trigger `trigger` of `C` declares (verification, secret, event id), or `None`.
pub fn trigger_meta<C: ActionSet>(trigger: &str) -> Option<&'static TriggerMeta> {
    C::TRIGGERS.iter().find(|meta| meta.id == trigger)
}

/// Delivers `request` to trigger `trigger` of `connector` exactly as the server does: finds
/// the trigger's signing secret (in `config`, in `credentials`, or `generated_secret`, the one
/// made at subscription), verifies the request with it at the current time, then runs the
/// handler with `config`.
///
/// `credentials` is the JSON object of the connection (`null` for none); it is only read for
/// the secret, so it may differ from what `connector` was connected with. An unknown trigger
/// is [`Rejection::Handler`] with a not-found error listing the trigger ids.
pub async fn deliver<C: ConnectorSpec + Connector + ActionSet>(
    connector: &C,
    trigger: &str,
    config: Value,
    credentials: Value,
    generated_secret: Option<&str>,
    request: WebhookRequest,
) -> std::result::Result<WebhookReply<Value>, Rejection> {
    let Some(meta) = trigger_meta::<C>(trigger) else {
        let ids: Vec<&str> = C::TRIGGERS.iter().map(|meta| meta.id).collect();
        return Err(Rejection::Handler(unknown_id(C::NAME, "trigger", trigger, &ids)));
    };
    let secret = secret_for(meta, &config, &object(credentials), generated_secret)?;
    receive(connector, meta, config, secret.as_deref(), request, SystemTime::now()).await
}

/// A JSON object as a map; `null` as an empty one.
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => panic!("credentials must be a JSON object, got {other}"),
    }
}

/// `value` as JSON text spaced as no serializer would space it (` :  ` between keys and values,
/// line breaks and tabs between members): a delivery body whose signature only verifies over
/// the bytes as sent, never over a re-serialization.
///
/// ```
/// let text = fluxturn_core::testing::oddly_spaced(&serde_json::json!({"a": [1, {"b": null}]}));
/// assert_eq!(text, "{ \"a\" :  [ 1 ,\t{ \"b\" :  null } ] }\n");
/// assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap()["a"][0], 1);
/// ```
pub fn oddly_spaced(value: &Value) -> String {
    let mut text = String::new();
    write_oddly(value, &mut text);
    text.push('\n');
    text
}

fn write_oddly(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push_str("{ ");
            for (index, (key, member)) in map.iter().enumerate() {
                if index > 0 {
                    out.push_str(" ,\n\t");
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push_str(" :  ");
                write_oddly(member, out);
            }
            out.push_str(" }");
        }
        Value::Array(items) => {
            out.push_str("[ ");
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(" ,\t");
                }
                write_oddly(item, out);
            }
            out.push_str(" ]");
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}
