//! A throwaway database on the machine's real servers, for the database connectors' tests:
//! PostgreSQL at 127.0.0.1:5432 (user `postgres`, trust authentication) and MariaDB at
//! 127.0.0.1:3306 (user `root`, no password). Each test creates its own database under a random
//! name, and dropping the [`TestDatabase`] drops it, whether the test passed or panicked.
//!
//! When a server cannot be reached the test prints `skipped: <reason>` and passes, unless
//! `FLUXTURN_REQUIRE_SERVICES` is set (as CI sets it): then it fails.

use fluxturn_core::{ConnectContext, ConnectorSpec};
use serde_json::{json, Map, Value};
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor, MySqlPool, PgPool, Row};
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Duration;

/// Which server a test database lives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// PostgreSQL at 127.0.0.1:5432, user `postgres`.
    Postgres,
    /// MariaDB (MySQL) at 127.0.0.1:3306, user `root`.
    MariaDb,
}

impl Server {
    /// The host both servers listen on.
    pub const HOST: &'static str = "127.0.0.1";

    /// The server's port.
    pub fn port(self) -> u16 {
        match self {
            Self::Postgres => 5432,
            Self::MariaDb => 3306,
        }
    }

    /// The user the tests sign in as.
    pub fn user(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::MariaDb => "root",
        }
    }

    fn postgres(database: &str) -> PgConnectOptions {
        PgConnectOptions::new_without_pgpass()
            .host(Self::HOST)
            .port(Self::Postgres.port())
            .username(Self::Postgres.user())
            .password("")
            .database(database)
    }

    fn mariadb(database: Option<&str>) -> MySqlConnectOptions {
        let options = MySqlConnectOptions::new()
            .host(Self::HOST)
            .port(Self::MariaDb.port())
            .username(Self::MariaDb.user())
            .pipes_as_concat(false);
        match database {
            Some(database) => options.database(database),
            None => options,
        }
    }
}

/// A connection to the test database itself, to set tables up and check what the connector did.
enum Pool {
    Postgres(PgPool),
    MariaDb(MySqlPool),
}

/// A database created for one test and dropped with it.
pub struct TestDatabase {
    server: Server,
    name: String,
    pool: Pool,
}

impl TestDatabase {
    /// Creates a database with a random name on `server`; `None` (after printing why) when the
    /// server cannot be reached and `FLUXTURN_REQUIRE_SERVICES` is not set.
    pub async fn create(server: Server) -> Option<Self> {
        let name = format!("fluxturn_test_{:016x}", RandomState::new().hash_one(std::process::id()));
        match Self::try_create(server, &name).await {
            Ok(pool) => Some(Self { server, name, pool }),
            Err(error) => {
                let reason = format!("{server:?} at {}:{} is not usable: {error}", Server::HOST, server.port());
                if std::env::var_os("FLUXTURN_REQUIRE_SERVICES").is_some() {
                    panic!("{reason} (FLUXTURN_REQUIRE_SERVICES is set)");
                }
                println!("skipped: {reason}");
                None
            }
        }
    }

    async fn try_create(server: Server, name: &str) -> Result<Pool, sqlx::Error> {
        let timeout = Duration::from_secs(3);
        Ok(match server {
            Server::Postgres => {
                let admin = PgPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(timeout)
                    .connect_with(Server::postgres("postgres"))
                    .await?;
                admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
                admin.close().await;
                let pool = PgPoolOptions::new().max_connections(2).acquire_timeout(timeout);
                Pool::Postgres(pool.connect_with(Server::postgres(name)).await?)
            }
            Server::MariaDb => {
                let admin = MySqlPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(timeout)
                    .connect_with(Server::mariadb(None))
                    .await?;
                admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
                admin.close().await;
                let pool = MySqlPoolOptions::new().max_connections(2).acquire_timeout(timeout);
                Pool::MariaDb(pool.connect_with(Server::mariadb(Some(name))).await?)
            }
        })
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The connector credentials for this database, with `extra` values merged in.
    pub fn credentials(&self, extra: Value) -> Map<String, Value> {
        let mut credentials = json!({
            "host": Server::HOST,
            "port": self.server.port(),
            "database": self.name,
            "user": self.server.user(),
            "password": "",
        });
        if let (Some(credentials), Value::Object(extra)) = (credentials.as_object_mut(), extra) {
            credentials.extend(extra);
        }
        credentials.as_object().cloned().unwrap_or_default()
    }

    /// A connector instance on this database (`extra` overrides credential values).
    pub fn connect<C: ConnectorSpec>(&self, extra: Value) -> C {
        ConnectContext::new(self.credentials(extra))
            .connect::<C>()
            .unwrap_or_else(|error| panic!("could not connect `{}`: {error}", C::NAME))
    }

    /// Runs SQL (several statements allowed) to set the test up.
    pub async fn run(&self, sql: &str) {
        let result = match &self.pool {
            Pool::Postgres(pool) => pool.execute(sqlx::raw_sql(sql)).await.map(drop),
            Pool::MariaDb(pool) => pool.execute(sqlx::raw_sql(sql)).await.map(drop),
        };
        result.unwrap_or_else(|error| panic!("{sql}: {error}"));
    }

    /// The first column of each row of a query, as text (null as `None`): what the test checks
    /// the connector's effect with. Cast the column to text in the query.
    pub async fn texts(&self, sql: &str) -> Vec<Option<String>> {
        let result = match &self.pool {
            Pool::Postgres(pool) => sqlx::query(sql)
                .fetch_all(pool)
                .await
                .map(|rows| rows.iter().map(|row| row.get::<Option<String>, _>(0)).collect()),
            Pool::MariaDb(pool) => sqlx::query(sql)
                .fetch_all(pool)
                .await
                .map(|rows| rows.iter().map(|row| row.get::<Option<String>, _>(0)).collect()),
        };
        result.unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    /// [`texts`](Self::texts) without the nulls.
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        self.texts(sql).await.into_iter().map(|text| text.unwrap_or_else(|| "NULL".into())).collect()
    }
}

impl Drop for TestDatabase {
    /// Drops the database on a runtime of its own: the test's may be gone (a panic) or busy.
    fn drop(&mut self) {
        let (server, name) = (self.server, self.name.clone());
        let dropped = std::thread::spawn(move || -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async move {
                match server {
                    Server::Postgres => {
                        let admin =
                            PgPoolOptions::new().max_connections(1).connect_with(Server::postgres("postgres")).await?;
                        admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await?;
                        admin.close().await;
                    }
                    Server::MariaDb => {
                        let admin =
                            MySqlPoolOptions::new().max_connections(1).connect_with(Server::mariadb(None)).await?;
                        admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await?;
                        admin.close().await;
                    }
                }
                Ok(())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("could not drop test database {}: {error}", self.name);
        }
    }
}
