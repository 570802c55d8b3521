//! Facebook Graph API against a local mock of its API.

use connectors::social::facebook_graph::FacebookGraph;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::Rejection;
use fluxturn_core::{Connector, ErrorCode, SignatureScheme, WebhookReply, WebhookRequest, WebhookResponse};
use serde_json::{json, Value};

const TOKEN: &str = "EAAtest-only-user-token";
const PAGE_TOKEN: &str = "EAAtest-only-page-token";
const PAGE: &str = "104567890123456";
const APP_SECRET: &str = "test-only-meta-app-secret";
const VERIFY_TOKEN: &str = "my-verify-token";

fn credentials() -> Value {
    json!({"authType": "accessToken", "accessToken": TOKEN, "appSecret": APP_SECRET})
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<FacebookGraph>(server, credentials(), action, input).await
}

/// A mock of `method path` that checks the user's token is sent as a Bearer token.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    as_page(method, path, TOKEN)
}

/// A mock of `method path` that checks `token` is sent as a Bearer token.
fn as_page(method: &str, path: &str, token: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {token}").as_str()))
}

/// The Page token lookup, answered with the Page's token.
async fn page_token_lookup(server: &MockServer) {
    upstream("GET", &format!("/v21.0/{PAGE}"))
        .and(matchers::query_param("fields", "access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": PAGE_TOKEN, "id": PAGE})))
        .expect(1)
        .mount(server)
        .await;
}

async fn received_text(server: &MockServer, index: usize) -> String {
    let requests = server.received_requests().await.unwrap();
    String::from_utf8_lossy(&requests[index].body).into_owned()
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("facebook_graph").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "http_request",
            "get_node",
            "get_edge",
            "create_page_post",
            "upload_page_photo",
            "upload_page_video",
            "get_pages",
            "delete_post",
            "comment_on_post",
            "get_page_insights"
        ] as [&str; 10]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, TRIGGERS);
    let oauth = definition.oauth_config.as_ref().expect("oauth2");
    assert_eq!(oauth.authorization_url, "https://www.facebook.com/v21.0/dialog/oauth");
    assert_eq!(oauth.token_url, "https://graph.facebook.com/v21.0/oauth/access_token");
}

#[tokio::test]
async fn get_node_reads_the_fields_asked_for() {
    let server = MockServer::start().await;
    let answer = json!({"id": PAGE, "name": "Acme", "fan_count": 12});
    upstream("GET", &format!("/v20.0/{PAGE}"))
        .and(matchers::query_param("fields", "id,name,fan_count"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "get_node", json!({"nodeId": PAGE, "fields": ["id", "name", "fan_count"]})).await.unwrap();
    assert_eq!(output, answer);

    let server = MockServer::start().await;
    upstream("GET", "/v23.0/me")
        .and(matchers::query_param("fields", "id,name"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .expect(1)
        .mount(&server)
        .await;
    run(&server, "get_node", json!({"nodeId": "me", "version": "v23.0"})).await.unwrap();
}

#[tokio::test]
async fn get_edge_follows_the_after_cursor_up_to_the_limit() {
    let server = MockServer::start().await;
    let path = format!("/v21.0/{PAGE}/posts");
    upstream("GET", &path)
        .and(matchers::query_param("after", "CURSOR2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "p3"}, {"id": "p4"}],
            "paging": {"cursors": {"before": "B", "after": "CURSOR3"}, "next": "https://graph.facebook.com/next"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", &path)
        .and(matchers::query_param("fields", "id,message"))
        .and(matchers::query_param("limit", "3"))
        .and(matchers::query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "p1"}, {"id": "p2"}],
            "paging": {"cursors": {"before": "A", "after": "CURSOR2"}, "next": "https://graph.facebook.com/next"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "get_edge", json!({"nodeId": PAGE, "edge": "posts", "fields": ["id", "message"], "limit": 3}))
            .await
            .unwrap();
    assert_eq!(output, json!({"data": [{"id": "p1"}, {"id": "p2"}, {"id": "p3"}]}));
}

#[tokio::test]
async fn get_pages_lists_the_users_pages_until_the_last_page() {
    let server = MockServer::start().await;
    upstream("GET", "/v21.0/me/accounts")
        .and(matchers::query_param("fields", "id,name,access_token,category"))
        .and(matchers::query_param("limit", "25"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": PAGE, "name": "Acme", "category": "Brand"}],
            "paging": {"cursors": {"before": "A", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_pages", json!({})).await.unwrap();
    assert_eq!(output, json!({"data": [{"id": PAGE, "name": "Acme", "category": "Brand"}]}));
}

#[tokio::test]
async fn create_page_post_posts_with_the_pages_token() {
    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("POST", &format!("/v21.0/{PAGE}/feed"), PAGE_TOKEN)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": format!("{PAGE}_99")})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_page_post",
        json!({"pageId": PAGE, "message": "Hello & welcome", "link": "https://acme.example/x", "published": false}),
    )
    .await
    .unwrap();
    assert_eq!(output, json!({"id": format!("{PAGE}_99")}));
    assert_eq!(
        received_text(&server, 1).await,
        "message=Hello+%26+welcome&link=https%3A%2F%2Facme.example%2Fx&published=false"
    );
}

#[tokio::test]
async fn a_token_that_cannot_read_the_page_token_is_used_as_it_is() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/v21.0/{PAGE}"))
        .respond_with(ResponseTemplate::new(400).set_body_json(graph_error(
            "(#100) Tried accessing nonexisting field (access_token)",
            100,
            None,
        )))
        .mount(&server)
        .await;
    upstream("POST", &format!("/v21.0/{PAGE}/feed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1_2"})))
        .expect(1)
        .mount(&server)
        .await;
    run(&server, "create_page_post", json!({"pageId": PAGE, "message": "hi"})).await.unwrap();
}

#[tokio::test]
async fn upload_page_photo_sends_a_url_or_the_file() {
    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("POST", &format!("/v21.0/{PAGE}/photos"), PAGE_TOKEN)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "77", "post_id": "1_77"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "upload_page_photo",
        json!({"pageId": PAGE, "url": "https://acme.example/cat.jpg", "caption": "Cat"}),
    )
    .await
    .unwrap();
    assert_eq!(output["id"], "77");
    assert_eq!(received_text(&server, 1).await, "url=https%3A%2F%2Facme.example%2Fcat.jpg&caption=Cat&published=true");

    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("POST", &format!("/v21.0/{PAGE}/photos"), PAGE_TOKEN)
        .and(matchers::header_regex("content-type", "^multipart/form-data"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "78"})))
        .expect(1)
        .mount(&server)
        .await;
    let file = json!([{"fileData": "data:image/png;base64,aGVsbG8=", "fileName": "cat.png"}]);
    run(&server, "upload_page_photo", json!({"pageId": PAGE, "photoUploadOption": "upload", "photoFile": file}))
        .await
        .unwrap();
    let body = received_text(&server, 1).await;
    assert!(body.contains("name=\"source\"; filename=\"cat.png\""), "{body}");
    assert!(body.contains("Content-Type: image/png") || body.contains("content-type: image/png"), "{body}");
    assert!(body.contains("hello"), "{body}");

    let server = MockServer::start().await;
    let error = run(&server, "upload_page_photo", json!({"pageId": PAGE})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`url`"), "{error}");
}

#[tokio::test]
async fn upload_page_video_sends_a_file_url_or_the_file() {
    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("POST", &format!("/v21.0/{PAGE}/videos"), PAGE_TOKEN)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "555"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "upload_page_video",
        json!({"pageId": PAGE, "file_url": "https://acme.example/v.mp4", "title": "Launch", "description": "Our launch"}),
    )
    .await
    .unwrap();
    assert_eq!(output, json!({"id": "555"}));
    assert_eq!(
        received_text(&server, 1).await,
        "file_url=https%3A%2F%2Facme.example%2Fv.mp4&title=Launch&description=Our+launch&published=true"
    );

    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("POST", &format!("/v21.0/{PAGE}/videos"), PAGE_TOKEN)
        .and(matchers::header_regex("content-type", "^multipart/form-data"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "556"})))
        .expect(1)
        .mount(&server)
        .await;
    let file = json!([{"fileData": "aGVsbG8=", "fileName": "v.mp4", "mimeType": "video/mp4"}]);
    run(&server, "upload_page_video", json!({"pageId": PAGE, "videoUploadOption": "upload", "videoFile": file}))
        .await
        .unwrap();
    let body = received_text(&server, 1).await;
    assert!(body.contains("filename=\"v.mp4\""), "{body}");
}

#[tokio::test]
async fn delete_post_deletes_with_the_token_of_the_posts_page() {
    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("DELETE", &format!("/v21.0/{PAGE}_99"), PAGE_TOKEN)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_post", json!({"postId": format!("{PAGE}_99")})).await.unwrap();
    assert_eq!(output, json!({"success": true}));
}

#[tokio::test]
async fn comment_on_post_comments_as_the_page() {
    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("POST", &format!("/v21.0/{PAGE}_99/comments"), PAGE_TOKEN)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "99_1"})))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "comment_on_post", json!({"postId": format!("{PAGE}_99"), "message": "Thanks!"})).await.unwrap();
    assert_eq!(output, json!({"id": "99_1"}));
    assert_eq!(received_text(&server, 1).await, "message=Thanks%21");
}

#[tokio::test]
async fn get_page_insights_asks_for_the_metrics_and_period() {
    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    let answer = json!({"data": [{"name": "page_impressions", "period": "week", "values": [{"value": 10}]}]});
    as_page("GET", &format!("/v21.0/{PAGE}/insights"), PAGE_TOKEN)
        .and(matchers::query_param("metric", "page_impressions,page_fans"))
        .and(matchers::query_param("period", "week"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_page_insights",
        json!({"pageId": PAGE, "metric": ["page_impressions", "page_fans"], "period": "week"}),
    )
    .await
    .unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn http_request_calls_any_node_and_edge() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/v21.0/{PAGE}/feed"))
        .and(matchers::query_param("fields", "id,message"))
        .and(matchers::query_param("limit", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "http_request",
        json!({"hostUrl": "graph.facebook.com", "method": "GET", "node": PAGE, "edge": "feed",
               "options": {"fields": ["id", "message"], "queryParameters": {"limit": 5}}}),
    )
    .await
    .unwrap();
    assert_eq!(output, json!({"data": []}));

    let server = MockServer::start().await;
    upstream("POST", "/v19.0/me/feed")
        .and(matchers::body_json(json!({"message": "hi"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1_2"})))
        .expect(1)
        .mount(&server)
        .await;
    run(
        &server,
        "http_request",
        json!({"hostUrl": "graph.facebook.com", "method": "POST", "version": "v19.0", "node": "me", "edge": "feed",
               "options": {"body": {"message": "hi"}}}),
    )
    .await
    .unwrap();

    let error = run(
        &server,
        "http_request",
        json!({"hostUrl": "graph.facebook.com", "method": "GET", "node": "me", "options": {"access_token": "x"}}),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);

    for node in ["https://evil.example/x", "../../oauth"] {
        let error =
            run(&server, "http_request", json!({"hostUrl": "graph.facebook.com", "method": "GET", "node": node}))
                .await
                .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{node}: {error}");
    }
}

fn graph_error(message: &str, code: i64, subcode: Option<i64>) -> Value {
    let mut error = json!({"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf123"});
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    json!({"error": error})
}

async fn failing(status: u16, body: Value) -> fluxturn_core::ConnectorError {
    let server = MockServer::start().await;
    upstream("GET", "/v20.0/42")
        .respond_with(ResponseTemplate::new(status).set_body_json(body).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    run(&server, "get_node", json!({"nodeId": "42"})).await.unwrap_err()
}

#[tokio::test]
async fn graph_errors_are_mapped_in_facebooks_words() {
    let error = failing(401, graph_error("Error validating access token: Session has expired", 190, Some(463))).await;
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("Session has expired"), "{error}");
    assert!(error.message.contains("code 190, subcode 463"), "{error}");
    assert!(error.message.contains("reconnect"), "{error}");

    let error =
        failing(400, graph_error("Unsupported get request. Object with ID '42' does not exist", 100, Some(33))).await;
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("does not exist"), "{error}");

    let error = failing(400, graph_error("(#100) Tried accessing nonexisting field (nope)", 100, None)).await;
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("Tried accessing nonexisting field (nope)"), "{error}");

    let error = failing(403, graph_error("(#200) Requires pages_manage_posts permission", 200, None)).await;
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");

    let error = failing(400, graph_error("(#4) Application request limit reached", 4, None)).await;
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);

    let error = failing(429, graph_error("(#32) Page request limit reached", 32, None)).await;
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.message.contains("Page request limit reached"), "{error}");

    let error = failing(404, json!({"message": "no such thing"})).await;
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(!error.to_string().contains(TOKEN) && !error.details.to_string().contains(TOKEN));
}

#[tokio::test]
async fn the_page_token_never_shows_in_an_error() {
    let server = MockServer::start().await;
    page_token_lookup(&server).await;
    as_page("POST", &format!("/v21.0/{PAGE}/feed"), PAGE_TOKEN)
        .respond_with(ResponseTemplate::new(400).set_body_json(graph_error(
            &format!("bad token {PAGE_TOKEN}"),
            100,
            None,
        )))
        .mount(&server)
        .await;
    let error = run(&server, "create_page_post", json!({"pageId": PAGE, "message": "hi"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(!error.to_string().contains(PAGE_TOKEN) && !error.details.to_string().contains(PAGE_TOKEN), "{error}");
}

#[tokio::test]
async fn test_connection_reads_me() {
    let server = MockServer::start().await;
    upstream("GET", "/v21.0/me")
        .and(matchers::query_param("fields", "id,name"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "name": "Ann"})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<FacebookGraph>(&server, credentials()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

const TRIGGERS: [&str; 8] = [
    "page_post_published",
    "page_comment_received",
    "page_message_received",
    "instagram_comment",
    "instagram_mention",
    "instagram_story_mention",
    "instagram_media_published",
    "lead_created",
];

/// A delivery spaced as no serializer would, signed as Meta signs it.
fn signed(payload: &Value, secret: &str) -> WebhookRequest {
    testing::signed(
        SignatureScheme::Meta,
        testing::oddly_spaced(payload),
        [("Content-Type", "application/json")],
        secret,
    )
}

async fn deliver(trigger: &str, config: Value, request: WebhookRequest) -> Result<WebhookReply<Value>, Rejection> {
    let server = MockServer::start().await;
    let connector = testing::connect::<FacebookGraph>(&server, credentials());
    testing::deliver(&connector, trigger, config, credentials(), None, request).await
}

fn config() -> Value {
    json!({"appId": "1234567890", "verifyToken": VERIFY_TOKEN})
}

fn page_feed() -> Value {
    json!({"object": "page", "entry": [{"id": PAGE, "time": 1700000000, "changes": [
        {"field": "feed", "value": {"item": "status", "verb": "add", "post_id": format!("{PAGE}_1"), "message": "New!", "published": 1}},
        {"field": "feed", "value": {"item": "comment", "verb": "add", "post_id": format!("{PAGE}_1"), "comment_id": "1_500", "message": "Nice", "from": {"id": "9", "name": "Bo"}}},
        {"field": "feed", "value": {"item": "photo", "verb": "add", "post_id": format!("{PAGE}_2"), "link": "https://x/p.jpg"}},
        {"field": "feed", "value": {"item": "comment", "verb": "remove", "post_id": format!("{PAGE}_1"), "comment_id": "1_501"}}
    ]}]})
}

async fn events(trigger: &str, config: Value, payload: &Value) -> Vec<Value> {
    deliver(trigger, config, signed(payload, APP_SECRET)).await.unwrap().events
}

fn ids(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["eventId"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn page_post_published_gives_one_event_per_new_post() {
    let events = events("page_post_published", config(), &page_feed()).await;
    assert_eq!(ids(&events), [format!("{PAGE}:feed:{PAGE}_1:add"), format!("{PAGE}:feed:{PAGE}_2:add")]);
    assert_eq!(events[0]["message"], "New!");
    assert_eq!(events[1]["item"], "photo");
    assert_eq!(events[0]["entryId"], PAGE);
}

#[tokio::test]
async fn page_comment_received_gives_new_comments_only() {
    let events = events("page_comment_received", config(), &page_feed()).await;
    assert_eq!(ids(&events), [format!("{PAGE}:feed:1_500:add")]);
    assert_eq!(events[0]["message"], "Nice");
    assert_eq!(events[0]["from"]["name"], "Bo");
}

#[tokio::test]
async fn page_message_received_gives_each_message_but_no_echo() {
    let payload = json!({"object": "page", "entry": [{"id": PAGE, "time": 1700000000, "messaging": [
        {"sender": {"id": "PSID1"}, "recipient": {"id": PAGE}, "timestamp": 1, "message": {"mid": "m_1", "text": "hello"}},
        {"sender": {"id": PAGE}, "recipient": {"id": "PSID1"}, "timestamp": 2, "message": {"mid": "m_2", "text": "echo", "is_echo": true}},
        {"sender": {"id": "PSID2"}, "recipient": {"id": PAGE}, "timestamp": 3, "message": {"mid": "m_3", "text": "hey"}},
        {"sender": {"id": "PSID2"}, "recipient": {"id": PAGE}, "timestamp": 4, "read": {"watermark": 4}}
    ]}]});
    let events = events("page_message_received", config(), &payload).await;
    assert_eq!(ids(&events), [format!("{PAGE}:message:m_1"), format!("{PAGE}:message:m_3")]);
    assert_eq!(events[0]["message"]["text"], "hello");
    assert_eq!(events[1]["sender"]["id"], "PSID2");
}

fn instagram(changes: Value) -> Value {
    json!({"object": "instagram", "entry": [{"id": "17841400000000000", "time": 1700000000, "changes": changes}]})
}

#[tokio::test]
async fn instagram_comment_gives_each_comment_with_or_without_its_values() {
    let payload = instagram(json!([
        {"field": "comments", "value": {"id": "c1", "text": "Love it", "from": {"id": "5", "username": "ann"}, "media": {"id": "m1"}}},
        {"field": "mentions", "value": {"media_id": "m9", "comment_id": "c9"}}
    ]));
    let events = events("instagram_comment", config(), &payload).await;
    assert_eq!(ids(&events), ["17841400000000000:comments:c1:"]);
    assert_eq!(events[0]["text"], "Love it");
    assert_eq!(events[0]["from"]["username"], "ann");

    let mut without = config();
    without["includeValues"] = json!(false);
    let bare = self::events("instagram_comment", without, &payload).await;
    assert_eq!(bare[0]["id"], "c1");
    assert!(bare[0].get("text").is_none(), "{}", bare[0]);
}

#[tokio::test]
async fn instagram_mention_gives_each_mention() {
    let payload = instagram(json!([
        {"field": "mentions", "value": {"media_id": "m9", "comment_id": "c9"}},
        {"field": "comments", "value": {"id": "c1"}}
    ]));
    let events = events("instagram_mention", config(), &payload).await;
    assert_eq!(ids(&events), ["17841400000000000:mentions:c9:"]);
    assert_eq!(events[0]["media_id"], "m9");
}

#[tokio::test]
async fn instagram_story_mention_gives_story_mentions_only() {
    let payload = json!({"object": "instagram", "entry": [{"id": "17841400000000000", "time": 1, "messaging": [
        {"sender": {"id": "IGSID1"}, "recipient": {"id": "17841400000000000"}, "timestamp": 1,
         "message": {"mid": "ig_1", "attachments": [{"type": "story_mention", "payload": {"url": "https://cdn/x"}}]}},
        {"sender": {"id": "IGSID2"}, "recipient": {"id": "17841400000000000"}, "timestamp": 2,
         "message": {"mid": "ig_2", "text": "just text"}}
    ]}]});
    let events = events("instagram_story_mention", config(), &payload).await;
    assert_eq!(ids(&events), ["17841400000000000:message:ig_1"]);
    assert_eq!(events[0]["message"]["attachments"][0]["payload"]["url"], "https://cdn/x");
}

#[tokio::test]
async fn instagram_media_published_gives_each_media_change() {
    let payload = instagram(json!([{"field": "media", "value": {"id": "m1", "media_product_type": "FEED"}}]));
    let events = events("instagram_media_published", config(), &payload).await;
    assert_eq!(ids(&events), ["17841400000000000:media:m1:"]);
    assert_eq!(events[0]["media_product_type"], "FEED");
    let page_delivery = self::events("instagram_media_published", config(), &page_feed()).await;
    assert!(page_delivery.is_empty());
}

#[tokio::test]
async fn every_trigger_refuses_a_tampered_body_a_wrong_secret_and_no_signature() {
    for trigger in TRIGGERS {
        let payload = page_feed();
        let mut tampered = signed(&payload, APP_SECRET);
        tampered.body = testing::oddly_spaced(&instagram(json!([]))).into();
        let refused = deliver(trigger, config(), tampered).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");

        let refused = deliver(trigger, config(), signed(&payload, "another-app-secret")).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");

        let unsigned = WebhookRequest::post(payload.to_string(), [("Content-Type", "application/json")]);
        let refused = deliver(trigger, config(), unsigned).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");
    }
}

#[tokio::test]
async fn every_trigger_answers_metas_url_check_only_with_the_verify_token() {
    let check = |token: &str| {
        let mut request = WebhookRequest { method: "GET".into(), ..WebhookRequest::default() };
        request.query = vec![
            ("hub.mode".into(), "subscribe".into()),
            ("hub.verify_token".into(), token.into()),
            ("hub.challenge".into(), "1158201444".into()),
        ];
        request
    };
    for trigger in TRIGGERS {
        let reply = deliver(trigger, config(), check(VERIFY_TOKEN)).await.unwrap();
        assert_eq!(reply.response, Some(WebhookResponse::text("1158201444")), "{trigger}");
        assert!(reply.events.is_empty());
        let reply = deliver(trigger, config(), check("a-guess")).await.unwrap();
        assert_eq!(reply.response, Some(WebhookResponse::text("").with_status(403)), "{trigger}");
    }
}

#[test]
fn every_trigger_verifies_meta_with_the_app_secret() {
    for trigger in TRIGGERS {
        let meta = testing::trigger_meta::<FacebookGraph>(trigger).expect("declared");
        assert_eq!(format!("{:?}", meta.verify), format!("{:?}", Some(SignatureScheme::Meta)), "{trigger}");
    }
}

#[tokio::test]
async fn lead_created_gives_each_new_lead_of_the_chosen_form() {
    let payload = json!({"object": "page", "entry": [{"id": PAGE, "time": 1700000000, "changes": [
        {"field": "leadgen", "value": {"leadgen_id": "444", "page_id": PAGE, "form_id": "F1", "ad_id": "A1", "created_time": 1700000000}},
        {"field": "leadgen", "value": {"leadgen_id": "445", "page_id": PAGE, "form_id": "F2", "created_time": 1700000001}},
        {"field": "feed", "value": {"item": "status", "verb": "add", "post_id": "1_1"}}
    ]}]});
    let events = events("lead_created", config(), &payload).await;
    assert_eq!(ids(&events), [format!("{PAGE}:leadgen:444:"), format!("{PAGE}:leadgen:445:")]);
    assert_eq!(events[0]["ad_id"], "A1");
    let only_f2 = json!({"verifyToken": VERIFY_TOKEN, "formId": "F2"});
    let events = self::events("lead_created", only_f2, &payload).await;
    assert_eq!(ids(&events), [format!("{PAGE}:leadgen:445:")]);
}

#[test]
fn fluxturns_template_trigger_names_resolve() {
    let definition = connectors::registry().definition("facebook_graph").expect("registered");
    assert_eq!(definition.find_trigger("media_published").unwrap().id, "instagram_media_published");
    assert_eq!(definition.find_trigger("lead_created").unwrap().id, "lead_created");
}
