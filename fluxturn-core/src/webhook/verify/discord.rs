//! Discord's signing: `X-Signature-Ed25519: hex(Ed25519 signature)` over the
//! `X-Signature-Timestamp` value followed by the body, checked with the application's public key
//! (64 hex digits). Discord documents no tolerance for the timestamp, so none is applied.

use super::support::{header, malformed, set_header, unix_secs};
use super::SignatureError;
use crate::WebhookRequest;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use std::time::SystemTime;

const SIGNATURE: &str = "X-Signature-Ed25519";
const TIMESTAMP: &str = "X-Signature-Timestamp";

/// Checks the signature with `public_key_hex`, rejecting weak keys and malleable signatures.
pub(super) fn verify(request: &WebhookRequest, public_key_hex: &str) -> Result<(), SignatureError> {
    let key = VerifyingKey::from_bytes(&key_bytes(public_key_hex, "public key")?)
        .map_err(|_| SignatureError::BadSecret("the public key is not a valid Ed25519 point".into()))?;
    let mut signature = [0u8; 64];
    hex::decode_to_slice(header(request, SIGNATURE)?, &mut signature)
        .map_err(|_| malformed(SIGNATURE, "it is not 128 hex digits"))?;
    let message = message(header(request, TIMESTAMP)?, request);
    key.verify_strict(&message, &Signature::from_bytes(&signature)).map_err(|_| SignatureError::Mismatch)
}

/// Adds both headers, as Discord would at `now`; `seed_hex` is the 32-byte signing key in hex.
pub(super) fn sign(request: &mut WebhookRequest, seed_hex: &str, now: SystemTime) -> Result<(), SignatureError> {
    let key = SigningKey::from_bytes(&key_bytes(seed_hex, "signing key seed")?);
    let timestamp = unix_secs(now);
    let signature = key.sign(&message(&timestamp, request));
    set_header(request, TIMESTAMP, timestamp);
    set_header(request, SIGNATURE, hex::encode(signature.to_bytes()));
    Ok(())
}

/// The public key (hex) that verifies what `seed_hex` signs.
pub(super) fn public_key(seed_hex: &str) -> Result<String, SignatureError> {
    let key = SigningKey::from_bytes(&key_bytes(seed_hex, "signing key seed")?);
    Ok(hex::encode(key.verifying_key().as_bytes()))
}

fn key_bytes(key_hex: &str, what: &str) -> Result<[u8; 32], SignatureError> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(key_hex.trim(), &mut bytes)
        .map_err(|_| SignatureError::BadSecret(format!("the {what} is not 64 hex digits")))?;
    Ok(bytes)
}

fn message(timestamp: &str, request: &WebhookRequest) -> Vec<u8> {
    [timestamp.as_bytes(), &request.body].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    // RFC 8032 section 7.1, TEST 1: a published test key, never a real one.
    const RFC_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const RFC_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    // Discord publishes no worked example. This signature of "1700000000" + BODY under RFC_SEED was
    // computed independently with Python's `cryptography` (Ed25519PrivateKey.from_private_bytes).
    const BODY: &str = r#"{"type":1,"id":"test-only"}"#;
    const SIGNED: &str = "d5fec05f08d8e9af5fb994b75c766e22591988e647bbfa688a27a6ec3f9b5f47\
                          8c03856ab399debe80a372c1c908c71686ef117af952f99ca23ffa7c403bac0a";

    fn delivery(signature: &str) -> WebhookRequest {
        WebhookRequest::post(BODY, [(SIGNATURE, signature), (TIMESTAMP, "1700000000")])
    }

    #[test]
    fn the_rfc_8032_key_pair_matches() {
        assert_eq!(public_key(RFC_SEED).as_deref(), Ok(RFC_PUBLIC));
    }

    #[test]
    fn the_rfc_8032_empty_message_signature_verifies() {
        // TEST 1's signature of the empty message: empty timestamp, empty body.
        let signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        let request = WebhookRequest::post("", [(SIGNATURE, signature), (TIMESTAMP, "")]);
        assert_eq!(verify(&request, RFC_PUBLIC), Ok(()));
    }

    #[test]
    fn the_python_computed_vector_verifies_and_signing_reproduces_it() {
        assert_eq!(verify(&delivery(SIGNED), RFC_PUBLIC), Ok(()));
        let mut request = WebhookRequest::post(BODY, []);
        sign(&mut request, RFC_SEED, UNIX_EPOCH + Duration::from_secs(1_700_000_000)).expect("signs");
        assert_eq!(request.header(SIGNATURE), Some(SIGNED));
        assert_eq!(request.header(TIMESTAMP), Some("1700000000"));
    }

    #[test]
    fn the_timestamp_is_part_of_the_message() {
        let mut request = delivery(SIGNED);
        request.headers[1].1 = "1700000001".into();
        assert_eq!(verify(&request, RFC_PUBLIC), Err(SignatureError::Mismatch));
    }

    #[test]
    fn keys_and_signatures_of_the_wrong_shape_are_named() {
        for bad in ["", "d75a98", "zz5a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"] {
            assert!(matches!(verify(&delivery(SIGNED), bad), Err(SignatureError::BadSecret(_))), "{bad}");
            assert!(matches!(public_key(bad), Err(SignatureError::BadSecret(_))), "{bad}");
        }
        let result = verify(&delivery(&SIGNED[..126]), RFC_PUBLIC);
        assert!(matches!(result, Err(SignatureError::Malformed { header: SIGNATURE, .. })), "{result:?}");
    }
}
