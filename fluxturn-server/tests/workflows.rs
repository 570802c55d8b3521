//! Workflows end to end through the real server and its routes, against wiremock upstreams:
//! a signed Slack mention asks OpenAI and replies in Slack (a redelivery runs nothing twice),
//! activation's problems per node and field, a webhook-trigger workflow with bearer
//! authentication answering with its last node, a crash mid-execution, and FluxTurn's templates
//! imported through the API.

mod common;

use common::TestServer;
use fluxturn_core::webhook::verify;
use fluxturn_core::{SignatureScheme, WebhookRequest};
use fluxturn_server::workflows::runner;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SIGNING_SECRET: &str = "slack-signing-secret-0123456789";

async fn create(server: &TestServer, name: &str, nodes: Value, edges: Value) -> Value {
    let (status, created) = server
        .post("/api/v1/workflow/create", &json!({"name": name, "canvas": {"nodes": nodes, "edges": edges}}))
        .await;
    assert_eq!(status, 201, "{created}");
    created
}

async fn activate(server: &TestServer, id: &str) -> (u16, Value) {
    server.send(reqwest::Method::PUT, &format!("/api/v1/workflow/{id}"), &json!({"status": "active"})).await
}

/// Runs every queued execution (the workers' job, done here so the test controls when).
async fn drain(server: &TestServer) -> usize {
    let mut ran = 0;
    while runner::run_next(&server.state).await.unwrap() {
        ran += 1;
    }
    ran
}

fn edge(source: &str, target: &str) -> Value {
    json!({"id": format!("{source}-{target}"), "source": source, "target": target, "type": "default"})
}

#[tokio::test]
async fn a_signed_slack_mention_asks_openai_and_replies_in_slack_once() {
    let slack_api = MockServer::start().await;
    let openai_api = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(body_partial_json(json!({"messages": [{"role": "user", "content": "what is 2+2?"}]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::chat_completion("4")))
        .expect(1)
        .mount(&openai_api)
        .await;
    Mock::given(method("POST"))
        .and(path("/chat.postMessage"))
        .and(body_partial_json(json!({"channel": "C42", "text": "4", "thread_ts": "1712.0001"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": true, "channel": "C42", "ts": "1712.0002"})),
        )
        .expect(1)
        .mount(&slack_api)
        .await;
    let server = TestServer::start().await;
    let credentials = json!({"authMode": "token", "botToken": "xoxb-test", "signingSecret": SIGNING_SECRET});
    server.connect("slack", credentials, &slack_api.uri()).await;
    server.connect("openai", json!({"apiKey": "sk-test"}), &openai_api.uri()).await;
    // As FluxTurn's template stores it: parameters in `data.config`, expressions in both styles.
    let nodes = json!([
        {"id": "node_1", "type": "CONNECTOR_TRIGGER", "position": {"x": 0, "y": 0},
         "data": {"label": "Bot Mention", "connectorType": "slack", "triggerId": "app_mention", "config": {}}},
        {"id": "node_2", "type": "CONNECTOR_ACTION", "position": {"x": 300, "y": 0},
         "data": {"label": "Chat Completion", "connectorType": "openai", "actionId": "chat_complete",
                  "config": {"model": "gpt-4", "messages": [{"role": "user", "content": "{{ $json.slackEvent.text }}"}]}}},
        {"id": "node_3", "type": "CONNECTOR_ACTION", "position": {"x": 600, "y": 0},
         "data": {"label": "Send Message", "connectorType": "slack", "actionId": "send_message",
                  "config": {"channelId": "{{$trigger.slackEvent.channel}}", "text": "={{ $json.choices[0].message.content }}",
                             "threadTs": "{{ $node[\"Bot Mention\"].json.slackEvent.ts }}"}}}
    ]);
    let workflow =
        create(&server, "Slack bot", nodes, json!([edge("node_1", "node_2"), edge("node_2", "node_3")])).await;
    assert_eq!(workflow["workflow"]["canvas"]["nodes"][0]["position"]["x"], 0, "the canvas is kept as given");
    assert_eq!(workflow["problems"], json!([]), "{workflow}");
    let id = workflow["id"].as_str().unwrap();
    let (status, active) = activate(&server, id).await;
    assert_eq!((status, active["status"].as_str()), (200, Some("active")), "{active}");
    let (_, hook) = server.get(&format!("/api/v1/workflow/{id}/webhook-url")).await;
    let url = hook["webhookUrl"].as_str().unwrap().replace(&server.state.public_url, &server.base);

    let body = json!({"type": "event_callback", "team_id": "T1", "event_id": "Ev77", "event_time": 1712,
                      "event": {"type": "app_mention", "user": "U1", "text": "what is 2+2?", "channel": "C42", "ts": "1712.0001"}})
    .to_string();
    let mut delivery = WebhookRequest::post(body, [("content-type", "application/json")]);
    verify::sign(SignatureScheme::SlackV0, &mut delivery, SIGNING_SECRET, SystemTime::now()).unwrap();
    for _ in 0..2 {
        let mut post = server.client.post(&url).body(delivery.body.clone());
        for (name, value) in &delivery.headers {
            post = post.header(name, value);
        }
        assert_eq!(post.send().await.unwrap().status(), 200);
    }
    assert_eq!(drain(&server).await, 1, "Slack's retry of the same event starts no second run");
    let (_, page) = server.get(&format!("/api/v1/workflow/{id}/executions")).await;
    assert_eq!(page["total"], 1, "{page}");
    let (status, far) = server.get(&format!("/api/v1/workflow/{id}/executions?limit=200&page=46116860184273881")).await;
    assert_eq!(
        (status, far["executions"].as_array().map(Vec::len)),
        (200, Some(0)),
        "a page past the end is empty: {far}"
    );
    let execution = &page["executions"][0];
    assert_eq!(
        (execution["status"].as_str(), execution["mode"].as_str()),
        (Some("completed"), Some("webhook")),
        "{execution}"
    );
    let sent = &execution["output_data"][0]["json"];
    assert_eq!((sent["success"].as_bool(), sent["ts"].as_str()), (Some(true), Some("1712.0002")), "{sent}");
    let runs = execution["run_data"].as_array().unwrap();
    assert_eq!(runs.iter().map(|r| r["node"].as_str().unwrap()).collect::<Vec<_>>(), ["node_1", "node_2", "node_3"]);

    // Deactivating removes the registration: the URL answers 404 again.
    let (status, _) =
        server.send(reqwest::Method::PUT, &format!("/api/v1/workflow/{id}"), &json!({"status": "paused"})).await;
    assert_eq!(status, 200);
    let mut post = server.client.post(&url).body(delivery.body.clone());
    for (name, value) in &delivery.headers {
        post = post.header(name, value);
    }
    assert_eq!(post.send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn activation_lists_every_problem_by_node_and_field() {
    let server = TestServer::start().await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "a", "type": "CONNECTOR_ACTION", "data": {"label": "Post", "connectorType": "slack", "actionId": "send_mesage", "config": {}}},
        {"id": "b", "type": "CONNECTOR_ACTION", "data": {"label": "Ask", "connectorType": "opneai", "actionId": "chat_complete"}},
        {"id": "c", "type": "CONNECTOR_ACTION", "data": {"label": "Reply", "connectorType": "slack", "actionId": "send_message",
                                                         "config": {"channelId": "{{channel}}", "text": 5}}},
        {"id": "d", "type": "AI_AGENT", "data": {"label": "Agent"}}
    ]);
    let workflow =
        create(&server, "Broken", nodes, json!([edge("t", "a"), edge("a", "b"), edge("b", "c"), edge("c", "d")])).await;
    let problems = workflow["problems"].to_string();
    for expected in [
        "did you mean `send_message`",
        "did you mean `openai`",
        "{{channel}}",
        "AI_AGENT",
        "there is no slack connection",
    ] {
        assert!(problems.contains(expected), "{expected} in {problems}");
    }
    let (status, error) = activate(&server, workflow["id"].as_str().unwrap()).await;
    assert_eq!(status, 422, "{error}");
    let fields: Vec<&str> =
        error["error"]["details"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"nodes.Post"), "{fields:?}");
    assert!(fields.contains(&"nodes.Reply.channelId"), "{fields:?}");
    assert!(fields.contains(&"nodes.Reply.text"), "a literal of the wrong type: {fields:?}");
    let (_, stored) = server.get(&format!("/api/v1/workflow/{}", workflow["id"].as_str().unwrap())).await;
    assert_eq!(stored["status"], "draft", "a refused activation changes nothing");
}

#[tokio::test]
async fn a_webhook_trigger_checks_its_bearer_token_and_answers_with_the_last_node() {
    let server = TestServer::start().await;
    let nodes = json!([
        {"id": "hook", "type": "WEBHOOK_TRIGGER", "data": {"label": "Webhook",
            "config": {"httpMethod": "POST", "authType": "bearer", "authData": {"token": "s3cret"}, "responseMode": "lastNode"}}},
        {"id": "set", "type": "SET", "data": {"label": "Shape", "mode": "manual", "include": "none",
            "fields": [{"name": "greeting", "type": "string", "value": "Hello {{ $json.body.name }}"},
                       {"name": "count", "type": "number", "value": "{{ $json.body.n + 1 }}"}]}}
    ]);
    let workflow = create(&server, "Hook", nodes, json!([edge("hook", "set")])).await;
    let id = workflow["id"].as_str().unwrap();
    assert_eq!(activate(&server, id).await.0, 200);
    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let url = server.url(&format!("/api/v1/webhook/{id}"));
    let refused = server.client.post(&url).bearer_auth("wrong").json(&json!({"name": "Ada"})).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let wrong_method = server.client.get(&url).bearer_auth("s3cret").send().await.unwrap();
    assert_eq!(wrong_method.status(), 405);
    let answer =
        server.client.post(&url).bearer_auth("s3cret").json(&json!({"name": "Ada", "n": 41})).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.json::<Value>().await.unwrap(), json!({"greeting": "Hello Ada", "count": 42}));
    workers.abort();
    let (_, page) = server.get("/api/v1/workflow/executions?status=completed").await;
    assert_eq!(page["total"], 1, "only the accepted request ran: {page}");
}

#[tokio::test]
async fn a_crash_mid_execution_leaves_it_crashed_and_the_queue_runs_the_others() {
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = TestServer::start_in(config.clone()).await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "s", "type": "SET", "data": {"label": "Echo", "mode": "json", "jsonOutput": "{\"n\": {{ $json.n }}}"}}
    ]);
    let workflow = create(&server, "Queue", nodes, json!([edge("t", "s")])).await;
    let id = workflow["id"].as_str().unwrap();
    for n in 1..=3 {
        let new = fluxturn_server::workflows::store::NewExecution {
            workflow_id: id,
            workflow_version: 1,
            mode: "manual",
            trigger_node: Some("t"),
            trigger_data: &json!({"n": n}),
            retry_of: None,
        };
        runner::enqueue(&server.state, &new).await.unwrap();
    }
    // The first is claimed, and the process dies before it ends.
    let claimed = fluxturn_server::workflows::store::claim(&server.state.pool, 0).await.unwrap().unwrap();
    drop(server);
    let server = TestServer::start_in(config).await;
    assert_eq!(runner::recover(&server.state).await.unwrap(), 1);
    assert_eq!(drain(&server).await, 2, "the queue keeps running the others");
    let (_, crashed) = server.get(&format!("/api/v1/workflow/executions/{}", claimed.id)).await;
    assert_eq!(crashed["status"], "crashed", "{crashed}");
    let (_, completed) = server.get("/api/v1/workflow/executions?status=completed").await;
    let outputs: Vec<i64> = completed["executions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["output_data"][0]["json"]["n"].as_i64().unwrap())
        .collect();
    assert_eq!(outputs, [3, 2], "newest first, each once");
    // A retry of the crashed one runs it again, with its trigger data.
    let (status, retried) = server.post(&format!("/api/v1/workflow/executions/{}/retry", claimed.id), &json!({})).await;
    assert_eq!((status, retried["mode"].as_str()), (201, Some("retry")), "{retried}");
    drain(&server).await;
    let (_, again) = server.get(&format!("/api/v1/workflow/executions/{}", retried["id"].as_str().unwrap())).await;
    assert_eq!(again["output_data"][0]["json"]["n"], 1, "{again}");
}

#[tokio::test]
async fn manual_execute_waits_for_the_run_and_a_failure_keeps_its_partial_run_data() {
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"ok": false, "error": "fatal_error"})))
        .mount(&api)
        .await;
    let server = TestServer::start().await;
    server.connect("slack", json!({"authMode": "token", "botToken": "xoxb-test"}), &api.uri()).await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "s", "type": "SET", "data": {"label": "Text", "mode": "manual", "fields": [{"name": "text", "value": "hi {{ $json.who }}"}]}},
        {"id": "a", "type": "CONNECTOR_ACTION", "data": {"label": "Post", "connectorType": "slack", "actionId": "send_message",
            "actionParams": {"channelId": "C1", "text": "{{ $json.text }}"}}}
    ]);
    let workflow = create(&server, "Manual", nodes, json!([edge("t", "s"), edge("s", "a")])).await;
    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let (status, execution) = server
        .post(
            &format!("/api/v1/workflow/{}/execute", workflow["id"].as_str().unwrap()),
            &json!({"input_data": {"who": "Ada"}}),
        )
        .await;
    workers.abort();
    assert_eq!(status, 200, "{execution}");
    assert_eq!(execution["status"], "failed", "{execution}");
    assert!(execution["error"].as_str().unwrap().contains("Post"), "{execution}");
    let runs = execution["run_data"].as_array().unwrap();
    assert_eq!(runs[1]["output"][0][0]["json"]["text"], "hi Ada", "what ran before the failure is kept");
    assert_eq!(runs[2]["status"], "failed");
    assert!(!execution.to_string().contains("xoxb-test"), "no secret in the run data");
}

#[tokio::test]
async fn every_fluxturn_template_imports_and_says_what_is_left_to_fill_in() {
    let Some(templates) = common::fluxturn_templates() else { return };
    assert!(templates.len() >= 40, "{}", templates.len());
    let server = TestServer::start().await;
    for (file, template) in &templates {
        let (status, imported) = server.post("/api/v1/workflow/import", template).await;
        assert_eq!(status, 201, "{file}: {imported}");
        assert_eq!(imported["status"], "draft", "{file}");
        let nodes = imported["canvas"]["nodes"].as_array().unwrap().len();
        assert!(nodes > 0, "{file}");
        assert!(imported["problems"].is_array(), "{file}");
    }
    let (_, list) = server.get("/api/v1/workflow/list?limit=200").await;
    assert_eq!(list["total"], templates.len() as u64);
}

#[tokio::test]
async fn unknown_ids_are_404_and_a_finished_execution_cannot_be_cancelled() {
    let server = TestServer::start().await;
    assert_eq!(server.get("/api/v1/workflow/nope").await.0, 404);
    assert_eq!(server.get("/api/v1/workflow/executions/nope").await.0, 404);
    assert_eq!(server.client.post(server.url("/api/v1/webhook/nope")).send().await.unwrap().status(), 404);
    let nodes = json!([{"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}}]);
    let workflow = create(&server, "Tiny", nodes, json!([])).await;
    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let (_, execution) =
        server.post(&format!("/api/v1/workflow/{}/execute", workflow["id"].as_str().unwrap()), &json!({})).await;
    workers.abort();
    assert_eq!(execution["status"], "completed", "{execution}");
    let (status, error) = server
        .post(&format!("/api/v1/workflow/executions/{}/cancel", execution["id"].as_str().unwrap()), &json!({}))
        .await;
    assert_eq!((status, error["error"]["code"].as_str()), (409, Some("conflict")), "{error}");
    let _ = Duration::ZERO;
}

/// A Telegram echo bot in the format of FluxTurn's example workflow (top-level `nodes`/`edges`,
/// `triggerConfig`, `actionParams`, expressions on `telegramEvent`): our own fixture.
fn echo_bot() -> Value {
    json!({
        "name": "Echo",
        "nodes": [
            {"id": "tg_trigger", "type": "CONNECTOR_TRIGGER", "position": {"x": 0, "y": 0},
             "data": {"label": "Incoming", "connectorType": "telegram", "triggerId": "new_message", "triggerConfig": {}}},
            {"id": "tg_reply", "type": "CONNECTOR_ACTION", "position": {"x": 250, "y": 0},
             "data": {"label": "Reply", "connectorType": "telegram", "actionId": "send_message",
                      "actionParams": {"chatId": "{{$json.telegramEvent.message.chat.id}}",
                                       "text": "You said: {{$json.telegramEvent.message.text}} ({{$json.telegramEvent.message.from.firstName}})"}}}
        ],
        "edges": [{"id": "e1", "source": "tg_trigger", "target": "tg_reply"}]
    })
}

#[tokio::test]
async fn a_telegram_echo_bot_replies_to_each_message_once() {
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/botbot-token-1/setWebhook"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": true})))
        .expect(1)
        .mount(&api)
        .await;
    Mock::given(method("POST"))
        .and(path("/botbot-token-1/sendMessage"))
        .and(body_partial_json(json!({"chat_id": "4242", "text": "You said: hello (Ada)"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": {
            "message_id": 2, "date": 1712, "chat": {"id": 4242, "type": "private"}, "text": "You said: hello (Ada)"}})))
        .expect(1)
        .mount(&api)
        .await;
    let server = TestServer::start().await;
    server.connect("telegram", json!({"botToken": "bot-token-1"}), &format!("{}/bot{{botToken}}", api.uri())).await;
    let (status, imported) = server.post("/api/v1/workflow/import", &echo_bot()).await;
    assert_eq!(status, 201, "{imported}");
    let id = imported["id"].as_str().unwrap();
    let (status, active) = activate(&server, id).await;
    assert_eq!(status, 200, "{active}");
    // The secret token the server chose for setWebhook is what Telegram sends back.
    let set_webhook = api.received_requests().await.unwrap();
    let registered: Value = serde_json::from_slice(&set_webhook[0].body).unwrap();
    let (url, token) = (registered["url"].as_str().unwrap(), registered["secret_token"].as_str().unwrap());
    let url = url.replace(&server.state.public_url, &server.base);
    let update = json!({"update_id": 900, "message": {"message_id": 1, "date": 1712, "text": "hello",
                        "chat": {"id": 4242, "type": "private"}, "from": {"id": 7, "is_bot": false, "first_name": "Ada"}}});
    for _ in 0..2 {
        let sent = server
            .client
            .post(&url)
            .header("x-telegram-bot-api-secret-token", token)
            .json(&update)
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 200);
    }
    let forged =
        server.client.post(&url).header("x-telegram-bot-api-secret-token", "guess").json(&update).send().await.unwrap();
    assert_eq!(forged.status(), 401);
    assert_eq!(drain(&server).await, 1, "the redelivered update (same update_id) runs once");
    let (_, page) = server.get(&format!("/api/v1/workflow/{id}/executions")).await;
    assert_eq!(page["executions"][0]["status"], "completed", "{page}");
}

#[tokio::test]
async fn a_wait_of_an_hour_survives_a_restart_and_goes_on_when_due() {
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = TestServer::start_in(config.clone()).await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "before", "type": "SET", "data": {"label": "Before", "mode": "manual", "fields": [{"name": "step", "value": "{{ $json.n }}"}]}},
        {"id": "wait", "type": "WAIT", "data": {"label": "Wait", "resume": "timeInterval", "amount": 1, "unit": "hours"}},
        {"id": "after", "type": "SET", "data": {"label": "After", "mode": "manual",
            "fields": [{"name": "done", "type": "boolean", "value": "true"}, {"name": "from", "value": "{{ $node[\"Before\"].json.step }}"}]}}
    ]);
    let workflow =
        create(&server, "Patient", nodes, json!([edge("t", "before"), edge("before", "wait"), edge("wait", "after")]))
            .await;
    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let (status, execution) = server
        .post(
            &format!("/api/v1/workflow/{}/execute", workflow["id"].as_str().unwrap()),
            &json!({"input_data": {"n": "one"}}),
        )
        .await;
    workers.abort();
    assert_eq!((status, execution["status"].as_str()), (200, Some("waiting")), "{execution}");
    assert!(execution["resume_at"].is_string(), "{execution}");
    let id = execution["id"].as_str().unwrap().to_owned();
    drop(server);

    let server = TestServer::start_in(config).await;
    assert_eq!(runner::recover(&server.state).await.unwrap(), 0, "a waiting run is not a crashed one");
    assert!(!runner::run_next_at(&server.state, SystemTime::now()).await.unwrap(), "not due yet");
    let later = SystemTime::now() + Duration::from_secs(3601);
    assert!(runner::run_next_at(&server.state, later).await.unwrap());
    let (_, done) = server.get(&format!("/api/v1/workflow/executions/{id}")).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(
        done["output_data"][0]["json"],
        json!({"n": "one", "step": "one", "done": true, "from": "one"}),
        "{done}"
    );
    let ran: Vec<&str> = done["run_data"].as_array().unwrap().iter().map(|r| r["node"].as_str().unwrap()).collect();
    assert_eq!(ran, ["t", "before", "wait", "after"], "each node once, across the restart");
}

#[tokio::test]
async fn a_signed_github_push_is_summarised_by_openai_after_two_failures_and_posted_to_slack() {
    let github = MockServer::start().await;
    let openai = MockServer::start().await;
    let slack = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/octo/site/hooks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&github)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/octo/site/hooks"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": 77, "active": true, "events": ["push"], "config": {"url": "x"}})),
        )
        .expect(1)
        .mount(&github)
        .await;
    // OpenAI fails twice; the node's retryOnFail gets through on the third try.
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "overloaded"}})))
        .up_to_n_times(2)
        .mount(&openai)
        .await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(body_partial_json(json!({"messages": [{"role": "user", "content": "Summarise: fix the build"}]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::chat_completion("The build is fixed.")))
        .expect(1)
        .mount(&openai)
        .await;
    Mock::given(method("POST"))
        .and(path("/chat.postMessage"))
        .and(body_partial_json(json!({"channel": "C-dev", "text": "octo/site main: The build is fixed."})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "channel": "C-dev", "ts": "1.2"})))
        .expect(1)
        .mount(&slack)
        .await;
    let server = TestServer::start().await;
    server.connect("github", json!({"authType": "accessToken", "accessToken": "ghp_test"}), &github.uri()).await;
    server.connect("openai", json!({"apiKey": "sk-test"}), &openai.uri()).await;
    server.connect("slack", json!({"authMode": "token", "botToken": "xoxb-test"}), &slack.uri()).await;
    let nodes = json!([
        {"id": "push", "type": "CONNECTOR_TRIGGER",
         "data": {"label": "Push", "connectorType": "github", "triggerId": "on_push", "config": {"owner": "octo", "repository": "site"}}},
        {"id": "sum", "type": "CONNECTOR_ACTION",
         "data": {"label": "Summarise", "connectorType": "openai", "actionId": "chat_complete", "retryOnFail": true, "maxTries": 3, "waitBetweenTries": 0,
                  "actionParams": {"model": "gpt-4", "messages": [{"role": "user", "content": "Summarise: {{ $json.commits[0].message }}"}]}}},
        {"id": "post", "type": "CONNECTOR_ACTION",
         "data": {"label": "Post", "connectorType": "slack", "actionId": "send_message",
                  "actionParams": {"channelId": "C-dev",
                                   "text": "{{ $trigger.repository.full_name }} {{ $trigger.ref.split('/')[2] }}: {{ $json.choices[0].message.content }}"}}}
    ]);
    let workflow = create(&server, "Commit summaries", nodes, json!([edge("push", "sum"), edge("sum", "post")])).await;
    let id = workflow["id"].as_str().unwrap();
    let (status, active) = activate(&server, id).await;
    assert_eq!(status, 200, "{active}");
    let hook = github.received_requests().await.unwrap().into_iter().find(|r| r.method.as_str() == "POST").unwrap();
    let hook: Value = serde_json::from_slice(&hook.body).unwrap();
    let (url, secret) = (hook["config"]["url"].as_str().unwrap(), hook["config"]["secret"].as_str().unwrap());
    let url = url.replace(&server.state.public_url, &server.base);
    let push = json!({"ref": "refs/heads/main", "before": "a1", "after": "b2", "repository": {"id": 1, "name": "site", "full_name": "octo/site", "html_url": "https://github.com/octo/site"},
                      "commits": [{"id": "b2", "message": "fix the build", "timestamp": "2026-11-26T10:00:00Z", "url": "https://x", "author": {"name": "Ada"}}]})
    .to_string();
    let mut delivery = WebhookRequest::post(
        push,
        [("content-type", "application/json"), ("x-github-event", "push"), ("x-github-delivery", "d-1")],
    );
    verify::sign(SignatureScheme::GitHub, &mut delivery, secret, SystemTime::now()).unwrap();
    let mut post = server.client.post(&url).body(delivery.body.clone());
    for (name, value) in &delivery.headers {
        post = post.header(name, value);
    }
    let answered = post.send().await.unwrap();
    assert_eq!(answered.status(), 200, "{}", answered.text().await.unwrap());
    assert_eq!(drain(&server).await, 1);
    let (_, page) = server.get(&format!("/api/v1/workflow/{id}/executions")).await;
    let execution = &page["executions"][0];
    assert_eq!(execution["status"], "completed", "{execution}");
    let summarise = execution["run_data"].as_array().unwrap().iter().find(|r| r["node"] == "sum").unwrap();
    assert_eq!(summarise["tries"], 3, "{summarise}");
}

#[tokio::test]
async fn an_if_branch_runs_code_on_one_side_continues_past_a_failure_on_the_other_and_merges() {
    let slack = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat.postMessage"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": false, "error": "channel_not_found"})))
        .mount(&slack)
        .await;
    let server = TestServer::start().await;
    server.connect("slack", json!({"authMode": "token", "botToken": "xoxb-test"}), &slack.uri()).await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "if", "type": "IF_CONDITION", "data": {"label": "Lead?", "conditions": {"combinator": "and", "conditions": [
            {"leftValue": "kind", "rightValue": "lead", "operator": {"type": "string", "operation": "equals"}}]}}},
        {"id": "score", "type": "RUN_CODE", "data": {"label": "Score", "config": {"code":
            "let score = 0; if ($json.title?.includes('CEO')) score += 30; if ($json.size > 50) score += 20; return { name: $json.name, score };"}}},
        {"id": "notify", "type": "CONNECTOR_ACTION", "data": {"label": "Notify", "connectorType": "slack", "actionId": "send_message",
            "onError": "continueRegularOutput", "actionParams": {"channelId": "C-none", "text": "not a lead: {{ $json.name }}"}}},
        {"id": "merge", "type": "MERGE", "data": {"label": "Together", "mode": "append"}}
    ]);
    let edges = json!([edge("t", "if"),
        {"id": "y", "source": "if", "target": "score", "sourceHandle": "true"},
        {"id": "n", "source": "if", "target": "notify", "sourceHandle": "false"},
        edge("score", "merge"), edge("notify", "merge")]);
    let workflow = create(&server, "Leads", nodes, edges).await;
    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let input = json!([{"kind": "lead", "name": "Ada", "title": "CEO", "size": 120}, {"kind": "spam", "name": "Bot"}]);
    let (status, execution) = server
        .post(&format!("/api/v1/workflow/{}/execute", workflow["id"].as_str().unwrap()), &json!({"input_data": input}))
        .await;
    workers.abort();
    assert_eq!((status, execution["status"].as_str()), (200, Some("completed")), "{execution}");
    let merged: Vec<Value> = execution["output_data"].as_array().unwrap().iter().map(|i| i["json"].clone()).collect();
    assert_eq!(merged[0], json!({"name": "Ada", "score": 50}), "{merged:?}");
    assert_eq!(merged[1]["name"], "Bot");
    assert!(merged[1]["error"].as_str().unwrap().contains("channel_not_found"), "{merged:?}");
    let notify = execution["run_data"].as_array().unwrap().iter().find(|r| r["node"] == "notify").unwrap();
    assert_eq!(notify["status"], "continued_on_error", "{notify}");
}

#[tokio::test]
async fn an_unexpected_2xx_answer_is_kept_with_a_warning_not_turned_into_a_failure() {
    let openai = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "c3", "result": "a new shape"})))
        .expect(1)
        .mount(&openai)
        .await;
    let server = TestServer::start().await;
    server.connect("openai", json!({"apiKey": "sk-shape"}), &openai.uri()).await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "ask", "type": "CONNECTOR_ACTION", "data": {"label": "Ask", "connectorType": "openai", "actionId": "chat_complete",
            "actionParams": {"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]}}}
    ]);
    let workflow = create(&server, "Shapes", nodes, json!([edge("t", "ask")])).await;
    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let (_, execution) =
        server.post(&format!("/api/v1/workflow/{}/execute", workflow["id"].as_str().unwrap()), &json!({})).await;
    workers.abort();
    assert_eq!(execution["status"], "completed", "the call happened: no failure after the side effect: {execution}");
    assert_eq!(execution["output_data"][0]["json"]["result"], "a new shape");
    let ask = execution["run_data"].as_array().unwrap().iter().find(|r| r["node"] == "ask").unwrap();
    assert!(ask["warnings"][0].as_str().unwrap().contains("does not expect"), "{ask}");
}

#[tokio::test]
async fn an_active_schedule_workflow_runs_when_its_schedule_fires_and_stops_when_paused() {
    let server = TestServer::start().await;
    let nodes = json!([
        {"id": "when", "type": "SCHEDULE_TRIGGER", "data": {"label": "Every hour", "schedule": {"mode": "hours", "interval": 1, "minute": 0}, "timezone": "UTC"}},
        {"id": "note", "type": "SET", "data": {"label": "Note", "mode": "manual", "fields": [{"name": "at", "value": "{{ $json.scheduledFor }}"}]}}
    ]);
    let workflow = create(&server, "Hourly", nodes, json!([edge("when", "note")])).await;
    let id = workflow["id"].as_str().unwrap();
    assert_eq!(activate(&server, id).await.0, 200);
    let (_, registrations) = server.get("/api/v1/triggers").await;
    assert_eq!(registrations["total"], 1, "{registrations}");
    assert_eq!(registrations["triggers"][0]["kind"], "schedule");
    let later = SystemTime::now() + Duration::from_secs(2 * 3600);
    fluxturn_server::triggers::runner::run_due(&server.state, later).await.unwrap();
    assert_eq!(drain(&server).await, 1, "one missed run fires once");
    let (_, page) = server.get(&format!("/api/v1/workflow/{id}/executions")).await;
    let execution = &page["executions"][0];
    assert_eq!(
        (execution["status"].as_str(), execution["mode"].as_str()),
        (Some("completed"), Some("schedule")),
        "{execution}"
    );
    assert!(execution["output_data"][0]["json"]["at"].as_str().unwrap().ends_with(":00:00Z"), "{execution}");
    let (status, _) =
        server.send(reqwest::Method::PUT, &format!("/api/v1/workflow/{id}"), &json!({"status": "paused"})).await;
    assert_eq!(status, 200);
    let (_, registrations) = server.get("/api/v1/triggers").await;
    assert_eq!(registrations["total"], 0, "pausing removes the schedule");
}

#[tokio::test]
async fn expressions_see_only_the_environment_variables_the_operator_allow_listed() {
    std::env::set_var("FLUXTURN_TEST_VISIBLE", "shown");
    std::env::set_var("FLUXTURN_TEST_HIDDEN", "kept-secret");
    let dir = common::tempdir();
    let mut config = common::config(dir.path().join("data"));
    config.executions.expression_env = vec!["FLUXTURN_TEST_VISIBLE".into()];
    let server = TestServer::start_in(config).await;
    let nodes = json!([
        {"id": "t", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}},
        {"id": "s", "type": "SET", "data": {"label": "Env", "mode": "manual", "include": "none", "fields": [
            {"name": "visible", "value": "{{ $env.FLUXTURN_TEST_VISIBLE }}"},
            {"name": "hidden", "value": "={{ $env.FLUXTURN_TEST_HIDDEN ?? 'nothing' }}"}]}}
    ]);
    let workflow = create(&server, "Env", nodes, json!([edge("t", "s")])).await;
    let workers = tokio::spawn(runner::run_forever(server.state.clone()));
    let (_, execution) =
        server.post(&format!("/api/v1/workflow/{}/execute", workflow["id"].as_str().unwrap()), &json!({})).await;
    workers.abort();
    assert_eq!(execution["output_data"][0]["json"], json!({"visible": "shown", "hidden": "nothing"}), "{execution}");
    assert!(!execution.to_string().contains("kept-secret"));
}
