//! Telegram against a local mock of the Bot API: the token travels in the URL path.

use connectors::communication::telegram::Telegram;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode, WebhookRequest};
use serde_json::{json, Value};

const TOKEN: &str = "123456:ABC-secret";

fn bot(server: &MockServer) -> Telegram {
    testing::connect_at::<Telegram>(&format!("{}/bot{{botToken}}", server.uri()), json!({"botToken": TOKEN}))
}

/// Mounts `POST /bot<token>/<method>` expecting exactly `body`, answering `{"ok": true, "result": result}`.
async fn expect_call(server: &MockServer, method: &str, body: Value, result: Value) {
    Mock::given(matchers::method("POST"))
        .and(matchers::path(format!("/bot{TOKEN}/{method}")))
        .and(matchers::header("content-type", "application/json"))
        .and(matchers::body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": result})))
        .expect(1)
        .mount(server)
        .await;
}

fn sent_message() -> Value {
    json!({
        "message_id": 7,
        "date": 1700000000,
        "chat": {"id": 42, "type": "private", "first_name": "Ada"},
        "from": {"id": 99, "is_bot": true, "first_name": "FluxBot", "username": "flux_bot"},
        "text": "hi"
    })
}

#[tokio::test]
async fn send_message_posts_the_renamed_fields_and_returns_the_result() {
    let server = MockServer::start().await;
    let body = json!({"chat_id": "42", "text": "<b>hi</b>", "parse_mode": "HTML", "disable_notification": true});
    expect_call(&server, "sendMessage", body, sent_message()).await;
    let input = json!({"chatId": "42", "text": "<b>hi</b>", "parseMode": "HTML", "disableNotification": true});
    let output = bot(&server).execute("send_message", input).await.unwrap();
    assert_eq!(output, sent_message());
}

#[tokio::test]
async fn send_message_defaults_to_plain_text_and_takes_a_numeric_chat_id() {
    let server = MockServer::start().await;
    let body = json!({"chat_id": "-1001", "text": "hi", "disable_notification": false});
    expect_call(&server, "sendMessage", body, sent_message()).await;
    let output = bot(&server).execute("send_message", json!({"chatId": -1001, "text": "hi"})).await.unwrap();
    assert_eq!(output["message_id"], 7);
}

#[tokio::test]
async fn send_photo_posts_url_and_caption() {
    let server = MockServer::start().await;
    let result = json!({
        "message_id": 8,
        "date": 1700000001,
        "chat": {"id": 42, "type": "private"},
        "caption": "a cat",
        "photo": [{"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 60, "file_size": 1200}]
    });
    let body = json!({"chat_id": "42", "photo": "https://example.com/cat.jpg", "caption": "a cat"});
    expect_call(&server, "sendPhoto", body, result.clone()).await;
    let input = json!({"chatId": "42", "photo": "https://example.com/cat.jpg", "caption": "a cat", "parseMode": ""});
    let output = bot(&server).execute("send_photo", input).await.unwrap();
    assert_eq!(output, result);
}

#[tokio::test]
async fn send_photo_sends_the_caption_parse_mode() {
    let server = MockServer::start().await;
    let result = json!({"message_id": 9, "date": 1, "chat": {"id": 42, "type": "private"}});
    let body = json!({"chat_id": "42", "photo": "AgACf1", "caption": "*bold*", "parse_mode": "Markdown"});
    expect_call(&server, "sendPhoto", body, result).await;
    let input = json!({"chatId": "42", "photo": "AgACf1", "caption": "*bold*", "parseMode": "Markdown"});
    bot(&server).execute("send_photo", input).await.unwrap();
}

#[tokio::test]
async fn a_400_from_telegram_is_invalid_input_with_its_description() {
    let server = MockServer::start().await;
    Mock::given(matchers::path(format!("/bot{TOKEN}/sendMessage")))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"ok": false, "error_code": 400, "description": "Bad Request: chat not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = bot(&server).execute("send_message", json!({"chatId": "1", "text": "hi"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "the upstream answered 400: Bad Request: chat not found");
}

#[tokio::test]
async fn a_bad_parse_mode_never_reaches_telegram() {
    let server = MockServer::start().await;
    let input = json!({"chatId": "1", "text": "hi", "parseMode": "MarkdownV3"});
    let error = bot(&server).execute("send_message", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn test_connection_calls_get_me_and_a_401_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path(format!("/bot{TOKEN}/getMe")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "result": {"id": 99, "is_bot": true, "first_name": "FluxBot"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    bot(&server).test_connection().await.unwrap();

    let server = MockServer::start().await;
    Mock::given(matchers::path(format!("/bot{TOKEN}/getMe")))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
        .mount(&server)
        .await;
    let error = bot(&server).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(!error.to_string().contains(TOKEN));
}

fn update(body: Value) -> WebhookRequest {
    WebhookRequest::post(body.to_string(), [])
}

fn text_update(chat_type: &str, text: &str) -> WebhookRequest {
    update(json!({
        "update_id": 1001,
        "message": {
            "message_id": 5,
            "date": 1700000000,
            "chat": {"id": -5, "type": chat_type, "title": "Team"},
            "from": {"id": 1, "is_bot": false, "first_name": "Ada"},
            "text": text
        }
    }))
}

#[tokio::test]
async fn new_message_filters_by_message_and_chat_type() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let events = bot.handle_webhook("new_message", json!({}), text_update("group", "hello")).await.unwrap().events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["update_id"], 1001);
    assert_eq!(events[0]["message"]["text"], "hello");
    assert_eq!(events[0]["message"]["chat"]["type"], "group");

    let private_only = json!({"chatType": "private"});
    assert!(bot
        .handle_webhook("new_message", private_only, text_update("group", "hi"))
        .await
        .unwrap()
        .events
        .is_empty());
    let photos_only = json!({"messageType": "photo", "chatType": "all"});
    assert!(bot
        .handle_webhook("new_message", photos_only, text_update("group", "hi"))
        .await
        .unwrap()
        .events
        .is_empty());
}

#[tokio::test]
async fn new_message_checks_the_secret_token_header() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let config = json!({"webhookToken": "s3cret"});
    let error = bot.handle_webhook("new_message", config.clone(), text_update("private", "hi")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);

    let mut request = text_update("private", "hi");
    request.headers.push(("x-telegram-bot-api-secret-token".into(), "s3cret".into()));
    assert_eq!(bot.handle_webhook("new_message", config, request).await.unwrap().events.len(), 1);
}

#[tokio::test]
async fn new_command_matches_the_command_and_passes_its_arguments() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let request = text_update("group", "/order@flux_bot 2 pizzas");
    let events = bot.handle_webhook("new_command", json!({"command": "/order"}), request.clone()).await.unwrap().events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["command"], "order");
    assert_eq!(events[0]["args"], "2 pizzas");
    assert_eq!(events[0]["message"]["message_id"], 5);

    let without_args = bot
        .handle_webhook("new_command", json!({"command": "order", "includeArgs": false}), request.clone())
        .await
        .unwrap()
        .events;
    assert!(without_args[0].get("args").is_none());
    assert!(bot.handle_webhook("new_command", json!({"command": "start"}), request).await.unwrap().events.is_empty());
    let error = bot.handle_webhook("new_command", json!({}), text_update("group", "/x")).await.unwrap_err();
    assert!(error.message.contains("command"), "{error}");
}

#[tokio::test]
async fn callback_query_filters_by_data_prefix() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let request = update(json!({
        "update_id": 1002,
        "callback_query": {
            "id": "cb1",
            "from": {"id": 1, "is_bot": false, "first_name": "Ada"},
            "chat_instance": "ci",
            "data": "order:17"
        }
    }));
    let events =
        bot.handle_webhook("callback_query", json!({"dataPrefix": "order:"}), request.clone()).await.unwrap().events;
    assert_eq!(events[0]["callback_query"]["data"], "order:17");
    assert!(bot
        .handle_webhook("callback_query", json!({"dataPrefix": "vote:"}), request)
        .await
        .unwrap()
        .events
        .is_empty());
}

#[tokio::test]
async fn chat_members_joining_and_leaving_are_events() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let joined = update(json!({
        "update_id": 1003,
        "message": {
            "message_id": 6, "date": 1700000002,
            "chat": {"id": -5, "type": "supergroup", "title": "Team"},
            "from": {"id": 1, "is_bot": false, "first_name": "Ada"},
            "new_chat_members": [
                {"id": 2, "is_bot": false, "first_name": "Bob"},
                {"id": 3, "is_bot": false, "first_name": "Cy"}
            ]
        }
    }));
    let events = bot.handle_webhook("new_chat_member", json!({}), joined.clone()).await.unwrap().events;
    let names: Vec<&Value> = events.iter().map(|e| &e["member"]["first_name"]).collect();
    assert_eq!(names, [&json!("Bob"), &json!("Cy")]);
    assert_eq!(events[0]["by"]["first_name"], "Ada");
    assert!(bot.handle_webhook("chat_member_left", json!({}), joined).await.unwrap().events.is_empty());

    let left = update(json!({
        "update_id": 1004,
        "message": {
            "message_id": 7, "date": 1700000003,
            "chat": {"id": -5, "type": "supergroup"},
            "from": {"id": 2, "is_bot": false, "first_name": "Bob"},
            "left_chat_member": {"id": 2, "is_bot": false, "first_name": "Bob"}
        }
    }));
    let events = bot.handle_webhook("chat_member_left", json!(null), left).await.unwrap().events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["member"]["id"], 2);
    assert_eq!(events[0]["chat"]["id"], -5);
}
