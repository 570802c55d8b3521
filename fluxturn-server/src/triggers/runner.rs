//! The poller and the schedule: every second, the registrations whose `next_run_at` has come run.
//! A poll's new cursor, its events and their dedupe keys are written in one transaction, so a
//! crash between the poll and the commit re-polls from the old cursor and loses or doubles
//! nothing. Failures back off exponentially (up to an hour) and show on the registration. With
//! several instances on one database, each due run is claimed by one of them for a lease
//! ([`store::claim_due`]); an instance that dies mid-run loses it to a survivor when it runs out.

use super::store::{self, Kind, NewEvent, Registration};
use super::{chrono_of, trigger_meta, unix};
use crate::app::AppState;
use crate::connections;
use crate::error::ServiceError;
use crate::schedule::Schedule;
use crate::storage;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

/// How long one poll may take.
pub const POLL_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest wait after failures.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60 * 60);
/// How long events (and so their dedupe keys) are kept.
pub const RETENTION: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// Registrations run per kind per tick.
const BATCH: i64 = 32;

/// How long the instance renewing subscriptions and retrying removals keeps that job without
/// running again (every second while it lives).
const MAINTENANCE_LEASE_SECS: i64 = 30;

/// Called after a poll, before its commit; a test makes it panic to stand for a crash there.
pub type BeforeCommit = dyn Fn(&str) + Send + Sync;

/// Runs every due poll and schedule at `now`; returns how many ran.
pub async fn run_due(state: &AppState, now: SystemTime) -> Result<usize, ServiceError> {
    run_due_with(state, now, &|_| {}).await
}

/// [`run_due`] with a hook between each poll and its commit.
pub async fn run_due_with(
    state: &AppState,
    now: SystemTime,
    before_commit: &BeforeCommit,
) -> Result<usize, ServiceError> {
    let mut ran = 0;
    for registration in store::claim_due(&state.pool, Kind::Polling, unix(now), BATCH).await? {
        run_poll(state, &registration, now, before_commit).await?;
        store::release(&state.pool, &registration.id, unix(now)).await?;
        ran += 1;
    }
    for registration in store::claim_due(&state.pool, Kind::Schedule, unix(now), BATCH).await? {
        run_schedule(state, &registration, now).await?;
        store::release(&state.pool, &registration.id, unix(now)).await?;
        ran += 1;
    }
    // Renewing subscriptions and retrying removals at the providers is one instance's job at a
    // time (on SQLite there is one).
    let maintains = match storage::dialect(&state.pool) {
        storage::Dialect::Sqlite => true,
        storage::Dialect::Postgres => {
            let until = unix(now) + MAINTENANCE_LEASE_SECS;
            storage::try_lease(&state.pool, "trigger-maintenance", &state.executions.instance, unix(now), until).await?
        }
    };
    if maintains {
        ran += super::subscription::retry_removals(state, now).await?;
        ran += super::subscription::renew_expiring(state, now).await?;
    }
    Ok(ran)
}

/// Ticks every second until the process ends; prunes old events once an hour.
pub async fn run_forever(state: std::sync::Arc<AppState>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last_prune = None::<std::time::Instant>;
    loop {
        tick.tick().await;
        if let Err(error) = run_due(&state, SystemTime::now()).await {
            tracing::error!(%error, "running due triggers failed");
        }
        if last_prune.is_none_or(|at| at.elapsed() > Duration::from_secs(3600)) {
            last_prune = Some(std::time::Instant::now());
            // Another instance may have died while registering a webhook (on SQLite, start-up
            // already found every such row).
            match store::interrupted_subscriptions(&state.pool).await {
                Ok(found) if found > 0 => tracing::warn!(found, "interrupted webhook registrations shown as errors"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "looking for interrupted webhook registrations failed"),
            }
            let before = unix(SystemTime::now()) - RETENTION.as_secs() as i64;
            match store::prune_events(&state.pool, before).await {
                Ok(pruned) if pruned > 0 => tracing::info!(pruned, "old trigger events pruned"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "pruning trigger events failed"),
            }
        }
    }
}

/// The wait after `failures` failures in a row: the interval doubled each time, at most an hour.
pub fn backoff(interval: i64, failures: i64) -> i64 {
    let factor = 1i64 << failures.clamp(0, 16);
    interval.max(1).saturating_mul(factor).min(MAX_BACKOFF.as_secs() as i64)
}

/// Up to a tenth of the interval (at most 30 s), so polls started together spread out.
fn jitter(interval: i64) -> i64 {
    let spread = (interval / 10).clamp(0, 30);
    if spread == 0 {
        return 0;
    }
    let mut byte = [0u8; 1];
    aes_gcm::aead::rand_core::RngCore::fill_bytes(&mut aes_gcm::aead::OsRng, &mut byte);
    i64::from(byte[0]) % (spread + 1)
}

async fn run_poll(
    state: &AppState,
    r: &Registration,
    now: SystemTime,
    before_commit: &BeforeCommit,
) -> Result<(), ServiceError> {
    let interval = r.poll_interval_secs.unwrap_or(i64::from(super::DEFAULT_POLL_INTERVAL));
    match poll(state, r).await {
        Ok((events, cursor)) => {
            let mut tx = state.pool.begin().await?;
            let stored = store::insert_events(&mut tx, &r.id, &events, &storage::now(), unix(now)).await?;
            let next = unix(now) + interval + jitter(interval);
            sqlx::query(
                "UPDATE trigger_registrations SET cursor = COALESCE($1, cursor), next_run_at = $2, status = 'active', \
                 last_error = NULL, failures = 0, last_run_at = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(cursor.map(|c| c.to_string()))
            .bind(next)
            .bind(storage::now())
            .bind(storage::now())
            .bind(&r.id)
            .execute(&mut *tx)
            .await?;
            before_commit(&r.id);
            tx.commit().await?;
            state.executions.wake();
            if stored > 0 {
                tracing::info!(registration = %r.id, stored, "polled events stored");
            }
        }
        Err(error) => {
            let message = error.public_message();
            tracing::warn!(registration = %r.id, error = %message, failures = r.failures + 1, "poll failed");
            store::record_failure(&state.pool, &r.id, &message, unix(now) + backoff(interval, r.failures + 1)).await?;
        }
    }
    Ok(())
}

/// One poll of the connector: its events (with their dedupe keys) and the new cursor.
async fn poll(state: &AppState, r: &Registration) -> Result<(Vec<NewEvent>, Option<Value>), ServiceError> {
    let config_id = r.config_id.as_deref().ok_or_else(|| ServiceError::RegistrationNotFound { id: r.id.clone() })?;
    let meta = trigger_meta(state, &r.connector_type, &r.trigger_id)?;
    let (_, instance) = connections::connected(state, config_id).await?;
    let polled = tokio::time::timeout(POLL_TIMEOUT, instance.poll(meta.id, r.trigger_config.clone(), r.cursor.clone()))
        .await
        .map_err(|_| {
            ServiceError::Connector(fluxturn_core::ConnectorError::new(
                fluxturn_core::ErrorCode::Timeout,
                format!("the poll took longer than {} s", POLL_TIMEOUT.as_secs()),
            ))
        })??;
    let keys = meta.event_id.map(|event_id| event_id.ids(None, &polled.events));
    let events = polled
        .events
        .into_iter()
        .enumerate()
        .map(|(index, payload)| NewEvent { key: keys.as_ref().and_then(|k| k[index].clone()), payload })
        .collect();
    Ok((events, polled.cursor))
}

/// Fires a due schedule once (however many runs were missed) and moves it to its next time.
async fn run_schedule(state: &AppState, r: &Registration, now: SystemTime) -> Result<(), ServiceError> {
    let schedule = match Schedule::from_config(&r.trigger_config) {
        Ok(schedule) => schedule,
        Err(error) => {
            // Stored schedules were checked on creation; one that no longer parses stops, loudly.
            let message = format!("the schedule is not valid: {error}");
            sqlx::query(
                "UPDATE trigger_registrations SET status = 'error', last_error = $1, next_run_at = NULL WHERE id = $2",
            )
            .bind(&message)
            .bind(&r.id)
            .execute(&state.pool)
            .await?;
            tracing::error!(registration = %r.id, %message, "schedule stopped");
            return Ok(());
        }
    };
    let Some(planned) = r.next_run_at else { return Ok(()) };
    let planned_at = chrono::DateTime::<chrono::Utc>::from_timestamp(planned, 0).unwrap_or_default();
    let due = schedule.due(planned_at, chrono_of(now));
    if !due.fire {
        return Ok(());
    }
    let event = json!({
        "triggeredAt": humantime::format_rfc3339_seconds(now).to_string(),
        "scheduledFor": planned_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "trigger": "schedule",
        "triggerType": "schedule_cron",
        "cronExpression": schedule.cron_expression(),
        "timezone": schedule.timezone().name(),
    });
    // The planned time is the event's identity: a fire replayed after a crash is stored once.
    let events = [NewEvent { key: Some(format!("schedule:{planned}")), payload: event }];
    let mut tx = state.pool.begin().await?;
    store::insert_events(&mut tx, &r.id, &events, &storage::now(), unix(now)).await?;
    sqlx::query("UPDATE trigger_registrations SET next_run_at = $1, last_run_at = $2, updated_at = $3 WHERE id = $4")
        .bind(due.next_run.timestamp())
        .bind(storage::now())
        .bind(storage::now())
        .bind(&r.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    state.executions.wake();
    tracing::info!(registration = %r.id, next = %due.next_run, "schedule fired");
    Ok(())
}
