//! Slack against a local mock of the Web API: bearer tokens, JSON bodies for writes, query
//! strings for reads, cursor pagination, `{"ok": false}` answers, and Events API webhooks.

use connectors::communication::slack::Slack;
use fluxturn_core::meta::RateLimitMeta;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    ConnectContext, Connector, ErrorCode, EventId, SecretSource, SignatureScheme, WebhookReply, WebhookRequest,
};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

const TOKEN: &str = "xoxb-test-token";

/// Connects with a bot token. The declared 60 requests/minute spaces calls one second apart,
/// which would make every multi-call test (upload, pagination, name lookups) slow: lifted here.
fn slack(server: &MockServer) -> Slack {
    let Value::Object(credentials) = json!({"authMode": "token", "botToken": TOKEN}) else { unreachable!() };
    ConnectContext::new(credentials)
        .with_base_url(server.uri())
        .with_rate_limits(RateLimitMeta { per_second: None, per_minute: None, per_hour: None })
        .connect()
        .unwrap()
}

fn ok(body: Value) -> ResponseTemplate {
    let mut body = body;
    body["ok"] = json!(true);
    ResponseTemplate::new(200).set_body_json(body)
}

/// Mounts `POST /<method>` with the bot token, expecting exactly the JSON `body`.
async fn expect_post(server: &MockServer, method: &str, body: Value, answer: Value) {
    Mock::given(matchers::method("POST"))
        .and(matchers::path(format!("/{method}")))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(matchers::header("content-type", "application/json"))
        .and(matchers::body_json(body))
        .respond_with(ok(answer))
        .expect(1)
        .mount(server)
        .await;
}

/// Mounts `GET /<method>` with the bot token, expecting each of `query`.
async fn expect_get(server: &MockServer, method: &str, query: &[(&str, &str)], answer: Value) {
    let mut mock = Mock::given(matchers::method("GET"))
        .and(matchers::path(format!("/{method}")))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()));
    for (name, value) in query {
        mock = mock.and(matchers::query_param(*name, *value));
    }
    mock.respond_with(ok(answer)).expect(1).mount(server).await;
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    slack(server).execute(action, input).await
}

#[tokio::test]
async fn send_message_posts_channel_text_and_thread() {
    let server = MockServer::start().await;
    let answer = json!({"channel": "C1", "ts": "1712.0001", "message": {"text": "hi", "type": "message"}});
    expect_post(&server, "chat.postMessage", json!({"channel": "C1", "text": "hi", "thread_ts": "1711.0009"}), answer)
        .await;
    let output =
        run(&server, "send_message", json!({"channelId": "C1", "text": "hi", "threadTs": "1711.0009"})).await.unwrap();
    assert_eq!(
        output,
        json!({"ok": true, "channel": "C1", "ts": "1712.0001", "message": {"text": "hi", "type": "message"}})
    );
}

#[tokio::test]
async fn send_message_without_thread_sends_no_thread_ts() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        "chat.postMessage",
        json!({"channel": "U7", "text": "hi"}),
        json!({"channel": "D7", "ts": "1.2"}),
    )
    .await;
    let output = run(&server, "send_message", json!({"channelId": "U7", "text": "hi"})).await.unwrap();
    assert_eq!(output["channel"], "D7");
}

#[tokio::test]
async fn an_oauth_access_token_is_used_as_the_bearer() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/chat.postMessage"))
        .and(matchers::header("authorization", "Bearer xoxp-oauth"))
        .respond_with(ok(json!({"channel": "C1", "ts": "1.1"})))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<Slack>(&server, json!({"authMode": "oneclick", "accessToken": "xoxp-oauth"}));
    connector.execute("send_message", json!({"channelId": "C1", "text": "hi"})).await.unwrap();
}

#[tokio::test]
async fn update_message_posts_to_chat_update() {
    let server = MockServer::start().await;
    let answer = json!({"channel": "C1", "ts": "1.1", "text": "new", "message": {"text": "new"}});
    expect_post(&server, "chat.update", json!({"channel": "C1", "ts": "1.1", "text": "new"}), answer).await;
    let output = run(&server, "update_message", json!({"channelId": "C1", "ts": "1.1", "text": "new"})).await.unwrap();
    assert_eq!(output["message"]["text"], "new");
    assert_eq!(output["ts"], "1.1");
}

#[tokio::test]
async fn delete_message_posts_to_chat_delete() {
    let server = MockServer::start().await;
    expect_post(&server, "chat.delete", json!({"channel": "C1", "ts": "1.1"}), json!({"channel": "C1", "ts": "1.1"}))
        .await;
    let output = run(&server, "delete_message", json!({"channelId": "C1", "ts": "1.1"})).await.unwrap();
    assert_eq!(output, json!({"ok": true, "channel": "C1", "ts": "1.1"}));
}

#[tokio::test]
async fn get_permalink_reads_with_the_message_ts() {
    let server = MockServer::start().await;
    let link = "https://acme.slack.com/archives/C1/p11";
    expect_get(
        &server,
        "chat.getPermalink",
        &[("channel", "C1"), ("message_ts", "1.1")],
        json!({"channel": "C1", "permalink": link}),
    )
    .await;
    let output = run(&server, "get_permalink", json!({"channelId": "C1", "ts": "1.1"})).await.unwrap();
    assert_eq!(output, json!({"channel": "C1", "permalink": link}));
}

#[tokio::test]
async fn search_messages_returns_the_matches_and_total() {
    let server = MockServer::start().await;
    let answer =
        json!({"query": "deploy", "messages": {"total": 42, "matches": [{"text": "deploy done", "ts": "1.1"}]}});
    expect_get(&server, "search.messages", &[("query", "deploy"), ("count", "20")], answer).await;
    let output = run(&server, "search_messages", json!({"query": "deploy"})).await.unwrap();
    assert_eq!(output, json!({"messages": [{"text": "deploy done", "ts": "1.1"}], "total": 42}));
}

#[tokio::test]
async fn create_channel_posts_name_and_privacy() {
    let server = MockServer::start().await;
    let channel = json!({"id": "C9", "name": "ops", "is_private": true});
    expect_post(
        &server,
        "conversations.create",
        json!({"name": "ops", "is_private": true}),
        json!({"channel": channel}),
    )
    .await;
    let output = run(&server, "create_channel", json!({"name": "ops", "is_private": true})).await.unwrap();
    assert_eq!(output, json!({"channel": channel}));
}

#[tokio::test]
async fn get_channel_reads_conversations_info() {
    let server = MockServer::start().await;
    let channel = json!({"id": "C1", "name": "general"});
    expect_get(&server, "conversations.info", &[("channel", "C1")], json!({"channel": channel})).await;
    let output = run(&server, "get_channel", json!({"channelId": "C1"})).await.unwrap();
    assert_eq!(output, json!({"channel": channel}));
}

#[tokio::test]
async fn get_channels_follows_the_cursor_up_to_the_limit() {
    let server = MockServer::start().await;
    let auth = format!("Bearer {TOKEN}");
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/conversations.list"))
        .and(matchers::header("authorization", auth.as_str()))
        .and(matchers::query_param("cursor", "dGVhbTpD"))
        .and(matchers::query_param("limit", "1"))
        .respond_with(ok(json!({"channels": [{"id": "C2"}], "response_metadata": {"next_cursor": "more"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/conversations.list"))
        .and(matchers::query_param("types", "public_channel,private_channel"))
        .and(matchers::query_param("limit", "3"))
        .and(matchers::query_param_is_missing("cursor"))
        .respond_with(ok(
            json!({"channels": [{"id": "C0"}, {"id": "C1"}], "response_metadata": {"next_cursor": "dGVhbTpD"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"limit": 3, "types": "public_channel,private_channel"});
    let output = run(&server, "get_channels", input).await.unwrap();
    assert_eq!(output, json!({"channels": [{"id": "C0"}, {"id": "C1"}, {"id": "C2"}]}));
}

#[tokio::test]
async fn channel_history_passes_the_time_range_and_reports_more() {
    let server = MockServer::start().await;
    let answer = json!({"messages": [{"ts": "3.0"}, {"ts": "2.0"}], "has_more": true, "response_metadata": {"next_cursor": "c2"}});
    let query = [("channel", "C1"), ("limit", "2"), ("oldest", "1.0"), ("latest", "9.0")];
    expect_get(&server, "conversations.history", &query, answer).await;
    let input = json!({"channelId": "C1", "limit": 2, "oldest": "1.0", "latest": "9.0"});
    let output = run(&server, "channel_history", input).await.unwrap();
    assert_eq!(output, json!({"messages": [{"ts": "3.0"}, {"ts": "2.0"}], "has_more": true}));
}

#[tokio::test]
async fn invite_to_channel_posts_the_user_list() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        "conversations.invite",
        json!({"channel": "C1", "users": "U1,U2"}),
        json!({"channel": {"id": "C1"}}),
    )
    .await;
    let output = run(&server, "invite_to_channel", json!({"channelId": "C1", "users": "U1, U2"})).await.unwrap();
    assert_eq!(output, json!({"channel": {"id": "C1"}}));
}

#[tokio::test]
async fn join_channel_posts_to_conversations_join() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        "conversations.join",
        json!({"channel": "C1"}),
        json!({"channel": {"id": "C1", "is_member": true}}),
    )
    .await;
    let output = run(&server, "join_channel", json!({"channelId": "C1"})).await.unwrap();
    assert_eq!(output["channel"]["is_member"], true);
}

#[tokio::test]
async fn leave_channel_posts_to_conversations_leave() {
    let server = MockServer::start().await;
    expect_post(&server, "conversations.leave", json!({"channel": "C1"}), json!({})).await;
    let output = run(&server, "leave_channel", json!({"channelId": "C1"})).await.unwrap();
    assert_eq!(output, json!({"ok": true, "not_in_channel": false}));
}

#[tokio::test]
async fn get_channel_members_returns_user_ids() {
    let server = MockServer::start().await;
    let answer = json!({"members": ["U1", "U2"], "response_metadata": {"next_cursor": ""}});
    expect_get(&server, "conversations.members", &[("channel", "C1"), ("limit", "100")], answer).await;
    let output = run(&server, "get_channel_members", json!({"channelId": "C1"})).await.unwrap();
    assert_eq!(output, json!({"members": ["U1", "U2"]}));
}

#[tokio::test]
async fn upload_file_reserves_uploads_and_completes() {
    let server = MockServer::start().await;
    let upload_url = format!("{}/upload/v1/abc", server.uri());
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/files.getUploadURLExternal"))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(matchers::header("content-type", "application/x-www-form-urlencoded"))
        .and(matchers::body_string_contains("filename=report.csv"))
        .and(matchers::body_string_contains("length=7"))
        .respond_with(ok(json!({"upload_url": upload_url, "file_id": "F1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/upload/v1/abc"))
        .and(matchers::body_string_contains("filename=\"report.csv\""))
        .and(matchers::body_string_contains("a,b\n1,2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("OK - 7"))
        .expect(1)
        .mount(&server)
        .await;
    let file = json!({"id": "F1", "name": "report.csv", "title": "Report"});
    let complete = json!({"files": [{"id": "F1", "title": "Report"}], "channels": "C1,C2"});
    expect_post(&server, "files.completeUploadExternal", complete, json!({"files": [file]})).await;
    let input = json!({"content": "a,b\n1,2", "filename": "report.csv", "title": "Report", "channels": "C1, C2"});
    let output = run(&server, "upload_file", input).await.unwrap();
    assert_eq!(output, json!({"file": file}));
}

#[tokio::test]
async fn get_file_reads_files_info() {
    let server = MockServer::start().await;
    expect_get(&server, "files.info", &[("file", "F1")], json!({"file": {"id": "F1", "size": 7}})).await;
    let output = run(&server, "get_file", json!({"file": "F1"})).await.unwrap();
    assert_eq!(output, json!({"file": {"id": "F1", "size": 7}}));
}

#[tokio::test]
async fn get_users_reads_users_list() {
    let server = MockServer::start().await;
    let answer = json!({"members": [{"id": "U1", "name": "ada"}], "response_metadata": {"next_cursor": ""}});
    expect_get(&server, "users.list", &[("limit", "5")], answer).await;
    let output = run(&server, "get_users", json!({"limit": 5})).await.unwrap();
    assert_eq!(output, json!({"users": [{"id": "U1", "name": "ada"}]}));
}

#[tokio::test]
async fn get_messages_reads_the_channel_of_its_options() {
    let server = MockServer::start().await;
    expect_get(
        &server,
        "conversations.history",
        &[("channel", "C1"), ("limit", "10")],
        json!({"messages": [{"ts": "1.0"}]}),
    )
    .await;
    let output = run(&server, "get_messages", json!({"options": {"channelId": "C1", "limit": 10}})).await.unwrap();
    assert_eq!(output, json!({"messages": [{"ts": "1.0"}], "has_more": false}));
    let error = run(&server, "get_messages", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn ok_false_answers_become_classified_errors() {
    let server = MockServer::start().await;
    for (channel, error) in [("C404", "channel_not_found"), ("CAUTH", "invalid_auth"), ("CARCH", "is_archived")] {
        Mock::given(matchers::path("/chat.postMessage"))
            .and(matchers::body_partial_json(json!({"channel": channel})))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": false, "error": error})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let send = |channel: &str| run(&server, "send_message", json!({"channelId": channel, "text": "hi"}));
    let not_found = send("C404").await.unwrap_err();
    assert_eq!(not_found.code, ErrorCode::NotFound);
    assert_eq!(not_found.message, "Slack answered `channel_not_found`");
    assert_eq!(not_found.details["slack_error"], "channel_not_found");
    assert_eq!(send("CAUTH").await.unwrap_err().code, ErrorCode::Unauthorized);
    assert_eq!(send("CARCH").await.unwrap_err().code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn test_connection_posts_auth_test() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/auth.test"))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ok(json!({"user_id": "U0", "team": "Acme"})))
        .expect(1)
        .mount(&server)
        .await;
    slack(&server).test_connection().await.unwrap();

    let server = MockServer::start().await;
    Mock::given(matchers::path("/auth.test"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": false, "error": "token_revoked"})))
        .mount(&server)
        .await;
    let error = slack(&server).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
}

#[tokio::test]
async fn connecting_needs_the_auth_mode() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<Slack>(&server, json!({"botToken": TOKEN})) else {
        panic!("authMode is required")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`authMode`"), "{error}");
}

// -------------------------------------------------------------------------------------------
// Events API triggers: deliveries signed with the app's signing secret, run as the server does.
// -------------------------------------------------------------------------------------------

const SIGNING_SECRET: &str = "test-only-slack-signing-secret";

/// The connection's credentials, with the app's signing secret (what the triggers verify with).
fn credentials() -> Value {
    json!({"authMode": "token", "botToken": TOKEN, "signingSecret": SIGNING_SECRET})
}

/// An Events API body, spaced as no serializer would.
fn body(inner: Value) -> String {
    testing::oddly_spaced(
        &json!({"type": "event_callback", "team_id": "T1", "event_id": "Ev1", "event_time": 1712, "event": inner}),
    )
}

/// An `event_callback` carrying `inner`, signed as Slack signs it now.
fn event(inner: Value) -> WebhookRequest {
    testing::signed(SignatureScheme::SlackV0, body(inner), [("Content-Type", "application/json")], SIGNING_SECRET)
}

fn message_in(channel: &str, user: &str) -> WebhookRequest {
    event(json!({"type": "message", "channel": channel, "user": user, "text": "hello", "ts": "1.1"}))
}

/// Delivers `request` to `trigger` as the server does, with [`credentials`].
async fn deliver(
    slack: &Slack,
    trigger: &str,
    config: Value,
    request: WebhookRequest,
) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(slack, trigger, config, credentials(), None, request).await
}

/// The events of a delivery that must be accepted.
async fn events(slack: &Slack, trigger: &str, config: Value, request: WebhookRequest) -> Vec<Value> {
    deliver(slack, trigger, config, request).await.expect("the delivery is accepted").events
}

#[test]
fn every_trigger_verifies_slack_v0_with_the_signing_secret_and_dedupes_on_event_id() {
    let triggers = connectors::registry().get("slack").expect("registered").triggers();
    assert_eq!(triggers.len(), 7);
    for trigger in triggers {
        assert_eq!(trigger.verify, Some(SignatureScheme::SlackV0), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Credential("signingSecret")), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Body("/event_id")), "{}", trigger.id);
        assert!(trigger.shared_endpoint, "a Slack app has one Request URL: {}", trigger.id);
    }
}

#[tokio::test]
async fn message_trigger_filters_by_channel_and_ignored_users() {
    let server = MockServer::start().await;
    let slack = slack(&server);
    let events_of = |config: Value, request| {
        let slack = &slack;
        async move { events(slack, "message", config, request).await }
    };
    let found = events_of(json!({"channelId": "C1"}), message_in("C1", "U1")).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["slackEvent"]["text"], "hello");
    assert_eq!(found[0]["teamId"], "T1");
    assert_eq!(found[0]["eventId"], "Ev1");
    assert!(found[0].get("userName").is_none());

    assert!(events_of(json!({"channelId": "C1"}), message_in("C2", "U1")).await.is_empty());
    let everywhere = json!({"watchWholeWorkspace": true, "ignoreUserList": "U9, U1"});
    assert!(events_of(everywhere.clone(), message_in("C2", "U1")).await.is_empty());
    assert_eq!(events_of(everywhere, message_in("C2", "U2")).await.len(), 1);

    let Err(Rejection::Handler(error)) = deliver(&slack, "message", json!({}), message_in("C1", "U1")).await else {
        panic!("a channel or the whole workspace must be chosen")
    };
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn message_trigger_resolves_names_when_asked() {
    let server = MockServer::start().await;
    expect_get(
        &server,
        "users.info",
        &[("user", "U1")],
        json!({"user": {"id": "U1", "name": "ada", "real_name": "Ada L"}}),
    )
    .await;
    expect_get(
        &server,
        "conversations.info",
        &[("channel", "C1")],
        json!({"channel": {"id": "C1", "name": "general"}}),
    )
    .await;
    let config = json!({"channelId": "C1", "resolveIds": true});
    let found = events(&slack(&server), "message", config, message_in("C1", "U1")).await;
    assert_eq!(found[0]["userName"], "Ada L");
    assert_eq!(found[0]["channelName"], "general");
}

#[tokio::test]
async fn the_url_verification_handshake_is_answered_with_the_challenge_and_gives_no_event() {
    let server = MockServer::start().await;
    let slack = slack(&server);
    let handshake = testing::oddly_spaced(
        &json!({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "token": "t"}),
    );
    for (trigger, config) in
        [("message", json!({"channelId": "C1"})), ("app_mention", json!({})), ("file_public", json!({}))]
    {
        let request = testing::signed(SignatureScheme::SlackV0, handshake.clone(), [], SIGNING_SECRET);
        let reply = deliver(&slack, trigger, config, request).await.expect("verified");
        assert!(reply.events.is_empty(), "{trigger}");
        let response = reply.response.expect("the challenge is answered");
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(&response.body[..], b"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }
    // The handshake is signed like any request: an unsigned one is refused before it is answered.
    let unsigned = WebhookRequest::post(handshake, []);
    let refused = deliver(&slack, "app_mention", json!({}), unsigned).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::MissingHeader(_)))), "{refused:?}");
}

#[tokio::test]
async fn events_of_another_type_give_no_event_and_the_default_answer() {
    let server = MockServer::start().await;
    let everywhere = json!({"watchWholeWorkspace": true});
    let reply = deliver(&slack(&server), "reaction_added", everywhere, message_in("C1", "U1")).await.unwrap();
    assert_eq!(reply, WebhookReply::events(vec![]));
}

#[tokio::test]
async fn app_mention_and_reaction_added_events() {
    let server = MockServer::start().await;
    let slack = slack(&server);
    let mention = event(json!({"type": "app_mention", "user": "U1", "text": "<@B1> hi", "channel": "C1", "ts": "1.1"}));
    assert_eq!(events(&slack, "app_mention", json!({}), mention).await[0]["slackEvent"]["text"], "<@B1> hi");

    let reaction = event(json!({
        "type": "reaction_added", "user": "U1", "reaction": "tada",
        "item": {"type": "message", "channel": "C1", "ts": "1.1"}, "event_ts": "2.2"
    }));
    let found = events(&slack, "reaction_added", json!({"channelId": "C1"}), reaction.clone()).await;
    assert_eq!(found[0]["slackEvent"]["reaction"], "tada");
    assert!(events(&slack, "reaction_added", json!({"channelId": "C2"}), reaction).await.is_empty());
}

#[tokio::test]
async fn workspace_events_pass_through() {
    let server = MockServer::start().await;
    let slack = slack(&server);
    let created = event(json!({"type": "channel_created", "channel": {"id": "C5", "name": "new", "creator": "U1"}}));
    assert_eq!(events(&slack, "channel_created", json!({}), created).await[0]["slackEvent"]["channel"]["id"], "C5");
    let joined = event(json!({"type": "team_join", "user": {"id": "U5", "name": "bob"}}));
    assert_eq!(events(&slack, "team_join", json!(null), joined).await[0]["slackEvent"]["user"]["id"], "U5");
    let public = event(json!({"type": "file_public", "file_id": "F5", "user_id": "U1"}));
    assert_eq!(events(&slack, "file_public", json!({}), public).await[0]["slackEvent"]["file_id"], "F5");
}

#[tokio::test]
async fn file_shared_fetches_the_file_details_when_asked() {
    let server = MockServer::start().await;
    expect_get(&server, "files.info", &[("file", "F5")], json!({"file": {"id": "F5", "name": "a.txt"}})).await;
    let shared = event(
        json!({"type": "file_shared", "file_id": "F5", "user_id": "U1", "channel_id": "C1", "file": {"id": "F5"}}),
    );
    let config = json!({"channelId": "C1", "downloadFiles": true});
    let found = events(&slack(&server), "file_shared", config, shared.clone()).await;
    assert_eq!(found[0]["file"], json!({"id": "F5", "name": "a.txt"}));
    assert!(events(&slack(&server), "file_shared", json!({"channelId": "C2"}), shared).await.is_empty());
}

#[tokio::test]
async fn a_tampered_body_a_wrong_secret_or_a_stale_timestamp_is_refused() {
    let server = MockServer::start().await;
    let slack = slack(&server);
    let config = json!({"watchWholeWorkspace": true});

    let mut tampered = message_in("C1", "U1");
    tampered.body = String::from_utf8_lossy(&tampered.body).replace("hello", "hellO").into_bytes().into();
    let refused = deliver(&slack, "message", config.clone(), tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let inner = json!({"type": "message", "channel": "C1", "user": "U1", "text": "hello"});
    let wrong = testing::signed(SignatureScheme::SlackV0, body(inner.clone()), [], "test-only-another-secret");
    let refused = deliver(&slack, "message", config.clone(), wrong).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let ten_minutes_ago = SystemTime::now() - Duration::from_secs(600);
    let stale = testing::signed_at(SignatureScheme::SlackV0, body(inner), [], SIGNING_SECRET, ten_minutes_ago);
    let refused = deliver(&slack, "message", config, stale).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Stale { .. }))), "{refused:?}");
}

#[tokio::test]
async fn without_a_signing_secret_nothing_is_accepted() {
    let server = MockServer::start().await;
    let no_secret = json!({"authMode": "token", "botToken": TOKEN});
    let config = json!({"watchWholeWorkspace": true});
    let refused = testing::deliver(&slack(&server), "message", config, no_secret, None, message_in("C1", "U1")).await;
    let Err(Rejection::NoSecret(why)) = refused else { panic!("no secret, no delivery: {refused:?}") };
    assert!(why.contains("signingSecret"), "{why}");
}

#[test]
fn the_declared_event_id_is_slacks_event_id() {
    let meta = testing::trigger_meta::<Slack>("message").expect("declared");
    let request = message_in("C1", "U1");
    let ids = meta.event_id.expect("declared").ids(Some(&request), &[json!({})]);
    assert_eq!(ids, [Some("Ev1".to_owned())]);
}
