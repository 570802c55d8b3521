//! Provider signature schemes, checked over the raw body bytes before any handler runs.
//!
//! [`verify`] is what the server calls; [`sign`] adds the headers a provider would send, so
//! connector and server tests (and tools) can make deliveries that verify exactly as real ones.
//! One small module per scheme holds its rule and its known-answer tests.
//!
//! Digests are compared in constant time. A timestamp is checked after the signature, so
//! [`SignatureError::Stale`] means "authentic but too old (or too far ahead)".

mod airtable;
mod asana;
mod body_hmac;
mod discord;
mod github;
mod hubspot;
mod sendgrid;
mod stripe;
mod support;
mod telegram;
mod trello;
mod twilio;
mod url_token;
mod v0;

pub use asana::Handshake;

use super::WebhookRequest;
use std::time::{Duration, SystemTime};

/// How far a signed timestamp may be from now (Slack, Stripe, Zoom, HubSpot).
pub const TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// A provider's webhook signature scheme (`verify = "..."` in `#[trigger]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureScheme {
    /// `slack_v0`: `X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:{X-Slack-Request-Timestamp}:{body}"))`, ±5 min.
    SlackV0,
    /// `stripe`: `Stripe-Signature: t=..,v1=..[,v1=..]`, HMAC-SHA256 over `"{t}.{body}"`, any `v1` may match, ±5 min.
    Stripe,
    /// `github`: `X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, body))`.
    GitHub,
    /// `twilio`: `X-Twilio-Signature: base64(HMAC-SHA1(auth token, url + sorted form key+value pairs))`;
    /// a JSON body is covered by a `bodySHA256` query parameter instead, and the URL is signed alone.
    Twilio,
    /// `telegram`: `X-Telegram-Bot-Api-Secret-Token` equals the secret.
    Telegram,
    /// `discord_ed25519`: `X-Signature-Ed25519` over `{X-Signature-Timestamp}{body}` with the app's public key (hex);
    /// Discord sets no tolerance, so the timestamp's age is not checked.
    DiscordEd25519,
    /// `airtable`: `X-Airtable-Content-MAC: hmac-sha256=hex(HMAC-SHA256(base64-decoded secret, body))`.
    Airtable,
    /// `url_token`: for providers that sign nothing (Jotform), the webhook URL given to the
    /// provider carries the secret as its `token` query parameter ([`SignatureScheme::webhook_url`]),
    /// and a delivery must bring it back; it does not cover the body.
    UrlToken,
    /// `shopify`: `X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(app secret, body))`.
    Shopify,
    /// `woocommerce`: `X-WC-Webhook-Signature: base64(HMAC-SHA256(webhook secret, body))`.
    WooCommerce,
    /// `clickup`: `X-Signature: hex(HMAC-SHA256(webhook secret, body))`.
    ClickUp,
    /// `zoom_v0`: `x-zm-signature: v0=hex(HMAC-SHA256(secret token, "v0:{x-zm-request-timestamp}:{body}"))`, ±5 min.
    ZoomV0,
    /// `hubspot_v3`: `X-HubSpot-Signature-v3: base64(HMAC-SHA256(client secret, method + uri + body +
    /// {X-HubSpot-Request-Timestamp}))`, the timestamp in milliseconds, ±5 min.
    HubSpotV3,
    /// `meta`: Meta's (WhatsApp Cloud API, Facebook Graph, Instagram) `X-Hub-Signature-256:
    /// sha256=hex(HMAC-SHA256(app secret, body))`, the rule GitHub follows too.
    Meta,
    /// `asana`: `X-Hook-Signature: hex(HMAC-SHA256(secret, body))`, the secret being the one Asana
    /// sent in `X-Hook-Secret` during the handshake that creating the webhook starts
    /// ([`SignatureScheme::handshake`]).
    Asana,
    /// `trello`: `X-Trello-Webhook: base64(HMAC-SHA1(app secret, body + callback URL))`; Trello
    /// checks the URL with an unsigned `HEAD` first ([`SignatureScheme::checks_url_unsigned`]).
    Trello,
    /// `sendgrid`: `X-Twilio-Email-Event-Webhook-Signature`, a base64 DER ECDSA P-256 signature
    /// over `{X-Twilio-Email-Event-Webhook-Timestamp}{body}`, checked with the webhook's
    /// verification key (base64 DER or PEM); SendGrid sets no tolerance (it retries for 72 h).
    SendGrid,
}

impl SignatureScheme {
    /// Every scheme with its attribute name.
    pub const ALL: [(&'static str, Self); 17] = [
        ("slack_v0", Self::SlackV0),
        ("stripe", Self::Stripe),
        ("github", Self::GitHub),
        ("twilio", Self::Twilio),
        ("telegram", Self::Telegram),
        ("discord_ed25519", Self::DiscordEd25519),
        ("airtable", Self::Airtable),
        ("url_token", Self::UrlToken),
        ("shopify", Self::Shopify),
        ("woocommerce", Self::WooCommerce),
        ("clickup", Self::ClickUp),
        ("zoom_v0", Self::ZoomV0),
        ("hubspot_v3", Self::HubSpotV3),
        ("meta", Self::Meta),
        ("asana", Self::Asana),
        ("trello", Self::Trello),
        ("sendgrid", Self::SendGrid),
    ];

    /// The URL to give the provider for a webhook at `url` verified with `secret`: `url` itself,
    /// except for [`SignatureScheme::UrlToken`], where it carries the secret.
    ///
    /// ```
    /// use fluxturn_core::SignatureScheme;
    /// let url = "https://flux.example/api/v1/webhooks/jotform/42";
    /// assert_eq!(SignatureScheme::UrlToken.webhook_url(url, "s3cret"), format!("{url}?token=s3cret"));
    /// assert_eq!(SignatureScheme::GitHub.webhook_url(url, "s3cret"), url);
    /// ```
    pub fn webhook_url(self, url: &str, secret: &str) -> String {
        match self {
            Self::UrlToken => url_token::with_token(url, secret),
            _ => url.to_owned(),
        }
    }

    /// Whether the provider checks the URL with a request of `method` it does not sign: Meta's
    /// `GET` (`hub.mode=subscribe&hub.verify_token=..&hub.challenge=..`), Trello's `HEAD` when
    /// a webhook is created. Such a request reaches the handler unverified, so that it can
    /// answer (after checking Meta's token); any event it returns is dropped, so an unsigned
    /// request never creates one.
    ///
    /// ```
    /// use fluxturn_core::SignatureScheme;
    /// assert!(SignatureScheme::Meta.checks_url_unsigned("GET"));
    /// assert!(SignatureScheme::Trello.checks_url_unsigned("HEAD"));
    /// assert!(!SignatureScheme::Trello.checks_url_unsigned("POST"));
    /// assert!(!SignatureScheme::GitHub.checks_url_unsigned("GET"));
    /// ```
    pub fn checks_url_unsigned(self, method: &str) -> bool {
        match self {
            Self::Meta => method.eq_ignore_ascii_case("GET"),
            Self::Trello => method.eq_ignore_ascii_case("HEAD"),
            _ => false,
        }
    }

    /// The handshake with which the provider hands over the signing secret when a webhook is
    /// created, if `request` is one: Asana's `X-Hook-Secret`, which it sends to the new URL
    /// before its `POST /webhooks` returns, and which must be echoed back. The server accepts a
    /// handshake only while it is creating that webhook (a registration still `subscribing`);
    /// at any other time the request is verified like any delivery, and fails.
    ///
    /// ```
    /// use fluxturn_core::{SignatureScheme, WebhookRequest};
    /// let request = WebhookRequest::post("", [("X-Hook-Secret", "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81")]);
    /// let handshake = SignatureScheme::Asana.handshake(&request).expect("a handshake");
    /// assert_eq!(handshake.response.header("X-Hook-Secret"), Some(handshake.secret.as_str()));
    /// assert!(SignatureScheme::GitHub.handshake(&request).is_none());
    /// ```
    pub fn handshake(self, request: &WebhookRequest) -> Option<Handshake> {
        match self {
            Self::Asana => asana::handshake(request),
            _ => None,
        }
    }
}

/// Why a request failed verification (it gets 401 and creates nothing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// A header the scheme needs is absent.
    #[error("the request has no `{0}` header")]
    MissingHeader(&'static str),
    /// A query parameter the scheme needs is absent.
    #[error("the request has no `{0}` query parameter")]
    MissingParameter(&'static str),
    /// A header is present but not in the scheme's format.
    #[error("the `{header}` header is malformed: {why}")]
    Malformed {
        /// The header.
        header: &'static str,
        /// What is wrong.
        why: String,
    },
    /// The signed timestamp is further than the tolerance from now.
    #[error("the signed timestamp is {age_secs} s away from now (more than {} s)", TOLERANCE.as_secs())]
    Stale {
        /// How far, in seconds.
        age_secs: u64,
    },
    /// The signature does not match the body (tampered, or a wrong secret).
    #[error("the signature does not match the request")]
    Mismatch,
    /// The configured secret is unusable for this scheme (not base64, not a key, ...).
    #[error("the signing secret is not usable for this scheme: {0}")]
    BadSecret(String),
}

/// Checks `request` against `scheme` with `secret`, at time `now`.
///
/// `secret` is the signing secret (Slack, Stripe, GitHub, Telegram, Shopify, WooCommerce, ClickUp,
/// Zoom), the app's client secret (HubSpot) or app secret (Meta, Trello), the auth token (Twilio),
/// the application's public key in hex (Discord), `macSecretBase64` (Airtable), the secret of
/// the handshake (Asana) or the verification key (SendGrid). An empty
/// secret is [`SignatureError::BadSecret`] for every scheme: it would let anyone sign.
pub fn verify(
    scheme: SignatureScheme,
    request: &WebhookRequest,
    secret: &str,
    now: SystemTime,
) -> Result<(), SignatureError> {
    usable(secret)?;
    match scheme {
        SignatureScheme::SlackV0 => v0::SLACK.verify(request, secret, now),
        SignatureScheme::Stripe => stripe::verify(request, secret, now),
        SignatureScheme::GitHub => github::verify(request, secret),
        SignatureScheme::Twilio => twilio::verify(request, secret),
        SignatureScheme::Telegram => telegram::verify(request, secret),
        SignatureScheme::DiscordEd25519 => discord::verify(request, secret),
        SignatureScheme::Airtable => airtable::verify(request, secret),
        SignatureScheme::UrlToken => url_token::verify(request, secret),
        SignatureScheme::Shopify => body_hmac::SHOPIFY.verify(request, secret),
        SignatureScheme::WooCommerce => body_hmac::WOOCOMMERCE.verify(request, secret),
        SignatureScheme::ClickUp => body_hmac::CLICKUP.verify(request, secret),
        SignatureScheme::ZoomV0 => v0::ZOOM.verify(request, secret, now),
        SignatureScheme::HubSpotV3 => hubspot::verify(request, secret, now),
        SignatureScheme::Meta => github::verify(request, secret),
        SignatureScheme::Asana => body_hmac::ASANA.verify(request, secret),
        SignatureScheme::Trello => trello::verify(request, secret),
        SignatureScheme::SendGrid => sendgrid::verify(request, secret),
    }
}

/// Adds to `request` the headers the provider would send for it at `now`, signed with `secret`;
/// it exists for tests and tools (a connector's or the server's), never for serving requests.
///
/// `secret` is what [`verify`] takes, except for Discord and SendGrid, where signing needs the
/// private key: for Discord the 32-byte signing-key seed in hex ([`discord_public_key`] gives the
/// public key that verifies), for SendGrid the 32-byte P-256 secret scalar in hex
/// ([`sendgrid_public_key`]). For Trello, set `request.url` (the callback URL) before signing. Headers already present under the same names are replaced. For Twilio, a
/// body that is neither empty nor form-encoded gets `bodySHA256` appended to `request.url` (and
/// `request.query`), as Twilio does for JSON; set `request.url` before signing. Stripe is
/// signed with one `v1`.
///
/// ```
/// use fluxturn_core::webhook::verify::{sign, verify};
/// use fluxturn_core::{SignatureScheme, WebhookRequest};
/// use std::time::SystemTime;
///
/// let mut delivery = WebhookRequest::post(r#"{"action" : "opened"}"#, [("Content-Type", "application/json")]);
/// let now = SystemTime::now();
/// sign(SignatureScheme::GitHub, &mut delivery, "test-only-secret", now)?;
/// assert!(delivery.header("X-Hub-Signature-256").is_some_and(|v| v.starts_with("sha256=")));
/// verify(SignatureScheme::GitHub, &delivery, "test-only-secret", now)?;
/// # Ok::<(), fluxturn_core::webhook::SignatureError>(())
/// ```
pub fn sign(
    scheme: SignatureScheme,
    request: &mut WebhookRequest,
    secret: &str,
    now: SystemTime,
) -> Result<(), SignatureError> {
    usable(secret)?;
    match scheme {
        SignatureScheme::SlackV0 => v0::SLACK.sign(request, secret, now),
        SignatureScheme::Stripe => stripe::sign(request, secret, now),
        SignatureScheme::GitHub => github::sign(request, secret),
        SignatureScheme::Twilio => twilio::sign(request, secret),
        SignatureScheme::Telegram => {
            telegram::sign(request, secret);
            Ok(())
        }
        SignatureScheme::DiscordEd25519 => discord::sign(request, secret, now),
        SignatureScheme::Airtable => airtable::sign(request, secret),
        SignatureScheme::UrlToken => {
            url_token::sign(request, secret);
            Ok(())
        }
        SignatureScheme::Shopify => body_hmac::SHOPIFY.sign(request, secret),
        SignatureScheme::WooCommerce => body_hmac::WOOCOMMERCE.sign(request, secret),
        SignatureScheme::ClickUp => body_hmac::CLICKUP.sign(request, secret),
        SignatureScheme::ZoomV0 => v0::ZOOM.sign(request, secret, now),
        SignatureScheme::HubSpotV3 => hubspot::sign(request, secret, now),
        SignatureScheme::Meta => github::sign(request, secret),
        SignatureScheme::Asana => body_hmac::ASANA.sign(request, secret),
        SignatureScheme::Trello => trello::sign(request, secret),
        SignatureScheme::SendGrid => sendgrid::sign(request, secret, now),
    }
}

/// The Ed25519 public key (64 hex digits) matching the signing-key seed `seed_hex` (64 hex
/// digits): what [`verify`] takes for a delivery [`sign`] made for Discord. For tests and tools.
///
/// ```
/// // RFC 8032, section 7.1, TEST 1.
/// let public = fluxturn_core::webhook::verify::discord_public_key(
///     "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
/// )?;
/// assert_eq!(public, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
/// # Ok::<(), fluxturn_core::webhook::SignatureError>(())
/// ```
pub fn discord_public_key(seed_hex: &str) -> Result<String, SignatureError> {
    discord::public_key(seed_hex)
}

/// The verification key (base64 DER, as SendGrid's settings show it) matching the P-256 secret
/// scalar `private_hex` (64 hex digits): what [`verify`] takes for a delivery [`sign`] made for
/// SendGrid. For tests and tools.
///
/// ```
/// let key = fluxturn_core::webhook::verify::sendgrid_public_key(
///     "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
/// )?;
/// assert!(key.starts_with("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"));
/// # Ok::<(), fluxturn_core::webhook::SignatureError>(())
/// ```
pub fn sendgrid_public_key(private_hex: &str) -> Result<String, SignatureError> {
    sendgrid::public_key(private_hex)
}

fn usable(secret: &str) -> Result<(), SignatureError> {
    if secret.is_empty() {
        Err(SignatureError::BadSecret("the secret is empty".into()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
