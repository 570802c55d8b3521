//! Trello's signing: `X-Trello-Webhook: base64(HMAC-SHA1(app secret, body + callback URL))`,
//! the callback URL being the one given when the webhook was created. No timestamp.
//!
//! The URL is [`WebhookRequest::url`], the public URL called; as for Twilio it is also tried
//! without its port and, when it has none, with the scheme's default one.

use super::support::{header, hmac_sha1, malformed, same, set_header};
use super::twilio::url_forms;
use super::SignatureError;
use crate::WebhookRequest;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

const SIGNATURE: &str = "X-Trello-Webhook";

/// Checks `X-Trello-Webhook` against the body followed by each form of the URL.
pub(super) fn verify(request: &WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    let given =
        STANDARD.decode(header(request, SIGNATURE)?.trim()).map_err(|_| malformed(SIGNATURE, "it is not base64"))?;
    let mut matched = false;
    for url in url_forms(&request.url) {
        matched |= same(&hmac_sha1(secret.as_bytes(), &[&request.body, url.as_bytes()])?, &given);
    }
    matched.then_some(()).ok_or(SignatureError::Mismatch)
}

/// Adds `X-Trello-Webhook`, as Trello would for a webhook whose callback URL is `request.url`.
pub(super) fn sign(request: &mut WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    let digest = hmac_sha1(secret.as_bytes(), &[&request.body, request.url.as_bytes()])?;
    set_header(request, SIGNATURE, STANDARD.encode(digest));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Trello publishes no worked example with its secret. The digest was computed independently:
    //   python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(SECRET, BODY+URL, hashlib.sha1).digest()))'
    const BODY: &str = r#"{"action" :  {"type":"createCard"}}"#;
    const URL: &str = "https://flux.example.test/api/v1/webhooks/trello/abc";
    const SIGNED: &str = "vgKahGzDvZaeyedH8VjllxNgQ68=";

    fn delivery(url: &str) -> WebhookRequest {
        let mut request = WebhookRequest::post(BODY, [(SIGNATURE, SIGNED)]);
        request.url = url.into();
        request
    }

    #[test]
    fn the_python_computed_vector_verifies_and_signing_reproduces_it() {
        assert_eq!(verify(&delivery(URL), "test-only-trello-secret"), Ok(()));
        let mut unsigned = WebhookRequest::post(BODY, []);
        unsigned.url = URL.into();
        sign(&mut unsigned, "test-only-trello-secret").expect("signs");
        assert_eq!(unsigned.header(SIGNATURE), Some(SIGNED));
    }

    #[test]
    fn the_url_is_signed_too() {
        let elsewhere = delivery("https://flux.example.test/api/v1/webhooks/trello/other");
        assert_eq!(verify(&elsewhere, "test-only-trello-secret"), Err(SignatureError::Mismatch));
        let with_default_port = delivery("https://flux.example.test:443/api/v1/webhooks/trello/abc");
        assert_eq!(verify(&with_default_port, "test-only-trello-secret"), Ok(()));
    }
}
