//! What every Google connector shares: the credentials form of a Google OAuth2 connection, the
//! `pageToken`/`nextPageToken` pagination of Google's list endpoints, and the RFC 3339 timestamps
//! Google's resources carry and its list filters take.
//!
//! Every Google connector signs in through one Google OAuth2 app (the server's
//! `GOOGLE_OAUTH_CLIENT_ID`/`_SECRET`, or the user's own client in the form below); each declares
//! its own scopes with `oauth2(provider = "google", scopes = [...])`.
//!
//! ```
//! use connectors::google::GoogleCredentials;
//! use fluxturn_core::Credentials;
//! let keys: Vec<String> = GoogleCredentials::auth_fields().into_iter().map(|f| f.key).collect();
//! assert_eq!(keys, ["authType", "clientId", "clientSecret"]);
//! ```

use chrono::{DateTime, SecondsFormat, Utc};
use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// How a Google connection signs in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum GoogleAuthType {
    /// OAuth2: sign in with Google (the server's Google app, or your own client)
    #[default]
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// The "Add Google …" form: OAuth2 through the server's Google app, or through your own OAuth
/// client when its id and secret are given. The server stores the tokens it obtains.
#[derive(Credentials)]
pub struct GoogleCredentials {
    /// How the connection signs in
    #[field(label = "Authentication", default = "oauth2")]
    pub auth_type: GoogleAuthType,
    /// Client ID of your own Google OAuth client (blank: the server's Google app)
    #[field(
        label = "Client ID",
        placeholder = "1234567890-abc.apps.googleusercontent.com",
        help_url = "https://console.cloud.google.com/apis/credentials",
        show(authType = ["oauth2"])
    )]
    pub client_id: Option<String>,
    /// Client secret of your own Google OAuth client
    #[field(label = "Client Secret", secret, show(authType = ["oauth2"]))]
    pub client_secret: Option<Secret<String>>,
}

/// Most pages one listing reads (a safety stop against a provider that never ends).
pub const MAX_PAGES: usize = 1000;

/// Every item of a Google list endpoint, following `nextPageToken`, up to `max_items`: `GET path`
/// with `query` plus `pageToken`, the items read from the array `items_key` of each page.
///
/// `query` is sent on every page (Google wants the same parameters with each token).
pub async fn list_all<T: DeserializeOwned>(
    http: &Http,
    path: &str,
    query: &Map<String, Value>,
    items_key: &str,
    max_items: usize,
) -> Result<Vec<T>> {
    collect_pages(MAX_PAGES, max_items, |token| async move {
        let mut query = query.clone();
        if let Some(token) = token {
            query.insert("pageToken".into(), token.into());
        }
        let mut page: Value = http.get(path).query(&query).send_json().await?;
        let items = match page.get_mut(items_key).map(Value::take) {
            None | Some(Value::Null) => Vec::new(),
            Some(items) => serde_json::from_value(items).map_err(|e| {
                ConnectorError::new(
                    ErrorCode::InvalidResponse,
                    format!("Google's `{items_key}` list is not what was expected: {e}"),
                )
            })?,
        };
        let next = page.get("nextPageToken").and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_owned);
        Ok(Page { items, next })
    })
    .await
}

/// A timestamp of a Google resource (`2024-05-01T10:00:00.123Z`, or with an offset such as
/// `+02:00`; any number of fractional digits) as a UTC instant; `None` when it is not RFC 3339.
///
/// Compare instants, not the texts: `10:00:00Z` sorts after `10:00:00.5Z` as text.
///
/// ```
/// use connectors::google::{format_timestamp, parse_timestamp};
/// let at = parse_timestamp("2024-05-01T12:00:00.5+02:00").unwrap();
/// assert!(at > parse_timestamp("2024-05-01T10:00:00Z").unwrap());
/// assert_eq!(format_timestamp(at), "2024-05-01T10:00:00Z");
/// assert_eq!(parse_timestamp("May 1st"), None);
/// ```
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim()).ok().map(|at| at.with_timezone(&Utc))
}

/// An instant as Google's query parameters and filters take it: RFC 3339 in UTC with a `Z`, in
/// whole seconds (the fraction is dropped).
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
