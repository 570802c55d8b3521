//! The statements the table actions run, built from checked names and values passed as
//! parameters; and the readers of the inputs they are built from: conditions (`where`), sort
//! orders and column mappings.

use super::identifier::{Columns, Identifier};
use super::Dialect;
use fluxturn_core::{ConnectorError, Result};
use serde_json::{Map, Value};
use std::fmt::Write;

/// SQL text and the values of its parameters (`$1`… or `?`), in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    dialect: Dialect,
    /// The SQL text.
    pub text: String,
    /// The parameter values.
    pub params: Vec<Value>,
}

impl Statement {
    /// An empty statement in `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        Self { dialect, text: String::new(), params: Vec::new() }
    }

    /// The user's own SQL with its parameter values.
    pub fn user(dialect: Dialect, text: String, params: Vec<Value>) -> Self {
        Self { dialect, text, params }
    }

    /// The dialect it is written in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Appends SQL text (keywords and quoted names only, never a value).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    /// Appends a quoted name.
    pub fn name(&mut self, identifier: &Identifier) -> &mut Self {
        let quoted = identifier.quoted(self.dialect);
        self.push(&quoted)
    }

    /// Appends a parameter holding `value`.
    pub fn param(&mut self, value: Value) -> &mut Self {
        self.params.push(value);
        match self.dialect {
            Dialect::Postgres => {
                let _ = write!(self.text, "${}", self.params.len());
            }
            Dialect::MySql => self.text.push('?'),
        }
        self
    }

    /// Appends ` RETURNING <columns>` (PostgreSQL) when columns are asked for.
    fn returning(&mut self, returning: Option<&Columns>) -> &mut Self {
        if let Some(columns) = returning {
            let columns = columns.sql(self.dialect);
            self.push(" RETURNING ").push(&columns);
        }
        self
    }
}

/// How a condition compares its column with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `=` (a list: one of; null: `IS NULL`)
    Equal,
    /// `<>` (a list: none of; null: `IS NOT NULL`)
    NotEqual,
    /// `LIKE`, with `%` and `_` wildcards
    Like,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `IS NULL` (no value)
    IsNull,
    /// `IS NOT NULL` (no value)
    IsNotNull,
}

impl Operator {
    /// Reads an operator by its name or symbol (`equal`, `=`, `!=`, `LIKE`, `>=`, `IS NULL`, ...).
    fn parse(text: &str) -> Option<Self> {
        let key: String = text.chars().filter(|c| !c.is_whitespace() && *c != '_').collect::<String>().to_lowercase();
        Some(match key.as_str() {
            "" | "=" | "==" | "eq" | "equal" | "equals" => Self::Equal,
            "!=" | "<>" | "ne" | "notequal" | "notequals" => Self::NotEqual,
            "like" => Self::Like,
            ">" | "gt" | "greater" | "greaterthan" | "larger" => Self::Greater,
            ">=" | "gte" | "greaterorequal" | "greaterthanorequal" | "largerequal" => Self::GreaterOrEqual,
            "<" | "lt" | "less" | "lessthan" | "smaller" => Self::Less,
            "<=" | "lte" | "lessorequal" | "lessthanorequal" | "smallerequal" => Self::LessOrEqual,
            "isnull" => Self::IsNull,
            "isnotnull" | "notnull" => Self::IsNotNull,
            _ => return None,
        })
    }

    fn symbol(self) -> &'static str {
        match self {
            Self::Equal => "=",
            Self::NotEqual => "<>",
            Self::Like => "LIKE",
            Self::Greater => ">",
            Self::GreaterOrEqual => ">=",
            Self::Less => "<",
            Self::LessOrEqual => "<=",
            Self::IsNull => "IS NULL",
            Self::IsNotNull => "IS NOT NULL",
        }
    }
}

/// One condition of a `WHERE` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The column compared.
    pub column: Identifier,
    /// How it is compared.
    pub operator: Operator,
    /// What it is compared with.
    pub value: Value,
}

/// The conditions of a `WHERE` clause, all of which (or, with `any`, one of which) must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// The conditions.
    pub conditions: Vec<Condition>,
    /// Whether one condition is enough (`OR`) rather than all (`AND`).
    pub any: bool,
}

impl Filter {
    /// Reads a `where` input: `{"column": value, ...}` (each column equal to its value, a list
    /// meaning one of, null meaning `IS NULL`), or a list of `{"column", "condition", "value"}`
    /// (also under `{"values": [...]}`), or JSON text holding either.
    pub fn parse(value: Option<&Value>, what: &str) -> Result<Self> {
        let conditions = match json_input(value, what)? {
            None => Vec::new(),
            Some(Value::Object(map)) => match listed(&map) {
                Some(list) => conditions_list(list, what)?,
                None => map
                    .iter()
                    .map(|(column, value)| {
                        let column = Identifier::column(column, what)?;
                        Ok(Condition { column, operator: Operator::Equal, value: value.clone() })
                    })
                    .collect::<Result<_>>()?,
            },
            Some(Value::Array(list)) => conditions_list(&list, what)?,
            Some(_) => return Err(shape_error(what, "an object of column values or a list of conditions")),
        };
        Ok(Self { conditions, any: false })
    }

    /// One column equal to one value.
    pub fn equal(column: Identifier, value: Value) -> Self {
        Self { conditions: vec![Condition { column, operator: Operator::Equal, value }], any: false }
    }

    /// Whether it has no condition.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// Appends ` WHERE ...` (nothing when there is no condition).
    pub fn write(&self, statement: &mut Statement) {
        for (index, condition) in self.conditions.iter().enumerate() {
            statement.push(match (index, self.any) {
                (0, _) => " WHERE ",
                (_, false) => " AND ",
                (_, true) => " OR ",
            });
            write_condition(condition, statement);
        }
    }
}

/// The list of a `{"values": [...]}` (or `conditions`, `mappings`) wrapper, as FluxTurn's
/// fixedCollection sends it.
fn listed(map: &Map<String, Value>) -> Option<&Vec<Value>> {
    if map.len() != 1 {
        return None;
    }
    let (key, value) = map.iter().next()?;
    let list = value.as_array()?;
    let wrapped = matches!(key.as_str(), "values" | "conditions" | "mappings" | "sort")
        && list.iter().all(|item| item.get("column").is_some());
    wrapped.then_some(list)
}

fn conditions_list(list: &[Value], what: &str) -> Result<Vec<Condition>> {
    list.iter()
        .map(|item| {
            let Some(column) = item.get("column").and_then(Value::as_str) else {
                return Err(shape_error(what, "conditions of the form {\"column\", \"condition\", \"value\"}"));
            };
            let column = Identifier::column(column, what)?;
            let operator = match item.get("condition").or_else(|| item.get("operator")) {
                None | Some(Value::Null) => Operator::Equal,
                Some(Value::String(name)) => Operator::parse(name).ok_or_else(|| {
                    ConnectorError::invalid_input(format!(
                        "{what}: unknown condition `{name}`; use one of equal, !=, LIKE, >, >=, <, <=, IS NULL, \
                         IS NOT NULL"
                    ))
                })?,
                Some(other) => return Err(ConnectorError::invalid_input(format!("{what}: unknown condition {other}"))),
            };
            let value = item.get("value").cloned().unwrap_or(Value::Null);
            let needs_value =
                !matches!(operator, Operator::Equal | Operator::NotEqual | Operator::IsNull | Operator::IsNotNull);
            if needs_value && value.is_null() {
                return Err(ConnectorError::invalid_input(format!(
                    "{what}: the condition `{} {}` needs a value",
                    column.name(),
                    operator.symbol()
                )));
            }
            Ok(Condition { column, operator, value })
        })
        .collect()
}

fn write_condition(condition: &Condition, statement: &mut Statement) {
    let dialect = statement.dialect();
    if dialect == Dialect::MySql {
        if let (Operator::Equal | Operator::NotEqual, Value::Array(items)) = (condition.operator, &condition.value) {
            if items.is_empty() {
                // `x IN ()` is not SQL: nothing is in an empty list, everything is outside it.
                statement.push(if condition.operator == Operator::Equal { "FALSE" } else { "TRUE" });
                return;
            }
        }
    }
    statement.name(&condition.column);
    match (condition.operator, &condition.value) {
        (Operator::Equal, Value::Null) | (Operator::IsNull, _) => {
            statement.push(" IS NULL");
        }
        (Operator::NotEqual, Value::Null) | (Operator::IsNotNull, _) => {
            statement.push(" IS NOT NULL");
        }
        (operator @ (Operator::Equal | Operator::NotEqual), Value::Array(items)) => {
            let negated = operator == Operator::NotEqual;
            match dialect {
                // One array parameter, whatever the length: the statement stays the same.
                Dialect::Postgres => {
                    statement.push(if negated { " <> ALL(" } else { " = ANY(" });
                    statement.param(Value::Array(items.clone())).push(")");
                }
                Dialect::MySql => {
                    statement.push(if negated { " NOT IN (" } else { " IN (" });
                    for (index, item) in items.iter().enumerate() {
                        if index > 0 {
                            statement.push(", ");
                        }
                        statement.param(item.clone());
                    }
                    statement.push(")");
                }
            }
        }
        (operator, value) => {
            statement.push(" ").push(operator.symbol()).push(" ").param(value.clone());
        }
    }
}

/// One column of an `ORDER BY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The column.
    pub column: Identifier,
    /// Largest first.
    pub descending: bool,
}

/// Reads a sort order: text (`name DESC, id`) or a list of `{"column", "direction"}` (also under
/// `{"values": [...]}`).
pub fn parse_order(value: Option<&Value>, what: &str) -> Result<Vec<Order>> {
    let direction = |text: Option<&str>| -> Result<bool> {
        match text.map(str::to_ascii_uppercase).as_deref() {
            None | Some("" | "ASC") => Ok(false),
            Some("DESC") => Ok(true),
            Some(other) => {
                Err(ConnectorError::invalid_input(format!("{what}: unknown direction `{other}`; use ASC or DESC")))
            }
        }
    };
    match value {
        Some(Value::String(text)) if !text.trim_start().starts_with(['[', '{']) => text
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(|part| {
                let mut words = part.split_whitespace();
                let column = Identifier::column(words.next().unwrap_or_default(), what)?;
                let descending = direction(words.next())?;
                if let Some(extra) = words.next() {
                    return Err(ConnectorError::invalid_input(format!(
                        "{what}: unexpected `{extra}` in `{}`; write `column`, `column ASC` or `column DESC`",
                        part.trim()
                    )));
                }
                Ok(Order { column, descending })
            })
            .collect(),
        other => {
            let list = match json_input(other, what)? {
                None => return Ok(Vec::new()),
                Some(Value::Array(list)) => list,
                Some(Value::Object(map)) => match listed(&map) {
                    Some(list) => list.clone(),
                    None => vec![Value::Object(map)],
                },
                Some(_) => {
                    return Err(shape_error(what, "text like `name DESC, id` or a list of {\"column\", \"direction\"}"))
                }
            };
            list.iter()
                .map(|item| {
                    let column = item
                        .get("column")
                        .and_then(Value::as_str)
                        .ok_or_else(|| shape_error(what, "a list of {\"column\", \"direction\"}"))?;
                    let column = Identifier::column(column, what)?;
                    Ok(Order { column, descending: direction(item.get("direction").and_then(Value::as_str))? })
                })
                .collect()
        }
    }
}

/// One row to write: checked column names with their values.
pub type MappedRow = Vec<(Identifier, Value)>;

/// How column mappings are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mappings {
    /// One row as `[{"column": "name", "value": ...}, ...]` (also under `{"values": [...]}`), or
    /// as an object.
    Pairs,
    /// Either, told apart by shape: a list whose every item holds only `column` and `value` is
    /// pairs.
    Detect,
}

/// Reads the rows of a `columnMappings` input (or JSON text holding it).
pub fn parse_rows(value: Option<&Value>, mode: Mappings, what: &str) -> Result<Vec<MappedRow>> {
    let Some(value) = json_input(value, what)? else {
        return Err(ConnectorError::invalid_input(format!("{what}: give the column values to write")));
    };
    let is_pair = |item: &Value| {
        item.as_object().is_some_and(|o| o.contains_key("column") && o.keys().all(|k| k == "column" || k == "value"))
    };
    let rows = match (&value, mode) {
        (Value::Object(map), Mappings::Pairs | Mappings::Detect) if listed(map).is_some() => {
            vec![pairs_row(listed(map).map(Vec::as_slice).unwrap_or_default(), what)?]
        }
        (Value::Object(map), _) => vec![object_row(map, what)?],
        (Value::Array(items), Mappings::Pairs) => vec![pairs_row(items, what)?],
        (Value::Array(items), Mappings::Detect) if !items.is_empty() && items.iter().all(is_pair) => {
            vec![pairs_row(items, what)?]
        }
        (Value::Array(items), _) => items
            .iter()
            .map(|item| match item {
                Value::Object(map) => object_row(map, what),
                _ => Err(shape_error(what, "an object of column values or a list of them")),
            })
            .collect::<Result<_>>()?,
        _ => return Err(shape_error(what, "an object of column values or a list of them")),
    };
    if rows.is_empty() || rows.iter().any(Vec::is_empty) {
        return Err(ConnectorError::invalid_input(format!("{what}: every row needs at least one column")));
    }
    Ok(rows)
}

fn object_row(map: &Map<String, Value>, what: &str) -> Result<MappedRow> {
    map.iter().map(|(column, value)| Ok((Identifier::column(column, what)?, value.clone()))).collect()
}

fn pairs_row(items: &[Value], what: &str) -> Result<MappedRow> {
    items
        .iter()
        .map(|item| {
            let column = item
                .get("column")
                .and_then(Value::as_str)
                .ok_or_else(|| shape_error(what, "a list of {\"column\", \"value\"}"))?;
            Ok((Identifier::column(column, what)?, item.get("value").cloned().unwrap_or(Value::Null)))
        })
        .collect()
}

/// The one row of an update (its `what` input names the error).
pub fn single_row(mut rows: Vec<MappedRow>, what: &str) -> Result<MappedRow> {
    match rows.len() {
        1 => Ok(rows.remove(0)),
        count => {
            Err(ConnectorError::invalid_input(format!("{what}: an update sets one set of values, not {count} rows")))
        }
    }
}

/// A list of column names: a list of text, comma-separated text, or a list of `{"column"}`
/// (also under `{"values": [...]}`).
pub fn parse_column_names(value: Option<&Value>, what: &str) -> Result<Vec<Identifier>> {
    let names: Vec<String> = match value {
        Some(Value::String(text)) if !text.trim_start().starts_with(['[', '{']) => {
            text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
        }
        other => {
            let items = match json_input(other, what)? {
                None => Vec::new(),
                Some(Value::Array(items)) => items,
                Some(Value::Object(map)) => listed(&map).cloned().unwrap_or_else(|| vec![Value::Object(map)]),
                Some(_) => return Err(shape_error(what, "a list of column names")),
            };
            items
                .iter()
                .map(|item| match item {
                    Value::String(name) => Ok(name.clone()),
                    _ => item
                        .get("column")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .ok_or_else(|| shape_error(what, "a list of column names")),
                })
                .collect::<Result<_>>()?
        }
    };
    if names.is_empty() {
        return Err(ConnectorError::invalid_input(format!("{what}: name at least one column")));
    }
    names.iter().map(|name| Identifier::column(name, what)).collect()
}

/// `SELECT <columns> FROM <table> [WHERE] [ORDER BY] [LIMIT] [OFFSET]`.
pub fn select(
    dialect: Dialect,
    table: &Identifier,
    columns: &Columns,
    filter: &Filter,
    order: &[Order],
    limit: Option<u64>,
    offset: Option<u64>,
) -> Statement {
    let mut statement = Statement::new(dialect);
    statement.push("SELECT ").push(&columns.sql(dialect)).push(" FROM ").name(table);
    filter.write(&mut statement);
    for (index, order) in order.iter().enumerate() {
        statement.push(if index == 0 { " ORDER BY " } else { ", " }).name(&order.column);
        statement.push(if order.descending { " DESC" } else { " ASC" });
    }
    match (dialect, limit, offset) {
        (_, Some(limit), _) => {
            statement.push(" LIMIT ").param(limit.into());
        }
        // MySQL has no OFFSET without LIMIT; its manual's way round is the largest LIMIT.
        (Dialect::MySql, None, Some(_)) => {
            statement.push(" LIMIT ").param(u64::MAX.into());
        }
        _ => {}
    }
    if let Some(offset) = offset {
        statement.push(" OFFSET ").param(offset.into());
    }
    statement
}

/// What an insert does when a row collides with an existing one on a unique key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnConflict {
    /// Fails (the server's error).
    Fail,
    /// Skips the row: PostgreSQL's `ON CONFLICT [(keys)] DO NOTHING`, MySQL's `INSERT IGNORE`.
    Skip(Vec<Identifier>),
    /// Updates the existing row with the row's other columns: `ON CONFLICT (keys) DO UPDATE`,
    /// MySQL's `ON DUPLICATE KEY UPDATE`.
    Update(Vec<Identifier>),
}

/// How rows are inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsertOptions {
    /// On a unique-key collision.
    pub on_conflict: OnConflict,
    /// MySQL's `LOW_PRIORITY` or `HIGH_PRIORITY`.
    pub priority: Option<&'static str>,
    /// The columns to return (PostgreSQL).
    pub returning: Option<Columns>,
}

/// `INSERT INTO <table> (<every column of the rows>) VALUES (...), ...`: a column a row does not
/// give takes its default.
pub fn insert(dialect: Dialect, table: &Identifier, rows: &[MappedRow], options: &InsertOptions) -> Statement {
    let mut columns: Vec<&Identifier> = Vec::new();
    for (column, _) in rows.iter().flatten() {
        if !columns.contains(&column) {
            columns.push(column);
        }
    }
    let mut statement = Statement::new(dialect);
    statement.push("INSERT ");
    if let Some(priority) = options.priority.filter(|_| dialect == Dialect::MySql) {
        statement.push(priority).push(" ");
    }
    if dialect == Dialect::MySql && matches!(options.on_conflict, OnConflict::Skip(_)) {
        statement.push("IGNORE ");
    }
    statement.push("INTO ").name(table).push(" (");
    for (index, column) in columns.iter().enumerate() {
        statement.push(if index == 0 { "" } else { ", " }).name(column);
    }
    statement.push(") VALUES ");
    for (row_index, row) in rows.iter().enumerate() {
        statement.push(if row_index == 0 { "(" } else { ", (" });
        for (index, column) in columns.iter().enumerate() {
            statement.push(if index == 0 { "" } else { ", " });
            match row.iter().find(|(c, _)| c == *column) {
                Some((_, value)) => statement.param(value.clone()),
                None => statement.push("DEFAULT"),
            };
        }
        statement.push(")");
    }
    let keys = match &options.on_conflict {
        OnConflict::Update(keys) | OnConflict::Skip(keys) => keys.as_slice(),
        OnConflict::Fail => &[],
    };
    let updated: Vec<&&Identifier> = columns.iter().filter(|c| !keys.contains(c)).collect();
    let target = |statement: &mut Statement| {
        if !keys.is_empty() {
            statement.push(" (");
            for (index, key) in keys.iter().enumerate() {
                statement.push(if index == 0 { "" } else { ", " }).name(key);
            }
            statement.push(")");
        }
    };
    match (dialect, &options.on_conflict) {
        (_, OnConflict::Fail) | (Dialect::MySql, OnConflict::Skip(_)) => {}
        (Dialect::Postgres, OnConflict::Skip(_)) => {
            statement.push(" ON CONFLICT");
            target(&mut statement);
            statement.push(" DO NOTHING");
        }
        (Dialect::Postgres, OnConflict::Update(_)) if updated.is_empty() => {
            statement.push(" ON CONFLICT");
            target(&mut statement);
            statement.push(" DO NOTHING");
        }
        (Dialect::Postgres, OnConflict::Update(_)) => {
            statement.push(" ON CONFLICT");
            target(&mut statement);
            statement.push(" DO UPDATE SET ");
            for (index, column) in updated.iter().enumerate() {
                let quoted = column.quoted(dialect);
                statement.push(if index == 0 { "" } else { ", " }).push(&format!("{quoted} = EXCLUDED.{quoted}"));
            }
        }
        (Dialect::MySql, OnConflict::Update(_)) => {
            statement.push(" ON DUPLICATE KEY UPDATE ");
            if let (true, Some(first)) = (updated.is_empty(), columns.first()) {
                // Every column is a key: assigning one to itself changes nothing but is valid SQL.
                let quoted = first.quoted(dialect);
                statement.push(&format!("{quoted} = {quoted}"));
            }
            for (index, column) in updated.iter().enumerate() {
                let quoted = column.quoted(dialect);
                statement.push(if index == 0 { "" } else { ", " }).push(&format!("{quoted} = VALUES({quoted})"));
            }
        }
    }
    statement.returning(options.returning.as_ref().filter(|_| dialect == Dialect::Postgres));
    statement
}

/// `UPDATE <table> SET ... WHERE ...`.
pub fn update(
    dialect: Dialect,
    table: &Identifier,
    row: &MappedRow,
    filter: &Filter,
    returning: Option<&Columns>,
) -> Statement {
    let mut statement = Statement::new(dialect);
    statement.push("UPDATE ").name(table).push(" SET ");
    for (index, (column, value)) in row.iter().enumerate() {
        statement.push(if index == 0 { "" } else { ", " }).name(column).push(" = ").param(value.clone());
    }
    filter.write(&mut statement);
    statement.returning(returning.filter(|_| dialect == Dialect::Postgres));
    statement
}

/// `DELETE FROM <table> WHERE ...`.
pub fn delete(dialect: Dialect, table: &Identifier, filter: &Filter, returning: Option<&Columns>) -> Statement {
    let mut statement = Statement::new(dialect);
    statement.push("DELETE FROM ").name(table);
    filter.write(&mut statement);
    statement.returning(returning.filter(|_| dialect == Dialect::Postgres));
    statement
}

/// `TRUNCATE TABLE` or `DROP TABLE`, with PostgreSQL's `CASCADE` when asked.
pub fn table_command(dialect: Dialect, command: &str, table: &Identifier, cascade: bool) -> Statement {
    let mut statement = Statement::new(dialect);
    statement.push(command).push(" TABLE ").name(table);
    if cascade && dialect == Dialect::Postgres {
        statement.push(" CASCADE");
    }
    statement
}

/// A JSON input, with JSON text (what a textarea sends) read as JSON; `None` when absent, null
/// or blank.
fn json_input(value: Option<&Value>, what: &str) -> Result<Option<Value>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => serde_json::from_str(text)
            .map(Some)
            .map_err(|e| ConnectorError::invalid_input(format!("{what}: not valid JSON ({e})"))),
        Some(other) => Ok(Some(other.clone())),
    }
}

fn shape_error(what: &str, expected: &str) -> ConnectorError {
    ConnectorError::invalid_input(format!("{what}: expected {expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table() -> Identifier {
        Identifier::table("public.items", "table").unwrap()
    }

    fn column(name: &str) -> Identifier {
        Identifier::column(name, "column").unwrap()
    }

    #[test]
    fn filters_read_both_shapes_and_bind_every_value() {
        let filter = Filter::parse(Some(&json!({"name": "Ada", "gone": null, "id": [1, 2]})), "where").unwrap();
        let statement = select(Dialect::Postgres, &table(), &Columns::All, &filter, &[], Some(5), Some(10));
        assert_eq!(
            statement.text,
            "SELECT * FROM \"public\".\"items\" WHERE \"gone\" IS NULL AND \"id\" = ANY($1) AND \"name\" = $2 \
             LIMIT $3 OFFSET $4"
        );
        assert_eq!(statement.params, [json!([1, 2]), json!("Ada"), json!(5), json!(10)]);

        let list = json!({"values": [
            {"column": "age", "condition": ">=", "value": 18},
            {"column": "name", "condition": "LIKE", "value": "A%"},
            {"column": "email", "condition": "IS NOT NULL"},
            {"column": "id", "condition": "!=", "value": [3, 4]},
        ]});
        let mut filter = Filter::parse(Some(&list), "where").unwrap();
        filter.any = true;
        let statement = select(Dialect::MySql, &column("t"), &Columns::All, &filter, &[], None, Some(2));
        assert_eq!(
            statement.text,
            "SELECT * FROM `t` WHERE `age` >= ? OR `name` LIKE ? OR `email` IS NOT NULL OR `id` NOT IN (?, ?) \
             LIMIT ? OFFSET ?"
        );
        assert_eq!(statement.params, [json!(18), json!("A%"), json!(3), json!(4), json!(u64::MAX), json!(2)]);
    }

    #[test]
    fn filter_mistakes_are_named() {
        let error = Filter::parse(Some(&json!([{"column": "a", "condition": "between", "value": 1}])), "where");
        assert!(error.unwrap_err().message.contains("unknown condition `between`"));
        let error = Filter::parse(Some(&json!([{"column": "a", "condition": ">"}])), "where").unwrap_err();
        assert!(error.message.contains("needs a value"), "{}", error.message);
        let error = Filter::parse(Some(&json!({"a;b": 1})), "where").unwrap_err();
        assert!(error.message.contains("`a;b`"), "{}", error.message);
        assert!(Filter::parse(Some(&json!("{\"a\": 1}")), "where").unwrap().conditions.len() == 1);
        assert!(Filter::parse(Some(&json!("")), "where").unwrap().is_empty());
    }

    #[test]
    fn orders_from_text_and_lists() {
        let order = parse_order(Some(&json!("name DESC, id")), "orderBy").unwrap();
        assert_eq!(
            order,
            [Order { column: column("name"), descending: true }, Order { column: column("id"), descending: false }]
        );
        let order = parse_order(Some(&json!({"values": [{"column": "id", "direction": "DESC"}]})), "sort").unwrap();
        assert_eq!(order, [Order { column: column("id"), descending: true }]);
        assert!(parse_order(Some(&json!("id; DROP")), "orderBy").is_err());
        assert!(parse_order(Some(&json!("id DESC NULLS")), "orderBy").is_err());
    }

    #[test]
    fn rows_from_objects_lists_and_pairs() {
        let rows = parse_rows(Some(&json!([{"a": 1}, {"b": 2}])), Mappings::Detect, "columnMappings").unwrap();
        let statement = insert(
            Dialect::Postgres,
            &table(),
            &rows,
            &InsertOptions { on_conflict: OnConflict::Fail, priority: None, returning: Some(Columns::All) },
        );
        assert_eq!(
            statement.text,
            "INSERT INTO \"public\".\"items\" (\"a\", \"b\") VALUES ($1, DEFAULT), (DEFAULT, $2) RETURNING *"
        );
        let pairs = json!({"values": [{"column": "a", "value": 1}, {"column": "b", "value": "x"}]});
        let rows = parse_rows(Some(&pairs), Mappings::Detect, "columnMappings").unwrap();
        assert_eq!(rows, [vec![(column("a"), json!(1)), (column("b"), json!("x"))]]);
        let rows = parse_rows(Some(&json!([{"column": "a", "value": 1}, {"b": 2}])), Mappings::Detect, "m").unwrap();
        assert_eq!(rows[0][0].0, column("column"));
        assert_eq!(rows.len(), 2);
        assert!(parse_rows(Some(&json!({})), Mappings::Detect, "m").is_err());
        assert!(parse_rows(None, Mappings::Detect, "m").is_err());
    }

    #[test]
    fn upserts_in_both_dialects() {
        let rows = vec![vec![(column("id"), json!(1)), (column("name"), json!("a"))]];
        let options = |on_conflict| InsertOptions { on_conflict, priority: None, returning: None };
        let statement = insert(Dialect::Postgres, &table(), &rows, &options(OnConflict::Update(vec![column("id")])));
        assert_eq!(
            statement.text,
            "INSERT INTO \"public\".\"items\" (\"id\", \"name\") VALUES ($1, $2) ON CONFLICT (\"id\") DO UPDATE SET \
             \"name\" = EXCLUDED.\"name\""
        );
        let statement = insert(Dialect::MySql, &column("t"), &rows, &options(OnConflict::Update(vec![column("id")])));
        assert_eq!(
            statement.text,
            "INSERT INTO `t` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)"
        );
        let only_key = vec![vec![(column("id"), json!(1))]];
        let statement =
            insert(Dialect::MySql, &column("t"), &only_key, &options(OnConflict::Update(vec![column("id")])));
        assert_eq!(statement.text, "INSERT INTO `t` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = `id`");
        let skip =
            InsertOptions { on_conflict: OnConflict::Skip(vec![]), priority: Some("LOW_PRIORITY"), returning: None };
        assert_eq!(
            insert(Dialect::MySql, &column("t"), &only_key, &skip).text,
            "INSERT LOW_PRIORITY IGNORE INTO `t` (`id`) VALUES (?)"
        );
        assert_eq!(
            insert(Dialect::Postgres, &column("t"), &only_key, &skip).text,
            "INSERT INTO \"t\" (\"id\") VALUES ($1) ON CONFLICT DO NOTHING"
        );
    }

    #[test]
    fn column_name_lists() {
        assert_eq!(parse_column_names(Some(&json!("a, b")), "c").unwrap(), [column("a"), column("b")]);
        assert_eq!(parse_column_names(Some(&json!(["a"])), "c").unwrap(), [column("a")]);
        assert_eq!(parse_column_names(Some(&json!({"values": [{"column": "a"}]})), "c").unwrap(), [column("a")]);
        assert!(parse_column_names(Some(&json!([])), "c").is_err());
    }
}
