//! Helpers shared by several test files (`mod common;`): the test databases ([`databases`]), and local
//! protocol servers for the tests of connectors that do not speak HTTP: a small SMTP
//! server ([`smtp`]) and IMAP server ([`imap`]) on 127.0.0.1, each over plain TCP, STARTTLS or
//! TLS from the start with a self-signed certificate made when the test starts ([`tls`]), and
//! each recording what the client did so the tests can assert it.
//!
//! Every test file that needs one declares `mod common;`; the parts a file does not use are
//! not dead code for the others.
#![allow(dead_code)]

pub mod databases;
pub mod imap;
pub mod smtp;
pub mod tls;

use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

/// The bound on every wait in these servers: nothing in a test should take this long.
pub const LIMIT: Duration = Duration::from_secs(10);

/// A byte stream a server speaks over: TCP, or TLS over it.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// One server-side connection of a line-based protocol: reads lines, writes replies, and can
/// switch to TLS in the middle (STARTTLS).
pub struct LineConn {
    reader: BufReader<Box<dyn Io>>,
    /// Whether the connection is encrypted.
    pub tls: bool,
}

impl LineConn {
    /// A connection over `io`; `tls` says whether it is already encrypted.
    pub fn new(io: Box<dyn Io>, tls: bool) -> Self {
        Self { reader: BufReader::new(io), tls }
    }

    /// The next line without its CRLF, or `None` when the client closed the connection.
    pub async fn read_line(&mut self) -> Option<Vec<u8>> {
        let mut line = Vec::new();
        match tokio::time::timeout(LIMIT, self.reader.read_until(b'\n', &mut line)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => None,
            Ok(Ok(_)) => {
                while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    line.pop();
                }
                Some(line)
            }
        }
    }

    /// The next line as text (lossy), or `None` at the end.
    pub async fn read_text_line(&mut self) -> Option<String> {
        self.read_line().await.map(|line| String::from_utf8_lossy(&line).into_owned())
    }

    /// Writes `bytes` as they are.
    pub async fn write_raw(&mut self, bytes: &[u8]) {
        let writer = self.reader.get_mut();
        let _ = writer.write_all(bytes).await;
        let _ = writer.flush().await;
    }

    /// Writes one line, adding CRLF.
    pub async fn write_line(&mut self, line: &str) {
        self.write_raw(format!("{line}\r\n").as_bytes()).await;
    }

    /// Switches to TLS with `acceptor` (after the server said yes to STARTTLS).
    pub async fn start_tls(self, acceptor: &tokio_rustls::TlsAcceptor) -> Option<Self> {
        assert!(self.reader.buffer().is_empty(), "the client sent data after STARTTLS before the TLS handshake");
        let io = self.reader.into_inner();
        let tls = tokio::time::timeout(LIMIT, acceptor.accept(io)).await.ok()?.ok()?;
        Some(Self::new(Box::new(tls), true))
    }
}

/// An email as a mail program would store it, lines ended with CRLF.
pub fn email(from: &str, to: &str, subject: &str, text: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 14 May 2024 09:30:00 +0200\r\n\
         Message-ID: <{id}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n",
        id = subject.to_ascii_lowercase().replace(' ', "-")
    )
}
