//! `#[derive(Input)]` and `#[derive(Credentials)]` → the field names and hints as constants,
//! and for credentials the reading of each field.

use super::Paths;
use crate::model::{FieldModel, FieldsModel};
use proc_macro2::TokenStream;
use quote::quote;

/// One `FieldHints` constant expression.
fn hints(paths: &Paths, field: &FieldModel) -> TokenStream {
    let p = &paths.private;
    let h = &field.hints;
    let name = &field.name;
    let opt_lit = |lit: &Option<syn::Lit>| paths.option(lit.as_ref().map(|lit| paths.literal(lit)));
    let conditions = |list: &Vec<(syn::Ident, Vec<syn::Lit>)>| {
        let items = list.iter().map(|(field, values)| {
            let field = field.to_string();
            let values = values.iter().map(|lit| paths.literal(lit));
            quote!((#field, &[#(#values),*]))
        });
        quote!(&[#(#items),*])
    };
    let (label, placeholder, input_type, field_type, pattern, help_url) = (
        paths.opt_str(h.label.as_ref()),
        paths.opt_str(h.placeholder.as_ref()),
        paths.opt_str(h.input_type.as_ref()),
        paths.opt_str(h.field_type.as_ref()),
        paths.opt_str(h.pattern.as_ref()),
        paths.opt_str(h.help_url.as_ref()),
    );
    let (description, help_text) =
        (paths.opt_string(h.description.as_deref()), paths.opt_string(h.help_text.as_deref()));
    let (default, min, max, step) = (opt_lit(&h.default), opt_lit(&h.min), opt_lit(&h.max), opt_lit(&h.step));
    let (min_length, max_length) = (paths.option(h.min_length.as_ref()), paths.option(h.max_length.as_ref()));
    let (secret, show, hide) = (h.secret, conditions(&h.show), conditions(&h.hide));
    let aliases = &h.aliases;
    quote!(#p::FieldHints {
        name: #name, aliases: &[#(#aliases),*], label: #label, description: #description, placeholder: #placeholder, default: #default,
        input_type: #input_type, field_type: #field_type, min: #min, max: #max, step: #step,
        min_length: #min_length, max_length: #max_length, pattern: #pattern, help_url: #help_url,
        help_text: #help_text, secret: #secret, show: #show, hide: #hide,
    })
}

/// `impl Input`.
pub fn expand_input(model: &FieldsModel) -> TokenStream {
    let paths = Paths::new(model.krate.as_ref());
    let (core, p) = (&paths.core, &paths.private);
    let ident = &model.ident;
    let (impl_generics, type_generics, where_clause) = model.generics.split_for_impl();
    let fields: Vec<&FieldModel> = model.fields.iter().filter(|f| !f.skipped).collect();
    let names = fields.iter().map(|f| &f.name);
    let hints = fields.iter().map(|f| hints(&paths, f));
    quote! {
        #[automatically_derived]
        impl #impl_generics #core::Input for #ident #type_generics #where_clause {
            const FIELDS: &'static [&'static str] = &[#(#names),*];
            fn hints() -> &'static [#p::FieldHints] {
                const HINTS: &[#p::FieldHints] = &[#(#hints),*];
                HINTS
            }
        }
    }
}

/// `impl Credentials` and `impl FromContext`.
pub fn expand_credentials(model: &FieldsModel) -> TokenStream {
    let paths = Paths::new(model.krate.as_ref());
    let (core, p) = (&paths.core, &paths.private);
    let ident = &model.ident;
    let keys = model.fields.iter().map(|f| &f.name);
    let auth_fields = model.fields.iter().map(|f| {
        let (ty, required) = (&f.ty, f.required);
        let hints = hints(&paths, f);
        quote!({
            const HINTS: #p::FieldHints = #hints;
            #p::auth_field::<#ty>(&HINTS, #required)
        })
    });
    // Each field is read against its own auth field: its key, and whether these values require it.
    let reads = model.fields.iter().enumerate().map(|(index, f)| {
        let (field, ty) = (&f.ident, &f.ty);
        quote!(#field: #p::credential_field::<#ty>(values, &fields[#index])?)
    });
    let fields = (!model.fields.is_empty()).then(|| quote!(let fields = <Self as #core::Credentials>::auth_fields();));
    quote! {
        #[automatically_derived]
        impl #core::Credentials for #ident {
            const KEYS: &'static [&'static str] = &[#(#keys),*];
            fn auth_fields() -> #p::Vec<#core::AuthField> {
                #p::Vec::from([#(#auth_fields),*])
            }
            fn from_values(values: &#p::serde_json::Map<#p::String, #p::serde_json::Value>) -> #core::Result<Self> {
                #fields
                #p::Ok(Self { #(#reads),* })
            }
        }

        #[automatically_derived]
        impl #core::FromContext for #ident {
            fn from_context(ctx: &#core::ConnectContext) -> #core::Result<Self> {
                <Self as #core::Credentials>::from_values(&ctx.credentials)
            }
        }
    }
}
