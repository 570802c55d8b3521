//! What a new connector will hold, decided before anything is written: its auth, its
//! credentials form, its actions and triggers with their input structs.

use super::compat::{CompatFile, CompatInput};
use super::names::{field_ident, lit, pascal, snake, title};
use serde_json::Value;
use std::collections::BTreeSet;

/// How the connector authenticates (`--auth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthKind {
    /// An API key in a header.
    #[value(name = "api_key")]
    ApiKey,
    /// A bearer token.
    Bearer,
    /// HTTP basic auth.
    Basic,
    /// OAuth2 authorization code.
    Oauth2,
    /// No authentication.
    None,
}

impl AuthKind {
    /// The auth kind closest to FluxTurn's `auth_type` (`multiple` picks OAuth2 when the compat
    /// file has OAuth2 endpoints, else an API key; `custom` protocols start with none).
    pub fn from_compat(compat: &CompatFile) -> Self {
        match compat.auth_type.as_deref().unwrap_or("none") {
            "api_key" => Self::ApiKey,
            "bearer_token" | "access_token" => Self::Bearer,
            "basic_auth" | "basic" => Self::Basic,
            "oauth2" => Self::Oauth2,
            "multiple" if compat.oauth_config.is_some() => Self::Oauth2,
            "multiple" => Self::ApiKey,
            _ => Self::None,
        }
    }
}

/// One field of a generated struct.
#[derive(Debug, Clone)]
pub struct FieldPlan {
    /// Its doc comment.
    pub doc: String,
    /// The Rust identifier.
    pub ident: String,
    /// The serialized key.
    pub key: String,
    /// The Rust type.
    pub rust_type: String,
    /// What goes in `#[field(...)]`.
    pub hints: Vec<String>,
    /// A sample JSON value the generated test sends.
    pub sample: Value,
}

/// A select's options as an enum.
#[derive(Debug, Clone)]
pub struct EnumPlan {
    /// Its name.
    pub name: String,
    /// What it is for.
    pub doc: String,
    /// (variant, serialized value).
    pub variants: Vec<(String, String)>,
}

/// A generated input (or trigger configuration) struct.
#[derive(Debug, Clone)]
pub struct InputPlan {
    /// Its name.
    pub name: String,
    /// Its doc comment.
    pub doc: String,
    /// Its fields.
    pub fields: Vec<FieldPlan>,
    /// The enums of its select fields.
    pub enums: Vec<EnumPlan>,
}

/// How an action runs.
#[derive(Debug, Clone)]
pub enum ActionBody {
    /// Declared: `http(method = .., endpoint = ..)`, no body.
    Http {
        /// `GET`, `POST`, ...
        method: String,
        /// `/path/{field}`.
        endpoint: String,
    },
    /// A body to write: the compat file says no usable method and endpoint.
    ToWrite,
}

/// One action.
#[derive(Debug, Clone)]
pub struct ActionPlan {
    /// The method name (the id).
    pub ident: String,
    /// The compat id when it is not snake_case (`legacy_id`).
    pub legacy_id: Option<String>,
    /// Its name in the UI.
    pub name: String,
    /// Its input, if it takes one.
    pub input: Option<InputPlan>,
    /// How it runs.
    pub body: ActionBody,
}

/// One trigger.
#[derive(Debug, Clone)]
pub struct TriggerPlan {
    /// The method name (the id).
    pub ident: String,
    /// The compat id when it is not snake_case (an alias).
    pub alias: Option<String>,
    /// Its name in the UI.
    pub name: String,
    /// Webhook (true) or polling.
    pub webhook: bool,
    /// Its configuration.
    pub config: InputPlan,
}

/// The whole connector.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Its id (`google_sheets`).
    pub name: String,
    /// Its type (`GoogleSheets`).
    pub type_name: String,
    /// Its name in the UI.
    pub display_name: String,
    /// Its category (and module).
    pub category: String,
    /// The API's base URL.
    pub base_url: String,
    /// Whether the base URL is a placeholder to replace.
    pub base_url_is_example: bool,
    /// How it authenticates.
    pub auth: AuthKind,
    /// `auth = ...` as written in the attribute.
    pub auth_declaration: String,
    /// The credentials form (empty: no credentials struct).
    pub credentials: Vec<FieldPlan>,
    /// The actions.
    pub actions: Vec<ActionPlan>,
    /// The triggers.
    pub triggers: Vec<TriggerPlan>,
    /// Whether this is the one-example-action form (no compat file).
    pub example: bool,
    /// The compat file it came from, for the doc comment.
    pub from_compat: Option<String>,
}

impl Plan {
    /// The plan of a new connector without a compat file: one example action.
    pub fn example(name: &str, category: &str, auth: AuthKind) -> Self {
        let credentials = default_credentials(auth);
        let example_input = InputPlan {
            name: "GetItem".into(),
            doc: "The input of `get_item`.".into(),
            fields: vec![FieldPlan {
                doc: "The item's id".into(),
                ident: "id".into(),
                key: "id".into(),
                rust_type: "String".into(),
                hints: vec![r#"label = "Item ID""#.into(), r#"placeholder = "item_123""#.into()],
                sample: Value::String("item_1".into()),
            }],
            enums: Vec::new(),
        };
        Self {
            name: name.to_owned(),
            type_name: pascal(name),
            display_name: title(name),
            category: category.to_owned(),
            base_url: format!("https://api.{}.example/v1", name.replace('_', "")),
            base_url_is_example: true,
            auth,
            auth_declaration: auth_declaration(auth, &credentials, None),
            credentials,
            actions: vec![ActionPlan {
                ident: "get_item".into(),
                legacy_id: None,
                name: "Get Item".into(),
                input: Some(example_input),
                body: ActionBody::Http { method: "GET".into(), endpoint: "/items/{id}".into() },
            }],
            triggers: Vec::new(),
            example: true,
            from_compat: None,
        }
    }

    /// The plan of a connector from its compat file: every action and trigger.
    pub fn from_compat(compat: &CompatFile, category: &str, auth: AuthKind, source: &str) -> Self {
        let name = compat.name.clone();
        // A key listed twice (some compat files do) is one field.
        let mut seen = BTreeSet::new();
        let mut credentials: Vec<FieldPlan> =
            compat.auth_fields.iter().filter(|f| seen.insert(f.key.clone())).map(credential_field).collect();
        let needed = default_credentials(auth);
        if credentials.is_empty() || !needed.iter().all(|n| credential_role_filled(auth, &credentials, n)) {
            for field in needed {
                if !credentials.iter().any(|c| c.key == field.key) {
                    credentials.push(field);
                }
            }
        }
        let keys: BTreeSet<String> = credentials.iter().map(|c| c.key.clone()).collect();
        let (base_url, base_url_is_example) = match &compat.base_url {
            Some(url)
                if url.starts_with("http")
                    && fluxturn_core::http::fill_placeholders(url, |p| keys.contains(p).then(String::new)).is_ok() =>
            {
                (url.clone(), false)
            }
            _ => (format!("https://api.{}.example", name.replace('_', "")), true),
        };
        let mut used = BTreeSet::new();
        let actions = compat
            .actions
            .iter()
            .map(|a| {
                let ident = unique(&mut used, snake(&a.id));
                let method = a.method.as_deref().unwrap_or_default().to_ascii_uppercase();
                let endpoint = a.endpoint.clone().unwrap_or_default();
                let declarable =
                    matches!(method.as_str(), "GET" | "POST" | "PUT" | "PATCH" | "DELETE") && endpoint.starts_with('/');
                // A declared endpoint's placeholders are filled from the input: each must be a field.
                let mut inputs = a.inputs.clone();
                if declarable {
                    for placeholder in placeholders(&endpoint) {
                        inputs
                            .entry(placeholder)
                            .or_insert_with(|| serde_json::json!({ "type": "string", "required": true }));
                    }
                }
                let input =
                    input_plan(&format!("{}Input", pascal(&ident)), &format!("The input of `{ident}`."), &inputs);
                ActionPlan {
                    legacy_id: (ident != a.id).then(|| a.id.clone()),
                    name: a.name.clone().unwrap_or_else(|| title(&a.id)),
                    input,
                    body: if declarable { ActionBody::Http { method, endpoint } } else { ActionBody::ToWrite },
                    ident,
                }
            })
            .collect();
        let triggers = compat
            .triggers
            .iter()
            .map(|t| {
                let ident = unique(&mut used, snake(&t.id));
                let config_name = format!("{}Config", pascal(&ident));
                let doc = format!("The configuration of `{ident}`.");
                let config = input_plan(&config_name, &doc, &t.inputs).unwrap_or(InputPlan {
                    name: config_name,
                    doc,
                    fields: Vec::new(),
                    enums: Vec::new(),
                });
                TriggerPlan {
                    alias: (ident != t.id).then(|| t.id.clone()),
                    name: t.name.clone().unwrap_or_else(|| title(&t.id)),
                    webhook: t.webhook_required.unwrap_or(false) || !t.polling_enabled.unwrap_or(false),
                    config,
                    ident,
                }
            })
            .collect();
        Self {
            type_name: pascal(&name),
            display_name: compat.display_name.clone().unwrap_or_else(|| title(&name)),
            category: category.to_owned(),
            base_url,
            base_url_is_example,
            auth,
            auth_declaration: auth_declaration(auth, &credentials, compat.oauth_config.as_ref()),
            credentials,
            actions,
            triggers,
            example: false,
            from_compat: Some(source.to_owned()),
            name,
        }
    }
}

/// The `{name}` placeholders of an endpoint.
fn placeholders(endpoint: &str) -> Vec<String> {
    endpoint.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

/// `name`, or `name_2`, ... when already used.
fn unique(used: &mut BTreeSet<String>, name: String) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

/// The credentials an auth kind reads, when the compat file does not give them.
fn default_credentials(auth: AuthKind) -> Vec<FieldPlan> {
    let secret = |key: &str, label: &str, doc: &str| FieldPlan {
        doc: doc.into(),
        ident: snake(key),
        key: key.into(),
        rust_type: "Secret<String>".into(),
        hints: vec![format!("label = {}", lit(label)), "secret".into()],
        sample: Value::String(format!("test-{key}")),
    };
    match auth {
        AuthKind::ApiKey => vec![secret("apiKey", "API Key", "The API key, from your account's API settings")],
        AuthKind::Bearer => {
            vec![secret("accessToken", "Access Token", "An access token, from your account's API settings")]
        }
        AuthKind::Basic => vec![
            FieldPlan {
                doc: "The user name".into(),
                ident: "username".into(),
                key: "username".into(),
                rust_type: "String".into(),
                hints: vec![r#"label = "Username""#.into()],
                sample: Value::String("test-username".into()),
            },
            secret("password", "Password", "The password"),
        ],
        AuthKind::Oauth2 | AuthKind::None => Vec::new(),
    }
}

/// Whether the compat credentials already hold the field `needed` plays (a secret for a key or
/// token, a user name and a password for basic auth).
fn credential_role_filled(auth: AuthKind, credentials: &[FieldPlan], needed: &FieldPlan) -> bool {
    match auth {
        AuthKind::Basic if needed.key == "username" => credentials.iter().any(|c| !c.rust_type.contains("Secret")),
        _ => credentials.iter().any(|c| c.rust_type.contains("Secret")),
    }
}

/// The key of the credential field that holds the secret (the first secret field).
fn secret_key(credentials: &[FieldPlan]) -> String {
    credentials.iter().find(|c| c.rust_type.contains("Secret")).map(|c| c.key.clone()).unwrap_or_default()
}

/// `auth = ...`.
fn auth_declaration(auth: AuthKind, credentials: &[FieldPlan], oauth: Option<&super::compat::CompatOAuth>) -> String {
    match auth {
        AuthKind::ApiKey => {
            format!(
                r#"api_key(header = "Authorization", prefix = "Bearer ", field = {})"#,
                lit(&secret_key(credentials))
            )
        }
        AuthKind::Bearer => format!("bearer_token(field = {})", lit(&secret_key(credentials))),
        AuthKind::Basic => {
            let user = credentials.iter().find(|c| !c.rust_type.contains("Secret")).map(|c| c.key.clone());
            format!(
                "basic_auth(username = {}, password = {})",
                lit(&user.unwrap_or_else(|| "username".into())),
                lit(&secret_key(credentials))
            )
        }
        AuthKind::Oauth2 => {
            let absolute = |url: Option<&String>, fallback: &str| {
                url.filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                    .cloned()
                    .unwrap_or(fallback.into())
            };
            let authorization =
                absolute(oauth.and_then(|o| o.authorization_url.as_ref()), "https://example.com/oauth/authorize");
            let token = absolute(oauth.and_then(|o| o.token_url.as_ref()), "https://example.com/oauth/token");
            let scopes: Vec<String> = oauth.map(|o| o.scopes.iter().map(|s| lit(s)).collect()).unwrap_or_default();
            format!(
                "oauth2(authorization_url = {}, token_url = {}, scopes = [{}])",
                lit(&authorization),
                lit(&token),
                scopes.join(", ")
            )
        }
        AuthKind::None => "none".into(),
    }
}

/// One field of the compat auth form.
fn credential_field(field: &super::compat::CompatAuthField) -> FieldPlan {
    let kind = field.field_type.as_deref().unwrap_or("string");
    let (base, sample) = match kind {
        "password" => ("Secret<String>", Value::String(format!("test-{}", field.key))),
        "boolean" => ("bool", Value::Bool(true)),
        "number" => ("f64", Value::from(1)),
        _ => ("String", Value::String(format!("test-{}", field.key))),
    };
    let mut hints = vec![format!("key = {}", lit(&field.key)), format!("label = {}", lit(&title(&field.key)))];
    if kind == "password" {
        hints.push("secret".into());
    }
    if kind == "textarea" {
        hints.push(r#"field_type = "textarea""#.into());
    }
    let doc = if kind == "select" {
        format!("{} (FluxTurn's form has a select here: give it an enum of its choices)", title(&field.key))
    } else {
        title(&field.key)
    };
    FieldPlan {
        doc,
        ident: field_ident(&field.key),
        key: field.key.clone(),
        rust_type: if field.required { base.to_owned() } else { format!("Option<{base}>") },
        hints,
        sample,
    }
}

/// The input struct of an action or trigger with these compat inputs; `None` without inputs.
fn input_plan(name: &str, doc: &str, inputs: &serde_json::Map<String, Value>) -> Option<InputPlan> {
    if inputs.is_empty() {
        return None;
    }
    let mut enums = Vec::new();
    let mut idents = BTreeSet::new();
    let fields = inputs
        .iter()
        .map(|(key, value)| {
            let input = CompatInput::read(value);
            let ident = unique(&mut idents, field_ident(key));
            let mut hints = vec![format!("label = {}", lit(&title(key)))];
            if let Some(widget) = input.input_type.as_deref().filter(|w| *w != "text") {
                hints.push(format!("input_type = {}", lit(widget)));
            }
            let string_options: Vec<String> =
                input.options.iter().filter_map(|o| o.as_str().map(str::to_owned)).collect();
            let select = input.field_type == "select"
                && !string_options.is_empty()
                && string_options.len() == input.options.len();
            let (base, sample) = if select {
                let enum_name = format!("{name}{}", pascal(key));
                let mut used = BTreeSet::new();
                let variants = string_options
                    .iter()
                    .map(|o| (unique(&mut used, pascal(if o.is_empty() { "empty" } else { o })), o.clone()))
                    .collect();
                enums.push(EnumPlan { name: enum_name.clone(), doc: format!("The choices of `{key}`."), variants });
                (enum_name, Value::String(string_options[0].clone()))
            } else {
                match input.field_type.as_str() {
                    "number" => ("f64".to_owned(), Value::from(1)),
                    "boolean" => ("bool".to_owned(), Value::Bool(true)),
                    "multiselect" => ("Vec<String>".to_owned(), Value::Array(Vec::new())),
                    "array" => ("Vec<Value>".to_owned(), Value::Array(Vec::new())),
                    "object" | "collection" | "fixedCollection" | "json" | "resourceMapper" => {
                        ("Map<String, Value>".to_owned(), Value::Object(Default::default()))
                    }
                    _ => ("String".to_owned(), Value::String("sample".into())),
                }
            };
            if let Some(default) = &input.default {
                let literal = match default {
                    Value::String(s) if (base == "String" && !select) || (select && string_options.contains(s)) => {
                        Some(lit(s))
                    }
                    Value::Bool(b) if base == "bool" => Some(b.to_string()),
                    Value::Number(n) if base == "f64" => Some(n.to_string()),
                    _ => None,
                };
                if let Some(literal) = literal {
                    hints.push(format!("default = {literal}"));
                }
            }
            FieldPlan {
                doc: title(key),
                ident,
                key: key.clone(),
                rust_type: if input.required { base } else { format!("Option<{base}>") },
                hints,
                sample,
            }
        })
        .collect();
    Some(InputPlan { name: name.to_owned(), doc: doc.to_owned(), fields, enums })
}
