//! Microsoft Teams against a local mock of its API.

use connectors::communication::teams::Teams;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-token","authType":"test-authType","clientId":"test-clientId","clientSecret":"test-clientSecret","tenantId":"test-tenantId"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("teams").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_channel",
            "get_channel",
            "list_channels",
            "update_channel",
            "delete_channel",
            "send_channel_message",
            "list_channel_messages",
            "send_chat_message",
            "get_chat_message",
            "list_chat_messages",
            "create_task",
            "get_task",
            "list_tasks",
            "update_task",
            "delete_task"
        ] as [&str; 15]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_channel", "new_channel_message", "new_chat_message", "new_team_member"] as [&str; 4]);
}

#[tokio::test]
async fn create_channel_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/v1.0/teams/teamid1/channels")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<Teams>(
        &server,
        credentials(),
        "create_channel",
        json!({"displayName":"sample","teamId":"teamid1"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/v1.0/teams/teamid1/channels")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Teams>(
        &server,
        credentials(),
        "create_channel",
        json!({"displayName":"sample","teamId":"teamid1"}),
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
    testing::connect::<Teams>(&server, credentials()).test_connection().await.unwrap();
}
