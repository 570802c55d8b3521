//! A local SMTP server (RFC 5321) for the `smtp` connector's tests: EHLO/HELO, STARTTLS
//! (RFC 3207), AUTH PLAIN and LOGIN (RFC 4954), MAIL, RCPT, DATA with dot-unstuffing, RSET,
//! NOOP and QUIT, with refusals scripted by [`SmtpConfig`]. Each connection is recorded as an
//! [`SmtpSession`].

use super::{tls, Io, LineConn};
use base64::Engine;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

/// The user the server accepts by default.
pub const USER: &str = "mailer@example.com";
/// The password the server accepts by default.
pub const PASSWORD: &str = "s3cret-Passw0rd!";

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// TLS from the first byte (SMTPS).
    pub implicit_tls: bool,
    /// Offer STARTTLS on a plain connection.
    pub offer_starttls: bool,
    /// The AUTH mechanisms offered (none: no AUTH in EHLO).
    pub mechanisms: Vec<&'static str>,
    /// The user and password accepted.
    pub user: String,
    /// See `user`.
    pub password: String,
    /// Refuse MAIL FROM before signing in (530).
    pub require_auth: bool,
    /// Recipients refused with 550.
    pub reject_recipients: Vec<String>,
    /// The reply to the end of DATA instead of 250, e.g. "552 5.3.4 Message size exceeds limit".
    pub reject_message: Option<String>,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            implicit_tls: false,
            offer_starttls: true,
            mechanisms: vec!["PLAIN", "LOGIN"],
            user: USER.to_owned(),
            password: PASSWORD.to_owned(),
            require_auth: true,
            reject_recipients: Vec::new(),
            reject_message: None,
        }
    }
}

/// A successful AUTH.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpAuth {
    /// PLAIN or LOGIN.
    pub mechanism: String,
    /// The user signed in.
    pub user: String,
    /// Whether the connection was encrypted when signing in.
    pub over_tls: bool,
}

/// What the server saw on one connection.
#[derive(Debug, Clone, Default)]
pub struct SmtpSession {
    /// The name of the last EHLO (or HELO).
    pub ehlo: Option<String>,
    /// Whether the connection was encrypted from the start.
    pub implicit_tls: bool,
    /// Whether STARTTLS upgraded it.
    pub starttls: bool,
    /// The successful AUTH, if any.
    pub auth: Option<SmtpAuth>,
    /// AUTH attempts refused (535).
    pub failed_auths: usize,
    /// Every command, by verb (AUTH with its mechanism), in order; never a credential.
    pub commands: Vec<String>,
    /// MAIL FROM of the transaction.
    pub mail_from: Option<String>,
    /// The recipients accepted.
    pub rcpt_to: Vec<String>,
    /// The recipients refused.
    pub rejected: Vec<String>,
    /// The message received after DATA, dot-unstuffed, lines ended with CRLF.
    pub data: Option<Vec<u8>>,
    /// Whether the connection was encrypted when the message came.
    pub data_over_tls: bool,
}

/// A running server on 127.0.0.1.
pub struct SmtpServer {
    /// The port it listens on.
    pub port: u16,
    config: SmtpConfig,
    sessions: Arc<Mutex<Vec<SmtpSession>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpServer {
    /// Starts a server behaving as `config` says.
    pub async fn start(config: SmtpConfig) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let sessions = Arc::new(Mutex::new(Vec::new()));
        let acceptor = tls::acceptor();
        let task = tokio::spawn({
            let (config, sessions) = (config.clone(), sessions.clone());
            async move {
                while let Ok((tcp, _)) = listener.accept().await {
                    let (config, sessions, acceptor) = (config.clone(), sessions.clone(), acceptor.clone());
                    tokio::spawn(async move {
                        let index = {
                            let mut sessions = sessions.lock().unwrap();
                            sessions.push(SmtpSession { implicit_tls: config.implicit_tls, ..Default::default() });
                            sessions.len() - 1
                        };
                        let conn = if config.implicit_tls {
                            match tokio::time::timeout(super::LIMIT, acceptor.accept(tcp)).await {
                                Ok(Ok(tls)) => LineConn::new(Box::new(tls) as Box<dyn Io>, true),
                                _ => return,
                            }
                        } else {
                            LineConn::new(Box::new(tcp), false)
                        };
                        serve(conn, &config, &acceptor, &sessions, index).await;
                    });
                }
            }
        });
        Self { port, config, sessions, task }
    }

    /// The connector's credentials for this server: the default user and password, `secure`
    /// matching the server, certificates not checked; `extra` overrides or adds keys.
    pub fn credentials(&self, extra: Value) -> Value {
        let mut credentials = json!({
            "host": "127.0.0.1",
            "port": self.port,
            "secure": self.config.implicit_tls,
            "user": self.config.user,
            "password": self.config.password,
            "allowUnauthorizedCerts": true,
        });
        for (key, value) in extra.as_object().cloned().unwrap_or_default() {
            credentials[key] = value;
        }
        credentials
    }

    /// Every connection so far.
    pub fn sessions(&self) -> Vec<SmtpSession> {
        self.sessions.lock().unwrap().clone()
    }

    /// The one connection so far (panics when there is not exactly one).
    pub fn session(&self) -> SmtpSession {
        let sessions = self.sessions();
        assert_eq!(sessions.len(), 1, "connections: {sessions:#?}");
        sessions.into_iter().next().unwrap()
    }
}

/// Applies `change` to connection `index`'s record.
fn record(sessions: &Mutex<Vec<SmtpSession>>, index: usize, change: impl FnOnce(&mut SmtpSession)) {
    change(&mut sessions.lock().unwrap()[index]);
}

/// `<addr>` out of `FROM:<addr> SIZE=12` (the verb's argument).
fn path(argument: &str, prefix: &str) -> Option<String> {
    let head = argument.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = argument[prefix.len()..].trim_start().strip_prefix('<')?;
    Some(rest[..rest.find('>')?].to_owned())
}

async fn serve(
    mut conn: LineConn,
    config: &SmtpConfig,
    acceptor: &tokio_rustls::TlsAcceptor,
    sessions: &Mutex<Vec<SmtpSession>>,
    index: usize,
) {
    let base64 = base64::engine::general_purpose::STANDARD;
    conn.write_line("220 mock.test ESMTP ready").await;
    let (mut greeted, mut signed_in, mut in_transaction) = (false, false, false);
    while let Some(line) = conn.read_text_line().await {
        let (verb, argument) = match line.split_once(' ') {
            Some((verb, argument)) => (verb.to_ascii_uppercase(), argument.trim().to_owned()),
            None => (line.to_ascii_uppercase(), String::new()),
        };
        let logged = if verb == "AUTH" {
            format!("AUTH {}", argument.split(' ').next().unwrap_or_default().to_ascii_uppercase())
        } else {
            verb.clone()
        };
        record(sessions, index, |s| s.commands.push(logged));
        match verb.as_str() {
            "EHLO" | "HELO" => {
                greeted = true;
                record(sessions, index, |s| s.ehlo = Some(argument.clone()));
                if verb == "HELO" {
                    conn.write_line("250 mock.test").await;
                    continue;
                }
                let mut lines = vec![format!("mock.test greets {argument}"), "8BITMIME".into(), "SIZE 10485760".into()];
                if config.offer_starttls && !conn.tls {
                    lines.push("STARTTLS".into());
                }
                if !config.mechanisms.is_empty() {
                    lines.push(format!("AUTH {}", config.mechanisms.join(" ")));
                }
                lines.push("ENHANCEDSTATUSCODES".into());
                let last = lines.len() - 1;
                for (i, text) in lines.iter().enumerate() {
                    conn.write_line(&format!("250{}{text}", if i == last { ' ' } else { '-' })).await;
                }
            }
            "STARTTLS" if config.offer_starttls && !conn.tls => {
                conn.write_line("220 2.0.0 Ready to start TLS").await;
                conn = match conn.start_tls(acceptor).await {
                    Some(conn) => conn,
                    None => return,
                };
                record(sessions, index, |s| s.starttls = true);
                // RFC 3207: the client starts over with EHLO.
                (greeted, signed_in, in_transaction) = (false, false, false);
            }
            "STARTTLS" => conn.write_line("502 5.5.1 STARTTLS not available").await,
            "AUTH" if !greeted => conn.write_line("503 5.5.1 EHLO first").await,
            "AUTH" if signed_in => conn.write_line("503 5.5.1 Already authenticated").await,
            "AUTH" => {
                let mut parts = argument.split(' ');
                let mechanism = parts.next().unwrap_or_default().to_ascii_uppercase();
                let initial = parts.next().map(str::to_owned);
                if !config.mechanisms.contains(&mechanism.as_str()) {
                    conn.write_line("504 5.5.4 Unrecognized authentication type").await;
                    continue;
                }
                let decode =
                    |text: &str| String::from_utf8(base64.decode(text.trim()).unwrap_or_default()).unwrap_or_default();
                let (user, password) = if mechanism == "PLAIN" {
                    let response = match initial {
                        Some(response) => response,
                        None => {
                            conn.write_line("334 ").await;
                            conn.read_text_line().await.unwrap_or_default()
                        }
                    };
                    let decoded = decode(&response);
                    let mut fields = decoded.split('\0').skip(1);
                    (fields.next().unwrap_or_default().to_owned(), fields.next().unwrap_or_default().to_owned())
                } else {
                    let user = match initial {
                        Some(user) => decode(&user),
                        None => {
                            conn.write_line("334 VXNlcm5hbWU6").await;
                            decode(&conn.read_text_line().await.unwrap_or_default())
                        }
                    };
                    conn.write_line("334 UGFzc3dvcmQ6").await;
                    (user, decode(&conn.read_text_line().await.unwrap_or_default()))
                };
                if user == config.user && password == config.password {
                    signed_in = true;
                    let over_tls = conn.tls;
                    record(sessions, index, |s| s.auth = Some(SmtpAuth { mechanism, user, over_tls }));
                    conn.write_line("235 2.7.0 Authentication successful").await;
                } else {
                    record(sessions, index, |s| s.failed_auths += 1);
                    conn.write_line("535 5.7.8 Authentication credentials invalid").await;
                }
            }
            "MAIL" if config.require_auth && !signed_in => conn.write_line("530 5.7.0 Authentication required").await,
            "MAIL" => match path(&argument, "FROM:") {
                Some(from) => {
                    in_transaction = true;
                    record(sessions, index, |s| {
                        s.mail_from = Some(from);
                        s.rcpt_to.clear();
                        s.rejected.clear();
                    });
                    conn.write_line("250 2.1.0 Ok").await;
                }
                None => conn.write_line("501 5.5.4 Syntax: MAIL FROM:<address>").await,
            },
            "RCPT" if !in_transaction => conn.write_line("503 5.5.1 Need MAIL command").await,
            "RCPT" => match path(&argument, "TO:") {
                Some(to) if config.reject_recipients.contains(&to) => {
                    let reply = format!("550 5.1.1 <{to}>: Recipient address rejected: User unknown");
                    record(sessions, index, |s| s.rejected.push(to));
                    conn.write_line(&reply).await;
                }
                Some(to) => {
                    record(sessions, index, |s| s.rcpt_to.push(to));
                    conn.write_line("250 2.1.5 Ok").await;
                }
                None => conn.write_line("501 5.5.4 Syntax: RCPT TO:<address>").await,
            },
            "DATA" if sessions.lock().unwrap()[index].rcpt_to.is_empty() => {
                conn.write_line("554 5.5.1 No valid recipients").await;
            }
            "DATA" => {
                conn.write_line("354 End data with <CR><LF>.<CR><LF>").await;
                let mut data = Vec::new();
                loop {
                    let Some(line) = conn.read_line().await else { return };
                    if line == b"." {
                        break;
                    }
                    let line = line.strip_prefix(b".").unwrap_or(&line);
                    data.extend_from_slice(line);
                    data.extend_from_slice(b"\r\n");
                }
                in_transaction = false;
                let over_tls = conn.tls;
                record(sessions, index, |s| {
                    s.data = Some(data);
                    s.data_over_tls = over_tls;
                });
                match &config.reject_message {
                    Some(reply) => conn.write_line(reply).await,
                    None => conn.write_line("250 2.0.0 Ok: queued as 4BxMOCK").await,
                }
            }
            "RSET" => {
                in_transaction = false;
                conn.write_line("250 2.0.0 Ok").await;
            }
            "NOOP" => conn.write_line("250 2.0.0 Ok").await,
            "QUIT" => {
                conn.write_line("221 2.0.0 Bye").await;
                return;
            }
            _ => conn.write_line("502 5.5.2 Command not recognized").await,
        }
    }
}
