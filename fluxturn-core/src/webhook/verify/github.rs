//! GitHub's signing: `X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, body))`. No timestamp.

use super::support::{header, hex_digest, hmac_sha256, matches, set_header, strip};
use super::SignatureError;
use crate::WebhookRequest;

const SIGNATURE: &str = "X-Hub-Signature-256";

/// Checks `X-Hub-Signature-256` against the body.
pub(super) fn verify(request: &WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    let given = hex_digest(SIGNATURE, strip(SIGNATURE, header(request, SIGNATURE)?, "sha256=")?)?;
    matches(&hmac_sha256(secret.as_bytes(), &[&request.body])?, &given)
}

/// Adds `X-Hub-Signature-256`, as GitHub would.
pub(super) fn sign(request: &mut WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    let digest = hmac_sha256(secret.as_bytes(), &[&request.body])?;
    set_header(request, SIGNATURE, format!("sha256={}", hex::encode(digest)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example in GitHub's "Validating webhook deliveries" (testing the webhook payload
    /// validation); recomputed independently with Python's `hmac`/`hashlib` before pasting.
    #[test]
    fn githubs_documented_example_verifies_and_signing_reproduces_it() {
        const SIGNED: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let request = WebhookRequest::post("Hello, World!", [(SIGNATURE, SIGNED)]);
        assert_eq!(verify(&request, "It's a Secret to Everybody"), Ok(()));
        let mut unsigned = WebhookRequest::post("Hello, World!", []);
        sign(&mut unsigned, "It's a Secret to Everybody").expect("signs");
        assert_eq!(unsigned.header(SIGNATURE), Some(SIGNED));
    }

    #[test]
    fn the_legacy_sha1_form_is_malformed() {
        let request = WebhookRequest::post("Hello, World!", [(SIGNATURE, "sha1=01a2b3")]);
        assert!(matches!(verify(&request, "s"), Err(SignatureError::Malformed { header: SIGNATURE, .. })));
    }
}
