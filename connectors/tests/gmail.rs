//! Gmail against a local mock of its API, through the test kit. The messages the connector sends
//! are read back with a MIME parser, as the recipient's mail program would read them.

use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use connectors::communication::gmail::Gmail;
use fluxturn_core::testing::wiremock::Request;
use fluxturn_core::testing::{self, matchers, Mock, MockServer};
use fluxturn_core::{Connector, ErrorCode};
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google as gmail, google_error, oauth2_credentials as creds, ok, TOKEN};

/// 2023-11-14T22:13:20Z, in milliseconds: long enough ago for any search index.
const OLD: u64 = 1_700_000_000_000;

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Gmail>(server, creds(), action, input).await
}

fn data(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text)
}

/// A received message as Gmail returns it with `format=full`.
fn message(id: &str, labels: &[&str], from: &str, received_ms: u64) -> Value {
    json!({
        "id": id,
        "threadId": format!("thread-{id}"),
        "labelIds": labels,
        "snippet": "Hi &amp; welcome",
        "historyId": "990",
        "internalDate": received_ms.to_string(),
        "sizeEstimate": 2048,
        "payload": {
            "partId": "",
            "mimeType": "multipart/alternative",
            "filename": "",
            "headers": [
                { "name": "From", "value": from },
                { "name": "To", "value": "me@example.com" },
                { "name": "Subject", "value": format!("Subject of {id}") },
                { "name": "Date", "value": "Tue, 14 Nov 2023 22:13:20 +0000" },
                { "name": "Message-ID", "value": format!("<{id}@mail.example.com>") },
            ],
            "body": { "size": 0 },
            "parts": [
                { "partId": "0", "mimeType": "text/plain", "filename": "",
                  "headers": [{ "name": "Content-Type", "value": "text/plain; charset=\"UTF-8\"" }],
                  "body": { "size": 20, "data": data(&format!("Text of {id}\r\n")) } },
                { "partId": "1", "mimeType": "text/html", "filename": "",
                  "headers": [{ "name": "Content-Type", "value": "text/html; charset=\"UTF-8\"" }],
                  "body": { "size": 30, "data": data(&format!("<div>Text of {id}</div>")) } },
            ],
        },
    })
}

/// The simple form of [`message`], as actions and triggers return it.
fn simple(id: &str, labels: &[&str], from: &str) -> Value {
    json!({
        "id": id,
        "threadId": format!("thread-{id}"),
        "labelIds": labels,
        "snippet": "Hi & welcome",
        "receivedAt": "2023-11-14T22:13:20.000Z",
        "from": from,
        "to": "me@example.com",
        "cc": null,
        "bcc": null,
        "replyTo": null,
        "subject": format!("Subject of {id}"),
        "date": "Tue, 14 Nov 2023 22:13:20 +0000",
        "messageId": format!("<{id}@mail.example.com>"),
        "body": format!("Text of {id}\r\n"),
        "html": format!("<div>Text of {id}</div>"),
        "attachments": [],
        "headers": {
            "date": "Tue, 14 Nov 2023 22:13:20 +0000",
            "from": from,
            "message-id": format!("<{id}@mail.example.com>"),
            "subject": format!("Subject of {id}"),
            "to": "me@example.com",
        },
    })
}

/// Mounts `GET messages/{id}?format=full` answering [`message`], expected once.
async fn mount_message(server: &MockServer, id: &str, labels: &[&str], from: &str, received_ms: u64) {
    gmail("GET", &format!("/gmail/v1/users/me/messages/{id}"))
        .and(matchers::query_param("format", "full"))
        .respond_with(ok(message(id, labels, from, received_ms)))
        .expect(1)
        .mount(server)
        .await;
}

/// Mounts a message that must never be read.
async fn mount_unread(server: &MockServer, id: &str) {
    gmail("GET", &format!("/gmail/v1/users/me/messages/{id}"))
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(server)
        .await;
}

/// A `messagesAdded` history record.
fn added(record: &str, messages: &[(&str, &[&str])]) -> Value {
    let changes: Vec<Value> = messages
        .iter()
        .map(|(id, labels)| json!({ "message": { "id": id, "threadId": "t", "labelIds": labels } }))
        .collect();
    json!({ "id": record, "messages": changes.iter().map(|c| c["message"].clone()).collect::<Vec<_>>(), "messagesAdded": changes })
}

/// Every request the mock server received.
async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The query pairs of a request, in order.
fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// The RFC 5322 message of a send (`{"raw": ...}`) or draft (`{"message": {"raw": ...}}`) body.
fn raw_message(body: &Value) -> Vec<u8> {
    let raw = body["raw"].as_str().or(body["message"]["raw"].as_str()).expect("a raw message");
    URL_SAFE.decode(raw).expect("base64url")
}

/// The header block of a message (up to the first empty line).
fn header_block(raw: &[u8]) -> String {
    let text = String::from_utf8(raw.to_vec()).expect("the message is UTF-8");
    text.split("\r\n\r\n").next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn send_email_writes_an_html_message_with_its_text_encoded_headers_and_attachments() {
    let server = MockServer::start().await;
    gmail("POST", "/gmail/v1/users/me/messages/send")
        .respond_with(ok(json!({ "id": "m1", "threadId": "t1", "labelIds": ["SENT"] })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "to": "Zoë Müller <zoe@example.com>, bob@example.com",
        "cc": "carol@example.com",
        "bcc": ["dave@example.com"],
        "subject": "Grüße — Q3 report ✓",
        "body": "<p>Hello <b>Zoë</b>,</p><p>See <a href=\"https://x.test/r\">the report</a>.</p>",
        "attachments": [
            { "filename": "résumé.pdf", "content": STANDARD.encode(b"%PDF-1.4 \xff\xfe"), "mimeType": "application/pdf" },
            { "name": "notes.txt", "data": URL_SAFE_NO_PAD.encode("line one\nline two") },
        ],
    });
    let output = run(&server, "send_email", input).await.unwrap();
    assert_eq!(output, json!({ "id": "m1", "threadId": "t1", "labelIds": ["SENT"] }));

    let body: Value = requests(&server).await[0].body_json().unwrap();
    assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["raw"], "no thread for a new message");
    let raw = raw_message(&body);
    let headers = header_block(&raw);
    assert!(headers.is_ascii(), "{headers}");
    assert!(headers.contains("MIME-Version: 1.0\r\n"), "{headers}");
    assert!(headers.contains("Subject: =?"), "the subject is an encoded word: {headers}");
    for generated_by_gmail in ["From:", "Date:", "Message-ID:"] {
        assert!(!headers.lines().any(|l| l.starts_with(generated_by_gmail)), "{generated_by_gmail} in {headers}");
    }

    let parsed = MessageParser::default().parse(&raw).expect("a parsable message");
    assert_eq!(parsed.subject(), Some("Grüße — Q3 report ✓"));
    let to: Vec<(Option<&str>, Option<&str>)> =
        parsed.to().unwrap().iter().map(|a| (a.name.as_deref(), a.address.as_deref())).collect();
    assert_eq!(to, [(Some("Zoë Müller"), Some("zoe@example.com")), (None, Some("bob@example.com"))]);
    assert_eq!(parsed.cc().unwrap().first().unwrap().address.as_deref(), Some("carol@example.com"));
    assert_eq!(parsed.bcc().unwrap().first().unwrap().address.as_deref(), Some("dave@example.com"));
    assert_eq!(parsed.body_text(0).unwrap().replace("\r\n", "\n"), "Hello Zoë,\n\nSee the report (https://x.test/r).");
    assert!(parsed.body_html(0).unwrap().contains("<b>Zoë</b>"));
    let files: Vec<(String, String, Vec<u8>)> = parsed
        .attachments()
        .map(|part| {
            let kind = part.content_type().map(|t| format!("{}/{}", t.ctype(), t.subtype().unwrap_or_default()));
            (part.attachment_name().unwrap_or_default().to_owned(), kind.unwrap_or_default(), part.contents().to_vec())
        })
        .collect();
    assert_eq!(
        files,
        [
            ("résumé.pdf".to_owned(), "application/pdf".to_owned(), b"%PDF-1.4 \xff\xfe".to_vec()),
            ("notes.txt".to_owned(), "text/plain".to_owned(), b"line one\nline two".to_vec()),
        ]
    );
}

#[tokio::test]
async fn a_plain_text_body_is_one_text_part_and_a_subject_stays_one_header() {
    let server = MockServer::start().await;
    gmail("POST", "/gmail/v1/users/me/messages/send")
        .respond_with(ok(json!({ "id": "m2", "threadId": "t2", "labelIds": ["SENT"] })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "to": "jane@example.com",
        "subject": "Hello\r\nBcc: mallory@example.com",
        "body": "Line 1\nWrite to <jane@example.com> if 1 < 2",
    });
    run(&server, "send_email", input).await.unwrap();
    let raw = raw_message(&requests(&server).await[0].body_json().unwrap());
    let headers = header_block(&raw);
    assert!(headers.contains("Content-Type: text/plain; charset=\"utf-8\""), "{headers}");
    assert!(!headers.contains("multipart"), "{headers}");
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(parsed.subject(), Some("Hello Bcc: mallory@example.com"));
    assert!(parsed.bcc().is_none(), "a line break in the subject cannot add a header");
    assert_eq!(parsed.body_text(0).unwrap(), "Line 1\r\nWrite to <jane@example.com> if 1 < 2");
}

#[tokio::test]
async fn a_reply_joins_the_conversation_of_the_message_it_answers() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/messages/orig-1")
        .and(matchers::query_param("format", "metadata"))
        .and(matchers::query_param("metadataHeaders", "Message-ID"))
        .and(matchers::query_param("metadataHeaders", "References"))
        .respond_with(ok(json!({
            "id": "orig-1", "threadId": "thread-9", "labelIds": ["INBOX"],
            "payload": { "headers": [
                { "name": "Message-Id", "value": "<abc@mail.example.com>" },
                { "name": "References", "value": "<root@mail.example.com>" },
            ]},
        })))
        .expect(2)
        .mount(&server)
        .await;
    gmail("POST", "/gmail/v1/users/me/messages/send")
        .and(matchers::body_partial_json(json!({ "threadId": "thread-9" })))
        .respond_with(ok(json!({ "id": "m3", "threadId": "thread-9", "labelIds": ["SENT"] })))
        .expect(1)
        .mount(&server)
        .await;
    gmail("POST", "/gmail/v1/users/me/drafts")
        .and(matchers::body_partial_json(json!({ "message": { "threadId": "thread-9" } })))
        .respond_with(ok(
            json!({ "id": "r-1", "message": { "id": "m4", "threadId": "thread-9", "labelIds": ["DRAFT"] } }),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let reply = json!({ "to": "jane@example.com", "subject": "Re: Plans", "body": "Sounds good.", "replyToMessageId": "orig-1" });
    let sent = run(&server, "send_email", reply.clone()).await.unwrap();
    assert_eq!(sent["threadId"], "thread-9");
    let draft = run(&server, "create_draft", reply).await.unwrap();
    assert_eq!(draft, json!({ "id": "r-1", "message": { "id": "m4", "threadId": "thread-9", "labelIds": ["DRAFT"] } }));

    for request in requests(&server).await.iter().filter(|r| r.method.as_str() == "POST") {
        let raw = raw_message(&request.body_json().unwrap());
        let parsed = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(parsed.in_reply_to().as_text(), Some("abc@mail.example.com"));
        let references: Vec<&str> = parsed.references().as_text_list().unwrap().iter().map(|r| r.as_ref()).collect();
        assert_eq!(references, ["root@mail.example.com", "abc@mail.example.com"]);
    }
}

#[tokio::test]
async fn create_draft_saves_the_message_without_sending_it() {
    let server = MockServer::start().await;
    gmail("POST", "/gmail/v1/users/me/drafts")
        .respond_with(ok(json!({ "id": "r-2", "message": { "id": "m5", "threadId": "t5", "labelIds": ["DRAFT"] } })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({ "to": "Team <team@example.com>", "subject": "Weekly notes", "body": "<h1>Notes</h1><ul><li>a</li></ul>" });
    let draft = run(&server, "create_draft", input).await.unwrap();
    assert_eq!(draft["id"], "r-2");
    let body: Value = requests(&server).await[0].body_json().unwrap();
    assert!(body["message"].get("threadId").is_none());
    let raw = raw_message(&body);
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(parsed.to().unwrap().first().unwrap().name.as_deref(), Some("Team"));
    assert_eq!(parsed.body_text(0).unwrap().replace("\r\n", "\n"), "Notes\n\n- a");
    assert_eq!(parsed.body_html(0).unwrap().replace("\r\n", "\n"), "<h1>Notes</h1><ul><li>a</li></ul>");
}

#[tokio::test]
async fn bad_recipients_and_attachments_never_reach_gmail() {
    let server = MockServer::start().await;
    let cases = [
        (
            json!({ "to": "jane at example.com", "subject": "s", "body": "b" }),
            "`to`: `jane at example.com` is not an email address",
        ),
        (json!({ "to": " , ", "subject": "s", "body": "b" }), "`to` needs at least one email address"),
        (json!({ "to": "a@example.com", "cc": "b@example", "subject": "s", "body": "b" }), "`cc`: `b@example`"),
        (
            json!({ "to": "a@example.com", "subject": "s", "body": "b", "attachments": [{ "filename": "x.bin", "content": "%%%" }] }),
            "attachment `x.bin`: `content` is not base64",
        ),
    ];
    for (input, expected) in cases {
        let error = run(&server, "send_email", input).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains(expected), "{} should contain {expected}", error.message);
    }
    let error = run(&server, "get_email", json!({ "messageId": "  " })).await.unwrap_err();
    assert_eq!((error.code, error.message.as_str()), (ErrorCode::InvalidInput, "`messageId` is empty"));
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn gmail_refusing_a_send_is_an_input_error_with_its_message() {
    let server = MockServer::start().await;
    gmail("POST", "/gmail/v1/users/me/messages/send")
        .respond_with(google_error(400, "INVALID_ARGUMENT", "Invalid To header"))
        .expect(1)
        .mount(&server)
        .await;
    let error =
        run(&server, "send_email", json!({ "to": "a@example.com", "subject": "s", "body": "b" })).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "the upstream answered 400: Invalid To header");
}

#[tokio::test]
async fn search_emails_lists_the_matches_then_reads_each_one() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/labels")
        .respond_with(ok(json!({ "labels": [
            { "id": "INBOX", "name": "INBOX", "type": "system" },
            { "id": "Label_7", "name": "Clients", "type": "user" },
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    gmail("GET", "/gmail/v1/users/me/messages")
        .and(matchers::query_param("q", "from:jane has:attachment"))
        .and(matchers::query_param("maxResults", "3"))
        .respond_with(ok(json!({
            "messages": [{ "id": "a", "threadId": "ta" }, { "id": "gone", "threadId": "tg" }, { "id": "c", "threadId": "tc" }],
            "resultSizeEstimate": 3,
        })))
        .expect(1)
        .mount(&server)
        .await;
    mount_message(&server, "a", &["INBOX", "Label_7"], "Jane <jane@example.com>", OLD).await;
    mount_message(&server, "c", &["INBOX", "Label_7"], "Jane <jane@example.com>", OLD).await;
    gmail("GET", "/gmail/v1/users/me/messages/gone")
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .expect(1)
        .mount(&server)
        .await;

    let input = json!({ "query": "from:jane has:attachment", "maxResults": 3, "labelIds": "INBOX, clients" });
    let output = run(&server, "search_emails", input).await.unwrap();
    let labels = ["INBOX", "Label_7"];
    assert_eq!(
        output,
        json!([simple("a", &labels, "Jane <jane@example.com>"), simple("c", &labels, "Jane <jane@example.com>")])
    );
    let list = requests(&server).await.into_iter().find(|r| r.url.path() == "/gmail/v1/users/me/messages").unwrap();
    let label_pairs: Vec<String> = query(&list).into_iter().filter(|(k, _)| k == "labelIds").map(|(_, v)| v).collect();
    assert_eq!(label_pairs, ["INBOX", "Label_7"], "a name is sent as its label's ID, each as its own parameter");
}

#[tokio::test]
async fn get_email_reads_the_format_asked_for() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/messages/m%2F1")
        .and(matchers::query_param("format", "metadata"))
        .respond_with(ok(json!({
            "id": "m/1", "threadId": "t1", "labelIds": ["INBOX"], "snippet": "It&#39;s here",
            "payload": { "mimeType": "multipart/mixed", "headers": [
                { "name": "From", "value": "Bob <bob@example.com>" },
                { "name": "Subject", "value": "Ünïcode" },
            ]},
        })))
        .expect(1)
        .mount(&server)
        .await;
    let email = run(&server, "get_email", json!({ "messageId": "m/1", "format": "metadata" })).await.unwrap();
    assert_eq!(email["from"], "Bob <bob@example.com>");
    assert_eq!(email["subject"], "Ünïcode");
    assert_eq!(email["snippet"], "It's here");
    assert_eq!(email["body"], "");
    assert_eq!(email["html"], Value::Null);
}

#[tokio::test]
async fn get_email_maps_google_errors_with_their_message() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/messages/missing")
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .mount(&server)
        .await;
    gmail("GET", "/gmail/v1/users/me/messages/secret")
        .respond_with(google_error(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes."))
        .mount(&server)
        .await;
    let error = run(&server, "get_email", json!({ "messageId": "missing" })).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Requested entity was not found.");
    let error = run(&server, "get_email", json!({ "messageId": "secret" })).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert_eq!(error.message, "the upstream answered 403: Request had insufficient authentication scopes.");
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn delete_email_moves_the_message_to_the_trash() {
    let server = MockServer::start().await;
    gmail("POST", "/gmail/v1/users/me/messages/m1/trash")
        .respond_with(ok(json!({ "id": "m1", "threadId": "t1", "labelIds": ["TRASH"] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_email", json!({ "messageId": "m1" })).await.unwrap();
    assert_eq!(output, json!({ "id": "m1", "threadId": "t1", "labelIds": ["TRASH"] }));
}

#[tokio::test]
async fn labels_are_added_and_removed_by_id_or_by_name() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/labels")
        .respond_with(ok(json!({ "labels": [
            { "id": "STARRED", "name": "STARRED", "type": "system" },
            { "id": "Label_3", "name": "Follow up", "type": "user" },
        ]})))
        .expect(2)
        .mount(&server)
        .await;
    gmail("POST", "/gmail/v1/users/me/messages/m1/modify")
        .and(matchers::body_json(json!({ "addLabelIds": ["STARRED", "Label_3"] })))
        .respond_with(ok(json!({ "id": "m1", "threadId": "t1", "labelIds": ["INBOX", "STARRED", "Label_3"] })))
        .expect(1)
        .mount(&server)
        .await;
    gmail("POST", "/gmail/v1/users/me/messages/m1/modify")
        .and(matchers::body_json(json!({ "removeLabelIds": ["UNREAD", "INBOX"] })))
        .respond_with(ok(json!({ "id": "m1", "threadId": "t1", "labelIds": ["STARRED", "Label_3"] })))
        .expect(1)
        .mount(&server)
        .await;

    let added = run(&server, "add_label", json!({ "messageId": "m1", "addLabelIds": ["STARRED", "follow UP"] })).await;
    assert_eq!(added.unwrap()["labelIds"], json!(["INBOX", "STARRED", "Label_3"]));
    // System label IDs need no look-up (the labels mock allows two calls: the add above and the error below).
    let removed = run(&server, "remove_label", json!({ "messageId": "m1", "removeLabelIds": "UNREAD,INBOX" })).await;
    assert_eq!(removed.unwrap()["labelIds"], json!(["STARRED", "Label_3"]));

    let error = run(&server, "add_label", json!({ "messageId": "m1", "addLabelIds": ["Urgent"] })).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "no Gmail label has the name or ID `Urgent`; the mailbox's labels: STARRED, Follow up");
    let error = run(&server, "remove_label", json!({ "messageId": "m1", "removeLabelIds": [] })).await.unwrap_err();
    assert_eq!(error.message, "`removeLabelIds` needs at least one label");
}

#[tokio::test]
async fn test_connection_reads_the_profile() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/profile")
        .respond_with(ok(json!({ "emailAddress": "me@example.com", "historyId": "1000" })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Gmail>(&server, creds()).test_connection().await.unwrap();
}

// ---- triggers ----

async fn poll(
    server: &MockServer,
    trigger: &str,
    config: Value,
    cursor: Option<Value>,
) -> fluxturn_core::Polled<Value> {
    testing::connect::<Gmail>(server, creds()).poll(trigger, config, cursor).await.unwrap()
}

/// Mounts `GET history?startHistoryId=start[&pageToken=token]` answering `page`.
async fn mount_history(server: &MockServer, start: &str, token: Option<&str>, page: Value) {
    let mut mock = gmail("GET", "/gmail/v1/users/me/history")
        .and(matchers::query_param("startHistoryId", start))
        .and(matchers::query_param("maxResults", "500"));
    mock = match token {
        Some(token) => mock.and(matchers::query_param("pageToken", token)),
        None => mock.and(matchers::query_param_is_missing("pageToken")),
    };
    mock.respond_with(ok(page)).expect(1).mount(server).await;
}

#[tokio::test]
async fn the_first_poll_records_where_the_mailbox_stands() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/profile")
        .respond_with(ok(json!({ "emailAddress": "me@example.com", "messagesTotal": 9, "historyId": "1000" })))
        .expect(1)
        .mount(&server)
        .await;
    let first = poll(&server, "email_received", json!({}), None).await;
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "historyId": "1000" })));
}

#[tokio::test]
async fn every_arrival_is_reported_once_in_order_across_pages() {
    let server = MockServer::start().await;
    let jane = "Jane <jane@example.com>";
    mount_history(
        &server,
        "1000",
        None,
        json!({
            "history": [
                // Two messages that arrived together, then a draft being saved.
                added("1001", &[("m1", &["INBOX", "UNREAD"]), ("m2", &["INBOX", "UNREAD"])]),
                added("1002", &[("d1", &["DRAFT"])]),
            ],
            "nextPageToken": "page-2",
            "historyId": "1010",
        }),
    )
    .await;
    mount_history(
        &server,
        "1000",
        Some("page-2"),
        json!({
            "history": [added("1005", &[("s1", &["SENT"]), ("m3", &["INBOX"]), ("self", &["SENT", "INBOX"])])],
            "historyId": "1010",
        }),
    )
    .await;
    for (id, labels) in [
        ("m1", &["INBOX", "UNREAD"][..]),
        ("m2", &["INBOX", "UNREAD"]),
        ("m3", &["INBOX"]),
        ("self", &["SENT", "INBOX"]),
    ] {
        mount_message(&server, id, labels, jane, OLD).await;
    }
    mount_unread(&server, "d1").await;
    mount_unread(&server, "s1").await;

    let polled = poll(&server, "email_received", json!({}), Some(json!({ "historyId": "1000" }))).await;
    let ids: Vec<&str> = polled.events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["m1", "m2", "m3", "self"]);
    assert_eq!(polled.events[0], simple("m1", &["INBOX", "UNREAD"], jane));
    assert_eq!(polled.cursor, Some(json!({ "historyId": "1010" })));
    let history = requests(&server).await.into_iter().find(|r| r.url.path().ends_with("/history")).unwrap();
    assert!(query(&history).contains(&("historyTypes".to_owned(), "messageAdded".to_owned())));
}

#[tokio::test]
async fn a_record_gmail_returns_again_is_not_reported_again() {
    let server = MockServer::start().await;
    mount_history(
        &server,
        "1005",
        None,
        json!({
            "history": [added("1005", &[("m3", &["INBOX"])]), added("1006", &[("m4", &["INBOX"])])],
            "historyId": "1006",
        }),
    )
    .await;
    mount_unread(&server, "m3").await;
    mount_message(&server, "m4", &["INBOX"], "Jane <jane@example.com>", OLD).await;
    let polled = poll(&server, "email_received", json!({}), Some(json!({ "historyId": "1005", "seen": ["m3"] }))).await;
    assert_eq!(polled.events.iter().map(|e| e["id"].clone()).collect::<Vec<_>>(), [json!("m4")]);
    assert_eq!(polled.cursor, Some(json!({ "historyId": "1006", "seen": ["m4"] })));
}

#[tokio::test]
async fn a_poll_that_only_sees_the_cursors_record_again_keeps_its_messages_seen() {
    let server = MockServer::start().await;
    mount_history(
        &server,
        "1005",
        None,
        json!({ "history": [added("1005", &[("m3", &["INBOX"])])], "historyId": "1005" }),
    )
    .await;
    mount_unread(&server, "m3").await;
    let cursor = json!({ "historyId": "1005", "seen": ["m3"] });
    let polled = poll(&server, "email_received", json!({}), Some(cursor.clone())).await;
    assert!(polled.events.is_empty());
    assert_eq!(polled.cursor, Some(cursor));
}

#[tokio::test]
async fn read_status_sender_labels_and_spam_filter_what_is_reported() {
    let server = MockServer::start().await;
    mount_history(
        &server,
        "1000",
        None,
        json!({
            "history": [added("1001", &[("m1", &["INBOX"]), ("m2", &["INBOX"]), ("m3", &["INBOX"]), ("m4", &["SPAM"]), ("m5", &["INBOX"])])],
            "historyId": "1003",
        }),
    )
    .await;
    let jane = "Jane Doe <JANE@example.com>";
    mount_message(&server, "m1", &["INBOX", "UNREAD", "IMPORTANT"], jane, OLD).await;
    mount_message(&server, "m2", &["INBOX", "IMPORTANT"], jane, OLD).await;
    mount_message(&server, "m3", &["INBOX", "UNREAD", "IMPORTANT"], "Bob <bob@example.com>", OLD).await;
    mount_message(&server, "m4", &["SPAM", "UNREAD", "IMPORTANT"], jane, OLD).await;
    mount_message(&server, "m5", &["INBOX", "UNREAD"], jane, OLD).await;
    let config = json!({ "readStatus": "unread", "sender": "jane@", "labelIds": ["IMPORTANT"] });
    let polled = poll(&server, "email_received", config, Some(json!({ "historyId": "1000" }))).await;
    assert_eq!(polled.events.iter().map(|e| e["id"].clone()).collect::<Vec<_>>(), [json!("m1")]);
    assert_eq!(polled.cursor, Some(json!({ "historyId": "1003" })), "filtered messages are done with too");
}

#[tokio::test]
async fn an_expired_history_starts_again_from_the_current_mailbox() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/history")
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .expect(1)
        .mount(&server)
        .await;
    gmail("GET", "/gmail/v1/users/me/profile")
        .respond_with(ok(json!({ "emailAddress": "me@example.com", "historyId": "5000" })))
        .expect(1)
        .mount(&server)
        .await;
    let polled = poll(&server, "email_received", json!({}), Some(json!({ "historyId": "12" }))).await;
    assert!(polled.events.is_empty());
    assert_eq!(polled.cursor, Some(json!({ "historyId": "5000" })));
}

#[tokio::test]
async fn a_poll_reads_at_most_a_hundred_messages_and_the_next_goes_on_from_there() {
    let server = MockServer::start().await;
    let records: Vec<Value> =
        (1..=101).map(|n| added(&(2000 + n).to_string(), &[(&format!("n{n}"), &["INBOX"])])).collect();
    mount_history(&server, "2000", None, json!({ "history": records, "historyId": "2101" })).await;
    gmail("GET", "/gmail/v1/users/me/messages/n101").respond_with(ok(json!({}))).expect(0).mount(&server).await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path_regex("^/gmail/v1/users/me/messages/n[0-9]+$"))
        .respond_with(|request: &Request| {
            let id = request.url.path().rsplit('/').next().unwrap_or_default().to_owned();
            ok(message(&id, &["INBOX"], "Jane <jane@example.com>", OLD))
        })
        .expect(100)
        .mount(&server)
        .await;
    let polled = poll(&server, "email_received", json!({}), Some(json!({ "historyId": "2000" }))).await;
    assert_eq!(polled.events.len(), 100);
    assert_eq!(polled.events[99]["id"], "n100");
    assert_eq!(polled.cursor, Some(json!({ "historyId": "2100", "seen": ["n100"] })));
}

#[tokio::test]
async fn a_search_query_keeps_what_gmail_finds_and_lets_new_mail_settle() {
    let server = MockServer::start().await;
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    mount_history(
        &server,
        "1000",
        None,
        json!({
            "history": [added("1001", &[("m1", &["INBOX"])]), added("1002", &[("m2", &["INBOX"])]), added("1003", &[("m3", &["INBOX"])])],
            "historyId": "1003",
        }),
    )
    .await;
    mount_message(&server, "m1", &["INBOX"], "a@example.com", OLD).await;
    mount_message(&server, "m2", &["INBOX"], "b@example.com", OLD + 5_000).await;
    mount_message(&server, "m3", &["INBOX"], "c@example.com", now_ms).await;
    gmail("GET", "/gmail/v1/users/me/messages")
        .and(matchers::query_param("q", "(has:attachment) after:1699999999"))
        .and(matchers::query_param("includeSpamTrash", "false"))
        .respond_with(ok(json!({ "messages": [{ "id": "m2", "threadId": "t" }, { "id": "older", "threadId": "t" }] })))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({ "searchQuery": "has:attachment" });
    let polled = poll(&server, "email_received", config, Some(json!({ "historyId": "1000" }))).await;
    assert_eq!(polled.events.iter().map(|e| e["id"].clone()).collect::<Vec<_>>(), [json!("m2")]);
    // m3 arrived a moment ago: the cursor stays before it, and the next poll reads it again.
    assert_eq!(polled.cursor, Some(json!({ "historyId": "1002", "seen": ["m2"] })));
}

#[tokio::test]
async fn unsimplified_events_are_gmails_message_resources() {
    let server = MockServer::start().await;
    mount_history(
        &server,
        "1000",
        None,
        json!({ "history": [added("1001", &[("m1", &["INBOX"])])], "historyId": "1001" }),
    )
    .await;
    mount_message(&server, "m1", &["INBOX"], "Jane <jane@example.com>", OLD).await;
    let polled =
        poll(&server, "email_received", json!({ "simple": false }), Some(json!({ "historyId": "1000" }))).await;
    assert_eq!(polled.events, [message("m1", &["INBOX"], "Jane <jane@example.com>", OLD)]);
    assert_eq!(polled.cursor, Some(json!({ "historyId": "1001", "seen": ["m1"] })));
}

#[tokio::test]
async fn email_sent_reports_messages_sent_directly_and_drafts_once_sent() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/history")
        .and(matchers::query_param("startHistoryId", "700"))
        .and(matchers::query_param("labelId", "SENT"))
        .and(matchers::query_param("historyTypes", "messageAdded"))
        .and(matchers::query_param("historyTypes", "labelAdded"))
        .respond_with(ok(json!({
            "history": [
                added("701", &[("s1", &["SENT"])]),
                added("702", &[("d1", &["DRAFT"])]),
                { "id": "703", "labelsAdded": [{ "message": { "id": "d1", "labelIds": ["SENT"] }, "labelIds": ["SENT"] }] },
            ],
            "historyId": "705",
        })))
        .expect(1)
        .mount(&server)
        .await;
    mount_message(&server, "s1", &["SENT"], "me@example.com", OLD).await;
    mount_message(&server, "d1", &["SENT"], "me@example.com", OLD).await;
    let polled =
        poll(&server, "email_sent", json!({ "pollingInterval": "15" }), Some(json!({ "historyId": "700" }))).await;
    assert_eq!(polled.events, [simple("s1", &["SENT"], "me@example.com"), simple("d1", &["SENT"], "me@example.com")]);
    assert_eq!(polled.cursor, Some(json!({ "historyId": "705" })));
}

#[tokio::test]
async fn a_failed_history_read_keeps_the_cursor_by_failing_the_poll() {
    let server = MockServer::start().await;
    gmail("GET", "/gmail/v1/users/me/history")
        .respond_with(google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
        .mount(&server)
        .await;
    let error = testing::connect::<Gmail>(&server, creds())
        .poll("email_received", json!({}), Some(json!({ "historyId": "1000" })))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.message, "the upstream answered 401: Request had invalid authentication credentials.");
}
