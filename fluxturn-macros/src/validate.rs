//! Validation of the parsed models. Every check records its error on the offending token with
//! the fix in the message; none stops the others.

use crate::checks::{is_snake_case, placeholders, to_snake_case, url_problem, CATEGORIES, HTTP_METHODS};
use crate::errors::{suggestion, Errors};
use crate::model::{ActionsModel, AuthModel, ConnectorModel, FieldsModel, MethodModel};
use proc_macro2::Span;
use std::collections::HashMap;
use syn::{FnArg, LitStr};

/// Checks `#[connector(...)]`.
pub fn connector(model: &ConnectorModel, errors: &mut Errors) {
    match &model.name {
        None => errors
            .add(model.attr_span, "#[connector] needs `name = \"...\"` (a snake_case name, e.g. `name = \"acme\"`)"),
        Some(name) if !is_snake_case(&name.value()) => errors.add(
            name.span(),
            format!(
                "connector name `{}` is not snake_case; write `name = \"{}\"`",
                name.value(),
                to_snake_case(&name.value())
            ),
        ),
        Some(_) => {}
    }
    match &model.category {
        None => errors.add(
            model.attr_span,
            format!("#[connector] needs `category = \"...\"`, one of: {}", CATEGORIES.join(", ")),
        ),
        Some(category) if !CATEGORIES.contains(&category.value().as_str()) => errors.add(
            category.span(),
            format!("unknown category `{}`{}", category.value(), suggestion(&category.value(), CATEGORIES)),
        ),
        Some(_) => {}
    }
    if model.description.is_none() && crate::checks::doc_comment(&model.item.attrs).is_none() {
        errors.add(
            model.item.ident.span(),
            format!(
                "connector `{}` has no description: add a `///` doc comment or `description = \"...\"`",
                model.item.ident
            ),
        );
    }
    if let Some(base_url) = &model.base_url {
        absolute_url(base_url, "base_url", errors);
    }
    for (key, value) in &model.rate_limits {
        if value.base10_parse::<u32>().is_ok_and(|n| n == 0) {
            errors.add(
                value.span(),
                format!("`{key}` is 0, which would block every request; give a positive limit or leave the key out"),
            );
        }
    }
    if let Some(icon) = &model.icon {
        let path = icon_path(icon);
        if !path.is_file() {
            errors.add(icon.span(), format!("icon file `{}` does not exist; give a path relative to the crate root (the folder of its Cargo.toml), e.g. `icon = \"icons/{}.svg\"`", icon.value(), model.name.as_ref().map(LitStr::value).unwrap_or_else(|| "name".into())));
        }
    }
    for method in &model.auth {
        auth_method(method, errors);
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

fn auth_method(method: &AuthModel, errors: &mut Errors) {
    match method {
        AuthModel::ApiKey { kind, header, query, url, .. } => {
            let placements = usize::from(header.is_some()) + usize::from(query.is_some()) + usize::from(*url);
            if placements != 1 {
                errors.add(kind.span(), "api_key needs exactly one of `header = \"...\"`, `query = \"...\"` or `url` (the key fills a base_url placeholder)");
            }
        }
        AuthModel::OAuth2 { kind, authorization_url, token_url, .. } => {
            for (value, key) in [(authorization_url, "authorization_url"), (token_url, "token_url")] {
                match value {
                    None => errors.add(kind.span(), format!("oauth2 needs `{key} = \"https://...\"`")),
                    Some(url) => absolute_url(url, key, errors),
                }
            }
        }
        AuthModel::None | AuthModel::BearerToken { .. } | AuthModel::BasicAuth { .. } => {}
    }
}

/// Checks `#[actions]`.
pub fn actions(model: &ActionsModel, errors: &mut Errors) {
    let mut action_ids: HashMap<String, Span> = HashMap::new();
    for action in &model.actions {
        let (id, span) = action.id();
        identifier(&id, span, "action", action.legacy_id.is_none(), &mut action_ids, errors);
        if let (Some(_), Some(legacy)) = (&action.id, &action.legacy_id) {
            errors.add(legacy.span(), "give either `id` or `legacy_id`, not both");
        }
        if let Some(legacy) =
            action.legacy_id.as_ref().filter(|l| l.value().is_empty() || l.value().contains(char::is_whitespace))
        {
            errors.add(legacy.span(), "a legacy_id cannot be empty or contain spaces");
        }
        method_shape(&action.method, "action", errors);
        description(action.description.as_ref(), &action.method, "action", errors);
        if action.method.params.len() > 1 {
            errors.add_spanned(
                &action.method.params[1],
                format!(
                    "action `{id}` takes more than one input parameter; put the inputs in one struct deriving `Input`"
                ),
            );
        }
        match &action.http {
            None if !action.method.has_body => errors.add(
                action.method.sig.ident.span(),
                format!("action `{id}` has no body and no `http(method = \"...\", endpoint = \"...\")`; give it one or the other"),
            ),
            None => {}
            Some(http) => {
                match &http.method {
                    Some(method) if !HTTP_METHODS.contains(&method.value().as_str()) => errors.add(
                        method.span(),
                        format!("unknown HTTP method `{}`{}", method.value(), suggestion(&method.value().to_uppercase(), HTTP_METHODS)),
                    ),
                    Some(_) => {}
                    None => errors.add(http.span, "http(...) needs `method = \"GET\"` (or POST, PUT, PATCH, DELETE)"),
                }
                if let Some(body) = http.body.as_ref().filter(|b| !["json", "form", "query"].contains(&b.value().as_str())) {
                    errors.add(body.span(), format!("unknown body encoding `{}`; expected \"json\", \"form\" or \"query\"", body.value()));
                }
                match &http.endpoint {
                    None => errors.add(http.span, "http(...) needs `endpoint = \"/path\"`"),
                    Some(endpoint) if !endpoint.value().starts_with('/') => {
                        errors.add(endpoint.span(), format!("endpoint `{}` must start with `/`", endpoint.value()))
                    }
                    Some(endpoint) if action.method.params.is_empty() && !placeholders(&endpoint.value()).is_empty() => errors.add(
                        endpoint.span(),
                        format!("endpoint placeholder `{{{}}}` names no input field: action `{id}` takes no input", placeholders(&endpoint.value())[0]),
                    ),
                    Some(_) => {}
                }
                if action.method.params.is_empty() {
                    if let Some((field, _)) = http.param_mapping.first() {
                        errors.add(field.span(), format!("param_mapping key `{field}` names no input field: action `{id}` takes no input"));
                    }
                }
            }
        }
    }
    let mut trigger_ids: HashMap<String, Span> = HashMap::new();
    for trigger in &model.triggers {
        let (id, span) = trigger.id();
        identifier(&id, span, "trigger", true, &mut trigger_ids, errors);
        method_shape(&trigger.method, "trigger", errors);
        description(trigger.description.as_ref(), &trigger.method, "trigger", errors);
        match (trigger.webhook, trigger.polling) {
            (Some(_), Some(polling)) => errors.add(polling, "a trigger is either `webhook` or `polling`, not both"),
            (None, None) => errors.add(trigger.attr_span, format!("trigger `{id}` needs `webhook` or `polling`")),
            _ => {}
        }
        if trigger.method.params.len() != 2 {
            let expected = if trigger.polling.is_some() {
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
    if let Some(second) = model.test_connection.get(1) {
        errors.add(second.sig.ident.span(), "only one method can be #[test_connection]");
    }
    for method in &model.test_connection {
        method_shape(method, "test-connection", errors);
        if !method.params.is_empty() {
            errors.add_spanned(&method.params[0], "a #[test_connection] method takes only `&self`");
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

fn description(description: Option<&LitStr>, method: &MethodModel, kind: &str, errors: &mut Errors) {
    if description.is_none() && method.doc.is_none() {
        let name = &method.sig.ident;
        errors.add(
            name.span(),
            format!("{kind} `{name}` has no description: add a `///` doc comment or `description = \"...\"`"),
        );
    }
}

/// Checks a derive's fields: unique names.
pub fn fields(model: &FieldsModel, what: &str, errors: &mut Errors) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for field in model.fields.iter().filter(|f| !f.skipped) {
        if seen.insert(&field.name, field.name_span).is_some() {
            errors.add(field.name_span, format!("duplicate {what} key `{}`: each field needs its own key", field.name));
        }
        if let Some(key) = &field.hints.key {
            if key.value().is_empty() {
                errors.add(key.span(), "a key cannot be empty");
            }
        }
        for literal in [&field.hints.min, &field.hints.max, &field.hints.step].into_iter().flatten() {
            if !matches!(literal, syn::Lit::Int(_) | syn::Lit::Float(_)) {
                errors.add(literal.span(), "min, max and step take numbers");
            }
        }
    }
}
