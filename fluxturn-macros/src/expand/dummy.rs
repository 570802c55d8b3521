//! Placeholder impls emitted next to compile errors (as serde_derive does), so that one mistake
//! is reported once instead of followed by "trait not implemented" errors everywhere it is used.
//! They never run: the crate does not compile while they exist.

use proc_macro2::TokenStream;
use quote::quote;

/// `ConnectorSpec` for a struct whose `#[connector]` attribute has errors.
pub fn connector_spec(ident: &syn::Ident) -> TokenStream {
    let p = quote!(::fluxturn_core::__private);
    quote! {
        impl ::fluxturn_core::ConnectorSpec for #ident {
            const NAME: &'static str = "";
            const META: #p::ConnectorMeta = #p::ConnectorMeta {
                name: "", display_name: "", category: ::fluxturn_core::ConnectorCategory::Utility, description: "",
                base_url: #p::None, auth: &[], rate_limits: #p::RateLimitMeta { per_second: #p::None, per_minute: #p::None, per_hour: #p::None },
                webhook_support: #p::None, test_endpoint: #p::None, headers: &[],
            };
            type Credentials = ::fluxturn_core::NoCredentials;
            fn definition() -> ::fluxturn_core::ConnectorDefinition {
                #p::build_definition(&Self::META, #p::Vec::new(), #p::Vec::new(), #p::Vec::new())
            }
            fn icon() -> #p::Option<&'static str> { #p::None }
            fn http_client(&self) -> #p::Option<&::fluxturn_core::Http> { #p::None }
            fn connect(_: &::fluxturn_core::ConnectContext) -> ::fluxturn_core::Result<Self> {
                #p::Err(::fluxturn_core::ConnectorError::internal("this connector failed to compile"))
            }
        }
        impl #p::HasHttp for #ident {
            fn http(&self) -> &::fluxturn_core::Http { ::core::panic!("this connector failed to compile") }
        }
    }
}

/// `ActionSet` and `Connector` for an impl block whose `#[actions]` has errors.
pub fn actions(self_ty: &syn::Type) -> TokenStream {
    let p = quote!(::fluxturn_core::__private);
    let value = quote!(#p::serde_json::Value);
    quote! {
        impl #p::ActionSet for #self_ty {
            fn actions() -> #p::Vec<::fluxturn_core::ActionDefinition> { #p::Vec::new() }
            fn triggers() -> #p::Vec<::fluxturn_core::TriggerDefinition> { #p::Vec::new() }
        }
        impl ::fluxturn_core::Connector for #self_ty {
            fn execute<'a>(&'a self, _: &'a str, _: #value) -> ::fluxturn_core::BoxFuture<'a, ::fluxturn_core::Result<#value>> { #p::uncompiled() }
            fn test_connection(&self) -> ::fluxturn_core::BoxFuture<'_, ::fluxturn_core::Result<()>> { #p::uncompiled() }
            fn handle_webhook<'a>(&'a self, _: &'a str, _: #value, _: ::fluxturn_core::WebhookRequest)
                -> ::fluxturn_core::BoxFuture<'a, ::fluxturn_core::Result<#p::Vec<#value>>> { #p::uncompiled() }
            fn poll<'a>(&'a self, _: &'a str, _: #value, _: #p::Option<#value>)
                -> ::fluxturn_core::BoxFuture<'a, ::fluxturn_core::Result<::fluxturn_core::Polled<#value>>> { #p::uncompiled() }
        }
    }
}
