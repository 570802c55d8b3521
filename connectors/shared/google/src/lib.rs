//! What every Google connector shares: the credentials form of a Google OAuth2 connection, the
//! `pageToken`/`nextPageToken` pagination of Google's list endpoints, Google's quota errors, the
//! ID inside a pasted Google link, the repeated query parameters Google's list filters take, the
//! RFC 3339 timestamps Google's resources carry, and the host of another Google API than the
//! connector's own, and the reading of Google's error answers
//! ([`refine_error`]).
//!
//! Every Google connector signs in through one Google OAuth2 app (the server's
//! `GOOGLE_OAUTH_CLIENT_ID`/`_SECRET`, or the user's own client in the form below); each declares
//! its own scopes with `oauth2(provider = "google", scopes = [...])`.
//!
//! ```
//! use connectors_google::GoogleCredentials;
//! use fluxturn_core::Credentials;
//! let keys: Vec<String> = GoogleCredentials::auth_fields().into_iter().map(|f| f.key).collect();
//! assert_eq!(keys, ["authType", "clientId", "clientSecret"]);
//! ```

use chrono::{DateTime, SecondsFormat, Utc};
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

/// `request` with `query` added to its query string as Google's APIs read it: an array is the
/// parameter repeated (`labelIds=INBOX&labelIds=UNREAD`), a null is left out.
///
/// ```no_run
/// # fn example(http: &fluxturn_core::Http) {
/// let query = serde_json::json!({ "q": "is:unread", "labelIds": ["INBOX", "Label_7"] });
/// let request = connectors_google::with_query(http.get("/gmail/v1/users/me/messages"), query.as_object().unwrap());
/// # drop(request);
/// # }
/// ```
pub fn with_query(mut request: Request, query: &Map<String, Value>) -> Request {
    for (key, value) in query {
        let values = match value {
            Value::Array(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        for value in values {
            let mut pair = Map::new();
            pair.insert(key.clone(), value.clone());
            request = request.query(&pair);
        }
    }
    request
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
        let mut page: Value = send_json(with_query(http.get(path), &query)).await?;
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

/// Sends a request to a Google API and decodes its JSON answer; a failure is read by
/// [`refine_error`].
pub async fn send_json<T: DeserializeOwned>(request: Request) -> Result<T> {
    request.send_json().await.map_err(refine_error)
}

/// The ID inside a Google link as users paste it (a Docs, Sheets, Slides or Forms document, a
/// Drive file or folder, or an `?id=` link), or the text itself, trimmed, when it is no link.
///
/// ```
/// use connectors_google::resource_id;
/// assert_eq!(resource_id("https://docs.google.com/spreadsheets/d/1AbC-x_9/edit#gid=0"), "1AbC-x_9");
/// assert_eq!(resource_id("https://drive.google.com/drive/u/0/folders/0BxF?usp=sharing"), "0BxF");
/// assert_eq!(resource_id("https://drive.google.com/open?id=1Zz&authuser=0"), "1Zz");
/// assert_eq!(resource_id(" 1AbC "), "1AbC");
/// // A link published to the web names no file: it is returned as it is, for the caller to refuse.
/// let published = "https://docs.google.com/spreadsheets/d/e/2PACX-1v/pubhtml";
/// assert_eq!(resource_id(published), published);
/// ```
pub fn resource_id(text: &str) -> String {
    let text = text.trim();
    if !text.contains('/') {
        return text.to_owned();
    }
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    let path = path.split('#').next().unwrap_or(path);
    let mut segments = path.split('/');
    while let Some(segment) = segments.next() {
        if matches!(segment, "d" | "folders") {
            match segments.next() {
                // A "published to the web" link (`/d/e/2PACX-...`) holds no file ID.
                Some("e") | Some("") | None => return text.to_owned(),
                Some(id) => return id.to_owned(),
            }
        }
    }
    let query = query.split('#').next().unwrap_or(query);
    form_pairs(query).find(|(key, _)| *key == "id").map(|(_, id)| id.to_owned()).unwrap_or_else(|| text.to_owned())
}

/// The `key=value` pairs of a query string (values kept as written: IDs need no decoding).
fn form_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query.split('&').filter_map(|pair| pair.split_once('='))
}

/// A timestamp of a Google resource (`2024-05-01T10:00:00.123Z`, or with an offset such as
/// `+02:00`; any number of fractional digits) as a UTC instant; `None` when it is not RFC 3339.
///
/// Compare instants, not the texts: `10:00:00Z` sorts after `10:00:00.5Z` as text.
///
/// ```
/// use connectors_google::{format_timestamp, parse_timestamp};
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

/// The root URL of another Google API than a connector's own, e.g. Drive's
/// (`https://www.googleapis.com`) for the Docs connector whose client has `base_url`:
/// `google_root` when the client talks to Google itself (its base URL is on `googleapis.com`),
/// else the client's base URL, so that a local mock or a proxy standing in for Google serves
/// every Google API the connector calls.
///
/// ```
/// use connectors_google::api_root;
/// let drive = "https://www.googleapis.com";
/// assert_eq!(api_root("https://docs.googleapis.com/v1", drive), "https://www.googleapis.com");
/// assert_eq!(api_root("http://127.0.0.1:8080", drive), "http://127.0.0.1:8080");
/// assert_eq!(api_root("https://googleapis.com.example.org", drive), "https://googleapis.com.example.org");
/// ```
pub fn api_root(base_url: &str, google_root: &str) -> String {
    let host =
        base_url.strip_prefix("https://").and_then(|rest| rest.split(['/', ':', '?']).next()).unwrap_or_default();
    if host == "googleapis.com" || host.ends_with(".googleapis.com") {
        google_root.trim_end_matches('/').to_owned()
    } else {
        base_url.trim_end_matches('/').to_owned()
    }
}

/// The id of a Google file (a document, spreadsheet, presentation, Drive file or folder) given as
/// its id or as a link to it: `…/d/<id>/…` (Docs, Sheets, Slides, Drive files), `…/folders/<id>`
/// (Drive folders) or `…?id=<id>` (Drive's open links). `what` names the file in the error.
///
/// ```
/// use connectors_google::file_id;
/// let link = "https://docs.google.com/document/d/1AbC-d_9/edit?tab=t.0";
/// assert_eq!(file_id(link, "document").unwrap(), "1AbC-d_9");
/// assert_eq!(file_id(" 1AbC-d_9 ", "document").unwrap(), "1AbC-d_9");
/// assert_eq!(file_id("https://drive.google.com/drive/u/0/folders/F1", "folder").unwrap(), "F1");
/// assert_eq!(file_id("https://drive.google.com/open?id=X2&usp=sharing", "file").unwrap(), "X2");
/// assert!(file_id("https://docs.google.com/document/u/0/", "document").is_err());
/// assert!(file_id("", "document").is_err());
/// ```
pub fn file_id(text: &str, what: &str) -> Result<String> {
    let text = text.trim();
    let is_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if is_id(text) {
        return Ok(text.to_owned());
    }
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    let path = path.split('#').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let after_marker =
        segments.windows(2).find(|pair| matches!(pair[0], "d" | "folders") && is_id(pair[1])).map(|pair| pair[1]);
    let in_query = query.split(['&', '#']).find_map(|pair| pair.strip_prefix("id=")).filter(|id| is_id(id));
    after_marker.or(in_query).map(str::to_owned).ok_or_else(|| {
        ConnectorError::invalid_input(format!("`{text}` is neither a {what} id nor a link to a Google {what}"))
    })
}

/// `text` as a quoted string literal of a Drive search query (`q`): in single quotes, with `'`
/// and `\` escaped.
///
/// ```
/// assert_eq!(connectors_google::drive_query_literal(r"it's a\b"), r"'it\'s a\\b'");
/// ```
pub fn drive_query_literal(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
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
/// a 403 that means "slow down" or "quota spent" becomes [`ErrorCode::RateLimited`] (retryable
/// when seconds of waiting may cure it), and the detailed messages some APIs put in
/// `details[].errors[]` (Google Ads' `GoogleAdsFailure`) join the message, since the top-level
/// one there only says the request was invalid. Every other error is returned as it is.
///
/// Drive and older APIs name the limit in `errors[].reason`, newer ones answer the status
/// `RESOURCE_EXHAUSTED`:
///
/// ```
/// use connectors_google::refine_error;
/// use fluxturn_core::{ConnectorError, ErrorCode};
/// let forbidden = |body: &str| {
///     ConnectorError::new(ErrorCode::Forbidden, "the upstream answered 403")
///         .with_details(serde_json::json!({ "upstream_status": 403, "upstream_body": body }))
/// };
/// let spent = refine_error(forbidden(r#"{"error": {"code": 403, "errors": [{"reason": "quotaExceeded"}]}}"#));
/// assert_eq!((spent.code, spent.status, spent.retryable), (ErrorCode::RateLimited, 403, false));
/// let busy = refine_error(forbidden(r#"{"error": {"code": 403, "errors": [{"reason": "userRateLimitExceeded"}]}}"#));
/// assert_eq!((busy.code, busy.retryable), (ErrorCode::RateLimited, true));
/// let exhausted = refine_error(forbidden(r#"{"error": {"code": 403, "status": "RESOURCE_EXHAUSTED"}}"#));
/// assert_eq!((exhausted.code, exhausted.retryable), (ErrorCode::RateLimited, true));
/// // A body cut short in the error's details is searched for the reason itself.
/// let cut = refine_error(forbidden(r#"{"error": {"code": 403, "errors": [{"reason": "rateLimitExceeded", "mess"#));
/// assert_eq!(cut.code, ErrorCode::RateLimited);
/// let denied = refine_error(forbidden(r#"{"error": {"code": 403, "errors": [{"reason": "insufficientPermissions"}]}}"#));
/// assert_eq!(denied.code, ErrorCode::Forbidden);
/// ```
pub fn refine_error(mut error: ConnectorError) -> ConnectorError {
    let text = error.details.get("upstream_body").and_then(Value::as_str).unwrap_or_default();
    let body = serde_json::from_str::<Value>(text).ok();
    let google = body.as_ref().map(|body| &body["error"]).filter(|e| e.is_object());
    if error.code == ErrorCode::Forbidden {
        if let Some(retryable) = quota_limit(google, text) {
            error.code = ErrorCode::RateLimited;
            error.retryable = retryable;
        }
    }
    let Some(google) = google else {
        return error;
    };
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

/// Whether a 403 from Google is a rate limit or a spent quota (`Some`), and then whether a wait
/// of seconds may cure it. `google` is the parsed `error` object; `text` the body as kept, for
/// when it was cut short and does not parse.
fn quota_limit(google: Option<&Value>, text: &str) -> Option<bool> {
    let Some(google) = google else {
        let reason = RATE_LIMIT_REASONS.iter().find(|r| text.contains(&format!("\"{r}\"")));
        return match reason {
            Some(reason) => Some(RETRYABLE_REASONS.contains(reason)),
            None => text.contains("\"RESOURCE_EXHAUSTED\"").then_some(true),
        };
    };
    let reasons =
        google["errors"].as_array().into_iter().flatten().chain(google["details"].as_array().into_iter().flatten());
    match reasons.filter_map(|e| e["reason"].as_str()).find(|r| RATE_LIMIT_REASONS.contains(r)) {
        Some(reason) => Some(RETRYABLE_REASONS.contains(&reason)),
        None => (google["status"] == "RESOURCE_EXHAUSTED").then_some(true),
    }
}

/// Sends `request`; a failure is read by [`refine_error`].
pub async fn send(request: Request) -> Result<Response> {
    request.send().await.map_err(refine_error)
}
