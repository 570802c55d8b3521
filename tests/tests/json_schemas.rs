//! Every generated `jsonSchema` is a valid draft 2020-12 schema, and it accepts and rejects what
//! the Rust input type does.

use fluxturn_core::{ConnectorDefinition, ConnectorSpec};
use serde_json::json;

fn all_definitions() -> Vec<ConnectorDefinition> {
    let mut definitions = connectors::registry().definitions().to_vec();
    definitions.push(fluxturn_tests::KitchenSink::definition());
    definitions
}

#[test]
fn every_json_schema_validates_against_the_2020_12_metaschema() {
    let mut checked = 0;
    for definition in all_definitions() {
        let schemas = definition
            .supported_actions
            .iter()
            .map(|a| (&a.id, &a.json_schema))
            .chain(definition.supported_triggers.iter().map(|t| (&t.id, &t.json_schema)));
        for (id, schema) in schemas {
            assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{}.{id}", definition.name);
            if let Err(error) = jsonschema::draft202012::meta::validate(schema) {
                panic!("{}.{id}: jsonSchema is not a valid draft 2020-12 schema: {error}\n{schema:#}", definition.name);
            }
            checked += 1;
        }
    }
    assert!(checked >= 7, "expected the schemas of Acme and the kitchen sink, checked {checked}");
}

#[test]
fn json_schema_enforces_the_field_hints() {
    let definition = fluxturn_tests::KitchenSink::definition();
    let schema = &definition.action("create_item").unwrap().json_schema;
    let validator = jsonschema::draft202012::new(schema).unwrap();
    assert!(validator.is_valid(&json!({"projectId": "p1", "title": "Buy milk", "count": 3, "priority": "high"})));
    // count above `max = 10`, an unknown priority, an empty title, an unknown field, a missing field.
    assert!(!validator.is_valid(&json!({"projectId": "p1", "title": "x", "count": 11})));
    assert!(!validator.is_valid(&json!({"projectId": "p1", "title": "x", "priority": "urgent"})));
    assert!(!validator.is_valid(&json!({"projectId": "p1", "title": ""})));
    assert!(!validator.is_valid(&json!({"projectId": "p1", "title": "x", "surprise": true})));
    assert!(!validator.is_valid(&json!({"title": "x"})));
}
