//! Registering a webhook with the provider: what a trigger's `subscribe` method is given and
//! returns, and what `unsubscribe` gets back. The server keeps the [`Subscription`] with the
//! registration (its secret encrypted), so a restart subscribes nothing again.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What `subscribe` is given.
#[derive(Debug, Clone)]
pub struct SubscribeContext {
    /// The public URL the provider must send deliveries to.
    pub webhook_url: String,
    /// A random secret made for this registration: give it to the provider where the provider
    /// lets the subscriber choose (GitHub's hook secret, Telegram's `secret_token`).
    pub secret: String,
}

/// The provider's side of one registration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    /// The provider's id of the webhook (to delete it).
    pub upstream_id: String,
    /// A secret the provider chose and returned (Stripe's `whsec_`, Airtable's
    /// `macSecretBase64`); it replaces the generated one. Never shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Anything else `unsubscribe` will need (the repository, the base).
    #[serde(default)]
    pub state: Value,
    /// When the provider lets the webhook expire (Unix seconds), if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
}

impl Subscription {
    /// A subscription known by the provider's id alone.
    pub fn new(upstream_id: impl Into<String>) -> Self {
        Self { upstream_id: upstream_id.into(), ..Self::default() }
    }
}
