//! Credentials at rest: AES-256-GCM with a random nonce per value, the configuration id as
//! associated data (a ciphertext moved to another row does not decrypt), and a version byte.

use crate::secret_file;
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use anyhow::{bail, Context};
use base64::Engine;
use std::path::Path;

const VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
const KEY_FILE: &str = "encryption.key";

/// Why stored credentials could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DecryptError {
    /// The value was written in a format this version does not know.
    #[error("the stored credentials have an unknown format (version byte {0})")]
    UnknownFormat(u8),
    /// Authentication failed: another key, or a tampered value.
    #[error("the stored credentials cannot be decrypted with the current key (FLUXTURN_ENCRYPTION_KEY was changed or rotated, or the key file replaced); re-enter the credentials or restore the key")]
    WrongKey,
}

/// Encrypts and decrypts credential blobs.
#[derive(Clone)]
pub struct CredentialCipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for CredentialCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CredentialCipher([redacted])")
    }
}

impl CredentialCipher {
    /// A cipher from raw key bytes.
    pub fn new(key: &[u8; 32]) -> Self {
        Self { cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)) }
    }

    /// The key from `FLUXTURN_ENCRYPTION_KEY` (base64 or hex), else from the key file in the data
    /// directory, created with mode 0600 on first start.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(text) = configured {
            return Ok(Self::new(&parse_key(text)?));
        }
        let path = data_dir.join(KEY_FILE);
        let text = secret_file::read_or_create(&path, || {
            base64::engine::general_purpose::STANDARD.encode(Aes256Gcm::generate_key(OsRng))
        })?;
        Ok(Self::new(&parse_key(&text).with_context(|| format!("the key file {} is damaged", path.display()))?))
    }

    /// Encrypts `plaintext` for the row `row_id`.
    pub fn encrypt(&self, row_id: &str, plaintext: &[u8]) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = self
            .cipher
            .encrypt(&nonce, Payload { msg: plaintext, aad: row_id.as_bytes() })
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    /// Decrypts what [`encrypt`](Self::encrypt) wrote for `row_id`.
    pub fn decrypt(&self, row_id: &str, stored: &[u8]) -> Result<Vec<u8>, DecryptError> {
        match stored.first() {
            Some(&VERSION) if stored.len() > 1 + NONCE_LEN => {}
            Some(&version) => return Err(DecryptError::UnknownFormat(version)),
            None => return Err(DecryptError::UnknownFormat(0)),
        }
        let nonce = Nonce::from_slice(&stored[1..1 + NONCE_LEN]);
        self.cipher
            .decrypt(nonce, Payload { msg: &stored[1 + NONCE_LEN..], aad: row_id.as_bytes() })
            .map_err(|_| DecryptError::WrongKey)
    }
}

/// 32 bytes from base64 or 64 hex digits.
fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let text = text.trim();
    let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        (0..32).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16)).collect::<Result<Vec<u8>, _>>()?
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .context("the encryption key is neither base64 nor 64 hex digits")?
    };
    let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) else {
        bail!("the encryption key must be 32 bytes (256 bits), got {}", bytes.len());
    };
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding() {
        let cipher = CredentialCipher::new(&[7; 32]);
        let sealed = cipher.encrypt("row-1", b"{\"apiKey\":\"k\"}");
        assert_eq!(cipher.decrypt("row-1", &sealed).unwrap(), b"{\"apiKey\":\"k\"}");
        assert!(matches!(cipher.decrypt("row-2", &sealed), Err(DecryptError::WrongKey)));
        assert!(matches!(CredentialCipher::new(&[8; 32]).decrypt("row-1", &sealed), Err(DecryptError::WrongKey)));
    }

    #[test]
    fn key_formats() {
        assert_eq!(parse_key(&"ab".repeat(32)).unwrap(), [0xab; 32]);
        assert_eq!(parse_key(&base64::engine::general_purpose::STANDARD.encode([1u8; 32])).unwrap(), [1; 32]);
        assert!(parse_key("short").is_err());
    }
}
