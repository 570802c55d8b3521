//! The connector compiled with `crate = "flux"` works like any other.

use fluxturn_renamed_dependency::registry;
use serde_json::json;

#[tokio::test]
async fn a_connector_built_through_a_renamed_dependency_defines_and_runs() {
    let definition = registry().definition("echo").unwrap();
    assert_eq!(definition.supported_actions[0].id, "say");
    assert_eq!(definition.supported_actions[0].input_schema["words"].label.as_deref(), Some("Words"));
    assert_eq!(definition.auth_fields[0].key, "token");
    let credentials = json!({"token": "t"}).as_object().unwrap().clone();
    let echo = registry().connect("echo", flux::ConnectContext::new(credentials)).unwrap();
    let out = echo.execute("say", json!({"words": "hi"})).await.unwrap();
    assert_eq!(out, json!({"words": "hi"}));
}
