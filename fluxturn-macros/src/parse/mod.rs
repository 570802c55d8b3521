//! Attribute parsing: tokens → typed models. Semantic mistakes are recorded in `Errors` and
//! parsing goes on, so every mistake of an item is reported in one compile.

pub mod actions;
pub mod connector;
pub mod fields;
pub mod list;

use crate::errors::{suggestion, Errors};
use syn::meta::ParseNestedMeta;
use syn::{parenthesized, token, Expr, LitStr, Token};

/// Records "unknown key" with the closest valid key, and skips the key's value.
pub fn unknown_key(errors: &mut Errors, meta: &ParseNestedMeta, attribute: &str, valid: &[&str]) -> syn::Result<()> {
    let path = &meta.path;
    let key = path.get_ident().map(ToString::to_string).unwrap_or_else(|| quote::quote!(#path).to_string());
    errors.add_spanned(&meta.path, format!("unknown key `{key}` in #[{attribute}(...)]{}", suggestion(&key, valid)));
    skip_value(meta)
}

/// Consumes `= value` or `(...)` after a key.
pub fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(token::Paren) {
        let content;
        parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// `key = "text"`.
pub fn lit_str(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse()
}

/// Stores a value, recording an error when the key was already given.
pub fn set_once<T>(errors: &mut Errors, slot: &mut Option<T>, value: T, meta: &ParseNestedMeta) {
    if slot.is_some() {
        let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
        errors.add_spanned(&meta.path, format!("`{key}` is given twice; keep one"));
    } else {
        *slot = Some(value);
    }
}

/// `headers(Notion_Version = "2022-06-28")`: names are written as identifiers, `_` for `-`.
pub fn headers(meta: &ParseNestedMeta) -> syn::Result<Vec<(LitStr, LitStr)>> {
    let mut headers = Vec::new();
    meta.parse_nested_meta(|header| {
        let name = header.path.get_ident().map(ToString::to_string).unwrap_or_default().replace('_', "-");
        headers.push((LitStr::new(&name, syn::spanned::Spanned::span(&header.path)), lit_str(&header)?));
        Ok(())
    })?;
    Ok(headers)
}

/// The `key` of a nested meta, as text.
pub fn key_of(meta: &ParseNestedMeta) -> String {
    meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
}
