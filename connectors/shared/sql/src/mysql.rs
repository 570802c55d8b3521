//! MySQL and MariaDB: the pool, statements with JSON values as parameters, and result rows as
//! JSON. The server converts parameters to the types it needs, so each JSON value is sent as its
//! own kind (integer, float, text, null).

use super::connection::{ConnectionSettings, Database, Execute};
use super::error::Failure;
use super::statement::Statement;
use super::{Dialect, Outcome, Row};
use base64::Engine;
use fluxturn_core::{ConnectorError, ErrorCode};
use futures_util::TryStreamExt;
use serde_json::{Map, Number, Value};
use sqlx::mysql::types::{MySqlTime, MySqlTimeSign};
use sqlx::mysql::{
    MySqlArguments, MySqlConnectOptions, MySqlConnection, MySqlPoolOptions, MySqlRow, MySqlSslMode, MySqlValueRef,
};
use sqlx::{Arguments, Column, Decode, Either, Executor, MySql, Row as _, TypeInfo, ValueRef};

/// A lazily connected pool; each new connection sets the statement timeout of its session.
pub fn database(settings: &ConnectionSettings) -> Database<MySql> {
    let mut options = MySqlConnectOptions::new()
        .host(&settings.host)
        .port(settings.port)
        .database(&settings.database)
        .username(&settings.user)
        .ssl_mode(if settings.ssl { MySqlSslMode::VerifyIdentity } else { MySqlSslMode::Disabled })
        // Keep `||` the logical OR the user's SQL means (sqlx turns it into concatenation).
        .pipes_as_concat(false);
    // An empty password is none: sqlx would otherwise send the scramble of an empty one, which a
    // user without a password is refused with.
    if !settings.password.expose().is_empty() {
        options = options.password(settings.password.expose());
    }
    let timeout = settings.query_timeout;
    let pool: MySqlPoolOptions = settings.pool_options();
    let pool = pool.after_connect(move |connection, _| {
        Box::pin(async move {
            set_statement_timeout(connection, timeout).await;
            Ok(())
        })
    });
    Database::new(pool.connect_lazy_with(options), settings, Dialect::MySql)
}

/// Limits every statement of the session: MariaDB's `max_statement_time` (seconds), else MySQL's
/// `max_execution_time` (milliseconds, `SELECT` only). A server with neither still has the
/// client's own limit ([`Database::run`]).
async fn set_statement_timeout(connection: &mut MySqlConnection, timeout: std::time::Duration) {
    let mariadb = format!("SET SESSION max_statement_time = {:.6}", timeout.as_secs_f64());
    if connection.execute(sqlx::raw_sql(&mariadb)).await.is_ok() {
        return;
    }
    let mysql = format!("SET SESSION max_execution_time = {}", timeout.as_millis().max(1));
    if let Err(error) = connection.execute(sqlx::raw_sql(&mysql)).await {
        tracing::warn!(%error, "the MySQL server takes no statement timeout; only the client's applies");
    }
}

impl Execute for Database<MySql> {
    fn dialect(&self) -> Dialect {
        Dialect::MySql
    }

    async fn execute(&self, statement: Statement) -> fluxturn_core::Result<Outcome> {
        self.run(move |connection| Box::pin(async move { execute(connection, &statement).await })).await
    }
}

/// Runs one statement.
pub async fn execute(connection: &mut MySqlConnection, statement: &Statement) -> Result<Outcome, Failure> {
    let mut arguments = MySqlArguments::default();
    for value in &statement.params {
        add(&mut arguments, value).map_err(|e| ConnectorError::internal(e.to_string()))?;
    }
    let mut outcome = Outcome::default();
    let mut results = connection.fetch_many(sqlx::query_with(&statement.text, arguments));
    while let Some(step) = results.try_next().await? {
        match step {
            Either::Left(done) => {
                outcome.rows_affected += done.rows_affected();
                if done.last_insert_id() != 0 {
                    outcome.last_insert_id = Some(done.last_insert_id());
                }
            }
            Either::Right(row) => outcome.rows.push(row_to_json(&row)?),
        }
    }
    Ok(outcome)
}

/// Runs `SELECT 1`.
pub async fn ping(connection: &mut MySqlConnection) -> Result<(), Failure> {
    connection.execute("SELECT 1").await?;
    Ok(())
}

/// One JSON value as a parameter of its own kind; lists and objects as JSON text.
fn add(arguments: &mut MySqlArguments, value: &Value) -> Result<(), sqlx::error::BoxDynError> {
    match value {
        Value::Null => arguments.add(None::<String>),
        Value::Bool(flag) => arguments.add(*flag),
        Value::Number(number) => match (number.as_i64(), number.as_u64()) {
            (Some(signed), _) => arguments.add(signed),
            (None, Some(unsigned)) => arguments.add(unsigned),
            _ => arguments.add(number.as_f64().unwrap_or_default()),
        },
        Value::String(text) => arguments.add(text.clone()),
        other => arguments.add(other.to_string()),
    }
}

/// A result row as JSON.
pub fn row_to_json(row: &MySqlRow) -> Result<Row, ConnectorError> {
    let mut json = Map::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(index).map_err(|e| ConnectorError::new(ErrorCode::InvalidResponse, e.to_string()))?;
        let type_name = raw.type_info().name().to_owned();
        let value = if raw.is_null() { Value::Null } else { cell(&type_name, raw, column.name())? };
        json.insert(column.name().to_owned(), value);
    }
    Ok(json)
}

/// One non-null value as JSON, by its column type.
fn cell(type_name: &str, raw: MySqlValueRef<'_>, column: &str) -> Result<Value, ConnectorError> {
    let malformed = |error: sqlx::error::BoxDynError| {
        ConnectorError::new(
            ErrorCode::InvalidResponse,
            format!("MySQL sent a value of column `{column}` that is not a valid `{type_name}`: {error}"),
        )
    };
    Ok(match type_name {
        // BOOLEAN is TINYINT(1): a number, as it may hold more than 0 and 1.
        "BOOLEAN" | "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" | "YEAR" => {
            <i64 as Decode<MySql>>::decode(raw).map_err(malformed)?.into()
        }
        "TINYINT UNSIGNED" | "SMALLINT UNSIGNED" | "MEDIUMINT UNSIGNED" | "INT UNSIGNED" | "BIGINT UNSIGNED" => {
            <u64 as Decode<MySql>>::decode(raw).map_err(malformed)?.into()
        }
        "FLOAT" => {
            let value = <f32 as Decode<MySql>>::decode(raw).map_err(malformed)?;
            number(value.to_string().parse().unwrap_or(f64::from(value)))
        }
        "DOUBLE" => number(<f64 as Decode<MySql>>::decode(raw).map_err(malformed)?),
        // Exact decimal text: JSON numbers would round it.
        "DECIMAL" => <&str as Decode<MySql>>::decode(raw).map_err(malformed)?.into(),
        "BIT" => {
            let bytes = <&[u8] as Decode<MySql>>::decode(raw).map_err(malformed)?;
            bytes.iter().fold(0u64, |value, byte| (value << 8) | u64::from(*byte)).into()
        }
        "DATE" | "DATETIME" | "TIMESTAMP" => temporal(raw, type_name != "DATE").map_err(malformed)?,
        "TIME" => {
            let time = <MySqlTime as Decode<MySql>>::decode(raw).map_err(malformed)?;
            let sign = if time.sign() == MySqlTimeSign::Negative && !time.is_zero() { "-" } else { "" };
            let mut text = format!("{sign}{:02}:{:02}:{:02}", time.hours(), time.minutes(), time.seconds());
            if time.microseconds() != 0 {
                text.push_str(format!(".{:06}", time.microseconds()).trim_end_matches('0'));
            }
            text.into()
        }
        "JSON" => {
            let text = <&str as Decode<MySql>>::decode(raw).map_err(malformed)?;
            serde_json::from_str(text).map_err(|e| malformed(e.into()))?
        }
        "GEOMETRY" => {
            return Err(ConnectorError::new(
                ErrorCode::NotSupported,
                format!(
                    "column `{column}` has type `GEOMETRY`, which this connector cannot read; convert it in the \
                     query, e.g. `ST_AsText({column})`"
                ),
            ))
        }
        // Binary strings (and text of a binary collation, which the protocol does not tell apart):
        // text when they are UTF-8, else base64.
        "BINARY" | "VARBINARY" | "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB" => {
            let bytes = <&[u8] as Decode<MySql>>::decode(raw).map_err(malformed)?;
            match std::str::from_utf8(bytes) {
                Ok(text) => text.into(),
                Err(_) => base64::engine::general_purpose::STANDARD.encode(bytes).into(),
            }
        }
        // CHAR, VARCHAR, the TEXTs, ENUM, SET and anything newer sent as text.
        _ => <&str as Decode<MySql>>::decode(raw).map_err(malformed)?.into(),
    })
}

fn number(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// `DATE`, `DATETIME` and `TIMESTAMP` in ISO 8601 (`2024-05-01`, `2024-05-01T12:30:00.25`);
/// `TIMESTAMP` is in UTC, the session's time zone. MySQL's zero date stays `0000-00-00`.
fn temporal(raw: MySqlValueRef<'_>, with_time: bool) -> Result<Value, sqlx::error::BoxDynError> {
    let bytes = <&[u8] as Decode<MySql>>::decode(raw)?;
    // The text protocol sends `2024-05-01 12:30:00`; the binary one a length (0, 4, 7 or 11, never
    // an ASCII digit) and the parts.
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        return Ok(std::str::from_utf8(bytes)?.replacen(' ', "T", 1).into());
    }
    let (length, rest) = bytes.split_first().ok_or("an empty date")?;
    let length = usize::from(*length);
    if !matches!(length, 0 | 4 | 7 | 11) || rest.len() < length {
        return Err("a date of an unexpected length".into());
    }
    // The protocol leaves out the trailing parts that are zero.
    let mut parts = [0u8; 11];
    parts[..length].copy_from_slice(&rest[..length]);
    let year = u16::from_le_bytes([parts[0], parts[1]]);
    let mut text = format!("{year:04}-{:02}-{:02}", parts[2], parts[3]);
    if with_time {
        text.push_str(&format!("T{:02}:{:02}:{:02}", parts[4], parts[5], parts[6]));
        let micros = u32::from_le_bytes([parts[7], parts[8], parts[9], parts[10]]);
        if micros != 0 {
            text.push_str(format!(".{micros:06}").trim_end_matches('0'));
        }
    }
    Ok(text.into())
}
