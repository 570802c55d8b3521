//! Connector configurations: a user's connection to one connector type.

use crate::storage::Db;
use crate::storage::DbRow;
use serde_json::Value;
use sqlx::Row;

/// One stored configuration; `credentials` is the encrypted blob.
#[derive(Debug, Clone)]
pub struct StoredConfig {
    /// Unique id (UUID).
    pub id: String,
    /// The connector's name.
    pub connector_type: String,
    /// The user's name for it.
    pub name: String,
    /// Encrypted credentials (see `crypto`).
    pub credentials: Vec<u8>,
    /// Non-secret settings (`base_url`, ...).
    pub config: Value,
    /// When "Test connection" last ran.
    pub last_test_at: Option<String>,
    /// Whether it succeeded.
    pub last_test_success: Option<bool>,
    /// Its message.
    pub last_test_message: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
}

impl StoredConfig {
    /// What a connected instance was built from: the update time, and a digest of the sealed
    /// credentials (a fresh nonce on every write) and the settings, so that two updates within
    /// one second, on any instance, still differ.
    pub fn version(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut digest = Sha256::new();
        digest.update(&self.credentials);
        digest.update(self.config.to_string().as_bytes());
        let digest = digest.finalize();
        format!("{}#{}", self.updated_at, digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())
    }
}

fn from_row(row: &DbRow) -> StoredConfig {
    StoredConfig {
        id: row.get("id"),
        connector_type: row.get("connector_type"),
        name: row.get("name"),
        credentials: row.get("credentials"),
        config: serde_json::from_str(row.get::<&str, _>("config")).unwrap_or(Value::Object(Default::default())),
        last_test_at: row.get("last_test_at"),
        last_test_success: row.get::<Option<i64>, _>("last_test_success").map(|v| v != 0),
        last_test_message: row.get("last_test_message"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

/// Stores a new configuration.
pub async fn insert(pool: &Db, config: &StoredConfig) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO connector_configs (id, connector_type, name, credentials, config, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&config.id)
    .bind(&config.connector_type)
    .bind(&config.name)
    .bind(&config.credentials)
    .bind(config.config.to_string())
    .bind(&config.created_at)
    .bind(&config.updated_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The configuration `id`.
pub async fn get(pool: &Db, id: &str) -> sqlx::Result<Option<StoredConfig>> {
    Ok(sqlx::query("SELECT * FROM connector_configs WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row))
}

/// Every configuration, oldest first.
pub async fn list(pool: &Db) -> sqlx::Result<Vec<StoredConfig>> {
    Ok(sqlx::query("SELECT * FROM connector_configs ORDER BY created_at, id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(from_row)
        .collect())
}

/// Replaces the name, credentials and settings of a configuration.
pub async fn update(pool: &Db, config: &StoredConfig) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE connector_configs SET name = $1, credentials = $2, config = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(&config.name)
    .bind(&config.credentials)
    .bind(config.config.to_string())
    .bind(&config.updated_at)
    .bind(&config.id)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Deletes a configuration; whether it existed.
pub async fn delete(pool: &Db, id: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query("DELETE FROM connector_configs WHERE id = $1").bind(id).execute(pool).await?.rows_affected() == 1)
}

/// Records the outcome of "Test connection".
pub async fn record_test(pool: &Db, id: &str, success: bool, message: &str, at: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE connector_configs SET last_test_at = $1, last_test_success = $2, last_test_message = $3 WHERE id = $4",
    )
    .bind(at)
    .bind(i64::from(success))
    .bind(message)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}
