//! Every `auth = ...` form, and what it declares.
use fluxturn_core::prelude::*;
use fluxturn_core::{AuthMethod, KeyPlacement};

#[derive(Credentials)]
pub struct KeyCredentials {
    #[field(label = "API Key", secret)]
    pub api_key: Secret<String>,
}

#[derive(Credentials)]
pub struct TokenCredentials {
    #[field(label = "Token", secret)]
    pub token: Secret<String>,
}

#[derive(Credentials)]
pub struct BasicCredentials {
    #[field(label = "Account SID")]
    pub account_sid: String,
    #[field(label = "Auth Token", secret)]
    pub auth_token: Secret<String>,
}

#[derive(Credentials)]
pub struct BotCredentials {
    #[field(label = "Bot Token", secret)]
    pub bot_token: Secret<String>,
}

/// API key in a header.
#[connector(name = "header_key", category = "utility", base_url = "https://api.example.com",
            auth = api_key(header = "X-Api-Key"), credentials = KeyCredentials)]
pub struct HeaderKey { http: Http }
#[actions]
impl HeaderKey {}

/// API key in the query.
#[connector(name = "query_key", category = "utility", base_url = "https://api.example.com",
            auth = api_key(query = "key"), credentials = KeyCredentials)]
pub struct QueryKey { http: Http }
#[actions]
impl QueryKey {}

/// API key in the base URL.
#[connector(name = "url_key", category = "communication", base_url = "https://api.example.org/bot{botToken}",
            auth = api_key(url, field = "botToken"), credentials = BotCredentials)]
pub struct UrlKey { http: Http }
#[actions]
impl UrlKey {}

/// Bearer token.
#[connector(name = "bearer", category = "utility", auth = bearer_token, credentials = TokenCredentials)]
pub struct Bearer;
#[actions]
impl Bearer {}

/// Basic auth.
#[connector(name = "basic", category = "communication",
            auth = basic_auth(username = "accountSid", password = "authToken"), credentials = BasicCredentials)]
pub struct Basic;
#[actions]
impl Basic {}

/// OAuth2 alone.
#[connector(name = "oauth", category = "productivity", auth = oauth2(
    authorization_url = "https://example.com/authorize", token_url = "https://example.com/token", scopes = ["a", "b"]))]
pub struct OAuth;
#[actions]
impl OAuth {}

/// Google's shared OAuth2 provider with this connector's scopes.
#[connector(name = "sheets", category = "productivity", auth = oauth2(provider = "google", scopes = ["https://www.googleapis.com/auth/spreadsheets"]))]
pub struct Sheets;
#[actions]
impl Sheets {}

/// Explicitly none.
#[connector(name = "open", category = "utility", auth = none)]
pub struct Open;
#[actions]
impl Open {}

/// Signs in itself (SMTP, IMAP), with its own fields.
#[connector(name = "mailer", category = "communication", auth = custom, credentials = BasicCredentials)]
pub struct Mailer;
#[actions]
impl Mailer {}

/// A token or OAuth2.
#[connector(name = "either", category = "development", auth = [
    bearer_token,
    oauth2(authorization_url = "https://example.com/authorize", token_url = "https://example.com/token", pkce = true),
], credentials = TokenCredentials)]
pub struct Either;
#[actions]
impl Either {}

fn main() {
    assert_eq!(HeaderKey::definition().auth_type, "api_key");
    assert_eq!(HeaderKey::META.auth, &[AuthMethod::ApiKey { placement: KeyPlacement::Header { name: "X-Api-Key", prefix: "" }, field: "apiKey" }]);
    assert_eq!(QueryKey::META.auth, &[AuthMethod::ApiKey { placement: KeyPlacement::Query { name: "key" }, field: "apiKey" }]);
    assert_eq!(UrlKey::META.auth, &[AuthMethod::ApiKey { placement: KeyPlacement::Url, field: "botToken" }]);
    assert_eq!(Bearer::definition().auth_type, "bearer_token");
    assert_eq!(Basic::definition().auth_type, "basic_auth");
    assert_eq!(Basic::definition().auth_fields.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(), ["accountSid", "authToken"]);
    let oauth = OAuth::definition();
    assert_eq!(oauth.auth_type, "oauth2");
    assert_eq!(oauth.oauth_config.unwrap().scopes, ["a", "b"]);
    assert_eq!(Open::definition().auth_type, "none");
    assert_eq!(Mailer::definition().auth_type, "custom");
    assert_eq!(Mailer::META.auth, &[AuthMethod::Custom]);
    assert_eq!(Mailer::definition().auth_fields.len(), 2);
    let either = Either::definition();
    assert_eq!(either.auth_type, "multiple");
    let auth_types: Vec<(&str, &str)> = either.auth_types.iter().map(|t| (t.value.as_str(), t.label.as_str())).collect();
    assert_eq!(auth_types, [("bearer_token", "Bearer Token"), ("oauth2", "OAuth2")]);
    assert!(Either::META.uses_pkce() && !OAuth::META.uses_pkce());
    let sheets = Sheets::definition().oauth_config.unwrap();
    assert_eq!((sheets.authorization_url.as_str(), sheets.token_url.as_str()), ("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token"));
    assert_eq!(sheets.scopes, ["https://www.googleapis.com/auth/spreadsheets"]);
    assert!(Sheets::META.uses_pkce());
    assert_eq!(Sheets::META.auth[0].oauth_provider().map(|p| p.name), Some("google"));
}
