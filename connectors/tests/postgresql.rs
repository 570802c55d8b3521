//! The postgresql connector against the machine's PostgreSQL (see `common/databases.rs`): every
//! action's effect on the database and its output, the new_row trigger, and the errors.

mod common;

use common::databases::{Server, TestDatabase};
use connectors::database::postgresql::PostgreSql;
use fluxturn_core::{ConnectContext, Connector, ErrorCode};
use serde_json::json;
use std::time::{Duration, Instant};

/// A test database holding `items` (id, name, price, tags, created_at), with two rows.
async fn with_items() -> Option<(TestDatabase, PostgreSql)> {
    let db = TestDatabase::create(Server::Postgres).await?;
    db.run(
        "CREATE TABLE items (
            id serial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            price numeric(10, 2),
            tags text[],
            created_at timestamptz NOT NULL DEFAULT '2024-01-01T00:00:00Z'
        );
        INSERT INTO items (name, price, tags) VALUES ('apple', 1.50, '{red,fruit}'), ('pear', 2.25, NULL);",
    )
    .await;
    let connector = db.connect::<PostgreSql>(json!({}));
    Some((db, connector))
}

#[tokio::test]
async fn execute_query_binds_parameters_by_the_types_postgres_infers() {
    let Some((db, pg)) = with_items().await else { return };
    let output = pg
        .execute(
            "execute_query",
            json!({
                "query": "SELECT id, name, price FROM items WHERE price > $1 AND created_at >= $2 AND name = ANY($3)",
                "params": ["1.00", "2023-12-31T00:00:00Z", ["apple", "pear"]],
            }),
        )
        .await
        .unwrap();
    assert_eq!(
        output,
        json!({"rowCount": 2, "rows": [
            {"id": 1, "name": "apple", "price": "1.50"},
            {"id": 2, "name": "pear", "price": "2.25"},
        ]})
    );

    let output = pg
        .execute("execute_query", json!({"query": "UPDATE items SET price = $1 WHERE id = $2", "params": "[3.5, 2]"}))
        .await
        .unwrap();
    assert_eq!(output, json!({"rowCount": 1, "rows": []}));
    assert_eq!(db.strings("SELECT price::text FROM items WHERE id = 2").await, ["3.50"]);

    let error = pg.execute("execute_query", json!({"query": "SELECT $1::int", "params": [1, 2]})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("1 parameter") && error.message.contains("2 values"), "{}", error.message);
    let error = pg.execute("execute_query", json!({"query": "SELECT $1::int", "params": ["x"]})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("invalid input syntax for type integer"), "{}", error.message);
}

#[tokio::test]
async fn rows_come_back_as_json_for_every_common_type() {
    let Some(db) = TestDatabase::create(Server::Postgres).await else { return };
    db.run("CREATE TYPE mood AS ENUM ('happy', 'sad')").await;
    let pg = db.connect::<PostgreSql>(json!({}));
    let query = "SELECT 1::int2 AS i2, 2::int4 AS i4, 9007199254740993::int8 AS i8, 0.1::float4 AS f4, 2.5::float8 AS f8,
        'NaN'::float8 AS nan, 123.4500::numeric(10,4) AS num, true AS flag, 'tekst'::text AS txt, 'ab'::char(3) AS ch,
        '{\"a\": [1, null]}'::json AS js, '{\"b\": true}'::jsonb AS jsb, '2024-02-29'::date AS d, '13:14:15.5'::time AS t,
        '2024-02-29 13:14:15.123456'::timestamp AS ts, '2024-02-29 13:14:15+02'::timestamptz AS tstz,
        '1 year 2 days 00:00:03'::interval AS iv, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id,
        '\\x0102ff'::bytea AS raw, ARRAY[[1, 2], [3, NULL]]::int[] AS matrix, ARRAY['x', NULL]::text[] AS texts,
        '192.168.0.1'::inet AS ip, '10.0.0.0/8'::cidr AS net, 'happy'::mood AS mood, B'101' AS bits,
        'infinity'::timestamptz AS forever, NULL::text AS nothing";
    let output = pg.execute("execute_query", json!({ "query": query })).await.unwrap();
    assert_eq!(
        output["rows"][0],
        json!({
            "i2": 1, "i4": 2, "i8": 9007199254740993i64, "f4": 0.1, "f8": 2.5, "nan": "NaN", "num": "123.4500",
            "flag": true, "txt": "tekst", "ch": "ab ", "js": {"a": [1, null]}, "jsb": {"b": true}, "d": "2024-02-29",
            "t": "13:14:15.5", "ts": "2024-02-29T13:14:15.123456", "tstz": "2024-02-29T11:14:15Z",
            "iv": "P1Y2DT3S", "id": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "raw": "\\x0102ff",
            "matrix": [[1, 2], [3, null]], "texts": ["x", null], "ip": "192.168.0.1", "net": "10.0.0.0/8",
            "mood": "happy", "bits": "101", "forever": "infinity", "nothing": null,
        })
    );
    let error = pg.execute("execute_query", json!({"query": "SELECT point(1, 2) AS p"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotSupported);
    assert!(error.message.contains("`p`") && error.message.contains("::text"), "{}", error.message);
}

#[tokio::test]
async fn select_rows_filters_sorts_and_pages() {
    let Some((db, pg)) = with_items().await else { return };
    db.run("INSERT INTO items (name, price) VALUES ('plum', 0.75), ('fig', NULL)").await;
    let rows = pg
        .execute(
            "select_rows",
            json!({"table": "items", "columns": "name, price", "orderBy": "price DESC, name", "limit": 2, "offset": 1}),
        )
        .await
        .unwrap();
    // NULL sorts first in descending order.
    assert_eq!(rows, json!([{"name": "pear", "price": "2.25"}, {"name": "apple", "price": "1.50"}]));

    let rows = pg
        .execute(
            "select_rows",
            json!({"schema": "public", "table": "items", "columns": "name", "where": {"price": null}}),
        )
        .await
        .unwrap();
    assert_eq!(rows, json!([{"name": "fig"}]));

    let conditions = json!([{"column": "price", "condition": "<", "value": 2}, {"column": "name", "condition": "LIKE", "value": "p%"}]);
    let rows = pg
        .execute("select_rows", json!({"table": "public.items", "columns": "name", "where": conditions}))
        .await
        .unwrap();
    assert_eq!(rows, json!([{"name": "plum"}]));

    let rows = pg
        .execute(
            "select_rows",
            json!({"table": "items", "columns": "id", "where": {"name": ["fig", "apple"]}, "orderBy": "id"}),
        )
        .await;
    assert_eq!(rows.unwrap(), json!([{"id": 1}, {"id": 4}]));
}

#[tokio::test]
async fn insert_rows_writes_every_row_and_returns_what_is_asked() {
    let Some((db, pg)) = with_items().await else { return };
    let output = pg
        .execute(
            "insert_rows",
            json!({
                "table": "items",
                "columnMappings": [{"name": "kiwi", "price": "3.10", "tags": ["green"]}, {"name": "lime"}],
                "returning": "id, name, tags",
            }),
        )
        .await
        .unwrap();
    assert_eq!(
        output,
        json!({"rowCount": 2, "rows": [{"id": 3, "name": "kiwi", "tags": ["green"]}, {"id": 4, "name": "lime", "tags": null}]})
    );
    assert_eq!(
        db.strings("SELECT name || '=' || coalesce(price::text, 'NULL') FROM items WHERE id > 2 ORDER BY id").await,
        ["kiwi=3.10", "lime=NULL"]
    );

    // Column/value pairs, and FluxTurn's template shape (parallel lists), without `returning`.
    let pairs = json!({"values": [{"column": "name", "value": "mango"}, {"column": "price", "value": 4}]});
    let output = pg.execute("insert_rows", json!({"table": "items", "columnMappings": pairs})).await.unwrap();
    assert_eq!(output, json!({"rowCount": 1, "rows": []}));
    let output = pg
        .execute("insert_rows", json!({"table": "items", "columns": ["name", "price"], "values": ["melon", 5.5]}))
        .await
        .unwrap();
    assert_eq!(output["rowCount"], 1);
    assert_eq!(
        db.strings("SELECT price::text FROM items WHERE name IN ('mango', 'melon') ORDER BY name").await,
        ["4.00", "5.50"]
    );

    let error =
        pg.execute("insert_rows", json!({"table": "items", "columnMappings": {"name": "apple"}})).await.unwrap_err();
    assert_eq!((error.code, error.status), (ErrorCode::InvalidInput, 409), "{error}");
    assert!(error.message.contains("items_name_key") && error.message.contains("already exists"), "{}", error.message);
    let error = pg.execute("insert_rows", json!({"table": "items"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn upsert_rows_updates_on_conflict_or_leaves_the_row() {
    let Some((db, pg)) = with_items().await else { return };
    let output = pg
        .execute(
            "upsert_rows",
            json!({
                "table": "items",
                "columnMappings": [{"name": "apple", "price": 9}, {"name": "cherry", "price": 4}],
                "conflictColumns": "name",
                "returning": "name, price",
            }),
        )
        .await
        .unwrap();
    assert_eq!(
        output,
        json!({"rowCount": 2, "rows": [{"name": "apple", "price": "9.00"}, {"name": "cherry", "price": "4.00"}]})
    );
    assert_eq!(
        db.strings("SELECT name || '=' || price FROM items ORDER BY name").await,
        ["apple=9.00", "cherry=4.00", "pear=2.25"]
    );

    let output = pg
        .execute(
            "upsert_rows",
            json!({"table": "items", "columnMappings": {"name": "pear", "price": 1}, "conflictColumns": ["name"], "updateOnConflict": false}),
        )
        .await
        .unwrap();
    assert_eq!(output["rowCount"], 0);
    assert_eq!(db.strings("SELECT price::text FROM items WHERE name = 'pear'").await, ["2.25"]);

    let error = pg
        .execute(
            "upsert_rows",
            json!({"table": "items", "columnMappings": {"name": "x", "price": 1}, "conflictColumns": "price"}),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
}

#[tokio::test]
async fn update_rows_changes_only_the_matching_rows() {
    let Some((db, pg)) = with_items().await else { return };
    let output = pg
        .execute(
            "update_rows",
            json!({"table": "items", "columnMappings": {"price": "7.77", "tags": ["x", "y"]}, "where": {"name": "pear"}, "returning": "*"}),
        )
        .await
        .unwrap();
    assert_eq!(output["rowCount"], 1);
    assert_eq!(output["rows"][0]["price"], "7.77");
    assert_eq!(output["rows"][0]["tags"], json!(["x", "y"]));
    assert_eq!(db.strings("SELECT name || '=' || price FROM items ORDER BY id").await, ["apple=1.50", "pear=7.77"]);

    let error = pg
        .execute("update_rows", json!({"table": "items", "columnMappings": {"price": 1}, "where": {}}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("where"), "{}", error.message);
}

#[tokio::test]
async fn delete_rows_deletes_truncates_and_drops() {
    let Some((db, pg)) = with_items().await else { return };
    let output = pg
        .execute(
            "delete_rows",
            json!({"operation": "delete_rows", "table": "items", "where": {"name": "apple"}, "returning": "name"}),
        )
        .await
        .unwrap();
    assert_eq!(output, json!({"rowCount": 1, "rows": [{"name": "apple"}]}));
    assert_eq!(db.strings("SELECT name FROM items").await, ["pear"]);

    let error = pg.execute("delete_rows", json!({"operation": "delete_rows", "table": "items"})).await.unwrap_err();
    assert!(error.code == ErrorCode::InvalidInput && error.message.contains("truncate_table"), "{error}");

    pg.execute("delete_rows", json!({"operation": "truncate_table", "table": "items"})).await.unwrap();
    assert!(db.strings("SELECT name FROM items").await.is_empty());
    pg.execute("delete_rows", json!({"operation": "drop_table", "table": "items", "cascade": true})).await.unwrap();
    assert_eq!(db.strings("SELECT count(*)::text FROM pg_tables WHERE tablename = 'items'").await, ["0"]);
}

#[tokio::test]
async fn new_row_reports_each_new_row_once_rows_inserted_together_included() {
    let Some((db, pg)) = with_items().await else { return };
    let config =
        json!({"table": "items", "triggerOn": "insert", "timestampColumn": "created_at", "columns": "id, name"});
    let first = pg.poll("new_row", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty(), "the first poll only records where the table stands");

    // Two rows in one statement share their timestamp, and with the rows already there.
    db.run("INSERT INTO items (name) VALUES ('kiwi'), ('lime')").await;
    let second = pg.poll("new_row", config.clone(), first.cursor).await.unwrap();
    assert_eq!(second.events, [json!({"id": 3, "name": "kiwi"}), json!({"id": 4, "name": "lime"})]);

    // A row changed while its timestamp is still the latest is not new.
    db.run("UPDATE items SET price = 1 WHERE name = 'lime'").await;
    let third = pg.poll("new_row", config.clone(), second.cursor).await.unwrap();
    assert!(third.events.is_empty(), "{:?}", third.events);

    db.run("INSERT INTO items (name, created_at) VALUES ('plum', '2024-06-01Z')").await;
    let fourth = pg.poll("new_row", config.clone(), third.cursor).await.unwrap();
    assert_eq!(fourth.events, [json!({"id": 5, "name": "plum"})]);
    let fifth = pg.poll("new_row", config, fourth.cursor).await.unwrap();
    assert!(fifth.events.is_empty());
}

#[tokio::test]
async fn new_row_on_an_empty_table_by_id_and_on_changes() {
    let Some(db) = TestDatabase::create(Server::Postgres).await else { return };
    db.run("CREATE TABLE events (id bigint PRIMARY KEY, note text, changed_at timestamp NOT NULL DEFAULT now())").await;
    let pg = db.connect::<PostgreSql>(json!({}));
    let by_id = json!({"table": "events", "triggerOn": "insert", "timestampColumn": "id"});
    let first = pg.poll("new_row", by_id.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    db.run("INSERT INTO events (id, note) VALUES (10, 'a'), (11, 'b')").await;
    let second = pg.poll("new_row", by_id, first.cursor).await.unwrap();
    assert_eq!(second.events.iter().map(|e| e["id"].clone()).collect::<Vec<_>>(), [json!(10), json!(11)]);
    assert!(second.events[0]["changed_at"].is_string());

    let on_change =
        json!({"table": "events", "triggerOn": "update", "timestampColumn": "changed_at", "columns": "note"});
    let first = pg.poll("new_row", on_change.clone(), None).await.unwrap();
    db.run("UPDATE events SET note = 'c', changed_at = changed_at + interval '1 hour' WHERE id = 10").await;
    let second = pg.poll("new_row", on_change.clone(), first.cursor).await.unwrap();
    assert_eq!(second.events, [json!({"note": "c"})]);
    // Changed again within the same tick of the column: a change all the same.
    db.run("UPDATE events SET note = 'd' WHERE id = 10").await;
    let third = pg.poll("new_row", on_change, second.cursor).await.unwrap();
    assert_eq!(third.events, [json!({"note": "d"})]);

    let error =
        pg.poll("new_row", json!({"table": "events", "triggerOn": "insert", "timestampColumn": "nope"}), None).await;
    assert_eq!(error.unwrap_err().code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_bad_identifier_is_refused_before_anything_runs() {
    let Some((db, pg)) = with_items().await else { return };
    let error = pg.execute("select_rows", json!({"table": "items; DROP TABLE items"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`items; DROP TABLE items`"), "{}", error.message);
    let error = pg.execute("select_rows", json!({"table": "items", "columns": "name, (SELECT 1)"})).await.unwrap_err();
    assert!(error.message.contains("`(SELECT 1)`"), "{}", error.message);
    let error = pg.execute("select_rows", json!({"table": "items", "where": {"id\" OR 1=1 --": 1}})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    let error = pg.execute("select_rows", json!({"table": "items", "orderBy": "name; DELETE"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(db.strings("SELECT count(*)::text FROM items").await, ["2"]);
}

#[tokio::test]
async fn upstream_errors_keep_the_servers_message() {
    let Some((_db, pg)) = with_items().await else { return };
    let error = pg.execute("select_rows", json!({"table": "no_such_table"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("relation \"public.no_such_table\" does not exist"), "{}", error.message);
    assert_eq!(error.details["sqlstate"], "42P01");
    let error = pg.execute("execute_query", json!({"query": "SELEC 1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("syntax error"), "{}", error.message);
    let error = pg.execute("select_rows", json!({"table": "items", "columns": "nope"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_statement_past_the_query_timeout_is_cancelled() {
    let Some(db) = TestDatabase::create(Server::Postgres).await else { return };
    let pg = db.connect::<PostgreSql>(json!({"queryTimeout": 0.5}));
    let started = Instant::now();
    let error = pg.execute("execute_query", json!({"query": "SELECT pg_sleep(5)"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Timeout, "{error}");
    assert!(error.message.contains("statement timeout") && error.message.contains("0.5 s"), "{}", error.message);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    // The connection is fine afterwards.
    assert_eq!(
        pg.execute("execute_query", json!({"query": "SELECT 1 AS one"})).await.unwrap()["rows"],
        json!([{"one": 1}])
    );
}

#[tokio::test]
async fn bad_credentials_and_an_unreachable_server_are_told_apart_without_the_password() {
    let Some(db) = TestDatabase::create(Server::Postgres).await else { return };
    let pg = db.connect::<PostgreSql>(json!({}));
    pg.test_connection().await.unwrap();

    let stranger = db.connect::<PostgreSql>(json!({"user": "no_such_user", "password": "Sw0rdfish-42"}));
    let error = stranger.test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidCredentials, "{error}");
    assert!(error.message.contains("no_such_user"), "{}", error.message);
    assert!(!format!("{error:?}").contains("Sw0rdfish-42"));

    let missing = db.connect::<PostgreSql>(json!({"database": "no_such_database"}));
    assert_eq!(missing.test_connection().await.unwrap_err().code, ErrorCode::InvalidCredentials);

    let closed = db.connect::<PostgreSql>(json!({"port": 1, "connectTimeout": 0.5, "password": "Sw0rdfish-42"}));
    let error = closed.test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Connection, "{error}");
    assert!(error.message.contains("127.0.0.1:1"), "{}", error.message);
    assert!(!format!("{error:?}").contains("Sw0rdfish-42"));

    let error = ConnectContext::new(db.credentials(json!({"queryTimeout": 0}))).connect::<PostgreSql>().err().unwrap();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    let error = ConnectContext::new(db.credentials(json!({"host": ""}))).connect::<PostgreSql>().err().unwrap();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
}
