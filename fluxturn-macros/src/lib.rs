//! Procedural macros of the FluxTurn connector framework. Use them through `fluxturn_core`
//! (`use fluxturn_core::prelude::*;`), which documents them with examples.
//!
//! Each macro is a small compiler: [`parse`] builds a typed [`model`], [`validate`] records
//! every mistake on its token, and [`expand`] writes thin code calling `fluxturn_core`.

mod checks;
mod errors;
mod expand;
mod model;
mod parse;
mod validate;

use errors::Errors;
use proc_macro::TokenStream;

/// Declares a connector on its struct: name, category, base URL, auth, rate limits, icon.
/// Generates `impl ConnectorSpec` (definition, connect) for it.
#[proc_macro_attribute]
pub fn connector(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let original: proc_macro2::TokenStream = item.clone().into();
    let model = match parse::connector::parse(args.into(), item.into(), &mut errors) {
        Ok(model) => model,
        Err(error) => {
            errors.push(error);
            let dummy =
                syn::parse2::<syn::ItemStruct>(original.clone()).map(|s| expand::dummy::connector_spec(&s.ident)).ok();
            return with_errors(quote::quote!(#original #dummy), &errors);
        }
    };
    validate::connector(&model, &mut errors);
    if !errors.is_empty() {
        let item = &model.item;
        let dummy = expand::dummy::connector_spec(&item.ident);
        return with_errors(quote::quote!(#item #dummy), &errors);
    }
    expand::connector::expand(&model).into()
}

/// Collects the `#[action]`, `#[trigger]` and `#[test_connection]` methods of a connector's
/// impl block; generates the action definitions and the dispatch (`impl Connector`).
#[proc_macro_attribute]
pub fn actions(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    if !args.is_empty() {
        errors.add(
            proc_macro2::TokenStream::from(args)
                .into_iter()
                .next()
                .map_or_else(proc_macro2::Span::call_site, |t| t.span()),
            "#[actions] takes no arguments",
        );
    }
    let original: proc_macro2::TokenStream = item.clone().into();
    let model = match parse::actions::parse(item.into(), &mut errors) {
        Ok(model) => model,
        Err(error) => {
            errors.push(error);
            let dummy = syn::parse2::<syn::ItemImpl>(original.clone()).map(|i| expand::dummy::actions(&i.self_ty)).ok();
            return with_errors(quote::quote!(#dummy), &errors);
        }
    };
    validate::actions(&model, &mut errors);
    if !errors.is_empty() {
        // The impl block without our attributes, and placeholder impls, so the errors above
        // are the only ones.
        let item = &model.item;
        let dummy = expand::dummy::actions(&item.self_ty);
        return with_errors(quote::quote!(#item #dummy), &errors);
    }
    expand::actions::expand(&model).into()
}

/// Derives `fluxturn_core::Input` for an action's input struct: field names (after serde
/// renames) and the `#[field(...)]` UI hints.
#[proc_macro_derive(Input, attributes(field))]
pub fn derive_input(item: TokenStream) -> TokenStream {
    derive_fields(item, parse::fields::Derive::Input)
}

/// Derives `fluxturn_core::Credentials` for a connector's credentials struct: the auth fields
/// of its form (keys camelCase unless `key = ..`) and the reading of each stored value.
#[proc_macro_derive(Credentials, attributes(field))]
pub fn derive_credentials(item: TokenStream) -> TokenStream {
    derive_fields(item, parse::fields::Derive::Credentials)
}

fn derive_fields(item: TokenStream, derive: parse::fields::Derive) -> TokenStream {
    let mut errors = Errors::default();
    let input = match syn::parse::<syn::DeriveInput>(item) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error().into(),
    };
    let model = match parse::fields::parse(input, derive, &mut errors) {
        Ok(model) => model,
        Err(error) => {
            errors.push(error);
            return errors.to_compile_errors().into();
        }
    };
    let what = if derive == parse::fields::Derive::Input { "input field" } else { "auth field" };
    validate::fields(&model, what, &mut errors);
    if !errors.is_empty() {
        return errors.to_compile_errors().into();
    }
    match derive {
        parse::fields::Derive::Input => expand::fields::expand_input(&model).into(),
        parse::fields::Derive::Credentials => expand::fields::expand_credentials(&model).into(),
    }
}

/// The one list of connectors (in `connectors/src/lib.rs`): generates `ConnectorType`, the
/// registry and a duplicate-name check. The modules are declared beside it in plain Rust.
#[proc_macro]
pub fn connectors(input: TokenStream) -> TokenStream {
    match syn::parse::<parse::list::ConnectorList>(input) {
        Ok(list) => expand::list::expand(&list).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

fn with_errors(item: proc_macro2::TokenStream, errors: &Errors) -> TokenStream {
    let errors = errors.to_compile_errors();
    quote::quote!(#item #errors).into()
}
