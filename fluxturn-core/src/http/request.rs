//! A [`Request`] being built, and how it is sent: wait for the rate limiter, send, classify a
//! failure, refresh a rejected OAuth2 token once, retry what [`RetryPolicy`](super::RetryPolicy)
//! allows, all within the overall timeout.

use super::body::{scalar_pairs, Body};
use super::failure::{final_failure, give_up, status_failure, transport_failure};
use super::retry::{self, Failure};
use super::{Http, Part, Response};
use crate::{ConnectorError, ErrorCode, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

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
    /// A request of `method` (upper case) to the absolute `url`.
    pub(super) fn new(http: Http, method: String, url: String) -> Self {
        Self {
            http,
            method,
            url,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            idempotent: false,
            timeout: None,
        }
    }

    /// Where the request goes (for tests of URL building).
    #[cfg(test)]
    pub(super) fn url(&self) -> &str {
        &self.url
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Body::json(body);
        self
    }

    /// Sends `body` form-urlencoded; nested objects and arrays in bracket notation
    /// (`metadata[plan]=pro`, `items[0][price]=p_1`), as Stripe and most form APIs read them; or
    /// `(key, value)` pairs such as `&[("id", "t3_a"), ("api_type", "json")]`, in order.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Body::form(body);
        self
    }

    /// Sends `bytes` as they are (set the `content-type` header too).
    pub fn raw(mut self, bytes: impl Into<bytes::Bytes>) -> Self {
        self.body = Body::Raw(bytes.into());
        self
    }

    /// Sends a multipart body.
    pub fn multipart(mut self, parts: Vec<Part>) -> Self {
        self.body = Body::Multipart(parts);
        self
    }

    /// Adds query parameters from a struct or map of scalars, or from `(key, value)` pairs such as
    /// `&[("sort", "-created"), ("tag", "a"), ("tag", "b")]` (in order, a key may repeat); `None`
    /// values are left out.
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

    /// Sends the request, waiting for the rate limiter and retrying as
    /// [`RetryPolicy`](super::RetryPolicy) says; a non-2xx answer is a [`ConnectorError`] with
    /// its status classified.
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
        let http = self.http.clone();
        let response = self.send().await?;
        response.json().map_err(|error| {
            // The upstream did what was asked (2xx): its answer goes with the error, secrets
            // removed, so a caller that must not fail after the side effect can keep it.
            let text = http.redact(&response.text());
            let body = serde_json::from_str::<serde_json::Value>(&text).unwrap_or(serde_json::Value::String(text));
            error.with_details(serde_json::json!({ "upstream_status": response.status, "upstream_body": body }))
        })
    }

    async fn send_with_retries(&self) -> Result<Response> {
        let inner = &self.http.inner;
        let idempotent = self.idempotent || retry::is_idempotent_method(&self.method);
        let mut delays = inner.options.retry.delays();
        let mut refreshed = false;
        let mut attempt = 1u32;
        loop {
            inner.limits.until_ready().await;
            let failure = match self.send_once().await {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if failure.error.status == 401 && !refreshed && inner.auth.can_refresh() {
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
            tracing::debug!(
                connector = inner.connector,
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %failure.error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn send_once(&self) -> std::result::Result<Response, Failure> {
        let http = &self.http;
        let method = reqwest::Method::from_bytes(self.method.as_bytes())
            .map_err(|_| final_failure(ConnectorError::internal(format!("invalid HTTP method `{}`", self.method))))?;
        let timeout = self.timeout.unwrap_or(http.inner.options.request_timeout);
        let mut builder = http.inner.client.request(method, &self.url).timeout(timeout).query(&self.query);
        if let Some(auth) = http.inner.auth.current() {
            builder = auth.apply(builder);
        }
        for (name, value) in http.inner.headers {
            builder = builder.header(*name, *value);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder = self.body.apply(builder).map_err(final_failure)?;
        let response = builder.send().await.map_err(|e| transport_failure(http, &e, timeout))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|e| transport_failure(http, &e, timeout))?.to_vec();
        if !(200..300).contains(&status) {
            return Err(status_failure(http, status, &headers, &body));
        }
        Ok(Response { status, headers, body })
    }
}
