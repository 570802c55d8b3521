//! Validation of the resolved models: the rules that relate several keys or items. Every check
//! records its error on the offending token with the fix in the message; none stops the others.
//! (Mistakes in one key's value — an unknown key, category or HTTP method, a key given twice —
//! are reported while parsing.)

use crate::checks::{is_snake_case, placeholders, to_snake_case, url_problem};
use crate::errors::Errors;
use crate::model::{
    ActionsModel, AuthModel, ConnectorModel, FieldsModel, MethodModel, Naming, OAuthEndpoints, TriggerKind,
};
use proc_macro2::Span;
use std::collections::HashMap;
use syn::{FnArg, LitStr};

/// Checks `#[connector(...)]`.
pub fn connector(model: &ConnectorModel, errors: &mut Errors) {
    let name = model.name.value();
    if !name.is_empty() && !is_snake_case(&name) {
        errors.add(
            model.name.span(),
            format!("connector name `{name}` is not snake_case; write `name = \"{}\"`", to_snake_case(&name)),
        );
    }
    if let Some(base_url) = &model.base_url {
        absolute_url(base_url, "base_url", errors);
    }
    for (window, value) in &model.rate_limits {
        if value.base10_parse::<u32>().is_ok_and(|n| n == 0) {
            errors.add(
                value.span(),
                format!(
                    "`{}` is 0, which would block every request; give a positive limit or leave the key out",
                    window.name()
                ),
            );
        }
    }
    if let Some(icon) = &model.icon {
        if !icon_path(icon).is_file() {
            let example = if name.is_empty() { "name".to_owned() } else { name.clone() };
            errors.add(icon.span(), format!("icon file `{}` does not exist; give a path relative to the crate root (the folder of its Cargo.toml), e.g. `icon = \"icons/{example}.svg\"`", icon.value()));
        }
    }
    for method in &model.auth {
        if let AuthModel::OAuth2 { endpoints: OAuthEndpoints::Declared { authorization_url, token_url, .. }, .. } =
            method
        {
            for (url, key) in [(authorization_url, "authorization_url"), (token_url, "token_url")] {
                if !url.value().is_empty() {
                    absolute_url(url, key, errors);
                }
            }
        }
    }
    if let Some(endpoint) = &model.test_endpoint {
        if !endpoint.value().starts_with('/') {
            errors
                .add(endpoint.span(), format!("test_endpoint `{}` must be a path starting with `/`", endpoint.value()));
        }
    }
}

/// The icon's absolute path: relative to the crate being compiled.
pub fn icon_path(icon: &LitStr) -> std::path::PathBuf {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    std::path::Path::new(&root).join(icon.value())
}

fn absolute_url(url: &LitStr, key: &str, errors: &mut Errors) {
    if let Some(problem) = url_problem(&url.value()) {
        errors.add(
            url.span(),
            format!("`{key}` must be an absolute http(s) URL such as \"https://api.example.com/v1\", but {problem}"),
        );
    }
}

/// Checks `#[actions]`.
pub fn actions(model: &ActionsModel, errors: &mut Errors) {
    for ident in &model.unannotated_bodiless {
        errors.add(
            ident.span(),
            format!("method `{ident}` has no body; only a declarative `#[action(http(method = \"...\", endpoint = \"...\"))]` may leave it out, so give `{ident}` a body or that attribute"),
        );
    }
    let mut action_ids: HashMap<String, Span> = HashMap::new();
    for action in &model.actions {
        let (id, span) = (&action.naming.id, action.naming.id_span);
        identifier(id, span, "action", !action.legacy, &mut action_ids, errors);
        method_shape(&action.method, "action", errors);
        if action.method.params.len() > 1 {
            errors.add_spanned(
                &action.method.params[1],
                format!(
                    "action `{id}` takes more than one input parameter; put the inputs in one struct deriving `Input`"
                ),
            );
        }
        if !action.method.has_body && !action.declares_http {
            errors.add(
                action.method.sig.ident.span(),
                format!("action `{id}` has no body and no `http(method = \"...\", endpoint = \"...\")`; give it one or the other"),
            );
        }
        let Some(http) = &action.http else { continue };
        if action.method.params.is_empty() {
            if let Some(placeholder) = placeholders(&http.endpoint.value()).first() {
                errors.add(
                    http.endpoint.span(),
                    format!(
                        "endpoint placeholder `{{{placeholder}}}` names no input field: action `{id}` takes no input"
                    ),
                );
            }
            if let Some((field, _)) = http.param_mapping.first() {
                errors.add(
                    field.span(),
                    format!("param_mapping key `{field}` names no input field: action `{id}` takes no input"),
                );
            }
        }
    }
    let mut trigger_ids: HashMap<String, Span> = HashMap::new();
    for trigger in &model.triggers {
        let (id, span) = (&trigger.naming.id, trigger.naming.id_span);
        identifier(id, span, "trigger", true, &mut trigger_ids, errors);
        method_shape(&trigger.method, "trigger", errors);
        if trigger.method.params.len() != 2 {
            let expected = if trigger.kind == Some(TriggerKind::Polling) {
                "(&self, config: Config, cursor: Option<serde_json::Value>)"
            } else {
                "(&self, config: Config, request: WebhookRequest)"
            };
            errors.add(trigger.method.sig.ident.span(), format!("trigger `{id}` must take {expected}"));
        }
        if !trigger.method.has_body {
            errors.add(trigger.method.sig.ident.span(), format!("trigger `{id}` needs a body"));
        }
    }
    check_aliases(model.actions.iter().map(|a| &a.naming), "action", errors);
    check_aliases(model.triggers.iter().map(|t| &t.naming), "trigger", errors);
    if let Some(second) = model.test_connection.get(1) {
        errors.add(second.sig.ident.span(), "only one method can be #[test_connection]");
    }
    for method in &model.test_connection {
        method_shape(method, "test-connection", errors);
        if !method.params.is_empty() {
            errors.add_spanned(&method.params[0], "a #[test_connection] method takes only `&self`");
        }
        if !method.has_body {
            let name = &method.sig.ident;
            errors.add(
                name.span(),
                format!("#[test_connection] method `{name}` needs a body: a cheap call that proves the credentials work, e.g. `self.http.get(\"/me\").send().await.map(drop)`"),
            );
        }
    }
}

/// snake_case and unique.
fn identifier(
    id: &str,
    span: Span,
    kind: &str,
    check_case: bool,
    seen: &mut HashMap<String, Span>,
    errors: &mut Errors,
) {
    if check_case && !is_snake_case(id) {
        errors.add(
            span,
            format!("{kind} id `{id}` is not snake_case; write `id = \"{}\"` (or `legacy_id = \"{id}\"` to keep an id existing workflows use)", to_snake_case(id)),
        );
    }
    if seen.insert(id.to_owned(), span).is_some() {
        errors.add(span, format!("duplicate {kind} id `{id}`: each {kind} of a connector needs its own id"));
    }
}

/// Each alias names one action (or trigger) of the block: not its own id, not another's id, and
/// not listed twice. An alias is kept verbatim, so its case is not checked.
fn check_aliases<'a>(items: impl Iterator<Item = &'a Naming> + Clone, kind: &str, errors: &mut Errors) {
    let ids: Vec<&str> = items.clone().map(|n| n.id.as_str()).collect();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for naming in items {
        let id = &naming.id;
        for alias in &naming.aliases {
            let name = alias.value();
            if name == *id {
                errors.add(
                    alias.span(),
                    format!("`{name}` is the id of this {kind}: an alias is another name for it; remove `\"{name}\"` from `aliases`"),
                );
            } else if ids.contains(&name.as_str()) {
                errors.add(
                    alias.span(),
                    format!("alias `{name}` of {kind} `{id}` is the id of another {kind} of this connector, which a workflow naming `{name}` runs; remove the alias, or give that {kind} another id"),
                );
            } else if let Some(owner) = seen.get(&name) {
                let message = if owner == id {
                    format!("alias `{name}` is listed twice for {kind} `{id}`; keep one")
                } else {
                    format!("alias `{name}` is also an alias of {kind} `{owner}`: a workflow naming `{name}` could mean either; keep it on one {kind}")
                };
                errors.add(alias.span(), message);
            } else {
                seen.insert(name, id);
            }
        }
    }
}

/// `async fn name(&self, ...)`.
fn method_shape(method: &MethodModel, kind: &str, errors: &mut Errors) {
    let sig = &method.sig;
    let name = &sig.ident;
    if sig.asyncness.is_none() {
        errors.add(sig.fn_token.span, format!("{kind} method `{name}` must be `async`; write `async fn {name}`"));
    }
    match sig.inputs.first() {
        Some(FnArg::Receiver(receiver)) if receiver.reference.is_some() && receiver.mutability.is_none() => {}
        Some(FnArg::Receiver(receiver)) => errors.add_spanned(
            receiver,
            format!("{kind} method `{name}` must take `&self` (instances are shared between concurrent runs)"),
        ),
        _ => errors.add(name.span(), format!("{kind} method `{name}` must take `&self` as its first parameter")),
    }
}

/// Checks a derive's fields: unique names, and aliases that name one field each.
pub fn fields(model: &FieldsModel, what: &str, errors: &mut Errors) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for field in model.fields.iter().filter(|f| !f.skipped) {
        if seen.insert(&field.name, field.name_span).is_some() {
            errors.add(field.name_span, format!("duplicate {what} key `{}`: each field needs its own key", field.name));
        }
    }
    let mut aliases: HashMap<String, &str> = HashMap::new();
    for field in model.fields.iter().filter(|f| !f.skipped) {
        let own = field.name.as_str();
        for alias in &field.hints.aliases {
            let name = alias.value();
            if name == own {
                errors.add(
                    alias.span(),
                    format!("`{name}` is this field's own name: an alias is another name for it; remove `\"{name}\"` from `aliases`"),
                );
            } else if seen.contains_key(name.as_str()) {
                errors.add(
                    alias.span(),
                    format!("alias `{name}` of field `{own}` is the name of another field, which a parameter `{name}` fills; remove the alias, or rename that field"),
                );
            } else if let Some(owner) = aliases.get(&name) {
                let message = if *owner == own {
                    format!("alias `{name}` is listed twice for field `{own}`; keep one")
                } else {
                    format!("alias `{name}` is also an alias of field `{owner}`: a parameter `{name}` could fill either; keep it on one field")
                };
                errors.add(alias.span(), message);
            } else {
                aliases.insert(name, own);
            }
        }
    }
}

/// Checks what makes a credentials field required: `required` is for an `Option` field shown
/// under `show(...)` conditions (required whenever they hold), and a field shown only under
/// conditions may be absent, so it must be an `Option`.
pub fn credential_fields(model: &FieldsModel, errors: &mut Errors) {
    for field in &model.fields {
        let (name, hints) = (&field.name, &field.hints);
        if let (Some(required), Some(_)) = (hints.required, hints.optional) {
            errors.add(required, format!("auth field `{name}` is marked both `required` and `optional`; keep one"));
        } else if let (Some(required), true) = (hints.required, hints.show.is_empty()) {
            errors.add(
                required,
                format!(
                    "`required` makes auth field `{name}` required when its `show(...)` conditions hold, and it has \
                     none; to require it always, give it a type that is not an `Option`"
                ),
            );
        }
        if let (Some((condition, _)), false) = (hints.show.first(), field.is_option) {
            errors.add(
                condition.span(),
                format!(
                    "auth field `{name}` is shown only when its `show(...)` conditions hold, so it may be absent: \
                     make its type an `Option<_>` (and mark it `required` to require it when shown)"
                ),
            );
        }
    }
}
