//! Receiving one delivery: find the signing secret, verify the request over its raw bytes, then
//! run the trigger's handler. The server and the connector test kit both go through here, so a
//! connector's tests exercise exactly what the server does.

use super::verify::{verify, SignatureError};
use super::{SecretSource, WebhookReply, WebhookRequest};
use crate::meta::TriggerMeta;
use crate::{Connector, ConnectorError};
use serde_json::{Map, Value};
use std::time::SystemTime;

/// Why a delivery produced nothing.
#[derive(Debug, thiserror::Error)]
pub enum Rejection {
    /// The request failed its signature check (answer 401, store nothing).
    #[error("webhook signature check failed: {0}")]
    Unverified(#[from] SignatureError),
    /// The trigger declares a secret that is not there: a configuration mistake, not the
    /// sender's (answer 401 too: nothing unverified may pass).
    #[error("the webhook cannot be verified: {0}")]
    NoSecret(String),
    /// The handler failed.
    #[error("{}", .0.message)]
    Handler(#[from] ConnectorError),
}

/// The signing secret of a trigger: from its configuration, the credentials, or the secret
/// generated (or returned by the provider) at subscription. `Ok(None)` when the trigger
/// verifies nothing.
pub fn secret_for(
    meta: &TriggerMeta,
    config: &Value,
    credentials: &Map<String, Value>,
    generated: Option<&str>,
) -> Result<Option<String>, Rejection> {
    let Some(source) = meta.secret else { return Ok(None) };
    let found = match source {
        SecretSource::Config(field) => config.get(field).and_then(Value::as_str),
        SecretSource::Credential(key) => credentials.get(key).and_then(Value::as_str),
        SecretSource::Generated => generated,
    };
    match found.map(str::trim).filter(|s| !s.is_empty()) {
        Some(secret) => Ok(Some(secret.to_owned())),
        None => Err(Rejection::NoSecret(match source {
            SecretSource::Config(field) => format!("trigger `{}` has no `{field}` in its configuration", meta.id),
            SecretSource::Credential(key) => {
                format!("the connection has no `{key}` credential for trigger `{}`", meta.id)
            }
            SecretSource::Generated => {
                format!("trigger `{}` was never subscribed (no secret was made for it)", meta.id)
            }
        })),
    }
}

/// What [`check`] found a delivery to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// Verified with the trigger's scheme, or the trigger verifies nothing.
    Verified,
    /// The unsigned `GET` or `HEAD` with which the provider checks the URL
    /// ([`SignatureScheme::checks_url_unsigned`](super::SignatureScheme::checks_url_unsigned)):
    /// the handler may answer it, but nothing it returns is an event.
    UrlCheck,
}

/// Checks `request` as trigger `meta` declares, with `secret`, before any handler sees it.
pub fn check(
    meta: &TriggerMeta,
    secret: Option<&str>,
    request: &WebhookRequest,
    now: SystemTime,
) -> Result<Checked, Rejection> {
    let Some(scheme) = meta.verify else { return Ok(Checked::Verified) };
    let secret = secret.ok_or_else(|| Rejection::NoSecret(format!("trigger `{}` has no signing secret", meta.id)))?;
    if scheme.checks_url_unsigned(&request.method) {
        return Ok(Checked::UrlCheck);
    }
    verify(scheme, request, secret, now)?;
    Ok(Checked::Verified)
}

/// Verifies `request` as trigger `meta` declares (when it declares a scheme), then runs the
/// handler of `connector`.
///
/// The one request that passes unverified is the unsigned `GET` or `HEAD` with which some
/// providers check the URL ([`Checked::UrlCheck`]): the handler answers it, and the events it
/// returns are dropped.
pub async fn receive(
    connector: &dyn Connector,
    meta: &TriggerMeta,
    config: Value,
    secret: Option<&str>,
    request: WebhookRequest,
    now: SystemTime,
) -> Result<WebhookReply<Value>, Rejection> {
    let checked = check(meta, secret, &request, now)?;
    let mut reply = connector.handle_webhook(meta.id, config, request).await?;
    if checked == Checked::UrlCheck {
        reply.events.clear();
    }
    Ok(reply)
}
