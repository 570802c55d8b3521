//! Stripe's signing: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...][,v0=...]`, each `v1` an
//! HMAC-SHA256 of `"{t}.{body}"`; any `v1` may match (Stripe sends several while a secret rolls),
//! and `t` must be within [`TOLERANCE`](super::TOLERANCE).

use super::support::{fresh, header, hmac_sha256, malformed, same, set_header, unix_secs, unix_timestamp};
use super::SignatureError;
use crate::WebhookRequest;
use std::time::SystemTime;

const SIGNATURE: &str = "Stripe-Signature";

/// The parts of a `Stripe-Signature` header this scheme reads.
struct Parsed<'h> {
    timestamp: &'h str,
    v1: Vec<&'h str>,
}

/// Checks the signatures first, then the age, so `Stale` means "authentic but old".
pub(super) fn verify(request: &WebhookRequest, secret: &str, now: SystemTime) -> Result<(), SignatureError> {
    let parsed = parse(header(request, SIGNATURE)?)?;
    let signed_at = unix_timestamp(SIGNATURE, parsed.timestamp)?;
    let expected = digest(secret, parsed.timestamp, request)?;
    // Every candidate is compared (no early exit); a `v1` that is not hex simply cannot match.
    let matched =
        parsed.v1.iter().fold(false, |found, v1| found | hex::decode(v1).is_ok_and(|given| same(&expected, &given)));
    if !matched {
        return Err(SignatureError::Mismatch);
    }
    fresh(signed_at, now)
}

/// Adds `Stripe-Signature: t=<now>,v1=<hex>`, as Stripe would at `now`.
pub(super) fn sign(request: &mut WebhookRequest, secret: &str, now: SystemTime) -> Result<(), SignatureError> {
    let timestamp = unix_secs(now);
    let v1 = hex::encode(digest(secret, &timestamp, request)?);
    set_header(request, SIGNATURE, format!("t={timestamp},v1={v1}"));
    Ok(())
}

/// Splits the header into `key=value` items; the first `t` counts, unknown keys (`v0`) are ignored.
fn parse(value: &str) -> Result<Parsed<'_>, SignatureError> {
    let items = value.split(',').filter_map(|item| item.trim().split_once('='));
    let (mut timestamp, mut v1) = (None, Vec::new());
    for (key, value) in items {
        match key {
            "t" if timestamp.is_none() => timestamp = Some(value),
            "v1" => v1.push(value),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or_else(|| malformed(SIGNATURE, "it has no `t=` timestamp"))?;
    if v1.is_empty() {
        return Err(malformed(SIGNATURE, "it has no `v1=` signature"));
    }
    Ok(Parsed { timestamp, v1 })
}

fn digest(secret: &str, timestamp: &str, request: &WebhookRequest) -> Result<Vec<u8>, SignatureError> {
    hmac_sha256(secret.as_bytes(), &[timestamp.as_bytes(), b".", &request.body])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    // Stripe publishes no worked example. This vector was computed independently with
    //   python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test_only_not_a_real_secret",
    //     b"1700000000." + b"{\"id\": \"evt_test_only\", \"object\":\"event\" }", hashlib.sha256).hexdigest())'
    const SECRET: &str = "whsec_test_only_not_a_real_secret";
    const BODY: &str = r#"{"id": "evt_test_only", "object":"event" }"#;
    const V1: &str = "2e82b92da073d8e29e0ffe13387a016d80e94f86a2975da01d5f82a82adb13c3";

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn with_header(value: &str) -> WebhookRequest {
        WebhookRequest::post(BODY, [(SIGNATURE, value)])
    }

    #[test]
    fn the_python_computed_vector_verifies_and_signing_reproduces_it() {
        let header = format!("t=1700000000,v1={V1}");
        assert_eq!(verify(&with_header(&header), SECRET, at(1_700_000_030)), Ok(()));
        let mut request = WebhookRequest::post(BODY, []);
        sign(&mut request, SECRET, at(1_700_000_000)).expect("signs");
        assert_eq!(request.header(SIGNATURE), Some(header.as_str()));
    }

    #[test]
    fn any_v1_may_match_and_v0_is_ignored() {
        let stale_v1 = "0".repeat(64);
        let header = format!("t=1700000000,v1={stale_v1},v1=not-hex,v1={V1},v0=6ffbb59b2300aae63f27240606");
        assert_eq!(verify(&with_header(&header), SECRET, at(1_700_000_000)), Ok(()));
        let only_wrong = format!("t=1700000000,v1={stale_v1},v0={V1}");
        assert_eq!(verify(&with_header(&only_wrong), SECRET, at(1_700_000_000)), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_header_without_t_or_v1_is_malformed() {
        for value in [format!("v1={V1}"), "t=1700000000,v0=abc".to_owned(), "t=soon,v1=00".to_owned(), String::new()] {
            let result = verify(&with_header(&value), SECRET, at(1_700_000_000));
            assert!(matches!(result, Err(SignatureError::Malformed { header: SIGNATURE, .. })), "{value}: {result:?}");
        }
    }
}
