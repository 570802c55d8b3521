//! HTTP_REQUEST against a local mock: the request sent (method, query, headers, body from the
//! item), the output item, `neverError`, and a failure that never shows the token.

use fluxturn_workflow::canvas::Canvas;
use fluxturn_workflow::engine::{run, ActionCall, Actions, Answer, BoxFuture, Settings, Status, StepError};
use fluxturn_workflow::graph::plan;
use fluxturn_workflow::item::items_from;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct NoActions;

impl Actions for NoActions {
    fn run<'a>(&'a self, _call: ActionCall<'a>) -> BoxFuture<'a, Result<Answer, StepError>> {
        Box::pin(async { Err(StepError::new("no connector here")) })
    }
}

async fn run_http(config: Value, input: Value) -> fluxturn_workflow::engine::Execution {
    let canvas = Canvas::find(&json!({"nodes": [
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "h", "type": "HTTP_REQUEST", "data": {"label": "Fetch", "config": config}}
    ], "edges": [{"source": "t", "target": "h"}]}))
    .unwrap();
    let plan = plan(&canvas, None).unwrap();
    run(&plan, items_from(input), &NoActions, &Settings::default()).await
}

#[tokio::test]
async fn a_get_with_query_and_bearer_token_outputs_the_json_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/articles"))
        .and(query_param("q", "rust"))
        .and(header("authorization", "Bearer tok-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"hits": 3})))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"url": format!("{}/articles", server.uri()), "method": "GET", "authentication": "bearer",
                        "bearerToken": "tok-123", "sendQuery": true, "queryParameters": "{\"q\": \"{{ $json.topic }}\"}"});
    let execution = run_http(config, json!({"topic": "rust"})).await;
    assert_eq!(execution.status, Status::Completed, "{execution:?}");
    assert_eq!(execution.node("h").unwrap().output[0][0].json, json!({"hits": 3}));
}

#[tokio::test]
async fn a_post_sends_the_json_body_built_from_the_item() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .and(body_json(json!({"name": "Ada", "n": 2})))
        .respond_with(ResponseTemplate::new(201).set_body_string("created"))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"url": format!("{}/hooks", server.uri()), "method": "POST", "sendBody": true,
                        "bodyContentType": "json", "jsonBody": {"name": "{{ $json.who }}", "n": "={{ $json.n * 2 }}"}});
    let execution = run_http(config, json!({"who": "Ada", "n": 1})).await;
    assert_eq!(execution.node("h").unwrap().output[0][0].json, json!({"data": "created"}), "{execution:?}");
}

#[tokio::test]
async fn an_upstream_failure_fails_the_node_without_the_token_unless_never_error() {
    let server = MockServer::start().await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no tok-secret-9 here"))
        .mount(&server)
        .await;
    let config = json!({"url": format!("{}/down", server.uri()), "authentication": "header",
                        "headerAuthName": "x-api-key", "headerAuthValue": "tok-secret-9"});
    let execution = run_http(config.clone(), json!({})).await;
    assert_eq!(execution.status, Status::Failed);
    let error = execution.error.unwrap();
    assert!(error.contains("Fetch") && !error.contains("tok-secret-9"), "{error}");
    let mut lenient = config;
    lenient["neverError"] = json!(true);
    let execution = run_http(lenient, json!({})).await;
    assert_eq!(execution.status, Status::Completed);
    assert_eq!(execution.node("h").unwrap().output[0][0].json["statusCode"], 404);
}

#[tokio::test]
async fn a_url_that_is_not_http_is_refused() {
    let execution = run_http(json!({"url": "file:///etc/passwd"}), json!({})).await;
    assert!(execution.error.unwrap().contains("http:// or https://"));
}
