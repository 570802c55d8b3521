//! The HTTP API in-process on 127.0.0.1: what a frontend or a script sees.

mod common;

use common::{TestServer, TOKEN};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_definitions_response_equals_fluxturn_export() {
    let server = TestServer::start().await;
    let response = server.client.get(server.url("/api/v1/connectors/definitions")).send().await.unwrap();
    assert_eq!(response.status(), 200, "the catalogue is public");
    let served: Value = response.json().await.unwrap();
    let exported: Value =
        serde_json::from_str(&fluxturn_server::export::export_json(connectors::registry()).unwrap()).unwrap();
    assert_eq!(served, exported);
    // `available` serves the same definitions, each with FluxTurn's catalogue metadata added.
    let (_, mut available) = server.get("/api/v1/connectors/available").await;
    for item in available.as_array_mut().unwrap() {
        for key in ["id", "status", "is_public", "verified"] {
            item.as_object_mut().unwrap().remove(key).unwrap_or_else(|| panic!("no `{key}`"));
        }
    }
    assert_eq!(available, exported);
}

#[tokio::test]
async fn definitions_support_etag_and_gzip() {
    let server = TestServer::start().await;
    let first = server.client.get(server.url("/api/v1/connectors/definitions")).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = server
        .client
        .get(server.url("/api/v1/connectors/definitions"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    let gzipped = server
        .client
        .get(server.url("/api/v1/connectors/definitions"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn one_definition_its_actions_triggers_and_icon() {
    let server = TestServer::start().await;
    for prefix in ["/api/v1/connectors/definitions", "/api/v1/connectors/available"] {
        let (status, acme) = server.get(&format!("{prefix}/acme")).await;
        assert_eq!((status, acme["name"].as_str()), (200, Some("acme")));
        let (_, actions) = server.get(&format!("{prefix}/acme/actions")).await;
        assert_eq!(actions[0]["id"], "send_message");
        let (_, triggers) = server.get(&format!("{prefix}/acme/triggers")).await;
        assert_eq!(triggers, json!([]));
        let icon = server.client.get(server.url(&format!("{prefix}/acme/icon"))).send().await.unwrap();
        assert_eq!(icon.headers()["content-type"], "image/svg+xml");
        assert!(icon.text().await.unwrap().contains("<svg"));
        let (status, error) = server.get(&format!("{prefix}/nope")).await;
        assert_eq!(status, 404);
        assert!(error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown connector type `nope`; known types: acme"));
    }
}

#[tokio::test]
async fn protected_routes_need_the_token() {
    let server = TestServer::start().await;
    for (verb, route) in [
        (Method::GET, "/api/v1/connectors"),
        (Method::POST, "/api/v1/connectors"),
        (Method::GET, "/api/v1/connectors/x"),
        (Method::PUT, "/api/v1/connectors/x"),
        (Method::DELETE, "/api/v1/connectors/x"),
        (Method::POST, "/api/v1/connectors/x/test"),
        (Method::POST, "/api/v1/connectors/x/execute"),
    ] {
        let response = server.client.request(verb.clone(), server.url(route)).json(&json!({})).send().await.unwrap();
        assert_eq!(response.status(), 401, "{verb} {route} without a token");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let wrong = server.client.request(verb.clone(), server.url(route)).bearer_auth("wrong").send().await.unwrap();
        assert_eq!(wrong.status(), 401, "{verb} {route} with a wrong token");
    }
    assert_eq!(server.client.get(server.url("/healthz")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn wrong_types_missing_fields_and_oversized_bodies_get_4xx_with_field_messages() {
    let server = TestServer::start().await;
    let cases = [
        (json!({"connector_type": "acme", "name": 5}), "name", "invalid type: integer `5`, expected a string"),
        (json!({"name": "x"}), "connector_type", "missing field `connector_type`"),
        (
            json!({"connector_type": "acme", "name": "x", "credentails": {}}),
            "credentails",
            "unknown field `credentails`",
        ),
        (
            json!({"connector_type": "acme", "name": "x", "credentials": {}}),
            "credentials.apiKey",
            "missing required credential field `apiKey`",
        ),
        (
            json!({"connector_type": "acme", "name": "x", "credentials": {"apiKey": "k", "extra": 1}}),
            "credentials.extra",
            "unknown credential `extra`",
        ),
        (
            json!({"connector_type": "acme", "name": "x", "credentials": {"apiKey": "k"}, "config": {"base_url": "ftp://x"}}),
            "config.base_url",
            "absolute http(s) URL",
        ),
    ];
    for (body, field, message) in cases {
        let (status, error) = server.post("/api/v1/connectors", &body).await;
        assert_eq!(status, 422, "{body} -> {error}");
        let errors = &error["error"]["details"]["errors"];
        assert_eq!(errors[0]["field"], field, "{error}");
        assert!(errors[0]["message"].as_str().unwrap().contains(message), "{error}");
    }
    let not_json =
        server.client.post(server.url("/api/v1/connectors")).bearer_auth(TOKEN).body("{oops").send().await.unwrap();
    assert_eq!(not_json.status(), 400);
    let huge = json!({"connector_type": "acme", "name": "x".repeat(2 * 1024 * 1024)});
    let (status, error) = server.post("/api/v1/connectors", &huge).await;
    assert_eq!(status, 413, "{error}");
    assert_eq!(error["error"]["code"], "body_too_large");
    let (status, _) = server.post("/api/v1/connectors", &json!({"connector_type": "nope", "name": "x"})).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn execute_validates_input_against_the_json_schema_before_connector_code_runs() {
    let server = TestServer::start().await;
    let upstream = MockServer::start().await;
    let id = server.create_acme(&upstream.uri(), "ak_live_987654").await;
    let (status, error) = server
        .post(
            &format!("/api/v1/connectors/{id}/execute"),
            &json!({"action": "send_message", "parameters": {"channel": 7}}),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    let errors = error["error"]["details"]["errors"].as_array().unwrap();
    let fields: Vec<&str> = errors.iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"channel") && fields.contains(&"text"), "{error}");
    let (status, error) = server
        .post(
            &format!("/api/v1/connectors/{id}/execute"),
            &json!({"action": "send_message", "parameters": {"channel": "c", "text": "t", "bogus": 1}}),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert!(upstream.received_requests().await.unwrap().is_empty(), "nothing reached the upstream");
    let (status, error) = server
        .post(&format!("/api/v1/connectors/{id}/execute"), &json!({"action": "send_fax", "parameters": {}}))
        .await;
    assert_eq!(status, 404);
    assert!(error["error"]["message"].as_str().unwrap().contains("valid actions: send_message"));
    let (status, _) = server.post("/api/v1/connectors/no-such-id/execute", &json!({"action": "send_message"})).await;
    assert_eq!(status, 404);
    let (status, error) = server.post(&format!("/api/v1/connectors/{id}/execute"), &json!({"parameters": {}})).await;
    assert_eq!((status, error["error"]["details"]["errors"][0]["field"].as_str()), (422, Some("action")));
}

#[tokio::test]
async fn execute_accepts_input_as_an_alias_and_maps_upstream_failures() {
    let server = TestServer::start().await;
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(header("authorization", "Bearer ak_live_987654"))
        .and(body_json(json!({"channel": "general", "text": "hi"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "m1", "channel": "general", "text": "hi"})))
        .mount(&upstream)
        .await;
    let id = server.create_acme(&upstream.uri(), "ak_live_987654").await;
    let (status, output) = server
        .post(
            &format!("/api/v1/connectors/{id}/execute"),
            &json!({"action": "send_message", "input": {"channel": "general", "text": "hi"}}),
        )
        .await;
    assert_eq!(status, 200, "{output}");
    assert_eq!(output, json!({"success": true, "data": {"id": "m1", "channel": "general", "text": "hi"}}));

    let rejecting = MockServer::start().await;
    Mock::given(path("/messages"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "bad key ak_live_000111"})))
        .mount(&rejecting)
        .await;
    let bad = server.create_acme(&rejecting.uri(), "ak_live_000111").await;
    let (status, error) = server
        .post(
            &format!("/api/v1/connectors/{bad}/execute"),
            &json!({"action": "send_message", "parameters": {"channel": "g", "text": "t"}}),
        )
        .await;
    assert_eq!(status, 424, "{error}");
    assert_eq!(error["error"]["code"], "unauthorized");
    assert_eq!(error["error"]["details"]["upstream_status"], 401);
    assert!(!error.to_string().contains("ak_live_000111"), "the key leaked: {error}");
}

#[tokio::test]
async fn test_connection_records_its_outcome() {
    let server = TestServer::start().await;
    let upstream = MockServer::start().await;
    Mock::given(path("/me"))
        .and(header("authorization", "Bearer ak_good_1234"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&upstream)
        .await;
    Mock::given(path("/me")).respond_with(ResponseTemplate::new(401)).mount(&upstream).await;
    let good = server.create_acme(&upstream.uri(), "ak_good_1234").await;
    let (status, outcome) = server.post(&format!("/api/v1/connectors/{good}/test"), &json!({})).await;
    assert_eq!((status, &outcome["success"]), (200, &json!(true)), "{outcome}");
    let (_, stored) = server.get(&format!("/api/v1/connectors/{good}")).await;
    assert_eq!(stored["last_test"]["success"], true);
    assert_eq!(stored["last_test"]["tested_at"], outcome["tested_at"]);
    let bad = server.create_acme(&upstream.uri(), "ak_bad_5678").await;
    let (status, outcome) = server.post(&format!("/api/v1/connectors/{bad}/test"), &json!({})).await;
    assert_eq!((status, &outcome["success"]), (200, &json!(false)), "{outcome}");
    assert_eq!(outcome["error"]["code"], "unauthorized");
    let (_, stored) = server.get(&format!("/api/v1/connectors/{bad}")).await;
    assert_eq!(stored["last_test"]["success"], false);
}

#[tokio::test]
async fn credentials_are_masked_kept_on_masked_update_and_unreadable_in_the_database() {
    let server = TestServer::start().await;
    let secret = "ak_plaintext_must_not_appear_42";
    let id = server.create_acme("http://127.0.0.1:9", secret).await;
    let (_, shown) = server.get(&format!("/api/v1/connectors/{id}")).await;
    assert_eq!(shown["credentials"]["apiKey"], "********");
    let (_, list) = server.get("/api/v1/connectors").await;
    assert!(!list.to_string().contains(secret));
    // The frontend sends the masked value back with a new name: the secret must survive.
    let (status, updated) = server
        .send(
            Method::PUT,
            &format!("/api/v1/connectors/{id}"),
            &json!({"name": "Renamed", "credentials": {"apiKey": "********"}}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    let stored = fluxturn_server::storage::configs::get(&server.state.pool, &id).await.unwrap().unwrap();
    let credentials = fluxturn_server::configs::decrypt(&server.state.cipher, &stored).unwrap();
    assert_eq!(credentials["apiKey"], secret);
    assert_eq!(updated["name"], "Renamed");
    // Nothing under the data directory (database, WAL, key file) holds the plaintext: neither
    // while the database is open (WAL present) nor after it is closed (checkpointed).
    let scan = |dir: &std::path::Path| {
        let mut scanned = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            // The WAL and shared-memory files may vanish while the pool closes.
            let Ok(bytes) = std::fs::read(entry.unwrap().path()) else { continue };
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "plaintext credential found on disk");
            scanned += 1;
        }
        scanned
    };
    let stored: Vec<u8> = sqlx::query_scalar("SELECT credentials FROM connector_configs WHERE id = $1")
        .bind(&id)
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert!(!stored.windows(secret.len()).any(|w| w == secret.as_bytes()), "plaintext credential in the database");
    // On PostgreSQL the data directory holds only the key file.
    let files = if common::postgres_server().is_some() { 1 } else { 2 };
    assert!(scan(&server.data_dir) >= files, "the database and the key file were scanned");
    server.state.pool.close().await;
    assert!(scan(&server.data_dir) >= files);
}

#[tokio::test]
async fn update_and_delete() {
    let server = TestServer::start().await;
    let id = server.create_acme("http://127.0.0.1:9", "ak_one_1111").await;
    let (status, error) =
        server.send(Method::PUT, &format!("/api/v1/connectors/{id}"), &json!({"credentials": {"apiKey": ""}})).await;
    assert_eq!(status, 422, "{error}");
    let (status, _) = server
        .send(Method::PUT, &format!("/api/v1/connectors/{id}"), &json!({"config": {"base_url": "http://127.0.0.1:10"}}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = server.send(Method::DELETE, &format!("/api/v1/connectors/{id}"), &json!(null)).await;
    assert_eq!(status, 204);
    let (status, _) = server.get(&format!("/api/v1/connectors/{id}")).await;
    assert_eq!(status, 404);
    let (status, _) = server.send(Method::DELETE, &format!("/api/v1/connectors/{id}"), &json!(null)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_credential_the_key_cannot_decrypt_is_a_loud_error_not_an_empty_one() {
    let dir = common::tempdir();
    let mut config = common::config(dir.path().join("data"));
    config.encryption_key = Some("11".repeat(32));
    let id = {
        let server = TestServer::start_in(config.clone()).await;
        server.create_acme("http://127.0.0.1:9", "ak_rotate_me_1").await
    };
    config.encryption_key = Some("22".repeat(32));
    let started = fluxturn_server::app::start(&config, connectors::registry()).await.unwrap();
    assert_eq!(started.undecryptable, 1, "start-up counts what the new key cannot read");
    let server = TestServer::start_in(config.clone()).await;
    let (status, error) = server
        .post(
            &format!("/api/v1/connectors/{id}/execute"),
            &json!({"action": "send_message", "parameters": {"channel": "c", "text": "t"}}),
        )
        .await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "credentials_unreadable");
    assert!(error["error"]["message"].as_str().unwrap().contains("FLUXTURN_ENCRYPTION_KEY"));
    let validation = fluxturn_server::validate::run(&config, connectors::registry()).await.unwrap();
    assert_eq!(validation.problems.len(), 1, "{:?}", validation.problems);
}

#[tokio::test]
async fn the_openapi_document_is_valid_openapi_3_1_and_covers_every_route() {
    let server = TestServer::start().await;
    let (status, document) = server.get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let metaschema: Value = serde_json::from_str(include_str!("fixtures/openapi-3.1-schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&metaschema).unwrap();
    assert!(
        !validator.is_valid(&json!({"openapi": "3.0.3", "paths": {}})),
        "the metaschema must reject a non-3.1 document"
    );
    let errors: Vec<String> =
        validator.iter_errors(&document).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "not valid OpenAPI 3.1: {errors:#?}");
    // Every documented operation is routed (none falls through to the 404 fallback).
    for (route, operations) in document["paths"].as_object().unwrap() {
        for verb in operations.as_object().unwrap().keys().filter(|k| *k != "parameters") {
            let url = server.url(&route.replace("{connector_type}", "acme").replace("{id}", "x"));
            let response = server
                .client
                .request(verb.to_uppercase().parse().unwrap(), url)
                .bearer_auth(TOKEN)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let fell_through = body["error"]["message"].as_str().is_some_and(|m| m.starts_with("no route"));
            assert!(!fell_through, "{verb} {route} is documented but not routed");
        }
    }
    let count = document["paths"].as_object().unwrap().len();
    assert_eq!(count, 48, "every route is documented");
}

#[cfg(unix)]
#[tokio::test]
async fn the_generated_key_and_token_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::tempdir();
    let mut config = common::config(dir.path().join("data"));
    config.api_token = None;
    fluxturn_server::app::start(&config, connectors::registry()).await.unwrap();
    for file in ["encryption.key", "api-token"] {
        let mode = std::fs::metadata(config.data_dir.join(file)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} is readable by others");
    }
}
