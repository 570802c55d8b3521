//! Facebook Graph API against a local mock of its API.

use connectors::social::facebook_graph::FacebookGraph;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-token","authType":"test-authType","clientId":"test-clientId","clientSecret":"test-clientSecret"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("facebook_graph").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "http_request",
            "get_node",
            "get_edge",
            "create_page_post",
            "upload_page_photo",
            "upload_page_video",
            "get_pages",
            "delete_post",
            "comment_on_post",
            "get_page_insights"
        ] as [&str; 10]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "page_post_published",
            "page_comment_received",
            "page_message_received",
            "instagram_comment",
            "instagram_mention",
            "instagram_story_mention",
            "instagram_media_published"
        ] as [&str; 7]
    );
}

#[tokio::test]
async fn get_node_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("GET", "/version1/nodeid1")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<FacebookGraph>(
        &server,
        credentials(),
        "get_node",
        json!({"nodeId":"sample","node_id":"nodeid1","version":"version1"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("GET", "/version1/nodeid1")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<FacebookGraph>(
        &server,
        credentials(),
        "get_node",
        json!({"nodeId":"sample","node_id":"nodeid1","version":"version1"}),
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
    testing::connect::<FacebookGraph>(&server, credentials()).test_connection().await.unwrap();
}
