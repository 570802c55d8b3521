//! Zoom against a local mock of its API.

use connectors::video::zoom::Zoom;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-token","clientId":"test-clientId","clientSecret":"test-clientSecret","redirect_uri":"test-redirect_uri"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("zoom").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_meeting",
            "get_meeting",
            "list_meetings",
            "update_meeting",
            "delete_meeting",
            "create_webinar",
            "get_webinar",
            "list_webinars",
            "update_webinar",
            "delete_webinar",
            "add_meeting_registrant",
            "list_meeting_registrants",
            "update_registrant_status",
            "get_user"
        ] as [&str; 14]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        ["meeting_started", "meeting_ended", "participant_joined", "recording_completed"] as [&str; 4]
    );
}

#[tokio::test]
async fn create_meeting_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/users/userid1/meetings")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<Zoom>(
        &server,
        credentials(),
        "create_meeting",
        json!({"topic":"sample","userId":"userid1"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/users/userid1/meetings")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Zoom>(
        &server,
        credentials(),
        "create_meeting",
        json!({"topic":"sample","userId":"userid1"}),
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
    testing::connect::<Zoom>(&server, credentials()).test_connection().await.unwrap();
}
