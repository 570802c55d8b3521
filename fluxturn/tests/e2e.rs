//! The real `fluxturn` binary over real HTTP on 127.0.0.1: the README quickstart (list
//! definitions → create an Acme configuration pointed at a mock → test → execute), and a
//! graceful shutdown that finishes the request in flight.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Fluxturn {
    child: Child,
    base: String,
    token: String,
}

impl Drop for Fluxturn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Fluxturn {
    /// POSTs `body` with the API token; the JSON answer.
    async fn post_json(&self, client: &reqwest::Client, path: &str, body: Value) -> Value {
        let response =
            client.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body).send().await.unwrap();
        response.json().await.unwrap()
    }
}

/// An Acme configuration pointed at a mock.
fn acme_configuration(name: &str, base_url: &str) -> Value {
    json!({"connector_type": "acme", "name": name, "credentials": {"apiKey": "ak_demo"}, "config": {"base_url": base_url}})
}

/// Starts `fluxturn serve` on a free port with a fresh data directory and no token given,
/// reading the generated token and the address from what it prints.
fn start(data_dir: &std::path::Path) -> Fluxturn {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fluxturn"))
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env_remove("FLUXTURN_API_TOKEN")
        .env_remove("FLUXTURN_ENCRYPTION_KEY")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut token = String::new();
    let base = loop {
        let line = lines.next().expect("fluxturn exited before listening").unwrap();
        if let Some(t) = line.trim().strip_prefix("ft_") {
            token = format!("ft_{t}");
        }
        if let Some(rest) = line.strip_prefix("FluxTurn is listening on ") {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    assert!(!token.is_empty(), "a token is generated and printed on first start");
    Fluxturn { child, base, token }
}

#[tokio::test]
async fn the_quickstart_over_real_http() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("data"));
    let acme = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer ak_demo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u1"})))
        .mount(&acme)
        .await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(header("authorization", "Bearer ak_demo"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "m_1", "channel": "general", "text": "Hello from FluxTurn"})),
        )
        .expect(1)
        .mount(&acme)
        .await;
    let client = reqwest::Client::new();
    let definitions: Value = client
        .get(format!("{}/api/v1/connectors/definitions", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(definitions.as_array().unwrap().iter().any(|d| d["name"] == "acme"));

    let id = &server.post_json(&client, "/api/v1/connectors", acme_configuration("My Acme", &acme.uri())).await["id"];
    let id = id.as_str().unwrap();
    let tested: Value = client
        .post(format!("{}/api/v1/connectors/{id}/test", server.base))
        .bearer_auth(&server.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(tested["success"], true, "{tested}");
    let executed: Value = client
        .post(format!("{}/api/v1/connectors/{id}/execute", server.base))
        .bearer_auth(&server.token)
        .json(&json!({"action": "send_message", "parameters": {"channel": "general", "text": "Hello from FluxTurn"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        executed,
        json!({"success": true, "data": {"id": "m_1", "channel": "general", "text": "Hello from FluxTurn"}})
    );
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(&dir.path().join("data"));
    let acme = MockServer::start().await;
    Mock::given(path("/messages"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "slow", "channel": "c", "text": "t"}))
                .set_delay(Duration::from_millis(1500)),
        )
        .mount(&acme)
        .await;
    let client = reqwest::Client::new();
    let created = server.post_json(&client, "/api/v1/connectors", acme_configuration("Slow", &acme.uri())).await;
    let url = format!("{}/api/v1/connectors/{}/execute", server.base, created["id"].as_str().unwrap());
    let in_flight = tokio::spawn(
        client
            .post(url)
            .bearer_auth(server.token.clone())
            .json(&json!({"action": "send_message", "parameters": {"channel": "c", "text": "t"}}))
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let response = in_flight.await.unwrap().expect("the request in flight is answered");
    assert_eq!(response.status(), 200);
    let status = tokio::task::spawn_blocking(move || server.child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "fluxturn exits cleanly after SIGTERM: {status:?}");
}
