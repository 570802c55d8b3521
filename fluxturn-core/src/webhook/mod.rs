//! Webhooks: the request as it arrived ([`WebhookRequest`]), the handler's answer
//! ([`WebhookReply`]), the provider signature schemes the framework checks before any handler
//! runs ([`verify`]), and what a trigger declares about them ([`SecretSource`], [`EventId`]).

mod event_id;
mod receive;
mod reply;
mod request;
mod subscription;
pub mod verify;

pub use event_id::EventId;
pub use receive::{check, receive, secret_for, Checked, Rejection};
pub use reply::{WebhookReply, WebhookResponse};
pub use request::WebhookRequest;
pub use subscription::{SubscribeContext, Subscription};
pub use verify::{Handshake, SignatureError, SignatureScheme};

/// Where a trigger's signing secret lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretSource {
    /// A field of the trigger's configuration (`secret = "config.signingSecret"`).
    Config(&'static str),
    /// A field of the connector's credentials (`secret = "credentials.signingSecret"`).
    Credential(&'static str),
    /// A secret the framework generates when it registers the webhook, or that the provider
    /// returns at subscription (`secret = "generated"`); stored encrypted, never shown.
    Generated,
}
