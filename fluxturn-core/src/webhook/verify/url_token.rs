//! `url_token`, for providers that sign nothing and send no secret header (Jotform): the webhook
//! URL given to the provider carries the secret as its `token` query parameter, and a delivery
//! must bring it back. Like Telegram's header it proves the sender knows the secret, not that the
//! body is unchanged; it is what such providers allow.

use super::support::matches;
use super::SignatureError;
use crate::WebhookRequest;

/// The query parameter that carries the secret.
pub const PARAMETER: &str = "token";

/// Compares the `token` query parameter with the secret in constant time.
pub(super) fn verify(request: &WebhookRequest, secret: &str) -> Result<(), SignatureError> {
    let given = request.query_param(PARAMETER).ok_or(SignatureError::MissingParameter(PARAMETER))?;
    matches(secret.as_bytes(), given.as_bytes())
}

/// `url` with the secret as its `token` query parameter (percent-encoded), for the provider.
pub(super) fn with_token(url: &str, secret: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    let token: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    format!("{url}{separator}{PARAMETER}={token}")
}

/// Adds the parameter to the request's query and URL, as the provider would call it.
pub(super) fn sign(request: &mut WebhookRequest, secret: &str) {
    request.query.retain(|(name, _)| name != PARAMETER);
    request.query.push((PARAMETER.to_owned(), secret.to_owned()));
    request.url = with_token(&request.url, secret);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_must_equal_the_secret_exactly() {
        let mut request = WebhookRequest::post("formID=1", [("Content-Type", "application/x-www-form-urlencoded")]);
        assert_eq!(verify(&request, "s3cret/+="), Err(SignatureError::MissingParameter("token")));
        sign(&mut request, "s3cret/+=");
        assert_eq!(verify(&request, "s3cret/+="), Ok(()));
        assert!(request.url.ends_with("?token=s3cret%2F%2B%3D"), "{}", request.url);
        for other in ["s3cret/+", "s3cret/+==", "S3cret/+=", ""] {
            assert_eq!(verify(&request, other), Err(SignatureError::Mismatch), "{other:?}");
        }
    }

    #[test]
    fn a_url_with_a_query_gets_the_token_appended() {
        assert_eq!(with_token("https://h/x?a=1", "t"), "https://h/x?a=1&token=t");
        assert_eq!(with_token("https://h/x", "t"), "https://h/x?token=t");
    }
}
