//! Discord against a local mock of its API, through the test kit.

use connectors::communication::discord::Discord;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::verify::discord_public_key;
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{Connector, ErrorCode, EventId, SecretSource, SignatureScheme, WebhookReply, WebhookRequest};
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

// -------------------------------------------------------------------------------------------
// The Interactions endpoint: requests signed with Ed25519, checked with the application's public
// key, run as the server does. (The four triggers above are Gateway events: no HTTP signature.)
// -------------------------------------------------------------------------------------------

/// A test-only Ed25519 signing key (RFC 8032 section 7.1, TEST 2): what signs like Discord.
const SIGNING_SEED: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
/// Another test-only key (RFC 8032 section 7.1, TEST 1).
const OTHER_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

/// The bot connection with the application's public key.
fn app() -> Value {
    let public_key = discord_public_key(SIGNING_SEED).expect("a valid seed");
    json!({"authType": "bot", "botToken": "bt_test", "publicKey": public_key})
}

/// An interaction spaced as no serializer would, signed as Discord signs it.
fn interaction(body: Value) -> WebhookRequest {
    signed_by(SIGNING_SEED, body)
}

fn signed_by(seed: &str, body: Value) -> WebhookRequest {
    let headers = [("Content-Type", "application/json")];
    testing::signed(SignatureScheme::DiscordEd25519, testing::oddly_spaced(&body), headers, seed)
}

fn slash_command(name: &str) -> Value {
    json!({
        "id": "1130000000000000001", "application_id": "app1", "type": 2, "token": "itoken", "version": 1,
        "guild_id": "g1", "channel_id": "c1",
        "member": {"user": {"id": "u1", "username": "ada", "global_name": "Ada"}, "roles": [], "nick": null},
        "data": {"id": "cmd1", "name": name, "type": 1, "options": [{"name": "size", "type": 3, "value": "large"}]}
    })
}

fn button_press() -> Value {
    json!({
        "id": "1130000000000000002", "application_id": "app1", "type": 3, "token": "itoken2", "version": 1,
        "channel_id": "c1", "user": {"id": "u2", "username": "bob"},
        "data": {"custom_id": "approve:17", "component_type": 2}
    })
}

/// Delivers `request` to `interaction_received` as the server does, with [`app`]'s credentials.
async fn deliver(discord: &Discord, config: Value, request: WebhookRequest) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(discord, "interaction_received", config, app(), None, request).await
}

#[test]
fn the_interaction_trigger_verifies_ed25519_with_the_public_key_and_the_gateway_ones_nothing() {
    let entry = connectors::registry().get("discord").expect("registered");
    let trigger = entry.trigger("interaction_received").expect("declared");
    assert_eq!(trigger.verify, Some(SignatureScheme::DiscordEd25519));
    assert_eq!(trigger.secret, Some(SecretSource::Credential("publicKey")));
    assert_eq!(trigger.event_id, Some(EventId::Body("/id")));
    for gateway in ["new_message", "reaction_added", "member_joined", "member_left"] {
        assert_eq!(entry.trigger(gateway).expect("declared").verify, None, "{gateway}");
    }
}

#[tokio::test]
async fn a_ping_is_answered_with_a_pong_and_gives_no_event() {
    let server = MockServer::start().await;
    let discord = testing::connect::<Discord>(&server, app());
    let ping = interaction(
        json!({"id": "1130000000000000000", "application_id": "app1", "type": 1, "token": "t", "version": 1}),
    );
    let reply = deliver(&discord, json!({}), ping).await.expect("verified");
    assert!(reply.events.is_empty());
    let response = reply.response.expect("a PONG");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(serde_json::from_slice::<Value>(&response.body).unwrap(), json!({"type": 1}));
}

#[tokio::test]
async fn a_slash_command_is_an_event_answered_at_once_or_deferred() {
    let server = MockServer::start().await;
    let discord = testing::connect::<Discord>(&server, app());
    let reply = deliver(&discord, json!({"commandName": "/order"}), interaction(slash_command("order"))).await.unwrap();
    assert_eq!(reply.events.len(), 1);
    let event = &reply.events[0];
    assert_eq!(event["command_name"], "order");
    assert_eq!(event["type"], 2);
    assert_eq!(event["token"], "itoken");
    assert_eq!(event["user"]["username"], "ada");
    assert_eq!(event["data"]["options"][0]["value"], "large");
    let answer: Value = serde_json::from_slice(&reply.response.expect("an answer").body).unwrap();
    assert_eq!(answer, json!({"type": 5}), "deferred: Discord shows \"thinking...\"");

    let config = json!({"replyMessage": "On it!"});
    let reply = deliver(&discord, config, interaction(slash_command("order"))).await.unwrap();
    let answer: Value = serde_json::from_slice(&reply.response.expect("an answer").body).unwrap();
    assert_eq!(answer, json!({"type": 4, "data": {"content": "On it!"}}));

    // Another command: no event, but Discord still gets its answer.
    let reply = deliver(&discord, json!({"commandName": "cancel"}), interaction(slash_command("order"))).await.unwrap();
    assert!(reply.events.is_empty());
    assert!(reply.response.is_some());
}

#[tokio::test]
async fn a_button_press_is_deferred_silently_and_filtered_by_type() {
    let server = MockServer::start().await;
    let discord = testing::connect::<Discord>(&server, app());
    let reply = deliver(&discord, json!({"interactionType": "component"}), interaction(button_press())).await.unwrap();
    assert_eq!(reply.events[0]["custom_id"], "approve:17");
    assert_eq!(reply.events[0]["user"]["id"], "u2");
    let answer: Value = serde_json::from_slice(&reply.response.expect("an answer").body).unwrap();
    assert_eq!(answer, json!({"type": 6}));
    let commands_only = json!({"interactionType": "command"});
    assert!(deliver(&discord, commands_only, interaction(button_press())).await.unwrap().events.is_empty());
}

#[tokio::test]
async fn a_tampered_body_or_another_key_is_refused() {
    let server = MockServer::start().await;
    let discord = testing::connect::<Discord>(&server, app());

    let mut tampered = interaction(slash_command("order"));
    tampered.body = String::from_utf8_lossy(&tampered.body).replace("large", "LARGE").into_bytes().into();
    let refused = deliver(&discord, json!({}), tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let refused = deliver(&discord, json!({}), signed_by(OTHER_SEED, slash_command("order"))).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");
}

#[tokio::test]
async fn without_the_public_key_nothing_is_accepted() {
    let server = MockServer::start().await;
    let discord = testing::connect::<Discord>(&server, bot());
    let request = interaction(slash_command("order"));
    let refused = testing::deliver(&discord, "interaction_received", json!({}), bot(), None, request).await;
    let Err(Rejection::NoSecret(why)) = refused else { panic!("no key, no delivery: {refused:?}") };
    assert!(why.contains("publicKey"), "{why}");
}

#[test]
fn the_declared_event_id_is_the_interaction_id() {
    let meta = testing::trigger_meta::<Discord>("interaction_received").expect("declared");
    let ids = meta.event_id.expect("declared").ids(Some(&interaction(slash_command("order"))), &[json!({})]);
    assert_eq!(ids, [Some("1130000000000000001".to_owned())]);
}
