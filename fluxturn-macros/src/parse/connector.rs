//! `#[connector(...)]` → [`ConnectorModel`].

use super::{key_of, lit_str, set_once, skip_value, unknown_key};
use crate::errors::{suggestion, Errors};
use crate::model::{AuthModel, ConnectorModel};
use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::{bracketed, parenthesized, token, Ident, LitStr, Token};

const KEYS: &[&str] = &[
    "name",
    "display_name",
    "category",
    "description",
    "base_url",
    "icon",
    "rate_limit",
    "auth",
    "credentials",
    "webhook_support",
    "test_endpoint",
    "headers",
];
const RATE_KEYS: &[&str] = &["requests_per_second", "requests_per_minute", "requests_per_hour"];
const AUTH_KINDS: &[&str] = &["api_key", "bearer_token", "basic_auth", "oauth2", "none"];

/// Parses the attribute's arguments and the struct it is on.
pub fn parse(args: TokenStream, item: TokenStream, errors: &mut Errors) -> syn::Result<ConnectorModel> {
    let item: syn::ItemStruct = syn::parse2(item)?;
    let mut model = ConnectorModel {
        item,
        attr_span: Span::call_site(),
        name: None,
        display_name: None,
        category: None,
        description: None,
        base_url: None,
        icon: None,
        rate_limits: Vec::new(),
        auth: Vec::new(),
        credentials: None,
        webhook_support: None,
        test_endpoint: None,
        headers: Vec::new(),
    };
    let parser = syn::meta::parser(|meta| {
        match key_of(&meta).as_str() {
            "name" => set_once(errors, &mut model.name, lit_str(&meta)?, &meta),
            "display_name" => set_once(errors, &mut model.display_name, lit_str(&meta)?, &meta),
            "category" => set_once(errors, &mut model.category, lit_str(&meta)?, &meta),
            "description" => set_once(errors, &mut model.description, lit_str(&meta)?, &meta),
            "base_url" => set_once(errors, &mut model.base_url, lit_str(&meta)?, &meta),
            "icon" => set_once(errors, &mut model.icon, lit_str(&meta)?, &meta),
            "credentials" => set_once(errors, &mut model.credentials, meta.value()?.parse()?, &meta),
            "test_endpoint" => set_once(errors, &mut model.test_endpoint, lit_str(&meta)?, &meta),
            "headers" => model.headers.extend(super::headers(&meta)?),
            "webhook_support" => set_once(errors, &mut model.webhook_support, meta.value()?.parse()?, &meta),
            "rate_limit" => meta.parse_nested_meta(|inner| {
                let key = key_of(&inner);
                if RATE_KEYS.contains(&key.as_str()) {
                    model.rate_limits.push((inner.path.get_ident().cloned().unwrap(), inner.value()?.parse()?));
                    Ok(())
                } else {
                    unknown_key(errors, &inner, "connector(rate_limit", RATE_KEYS)
                }
            })?,
            "auth" => {
                let value = meta.value()?;
                model.auth.extend(parse_auth_list(value, errors)?);
            }
            _ => unknown_key(errors, &meta, "connector", KEYS)?,
        }
        Ok(())
    });
    parser.parse2(args)?;
    Ok(model)
}

/// `none`, `api_key(...)`, or `[bearer_token(...), oauth2(...)]`.
fn parse_auth_list(input: ParseStream, errors: &mut Errors) -> syn::Result<Vec<AuthModel>> {
    if input.peek(token::Bracket) {
        let content;
        bracketed!(content in input);
        let mut methods = Vec::new();
        while !content.is_empty() {
            methods.extend(parse_auth(&content, errors)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        Ok(methods)
    } else {
        Ok(parse_auth(input, errors)?.into_iter().collect())
    }
}

/// One auth method with its arguments.
fn parse_auth(input: ParseStream, errors: &mut Errors) -> syn::Result<Option<AuthModel>> {
    let kind: Ident = input.parse()?;
    let args = if input.peek(token::Paren) {
        let content;
        parenthesized!(content in input);
        content.parse::<TokenStream>()?
    } else {
        TokenStream::new()
    };
    let mut header = None;
    let mut prefix = None;
    let mut query = None;
    let mut url = false;
    let mut field = None;
    let mut username = None;
    let mut password = None;
    let mut authorization_url = None;
    let mut token_url = None;
    let mut scopes = Vec::new();
    let mut pkce = false;
    let kind_name = kind.to_string();
    let valid: &[&str] = match kind_name.as_str() {
        "api_key" => &["header", "prefix", "query", "url", "field"],
        "bearer_token" => &["field"],
        "basic_auth" => &["username", "password"],
        "oauth2" => &["authorization_url", "token_url", "scopes", "pkce"],
        "none" => &[],
        other => {
            errors.add(kind.span(), format!("unknown auth method `{other}`{}", suggestion(other, AUTH_KINDS)));
            return Ok(None);
        }
    };
    let attribute = format!("connector(auth = {kind_name}");
    let parser = syn::meta::parser(|meta| {
        let key = key_of(&meta);
        if !valid.contains(&key.as_str()) {
            return unknown_key(errors, &meta, &attribute, valid);
        }
        match key.as_str() {
            "header" => set_once(errors, &mut header, lit_str(&meta)?, &meta),
            "prefix" => set_once(errors, &mut prefix, lit_str(&meta)?, &meta),
            "query" => set_once(errors, &mut query, lit_str(&meta)?, &meta),
            "field" => set_once(errors, &mut field, lit_str(&meta)?, &meta),
            "username" => set_once(errors, &mut username, lit_str(&meta)?, &meta),
            "password" => set_once(errors, &mut password, lit_str(&meta)?, &meta),
            "authorization_url" => set_once(errors, &mut authorization_url, lit_str(&meta)?, &meta),
            "token_url" => set_once(errors, &mut token_url, lit_str(&meta)?, &meta),
            "url" => url = true,
            "pkce" => {
                pkce = if meta.input.peek(Token![=]) { meta.value()?.parse::<syn::LitBool>()?.value } else { true }
            }
            "scopes" => {
                let value = meta.value()?;
                let content;
                bracketed!(content in value);
                scopes = content.parse_terminated(|s| s.parse::<LitStr>(), Token![,])?.into_iter().collect();
            }
            _ => skip_value(&meta)?,
        }
        Ok(())
    });
    parser.parse2(args)?;
    Ok(Some(match kind_name.as_str() {
        "api_key" => AuthModel::ApiKey { kind, header, prefix, query, url, field },
        "bearer_token" => AuthModel::BearerToken { kind, field },
        "basic_auth" => AuthModel::BasicAuth { kind, username, password },
        "oauth2" => AuthModel::OAuth2 { kind, authorization_url, token_url, scopes, pkce },
        _ => AuthModel::None,
    }))
}
