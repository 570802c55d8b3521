//! The page a browser lands on at the end of an OAuth2 flow (or when one-click authorization is
//! refused). Opened as FluxTurn's popup, it tells its opener with
//! `postMessage({type: 'oauth_success', credentialId})` or `{type: 'oauth_error', message}` and
//! closes; opened as a page, it goes back to the frontend with `?oauth=success|error&...`.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

/// How an OAuth2 browser route ended.
pub struct Ending<'a> {
    /// The configuration concerned, when known.
    pub connector_id: Option<&'a str>,
    /// `None` on success, else what went wrong (free of secrets).
    pub error: Option<&'a str>,
}

/// Whether the client is a browser navigating (it asks for HTML by name), rather than an API
/// client, which gets JSON or a redirect.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.split(',').any(|part| part.trim().starts_with("text/html")))
}

/// Escapes text for HTML content.
fn escape_html(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// JSON safe inside a `<script>` element (no `</script>` can appear).
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The page for `ending`. `frontend_origin` is where the message may go (the opener must be the
/// frontend); `back` is the frontend URL with the outcome in its query, for a page not opened
/// as a popup.
pub fn page(ending: &Ending<'_>, frontend_origin: Option<&str>, back: Option<&str>, status: StatusCode) -> Response {
    let message = match ending.error {
        None => json!({ "type": "oauth_success", "credentialId": ending.connector_id }),
        Some(error) => json!({ "type": "oauth_error", "message": error, "credentialId": ending.connector_id }),
    };
    let script = format!(
        "(function(){{var m={message},t={target},b={back};\
         if(window.opener){{window.opener.postMessage(m,t);setTimeout(function(){{window.close()}},1000);}}\
         else if(b){{window.location.replace(b);}}}})();",
        message = script_json(&message),
        target = script_json(&json!(frontend_origin.unwrap_or("*"))),
        back = script_json(&json!(back)),
    );
    let (title, text) = match ending.error {
        None => ("Connected", "The connection is authorized. You can close this window.".to_owned()),
        Some(error) => ("Connection failed", format!("The connection could not be authorized: {error}")),
    };
    let link = back.map(|b| format!("<p><a href=\"{}\">Back to FluxTurn</a></p>", escape_html(b))).unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{}</p>{link}<script>{script}</script></body></html>",
        escape_html(&text)
    );
    // Only this page's own script may run.
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    let policy = format!("default-src 'none'; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'");
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_cannot_close_the_script_or_inject_markup() {
        let ending = Ending { connector_id: Some("id"), error: Some("</script><img src=x onerror=alert(1)>") };
        let response = page(&ending, None, None, StatusCode::BAD_REQUEST);
        let body = futures_body(response);
        assert_eq!(body.matches("</script>").count(), 1, "{body}");
        assert!(!body.contains("<img"), "{body}");
    }

    fn futures_body(response: Response) -> String {
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}
