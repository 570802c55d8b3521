//! `#[derive(Input)]` and `#[derive(Credentials)]` → the field names and hints as constants,
//! and for credentials the reading of each field.

use super::{literal, opt_str, opt_string};
use crate::model::{FieldModel, FieldsModel};
use proc_macro2::TokenStream;
use quote::quote;

const P: &str = "::fluxturn_core::__private";

/// One `FieldHints` constant expression.
fn hints(field: &FieldModel) -> TokenStream {
    let p: TokenStream = P.parse().expect("path");
    let h = &field.hints;
    let name = &field.name;
    let description = match &h.description {
        Some(lit) => opt_str(Some(lit)),
        None => opt_string(field.doc.as_deref()),
    };
    let opt_lit = |lit: &Option<syn::Lit>| match lit {
        Some(lit) => {
            let value = literal(lit);
            quote!(#p::Some(#value))
        }
        None => quote!(#p::None),
    };
    let opt_int = |lit: &Option<syn::LitInt>| match lit {
        Some(lit) => quote!(#p::Some(#lit)),
        None => quote!(#p::None),
    };
    let conditions = |list: &Vec<(syn::Ident, Vec<syn::Lit>)>| {
        let items = list.iter().map(|(field, values)| {
            let field = field.to_string();
            let values = values.iter().map(literal);
            quote!((#field, &[#(#values),*]))
        });
        quote!(&[#(#items),*])
    };
    let (label, placeholder, input_type, field_type, pattern, help_url, help_text) = (
        opt_str(h.label.as_ref()),
        opt_str(h.placeholder.as_ref()),
        opt_str(h.input_type.as_ref()),
        opt_str(h.field_type.as_ref()),
        opt_str(h.pattern.as_ref()),
        opt_str(h.help_url.as_ref()),
        opt_str(h.help_text.as_ref()),
    );
    let (default, min, max, step) = (opt_lit(&h.default), opt_lit(&h.min), opt_lit(&h.max), opt_lit(&h.step));
    let (min_length, max_length) = (opt_int(&h.min_length), opt_int(&h.max_length));
    let (secret, show, hide) = (h.secret, conditions(&h.show), conditions(&h.hide));
    quote!(#p::FieldHints {
        name: #name, label: #label, description: #description, placeholder: #placeholder, default: #default,
        input_type: #input_type, field_type: #field_type, min: #min, max: #max, step: #step,
        min_length: #min_length, max_length: #max_length, pattern: #pattern, help_url: #help_url,
        help_text: #help_text, secret: #secret, show: #show, hide: #hide,
    })
}

/// `impl Input`.
pub fn expand_input(model: &FieldsModel) -> TokenStream {
    let p: TokenStream = P.parse().expect("path");
    let ident = &model.ident;
    let (impl_generics, type_generics, where_clause) = model.generics.split_for_impl();
    let fields: Vec<&FieldModel> = model.fields.iter().filter(|f| !f.skipped).collect();
    let names = fields.iter().map(|f| &f.name);
    let hints = fields.iter().map(|f| hints(f));
    quote! {
        impl #impl_generics ::fluxturn_core::Input for #ident #type_generics #where_clause {
            const FIELDS: &'static [&'static str] = &[#(#names),*];
            fn hints() -> &'static [#p::FieldHints] {
                const HINTS: &[#p::FieldHints] = &[#(#hints),*];
                HINTS
            }
        }
    }
}

/// Whether a type is written `Option<...>`.
fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// `impl Credentials` and `impl FromContext`.
pub fn expand_credentials(model: &FieldsModel) -> TokenStream {
    let p: TokenStream = P.parse().expect("path");
    let ident = &model.ident;
    let keys = model.fields.iter().map(|f| &f.name);
    let auth_fields = model.fields.iter().map(|f| {
        let ty = &f.ty;
        let hints = hints(f);
        let required = !is_option(ty) && !f.hints.optional;
        quote!({
            const HINTS: #p::FieldHints = #hints;
            #p::auth_field::<#ty>(&HINTS, #required)
        })
    });
    let reads = model.fields.iter().map(|f| {
        let (field, ty, key) = (&f.ident, &f.ty, &f.name);
        let required = !is_option(ty) && !f.hints.optional;
        quote!(#field: #p::credential_field::<#ty>(values, #key, #required)?)
    });
    quote! {
        impl ::fluxturn_core::Credentials for #ident {
            const KEYS: &'static [&'static str] = &[#(#keys),*];
            fn auth_fields() -> #p::Vec<::fluxturn_core::AuthField> {
                #p::Vec::from([#(#auth_fields),*])
            }
            fn from_values(values: &#p::serde_json::Map<#p::String, #p::serde_json::Value>) -> ::fluxturn_core::Result<Self> {
                #p::Ok(Self { #(#reads),* })
            }
        }

        impl ::fluxturn_core::FromContext for #ident {
            fn from_context(ctx: &::fluxturn_core::ConnectContext) -> ::fluxturn_core::Result<Self> {
                <Self as ::fluxturn_core::Credentials>::from_values(&ctx.credentials)
            }
        }
    }
}
