//! The HTTP request a provider sent to a trigger's webhook URL, exactly as it arrived: the raw
//! body bytes (signatures are computed over them, never over re-serialized JSON), every header
//! value, and the public URL the provider called (Twilio signs it).

use crate::{ConnectorError, Result};
use bytes::Bytes;
use std::collections::BTreeMap;

/// An incoming webhook request, as verification and a trigger handler see it.
#[derive(Debug, Clone, Default)]
pub struct WebhookRequest {
    /// `POST`, `GET`, ...
    pub method: String,
    /// The path on this server (`/api/v1/webhooks/slack/…`).
    pub path: String,
    /// The public URL the provider called, with its query string (what Twilio signs).
    pub url: String,
    /// Headers in the order received, names in lower case; a repeated header keeps every value.
    pub headers: Vec<(String, String)>,
    /// Query parameters in order; a repeated name keeps every value.
    pub query: Vec<(String, String)>,
    /// The body, byte for byte.
    pub body: Bytes,
    /// What the trigger kept from the last delivery to this registration
    /// ([`WebhookReply::with_cursor`](super::WebhookReply::with_cursor)), for a provider that
    /// sends a notification and leaves the changes to be read from a cursor (Airtable's payload
    /// list). `None` at the first delivery. Not part of what the provider sent or signed.
    pub cursor: Option<serde_json::Value>,
}

impl WebhookRequest {
    /// The same request, as delivered to a registration that kept `cursor` from its last delivery.
    ///
    /// ```
    /// let request = fluxturn_core::WebhookRequest::post("{}", []).with_cursor(serde_json::json!(7));
    /// assert_eq!(request.cursor, Some(serde_json::json!(7)));
    /// ```
    pub fn with_cursor(self, cursor: serde_json::Value) -> Self {
        Self { cursor: Some(cursor), ..self }
    }

    /// A `POST` of `body` with `headers` (names are lower-cased): what tests and tools build.
    ///
    /// ```
    /// let request = fluxturn_core::WebhookRequest::post(r#"{"ok": true}"#, [("Content-Type", "application/json")]);
    /// assert_eq!(request.header("content-type"), Some("application/json"));
    /// ```
    pub fn post<'a>(body: impl Into<Bytes>, headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            method: "POST".into(),
            headers: headers.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect(),
            body: body.into(),
            ..Self::default()
        }
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (any case), in the order received.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.body)
            .map_err(|e| ConnectorError::invalid_input(format!("webhook body is not UTF-8 text: {e}")))
    }

    /// The body parsed as JSON.
    ///
    /// ```
    /// let request = fluxturn_core::WebhookRequest::post(r#"{"update_id": 7}"#, []);
    /// let value: serde_json::Value = request.json().unwrap();
    /// assert_eq!(value["update_id"], 7);
    /// ```
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body)
            .map_err(|e| ConnectorError::invalid_input(format!("webhook body is not the expected JSON: {e}")))
    }

    /// The body parsed as `application/x-www-form-urlencoded` (Twilio, Slack slash commands);
    /// a repeated name keeps its last value.
    ///
    /// ```
    /// let request = fluxturn_core::WebhookRequest::post("To=%2B1555&Body=hi+there", []);
    /// assert_eq!(request.form()["Body"], "hi there");
    /// ```
    pub fn form(&self) -> BTreeMap<String, String> {
        self.form_pairs().into_iter().collect()
    }

    /// The form parameters in order, repeated names kept (what Twilio's signature sorts).
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }
}
