//! SendGrid's signed Event Webhook: `X-Twilio-Email-Event-Webhook-Signature` is a base64 DER
//! ECDSA P-256 signature, with SHA-256, over the `X-Twilio-Email-Event-Webhook-Timestamp` value
//! followed by the body, checked with the webhook's verification key (base64 DER, as SendGrid's
//! settings show it, or the same key as PEM). SendGrid sets no tolerance for the timestamp and
//! retries a failed delivery for up to 72 hours, so its age is not checked; a replay is caught
//! by the events' `sg_event_id`.

use super::support::{header, malformed, set_header, unix_secs};
use super::SignatureError;
use crate::WebhookRequest;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{DerSignature, Signature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePublicKey as _, EncodePublicKey as _};
use std::time::SystemTime;

const SIGNATURE: &str = "X-Twilio-Email-Event-Webhook-Signature";
const TIMESTAMP: &str = "X-Twilio-Email-Event-Webhook-Timestamp";

/// Checks the signature with `public_key` (base64 DER or PEM).
pub(super) fn verify(request: &WebhookRequest, public_key: &str) -> Result<(), SignatureError> {
    let key = verifying_key(public_key)?;
    let der =
        STANDARD.decode(header(request, SIGNATURE)?.trim()).map_err(|_| malformed(SIGNATURE, "it is not base64"))?;
    let signature = Signature::from_der(&der).map_err(|_| malformed(SIGNATURE, "it is not a DER ECDSA signature"))?;
    let message = [header(request, TIMESTAMP)?.as_bytes(), &request.body].concat();
    key.verify(&message, &signature).map_err(|_| SignatureError::Mismatch)
}

/// Adds both headers, as SendGrid would at `now`; `private_hex` is the 32-byte P-256 secret
/// scalar in hex.
pub(super) fn sign(request: &mut WebhookRequest, private_hex: &str, now: SystemTime) -> Result<(), SignatureError> {
    let key = signing_key(private_hex)?;
    let timestamp = unix_secs(now);
    let message = [timestamp.as_bytes(), &request.body].concat();
    let signature: Signature = key.sign(&message);
    let der: DerSignature = signature.to_der();
    set_header(request, TIMESTAMP, timestamp);
    set_header(request, SIGNATURE, STANDARD.encode(der.as_bytes()));
    Ok(())
}

/// The verification key (base64 DER, as SendGrid shows it) of the secret scalar `private_hex`.
pub(super) fn public_key(private_hex: &str) -> Result<String, SignatureError> {
    let der = p256::PublicKey::from(signing_key(private_hex)?.verifying_key())
        .to_public_key_der()
        .map_err(|e| SignatureError::BadSecret(format!("the key does not encode: {e}")))?;
    Ok(STANDARD.encode(der.as_bytes()))
}

fn verifying_key(public_key: &str) -> Result<VerifyingKey, SignatureError> {
    let bad = |why: &str| SignatureError::BadSecret(format!("the verification key {why}"));
    // PEM's armour lines and any line breaks are dropped; what remains is the base64 DER.
    let base64: String = public_key
        .lines()
        .filter(|line| !line.trim_start().starts_with("-----"))
        .flat_map(|line| line.chars().filter(|c| !c.is_whitespace()))
        .collect();
    let der = STANDARD.decode(base64).map_err(|_| bad("is not base64 (give it as SendGrid's settings show it)"))?;
    VerifyingKey::from_public_key_der(&der).map_err(|_| bad("is not an ECDSA P-256 public key"))
}

fn signing_key(private_hex: &str) -> Result<SigningKey, SignatureError> {
    let bytes = hex::decode(private_hex.trim())
        .map_err(|_| SignatureError::BadSecret("the signing key is not hexadecimal".into()))?;
    SigningKey::from_slice(&bytes)
        .map_err(|_| SignatureError::BadSecret("the signing key is not a P-256 secret scalar".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SendGrid's documented test key pair is not published with its private half, so the
    /// known answer is a key and signature made independently with Python's `cryptography`
    /// (`ec.derive_private_key(SCALAR, ec.SECP256R1())`, `sign(TIMESTAMP + BODY, ECDSA(SHA256))`).
    const SCALAR: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    const BODY: &str = "[{\"email\":\"a@example.test\",\"event\":\"delivered\",\"sg_event_id\":\"e1\"}]\r\n";
    const TIMESTAMP_VALUE: &str = "1700000000";

    fn delivery(signature: &str) -> WebhookRequest {
        WebhookRequest::post(BODY, [(SIGNATURE, signature), (TIMESTAMP, TIMESTAMP_VALUE)])
    }

    #[test]
    fn a_signature_made_elsewhere_verifies() {
        let public = include_str!("sendgrid_vector.txt").lines().collect::<Vec<_>>();
        let (key, signature) = (public[0], public[1]);
        assert_eq!(verify(&delivery(signature), key), Ok(()));
        assert_eq!(public_key(SCALAR).expect("a valid scalar"), key);
    }

    #[test]
    fn a_pem_key_verifies_too() {
        let public = include_str!("sendgrid_vector.txt").lines().collect::<Vec<_>>();
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n",
            &public[0][..64],
            &public[0][64..]
        );
        assert_eq!(verify(&delivery(public[1]), &pem), Ok(()));
    }

    #[test]
    fn a_key_of_another_curve_or_no_key_is_bad() {
        let signature = include_str!("sendgrid_vector.txt").lines().nth(1).expect("two lines");
        assert!(matches!(verify(&delivery(signature), "not base64!"), Err(SignatureError::BadSecret(_))));
        assert!(matches!(verify(&delivery(signature), "AAAA"), Err(SignatureError::BadSecret(_))));
    }

    #[test]
    fn a_signature_that_is_not_der_is_malformed() {
        let key = include_str!("sendgrid_vector.txt").lines().next().expect("a line");
        assert!(matches!(verify(&delivery("AAAA"), key), Err(SignatureError::Malformed { header: SIGNATURE, .. })));
    }
}
