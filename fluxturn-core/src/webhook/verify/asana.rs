//! Asana's handshake: creating a webhook (`POST /webhooks`) makes Asana send the new URL a
//! request with an `X-Hook-Secret` header, and the creation succeeds only when the answer is a
//! 2xx echoing that header. The value is the secret that signs every later delivery
//! (`X-Hook-Signature`, checked as a body HMAC in `body_hmac`).

use crate::{WebhookRequest, WebhookResponse};

const SECRET: &str = "X-Hook-Secret";

/// A provider's handshake: what to answer, and the signing secret it handed over.
#[derive(Debug, Clone, PartialEq)]
pub struct Handshake {
    /// The answer the provider expects.
    pub response: WebhookResponse,
    /// The secret that signs every later delivery; stored encrypted, never shown.
    pub secret: String,
}

/// The handshake `request` is, if it carries a non-empty `X-Hook-Secret`.
pub(super) fn handshake(request: &WebhookRequest) -> Option<Handshake> {
    let secret = request.header(SECRET).map(str::trim).filter(|s| !s.is_empty())?.to_owned();
    let mut response = WebhookResponse::text("");
    response.headers.push((SECRET.into(), secret.clone()));
    Some(Handshake { response, secret })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_echoed_and_handed_over() {
        let request = WebhookRequest::post("", [(SECRET, " 4d1f… ")]);
        let handshake = handshake(&request).expect("a handshake");
        assert_eq!(handshake.secret, "4d1f…");
        assert_eq!(handshake.response.status, 200);
        assert_eq!(handshake.response.header(SECRET), Some("4d1f…"));
    }

    #[test]
    fn a_request_without_the_header_or_with_an_empty_one_is_no_handshake() {
        assert!(handshake(&WebhookRequest::post("{}", [])).is_none());
        assert!(handshake(&WebhookRequest::post("", [(SECRET, "  ")])).is_none());
    }
}
