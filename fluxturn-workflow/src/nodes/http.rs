//! HTTP_REQUEST: calls a URL once per item through the framework's [`Http`] client, so its
//! timeouts, retries (of idempotent methods, and of 429/503 for any), `Retry-After` and
//! redaction apply as they do to connectors. FluxTurn's settings: `url`, `method`,
//! `authentication` (`none`, `bearer` with `bearerToken`, `header` with `headerAuthName` and
//! `headerAuthValue`, `query` with `queryAuthName` and `queryAuthValue`), `sendQuery` with
//! `queryParameters`, `sendHeaders` with `headers` (objects, or the JSON text of one),
//! `sendBody` with `bodyContentType` `json` (`jsonBody`), `form` (`bodyParameters`) or `raw`
//! (`rawBody`, `rawBodyMimeType`), `timeout` (ms), `fullResponse` and `neverError`.

use crate::canvas::Node;
use crate::engine::{Scope, StepError};
use crate::item::Item;
use fluxturn_core::{Http, HttpConfig, HttpOptions};
use serde_json::{json, Map, Value};
use std::time::Duration;

/// The longest time limit a node may ask for.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(300);

/// Calls the node's URL for each item.
pub(crate) async fn run(
    node: &Node,
    items: &[Item],
    scope: &Scope<'_>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Item>, StepError> {
    let mut output = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let params = scope.params(node, item, index, warnings)?;
        output.push(Item { json: call(node, &params).await?, binary: None });
    }
    Ok(output)
}

fn text<'a>(params: &'a Value, key: &str) -> &'a str {
    params.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn flag(params: &Value, key: &str) -> bool {
    params.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// An object given as an object, or as the JSON text of one (FluxTurn's editor stores text).
fn object(node: &Node, params: &Value, key: &str) -> Result<Map<String, Value>, StepError> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(Map::new()),
        Some(Value::String(text)) => match serde_json::from_str(text) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(StepError::new(format!("`{key}` of `{}` is not a JSON object", node.label()))),
        },
        Some(_) => Err(StepError::new(format!("`{key}` of `{}` must be an object", node.label()))),
    }
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

async fn call(node: &Node, params: &Value) -> Result<Value, StepError> {
    let url = text(params, "url").trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(StepError::new(format!("`{}` needs an http:// or https:// `url`, not `{url}`", node.label())));
    }
    let method = match text(params, "method") {
        "" => "GET".to_owned(),
        m => m.to_ascii_uppercase(),
    };
    if !["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&method.as_str()) {
        return Err(StepError::new(format!("`{}` has an unknown method `{method}`", node.label())));
    }
    let timeout = params
        .get("timeout")
        .or_else(|| params.get("options").and_then(|o| o.get("timeout")))
        .and_then(Value::as_u64)
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(10))
        .min(MAX_TIMEOUT);
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut secrets = Vec::new();
    match text(params, "authentication") {
        "" | "none" => {}
        "bearer" => {
            let token = text(params, "bearerToken").to_owned();
            headers.push(("authorization".into(), format!("Bearer {token}")));
            secrets.push(token);
        }
        "header" => {
            let value = text(params, "headerAuthValue").to_owned();
            headers.push((text(params, "headerAuthName").to_owned(), value.clone()));
            secrets.push(value);
        }
        "query" => {
            let value = text(params, "queryAuthValue").to_owned();
            query.push((text(params, "queryAuthName").to_owned(), value.clone()));
            secrets.push(value);
        }
        other => {
            return Err(StepError::new(format!(
                "`{}` has authentication `{other}`, which is not supported here: use none, bearer, header or query, or a connector node",
                node.label()
            )))
        }
    }
    if flag(params, "sendQuery") {
        query.extend(object(node, params, "queryParameters")?.iter().map(|(k, v)| (k.clone(), as_text(v))));
    }
    if flag(params, "sendHeaders") {
        headers.extend(object(node, params, "headers")?.iter().map(|(k, v)| (k.clone(), as_text(v))));
    }
    secrets.retain(|s| !s.is_empty());
    let config = HttpConfig {
        connector: "http_request",
        base_url: String::new(),
        auth: None,
        secrets,
        rate_limits: Default::default(),
        options: HttpOptions { request_timeout: timeout, overall_timeout: timeout * 3, ..HttpOptions::default() },
        token_refresher: None,
        headers: &[],
    };
    let http = Http::new(config).map_err(|e| StepError::new(e.message))?;
    let mut request = http.request(&method, url).timeout(timeout);
    if !query.is_empty() {
        let query: Map<String, Value> = query.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        request = request.query(&query);
    }
    for (name, value) in headers {
        request = request.header(name, value);
    }
    if flag(params, "sendBody") && ["POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
        request = match text(params, "bodyContentType") {
            "" | "json" => match params.get("jsonBody") {
                Some(Value::String(text)) => {
                    let body: Value = serde_json::from_str(text).map_err(|e| {
                        StepError::new(format!("the JSON body of `{}` is not valid JSON: {e}", node.label()))
                    })?;
                    request.json(&body)
                }
                Some(body) => request.json(body),
                None => request.json(&json!({})),
            },
            "form" | "form-urlencoded" => {
                let fields: Map<String, Value> = object(node, params, "bodyParameters")?
                    .into_iter()
                    .map(|(k, v)| {
                        let text = as_text(&v);
                        (k, Value::String(text))
                    })
                    .collect();
                request.form(&fields)
            }
            "raw" => {
                let mime = match text(params, "rawBodyMimeType") {
                    "" => "text/plain",
                    mime => mime,
                };
                request.header("content-type", mime).raw(text(params, "rawBody").as_bytes().to_vec())
            }
            other => {
                return Err(StepError::new(format!(
                    "`{}` has body type `{other}`: use json, form or raw",
                    node.label()
                )))
            }
        };
    }
    match request.send().await {
        Ok(response) => {
            let body = decode(&response.body);
            if flag(params, "fullResponse") {
                let headers: Map<String, Value> = response
                    .headers
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str().to_owned(), Value::String(v.to_str().ok()?.to_owned()))))
                    .collect();
                Ok(json!({"statusCode": response.status, "headers": headers, "body": body}))
            } else {
                Ok(match body {
                    Value::Object(_) | Value::Array(_) => body,
                    other => json!({"data": other}),
                })
            }
        }
        Err(error) if flag(params, "neverError") => Ok(json!({"error": error.message, "statusCode": error.status})),
        Err(error) => Err(StepError::new(format!("`{}`: {}", node.label(), error.message))),
    }
}

/// The body as JSON when it is JSON, else as text.
fn decode(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}
