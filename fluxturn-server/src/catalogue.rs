//! The catalogue: every definition, serialized once at start-up, with its ETag, and the compiled
//! JSON Schema validator of every action's input.

use axum::body::Bytes;
use fluxturn_core::{ConnectorDefinition, FieldError, Registry};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// One item of `GET /api/v1/connectors/available[/{type}]`: the definition with the metadata
/// FluxTurn's catalogue adds to it (its React lists key items by `id`).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct AvailableConnector<'a> {
    /// The connector's name, as the item's id.
    pub id: &'a str,
    /// Always `active`: every registered connector can be configured.
    pub status: &'static str,
    /// Always `true`: the catalogue is the same for every user.
    pub is_public: bool,
    /// Always `true`: the connector ships with the server.
    pub verified: bool,
    /// The definition.
    #[serde(flatten)]
    pub definition: &'a ConnectorDefinition,
}

impl<'a> AvailableConnector<'a> {
    /// The catalogue item of a definition.
    pub fn of(definition: &'a ConnectorDefinition) -> Self {
        Self { id: &definition.name, status: "active", is_public: true, verified: true, definition }
    }
}

/// A serialized list and its strong ETag.
pub struct ServedList {
    /// The JSON.
    pub json: Bytes,
    /// `"<sha256 of the JSON>"`.
    pub etag: String,
}

impl ServedList {
    fn of(value: &impl serde::Serialize) -> anyhow::Result<Self> {
        let json = Bytes::from(serde_json::to_vec(value)?);
        Ok(Self { etag: format!("\"{}\"", hex(&Sha256::digest(&json))), json })
    }
}

/// What the catalogue routes serve, built once.
pub struct Catalogue {
    registry: &'static Registry,
    /// `GET /api/v1/connectors/definitions`.
    definitions: ServedList,
    /// `GET /api/v1/connectors/available`.
    available: ServedList,
    /// connector → action → validator of the action's `jsonSchema` (looked up by `&str`, with
    /// no key built per request).
    validators: HashMap<String, HashMap<String, jsonschema::Validator>>,
}

impl Catalogue {
    /// Builds the catalogue of a registry; fails if a generated schema does not compile.
    pub fn new(registry: &'static Registry) -> anyhow::Result<Self> {
        Self::serving(registry, registry.definitions())
    }

    /// A catalogue that serves `definitions` as its list (benchmarks with synthetic catalogues);
    /// lookups by name still go to the registry.
    pub fn serving(registry: &'static Registry, definitions: &[ConnectorDefinition]) -> anyhow::Result<Self> {
        let available: Vec<AvailableConnector> = definitions.iter().map(AvailableConnector::of).collect();
        let (definitions_list, available) = (ServedList::of(&definitions)?, ServedList::of(&available)?);
        let mut validators: HashMap<String, HashMap<String, jsonschema::Validator>> = HashMap::new();
        for definition in definitions {
            for action in &definition.supported_actions {
                let validator = jsonschema::draft202012::new(&action.json_schema).map_err(|e| {
                    anyhow::anyhow!("the input schema of {}.{} does not compile: {e}", definition.name, action.id)
                })?;
                validators.entry(definition.name.clone()).or_default().insert(action.id.clone(), validator);
            }
        }
        Ok(Self { registry, definitions: definitions_list, available, validators })
    }

    /// The registry.
    pub fn registry(&self) -> &'static Registry {
        self.registry
    }

    /// Every definition, serialized, and its ETag.
    pub fn list(&self) -> &ServedList {
        &self.definitions
    }

    /// Every definition as a catalogue item ([`AvailableConnector`]), serialized, and its ETag.
    pub fn available(&self) -> &ServedList {
        &self.available
    }

    /// The definition of connector `name`.
    pub fn definition(&self, name: &str) -> Option<&'static ConnectorDefinition> {
        self.registry.definition(name)
    }

    /// Checks an action's input against its JSON Schema: one entry per violation.
    pub fn validate_input(&self, connector: &str, action: &str, input: &serde_json::Value) -> Vec<FieldError> {
        let Some(validator) = self.validators.get(connector).and_then(|actions| actions.get(action)) else {
            return Vec::new();
        };
        // Most inputs are valid: answering that is cheaper than collecting no errors.
        if validator.is_valid(input) {
            return Vec::new();
        }
        field_errors(validator, input)
    }
}

/// The violations of `input` against a compiled JSON Schema, one entry per field.
pub fn field_errors(validator: &jsonschema::Validator, input: &serde_json::Value) -> Vec<FieldError> {
    {
        validator
            .iter_errors(input)
            .map(|error| {
                let path = error.instance_path().to_string();
                let field = path.trim_start_matches('/').replace('/', ".");
                let message = match error.kind() {
                    // The path of a missing property is its parent; name the property itself.
                    jsonschema::error::ValidationErrorKind::Required { ref property } => {
                        let name = property.as_str().unwrap_or_default().to_owned();
                        return FieldError {
                            field: if field.is_empty() { name.clone() } else { format!("{field}.{name}") },
                            message: format!("`{name}` is required"),
                        };
                    }
                    _ => error.to_string(),
                };
                FieldError { field, message }
            })
            .collect()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
