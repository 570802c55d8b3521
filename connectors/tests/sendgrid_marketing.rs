//! SendGrid (Marketing) against a local mock of its API.

use connectors::marketing::sendgrid_marketing::SendgridMarketing;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"apiKey":"test-apiKey"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-apiKey"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("sendgrid_marketing").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "send_email",
            "create_contact",
            "update_contact",
            "get_contact",
            "get_contacts",
            "search_contacts",
            "delete_contact",
            "bulk_import_contacts",
            "create_list",
            "update_list",
            "get_list",
            "get_lists",
            "delete_list",
            "add_contact_to_list",
            "remove_contact_from_list",
            "create_segment",
            "update_segment",
            "get_segment",
            "get_segments",
            "delete_segment",
            "create_campaign",
            "update_campaign",
            "get_campaign",
            "get_campaigns",
            "delete_campaign",
            "send_campaign",
            "pause_campaign",
            "get_campaign_stats",
            "create_template",
            "update_template",
            "get_template",
            "get_templates",
            "delete_template",
            "get_senders"
        ] as [&str; 34]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "email_delivered",
            "email_opened",
            "email_clicked",
            "email_bounced",
            "email_dropped",
            "email_unsubscribed",
            "spam_report",
            "group_unsubscribed",
            "group_resubscribed"
        ] as [&str; 9]
    );
}

#[tokio::test]
async fn send_email_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/mail/send")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<SendgridMarketing>(
        &server,
        credentials(),
        "send_email",
        json!({"content":"sample","from":"sample","subject":"sample","to":"sample"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/mail/send")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<SendgridMarketing>(
        &server,
        credentials(),
        "send_email",
        json!({"content":"sample","from":"sample","subject":"sample","to":"sample"}),
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
    testing::connect::<SendgridMarketing>(&server, credentials()).test_connection().await.unwrap();
}
