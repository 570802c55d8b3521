//! Providers that keep one webhook URL per connection (a Telegram bot, a Slack app): every trigger
//! registered on the connection shares that URL and its one subscription, each delivery reaches
//! every one of them, and the provider's webhook goes only with the last of them.

mod common;

use common::TestServer;
use fluxturn_core::testing;
use fluxturn_core::SignatureScheme;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How many events registration `id` has.
async fn events_of(server: &TestServer, id: &Value) -> u64 {
    let (_, page) = server.get(&format!("/api/v1/triggers/{}/events", id.as_str().unwrap())).await;
    page["total"].as_u64().unwrap_or_else(|| panic!("{page}"))
}

/// POSTs `body` to `url` with `headers`; answers the status and the body as JSON (or text).
async fn post(server: &TestServer, url: &str, body: &str, headers: &[(String, String)]) -> (u16, Value) {
    let mut request = server.client.post(url).body(body.to_owned()).header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// How many requests `api` received at `endpoint`.
async fn calls(api: &MockServer, endpoint: &str) -> usize {
    api.received_requests().await.unwrap().iter().filter(|r| r.url.path() == endpoint).count()
}

/// A Telegram Bot API for bot `bot-token-1` whose webhook, once set, points at what was set.
async fn telegram() -> MockServer {
    let api = MockServer::start().await;
    let ok = |result: Value| ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": result}));
    Mock::given(method("POST")).and(path("/botbot-token-1/setWebhook")).respond_with(ok(json!(true))).mount(&api).await;
    Mock::given(method("POST"))
        .and(path("/botbot-token-1/deleteWebhook"))
        .respond_with(ok(json!(true)))
        .mount(&api)
        .await;
    api
}

/// Answers `getWebhookInfo` with `url` (what Telegram says the bot's webhook is).
async fn webhook_info(api: &MockServer, url: &str) {
    let info = json!({"url": url, "has_custom_certificate": false, "pending_update_count": 0});
    Mock::given(method("POST"))
        .and(path("/botbot-token-1/getWebhookInfo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": info})))
        .mount(api)
        .await;
}

fn message(update_id: u64, text: &str) -> String {
    testing::oddly_spaced(&json!({"update_id": update_id, "message": {"message_id": update_id, "date": 1712,
        "text": text, "chat": {"id": 42, "type": "private"}, "from": {"id": 7, "is_bot": false, "first_name": "Ada"}}}))
}

fn button(update_id: u64, data: &str) -> String {
    testing::oddly_spaced(&json!({"update_id": update_id, "callback_query": {"id": "cb1", "data": data,
        "from": {"id": 7, "is_bot": false, "first_name": "Ada"}, "chat_instance": "ci"}}))
}

#[tokio::test]
async fn the_triggers_of_one_telegram_bot_share_its_one_webhook_across_a_restart_until_the_last_goes() {
    let api = telegram().await;
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = TestServer::start_in(config.clone()).await;
    let connection =
        server.connect("telegram", json!({"botToken": "bot-token-1"}), &format!("{}/bot{{botToken}}", api.uri())).await;

    let messages = server.register_trigger(&connection, "new_message", json!({})).await;
    let buttons = server.register_trigger(&connection, "callback_query", json!({"dataPrefix": "order:"})).await;
    // One URL for the bot, registered once, for the updates both triggers read.
    let shared = format!("{}/api/v1/webhooks/telegram/{connection}", server.state.public_url);
    assert_eq!((messages["webhook_url"].as_str(), buttons["webhook_url"].as_str()), (Some(&*shared), Some(&*shared)));
    assert_eq!(buttons["upstream_id"], messages["upstream_id"]);
    let set = api.received_requests().await.unwrap();
    assert_eq!(calls(&api, "/botbot-token-1/setWebhook").await, 1, "the second trigger asks Telegram nothing");
    let set: Value = serde_json::from_slice(&set[0].body).unwrap();
    assert_eq!(set["url"], shared.as_str());
    assert_eq!(set["allowed_updates"], json!(["message", "channel_post", "callback_query"]));
    let token = [("x-telegram-bot-api-secret-token".to_owned(), set["secret_token"].as_str().unwrap().to_owned())];
    let url = shared.replace(&server.state.public_url, &server.base);

    // Each update reaches the trigger that reads it, once.
    assert_eq!(
        post(&server, &url, &message(1, "hello"), &token).await,
        (200, json!({"received": true, "stored": 1, "duplicates": 0}))
    );
    assert_eq!(post(&server, &url, &button(2, "order:17"), &token).await.1["stored"], 1);
    assert_eq!(post(&server, &url, &message(1, "hello"), &token).await.1["duplicates"], 1, "a redelivery");
    let wrong = [("x-telegram-bot-api-secret-token".to_owned(), "guess".to_owned())];
    let (status, refused) = post(&server, &url, &message(3, "forged"), &wrong).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (401, Some("webhook_unverified")), "{refused}");
    assert_eq!((events_of(&server, &messages["id"]).await, events_of(&server, &buttons["id"]).await), (1, 1));

    // After a restart a third trigger shares the webhook too: Telegram is not asked again.
    drop(server);
    let server = TestServer::start_in(config).await;
    let url = shared.replace(&server.state.public_url, &server.base);
    let commands = server.register_trigger(&connection, "new_command", json!({"command": "/start"})).await;
    assert_eq!(commands["webhook_url"].as_str(), Some(&*shared));
    assert_eq!(calls(&api, "/botbot-token-1/setWebhook").await, 1);
    let (status, answer) = post(&server, &url, &message(4, "/start now"), &token).await;
    assert_eq!((status, answer["stored"].as_u64()), (200, Some(2)), "a message and a command: {answer}");

    // Removing a trigger keeps the bot's webhook for the others; the last one removes it.
    webhook_info(&api, &shared).await;
    for (removed, left) in [(&messages, 2), (&commands, 1)] {
        let (status, _) = server
            .send(
                reqwest::Method::DELETE,
                &format!("/api/v1/triggers/{}", removed["id"].as_str().unwrap()),
                &Value::Null,
            )
            .await;
        assert_eq!(status, 204);
        assert_eq!(calls(&api, "/botbot-token-1/deleteWebhook").await, 0, "{left} left");
    }
    assert_eq!(post(&server, &url, &button(5, "order:18"), &token).await.1["stored"], 1);
    assert_eq!(events_of(&server, &buttons["id"]).await, 2);
    let (status, _) = server
        .send(reqwest::Method::DELETE, &format!("/api/v1/triggers/{}", buttons["id"].as_str().unwrap()), &Value::Null)
        .await;
    assert_eq!(status, 204);
    assert_eq!(calls(&api, "/botbot-token-1/deleteWebhook").await, 1);
    assert_eq!(post(&server, &url, &button(6, "order:19"), &token).await.0, 404, "no trigger left at the URL");
}

#[tokio::test]
async fn one_slack_delivery_reaches_every_trigger_of_the_app_and_its_challenge_is_answered_once() {
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    let server = TestServer::start().await;
    let credentials = json!({"authMode": "token", "botToken": "xoxb-1", "signingSecret": SECRET});
    let connection = server.connect("slack", credentials, "http://127.0.0.1:9").await;
    let general = server.register_trigger(&connection, "message", json!({"channelId": "C1"})).await;
    let everywhere = server.register_trigger(&connection, "message", json!({"watchWholeWorkspace": true})).await;
    let elsewhere = server.register_trigger(&connection, "message", json!({"channelId": "C2"})).await;
    // Neither a channel nor the whole workspace: its handler refuses every delivery, and the
    // others still get theirs.
    let undecided = server.register_trigger(&connection, "message", json!({})).await;
    let url = general["webhook_url"].as_str().unwrap().replace(&server.state.public_url, &server.base);
    assert_eq!(url, format!("{}/api/v1/webhooks/slack/{connection}", server.base));
    assert_eq!(everywhere["webhook_url"], general["webhook_url"]);

    let signed = |body: Value| {
        let request = testing::signed(
            SignatureScheme::SlackV0,
            testing::oddly_spaced(&body),
            [("content-type", "application/json")],
            SECRET,
        );
        (String::from_utf8(request.body.to_vec()).unwrap(), request.headers)
    };
    let (body, headers) = signed(json!({"type": "url_verification", "challenge": "c-42", "token": "t"}));
    let (status, answer) = post(&server, &url, &body, &headers).await;
    assert_eq!((status, answer), (200, json!("c-42")), "the challenge, as plain text");

    let event = json!({"type": "event_callback", "team_id": "T1", "event_id": "Ev1", "event_time": 1712,
                       "event": {"type": "message", "channel": "C1", "user": "U1", "text": "hello", "ts": "1.1"}});
    let (body, headers) = signed(event);
    let (status, answer) = post(&server, &url, &body, &headers).await;
    assert_eq!((status, answer["stored"].as_u64()), (200, Some(2)), "{answer}");
    let totals = [
        events_of(&server, &general["id"]).await,
        events_of(&server, &everywhere["id"]).await,
        events_of(&server, &elsewhere["id"]).await,
        events_of(&server, &undecided["id"]).await,
    ];
    assert_eq!(totals, [1, 1, 0, 0], "each trigger keeps what its configuration asks for");
    let mut tampered = body.replace("hello", "hullo");
    tampered.push(' ');
    let (status, _) = post(&server, &url, &tampered, &headers).await;
    assert_eq!(status, 401);
    assert_eq!(events_of(&server, &general["id"]).await, 1);
}
