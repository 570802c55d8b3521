//! A workflow naming actions and fields by FluxTurn's template names (our definitions' aliases)
//! validates and runs through the real server as if it named the ids, and is stored as given.

mod common;

use common::TestServer;
use fluxturn_server::workflows::runner;
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn aliased_action_ids_and_field_names_validate_and_run_as_their_ids_and_the_canvas_is_kept() {
    let openai_api = MockServer::start().await;
    let slack_api = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::chat_completion("4")))
        .expect(1)
        .mount(&openai_api)
        .await;
    // `channel` (an alias) reaches Slack as `channelId` does; `channelId` given too would win.
    Mock::given(method("POST"))
        .and(path("/chat.postMessage"))
        .and(body_partial_json(json!({"channel": "C42", "text": "4"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": true, "channel": "C42", "ts": "1712.0002"})),
        )
        .expect(1)
        .mount(&slack_api)
        .await;
    let server = TestServer::start().await;
    server.connect("openai", json!({"apiKey": "sk-test"}), &openai_api.uri()).await;
    server.connect("slack", json!({"authMode": "token", "botToken": "xoxb-test"}), &slack_api.uri()).await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "ask", "type": "CONNECTOR_ACTION", "data": {"label": "Ask", "connector": "openai", "action": "chat_completion",
            "config": {"model": "gpt-4", "messages": [{"role": "user", "content": "2+2?"}]}}},
        {"id": "post", "type": "CONNECTOR_ACTION", "data": {"label": "Post", "connectorType": "slack", "actionId": "send_message",
            "config": {"channel": "C42", "text": "{{ $json.choices[0].message.content }}"}}}
    ]);
    let edges = json!([{"id": "e1", "source": "t", "target": "ask"}, {"id": "e2", "source": "ask", "target": "post"}]);
    let (status, workflow) = server
        .post("/api/v1/workflow/create", &json!({"name": "Aliases", "canvas": {"nodes": nodes, "edges": edges}}))
        .await;
    assert_eq!(status, 201, "{workflow}");
    assert_eq!(workflow["problems"], json!([]), "aliases are resolved before validation: {workflow}");
    let stored = &workflow["canvas"]["nodes"];
    assert_eq!(
        (stored[1]["data"]["action"].as_str(), stored[2]["data"]["config"]["channel"].as_str()),
        (Some("chat_completion"), Some("C42")),
        "stored as given"
    );
    let id = workflow["id"].as_str().unwrap();
    let (status, active) =
        server.send(reqwest::Method::PUT, &format!("/api/v1/workflow/{id}"), &json!({"status": "active"})).await;
    assert_eq!((status, active["status"].as_str()), (200, Some("active")), "{active}");

    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let (status, execution) = server.post(&format!("/api/v1/workflow/{id}/execute"), &json!({})).await;
    workers.abort();
    assert_eq!(status, 200, "{execution}");
    assert_eq!(execution["status"], "completed", "{execution}");
    assert_eq!(execution["output_data"][0]["json"]["ts"], "1712.0002", "{execution}");
}

#[tokio::test]
async fn an_unknown_id_is_still_reported_and_a_literal_under_an_alias_is_checked_as_its_field() {
    let server = TestServer::start().await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "a", "type": "CONNECTOR_ACTION", "data": {"label": "Post", "connectorType": "discord", "actionId": "send_mesage", "config": {}}},
        {"id": "b", "type": "CONNECTOR_ACTION", "data": {"label": "Reply", "connectorType": "slack", "actionId": "send_message",
            "config": {"channel": 5, "text": "hi"}}}
    ]);
    let edges = json!([{"id": "e1", "source": "t", "target": "a"}, {"id": "e2", "source": "a", "target": "b"}]);
    let (status, workflow) = server
        .post("/api/v1/workflow/create", &json!({"name": "Broken", "canvas": {"nodes": nodes, "edges": edges}}))
        .await;
    assert_eq!(status, 201, "{workflow}");
    let problems = workflow["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["node"] == "a" && p["message"].as_str().unwrap().contains("no action `send_mesage`")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p["node"] == "b" && p["field"] == "channelId"),
        "the alias's literal is checked as the field: {problems:?}"
    );
}
