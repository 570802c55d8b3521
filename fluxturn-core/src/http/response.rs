//! A successful answer and how a connector reads it: JSON, text, the next page's link.

use super::next_link;
use crate::{ConnectorError, ErrorCode, Result};
use serde::de::DeserializeOwned;

/// A successful (2xx) answer.
#[derive(Debug)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Raw body.
    pub body: Vec<u8>,
}

impl Response {
    /// The body decoded as JSON into `T` (an empty body decodes as `null`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        serde_json::from_slice(body).map_err(|e| {
            ConnectorError::new(
                ErrorCode::InvalidResponse,
                format!("the upstream answer is not the expected JSON: {e}"),
            )
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `rel="next"` URL of the `Link` header, for Link-header pagination.
    pub fn next_link(&self) -> Option<String> {
        self.headers.get("link").and_then(|v| v.to_str().ok()).and_then(next_link)
    }
}
