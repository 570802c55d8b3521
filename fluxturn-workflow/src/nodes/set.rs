//! SET ("Edit Fields"): sets fields of each item, as FluxTurn's editor stores them: `mode`
//! `manual` with `fields` (a list, or a JSON text of one, of `{name, type, value}`) or `json`
//! with `jsonOutput`; `include` `all` (default), `selected` (`includeFields`), `except`
//! (`excludeFields`) or `none`; dotted names set nested fields unless `dotNotation` is false.

use crate::canvas::Node;
use crate::engine::{Scope, StepError};
use crate::item::Item;
use serde_json::{Map, Value};

/// Runs SET on each item.
pub(crate) fn run(
    node: &Node,
    items: &[Item],
    scope: &Scope<'_>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Item>, StepError> {
    let params = node.params();
    let text = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let fields = fields(node, params.get("fields"))?;
    let list = |key: &str| -> Vec<String> {
        text(key).split(',').map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect()
    };
    let dotted = params.get("dotNotation").and_then(Value::as_bool) != Some(false);
    let keep_others = params.get("includeOtherFields").and_then(Value::as_bool) != Some(false);
    let mut output = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let input = item.json.as_object().cloned().unwrap_or_default();
        let mut json = match (keep_others, text("include").as_str()) {
            (false, _) | (_, "none") => Map::new(),
            (true, "selected") => {
                list("includeFields").into_iter().filter_map(|f| input.get(&f).map(|v| (f, v.clone()))).collect()
            }
            (true, "except") => {
                let except = list("excludeFields");
                input.into_iter().filter(|(k, _)| !except.contains(k)).collect()
            }
            _ => input,
        };
        if text("mode") == "json" {
            let rendered = scope.render(node, &Value::String(text("jsonOutput")), item, index, warnings)?;
            let parsed = match rendered {
                Value::String(text) => serde_json::from_str(&text).map_err(|e| {
                    StepError::new(format!("the JSON output of `{}` is not valid JSON: {e}", node.label()))
                })?,
                other => other,
            };
            match parsed {
                Value::Object(fields) => json.extend(fields),
                _ => return Err(StepError::new(format!("the JSON output of `{}` must be an object", node.label()))),
            }
        } else {
            for field in &fields {
                let value = scope.render(node, &field.value, item, index, warnings)?;
                let value = convert(value, &field.kind).map_err(|problem| {
                    StepError::new(format!("field `{}` of `{}`: {problem}", field.name, node.label()))
                })?;
                if dotted && field.name.contains('.') {
                    set_nested(&mut json, &field.name, value);
                } else {
                    json.insert(field.name.clone(), value);
                }
            }
        }
        output.push(Item { json: Value::Object(json), binary: item.binary.clone() });
    }
    Ok(output)
}

struct Field {
    name: String,
    kind: String,
    value: Value,
}

/// The `fields` list, given as a list or as the JSON text of one.
fn fields(node: &Node, given: Option<&Value>) -> Result<Vec<Field>, StepError> {
    let list = match given {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(text)) if text.trim().is_empty() => return Ok(Vec::new()),
        Some(Value::String(text)) => serde_json::from_str::<Value>(text)
            .map_err(|e| StepError::new(format!("the fields of `{}` are not a valid JSON list: {e}", node.label())))?,
        Some(other) => other.clone(),
    };
    let Value::Array(entries) = list else {
        return Err(StepError::new(format!(
            "the fields of `{}` must be a list of {{name, type, value}}",
            node.label()
        )));
    };
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| StepError::new(format!("field {} of `{}` has no `name`", i + 1, node.label())))?;
            Ok(Field {
                name: name.to_owned(),
                kind: entry.get("type").and_then(Value::as_str).unwrap_or("string").to_owned(),
                value: entry.get("value").cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}

/// FluxTurn's type conversions for a field's value.
fn convert(value: Value, kind: &str) -> Result<Value, String> {
    Ok(match (kind, value) {
        ("string", Value::String(text)) => Value::String(text),
        ("string", Value::Null) => Value::String(String::new()),
        ("string", other) => Value::String(other.to_string()),
        ("number", Value::Number(n)) => Value::Number(n),
        ("number", Value::String(text)) => {
            let trimmed = text.trim();
            if let Ok(int) = trimmed.parse::<i64>() {
                Value::from(int)
            } else {
                let float: f64 = trimmed.parse().map_err(|_| format!("cannot convert {text:?} to a number"))?;
                serde_json::Number::from_f64(float)
                    .map(Value::Number)
                    .ok_or(format!("{text:?} is not a finite number"))?
            }
        }
        ("number", Value::Bool(b)) => Value::from(u8::from(b)),
        ("number", other) => return Err(format!("cannot convert {other} to a number")),
        ("boolean", Value::Bool(b)) => Value::Bool(b),
        ("boolean", Value::String(text)) => Value::Bool(match text.as_str() {
            "true" | "1" => true,
            "false" | "0" | "" => false,
            _ => true,
        }),
        ("boolean", Value::Number(n)) => Value::Bool(n.as_f64() != Some(0.0)),
        ("boolean", Value::Null) => Value::Bool(false),
        ("array", Value::Array(values)) => Value::Array(values),
        ("array", Value::String(text)) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(values)) => Value::Array(values),
            _ => Value::Array(vec![Value::String(text)]),
        },
        ("array", other) => Value::Array(vec![other]),
        ("object" | "json", Value::Object(map)) => Value::Object(map),
        ("object" | "json", Value::String(text)) => {
            serde_json::from_str(&text).map_err(|e| format!("{text:?} is not a JSON object: {e}"))?
        }
        ("object" | "json", other) => return Err(format!("cannot convert {other} to an object")),
        (_, other) => other,
    })
}

/// Sets `a.b.c` in `json`, making the objects on the way.
fn set_nested(json: &mut Map<String, Value>, path: &str, value: Value) {
    let mut keys = path.split('.').peekable();
    let mut current = json;
    while let Some(key) = keys.next() {
        if keys.peek().is_none() {
            current.insert(key.to_owned(), value);
            return;
        }
        let slot = current.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        current = slot.as_object_mut().expect("made an object just now");
    }
}
