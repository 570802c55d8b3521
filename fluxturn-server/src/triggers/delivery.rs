//! One webhook delivery: find the active registration, verify the request over its raw bytes
//! with the trigger's secret, run the connector's handler, and store its events once each.
//! A connection whose provider keeps one webhook URL (`endpoint = "connection"`) has one
//! endpoint for all its registrations: a delivery there reaches each of them.
//! While the registration is still `subscribing` (its provider calls the URL before its API
//! answers), a handshake hands over the secret and other requests are answered, storing nothing.

use super::store::{self, Kind, NewEvent, Registration};
use super::{secret_of, trigger_meta};
use crate::app::AppState;
use crate::configs;
use crate::connections;
use crate::error::ServiceError;
use crate::storage;
use fluxturn_core::meta::TriggerMeta;
use fluxturn_core::webhook::{check, receive, secret_for, Checked, Rejection};
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

/// Receives `request` for registration `id` of connector `connector`, or, when `id` is a
/// connection whose triggers share one endpoint (`endpoint = "connection"`), for every active
/// registration of that connection.
pub async fn deliver(
    state: &AppState,
    connector: &str,
    id: &str,
    request: WebhookRequest,
    now: SystemTime,
) -> Result<Delivered, ServiceError> {
    let not_found = || ServiceError::RegistrationNotFound { id: id.to_owned() };
    let Some(registration) = store::get(&state.pool, id).await? else {
        let shared = super::shared_registrations(state, connector, id).await?;
        return if shared.is_empty() { Err(not_found()) } else { fan_out(state, id, &shared, request, now).await };
    };
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
    let (config, generated) = handler_config(state, &registration, meta)?;
    let secret = secret_for(meta, &config, &credentials, generated.as_deref()).map_err(rejected)?;
    let with_cursor = WebhookRequest { cursor: registration.cursor.clone(), ..request.clone() };
    let mut reply = receive(&**instance, meta, config, secret.as_deref(), with_cursor, now).await.map_err(rejected)?;
    if subscribing {
        // The provider checking the URL while its webhook is created (Graph's `validationToken`):
        // answered, but nothing is stored before the registration is active.
        reply.events.clear();
        reply.cursor = None;
    }
    let (stored, duplicates) =
        keep_events(state, &registration, meta, &request, reply.events, reply.cursor, now).await?;
    Ok(Delivered { response: reply.response, stored, duplicates })
}

/// One delivery to a connection's shared endpoint: verified once (with the first registration
/// whose secret checks it: they share one, unless two subscribed at the same moment), then run
/// through every registration's handler, each keeping its own events. The first answer a
/// handler gives is the response. A handler that fails is logged and skipped; only when every
/// one fails is the delivery an error.
async fn fan_out(
    state: &AppState,
    config_id: &str,
    shared: &[(Registration, &'static TriggerMeta)],
    request: WebhookRequest,
    now: SystemTime,
) -> Result<Delivered, ServiceError> {
    let (stored_config, instance) = connections::connected(state, config_id).await?;
    let credentials = configs::decrypt(&state.cipher, &stored_config)?;
    let mut configs = Vec::with_capacity(shared.len());
    let mut checked = None;
    for (registration, meta) in shared {
        let (config, generated) = handler_config(state, registration, meta)?;
        if !matches!(checked, Some(Ok(_))) {
            let secret = secret_for(meta, &config, &credentials, generated.as_deref());
            checked = Some(secret.and_then(|secret| check(meta, secret.as_deref(), &request, now)));
        }
        configs.push(config);
    }
    let checked = checked.expect("a shared endpoint has a registration").map_err(rejected)?;
    let mut delivered = Delivered { response: None, stored: 0, duplicates: 0 };
    let (mut failure, mut handled) = (None, false);
    for ((registration, meta), config) in shared.iter().zip(configs) {
        let with_cursor = WebhookRequest { cursor: registration.cursor.clone(), ..request.clone() };
        match instance.handle_webhook(meta.id, config, with_cursor).await {
            Ok(reply) => {
                handled = true;
                delivered.response = delivered.response.or(reply.response);
                // A URL check is answered by one handler, and is no event.
                if checked == Checked::UrlCheck {
                    break;
                }
                let (stored, duplicates) =
                    keep_events(state, registration, meta, &request, reply.events, reply.cursor, now).await?;
                delivered.stored += stored;
                delivered.duplicates += duplicates;
            }
            Err(error) => {
                tracing::warn!(registration = %registration.id, error = %error.message, "a trigger sharing the endpoint failed on a delivery");
                failure.get_or_insert(error);
            }
        }
    }
    match failure {
        Some(error) if !handled => Err(ServiceError::Connector(error)),
        _ => Ok(delivered),
    }
}

/// The configuration the handler gets (a secret kept from it put back where the scheme looks),
/// and the registration's own secret (generated, or kept from its configuration).
fn handler_config(
    state: &AppState,
    registration: &Registration,
    meta: &TriggerMeta,
) -> Result<(serde_json::Value, Option<String>), ServiceError> {
    let generated = secret_of(state, registration)?;
    let mut config = registration.trigger_config.clone();
    if let (Some(fluxturn_core::SecretSource::Config(field)), Some(secret), Some(map)) =
        (meta.secret, generated.as_deref(), config.as_object_mut())
    {
        map.insert(field.to_owned(), secret.into());
    }
    Ok((config, generated))
}

/// Stores `events` of `registration` once each, and the `cursor` its handler returned, in one
/// transaction (a crash before the commit leaves the old cursor, and the next delivery reads
/// again from it); answers how many events were new and how many were already there.
async fn keep_events(
    state: &AppState,
    registration: &Registration,
    meta: &TriggerMeta,
    request: &WebhookRequest,
    events: Vec<serde_json::Value>,
    cursor: Option<serde_json::Value>,
    now: SystemTime,
) -> Result<(usize, usize), ServiceError> {
    let keys = meta.event_id.map(|event_id| event_id.ids(Some(request), &events));
    let events: Vec<NewEvent> = events
        .into_iter()
        .enumerate()
        .map(|(index, payload)| NewEvent { key: keys.as_ref().and_then(|k| k[index].clone()), payload })
        .collect();
    let mut tx = state.pool.begin().await?;
    let stored = store::insert_events(&mut tx, &registration.id, &events, &storage::now(), super::unix(now)).await?;
    if let Some(cursor) = cursor {
        store::keep_cursor(&mut tx, &registration.id, &cursor).await?;
    }
    tx.commit().await?;
    state.executions.wake();
    if stored > 0 {
        tracing::info!(registration = %registration.id, connector = %registration.connector_type, stored, "webhook events stored");
    }
    Ok((stored, events.len() - stored))
}

/// A rejected delivery as a service failure: 401 for verification, the connector's error else.
fn rejected(rejection: Rejection) -> ServiceError {
    match rejection {
        Rejection::Handler(error) => ServiceError::Connector(error),
        other => ServiceError::WebhookRejected { reason: other.to_string() },
    }
}
