//! The database: an embedded SQLite file by default, or PostgreSQL when `DATABASE_URL` names one
//! (several instances share it). Both run the same queries through sqlx's `Any` driver, written
//! in the SQL both understand (`$1` placeholders, `ON CONFLICT`, `RETURNING`); the few statements
//! that differ ask [`Dialect`]. The migrations are written once, for SQLite, and translated for
//! PostgreSQL ([`migrations`]).

pub mod configs;
pub mod definitions;
pub mod migrations;

use anyhow::{bail, Context};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::MigrateDatabase;
use sqlx::Executor;
use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

/// The server's database pool, SQLite or PostgreSQL.
pub type Db = sqlx::AnyPool;

/// One row of a query on [`Db`].
pub type DbRow = sqlx::any::AnyRow;

/// A connection (or a transaction's connection) of [`Db`].
pub type DbConnection = sqlx::AnyConnection;

/// Which engine a [`Db`] talks to, for the statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The embedded default: one file, one instance writing at a time.
    Sqlite,
    /// PostgreSQL: any number of instances.
    Postgres,
}

/// The engine behind `pool`.
pub fn dialect(pool: &Db) -> Dialect {
    match pool.connect_options().database_url.scheme() {
        "postgres" | "postgresql" => Dialect::Postgres,
        _ => Dialect::Sqlite,
    }
}

/// `DATABASE_URL` as the `Any` driver takes it: a plain file path becomes a `sqlite://` URL; a
/// SQLite file is created when missing.
pub fn normalize_url(url: &str) -> anyhow::Result<String> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url.to_owned());
    }
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let mut url = format!("sqlite:{rest}");
        if !rest.contains("mode=") && !rest.contains(":memory:") {
            url.push(if rest.contains('?') { '&' } else { '?' });
            url.push_str("mode=rwc");
        }
        return Ok(url);
    }
    if url.contains("://") {
        bail!(
            "DATABASE_URL `{}` names an engine FluxTurn does not support; use `sqlite://path/to/file.db`, \
             a file path, or `postgres://user@host:5432/database`",
            scheme_only(url)
        );
    }
    if url.is_empty() {
        bail!("DATABASE_URL is empty; use `sqlite://path/to/file.db`, a file path, or `postgres://user@host/database`");
    }
    Ok(format!("sqlite://{url}?mode=rwc"))
}

/// Opens (creating if needed) the database at `url` (SQLite URL, file path or PostgreSQL URL)
/// and brings its schema up to date.
pub async fn open(url: &str) -> anyhow::Result<Db> {
    static DRIVERS: Once = Once::new();
    DRIVERS.call_once(sqlx::any::install_default_drivers);
    let url = normalize_url(url)?;
    let options =
        AnyConnectOptions::from_str(&url).with_context(|| format!("invalid DATABASE_URL `{}`", scheme_only(&url)))?;
    let pool = match dialect_of_url(&url) {
        Dialect::Sqlite => {
            if let Some(dir) = sqlite_file(&url).and_then(|f| f.parent().map(|d| d.to_path_buf())) {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
                }
            }
            AnyPoolOptions::new()
                .max_connections(4)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // Readers never wait for the writer; a second instance starting at the same
                        // time waits for the first one's write lock.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000").await?;
                        Ok(())
                    })
                })
                .connect_with(options)
                .await
                .context("could not open the database")?
        }
        Dialect::Postgres => {
            let exists = sqlx::Any::database_exists(&url)
                .await
                .with_context(|| format!("could not reach the PostgreSQL server of DATABASE_URL `{}`", redact(&url)))?;
            if !exists {
                // Instances starting together may both try; the loser finds it created.
                if let Err(error) = sqlx::Any::create_database(&url).await {
                    if !sqlx::Any::database_exists(&url).await.unwrap_or(false) {
                        return Err(error)
                            .with_context(|| format!("could not create the database of `{}`", redact(&url)));
                    }
                }
            }
            AnyPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .with_context(|| format!("could not open the database `{}`", redact(&url)))?
        }
    };
    migrations::run(&pool).await.context("could not apply the database migrations")?;
    Ok(pool)
}

fn dialect_of_url(url: &str) -> Dialect {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Dialect::Postgres
    } else {
        Dialect::Sqlite
    }
}

/// The file of a `sqlite://` URL.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| path.into())
}

/// A URL without what may follow the scheme (a password), for messages.
fn scheme_only(url: &str) -> &str {
    url.split("://").next().unwrap_or(url)
}

/// A URL with its password replaced, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => scheme_only(url).to_owned(),
    }
}

/// A lock held across every instance on the database while the returned guard lives: an
/// advisory lock on PostgreSQL (released with the guard, or when a dead instance's connection
/// closes); nothing on SQLite, where one instance runs and an in-process lock suffices.
pub async fn cross_instance_lock(pool: &Db, key: &str) -> sqlx::Result<Option<sqlx::Transaction<'static, sqlx::Any>>> {
    match dialect(pool) {
        Dialect::Sqlite => Ok(None),
        Dialect::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1, hashtext($2))) AS locked")
                .bind(LOCK_NAMESPACE)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            Ok(Some(tx))
        }
    }
}

/// A read-only transaction whose statements all see one snapshot (a page and its count agree):
/// SQLite's read transaction does; PostgreSQL's default (read committed) takes a snapshot per
/// statement, so this one asks for repeatable read.
pub async fn begin_snapshot(pool: &Db) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
    match dialect(pool) {
        Dialect::Sqlite => pool.begin().await,
        Dialect::Postgres => pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await,
    }
}

/// Takes or renews lease `name` for `owner` until `until` (Unix seconds), unless another owner
/// holds it past `now`; whether `owner` holds it now.
pub async fn try_lease(pool: &Db, name: &str, owner: &str, now: i64, until: i64) -> sqlx::Result<bool> {
    let held = sqlx::query(
        "INSERT INTO leases (name, owner, until) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until \
         WHERE leases.owner = excluded.owner OR leases.until <= $4 RETURNING owner",
    )
    .bind(name)
    .bind(owner)
    .bind(until)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    Ok(held.is_some())
}

/// Gives up lease `name` if `owner` holds it.
pub async fn release_lease(pool: &Db, name: &str, owner: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM leases WHERE name = $1 AND owner = $2").bind(name).bind(owner).execute(pool).await?;
    Ok(())
}

/// The first key of FluxTurn's two-key advisory locks (any constant of our own).
const LOCK_NAMESPACE: i32 = 0x4654_4c4b; // "FTLK"

/// The current time as RFC 3339, as stored.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The current time in RFC 3339 with milliseconds (executions are ordered and timed by it).
pub fn now_millis() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_path_becomes_a_sqlite_url_created_when_missing() {
        assert_eq!(normalize_url("data/f.db").unwrap(), "sqlite://data/f.db?mode=rwc");
        assert_eq!(normalize_url("sqlite://data/f.db").unwrap(), "sqlite://data/f.db?mode=rwc");
        assert_eq!(normalize_url("sqlite://f.db?mode=ro").unwrap(), "sqlite://f.db?mode=ro");
        assert_eq!(normalize_url("postgres://u@h/db").unwrap(), "postgres://u@h/db");
    }

    #[test]
    fn an_unknown_engine_is_refused_without_echoing_the_url() {
        let error = normalize_url("mysql://root:hunter2@h/db").unwrap_err().to_string();
        assert!(error.contains("`mysql`") && error.contains("postgres://"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert!(!redact("postgres://u:secret@h/db").contains("secret"));
    }
}
