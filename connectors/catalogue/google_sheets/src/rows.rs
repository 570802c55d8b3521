//! Rows as workflows give them and as the Sheets API takes them: a list of cells, or an object
//! whose keys are the names in the sheet's header row (row 1).

use fluxturn_core::{ConnectorError, Result};
use serde_json::{Map, Value};

/// One row to write.
#[derive(Debug, Clone, PartialEq)]
pub enum RowInput {
    /// Cells from column A on.
    Cells(Vec<Value>),
    /// Values by header name.
    Record(Map<String, Value>),
}

/// The rows a `values` input holds: a list of lists (several rows), a list of objects (several
/// rows by header name), a list of plain values (one row; an object among them is a cell of JSON
/// text), one object (one row by header name), JSON text of any of these, or one plain value (a
/// row of one cell).
///
/// ```
/// use connector_google_sheets::rows::{rows_of, RowInput};
/// use serde_json::json;
/// assert_eq!(rows_of(json!(["a", 1])).unwrap(), [RowInput::Cells(vec![json!("a"), json!(1)])]);
/// assert_eq!(rows_of(json!([["a"], ["b"]])).unwrap().len(), 2);
/// assert_eq!(rows_of(json!("[[1, 2]]")).unwrap(), [RowInput::Cells(vec![json!(1), json!(2)])]);
/// assert!(matches!(&rows_of(json!({"Name": "Ada"})).unwrap()[0], RowInput::Record(_)));
/// ```
pub fn rows_of(values: Value) -> Result<Vec<RowInput>> {
    let rows = match values {
        Value::Null => Vec::new(),
        Value::String(text) if text.trim_start().starts_with(['[', '{']) => {
            let parsed: Value = serde_json::from_str(&text).map_err(|e| {
                ConnectorError::invalid_input(format!("`values` looks like JSON but does not parse: {e}"))
            })?;
            return rows_of(parsed);
        }
        Value::Object(record) => vec![RowInput::Record(record)],
        // Rows when every item is one, or when some item is a list (a plain value beside it is a
        // mistake); otherwise the cells of one row, an object among them written as JSON.
        Value::Array(items)
            if items.iter().any(Value::is_array) || items.iter().all(|i| i.is_array() || i.is_object()) =>
        {
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| match item {
                    Value::Array(cells) => Ok(RowInput::Cells(cells)),
                    Value::Object(record) => Ok(RowInput::Record(record)),
                    other => Err(ConnectorError::invalid_input(format!(
                        "`values` mixes rows and plain values: item {index} is {other}; give a list of rows \
                     ([[\"a\", 1], [\"b\", 2]]) or the cells of one row ([\"a\", 1])"
                    ))),
                })
                .collect::<Result<_>>()?
        }
        Value::Array(cells) if cells.is_empty() => Vec::new(),
        Value::Array(cells) => vec![RowInput::Cells(cells)],
        scalar => vec![RowInput::Cells(vec![scalar])],
    };
    if rows.is_empty() {
        return Err(ConnectorError::invalid_input("`values` holds no row to write"));
    }
    Ok(rows)
}

/// A value as a cell the API takes: text, numbers and booleans as they are; `null` as null
/// (Sheets leaves that cell as it is); a list or object as its JSON text.
pub fn cell(value: &Value) -> Value {
    match value {
        Value::Array(_) | Value::Object(_) => Value::String(value.to_string()),
        scalar => scalar.clone(),
    }
}

/// The names of a header row, trimmed (an empty cell is an empty name).
pub fn header_names(row: &[Value]) -> Vec<String> {
    row.iter().map(|c| text(c).trim().to_owned()).collect()
}

/// The keys of `records` that the header lacks, in the order they first appear.
pub fn missing_columns<'a>(
    header: &[String],
    records: impl IntoIterator<Item = &'a Map<String, Value>>,
) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    for record in records {
        for key in record.keys() {
            if !header.iter().any(|h| h == key) && !missing.contains(key) {
                missing.push(key.clone());
            }
        }
    }
    missing
}

/// A row's cells from column A: each header column's value in `record`, null (left as it is)
/// where the record has none. Every key of `record` must be in `header`.
pub fn record_cells(header: &[String], record: &Map<String, Value>) -> Vec<Value> {
    let mut cells: Vec<Value> = header.iter().map(|name| record.get(name).map(cell).unwrap_or(Value::Null)).collect();
    while cells.last().is_some_and(Value::is_null) {
        cells.pop();
    }
    cells
}

/// The cells of one row to write: a record through the header, cells as they are.
pub fn cells(header: &[String], row: &RowInput) -> Vec<Value> {
    match row {
        RowInput::Cells(cells) => cells.iter().map(cell).collect(),
        RowInput::Record(record) => record_cells(header, record),
    }
}

/// The keys a read row's cells go by: the header's names, with a column's letters where the
/// name is empty or repeats an earlier one. `first_column` is the column of the first cell.
pub fn field_names(header: &[String], first_column: usize, width: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(width);
    for index in 0..width.max(header.len()) {
        let name = header.get(index).map(String::as_str).unwrap_or_default();
        let name = if name.is_empty() || names.iter().any(|n| n == name) {
            super::a1::column(first_column + index)
        } else {
            name.to_owned()
        };
        names.push(name);
    }
    names
}

/// A read row as an object: each cell under its field name, a missing trailing cell as "".
pub fn fields(names: &[String], row: &[Value]) -> Map<String, Value> {
    names
        .iter()
        .enumerate()
        .map(|(index, name)| (name.clone(), row.get(index).cloned().unwrap_or_else(|| Value::String(String::new()))))
        .collect()
}

/// Whether a read row has no content (Sheets sends an empty row inside the data as `[]`).
pub fn is_blank(row: &[Value]) -> bool {
    row.iter().all(|c| text(c).is_empty())
}

/// A cell or value as the text Sheets shows: booleans as TRUE/FALSE.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(true) => "TRUE".to_owned(),
        Value::Bool(false) => "FALSE".to_owned(),
        other => other.to_string(),
    }
}

/// Whether a cell read from the sheet holds `value`: the same text, or the same number.
pub fn same_value(read: &Value, value: &Value) -> bool {
    let (read, value) = (text(read), text(value));
    if read == value {
        return true;
    }
    let number = |t: &str| t.trim().replace(',', "").parse::<f64>().ok();
    matches!((number(&read), number(&value)), (Some(a), Some(b)) if a == b)
}

/// A stable 64-bit fingerprint of a read row (FNV-1a over its JSON text): the same cells give
/// the same fingerprint on every machine and version, as a stored cursor needs.
pub fn fingerprint(row: &[Value]) -> u64 {
    let text = serde_json::to_string(row).unwrap_or_default();
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn rows_come_in_every_shape_a_workflow_gives() {
        assert_eq!(rows_of(json!(7)).unwrap(), [RowInput::Cells(vec![json!(7)])]);
        assert_eq!(rows_of(json!("plain text")).unwrap(), [RowInput::Cells(vec![json!("plain text")])]);
        assert_eq!(rows_of(json!(["a", {"b": 1}])).unwrap(), [RowInput::Cells(vec![json!("a"), json!({"b": 1})])]);
        let rows = rows_of(json!([{"a": 1}, ["x"]])).unwrap();
        assert_eq!(rows, [RowInput::Record(record(json!({"a": 1}))), RowInput::Cells(vec![json!("x")])]);
        assert_eq!(rows_of(json!([])).unwrap_err().code, fluxturn_core::ErrorCode::InvalidInput);
        assert!(rows_of(json!([["a"], "b"])).unwrap_err().message.contains("item 1"));
        assert!(rows_of(json!([{"a": 1}, ["b"], 3])).unwrap_err().message.contains("item 2"));
        assert!(rows_of(json!("[1, 2")).unwrap_err().message.contains("does not parse"));
    }

    #[test]
    fn records_follow_the_header_and_leave_other_cells_alone() {
        let header = header_names(&[json!("Name"), json!(" Email "), json!("Score")]);
        let cells = record_cells(&header, &record(json!({"Score": 3, "Name": {"first": "Ada"}})));
        assert_eq!(cells, [json!("{\"first\":\"Ada\"}"), Value::Null, json!(3)]);
        assert_eq!(record_cells(&header, &record(json!({"Name": "Ada"}))), [json!("Ada")]);
        let missing =
            missing_columns(&header, [&record(json!({"Tag": 1, "Name": 2})), &record(json!({"Tag": 1, "X": 2}))]);
        assert_eq!(missing, ["Tag", "X"]);
    }

    #[test]
    fn read_rows_become_objects_keyed_by_the_header() {
        let names = field_names(&["Name".into(), "".into(), "Name".into()], 0, 4);
        assert_eq!(names, ["Name", "B", "C", "D"]);
        assert_eq!(fields(&names[..2], &[json!("Ada")]), record(json!({"Name": "Ada", "B": ""})));
    }

    #[test]
    fn values_match_as_text_or_as_numbers() {
        assert!(same_value(&json!("42"), &json!(42)));
        assert!(same_value(&json!("1,000.5"), &json!(1000.5)));
        assert!(same_value(&json!("TRUE"), &json!(true)));
        assert!(!same_value(&json!("ada"), &json!("Ada")));
    }

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(fingerprint(&[]), fingerprint(&[]));
        assert_ne!(fingerprint(&[json!("a")]), fingerprint(&[json!("b")]));
        // FNV-1a of `[]`: fixed forever, as stored cursors need.
        assert_eq!(fingerprint(&[]), 0x0961_2b07_b5ec_b5a5);
    }
}
