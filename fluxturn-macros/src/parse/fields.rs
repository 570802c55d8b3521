//! `#[derive(Input)]` / `#[derive(Credentials)]` → [`FieldsModel`]: each field's serialized name
//! (serde's `rename_all`/`rename`, or `key = ..`) and its `#[field(...)]` hints.

use super::{aliases, crate_path, lit_str};
use crate::attr::{key, names, skip_value, span_of, Attr, BoolAttr};
use crate::checks::to_camel_case;
use crate::doc::Doc;
use crate::errors::{suggestion, Errors};
use crate::model::{FieldModel, FieldsModel, HintsModel};
use syn::spanned::Spanned;
use syn::{bracketed, Data, DeriveInput, Fields, Lit, Token};

names! {
    /// The keys of `#[field(...)]` (each derive accepts some: [`INPUT_KEYS`], [`CREDENTIAL_KEYS`]).
    enum FieldKey {
        Key = "key",
        Aliases = "aliases",
        Label = "label",
        Description = "description",
        Placeholder = "placeholder",
        Default = "default",
        InputType = "input_type",
        FieldType = "field_type",
        Min = "min",
        Max = "max",
        Step = "step",
        MinLength = "min_length",
        MaxLength = "max_length",
        Pattern = "pattern",
        HelpUrl = "help_url",
        HelpText = "help_text",
        Secret = "secret",
        Optional = "optional",
        Required = "required",
        Show = "show",
        Hide = "hide",
    }
}

/// The `#[field(...)]` keys of an input field.
const INPUT_KEYS: &[&str] = &[
    "aliases",
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
/// The `#[field(...)]` keys of a credentials field.
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
    "required",
    "show",
];

names! {
    /// serde's `rename_all` rules.
    enum RenameRule {
        Lower = "lowercase",
        Upper = "UPPERCASE",
        Pascal = "PascalCase",
        Camel = "camelCase",
        Snake = "snake_case",
        ScreamingSnake = "SCREAMING_SNAKE_CASE",
        Kebab = "kebab-case",
        ScreamingKebab = "SCREAMING-KEBAB-CASE",
    }
}

names! {
    /// The keys of the container attribute `#[fluxturn(...)]`.
    enum ContainerKey {
        Crate = "crate",
    }
}

/// Which derive is parsing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    Input,
    Credentials,
}

/// Parses a struct with named fields.
pub fn parse(input: DeriveInput, derive: Derive, errors: &mut Errors) -> syn::Result<FieldsModel> {
    let name = if derive == Derive::Input { "Input" } else { "Credentials" };
    let krate = container_crate(&input.attrs, errors)?;
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
    let errors_before = errors.len();
    let rename_all = match derive {
        Derive::Input => serde_rename_all(&input.attrs, errors)?,
        Derive::Credentials => Some(RenameRule::Camel),
    };
    let serde_broken = errors.len() > errors_before;
    let mut fields = Vec::new();
    for field in named {
        let ident = field.ident.clone().expect("named field");
        let (rename, skipped) = if derive == Derive::Input { serde_field(&field.attrs)? } else { (None, false) };
        let hints = parse_hints(&field.attrs, derive, errors)?;
        let (name, name_span) = match (&hints.key, rename) {
            (Some(key), _) => (key.value(), key.span()),
            (None, Some(rename)) => (rename, ident.span()),
            (None, None) => (apply_rename_all(&ident.to_string(), rename_all), ident.span()),
        };
        let is_option = is_option(&field.ty);
        let required = hints.required.is_some() || (!is_option && hints.optional.is_none());
        fields.push(FieldModel { ident, ty: field.ty.clone(), name, name_span, skipped, is_option, required, hints });
    }
    Ok(FieldsModel { ident: input.ident, generics: input.generics, krate, fields, serde_broken })
}

/// Whether a type is written `Option<...>`.
fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// `#[fluxturn(crate = "...")]` on the struct.
fn container_crate(attrs: &[syn::Attribute], errors: &mut Errors) -> syn::Result<Option<syn::Path>> {
    let mut krate = Attr::none("crate");
    for attr in attrs.iter().filter(|a| a.path().is_ident("fluxturn")) {
        attr.parse_nested_meta(|meta| {
            if let Some(ContainerKey::Crate) =
                key(errors, &meta, "fluxturn", ContainerKey::from_name, ContainerKey::NAMES)?
            {
                krate.set(errors, span_of(&meta), crate_path(&meta)?);
            }
            Ok(())
        })?;
    }
    Ok(krate.get())
}

/// `#[serde(rename_all = "...")]` of the container; an unknown rule is an error, as in serde.
fn serde_rename_all(attrs: &[syn::Attribute], errors: &mut Errors) -> syn::Result<Option<RenameRule>> {
    let mut rename_all = None;
    let mut rule = |lit: syn::LitStr, errors: &mut Errors| match RenameRule::from_name(&lit.value()) {
        Some(rule) => rename_all = Some(rule),
        None => errors.add(
            lit.span(),
            format!("unknown rename rule `{}`{}", lit.value(), suggestion(&lit.value(), RenameRule::NAMES)),
        ),
    };
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                if meta.input.peek(Token![=]) {
                    rule(lit_str(&meta)?, errors);
                } else {
                    // rename_all(deserialize = "..", serialize = "..")
                    meta.parse_nested_meta(|inner| {
                        if inner.path.is_ident("deserialize") {
                            rule(lit_str(&inner)?, errors);
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

/// A field name under a serde `rename_all` rule.
fn apply_rename_all(name: &str, rule: Option<RenameRule>) -> String {
    let name = name.trim_start_matches("r#");
    let pascal: String =
        to_camel_case(name).chars().enumerate().map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c }).collect();
    match rule {
        Some(RenameRule::Camel) => to_camel_case(name),
        Some(RenameRule::Pascal) => pascal,
        Some(RenameRule::Lower) => name.to_lowercase(),
        Some(RenameRule::Upper | RenameRule::ScreamingSnake) => name.to_uppercase(),
        Some(RenameRule::Kebab) => name.replace('_', "-"),
        Some(RenameRule::ScreamingKebab) => name.replace('_', "-").to_uppercase(),
        Some(RenameRule::Snake) | None => name.to_owned(),
    }
}

/// `#[field(...)]` on one field, descriptions settled from its doc comment.
fn parse_hints(attrs: &[syn::Attribute], derive: Derive, errors: &mut Errors) -> syn::Result<HintsModel> {
    let valid = if derive == Derive::Input { INPUT_KEYS } else { CREDENTIAL_KEYS };
    let attribute = if derive == Derive::Input { "field" } else { "field` on a credentials field: #[field" };
    let mut key_slot = Attr::none("key");
    let mut alias_list = Attr::none("aliases");
    let mut label = Attr::none("label");
    let mut description = Attr::none("description");
    let mut placeholder = Attr::none("placeholder");
    let mut input_type = Attr::none("input_type");
    let mut field_type = Attr::none("field_type");
    let mut pattern = Attr::none("pattern");
    let mut help_url = Attr::none("help_url");
    let mut help_text = Attr::none("help_text");
    let mut default = Attr::none("default");
    let mut min = Attr::none("min");
    let mut max = Attr::none("max");
    let mut step = Attr::none("step");
    let mut min_length = Attr::none("min_length");
    let mut max_length = Attr::none("max_length");
    let mut secret = BoolAttr::none("secret");
    let mut optional = BoolAttr::none("optional");
    let mut required = BoolAttr::none("required");
    let (mut show, mut hide) = (Vec::new(), Vec::new());
    for attr in attrs.iter().filter(|a| a.path().is_ident("field")) {
        attr.parse_nested_meta(|meta| {
            if derive == Derive::Credentials && meta.path.is_ident("hide") {
                errors.add_spanned(
                    &meta.path,
                    "a credentials field takes no `hide(...)`: FluxTurn's credentials form only shows a field \
                     when other fields hold given values; write `show(field = [values])` with the values that show it",
                );
                return skip_value(&meta);
            }
            if derive == Derive::Credentials && meta.path.is_ident("aliases") {
                errors.add_spanned(
                    &meta.path,
                    "a credentials field takes no `aliases`: aliases rename a workflow's parameters, and credentials \
                     are stored under their `key`; remove `aliases`",
                );
                return skip_value(&meta);
            }
            let Some(which) = key(errors, &meta, attribute, FieldKey::from_name, valid)? else {
                return Ok(());
            };
            let span = span_of(&meta);
            match which {
                FieldKey::Key => key_slot.set(errors, span, lit_str(&meta)?),
                FieldKey::Aliases => {
                    let list = aliases(&meta, errors)?;
                    alias_list.set(errors, span, list);
                }
                FieldKey::Label => label.set(errors, span, lit_str(&meta)?),
                FieldKey::Description => description.set(errors, span, lit_str(&meta)?),
                FieldKey::Placeholder => placeholder.set(errors, span, lit_str(&meta)?),
                FieldKey::InputType => input_type.set(errors, span, lit_str(&meta)?),
                FieldKey::FieldType => field_type.set(errors, span, lit_str(&meta)?),
                FieldKey::Pattern => pattern.set(errors, span, lit_str(&meta)?),
                FieldKey::HelpUrl => help_url.set(errors, span, lit_str(&meta)?),
                FieldKey::HelpText => help_text.set(errors, span, lit_str(&meta)?),
                FieldKey::Default => default.set(errors, span, literal(&meta)?),
                FieldKey::Min => {
                    let value = number(&meta, errors)?;
                    min.set(errors, span, value);
                }
                FieldKey::Max => {
                    let value = number(&meta, errors)?;
                    max.set(errors, span, value);
                }
                FieldKey::Step => {
                    let value = number(&meta, errors)?;
                    step.set(errors, span, value);
                }
                FieldKey::MinLength => min_length.set(errors, span, meta.value()?.parse()?),
                FieldKey::MaxLength => max_length.set(errors, span, meta.value()?.parse()?),
                FieldKey::Secret => secret.set_from(errors, &meta)?,
                FieldKey::Optional => optional.set_from(errors, &meta)?,
                FieldKey::Required => required.set_from(errors, &meta)?,
                FieldKey::Show => show.extend(parse_conditions(&meta)?),
                FieldKey::Hide => hide.extend(parse_conditions(&meta)?),
            }
            Ok(())
        })?;
    }
    let doc = Doc::of(attrs);
    let key = key_slot.get();
    if let Some(key) = key.as_ref().filter(|k| k.value().is_empty()) {
        errors.add(key.span(), "a key cannot be empty");
    }
    Ok(HintsModel {
        key,
        aliases: alias_list.get().unwrap_or_default(),
        label: label.get(),
        description: description.get().map(|d: syn::LitStr| d.value()).or(doc.short),
        placeholder: placeholder.get(),
        default: default.get(),
        input_type: input_type.get(),
        field_type: field_type.get(),
        min: min.get(),
        max: max.get(),
        step: step.get(),
        min_length: min_length.get(),
        max_length: max_length.get(),
        pattern: pattern.get(),
        help_url: help_url.get(),
        help_text: help_text.get().map(|h: syn::LitStr| h.value()).or(doc.long),
        secret: secret.get(),
        optional: optional.span(),
        required: required.span(),
        show,
        hide,
    })
}

/// `min`, `max` and `step` take numbers.
fn number(meta: &syn::meta::ParseNestedMeta, errors: &mut Errors) -> syn::Result<Lit> {
    let lit = literal(meta)?;
    if !matches!(lit, Lit::Int(_) | Lit::Float(_)) {
        errors.add(lit.span(), "min, max and step take numbers");
    }
    Ok(lit)
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
