//! The served definitions against the contract the FluxTurn frontend reads
//! (`tests/fixtures/frontend-contract.schema.json`, our JSON Schema of FluxTurn's
//! `ConnectorDefinition` and the forms that read it). Every violation is reported with the
//! JSON pointer of the offending value.

mod common;

use common::TestServer;
use serde_json::{json, Value};

fn contract() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("fixtures/frontend-contract.schema.json")).unwrap();
    jsonschema::draft202012::meta::validate(&schema).expect("the contract is a draft 2020-12 schema");
    jsonschema::draft202012::new(&schema).unwrap()
}

/// Every violation of the contract, as `<instance path>: <message>`.
fn violations(definitions: &Value) -> Vec<String> {
    contract().iter_errors(definitions).map(|error| format!("{}: {error}", error.instance_path())).collect()
}

fn export() -> Value {
    serde_json::to_value(connectors::registry().definitions()).unwrap()
}

#[tokio::test]
async fn every_served_definition_keeps_the_frontend_contract() {
    let server = TestServer::start().await;
    let (status, served) = server.get("/api/v1/connectors/definitions").await;
    assert_eq!(status, 200);
    assert_eq!(served, export(), "the API serves the export");
    let found = violations(&served);
    assert!(found.is_empty(), "{} violations of the frontend contract:\n{}", found.len(), found.join("\n"));
}

/// The GitHub definition with one change, as a one-item export.
fn github_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut github = export().as_array().unwrap().iter().find(|d| d["name"] == "github").unwrap().clone();
    change(&mut github);
    json!([github])
}

#[test]
fn the_contract_rejects_what_the_frontend_cannot_read() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("auth_types as strings", github_with(|d| d["auth_types"] = json!(["api_key", "oauth2"])), "/0/auth_types/0"),
        (
            "an auth_types entry with a key of ours",
            github_with(|d| d["auth_types"][0]["description"] = json!("x")),
            "/0/auth_types/0",
        ),
        ("pkce in oauth_config", github_with(|d| d["oauth_config"]["pkce"] = json!(true)), "/0/oauth_config"),
        ("a top-level key of ours", github_with(|d| d["long_description"] = json!("More.")), "/0"),
        (
            "nested displayOptions on an auth field",
            github_with(|d| d["auth_fields"][2]["displayOptions"] = json!({"show": {"authType": ["oauth2"]}})),
            "/0/auth_fields/2/displayOptions/show",
        ),
        (
            "flat displayOptions on an input field",
            github_with(|d| d["supported_actions"][0]["inputSchema"]["name"]["displayOptions"] = json!({"a": ["b"]})),
            "/0/supported_actions/0/inputSchema/name/displayOptions",
        ),
        (
            "an optional key set to null",
            github_with(|d| d["supported_actions"][0]["icon"] = Value::Null),
            "/0/supported_actions/0/icon",
        ),
        (
            "a trigger without its description",
            github_with(|d| drop(d["supported_triggers"][0].as_object_mut().unwrap().remove("description"))),
            "/0/supported_triggers/0",
        ),
    ];
    for (what, definitions, path) in cases {
        let found = violations(&definitions);
        assert!(
            found.iter().any(|v| v.starts_with(&format!("{path}: "))),
            "{what}: expected a violation at {path}, got {found:#?}"
        );
    }
    // The unchanged definition passes: each case fails for its change alone.
    assert_eq!(violations(&github_with(|_| {})), Vec::<String>::new());
}
