//! Stored configurations as both services read and write them: one looked up by id (a missing
//! one is an error), its credentials decrypted, new credentials sealed for storage.

use crate::crypto::CredentialCipher;
use crate::error::ServiceError;
use crate::storage::Db;
use crate::storage::{self, configs::StoredConfig};
use serde_json::{Map, Value};

/// The stored configuration `id`.
pub async fn load(pool: &Db, id: &str) -> Result<StoredConfig, ServiceError> {
    storage::configs::get(pool, id).await?.ok_or_else(|| ServiceError::ConfigurationNotFound { id: id.to_owned() })
}

/// The decrypted credentials of a stored configuration.
pub fn decrypt(cipher: &CredentialCipher, stored: &StoredConfig) -> Result<Map<String, Value>, ServiceError> {
    let plaintext = cipher
        .decrypt(&stored.id, &stored.credentials)
        .map_err(|source| ServiceError::CredentialsUnreadable { id: stored.id.clone(), source })?;
    serde_json::from_slice(&plaintext).map_err(|e| {
        ServiceError::Internal(format!("configuration {} holds credentials that are not JSON: {e}", stored.id))
    })
}

/// Credentials encrypted for the row of configuration `id`.
pub fn seal(cipher: &CredentialCipher, id: &str, credentials: &Map<String, Value>) -> Vec<u8> {
    let plaintext = serde_json::to_vec(credentials).expect("a map with string keys always serializes");
    cipher.encrypt(id, &plaintext)
}
