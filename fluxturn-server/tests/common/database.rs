//! Which database the server tests run on. SQLite (a file in the test's temporary directory)
//! unless `FLUXTURN_TEST_DATABASE=postgres`: then every temporary directory gets a fresh database
//! on the PostgreSQL server at `FLUXTURN_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432`), dropped with the directory. `.ci/run` runs the server
//! suite both ways.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The PostgreSQL server the tests use.
fn postgres_url() -> String {
    std::env::var("FLUXTURN_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
        .trim_end_matches('/')
        .to_owned()
}

/// The server's PostgreSQL when the suite runs on it.
pub fn postgres_server() -> Option<String> {
    match std::env::var("FLUXTURN_TEST_DATABASE").as_deref() {
        Ok("postgres") | Ok("postgresql") => Some(postgres_url()),
        _ => None,
    }
}

/// The machine's PostgreSQL for the tests that need one whichever engine the suite runs on
/// (several instances): `Some(server URL)`, or `None` after printing why they skip. With
/// `FLUXTURN_REQUIRE_SERVICES` set (CI), a missing server fails instead.
pub async fn required_postgres() -> Option<String> {
    use sqlx::Connection;
    let server = postgres_url();
    match sqlx::PgConnection::connect(&format!("{server}/postgres")).await {
        Ok(connection) => {
            let _ = connection.close().await;
            Some(server)
        }
        Err(error) => {
            let reason = format!("no PostgreSQL server at {server} ({error})");
            assert!(
                std::env::var_os("FLUXTURN_REQUIRE_SERVICES").is_none(),
                "{reason}; FLUXTURN_REQUIRE_SERVICES is set"
            );
            println!("skipped: {reason}");
            None
        }
    }
}

/// Databases made for the directories alive now: directory → (server, database name).
static DATABASES: Mutex<Option<HashMap<PathBuf, (String, String)>>> = Mutex::new(None);

/// `DATABASE_URL` for a server whose data directory is `data_dir`: `None` (SQLite in it) or a
/// PostgreSQL database of its own, the same one every time for the same directory (so a test
/// restarting a server finds its data).
pub fn database_url_in(data_dir: &Path) -> Option<String> {
    Some(postgres_database_in(&postgres_server()?, data_dir))
}

/// A database of its own on PostgreSQL `server` for `data_dir` (the same for the same
/// directory), dropped with the [`TestDir`] holding it.
pub fn postgres_database_in(server: &str, data_dir: &Path) -> String {
    let digest = Sha256::digest(data_dir.to_string_lossy().as_bytes());
    let name = format!("ft_test_{}", digest.iter().take(10).map(|b| format!("{b:02x}")).collect::<String>());
    let entry = (server.to_owned(), name.clone());
    DATABASES.lock().unwrap().get_or_insert_with(HashMap::new).insert(data_dir.to_owned(), entry);
    format!("{server}/{name}")
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
        let databases: Vec<(String, String)> = {
            let mut guard = DATABASES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let map = guard.get_or_insert_with(HashMap::new);
            let inside: Vec<PathBuf> = map.keys().filter(|dir| dir.starts_with(self.0.path())).cloned().collect();
            inside.iter().filter_map(|dir| map.remove(dir)).collect()
        };
        if databases.is_empty() {
            return;
        }
        // Drop runs inside the test's runtime: drop the databases from a thread of our own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                use sqlx::Connection;
                for (server, name) in databases {
                    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await?;
                    let statement = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    sqlx::Executor::execute(&mut admin, statement.as_str()).await?;
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
