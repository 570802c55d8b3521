//! The `imap` connector's `new_email` trigger against a local IMAP server
//! (tests/common/imap.rs) with scripted mailboxes: the cursor by UID (the first poll, emails
//! arriving together, no repeats, a UIDVALIDITY change), what is emitted in each format, the
//! commands sent (TLS, STARTTLS, EXAMINE, the search, the marking as read), the reuse of one
//! signed-in connection, and refusals mapped to clear errors that never show the password.

mod common;

use base64::Engine;
use common::email;
use common::imap::{ImapConfig, ImapServer, PASSWORD, USER};
use connectors::communication::imap::Imap;
use fluxturn_core::{ConnectContext, Connector, ConnectorError, ErrorCode, Polled};
use serde_json::{json, Value};

fn connect(credentials: Value) -> Result<Imap, ConnectorError> {
    ConnectContext::new(credentials.as_object().cloned().expect("credentials are an object")).connect::<Imap>()
}

fn config(extra: Value) -> Value {
    let mut config = json!({ "mailbox": "INBOX", "postProcessAction": "read", "format": "simple" });
    for (key, value) in extra.as_object().cloned().unwrap_or_default() {
        config[key] = value;
    }
    config
}

async fn poll(imap: &Imap, config: &Value, cursor: Option<Value>) -> Result<Polled<Value>, ConnectorError> {
    imap.poll("new_email", config.clone(), cursor).await
}

fn uids(polled: &Polled<Value>) -> Vec<u64> {
    polled.events.iter().map(|e| e["uid"].as_u64().unwrap()).collect()
}

fn html_email() -> String {
    "From: \"Grace Hopper\" <grace@example.org>\r\nTo: reader@example.com, Ops <ops@example.com>\r\n\
     Cc: audit@example.com\r\nReply-To: replies@example.org\r\nSubject: =?UTF-8?Q?Caf=C3=A9_menu?=\r\n\
     Date: Wed, 15 May 2024 18:05:00 +0000\r\nMessage-ID: <menu-42@example.org>\r\nMIME-Version: 1.0\r\n\
     Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
     --outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n\
     --inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSoup of the day\r\n\
     --inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Soup of the <i>day</i></p>\r\n--inner--\r\n\
     --outer\r\nContent-Type: text/csv; name=\"prices.csv\"\r\nContent-Disposition: attachment; filename=\"prices.csv\"\r\n\
     Content-Transfer-Encoding: base64\r\n\r\nc291cCw0Cg==\r\n--outer--\r\n"
        .to_owned()
}

#[tokio::test]
async fn the_first_poll_emits_nothing_and_records_where_the_mailbox_stands() {
    let server = ImapServer::start(ImapConfig::default()).await;
    server.deliver("INBOX", &email("a@example.com", USER, "Old one", "1"));
    server.deliver("INBOX", &email("b@example.com", USER, "Old two", "2"));
    let imap = connect(server.credentials(json!({}))).unwrap();

    let first = poll(&imap, &config(json!({})), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "uidValidity": 1000, "lastUid": 2 })));
    assert_eq!(server.logins(), [true], "signed in once, over TLS from the start");
    assert_eq!(server.commands(), [format!("LOGIN {USER}"), "SELECT \"INBOX\"".to_owned()]);
    assert!(server.flags("INBOX", 1).is_empty(), "nothing was marked");
}

#[tokio::test]
async fn two_emails_arriving_together_are_each_emitted_once_and_marked_read() {
    let server = ImapServer::start(ImapConfig::default()).await;
    server.deliver("INBOX", &email("old@example.com", USER, "Before", "old"));
    let imap = connect(server.credentials(json!({}))).unwrap();
    let watch = config(json!({}));
    let first = poll(&imap, &watch, None).await.unwrap();

    let plain = server.deliver("INBOX", &email("Ada Lovelace <ada@example.com>", USER, "Engine notes", "Note G"));
    let rich = server.deliver("INBOX", &html_email());
    server.clear_commands();
    let second = poll(&imap, &watch, first.cursor).await.unwrap();
    assert_eq!(uids(&second), [u64::from(plain), u64::from(rich)], "both, oldest first");
    assert_eq!(second.cursor, Some(json!({ "uidValidity": 1000, "lastUid": rich })));

    let ada = &second.events[0];
    assert_eq!(ada["id"], format!("1000:{plain}"));
    assert_eq!(ada["uidValidity"], 1000);
    assert_eq!(ada["mailbox"], "INBOX");
    assert_eq!(ada["flags"], json!([]), "the flags before marking");
    assert_eq!(ada["from"], "Ada Lovelace <ada@example.com>");
    assert_eq!(ada["to"], USER);
    assert_eq!(ada["subject"], "Engine notes");
    assert_eq!(ada["date"], "2024-05-14T09:30:00+02:00");
    assert_eq!(ada["messageId"], "engine-notes@example.com");
    assert_eq!(ada["text"], "Note G\r\n");
    assert!(ada.get("html").is_none() && ada.get("attachments").is_none() && ada.get("headers").is_none());

    let grace = &second.events[1];
    assert_eq!(grace["from"], "Grace Hopper <grace@example.org>");
    assert_eq!(grace["to"], "reader@example.com, Ops <ops@example.com>");
    assert_eq!(grace["cc"], "audit@example.com");
    assert_eq!(grace["replyTo"], "replies@example.org");
    assert_eq!(grace["subject"], "Café menu");
    assert_eq!(grace["date"], "2024-05-15T18:05:00Z");
    assert_eq!(grace["text"], "Soup of the day");
    assert_eq!(grace["html"], "<p>Soup of the <i>day</i></p>");
    assert_eq!(
        grace["attachments"],
        json!([{ "key": "attachment_0", "filename": "prices.csv", "contentType": "text/csv", "size": 7 }])
    );

    assert_eq!(
        server.commands(),
        [
            "NOOP".to_owned(),
            "SELECT \"INBOX\"".to_owned(),
            "UID SEARCH UID 2:* UNSEEN".to_owned(),
            format!("UID FETCH {plain}:{rich} (UID FLAGS BODY.PEEK[])"),
            format!("UID STORE {plain}:{rich} +FLAGS.SILENT (\\Seen)"),
        ],
        "the kept session is probed, the default rule is UNSEEN, bodies are peeked, then marked"
    );
    assert_eq!(server.flags("INBOX", plain), ["\\Seen"]);
    assert_eq!(server.flags("INBOX", rich), ["\\Seen"]);
    assert!(server.flags("INBOX", 1).is_empty(), "the email from before the first poll is left alone");

    let third = poll(&imap, &watch, second.cursor.clone()).await.unwrap();
    assert!(third.events.is_empty(), "no repeats: {:?}", third.events);
    assert_eq!(third.cursor, second.cursor);

    let later = server.deliver("INBOX", &email("c@example.com", USER, "Later", "3"));
    let fourth = poll(&imap, &watch, third.cursor).await.unwrap();
    assert_eq!(uids(&fourth), [u64::from(later)]);
}

#[tokio::test]
async fn with_nothing_to_do_the_mailbox_is_opened_read_only_and_left_untouched() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    let watch = config(json!({ "postProcessAction": "nothing" }));
    let first = poll(&imap, &watch, None).await.unwrap();
    let uid = server.deliver("INBOX", &email("a@example.com", USER, "Unread", "x"));

    let second = poll(&imap, &watch, first.cursor).await.unwrap();
    assert_eq!(uids(&second), [u64::from(uid)]);
    assert!(server.flags("INBOX", uid).is_empty(), "still unread");
    assert!(server.commands_starting("SELECT").is_empty() && server.commands_starting("UID STORE").is_empty());
    assert_eq!(server.commands_starting("EXAMINE").len(), 2);

    // Still unread, so still UNSEEN, yet not emitted again: the cursor is past it.
    let third = poll(&imap, &watch, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn emails_the_server_will_not_mark_are_emitted_unmarked_and_not_again() {
    let server = ImapServer::start(ImapConfig { refuse_store: true, ..Default::default() }).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    let watch = config(json!({}));
    let first = poll(&imap, &watch, None).await.unwrap();
    let uid = server.deliver("INBOX", &email("a@example.com", USER, "Shared", "x"));
    let second = poll(&imap, &watch, first.cursor).await.unwrap();
    assert_eq!(uids(&second), [u64::from(uid)]);
    assert_eq!(server.commands_starting("UID STORE").len(), 1, "marking was tried");
    assert!(server.flags("INBOX", uid).is_empty());
    assert!(poll(&imap, &watch, second.cursor).await.unwrap().events.is_empty(), "the cursor is past it");
}

#[tokio::test]
async fn a_uidvalidity_change_restarts_from_the_mailbox_as_it_stands() {
    let server = ImapServer::start(ImapConfig::default()).await;
    for n in 0..3 {
        server.deliver("INBOX", &email("a@example.com", USER, &format!("Old {n}"), "x"));
    }
    let imap = connect(server.credentials(json!({}))).unwrap();
    let watch = config(json!({}));
    let first = poll(&imap, &watch, None).await.unwrap();
    assert_eq!(first.cursor, Some(json!({ "uidValidity": 1000, "lastUid": 3 })));

    // An email arrives, then the server renumbers the mailbox (UIDs from 1 again).
    server.deliver("INBOX", &email("a@example.com", USER, "Lost in the change", "x"));
    server.renumber("INBOX", 2000);
    let changed = poll(&imap, &watch, first.cursor).await.unwrap();
    assert!(changed.events.is_empty(), "old UIDs mean nothing now: {:?}", changed.events);
    assert_eq!(changed.cursor, Some(json!({ "uidValidity": 2000, "lastUid": 4 })));

    let uid = server.deliver("INBOX", &email("b@example.com", USER, "After the change", "y"));
    let after = poll(&imap, &watch, changed.cursor).await.unwrap();
    assert_eq!(uids(&after), [u64::from(uid)]);
    assert_eq!(after.events[0]["id"], "2000:5");
    assert_eq!(after.events[0]["subject"], "After the change");
}

#[tokio::test]
async fn without_uidnext_the_highest_uid_is_never_emitted_again() {
    let server = ImapServer::start(ImapConfig { send_uid_next: false, ..Default::default() }).await;
    server.deliver("INBOX", &email("a@example.com", USER, "One", "1"));
    server.deliver("INBOX", &email("a@example.com", USER, "Two", "2"));
    let imap = connect(server.credentials(json!({}))).unwrap();
    let watch = config(json!({ "customEmailConfig": "" }));

    let first = poll(&imap, &watch, None).await.unwrap();
    assert_eq!(first.cursor, Some(json!({ "uidValidity": 1000, "lastUid": 2 })));
    assert_eq!(server.commands_starting("UID SEARCH"), ["UID SEARCH ALL"]);

    // `UID 3:*` matches UID 2, the highest, on the server: it is not new.
    let second = poll(&imap, &watch, first.cursor).await.unwrap();
    assert!(second.events.is_empty(), "{:?}", second.events);
    assert_eq!(server.commands_starting("UID SEARCH").last().unwrap(), "UID SEARCH UID 3:*");

    let uid = server.deliver("INBOX", &email("a@example.com", USER, "Three", "3"));
    let third = poll(&imap, &watch, second.cursor).await.unwrap();
    assert_eq!(uids(&third), [u64::from(uid)]);
    let fourth = poll(&imap, &watch, third.cursor).await.unwrap();
    assert!(fourth.events.is_empty());
}

#[tokio::test]
async fn custom_rules_narrow_what_is_emitted() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    let watch = config(json!({ "customEmailConfig": r#"["UNSEEN", ["FROM", "billing@example.com"]]"# }));
    let first = poll(&imap, &watch, None).await.unwrap();

    server.deliver("INBOX", &email("news@example.com", USER, "Newsletter", "x"));
    let invoice = server.deliver("INBOX", &email("billing@example.com", USER, "Invoice", "x"));
    server.deliver_flagged("INBOX", &email("billing@example.com", USER, "Read elsewhere", "x"), &["\\Seen"]);
    let second = poll(&imap, &watch, first.cursor).await.unwrap();
    assert_eq!(uids(&second), [u64::from(invoice)]);
    assert_eq!(server.commands_starting("UID SEARCH"), ["UID SEARCH UID 1:* UNSEEN FROM \"billing@example.com\""]);
    assert_eq!(second.cursor, Some(json!({ "uidValidity": 1000, "lastUid": 3 })), "past the ones that did not match");

    let error = poll(&imap, &config(json!({ "customEmailConfig": "UNSEEN" })), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("customEmailConfig is not JSON"), "{error}");
}

#[tokio::test]
async fn the_formats_shape_each_email() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    let cursor = poll(&imap, &config(json!({})), None).await.unwrap().cursor;
    let raw = html_email();
    server.deliver("INBOX", &raw);
    // Each shape polls from the same cursor without marking: the same email each time.
    let shaped = |mut extra: Value| {
        let (imap, cursor) = (&imap, cursor.clone());
        extra["postProcessAction"] = json!("nothing");
        async move {
            let polled = poll(imap, &config(extra), cursor).await.unwrap();
            assert_eq!(polled.events.len(), 1);
            polled.events[0].clone()
        }
    };

    let raw_event = shaped(json!({ "format": "raw" })).await;
    let decoded = base64::engine::general_purpose::URL_SAFE.decode(raw_event["raw"].as_str().unwrap()).unwrap();
    assert_eq!(decoded, raw.as_bytes());
    assert_eq!(raw_event["messageId"], "menu-42@example.org");
    assert!(raw_event.get("subject").is_none() && raw_event.get("text").is_none());

    let resolved = shaped(json!({ "format": "resolved" })).await;
    assert_eq!(resolved["subject"], "Café menu");
    assert_eq!(resolved["headers"]["subject"], "Café menu");
    assert_eq!(resolved["headers"]["message-id"], "menu-42@example.org");
    assert_eq!(resolved["addresses"]["from"], json!([{ "name": "Grace Hopper", "address": "grace@example.org" }]));
    assert_eq!(resolved["addresses"]["to"][1], json!({ "name": "Ops", "address": "ops@example.com" }));

    let downloaded = shaped(json!({ "downloadAttachments": true, "dataPropertyAttachmentsPrefixName": "file_" })).await;
    assert_eq!(downloaded["attachments"][0]["key"], "file_0");
    let data = base64::engine::general_purpose::STANDARD.decode(downloaded["attachments"][0]["data"].as_str().unwrap());
    assert_eq!(data.unwrap(), b"soup,4\n");
}

#[tokio::test]
async fn more_than_a_hundred_new_emails_are_emitted_over_several_polls() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    let watch = config(json!({ "postProcessAction": "nothing" }));
    let first = poll(&imap, &watch, None).await.unwrap();
    for n in 0..105 {
        server.deliver("INBOX", &email("a@example.com", USER, &format!("Bulk {n}"), "x"));
    }
    let second = poll(&imap, &watch, first.cursor).await.unwrap();
    assert_eq!(uids(&second), (1..=100).collect::<Vec<_>>());
    assert_eq!(second.cursor, Some(json!({ "uidValidity": 1000, "lastUid": 100 })));
    let third = poll(&imap, &watch, second.cursor).await.unwrap();
    assert_eq!(uids(&third), (101..=105).collect::<Vec<_>>());
    assert!(poll(&imap, &watch, third.cursor).await.unwrap().events.is_empty());
}

#[tokio::test]
async fn one_signed_in_connection_serves_the_polls_until_force_reconnect() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    let kept = config(json!({ "forceReconnect": 60 }));
    let mut cursor = None;
    for _ in 0..3 {
        cursor = poll(&imap, &kept, cursor).await.unwrap().cursor;
    }
    assert_eq!((server.connections(), server.logins().len()), (1, 1), "{:?}", server.commands());
    assert_eq!(server.commands_starting("NOOP").len(), 2, "the kept session is probed before each reuse");

    // The server drops the connection: the next poll signs in afresh and still works.
    server.disconnect_all();
    let uid = server.deliver("INBOX", &email("a@example.com", USER, "After a restart", "x"));
    let polled = poll(&imap, &kept, cursor.clone()).await.unwrap();
    assert_eq!(uids(&polled), [u64::from(uid)]);
    assert_eq!(server.logins().len(), 2);

    // forceReconnect 0: a connection per poll, signed out at the end.
    let fresh = config(json!({ "forceReconnect": 0 }));
    let before = server.connections();
    for _ in 0..2 {
        poll(&imap, &fresh, polled.cursor.clone()).await.unwrap();
    }
    assert_eq!(server.connections(), before + 2);
    assert_eq!(server.commands().last().map(String::as_str), Some("LOGOUT"));
}

#[tokio::test]
async fn starttls_is_used_when_the_server_offers_it() {
    for capability_in_greeting in [true, false] {
        let config_ = ImapConfig { implicit_tls: false, capability_in_greeting, ..Default::default() };
        let server = ImapServer::start(config_).await;
        let imap = connect(server.credentials(json!({}))).unwrap();
        poll(&imap, &config(json!({})), None).await.unwrap();
        assert_eq!(server.commands()[0], "STARTTLS");
        assert_eq!(server.logins(), [true], "signed in over TLS");
    }

    let plain = ImapConfig { implicit_tls: false, offer_starttls: false, ..Default::default() };
    let server = ImapServer::start(plain).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    poll(&imap, &config(json!({})), None).await.unwrap();
    assert!(server.commands_starting("STARTTLS").is_empty(), "the greeting said there is no STARTTLS");
    assert_eq!(server.logins(), [false]);
}

#[tokio::test]
async fn a_wrong_password_is_unauthorized_and_never_shown() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let wrong = "Wr0ng-\"Passw0rd\"";
    let imap = connect(server.credentials(json!({ "password": wrong }))).unwrap();
    let error = poll(&imap, &config(json!({})), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(
        error
            .message
            .contains(&format!("refused to sign in user `{USER}`: [AUTHENTICATIONFAILED] Invalid credentials")),
        "{error}"
    );
    assert!(!format!("{error} {}", error.details).contains("Passw0rd"), "{error}");
    assert_eq!(imap.test_connection().await.unwrap_err().code, ErrorCode::Unauthorized);
    assert!(server.logins().is_empty());

    let right = connect(server.credentials(json!({}))).unwrap();
    right.test_connection().await.unwrap();
    assert_eq!(server.logins(), [true]);
    assert_eq!(server.commands().last().map(String::as_str), Some("LOGOUT"));
    assert!(!server.commands().iter().any(|c| c.contains(PASSWORD)), "the log never holds the password");
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_unless_allowed() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let imap = connect(server.credentials(json!({ "allowUnauthorizedCerts": false }))).unwrap();
    let error = poll(&imap, &config(json!({})), None).await.unwrap_err();
    assert_eq!((error.code, error.retryable), (ErrorCode::Connection, false), "{error}");
    assert!(
        error.message.contains("TLS with 127.0.0.1") && error.message.contains("allowUnauthorizedCerts"),
        "{error}"
    );
    assert!(server.logins().is_empty());
}

#[tokio::test]
async fn a_missing_mailbox_is_not_found_and_an_unreachable_server_a_connection_error() {
    let server = ImapServer::start(ImapConfig::default()).await;
    let imap = connect(server.credentials(json!({}))).unwrap();
    let error = poll(&imap, &config(json!({ "mailbox": "Archive" })), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("opening mailbox `Archive`") && error.message.contains("NONEXISTENT"), "{error}");

    server.create("Archive", 7);
    server.deliver("Archive", &email("a@example.com", USER, "Filed", "x"));
    let polled = poll(&imap, &config(json!({ "mailbox": "Archive" })), None).await.unwrap();
    assert_eq!(polled.cursor, Some(json!({ "uidValidity": 7, "lastUid": 1 })));

    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let credentials = json!({ "host": "127.0.0.1", "port": port, "user": USER, "password": PASSWORD, "secure": true });
    let error = poll(&connect(credentials).unwrap(), &config(json!({})), None).await.unwrap_err();
    assert_eq!((error.code, error.retryable), (ErrorCode::Connection, true), "{error}");
    assert!(error.message.contains(&format!("could not reach 127.0.0.1:{port}")), "{error}");
}

#[tokio::test]
async fn credentials_and_configuration_are_checked() {
    let base = json!({ "host": "imap.example.com", "port": 993, "user": USER, "password": PASSWORD });
    let with = |key: &str, value: Value| {
        let mut credentials = base.clone();
        credentials[key] = value;
        credentials
    };
    for (credentials, expected) in [
        (with("password", Value::Null), "missing required credential field `password`"),
        (with("host", json!("imaps://imap.example.com")), "is not a host name"),
        (with("user", json!("me\r\nA1 LOGOUT")), "holds a line break"),
        (with("port", json!(0)), "port 0 is not a port"),
    ] {
        let error = connect(credentials).err().expect("refused");
        assert_eq!(error.code, ErrorCode::InvalidCredentials, "{error}");
        assert!(error.message.contains(expected), "{expected:?} in {error}");
    }
    let imap = connect(base).unwrap();
    let error = poll(&imap, &json!({ "mailbox": "INBOX", "format": "simple" }), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("postProcessAction"), "{error}");
}
