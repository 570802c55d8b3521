//! Expansion: resolved models → Rust code. Generated code is thin: it writes down static
//! metadata and calls generic functions of `fluxturn_core::__private`, naming every path
//! through one [`Paths`] (so `crate = "..."` reaches all of them).

pub mod actions;
pub mod connector;
pub mod dummy;
pub mod fields;
pub mod list;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{Lit, LitStr};

/// Where the generated code finds `fluxturn_core` (`::fluxturn_core`, or `crate = "..."`) and
/// its hidden `__private` module.
pub struct Paths {
    /// `::fluxturn_core`.
    pub core: TokenStream,
    /// `::fluxturn_core::__private`.
    pub private: TokenStream,
}

impl Paths {
    /// The paths for `crate = krate`, or the default `::fluxturn_core`.
    pub fn new(krate: Option<&syn::Path>) -> Self {
        let core = match krate {
            Some(path) => quote!(#path),
            None => quote!(::fluxturn_core),
        };
        Self { private: quote!(#core::__private), core }
    }

    /// `Some(value)`.
    pub fn some(&self, value: impl quote::ToTokens) -> TokenStream {
        let p = &self.private;
        quote!(#p::Some(#value))
    }

    /// `None`.
    pub fn none(&self) -> TokenStream {
        let p = &self.private;
        quote!(#p::None)
    }

    /// `Some(value)` or `None`.
    pub fn option(&self, value: Option<impl quote::ToTokens>) -> TokenStream {
        match value {
            Some(value) => self.some(value),
            None => self.none(),
        }
    }

    /// `Some("text")` or `None`.
    pub fn opt_str(&self, value: Option<&LitStr>) -> TokenStream {
        self.option(value)
    }

    /// `Some("text")` or `None`, from a string.
    pub fn opt_string(&self, value: Option<&str>) -> TokenStream {
        self.option(value)
    }

    /// A literal as a `fluxturn_core::__private::Literal`.
    pub fn literal(&self, lit: &Lit) -> TokenStream {
        let p = &self.private;
        match lit {
            Lit::Str(s) => quote!(#p::Literal::Str(#s)),
            Lit::Int(i) => quote!(#p::Literal::Int(#i)),
            Lit::Float(f) => quote!(#p::Literal::Float(#f)),
            Lit::Bool(b) => quote!(#p::Literal::Bool(#b)),
            other => quote!(#p::Literal::Str(stringify!(#other))),
        }
    }

    /// A compile-time check that `name` is in the `&[&str]` list `list`; the error (a `const`
    /// panic carrying `message`) points at `span`.
    pub fn require_field(&self, list: &TokenStream, name: &str, span: Span, message: &str) -> TokenStream {
        let p = &self.private;
        let message = message.replace('{', "{{").replace('}', "}}");
        quote_spanned! {span=>
            const _: () = if !#p::contains(#list, #name) {
                ::core::panic!(#message)
            };
        }
    }
}
