//! Placeholder impls emitted next to compile errors (as clap_derive and thiserror do), so that
//! one mistake is reported once instead of followed by "trait not implemented" errors wherever
//! the type is used. They never run: the crate does not compile while they exist.

use super::Paths;
use proc_macro2::TokenStream;
use quote::quote;

/// `ConnectorSpec` (and `HasHttp`) for a struct whose `#[connector]` attribute has errors.
pub fn connector_spec(paths: &Paths, ident: &syn::Ident) -> TokenStream {
    let (core, p) = (&paths.core, &paths.private);
    quote! {
        #[automatically_derived]
        impl #core::ConnectorSpec for #ident {
            const NAME: &'static str = "";
            const META: #p::ConnectorMeta = #p::ConnectorMeta::uncompiled();
            type Credentials = #core::NoCredentials;
            fn definition() -> #core::ConnectorDefinition { #p::uncompiled_definition() }
            fn icon() -> #p::Option<&'static str> { #p::None }
            fn http_client(&self) -> #p::Option<&#core::Http> { #p::None }
            fn connect(_: &#core::ConnectContext) -> #core::Result<Self> { #p::Err(#p::uncompiled_error()) }
        }
        #[automatically_derived]
        impl #p::HasHttp for #ident {
            fn http(&self) -> &#core::Http { ::core::unreachable!() }
        }
    }
}

/// `ActionSet` and `Connector` for an impl block whose `#[actions]` has errors.
pub fn actions(paths: &Paths, self_ty: &syn::Type) -> TokenStream {
    let (core, p) = (&paths.core, &paths.private);
    let value = quote!(#p::serde_json::Value);
    quote! {
        #[automatically_derived]
        impl #p::ActionSet for #self_ty {
            const TRIGGERS: &'static [#p::TriggerMeta] = &[];
            fn actions() -> #p::Vec<#core::ActionDefinition> { #p::Vec::new() }
            fn triggers() -> #p::Vec<#core::TriggerDefinition> { #p::Vec::new() }
        }
        #[automatically_derived]
        impl #core::Connector for #self_ty {
            fn execute<'a>(&'a self, _: &'a str, _: #value) -> #core::BoxFuture<'a, #core::Result<#value>> { #p::uncompiled() }
            fn test_connection(&self) -> #core::BoxFuture<'_, #core::Result<()>> { #p::uncompiled() }
            fn handle_webhook<'a>(&'a self, _: &'a str, _: #value, _: #core::WebhookRequest)
                -> #core::BoxFuture<'a, #core::Result<#core::WebhookReply<#value>>> { #p::uncompiled() }
            fn poll<'a>(&'a self, _: &'a str, _: #value, _: #p::Option<#value>)
                -> #core::BoxFuture<'a, #core::Result<#core::Polled<#value>>> { #p::uncompiled() }
        }
    }
}

/// `Input` for a struct whose `#[derive(Input)]` has errors.
pub fn input(paths: &Paths, input: &syn::DeriveInput) -> TokenStream {
    let (core, p) = (&paths.core, &paths.private);
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #core::Input for #ident #type_generics #where_clause {
            const FIELDS: &'static [&'static str] = &[];
            fn hints() -> &'static [#p::FieldHints] { &[] }
        }
    }
}

/// `Credentials` and `FromContext` for a struct whose `#[derive(Credentials)]` has errors.
pub fn credentials(paths: &Paths, input: &syn::DeriveInput) -> TokenStream {
    let (core, p) = (&paths.core, &paths.private);
    let ident = &input.ident;
    quote! {
        #[automatically_derived]
        impl #core::Credentials for #ident {
            const KEYS: &'static [&'static str] = &[];
            fn auth_fields() -> #p::Vec<#core::AuthField> { #p::Vec::new() }
            fn from_values(_: &#p::serde_json::Map<#p::String, #p::serde_json::Value>) -> #core::Result<Self> {
                #p::Err(#p::uncompiled_error())
            }
        }
        #[automatically_derived]
        impl #core::FromContext for #ident {
            fn from_context(_: &#core::ConnectContext) -> #core::Result<Self> { #p::Err(#p::uncompiled_error()) }
        }
    }
}
