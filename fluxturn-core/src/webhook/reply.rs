//! What a webhook trigger handler answers: the events it found, and optionally the HTTP response
//! the provider expects (Slack's `url_verification` challenge, Discord's PING, Twilio's TwiML).

use crate::{ConnectorError, Result};
use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

/// An HTTP response a connector gives the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookResponse {
    /// The status code.
    pub status: u16,
    /// Headers to send (names as written).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
}

impl WebhookResponse {
    /// `200` with a JSON body.
    ///
    /// ```
    /// let answer = fluxturn_core::WebhookResponse::json(&serde_json::json!({"type": 1}));
    /// assert_eq!(answer.headers[0].1, "application/json");
    /// ```
    pub fn json(value: &impl Serialize) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
        Self { status: 200, headers: vec![("content-type".into(), "application/json".into())], body: body.into() }
    }

    /// `200` with a plain-text body (Slack's challenge).
    pub fn text(text: impl Into<String>) -> Self {
        let text: String = text.into();
        Self {
            status: 200,
            headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
            body: text.into(),
        }
    }

    /// `200` with an XML body (Twilio's TwiML).
    pub fn xml(xml: impl Into<String>) -> Self {
        let xml: String = xml.into();
        Self { status: 200, headers: vec![("content-type".into(), "application/xml".into())], body: xml.into() }
    }

    /// The same response with another status.
    pub fn with_status(self, status: u16) -> Self {
        Self { status, ..self }
    }

    /// The value of header `name` (any case), if set.
    ///
    /// ```
    /// let answer = fluxturn_core::WebhookResponse::xml("<Response/>");
    /// assert_eq!(answer.header("Content-Type"), Some("application/xml"));
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A webhook handler's answer: events, and the response when the provider expects one (without
/// one the server answers `200 {"received": true}`).
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookReply<E> {
    /// The events, oldest first.
    pub events: Vec<E>,
    /// The response to send instead of the default.
    pub response: Option<WebhookResponse>,
    /// What the next delivery to this registration reads from (its `cursor`): the server keeps
    /// it in the same transaction as the events, so a crash before the commit reads again from
    /// the old one. `None` keeps the cursor the registration has.
    pub cursor: Option<Value>,
}

impl<E> WebhookReply<E> {
    /// Events and the default response.
    pub fn events(events: Vec<E>) -> Self {
        Self { events, response: None, cursor: None }
    }

    /// No event; answer `response` (a verification challenge, a PING).
    pub fn respond(response: WebhookResponse) -> Self {
        Self { events: Vec::new(), response: Some(response), cursor: None }
    }

    /// The same events, answered with `response`.
    pub fn with_response(self, response: WebhookResponse) -> Self {
        Self { response: Some(response), ..self }
    }

    /// The same events; the next delivery to this registration gets `cursor`
    /// ([`WebhookRequest::cursor`](super::WebhookRequest::cursor)).
    ///
    /// ```
    /// let reply = fluxturn_core::WebhookReply::events(vec!["a change"]).with_cursor(serde_json::json!(8));
    /// assert_eq!(reply.cursor, Some(serde_json::json!(8)));
    /// ```
    pub fn with_cursor(self, cursor: Value) -> Self {
        Self { cursor: Some(cursor), ..self }
    }
}

impl<E> From<Vec<E>> for WebhookReply<E> {
    fn from(events: Vec<E>) -> Self {
        Self::events(events)
    }
}

impl<E: Serialize> WebhookReply<E> {
    /// Each event as JSON.
    pub fn encode(self) -> Result<WebhookReply<Value>> {
        let events = self
            .events
            .into_iter()
            .map(|event| {
                serde_json::to_value(event)
                    .map_err(|e| ConnectorError::internal(format!("a trigger event does not serialize: {e}")))
            })
            .collect::<Result<_>>()?;
        Ok(WebhookReply { events, response: self.response, cursor: self.cursor })
    }
}
