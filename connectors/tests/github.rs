//! GitHub against a local mock of its API, through the test kit.

use connectors::development::github::GitHub;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    Connector, ErrorCode, EventId, SecretSource, SignatureScheme, SubscribeContext, Subscription, WebhookReply,
    WebhookRequest,
};
use serde_json::{json, Value};

fn token() -> Value {
    json!({"authType": "accessToken", "accessToken": "ghp_test"})
}

/// A mock of `method path` that requires the token and GitHub's headers on the wire.
fn github(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path))
        .and(matchers::header("authorization", "Bearer ghp_test"))
        .and(matchers::header("accept", "application/vnd.github+json"))
        .and(matchers::header("x-github-api-version", "2022-11-28"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<GitHub>(server, token(), action, input).await
}

fn repository(id: u64, name: &str) -> Value {
    json!({
        "id": id, "name": name, "full_name": format!("octocat/{name}"), "private": false,
        "owner": {"login": "octocat", "id": 1, "html_url": "https://github.com/octocat"},
        "html_url": format!("https://github.com/octocat/{name}"), "description": null, "fork": false,
        "default_branch": "main", "stargazers_count": 7, "node_id": "R_1"
    })
}

fn commit_answer(content: Value) -> Value {
    json!({"content": content, "commit": {"sha": "c0ffee", "message": "Add notes", "html_url": "https://github.com/octocat/hello/commit/c0ffee"}})
}

#[tokio::test]
async fn create_repository_posts_the_settings() {
    let server = MockServer::start().await;
    github("POST", "/user/repos")
        .and(matchers::body_json(
            json!({"name": "hello", "private": true, "auto_init": true, "license_template": "mit"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(repository(5, "hello")))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"name": "hello", "private": true, "auto_init": true, "license_template": "mit"});
    let output = run(&server, "create_repository", input).await.unwrap();
    assert_eq!(output["full_name"], "octocat/hello");
    assert_eq!(output["owner"]["login"], "octocat");
}

#[tokio::test]
async fn get_repository_reads_owner_and_name_from_the_path() {
    let server = MockServer::start().await;
    github("GET", "/repos/octocat/hello").respond_with(ok(repository(5, "hello"))).expect(1).mount(&server).await;
    let output = run(&server, "get_repository", json!({"owner": "octocat", "repository": "hello"})).await.unwrap();
    assert_eq!(output["id"], 5);
    assert_eq!(output["default_branch"], "main");
}

#[tokio::test]
async fn list_repositories_follows_the_link_header() {
    let server = MockServer::start().await;
    let page2 = format!("{}/user/repos?type=owner&sort=updated&direction=desc&per_page=2&page=2", server.uri());
    github("GET", "/user/repos")
        .and(matchers::query_param("page", "2"))
        .respond_with(ok(json!([repository(3, "c")])))
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    github("GET", "/user/repos")
        .and(matchers::query_param("type", "owner"))
        .and(matchers::query_param("sort", "updated"))
        .and(matchers::query_param("direction", "desc"))
        .and(matchers::query_param("per_page", "2"))
        .respond_with(
            ok(json!([repository(1, "a"), repository(2, "b")]))
                .insert_header("Link", format!("<{page2}>; rel=\"next\", <{page2}>; rel=\"last\"").as_str()),
        )
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;
    let output = run(&server, "list_repositories", json!({"type": "owner", "per_page": 2})).await.unwrap();
    let names: Vec<&str> = output.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[tokio::test]
async fn create_issue_posts_title_body_labels_and_assignees() {
    let server = MockServer::start().await;
    github("POST", "/repos/octocat/hello/issues")
        .and(matchers::body_json(json!({"title": "Bug", "body": "It breaks", "labels": ["bug"], "assignees": ["ada"], "milestone": 2})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": 99, "number": 12, "title": "Bug", "state": "open", "html_url": "https://github.com/octocat/hello/issues/12",
            "body": "It breaks", "user": {"login": "octocat"}, "labels": [{"name": "bug", "color": "d73a4a"}],
            "assignees": [{"login": "ada"}], "created_at": "2024-05-01T10:00:00Z"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"owner": "octocat", "repository": "hello", "title": "Bug", "body": "It breaks", "labels": ["bug"], "assignees": ["ada"], "milestone": 2});
    let output = run(&server, "create_issue", input).await.unwrap();
    assert_eq!(output["number"], 12);
    assert_eq!(output["labels"][0]["name"], "bug");
}

#[tokio::test]
async fn create_pull_request_posts_head_and_base() {
    let server = MockServer::start().await;
    github("POST", "/repos/octocat/hello/pulls")
        .and(matchers::body_json(json!({"title": "Login", "head": "feature/login", "base": "main", "draft": true})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": 7, "number": 13, "title": "Login", "state": "open", "html_url": "https://github.com/octocat/hello/pull/13",
            "body": null, "draft": true, "user": {"login": "octocat"},
            "head": {"ref": "feature/login", "label": "octocat:feature/login", "sha": "aaa"},
            "base": {"ref": "main", "label": "octocat:main", "sha": "bbb"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"owner": "octocat", "repository": "hello", "title": "Login", "head": "feature/login", "base": "main", "draft": true});
    let output = run(&server, "create_pull_request", input).await.unwrap();
    assert_eq!(output["number"], 13);
    assert_eq!(output["head"]["ref"], "feature/login");
}

#[tokio::test]
async fn get_file_content_decodes_the_base64_text() {
    let server = MockServer::start().await;
    // base64("Hello, FluxTurn!\nsecond line\n"), wrapped as GitHub wraps it.
    github("GET", "/repos/octocat/hello/contents/docs/notes%20v1.md")
        .and(matchers::query_param("ref", "dev"))
        .respond_with(ok(json!({
            "type": "file", "name": "notes v1.md", "path": "docs/notes v1.md", "sha": "abc123", "size": 29,
            "encoding": "base64", "content": "SGVsbG8sIEZsdXhUdXJuIQpz\nZWNvbmQgbGluZQo=\n",
            "html_url": "https://github.com/octocat/hello/blob/dev/docs/notes%20v1.md", "download_url": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"owner": "octocat", "repository": "hello", "path": "docs/notes v1.md", "ref": "dev"});
    let output = run(&server, "get_file_content", input).await.unwrap();
    assert_eq!(output["content"], "Hello, FluxTurn!\nsecond line\n");
    assert_eq!(output["encoding"], "utf-8");
    assert_eq!(output["sha"], "abc123");
}

#[tokio::test]
async fn get_file_content_of_a_directory_is_invalid_input() {
    let server = MockServer::start().await;
    github("GET", "/repos/octocat/hello/contents/docs")
        .respond_with(ok(json!([{"type": "file", "name": "a.md", "path": "docs/a.md", "sha": "1"}])))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"owner": "octocat", "repository": "hello", "path": "docs"});
    let error = run(&server, "get_file_content", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("directory"), "{error}");
}

#[tokio::test]
async fn create_file_puts_base64_content() {
    let server = MockServer::start().await;
    github("PUT", "/repos/octocat/hello/contents/docs/notes.md")
        // base64("Hi ✓\n")
        .and(matchers::body_json(json!({"message": "Add notes", "content": "SGkg4pyTCg==", "branch": "dev"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(commit_answer(
            json!({"name": "notes.md", "path": "docs/notes.md", "sha": "new1", "size": 7}),
        )))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"owner": "octocat", "repository": "hello", "path": "docs/notes.md", "message": "Add notes", "content": "Hi ✓\n", "branch": "dev"});
    let output = run(&server, "create_file", input).await.unwrap();
    assert_eq!(output["content"]["sha"], "new1");
    assert_eq!(output["commit"]["sha"], "c0ffee");
}

#[tokio::test]
async fn update_file_puts_content_and_the_old_sha() {
    let server = MockServer::start().await;
    github("PUT", "/repos/octocat/hello/contents/README.md")
        // base64("v2")
        .and(matchers::body_json(json!({"message": "Update", "content": "djI=", "sha": "old1"})))
        .respond_with(ok(commit_answer(json!({"name": "README.md", "path": "README.md", "sha": "new2"}))))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"owner": "octocat", "repository": "hello", "path": "README.md", "message": "Update", "content": "v2", "sha": "old1"});
    let output = run(&server, "update_file", input).await.unwrap();
    assert_eq!(output["content"]["sha"], "new2");
}

#[tokio::test]
async fn delete_file_sends_a_json_body_with_the_sha() {
    let server = MockServer::start().await;
    github("DELETE", "/repos/octocat/hello/contents/old.txt")
        .and(matchers::body_json(json!({"message": "Remove", "sha": "s1", "branch": "main"})))
        .respond_with(ok(commit_answer(Value::Null)))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"owner": "octocat", "repository": "hello", "path": "old.txt", "message": "Remove", "sha": "s1", "branch": "main"});
    let output = run(&server, "delete_file", input).await.unwrap();
    assert_eq!(output["content"], Value::Null);
    assert_eq!(output["commit"]["message"], "Add notes");
}

#[tokio::test]
async fn a_404_from_github_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/repos/octocat/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})),
        )
        .mount(&server)
        .await;
    let error = run(&server, "get_repository", json!({"owner": "octocat", "repository": "missing"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Not Found");
}

#[tokio::test]
async fn a_422_validation_error_is_invalid_input() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/user/repos"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"message": "Repository creation failed.", "errors": [{"message": "name already exists on this account"}]})))
        .mount(&server)
        .await;
    let error = run(&server, "create_repository", json!({"name": "hello"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn test_connection_reads_the_user() {
    let server = MockServer::start().await;
    github("GET", "/user").respond_with(ok(json!({"login": "octocat", "id": 1}))).expect(1).mount(&server).await;
    testing::connect::<GitHub>(&server, token()).test_connection().await.unwrap();
}

// -------------------------------------------------------------------------------------------
// Webhook triggers: deliveries signed with the secret made at subscription, run as the server does.
// -------------------------------------------------------------------------------------------

/// The secret FluxTurn generates when it creates the repository webhook.
const HOOK_SECRET: &str = "test-only-github-hook-secret";
const DELIVERY: &str = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

/// A delivery of event `name`, spaced as no serializer would, signed as GitHub signs it.
fn event(name: &str, payload: Value) -> WebhookRequest {
    let headers = [("X-GitHub-Event", name), ("X-GitHub-Delivery", DELIVERY), ("Content-Type", "application/json")];
    testing::signed(SignatureScheme::GitHub, testing::oddly_spaced(&payload), headers, HOOK_SECRET)
}

/// Delivers `request` to `trigger` as the server does, with the hook's generated secret.
async fn deliver(
    github: &GitHub,
    trigger: &str,
    config: Value,
    request: WebhookRequest,
) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(github, trigger, config, token(), Some(HOOK_SECRET), request).await
}

/// The events of a delivery that must be accepted.
async fn events(github: &GitHub, trigger: &str, config: Value, request: WebhookRequest) -> Vec<Value> {
    deliver(github, trigger, config, request).await.expect("the delivery is accepted").events
}

fn event_repository() -> Value {
    json!({"id": 5, "name": "Hello", "full_name": "Octocat/Hello", "private": false, "html_url": "https://github.com/Octocat/Hello", "owner": {"login": "Octocat", "id": 1}})
}

fn push() -> Value {
    json!({
        "ref": "refs/heads/main", "before": "000", "after": "abc", "created": false, "deleted": false, "forced": false,
        "compare": "https://github.com/Octocat/Hello/compare/000...abc",
        "commits": [{"id": "abc", "message": "Fix", "timestamp": "2024-05-01T10:00:00Z", "url": "https://github.com/x", "author": {"name": "Ada", "email": "ada@x.test", "username": "ada"}}],
        "head_commit": null, "repository": event_repository(), "pusher": {"name": "ada", "email": "ada@x.test"},
        "sender": {"login": "ada", "id": 2}
    })
}

#[test]
fn every_trigger_verifies_github_with_the_generated_secret_and_dedupes_on_the_delivery() {
    let triggers = connectors::registry().get("github").expect("registered").triggers();
    assert_eq!(triggers.iter().filter(|t| t.webhook).count(), 6);
    for trigger in triggers.iter().filter(|t| t.webhook) {
        assert_eq!(trigger.verify, Some(SignatureScheme::GitHub), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Generated), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Header("X-GitHub-Delivery")), "{}", trigger.id);
    }
}

#[tokio::test]
async fn on_push_filters_by_repository_and_branch() {
    let server = MockServer::start().await;
    let github = testing::connect::<GitHub>(&server, token());
    let config = json!({"owner": "octocat", "repository": "hello", "branch": "main"});
    let found = events(&github, "on_push", config.clone(), event("push", push())).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["ref"], "refs/heads/main");
    assert_eq!(found[0]["commits"][0]["message"], "Fix");

    let other_branch = json!({"owner": "octocat", "repository": "hello", "branch": "dev"});
    assert!(events(&github, "on_push", other_branch, event("push", push())).await.is_empty());
    let other_repo = json!({"owner": "octocat", "repository": "other"});
    assert!(events(&github, "on_push", other_repo, event("push", push())).await.is_empty());
    // The ping GitHub sends when the hook is created is signed too, and gives no event.
    let ping = json!({"zen": "Keep it logically awesome.", "hook_id": 1});
    assert_eq!(deliver(&github, "on_push", config, event("ping", ping)).await.unwrap(), WebhookReply::events(vec![]));
}

#[tokio::test]
async fn ref_comment_and_repository_triggers() {
    let server = MockServer::start().await;
    let github = testing::connect::<GitHub>(&server, token());
    let tag = json!({"ref": "v1.0", "ref_type": "tag", "master_branch": "main", "repository": event_repository(), "sender": {"login": "ada"}});
    let repo = json!({"owner": "octocat", "repository": "hello"});
    assert_eq!(events(&github, "on_create", repo.clone(), event("create", tag.clone())).await[0]["ref_type"], "tag");
    assert_eq!(events(&github, "new_tag_created", repo.clone(), event("create", tag.clone())).await[0]["ref"], "v1.0");
    let branch = json!({"ref": "dev", "ref_type": "branch", "master_branch": "main", "repository": event_repository(), "sender": {"login": "ada"}});
    assert!(
        events(&github, "new_tag_created", repo.clone(), event("create", branch)).await.is_empty(),
        "a new branch is no tag"
    );
    let branches_only = json!({"owner": "octocat", "repository": "hello", "refType": "branch"});
    assert!(events(&github, "on_create", branches_only, event("create", tag.clone())).await.is_empty());
    assert_eq!(events(&github, "on_delete", repo.clone(), event("delete", tag.clone())).await.len(), 1);
    assert!(events(&github, "on_delete", repo.clone(), event("create", tag)).await.is_empty());

    let comment = json!({"action": "created", "repository": event_repository(), "comment": {
        "id": 3, "body": "LGTM", "commit_id": "abc", "path": null, "line": null,
        "html_url": "https://github.com/Octocat/Hello/commit/abc#commitcomment-3", "user": {"login": "ada"}}});
    let found = events(&github, "on_commit_comment", repo, event("commit_comment", comment)).await;
    assert_eq!(found[0]["comment"]["body"], "LGTM");

    let archived = json!({"action": "archived", "repository": event_repository(), "sender": {"login": "ada"}});
    let config = json!({"owner": "octocat", "actions": ["created", "archived"]});
    assert_eq!(
        events(&github, "on_repository", config, event("repository", archived.clone())).await[0]["action"],
        "archived"
    );
    let deleted_only = json!({"owner": "octocat", "actions": ["deleted"]});
    assert!(events(&github, "on_repository", deleted_only, event("repository", archived)).await.is_empty());
}

#[tokio::test]
async fn a_tampered_body_or_a_wrong_secret_is_refused() {
    let server = MockServer::start().await;
    let github = testing::connect::<GitHub>(&server, token());
    let config = json!({"owner": "octocat", "repository": "hello"});

    let mut tampered = event("push", push());
    tampered.body = String::from_utf8_lossy(&tampered.body).replace("Fix", "Fax").into_bytes().into();
    let refused = deliver(&github, "on_push", config.clone(), tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let headers = [("X-GitHub-Event", "push"), ("X-GitHub-Delivery", DELIVERY)];
    let wrong = testing::signed(SignatureScheme::GitHub, testing::oddly_spaced(&push()), headers, "test-only-other");
    let refused = deliver(&github, "on_push", config, wrong).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");
}

#[tokio::test]
async fn a_hook_never_subscribed_has_no_secret_and_accepts_nothing() {
    let server = MockServer::start().await;
    let github = testing::connect::<GitHub>(&server, token());
    let config = json!({"owner": "octocat", "repository": "hello"});
    let refused = testing::deliver(&github, "on_push", config, token(), None, event("push", push())).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))), "{refused:?}");
}

#[test]
fn the_declared_event_id_is_the_delivery_guid() {
    let meta = testing::trigger_meta::<GitHub>("on_push").expect("declared");
    let ids = meta.event_id.expect("declared").ids(Some(&event("push", push())), &[json!({})]);
    assert_eq!(ids, [Some(DELIVERY.to_owned())]);
}

// ---------------------------------------------------------------------------------------------
// Registering the hook
// ---------------------------------------------------------------------------------------------

const HOOK_URL: &str = "https://flux.example/webhooks/github/abc";
const SECRET: &str = "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";

fn connector(server: &MockServer) -> GitHub {
    testing::connect::<GitHub>(server, token())
}

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: SECRET.to_owned() }
}

fn hook_body(event: &str) -> Value {
    json!({
        "name": "web",
        "active": true,
        "events": [event],
        "config": {"url": HOOK_URL, "content_type": "json", "secret": SECRET, "insecure_ssl": "0"}
    })
}

fn listed_hook(id: u64, url: &str) -> Value {
    json!({"id": id, "type": "Repository", "name": "web", "active": true, "events": ["push"],
           "config": {"url": url, "content_type": "json", "insecure_ssl": "0", "secret": "********"}})
}

/// Mounts the hook list of `path` answering `hooks`.
async fn hooks_listed(server: &MockServer, path: &str, hooks: Value) {
    github("GET", path)
        .and(matchers::query_param("per_page", "100"))
        .respond_with(ok(hooks))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn subscribe_creates_a_repository_hook_for_the_triggers_event() {
    let server = MockServer::start().await;
    hooks_listed(&server, "/repos/octocat/hello/hooks", json!([listed_hook(1, "https://elsewhere.example/hook")]))
        .await;
    github("POST", "/repos/octocat/hello/hooks")
        .and(matchers::body_json(hook_body("push")))
        .respond_with(ResponseTemplate::new(201).set_body_json(listed_hook(12345678, HOOK_URL)))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"owner": "octocat", "repository": "hello", "branch": "main"});
    let subscription = connector(&server).subscribe("on_push", config, context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "12345678");
    assert_eq!(subscription.secret, None, "GitHub keeps the secret FluxTurn chose");
    assert_eq!(subscription.state, json!({"owner": "octocat", "repo": "hello"}));
}

#[tokio::test]
async fn each_repository_trigger_subscribes_to_its_own_event() {
    let triggers = [
        ("on_create", "create"),
        ("new_tag_created", "create"),
        ("on_delete", "delete"),
        ("on_commit_comment", "commit_comment"),
    ];
    for (trigger, event) in triggers {
        let server = MockServer::start().await;
        hooks_listed(&server, "/repos/octocat/hello/hooks", json!([])).await;
        github("POST", "/repos/octocat/hello/hooks")
            .and(matchers::body_json(hook_body(event)))
            .respond_with(ResponseTemplate::new(201).set_body_json(listed_hook(7, HOOK_URL)))
            .expect(1)
            .mount(&server)
            .await;
        let config = json!({"owner": "octocat", "repository": "hello"});
        let subscription = connector(&server).subscribe(trigger, config, context()).await.unwrap().unwrap();
        assert_eq!(subscription.upstream_id, "7", "{trigger}");
    }
}

#[tokio::test]
async fn on_repository_subscribes_an_organization_hook() {
    let server = MockServer::start().await;
    hooks_listed(&server, "/orgs/octo-org/hooks", json!([])).await;
    github("POST", "/orgs/octo-org/hooks")
        .and(matchers::body_json(hook_body("repository")))
        .respond_with(ResponseTemplate::new(201).set_body_json(listed_hook(9, HOOK_URL)))
        .expect(1)
        .mount(&server)
        .await;
    let subscription =
        connector(&server).subscribe("on_repository", json!({"owner": "octo-org"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "9");
    assert_eq!(subscription.state, json!({"owner": "octo-org"}));
}

#[tokio::test]
async fn a_restart_updates_the_hook_already_posting_to_the_url_and_adds_no_second_one() {
    let server = MockServer::start().await;
    let hooks = json!([listed_hook(1, "https://elsewhere.example/hook"), listed_hook(42, HOOK_URL)]);
    hooks_listed(&server, "/repos/octocat/hello/hooks", hooks).await;
    github("PATCH", "/repos/octocat/hello/hooks/42")
        .and(matchers::body_json(hook_body("push")))
        .respond_with(ok(listed_hook(42, HOOK_URL)))
        .expect(1)
        .mount(&server)
        .await;
    github("POST", "/repos/octocat/hello/hooks")
        .respond_with(ResponseTemplate::new(201).set_body_json(listed_hook(43, HOOK_URL)))
        .expect(0)
        .mount(&server)
        .await;
    let config = json!({"owner": "octocat", "repository": "hello"});
    let subscription = connector(&server).subscribe("on_push", config, context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "42");
}

#[tokio::test]
async fn a_refused_hook_names_githubs_answer() {
    let server = MockServer::start().await;
    hooks_listed(&server, "/repos/octocat/hello/hooks", json!([])).await;
    github("POST", "/repos/octocat/hello/hooks")
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "errors": [{"resource": "Hook", "code": "custom", "message": "Hook already exists on this repository"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"owner": "octocat", "repository": "hello"});
    let error = connector(&server).subscribe("on_push", config, context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "GitHub refused to register the webhook: the upstream answered 422: Validation Failed");
    assert!(error.details["upstream_body"].as_str().unwrap().contains("Hook already exists"));
}

#[tokio::test]
async fn a_token_without_access_to_the_hooks_fails_before_creating_anything() {
    let server = MockServer::start().await;
    github("GET", "/repos/octocat/hello/hooks")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"owner": "octocat", "repository": "hello"});
    let error = connector(&server).subscribe("on_push", config, context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "GitHub refused to list the webhooks: the upstream answered 404: Not Found");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

fn subscription(id: &str, state: Value) -> Subscription {
    Subscription { upstream_id: id.into(), state, ..Subscription::default() }
}

#[tokio::test]
async fn unsubscribe_deletes_the_hook_where_it_was_made() {
    let server = MockServer::start().await;
    github("DELETE", "/repos/octocat/hello/hooks/42")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    github("DELETE", "/orgs/octo-org/hooks/9").respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let github = connector(&server);
    let config = json!({"owner": "octocat", "repository": "hello"});
    let repo_hook = subscription("42", json!({"owner": "octocat", "repo": "hello"}));
    github.unsubscribe("on_push", config, repo_hook).await.unwrap();
    let org_hook = subscription("9", json!({"owner": "octo-org"}));
    github.unsubscribe("on_repository", json!({"owner": "octo-org"}), org_hook).await.unwrap();
}

#[tokio::test]
async fn unsubscribe_of_a_hook_already_deleted_is_ok() {
    let server = MockServer::start().await;
    github("DELETE", "/repos/octocat/hello/hooks/42")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"owner": "octocat", "repository": "hello"});
    let hook = subscription("42", json!({"owner": "octocat", "repo": "hello"}));
    connector(&server).unsubscribe("on_create", config, hook).await.unwrap();
}

#[tokio::test]
async fn unsubscribe_reports_a_refusal() {
    let server = MockServer::start().await;
    github("DELETE", "/repos/octocat/hello/hooks/42")
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"message": "Must have admin rights to Repository."})),
        )
        .mount(&server)
        .await;
    let config = json!({"owner": "octocat", "repository": "hello"});
    let hook = subscription("42", json!({"owner": "octocat", "repo": "hello"}));
    let error = connector(&server).unsubscribe("on_push", config, hook).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert_eq!(
        error.message,
        "GitHub refused to delete the webhook: the upstream answered 403: Must have admin rights to Repository."
    );
}

/// An open pull request of `Octocat/Hello` opened `hours_ago`.
fn open_pull(id: u64, hours_ago: u64) -> Value {
    let opened = std::time::SystemTime::now() - std::time::Duration::from_secs(hours_ago * 3600);
    let branch = |name: &str| json!({"ref": name, "label": format!("Octocat:{name}"), "sha": "abc"});
    json!({
        "id": id, "number": id % 100, "title": format!("PR {id}"), "state": "open",
        "html_url": format!("https://github.com/Octocat/Hello/pull/{}", id % 100), "body": null, "draft": false,
        "head": branch("feature"), "base": branch("main"), "user": {"login": "ada", "id": 2},
        "created_at": humantime::format_rfc3339_seconds(opened).to_string(),
    })
}

/// The open pull requests GitHub lists, oldest first, in two pages.
async fn open_pulls(server: &MockServer, first: Value, second: Value) {
    server.reset().await;
    let next = format!("<{}/repositories/5/pulls?state=open&page=2>; rel=\"next\"", server.uri());
    github("GET", "/repos/octocat/hello/pulls")
        .and(matchers::query_param("state", "open"))
        .and(matchers::query_param("sort", "created"))
        .and(matchers::query_param("direction", "asc"))
        .and(matchers::query_param("per_page", "100"))
        .respond_with(ok(first).insert_header("link", next.as_str()))
        .mount(server)
        .await;
    github("GET", "/repositories/5/pulls").respond_with(ok(second)).mount(server).await;
}

#[tokio::test]
async fn pr_open_for_24_hours_reports_each_pull_request_once_when_it_passes_the_mark() {
    let server = MockServer::start().await;
    let github = testing::connect::<GitHub>(&server, token());
    let config = json!({"owner": "octocat", "repository": "hello"});
    // Activation: #101 is already a day old, #102 is an hour old. Nothing is reported yet.
    open_pulls(&server, json!([open_pull(101, 30)]), json!([open_pull(102, 1)])).await;
    let first = github.poll("pr_open_for_24_hours", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty(), "the backlog at activation is recorded, not reported: {:?}", first.events);
    // A day later #102 and #103 (opened together, on two pages) pass the mark; #101 was closed.
    open_pulls(&server, json!([open_pull(102, 25)]), json!([open_pull(103, 25), open_pull(104, 2)])).await;
    let second = github.poll("pr_open_for_24_hours", config.clone(), first.cursor).await.unwrap();
    let ids: Vec<&Value> = second.events.iter().map(|e| &e["id"]).collect();
    assert_eq!(ids, [&json!(102), &json!(103)]);
    assert_eq!(second.events[0]["title"], "PR 102");
    // Nothing new: no second report.
    let third = github.poll("pr_open_for_24_hours", config.clone(), second.cursor.clone()).await.unwrap();
    assert!(third.events.is_empty(), "{:?}", third.events);
    // With `hours: 1`, #104 is past the mark too.
    let hourly = json!({"owner": "octocat", "repository": "hello", "hours": 1});
    let fourth = github.poll("pr_open_for_24_hours", hourly, second.cursor).await.unwrap();
    assert_eq!(fourth.events.iter().map(|e| &e["id"]).collect::<Vec<_>>(), [&json!(104)]);
}

#[tokio::test]
async fn pr_open_for_24_hours_reports_githubs_refusal() {
    let server = MockServer::start().await;
    github("GET", "/repos/octocat/gone/pulls")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;
    let github = testing::connect::<GitHub>(&server, token());
    let config = json!({"owner": "octocat", "repository": "gone"});
    let error = github.poll("pr_open_for_24_hours", config, None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
}
