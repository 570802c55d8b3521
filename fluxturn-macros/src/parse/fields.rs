//! `#[derive(Input)]` / `#[derive(Credentials)]` → [`FieldsModel`]: each field's serialized name
//! (serde's `rename_all`/`rename`, or `key = ..`) and its `#[field(...)]` hints.

use super::{key_of, lit_str, set_once, skip_value, unknown_key};
use crate::checks::{doc_comment, to_camel_case};
use crate::errors::Errors;
use crate::model::{FieldModel, FieldsModel, HintsModel};
use syn::spanned::Spanned;
use syn::{bracketed, Data, DeriveInput, Fields, Lit, Token};

const INPUT_KEYS: &[&str] = &[
    "label",
    "description",
    "placeholder",
    "default",
    "input_type",
    "field_type",
    "min",
    "max",
    "step",
    "min_length",
    "max_length",
    "pattern",
    "help_url",
    "help_text",
    "show",
    "hide",
];
const CREDENTIAL_KEYS: &[&str] = &[
    "key",
    "label",
    "description",
    "placeholder",
    "default",
    "field_type",
    "pattern",
    "help_url",
    "help_text",
    "secret",
    "optional",
    "show",
    "hide",
];

/// Which derive is parsing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    Input,
    Credentials,
}

/// Parses a struct with named fields.
pub fn parse(input: DeriveInput, derive: Derive, errors: &mut Errors) -> syn::Result<FieldsModel> {
    let name = if derive == Derive::Input { "Input" } else { "Credentials" };
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(input.ident.span(), format!("#[derive({name})] needs a struct with named fields")));
    };
    let named = match &data.fields {
        Fields::Named(named) => named.named.iter().collect(),
        Fields::Unit => Vec::new(),
        Fields::Unnamed(f) => {
            return Err(syn::Error::new(
                f.span(),
                format!("#[derive({name})] needs named fields: each one is a form field"),
            ))
        }
    };
    // Credentials are stored camelCase, FluxTurn's convention; inputs follow serde.
    let rename_all = match derive {
        Derive::Input => serde_rename_all(&input.attrs)?,
        Derive::Credentials => Some("camelCase".to_owned()),
    };
    let mut fields = Vec::new();
    for field in named {
        let ident = field.ident.clone().expect("named field");
        let (rename, skipped) = if derive == Derive::Input { serde_field(&field.attrs)? } else { (None, false) };
        let hints = parse_hints(&field.attrs, derive, errors)?;
        let (name, name_span) = match (&hints.key, rename) {
            (Some(key), _) => (key.value(), key.span()),
            (None, Some(rename)) => (rename, ident.span()),
            (None, None) => (apply_rename_all(&ident.to_string(), rename_all.as_deref()), ident.span()),
        };
        fields.push(FieldModel {
            doc: doc_comment(&field.attrs),
            ident,
            ty: field.ty.clone(),
            name,
            name_span,
            skipped,
            hints,
        });
    }
    Ok(FieldsModel { ident: input.ident, generics: input.generics, fields })
}

/// `#[serde(rename_all = "...")]` of the container.
fn serde_rename_all(attrs: &[syn::Attribute]) -> syn::Result<Option<String>> {
    let mut rename_all = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                if meta.input.peek(Token![=]) {
                    rename_all = Some(lit_str(&meta)?.value());
                } else {
                    // rename_all(deserialize = "..", serialize = "..")
                    meta.parse_nested_meta(|inner| {
                        if inner.path.is_ident("deserialize") {
                            rename_all = Some(lit_str(&inner)?.value());
                        } else {
                            skip_value(&inner)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            } else {
                skip_value(&meta)
            }
        })?;
    }
    Ok(rename_all)
}

/// A field's `#[serde(rename = "..")]` and whether serde skips it when deserializing.
fn serde_field(attrs: &[syn::Attribute]) -> syn::Result<(Option<String>, bool)> {
    let mut rename = None;
    let mut skipped = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") && meta.input.peek(Token![=]) {
                rename = Some(lit_str(&meta)?.value());
            } else if meta.path.is_ident("skip")
                || meta.path.is_ident("skip_deserializing")
                || meta.path.is_ident("flatten")
            {
                skipped = true;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        })?;
    }
    Ok((rename, skipped))
}

/// serde's `rename_all` rules.
fn apply_rename_all(name: &str, rule: Option<&str>) -> String {
    let name = name.trim_start_matches("r#");
    let pascal: String =
        to_camel_case(name).chars().enumerate().map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c }).collect();
    match rule {
        Some("camelCase") => to_camel_case(name),
        Some("PascalCase") => pascal,
        Some("lowercase") => name.to_lowercase(),
        Some("UPPERCASE") => name.to_uppercase(),
        Some("SCREAMING_SNAKE_CASE") => name.to_uppercase(),
        Some("kebab-case") => name.replace('_', "-"),
        Some("SCREAMING-KEBAB-CASE") => name.replace('_', "-").to_uppercase(),
        _ => name.to_owned(),
    }
}

/// `#[field(...)]` on one field.
fn parse_hints(attrs: &[syn::Attribute], derive: Derive, errors: &mut Errors) -> syn::Result<HintsModel> {
    let mut hints = HintsModel::default();
    let valid = if derive == Derive::Input { INPUT_KEYS } else { CREDENTIAL_KEYS };
    let attribute = if derive == Derive::Input { "field" } else { "field` on a credentials field: #[field" };
    for attr in attrs.iter().filter(|a| a.path().is_ident("field")) {
        attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            if !valid.contains(&key.as_str()) {
                return unknown_key(errors, &meta, attribute, valid);
            }
            match key.as_str() {
                "key" => set_once(errors, &mut hints.key, lit_str(&meta)?, &meta),
                "label" => set_once(errors, &mut hints.label, lit_str(&meta)?, &meta),
                "description" => set_once(errors, &mut hints.description, lit_str(&meta)?, &meta),
                "placeholder" => set_once(errors, &mut hints.placeholder, lit_str(&meta)?, &meta),
                "input_type" => set_once(errors, &mut hints.input_type, lit_str(&meta)?, &meta),
                "field_type" => set_once(errors, &mut hints.field_type, lit_str(&meta)?, &meta),
                "pattern" => set_once(errors, &mut hints.pattern, lit_str(&meta)?, &meta),
                "help_url" => set_once(errors, &mut hints.help_url, lit_str(&meta)?, &meta),
                "help_text" => set_once(errors, &mut hints.help_text, lit_str(&meta)?, &meta),
                "default" => set_once(errors, &mut hints.default, literal(&meta)?, &meta),
                "min" => set_once(errors, &mut hints.min, literal(&meta)?, &meta),
                "max" => set_once(errors, &mut hints.max, literal(&meta)?, &meta),
                "step" => set_once(errors, &mut hints.step, literal(&meta)?, &meta),
                "min_length" => set_once(errors, &mut hints.min_length, meta.value()?.parse()?, &meta),
                "max_length" => set_once(errors, &mut hints.max_length, meta.value()?.parse()?, &meta),
                "secret" => hints.secret = true,
                "optional" => hints.optional = true,
                "show" | "hide" => {
                    let conditions = parse_conditions(&meta)?;
                    if key == "show" {
                        hints.show.extend(conditions)
                    } else {
                        hints.hide.extend(conditions)
                    }
                }
                _ => skip_value(&meta)?,
            }
            Ok(())
        })?;
    }
    Ok(hints)
}

/// A literal value, a negative number included (`min = -1`).
fn literal(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Lit> {
    let value = meta.value()?;
    if value.peek(Token![-]) {
        let minus: Token![-] = value.parse()?;
        let lit: Lit = value.parse()?;
        let text = format!("-{}", quote::quote!(#lit));
        return match lit {
            Lit::Int(_) => Ok(Lit::Int(syn::LitInt::new(&text, minus.span))),
            Lit::Float(_) => Ok(Lit::Float(syn::LitFloat::new(&text, minus.span))),
            other => Err(syn::Error::new(other.span(), "only numbers can be negative")),
        };
    }
    value.parse()
}

/// `show(mode = ["a", "b"], other = [true])`.
fn parse_conditions(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<(syn::Ident, Vec<Lit>)>> {
    let mut conditions = Vec::new();
    meta.parse_nested_meta(|condition| {
        let field = condition.path.require_ident()?.clone();
        let value = condition.value()?;
        let values = if value.peek(syn::token::Bracket) {
            let content;
            bracketed!(content in value);
            content.parse_terminated(Lit::parse, Token![,])?.into_iter().collect()
        } else {
            vec![value.parse()?]
        };
        conditions.push((field, values));
        Ok(())
    })?;
    Ok(conditions)
}

use syn::parse::Parse;
