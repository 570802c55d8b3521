//! `#[connector]` → the struct, `impl ConnectorSpec`, `impl HasHttp`, compile-time field checks.

use super::{opt_str, require_field};
use crate::checks::{doc_comment, placeholders, title_case};
use crate::model::{AuthModel, ConnectorModel};
use crate::validate::icon_path;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Fields, LitStr};

/// Expands a valid model.
pub fn expand(model: &ConnectorModel) -> TokenStream {
    let item = &model.item;
    let ident = &item.ident;
    let name = model.name.as_ref().map(LitStr::value).unwrap_or_default();
    let display_name = model.display_name.as_ref().map(LitStr::value).unwrap_or_else(|| title_case(&name));
    let category = category_variant(model.category.as_ref().map(LitStr::value).unwrap_or_default().as_str());
    let description =
        model.description.as_ref().map(LitStr::value).or_else(|| doc_comment(&item.attrs)).unwrap_or_default();
    let base_url = opt_str(model.base_url.as_ref());
    let credentials = match &model.credentials {
        Some(ty) => quote!(#ty),
        None => quote!(::fluxturn_core::NoCredentials),
    };
    let keys = quote!(<#credentials as ::fluxturn_core::Credentials>::KEYS);
    let rate = |key: &str| match model.rate_limits.iter().find(|(k, _)| k == key) {
        Some((_, value)) => quote!(::fluxturn_core::__private::Some(#value)),
        None => quote!(::fluxturn_core::__private::None),
    };
    let (per_second, per_minute, per_hour) =
        (rate("requests_per_second"), rate("requests_per_minute"), rate("requests_per_hour"));
    let webhook_support = match &model.webhook_support {
        Some(value) => quote!(::fluxturn_core::__private::Some(#value)),
        None => quote!(::fluxturn_core::__private::None),
    };
    let test_endpoint = opt_str(model.test_endpoint.as_ref());
    let headers = model.headers.iter().map(|(name, value)| quote!((#name, #value)));
    let auth: Vec<TokenStream> = model.auth.iter().map(auth_method).collect();
    let icon = match &model.icon {
        Some(icon) => {
            let path = icon_path(icon).display().to_string();
            quote_spanned!(icon.span()=> ::fluxturn_core::__private::Some(::core::include_str!(#path)))
        }
        None => quote!(::fluxturn_core::__private::None),
    };
    let mut checks = TokenStream::new();
    if let Some(base_url) = &model.base_url {
        for placeholder in placeholders(&base_url.value()) {
            let message = format!("base_url placeholder `{{{placeholder}}}` names no credential field; add a field with key `{placeholder}` to the credentials struct, or fix the placeholder");
            checks.extend(require_field(&keys, &placeholder, base_url.span(), &message));
        }
    }
    for (key, span) in model.auth.iter().flat_map(auth_keys) {
        let message = format!("auth field `{key}` names no credential field; add a field with key `{key}` to the credentials struct (or set `field = \"...\"`)");
        checks.extend(require_field(&keys, &key, span, &message));
    }
    let connect = connect_body(&item.fields);
    let http = http_field(&item.fields);
    let has_http = http.as_ref().map(|field| {
        quote! {
            impl ::fluxturn_core::__private::HasHttp for #ident {
                fn http(&self) -> &::fluxturn_core::Http { &self.#field }
            }
        }
    });
    let http_client = match &http {
        Some(field) => quote!(::fluxturn_core::__private::Some(&self.#field)),
        None => quote!(::fluxturn_core::__private::None),
    };
    quote! {
        #item

        impl ::fluxturn_core::ConnectorSpec for #ident {
            const NAME: &'static str = #name;
            const META: ::fluxturn_core::__private::ConnectorMeta = ::fluxturn_core::__private::ConnectorMeta {
                name: #name,
                display_name: #display_name,
                category: ::fluxturn_core::ConnectorCategory::#category,
                description: #description,
                base_url: #base_url,
                auth: &[#(#auth),*],
                rate_limits: ::fluxturn_core::__private::RateLimitMeta { per_second: #per_second, per_minute: #per_minute, per_hour: #per_hour },
                webhook_support: #webhook_support,
                test_endpoint: #test_endpoint,
                headers: &[#(#headers),*],
            };
            type Credentials = #credentials;

            fn definition() -> ::fluxturn_core::ConnectorDefinition {
                ::fluxturn_core::__private::build_definition(
                    &<Self as ::fluxturn_core::ConnectorSpec>::META,
                    <#credentials as ::fluxturn_core::Credentials>::auth_fields(),
                    <Self as ::fluxturn_core::__private::ActionSet>::actions(),
                    <Self as ::fluxturn_core::__private::ActionSet>::triggers(),
                )
            }

            fn icon() -> ::fluxturn_core::__private::Option<&'static str> {
                #icon
            }

            fn connect(ctx: &::fluxturn_core::ConnectContext) -> ::fluxturn_core::Result<Self> {
                ::fluxturn_core::__private::Ok(#connect)
            }

            fn http_client(&self) -> ::fluxturn_core::__private::Option<&::fluxturn_core::Http> {
                #http_client
            }
        }

        #has_http
        #checks
    }
}

/// `communication` → `Communication`.
fn category_variant(category: &str) -> syn::Ident {
    let pascal: String = category
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect();
    syn::Ident::new(if pascal.is_empty() { "Utility" } else { &pascal }, proc_macro2::Span::call_site())
}

/// One `AuthMethod` value.
fn auth_method(method: &AuthModel) -> TokenStream {
    let path = quote!(::fluxturn_core::AuthMethod);
    let or =
        |value: &Option<LitStr>, default: &str| value.as_ref().map(LitStr::value).unwrap_or_else(|| default.to_owned());
    match method {
        AuthModel::None => quote!(#path::None),
        AuthModel::ApiKey { header, prefix, query, field, .. } => {
            let field = or(field, "apiKey");
            let placement = match (header, query) {
                (Some(header), _) => {
                    let prefix = or(prefix, "");
                    quote!(::fluxturn_core::KeyPlacement::Header { name: #header, prefix: #prefix })
                }
                (None, Some(query)) => {
                    quote!(::fluxturn_core::KeyPlacement::Query { name: #query })
                }
                (None, None) => quote!(::fluxturn_core::KeyPlacement::Url),
            };
            quote!(#path::ApiKey { placement: #placement, field: #field })
        }
        AuthModel::BearerToken { field, .. } => {
            let field = or(field, "token");
            quote!(#path::BearerToken { field: #field })
        }
        AuthModel::BasicAuth { username, password, .. } => {
            let (username, password) = (or(username, "username"), or(password, "password"));
            quote!(#path::BasicAuth { username: #username, password: #password })
        }
        AuthModel::OAuth2 { authorization_url, token_url, scopes, pkce, .. } => {
            let (authorization_url, token_url) = (or(authorization_url, ""), or(token_url, ""));
            quote!(#path::OAuth2 { authorization_url: #authorization_url, token_url: #token_url, scopes: &[#(#scopes),*], pkce: #pkce })
        }
    }
}

/// The credential keys an auth method reads from the form, with where they were written.
fn auth_keys(method: &AuthModel) -> Vec<(String, proc_macro2::Span)> {
    let key = |value: &Option<LitStr>, default: &str, kind: &syn::Ident| match value {
        Some(lit) => (lit.value(), lit.span()),
        None => (default.to_owned(), kind.span()),
    };
    match method {
        AuthModel::ApiKey { kind, field, .. } => vec![key(field, "apiKey", kind)],
        AuthModel::BearerToken { kind, field } => vec![key(field, "token", kind)],
        AuthModel::BasicAuth { kind, username, password } => {
            vec![key(username, "username", kind), key(password, "password", kind)]
        }
        AuthModel::None | AuthModel::OAuth2 { .. } => vec![],
    }
}

/// `Self { field: FromContext::from_context(ctx)?, .. }`.
fn connect_body(fields: &Fields) -> TokenStream {
    let from = |ty: &syn::Type| quote_spanned!(ty.span()=> <#ty as ::fluxturn_core::FromContext>::from_context(ctx)?);
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

/// The field whose type is `Http`, if any.
fn http_field(fields: &Fields) -> Option<TokenStream> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let syn::Type::Path(path) = &f.ty else {
            return None;
        };
        (path.path.segments.last()?.ident == "Http").then(|| match &f.ident {
            Some(ident) => quote!(#ident),
            None => {
                let index = syn::Index::from(i);
                quote!(#index)
            }
        })
    })
}
