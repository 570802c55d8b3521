//! WhatsApp Business (Cloud API on Meta's Graph API) against a local mock.

use connectors::communication::whatsapp::Whatsapp;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::Rejection;
use fluxturn_core::{Connector, ErrorCode, SignatureScheme, WebhookReply, WebhookRequest, WebhookResponse};
use serde_json::{json, Value};

const TOKEN: &str = "EAAtest-only-access-token";
const PHONE: &str = "106540352242922";
const APP_SECRET: &str = "test-only-meta-app-secret";
const VERIFY_TOKEN: &str = "my-verify-token";

fn credentials() -> Value {
    json!({"accessToken": TOKEN, "businessAccountId": "102290129340398", "phoneNumberId": PHONE, "appSecret": APP_SECRET})
}

/// The connector against the mock, its base URL shaped as Graph's: `/v18.0/{phoneNumberId}`.
fn connector(server: &MockServer) -> Whatsapp {
    testing::connect_at::<Whatsapp>(&format!("{}/v18.0/{{phoneNumberId}}", server.uri()), credentials())
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    connector(server).execute(action, input).await
}

/// A mock of `method path` that checks the access token is sent as a Bearer token.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
}

fn messages_path() -> String {
    format!("/v18.0/{PHONE}/messages")
}

fn sent() -> Value {
    json!({"messaging_product": "whatsapp", "contacts": [{"input": "15551234567", "wa_id": "15551234567"}],
           "messages": [{"id": "wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI"}]})
}

/// Mounts a 200 answer to `POST /messages` and returns the body sent after running `action`.
async fn sent_body(action: &str, input: Value) -> (Value, Value) {
    let server = MockServer::start().await;
    upstream("POST", &messages_path())
        .respond_with(ResponseTemplate::new(200).set_body_json(sent()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, action, input).await.unwrap();
    let bodies = testing::received_bodies(&server).await;
    (bodies[0].clone(), output)
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("whatsapp").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        ["send_message", "send_message_and_wait", "send_template", "upload_media", "download_media", "delete_media"]
            as [&str; 6]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, TRIGGERS.map(|(id, _)| id));
}

#[tokio::test]
async fn send_message_sends_a_text_with_its_link_preview() {
    let (body, output) = sent_body(
        "send_message",
        json!({"messageType": "text", "to": "+1 555-123-4567", "text": "Hi there", "previewUrl": true}),
    )
    .await;
    assert_eq!(
        body,
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "15551234567", "type": "text",
               "text": {"body": "Hi there", "preview_url": true}})
    );
    assert_eq!(output, sent());
}

#[tokio::test]
async fn send_message_sends_media_by_id_or_link() {
    let (body, _) = sent_body(
        "send_message",
        json!({"messageType": "image", "to": "15551234567", "mediaId": "1037543291543636", "caption": "Look"}),
    )
    .await;
    assert_eq!(body["type"], "image");
    assert_eq!(body["image"], json!({"id": "1037543291543636", "caption": "Look"}));

    let (body, _) = sent_body(
        "send_message",
        json!({"messageType": "document", "to": "15551234567", "mediaUrl": "https://example.com/a.pdf",
               "caption": "Invoice", "filename": "invoice.pdf"}),
    )
    .await;
    assert_eq!(
        body["document"],
        json!({"link": "https://example.com/a.pdf", "caption": "Invoice", "filename": "invoice.pdf"})
    );

    let (body, _) = sent_body(
        "send_message",
        json!({"messageType": "audio", "to": "15551234567", "mediaId": "77", "caption": "no"}),
    )
    .await;
    assert_eq!(body["audio"], json!({"id": "77"}), "audio takes no caption");
}

#[tokio::test]
async fn send_message_sends_a_location_and_contacts() {
    let (body, _) = sent_body(
        "send_message",
        json!({"messageType": "location", "to": "15551234567", "latitude": 37.48, "longitude": -122.15,
               "locationName": "HQ", "locationAddress": "1 Hacker Way"}),
    )
    .await;
    assert_eq!(
        body["location"],
        json!({"latitude": 37.48, "longitude": -122.15, "name": "HQ", "address": "1 Hacker Way"})
    );

    let contacts =
        json!([{"name": {"formatted_name": "Ann Lee", "first_name": "Ann"}, "phones": [{"phone": "+15550001111"}]}]);
    let (body, _) = sent_body(
        "send_message",
        json!({"messageType": "contacts", "to": "15551234567", "text": contacts.to_string()}),
    )
    .await;
    assert_eq!(body["contacts"], contacts);
}

#[tokio::test]
async fn send_message_refuses_what_whatsapp_would_refuse_without_calling_it() {
    let server = MockServer::start().await;
    for (input, words) in [
        (json!({"messageType": "text", "to": "15551234567"}), "needs `text`"),
        (json!({"messageType": "image", "to": "15551234567"}), "`mediaId`"),
        (json!({"messageType": "location", "to": "15551234567", "latitude": 1.0}), "`latitude` and `longitude`"),
        (json!({"messageType": "contacts", "to": "15551234567", "text": "Ann"}), "JSON array of contacts"),
        (json!({"messageType": "text", "to": "  ", "text": "x"}), "country code"),
    ] {
        let error = run(&server, "send_message", input).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
        assert!(error.message.contains(words), "{error}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn send_message_and_wait_sends_approve_and_decline_buttons() {
    let (body, output) = sent_body(
        "send_message_and_wait",
        json!({"to": "15551234567", "text": "Approve the refund?", "approveButtonLabel": "Yes"}),
    )
    .await;
    assert_eq!(body["type"], "interactive");
    assert_eq!(
        body["interactive"],
        json!({"type": "button", "body": {"text": "Approve the refund?"}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": "approve", "title": "Yes"}},
            {"type": "reply", "reply": {"id": "disapprove", "title": "✗ Decline"}}]}})
    );
    assert_eq!(output["messages"][0]["id"], "wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI");
    assert_eq!(output["awaiting"]["approveReplyId"], "approve");
    assert_eq!(output["awaiting"]["timeoutMinutes"], 60.0);
}

#[tokio::test]
async fn send_template_sends_its_name_language_and_body_parameters() {
    let (body, output) = sent_body(
        "send_template",
        json!({"to": "15551234567", "templateName": "order_update", "languageCode": "en_US",
               "templateParameters": ["Ann", 42, {"type": "currency", "currency": {"fallback_value": "$5", "code": "USD", "amount_1000": 5000}}]}),
    )
    .await;
    assert_eq!(
        body["template"],
        json!({"name": "order_update", "language": {"code": "en_US"}, "components": [{"type": "body", "parameters": [
            {"type": "text", "text": "Ann"}, {"type": "text", "text": "42"},
            {"type": "currency", "currency": {"fallback_value": "$5", "code": "USD", "amount_1000": 5000}}]}]})
    );
    assert_eq!(output, sent());

    let (body, _) =
        sent_body("send_template", json!({"to": "15551234567", "templateName": "hello_world", "languageCode": "en"}))
            .await;
    assert_eq!(body["template"], json!({"name": "hello_world", "language": {"code": "en"}}));
}

#[tokio::test]
async fn upload_media_posts_the_file_as_multipart() {
    let server = MockServer::start().await;
    upstream("POST", &format!("/v18.0/{PHONE}/media"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1037543291543636"})))
        .expect(1)
        .mount(&server)
        .await;
    let file = "data:image/png;base64,aGVsbG8tcG5n"; // "hello-png"
    let output =
        run(&server, "upload_media", json!({"file": file, "mediaType": "image", "filename": "pic.png"})).await.unwrap();
    assert_eq!(output, json!({"id": "1037543291543636"}));
    let request = &server.received_requests().await.unwrap()[0];
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(content_type.starts_with("multipart/form-data"), "{content_type}");
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains("name=\"messaging_product\"\r\n\r\nwhatsapp"), "{body}");
    assert!(body.contains("name=\"type\"\r\n\r\nimage/png"), "{body}");
    assert!(body.contains("filename=\"pic.png\""), "{body}");
    assert!(body.contains("hello-png"), "{body}");

    let error = run(&server, "upload_media", json!({"file": "not base64!", "mediaType": "image"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
}

fn media(server: &MockServer, url: &str) -> Value {
    let _ = server;
    json!({"messaging_product": "whatsapp", "url": url, "mime_type": "image/jpeg",
           "sha256": "abc", "file_size": 9, "id": "1037543291543636"})
}

#[tokio::test]
async fn download_media_returns_its_details_or_its_content() {
    let server = MockServer::start().await;
    let link = format!("{}/whatsapp_business/attachments/?mid=1037543291543636&ext=1", server.uri());
    upstream("GET", "/v18.0/1037543291543636")
        .and(matchers::query_param("phone_number_id", PHONE))
        .respond_with(ResponseTemplate::new(200).set_body_json(media(&server, &link)))
        .expect(2)
        .mount(&server)
        .await;
    upstream("GET", "/whatsapp_business/attachments/")
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"jpeg-bytes".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let details = run(&server, "download_media", json!({"mediaId": "1037543291543636"})).await.unwrap();
    assert_eq!(details, media(&server, &link));
    let file =
        run(&server, "download_media", json!({"mediaId": "1037543291543636", "saveToFile": true})).await.unwrap();
    assert_eq!(file["data"], "anBlZy1ieXRlcw==");
    assert_eq!(file["fileName"], "1037543291543636.jpeg");
    assert_eq!(file["mime_type"], "image/jpeg");
}

#[tokio::test]
async fn download_media_sends_no_token_to_a_foreign_host() {
    let server = MockServer::start().await;
    upstream("GET", "/v18.0/55")
        .respond_with(ResponseTemplate::new(200).set_body_json(media(&server, "https://evil.example/steal")))
        .mount(&server)
        .await;
    let error = run(&server, "download_media", json!({"mediaId": "55", "saveToFile": true})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse, "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn delete_media_deletes_it_for_the_phone_number() {
    let server = MockServer::start().await;
    upstream("DELETE", "/v18.0/1037543291543636")
        .and(matchers::query_param("phone_number_id", PHONE))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_media", json!({"mediaId": "1037543291543636"})).await.unwrap();
    assert_eq!(output, json!({"success": true}));
}

fn graph_error(message: &str, code: i64, subcode: Option<i64>) -> Value {
    let mut error = json!({"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf123"});
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    json!({"error": error})
}

async fn failing(status: u16, body: Value) -> fluxturn_core::ConnectorError {
    let server = MockServer::start().await;
    upstream("POST", &messages_path())
        .respond_with(ResponseTemplate::new(status).set_body_json(body).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    run(&server, "send_message", json!({"messageType": "text", "to": "15551234567", "text": "hi"})).await.unwrap_err()
}

#[tokio::test]
async fn graph_errors_are_mapped_in_meta_words() {
    let error = failing(401, graph_error("Error validating access token: Session has expired", 190, Some(463))).await;
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("Session has expired"), "{error}");
    assert!(error.message.contains("code 190, subcode 463"), "{error}");

    let error =
        failing(400, graph_error("Unsupported post request. Object with ID '1' does not exist", 100, Some(33))).await;
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("does not exist"), "{error}");

    let mut invalid = graph_error("(#131009) Parameter value is not valid", 131009, None);
    invalid["error"]["error_data"] =
        json!({"messaging_product": "whatsapp", "details": "Recipient phone number not in allowed list"});
    let error = failing(400, invalid).await;
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(
        error.message.contains("Parameter value is not valid (Recipient phone number not in allowed list)"),
        "{error}"
    );

    let error = failing(400, graph_error("(#130429) Rate limit hit", 130429, None)).await;
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.message.contains("Rate limit hit"), "{error}");

    let error = failing(429, graph_error("(#4) Application request limit reached", 4, None)).await;
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.message.contains("Application request limit reached"), "{error}");

    let error = failing(404, json!({"message": "no such thing"})).await;
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(!error.to_string().contains(TOKEN) && !error.details.to_string().contains(TOKEN));
}

#[tokio::test]
async fn test_connection_reads_the_phone_number() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/v18.0/{PHONE}"))
        .and(matchers::query_param("fields", "display_phone_number,verified_name"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"display_phone_number": "+1 555-0100", "id": PHONE})),
        )
        .expect(1)
        .mount(&server)
        .await;
    connector(&server).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_phone_number_instead_of_its_id_is_refused() {
    let server = MockServer::start().await;
    let mut credentials = credentials();
    credentials["phoneNumberId"] = json!("+1 555 0100/../me");
    let url = format!("{}/v18.0/{{phoneNumberId}}", server.uri());
    let error = fluxturn_core::ConnectContext::new(credentials.as_object().unwrap().clone())
        .with_base_url(url)
        .connect::<Whatsapp>()
        .err()
        .expect("refused");
    assert!(error.message.contains("Phone Number ID"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

const TRIGGERS: [(&str, &str); 10] = [
    ("on_message", "messages"),
    ("on_account_update", "account_update"),
    ("on_phone_number_name_update", "phone_number_name_update"),
    ("on_phone_number_quality_update", "phone_number_quality_update"),
    ("on_account_review_update", "account_review_update"),
    ("on_business_capability_update", "business_capability_update"),
    ("on_message_template_quality_update", "message_template_quality_update"),
    ("on_message_template_status_update", "message_template_status_update"),
    ("on_template_category_update", "template_category_update"),
    ("on_security", "security"),
];

fn delivery(changes: Value) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": changes}]})
}

/// A delivery spaced as no serializer would, signed as Meta signs it.
fn signed(payload: &Value, secret: &str) -> WebhookRequest {
    testing::signed(
        SignatureScheme::Meta,
        testing::oddly_spaced(payload),
        [("Content-Type", "application/json")],
        secret,
    )
}

async fn deliver(trigger: &str, config: Value, request: WebhookRequest) -> Result<WebhookReply<Value>, Rejection> {
    let server = MockServer::start().await;
    testing::deliver(&connector(&server), trigger, config, credentials(), None, request).await
}

fn config() -> Value {
    json!({"verifyToken": VERIFY_TOKEN})
}

fn inbound() -> Value {
    delivery(json!([{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550100", "phone_number_id": PHONE},
        "contacts": [{"profile": {"name": "Ann"}, "wa_id": "15551234567"}, {"profile": {"name": "Bo"}, "wa_id": "15557654321"}],
        "messages": [
            {"from": "15551234567", "id": "wamid.A", "timestamp": "1700000000", "type": "text", "text": {"body": "hello"}},
            {"from": "15557654321", "id": "wamid.B", "timestamp": "1700000001", "type": "image", "image": {"id": "9", "mime_type": "image/jpeg"}}
        ],
        "statuses": [{"id": "wamid.C", "status": "delivered", "timestamp": "1700000002", "recipient_id": "15551234567"}]
    }}]))
}

#[tokio::test]
async fn on_message_gives_one_event_per_message_and_status() {
    let reply = deliver("on_message", config(), signed(&inbound(), APP_SECRET)).await.unwrap();
    let ids: Vec<&str> = reply.events.iter().map(|e| e["eventId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["wamid.A", "wamid.B", "wamid.C:delivered"]);
    let first = &reply.events[0];
    assert_eq!(first["event"], "message");
    assert_eq!(first["text"]["body"], "hello");
    assert_eq!(first["contact"]["profile"]["name"], "Ann");
    assert_eq!(first["metadata"]["phone_number_id"], PHONE);
    assert_eq!(reply.events[1]["contact"]["profile"]["name"], "Bo");
    assert_eq!(reply.events[2]["event"], "status");
    assert_eq!(reply.events[2]["status"], "delivered");
    assert_eq!(reply.response, None);

    let only_images = json!({"verifyToken": VERIFY_TOKEN, "messageType": "image"});
    let reply = deliver("on_message", only_images, signed(&inbound(), APP_SECRET)).await.unwrap();
    let ids: Vec<&str> = reply.events.iter().map(|e| e["eventId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["wamid.B"]);
}

#[tokio::test]
async fn every_trigger_refuses_a_tampered_body_a_wrong_secret_and_no_signature() {
    for (trigger, field) in TRIGGERS {
        let payload = delivery(json!([{"field": field, "value": {"event": "X"}}]));
        let mut tampered = signed(&payload, APP_SECRET);
        tampered.body = testing::oddly_spaced(&delivery(json!([{"field": field, "value": {"event": "Y"}}]))).into();
        let refused = deliver(trigger, config(), tampered).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");

        let refused = deliver(trigger, config(), signed(&payload, "another-app-secret")).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");

        let unsigned = WebhookRequest::post(payload.to_string(), [("Content-Type", "application/json")]);
        let refused = deliver(trigger, config(), unsigned).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");
    }
}

#[tokio::test]
async fn every_trigger_answers_meta_url_check_only_with_the_verify_token() {
    let check = |token: &str| {
        let mut request = WebhookRequest { method: "GET".into(), ..WebhookRequest::default() };
        request.query = vec![
            ("hub.mode".into(), "subscribe".into()),
            ("hub.verify_token".into(), token.into()),
            ("hub.challenge".into(), "1158201444".into()),
        ];
        request
    };
    for (trigger, _) in TRIGGERS {
        let reply = deliver(trigger, config(), check(VERIFY_TOKEN)).await.unwrap();
        assert_eq!(reply.response, Some(WebhookResponse::text("1158201444")), "{trigger}");
        assert!(reply.events.is_empty());
        let reply = deliver(trigger, config(), check("a-guess")).await.unwrap();
        assert_eq!(reply.response, Some(WebhookResponse::text("").with_status(403)), "{trigger}");
    }
}

#[tokio::test]
async fn each_account_trigger_gives_its_own_field_changes_only() {
    let template_status = json!({"event": "APPROVED", "message_template_id": 594425479261596_i64,
                                 "message_template_name": "order_update", "message_template_language": "en_US", "reason": "NONE"});
    for (trigger, field) in &TRIGGERS[1..] {
        let payload = delivery(json!([
            {"field": field, "value": template_status},
            {"field": "messages", "value": {"messages": [{"id": "wamid.Z", "type": "text"}]}}
        ]));
        let reply = deliver(trigger, config(), signed(&payload, APP_SECRET)).await.unwrap();
        assert_eq!(reply.events.len(), 1, "{trigger}");
        let event = &reply.events[0];
        assert_eq!(event["field"], *field);
        assert_eq!(event["businessAccountId"], "102290129340398");
        assert_eq!(event["message_template_name"], "order_update");
        assert!(event["eventId"].as_str().unwrap().starts_with(&format!("102290129340398:{field}:")));
    }
    let messages_only = deliver("on_account_update", config(), signed(&inbound(), APP_SECRET)).await.unwrap();
    assert!(messages_only.events.is_empty());
}

#[test]
fn every_trigger_verifies_meta_with_the_app_secret_and_dedupes_per_event() {
    for (trigger, _) in TRIGGERS {
        let meta = testing::trigger_meta::<Whatsapp>(trigger).expect("declared");
        assert_eq!(format!("{:?}", meta.verify), format!("{:?}", Some(SignatureScheme::Meta)), "{trigger}");
    }
}
