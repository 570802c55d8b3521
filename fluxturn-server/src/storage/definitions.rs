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
    /// Definitions a newer binary wrote, left as they are.
    pub newer: usize,
}

/// Inserts new definitions, updates changed ones (by content hash), leaves unchanged ones
/// untouched and marks the ones no longer in the code inactive, in one transaction that holds
/// the write lock (SQLite's `IMMEDIATE`, an advisory lock on PostgreSQL) so that two instances
/// starting at once seed one after the other. A definition a newer binary wrote is left as it
/// is (see [`seed_definitions_as`]).
pub async fn seed_definitions(pool: &Db, definitions: &[ConnectorDefinition]) -> anyhow::Result<SeedReport> {
    seed_definitions_as(pool, definitions, env!("CARGO_PKG_VERSION")).await
}

/// [`seed_definitions`] by a binary of version `version`: a definition last written by a newer
/// version is neither overwritten nor deactivated (instances of two versions run side by side
/// during a rolling upgrade).
pub async fn seed_definitions_as(
    pool: &Db,
    definitions: &[ConnectorDefinition],
    version: &str,
) -> anyhow::Result<SeedReport> {
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
        let existing =
            sqlx::query("SELECT content_hash, is_active, written_by FROM connector_definitions WHERE name = $1")
                .bind(&definition.name)
                .fetch_optional(&mut *tx)
                .await?;
        match existing {
            None => {
                sqlx::query(
                    "INSERT INTO connector_definitions (name, definition, content_hash, is_active, created_at, updated_at, written_by) VALUES ($1, $2, $3, 1, $4, $5, $6)",
                )
                .bind(&definition.name)
                .bind(&json)
                .bind(&hash)
                .bind(&now)
                .bind(&now)
                .bind(version)
                .execute(&mut *tx)
                .await?;
                report.inserted += 1;
            }
            Some(row) if row.get::<String, _>("content_hash") == hash && row.get::<i64, _>("is_active") == 1 => {
                report.unchanged += 1;
            }
            Some(row) if is_newer(row.get::<Option<String>, _>("written_by").as_deref(), version) => {
                report.newer += 1;
            }
            Some(_) => {
                sqlx::query("UPDATE connector_definitions SET definition = $1, content_hash = $2, is_active = 1, updated_at = $3, written_by = $4 WHERE name = $5")
                    .bind(&json)
                    .bind(&hash)
                    .bind(&now)
                    .bind(version)
                    .bind(&definition.name)
                    .execute(&mut *tx)
                    .await?;
                report.updated += 1;
            }
        }
    }
    let active = sqlx::query("SELECT name, written_by FROM connector_definitions WHERE is_active = 1")
        .fetch_all(&mut *tx)
        .await?;
    let gone = active.iter().filter(|row| !names.contains(row.get::<&str, _>("name")));
    for row in gone {
        let name: &str = row.get("name");
        if is_newer(row.get::<Option<String>, _>("written_by").as_deref(), version) {
            // A newer binary registered it: it is not gone, this binary is old.
            report.newer += 1;
            continue;
        }
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

/// Whether `written_by` (a definition's writer) is a newer version than `version`.
fn is_newer(written_by: Option<&str>, version: &str) -> bool {
    let parse = |v: &str| -> Vec<u64> { v.split(['.', '-', '+']).map_while(|part| part.parse().ok()).collect() };
    written_by.is_some_and(|written_by| parse(written_by) > parse(version))
}

/// SHA-256 of a definition's JSON, hex.
pub fn content_hash(json: &str) -> String {
    Sha256::digest(json.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::is_newer;

    #[test]
    fn versions_compare_by_number_not_by_text() {
        assert!(is_newer(Some("0.10.0"), "0.9.1"));
        assert!(is_newer(Some("1.0.0"), "0.99.0"));
        assert!(!is_newer(Some("0.1.0"), "0.1.0"));
        assert!(!is_newer(Some("0.1.0"), "0.2.0"));
        assert!(!is_newer(None, "0.1.0"), "rows written before versions were recorded are not newer");
    }
}
