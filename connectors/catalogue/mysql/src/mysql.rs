use connectors_sql::connection::{ConnectionSettings, CredentialValues, Database, Execute};
use connectors_sql::identifier::{Columns, Identifier};
use connectors_sql::poll::{self, NewRowConfig};
use connectors_sql::statement::{self, Filter, InsertOptions, Mappings, OnConflict, Statement};
use connectors_sql::{self as sql, mysql, Dialect, QueryOutput, Row};
use fluxturn_core::prelude::*;
use fluxturn_core::FromContext;
use serde_json::{json, Value};

/// Query and change the tables of a MySQL or MariaDB database
///
/// Values always travel as parameters; table and column names are checked and quoted. Every
/// statement is bounded by the connection's query timeout.
#[connector(name = "mysql", display_name = "MySQL", category = "database", credentials = MySqlCredentials)]
pub struct MySql {
    database: Pool,
}

/// Where the MySQL server is and how to sign in.
#[derive(Credentials)]
pub struct MySqlCredentials {
    /// Host name or IP address of the server
    #[field(label = "Host", placeholder = "db.example.com")]
    pub host: String,
    /// Port of the server
    #[field(label = "Port", default = 3306)]
    pub port: Option<u16>,
    /// Name of the database
    #[field(label = "Database", placeholder = "shop")]
    pub database: String,
    /// User to sign in as
    #[field(label = "User", placeholder = "root")]
    pub user: String,
    /// Password of the user (empty for a user without one)
    #[field(label = "Password", secret)]
    pub password: Option<Secret<String>>,
    /// How many connections FluxTurn keeps open to the server at most
    #[field(label = "Connection Limit", default = 5)]
    pub connection_limit: Option<u32>,
    /// Connect over TLS, checking the server's certificate and host name against the public web
    /// PKI roots
    #[field(label = "SSL", default = false)]
    pub ssl: Option<bool>,
    /// Seconds one statement may run before it is stopped (MariaDB's max_statement_time, MySQL's
    /// max_execution_time)
    #[field(label = "Query Timeout (seconds)", default = 30)]
    pub query_timeout: Option<f64>,
    /// Seconds connecting may take
    #[field(label = "Connect Timeout (seconds)", default = 10)]
    pub connect_timeout: Option<f64>,
}

/// The connection pool, built from the credentials (a type of this crate, so it can implement
/// `FromContext`; it derefs to the shared [`Database`]).
pub struct Pool(Database<sqlx::MySql>);

impl std::ops::Deref for Pool {
    type Target = Database<sqlx::MySql>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl FromContext for Pool {
    /// A lazily connected pool: nothing is sent until the first statement.
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        let credentials = <MySqlCredentials as fluxturn_core::Credentials>::from_values(&ctx.credentials)?;
        let values = CredentialValues {
            host: credentials.host,
            port: credentials.port,
            database: credentials.database,
            user: credentials.user,
            password: credentials.password,
            connection_limit: credentials.connection_limit,
            ssl: credentials.ssl,
            connect_timeout: credentials.connect_timeout,
            query_timeout: credentials.query_timeout,
        };
        Ok(Pool(mysql::database(&ConnectionSettings::new(values, 3306)?)))
    }
}

/// How the conditions of a `where` combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Combine {
    /// Every condition holds
    #[default]
    #[serde(rename = "AND")]
    And,
    /// At least one condition holds
    #[serde(rename = "OR")]
    Or,
}

/// How `columnMappings` gives the row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum DataMode {
    /// Rows as `{"column": value}` (a workflow item as it is), or a list of them
    #[default]
    AutoMapInputData,
    /// One row as a list of `{"column", "value"}`
    DefineBelow,
}

impl DataMode {
    fn mappings(self) -> Mappings {
        match self {
            Self::AutoMapInputData => Mappings::Detect,
            Self::DefineBelow => Mappings::Pairs,
        }
    }
}

/// MySQL's insert priority (it matters to table-locking engines such as MyISAM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Priority {
    /// Wait until no other client reads the table
    #[serde(rename = "LOW_PRIORITY")]
    Low,
    /// Go before waiting reads
    #[serde(rename = "HIGH_PRIORITY")]
    High,
}

/// What `delete_rows` removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DeleteCommand {
    /// Delete the rows that meet the conditions
    Delete,
    /// Empty the table
    Truncate,
    /// Drop the table
    Drop,
}

/// The input of `execute_query`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteQuery {
    /// One SQL statement; each `?` stands for the next value of `params`
    #[field(label = "Query", input_type = "textarea", placeholder = "SELECT * FROM orders WHERE id = ?")]
    pub query: String,
    /// The values of the `?`s, in order (a JSON list, or text holding one)
    #[field(label = "Query Parameters")]
    #[serde(default, deserialize_with = "sql::list_or_text")]
    pub params: Option<Vec<Value>>,
}

/// The input of `select_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct SelectRows {
    /// The table, with an optional `database.` prefix
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// The columns to return: `*` or a comma-separated list
    #[field(label = "Columns", default = "*", placeholder = "id, email")]
    pub columns: Option<String>,
    /// Conditions the rows meet: a list of `{"column", "condition", "value"}` (condition: equal,
    /// !=, LIKE, >, >=, <, <=, IS NULL, IS NOT NULL), or `{"column": value}`
    #[field(label = "Where", input_type = "json")]
    #[serde(rename = "where")]
    pub conditions: Option<Value>,
    /// Whether all conditions must hold or one is enough
    #[field(label = "Combine Conditions", default = "AND")]
    #[serde(default)]
    pub combine_conditions: Option<Combine>,
    /// How many rows to return at most (all when empty)
    #[field(label = "Limit", min = 1)]
    pub limit: Option<u64>,
    /// How many rows to skip first
    #[field(label = "Offset", min = 0)]
    pub offset: Option<u64>,
    /// Sort order: a list of `{"column", "direction"}` (ASC or DESC), or text like `name DESC, id`
    #[field(label = "Sort", input_type = "json")]
    pub sort: Option<Value>,
}

/// The input of `insert_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct InsertRows {
    /// The table, with an optional `database.` prefix
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// How the row is given below
    #[field(label = "Data Mode", default = "autoMapInputData")]
    #[serde(default)]
    pub data_mode: Option<DataMode>,
    /// The rows to insert: `{"column": value}` or a list of them (data mode autoMapInputData), or
    /// a list of `{"column", "value"}` (defineBelow); a column left out takes its default
    #[field(label = "Columns and Values", input_type = "json")]
    pub column_mappings: Option<Value>,
    /// MySQL's insert priority
    #[field(label = "Priority")]
    pub priority: Option<Priority>,
    /// Skip a row that collides with an existing one on a unique key (INSERT IGNORE) instead of
    /// failing
    #[field(label = "Skip on Conflict", default = false)]
    #[serde(default)]
    pub skip_on_conflict: bool,
}

/// The input of `upsert_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpsertRows {
    /// The table, with an optional `database.` prefix
    #[field(label = "Table", placeholder = "customers")]
    pub table: String,
    /// How the row is given below
    #[field(label = "Data Mode", default = "autoMapInputData")]
    #[serde(default)]
    pub data_mode: Option<DataMode>,
    /// The column that tells an existing row; it needs a unique index (or primary key) of its own
    #[field(label = "Column to Match On", placeholder = "email")]
    pub column_to_match_on: String,
    /// The value of that column, when the rows below do not hold it
    #[field(label = "Value to Match On")]
    #[serde(default, deserialize_with = "text_or_scalar")]
    pub value_to_match_on: Option<String>,
    /// The rows to write: `{"column": value}` or a list of them (autoMapInputData), or a list of
    /// `{"column", "value"}` (defineBelow)
    #[field(label = "Columns and Values", input_type = "json")]
    pub column_mappings: Option<Value>,
}

/// The input of `update_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRows {
    /// The table, with an optional `database.` prefix
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// How the values are given below
    #[field(label = "Data Mode", default = "autoMapInputData")]
    #[serde(default)]
    pub data_mode: Option<DataMode>,
    /// The column that picks the rows to update
    #[field(label = "Column to Match On", placeholder = "id")]
    pub column_to_match_on: String,
    /// The value that column holds in the rows to update
    #[field(label = "Value to Match On")]
    #[serde(deserialize_with = "required_text_or_scalar")]
    pub value_to_match_on: String,
    /// The new values: `{"column": value}` (autoMapInputData) or a list of `{"column", "value"}`
    /// (defineBelow); the column to match on is not changed
    #[field(label = "Columns and Values", input_type = "json")]
    pub column_mappings: Value,
}

/// The input of `delete_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteRows {
    /// Delete matching rows, empty the table, or drop it
    #[field(label = "Command", default = "delete")]
    pub delete_command: DeleteCommand,
    /// The table, with an optional `database.` prefix
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// For delete, the conditions the rows meet (at least one; truncate empties the table): a
    /// list of `{"column", "condition", "value"}`, or `{"column": value}`
    #[field(label = "Where", input_type = "json", show(deleteCommand = ["delete"]))]
    #[serde(rename = "where")]
    pub conditions: Option<Value>,
    /// Whether all conditions must hold or one is enough
    #[field(label = "Combine Conditions", default = "AND", show(deleteCommand = ["delete"]))]
    #[serde(default)]
    pub combine_conditions: Option<Combine>,
}

#[actions]
impl MySql {
    /// Run one SQL statement with parameters and return its rows
    #[action(name = "Execute Query", category = "Query", icon = "terminal")]
    async fn execute_query(&self, input: ExecuteQuery) -> Result<QueryOutput> {
        if input.query.trim().is_empty() {
            return Err(ConnectorError::invalid_input("query: give the SQL statement to run"));
        }
        let statement = Statement::user(Dialect::MySql, input.query, input.params.unwrap_or_default());
        Ok(self.database.execute(statement).await?.into())
    }

    /// Read the rows of a table that meet conditions, sorted and paged
    #[action(name = "Select", category = "Rows", icon = "search", idempotent)]
    async fn select_rows(&self, input: SelectRows) -> Result<Vec<Row>> {
        let table = Identifier::table(&input.table, "table")?;
        let columns = Columns::parse(input.columns.as_deref(), "columns")?;
        let filter = filter(input.conditions.as_ref(), input.combine_conditions)?;
        let order = statement::parse_order(input.sort.as_ref(), "sort")?;
        let statement = statement::select(Dialect::MySql, &table, &columns, &filter, &order, input.limit, input.offset);
        Ok(self.database.execute(statement).await?.rows)
    }

    /// Add rows to a table
    #[action(name = "Insert", category = "Rows", icon = "plus")]
    async fn insert_rows(&self, input: InsertRows) -> Result<QueryOutput> {
        let table = Identifier::table(&input.table, "table")?;
        let mode = input.data_mode.unwrap_or_default().mappings();
        let rows = statement::parse_rows(input.column_mappings.as_ref(), mode, "columnMappings")?;
        let options = InsertOptions {
            on_conflict: if input.skip_on_conflict { OnConflict::Skip(Vec::new()) } else { OnConflict::Fail },
            priority: input.priority.map(|priority| match priority {
                Priority::Low => "LOW_PRIORITY",
                Priority::High => "HIGH_PRIORITY",
            }),
            returning: None,
        };
        let statement = statement::insert(Dialect::MySql, &table, &rows, &options);
        Ok(self.database.execute(statement).await?.into())
    }

    /// Insert rows, or update the existing row that holds the same value in the match column
    #[action(name = "Insert or Update", category = "Rows", icon = "upload", idempotent)]
    async fn upsert_rows(&self, input: UpsertRows) -> Result<QueryOutput> {
        let table = Identifier::table(&input.table, "table")?;
        let key = Identifier::column(&input.column_to_match_on, "columnToMatchOn")?;
        let mode = input.data_mode.unwrap_or_default().mappings();
        let mut rows = statement::parse_rows(input.column_mappings.as_ref(), mode, "columnMappings")?;
        for row in &mut rows {
            match (&input.value_to_match_on, row.iter().position(|(column, _)| *column == key)) {
                (Some(value), Some(index)) => row[index].1 = Value::String(value.clone()),
                (Some(value), None) => row.insert(0, (key.clone(), Value::String(value.clone()))),
                (None, Some(_)) => {}
                (None, None) => {
                    return Err(ConnectorError::invalid_input(format!(
                        "valueToMatchOn: a row holds no value of `{}`; give one here or in the row",
                        key.name()
                    )))
                }
            }
        }
        self.require_unique_index(&table, &key).await?;
        let options = InsertOptions { on_conflict: OnConflict::Update(vec![key]), priority: None, returning: None };
        let statement = statement::insert(Dialect::MySql, &table, &rows, &options);
        Ok(self.database.execute(statement).await?.into())
    }

    /// Change columns of the rows that hold a value in the match column
    #[action(name = "Update", category = "Rows", icon = "edit", idempotent)]
    async fn update_rows(&self, input: UpdateRows) -> Result<QueryOutput> {
        let table = Identifier::table(&input.table, "table")?;
        let key = Identifier::column(&input.column_to_match_on, "columnToMatchOn")?;
        let mode = input.data_mode.unwrap_or_default().mappings();
        let rows = statement::parse_rows(Some(&input.column_mappings), mode, "columnMappings")?;
        let mut row = statement::single_row(rows, "columnMappings")?;
        row.retain(|(column, _)| *column != key);
        if row.is_empty() {
            return Err(ConnectorError::invalid_input(format!(
                "columnMappings: give a column to change besides `{}`",
                key.name()
            )));
        }
        let filter = Filter::equal(key, Value::String(input.value_to_match_on));
        let statement = statement::update(Dialect::MySql, &table, &row, &filter, None);
        Ok(self.database.execute(statement).await?.into())
    }

    /// Delete the rows that meet conditions, empty a table, or drop it
    #[action(name = "Delete", category = "Rows", icon = "trash")]
    async fn delete_rows(&self, input: DeleteRows) -> Result<QueryOutput> {
        let table = Identifier::table(&input.table, "table")?;
        let statement = match input.delete_command {
            DeleteCommand::Delete => {
                let filter = filter(input.conditions.as_ref(), input.combine_conditions)?;
                if filter.is_empty() {
                    return Err(ConnectorError::invalid_input(
                        "where: give at least one condition; the truncate command empties the table",
                    ));
                }
                statement::delete(Dialect::MySql, &table, &filter, None)
            }
            DeleteCommand::Truncate => statement::table_command(Dialect::MySql, "TRUNCATE", &table, false),
            DeleteCommand::Drop => statement::table_command(Dialect::MySql, "DROP", &table, false),
        };
        Ok(self.database.execute(statement).await?.into())
    }

    /// A row was added to (or changed in) a table
    #[trigger(name = "On New MySQL Event", event_type = "row.new", polling)]
    async fn new_row(&self, config: NewRowConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        poll::new_rows(&*self.database, &config, cursor).await
    }

    /// Runs `SELECT 1`: proves the server is reachable and the credentials work.
    #[test_connection]
    async fn ping(&self) -> Result<()> {
        self.database.run(|connection| Box::pin(mysql::ping(connection))).await
    }
}

impl MySql {
    /// `ON DUPLICATE KEY UPDATE` acts on any unique key: without one on `key` alone, an upsert
    /// would silently add duplicates, so it is refused.
    async fn require_unique_index(&self, table: &Identifier, key: &Identifier) -> Result<()> {
        let mut indexes = Statement::new(Dialect::MySql);
        indexes
            .push("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = COALESCE(")
            .param(json!(table.schema()))
            .push(", DATABASE()) AND TABLE_NAME = ")
            .param(json!(table.name()))
            .push(" AND NON_UNIQUE = 0 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = ")
            .param(json!(key.name()));
        if !self.database.execute(indexes).await?.rows.is_empty() {
            return Ok(());
        }
        // No such index, or no such table: let the server say which.
        let mut probe = Statement::new(Dialect::MySql);
        probe.push("SELECT * FROM ").name(table).push(" LIMIT 0");
        self.database.execute(probe).await?;
        Err(ConnectorError::invalid_input(format!(
            "columnToMatchOn: `{}` has no unique index or primary key of its own, which Insert or Update needs to \
             find an existing row",
            key.name()
        )))
    }
}

/// The conditions of `where`, combined as asked.
fn filter(conditions: Option<&Value>, combine: Option<Combine>) -> Result<Filter> {
    let mut filter = Filter::parse(conditions, "where")?;
    filter.any = combine == Some(Combine::Or);
    Ok(filter)
}

/// A text input that may arrive as a number or a boolean (an expression's result).
fn text_or_scalar<'de, D>(deserializer: D) -> std::result::Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::String(text) if text.is_empty() => Ok(None),
        Value::String(text) => Ok(Some(text)),
        Value::Number(number) => Ok(Some(number.to_string())),
        Value::Bool(flag) => Ok(Some(flag.to_string())),
        _ => Err(serde::de::Error::custom("expected text or a number")),
    }
}

fn required_text_or_scalar<'de, D>(deserializer: D) -> std::result::Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    text_or_scalar(deserializer)?.ok_or_else(|| serde::de::Error::custom("expected text or a number"))
}
