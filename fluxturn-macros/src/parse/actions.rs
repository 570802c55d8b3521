//! `#[actions] impl X { ... }` → [`ActionsModel`]: every `#[action]`, `#[trigger]` and
//! `#[test_connection]` method, with our attributes taken off the methods.

use super::{key_of, lit_str, set_once, unknown_key};
use crate::checks::doc_comment;
use crate::errors::Errors;
use crate::model::{ActionModel, ActionsModel, HttpModel, MethodModel, TriggerModel};
use syn::spanned::Spanned;
use syn::{parse_quote, FnArg, ImplItem, ImplItemFn, Token};

const ACTION_KEYS: &[&str] = &["id", "legacy_id", "name", "description", "category", "icon", "http", "idempotent"];
const HTTP_KEYS: &[&str] = &["method", "endpoint", "headers", "param_mapping", "body"];
const TRIGGER_KEYS: &[&str] = &["id", "name", "description", "event_type", "icon", "webhook", "polling"];
/// Our method attributes.
const OURS: &[&str] = &["action", "trigger", "test_connection"];

/// Parses the impl block.
pub fn parse(item: proc_macro2::TokenStream, errors: &mut Errors) -> syn::Result<ActionsModel> {
    let mut item: syn::ItemImpl = syn::parse2(item)?;
    let mut model =
        ActionsModel { item: item.clone(), actions: Vec::new(), triggers: Vec::new(), test_connection: Vec::new() };
    for impl_item in &mut item.items {
        // `fn f(&self, ..) -> T;` (a declarative action) reaches us as verbatim tokens.
        let bodiless = match impl_item {
            ImplItem::Verbatim(tokens) => match syn::parse2::<syn::TraitItemFn>(tokens.clone()) {
                Ok(f) if f.default.is_none() => Some(f),
                _ => None,
            },
            _ => None,
        };
        if let Some(f) = bodiless {
            *impl_item = ImplItem::Fn(ImplItemFn {
                attrs: f.attrs,
                vis: syn::Visibility::Inherited,
                defaultness: None,
                sig: f.sig,
                block: parse_quote!({ ::core::panic!("declarative action without http(...)") }),
            });
            if let ImplItem::Fn(f) = impl_item {
                parse_method(f, false, &mut model, errors)?;
            }
        } else if let ImplItem::Fn(f) = impl_item {
            parse_method(f, true, &mut model, errors)?;
        }
    }
    model.item = item;
    Ok(model)
}

/// Parses our attributes on one method and removes them from it.
fn parse_method(f: &mut ImplItemFn, has_body: bool, model: &mut ActionsModel, errors: &mut Errors) -> syn::Result<()> {
    let ours: Vec<syn::Attribute> =
        f.attrs.iter().filter(|a| OURS.iter().any(|o| a.path().is_ident(o))).cloned().collect();
    f.attrs.retain(|a| !OURS.iter().any(|o| a.path().is_ident(o)));
    if ours.len() > 1 {
        errors.add_spanned(&ours[1], "a method takes one of #[action], #[trigger] or #[test_connection], not several");
    }
    let Some(attr) = ours.into_iter().next() else {
        return Ok(());
    };
    let method = MethodModel {
        sig: f.sig.clone(),
        doc: doc_comment(&f.attrs),
        has_body,
        params: f
            .sig
            .inputs
            .iter()
            .filter_map(|arg| match arg {
                FnArg::Typed(pat) => Some((*pat.ty).clone()),
                FnArg::Receiver(_) => None,
            })
            .collect(),
    };
    if attr.path().is_ident("action") {
        model.actions.push(parse_action(&attr, method, errors)?);
    } else if attr.path().is_ident("trigger") {
        model.triggers.push(parse_trigger(&attr, method, errors)?);
    } else {
        if !matches!(attr.meta, syn::Meta::Path(_)) {
            errors.add_spanned(&attr, "#[test_connection] takes no arguments");
        }
        model.test_connection.push(method);
    }
    Ok(())
}

fn parse_action(attr: &syn::Attribute, method: MethodModel, errors: &mut Errors) -> syn::Result<ActionModel> {
    let mut action = ActionModel {
        method,
        legacy_id: None,
        id: None,
        name: None,
        description: None,
        category: None,
        icon: None,
        http: None,
        idempotent: false,
    };
    if matches!(attr.meta, syn::Meta::Path(_)) {
        return Ok(action);
    }
    attr.parse_nested_meta(|meta| {
        match key_of(&meta).as_str() {
            "id" => set_once(errors, &mut action.id, lit_str(&meta)?, &meta),
            "legacy_id" => set_once(errors, &mut action.legacy_id, lit_str(&meta)?, &meta),
            "name" => set_once(errors, &mut action.name, lit_str(&meta)?, &meta),
            "description" => set_once(errors, &mut action.description, lit_str(&meta)?, &meta),
            "category" => set_once(errors, &mut action.category, lit_str(&meta)?, &meta),
            "icon" => set_once(errors, &mut action.icon, lit_str(&meta)?, &meta),
            "idempotent" => action.idempotent = true,
            "http" => {
                let http = parse_http(&meta, errors)?;
                set_once(errors, &mut action.http, http, &meta);
            }
            _ => unknown_key(errors, &meta, "action", ACTION_KEYS)?,
        }
        Ok(())
    })?;
    Ok(action)
}

fn parse_http(meta: &syn::meta::ParseNestedMeta, errors: &mut Errors) -> syn::Result<HttpModel> {
    let mut http = HttpModel {
        span: meta.path.span(),
        method: None,
        endpoint: None,
        headers: Vec::new(),
        param_mapping: Vec::new(),
        body: None,
    };
    meta.parse_nested_meta(|inner| {
        match key_of(&inner).as_str() {
            "method" => set_once(errors, &mut http.method, lit_str(&inner)?, &inner),
            "endpoint" => set_once(errors, &mut http.endpoint, lit_str(&inner)?, &inner),
            "headers" => http.headers.extend(super::headers(&inner)?),
            "body" => set_once(errors, &mut http.body, lit_str(&inner)?, &inner),
            "param_mapping" => inner.parse_nested_meta(|mapping| {
                let field = mapping.path.require_ident()?.clone();
                mapping.input.parse::<Token![=]>()?;
                http.param_mapping.push((field, mapping.input.parse()?));
                Ok(())
            })?,
            _ => unknown_key(errors, &inner, "action(http", HTTP_KEYS)?,
        }
        Ok(())
    })?;
    Ok(http)
}

fn parse_trigger(attr: &syn::Attribute, method: MethodModel, errors: &mut Errors) -> syn::Result<TriggerModel> {
    let mut trigger = TriggerModel {
        method,
        attr_span: attr.path().span(),
        id: None,
        name: None,
        description: None,
        event_type: None,
        icon: None,
        webhook: None,
        polling: None,
    };
    if matches!(attr.meta, syn::Meta::Path(_)) {
        return Ok(trigger);
    }
    attr.parse_nested_meta(|meta| {
        match key_of(&meta).as_str() {
            "id" => set_once(errors, &mut trigger.id, lit_str(&meta)?, &meta),
            "name" => set_once(errors, &mut trigger.name, lit_str(&meta)?, &meta),
            "description" => set_once(errors, &mut trigger.description, lit_str(&meta)?, &meta),
            "event_type" => set_once(errors, &mut trigger.event_type, lit_str(&meta)?, &meta),
            "icon" => set_once(errors, &mut trigger.icon, lit_str(&meta)?, &meta),
            "webhook" => trigger.webhook = Some(meta.path.span()),
            "polling" => trigger.polling = Some(meta.path.span()),
            _ => unknown_key(errors, &meta, "trigger", TRIGGER_KEYS)?,
        }
        Ok(())
    })?;
    Ok(trigger)
}
