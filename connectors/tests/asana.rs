//! Asana against a local mock of its API.

use connectors::project_management::asana::Asana;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{Connector, ErrorCode, SignatureScheme, SubscribeContext, Subscription, WebhookRequest};
use serde_json::{json, Value};

const TOKEN: &str = "2/1200000000000000/1200000000000001:TESTONLYTOKEN";
const HOOK_URL: &str = "https://flux.example/api/v1/webhooks/asana/reg-1";
/// The secret Asana hands over in the handshake.
const HOOK_SECRET: &str = "TESTONLY-asana-hook-secret-0123456789";

fn credentials() -> Value {
    json!({ "accessToken": TOKEN })
}

/// A mock of `method path` that checks the token is sent as a bearer token.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
}

/// Asana's envelope around `data`.
fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "data": data }))
}

/// An Asana error answer.
fn asana_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"errors": [{"message": message, "help": "For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors"}]}))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Asana>(server, credentials(), action, input).await
}

fn task(gid: &str, name: &str, completed: bool) -> Value {
    json!({"gid": gid, "resource_type": "task", "name": name, "completed": completed, "assignee": {"gid": "u1"}})
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("asana").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_task",
            "update_task",
            "create_project",
            "add_comment",
            "create_section",
            "assign_task",
            "add_tag",
            "delete_task",
            "get_task",
            "get_tasks",
            "create_subtask",
            "get_subtasks",
            "search_tasks"
        ] as [&str; 13]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        ["task_created", "task_updated", "task_completed", "project_created", "comment_added"] as [&str; 5]
    );
    assert_eq!(definition.auth_type, "bearer_token");
    assert_eq!(definition.auth_fields[0].key, "accessToken");
}

#[test]
fn the_template_names_of_create_task_resolve() {
    // FluxTurn's template `shopify-order-to-asana-task` calls `task_create` with name, notes, due_on.
    let definition = connectors::registry().definition("asana").expect("registered");
    let create = definition.find_action("task_create").expect("an alias of create_task");
    assert_eq!(create.id, "create_task");
    assert_eq!(create.input_schema["title"].aliases, ["name"]);
    assert_eq!(create.input_schema["description"].aliases, ["notes"]);
    assert_eq!(create.input_schema["dueDate"].aliases, ["due_on"]);
}

#[tokio::test]
async fn test_connection_reads_the_tokens_user() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me").respond_with(ok(json!({"gid": "u1", "name": "Ada"}))).expect(1).mount(&server).await;
    testing::connect::<Asana>(&server, credentials()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_task_posts_the_task_in_asanas_envelope_and_returns_it() {
    let server = MockServer::start().await;
    let created = json!({"gid": "t1", "name": "Ship it", "permalink_url": "https://app.asana.com/0/p1/t1"});
    upstream("POST", "/tasks")
        .and(matchers::body_json(json!({"data": {
            "name": "Ship it", "notes": "by Friday", "assignee": "me", "due_on": "2024-05-31", "projects": ["p1"]
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "data": created })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"title": " Ship it ", "description": "by Friday", "projectId": "p1", "assigneeId": "me", "dueDate": "2024-05-31"});
    assert_eq!(run(&server, "create_task", input).await.unwrap(), created);
}

#[tokio::test]
async fn create_task_without_a_project_uses_the_only_workspace_and_a_time_is_due_at() {
    let server = MockServer::start().await;
    upstream("GET", "/workspaces")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [{"gid": "w1", "name": "Acme"}], "next_page": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/tasks")
        .and(matchers::body_json(
            json!({"data": {"name": "Call", "due_at": "2024-05-31T17:00:00Z", "workspace": "w1"}}),
        ))
        .respond_with(ok(json!({"gid": "t2"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "create_task", json!({"title": "Call", "dueDate": "2024-05-31T17:00:00Z"})).await;
    assert_eq!(output.unwrap(), json!({"gid": "t2"}));
}

#[tokio::test]
async fn create_task_refuses_a_bad_date_and_a_blank_title_before_any_request() {
    let server = MockServer::start().await;
    let error = run(&server, "create_task", json!({"title": "x", "projectId": "p1", "dueDate": "31/05/2024"}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`dueDate`"), "{error}");
    let error = run(&server, "create_task", json!({"title": "  ", "projectId": "p1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn several_workspaces_and_no_project_names_them() {
    let server = MockServer::start().await;
    upstream("GET", "/workspaces")
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": [{"gid": "w1", "name": "Acme"}, {"gid": "w2", "name": "Side"}], "next_page": null}),
        ))
        .mount(&server)
        .await;
    let error = run(&server, "create_task", json!({"title": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Acme (w1), Side (w2)"), "{error}");
    assert!(error.message.contains("`projectId`"), "{error}");
}

#[tokio::test]
async fn update_task_sends_asanas_names_for_fluxturns() {
    let server = MockServer::start().await;
    let updated = json!({"gid": "t1", "name": "Renamed", "completed": true});
    upstream("PUT", "/tasks/t1")
        .and(matchers::body_json(json!({"data": {
            "name": "Renamed", "notes": "new notes", "assignee": "u2", "due_on": "2024-06-01", "completed": true, "start_on": "2024-05-01"
        }})))
        .respond_with(ok(updated.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"taskId": "t1", "updates": {
        "title": "Renamed", "description": "new notes", "assigneeId": "u2", "dueDate": "2024-06-01", "status": "Completed", "start_on": "2024-05-01"
    }});
    assert_eq!(run(&server, "update_task", input).await.unwrap(), updated);
    let error = run(&server, "update_task", json!({"taskId": "t1", "updates": {}})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn create_project_posts_it_in_the_team() {
    let server = MockServer::start().await;
    upstream("POST", "/projects")
        .and(matchers::body_json(json!({"data": {"name": "Launch", "notes": "Q3", "team": "tm1"}})))
        .respond_with(ok(json!({"gid": "p9", "name": "Launch"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "create_project", json!({"name": "Launch", "description": "Q3", "teamId": "tm1"})).await;
    assert_eq!(output.unwrap(), json!({"gid": "p9", "name": "Launch"}));
}

#[tokio::test]
async fn add_comment_posts_a_story() {
    let server = MockServer::start().await;
    upstream("POST", "/tasks/t1/stories")
        .and(matchers::body_json(json!({"data": {"text": "Looks good"}})))
        .respond_with(ok(json!({"gid": "s1", "resource_subtype": "comment_added", "text": "Looks good"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "add_comment", json!({"taskId": "t1", "content": "Looks good"})).await.unwrap();
    assert_eq!(output["gid"], "s1");
}

#[tokio::test]
async fn create_section_posts_it_to_the_project() {
    let server = MockServer::start().await;
    upstream("POST", "/projects/p1/sections")
        .and(matchers::body_json(json!({"data": {"name": "Doing"}})))
        .respond_with(ok(json!({"gid": "sec1", "name": "Doing"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "create_section", json!({"projectId": "p1", "name": "Doing"})).await.unwrap();
    assert_eq!(output, json!({"gid": "sec1", "name": "Doing"}));
}

#[tokio::test]
async fn assign_task_puts_the_assignee() {
    let server = MockServer::start().await;
    upstream("PUT", "/tasks/t1")
        .and(matchers::body_json(json!({"data": {"assignee": "u7"}})))
        .respond_with(ok(json!({"gid": "t1", "assignee": {"gid": "u7"}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "assign_task", json!({"taskId": "t1", "assigneeId": "u7"})).await.unwrap();
    assert_eq!(output["assignee"]["gid"], "u7");
}

#[tokio::test]
async fn add_tag_posts_the_tag() {
    let server = MockServer::start().await;
    upstream("POST", "/tasks/t1/addTag")
        .and(matchers::body_json(json!({"data": {"tag": "g1"}})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "add_tag", json!({"taskId": "t1", "tagId": "g1"})).await.unwrap();
    assert_eq!(output, json!({"success": true, "taskId": "t1", "tagId": "g1"}));
}

#[tokio::test]
async fn delete_task_deletes_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/tasks/t1").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let output = run(&server, "delete_task", json!({"taskId": "t1"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "taskId": "t1"}));
}

#[tokio::test]
async fn get_task_reads_it_with_its_fields() {
    let server = MockServer::start().await;
    upstream("GET", "/tasks/t1")
        .and(matchers::query_param_contains("opt_fields", "permalink_url"))
        .respond_with(ok(task("t1", "Ship it", false)))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_task", json!({"taskId": "t1"})).await.unwrap(), task("t1", "Ship it", false));
}

#[tokio::test]
async fn get_tasks_follows_the_pages_up_to_the_limit() {
    let server = MockServer::start().await;
    upstream("GET", "/tasks")
        .and(matchers::query_param("project", "p1"))
        .and(matchers::query_param("limit", "3"))
        .and(matchers::query_param_is_missing("offset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [task("t1", "a", false), task("t2", "b", true)],
            "next_page": {"offset": "eyJ0eXAi", "path": "/tasks?project=p1&offset=eyJ0eXAi", "uri": "https://app.asana.com/api/1.0/tasks?offset=eyJ0eXAi"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/tasks")
        .and(matchers::query_param("project", "p1"))
        .and(matchers::query_param("limit", "1"))
        .and(matchers::query_param("offset", "eyJ0eXAi"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [task("t3", "c", false)], "next_page": {"offset": "more"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_tasks", json!({"projectId": "p1", "limit": 3})).await.unwrap();
    assert_eq!(output, json!([task("t1", "a", false), task("t2", "b", true), task("t3", "c", false)]));
}

#[tokio::test]
async fn get_tasks_filters_completed_ones_and_asks_asana_for_incomplete_ones() {
    let server = MockServer::start().await;
    upstream("GET", "/tasks")
        .and(matchers::query_param("project", "p1"))
        .and(matchers::query_param_is_missing("completed_since"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [task("t1", "a", false), task("t2", "b", true)], "next_page": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/tasks")
        .and(matchers::query_param("project", "p2"))
        .and(matchers::query_param("completed_since", "now"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [task("t5", "e", false)], "next_page": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let done = run(&server, "get_tasks", json!({"projectId": "p1", "status": "Completed"})).await.unwrap();
    assert_eq!(done, json!([task("t2", "b", true)]));
    let open = run(&server, "get_tasks", json!({"projectId": "p2", "status": "In Progress"})).await.unwrap();
    assert_eq!(open, json!([task("t5", "e", false)]));
}

#[tokio::test]
async fn get_tasks_of_an_assignee_reads_the_only_workspace_and_needs_a_project_or_an_assignee() {
    let server = MockServer::start().await;
    upstream("GET", "/workspaces")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"gid": "w1", "name": "Acme"}]})))
        .mount(&server)
        .await;
    upstream("GET", "/tasks")
        .and(matchers::query_param("assignee", "me"))
        .and(matchers::query_param("workspace", "w1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [task("t1", "a", false)]})))
        .expect(1)
        .mount(&server)
        .await;
    let mine = run(&server, "get_tasks", json!({"assigneeId": "me"})).await.unwrap();
    assert_eq!(mine, json!([task("t1", "a", false)]));
    let error = run(&server, "get_tasks", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`projectId`"), "{error}");
}

#[tokio::test]
async fn create_subtask_posts_it_under_the_parent() {
    let server = MockServer::start().await;
    upstream("POST", "/tasks/t1/subtasks")
        .and(matchers::body_json(
            json!({"data": {"name": "Step 1", "notes": "first", "assignee": "u1", "due_on": "2024-05-30"}}),
        ))
        .respond_with(ok(json!({"gid": "t11", "name": "Step 1", "parent": {"gid": "t1"}})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"parentTaskId": "t1", "title": "Step 1", "description": "first", "assigneeId": "u1", "dueDate": "2024-05-30"});
    let output = run(&server, "create_subtask", input).await.unwrap();
    assert_eq!(output["parent"]["gid"], "t1");
}

#[tokio::test]
async fn get_subtasks_lists_them() {
    let server = MockServer::start().await;
    upstream("GET", "/tasks/t1/subtasks")
        .and(matchers::query_param("limit", "100"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [task("t11", "Step 1", false)], "next_page": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_subtasks", json!({"taskId": "t1"})).await.unwrap();
    assert_eq!(output, json!([task("t11", "Step 1", false)]));
}

#[tokio::test]
async fn search_tasks_sends_asanas_search_parameters() {
    let server = MockServer::start().await;
    upstream("GET", "/workspaces/w1/tasks/search")
        .and(matchers::query_param("text", "invoice"))
        .and(matchers::query_param("projects.any", "p1"))
        .and(matchers::query_param("assignee.any", "u1"))
        .and(matchers::query_param("completed", "false"))
        .respond_with(ok(json!([task("t4", "Send invoice", false)])))
        .expect(1)
        .mount(&server)
        .await;
    let input =
        json!({"workspaceId": "w1", "query": "invoice", "projectId": "p1", "assigneeId": "u1", "completed": false});
    assert_eq!(run(&server, "search_tasks", input).await.unwrap(), json!([task("t4", "Send invoice", false)]));
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_refused_token_is_unauthorized_in_asanas_words_without_the_token() {
    let server = MockServer::start().await;
    upstream("GET", "/tasks/t1").respond_with(asana_error(401, "Not Authorized")).mount(&server).await;
    let error = run(&server, "get_task", json!({"taskId": "t1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.starts_with("Asana refused to get the task: Asana answered 401: Not Authorized"), "{error}");
    assert!(!error.to_string().contains(TOKEN));
}

#[tokio::test]
async fn an_unknown_task_is_not_found_and_a_bad_field_is_invalid_input() {
    let server = MockServer::start().await;
    upstream("DELETE", "/tasks/404").respond_with(asana_error(404, "task: Unknown object: 404")).mount(&server).await;
    upstream("PUT", "/tasks/t1")
        .respond_with(asana_error(400, "assignee: Not a recognized ID: nobody"))
        .mount(&server)
        .await;
    let error = run(&server, "delete_task", json!({"taskId": "404"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("delete the task: Asana answered 404: task: Unknown object: 404"), "{error}");
    let error = run(&server, "assign_task", json!({"taskId": "t1", "assigneeId": "nobody"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Not a recognized ID: nobody"), "{error}");
}

#[tokio::test]
async fn a_forbidden_project_is_forbidden() {
    let server = MockServer::start().await;
    upstream("POST", "/projects/p1/sections")
        .respond_with(asana_error(403, "You do not have access to this project"))
        .mount(&server)
        .await;
    let error = run(&server, "create_section", json!({"projectId": "p1", "name": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("You do not have access to this project"), "{error}");
}

#[tokio::test]
async fn a_rate_limit_longer_than_the_retries_wait_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("GET", "/tasks/t1/subtasks")
        .respond_with(asana_error(429, "You have made too many requests recently.").insert_header("Retry-After", "600"))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "get_subtasks", json!({"taskId": "t1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert!(error.retryable);
    assert!(error.message.contains("too many requests"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Deliveries
// ---------------------------------------------------------------------------------------------

fn signed(body: &str, secret: &str) -> WebhookRequest {
    testing::signed(SignatureScheme::Asana, body.to_owned(), [("Content-Type", "application/json")], secret)
}

async fn deliver(connector: &Asana, trigger: &str, request: WebhookRequest) -> Result<Vec<Value>, Rejection> {
    testing::deliver(connector, trigger, json!({"projectId": "p1"}), credentials(), Some(HOOK_SECRET), request)
        .await
        .map(|reply| reply.events)
}

fn event(action: &str, kind: &str, gid: &str, at: &str) -> Value {
    json!({
        "action": action,
        "resource": {"gid": gid, "resource_type": kind},
        "parent": {"gid": "p1", "resource_type": "project"},
        "user": {"gid": "u1", "resource_type": "user"},
        "created_at": at
    })
}

fn changed(gid: &str, field: &str, at: &str) -> Value {
    let mut e = event("changed", "task", gid, at);
    e["change"] = json!({"field": field, "action": "changed"});
    e.as_object_mut().unwrap().remove("parent");
    e
}

/// A delivery mixing every kind of event the triggers tell apart.
fn mixed() -> Value {
    let mut section = event("added", "task", "t1", "2024-05-01T10:00:00.000Z");
    section["parent"] = json!({"gid": "sec1", "resource_type": "section"});
    let mut comment = event("added", "story", "s1", "2024-05-01T10:02:00.000Z");
    comment["resource"]["resource_subtype"] = json!("comment_added");
    comment["parent"] = json!({"gid": "t1", "resource_type": "task"});
    let mut assigned = event("added", "story", "s2", "2024-05-01T10:03:00.000Z");
    assigned["resource"]["resource_subtype"] = json!("assigned");
    json!({"events": [
        event("added", "task", "t1", "2024-05-01T10:00:00.000Z"),
        section,
        changed("t1", "name", "2024-05-01T10:01:00.000Z"),
        comment,
        assigned,
        event("added", "project", "p7", "2024-05-01T10:04:00.000Z"),
        event("removed", "task", "t3", "2024-05-01T10:05:00.000Z"),
    ]})
}

#[tokio::test]
async fn each_trigger_keeps_its_events_with_a_stable_id() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Asana>(&server, credentials());
    let body = testing::oddly_spaced(&mixed());

    let created = deliver(&connector, "task_created", signed(&body, HOOK_SECRET)).await.unwrap();
    // The task added to the project and to its section at the same instant is one event.
    assert_eq!(created.len(), 1, "{created:?}");
    assert_eq!(created[0]["eventId"], "t1:added:2024-05-01T10:00:00.000Z");
    assert_eq!(created[0]["resource"], json!({"gid": "t1", "resource_type": "task"}));
    assert_eq!(created[0]["parent"]["gid"], "p1");

    let updated = deliver(&connector, "task_updated", signed(&body, HOOK_SECRET)).await.unwrap();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0]["eventId"], "t1:changed:2024-05-01T10:01:00.000Z:name");
    assert_eq!(updated[0]["change"], json!({"field": "name", "action": "changed"}));

    let comments = deliver(&connector, "comment_added", signed(&body, HOOK_SECRET)).await.unwrap();
    assert_eq!(comments.len(), 1, "only the comment, not the `assigned` story: {comments:?}");
    assert_eq!(comments[0]["eventId"], "s1:added:2024-05-01T10:02:00.000Z");
    assert_eq!(comments[0]["parent"]["gid"], "t1");

    let projects = deliver(&connector, "project_created", signed(&body, HOOK_SECRET)).await.unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0]["eventId"], "p7:added:2024-05-01T10:04:00.000Z");

    // A redelivery has the same ids.
    let again = deliver(&connector, "task_created", signed(&body, HOOK_SECRET)).await.unwrap();
    assert_eq!(again[0]["eventId"], created[0]["eventId"]);
    // Each trigger declares its events' ids at /eventId.
    let definition = connectors::registry().definition("asana").unwrap();
    assert!(definition.supported_triggers.iter().all(|t| t.webhook_required));
    assert!(testing::trigger_meta::<Asana>("task_created").is_some());
}

#[tokio::test]
async fn a_heartbeat_gives_no_event() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Asana>(&server, credentials());
    for trigger in ["task_created", "task_updated", "task_completed", "project_created", "comment_added"] {
        let events = deliver(&connector, trigger, signed(r#"{"events":[]}"#, HOOK_SECRET)).await.unwrap();
        assert!(events.is_empty(), "{trigger}");
    }
}

#[tokio::test]
async fn task_completed_emits_a_task_complete_now_and_skips_one_reopened_or_deleted() {
    let server = MockServer::start().await;
    upstream("GET", "/tasks/t1")
        .and(matchers::query_param("opt_fields", "name,completed,completed_at,permalink_url"))
        .respond_with(ok(
            json!({"gid": "t1", "name": "Ship", "completed": true, "completed_at": "2024-05-01T10:06:00.000Z"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/tasks/t2")
        .respond_with(ok(json!({"gid": "t2", "completed": false})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/tasks/t3")
        .respond_with(asana_error(404, "task: Unknown object: t3"))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<Asana>(&server, credentials());
    let body = json!({"events": [
        changed("t1", "completed", "2024-05-01T10:06:00.000Z"),
        changed("t2", "completed", "2024-05-01T10:07:00.000Z"),
        changed("t3", "completed", "2024-05-01T10:08:00.000Z"),
        changed("t4", "name", "2024-05-01T10:09:00.000Z"),
    ]})
    .to_string();
    let events = deliver(&connector, "task_completed", signed(&body, HOOK_SECRET)).await.unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["eventId"], "t1:changed:2024-05-01T10:06:00.000Z:completed");
    assert_eq!(events[0]["task"]["completed_at"], "2024-05-01T10:06:00.000Z");
}

#[tokio::test]
async fn task_completed_trusts_a_new_value_when_asana_sends_one() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Asana>(&server, credentials());
    let mut done = changed("t1", "completed", "2024-05-01T10:06:00.000Z");
    done["change"]["new_value"] = json!(true);
    let mut reopened = changed("t2", "completed", "2024-05-01T10:07:00.000Z");
    reopened["change"]["new_value"] = json!(false);
    let body = json!({"events": [done, reopened]}).to_string();
    let events = deliver(&connector, "task_completed", signed(&body, HOOK_SECRET)).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["resource"]["gid"], "t1");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing to read");
}

#[tokio::test]
async fn a_tampered_body_a_wrong_secret_and_no_signature_are_refused() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Asana>(&server, credentials());
    let body = testing::oddly_spaced(&mixed());
    for trigger in ["task_created", "task_updated", "task_completed", "project_created", "comment_added"] {
        let genuine = signed(&body, HOOK_SECRET);
        let tampered = WebhookRequest::post(
            body.replace("p7", "p8"),
            genuine.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        let refused = deliver(&connector, trigger, tampered).await;
        assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{trigger}: {refused:?}");

        let wrong = deliver(&connector, trigger, signed(&body, "another-secret")).await;
        assert!(matches!(wrong, Err(Rejection::Unverified(SignatureError::Mismatch))), "{trigger}: {wrong:?}");

        let unsigned = WebhookRequest::post(body.clone(), [("Content-Type", "application/json")]);
        assert!(matches!(deliver(&connector, trigger, unsigned).await, Err(Rejection::Unverified(_))), "{trigger}");

        let never =
            testing::deliver(&connector, trigger, json!({}), credentials(), None, signed(&body, HOOK_SECRET)).await;
        assert!(matches!(never, Err(Rejection::NoSecret(_))), "{trigger}: {never:?}");
    }
}

#[test]
fn the_handshake_echoes_asanas_secret() {
    let request = WebhookRequest::post("", [("X-Hook-Secret", HOOK_SECRET)]);
    let handshake = SignatureScheme::Asana.handshake(&request).expect("a handshake");
    assert_eq!(handshake.secret, HOOK_SECRET);
    assert_eq!(handshake.response.status, 200);
    assert_eq!(handshake.response.header("X-Hook-Secret"), Some(HOOK_SECRET));
}

// ---------------------------------------------------------------------------------------------
// Registering the webhook
// ---------------------------------------------------------------------------------------------

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "generated-but-unused".to_owned() }
}

fn listed(hooks: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"data": hooks, "next_page": null}))
}

/// The project `p1`, in workspace `w1`.
async fn mount_project(server: &MockServer) {
    upstream("GET", "/projects/p1")
        .and(matchers::query_param("opt_fields", "workspace"))
        .respond_with(ok(json!({"gid": "p1", "workspace": {"gid": "w1", "resource_type": "workspace"}})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn subscribe_creates_a_project_webhook_with_each_triggers_filters() {
    let cases = [
        ("task_created", json!([{"resource_type": "task", "action": "added"}])),
        ("task_updated", json!([{"resource_type": "task", "action": "changed"}])),
        ("task_completed", json!([{"resource_type": "task", "action": "changed", "fields": ["completed"]}])),
        ("comment_added", json!([{"resource_type": "story", "resource_subtype": "comment_added", "action": "added"}])),
    ];
    for (trigger, filters) in cases {
        let server = MockServer::start().await;
        mount_project(&server).await;
        upstream("GET", "/webhooks")
            .and(matchers::query_param("workspace", "w1"))
            .and(matchers::query_param("resource", "p1"))
            .respond_with(listed(json!([{"gid": "other", "target": "https://elsewhere.example/hook"}])))
            .expect(1)
            .mount(&server)
            .await;
        upstream("POST", "/webhooks")
            .and(matchers::body_json(json!({"data": {"resource": "p1", "target": HOOK_URL, "filters": filters}})))
            .respond_with(ResponseTemplate::new(201).set_body_json(
                json!({"data": {"gid": "wh1", "resource": {"gid": "p1"}, "target": HOOK_URL, "active": true}}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        let connector = testing::connect::<Asana>(&server, credentials());
        let subscription = connector.subscribe(trigger, json!({"projectId": "p1"}), context()).await.unwrap().unwrap();
        assert_eq!(subscription.upstream_id, "wh1", "{trigger}");
        assert_eq!(subscription.secret, None, "the handshake hands the secret to the server: {trigger}");
    }
}

#[tokio::test]
async fn subscribe_project_created_watches_the_only_workspace() {
    let server = MockServer::start().await;
    upstream("GET", "/workspaces")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"gid": "w1", "name": "Acme"}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/webhooks").respond_with(listed(json!([]))).expect(1).mount(&server).await;
    upstream("POST", "/webhooks")
        .and(matchers::body_json(json!({"data": {
            "resource": "w1", "target": HOOK_URL, "filters": [{"resource_type": "project", "action": "added"}]
        }})))
        .respond_with(ok(json!({"gid": "wh2"})))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<Asana>(&server, credentials());
    let subscription = connector.subscribe("project_created", json!({}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "wh2");
}

#[tokio::test]
async fn subscribe_again_replaces_the_webhook_already_there() {
    let server = MockServer::start().await;
    upstream("GET", "/webhooks")
        .and(matchers::query_param("workspace", "w9"))
        .and(matchers::query_param("resource", "w9"))
        .respond_with(listed(json!([{"gid": "wh-old", "target": HOOK_URL}])))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/webhooks/wh-old").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    upstream("POST", "/webhooks").respond_with(ok(json!({"gid": "wh-new"}))).expect(1).mount(&server).await;
    let connector = testing::connect::<Asana>(&server, credentials());
    let subscription =
        connector.subscribe("project_created", json!({"workspaceId": "w9"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "wh-new");
}

#[tokio::test]
async fn a_task_trigger_without_a_project_is_refused_and_asanas_refusal_is_reported() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Asana>(&server, credentials());
    let error = connector.subscribe("task_created", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`projectId` is required"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());

    mount_project(&server).await;
    upstream("GET", "/webhooks").respond_with(listed(json!([]))).mount(&server).await;
    upstream("POST", "/webhooks")
        .respond_with(asana_error(400, "The remote server did not respond with the handshake secret."))
        .mount(&server)
        .await;
    let error = connector.subscribe("task_updated", json!({"projectId": "p1"}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("create the webhook: Asana answered 400: The remote server"), "{error}");
}

#[tokio::test]
async fn unsubscribe_deletes_the_webhook_and_one_already_gone_is_fine() {
    let server = MockServer::start().await;
    upstream("DELETE", "/webhooks/wh1").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    upstream("DELETE", "/webhooks/wh-gone")
        .respond_with(asana_error(404, "webhook: Unknown object: wh-gone"))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/webhooks/wh-locked")
        .respond_with(asana_error(403, "Forbidden"))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<Asana>(&server, credentials());
    connector.unsubscribe("task_created", json!({}), Subscription::new("wh1")).await.unwrap();
    connector.unsubscribe("project_created", json!({}), Subscription::new("wh-gone")).await.unwrap();
    let error = connector.unsubscribe("comment_added", json!({}), Subscription::new("wh-locked")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("delete the webhook: Asana answered 403: Forbidden"), "{error}");
}
