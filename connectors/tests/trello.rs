//! Trello against a local mock of its API.

use connectors::project_management::trello::Trello;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-accessToken","apiKey":"test-apiKey"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-accessToken"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("trello").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_card",
            "update_card",
            "get_card",
            "get_cards",
            "delete_card",
            "archive_card",
            "move_card",
            "copy_card",
            "set_due_date",
            "complete_due_date",
            "add_member",
            "remove_member_from_card",
            "get_card_members",
            "add_label_to_card",
            "remove_label_from_card",
            "create_label",
            "update_label",
            "delete_label",
            "get_board_labels",
            "add_comment",
            "update_comment",
            "delete_comment",
            "get_card_comments",
            "create_checklist",
            "update_checklist",
            "delete_checklist",
            "get_checklists",
            "add_checklist_item",
            "update_checklist_item",
            "delete_checklist_item",
            "add_attachment",
            "get_attachments",
            "delete_attachment",
            "create_board",
            "update_board",
            "get_board",
            "get_boards",
            "delete_board",
            "create_list",
            "update_list",
            "archive_list",
            "get_lists",
            "move_all_cards",
            "archive_all_cards",
            "get_member",
            "get_board_members",
            "add_member_to_board",
            "remove_member_from_board",
            "search"
        ] as [&str; 49]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "card_created",
            "card_updated",
            "card_moved",
            "card_archived",
            "comment_added",
            "member_added_to_card",
            "member_removed_from_card",
            "label_added_to_card",
            "checklist_completed",
            "due_date_approaching",
            "attachment_added",
            "list_created",
            "board_updated"
        ] as [&str; 13]
    );
}

#[tokio::test]
async fn create_card_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/cards")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        testing::execute::<Trello>(&server, credentials(), "create_card", json!({"idList":"sample","name":"sample"}))
            .await
            .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/cards")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error =
        testing::execute::<Trello>(&server, credentials(), "create_card", json!({"idList":"sample","name":"sample"}))
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
    testing::connect::<Trello>(&server, credentials()).test_connection().await.unwrap();
}
