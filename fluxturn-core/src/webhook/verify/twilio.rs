//! Twilio's signing: `X-Twilio-Signature: base64(HMAC-SHA1(auth token, url + params))`.
//!
//! For a form body, `params` is every form parameter sorted by name then value (identical pairs
//! once), each as `name + value` with no separator; the values are the decoded ones, so `+` and
//! `%20` sign alike (Twilio's scheme covers the parameters, not the exact bytes). For any other
//! body (JSON), Twilio appends `bodySHA256=<hex SHA-256 of the body>` to the URL's query and
//! signs the URL alone; then the hash is checked against the raw body too.
//!
//! The URL is [`WebhookRequest::url`], the public URL with its query. Like Twilio's own
//! validators, the URL is also tried without its port and, when it has none, with the scheme's
//! default one: Twilio is not consistent about which form it signs.

use super::support::{header, hmac_sha1, malformed, matches, same, set_header};
use super::SignatureError;
use crate::WebhookRequest;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

const SIGNATURE: &str = "X-Twilio-Signature";
const BODY_HASH: &str = "bodySHA256";

/// Checks the body hash (when the URL carries one), then the signature over each URL form.
pub(super) fn verify(request: &WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    let given =
        STANDARD.decode(header(request, SIGNATURE)?.trim()).map_err(|_| malformed(SIGNATURE, "it is not base64"))?;
    let params = match body_hash_param(&request.url) {
        Some(hash) => {
            let hash = hex::decode(hash).map_err(|_| SignatureError::Mismatch)?;
            matches(&Sha256::digest(&request.body), &hash)?;
            Vec::new()
        }
        None => sorted_form(request),
    };
    let mut matched = false;
    for url in url_forms(&request.url) {
        matched |= same(&digest(secret, &url, &params)?, &given);
    }
    matched.then_some(()).ok_or(SignatureError::Mismatch)
}

/// Adds `X-Twilio-Signature`, as Twilio would. A body that is neither empty nor a form gets
/// `bodySHA256` appended to `request.url` (and `request.query`) first, as Twilio does for JSON.
pub(super) fn sign(request: &mut WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    if !is_form(request) && body_hash_param(&request.url).is_none() {
        append_body_hash(request);
    }
    let params = if body_hash_param(&request.url).is_some() { Vec::new() } else { sorted_form(request) };
    let signature = STANDARD.encode(digest(secret, &request.url, &params)?);
    set_header(request, SIGNATURE, signature);
    Ok(())
}

fn digest(secret: &str, url: &str, params: &[(String, String)]) -> Result<Vec<u8>, SignatureError> {
    let mut parts: Vec<&[u8]> = vec![url.as_bytes()];
    for (name, value) in params {
        parts.extend([name.as_bytes(), value.as_bytes()]);
    }
    hmac_sha1(secret.as_bytes(), &parts)
}

/// The form parameters sorted by name then value, identical pairs once (as Twilio's libraries).
fn sorted_form(request: &WebhookRequest) -> Vec<(String, String)> {
    let mut pairs = request.form_pairs();
    pairs.sort();
    pairs.dedup();
    pairs
}

/// Whether Twilio would sign this body as form parameters: empty, or form-encoded.
fn is_form(request: &WebhookRequest) -> bool {
    let media_type = request.header("content-type").and_then(|value| value.split(';').next()).unwrap_or("");
    request.body.is_empty() || media_type.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// The `bodySHA256` query parameter of `url`, if it has one.
fn body_hash_param(url: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == BODY_HASH).map(|(_, value)| value.into_owned())
}

fn append_body_hash(request: &mut WebhookRequest) {
    let hash = hex::encode(Sha256::digest(&request.body));
    let (base, fragment) =
        request.url.split_once('#').map_or((request.url.as_str(), ""), |(base, _)| (base, &request.url[base.len()..]));
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    request.url = format!("{base}{separator}{BODY_HASH}={hash}{fragment}");
    request.query.push((BODY_HASH.to_owned(), hash));
}

/// `url` as given, without its port, and (when it has none) with the scheme's default port.
pub(super) fn url_forms(url: &str) -> Vec<String> {
    let mut forms = vec![url.to_owned()];
    if let Some(parts) = UrlParts::split(url) {
        forms.push(parts.join(None));
        if let (None, Some(port)) = (parts.port, parts.default_port()) {
            forms.push(parts.join(Some(port)));
        }
    }
    let mut unique = Vec::with_capacity(forms.len());
    for form in forms {
        if !unique.contains(&form) {
            unique.push(form);
        }
    }
    unique
}

/// A URL cut around its port: `{before}{host}[:{port}]{after}`.
struct UrlParts<'u> {
    scheme: &'u str,
    /// The scheme, `://` and any user information, up to the host.
    before: &'u str,
    host: &'u str,
    port: Option<&'u str>,
    /// The path, query and fragment.
    after: &'u str,
}

impl<'u> UrlParts<'u> {
    fn split(url: &'u str) -> Option<Self> {
        let scheme_end = url.find("://")?;
        let authority_start = scheme_end + 3;
        let rest = &url[authority_start..];
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_len];
        let host_start = authority.rfind('@').map_or(0, |at| at + 1);
        let host_and_port = &authority[host_start..];
        // A colon inside `[...]` belongs to an IPv6 address, not to a port.
        let (host, port) = match host_and_port.rfind(':') {
            Some(colon) if !host_and_port[colon..].contains(']') => {
                (&host_and_port[..colon], Some(&host_and_port[colon + 1..]))
            }
            _ => (host_and_port, None),
        };
        let before = &url[..authority_start + host_start];
        Some(Self { scheme: &url[..scheme_end], before, host, port, after: &rest[authority_len..] })
    }

    fn default_port(&self) -> Option<&'static str> {
        match self.scheme.to_ascii_lowercase().as_str() {
            "https" => Some("443"),
            "http" => Some("80"),
            _ => None,
        }
    }

    fn join(&self, port: Option<&str>) -> String {
        let port = port.map(|port| format!(":{port}")).unwrap_or_default();
        format!("{}{}{port}{}", self.before, self.host, self.after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Twilio's worked example (https://www.twilio.com/docs/usage/security#validating-requests):
    // auth token 12345, this URL and these parameters sign to `0/KCTR6DLpKmkAf8muzZqo1nDgQ=`.
    // The other expected values are the vectors in twilio-python's tests/unit/test_request_validator.py.
    // Every one was recomputed independently with Python's `hmac`/`hashlib`/`base64` before pasting.
    const TOKEN: &str = "12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const DOCS_FORM: &str =
        "To=%2B18005551212&CallSid=CA1234567890ABCDE&Digits=1234&From=%2B12349013030&Caller=%2B12349013030";
    const LIB_FORM: &str =
        "CallSid=CA1234567890ABCDE&Digits=1234&From=%2B14158675309&To=%2B18005551212&Caller=%2B14158675309";

    fn delivery(url: &str, body: &str, signature: &str) -> WebhookRequest {
        let mut request = WebhookRequest::post(
            body.to_owned(),
            [("Content-Type", "application/x-www-form-urlencoded"), (SIGNATURE, signature)],
        );
        request.url = url.to_owned();
        request
    }

    #[test]
    fn twilios_documented_example_verifies_and_signing_reproduces_it() {
        assert_eq!(verify(&delivery(URL, DOCS_FORM, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="), TOKEN), Ok(()));
        let mut request = delivery(URL, DOCS_FORM, "");
        sign(&mut request, TOKEN).expect("signs");
        assert_eq!(request.header(SIGNATURE), Some("0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
        assert_eq!(request.url, URL, "a form delivery's URL is left alone");
    }

    #[test]
    fn the_library_vectors_verify() {
        assert_eq!(verify(&delivery(URL, LIB_FORM, "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TOKEN), Ok(()));
        // Repeated names: sorted by value too.
        let repeated = "Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234";
        assert_eq!(verify(&delivery(URL, repeated, "IK+Dwps556ElfBT0I3Rgjkr1wJU="), TOKEN), Ok(()));
    }

    #[test]
    fn the_port_is_tried_both_ways() {
        // Signed without a port, called with one.
        let with_port = URL.replace(".com", ".com:1234");
        assert_eq!(verify(&delivery(&with_port, LIB_FORM, "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TOKEN), Ok(()));
        // Signed with :1234 over http, called the same way.
        let http_port = with_port.replace("https", "http");
        assert_eq!(verify(&delivery(&http_port, LIB_FORM, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="), TOKEN), Ok(()));
        // Signed with the default port, called without it.
        assert_eq!(verify(&delivery(URL, LIB_FORM, "kvajT1Ptam85bY51eRf/AJRuM3w="), TOKEN), Ok(()));
        let http = URL.replace("https", "http");
        assert_eq!(verify(&delivery(&http, LIB_FORM, "0ZXoZLH/DfblKGATFgpif+LLRf4="), TOKEN), Ok(()));
    }

    #[test]
    fn a_json_body_is_covered_by_body_sha256() {
        let body = r#"{"property": "value", "boolean": true}"#;
        let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        let url = format!("{URL}&bodySHA256={hash}");
        let mut request = delivery(&url, body, "a9nBmqA0ju/hNViExpshrM61xv4=");
        request.headers[0].1 = "application/json".into();
        assert_eq!(verify(&request, TOKEN), Ok(()));

        let mut unsigned = delivery(URL, body, "");
        unsigned.headers[0].1 = "application/json".into();
        sign(&mut unsigned, TOKEN).expect("signs");
        assert_eq!(unsigned.url, url);
        assert_eq!(unsigned.query_param(BODY_HASH), Some(hash));
        assert_eq!(unsigned.header(SIGNATURE), Some("a9nBmqA0ju/hNViExpshrM61xv4="));

        let mut tampered = request.clone();
        tampered.body = body.replace("value", "valuf").into();
        assert_eq!(verify(&tampered, TOKEN), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_changed_form_value_or_url_is_a_mismatch() {
        let changed = DOCS_FORM.replace("1234", "1235");
        assert_eq!(
            verify(&delivery(URL, &changed, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="), TOKEN),
            Err(SignatureError::Mismatch)
        );
        let other_url = URL.replace("bar=2", "bar=3");
        assert_eq!(
            verify(&delivery(&other_url, DOCS_FORM, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="), TOKEN),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_signature_that_is_not_base64_is_malformed() {
        let result = verify(&delivery(URL, DOCS_FORM, "not base64!"), TOKEN);
        assert!(matches!(result, Err(SignatureError::Malformed { header: SIGNATURE, .. })));
    }

    #[test]
    fn url_forms_cover_ports_user_info_and_ipv6() {
        assert_eq!(url_forms("https://a.test/x?y=1"), ["https://a.test/x?y=1", "https://a.test:443/x?y=1"]);
        assert_eq!(url_forms("http://u:p@a.test:8080/x"), ["http://u:p@a.test:8080/x", "http://u:p@a.test/x"]);
        assert_eq!(url_forms("https://[::1]:8443/x"), ["https://[::1]:8443/x", "https://[::1]/x"]);
        assert_eq!(url_forms("https://[::1]"), ["https://[::1]", "https://[::1]:443"]);
        assert_eq!(url_forms("not a url"), ["not a url"]);
    }

    #[test]
    fn the_body_hash_goes_before_a_fragment() {
        let mut request = WebhookRequest::post("{}", [("Content-Type", "application/json")]);
        request.url = "https://a.test/hook#frag".into();
        append_body_hash(&mut request);
        assert!(request.url.starts_with("https://a.test/hook?bodySHA256="), "{}", request.url);
        assert!(request.url.ends_with("#frag"), "{}", request.url);
    }
}
