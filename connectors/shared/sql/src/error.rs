//! Database errors as connector errors, in one place for both servers: the class comes from the
//! SQLSTATE (and MySQL's error number), the message is the server's, and the password never shows.

use super::Dialect;
use fluxturn_core::{ConnectorError, ErrorCode};
use serde_json::{Map, Value};
use sqlx::error::{DatabaseError, ErrorKind};
use sqlx::mysql::MySqlDatabaseError;
use sqlx::postgres::PgDatabaseError;
use std::time::Duration;

/// What went wrong inside a unit of database work: a driver error, to be mapped with the
/// connection's [`ErrorContext`], or a connector error already.
#[derive(Debug)]
pub enum Failure {
    /// An error of the driver or the server.
    Sql(sqlx::Error),
    /// A connector error (a value that cannot be read, a parameter that does not fit, ...).
    Connector(ConnectorError),
}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        Self::Sql(error)
    }
}

impl From<ConnectorError> for Failure {
    fn from(error: ConnectorError) -> Self {
        Self::Connector(error)
    }
}

/// What an error message says about the connection: which server, where, its limits, and the
/// password to keep out.
#[derive(Debug, Clone)]
pub struct ErrorContext {
    /// The dialect (names the server in messages).
    pub dialect: Dialect,
    /// `host:port`.
    pub endpoint: String,
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// How long a statement may run.
    pub query_timeout: Duration,
    /// How many connections the pool holds at most.
    pub connection_limit: u32,
    /// Texts no message may contain (the password).
    pub secrets: Vec<String>,
}

impl ErrorContext {
    /// A failure as a connector error.
    pub fn failure(&self, failure: Failure) -> ConnectorError {
        match failure {
            Failure::Sql(error) => self.sql(error),
            Failure::Connector(error) => self.redact(error),
        }
    }

    /// A driver or server error as a connector error.
    pub fn sql(&self, error: sqlx::Error) -> ConnectorError {
        let server = self.dialect.server();
        let endpoint = &self.endpoint;
        let error = match error {
            sqlx::Error::Database(error) => self.database(error.as_ref()),
            sqlx::Error::Io(error) => {
                ConnectorError::new(ErrorCode::Connection, format!("could not reach {server} at {endpoint}: {error}"))
            }
            sqlx::Error::Tls(error) => ConnectorError::new(
                ErrorCode::Connection,
                format!("the TLS connection to {server} at {endpoint} failed: {error}"),
            ),
            sqlx::Error::PoolTimedOut => ConnectorError::new(
                ErrorCode::Connection,
                format!(
                    "no connection to {server} at {endpoint} within {} s: the server is unreachable or refuses \
                     connections, or all {} connections of the pool are busy",
                    seconds(self.connect_timeout),
                    self.connection_limit
                ),
            ),
            sqlx::Error::PoolClosed => {
                ConnectorError::new(ErrorCode::Connection, format!("the connection pool to {server} is closed"))
            }
            sqlx::Error::Configuration(error) => {
                ConnectorError::invalid_credentials(format!("the connection settings are not usable: {error}"))
            }
            error @ (sqlx::Error::ColumnDecode { .. }
            | sqlx::Error::Decode(_)
            | sqlx::Error::TypeNotFound { .. }
            | sqlx::Error::ColumnNotFound(_)
            | sqlx::Error::ColumnIndexOutOfBounds { .. }
            | sqlx::Error::Protocol(_)) => {
                ConnectorError::new(ErrorCode::InvalidResponse, format!("{server} answered unexpectedly: {error}"))
            }
            other => ConnectorError::new(ErrorCode::Upstream, format!("{server}: {other}")),
        };
        self.redact(error)
    }

    /// The error of a statement that ran out of time on the client's side.
    pub fn timed_out(&self) -> ConnectorError {
        ConnectorError::new(
            ErrorCode::Timeout,
            format!(
                "{} at {} did not answer within the query timeout of {} s",
                self.dialect.server(),
                self.endpoint,
                seconds(self.query_timeout)
            ),
        )
    }

    /// An error the server reported.
    fn database(&self, error: &(dyn DatabaseError + 'static)) -> ConnectorError {
        let sqlstate = error.code().map(|code| code.into_owned()).unwrap_or_default();
        let number = error.try_downcast_ref::<MySqlDatabaseError>().map(MySqlDatabaseError::number);
        let (code, conflict) = classify(error.kind(), &sqlstate, number);
        let mut message = format!("{}: {}", self.dialect.server(), error.message());
        let mut details = Map::new();
        details.insert("sqlstate".into(), sqlstate.clone().into());
        if let Some(number) = number {
            details.insert("errno".into(), number.into());
        }
        if let Some(constraint) = error.constraint() {
            details.insert("constraint".into(), constraint.into());
        }
        if let Some(error) = error.try_downcast_ref::<PgDatabaseError>() {
            for (key, text) in [("detail", error.detail()), ("hint", error.hint())] {
                if let Some(text) = text {
                    message.push_str(&format!(" ({text})"));
                    details.insert(key.into(), text.into());
                }
            }
            if let Some(table) = error.table() {
                details.insert("table".into(), table.into());
            }
            if let Some(column) = error.column() {
                details.insert("column".into(), column.into());
            }
        }
        if code == ErrorCode::Timeout {
            message.push_str(&format!(" (query timeout: {} s)", seconds(self.query_timeout)));
        }
        let mut error = ConnectorError::new(code, message).with_details(Value::Object(details));
        if conflict {
            error = error.with_status(409);
        }
        if matches!(sqlstate.as_str(), "40001" | "40P01") || number == Some(1213) {
            error = error.with_retryable(true);
        }
        error
    }

    /// The error with every secret replaced, in its message and details.
    fn redact(&self, mut error: ConnectorError) -> ConnectorError {
        for secret in self.secrets.iter().filter(|s| !s.is_empty()) {
            redact_text(&mut error.message, secret);
            redact_value(&mut error.details, secret);
        }
        error
    }
}

fn redact_text(text: &mut String, secret: &str) {
    if text.contains(secret) {
        *text = text.replace(secret, "[redacted]");
    }
}

fn redact_value(value: &mut Value, secret: &str) {
    match value {
        Value::String(text) => redact_text(text, secret),
        Value::Array(items) => items.iter_mut().for_each(|item| redact_value(item, secret)),
        Value::Object(map) => map.values_mut().for_each(|item| redact_value(item, secret)),
        _ => {}
    }
}

/// The error class of a server error, and whether it is a conflict with existing data.
fn classify(kind: ErrorKind, sqlstate: &str, number: Option<u16>) -> (ErrorCode, bool) {
    use ErrorCode::*;
    if kind == ErrorKind::UniqueViolation || number == Some(1062) {
        return (InvalidInput, true);
    }
    if let Some(number) = number {
        // MySQL's SQLSTATEs are coarse (42000 is both a syntax error and a denied access).
        let code = match number {
            1045 | 1049 | 1698 => Some(InvalidCredentials),
            1044 | 1142 | 1143 | 1227 | 1370 => Some(Forbidden),
            1146 | 1051 | 1109 => Some(NotFound),
            1969 | 3024 | 1205 => Some(Timeout),
            1040 | 1053 | 1203 => Some(Connection),
            1054 | 1064 | 1048 | 1136 | 1292 | 1264 | 1265 | 1366 | 1406 | 1451 | 1452 | 1364 | 1210 | 3140 => {
                Some(InvalidInput)
            }
            _ => None,
        };
        if let Some(code) = code {
            return (code, false);
        }
    }
    if matches!(kind, ErrorKind::ForeignKeyViolation | ErrorKind::NotNullViolation | ErrorKind::CheckViolation) {
        return (InvalidInput, false);
    }
    let code = match sqlstate {
        "28000" | "28P01" | "3D000" => InvalidCredentials,
        "42501" => Forbidden,
        "42P01" | "3F000" | "42S02" => NotFound,
        "57014" | "55P03" | "25P03" => Timeout,
        "53300" | "57P01" | "57P02" | "57P03" => Connection,
        "40001" | "40P01" => Upstream,
        _ => match sqlstate.get(..2).unwrap_or_default() {
            "08" | "53" => Connection,
            // Data exceptions, integrity violations, syntax errors and undefined objects, invalid
            // transaction states: the statement or its values are wrong.
            "22" | "23" | "42" | "2B" | "25" | "44" => InvalidInput,
            _ => Upstream,
        },
    };
    (code, false)
}

/// Seconds as messages show them (`30`, `1.5`).
fn seconds(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds.fract() == 0.0 {
        format!("{seconds:.0}")
    } else {
        format!("{seconds}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context() -> ErrorContext {
        ErrorContext {
            dialect: Dialect::Postgres,
            endpoint: "db.example:5432".into(),
            connect_timeout: Duration::from_secs(10),
            query_timeout: Duration::from_millis(1500),
            connection_limit: 5,
            secrets: vec!["hunter22".into()],
        }
    }

    #[test]
    fn sqlstates_and_mysql_numbers_pick_the_class() {
        assert_eq!(classify(ErrorKind::Other, "42P01", None), (ErrorCode::NotFound, false));
        assert_eq!(classify(ErrorKind::UniqueViolation, "23505", None), (ErrorCode::InvalidInput, true));
        assert_eq!(classify(ErrorKind::Other, "28P01", None), (ErrorCode::InvalidCredentials, false));
        assert_eq!(classify(ErrorKind::Other, "57014", None), (ErrorCode::Timeout, false));
        assert_eq!(classify(ErrorKind::Other, "08006", None), (ErrorCode::Connection, false));
        assert_eq!(classify(ErrorKind::Other, "42601", None), (ErrorCode::InvalidInput, false));
        assert_eq!(classify(ErrorKind::Other, "XX000", None), (ErrorCode::Upstream, false));
        assert_eq!(classify(ErrorKind::Other, "42000", Some(1044)), (ErrorCode::Forbidden, false));
        assert_eq!(classify(ErrorKind::Other, "42000", Some(1064)), (ErrorCode::InvalidInput, false));
        assert_eq!(classify(ErrorKind::Other, "42S02", Some(1146)), (ErrorCode::NotFound, false));
        assert_eq!(classify(ErrorKind::Other, "70100", Some(1969)), (ErrorCode::Timeout, false));
        assert_eq!(classify(ErrorKind::Other, "23000", Some(1062)), (ErrorCode::InvalidInput, true));
    }

    #[test]
    fn the_password_never_shows() {
        let error = context().sql(sqlx::Error::Configuration("bad password hunter22".into()));
        assert_eq!(error.code, ErrorCode::InvalidCredentials);
        assert!(!error.message.contains("hunter22") && error.message.contains("[redacted]"), "{}", error.message);
        let error = context()
            .failure(Failure::Connector(ConnectorError::invalid_input("x").with_details(json!({"echo": "hunter22"}))));
        assert_eq!(error.details, json!({"echo": "[redacted]"}));
    }

    #[test]
    fn unreachable_and_timed_out_say_where_and_how_long() {
        let error = context().sql(sqlx::Error::PoolTimedOut);
        assert_eq!(error.code, ErrorCode::Connection);
        assert!(error.message.contains("db.example:5432 within 10 s"), "{}", error.message);
        let error = context().timed_out();
        assert_eq!(error.code, ErrorCode::Timeout);
        assert!(error.message.contains("1.5 s"), "{}", error.message);
    }
}
