//! Gateway triggers on the server: one long-lived connection per connection configuration (and
//! opening method), shared by every registration of its gateway triggers. The registrations in
//! the database are the truth: [`sync`] opens what is registered and not open, reopens a
//! connection whose trigger set or configuration changed (new intents, a new token), and closes
//! one whose last registration went. Every event goes to each registration's handler, which
//! filters it as a webhook handler would, and what they emit is stored once (by event id).
//! A connection that cannot open, or that the provider closes for good, shows its error on its
//! registrations and is retried with backoff (up to an hour).

use super::runner::backoff;
use super::store::{self, Kind, NewEvent, Registration};
use super::{trigger_meta, unix};
use crate::app::AppState;
use crate::connections;
use crate::error::ServiceError;
use crate::storage;
use fluxturn_core::gateway::GatewayMessage;
use fluxturn_core::webhook::receive;
use fluxturn_core::WebhookRequest;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinHandle;

/// How often [`run_forever`] re-reads the registrations when nothing wakes it.
pub const RESYNC: Duration = Duration::from_secs(10);
/// The first wait after a connection failed; it doubles with each failure in a row.
pub const RETRY_AFTER: i64 = 60;

/// One connection: a configuration, and the method that opens it (the triggers naming it).
type Key = (String, &'static str);

/// What one connection was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wanted {
    /// The gateway triggers registered on it.
    triggers: BTreeSet<String>,
    /// The configuration's `updated_at`: a change of credentials reopens the connection.
    version: String,
}

struct Running {
    wanted: Wanted,
    task: JoinHandle<()>,
}

/// The open gateway connections of this server.
#[derive(Default)]
pub struct Gateways {
    running: Mutex<HashMap<Key, Running>>,
    wake: Notify,
}

impl Gateways {
    /// Asks [`run_forever`] to sync now (a registration or configuration changed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// How many connections are open (or opening).
    pub async fn open(&self) -> usize {
        self.running.lock().await.values().filter(|r| !r.task.is_finished()).count()
    }

    /// Closes every connection (at shutdown).
    pub async fn close_all(&self) {
        for (_, running) in self.running.lock().await.drain() {
            running.task.abort();
        }
    }
}

/// How long this instance holds a connection's lease without renewing it (each sync renews):
/// when it dies, another instance opens the connection within this time and a [`RESYNC`].
pub const LEASE: Duration = Duration::from_secs(3 * RESYNC.as_secs());

/// The lease of a connection.
fn lease_name(key: &Key) -> String {
    format!("gateway:{}:{}", key.0, key.1)
}

/// Closes this instance's connections and gives up their leases, so that another instance (or
/// this one restarted) opens them at once (graceful shutdown).
pub async fn stop(state: &AppState) {
    let keys: Vec<Key> = state.gateways.running.lock().await.keys().cloned().collect();
    state.gateways.close_all().await;
    for key in keys {
        if let Err(error) =
            crate::storage::release_lease(&state.pool, &lease_name(&key), &state.executions.instance).await
        {
            tracing::warn!(%error, "giving up a gateway lease failed; another instance takes it when it runs out");
        }
    }
}

/// Syncs at start-up, then whenever woken and every [`RESYNC`], until the process ends.
pub async fn run_forever(state: Arc<AppState>) {
    loop {
        if let Err(error) = sync(&state, SystemTime::now()).await {
            tracing::error!(%error, "syncing gateway connections failed");
        }
        tokio::select! {
            () = state.gateways.wake.notified() => {}
            () = tokio::time::sleep(RESYNC) => {}
        }
    }
}

/// Opens, reopens and closes connections so that exactly the registered ones are open.
pub async fn sync(state: &Arc<AppState>, now: SystemTime) -> Result<(), ServiceError> {
    let mut wanted = wanted(state, now).await?;
    // With several instances on PostgreSQL, each connection is held by one of them: the one
    // holding its lease (renewed here); the others close theirs and open none. SQLite has one.
    if crate::storage::dialect(&state.pool) == crate::storage::Dialect::Postgres {
        let (now, owner) = (unix(now), &state.executions.instance);
        let mut leased = BTreeMap::new();
        for (key, wanted) in wanted {
            let until = now + LEASE.as_secs() as i64;
            if crate::storage::try_lease(&state.pool, &lease_name(&key), owner, now, until).await? {
                leased.insert(key, wanted);
            }
        }
        wanted = leased;
    }
    let mut running = state.gateways.running.lock().await;
    running.retain(|key, open| {
        let keep = wanted.get(key).is_some_and(|w| w.as_ref() == Some(&open.wanted)) && !open.task.is_finished();
        if !keep {
            open.task.abort();
        }
        keep
    });
    for (key, wanted) in wanted {
        let Some(wanted) = wanted else { continue };
        if running.contains_key(&key) {
            continue;
        }
        tracing::info!(config = %key.0, triggers = ?wanted.triggers, "opening gateway connection");
        let task = tokio::spawn(hold(state.clone(), key.clone(), wanted.triggers.clone()));
        running.insert(key, Running { wanted, task });
    }
    Ok(())
}

/// The connections the registrations ask for; `None` for one waiting out its backoff (it stays
/// open if it is open, and is not opened if not).
async fn wanted(state: &AppState, now: SystemTime) -> Result<BTreeMap<Key, Option<Wanted>>, ServiceError> {
    let rows = sqlx::query(
        "SELECT r.id, r.config_id, r.connector_type, r.trigger_id, r.next_run_at, c.updated_at AS version \
         FROM trigger_registrations r JOIN connector_configs c ON c.id = r.config_id \
         WHERE r.kind = 'gateway' AND r.status != 'deleting'",
    )
    .fetch_all(&state.pool)
    .await?;
    let mut wanted: BTreeMap<Key, (Wanted, bool)> = BTreeMap::new();
    for row in rows {
        use sqlx::Row;
        let (connector, trigger): (String, String) = (row.get("connector_type"), row.get("trigger_id"));
        let Ok(meta) = trigger_meta(state, &connector, &trigger) else { continue };
        let Some(method) = meta.gateway else { continue };
        let waiting = row.get::<Option<i64>, _>("next_run_at").is_some_and(|at| at > unix(now));
        let entry = wanted
            .entry((row.get("config_id"), method))
            .or_insert_with(|| (Wanted { triggers: BTreeSet::new(), version: row.get("version") }, true));
        entry.0.triggers.insert(trigger);
        // One registration not waiting (a new one) opens the connection now.
        entry.1 &= waiting;
    }
    Ok(wanted.into_iter().map(|(key, (wanted, waiting))| (key, (!waiting).then_some(wanted))).collect())
}

/// Holds one connection until it fails or the task is aborted.
async fn hold(state: Arc<AppState>, key: Key, triggers: BTreeSet<String>) {
    let (config_id, _) = &key;
    let ids: Vec<&str> = triggers.iter().map(String::as_str).collect();
    let error = match connect_and_receive(&state, config_id, &ids).await {
        Ok(()) => "the gateway connection ended".to_owned(),
        Err(error) => error.public_message(),
    };
    tracing::warn!(config = %config_id, %error, "gateway connection failed");
    if let Err(failure) = record_failure(&state, config_id, &ids, &error).await {
        tracing::error!(%failure, "recording a gateway failure failed");
    }
}

async fn connect_and_receive(state: &AppState, config_id: &str, triggers: &[&str]) -> Result<(), ServiceError> {
    let (_, instance) = connections::connected(state, config_id).await?;
    let mut connection = instance.open_gateway(triggers).await?;
    drop(instance);
    while let Some(message) = connection.next().await {
        match message {
            GatewayMessage::Connected => mark_connected(state, config_id, triggers).await?,
            GatewayMessage::Event(request) => deliver(state, config_id, triggers, request).await?,
            GatewayMessage::Failed(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// The active registrations of `triggers` on configuration `config_id`.
async fn registrations(state: &AppState, config_id: &str, triggers: &[&str]) -> sqlx::Result<Vec<Registration>> {
    Ok(store::of_config(&state.pool, config_id)
        .await?
        .into_iter()
        .filter(|r| r.kind == Kind::Gateway && r.status != "deleting" && triggers.contains(&r.trigger_id.as_str()))
        .collect())
}

/// Hands one event to every registration's handler and stores what each emits.
async fn deliver(
    state: &AppState,
    config_id: &str,
    triggers: &[&str],
    request: WebhookRequest,
) -> Result<(), ServiceError> {
    let (_, instance) = connections::connected(state, config_id).await?;
    let now = SystemTime::now();
    for registration in registrations(state, config_id, triggers).await? {
        let meta = trigger_meta(state, &registration.connector_type, &registration.trigger_id)?;
        let config = registration.trigger_config.clone();
        let reply = match receive(&**instance, meta, config, None, request.clone(), now).await {
            Ok(reply) => reply,
            Err(error) => {
                // One event the handler cannot read does not stop the others.
                tracing::warn!(registration = %registration.id, %error, "gateway event not handled");
                continue;
            }
        };
        if reply.events.is_empty() {
            continue;
        }
        let keys = meta.event_id.map(|event_id| event_id.ids(Some(&request), &reply.events));
        let events: Vec<NewEvent> = reply
            .events
            .into_iter()
            .enumerate()
            .map(|(index, payload)| NewEvent { key: keys.as_ref().and_then(|k| k[index].clone()), payload })
            .collect();
        let mut tx = state.pool.begin().await?;
        let stored = store::insert_events(&mut tx, &registration.id, &events, &storage::now(), unix(now)).await?;
        tx.commit().await?;
        state.executions.wake();
        if stored > 0 {
            tracing::info!(registration = %registration.id, stored, "gateway events stored");
        }
    }
    Ok(())
}

/// The connection is up: its registrations are active, their errors cleared.
async fn mark_connected(state: &AppState, config_id: &str, triggers: &[&str]) -> Result<(), ServiceError> {
    for registration in registrations(state, config_id, triggers).await? {
        sqlx::query(
            "UPDATE trigger_registrations SET status = 'active', last_error = NULL, failures = 0, next_run_at = NULL, \
             last_run_at = $1, updated_at = $2 WHERE id = $3 AND status != 'deleting'",
        )
        .bind(storage::now())
        .bind(storage::now())
        .bind(&registration.id)
        .execute(&state.pool)
        .await?;
    }
    Ok(())
}

/// The connection failed: each registration shows why and when it is retried.
async fn record_failure(state: &AppState, config_id: &str, triggers: &[&str], error: &str) -> sqlx::Result<()> {
    let now = unix(SystemTime::now());
    for registration in registrations(state, config_id, triggers).await? {
        let retry = now + backoff(RETRY_AFTER, registration.failures);
        store::record_failure(&state.pool, &registration.id, error, retry).await?;
    }
    Ok(())
}
