//! Attribute parsing: tokens → resolved models. Each attribute's keys come from one table
//! (`names!`), each key fills a slot that reports a repeat, values naming one of a fixed set
//! become enums at once, and defaults are settled before the model is handed on. Mistakes are
//! recorded in `Errors` and parsing goes on, so every mistake of an item is reported in one
//! compile.

pub mod actions;
pub mod connector;
pub mod fields;
pub mod list;

use syn::meta::ParseNestedMeta;
use syn::LitStr;

/// `key = "text"`.
pub fn lit_str(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse()
}

/// `crate = "path::to::fluxturn_core"`.
pub fn crate_path(meta: &ParseNestedMeta) -> syn::Result<syn::Path> {
    lit_str(meta)?.parse()
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
