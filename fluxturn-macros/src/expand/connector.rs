//! `#[connector]` → the struct, `impl ConnectorSpec`, `impl HasHttp`, compile-time field checks.

use super::Paths;
use crate::checks::placeholders;
use crate::model::{AuthModel, ConnectorModel, KeyPlacement, OAuthEndpoints, RateWindow};
use crate::validate::icon_path;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Fields;

/// Expands a valid model.
pub fn expand(model: &ConnectorModel) -> TokenStream {
    let paths = Paths::new(model.krate.as_ref());
    let (core, p) = (&paths.core, &paths.private);
    let item = &model.item;
    let ident = &item.ident;
    let name = model.name.value();
    let display_name = &model.display_name;
    let category = model.category.map(|c| c.variant()).expect("a valid model has a category");
    let description = &model.description;
    let long_description = paths.opt_string(model.long_description.as_deref());
    let base_url = paths.opt_str(model.base_url.as_ref());
    let credentials = match &model.credentials {
        Some(ty) => quote!(#ty),
        None => quote!(#core::NoCredentials),
    };
    let keys = quote!(<#credentials as #core::Credentials>::KEYS);
    let rate = |window: RateWindow| paths.option(model.rate_limits.iter().find(|(w, _)| *w == window).map(|(_, v)| v));
    let (per_second, per_minute, per_hour) =
        (rate(RateWindow::Second), rate(RateWindow::Minute), rate(RateWindow::Hour));
    let webhook_support = paths.option(model.webhook_support);
    let test_endpoint = paths.opt_str(model.test_endpoint.as_ref());
    let headers = model.headers.iter().map(|(name, value)| quote!((#name, #value)));
    let auth: Vec<TokenStream> = model.auth.iter().map(|method| auth_method(&paths, method)).collect();
    let icon = match &model.icon {
        Some(icon) => {
            let path = icon_path(icon).display().to_string();
            quote_spanned!(icon.span()=> #p::Some(::core::include_str!(#path)))
        }
        None => paths.none(),
    };
    let mut checks = TokenStream::new();
    if let Some(base_url) = &model.base_url {
        for placeholder in placeholders(&base_url.value()) {
            let message = format!("base_url placeholder `{{{placeholder}}}` names no credential field; add a field with key `{placeholder}` to the credentials struct, or fix the placeholder");
            checks.extend(paths.require_field(&keys, &placeholder, base_url.span(), &message));
        }
    }
    for key in model.auth.iter().flat_map(AuthModel::credential_keys) {
        let message = format!("auth field `{}` names no credential field; add a field with key `{}` to the credentials struct (or set `field = \"...\"`)", key.key, key.key);
        checks.extend(paths.require_field(&keys, &key.key, key.span, &message));
    }
    let connect = connect_body(core, &item.fields);
    let http = http_field(&item.fields);
    let has_http = http.as_ref().map(|field| {
        quote! {
            #[automatically_derived]
            impl #p::HasHttp for #ident {
                fn http(&self) -> &#core::Http { ::core::convert::AsRef::<#core::Http>::as_ref(&self.#field) }
            }
        }
    });
    let http_client =
        paths.option(http.as_ref().map(|field| quote!(::core::convert::AsRef::<#core::Http>::as_ref(&self.#field))));
    quote! {
        #item

        #[automatically_derived]
        impl #core::ConnectorSpec for #ident {
            const NAME: &'static str = #name;
            const META: #p::ConnectorMeta = #p::ConnectorMeta {
                name: #name,
                display_name: #display_name,
                category: #core::ConnectorCategory::#category,
                description: #description,
                long_description: #long_description,
                base_url: #base_url,
                auth: &[#(#auth),*],
                rate_limits: #p::RateLimitMeta { per_second: #per_second, per_minute: #per_minute, per_hour: #per_hour },
                webhook_support: #webhook_support,
                test_endpoint: #test_endpoint,
                headers: &[#(#headers),*],
            };
            type Credentials = #credentials;

            fn definition() -> #core::ConnectorDefinition {
                #p::build_definition(
                    &<Self as #core::ConnectorSpec>::META,
                    <#credentials as #core::Credentials>::auth_fields(),
                    <Self as #p::ActionSet>::actions(),
                    <Self as #p::ActionSet>::triggers(),
                )
            }

            fn icon() -> #p::Option<&'static str> {
                #icon
            }

            fn connect(ctx: &#core::ConnectContext) -> #core::Result<Self> {
                #p::Ok(#connect)
            }

            fn http_client(&self) -> #p::Option<&#core::Http> {
                #http_client
            }
        }

        #has_http
        #checks
    }
}

/// One `AuthMethod` value.
fn auth_method(paths: &Paths, method: &AuthModel) -> TokenStream {
    let core = &paths.core;
    let path = quote!(#core::AuthMethod);
    match method {
        AuthModel::None => quote!(#path::None),
        AuthModel::Custom => quote!(#path::Custom),
        AuthModel::ApiKey { placement, field } => {
            let field = &field.key;
            let placement = match placement {
                KeyPlacement::Header { name, prefix } => {
                    quote!(#core::KeyPlacement::Header { name: #name, prefix: #prefix })
                }
                KeyPlacement::Query { name } => quote!(#core::KeyPlacement::Query { name: #name }),
                KeyPlacement::Url => quote!(#core::KeyPlacement::Url),
            };
            quote!(#path::ApiKey { placement: #placement, field: #field })
        }
        AuthModel::BearerToken { field } => {
            let field = &field.key;
            quote!(#path::BearerToken { field: #field })
        }
        AuthModel::BasicAuth { username, password } => {
            let (username, password) = (&username.key, &password.key);
            quote!(#path::BasicAuth { username: #username, password: #password })
        }
        AuthModel::OAuth2 { endpoints: OAuthEndpoints::Declared { authorization_url, token_url, pkce }, scopes } => {
            let none = paths.none();
            quote!(#path::OAuth2 { authorization_url: #authorization_url, token_url: #token_url, scopes: &[#(#scopes),*], pkce: #pkce, provider: #none })
        }
        AuthModel::OAuth2 { endpoints: OAuthEndpoints::Provider(constant), scopes } => {
            let provider = quote!(#core::auth::providers::#constant);
            let some = paths.some(quote!(&#provider));
            quote!(#path::OAuth2 {
                authorization_url: #provider.authorization_url,
                token_url: #provider.token_url,
                scopes: &[#(#scopes),*],
                pkce: #provider.pkce,
                provider: #some,
            })
        }
    }
}

/// `Self { field: FromContext::from_context(ctx)?, .. }`.
fn connect_body(core: &TokenStream, fields: &Fields) -> TokenStream {
    let from = |ty: &syn::Type| quote_spanned!(ty.span()=> <#ty as #core::FromContext>::from_context(ctx)?);
    match fields {
        Fields::Unit => quote!(Self),
        Fields::Named(named) => {
            let inits = named.named.iter().map(|f| {
                let name = &f.ident;
                let value = from(&f.ty);
                quote!(#name: #value)
            });
            quote!(Self { #(#inits),* })
        }
        Fields::Unnamed(unnamed) => {
            let inits = unnamed.unnamed.iter().map(|f| from(&f.ty));
            quote!(Self(#(#inits),*))
        }
    }
}

/// The field whose type is `Http` or `PreparedHttp<_>`, if any.
fn http_field(fields: &Fields) -> Option<TokenStream> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let syn::Type::Path(path) = &f.ty else {
            return None;
        };
        let ty = &path.path.segments.last()?.ident;
        (ty == "Http" || ty == "PreparedHttp").then(|| match &f.ident {
            Some(ident) => quote!(#ident),
            None => {
                let index = syn::Index::from(i);
                quote!(#index)
            }
        })
    })
}
