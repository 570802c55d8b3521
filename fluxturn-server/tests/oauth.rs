//! OAuth2 end to end against a mock provider (axum on 127.0.0.1): authorization URL → provider →
//! callback → tokens stored encrypted → calls carry the token → refresh before expiry, after a
//! 401, once for concurrent callers; and every way the flow can go wrong.

mod common;

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use fluxturn_core::prelude::*;
use fluxturn_core::{ConnectorEntry, Registry};
use fluxturn_server::config::ServerConfig;
use fluxturn_server::oauth::ClientSettings;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A cloud service that signs in with OAuth2 and PKCE.
#[connector(name = "cloudy", category = "storage", base_url = "https://api.cloudy.invalid",
            auth = oauth2(authorization_url = "https://cloudy.invalid/authorize", token_url = "https://cloudy.invalid/token",
                          scopes = ["files.read", "files.write"], pkce))]
pub struct Cloudy {
    http: Http,
}

#[actions]
impl Cloudy {
    /// Who the token belongs to
    #[action(http(method = "GET", endpoint = "/me"))]
    async fn whoami(&self) -> Result<Value>;
}

/// A service that signs in per tenant and answers on the host its token response names (as
/// Microsoft's and Salesforce's do).
#[connector(name = "tenanted", category = "storage", base_url = "https://api.tenanted.invalid",
            auth = oauth2(authorization_url = "https://login.tenanted.invalid/{tenantId}/authorize",
                          token_url = "https://login.tenanted.invalid/{tenantId}/token",
                          scopes = ["files.read", "files.write"], pkce),
            credentials = TenantCredentials)]
pub struct Tenanted {
    http: PreparedHttp<TokenHost>,
}

/// The tenant to sign in to.
#[derive(Credentials)]
pub struct TenantCredentials {
    /// The tenant's id
    #[field(key = "tenantId", label = "Tenant")]
    pub tenant_id: String,
}

/// The API host is the token response's `instance_url`.
pub enum TokenHost {}

impl PrepareHttp for TokenHost {
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        let fields = ctx.credentials.get(fluxturn_core::auth::OAUTH2_TOKEN_FIELDS);
        let host = fields.and_then(|f| f["instance_url"].as_str()).map(str::to_owned);
        Ok(match host {
            Some(host) => ctx.with_base_url(format!("{host}/api")),
            None => ctx,
        })
    }
}

#[actions]
impl Tenanted {
    /// Who the token belongs to
    #[action(http(method = "GET", endpoint = "/me"))]
    async fn whoami(&self) -> Result<Value>;
}

static ENTRIES: [ConnectorEntry; 2] = [ConnectorEntry::of::<Cloudy>(), ConnectorEntry::of::<Tenanted>()];
static REGISTRY: Registry = Registry::new(&ENTRIES);
const TOKEN: &str = "oauth-test-token";

/// The mock provider's state.
#[derive(Default)]
struct Provider {
    /// code → (PKCE challenge, redirect_uri)
    codes: Mutex<HashMap<String, String>>,
    next: AtomicU64,
    deny: AtomicBool,
    refresh_fails: AtomicBool,
    refreshes: AtomicUsize,
    expires_in: AtomicU64,
    /// The access token the API accepts.
    valid_token: Mutex<String>,
    api_calls: Mutex<Vec<String>>,
    /// Refuse the client secret as HTTP Basic and take it only in the form body (LinkedIn, HubSpot).
    secret_in_body_only: AtomicBool,
    /// How each token request authenticated the client: `basic` or `body`.
    client_auth: Mutex<Vec<&'static str>>,
    /// Answered as `instance_url` with each token, when set.
    instance_url: Mutex<Option<String>>,
    /// The tenant of each request to the per-tenant routes.
    tenants: Mutex<Vec<String>>,
}

async fn tenant_authorize(
    State(p): State<Arc<Provider>>,
    axum::extract::Path(tenant): axum::extract::Path<String>,
    query: Query<HashMap<String, String>>,
) -> Response {
    p.tenants.lock().unwrap().push(tenant);
    authorize(State(p), query).await
}

async fn tenant_token(
    State(p): State<Arc<Provider>>,
    axum::extract::Path(tenant): axum::extract::Path<String>,
    headers: HeaderMap,
    form: Form<HashMap<String, String>>,
) -> Response {
    p.tenants.lock().unwrap().push(tenant);
    token(State(p), headers, form).await
}

async fn authorize(State(p): State<Arc<Provider>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let redirect = q["redirect_uri"].clone();
    let state = q["state"].clone();
    if p.deny.load(Ordering::SeqCst) {
        return Redirect::to(&format!(
            "{redirect}?error=access_denied&error_description=The+user+said+no&state={state}"
        ))
        .into_response();
    }
    assert_eq!(q["code_challenge_method"], "S256", "PKCE S256 is requested");
    assert_eq!(q["scope"], "files.read files.write");
    assert_eq!(q["client_id"], "cloudy-client");
    let code = format!("code-{}", p.next.fetch_add(1, Ordering::SeqCst));
    p.codes.lock().unwrap().insert(code.clone(), q["code_challenge"].clone());
    Redirect::to(&format!("{redirect}?code={code}&state={state}")).into_response()
}

fn issue(p: &Provider) -> Json<Value> {
    let n = p.next.fetch_add(1, Ordering::SeqCst);
    let access = format!("at-{n}");
    *p.valid_token.lock().unwrap() = access.clone();
    let mut answer = json!({ "access_token": access, "refresh_token": format!("rt-{n}"), "token_type": "bearer", "expires_in": p.expires_in.load(Ordering::SeqCst) });
    if let Some(instance_url) = p.instance_url.lock().unwrap().clone() {
        answer["instance_url"] = Value::from(instance_url);
    }
    Json(answer)
}

async fn token(State(p): State<Arc<Provider>>, headers: HeaderMap, Form(f): Form<HashMap<String, String>>) -> Response {
    let invalid = |why: &str| {
        (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_grant", "error_description": why }))).into_response()
    };
    let basic = headers.contains_key("authorization");
    p.client_auth.lock().unwrap().push(if basic { "basic" } else { "body" });
    if p.secret_in_body_only.load(Ordering::SeqCst) {
        let in_body = f.get("client_id").map(String::as_str) == Some("cloudy-client")
            && f.get("client_secret").map(String::as_str) == Some("cloudy-secret");
        if basic || !in_body {
            let refused = json!({ "error": "invalid_client", "error_description": "Client authentication failed" });
            return (StatusCode::UNAUTHORIZED, Json(refused)).into_response();
        }
    }
    match f["grant_type"].as_str() {
        "authorization_code" => {
            let Some(challenge) = p.codes.lock().unwrap().remove(&f["code"]) else { return invalid("unknown code") };
            let verifier = f.get("code_verifier").cloned().unwrap_or_default();
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
            if computed != challenge {
                return invalid("PKCE verification failed");
            }
            issue(&p).into_response()
        }
        "refresh_token" => {
            p.refreshes.fetch_add(1, Ordering::SeqCst);
            if p.refresh_fails.load(Ordering::SeqCst) {
                return invalid("refresh token revoked");
            }
            issue(&p).into_response()
        }
        other => invalid(&format!("unsupported grant {other}")),
    }
}

async fn me(State(p): State<Arc<Provider>>, headers: HeaderMap) -> Response {
    let presented = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    p.api_calls.lock().unwrap().push(presented.clone());
    if presented == format!("Bearer {}", p.valid_token.lock().unwrap()) {
        Json(json!({ "user": "ada" })).into_response()
    } else {
        (StatusCode::UNAUTHORIZED, Json(json!({ "error": "invalid_token" }))).into_response()
    }
}

struct Setup {
    provider: Arc<Provider>,
    provider_url: String,
    base: String,
    client: reqwest::Client,
    data_dir: std::path::PathBuf,
    /// The configuration and OAuth2 clients it was started with, for a second instance.
    config: ServerConfig,
    clients: HashMap<String, ClientSettings>,
    _dir: common::TestDir,
}

impl Setup {
    /// The server's database, opened beside it.
    async fn database(&self) -> fluxturn_server::storage::Db {
        let url = common::database_url_in(&self.data_dir)
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("fluxturn.db").display()));
        fluxturn_server::storage::open(&url).await.unwrap()
    }
}

#[allow(clippy::disallowed_methods)] // the mock provider's routes, not the API's
async fn setup() -> Setup {
    let provider = Arc::new(Provider::default());
    provider.expires_in.store(3600, Ordering::SeqCst);
    let provider_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let provider_url = format!("http://{}", provider_listener.local_addr().unwrap());
    let app = Router::new()
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/api/me", get(me))
        .route("/{tenant}/authorize", get(tenant_authorize))
        .route("/{tenant}/token", post(tenant_token))
        .with_state(provider.clone());
    tokio::spawn(async move { axum::serve(provider_listener, app).await.unwrap() });

    let dir = common::tempdir();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = ServerConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.path().join("data"),
        database_url: common::database_url_in(&dir.path().join("data")),
        api_token: Some(TOKEN.into()),
        encryption_key: Some("44".repeat(32)),
        public_url: Some(base.clone()),
        frontend_url: Some("http://frontend.invalid/connections".into()),
        executions: Default::default(),
    };
    let settings = ClientSettings {
        client_id: Some("cloudy-client".into()),
        client_secret: Some("cloudy-secret".into()),
        redirect_uri: None,
        authorization_url: Some(format!("{provider_url}/authorize")),
        token_url: Some(format!("{provider_url}/token")),
    };
    let tenanted = ClientSettings {
        authorization_url: Some(format!("{provider_url}/{{tenantId}}/authorize")),
        token_url: Some(format!("{provider_url}/{{tenantId}}/token")),
        ..settings.clone()
    };
    let clients = HashMap::from([("cloudy".to_owned(), settings), ("tenanted".to_owned(), tenanted)]);
    let started = fluxturn_server::app::start_with(&config, &REGISTRY, clients.clone()).await.unwrap();
    let router = fluxturn_server::api::router(started.state);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Setup { provider, provider_url, base, client, data_dir: dir.path().join("data"), config, clients, _dir: dir }
}

impl Setup {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base)).bearer_auth(TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    /// Another instance on the same database (its own data directory), as a `Setup` talking to it.
    async fn second_instance(&self) -> Setup {
        let mut config = self.config.clone();
        config.data_dir = self._dir.path().join("second");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let started = fluxturn_server::app::start_with(&config, &REGISTRY, self.clients.clone()).await.unwrap();
        let router = fluxturn_server::api::router(started.state);
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Setup {
            provider: self.provider.clone(),
            provider_url: self.provider_url.clone(),
            base,
            client: self.client.clone(),
            data_dir: config.data_dir.clone(),
            config,
            clients: self.clients.clone(),
            _dir: common::tempdir(),
        }
    }

    async fn create(&self) -> String {
        let body = json!({"connector_type": "cloudy", "name": "Cloudy", "config": {"base_url": format!("{}/api", self.provider_url)}});
        let (status, created) = self.call(reqwest::Method::POST, "/api/v1/connectors", Some(body)).await;
        assert_eq!(status, 201, "{created}");
        created["id"].as_str().unwrap().to_owned()
    }

    async fn authorization_url(&self, id: &str) -> String {
        let (status, body) = self.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}/oauth/url"), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["pkce"], true);
        body["url"].as_str().unwrap().to_owned()
    }

    /// Follows redirects without the API token, as a browser would, until the frontend.
    async fn follow(&self, url: &str) -> String {
        let mut url = url.to_owned();
        for _ in 0..5 {
            if url.starts_with("http://frontend.invalid") {
                return url;
            }
            let response = self.client.get(&url).send().await.unwrap();
            assert!(response.status().is_redirection(), "{url} answered {}", response.status());
            url = response.headers()["location"].to_str().unwrap().to_owned();
        }
        panic!("too many redirects")
    }

    async fn execute(&self, id: &str) -> (u16, Value) {
        self.call(reqwest::Method::POST, &format!("/api/v1/connectors/{id}/execute"), Some(json!({"action": "whoami"})))
            .await
    }

    async fn status(&self, id: &str) -> Value {
        self.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}/oauth/status"), None).await.1
    }

    fn last_api_token(&self) -> String {
        self.provider.api_calls.lock().unwrap().last().cloned().unwrap_or_default()
    }
}

fn query_of(url: &str) -> HashMap<String, String> {
    url::Url::parse(url).unwrap().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[tokio::test]
async fn the_whole_flow_then_refresh_before_expiry_after_a_401_and_once_for_concurrent_calls() {
    let s = setup().await;
    let id = s.create().await;
    assert_eq!(s.status(&id).await["status"], "not_connected");

    // get URL → follow it → the provider redirects to the callback → back to the frontend.
    s.provider.expires_in.store(30, Ordering::SeqCst); // the first token is about to expire
    let landed = s.follow(&s.authorization_url(&id).await).await;
    let query = query_of(&landed);
    assert_eq!((query["oauth"].as_str(), query["connector_id"].as_str()), ("success", id.as_str()), "{landed}");
    let status = s.status(&id).await;
    assert_eq!(
        (status["status"].as_str(), status["has_refresh_token"].as_bool()),
        (Some("connected"), Some(true)),
        "{status}"
    );

    // The token expires within the margin → the next call refreshes first, then carries the new one.
    s.provider.expires_in.store(3600, Ordering::SeqCst);
    let (code, out) = s.execute(&id).await;
    assert_eq!(code, 200, "{out}");
    assert_eq!(out["data"]["user"], "ada");
    assert_eq!(s.provider.refreshes.load(Ordering::SeqCst), 1, "refreshed before the call");
    let after_refresh = s.last_api_token();
    assert_eq!(after_refresh, format!("Bearer {}", s.provider.valid_token.lock().unwrap()));

    // The provider revokes the token (the next valid one comes from a refresh) → a 401 triggers
    // one refresh and a retry.
    *s.provider.valid_token.lock().unwrap() = "revoked-by-provider".into();
    let (code, out) = s.execute(&id).await;
    assert_eq!(code, 200, "{out}");
    assert_eq!(s.provider.refreshes.load(Ordering::SeqCst), 2, "one refresh after the 401");

    // Two concurrent calls with an expiring token refresh once.
    s.provider.expires_in.store(30, Ordering::SeqCst);
    let (code, _) = s.call(reqwest::Method::POST, &format!("/api/v1/connectors/{id}/oauth/refresh"), None).await;
    assert_eq!(code, 200);
    assert_eq!(s.provider.refreshes.load(Ordering::SeqCst), 3);
    s.provider.expires_in.store(3600, Ordering::SeqCst);
    let (a, b) = tokio::join!(s.execute(&id), s.execute(&id));
    assert_eq!((a.0, b.0), (200, 200), "{a:?} {b:?}");
    assert_eq!(s.provider.refreshes.load(Ordering::SeqCst), 4, "two concurrent callers, one refresh");

    // Tokens are not readable in the database files.
    for entry in std::fs::read_dir(&s.data_dir).unwrap() {
        let Ok(bytes) = std::fs::read(entry.unwrap().path()) else { continue };
        for secret in ["at-1", "rt-1", "at-5", "rt-5", "cloudy-secret"] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} found on disk");
        }
    }

    // A failed refresh marks the configuration as needing re-authorization.
    s.provider.refresh_fails.store(true, Ordering::SeqCst);
    let (code, error) = s.call(reqwest::Method::POST, &format!("/api/v1/connectors/{id}/oauth/refresh"), None).await;
    assert_eq!(code, 424, "{error}");
    let status = s.status(&id).await;
    assert_eq!(status["status"], "needs_reauthorization", "{status}");
    assert!(status["error"].as_str().unwrap().contains("invalid_grant"), "{status}");

    // Revoke forgets the tokens; the configuration stays.
    let (code, _) = s.call(reqwest::Method::POST, &format!("/api/v1/connectors/{id}/oauth/revoke"), None).await;
    assert_eq!(code, 200);
    assert_eq!(s.status(&id).await["connected"], false);
    assert_eq!(s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}"), None).await.0, 200);
}

#[tokio::test]
async fn a_reused_expired_or_forged_state_is_rejected() {
    let s = setup().await;
    let id = s.create().await;
    let authorize = s.client.get(s.authorization_url(&id).await).send().await.unwrap();
    let callback = authorize.headers()["location"].to_str().unwrap().to_owned();
    let first = s.follow(&callback).await;
    assert_eq!(query_of(&first)["oauth"], "success");
    // Reused.
    let reused = query_of(&s.follow(&callback).await);
    assert_eq!(reused["oauth"], "error");
    assert!(reused["error"].contains("already used"), "{reused:?}");
    // Forged.
    let forged = query_of(&s.follow(&format!("{}/api/v1/connectors/oauth/callback?code=x&state=forged", s.base)).await);
    assert_eq!(forged["oauth"], "error");
    assert!(!forged.contains_key("connector_id"));
    // Expired: the state outlived its lifetime.
    let url = s.authorization_url(&id).await;
    let pool = s.database().await;
    sqlx::query("UPDATE oauth_states SET expires_at = 0").execute(&pool).await.unwrap();
    let expired = query_of(&s.follow(&url).await);
    assert_eq!(expired["oauth"], "error");
    assert!(expired["error"].contains("expired"), "{expired:?}");
}

#[tokio::test]
async fn a_wrong_pkce_verifier_fails_at_the_provider_and_the_configuration_stays() {
    let s = setup().await;
    let id = s.create().await;
    // Two flows: the code of the first with the state (and so the verifier) of the second.
    let first = s.client.get(s.authorization_url(&id).await).send().await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let second = s.client.get(s.authorization_url(&id).await).send().await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let (code, state) = (query_of(&first)["code"].clone(), query_of(&second)["state"].clone());
    let landed =
        query_of(&s.follow(&format!("{}/api/v1/connectors/oauth/callback?code={code}&state={state}", s.base)).await);
    assert_eq!(landed["oauth"], "error");
    assert!(landed["error"].contains("PKCE verification failed"), "{landed:?}");
    assert_eq!(landed["connector_id"], id);
    assert_eq!(
        s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}"), None).await.0,
        200,
        "the configuration is kept"
    );
    assert_eq!(s.status(&id).await["status"], "error");
}

#[tokio::test]
async fn a_provider_that_takes_the_client_secret_only_in_the_body_connects_and_refreshes() {
    let s = setup().await;
    s.provider.secret_in_body_only.store(true, Ordering::SeqCst);
    let id = s.create().await;
    let landed = query_of(&s.follow(&s.authorization_url(&id).await).await);
    assert_eq!(landed["oauth"], "success", "{landed:?}");
    assert_eq!(*s.provider.client_auth.lock().unwrap(), ["basic", "body"], "Basic first, then the body");

    // The server remembers: the refresh sends the secret in the body at once.
    let (code, out) = s.call(reqwest::Method::POST, &format!("/api/v1/connectors/{id}/oauth/refresh"), None).await;
    assert_eq!(code, 200, "{out}");
    assert_eq!(*s.provider.client_auth.lock().unwrap(), ["basic", "body", "body"]);
    assert_eq!(s.execute(&id).await.0, 200);
}

#[tokio::test]
async fn a_refused_code_is_not_retried_and_a_failure_both_ways_names_both() {
    let s = setup().await;
    let id = s.create().await;
    let landed =
        query_of(&s.follow(&format!("{}/api/v1/connectors/oauth/callback?code=made-up&state=x", s.base)).await);
    assert_eq!(landed["oauth"], "error", "{landed:?}");
    assert!(s.provider.client_auth.lock().unwrap().is_empty(), "a forged state never reaches the provider");

    // A real state with an unknown code: invalid_grant, one request only.
    let location = s.client.get(s.authorization_url(&id).await).send().await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let state = query_of(&location)["state"].clone();
    let landed =
        query_of(&s.follow(&format!("{}/api/v1/connectors/oauth/callback?code=unknown&state={state}", s.base)).await);
    assert!(landed["error"].contains("invalid_grant"), "{landed:?}");
    assert_eq!(*s.provider.client_auth.lock().unwrap(), ["basic"], "a refused code is not sent twice");

    // Basic is refused as a client, then the body is refused as a code: the error names both
    // answers, without the secret.
    s.provider.secret_in_body_only.store(true, Ordering::SeqCst);
    s.provider.client_auth.lock().unwrap().clear();
    let location = s.client.get(s.authorization_url(&id).await).send().await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let (code, state) = (query_of(&location)["code"].clone(), query_of(&location)["state"].clone());
    assert!(
        s.provider.codes.lock().unwrap().remove(&code).is_some(),
        "the provider issued the code; now it forgets it"
    );
    let landed =
        query_of(&s.follow(&format!("{}/api/v1/connectors/oauth/callback?code={code}&state={state}", s.base)).await);
    let error = &landed["error"];
    assert!(error.contains("HTTP Basic, the provider answered `invalid_client`"), "{error}");
    assert!(error.contains("form body, the provider answered `invalid_grant`"), "{error}");
    assert!(!error.contains("cloudy-secret"), "{error}");
    assert_eq!(*s.provider.client_auth.lock().unwrap(), ["basic", "body"]);
}

#[tokio::test]
async fn access_denied_reaches_the_frontend_as_a_readable_error() {
    let s = setup().await;
    let id = s.create().await;
    s.provider.deny.store(true, Ordering::SeqCst);
    let landed = query_of(&s.follow(&s.authorization_url(&id).await).await);
    assert_eq!(landed["oauth"], "error");
    assert_eq!(landed["connector_id"], id);
    assert_eq!(landed["error"], "the provider answered `access_denied`: The user said no");
    let status = s.status(&id).await;
    assert_eq!(status["status"], "error");
}

#[tokio::test]
async fn the_callback_needs_no_token_but_the_other_oauth_routes_do() {
    let s = setup().await;
    let id = s.create().await;
    for (verb, path) in [("GET", "url"), ("POST", "refresh"), ("POST", "revoke"), ("GET", "status")] {
        let response = s
            .client
            .request(verb.parse().unwrap(), format!("{}/api/v1/connectors/{id}/oauth/{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{verb} oauth/{path}");
    }
    let callback =
        s.client.get(format!("{}/api/v1/connectors/oauth/callback?state=nope", s.base)).send().await.unwrap();
    assert_eq!(callback.status(), 303);
}

#[test]
fn env_example_lists_the_variables_of_every_oauth2_connector() {
    let text = fluxturn_server::oauth::env_example(&REGISTRY);
    for line in ["CLOUDY_OAUTH_CLIENT_ID=", "CLOUDY_OAUTH_CLIENT_SECRET=", "CLOUDY_OAUTH_REDIRECT_URI="] {
        assert!(text.lines().any(|l| l == line), "{line} missing from:\n{text}");
    }
}

impl Setup {
    /// A Cloudy configuration whose `config` also holds `extra` (what FluxTurn's dialog sends).
    async fn create_with(&self, extra: Value) -> String {
        let mut config = json!({"base_url": format!("{}/api", self.provider_url)});
        config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let body = json!({"connector_type": "cloudy", "name": "Cloudy", "config": config});
        let (status, created) = self.call(reqwest::Method::POST, "/api/v1/connectors", Some(body)).await;
        assert_eq!(status, 201, "{created}");
        created["id"].as_str().unwrap().to_owned()
    }

    /// GETs `url` as a browser navigating does (no token, asking for HTML).
    async fn browse(&self, url: &str) -> reqwest::Response {
        self.client.get(url).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").send().await.unwrap()
    }

    /// Follows the provider's redirect: where it sends the browser back.
    async fn consent(&self, authorization_url: &str) -> String {
        let response = self.client.get(authorization_url).send().await.unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
        response.headers()["location"].to_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn the_url_route_answers_authorization_url_too_and_keeps_the_pkce_verifier_on_the_server() {
    let s = setup().await;
    let id = s.create().await;
    let (status, body) = s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}/oauth/url"), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["authorization_url"], body["url"]);
    assert!(body["state"].is_string());
    assert!(body.get("code_verifier").is_none(), "the verifier never leaves the server: {body}");
    assert_eq!(body["redirect_uri"], format!("{}/api/v1/connectors/oauth/callback", s.base));
}

#[tokio::test]
async fn the_frontend_callback_page_posts_code_and_state_and_the_configuration_connects() {
    let s = setup().await;
    // FluxTurn's dialog keeps the frontend's own callback page as the redirect URI.
    let id =
        s.create_with(json!({"authType": "oauth2", "redirect_uri": "http://frontend.invalid/oauth/callback"})).await;
    let (_, body) = s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}/oauth/url"), None).await;
    assert_eq!(body["redirect_uri"], "http://frontend.invalid/oauth/callback");
    let back = s.consent(body["authorization_url"].as_str().unwrap()).await;
    assert!(back.starts_with("http://frontend.invalid/oauth/callback?"), "{back}");
    let query = query_of(&back);
    let posted = json!({"code": query["code"], "state": query["state"]});
    let path = format!("/api/v1/connectors/{id}/oauth/callback");
    let (status, answer) = s.call(reqwest::Method::POST, &path, Some(posted.clone())).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!((answer["success"].as_bool(), answer["connector_id"].as_str()), (Some(true), Some(id.as_str())));
    assert_eq!(s.status(&id).await["status"], "connected");
    assert_eq!(s.execute(&id).await.0, 200, "calls carry the new token");
    // The state is single use.
    let (status, again) = s.call(reqwest::Method::POST, &path, Some(posted)).await;
    assert_eq!((status, again["error"]["code"].as_str()), (400, Some("oauth_failed")), "{again}");
    assert!(again["message"].as_str().unwrap().contains("already used"), "{again}");
}

#[tokio::test]
async fn a_posted_state_of_another_configuration_is_refused() {
    let s = setup().await;
    let frontend = json!({"redirect_uri": "http://frontend.invalid/oauth/callback"});
    let (first, second) = (s.create_with(frontend.clone()).await, s.create_with(frontend).await);
    let (_, body) = s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{first}/oauth/url"), None).await;
    let query = query_of(&s.consent(body["url"].as_str().unwrap()).await);
    let (status, answer) = s
        .call(
            reqwest::Method::POST,
            &format!("/api/v1/connectors/{second}/oauth/callback"),
            Some(json!({"code": query["code"], "state": query["state"]})),
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("another configuration"), "{answer}");
    assert_eq!(s.status(&second).await["status"], "not_connected");
    // Without the API token: 401, before anything is consumed.
    let response = s
        .client
        .post(format!("{}/api/v1/connectors/{first}/oauth/callback", s.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_redirect_uri_leading_elsewhere_is_refused_naming_the_field() {
    let s = setup().await;
    let id = s.create_with(json!({"redirect_uri": "https://attacker.invalid/steal"})).await;
    let (status, body) = s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}/oauth/url"), None).await;
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("validation_failed")), "{body}");
    assert_eq!(body["error"]["details"]["errors"][0]["field"], "config.redirect_uri");
    // FluxTurn's per-provider callback on this server is accepted, and served.
    let own = format!("{}/api/oauth/cloudy/callback", s.base);
    let id = s.create_with(json!({"redirect_uri": own})).await;
    let (_, body) = s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}/oauth/url"), None).await;
    let back = s.consent(body["url"].as_str().unwrap()).await;
    assert!(back.starts_with(&own), "{back}");
    let page = s.browse(&back).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("oauth_success"));
    assert_eq!(s.status(&id).await["status"], "connected");
}

#[tokio::test]
async fn one_click_opens_in_a_popup_without_a_token_and_the_page_tells_the_opener() {
    let s = setup().await;
    // FluxTurn's one-click button creates an empty credential, then opens the popup.
    let id = s.create_with(json!({"authType": "oauth2", "authMode": "oneclick"})).await;
    let authorize =
        format!("{}/api/v1/oauth/cloudy/authorize?userId=u1&credentialId={id}&connectorType=cloudy", s.base);
    let response = s.browse(&authorize).await;
    assert_eq!(response.status(), 303);
    let provider = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(provider.starts_with(&s.provider_url), "{provider}");
    let callback = s.consent(&provider).await;
    let page = s.browse(&callback).await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("script-src 'sha256-"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(html.contains(r#""type":"oauth_success""#) && html.contains(&id), "{html}");
    assert!(html.contains("postMessage"), "{html}");
    assert_eq!(s.status(&id).await["status"], "connected");

    // Now connected: the public route refuses it (and says why, to the opener).
    let refused = s.browse(&authorize).await;
    assert_eq!(refused.status(), 400);
    let html = refused.text().await.unwrap();
    assert!(html.contains("oauth_error") && html.contains("already connected"), "{html}");
}

#[tokio::test]
async fn one_click_refuses_an_old_foreign_or_unknown_credential() {
    let s = setup().await;
    let old = s.create().await;
    let pool = s.database().await;
    sqlx::query("UPDATE connector_configs SET created_at = '2020-01-01T00:00:00Z' WHERE id = $1")
        .bind(&old)
        .execute(&pool)
        .await
        .unwrap();
    let fresh = s.create().await;
    for (provider, id, why) in [
        ("cloudy", old.as_str(), "more than 10 minutes ago"),
        ("github", fresh.as_str(), "not `github`"),
        ("cloudy", "00000000-0000-4000-8000-00000000dead", "no such credential"),
    ] {
        let response = s
            .client
            .get(format!("{}/api/v1/oauth/{provider}/authorize?credentialId={id}", s.base))
            .send()
            .await
            .unwrap();
        // An API client gets the error as JSON, redirected to the frontend.
        assert_eq!(response.status(), 303, "{provider} {id}");
        let back = query_of(response.headers()["location"].to_str().unwrap());
        assert_eq!(back["oauth"], "error");
        assert!(back["error"].contains(why), "{back:?} should say {why}");
    }
    let missing = s.client.get(format!("{}/api/v1/oauth/cloudy/authorize", s.base)).send().await.unwrap();
    assert_eq!(missing.status(), 303);
    assert!(query_of(missing.headers()["location"].to_str().unwrap())["error"].contains("credentialId"));
}

#[tokio::test]
async fn the_sign_in_urls_take_the_tenant_and_the_api_host_comes_from_the_token_response() {
    let s = setup().await;
    *s.provider.instance_url.lock().unwrap() = Some(s.provider_url.clone());
    let body = json!({"connector_type": "tenanted", "name": "T", "credentials": {"tenantId": "contoso"},
                      "config": {"base_url": "http://127.0.0.1:9/unreachable"}});
    let (status, created) = s.call(reqwest::Method::POST, "/api/v1/connectors", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let url = s.authorization_url(id).await;
    assert!(url.starts_with(&format!("{}/contoso/authorize?", s.provider_url)), "{url}");
    let landed = query_of(&s.follow(&url).await);
    assert_eq!(landed["oauth"], "success", "{landed:?}");
    assert_eq!(*s.provider.tenants.lock().unwrap(), ["contoso", "contoso"], "authorized and exchanged per tenant");
    // The API is called on the host the token response named, not the configured one.
    let (code, out) = s
        .call(reqwest::Method::POST, &format!("/api/v1/connectors/{id}/execute"), Some(json!({"action": "whoami"})))
        .await;
    assert_eq!(code, 200, "{out}");
    assert_eq!(out["data"]["user"], "ada");
    // The kept fields are not shown.
    let (_, shown) = s.call(reqwest::Method::GET, &format!("/api/v1/connectors/{id}"), None).await;
    assert!(!shown.to_string().contains(&s.provider_url), "{shown}");
}

#[tokio::test]
async fn two_instances_refreshing_one_token_at_once_refresh_it_once() {
    if common::postgres_server().is_none() {
        println!("skipped: several instances share a database on PostgreSQL (FLUXTURN_TEST_DATABASE=postgres; .ci/run runs it)");
        return;
    }
    let a = setup().await;
    let b = a.second_instance().await;
    let id = a.create().await;
    a.provider.expires_in.store(30, Ordering::SeqCst); // the token is about to expire
    let landed = a.follow(&a.authorization_url(&id).await).await;
    assert_eq!(query_of(&landed)["oauth"], "success", "{landed}");
    a.provider.expires_in.store(3600, Ordering::SeqCst);
    let before = a.provider.refreshes.load(Ordering::SeqCst);
    let (one, two) = tokio::join!(a.execute(&id), b.execute(&id));
    assert_eq!((one.0, two.0), (200, 200), "{one:?} {two:?}");
    assert_eq!(a.provider.refreshes.load(Ordering::SeqCst) - before, 1, "one refresh across both instances");
}
