//! `#[connector(...)]` → [`ConnectorModel`], defaults settled.

use super::{crate_path, lit_str};
use crate::attr::{enum_value, key, names, span_of, Attr, BoolAttr};
use crate::checks::title_case;
use crate::doc::Doc;
use crate::errors::{suggestion, Errors};
use crate::model::{
    AuthModel, Category, ConnectorModel, CredentialKey, KeyPlacement, OAuthEndpoints, RateWindow, OAUTH_PROVIDERS,
};
use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::{bracketed, parenthesized, token, Ident, LitStr, Token};

names! {
    /// The keys of `#[connector(...)]`.
    enum ConnectorKey {
        Name = "name",
        DisplayName = "display_name",
        Category = "category",
        Description = "description",
        BaseUrl = "base_url",
        Icon = "icon",
        RateLimit = "rate_limit",
        Auth = "auth",
        Credentials = "credentials",
        WebhookSupport = "webhook_support",
        TestEndpoint = "test_endpoint",
        Headers = "headers",
        Crate = "crate",
    }
}

names! {
    /// The methods of `auth = ...`.
    enum AuthKind {
        ApiKey = "api_key",
        BearerToken = "bearer_token",
        BasicAuth = "basic_auth",
        OAuth2 = "oauth2",
        Custom = "custom",
        None = "none",
    }
}

names! {
    /// The keys of every auth method (each method accepts some, see [`AuthKind::keys`]).
    enum AuthKey {
        Header = "header",
        Prefix = "prefix",
        Query = "query",
        Url = "url",
        Field = "field",
        Username = "username",
        Password = "password",
        AuthorizationUrl = "authorization_url",
        TokenUrl = "token_url",
        Scopes = "scopes",
        Pkce = "pkce",
        Provider = "provider",
    }
}

impl AuthKind {
    /// The keys this method accepts.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Self::ApiKey => &["header", "prefix", "query", "url", "field"],
            Self::BearerToken => &["field"],
            Self::BasicAuth => &["username", "password"],
            Self::OAuth2 => &["provider", "authorization_url", "token_url", "scopes", "pkce"],
            Self::Custom | Self::None => &[],
        }
    }
}

/// Parses the attribute's arguments and the struct it is on.
pub fn parse(args: TokenStream, item: TokenStream, errors: &mut Errors) -> syn::Result<ConnectorModel> {
    let item: syn::ItemStruct = syn::parse2(item)?;
    let mut name = Attr::none("name");
    let mut display_name = Attr::none("display_name");
    let mut category = Attr::none("category");
    let mut description = Attr::none("description");
    let mut base_url = Attr::none("base_url");
    let mut icon = Attr::none("icon");
    let mut credentials = Attr::none("credentials");
    let mut webhook_support = Attr::none("webhook_support");
    let mut test_endpoint = Attr::none("test_endpoint");
    let mut krate = Attr::none("crate");
    let mut rate_limits: Vec<(RateWindow, syn::LitInt)> = Vec::new();
    let mut auth = Vec::new();
    let mut headers = Vec::new();
    let parser = syn::meta::parser(|meta| {
        let Some(which) = key(errors, &meta, "connector", ConnectorKey::from_name, ConnectorKey::NAMES)? else {
            return Ok(());
        };
        let span = span_of(&meta);
        match which {
            ConnectorKey::Name => name.set(errors, span, lit_str(&meta)?),
            ConnectorKey::DisplayName => display_name.set(errors, span, lit_str(&meta)?),
            ConnectorKey::Category => {
                let lit = lit_str(&meta)?;
                let value = enum_value(errors, &lit, "category", Category::from_name, Category::NAMES);
                category.set(errors, span, value);
            }
            ConnectorKey::Description => description.set(errors, span, lit_str(&meta)?),
            ConnectorKey::BaseUrl => base_url.set(errors, span, lit_str(&meta)?),
            ConnectorKey::Icon => icon.set(errors, span, lit_str(&meta)?),
            ConnectorKey::Credentials => credentials.set(errors, span, meta.value()?.parse()?),
            ConnectorKey::TestEndpoint => test_endpoint.set(errors, span, lit_str(&meta)?),
            ConnectorKey::WebhookSupport => {
                webhook_support.set(errors, span, meta.value()?.parse::<syn::LitBool>()?.value)
            }
            ConnectorKey::Crate => krate.set(errors, span, crate_path(&meta)?),
            ConnectorKey::Headers => headers.extend(super::headers(&meta)?),
            ConnectorKey::RateLimit => meta.parse_nested_meta(|inner| {
                let Some(window) =
                    key(errors, &inner, "connector(rate_limit", RateWindow::from_name, RateWindow::NAMES)?
                else {
                    return Ok(());
                };
                let value: syn::LitInt = inner.value()?.parse()?;
                if rate_limits.iter().any(|(w, _)| *w == window) {
                    errors.add(span_of(&inner), format!("`{}` is given twice; keep one", window.name()));
                } else {
                    rate_limits.push((window, value));
                }
                Ok(())
            })?,
            ConnectorKey::Auth => auth.extend(parse_auth_list(meta.value()?, errors)?),
        }
        Ok(())
    });
    parser.parse2(args)?;

    // Missing keys are reported on the whole attribute.
    let attr_span = Span::call_site();
    let doc = Doc::of(&item.attrs);
    let name = name.get().unwrap_or_else(|| {
        errors.add(attr_span, "#[connector] needs `name = \"...\"` (a snake_case name, e.g. `name = \"acme\"`)");
        LitStr::new("", attr_span)
    });
    // `Some(None)`: given, but unknown (already reported).
    let category = category.get().unwrap_or_else(|| {
        errors
            .add(attr_span, format!("#[connector] needs `category = \"...\"`, one of: {}", Category::NAMES.join(", ")));
        None
    });
    let description = description.get().map(|d| d.value()).or(doc.short).unwrap_or_else(|| {
        errors.add(
            item.ident.span(),
            format!(
                "connector `{}` has no description: add a `///` doc comment or `description = \"...\"`",
                item.ident
            ),
        );
        String::new()
    });
    Ok(ConnectorModel {
        display_name: display_name.get().map(|d| d.value()).unwrap_or_else(|| title_case(&name.value())),
        name,
        category,
        description,
        long_description: doc.long,
        base_url: base_url.get(),
        icon: icon.get(),
        rate_limits,
        auth,
        credentials: credentials.get(),
        webhook_support: webhook_support.get(),
        test_endpoint: test_endpoint.get(),
        headers,
        krate: krate.get(),
        item,
    })
}

/// `none`, `api_key(...)`, or `[bearer_token(...), oauth2(...)]`.
fn parse_auth_list(input: ParseStream, errors: &mut Errors) -> syn::Result<Vec<AuthModel>> {
    if input.peek(token::Bracket) {
        let content;
        bracketed!(content in input);
        let mut methods = Vec::new();
        while !content.is_empty() {
            methods.extend(parse_auth(&content, errors)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        Ok(methods)
    } else {
        Ok(parse_auth(input, errors)?.into_iter().collect())
    }
}

/// One auth method with its arguments, credential keys defaulted.
fn parse_auth(input: ParseStream, errors: &mut Errors) -> syn::Result<Option<AuthModel>> {
    let kind_ident: Ident = input.parse()?;
    let args = if input.peek(token::Paren) {
        let content;
        parenthesized!(content in input);
        content.parse::<TokenStream>()?
    } else {
        TokenStream::new()
    };
    let kind_name = kind_ident.to_string();
    let Some(kind) = AuthKind::from_name(&kind_name) else {
        errors.add(
            kind_ident.span(),
            format!("unknown auth method `{kind_name}`{}", suggestion(&kind_name, AuthKind::NAMES)),
        );
        return Ok(None);
    };
    let mut header = Attr::none("header");
    let mut prefix = Attr::none("prefix");
    let mut query = Attr::none("query");
    let mut url = BoolAttr::none("url");
    let mut field = Attr::none("field");
    let mut username = Attr::none("username");
    let mut password = Attr::none("password");
    let mut authorization_url = Attr::none("authorization_url");
    let mut token_url = Attr::none("token_url");
    let mut scopes = Attr::none("scopes");
    let mut pkce = Attr::none("pkce");
    let mut provider = Attr::none("provider");
    let mut pkce_span = None;
    let attribute = format!("connector(auth = {kind_name}");
    let parser = syn::meta::parser(|meta| {
        let Some(which) = key(errors, &meta, &attribute, AuthKey::from_name, kind.keys())? else {
            return Ok(());
        };
        let span = span_of(&meta);
        match which {
            AuthKey::Header => header.set(errors, span, lit_str(&meta)?),
            AuthKey::Prefix => prefix.set(errors, span, lit_str(&meta)?),
            AuthKey::Query => query.set(errors, span, lit_str(&meta)?),
            AuthKey::Field => field.set(errors, span, lit_str(&meta)?),
            AuthKey::Username => username.set(errors, span, lit_str(&meta)?),
            AuthKey::Password => password.set(errors, span, lit_str(&meta)?),
            AuthKey::AuthorizationUrl => authorization_url.set(errors, span, lit_str(&meta)?),
            AuthKey::TokenUrl => token_url.set(errors, span, lit_str(&meta)?),
            AuthKey::Provider => provider.set(errors, span, lit_str(&meta)?),
            AuthKey::Url => url.set_from(errors, &meta)?,
            AuthKey::Pkce => {
                let value =
                    if meta.input.peek(Token![=]) { meta.value()?.parse::<syn::LitBool>()?.value } else { true };
                pkce.set(errors, span, value);
                pkce_span = Some(span);
            }
            AuthKey::Scopes => {
                let value = meta.value()?;
                let content;
                bracketed!(content in value);
                let list: Vec<LitStr> =
                    content.parse_terminated(|s| s.parse::<LitStr>(), Token![,])?.into_iter().collect();
                scopes.set(errors, span, list);
            }
        }
        Ok(())
    });
    parser.parse2(args)?;
    let credential_key = |slot: Attr<LitStr>, default: &str| match slot.get() {
        Some(lit) => CredentialKey { key: lit.value(), span: lit.span() },
        None => CredentialKey { key: default.to_owned(), span: kind_ident.span() },
    };
    Ok(Some(match kind {
        AuthKind::None => AuthModel::None,
        AuthKind::Custom => AuthModel::Custom,
        AuthKind::ApiKey => {
            let placement = match (header.get(), query.get(), url.get()) {
                (Some(name), None, false) => {
                    KeyPlacement::Header { name, prefix: prefix.get().map(|p| p.value()).unwrap_or_default() }
                }
                (None, Some(name), false) => KeyPlacement::Query { name },
                (None, None, true) => KeyPlacement::Url,
                _ => {
                    errors.add(kind_ident.span(), "api_key needs exactly one of `header = \"...\"`, `query = \"...\"` or `url` (the key fills a base_url placeholder)");
                    KeyPlacement::Url
                }
            };
            AuthModel::ApiKey { placement, field: credential_key(field, "apiKey") }
        }
        AuthKind::BearerToken => AuthModel::BearerToken { field: credential_key(field, "token") },
        AuthKind::BasicAuth => AuthModel::BasicAuth {
            username: credential_key(username, "username"),
            password: credential_key(password, "password"),
        },
        AuthKind::OAuth2 => {
            let scopes = scopes.get().unwrap_or_default();
            if let Some(name) = provider.get() {
                let own = [authorization_url.get(), token_url.get()].into_iter().flatten().map(|l| l.span());
                for span in own.chain(pkce_span) {
                    errors.add(span, format!("`provider = \"{}\"` gives the endpoints and PKCE; remove `authorization_url`, `token_url` and `pkce` (keep `scopes`)", name.value()));
                }
                let constant = OAUTH_PROVIDERS.iter().find(|(n, _)| *n == name.value()).map(|(_, c)| *c);
                let constant = constant.unwrap_or_else(|| {
                    let known: Vec<&str> = OAUTH_PROVIDERS.iter().map(|(n, _)| *n).collect();
                    errors.add(name.span(), format!("unknown OAuth2 provider `{}`: the shared providers are {}; for another provider, declare `authorization_url = \"...\", token_url = \"...\"` instead", name.value(), known.join(", ")));
                    "GOOGLE"
                });
                return Ok(Some(AuthModel::OAuth2 {
                    endpoints: OAuthEndpoints::Provider(Ident::new(constant, name.span())),
                    scopes,
                }));
            }
            let mut required = |slot: Attr<LitStr>, key: &str| {
                slot.get().unwrap_or_else(|| {
                    errors.add(
                        kind_ident.span(),
                        format!(
                            "oauth2 needs `{key} = \"https://...\"` (or `provider = \"google\"` for a shared provider)"
                        ),
                    );
                    LitStr::new("", kind_ident.span())
                })
            };
            let endpoints = OAuthEndpoints::Declared {
                authorization_url: required(authorization_url, "authorization_url"),
                token_url: required(token_url, "token_url"),
                pkce: pkce.get().unwrap_or(false),
            };
            AuthModel::OAuth2 { endpoints, scopes }
        }
    }))
}
