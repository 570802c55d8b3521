//! Seeding: the definitions in the code, written into the database on every start.

use crate::storage::Db;
use fluxturn_core::ConnectorDefinition;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::HashSet;

/// What a seeding run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// New definitions.
    pub inserted: usize,
    /// Definitions whose content changed.
    pub updated: usize,
    /// Definitions already up to date.
    pub unchanged: usize,
    /// Definitions no longer in the code, marked inactive (never deleted).
    pub deactivated: usize,
}

/// Inserts new definitions, updates changed ones (by content hash), leaves unchanged ones
/// untouched and marks the ones no longer in the code inactive, in one transaction that holds
/// the write lock (SQLite's `IMMEDIATE`, an advisory lock on PostgreSQL) so that two instances
/// starting at once seed one after the other.
pub async fn seed_definitions(pool: &Db, definitions: &[ConnectorDefinition]) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    let now = super::now();
    let mut tx = match super::dialect(pool) {
        super::Dialect::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        super::Dialect::Postgres => {
            let mut tx = pool.begin().await?;
            // Held until the transaction ends: instances starting together seed one at a time.
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                .bind(SEED_LOCK)
                .execute(&mut *tx)
                .await?;
            tx
        }
    };
    let mut names = HashSet::new();
    for definition in definitions {
        let json = serde_json::to_string(definition)?;
        let hash = content_hash(&json);
        names.insert(definition.name.as_str());
        let existing = sqlx::query("SELECT content_hash, is_active FROM connector_definitions WHERE name = $1")
            .bind(&definition.name)
            .fetch_optional(&mut *tx)
            .await?;
        match existing {
            None => {
                sqlx::query(
                    "INSERT INTO connector_definitions (name, definition, content_hash, is_active, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $5)",
                )
                .bind(&definition.name)
                .bind(&json)
                .bind(&hash)
                .bind(&now)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                report.inserted += 1;
            }
            Some(row) if row.get::<String, _>("content_hash") == hash && row.get::<i64, _>("is_active") == 1 => {
                report.unchanged += 1;
            }
            Some(_) => {
                sqlx::query("UPDATE connector_definitions SET definition = $1, content_hash = $2, is_active = 1, updated_at = $3 WHERE name = $4")
                    .bind(&json)
                    .bind(&hash)
                    .bind(&now)
                    .bind(&definition.name)
                    .execute(&mut *tx)
                    .await?;
                report.updated += 1;
            }
        }
    }
    let active: Vec<String> =
        sqlx::query_scalar("SELECT name FROM connector_definitions WHERE is_active = 1").fetch_all(&mut *tx).await?;
    for name in active.iter().filter(|n| !names.contains(n.as_str())) {
        sqlx::query("UPDATE connector_definitions SET is_active = 0, updated_at = $1 WHERE name = $2")
            .bind(&now)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        report.deactivated += 1;
    }
    tx.commit().await?;
    Ok(report)
}

/// The advisory lock seeding holds on PostgreSQL (any constant unique to FluxTurn).
const SEED_LOCK: i64 = 0x466c_7578_5365_6564; // "FluxSeed"

/// SHA-256 of a definition's JSON, hex.
pub fn content_hash(json: &str) -> String {
    Sha256::digest(json.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
