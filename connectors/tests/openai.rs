//! OpenAI against a local mock of its API, through the test kit.

use connectors::ai::openai::OpenAi;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

const KEY: &str = "sk-test";

fn creds() -> Value {
    json!({ "apiKey": KEY })
}

/// A mock for `POST path` that checks the key and the JSON body.
fn openai(path: &str, body: Value) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method("POST"))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {KEY}").as_str()))
        .and(matchers::body_json(body))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, credentials: Value, action: &str, input: Value) -> Value {
    testing::execute::<OpenAi>(server, credentials, action, input).await.unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn usage() -> Value {
    json!({ "prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12 })
}

#[tokio::test]
async fn chat_complete_sends_snake_case_parameters_and_the_organization() {
    let server = MockServer::start().await;
    let answer = json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "gpt-4",
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": "Hi!" }, "finish_reason": "stop" }],
        "usage": usage(),
    });
    openai(
        "/chat/completions",
        json!({
            "model": "gpt-4",
            "messages": [{ "role": "system", "content": "Be brief" }, { "role": "user", "content": "Hello" }],
            "temperature": 0.2,
            "max_tokens": 50,
            "presence_penalty": 0.5,
        }),
    )
    .and(matchers::header("openai-organization", "org-123"))
    .respond_with(ok(answer.clone()))
    .expect(1)
    .mount(&server)
    .await;
    let output = run(
        &server,
        json!({ "apiKey": KEY, "organization": "org-123" }),
        "chat_complete",
        json!({
            "model": "gpt-4",
            "messages": [{ "role": "system", "content": "Be brief" }, { "role": "user", "content": "Hello" }],
            "temperature": 0.2,
            "maxTokens": 50,
            "presencePenalty": 0.5,
        }),
    )
    .await;
    let mut expected = answer;
    expected.as_object_mut().unwrap().remove("object");
    assert_eq!(output, expected);
}

#[tokio::test]
async fn image_create_sends_quality_and_style_for_dall_e_3_only() {
    let server = MockServer::start().await;
    let images = json!({ "created": 1, "data": [{ "url": "https://img/1.png", "revised_prompt": "a fox" }] });
    openai(
        "/images/generations",
        json!({ "prompt": "a fox", "model": "dall-e-3", "size": "1792x1024", "quality": "hd", "style": "natural" }),
    )
    .respond_with(ok(images.clone()))
    .expect(1)
    .mount(&server)
    .await;
    openai(
        "/images/generations",
        json!({ "prompt": "a cat", "model": "dall-e-2", "n": 2, "response_format": "b64_json" }),
    )
    .respond_with(ok(json!({ "created": 2, "data": [{ "b64_json": "AAA" }, { "b64_json": "BBB" }] })))
    .expect(1)
    .mount(&server)
    .await;
    let output = run(
        &server,
        creds(),
        "image_create",
        json!({ "prompt": "a fox", "model": "dall-e-3", "size": "1792x1024", "quality": "hd", "style": "natural" }),
    )
    .await;
    assert_eq!(output, images);
    let output = run(
        &server,
        creds(),
        "image_create",
        json!({ "prompt": "a cat", "model": "dall-e-2", "quality": "hd", "n": 2, "responseFormat": "b64_json" }),
    )
    .await;
    assert_eq!(output["data"][1], json!({ "b64_json": "BBB" }));
}

#[tokio::test]
async fn text_complete_posts_to_completions() {
    let server = MockServer::start().await;
    openai(
        "/completions",
        json!({ "model": "gpt-3.5-turbo-instruct", "prompt": "Once upon", "max_tokens": 5, "n": 1, "echo": true }),
    )
    .respond_with(ok(json!({
        "id": "cmpl-1", "object": "text_completion", "created": 5, "model": "gpt-3.5-turbo-instruct",
        "choices": [{ "index": 0, "text": "Once upon a time", "finish_reason": "length", "logprobs": null }],
        "usage": usage(),
    })))
    .expect(1)
    .mount(&server)
    .await;
    let output = run(
        &server,
        creds(),
        "text_complete",
        json!({ "model": "gpt-3.5-turbo-instruct", "prompt": "Once upon", "maxTokens": 5, "n": 1, "echo": true }),
    )
    .await;
    assert_eq!(output["choices"][0], json!({ "index": 0, "text": "Once upon a time", "finish_reason": "length" }));
    assert_eq!(output["usage"], usage());
}

#[tokio::test]
async fn text_moderate_returns_the_verdicts() {
    let server = MockServer::start().await;
    openai("/moderations", json!({ "input": "hello", "model": "text-moderation-stable" }))
        .respond_with(ok(json!({
            "id": "modr-1", "model": "text-moderation-007",
            "results": [{ "flagged": false, "categories": { "hate": false }, "category_scores": { "hate": 0.001 } }],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, creds(), "text_moderate", json!({ "input": "hello", "model": "text-moderation-stable" })).await;
    assert_eq!(output["results"][0]["flagged"], false);
    assert_eq!(output["results"][0]["category_scores"]["hate"], 0.001);
}

#[tokio::test]
async fn create_embeddings_returns_the_vector() {
    let server = MockServer::start().await;
    openai("/embeddings", json!({ "input": "hello", "model": "text-embedding-3-small" }))
        .respond_with(ok(json!({
            "object": "list", "model": "text-embedding-3-small",
            "data": [{ "object": "embedding", "index": 0, "embedding": [0.1, -0.2] }],
            "usage": { "prompt_tokens": 1, "total_tokens": 1 },
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, creds(), "create_embeddings", json!({ "input": "hello", "model": "text-embedding-3-small" }))
            .await;
    assert_eq!(
        output,
        json!({
            "model": "text-embedding-3-small",
            "data": [{ "index": 0, "embedding": [0.1, -0.2] }],
            "usage": { "prompt_tokens": 1, "completion_tokens": 0, "total_tokens": 1 },
        })
    );
}

#[tokio::test]
async fn a_500_is_retried_for_an_idempotent_action_but_not_for_a_completion() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/embeddings"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    openai("/embeddings", json!({ "input": "hello", "model": "text-embedding-3-small" }))
        .respond_with(ok(json!({ "object": "list", "model": "text-embedding-3-small", "data": [] })))
        .with_priority(2)
        .mount(&server)
        .await;
    run(&server, creds(), "create_embeddings", json!({ "input": "hello", "model": "text-embedding-3-small" })).await;
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "embeddings are declared idempotent: retried");

    server.reset().await;
    Mock::given(matchers::path("/chat/completions")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let input = json!({ "model": "gpt-4", "messages": [{ "role": "user", "content": "hi" }] });
    let error = testing::execute::<OpenAi>(&server, creds(), "chat_complete", input).await.unwrap_err();
    assert_eq!(error.status, 500);
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a completion that may have run is not repeated");
}

#[tokio::test]
async fn a_rejected_key_is_unauthorized_with_openais_message() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/embeddings"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": { "message": "Incorrect API key provided.", "type": "invalid_request_error", "code": "invalid_api_key" }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = testing::execute::<OpenAi>(
        &server,
        creds(),
        "create_embeddings",
        json!({ "input": "x", "model": "text-embedding-ada-002" }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.message, "the upstream answered 401: Incorrect API key provided.");
}

#[tokio::test]
async fn a_model_outside_the_list_never_reaches_openai() {
    let server = MockServer::start().await;
    let error = testing::execute::<OpenAi>(
        &server,
        creds(),
        "chat_complete",
        json!({ "model": "gpt-9", "messages": [{ "role": "user", "content": "hi" }] }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn test_connection_lists_the_models() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/models"))
        .and(matchers::header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ok(json!({ "object": "list", "data": [] })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<OpenAi>(&server, creds()).test_connection().await.unwrap();
}
