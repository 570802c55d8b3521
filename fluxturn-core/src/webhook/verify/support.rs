//! What every scheme shares: header access, keyed hashes, constant-time comparison, timestamps.

use super::{SignatureError, TOLERANCE};
use crate::WebhookRequest;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use subtle::ConstantTimeEq;

/// The first value of header `name`, or [`SignatureError::MissingHeader`].
pub(super) fn header<'r>(request: &'r WebhookRequest, name: &'static str) -> Result<&'r str, SignatureError> {
    request.header(name).ok_or(SignatureError::MissingHeader(name))
}

/// Replaces every value of header `name` with `value` (the name stored in lower case).
pub(super) fn set_header(request: &mut WebhookRequest, name: &str, value: String) {
    request.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    request.headers.push((name.to_ascii_lowercase(), value));
}

/// A [`SignatureError::Malformed`] for `header`.
pub(super) fn malformed(header: &'static str, why: impl Into<String>) -> SignatureError {
    SignatureError::Malformed { header, why: why.into() }
}

/// `value` without `prefix` (`v0=`, `sha256=`, ...), or `Malformed`.
pub(super) fn strip<'v>(header: &'static str, value: &'v str, prefix: &str) -> Result<&'v str, SignatureError> {
    value.strip_prefix(prefix).ok_or_else(|| malformed(header, format!("it does not start with `{prefix}`")))
}

/// The bytes a hex digest in `header` spells, or `Malformed`.
pub(super) fn hex_digest(header: &'static str, value: &str) -> Result<Vec<u8>, SignatureError> {
    hex::decode(value).map_err(|_| malformed(header, "the digest is not hexadecimal"))
}

/// HMAC-SHA256 of the concatenated `parts` under `key`.
pub(super) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Result<Vec<u8>, SignatureError> {
    keyed::<Hmac<Sha256>>(key, parts)
}

/// HMAC-SHA1 of the concatenated `parts` under `key` (Twilio).
pub(super) fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> Result<Vec<u8>, SignatureError> {
    keyed::<Hmac<Sha1>>(key, parts)
}

fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> Result<Vec<u8>, SignatureError> {
    // HMAC takes keys of any length; the error arm is unreachable but costs nothing to keep.
    let mut mac = <M as Mac>::new_from_slice(key)
        .map_err(|_| SignatureError::BadSecret("the key length is not accepted".into()))?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Whether `expected` equals `given`, in time independent of where they differ.
pub(super) fn same(expected: &[u8], given: &[u8]) -> bool {
    expected.ct_eq(given).into()
}

/// `Ok` when `expected` equals `given` (constant time), else [`SignatureError::Mismatch`].
pub(super) fn matches(expected: &[u8], given: &[u8]) -> Result<(), SignatureError> {
    if same(expected, given) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// A signed Unix timestamp (decimal seconds, digits only), or `Malformed`.
pub(super) fn unix_timestamp(header: &'static str, value: &str) -> Result<SystemTime, SignatureError> {
    let not_a_timestamp = || malformed(header, "the timestamp is not decimal Unix seconds");
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_timestamp());
    }
    let secs: u64 = value.parse().map_err(|_| not_a_timestamp())?;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs)).ok_or_else(not_a_timestamp)
}

/// `Ok` when `signed` is within [`TOLERANCE`] of `now`, either way; else [`SignatureError::Stale`].
pub(super) fn fresh(signed: SystemTime, now: SystemTime) -> Result<(), SignatureError> {
    let age = now.duration_since(signed).unwrap_or_else(|ahead| ahead.duration());
    if age > TOLERANCE {
        Err(SignatureError::Stale { age_secs: age.as_secs() })
    } else {
        Ok(())
    }
}

/// `now` as decimal Unix seconds, what a provider puts in its timestamp header.
pub(super) fn unix_secs(now: SystemTime) -> String {
    now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs().to_string()
}
