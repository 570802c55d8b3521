//! Attribute slots that police themselves, and the key tables that feed both parsing and the
//! "did you mean" suggestions (serde_derive's `Attr`/`BoolAttr`, one table per attribute).

use crate::errors::{suggestion, Errors};
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{parenthesized, token, Expr, Token};

/// Declares an enum of names written in attributes, with its table: `NAMES` (for suggestions),
/// `from_name` (for parsing) and `name` (for messages and generated code).
macro_rules! names {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        $vis enum $name { $($(#[$vmeta])* $variant),* }

        #[allow(dead_code)]
        impl $name {
            /// Every name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),*];

            /// The variant written `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($text => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// How the variant is written.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),*
                }
            }
        }
    };
}
pub(crate) use names;

/// A key of an attribute, read from `meta` against the table of `K`; an unknown key is recorded
/// with the closest valid one (among `allowed`, when only some apply here) and its value skipped.
pub fn key<K: Copy + PartialEq>(
    errors: &mut Errors,
    meta: &ParseNestedMeta,
    attribute: &str,
    from_name: fn(&str) -> Option<K>,
    allowed: &[&str],
) -> syn::Result<Option<K>> {
    let name = key_of(meta);
    match from_name(&name).filter(|_| allowed.contains(&name.as_str())) {
        Some(key) => Ok(Some(key)),
        None => {
            let path = &meta.path;
            let shown = if name.is_empty() { quote::quote!(#path).to_string() } else { name.clone() };
            errors.add_spanned(
                path,
                format!("unknown key `{shown}` in #[{attribute}(...)]{}", suggestion(&shown, allowed)),
            );
            skip_value(meta)?;
            Ok(None)
        }
    }
}

/// A value of an enum written as a string (`category = "crm"`); an unknown one is recorded with
/// the closest valid value.
pub fn enum_value<V>(
    errors: &mut Errors,
    lit: &syn::LitStr,
    what: &str,
    from_name: fn(&str) -> Option<V>,
    names: &[&str],
) -> Option<V> {
    let value = from_name(&lit.value());
    if value.is_none() {
        errors.add(lit.span(), format!("unknown {what} `{}`{}", lit.value(), suggestion(&lit.value(), names)));
    }
    value
}

/// The `key` of a nested meta, as text (`crate` included).
pub fn key_of(meta: &ParseNestedMeta) -> String {
    meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
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

/// A slot for a key given at most once; a second occurrence is an error on its own token.
pub struct Attr<T> {
    name: &'static str,
    value: Option<T>,
}

impl<T> Attr<T> {
    /// An empty slot for the key `name`.
    pub fn none(name: &'static str) -> Self {
        Self { name, value: None }
    }

    /// Stores `value`, or records "given twice" at `span`.
    pub fn set(&mut self, errors: &mut Errors, span: Span, value: T) {
        if self.value.is_some() {
            errors.add(span, format!("`{}` is given twice; keep one", self.name));
        } else {
            self.value = Some(value);
        }
    }

    /// The value, if given.
    pub fn get(self) -> Option<T> {
        self.value
    }

    /// The value, if given, by reference.
    pub fn as_ref(&self) -> Option<&T> {
        self.value.as_ref()
    }
}

/// A flag (`idempotent`, `secret`): present or not, given at most once.
pub struct BoolAttr(Attr<Span>);

impl BoolAttr {
    /// An unset flag named `name`.
    pub fn none(name: &'static str) -> Self {
        Self(Attr::none(name))
    }

    /// Sets the flag from a bare key (`idempotent`), or records "given twice" on the key.
    pub fn set_from(&mut self, errors: &mut Errors, meta: &ParseNestedMeta) -> syn::Result<()> {
        let span = span_of(meta);
        self.0.set(errors, span, span);
        skip_value(meta)
    }

    /// Where the flag was written, if it was.
    pub fn span(&self) -> Option<Span> {
        self.0.as_ref().copied()
    }

    /// Whether the flag was given.
    pub fn get(&self) -> bool {
        self.0.as_ref().is_some()
    }
}

/// The span of a nested meta's key, for slot errors.
pub fn span_of(meta: &ParseNestedMeta) -> Span {
    syn::spanned::Spanned::span(&meta.path)
}
