//! Telegram against a local mock of the Bot API: the token travels in the URL path.

use connectors::communication::telegram::Telegram;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    Connector, ConnectorError, ErrorCode, EventId, SecretSource, SignatureScheme, SubscribeContext, Subscription,
    WebhookReply, WebhookRequest,
};
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

// -------------------------------------------------------------------------------------------
// Webhook triggers: updates carrying the secret token made at setWebhook, run as the server does.
// -------------------------------------------------------------------------------------------

/// The `secret_token` FluxTurn generates and gives `setWebhook` when it registers the webhook.
const SECRET_TOKEN: &str = "test-only_secret-token_0123";

/// An update spaced as no serializer would, carrying the secret token as Telegram sends it.
fn update(body: Value) -> WebhookRequest {
    let headers = [("Content-Type", "application/json")];
    testing::signed(SignatureScheme::Telegram, testing::oddly_spaced(&body), headers, SECRET_TOKEN)
}

/// Delivers `request` to `trigger` as the server does, with the webhook's generated secret.
async fn deliver(
    bot: &Telegram,
    trigger: &str,
    config: Value,
    request: WebhookRequest,
) -> std::result::Result<WebhookReply<Value>, Rejection> {
    testing::deliver(bot, trigger, config, json!({"botToken": TOKEN}), Some(SECRET_TOKEN), request).await
}

/// The events of a delivery that must be accepted.
async fn events(bot: &Telegram, trigger: &str, config: Value, request: WebhookRequest) -> Vec<Value> {
    deliver(bot, trigger, config, request).await.expect("the delivery is accepted").events
}

/// The handler's error for a delivery that verifies but that the handler refuses.
async fn handler_error(bot: &Telegram, trigger: &str, config: Value, request: WebhookRequest) -> ConnectorError {
    match deliver(bot, trigger, config, request).await {
        Err(Rejection::Handler(error)) => error,
        other => panic!("expected the handler to refuse: {other:?}"),
    }
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

#[test]
fn every_trigger_checks_the_generated_secret_token_and_dedupes_on_the_update_id() {
    let triggers = connectors::registry().get("telegram").expect("registered").triggers();
    assert_eq!(triggers.len(), 5);
    for trigger in triggers {
        assert_eq!(trigger.verify, Some(SignatureScheme::Telegram), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Generated), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Body("/update_id")), "{}", trigger.id);
    }
}

#[tokio::test]
async fn new_message_filters_by_message_and_chat_type() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let found = events(&bot, "new_message", json!({}), text_update("group", "hello")).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["update_id"], 1001);
    assert_eq!(found[0]["message"]["text"], "hello");
    assert_eq!(found[0]["message"]["chat"]["type"], "group");

    let private_only = json!({"chatType": "private"});
    assert!(events(&bot, "new_message", private_only, text_update("group", "hi")).await.is_empty());
    let photos_only = json!({"messageType": "photo", "chatType": "all"});
    assert!(events(&bot, "new_message", photos_only, text_update("group", "hi")).await.is_empty());
}

#[tokio::test]
async fn new_message_gives_fluxturns_telegram_event_shape() {
    let server = MockServer::start().await;
    let request = update(json!({
        "update_id": 1001,
        "message": {
            "message_id": 5, "date": 1700000000,
            "chat": {"id": 42, "type": "private", "first_name": "Ada", "username": "ada"},
            "from": {"id": 42, "is_bot": false, "first_name": "Ada", "username": "ada", "language_code": "en"},
            "text": "/start now",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
        }
    }));
    let found = events(&bot(&server), "new_message", json!({"webhookToken": "legacy"}), request).await;
    // What FluxTurn's workflows read: `{{$json.telegramEvent.message.chat.id}}`, `...from.firstName`.
    assert_eq!(
        found[0]["telegramEvent"],
        json!({
            "type": "message",
            "updateId": 1001,
            "timestamp": "2023-11-14T22:13:20.000Z",
            "message": {
                "messageId": 5, "date": 1700000000,
                "chat": {"id": 42, "type": "private", "firstName": "Ada", "username": "ada"},
                "from": {"id": 42, "isBot": false, "firstName": "Ada", "username": "ada"},
                "text": "/start now",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
            }
        })
    );
    // ...and Telegram's own shape beside it (`{{node.message.text}}`).
    assert_eq!(found[0]["message"]["from"]["first_name"], "Ada");

    let post = update(json!({"update_id": 1005, "channel_post": {
        "message_id": 9, "date": 1700000001, "chat": {"id": -100, "type": "channel", "title": "News"}, "text": "out"}}));
    let found = events(&bot(&server), "new_message", json!({}), post).await;
    assert_eq!(found[0]["telegramEvent"]["type"], "channel_post");
    assert_eq!(found[0]["telegramEvent"]["message"]["chat"]["title"], "News");
    assert!(found[0]["telegramEvent"]["message"].get("from").is_none());
}

#[tokio::test]
async fn an_update_without_the_secret_token_or_with_another_is_refused() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let body = testing::oddly_spaced(
        &json!({"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}}}),
    );

    let unsigned = WebhookRequest::post(body.clone(), []);
    let refused = deliver(&bot, "new_message", json!({}), unsigned).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::MissingHeader(_)))), "{refused:?}");

    let wrong = testing::signed(SignatureScheme::Telegram, body.clone(), [], "test-only_another-token");
    let refused = deliver(&bot, "new_message", json!({}), wrong).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    // Telegram's token is a shared secret in a header: it does not cover the body, so a changed
    // body with the right token passes (Telegram's scheme, not a gap in ours).
    let mut changed = text_update("private", "hi");
    changed.body = String::from_utf8_lossy(&changed.body).replace("hi", "ho").into_bytes().into();
    assert_eq!(events(&bot, "new_message", json!({}), changed).await[0]["message"]["text"], "ho");
}

#[tokio::test]
async fn a_webhook_never_registered_has_no_secret_and_accepts_nothing() {
    let server = MockServer::start().await;
    let creds = json!({"botToken": TOKEN});
    let refused =
        testing::deliver(&bot(&server), "new_message", json!({}), creds, None, text_update("private", "hi")).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))), "{refused:?}");
}

#[test]
fn the_declared_event_id_is_the_update_id() {
    let meta = testing::trigger_meta::<Telegram>("new_message").expect("declared");
    let ids = meta.event_id.expect("declared").ids(Some(&text_update("group", "hi")), &[json!({})]);
    assert_eq!(ids, [Some("1001".to_owned())]);
}

#[tokio::test]
async fn new_command_matches_the_command_and_passes_its_arguments() {
    let server = MockServer::start().await;
    let bot = bot(&server);
    let request = text_update("group", "/order@flux_bot 2 pizzas");
    let found = events(&bot, "new_command", json!({"command": "/order"}), request.clone()).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["command"], "order");
    assert_eq!(found[0]["args"], "2 pizzas");
    assert_eq!(found[0]["message"]["message_id"], 5);

    let without_args =
        events(&bot, "new_command", json!({"command": "order", "includeArgs": false}), request.clone()).await;
    assert!(without_args[0].get("args").is_none());
    assert!(events(&bot, "new_command", json!({"command": "start"}), request).await.is_empty());
    let error = handler_error(&bot, "new_command", json!({}), text_update("group", "/x")).await;
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
    let found = events(&bot, "callback_query", json!({"dataPrefix": "order:"}), request.clone()).await;
    assert_eq!(found[0]["callback_query"]["data"], "order:17");
    assert!(events(&bot, "callback_query", json!({"dataPrefix": "vote:"}), request).await.is_empty());
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
    let found = events(&bot, "new_chat_member", json!({}), joined.clone()).await;
    let names: Vec<&Value> = found.iter().map(|e| &e["member"]["first_name"]).collect();
    assert_eq!(names, [&json!("Bob"), &json!("Cy")]);
    assert_eq!(found[0]["by"]["first_name"], "Ada");
    assert!(events(&bot, "chat_member_left", json!({}), joined).await.is_empty());

    let left = update(json!({
        "update_id": 1004,
        "message": {
            "message_id": 7, "date": 1700000003,
            "chat": {"id": -5, "type": "supergroup"},
            "from": {"id": 2, "is_bot": false, "first_name": "Bob"},
            "left_chat_member": {"id": 2, "is_bot": false, "first_name": "Bob"}
        }
    }));
    let found = events(&bot, "chat_member_left", json!(null), left).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["member"]["id"], 2);
    assert_eq!(found[0]["chat"]["id"], -5);
}

// ---------------------------------------------------------------------------------------------
// Registering the webhook
// ---------------------------------------------------------------------------------------------

const HOOK_URL: &str = "https://flux.example/webhooks/telegram/abc";

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "a1b2".repeat(16) }
}

#[tokio::test]
async fn subscribe_sets_the_webhook_with_the_generated_secret_and_every_update_the_triggers_read() {
    let server = MockServer::start().await;
    let body = json!({
        "url": HOOK_URL,
        "secret_token": "a1b2".repeat(16),
        "allowed_updates": ["message", "channel_post", "callback_query"],
        "drop_pending_updates": false
    });
    expect_call(&server, "setWebhook", body, json!(true)).await;
    let subscription = bot(&server).subscribe("new_message", json!({}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "bot-webhook");
    assert_eq!(subscription.secret, None, "Telegram keeps the secret FluxTurn chose");
    assert_eq!(subscription.state, json!({"url": HOOK_URL}));
    assert_eq!(subscription.expires_at, None);
}

#[tokio::test]
async fn every_trigger_sets_the_one_webhook_of_the_bot_for_every_update_they_read() {
    // A bot has one webhook: whichever trigger subscribes first, the others share it.
    let trigger_meta = |id: &str| connectors::registry().get("telegram").unwrap().trigger(id).unwrap();
    for (trigger, config) in [
        ("new_command", json!({"command": "/start"})),
        ("callback_query", json!({})),
        ("new_chat_member", json!({})),
        ("chat_member_left", json!({})),
    ] {
        assert!(trigger_meta(trigger).shared_endpoint, "{trigger}");
        let server = MockServer::start().await;
        let body = json!({
            "url": HOOK_URL, "secret_token": "a1b2".repeat(16),
            "allowed_updates": ["message", "channel_post", "callback_query"], "drop_pending_updates": false
        });
        expect_call(&server, "setWebhook", body, json!(true)).await;
        bot(&server).subscribe(trigger, config, context()).await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn subscribe_checks_the_trigger_config_before_calling_telegram() {
    let server = MockServer::start().await;
    let error = bot(&server).subscribe("new_command", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_set_webhook_names_telegrams_reason() {
    let server = MockServer::start().await;
    Mock::given(matchers::path(format!("/bot{TOKEN}/setWebhook")))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"ok": false, "error_code": 400, "description": "Bad Request: bad webhook: HTTPS url must be provided for webhook"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error = bot(&server).subscribe("new_message", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(
        error.message,
        "Telegram refused to set the webhook: the upstream answered 400: Bad Request: bad webhook: HTTPS url must be provided for webhook"
    );
}

/// Mounts `getWebhookInfo` answering that the webhook points at `url`.
async fn webhook_points_at(server: &MockServer, url: &str) {
    let info = json!({"url": url, "has_custom_certificate": false, "pending_update_count": 0});
    expect_call(server, "getWebhookInfo", json!({}), info).await;
}

fn subscription() -> Subscription {
    Subscription { upstream_id: "bot-webhook".into(), state: json!({"url": HOOK_URL}), ..Subscription::default() }
}

#[tokio::test]
async fn unsubscribe_deletes_the_webhook_it_set() {
    let server = MockServer::start().await;
    webhook_points_at(&server, HOOK_URL).await;
    expect_call(&server, "deleteWebhook", json!({"drop_pending_updates": false}), json!(true)).await;
    bot(&server).unsubscribe("callback_query", json!({}), subscription()).await.unwrap();
}

#[tokio::test]
async fn unsubscribe_leaves_a_webhook_another_registration_set_since() {
    let server = MockServer::start().await;
    webhook_points_at(&server, "https://flux.example/webhooks/telegram/other").await;
    Mock::given(matchers::path(format!("/bot{TOKEN}/deleteWebhook")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": true})))
        .expect(0)
        .mount(&server)
        .await;
    bot(&server).unsubscribe("new_message", json!({}), subscription()).await.unwrap();
}

#[tokio::test]
async fn unsubscribe_of_a_webhook_already_deleted_is_ok() {
    let server = MockServer::start().await;
    webhook_points_at(&server, "").await;
    Mock::given(matchers::path(format!("/bot{TOKEN}/deleteWebhook")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "result": true, "description": "Webhook is already deleted"})),
        )
        .mount(&server)
        .await;
    bot(&server).unsubscribe("new_message", json!({}), subscription()).await.unwrap();
}
