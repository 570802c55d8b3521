//! WhatsApp Business against a local mock of its API.

use connectors::communication::whatsapp::Whatsapp;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-accessToken","businessAccountId":"test-businessAccountId","phoneNumberId":"test-phoneNumberId"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-accessToken"))
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
    assert_eq!(
        triggers,
        [
            "on_message",
            "on_account_update",
            "on_phone_number_name_update",
            "on_phone_number_quality_update",
            "on_account_review_update",
            "on_business_capability_update",
            "on_message_template_quality_update",
            "on_message_template_status_update",
            "on_template_category_update",
            "on_security"
        ] as [&str; 10]
    );
}

#[tokio::test]
async fn send_message_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/messages")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<Whatsapp>(
        &server,
        credentials(),
        "send_message",
        json!({"messageType":"text","to":"sample"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/messages")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Whatsapp>(
        &server,
        credentials(),
        "send_message",
        json!({"messageType":"text","to":"sample"}),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("no such item"), "{error}");
}

#[tokio::test]
async fn test_connection_calls_the_api_with_the_credentials() {
    let server = MockServer::start().await;
    upstream("GET", "/me")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Whatsapp>(&server, credentials()).test_connection().await.unwrap();
}
