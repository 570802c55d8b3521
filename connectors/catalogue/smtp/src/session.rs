//! The SMTP conversation: connect (TLS from the start, or STARTTLS), sign in, then MAIL FROM,
//! RCPT TO for each recipient, DATA; and every failure as a `ConnectorError` that says which
//! step failed and what the server answered, never the password.

use super::message::Outgoing;
use super::{Envelope, RejectedRecipient, Security, SentEmail, SmtpServer};
use base64::Engine;
use fluxturn_core::{ConnectorError, ErrorCode, Result};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use std::future::Future;
use std::time::Duration;

/// The longest wait for the TCP connection, the greeting, EHLO and TLS.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest wait for the answer to one command.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest wait for the message to be written and accepted.
const MESSAGE_TIMEOUT: Duration = Duration::from_secs(300);
/// The mechanisms offered, in order of preference.
const MECHANISMS: [Mechanism; 2] = [Mechanism::Plain, Mechanism::Login];

/// A step of the conversation: what a failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Connect,
    StartTls,
    SignIn,
    Sender,
    Recipient,
    Data,
    Message,
}

impl Step {
    /// What the step does, for messages: "signing in", ...
    fn doing(self) -> &'static str {
        match self {
            Self::Connect => "connecting",
            Self::StartTls => "starting TLS (STARTTLS)",
            Self::SignIn => "signing in",
            Self::Sender => "giving the sender (MAIL FROM)",
            Self::Recipient => "giving a recipient (RCPT TO)",
            Self::Data => "starting the message (DATA)",
            Self::Message => "sending the message",
        }
    }
}

impl SmtpServer {
    /// Sends `email`: to every recipient the server accepts, failing when it accepts none.
    pub(super) async fn send(&self, email: &Outgoing, accept_invalid_certs: bool) -> Result<SentEmail> {
        let mut conn = self.open(accept_invalid_certs).await?;
        let result = self.transmit(&mut conn, email).await;
        if result.is_ok() {
            // The server has the message; a failing QUIT changes nothing.
            let _ = tokio::time::timeout(COMMAND_TIMEOUT, conn.quit()).await;
        } else {
            let _ = tokio::time::timeout(COMMAND_TIMEOUT, conn.abort()).await;
        }
        result
    }

    /// Connects, secures and signs in, then says goodbye: the connection test.
    pub(super) async fn check(&self) -> Result<()> {
        let mut conn = self.open(false).await?;
        let _ = tokio::time::timeout(COMMAND_TIMEOUT, conn.quit()).await;
        Ok(())
    }

    /// A connection secured as configured and signed in.
    async fn open(&self, accept_invalid_certs: bool) -> Result<AsyncSmtpConnection> {
        let hello = match &self.hello_name {
            Some(name) => ClientId::Domain(name.clone()),
            None => ClientId::default(),
        };
        let tls = TlsParameters::builder(self.host.clone())
            .dangerous_accept_invalid_certs(accept_invalid_certs || self.accept_invalid_certs)
            .build_rustls()
            .map_err(|e| self.failure(Step::Connect, e))?;
        let implicit = (self.security == Security::Implicit).then(|| tls.clone());
        let connect = AsyncSmtpConnection::connect_tokio1(
            (self.host.as_str(), self.port),
            Some(CONNECT_TIMEOUT),
            &hello,
            implicit,
            None,
        );
        let mut conn = self.step(Step::Connect, CONNECT_TIMEOUT, connect).await?;
        if self.security == Security::StartTls {
            if conn.can_starttls() {
                let upgrade = conn.starttls(tls, &hello);
                self.step(Step::StartTls, CONNECT_TIMEOUT, upgrade).await?;
            } else if self.login.is_some() {
                let _ = tokio::time::timeout(COMMAND_TIMEOUT, conn.quit()).await;
                return Err(ConnectorError::new(
                    ErrorCode::Upstream,
                    format!(
                        "{} does not offer STARTTLS, so the password would travel unencrypted: turn on SSL/TLS \
                         (`secure`) if the port expects TLS from the start (usually 465), or turn on \
                         `disableStartTls` to sign in without encryption",
                        self.address()
                    ),
                ));
            }
        }
        if let Some(login) = &self.login {
            if conn.server_info().get_auth_mechanism(&MECHANISMS).is_none() {
                let _ = tokio::time::timeout(COMMAND_TIMEOUT, conn.quit()).await;
                let offered = if conn.server_info().supports_auth_mechanism(Mechanism::Xoauth2) {
                    "only XOAUTH2 (OAuth tokens) to sign in"
                } else {
                    "no way to sign in with a password (no AUTH PLAIN or LOGIN in its EHLO reply)"
                };
                return Err(ConnectorError::new(
                    ErrorCode::Upstream,
                    format!(
                        "{} offers {offered} on this connection; FluxTurn signs in with PLAIN or LOGIN",
                        self.address()
                    ),
                ));
            }
            let credentials = Credentials::new(login.user.clone(), login.password.expose().clone());
            let sign_in = conn.auth(&MECHANISMS, &credentials);
            self.step(Step::SignIn, COMMAND_TIMEOUT, sign_in).await?;
        }
        Ok(conn)
    }

    /// MAIL FROM, RCPT TO for each recipient, DATA and the message.
    async fn transmit(&self, conn: &mut AsyncSmtpConnection, email: &Outgoing) -> Result<SentEmail> {
        let mut parameters = Vec::new();
        let international = std::iter::once(&email.sender)
            .chain(&email.recipients)
            .any(|a| !(a.user().is_ascii() && a.domain().is_ascii()));
        if international {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(ConnectorError::invalid_input(format!(
                    "{} cannot take addresses with non-ASCII characters (it does not offer SMTPUTF8)",
                    self.address()
                )));
            }
            parameters.push(MailParameter::SmtpUtfEight);
        }
        if !email.bytes.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let sender = conn.command(Mail::new(Some(email.sender.clone()), parameters));
        self.step(Step::Sender, COMMAND_TIMEOUT, sender).await?;

        let (mut accepted, mut rejected) = (Vec::new(), Vec::new());
        for recipient in &email.recipients {
            let answer = tokio::time::timeout(COMMAND_TIMEOUT, conn.command(Rcpt::new(recipient.clone(), Vec::new())))
                .await
                .map_err(|_| self.timed_out(Step::Recipient))?;
            match answer {
                Ok(_) => accepted.push(recipient.to_string()),
                // A refusal of one recipient leaves the transaction open for the others.
                Err(error) if error.status().is_some() => {
                    rejected.push(RejectedRecipient { address: recipient.to_string(), reply: self.reply(&error) });
                }
                Err(error) => return Err(self.failure(Step::Recipient, error)),
            }
        }
        if accepted.is_empty() {
            let _ = tokio::time::timeout(COMMAND_TIMEOUT, conn.command(Rset)).await;
            let replies: Vec<String> = rejected.iter().map(|r| format!("{}: {}", r.address, r.reply)).collect();
            // Only temporary refusals (4xx): trying again later may work.
            let transient = rejected.iter().all(|r| r.reply.starts_with('4'));
            let error = ConnectorError::new(
                ErrorCode::Upstream,
                format!("{} refused every recipient: {}", self.address(), replies.join("; ")),
            )
            .with_details(serde_json::json!({ "rejected": rejected }));
            return Err(if transient { error.with_status(503).with_retryable(true) } else { error });
        }
        self.step(Step::Data, COMMAND_TIMEOUT, conn.command(Data)).await?;
        let response = self.step(Step::Message, MESSAGE_TIMEOUT, conn.message(&email.bytes)).await?;
        Ok(SentEmail {
            message_id: email.message_id.clone(),
            accepted,
            rejected,
            response: self.redact(&response_text(&response)),
            envelope: Envelope {
                from: email.sender.to_string(),
                to: email.recipients.iter().map(ToString::to_string).collect(),
            },
        })
    }

    /// Runs one step within `limit`, mapping its failure.
    async fn step<T>(
        &self,
        step: Step,
        limit: Duration,
        future: impl Future<Output = std::result::Result<T, lettre::transport::smtp::Error>>,
    ) -> Result<T> {
        match tokio::time::timeout(limit, future).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(self.failure(step, error)),
            Err(_) => Err(self.timed_out(step)),
        }
    }

    fn timed_out(&self, step: Step) -> ConnectorError {
        let error = ConnectorError::new(
            ErrorCode::Timeout,
            format!("{} did not answer in time while {}", self.address(), step.doing()),
        );
        // Once the message is on its way, the server may have taken it: sending again could
        // deliver it twice.
        error.with_retryable(step != Step::Message)
    }

    /// The error of a failed step.
    fn failure(&self, step: Step, error: lettre::transport::smtp::Error) -> ConnectorError {
        let address = self.address();
        if let Some(code) = error.status() {
            let reply = self.reply(&error);
            let code = u16::from(code);
            let refused_login = step == Step::SignIn && (500..600).contains(&code);
            if refused_login || code == 530 {
                let user = self.login.as_ref().map(|l| l.user.as_str()).unwrap_or_default();
                let message = if refused_login {
                    format!("{address} refused to sign in user `{user}`: {reply}")
                } else {
                    format!("{address} requires signing in (set a user and password): {reply}")
                };
                return ConnectorError::new(ErrorCode::Unauthorized, message)
                    .with_details(serde_json::json!({ "reply": reply }));
            }
            let message = format!("{address} refused {}: {reply}", step.doing());
            let error =
                ConnectorError::new(ErrorCode::Upstream, message).with_details(serde_json::json!({ "reply": reply }));
            // 4xx: a temporary refusal, worth trying again later.
            return if error_is_transient(code) { error.with_status(503).with_retryable(true) } else { error };
        }
        let cause = self.redact(&source_text(&error));
        if error.is_timeout() {
            return self.timed_out(step);
        }
        // A failed handshake comes as a TLS error (STARTTLS) or a connection error (TLS from the
        // start) with the rustls error under it.
        if let Some(tls) = tls_cause(&error).or_else(|| error.is_tls().then(|| cause.clone())) {
            let hint = if tls.contains("certificate") || tls.contains("Certificate") {
                "; if the server uses a self-signed certificate, turn on allowUnauthorizedCerts"
            } else if self.security == Security::Implicit {
                "; does the port expect TLS from the start? For STARTTLS (usually 587 or 25) turn off SSL/TLS"
            } else {
                ""
            };
            return ConnectorError::new(ErrorCode::Connection, format!("TLS with {address} failed: {tls}{hint}"))
                .with_retryable(false);
        }
        if error.is_client() {
            return ConnectorError::new(
                ErrorCode::Upstream,
                format!("{} with {address} failed: {cause}", step.doing()),
            );
        }
        if error.is_response() {
            return ConnectorError::new(
                ErrorCode::InvalidResponse,
                format!("{address} answered {} with something that is not SMTP: {cause}", step.doing()),
            );
        }
        let message = match step {
            Step::Connect => format!("could not reach {address}: {cause}"),
            _ => format!("the connection to {address} broke while {}: {cause}", step.doing()),
        };
        // A broken connection after the message went out may have delivered it.
        ConnectorError::new(ErrorCode::Connection, message).with_retryable(step != Step::Message)
    }

    /// The server's reply of a negative answer: "550 5.1.1 User unknown".
    fn reply(&self, error: &lettre::transport::smtp::Error) -> String {
        let code = error.status().map(|c| c.to_string()).unwrap_or_default();
        self.redact(format!("{code} {}", source_text(error)).trim())
    }

    /// `host:port`.
    fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// `text` without the password, nor the forms AUTH PLAIN and LOGIN send it in.
    fn redact(&self, text: &str) -> String {
        let Some(login) = &self.login else { return text.to_owned() };
        let password = login.password.expose();
        if password.is_empty() {
            return text.to_owned();
        }
        let base64 = base64::engine::general_purpose::STANDARD;
        let forms = [base64.encode(format!("\0{}\0{password}", login.user)), base64.encode(password), password.clone()];
        forms.iter().fold(text.to_owned(), |text, secret| text.replace(secret.as_str(), "[redacted]"))
    }
}

fn error_is_transient(code: u16) -> bool {
    (400..500).contains(&code)
}

/// The text under an error (the server's words, or the I/O or TLS error).
fn source_text(error: &lettre::transport::smtp::Error) -> String {
    match std::error::Error::source(error) {
        Some(source) => source.to_string(),
        None => error.to_string(),
    }
}

/// The rustls error under `error`, if TLS is what failed.
fn tls_cause(error: &lettre::transport::smtp::Error) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = current {
        if let Some(tls) = cause.downcast_ref::<tokio_rustls::rustls::Error>() {
            return Some(tls.to_string());
        }
        let inner = cause.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref);
        if let Some(tls) = inner.and_then(|inner| inner.downcast_ref::<tokio_rustls::rustls::Error>()) {
            return Some(tls.to_string());
        }
        current = cause.source();
    }
    None
}

/// "250 2.0.0 Ok: queued as 4BxY".
fn response_text(response: &Response) -> String {
    let lines: Vec<&str> = response.message().collect();
    format!("{} {}", response.code(), lines.join(" ")).trim().to_owned()
}
