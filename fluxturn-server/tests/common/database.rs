//! Which database the server tests run on. SQLite (a file in the test's temporary directory)
//! unless `FLUXTURN_TEST_DATABASE=postgres`: then every temporary directory gets a fresh database
//! on the PostgreSQL server at `FLUXTURN_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432`), dropped with the directory. `.ci/run` runs the server
//! suite both ways.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The server's PostgreSQL when the suite runs on it.
pub fn postgres_server() -> Option<String> {
    match std::env::var("FLUXTURN_TEST_DATABASE").as_deref() {
        Ok("postgres") | Ok("postgresql") => Some(
            std::env::var("FLUXTURN_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
                .trim_end_matches('/')
                .to_owned(),
        ),
        _ => None,
    }
}

/// Databases made for the directories alive now: directory → database name.
static DATABASES: Mutex<Option<HashMap<PathBuf, String>>> = Mutex::new(None);

/// `DATABASE_URL` for a server whose data directory is `data_dir`: `None` (SQLite in it) or a
/// PostgreSQL database of its own, the same one every time for the same directory (so a test
/// restarting a server finds its data).
pub fn database_url_in(data_dir: &Path) -> Option<String> {
    let server = postgres_server()?;
    let digest = Sha256::digest(data_dir.to_string_lossy().as_bytes());
    let name = format!("ft_test_{}", digest.iter().take(10).map(|b| format!("{b:02x}")).collect::<String>());
    DATABASES.lock().unwrap().get_or_insert_with(HashMap::new).insert(data_dir.to_owned(), name.clone());
    Some(format!("{server}/{name}"))
}

/// A temporary directory that drops, with itself, the PostgreSQL databases made for data
/// directories inside it.
pub struct TestDir(tempfile::TempDir);

/// A new [`TestDir`].
pub fn tempdir() -> TestDir {
    TestDir(tempfile::tempdir().unwrap())
}

impl TestDir {
    /// Its path.
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let Some(server) = postgres_server() else { return };
        let names: Vec<String> = {
            let mut guard = DATABASES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let map = guard.get_or_insert_with(HashMap::new);
            let inside: Vec<PathBuf> = map.keys().filter(|dir| dir.starts_with(self.0.path())).cloned().collect();
            inside.iter().filter_map(|dir| map.remove(dir)).collect()
        };
        if names.is_empty() {
            return;
        }
        // Drop runs inside the test's runtime: drop the databases from a thread of our own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                use sqlx::Connection;
                let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await?;
                for name in names {
                    sqlx::Executor::execute(
                        &mut admin,
                        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str(),
                    )
                    .await?;
                }
                Ok::<_, sqlx::Error>(())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("could not drop a test database: {error}");
        }
    }
}
