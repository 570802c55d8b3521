//! The `Connector` lifecycle: connect from credentials, test, execute, close.

use crate::connect::ConnectContext;
use crate::definition::ConnectorDefinition;
use crate::gateway::GatewayConnection;
use crate::meta::ConnectorMeta;
use crate::webhook::{SubscribeContext, Subscription, WebhookReply, WebhookRequest};
use crate::{BoxFuture, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

    /// Turns a verified webhook request for trigger `trigger` into events, and the response the
    /// provider expects when it expects one.
    fn handle_webhook<'a>(
        &'a self,
        trigger: &'a str,
        config: Value,
        request: WebhookRequest,
    ) -> BoxFuture<'a, Result<WebhookReply<Value>>>;

    /// Polls trigger `trigger` for events after `cursor`.
    fn poll<'a>(
        &'a self,
        trigger: &'a str,
        config: Value,
        cursor: Option<Value>,
    ) -> BoxFuture<'a, Result<Polled<Value>>>;

    /// Registers trigger `trigger`'s webhook with the provider (when the trigger declares
    /// `subscribe = ...`); `Ok(None)` when the provider is set up by hand.
    fn subscribe<'a>(
        &'a self,
        trigger: &'a str,
        config: Value,
        context: SubscribeContext,
    ) -> BoxFuture<'a, Result<Option<Subscription>>> {
        let _ = (trigger, config, context);
        Box::pin(async { Ok(None) })
    }

    /// Removes the provider's webhook of a subscription (when the trigger declares
    /// `unsubscribe = ...`).
    fn unsubscribe<'a>(
        &'a self,
        trigger: &'a str,
        config: Value,
        subscription: Subscription,
    ) -> BoxFuture<'a, Result<()>> {
        let _ = (trigger, config, subscription);
        Box::pin(async { Ok(()) })
    }

    /// Renews a subscription before it expires (when the trigger declares `refresh = ...`);
    /// `Ok(None)` when it never expires.
    fn refresh_subscription<'a>(
        &'a self,
        trigger: &'a str,
        config: Value,
        subscription: Subscription,
    ) -> BoxFuture<'a, Result<Option<Subscription>>> {
        let _ = (trigger, config, subscription);
        Box::pin(async { Ok(None) })
    }

    /// Opens the long-lived connection that delivers the events of gateway triggers `triggers`
    /// (all declared `gateway = <the same method>`); see [`crate::gateway`].
    fn open_gateway<'a>(&'a self, triggers: &'a [&'a str]) -> BoxFuture<'a, Result<GatewayConnection>> {
        Box::pin(async move {
            Err(crate::ConnectorError::new(
                crate::ErrorCode::NotSupported,
                format!("none of the triggers {triggers:?} receives its events over a gateway connection"),
            ))
        })
    }

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
