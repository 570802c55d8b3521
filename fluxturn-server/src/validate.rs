//! `fluxturn validate`: the registry's invariants, and the stored credentials' readability.

use crate::catalogue::Catalogue;
use crate::config::ServerConfig;
use crate::crypto::CredentialCipher;
use fluxturn_core::Registry;

/// What `validate` found.
#[derive(Debug, Default)]
pub struct Validation {
    /// Problems, one line each.
    pub problems: Vec<String>,
    /// Lines to print either way.
    pub notes: Vec<String>,
}

/// Checks the registry (unique names, schemas compile, definitions serialize) and, when the
/// database exists, that every stored credential decrypts with the current key.
pub async fn run(config: &ServerConfig, registry: &'static Registry) -> anyhow::Result<Validation> {
    let mut validation = Validation::default();
    let mut names = std::collections::HashSet::new();
    for name in registry.names() {
        if !names.insert(name) {
            validation.problems.push(format!("two connectors are named `{name}`"));
        }
    }
    if let Err(error) = Catalogue::new(registry) {
        validation.problems.push(error.to_string());
    }
    validation.notes.push(format!(
        "{} connectors, {} actions",
        registry.definitions().len(),
        registry.definitions().iter().map(|d| d.supported_actions.len()).sum::<usize>()
    ));
    let database = config.database_url();
    let file = database.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let file = file.split('?').next().unwrap_or(file);
    // A PostgreSQL database is always checked; a SQLite file only when it exists (validating
    // creates nothing).
    let is_postgres = database.starts_with("postgres://") || database.starts_with("postgresql://");
    if is_postgres || std::path::Path::new(file).exists() {
        let pool = crate::storage::open(&database).await?;
        let cipher = CredentialCipher::load(config.encryption_key.as_deref(), &config.data_dir)?;
        let stored = crate::storage::configs::list(&pool).await?.len();
        let unreadable = crate::app::count_undecryptable(&pool, &cipher).await?;
        validation.notes.push(format!("{stored} stored configurations"));
        if unreadable > 0 {
            validation.problems.push(format!(
                "{unreadable} of {stored} configurations hold credentials the current encryption key cannot decrypt (FLUXTURN_ENCRYPTION_KEY changed or the key file replaced)"
            ));
        }
    }
    Ok(validation)
}
