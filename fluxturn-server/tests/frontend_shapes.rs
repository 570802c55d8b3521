//! The shapes FluxTurn's React app reads from the API besides the definitions: the credentials
//! list page, catalogue items with their metadata, and error bodies with a top-level message.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn the_credentials_list_is_a_page_with_each_configurations_status() {
    let server = TestServer::start().await;
    let id = server.create_acme("http://127.0.0.1:9", "ak_1").await;
    let (status, page) = server.get("/api/v1/connectors").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!((&page["total"], &page["limit"], &page["offset"]), (&json!(1), &json!(1), &json!(0)), "{page}");
    let item = &page["connectors"][0];
    assert_eq!(item["id"], id.as_str());
    assert_eq!((&item["is_active"], &item["status"]), (&json!(true), &json!("active")));
    assert_eq!((&item["last_tested_at"], &item["test_status"]), (&json!(null), &json!(null)));
    // After "Test connection" (its upstream is a closed port): when, and that it failed.
    server.send(Method::POST, &format!("/api/v1/connectors/{id}/test"), &json!({})).await;
    let (_, page) = server.get("/api/v1/connectors").await;
    let item = &page["connectors"][0];
    assert!(item["last_tested_at"].is_string(), "{item}");
    assert_eq!(item["test_status"], "failed");
}

#[tokio::test]
async fn catalogue_items_carry_an_id_and_fluxturns_metadata() {
    let server = TestServer::start().await;
    let (status, items) = server.get("/api/v1/connectors/available").await;
    assert_eq!(status, 200);
    for item in items.as_array().unwrap() {
        assert_eq!(item["id"], item["name"], "React keys the list by id");
        assert_eq!(
            (&item["status"], &item["is_public"], &item["verified"]),
            (&json!("active"), &json!(true), &json!(true))
        );
    }
    let (status, acme) = server.get("/api/v1/connectors/available/acme").await;
    assert_eq!(status, 200);
    assert_eq!((&acme["id"], &acme["display_name"]), (&json!("acme"), &json!("Acme")));
    // The definitions themselves keep FluxTurn's closed ConnectorDefinition shape.
    let (_, definition) = server.get("/api/v1/connectors/definitions/acme").await;
    assert!(definition.get("id").is_none(), "{definition}");
}

#[tokio::test]
async fn an_error_body_has_a_top_level_message_and_status_code() {
    let server = TestServer::start().await;
    let (status, body) = server.get("/api/v1/connectors/00000000-0000-4000-8000-000000000000").await;
    assert_eq!(status, 404);
    assert_eq!(body["statusCode"], 404);
    assert!(body["message"].as_str().is_some_and(|m| m.contains("no connector configuration")), "{body}");
    assert_eq!(body["message"], body["error"]["message"], "the error object stays as it was");
    assert_eq!(body["error"]["code"], "not_found");
}

/// A server that knows its frontend's URL, and the CORS headers it answers a request from `origin`.
async fn cors_answer(server: &TestServer, method: Method, origin: &str) -> (u16, Option<String>, Option<String>) {
    let response = server
        .client
        .request(method, server.url("/api/v1/connectors"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .send()
        .await
        .unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    let (origin, credentials) = (header("access-control-allow-origin"), header("access-control-allow-credentials"));
    (response.status().as_u16(), origin, credentials)
}

#[tokio::test]
async fn the_configured_frontend_origin_passes_cors_preflights_before_the_token_check() {
    let dir = common::tempdir();
    let mut config = common::config(dir.path().join("data"));
    config.frontend_url = Some("http://localhost:5173/app".into());
    let server = TestServer::start_in(config).await;
    let (status, origin, credentials) = cors_answer(&server, Method::OPTIONS, "http://localhost:5173").await;
    assert_eq!(status, 200, "a preflight carries no token and must still pass");
    assert_eq!(origin.as_deref(), Some("http://localhost:5173"));
    assert_eq!(credentials.as_deref(), Some("true"));
    // Any other origin is not allowed (the header names only the frontend's, so the browser
    // refuses), and no origin is when no frontend URL is set.
    let (_, origin, _) = cors_answer(&server, Method::OPTIONS, "http://evil.example").await;
    assert_ne!(origin.as_deref(), Some("http://evil.example"));
    let plain = TestServer::start().await;
    let (_, origin, _) = cors_answer(&plain, Method::OPTIONS, "http://localhost:5173").await;
    assert_eq!(origin, None);
}
