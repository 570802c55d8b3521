//! The `v0` signing of Slack and Zoom: `{signature header}: v0=hex(HMAC-SHA256(secret,
//! "v0:{ts}:{body}"))`, with the Unix timestamp in a second header, accepted within
//! [`TOLERANCE`](super::TOLERANCE). Only the header names differ:
//! - Slack: `X-Slack-Signature`, `X-Slack-Request-Timestamp`;
//! - Zoom: `x-zm-signature`, `x-zm-request-timestamp`.

use super::support::{fresh, header, hex_digest, hmac_sha256, matches, set_header, strip, unix_secs, unix_timestamp};
use super::SignatureError;
use crate::WebhookRequest;
use std::time::SystemTime;

/// A `v0` scheme: the header of its timestamp and the header of its signature.
#[derive(Debug, Clone, Copy)]
pub(super) struct V0 {
    timestamp: &'static str,
    signature: &'static str,
}

/// Slack's.
pub(super) const SLACK: V0 = V0 { timestamp: "X-Slack-Request-Timestamp", signature: "X-Slack-Signature" };
/// Zoom's.
pub(super) const ZOOM: V0 = V0 { timestamp: "x-zm-request-timestamp", signature: "x-zm-signature" };

impl V0 {
    /// Checks the signature first, then the age, so `Stale` means "authentic but old".
    pub(super) fn verify(self, request: &WebhookRequest, secret: &str, now: SystemTime) -> Result<(), SignatureError> {
        let timestamp = header(request, self.timestamp)?;
        let signed_at = unix_timestamp(self.timestamp, timestamp)?;
        let given = hex_digest(self.signature, strip(self.signature, header(request, self.signature)?, "v0=")?)?;
        matches(&digest(secret, timestamp, request)?, &given)?;
        fresh(signed_at, now)
    }

    /// Adds both headers, as the provider would at `now`.
    pub(super) fn sign(
        self,
        request: &mut WebhookRequest,
        secret: &str,
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        let timestamp = unix_secs(now);
        let signature = format!("v0={}", hex::encode(digest(secret, &timestamp, request)?));
        set_header(request, self.timestamp, timestamp);
        set_header(request, self.signature, signature);
        Ok(())
    }
}

fn digest(secret: &str, timestamp: &str, request: &WebhookRequest) -> Result<Vec<u8>, SignatureError> {
    hmac_sha256(secret.as_bytes(), &[b"v0:", timestamp.as_bytes(), b":", &request.body])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    const TIMESTAMP: &str = SLACK.timestamp;
    const SIGNATURE: &str = SLACK.signature;

    fn verify(request: &WebhookRequest, secret: &str, now: SystemTime) -> Result<(), SignatureError> {
        SLACK.verify(request, secret, now)
    }

    fn sign(request: &mut WebhookRequest, secret: &str, now: SystemTime) -> Result<(), SignatureError> {
        SLACK.sign(request, secret, now)
    }

    /// The worked example in Slack's "Verifying requests from Slack"
    /// (<https://api.slack.com/authentication/verifying-requests-from-slack>); the expected
    /// signature was recomputed independently with Python's `hmac`/`hashlib` before pasting.
    const DOCS_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const DOCS_TIMESTAMP: &str = "1531420618";
    const DOCS_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow\
        &channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner\
        &command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands\
        %2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN\
        &trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const DOCS_SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn docs_request() -> WebhookRequest {
        WebhookRequest::post(DOCS_BODY, [(TIMESTAMP, DOCS_TIMESTAMP), (SIGNATURE, DOCS_SIGNATURE)])
    }

    #[test]
    fn slacks_documented_example_verifies() {
        assert_eq!(verify(&docs_request(), DOCS_SECRET, at(1_531_420_618 + 10)), Ok(()));
    }

    #[test]
    fn signing_reproduces_slacks_documented_example() {
        let mut request = WebhookRequest::post(DOCS_BODY, []);
        sign(&mut request, DOCS_SECRET, at(1_531_420_618)).expect("signs");
        assert_eq!(request.header(SIGNATURE), Some(DOCS_SIGNATURE));
        assert_eq!(request.header(TIMESTAMP), Some(DOCS_TIMESTAMP));
    }

    #[test]
    fn the_documented_example_is_stale_a_day_later() {
        let later = at(1_531_420_618 + 86_400);
        assert_eq!(verify(&docs_request(), DOCS_SECRET, later), Err(SignatureError::Stale { age_secs: 86_400 }));
    }

    #[test]
    fn malformed_headers_are_named() {
        let mut request = docs_request();
        request.headers[1].1 = "a2114d57".into();
        assert!(matches!(
            verify(&request, DOCS_SECRET, at(1_531_420_618)),
            Err(SignatureError::Malformed { header: SIGNATURE, .. })
        ));
        request.headers[1].1 = "v0=zz".into();
        assert!(matches!(
            verify(&request, DOCS_SECRET, at(1_531_420_618)),
            Err(SignatureError::Malformed { header: SIGNATURE, .. })
        ));
        let mut request = docs_request();
        request.headers[0].1 = "+1531420618".into();
        assert!(matches!(
            verify(&request, DOCS_SECRET, at(1_531_420_618)),
            Err(SignatureError::Malformed { header: TIMESTAMP, .. })
        ));
    }

    /// Zoom publishes no worked example with its secret; this one was computed independently with
    ///   python3 -c 'import hmac,hashlib; print(hmac.new(b"test-only-zoom-secret", b"v0:1700000000:" + BODY, hashlib.sha256).hexdigest())'
    #[test]
    fn zooms_headers_carry_the_same_v0_signature() {
        const BODY: &str = r#"{"event":"meeting.started","payload":{"object":{"id":"85746065432"}}}"#;
        const SIGNED: &str = "v0=973f5a14f43a5abc9244302df051d791eed623e27fd61659946b3086c8fb245a";
        let request = WebhookRequest::post(BODY, [(ZOOM.timestamp, "1700000000"), (ZOOM.signature, SIGNED)]);
        assert_eq!(ZOOM.verify(&request, "test-only-zoom-secret", at(1_700_000_000)), Ok(()));
        let mut unsigned = WebhookRequest::post(BODY, []);
        ZOOM.sign(&mut unsigned, "test-only-zoom-secret", at(1_700_000_000)).expect("signs");
        assert_eq!(unsigned.header("X-ZM-Signature"), Some(SIGNED));
    }
}
