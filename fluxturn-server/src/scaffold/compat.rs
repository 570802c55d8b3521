//! FluxTurn's compat file of one connector: what `--from-compat` reads.

use serde::Deserialize;
use serde_json::{Map, Value};

/// A compat file: the connector, its auth form, its actions and triggers.
#[derive(Debug, Deserialize)]
pub struct CompatFile {
    /// The connector's id.
    pub name: String,
    /// Its name in the UI.
    pub display_name: Option<String>,
    /// Its category.
    pub category: Option<String>,
    /// FluxTurn's auth type (`api_key`, `oauth2`, `multiple`, ...).
    pub auth_type: Option<String>,
    /// The fields of the "Add connection" form.
    #[serde(default)]
    pub auth_fields: Vec<CompatAuthField>,
    /// The API's base URL.
    pub base_url: Option<String>,
    /// OAuth2 endpoints and scopes, when it signs in with OAuth2.
    pub oauth_config: Option<CompatOAuth>,
    /// The actions.
    #[serde(default)]
    pub actions: Vec<CompatAction>,
    /// The triggers.
    #[serde(default)]
    pub triggers: Vec<CompatTrigger>,
}

/// One field of the auth form.
#[derive(Debug, Deserialize)]
pub struct CompatAuthField {
    /// The stored key.
    pub key: String,
    /// Its type (`string`, `password`, `select`, ...).
    #[serde(rename = "type", default)]
    pub field_type: Option<String>,
    /// Whether the form requires it.
    #[serde(default)]
    pub required: bool,
}

/// OAuth2 endpoints.
#[derive(Debug, Deserialize)]
pub struct CompatOAuth {
    /// Where the user authorizes.
    pub authorization_url: Option<String>,
    /// Where the code is exchanged.
    pub token_url: Option<String>,
    /// Scopes asked for.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// One action.
#[derive(Debug, Deserialize)]
pub struct CompatAction {
    /// Its id.
    pub id: String,
    /// Its name in the UI.
    pub name: Option<String>,
    /// The HTTP method it calls.
    pub method: Option<String>,
    /// The endpoint it calls, relative to the base URL.
    pub endpoint: Option<String>,
    /// Its input fields, by key.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub inputs: Map<String, Value>,
}

/// One trigger.
#[derive(Debug, Deserialize)]
pub struct CompatTrigger {
    /// Its id.
    pub id: String,
    /// Its name in the UI.
    pub name: Option<String>,
    /// Whether it needs a webhook.
    #[serde(rename = "webhookRequired", default)]
    pub webhook_required: Option<bool>,
    /// Whether it polls.
    #[serde(rename = "pollingEnabled", default)]
    pub polling_enabled: Option<bool>,
    /// Its configuration fields, by key.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub inputs: Map<String, Value>,
}

/// One input field of an action or trigger, read from its JSON.
#[derive(Debug, Default)]
pub struct CompatInput {
    /// `string`, `number`, `boolean`, `select`, `array`, `object`, ...
    pub field_type: String,
    /// Whether it is required.
    pub required: bool,
    /// Its default, if any.
    pub default: Option<Value>,
    /// Its widget (`textarea`, ...).
    pub input_type: Option<String>,
    /// A select's options.
    pub options: Vec<Value>,
}

impl CompatInput {
    /// Reads one entry of `inputs`.
    pub fn read(value: &Value) -> Self {
        Self {
            field_type: value.get("type").and_then(Value::as_str).unwrap_or("string").to_owned(),
            required: value.get("required").and_then(Value::as_bool).unwrap_or(false),
            default: value.get("default").filter(|d| !d.is_null()).cloned(),
            input_type: value.get("inputType").and_then(Value::as_str).map(str::to_owned),
            options: value.get("options").and_then(Value::as_array).cloned().unwrap_or_default(),
        }
    }
}

/// `null` (or absent) inputs as none.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Map<String, Value>, D::Error> {
    Ok(Option::<Map<String, Value>>::deserialize(deserializer)?.unwrap_or_default())
}
