//! The static metadata the macros write down, and how a definition is built from it.

use crate::auth::AuthMethod;
use crate::definition::{
    ActionDefinition, ApiSpec, AuthField, AuthTypeOption, ConnectorDefinition, Endpoints, OAuthConfig, RateLimits,
    TriggerDefinition,
};
use crate::fields::Input;
use crate::schema::{field_map, json_schema_for, Direction};
use crate::ConnectorCategory;
use schemars::JsonSchema;

/// What `#[connector(...)]` declares.
#[derive(Debug, Clone, Copy)]
pub struct ConnectorMeta {
    /// `name`.
    pub name: &'static str,
    /// `display_name`.
    pub display_name: &'static str,
    /// `category`.
    pub category: ConnectorCategory,
    /// `description`, or the first paragraph of the struct's doc comment.
    pub description: &'static str,
    /// The other paragraphs of the doc comment (not exported: FluxTurn's definition has no
    /// place for them).
    pub long_description: Option<&'static str>,
    /// `base_url`.
    pub base_url: Option<&'static str>,
    /// `auth`: one method, several, or `none`.
    pub auth: &'static [AuthMethod],
    /// `rate_limit(...)`.
    pub rate_limits: RateLimitMeta,
    /// `webhook_support`, when declared; else whether a trigger is a webhook.
    pub webhook_support: Option<bool>,
    /// `test_endpoint`: what "Test connection" GETs when no method is marked `#[test_connection]`.
    pub test_endpoint: Option<&'static str>,
    /// `headers(...)`: sent with every request (an API version header, ...).
    pub headers: &'static [(&'static str, &'static str)],
}

impl ConnectorMeta {
    /// Whether the connector's OAuth2 method declares PKCE (S256): the server then sends a
    /// challenge with the authorization and the verifier with the code exchange.
    pub fn uses_pkce(&self) -> bool {
        self.auth.iter().any(AuthMethod::uses_pkce)
    }

    /// The metadata of a placeholder impl emitted next to a compile error (never used).
    pub const fn uncompiled() -> Self {
        Self {
            name: "",
            display_name: "",
            category: ConnectorCategory::Utility,
            description: "",
            long_description: None,
            base_url: None,
            auth: &[],
            rate_limits: RateLimitMeta { per_second: None, per_minute: None, per_hour: None },
            webhook_support: None,
            test_endpoint: None,
            headers: &[],
        }
    }
}

/// `rate_limit(requests_per_second = .., requests_per_minute = .., requests_per_hour = ..)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RateLimitMeta {
    /// Per second.
    pub per_second: Option<u32>,
    /// Per minute.
    pub per_minute: Option<u32>,
    /// Per hour.
    pub per_hour: Option<u32>,
}

/// What `#[action(...)]` declares.
#[derive(Debug, Clone, Copy)]
pub struct ActionMeta {
    /// `id`.
    pub id: &'static str,
    /// `aliases = [...]`: other ids existing workflows call the action by, kept verbatim.
    pub aliases: &'static [&'static str],
    /// `name`.
    pub name: &'static str,
    /// `description`, or the first paragraph of the method's doc comment.
    pub description: &'static str,
    /// The other paragraphs of the doc comment.
    pub long_description: Option<&'static str>,
    /// `category`.
    pub category: Option<&'static str>,
    /// `icon`.
    pub icon: Option<&'static str>,
    /// `http(...)`.
    pub api: Option<ApiMeta>,
    /// `idempotent`.
    pub idempotent: bool,
}

/// `http(method = "POST", endpoint = "/x/{id}", headers(..), param_mapping(..))`.
#[derive(Debug, Clone, Copy)]
pub struct ApiMeta {
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path relative to the base URL, with `{inputField}` placeholders.
    pub endpoint: &'static str,
    /// Fixed headers.
    pub headers: &'static [(&'static str, &'static str)],
    /// Input field → upstream parameter, for fields whose names differ.
    pub param_mapping: &'static [(&'static str, &'static str)],
    /// How the parameters travel: `"json"` (default for POST/PUT/PATCH), `"form"`
    /// (form-urlencoded, nested values in bracket notation) or `"query"`.
    pub body: &'static str,
    /// The action's `idempotent`: its request may be repeated after a timeout or a 5xx even
    /// when its method is not idempotent.
    pub idempotent: bool,
}

/// What `#[trigger(...)]` declares.
#[derive(Debug, Clone, Copy)]
pub struct TriggerMeta {
    /// `id`.
    pub id: &'static str,
    /// `aliases = [...]`: other ids existing workflows call the trigger by, kept verbatim.
    pub aliases: &'static [&'static str],
    /// `name`.
    pub name: &'static str,
    /// `description`, or the first paragraph of the method's doc comment.
    pub description: &'static str,
    /// The other paragraphs of the doc comment.
    pub long_description: Option<&'static str>,
    /// `event_type`, default the id.
    pub event_type: &'static str,
    /// `icon`.
    pub icon: Option<&'static str>,
    /// `webhook`.
    pub webhook: bool,
    /// `polling`.
    pub polling: bool,
    /// `gateway = method`: the method that opens the connection its events arrive over; the
    /// triggers naming the same method share one connection.
    pub gateway: Option<&'static str>,
    /// `verify`: the signature scheme the framework checks before the handler runs.
    pub verify: Option<crate::SignatureScheme>,
    /// `secret`: where the signing secret lives.
    pub secret: Option<crate::SecretSource>,
    /// `event_id`: where an event's identity is, so a redelivery is stored once.
    pub event_id: Option<crate::EventId>,
    /// Whether `subscribe = ...` registers the webhook with the provider.
    pub subscribes: bool,
    /// Whether `refresh = ...` renews the subscription before it expires.
    pub refreshes: bool,
    /// `endpoint = "connection"`: the provider keeps one webhook URL per connection (a Telegram
    /// bot, a Slack app, a Discord application), so every registration of the connection shares
    /// one URL, one subscription and one secret, and each delivery reaches all of them.
    pub shared_endpoint: bool,
}

/// The auth fields of a definition: the credential type's form.
pub type AuthFields = Vec<AuthField>;

/// Builds the full definition from what the macros wrote down.
pub fn build_definition(
    meta: &ConnectorMeta,
    auth_fields: AuthFields,
    supported_actions: Vec<ActionDefinition>,
    supported_triggers: Vec<TriggerDefinition>,
) -> ConnectorDefinition {
    let mut supported_actions = supported_actions;
    for action in &mut supported_actions {
        if let Some(api) = &mut action.api {
            api.base_url = meta.base_url.map(str::to_owned);
        }
    }
    let (auth_type, auth_types) = match meta.auth {
        [] => ("none".to_owned(), Vec::new()),
        [one] => (one.type_name().to_owned(), Vec::new()),
        many => ("multiple".to_owned(), auth_type_options(many)),
    };
    let oauth_config = meta.auth.iter().find_map(|method| match *method {
        AuthMethod::OAuth2 { authorization_url, token_url, scopes, .. } => Some(OAuthConfig {
            authorization_url: authorization_url.to_owned(),
            token_url: token_url.to_owned(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        }),
        _ => None,
    });
    let webhook_support = meta.webhook_support.unwrap_or_else(|| supported_triggers.iter().any(|t| t.webhook_required));
    ConnectorDefinition {
        name: meta.name.to_owned(),
        display_name: meta.display_name.to_owned(),
        category: meta.category,
        description: meta.description.to_owned(),
        auth_type,
        auth_types,
        auth_fields,
        oauth_config,
        endpoints: Endpoints { base_url: meta.base_url.map(str::to_owned) },
        webhook_support,
        rate_limits: RateLimits {
            requests_per_second: meta.rate_limits.per_second,
            requests_per_minute: meta.rate_limits.per_minute,
            requests_per_hour: meta.rate_limits.per_hour,
        },
        supported_actions,
        supported_triggers,
    }
}

/// `auth_types`: each kind of declared method once, in declaration order (Discord's two bot
/// tokens and webhook URL are all `api_key`).
fn auth_type_options(methods: &[AuthMethod]) -> Vec<AuthTypeOption> {
    let mut options: Vec<AuthTypeOption> = Vec::new();
    for method in methods {
        if !options.iter().any(|o| o.value == method.type_name()) {
            options.push(AuthTypeOption { value: method.type_name().to_owned(), label: method.label().to_owned() });
        }
    }
    options
}

/// The definition of one action whose input is `In` and output `Out`.
pub fn action_definition<In: Input, Out: JsonSchema + ?Sized>(meta: &ActionMeta) -> ActionDefinition {
    let json_schema = json_schema_for::<In>(Direction::Deserialize, In::hints());
    let input_schema = field_map(&json_schema, In::hints());
    let api = meta.api.map(|api| {
        let mut param_mapping: std::collections::BTreeMap<String, String> =
            input_schema.keys().map(|k| (k.clone(), k.clone())).collect();
        for (field, param) in api.param_mapping {
            param_mapping.insert((*field).to_owned(), (*param).to_owned());
        }
        let mut headers: std::collections::BTreeMap<String, String> =
            api.headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let content_type = match api.body {
            "form" => Some("application/x-www-form-urlencoded"),
            "query" => None,
            _ if sends_body(api.method) => Some("application/json"),
            _ => None,
        };
        if let Some(content_type) = content_type {
            headers.entry("Content-Type".into()).or_insert_with(|| content_type.into());
        }
        ApiSpec {
            endpoint: api.endpoint.to_owned(),
            method: api.method.to_owned(),
            base_url: None,
            headers,
            param_mapping,
        }
    });
    ActionDefinition {
        id: meta.id.to_owned(),
        aliases: owned(meta.aliases),
        name: meta.name.to_owned(),
        description: meta.description.to_owned(),
        long_description: meta.long_description.map(str::to_owned),
        category: meta.category.map(str::to_owned),
        icon: meta.icon.map(str::to_owned),
        api,
        input_schema,
        output_schema: output_field_map::<Out>(),
        json_schema,
        idempotent: meta.idempotent,
    }
}

/// The definition of one trigger configured by `In` that emits `Event`s.
pub fn trigger_definition<In: Input, Event: JsonSchema + ?Sized>(meta: &TriggerMeta) -> TriggerDefinition {
    let json_schema = json_schema_for::<In>(Direction::Deserialize, In::hints());
    TriggerDefinition {
        id: meta.id.to_owned(),
        aliases: owned(meta.aliases),
        name: meta.name.to_owned(),
        description: meta.description.to_owned(),
        long_description: meta.long_description.map(str::to_owned),
        event_type: meta.event_type.to_owned(),
        icon: meta.icon.map(str::to_owned),
        webhook_required: meta.webhook,
        polling_enabled: meta.polling,
        gateway: meta.gateway.is_some(),
        input_schema: field_map(&json_schema, In::hints()),
        output_schema: output_field_map::<Event>(),
        json_schema,
    }
}

/// `&["a", "b"]` as owned strings.
fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

fn output_field_map<Out: JsonSchema + ?Sized>() -> crate::FieldMap {
    field_map(&json_schema_for::<Out>(Direction::Serialize, &[]), &[])
}

/// Whether requests of this method carry a body.
pub(crate) fn sends_body(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}
