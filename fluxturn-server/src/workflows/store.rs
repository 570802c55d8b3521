//! Workflows and their executions, as stored. Executions are the queue: triggers and the API
//! insert them `queued`, a worker claims the oldest atomically, and a crash leaves them
//! `running` until the next start marks them `crashed`.

use crate::storage::DbRow;
use crate::storage::{Db, DbConnection};
use serde_json::Value;
use sqlx::Row;

/// One stored workflow.
#[derive(Debug, Clone)]
pub struct StoredWorkflow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it does.
    pub description: Option<String>,
    /// `draft`, `active` or `paused`.
    pub status: String,
    /// Goes up with every canvas change.
    pub version: i64,
    /// The canvas, as given.
    pub canvas: Value,
    /// Its settings (`executionTimeout`, `retryOnCrash`…).
    pub settings: Value,
    /// The other keys it was created with (tags, metadata…), kept.
    pub extra: Value,
    /// Why the last activation failed.
    pub last_error: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update.
    pub updated_at: String,
}

fn json(row: &DbRow, column: &str) -> Value {
    row.get::<Option<String>, _>(column).and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null)
}

fn workflow(row: &DbRow) -> StoredWorkflow {
    StoredWorkflow {
        id: row.get("id"),
        name: row.get("name"),
        description: row.get("description"),
        status: row.get("status"),
        version: row.get("version"),
        canvas: json(row, "canvas"),
        settings: json(row, "settings"),
        extra: json(row, "extra"),
        last_error: row.get("last_error"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

/// Stores a new workflow.
pub async fn insert(pool: &Db, w: &StoredWorkflow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO workflows (id, name, description, status, version, canvas, settings, extra, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&w.id)
    .bind(&w.name)
    .bind(&w.description)
    .bind(&w.status)
    .bind(w.version)
    .bind(w.canvas.to_string())
    .bind(w.settings.to_string())
    .bind(w.extra.to_string())
    .bind(&w.created_at)
    .bind(&w.updated_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Writes every field of `w`.
pub async fn update(pool: &Db, w: &StoredWorkflow) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE workflows SET name = $1, description = $2, status = $3, version = $4, canvas = $5, settings = $6, extra = $7, \
         last_error = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(&w.name)
    .bind(&w.description)
    .bind(&w.status)
    .bind(w.version)
    .bind(w.canvas.to_string())
    .bind(w.settings.to_string())
    .bind(w.extra.to_string())
    .bind(&w.last_error)
    .bind(&w.updated_at)
    .bind(&w.id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The workflow `id`.
pub async fn get(pool: &Db, id: &str) -> sqlx::Result<Option<StoredWorkflow>> {
    Ok(sqlx::query("SELECT * FROM workflows WHERE id = $1").bind(id).fetch_optional(pool).await?.as_ref().map(workflow))
}

/// A page of workflows, newest first, of status `status` if given; and how many there are.
pub async fn list(
    pool: &Db,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<StoredWorkflow>, i64)> {
    // One snapshot: the page and the count see the same rows.
    let mut tx = crate::storage::begin_snapshot(pool).await?;
    let rows = sqlx::query(
        "SELECT * FROM workflows WHERE ($1 IS NULL OR status = $1) ORDER BY created_at DESC, id LIMIT $2 OFFSET $3",
    )
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *tx)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM workflows WHERE ($1 IS NULL OR status = $1)")
        .bind(status)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((rows.iter().map(workflow).collect(), total))
}

/// Deletes a workflow and its executions.
pub async fn delete(pool: &Db, id: &str) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM workflow_executions WHERE workflow_id = $1").bind(id).execute(&mut *tx).await?;
    let done = sqlx::query("DELETE FROM workflows WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected() > 0)
}

/// One stored execution.
#[derive(Debug, Clone)]
pub struct StoredExecution {
    /// Its id.
    pub id: String,
    /// The workflow.
    pub workflow_id: String,
    /// The workflow's version when it was queued.
    pub workflow_version: i64,
    /// 1, 2, 3… per workflow.
    pub execution_number: i64,
    /// `manual`, `webhook`, `poll`, `schedule` or `retry`.
    pub mode: String,
    /// `queued`, `running`, `completed`, `failed`, `cancelled`, `timeout` or `crashed`.
    pub status: String,
    /// The trigger node it starts at.
    pub trigger_node: Option<String>,
    /// What the trigger emitted.
    pub trigger_data: Value,
    /// Each node's inputs, outputs, errors and timings.
    pub run_data: Value,
    /// The last node's output.
    pub output_data: Value,
    /// Why it failed.
    pub error: Option<String>,
    /// The execution this one retries.
    pub retry_of: Option<String>,
    /// When a worker took it.
    pub started_at: Option<String>,
    /// When it ended.
    pub finished_at: Option<String>,
    /// How long it ran.
    pub duration_ms: Option<i64>,
    /// When a waiting run goes on (Unix seconds).
    pub resume_at: Option<i64>,
    /// When it was queued.
    pub created_at: String,
}

fn execution(row: &DbRow) -> StoredExecution {
    StoredExecution {
        id: row.get("id"),
        workflow_id: row.get("workflow_id"),
        workflow_version: row.get("workflow_version"),
        execution_number: row.get("execution_number"),
        mode: row.get("mode"),
        status: row.get("status"),
        trigger_node: row.get("trigger_node"),
        trigger_data: json(row, "trigger_data"),
        run_data: json(row, "run_data"),
        output_data: json(row, "output_data"),
        error: row.get("error"),
        retry_of: row.get("retry_of"),
        started_at: row.get("started_at"),
        finished_at: row.get("finished_at"),
        duration_ms: row.get("duration_ms"),
        resume_at: row.get("resume_at"),
        created_at: row.get("created_at"),
    }
}

/// An execution to queue.
#[derive(Debug, Clone)]
pub struct NewExecution<'a> {
    /// The workflow.
    pub workflow_id: &'a str,
    /// Its version now.
    pub workflow_version: i64,
    /// How it was started.
    pub mode: &'a str,
    /// The trigger node to start at (the only trigger when `None`).
    pub trigger_node: Option<&'a str>,
    /// What the trigger emitted.
    pub trigger_data: &'a Value,
    /// The execution this one retries.
    pub retry_of: Option<&'a str>,
}

/// Queues an execution in `conn` (a transaction, when it must land with what started it);
/// returns its id. Its number is the workflow's next: on SQLite, whose one writer makes the
/// statement atomic, one more than the highest so far; on PostgreSQL, where instances queue at
/// once, taken from the workflow's counter in the same statement.
pub async fn enqueue(conn: &mut DbConnection, new: &NewExecution<'_>) -> sqlx::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let statement = match conn.backend_name() {
        "PostgreSQL" => {
            "WITH counted AS (UPDATE workflows SET execution_count = execution_count + 1 WHERE id = $2 \
             RETURNING execution_count) \
             INSERT INTO workflow_executions (id, workflow_id, workflow_version, execution_number, mode, status, \
             trigger_node, trigger_data, retry_of, created_at) \
             SELECT $1, $2, $3, execution_count, $4, 'queued', $5, $6, $7, $8 FROM counted"
        }
        _ => {
            "INSERT INTO workflow_executions (id, workflow_id, workflow_version, execution_number, mode, status, \
             trigger_node, trigger_data, retry_of, created_at) VALUES ($1, $2, $3, \
             (SELECT COALESCE(MAX(execution_number), 0) + 1 FROM workflow_executions WHERE workflow_id = $2), \
             $4, 'queued', $5, $6, $7, $8)"
        }
    };
    let inserted = sqlx::query(statement)
        .bind(&id)
        .bind(new.workflow_id)
        .bind(new.workflow_version)
        .bind(new.mode)
        .bind(new.trigger_node)
        .bind(new.trigger_data.to_string())
        .bind(new.retry_of)
        .bind(crate::storage::now_millis())
        .execute(&mut *conn)
        .await?;
    // PostgreSQL's counter is the workflow's row: a workflow deleted meanwhile queues nothing.
    if inserted.rows_affected() == 0 {
        return Err(sqlx::Error::RowNotFound);
    }
    Ok(id)
}

/// Takes the oldest execution that is queued, or waiting and due at `now` (Unix seconds), for
/// this worker, atomically: two workers never take the same one.
pub async fn claim(pool: &Db, now: i64) -> sqlx::Result<Option<StoredExecution>> {
    claim_for(pool, now, "", now + EXECUTION_LEASE_SECS).await
}

/// How long a claimed execution stays its instance's without a renewal ([`renew_leases`]).
pub const EXECUTION_LEASE_SECS: i64 = 60;

/// [`claim`] for instance `owner`, whose lease on it runs until `lease_until` (Unix seconds).
pub async fn claim_for(pool: &Db, now: i64, owner: &str, lease_until: i64) -> sqlx::Result<Option<StoredExecution>> {
    // SQLite has one writer at a time, so the subquery and the update are one atomic step; on
    // PostgreSQL the workers of every instance claim at once, each skipping the rows another has
    // locked.
    let skip_locked = match crate::storage::dialect(pool) {
        crate::storage::Dialect::Sqlite => "",
        crate::storage::Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    let row = sqlx::query(&format!(
        "UPDATE workflow_executions SET status = 'running', started_at = COALESCE(started_at, $1), \
         lease_owner = $3, lease_until = $4 \
         WHERE seq = (SELECT seq FROM workflow_executions WHERE status = 'queued' \
                      OR (status = 'waiting' AND resume_at <= $2) ORDER BY seq LIMIT 1{skip_locked}) \
         AND status IN ('queued', 'waiting') RETURNING *"
    ))
    .bind(crate::storage::now_millis())
    .bind(now)
    .bind(owner)
    .bind(lease_until)
    .fetch_optional(pool)
    .await?;
    Ok(row.as_ref().map(execution))
}

/// How an execution ended.
#[derive(Debug, Clone)]
pub struct Finished<'a> {
    /// `completed`, `failed`, `timeout` or `cancelled`.
    pub status: &'a str,
    /// Each node's run data.
    pub run_data: &'a Value,
    /// The last node's output.
    pub output_data: &'a Value,
    /// Why it failed.
    pub error: Option<&'a str>,
    /// How long it ran.
    pub duration_ms: i64,
    /// When a waiting run goes on (Unix seconds).
    pub resume_at: Option<i64>,
}

/// Records the end of a running execution (one cancelled meanwhile stays cancelled, with the
/// run data so far).
pub async fn finish(pool: &Db, id: &str, done: &Finished<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE workflow_executions SET status = CASE WHEN status = 'cancelled' THEN status ELSE $1 END, run_data = $2, \
         output_data = $3, error = COALESCE(error, $4), finished_at = $5, duration_ms = $6, resume_at = $7 WHERE id = $8",
    )
    .bind(done.status)
    .bind(done.run_data.to_string())
    .bind(done.output_data.to_string())
    .bind(done.error)
    .bind(done.resume_at.is_none().then(crate::storage::now_millis))
    .bind(done.duration_ms)
    .bind(done.resume_at)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The execution `id`.
pub async fn get_execution(pool: &Db, id: &str) -> sqlx::Result<Option<StoredExecution>> {
    Ok(sqlx::query("SELECT * FROM workflow_executions WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(execution))
}

/// A page of executions, newest first (of one workflow, of one status, when given); and how many.
pub async fn executions(
    pool: &Db,
    workflow_id: Option<&str>,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<StoredExecution>, i64)> {
    let filter = "($1 IS NULL OR workflow_id = $1) AND ($2 IS NULL OR status = $2)";
    // One snapshot: the page and the count see the same rows.
    let mut tx = crate::storage::begin_snapshot(pool).await?;
    let rows =
        sqlx::query(&format!("SELECT * FROM workflow_executions WHERE {filter} ORDER BY seq DESC LIMIT $3 OFFSET $4"))
            .bind(workflow_id)
            .bind(status)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *tx)
            .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM workflow_executions WHERE {filter}"))
        .bind(workflow_id)
        .bind(status)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((rows.iter().map(execution).collect(), total))
}

/// Cancels a queued or running execution; whether it was one.
pub async fn cancel(pool: &Db, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE workflow_executions SET status = 'cancelled', error = 'cancelled by the user', \
         finished_at = COALESCE(finished_at, $1) WHERE id = $2 AND status IN ('queued', 'running', 'waiting')",
    )
    .bind(crate::storage::now_millis())
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Marks the executions a crash left `running` as `crashed`: every one (`expired_by` `None`: at
/// the start of the only instance), or those whose lease ran out by `expired_by` (Unix seconds:
/// their instance died); returns them.
pub async fn mark_crashed(pool: &Db, expired_by: Option<i64>) -> sqlx::Result<Vec<StoredExecution>> {
    let rows = sqlx::query(
        "UPDATE workflow_executions SET status = 'crashed', error = 'the server stopped while this execution ran', \
         finished_at = $1 WHERE status = 'running' AND ($2 IS NULL OR lease_until IS NULL OR lease_until < $2) \
         RETURNING *",
    )
    .bind(crate::storage::now_millis())
    .bind(expired_by)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(execution).collect())
}

/// Renews instance `owner`'s leases on the executions it runs, until `lease_until`.
pub async fn renew_leases(pool: &Db, owner: &str, lease_until: i64) -> sqlx::Result<u64> {
    let renewed =
        sqlx::query("UPDATE workflow_executions SET lease_until = $1 WHERE lease_owner = $2 AND status = 'running'")
            .bind(lease_until)
            .bind(owner)
            .execute(pool)
            .await?;
    Ok(renewed.rows_affected())
}

/// Deletes finished executions older than `before` (RFC 3339) and, beyond the newest
/// `max_count`, the oldest finished ones; returns how many went.
pub async fn prune(pool: &Db, before: &str, max_count: i64) -> sqlx::Result<u64> {
    let finished = "status NOT IN ('queued', 'running')";
    let old = sqlx::query(&format!("DELETE FROM workflow_executions WHERE {finished} AND created_at < $1"))
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected();
    let surplus = sqlx::query(&format!(
        "DELETE FROM workflow_executions WHERE {finished} AND seq <= \
         (SELECT seq FROM workflow_executions ORDER BY seq DESC LIMIT 1 OFFSET $1)"
    ))
    .bind(max_count.max(0))
    .execute(pool)
    .await?
    .rows_affected();
    Ok(old + surplus)
}
