//! Microsoft Teams against a local mock of Microsoft Graph.

use connectors::communication::teams::Teams;
use fluxturn_core::http::path_segment;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{verify, Rejection, SignatureError};
use fluxturn_core::{
    Connector, ErrorCode, EventId, SignatureScheme, SubscribeContext, Subscription, WebhookReply, WebhookRequest,
};
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

const TOKEN: &str = "eyJ0eXAi.TESTONLY.graph-token";
/// The token the server generated for a registration, carried by its URL.
const URL_TOKEN: &str = "TESTONLY-url-token-3f9a";
const HOOK_URL: &str = "https://flux.example/api/v1/webhooks/teams/reg-1?token=TESTONLY-url-token-3f9a";
const CHANNEL: &str = "19:general@thread.tacv2";
const CHAT: &str = "19:meeting_abc@thread.v2";

fn credentials() -> Value {
    json!({"accessToken": TOKEN, "authType": "oauth2", "tenantId": "contoso.onmicrosoft.com"})
}

/// A mock of `method path` that checks the token is sent as a bearer token.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Graph's error body.
fn graph_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {"code": code, "message": message, "innerError": {"request-id": "r-1", "date": "2026-11-27T09:00:00"}}
    }))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Teams>(server, credentials(), action, input).await
}

/// `/v1.0/teams/team-1/channels/<the channel, escaped>`.
fn channel_path() -> String {
    format!("/v1.0/teams/team-1/channels/{}", path_segment(CHANNEL))
}

fn chat_path() -> String {
    format!("/v1.0/chats/{}", path_segment(CHAT))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("teams").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_channel",
            "get_channel",
            "list_channels",
            "update_channel",
            "delete_channel",
            "send_channel_message",
            "list_channel_messages",
            "send_chat_message",
            "get_chat_message",
            "list_chat_messages",
            "create_task",
            "get_task",
            "list_tasks",
            "update_task",
            "delete_task"
        ] as [&str; 15]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_channel", "new_channel_message", "new_chat_message", "new_team_member"] as [&str; 4]);
    assert!(definition.supported_triggers.iter().all(|t| t.webhook_required));
    assert_eq!(definition.find_trigger("new_message").map(|t| t.id.as_str()), Some("new_chat_message"));
    let send = definition.find_action("send_channel_message").unwrap();
    assert_eq!(send.input_schema["content"].aliases, ["message"]);
}

#[test]
fn oauth2_signs_in_on_the_connections_tenant_with_pkce() {
    let definition = connectors::registry().definition("teams").expect("registered");
    let oauth = definition.oauth_config.as_ref().expect("oauth2");
    assert_eq!(oauth.authorization_url, "https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/authorize");
    assert_eq!(oauth.token_url, "https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token");
    assert!(oauth.scopes.iter().any(|s| s == "offline_access"));
    assert!(<Teams as fluxturn_core::ConnectorSpec>::META.auth[0].uses_pkce());
    let keys: Vec<&str> = definition.auth_fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["authType", "tenantId", "clientId", "clientSecret"]);
    let secret = definition.auth_fields.iter().find(|f| f.key == "clientSecret").unwrap();
    assert_eq!(secret.field_type, "password");
}

#[tokio::test]
async fn create_channel_posts_the_channel() {
    let server = MockServer::start().await;
    let answer = json!({"id": CHANNEL, "displayName": "Launch", "membershipType": "standard"});
    upstream("POST", "/v1.0/teams/team-1/channels")
        .and(matchers::body_json(
            json!({"displayName": "Launch", "description": "Go-live", "membershipType": "private"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input =
        json!({"teamId": "team-1", "displayName": "Launch", "description": "Go-live", "membershipType": "private"});
    assert_eq!(run(&server, "create_channel", input).await.unwrap(), answer);
}

#[tokio::test]
async fn get_channel_escapes_the_ids_into_the_path() {
    let server = MockServer::start().await;
    let answer = json!({"id": CHANNEL, "displayName": "General"});
    upstream("GET", &channel_path()).respond_with(ok(answer.clone())).expect(1).mount(&server).await;
    let output = run(&server, "get_channel", json!({"teamId": "team-1", "channelId": CHANNEL})).await.unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn list_channels_follows_the_next_link_on_graph() {
    let server = MockServer::start().await;
    let next = format!("{}/v1.0/teams/team-1/channels?$skiptoken=page2", server.uri());
    upstream("GET", "/v1.0/teams/team-1/channels")
        .and(matchers::query_param("$skiptoken", "page2"))
        .respond_with(ok(json!({"value": [{"id": "c3"}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/v1.0/teams/team-1/channels")
        .and(matchers::query_param_is_missing("$skiptoken"))
        .respond_with(ok(json!({"value": [{"id": "c1"}, {"id": "c2"}], "@odata.nextLink": next})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_channels", json!({"teamId": "team-1"})).await.unwrap();
    assert_eq!(output, json!({"value": [{"id": "c1"}, {"id": "c2"}, {"id": "c3"}]}));
}

#[tokio::test]
async fn a_next_link_to_another_host_is_never_followed() {
    let server = MockServer::start().await;
    let elsewhere = "https://graph.microsoft.com.evil.example/v1.0/teams/team-1/channels?$skiptoken=x";
    upstream("GET", "/v1.0/teams/team-1/channels")
        .respond_with(ok(json!({"value": [{"id": "c1"}], "@odata.nextLink": elsewhere})))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "list_channels", json!({"teamId": "team-1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse, "{error}");
    assert!(error.message.contains("not followed"), "{error}");
}

#[tokio::test]
async fn update_channel_patches_then_reads_the_channel_back() {
    let server = MockServer::start().await;
    upstream("PATCH", &channel_path())
        .and(matchers::body_json(json!({"displayName": "Launch 2", "description": ""})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let channel = json!({"id": CHANNEL, "displayName": "Launch 2", "description": ""});
    upstream("GET", &channel_path()).respond_with(ok(channel.clone())).expect(1).mount(&server).await;
    let input = json!({"teamId": "team-1", "channelId": CHANNEL, "displayName": "Launch 2", "description": ""});
    assert_eq!(run(&server, "update_channel", input).await.unwrap(), channel);
}

#[tokio::test]
async fn update_channel_with_nothing_to_change_sends_nothing() {
    let server = MockServer::start().await;
    let error = run(&server, "update_channel", json!({"teamId": "team-1", "channelId": CHANNEL})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_channel_deletes_it() {
    let server = MockServer::start().await;
    upstream("DELETE", &channel_path()).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let output = run(&server, "delete_channel", json!({"teamId": "team-1", "channelId": CHANNEL})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "id": CHANNEL}));
}

#[tokio::test]
async fn send_channel_message_posts_the_body_and_a_reply_goes_to_the_thread() {
    let server = MockServer::start().await;
    let message = json!({"id": "1700000000001", "body": {"contentType": "html", "content": "<b>Shipped</b>"}});
    upstream("POST", &format!("{}/messages", channel_path()))
        .and(matchers::body_json(json!({"body": {"contentType": "html", "content": "<b>Shipped</b>"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(message.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"teamId": "team-1", "channelId": CHANNEL, "content": "<b>Shipped</b>", "contentType": "html"});
    assert_eq!(run(&server, "send_channel_message", input).await.unwrap(), message);

    let reply = json!({"id": "1700000000002", "replyToId": "1700000000001"});
    upstream("POST", &format!("{}/messages/1700000000001/replies", channel_path()))
        .and(matchers::body_json(json!({"body": {"contentType": "text", "content": "Thanks"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(reply.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"teamId": "team-1", "channelId": CHANNEL, "content": "Thanks", "replyToId": "1700000000001"});
    assert_eq!(run(&server, "send_channel_message", input).await.unwrap(), reply);
}

#[tokio::test]
async fn list_channel_messages_pages_up_to_top() {
    let server = MockServer::start().await;
    let path = format!("{}/messages", channel_path());
    let next = format!("{}{path}?$top=3&$skiptoken=p2", server.uri());
    upstream("GET", &path)
        .and(matchers::query_param("$skiptoken", "p2"))
        .respond_with(ok(json!({"value": [{"id": "m3"}, {"id": "m4"}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", &path)
        .and(matchers::query_param("$top", "3"))
        .and(matchers::query_param_is_missing("$skiptoken"))
        .respond_with(ok(json!({"value": [{"id": "m1"}, {"id": "m2"}], "@odata.nextLink": next})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"teamId": "team-1", "channelId": CHANNEL, "top": 3});
    let output = run(&server, "list_channel_messages", input).await.unwrap();
    assert_eq!(output, json!({"value": [{"id": "m1"}, {"id": "m2"}, {"id": "m3"}]}));
}

#[tokio::test]
async fn chat_messages_are_sent_read_and_listed() {
    let server = MockServer::start().await;
    let sent = json!({"id": "m9", "chatId": CHAT, "body": {"contentType": "text", "content": "Hello"}});
    upstream("POST", &format!("{}/messages", chat_path()))
        .and(matchers::body_json(json!({"body": {"contentType": "text", "content": "Hello"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(sent.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "send_chat_message", json!({"chatId": CHAT, "content": "Hello"})).await.unwrap(), sent);

    upstream("GET", &format!("{}/messages/m9", chat_path()))
        .respond_with(ok(sent.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let read = run(&server, "get_chat_message", json!({"chatId": CHAT, "messageId": "m9"})).await.unwrap();
    assert_eq!(read, sent);

    upstream("GET", &format!("{}/messages", chat_path()))
        .and(matchers::query_param("$top", "50"))
        .respond_with(ok(json!({"value": [sent.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    let listed = run(&server, "list_chat_messages", json!({"chatId": CHAT})).await.unwrap();
    assert_eq!(listed, json!({"value": [sent]}));
}

#[tokio::test]
async fn a_blank_message_or_a_bad_top_never_reaches_graph() {
    let server = MockServer::start().await;
    let error = run(&server, "send_chat_message", json!({"chatId": CHAT, "content": "  "})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    let error = run(&server, "list_chat_messages", json!({"chatId": CHAT, "top": 0})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn create_task_posts_the_task_with_its_assignments() {
    let server = MockServer::start().await;
    let task = json!({"id": "task-1", "planId": "plan-1", "title": "Ship it", "@odata.etag": "W/\"JzEtVGFzayAg\""});
    let assignment = json!({"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"});
    upstream("POST", "/v1.0/planner/tasks")
        .and(matchers::body_json(json!({
            "planId": "plan-1",
            "bucketId": "bucket-1",
            "title": "Ship it",
            "dueDateTime": "2026-12-31T17:00:00Z",
            "percentComplete": 50,
            "assignments": {"user-a": assignment, "user-b": assignment}
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(task.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "planId": "plan-1",
        "bucketId": "bucket-1",
        "title": "Ship it",
        "dueDateTime": "2026-12-31T17:00:00Z",
        "percentComplete": 50,
        "assignedTo": "user-a, user-b"
    });
    assert_eq!(run(&server, "create_task", input).await.unwrap(), task);
}

#[tokio::test]
async fn get_task_and_list_tasks_read_planner() {
    let server = MockServer::start().await;
    let task = json!({"id": "task-1", "title": "Ship it"});
    upstream("GET", "/v1.0/planner/tasks/task-1").respond_with(ok(task.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_task", json!({"taskId": "task-1"})).await.unwrap(), task);

    upstream("GET", "/v1.0/planner/plans/plan-1/tasks")
        .respond_with(ok(json!({"@odata.count": 1, "value": [task.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "list_tasks", json!({"planId": "plan-1"})).await.unwrap(), json!({"value": [task]}));
}

const ETAG: &str = "W/\"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc=\"";

async fn task_with_etag(server: &MockServer) {
    upstream("GET", "/v1.0/planner/tasks/task-1")
        .respond_with(ok(json!({"id": "task-1", "title": "Ship it", "@odata.etag": ETAG})))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn update_task_sends_the_tasks_etag() {
    let server = MockServer::start().await;
    task_with_etag(&server).await;
    let updated = json!({"id": "task-1", "title": "Shipped", "percentComplete": 100});
    upstream("PATCH", "/v1.0/planner/tasks/task-1")
        .and(matchers::header("if-match", ETAG))
        .and(matchers::header("prefer", "return=representation"))
        .and(matchers::body_json(json!({"title": "Shipped", "percentComplete": 100})))
        .respond_with(ok(updated.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"taskId": "task-1", "title": "Shipped", "percentComplete": 100});
    assert_eq!(run(&server, "update_task", input).await.unwrap(), updated);
}

#[tokio::test]
async fn a_task_changed_meanwhile_is_a_clear_error() {
    let server = MockServer::start().await;
    task_with_etag(&server).await;
    upstream("PATCH", "/v1.0/planner/tasks/task-1")
        .respond_with(graph_error(412, "PreconditionFailed", "The request does not match the current version."))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "update_task", json!({"taskId": "task-1", "title": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("does not match the current version"), "{error}");
    assert!(error.message.contains("run the action again"), "{error}");
}

#[tokio::test]
async fn delete_task_sends_the_tasks_etag() {
    let server = MockServer::start().await;
    task_with_etag(&server).await;
    upstream("DELETE", "/v1.0/planner/tasks/task-1")
        .and(matchers::header("if-match", ETAG))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_task", json!({"taskId": "task-1"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "id": "task-1"}));
}

#[tokio::test]
async fn graph_errors_are_mapped_in_graphs_words() {
    let server = MockServer::start().await;
    upstream("GET", "/v1.0/planner/tasks/expired")
        .respond_with(graph_error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid."))
        .mount(&server)
        .await;
    upstream("GET", "/v1.0/planner/tasks/gone")
        .respond_with(graph_error(404, "NotFound", "The requested item is not found."))
        .mount(&server)
        .await;
    upstream("GET", "/v1.0/planner/tasks/secret")
        .respond_with(graph_error(403, "Forbidden", "You do not have the required permissions to access this item."))
        .mount(&server)
        .await;
    upstream("POST", "/v1.0/planner/tasks")
        .respond_with(graph_error(400, "BadRequest", "Schema validation has failed. Invalid bucket id."))
        .mount(&server)
        .await;

    let error = run(&server, "get_task", json!({"taskId": "expired"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert_eq!(
        error.message,
        "Microsoft Graph answered 401 (InvalidAuthenticationToken): Access token has expired or is not yet valid.; reconnect the account"
    );
    assert!(!error.to_string().contains(TOKEN) && !error.details.to_string().contains(TOKEN));

    let error = run(&server, "get_task", json!({"taskId": "gone"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("(NotFound): The requested item is not found."), "{error}");

    let error = run(&server, "get_task", json!({"taskId": "secret"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");
    assert!(error.message.contains("lacks a permission"), "{error}");

    let input = json!({"planId": "p", "bucketId": "nope", "title": "t"});
    let error = run(&server, "create_task", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("Invalid bucket id"), "{error}");
}

#[tokio::test]
async fn a_429_beyond_the_wait_the_client_allows_is_rate_limited_at_once() {
    let server = MockServer::start().await;
    upstream("GET", "/v1.0/planner/tasks/task-1")
        .respond_with(graph_error(429, "TooManyRequests", "Too many requests.").insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "get_task", json!({"taskId": "task-1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);
    assert!(error.message.contains("Too many requests."), "{error}");
}

#[tokio::test]
async fn a_429_with_a_short_retry_after_is_waited_out() {
    let server = MockServer::start().await;
    upstream("GET", "/v1.0/planner/tasks/task-1")
        .respond_with(graph_error(429, "TooManyRequests", "Too many requests.").insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/v1.0/planner/tasks/task-1")
        .respond_with(ok(json!({"id": "task-1"})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_task", json!({"taskId": "task-1"})).await.unwrap(), json!({"id": "task-1"}));
}

#[tokio::test]
async fn test_connection_reads_the_signed_in_user() {
    let server = MockServer::start().await;
    upstream("GET", "/v1.0/me").respond_with(ok(json!({"id": "u1"}))).expect(1).mount(&server).await;
    testing::connect::<Teams>(&server, credentials()).test_connection().await.unwrap();
}

// ----- triggers -----

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: URL_TOKEN.to_owned() }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// Mounts an empty list of the app's subscriptions (none to reuse) and the creation of one to
/// `resource`, answering id `sub-1` expiring 2030-01-01.
async fn graph_subscriptions(server: &MockServer, resource: &str) {
    upstream("GET", "/v1.0/subscriptions").respond_with(ok(json!({"value": []}))).expect(1).mount(server).await;
    upstream("POST", "/v1.0/subscriptions")
        .and(matchers::body_partial_json(json!({
            "changeType": "created",
            "notificationUrl": HOOK_URL,
            "lifecycleNotificationUrl": HOOK_URL,
            "resource": resource,
            "clientState": URL_TOKEN,
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "sub-1",
            "resource": resource,
            "changeType": "created",
            "notificationUrl": HOOK_URL,
            "expirationDateTime": "2030-01-01T00:00:00.0000000Z"
        })))
        .expect(1)
        .mount(server)
        .await;
}

/// The `expirationDateTime` the subscription was created with, checked to be ~4,200 minutes away.
async fn asked_expiration(server: &MockServer) {
    let requests = server.received_requests().await.unwrap();
    let created = requests.iter().find(|r| r.method.as_str() == "POST").expect("a subscription was created");
    let body: Value = serde_json::from_slice(&created.body).unwrap();
    let asked = humantime::parse_rfc3339(body["expirationDateTime"].as_str().unwrap()).unwrap();
    let asked = asked.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let wanted = now() + 4_200 * 60;
    assert!(asked.abs_diff(wanted) < 120, "asked {asked}, wanted about {wanted}");
    assert!(asked < now() + 4_320 * 60, "under Graph's maximum for Teams resources");
}

#[tokio::test]
async fn each_trigger_subscribes_to_its_resource() {
    let cases = [
        ("new_channel", json!({"teamId": "team-1"}), "/teams/team-1/channels".to_owned()),
        ("new_channel", json!({}), "/teams/getAllChannels".to_owned()),
        (
            "new_channel_message",
            json!({"teamId": "team-1", "channelId": CHANNEL}),
            format!("/teams/team-1/channels/{CHANNEL}/messages"),
        ),
        ("new_channel_message", json!({"teamId": "team-1"}), "/teams/team-1/channels/getAllMessages".to_owned()),
        ("new_chat_message", json!({"chatId": CHAT}), format!("/chats/{CHAT}/messages")),
        ("new_chat_message", json!({}), "/chats/getAllMessages".to_owned()),
        ("new_team_member", json!({"teamId": "team-1"}), "/teams/team-1/members".to_owned()),
    ];
    for (trigger, config, resource) in cases {
        let server = MockServer::start().await;
        graph_subscriptions(&server, &resource).await;
        let teams = testing::connect::<Teams>(&server, credentials());
        let subscription = teams.subscribe(trigger, config, context()).await.unwrap().expect("subscribed");
        assert_eq!(subscription.upstream_id, "sub-1", "{trigger}");
        assert_eq!(subscription.expires_at, Some(1_893_456_000), "{trigger}");
        assert_eq!(subscription.secret, None, "the URL's token stays the generated secret");
        asked_expiration(&server).await;
    }
}

#[tokio::test]
async fn subscribing_again_renews_the_subscription_this_url_has() {
    let server = MockServer::start().await;
    upstream("GET", "/v1.0/subscriptions")
        .respond_with(ok(json!({"value": [
            {"id": "other", "resource": "teams/team-1/members", "notificationUrl": "https://elsewhere.example/hook"},
            {"id": "sub-7", "resource": "Teams/team-1/members", "notificationUrl": HOOK_URL}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PATCH", "/v1.0/subscriptions/sub-7")
        .respond_with(ok(json!({"id": "sub-7", "expirationDateTime": "2030-01-01T00:00:00Z"})))
        .expect(1)
        .mount(&server)
        .await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let subscription =
        teams.subscribe("new_team_member", json!({"teamId": "team-1"}), context()).await.unwrap().unwrap();
    assert_eq!((subscription.upstream_id.as_str(), subscription.expires_at), ("sub-7", Some(1_893_456_000)));
    let posts = server.received_requests().await.unwrap().into_iter().filter(|r| r.method.as_str() == "POST").count();
    assert_eq!(posts, 0, "no second subscription");
}

#[tokio::test]
async fn a_refused_subscription_says_why_without_the_urls_token() {
    let server = MockServer::start().await;
    upstream("GET", "/v1.0/subscriptions").respond_with(ok(json!({"value": []}))).mount(&server).await;
    let said =
        format!("Subscription validation request failed for {HOOK_URL}. Response must exactly match validationToken.");
    upstream("POST", "/v1.0/subscriptions")
        .respond_with(graph_error(400, "ValidationError", &said))
        .mount(&server)
        .await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let error = teams.subscribe("new_team_member", json!({"teamId": "team-1"}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("could not subscribe to Teams notifications"), "{error}");
    assert!(error.message.contains("Subscription validation request failed"), "{error}");
    assert!(!error.message.contains(URL_TOKEN) && !error.details.to_string().contains(URL_TOKEN), "{error:?}");
}

fn subscription() -> Subscription {
    Subscription {
        upstream_id: "sub-1".to_owned(),
        state: json!({"resource": "/teams/team-1/members"}),
        expires_at: Some(1_800_000_000),
        ..Subscription::default()
    }
}

#[tokio::test]
async fn refresh_pushes_the_expiry_out() {
    let server = MockServer::start().await;
    upstream("PATCH", "/v1.0/subscriptions/sub-1")
        .and(matchers::body_partial_json(json!({})))
        .respond_with(ok(json!({"id": "sub-1", "expirationDateTime": "2030-01-01T00:00:00.0000000Z"})))
        .expect(1)
        .mount(&server)
        .await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let config = json!({"teamId": "team-1"});
    let renewed = teams.refresh_subscription("new_team_member", config, subscription()).await.unwrap().unwrap();
    assert_eq!(renewed, Subscription { expires_at: Some(1_893_456_000), ..subscription() });
    let requests = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["expirationDateTime"]);
}

#[tokio::test]
async fn unsubscribe_deletes_the_subscription_and_a_gone_one_is_fine() {
    let server = MockServer::start().await;
    upstream("DELETE", "/v1.0/subscriptions/sub-1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/v1.0/subscriptions/sub-2")
        .respond_with(graph_error(404, "ResourceNotFound", "The object was not found."))
        .expect(1)
        .mount(&server)
        .await;
    let teams = testing::connect::<Teams>(&server, credentials());
    teams.unsubscribe("new_channel", json!({"teamId": "team-1"}), subscription()).await.unwrap();
    let gone = Subscription { upstream_id: "sub-2".to_owned(), ..subscription() };
    teams.unsubscribe("new_chat_message", json!({}), gone).await.unwrap();
}

/// `request` as Graph sends it to the URL it was given: with the registration's token.
fn with_token(mut request: WebhookRequest, token: &str) -> WebhookRequest {
    verify::sign(SignatureScheme::UrlToken, &mut request, token, SystemTime::now()).unwrap();
    request
}

/// A change notification of `resource` (a created item `id`).
fn notification(resource: &str, id: &str) -> WebhookRequest {
    let body = json!({"value": [{
        "subscriptionId": "sub-1",
        "subscriptionExpirationDateTime": "2030-01-01T00:00:00+00:00",
        "changeType": "created",
        "resource": resource,
        "resourceData": {"id": id, "@odata.type": "#Microsoft.Graph.chatMessage", "@odata.id": resource},
        "clientState": URL_TOKEN,
        "tenantId": "tenant-1"
    }]});
    WebhookRequest::post(testing::oddly_spaced(&body), [("Content-Type", "application/json; charset=utf-8")])
}

async fn deliver(
    teams: &Teams,
    trigger: &str,
    config: Value,
    request: WebhookRequest,
) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(teams, trigger, config, credentials(), Some(URL_TOKEN), request).await
}

#[tokio::test]
async fn graphs_url_check_is_answered_with_its_token() {
    let server = MockServer::start().await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let triggers = [
        ("new_channel", json!({})),
        ("new_channel_message", json!({"teamId": "team-1"})),
        ("new_chat_message", json!({})),
        ("new_team_member", json!({"teamId": "team-1"})),
    ];
    for (trigger, config) in triggers {
        let mut check = WebhookRequest::post("", [("Content-Type", "text/plain")]);
        check.query.push(("validationToken".to_owned(), "Validation: Testing client application".to_owned()));
        let reply = deliver(&teams, trigger, config, with_token(check, URL_TOKEN)).await.unwrap();
        assert!(reply.events.is_empty());
        let response = reply.response.expect("answered");
        assert_eq!(response.status, 200);
        assert_eq!(&response.body[..], b"Validation: Testing client application");
        assert!(response.header("content-type").unwrap_or_default().starts_with("text/plain"), "{trigger}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_new_channel_message_is_read_back_from_graph() {
    let server = MockServer::start().await;
    let resource = format!("teams('team-1')/channels('{CHANNEL}')/messages('1700000000001')");
    let message = json!({
        "id": "1700000000001",
        "createdDateTime": "2026-11-27T09:00:00Z",
        "from": {"user": {"id": "u1", "displayName": "Ada"}},
        "body": {"contentType": "text", "content": "Hello team"},
        "channelIdentity": {"teamId": "team-1", "channelId": CHANNEL}
    });
    upstream("GET", &format!("{}/messages/1700000000001", channel_path()))
        .respond_with(ok(message.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let config = json!({"teamId": "team-1", "channelId": CHANNEL});
    let request = with_token(notification(&resource, "1700000000001"), URL_TOKEN);
    let reply = deliver(&teams, "new_channel_message", config, request.clone()).await.unwrap();
    let mut expected = message;
    expected["notification"] = json!({
        "subscriptionId": "sub-1",
        "changeType": "created",
        "resource": resource,
        "tenantId": "tenant-1",
        "subscriptionExpirationDateTime": "2030-01-01T00:00:00+00:00"
    });
    assert_eq!(reply.events, [expected]);
    assert_eq!(reply.response, None);
    assert!(reply.events[0]["notification"].get("clientState").is_none());

    let meta = testing::trigger_meta::<Teams>("new_channel_message").expect("declared");
    assert_eq!(meta.verify, Some(SignatureScheme::UrlToken));
    let event_id = meta.event_id.expect("declared");
    assert_eq!(event_id, EventId::Event("/notification/resource"));
    assert_eq!(event_id.ids(Some(&request), &reply.events), [Some(resource)]);
}

#[tokio::test]
async fn a_chat_message_a_channel_and_a_member_are_read_back_too() {
    let server = MockServer::start().await;
    let teams = testing::connect::<Teams>(&server, credentials());

    upstream("GET", &format!("{}/messages/m1", chat_path()))
        .respond_with(ok(json!({"id": "m1", "body": {"content": "hi"}})))
        .expect(1)
        .mount(&server)
        .await;
    let request = with_token(notification(&format!("chats('{CHAT}')/messages('m1')"), "m1"), URL_TOKEN);
    let events = deliver(&teams, "new_chat_message", json!({}), request).await.unwrap().events;
    assert_eq!((events[0]["id"].as_str(), events[0]["chatId"].as_str()), (Some("m1"), Some(CHAT)));

    upstream("GET", &channel_path())
        .respond_with(ok(json!({"id": CHANNEL, "displayName": "General"})))
        .expect(1)
        .mount(&server)
        .await;
    let request = with_token(notification(&format!("teams('team-1')/channels('{CHANNEL}')"), CHANNEL), URL_TOKEN);
    let events = deliver(&teams, "new_channel", json!({"teamId": "team-1"}), request).await.unwrap().events;
    assert_eq!(events[0]["displayName"], "General");

    upstream("GET", "/v1.0/teams/team-1/members/mem-1")
        .respond_with(ok(json!({"id": "mem-1", "displayName": "Grace", "email": "grace@contoso.example", "roles": []})))
        .expect(1)
        .mount(&server)
        .await;
    let request = with_token(notification("teams('team-1')/members('mem-1')", "mem-1"), URL_TOKEN);
    let events = deliver(&teams, "new_team_member", json!({"teamId": "team-1"}), request).await.unwrap().events;
    assert_eq!(events[0]["email"], "grace@contoso.example");
}

#[tokio::test]
async fn a_message_deleted_before_it_is_read_keeps_its_resource_data() {
    let server = MockServer::start().await;
    upstream("GET", &format!("{}/messages/m2", chat_path()))
        .respond_with(graph_error(404, "NotFound", "gone"))
        .expect(1)
        .mount(&server)
        .await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let request = with_token(notification(&format!("chats('{CHAT}')/messages('m2')"), "m2"), URL_TOKEN);
    let events = deliver(&teams, "new_chat_message", json!({}), request).await.unwrap().events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["id"], "m2");
    assert_eq!(events[0]["chatId"], CHAT);
    assert_eq!(events[0]["notification"]["subscriptionId"], "sub-1");
}

#[tokio::test]
async fn other_kinds_of_resources_and_odd_paths_give_no_event_and_no_request() {
    let server = MockServer::start().await;
    let teams = testing::connect::<Teams>(&server, credentials());
    for resource in [
        "teams('team-1')/members('mem-1')",
        "teams('team-1')/channels('c')/messages('m')/../../../users('u')",
        "https://evil.example/steal",
        "users('u')/messages('m')",
    ] {
        let request = with_token(notification(resource, "x"), URL_TOKEN);
        let reply = deliver(&teams, "new_channel_message", json!({"teamId": "team-1"}), request).await.unwrap();
        assert!(reply.events.is_empty(), "{resource}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_reauthorization_request_is_answered_and_gives_no_event() {
    let server = MockServer::start().await;
    upstream("POST", "/v1.0/subscriptions/sub-1/reauthorize")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let body = json!({"value": [{
        "subscriptionId": "sub-1",
        "lifecycleEvent": "reauthorizationRequired",
        "resource": "teams('team-1')/members",
        "clientState": URL_TOKEN,
        "tenantId": "tenant-1"
    }]});
    let request = with_token(WebhookRequest::post(body.to_string(), [("Content-Type", "application/json")]), URL_TOKEN);
    let reply = deliver(&teams, "new_team_member", json!({"teamId": "team-1"}), request).await.unwrap();
    assert!(reply.events.is_empty());
}

/// Graph signs nothing: the URL's token is the only proof, so a delivery without it or with
/// another is refused before the handler runs. (The token does not cover the body, so a body
/// changed in transit cannot be told apart; HTTPS is what protects it.)
#[tokio::test]
async fn a_delivery_without_the_token_or_with_another_is_refused() {
    let server = MockServer::start().await;
    let teams = testing::connect::<Teams>(&server, credentials());
    let resource = "teams('team-1')/members('mem-1')";
    let config = json!({"teamId": "team-1"});

    let unsigned = deliver(&teams, "new_team_member", config.clone(), notification(resource, "mem-1")).await;
    assert_eq!(
        unsigned.unwrap_err().to_string(),
        Rejection::Unverified(SignatureError::MissingParameter("token")).to_string()
    );
    let forged = with_token(notification(resource, "mem-1"), "a-guessed-token");
    let forged = deliver(&teams, "new_team_member", config.clone(), forged).await;
    assert!(matches!(forged, Err(Rejection::Unverified(SignatureError::Mismatch))), "{forged:?}");

    let mut check = WebhookRequest::post("", [("Content-Type", "text/plain")]);
    check.query.push(("validationToken".to_owned(), "t".to_owned()));
    let check = deliver(&teams, "new_team_member", config.clone(), with_token(check, "a-guessed-token")).await;
    assert!(matches!(check, Err(Rejection::Unverified(SignatureError::Mismatch))), "{check:?}");

    let never_subscribed = with_token(notification(resource, "mem-1"), URL_TOKEN);
    let refused = testing::deliver(&teams, "new_team_member", config, credentials(), None, never_subscribed).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))), "{refused:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "the handler never ran");
}
