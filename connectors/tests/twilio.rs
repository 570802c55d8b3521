//! Twilio against a local mock of its API, through the test kit. The base URL carries the
//! Account SID, so every mock path checks it too.

use connectors::communication::twilio::Twilio;
use fluxturn_core::testing::wiremock::MockBuilder;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    Connector, ErrorCode, EventId, Result, SecretSource, SignatureScheme, WebhookReply, WebhookRequest,
};
use serde_json::{json, Value};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "twilio_auth_token";

fn creds() -> Value {
    json!({"accountSid": SID, "authToken": TOKEN})
}

fn connect(server: &MockServer) -> Twilio {
    testing::connect_at::<Twilio>(&format!("{}/2010-04-01/Accounts/{{accountSid}}", server.uri()), creds())
}

/// A mock of `method path` (`path` from the host, `{sid}` for the Account SID) that only answers
/// requests signed with the SID and token as basic auth.
fn twilio(method: &str, path: &str) -> MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.replace("{sid}", SID)))
        .and(matchers::basic_auth(SID, TOKEN))
}

/// Same, for a form-encoded body.
fn twilio_form(method: &str, path: &str) -> MockBuilder {
    twilio(method, path).and(matchers::header("content-type", "application/x-www-form-urlencoded"))
}

/// Mounts `mock` answering `answer` once, runs `action` with `input`.
async fn run(mock: MockBuilder, answer: Value, action: &str, input: Value) -> (MockServer, Result<Value>) {
    let server = MockServer::start().await;
    mock.respond_with(ResponseTemplate::new(201).set_body_json(answer)).expect(1).mount(&server).await;
    let output = connect(&server).execute(action, input).await;
    (server, output)
}

/// The `name=value` pairs of the one form body the server received, sorted, still encoded.
async fn sent_form(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let body = String::from_utf8(requests[0].body.clone()).unwrap();
    let mut pairs: Vec<String> = body.split('&').map(str::to_owned).collect();
    pairs.sort();
    pairs
}

fn message(from: &str, to: &str) -> Value {
    json!({"sid": "SM1", "account_sid": SID, "from": from, "to": to, "body": "Hi there", "status": "queued",
           "direction": "outbound-api", "num_media": "0", "num_segments": "1", "price": null, "error_code": null,
           "date_created": "Thu, 30 Jul 2015 20:12:31 +0000", "uri": "/2010-04-01/Accounts/AC.../Messages/SM1.json"})
}

#[tokio::test]
async fn send_sms_posts_pascal_case_form_parameters() {
    let (server, output) = run(
        twilio_form("POST", "/2010-04-01/Accounts/{sid}/Messages.json"),
        message("+15557122661", "+15558675310"),
        "send_sms",
        json!({"from": "+15557122661", "to": "+15558675310", "body": "Hi there",
               "mediaUrl": "https://example.com/cat.jpg", "statusCallback": "https://hooks.example.com/s"}),
    )
    .await;
    assert_eq!(
        sent_form(&server).await,
        [
            "Body=Hi+there",
            "From=%2B15557122661",
            "MediaUrl=https%3A%2F%2Fexample.com%2Fcat.jpg",
            "StatusCallback=https%3A%2F%2Fhooks.example.com%2Fs",
            "To=%2B15558675310",
        ]
    );
    let output = output.unwrap();
    assert_eq!(output["sid"], "SM1");
    assert_eq!(output["status"], "queued");
}

#[tokio::test]
async fn send_whatsapp_adds_the_channel_prefix_once() {
    let (server, output) = run(
        twilio_form("POST", "/2010-04-01/Accounts/{sid}/Messages.json"),
        message("whatsapp:+14155238886", "whatsapp:+15558675310"),
        "send_whatsapp",
        json!({"from": "whatsapp:+14155238886", "to": "+15558675310", "body": "Hi there"}),
    )
    .await;
    assert_eq!(
        sent_form(&server).await,
        ["Body=Hi+there", "From=whatsapp%3A%2B14155238886", "To=whatsapp%3A%2B15558675310"]
    );
    assert_eq!(output.unwrap()["to"], "whatsapp:+15558675310");
}

fn call() -> Value {
    json!({"sid": "CA1", "account_sid": SID, "from": "+15557122661", "to": "+15558675310", "status": "queued",
           "direction": "outbound-api", "duration": null})
}

#[tokio::test]
async fn make_call_wraps_text_in_escaped_say_twiml() {
    let (server, output) = run(
        twilio_form("POST", "/2010-04-01/Accounts/{sid}/Calls.json"),
        call(),
        "make_call",
        json!({"from": "+15557122661", "to": "+15558675310", "message": "Tom & Jerry <3"}),
    )
    .await;
    assert_eq!(
        sent_form(&server).await,
        [
            "From=%2B15557122661",
            "To=%2B15558675310",
            "Twiml=%3CResponse%3E%3CSay%3ETom+%26amp%3B+Jerry+%26lt%3B3%3C%2FSay%3E%3C%2FResponse%3E",
        ]
    );
    let output = output.unwrap();
    assert_eq!(output["sid"], "CA1");
    assert_eq!(output["status"], "queued");
}

#[tokio::test]
async fn make_call_sends_twiml_as_given() {
    let (server, output) = run(
        twilio_form("POST", "/2010-04-01/Accounts/{sid}/Calls.json"),
        call(),
        "make_call",
        json!({"from": "+15557122661", "to": "+15558675310", "message": "<Response><Play>https://x.co/a.mp3</Play></Response>",
               "useTwiml": true, "statusCallback": "https://hooks.example.com/c"}),
    )
    .await;
    let form = sent_form(&server).await;
    assert!(
        form.contains(
            &"Twiml=%3CResponse%3E%3CPlay%3Ehttps%3A%2F%2Fx.co%2Fa.mp3%3C%2FPlay%3E%3C%2FResponse%3E".to_owned()
        ),
        "{form:?}"
    );
    assert!(form.contains(&"StatusCallback=https%3A%2F%2Fhooks.example.com%2Fc".to_owned()), "{form:?}");
    assert_eq!(output.unwrap()["sid"], "CA1");
}

#[tokio::test]
async fn lookup_phone_calls_the_lookup_api_with_the_fields() {
    let mock =
        twilio("GET", "/v2/PhoneNumbers/+15108675310").and(matchers::query_param("Fields", "line_type_intelligence"));
    let answer = json!({"phone_number": "+15108675310", "national_format": "(510) 867-5310", "country_code": "US",
                        "calling_country_code": "1", "valid": true, "validation_errors": [], "caller_name": null,
                        "line_type_intelligence": {"type": "mobile", "carrier_name": "T-Mobile USA, Inc.", "error_code": null}});
    let (_server, output) =
        run(mock, answer, "lookup_phone", json!({"phoneNumber": "+15108675310", "fields": "line_type_intelligence"}))
            .await;
    let output = output.unwrap();
    assert_eq!(output["valid"], true);
    assert_eq!(output["line_type_intelligence"]["type"], "mobile");
}

#[tokio::test]
async fn lookup_phone_without_fields_sends_no_query() {
    let mock = twilio("GET", "/v2/PhoneNumbers/+15108675310").and(matchers::query_param_is_missing("Fields"));
    let (_server, output) = run(
        mock,
        json!({"phone_number": "+15108675310", "valid": true}),
        "lookup_phone",
        json!({"phoneNumber": "+15108675310"}),
    )
    .await;
    assert_eq!(output.unwrap()["phone_number"], "+15108675310");
}

#[tokio::test]
async fn test_connection_fetches_the_account() {
    let server = MockServer::start().await;
    twilio("GET", "/2010-04-01/Accounts/{sid}.json")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sid": SID, "status": "active"})))
        .expect(1)
        .mount(&server)
        .await;
    connect(&server).test_connection().await.unwrap();
}

#[tokio::test]
async fn twilio_errors_keep_their_message_and_class() {
    let server = MockServer::start().await;
    Mock::given(matchers::path(format!("/2010-04-01/Accounts/{SID}/Messages.json")))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"code": 21211, "message": "The 'To' number 123 is not a valid phone number.", "status": 400}),
        ))
        .mount(&server)
        .await;
    Mock::given(matchers::path(format!("/2010-04-01/Accounts/{SID}.json")))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"code": 20003, "message": "Authenticate", "status": 401})),
        )
        .mount(&server)
        .await;
    let twilio = connect(&server);
    let invalid =
        twilio.execute("send_sms", json!({"from": "+15557122661", "to": "123", "body": "x"})).await.unwrap_err();
    assert_eq!(invalid.code, ErrorCode::InvalidInput);
    assert_eq!(invalid.message, "the upstream answered 400: The 'To' number 123 is not a valid phone number.");
    let unauthorized = twilio.test_connection().await.unwrap_err();
    assert_eq!(unauthorized.code, ErrorCode::Unauthorized);
    assert!(!format!("{unauthorized:?}").contains(TOKEN));
}

#[tokio::test]
async fn connecting_without_the_auth_token_names_it() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<Twilio>(&server, json!({"accountSid": SID})) else {
        panic!("must fail without authToken")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`authToken`"), "{error}");
}

// -------------------------------------------------------------------------------------------
// Webhook triggers: deliveries signed with the Auth Token, run as the server does.
// -------------------------------------------------------------------------------------------

/// A webhook form post, signed with the Auth Token as Twilio signs it (over the URL and the
/// decoded parameters sorted by name: the order and encoding of the body do not matter).
fn form(body: &str) -> WebhookRequest {
    form_with(body, [])
}

/// [`form`] with more headers.
fn form_with<'a>(body: &str, headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> WebhookRequest {
    let content_type = [("Content-Type", "application/x-www-form-urlencoded")];
    testing::signed(SignatureScheme::Twilio, body.to_owned(), content_type.into_iter().chain(headers), TOKEN)
}

/// Delivers `request` to `trigger` as the server does, with the connection's credentials.
async fn deliver(
    twilio: &Twilio,
    trigger: &str,
    config: Value,
    request: WebhookRequest,
) -> std::result::Result<WebhookReply<Value>, Rejection> {
    testing::deliver(twilio, trigger, config, creds(), None, request).await
}

/// The events of a delivery that must be accepted.
async fn events(twilio: &Twilio, trigger: &str, config: Value, request: WebhookRequest) -> Vec<Value> {
    deliver(twilio, trigger, config, request).await.expect("the delivery is accepted").events
}

// Parameters out of order, `+` and `%20` both for spaces, lower-case escapes: a re-encoding
// would change the bytes, Twilio's signature still covers the same parameters.
const INCOMING_SMS: &str = "ToCountry=US&MessageSid=SM9&AccountSid=AC1&From=%2b15558675310&To=%2B15557122661\
&Body=Hello+%26%20welcome%21&NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm.jpg&SmsStatus=received";

const INCOMING_WHATSAPP: &str = "MessageSid=SM8&AccountSid=AC1&From=whatsapp%3A%2B15558675310\
&To=whatsapp%3A%2B14155238886&Body=Hola&NumMedia=0&ProfileName=Ana";

const INCOMING_CALL: &str =
    "CallSid=CA9&AccountSid=AC1&From=%2B15558675310&To=%2B15557122661&CallStatus=ringing&Direction=inbound";

const FAILED: &str =
    "MessageSid=SM1&MessageStatus=failed&ErrorCode=30008&AccountSid=AC1&From=%2B15557122661&To=%2B15558675310";

#[test]
fn every_trigger_verifies_twilio_with_the_auth_token() {
    let triggers = connectors::registry().get("twilio").expect("registered").triggers();
    let declared: Vec<(&str, Option<EventId>)> = triggers.iter().map(|t| (t.id, t.event_id)).collect();
    assert_eq!(
        declared,
        [
            ("sms_received", Some(EventId::Form("MessageSid"))),
            ("call_received", Some(EventId::Form("CallSid"))),
            ("whatsapp_received", Some(EventId::Form("MessageSid"))),
            ("message_status_updated", Some(EventId::Header("I-Twilio-Idempotency-Token"))),
        ]
    );
    for trigger in triggers {
        assert_eq!(trigger.verify, Some(SignatureScheme::Twilio), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Credential("authToken")), "{}", trigger.id);
    }
}

#[tokio::test]
async fn sms_received_decodes_the_form_and_filters_by_number() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let found = events(&twilio, "sms_received", json!({}), form(INCOMING_SMS)).await;
    assert_eq!(
        found,
        [json!({"messageSid": "SM9", "accountSid": "AC1", "from": "+15558675310", "to": "+15557122661",
                "body": "Hello & welcome!", "mediaUrls": ["https://api.twilio.com/m.jpg"], "profileName": null})]
    );
    let mine = json!({"phoneNumber": "+1 (555) 712-2661"});
    assert_eq!(events(&twilio, "sms_received", mine, form(INCOMING_SMS)).await.len(), 1);
    let other = json!({"phoneNumber": "+15550000000"});
    assert!(events(&twilio, "sms_received", other, form(INCOMING_SMS)).await.is_empty());
    assert!(events(&twilio, "sms_received", json!({}), form(INCOMING_WHATSAPP)).await.is_empty());
}

#[tokio::test]
async fn every_trigger_answers_empty_twiml_with_or_without_an_event() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let other = json!({"phoneNumber": "+15550000000"});
    let deliveries = [
        ("sms_received", json!({}), INCOMING_SMS, 1),
        ("sms_received", other, INCOMING_SMS, 0),
        ("whatsapp_received", json!({}), INCOMING_WHATSAPP, 1),
        ("call_received", json!({}), INCOMING_CALL, 1),
        ("message_status_updated", json!({}), FAILED, 1),
        ("message_status_updated", json!({"statusFilter": "delivered"}), FAILED, 0),
    ];
    for (trigger, config, body, count) in deliveries {
        let reply = deliver(&twilio, trigger, config, form(body)).await.expect("the delivery is accepted");
        assert_eq!(reply.events.len(), count, "{trigger}");
        let response = reply.response.expect("TwiML");
        assert_eq!(response.status, 200, "{trigger}");
        assert_eq!(response.header("content-type"), Some("application/xml"), "{trigger}");
        assert_eq!(&response.body[..], br#"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#, "{trigger}");
    }
}

#[tokio::test]
async fn whatsapp_received_takes_only_whatsapp_messages() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let config = json!({"phoneNumber": "+14155238886"});
    let found = events(&twilio, "whatsapp_received", config, form(INCOMING_WHATSAPP)).await;
    assert_eq!(found[0]["from"], "whatsapp:+15558675310");
    assert_eq!(found[0]["profileName"], "Ana");
    assert!(events(&twilio, "whatsapp_received", json!({}), form(INCOMING_SMS)).await.is_empty());
}

#[tokio::test]
async fn call_received_reads_the_voice_webhook() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let found = events(&twilio, "call_received", json!({}), form(INCOMING_CALL)).await;
    assert_eq!(found[0]["callSid"], "CA9");
    assert_eq!(found[0]["callStatus"], "ringing");
    assert!(events(&twilio, "call_received", json!({}), form(INCOMING_SMS)).await.is_empty());
}

#[tokio::test]
async fn message_status_updated_filters_by_status() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let found = events(&twilio, "message_status_updated", json!({}), form(FAILED)).await;
    assert_eq!(found[0]["status"], "failed");
    assert_eq!(found[0]["errorCode"], "30008");
    let delivered_only = json!({"statusFilter": "delivered"});
    assert!(events(&twilio, "message_status_updated", delivered_only, form(FAILED)).await.is_empty());
    let failed_only = json!({"statusFilter": "failed"});
    assert_eq!(events(&twilio, "message_status_updated", failed_only, form(FAILED)).await.len(), 1);
    let bad = deliver(&twilio, "message_status_updated", json!({"statusFilter": "read"}), form(FAILED)).await;
    let Err(Rejection::Handler(error)) = bad else { panic!("`read` is no status filter: {bad:?}") };
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_tampered_body_a_wrong_token_or_another_url_is_refused() {
    let server = MockServer::start().await;
    let twilio = connect(&server);

    let mut tampered = form(INCOMING_SMS);
    tampered.body = INCOMING_SMS.replace("Hello", "Hallo").into();
    let refused = deliver(&twilio, "sms_received", json!({}), tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let content_type = [("Content-Type", "application/x-www-form-urlencoded")];
    let wrong = testing::signed(SignatureScheme::Twilio, INCOMING_SMS, content_type, "another_auth_token");
    let refused = deliver(&twilio, "sms_received", json!({}), wrong).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    // Twilio signs the URL it called: the same parameters posted to another trigger's URL fail.
    let mut elsewhere = form(INCOMING_SMS);
    elsewhere.url = elsewhere.url.replace("test-trigger", "other-trigger");
    let refused = deliver(&twilio, "sms_received", json!({}), elsewhere).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");
}

#[tokio::test]
async fn without_the_auth_token_nothing_is_accepted() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let no_token = json!({"accountSid": SID});
    let refused = testing::deliver(&twilio, "sms_received", json!({}), no_token, None, form(INCOMING_SMS)).await;
    let Err(Rejection::NoSecret(why)) = refused else { panic!("no token, no delivery: {refused:?}") };
    assert!(why.contains("authToken"), "{why}");
}

#[test]
fn the_declared_event_ids_are_the_sids_and_the_idempotency_token() {
    let id_of = |trigger: &str, request: &WebhookRequest| {
        let meta = testing::trigger_meta::<Twilio>(trigger).expect("declared");
        meta.event_id.expect("declared").ids(Some(request), &[json!({})]).remove(0)
    };
    assert_eq!(id_of("sms_received", &form(INCOMING_SMS)).as_deref(), Some("SM9"));
    assert_eq!(id_of("whatsapp_received", &form(INCOMING_WHATSAPP)).as_deref(), Some("SM8"));
    assert_eq!(id_of("call_received", &form(INCOMING_CALL)).as_deref(), Some("CA9"));
    let token = "idempotency-token-test-only-1";
    let callback = form_with(FAILED, [("I-Twilio-Idempotency-Token", token)]);
    assert_eq!(id_of("message_status_updated", &callback).as_deref(), Some(token));
}
