//! The `Http` runtime against a local mock server: what goes on the wire for each auth method,
//! retries, Retry-After, budgets, rate limits, timeouts, token refresh, and secrets kept out of
//! every error.

use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use fluxturn_core::{BoxFuture, ErrorCode, HttpOptions, Part, RetryPolicy, TokenRefresher};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{body_string_contains, header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

#[derive(Credentials)]
pub struct KeyCredentials {
    #[field(label = "API Key", secret)]
    pub api_key: Secret<String>,
}

/// API key in a header with a prefix.
#[connector(name = "header_key", category = "utility", base_url = "https://api.example.com",
            auth = api_key(header = "X-Api-Key", prefix = "Key "), credentials = KeyCredentials)]
pub struct HeaderKey {
    http: Http,
}
#[actions]
impl HeaderKey {}

/// API key in the query.
#[connector(name = "query_key", category = "utility", base_url = "https://api.example.com",
            auth = api_key(query = "key"), credentials = KeyCredentials)]
pub struct QueryKey {
    http: Http,
}
#[actions]
impl QueryKey {}

#[derive(Credentials)]
pub struct BotCredentials {
    #[field(label = "Bot Token", secret)]
    pub bot_token: Secret<String>,
}

/// Token in the URL path.
#[connector(name = "path_key", category = "communication", base_url = "https://api.example.org/bot{botToken}",
            auth = api_key(url, field = "botToken"), credentials = BotCredentials)]
pub struct PathKey {
    http: Http,
}
#[actions]
impl PathKey {}

#[derive(Credentials)]
pub struct TokenCredentials {
    #[field(label = "Token", secret)]
    pub token: Secret<String>,
}

/// Bearer token, limited to 5 requests per second, with a declared test endpoint.
#[connector(name = "bearer", category = "utility", base_url = "https://api.example.com", auth = bearer_token,
            credentials = TokenCredentials, rate_limit(requests_per_second = 5), test_endpoint = "/whoami")]
pub struct Bearer {
    http: Http,
}

/// A message to post.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct Post {
    /// Text
    pub text: String,
}

#[actions]
impl Bearer {
    /// Post, retried after a 5xx because the API deduplicates
    #[action(idempotent, http(method = "POST", endpoint = "/posts"))]
    async fn post_idempotent(&self, input: Post) -> Result<Value>;

    /// Post, never repeated after it may have been processed
    #[action(http(method = "POST", endpoint = "/posts"))]
    async fn post_once(&self, input: Post) -> Result<Value>;
}

#[derive(Credentials)]
pub struct BasicCredentials {
    #[field(label = "Account SID")]
    pub account_sid: String,
    #[field(label = "Auth Token", secret)]
    pub auth_token: Secret<String>,
}

/// Basic auth.
#[connector(name = "basic", category = "communication", base_url = "https://api.example.com",
            auth = basic_auth(username = "accountSid", password = "authToken"), credentials = BasicCredentials)]
pub struct Basic {
    http: Http,
}
#[actions]
impl Basic {}

/// OAuth2.
#[connector(name = "oauth", category = "productivity", base_url = "https://api.example.com",
            auth = oauth2(authorization_url = "https://example.com/authorize", token_url = "https://example.com/token"))]
pub struct OAuth {
    http: Http,
}
#[actions]
impl OAuth {}

fn fast_retries(max_retries: usize) -> HttpOptions {
    HttpOptions {
        retry: RetryPolicy {
            max_retries,
            min_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
            ..RetryPolicy::default()
        },
        ..HttpOptions::default()
    }
}

fn connect_with<C: ConnectorSpec>(base_url: String, credentials: Value, options: HttpOptions) -> C {
    let Value::Object(credentials) = credentials else { panic!("credentials must be an object") };
    let ctx = ConnectContext::new(credentials).with_base_url(base_url).with_http_options(options);
    ctx.connect::<C>().unwrap_or_else(|e| panic!("connect: {e}"))
}

fn http<C: ConnectorSpec>(server: &MockServer, credentials: Value) -> Http {
    connect_with::<C>(server.uri(), credentials, fast_retries(3)).http_client().unwrap().clone()
}

async fn received(server: &MockServer) -> Vec<Received> {
    server.received_requests().await.unwrap()
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
}

#[tokio::test]
async fn each_auth_method_puts_the_right_thing_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(path("/h")).and(header("x-api-key", "Key k_header")).respond_with(ok()).expect(1).mount(&server).await;
    Mock::given(path("/q")).and(query_param("key", "k_query")).respond_with(ok()).expect(1).mount(&server).await;
    Mock::given(path("/bot123:abc/getMe")).respond_with(ok()).expect(1).mount(&server).await;
    Mock::given(path("/b"))
        .and(header("authorization", "Bearer t_bearer"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    // base64("AC123:s3cret")
    Mock::given(path("/basic"))
        .and(header("authorization", "Basic QUMxMjM6czNjcmV0"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/o"))
        .and(header("authorization", "Bearer at_oauth"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;

    http::<HeaderKey>(&server, json!({"apiKey": "k_header"})).get("/h").send().await.unwrap();
    http::<QueryKey>(&server, json!({"apiKey": "k_query"})).get("/q").send().await.unwrap();
    let bot = connect_with::<PathKey>(
        format!("{}/bot{{botToken}}", server.uri()),
        json!({"botToken": "123:abc"}),
        fast_retries(0),
    );
    bot.http_client().unwrap().get("/getMe").send().await.unwrap();
    http::<Bearer>(&server, json!({"token": "t_bearer"})).get("/b").send().await.unwrap();
    http::<Basic>(&server, json!({"accountSid": "AC123", "authToken": "s3cret"})).get("/basic").send().await.unwrap();
    http::<OAuth>(&server, json!({"accessToken": "at_oauth"})).get("/o").send().await.unwrap();
    // `expect(1)` on each mock is verified when the server drops.
}

#[tokio::test]
async fn a_missing_required_credential_is_named_on_connect() {
    let credentials = json!({"accountSid": "AC1"}).as_object().unwrap().clone();
    let Err(error) = ConnectContext::new(credentials).connect::<Basic>() else {
        panic!("connecting without authToken must fail")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`authToken`"), "{error}");
}

#[tokio::test]
async fn a_503_then_200_succeeds_after_one_retry() {
    let server = MockServer::start().await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/flaky")).respond_with(ok()).with_priority(2).mount(&server).await;
    let answer: Value = http::<Bearer>(&server, json!({"token": "t"})).post("/flaky").send_json().await.unwrap();
    assert_eq!(answer, json!({"ok": true}));
    assert_eq!(received(&server).await.len(), 2, "one failure, one retry");
}

#[tokio::test]
async fn a_429_with_retry_after_waits_that_long() {
    let server = MockServer::start().await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/busy")).respond_with(ok()).with_priority(2).mount(&server).await;
    let started = Instant::now();
    http::<Bearer>(&server, json!({"token": "t"})).get("/busy").send().await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950), "retried after {elapsed:?}, before Retry-After");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn retries_stop_at_the_budget_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "maintenance"})))
        .mount(&server)
        .await;
    let client = connect_with::<Bearer>(server.uri(), json!({"token": "t"}), fast_retries(2));
    let error = client.http_client().unwrap().get("/down").send().await.unwrap_err();
    assert_eq!(received(&server).await.len(), 3, "the first attempt and two retries");
    assert_eq!(error.status, 503);
    assert_eq!(error.code, ErrorCode::Upstream);
    assert!(error.retryable);
    assert_eq!(error.message, "the upstream answered 503: maintenance (gave up after 3 attempts)");
    assert_eq!(error.details["attempts"], 3);
}

#[tokio::test]
async fn a_post_is_not_repeated_after_a_500_unless_declared_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/posts")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let client = connect_with::<Bearer>(server.uri(), json!({"token": "t"}), fast_retries(2));
    let error = client.execute("post_once", json!({"text": "hi"})).await.unwrap_err();
    assert_eq!(error.status, 500);
    assert_eq!(received(&server).await.len(), 1, "a POST that may have been processed is not sent again");

    server.reset().await;
    Mock::given(method("POST")).and(path("/posts")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    client.execute("post_idempotent", json!({"text": "hi"})).await.unwrap_err();
    assert_eq!(received(&server).await.len(), 3, "an idempotent action is retried");

    server.reset().await;
    Mock::given(method("POST")).and(path("/posts")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    client.http_client().unwrap().post("/posts").idempotent().send().await.unwrap_err();
    assert_eq!(received(&server).await.len(), 3, "a request marked idempotent is retried, whatever its method");

    server.reset().await;
    Mock::given(method("POST")).and(path("/posts")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    client.execute("post_once", json!({"text": "hi"})).await.unwrap_err();
    assert_eq!(received(&server).await.len(), 3, "a 503 means not processed: retried for every method");
}

#[tokio::test]
async fn a_connection_failure_before_sending_is_retried_for_every_method() {
    // A port nobody listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = connect_with::<QueryKey>(
        format!("http://127.0.0.1:{port}"),
        json!({"apiKey": "k_secret_query"}),
        fast_retries(2),
    );
    let started = Instant::now();
    let error = client.http_client().unwrap().post("/x").send().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Connection);
    assert!(error.retryable);
    assert!(error.message.contains("gave up after 3 attempts"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_no_secret(&error, &["k_secret_query"]);
}

#[tokio::test]
async fn a_declared_rate_limit_spaces_requests() {
    let server = MockServer::start().await;
    Mock::given(path("/r")).respond_with(ok()).mount(&server).await;
    let client = http::<Bearer>(&server, json!({"token": "t"})); // 5 per second
    let started = Instant::now();
    for _ in 0..6 {
        client.get("/r").send().await.unwrap();
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(990), "6 calls at 5/s took only {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "6 calls at 5/s took {elapsed:?}");
}

#[tokio::test]
async fn a_slow_upstream_hits_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/slow")).respond_with(ok().set_delay(Duration::from_secs(3))).mount(&server).await;
    let options =
        HttpOptions { request_timeout: Duration::from_millis(200), retry: RetryPolicy::NONE, ..HttpOptions::default() };
    let client = connect_with::<Bearer>(server.uri(), json!({"token": "t"}), options);
    let started = Instant::now();
    let error = client.http_client().unwrap().get("/slow").send().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Timeout);
    assert!(error.retryable);
    assert!(started.elapsed() < Duration::from_secs(2));

    let overall = HttpOptions { overall_timeout: Duration::from_millis(300), ..fast_retries(10) };
    let client = connect_with::<Bearer>(server.uri(), json!({"token": "t"}), overall);
    let error = client.http_client().unwrap().get("/slow").send().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Timeout);
    assert!(error.message.contains("retries included"), "{error}");
}

#[tokio::test]
async fn a_401_is_a_non_retryable_unauthorized_error() {
    let server = MockServer::start().await;
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_auth"})))
        .mount(&server)
        .await;
    let error = http::<Bearer>(&server, json!({"token": "t"})).get("/me").send().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.status, 401);
    assert!(!error.retryable);
    assert_eq!(received(&server).await.len(), 1);
}

/// A refresher that hands out `at_new` and counts its calls.
struct CountingRefresher(AtomicUsize);

impl TokenRefresher for CountingRefresher {
    fn refresh(&self) -> BoxFuture<'_, fluxturn_core::Result<String>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok("at_new".to_owned()) })
    }
}

#[tokio::test]
async fn a_401_with_oauth2_refreshes_the_token_once_and_retries() {
    let server = MockServer::start().await;
    Mock::given(path("/data"))
        .and(header("authorization", "Bearer at_old"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/data")).and(header("authorization", "Bearer at_new")).respond_with(ok()).mount(&server).await;
    let refresher = Arc::new(CountingRefresher(AtomicUsize::new(0)));
    let credentials = json!({"accessToken": "at_old"}).as_object().unwrap().clone();
    let ctx = ConnectContext::new(credentials).with_base_url(server.uri()).with_token_refresher(refresher.clone());
    let client: OAuth = ctx.connect().unwrap();
    client.http_client().unwrap().get("/data").send().await.unwrap();
    client.http_client().unwrap().get("/data").send().await.unwrap();
    assert_eq!(refresher.0.load(Ordering::SeqCst), 1, "refreshed once; the second call uses the new token");

    Mock::given(path("/always401")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let error = client.http_client().unwrap().get("/always401").send().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "a second 401 after refreshing is returned, not looped on");
    assert_eq!(refresher.0.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn form_and_multipart_bodies_and_queries() {
    let server = MockServer::start().await;
    Mock::given(path("/form"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("To=%2B15551234567"))
        .and(body_string_contains("Body=hi+there"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/upload"))
        .and(header_exists("content-type"))
        .and(body_string_contains("name=\"file\"; filename=\"a.txt\""))
        .and(body_string_contains("hello file"))
        .and(body_string_contains("name=\"purpose\""))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/search"))
        .and(query_param("q", "rust lang"))
        .and(query_param("limit", "5"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = http::<Bearer>(&server, json!({"token": "t"}));
    client
        .post("/form")
        .form(&json!({"To": "+15551234567", "Body": "hi there", "MediaUrl": null}))
        .send()
        .await
        .unwrap();
    let parts =
        vec![Part::text("purpose", "assistants"), Part::file("file", "a.txt", "text/plain", b"hello file".to_vec())];
    client.post("/upload").multipart(parts).send().await.unwrap();
    client.get("/search").query(&json!({"q": "rust lang", "limit": 5, "cursor": null})).send().await.unwrap();
}

#[tokio::test]
async fn link_header_and_cursor_pagination() {
    let server = MockServer::start().await;
    let page2 = format!("{}/repos?page=2", server.uri());
    Mock::given(path("/repos"))
        .and(query_param("page", "2"))
        .respond_with(ok().set_body_json(json!([3])))
        .mount(&server)
        .await;
    Mock::given(path("/repos"))
        .respond_with(
            ok().set_body_json(json!([1, 2])).insert_header("Link", format!("<{page2}>; rel=\"next\"").as_str()),
        )
        .mount(&server)
        .await;
    let client = http::<Bearer>(&server, json!({"token": "t"}));
    let items: Vec<u32> = collect_pages(10, 100, |next| {
        let client = client.clone();
        async move {
            let response = client.get(next.as_deref().unwrap_or("/repos")).send().await?;
            Ok(Page { items: response.json()?, next: response.next_link() })
        }
    })
    .await
    .unwrap();
    assert_eq!(items, [1, 2, 3]);

    Mock::given(path("/records"))
        .and(query_param("offset", "c1"))
        .respond_with(ok().set_body_json(json!({"records": ["b"]})))
        .mount(&server)
        .await;
    Mock::given(path("/records"))
        .respond_with(ok().set_body_json(json!({"records": ["a"], "offset": "c1"})))
        .mount(&server)
        .await;
    let records: Vec<String> = collect_pages(10, 100, |offset| {
        let client = client.clone();
        async move {
            let page: Value = client.get("/records").query(&json!({"offset": offset})).send_json().await?;
            Ok(Page {
                items: serde_json::from_value(page["records"].clone()).unwrap_or_default(),
                next: page["offset"].as_str().map(str::to_owned),
            })
        }
    })
    .await
    .unwrap();
    assert_eq!(records, ["a", "b"]);
}

#[tokio::test]
async fn a_declared_test_endpoint_is_what_test_connection_calls() {
    let server = MockServer::start().await;
    Mock::given(path("/whoami"))
        .and(header("authorization", "Bearer t"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = connect_with::<Bearer>(server.uri(), json!({"token": "t"}), fast_retries(0));
    client.test_connection().await.unwrap();
    let none = connect_with::<HeaderKey>(server.uri(), json!({"apiKey": "k"}), fast_retries(0));
    let error = none.test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotSupported);
}

fn assert_no_secret(error: &fluxturn_core::ConnectorError, secrets: &[&str]) {
    let shown = format!("{error}\n{error:?}\n{}", serde_json::to_string(error).unwrap());
    for secret in secrets {
        assert!(!shown.contains(secret), "secret `{secret}` leaked into an error:\n{shown}");
    }
}

#[tokio::test]
async fn no_secret_appears_in_any_error() {
    let server = MockServer::start().await;
    // Upstreams that echo what they were sent: the key, the token, the password.
    let echo = |request: &Received| {
        let auth = request.headers.get("authorization").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        ResponseTemplate::new(401)
            .set_body_string(format!("{{\"message\": \"bad credentials {auth} {}\"}}", request.url))
    };
    Mock::given(path("/echo")).respond_with(echo).mount(&server).await;
    let secrets = ["k_query_secret", "t_bearer_secret", "p4ssw0rd_secret", "123:bot_secret", "Key k_header_secret"];
    let mut errors = vec![
        http::<QueryKey>(&server, json!({"apiKey": "k_query_secret"})).get("/echo").send().await.unwrap_err(),
        http::<Bearer>(&server, json!({"token": "t_bearer_secret"})).get("/echo").send().await.unwrap_err(),
        http::<Basic>(&server, json!({"accountSid": "AC1", "authToken": "p4ssw0rd_secret"}))
            .get("/echo")
            .send()
            .await
            .unwrap_err(),
        http::<HeaderKey>(&server, json!({"apiKey": "k_header_secret"})).get("/echo").send().await.unwrap_err(),
    ];
    let bot = connect_with::<PathKey>(
        format!("{}/bot{{botToken}}", server.uri()),
        json!({"botToken": "123:bot_secret"}),
        fast_retries(0),
    );
    errors.push(bot.http_client().unwrap().get("/echo").send().await.unwrap_err());
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = connect_with::<PathKey>(
        format!("http://127.0.0.1:{closed}/bot{{botToken}}"),
        json!({"botToken": "123:bot_secret"}),
        fast_retries(0),
    );
    errors.push(unreachable.http_client().unwrap().get("/x").send().await.unwrap_err());
    for error in &errors {
        assert_no_secret(error, &secrets);
    }
    assert!(errors[0].details["upstream_body"].as_str().unwrap().contains("[redacted]"));
    // And the client's own Debug.
    let client = http::<QueryKey>(&server, json!({"apiKey": "k_query_secret"}));
    assert!(!format!("{client:?}").contains("k_query_secret"));
}

/// A form API with a version header on every request.
#[connector(name = "form_api", category = "finance", base_url = "https://api.example.com",
            headers(Api_Version = "2024-01-01"), auth = bearer_token, credentials = TokenCredentials)]
pub struct FormApi {
    http: Http,
}

/// A customer to create.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewCustomer {
    /// Email
    pub email: String,
    /// Free-form metadata
    pub metadata: Option<std::collections::BTreeMap<String, String>>,
}

#[actions]
impl FormApi {
    /// Create a customer
    #[action(http(method = "POST", endpoint = "/v1/customers", body = "form"))]
    async fn create_customer(&self, input: NewCustomer) -> Result<Value>;
}

#[tokio::test]
async fn connector_headers_and_form_encoded_declarative_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .and(header("api-version", "2024-01-01"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("email=a%40b.co"))
        .and(body_string_contains("metadata%5Bplan%5D=pro"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = connect_with::<FormApi>(server.uri(), json!({"token": "sk_test"}), fast_retries(0));
    client.execute("create_customer", json!({"email": "a@b.co", "metadata": {"plan": "pro"}})).await.unwrap();
    let api = FormApi::definition().supported_actions[0].api.clone().unwrap();
    assert_eq!(api.headers["Content-Type"], "application/x-www-form-urlencoded");
}
