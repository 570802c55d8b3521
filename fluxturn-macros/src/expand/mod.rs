//! Expansion: models → Rust code. Generated code is thin: it writes down static metadata and
//! calls generic functions of `fluxturn_core::__private`.

pub mod actions;
pub mod connector;
pub mod dummy;
pub mod fields;
pub mod list;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{Lit, LitStr};

/// `Some("text")` or `None`.
pub fn opt_str(value: Option<&LitStr>) -> TokenStream {
    match value {
        Some(lit) => quote!(::fluxturn_core::__private::Some(#lit)),
        None => quote!(::fluxturn_core::__private::None),
    }
}

/// `Some("text")` or `None`, from a string.
pub fn opt_string(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(::fluxturn_core::__private::Some(#text)),
        None => quote!(::fluxturn_core::__private::None),
    }
}

/// A literal as a `fluxturn_core::__private::Literal`.
pub fn literal(lit: &Lit) -> TokenStream {
    let path = quote!(::fluxturn_core::__private::Literal);
    match lit {
        Lit::Str(s) => quote!(#path::Str(#s)),
        Lit::Int(i) => quote!(#path::Int(#i)),
        Lit::Float(f) => quote!(#path::Float(#f)),
        Lit::Bool(b) => quote!(#path::Bool(#b)),
        other => quote!(#path::Str(stringify!(#other))),
    }
}

/// A compile-time check that `name` is in the `&[&str]` list `list`; the error (a `const`
/// panic carrying `message`) points at `span`.
pub fn require_field(list: &TokenStream, name: &str, span: Span, message: &str) -> TokenStream {
    let message = message.replace('{', "{{").replace('}', "}}");
    quote_spanned! {span=>
        const _: () = if !::fluxturn_core::__private::contains(#list, #name) {
            ::core::panic!(#message)
        };
    }
}
