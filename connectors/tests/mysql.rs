//! The mysql connector against the machine's MariaDB (see `common/databases.rs`): every action's
//! effect on the database and its output, the new_row trigger, and the errors.

mod common;

use common::databases::{Server, TestDatabase};
use connectors::database::mysql::MySql;
use fluxturn_core::{ConnectContext, Connector, ErrorCode};
use serde_json::json;
use std::time::{Duration, Instant};

/// A test database holding `items` (id, name, price, created_at), with two rows.
async fn with_items() -> Option<(TestDatabase, MySql)> {
    let db = TestDatabase::create(Server::MariaDb).await?;
    db.run(
        "CREATE TABLE items (
            id INT AUTO_INCREMENT PRIMARY KEY,
            name VARCHAR(50) NOT NULL UNIQUE,
            price DECIMAL(10, 2),
            created_at DATETIME NOT NULL DEFAULT '2024-01-01 00:00:00'
        );
        INSERT INTO items (name, price) VALUES ('apple', 1.50), ('pear', 2.25);",
    )
    .await;
    let connector = db.connect::<MySql>(json!({}));
    Some((db, connector))
}

#[tokio::test]
async fn execute_query_binds_each_value_as_its_own_kind() {
    let Some((db, my)) = with_items().await else { return };
    let output = my
        .execute(
            "execute_query",
            json!({"query": "SELECT id, name, price FROM items WHERE price > ? AND created_at >= ? ORDER BY id", "params": [1, "2023-12-31T00:00:00"]}),
        )
        .await
        .unwrap();
    assert_eq!(
        output,
        json!({"rowCount": 2, "rows": [{"id": 1, "name": "apple", "price": "1.50"}, {"id": 2, "name": "pear", "price": "2.25"}]})
    );
    let output = my
        .execute(
            "execute_query",
            json!({"query": "INSERT INTO items (name, price) VALUES (?, ?)", "params": "[\"kiwi\", 3.5]"}),
        )
        .await
        .unwrap();
    assert_eq!(output, json!({"rowCount": 1, "rows": [], "lastInsertId": 3}));
    assert_eq!(db.strings("SELECT CAST(price AS CHAR) FROM items WHERE name = 'kiwi'").await, ["3.50"]);
}

#[tokio::test]
async fn rows_come_back_as_json_for_every_common_type() {
    let Some(db) = TestDatabase::create(Server::MariaDb).await else { return };
    db.run(
        "CREATE TABLE kinds (
            i INT, u BIGINT UNSIGNED, b BOOLEAN, f FLOAT, d DOUBLE, n DECIMAL(12, 4), s VARCHAR(20), t TEXT,
            e ENUM('small', 'large'), day DATE, at DATETIME(6), midnight DATETIME, ts TIMESTAMP NULL, tm TIME,
            y YEAR, bits BIT(8), raw VARBINARY(8), j JSON, nothing INT
        );
        INSERT INTO kinds VALUES (-7, 18446744073709551615, TRUE, 0.1, 2.5, 123.4500, 'tekst', 'long', 'large',
            '2024-02-29', '2024-02-29 13:14:15.123456', '2024-03-01 00:00:00', '2024-02-29 13:14:15', '-01:02:03',
            2024, b'00000101', 0x01FF, '{\"a\": [1, null]}', NULL);",
    )
    .await;
    let my = db.connect::<MySql>(json!({}));
    let rows = my.execute("select_rows", json!({"table": "kinds"})).await.unwrap();
    assert_eq!(
        rows,
        json!([{
            "i": -7, "u": 18446744073709551615u64, "b": 1, "f": 0.1, "d": 2.5, "n": "123.4500", "s": "tekst",
            "t": "long", "e": "large", "day": "2024-02-29", "at": "2024-02-29T13:14:15.123456",
            "midnight": "2024-03-01T00:00:00", "ts": "2024-02-29T13:14:15", "tm": "-01:02:03", "y": 2024,
            "bits": 5, "raw": "Af8=", "j": "{\"a\": [1, null]}", "nothing": null,
        }])
    );
    let error = my.execute("execute_query", json!({"query": "SELECT POINT(1, 2) AS p"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotSupported);
    assert!(error.message.contains("ST_AsText(p)"), "{}", error.message);
}

#[tokio::test]
async fn select_rows_filters_combines_sorts_and_pages() {
    let Some((db, my)) = with_items().await else { return };
    db.run("INSERT INTO items (name, price) VALUES ('plum', 0.75), ('fig', NULL)").await;
    let sort = json!({"values": [{"column": "price", "direction": "DESC"}, {"column": "name"}]});
    let rows = my
        .execute(
            "select_rows",
            json!({"table": "items", "columns": "name, price", "sort": sort, "limit": 2, "offset": 1}),
        )
        .await
        .unwrap();
    assert_eq!(rows, json!([{"name": "apple", "price": "1.50"}, {"name": "plum", "price": "0.75"}]));

    let conditions = json!({"values": [
        {"column": "price", "condition": "IS NULL"},
        {"column": "name", "condition": "LIKE", "value": "pe%"},
    ]});
    let rows = my
        .execute("select_rows", json!({"table": "items", "columns": "name", "where": conditions, "combineConditions": "OR", "sort": "name"}))
        .await
        .unwrap();
    assert_eq!(rows, json!([{"name": "fig"}, {"name": "pear"}]));

    let rows =
        my.execute("select_rows", json!({"table": "items", "columns": "id", "where": {"name": []}})).await.unwrap();
    assert_eq!(rows, json!([]));
    let rows = my.execute("select_rows", json!({"table": "items", "columns": "id", "offset": 3})).await.unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn insert_rows_writes_rows_in_both_data_modes() {
    let Some((db, my)) = with_items().await else { return };
    let output = my
        .execute(
            "insert_rows",
            json!({"table": "items", "columnMappings": [{"name": "kiwi", "price": 3.1}, {"name": "lime"}]}),
        )
        .await
        .unwrap();
    assert_eq!(output, json!({"rowCount": 2, "rows": [], "lastInsertId": 3}));
    let pairs = json!([{"column": "name", "value": "mango"}, {"column": "price", "value": "4"}]);
    let output = my
        .execute(
            "insert_rows",
            json!({"table": "items", "dataMode": "defineBelow", "columnMappings": pairs, "priority": "LOW_PRIORITY"}),
        )
        .await
        .unwrap();
    assert_eq!(output["rowCount"], 1);
    assert_eq!(
        db.strings("SELECT CONCAT(name, '=', COALESCE(price, 'NULL')) FROM items WHERE id > 2 ORDER BY id").await,
        ["kiwi=3.10", "lime=NULL", "mango=4.00"]
    );

    let error =
        my.execute("insert_rows", json!({"table": "items", "columnMappings": {"name": "apple"}})).await.unwrap_err();
    assert_eq!((error.code, error.status), (ErrorCode::InvalidInput, 409), "{error}");
    assert!(error.message.contains("Duplicate entry 'apple'"), "{}", error.message);
    let output = my
        .execute("insert_rows", json!({"table": "items", "columnMappings": {"name": "apple"}, "skipOnConflict": true}))
        .await
        .unwrap();
    assert_eq!(output["rowCount"], 0);
    assert_eq!(db.strings("SELECT CAST(COUNT(*) AS CHAR) FROM items").await, ["5"]);
}

#[tokio::test]
async fn upsert_rows_inserts_or_updates_by_the_match_column() {
    let Some((db, my)) = with_items().await else { return };
    let output = my
        .execute(
            "upsert_rows",
            json!({"table": "items", "columnToMatchOn": "name", "columnMappings": [{"name": "apple", "price": 9}, {"name": "cherry", "price": 4}]}),
        )
        .await
        .unwrap();
    // MySQL counts an update as two rows, an insert as one.
    assert_eq!(output["rowCount"], 3);
    assert_eq!(
        db.strings("SELECT CONCAT(name, '=', price) FROM items ORDER BY name").await,
        ["apple=9.00", "cherry=4.00", "pear=2.25"]
    );

    let output = my
        .execute(
            "upsert_rows",
            json!({"table": "items", "dataMode": "defineBelow", "columnToMatchOn": "name", "valueToMatchOn": "pear",
                   "columnMappings": {"values": [{"column": "price", "value": 1}]}}),
        )
        .await
        .unwrap();
    assert_eq!(output["rowCount"], 2);
    assert_eq!(db.strings("SELECT CAST(price AS CHAR) FROM items WHERE name = 'pear'").await, ["1.00"]);

    let error = my
        .execute(
            "upsert_rows",
            json!({"table": "items", "columnToMatchOn": "price", "columnMappings": {"price": 1, "name": "x"}}),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("no unique index"), "{}", error.message);
    let error = my
        .execute("upsert_rows", json!({"table": "nothing_here", "columnToMatchOn": "id", "columnMappings": {"id": 1}}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert_eq!(db.strings("SELECT CAST(COUNT(*) AS CHAR) FROM items").await, ["3"]);
}

#[tokio::test]
async fn update_rows_changes_the_rows_holding_the_match_value() {
    let Some((db, my)) = with_items().await else { return };
    let output = my
        .execute(
            "update_rows",
            json!({"table": "items", "columnToMatchOn": "id", "valueToMatchOn": 2, "columnMappings": {"id": 2, "price": "7.77"}}),
        )
        .await
        .unwrap();
    assert_eq!(output, json!({"rowCount": 1, "rows": []}));
    assert_eq!(db.strings("SELECT CONCAT(name, '=', price) FROM items ORDER BY id").await, ["apple=1.50", "pear=7.77"]);

    let error = my
        .execute(
            "update_rows",
            json!({"table": "items", "columnToMatchOn": "id", "valueToMatchOn": "2", "columnMappings": {"id": 2}}),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn delete_rows_deletes_truncates_and_drops() {
    let Some((db, my)) = with_items().await else { return };
    let output = my
        .execute("delete_rows", json!({"deleteCommand": "delete", "table": "items", "where": [{"column": "price", "condition": ">", "value": 2}]}))
        .await
        .unwrap();
    assert_eq!(output["rowCount"], 1);
    assert_eq!(db.strings("SELECT name FROM items").await, ["apple"]);

    let error = my.execute("delete_rows", json!({"deleteCommand": "delete", "table": "items"})).await.unwrap_err();
    assert!(error.code == ErrorCode::InvalidInput && error.message.contains("truncate"), "{error}");

    my.execute("delete_rows", json!({"deleteCommand": "truncate", "table": "items"})).await.unwrap();
    assert!(db.strings("SELECT name FROM items").await.is_empty());
    my.execute("delete_rows", json!({"deleteCommand": "drop", "table": "items"})).await.unwrap();
    let tables =
        format!("SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{}'", db.name());
    assert_eq!(db.strings(&tables).await, ["0"]);
}

#[tokio::test]
async fn new_row_reports_each_new_row_once_rows_inserted_together_included() {
    let Some((db, my)) = with_items().await else { return };
    let config =
        json!({"table": "items", "triggerOn": "insert", "timestampColumn": "created_at", "columns": "id, name"});
    let first = my.poll("new_row", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty(), "the first poll only records where the table stands");

    // Same second as the rows already there, and as each other.
    db.run("INSERT INTO items (name) VALUES ('kiwi'), ('lime')").await;
    let second = my.poll("new_row", config.clone(), first.cursor).await.unwrap();
    assert_eq!(second.events, [json!({"id": 3, "name": "kiwi"}), json!({"id": 4, "name": "lime"})]);

    db.run("UPDATE items SET price = 1 WHERE name = 'lime'").await;
    let third = my.poll("new_row", config.clone(), second.cursor).await.unwrap();
    assert!(third.events.is_empty(), "{:?}", third.events);

    db.run("INSERT INTO items (name, created_at) VALUES ('plum', '2024-06-01 08:00:00')").await;
    let fourth = my.poll("new_row", config.clone(), third.cursor).await.unwrap();
    assert_eq!(fourth.events, [json!({"id": 5, "name": "plum"})]);
    let fifth = my.poll("new_row", config, fourth.cursor).await.unwrap();
    assert!(fifth.events.is_empty());
}

#[tokio::test]
async fn new_row_by_an_auto_increment_id_from_an_empty_table() {
    let Some(db) = TestDatabase::create(Server::MariaDb).await else { return };
    db.run("CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, note TEXT)").await;
    let my = db.connect::<MySql>(json!({}));
    let config = json!({"table": "events", "triggerOn": "insert", "timestampColumn": "id"});
    let first = my.poll("new_row", config.clone(), None).await.unwrap();
    db.run("INSERT INTO events (note) VALUES ('a'), ('b')").await;
    let second = my.poll("new_row", config.clone(), first.cursor).await.unwrap();
    assert_eq!(second.events, [json!({"id": 1, "note": "a"}), json!({"id": 2, "note": "b"})]);
    let third = my.poll("new_row", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn a_bad_identifier_is_refused_before_anything_runs() {
    let Some((db, my)) = with_items().await else { return };
    let error = my.execute("select_rows", json!({"table": "items`; DROP TABLE items; --"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`items`; DROP TABLE items; --`"), "{}", error.message);
    let error = my
        .execute("update_rows", json!({"table": "items", "columnToMatchOn": "id OR 1=1", "valueToMatchOn": "1", "columnMappings": {"price": 0}}))
        .await
        .unwrap_err();
    assert!(error.message.contains("`id OR 1=1`"), "{}", error.message);
    let error = my.execute("select_rows", json!({"table": "items", "sort": "name DESC; DELETE"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(db.strings("SELECT CONCAT(COUNT(*), ':', SUM(price)) FROM items").await, ["2:3.75"]);
}

#[tokio::test]
async fn upstream_errors_keep_the_servers_message() {
    let Some((_db, my)) = with_items().await else { return };
    let error = my.execute("select_rows", json!({"table": "no_such_table"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("no_such_table' doesn't exist"), "{}", error.message);
    assert_eq!(error.details["errno"], 1146);
    let error = my.execute("execute_query", json!({"query": "SELEC 1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    let error = my.execute("select_rows", json!({"table": "items", "columns": "nope"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_statement_past_the_query_timeout_is_stopped() {
    let Some(db) = TestDatabase::create(Server::MariaDb).await else { return };
    let my = db.connect::<MySql>(json!({"queryTimeout": 0.5}));
    let started = Instant::now();
    let error = my.execute("execute_query", json!({"query": "SELECT SLEEP(5)"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Timeout, "{error}");
    // MariaDB's own max_statement_time stopped it, not the client's wait.
    assert_eq!(error.details["errno"], 1969, "{error}");
    assert!(
        error.message.contains("max_statement_time exceeded") && error.message.contains("0.5 s"),
        "{}",
        error.message
    );
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(
        my.execute("execute_query", json!({"query": "SELECT 1 AS one"})).await.unwrap()["rows"],
        json!([{"one": 1}])
    );
}

#[tokio::test]
async fn bad_credentials_and_an_unreachable_server_are_told_apart_without_the_password() {
    let Some(db) = TestDatabase::create(Server::MariaDb).await else { return };
    db.connect::<MySql>(json!({})).test_connection().await.unwrap();

    let wrong = db.connect::<MySql>(json!({"password": "Sw0rdfish-42"}));
    let error = wrong.test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidCredentials, "{error}");
    assert!(error.message.contains("Access denied"), "{}", error.message);
    assert!(!format!("{error:?}").contains("Sw0rdfish-42"));

    let missing = db.connect::<MySql>(json!({"database": "no_such_database"}));
    assert_eq!(missing.test_connection().await.unwrap_err().code, ErrorCode::InvalidCredentials);

    let closed = db.connect::<MySql>(json!({"port": 1, "connectTimeout": 0.5}));
    let error = closed.test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Connection, "{error}");
    assert!(error.message.contains("127.0.0.1:1"), "{}", error.message);

    let error = ConnectContext::new(db.credentials(json!({"connectionLimit": 0}))).connect::<MySql>().err().unwrap();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
}
