//! Discord against a local mock of its API, through the test kit.

use connectors::communication::discord::Discord;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode, WebhookRequest};
use serde_json::{json, Value};

fn bot() -> Value {
    json!({"authType": "bot", "botToken": "bt_test"})
}

/// A mock of `method path` that requires the bot token on the wire.
fn discord(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path))
        .and(matchers::header("authorization", "Bot bt_test"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Discord>(server, bot(), action, input).await
}

fn message(id: &str, content: &str) -> Value {
    json!({
        "id": id, "channel_id": "c1", "content": content, "timestamp": "2024-05-01T10:00:00+00:00",
        "author": {"id": "u1", "username": "fluxbot", "bot": true}, "edited_timestamp": null, "pinned": false
    })
}

#[tokio::test]
async fn channel_create_posts_the_channel_fields() {
    let server = MockServer::start().await;
    discord("POST", "/guilds/g1/channels")
        .and(matchers::body_json(json!({"name": "news", "type": 5, "topic": "Releases", "parent_id": "cat1", "nsfw": false})))
        .respond_with(ok(json!({"id": "c9", "type": 5, "guild_id": "g1", "name": "news", "topic": "Releases", "parent_id": "cat1", "position": 3, "nsfw": false})))
        .expect(1)
        .mount(&server)
        .await;
    let input =
        json!({"guildId": "g1", "name": "news", "type": 5, "topic": "Releases", "parent_id": "cat1", "nsfw": false});
    let output = run(&server, "channel_create", input).await.unwrap();
    assert_eq!(output["id"], "c9");
    assert_eq!(output["type"], 5);
    assert_eq!(output["position"], 3);
}

#[tokio::test]
async fn an_unknown_channel_type_never_reaches_discord() {
    let server = MockServer::start().await;
    let error = run(&server, "channel_create", json!({"guildId": "g1", "name": "x", "type": 3})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn channel_delete_deletes_the_channel() {
    let server = MockServer::start().await;
    discord("DELETE", "/channels/c1")
        .respond_with(ok(json!({"id": "c1", "type": 0, "name": "old"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "channel_delete", json!({"channelId": "c1"})).await.unwrap();
    assert_eq!(output["name"], "old");
}

#[tokio::test]
async fn message_send_posts_content_embeds_and_the_reply_reference() {
    let server = MockServer::start().await;
    discord("POST", "/channels/c1/messages")
        .and(matchers::body_json(json!({
            "content": "Deploy done",
            "embeds": [{"title": "v1.2", "color": 5793266, "fields": [{"name": "env", "value": "prod", "inline": true}]}],
            "tts": false,
            "message_reference": {"message_id": "m0"}
        })))
        .respond_with(ok(message("m1", "Deploy done")))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "channelId": "c1", "content": "Deploy done", "tts": false, "reply_to": "m0",
        "embeds": [{"title": "v1.2", "color": 5793266, "fields": [{"name": "env", "value": "prod", "inline": true}]}]
    });
    let output = run(&server, "message_send", input).await.unwrap();
    assert_eq!(output["id"], "m1");
    assert_eq!(output["author"]["username"], "fluxbot");
}

#[tokio::test]
async fn a_message_without_content_or_embeds_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let error = run(&server, "message_send", json!({"channelId": "c1", "content": "  "})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("content"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn message_edit_patches_the_content() {
    let server = MockServer::start().await;
    discord("PATCH", "/channels/c1/messages/m1")
        .and(matchers::body_json(json!({"content": "fixed"})))
        .respond_with(ok(message("m1", "fixed")))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "message_edit", json!({"channelId": "c1", "messageId": "m1", "content": "fixed"})).await.unwrap();
    assert_eq!(output["content"], "fixed");
}

#[tokio::test]
async fn message_delete_answers_success_on_204() {
    let server = MockServer::start().await;
    discord("DELETE", "/channels/c1/messages/m1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "message_delete", json!({"channelId": "c1", "messageId": "m1"})).await.unwrap();
    assert_eq!(output, json!({"success": true}));
}

#[tokio::test]
async fn message_react_url_encodes_the_emoji() {
    let server = MockServer::start().await;
    discord("PUT", "/channels/c1/messages/m1/reactions/%F0%9F%91%8D/@me")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    discord("PUT", "/channels/c1/messages/m1/reactions/party%3A42/@me")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "message_react", json!({"channelId": "c1", "messageId": "m1", "emoji": "👍"})).await.unwrap();
    assert_eq!(output, json!({"success": true}));
    run(&server, "message_react", json!({"channelId": "c1", "messageId": "m1", "emoji": "party:42"})).await.unwrap();
}

#[tokio::test]
async fn member_get_all_sends_limit_and_after() {
    let server = MockServer::start().await;
    discord("GET", "/guilds/g1/members")
        .and(matchers::query_param("limit", "100"))
        .and(matchers::query_param("after", "u0"))
        .respond_with(ok(json!([
            {"user": {"id": "u1", "username": "ada"}, "nick": null, "roles": ["r1"], "joined_at": "2024-01-01T00:00:00+00:00"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "member_get_all", json!({"guildId": "g1", "after": "u0"})).await.unwrap();
    assert_eq!(output[0]["user"]["username"], "ada");
    assert_eq!(output[0]["roles"], json!(["r1"]));
}

#[tokio::test]
async fn member_role_add_and_remove() {
    let server = MockServer::start().await;
    discord("PUT", "/guilds/g1/members/u1/roles/r1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    discord("DELETE", "/guilds/g1/members/u1/roles/r1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"guildId": "g1", "userId": "u1", "roleId": "r1"});
    assert_eq!(run(&server, "member_role_add", input.clone()).await.unwrap(), json!({"success": true}));
    assert_eq!(run(&server, "member_role_remove", input).await.unwrap(), json!({"success": true}));
}

#[tokio::test]
async fn webhook_send_posts_to_the_webhook_url_without_the_bot_token() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/api/webhooks/123/wh_secret"))
        .and(matchers::query_param("wait", "true"))
        .and(matchers::body_json(
            json!({"content": "Build green", "username": "CI", "avatar_url": "https://x.test/a.png"}),
        ))
        .respond_with(ok(message("m5", "Build green")))
        .expect(1)
        .mount(&server)
        .await;
    let credentials = json!({
        "authType": "webhook", "botToken": "bt_test",
        "webhookUrl": format!("{}/api/webhooks/123/wh_secret", server.uri())
    });
    let input = json!({"content": "Build green", "username": "CI", "avatar_url": "https://x.test/a.png"});
    let output = testing::execute::<Discord>(&server, credentials, "webhook_send", input).await.unwrap();
    assert_eq!(output["id"], "m5");
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none(), "the bot token must not go to a webhook URL");
}

#[tokio::test]
async fn webhook_send_without_a_webhook_url_names_it() {
    let server = MockServer::start().await;
    let error = run(&server, "webhook_send", json!({"content": "hi"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`webhookUrl`"), "{error}");
}

#[tokio::test]
async fn a_webhook_only_connection_connects_and_tests_its_webhook() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/api/webhooks/123/wh_secret"))
        .respond_with(ok(json!({"id": "123", "type": 1, "name": "CI"})))
        .expect(1)
        .mount(&server)
        .await;
    let credentials =
        json!({"authType": "webhook", "webhookUrl": format!("{}/api/webhooks/123/wh_secret", server.uri())});
    testing::connect::<Discord>(&server, credentials).test_connection().await.unwrap();
}

#[tokio::test]
async fn test_connection_reads_the_bot_user() {
    let server = MockServer::start().await;
    discord("GET", "/users/@me")
        .respond_with(ok(json!({"id": "b1", "username": "fluxbot"})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Discord>(&server, bot()).test_connection().await.unwrap();
}

#[tokio::test]
async fn an_oauth2_connection_prefers_its_bot_token_and_falls_back_to_the_access_token() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/users/@me"))
        .and(matchers::header("authorization", "Bot bt_oauth"))
        .respond_with(ok(json!({"id": "b1", "username": "fluxbot"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(matchers::path("/users/@me"))
        .and(matchers::header("authorization", "Bearer at_user"))
        .respond_with(ok(json!({"id": "u1", "username": "ada"})))
        .expect(1)
        .mount(&server)
        .await;
    let with_bot =
        json!({"authType": "oauth2", "clientId": "cid", "accessToken": "at_user", "botTokenOAuth": "bt_oauth"});
    testing::connect::<Discord>(&server, with_bot).test_connection().await.unwrap();
    let user_only = json!({"authType": "oauth2", "clientId": "cid", "accessToken": "at_user"});
    testing::connect::<Discord>(&server, user_only).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_401_from_discord_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/channels/c1/messages"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "401: Unauthorized", "code": 0})))
        .mount(&server)
        .await;
    let error = run(&server, "message_send", json!({"channelId": "c1", "content": "hi"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.message, "the upstream answered 401: 401: Unauthorized");
}

fn dispatch(event: &str, data: Value) -> WebhookRequest {
    WebhookRequest::post(json!({"op": 0, "s": 42, "t": event, "d": data}).to_string(), [])
}

#[tokio::test]
async fn new_message_filters_by_channel_content_and_author() {
    let server = MockServer::start().await;
    let discord = testing::connect::<Discord>(&server, bot());
    let mut from_user = message("m1", "Please DEPLOY now");
    from_user["guild_id"] = json!("g1");
    from_user["author"] = json!({"id": "u2", "username": "ada"});
    let config = json!({"guildId": "g1", "channelId": "c1", "contentFilter": "deploy", "authorFilter": "users"});
    let events = discord
        .handle_webhook("new_message", config.clone(), dispatch("MESSAGE_CREATE", from_user.clone()))
        .await
        .unwrap()
        .events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["content"], "Please DEPLOY now");
    assert_eq!(events[0]["author"]["bot"], false);

    let mut from_bot = from_user.clone();
    from_bot["author"]["bot"] = json!(true);
    let none = discord
        .handle_webhook("new_message", config.clone(), dispatch("MESSAGE_CREATE", from_bot))
        .await
        .unwrap()
        .events;
    assert!(none.is_empty(), "a bot's message is filtered out by authorFilter=users");
    let mut elsewhere = from_user.clone();
    elsewhere["channel_id"] = json!("c2");
    let none = discord
        .handle_webhook("new_message", config.clone(), dispatch("MESSAGE_CREATE", elsewhere))
        .await
        .unwrap()
        .events;
    assert!(none.is_empty(), "another channel");
    let none =
        discord.handle_webhook("new_message", config, dispatch("MESSAGE_UPDATE", from_user)).await.unwrap().events;
    assert!(none.is_empty(), "another event");
}

#[tokio::test]
async fn reaction_and_member_triggers() {
    let server = MockServer::start().await;
    let discord = testing::connect::<Discord>(&server, bot());
    let reaction = json!({"user_id": "u2", "channel_id": "c1", "message_id": "m1", "guild_id": "g1", "emoji": {"id": null, "name": "🔥"}});
    let events = discord
        .handle_webhook(
            "reaction_added",
            json!({"emojiFilter": "🔥"}),
            dispatch("MESSAGE_REACTION_ADD", reaction.clone()),
        )
        .await
        .unwrap()
        .events;
    assert_eq!(events[0]["emoji"]["name"], "🔥");
    let none = discord
        .handle_webhook("reaction_added", json!({"emojiFilter": "👍"}), dispatch("MESSAGE_REACTION_ADD", reaction))
        .await
        .unwrap()
        .events;
    assert!(none.is_empty());

    let joined = json!({"guild_id": "g1", "user": {"id": "u3", "username": "grace"}, "roles": [], "joined_at": "2024-05-01T00:00:00Z"});
    let events = discord
        .handle_webhook("member_joined", json!({"guildId": "g1"}), dispatch("GUILD_MEMBER_ADD", joined.clone()))
        .await
        .unwrap()
        .events;
    assert_eq!(events[0]["user"]["username"], "grace");
    let none = discord
        .handle_webhook("member_joined", json!({"guildId": "g2"}), dispatch("GUILD_MEMBER_ADD", joined))
        .await
        .unwrap()
        .events;
    assert!(none.is_empty());
    let left = json!({"guild_id": "g1", "user": {"id": "u3", "username": "grace"}});
    let events = discord
        .handle_webhook("member_left", json!({"guildId": "g1"}), dispatch("GUILD_MEMBER_REMOVE", left))
        .await
        .unwrap()
        .events;
    assert_eq!(
        events,
        [json!({"guild_id": "g1", "user": {"id": "u3", "username": "grace", "global_name": null, "bot": false}})]
    );
}
