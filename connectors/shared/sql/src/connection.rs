//! The connection settings both connectors' credentials hold, the pool options built from them,
//! and [`Database`]: a lazily connected pool whose every unit of work is bounded in time and whose
//! errors come out as connector errors.

use super::error::{ErrorContext, Failure};
use super::Dialect;
use fluxturn_core::{BoxFuture, ConnectorError, Result, Secret};
use serde_json::json;
use sqlx::pool::PoolOptions;
use std::future::Future;
use std::time::Duration;

/// How long a statement may run unless the credentials say otherwise, in seconds.
pub const DEFAULT_QUERY_TIMEOUT_SECS: u32 = 30;
/// How long connecting may take unless the credentials say otherwise, in seconds.
pub const DEFAULT_CONNECT_TIMEOUT_SECS: u32 = 10;
/// How many connections a pool holds at most unless the credentials say otherwise.
pub const DEFAULT_CONNECTION_LIMIT: u32 = 5;
/// The most connections one pool may hold.
const MAX_CONNECTION_LIMIT: u32 = 100;
/// The longest timeout accepted: a day.
const MAX_TIMEOUT_SECS: f64 = 86_400.0;
/// How much longer than the statement timeout the client waits before it stops waiting for the
/// server (which should have cancelled the statement itself by then).
const CLIENT_GRACE: Duration = Duration::from_secs(2);
/// How long an unused connection stays open.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// How long one connection is used before it is replaced.
const MAX_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// The credential values of a database connection as the form gives them; both connectors'
/// credentials types convert into it.
#[derive(Debug, Clone)]
pub struct CredentialValues {
    /// Host name or address.
    pub host: String,
    /// Port (the server's default when absent).
    pub port: Option<u16>,
    /// Database name.
    pub database: String,
    /// User name.
    pub user: String,
    /// Password (none for servers that do not ask).
    pub password: Option<Secret<String>>,
    /// Most connections held at once.
    pub connection_limit: Option<u32>,
    /// Whether to connect over TLS.
    pub ssl: Option<bool>,
    /// Seconds connecting may take.
    pub connect_timeout: Option<f64>,
    /// Seconds one statement may run.
    pub query_timeout: Option<f64>,
}

/// Checked connection settings.
#[derive(Debug, Clone)]
pub struct ConnectionSettings {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// User name.
    pub user: String,
    /// Password, empty when none.
    pub password: Secret<String>,
    /// Most connections held at once.
    pub connection_limit: u32,
    /// Whether to connect over TLS (the server's certificate checked against the web PKI roots).
    pub ssl: bool,
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// How long one statement may run.
    pub query_timeout: Duration,
}

impl ConnectionSettings {
    /// Checks the values; `default_port` is the server's.
    pub fn new(values: CredentialValues, default_port: u16) -> Result<Self> {
        let host = values.host.trim().to_owned();
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(invalid("host", format!("`{host}` is not a host name or address")));
        }
        let database = values.database.trim().to_owned();
        let connection_limit = values.connection_limit.unwrap_or(DEFAULT_CONNECTION_LIMIT);
        if !(1..=MAX_CONNECTION_LIMIT).contains(&connection_limit) {
            return Err(invalid("connectionLimit", format!("must be between 1 and {MAX_CONNECTION_LIMIT}")));
        }
        Ok(Self {
            host,
            port: values.port.filter(|port| *port != 0).unwrap_or(default_port),
            database,
            user: values.user.trim().to_owned(),
            password: values.password.unwrap_or_default(),
            connection_limit,
            ssl: values.ssl.unwrap_or(false),
            connect_timeout: timeout("connectTimeout", values.connect_timeout, DEFAULT_CONNECT_TIMEOUT_SECS)?,
            query_timeout: timeout("queryTimeout", values.query_timeout, DEFAULT_QUERY_TIMEOUT_SECS)?,
        })
    }

    /// The pool options every database connection uses: the connection limit, the connect
    /// timeout, a liveness check before a pooled connection is handed out; idle connections are
    /// closed when a runtime is there to close them.
    pub fn pool_options<DB: sqlx::Database>(&self) -> PoolOptions<DB> {
        let options = PoolOptions::new()
            .max_connections(self.connection_limit)
            .min_connections(0)
            .acquire_timeout(self.connect_timeout)
            .test_before_acquire(true);
        // The idle reaper is a task: without a runtime (a definition export, a unit test) there is
        // none to run it, and the pool simply keeps its connections until it is dropped.
        if tokio::runtime::Handle::try_current().is_ok() {
            options.idle_timeout(Some(IDLE_TIMEOUT)).max_lifetime(Some(MAX_LIFETIME))
        } else {
            options.idle_timeout(None).max_lifetime(None)
        }
    }

    /// What error messages say about this connection.
    pub fn error_context(&self, dialect: Dialect) -> ErrorContext {
        ErrorContext {
            dialect,
            endpoint: format!("{}:{}", self.host, self.port),
            connect_timeout: self.connect_timeout,
            query_timeout: self.query_timeout,
            connection_limit: self.connection_limit,
            secrets: vec![self.password.expose().clone()],
        }
    }
}

fn timeout(key: &str, seconds: Option<f64>, default: u32) -> Result<Duration> {
    let seconds = seconds.unwrap_or(f64::from(default));
    if !(seconds > 0.0 && seconds <= MAX_TIMEOUT_SECS) {
        return Err(invalid(key, format!("must be more than 0 and at most {MAX_TIMEOUT_SECS} seconds")));
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn invalid(key: &str, problem: String) -> ConnectorError {
    ConnectorError::invalid_credentials(format!("credential field `{key}`: {problem}"))
        .with_details(json!({ "field": key }))
}

/// A connection pool to one database, connected lazily: connecting happens at the first
/// statement, so an instance is built without touching the network.
pub struct Database<DB: sqlx::Database> {
    pool: sqlx::Pool<DB>,
    errors: ErrorContext,
}

impl<DB: sqlx::Database> Database<DB> {
    /// Wraps a lazily connected pool built from `settings`.
    pub fn new(pool: sqlx::Pool<DB>, settings: &ConnectionSettings, dialect: Dialect) -> Self {
        Self { pool, errors: settings.error_context(dialect) }
    }

    /// Runs `work` on one pooled connection. Waiting for a connection is bounded by the connect
    /// timeout; the work by the query timeout (which the server enforces per statement) and a
    /// little grace, after which the connection is closed rather than reused. Errors come out as
    /// connector errors.
    pub async fn run<T, F>(&self, work: F) -> Result<T>
    where
        F: for<'c> FnOnce(&'c mut DB::Connection) -> BoxFuture<'c, std::result::Result<T, Failure>> + Send,
        T: Send,
    {
        let mut connection = self.pool.acquire().await.map_err(|error| self.errors.sql(error))?;
        match tokio::time::timeout(self.errors.query_timeout + CLIENT_GRACE, work(&mut connection)).await {
            Ok(result) => result.map_err(|failure| self.errors.failure(failure)),
            Err(_) => {
                // The statement may still be running on the connection: never hand it out again.
                connection.close_on_drop();
                Err(self.errors.timed_out())
            }
        }
    }
}

/// A database that runs statements: what the parts shared by both connectors (the `new_row`
/// trigger) need of one.
pub trait Execute: Sync {
    /// The dialect its statements are written in.
    fn dialect(&self) -> Dialect;

    /// Runs one statement on a pooled connection.
    fn execute(&self, statement: super::statement::Statement) -> impl Future<Output = Result<super::Outcome>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluxturn_core::ErrorCode;

    fn values() -> CredentialValues {
        CredentialValues {
            host: " db.example ".into(),
            port: None,
            database: "shop".into(),
            user: "app".into(),
            password: None,
            connection_limit: None,
            ssl: None,
            connect_timeout: None,
            query_timeout: Some(1.5),
        }
    }

    #[test]
    fn defaults_fill_what_is_not_given() {
        let settings = ConnectionSettings::new(values(), 5432).unwrap();
        assert_eq!((settings.host.as_str(), settings.port), ("db.example", 5432));
        assert_eq!(settings.connection_limit, DEFAULT_CONNECTION_LIMIT);
        assert_eq!(settings.connect_timeout, Duration::from_secs(10));
        assert_eq!(settings.query_timeout, Duration::from_millis(1500));
        assert_eq!(settings.password.expose(), "");
        assert!(!settings.ssl);
    }

    #[test]
    fn unusable_values_name_their_field() {
        for (values, field) in [
            (CredentialValues { query_timeout: Some(0.0), ..values() }, "queryTimeout"),
            (CredentialValues { connect_timeout: Some(-1.0), ..values() }, "connectTimeout"),
            (CredentialValues { connection_limit: Some(0), ..values() }, "connectionLimit"),
            (CredentialValues { host: "a b".into(), ..values() }, "host"),
        ] {
            let error = ConnectionSettings::new(values, 3306).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidCredentials);
            assert_eq!(error.details["field"], field, "{}", error.message);
        }
    }
}
