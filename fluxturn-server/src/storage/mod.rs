//! The database: an embedded SQLite file by default, migrations embedded in the binary.

pub mod configs;
pub mod definitions;

use anyhow::{bail, Context};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::str::FromStr;
use std::time::Duration;

/// The migrations under `fluxturn-server/migrations/`, compiled into the binary.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) the database at `url` and brings its schema up to date.
pub async fn open(url: &str) -> anyhow::Result<SqlitePool> {
    if !url.starts_with("sqlite:") {
        bail!(
            "DATABASE_URL `{}` is not a SQLite URL; this version supports `sqlite://path/to/file.db`",
            scheme_only(url)
        );
    }
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid DATABASE_URL `{}`", scheme_only(url)))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // A second instance starting at the same time waits for the first one's write lock.
        .busy_timeout(Duration::from_secs(10));
    if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .context("could not open the database")?;
    MIGRATOR.run(&pool).await.context("could not apply the database migrations")?;
    Ok(pool)
}

/// A URL without what may follow the scheme (a password), for messages.
fn scheme_only(url: &str) -> &str {
    url.split("://").next().unwrap_or(url)
}

/// The current time as RFC 3339, as stored.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The current time in RFC 3339 with milliseconds (executions are ordered and timed by it).
pub fn now_millis() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}
