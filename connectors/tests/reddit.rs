//! Reddit against a local mock of its API.

use connectors::social::reddit::Reddit;
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
    let definition = connectors::registry().definition("reddit").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "post_create",
            "post_delete",
            "post_get",
            "post_get_many",
            "post_search",
            "comment_create",
            "comment_reply",
            "comment_delete",
            "comment_get_many",
            "profile_get",
            "subreddit_get",
            "subreddit_search",
            "user_get"
        ] as [&str; 13]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_post", "new_comment", "user_mention", "post_updated"] as [&str; 4]);
}

#[tokio::test]
async fn post_create_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/api/submit")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<Reddit>(
        &server,
        credentials(),
        "post_create",
        json!({"kind":"self","subreddit":"sample","title":"sample"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/api/submit")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Reddit>(
        &server,
        credentials(),
        "post_create",
        json!({"kind":"self","subreddit":"sample","title":"sample"}),
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
    testing::connect::<Reddit>(&server, credentials()).test_connection().await.unwrap();
}
