//! The mock Google of the Google connectors' tests (`mod google_mock;`): a connection with an
//! OAuth2 access token, mocks that accept a request only with that token as its bearer token, and
//! answers in Google's shapes.
//!
//! Every test file that needs it declares `mod google_mock;`; the parts a file does not use are
//! not dead code for the others.
#![allow(dead_code)]

use fluxturn_core::testing::{self, matchers, wiremock::MockBuilder, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorError, ConnectorSpec};
use serde_json::{json, Value};

/// The access token of every test connection.
pub const TOKEN: &str = "ya29.test-token";

/// A connection signed in with OAuth2.
pub fn oauth2_credentials() -> Value {
    json!({ "authType": "oauth2", "accessToken": TOKEN })
}

/// A mock of `method path` that requires [`TOKEN`] as the bearer token.
pub fn google(method: &str, path: &str) -> MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
}

/// A 200 answer with a JSON body.
pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Google's error shape: `{"error": {"code", "message", "status"}}`.
pub fn google_error(code: u16, status: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(code)
        .set_body_json(json!({ "error": { "code": code, "message": message, "status": status } }))
}

/// Google's error shape with the older APIs' `errors` list naming a `reason` (Drive and YouTube
/// name their rate limits there), and a `status` when `status` is not empty.
pub fn google_error_because(code: u16, status: &str, message: &str, reason: &str) -> ResponseTemplate {
    let mut error = json!({ "code": code, "message": message, "errors": [{ "message": message, "domain": "global", "reason": reason }] });
    if !status.is_empty() {
        error["status"] = json!(status);
    }
    ResponseTemplate::new(code).set_body_json(json!({ "error": error }))
}

/// Runs `action` of `C` with `credentials`; panics if it fails.
pub async fn run<C: ConnectorSpec + Connector>(
    server: &MockServer,
    credentials: Value,
    action: &str,
    input: Value,
) -> Value {
    testing::execute::<C>(server, credentials, action, input).await.unwrap_or_else(|e| panic!("{action}: {e}"))
}

/// Runs `action` of `C` with `credentials`; its error, or a panic if it succeeds.
pub async fn fail<C: ConnectorSpec + Connector>(
    server: &MockServer,
    credentials: Value,
    action: &str,
    input: Value,
) -> ConnectorError {
    match testing::execute::<C>(server, credentials, action, input).await {
        Ok(output) => panic!("{action} succeeded: {output}"),
        Err(error) => error,
    }
}
