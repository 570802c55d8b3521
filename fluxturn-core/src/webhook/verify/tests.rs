//! What every scheme must do, checked for all of them: a delivery [`sign`] makes verifies byte for
//! byte, tampering and wrong secrets fail, and every header it needs is required. Known-answer
//! vectors live with each scheme's module.

use super::*;
use std::time::UNIX_EPOCH;

/// JSON whose spacing any re-serialization would change.
const ODD_BODY: &str = "{\"a\" :  1 ,\"b\":[ ],\n\t\"c\" : \"\u{e9}\" }";
const URL: &str = "https://flux.example.test/api/v1/webhooks/t/abc?x=1";
/// Test-only Ed25519 seeds (RFC 8032 section 7.1, TESTs 1 and 2).
const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const OTHER_SEED: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

/// Test-only P-256 secret scalars (RFC 6979 appendix A.2.5's, and another).
const P256_SCALAR: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const OTHER_P256_SCALAR: &str = "0f56db78ca460b055c500064824bed999a25aaf48ebb519ac201537b85479813";

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// What a test signs with, verifies with, and a wrong but well-formed secret.
struct Secrets {
    sign: String,
    verify: String,
    wrong: String,
}

fn secrets(scheme: SignatureScheme) -> Secrets {
    match scheme {
        SignatureScheme::DiscordEd25519 => Secrets {
            sign: SEED.into(),
            verify: discord_public_key(SEED).expect("a valid seed"),
            wrong: discord_public_key(OTHER_SEED).expect("a valid seed"),
        },
        SignatureScheme::SendGrid => Secrets {
            sign: P256_SCALAR.into(),
            verify: sendgrid_public_key(P256_SCALAR).expect("a valid scalar"),
            wrong: sendgrid_public_key(OTHER_P256_SCALAR).expect("a valid scalar"),
        },
        SignatureScheme::Airtable => Secrets {
            sign: "dGVzdC1vbmx5LW1hYy1zZWNyZXQtMzItYnl0ZXMhISE=".into(),
            verify: "dGVzdC1vbmx5LW1hYy1zZWNyZXQtMzItYnl0ZXMhISE=".into(),
            wrong: "b3RoZXItdGVzdC1vbmx5LW1hYy1zZWNyZXQtYnl0ZXM=".into(),
        },
        _ => Secrets {
            sign: "test-only-secret".into(),
            verify: "test-only-secret".into(),
            wrong: "test-only-other".into(),
        },
    }
}

fn delivery() -> WebhookRequest {
    let mut request = WebhookRequest::post(ODD_BODY, [("Content-Type", "application/json")]);
    request.url = URL.into();
    request
}

fn signed(scheme: SignatureScheme, at: SystemTime) -> WebhookRequest {
    let mut request = delivery();
    sign(scheme, &mut request, &secrets(scheme).sign, at).expect("signs");
    request
}

fn schemes() -> impl Iterator<Item = SignatureScheme> {
    SignatureScheme::ALL.into_iter().map(|(_, scheme)| scheme)
}

#[test]
fn every_scheme_accepts_what_it_signed_over_the_raw_bytes() {
    for scheme in schemes() {
        let request = signed(scheme, now());
        assert_eq!(&request.body[..], ODD_BODY.as_bytes(), "{scheme:?} left the body alone");
        assert_eq!(verify(scheme, &request, &secrets(scheme).verify, now()), Ok(()), "{scheme:?}");
    }
}

#[test]
fn a_flipped_body_byte_is_a_mismatch() {
    for scheme in schemes() {
        let mut request = signed(scheme, now());
        let mut body = request.body.to_vec();
        body[7] ^= 0x01; // the second space of `"a" :  1` becomes `!`
        request.body = body.into();
        let result = verify(scheme, &request, &secrets(scheme).verify, now());
        if matches!(scheme, SignatureScheme::Telegram | SignatureScheme::UrlToken) {
            // Telegram's token (a header) and the URL's token are shared secrets; nothing covers the body.
            assert_eq!(result, Ok(()), "{scheme:?}");
        } else {
            assert_eq!(result, Err(SignatureError::Mismatch), "{scheme:?}");
        }
    }
}

#[test]
fn a_wrong_secret_is_a_mismatch() {
    for scheme in schemes() {
        let request = signed(scheme, now());
        assert_eq!(
            verify(scheme, &request, &secrets(scheme).wrong, now()),
            Err(SignatureError::Mismatch),
            "{scheme:?}"
        );
    }
}

#[test]
fn an_unusable_secret_is_bad() {
    for scheme in schemes() {
        let mut request = signed(scheme, now());
        assert!(matches!(verify(scheme, &request, "", now()), Err(SignatureError::BadSecret(_))), "{scheme:?}");
        assert!(matches!(sign(scheme, &mut request, "", now()), Err(SignatureError::BadSecret(_))), "{scheme:?}");
    }
    let request = signed(SignatureScheme::DiscordEd25519, now());
    let not_a_key = "test-only-secret";
    assert!(matches!(
        verify(SignatureScheme::DiscordEd25519, &request, not_a_key, now()),
        Err(SignatureError::BadSecret(_))
    ));
    let request = signed(SignatureScheme::SendGrid, now());
    assert!(matches!(verify(SignatureScheme::SendGrid, &request, not_a_key, now()), Err(SignatureError::BadSecret(_))));
    let request = signed(SignatureScheme::Airtable, now());
    assert!(matches!(
        verify(SignatureScheme::Airtable, &request, "not base64!", now()),
        Err(SignatureError::BadSecret(_))
    ));
}

#[test]
fn every_header_a_scheme_adds_is_required() {
    // `url_token` adds a query parameter, not a header (url_token.rs requires it).
    for scheme in schemes().filter(|s| *s != SignatureScheme::UrlToken) {
        let request = signed(scheme, now());
        let added: Vec<&str> = request.headers.iter().skip(1).map(|(name, _)| name.as_str()).collect();
        assert!(!added.is_empty(), "{scheme:?} added no header");
        for name in added {
            let mut without = request.clone();
            without.headers.retain(|(k, _)| k != name);
            let result = verify(scheme, &without, &secrets(scheme).verify, now());
            assert!(
                matches!(result, Err(SignatureError::MissingHeader(missing)) if missing.eq_ignore_ascii_case(name)),
                "{scheme:?} without {name}: {result:?}"
            );
        }
    }
}

#[test]
fn header_names_are_matched_in_any_case() {
    for scheme in schemes() {
        let mut request = signed(scheme, now());
        for (name, _) in &mut request.headers {
            *name = name.to_ascii_uppercase();
        }
        assert_eq!(verify(scheme, &request, &secrets(scheme).verify, now()), Ok(()), "{scheme:?}");
    }
}

#[test]
fn signing_twice_replaces_the_headers() {
    for scheme in schemes() {
        let mut request = signed(scheme, now());
        let count = request.headers.len();
        sign(scheme, &mut request, &secrets(scheme).sign, now()).expect("signs");
        assert_eq!(request.headers.len(), count, "{scheme:?}");
        assert_eq!(verify(scheme, &request, &secrets(scheme).verify, now()), Ok(()), "{scheme:?}");
    }
}

/// The schemes that sign a timestamp and bound its age.
const TIMED: [SignatureScheme; 4] =
    [SignatureScheme::SlackV0, SignatureScheme::Stripe, SignatureScheme::ZoomV0, SignatureScheme::HubSpotV3];

#[test]
fn slack_stripe_zoom_and_hubspot_allow_five_minutes_either_way() {
    let minutes = |m: u64| Duration::from_secs(m * 60);
    for scheme in TIMED {
        let secret = &secrets(scheme).verify;
        let old = signed(scheme, now() - minutes(6));
        assert_eq!(verify(scheme, &old, secret, now()), Err(SignatureError::Stale { age_secs: 360 }), "{scheme:?}");
        let ahead = signed(scheme, now() + minutes(6));
        assert_eq!(verify(scheme, &ahead, secret, now()), Err(SignatureError::Stale { age_secs: 360 }), "{scheme:?}");
        for age in [minutes(4), TOLERANCE] {
            assert_eq!(verify(scheme, &signed(scheme, now() - age), secret, now()), Ok(()), "{scheme:?} {age:?}");
        }
    }
}

#[test]
fn a_stale_forgery_is_a_mismatch_not_stale() {
    for scheme in TIMED {
        let old = signed(scheme, now() - Duration::from_secs(3600));
        assert_eq!(verify(scheme, &old, &secrets(scheme).wrong, now()), Err(SignatureError::Mismatch), "{scheme:?}");
    }
}

#[test]
fn schemes_without_a_timestamp_rule_ignore_age() {
    let day = Duration::from_secs(86_400);
    for scheme in schemes().filter(|s| !TIMED.contains(s)) {
        let request = signed(scheme, now() - day);
        assert_eq!(verify(scheme, &request, &secrets(scheme).verify, now()), Ok(()), "{scheme:?}");
    }
}
