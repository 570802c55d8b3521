//! The typed models the parsers build and the validators and expanders read.

use proc_macro2::Span;
use syn::{Ident, LitBool, LitInt, LitStr, Type};

/// `#[connector(...)]` on a struct.
pub struct ConnectorModel {
    /// The struct.
    pub item: syn::ItemStruct,
    /// Span of the attribute (for "missing key" errors).
    pub attr_span: Span,
    pub name: Option<LitStr>,
    pub display_name: Option<LitStr>,
    pub category: Option<LitStr>,
    pub description: Option<LitStr>,
    pub base_url: Option<LitStr>,
    pub icon: Option<LitStr>,
    pub rate_limits: Vec<(Ident, LitInt)>,
    pub auth: Vec<AuthModel>,
    pub credentials: Option<Type>,
    pub webhook_support: Option<LitBool>,
    pub test_endpoint: Option<LitStr>,
    pub headers: Vec<(LitStr, LitStr)>,
}

/// One `auth = ...` method.
pub enum AuthModel {
    None,
    ApiKey {
        kind: Ident,
        header: Option<LitStr>,
        prefix: Option<LitStr>,
        query: Option<LitStr>,
        url: bool,
        field: Option<LitStr>,
    },
    BearerToken {
        kind: Ident,
        field: Option<LitStr>,
    },
    BasicAuth {
        kind: Ident,
        username: Option<LitStr>,
        password: Option<LitStr>,
    },
    OAuth2 {
        kind: Ident,
        authorization_url: Option<LitStr>,
        token_url: Option<LitStr>,
        scopes: Vec<LitStr>,
        pkce: bool,
    },
}

/// `#[actions]` on an impl block.
pub struct ActionsModel {
    /// The impl block, with our attributes still on its methods.
    pub item: syn::ItemImpl,
    pub actions: Vec<ActionModel>,
    pub triggers: Vec<TriggerModel>,
    /// Methods marked `#[test_connection]`.
    pub test_connection: Vec<MethodModel>,
}

/// What every annotated method has.
pub struct MethodModel {
    /// The method's signature.
    pub sig: syn::Signature,
    /// The method's doc comment.
    pub doc: Option<String>,
    /// Whether the method has a body (`fn f();` does not).
    pub has_body: bool,
    /// Types of the parameters after the receiver, with their spans.
    pub params: Vec<Type>,
}

/// `#[action(...)]`.
pub struct ActionModel {
    pub method: MethodModel,
    /// `legacy_id = ".."`: an id kept verbatim for existing workflows, exempt from snake_case.
    pub legacy_id: Option<LitStr>,
    pub id: Option<LitStr>,
    pub name: Option<LitStr>,
    pub description: Option<LitStr>,
    pub category: Option<LitStr>,
    pub icon: Option<LitStr>,
    pub http: Option<HttpModel>,
    pub idempotent: bool,
}

/// `http(method = .., endpoint = .., headers(..), param_mapping(..))`.
pub struct HttpModel {
    pub span: Span,
    pub method: Option<LitStr>,
    pub endpoint: Option<LitStr>,
    pub headers: Vec<(LitStr, LitStr)>,
    pub param_mapping: Vec<(Ident, LitStr)>,
    pub body: Option<LitStr>,
}

/// `#[trigger(...)]`.
pub struct TriggerModel {
    pub method: MethodModel,
    pub attr_span: Span,
    pub id: Option<LitStr>,
    pub name: Option<LitStr>,
    pub description: Option<LitStr>,
    pub event_type: Option<LitStr>,
    pub icon: Option<LitStr>,
    pub webhook: Option<Span>,
    pub polling: Option<Span>,
}

impl ActionModel {
    /// The action id: `legacy_id = ..` or `id = ..`, else the method name.
    pub fn id(&self) -> (String, Span) {
        match &self.legacy_id {
            Some(id) => (id.value(), id.span()),
            None => id_or_method(&self.id, &self.method),
        }
    }
}

impl TriggerModel {
    /// The trigger id: `id = ..`, else the method name.
    pub fn id(&self) -> (String, Span) {
        id_or_method(&self.id, &self.method)
    }
}

fn id_or_method(id: &Option<LitStr>, method: &MethodModel) -> (String, Span) {
    match id {
        Some(id) => (id.value(), id.span()),
        None => (method.sig.ident.to_string(), method.sig.ident.span()),
    }
}

/// `#[derive(Input)]` or `#[derive(Credentials)]`.
pub struct FieldsModel {
    pub ident: Ident,
    pub generics: syn::Generics,
    pub fields: Vec<FieldModel>,
}

/// One field with its hints.
pub struct FieldModel {
    pub ident: Ident,
    pub ty: Type,
    /// The serialized name (after serde renames, or `key = ..`).
    pub name: String,
    /// The token the name came from (`key = "..."`, or the field ident).
    pub name_span: Span,
    /// Whether serde skips the field when deserializing.
    pub skipped: bool,
    pub doc: Option<String>,
    pub hints: HintsModel,
}

/// `#[field(...)]`.
#[derive(Default)]
pub struct HintsModel {
    pub key: Option<LitStr>,
    pub label: Option<LitStr>,
    pub description: Option<LitStr>,
    pub placeholder: Option<LitStr>,
    pub default: Option<syn::Lit>,
    pub input_type: Option<LitStr>,
    pub field_type: Option<LitStr>,
    pub min: Option<syn::Lit>,
    pub max: Option<syn::Lit>,
    pub step: Option<syn::Lit>,
    pub min_length: Option<LitInt>,
    pub max_length: Option<LitInt>,
    pub pattern: Option<LitStr>,
    pub help_url: Option<LitStr>,
    pub help_text: Option<LitStr>,
    pub secret: bool,
    pub optional: bool,
    pub show: Vec<(Ident, Vec<syn::Lit>)>,
    pub hide: Vec<(Ident, Vec<syn::Lit>)>,
}
