//! Telegram's check: `X-Telegram-Bot-Api-Secret-Token` carries the `secret_token` given to
//! `setWebhook`, verbatim. It proves the sender knows the secret; it does not cover the body.

use super::support::{header, matches, set_header};
use super::SignatureError;
use crate::WebhookRequest;

const TOKEN: &str = "X-Telegram-Bot-Api-Secret-Token";

/// Compares the header with the secret in constant time.
pub(super) fn verify(request: &WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    matches(secret.as_bytes(), header(request, TOKEN)?.as_bytes())
}

/// Adds the header, as Telegram would.
pub(super) fn sign(request: &mut WebhookRequest, secret: &str) {
    set_header(request, TOKEN, secret.to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    // Telegram documents no example; the rule is equality, so the vector is the literal itself.
    #[test]
    fn the_token_must_equal_the_secret_exactly() {
        let request = WebhookRequest::post(r#"{"update_id":1}"#, [(TOKEN, "test_only-Secret_123")]);
        assert_eq!(verify(&request, "test_only-Secret_123"), Ok(()));
        for other in ["test_only-secret_123", "test_only-Secret_12", "test_only-Secret_1234", " test_only-Secret_123"] {
            assert_eq!(verify(&request, other), Err(SignatureError::Mismatch), "{other}");
        }
    }
}
