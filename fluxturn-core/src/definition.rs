//! The connector definition: the JSON contract the FluxTurn frontend reads
//! (`GET /api/v1/connectors/definitions`). Top level snake_case, actions and fields camelCase.
//!
//! FluxTurn types the top level, `auth_types` entries and `oauth_config` as closed objects (no
//! keys beyond its own), so what we know beyond its type stays out of them: PKCE is read from the
//! connector's declared auth methods ([`ConnectorMeta`](crate::meta::ConnectorMeta)), and a
//! connector's long description stays in its metadata. Actions and triggers are open objects.

use crate::ConnectorCategory;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Everything the frontend needs to know about one connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConnectorDefinition {
    /// Unique snake_case name (`"acme"`): the connector type.
    pub name: String,
    /// Name shown to users (`"Acme"`).
    pub display_name: String,
    /// Category the connector is listed under.
    pub category: ConnectorCategory,
    /// One-sentence description.
    pub description: String,
    /// `api_key`, `bearer_token`, `basic_auth`, `oauth2`, `none`, or `multiple`.
    pub auth_type: String,
    /// Each kind of auth method once, in declaration order, when `auth_type` is `multiple`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auth_types: Vec<AuthTypeOption>,
    /// The fields of the "Add connection" form.
    pub auth_fields: Vec<AuthField>,
    /// The OAuth2 endpoints, when an auth method is `oauth2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_config: Option<OAuthConfig>,
    /// API endpoints.
    pub endpoints: Endpoints,
    /// Whether any trigger receives webhooks.
    pub webhook_support: bool,
    /// Declared upstream rate limits.
    pub rate_limits: RateLimits,
    /// The actions a workflow can run.
    pub supported_actions: Vec<ActionDefinition>,
    /// The triggers that can start a workflow.
    pub supported_triggers: Vec<TriggerDefinition>,
}

impl ConnectorDefinition {
    /// The action with this id.
    pub fn action(&self, id: &str) -> Option<&ActionDefinition> {
        self.supported_actions.iter().find(|a| a.id == id)
    }

    /// The trigger with this id.
    pub fn trigger(&self, id: &str) -> Option<&TriggerDefinition> {
        self.supported_triggers.iter().find(|t| t.id == id)
    }

    /// The action called `id`: by its id, else by one of its `aliases` (an id existing
    /// workflows use). The definition's `id` is the canonical one to run.
    ///
    /// ```
    /// use fluxturn_core::prelude::*;
    ///
    /// /// Posts notes.
    /// #[connector(name = "notes", category = "utility")]
    /// pub struct Notes;
    ///
    /// #[actions]
    /// impl Notes {
    ///     /// Posts a note.
    ///     #[action(aliases = ["message_send", "postNote"])]
    ///     async fn send_message(&self) -> Result<()> {
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let definition = Notes::definition();
    /// assert_eq!(definition.find_action("send_message").unwrap().id, "send_message");
    /// assert_eq!(definition.find_action("postNote").unwrap().id, "send_message");
    /// assert!(definition.find_action("delete_message").is_none());
    /// assert!(definition.action("postNote").is_none(), "`action` takes only ids");
    /// ```
    pub fn find_action(&self, id: &str) -> Option<&ActionDefinition> {
        self.action(id).or_else(|| self.supported_actions.iter().find(|a| a.aliases.iter().any(|alias| alias == id)))
    }

    /// The trigger called `id`: by its id, else by one of its `aliases` (see
    /// [`find_action`](Self::find_action)).
    pub fn find_trigger(&self, id: &str) -> Option<&TriggerDefinition> {
        self.trigger(id).or_else(|| self.supported_triggers.iter().find(|t| t.aliases.iter().any(|alias| alias == id)))
    }
}

/// One entry of `auth_types`: an auth method's `auth_type` name and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuthTypeOption {
    /// The method's `auth_type` name (`"oauth2"`).
    pub value: String,
    /// Its name shown to users (`"OAuth2"`).
    pub label: String,
}

/// One field of the credentials form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthField {
    /// Key of the value in the stored credentials (`"apiKey"`).
    pub key: String,
    /// Label shown to users.
    pub label: String,
    /// `string`, `password`, `select`, `url`, `number`, `boolean`.
    #[serde(rename = "type")]
    pub field_type: String,
    /// Whether the form requires a value.
    pub required: bool,
    /// Placeholder text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Help under the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Link to the provider's documentation for this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_url: Option<String>,
    /// Extra help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_text: Option<String>,
    /// Default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Choices of a `select` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<SelectOption>,
    /// When to show the field; a `required` field is required only when shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_options: Option<ShowConditions>,
}

impl AuthField {
    /// Whether the value is secret: masked in responses, encrypted at rest, redacted in errors.
    pub fn is_secret(&self) -> bool {
        self.field_type == "password"
    }

    /// Whether the form shows the field for these credential values.
    pub fn is_shown_for(&self, values: &Map<String, Value>) -> bool {
        self.display_options.as_ref().is_none_or(|conditions| conditions.are_met_by(values))
    }

    /// Whether the field is a choice (a `select`, such as the auth method): FluxTurn's credentials
    /// form may send it in `config` rather than in `credentials`.
    pub fn is_choice(&self) -> bool {
        self.field_type == "select"
    }

    /// Whether these credential values need a value for the field: it is `required` and shown
    /// (a field of another auth method than the chosen one is not required).
    pub fn is_required_for(&self, values: &Map<String, Value>) -> bool {
        self.required && self.is_shown_for(values)
    }
}

/// The `displayOptions` of an auth field, as FluxTurn's credentials form reads them: the field is
/// shown when every named field holds one of its values, compared as text (`{"authType":
/// ["oauth2"]}`). Unlike an input field's [`DisplayOptions`], there is no `show`/`hide` level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ShowConditions(pub BTreeMap<String, Vec<String>>);

impl ShowConditions {
    /// Whether every condition holds for these values, as the form decides: a value is compared
    /// by its text (`true` is `"true"`), and a missing one as `""`.
    ///
    /// ```
    /// use fluxturn_core::ShowConditions;
    /// let oauth_only = ShowConditions([("authType".to_owned(), vec!["oauth2".to_owned()])].into());
    /// let values = |v: serde_json::Value| v.as_object().cloned().unwrap();
    /// assert!(oauth_only.are_met_by(&values(serde_json::json!({"authType": "oauth2"}))));
    /// assert!(!oauth_only.are_met_by(&values(serde_json::json!({"authType": "accessToken"}))));
    /// assert!(!oauth_only.are_met_by(&values(serde_json::json!({}))));
    /// ```
    pub fn are_met_by(&self, values: &Map<String, Value>) -> bool {
        self.0.iter().all(|(field, allowed)| {
            let text = match values.get(field) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            allowed.contains(&text)
        })
    }
}

/// OAuth2 authorization-code endpoints and scopes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OAuthConfig {
    /// Where the user is sent to authorize.
    pub authorization_url: String,
    /// Where the code is exchanged for tokens.
    pub token_url: String,
    /// Scopes requested.
    pub scopes: Vec<String>,
}

/// The connector's API endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Endpoints {
    /// Base URL every endpoint is relative to; may hold `{credentialField}` placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

/// Declared upstream rate limits. Absent windows are unlimited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RateLimits {
    /// Requests per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_second: Option<u32>,
    /// Requests per minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_minute: Option<u32>,
    /// Requests per hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_hour: Option<u32>,
}

/// One action a workflow step can run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionDefinition {
    /// snake_case id, unique within the connector.
    pub id: String,
    /// Other ids existing workflows call the action by (FluxTurn's templates), kept verbatim;
    /// a workflow's node naming one runs this action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Name shown to users.
    pub name: String,
    /// What the action does.
    pub description: String,
    /// Longer help: the doc comment's paragraphs after the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// Group in the action picker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Icon name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// The HTTP call the action makes, when declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiSpec>,
    /// The input form: field name to field.
    pub input_schema: FieldMap,
    /// The output shape: field name to field.
    pub output_schema: FieldMap,
    /// Standard JSON Schema (draft 2020-12) of the input.
    pub json_schema: Value,
    /// Whether retrying the action cannot repeat its effect.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub idempotent: bool,
}

/// The HTTP call behind an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiSpec {
    /// Path relative to `baseUrl`, with `{inputField}` placeholders.
    pub endpoint: String,
    /// HTTP method.
    pub method: String,
    /// Base URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Fixed headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Input field to upstream parameter name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub param_mapping: BTreeMap<String, String>,
}

/// One trigger that can start a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TriggerDefinition {
    /// snake_case id, unique within the connector.
    pub id: String,
    /// Other ids existing workflows call the trigger by, kept verbatim; a workflow's node naming
    /// one registers this trigger.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Name shown to users.
    pub name: String,
    /// What starts it.
    pub description: String,
    /// Longer help: the doc comment's paragraphs after the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// The event type emitted.
    pub event_type: String,
    /// Icon name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Whether the trigger receives webhooks.
    pub webhook_required: bool,
    /// Whether the trigger polls.
    pub polling_enabled: bool,
    /// Whether its events arrive over a connection the server keeps open (Discord's Gateway):
    /// no URL to give the provider, nothing to poll.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gateway: bool,
    /// The trigger's configuration form.
    pub input_schema: FieldMap,
    /// The shape of one emitted event.
    pub output_schema: FieldMap,
    /// Standard JSON Schema (draft 2020-12) of the configuration.
    pub json_schema: Value,
}

/// One field of an input form (or of an output shape).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InputField {
    /// `string`, `number`, `boolean`, `select`, `array`, `object`.
    #[serde(rename = "type")]
    pub field_type: String,
    /// Whether a value is required.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Label shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Other names existing workflows give the field, kept verbatim: a workflow's parameter
    /// under one of them is this field (see [`FieldAliases`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Placeholder text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Widget hint (`textarea`, `code`, `json`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_type: Option<String>,
    /// Choices of a `select` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<SelectOption>,
    /// Minimum number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Value>,
    /// Maximum number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Value>,
    /// Step of a number input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Value>,
    /// Minimum string length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum string length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Regular expression the value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// When to show the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_options: Option<DisplayOptions>,
    /// The fields of each item, for arrays of objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_schema: Option<Value>,
    /// `{"type": ...}` of each item, for arrays of scalars (the form then offers a list input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Value>,
    /// Position in the form, from 0: the declaration order of the input struct's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<usize>,
}

/// A form: field name to field, in the order the form shows them.
pub type FieldMap = indexmap::IndexMap<String, InputField>;

/// A form's field aliases ([`InputField::aliases`]): the names existing workflows give its fields.
pub trait FieldAliases {
    /// The field `key` names: itself when it is a field, else the field it is an alias of.
    fn canonical_name<'a>(&'a self, key: &'a str) -> Option<&'a str>;

    /// `input` with each key that is a field's alias renamed to the field's name. A field given
    /// under its own name wins over its aliases, and of several aliases of one field the first
    /// key of `input` wins; the values under the losing keys are dropped. Keys that are neither a
    /// field nor an alias stay as they are.
    ///
    /// ```
    /// use fluxturn_core::{FieldAliases, FieldMap, InputField};
    /// let mut form = FieldMap::new();
    /// form.insert("channelId".into(), InputField { aliases: vec!["channel".into()], ..InputField::default() });
    /// form.insert("text".into(), InputField { aliases: vec!["message".into(), "body".into()], ..InputField::default() });
    /// let input = |v: serde_json::Value| v.as_object().cloned().unwrap();
    ///
    /// assert_eq!(form.canonical_name("channel"), Some("channelId"));
    /// assert_eq!(form.canonical_name("text"), Some("text"));
    /// assert_eq!(form.canonical_name("thread"), None);
    ///
    /// let mapped = form.canonicalize(input(serde_json::json!({"channel": "C1", "message": "hi", "extra": 1})));
    /// assert_eq!(serde_json::Value::Object(mapped), serde_json::json!({"channelId": "C1", "text": "hi", "extra": 1}));
    ///
    /// // The canonical key wins over an alias, wherever it is.
    /// let mapped = form.canonicalize(input(serde_json::json!({"message": "old", "text": "new", "body": "older"})));
    /// assert_eq!(serde_json::Value::Object(mapped), serde_json::json!({"text": "new"}));
    /// ```
    fn canonicalize(&self, input: Map<String, Value>) -> Map<String, Value>;
}

impl FieldAliases for FieldMap {
    fn canonical_name<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        if self.contains_key(key) {
            return Some(key);
        }
        self.iter().find(|(_, field)| field.aliases.iter().any(|alias| alias == key)).map(|(name, _)| name.as_str())
    }

    fn canonicalize(&self, input: Map<String, Value>) -> Map<String, Value> {
        if self.values().all(|field| field.aliases.is_empty()) {
            return input;
        }
        let mut output = Map::new();
        for (key, value) in &input {
            let name = match self.canonical_name(key) {
                Some(name) if name != key && !input.contains_key(name) => name,
                Some(name) if name != key => continue,
                _ => key.as_str(),
            };
            if !output.contains_key(name) {
                output.insert(name.to_owned(), value.clone());
            }
        }
        output
    }
}

/// One choice of a `select` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SelectOption {
    /// Text shown to users.
    pub label: String,
    /// Value stored.
    pub value: Value,
}

/// Conditional display of an input field: show (or hide) it when other fields hold one of the
/// listed values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DisplayOptions {
    /// Show only when each named field holds one of its values.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub show: Map<String, Value>,
    /// Hide when a named field holds one of its values.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub hide: Map<String, Value>,
}
