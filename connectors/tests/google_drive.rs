//! Google Drive against a local mock of the Drive API v3, through the test kit.

use base64::Engine;
use connectors::storage::google_drive::GoogleDrive;
use fluxturn_core::testing::{self, matchers, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google as drive, google_error_because, oauth2_credentials as creds, ok};

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    google_mock::run::<GoogleDrive>(server, creds(), action, input).await
}

const FIELDS: &str = "id,name,mimeType,parents,webViewLink,webContentLink,size,createdTime,modifiedTime,description,driveId,trashed,folderColorRgb";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn file(id: &str, name: &str, created: &str) -> Value {
    json!({ "id": id, "name": name, "mimeType": "text/plain", "createdTime": created, "parents": ["folder1"] })
}

#[tokio::test]
async fn upload_file_sends_text_in_one_multipart_related_request_into_the_folder() {
    let server = MockServer::start().await;
    drive("POST", "/upload/drive/v3/files")
        .and(matchers::query_param("uploadType", "multipart"))
        .and(matchers::query_param("supportsAllDrives", "true"))
        .and(matchers::query_param("fields", FIELDS))
        .and(matchers::header("content-type", "multipart/related; boundary=fluxturn-drive-upload"))
        .respond_with(ok(json!({ "id": "f1", "name": "notes.txt", "mimeType": "text/plain", "parents": ["1Fold"] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "upload_file",
        json!({
            "folderId": "https://drive.google.com/drive/folders/1Fold?usp=sharing",
            "fileName": "notes.txt",
            "content": "hello, Drive",
            "description": "a note",
        }),
    )
    .await;
    assert_eq!(output, json!({ "id": "f1", "name": "notes.txt", "mimeType": "text/plain", "parents": ["1Fold"] }));
    let request = &server.received_requests().await.unwrap()[0];
    let body = String::from_utf8(request.body.clone()).unwrap();
    let metadata =
        json!({ "name": "notes.txt", "parents": ["1Fold"], "description": "a note", "mimeType": "text/plain" });
    assert_eq!(
        body,
        format!(
            "--fluxturn-drive-upload\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{metadata}\r\n\
             --fluxturn-drive-upload\r\nContent-Type: text/plain\r\n\r\nhello, Drive\r\n--fluxturn-drive-upload--\r\n"
        )
    );
}

#[tokio::test]
async fn upload_file_takes_a_binary_object_into_a_shared_drive_and_can_convert_to_a_google_type() {
    let server = MockServer::start().await;
    drive("POST", "/upload/drive/v3/files")
        .and(matchers::query_param("uploadType", "multipart"))
        .respond_with(ok(
            json!({ "id": "f2", "name": "table.csv", "mimeType": "application/vnd.google-apps.spreadsheet" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "upload_file",
        json!({
            "driveId": "0AshDrv",
            "inputSource": "binary",
            // An item's binaries by name, as `{{$binary}}` gives them; `file` is chosen.
            "content": { "file": { "data": b64(b"a,b\n1,2\n"), "mimeType": "text/csv", "fileName": "table.csv" } },
            "binaryPropertyName": "file",
            "mimeType": "application/vnd.google-apps.spreadsheet",
        }),
    )
    .await;
    assert_eq!(output["id"], "f2");
    let body = String::from_utf8(server.received_requests().await.unwrap()[0].body.clone()).unwrap();
    let metadata =
        json!({ "name": "table.csv", "parents": ["0AshDrv"], "mimeType": "application/vnd.google-apps.spreadsheet" });
    assert!(body.contains(&format!("\r\n\r\n{metadata}\r\n")), "{body}");
    assert!(body.contains("Content-Type: text/csv\r\n\r\na,b\n1,2\n\r\n"), "{body}");
}

#[tokio::test]
async fn upload_file_above_five_megabytes_goes_through_a_resumable_session() {
    let server = MockServer::start().await;
    let data = vec![7u8; 5 * 1024 * 1024 + 1];
    let session = format!("{}/upload/drive/v3/files?uploadType=resumable&upload_id=sess1", server.uri());
    drive("POST", "/upload/drive/v3/files")
        .and(matchers::query_param("uploadType", "resumable"))
        .and(matchers::header("x-upload-content-type", "application/octet-stream"))
        .and(matchers::header("x-upload-content-length", data.len().to_string().as_str()))
        .and(matchers::body_json(json!({ "name": "big.bin", "mimeType": "application/octet-stream" })))
        .respond_with(ResponseTemplate::new(200).insert_header("location", session.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    drive("PUT", "/upload/drive/v3/files")
        .and(matchers::query_param("upload_id", "sess1"))
        .and(matchers::header("content-type", "application/octet-stream"))
        .respond_with(ok(json!({ "id": "big1", "name": "big.bin", "size": "5242881" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "upload_file",
        json!({ "inputSource": "binary", "fileName": "big.bin", "mimeType": "application/octet-stream", "content": b64(&data) }),
    )
    .await;
    assert_eq!(output, json!({ "id": "big1", "name": "big.bin", "size": "5242881" }));
    assert_eq!(server.received_requests().await.unwrap()[1].body, data);
}

#[tokio::test]
async fn upload_file_refuses_content_that_is_not_base64() {
    let server = MockServer::start().await;
    let error = testing::execute::<GoogleDrive>(
        &server,
        creds(),
        "upload_file",
        json!({ "inputSource": "binary", "content": "not base64!" }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Base64"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn download_file_reads_a_plain_file_by_its_link() {
    let server = MockServer::start().await;
    drive("GET", "/drive/v3/files/1Abc")
        .and(matchers::query_param("fields", "id,name,mimeType,size"))
        .respond_with(ok(json!({ "id": "1Abc", "name": "a.txt", "mimeType": "text/plain", "size": "5" })))
        .expect(1)
        .mount(&server)
        .await;
    drive("GET", "/drive/v3/files/1Abc")
        .and(matchers::query_param("alt", "media"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"hello".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "download_file", json!({ "fileId": "https://drive.google.com/file/d/1Abc/view?usp=drive_link" }))
            .await;
    assert_eq!(
        output,
        json!({
            "id": "1Abc",
            "fileName": "a.txt",
            "mimeType": "text/plain",
            "fileSize": 5,
            "data": b64(b"hello"),
            "text": "hello",
            "exported": false,
        })
    );
}

#[tokio::test]
async fn download_file_exports_google_docs_to_the_chosen_format_or_their_office_counterpart() {
    let server = MockServer::start().await;
    drive("GET", "/drive/v3/files/doc1")
        .and(matchers::query_param("fields", "id,name,mimeType,size"))
        .respond_with(ok(json!({ "id": "doc1", "name": "Plan", "mimeType": "application/vnd.google-apps.document" })))
        .mount(&server)
        .await;
    drive("GET", "/drive/v3/files/doc1/export")
        .and(matchers::query_param("mimeType", "application/pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"%PDF-1.7".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    drive("GET", "/drive/v3/files/doc1/export")
        .and(matchers::query_param(
            "mimeType",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PK\x03\x04".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let pdf = run(&server, "download_file", json!({ "fileId": "doc1", "convertGoogleDocs": true })).await;
    assert_eq!(
        (&pdf["fileName"], &pdf["mimeType"], &pdf["exported"]),
        (&json!("Plan.pdf"), &json!("application/pdf"), &json!(true))
    );
    assert_eq!(pdf["data"], b64(b"%PDF-1.7"));
    assert!(pdf.get("text").is_none());
    let docx = run(&server, "download_file", json!({ "fileId": "doc1" })).await;
    assert_eq!(docx["fileName"], "Plan.docx");
    assert_eq!(docx["data"], b64(b"PK\x03\x04"));
}

#[tokio::test]
async fn download_file_of_a_folder_is_invalid_input() {
    let server = MockServer::start().await;
    drive("GET", "/drive/v3/files/fold1")
        .respond_with(ok(json!({ "id": "fold1", "name": "Inbox", "mimeType": "application/vnd.google-apps.folder" })))
        .expect(1)
        .mount(&server)
        .await;
    let error = testing::execute::<GoogleDrive>(&server, creds(), "download_file", json!({ "fileId": "fold1" }))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("folder"), "{}", error.message);
}

#[tokio::test]
async fn list_files_builds_the_query_and_follows_page_tokens_up_to_the_limit() {
    let server = MockServer::start().await;
    let q = "'1Fold' in parents and name contains 'Bob\\'s' and mimeType = 'application/pdf' and trashed = false";
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param("q", q))
        .and(matchers::query_param("pageSize", "3"))
        .and(matchers::query_param("corpora", "drive"))
        .and(matchers::query_param("driveId", "0AshDrv"))
        .and(matchers::query_param("includeItemsFromAllDrives", "true"))
        .and(matchers::query_param("fields", format!("nextPageToken,files({FIELDS})").as_str()))
        .and(matchers::query_param("pageToken", "p2"))
        .respond_with(ok(json!({ "files": [{ "id": "c" }, { "id": "d" }], "nextPageToken": "p3" })))
        .expect(1)
        .mount(&server)
        .await;
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param("q", q))
        .and(matchers::query_param_is_missing("pageToken"))
        .respond_with(ok(json!({ "files": [{ "id": "a" }, { "id": "b" }], "nextPageToken": "p2" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "list_files",
        json!({ "driveId": "0AshDrv", "folderId": "1Fold", "searchQuery": "Bob's", "fileTypes": "pdf", "limit": 3 }),
    )
    .await;
    assert_eq!(output, json!({ "files": [{ "id": "a" }, { "id": "b" }, { "id": "c" }], "count": 3 }));
}

#[tokio::test]
async fn list_files_with_trashed_and_all_types_sends_no_filter() {
    let server = MockServer::start().await;
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param_is_missing("q"))
        .and(matchers::query_param_is_missing("corpora"))
        .and(matchers::query_param("pageSize", "100"))
        .respond_with(ok(json!({ "files": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_files", json!({ "driveId": "root", "includeTrashed": true })).await;
    assert_eq!(output, json!({ "files": [], "count": 0 }));
}

#[tokio::test]
async fn delete_file_trashes_by_default_and_deletes_for_good_when_asked() {
    let server = MockServer::start().await;
    drive("PATCH", "/drive/v3/files/f1")
        .and(matchers::query_param("supportsAllDrives", "true"))
        .and(matchers::body_json(json!({ "trashed": true })))
        .respond_with(ok(json!({ "id": "f1", "trashed": true })))
        .expect(1)
        .mount(&server)
        .await;
    drive("DELETE", "/drive/v3/files/f2")
        .and(matchers::query_param("supportsAllDrives", "true"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "delete_file", json!({ "fileId": "f1" })).await, json!({ "id": "f1", "permanent": false }));
    assert_eq!(
        run(&server, "delete_file", json!({ "fileId": "f2", "permanentDelete": true })).await,
        json!({ "id": "f2", "permanent": true })
    );
}

#[tokio::test]
async fn create_directory_puts_a_colored_folder_in_its_parent() {
    let server = MockServer::start().await;
    drive("POST", "/drive/v3/files")
        .and(matchers::query_param("fields", FIELDS))
        .and(matchers::body_json(json!({
            "name": "Invoices",
            "mimeType": "application/vnd.google-apps.folder",
            "parents": ["1Par"],
            "folderColorRgb": "#16a765",
        })))
        .respond_with(ok(json!({
            "id": "fold9",
            "name": "Invoices",
            "mimeType": "application/vnd.google-apps.folder",
            "parents": ["1Par"],
            "folderColorRgb": "#16a765",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_directory",
        json!({ "driveId": "root", "parentFolderId": "1Par", "folderName": " Invoices ", "folderColor": "#16a765" }),
    )
    .await;
    assert_eq!(output["id"], "fold9");
    assert_eq!(output["folderColorRgb"], "#16a765");
}

#[tokio::test]
async fn create_directory_at_the_top_of_my_drive_names_no_parent() {
    let server = MockServer::start().await;
    drive("POST", "/drive/v3/files")
        .and(matchers::body_json(json!({ "name": "Top", "mimeType": "application/vnd.google-apps.folder" })))
        .respond_with(ok(json!({ "id": "top1", "name": "Top" })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "create_directory", json!({ "driveId": "root", "folderName": "Top", "folderColor": "" })).await;
    assert_eq!(output, json!({ "id": "top1", "name": "Top" }));
}

#[tokio::test]
async fn share_file_with_a_person_emails_them_and_with_anyone_sends_no_email_options() {
    let server = MockServer::start().await;
    drive("POST", "/drive/v3/files/f1/permissions")
        .and(matchers::query_param("sendNotificationEmail", "true"))
        .and(matchers::query_param("emailMessage", "Here it is"))
        .and(matchers::body_json(json!({ "type": "user", "role": "writer", "emailAddress": "ada@example.com" })))
        .respond_with(ok(json!({ "id": "perm1", "type": "user", "role": "writer", "emailAddress": "ada@example.com" })))
        .expect(1)
        .mount(&server)
        .await;
    drive("POST", "/drive/v3/files/f2/permissions")
        .and(matchers::query_param_is_missing("sendNotificationEmail"))
        .and(matchers::body_json(json!({ "type": "anyone", "role": "reader" })))
        .respond_with(ok(json!({ "id": "anyoneWithLink", "type": "anyone", "role": "reader" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "share_file",
        json!({
            "fileId": "f1",
            "permissionType": "user",
            "role": "writer",
            "emailAddress": "ada@example.com",
            "emailMessage": "Here it is",
        }),
    )
    .await;
    assert_eq!(
        output,
        json!({ "fileId": "f1", "id": "perm1", "type": "user", "role": "writer", "emailAddress": "ada@example.com" })
    );
    let output =
        run(&server, "share_file", json!({ "fileId": "f2", "permissionType": "anyone", "role": "reader" })).await;
    assert_eq!(output, json!({ "fileId": "f2", "id": "anyoneWithLink", "type": "anyone", "role": "reader" }));
}

#[tokio::test]
async fn share_file_with_a_domain_needs_the_domain() {
    let server = MockServer::start().await;
    let error = testing::execute::<GoogleDrive>(
        &server,
        creds(),
        "share_file",
        json!({ "fileId": "f1", "permissionType": "domain", "role": "reader" }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`domain`"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_file_metadata_asks_for_every_field() {
    let server = MockServer::start().await;
    let metadata =
        json!({ "kind": "drive#file", "id": "f1", "name": "a.txt", "owners": [{ "emailAddress": "ada@example.com" }] });
    drive("GET", "/drive/v3/files/f1")
        .and(matchers::query_param("fields", "*"))
        .and(matchers::query_param("supportsAllDrives", "true"))
        .respond_with(ok(metadata.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_file_metadata", json!({ "fileId": "f1" })).await, metadata);
}

#[tokio::test]
async fn a_file_drive_cannot_find_is_not_found_and_a_user_rate_limit_is_rate_limited() {
    let server = MockServer::start().await;
    drive("GET", "/drive/v3/files/gone")
        .respond_with(google_error_because(404, "", "File not found: gone.", "notFound"))
        .expect(1)
        .mount(&server)
        .await;
    drive("GET", "/drive/v3/files/busy")
        .respond_with(google_error_because(403, "", "User rate limit exceeded.", "userRateLimitExceeded"))
        .expect(1)
        .mount(&server)
        .await;
    drive("GET", "/drive/v3/files/private")
        .respond_with(google_error_because(
            403,
            "",
            "The user does not have sufficient permissions for this file.",
            "insufficientFilePermissions",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let get = |id: &str| json!({ "fileId": id });
    let error = testing::execute::<GoogleDrive>(&server, creds(), "get_file_metadata", get("gone")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: File not found: gone.");
    let error = testing::execute::<GoogleDrive>(&server, creds(), "get_file_metadata", get("busy")).await.unwrap_err();
    assert_eq!((error.code, error.retryable, error.status), (ErrorCode::RateLimited, true, 403));
    let error =
        testing::execute::<GoogleDrive>(&server, creds(), "get_file_metadata", get("private")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
}

const T0: &str = "2024-05-01T10:00:00.000Z";
const T1: &str = "2024-05-01T10:02:00.000Z";
const T2: &str = "2024-05-01T10:04:00.000Z";

#[tokio::test]
async fn file_created_records_a_baseline_then_reports_files_created_together_each_once() {
    let server = MockServer::start().await;
    let base = "trashed = false and mimeType != 'application/vnd.google-apps.folder' and '1Fold' in parents";
    // First poll: the newest file, then those created within five minutes before it.
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param("q", base))
        .and(matchers::query_param("orderBy", "createdTime desc"))
        .and(matchers::query_param("pageSize", "1"))
        .respond_with(ok(json!({ "files": [file("old", "old.txt", T0)], "nextPageToken": "more" })))
        .expect(1)
        .mount(&server)
        .await;
    let window = |since: &str| format!("{base} and createdTime >= '{since}'");
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param("q", window("2024-05-01T09:55:00.000Z").as_str()))
        .and(matchers::query_param("orderBy", "createdTime"))
        .respond_with(ok(json!({ "files": [file("old", "old.txt", T0)] })))
        .expect(2)
        .mount(&server)
        .await;
    let connector = testing::connect::<GoogleDrive>(&server, creds());
    let config = json!({ "folderId": "https://drive.google.com/drive/folders/1Fold" });
    let first = connector.poll("file_created", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "since": T0, "seen": { "old": T0 } })));

    // Nothing new yet.
    let second = connector.poll("file_created", config.clone(), first.cursor).await.unwrap();
    assert!(second.events.is_empty());

    // Two files created together, listed with the one already seen.
    server.reset().await;
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param("q", window("2024-05-01T09:55:00.000Z").as_str()))
        .respond_with(ok(json!({
            "files": [file("old", "old.txt", T0), file("a", "a.txt", T1), file("b", "b.txt", T1)],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let third = connector.poll("file_created", config.clone(), second.cursor).await.unwrap();
    assert_eq!(third.events, [file("a", "a.txt", T1), file("b", "b.txt", T1)]);
    assert_eq!(third.cursor, Some(json!({ "since": T1, "seen": { "a": T1, "b": T1, "old": T0 } })));

    // The window follows the latest file; one Drive lists late (created before `b`) still counts.
    server.reset().await;
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param("q", window("2024-05-01T09:57:00.000Z").as_str()))
        .respond_with(ok(json!({
            "files": [file("old", "old.txt", T0), file("late", "late.txt", "2024-05-01T10:01:00.000Z"), file("a", "a.txt", T1), file("b", "b.txt", T1), file("c", "c.txt", T2)],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let fourth = connector.poll("file_created", config, third.cursor).await.unwrap();
    let ids: Vec<&str> = fourth.events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["late", "c"]);
}

#[tokio::test]
async fn file_created_in_an_empty_drive_reports_everything_later() {
    let server = MockServer::start().await;
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param("orderBy", "createdTime desc"))
        .respond_with(ok(json!({ "files": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<GoogleDrive>(&server, creds());
    let first = connector.poll("file_created", json!({}), None).await.unwrap();
    assert_eq!(first.cursor, Some(json!({ "since": "1970-01-01T00:00:00.000Z", "seen": {} })));
    drive("GET", "/drive/v3/files")
        .and(matchers::query_param(
            "q",
            "trashed = false and mimeType != 'application/vnd.google-apps.folder' and createdTime >= '1970-01-01T00:00:00.000Z'",
        ))
        .respond_with(ok(json!({ "files": [file("n1", "n.txt", T2)] })))
        .expect(1)
        .mount(&server)
        .await;
    let second = connector.poll("file_created", json!({}), first.cursor).await.unwrap();
    assert_eq!(second.events, [file("n1", "n.txt", T2)]);
}

#[tokio::test]
async fn test_connection_reads_the_drive_user() {
    let server = MockServer::start().await;
    drive("GET", "/drive/v3/about")
        .and(matchers::query_param("fields", "user"))
        .respond_with(ok(json!({ "user": { "displayName": "Ada" } })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<GoogleDrive>(&server, creds()).test_connection().await.unwrap();
}
