//! The three connectors whose webhook is set in the provider's app settings (no subscribe call):
//! Slack's Events API (`v0` HMAC with the signing secret), Discord's Interactions endpoint
//! (Ed25519 with the application's public key) and Twilio's messaging webhook (HMAC-SHA1 over
//! the public URL and the sorted form parameters, keyed by the auth token), end to end through
//! the real routes and the real connector registry. A delivery signed as the provider signs it,
//! over bytes no serializer would write, is stored once and redelivered without a second event;
//! a tampered, wrongly signed or stale one is refused with 401 and stores nothing; the provider's
//! URL check (Slack's challenge, Discord's PING) is answered by the connector and stores nothing;
//! Twilio is answered with TwiML. No answer ever shows the secret.

mod common;

use common::{TestDir, TestServer};
use fluxturn_core::webhook::verify;
use fluxturn_core::{SignatureScheme, WebhookRequest};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};
use wiremock::MockServer;

/// One provider as the flow exercises it.
struct Provider {
    connector: &'static str,
    credentials: Value,
    trigger: &'static str,
    config: Value,
    scheme: SignatureScheme,
    content_type: &'static str,
    /// What the provider signs with: the signing secret, the auth token, or (Discord) the
    /// application's private key seed, whose public key is in the credentials.
    key: &'static str,
    /// Another key of the same kind.
    wrong_key: &'static str,
    /// The secret the connection keeps, which no answer may show.
    secret: String,
    /// A delivery as the provider sends it, spaced or encoded as no serializer would.
    body: &'static str,
    /// A change to the body that its signature must catch.
    tamper: (&'static str, &'static str),
    /// Whether the scheme signs a timestamp accepted only within ±5 minutes.
    timestamped: bool,
    /// The id the event is kept under, and the event the connector emits.
    event_id: &'static str,
    event: Value,
}

/// A provider's trigger registered on a running server.
struct Registered {
    server: TestServer,
    id: String,
    /// The webhook URL as given to the provider (what Twilio signs).
    public: String,
    /// The same URL on this test server.
    local: String,
    /// What no answer may contain.
    secrets: [String; 2],
    _provider_api: MockServer,
    _dir: TestDir,
}

/// What a delivery was answered.
struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

impl Provider {
    /// `body` signed with `key` at `at` as the provider would sign a call to `url`.
    fn signed(&self, url: &str, body: &str, key: &str, at: SystemTime) -> WebhookRequest {
        let mut request = WebhookRequest::post(body.to_owned(), [("content-type", self.content_type)]);
        request.url = url.to_owned();
        verify::sign(self.scheme, &mut request, key, at).unwrap();
        request
    }

    /// The usual delivery: [`Provider::body`] signed now with the right key over the public URL.
    fn delivery(&self, to: &Registered) -> WebhookRequest {
        self.signed(&to.public, self.body, self.key, SystemTime::now())
    }
}

/// Starts a server, connects the provider (its API a mock nothing needs to call) and registers
/// its trigger.
async fn register(p: &Provider) -> Registered {
    let dir = common::tempdir();
    let server = TestServer::start_in(common::config(dir.path().join("data"))).await;
    let provider_api = MockServer::start().await;
    let connection = server.connect(p.connector, p.credentials.clone(), &provider_api.uri()).await;
    let body = json!({"connector_id": connection, "trigger": p.trigger, "config": p.config});
    let (status, registration) = server.post("/api/v1/triggers", &body).await;
    assert_eq!(status, 201, "{registration}");
    let scheme = SignatureScheme::ALL.iter().find(|(_, s)| *s == p.scheme).unwrap().0;
    assert_eq!((registration["kind"].as_str(), registration["verification"].as_str()), (Some("webhook"), Some(scheme)));
    assert!(!registration.to_string().contains(&p.secret), "the secret is never shown: {registration}");
    let public = registration["webhook_url"].as_str().unwrap().to_owned();
    let prefix = format!("{}/api/v1/webhooks/{}/", server.state.public_url, p.connector);
    assert!(public.starts_with(&prefix), "{public}");
    let local = public.replace(&server.state.public_url, &server.base);
    Registered {
        id: registration["id"].as_str().unwrap().to_owned(),
        public,
        local,
        secrets: [p.secret.clone(), p.key.to_owned()],
        server,
        _provider_api: provider_api,
        _dir: dir,
    }
}

/// POSTs `request` to the registration's webhook URL on the test server, as the provider would
/// (no API token: the signature authenticates it).
async fn deliver(to: &Registered, request: &WebhookRequest) -> Answer {
    let mut post = to.server.client.post(&to.local).body(request.body.clone());
    for (name, value) in &request.headers {
        post = post.header(name, value);
    }
    let response = post.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").map_or("", |v| v.to_str().unwrap()).to_owned();
    let body = response.text().await.unwrap();
    for secret in &to.secrets {
        assert!(!body.contains(secret.as_str()), "an answer shows the secret: {body}");
    }
    Answer { status, content_type, body }
}

/// The registration's events, as listed.
async fn events(to: &Registered) -> Value {
    let (status, listed) = to.server.get(&format!("/api/v1/triggers/{}/events", to.id)).await;
    assert_eq!(status, 200, "{listed}");
    listed
}

async fn events_total(to: &Registered) -> u64 {
    events(to).await["total"].as_u64().unwrap()
}

/// Registers `p`'s trigger; delivers its signed delivery (stored once, as the connector emits
/// it), redelivers it (nothing new), then a tampered, a wrongly signed and (for a timestamped
/// scheme) a stale one (each 401, nothing stored). Answers the registration and the first answer.
async fn stored_once_and_forgeries_refused(p: &Provider) -> (Registered, Answer) {
    let to = register(p).await;
    let first = deliver(&to, &p.delivery(&to)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let listed = events(&to).await;
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(listed["events"][0]["event_id"], p.event_id, "{listed}");
    assert_eq!(listed["events"][0]["data"], p.event, "{listed}");

    // The provider redelivers (a retry after a slow answer): the same answer, no second event.
    let again = deliver(&to, &p.delivery(&to)).await;
    assert_eq!(again.status, 200, "{}", again.body);
    if first.json().get("received").is_some() {
        assert_eq!(first.json(), json!({"received": true, "stored": 1, "duplicates": 0}));
        assert_eq!(again.json(), json!({"received": true, "stored": 0, "duplicates": 1}));
    } else {
        assert_eq!((&again.content_type, &again.body), (&first.content_type, &first.body), "the connector's answer");
    }
    assert_eq!(events_total(&to).await, 1, "a redelivery stores nothing");

    let mut tampered = p.delivery(&to);
    let body = p.body.replace(p.tamper.0, p.tamper.1);
    assert_ne!(body, p.body, "the tamper changes the body");
    tampered.body = body.into();
    let mut forged =
        vec![("tampered", tampered), ("wrong secret", p.signed(&to.public, p.body, p.wrong_key, SystemTime::now()))];
    if p.timestamped {
        let ten_minutes_ago = SystemTime::now() - Duration::from_secs(600);
        forged.push(("stale", p.signed(&to.public, p.body, p.key, ten_minutes_ago)));
    }
    for (why, request) in forged {
        refused(&to, &request, why).await;
    }
    assert_eq!(events_total(&to).await, 1, "nothing refused is stored");
    (to, first)
}

/// Delivers `request` and checks it is refused as unverified.
async fn refused(to: &Registered, request: &WebhookRequest, why: &str) {
    let answer = deliver(to, request).await;
    assert_eq!(answer.status, 401, "{why}: {}", answer.body);
    assert_eq!(answer.json()["error"]["code"], "webhook_unverified", "{why}: {}", answer.body);
}

#[tokio::test]
async fn slack_events_are_verified_with_the_signing_secret_stored_once_and_the_url_check_answered() {
    const SIGNING_SECRET: &str = "test-only-slack-signing-secret";
    let message = json!({"type": "message", "channel": "C1", "user": "U1", "text": "hello  there",
                         "ts": "1712.0001", "channel_type": "channel"});
    let slack = Provider {
        connector: "slack",
        credentials: json!({"authMode": "token", "botToken": "xoxb-test-token", "signingSecret": SIGNING_SECRET}),
        trigger: "message",
        config: json!({"channelId": "C1"}),
        scheme: SignatureScheme::SlackV0,
        content_type: "application/json",
        key: SIGNING_SECRET,
        wrong_key: "test-only-another-secret",
        secret: SIGNING_SECRET.to_owned(),
        body: "{ \"token\" : \"t0k\",\n\t\"team_id\":\"T1\" ,  \"api_app_id\": \"A1\",\n  \"event\" : { \"type\": \
               \"message\", \"channel\" :\"C1\", \"user\": \"U1\", \"text\" : \"hello  there\", \"ts\": \
               \"1712.0001\" ,\"channel_type\":\"channel\"},\n \"type\" :  \"event_callback\", \"event_id\":\"Ev1\" \
               , \"event_time\" : 1712 }\n",
        tamper: ("hello  there", "hello there"),
        timestamped: true,
        event_id: "Ev1",
        event: json!({"slackEvent": message, "teamId": "T1", "eventId": "Ev1", "eventTime": 1712}),
    };
    let (to, first) = stored_once_and_forgeries_refused(&slack).await;
    assert!(first.content_type.starts_with("application/json"), "{}", first.content_type);

    // Slack checks the Request URL with a signed `url_verification`: the challenge comes back
    // as it was sent, and nothing is stored.
    let challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
    let check = format!("{{\"token\" : \"t0k\",  \"challenge\":\"{challenge}\" ,\n\"type\": \"url_verification\"}}");
    let answer = deliver(&to, &slack.signed(&to.public, &check, SIGNING_SECRET, SystemTime::now())).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, challenge));
    assert!(answer.content_type.starts_with("text/plain"), "{}", answer.content_type);
    // Unsigned, the same check is refused before the connector sees it.
    refused(&to, &WebhookRequest::post(check, [("content-type", "application/json")]), "unsigned check").await;
    assert_eq!(events_total(&to).await, 1, "the URL check is no event");
}

#[tokio::test]
async fn discord_interactions_are_verified_with_the_public_key_stored_once_and_the_ping_answered() {
    // Test-only Ed25519 keys: RFC 8032 section 7.1, TEST 2 and TEST 1.
    const SIGNING_SEED: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    const OTHER_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    let public_key = verify::discord_public_key(SIGNING_SEED).unwrap();
    let data = json!({"id": "cmd1", "name": "order", "type": 1,
                      "options": [{"name": "size", "type": 3, "value": "large"}]});
    let discord = Provider {
        connector: "discord",
        credentials: json!({"authType": "bot", "botToken": "bt_test", "publicKey": public_key}),
        trigger: "interaction_received",
        config: json!({"interactionType": "command"}),
        scheme: SignatureScheme::DiscordEd25519,
        content_type: "application/json",
        key: SIGNING_SEED,
        wrong_key: OTHER_SEED,
        secret: public_key.clone(),
        body: "{\"id\" : \"1130000000000000001\",\n\t\"application_id\":\"app1\", \"type\" : 2 , \"token\": \
               \"itoken\", \"version\":1,\n  \"guild_id\": \"g1\" ,\"channel_id\" :\"c1\",\n  \"member\": {\"user\" \
               : {\"id\":\"u1\",  \"username\": \"ada\", \"global_name\":\"Ada\"}, \"roles\" : [ ], \"nick\":null},\n  \
               \"data\":{ \"id\": \"cmd1\", \"name\" :\"order\", \"type\":1, \"options\": [ {\"name\":\"size\", \
               \"type\": 3, \"value\" : \"large\"} ] } }\n",
        tamper: ("large", "LARGE"),
        timestamped: false,
        event_id: "1130000000000000001",
        event: json!({
            "id": "1130000000000000001", "application_id": "app1", "type": 2, "token": "itoken",
            "guild_id": "g1", "channel_id": "c1",
            "user": {"id": "u1", "username": "ada", "global_name": "Ada", "bot": false},
            "command_name": "order", "custom_id": null, "data": data
        }),
    };
    let (to, first) = stored_once_and_forgeries_refused(&discord).await;
    // Discord must be answered within 3 s: the command is deferred ("thinking...").
    assert_eq!(first.json(), json!({"type": 5}), "{}", first.body);
    assert!(first.content_type.starts_with("application/json"), "{}", first.content_type);

    // Discord checks the Interactions Endpoint URL with a signed PING: answered with a PONG.
    let ping = discord.signed(&to.public, "{ \"type\" : 1 }", SIGNING_SEED, SystemTime::now());
    let pong = deliver(&to, &ping).await;
    assert_eq!((pong.status, pong.json()), (200, json!({"type": 1})), "{}", pong.body);
    // A PING signed with another key is refused: Discord checks that an endpoint does this.
    refused(&to, &discord.signed(&to.public, "{\"type\":1}", OTHER_SEED, SystemTime::now()), "forged ping").await;
    assert_eq!(events_total(&to).await, 1, "a PING is no event");
}

#[tokio::test]
async fn twilio_sms_is_verified_over_the_public_url_stored_once_and_answered_with_twiml() {
    const AUTH_TOKEN: &str = "test_only_twilio_auth_token";
    let twilio = Provider {
        connector: "twilio",
        credentials: json!({"accountSid": "AC0123456789abcdef0123456789abcdef", "authToken": AUTH_TOKEN}),
        trigger: "sms_received",
        config: json!({}),
        scheme: SignatureScheme::Twilio,
        content_type: "application/x-www-form-urlencoded",
        key: AUTH_TOKEN,
        wrong_key: "test_only_another_auth_token",
        secret: AUTH_TOKEN.to_owned(),
        // Parameters out of order, `+` and `%20` both for spaces, a lower-case escape.
        body: "ToCountry=US&MessageSid=SM9&AccountSid=AC1&From=%2b15558675310&To=%2B15557122661\
               &Body=Hello+%26%20welcome%21&NumMedia=0&SmsStatus=received",
        tamper: ("Hello", "Jello"),
        timestamped: false,
        event_id: "SM9",
        event: json!({"messageSid": "SM9", "accountSid": "AC1", "from": "+15558675310", "to": "+15557122661",
                      "body": "Hello & welcome!", "mediaUrls": [], "profileName": null}),
    };
    let (to, first) = stored_once_and_forgeries_refused(&twilio).await;
    // Twilio reads the answer to a message webhook as TwiML: one that asks for nothing more.
    assert!(first.content_type.contains("xml"), "{}", first.content_type);
    assert!(first.body.contains("<Response>"), "{}", first.body);

    // The signature covers the URL Twilio called, the public one: the server rebuilds it from
    // its public URL, so the same form signed over the address it was reached at is refused.
    assert_ne!(to.public, to.local);
    refused(&to, &twilio.signed(&to.local, twilio.body, AUTH_TOKEN, SystemTime::now()), "another URL").await;
    // Twilio signs the decoded parameters: the same form, reordered and encoded otherwise, keeps
    // its signature (and is the same message, so nothing new).
    let mut reencoded = twilio.delivery(&to);
    reencoded.body = "MessageSid=SM9&AccountSid=AC1&Body=Hello%20%26+welcome!&From=%2B15558675310&NumMedia=0\
                      &SmsStatus=received&To=%2b15557122661&ToCountry=US"
        .into();
    let answer = deliver(&to, &reencoded).await;
    assert_eq!((answer.status, answer.body), (200, first.body));
    assert_eq!(events_total(&to).await, 1);
}
