//! The guide's Acme connector, written in Rust, generates the guide's definition.

use serde_json::{json, Value};

/// The definition from `building-a-connector-guide.txt`, step 1, as the frontend reads it.
fn guide_definition() -> Value {
    json!({
        "name": "acme",
        "display_name": "Acme",
        "category": "communication",
        "description": "Send and receive messages through Acme",
        "auth_type": "api_key",
        "auth_fields": [
            {
                "key": "apiKey",
                "label": "API Key",
                "type": "password",
                "required": true,
                "placeholder": "ak_...",
                "description": "Find this in your Acme dashboard under Settings > API",
            },
        ],
        "endpoints": { "base_url": "https://api.acme.com/v1" },
        "webhook_support": false,
        "rate_limits": { "requests_per_minute": 60 },
        "supported_actions": [
            {
                "id": "send_message",
                "name": "Send Message",
                "description": "Send a message to a channel",
                "category": "Messages",
                "icon": "send",
                "api": {
                    "endpoint": "/messages",
                    "method": "POST",
                    "baseUrl": "https://api.acme.com/v1",
                    "headers": { "Content-Type": "application/json" },
                    "paramMapping": { "channel": "channel", "text": "text" },
                },
                // The guide's fields, plus FluxTurn's `order` (the form's order, which the guide's
                // definition leaves to the object's key order).
                "inputSchema": {
                    "channel": { "type": "string", "required": true, "label": "Channel", "order": 0 },
                    "text": { "type": "string", "required": true, "label": "Message", "inputType": "textarea", "order": 1 },
                },
            },
        ],
        "supported_triggers": [],
    })
}

#[test]
fn acme_definition_equals_the_guide_for_every_key_the_guide_shows() {
    let generated =
        serde_json::to_value(connectors::registry().definition("acme").expect("acme is registered")).unwrap();
    let guide = guide_definition();
    for (key, expected) in guide.as_object().unwrap() {
        if key == "supported_actions" {
            continue;
        }
        assert_eq!(&generated[key], expected, "top-level key `{key}` differs from the guide");
    }
    let actions = generated["supported_actions"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "the guide's Acme has exactly one action");
    let expected_action = &guide["supported_actions"][0];
    for (key, expected) in expected_action.as_object().unwrap() {
        // Each key the guide shows, compared whole: the api block and inputSchema exactly.
        assert_eq!(&actions[0][key], expected, "send_message key `{key}` differs from the guide");
    }
}

#[test]
fn acme_is_one_short_file() {
    let source = include_str!("../../connectors/catalogue/acme/src/acme.rs");
    let lines = source.lines().count();
    assert!(
        lines < 80,
        "acme.rs grew to {lines} lines; the point is that it stays far shorter than the guide's four edits"
    );
}
