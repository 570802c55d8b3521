//! The provider's side of a registration: subscribe when it is created (with the webhook URL and
//! a generated secret), keep what the provider answered, and unsubscribe before it is removed.
//! A removal the provider refuses keeps the registration (`deleting`, with the error) and is
//! retried by the runner, so webhooks never pile up at the provider unnoticed.

use super::store::{self, Registration};
use super::{trigger_meta, unix, webhook_url};
use crate::app::AppState;
use crate::connections;
use crate::error::ServiceError;
use fluxturn_core::meta::TriggerMeta;
use fluxturn_core::{SubscribeContext, Subscription};
use std::time::SystemTime;

/// Registers the webhook of `registration` with the provider. `secret` is the generated one.
pub async fn subscribe(
    state: &AppState,
    registration: &Registration,
    meta: &TriggerMeta,
    secret: Option<String>,
) -> Result<Subscription, ServiceError> {
    let config_id = registration.config_id.as_deref().unwrap_or_default();
    let (_, instance) = connections::connected(state, config_id).await?;
    let secret = secret.unwrap_or_default();
    // A scheme that carries the secret in the URL (`url_token`) gets it in the URL the provider calls.
    let url = webhook_url(state, registration);
    let webhook_url = meta.verify.map_or_else(|| url.clone(), |scheme| scheme.webhook_url(&url, &secret));
    let context = SubscribeContext { webhook_url, secret };
    let subscription =
        instance.subscribe(meta.id, registration.trigger_config.clone(), context).await?.ok_or_else(|| {
            ServiceError::Internal(format!("trigger `{}` declares `subscribe` but subscribed nothing", meta.id))
        })?;
    tracing::info!(registration = %registration.id, upstream = %subscription.upstream_id, "webhook registered with the provider");
    Ok(subscription)
}

/// Keeps a subscription on the registration (its secret goes to the encrypted column instead).
pub fn keep(registration: &mut Registration, subscription: &Subscription) {
    registration.upstream_id = Some(subscription.upstream_id.clone());
    let without_secret = Subscription { secret: None, ..subscription.clone() };
    registration.upstream_state = serde_json::to_value(without_secret).ok();
}

/// The subscription kept on a registration (without its secret, which unsubscribing never needs).
fn kept(registration: &Registration) -> Option<Subscription> {
    let upstream_id = registration.upstream_id.clone()?;
    let kept = registration.upstream_state.clone().and_then(|state| serde_json::from_value::<Subscription>(state).ok());
    Some(Subscription { upstream_id, ..kept.unwrap_or_default() })
}

/// Removes the provider's webhook of `registration`, if it has one.
async fn unsubscribe(state: &AppState, registration: &Registration) -> Result<(), ServiceError> {
    let Some(subscription) = kept(registration) else { return Ok(()) };
    let meta = trigger_meta(state, &registration.connector_type, &registration.trigger_id)?;
    let config_id = registration.config_id.as_deref().unwrap_or_default();
    if meta.shared_endpoint && still_shared(state, registration, config_id).await? {
        tracing::info!(registration = %registration.id, "the provider's webhook is kept: other triggers of the connection share it");
        return Ok(());
    }
    let (_, instance) = connections::connected(state, config_id).await?;
    instance.unsubscribe(meta.id, registration.trigger_config.clone(), subscription).await?;
    tracing::info!(registration = %registration.id, "webhook removed at the provider");
    Ok(())
}

/// Whether another registration of `config_id`, not being removed, holds the same subscription.
async fn still_shared(state: &AppState, registration: &Registration, config_id: &str) -> Result<bool, ServiceError> {
    Ok(store::of_config(&state.pool, config_id).await?.iter().any(|other| {
        other.id != registration.id
            && other.status != "deleting"
            && other.connector_type == registration.connector_type
            && other.upstream_id == registration.upstream_id
    }))
}

/// After a failed insert: removes the webhook just registered (logged when that fails too).
pub async fn undo(state: &AppState, registration: &Registration) {
    if let Err(error) = unsubscribe(state, registration).await {
        tracing::error!(registration = %registration.id, %error, "could not remove a webhook registered for a registration that was not stored");
    }
}

/// Unsubscribes, then deletes the registration. A refusal keeps it as `deleting` with the error,
/// retried by the runner with backoff, and is returned.
pub async fn remove(state: &AppState, registration: &Registration, now: SystemTime) -> Result<(), ServiceError> {
    if let Err(error) = unsubscribe(state, registration).await {
        let message = format!("the provider's webhook could not be removed: {}", error.public_message());
        let retry = unix(now) + super::runner::backoff(60, registration.failures + 1);
        sqlx::query(
            "UPDATE trigger_registrations SET status = 'deleting', last_error = $1, failures = failures + 1, next_run_at = $2, \
             updated_at = $3 WHERE id = $4",
        )
        .bind(&message)
        .bind(retry)
        .bind(crate::storage::now())
        .bind(&registration.id)
        .execute(&state.pool)
        .await?;
        tracing::warn!(registration = %registration.id, %message, "removal kept for a retry");
        return Err(ServiceError::UnsubscribeFailed { id: registration.id.clone(), reason: error.public_message() });
    }
    store::delete(&state.pool, &registration.id).await?;
    tracing::info!(registration = %registration.id, "trigger registration removed");
    Ok(())
}

/// Retries the removals that failed before; returns how many were tried.
pub async fn retry_removals(state: &AppState, now: SystemTime) -> Result<usize, ServiceError> {
    let due = store::due_removals(&state.pool, unix(now), 32).await?;
    for registration in &due {
        // A failure is recorded on the row again; the next retry waits longer.
        let _ = remove(state, registration, now).await;
    }
    Ok(due.len())
}

/// Removes the webhooks of every registration of configuration `config_id` before the
/// configuration goes; the first refusal stops it (the configuration and its registrations stay).
pub async fn remove_all_of(state: &AppState, config_id: &str, now: SystemTime) -> Result<(), ServiceError> {
    for registration in store::of_config(&state.pool, config_id).await? {
        remove(state, &registration, now).await?;
    }
    Ok(())
}

/// How long before a subscription expires it is renewed.
pub const RENEW_AHEAD: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Renews the subscriptions that expire within [`RENEW_AHEAD`] (Airtable's 7-day webhooks);
/// returns how many were tried. A failure shows on the registration and is retried with backoff.
pub async fn renew_expiring(state: &AppState, now: SystemTime) -> Result<usize, ServiceError> {
    let expires_at = match crate::storage::dialect(&state.pool) {
        crate::storage::Dialect::Sqlite => "json_extract(upstream_state, '$.expires_at')",
        crate::storage::Dialect::Postgres => "(upstream_state::jsonb ->> 'expires_at')::numeric",
    };
    let rows = sqlx::query(&format!(
        "SELECT id FROM trigger_registrations WHERE kind = 'webhook' AND status != 'deleting' AND upstream_id IS NOT NULL \
         AND {expires_at} <= $1 AND (next_run_at IS NULL OR next_run_at <= $2) LIMIT 32"
    ))
    .bind(unix(now) + RENEW_AHEAD.as_secs() as i64)
    .bind(unix(now))
    .fetch_all(&state.pool)
    .await?;
    let mut tried = 0;
    for row in rows {
        let id: String = sqlx::Row::get(&row, "id");
        let Some(registration) = store::get(&state.pool, &id).await? else { continue };
        renew(state, &registration, now).await?;
        tried += 1;
    }
    Ok(tried)
}

async fn renew(state: &AppState, registration: &Registration, now: SystemTime) -> Result<(), ServiceError> {
    let renewed = async {
        let meta = trigger_meta(state, &registration.connector_type, &registration.trigger_id)?;
        let Some(subscription) = kept(registration) else { return Ok(None) };
        let (_, instance) =
            connections::connected(state, registration.config_id.as_deref().unwrap_or_default()).await?;
        Ok::<_, ServiceError>(
            instance.refresh_subscription(meta.id, registration.trigger_config.clone(), subscription).await?,
        )
    }
    .await;
    match renewed {
        Ok(Some(subscription)) => {
            let mut updated = registration.clone();
            keep(&mut updated, &subscription);
            let secret = subscription.secret.as_ref().map(|s| state.cipher.encrypt(&registration.id, s.as_bytes()));
            sqlx::query(
                "UPDATE trigger_registrations SET upstream_state = $1, secret = COALESCE($2, secret), status = 'active', \
                 last_error = NULL, failures = 0, next_run_at = NULL, updated_at = $3 WHERE id = $4",
            )
            .bind(updated.upstream_state.as_ref().map(|v| v.to_string()))
            .bind(secret)
            .bind(crate::storage::now())
            .bind(&registration.id)
            .execute(&state.pool)
            .await?;
            tracing::info!(registration = %registration.id, "provider webhook renewed");
        }
        // The trigger does not renew: look again only once it has expired.
        Ok(None) => {
            let expires = registration.upstream_state.as_ref().and_then(|s| s["expires_at"].as_i64()).unwrap_or(0);
            sqlx::query("UPDATE trigger_registrations SET next_run_at = $1 WHERE id = $2")
                .bind(expires.max(unix(now)) + RENEW_AHEAD.as_secs() as i64)
                .bind(&registration.id)
                .execute(&state.pool)
                .await?;
        }
        Err(error) => {
            let message = format!("renewing the provider's webhook failed: {}", error.public_message());
            let retry = unix(now) + super::runner::backoff(600, registration.failures + 1);
            store::record_failure(&state.pool, &registration.id, &message, retry).await?;
            tracing::warn!(registration = %registration.id, %message, "renewal will be retried");
        }
    }
    Ok(())
}

/// When the provider lets a registration's webhook expire (Unix seconds), if it does.
pub fn expires_at(registration: &Registration) -> Option<i64> {
    registration.upstream_state.as_ref().and_then(|state| state["expires_at"].as_i64())
}
