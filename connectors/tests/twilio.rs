//! Twilio against a local mock of its API, through the test kit. The base URL carries the
//! Account SID, so every mock path checks it too.

use connectors::communication::twilio::Twilio;
use fluxturn_core::testing::wiremock::MockBuilder;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode, Result, WebhookRequest};
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

fn form(body: &str) -> WebhookRequest {
    WebhookRequest::post(body.to_owned(), [])
}

const INCOMING_SMS: &str = "ToCountry=US&MessageSid=SM9&AccountSid=AC1&From=%2B15558675310&To=%2B15557122661\
&Body=Hello+%26+welcome%21&NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm.jpg&SmsStatus=received";

const INCOMING_WHATSAPP: &str = "MessageSid=SM8&AccountSid=AC1&From=whatsapp%3A%2B15558675310\
&To=whatsapp%3A%2B14155238886&Body=Hola&NumMedia=0&ProfileName=Ana";

#[tokio::test]
async fn sms_received_decodes_the_form_and_filters_by_number() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let events = twilio.handle_webhook("sms_received", json!({}), form(INCOMING_SMS)).await.unwrap().events;
    assert_eq!(
        events,
        [json!({"messageSid": "SM9", "accountSid": "AC1", "from": "+15558675310", "to": "+15557122661",
                "body": "Hello & welcome!", "mediaUrls": ["https://api.twilio.com/m.jpg"], "profileName": null})]
    );
    let mine = json!({"phoneNumber": "+1 (555) 712-2661"});
    assert_eq!(twilio.handle_webhook("sms_received", mine, form(INCOMING_SMS)).await.unwrap().events.len(), 1);
    let other = json!({"phoneNumber": "+15550000000"});
    assert!(twilio.handle_webhook("sms_received", other, form(INCOMING_SMS)).await.unwrap().events.is_empty());
    assert!(twilio.handle_webhook("sms_received", json!({}), form(INCOMING_WHATSAPP)).await.unwrap().events.is_empty());
}

#[tokio::test]
async fn whatsapp_received_takes_only_whatsapp_messages() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let config = json!({"phoneNumber": "+14155238886"});
    let events = twilio.handle_webhook("whatsapp_received", config, form(INCOMING_WHATSAPP)).await.unwrap().events;
    assert_eq!(events[0]["from"], "whatsapp:+15558675310");
    assert_eq!(events[0]["profileName"], "Ana");
    assert!(twilio.handle_webhook("whatsapp_received", json!({}), form(INCOMING_SMS)).await.unwrap().events.is_empty());
}

#[tokio::test]
async fn call_received_reads_the_voice_webhook() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let body = "CallSid=CA9&AccountSid=AC1&From=%2B15558675310&To=%2B15557122661&CallStatus=ringing&Direction=inbound";
    let events = twilio.handle_webhook("call_received", json!({}), form(body)).await.unwrap().events;
    assert_eq!(events[0]["callSid"], "CA9");
    assert_eq!(events[0]["callStatus"], "ringing");
    assert!(twilio.handle_webhook("call_received", json!({}), form(INCOMING_SMS)).await.unwrap().events.is_empty());
}

#[tokio::test]
async fn message_status_updated_filters_by_status() {
    let server = MockServer::start().await;
    let twilio = connect(&server);
    let failed =
        "MessageSid=SM1&MessageStatus=failed&ErrorCode=30008&AccountSid=AC1&From=%2B15557122661&To=%2B15558675310";
    let events = twilio.handle_webhook("message_status_updated", json!({}), form(failed)).await.unwrap().events;
    assert_eq!(events[0]["status"], "failed");
    assert_eq!(events[0]["errorCode"], "30008");
    let delivered_only = json!({"statusFilter": "delivered"});
    assert!(twilio
        .handle_webhook("message_status_updated", delivered_only, form(failed))
        .await
        .unwrap()
        .events
        .is_empty());
    let failed_only = json!({"statusFilter": "failed"});
    assert_eq!(
        twilio.handle_webhook("message_status_updated", failed_only, form(failed)).await.unwrap().events.len(),
        1
    );
    let bad = twilio.handle_webhook("message_status_updated", json!({"statusFilter": "read"}), form(failed)).await;
    assert_eq!(bad.unwrap_err().code, ErrorCode::InvalidInput);
}
