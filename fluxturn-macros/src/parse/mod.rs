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

/// `aliases = ["old_id", "oldName"]`: names kept verbatim. A lone string, an empty list, and an
/// empty or spaced name are recorded with the fix; the names that are fine are returned.
pub fn aliases(meta: &ParseNestedMeta, errors: &mut crate::errors::Errors) -> syn::Result<Vec<LitStr>> {
    let value = meta.value()?;
    if value.peek(LitStr) {
        let lone: LitStr = value.parse()?;
        errors.add(lone.span(), format!("`aliases` takes a list: write `aliases = [\"{}\"]`", lone.value()));
        return Ok(vec![lone]);
    }
    let content;
    let brackets = syn::bracketed!(content in value);
    let list: Vec<LitStr> = content.parse_terminated(|s| s.parse::<LitStr>(), syn::Token![,])?.into_iter().collect();
    if list.is_empty() {
        errors.add(brackets.span.join(), "`aliases = []` lists no alias: name at least one, or remove `aliases`");
    }
    let (fine, bad): (Vec<LitStr>, Vec<LitStr>) =
        list.into_iter().partition(|alias| !alias.value().is_empty() && !alias.value().contains(char::is_whitespace));
    for alias in bad {
        errors.add(alias.span(), "an alias cannot be empty or contain spaces: write the name existing workflows use");
    }
    Ok(fine)
}
