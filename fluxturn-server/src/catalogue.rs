//! The catalogue: every definition, serialized once at start-up, with its ETag, and the compiled
//! JSON Schema validator of every action's input.

use axum::body::Bytes;
use fluxturn_core::{ConnectorDefinition, FieldError, Registry};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What the catalogue routes serve, built once.
pub struct Catalogue {
    registry: &'static Registry,
    /// `GET /api/v1/connectors/definitions`, serialized.
    list_json: Bytes,
    /// Its strong ETag.
    list_etag: String,
    /// (connector, action) → validator of the action's `jsonSchema`.
    validators: HashMap<(String, String), jsonschema::Validator>,
}

impl Catalogue {
    /// Builds the catalogue of a registry; fails if a generated schema does not compile.
    pub fn new(registry: &'static Registry) -> anyhow::Result<Self> {
        Self::serving(registry, registry.definitions())
    }

    /// A catalogue that serves `definitions` as its list (benchmarks with synthetic catalogues);
    /// lookups by name still go to the registry.
    pub fn serving(registry: &'static Registry, definitions: &[ConnectorDefinition]) -> anyhow::Result<Self> {
        let list_json = Bytes::from(serde_json::to_vec(definitions)?);
        let list_etag = format!("\"{}\"", hex(&Sha256::digest(&list_json)));
        let mut validators = HashMap::new();
        for definition in definitions {
            for action in &definition.supported_actions {
                let validator = jsonschema::draft202012::new(&action.json_schema).map_err(|e| {
                    anyhow::anyhow!("the input schema of {}.{} does not compile: {e}", definition.name, action.id)
                })?;
                validators.insert((definition.name.clone(), action.id.clone()), validator);
            }
        }
        Ok(Self { registry, list_json, list_etag, validators })
    }

    /// The registry.
    pub fn registry(&self) -> &'static Registry {
        self.registry
    }

    /// Every definition, serialized, and its ETag.
    pub fn list(&self) -> (&Bytes, &str) {
        (&self.list_json, &self.list_etag)
    }

    /// The definition of connector `name`.
    pub fn definition(&self, name: &str) -> Option<&'static ConnectorDefinition> {
        self.registry.definition(name)
    }

    /// Checks an action's input against its JSON Schema: one entry per violation.
    pub fn validate_input(&self, connector: &str, action: &str, input: &serde_json::Value) -> Vec<FieldError> {
        let Some(validator) = self.validators.get(&(connector.to_owned(), action.to_owned())) else {
            return Vec::new();
        };
        validator
            .iter_errors(input)
            .map(|error| {
                let path = error.instance_path.to_string();
                let field = path.trim_start_matches('/').replace('/', ".");
                let message = match error.kind {
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
