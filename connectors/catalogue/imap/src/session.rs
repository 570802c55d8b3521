//! Signed-in IMAP sessions: TCP, TLS from the start or STARTTLS, LOGIN; one session kept
//! between polls for as long as `forceReconnect` allows; and every failure as a
//! `ConnectorError` that names the server and the step, never the password.

use super::ImapCredentials;
use async_imap::{Client, Session};
use fluxturn_core::{ConnectContext, ConnectorError, ErrorCode, FromContext, Result};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::TlsConnector;

/// The longest wait for the TCP connection, the greeting, TLS and LOGIN.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest wait for the answer to one command.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest wait for a kept session to answer NOOP before it is given up.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest wait for LOGOUT.
const LOGOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// TLS from the first byte (IMAPS).
    Implicit,
    /// Plain TCP upgraded with STARTTLS when the server offers it.
    StartTls,
}

/// The IMAP server of a connection, its settings read and checked once when connecting, and
/// the session kept between polls: the client every poll and the connection test use.
pub struct ImapClient {
    host: String,
    port: u16,
    security: Security,
    user: String,
    password: fluxturn_core::Secret<String>,
    tls: TlsConnector,
    kept: Mutex<Option<Kept>>,
}

/// A signed-in session and when it was opened.
struct Kept {
    session: Session<MailStream>,
    opened: Instant,
}

impl FromContext for ImapClient {
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        let credentials = <ImapCredentials as fluxturn_core::Credentials>::from_values(&ctx.credentials)?;
        let host = credentials.host.trim().to_owned();
        if host.contains("://") || host.contains('/') || host.chars().any(char::is_whitespace) {
            return Err(ConnectorError::invalid_credentials(format!(
                "host `{host}` is not a host name: give the name alone, e.g. imap.example.com"
            )));
        }
        if credentials.port == 0 {
            return Err(ConnectorError::invalid_credentials("port 0 is not a port: use 993 or 143"));
        }
        let user = credentials.user.trim().to_owned();
        if user.contains(['\r', '\n']) || credentials.password.expose().contains(['\r', '\n']) {
            return Err(ConnectorError::invalid_credentials("the user or the password holds a line break"));
        }
        let security = match credentials.secure {
            Some(true) => Security::Implicit,
            None if credentials.port == 993 => Security::Implicit,
            _ => Security::StartTls,
        };
        let tls = tls_connector(credentials.allow_unauthorized_certs.unwrap_or(false))?;
        Ok(Self {
            host,
            port: credentials.port,
            security,
            user,
            password: credentials.password,
            tls,
            kept: Mutex::new(None),
        })
    }
}

/// A signed-in session lent to one poll: give it back with [`ImapClient::give_back`] when the
/// poll went well, or [`Lease::close`] it.
pub(super) struct Lease<'a> {
    /// The session.
    pub session: Session<MailStream>,
    opened: Instant,
    client: &'a ImapClient,
}

impl<'a> Lease<'a> {
    /// The client the session belongs to (for [`ImapClient::step`]).
    pub(super) fn client(&self) -> &'a ImapClient {
        self.client
    }

    /// Signs out and closes the connection (best effort).
    pub(super) async fn close(mut self) {
        let _ = tokio::time::timeout(LOGOUT_TIMEOUT, self.session.logout()).await;
    }
}

impl ImapClient {
    /// Runs one command of a session within [`COMMAND_TIMEOUT`]; its failure names this
    /// server and what was being done (`doing`: "opening INBOX", ...).
    pub(super) async fn step<T>(
        &self,
        doing: &str,
        command: impl Future<Output = async_imap::error::Result<T>>,
    ) -> Result<T> {
        match tokio::time::timeout(COMMAND_TIMEOUT, command).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(self.failure(doing, error)),
            Err(_) => Err(self.timed_out(doing)),
        }
    }

    /// A signed-in session: the kept one if it is younger than `reuse_for` and still answers,
    /// else a new one.
    pub(super) async fn lease(&self, reuse_for: Duration) -> Result<Lease<'_>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(mut kept) = kept {
            let fresh = kept.opened.elapsed() < reuse_for;
            if fresh && matches!(tokio::time::timeout(PROBE_TIMEOUT, kept.session.noop()).await, Ok(Ok(()))) {
                return Ok(Lease { session: kept.session, opened: kept.opened, client: self });
            }
            if fresh {
                tracing::debug!(host = %self.host, "imap: the kept session no longer answers; signing in afresh");
            } else {
                let _ = tokio::time::timeout(LOGOUT_TIMEOUT, kept.session.logout()).await;
            }
        }
        let session = self.open().await?;
        Ok(Lease { session, opened: Instant::now(), client: self })
    }

    /// Keeps the session of a poll that went well for the next one, while it is younger than
    /// `reuse_for` (a zero `reuse_for` signs out at once).
    pub(super) async fn give_back(&self, lease: Lease<'_>, reuse_for: Duration) {
        if lease.opened.elapsed() >= reuse_for {
            return lease.close().await;
        }
        let Lease { session, opened, .. } = lease;
        // Another poll's session may have come back first; the newer one stays.
        let older = self.kept.lock().unwrap_or_else(|e| e.into_inner()).replace(Kept { session, opened });
        if let Some(mut older) = older {
            let _ = tokio::time::timeout(LOGOUT_TIMEOUT, older.session.logout()).await;
        }
    }

    /// Connects, secures and signs in, then signs out: the connection test.
    pub(super) async fn check(&self) -> Result<()> {
        let mut session = self.open().await?;
        let _ = tokio::time::timeout(LOGOUT_TIMEOUT, session.logout()).await;
        Ok(())
    }

    /// A new signed-in session.
    async fn open(&self) -> Result<Session<MailStream>> {
        match tokio::time::timeout(CONNECT_TIMEOUT, self.sign_in()).await {
            Ok(result) => result,
            Err(_) => Err(self.timed_out("connecting and signing in")),
        }
    }

    async fn sign_in(&self) -> Result<Session<MailStream>> {
        let tcp = TcpStream::connect((self.host.as_str(), self.port)).await.map_err(|e| {
            ConnectorError::new(ErrorCode::Connection, format!("could not reach {}: {e}", self.address()))
        })?;
        let stream = match self.security {
            Security::Implicit => MailStream::Tls(Box::new(self.handshake(tcp).await?)),
            Security::StartTls => MailStream::Plain(tcp),
        };
        let mut client = Client::new(stream);
        let greeting = client.read_response().await.map_err(|e| self.io_failure("reading the greeting", e))?;
        let Some(greeting) = greeting else {
            return Err(ConnectorError::new(
                ErrorCode::Connection,
                format!("{} closed the connection before greeting", self.address()),
            ));
        };
        let mut offers_starttls = None;
        match greeting.parsed() {
            async_imap::imap_proto::Response::Data { status, outcome } => {
                if *status == async_imap::imap_proto::Status::Bye {
                    return Err(ConnectorError::new(
                        ErrorCode::Upstream,
                        format!(
                            "{} refused the connection: {}",
                            self.address(),
                            outcome.information.as_deref().unwrap_or("BYE")
                        ),
                    ));
                }
                if let Some(async_imap::imap_proto::ResponseCode::Capabilities(capabilities)) = &outcome.code {
                    offers_starttls = Some(capabilities.iter().any(|c| {
                        matches!(c, async_imap::imap_proto::Capability::Atom(atom) if atom.eq_ignore_ascii_case("STARTTLS"))
                    }));
                }
            }
            _ => {
                return Err(ConnectorError::new(
                    ErrorCode::InvalidResponse,
                    format!("{} did not greet like an IMAP server", self.address()),
                ))
            }
        }
        if self.security == Security::StartTls && offers_starttls != Some(false) {
            // A server that does not know STARTTLS answers BAD and the connection goes on.
            match client.run_command_and_check_ok("STARTTLS", None).await {
                Ok(()) => {
                    let MailStream::Plain(tcp) = client.into_inner() else {
                        unreachable!("STARTTLS is only sent over a plain connection")
                    };
                    client = Client::new(MailStream::Tls(Box::new(self.handshake(tcp).await?)));
                }
                Err(async_imap::error::Error::Bad(_) | async_imap::error::Error::No(_)) => {
                    tracing::warn!(host = %self.host, "imap: the server does not offer STARTTLS; signing in unencrypted");
                }
                Err(error) => return Err(self.failure("starting TLS (STARTTLS)", error)),
            }
        }
        let encrypted = matches!(client.get_ref(), MailStream::Tls(_));
        client.login(&self.user, self.password.expose()).await.map_err(|(error, _)| match error {
            async_imap::error::Error::No(text) | async_imap::error::Error::Bad(text) => {
                let hint = if encrypted {
                    ""
                } else {
                    " (the connection is unencrypted: servers often refuse passwords then; turn on SSL/TLS)"
                };
                ConnectorError::new(
                    ErrorCode::Unauthorized,
                    format!(
                        "{} refused to sign in user `{}`: {}{hint}",
                        self.address(),
                        self.user,
                        self.redact(&server_words(&text))
                    ),
                )
            }
            error => self.failure("signing in", error),
        })
    }

    /// The TLS handshake over `tcp`.
    async fn handshake(&self, tcp: TcpStream) -> Result<tokio_rustls::client::TlsStream<TcpStream>> {
        let name = ServerName::try_from(self.host.clone()).map_err(|_| {
            ConnectorError::invalid_credentials(format!("host `{}` is not a valid host name", self.host))
        })?;
        self.tls.connect(name, tcp).await.map_err(|e| {
            let cause = e.to_string();
            let hint = if cause.contains("certificate") || cause.contains("Certificate") {
                "; if the server uses a self-signed certificate, turn on allowUnauthorizedCerts"
            } else if self.security == Security::Implicit {
                "; does the port expect TLS from the start? For STARTTLS (usually 143) turn off SSL/TLS"
            } else {
                ""
            };
            ConnectorError::new(ErrorCode::Connection, format!("TLS with {} failed: {cause}{hint}", self.address()))
                .with_retryable(false)
        })
    }

    /// The error for `error` while `doing`.
    fn failure(&self, doing: &str, error: async_imap::error::Error) -> ConnectorError {
        use async_imap::error::Error;
        let address = self.address();
        match error {
            Error::No(text) => {
                let words = self.redact(&server_words(&text));
                let lower = words.to_ascii_lowercase();
                let missing = ["nonexistent", "not exist", "doesn't exist", "unknown mailbox", "no such mailbox"];
                let code =
                    if missing.iter().any(|m| lower.contains(m)) { ErrorCode::NotFound } else { ErrorCode::Upstream };
                ConnectorError::new(code, format!("{address} refused {doing}: {words}"))
            }
            Error::Bad(text) => ConnectorError::new(
                ErrorCode::Upstream,
                format!("{address} rejected the command for {doing}: {}", self.redact(&server_words(&text))),
            ),
            Error::Io(e) => self.io_failure(doing, e),
            Error::ConnectionLost => {
                ConnectorError::new(ErrorCode::Connection, format!("{address} closed the connection while {doing}"))
            }
            Error::Parse(e) => ConnectorError::new(
                ErrorCode::InvalidResponse,
                format!("{address} answered {doing} with something that is not IMAP: {}", self.redact(&e.to_string())),
            ),
            // The only inputs checked are the user, the password and the mailbox name; the
            // character is not repeated, as it may be the password's.
            Error::Validate(_) => ConnectorError::invalid_input(format!("a line break cannot be sent while {doing}")),
            other => ConnectorError::new(ErrorCode::Upstream, format!("{doing} on {address} failed: {other}")),
        }
    }

    fn io_failure(&self, doing: &str, error: io::Error) -> ConnectorError {
        if error.kind() == io::ErrorKind::TimedOut {
            return self.timed_out(doing);
        }
        ConnectorError::new(
            ErrorCode::Connection,
            format!("the connection to {} broke while {doing}: {}", self.address(), self.redact(&error.to_string())),
        )
    }

    fn timed_out(&self, doing: &str) -> ConnectorError {
        ConnectorError::new(ErrorCode::Timeout, format!("{} did not answer in time while {doing}", self.address()))
    }

    /// `host:port`.
    fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// `text` without the password.
    fn redact(&self, text: &str) -> String {
        let password = self.password.expose();
        if password.is_empty() {
            return text.to_owned();
        }
        text.replace(password.as_str(), "[redacted]")
    }
}

/// The server's words in async-imap's rendering of a NO or BAD answer
/// (`code: Some(AuthenticationFailed), info: Some("Invalid credentials")`):
/// "[AUTHENTICATIONFAILED] Invalid credentials".
fn server_words(text: &str) -> String {
    let info = text
        .split_once("info: Some(\"")
        .and_then(|(_, rest)| rest.rsplit_once("\")"))
        .map(|(info, _)| info.replace("\\\"", "\"").replace("\\\\", "\\"));
    let code = text
        .split_once("code: Some(")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(code, _)| format!("[{}] ", code.to_ascii_uppercase()));
    match info {
        Some(info) => format!("{}{info}", code.unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// The TLS client configuration: the webpki roots, or any certificate when `accept_invalid`.
fn tls_connector(accept_invalid: bool) -> Result<TlsConnector> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| ConnectorError::internal(format!("TLS configuration: {e}")))?;
    let config = if accept_invalid {
        builder.dangerous().with_custom_certificate_verifier(Arc::new(AnyCertificate { provider }))
    } else {
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        builder.with_root_certificates(roots)
    };
    Ok(TlsConnector::from(Arc::new(config.with_no_client_auth())))
}

/// Accepts any certificate (`allowUnauthorizedCerts`), still checking that the server holds
/// the key of the certificate it shows.
#[derive(Debug)]
struct AnyCertificate {
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// The connection under a session: plain TCP, or TLS over it.
#[derive(Debug)]
pub(super) enum MailStream {
    /// Plain TCP (before STARTTLS, or with a server that does not offer it).
    Plain(TcpStream),
    /// TLS over TCP.
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for MailStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for MailStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::server_words;

    #[test]
    fn the_servers_words_are_read_out_of_async_imaps_rendering() {
        assert_eq!(
            server_words(r#"code: Some(AuthenticationFailed), info: Some("Invalid \"credentials\"")"#),
            r#"[AUTHENTICATIONFAILED] Invalid "credentials""#
        );
        assert_eq!(server_words(r#"code: None, info: Some("Mailbox doesn't exist")"#), "Mailbox doesn't exist");
        assert_eq!(server_words("something else"), "something else");
    }
}
