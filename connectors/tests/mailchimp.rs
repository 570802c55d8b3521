//! Mailchimp against a local mock of its API.

use connectors::marketing::mailchimp::Mailchimp;
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
    let definition = connectors::registry().definition("mailchimp").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_member",
            "get_member",
            "get_all_members",
            "update_member",
            "delete_member",
            "add_member_tags",
            "remove_member_tags",
            "get_campaign",
            "get_all_campaigns",
            "send_campaign",
            "delete_campaign",
            "replicate_campaign",
            "resend_campaign",
            "get_list_groups",
            "get_lists"
        ] as [&str; 15]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "subscriber_added",
            "subscriber_removed",
            "subscriber_cleaned",
            "subscriber_profile_updated",
            "subscriber_email_changed",
            "campaign_sent"
        ] as [&str; 6]
    );
}

#[tokio::test]
async fn create_member_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/lists/listid1/members")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<Mailchimp>(
        &server,
        credentials(),
        "create_member",
        json!({"email":"sample","listId":"listid1","status":"subscribed"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/lists/listid1/members")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Mailchimp>(
        &server,
        credentials(),
        "create_member",
        json!({"email":"sample","listId":"listid1","status":"subscribed"}),
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
    testing::connect::<Mailchimp>(&server, credentials()).test_connection().await.unwrap();
}
