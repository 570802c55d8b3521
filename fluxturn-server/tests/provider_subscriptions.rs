//! The four connectors whose webhook triggers subscribe at the provider (Telegram, GitHub,
//! Stripe, Airtable), end to end through the real routes and the real connector registry, the
//! provider's API a local mock: registering subscribes once with the public webhook URL (and the
//! secret, where the provider takes one); deliveries signed as the provider signs them are
//! stored once; tampered, wrongly signed, unsigned or stale ones are refused and reach nothing;
//! a restart subscribes nothing again and still verifies; removing unsubscribes at the provider.

mod common;

use common::TestServer;
use fluxturn_core::webhook::verify;
use fluxturn_core::{SignatureScheme, WebhookRequest};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A secret usable by every scheme (Airtable's is base64), and not the webhook's.
const WRONG_SECRET: &str = "d3JvbmctdGVzdC1vbmx5LXNlY3JldA==";

/// Where the signing secret comes from.
enum Secret {
    /// FluxTurn generated it and gave it to the provider: at this JSON pointer of the subscribe request.
    Sent(&'static str),
    /// The provider chose it and answered it when the webhook was created.
    Answered(&'static str),
}

/// The body and headers of a delivery.
type Delivery = (String, Vec<(&'static str, String)>);

/// One provider as the flow exercises it.
struct Provider {
    /// Its API.
    mock: MockServer,
    connector: &'static str,
    credentials: Value,
    /// What follows the mock's address in the connection's base URL.
    base_path: &'static str,
    trigger: &'static str,
    config: Value,
    scheme: SignatureScheme,
    /// The request that creates the webhook, and the JSON pointer of the URL it carries.
    subscribe: (&'static str, String, &'static str),
    secret: Secret,
    /// The request that removes it.
    unsubscribe: (&'static str, String),
    /// A change to the body of a delivery that its signature must catch (`None`: the scheme does
    /// not cover the body, as Telegram's token does not).
    tamper: Option<(&'static str, &'static str)>,
    /// Whether the signature carries a timestamp checked within ±5 minutes.
    timestamped: bool,
    /// Delivery `n` (a redelivery is the same `n` again), spaced as no serializer would.
    delivery: Box<dyn Fn(u32) -> Delivery>,
}

/// The body a request to the mock carried: JSON, or a form as an object.
fn sent(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap_or_else(|_| {
        let pairs = url::form_urlencoded::parse(&request.body).into_owned();
        Value::Object(pairs.map(|(name, value)| (name, Value::String(value))).collect())
    })
}

/// The requests the mock received for `method path`.
async fn requests_to(mock: &MockServer, method: &str, path: &str) -> Vec<Request> {
    let received = mock.received_requests().await.unwrap_or_default();
    received.into_iter().filter(|r| r.method.as_str() == method && r.url.path() == path).collect()
}

/// Delivery `n` of `provider`, signed with `secret` at `at` as the provider signs it.
fn signed(provider: &Provider, n: u32, secret: &str, at: SystemTime) -> WebhookRequest {
    let (body, headers) = (provider.delivery)(n);
    let mut request = WebhookRequest::post(body, headers.iter().map(|(k, v)| (*k, v.as_str())));
    verify::sign(provider.scheme, &mut request, secret, at).unwrap();
    request
}

/// POSTs `request` to `url` as the provider would (no API token); the status and JSON answer.
async fn deliver(server: &TestServer, url: &str, request: &WebhookRequest) -> (u16, Value) {
    let headers = request.headers.iter().fold(reqwest::header::HeaderMap::new(), |mut map, (name, value)| {
        map.append(reqwest::header::HeaderName::try_from(name.as_str()).unwrap(), value.parse().unwrap());
        map
    });
    let response = server.client.post(url).headers(headers).body(request.body.clone()).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

/// How many events registration `id` has stored.
async fn events_total(server: &TestServer, id: &str) -> i64 {
    let (status, page) = server.get(&format!("/api/v1/triggers/{id}/events")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["events"].as_array().map(Vec::len), page["total"].as_u64().map(|t| t as usize), "{page}");
    page["total"].as_i64().unwrap()
}

fn assert_no_secret(answer: &Value, secret: &str) {
    assert!(!answer.to_string().contains(secret), "the secret is never shown: {answer}");
}

/// Registers `provider`'s trigger, delivers, refuses forgeries, restarts, and removes it.
async fn subscribes_verifies_survives_a_restart_and_unsubscribes(provider: Provider) {
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = TestServer::start_in(config.clone()).await;
    let base_url = format!("{}{}", provider.mock.uri(), provider.base_path);
    let connection = server.connect(provider.connector, provider.credentials.clone(), &base_url).await;
    let body = json!({"connector_id": connection, "trigger": provider.trigger, "config": provider.config});
    let (status, registration) = server.post("/api/v1/triggers", &body).await;
    assert_eq!(status, 201, "{registration}");
    let id = registration["id"].as_str().unwrap().to_owned();
    let public = registration["webhook_url"].as_str().unwrap().to_owned();
    // The registration's own URL, or its connection's where the provider keeps one webhook per
    // connection (a Telegram bot has one).
    let prefix = format!("{}/api/v1/webhooks/{}/", server.state.public_url, provider.connector);
    assert!([id.as_str(), connection.as_str()].contains(&public.trim_start_matches(&prefix)), "{registration}");

    // 1. One subscribe request, carrying the public URL (and the generated secret).
    let (verb, subscribe_path, url_at) = &provider.subscribe;
    let subscribed = requests_to(&provider.mock, verb, subscribe_path).await;
    assert_eq!(subscribed.len(), 1, "one webhook created at the provider");
    let request = sent(&subscribed[0]);
    assert_eq!(request.pointer(url_at), Some(&json!(public)), "the provider got the public URL: {request}");
    let secret = match provider.secret {
        Secret::Sent(at) => request.pointer(at).and_then(Value::as_str).unwrap_or_default().to_owned(),
        Secret::Answered(secret) => secret.to_owned(),
    };
    assert!(secret.len() >= 32, "a strong secret: {request}");
    assert_no_secret(&registration, &secret);

    // 2. A delivery signed over its exact bytes is stored; a redelivery adds nothing.
    let url = public.replace(&server.state.public_url, &server.base);
    let odd = (provider.delivery)(1).0;
    assert_ne!(serde_json::from_str::<Value>(&odd).unwrap().to_string(), odd, "re-serializing changes the bytes");
    let answer = deliver(&server, &url, &signed(&provider, 1, &secret, SystemTime::now())).await;
    assert_eq!(answer, (200, json!({"received": true, "stored": 1, "duplicates": 0})));
    let again = deliver(&server, &url, &signed(&provider, 1, &secret, SystemTime::now())).await;
    assert_eq!(again, (200, json!({"received": true, "stored": 0, "duplicates": 1})), "a redelivery");
    assert_eq!(events_total(&server, &id).await, 1);

    // 3. Forgeries: 401, nothing stored, nothing asked of the provider, no secret in the answer.
    let received = provider.mock.received_requests().await.unwrap().len();
    let (unsigned_body, unsigned_headers) = (provider.delivery)(2);
    let unsigned = WebhookRequest::post(unsigned_body, unsigned_headers.iter().map(|(k, v)| (*k, v.as_str())));
    let mut forgeries =
        vec![("wrong secret", signed(&provider, 2, WRONG_SECRET, SystemTime::now())), ("unsigned", unsigned)];
    if let Some((from, to)) = provider.tamper {
        let mut tampered = signed(&provider, 2, &secret, SystemTime::now());
        let body = String::from_utf8(tampered.body.to_vec()).unwrap();
        assert!(body.contains(from), "{body}");
        tampered.body = body.replacen(from, to, 1).into();
        forgeries.push(("tampered", tampered));
    }
    if provider.timestamped {
        let ten_minutes_ago = SystemTime::now() - Duration::from_secs(10 * 60);
        forgeries.push(("stale", signed(&provider, 2, &secret, ten_minutes_ago)));
    }
    for (why, forgery) in &forgeries {
        let (status, error) = deliver(&server, &url, forgery).await;
        assert_eq!(status, 401, "{why}: {error}");
        assert_eq!(error["error"]["code"], "webhook_unverified", "{why}: {error}");
        assert_no_secret(&error, &secret);
    }
    assert_eq!(events_total(&server, &id).await, 1, "no forgery stored anything");
    assert_eq!(provider.mock.received_requests().await.unwrap().len(), received, "no forgery reached the provider");
    let (_, shown) = server.get(&format!("/api/v1/triggers/{id}")).await;
    assert_eq!(shown["status"], "active", "{shown}");
    assert_no_secret(&shown, &secret);
    let (_, events) = server.get(&format!("/api/v1/triggers/{id}/events")).await;
    assert_no_secret(&events, &secret);

    // 4. A restart on the same data directory subscribes nothing again and still verifies.
    drop(server);
    let restarted = TestServer::start_in(config).await;
    assert_eq!(
        provider.mock.received_requests().await.unwrap().len(),
        received,
        "a restart calls the provider for nothing"
    );
    let url = public.replace(&restarted.state.public_url, &restarted.base);
    let (status, answer) = deliver(&restarted, &url, &signed(&provider, 2, &secret, SystemTime::now())).await;
    assert_eq!((status, &answer["stored"]), (200, &json!(1)), "{answer}");
    assert_eq!(events_total(&restarted, &id).await, 2);
    assert_eq!(requests_to(&provider.mock, verb, subscribe_path).await.len(), 1, "no second webhook");

    // 5. Removing the registration removes the webhook at the provider; the URL is dead.
    let (status, removed) =
        restarted.send(reqwest::Method::DELETE, &format!("/api/v1/triggers/{id}"), &Value::Null).await;
    assert_eq!(status, 204, "{removed}");
    let (verb, unsubscribe_path) = &provider.unsubscribe;
    assert_eq!(requests_to(&provider.mock, verb, unsubscribe_path).await.len(), 1, "the webhook was removed");
    let (status, gone) = deliver(&restarted, &url, &signed(&provider, 3, &secret, SystemTime::now())).await;
    assert_eq!(status, 404, "{gone}");
    assert_no_secret(&gone, &secret);
    assert_eq!(restarted.get(&format!("/api/v1/triggers/{id}")).await.0, 404);
}

// ---------------------------------------------------------------------------------------------
// Telegram: `setWebhook` with a generated `secret_token`, `X-Telegram-Bot-Api-Secret-Token`.
// ---------------------------------------------------------------------------------------------

const BOT_TOKEN: &str = "123456:ABC-test-only";

/// One bot's webhook at the Bot API: `setWebhook` points it at a URL, `getWebhookInfo` tells
/// where it points, `deleteWebhook` removes it.
#[derive(Default)]
struct Bot(Mutex<String>);

impl Respond for Bot {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut url = self.0.lock().unwrap();
        let result = match request.url.path().rsplit('/').next() {
            Some("setWebhook") => {
                *url = sent(request)["url"].as_str().unwrap_or_default().to_owned();
                json!(true)
            }
            Some("getWebhookInfo") => json!({"url": *url, "has_custom_certificate": false, "pending_update_count": 0}),
            Some("deleteWebhook") => {
                url.clear();
                json!(true)
            }
            _ => return ResponseTemplate::new(404),
        };
        ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": result}))
    }
}

async fn telegram() -> Provider {
    let mock = MockServer::start().await;
    Mock::given(method("POST")).and(path_regex(r"^/bot[^/]+/\w+$")).respond_with(Bot::default()).mount(&mock).await;
    let bot = |call: &str| format!("/bot{BOT_TOKEN}/{call}");
    Provider {
        mock,
        connector: "telegram",
        credentials: json!({"botToken": BOT_TOKEN}),
        base_path: "/bot{botToken}",
        trigger: "new_message",
        config: json!({}),
        scheme: SignatureScheme::Telegram,
        subscribe: ("POST", bot("setWebhook"), "/url"),
        secret: Secret::Sent("/secret_token"),
        unsubscribe: ("POST", bot("deleteWebhook")),
        tamper: None,
        timestamped: false,
        delivery: Box::new(|n| {
            let body = format!(
                "{{ \"update_id\" : {} ,\n  \"message\": {{\"message_id\":{n}, \"date\" :1700000000, \"text\": \"hello {n}\",\n\
                 \t\"chat\": {{ \"id\": 42, \"type\": \"private\" }}, \"from\": {{\"id\": 7, \"is_bot\": false, \"first_name\": \"Ada\"}} }} }}\n",
                1000 + n
            );
            (body, vec![("content-type", "application/json".to_owned())])
        }),
    }
}

#[tokio::test]
async fn telegram_sets_the_webhook_with_a_generated_secret_token_checks_it_and_deletes_the_webhook() {
    subscribes_verifies_survives_a_restart_and_unsubscribes(telegram().await).await;
}

// ---------------------------------------------------------------------------------------------
// GitHub: a repository hook with a generated secret, `X-Hub-Signature-256`.
// ---------------------------------------------------------------------------------------------

async fn github() -> Provider {
    let mock = MockServer::start().await;
    let hooks = "/repos/octocat/hello/hooks";
    let elsewhere = json!([{"id": 1, "name": "web", "active": true, "events": ["push"],
                            "config": {"url": "https://elsewhere.example/hook", "content_type": "json"}}]);
    Mock::given(method("GET"))
        .and(path(hooks))
        .respond_with(ResponseTemplate::new(200).set_body_json(elsewhere))
        .mount(&mock)
        .await;
    let created =
        json!({"id": 12345678, "name": "web", "active": true, "events": ["push"], "config": {"content_type": "json"}});
    Mock::given(method("POST"))
        .and(path(hooks))
        .respond_with(ResponseTemplate::new(201).set_body_json(created))
        .mount(&mock)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{hooks}/12345678")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&mock)
        .await;
    Provider {
        mock,
        connector: "github",
        credentials: json!({"authType": "accessToken", "accessToken": "ghp_test_only"}),
        base_path: "",
        trigger: "on_push",
        config: json!({"owner": "octocat", "repository": "hello"}),
        scheme: SignatureScheme::GitHub,
        subscribe: ("POST", hooks.to_owned(), "/config/url"),
        secret: Secret::Sent("/config/secret"),
        unsubscribe: ("DELETE", format!("{hooks}/12345678")),
        tamper: Some(("refs/heads/main", "refs/heads/evil")),
        timestamped: false,
        delivery: Box::new(|n| {
            let body = format!(
                "{{\"ref\" :  \"refs/heads/main\" , \"before\": \"000\", \"after\":\"abc{n}\",\n  \"commits\" : [ ],\n\
                 \t\"repository\": {{\"id\": 5, \"name\": \"Hello\", \"full_name\" : \"Octocat/Hello\", \"private\": false,\n\
                 \"html_url\": \"https://github.com/Octocat/Hello\", \"owner\": {{\"login\": \"Octocat\", \"id\": 1}} }},\n\
                 \"pusher\": {{\"name\": \"ada\"}}, \"sender\": {{ \"login\": \"ada\", \"id\": 2 }} }}"
            );
            let headers = vec![
                ("x-github-event", "push".to_owned()),
                ("x-github-delivery", format!("72d3162e-cc78-11e3-81ab-00000000000{n}")),
                ("content-type", "application/json".to_owned()),
            ];
            (body, headers)
        }),
    }
}

#[tokio::test]
async fn github_creates_a_repository_hook_with_a_generated_secret_checks_its_signature_and_deletes_the_hook() {
    subscribes_verifies_survives_a_restart_and_unsubscribes(github().await).await;
}

// ---------------------------------------------------------------------------------------------
// Stripe: `webhook_endpoints`, the `whsec_` secret Stripe answers, `t=…,v1=…` within ±5 min.
// ---------------------------------------------------------------------------------------------

const STRIPE_SECRET: &str = "whsec_test_only_endpoint_secret_0123456789";

async fn stripe() -> Provider {
    let mock = MockServer::start().await;
    let endpoint = json!({"id": "we_test_1", "object": "webhook_endpoint", "enabled_events": ["charge.succeeded"],
                          "livemode": false, "status": "enabled", "url": "set by the request", "secret": STRIPE_SECRET});
    Mock::given(method("POST"))
        .and(path("/v1/webhook_endpoints"))
        .respond_with(ResponseTemplate::new(200).set_body_json(endpoint))
        .mount(&mock)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/webhook_endpoints/we_test_1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "we_test_1", "object": "webhook_endpoint", "deleted": true})),
        )
        .mount(&mock)
        .await;
    Provider {
        mock,
        connector: "stripe",
        credentials: json!({"secretKey": "sk_test_only_4eC39HqLyjWDarjtT1zdp7dc"}),
        base_path: "",
        trigger: "charge_succeeded",
        config: json!({}),
        scheme: SignatureScheme::Stripe,
        subscribe: ("POST", "/v1/webhook_endpoints".to_owned(), "/url"),
        secret: Secret::Answered(STRIPE_SECRET),
        unsubscribe: ("DELETE", "/v1/webhook_endpoints/we_test_1".to_owned()),
        tamper: Some(("\"amount\" : 2000", "\"amount\" : 1")),
        timestamped: true,
        delivery: Box::new(|n| {
            let body = format!(
                "{{\n  \"id\": \"evt_{n}\",  \"object\" : \"event\", \"type\": \"charge.succeeded\", \"created\":1700000000,\n\
                 \t\"livemode\": false, \"data\" : {{ \"object\": {{\"id\": \"ch_{n}\", \"object\": \"charge\", \"amount\" : 2000,\n\
                 \"currency\": \"eur\", \"status\": \"succeeded\", \"paid\": true, \"customer\": \"cus_1\" }} }}\n}}\n"
            );
            (body, vec![("content-type", "application/json; charset=utf-8".to_owned())])
        }),
    }
}

#[tokio::test]
async fn stripe_creates_an_endpoint_keeps_the_secret_stripe_answers_checks_signature_and_age_and_deletes_it() {
    subscribes_verifies_survives_a_restart_and_unsubscribes(stripe().await).await;
}

// ---------------------------------------------------------------------------------------------
// Airtable: a webhook whose `macSecretBase64` Airtable answers, `X-Airtable-Content-MAC`; a
// ping makes the connector read the webhook's payloads.
// ---------------------------------------------------------------------------------------------

const AIRTABLE_MAC: &str = "dGVzdC1vbmx5LWFpcnRhYmxlLW1hYy1zZWNyZXQhISE=";
const TABLE: &str = "tblContacts000001";

/// The webhook's payload list: one record created in the watched table per change so far
/// (whatever the cursor: the same change read again is stored once). It notes the `cursor` each
/// read asked for.
struct Payloads(Arc<AtomicU32>, Arc<Mutex<Vec<Option<String>>>>);

impl Respond for Payloads {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let cursor = request.url.query_pairs().find(|(name, _)| name == "cursor").map(|(_, value)| value.into_owned());
        self.1.lock().unwrap().push(cursor);
        let changes = self.0.load(Ordering::SeqCst);
        let payloads: Vec<Value> = (1..=changes)
            .map(|k| {
                let created = json!({format!("rec{k}"): {"createdTime": "2024-05-01T10:00:00.000Z", "cellValuesByFieldId": {"fld1": "Ada"}}});
                json!({"timestamp": "2024-05-01T10:00:00.000Z", "baseTransactionNumber": k,
                       "changedTablesById": {TABLE: {"createdRecordsById": created}}})
            })
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({"payloads": payloads, "cursor": changes + 1, "mightHaveMore": false}))
    }
}

/// Airtable, and the cursors its payload list was read from.
async fn airtable() -> (Provider, Arc<Mutex<Vec<Option<String>>>>) {
    let mock = MockServer::start().await;
    let created =
        json!({"id": "achHook", "macSecretBase64": AIRTABLE_MAC, "expirationTime": "2100-01-01T00:00:00.000Z"});
    Mock::given(method("POST"))
        .and(path("/bases/appBase/webhooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(created))
        .mount(&mock)
        .await;
    let (changes, cursors) = (Arc::new(AtomicU32::new(0)), Arc::new(Mutex::new(Vec::new())));
    Mock::given(method("GET"))
        .and(path("/bases/appBase/webhooks/achHook/payloads"))
        .respond_with(Payloads(changes.clone(), cursors.clone()))
        .mount(&mock)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/bases/appBase/webhooks/achHook"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&mock)
        .await;
    let provider = Provider {
        mock,
        connector: "airtable",
        credentials: json!({"apiKey": "pat_test_only", "baseId": "appBase"}),
        base_path: "",
        trigger: "record_created",
        config: json!({"tableName": TABLE}),
        scheme: SignatureScheme::Airtable,
        subscribe: ("POST", "/bases/appBase/webhooks".to_owned(), "/notificationUrl"),
        secret: Secret::Answered(AIRTABLE_MAC),
        unsubscribe: ("DELETE", "/bases/appBase/webhooks/achHook".to_owned()),
        tamper: Some(("achHook", "achEvil")),
        timestamped: false,
        // Change `n` happens at Airtable, which then pings.
        delivery: Box::new(move |n| {
            changes.store(n, Ordering::SeqCst);
            let body = format!(
                "{{ \"base\" : {{\"id\": \"appBase\"}},\n\t\"webhook\": {{ \"id\" : \"achHook\" }} , \"timestamp\": \"2024-05-01T10:00:0{n}.000Z\" }}\n"
            );
            (body, vec![("content-type", "application/json".to_owned())])
        }),
    };
    (provider, cursors)
}

#[tokio::test]
async fn airtable_creates_a_webhook_keeps_its_mac_secret_reads_payloads_on_a_ping_and_deletes_it() {
    let (provider, cursors) = airtable().await;
    subscribes_verifies_survives_a_restart_and_unsubscribes(provider).await;
    // Each ping reads from the cursor the one before left (Airtable answered 2, then 2, then 3),
    // kept by the server across its restart; only the first reads every retained payload.
    let read_from = cursors.lock().unwrap().clone();
    assert_eq!(read_from, [None, Some("2".to_owned()), Some("2".to_owned())]);
}
