//! ClickUp against a local mock of its API.

use connectors::project_management::clickup::Clickup;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    ConnectContext, Connector, ErrorCode, HttpOptions, RetryPolicy, SignatureScheme, SubscribeContext, Subscription,
    WebhookRequest,
};
use serde_json::{json, Value};

const TOKEN: &str = "pk_4242_TESTONLYTOKEN";
const HOOK_URL: &str = "https://flux.example/api/v1/webhooks/clickup/reg-1";
/// The secret ClickUp returns for a new webhook.
const HOOK_SECRET: &str = "TESTONLY0123456789CLICKUPSECRET";

/// A personal API token connection.
fn credentials() -> Value {
    json!({"authMode": "token", "accessToken": TOKEN})
}

/// A mock of `method path` that checks the token is sent as ClickUp wants it: no `Bearer`.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", TOKEN))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Clickup>(server, credentials(), action, input).await
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("clickup").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "task_create",
            "task_update",
            "task_get",
            "task_delete",
            "task_get_all",
            "list_create",
            "list_update",
            "list_get",
            "list_delete",
            "folder_create",
            "folder_update",
            "folder_get",
            "folder_delete",
            "comment_create",
            "goal_create",
            "goal_update",
            "goal_get",
            "goal_delete",
            "time_entry_create"
        ] as [&str; 19]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, TRIGGERS.map(|(trigger, _)| trigger));
    assert_eq!(definition.find_action("create_task").unwrap().id, "task_create");
    let priority = &definition.find_action("task_create").unwrap().input_schema["priority"];
    let values: Vec<&Value> = priority.options.iter().map(|o| &o.value).collect();
    assert_eq!(values, [&json!(1), &json!(2), &json!(3), &json!(4)]);
    assert_eq!(priority.options[0].label, "Urgent");
}

// ---------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn test_connection_reads_the_user_with_the_bare_token() {
    let server = MockServer::start().await;
    upstream("GET", "/user").respond_with(ok(json!({"user": {"id": 1}}))).expect(1).mount(&server).await;
    testing::connect::<Clickup>(&server, credentials()).test_connection().await.unwrap();
}

#[tokio::test]
async fn an_oauth2_token_goes_in_the_authorization_header_as_clickup_asks() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/user"))
        .and(matchers::header("authorization", "oauth-access-token"))
        .respond_with(ok(json!({"user": {"id": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    let oauth = json!({"authMode": "oneclick", "accessToken": "oauth-access-token"});
    testing::connect::<Clickup>(&server, oauth).test_connection().await.unwrap();
}

#[test]
fn the_form_offers_oauth2_and_a_personal_token() {
    let definition = connectors::registry().definition("clickup").unwrap();
    assert_eq!(definition.auth_type, "multiple");
    let oauth = definition.oauth_config.as_ref().unwrap();
    assert_eq!(oauth.authorization_url, "https://app.clickup.com/api");
    assert_eq!(oauth.token_url, "https://api.clickup.com/api/v2/oauth/token");
    let mode = definition.auth_fields.iter().find(|f| f.key == "authMode").unwrap();
    let modes: Vec<&Value> = mode.options.iter().map(|o| &o.value).collect();
    assert_eq!(modes, [&json!("oneclick"), &json!("manual"), &json!("token")]);
}

#[tokio::test]
async fn a_token_connection_without_its_token_is_refused() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<Clickup>(&server, json!({"authMode": "token"})) else {
        panic!("a token connection needs the token")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`accessToken`"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------

fn task(id: &str) -> Value {
    json!({"id": id, "name": "Ship it", "status": {"status": "to do"}, "priority": {"id": "2", "priority": "high"}})
}

#[tokio::test]
async fn task_create_posts_clickups_fields_and_returns_the_task() {
    let server = MockServer::start().await;
    upstream("POST", "/list/901/task")
        .and(matchers::body_json(json!({
            "name": "Ship it",
            "description": "Before Friday",
            "status": "to do",
            "priority": 2,
            "due_date": 1767225600000_i64,
            "start_date": 1767139200000_i64,
            "assignees": [183, 184],
            "tags": ["release", "2026"]
        })))
        .respond_with(ok(task("86a1")))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "task_create",
        json!({
            "listId": "901", "name": " Ship it ", "description": "Before Friday", "status": "to do",
            "priority": "2", "dueDate": 1767225600000.0, "startDate": 1767139200000_i64,
            "assignees": [183, "184"], "tags": ["release", 2026]
        }),
    )
    .await
    .unwrap();
    assert_eq!(output, task("86a1"));
}

#[tokio::test]
async fn task_create_as_fluxturns_templates_fill_it_sends_only_what_is_given() {
    let server = MockServer::start().await;
    upstream("POST", "/list/901/task")
        .and(matchers::body_json(json!({"name": "Email: hi", "description": "From: a", "status": "To Do"})))
        .respond_with(ok(task("86a2")))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"listId": "901", "name": "Email: hi", "description": "From: a", "status": "To Do"});
    assert_eq!(run(&server, "task_create", input).await.unwrap(), task("86a2"));
}

#[tokio::test]
async fn a_priority_clickup_does_not_have_never_reaches_it() {
    let server = MockServer::start().await;
    let error = run(&server, "task_create", json!({"listId": "901", "name": "x", "priority": 5})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("1 (urgent), 2 (high), 3 (normal), 4 (low)"), "{error}");
    let error = run(&server, "task_create", json!({"listId": " ", "name": "x"})).await.unwrap_err();
    assert!(error.message.contains("`listId` cannot be blank"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn task_update_puts_the_changes() {
    let server = MockServer::start().await;
    upstream("PUT", "/task/86a1")
        .and(matchers::body_json(json!({"name": "Renamed", "status": "done", "priority": 1})))
        .respond_with(ok(task("86a1")))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"taskId": "86a1", "name": "Renamed", "status": "done", "priority": "urgent"});
    assert_eq!(run(&server, "task_update", input).await.unwrap(), task("86a1"));
}

#[tokio::test]
async fn task_get_reads_the_task() {
    let server = MockServer::start().await;
    upstream("GET", "/task/86a1").respond_with(ok(task("86a1"))).expect(1).mount(&server).await;
    assert_eq!(run(&server, "task_get", json!({"taskId": "86a1"})).await.unwrap(), task("86a1"));
}

#[tokio::test]
async fn task_delete_deletes_it_and_says_which() {
    let server = MockServer::start().await;
    upstream("DELETE", "/task/86a1").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let output = run(&server, "task_delete", json!({"taskId": "86a1"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "taskId": "86a1"}));
}

#[tokio::test]
async fn task_get_all_follows_the_pages_until_the_last() {
    let server = MockServer::start().await;
    for (page, tasks, last) in [("0", vec![task("t1"), task("t2")], false), ("1", vec![task("t3")], true)] {
        upstream("GET", "/list/901/task")
            .and(matchers::query_param("page", page))
            .and(matchers::query_param("archived", "true"))
            .and(matchers::query_param("subtasks", "false"))
            .respond_with(ok(json!({"tasks": tasks, "last_page": last})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let output = run(&server, "task_get_all", json!({"listId": "901", "archived": true})).await.unwrap();
    assert_eq!(output, json!([task("t1"), task("t2"), task("t3")]));
}

// ---------------------------------------------------------------------------------------------
// Lists, folders, comments
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_create_posts_to_the_folder() {
    let server = MockServer::start().await;
    let list = json!({"id": "124", "name": "Sprint 9", "content": "Goals"});
    upstream("POST", "/folder/457/list")
        .and(matchers::body_json(json!({"name": "Sprint 9", "content": "Goals"})))
        .respond_with(ok(list.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_create", json!({"folderId": "457", "name": "Sprint 9", "content": "Goals"})).await;
    assert_eq!(output.unwrap(), list);
}

#[tokio::test]
async fn list_update_puts_the_new_name() {
    let server = MockServer::start().await;
    let list = json!({"id": "124", "name": "Sprint 10"});
    upstream("PUT", "/list/124")
        .and(matchers::body_json(json!({"name": "Sprint 10"})))
        .respond_with(ok(list.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "list_update", json!({"listId": "124", "name": "Sprint 10"})).await.unwrap(), list);
}

#[tokio::test]
async fn list_get_and_list_delete() {
    let server = MockServer::start().await;
    let list = json!({"id": "124", "name": "Sprint 9"});
    upstream("GET", "/list/124").respond_with(ok(list.clone())).expect(1).mount(&server).await;
    upstream("DELETE", "/list/124").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    assert_eq!(run(&server, "list_get", json!({"listId": "124"})).await.unwrap(), list);
    let deleted = run(&server, "list_delete", json!({"listId": "124"})).await.unwrap();
    assert_eq!(deleted, json!({"deleted": true, "listId": "124"}));
}

#[tokio::test]
async fn folder_create_and_folder_update() {
    let server = MockServer::start().await;
    let folder = json!({"id": "457", "name": "Roadmap"});
    upstream("POST", "/space/790/folder")
        .and(matchers::body_json(json!({"name": "Roadmap"})))
        .respond_with(ok(folder.clone()))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PUT", "/folder/457")
        .and(matchers::body_json(json!({"name": "Roadmap 2027"})))
        .respond_with(ok(json!({"id": "457", "name": "Roadmap 2027"})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "folder_create", json!({"spaceId": "790", "name": "Roadmap"})).await.unwrap(), folder);
    let renamed = run(&server, "folder_update", json!({"folderId": "457", "name": "Roadmap 2027"})).await.unwrap();
    assert_eq!(renamed["name"], "Roadmap 2027");
}

#[tokio::test]
async fn folder_get_and_folder_delete() {
    let server = MockServer::start().await;
    let folder = json!({"id": "457", "name": "Roadmap", "lists": []});
    upstream("GET", "/folder/457").respond_with(ok(folder.clone())).expect(1).mount(&server).await;
    upstream("DELETE", "/folder/457").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    assert_eq!(run(&server, "folder_get", json!({"folderId": "457"})).await.unwrap(), folder);
    let deleted = run(&server, "folder_delete", json!({"folderId": "457"})).await.unwrap();
    assert_eq!(deleted, json!({"deleted": true, "folderId": "457"}));
}

#[tokio::test]
async fn comment_create_posts_the_text_without_notifying_everyone() {
    let server = MockServer::start().await;
    let answer = json!({"id": 458, "hist_id": "26508", "date": 1568036964079_i64});
    upstream("POST", "/task/86a1/comment")
        .and(matchers::body_json(json!({"comment_text": "Looks good", "notify_all": false})))
        .respond_with(ok(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "comment_create", json!({"taskId": "86a1", "commentText": "Looks good"})).await;
    assert_eq!(output.unwrap(), answer);
}

// ---------------------------------------------------------------------------------------------
// Goals, time entries
// ---------------------------------------------------------------------------------------------

const GOAL: &str = "e53a033c-900e-462d-a849-4a216b06d930";

fn goal(name: &str) -> Value {
    json!({"id": GOAL, "name": name, "team_id": "512"})
}

#[tokio::test]
async fn goal_create_posts_to_the_workspace_and_returns_the_goal() {
    let server = MockServer::start().await;
    upstream("POST", "/team/512/goal")
        .and(matchers::body_json(json!({
            "name": "Q1 revenue", "due_date": 1775001600000_i64, "description": "Grow",
            "multiple_owners": true, "owners": []
        })))
        .respond_with(ok(json!({"goal": goal("Q1 revenue")})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"teamId": "512", "name": "Q1 revenue", "description": "Grow", "dueDate": 1775001600000_i64});
    assert_eq!(run(&server, "goal_create", input).await.unwrap(), goal("Q1 revenue"));
}

#[tokio::test]
async fn goal_update_get_and_delete() {
    let server = MockServer::start().await;
    let path = format!("/goal/{GOAL}");
    upstream("PUT", &path)
        .and(matchers::body_json(json!({"name": "Q2 revenue"})))
        .respond_with(ok(json!({"goal": goal("Q2 revenue")})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", &path).respond_with(ok(json!({"goal": goal("Q2 revenue")}))).expect(1).mount(&server).await;
    upstream("DELETE", &path).respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let updated = run(&server, "goal_update", json!({"goalId": GOAL, "name": "Q2 revenue"})).await.unwrap();
    assert_eq!(updated, goal("Q2 revenue"));
    assert_eq!(run(&server, "goal_get", json!({"goalId": GOAL})).await.unwrap(), goal("Q2 revenue"));
    let deleted = run(&server, "goal_delete", json!({"goalId": GOAL})).await.unwrap();
    assert_eq!(deleted, json!({"deleted": true, "goalId": GOAL}));
}

#[tokio::test]
async fn time_entry_create_records_the_time_on_the_task() {
    let server = MockServer::start().await;
    let entry = json!({"id": "1963465985517105840", "duration": "3600000", "task": {"id": "86a1"}});
    upstream("POST", "/team/512/time_entries")
        .and(matchers::body_json(json!({"start": 1767225600000_i64, "duration": 3600000, "tid": "86a1"})))
        .respond_with(ok(json!({"data": entry.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"teamId": "512", "taskId": "86a1", "start": 1767225600000_i64, "duration": 3600000});
    assert_eq!(run(&server, "time_entry_create", input).await.unwrap(), entry);
}

#[tokio::test]
async fn a_time_entry_without_a_duration_is_refused_before_clickup() {
    let server = MockServer::start().await;
    let error = run(&server, "time_entry_create", json!({"teamId": "512"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`duration` is required"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Errors, in ClickUp's words
// ---------------------------------------------------------------------------------------------

fn clickup_error(status: u16, err: &str, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"err": err, "ECODE": code}))
}

#[tokio::test]
async fn a_refused_token_is_unauthorized_in_clickups_words_without_the_token() {
    let server = MockServer::start().await;
    upstream("GET", "/task/86a1").respond_with(clickup_error(401, "Token invalid", "OAUTH_025")).mount(&server).await;
    let error = run(&server, "task_get", json!({"taskId": "86a1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.message, "ClickUp refused to get the task: ClickUp answered 401: Token invalid (OAUTH_025)");
    assert!(!error.to_string().contains(TOKEN));
    assert!(!error.details.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_missing_task_is_not_found() {
    let server = MockServer::start().await;
    upstream("PUT", "/task/gone").respond_with(clickup_error(404, "Task not found", "ITEM_013")).mount(&server).await;
    let error = run(&server, "task_update", json!({"taskId": "gone", "name": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("Task not found (ITEM_013)"), "{error}");
}

#[tokio::test]
async fn a_bad_status_is_invalid_input_with_clickups_message() {
    let server = MockServer::start().await;
    upstream("POST", "/list/901/task")
        .respond_with(clickup_error(400, "Status does not exist", "CRTSK_001"))
        .mount(&server)
        .await;
    let error = run(&server, "task_create", json!({"listId": "901", "name": "x", "status": "nope"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(
        error.message,
        "ClickUp refused to create the task: ClickUp answered 400: Status does not exist (CRTSK_001)"
    );
}

#[tokio::test]
async fn too_many_requests_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("GET", "/list/124")
        .respond_with(
            clickup_error(429, "Rate limit reached", "APP_002").insert_header("X-RateLimit-Reset", "1767225600"),
        )
        .mount(&server)
        .await;
    let clickup: Clickup = ConnectContext::new(credentials().as_object().cloned().unwrap())
        .with_base_url(server.uri())
        .with_http_options(HttpOptions { retry: RetryPolicy::NONE, ..Default::default() })
        .connect()
        .unwrap();
    let error = clickup.execute("list_get", json!({"listId": "124"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.message.contains("Rate limit reached (APP_002)"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Webhook triggers
// ---------------------------------------------------------------------------------------------

/// Each trigger and the ClickUp event it registers for.
const TRIGGERS: [(&str, &str); 10] = [
    ("task_created", "taskCreated"),
    ("task_updated", "taskUpdated"),
    ("task_deleted", "taskDeleted"),
    ("task_status_updated", "taskStatusUpdated"),
    ("task_priority_updated", "taskPriorityUpdated"),
    ("task_assignee_updated", "taskAssigneeUpdated"),
    ("task_comment_posted", "taskCommentPosted"),
    ("list_created", "listCreated"),
    ("goal_created", "goalCreated"),
    ("goal_updated", "goalUpdated"),
];

/// A delivery as ClickUp sends it: a task or list event carries history items, a goal event not.
fn payload(event: &str) -> Value {
    let mut body = json!({"event": event, "webhook_id": "7fa3ec74-69a8-4530-a251-8a13730bd204"});
    if event.starts_with("goal") {
        body["goal_id"] = json!(GOAL);
    } else {
        body["history_items"] = json!([{"id": "2800763136837156805", "type": 1, "date": "1642734631523"}]);
        if event.starts_with("list") {
            body["list_id"] = json!("162641285");
        } else {
            body["task_id"] = json!("1vj37mc");
        }
    }
    body
}

fn signed(body: &str, secret: &str) -> WebhookRequest {
    testing::signed(SignatureScheme::ClickUp, body.to_owned(), [("Content-Type", "application/json")], secret)
}

async fn deliver(
    connector: &Clickup,
    trigger: &str,
    request: WebhookRequest,
) -> Result<fluxturn_core::WebhookReply<Value>, Rejection> {
    testing::deliver(connector, trigger, json!({}), credentials(), Some(HOOK_SECRET), request).await
}

#[tokio::test]
async fn every_trigger_gets_its_signed_event_over_oddly_spaced_json() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    for (trigger, event) in TRIGGERS {
        let sent = payload(event);
        let body = testing::oddly_spaced(&sent);
        let reply = deliver(&connector, trigger, signed(&body, HOOK_SECRET)).await.unwrap();
        assert_eq!(reply.events.len(), 1, "{trigger}");
        let got = &reply.events[0];
        assert_eq!(got["event"], event, "{trigger}");
        assert_eq!(got["webhook_id"], sent["webhook_id"]);
        if event.starts_with("goal") {
            assert_eq!(got["goal_id"], GOAL);
            assert_eq!(got["eventId"].as_str().unwrap().len(), 64, "a SHA-256 of the body");
        } else {
            assert_eq!(got["eventId"], "2800763136837156805", "{trigger}: the history item's id");
        }
    }
}

#[tokio::test]
async fn a_redelivered_goal_event_keeps_its_id_and_another_gets_another() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    let body = testing::oddly_spaced(&payload("goalUpdated"));
    let first = deliver(&connector, "goal_updated", signed(&body, HOOK_SECRET)).await.unwrap();
    let again = deliver(&connector, "goal_updated", signed(&body, HOOK_SECRET)).await.unwrap();
    assert_eq!(first.events[0]["eventId"], again.events[0]["eventId"]);
    let mut other = payload("goalUpdated");
    other["goal_id"] = json!("another");
    let other = deliver(&connector, "goal_updated", signed(&other.to_string(), HOOK_SECRET)).await.unwrap();
    assert_ne!(first.events[0]["eventId"], other.events[0]["eventId"]);
}

#[tokio::test]
async fn a_tampered_body_a_wrong_secret_and_no_signature_are_refused() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    let body = testing::oddly_spaced(&payload("taskCreated"));

    let mut tampered = signed(&body, HOOK_SECRET);
    let forged = body.replace("1vj37mc", "1vj37md");
    tampered = WebhookRequest::post(forged, tampered.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let refused = deliver(&connector, "task_created", tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let wrong = deliver(&connector, "task_created", signed(&body, "another-secret")).await;
    assert!(matches!(wrong, Err(Rejection::Unverified(SignatureError::Mismatch))), "{wrong:?}");

    let unsigned = WebhookRequest::post(body.clone(), [("Content-Type", "application/json")]);
    assert!(matches!(deliver(&connector, "task_created", unsigned).await, Err(Rejection::Unverified(_))));

    let never_subscribed =
        testing::deliver(&connector, "task_created", json!({}), credentials(), None, signed(&body, HOOK_SECRET)).await;
    assert!(matches!(never_subscribed, Err(Rejection::NoSecret(_))), "{never_subscribed:?}");
}

#[tokio::test]
async fn a_delivery_of_another_event_gives_no_event() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    let body = payload("taskUpdated").to_string();
    let reply = deliver(&connector, "task_created", signed(&body, HOOK_SECRET)).await.unwrap();
    assert!(reply.events.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Registering the webhook
// ---------------------------------------------------------------------------------------------

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "generated-but-unused".to_owned() }
}

fn created(id: &str, event: &str) -> Value {
    json!({"id": id, "webhook": {"id": id, "endpoint": HOOK_URL, "events": [event], "secret": HOOK_SECRET}})
}

fn listed(hooks: Value) -> ResponseTemplate {
    ok(json!({ "webhooks": hooks }))
}

#[tokio::test]
async fn subscribe_creates_a_webhook_for_each_triggers_event_with_clickups_secret() {
    for (trigger, event) in TRIGGERS {
        let server = MockServer::start().await;
        upstream("GET", "/team/512/webhook")
            .respond_with(listed(json!([{"id": "other", "endpoint": "https://elsewhere.example/hook", "secret": "x"}])))
            .expect(1)
            .mount(&server)
            .await;
        upstream("POST", "/team/512/webhook")
            .and(matchers::body_json(json!({"endpoint": HOOK_URL, "events": [event]})))
            .respond_with(ok(created("wh-1", event)))
            .expect(1)
            .mount(&server)
            .await;
        let connector = testing::connect::<Clickup>(&server, credentials());
        let subscription = connector.subscribe(trigger, json!({"teamId": "512"}), context()).await.unwrap().unwrap();
        assert_eq!(subscription.upstream_id, "wh-1", "{trigger}");
        assert_eq!(subscription.secret.as_deref(), Some(HOOK_SECRET), "{trigger}");
    }
}

#[tokio::test]
async fn subscribe_narrows_a_task_trigger_to_its_list_and_finds_the_only_workspace() {
    let server = MockServer::start().await;
    upstream("GET", "/team")
        .respond_with(ok(json!({"teams": [{"id": "512", "name": "Acme"}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/team/512/webhook").respond_with(listed(json!([]))).expect(1).mount(&server).await;
    upstream("POST", "/team/512/webhook")
        .and(matchers::body_json(json!({"endpoint": HOOK_URL, "events": ["taskCreated"], "list_id": 901})))
        .respond_with(ok(created("wh-2", "taskCreated")))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    let subscription = connector.subscribe("task_created", json!({"listId": "901"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "wh-2");
}

#[tokio::test]
async fn subscribe_with_several_workspaces_and_no_team_names_them() {
    let server = MockServer::start().await;
    upstream("GET", "/team")
        .respond_with(ok(json!({"teams": [{"id": "512", "name": "Acme"}, {"id": 513, "name": "Side"}]})))
        .mount(&server)
        .await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    let error = connector.subscribe("goal_created", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Acme (512), Side (513)"), "{error}");
    assert!(error.message.contains("`teamId`"), "{error}");
}

#[tokio::test]
async fn subscribe_again_reuses_the_webhook_already_there() {
    let server = MockServer::start().await;
    upstream("GET", "/team/512/webhook")
        .respond_with(listed(
            json!([{"id": "wh-9", "endpoint": HOOK_URL, "events": ["taskDeleted"], "secret": HOOK_SECRET}]),
        ))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PUT", "/webhook/wh-9")
        .and(matchers::body_json(json!({"endpoint": HOOK_URL, "events": ["taskDeleted"], "status": "active"})))
        .respond_with(ok(json!({"id": "wh-9", "webhook": {"id": "wh-9"}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/team/512/webhook")
        .respond_with(ok(created("wh-new", "taskDeleted")))
        .expect(0)
        .mount(&server)
        .await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    let subscription = connector.subscribe("task_deleted", json!({"teamId": "512"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "wh-9");
    assert_eq!(subscription.secret.as_deref(), Some(HOOK_SECRET));
}

#[tokio::test]
async fn subscribe_reports_clickups_refusal() {
    let server = MockServer::start().await;
    upstream("GET", "/team/512/webhook").respond_with(listed(json!([]))).mount(&server).await;
    upstream("POST", "/team/512/webhook")
        .respond_with(clickup_error(400, "Webhook endpoint must be https", "WH_013"))
        .mount(&server)
        .await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    let error = connector.subscribe("list_created", json!({"teamId": "512"}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.contains("create the webhook: ClickUp answered 400: Webhook endpoint must be https"),
        "{error}"
    );
}

#[tokio::test]
async fn unsubscribe_deletes_the_webhook_and_one_already_gone_is_fine() {
    let server = MockServer::start().await;
    upstream("DELETE", "/webhook/wh-1").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    upstream("DELETE", "/webhook/wh-gone")
        .respond_with(clickup_error(404, "Webhook not found", "WH_002"))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/webhook/wh-locked")
        .respond_with(clickup_error(401, "Team not authorized", "OAUTH_027"))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<Clickup>(&server, credentials());
    connector.unsubscribe("task_created", json!({}), Subscription::new("wh-1")).await.unwrap();
    connector.unsubscribe("goal_updated", json!({}), Subscription::new("wh-gone")).await.unwrap();
    let error = connector.unsubscribe("task_updated", json!({}), Subscription::new("wh-locked")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("Team not authorized (OAUTH_027)"), "{error}");
}
