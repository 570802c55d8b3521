//! Connectors with several auth methods (GitHub, Slack, Discord), through the API: a
//! configuration that chooses OAuth2 is created without any token and gets its authorization
//! URL; one that chooses a token still needs that token; GitHub's authorization uses PKCE (S256)
//! and its code exchange sends the verifier. The token endpoint is a local mock.

mod common;

use base64::Engine;
use common::TestServer;
use fluxturn_server::oauth::ClientSettings;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use wiremock::{matchers, Mock, MockServer, ResponseTemplate};

/// OAuth2 clients for the three connectors; GitHub's token endpoint is `token_url`.
fn clients(token_url: Option<String>) -> HashMap<String, ClientSettings> {
    let client = |id: &str| ClientSettings {
        client_id: Some(id.to_owned()),
        client_secret: Some(format!("{id}-secret")),
        ..ClientSettings::default()
    };
    HashMap::from([
        ("github".to_owned(), ClientSettings { token_url, ..client("gh-client") }),
        ("slack".to_owned(), client("slack-client")),
        ("discord".to_owned(), client("discord-client")),
    ])
}

/// Creates a configuration; returns the status and the body.
async fn create(server: &TestServer, connector: &str, credentials: Value) -> (u16, Value) {
    let body = json!({ "connector_type": connector, "name": "x", "credentials": credentials });
    server.post("/api/v1/connectors", &body).await
}

fn query_of(url: &str) -> HashMap<String, String> {
    url::Url::parse(url).unwrap().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[tokio::test]
async fn choosing_oauth2_needs_no_token_and_the_authorization_url_follows() {
    let server = TestServer::start_with_oauth(clients(None)).await;
    let cases = [
        ("github", json!({"authType": "oauth2"}), "https://github.com/login/oauth/authorize", true),
        ("slack", json!({"authMode": "oneclick"}), "https://slack.com/oauth/v2/authorize", false),
        ("discord", json!({"authType": "oauth2"}), "https://discord.com/oauth2/authorize", false),
    ];
    for (connector, credentials, authorize, pkce) in cases {
        let (status, created) = create(&server, connector, credentials).await;
        assert_eq!(status, 201, "{connector}: {created}");
        let id = created["id"].as_str().unwrap();
        let (status, body) = server.get(&format!("/api/v1/connectors/{id}/oauth/url")).await;
        assert_eq!(status, 200, "{connector}: {body}");
        let url = body["url"].as_str().unwrap();
        assert!(url.starts_with(authorize), "{connector}: {url}");
        let query = query_of(url);
        assert_eq!(query["client_id"], format!("{connector}-client").replace("github", "gh"), "{url}");
        assert_eq!(body["pkce"], pkce, "{connector}: {body}");
        assert_eq!(query.get("code_challenge_method").map(String::as_str), pkce.then_some("S256"), "{url}");
        assert_eq!(query.contains_key("code_challenge"), pkce, "{url}");
    }
}

#[tokio::test]
async fn choosing_a_token_still_needs_that_token() {
    let server = TestServer::start_with_oauth(clients(None)).await;
    let cases = [
        ("github", json!({"authType": "accessToken"}), "accessToken"),
        ("slack", json!({"authMode": "token"}), "botToken"),
        ("discord", json!({"authType": "bot"}), "botToken"),
        ("discord", json!({"authType": "webhook"}), "webhookUrl"),
    ];
    for (connector, credentials, key) in cases {
        let (status, error) = create(&server, connector, credentials.clone()).await;
        assert_eq!(status, 422, "{connector} {credentials}: {error}");
        assert_eq!(error["error"]["details"]["errors"][0]["field"], format!("credentials.{key}"), "{error}");
        assert!(
            error["error"]["message"].as_str().unwrap().contains(&format!("missing required credential field `{key}`")),
            "{error}"
        );
    }
    // With the token, the same choice is accepted.
    let (status, created) = create(&server, "github", json!({"authType": "accessToken", "accessToken": "ghp_x"})).await;
    assert_eq!(status, 201, "{created}");
}

#[tokio::test]
async fn githubs_code_exchange_sends_the_verifier_of_the_urls_s256_challenge() {
    let provider = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/login/oauth/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "gho_from_oauth", "token_type": "bearer", "scope": "repo,user"
        })))
        .expect(1)
        .mount(&provider)
        .await;
    let token_url = format!("{}/login/oauth/access_token", provider.uri());
    let server = TestServer::start_with_oauth(clients(Some(token_url))).await;
    let (status, created) = create(&server, "github", json!({"authType": "oauth2"})).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();

    let (_, body) = server.get(&format!("/api/v1/connectors/{id}/oauth/url")).await;
    let query = query_of(body["url"].as_str().unwrap());
    assert_eq!(query["code_challenge_method"], "S256");
    let (status, done) =
        server.get(&format!("/api/v1/connectors/oauth/callback?code=the-code&state={}", query["state"])).await;
    assert_eq!(status, 200, "{done}");

    let exchange = &provider.received_requests().await.unwrap()[0];
    let form: HashMap<String, String> = url::form_urlencoded::parse(&exchange.body).into_owned().collect();
    assert_eq!((form["grant_type"].as_str(), form["code"].as_str()), ("authorization_code", "the-code"));
    let verifier = &form["code_verifier"];
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    assert_eq!(challenge, query["code_challenge"], "the verifier answers the URL's challenge");

    let (_, status) = server.get(&format!("/api/v1/connectors/{id}/oauth/status")).await;
    assert_eq!(status["connected"], true, "{status}");
    let (_, config) = server.get(&format!("/api/v1/connectors/{id}")).await;
    assert_eq!(config["credentials"]["accessToken"], "********", "the token is stored, masked: {config}");
}

/// FluxTurn's credentials form sends the auth choice in `config`, with empty `credentials`.
#[tokio::test]
async fn the_auth_choice_may_come_in_config_as_fluxturns_form_sends_it() {
    let server = TestServer::start_with_oauth(clients(None)).await;
    // GitHub in OAuth2 mode, chosen in config: created without a token, authorized by OAuth2.
    let body = json!({ "connector_type": "github", "name": "x", "credentials": {}, "config": {"authType": "oauth2"} });
    let (status, created) = server.post("/api/v1/connectors", &body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let (status, url) = server.get(&format!("/api/v1/connectors/{id}/oauth/url")).await;
    assert_eq!(status, 200, "{url}");
    // Slack in token mode, chosen in config: the token is required, as it would be in credentials.
    let body = json!({ "connector_type": "slack", "name": "x", "credentials": {}, "config": {"authMode": "token"} });
    let (status, refused) = server.post("/api/v1/connectors", &body).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused.to_string().contains("botToken"), "{refused}");
}
