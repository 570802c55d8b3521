//! Request bodies whose shape depends on the connectors: the create body, one `oneOf` branch per
//! connector type built from its definition (what `connections::check` and the connector's
//! credentials type accept), the update body, and the execute body (one branch per action
//! input). A string the server trims to nothing counts as absent, so "not blank" is a pattern
//! built from `char::is_whitespace` itself.

use aide::openapi::{MediaType, ReferenceOr, RequestBody, SchemaObject};
use aide::transform::TransformOperation;
use fluxturn_core::{AuthField, ConnectorDefinition};
use serde_json::{json, Map, Value};
use std::sync::LazyLock;

/// Credential keys the server stores for OAuth2 connectors, accepted in their credentials too.
const OAUTH_KEYS: &[&str] = &["accessToken", "refreshToken", "expiresAt", "tokenType", "scope"];

/// The characters `str::trim` removes, as a regex class body (`\u0009-\u000d...`).
static WHITESPACE: LazyLock<String> = LazyLock::new(|| {
    let mut class = String::new();
    let mut chars = (0..=char::MAX as u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).peekable();
    while let Some(first) = chars.next() {
        let mut last = first;
        while let Some(&next) = chars.peek() {
            if next as u32 != last as u32 + 1 {
                break;
            }
            last = next;
            chars.next();
        }
        class.push_str(&format!("\\u{:04x}", first as u32));
        if last != first {
            class.push_str(&format!("-\\u{:04x}", last as u32));
        }
    }
    class
});

/// A string with a character that is not whitespace: what the server calls not blank.
fn not_blank() -> Value {
    json!({ "type": "string", "pattern": format!("[^{}]", *WHITESPACE) })
}

/// A string of whitespace only (or empty): what the server reads as absent.
fn blank() -> Value {
    json!({ "type": "string", "pattern": format!("^[{}]*$", *WHITESPACE) })
}

/// `config`: settings; `base_url` replaces the definition's and must be an absolute http(s) URL.
fn config_schema() -> Value {
    json!({
        "type": "object",
        "description": "Settings. `base_url` replaces the connector's base URL (a self-hosted service, a mock); \
                        it must be an absolute http(s) URL the WHATWG URL parser accepts (else 422)",
        "properties": {
            "base_url": {
                "anyOf": [
                    { "type": "null" },
                    { "type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@:\\[\\]%\\\\]+(:[1-9][0-9]{0,4})?(/[A-Za-z0-9._~-]*)*$" }
                ]
            }
        }
    })
}

/// Whether the server requires the field whatever else is given: `required` and shown under no
/// condition (a field of one auth method is required only when that method is chosen).
fn always_required(field: &AuthField) -> bool {
    field.required && field.display_options.is_none()
}

/// The schema of one credential the server accepts: text not blank when `required` (blank, null
/// or absent when not), a select's values, a number or a boolean.
fn credential_schema(field: &AuthField, required: bool) -> Value {
    let value = match field.field_type.as_str() {
        "number" => json!({ "type": "number" }),
        "boolean" => json!({ "type": "boolean" }),
        "select" if !field.options.is_empty() => {
            json!({ "enum": field.options.iter().map(|o| o.value.clone()).collect::<Vec<_>>() })
        }
        _ if required => not_blank(),
        _ => json!({ "type": "string" }),
    };
    let mut schema = if required {
        value
    } else if value["type"] == "string" {
        json!({ "type": ["string", "null"] })
    } else {
        json!({ "anyOf": [value, { "type": "null" }, blank()] })
    };
    schema["title"] = Value::from(field.label.clone());
    if let Some(description) = &field.description {
        schema["description"] = Value::from(description.clone());
    }
    if field.is_secret() {
        schema["writeOnly"] = Value::Bool(true);
    }
    schema
}

/// `credentials` of one connector type: its auth fields (and, for OAuth2, the keys the server
/// stores), nothing else. A choice (a select) may come in `config` instead (see
/// `connections::adopt_auth_choices`), so the branch, not this object, requires it.
fn credentials_schema(definition: &ConnectorDefinition) -> Value {
    let mut properties: Map<String, Value> = definition
        .auth_fields
        .iter()
        .map(|field| (field.key.clone(), credential_schema(field, always_required(field))))
        .collect();
    if definition.oauth_config.is_some() {
        for key in OAUTH_KEYS {
            properties.entry(*key).or_insert_with(|| json!({ "description": "Stored by the OAuth2 flow" }));
        }
    }
    let required: Vec<&str> = definition
        .auth_fields
        .iter()
        .filter(|f| always_required(f) && !f.is_choice())
        .map(|f| f.key.as_str())
        .collect();
    json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
}

/// `{"<part>": {"<key>": one of values}}` required: a condition on `credentials` or `config`.
fn holds(part: &str, key: &str, values: &Value) -> Value {
    json!({ "required": [part], "properties": { part: { "required": [key], "properties": { key: { "enum": values } } } } })
}

/// Whether the choice `key` is one of `values`: in `credentials`, or in `config` when
/// `credentials` does not give it (the server takes it from there then).
fn chosen(key: &str, values: &[String]) -> Value {
    let values = Value::from(values.to_vec());
    let absent_in_credentials =
        json!({ "not": { "required": ["credentials"], "properties": { "credentials": { "required": [key] } } } });
    json!({ "anyOf": [holds("credentials", key, &values), { "allOf": [absent_in_credentials, holds("config", key, &values)] }] })
}

/// The rules of a branch beyond its properties: each choice given in `credentials` or `config`,
/// and each field of one auth method required (not blank) when that method is chosen.
fn conditional_rules(definition: &ConnectorDefinition) -> Vec<Value> {
    let mut rules = Vec::new();
    for field in definition.auth_fields.iter().filter(|f| always_required(f) && f.is_choice()) {
        let key = &field.key;
        rules.push(json!({ "anyOf": [
            { "required": ["credentials"], "properties": { "credentials": { "required": [key] } } },
            { "required": ["config"], "properties": { "config": { "required": [key] } } },
        ] }));
    }
    for field in definition.auth_fields.iter().filter(|f| f.required) {
        let Some(conditions) = &field.display_options else { continue };
        let all: Vec<Value> = conditions.0.iter().map(|(key, values)| chosen(key, values)).collect();
        let key = &field.key;
        rules.push(json!({
            "if": { "allOf": all },
            "then": {
                "required": ["credentials"],
                "properties": { "credentials": { "required": [key], "properties": { key: credential_schema(field, true) } } }
            }
        }));
    }
    rules
}

/// The name of the create branch of a connector type in `#/components/schemas`.
pub fn create_branch_name(connector_type: &str) -> String {
    format!("CreateConfig.{connector_type}")
}

/// The create body of one connector type.
fn create_branch(definition: &ConnectorDefinition) -> Value {
    let mut name = not_blank();
    name["description"] = Value::from("The user's name for this connection");
    let mut required = vec!["connector_type", "name"];
    if definition.auth_fields.iter().any(|f| always_required(f) && !f.is_choice()) {
        required.push("credentials");
    }
    let mut branch = json!({
        "title": definition.display_name,
        "description": format!("A `{}` configuration", definition.name),
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": {
            "connector_type": { "const": definition.name },
            "name": name,
            "credentials": credentials_schema(definition),
            "config": config_schema(),
        }
    });
    let rules = conditional_rules(definition);
    if !rules.is_empty() {
        branch["allOf"] = Value::from(rules);
    }
    branch
}

/// Sets the body of an operation to `schema`, JSON, required.
fn set_body<'t>(mut op: TransformOperation<'t>, description: &str, schema: Value) -> TransformOperation<'t> {
    let body = RequestBody {
        description: Some(description.into()),
        content: [(
            "application/json".to_owned(),
            MediaType {
                schema: Some(SchemaObject {
                    json_schema: schema.try_into().expect("a schema built here is an object"),
                    example: None,
                    external_docs: None,
                }),
                ..MediaType::default()
            },
        )]
        .into_iter()
        .collect(),
        required: true,
        extensions: Default::default(),
    };
    op.inner_mut().request_body = Some(ReferenceOr::Item(body));
    op
}

/// `POST /api/v1/connectors`: one branch per connector type, told apart by `connector_type`.
pub fn create<'t>(op: TransformOperation<'t>, definitions: &[ConnectorDefinition]) -> TransformOperation<'t> {
    let mut branches = Vec::new();
    let mut mapping = Map::new();
    aide::generate::in_context(|ctx| {
        for definition in definitions {
            let name = create_branch_name(&definition.name);
            ctx.schema.definitions_mut().insert(name.clone(), create_branch(definition));
            let reference = format!("#/components/schemas/{name}");
            mapping.insert(definition.name.clone(), Value::from(reference.clone()));
            branches.push(json!({ "$ref": reference }));
        }
    });
    let schema = json!({
        "oneOf": branches,
        "discriminator": { "propertyName": "connector_type", "mapping": mapping },
    });
    set_body(
        op,
        "The connector type, the user's name for the connection, the connector's credentials (only its own \
         keys; required ones not blank) and settings",
        schema,
    )
}

/// `PUT /api/v1/connectors/{id}`: what is given replaces what is stored.
pub fn update(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let mut name = not_blank();
    name["type"] = json!(["string", "null"]);
    let mut config = config_schema();
    config["type"] = json!(["object", "null"]);
    let schema = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "name": name,
            "credentials": {
                "type": ["object", "null"],
                "description": "The configuration's new credentials: the keys of its connector type (see the create \
                                body); `********` keeps a stored secret"
            },
            "config": config,
        }
    });
    set_body(op, "New name, credentials or settings; what is left out stays", schema)
}

/// `POST /api/v1/connectors/{id}/execute`: one branch per action input (an id several connectors
/// share has a branch per input schema), each a shared schema `Execute.<connector>.<action>` (one
/// inline `anyOf` of them all is past what schemathesis can expand). The input goes in
/// `parameters` (or `input`); it may be left out when the action's input accepts `{}`.
pub fn execute<'t>(
    op: TransformOperation<'t>,
    definitions: &[ConnectorDefinition],
    accepts_empty: impl Fn(&str, &str) -> bool,
) -> TransformOperation<'t> {
    let mut seen: Vec<(&str, &Value)> = Vec::new();
    let mut branches: Vec<Value> = Vec::new();
    aide::generate::in_context(|ctx| {
        for definition in definitions {
            for action in &definition.supported_actions {
                if seen.contains(&(action.id.as_str(), &action.json_schema)) {
                    continue;
                }
                seen.push((action.id.as_str(), &action.json_schema));
                let name = format!("Execute.{}.{}", definition.name, action.id);
                let empty = accepts_empty(&definition.name, &action.id);
                ctx.schema
                    .definitions_mut()
                    .insert(name.clone(), execute_branch(&action.id, &action.json_schema, empty));
                branches.push(json!({ "$ref": format!("#/components/schemas/{name}") }));
            }
        }
    });
    set_body(
        op,
        "The action and its input. The action must be one of the configuration's connector type (else 404) and \
         the input must match that action's `jsonSchema` (else 422, one entry per field)",
        json!({ "anyOf": branches }),
    )
}

/// The execute body of one action: its id, and its input under `parameters` or `input` (not both).
fn execute_branch(action: &str, input: &Value, accepts_empty: bool) -> Value {
    let mut input = input.clone();
    if let Value::Object(map) = &mut input {
        map.remove("$schema");
    }
    let mut branch = json!({
        "title": action,
        "type": "object",
        "additionalProperties": false,
        "maxProperties": 2,
        "required": ["action"],
        "properties": { "action": { "const": action } },
    });
    if accepts_empty {
        input = json!({ "anyOf": [input, { "type": "null" }] });
    } else {
        branch["anyOf"] = json!([{ "required": ["parameters"] }, { "required": ["input"] }]);
    }
    branch["properties"]["parameters"] = input.clone();
    branch["properties"]["input"] = input;
    branch
}
