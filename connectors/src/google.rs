//! What every Google connector shares: the credentials form of a Google OAuth2 connection, the
//! `pageToken`/`nextPageToken` pagination of Google's list endpoints, and the reading of Google's
//! error answers ([`refine_error`]).
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

use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use fluxturn_core::{Request, Response};
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

/// The `reason`s of a Google 403 that mean "slow down" or "quota spent", not "not allowed".
const RATE_LIMIT_REASONS: &[&str] =
    &["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded"];

/// The reasons that a wait of seconds may cure (the others last until the daily quota resets).
const RETRYABLE_REASONS: &[&str] = &["rateLimitExceeded", "userRateLimitExceeded"];

/// How many of the detailed errors of one answer the message names.
const DETAILED_ERRORS: usize = 3;

/// A Google API error made precise from Google's error shape (`{"error": {"code", "message",
/// "status", "errors": [{"reason"}], "details": [...]}}`, kept in the error's `upstream_body`):
/// a 403 whose reason is a rate limit or a spent quota becomes [`ErrorCode::RateLimited`], and the
/// detailed messages some APIs put in `details[].errors[]` (Google Ads' `GoogleAdsFailure`) join
/// the message, since the top-level one there only says the request was invalid.
///
/// ```
/// use fluxturn_core::{ConnectorError, ErrorCode};
/// let body = r#"{"error": {"code": 403, "message": "Quota spent.", "errors": [{"reason": "quotaExceeded"}]}}"#;
/// let error = ConnectorError::new(ErrorCode::Forbidden, "the upstream answered 403: Quota spent.")
///     .with_details(serde_json::json!({ "upstream_status": 403, "upstream_body": body }));
/// let error = connectors::google::refine_error(error);
/// assert_eq!((error.code, error.status, error.retryable), (ErrorCode::RateLimited, 403, false));
/// ```
pub fn refine_error(mut error: ConnectorError) -> ConnectorError {
    let body = error
        .details
        .get("upstream_body")
        .and_then(Value::as_str)
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    let Some(google) = body.as_ref().map(|body| &body["error"]).filter(|e| e.is_object()) else {
        return error;
    };
    let reasons: Vec<&str> = google["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(google["details"].as_array().into_iter().flatten())
        .filter_map(|e| e["reason"].as_str())
        .collect();
    if error.code == ErrorCode::Forbidden {
        if let Some(reason) = reasons.iter().find(|r| RATE_LIMIT_REASONS.contains(r)) {
            error.code = ErrorCode::RateLimited;
            error.retryable = RETRYABLE_REASONS.contains(reason);
        }
    }
    let detailed: Vec<String> = google["details"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["errors"].as_array().into_iter().flatten())
        .filter_map(|e| {
            let message = e["message"].as_str()?;
            let code = e["errorCode"].as_object().and_then(|c| c.iter().next());
            Some(match code {
                Some((kind, value)) => format!("{kind} {}: {message}", value.as_str().unwrap_or_default()),
                None => message.to_owned(),
            })
        })
        .take(DETAILED_ERRORS)
        .collect();
    if !detailed.is_empty() {
        error.message = format!("{} ({})", error.message, detailed.join("; "));
    }
    error
}

/// Sends `request`; a failure is read by [`refine_error`].
pub async fn send(request: Request) -> Result<Response> {
    request.send().await.map_err(refine_error)
}

/// Sends `request` and decodes its JSON answer into `T`; a failure is read by [`refine_error`].
pub async fn send_json<T: DeserializeOwned>(request: Request) -> Result<T> {
    request.send_json().await.map_err(refine_error)
}
