//! Notion against a local mock of its API, through the test kit.

use connectors::project_management::notion::Notion;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

const TOKEN: &str = "ntn_test";

fn creds() -> Value {
    json!({ "accessToken": TOKEN })
}

/// A mock for `method path` that checks the bearer token and the Notion-Version header.
fn notion(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(matchers::header("notion-version", "2022-06-28"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    testing::execute::<Notion>(server, creds(), action, input).await.unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn text(content: &str) -> Value {
    json!([{ "type": "text", "text": { "content": content } }])
}

/// A page as Notion returns it.
fn page(id: &str, title: &str, created: &str, edited: &str) -> Value {
    json!({
        "object": "page",
        "id": id,
        "url": format!("https://www.notion.so/{id}"),
        "created_time": created,
        "last_edited_time": edited,
        "archived": false,
        "properties": {
            "Name": { "id": "title", "type": "title", "title": [{ "plain_text": title }] },
            "Done": { "id": "a", "type": "checkbox", "checkbox": true },
            "Tags": { "id": "b", "type": "multi_select", "multi_select": [{ "name": "x" }, { "name": "y" }] },
            "Status": { "id": "c", "type": "status", "status": { "name": "Doing" } },
        }
    })
}

fn simple(id: &str, title: &str, created: &str, edited: &str) -> Value {
    json!({
        "id": id,
        "object": "page",
        "url": format!("https://www.notion.so/{id}"),
        "created_time": created,
        "last_edited_time": edited,
        "archived": false,
        "properties": { "Name": title, "Done": true, "Tags": ["x", "y"], "Status": "Doing" }
    })
}

const T1: &str = "2024-05-01T10:00:00.000Z";
const T2: &str = "2024-05-01T11:00:00.000Z";

#[tokio::test]
async fn database_page_create_finds_the_title_property_and_writes_properties_and_blocks() {
    let server = MockServer::start().await;
    notion("GET", "/databases/db1")
        .respond_with(ok(json!({ "properties": { "Task": { "type": "title" }, "Done": { "type": "checkbox" } } })))
        .expect(1)
        .mount(&server)
        .await;
    notion("POST", "/pages")
        .and(matchers::body_json(json!({
            "parent": { "database_id": "db1" },
            "properties": {
                "Task": { "title": text("Write tests") },
                "Done": { "checkbox": true },
                "Tags": { "multi_select": [{ "name": "a" }, { "name": "b" }] },
                "Due": { "date": { "start": "2024-06-01" } },
            },
            "children": [
                { "object": "block", "type": "heading_1", "heading_1": { "rich_text": text("Plan") } },
                { "object": "block", "type": "to_do", "to_do": { "rich_text": text("ship"), "checked": false } },
            ],
        })))
        .respond_with(ok(page("p1", "Write tests", T1, T1)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "database_page_create",
        json!({
            "databaseId": "db1",
            "title": "Write tests",
            "propertiesUi": { "propertyValues": [
                { "key": "Done", "type": "checkbox", "value": "true" },
                { "key": "Tags", "type": "multi_select", "value": "a, b" },
                { "key": "Due", "type": "date", "value": "2024-06-01" },
            ]},
            "blockUi": { "blockValues": [
                { "type": "heading_1", "text": "Plan" },
                { "type": "to_do", "text": "ship" },
            ]},
        }),
    )
    .await;
    assert_eq!(output, simple("p1", "Write tests", T1, T1));
}

#[tokio::test]
async fn database_page_get_takes_a_url_and_can_return_the_raw_page() {
    let server = MockServer::start().await;
    let id = "0123456789abcdef0123456789abcdef";
    notion("GET", &format!("/pages/{id}")).respond_with(ok(page(id, "Hi", T1, T2))).expect(1).mount(&server).await;
    let output = run(
        &server,
        "database_page_get",
        json!({ "pageId": format!("https://www.notion.so/team/My-Page-{id}?pvs=4"), "simple": false }),
    )
    .await;
    assert_eq!(output, page(id, "Hi", T1, T2));
}

#[tokio::test]
async fn database_page_get_all_follows_cursors_and_sends_filter_and_sorts() {
    let server = MockServer::start().await;
    let filter = json!({ "property": "Done", "checkbox": { "equals": true } });
    let sort = json!({ "property": "Name", "direction": "ascending" });
    notion("POST", "/databases/db1/query")
        .and(matchers::body_json(json!({ "filter": filter, "sorts": [sort], "page_size": 100, "start_cursor": "c2" })))
        .respond_with(ok(json!({ "results": [page("p2", "B", T2, T2)], "has_more": false, "next_cursor": null })))
        .expect(1)
        .mount(&server)
        .await;
    notion("POST", "/databases/db1/query")
        .and(matchers::body_json(json!({ "filter": filter, "sorts": [sort], "page_size": 100 })))
        .respond_with(ok(json!({ "results": [page("p1", "A", T1, T1)], "has_more": true, "next_cursor": "c2" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "database_page_get_all",
        json!({
            "databaseId": "db1",
            "returnAll": true,
            "filterType": "json",
            // A textarea sends text: it is parsed as JSON.
            "filter": filter.to_string(),
            "sort": sort,
        }),
    )
    .await;
    assert_eq!(output, json!([simple("p1", "A", T1, T1), simple("p2", "B", T2, T2)]));
}

#[tokio::test]
async fn database_page_get_all_stops_at_the_limit() {
    let server = MockServer::start().await;
    notion("POST", "/databases/db1/query")
        .and(matchers::body_json(json!({ "page_size": 1 })))
        .respond_with(ok(json!({ "results": [page("p1", "A", T1, T1)], "has_more": true, "next_cursor": "c2" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "database_page_get_all", json!({ "databaseId": "db1", "limit": 1 })).await;
    assert_eq!(output, json!([simple("p1", "A", T1, T1)]));
}

#[tokio::test]
async fn a_database_query_is_retried_after_a_500_because_the_action_is_idempotent() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/databases/db1/query"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    notion("POST", "/databases/db1/query")
        .and(matchers::body_json(json!({ "page_size": 1 })))
        .respond_with(ok(json!({ "results": [page("p1", "A", T1, T1)], "has_more": false })))
        .with_priority(2)
        .mount(&server)
        .await;
    let output = run(&server, "database_page_get_all", json!({ "databaseId": "db1", "limit": 1 })).await;
    assert_eq!(output, json!([simple("p1", "A", T1, T1)]));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn database_page_update_patches_properties() {
    let server = MockServer::start().await;
    notion("PATCH", "/pages/p1")
        .and(matchers::body_json(json!({ "properties": {
            "Status": { "status": { "name": "Done" } },
            "Points": { "number": 3.5 },
            "Owner": { "people": [{ "object": "user", "id": "u1" }] },
        }})))
        .respond_with(ok(page("p1", "A", T1, T2)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "database_page_update",
        json!({ "pageId": "p1", "propertiesUi": { "propertyValues": [
            { "key": "Status", "type": "status", "value": "Done" },
            { "key": "Points", "type": "number", "value": "3.5" },
            { "key": "Owner", "type": "people", "value": ["u1"] },
        ]}}),
    )
    .await;
    assert_eq!(output, simple("p1", "A", T1, T2));
}

#[tokio::test]
async fn page_create_puts_the_page_under_its_parent() {
    let server = MockServer::start().await;
    notion("POST", "/pages")
        .and(matchers::body_json(json!({
            "parent": { "page_id": "parent1" },
            "properties": { "title": { "title": text("Notes") } },
            "children": [{ "object": "block", "type": "paragraph", "paragraph": { "rich_text": text("Hello") } }],
        })))
        .respond_with(ok(json!({ "object": "page", "id": "p9", "properties": {} })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "page_create",
        json!({ "pageId": "parent1", "title": "Notes", "blockUi": { "blockValues": [{ "type": "paragraph", "text": "Hello" }] } }),
    )
    .await;
    assert_eq!(output, json!({ "id": "p9", "object": "page", "properties": {} }));
}

#[tokio::test]
async fn page_search_filters_pages_and_sorts_by_last_edit() {
    let server = MockServer::start().await;
    notion("POST", "/search")
        .and(matchers::body_json(json!({
            "query": "roadmap",
            "filter": { "property": "object", "value": "page" },
            "sort": { "direction": "descending", "timestamp": "last_edited_time" },
            "page_size": 2,
        })))
        .respond_with(ok(json!({
            "results": [page("p1", "Roadmap", T1, T2), { "object": "database", "id": "d1", "title": [{ "plain_text": "Road" }] }],
            "has_more": true,
            "next_cursor": "c",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "page_search",
        json!({ "text": "roadmap", "limit": 2, "options": { "sortDirection": "descending" } }),
    )
    .await;
    assert_eq!(output, json!([simple("p1", "Roadmap", T1, T2), { "id": "d1", "object": "database", "title": "Road" }]));
}

#[tokio::test]
async fn a_page_notion_cannot_find_is_not_found() {
    let server = MockServer::start().await;
    notion("GET", "/pages/missing")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "object": "error", "status": 404, "code": "object_not_found",
            "message": "Could not find page with ID: missing.",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = testing::execute::<Notion>(&server, creds(), "database_page_get", json!({ "pageId": "missing" }))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Could not find page with ID: missing.");
}

#[tokio::test]
async fn a_number_property_that_is_not_a_number_never_reaches_notion() {
    let server = MockServer::start().await;
    let error = testing::execute::<Notion>(
        &server,
        creds(),
        "database_page_update",
        json!({ "pageId": "p1", "propertiesUi": { "propertyValues": [{ "key": "Points", "type": "number", "value": "lots" }] } }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_created_trigger_records_a_baseline_then_reports_only_new_pages() {
    let server = MockServer::start().await;
    notion("POST", "/databases/db1/query")
        .and(matchers::body_json(json!({
            "sorts": [{ "timestamp": "created_time", "direction": "descending" }],
            "page_size": 100,
        })))
        .respond_with(ok(json!({ "results": [page("p1", "Old", T1, T1)], "has_more": false })))
        .expect(1)
        .mount(&server)
        .await;
    notion("POST", "/databases/db1/query")
        .and(matchers::body_json(json!({
            "filter": { "timestamp": "created_time", "created_time": { "on_or_after": T1 } },
            "sorts": [{ "timestamp": "created_time", "direction": "ascending" }],
            "page_size": 100,
        })))
        .respond_with(ok(
            json!({ "results": [page("p1", "Old", T1, T1), page("p2", "New", T2, T2)], "has_more": false }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let notion = testing::connect::<Notion>(&server, creds());
    let config = json!({ "databaseId": "db1" });
    let first = notion.poll("database_page_created", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "since": T1, "seen": ["p1"] })));
    let second = notion.poll("database_page_created", config, first.cursor).await.unwrap();
    assert_eq!(
        second.events,
        [json!({
            "id": "p2",
            "url": "https://www.notion.so/p2",
            "created_time": T2,
            "last_edited_time": T2,
            "properties": { "Name": "New", "Done": true, "Tags": ["x", "y"], "Status": "Doing" },
        })]
    );
    assert_eq!(second.cursor, Some(json!({ "since": T2, "seen": ["p2"] })));
}

#[tokio::test]
async fn test_connection_reads_the_bot_user() {
    let server = MockServer::start().await;
    notion("GET", "/users/me")
        .respond_with(ok(json!({ "object": "user", "type": "bot" })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Notion>(&server, creds()).test_connection().await.unwrap();
}
