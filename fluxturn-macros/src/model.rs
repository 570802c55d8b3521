//! The resolved models the parsers build and the validators and expanders read. Every default
//! is settled here (ids, names, credential keys, body encodings), and every value written as a
//! string that names one of a fixed set is an enum: expanders never decide anything.

use crate::attr::names;
use proc_macro2::Span;
use syn::{Ident, LitInt, LitStr, Type};

names! {
    /// FluxTurn's twenty connector categories (mirrors `fluxturn_core::ConnectorCategory`; a
    /// compile-pass case uses each one, so the two cannot drift).
    pub enum Category {
        Ai = "ai",
        Analytics = "analytics",
        Cms = "cms",
        Communication = "communication",
        Crm = "crm",
        DataProcessing = "data_processing",
        Database = "database",
        Development = "development",
        Ecommerce = "ecommerce",
        Finance = "finance",
        Forms = "forms",
        Infrastructure = "infrastructure",
        Marketing = "marketing",
        Productivity = "productivity",
        ProjectManagement = "project_management",
        Social = "social",
        Storage = "storage",
        Support = "support",
        Utility = "utility",
        Video = "video",
    }
}

impl Category {
    /// The variant of `fluxturn_core::ConnectorCategory`.
    pub fn variant(self) -> Ident {
        let pascal: String = self
            .name()
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
            })
            .collect();
        Ident::new(&pascal, Span::call_site())
    }
}

names! {
    /// HTTP methods a declarative action may use.
    pub enum HttpMethod {
        Get = "GET",
        Post = "POST",
        Put = "PUT",
        Patch = "PATCH",
        Delete = "DELETE",
    }
}

names! {
    /// How a declarative action's parameters travel.
    pub enum BodyEncoding {
        Json = "json",
        Form = "form",
        Query = "query",
    }
}

names! {
    /// The window of one `rate_limit(...)` key.
    pub enum RateWindow {
        Second = "requests_per_second",
        Minute = "requests_per_minute",
        Hour = "requests_per_hour",
    }
}

/// `#[connector(...)]` on a struct, resolved.
pub struct ConnectorModel {
    /// The struct, as written.
    pub item: syn::ItemStruct,
    /// `crate = "..."`: where `fluxturn_core` is.
    pub krate: Option<syn::Path>,
    /// `name`; empty when missing (an error is recorded).
    pub name: LitStr,
    /// `display_name`, else the title-cased name.
    pub display_name: String,
    /// `category`; `None` when missing or unknown (an error is recorded).
    pub category: Option<Category>,
    /// `description`, else the doc comment's first paragraph.
    pub description: String,
    /// The doc comment's other paragraphs.
    pub long_description: Option<String>,
    /// `base_url`.
    pub base_url: Option<LitStr>,
    /// `icon`.
    pub icon: Option<LitStr>,
    /// `rate_limit(...)`, one entry per window.
    pub rate_limits: Vec<(RateWindow, LitInt)>,
    /// `auth = ...`, each method with its credential keys settled.
    pub auth: Vec<AuthModel>,
    /// `credentials = Type`.
    pub credentials: Option<Type>,
    /// `webhook_support`.
    pub webhook_support: Option<bool>,
    /// `test_endpoint`.
    pub test_endpoint: Option<LitStr>,
    /// `headers(...)`.
    pub headers: Vec<(LitStr, LitStr)>,
}

/// A credential key an auth method reads, default settled, with where it was written.
#[derive(Clone)]
pub struct CredentialKey {
    /// The key (`apiKey`).
    pub key: String,
    /// `field = "..."`, or the method's name when the key is the default.
    pub span: Span,
}

/// Where an API key goes.
pub enum KeyPlacement {
    /// `header = "X-Api-Key", prefix = "..."`.
    Header { name: LitStr, prefix: String },
    /// `query = "key"`.
    Query { name: LitStr },
    /// `url`: the key fills a base_url placeholder.
    Url,
}

/// One `auth = ...` method, resolved.
pub enum AuthModel {
    /// `none`.
    None,
    /// `api_key(...)`.
    ApiKey { placement: KeyPlacement, field: CredentialKey },
    /// `bearer_token(...)`.
    BearerToken { field: CredentialKey },
    /// `basic_auth(...)`.
    BasicAuth { username: CredentialKey, password: CredentialKey },
    /// `oauth2(...)`: declared endpoints, or a shared provider's (`provider = "google"`).
    OAuth2 { endpoints: OAuthEndpoints, scopes: Vec<LitStr> },
    /// `custom`: the connector signs in itself, with its own credential fields.
    Custom,
}

/// Where an `oauth2(...)` method's endpoints come from.
pub enum OAuthEndpoints {
    /// `authorization_url = "..", token_url = "..", pkce`.
    Declared { authorization_url: LitStr, token_url: LitStr, pkce: bool },
    /// `provider = "google"`: the constant of `fluxturn_core::auth::providers` it names.
    Provider(Ident),
}

/// The shared OAuth2 providers of `fluxturn_core::auth::providers`: (name, constant).
pub const OAUTH_PROVIDERS: &[(&str, &str)] = &[("google", "GOOGLE"), ("dropbox", "DROPBOX"), ("reddit", "REDDIT")];

impl AuthModel {
    /// The credential keys the method reads from the form.
    pub fn credential_keys(&self) -> Vec<&CredentialKey> {
        match self {
            Self::ApiKey { field, .. } | Self::BearerToken { field } => vec![field],
            Self::BasicAuth { username, password } => vec![username, password],
            Self::None | Self::OAuth2 { .. } | Self::Custom => vec![],
        }
    }
}

/// `#[actions]` on an impl block, resolved.
pub struct ActionsModel {
    /// The impl block, with our attributes taken off its methods.
    pub item: syn::ItemImpl,
    /// `#[actions(crate = "...")]`.
    pub krate: Option<syn::Path>,
    /// `#[action]` methods.
    pub actions: Vec<ActionModel>,
    /// `#[trigger]` methods.
    pub triggers: Vec<TriggerModel>,
    /// Methods marked `#[test_connection]` (more than one is an error).
    pub test_connection: Vec<MethodModel>,
    /// Methods without a body that carry none of our attributes.
    pub unannotated_bodiless: Vec<Ident>,
}

/// What every annotated method has.
pub struct MethodModel {
    /// The method's signature.
    pub sig: syn::Signature,
    /// Whether the method has a body (`fn f();` does not).
    pub has_body: bool,
    /// Types of the parameters after the receiver.
    pub params: Vec<Type>,
}

/// An action's or trigger's id, name and descriptions, defaults settled.
pub struct Naming {
    /// `id`/`legacy_id`, else the method name.
    pub id: String,
    /// Where the id was written (or the method name).
    pub id_span: Span,
    /// `aliases = [...]`: other ids existing workflows use, kept verbatim.
    pub aliases: Vec<LitStr>,
    /// `name`, else the title-cased id.
    pub name: String,
    /// `description`, else the doc comment's first paragraph.
    pub description: String,
    /// The doc comment's other paragraphs.
    pub long_description: Option<String>,
    /// `icon`.
    pub icon: Option<LitStr>,
}

/// `#[action(...)]`, resolved.
pub struct ActionModel {
    /// The method.
    pub method: MethodModel,
    /// Id, name, descriptions, icon.
    pub naming: Naming,
    /// Whether the id is a `legacy_id` (kept verbatim, exempt from snake_case).
    pub legacy: bool,
    /// `category`.
    pub category: Option<LitStr>,
    /// `http(...)`, when written and complete.
    pub http: Option<HttpModel>,
    /// Whether `http(...)` was written (complete or not).
    pub declares_http: bool,
    /// `idempotent`.
    pub idempotent: bool,
}

/// `http(method = .., endpoint = .., headers(..), param_mapping(..), body = ..)`, resolved.
pub struct HttpModel {
    /// The method.
    pub method: HttpMethod,
    /// The endpoint, with `{field}` placeholders.
    pub endpoint: LitStr,
    /// Fixed headers.
    pub headers: Vec<(LitStr, LitStr)>,
    /// Input field → upstream parameter.
    pub param_mapping: Vec<(Ident, LitStr)>,
    /// `body`, default json.
    pub body: BodyEncoding,
}

/// Whether a trigger is pushed or pulled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    /// `webhook`.
    Webhook,
    /// `polling`.
    Polling,
    /// `gateway = method`.
    Gateway,
}

impl TriggerKind {
    /// The kind as a word in messages.
    pub fn word(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Polling => "polling",
            Self::Gateway => "gateway",
        }
    }
}

names! {
    /// `verify = "..."`: the provider signature schemes the framework checks.
    pub enum SchemeName {
        SlackV0 = "slack_v0",
        Stripe = "stripe",
        GitHub = "github",
        Twilio = "twilio",
        Telegram = "telegram",
        DiscordEd25519 = "discord_ed25519",
        Airtable = "airtable",
        UrlToken = "url_token",
        Shopify = "shopify",
        WooCommerce = "woocommerce",
        ClickUp = "clickup",
        ZoomV0 = "zoom_v0",
        HubSpotV3 = "hubspot_v3",
        Meta = "meta",
        Asana = "asana",
        Trello = "trello",
        SendGrid = "sendgrid",
    }
}

/// `secret = "..."`: where a trigger's signing secret lives.
pub enum SecretModel {
    /// `"config.<field>"`.
    Config(String),
    /// `"credentials.<key>"`.
    Credential(String),
    /// `"generated"`.
    Generated,
}

/// `event_id = "..."`, checked: `header:<name>`, `body:/<pointer>`, `form:<name>` or `/<pointer>`.
pub struct EventIdModel {
    /// As written.
    pub spec: LitStr,
}

/// `#[trigger(...)]`, resolved.
pub struct TriggerModel {
    /// The method.
    pub method: MethodModel,
    /// Id, name, descriptions, icon.
    pub naming: Naming,
    /// `event_type`, else the id.
    pub event_type: String,
    /// `webhook`, `polling` or `gateway`; `None` when none or two (an error is recorded).
    pub kind: Option<TriggerKind>,
    /// `gateway = method`: the method that opens the connection.
    pub gateway: Option<Ident>,
    /// `verify`: the signature scheme checked before the handler runs.
    pub verify: Option<SchemeName>,
    /// `secret`, with the span of its value (for the field check).
    pub secret: Option<(SecretModel, Span)>,
    /// `event_id`.
    pub event_id: Option<EventIdModel>,
    /// `subscribe = method`: registers the webhook with the provider.
    pub subscribe: Option<Ident>,
    /// `unsubscribe = method`: removes it.
    pub unsubscribe: Option<Ident>,
    /// `refresh = method`: renews a subscription before it expires.
    pub refresh: Option<Ident>,
    /// `endpoint = "connection"`: one webhook URL per connection, shared by its registrations.
    pub shared_endpoint: bool,
}

/// `#[derive(Input)]` or `#[derive(Credentials)]`, resolved.
pub struct FieldsModel {
    /// The struct.
    pub ident: Ident,
    /// Its generics.
    pub generics: syn::Generics,
    /// `#[fluxturn(crate = "...")]`.
    pub krate: Option<syn::Path>,
    /// The fields, in declaration order.
    pub fields: Vec<FieldModel>,
    /// Whether serde's attributes are broken (an unknown `rename_all` rule): serde reports it
    /// and implements nothing, so no placeholder `Input` could satisfy its supertraits either.
    pub serde_broken: bool,
}

/// One field with its hints.
pub struct FieldModel {
    /// The Rust field.
    pub ident: Ident,
    /// Its type.
    pub ty: Type,
    /// The serialized name (after serde renames, or `key = ..`).
    pub name: String,
    /// The token the name came from (`key = "..."`, or the field ident).
    pub name_span: Span,
    /// Whether serde skips the field when deserializing.
    pub skipped: bool,
    /// Whether its type is written `Option<...>`.
    pub is_option: bool,
    /// Whether a value is required (credentials: `required`, or not `Option` and not `optional`;
    /// a field with `show(...)` conditions only when they hold).
    pub required: bool,
    /// The hints, descriptions settled from the doc comment.
    pub hints: HintsModel,
}

/// `#[field(...)]`.
#[derive(Default)]
pub struct HintsModel {
    /// `key` (credentials).
    pub key: Option<LitStr>,
    /// `aliases = [...]` (inputs): other names existing workflows give the field.
    pub aliases: Vec<LitStr>,
    /// `label`.
    pub label: Option<LitStr>,
    /// `description`, else the doc comment's first paragraph.
    pub description: Option<String>,
    /// `placeholder`.
    pub placeholder: Option<LitStr>,
    /// `default`.
    pub default: Option<syn::Lit>,
    /// `input_type`.
    pub input_type: Option<LitStr>,
    /// `field_type`.
    pub field_type: Option<LitStr>,
    /// `min`.
    pub min: Option<syn::Lit>,
    /// `max`.
    pub max: Option<syn::Lit>,
    /// `step`.
    pub step: Option<syn::Lit>,
    /// `min_length`.
    pub min_length: Option<LitInt>,
    /// `max_length`.
    pub max_length: Option<LitInt>,
    /// `pattern`.
    pub pattern: Option<LitStr>,
    /// `help_url`.
    pub help_url: Option<LitStr>,
    /// `help_text`, else the doc comment's other paragraphs.
    pub help_text: Option<String>,
    /// `secret`.
    pub secret: bool,
    /// `optional` (credentials): where it is written.
    pub optional: Option<Span>,
    /// `required` (credentials): where it is written.
    pub required: Option<Span>,
    /// `show(field = [values])`.
    pub show: Vec<(Ident, Vec<syn::Lit>)>,
    /// `hide(field = [values])`.
    pub hide: Vec<(Ident, Vec<syn::Lit>)>,
}
