use connectors_sql::connection::{ConnectionSettings, CredentialValues, Database, Execute};
use connectors_sql::identifier::{Columns, Identifier};
use connectors_sql::poll::{self, NewRowConfig};
use connectors_sql::statement::{self, Filter, InsertOptions, Mappings, OnConflict, Statement};
use connectors_sql::{self as sql, postgres, Dialect, QueryOutput, Row};
use fluxturn_core::prelude::*;
use fluxturn_core::FromContext;
use serde_json::Value;

/// Query and change the tables of a PostgreSQL database
///
/// Values always travel as parameters; table and column names are checked and quoted. Every
/// statement is bounded by the connection's query timeout.
#[connector(
    name = "postgresql",
    display_name = "PostgreSQL",
    category = "database",
    credentials = PostgreSqlCredentials
)]
pub struct PostgreSql {
    database: Pool,
}

/// Where the PostgreSQL server is and how to sign in.
#[derive(Credentials)]
pub struct PostgreSqlCredentials {
    /// Host name or IP address of the server
    #[field(label = "Host", placeholder = "db.example.com")]
    pub host: String,
    /// Port of the server
    #[field(label = "Port", default = 5432)]
    pub port: Option<u16>,
    /// Name of the database
    #[field(label = "Database", placeholder = "postgres")]
    pub database: String,
    /// User to sign in as
    #[field(label = "User", placeholder = "postgres")]
    pub user: String,
    /// Password of the user (empty for a server that asks none)
    #[field(label = "Password", secret)]
    pub password: Option<Secret<String>>,
    /// How many connections FluxTurn keeps open to the server at most
    #[field(label = "Connection Limit", default = 5)]
    pub connection_limit: Option<u32>,
    /// Connect over TLS, checking the server's certificate against the public web PKI roots
    #[field(label = "SSL", default = false)]
    pub ssl: Option<bool>,
    /// Seconds one statement may run before the server cancels it
    #[field(label = "Query Timeout (seconds)", default = 30)]
    pub query_timeout: Option<f64>,
    /// Seconds connecting may take
    #[field(label = "Connect Timeout (seconds)", default = 10)]
    pub connect_timeout: Option<f64>,
}

/// The connection pool, built from the credentials (a type of this crate, so it can implement
/// `FromContext`; it derefs to the shared [`Database`]).
pub struct Pool(Database<sqlx::Postgres>);

impl std::ops::Deref for Pool {
    type Target = Database<sqlx::Postgres>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl FromContext for Pool {
    /// A lazily connected pool: nothing is sent until the first statement.
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        let credentials = <PostgreSqlCredentials as fluxturn_core::Credentials>::from_values(&ctx.credentials)?;
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
        Ok(Pool(postgres::database(&ConnectionSettings::new(values, 5432)?)))
    }
}

fn public() -> Option<String> {
    Some("public".to_owned())
}

fn yes() -> bool {
    true
}

/// The input of `execute_query`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteQuery {
    /// One SQL statement; `$1`, `$2`, ... stand for the values of `params`
    #[field(label = "Query", input_type = "textarea", placeholder = "SELECT * FROM orders WHERE id = $1")]
    pub query: String,
    /// The values of `$1`, `$2`, ..., in order (a JSON list, or text holding one)
    #[field(label = "Query Parameters")]
    #[serde(default, deserialize_with = "sql::list_or_text")]
    pub params: Option<Vec<Value>>,
}

/// The input of `select_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct SelectRows {
    /// The table's schema (a `schema.` prefix on the table wins)
    #[field(label = "Schema", default = "public")]
    #[serde(default = "public")]
    pub schema: Option<String>,
    /// The table
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// The columns to return: `*` or a comma-separated list
    #[field(label = "Columns", default = "*", placeholder = "id, email")]
    pub columns: Option<String>,
    /// Conditions the rows meet: `{"column": value}` (a list: one of; null: is null), or a list of
    /// `{"column", "condition", "value"}`
    #[field(label = "Where", input_type = "json")]
    #[serde(rename = "where")]
    pub conditions: Option<Value>,
    /// How many rows to return at most (all when empty)
    #[field(label = "Limit", min = 1)]
    pub limit: Option<u64>,
    /// How many rows to skip first
    #[field(label = "Offset", min = 0)]
    pub offset: Option<u64>,
    /// Sort order, e.g. `created_at DESC, id`
    #[field(label = "Order By", placeholder = "created_at DESC")]
    pub order_by: Option<String>,
}

/// The input of `insert_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct InsertRows {
    /// The table's schema (a `schema.` prefix on the table wins)
    #[field(label = "Schema", default = "public")]
    #[serde(default = "public")]
    pub schema: Option<String>,
    /// The table
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// The row to insert as `{"column": value}`, a list of such rows, or a list of
    /// `{"column", "value"}`; a column a row leaves out takes its default
    #[field(label = "Columns and Values", input_type = "json")]
    pub column_mappings: Option<Value>,
    /// Column names, with `values` in the same order: another way to give one row
    #[field(label = "Columns")]
    pub columns: Option<Vec<String>>,
    /// The values of `columns`, in the same order
    #[field(label = "Values")]
    pub values: Option<Vec<Value>>,
    /// Columns of the inserted rows to return: `*` or a comma-separated list
    #[field(label = "Return Columns", placeholder = "*")]
    pub returning: Option<String>,
}

/// The input of `upsert_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpsertRows {
    /// The table's schema (a `schema.` prefix on the table wins)
    #[field(label = "Schema", default = "public")]
    #[serde(default = "public")]
    pub schema: Option<String>,
    /// The table
    #[field(label = "Table", placeholder = "customers")]
    pub table: String,
    /// The row to write as `{"column": value}`, a list of such rows, or a list of
    /// `{"column", "value"}`
    #[field(label = "Columns and Values", input_type = "json")]
    pub column_mappings: Value,
    /// The columns of a unique index or primary key that tell an existing row: a list of names or
    /// comma-separated text
    #[field(label = "Conflict Columns", placeholder = "email")]
    pub conflict_columns: Value,
    /// Update an existing row with the other columns (otherwise it is left as it is)
    #[field(label = "Update on Conflict", default = true)]
    #[serde(default = "yes")]
    pub update_on_conflict: bool,
    /// Columns of the inserted or updated rows to return: `*` or a comma-separated list
    #[field(label = "Return Columns", placeholder = "*")]
    pub returning: Option<String>,
}

/// The input of `update_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRows {
    /// The table's schema (a `schema.` prefix on the table wins)
    #[field(label = "Schema", default = "public")]
    #[serde(default = "public")]
    pub schema: Option<String>,
    /// The table
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// The new values as `{"column": value}` or a list of `{"column", "value"}`
    #[field(label = "Columns and Values", input_type = "json")]
    pub column_mappings: Value,
    /// Conditions the rows to update meet (at least one): `{"column": value}` or a list of
    /// `{"column", "condition", "value"}`
    #[field(label = "Where", input_type = "json")]
    #[serde(rename = "where")]
    pub conditions: Value,
    /// Columns of the updated rows to return: `*` or a comma-separated list
    #[field(label = "Return Columns", placeholder = "*")]
    pub returning: Option<String>,
}

/// What `delete_rows` removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeleteOperation {
    /// Delete the rows that meet the conditions
    DeleteRows,
    /// Drop the table
    DropTable,
    /// Empty the table
    TruncateTable,
}

/// The input of `delete_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteRows {
    /// Delete matching rows, empty the table, or drop it
    #[field(label = "Operation", default = "delete_rows")]
    pub operation: DeleteOperation,
    /// The table's schema (a `schema.` prefix on the table wins)
    #[field(label = "Schema", default = "public")]
    #[serde(default = "public")]
    pub schema: Option<String>,
    /// The table
    #[field(label = "Table", placeholder = "orders")]
    pub table: String,
    /// For delete_rows, the conditions the rows meet (at least one; truncate_table empties the
    /// table): `{"column": value}` or a list of `{"column", "condition", "value"}`
    #[field(label = "Where", input_type = "json", show(operation = ["delete_rows"]))]
    #[serde(rename = "where")]
    pub conditions: Option<Value>,
    /// For delete_rows, columns of the deleted rows to return: `*` or a comma-separated list
    #[field(label = "Return Columns", placeholder = "*", show(operation = ["delete_rows"]))]
    pub returning: Option<String>,
    /// Also truncate or drop what depends on the table (foreign keys, views)
    #[field(label = "Cascade", default = false, hide(operation = ["delete_rows"]))]
    #[serde(default)]
    pub cascade: bool,
}

#[actions]
impl PostgreSql {
    /// Run one SQL statement with parameters and return its rows
    #[action(name = "Execute a SQL query", category = "Query", icon = "terminal")]
    async fn execute_query(&self, input: ExecuteQuery) -> Result<QueryOutput> {
        if input.query.trim().is_empty() {
            return Err(ConnectorError::invalid_input("query: give the SQL statement to run"));
        }
        let statement = Statement::user(Dialect::Postgres, input.query, input.params.unwrap_or_default());
        Ok(self.database.execute(statement).await?.into())
    }

    /// Read the rows of a table that meet conditions, sorted and paged
    #[action(name = "Select rows from a table", category = "Rows", icon = "search", idempotent)]
    async fn select_rows(&self, input: SelectRows) -> Result<Vec<Row>> {
        let table = Identifier::table_in(input.schema.as_deref(), &input.table)?;
        let columns = Columns::parse(input.columns.as_deref(), "columns")?;
        let filter = Filter::parse(input.conditions.as_ref(), "where")?;
        let order = statement::parse_order(input.order_by.map(Value::String).as_ref(), "orderBy")?;
        let statement =
            statement::select(Dialect::Postgres, &table, &columns, &filter, &order, input.limit, input.offset);
        Ok(self.database.execute(statement).await?.rows)
    }

    /// Add rows to a table
    #[action(name = "Insert rows in a table", category = "Rows", icon = "plus")]
    async fn insert_rows(&self, input: InsertRows) -> Result<QueryOutput> {
        let table = Identifier::table_in(input.schema.as_deref(), &input.table)?;
        let rows = match (input.column_mappings, input.columns, input.values) {
            (Some(mappings), _, _) => statement::parse_rows(Some(&mappings), Mappings::Detect, "columnMappings")?,
            (None, Some(columns), Some(values)) => vec![parallel_row(columns, values)?],
            (None, _, _) => {
                return Err(ConnectorError::invalid_input(
                    "columnMappings: give the column values to write (or `columns` with `values`)",
                ))
            }
        };
        let options =
            InsertOptions { on_conflict: OnConflict::Fail, priority: None, returning: returning(&input.returning)? };
        let statement = statement::insert(Dialect::Postgres, &table, &rows, &options);
        Ok(self.database.execute(statement).await?.into())
    }

    /// Insert rows, or update the existing rows they collide with on a unique key
    #[action(name = "Insert or update rows in a table", category = "Rows", icon = "upload", idempotent)]
    async fn upsert_rows(&self, input: UpsertRows) -> Result<QueryOutput> {
        let table = Identifier::table_in(input.schema.as_deref(), &input.table)?;
        let rows = statement::parse_rows(Some(&input.column_mappings), Mappings::Detect, "columnMappings")?;
        let keys = statement::parse_column_names(Some(&input.conflict_columns), "conflictColumns")?;
        let on_conflict = if input.update_on_conflict { OnConflict::Update(keys) } else { OnConflict::Skip(keys) };
        let options = InsertOptions { on_conflict, priority: None, returning: returning(&input.returning)? };
        let statement = statement::insert(Dialect::Postgres, &table, &rows, &options);
        Ok(self.database.execute(statement).await?.into())
    }

    /// Change columns of the rows that meet conditions
    #[action(name = "Update rows in a table", category = "Rows", icon = "edit", idempotent)]
    async fn update_rows(&self, input: UpdateRows) -> Result<QueryOutput> {
        let table = Identifier::table_in(input.schema.as_deref(), &input.table)?;
        let rows = statement::parse_rows(Some(&input.column_mappings), Mappings::Detect, "columnMappings")?;
        let row = statement::single_row(rows, "columnMappings")?;
        let filter = Filter::parse(Some(&input.conditions), "where")?;
        if filter.is_empty() {
            return Err(ConnectorError::invalid_input(
                "where: give at least one condition (execute_query updates every row if that is meant)",
            ));
        }
        let statement =
            statement::update(Dialect::Postgres, &table, &row, &filter, returning(&input.returning)?.as_ref());
        Ok(self.database.execute(statement).await?.into())
    }

    /// Delete the rows that meet conditions, empty a table, or drop it
    #[action(name = "Delete table or rows", category = "Rows", icon = "trash")]
    async fn delete_rows(&self, input: DeleteRows) -> Result<QueryOutput> {
        let table = Identifier::table_in(input.schema.as_deref(), &input.table)?;
        let statement = match input.operation {
            DeleteOperation::DeleteRows => {
                let filter = Filter::parse(input.conditions.as_ref(), "where")?;
                if filter.is_empty() {
                    return Err(ConnectorError::invalid_input(
                        "where: give at least one condition; the truncate_table operation empties the table",
                    ));
                }
                statement::delete(Dialect::Postgres, &table, &filter, returning(&input.returning)?.as_ref())
            }
            DeleteOperation::TruncateTable => {
                statement::table_command(Dialect::Postgres, "TRUNCATE", &table, input.cascade)
            }
            DeleteOperation::DropTable => statement::table_command(Dialect::Postgres, "DROP", &table, input.cascade),
        };
        Ok(self.database.execute(statement).await?.into())
    }

    /// A row was added to (or changed in) a table
    #[trigger(name = "On new Postgres event", event_type = "row.new", polling)]
    async fn new_row(&self, config: NewRowConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        poll::new_rows(&*self.database, &config, cursor).await
    }

    /// Runs `SELECT 1`: proves the server is reachable and the credentials work.
    #[test_connection]
    async fn ping(&self) -> Result<()> {
        self.database.run(|connection| Box::pin(postgres::ping(connection))).await
    }
}

/// The columns to return, if any are asked for.
fn returning(text: &Option<String>) -> Result<Option<Columns>> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => Columns::parse(Some(text), "returning").map(Some),
    }
}

/// The row of `columns` and `values` given side by side.
fn parallel_row(columns: Vec<String>, values: Vec<Value>) -> Result<statement::MappedRow> {
    if columns.len() != values.len() || columns.is_empty() {
        return Err(ConnectorError::invalid_input(format!(
            "columns and values: {} column{} but {} value{}; give one value per column",
            columns.len(),
            if columns.len() == 1 { "" } else { "s" },
            values.len(),
            if values.len() == 1 { "" } else { "s" },
        )));
    }
    columns.iter().zip(values).map(|(column, value)| Ok((Identifier::column(column, "columns")?, value))).collect()
}
