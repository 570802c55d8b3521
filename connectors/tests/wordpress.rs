//! WordPress against a local mock of its API.

use connectors::cms::wordpress::Wordpress;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"domain":"test-domain","password":"test-password","username":"test-username"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Basic dGVzdC1kb21haW46dGVzdC1wYXNzd29yZA=="))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("wordpress").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_post",
            "get_post",
            "get_all_posts",
            "update_post",
            "delete_post",
            "create_page",
            "get_page",
            "get_all_pages",
            "update_page",
            "delete_page",
            "create_user",
            "get_user",
            "get_all_users",
            "update_user",
            "delete_user",
            "create_category",
            "get_all_categories",
            "create_tag",
            "get_all_tags",
            "upload_media",
            "get_all_media",
            "create_comment",
            "get_all_comments"
        ] as [&str; 23]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_post", "new_page", "new_comment", "new_user"] as [&str; 4]);
}

#[tokio::test]
async fn create_post_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/posts")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        testing::execute::<Wordpress>(&server, credentials(), "create_post", json!({"title":"sample"})).await.unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/posts")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Wordpress>(&server, credentials(), "create_post", json!({"title":"sample"}))
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
    testing::connect::<Wordpress>(&server, credentials()).test_connection().await.unwrap();
}
