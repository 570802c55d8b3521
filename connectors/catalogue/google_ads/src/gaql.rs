//! Google Ads Query Language queries built only from checked pieces: IDs are digits, dates are
//! `YYYY-MM-DD`, field names are dotted lower-case identifiers, enum values come from fixed
//! lists. No text a user typed reaches a query unchecked, so none can change what it asks.

use fluxturn_core::{ConnectorError, Result};
use std::fmt;

/// A checked numeric ID: digits only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Id(String);

/// A checked calendar date `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(String);

/// A checked field name: dotted lower-case identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName(String);

macro_rules! text {
    ($($name:ident),*) => {$(
        impl $name {
            /// The checked text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

text!(Id, Date, FieldName);

impl FieldName {
    /// A field name the connector writes itself (a literal of its own).
    pub fn known(name: &'static str) -> Self {
        Self(name.to_owned())
    }
}

/// A customer ID as the API wants it: `123-456-7890` and `1234567890` are both `1234567890`.
///
/// ```
/// use connector_google_ads::gaql::customer_id;
/// assert_eq!(customer_id("customerId", " 123-456-7890 ").unwrap().as_str(), "1234567890");
/// assert!(customer_id("customerId", "123' OR 1=1").is_err());
/// ```
pub fn customer_id(field: &str, raw: &str) -> Result<Id> {
    let digits: String = raw.trim().chars().filter(|c| *c != '-').collect();
    if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be a Google Ads customer ID: digits, dashes allowed (e.g. 123-456-7890), not `{raw}`"
        )));
    }
    Ok(Id(digits))
}

/// A numeric ID (campaign, ad group, budget): digits only.
pub fn numeric_id(field: &str, raw: &str) -> Result<Id> {
    let id = raw.trim();
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a numeric ID, not `{raw}`")));
    }
    Ok(Id(id.to_owned()))
}

/// A calendar date `YYYY-MM-DD`.
pub fn date(field: &str, raw: &str) -> Result<Date> {
    let text = raw.trim();
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    let in_range = shaped && {
        let (month, day): (u32, u32) = (text[5..7].parse().unwrap_or(0), text[8..10].parse().unwrap_or(0));
        (1..=12).contains(&month) && (1..=31).contains(&day)
    };
    if !in_range {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a date YYYY-MM-DD, not `{raw}`")));
    }
    Ok(Date(text.to_owned()))
}

/// A field name of a resource (`campaign.name`, `metrics.clicks`): dotted identifiers of lower-case
/// letters, digits and underscores. A name without a dot is taken as a field of `resource`.
pub fn field_name(resource: &str, raw: &str) -> Result<FieldName> {
    let name = raw.trim();
    let identifier = |part: &str| {
        part.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    if !name.split('.').all(identifier) {
        return Err(ConnectorError::invalid_input(format!(
            "`{raw}` is not a field name like `{resource}.name` (lower-case letters, digits, `_`, `.`)"
        )));
    }
    Ok(FieldName(if name.contains('.') { name.to_owned() } else { format!("{resource}.{name}") }))
}

/// One query: `SELECT fields FROM resource [WHERE a AND b] [ORDER BY f] [LIMIT n]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    select: Vec<FieldName>,
    from: &'static str,
    conditions: Vec<String>,
    order_by: Option<String>,
    limit: Option<u32>,
}

impl Query {
    /// Selects `fields` (checked names) from `resource`.
    pub fn select(fields: Vec<FieldName>, from: &'static str) -> Self {
        Self { select: fields, from, conditions: Vec::new(), order_by: None, limit: None }
    }

    /// Adds the condition `field = id`.
    pub fn where_id(mut self, field: &'static str, id: &Id) -> Self {
        self.conditions.push(format!("{field} = {id}"));
        self
    }

    /// Adds the condition `field = 'VALUE'`, `value` one of a connector's fixed enum values.
    pub fn where_enum(mut self, field: &'static str, value: &'static str) -> Self {
        self.conditions.push(format!("{field} = '{value}'"));
        self
    }

    /// Adds `segments.date DURING RANGE`, `range` one of GAQL's fixed date ranges.
    pub fn during(mut self, range: &'static str) -> Self {
        self.conditions.push(format!("segments.date DURING {range}"));
        self
    }

    /// Adds `segments.date BETWEEN 'start' AND 'end'`.
    pub fn between(mut self, start: &Date, end: &Date) -> Self {
        self.conditions.push(format!("segments.date BETWEEN '{start}' AND '{end}'"));
        self
    }

    /// Orders the rows by `field`, ascending.
    pub fn order_by(mut self, field: &'static str) -> Self {
        self.order_by = Some(field.to_owned());
        self
    }

    /// Returns at most `limit` rows.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<&str> = self.select.iter().map(FieldName::as_str).collect();
        write!(f, "SELECT {} FROM {}", fields.join(", "), self.from)?;
        if !self.conditions.is_empty() {
            write!(f, " WHERE {}", self.conditions.join(" AND "))?;
        }
        if let Some(field) = &self.order_by {
            write!(f, " ORDER BY {field}")?;
        }
        if let Some(limit) = self.limit {
            write!(f, " LIMIT {limit}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_digits_and_customer_ids_lose_their_dashes() {
        assert_eq!(customer_id("customerId", "123-456-7890").unwrap().as_str(), "1234567890");
        assert_eq!(numeric_id("campaignId", " 42 ").unwrap().as_str(), "42");
        for bad in ["", "-", "12a", "1 OR 1=1", "1;DROP", "１２"] {
            assert!(customer_id("customerId", bad).is_err(), "{bad}");
            assert!(numeric_id("campaignId", bad).is_err(), "{bad}");
        }
        assert!(numeric_id("campaignId", "123-4").is_err());
    }

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(date("startDate", "2024-02-29").unwrap().as_str(), "2024-02-29");
        for bad in ["2024-2-29", "2024-13-01", "2024-01-00", "2024-01-01' OR '1'='1", "20240101", "yesterday"] {
            assert!(date("startDate", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn field_names_are_dotted_identifiers() {
        assert_eq!(field_name("campaign", "name").unwrap().as_str(), "campaign.name");
        assert_eq!(field_name("metrics", "metrics.cost_micros").unwrap().as_str(), "metrics.cost_micros");
        for bad in ["", "campaign.", "Campaign.name", "campaign.name FROM x", "campaign.name,x", "a..b", "1a"] {
            assert!(field_name("campaign", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_query_reads_in_gaql_order() {
        let (id, start, end) =
            (numeric_id("id", "7").unwrap(), date("s", "2024-01-01").unwrap(), date("e", "2024-01-31").unwrap());
        let query =
            Query::select(vec![FieldName::known("campaign.id"), FieldName::known("metrics.clicks")], "campaign")
                .where_id("campaign.id", &id)
                .where_enum("campaign.status", "ENABLED")
                .between(&start, &end)
                .order_by("campaign.id")
                .limit(5);
        assert_eq!(
            query.to_string(),
            "SELECT campaign.id, metrics.clicks FROM campaign WHERE campaign.id = 7 AND campaign.status = 'ENABLED' \
             AND segments.date BETWEEN '2024-01-01' AND '2024-01-31' ORDER BY campaign.id LIMIT 5"
        );
        assert_eq!(
            Query::select(vec![FieldName::known("ad_group.id")], "ad_group").during("LAST_7_DAYS").to_string(),
            "SELECT ad_group.id FROM ad_group WHERE segments.date DURING LAST_7_DAYS"
        );
    }
}
