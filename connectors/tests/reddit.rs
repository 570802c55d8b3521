//! Reddit against a local mock of its API.

use connectors::social::reddit::Reddit;
use fluxturn_core::auth::{providers, OAuthProvider};
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorError, ErrorCode};
use serde_json::{json, Value};

const USER_AGENT: &str = "fluxturn:reddit-connector:v1 (by FluxTurn)";

fn credentials() -> Value {
    json!({"authType": "oauth2", "accessToken": "test-token"})
}

/// A mock of `method path` that checks the token and the User-Agent are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
        .and(matchers::header("user-agent", USER_AGENT))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A Reddit listing of `things` (each `{"kind", "data"}`), with `after`.
fn listing(things: Vec<Value>, after: Option<&str>) -> Value {
    json!({"kind": "Listing", "data": {"after": after, "before": null, "children": things}})
}

/// A post thing created at `created` with `score`.
fn post(id: &str, created: f64, score: i64) -> Value {
    json!({"kind": "t3", "data": {"id": id, "name": format!("t3_{id}"), "title": format!("post {id}"), "created_utc": created, "score": score}})
}

/// A comment thing created at `created`.
fn comment(id: &str, created: f64) -> Value {
    json!({"kind": "t1", "data": {"id": id, "name": format!("t1_{id}"), "body": format!("comment {id}"), "created_utc": created}})
}

async fn run(server: &MockServer, action: &str, input: Value) -> Result<Value, ConnectorError> {
    testing::execute::<Reddit>(server, credentials(), action, input).await
}

async fn nothing_sent(server: &MockServer) {
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("reddit").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "post_create",
            "post_delete",
            "post_get",
            "post_get_many",
            "post_search",
            "comment_create",
            "comment_reply",
            "comment_delete",
            "comment_get_many",
            "profile_get",
            "subreddit_get",
            "subreddit_search",
            "user_get"
        ] as [&str; 13]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_post", "new_comment", "user_mention", "post_updated"] as [&str; 4]);
    let oauth = definition.oauth_config.as_ref().expect("oauth2");
    assert_eq!(oauth.authorization_url, "https://www.reddit.com/api/v1/authorize");
    assert_eq!(oauth.token_url, "https://www.reddit.com/api/v1/access_token");
}

#[test]
fn the_shared_reddit_provider_asks_for_a_permanent_grant() {
    let provider = OAuthProvider::named("reddit").expect("a shared provider");
    assert_eq!(provider, &providers::REDDIT);
    assert_eq!(provider.authorization_params, [("duration", "permanent")]);
    assert!(!provider.pkce);
}

#[tokio::test]
async fn manual_auth_requires_the_client_id() {
    let server = MockServer::start().await;
    let Err(error) =
        testing::try_connect::<Reddit>(&server, json!({"authType": "manual", "accessToken": "test-token"}))
    else {
        panic!("manual needs clientId")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("clientId"), "{error}");
}

#[tokio::test]
async fn post_create_submits_a_text_post_as_a_form() {
    let server = MockServer::start().await;
    let data = json!({"url": "https://www.reddit.com/r/rust/comments/abc12/hello/", "id": "abc12", "name": "t3_abc12", "drafts_count": 0});
    upstream("POST", "/api/submit")
        .and(matchers::header("content-type", "application/x-www-form-urlencoded"))
        .and(matchers::body_string_contains("api_type=json"))
        .and(matchers::body_string_contains("sr=rust"))
        .and(matchers::body_string_contains("title=Hello+world"))
        .and(matchers::body_string_contains("kind=self"))
        .and(matchers::body_string_contains("text=Body+%26+more"))
        .and(matchers::body_string_contains("sendreplies=false"))
        .respond_with(ok(json!({"json": {"errors": [], "data": data}})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"subreddit": "r/rust", "title": "Hello world", "kind": "self", "text": "Body & more", "sendReplies": false});
    assert_eq!(run(&server, "post_create", input).await.unwrap(), data);
}

#[tokio::test]
async fn post_create_submits_an_image_as_a_link_to_it() {
    let server = MockServer::start().await;
    upstream("POST", "/api/submit")
        .and(matchers::body_string_contains("kind=link"))
        .and(matchers::body_string_contains("url=https%3A%2F%2Fi.example.com%2Fcat.png"))
        .and(matchers::body_string_contains("sendreplies=true"))
        .respond_with(ok(json!({"json": {"errors": [], "data": {"id": "x1", "name": "t3_x1"}}})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"subreddit": "pics", "title": "Cat", "kind": "image", "url": "https://i.example.com/cat.png"});
    assert_eq!(run(&server, "post_create", input).await.unwrap(), json!({"id": "x1", "name": "t3_x1"}));
}

#[tokio::test]
async fn a_link_post_without_a_url_never_reaches_reddit() {
    let server = MockServer::start().await;
    let input = json!({"subreddit": "pics", "title": "Cat", "kind": "link"});
    let error = run(&server, "post_create", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`url`"), "{error}");
    nothing_sent(&server).await;
}

#[tokio::test]
async fn errors_inside_a_200_are_invalid_input_in_reddits_words() {
    let server = MockServer::start().await;
    upstream("POST", "/api/submit")
        .respond_with(ok(json!({"json": {"errors": [["SUBREDDIT_NOEXIST", "that community doesn't exist", "sr"]]}})))
        .mount(&server)
        .await;
    let input = json!({"subreddit": "nope", "title": "x", "kind": "self"});
    let error = run(&server, "post_create", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(
        error.message,
        "Reddit refused the request: that community doesn't exist (SUBREDDIT_NOEXIST, field `sr`)"
    );
    assert!(!error.to_string().contains("test-token"));
}

#[tokio::test]
async fn a_ratelimit_error_inside_a_200_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("POST", "/api/comment")
        .respond_with(ok(json!({"json": {"errors": [["RATELIMIT", "you are doing that too much. try again in 5 minutes.", "ratelimit"]]}})))
        .mount(&server)
        .await;
    let error = run(&server, "comment_create", json!({"postId": "abc", "text": "hi"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert!(error.retryable);
    assert!(error.message.contains("try again in 5 minutes"), "{error}");
}

#[tokio::test]
async fn post_delete_sends_the_posts_fullname() {
    let server = MockServer::start().await;
    upstream("POST", "/api/del")
        .and(matchers::body_string("id=t3_abc12"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "post_delete", json!({"postId": "abc12"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "id": "t3_abc12"}));
}

#[tokio::test]
async fn a_malformed_id_never_reaches_reddit() {
    let server = MockServer::start().await;
    let error = run(&server, "post_delete", json!({"postId": "t1_abc"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`postId`"), "{error}");
    nothing_sent(&server).await;
}

#[tokio::test]
async fn comment_delete_sends_the_comments_fullname_and_a_403_is_forbidden() {
    let server = MockServer::start().await;
    upstream("POST", "/api/del")
        .and(matchers::body_string("id=t1_def34"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"message": "Forbidden", "error": 403})))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "comment_delete", json!({"commentId": "t1_def34"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");
    assert!(error.message.contains("Forbidden"), "{error}");
    assert!(!error.to_string().contains("test-token"));
}

#[tokio::test]
async fn comment_delete_returns_the_deleted_id() {
    let server = MockServer::start().await;
    upstream("POST", "/api/del")
        .and(matchers::body_string("id=t1_def34"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "comment_delete", json!({"commentId": "def34"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "id": "t1_def34"}));
}

#[tokio::test]
async fn post_get_returns_the_post_of_the_comments_page() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/comments/abc12")
        .and(matchers::query_param("limit", "1"))
        .and(matchers::query_param("raw_json", "1"))
        .respond_with(ok(json!([listing(vec![post("abc12", 1.0, 5)], None), listing(vec![comment("c1", 2.0)], None)])))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "post_get", json!({"subreddit": "rust", "postId": "t3_abc12"})).await.unwrap();
    assert_eq!(output, post("abc12", 1.0, 5)["data"]);
}

#[tokio::test]
async fn a_404_is_not_found() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/comments/zzz")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found", "error": 404})))
        .mount(&server)
        .await;
    let error = run(&server, "post_get", json!({"subreddit": "rust", "postId": "zzz"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("Not Found"), "{error}");
}

#[tokio::test]
async fn a_429_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/hot")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "900")
                .set_body_json(json!({"message": "Too Many Requests", "error": 429})),
        )
        .mount(&server)
        .await;
    let error = run(&server, "post_get_many", json!({"subreddit": "rust", "category": "hot"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);
}

#[tokio::test]
async fn post_get_many_follows_after_until_the_limit() {
    let server = MockServer::start().await;
    let page = |from: usize, to: usize| (from..to).map(|i| post(&format!("p{i}"), i as f64, 1)).collect::<Vec<_>>();
    upstream("GET", "/r/rust/top")
        .and(matchers::query_param("limit", "100"))
        .and(matchers::query_param_is_missing("after"))
        .respond_with(ok(listing(page(0, 100), Some("t3_p99"))))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/r/rust/top")
        .and(matchers::query_param("after", "t3_p99"))
        .respond_with(ok(listing(page(100, 200), Some("t3_p199"))))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "post_get_many", json!({"subreddit": "rust", "category": "top", "limit": 150})).await.unwrap();
    let ids: Vec<&str> = output.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 150);
    assert_eq!((ids[0], ids[149]), ("p0", "p149"));
}

#[tokio::test]
async fn post_get_many_asks_for_the_default_ten() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/hot")
        .and(matchers::query_param("limit", "10"))
        .respond_with(ok(listing(vec![post("a", 1.0, 1), json!({"kind": "more", "data": {}})], None)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "post_get_many", json!({"subreddit": "rust", "category": "hot"})).await.unwrap();
    assert_eq!(output, json!([post("a", 1.0, 1)["data"]]));
}

#[tokio::test]
async fn post_search_in_a_subreddit_restricts_it() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/search")
        .and(matchers::query_param("q", "async traits"))
        .and(matchers::query_param("restrict_sr", "on"))
        .and(matchers::query_param("sort", "new"))
        .and(matchers::query_param("t", "week"))
        .and(matchers::query_param("type", "link"))
        .and(matchers::query_param("limit", "5"))
        .respond_with(ok(listing(vec![post("s1", 1.0, 3)], None)))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"location": "subreddit", "subreddit": "rust", "query": "async traits", "sort": "new", "time": "week", "limit": 5});
    assert_eq!(run(&server, "post_search", input).await.unwrap(), json!([post("s1", 1.0, 3)["data"]]));
}

#[tokio::test]
async fn post_search_in_all_of_reddit() {
    let server = MockServer::start().await;
    upstream("GET", "/search")
        .and(matchers::query_param("q", "rust"))
        .and(matchers::query_param("sort", "relevance"))
        .and(matchers::query_param("t", "all"))
        .and(matchers::query_param("limit", "25"))
        .and(matchers::query_param_is_missing("restrict_sr"))
        .respond_with(ok(listing(vec![], None)))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "post_search", json!({"location": "all", "query": "rust"})).await.unwrap(), json!([]));
}

#[tokio::test]
async fn post_search_in_a_subreddit_needs_one() {
    let server = MockServer::start().await;
    let error = run(&server, "post_search", json!({"location": "subreddit", "query": "rust"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`subreddit`"), "{error}");
    nothing_sent(&server).await;
}

#[tokio::test]
async fn comment_create_comments_on_the_post_and_returns_the_comment() {
    let server = MockServer::start().await;
    upstream("POST", "/api/comment")
        .and(matchers::body_string_contains("thing_id=t3_abc12"))
        .and(matchers::body_string_contains("text=Nice+post"))
        .and(matchers::body_string_contains("api_type=json"))
        .respond_with(ok(json!({"json": {"errors": [], "data": {"things": [comment("c9", 5.0)]}}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "comment_create", json!({"postId": "abc12", "text": "Nice post"})).await.unwrap();
    assert_eq!(output, comment("c9", 5.0)["data"]);
}

#[tokio::test]
async fn comment_reply_answers_the_comment() {
    let server = MockServer::start().await;
    upstream("POST", "/api/comment")
        .and(matchers::body_string_contains("thing_id=t1_c9"))
        .and(matchers::body_string_contains("text=Thanks"))
        .respond_with(ok(json!({"json": {"errors": [], "data": {"things": [comment("c10", 6.0)]}}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "comment_reply", json!({"commentId": "c9", "text": "Thanks"})).await.unwrap();
    assert_eq!(output, comment("c10", 6.0)["data"]);
}

#[tokio::test]
async fn comment_get_many_returns_the_comments_without_more_stubs() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/comments/abc12")
        .and(matchers::query_param("limit", "2"))
        .respond_with(ok(json!([
            listing(vec![post("abc12", 1.0, 5)], None),
            listing(
                vec![
                    comment("c1", 2.0),
                    comment("c2", 3.0),
                    comment("c3", 4.0),
                    json!({"kind": "more", "data": {"count": 4}})
                ],
                None
            )
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "comment_get_many", json!({"subreddit": "rust", "postId": "abc12", "limit": 2})).await.unwrap();
    assert_eq!(output, json!([comment("c1", 2.0)["data"], comment("c2", 3.0)["data"]]));
}

#[tokio::test]
async fn profile_get_reads_each_kind_of_detail() {
    let server = MockServer::start().await;
    upstream("GET", "/api/v1/me")
        .respond_with(ok(json!({"name": "me", "total_karma": 7})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/api/v1/me/karma")
        .respond_with(ok(json!({"kind": "KarmaList", "data": [{"sr": "rust", "comment_karma": 3}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/api/v1/me/trophies")
        .respond_with(ok(
            json!({"kind": "TrophyList", "data": {"trophies": [{"kind": "t6", "data": {"name": "Verified Email"}}]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/prefs/friends")
        .respond_with(ok(json!([{"kind": "UserList", "data": {"children": [{"name": "pal", "id": "t2_1"}]}}])))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/prefs/blocked")
        .respond_with(ok(json!({"kind": "UserList", "data": {"children": []}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/api/v1/me/prefs").respond_with(ok(json!({"over_18": false}))).expect(1).mount(&server).await;
    let details = |d: &str| json!({"details": d});
    assert_eq!(
        run(&server, "profile_get", details("identity")).await.unwrap(),
        json!({"name": "me", "total_karma": 7})
    );
    assert_eq!(
        run(&server, "profile_get", details("karma")).await.unwrap(),
        json!([{"sr": "rust", "comment_karma": 3}])
    );
    assert_eq!(run(&server, "profile_get", details("trophies")).await.unwrap(), json!([{"name": "Verified Email"}]));
    assert_eq!(run(&server, "profile_get", details("friends")).await.unwrap(), json!([{"name": "pal", "id": "t2_1"}]));
    assert_eq!(run(&server, "profile_get", details("blocked")).await.unwrap(), json!([]));
    assert_eq!(run(&server, "profile_get", details("prefs")).await.unwrap(), json!({"over_18": false}));
}

#[tokio::test]
async fn subreddit_get_reads_about_or_rules() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/about")
        .respond_with(ok(json!({"kind": "t5", "data": {"display_name": "rust", "subscribers": 300000}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/r/rust/about/rules")
        .respond_with(ok(json!({"rules": [{"short_name": "Be civil"}], "site_rules": []})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "subreddit_get", json!({"subreddit": "rust"})).await.unwrap(),
        json!({"display_name": "rust", "subscribers": 300000})
    );
    assert_eq!(
        run(&server, "subreddit_get", json!({"subreddit": "rust", "infoType": "rules"})).await.unwrap(),
        json!({"rules": [{"short_name": "Be civil"}], "site_rules": []})
    );
}

#[tokio::test]
async fn subreddit_search_sends_the_query() {
    let server = MockServer::start().await;
    upstream("GET", "/subreddits/search")
        .and(matchers::query_param("q", "programming"))
        .and(matchers::query_param("limit", "10"))
        .respond_with(ok(listing(vec![json!({"kind": "t5", "data": {"display_name": "programming"}})], None)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "subreddit_search", json!({"query": "programming"})).await.unwrap();
    assert_eq!(output, json!([{"display_name": "programming"}]));
}

#[tokio::test]
async fn user_get_reads_about_or_a_listing() {
    let server = MockServer::start().await;
    upstream("GET", "/user/spez/about")
        .respond_with(ok(json!({"kind": "t2", "data": {"name": "spez", "link_karma": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/user/spez/submitted")
        .and(matchers::query_param("limit", "25"))
        .respond_with(ok(listing(vec![post("u1", 1.0, 2)], None)))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "user_get", json!({"username": "u/spez"})).await.unwrap(),
        json!({"name": "spez", "link_karma": 1})
    );
    assert_eq!(
        run(&server, "user_get", json!({"username": "spez", "details": "submitted"})).await.unwrap(),
        json!([post("u1", 1.0, 2)["data"]])
    );
}

/// Mounts `answers` for `GET path` in turn, each once.
async fn in_turn(server: &MockServer, path: &str, answers: Vec<Value>) {
    for answer in answers {
        upstream("GET", path).respond_with(ok(answer)).up_to_n_times(1).expect(1).mount(server).await;
    }
}

fn names(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn new_post_emits_two_posts_of_the_same_second_once() {
    let server = MockServer::start().await;
    in_turn(
        &server,
        "/r/rust/new",
        vec![
            listing(vec![post("a2", 100.0, 1), post("a1", 90.0, 1)], None),
            listing(vec![post("b2", 110.0, 1), post("b1", 110.0, 1), post("a2", 100.0, 1)], None),
            listing(vec![post("b2", 110.0, 1), post("b1", 110.0, 1), post("a2", 100.0, 1)], None),
        ],
    )
    .await;
    let reddit = testing::connect::<Reddit>(&server, credentials());
    let config = json!({"subreddit": "rust"});
    let first = reddit.poll("new_post", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty(), "{:?}", first.events);
    let second = reddit.poll("new_post", config.clone(), first.cursor).await.unwrap();
    assert_eq!(names(&second.events), ["t3_b1", "t3_b2"]);
    let third = reddit.poll("new_post", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty(), "{:?}", third.events);
}

#[tokio::test]
async fn new_post_reads_older_pages_until_it_reaches_the_cursor() {
    let server = MockServer::start().await;
    upstream("GET", "/r/rust/hot")
        .and(matchers::query_param_is_missing("after"))
        .respond_with(ok(listing(vec![post("c3", 130.0, 1), post("c2", 120.0, 1)], Some("t3_c2"))))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/r/rust/hot")
        .and(matchers::query_param("after", "t3_c2"))
        .respond_with(ok(listing(vec![post("c1", 115.0, 1), post("a2", 100.0, 1), post("a1", 90.0, 1)], Some("t3_a1"))))
        .expect(1)
        .mount(&server)
        .await;
    let reddit = testing::connect::<Reddit>(&server, credentials());
    let cursor = json!({"since": 100.0, "seen": ["t3_a2"]});
    let polled = reddit.poll("new_post", json!({"subreddit": "rust", "category": "hot"}), Some(cursor)).await.unwrap();
    assert_eq!(names(&polled.events), ["t3_c1", "t3_c2", "t3_c3"]);
    assert_eq!(polled.cursor, Some(json!({"since": 130.0, "seen": ["t3_c3"]})));
}

#[tokio::test]
async fn new_comment_emits_new_comments_once() {
    let server = MockServer::start().await;
    in_turn(
        &server,
        "/r/rust/comments",
        vec![
            listing(vec![comment("k1", 50.0)], None),
            listing(vec![comment("k3", 60.0), comment("k2", 55.0), comment("k1", 50.0)], None),
            listing(vec![comment("k3", 60.0), comment("k2", 55.0), comment("k1", 50.0)], None),
        ],
    )
    .await;
    let reddit = testing::connect::<Reddit>(&server, credentials());
    let config = json!({"subreddit": "rust"});
    let first = reddit.poll("new_comment", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    let second = reddit.poll("new_comment", config.clone(), first.cursor).await.unwrap();
    assert_eq!(names(&second.events), ["t1_k2", "t1_k3"]);
    let third = reddit.poll("new_comment", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn user_mention_reads_the_inbox_and_a_search_of_posts() {
    let server = MockServer::start().await;
    upstream("GET", "/api/v1/me").respond_with(ok(json!({"name": "alice"}))).expect(3).mount(&server).await;
    for answer in [
        listing(vec![comment("m1", 10.0)], None),
        listing(vec![comment("m2", 30.0), comment("m1", 10.0)], None),
        listing(vec![comment("m2", 30.0), comment("m1", 10.0)], None),
    ] {
        upstream("GET", "/message/mentions")
            .and(matchers::query_param("mark", "false"))
            .respond_with(ok(answer))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    for answer in
        [listing(vec![], None), listing(vec![post("q1", 20.0, 1)], None), listing(vec![post("q1", 20.0, 1)], None)]
    {
        upstream("GET", "/search")
            .and(matchers::query_param("q", "\"u/alice\""))
            .and(matchers::query_param("sort", "new"))
            .respond_with(ok(answer))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    let reddit = testing::connect::<Reddit>(&server, credentials());
    let first = reddit.poll("user_mention", json!({}), None).await.unwrap();
    assert!(first.events.is_empty());
    let second = reddit.poll("user_mention", json!({}), first.cursor).await.unwrap();
    assert_eq!(names(&second.events), ["t3_q1", "t1_m2"]);
    let third = reddit.poll("user_mention", json!({}), second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn user_mention_with_nothing_included_is_invalid() {
    let server = MockServer::start().await;
    let reddit = testing::connect::<Reddit>(&server, credentials());
    let config = json!({"includeComments": false, "includePosts": false});
    let error = reddit.poll("user_mention", config, None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    nothing_sent(&server).await;
}

#[tokio::test]
async fn post_updated_emits_each_post_once_when_it_reaches_the_threshold() {
    let server = MockServer::start().await;
    in_turn(
        &server,
        "/r/rust/hot",
        vec![
            listing(vec![post("h1", 1.0, 150), post("h2", 2.0, 20), post("h3", 3.0, 40)], None),
            listing(vec![post("h1", 1.0, 160), post("h2", 2.0, 60), post("h3", 3.0, 55)], None),
            listing(vec![post("h1", 1.0, 170), post("h2", 2.0, 80), post("h3", 3.0, 70)], None),
        ],
    )
    .await;
    let reddit = testing::connect::<Reddit>(&server, credentials());
    let config = json!({"subreddit": "rust", "scoreThreshold": 50});
    let first = reddit.poll("post_updated", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    let second = reddit.poll("post_updated", config.clone(), first.cursor).await.unwrap();
    assert_eq!(names(&second.events), ["t3_h3", "t3_h2"]);
    let third = reddit.poll("post_updated", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn test_connection_reads_the_signed_in_account() {
    let server = MockServer::start().await;
    upstream("GET", "/api/v1/me").respond_with(ok(json!({"name": "alice"}))).expect(1).mount(&server).await;
    testing::connect::<Reddit>(&server, credentials()).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_refused_token_is_unauthorized_without_the_token() {
    let server = MockServer::start().await;
    upstream("GET", "/api/v1/me")
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Unauthorized", "error": 401})))
        .mount(&server)
        .await;
    let credentials =
        json!({"authType": "manual", "accessToken": "test-token", "clientId": "cid", "clientSecret": "s3cr3t-value"});
    let error = testing::connect::<Reddit>(&server, credentials).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    let text = format!("{error} {:?}", error.details);
    assert!(!text.contains("test-token") && !text.contains("s3cr3t-value"), "{text}");
}
