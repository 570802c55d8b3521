//! Table and column names. They cannot travel as parameters, so they are checked (letters, digits
//! and `_`; a table may carry one `schema.` prefix) and then quoted for the dialect.

use super::Dialect;
use fluxturn_core::{ConnectorError, Result};

/// The longest name PostgreSQL keeps (it would cut a longer one silently) and MySQL accepts.
const MAX_LENGTH: usize = 63;

/// A checked table or column name, with an optional schema (PostgreSQL) or database (MySQL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    schema: Option<String>,
    name: String,
}

impl Identifier {
    /// A table name, `orders` or `sales.orders`; `what` names the input in an error.
    pub fn table(text: &str, what: &str) -> Result<Self> {
        let text = text.trim();
        match text.split_once('.') {
            Some((schema, name)) => Ok(Self { schema: Some(part(schema, text, what)?), name: part(name, text, what)? }),
            None => Ok(Self { schema: None, name: part(text, text, what)? }),
        }
    }

    /// A table name in `schema` unless the name carries its own `schema.` prefix (PostgreSQL's
    /// separate schema field; blank means the server's search path).
    pub fn table_in(schema: Option<&str>, table: &str) -> Result<Self> {
        let mut identifier = Self::table(table, "table")?;
        if identifier.schema.is_none() {
            if let Some(schema) = schema.map(str::trim).filter(|s| !s.is_empty()) {
                identifier.schema = Some(part(schema, schema, "schema")?);
            }
        }
        Ok(identifier)
    }

    /// A column name (no prefix); `what` names the input in an error.
    pub fn column(text: &str, what: &str) -> Result<Self> {
        let text = text.trim();
        Ok(Self { schema: None, name: part(text, text, what)? })
    }

    /// The name without its schema.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The schema or database prefix, if any.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// The name quoted for `dialect`: `"sales"."orders"` or `` `sales`.`orders` ``.
    pub fn quoted(&self, dialect: Dialect) -> String {
        let quote = |name: &str| match dialect {
            Dialect::Postgres => format!("\"{name}\""),
            Dialect::MySql => format!("`{name}`"),
        };
        match &self.schema {
            Some(schema) => format!("{}.{}", quote(schema), quote(&self.name)),
            None => quote(&self.name),
        }
    }
}

/// One part of a name, checked.
fn part(part: &str, whole: &str, what: &str) -> Result<String> {
    let valid = !part.is_empty()
        && part.len() <= MAX_LENGTH
        && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !part.starts_with(|c: char| c.is_ascii_digit());
    if valid {
        Ok(part.to_owned())
    } else {
        Err(ConnectorError::invalid_input(format!(
            "invalid {what} `{whole}`: a name is letters, digits and `_` (not starting with a digit, at most \
             {MAX_LENGTH} bytes){}",
            if what.contains("table") { ", with an optional `schema.` prefix" } else { "" }
        ))
        .with_details(serde_json::json!({ "field": what, "identifier": whole })))
    }
}

/// A list of columns: every column (`*`), or the named ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Columns {
    /// `*`.
    All,
    /// The named columns, in order.
    Named(Vec<Identifier>),
}

impl Columns {
    /// `*`, blank or absent for every column, else a comma-separated list of column names.
    pub fn parse(text: Option<&str>, what: &str) -> Result<Self> {
        let text = text.map(str::trim).unwrap_or_default();
        if text.is_empty() || text == "*" {
            return Ok(Self::All);
        }
        let names = text.split(',').map(|name| Identifier::column(name, what)).collect::<Result<Vec<_>>>()?;
        Ok(Self::Named(names))
    }

    /// The list as SQL: `*` or the quoted names joined by commas.
    pub fn sql(&self, dialect: Dialect) -> String {
        match self {
            Self::All => "*".to_owned(),
            Self::Named(names) => names.iter().map(|n| n.quoted(dialect)).collect::<Vec<_>>().join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluxturn_core::ErrorCode;

    #[test]
    fn names_are_quoted_for_each_dialect() {
        let table = Identifier::table("sales.orders", "table").unwrap();
        assert_eq!(table.quoted(Dialect::Postgres), "\"sales\".\"orders\"");
        assert_eq!(table.quoted(Dialect::MySql), "`sales`.`orders`");
        assert_eq!(Identifier::column(" Größe_2 ", "column").unwrap().quoted(Dialect::Postgres), "\"Größe_2\"");
        assert_eq!(Identifier::table_in(Some("public"), "t").unwrap().quoted(Dialect::Postgres), "\"public\".\"t\"");
        assert_eq!(Identifier::table_in(Some("public"), "s.t").unwrap().quoted(Dialect::Postgres), "\"s\".\"t\"");
        assert_eq!(Identifier::table_in(Some(""), "t").unwrap().quoted(Dialect::Postgres), "\"t\"");
    }

    #[test]
    fn anything_but_a_plain_name_is_refused_by_name() {
        for bad in ["users; DROP TABLE x", "a\"b", "a`b", "a.b.c", "", "1abc", "a b", "a-b", ".a", "a."] {
            let error = Identifier::table(bad, "table").unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{bad}");
            assert!(error.message.contains(&format!("`{}`", bad.trim())), "{}", error.message);
        }
        assert!(Identifier::column("s.c", "column").is_err());
        assert!(Identifier::column(&"x".repeat(64), "column").is_err());
    }

    #[test]
    fn column_lists() {
        assert_eq!(Columns::parse(None, "columns").unwrap(), Columns::All);
        assert_eq!(Columns::parse(Some(" * "), "columns").unwrap(), Columns::All);
        let named = Columns::parse(Some("id, name"), "columns").unwrap();
        assert_eq!(named.sql(Dialect::MySql), "`id`, `name`");
        assert!(Columns::parse(Some("id, count(*)"), "columns").is_err());
    }
}
