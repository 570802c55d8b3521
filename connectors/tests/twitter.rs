//! Twitter/X against a local mock of the X API v2.

use base64::Engine;
use connectors::social::twitter::Twitter;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorSpec, ErrorCode};
use serde_json::{json, Value};

/// The connected account's id in these tests.
const ME: &str = "1500000000000000042";

fn credentials() -> Value {
    json!({"authType": "accessToken", "accessToken": "test-token"})
}

/// A mock of `method path` that checks the token is sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// `GET /2/users/me` answering with the connected account.
async fn mount_me(server: &MockServer) {
    upstream("GET", "/2/users/me")
        .respond_with(ok(json!({"data": {"id": ME, "name": "Me", "username": "me_on_x"}})))
        .mount(server)
        .await;
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Twitter>(server, credentials(), action, input).await
}

/// A tweet as X returns it, with the fields this connector asks for.
fn tweet(id: &str) -> Value {
    json!({
        "id": id,
        "text": format!("tweet {id}"),
        "author_id": "2244994945",
        "created_at": "2024-05-01T10:00:00.000Z",
        "edit_history_tweet_ids": [id],
    })
}

#[test]
fn the_definition_lists_every_action_and_trigger_and_both_ways_in() {
    let definition = connectors::registry().definition("twitter").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_tweet",
            "delete_tweet",
            "like_tweet",
            "retweet",
            "search_tweets",
            "send_direct_message",
            "get_user",
            "add_to_list"
        ] as [&str; 8]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_mention", "new_tweet"] as [&str; 2]);
    assert_eq!(definition.auth_type, "multiple");
    let kinds: Vec<&str> = definition.auth_types.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(kinds, ["bearer_token", "oauth2"]);
    assert!(Twitter::META.auth[1].uses_pkce(), "X requires PKCE");
    let scopes = &definition.oauth_config.as_ref().expect("oauth2").scopes;
    for scope in ["tweet.write", "like.write", "dm.write", "list.write", "media.write", "offline.access"] {
        assert!(scopes.iter().any(|s| s == scope), "{scope} missing from {scopes:?}");
    }
}

#[tokio::test]
async fn an_own_app_needs_its_client_id_and_secret() {
    let server = MockServer::start().await;
    let rejected = testing::try_connect::<Twitter>(&server, json!({"authType": "manual"}));
    assert!(rejected.is_err(), "the client id and secret are required for your own app");
    let own_app = json!({"authType": "manual", "clientId": "id", "clientSecret": "secret"});
    assert!(testing::try_connect::<Twitter>(&server, own_app).is_ok());
    assert!(testing::try_connect::<Twitter>(&server, json!({"authType": "oauth2"})).is_ok());
    assert!(testing::try_connect::<Twitter>(&server, json!({"authType": "accessToken"})).is_err());
}

#[tokio::test]
async fn create_tweet_posts_the_text_and_returns_the_tweet() {
    let server = MockServer::start().await;
    upstream("POST", "/2/tweets")
        .and(matchers::body_json(json!({"text": "Hello from FluxTurn"})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"data": {"id": "1990362065362714820", "text": "Hello from FluxTurn", "edit_history_tweet_ids": ["1990362065362714820"]}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "create_tweet", json!({"text": "Hello from FluxTurn"})).await.unwrap();
    assert_eq!(
        output,
        json!({"id": "1990362065362714820", "text": "Hello from FluxTurn", "edit_history_tweet_ids": ["1990362065362714820"], "media_ids": []})
    );
}

#[tokio::test]
async fn create_tweet_uploads_files_and_urls_then_replies_with_them() {
    let server = MockServer::start().await;
    let png = b"PNG fake image bytes".to_vec();
    // The image URL is fetched without the connection's token.
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/pictures/cat.png"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/media/upload")
        .and(matchers::body_string_contains("photo.jpg"))
        .and(matchers::body_string_contains("tweet_image"))
        .respond_with(ok(json!({"data": {"id": "1111", "media_key": "3_1111"}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/media/upload")
        .and(matchers::body_string_contains("fake image bytes"))
        .and(matchers::body_string_contains("image/png"))
        .respond_with(ok(json!({"data": {"id": "2222", "media_key": "3_2222"}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/tweets")
        .and(matchers::body_json(json!({
            "text": "Two cats",
            "reply": {"in_reply_to_tweet_id": "1800000000000000001"},
            "media": {"media_ids": ["1111", "2222"]},
        })))
        .respond_with(ok(json!({"data": {"id": "1900", "text": "Two cats", "edit_history_tweet_ids": ["1900"]}})))
        .expect(1)
        .mount(&server)
        .await;
    let jpeg = base64::engine::general_purpose::STANDARD.encode(b"jpeg bytes");
    let input = json!({
        "text": "Two cats",
        "reply_to": "1800000000000000001",
        "mediaFiles": [{"fileData": format!("data:image/jpeg;base64,{jpeg}"), "fileName": "photo.jpg"}],
        "mediaUrls": [format!("{}/pictures/cat.png", server.uri())],
    });
    let output = run(&server, "create_tweet", input).await.unwrap();
    assert_eq!(output["id"], "1900");
    assert_eq!(output["media_ids"], json!(["1111", "2222"]));
    let requests = server.received_requests().await.unwrap();
    let download = requests.iter().find(|r| r.url.path() == "/pictures/cat.png").unwrap();
    assert!(!download.headers.contains_key("authorization"), "the token must not go to a media URL");
}

#[tokio::test]
async fn create_tweet_uploads_a_video_in_chunks_and_waits_for_processing() {
    let server = MockServer::start().await;
    let video = vec![7u8; 1000];
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/clip.mp4"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(video, "video/mp4"))
        .mount(&server)
        .await;
    upstream("POST", "/2/media/upload/initialize")
        .and(matchers::body_json(
            json!({"media_type": "video/mp4", "total_bytes": 1000, "media_category": "tweet_video"}),
        ))
        .respond_with(ok(json!({"data": {"id": "7777", "media_key": "7_7777", "expires_after_secs": 86400}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/media/upload/7777/append")
        .and(matchers::body_string_contains("segment_index"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/media/upload/7777/finalize")
        .respond_with(ok(
            json!({"data": {"id": "7777", "processing_info": {"state": "pending", "check_after_secs": 0}}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/2/media/upload")
        .and(matchers::query_param("command", "STATUS"))
        .and(matchers::query_param("media_id", "7777"))
        .respond_with(ok(json!({"data": {"id": "7777", "processing_info": {"state": "succeeded"}}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/tweets")
        .and(matchers::body_json(json!({"text": "Watch this", "media": {"media_ids": ["7777"]}})))
        .respond_with(ok(json!({"data": {"id": "1901", "text": "Watch this"}})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"text": "Watch this", "videoUrl": format!("{}/clip.mp4", server.uri())});
    let output = run(&server, "create_tweet", input).await.unwrap();
    assert_eq!(output["media_ids"], json!(["7777"]));
}

#[tokio::test]
async fn a_video_that_fails_processing_is_not_tweeted() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/clip.mp4"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![1u8; 10], "video/mp4"))
        .mount(&server)
        .await;
    upstream("POST", "/2/media/upload/initialize").respond_with(ok(json!({"data": {"id": "8"}}))).mount(&server).await;
    upstream("POST", "/2/media/upload/8/append").respond_with(ResponseTemplate::new(200)).mount(&server).await;
    upstream("POST", "/2/media/upload/8/finalize")
        .respond_with(ok(json!({"data": {"id": "8", "processing_info": {"state": "failed", "error": {"message": "Unsupported video codec"}}}})))
        .mount(&server)
        .await;
    upstream("POST", "/2/tweets").respond_with(ok(json!({}))).expect(0).mount(&server).await;
    let input = json!({"text": "Watch this", "videoUrl": format!("{}/clip.mp4", server.uri())});
    let error = run(&server, "create_tweet", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("Unsupported video codec"), "{error}");
}

#[tokio::test]
async fn create_tweet_refuses_a_video_with_images_and_too_many_images_before_any_request() {
    let server = MockServer::start().await;
    let both =
        json!({"text": "x", "videoUrl": "https://example.com/v.mp4", "mediaUrls": ["https://example.com/a.png"]});
    let error = run(&server, "create_tweet", both).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("either a video or images"), "{error}");
    let five = json!({"text": "x", "mediaUrls": ["https://e.com/1.png", "https://e.com/2.png", "https://e.com/3.png", "https://e.com/4.png", "https://e.com/5.png"]});
    let error = run(&server, "create_tweet", five).await.unwrap_err();
    assert!(error.message.contains("at most 4 images"), "{error}");
    let error = run(&server, "create_tweet", json!({"text": "  "})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_duplicate_tweet_is_forbidden_with_xs_reason() {
    let server = MockServer::start().await;
    upstream("POST", "/2/tweets")
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "detail": "You are not allowed to create a Tweet with duplicate content.",
            "type": "about:blank",
            "title": "Forbidden",
            "status": 403,
        })))
        .mount(&server)
        .await;
    let error = run(&server, "create_tweet", json!({"text": "again"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");
    assert!(error.message.contains("X refused to post the tweet"), "{error}");
    assert!(error.message.contains("duplicate content"), "{error}");
    assert!(!serde_json::to_string(&error).unwrap().contains("test-token"));
}

#[tokio::test]
async fn delete_tweet_deletes_by_id_or_url() {
    let server = MockServer::start().await;
    upstream("DELETE", "/2/tweets/1800000000000000009")
        .respond_with(ok(json!({"data": {"deleted": true}})))
        .expect(2)
        .mount(&server)
        .await;
    let output = run(&server, "delete_tweet", json!({"tweetId": "1800000000000000009"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "tweet_id": "1800000000000000009"}));
    let by_url = json!({"tweetId": "https://x.com/me_on_x/status/1800000000000000009"});
    assert_eq!(run(&server, "delete_tweet", by_url).await.unwrap()["deleted"], true);
    let error = run(&server, "delete_tweet", json!({"tweetId": "not a tweet"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_429_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("DELETE", "/2/tweets/1")
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "900").set_body_json(
            json!({"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}),
        ))
        .mount(&server)
        .await;
    let error = run(&server, "delete_tweet", json!({"tweetId": "1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);
    assert!(error.message.contains("Too Many Requests"), "{error}");
}

#[tokio::test]
async fn like_tweet_likes_as_the_connected_account() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    upstream("POST", &format!("/2/users/{ME}/likes"))
        .and(matchers::body_json(json!({"tweet_id": "1800000000000000005"})))
        .respond_with(ok(json!({"data": {"liked": true}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "like_tweet", json!({"tweetId": "1800000000000000005"})).await.unwrap();
    assert_eq!(output, json!({"liked": true, "tweet_id": "1800000000000000005"}));
}

#[tokio::test]
async fn an_app_only_token_cannot_like() {
    let server = MockServer::start().await;
    upstream("GET", "/2/users/me")
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "title": "Unsupported Authentication",
            "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
            "type": "https://api.twitter.com/2/problems/unsupported-authentication",
            "status": 403,
        })))
        .mount(&server)
        .await;
    let error = run(&server, "like_tweet", json!({"tweetId": "5"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");
    assert!(error.message.contains("Application-Only is forbidden"), "{error}");
}

#[tokio::test]
async fn retweet_retweets_as_the_connected_account() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    upstream("POST", &format!("/2/users/{ME}/retweets"))
        .and(matchers::body_json(json!({"tweet_id": "1800000000000000006"})))
        .respond_with(ok(json!({"data": {"retweeted": true}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "retweet", json!({"tweetId": "1800000000000000006"})).await.unwrap();
    assert_eq!(output, json!({"retweeted": true, "tweet_id": "1800000000000000006"}));
}

#[tokio::test]
async fn search_tweets_sends_the_query_and_returns_tweets_and_authors() {
    let server = MockServer::start().await;
    upstream("GET", "/2/tweets/search/recent")
        .and(matchers::query_param("query", "#rustlang -is:retweet"))
        // X's smallest page is 10: five are asked for, ten fetched, five returned.
        .and(matchers::query_param("max_results", "10"))
        .and(matchers::query_param("sort_order", "relevancy"))
        .and(matchers::query_param("start_time", "2024-05-01T00:00:00Z"))
        .and(matchers::query_param(
            "tweet.fields",
            "created_at,author_id,conversation_id,public_metrics,lang,in_reply_to_user_id,entities",
        ))
        .and(matchers::query_param("expansions", "author_id"))
        .respond_with(ok(json!({
            "data": (1..=10).map(|i| tweet(&format!("18000000000000000{i:02}"))).collect::<Vec<_>>(),
            "includes": {"users": [{"id": "2244994945", "name": "X Developers", "username": "XDevelopers"}]},
            "meta": {"result_count": 10, "next_token": "b26v89c19zqg8o3fo7gesq314yb9l2l4ptqy4rd0"},
        })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "query": "#rustlang -is:retweet",
        "maxResults": 5,
        "sortOrder": "relevancy",
        "startTime": "2024-05-01T00:00:00Z",
        "tweetFields": ["entities", "author_id"],
    });
    let output = run(&server, "search_tweets", input).await.unwrap();
    assert_eq!(output["result_count"], 5);
    assert_eq!(output["tweets"].as_array().unwrap().len(), 5);
    assert_eq!(output["tweets"][0], tweet("1800000000000000001"));
    assert_eq!(output["users"][0]["username"], "XDevelopers");
}

#[tokio::test]
async fn search_tweets_follows_next_token_up_to_max_results() {
    let server = MockServer::start().await;
    let page = |from: u32| (from..from + 100).map(|i| tweet(&format!("1800000000000{i:06}"))).collect::<Vec<_>>();
    upstream("GET", "/2/tweets/search/recent")
        .and(matchers::query_param("max_results", "100"))
        .and(matchers::query_param("next_token", "page2"))
        .respond_with(ok(json!({"data": page(100), "meta": {"result_count": 100, "next_token": "page3"}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/2/tweets/search/recent")
        .and(matchers::query_param("max_results", "100"))
        .and(matchers::query_param("sort_order", "recency"))
        .respond_with(ok(json!({"data": page(0), "meta": {"result_count": 100, "next_token": "page2"}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "search_tweets", json!({"query": "fluxturn", "maxResults": 150})).await.unwrap();
    assert_eq!(output["result_count"], 150);
    assert_eq!(output["tweets"][149]["id"], "1800000000000000149");
}

#[tokio::test]
async fn search_tweets_with_no_match_is_empty_and_a_bad_query_says_why() {
    let server = MockServer::start().await;
    upstream("GET", "/2/tweets/search/recent")
        .and(matchers::query_param("query", "nothing matches this"))
        .respond_with(ok(json!({"meta": {"result_count": 0}})))
        .mount(&server)
        .await;
    upstream("GET", "/2/tweets/search/recent")
        .and(matchers::query_param("query", "(("))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "errors": [{"parameters": {"query": ["(("]}, "message": "There were errors processing your request: Ambiguous use of ( (at position 1)"}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        })))
        .mount(&server)
        .await;
    let output = run(&server, "search_tweets", json!({"query": "nothing matches this"})).await.unwrap();
    assert_eq!(output, json!({"tweets": [], "users": [], "result_count": 0}));
    let error = run(&server, "search_tweets", json!({"query": "(("})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("One or more parameters"), "{error}");
    assert!(error.message.contains("Ambiguous use of ("), "{error}");
    let error = run(&server, "search_tweets", json!({"query": "x", "maxResults": 5000})).await.unwrap_err();
    assert!(error.message.contains("maxResults"), "{error}");
}

#[tokio::test]
async fn send_direct_message_finds_a_username_and_sends_with_media() {
    let server = MockServer::start().await;
    upstream("GET", "/2/users/by/username/jack")
        .respond_with(ok(json!({"data": {"id": "12", "name": "jack", "username": "jack"}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/dm_conversations/with/12/messages")
        .and(matchers::body_json(json!({"text": "Hi there", "attachments": [{"media_id": "1455952740635586573"}]})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(
                json!({"data": {"dm_conversation_id": "12-1500", "dm_event_id": "1580705921830768647"}}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"userId": "@jack", "text": "Hi there", "mediaId": "1455952740635586573"});
    let output = run(&server, "send_direct_message", input).await.unwrap();
    assert_eq!(
        output,
        json!({"dm_conversation_id": "12-1500", "dm_event_id": "1580705921830768647", "recipient_id": "12"})
    );
}

#[tokio::test]
async fn send_direct_message_to_an_id_goes_straight_there_and_a_closed_inbox_is_forbidden() {
    let server = MockServer::start().await;
    upstream("POST", "/2/dm_conversations/with/783214/messages")
        .and(matchers::body_json(json!({"text": "Hello"})))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "detail": "You cannot send messages to this user.",
            "title": "Forbidden",
            "type": "about:blank",
            "status": 403,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "send_direct_message", json!({"userId": "783214", "text": "Hello"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");
    assert!(error.message.contains("You cannot send messages to this user"), "{error}");
}

#[tokio::test]
async fn get_user_by_username_id_or_me() {
    let server = MockServer::start().await;
    let user = json!({"id": "2244994945", "name": "X Developers", "username": "XDevelopers", "public_metrics": {"followers_count": 10}});
    for path in ["/2/users/by/username/XDevelopers", "/2/users/2244994945", "/2/users/me"] {
        upstream("GET", path)
            .and(matchers::query_param(
                "user.fields",
                "created_at,description,location,profile_image_url,protected,public_metrics,url,verified",
            ))
            .respond_with(ok(json!({"data": user})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let by_name = run(&server, "get_user", json!({"searchBy": "username", "username": "@XDevelopers"})).await.unwrap();
    assert_eq!(by_name, user);
    let by_id = run(&server, "get_user", json!({"searchBy": "id", "userId": "2244994945"})).await.unwrap();
    assert_eq!(by_id["username"], "XDevelopers");
    let me = run(&server, "get_user", json!({"searchBy": "me"})).await.unwrap();
    assert_eq!(me["id"], "2244994945");
    let error = run(&server, "get_user", json!({"searchBy": "username"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("username"), "{error}");
}

#[tokio::test]
async fn an_unknown_username_is_not_found_though_x_answers_200() {
    let server = MockServer::start().await;
    upstream("GET", "/2/users/by/username/nobody_here")
        .respond_with(ok(json!({"errors": [{
            "value": "nobody_here",
            "detail": "Could not find user with username: [nobody_here].",
            "title": "Not Found Error",
            "resource_type": "user",
            "parameter": "username",
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }]})))
        .mount(&server)
        .await;
    let error = run(&server, "get_user", json!({"searchBy": "username", "username": "nobody_here"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("Could not find user with username: [nobody_here]"), "{error}");
}

#[tokio::test]
async fn add_to_list_adds_a_user_by_username() {
    let server = MockServer::start().await;
    upstream("GET", "/2/users/by/username/XDevelopers")
        .respond_with(ok(json!({"data": {"id": "2244994945", "name": "X Developers", "username": "XDevelopers"}})))
        .mount(&server)
        .await;
    upstream("POST", "/2/lists/1441162269824405510/members")
        .and(matchers::body_json(json!({"user_id": "2244994945"})))
        .respond_with(ok(json!({"data": {"is_member": true}})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"listId": "1441162269824405510", "userId": "XDevelopers"});
    let output = run(&server, "add_to_list", input).await.unwrap();
    assert_eq!(output, json!({"is_member": true, "list_id": "1441162269824405510", "user_id": "2244994945"}));
}

#[tokio::test]
async fn add_to_list_of_someone_elses_list_is_forbidden() {
    let server = MockServer::start().await;
    upstream("POST", "/2/lists/99/members")
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "title": "Forbidden",
            "detail": "You are not allowed to add members to this list.",
            "type": "about:blank",
            "status": 403,
        })))
        .mount(&server)
        .await;
    let error = run(&server, "add_to_list", json!({"listId": "99", "userId": "12"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("not allowed to add members"), "{error}");
}

/// Mounts one answer of a timeline for `since_id` (`None`: without one), the newest tweet first.
async fn timeline(server: &MockServer, path: &str, since_id: Option<&str>, ids: &[&str]) {
    let mut mock = upstream("GET", path);
    if let Some(since_id) = since_id {
        mock = mock.and(matchers::query_param("since_id", since_id));
    }
    let data: Vec<Value> = ids.iter().map(|id| tweet(id)).collect();
    let body = if data.is_empty() {
        json!({"meta": {"result_count": 0}})
    } else {
        json!({"data": data, "meta": {"result_count": ids.len()}})
    };
    mock.respond_with(ok(body)).up_to_n_times(1).expect(1).mount(server).await;
}

#[tokio::test]
async fn new_mention_records_the_newest_then_reports_each_new_mention_once() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let mentions = format!("/2/users/{ME}/mentions");
    let twitter = testing::connect::<Twitter>(&server, credentials());

    // First poll: the newest mention is recorded, nothing reported.
    upstream("GET", &mentions)
        .and(matchers::query_param("max_results", "5"))
        .and(matchers::query_param_is_missing("since_id"))
        .respond_with(ok(json!({"data": [tweet("1800000000000000105"), tweet("1800000000000000104")]})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let first = twitter.poll("new_mention", json!({}), None).await.unwrap();
    assert!(first.events.is_empty(), "{:?}", first.events);
    assert_eq!(first.cursor, Some(json!({"user_id": ME, "since_id": "1800000000000000105"})));

    // Two mentions arrive together: both reported, oldest first.
    timeline(&server, &mentions, Some("1800000000000000105"), &["1800000000000000107", "1800000000000000106"]).await;
    let second = twitter.poll("new_mention", json!({}), first.cursor).await.unwrap();
    let ids: Vec<&Value> = second.events.iter().map(|e| &e["id"]).collect();
    assert_eq!(ids, [&json!("1800000000000000106"), &json!("1800000000000000107")]);
    assert_eq!(second.events[0]["text"], "tweet 1800000000000000106");
    assert_eq!(second.cursor.as_ref().unwrap()["since_id"], "1800000000000000107");

    // Nothing new: nothing reported again, the cursor stays.
    timeline(&server, &mentions, Some("1800000000000000107"), &[]).await;
    let third = twitter.poll("new_mention", json!({}), second.cursor.clone()).await.unwrap();
    assert!(third.events.is_empty(), "{:?}", third.events);
    assert_eq!(third.cursor, second.cursor);
}

#[tokio::test]
async fn new_mention_follows_the_pages_of_a_busy_interval() {
    let server = MockServer::start().await;
    let mentions = format!("/2/users/{ME}/mentions");
    upstream("GET", &mentions)
        .and(matchers::query_param("pagination_token", "older"))
        .respond_with(ok(json!({"data": [tweet("1800000000000000201")], "meta": {"result_count": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", &mentions)
        .and(matchers::query_param("since_id", "1800000000000000200"))
        .and(matchers::query_param("max_results", "100"))
        .and(matchers::query_param_is_missing("pagination_token"))
        .respond_with(ok(json!({"data": [tweet("1800000000000000203"), tweet("1800000000000000202")], "meta": {"next_token": "older"}})))
        .expect(1)
        .mount(&server)
        .await;
    let twitter = testing::connect::<Twitter>(&server, credentials());
    let cursor = json!({"user_id": ME, "since_id": "1800000000000000200"});
    let polled = twitter.poll("new_mention", json!({}), Some(cursor)).await.unwrap();
    let ids: Vec<&str> = polled.events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1800000000000000201", "1800000000000000202", "1800000000000000203"]);
}

#[tokio::test]
async fn new_tweet_watches_the_accounts_own_tweets_from_an_empty_timeline() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let tweets = format!("/2/users/{ME}/tweets");
    let twitter = testing::connect::<Twitter>(&server, credentials());
    // No tweets yet: the first poll records that, and the next reports the first tweet.
    upstream("GET", &tweets)
        .and(matchers::query_param("exclude", "retweets,replies"))
        .and(matchers::query_param_is_missing("since_id"))
        .respond_with(ok(json!({"meta": {"result_count": 0}})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let first = twitter.poll("new_tweet", json!({}), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({"user_id": ME, "since_id": null})));
    upstream("GET", &tweets)
        .and(matchers::query_param("exclude", "retweets,replies"))
        .and(matchers::query_param_is_missing("since_id"))
        .respond_with(ok(json!({"data": [tweet("1800000000000000300")]})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let second = twitter.poll("new_tweet", json!({}), first.cursor).await.unwrap();
    assert_eq!(second.events.len(), 1);
    assert_eq!(second.events[0]["id"], "1800000000000000300");
    timeline(&server, &tweets, Some("1800000000000000300"), &[]).await;
    let third = twitter.poll("new_tweet", json!({}), second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn a_poll_that_x_refuses_fails_and_keeps_the_cursor() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/2/users/{ME}/tweets"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}),
        ))
        .mount(&server)
        .await;
    let twitter = testing::connect::<Twitter>(&server, credentials());
    let cursor = json!({"user_id": ME, "since_id": "1"});
    let error = twitter.poll("new_tweet", json!({}), Some(cursor)).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("read the account's tweets"), "{error}");
}

#[tokio::test]
async fn test_connection_reads_the_connected_account() {
    let server = MockServer::start().await;
    upstream("GET", "/2/users/me")
        .respond_with(ok(json!({"data": {"id": ME, "name": "Me", "username": "me_on_x"}})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Twitter>(&server, credentials()).test_connection().await.unwrap();
}

#[tokio::test]
async fn an_oauth2_connection_sends_the_token_the_server_obtained() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/2/users/me"))
        .and(matchers::header("authorization", "Bearer oauth-access-token"))
        .respond_with(ok(json!({"data": {"id": ME, "name": "Me", "username": "me_on_x"}})))
        .expect(1)
        .mount(&server)
        .await;
    let oauth2 = json!({"authType": "oauth2", "accessToken": "oauth-access-token", "refreshToken": "oauth-refresh"});
    testing::connect::<Twitter>(&server, oauth2).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_plain_base64_gif_is_uploaded_as_a_gif() {
    let server = MockServer::start().await;
    upstream("POST", "/2/media/upload")
        .and(matchers::body_string_contains("tweet_gif"))
        .and(matchers::body_string_contains("image/gif"))
        .and(matchers::body_string_contains("GIF89a"))
        .respond_with(ok(json!({"data": {"id": "3333"}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/2/tweets")
        .and(matchers::body_json(json!({"text": "Dancing", "media": {"media_ids": ["3333"]}})))
        .respond_with(ok(json!({"data": {"id": "1902", "text": "Dancing"}})))
        .expect(1)
        .mount(&server)
        .await;
    let gif = base64::engine::general_purpose::STANDARD.encode(b"GIF89a frames");
    let input = json!({"text": "Dancing", "mediaFiles": [{"fileData": gif, "fileName": "dance.gif"}]});
    assert_eq!(run(&server, "create_tweet", input).await.unwrap()["media_ids"], json!(["3333"]));
    let broken = json!({"text": "Dancing", "mediaFiles": [{"fileData": "not base64 at all!"}]});
    let error = run(&server, "create_tweet", broken).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("mediaFiles[0].fileData"), "{error}");
}
