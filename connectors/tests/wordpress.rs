//! WordPress against a local mock of its REST API (`/wp-json/wp/v2`).

use connectors::cms::wordpress::{site_address, Wordpress};
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

const USER: &str = "editor";
/// An application password, spaces and all, as WordPress shows it.
const APP_PASSWORD: &str = "abcd efgh ijkl mnop";
/// `base64("editor:abcd efgh ijkl mnop")`.
const BASIC: &str = "Basic ZWRpdG9yOmFiY2QgZWZnaCBpamtsIG1ub3A=";
const API: &str = "/wp-json/wp/v2";

fn credentials() -> Value {
    json!({"domain": "blog.example.com", "username": USER, "password": APP_PASSWORD})
}

/// The connector against the mock, its API at `/wp-json/wp/v2` as a site's is.
fn site(server: &MockServer) -> Wordpress {
    testing::connect_at::<Wordpress>(&format!("{}{API}", server.uri()), credentials())
}

/// A mock of `method {API}path` that checks the username and application password are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(format!("{API}{path}")))
        .and(matchers::header("authorization", BASIC))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn created(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(body)
}

/// A page of a collection with WordPress's count headers.
fn listed(items: Value, total: u64, pages: u64) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(items)
        .insert_header("X-WP-Total", total.to_string().as_str())
        .insert_header("X-WP-TotalPages", pages.to_string().as_str())
}

/// WordPress's error body.
fn wp_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"code": code, "message": message, "data": {"status": status}}))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    site(server).execute(action, input).await
}

/// The JSON body of the only request received at `path` with `method`.
async fn body_of(server: &MockServer, method: &str, path: &str) -> Value {
    let received = server.received_requests().await.unwrap();
    let found: Vec<_> =
        received.iter().filter(|r| r.method.as_str() == method && r.url.path() == format!("{API}{path}")).collect();
    assert_eq!(found.len(), 1, "requests to {method} {path}: {}", found.len());
    serde_json::from_slice(&found[0].body).unwrap()
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("wordpress").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_post",
            "get_post",
            "get_all_posts",
            "update_post",
            "delete_post",
            "create_page",
            "get_page",
            "get_all_pages",
            "update_page",
            "delete_page",
            "create_user",
            "get_user",
            "get_all_users",
            "update_user",
            "delete_user",
            "create_category",
            "get_all_categories",
            "create_tag",
            "get_all_tags",
            "upload_media",
            "get_all_media",
            "create_comment",
            "get_all_comments"
        ] as [&str; 23]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_post", "new_page", "new_comment", "new_user"] as [&str; 4]);
    assert_eq!(definition.auth_type, "basic_auth");
}

// ---------------------------------------------------------------------------------------------
// The site's address and the credentials
// ---------------------------------------------------------------------------------------------

#[test]
fn a_site_address_is_normalised() {
    for (typed, expected) in [
        ("blog.example.com", "blog.example.com"),
        (" https://Blog.Example.com/ ", "blog.example.com"),
        ("example.com/blog", "example.com/blog"),
        ("https://example.com/blog/wp-json/wp/v2/", "example.com/blog"),
        ("https://example.com/wp-json", "example.com"),
        ("blog.example.com:8443", "blog.example.com:8443"),
    ] {
        assert_eq!(site_address(typed).unwrap(), expected, "{typed:?}");
    }
}

#[test]
fn a_bad_site_address_is_refused_clearly() {
    for refused in
        ["", "  ", "http://blog.example.com", "ftp://blog.example.com", "blog example.com", "a@b.example.com"]
    {
        let error = site_address(refused).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidCredentials, "{refused:?}");
        assert!(error.message.contains("`domain`"), "{}", error.message);
    }
    assert!(site_address("http://blog.example.com").unwrap_err().message.contains("HTTPS"));
}

#[tokio::test]
async fn a_plain_http_domain_refuses_the_connection_without_showing_the_password() {
    let server = MockServer::start().await;
    let mut credentials = credentials();
    credentials["domain"] = json!("http://blog.example.com");
    let error = testing::try_connect::<Wordpress>(&server, credentials).err().expect("refused");
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(!error.message.contains(APP_PASSWORD));
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn the_base_url_holds_the_normalised_address() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path(format!("/example.com/blog{API}/users/me")))
        .and(matchers::header("authorization", BASIC))
        .respond_with(ok(json!({"id": 1, "name": "Editor"})))
        .expect(1)
        .mount(&server)
        .await;
    let mut credentials = credentials();
    credentials["domain"] = json!("https://Example.com/blog/wp-json/");
    let template = format!("{}/{{domain}}{API}", server.uri());
    testing::connect_at::<Wordpress>(&template, credentials).test_connection().await.unwrap();
}

#[tokio::test]
async fn test_connection_reads_the_own_user_with_basic_auth() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me").respond_with(ok(json!({"id": 1}))).expect(1).mount(&server).await;
    site(&server).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_wrong_application_password_is_unauthorized_with_a_hint_and_never_shown() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me")
        .respond_with(wp_error(
            401,
            "incorrect_password",
            "<strong>Error:</strong> The password you entered for the username <strong>editor</strong> is incorrect.",
        ))
        .mount(&server)
        .await;
    let error = site(&server).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(
        error.message.contains(
            "WordPress answered 401 (incorrect_password): Error: The password you entered for the username editor is incorrect."
        ),
        "{error}"
    );
    assert!(error.message.contains("application password"), "{error}");
    assert!(!error.message.contains(APP_PASSWORD), "{error}");
}

#[tokio::test]
async fn an_answer_that_is_not_the_rest_api_says_so() {
    let server = MockServer::start().await;
    upstream("GET", "/posts/5")
        .respond_with(ResponseTemplate::new(200).set_body_string("<html><body>Welcome</body></html>"))
        .mount(&server)
        .await;
    let error = run(&server, "get_post", json!({"postId": 5})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse, "{error}");
    assert!(error.message.contains("REST API"), "{error}");
}

#[tokio::test]
async fn a_429_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("GET", "/posts/5")
        .respond_with(
            ResponseTemplate::new(429).insert_header("Retry-After", "3600").set_body_string("Too Many Requests"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "get_post", json!({"postId": 5})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);
    assert!(error.message.contains("429"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Posts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_post_sends_the_post_with_categories_by_name_and_tags_by_id() {
    let server = MockServer::start().await;
    upstream("GET", "/categories")
        .and(matchers::query_param("search", "Tips & Tricks"))
        .respond_with(ok(json!([{"id": 9, "name": "Tips &amp; Tricks more", "slug": "tips-more"}, {"id": 4, "name": "Tips &amp; Tricks", "slug": "tips"}])))
        .expect(1)
        .mount(&server)
        .await;
    let answer = json!({"id": 101, "status": "publish", "link": "https://blog.example.com/hello", "title": {"rendered": "Hello"}});
    upstream("POST", "/posts").respond_with(created(answer.clone())).expect(1).mount(&server).await;
    let input = json!({
        "title": " Hello ", "content": "<p>Hi</p>", "status": "publish", "author": 2, "sticky": true,
        "categories": "3, Tips & Tricks", "tags": "7,8", "format": "aside", "comment_status": "closed"
    });
    assert_eq!(run(&server, "create_post", input).await.unwrap(), answer);
    assert_eq!(
        body_of(&server, "POST", "/posts").await,
        json!({
            "title": "Hello", "content": "<p>Hi</p>", "status": "publish", "author": 2, "sticky": true,
            "categories": [3, 4], "tags": [7, 8], "format": "aside", "comment_status": "closed"
        })
    );
}

#[tokio::test]
async fn create_post_with_an_unknown_category_name_is_refused_before_the_post() {
    let server = MockServer::start().await;
    upstream("GET", "/categories").respond_with(ok(json!([]))).mount(&server).await;
    let error = run(&server, "create_post", json!({"title": "Hello", "categories": "Nope"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("no category named `Nope`"), "{error}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn create_post_with_a_blank_title_sends_nothing() {
    let server = MockServer::start().await;
    let error = run(&server, "create_post", json!({"title": "  "})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn create_post_with_a_bad_status_is_invalid_input_with_wordpress_field_message() {
    let server = MockServer::start().await;
    upstream("POST", "/posts")
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": "rest_invalid_param",
            "message": "Invalid parameter(s): author",
            "data": {"status": 400, "params": {"author": "Invalid author ID."}}
        })))
        .mount(&server)
        .await;
    let error = run(&server, "create_post", json!({"title": "Hi", "author": 999})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(
        error.message.contains(
            "WordPress answered 400 (rest_invalid_param): Invalid parameter(s): author (author: Invalid author ID.)"
        ),
        "{error}"
    );
}

#[tokio::test]
async fn get_post_reads_the_post() {
    let server = MockServer::start().await;
    let post = json!({"id": 42, "title": {"rendered": "Hello"}, "link": "https://blog.example.com/hello"});
    upstream("GET", "/posts/42").respond_with(ok(post.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_post", json!({"postId": 42})).await.unwrap(), post);
}

#[tokio::test]
async fn get_post_of_a_missing_post_is_not_found_in_wordpress_words() {
    let server = MockServer::start().await;
    upstream("GET", "/posts/9")
        .respond_with(wp_error(404, "rest_post_invalid_id", "Invalid post ID."))
        .mount(&server)
        .await;
    let error = run(&server, "get_post", json!({"postId": 9})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "WordPress answered 404 (rest_post_invalid_id): Invalid post ID.");
}

#[tokio::test]
async fn get_post_refuses_an_id_that_is_not_whole_before_any_request() {
    let server = MockServer::start().await;
    for bad in [json!(1.5), json!(0), json!(-3)] {
        let error = run(&server, "get_post", json!({"postId": bad})).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{bad}");
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn get_all_posts_sends_the_filters_and_returns_the_page_with_its_counts() {
    let server = MockServer::start().await;
    upstream("GET", "/posts")
        .and(matchers::query_param("page", "2"))
        .and(matchers::query_param("per_page", "5"))
        .and(matchers::query_param("status", "draft"))
        .and(matchers::query_param("orderby", "title"))
        .and(matchers::query_param("order", "asc"))
        .and(matchers::query_param("search", "rust"))
        .and(matchers::query_param("categories", "3,4"))
        .and(matchers::query_param("tags", "8"))
        .and(matchers::query_param("author", "2"))
        .respond_with(listed(json!([{"id": 1}, {"id": 2}]), 7, 2))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "page": 2, "per_page": 5, "status": "draft", "orderby": "title", "order": "asc",
        "search": "rust", "categories": "3,4", "tags": "8", "author": 2
    });
    let output = run(&server, "get_all_posts", input).await.unwrap();
    assert_eq!(output, json!({"posts": [{"id": 1}, {"id": 2}], "total": 7, "totalPages": 2}));
}

#[tokio::test]
async fn get_all_posts_reads_more_than_100_a_hundred_at_a_time() {
    let server = MockServer::start().await;
    let posts = |from: u64, count: u64| json!((from..from + count).map(|id| json!({"id": id})).collect::<Vec<_>>());
    for offset in [250u64, 350] {
        upstream("GET", "/posts")
            .and(matchers::query_param("offset", offset.to_string()))
            .and(matchers::query_param("per_page", "100"))
            .respond_with(listed(posts(offset, 100), 430, 5))
            .expect(1)
            .mount(&server)
            .await;
    }
    upstream("GET", "/posts")
        .and(matchers::query_param("offset", "450"))
        .respond_with(listed(json!([]), 430, 5))
        .expect(0)
        .mount(&server)
        .await;
    // Page 2 of 250 is items 250..500; the site has 430.
    let output = run(&server, "get_all_posts", json!({"page": 2, "per_page": 250})).await.unwrap();
    let ids: Vec<u64> = output["posts"].as_array().unwrap().iter().map(|p| p["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (250..450).collect::<Vec<_>>());
    assert_eq!((output["total"].clone(), output["totalPages"].clone()), (json!(430), json!(2)));
}

#[tokio::test]
async fn get_all_posts_refuses_a_page_size_out_of_range() {
    let server = MockServer::start().await;
    for per_page in [0, 1001] {
        let error = run(&server, "get_all_posts", json!({"per_page": per_page})).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn update_post_sends_only_the_fields_given() {
    let server = MockServer::start().await;
    upstream("POST", "/posts/42")
        .respond_with(ok(json!({"id": 42, "status": "publish"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "update_post", json!({"postId": 42, "status": "publish", "tags": "5"})).await.unwrap();
    assert_eq!(output["status"], "publish");
    assert_eq!(body_of(&server, "POST", "/posts/42").await, json!({"status": "publish", "tags": [5]}));
}

#[tokio::test]
async fn update_post_with_nothing_to_change_sends_nothing() {
    let server = MockServer::start().await;
    let error = run(&server, "update_post", json!({"postId": 42})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("nothing to update"), "{error}");
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn delete_post_moves_it_to_the_trash_by_default() {
    let server = MockServer::start().await;
    let trashed = json!({"id": 42, "status": "trash"});
    upstream("DELETE", "/posts/42").respond_with(ok(trashed.clone())).expect(1).mount(&server).await;
    let output = run(&server, "delete_post", json!({"postId": 42})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "trashed": true, "previous": trashed}));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), None);
}

#[tokio::test]
async fn delete_post_with_force_deletes_it_for_good() {
    let server = MockServer::start().await;
    upstream("DELETE", "/posts/42")
        .and(matchers::query_param("force", "true"))
        .respond_with(ok(json!({"deleted": true, "previous": {"id": 42}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_post", json!({"postId": 42, "force": true})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "trashed": false, "previous": {"id": 42}}));
}

#[tokio::test]
async fn deleting_a_post_already_in_the_trash_is_not_found() {
    let server = MockServer::start().await;
    upstream("DELETE", "/posts/42")
        .respond_with(wp_error(410, "rest_already_trashed", "The post has already been deleted."))
        .mount(&server)
        .await;
    let error = run(&server, "delete_post", json!({"postId": 42})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("The post has already been deleted."), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_page_sends_the_page() {
    let server = MockServer::start().await;
    let answer = json!({"id": 7, "link": "https://blog.example.com/about", "status": "publish"});
    upstream("POST", "/pages").respond_with(created(answer.clone())).expect(1).mount(&server).await;
    let input = json!({"title": "About", "content": "Us", "status": "publish", "parent": 3, "menu_order": 2, "template": "wide.php"});
    assert_eq!(run(&server, "create_page", input).await.unwrap(), answer);
    assert_eq!(
        body_of(&server, "POST", "/pages").await,
        json!({"title": "About", "content": "Us", "status": "publish", "parent": 3, "menu_order": 2, "template": "wide.php"})
    );
}

#[tokio::test]
async fn get_page_reads_the_page() {
    let server = MockServer::start().await;
    upstream("GET", "/pages/7").respond_with(ok(json!({"id": 7}))).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_page", json!({"pageId": 7})).await.unwrap(), json!({"id": 7}));
}

#[tokio::test]
async fn get_all_pages_lists_the_children_of_a_page() {
    let server = MockServer::start().await;
    upstream("GET", "/pages")
        .and(matchers::query_param("parent", "3"))
        .and(matchers::query_param("orderby", "menu_order"))
        .and(matchers::query_param("page", "1"))
        .and(matchers::query_param("per_page", "10"))
        .respond_with(listed(json!([{"id": 7}]), 1, 1))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_pages", json!({"parent": 3, "orderby": "menu_order"})).await.unwrap();
    assert_eq!(output, json!({"pages": [{"id": 7}], "total": 1, "totalPages": 1}));
}

#[tokio::test]
async fn update_page_sends_only_the_fields_given() {
    let server = MockServer::start().await;
    upstream("POST", "/pages/7").respond_with(ok(json!({"id": 7}))).expect(1).mount(&server).await;
    run(&server, "update_page", json!({"pageId": 7, "title": "About us", "menu_order": 4})).await.unwrap();
    assert_eq!(body_of(&server, "POST", "/pages/7").await, json!({"title": "About us", "menu_order": 4}));
}

#[tokio::test]
async fn delete_page_with_force_deletes_it_for_good() {
    let server = MockServer::start().await;
    upstream("DELETE", "/pages/7")
        .and(matchers::query_param("force", "true"))
        .respond_with(ok(json!({"deleted": true, "previous": {"id": 7}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_page", json!({"pageId": 7, "force": true})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "trashed": false, "previous": {"id": 7}}));
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_user_sends_the_user_with_the_role_as_a_list() {
    let server = MockServer::start().await;
    upstream("POST", "/users")
        .respond_with(created(json!({"id": 12, "username": "ana"})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"username": "ana", "email": "ana@example.com", "password": "s3cret-Pass", "first_name": "Ana", "roles": "editor"});
    assert_eq!(run(&server, "create_user", input).await.unwrap(), json!({"id": 12, "username": "ana"}));
    assert_eq!(
        body_of(&server, "POST", "/users").await,
        json!({"username": "ana", "email": "ana@example.com", "password": "s3cret-Pass", "first_name": "Ana", "roles": ["editor"]})
    );
}

#[tokio::test]
async fn create_user_with_a_taken_username_is_refused_in_wordpress_words() {
    let server = MockServer::start().await;
    upstream("POST", "/users")
        .respond_with(wp_error(400, "existing_user_login", "Sorry, that username already exists!"))
        .mount(&server)
        .await;
    let input = json!({"username": "ana", "email": "ana@example.com", "password": "x"});
    let error = run(&server, "create_user", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Sorry, that username already exists!"), "{error}");
}

#[tokio::test]
async fn get_user_reads_the_user() {
    let server = MockServer::start().await;
    upstream("GET", "/users/12").respond_with(ok(json!({"id": 12, "name": "Ana"}))).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_user", json!({"userId": 12})).await.unwrap()["name"], "Ana");
}

#[tokio::test]
async fn get_all_users_filters_by_role() {
    let server = MockServer::start().await;
    upstream("GET", "/users")
        .and(matchers::query_param("roles", "author"))
        .and(matchers::query_param("orderby", "registered_date"))
        .and(matchers::query_param("order", "desc"))
        .and(matchers::query_param("search", "ana"))
        .respond_with(listed(json!([{"id": 12}]), 1, 1))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"roles": "author", "orderby": "registered_date", "order": "desc", "search": "ana"});
    let output = run(&server, "get_all_users", input).await.unwrap();
    assert_eq!(output, json!({"users": [{"id": 12}], "total": 1, "totalPages": 1}));
}

#[tokio::test]
async fn get_all_users_without_the_capability_is_forbidden() {
    let server = MockServer::start().await;
    upstream("GET", "/users")
        .respond_with(wp_error(403, "rest_user_cannot_view", "Sorry, you are not allowed to filter users by role."))
        .mount(&server)
        .await;
    let error = run(&server, "get_all_users", json!({"roles": "author"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("not allowed to filter users by role"), "{error}");
}

#[tokio::test]
async fn update_user_sends_only_the_fields_given() {
    let server = MockServer::start().await;
    upstream("POST", "/users/12").respond_with(ok(json!({"id": 12}))).expect(1).mount(&server).await;
    run(&server, "update_user", json!({"userId": 12, "last_name": "Lee", "roles": "author"})).await.unwrap();
    assert_eq!(body_of(&server, "POST", "/users/12").await, json!({"last_name": "Lee", "roles": ["author"]}));
}

#[tokio::test]
async fn delete_user_deletes_for_good_and_reassigns_the_content() {
    let server = MockServer::start().await;
    upstream("DELETE", "/users/12")
        .and(matchers::query_param("force", "true"))
        .and(matchers::query_param("reassign", "1"))
        .respond_with(ok(json!({"deleted": true, "previous": {"id": 12}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_user", json!({"userId": 12, "reassign": 1})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "trashed": false, "previous": {"id": 12}}));
}

#[tokio::test]
async fn delete_user_without_force_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let error = run(&server, "delete_user", json!({"userId": 12, "reassign": 1, "force": false})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("trash"), "{error}");
    let error = run(&server, "delete_user", json!({"userId": 12, "reassign": 12})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(request_count(&server).await, 0);
}

// ---------------------------------------------------------------------------------------------
// Categories, tags
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_category_sends_the_category() {
    let server = MockServer::start().await;
    upstream("POST", "/categories")
        .respond_with(created(json!({"id": 5, "name": "News"})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"name": "News", "slug": "news", "parent": 2, "description": "What is new"});
    assert_eq!(run(&server, "create_category", input).await.unwrap(), json!({"id": 5, "name": "News"}));
    assert_eq!(
        body_of(&server, "POST", "/categories").await,
        json!({"name": "News", "slug": "news", "parent": 2, "description": "What is new"})
    );
}

#[tokio::test]
async fn create_category_that_exists_is_invalid_input_in_wordpress_words() {
    let server = MockServer::start().await;
    upstream("POST", "/categories")
        .respond_with(wp_error(400, "term_exists", "A term with the name provided already exists with this parent."))
        .mount(&server)
        .await;
    let error = run(&server, "create_category", json!({"name": "News"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("(term_exists): A term with the name provided already exists"), "{error}");
}

#[tokio::test]
async fn get_all_categories_sends_the_filters() {
    let server = MockServer::start().await;
    upstream("GET", "/categories")
        .and(matchers::query_param("hide_empty", "true"))
        .and(matchers::query_param("parent", "0"))
        .and(matchers::query_param("per_page", "50"))
        .respond_with(listed(json!([{"id": 1, "name": "Uncategorized"}]), 1, 1))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "get_all_categories", json!({"hide_empty": true, "parent": 0, "per_page": 50})).await.unwrap();
    assert_eq!(output, json!({"categories": [{"id": 1, "name": "Uncategorized"}], "total": 1, "totalPages": 1}));
}

#[tokio::test]
async fn create_tag_sends_the_tag() {
    let server = MockServer::start().await;
    upstream("POST", "/tags").respond_with(created(json!({"id": 8, "name": "rust"}))).expect(1).mount(&server).await;
    assert_eq!(run(&server, "create_tag", json!({"name": "rust"})).await.unwrap()["id"], 8);
    assert_eq!(body_of(&server, "POST", "/tags").await, json!({"name": "rust"}));
}

#[tokio::test]
async fn get_all_tags_searches() {
    let server = MockServer::start().await;
    upstream("GET", "/tags")
        .and(matchers::query_param("search", "ru"))
        .respond_with(listed(json!([{"id": 8}]), 1, 1))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_tags", json!({"search": "ru"})).await.unwrap();
    assert_eq!(output, json!({"tags": [{"id": 8}], "total": 1, "totalPages": 1}));
}

// ---------------------------------------------------------------------------------------------
// Media, comments
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn upload_media_downloads_the_file_without_credentials_and_uploads_it() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/files/cat"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"PNGDATA".to_vec(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    let answer = json!({"id": 31, "source_url": "https://blog.example.com/wp-content/uploads/cat.png"});
    upstream("POST", "/media").respond_with(created(answer.clone())).expect(1).mount(&server).await;
    let input = json!({"file_url": format!("{}/files/cat", server.uri()), "title": "A cat", "alt_text": "A grey cat"});
    assert_eq!(run(&server, "upload_media", input).await.unwrap(), answer);

    let received = server.received_requests().await.unwrap();
    let download = received.iter().find(|r| r.url.path() == "/files/cat").unwrap();
    assert!(download.headers.get("authorization").is_none(), "the password went to the file's host");
    let upload = received.iter().find(|r| r.url.path() == format!("{API}/media")).unwrap();
    let content_type = upload.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(content_type.starts_with("multipart/form-data"), "{content_type}");
    let body = String::from_utf8_lossy(&upload.body);
    assert!(body.contains("name=\"file\"; filename=\"cat.png\""), "{body}");
    assert!(body.contains("PNGDATA"), "{body}");
    assert!(body.contains("name=\"title\"") && body.contains("A cat"), "{body}");
    assert!(body.contains("name=\"alt_text\"") && body.contains("A grey cat"), "{body}");
    assert!(!body.contains("caption"), "{body}");
}

#[tokio::test]
async fn upload_media_of_a_file_that_cannot_be_downloaded_says_so() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/files/gone.png")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let input = json!({"file_url": format!("{}/files/gone.png", server.uri())});
    let error = run(&server, "upload_media", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("could not download the file"), "{error}");
    let error = run(&server, "upload_media", json!({"file_url": "file:///etc/passwd"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn upload_media_of_a_type_the_site_refuses_is_invalid_input() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/files/tool.exe"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"MZ".to_vec(), "application/octet-stream"))
        .mount(&server)
        .await;
    upstream("POST", "/media")
        .respond_with(wp_error(
            500,
            "rest_upload_sideload_error",
            "Sorry, you are not allowed to upload this file type.",
        ))
        .mount(&server)
        .await;
    let input = json!({"file_url": format!("{}/files/tool.exe", server.uri())});
    let error = run(&server, "upload_media", input).await.unwrap_err();
    assert!(error.message.contains("not allowed to upload this file type"), "{error}");
}

#[tokio::test]
async fn get_all_media_filters_by_type() {
    let server = MockServer::start().await;
    upstream("GET", "/media")
        .and(matchers::query_param("media_type", "image"))
        .respond_with(listed(json!([{"id": 31}]), 1, 1))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_media", json!({"media_type": "image"})).await.unwrap();
    assert_eq!(output, json!({"media": [{"id": 31}], "total": 1, "totalPages": 1}));
}

#[tokio::test]
async fn create_comment_sends_the_comment() {
    let server = MockServer::start().await;
    upstream("POST", "/comments")
        .respond_with(created(json!({"id": 55, "status": "hold"})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"post": 42, "content": "Nice post", "author_name": "Ana", "author_email": "ana@example.com", "status": "hold"});
    assert_eq!(run(&server, "create_comment", input).await.unwrap()["id"], 55);
    assert_eq!(
        body_of(&server, "POST", "/comments").await,
        json!({"post": 42, "content": "Nice post", "author_name": "Ana", "author_email": "ana@example.com", "status": "hold"})
    );
}

#[tokio::test]
async fn create_comment_on_a_missing_post_is_refused_in_wordpress_words() {
    let server = MockServer::start().await;
    upstream("POST", "/comments")
        .respond_with(wp_error(
            403,
            "rest_comment_invalid_post_id",
            "Sorry, you are not allowed to create this comment without a post.",
        ))
        .mount(&server)
        .await;
    let error = run(&server, "create_comment", json!({"post": 4242, "content": "Hi"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("rest_comment_invalid_post_id"), "{error}");
}

#[tokio::test]
async fn get_all_comments_with_an_empty_status_lists_every_status() {
    let server = MockServer::start().await;
    upstream("GET", "/comments")
        .and(matchers::query_param("status", "all"))
        .and(matchers::query_param("post", "42"))
        .and(matchers::query_param("orderby", "id"))
        .respond_with(listed(json!([{"id": 55}]), 1, 1))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_comments", json!({"status": "", "post": 42, "orderby": "id"})).await.unwrap();
    assert_eq!(output, json!({"comments": [{"id": 55}], "total": 1, "totalPages": 1}));
}

// ---------------------------------------------------------------------------------------------
// Triggers (polling)
// ---------------------------------------------------------------------------------------------

fn dated(id: u64, at: &str) -> Value {
    json!({"id": id, "date_gmt": at})
}

fn ids(events: &[Value]) -> Vec<u64> {
    events.iter().map(|e| e["id"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn new_post_emits_each_new_post_once_even_two_of_the_same_second() {
    let server = MockServer::start().await;
    let first = json!([dated(10, "2026-01-02T10:00:00"), dated(9, "2026-01-01T09:00:00")]);
    upstream("GET", "/posts")
        .and(matchers::query_param("status", "publish"))
        .and(matchers::query_param("orderby", "date"))
        .and(matchers::query_param("order", "desc"))
        .and(matchers::query_param("categories", "3"))
        .respond_with(listed(first, 2, 1))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let site = site(&server);
    let config = json!({"status": "publish", "categories": "3"});
    let polled = site.poll("new_post", config.clone(), None).await.unwrap();
    assert!(polled.events.is_empty());

    // Two posts in the same second as each other, one newer than the cursor; 10 is old.
    let second =
        json!([dated(12, "2026-01-02T11:00:00"), dated(11, "2026-01-02T11:00:00"), dated(10, "2026-01-02T10:00:00")]);
    upstream("GET", "/posts").respond_with(listed(second, 4, 1)).up_to_n_times(1).mount(&server).await;
    let polled = site.poll("new_post", config.clone(), polled.cursor).await.unwrap();
    assert_eq!(ids(&polled.events), [11, 12]);

    // A third post lands in that same second: only it is new.
    let third = json!([
        dated(13, "2026-01-02T11:00:00"),
        dated(12, "2026-01-02T11:00:00"),
        dated(11, "2026-01-02T11:00:00"),
        dated(10, "2026-01-02T10:00:00")
    ]);
    upstream("GET", "/posts").respond_with(listed(third, 5, 1)).mount(&server).await;
    let polled = site.poll("new_post", config.clone(), polled.cursor).await.unwrap();
    assert_eq!(ids(&polled.events), [13]);
    let polled = site.poll("new_post", config, polled.cursor).await.unwrap();
    assert!(polled.events.is_empty());
}

#[tokio::test]
async fn new_post_reads_further_pages_until_it_reaches_the_cursor() {
    let server = MockServer::start().await;
    upstream("GET", "/posts")
        .respond_with(listed(json!([dated(1, "2026-01-01T00:00:00")]), 1, 1))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let site = site(&server);
    let cursor = site.poll("new_post", json!({}), None).await.unwrap().cursor;
    upstream("GET", "/posts")
        .and(matchers::query_param("page", "1"))
        .respond_with(listed(json!([dated(4, "2026-01-04T00:00:00"), dated(3, "2026-01-03T00:00:00")]), 4, 2))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/posts")
        .and(matchers::query_param("page", "2"))
        .respond_with(listed(json!([dated(2, "2026-01-02T00:00:00"), dated(1, "2026-01-01T00:00:00")]), 4, 2))
        .expect(1)
        .mount(&server)
        .await;
    let polled = site.poll("new_post", json!({}), cursor).await.unwrap();
    assert_eq!(ids(&polled.events), [2, 3, 4]);
}

#[tokio::test]
async fn new_post_does_not_repeat_a_draft_whose_date_moves() {
    let server = MockServer::start().await;
    upstream("GET", "/posts").respond_with(listed(json!([]), 0, 0)).up_to_n_times(1).mount(&server).await;
    let site = site(&server);
    let config = json!({"status": "draft"});
    let cursor = site.poll("new_post", config.clone(), None).await.unwrap().cursor;
    upstream("GET", "/posts")
        .and(matchers::query_param("status", "draft"))
        .respond_with(listed(json!([dated(20, "2026-01-05T08:00:00")]), 1, 1))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let polled = site.poll("new_post", config.clone(), cursor).await.unwrap();
    assert_eq!(ids(&polled.events), [20]);
    // Saved again: WordPress moves a draft's date to the save.
    upstream("GET", "/posts")
        .respond_with(listed(json!([dated(20, "2026-01-05T09:30:00")]), 1, 1))
        .mount(&server)
        .await;
    let polled = site.poll("new_post", config, polled.cursor).await.unwrap();
    assert!(polled.events.is_empty());
}

#[tokio::test]
async fn a_poll_that_fails_upstream_is_an_error_in_wordpress_words() {
    let server = MockServer::start().await;
    upstream("GET", "/posts")
        .respond_with(wp_error(400, "rest_invalid_param", "Invalid parameter(s): status"))
        .mount(&server)
        .await;
    let error = site(&server).poll("new_post", json!({"status": "any"}), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Invalid parameter(s): status"), "{error}");
}

#[tokio::test]
async fn new_page_emits_new_pages() {
    let server = MockServer::start().await;
    upstream("GET", "/pages")
        .and(matchers::query_param("status", "publish"))
        .respond_with(listed(json!([dated(5, "2026-02-01T00:00:00")]), 1, 1))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let site = site(&server);
    let cursor = site.poll("new_page", json!({}), None).await.unwrap().cursor;
    upstream("GET", "/pages")
        .respond_with(listed(json!([dated(6, "2026-02-02T00:00:00"), dated(5, "2026-02-01T00:00:00")]), 2, 1))
        .mount(&server)
        .await;
    let polled = site.poll("new_page", json!({}), cursor).await.unwrap();
    assert_eq!(ids(&polled.events), [6]);
}

#[tokio::test]
async fn new_comment_watches_a_post_in_every_status() {
    let server = MockServer::start().await;
    upstream("GET", "/comments")
        .and(matchers::query_param("status", "all"))
        .and(matchers::query_param("post", "42"))
        .and(matchers::query_param("orderby", "date_gmt"))
        .respond_with(listed(json!([]), 0, 0))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let site = site(&server);
    let config = json!({"status": "", "post": 42});
    let cursor = site.poll("new_comment", config.clone(), None).await.unwrap().cursor;
    upstream("GET", "/comments")
        .and(matchers::query_param("status", "all"))
        .respond_with(listed(json!([dated(71, "2026-03-01T12:00:01"), dated(70, "2026-03-01T12:00:00")]), 2, 1))
        .mount(&server)
        .await;
    let polled = site.poll("new_comment", config, cursor).await.unwrap();
    assert_eq!(ids(&polled.events), [70, 71]);
}

#[tokio::test]
async fn new_user_emits_users_with_a_higher_id() {
    let server = MockServer::start().await;
    upstream("GET", "/users")
        .and(matchers::query_param("orderby", "id"))
        .and(matchers::query_param("order", "desc"))
        .and(matchers::query_param("roles", "subscriber"))
        .respond_with(listed(json!([{"id": 30}]), 30, 30))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let site = site(&server);
    let config = json!({"roles": "subscriber"});
    let polled = site.poll("new_user", config.clone(), None).await.unwrap();
    assert!(polled.events.is_empty());
    upstream("GET", "/users")
        .and(matchers::query_param("page", "1"))
        .respond_with(listed(json!([{"id": 32}, {"id": 31}, {"id": 30}, {"id": 29}]), 32, 1))
        .mount(&server)
        .await;
    let polled = site.poll("new_user", config.clone(), polled.cursor).await.unwrap();
    assert_eq!(ids(&polled.events), [31, 32]);
    let polled = site.poll("new_user", config, polled.cursor).await.unwrap();
    assert!(polled.events.is_empty());
}

#[tokio::test]
async fn get_all_comments_without_a_status_leaves_wordpress_default() {
    let server = MockServer::start().await;
    upstream("GET", "/comments").respond_with(listed(json!([]), 0, 0)).expect(1).mount(&server).await;
    let output = run(&server, "get_all_comments", json!({})).await.unwrap();
    assert_eq!(output, json!({"comments": [], "total": 0, "totalPages": 0}));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), Some("page=1&per_page=10"));
}
