//! The `Connector` lifecycle: connect from credentials, test, execute, close.

use crate::connect::ConnectContext;
use crate::definition::ConnectorDefinition;
use crate::meta::ConnectorMeta;
use crate::{BoxFuture, ConnectorError, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A connected connector instance. `#[actions]` implements it; the server only sees this trait.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `#[actions]` impl block",
    note = "add `#[actions] impl {Self} {{ ... }}` holding its `#[action(...)]` methods (it may be empty)"
)]
pub trait Connector: Send + Sync + 'static {
    /// Runs the action `action` with its JSON input; returns its JSON output.
    fn execute<'a>(&'a self, action: &'a str, input: Value) -> BoxFuture<'a, Result<Value>>;

    /// Proves the credentials work (the "Test connection" button).
    fn test_connection(&self) -> BoxFuture<'_, Result<()>>;

    /// Turns a webhook request for trigger `trigger` into events.
    fn handle_webhook<'a>(
        &'a self,
        trigger: &'a str,
        config: Value,
        request: WebhookRequest,
    ) -> BoxFuture<'a, Result<Vec<Value>>>;

    /// Polls trigger `trigger` for events after `cursor`.
    fn poll<'a>(
        &'a self,
        trigger: &'a str,
        config: Value,
        cursor: Option<Value>,
    ) -> BoxFuture<'a, Result<Polled<Value>>>;

    /// Releases what the instance holds.
    fn close(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async { Ok(()) })
    }
}

/// A connector type: its static definition and how to connect an instance.
/// `#[connector(...)]` implements it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a connector",
    note = "add `#[connector(name = \"...\", category = \"...\", ...)]` to the struct `{Self}`"
)]
pub trait ConnectorSpec: Sized + Send + Sync + 'static {
    /// The connector's unique snake_case name.
    const NAME: &'static str;
    /// What `#[connector(...)]` declares.
    const META: ConnectorMeta;
    /// The credentials type (`credentials = ...`), or [`NoCredentials`](crate::NoCredentials).
    type Credentials: crate::Credentials;
    /// The full definition (metadata, auth fields, actions, triggers).
    fn definition() -> ConnectorDefinition;
    /// The connector's SVG icon, embedded at compile time.
    fn icon() -> Option<&'static str>;
    /// Builds an instance from a connection context whose credentials were checked against this
    /// type: call it through [`ConnectContext::connect`] or the registry, which check them.
    fn connect(ctx: &ConnectContext) -> Result<Self>;
    /// The instance's `Http` client, when the struct has one.
    fn http_client(&self) -> Option<&crate::Http>;
}

/// An incoming webhook request, as a trigger handler sees it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WebhookRequest {
    /// Header names (lower case) to values.
    pub headers: BTreeMap<String, String>,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// The raw body (signatures are computed over it).
    pub body: String,
}

impl WebhookRequest {
    /// The body parsed as `application/x-www-form-urlencoded` (Twilio, Slack slash commands);
    /// a repeated name keeps its last value.
    ///
    /// ```
    /// let request = fluxturn_core::WebhookRequest { body: "To=%2B1555&Body=hi+there".into(), ..Default::default() };
    /// assert_eq!(request.form()["Body"], "hi there");
    /// ```
    pub fn form(&self) -> BTreeMap<String, String> {
        form_urlencoded::parse(self.body.as_bytes()).into_owned().collect()
    }

    /// The body parsed as JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.body)
            .map_err(|e| ConnectorError::invalid_input(format!("webhook body is not the expected JSON: {e}")))
    }
}

/// What one poll returns: new events, and the cursor to poll from next time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Polled<T> {
    /// Events since the previous cursor, oldest first.
    pub events: Vec<T>,
    /// Where the next poll starts; `None` keeps the previous cursor.
    pub cursor: Option<Value>,
}

impl<T> Default for Polled<T> {
    /// No events; keep the previous cursor.
    fn default() -> Self {
        Self { events: Vec::new(), cursor: None }
    }
}
