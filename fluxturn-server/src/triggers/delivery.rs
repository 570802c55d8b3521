//! One webhook delivery: find the active registration, verify the request over its raw bytes
//! with the trigger's secret, run the connector's handler, and store its events once each.
//! While the registration is still `subscribing` (its provider calls the URL before its API
//! answers), a handshake hands over the secret and other requests are answered, storing nothing.

use super::store::{self, Kind, NewEvent};
use super::{secret_of, trigger_meta};
use crate::app::AppState;
use crate::configs;
use crate::connections;
use crate::error::ServiceError;
use crate::storage;
use fluxturn_core::webhook::{receive, secret_for, Rejection};
use fluxturn_core::{WebhookRequest, WebhookResponse};
use std::time::SystemTime;

/// What a delivery did.
#[derive(Debug)]
pub struct Delivered {
    /// The connector's own answer for the provider, when it gave one.
    pub response: Option<WebhookResponse>,
    /// Events stored.
    pub stored: usize,
    /// Events already stored (a redelivery).
    pub duplicates: usize,
}

/// Receives `request` for registration `id` of connector `connector`.
pub async fn deliver(
    state: &AppState,
    connector: &str,
    id: &str,
    request: WebhookRequest,
    now: SystemTime,
) -> Result<Delivered, ServiceError> {
    let not_found = || ServiceError::RegistrationNotFound { id: id.to_owned() };
    let registration = store::get(&state.pool, id).await?.ok_or_else(not_found)?;
    if registration.connector_type != connector
        || registration.kind != Kind::Webhook
        || registration.status == "deleting"
    {
        return Err(not_found());
    }
    let config_id = registration.config_id.as_deref().ok_or_else(not_found)?;
    let meta = trigger_meta(state, connector, &registration.trigger_id)?;
    let subscribing = registration.status == "subscribing";
    // A handshake is taken only while the webhook is being created; later it is verified like
    // any delivery (and fails: it is not signed).
    if let Some(handshake) = meta.verify.and_then(|scheme| scheme.handshake(&request)).filter(|_| subscribing) {
        let sealed = state.cipher.encrypt(id, handshake.secret.as_bytes());
        if !store::keep_handshake_secret(&state.pool, id, &sealed).await? {
            return Err(not_found());
        }
        tracing::info!(registration = id, connector, "signing secret received in the provider's handshake");
        return Ok(Delivered { response: Some(handshake.response), stored: 0, duplicates: 0 });
    }
    let (stored_config, instance) = connections::connected(state, config_id).await?;
    let credentials = configs::decrypt(&state.cipher, &stored_config)?;
    let generated = secret_of(state, &registration)?;
    // A secret kept from the trigger's configuration goes back where the scheme looks for it.
    let mut config = registration.trigger_config.clone();
    if let (Some(fluxturn_core::SecretSource::Config(field)), Some(secret), Some(map)) =
        (meta.secret, generated.as_deref(), config.as_object_mut())
    {
        map.insert(field.to_owned(), secret.into());
    }
    let secret = secret_for(meta, &config, &credentials, generated.as_deref()).map_err(rejected)?;
    let mut reply =
        receive(&**instance, meta, config, secret.as_deref(), request.clone(), now).await.map_err(rejected)?;
    if subscribing {
        // The provider checking the URL while its webhook is created (Graph's `validationToken`):
        // answered, but nothing is stored before the registration is active.
        reply.events.clear();
    }
    let keys = meta.event_id.map(|event_id| event_id.ids(Some(&request), &reply.events));
    let events: Vec<NewEvent> = reply
        .events
        .into_iter()
        .enumerate()
        .map(|(index, payload)| NewEvent { key: keys.as_ref().and_then(|k| k[index].clone()), payload })
        .collect();
    let mut tx = state.pool.begin().await?;
    let stored = store::insert_events(&mut tx, id, &events, &storage::now(), super::unix(now)).await?;
    tx.commit().await?;
    state.executions.wake();
    if stored > 0 {
        tracing::info!(registration = id, connector, stored, "webhook events stored");
    }
    Ok(Delivered { response: reply.response, stored, duplicates: events.len() - stored })
}

/// A rejected delivery as a service failure: 401 for verification, the connector's error else.
fn rejected(rejection: Rejection) -> ServiceError {
    match rejection {
        Rejection::Handler(error) => ServiceError::Connector(error),
        other => ServiceError::WebhookRejected { reason: other.to_string() },
    }
}
