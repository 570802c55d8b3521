//! ClickUp against a local mock of its API.

use connectors::project_management::clickup::Clickup;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-token","authMode":"test-authMode","clientId":"test-clientId","clientSecret":"test-clientSecret","redirectUrl":"test-redirectUrl"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("clickup").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "task_create",
            "task_update",
            "task_get",
            "task_delete",
            "task_get_all",
            "list_create",
            "list_update",
            "list_get",
            "list_delete",
            "folder_create",
            "folder_update",
            "folder_get",
            "folder_delete",
            "comment_create",
            "goal_create",
            "goal_update",
            "goal_get",
            "goal_delete",
            "time_entry_create"
        ] as [&str; 19]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "task_created",
            "task_updated",
            "task_deleted",
            "task_status_updated",
            "task_priority_updated",
            "task_assignee_updated",
            "task_comment_posted",
            "list_created",
            "goal_created",
            "goal_updated"
        ] as [&str; 10]
    );
}

#[tokio::test]
async fn task_create_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/list/listid1/task")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<Clickup>(
        &server,
        credentials(),
        "task_create",
        json!({"listId":"sample","list_id":"listid1","name":"sample"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/list/listid1/task")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Clickup>(
        &server,
        credentials(),
        "task_create",
        json!({"listId":"sample","list_id":"listid1","name":"sample"}),
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
    testing::connect::<Clickup>(&server, credentials()).test_connection().await.unwrap();
}
