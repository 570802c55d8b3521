//! Seeding on start: insert new, update changed (by content hash), leave unchanged, deactivate
//! removed; idempotent.

mod common;

use fluxturn_core::ConnectorDefinition;
use fluxturn_server::storage::{self, definitions::seed_definitions, definitions::seed_definitions_as};
use sqlx::Row;

fn two_definitions() -> Vec<ConnectorDefinition> {
    let acme = connectors::registry().definition("acme").unwrap().clone();
    let mut other = acme.clone();
    other.name = "acme_two".into();
    vec![acme, other]
}

/// The suite's database (SQLite in `dir`, or a PostgreSQL database of its own).
fn database_url(dir: &common::TestDir) -> String {
    let data = dir.path().join("data");
    common::database_url_in(&data).unwrap_or_else(|| format!("sqlite://{}", data.join("db.sqlite").display()))
}

#[tokio::test]
async fn restart_seeds_nothing_new_and_a_change_updates_exactly_that_definition() {
    let dir = common::tempdir();
    let pool = storage::open(&database_url(&dir)).await.unwrap();
    let mut definitions = two_definitions();
    let first = seed_definitions(&pool, &definitions).await.unwrap();
    assert_eq!((first.inserted, first.updated, first.unchanged, first.deactivated), (2, 0, 0, 0));
    let restart = seed_definitions(&pool, &definitions).await.unwrap();
    assert_eq!((restart.inserted, restart.updated, restart.unchanged, restart.deactivated), (0, 0, 2, 0));

    definitions[1].description = "Changed".into();
    let changed = seed_definitions(&pool, &definitions).await.unwrap();
    assert_eq!((changed.inserted, changed.updated, changed.unchanged), (0, 1, 1));
    let stored: String = sqlx::query_scalar("SELECT definition FROM connector_definitions WHERE name = 'acme_two'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(stored.contains("\"Changed\""));

    definitions.pop();
    let removed = seed_definitions(&pool, &definitions).await.unwrap();
    assert_eq!((removed.unchanged, removed.deactivated), (1, 1));
    let row = sqlx::query("SELECT is_active FROM connector_definitions WHERE name = 'acme_two'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(row.get::<i64, _>("is_active"), 0, "removed definitions are kept, inactive");
    let again = seed_definitions(&pool, &definitions).await.unwrap();
    assert_eq!(again.deactivated, 0, "deactivating is idempotent");
}

#[tokio::test]
async fn two_instances_seeding_at_once_agree() {
    let dir = common::tempdir();
    let url = database_url(&dir);
    let a = storage::open(&url).await.unwrap();
    let b = storage::open(&url).await.unwrap();
    let definitions = two_definitions();
    let (ra, rb) = tokio::join!(seed_definitions(&a, &definitions), seed_definitions(&b, &definitions));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.inserted + rb.inserted, 2, "each definition inserted once: {ra:?} {rb:?}");
    assert_eq!(ra.unchanged + rb.unchanged, 2);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM connector_definitions").fetch_one(&a).await.unwrap();
    assert_eq!(count, 2);
}

#[tokio::test]
async fn an_older_binary_neither_overwrites_nor_deactivates_what_a_newer_one_registered() {
    let dir = common::tempdir();
    let pool = storage::open(&database_url(&dir)).await.unwrap();
    let newer = two_definitions();
    let first = seed_definitions_as(&pool, &newer, "0.2.0").await.unwrap();
    assert_eq!(first.inserted, 2);
    // The old binary knows only a changed `acme`, and not `acme_two`.
    let mut older = vec![newer[0].clone()];
    older[0].description = "An old description".into();
    let old = seed_definitions_as(&pool, &older, "0.1.0").await.unwrap();
    assert_eq!((old.updated, old.deactivated, old.newer), (0, 0, 2), "{old:?}");
    let rows = sqlx::query("SELECT name, is_active, definition FROM connector_definitions ORDER BY name")
        .fetch_all(&pool)
        .await
        .unwrap();
    for row in &rows {
        assert_eq!(row.get::<i64, _>("is_active"), 1, "{} stays active", row.get::<String, _>("name"));
        assert!(!row.get::<String, _>("definition").contains("An old description"));
    }
    // The newer binary, restarted, finds everything as it left it; an even newer one updates.
    let again = seed_definitions_as(&pool, &newer, "0.2.0").await.unwrap();
    assert_eq!((again.unchanged, again.updated, again.newer), (2, 0, 0), "{again:?}");
    let upgraded = seed_definitions_as(&pool, &older, "0.3.0").await.unwrap();
    assert_eq!((upgraded.updated, upgraded.deactivated), (1, 1), "{upgraded:?}");
}
