//! HubSpot's v3 signing: `X-HubSpot-Signature-v3: base64(HMAC-SHA256(app client secret,
//! method + uri + body + timestamp))`, with the Unix time in milliseconds in
//! `X-HubSpot-Request-Timestamp`, accepted within [`TOLERANCE`](super::TOLERANCE).
//!
//! The `uri` is the public URL the provider called ([`WebhookRequest::url`]), with its query,
//! after decoding the characters HubSpot decodes before it signs: `%3A : %2F / %3F ? %40 @ %21 !
//! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;`.

use super::support::{fresh, header, hmac_sha256, malformed, matches, set_header};
use super::SignatureError;
use crate::WebhookRequest;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SIGNATURE: &str = "X-HubSpot-Signature-v3";
const TIMESTAMP: &str = "X-HubSpot-Request-Timestamp";

/// The escapes HubSpot decodes in the URI before signing.
const DECODED: [(&str, char); 12] = [
    ("3A", ':'),
    ("2F", '/'),
    ("3F", '?'),
    ("40", '@'),
    ("21", '!'),
    ("24", '$'),
    ("27", '\''),
    ("28", '('),
    ("29", ')'),
    ("2A", '*'),
    ("2C", ','),
    ("3B", ';'),
];

/// Checks the signature first, then the age, so `Stale` means "authentic but old".
pub(super) fn verify(request: &WebhookRequest, secret: &str, now: SystemTime) -> Result<(), SignatureError> {
    let timestamp = header(request, TIMESTAMP)?;
    let signed_at = millis(timestamp)?;
    let given = STANDARD
        .decode(header(request, SIGNATURE)?.trim())
        .map_err(|_| malformed(SIGNATURE, "the digest is not standard base64"))?;
    matches(&digest(secret, timestamp, request)?, &given)?;
    fresh(signed_at, now)
}

/// Adds both headers, as HubSpot would at `now`; set `request.url` and `request.method` first.
pub(super) fn sign(request: &mut WebhookRequest, secret: &str, now: SystemTime) -> Result<(), SignatureError> {
    let timestamp = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis().to_string();
    let signature = STANDARD.encode(digest(secret, &timestamp, request)?);
    set_header(request, TIMESTAMP, timestamp);
    set_header(request, SIGNATURE, signature);
    Ok(())
}

fn digest(secret: &str, timestamp: &str, request: &WebhookRequest) -> Result<Vec<u8>, SignatureError> {
    let uri = decoded_uri(&request.url);
    hmac_sha256(secret.as_bytes(), &[request.method.as_bytes(), uri.as_bytes(), &request.body, timestamp.as_bytes()])
}

/// `url` with HubSpot's escapes decoded (hex digits in either case); other escapes stay.
fn decoded_uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at + 1..at + 3).map(str::to_ascii_uppercase);
        match escape.and_then(|hex| DECODED.iter().find(|(code, _)| *code == hex)) {
            Some((_, c)) => {
                out.push(*c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A signed Unix time in milliseconds (digits only), or `Malformed`.
fn millis(value: &str) -> Result<SystemTime, SignatureError> {
    let not_a_timestamp = || malformed(TIMESTAMP, "the timestamp is not decimal Unix milliseconds");
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_timestamp());
    }
    let ms: u64 = value.parse().map_err(|_| not_a_timestamp())?;
    UNIX_EPOCH.checked_add(Duration::from_millis(ms)).ok_or_else(not_a_timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    // HubSpot publishes no worked v3 example with its secret. The digest was computed
    // independently with
    //   python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(KEY, b"POST" + URI + BODY + TS, hashlib.sha256).digest()))'
    // where URI is the URL below with `%3A` decoded to `:`.
    const SECRET: &str = "test-only-hubspot-secret";
    const URL: &str = "https://flux.example.test/api/v1/webhooks/hubspot/7?a=b%3Ac";
    const BODY: &str = r#"[{"eventId":100,"subscriptionType":"contact.creation"}]"#;
    const TS: &str = "1700000000000";
    const SIGNED: &str = "yqDqC5qoVUWi70rXVn7+DbZrv4rzKi5Y53hEhKq93gk=";

    fn at_ms(ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(ms)
    }

    fn request(headers: &[(&str, &str)]) -> WebhookRequest {
        let mut request = WebhookRequest::post(BODY, headers.iter().copied());
        request.url = URL.into();
        request
    }

    #[test]
    fn the_python_computed_vector_verifies_and_signing_reproduces_it() {
        let signed = request(&[(TIMESTAMP, TS), (SIGNATURE, SIGNED)]);
        assert_eq!(verify(&signed, SECRET, at_ms(1_700_000_060_000)), Ok(()));
        let mut unsigned = request(&[]);
        sign(&mut unsigned, SECRET, at_ms(1_700_000_000_000)).expect("signs");
        assert_eq!(unsigned.header(SIGNATURE), Some(SIGNED));
        assert_eq!(unsigned.header(TIMESTAMP), Some(TS));
    }

    #[test]
    fn the_method_and_the_url_are_signed() {
        let mut other_method = request(&[(TIMESTAMP, TS), (SIGNATURE, SIGNED)]);
        other_method.method = "PUT".into();
        assert_eq!(verify(&other_method, SECRET, at_ms(1_700_000_000_000)), Err(SignatureError::Mismatch));
        let mut other_url = request(&[(TIMESTAMP, TS), (SIGNATURE, SIGNED)]);
        other_url.url = URL.replace("/7?", "/8?");
        assert_eq!(verify(&other_url, SECRET, at_ms(1_700_000_000_000)), Err(SignatureError::Mismatch));
    }

    #[test]
    fn only_hubspots_escapes_are_decoded() {
        assert_eq!(decoded_uri("https://x.test/a%2fb?q=%3a%40%20%zz%"), "https://x.test/a/b?q=:@%20%zz%");
    }

    #[test]
    fn a_timestamp_in_seconds_is_stale_not_accepted() {
        let mut seconds = request(&[]);
        sign(&mut seconds, SECRET, at_ms(1_700_000_000_000)).expect("signs");
        set_header(&mut seconds, TIMESTAMP, "1700000000".into());
        assert_eq!(verify(&seconds, SECRET, at_ms(1_700_000_000_000)), Err(SignatureError::Mismatch));
    }
}
