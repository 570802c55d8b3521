//! The `Connector` lifecycle: connect from credentials, test, execute, close.

use crate::definition::ConnectorDefinition;
use crate::meta::ConnectorMeta;
use crate::{ConnectorError, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future: what the object-safe [`Connector`] methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

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
    /// Builds an instance from a connection context (validated credentials, base URL).
    fn connect(ctx: &ConnectContext) -> Result<Self>;
    /// The instance's `Http` client, when the struct has one.
    fn http_client(&self) -> Option<&crate::Http>;
}

/// Everything an instance is built from: validated credentials and where its API lives.
#[derive(Clone)]
pub struct ConnectContext {
    /// The connector's declared metadata.
    pub meta: ConnectorMeta,
    /// The stored credential values, by key.
    pub credentials: Map<String, Value>,
    /// Keys of credentials that are secret (redacted from errors and logs).
    pub secret_keys: Vec<String>,
    /// Replaces the declared base URL (self-hosted services, tests).
    pub base_url_override: Option<String>,
    /// Timeouts and retries of the instance's `Http` client.
    pub http_options: crate::http::HttpOptions,
    /// Refreshes an expired OAuth2 access token (set by the server).
    pub token_refresher: Option<std::sync::Arc<dyn crate::http::TokenRefresher>>,
}

impl ConnectContext {
    /// A context for connector `C`: checks that every required credential is present.
    pub fn new<C: ConnectorSpec>(credentials: Map<String, Value>) -> Result<Self> {
        let definition_fields = <C::Credentials as crate::Credentials>::auth_fields();
        let missing: Vec<&str> = definition_fields
            .iter()
            .filter(|f| f.required && is_blank(credentials.get(&f.key)))
            .map(|f| f.key.as_str())
            .collect();
        if let Some(first) = missing.first() {
            return Err(ConnectorError::invalid_credentials(format!(
                "{}: missing required credential field `{first}`",
                C::NAME
            ))
            .with_details(serde_json::json!({ "missing": missing })));
        }
        <C::Credentials as crate::Credentials>::from_values(&credentials)?;
        Ok(Self {
            meta: C::META,
            credentials,
            secret_keys: definition_fields.iter().filter(|f| f.is_secret()).map(|f| f.key.clone()).collect(),
            base_url_override: None,
            http_options: crate::http::HttpOptions::default(),
            token_refresher: None,
        })
    }

    /// Uses these timeouts and retries.
    pub fn with_http_options(mut self, options: crate::http::HttpOptions) -> Self {
        self.http_options = options;
        self
    }

    /// Points the instance at another base URL.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url_override = Some(base_url.into());
        self
    }

    /// The credential `key` as text, if present and not blank.
    pub fn credential(&self, key: &str) -> Option<String> {
        match self.credentials.get(key)? {
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// The values of every secret credential (for redaction).
    pub fn secret_values(&self) -> Vec<String> {
        self.secret_keys.iter().filter_map(|k| self.credential(k)).collect()
    }
}

impl std::fmt::Debug for ConnectContext {
    /// Names the credential keys, never their values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectContext")
            .field("connector", &self.meta.name)
            .field("credential_keys", &self.credentials.keys().collect::<Vec<_>>())
            .field("base_url_override", &self.base_url_override)
            .field("http_options", &self.http_options)
            .finish_non_exhaustive()
    }
}

fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
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
