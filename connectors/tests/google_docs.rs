//! Google Docs against a local mock of the Docs and Drive APIs, through the test kit.

use connectors::storage::google_docs::GoogleDocs;
use fluxturn_core::testing::{self, matchers, MockServer};
use fluxturn_core::{Connector, ConnectorError, ErrorCode, Polled};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google, google_error, oauth2_credentials as creds, ok};

const DOC: &str = "1AbCdEfGhIjK-lmn_OP";
const DOC_MIME: &str = "application/vnd.google-apps.document";

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    google_mock::run::<GoogleDocs>(server, creds(), action, input).await
}

async fn fail(server: &MockServer, action: &str, input: Value) -> ConnectorError {
    google_mock::fail::<GoogleDocs>(server, creds(), action, input).await
}

/// A mock of one batchUpdate of `DOC` carrying exactly `requests`, answering `replies`.
async fn expect_batch(server: &MockServer, requests: Value, replies: Value) {
    google("POST", &format!("/documents/{DOC}:batchUpdate"))
        .and(matchers::body_json(json!({ "requests": requests })))
        .respond_with(ok(
            json!({ "documentId": DOC, "replies": replies, "writeControl": { "requiredRevisionId": "r2" } }),
        ))
        .expect(1)
        .mount(server)
        .await;
}

fn batch_answer(replies: Value) -> Value {
    json!({ "documentId": DOC, "replies": replies, "writeControl": { "requiredRevisionId": "r2" } })
}

async fn nothing_sent(server: &MockServer) {
    assert!(server.received_requests().await.unwrap().is_empty(), "no request should reach Google");
}

#[tokio::test]
async fn create_document_posts_the_title() {
    let server = MockServer::start().await;
    let document = json!({ "documentId": DOC, "title": "Minutes", "revisionId": "r1", "body": { "content": [] } });
    google("POST", "/documents")
        .and(matchers::body_json(json!({ "title": "Minutes" })))
        .respond_with(ok(document.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "create_document", json!({ "title": "Minutes" })).await, document);
}

#[tokio::test]
async fn get_document_takes_a_link_and_adds_the_body_as_plain_text() {
    let server = MockServer::start().await;
    let document = json!({
        "documentId": DOC,
        "title": "Minutes",
        "body": { "content": [
            { "endIndex": 1, "sectionBreak": {} },
            { "paragraph": { "elements": [{ "textRun": { "content": "Agenda\n" } }] } },
            { "table": { "rows": 1, "columns": 2, "tableRows": [{ "tableCells": [
                { "content": [{ "paragraph": { "elements": [{ "textRun": { "content": "Budget\n" } }] } }] },
                { "content": [{ "paragraph": { "elements": [{ "textRun": { "content": "Done\n" } }] } }] },
            ] }] } },
        ] },
    });
    google("GET", &format!("/documents/{DOC}"))
        .and(matchers::query_param("suggestionsViewMode", "PREVIEW_SUGGESTIONS_ACCEPTED"))
        .respond_with(ok(document.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_document",
        json!({
            "documentId": format!("https://docs.google.com/document/d/{DOC}/edit?tab=t.0#heading=h.1"),
            "suggestionsViewMode": "PREVIEW_SUGGESTIONS_ACCEPTED",
        }),
    )
    .await;
    let mut expected = document;
    expected["text"] = json!("Agenda\nBudget\nDone\n");
    assert_eq!(output, expected);
}

#[tokio::test]
async fn a_document_google_cannot_find_is_not_found_with_googles_message() {
    let server = MockServer::start().await;
    google("GET", "/documents/missing")
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .expect(1)
        .mount(&server)
        .await;
    let error = fail(&server, "get_document", json!({ "documentId": "missing" })).await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Requested entity was not found.");
}

#[tokio::test]
async fn a_document_shared_read_only_is_forbidden() {
    let server = MockServer::start().await;
    google("POST", &format!("/documents/{DOC}:batchUpdate"))
        .respond_with(google_error(403, "PERMISSION_DENIED", "The caller does not have permission"))
        .expect(1)
        .mount(&server)
        .await;
    let error = fail(&server, "append_text", json!({ "documentId": DOC, "text": "x" })).await;
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.ends_with("The caller does not have permission"), "{}", error.message);
}

#[tokio::test]
async fn a_link_without_a_document_id_never_reaches_google() {
    let server = MockServer::start().await;
    let error = fail(&server, "get_document", json!({ "documentId": "https://docs.google.com/document/u/0/" })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("neither a document id nor a link"), "{}", error.message);
    nothing_sent(&server).await;
}

#[tokio::test]
async fn append_text_inserts_at_the_end_of_the_body() {
    let server = MockServer::start().await;
    let request = json!([{ "insertText": { "text": "\nNext steps", "endOfSegmentLocation": {} } }]);
    expect_batch(&server, request, json!([{}])).await;
    let output = run(&server, "append_text", json!({ "documentId": DOC, "text": "\nNext steps" })).await;
    assert_eq!(output, batch_answer(json!([{}])));
}

#[tokio::test]
async fn insert_text_inserts_at_the_index() {
    let server = MockServer::start().await;
    expect_batch(&server, json!([{ "insertText": { "text": "Title\n", "location": { "index": 1 } } }]), json!([{}]))
        .await;
    let output = run(&server, "insert_text", json!({ "documentId": DOC, "text": "Title\n", "index": 1 })).await;
    assert_eq!(output["documentId"], DOC);
}

#[tokio::test]
async fn insert_text_at_index_0_never_reaches_google() {
    let server = MockServer::start().await;
    let error = fail(&server, "insert_text", json!({ "documentId": DOC, "text": "x", "index": 0 })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`index` starts at 1"), "{}", error.message);
    nothing_sent(&server).await;
}

#[tokio::test]
async fn an_index_past_the_end_is_invalid_input_with_googles_message() {
    let server = MockServer::start().await;
    let message =
        "Invalid requests[0].insertText: Index 99 must be less than the end index of the referenced segment, 12.";
    google("POST", &format!("/documents/{DOC}:batchUpdate"))
        .respond_with(google_error(400, "INVALID_ARGUMENT", message))
        .expect(1)
        .mount(&server)
        .await;
    let error = fail(&server, "insert_text", json!({ "documentId": DOC, "text": "x", "index": 99 })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, format!("the upstream answered 400: {message}"));
}

#[tokio::test]
async fn replace_text_replaces_every_occurrence_and_counts_them() {
    let server = MockServer::start().await;
    let request = json!([{ "replaceAllText": {
        "containsText": { "text": "{{name}}", "matchCase": true },
        "replaceText": "Ada",
    } }]);
    let replies = json!([{ "replaceAllText": { "occurrencesChanged": 3 } }]);
    expect_batch(&server, request, replies.clone()).await;
    let output = run(
        &server,
        "replace_text",
        json!({ "documentId": DOC, "findText": "{{name}}", "replaceText": "Ada", "matchCase": true }),
    )
    .await;
    let mut expected = batch_answer(replies);
    expected["occurrencesChanged"] = json!(3);
    assert_eq!(output, expected);
}

#[tokio::test]
async fn replace_text_ignores_case_by_default_and_reports_zero_when_google_leaves_it_out() {
    let server = MockServer::start().await;
    let request = json!([{ "replaceAllText": {
        "containsText": { "text": "draft", "matchCase": false },
        "replaceText": "",
    } }]);
    expect_batch(&server, request, json!([{ "replaceAllText": {} }])).await;
    let output =
        run(&server, "replace_text", json!({ "documentId": DOC, "findText": "draft", "replaceText": "" })).await;
    assert_eq!(output["occurrencesChanged"], 0);
}

#[tokio::test]
async fn delete_content_deletes_the_range() {
    let server = MockServer::start().await;
    expect_batch(
        &server,
        json!([{ "deleteContentRange": { "range": { "startIndex": 5, "endIndex": 10 } } }]),
        json!([{}]),
    )
    .await;
    let output = run(&server, "delete_content", json!({ "documentId": DOC, "startIndex": 5, "endIndex": 10 })).await;
    assert_eq!(output["documentId"], DOC);
}

#[tokio::test]
async fn a_range_that_ends_before_it_starts_never_reaches_google() {
    let server = MockServer::start().await;
    let error = fail(&server, "delete_content", json!({ "documentId": DOC, "startIndex": 10, "endIndex": 10 })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`endIndex` (10) must be after `startIndex` (10)"), "{}", error.message);
    nothing_sent(&server).await;
}

#[tokio::test]
async fn format_text_sets_only_the_styles_given() {
    let server = MockServer::start().await;
    let request = json!([{ "updateTextStyle": {
        "range": { "startIndex": 1, "endIndex": 6 },
        "textStyle": {
            "bold": true,
            "underline": false,
            "fontSize": { "magnitude": 14.0, "unit": "PT" },
            "foregroundColor": { "color": { "rgbColor": { "red": 1.0, "green": 0.0, "blue": 0.0 } } },
            "backgroundColor": { "color": { "rgbColor": { "red": 1.0, "green": 1.0, "blue": 0.0 } } },
        },
        "fields": "backgroundColor,bold,fontSize,foregroundColor,underline",
    } }]);
    expect_batch(&server, request, json!([{}])).await;
    let output = run(
        &server,
        "format_text",
        json!({
            "documentId": DOC, "startIndex": 1, "endIndex": 6,
            "bold": true, "underline": false, "fontSize": 14,
            "foregroundColor": "#FF0000", "backgroundColor": "ff0",
        }),
    )
    .await;
    assert_eq!(output["documentId"], DOC);
}

#[tokio::test]
async fn format_text_without_a_style_or_with_a_bad_colour_never_reaches_google() {
    let server = MockServer::start().await;
    let error = fail(&server, "format_text", json!({ "documentId": DOC, "startIndex": 1, "endIndex": 6 })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.starts_with("nothing to format"), "{}", error.message);
    let error = fail(
        &server,
        "format_text",
        json!({ "documentId": DOC, "startIndex": 1, "endIndex": 6, "foregroundColor": "crimson" }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "`foregroundColor` must be a hex colour like #1a73e8, not `crimson`");
    nothing_sent(&server).await;
}

#[tokio::test]
async fn insert_table_inserts_rows_and_columns_at_the_index() {
    let server = MockServer::start().await;
    expect_batch(
        &server,
        json!([{ "insertTable": { "rows": 3, "columns": 2, "location": { "index": 12 } } }]),
        json!([{}]),
    )
    .await;
    let output = run(&server, "insert_table", json!({ "documentId": DOC, "index": 12, "rows": 3, "columns": 2 })).await;
    assert_eq!(output["documentId"], DOC);
    let error = fail(&server, "insert_table", json!({ "documentId": DOC, "index": 12, "rows": 0, "columns": 2 })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn insert_image_sends_the_link_and_the_size_in_points() {
    let server = MockServer::start().await;
    let request = json!([{ "insertInlineImage": {
        "uri": "https://example.com/chart.png",
        "location": { "index": 1 },
        "objectSize": { "width": { "magnitude": 200.0, "unit": "PT" }, "height": { "magnitude": 120.5, "unit": "PT" } },
    } }]);
    let replies = json!([{ "insertInlineImage": { "objectId": "kix.img1" } }]);
    expect_batch(&server, request, replies.clone()).await;
    let output = run(
        &server,
        "insert_image",
        json!({ "documentId": DOC, "imageUrl": " https://example.com/chart.png ", "index": 1, "width": 200, "height": 120.5 }),
    )
    .await;
    assert_eq!(output, batch_answer(replies));
}

#[tokio::test]
async fn insert_image_without_a_size_and_with_a_bad_link() {
    let server = MockServer::start().await;
    let request = json!([{ "insertInlineImage": { "uri": "https://example.com/a.gif", "location": { "index": 4 } } }]);
    expect_batch(&server, request, json!([{}])).await;
    run(&server, "insert_image", json!({ "documentId": DOC, "imageUrl": "https://example.com/a.gif", "index": 4 }))
        .await;
    let error =
        fail(&server, "insert_image", json!({ "documentId": DOC, "imageUrl": "file:///tmp/a.png", "index": 4 })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("public http(s) link"), "{}", error.message);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn create_named_range_names_the_range() {
    let server = MockServer::start().await;
    let request = json!([{ "createNamedRange": { "name": "summary", "range": { "startIndex": 1, "endIndex": 40 } } }]);
    let replies = json!([{ "createNamedRange": { "namedRangeId": "kix.nr1" } }]);
    expect_batch(&server, request, replies.clone()).await;
    let output = run(
        &server,
        "create_named_range",
        json!({ "documentId": DOC, "name": "summary", "startIndex": 1, "endIndex": 40 }),
    )
    .await;
    assert_eq!(output, batch_answer(replies));
    let error = fail(
        &server,
        "create_named_range",
        json!({ "documentId": DOC, "name": "x".repeat(257), "startIndex": 1, "endIndex": 40 }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn test_connection_reads_the_drive_user() {
    let server = MockServer::start().await;
    google("GET", "/drive/v3/about")
        .and(matchers::query_param("fields", "user(displayName,emailAddress)"))
        .respond_with(ok(json!({ "user": { "displayName": "Ada", "emailAddress": "ada@example.com" } })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<GoogleDocs>(&server, creds()).test_connection().await.unwrap();
}

#[tokio::test]
async fn an_expired_token_is_unauthorized() {
    let server = MockServer::start().await;
    google("GET", "/drive/v3/about")
        .respond_with(google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
        .mount(&server)
        .await;
    let error = testing::connect::<GoogleDocs>(&server, creds()).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(!error.message.contains("ya29.test-token"));
}

// ---- triggers ----

const FIELDS: &str =
    "id,name,mimeType,createdTime,modifiedTime,webViewLink,parents,lastModifyingUser(displayName,emailAddress)";
const DOCS_QUERY: &str = "mimeType = 'application/vnd.google-apps.document' and trashed = false";

/// A document as Drive lists it.
fn file(id: &str, created: &str, modified: &str) -> Value {
    json!({
        "id": id,
        "name": format!("Doc {id}"),
        "mimeType": DOC_MIME,
        "createdTime": created,
        "modifiedTime": modified,
        "webViewLink": format!("https://docs.google.com/document/d/{id}/edit"),
        "parents": ["F1"],
        "lastModifyingUser": { "displayName": "Ada", "emailAddress": "ada@example.com" },
    })
}

/// A mock of Drive's files list with search `q` and `orderBy`, answering `files` (and a next
/// page token), on the page of `page_token` when given.
async fn expect_list(
    server: &MockServer,
    q: &str,
    order_by: &str,
    page_token: Option<&str>,
    files: Value,
    next: Option<&str>,
) {
    let mut mock = google("GET", "/drive/v3/files")
        .and(matchers::query_param("q", q))
        .and(matchers::query_param("orderBy", order_by))
        .and(matchers::query_param("fields", format!("nextPageToken,files({FIELDS})").as_str()))
        .and(matchers::query_param("pageSize", "1000"))
        .and(matchers::query_param("supportsAllDrives", "true"))
        .and(matchers::query_param("includeItemsFromAllDrives", "true"));
    mock = match page_token {
        Some(token) => mock.and(matchers::query_param("pageToken", token)),
        None => mock.and(matchers::query_param_is_missing("pageToken")),
    };
    let mut answer = json!({ "files": files });
    if let Some(next) = next {
        answer["nextPageToken"] = next.into();
    }
    mock.respond_with(ok(answer)).expect(1).mount(server).await;
}

fn ids(polled: &Polled<Value>) -> Vec<&str> {
    polled.events.iter().map(|e| e["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn document_created_records_a_baseline_then_reports_each_new_document_once() {
    let server = MockServer::start().await;
    let in_root = format!("{DOCS_QUERY} and 'root' in parents");
    let t0 = "2024-05-01T10:00:00.000Z";
    let t1 = "2024-05-01T10:01:00.000Z";
    let late = "2024-05-01T10:00:30.000Z";
    let old = "2024-05-01T09:00:00.000Z";
    let docs = testing::connect::<GoogleDocs>(&server, creds());
    let config = json!({});

    // The first poll: the newest documents say where things stand; nothing is reported.
    expect_list(&server, &in_root, "createdTime desc", None, json!([file("a", t0, t0), file("b", old, old)]), None)
        .await;
    let first = docs.poll("document_created", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "since": t0, "seen": { "a": t0 } })));

    // Two documents created together (over two pages) are both reported; `a` is not again.
    server.reset().await;
    let window = format!("{in_root} and createdTime >= '2024-05-01T09:55:00.000Z'");
    expect_list(&server, &window, "createdTime", None, json!([file("a", t0, t0), file("c", t1, t1)]), Some("p2")).await;
    expect_list(&server, &window, "createdTime", Some("p2"), json!([file("d", t1, t1)]), None).await;
    let second = docs.poll("document_created", config.clone(), first.cursor).await.unwrap();
    assert_eq!(ids(&second), ["c", "d"]);
    assert_eq!(
        second.events[0],
        json!({
            "id": "c",
            "name": "Doc c",
            "mimeType": DOC_MIME,
            "createdTime": t1,
            "modifiedTime": t1,
            "webViewLink": "https://docs.google.com/document/d/c/edit",
            "parents": ["F1"],
            "lastModifyingUser": { "displayName": "Ada", "emailAddress": "ada@example.com" },
        })
    );
    assert_eq!(second.cursor, Some(json!({ "since": t1, "seen": { "a": t0, "c": t1, "d": t1 } })));

    // A document Drive lists late, older than the newest seen, is still reported, once.
    server.reset().await;
    let window = format!("{in_root} and createdTime >= '2024-05-01T09:56:00.000Z'");
    let listing = json!([file("a", t0, t0), file("e", late, late), file("c", t1, t1), file("d", t1, t1)]);
    expect_list(&server, &window, "createdTime", None, listing.clone(), None).await;
    let third = docs.poll("document_created", config.clone(), second.cursor).await.unwrap();
    assert_eq!(ids(&third), ["e"]);
    assert_eq!(third.cursor, Some(json!({ "since": t1, "seen": { "a": t0, "c": t1, "d": t1, "e": late } })));

    server.reset().await;
    expect_list(&server, &window, "createdTime", None, listing, None).await;
    let fourth = docs.poll("document_created", config, third.cursor.clone()).await.unwrap();
    assert!(fourth.events.is_empty());
    assert_eq!(fourth.cursor, third.cursor);
}

#[tokio::test]
async fn document_created_in_an_empty_folder_reports_the_first_document() {
    let server = MockServer::start().await;
    let in_folder = format!("{DOCS_QUERY} and 'F1' in parents");
    let docs = testing::connect::<GoogleDocs>(&server, creds());
    let config = json!({ "folderId": "https://drive.google.com/drive/u/0/folders/F1" });
    expect_list(&server, &in_folder, "createdTime desc", None, json!([]), None).await;
    let first = docs.poll("document_created", config.clone(), None).await.unwrap();
    let epoch = "1970-01-01T00:00:00.000Z";
    assert_eq!(first.cursor, Some(json!({ "since": epoch, "seen": {} })));
    server.reset().await;
    let t = "2024-05-01T10:00:00.000Z";
    let window = format!("{in_folder} and createdTime >= '{epoch}'");
    expect_list(&server, &window, "createdTime", None, json!([file("a", t, t)]), None).await;
    let second = docs.poll("document_created", config, first.cursor).await.unwrap();
    assert_eq!(ids(&second), ["a"]);
}

#[tokio::test]
async fn document_updated_reports_each_change_of_a_folders_documents_once() {
    let server = MockServer::start().await;
    let in_folder = format!("{DOCS_QUERY} and 'F1' in parents");
    let created = "2024-04-01T08:00:00.000Z";
    let m0 = "2024-05-01T10:00:00.000Z";
    let m1 = "2024-05-01T12:00:00.000Z";
    let docs = testing::connect::<GoogleDocs>(&server, creds());
    let config = json!({ "folderId": "F1" });

    expect_list(&server, &in_folder, "modifiedTime desc", None, json!([file("x", created, m0)]), None).await;
    let first = docs.poll("document_updated", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "since": m0, "seen": { "x": m0 } })));

    server.reset().await;
    let window = format!("{in_folder} and modifiedTime >= '2024-05-01T09:55:00.000Z'");
    let listing = json!([file("x", created, m1), file("y", created, m1)]);
    expect_list(&server, &window, "modifiedTime", None, listing.clone(), None).await;
    let second = docs.poll("document_updated", config.clone(), first.cursor).await.unwrap();
    assert_eq!(ids(&second), ["x", "y"]);
    assert_eq!(second.events[0]["modifiedTime"], m1);
    assert_eq!(second.cursor, Some(json!({ "since": m1, "seen": { "x": m1, "y": m1 } })));

    server.reset().await;
    let window = format!("{in_folder} and modifiedTime >= '2024-05-01T11:55:00.000Z'");
    expect_list(&server, &window, "modifiedTime", None, listing, None).await;
    let third = docs.poll("document_updated", config, second.cursor.clone()).await.unwrap();
    assert!(third.events.is_empty());
    assert_eq!(third.cursor, second.cursor);
}

#[tokio::test]
async fn document_updated_watches_one_document_by_its_link() {
    let server = MockServer::start().await;
    let created = "2024-04-01T08:00:00.000Z";
    let m0 = "2024-05-01T10:00:00.000Z";
    let m1 = "2024-05-01T10:00:00.001Z";
    let docs = testing::connect::<GoogleDocs>(&server, creds());
    let config =
        json!({ "documentId": format!("https://docs.google.com/document/d/{DOC}/edit"), "folderId": "ignored" });
    let get = |modified: &str| {
        google("GET", &format!("/drive/v3/files/{DOC}"))
            .and(matchers::query_param("fields", FIELDS))
            .and(matchers::query_param("supportsAllDrives", "true"))
            .respond_with(ok(file(DOC, created, modified)))
    };

    get(m0).expect(1).mount(&server).await;
    let first = docs.poll("document_updated", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "since": m0, "seen": { DOC: m0 } })));

    server.reset().await;
    get(m1).expect(2).mount(&server).await;
    let second = docs.poll("document_updated", config.clone(), first.cursor).await.unwrap();
    assert_eq!(ids(&second), [DOC]);
    assert_eq!(second.cursor, Some(json!({ "since": m1, "seen": { DOC: m1 } })));
    let third = docs.poll("document_updated", config, second.cursor.clone()).await.unwrap();
    assert!(third.events.is_empty());
    assert_eq!(third.cursor, second.cursor);
}

#[tokio::test]
async fn document_updated_refuses_a_file_that_is_not_a_document() {
    let server = MockServer::start().await;
    let mut sheet = file("S1", "2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00.000Z");
    sheet["mimeType"] = json!("application/vnd.google-apps.spreadsheet");
    google("GET", "/drive/v3/files/S1").respond_with(ok(sheet)).expect(1).mount(&server).await;
    let docs = testing::connect::<GoogleDocs>(&server, creds());
    let error = docs.poll("document_updated", json!({ "documentId": "S1" }), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("not a Google Docs document"), "{}", error.message);
}

#[tokio::test]
async fn a_trigger_on_a_folder_drive_cannot_find_is_not_found() {
    let server = MockServer::start().await;
    google("GET", "/drive/v3/files")
        .respond_with(google_error(404, "NOT_FOUND", "File not found: F404."))
        .expect(1)
        .mount(&server)
        .await;
    let docs = testing::connect::<GoogleDocs>(&server, creds());
    let error = docs.poll("document_created", json!({ "folderId": "F404" }), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: File not found: F404.");
}
