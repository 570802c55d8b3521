//! Dropbox against a local mock of its API: the RPC and the content endpoints both point at the
//! mock, as the connector does with any base URL that is not Dropbox's own.

use connectors::storage::dropbox::Dropbox;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorSpec, ErrorCode};
use serde_json::{json, Value};

const TOKEN: &str = "sl.test-token";

fn credentials() -> Value {
    json!({"authMode": "accessToken", "accessToken": TOKEN, "accessType": "full"})
}

/// A mock of `POST path` that checks the token is sent.
fn upstream(path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method("POST"))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Dropbox's answer to a failed call: 409 with an `error_summary`.
fn refused(status: u16, summary: &str) -> ResponseTemplate {
    let tag = summary.split('/').next().unwrap_or_default();
    ResponseTemplate::new(status).set_body_json(json!({"error_summary": summary, "error": {".tag": tag}}))
}

fn file(name: &str, rev: &str) -> Value {
    json!({
        ".tag": "file",
        "name": name,
        "id": format!("id:{name}"),
        "path_lower": format!("/inbox/{}", name.to_lowercase()),
        "path_display": format!("/Inbox/{name}"),
        "rev": rev,
        "size": 2,
        "client_modified": "2026-11-26T10:00:00Z",
        "server_modified": "2026-11-26T10:00:01Z",
        "content_hash": "abc",
    })
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Dropbox>(server, credentials(), action, input).await
}

/// The requests the mock received on `path`.
async fn sent(server: &MockServer, path: &str) -> Vec<testing::wiremock::Request> {
    server.received_requests().await.unwrap().into_iter().filter(|r| r.url.path() == path).collect()
}

fn header<'a>(request: &'a testing::wiremock::Request, name: &str) -> &'a str {
    request.headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or_default()
}

fn body(request: &testing::wiremock::Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[test]
fn the_definition_lists_every_action_and_trigger_and_both_ways_to_sign_in() {
    let definition = connectors::registry().definition("dropbox").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "file_upload",
            "file_download",
            "file_delete",
            "file_copy",
            "file_move",
            "file_search",
            "folder_create",
            "folder_list",
            "share_link"
        ]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["file_added", "file_modified"]);
    assert_eq!(definition.auth_type, "multiple");
    let oauth = definition.oauth_config.as_ref().unwrap();
    assert_eq!(oauth.authorization_url, "https://www.dropbox.com/oauth2/authorize");
    assert_eq!(oauth.token_url, "https://api.dropboxapi.com/oauth2/token");
    let method = Dropbox::META.auth.iter().find_map(|m| m.oauth_provider()).expect("the dropbox provider");
    assert!(method.pkce && Dropbox::META.uses_pkce());
    assert!(method.authorization_params.contains(&("token_access_type", "offline")));
}

#[tokio::test]
async fn file_upload_sends_the_bytes_with_the_escaped_api_arg() {
    let server = MockServer::start().await;
    let answer =
        json!({"name": "Résumé 😀.pdf", "id": "id:1", "path_display": "/Docs/Résumé 😀.pdf", "rev": "0157", "size": 2});
    upstream("/files/upload").respond_with(ok(answer)).expect(1).mount(&server).await;
    let output = run(
        &server,
        "file_upload",
        json!({"resource": "file", "operation": "upload", "path": "Docs/Résumé 😀.pdf", "content": "data:application/pdf;base64,aGk=", "autorename": true}),
    )
    .await
    .unwrap();
    assert_eq!(output["name"], "Résumé 😀.pdf");
    assert_eq!(output[".tag"], "file");
    assert_eq!(output["rev"], "0157");
    let request = &sent(&server, "/files/upload").await[0];
    assert_eq!(
        header(request, "dropbox-api-arg"),
        r#"{"autorename":true,"mode":"add","mute":false,"path":"/Docs/R\u00e9sum\u00e9 \ud83d\ude00.pdf","strict_conflict":false}"#
    );
    assert_eq!(header(request, "content-type"), "application/octet-stream");
    assert_eq!(request.body, b"hi");
}

#[tokio::test]
async fn file_upload_of_text_overwrites_when_asked() {
    let server = MockServer::start().await;
    upstream("/files/upload").respond_with(ok(json!({"name": "a.txt", "rev": "1"}))).expect(1).mount(&server).await;
    run(
        &server,
        "file_upload",
        json!({"resource": "file", "operation": "upload", "path": "/a.txt", "content": "héllo", "binaryData": false, "mode": "overwrite"}),
    )
    .await
    .unwrap();
    let request = &sent(&server, "/files/upload").await[0];
    let arg: Value = serde_json::from_str(header(request, "dropbox-api-arg")).unwrap();
    assert_eq!(arg["mode"], "overwrite");
    assert_eq!(arg["autorename"], false);
    assert_eq!(request.body, "héllo".as_bytes());
}

#[tokio::test]
async fn file_upload_in_update_mode_updates_the_current_revision() {
    let server = MockServer::start().await;
    upstream("/files/get_metadata")
        .and(matchers::body_json(json!({"path": "/a.txt"})))
        .respond_with(ok(file("a.txt", "015a")))
        .expect(1)
        .mount(&server)
        .await;
    upstream("/files/upload").respond_with(ok(json!({"name": "a.txt", "rev": "015b"}))).expect(1).mount(&server).await;
    let output = run(
        &server,
        "file_upload",
        json!({"resource": "file", "operation": "upload", "path": "/a.txt", "content": {"data": "aGk=", "fileName": "a.txt"}, "mode": "update"}),
    )
    .await
    .unwrap();
    assert_eq!(output["rev"], "015b");
    let arg: Value = serde_json::from_str(header(&sent(&server, "/files/upload").await[0], "dropbox-api-arg")).unwrap();
    assert_eq!(arg["mode"], json!({".tag": "update", "update": "015a"}));
}

#[tokio::test]
async fn file_upload_refuses_other_operations_and_bad_base64_before_any_request() {
    let server = MockServer::start().await;
    let input = |operation: &str, content: &str| json!({"resource": "file", "operation": operation, "path": "/a.txt", "content": content});
    let error = run(&server, "file_upload", input("download", "aGk=")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("file_download"), "{error}");
    let error = run(&server, "file_upload", input("upload", "data:text/plain;base64,not base64!")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Binary Data"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn file_download_returns_the_content_and_its_description() {
    let server = MockServer::start().await;
    let result = r#"{"name":"Caf\u00e9.txt","id":"id:9","path_display":"/Caf\u00e9.txt","rev":"01","size":5}"#;
    upstream("/files/download")
        .respond_with(
            ResponseTemplate::new(200).insert_header("Dropbox-API-Result", result).set_body_bytes(b"hello".to_vec()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "file_download", json!({"path": "/Café.txt"})).await.unwrap();
    assert_eq!(output["fileName"], "Café.txt");
    assert_eq!(output["mimeType"], "text/plain");
    assert_eq!(output["fileSize"], 5);
    assert_eq!(output["data"], "aGVsbG8=");
    assert_eq!(output["text"], "hello");
    assert_eq!(output["metadata"]["id"], "id:9");
    let request = &sent(&server, "/files/download").await[0];
    assert_eq!(header(request, "dropbox-api-arg"), r#"{"path":"/Caf\u00e9.txt"}"#);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn file_delete_sends_the_path_and_returns_what_was_deleted() {
    let server = MockServer::start().await;
    upstream("/files/delete_v2")
        .and(matchers::body_json(json!({"path": "/Inbox/a.txt"})))
        .respond_with(ok(json!({"metadata": file("a.txt", "01")})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "file_delete", json!({"path": "/Inbox/a.txt"})).await.unwrap();
    assert_eq!(output["path_display"], "/Inbox/a.txt");
    assert_eq!(output[".tag"], "file");
}

#[tokio::test]
async fn file_copy_and_file_move_send_both_paths() {
    let server = MockServer::start().await;
    for (action, path) in [("file_copy", "/files/copy_v2"), ("file_move", "/files/move_v2")] {
        upstream(path)
            .and(matchers::body_json(json!({
                "from_path": "/Inbox/a.txt",
                "to_path": "/Archive/a.txt",
                "autorename": true,
                "allow_ownership_transfer": false,
            })))
            .respond_with(ok(json!({"metadata": file("a.txt", "02")})))
            .expect(1)
            .mount(&server)
            .await;
        let input = json!({"fromPath": "/Inbox/a.txt", "toPath": "Archive/a.txt", "autorename": true});
        let output = run(&server, action, input).await.unwrap();
        assert_eq!(output["rev"], "02", "{action}");
    }
}

#[tokio::test]
async fn file_search_follows_the_cursor_up_to_max_results() {
    let server = MockServer::start().await;
    let hit = |name: &str| json!({"match_type": {".tag": "filename"}, "metadata": {".tag": "metadata", "metadata": file(name, "1")}});
    upstream("/files/search_v2")
        .and(matchers::body_json(json!({
            "query": "report",
            "options": {"path": "/Inbox", "max_results": 3, "filename_only": true, "file_status": "active"},
        })))
        .respond_with(ok(json!({"matches": [hit("a"), hit("b")], "has_more": true, "cursor": "c1"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("/files/search/continue_v2")
        .and(matchers::body_json(json!({"cursor": "c1"})))
        .respond_with(ok(json!({"matches": [hit("c"), hit("d")], "has_more": false})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"query": " report ", "path": "/Inbox/", "maxResults": 3, "filenameOnly": true});
    let output = run(&server, "file_search", input).await.unwrap();
    let names: Vec<&str> = output["matches"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(output["count"], 3);
    assert_eq!(output["hasMore"], true);
}

#[tokio::test]
async fn file_search_in_the_whole_dropbox_sends_no_path() {
    let server = MockServer::start().await;
    upstream("/files/search_v2")
        .and(matchers::body_json(json!({
            "query": "q",
            "options": {"max_results": 100, "filename_only": false, "file_status": "active"},
        })))
        .respond_with(ok(json!({"matches": [], "has_more": false})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "file_search", json!({"query": "q"})).await.unwrap();
    assert_eq!(output, json!({"matches": [], "count": 0, "hasMore": false}));
}

#[tokio::test]
async fn folder_create_sends_the_path_and_returns_the_folder() {
    let server = MockServer::start().await;
    upstream("/files/create_folder_v2")
        .and(matchers::body_json(json!({"path": "/Reports/2026", "autorename": false})))
        .respond_with(ok(json!({"metadata": {"name": "2026", "id": "id:f", "path_display": "/Reports/2026"}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "folder_create", json!({"operation": "create", "path": "/Reports/2026"})).await.unwrap();
    assert_eq!(output, json!({".tag": "folder", "name": "2026", "id": "id:f", "path_display": "/Reports/2026"}));
    let error = run(&server, "folder_create", json!({"operation": "list", "path": "/Reports"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("folder_list"), "{error}");
}

#[tokio::test]
async fn folder_list_follows_list_folder_continue_up_to_the_limit() {
    let server = MockServer::start().await;
    upstream("/files/list_folder")
        .and(matchers::body_json(json!({"path": "", "recursive": true, "include_deleted": false, "limit": 3})))
        .respond_with(ok(json!({"entries": [file("a", "1"), file("b", "1")], "cursor": "p1", "has_more": true})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("/files/list_folder/continue")
        .and(matchers::body_json(json!({"cursor": "p1"})))
        .respond_with(ok(json!({"entries": [file("c", "1")], "cursor": "p2", "has_more": false})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "folder_list", json!({"path": "/", "recursive": true, "limit": 3})).await.unwrap();
    let names: Vec<&str> = output["entries"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(
        (output["count"].clone(), output["hasMore"].clone(), output["cursor"].clone()),
        (json!(3), json!(false), json!("p2"))
    );
}

#[tokio::test]
async fn a_409_path_not_found_is_not_found_with_the_summary() {
    let server = MockServer::start().await;
    upstream("/files/delete_v2").respond_with(refused(409, "path_lookup/not_found/..")).mount(&server).await;
    let error = run(&server, "file_delete", json!({"path": "/nope.txt"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("path_lookup/not_found/"), "{error}");
    assert!(error.message.contains("delete"), "{error}");
}

#[tokio::test]
async fn a_409_conflict_is_invalid_input_with_the_summary() {
    let server = MockServer::start().await;
    upstream("/files/create_folder_v2").respond_with(refused(409, "path/conflict/folder/...")).mount(&server).await;
    let error = run(&server, "folder_create", json!({"operation": "create", "path": "/Reports"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("path/conflict/folder/"), "{error}");
}

#[tokio::test]
async fn a_429_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("/files/list_folder")
        .respond_with(refused(429, "too_many_requests/..").insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "folder_list", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);
    assert!(error.message.contains("too_many_requests/"), "{error}");
}

#[tokio::test]
async fn a_401_is_unauthorized_without_the_token() {
    let server = MockServer::start().await;
    upstream("/files/upload").respond_with(refused(401, "invalid_access_token/...")).mount(&server).await;
    let input = json!({"resource": "file", "operation": "upload", "path": "/a.txt", "content": "aGk="});
    let error = run(&server, "file_upload", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("invalid_access_token/"), "{error}");
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_400_carries_dropboxs_plain_text_explanation() {
    let server = MockServer::start().await;
    upstream("/files/download")
        .respond_with(
            ResponseTemplate::new(400).set_body_string("Error in call to API function \"files/download\": bad path"),
        )
        .mount(&server)
        .await;
    let error = run(&server, "file_download", json!({"path": "/a"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("bad path"), "{error}");
}

/// Mounts the mocks of a folder whose changes come in three polls: none, two new files, none.
async fn mount_changes(server: &MockServer, revisions: usize) {
    upstream("/files/list_folder/get_latest_cursor")
        .and(matchers::body_json(json!({"path": "/Inbox", "recursive": false, "include_deleted": false})))
        .respond_with(ok(json!({"cursor": "c0"})))
        .expect(1)
        .mount(server)
        .await;
    upstream("/files/list_folder/continue")
        .and(matchers::body_json(json!({"cursor": "c0"})))
        .respond_with(ok(json!({
            "entries": [file("a.txt", "0a"), {".tag": "folder", "name": "sub", "path_lower": "/inbox/sub"}],
            "cursor": "c1",
            "has_more": true,
        })))
        .expect(1)
        .mount(server)
        .await;
    upstream("/files/list_folder/continue")
        .and(matchers::body_json(json!({"cursor": "c1"})))
        .respond_with(ok(json!({
            "entries": [file("b.txt", "0b"), {".tag": "deleted", "name": "old.txt", "path_lower": "/inbox/old.txt"}],
            "cursor": "c2",
            "has_more": false,
        })))
        .expect(1)
        .mount(server)
        .await;
    upstream("/files/list_folder/continue")
        .and(matchers::body_json(json!({"cursor": "c2"})))
        .respond_with(ok(json!({"entries": [], "cursor": "c2", "has_more": false})))
        .expect(1)
        .mount(server)
        .await;
    let entries: Vec<Value> = (0..revisions).map(|i| json!({"rev": format!("r{i}")})).collect();
    upstream("/files/list_revisions")
        .respond_with(ok(json!({"is_deleted": false, "entries": entries})))
        .expect(2)
        .mount(server)
        .await;
}

#[tokio::test]
async fn file_added_records_the_cursor_then_reports_two_new_files_once() {
    let server = MockServer::start().await;
    mount_changes(&server, 1).await;
    let dropbox = testing::connect::<Dropbox>(&server, credentials());
    let config = json!({"path": "/Inbox", "recursive": false, "pollInterval": 5});

    let first = dropbox.poll("file_added", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({"cursor": "c0"})));

    let second = dropbox.poll("file_added", config.clone(), first.cursor).await.unwrap();
    let names: Vec<&str> = second.events.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a.txt", "b.txt"]);
    assert_eq!(second.cursor, Some(json!({"cursor": "c2"})));

    let third = dropbox.poll("file_added", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
    assert_eq!(third.cursor, Some(json!({"cursor": "c2"})));

    let checked: Vec<Value> = sent(&server, "/files/list_revisions").await.iter().map(body).collect();
    assert_eq!(
        checked,
        [
            json!({"path": "/inbox/a.txt", "mode": "path", "limit": 2}),
            json!({"path": "/inbox/b.txt", "mode": "path", "limit": 2})
        ]
    );
}

#[tokio::test]
async fn file_modified_reports_files_with_an_earlier_revision_once() {
    let server = MockServer::start().await;
    mount_changes(&server, 2).await;
    let dropbox = testing::connect::<Dropbox>(&server, credentials());
    let config = json!({"path": "Inbox"});
    let first = dropbox.poll("file_modified", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    let second = dropbox.poll("file_modified", config.clone(), first.cursor.clone()).await.unwrap();
    let revs: Vec<&str> = second.events.iter().map(|e| e["rev"].as_str().unwrap()).collect();
    assert_eq!(revs, ["0a", "0b"]);
    let third = dropbox.poll("file_modified", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn file_added_reports_nothing_for_modified_files() {
    let server = MockServer::start().await;
    mount_changes(&server, 2).await;
    let dropbox = testing::connect::<Dropbox>(&server, credentials());
    let config = json!({"path": "/Inbox"});
    let mut cursor = None;
    for _ in 0..3 {
        let polled = dropbox.poll("file_added", config.clone(), cursor).await.unwrap();
        assert!(polled.events.is_empty(), "{:?}", polled.events);
        cursor = polled.cursor;
    }
    assert_eq!(cursor, Some(json!({"cursor": "c2"})));
}

#[tokio::test]
async fn a_reset_cursor_starts_again_from_where_the_folder_stands() {
    let server = MockServer::start().await;
    upstream("/files/list_folder/continue").respond_with(refused(409, "reset/...")).expect(1).mount(&server).await;
    upstream("/files/list_folder/get_latest_cursor")
        .respond_with(ok(json!({"cursor": "fresh"})))
        .expect(1)
        .mount(&server)
        .await;
    let dropbox = testing::connect::<Dropbox>(&server, credentials());
    let polled = dropbox.poll("file_added", json!({"path": "/Inbox"}), Some(json!({"cursor": "stale"}))).await.unwrap();
    assert!(polled.events.is_empty());
    assert_eq!(polled.cursor, Some(json!({"cursor": "fresh"})));
}

#[tokio::test]
async fn test_connection_reads_the_account_with_the_token() {
    let server = MockServer::start().await;
    upstream("/users/get_current_account")
        .respond_with(ok(json!({"account_id": "dbid:1"})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Dropbox>(&server, credentials()).test_connection().await.unwrap();
}

#[tokio::test]
async fn an_oauth_connection_waiting_for_its_token_needs_no_access_token() {
    let server = MockServer::start().await;
    assert!(testing::try_connect::<Dropbox>(&server, json!({"authMode": "oauth2"})).is_ok());
    assert!(testing::try_connect::<Dropbox>(&server, json!({"authMode": "accessToken"})).is_err());
}

#[test]
fn fluxturns_older_ids_and_field_names_resolve() {
    let definition = connectors::registry().definition("dropbox").unwrap();
    for (old, id) in [
        ("upload_file", "file_upload"),
        ("download_file", "file_download"),
        ("delete_file", "file_delete"),
        ("copy_file", "file_copy"),
        ("move_file", "file_move"),
        ("search_files", "file_search"),
        ("create_folder", "folder_create"),
    ] {
        assert_eq!(definition.find_action(old).map(|a| a.id.as_str()), Some(id), "{old}");
    }
    let upload = definition.find_action("file_upload").unwrap();
    assert_eq!(upload.input_schema["content"].aliases, ["contents"]);
    assert_eq!(upload.input_schema["path"].aliases, ["filePath"]);
    assert_eq!(definition.find_action("folder_create").unwrap().input_schema["path"].aliases, ["folderPath"]);
}

#[tokio::test]
async fn file_upload_takes_plain_text_as_text_even_with_binary_data_on() {
    let server = MockServer::start().await;
    upstream("/files/upload").respond_with(ok(json!({"name": "p.json", "rev": "1"}))).expect(1).mount(&server).await;
    let input = json!({"resource": "file", "operation": "upload", "path": "/p.json", "content": "{\"a\": 1}"});
    run(&server, "file_upload", input).await.unwrap();
    assert_eq!(sent(&server, "/files/upload").await[0].body, br#"{"a": 1}"#);
}

#[tokio::test]
async fn share_link_creates_a_link_with_its_settings() {
    let server = MockServer::start().await;
    let link = json!({".tag": "file", "url": "https://www.dropbox.com/s/abc/a.txt?dl=0", "name": "a.txt", "id": "id:1", "path_lower": "/a.txt"});
    upstream("/sharing/create_shared_link_with_settings")
        .and(matchers::body_json(json!({
            "path": "/a.txt",
            "settings": {"audience": "team", "access": "viewer", "allow_download": false, "expires": "2026-12-31T23:59:59Z"},
        })))
        .respond_with(ok(link))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"path": "a.txt", "audience": "team", "allowDownload": false, "expires": "2026-12-31T23:59:59Z"});
    let output = run(&server, "share_link", input).await.unwrap();
    assert_eq!(
        output,
        json!({"url": "https://www.dropbox.com/s/abc/a.txt?dl=0", "name": "a.txt", "id": "id:1", "path_lower": "/a.txt"})
    );
}

#[tokio::test]
async fn share_link_returns_the_existing_link_when_there_is_one() {
    let server = MockServer::start().await;
    upstream("/sharing/create_shared_link_with_settings")
        .respond_with(refused(409, "shared_link_already_exists/metadata/.."))
        .expect(1)
        .mount(&server)
        .await;
    upstream("/sharing/list_shared_links")
        .and(matchers::body_json(json!({"path": "/a.txt", "direct_only": true})))
        .respond_with(ok(
            json!({"links": [{"url": "https://www.dropbox.com/s/old/a.txt?dl=0", "name": "a.txt"}], "has_more": false}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "share_link", json!({"path": "/a.txt"})).await.unwrap();
    assert_eq!(output["url"], "https://www.dropbox.com/s/old/a.txt?dl=0");
}
