//! Triggers that fire: registrations (one per subscribed trigger, in the database), webhook
//! deliveries verified over their raw bytes, the poller and the schedule. Events are stored,
//! deduplicated by the provider's event id, and listed; the workflow engine will consume them.

pub mod delivery;
pub mod gateway;
pub mod runner;
pub mod store;
pub mod subscription;

use crate::app::AppState;
use crate::catalogue::field_errors;
use crate::configs;
use crate::error::ServiceError;
use crate::schedule::Schedule;
use crate::storage;
use fluxturn_core::meta::TriggerMeta;
use fluxturn_core::{FieldError, SecretSource, SignatureScheme};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};
use store::{Kind, Registration};

/// The connector type of the core schedule trigger.
pub const SCHEDULE: &str = "schedule";
/// Seconds between polls when the registration does not say.
pub const DEFAULT_POLL_INTERVAL: u32 = 60;
/// The shortest poll interval accepted.
pub const MIN_POLL_INTERVAL: u32 = 10;
/// What a masked secret field shows.
const MASK: &str = "********";

/// `POST /api/v1/triggers`: subscribe one trigger of one configured connector (or the schedule).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTrigger {
    /// The connector configuration (the id `POST /api/v1/connectors` answered); none for `schedule`.
    #[serde(default)]
    pub connector_id: Option<String>,
    /// The trigger's id (`GET /api/v1/connectors/definitions/{type}/triggers`), or `schedule`.
    pub trigger: String,
    /// The trigger's configuration (its `inputSchema`); for `schedule`, FluxTurn's schedule
    /// object (`{"schedule": {"mode": ..}, "timezone": ..}`) or `{"cron": "..", "timezone": ..}`.
    #[serde(default)]
    pub config: Map<String, Value>,
    /// Seconds between polls of a polling trigger (default 60, at least 10).
    #[serde(default)]
    pub poll_interval_secs: Option<u32>,
}

/// A registration as the API shows it: its secret never, the URL to give the provider always.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RegistrationView {
    /// Its id.
    pub id: String,
    /// The connector configuration it uses (none for `schedule`).
    pub connector_id: Option<String>,
    /// The connector's name, or `schedule`.
    pub connector_type: String,
    /// The trigger's id.
    pub trigger: String,
    /// `webhook`, `polling`, `schedule` or `gateway` (events over a connection the server keeps
    /// open; `status` is `error`, with `last_error`, while it cannot connect).
    pub kind: String,
    /// The trigger's configuration; a field holding its signing secret shows `********`.
    pub config: Value,
    /// `active`; `error` after a failed run (the next run retries); `subscribing` while its webhook
    /// is being registered with the provider; `deleting` while its removal there is retried.
    pub status: String,
    /// Where the provider must send deliveries (webhook triggers).
    pub webhook_url: Option<String>,
    /// The signature scheme each delivery is checked with.
    pub verification: Option<String>,
    /// Seconds between polls.
    pub poll_interval_secs: Option<i64>,
    /// When the poll or schedule runs next (RFC 3339).
    pub next_run_at: Option<String>,
    /// What the schedule does, in words.
    pub schedule: Option<String>,
    /// When it last ran (RFC 3339).
    pub last_run_at: Option<String>,
    /// The last failure, if the last run failed.
    pub last_error: Option<String>,
    /// Failures in a row.
    pub failures: i64,
    /// The provider's id of the webhook registered for it, if the trigger registers one.
    pub upstream_id: Option<String>,
    /// When the provider lets that webhook expire (RFC 3339); it is renewed a day before.
    pub subscription_expires_at: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update.
    pub updated_at: String,
}

/// `GET /api/v1/triggers/{id}/events`: newest first.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EventPage {
    /// The events.
    pub events: Vec<store::StoredEvent>,
    /// How many the registration has.
    pub total: i64,
    /// The page size.
    pub limit: i64,
    /// Events skipped.
    pub offset: i64,
}

/// Unix seconds of `time`.
pub fn unix(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn rfc3339(unix_secs: i64) -> String {
    let time = UNIX_EPOCH + std::time::Duration::from_secs(unix_secs.max(0) as u64);
    humantime::format_rfc3339_seconds(time).to_string()
}

fn field_error(field: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::InvalidConfiguration { errors: vec![FieldError { field: field.into(), message: message.into() }] }
}

/// The attribute name of a scheme.
pub fn scheme_name(scheme: SignatureScheme) -> &'static str {
    SignatureScheme::ALL.iter().find(|(_, s)| *s == scheme).map(|(name, _)| *name).unwrap_or("custom")
}

/// What trigger `trigger` of connector `connector` declares.
pub fn trigger_meta(state: &AppState, connector: &str, trigger: &str) -> Result<&'static TriggerMeta, ServiceError> {
    let entry = state
        .catalogue
        .registry()
        .entries()
        .iter()
        .find(|e| e.name == connector)
        .ok_or_else(|| ServiceError::UnknownConnectorType { name: connector.to_owned(), known: None })?;
    entry.trigger(trigger).ok_or_else(|| ServiceError::UnknownTrigger {
        connector: connector.to_owned(),
        trigger: trigger.to_owned(),
        valid: entry.triggers().iter().map(|t| t.id.to_owned()).collect(),
    })
}

/// The random secret made for `secret = "generated"` until a subscription replaces it.
fn generated_secret() -> String {
    let mut bytes = [0u8; 32];
    aes_gcm::aead::rand_core::RngCore::fill_bytes(&mut aes_gcm::aead::OsRng, &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Validates and stores a standalone registration.
pub async fn create(
    state: &AppState,
    request: CreateTrigger,
    now: SystemTime,
) -> Result<RegistrationView, ServiceError> {
    create_for(state, request, None, now).await
}

/// Validates and stores a registration; `workflow` is the `(workflow, trigger node)` it starts,
/// if any.
pub async fn create_for(
    state: &AppState,
    request: CreateTrigger,
    workflow: Option<(&str, &str)>,
    now: SystemTime,
) -> Result<RegistrationView, ServiceError> {
    let id = uuid::Uuid::new_v4().to_string();
    let at = storage::now();
    let mut registration = Registration {
        id: id.clone(),
        config_id: None,
        connector_type: SCHEDULE.into(),
        trigger_id: request.trigger.clone(),
        kind: Kind::Schedule,
        trigger_config: Value::Object(request.config.clone()),
        secret: None,
        upstream_id: None,
        upstream_state: None,
        cursor: None,
        poll_interval_secs: None,
        next_run_at: None,
        status: "active".into(),
        last_error: None,
        failures: 0,
        last_run_at: None,
        created_at: at.clone(),
        updated_at: at,
        workflow_id: workflow.map(|(id, _)| id.to_owned()),
        node_id: workflow.map(|(_, node)| node.to_owned()),
    };
    // A trigger that subscribes is stored before it subscribes (`subscribe_stored`).
    let mut subscribed = false;
    match request.connector_id.as_deref() {
        None if request.trigger == SCHEDULE => {
            let schedule = Schedule::from_config(&registration.trigger_config)
                .map_err(|e| field_error(&format!("config.{}", e.field()), e.problem()))?;
            registration.next_run_at = schedule.next_after(chrono_of(now)).map(|next| next.timestamp());
        }
        None => {
            return Err(field_error(
                "connector_id",
                format!(
                    "trigger `{}` belongs to a connector: give the configuration's id (only `schedule` needs none)",
                    request.trigger
                ),
            ))
        }
        Some(config_id) => {
            let stored = configs::load(&state.pool, config_id).await?;
            let meta = trigger_meta(state, &stored.connector_type, &request.trigger)?;
            check_config(state, &stored.connector_type, &request.trigger, &registration.trigger_config)?;
            registration.config_id = Some(stored.id.clone());
            registration.connector_type = stored.connector_type.clone();
            registration.kind = match meta {
                TriggerMeta { polling: true, .. } => Kind::Polling,
                TriggerMeta { gateway: Some(_), .. } => Kind::Gateway,
                _ => Kind::Webhook,
            };
            let secret = take_secret(meta, &mut request.config.clone(), &mut registration)?;
            registration.secret = secret.as_ref().map(|secret| state.cipher.encrypt(&id, secret.as_bytes()));
            if registration.kind == Kind::Polling {
                let interval = request.poll_interval_secs.unwrap_or(DEFAULT_POLL_INTERVAL);
                if interval < MIN_POLL_INTERVAL {
                    return Err(field_error(
                        "poll_interval_secs",
                        format!("must be at least {MIN_POLL_INTERVAL} seconds"),
                    ));
                }
                registration.poll_interval_secs = Some(i64::from(interval));
                registration.next_run_at = Some(unix(now));
            }
            if meta.subscribes && !(meta.shared_endpoint && share_subscription(state, &mut registration).await?) {
                subscribe_stored(state, &mut registration, meta, secret).await?;
                subscribed = true;
            }
        }
    }
    if !subscribed {
        store::insert(&state.pool, &registration).await?;
    }
    tracing::info!(id, connector = %registration.connector_type, trigger = %registration.trigger_id, "trigger registered");
    if registration.kind == Kind::Gateway {
        state.gateways.wake();
    }
    Ok(view(state, &registration))
}

/// Stores `registration` as `subscribing`, registers its webhook with the provider, then makes it
/// `active` with what the provider answered. It is stored first because some providers call the
/// URL before their API answers: Asana's handshake hands over the signing secret that way,
/// Microsoft Graph and Trello check the URL. When subscribing fails the row goes; when the
/// last update fails the provider's webhook goes too, so neither outlives a failure.
async fn subscribe_stored(
    state: &AppState,
    registration: &mut Registration,
    meta: &TriggerMeta,
    secret: Option<String>,
) -> Result<(), ServiceError> {
    registration.status = "subscribing".into();
    store::insert(&state.pool, registration).await?;
    let subscription = match subscription::subscribe(state, registration, meta, secret).await {
        Ok(subscription) => subscription,
        Err(error) => return Err(forget(state, &registration.id, error).await),
    };
    subscription::keep(registration, &subscription);
    let returned = subscription.secret.map(|secret| state.cipher.encrypt(&registration.id, secret.as_bytes()));
    if let Err(error) = store::activate(&state.pool, registration, returned.as_deref()).await {
        subscription::undo(state, registration).await;
        return Err(forget(state, &registration.id, error.into()).await);
    }
    registration.status = "active".into();
    Ok(())
}

/// For a trigger whose connection has one endpoint (`endpoint = "connection"`): takes the
/// subscription (upstream id, state, secret) of a registration sharing that endpoint, so the
/// provider is not asked again and the other registrations keep receiving; `false` when there is
/// none yet.
async fn share_subscription(state: &AppState, registration: &mut Registration) -> Result<bool, ServiceError> {
    let config_id = registration.config_id.clone().unwrap_or_default();
    let shared = shared_registrations(state, &registration.connector_type, &config_id).await?;
    let Some((other, _)) = shared.into_iter().find(|(other, _)| other.upstream_id.is_some()) else {
        return Ok(false);
    };
    let secret = secret_of(state, &other)?;
    registration.secret = secret.map(|secret| state.cipher.encrypt(&registration.id, secret.as_bytes()));
    registration.upstream_id = other.upstream_id;
    registration.upstream_state = other.upstream_state;
    tracing::info!(registration = %registration.id, shared_with = %other.id, "webhook shared with the connection's other triggers");
    Ok(true)
}

/// The registrations of connection `config_id` that share its one endpoint for `connector`
/// (`endpoint = "connection"`) and take deliveries (not being subscribed or removed), oldest first.
pub async fn shared_registrations(
    state: &AppState,
    connector: &str,
    config_id: &str,
) -> Result<Vec<(Registration, &'static TriggerMeta)>, ServiceError> {
    let mut shared = Vec::new();
    for registration in store::of_config(&state.pool, config_id).await? {
        let receiving = !matches!(registration.status.as_str(), "deleting" | "subscribing");
        if registration.connector_type != connector || registration.kind != Kind::Webhook || !receiving {
            continue;
        }
        let meta = trigger_meta(state, connector, &registration.trigger_id)?;
        if meta.shared_endpoint {
            shared.push((registration, meta));
        }
    }
    shared.sort_by(|(a, _), (b, _)| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    Ok(shared)
}

/// Removes registration `id`, whose subscription failed with `error`; returns `error`.
async fn forget(state: &AppState, id: &str, error: ServiceError) -> ServiceError {
    if let Err(e) = store::delete(&state.pool, id).await {
        tracing::error!(registration = id, error = %e, "could not remove a registration whose subscription failed");
    }
    error
}

/// `chrono` time of a `SystemTime`.
pub fn chrono_of(time: SystemTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::<chrono::Utc>::from(time)
}

/// Checks a trigger's configuration against its JSON Schema.
fn check_config(state: &AppState, connector: &str, trigger: &str, config: &Value) -> Result<(), ServiceError> {
    let Some(definition) = state.catalogue.registry().definition(connector) else { return Ok(()) };
    let Some(schema) = definition.supported_triggers.iter().find(|t| t.id == trigger).map(|t| &t.json_schema) else {
        return Ok(());
    };
    let validator = jsonschema::validator_for(schema)
        .map_err(|e| ServiceError::Internal(format!("the JSON Schema of trigger `{trigger}` does not compile: {e}")))?;
    let errors: Vec<FieldError> = field_errors(&validator, config)
        .into_iter()
        .map(|e| FieldError {
            field: format!("config.{}", e.field).trim_end_matches('.').to_owned(),
            message: e.message,
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::InvalidInput { action: trigger.to_owned(), errors })
    }
}

/// The signing secret to store encrypted: a configuration field's value (taken out of the
/// stored configuration, so it is never shown), or one generated now; none for a credential.
fn take_secret(
    meta: &TriggerMeta,
    config: &mut Map<String, Value>,
    registration: &mut Registration,
) -> Result<Option<String>, ServiceError> {
    let secret = match meta.secret {
        None | Some(SecretSource::Credential(_)) => return Ok(None),
        Some(SecretSource::Generated) => generated_secret(),
        Some(SecretSource::Config(field)) => match config.remove(field) {
            Some(Value::String(secret)) if !secret.trim().is_empty() => secret,
            _ => {
                return Err(field_error(
                    &format!("config.{field}"),
                    format!("trigger `{}` checks every delivery with this secret: give it", meta.id),
                ))
            }
        },
    };
    registration.trigger_config = Value::Object(config.clone());
    Ok(Some(secret))
}

/// The decrypted signing secret of a registration.
pub fn secret_of(state: &AppState, registration: &Registration) -> Result<Option<String>, ServiceError> {
    let Some(sealed) = &registration.secret else { return Ok(None) };
    let plain = state.cipher.decrypt(&registration.id, sealed).map_err(|e| {
        ServiceError::Internal(format!(
            "trigger registration {} holds a secret the key cannot decrypt: {e}",
            registration.id
        ))
    })?;
    Ok(Some(String::from_utf8_lossy(&plain).into_owned()))
}

/// The API's view of a registration.
pub fn view(state: &AppState, r: &Registration) -> RegistrationView {
    let meta = r.config_id.as_ref().and_then(|_| trigger_meta(state, &r.connector_type, &r.trigger_id).ok());
    let mut config = r.trigger_config.clone();
    if let (Some(SecretSource::Config(field)), Some(map)) = (meta.and_then(|m| m.secret), config.as_object_mut()) {
        map.insert(field.to_owned(), Value::from(MASK));
    }
    let schedule = (r.kind == Kind::Schedule).then(|| Schedule::from_config(&r.trigger_config).ok()).flatten();
    RegistrationView {
        id: r.id.clone(),
        connector_id: r.config_id.clone(),
        connector_type: r.connector_type.clone(),
        trigger: r.trigger_id.clone(),
        kind: r.kind.as_str().into(),
        config,
        status: r.status.clone(),
        webhook_url: (r.kind == Kind::Webhook).then(|| webhook_url(state, r)),
        verification: meta.and_then(|m| m.verify).map(|s| scheme_name(s).to_owned()),
        poll_interval_secs: r.poll_interval_secs,
        next_run_at: r.next_run_at.map(rfc3339),
        schedule: schedule.map(|s| s.describe()),
        last_run_at: r.last_run_at.clone(),
        last_error: r.last_error.clone(),
        failures: r.failures,
        upstream_id: r.upstream_id.clone(),
        subscription_expires_at: subscription::expires_at(r).map(rfc3339),
        created_at: r.created_at.clone(),
        updated_at: r.updated_at.clone(),
    }
}

/// Where the provider sends deliveries for registration `r`: its own URL, or its connection's
/// when the provider keeps one webhook per connection (`endpoint = "connection"`).
pub fn webhook_url(state: &AppState, r: &Registration) -> String {
    let shared = trigger_meta(state, &r.connector_type, &r.trigger_id).is_ok_and(|meta| meta.shared_endpoint);
    let target = match (&r.config_id, shared) {
        (Some(config_id), true) => config_id,
        _ => &r.id,
    };
    format!("{}/api/v1/webhooks/{}/{target}", state.public_url, r.connector_type)
}

/// The registration `id`.
pub async fn load(state: &AppState, id: &str) -> Result<Registration, ServiceError> {
    store::get(&state.pool, id).await?.ok_or_else(|| ServiceError::RegistrationNotFound { id: id.to_owned() })
}

/// Every registration.
pub async fn list(state: &AppState) -> Result<Vec<RegistrationView>, ServiceError> {
    Ok(store::list(&state.pool).await?.iter().map(|r| view(state, r)).collect())
}

/// Removes a registration and its events, after removing its webhook at the provider. When the
/// provider refuses, the registration stays (status `deleting`, with the error) and the runner
/// retries; the error is returned.
pub async fn delete(state: &AppState, id: &str) -> Result<(), ServiceError> {
    let registration = load(state, id).await?;
    subscription::remove(state, &registration, SystemTime::now()).await?;
    if registration.kind == Kind::Gateway {
        state.gateways.wake();
    }
    Ok(())
}

/// The events of registration `id`, newest first.
pub async fn events(
    state: &AppState,
    id: &str,
    limit: Option<i64>,
    offset: Option<i64>,
) -> Result<EventPage, ServiceError> {
    load(state, id).await?;
    let limit = limit.unwrap_or(50).clamp(1, 500);
    let offset = offset.unwrap_or(0).max(0);
    let (events, total) = store::events(&state.pool, id, limit, offset).await?;
    Ok(EventPage { events, total, limit, offset })
}
