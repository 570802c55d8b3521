//! One Google OAuth app for every Google connector: `GOOGLE_OAUTH_*` configures each connector
//! declared with `oauth2(provider = "google", ..)`, each asks for its own scopes, every
//! authorization URL asks for offline access with `prompt=consent` (so Google issues a refresh
//! token) and carries a PKCE S256 challenge the token exchange must answer. Walked end to end
//! against a mock Google (axum on 127.0.0.1), through the server's real routes.

mod common;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use fluxturn_core::prelude::*;
use fluxturn_core::{ConnectorEntry, Registry};
use fluxturn_server::config::ServerConfig;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A Google API asking for the spreadsheets scope.
#[connector(name = "sheety", category = "productivity", base_url = "https://sheets.invalid",
            auth = oauth2(provider = "google", scopes = ["https://www.googleapis.com/auth/spreadsheets"]))]
pub struct Sheety {
    http: Http,
}

#[actions]
impl Sheety {
    /// Who the token belongs to
    #[action(http(method = "GET", endpoint = "/me"))]
    async fn whoami(&self) -> Result<Value>;
}

/// A Google API asking for two mail scopes.
#[connector(name = "maily", category = "communication", base_url = "https://mail.invalid",
            auth = oauth2(provider = "google", scopes = ["https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.readonly"]))]
pub struct Maily {
    http: Http,
}

#[actions]
impl Maily {
    /// Who the token belongs to
    #[action(http(method = "GET", endpoint = "/me"))]
    async fn whoami(&self) -> Result<Value>;
}

static ENTRIES: [ConnectorEntry; 2] = [ConnectorEntry::of::<Sheety>(), ConnectorEntry::of::<Maily>()];
static REGISTRY: Registry = Registry::new(&ENTRIES);
const TOKEN: &str = "google-oauth-test-token";

/// The mock Google: what each authorization asked for, and the PKCE challenge of each code.
#[derive(Default)]
struct Google {
    authorizations: Mutex<Vec<HashMap<String, String>>>,
    challenges: Mutex<HashMap<String, String>>,
}

async fn authorize(State(g): State<Arc<Google>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let code = format!("code-{}", g.challenges.lock().unwrap().len());
    g.challenges.lock().unwrap().insert(code.clone(), q.get("code_challenge").cloned().unwrap_or_default());
    g.authorizations.lock().unwrap().push(q.clone());
    Redirect::to(&format!("{}?code={code}&state={}", q["redirect_uri"], q["state"])).into_response()
}

async fn token(State(g): State<Arc<Google>>, Form(f): Form<HashMap<String, String>>) -> Response {
    let challenge = g.challenges.lock().unwrap().remove(&f["code"]).unwrap_or_default();
    let verifier = f.get("code_verifier").cloned().unwrap_or_default();
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if computed != challenge {
        let refusal = json!({ "error": "invalid_grant", "error_description": "code verifier mismatch" });
        return (StatusCode::BAD_REQUEST, Json(refusal)).into_response();
    }
    Json(json!({ "access_token": "ya29.issued", "refresh_token": "1//refresh", "token_type": "Bearer", "expires_in": 3599 }))
        .into_response()
}

async fn me() -> Json<Value> {
    Json(json!({ "email": "ada@example.test" }))
}

#[tokio::test]
#[allow(clippy::disallowed_methods)] // the mock Google's routes, not the API's
async fn one_google_app_connects_every_google_connector_with_its_scopes_offline_access_and_pkce() {
    let google = Arc::new(Google::default());
    let google_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let google_url = format!("http://{}", google_listener.local_addr().unwrap());
    let app = Router::new()
        .route("/o/oauth2/v2/auth", get(authorize))
        .route("/token", post(token))
        .route("/api/me", get(me))
        .with_state(google.clone());
    tokio::spawn(async move { axum::serve(google_listener, app).await.unwrap() });

    // The operator configures one app, under the provider's name: GOOGLE_OAUTH_*.
    let variables = HashMap::from([
        ("GOOGLE_OAUTH_CLIENT_ID", "shared-google-client".to_owned()),
        ("GOOGLE_OAUTH_CLIENT_SECRET", "shared-google-secret".to_owned()),
        ("GOOGLE_OAUTH_AUTHORIZATION_URL", format!("{google_url}/o/oauth2/v2/auth")),
        ("GOOGLE_OAUTH_TOKEN_URL", format!("{google_url}/token")),
    ]);
    let settings = fluxturn_server::oauth::settings_from(&REGISTRY, |name| variables.get(name).cloned());
    let example = fluxturn_server::oauth::env_example(&REGISTRY);
    assert_eq!(example.matches("GOOGLE_OAUTH_CLIENT_ID=").count(), 1, "one app, listed once:\n{example}");
    assert!(!example.contains("SHEETY_OAUTH") && !example.contains("MAILY_OAUTH"), "{example}");

    let dir = common::tempdir();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = ServerConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.path().join("data"),
        database_url: common::database_url_in(&dir.path().join("data")),
        api_token: Some(TOKEN.into()),
        encryption_key: None,
        public_url: Some(base.clone()),
        frontend_url: Some("http://frontend.invalid/connections".into()),
        executions: Default::default(),
    };
    let started = fluxturn_server::app::start_with(&config, &REGISTRY, settings).await.unwrap();
    let router = fluxturn_server::api::router(started.state);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let call = |method: reqwest::Method, path: String, body: Option<Value>| {
        let mut request = client.request(method, format!("{base}{path}")).bearer_auth(TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.json::<Value>().await.unwrap_or(Value::Null))
        }
    };

    for (connector, scopes) in [
        ("sheety", "https://www.googleapis.com/auth/spreadsheets"),
        ("maily", "https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly"),
    ] {
        let body = json!({ "connector_type": connector, "name": connector, "config": { "base_url": format!("{google_url}/api") } });
        let (status, created) = call(reqwest::Method::POST, "/api/v1/connectors".into(), Some(body)).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_owned();
        let (status, answer) = call(reqwest::Method::GET, format!("/api/v1/connectors/{id}/oauth/url"), None).await;
        assert_eq!((status, &answer["pkce"]), (200, &json!(true)), "{answer}");

        // The browser goes to Google, which sends it back to the callback, which goes on to the frontend.
        let mut url = answer["url"].as_str().unwrap().to_owned();
        for _ in 0..3 {
            if url.starts_with("http://frontend.invalid") {
                break;
            }
            let response = client.get(&url).send().await.unwrap();
            assert!(response.status().is_redirection(), "{url} answered {}", response.status());
            url = response.headers()["location"].to_str().unwrap().to_owned();
        }
        assert!(url.starts_with("http://frontend.invalid") && !url.contains("error"), "{url}");

        let asked = google.authorizations.lock().unwrap().last().cloned().unwrap();
        assert_eq!(asked["client_id"], "shared-google-client", "{connector} uses the shared app");
        assert_eq!(asked["scope"], scopes, "{connector} asks for its own scopes only");
        assert_eq!(asked["access_type"], "offline", "a refresh token is asked for");
        assert_eq!(asked["prompt"], "consent", "Google issues a refresh token on every consent");
        assert_eq!(asked["code_challenge_method"], "S256");
        assert_eq!(asked["response_type"], "code");

        let (_, status) = call(reqwest::Method::GET, format!("/api/v1/connectors/{id}/oauth/status"), None).await;
        assert_eq!(status["status"], "connected", "{connector}: {status}");
        let (status, ran) = call(
            reqwest::Method::POST,
            format!("/api/v1/connectors/{id}/execute"),
            Some(json!({ "action": "whoami" })),
        )
        .await;
        assert_eq!(status, 200, "{ran}");
        assert!(ran.to_string().contains("ada@example.test"), "{ran}");
    }
}

#[test]
fn every_google_connector_of_the_catalogue_signs_in_through_the_shared_google_app() {
    let google = [
        "google_sheets",
        "gmail",
        "google_forms",
        "google_calendar",
        "google_docs",
        "google_drive",
        "youtube",
        "google_analytics",
        "google_ads",
    ];
    for name in google {
        let entry = connectors::registry().get(name).unwrap_or_else(|| panic!("{name} is registered"));
        let provider = entry.meta().auth.iter().find_map(|method| method.oauth_provider()).map(|p| p.name);
        assert_eq!(provider, Some("google"), "{name}");
    }
    let example = fluxturn_server::oauth::env_example(connectors::registry());
    assert_eq!(example.matches("GOOGLE_OAUTH_CLIENT_ID=").count(), 1, "{example}");
}
