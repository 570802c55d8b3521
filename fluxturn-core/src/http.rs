//! `Http`: the one client every connector talks to its API through. Built by the framework from
//! the connector's declared base URL and auth method and the user's credentials, so no
//! connector writes an auth header by hand.

use crate::auth::{AuthMethod, KeyPlacement, OAUTH2_ACCESS_TOKEN};
use crate::connector::ConnectContext;
use crate::fields::FromContext;
use crate::{ConnectorError, ErrorCode, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// How long one request may take, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How much of an upstream error body is kept in an error's details.
const BODY_EXCERPT_CHARS: usize = 2_000;

/// A client bound to one connector instance: base URL, auth, secrets to redact.
///
/// Cloning is cheap (the connection pool is shared).
#[derive(Clone)]
pub struct Http {
    inner: Arc<HttpInner>,
}

struct HttpInner {
    client: reqwest::Client,
    base_url: String,
    auth: Option<WireAuth>,
    redactor: Redactor,
}

/// The auth that goes on every request, resolved from the method and the credentials.
enum WireAuth {
    Header { name: String, value: String },
    Query { name: String, value: String },
    Basic { username: String, password: String },
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field(
                "base_url",
                &self.inner.redactor.redact(&self.inner.base_url),
            )
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
        let redactor = Redactor::new(ctx.secret_values());
        let template = ctx
            .base_url_override
            .as_deref()
            .or(ctx.meta.base_url)
            .unwrap_or("");
        let base_url = fill_placeholders(template, |key| ctx.credential(key)).map_err(|key| {
            ConnectorError::invalid_credentials(format!(
                "{}: the base URL needs the credential field `{key}`, which is missing",
                ctx.meta.name
            ))
        })?;
        let auth = resolve_auth(ctx)?;
        let mut redactor = redactor;
        if let Some(WireAuth::Header { value, .. } | WireAuth::Query { value, .. }) = &auth {
            redactor.add(value.clone());
        }
        let client = reqwest::Client::builder()
            .timeout(DEFAULT_TIMEOUT)
            .user_agent(concat!("fluxturn/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                ConnectorError::internal(format!("could not build the HTTP client: {e}"))
            })?;
        Ok(Self {
            inner: Arc::new(HttpInner {
                client,
                base_url: base_url.trim_end_matches('/').to_owned(),
                auth,
                redactor,
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
        self.inner.redactor.redact(text)
    }
}

fn resolve_auth(ctx: &ConnectContext) -> Result<Option<WireAuth>> {
    let required = |key: &str| {
        ctx.credential(key).ok_or_else(|| {
            ConnectorError::invalid_credentials(format!(
                "{}: missing required credential field `{key}`",
                ctx.meta.name
            ))
        })
    };
    // With several methods, the first one whose credentials are present wins.
    let usable = ctx.meta.auth.iter().find(|m| {
        m.credential_keys()
            .iter()
            .all(|k| ctx.credential(k).is_some())
    });
    let method = match (usable, ctx.meta.auth.first()) {
        (Some(method), _) => method,
        (None, Some(first)) => first,
        (None, None) => return Ok(None),
    };
    Ok(match *method {
        AuthMethod::None
        | AuthMethod::ApiKey {
            placement: KeyPlacement::Url,
            ..
        } => None,
        AuthMethod::ApiKey {
            placement: KeyPlacement::Header { name, prefix },
            field,
        } => Some(WireAuth::Header {
            name: name.to_owned(),
            value: format!("{prefix}{}", required(field)?),
        }),
        AuthMethod::ApiKey {
            placement: KeyPlacement::Query { name },
            field,
        } => Some(WireAuth::Query {
            name: name.to_owned(),
            value: required(field)?,
        }),
        AuthMethod::BearerToken { field } => Some(WireAuth::Header {
            name: "Authorization".into(),
            value: format!("Bearer {}", required(field)?),
        }),
        AuthMethod::OAuth2 { .. } => Some(WireAuth::Header {
            name: "Authorization".into(),
            value: format!("Bearer {}", required(OAUTH2_ACCESS_TOKEN)?),
        }),
        AuthMethod::BasicAuth { username, password } => Some(WireAuth::Basic {
            username: required(username)?,
            password: required(password)?,
        }),
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

/// The body of a request.
enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
}

/// A request being built; `send` it, or `send_json` to decode the response.
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    http: Http,
    method: String,
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Body,
}

impl Request {
    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = match serde_json::to_value(body) {
            Ok(value) => Body::Json(value),
            Err(_) => Body::None,
        };
        self
    }

    /// Sends `body` (a struct or map of scalars) form-urlencoded.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Body::Form(scalar_pairs(body));
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

    /// Sends the request; a non-2xx answer is a [`ConnectorError`] with the status classified.
    pub async fn send(self) -> Result<Response> {
        let http = self.http.clone();
        let inner = &http.inner;
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).map_err(|_| {
            ConnectorError::internal(format!("invalid HTTP method `{}`", self.method))
        })?;
        let mut builder = inner.client.request(method, &self.url).query(&self.query);
        match &inner.auth {
            Some(WireAuth::Header { name, value }) => builder = builder.header(name, value),
            Some(WireAuth::Query { name, value }) => builder = builder.query(&[(name, value)]),
            Some(WireAuth::Basic { username, password }) => {
                builder = builder.basic_auth(username, Some(password))
            }
            None => {}
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder = match self.body {
            Body::None => builder,
            Body::Json(value) => builder.json(&value),
            Body::Form(pairs) => builder.form(&pairs),
        };
        let response = builder
            .send()
            .await
            .map_err(|e| transport_error(&http, &e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(&http, &e))?
            .to_vec();
        if !(200..300).contains(&status) {
            return Err(status_error(&http, status, &body));
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    /// Sends the request and decodes the JSON answer into `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.send().await?.json()
    }
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
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
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

fn transport_error(http: &Http, error: &reqwest::Error) -> ConnectorError {
    let code = if error.is_timeout() {
        ErrorCode::Timeout
    } else {
        ErrorCode::Connection
    };
    let what = if error.is_timeout() {
        "timed out"
    } else {
        "failed"
    };
    // reqwest's message carries the URL, which may carry a secret (query key, path token).
    ConnectorError::new(
        code,
        http.redact(&format!("the request to the upstream {what}: {error}")),
    )
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
    let excerpt: String = http
        .redact(&String::from_utf8_lossy(body))
        .chars()
        .take(BODY_EXCERPT_CHARS)
        .collect();
    let upstream_message = serde_json::from_str::<Value>(&excerpt)
        .ok()
        .and_then(|body| {
            ["message", "error_description", "description", "error"]
                .iter()
                .find_map(|k| body.get(k).and_then(Value::as_str).map(str::to_owned))
        });
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

/// Replaces known secret values with `[redacted]`.
#[derive(Debug, Clone, Default)]
struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    fn new(secrets: Vec<String>) -> Self {
        let mut redactor = Self::default();
        secrets.into_iter().for_each(|s| redactor.add(s));
        redactor
    }

    fn add(&mut self, secret: String) {
        // Very short values would redact ordinary words; they are not secrets worth the name.
        if secret.len() >= 4 && !self.secrets.contains(&secret) {
            self.secrets.push(secret);
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    fn redact(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |text, secret| {
            text.replace(secret.as_str(), "[redacted]")
        })
    }
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
    fn redactor_hides_secrets() {
        let redactor = Redactor::new(vec!["sk_live_123".into()]);
        assert_eq!(redactor.redact("key sk_live_123 bad"), "key [redacted] bad");
    }
}
