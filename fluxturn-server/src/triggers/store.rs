//! Trigger registrations and their events, as stored.

use crate::storage::Db;
use crate::storage::DbRow;
use serde_json::Value;
use sqlx::Row;

/// What kind of trigger a registration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A provider calls our webhook URL.
    Webhook,
    /// The poller calls the connector's `poll` every interval.
    Polling,
    /// The core schedule trigger fires at the times of its schedule.
    Schedule,
    /// Events arrive over a connection the server keeps open (Discord's Gateway).
    Gateway,
}

impl Kind {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Polling => "polling",
            Self::Schedule => "schedule",
            Self::Gateway => "gateway",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "polling" => Self::Polling,
            "schedule" => Self::Schedule,
            "gateway" => Self::Gateway,
            _ => Self::Webhook,
        }
    }
}

/// One stored registration; `secret` is encrypted.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Its id (in the webhook URL).
    pub id: String,
    /// The connector configuration it uses (none for the schedule trigger).
    pub config_id: Option<String>,
    /// The connector's name (`schedule` for the schedule trigger).
    pub connector_type: String,
    /// The trigger's id.
    pub trigger_id: String,
    /// Webhook, polling, schedule or gateway.
    pub kind: Kind,
    /// The trigger's configuration, without its secret.
    pub trigger_config: Value,
    /// The signing secret, encrypted for this row.
    pub secret: Option<Vec<u8>>,
    /// The provider's id of the subscription.
    pub upstream_id: Option<String>,
    /// The rest of the subscription (`Subscription` without its secret).
    pub upstream_state: Option<Value>,
    /// The poll cursor, or what a webhook handler kept for the next delivery.
    pub cursor: Option<Value>,
    /// Seconds between polls.
    pub poll_interval_secs: Option<i64>,
    /// When the poll or schedule runs next (Unix seconds).
    pub next_run_at: Option<i64>,
    /// `active` or `error`.
    pub status: String,
    /// The last failure.
    pub last_error: Option<String>,
    /// Failures in a row.
    pub failures: i64,
    /// When it last ran (RFC 3339).
    pub last_run_at: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update.
    pub updated_at: String,
    /// The workflow whose trigger node it is (none for a standalone subscription).
    pub workflow_id: Option<String>,
    /// That trigger node's id.
    pub node_id: Option<String>,
}

fn json_column(row: &DbRow, column: &str) -> Option<Value> {
    row.get::<Option<String>, _>(column).and_then(|text| serde_json::from_str(&text).ok())
}

fn from_row(row: &DbRow) -> Registration {
    Registration {
        id: row.get("id"),
        config_id: row.get("config_id"),
        connector_type: row.get("connector_type"),
        trigger_id: row.get("trigger_id"),
        kind: Kind::parse(row.get::<&str, _>("kind")),
        trigger_config: json_column(row, "trigger_config").unwrap_or(Value::Object(Default::default())),
        secret: row.get("secret"),
        upstream_id: row.get("upstream_id"),
        upstream_state: json_column(row, "upstream_state"),
        cursor: json_column(row, "cursor"),
        poll_interval_secs: row.get("poll_interval_secs"),
        next_run_at: row.get("next_run_at"),
        status: row.get("status"),
        last_error: row.get("last_error"),
        failures: row.get("failures"),
        last_run_at: row.get("last_run_at"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
        workflow_id: row.get("workflow_id"),
        node_id: row.get("node_id"),
    }
}

/// Stores a new registration.
pub async fn insert(pool: &Db, r: &Registration) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO trigger_registrations (id, config_id, connector_type, trigger_id, kind, trigger_config, secret, \
         upstream_id, upstream_state, cursor, poll_interval_secs, next_run_at, status, created_at, updated_at, \
         workflow_id, node_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&r.id)
    .bind(&r.config_id)
    .bind(&r.connector_type)
    .bind(&r.trigger_id)
    .bind(r.kind.as_str())
    .bind(r.trigger_config.to_string())
    .bind(&r.secret)
    .bind(&r.upstream_id)
    .bind(r.upstream_state.as_ref().map(Value::to_string))
    .bind(r.cursor.as_ref().map(Value::to_string))
    .bind(r.poll_interval_secs)
    .bind(r.next_run_at)
    .bind(&r.status)
    .bind(&r.created_at)
    .bind(&r.updated_at)
    .bind(&r.workflow_id)
    .bind(&r.node_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The registrations of connector configuration `config_id`.
pub async fn of_config(pool: &Db, config_id: &str) -> sqlx::Result<Vec<Registration>> {
    let rows =
        sqlx::query("SELECT * FROM trigger_registrations WHERE config_id = $1").bind(config_id).fetch_all(pool).await?;
    Ok(rows.iter().map(from_row).collect())
}

/// The registrations of workflow `workflow_id`'s trigger nodes.
pub async fn of_workflow(pool: &Db, workflow_id: &str) -> sqlx::Result<Vec<Registration>> {
    let rows = sqlx::query("SELECT * FROM trigger_registrations WHERE workflow_id = $1")
        .bind(workflow_id)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// The registration `id`.
pub async fn get(pool: &Db, id: &str) -> sqlx::Result<Option<Registration>> {
    Ok(sqlx::query("SELECT * FROM trigger_registrations WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row))
}

/// Every registration, newest first.
pub async fn list(pool: &Db) -> sqlx::Result<Vec<Registration>> {
    let rows = sqlx::query("SELECT * FROM trigger_registrations ORDER BY created_at DESC, id").fetch_all(pool).await?;
    Ok(rows.iter().map(from_row).collect())
}

/// The registrations whose webhook removal failed and is due to be retried at `now`.
pub async fn due_removals(pool: &Db, now: i64, limit: i64) -> sqlx::Result<Vec<Registration>> {
    let rows = sqlx::query(
        "SELECT * FROM trigger_registrations WHERE status = 'deleting' AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// How long a claimed poll or schedule run belongs to the instance that claimed it: longer than
/// a poll may take, so that only a dead instance loses it.
pub const RUN_LEASE_SECS: i64 = 90;

/// Takes the registrations of kind `kind` due at `now` (Unix seconds), oldest due first, for
/// [`RUN_LEASE_SECS`]: no other instance runs them meanwhile, and when this one dies before
/// [`release`], a survivor takes them when the lease runs out.
pub async fn claim_due(pool: &Db, kind: Kind, now: i64, limit: i64) -> sqlx::Result<Vec<Registration>> {
    let skip_locked = match crate::storage::dialect(pool) {
        crate::storage::Dialect::Sqlite => "",
        crate::storage::Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    let rows = sqlx::query(&format!(
        "UPDATE trigger_registrations SET lease_until = $4 WHERE id IN \
         (SELECT id FROM trigger_registrations WHERE kind = $1 AND status != 'deleting' AND next_run_at IS NOT NULL \
          AND next_run_at <= $2 AND (lease_until IS NULL OR lease_until <= $2) ORDER BY next_run_at LIMIT $3{skip_locked}) \
         RETURNING *"
    ))
    .bind(kind.as_str())
    .bind(now)
    .bind(limit)
    .bind(now + RUN_LEASE_SECS)
    .fetch_all(pool)
    .await?;
    let mut due: Vec<Registration> = rows.iter().map(from_row).collect();
    due.sort_by_key(|r| r.next_run_at);
    Ok(due)
}

/// Gives back the run of registration `id` claimed at `now` by [`claim_due`].
pub async fn release(pool: &Db, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE trigger_registrations SET lease_until = NULL WHERE id = $1 AND lease_until = $2")
        .bind(id)
        .bind(now + RUN_LEASE_SECS)
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes registration `id`; whether it existed.
pub async fn delete(pool: &Db, id: &str) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM trigger_events WHERE registration_id = $1").bind(id).execute(&mut *tx).await?;
    let deleted = sqlx::query("DELETE FROM trigger_registrations WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(deleted.rows_affected() > 0)
}

/// Makes a `subscribing` registration `active` once the provider has it: its upstream id and
/// state, and the secret the provider returned, if any (else the one stored stays: the generated
/// one, or what a handshake handed over meanwhile).
pub async fn activate(pool: &Db, r: &Registration, returned_secret: Option<&[u8]>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE trigger_registrations SET status = 'active', upstream_id = $1, upstream_state = $2, \
         secret = COALESCE($3, secret), updated_at = $4 WHERE id = $5",
    )
    .bind(&r.upstream_id)
    .bind(r.upstream_state.as_ref().map(Value::to_string))
    .bind(returned_secret)
    .bind(crate::storage::now())
    .bind(&r.id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Keeps the secret a provider handed over in a handshake (encrypted), for a registration that
/// is still `subscribing`; whether it was.
pub async fn keep_handshake_secret(pool: &Db, id: &str, sealed: &[u8]) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "UPDATE trigger_registrations SET secret = $1, updated_at = $2 WHERE id = $3 AND status = 'subscribing'",
    )
    .bind(sealed)
    .bind(crate::storage::now())
    .bind(id)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// How long registering a webhook with its provider may take before a registration still
/// `subscribing` is taken for one whose instance stopped midway (with several instances, a
/// younger one may be in progress on another).
pub const SUBSCRIBING_TIMEOUT_SECS: u64 = 10 * 60;

/// A registration left `subscribing` was being registered with its provider when its server
/// stopped. Whether the provider kept the webhook is unknown, so it is shown as an error that
/// says what to do, never silently dropped or left half-made. At the start of the only instance
/// (SQLite) that is every such row; on PostgreSQL, where other instances may be subscribing right
/// now, those older than [`SUBSCRIBING_TIMEOUT_SECS`] (checked at start-up and by the trigger
/// runner). Returns how many.
pub async fn interrupted_subscriptions(pool: &Db) -> sqlx::Result<u64> {
    let older_than = match crate::storage::dialect(pool) {
        crate::storage::Dialect::Sqlite => None,
        crate::storage::Dialect::Postgres => {
            let before = std::time::SystemTime::now() - std::time::Duration::from_secs(SUBSCRIBING_TIMEOUT_SECS);
            Some(humantime::format_rfc3339_seconds(before).to_string())
        }
    };
    let updated = sqlx::query(
        "UPDATE trigger_registrations SET status = 'error', last_error = 'the server stopped while this webhook was \
         being registered with the provider; delete this trigger and create it again (then remove any webhook the \
         provider still lists for its URL)', updated_at = $1 WHERE status = 'subscribing' \
         AND ($2 IS NULL OR updated_at < $2)",
    )
    .bind(crate::storage::now())
    .bind(older_than)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected())
}

/// Records a failed run: the error, one more failure, and when to try again.
pub async fn record_failure(pool: &Db, id: &str, error: &str, next_run_at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE trigger_registrations SET status = 'error', last_error = $1, failures = failures + 1, next_run_at = $2, \
         last_run_at = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(error)
    .bind(next_run_at)
    .bind(crate::storage::now())
    .bind(crate::storage::now())
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// One event to store, with its dedupe key.
pub struct NewEvent {
    /// The provider's id of the event, when the trigger declares where it is.
    pub key: Option<String>,
    /// The event.
    pub payload: Value,
}

/// Keeps `cursor` as registration `id`'s (what a webhook handler returned for the next delivery
/// to read from), in `tx`, beside the events it came with.
pub async fn keep_cursor(tx: &mut crate::storage::DbConnection, id: &str, cursor: &Value) -> sqlx::Result<()> {
    sqlx::query("UPDATE trigger_registrations SET cursor = $1 WHERE id = $2")
        .bind(cursor.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Stores `events` of registration `id` in `tx`; an event whose key is already stored is
/// skipped. Each new event of an active workflow's trigger queues one execution of it, in the
/// same transaction: a delivery starts exactly one run, and a redelivery none. Returns how many
/// events were new.
pub async fn insert_events(
    tx: &mut crate::storage::DbConnection,
    id: &str,
    events: &[NewEvent],
    at: &str,
    at_unix: i64,
) -> sqlx::Result<usize> {
    let starts = sqlx::query(
        "SELECT r.workflow_id, r.node_id, r.kind, w.version FROM trigger_registrations r \
         JOIN workflows w ON w.id = r.workflow_id WHERE r.id = $1 AND w.status = 'active'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let mut stored = 0;
    for event in events {
        let inserted = sqlx::query(
            "INSERT INTO trigger_events (id, registration_id, event_key, payload, received_at, received_unix) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(id)
        .bind(&event.key)
        .bind(event.payload.to_string())
        .bind(at)
        .bind(at_unix)
        .execute(&mut *tx)
        .await?;
        stored += inserted.rows_affected() as usize;
        if let (1, Some(start)) = (inserted.rows_affected(), &starts) {
            let (workflow_id, node_id): (String, Option<String>) = (start.get("workflow_id"), start.get("node_id"));
            let mode = match Kind::parse(start.get::<&str, _>("kind")) {
                Kind::Polling => "poll",
                Kind::Schedule => "schedule",
                Kind::Webhook | Kind::Gateway => "webhook",
            };
            let new = crate::workflows::store::NewExecution {
                workflow_id: &workflow_id,
                workflow_version: start.get("version"),
                mode,
                trigger_node: node_id.as_deref(),
                trigger_data: &event.payload,
                retry_of: None,
            };
            crate::workflows::store::enqueue(&mut *tx, &new).await?;
        }
    }
    Ok(stored)
}

/// Forgets events older than `before` (Unix seconds): the dedupe window.
pub async fn prune_events(pool: &Db, before: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM trigger_events WHERE received_unix < $1")
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected())
}

/// One stored event.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct StoredEvent {
    /// The event's id here.
    pub id: String,
    /// The provider's id, when known.
    pub event_id: Option<String>,
    /// The event.
    pub data: Value,
    /// When it was received or polled (RFC 3339).
    pub received_at: String,
}

/// The events of registration `id`, newest first; and how many there are (both read in one
/// transaction, so an event stored meanwhile is in both or in neither).
pub async fn events(pool: &Db, id: &str, limit: i64, offset: i64) -> sqlx::Result<(Vec<StoredEvent>, i64)> {
    // One snapshot: the page and the count see the same events.
    let mut tx = crate::storage::begin_snapshot(pool).await?;
    let rows = sqlx::query(
        "SELECT id, event_key, payload, received_at FROM trigger_events WHERE registration_id = $1 \
         ORDER BY seq DESC LIMIT $2 OFFSET $3",
    )
    .bind(id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *tx)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM trigger_events WHERE registration_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    let events = rows
        .iter()
        .map(|row| StoredEvent {
            id: row.get("id"),
            event_id: row.get("event_key"),
            data: serde_json::from_str(row.get::<&str, _>("payload")).unwrap_or(Value::Null),
            received_at: row.get("received_at"),
        })
        .collect();
    Ok((events, total))
}
