//! The generated dispatch, seen from the outside: JSON in, the method runs, JSON out; and each
//! kind of bad input gets its own specific error.

use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode, WebhookRequest};
use fluxturn_tests::KitchenSink;
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({ "token": "tok_secret_1", "region": "eu" })
}

async fn sink(server: &MockServer) -> KitchenSink {
    testing::connect::<KitchenSink>(server, credentials())
}

#[tokio::test]
async fn valid_input_reaches_the_method_and_its_output_comes_back() {
    let server = MockServer::start().await;
    let output = sink(&server).await.execute("echo", json!({"text": "ab", "times": 3})).await.unwrap();
    assert_eq!(output, json!("ababab"));
}

#[tokio::test]
async fn an_action_without_input_runs_with_null_or_empty_input() {
    let server = MockServer::start().await;
    let connector = sink(&server).await;
    assert_eq!(connector.execute("region", Value::Null).await.unwrap(), json!("eu"));
    assert_eq!(connector.execute("region", json!({})).await.unwrap(), json!("eu"));
}

#[tokio::test]
async fn a_wrong_type_names_the_field() {
    let server = MockServer::start().await;
    let error = sink(&server).await.execute("echo", json!({"text": 5, "times": 1})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.status, 422);
    assert!(error.message.contains("`text`") && error.message.contains("expected a string"), "{error}");
    assert_eq!(error.details["errors"][0]["field"], "text");
}

#[tokio::test]
async fn a_missing_required_field_names_the_field() {
    let server = MockServer::start().await;
    let error = sink(&server).await.execute("echo", json!({"text": "a"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("missing field `times`"), "{error}");
    assert_eq!(error.details["errors"][0]["field"], "times");
}

#[tokio::test]
async fn an_unknown_field_is_rejected_where_the_type_denies_them() {
    let server = MockServer::start().await;
    let input = json!({"projectId": "p", "title": "t", "surprise": 1});
    let error = sink(&server).await.execute("create_item", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("unknown field `surprise`"), "{error}");
    assert_eq!(error.details["errors"][0]["field"], "surprise");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing may reach the upstream");
}

#[tokio::test]
async fn an_unknown_action_lists_the_valid_ids() {
    let server = MockServer::start().await;
    let error = sink(&server).await.execute("send_fax", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(
        error.message,
        "connector `kitchen_sink` has no action `send_fax`; valid actions: create_item, list_items, echo, region"
    );
}

#[tokio::test]
async fn a_declarative_post_fills_the_path_renames_params_and_sends_auth() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/projects/p%201/items"))
        .and(matchers::header("authorization", "Bearer tok_secret_1"))
        .and(matchers::header("x-request-source", "fluxturn"))
        .and(matchers::body_json(json!({"name": "Buy milk", "count": 2})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "i1", "name": "Buy milk"})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"projectId": "p 1", "title": "Buy milk", "count": 2});
    let output = sink(&server).await.execute("create_item", input).await.unwrap();
    assert_eq!(output, json!({"id": "i1", "name": "Buy milk"}));
}

#[tokio::test]
async fn a_declarative_get_without_input() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "1", "name": "a"}])))
        .expect(1)
        .mount(&server)
        .await;
    let output = sink(&server).await.execute("list_items", json!({})).await.unwrap();
    assert_eq!(output, json!([{"id": "1", "name": "a"}]));
}

#[tokio::test]
async fn upstream_errors_become_connector_errors_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/me"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "bad token tok_secret_1"})))
        .mount(&server)
        .await;
    let error = sink(&server).await.test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(!error.retryable);
    let everything = format!("{error} {error:?} {}", serde_json::to_string(&error).unwrap());
    assert!(!everything.contains("tok_secret_1"), "a secret leaked: {everything}");
    assert!(everything.contains("[redacted]"));
}

#[tokio::test]
async fn test_connection_calls_the_marked_method() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/me")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    sink(&server).await.test_connection().await.unwrap();
}

#[tokio::test]
async fn a_missing_credential_is_named() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<KitchenSink>(&server, json!({"token": "t"})) else {
        panic!("connecting without the required `region` must fail");
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`region`"), "{error}");
}

#[tokio::test]
async fn webhook_and_polling_triggers_dispatch() {
    let server = MockServer::start().await;
    let connector = sink(&server).await;
    let request = WebhookRequest::post(r#"{"id": "p1-7", "name": "n"}"#, []);
    let reply = connector.handle_webhook("item_created", json!({"project_id": "p1"}), request.clone()).await.unwrap();
    assert_eq!((reply.events, reply.response), (vec![json!({"id": "p1-7", "name": "n"})], None));
    let none = connector.handle_webhook("item_created", json!({"project_id": "p2"}), request.clone()).await.unwrap();
    assert!(none.events.is_empty());
    let polled = connector.poll("new_item", json!({}), Some(json!(41))).await.unwrap();
    assert_eq!(polled.cursor, Some(json!(42)));
    assert_eq!(polled.events, vec![json!({"id": "42", "name": "polled"})]);
    let wrong = connector.poll("item_created", json!({}), None).await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::NotSupported);
    let unknown = connector.handle_webhook("nope", json!({}), request).await.unwrap_err();
    assert!(unknown.message.contains("valid triggers: item_created, new_item"), "{unknown}");
}
