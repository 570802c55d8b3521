//! Gateway triggers: events that arrive over a long-lived connection the server holds open
//! (Discord's Gateway WebSocket), not over a webhook and not by polling.
//!
//! A connector marks such triggers `#[trigger(gateway = open)]`, where `open` is a method
//! `async fn open(&self, triggers: &[&str]) -> Result<GatewayConnection>` that connects for the
//! given trigger ids (so it can ask the provider for exactly the events they need). The server
//! opens one connection per connection configuration for all of its registered gateway triggers
//! naming the same method, hands each [`GatewayMessage::Event`] to every one of those triggers'
//! handlers (the same `(config, WebhookRequest)` handlers webhook triggers have, so a
//! trigger's filters read the event the same way), and stores what they emit.
//!
//! ```
//! use fluxturn_core::gateway::{GatewayConnection, GatewayMessage};
//! use fluxturn_core::WebhookRequest;
//!
//! # async fn run() {
//! let (sender, mut connection) = GatewayConnection::channel(8, ());
//! sender.send(GatewayMessage::Connected).await.unwrap();
//! sender.send(GatewayMessage::Event(WebhookRequest::post(r#"{"t":"PING"}"#, []))).await.unwrap();
//! assert!(matches!(connection.next().await, Some(GatewayMessage::Connected)));
//! assert!(matches!(connection.next().await, Some(GatewayMessage::Event(_))));
//! # }
//! ```

use crate::{ConnectorError, WebhookRequest};
use tokio::sync::mpsc;

/// What a gateway connection reports.
#[derive(Debug)]
pub enum GatewayMessage {
    /// The connection is up: a new session began, or an old one was resumed.
    Connected,
    /// One event, as the request the triggers' handlers read.
    Event(WebhookRequest),
    /// The connection stopped for good (a revoked token, intents the application may not
    /// use…); the error says what to fix. Nothing is sent after it.
    Failed(ConnectorError),
}

/// An open gateway connection: its messages, and whatever keeps it running. Dropping it closes
/// the connection.
pub struct GatewayConnection {
    messages: mpsc::Receiver<GatewayMessage>,
    _running: Box<dyn Send + Sync>,
}

impl GatewayConnection {
    /// A connection whose messages come from `messages`; `running` (a task handle that stops
    /// its task when dropped, say) is kept until the connection is dropped.
    pub fn new(messages: mpsc::Receiver<GatewayMessage>, running: impl Send + Sync + 'static) -> Self {
        Self { messages, _running: Box::new(running) }
    }

    /// A channel of `capacity` messages and the connection reading it.
    pub fn channel(capacity: usize, running: impl Send + Sync + 'static) -> (mpsc::Sender<GatewayMessage>, Self) {
        let (sender, messages) = mpsc::channel(capacity.max(1));
        (sender, Self::new(messages, running))
    }

    /// The next message; `None` once the connection has ended.
    pub async fn next(&mut self) -> Option<GatewayMessage> {
        self.messages.recv().await
    }
}

impl std::fmt::Debug for GatewayConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayConnection").finish_non_exhaustive()
    }
}
