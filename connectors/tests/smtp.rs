//! The `smtp` connector against a local SMTP server (tests/common/smtp.rs): what the server
//! received (envelope, headers, bodies, attachments, the AUTH used, TLS), what the action
//! returns, and refusals mapped to clear errors that never show the password.

mod common;

use base64::Engine;
use common::smtp::{SmtpConfig, SmtpServer, PASSWORD, USER};
use connectors::communication::smtp::Smtp;
use fluxturn_core::{ConnectContext, Connector, ConnectorError, ErrorCode};
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::{json, Value};

fn connect(credentials: Value) -> Result<Smtp, ConnectorError> {
    ConnectContext::new(credentials.as_object().cloned().expect("credentials are an object")).connect::<Smtp>()
}

async fn send(server: &SmtpServer, credentials: Value, input: Value) -> Result<Value, ConnectorError> {
    let smtp = connect(server.credentials(credentials))?;
    smtp.execute("send_email", input).await
}

fn simple_email(to: &str) -> Value {
    json!({
        "fromEmail": "Ada Lovelace <ada@example.com>",
        "toEmail": to,
        "subject": "Hello",
        "emailFormat": "text",
        "text": "Hi there",
    })
}

/// The error's message and details, where no secret may appear.
fn shown(error: &ConnectorError) -> String {
    format!("{error} {}", error.details)
}

fn assert_no_password(error: &ConnectorError, password: &str) {
    let base64 = base64::engine::general_purpose::STANDARD;
    let text = shown(error);
    for secret in [password.to_owned(), base64.encode(password), base64.encode(format!("\0{USER}\0{password}"))] {
        assert!(!text.contains(&secret), "the error shows a secret: {text}");
    }
}

#[tokio::test]
async fn sends_text_over_implicit_tls_with_auth_plain_to_to_cc_and_bcc() {
    let server = SmtpServer::start(SmtpConfig { implicit_tls: true, ..Default::default() }).await;
    let input = json!({
        "fromEmail": "Ada Lovelace <ada@example.com>",
        "toEmail": "bob@example.com, Carol <carol@example.org>",
        "ccEmail": "dan@example.com",
        "bccEmail": "eve@example.com",
        "replyTo": "replies@example.com",
        "subject": "Quarterly report ✓",
        "emailFormat": "text",
        "text": "Hello Bob,\n.this line starts with a dot\nBye",
    });
    let output = send(&server, json!({ "hostName": "flux.example.net" }), input).await.unwrap();

    let session = server.session();
    assert!(session.implicit_tls && !session.starttls, "{session:#?}");
    assert_eq!(session.ehlo.as_deref(), Some("flux.example.net"));
    let auth = session.auth.clone().expect("signed in");
    assert_eq!((auth.mechanism.as_str(), auth.user.as_str(), auth.over_tls), ("PLAIN", USER, true));
    assert_eq!(session.commands, ["EHLO", "AUTH PLAIN", "MAIL", "RCPT", "RCPT", "RCPT", "RCPT", "DATA", "QUIT"]);
    assert_eq!(session.mail_from.as_deref(), Some("ada@example.com"));
    assert_eq!(session.rcpt_to, ["bob@example.com", "carol@example.org", "dan@example.com", "eve@example.com"]);

    let data = session.data.expect("the message");
    let raw = String::from_utf8_lossy(&data);
    assert!(!raw.to_ascii_lowercase().contains("\r\nbcc:"), "the Bcc header is left out: {raw}");
    assert!(!raw.contains("eve@example.com"), "the hidden recipient is nowhere in the message: {raw}");
    let message = MessageParser::default().parse(&data).expect("a parsable message");
    let from = message.from().and_then(|a| a.first()).unwrap();
    assert_eq!((from.name(), from.address()), (Some("Ada Lovelace"), Some("ada@example.com")));
    let to: Vec<_> = message.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, ["bob@example.com", "carol@example.org"]);
    assert_eq!(message.cc().and_then(|a| a.first()).and_then(|a| a.address()), Some("dan@example.com"));
    assert_eq!(message.reply_to().and_then(|a| a.first()).and_then(|a| a.address()), Some("replies@example.com"));
    assert_eq!(message.subject(), Some("Quarterly report ✓"));
    assert_eq!(
        message.body_text(0).unwrap().replace("\r\n", "\n").trim_end(),
        "Hello Bob,\n.this line starts with a dot\nBye"
    );
    assert_eq!(message.html_body_count(), 1, "one text part, which mail-parser also offers as HTML");
    assert!(message.html_part(0).is_some_and(|p| !p.is_text_html()), "no HTML part was sent");

    let message_id = output["messageId"].as_str().unwrap();
    assert!(message_id.starts_with('<') && message_id.ends_with("@example.com>"), "{message_id}");
    assert_eq!(message.message_id(), Some(message_id.trim_matches(['<', '>'])));
    assert_eq!(
        output["accepted"],
        json!(["bob@example.com", "carol@example.org", "dan@example.com", "eve@example.com"])
    );
    assert_eq!(output["rejected"], json!([]));
    assert_eq!(output["response"], "250 2.0.0 Ok: queued as 4BxMOCK");
    assert_eq!(output["envelope"]["from"], "ada@example.com");
    assert_eq!(output["envelope"]["to"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn upgrades_with_starttls_signs_in_with_login_and_sends_html_text_and_attachments() {
    let server = SmtpServer::start(SmtpConfig { mechanisms: vec!["LOGIN"], ..Default::default() }).await;
    let csv = base64::engine::general_purpose::STANDARD.encode("a,b\n1,2\n");
    let input = json!({
        "fromEmail": "ada@example.com",
        "toEmail": "bob@example.com",
        "subject": "Figures",
        "emailFormat": "both",
        "text": "The figures are attached.",
        "html": "<p>The figures are <b>attached</b>.</p>",
        "attachments": json!([
            { "filename": "figures.csv", "content": csv },
            { "filename": "notes.txt", "content": "remember the milk", "encoding": "utf8" },
            { "filename": "blob", "content": "AAEC", "contentType": "application/x-custom" },
        ]).to_string(),
    });
    let output = send(&server, json!({ "secure": false }), input).await.unwrap();

    let session = server.session();
    assert!(!session.implicit_tls && session.starttls && session.data_over_tls, "{session:#?}");
    assert_eq!(session.commands[..4], ["EHLO", "STARTTLS", "EHLO", "AUTH LOGIN"]);
    assert_eq!(session.auth.clone().map(|a| (a.mechanism, a.over_tls)), Some(("LOGIN".to_owned(), true)));

    let data = session.data.expect("the message");
    let message = MessageParser::default().parse(&data).unwrap();
    assert_eq!(message.body_text(0).unwrap().trim_end(), "The figures are attached.");
    let html = message.html_part(0).unwrap();
    assert!(html.is_text_html());
    assert_eq!(html.text_contents(), Some("<p>The figures are <b>attached</b>.</p>"));
    let attachments: Vec<_> = message
        .attachments()
        .map(|a| {
            let ct = a.content_type().unwrap();
            (
                a.attachment_name().unwrap().to_owned(),
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap()),
                a.contents().to_vec(),
            )
        })
        .collect();
    assert_eq!(
        attachments,
        [
            ("figures.csv".to_owned(), "text/csv".to_owned(), b"a,b\n1,2\n".to_vec()),
            ("notes.txt".to_owned(), "text/plain".to_owned(), b"remember the milk".to_vec()),
            ("blob".to_owned(), "application/x-custom".to_owned(), vec![0, 1, 2]),
        ]
    );
    assert_eq!(output["accepted"], json!(["bob@example.com"]));
}

#[tokio::test]
async fn with_starttls_disabled_it_sends_in_clear_text_without_signing_in() {
    let server = SmtpServer::start(SmtpConfig { require_auth: false, ..Default::default() }).await;
    let credentials = json!({ "secure": false, "disableStartTls": true, "user": null, "password": null });
    send(&server, credentials, simple_email("bob@example.com")).await.unwrap();
    let session = server.session();
    assert_eq!(session.commands, ["EHLO", "MAIL", "RCPT", "DATA", "QUIT"], "no STARTTLS although offered, no AUTH");
    assert!(!session.data_over_tls && session.auth.is_none());
    assert!(String::from_utf8_lossy(&session.data.unwrap()).contains("Hi there"));
}

#[tokio::test]
async fn the_password_is_not_sent_unencrypted_to_a_server_without_starttls() {
    let server = SmtpServer::start(SmtpConfig { offer_starttls: false, ..Default::default() }).await;
    let error = send(&server, json!({ "secure": false }), simple_email("bob@example.com")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Upstream, "{error}");
    assert!(error.message.contains("does not offer STARTTLS") && error.message.contains("disableStartTls"), "{error}");
    assert!(!server.session().commands.iter().any(|c| c.starts_with("AUTH") || c == "MAIL"));
}

#[tokio::test]
async fn a_server_offering_no_password_sign_in_is_reported_before_any_auth() {
    let server = SmtpServer::start(SmtpConfig { implicit_tls: true, mechanisms: vec![], ..Default::default() }).await;
    let error = send(&server, json!({}), simple_email("bob@example.com")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Upstream, "{error}");
    assert!(error.message.contains("no AUTH PLAIN or LOGIN in its EHLO reply"), "{error}");
    assert_eq!(server.session().commands, ["EHLO", "QUIT"]);
}

#[tokio::test]
async fn a_refused_password_is_unauthorized_and_never_shown() {
    let server = SmtpServer::start(SmtpConfig { implicit_tls: true, ..Default::default() }).await;
    let wrong = "Wr0ng-Passw0rd-123";
    let error = send(&server, json!({ "password": wrong }), simple_email("bob@example.com")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains(&format!("refused to sign in user `{USER}`")), "{error}");
    assert!(error.message.contains("535 5.7.8 Authentication credentials invalid"), "{error}");
    assert_no_password(&error, wrong);
    let session = server.session();
    assert_eq!(session.failed_auths, 1);
    assert!(!session.commands.contains(&"MAIL".to_owned()), "nothing is sent after a refused sign-in");
}

#[tokio::test]
async fn the_connection_test_connects_and_signs_in() {
    let server = SmtpServer::start(SmtpConfig::default()).await;
    let smtp = connect(server.credentials(json!({ "secure": false }))).unwrap();
    smtp.test_connection().await.unwrap();
    let session = server.session();
    assert_eq!(session.commands, ["EHLO", "STARTTLS", "EHLO", "AUTH PLAIN", "QUIT"]);
    assert!(session.auth.is_some());

    let wrong = connect(server.credentials(json!({ "secure": false, "password": "nope-nope" }))).unwrap();
    let error = wrong.test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert_no_password(&error, "nope-nope");
}

#[tokio::test]
async fn a_refused_recipient_is_reported_and_the_others_still_get_the_email() {
    let config = SmtpConfig { reject_recipients: vec!["ghost@example.com".into()], ..Default::default() };
    let server = SmtpServer::start(config).await;
    let output = send(&server, json!({}), simple_email("bob@example.com, ghost@example.com")).await.unwrap();
    assert_eq!(output["accepted"], json!(["bob@example.com"]));
    assert_eq!(
        output["rejected"],
        json!([{ "address": "ghost@example.com", "reply": "550 5.1.1 <ghost@example.com>: Recipient address rejected: User unknown" }])
    );
    let session = server.session();
    assert_eq!(session.rcpt_to, ["bob@example.com"]);
    assert!(session.data.is_some());
}

#[tokio::test]
async fn when_every_recipient_is_refused_nothing_is_sent() {
    let config = SmtpConfig { reject_recipients: vec!["ghost@example.com".into()], ..Default::default() };
    let server = SmtpServer::start(config).await;
    let error = send(&server, json!({}), simple_email("ghost@example.com")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Upstream, "{error}");
    assert!(!error.retryable);
    assert!(error.message.contains("refused every recipient: ghost@example.com: 550 5.1.1"), "{error}");
    assert_eq!(error.details["rejected"][0]["address"], "ghost@example.com");
    let session = server.session();
    assert!(!session.commands.contains(&"DATA".to_owned()) && session.commands.contains(&"RSET".to_owned()));
    assert!(session.data.is_none());
}

#[tokio::test]
async fn a_refused_message_is_an_upstream_error_with_the_servers_reply() {
    let config =
        SmtpConfig { reject_message: Some("552 5.3.4 Message size exceeds fixed limit".into()), ..Default::default() };
    let server = SmtpServer::start(config).await;
    let error = send(&server, json!({}), simple_email("bob@example.com")).await.unwrap_err();
    assert_eq!((error.code, error.retryable), (ErrorCode::Upstream, false), "{error}");
    assert!(
        error.message.contains("refused sending the message: 552 5.3.4 Message size exceeds fixed limit"),
        "{error}"
    );
    assert_eq!(error.details["reply"], "552 5.3.4 Message size exceeds fixed limit");
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_unless_allowed() {
    let server = SmtpServer::start(SmtpConfig { implicit_tls: true, ..Default::default() }).await;
    let strict = json!({ "allowUnauthorizedCerts": false });
    let error = send(&server, strict.clone(), simple_email("bob@example.com")).await.unwrap_err();
    assert_eq!((error.code, error.retryable), (ErrorCode::Connection, false), "{error}");
    assert!(
        error.message.contains("TLS with 127.0.0.1") && error.message.contains("allowUnauthorizedCerts"),
        "{error}"
    );
    assert!(server.sessions().iter().all(|s| s.commands.is_empty()), "nothing was said before TLS failed");

    // The action's own setting allows it for one email.
    let mut input = simple_email("bob@example.com");
    input["allowUnauthorizedCerts"] = json!(true);
    send(&server, strict, input).await.unwrap();
    assert!(server.sessions().iter().any(|s| s.data.is_some()));
}

#[tokio::test]
async fn a_server_that_cannot_be_reached_is_a_retryable_connection_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let credentials = json!({ "host": "127.0.0.1", "port": port, "user": USER, "password": PASSWORD });
    let smtp = connect(credentials).unwrap();
    let error = smtp.execute("send_email", simple_email("bob@example.com")).await.unwrap_err();
    assert_eq!((error.code, error.retryable), (ErrorCode::Connection, true), "{error}");
    assert!(error.message.contains(&format!("could not reach 127.0.0.1:{port}")), "{error}");
}

#[tokio::test]
async fn bad_input_is_refused_before_connecting() {
    let server = SmtpServer::start(SmtpConfig::default()).await;
    let mut cases = Vec::new();
    let mut bad_from = simple_email("bob@example.com");
    bad_from["fromEmail"] = json!("not an address");
    cases.push((bad_from, "fromEmail `not an address` is not an email address"));
    let mut no_html = simple_email("bob@example.com");
    no_html["emailFormat"] = json!("html");
    cases.push((no_html, "html is required when emailFormat is \"html\""));
    cases.push((simple_email("  "), "toEmail names no recipient"));
    let mut attachments = simple_email("bob@example.com");
    attachments["attachments"] = json!("report.pdf");
    cases.push((attachments, "attachments is not JSON"));
    let mut not_base64 = simple_email("bob@example.com");
    not_base64["attachments"] = json!(r#"[{"filename": "a.bin", "content": "***"}]"#);
    cases.push((not_base64, "attachments[0] content is not base64"));
    let mut unknown = simple_email("bob@example.com");
    unknown["cc"] = json!("dan@example.com");
    cases.push((unknown, "unknown field `cc`"));
    for (input, expected) in cases {
        let error = send(&server, json!({}), input).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
        assert!(error.message.contains(expected), "{expected:?} in {error}");
    }
    assert!(server.sessions().is_empty(), "no connection for bad input");
}

#[tokio::test]
async fn credentials_are_checked_when_connecting() {
    let base = json!({ "host": "smtp.example.com", "port": 587, "user": USER, "password": PASSWORD });
    let with = |key: &str, value: Value| {
        let mut credentials = base.clone();
        credentials[key] = value;
        credentials
    };
    let cases = [
        (with("password", Value::Null), "user `mailer@example.com` needs a password"),
        (with("user", Value::Null), "a password needs a user"),
        (with("hostName", json!("evil\r\nMAIL FROM:<x@y>")), "is not a host name"),
        (with("host", json!("smtp://smtp.example.com")), "host `smtp://smtp.example.com` is not a host name"),
        (with("port", json!(0)), "port 0 is not a port"),
        (with("port", json!("587")), "credential field `port` has the wrong type"),
    ];
    for (credentials, expected) in cases {
        let error = connect(credentials).err().expect("refused");
        assert_eq!(error.code, ErrorCode::InvalidCredentials, "{error}");
        assert!(error.message.contains(expected), "{expected:?} in {error}");
        assert!(!shown(&error).contains(PASSWORD));
    }
    assert!(connect(with("hostName", json!("[192.0.2.1]"))).is_ok());
}
