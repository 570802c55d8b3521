//! Triggers that fire, end to end through the server: a webhook delivery verified over its raw
//! bytes (tampered, wrong secret, redelivered, unknown), Notion's polling trigger on the runner
//! against a local mock (two pages in the same second, a crash between poll and commit), and a
//! schedule across a restart with a controlled clock.

mod common;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use fluxturn_core::prelude::*;
use fluxturn_core::webhook::verify;
use fluxturn_core::{ConnectorEntry, NoInput, Registry, SignatureScheme};
use fluxturn_server::config::ServerConfig;
use fluxturn_server::triggers::runner;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use common::TestServer;

/// A source-code host whose deliveries are signed like GitHub's.
#[connector(name = "hooky", category = "development", base_url = "https://api.hooky.invalid")]
pub struct Hooky {
    http: Http,
}

/// What the push trigger is configured with.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PushConfig {
    /// The webhook's secret, as set at the provider.
    #[field(label = "Secret", input_type = "password")]
    pub secret: String,
}

#[actions]
impl Hooky {
    /// Something was pushed
    #[trigger(webhook, verify = "github", secret = "config.secret", event_id = "header:X-Delivery")]
    async fn pushed(&self, _config: PushConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        if request.header("x-event") == Some("ping") {
            return Ok(WebhookReply::respond(WebhookResponse::json(&json!({"pong": true}))));
        }
        Ok(WebhookReply::events(vec![request.json()?]))
    }

    /// Something was pushed to a repository whose hook the server registers
    #[trigger(
        webhook,
        verify = "github",
        secret = "generated",
        event_id = "header:X-Delivery",
        subscribe = add_hook,
        unsubscribe = remove_hook,
        refresh = renew_hook
    )]
    async fn managed(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<Value>> {
        Ok(vec![request.json()?])
    }

    /// A form was posted by a provider that signs nothing: the URL it calls carries a token
    #[trigger(
        webhook,
        verify = "url_token",
        secret = "generated",
        event_id = "header:X-Delivery",
        subscribe = add_hook,
        unsubscribe = remove_hook
    )]
    async fn posted(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<Value>> {
        if request.method == "GET" {
            // The provider checking the URL before it delivers (as Mailchimp does).
            return Ok(Vec::new());
        }
        Ok(vec![request.json()?])
    }

    /// A task changed, at a provider that hands the signing secret over in a handshake (Asana)
    #[trigger(
        webhook,
        verify = "asana",
        secret = "generated",
        event_id = "header:X-Delivery",
        subscribe = add_handshake_hook,
        unsubscribe = remove_hook
    )]
    async fn changed(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<Value>> {
        Ok(vec![request.json()?])
    }

    /// A message arrived, at a provider that checks the URL while it creates the subscription
    /// (Microsoft Graph's `validationToken`)
    #[trigger(
        webhook,
        verify = "url_token",
        secret = "generated",
        event_id = "header:X-Delivery",
        subscribe = add_validated_hook,
        unsubscribe = remove_hook
    )]
    async fn notified(&self, _config: NoInput, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        let events = vec![request.json()?];
        Ok(match request.query_param("validationToken") {
            // Graph sends no events with its check; this one does, to show they are dropped.
            Some(token) => WebhookReply::events(events).with_response(WebhookResponse::text(token)),
            None => WebhookReply::events(events),
        })
    }

    /// A card moved, at a provider that checks the URL with an unsigned HEAD (Trello)
    #[trigger(webhook, verify = "trello", secret = "config.secret", event_id = "header:X-Delivery")]
    async fn moved(&self, _config: PushConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        if request.method == "HEAD" {
            return Ok(vec![json!({"a check": "is no event"})]);
        }
        Ok(vec![request.json()?])
    }

    async fn add_handshake_hook(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        let answer: Value =
            self.http.post("/handshake-hooks").json(&json!({"url": context.webhook_url})).send_json().await?;
        Ok(Subscription::new(answer["id"].as_str().unwrap_or_default()))
    }

    async fn add_validated_hook(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        let answer: Value =
            self.http.post("/validated-hooks").json(&json!({"url": context.webhook_url})).send_json().await?;
        Ok(Subscription::new(answer["id"].as_str().unwrap_or_default()))
    }

    async fn add_hook(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        let answer: Value = self
            .http
            .post("/hooks")
            .json(&json!({"url": context.webhook_url, "secret": context.secret}))
            .send_json()
            .await?;
        Ok(Subscription {
            upstream_id: answer["id"].as_str().unwrap_or_default().to_owned(),
            secret: answer["secret"].as_str().map(str::to_owned),
            expires_at: answer["expires_at"].as_u64(),
            ..Subscription::default()
        })
    }

    async fn renew_hook(&self, _config: NoInput, subscription: Subscription) -> Result<Subscription> {
        let answer: Value = self.http.post(&format!("/hooks/{}/refresh", subscription.upstream_id)).send_json().await?;
        Ok(Subscription { expires_at: answer["expires_at"].as_u64(), ..subscription })
    }

    async fn remove_hook(&self, _config: NoInput, subscription: Subscription) -> Result<()> {
        self.http.delete(&format!("/hooks/{}", subscription.upstream_id)).send().await.map(drop)
    }
}

static ENTRIES: [ConnectorEntry; 1] = [ConnectorEntry::of::<Hooky>()];
static REGISTRY: Registry = Registry::new(&ENTRIES);

async fn serve(config: &ServerConfig, registry: &'static Registry) -> TestServer {
    TestServer::start_with_registry(config.clone(), registry).await
}

trait Calls {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value);
    async fn create(&self, path: &str, body: Value) -> Value;
    async fn events(&self, id: &str) -> Value;
    async fn register(&self, body: Value) -> (u16, Value);
    async fn deliver(&self, url: &str, request: &WebhookRequest) -> reqwest::Response;
}

impl Calls for TestServer {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        self.send(method, path, &body.unwrap_or(Value::Null)).await
    }

    async fn create(&self, path: &str, body: Value) -> Value {
        let (status, created) = self.post(path, &body).await;
        assert_eq!(status, 201, "{created}");
        created
    }

    /// `POST /api/v1/triggers`, whatever it answers.
    async fn register(&self, body: Value) -> (u16, Value) {
        self.post("/api/v1/triggers", &body).await
    }

    async fn events(&self, id: &str) -> Value {
        self.get(&format!("/api/v1/triggers/{id}/events")).await.1
    }

    /// POSTs a delivery (no API token: the signature authenticates it).
    async fn deliver(&self, url: &str, request: &WebhookRequest) -> reqwest::Response {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
        let mut post = self.client.request(method, url).body(request.body.clone());
        for (name, value) in &request.headers {
            post = post.header(name, value);
        }
        post.send().await.unwrap()
    }
}

fn signed(body: &str, delivery: &str, secret: &str) -> WebhookRequest {
    let mut request =
        WebhookRequest::post(body.to_owned(), [("x-delivery", delivery), ("content-type", "application/json")]);
    verify::sign(SignatureScheme::GitHub, &mut request, secret, SystemTime::now()).unwrap();
    request
}

#[tokio::test]
async fn a_signed_delivery_is_stored_once_and_a_tampered_or_unknown_one_creates_nothing() {
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    let config = server.create("/api/v1/connectors", json!({"connector_type": "hooky", "name": "Hooky"})).await;
    let registration = server
        .create(
            "/api/v1/triggers",
            json!({"connector_id": config["id"], "trigger": "pushed", "config": {"secret": "s3cret"}}),
        )
        .await;
    let id = registration["id"].as_str().unwrap();
    let url = registration["webhook_url"].as_str().unwrap().to_owned();
    assert_eq!(url, format!("{}/api/v1/webhooks/hooky/{id}", server.state.public_url));
    let url = url.replace(&server.state.public_url, &server.base);
    assert_eq!(
        (registration["config"]["secret"].as_str(), registration["verification"].as_str()),
        (Some("********"), Some("github"))
    );

    // Whitespace that re-serialization would change: the signature covers these exact bytes.
    let body = "{\"ref\" :  \"main\" ,\n  \"commits\":[ ]}";
    let first = server.deliver(&url, &signed(body, "d-1", "s3cret")).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.json::<Value>().await.unwrap(), json!({"received": true, "stored": 1, "duplicates": 0}));
    // The provider redelivers: nothing new.
    let again = server.deliver(&url, &signed(body, "d-1", "s3cret")).await.json::<Value>().await.unwrap();
    assert_eq!(again, json!({"received": true, "stored": 0, "duplicates": 1}));

    // Tampered, wrong secret, unsigned: 401, nothing stored.
    let mut tampered = signed(body, "d-2", "s3cret");
    tampered.body = body.replace("main", "evil").into();
    for (why, request) in [
        ("tampered", tampered),
        ("wrong secret", signed(body, "d-3", "other")),
        ("unsigned", WebhookRequest::post(body.to_owned(), [("x-delivery", "d-4")])),
    ] {
        let response = server.deliver(&url, &request).await;
        assert_eq!(response.status(), 401, "{why}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "webhook_unverified", "{why}: {error}");
        assert!(!error.to_string().contains("s3cret"), "no secret in the answer");
    }
    let events = server.events(id).await;
    assert_eq!(events["total"], 1, "{events}");
    assert_eq!(events["events"][0]["event_id"], "d-1");
    assert_eq!(events["events"][0]["data"], json!({"ref": "main", "commits": []}));

    // The connector answers the provider's ping itself.
    let mut ping = signed("{}", "d-5", "s3cret");
    ping.headers.push(("x-event".into(), "ping".into()));
    let pong = server.deliver(&url, &ping).await;
    assert_eq!(pong.status(), 200);
    assert_eq!(pong.json::<Value>().await.unwrap(), json!({"pong": true}));

    // Unknown id, another connector's path, a removed registration: 404, never 2xx.
    let unknown = format!("{}/api/v1/webhooks/hooky/00000000-0000-4000-8000-000000000000", server.base);
    assert_eq!(server.deliver(&unknown, &signed(body, "d-6", "s3cret")).await.status(), 404);
    let elsewhere = url.replace("/hooky/", "/slack/");
    assert_eq!(server.deliver(&elsewhere, &signed(body, "d-7", "s3cret")).await.status(), 404);
    let (status, _) = server.call(reqwest::Method::DELETE, &format!("/api/v1/triggers/{id}"), None).await;
    assert_eq!(status, 204);
    assert_eq!(server.deliver(&url, &signed(body, "d-8", "s3cret")).await.status(), 404);
}

#[tokio::test]
async fn registering_checks_the_trigger_and_its_configuration() {
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    let config = server.create("/api/v1/connectors", json!({"connector_type": "hooky", "name": "Hooky"})).await;
    let (status, error) = server.register(json!({"connector_id": config["id"], "trigger": "pulled"})).await;
    assert_eq!(status, 404, "{error}");
    assert!(error["message"].as_str().unwrap().contains("valid triggers: pushed"), "{error}");
    let (status, error) = server.register(json!({"connector_id": config["id"], "trigger": "pushed"})).await;
    assert_eq!(status, 422, "{error}");
    assert!(error.to_string().contains("config.secret"), "{error}");
    let (status, error) = server.register(json!({"trigger": "pushed", "config": {"secret": "x"}})).await;
    assert_eq!(
        (status, error["error"]["details"]["errors"][0]["field"].as_str()),
        (422, Some("connector_id")),
        "{error}"
    );
}

/// Serves a mock upstream on 127.0.0.1; answers its base URL.
async fn serve_mock(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

/// Notion's database query, answered from a list of pages the test changes.
#[derive(Default)]
struct NotionPages {
    pages: Mutex<Vec<Value>>,
}

async fn query(State(notion): State<Arc<NotionPages>>, Json(body): Json<Value>) -> Json<Value> {
    let mut pages: Vec<Value> = notion.pages.lock().unwrap().clone();
    if let Some(since) = body.pointer("/filter/created_time/on_or_after").and_then(Value::as_str) {
        pages.retain(|p| p["created_time"].as_str().unwrap_or_default() >= since);
    }
    let descending = body.pointer("/sorts/0/direction").and_then(Value::as_str) == Some("descending");
    pages.sort_by(|a, b| a["created_time"].as_str().cmp(&b["created_time"].as_str()));
    if descending {
        pages.reverse();
    }
    Json(json!({"object": "list", "results": pages, "has_more": false, "next_cursor": null}))
}

fn page(id: &str, created: &str) -> Value {
    json!({"object": "page", "id": id, "url": format!("https://www.notion.so/{id}"), "created_time": created,
           "last_edited_time": created, "properties": {}})
}

#[allow(clippy::disallowed_methods)] // the mock's route, not the API's
async fn notion_mock() -> (Arc<NotionPages>, String) {
    let notion = Arc::new(NotionPages::default());
    let app = Router::new().route("/databases/{id}/query", post(query)).with_state(notion.clone());
    let url = serve_mock(app).await;
    (notion, url)
}

#[tokio::test]
async fn notion_polls_emit_two_pages_of_the_same_second_once_even_across_a_crash_before_commit() {
    let (notion, notion_url) = notion_mock().await;
    notion.pages.lock().unwrap().push(page("old", "2026-11-26T10:00:00.000Z"));
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = serve(&config, connectors::registry()).await;
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "notion", "name": "Notion", "credentials": {"accessToken": "ntn_test"},
                   "config": {"base_url": notion_url}}),
        )
        .await;
    let registration = server
        .create(
            "/api/v1/triggers",
            json!({"connector_id": connection["id"], "trigger": "database_page_created",
                   "config": {"databaseId": "0123456789abcdef0123456789abcdef"}, "poll_interval_secs": 30}),
        )
        .await;
    let id = registration["id"].as_str().unwrap().to_owned();
    assert_eq!(registration["kind"], "polling");
    let t0 = SystemTime::now();

    // The first poll takes the newest page as the starting point: nothing old is emitted.
    assert_eq!(runner::run_due(&server.state, t0).await.unwrap(), 1);
    assert_eq!(server.events(&id).await["total"], 0);

    // Two pages created in the same second.
    notion.pages.lock().unwrap().extend([page("a", "2026-11-26T10:05:00.000Z"), page("b", "2026-11-26T10:05:00.000Z")]);
    // The process dies after the poll, before its commit.
    let state = server.state.clone();
    let later = t0 + Duration::from_secs(60);
    let crashed = tokio::spawn(async move {
        runner::run_due_with(&state, later, &|_| panic!("killed between the poll and its commit")).await
    })
    .await;
    assert!(crashed.is_err(), "the poll task died");
    assert_eq!(server.events(&id).await["total"], 0, "nothing was committed");

    // The dead run's lease holds the registration until it runs out; then a restarted server (or
    // any other instance) polls again from the old cursor: both pages, once each.
    let restarted = serve(&config, connectors::registry()).await;
    assert_eq!(runner::run_due(&restarted.state, later).await.unwrap(), 0, "still leased to the dead run");
    let later = later + Duration::from_secs(fluxturn_server::triggers::store::RUN_LEASE_SECS as u64);
    assert_eq!(runner::run_due(&restarted.state, later).await.unwrap(), 1);
    let events = restarted.events(&id).await;
    let ids: Vec<&str> = events["events"].as_array().unwrap().iter().map(|e| e["event_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["b", "a"], "newest first: {events}");
    // The next poll finds nothing new.
    assert_eq!(runner::run_due(&restarted.state, later + Duration::from_secs(120)).await.unwrap(), 1);
    assert_eq!(restarted.events(&id).await["total"], 2);
}

#[tokio::test]
async fn a_failing_poll_backs_off_and_shows_its_error() {
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), connectors::registry()).await;
    // Nothing listens on this port.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "notion", "name": "Notion", "credentials": {"accessToken": "ntn_test"}, "config": {"base_url": closed}}),
        )
        .await;
    let registration = server
        .create(
            "/api/v1/triggers",
            json!({"connector_id": connection["id"], "trigger": "database_page_created", "config": {"databaseId": "d1"}}),
        )
        .await;
    let id = registration["id"].as_str().unwrap();
    let now = SystemTime::now();
    runner::run_due(&server.state, now).await.unwrap();
    let (_, shown) = server.call(reqwest::Method::GET, &format!("/api/v1/triggers/{id}"), None).await;
    assert_eq!((shown["status"].as_str(), shown["failures"].as_i64()), (Some("error"), Some(1)), "{shown}");
    assert!(shown["last_error"].as_str().is_some_and(|e| !e.is_empty()), "{shown}");
    let next = humantime::parse_rfc3339(shown["next_run_at"].as_str().unwrap()).unwrap();
    assert!(next >= now + Duration::from_secs(119), "backed off twice the interval: {shown}");
    assert_eq!(runner::backoff(60, 10), 3600, "never more than an hour");
}

#[tokio::test]
async fn a_schedule_survives_a_restart_and_fires_once_after_downtime() {
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = serve(&config, &REGISTRY).await;
    let registration = server
        .create(
            "/api/v1/triggers",
            json!({"trigger": "schedule", "config": {"schedule": {"mode": "days", "interval": 1, "hour": 9, "minute": 30}, "timezone": "Europe/Berlin"}}),
        )
        .await;
    let id = registration["id"].as_str().unwrap().to_owned();
    assert_eq!(registration["kind"], "schedule");
    assert!(registration["schedule"].as_str().unwrap().contains("09:30"), "{registration}");
    let next = humantime::parse_rfc3339(registration["next_run_at"].as_str().unwrap()).unwrap();

    // Not yet.
    assert_eq!(runner::run_due(&server.state, next - Duration::from_secs(1)).await.unwrap(), 0);
    // The server restarts; the schedule is still there and fires on time.
    let restarted = serve(&config, &REGISTRY).await;
    assert_eq!(runner::run_due(&restarted.state, next + Duration::from_secs(1)).await.unwrap(), 1);
    let events = restarted.events(&id).await;
    assert_eq!(events["total"], 1);
    assert_eq!(events["events"][0]["data"]["trigger"], "schedule");
    // Three days down: one run fires, not three; the next is the first slot after now.
    let back = next + Duration::from_secs(3 * 24 * 3600 + 3600);
    assert_eq!(runner::run_due(&restarted.state, back).await.unwrap(), 1);
    assert_eq!(restarted.events(&id).await["total"], 2);
    let (_, shown) = restarted.call(reqwest::Method::GET, &format!("/api/v1/triggers/{id}"), None).await;
    let after = humantime::parse_rfc3339(shown["next_run_at"].as_str().unwrap()).unwrap();
    assert!(after > back && after <= back + Duration::from_secs(24 * 3600), "{shown}");
    assert_eq!(runner::run_due(&restarted.state, back).await.unwrap(), 0);
    // A malformed schedule is refused, naming the field.
    let (status, error) = restarted
        .register(json!({"trigger": "schedule", "config": {"schedule": {"mode": "minutes", "interval": 0}}}))
        .await;
    assert_eq!(status, 422, "{error}");
    assert!(error.to_string().contains("schedule.interval"), "{error}");
}

/// A provider that registers webhooks.
#[derive(Default)]
struct Provider {
    /// (url, secret) of each hook created.
    created: Mutex<Vec<(String, String)>>,
    deleted: Mutex<Vec<String>>,
    /// Answer creations with a secret of the provider's choosing (Stripe's `whsec_`).
    own_secret: AtomicBool,
    refuse_create: AtomicBool,
    refuse_delete: AtomicBool,
    /// Hooks expire this many seconds after creation or refresh (0: never).
    lifetime: std::sync::atomic::AtomicU64,
    refreshed: Mutex<Vec<String>>,
    /// (the server's public URL, where it really listens): where the provider's calls go.
    reach: Mutex<Option<(String, String)>>,
    /// What the handshake and the URL check were answered: (status, echoed value).
    answers: Mutex<Vec<(u16, String)>>,
}

impl Provider {
    /// `url` as this test reaches it.
    fn reachable(&self, url: &str) -> String {
        let reach = self.reach.lock().unwrap().clone().expect("the test says where the server listens");
        url.replace(&reach.0, &reach.1)
    }
}

/// Creates a hook the way Asana does: first a handshake to the URL with `X-Hook-Secret`, and
/// the hook exists only if the answer echoes it.
async fn create_handshake_hook(State(p): State<Arc<Provider>>, Json(body): Json<Value>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let url = p.reachable(body["url"].as_str().unwrap());
    let answer = reqwest::Client::new()
        .post(url)
        .header("X-Hook-Secret", "handshake-secret-from-provider")
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let echoed = answer.headers().get("x-hook-secret").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    p.answers.lock().unwrap().push((status, echoed.clone()));
    if status != 200 || echoed != "handshake-secret-from-provider" {
        return (axum::http::StatusCode::BAD_REQUEST, Json(json!({"message": "the handshake failed"}))).into_response();
    }
    Json(json!({"id": "a1"})).into_response()
}

/// Creates a subscription the way Microsoft Graph does: first a POST to the URL with a
/// `validationToken` that must come back as plain text.
async fn create_validated_hook(State(p): State<Arc<Provider>>, Json(body): Json<Value>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let url = format!("{}&validationToken=check%20me", p.reachable(body["url"].as_str().unwrap()));
    let answer = reqwest::Client::new()
        .post(url)
        .header("x-delivery", "validation")
        .header("content-type", "application/json")
        .body("{\"early\": true}")
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let echoed = answer.text().await.unwrap();
    p.answers.lock().unwrap().push((status, echoed.clone()));
    if status != 200 || echoed != "check me" {
        return (axum::http::StatusCode::BAD_REQUEST, Json(json!({"message": "validation failed"}))).into_response();
    }
    Json(json!({"id": "g1"})).into_response()
}

fn expiry(p: &Provider) -> Value {
    match p.lifetime.load(Ordering::SeqCst) {
        0 => Value::Null,
        lifetime => json!(fluxturn_server::triggers::unix(SystemTime::now()) as u64 + lifetime),
    }
}

async fn refresh_hook(
    State(p): State<Arc<Provider>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Json<Value> {
    p.refreshed.lock().unwrap().push(id);
    Json(json!({"expires_at": expiry(&p)}))
}

async fn create_hook(State(p): State<Arc<Provider>>, Json(body): Json<Value>) -> axum::response::Response {
    use axum::response::IntoResponse;
    if p.refuse_create.load(Ordering::SeqCst) {
        return (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"message": "Validation Failed: url is not reachable"})),
        )
            .into_response();
    }
    let mut created = p.created.lock().unwrap();
    created.push((body["url"].as_str().unwrap().to_owned(), body["secret"].as_str().unwrap().to_owned()));
    let id = format!("h{}", created.len());
    match p.own_secret.load(Ordering::SeqCst) {
        true => Json(json!({"id": id, "secret": "whsec_provider_chosen", "expires_at": expiry(&p)})).into_response(),
        false => Json(json!({"id": id, "expires_at": expiry(&p)})).into_response(),
    }
}

async fn delete_hook(
    State(p): State<Arc<Provider>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> axum::http::StatusCode {
    if p.refuse_delete.load(Ordering::SeqCst) {
        return axum::http::StatusCode::BAD_GATEWAY;
    }
    p.deleted.lock().unwrap().push(id);
    axum::http::StatusCode::NO_CONTENT
}

#[allow(clippy::disallowed_methods)] // the mock's routes, not the API's
async fn provider() -> (Arc<Provider>, String) {
    let provider = Arc::new(Provider::default());
    let app = Router::new()
        .route("/hooks", post(create_hook))
        .route("/hooks/{id}", axum::routing::delete(delete_hook))
        .route("/hooks/{id}/refresh", post(refresh_hook))
        .route("/handshake-hooks", post(create_handshake_hook))
        .route("/validated-hooks", post(create_validated_hook))
        .with_state(provider.clone());
    let url = serve_mock(app).await;
    (provider, url)
}

#[tokio::test]
async fn a_subscribed_trigger_registers_once_survives_a_restart_and_is_removed_at_the_provider() {
    let (provider, provider_url) = provider().await;
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = serve(&config, &REGISTRY).await;
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "hooky", "name": "Hooky", "config": {"base_url": provider_url}}),
        )
        .await;
    let registration =
        server.create("/api/v1/triggers", json!({"connector_id": connection["id"], "trigger": "managed"})).await;
    let id = registration["id"].as_str().unwrap().to_owned();
    assert_eq!(registration["upstream_id"], "h1");
    let (url, secret) = provider.created.lock().unwrap()[0].clone();
    assert_eq!(url, registration["webhook_url"].as_str().unwrap(), "the provider got our webhook URL");
    assert_eq!(secret.len(), 64, "a generated secret");
    let local = url.replace(&server.state.public_url, &server.base);
    assert_eq!(server.deliver(&local, &signed("{\"a\": 1}", "d-1", &secret)).await.status(), 200);

    // A restart subscribes nothing again, and deliveries still verify.
    let restarted = serve(&config, &REGISTRY).await;
    let local = url.replace(&server.state.public_url, &restarted.base);
    assert_eq!(restarted.deliver(&local, &signed("{\"a\": 2}", "d-2", &secret)).await.status(), 200);
    assert_eq!(provider.created.lock().unwrap().len(), 1, "no second hook");
    assert_eq!(restarted.events(&id).await["total"], 2);

    // The provider refuses the removal: the registration stays, says why, and takes no delivery.
    provider.refuse_delete.store(true, Ordering::SeqCst);
    let (status, error) = restarted.call(reqwest::Method::DELETE, &format!("/api/v1/triggers/{id}"), None).await;
    assert_eq!(status, 502, "{error}");
    assert!(error["message"].as_str().unwrap().contains("retried"), "{error}");
    let (_, kept) = restarted.call(reqwest::Method::GET, &format!("/api/v1/triggers/{id}"), None).await;
    assert_eq!(kept["status"], "deleting", "{kept}");
    assert!(kept["last_error"].as_str().unwrap().contains("could not be removed"), "{kept}");
    assert_eq!(restarted.deliver(&local, &signed("{}", "d-3", &secret)).await.status(), 404);
    // The runner retries later, and the provider now agrees.
    provider.refuse_delete.store(false, Ordering::SeqCst);
    runner::run_due(&restarted.state, SystemTime::now() + Duration::from_secs(3 * 3600)).await.unwrap();
    assert_eq!(provider.deleted.lock().unwrap().as_slice(), ["h1"]);
    let (status, _) = restarted.call(reqwest::Method::GET, &format!("/api/v1/triggers/{id}"), None).await;
    assert_eq!(status, 404, "removed after the retry");
}

#[tokio::test]
async fn a_provider_that_signs_nothing_is_given_a_url_with_a_token_and_deliveries_without_it_are_refused() {
    let (provider, provider_url) = provider().await;
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "hooky", "name": "Hooky", "config": {"base_url": provider_url}}),
        )
        .await;
    let registration =
        server.create("/api/v1/triggers", json!({"connector_id": connection["id"], "trigger": "posted"})).await;
    let shown = registration["webhook_url"].as_str().unwrap().to_owned();
    let (given, secret) = provider.created.lock().unwrap()[0].clone();
    assert_eq!(given, format!("{shown}?token={secret}"), "the provider is given the URL with the token");
    assert!(!registration.to_string().contains(&secret), "the token is never shown: {registration}");

    let delivery = |token: Option<&str>, id: &str| {
        let base = shown.replace(&server.state.public_url, &server.base);
        let url = token.map_or(base.clone(), |t| format!("{base}?token={t}"));
        (url, WebhookRequest::post("{\"form\": 1}", [("x-delivery", id), ("content-type", "application/json")]))
    };
    let (url, request) = delivery(Some(&secret), "p-1");
    assert_eq!(server.deliver(&url, &request).await.status(), 200);
    let (url, request) = delivery(None, "p-2");
    assert_eq!(server.deliver(&url, &request).await.status(), 401);
    let (url, request) = delivery(Some("guessed"), "p-3");
    assert_eq!(server.deliver(&url, &request).await.status(), 401);
    // The provider's check of the URL, a GET: answered when it brings the token, refused without.
    let check = |token: Option<&str>| {
        let (url, mut request) = delivery(token, "check");
        request.method = "GET".into();
        request.body = Default::default();
        (url, request)
    };
    let (url, request) = check(Some(&secret));
    assert_eq!(server.deliver(&url, &request).await.status(), 200);
    let (url, request) = check(None);
    assert_eq!(server.deliver(&url, &request).await.status(), 401);
    let id = registration["id"].as_str().unwrap();
    assert_eq!(server.events(id).await["total"], 1, "only the delivery with the token; a check is no event");
}

#[tokio::test]
async fn a_secret_the_provider_returns_replaces_the_generated_one_and_a_refused_subscription_stores_nothing() {
    let (provider, provider_url) = provider().await;
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "hooky", "name": "Hooky", "config": {"base_url": provider_url}}),
        )
        .await;
    provider.own_secret.store(true, Ordering::SeqCst);
    let registration =
        server.create("/api/v1/triggers", json!({"connector_id": connection["id"], "trigger": "managed"})).await;
    let url = registration["webhook_url"].as_str().unwrap().replace(&server.state.public_url, &server.base);
    let generated = provider.created.lock().unwrap()[0].1.clone();
    assert_eq!(server.deliver(&url, &signed("{}", "d-1", "whsec_provider_chosen")).await.status(), 200);
    assert_eq!(server.deliver(&url, &signed("{}", "d-2", &generated)).await.status(), 401);
    assert!(!registration.to_string().contains("whsec_"), "the secret is never shown");

    provider.refuse_create.store(true, Ordering::SeqCst);
    let (status, error) = server.register(json!({"connector_id": connection["id"], "trigger": "managed"})).await;
    assert!(status >= 400, "{error}");
    assert!(error["message"].as_str().unwrap().contains("url is not reachable"), "the provider's answer: {error}");
    assert_eq!(server.call(reqwest::Method::GET, "/api/v1/triggers", None).await.1["total"], 1, "nothing stored");

    // Deleting the connection removes its hooks at the provider first.
    let (status, _) = server
        .call(reqwest::Method::DELETE, &format!("/api/v1/connectors/{}", connection["id"].as_str().unwrap()), None)
        .await;
    assert_eq!(status, 204);
    assert_eq!(provider.deleted.lock().unwrap().as_slice(), ["h1"]);
    assert_eq!(server.call(reqwest::Method::GET, "/api/v1/triggers", None).await.1["total"], 0);
}

#[tokio::test]
async fn a_subscription_that_expires_is_renewed_a_day_ahead() {
    let (provider, provider_url) = provider().await;
    provider.lifetime.store(7 * 24 * 3600, Ordering::SeqCst);
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "hooky", "name": "Hooky", "config": {"base_url": provider_url}}),
        )
        .await;
    let registration =
        server.create("/api/v1/triggers", json!({"connector_id": connection["id"], "trigger": "managed"})).await;
    let id = registration["id"].as_str().unwrap();
    let first = humantime::parse_rfc3339(registration["subscription_expires_at"].as_str().unwrap()).unwrap();
    // Five days on: nothing to do yet.
    runner::run_due(&server.state, SystemTime::now() + Duration::from_secs(5 * 24 * 3600)).await.unwrap();
    assert!(provider.refreshed.lock().unwrap().is_empty());
    // Six and a half days on: renewed, and the new expiry is shown.
    provider.lifetime.store(14 * 24 * 3600, Ordering::SeqCst);
    runner::run_due(&server.state, SystemTime::now() + Duration::from_secs(13 * 12 * 3600)).await.unwrap();
    assert_eq!(provider.refreshed.lock().unwrap().as_slice(), ["h1"]);
    let (_, shown) = server.call(reqwest::Method::GET, &format!("/api/v1/triggers/{id}"), None).await;
    let renewed = humantime::parse_rfc3339(shown["subscription_expires_at"].as_str().unwrap()).unwrap();
    assert!(renewed > first, "{shown}");
    assert_eq!(shown["status"], "active");
}

#[tokio::test]
async fn a_handshake_while_subscribing_hands_over_the_secret_and_is_refused_afterwards() {
    let (provider, provider_url) = provider().await;
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    *provider.reach.lock().unwrap() = Some((server.state.public_url.clone(), server.base.clone()));
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "hooky", "name": "Hooky", "config": {"base_url": provider_url}}),
        )
        .await;
    let registration =
        server.create("/api/v1/triggers", json!({"connector_id": connection["id"], "trigger": "changed"})).await;
    assert_eq!(registration["status"], "active", "{registration}");
    assert_eq!(registration["upstream_id"], "a1");
    assert_eq!(provider.answers.lock().unwrap().as_slice(), [(200, "handshake-secret-from-provider".to_owned())]);
    assert!(!registration.to_string().contains("handshake-secret"), "the secret is never shown");

    let url = registration["webhook_url"].as_str().unwrap().replace(&server.state.public_url, &server.base);
    let delivery = |secret: &str, id: &str| {
        let mut request = WebhookRequest::post("{\"task\" :  7}", [("x-delivery", id)]);
        verify::sign(SignatureScheme::Asana, &mut request, secret, SystemTime::now()).unwrap();
        request
    };
    assert_eq!(server.deliver(&url, &delivery("handshake-secret-from-provider", "e-1")).await.status(), 200);
    // Signed with the generated secret, which the handshake replaced: refused.
    assert_eq!(server.deliver(&url, &delivery("not-the-secret", "e-2")).await.status(), 401);
    // A handshake once the registration is active cannot change the secret.
    let late = WebhookRequest::post("", [("X-Hook-Secret", "attacker-secret")]);
    assert_eq!(server.deliver(&url, &late).await.status(), 401);
    assert_eq!(server.deliver(&url, &delivery("handshake-secret-from-provider", "e-3")).await.status(), 200);
    assert_eq!(server.events(registration["id"].as_str().unwrap()).await["total"], 2);
}

#[tokio::test]
async fn a_url_check_while_subscribing_is_answered_and_stores_nothing() {
    let (provider, provider_url) = provider().await;
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    *provider.reach.lock().unwrap() = Some((server.state.public_url.clone(), server.base.clone()));
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "hooky", "name": "Hooky", "config": {"base_url": provider_url}}),
        )
        .await;
    let registration =
        server.create("/api/v1/triggers", json!({"connector_id": connection["id"], "trigger": "notified"})).await;
    assert_eq!(registration["upstream_id"], "g1", "{registration}");
    assert_eq!(provider.answers.lock().unwrap().as_slice(), [(200, "check me".to_owned())]);
    let id = registration["id"].as_str().unwrap();
    assert_eq!(server.events(id).await["total"], 0, "the check's events are dropped");
}

#[tokio::test]
async fn a_failed_handshake_stores_nothing_and_an_interrupted_subscription_shows_an_error_after_a_restart() {
    let (provider, provider_url) = provider().await;
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = serve(&config, &REGISTRY).await;
    // The provider calls a URL where nothing answers: its handshake fails, and so does creating.
    *provider.reach.lock().unwrap() = Some((server.state.public_url.clone(), format!("{}/nowhere", server.base)));
    let connection = server
        .create(
            "/api/v1/connectors",
            json!({"connector_type": "hooky", "name": "Hooky", "config": {"base_url": provider_url}}),
        )
        .await;
    let (status, error) = server.register(json!({"connector_id": connection["id"], "trigger": "changed"})).await;
    assert!(status >= 400, "{error}");
    assert!(error["message"].as_str().unwrap().contains("the handshake failed"), "{error}");
    assert_eq!(server.call(reqwest::Method::GET, "/api/v1/triggers", None).await.1["total"], 0, "nothing stored");

    // A registration the server was still subscribing when it stopped shows why after a restart.
    *provider.reach.lock().unwrap() = Some((server.state.public_url.clone(), server.base.clone()));
    let registration =
        server.create("/api/v1/triggers", json!({"connector_id": connection["id"], "trigger": "changed"})).await;
    let id = registration["id"].as_str().unwrap();
    // (Long enough ago that, on PostgreSQL, no other instance can still be registering it.)
    sqlx::query(
        "UPDATE trigger_registrations SET status = 'subscribing', updated_at = '2020-01-01T00:00:00Z' WHERE id = $1",
    )
    .bind(id)
    .execute(&server.state.pool)
    .await
    .unwrap();
    let restarted = serve(&config, &REGISTRY).await;
    let (_, shown) = restarted.call(reqwest::Method::GET, &format!("/api/v1/triggers/{id}"), None).await;
    assert_eq!(shown["status"], "error", "{shown}");
    assert!(shown["last_error"].as_str().unwrap().contains("create it again"), "{shown}");
}

#[tokio::test]
async fn trellos_unsigned_head_is_answered_and_stores_nothing_while_an_unsigned_post_is_refused() {
    let dir = common::tempdir();
    let server = serve(&common::config(dir.path().join("data")), &REGISTRY).await;
    let connection = server.create("/api/v1/connectors", json!({"connector_type": "hooky", "name": "Hooky"})).await;
    let registration = server
        .create(
            "/api/v1/triggers",
            json!({"connector_id": connection["id"], "trigger": "moved", "config": {"secret": "trello-app-secret"}}),
        )
        .await;
    let public = registration["webhook_url"].as_str().unwrap().to_owned();
    let url = public.replace(&server.state.public_url, &server.base);
    let response = server.client.head(&url).send().await.unwrap();
    assert_eq!(response.status(), 200, "Trello creates the webhook only after a 200 to its HEAD");
    let unsigned = WebhookRequest::post("{\"action\": {}}", [("x-delivery", "t-1")]);
    assert_eq!(server.deliver(&url, &unsigned).await.status(), 401);
    // Signed as Trello signs: over the body and the callback URL it was given (the public one).
    let mut signed = WebhookRequest::post("{\"action\" : {\"id\": 1}}", [("x-delivery", "t-2")]);
    signed.url = public;
    verify::sign(SignatureScheme::Trello, &mut signed, "trello-app-secret", SystemTime::now()).unwrap();
    assert_eq!(server.deliver(&url, &signed).await.status(), 200);
    let events = server.events(registration["id"].as_str().unwrap()).await;
    assert_eq!(events["total"], 1, "the HEAD stored nothing: {events}");
}
