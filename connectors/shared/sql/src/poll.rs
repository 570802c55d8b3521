//! The `new_row` polling trigger of both connectors: a table followed by a column whose value
//! grows with each new (or changed) row, an id or a timestamp.
//!
//! The cursor holds the largest value reported and a hash of each row reported at that value.
//! Each poll reads the rows at or past it in order: a row at the cursor's value that was already
//! reported is skipped, so rows sharing a value (two inserted in one statement, or within one
//! second of a `DATETIME`) are neither missed nor reported twice. The first poll only records
//! where the table stands (and the table's primary key). Rows whose column is null are never
//! reported.
//!
//! What tells two rows apart depends on what the column records: for new rows (`insert`), the
//! primary key, so a row changed while its creation time is still the latest is not reported
//! again; for changes, the whole row, so a second change within one tick of the column is.

use super::connection::Execute;
use super::identifier::{Columns, Identifier};
use super::statement::Statement;
use super::{Dialect, Row};
use fluxturn_core::{ConnectorError, Polled, Result};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// How many new rows one poll reports at most; the next poll goes on from there.
const BATCH: usize = 500;

/// What the column of a `new_row` trigger records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TriggerOn {
    /// New rows: the column is set once, when a row is added (an id, a creation time)
    Insert,
    /// Changed rows: the column is set again on each change (a modification time)
    Update,
    /// New and changed rows: a modification time that is also set on insert
    InsertUpdate,
}

/// The configuration of `new_row`.
#[derive(Debug, Deserialize, schemars::JsonSchema, fluxturn_core::Input)]
#[serde(rename_all = "camelCase")]
pub struct NewRowConfig {
    /// The table to watch, with an optional `schema.` (MySQL: `database.`) prefix
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// What the column below records. Each row is reported when its column passes the largest
    /// value reported so far: once for a column set on insert, again after each change for a
    /// column set on update
    #[field(label = "Trigger On", default = "insert")]
    pub trigger_on: TriggerOn,
    /// A column whose value grows with every new (or changed) row: an auto-increment id or a
    /// timestamp
    #[field(label = "Timestamp or ID Column", placeholder = "created_at")]
    pub timestamp_column: String,
    /// Seconds between two polls
    #[field(label = "Polling Interval (seconds)", default = 60, min = 1)]
    // The server's poll scheduler reads it from the configuration; the poll itself does not.
    #[allow(dead_code)]
    pub polling_interval: Option<u32>,
    /// The columns each event holds: `*` or a comma-separated list
    #[field(label = "Columns", default = "*", placeholder = "id, email, created_at")]
    pub columns: Option<String>,
}

/// Where a table's poll stands.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    /// The largest value of the column reported (null: the table had no row).
    value: Value,
    /// Hashes of the rows reported at that value.
    seen: Vec<String>,
    /// The table's primary key columns (none: rows are told apart by all their values).
    #[serde(default)]
    key: Vec<String>,
}

/// One poll of `new_row` on `database`.
pub async fn new_rows(database: &impl Execute, config: &NewRowConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
    let dialect = database.dialect();
    let table = Identifier::table(&config.table, "table")?;
    let column = Identifier::column(&config.timestamp_column, "timestampColumn")?;
    let columns = Columns::parse(config.columns.as_deref(), "columns")?;
    let cursor = cursor.and_then(|cursor| serde_json::from_value::<Cursor>(cursor).ok());
    let mut statement = Statement::new(dialect);
    statement.push("SELECT * FROM ").name(&table).push(" WHERE ").name(&column);
    let Some(mut cursor) = cursor else {
        // Where the table stands: the rows at the largest value.
        statement.push(" = (SELECT MAX(").name(&column).push(") FROM ").name(&table).push(")");
        let rows = database.execute(statement).await?.rows;
        let key = primary_key(database, &table).await?;
        let value = match rows.first() {
            Some(row) => column_value(row, &column)?,
            None => Value::Null,
        };
        let seen = rows.iter().map(|row| identity(row, config.trigger_on, &key)).collect();
        return Ok(Polled { events: Vec::new(), cursor: Some(json!(Cursor { value, seen, key })) });
    };
    if cursor.value.is_null() {
        statement.push(" IS NOT NULL");
    } else {
        statement.push(" >= ").param(cursor.value.clone());
    }
    statement.push(" ORDER BY ").name(&column).push(" LIMIT ").param(json!(BATCH + cursor.seen.len()));
    let rows = database.execute(statement).await?.rows;
    let mut events = Vec::new();
    for row in rows {
        let value = column_value(&row, &column)?;
        let hash = identity(&row, config.trigger_on, &cursor.key);
        if value == cursor.value {
            if cursor.seen.contains(&hash) {
                continue;
            }
        } else {
            // Rows come in order: a different value is a larger one.
            cursor.value = value;
            cursor.seen.clear();
        }
        cursor.seen.push(hash);
        events.push(Value::Object(project(row, &columns)?));
        if events.len() == BATCH {
            break;
        }
    }
    Ok(Polled { events, cursor: Some(json!(cursor)) })
}

fn column_value(row: &Row, column: &Identifier) -> Result<Value> {
    row.get(column.name()).cloned().ok_or_else(|| {
        ConnectorError::invalid_input(format!("timestampColumn: the table has no column `{}`", column.name()))
    })
}

/// The columns of `table`'s primary key, in order (none when it has none).
async fn primary_key(database: &impl Execute, table: &Identifier) -> Result<Vec<String>> {
    let dialect = database.dialect();
    let mut statement = Statement::new(dialect);
    match dialect {
        Dialect::Postgres => {
            statement
                .push(
                    "SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND \
                     a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = to_regclass(",
                )
                .param(json!(table.quoted(dialect)))
                .push(") ORDER BY a.attnum");
        }
        Dialect::MySql => {
            statement
                .push("SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = COALESCE(")
                .param(json!(table.schema()))
                .push(", DATABASE()) AND TABLE_NAME = ")
                .param(json!(table.name()))
                .push(" AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION");
        }
    }
    let rows = database.execute(statement).await?.rows;
    Ok(rows.iter().filter_map(|row| row.get("name").and_then(Value::as_str).map(str::to_owned)).collect())
}

/// A row's identity among the rows sharing one value of the column, as a short hash: its
/// primary key for new rows, all its values for changes (or when the table has no key).
fn identity(row: &Row, trigger_on: TriggerOn, key: &[String]) -> String {
    let text = match trigger_on {
        TriggerOn::Insert if !key.is_empty() => {
            let values: Vec<&Value> = key.iter().map(|column| row.get(column).unwrap_or(&Value::Null)).collect();
            serde_json::to_string(&values).unwrap_or_default()
        }
        _ => serde_json::to_string(row).unwrap_or_default(),
    };
    hex::encode(&Sha256::digest(text.as_bytes())[..16])
}

/// The row with only the asked columns.
fn project(mut row: Row, columns: &Columns) -> Result<Row> {
    let Columns::Named(names) = columns else { return Ok(row) };
    names
        .iter()
        .map(|name| {
            let value = row.remove(name.name()).ok_or_else(|| {
                ConnectorError::invalid_input(format!("columns: the table has no column `{}`", name.name()))
            })?;
            Ok((name.name().to_owned(), value))
        })
        .collect()
}
