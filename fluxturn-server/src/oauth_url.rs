//! OAuth2 endpoints that depend on the connection: `{key}` placeholders in a connector's
//! authorization and token URLs, filled from its credentials when the server signs in. Microsoft
//! signs in per tenant (`https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/authorize`),
//! Salesforce per environment (`https://{instanceUrl}/services/oauth2/authorize`, production or
//! sandbox).
//!
//! A placeholder in the host takes the host (and port) of the value, which may be a URL
//! (`https://test.salesforce.com`) or a bare host name; one in the path takes the value as one
//! path segment, percent-encoded. Anything else (a path in a host, a `/` or `..` in a segment)
//! is refused, so a credential never moves the request somewhere the template does not say.

use crate::error::ServiceError;
use fluxturn_core::FieldError;
use serde_json::{Map, Value};

/// `template` with each `{key}` replaced by credential `key`, as the module says.
///
/// ```
/// use fluxturn_server::oauth_url::fill;
/// let credentials = serde_json::json!({"tenantId": "contoso.onmicrosoft.com", "instanceUrl": "https://test.salesforce.com/"});
/// let credentials = credentials.as_object().unwrap();
/// assert_eq!(
///     fill("https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token", credentials).unwrap(),
///     "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
/// );
/// assert_eq!(
///     fill("https://{instanceUrl}/services/oauth2/token", credentials).unwrap(),
///     "https://test.salesforce.com/services/oauth2/token"
/// );
/// assert!(fill("https://login.example/{missing}/token", credentials).is_err());
/// ```
pub fn fill(template: &str, credentials: &Map<String, Value>) -> Result<String, ServiceError> {
    let mut filled = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| ServiceError::Internal(format!("the OAuth2 URL `{template}` has an unclosed `{{`")))?;
        filled.push_str(&rest[..open]);
        let key = &rest[open + 1..close];
        let value = credentials
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| invalid(key, "the sign-in URL needs it: give it, then connect again"))?;
        if in_host(&filled) {
            filled.push_str(&host_of(key, value)?);
        } else {
            filled.push_str(&segment_of(key, value)?);
        }
        rest = &rest[close + 1..];
    }
    filled.push_str(rest);
    Ok(filled)
}

/// Whether text appended to `so_far` lands in the URL's authority (after `://`, before a `/`).
fn in_host(so_far: &str) -> bool {
    so_far.find("://").is_some_and(|at| !so_far[at + 3..].contains('/'))
}

/// The host (and port) of `value`: a URL's, or `value` itself when it is a bare host name.
fn host_of(key: &str, value: &str) -> Result<String, ServiceError> {
    let as_url = if value.contains("://") { value.to_owned() } else { format!("https://{value}") };
    let url = url::Url::parse(&as_url).map_err(|_| invalid(key, "must be a host name or an https URL"))?;
    let plain = url.username().is_empty() && url.password().is_none() && url.query().is_none();
    let (Some(host), true, true) = (url.host_str(), plain, matches!(url.path(), "" | "/")) else {
        return Err(invalid(key, "must be a host name or an https URL with no path"));
    };
    if url.scheme() != "https" {
        return Err(invalid(key, "must use https"));
    }
    Ok(url.port().map_or_else(|| host.to_owned(), |port| format!("{host}:{port}")))
}

/// `value` as one path segment.
fn segment_of(key: &str, value: &str) -> Result<String, ServiceError> {
    if value == "." || value == ".." {
        return Err(invalid(key, "must be a name, not a path"));
    }
    // RFC 3986's unreserved characters stay; every other byte is percent-encoded.
    Ok(value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect())
}

fn invalid(key: &str, message: &str) -> ServiceError {
    ServiceError::InvalidConfiguration {
        errors: vec![FieldError { field: format!("credentials.{key}"), message: message.to_owned() }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn credentials(value: &str) -> Map<String, Value> {
        json!({ "v": value }).as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_segment_cannot_leave_its_place() {
        let filled = fill("https://login.example/{v}/token", &credentials("a/../b?c#d")).expect("encoded");
        assert_eq!(filled, "https://login.example/a%2F..%2Fb%3Fc%23d/token");
        assert!(fill("https://login.example/{v}/token", &credentials("..")).is_err());
    }

    #[test]
    fn a_host_must_be_a_host() {
        let host = |value: &str| fill("https://{v}/services/oauth2/token", &credentials(value));
        assert_eq!(host("login.salesforce.com").expect("bare"), "https://login.salesforce.com/services/oauth2/token");
        assert_eq!(host("https://my.example:8443").expect("port"), "https://my.example:8443/services/oauth2/token");
        assert!(host("http://test.salesforce.com").is_err(), "http is refused");
        assert!(host("https://test.salesforce.com/evil").is_err(), "a path is refused");
        assert!(host("https://user:pw@test.salesforce.com").is_err(), "user information is refused");
        assert!(host("").is_err(), "empty is missing");
    }
}
