//! Acme against a local mock of its API, through the test kit.

use connectors::communication::acme::Acme;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::ErrorCode;
use serde_json::json;

#[tokio::test]
async fn send_message_posts_json_with_the_api_key() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/messages"))
        .and(matchers::header("authorization", "Bearer ak_test"))
        .and(matchers::body_json(json!({"channel": "general", "text": "hi"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "m1", "channel": "general", "text": "hi"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = testing::execute::<Acme>(
        &server,
        json!({"apiKey": "ak_test"}),
        "send_message",
        json!({"channel": "general", "text": "hi"}),
    )
    .await
    .unwrap();
    assert_eq!(output, json!({"id": "m1", "channel": "general", "text": "hi"}));
}

#[tokio::test]
async fn a_missing_channel_never_reaches_acme() {
    let server = MockServer::start().await;
    let error = testing::execute::<Acme>(&server, json!({"apiKey": "ak_test"}), "send_message", json!({"text": "hi"}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("missing field `channel`"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_404_from_acme_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/messages"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no such channel"})))
        .mount(&server)
        .await;
    let error = testing::execute::<Acme>(
        &server,
        json!({"apiKey": "ak_test"}),
        "send_message",
        json!({"channel": "x", "text": "hi"}),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: no such channel");
}

#[tokio::test]
async fn connecting_without_the_api_key_names_it() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<Acme>(&server, json!({})) else { panic!("must fail without apiKey") };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`apiKey`"), "{error}");
}
