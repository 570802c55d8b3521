//! `Http`: the one client every connector talks to its API through. The framework builds it
//! from the connector's declarations (base URL, auth method, rate limits) and the user's
//! credentials, so no connector writes an auth header, a retry loop or a rate limiter.

mod pagination;
mod rate_limit;
mod redact;
mod retry;

pub use crate::declared::path_segment;
pub use pagination::{collect_pages, next_link, Page};
pub use retry::RetryPolicy;
pub(crate) use retry::ACTION_IDEMPOTENT;

use crate::auth::{AuthMethod, KeyPlacement, OAUTH2_ACCESS_TOKEN};
use crate::connector::{BoxFuture, ConnectContext};
use crate::fields::FromContext;
use crate::{ConnectorError, ErrorCode, Result};
use rate_limit::RateLimits;
use redact::Redactor;
use retry::{Failure, FailureKind};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How much of an upstream error body is kept in an error's details.
const BODY_EXCERPT_CHARS: usize = 2_000;

/// Timeouts and retries of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    /// How long one attempt may take.
    pub request_timeout: Duration,
    /// How long a request may take, retries and waits included.
    pub overall_timeout: Duration,
    /// When to retry.
    pub retry: RetryPolicy,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            overall_timeout: Duration::from_secs(120),
            retry: RetryPolicy::default(),
        }
    }
}

/// Gets a fresh OAuth2 access token when the upstream rejects the current one (401). The server
/// implements it (token endpoint, storage); `Http` calls it once and retries the request.
pub trait TokenRefresher: Send + Sync + 'static {
    /// Refreshes the access token and returns the new one.
    fn refresh(&self) -> BoxFuture<'_, Result<String>>;
}

/// A client bound to one connector instance: base URL, auth, rate limits, secrets to redact.
///
/// Cloning is cheap: clones share the connection pool, the limiters and the current token.
#[derive(Clone)]
pub struct Http {
    inner: Arc<HttpInner>,
}

struct HttpInner {
    client: reqwest::Client,
    connector: &'static str,
    base_url: String,
    auth: RwLock<Option<WireAuth>>,
    redactor: RwLock<Redactor>,
    limits: RateLimits,
    options: HttpOptions,
    refresher: Option<Arc<dyn TokenRefresher>>,
    headers: &'static [(&'static str, &'static str)],
}

/// The auth that goes on every request, resolved from the method and the credentials.
#[derive(Clone)]
enum WireAuth {
    Header { name: String, value: String },
    Query { name: String, value: String },
    Basic { username: String, password: String },
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("connector", &self.inner.connector)
            .field("base_url", &self.redact(&self.inner.base_url))
            .finish_non_exhaustive()
    }
}

impl FromContext for Http {
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        Http::from_context(ctx)
    }
}

impl Http {
    /// Builds the client for a connection: fills `{field}` placeholders of the base URL from the
    /// credentials and resolves the first declared auth method whose credentials are present.
    pub fn from_context(ctx: &ConnectContext) -> Result<Self> {
        let mut redactor = Redactor::new(ctx.secret_values());
        let template = ctx.base_url_override.as_deref().or(ctx.meta.base_url).unwrap_or("");
        let base_url = fill_placeholders(template, |key| ctx.credential(key)).map_err(|key| {
            ConnectorError::invalid_credentials(format!(
                "{}: the base URL needs the credential field `{key}`, which is missing",
                ctx.meta.name
            ))
        })?;
        let auth = resolve_auth(ctx)?;
        match &auth {
            Some(WireAuth::Header { value, .. } | WireAuth::Query { value, .. }) => redactor.add(value.clone()),
            Some(WireAuth::Basic { password, .. }) => redactor.add(password.clone()),
            None => {}
        }
        let client = reqwest::Client::builder()
            .user_agent(concat!("fluxturn/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConnectorError::internal(format!("could not build the HTTP client: {e}")))?;
        Ok(Self {
            inner: Arc::new(HttpInner {
                client,
                connector: ctx.meta.name,
                base_url: base_url.trim_end_matches('/').to_owned(),
                auth: RwLock::new(auth),
                redactor: RwLock::new(redactor),
                limits: RateLimits::new(&ctx.meta.rate_limits),
                options: ctx.http_options,
                refresher: ctx.token_refresher.clone(),
                headers: ctx.meta.headers,
            }),
        })
    }

    /// The base URL requests are relative to (placeholders filled).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A request of `method` to `path` (relative to the base URL, or absolute).
    pub fn request(&self, method: &str, path: &str) -> Request {
        let url = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}/{}", self.inner.base_url, path.trim_start_matches('/'))
        };
        Request {
            http: self.clone(),
            method: method.to_ascii_uppercase(),
            url,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            idempotent: false,
            timeout: None,
        }
    }

    /// A `GET` request.
    pub fn get(&self, path: &str) -> Request {
        self.request("GET", path)
    }

    /// A `POST` request.
    pub fn post(&self, path: &str) -> Request {
        self.request("POST", path)
    }

    /// A `PUT` request.
    pub fn put(&self, path: &str) -> Request {
        self.request("PUT", path)
    }

    /// A `PATCH` request.
    pub fn patch(&self, path: &str) -> Request {
        self.request("PATCH", path)
    }

    /// A `DELETE` request.
    pub fn delete(&self, path: &str) -> Request {
        self.request("DELETE", path)
    }

    /// Removes every secret from a text (messages, bodies).
    pub fn redact(&self, text: &str) -> String {
        self.inner.redactor.read().map(|r| r.redact(text)).unwrap_or_else(|_| "[redacted]".to_owned())
    }

    fn current_auth(&self) -> Option<WireAuth> {
        self.inner.auth.read().ok().and_then(|auth| auth.clone())
    }

    /// Asks the refresher for a new access token and uses it from now on.
    async fn refresh_token(&self) -> Result<()> {
        let Some(refresher) = &self.inner.refresher else {
            return Ok(());
        };
        let token = refresher.refresh().await?;
        if let Ok(mut redactor) = self.inner.redactor.write() {
            redactor.add(token.clone());
        }
        if let Ok(mut auth) = self.inner.auth.write() {
            *auth = Some(WireAuth::Header { name: "Authorization".into(), value: format!("Bearer {token}") });
        }
        Ok(())
    }
}

fn resolve_auth(ctx: &ConnectContext) -> Result<Option<WireAuth>> {
    let required = |key: &str| {
        ctx.credential(key).ok_or_else(|| {
            ConnectorError::invalid_credentials(format!("{}: missing required credential field `{key}`", ctx.meta.name))
        })
    };
    // With several methods, the first one whose credentials are present wins.
    let usable = ctx.meta.auth.iter().find(|m| m.credential_keys().iter().all(|k| ctx.credential(k).is_some()));
    let method = match (usable, ctx.meta.auth.first()) {
        (Some(method), _) => method,
        (None, Some(first)) => first,
        (None, None) => return Ok(None),
    };
    Ok(match *method {
        AuthMethod::None | AuthMethod::ApiKey { placement: KeyPlacement::Url, .. } => None,
        AuthMethod::ApiKey { placement: KeyPlacement::Header { name, prefix }, field } => {
            Some(WireAuth::Header { name: name.to_owned(), value: format!("{prefix}{}", required(field)?) })
        }
        AuthMethod::ApiKey { placement: KeyPlacement::Query { name }, field } => {
            Some(WireAuth::Query { name: name.to_owned(), value: required(field)? })
        }
        AuthMethod::BearerToken { field } => {
            Some(WireAuth::Header { name: "Authorization".into(), value: format!("Bearer {}", required(field)?) })
        }
        // Not authorized yet (the OAuth2 flow has not run): requests go without a token.
        AuthMethod::OAuth2 { .. } => ctx
            .credential(OAUTH2_ACCESS_TOKEN)
            .map(|token| WireAuth::Header { name: "Authorization".into(), value: format!("Bearer {token}") }),
        AuthMethod::BasicAuth { username, password } => {
            Some(WireAuth::Basic { username: required(username)?, password: required(password)? })
        }
    })
}

/// Replaces each `{name}` with `value(name)`; `Err(name)` for the first one without a value.
pub fn fill_placeholders(
    template: &str,
    mut value: impl FnMut(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = &rest[start + 1..start + len];
        out.push_str(&value(name).ok_or_else(|| name.to_owned())?);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The body of a request; kept as data so that a retry can send it again.
#[derive(Clone)]
enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Multipart(Vec<Part>),
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub struct Part {
    name: String,
    data: Vec<u8>,
    file_name: Option<String>,
    mime: Option<String>,
}

impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self { name: name.into(), data: value.into().into_bytes(), file_name: None, mime: None }
    }

    /// A file.
    pub fn file(name: impl Into<String>, file_name: impl Into<String>, mime: impl Into<String>, data: Vec<u8>) -> Self {
        Self { name: name.into(), data, file_name: Some(file_name.into()), mime: Some(mime.into()) }
    }

    fn to_reqwest(&self) -> Result<(String, reqwest::multipart::Part)> {
        let mut part = reqwest::multipart::Part::bytes(self.data.clone());
        if let Some(file_name) = &self.file_name {
            part = part.file_name(file_name.clone());
        }
        if let Some(mime) = &self.mime {
            part = part.mime_str(mime).map_err(|_| ConnectorError::internal(format!("invalid MIME type `{mime}`")))?;
        }
        Ok((self.name.clone(), part))
    }
}

/// A request being built; `send` it, or `send_json` to decode the answer.
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    http: Http,
    method: String,
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Body,
    idempotent: bool,
    timeout: Option<Duration>,
}

impl Request {
    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Body::Json(serde_json::to_value(body).unwrap_or(Value::Null));
        self
    }

    /// Sends `body` form-urlencoded; nested objects and arrays in bracket notation
    /// (`metadata[plan]=pro`, `items[0][price]=p_1`), as Stripe and most form APIs read them.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        let mut pairs = Vec::new();
        if let Ok(Value::Object(map)) = serde_json::to_value(body) {
            for (key, value) in map {
                flatten_form(key, value, &mut pairs);
            }
        }
        self.body = Body::Form(pairs);
        self
    }

    /// Sends a multipart body.
    pub fn multipart(mut self, parts: Vec<Part>) -> Self {
        self.body = Body::Multipart(parts);
        self
    }

    /// Adds query parameters from a struct or map of scalars (`None` fields are left out).
    pub fn query<T: Serialize + ?Sized>(mut self, query: &T) -> Self {
        self.query.extend(scalar_pairs(query));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Declares that repeating this request cannot repeat its effect (an idempotency key, an
    /// upsert), so timeouts and 5xx answers are retried even for POST and PATCH.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Overrides the per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends the request, waiting for the rate limiter and retrying as [`RetryPolicy`] says;
    /// a non-2xx answer is a [`ConnectorError`] with its status classified.
    pub async fn send(self) -> Result<Response> {
        let overall = self.http.inner.options.overall_timeout;
        match tokio::time::timeout(overall, self.send_with_retries()).await {
            Ok(result) => result,
            Err(_) => Err(ConnectorError::new(
                ErrorCode::Timeout,
                format!(
                    "the request to the upstream did not complete within {} ms (retries included)",
                    overall.as_millis()
                ),
            )),
        }
    }

    /// Sends the request and decodes the JSON answer into `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.send().await?.json()
    }

    async fn send_with_retries(&self) -> Result<Response> {
        let inner = &self.http.inner;
        let idempotent = self.idempotent || retry::is_idempotent_method(&self.method) || retry::action_is_idempotent();
        let mut delays = inner.options.retry.delays();
        let mut refreshed = false;
        let mut attempt = 1u32;
        loop {
            inner.limits.until_ready().await;
            let failure = match self.send_once().await {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if failure.error.status == 401 && !refreshed && inner.refresher.is_some() {
                refreshed = true;
                tracing::debug!(connector = inner.connector, "access token rejected; refreshing it once");
                self.http.refresh_token().await?;
                continue;
            }
            if !failure.retryable(idempotent) {
                return Err(failure.error);
            }
            let Some(backoff) = delays.next() else {
                return Err(give_up(failure.error, attempt));
            };
            let delay = match failure.retry_after {
                Some(wait) if wait > inner.options.retry.max_retry_after => {
                    return Err(give_up(failure.error, attempt))
                }
                Some(wait) => wait,
                None => backoff,
            };
            tracing::debug!(connector = inner.connector, attempt, delay_ms = delay.as_millis() as u64, error = %failure.error, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn send_once(&self) -> std::result::Result<Response, Failure> {
        let http = &self.http;
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).map_err(|_| Failure {
            error: ConnectorError::internal(format!("invalid HTTP method `{}`", self.method)),
            kind: FailureKind::Final,
            retry_after: None,
        })?;
        let timeout = self.timeout.unwrap_or(http.inner.options.request_timeout);
        let mut builder = http.inner.client.request(method, &self.url).timeout(timeout).query(&self.query);
        match http.current_auth() {
            Some(WireAuth::Header { name, value }) => builder = builder.header(name, value),
            Some(WireAuth::Query { name, value }) => builder = builder.query(&[(name, value)]),
            Some(WireAuth::Basic { username, password }) => builder = builder.basic_auth(username, Some(password)),
            None => {}
        }
        for (name, value) in http.inner.headers {
            builder = builder.header(*name, *value);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder = match &self.body {
            Body::None => builder,
            Body::Json(value) => builder.json(value),
            Body::Form(pairs) => builder.form(pairs),
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts {
                    let (name, part) = part.to_reqwest().map_err(|error| Failure {
                        error,
                        kind: FailureKind::Final,
                        retry_after: None,
                    })?;
                    form = form.part(name, part);
                }
                builder.multipart(form)
            }
        };
        let response = builder.send().await.map_err(|e| transport_failure(http, &e, timeout))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|e| transport_failure(http, &e, timeout))?.to_vec();
        if !(200..300).contains(&status) {
            let retry_after =
                headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(retry::parse_retry_after);
            return Err(Failure {
                error: status_error(http, status, &body),
                kind: retry::kind_of_status(status),
                retry_after,
            });
        }
        Ok(Response { status, headers, body })
    }
}

/// The last error, noting how many attempts were made.
fn give_up(mut error: ConnectorError, attempts: u32) -> ConnectorError {
    if attempts > 1 {
        error.message = format!("{} (gave up after {attempts} attempts)", error.message);
    }
    if let Value::Object(details) = &mut error.details {
        details.insert("attempts".into(), attempts.into());
    }
    error
}

/// A successful (2xx) answer.
#[derive(Debug)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Raw body.
    pub body: Vec<u8>,
}

impl Response {
    /// The body decoded as JSON into `T` (an empty body decodes as `null`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        serde_json::from_slice(body).map_err(|e| {
            ConnectorError::new(
                ErrorCode::InvalidResponse,
                format!("the upstream answer is not the expected JSON: {e}"),
            )
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `rel="next"` URL of the `Link` header, for Link-header pagination.
    pub fn next_link(&self) -> Option<String> {
        self.headers.get("link").and_then(|v| v.to_str().ok()).and_then(next_link)
    }
}

/// One form value as (name, text) pairs, nested values in bracket notation; nulls left out.
fn flatten_form(key: String, value: Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(s) => pairs.push((key, s)),
        Value::Object(map) => map.into_iter().for_each(|(k, v)| flatten_form(format!("{key}[{k}]"), v, pairs)),
        Value::Array(items) => {
            items.into_iter().enumerate().for_each(|(i, v)| flatten_form(format!("{key}[{i}]"), v, pairs))
        }
        other => pairs.push((key, other.to_string())),
    }
}

/// Scalars of a serializable struct or map as (name, text) pairs; nulls left out.
fn scalar_pairs<T: Serialize + ?Sized>(value: &T) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::to_value(value) else {
        return Vec::new();
    };
    map.into_iter()
        .filter_map(|(k, v)| match v {
            Value::Null => None,
            Value::String(s) => Some((k, s)),
            other => Some((k, other.to_string())),
        })
        .collect()
}

fn transport_failure(http: &Http, error: &reqwest::Error, timeout: Duration) -> Failure {
    // reqwest's message carries the URL, which may carry a secret (query key, path token).
    let (code, kind, message) = if error.is_timeout() {
        (
            ErrorCode::Timeout,
            FailureKind::MaybeProcessed,
            format!("the upstream did not answer within {} ms", timeout.as_millis()),
        )
    } else if error.is_connect() {
        (
            ErrorCode::Connection,
            FailureKind::NotSent,
            http.redact(&format!("could not connect to the upstream: {error}")),
        )
    } else {
        (
            ErrorCode::Connection,
            FailureKind::MaybeProcessed,
            http.redact(&format!("the request to the upstream failed: {error}")),
        )
    };
    Failure { error: ConnectorError::new(code, message), kind, retry_after: None }
}

fn status_error(http: &Http, status: u16, body: &[u8]) -> ConnectorError {
    let code = match status {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        408 | 504 => ErrorCode::Timeout,
        429 => ErrorCode::RateLimited,
        400 | 409 | 422 => ErrorCode::InvalidInput,
        _ => ErrorCode::Upstream,
    };
    let excerpt: String = http.redact(&String::from_utf8_lossy(body)).chars().take(BODY_EXCERPT_CHARS).collect();
    let upstream_message = serde_json::from_str::<Value>(&excerpt).ok().and_then(|body| upstream_message(&body));
    let message = match upstream_message {
        Some(m) => format!("the upstream answered {status}: {m}"),
        None => format!("the upstream answered {status}"),
    };
    let retryable = matches!(status, 408 | 429 | 500..=599);
    ConnectorError::new(code, message)
        .with_status(status)
        .with_retryable(retryable)
        .with_details(serde_json::json!({ "upstream_status": status, "upstream_body": excerpt }))
}

/// The human message of a JSON error body, in the shapes APIs commonly use.
fn upstream_message(body: &Value) -> Option<String> {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    ["message", "error_description", "description", "detail"]
        .iter()
        .find_map(|k| body.get(k).and_then(text))
        .or_else(|| body.get("error").and_then(|e| text(e).or_else(|| e.get("message").and_then(text))))
        .or_else(|| body.pointer("/errors/0/message").and_then(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_from_values() {
        let filled = fill_placeholders("https://api.telegram.org/bot{botToken}", |k| {
            (k == "botToken").then(|| "123:abc".into())
        });
        assert_eq!(filled.unwrap(), "https://api.telegram.org/bot123:abc");
        assert_eq!(fill_placeholders("/x/{id}", |_| None), Err("id".to_owned()));
    }

    #[test]
    fn form_values_nest_in_brackets() {
        let mut pairs = Vec::new();
        flatten_form(
            "metadata".into(),
            serde_json::json!({"plan": "pro", "tags": ["a", "b"], "gone": null}),
            &mut pairs,
        );
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("metadata[plan]", "pro"), ("metadata[tags][0]", "a"), ("metadata[tags][1]", "b")]);
    }

    #[test]
    fn upstream_messages_in_common_shapes() {
        use serde_json::json;
        assert_eq!(upstream_message(&json!({"message": "a"})).as_deref(), Some("a"));
        assert_eq!(upstream_message(&json!({"error": {"message": "b"}})).as_deref(), Some("b"));
        assert_eq!(upstream_message(&json!({"error": "c"})).as_deref(), Some("c"));
        assert_eq!(upstream_message(&json!({"errors": [{"message": "d"}]})).as_deref(), Some("d"));
    }
}
