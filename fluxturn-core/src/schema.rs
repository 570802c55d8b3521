//! From a Rust type to both input shapes: the standard JSON Schema (draft 2020-12) and
//! FluxTurn's field map (`inputSchema`). Both come from one `schemars` schema, so they agree.

use crate::definition::{DisplayOptions, FieldMap, InputField, SelectOption, ShowConditions};
use crate::fields::{DisplayCondition, FieldHints, Literal};
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{Map, Value};

/// Which side of serde a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// What the type accepts (inputs).
    Deserialize,
    /// What the type produces (outputs).
    Serialize,
}

/// The draft 2020-12 JSON Schema of `T`, subschemas inlined, with `hints` merged into the
/// properties they name (label → `title`, min → `minimum`, ...).
///
/// ```
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// struct Ping { host: String }
/// let schema = fluxturn_core::schema::json_schema_for::<Ping>(
///     fluxturn_core::schema::Direction::Deserialize, &[]);
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["properties"]["host"]["type"], "string");
/// ```
pub fn json_schema_for<T: JsonSchema + ?Sized>(direction: Direction, hints: &[FieldHints]) -> Value {
    let settings = SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true);
    let settings = match direction {
        Direction::Deserialize => settings.for_deserialize(),
        Direction::Serialize => settings.for_serialize(),
    };
    let mut schema = settings.into_generator().into_root_schema_for::<T>().to_value();
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for hint in hints {
            if let Some(Value::Object(property)) = properties.get_mut(hint.name) {
                merge_hints(property, hint);
            }
        }
    }
    schema
}

/// Writes the standard-keyword part of `hint` into a property schema.
fn merge_hints(property: &mut Map<String, Value>, hint: &FieldHints) {
    let mut set = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            property.insert(key.to_owned(), value);
        }
    };
    set("title", hint.label.map(Value::from));
    set("description", hint.description.map(Value::from));
    set("default", hint.default.map(Literal::to_json));
    set("minimum", hint.min.map(Literal::to_json));
    set("maximum", hint.max.map(Literal::to_json));
    set("minLength", hint.min_length.map(Value::from));
    set("maxLength", hint.max_length.map(Value::from));
    set("pattern", hint.pattern.map(Value::from));
    if hint.secret {
        property.insert("writeOnly".into(), Value::Bool(true));
    }
}

/// FluxTurn's field map of an object schema made by [`json_schema_for`]: one [`InputField`] per
/// property, with the UI-only hints (placeholder, inputType, step, displayOptions) added. Fields
/// with hints (every field of an `Input` struct) come first, in the struct's declaration order,
/// each with its `order`; any other property follows, by name.
pub fn field_map(schema: &Value, hints: &[FieldHints]) -> FieldMap {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return FieldMap::new();
    };
    let mut fields: Vec<(Option<usize>, &String, InputField)> = properties
        .iter()
        .map(|(name, property)| {
            let mut field = input_field(name, property, required.contains(&name.as_str()));
            let position = hints.iter().position(|h| h.name == name);
            if let Some(position) = position {
                apply_ui_hints(&mut field, &hints[position]);
                field.order = Some(position);
            }
            (position, name, field)
        })
        .collect();
    fields.sort_by(|a, b| (a.0.is_none(), a.0, a.1).cmp(&(b.0.is_none(), b.0, b.1)));
    fields.into_iter().map(|(_, name, field)| (name.clone(), field)).collect()
}

/// One field of the field map, from its property schema. A list of an enum is a `multiselect`
/// whose `options` are the enum's values.
pub fn input_field(name: &str, property: &Value, required: bool) -> InputField {
    // `Option<T>` is `T` or null; the annotations (title, description, default) of the field may
    // sit on the outer schema, the constraints on the inner one.
    let outer = property;
    let property = non_null(property);
    let annotation = |key: &str| property.get(key).or_else(|| outer.get(key));
    let text = |key: &str| annotation(key).and_then(Value::as_str).map(str::to_owned);
    let mut field = InputField {
        field_type: field_type(property).to_owned(),
        required,
        label: Some(text("title").unwrap_or_else(|| humanize(name))),
        description: text("description"),
        default: annotation("default").cloned(),
        options: select_options(property),
        min: property.get("minimum").cloned(),
        max: property.get("maximum").cloned(),
        min_length: property.get("minLength").and_then(Value::as_u64),
        max_length: property.get("maxLength").and_then(Value::as_u64),
        pattern: text("pattern"),
        ..InputField::default()
    };
    if field.field_type == "array" {
        if let Some(items) = property.get("items").map(non_null) {
            let choices = select_options(items);
            if !choices.is_empty() {
                // A list of an enum: several of fixed choices, FluxTurn's `multiselect`.
                field.field_type = "multiselect".to_owned();
                field.options = choices;
            } else if items.get("properties").is_some() {
                field.item_schema = serde_json::to_value(field_map(items, &[])).ok();
            } else {
                field.items = Some(serde_json::json!({ "type": field_type(items) }));
            }
        }
    }
    field
}

/// Writes the UI-only hints into a field.
fn apply_ui_hints(field: &mut InputField, hint: &FieldHints) {
    if let Some(field_type) = hint.field_type {
        field.field_type = field_type.to_owned();
    }
    if hint.secret {
        field.field_type = "password".to_owned();
    }
    field.placeholder = hint.placeholder.map(str::to_owned);
    field.input_type = hint.input_type.map(str::to_owned);
    field.step = hint.step.map(Literal::to_json);
    field.display_options = display_options(hint);
    field.aliases = hint.aliases.iter().map(|alias| (*alias).to_owned()).collect();
}

/// `displayOptions` of a hint, if it has any condition.
pub fn display_options(hint: &FieldHints) -> Option<DisplayOptions> {
    let conditions = |list: &[DisplayCondition]| -> Map<String, Value> {
        list.iter()
            .map(|(field, values)| {
                let values = values.iter().map(|v| v.to_json()).collect();
                ((*field).to_owned(), Value::Array(values))
            })
            .collect()
    };
    (!hint.show.is_empty() || !hint.hide.is_empty())
        .then(|| DisplayOptions { show: conditions(hint.show), hide: conditions(hint.hide) })
}

/// The `displayOptions` of an auth field, if it has `show` conditions: each value as the text
/// the credentials form compares (`true` → `"true"`). Credential fields take no `hide`.
pub fn show_conditions(hint: &FieldHints) -> Option<ShowConditions> {
    let conditions = hint.show.iter().map(|(field, values)| {
        let values = values.iter().map(|v| v.to_text()).collect();
        ((*field).to_owned(), values)
    });
    (!hint.show.is_empty()).then(|| ShowConditions(conditions.collect()))
}

/// The schema without its `null` alternative (`Option<T>` is `T` or null).
fn non_null(schema: &Value) -> &Value {
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(alternatives)) = schema.get(key) {
            let not_null: Vec<&Value> = alternatives.iter().filter(|s| !is_null_type(s)).collect();
            if not_null.len() == 1 && alternatives.len() == 2 {
                return not_null[0];
            }
        }
    }
    schema
}

fn is_null_type(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null") || schema.get("const") == Some(&Value::Null)
}

/// FluxTurn's type name of a schema.
fn field_type(schema: &Value) -> &'static str {
    if !select_options(schema).is_empty() {
        return "select";
    }
    let json_type = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("string"),
        _ if schema.get("properties").is_some() => "object",
        _ => "any",
    };
    match json_type {
        "integer" | "number" => "number",
        "boolean" => "boolean",
        "array" => "array",
        "object" | "any" => "object",
        _ => "string",
    }
}

/// The choices of an enum schema (`enum: [...]`, or `oneOf` of `const`s with titles or docs).
fn select_options(schema: &Value) -> Vec<SelectOption> {
    let option = |value: &Value, label: Option<&str>| SelectOption {
        label: label.map(str::to_owned).unwrap_or_else(|| match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        value: value.clone(),
    };
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values.iter().filter(|v| !v.is_null()).map(|v| option(v, None)).collect();
    }
    if let Some(Value::Array(alternatives)) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
        let alternatives: Vec<&Value> = alternatives.iter().filter(|s| !is_null_type(s)).collect();
        let consts: Vec<SelectOption> = alternatives
            .iter()
            .filter_map(|alt| {
                let label = alt.get("title").or_else(|| alt.get("description"));
                if let Some(value) = alt.get("const") {
                    return Some(option(value, label.and_then(Value::as_str)));
                }
                // `enum` with one value: what schemars makes of a documented unit variant.
                match alt.get("enum") {
                    Some(Value::Array(values)) if values.len() == 1 => {
                        Some(option(&values[0], label.and_then(Value::as_str)))
                    }
                    _ => None,
                }
            })
            .collect();
        if !consts.is_empty() && consts.len() == alternatives.len() {
            return consts;
        }
    }
    Vec::new()
}

/// `"channelId"` / `"channel_id"` → `"Channel Id"`.
pub fn humanize(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c == '_' || c == '-' {
            out.push(' ');
        } else if previous.is_none() || previous == Some(' ') || out.ends_with(' ') {
            out.extend(c.to_uppercase());
        } else if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase()) {
            out.push(' ');
            out.push(c);
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanize_splits_words() {
        assert_eq!(humanize("channelId"), "Channel Id");
        assert_eq!(humanize("send_message"), "Send Message");
        assert_eq!(humanize("text"), "Text");
    }

    #[test]
    fn a_list_of_an_enum_is_a_multiselect_with_its_choices() {
        let property = serde_json::json!({ "type": "array", "items": { "type": "string", "enum": ["a", "b"] } });
        let field = input_field("parts", &property, true);
        assert_eq!(field.field_type, "multiselect");
        let values: Vec<&Value> = field.options.iter().map(|o| &o.value).collect();
        assert_eq!(values, ["a", "b"]);
        let texts = input_field("names", &serde_json::json!({ "type": "array", "items": { "type": "string" } }), false);
        assert_eq!((texts.field_type.as_str(), texts.options.len()), ("array", 0));
    }
}
